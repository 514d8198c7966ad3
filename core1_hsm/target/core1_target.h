/*
 * core1_target.h - entry points of the core1_hsm firmware (mps2-an521 CPU1).
 */
#ifndef CORE1_TARGET_H_
#define CORE1_TARGET_H_

/* The HSM firmware's main: returns the semihosting exit code (only on error). */
int core1_Main(void);

/* MHU0 interrupt: the host rang our doorbell. */
void Core1_MhuIrq(void);

#endif /* !CORE1_TARGET_H_ */
