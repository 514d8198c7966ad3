/*
 * port/mps2/mps2_stack.c - stack painting and high-water marks (see mps2_stack.h).
 */
#include "port/mps2/mps2_stack.h"

extern uint32_t __stack_limit__[];
extern uint32_t __stack_top__[];

void mps2Stack_Paint(void)
{
    volatile uint32_t* p = __stack_limit__;
    uintptr_t          sp;

    __asm volatile("mov %0, sp" : "=r"(sp));
    sp -= 16u; /* a margin below this function's own frame */
    while ((uintptr_t)p < sp) {
        *p++ = MPS2_STACK_PAINT;
    }
}

uintptr_t mps2Stack_Limit(void)
{
    return (uintptr_t)__stack_limit__;
}

uintptr_t mps2Stack_Top(void)
{
    return (uintptr_t)__stack_top__;
}

uint32_t mps2Stack_Used(uintptr_t limit, uintptr_t top)
{
    const volatile uint32_t* p = (const volatile uint32_t*)limit;

    while (((uintptr_t)p < top) && (*p == MPS2_STACK_PAINT)) {
        p++;
    }
    return (uint32_t)(top - (uintptr_t)p);
}
