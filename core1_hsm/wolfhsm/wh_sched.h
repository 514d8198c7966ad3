/*
 * wolfhsm/wh_sched.h
 *
 * The cooperative scheduler of the HSM core: it serves several server contexts round-robin
 * on one thread of execution, switching only at explicit points, and sleeps on one doorbell
 * (every mailbox it serves rings it) when no context has work.
 *
 *  - Priority classes (whServerConfig.priority, higher first): a pass serves the contexts
 *    of the highest class that has work, each at most one request, starting from a rotating
 *    first one (round-robin within a class: a client that floods gets one request per pass,
 *    as every other of its class); a lower class is served by a pass in which no higher
 *    class has work. A long operation runs in slices (whServerConfig.slices), one per pass,
 *    so each slice boundary is a point where a higher class overtakes it.
 *  - Sleep: take the doorbell's snapshot, pass once more, then wait for the doorbell to move
 *    past the snapshot. A request that lands in between moves it: no wake-up is lost.
 *  - Long operations (flash busy time, compaction, waiting for the NVM lock) call
 *    wh_Sched_Yield, which runs a nested pass over the OTHER contexts, so requests that need
 *    no shared state (echo, RNG, crypto with a key in a local cache) keep completing while
 *    one context holds the NVM lock. Nested contexts cannot wait for that lock (its holder is
 *    suspended below them): the lock says WH_ERROR_NOTREADY, the request stays in its
 *    mailbox and is served on a later pass. Nested passes need WOLFHSM_CFG_THREADSAFE (the
 *    lock is what keeps nested contexts off shared state); without it a yield runs nothing.
 *
 * Several schedulers may share one NVM context (one per core on the target, one per thread
 * on POSIX): the NVM lock's owner id is scheduler (core) and context.
 */
#ifndef WOLFHSM_WH_SCHED_H_
#define WOLFHSM_WH_SCHED_H_

#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_doorbell.h"
#include "wolfhsm/wh_server.h"

typedef struct whSchedConfig_t {
    whServerContext** servers; /* initialised contexts; their transports' `self` doorbell is
                                * `doorbell` below */
    uint16_t          count;
    uint8_t           coreId; /* this scheduler's id in lock owner ids: 0..254 */
    uint8_t           pad;
    whDoorbell        doorbell; /* rung by every client of these contexts. When it tells its
                                 * ringers apart (cb->take), the client of servers[i] rings
                                 * bit i, and a top-level pass serves the contexts that rang
                                 * (and any it deferred) without looking into the others; the
                                 * first pass after Init visits every context */
} whSchedConfig;

typedef struct whSchedStats_t {
    uint32_t passes;   /* top-level passes */
    uint32_t nested;   /* passes run inside a yield */
    uint32_t served;   /* requests answered */
    uint32_t deferred; /* requests left for later (lock not available to a nested context) */
    uint32_t sleeps;   /* times the scheduler slept on its doorbell */
} whSchedStats;

typedef struct whSched_t {
    whSchedConfig cfg;
    whSchedStats  stats;
    uint16_t      next;  /* first context of the next pass */
    uint8_t       depth; /* 1 inside a nested pass */
    uint8_t       initialized;
    uint8_t       again;    /* wh_Sched_Step passes though the doorbell has not rung */
    uint8_t       left;     /* the last pass served a higher class and left a lower one */
    uint8_t       rang;     /* the doorbell has a take: passes serve the ones that rang */
    uint32_t      stepSnap; /* doorbell snapshot taken before wh_Sched_Step's last pass */
    uint32_t      contexts; /* with a take: a bit for each context */
    /* with a take: contexts the next top-level pass visits besides the ones that rang (all
     * at first, then the ones it deferred) */
    uint32_t visit;
    uint32_t steps; /* wh_Sched_Step calls: every 16th beats (and idle timeouts) */
    uint32_t owner; /* wh_Sched_Owner's value: the context being served, or none (0xFF) */
} whSched;

/* WH_ERROR_BADARGS for NULL, no contexts, a NULL context, coreId 255, or more than 32
 * contexts on a doorbell with a take. */
int wh_Sched_Init(whSched* s, const whSchedConfig* config);

/* One pass. Returns how many contexts had work (served, or deferred: a deferred request
 * still waits, so the caller must not sleep; plus one when a lower class was left waiting),
 * or an error. */
int wh_Sched_RunOnce(whSched* s);

/* One step of the serving loop: take the doorbell's snapshot, pass, and if no context had
 * work (and *stop, when given, is still 0) sleep until the doorbell rings after the snapshot
 * or timeoutMs (0: no timeout) passes, then pass again. A pass is skipped when the doorbell
 * has not rung since the snapshot before the previous pass and that pass deferred nothing:
 * every request rings after it is published, so that pass saw all there is. Returns how many
 * contexts had work (>= 0), WH_ERROR_TIMEOUT after an idle timeout, or an error. Without a
 * doorbell it only passes (the caller polls). Every 16th step, and each sleep that times
 * out, beats every context's heartbeat (wh_Server_Beat); without a timeout (0) it sleeps at most
 * WOLFHSM_CFG_HEARTBEAT_MS and then returns 0, so that the caller's loop steps, and beats,
 * again. A loop that passes a timeout beats at least that often when idle: keep it well
 * below WOLFHSM_CFG_HSM_DEAD_MS (the target's loop: 100 ms). */
int wh_Sched_Step(whSched* s, const atomic_int* stop, uint32_t timeoutMs);

/* Serve until *stop is non-zero (checked after each pass and before each sleep; ring the
 * doorbell after setting it): wh_Sched_Step in a loop. */
int wh_Sched_Run(whSched* s, const atomic_int* stop);

/* From inside a handler: let the other contexts serve one request each. Returns how many
 * were served (>= 0), or WH_ERROR_NOTREADY when it may not run them (already nested, or not
 * THREADSAFE): the caller must then not wait for anything held by this core. A caller that
 * keeps yielding while nothing is served should sleep on the scheduler's doorbell between
 * yields (wh_Sched_Idle), not spin. */
int wh_Sched_Yield(whSched* s);

/* Sleep on the scheduler's doorbell until a client rings it or timeoutMs passes: the pause
 * of a long operation between yields that served nothing. */
void wh_Sched_Idle(whSched* s, uint32_t timeoutMs);

/* Lock owner id of the context being served: coreId << 8 | index + 1 (never 0; a caller
 * outside any handler gets coreId << 8 | 0xFF). */
uint32_t wh_Sched_Owner(const whSched* s);

/* The word that holds wh_Sched_Owner's value while the scheduler serves (for a lock that
 * reads the owner's id instead of calling for it: whHwSemConfig.ownerWord). */
const uint32_t* wh_Sched_OwnerWord(const whSched* s);

#endif /* !WOLFHSM_WH_SCHED_H_ */
