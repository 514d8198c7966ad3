/*
 * port/mps2/mps2_stack.h
 *
 * Stack high-water mark, for sizing the stacks (make bench-target). The linker scripts define
 * __stack_limit__ (lowest address of the stack) and __stack_top__.
 *
 * mps2Stack_Paint fills the calling image's stack from its limit up to just below the
 * current stack pointer with MPS2_STACK_PAINT (what lies above is in use; an interrupt taken
 * meanwhile only overwrites paint, which errs on the safe side). mps2Stack_Used then gives
 * the deepest use since, in bytes from the top: the lowest word no longer holding the
 * pattern. It takes addresses, so core 0 can read core 1's stack (all RAM is shared) with
 * the bounds core 1 published. A used word that happens to equal the pattern at the very
 * edge can hide a few bytes: keep a margin.
 */
#ifndef PORT_MPS2_MPS2_STACK_H_
#define PORT_MPS2_MPS2_STACK_H_

#include <stdint.h>

#define MPS2_STACK_PAINT 0xC5AC5AC5u
void      mps2Stack_Paint(void);
uintptr_t mps2Stack_Limit(void); /* this image's __stack_limit__ */
uintptr_t mps2Stack_Top(void);   /* this image's __stack_top__ */
uint32_t  mps2Stack_Used(uintptr_t limit, uintptr_t top);

#endif /* !PORT_MPS2_MPS2_STACK_H_ */
