/*
 * port/mps2/mps2_rt.c - .bss zeroing and fault reporting (see mps2_rt.h).
 */
#include "port/mps2/mps2_rt.h"

#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"

extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];

void mps2_ZeroBss(void)
{
    volatile uint32_t* p = __bss_start__;

    while (p < __bss_end__) {
        *p++ = 0u;
    }
}

void mps2_FaultReport(const char* what, int code)
{
    __asm volatile("cpsid i" ::: "memory");
    mps2_Printf("\nfault (%s): CFSR=0x%08x HFSR=0x%08x MMFAR=0x%08x BFAR=0x%08x\n", what,
                (unsigned)MPS2_REG(0xE000ED28u), (unsigned)MPS2_REG(0xE000ED2Cu),
                (unsigned)MPS2_REG(0xE000ED34u), (unsigned)MPS2_REG(0xE000ED38u));
    mps2_Fatal(what, code);
}
