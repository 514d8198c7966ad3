/*
 * port/mps2/mps2_watchdog.h
 *
 * A software watchdog checked in the SysTick interrupt: when mps2Watchdog_Kick has not been
 * called for limitMs, print "<core>: watchdog: <what> ..." and end the emulator with code
 * ("<core>: FATAL watchdog"). For loops that must come round (a scheduler, a test runner): a
 * hang ends the emulator with a message naming the core instead of running into the
 * script's timeout. Counts mps2Timer_Millis.
 */
#ifndef PORT_MPS2_MPS2_WATCHDOG_H_
#define PORT_MPS2_MPS2_WATCHDOG_H_

#include <stdint.h>

/* Arm (limitMs > 0) or disarm (limitMs 0) the watchdog. */
void mps2Watchdog_Start(uint32_t limitMs, const char* what, int code);
void mps2Watchdog_Kick(void);
/* What a bite does instead of ending the emulator: bite (it does not return; core 1's restart,
 * core1_target.h); NULL: end the emulator, as without it. */
void mps2Watchdog_OnBite(void (*bite)(void));
/* A bite at millis atMs whatever the kicks (0: none): a test's restart at a moment it picks.
 * Disarms the watchdog like any bite. */
void mps2Watchdog_BiteAt(uint32_t atMs);
/* Call from the SysTick handler after mps2Timer_Isr. */
void mps2Watchdog_Check(void);

#endif /* !PORT_MPS2_MPS2_WATCHDOG_H_ */
