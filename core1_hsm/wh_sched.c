/*
 * wh_sched.c: the cooperative scheduler (see wolfhsm/wh_sched.h).
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_sched.h"

int wh_Sched_Init(whSched* s, const whSchedConfig* config)
{
    uint16_t i;

    if ((s == NULL) || (config == NULL) || (config->servers == NULL) || (config->count == 0) ||
        (config->coreId == 0xFFu)) {
        return WH_ERROR_BADARGS;
    }
    for (i = 0; i < config->count; i++) {
        if (config->servers[i] == NULL) {
            return WH_ERROR_BADARGS;
        }
    }
    if ((config->doorbell.cb != NULL) && (config->doorbell.cb->take != NULL) &&
        (config->count > 32u)) {
        return WH_ERROR_BADARGS;
    }
    memset(s, 0, sizeof(*s));
    s->cfg      = *config;
    s->contexts = (config->count < 32u) ? ((1u << config->count) - 1u) : ~0u;
    s->visit    = s->contexts;
    s->owner    = ((uint32_t)config->coreId << 8) | 0xFFu; /* none */
    s->rang     = (uint8_t)((config->doorbell.cb != NULL) && (config->doorbell.cb->take != NULL));
    s->again    = 1;
    s->initialized = 1;
    return WH_ERROR_OK;
}

/* Serve one request of context i if it has one: 1 if served, 0 if none, WH_ERROR_BUSY if
 * deferred (the request is still waiting). */
static int serveOne(whSched* s, uint16_t i)
{
    uint32_t outer = s->owner;
    int      ret;

    s->owner = (outer & ~0xFFu) | (i + 1u);
    ret      = wh_Server_HandleRequestMessage(s->cfg.servers[i]);
    s->owner = outer;
    if (ret == WH_ERROR_BUSY) {
        s->stats.deferred++;
        s->again = 1;
        return ret;
    }
    if (ret == WH_ERROR_OK) {
        s->stats.served++;
        return 1;
    }
    return 0;
}

static unsigned prio(const whSched* s, unsigned i)
{
    return s->cfg.servers[i]->priority;
}

/* A pass over every context except `skip` (-1: none), starting from s->next: the contexts
 * of the highest priority class with a request are served, at most one request each; if
 * none of them had work after all, the next class down. Returns the requests served;
 * *deferred tells whether one had to be left for later. s->left records that a lower class
 * may have waited. A context whose mailbox holds nothing costs only the look
 * (wh_Server_HasRequest). */
static int pass(whSched* s, int16_t skip, int* deferred)
{
    whServerContext* const* servers = s->cfg.servers;
    unsigned                n       = s->cfg.count;
    unsigned                start   = s->next;
    unsigned                cls     = 0x100u; /* above every class */
    unsigned                i;
    unsigned                k;
    int                     served = 0;

    *deferred = 0;
    s->left   = 0;
    s->next   = (uint16_t)((start + 1u < n) ? start + 1u : 0u);
    for (;;) {
        unsigned top   = 0;
        int      found = 0;
        for (i = 0; i < n; i++) {
            if (((int)i != skip) && (prio(s, i) < cls) && (!found || (prio(s, i) > top)) &&
                wh_Server_HasRequest(servers[i])) {
                top   = prio(s, i);
                found = 1;
            }
        }
        if (!found) {
            return served;
        }
        if ((served != 0) || *deferred) {
            s->left  = 1; /* a lower class waits for a pass of its own */
            s->again = 1;
            return served;
        }
        cls = top;
        for (i = start, k = n; k > 0u; k--) {
            if (((int)i != skip) && (prio(s, i) == cls) && wh_Server_HasRequest(servers[i])) {
                int ret = serveOne(s, (uint16_t)i);
                if (ret == WH_ERROR_BUSY) {
                    *deferred = 1;
                }
                else {
                    served += ret;
                }
            }
            if (++i == n) {
                i = 0;
            }
        }
    }
}

/* A top-level pass on a doorbell that tells its ringers apart: serve the contexts that rang
 * and those to visit again, from s->next round, without looking into the others: those of
 * the highest class among them, or the next class down if none of those had work; the
 * others are visited by the next pass. A ring with nothing behind it costs a receive that
 * finds nothing. Returns what pass returns plus one when something deferred or waits. */
static int passRang(whSched* s)
{
    /* Bits of no context are rings with nothing to serve. */
    uint32_t mask     = (WH_DOORBELL_TAKE(&s->cfg.doorbell) | s->visit) & s->contexts;
    unsigned n        = s->cfg.count;
    unsigned start    = s->next;
    int      served   = 0;
    int      deferred = 0;

    s->visit = 0;
    s->next  = (uint16_t)((start + 1u < n) ? start + 1u : 0u);
    s->left  = 0;
    if ((mask & (mask - 1u)) == 0u) {
        /* One context (the usual case: one client rang): no classes to compare. */
        if (mask != 0u) {
            int ret = serveOne(s, (uint16_t)__builtin_ctz(mask));
            if (ret == WH_ERROR_BUSY) {
                s->visit = mask;
                return 1;
            }
            return ret;
        }
        return 0;
    }
    while ((mask != 0u) && (served == 0) && !deferred) {
        unsigned top = 0;
        unsigned i;
        unsigned k;
        for (i = 0; i < n; i++) {
            if (((mask >> i) & 1u) && (prio(s, i) > top)) {
                top = prio(s, i);
            }
        }
        for (i = start, k = n; k > 0u; k--) {
            uint32_t bit = 1u << i;
            if (((mask & bit) != 0u) && (prio(s, i) == top)) {
                int ret = serveOne(s, (uint16_t)i);
                mask &= ~bit;
                if (ret == WH_ERROR_BUSY) {
                    s->visit |= bit;
                    deferred = 1;
                }
                else {
                    served += ret;
                }
            }
            if (++i == n) {
                i = 0;
            }
        }
    }
    s->visit |= mask; /* rang, in a lower class: the next pass serves them */
    s->left = (uint8_t)(mask != 0u);
    s->again |= s->left;
    return served + (deferred | s->left);
}

/* wh_Sched_RunOnce on a scheduler known to be initialised (the step's pass). */
static int runOnce(whSched* s)
{
    int deferred;
    int served;

    s->stats.passes++;
    if (s->rang) {
        return passRang(s);
    }
    served = pass(s, -1, &deferred);
    return served + (deferred | s->left);
}

int wh_Sched_RunOnce(whSched* s)
{
    if (s == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!s->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return runOnce(s);
}

/* A pass, unless the doorbell has not rung since the snapshot before the last one (snap is
 * the same) and nothing was deferred or left waiting since (s->again): every request rings
 * after it is published, so that pass saw everything there is. Returns what
 * wh_Sched_RunOnce returns, or 0. */
static int passIfRung(whSched* s, uint32_t snap)
{
    if ((snap == s->stepSnap) && !s->again) {
        return 0;
    }
    s->stepSnap = snap;
    s->again    = 0;
    return runOnce(s);
}

/* The heartbeat of every context's mailbox (wh_server.h). */
static void beatAll(whSched* s)
{
    uint16_t i;

    for (i = 0; i < s->cfg.count; i++) {
        wh_Server_Beat(s->cfg.servers[i]);
    }
}

int wh_Sched_Step(whSched* s, const atomic_int* stop, uint32_t timeoutMs)
{
    const whDoorbell* db;
    int               work;
    uint32_t          waitMs = timeoutMs;

    if (s == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!s->initialized) {
        return WH_ERROR_NOTINIT;
    }
    db = &s->cfg.doorbell;
    if ((s->steps++ & 15u) == 0u) {
        beatAll(s); /* while busy: every 16th step, a few stores for the whole pass */
    }
    if (db->cb == NULL) {
        return wh_Sched_RunOnce(s); /* no doorbell: the caller polls */
    }
    /* Each snapshot is taken before its pass: a request that arrives during the pass rings
     * the doorbell after the snapshot, so the wait returns at once. */
    work = passIfRung(s, WH_DOORBELL_SNAPSHOT(db));
    if ((work != 0) || ((stop != NULL) && atomic_load(stop))) {
        return work;
    }
    s->stats.sleeps++;
    if (waitMs == 0u) {
        waitMs = WOLFHSM_CFG_HEARTBEAT_MS; /* wake to beat: the caller steps again */
    }
    if (WH_DOORBELL_WAIT(db, s->stepSnap, waitMs) == WH_ERROR_TIMEOUT) {
        beatAll(s); /* idle: a beat per wait that timed out (not per sleep: a round trip
                     * would pay for it) */
        return (waitMs == timeoutMs) ? WH_ERROR_TIMEOUT : 0;
    }
    if ((stop != NULL) && atomic_load(stop)) {
        return 0;
    }
    return passIfRung(s, WH_DOORBELL_SNAPSHOT(db)); /* what woke us */
}

int wh_Sched_Run(whSched* s, const atomic_int* stop)
{
    if ((s == NULL) || (stop == NULL)) {
        return WH_ERROR_BADARGS;
    }
    while (!atomic_load(stop)) {
        int ret = wh_Sched_Step(s, stop, 0);
        if (ret < 0) {
            return ret;
        }
    }
    return WH_ERROR_OK;
}

int wh_Sched_Yield(whSched* s)
{
#ifdef WOLFHSM_CFG_THREADSAFE
    int served;
    int deferred;

    if ((s == NULL) || !s->initialized) {
        return WH_ERROR_BADARGS;
    }
    if (s->depth != 0u) {
        return WH_ERROR_NOTREADY;
    }
    s->depth = 1;
    s->stats.nested++;
    served   = pass(s, ((s->owner & 0xFFu) == 0xFFu) ? -1 : (int16_t)((s->owner & 0xFFu) - 1u),
                    &deferred);
    s->depth = 0;
    return served;
#else
    (void)s;
    return WH_ERROR_NOTREADY; /* nothing keeps nested contexts off shared state */
#endif
}

void wh_Sched_Idle(whSched* s, uint32_t timeoutMs)
{
    const whDoorbell* db = &s->cfg.doorbell;
    uint32_t          snap;

    if (db->cb == NULL) {
        return;
    }
    snap = WH_DOORBELL_SNAPSHOT(db);
    if (wh_Sched_Yield(s) == 0) {
        (void)WH_DOORBELL_WAIT(db, snap, timeoutMs);
    }
}

uint32_t wh_Sched_Owner(const whSched* s)
{
    return s->owner;
}

const uint32_t* wh_Sched_OwnerWord(const whSched* s)
{
    return &s->owner;
}
