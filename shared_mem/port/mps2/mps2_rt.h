/*
 * port/mps2/mps2_rt.h
 *
 * Bare-metal run-time pieces both images' startup code uses: .bss zeroing, the vector table
 * entry type and enabling an interrupt line. The linker scripts define __bss_start__ and
 * __bss_end__.
 */
#ifndef PORT_MPS2_MPS2_RT_H_
#define PORT_MPS2_MPS2_RT_H_

#include <stdint.h>

/* One vector table entry: the initial stack pointer or a handler; or, in the vector table
 * of core 0's Non-secure host application, its reset entry, which the Secure boot stage
 * calls with its boot flags. */
typedef union mps2Vector_t {
    void (*handler)(void);
    void (*entry)(uint32_t bootFlags);
    const void* stack;
} mps2Vector;

#define MPS2_VECTOR_COUNT 64 /* 16 exceptions + IRQ 0..47 (UART overflow is 47) */

/* Zero .bss (each core zeroes only its own image's). */
void mps2Rt_ZeroBss(void);

/* Enable NVIC line irq (0..31) on the calling core. */
void mps2Rt_IrqEnable(uint32_t irq);

#endif /* !PORT_MPS2_MPS2_RT_H_ */
