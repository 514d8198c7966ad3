/*
 * port/mps2/mps2_rt.c - .bss zeroing and fault reporting (see mps2_rt.h).
 */
#include "port/mps2/mps2_rt.h"

#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"

extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];
extern uint32_t __stack_limit__[];
extern uint32_t __stack_top__[];

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

void mps2_StackPaint(void)
{
    volatile uint32_t* p = __stack_limit__;
    uintptr_t          sp;

    __asm volatile("mov %0, sp" : "=r"(sp));
    sp -= 16u; /* a margin below this function's own frame */
    while ((uintptr_t)p < sp) {
        *p++ = MPS2_STACK_PAINT;
    }
}

uintptr_t mps2_StackLimit(void)
{
    return (uintptr_t)__stack_limit__;
}

uintptr_t mps2_StackTop(void)
{
    return (uintptr_t)__stack_top__;
}

uint32_t mps2_StackUsed(uintptr_t limit, uintptr_t top)
{
    const volatile uint32_t* p = (const volatile uint32_t*)limit;

    while (((uintptr_t)p < top) && (*p == MPS2_STACK_PAINT)) {
        p++;
    }
    return (uint32_t)(top - (uintptr_t)p);
}
