/*
 * port/posix/posix_she.h
 *
 * The SHE board hook wh_Board_SheDebugger (wolfhsm/wh_server.h) on the POSIX host: a Linux
 * process has no debug port the HSM could watch, so "a debugger is attached" is a simulation
 * the tests set. Starts at 0 (no debugger). Safe to call from any thread.
 */
#ifndef PORT_POSIX_POSIX_SHE_H_
#define PORT_POSIX_POSIX_SHE_H_

#include <stdint.h>

/* From now on, wh_Board_SheDebugger returns sregBits (WH_SHE_SREG_EXT_DEBUGGER |
 * WH_SHE_SREG_INT_DEBUGGER, other bits ignored). */
void posixShe_SetDebugger(uint8_t sregBits);

#endif /* !PORT_POSIX_POSIX_SHE_H_ */
