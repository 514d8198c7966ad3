/*
 * core1_target.h - entry points of every core1_hsm image (mps2-an521 CPU1), which its startup
 * code (core1_startup.c) calls.
 */
#ifndef CORE1_TARGET_H_
#define CORE1_TARGET_H_

/* The image's main (core1_main.c in the product firmware): returns the semihosting exit
 * code (only on error). */
int core1_Main(void);

/* MHU0 interrupt: the host rang our doorbell (core1_hsm.c). */
void core1_MhuIrq(void);

#endif /* !CORE1_TARGET_H_ */
