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
     * return), WH_ERROR_TIMEOUT after timeout_ms (0: no timeout). */
    int (*wait)(void* context, uint32_t snapshot, uint32_t timeout_ms);
} whDoorbellCb;

typedef struct whDoorbell_t {
    const whDoorbellCb* cb;      /* NULL: no doorbell; waiting sides poll */
    void*               context;
} whDoorbell;

#endif /* !WOLFHSM_WH_DOORBELL_H_ */
