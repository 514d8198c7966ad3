/*
 * tests/target/wh_target_restart.c: the HSM core restarted while clients stream state
 * changes (core0_test.c's mode restart-core1).
 *
 * Three clients, one per mailbox, take turns with counter increments (IncrementFrom: each is
 * its counter's only incrementer), NVM object adds and destroys and key commits, and retry
 * every change that lost its answer after connecting again, as the README's exactly-once
 * table says. Meanwhile core 1 is restarted RESTARTS times, each at a pseudo-random moment
 * 1..RESTART_MAX_MS ms after it was armed (WH_TARGET_CTRL_RESTART_IN: the same restart as its
 * watchdog's, at whatever it does then: a request half served, a flash write half done, a
 * client's request in flight or its session stale). At the end every acknowledged change is
 * there exactly once: each counter equals its acknowledged increments, each object and key
 * holds the last acknowledged content (or is gone after an acknowledged destroy); and no
 * client hung: every change finished within CHANGE_MS.
 *
 * Then SHE LOAD_KEY (tests/she_vectors.h: KEY_1 by MASTER_ECU_KEY, the spec's example) with a
 * restart armed just before it, SHE_ROUNDS times from an empty NVM, the request sent a little
 * later each round: the first attempt applied and answered, applied with its answer lost, or
 * not applied. The client retries the same M1..M3 until it is settled: OK, or refused by the
 * counter rule with the slot holding K_NEW (one ECB block under it, against the vector). The
 * key must be there, once: a further retry is refused.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "core0_board.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "wh_target_control.h"
#include "wh_test_target.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "she_vectors.h"
#pragma GCC diagnostic pop

#define CLIENTS MPS2_CLIENT_COUNT
#define RESTARTS 60u
#define RESTART_MAX_MS 24u
#define CHANGES_PER_RESTART 12u /* changes (over all clients) after each arming, at least */
#define COUNTER 1u
#define OBJ_IDS 6
#define KEY_IDS 4
#define TIMEOUT_MS 2000u /* each blocking call's */
#define CHANGE_MS 20000u /* one change, its retries included: longer is a hung client */

typedef struct {
    whClientContext c;
    unsigned        n;
    uint32_t        acked; /* acknowledged increments */
    uint32_t        value; /* the counter as this client, its only incrementer, knows it */
    int             obj[OBJ_IDS + 1]; /* -1 absent, else the step of its acknowledged content */
    int             key[KEY_IDS + 1]; /* -1 none, else the step of its committed content */
    uint32_t        retries;
    uint32_t        restarted; /* answers WH_ERROR_RESTARTED */
    uint32_t        noResponse;
    uint32_t        conflicts; /* retried increments found applied */
    uint32_t        start;     /* when the change being made began */
} restartClient;

static restartClient C[CLIENTS];
static const char*   why;

#define RCHECK(cond)                                                                    \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            mps2Console_Printf("core0: restart-core1: line %d: %s\n", __LINE__, #cond); \
            return MPS2_EXIT_FAIL;                                                      \
        }                                                                               \
    } while (0)

static void content(const restartClient* w, int step, uint8_t* out, uint16_t len)
{
    uint16_t i;
    for (i = 0; i < len; i++) {
        out[i] = (uint8_t)(w->n * 31u + (unsigned)step * 7u + i);
    }
}

/* A blocking call's outcome that leaves the change unknown: retry after connecting again. */
static int mustRetry(restartClient* w, int ret, int32_t rc)
{
    if (ret == WH_ERROR_NORESPONSE) {
        w->noResponse++;
    }
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_RESTARTED)) {
        w->restarted++;
    }
    return (ret != WH_ERROR_OK) || (rc == WH_ERROR_RESTARTED) || (rc == WH_ERROR_NOTCONNECTED);
}

/* Connect again; a client whose request is still out starts a new life first. 0, or -1
 * when the change took longer than CHANGE_MS (the client hung). */
static int reconnect(restartClient* w)
{
    for (;;) {
        int32_t rc  = 1;
        int     ret = wh_Client_CommConnect(&w->c, NULL, NULL, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
            return 0;
        }
        if ((mps2Timer_Millis() - w->start) >= CHANGE_MS) {
            why = "no session with the HSM";
            return -1;
        }
        if (ret != WH_ERROR_OK) {
            (void)wh_Client_Cleanup(&w->c);
            (void)core0_ClientInit(&w->c, w->n, TIMEOUT_MS);
        }
        mps2Watchdog_Kick();
        __asm volatile("wfi");
    }
}

/* The retry loop's step after an unknown outcome: 0 to try again, -1 hung. */
static int again(restartClient* w)
{
    w->retries++;
    if ((mps2Timer_Millis() - w->start) >= CHANGE_MS) {
        why = "a change not made in time";
        return -1;
    }
    return reconnect(w);
}

static int increment(restartClient* w)
{
    for (;;) {
        uint32_t value = 0;
        int32_t  rc    = 1;
        int      ret   = wh_Client_CounterIncrementFrom(&w->c, COUNTER, w->value, &value, &rc);
        if (!mustRetry(w, ret, rc)) {
            if (rc == WH_ERROR_CONFLICT) { /* the earlier attempt was applied: read it */
                do {
                    ret = wh_Client_CounterRead(&w->c, COUNTER, &value, &rc);
                } while (mustRetry(w, ret, rc) && (again(w) == 0));
                RCHECK(rc == WH_ERROR_OK);
                w->conflicts++;
            }
            RCHECK(rc == WH_ERROR_OK);
            RCHECK(value == w->value + 1u); /* applied once */
            w->value++;
            w->acked++;
            return MPS2_EXIT_OK;
        }
        RCHECK(again(w) == 0);
    }
}

static int nvmAdd(restartClient* w, int id, int step)
{
    uint8_t data[24];
    content(w, step, data, sizeof(data));
    for (;;) {
        int32_t rc  = 1;
        int     ret = wh_Client_NvmAddObject(&w->c, (uint16_t)id, 0, 0, 0, NULL, sizeof(data), data,
                                             &rc);
        if (!mustRetry(w, ret, rc)) {
            RCHECK(rc == WH_ERROR_OK);
            w->obj[id] = step;
            return MPS2_EXIT_OK;
        }
        RCHECK(again(w) == 0);
    }
}

static int nvmDestroy(restartClient* w, int id)
{
    const uint16_t ids[1] = {(uint16_t)id};
    for (;;) {
        int32_t rc  = 1;
        int     ret = wh_Client_NvmDestroyObjects(&w->c, 1, ids, &rc);
        if (!mustRetry(w, ret, rc)) {
            RCHECK(rc == WH_ERROR_OK);
            w->obj[id] = -1;
            return MPS2_EXIT_OK;
        }
        RCHECK(again(w) == 0);
    }
}

/* Cache then commit; after a lost answer both again (the cache is gone with a restart). */
static int keyCommit(restartClient* w, int id, int step)
{
    uint8_t key[16];
    content(w, step, key, sizeof(key));
    for (;;) {
        int32_t  rc    = 1;
        uint16_t keyId = (uint16_t)id;
        int      ret = wh_Client_KeyCache(&w->c, WH_NVM_FLAGS_USAGE_ANY, 0, NULL, sizeof(key), key,
                                          &keyId, &rc);
        if (!mustRetry(w, ret, rc)) {
            RCHECK(rc == WH_ERROR_OK);
            ret = wh_Client_KeyCommit(&w->c, keyId, &rc);
            if (!mustRetry(w, ret, rc)) {
                RCHECK(rc == WH_ERROR_OK);
                w->key[id] = step;
                return MPS2_EXIT_OK;
            }
        }
        RCHECK(again(w) == 0);
    }
}

/* Client w's change number step (the host test's mix: increments, adds and destroys,
 * commits). */
static int change(restartClient* w, int step)
{
    w->start = mps2Timer_Millis();
    mps2Watchdog_Kick();
    switch (step % 4) {
        case 0:
        case 2:
            return increment(w);
        case 1:
            if ((step / 4) % 3 == 2) {
                return nvmDestroy(w, 1 + (step / 4) % OBJ_IDS);
            }
            return nvmAdd(w, 1 + (step / 4) % OBJ_IDS, step);
        default:
            return keyCommit(w, 1 + (step / 4) % KEY_IDS, step);
    }
}

/* After the run: the HSM holds exactly what was acknowledged. */
static int verify(restartClient* w)
{
    uint32_t value = 0;
    int32_t  rc    = 1;
    int      id;

    w->start = mps2Timer_Millis();
    RCHECK(reconnect(w) == 0);
    RCHECK(wh_Client_CounterRead(&w->c, COUNTER, &value, &rc) == WH_ERROR_OK);
    RCHECK(rc == WH_ERROR_OK);
    RCHECK(value == w->acked);
    for (id = 1; id <= OBJ_IDS; id++) {
        uint8_t  got[24];
        uint8_t  want[24];
        uint16_t len = 0;
        RCHECK(wh_Client_NvmRead(&w->c, (uint16_t)id, 0, sizeof(got), &len, got, &rc) ==
               WH_ERROR_OK);
        if (w->obj[id] < 0) {
            RCHECK(rc == WH_ERROR_NOTFOUND);
        }
        else {
            RCHECK(rc == WH_ERROR_OK);
            content(w, w->obj[id], want, sizeof(want));
            RCHECK((len == sizeof(want)) && (memcmp(got, want, sizeof(want)) == 0));
        }
    }
    for (id = 1; id <= KEY_IDS; id++) {
        uint8_t  got[16];
        uint8_t  want[16];
        uint16_t len = sizeof(got);
        if (w->key[id] < 0) {
            continue;
        }
        RCHECK(wh_Client_KeyExport(&w->c, (uint16_t)id, NULL, 0, NULL, &len, got, &rc) ==
               WH_ERROR_OK);
        RCHECK(rc == WH_ERROR_OK);
        content(w, w->key[id], want, sizeof(want));
        RCHECK((len == sizeof(want)) && (memcmp(got, want, sizeof(want)) == 0));
    }
    return MPS2_EXIT_OK;
}

static uint32_t serverEpoch(void)
{
    return atomic_load(&MPS2_SHARED->mailbox[0].resp.epoch);
}

#define SHE_ROUNDS 80u
#define SHE_SPAN_TICKS 60000u /* 3 ms: when a round sends its update, after the arming */

/* One round of the SHE part, the update sent offset ticks after a millisecond tick that
 * follows the arming; *out_kind says how its first attempt ended, inout_kind[] counts them:
 * [0] answered, [1] lost and applied (the retry refused, the key there), [2] lost and not
 * applied (the retry applied it). */
static int sheRound(restartClient* w, uint32_t offset, unsigned inout_kind[3], int* out_kind)
{
    static const uint16_t ids[CLIENTS] = {1, 2, 3};
    uint8_t               m4[32];
    uint8_t               m5[16];
    uint8_t               out[48];
    uint32_t              epoch;
    uint32_t              t0;
    int32_t               rc    = 1;
    int                   ret   = 0;
    int                   tries = 0;

    RCHECK(whTarget_HsmControl(WH_TARGET_CTRL_RESET, ids, 0, NULL) == WH_ERROR_OK);
    w->start = mps2Timer_Millis();
    RCHECK(reconnect(w) == 0);
    RCHECK(wh_Client_SheLoadKey(&w->c, v_master_m1, v_master_m2, v_master_m3, NULL, NULL, &rc) ==
           WH_ERROR_OK);
    RCHECK(rc == WH_ERROR_OK);
    epoch = serverEpoch();
    RCHECK(whTarget_HsmControl(WH_TARGET_CTRL_RESTART_IN, NULL, 2u, NULL) == WH_ERROR_OK);
    t0 = mps2Timer_Millis();
    while (mps2Timer_Millis() == t0) { /* from a millisecond tick of ours */
    }
    t0 = mps2Timer_Ticks();
    while ((mps2Timer_Ticks() - t0) < offset) { /* the round's moment */
    }
    w->start = mps2Timer_Millis();
    for (;;) {
        rc  = 1;
        ret = wh_Client_SheLoadKey(&w->c, v_example_m1, v_example_m2, v_example_m3, m4, m5, &rc);
        if (!mustRetry(w, ret, rc)) {
            break;
        }
        tries++;
        RCHECK(again(w) == 0);
    }
    if (rc == WH_ERROR_OK) { /* applied by this attempt: answered with its M4 and M5 */
        RCHECK((memcmp(m4, v_example_m4, sizeof(m4)) == 0) &&
               (memcmp(m5, v_example_m5, sizeof(m5)) == 0));
        *out_kind = (tries == 0) ? 0 : 2;
    }
    else { /* refused: only a retry, of an update an earlier attempt applied */
        RCHECK((tries > 0) && (rc == WH_ERROR_SHE_KEY_UPDATE_ERROR));
        *out_kind = 1;
    }
    /* After the restart (which may come after the update settled): KEY_1 holds K_NEW, and
     * the update cannot be applied again. */
    while (serverEpoch() == epoch) {
        RCHECK((mps2Timer_Millis() - w->start) < CHANGE_MS);
        __asm volatile("wfi");
    }
    w->start = mps2Timer_Millis();
    RCHECK(reconnect(w) == 0);
    RCHECK(wh_Client_SheEncEcb(&w->c, WH_SHE_KEY_1, v_pt, sizeof(out), out, &rc) == WH_ERROR_OK);
    RCHECK(rc == WH_ERROR_OK);
    RCHECK(memcmp(out, v_ecb_key1, sizeof(out)) == 0);
    RCHECK(wh_Client_SheLoadKey(&w->c, v_example_m1, v_example_m2, v_example_m3, NULL, NULL, &rc) ==
           WH_ERROR_OK);
    RCHECK(rc == WH_ERROR_SHE_KEY_UPDATE_ERROR);
    inout_kind[*out_kind]++;
    return MPS2_EXIT_OK;
}

int whTarget_RestartTest(void)
{
    static const uint16_t ids[CLIENTS] = {1, 2, 3};
    uint32_t              seed         = 0x2545F491u;
    uint32_t              start        = mps2Timer_Millis();
    uint32_t              total        = 0;
    unsigned              r;
    unsigned              i;
    int                   step = 0;

    mps2Console_Printf("core0: restart-core1: %u clients stream counter increments, NVM adds and "
                       "destroys and key commits; core 1 restarted %u times, 1..%u ms after "
                       "each arming\n",
                       (unsigned)CLIENTS, RESTARTS, RESTART_MAX_MS);
    /* Erased NVM, clients 1..3 on mailboxes 0..2. */
    RCHECK(whTarget_HsmControl(WH_TARGET_CTRL_RESET, ids, 0, NULL) == WH_ERROR_OK);
    for (i = 0; i < CLIENTS; i++) {
        restartClient* w  = &C[i];
        int32_t        rc = 1;
        int            id;
        memset(w, 0, sizeof(*w));
        w->n = i;
        for (id = 0; id <= OBJ_IDS; id++) {
            w->obj[id] = -1;
        }
        for (id = 0; id <= KEY_IDS; id++) {
            w->key[id] = -1;
        }
        RCHECK(core0_ClientInit(&w->c, i, TIMEOUT_MS) == WH_ERROR_OK);
        w->start = mps2Timer_Millis();
        RCHECK(reconnect(w) == 0);
        RCHECK(wh_Client_CounterInit(&w->c, COUNTER, WH_COUNTER_MONOTONIC, 0, &rc) == WH_ERROR_OK);
        RCHECK(rc == WH_ERROR_OK);
    }
    for (r = 0; r < RESTARTS; r++) {
        uint32_t epoch = serverEpoch();
        uint32_t delay;
        unsigned k;
        seed  = seed * 1103515245u + 12345u;
        delay = 1u + ((seed >> 16) % RESTART_MAX_MS);
        RCHECK(whTarget_HsmControl(WH_TARGET_CTRL_RESTART_IN, NULL, delay, NULL) == WH_ERROR_OK);
        /* Changes until the HSM has restarted, and a few after. */
        for (k = 0; (k < CHANGES_PER_RESTART) || (serverEpoch() == epoch); k++) {
            restartClient* w = &C[(unsigned)step % CLIENTS];
            if (change(w, step / (int)CLIENTS) != MPS2_EXIT_OK) {
                mps2Console_Printf("core0: restart-core1: client %u, change %d, restart %u: %s\n",
                                   w->n + 1u, step / (int)CLIENTS, r + 1u,
                                   (why != NULL) ? why : "wrong result");
                return MPS2_EXIT_FAIL;
            }
            step++;
            RCHECK((mps2Timer_Millis() - start) < 600000u);
        }
    }
    for (i = 0; i < CLIENTS; i++) {
        restartClient* w = &C[i];
        if (verify(w) != MPS2_EXIT_OK) {
            mps2Console_Printf("core0: restart-core1: client %u: the HSM does not hold what was "
                               "acknowledged\n",
                               i + 1u);
            return MPS2_EXIT_FAIL;
        }
        mps2Console_Printf("core0: restart-core1: client %u: counter %u = its acknowledged "
                           "increments (%u found applied by their retry); %u retries (%u "
                           "RESTARTED, %u NORESPONSE); objects and keys as acknowledged\n",
                           i + 1u, (unsigned)w->acked, (unsigned)w->conflicts, (unsigned)w->retries,
                           (unsigned)w->restarted, (unsigned)w->noResponse);
        total += w->retries;
        (void)wh_Client_Cleanup(&w->c);
    }
    RCHECK(total >= RESTARTS); /* every restart cost some client a retry */
    /* SHE LOAD_KEY with a restart around it. */
    {
        unsigned kind[3] = {0, 0, 0};
        RCHECK(core0_ClientInit(&C[0].c, 0, TIMEOUT_MS) == WH_ERROR_OK);
        int k = 0;
        /* Each update sent at a pseudo-random moment within 3 ms of the arming: the restart
         * lands before it, inside its handling or after it (core 1's millisecond phase moves
         * from restart to restart, so the moments do not map onto an order). */
        for (r = 0; r < SHE_ROUNDS; r++) {
            seed = seed * 1103515245u + 12345u;
            RCHECK(sheRound(&C[0], (seed >> 8) % SHE_SPAN_TICKS, kind, &k) == MPS2_EXIT_OK);
        }
        (void)wh_Client_Cleanup(&C[0].c);
        mps2Console_Printf("core0: restart-core1: SHE LOAD_KEY with a restart around it, %u "
                           "rounds: %u answered, %u applied with the answer lost (the retry "
                           "refused, K_NEW in the slot), %u not applied (the retry applied it); "
                           "the key there once every time\n",
                           SHE_ROUNDS, kind[0], kind[1], kind[2]);
    }
    mps2Console_Printf("core0: restart-core1: %u restarts, %d changes acknowledged, every one "
                       "present exactly once, no client hung: passed\n",
                       RESTARTS + SHE_ROUNDS, step);
    return MPS2_EXIT_OK;
}
