/*
 * port/posix/posix_doorbell.h
 *
 * The POSIX doorbell: an event count in shared memory and a futex on it. Works between
 * threads and between processes (the posixDoorbell lives in the shared mapping). ring()
 * makes a system call only when someone sleeps.
 */
#ifndef PORT_POSIX_POSIX_DOORBELL_H_
#define PORT_POSIX_POSIX_DOORBELL_H_

#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_doorbell.h"

/* Zero-initialised state, placed in memory both sides map. */
typedef struct posixDoorbell_t {
    _Atomic uint32_t count;   /* event count, the futex word */
    _Atomic uint32_t waiters; /* sides sleeping or about to sleep on count */
} posixDoorbell;

void     posixDoorbell_Ring(void* context);
uint32_t posixDoorbell_Snapshot(void* context);
int      posixDoorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs);

#define POSIX_DOORBELL_CB                                               \
    {                                                                   \
        .ring = posixDoorbell_Ring, .snapshot = posixDoorbell_Snapshot, \
        .wait = posixDoorbell_Wait,                                     \
    }

#endif /* !PORT_POSIX_POSIX_DOORBELL_H_ */
