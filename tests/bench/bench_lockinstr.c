/*
 * bench_lockinstr.c: the cost of an uncontended lock, acquire + release through wh_Lock (the
 * callback table the NVM context uses), on both backends:
 *
 *   bench_posix_lock   port/posix/posix_lock.h: a pthread mutex, default attributes
 *   bench_hwsem_lock   wolfhsm/wh_lock_hwsem.h: the hardware-semaphore gate (one atomic
 *                      compare-and-set each way), owner id from posixSched_Owner as on the
 *                      scheduler threads; here called from a thread without a scheduler,
 *                      so the owner hook takes its thread-local path. Never contended, so
 *                      the yield hook is never called.
 *
 * For callgrind (scripts/callgrind_per_op.sh divides the instructions counted inside each
 * measured function by the "ops <function> <count>" lines). Run normally, it also prints
 * wall-clock nanoseconds per acquire + release from a large loop of the same functions
 * (skipped under valgrind, where the time means nothing).
 *
 * Builds with or without WOLFHSM_CFG_THREADSAFE: the lock object is compiled in both (only
 * the NVM context's use of it depends on the switch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif

#include "port/posix/posix_lock.h"
#include "port/posix/posix_sched.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_lock.h"
#include "wolfhsm/wh_lock_hwsem.h"

#define ROUNDS 10000         /* per function, under callgrind */
#define TIMED_ROUNDS 5000000 /* per timed slice, run normally */
#define TIMED_SLICES 5       /* best of, interleaved between the two backends */

static const whLockCb posixCb = POSIX_LOCK_CB;
static const whLockCb hwsemCb = WH_LOCK_HWSEM_CB;

static posixLockContext posixCtx;
static posixLockConfig  posixCfg = {.attr = NULL}; /* default mutex attributes */
static whLock           posixLock;

static whHwSemGate    gate;
static whHwSemContext hwsemCtx;
static whHwSemConfig  hwsemCfg;
static whLock         hwsemLock;

static void check(int ok, const char* what)
{
    if (!ok) {
        fprintf(stderr, "bench_lockinstr: %s failed\n", what);
        exit(1);
    }
}

/* Measured: one uncontended acquire + release of the POSIX mutex backend per iteration. */
__attribute__((noinline)) void bench_posix_lock(int rounds);
__attribute__((noinline)) void bench_posix_lock(int rounds)
{
    int i;

    for (i = 0; i < rounds; i++) {
        int ok = (wh_Lock_Acquire(&posixLock) == WH_ERROR_OK);
        ok     = (wh_Lock_Release(&posixLock) == WH_ERROR_OK) && ok;
        check(ok, "posix acquire/release");
    }
}

/* Measured: one uncontended acquire + release of the hardware-semaphore backend. */
__attribute__((noinline)) void bench_hwsem_lock(int rounds);
__attribute__((noinline)) void bench_hwsem_lock(int rounds)
{
    int i;

    for (i = 0; i < rounds; i++) {
        int ok = (wh_Lock_Acquire(&hwsemLock) == WH_ERROR_OK);
        ok     = (wh_Lock_Release(&hwsemLock) == WH_ERROR_OK) && ok;
        check(ok, "hwsem acquire/release");
    }
}

static int underValgrind(void)
{
#ifdef HAVE_VALGRIND_H
    if (RUNNING_ON_VALGRIND) {
        return 1;
    }
#endif
    {
        const char* preload = getenv("LD_PRELOAD");
        return (preload != NULL) && (strstr(preload, "vgpreload") != NULL);
    }
}

static uint64_t nowNs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double timeNs(void (*fn)(int), int rounds)
{
    uint64_t t = nowNs();
    fn(rounds);
    return (double)(nowNs() - t) / (double)rounds;
}

int main(void)
{
    whLockConfig posixLockCfg = {.cb = &posixCb, .context = &posixCtx, .config = &posixCfg};
    whLockConfig hwsemLockCfg = {.cb = &hwsemCb, .context = &hwsemCtx, .config = &hwsemCfg};

    atomic_store(&gate.owner, 0u);
    hwsemCfg = (whHwSemConfig){.gate     = &gate,
                               .owner    = posixSched_Owner,
                               .yield    = posixSched_Yield,
                               .maxWaits = 0};
    check(wh_Lock_Init(&posixLock, &posixLockCfg) == WH_ERROR_OK, "posix lock init");
    check(wh_Lock_Init(&hwsemLock, &hwsemLockCfg) == WH_ERROR_OK, "hwsem lock init");

    /* Warm-up outside the measured functions: the owner hook assigns this thread its id
     * on first use, and the first pthread call resolves its PLT entry. */
    check((wh_Lock_Acquire(&posixLock) == WH_ERROR_OK) &&
              (wh_Lock_Release(&posixLock) == WH_ERROR_OK),
          "posix warm-up");
    check((wh_Lock_Acquire(&hwsemLock) == WH_ERROR_OK) &&
              (wh_Lock_Release(&hwsemLock) == WH_ERROR_OK),
          "hwsem warm-up");

    bench_posix_lock(ROUNDS);
    bench_hwsem_lock(ROUNDS);

    if (!underValgrind()) {
        double posixBest = 0.0;
        double hwsemBest = 0.0;
        int    s;
        for (s = 0; s < TIMED_SLICES; s++) {
            double p  = timeNs(bench_posix_lock, TIMED_ROUNDS);
            double h  = timeNs(bench_hwsem_lock, TIMED_ROUNDS);
            posixBest = ((s == 0) || (p < posixBest)) ? p : posixBest;
            hwsemBest = ((s == 0) || (h < hwsemBest)) ? h : hwsemBest;
        }
        printf("uncontended wh_Lock_Acquire + wh_Lock_Release, wall clock (best of %d slices "
               "of %d):\n",
               TIMED_SLICES, TIMED_ROUNDS);
        printf("  posix mutex (default attributes)   %6.2f ns\n", posixBest);
        printf("  hardware-semaphore gate            %6.2f ns\n", hwsemBest);
    }
    check(atomic_load(&gate.owner) == 0u, "gate free at the end");
    check(hwsemCtx.contended == 0u, "never contended");
    check(wh_Lock_Cleanup(&hwsemLock) == WH_ERROR_OK, "hwsem lock cleanup");
    check(wh_Lock_Cleanup(&posixLock) == WH_ERROR_OK, "posix lock cleanup");

    printf("ops bench_posix_lock %d\n", ROUNDS);
    printf("ops bench_hwsem_lock %d\n", ROUNDS);
    return 0;
}
