/*
 * core1_target.h - entry points of every core1_hsm image (mps2-an521 CPU1), which its startup
 * code (core1_startup.c) calls.
 */
#ifndef CORE1_TARGET_H_
#define CORE1_TARGET_H_

#include <stdint.h>

/* The image's main (core1_main.c in the product firmware): returns the semihosting exit
 * code (only on error). */
int core1_Main(void);

/* MHU0 interrupt: the host rang our doorbell (core1_hsm.c). */
void core1_MhuIrq(void);

/* Restart core 1 in place, as a reset of this core alone would (core1_startup.c): from an
 * exception handler only (the watchdog's bite, mps2Watchdog_OnBite). The image starts again
 * at its reset handler: .data and .bss initialised, the stack wiped, then core1_Main. */
void core1_RestartCore(void) __attribute__((noreturn));

/* How many times core 1 was restarted by core1_RestartCore since the machine's reset: 0 in
 * its first life. */
uint32_t core1_Restarts(void);

#endif /* !CORE1_TARGET_H_ */
