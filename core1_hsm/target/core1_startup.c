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

extern uint32_t       __stack_top__[];
extern uint32_t       __stack_limit__[];
extern uint32_t       __data_start__[];
extern uint32_t       __data_end__[];
extern const uint32_t __data_load__[];

void core1_Reset(void);
void core1_HardFault(void);
void core1_OtherFault(void);
void core1_Unexpected(void);
void core1_SysTick(void);

/* The restart record, which outlives a restart (.noinit): restarts counts them; warm says the
 * reset handler was entered by core1_RestartCore, not by a reset of the machine (whose RAM
 * holds anything: a record without warm is a first boot). */
#define CORE1_WARM 0x5741524Du /* "WARM" */
static struct {
    uint32_t warm;
    uint32_t restarts;
} life __attribute__((section(".noinit")));
static uint32_t restarts; /* this life's number (0: the first boot) */

uint32_t core1_Restarts(void)
{
    return restarts;
}

void core1_Reset(void)
{
    const volatile uint32_t* from = __data_load__;
    volatile uint32_t*       to   = __data_start__;
    uint32_t                 sp;

    mps2Tz_SauRegion(0u, MPS2_SHARED_BASE, MPS2_SHARED_BASE + MPS2_SHARED_SIZE - 1u, 0);
    mps2Tz_SauRegion(1u, MPS2_HOST_RAM_BASE, MPS2_HOST_RAM_BASE + MPS2_HOST_RAM_SIZE - 1u, 0);
    /* The host's code, which it only reads: secure boot's MAC over the host image. */
    mps2Tz_SauRegion(2u, MPS2_HOST_CODE_BASE, MPS2_HOST_CODE_BASE + MPS2_HOST_CODE_SIZE - 1u, 0);
    mps2Tz_SauEnable();
    while (to < __data_end__) { /* .data's initial values, from the image */
        *to++ = *from++;
    }
    mps2Rt_ZeroBss();
    /* The stack below this frame: nothing of an earlier life's (keys in locals) stays. */
    __asm volatile("mov %0, sp" : "=r"(sp));
    for (to = __stack_limit__; (uintptr_t)to < (uintptr_t)sp - 64u; to++) {
        *to = 0u;
    }
    restarts      = (life.warm == CORE1_WARM) ? life.restarts : 0u;
    life.warm     = 0u;
    life.restarts = restarts;
    mps2Semihost_Exit(core1_Main());
}

/*
 * Restart core 1 as a reset of this core alone would, from an exception handler (its
 * watchdog's bite in SysTick): interrupts and SysTick off, every NVIC line disabled and
 * cleared, then an exception return to Thread mode at the reset handler on an empty stack.
 * The reset handler then starts the image afresh: .data and .bss initialised, the stack wiped.
 * (QEMU's SSE-200 cannot reset one core while it runs: CPUWAIT powers on only a core that is
 * off, and SYSRESETREQ resets the whole machine, core 0 too; README, "Sessions and restarts".)
 */
void core1_RestartCore(void)
{
    uint32_t* frame = __stack_top__ - 8;
    unsigned  i;

    __asm volatile("cpsid i" ::: "memory");
    MPS2_SYST_CSR         = 0u;
    MPS2_REG(0xE000E180u) = 0xFFFFFFFFu; /* NVIC_ICER0, ICER1 */
    MPS2_REG(0xE000E184u) = 0xFFFFFFFFu;
    MPS2_REG(0xE000E280u) = 0xFFFFFFFFu; /* NVIC_ICPR0, ICPR1 */
    MPS2_REG(0xE000E284u) = 0xFFFFFFFFu;
    MPS2_REG(0xE000ED04u) = (1u << 27) | (1u << 25); /* ICSR: PendSV, SysTick not pending */
    life.restarts         = restarts + 1u;
    life.warm             = CORE1_WARM;
    /* The frame the return unstacks: r0-r3, r12 zero, lr, pc (the reset handler), xPSR
     * (Thumb). */
    for (i = 0; i < 5u; i++) {
        frame[i] = 0u;
    }
    frame[5] = 0xFFFFFFFFu;
    frame[6] = (uint32_t)(uintptr_t)core1_Reset & ~1u;
    frame[7] = 1u << 24;
    /* EXC_RETURN 0xFFFFFFF9: Secure, Thread mode, main stack, no FP state. */
    __asm volatile("msr msp, %0\n\tdsb\n\tisb\n\tcpsie i\n\tbx %1"
                   :
                   : "r"(frame), "r"(0xFFFFFFF9u)
                   : "memory");
    for (;;) {
    }
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
