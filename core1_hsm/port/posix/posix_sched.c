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
    int served = (current != NULL) ? wh_Sched_Yield(current) : 0;

    (void)arg;
    if (served == 0) {
        (void)sched_yield(); /* nothing ran: let the thread holding the lock run */
    }
    return (served < 0) ? served : WH_ERROR_OK;
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
    uint64_t now;

    (void)arg;
    while ((now = nowUs()) < deadline) {
        if ((current != NULL) && (deadline - now >= 1000u) && (current->depth == 0u)) {
            wh_Sched_Idle(current, 1); /* serve, or sleep until rung (at most 1 ms) */
        }
        else {
            (void)posixSched_Yield(NULL); /* short remainder, or nested: poll */
        }
    }
}
