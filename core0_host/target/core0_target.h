/*
 * core0_target.h - entry points of the core0_host firmware (mps2-an521 CPU0).
 */
#ifndef CORE0_TARGET_H_
#define CORE0_TARGET_H_

/* The host firmware's main: returns the semihosting exit code. */
int core0_Main(void);

/* MHU1 interrupt: the HSM rang our doorbell. */
void core0_MhuIrq(void);

#endif /* !CORE0_TARGET_H_ */
