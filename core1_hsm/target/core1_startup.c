/*
 * core1_startup.c - vector table and reset handler of the core1_hsm image (CPU1 of
 * mps2-an521, Secure). Faults end QEMU with MPS2_EXIT_FAULT_CORE1 and a message naming core 1.
 *
 * Before anything else the reset handler sets this core's SAU (port/mps2/mps2_tz.h): the
 * shared SRAM, host RAM and the host's code, at their Non-secure aliases, are the Non-secure
 * windows (the code only for secure boot, core1_hsm.c, which reads it), so the
 * HSM's accesses there are Non-secure transactions (their MPCs admit only those) and every
 * other access it makes is Secure: refused by the MPC on any other host memory. Host RAM it
 * touches only for requests by address, inside the host windows its server contexts check
 * (core1_hsm.c). Its own code, RAM and peripherals (UART1, TIMER1, the MHUs) it reaches
 * through their Secure aliases.
 */
#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_fault.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_tz.h"
#include "port/mps2/mps2_watchdog.h"

extern uint32_t __stack_top__[];

void core1_Reset(void);
void core1_HardFault(void);
void core1_OtherFault(void);
void core1_Unexpected(void);
void core1_SysTick(void);

void core1_Reset(void)
{
    mps2Tz_SauRegion(0u, MPS2_SHARED_BASE, MPS2_SHARED_BASE + MPS2_SHARED_SIZE - 1u, 0);
    mps2Tz_SauRegion(1u, MPS2_HOST_RAM_BASE, MPS2_HOST_RAM_BASE + MPS2_HOST_RAM_SIZE - 1u, 0);
    /* The host's code, which it only reads: secure boot's MAC over the host image. */
    mps2Tz_SauRegion(2u, MPS2_HOST_CODE_BASE, MPS2_HOST_CODE_BASE + MPS2_HOST_CODE_SIZE - 1u, 0);
    mps2Tz_SauEnable();
    mps2Rt_ZeroBss();
    mps2Semihost_Exit(core1_Main());
}

void core1_HardFault(void)
{
    mps2Fault_Report("HardFault", MPS2_EXIT_FAULT_CORE1);
}

void core1_OtherFault(void)
{
    mps2Fault_Report("MemManage/BusFault/UsageFault/SecureFault", MPS2_EXIT_FAULT_CORE1);
}

void core1_Unexpected(void)
{
    mps2Fault_Report("unexpected exception or IRQ", MPS2_EXIT_FAULT_CORE1);
}

void core1_SysTick(void)
{
    mps2Timer_Isr();
    mps2Watchdog_Check();
}

/* Entries left 0 (reserved slots, IRQs this core does not own): taking one faults into
 * HardFault, which reports it. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core1_Vectors[MPS2_VECTOR_COUNT] = {
    [0] = {.stack = __stack_top__},       [1] = {.handler = core1_Reset},
    [2] = {.handler = core1_Unexpected}, /* NMI */
    [3] = {.handler = core1_HardFault},   [4] = {.handler = core1_OtherFault},
    [5] = {.handler = core1_OtherFault},  [6] = {.handler = core1_OtherFault},
    [7] = {.handler = core1_OtherFault},  [11] = {.handler = core1_Unexpected}, /* SVCall */
    [12] = {.handler = core1_Unexpected},                                       /* DebugMonitor */
    [14] = {.handler = core1_Unexpected},                                       /* PendSV */
    [15] = {.handler = core1_SysTick},    [16 + MPS2_IRQ_MHU0] = {.handler = core1_MhuIrq},
};
