/*
 * tests/target/core1_test.c: the HSM firmware of the on-target test images (core 1 of
 * mps2-an521): the product's serving (core1_hsm.h) and, between scheduler passes, the test
 * harness's requests through the control block (wh_target_control.h): a power-cycle with
 * erased or kept NVM and new client ids, a server's statistics, a fault, a hang, where its
 * secrets are (for the isolation probes, which must not be able to reach them).
 *
 * Its NVM is a plain RAM flash with no file (the tests erase it or keep it as they go), and
 * the session never ends by itself: core 0 ends the emulator, or a fault or the watchdog.
 */
#include <stdint.h>

#include "../util/wh_test_policy.h"
#include "core1_debug.h"
#include "core1_hsm.h"
#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "wh_target_control.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"

/* Not zeroed at a restart of core 1 (.noinit): the flash keeps what was written. */
static uint8_t flashMem[CORE1_FLASH_SIZE] __attribute__((aligned(8), section(".noinit")));
static whFlashRamsimContext flashCtx;
static const whFlashCb      flashCb = WH_FLASH_RAMSIM_CB;

const core1Flash core1_Flash = {
    .store  = {.cb = &flashCb, .context = &flashCtx},
    .medium = "a flash in HSM-private RAM, no file",
};

/* The test clients' policy, the same as on the host (wh_test_policy.h). */
const whServerPolicy* const core1_Policy[CORE1_NCTX] = {&whTest_Policy, &whTest_Policy,
                                                        &whTest_Policy};
/* The test clients present no configuration digest. */
const uint64_t core1_ConfigDigest = 0;

/* Two priority classes, as an ECU has them: mailbox 2's client is the SecOC client, above
 * the diagnostics clients of mailboxes 0 and 1 (wh_target_priority.c checks the order; the
 * suites' clients on mailboxes 0 and 1 share a class, as before). */
const uint8_t core1_Priority[CORE1_NCTX] = {0, 0, 1};

/* The log of the steps that served since the last HOLD's release (WH_TARGET_CTRL_LOG). */
#define LOG_WORDS 3u
static uint32_t stepLog[LOG_WORDS];
static unsigned stepLogged;
static uint32_t progress[CORE1_NCTX]; /* requests and slices of each context at the last look */

/* What context n has done: a request or a slice of its long operation adds one. */
static uint32_t progressOf(unsigned n)
{
    const whServerContext* server = core1_Server(n);
    return server->comm.stats.requests + server->slice.slices;
}

/* After a step: log the mailboxes it served, if it served any. */
static void logStep(void)
{
    uint32_t mask = 0;
    unsigned i;

    for (i = 0; i < CORE1_NCTX; i++) {
        uint32_t now = progressOf(i);
        if (now != progress[i]) {
            mask |= 1u << i;
            progress[i] = now;
        }
    }
    if ((mask != 0u) && (stepLogged < LOG_WORDS * WH_TARGET_LOG_PER_WORD)) {
        unsigned shift = (stepLogged % WH_TARGET_LOG_PER_WORD) * WH_TARGET_LOG_BITS;
        stepLog[stepLogged / WH_TARGET_LOG_PER_WORD] |= mask << shift;
        stepLogged++;
    }
}

/* HOLD: serve nothing until core 0 releases seq, then log from an empty log. */
static void hold(uint32_t seq)
{
    whTargetControl* t = WH_TARGET_CTRL;
    unsigned         i;

    while (t->release != seq) {
        mps2Watchdog_Kick();
    }
    __asm volatile("dmb" ::: "memory");
    for (i = 0; i < LOG_WORDS; i++) {
        stepLog[i] = 0;
    }
    stepLogged = 0;
    for (i = 0; i < CORE1_NCTX; i++) {
        progress[i] = progressOf(i);
    }
}

/* The flash config: flashMem erased at Init, or kept as it is (a reboot). */
static whFlashRamsimConfig ramFlashConfig(int erase)
{
    return (whFlashRamsimConfig){.memory      = flashMem,
                                 .size        = sizeof(flashMem),
                                 .sectorSize  = CORE1_FLASH_SECTOR,
                                 .programUnit = CORE1_FLASH_UNIT,
                                 .initErased  = erase};
}

/* Carry out the test harness's request, if there is a new one. The serving loop's pass hook:
 * runs between scheduler passes, so no request is half served. */
static uint32_t lastSeq; /* the last request carried out (or seen at a restart) */

static void testControl(void)
{
    whTargetControl* t         = WH_TARGET_CTRL;
    uint32_t         req       = t->request;
    uint32_t         seq       = req >> 8;
    int32_t          result    = WH_ERROR_OK;
    uint32_t         restartIn = 0;

    logStep();
    if (seq == lastSeq) {
        return;
    }
    lastSeq = seq;
    __asm volatile("dmb" ::: "memory"); /* arg[] was written before request */
    switch (req & 0xFFu) {
        case WH_TARGET_CTRL_RESET:
        case WH_TARGET_CTRL_REBOOT: {
            uint16_t            ids[CORE1_NCTX];
            whFlashRamsimConfig flashCfg = ramFlashConfig((req & 0xFFu) == WH_TARGET_CTRL_RESET);
            unsigned            i;
            for (i = 0; i < CORE1_NCTX; i++) {
                ids[i] = (uint16_t)t->arg[i];
            }
            core1_SetDebugger(0);
            result = core1_Restart(ids, &flashCfg);
            break;
        }
        case WH_TARGET_CTRL_RESTART_IN:
            restartIn = t->arg[0];
            result    = (restartIn != 0u) ? WH_ERROR_OK : WH_ERROR_BADARGS;
            break;
        case WH_TARGET_CTRL_DEBUGGER:
            core1_SetDebugger((uint8_t)t->arg[0]);
            break;
        case WH_TARGET_CTRL_STATS:
            if (t->arg[0] < CORE1_NCTX) {
                const whServerContext* server = core1_Server(t->arg[0]);
                t->out[0]                     = server->comm.stats.requests;
                t->out[1]                     = server->comm.stats.malformed;
                t->out[2]                     = server->connected;
            }
            else {
                result = WH_ERROR_BADARGS;
            }
            break;
        case WH_TARGET_CTRL_ADDRS: {
            const whServerContext* server  = core1_Server(0);
            volatile uint32_t      onStack = 0x5AC4u; /* a live word of this core's stack */
            unsigned               i       = 0;
            while ((i + 1u < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT) &&
                   (server->localSlots[i].state != WH_KEYSLOT_FULL)) {
                i++;
            }
            t->out[0] = (uint32_t)(uintptr_t)server->localSlots[i].buffer;
            t->out[1] = (uint32_t)(uintptr_t)flashMem;
            t->out[2] = (uint32_t)(uintptr_t)&onStack;
            (void)onStack;
            break;
        }
        case WH_TARGET_CTRL_HOLD:
            t->out[0] = seq;
            break;
        case WH_TARGET_CTRL_LOG:
            t->out[0] = stepLog[0];
            t->out[1] = stepLog[1];
            t->out[2] = stepLog[2];
            break;
        case WH_TARGET_CTRL_FAULT:
            mps2Console_Printf("core1: test: reading 0x%08x, where nothing is mapped\n",
                               0xF0000000u);
            (void)MPS2_REG(0xF0000000u);
            break;
        case WH_TARGET_CTRL_HANG:
            mps2Console_Printf("core1: test: serving loop stopped\n");
            for (;;) {
            }
        default:
            result = WH_ERROR_BADARGS;
            break;
    }
    t->result = result;
    __asm volatile("dmb" ::: "memory");
    t->done = seq;
    core1_RingHost();
    if (result != WH_ERROR_OK) {
        mps2Console_Printf("core1: test request 0x%08x: error %d\n", (unsigned)req, (int)result);
    }
    if ((req & 0xFFu) == WH_TARGET_CTRL_HOLD) {
        hold(seq);
    }
    if (restartIn != 0u) { /* armed after done: the harness has its answer first */
        mps2Watchdog_OnBite(core1_RestartCore);
        mps2Watchdog_BiteAt(mps2Timer_Millis() + restartIn);
    }
}

int core1_Main(void)
{
    /* The harness ends the run; it may sit idle for long. */
    static const core1Hooks hooks = {.idle = NULL, .pass = testControl, .fatalWatchdog = 1};
    /* The tests start from erased NVM, and reset it as they go; a restart of core 1 keeps it
     * (and leaves the control request it found, done or not, alone). */
    const whFlashRamsimConfig flashCfg = ramFlashConfig(core1_Restarts() == 0u);
    int                       ret;

    lastSeq = WH_TARGET_CTRL->request >> 8;
    core1_Boot();
    ret = core1_Start(&flashCfg);
    return (ret == MPS2_EXIT_OK) ? core1_Serve(&hooks) : ret;
}
