/*
 * port/mps2/mps2_console.h
 *
 * Console, time and exit helpers both images use on mps2-an521:
 *   - a CMSDK UART (polled TX) per core and a small printf (%s %c %d %u %x with width and
 *     '0' flag; no heap, no newlib stdio),
 *   - a 1 kHz SysTick millisecond counter (per core: each image has its own copy),
 *   - semihosting: SYS_EXIT_EXTENDED, so the code reaches the shell as QEMU's exit status
 *     (needs -semihosting-config enable=on,target=native),
 *   - a fault report that names the core and ends the emulator.
 * State is file-scope in this port (one console and one tick per core image).
 */
#ifndef PORT_MPS2_MPS2_CONSOLE_H_
#define PORT_MPS2_MPS2_CONSOLE_H_

#include <stdint.h>

/* Enable TX on the UART at base and remember the core's name for messages ("core0"...). */
void mps2_ConsoleInit(uintptr_t uartBase, const char* coreName);
void mps2_Puts(const char* s);
void mps2_Write(const char* buf, uint32_t len);
void mps2_Printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/* SysTick at 1 kHz from MAINCLK (mps2_Millis; call mps2_TickIsr from SysTick_Handler) and
 * this core's CMSDK timer for mps2_Ticks. */
void     mps2_TickInit(void);
void     mps2_TickIsr(void);
uint32_t mps2_Millis(void);
/* Time in 20 MHz ticks (50 ns each; with -icount shift=0, 50 guest instructions of both
 * cores) since mps2_TickInit, from this core's CMSDK timer; wraps after about 214 s. */
uint32_t mps2_Ticks(void);

/* A watchdog in the SysTick interrupt: when mps2_WatchdogKick has not been called for
 * limitMs, print "<core>: FATAL watchdog: <what> ..." and exit with code. limitMs 0 disarms
 * it. For loops that must come round (a scheduler, a test runner): a hang ends the emulator
 * with a message naming the core instead of running into the script's timeout. */
void mps2_WatchdogStart(uint32_t limitMs, const char* what, int code);
void mps2_WatchdogKick(void);

/* End QEMU with this exit status (whichever core exits first ends the whole emulator). */
void mps2_Exit(int code) __attribute__((noreturn));

/* Print "<core>: FATAL <what>" and exit with code. For fault handlers and asserts. */
void mps2_Fatal(const char* what, int code) __attribute__((noreturn));

#endif /* !PORT_MPS2_MPS2_CONSOLE_H_ */
