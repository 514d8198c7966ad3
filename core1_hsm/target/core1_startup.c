/*
 * core1_startup.c - vector table and reset handler of the core1_hsm image (CPU1 of
 * mps2-an521). Faults end QEMU with MPS2_EXIT_FAULT_CORE1 and a message naming core 1.
 */
#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_rt.h"

extern uint32_t __stack_top__[];

void Reset_Handler(void);
void Core1_HardFault(void);
void Core1_OtherFault(void);
void Core1_Unexpected(void);
void Core1_SysTick(void);

void Reset_Handler(void)
{
    mps2_ZeroBss();
    mps2_Exit(core1_Main());
}

void Core1_HardFault(void)
{
    mps2_FaultReport("HardFault", MPS2_EXIT_FAULT_CORE1);
}

void Core1_OtherFault(void)
{
    mps2_FaultReport("MemManage/BusFault/UsageFault/SecureFault", MPS2_EXIT_FAULT_CORE1);
}

void Core1_Unexpected(void)
{
    mps2_FaultReport("unexpected exception or IRQ", MPS2_EXIT_FAULT_CORE1);
}

void Core1_SysTick(void)
{
    mps2_TickIsr();
}

/* Entries left 0 (reserved slots, IRQs this core does not own): taking one faults into
 * HardFault, which reports it. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core1Vectors[MPS2_VECTOR_COUNT] = {
    [0]                      = {.stack = __stack_top__},
    [1]                      = {.handler = Reset_Handler},
    [2]                      = {.handler = Core1_Unexpected}, /* NMI */
    [3]                      = {.handler = Core1_HardFault},
    [4]                      = {.handler = Core1_OtherFault},
    [5]                      = {.handler = Core1_OtherFault},
    [6]                      = {.handler = Core1_OtherFault},
    [7]                      = {.handler = Core1_OtherFault},
    [11]                     = {.handler = Core1_Unexpected}, /* SVCall */
    [12]                     = {.handler = Core1_Unexpected}, /* DebugMonitor */
    [14]                     = {.handler = Core1_Unexpected}, /* PendSV */
    [15]                     = {.handler = Core1_SysTick},
    [16 + MPS2_IRQ_MHU0]     = {.handler = Core1_MhuIrq},
};
