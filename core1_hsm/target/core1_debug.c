/*
 * core1_debug.c - the simulated "debugger attached" input of the SHE on mps2-an521
 * (core1_debug.h). Core 1 only reads and writes it from its serving loop: one thread.
 */
#include "core1_debug.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_server.h"

static uint8_t debugger;

void core1_SetDebugger(uint8_t sregBits)
{
    debugger = (uint8_t)(sregBits & (WH_SHE_SREG_EXT_DEBUGGER | WH_SHE_SREG_INT_DEBUGGER));
}

uint8_t wh_Board_SheDebugger(void)
{
    return debugger;
}
