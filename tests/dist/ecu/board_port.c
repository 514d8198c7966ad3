/*
 * board_port.c - the port functions the stack's libraries call (PORTING.md), for the example
 * ECU board: doorbell hooks (WOLFHSM_CFG_DOORBELL_HOOKS), the DRBG seed, the SHE's debugger
 * input and time. Linked into both images (the HSM's flash driver: ecu_flash.c).
 */
#include <string.h>

#include "ecu_board.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_she.h"

#define SYST_CVR (*(volatile uint32_t*)0xE000E018u) /* SysTick current value */
#define DHCSR (*(volatile uint32_t*)0xE000EDF0u)    /* Debug Halting Control and Status */

int     wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);
uint8_t wh_Board_SheDebugger(void);
void    SysTick_Handler(void);

__attribute__((section(".shared"))) ecuShared ecu_Shared;

static volatile uint32_t millis;

void SysTick_Handler(void)
{
    millis++;
}

uint32_t ecuBoard_Millis(void)
{
    return millis;
}

void ecuDoorbell_Ring(void* context)
{
    (void)__atomic_fetch_add((_Atomic uint32_t*)context, 1u, __ATOMIC_RELEASE);
    __asm volatile("dsb\n\tsev" ::: "memory");
}

uint32_t ecuDoorbell_Snapshot(void* context)
{
    return __atomic_load_n((_Atomic uint32_t*)context, __ATOMIC_ACQUIRE);
}

int ecuDoorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    const uint32_t t0 = ecuBoard_Millis();

    while (ecuDoorbell_Snapshot(context) == snapshot) {
        if ((timeoutMs != 0u) && ((ecuBoard_Millis() - t0) >= timeoutMs)) {
            return WH_ERROR_TIMEOUT;
        }
        __asm volatile("wfe" ::: "memory"); /* a ring's SEV or the SysTick wakes it */
    }
    return WH_ERROR_OK;
}

/* The build binds the doorbells to these hooks (WOLFHSM_CFG_DOORBELL_HOOKS). */
void wh_Board_DoorbellRing(void* context)
{
    ecuDoorbell_Ring(context);
}

uint32_t wh_Board_DoorbellSnapshot(void* context)
{
    return ecuDoorbell_Snapshot(context);
}

int wh_Board_DoorbellWait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    return ecuDoorbell_Wait(context, snapshot, timeoutMs);
}

uint32_t wh_Board_DoorbellTake(void* context)
{
    (void)context;
    return 0u; /* these doorbells cannot tell their ringers apart (ECU_DOORBELL_CB's take) */
}

/* NOT SECURE: a stand-in for the part's TRNG, which a real board reads here (with its health
 * tests) before the HSM makes any key. */
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz)
{
    static uint32_t x = 0x9E3779B9u;
    unsigned int    i;

    for (i = 0; i < sz; i++) {
        x ^= (x << 13) ^ SYST_CVR;
        x ^= x >> 17;
        x ^= x << 5;
        output[i] = (unsigned char)(x >> 24);
    }
    return 0;
}

/* The SHE's debugger input: a halting debugger is enabled (DHCSR.C_DEBUGEN). */
uint8_t wh_Board_SheDebugger(void)
{
    return ((DHCSR & 1u) != 0u) ? (uint8_t)WH_SHE_SREG_EXT_DEBUGGER : 0u;
}
