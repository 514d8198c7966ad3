/*
 * port/posix/posix_doorbell.c: event count + futex (see posix_doorbell.h).
 *
 * No lost wake-up: ring() increments count before it reads waiters; wait() increments
 * waiters before the kernel compares count with the snapshot. Both are sequentially
 * consistent, so either the ringer sees the waiter (and wakes it) or the kernel sees the new
 * count (and does not sleep).
 */
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "port/posix/posix_doorbell.h"
#include "wolfhsm/wh_error.h"

static long futex(_Atomic uint32_t* word, int op, uint32_t val, const struct timespec* ts)
{
    return syscall(SYS_futex, (uint32_t*)word, op, val, ts, NULL, 0);
}

void posixDoorbell_Ring(void* context)
{
    posixDoorbell* db = context;

    atomic_fetch_add(&db->count, 1u);
    if (atomic_load(&db->waiters) != 0u) {
        (void)futex(&db->count, FUTEX_WAKE, INT_MAX, NULL);
    }
}

uint32_t posixDoorbell_Snapshot(void* context)
{
    posixDoorbell* db = context;
    return atomic_load_explicit(&db->count, memory_order_acquire);
}

static uint64_t nowMs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int posixDoorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    posixDoorbell* db       = context;
    uint64_t       deadline = nowMs() + timeoutMs;
    int            ret      = WH_ERROR_OK;

    atomic_fetch_add(&db->waiters, 1u);
    while (atomic_load(&db->count) == snapshot) {
        struct timespec  rel;
        struct timespec* ts = NULL;
        if (timeoutMs != 0u) {
            uint64_t now = nowMs();
            if (now >= deadline) {
                ret = WH_ERROR_TIMEOUT;
                break;
            }
            rel.tv_sec  = (time_t)((deadline - now) / 1000u);
            rel.tv_nsec = (long)((deadline - now) % 1000u) * 1000000L;
            ts          = &rel;
        }
        /* Returns at once (EAGAIN) if count already moved; EINTR and spurious wake-ups loop. */
        (void)futex(&db->count, FUTEX_WAIT, snapshot, ts);
    }
    atomic_fetch_sub(&db->waiters, 1u);
    /* The loop's last load of count (sequentially consistent, so acquiring) pairs with the
     * ringer's increment: what it published before ringing is visible now. */
    return ret;
}
