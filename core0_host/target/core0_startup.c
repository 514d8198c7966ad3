/*
 * core0_startup.c - vector table and reset handler of the core0_host image (CPU0 of
 * mps2-an521). Faults end QEMU with MPS2_EXIT_FAULT_CORE0 and a message naming core 0.
 */
#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_fault.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"

extern uint32_t __stack_top__[];

void core0_Reset(void);
void core0_HardFault(void);
void core0_OtherFault(void);
void core0_Unexpected(void);
void core0_SysTick(void);

void core0_Reset(void)
{
    mps2Rt_ZeroBss();
    mps2Semihost_Exit(core0_Main());
}

void core0_HardFault(void)
{
    mps2Fault_Report("HardFault", MPS2_EXIT_FAULT_CORE0);
}

void core0_OtherFault(void)
{
    mps2Fault_Report("MemManage/BusFault/UsageFault/SecureFault", MPS2_EXIT_FAULT_CORE0);
}

void core0_Unexpected(void)
{
    mps2Fault_Report("unexpected exception or IRQ", MPS2_EXIT_FAULT_CORE0);
}

void core0_SysTick(void)
{
    mps2Timer_Isr();
    mps2Watchdog_Check();
}

/* Entries left 0 (reserved slots, IRQs this core does not own): taking one faults into
 * HardFault, which reports it. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core0_Vectors[MPS2_VECTOR_COUNT] = {
    [0] = {.stack = __stack_top__},       [1] = {.handler = core0_Reset},
    [2] = {.handler = core0_Unexpected}, /* NMI */
    [3] = {.handler = core0_HardFault},   [4] = {.handler = core0_OtherFault},
    [5] = {.handler = core0_OtherFault},  [6] = {.handler = core0_OtherFault},
    [7] = {.handler = core0_OtherFault},  [11] = {.handler = core0_Unexpected}, /* SVCall */
    [12] = {.handler = core0_Unexpected},                                       /* DebugMonitor */
    [14] = {.handler = core0_Unexpected},                                       /* PendSV */
    [15] = {.handler = core0_SysTick},    [16 + MPS2_IRQ_MHU1] = {.handler = core0_MhuIrq},
};
