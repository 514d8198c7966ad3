/*
 * port/mps2/mps2_watchdog.c - the software watchdog of the SysTick interrupt (see
 * mps2_watchdog.h).
 */
#include "port/mps2/mps2_watchdog.h"

#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_fault.h"
#include "port/mps2/mps2_timer.h"

static volatile uint32_t wdLimitMs; /* 0: disarmed */
static volatile uint32_t wdKicked;  /* millis at the last kick */
static const char*       wdWhat;
static int               wdCode;

void mps2Watchdog_Start(uint32_t limitMs, const char* what, int code)
{
    wdWhat    = what;
    wdCode    = code;
    wdKicked  = mps2Timer_Millis();
    wdLimitMs = limitMs;
}

void mps2Watchdog_Kick(void)
{
    wdKicked = mps2Timer_Millis();
}

void mps2Watchdog_Check(void)
{
    uint32_t limit = wdLimitMs;

    if ((limit != 0u) && ((mps2Timer_Millis() - wdKicked) > limit)) {
        wdLimitMs = 0u;
        mps2Console_Printf("\n%s: watchdog: %s: no progress for %u ms\n", mps2Console_CoreName(),
                           wdWhat, (unsigned)limit);
        mps2Fault_Fatal("watchdog", wdCode);
    }
}
