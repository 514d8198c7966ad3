/*
 * port/mps2/mps2_rt.c - .bss zeroing and interrupt lines (see mps2_rt.h).
 */
#include "port/mps2/mps2_rt.h"

#include "port/mps2/mps2_board.h"

extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];

void mps2Rt_ZeroBss(void)
{
    volatile uint32_t* p = __bss_start__;

    while (p < __bss_end__) {
        *p++ = 0u;
    }
}

void mps2Rt_IrqEnable(uint32_t irq)
{
    MPS2_NVIC_ISER0 = 1u << (irq & 31u);
}
