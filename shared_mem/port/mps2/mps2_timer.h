/*
 * port/mps2/mps2_timer.h
 *
 * Time on each core of mps2-an521: a 1 kHz SysTick millisecond counter and this core's own
 * CMSDK timer counting MAINCLK ticks. State is file-scope in this port (each image has its
 * own copy).
 */
#ifndef PORT_MPS2_MPS2_TIMER_H_
#define PORT_MPS2_MPS2_TIMER_H_

#include <stdint.h>

/* SysTick at 1 kHz from MAINCLK (mps2Timer_Millis; call mps2Timer_Isr from the SysTick
 * handler; each security state has its own) and this core's CMSDK timer at tickTimerBase
 * (MPS2_TIMER0_BASE on core 0, MPS2_TIMER1_BASE on core 1) for mps2Timer_Ticks. */
void     mps2Timer_Init(uintptr_t tickTimerBase);
void     mps2Timer_Isr(void);
uint32_t mps2Timer_Millis(void);
/* Time in 20 MHz ticks (50 ns each; with -icount shift=0, 50 guest instructions of both
 * cores) since mps2Timer_Init, from this core's CMSDK timer; wraps after about 214 s. */
uint32_t mps2Timer_Ticks(void);

#endif /* !PORT_MPS2_MPS2_TIMER_H_ */
