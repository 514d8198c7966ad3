/*
 * core0_startup.c - vector table and reset handler of the core0_host image (CPU0 of
 * mps2-an521). Faults end QEMU with MPS2_EXIT_FAULT_CORE0 and a message naming core 0.
 */
#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_rt.h"

extern uint32_t __stack_top__[];

void Reset_Handler(void);
void Core0_HardFault(void);
void Core0_OtherFault(void);
void Core0_Unexpected(void);
void Core0_SysTick(void);

void Reset_Handler(void)
{
    mps2_ZeroBss();
    mps2_Exit(core0_Main());
}

void Core0_HardFault(void)
{
    mps2_FaultReport("HardFault", MPS2_EXIT_FAULT_CORE0);
}

void Core0_OtherFault(void)
{
    mps2_FaultReport("MemManage/BusFault/UsageFault/SecureFault", MPS2_EXIT_FAULT_CORE0);
}

void Core0_Unexpected(void)
{
    mps2_FaultReport("unexpected exception or IRQ", MPS2_EXIT_FAULT_CORE0);
}

void Core0_SysTick(void)
{
    mps2_TickIsr();
}

/* Entries left 0 (reserved slots, IRQs this core does not own): taking one faults into
 * HardFault, which reports it. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core0Vectors[MPS2_VECTOR_COUNT] = {
    [0]                      = {.stack = __stack_top__},
    [1]                      = {.handler = Reset_Handler},
    [2]                      = {.handler = Core0_Unexpected}, /* NMI */
    [3]                      = {.handler = Core0_HardFault},
    [4]                      = {.handler = Core0_OtherFault},
    [5]                      = {.handler = Core0_OtherFault},
    [6]                      = {.handler = Core0_OtherFault},
    [7]                      = {.handler = Core0_OtherFault},
    [11]                     = {.handler = Core0_Unexpected}, /* SVCall */
    [12]                     = {.handler = Core0_Unexpected}, /* DebugMonitor */
    [14]                     = {.handler = Core0_Unexpected}, /* PendSV */
    [15]                     = {.handler = Core0_SysTick},
    [16 + MPS2_IRQ_MHU1]     = {.handler = Core0_MhuIrq},
};
