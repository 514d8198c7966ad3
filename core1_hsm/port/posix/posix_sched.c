/*
 * port/posix/posix_sched.c: see posix_sched.h.
 *
 * The calling thread's scheduler is thread-local state: it is what lets shared hooks (one
 * lock, one flash) reach the scheduler of whichever thread calls them.
 */
#include <sched.h>
#include <time.h>

#include "port/posix/posix_sched.h"
#include "wolfhsm/wh_error.h"

static __thread whSched* current;
static __thread uint32_t threadId;
static atomic_uint       threadCount;

int posixSched_Run(whSched* s, const atomic_int* stop)
{
    int ret;

    current = s;
    ret     = wh_Sched_Run(s, stop);
    current = NULL;
    return ret;
}

uint32_t posixSched_Owner(void* arg)
{
    (void)arg;
    if (current != NULL) {
        return wh_Sched_Owner(current);
    }
    if (threadId == 0u) {
        threadId = 0x10000u + atomic_fetch_add(&threadCount, 1u);
    }
    return threadId;
}

int posixSched_Yield(void* arg)
{
    (void)arg;
    if (current != NULL) {
        return wh_Sched_Yield(current);
    }
    (void)sched_yield();
    return WH_ERROR_OK;
}

static uint64_t nowUs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void posixSched_Busy(void* arg, uint32_t us)
{
    uint64_t deadline = nowUs() + us;

    (void)arg;
    while (nowUs() < deadline) {
        if (posixSched_Yield(NULL) != WH_ERROR_OK) {
            posixSched_Idle(NULL); /* nested: nothing may run here, the time still passes */
        }
    }
}

void posixSched_Idle(void* arg)
{
    const struct timespec pause = {0, 20000L}; /* 20 us: a wait, not a spin */

    (void)arg;
    (void)nanosleep(&pause, NULL);
}
