/*
 * port/mps2/mps2_watchdog.c - the software watchdog of the SysTick interrupt (see
 * mps2_watchdog.h).
 */
#include "port/mps2/mps2_watchdog.h"

#include <stddef.h>

#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_fault.h"
#include "port/mps2/mps2_timer.h"

static volatile uint32_t wdLimitMs; /* 0: disarmed */
static volatile uint32_t wdKicked;  /* millis at the last kick */
static volatile uint32_t wdAt;      /* a bite at this millis whatever the kicks (0: none) */
static const char*       wdWhat;
static int               wdCode;
static void (*volatile wdBite)(void); /* NULL: end the emulator */

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

void mps2Watchdog_OnBite(void (*bite)(void))
{
    wdBite = bite;
}

void mps2Watchdog_BiteAt(uint32_t atMs)
{
    wdAt = atMs;
}

void mps2Watchdog_Check(void)
{
    uint32_t limit = wdLimitMs;
    uint32_t now   = mps2Timer_Millis();
    uint32_t at    = wdAt;

    if ((at != 0u) && ((int32_t)(now - at) >= 0)) {
        wdAt = 0u;
        mps2Console_Printf("\n%s: watchdog: bite as asked\n", mps2Console_CoreName());
    }
    else if ((limit != 0u) && ((now - wdKicked) > limit)) {
        mps2Console_Printf("\n%s: watchdog: %s: no progress for %u ms\n", mps2Console_CoreName(),
                           wdWhat, (unsigned)limit);
    }
    else {
        return;
    }
    wdLimitMs = 0u;
    if (wdBite != NULL) {
        wdBite();
    }
    mps2Fault_Fatal("watchdog", wdCode);
}
