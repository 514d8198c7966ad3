/*
 * core1_debug.h - the SHE's "debugger attached" input on mps2-an521 (wh_Board_SheDebugger,
 * wolfhsm/wh_server.h). QEMU gives no debug-port status an image could read, so on this
 * board it is a simulation: 0 (no debugger) after every boot, set by the on-target test
 * firmware (tests/target/core1_test.c, control request WH_TARGET_CTRL_DEBUGGER). A real
 * board's port reads its debug access port's status here instead.
 */
#ifndef CORE1_DEBUG_H_
#define CORE1_DEBUG_H_

#include <stdint.h>

/* From now on, wh_Board_SheDebugger returns sregBits (WH_SHE_SREG_EXT_DEBUGGER |
 * WH_SHE_SREG_INT_DEBUGGER, other bits ignored). */
void core1_SetDebugger(uint8_t sregBits);

#endif /* !CORE1_DEBUG_H_ */
