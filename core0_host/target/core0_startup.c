/*
 * core0_startup.c - vector table and reset entry of the core0_host images (CPU0 of
 * mps2-an521, Non-secure): the Secure boot stage (boot/core0_boot.c) sets VTOR_NS to this
 * table and calls its reset entry with the boot flags. Faults are not handled here: HardFault
 * and BusFault are Secure, and MemManage and UsageFault, left off, escalate to the Secure
 * HardFault, so the boot stage reports every fault of the host (boot/core0_fault.c) and ends
 * QEMU with MPS2_EXIT_FAULT_CORE0. What is left, an unexpected exception, is reported here
 * with the same exit code.
 */
#include "core0_target.h"
#include "port/mps2/mps2_board.h"

#ifndef CORE0_IMAGE_NAME
#define CORE0_IMAGE_NAME "core0 host image"
#endif
#include "port/mps2/mps2_fault.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"

extern uint32_t       __stack_top__[];
extern uint32_t       __data_start__[];
extern uint32_t       __data_end__[];
extern const uint32_t __data_load__[];
extern const uint8_t  __host_image_end[];

void core0_Reset(uint32_t bootFlags);
void core0_Unexpected(void);
void core0_SysTick(void);

static uint32_t bootFlags;

/* The image header secure boot reads (mps2_board.h; core0.ld puts it after the vectors):
 * the image's end comes from the linker. */
_Static_assert(MPS2_HOST_IMAGE_HEADER == MPS2_HOST_CODE_BASE + 4u * MPS2_VECTOR_COUNT,
               "the image header follows the vector table");
__attribute__((section(".image_header"), used)) const mps2HostImageHeader core0_ImageHeader = {
    .magic = MPS2_HOST_IMAGE_MAGIC,
    .end   = (uint32_t)(uintptr_t)__host_image_end,
    .name  = CORE0_IMAGE_NAME,
};

void core0_Reset(uint32_t flags)
{
    const volatile uint32_t* from = __data_load__;
    volatile uint32_t*       to   = __data_start__;

    while (to < __data_end__) { /* .data's initial values, from the image */
        *to++ = *from++;
    }
    mps2Rt_ZeroBss();
    bootFlags = flags;
    mps2Semihost_Exit(core0_Main());
}

uint32_t core0_BootFlags(void)
{
    return bootFlags;
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

/* Entries 2-7 (NMI and the faults) are the Secure boot stage's; entries left 0 (reserved
 * slots, IRQs this core does not own): taking one faults into the Secure HardFault, which
 * reports it. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core0_Vectors[MPS2_VECTOR_COUNT] = {
    [0] = {.stack = __stack_top__},       [1] = {.entry = core0_Reset},
    [11] = {.handler = core0_Unexpected}, /* SVCall */
    [12] = {.handler = core0_Unexpected}, /* DebugMonitor */
    [14] = {.handler = core0_Unexpected}, /* PendSV */
    [15] = {.handler = core0_SysTick},    [16 + MPS2_IRQ_MHU1] = {.handler = core0_MhuIrq},
};
