/*
 * posix_she.c: the simulated "debugger attached" input of the SHE (port/posix/posix_she.h).
 */
#include <stdatomic.h>

#include "port/posix/posix_she.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_server.h"

static atomic_uint debugger;

void posixShe_SetDebugger(uint8_t sregBits)
{
    atomic_store(&debugger,
                 (unsigned)(sregBits & (WH_SHE_SREG_EXT_DEBUGGER | WH_SHE_SREG_INT_DEBUGGER)));
}

uint8_t wh_Board_SheDebugger(void)
{
    return (uint8_t)atomic_load(&debugger);
}
