/*
 * wolfhsm/wh_doorbell.h
 *
 * A doorbell wakes the other side after it published something in shared memory. It is an
 * event count: ring() increments it and wakes sleepers; a sleeper takes a snapshot, checks
 * its condition, and only then waits for the count to move past the snapshot. A ring that
 * lands between the check and the wait moves the count, so the wait returns at once: no
 * wake-up is lost.
 *
 * Backends: POSIX futex (port/posix/posix_doorbell.h), MHU interrupt on the target.
 */
#ifndef WOLFHSM_WH_DOORBELL_H_
#define WOLFHSM_WH_DOORBELL_H_

#include <stdint.h>

typedef struct whDoorbellCb_t {
    /* Increment the event count and wake whoever waits on it. Callable from any context. */
    void (*ring)(void* context);
    /* Current event count (acquire: what the ringer published before ringing is visible). */
    uint32_t (*snapshot)(void* context);
    /* Sleep while the count still equals snapshot. WH_ERROR_OK when it moved (or on an early
     * return), WH_ERROR_TIMEOUT after timeoutMs (0: no timeout). */
    int (*wait)(void* context, uint32_t snapshot, uint32_t timeoutMs);
    /* Optional, for a doorbell that tells its ringers apart (each rings its own bit): return
     * and clear the set of ringers that rang since the last take, noted before the count
     * moved. NULL: it cannot tell. */
    uint32_t (*take)(void* context);
} whDoorbellCb;

typedef struct whDoorbell_t {
    const whDoorbellCb* cb; /* NULL: no doorbell; waiting sides poll */
    void*               context;
} whDoorbell;

/* The calls on a doorbell whose cb is not NULL, for the layers that use one (transport,
 * scheduler). An image whose doorbells are all one board's (the firmware) can bind them at
 * build time with WOLFHSM_CFG_DOORBELL_HOOKS: the calls then go straight to the board's
 * hooks below (its port defines them), not through cb, and the compiler can inline them. */
#ifdef WOLFHSM_CFG_DOORBELL_HOOKS
void     wh_Board_DoorbellRing(void* context);
uint32_t wh_Board_DoorbellSnapshot(void* context);
int      wh_Board_DoorbellWait(void* context, uint32_t snapshot, uint32_t timeoutMs);
uint32_t wh_Board_DoorbellTake(void* context);
#define WH_DOORBELL_RING(db) wh_Board_DoorbellRing((db)->context)
#define WH_DOORBELL_SNAPSHOT(db) wh_Board_DoorbellSnapshot((db)->context)
#define WH_DOORBELL_WAIT(db, snap, ms) wh_Board_DoorbellWait((db)->context, snap, ms)
#define WH_DOORBELL_TAKE(db) wh_Board_DoorbellTake((db)->context)
#else
#define WH_DOORBELL_RING(db) (db)->cb->ring((db)->context)
#define WH_DOORBELL_SNAPSHOT(db) (db)->cb->snapshot((db)->context)
#define WH_DOORBELL_WAIT(db, snap, ms) (db)->cb->wait((db)->context, snap, ms)
#define WH_DOORBELL_TAKE(db) (db)->cb->take((db)->context)
#endif

#endif /* !WOLFHSM_WH_DOORBELL_H_ */
