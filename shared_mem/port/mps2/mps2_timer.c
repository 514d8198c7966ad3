/*
 * port/mps2/mps2_timer.c - SysTick milliseconds and the CMSDK tick timer (see mps2_timer.h).
 */
#include "port/mps2/mps2_timer.h"

#include "port/mps2/mps2_board.h"

static volatile uint32_t millis;

/* Ticks come from a CMSDK timer of this core's own (TIMER0 for CPU0, TIMER1 for CPU1), free
 * running down from 0xFFFFFFFF: one register read, no interrupt involved. Counting them from
 * SysTick's reload value plus `millis` was off by a whole millisecond whenever QEMU reloaded
 * the counter before it delivered the interrupt (seen under icount). */
#define TIMER_CTRL 0x00u
#define TIMER_VALUE 0x04u
#define TIMER_RELOAD 0x08u
#define TIMER_ENABLE 0x1u

static uintptr_t tickTimer;

static void tickTimerInit(uintptr_t base)
{
    tickTimer                          = base;
    MPS2_REG(tickTimer + TIMER_CTRL)   = 0u;
    MPS2_REG(tickTimer + TIMER_RELOAD) = 0xFFFFFFFFu;
    MPS2_REG(tickTimer + TIMER_VALUE)  = 0xFFFFFFFFu;
    MPS2_REG(tickTimer + TIMER_CTRL)   = TIMER_ENABLE;
}

uint32_t mps2Timer_Ticks(void)
{
    return 0xFFFFFFFFu - MPS2_REG(tickTimer + TIMER_VALUE);
}

void mps2Timer_Init(uintptr_t tickTimerBase)
{
    tickTimerInit(tickTimerBase);
    MPS2_SYST_RVR = (MPS2_MAINCLK_HZ / 1000u) - 1u;
    MPS2_SYST_CVR = 0u;
    MPS2_SYST_CSR = 0x7u; /* processor clock, interrupt, enable */
}

void mps2Timer_Isr(void)
{
    millis = millis + 1u;
}

uint32_t mps2Timer_Millis(void)
{
    return millis;
}
