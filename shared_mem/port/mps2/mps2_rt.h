/*
 * port/mps2/mps2_rt.h
 *
 * Bare-metal run-time pieces both images' startup code uses: .bss zeroing, the vector table
 * entry type, and a fault reporter that names the core and the fault and ends QEMU; and a
 * stack high-water mark for sizing the stacks (make bench-target).
 * The linker scripts define __bss_start__, __bss_end__, __stack_limit__ (lowest address of
 * the stack) and __stack_top__.
 */
#ifndef PORT_MPS2_MPS2_RT_H_
#define PORT_MPS2_MPS2_RT_H_

#include <stdint.h>

/* One vector table entry: the initial stack pointer or a handler. */
typedef union mps2Vector_t {
    void (*handler)(void);
    const void* stack;
} mps2Vector;

#define MPS2_VECTOR_COUNT 64 /* 16 exceptions + IRQ 0..47 (UART overflow is 47) */

/* Zero .bss (each core zeroes only its own image's). */
void mps2_ZeroBss(void);

/* Print the fault name with CFSR/HFSR/MMFAR/BFAR, then exit QEMU with code. */
void mps2_FaultReport(const char* what, int code) __attribute__((noreturn));

/* Stack high-water mark. mps2_StackPaint fills the calling image's stack from its limit up
 * to just below the current stack pointer with MPS2_STACK_PAINT (what lies above is in use;
 * an interrupt taken meanwhile only overwrites paint, which errs on the safe side).
 * mps2_StackUsed then gives the deepest use since, in bytes from the top: the lowest word
 * no longer holding the pattern. It takes addresses, so core 0 can read core 1's stack
 * (all RAM is shared) with the bounds core 1 published. A used word that happens to equal
 * the pattern at the very edge can hide a few bytes: keep a margin. */
#define MPS2_STACK_PAINT 0xC5AC5AC5u
void      mps2_StackPaint(void);
uintptr_t mps2_StackLimit(void); /* this image's __stack_limit__ */
uintptr_t mps2_StackTop(void);   /* this image's __stack_top__ */
uint32_t  mps2_StackUsed(uintptr_t limit, uintptr_t top);

#endif /* !PORT_MPS2_MPS2_RT_H_ */
