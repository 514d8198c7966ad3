/*
 * wolfhsm/wh_lock_hwsem.h
 *
 * A whLockCb backend on a hardware-semaphore gate: one 32-bit word in memory both cores
 * see, 0 when free, else the owner's id (core and context, from the `owner` hook). Taking
 * the gate is one atomic exclusive compare-and-set, the platform port's
 * wh_LockHwSem_GateTake: LDREX/STREX on Cortex-M (port/cortexm/cortexm_hwsem.c), C11
 * atomics in the host model of the same gate (port/posix/posix_hwsem.c). An image links
 * exactly one of them.
 *
 * Acquire never spins blindly: between attempts it calls the `yield` hook, which lets the
 * cooperative scheduler run other server contexts. When the caller may not wait (it runs
 * nested inside another context's yield, so the holder cannot resume until it returns),
 * yield says WH_ERROR_NOTREADY and acquire returns that at once: the server leaves the
 * request in its mailbox and serves it later. After `maxWaits` yields acquire gives up with
 * WH_ERROR_TIMEOUT instead of hanging. A second acquire by the owner is WH_ERROR_LOCKED; a
 * release by anyone else is WH_ERROR_NOTOWNER.
 *
 * On MCUs with a hardware semaphore block (e.g. NXP SEMA42, the STM32 HSEM, Infineon
 * AURIX's or Renesas RH850's mutex registers), the gate word is one of its gates: take is
 * the block's "write my master/process id, read back" sequence instead of LDREX/STREX,
 * release writes 0, and the block's unlock interrupt can ring the waiters' doorbell. The
 * owner id, yield and bounded wait stay as they are here.
 */
#ifndef WOLFHSM_WH_LOCK_HWSEM_H_
#define WOLFHSM_WH_LOCK_HWSEM_H_

#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_lock.h"

/* The gate, in memory shared by the cores; zero-initialised (free). */
typedef struct whHwSemGate_t {
    _Atomic uint32_t owner;
} whHwSemGate;

typedef struct whHwSemConfig_t {
    whHwSemGate* gate;
    /* Id of the caller (core << 8 | context + 1), never 0. */
    uint32_t (*owner)(void* arg);
    /* Or a word that holds it (the cooperative scheduler's, wh_Sched_OwnerWord), read by the
     * caller's own thread: a load instead of a call on each acquire and release. Used when
     * not NULL; owner may then be NULL. */
    const uint32_t* ownerWord;
    /* Let others run: WH_ERROR_OK, or WH_ERROR_NOTREADY when the caller may not wait. NULL:
     * acquire fails with WH_ERROR_NOTREADY instead of waiting. */
    int (*yield)(void* arg);
    void*    arg;
    uint32_t maxWaits; /* yields before WH_ERROR_TIMEOUT; 0: wait for ever */
} whHwSemConfig;

typedef struct whHwSemContext_t {
    whHwSemConfig    cfg;
    _Atomic uint32_t contended; /* acquires that had to wait: statistics (any thread) */
    uint8_t          initialized;
    uint8_t          pad[3];
} whHwSemContext;

/* One attempt to take the gate for id (never 0): free -> id atomically, with acquire order
 * (nothing the owner does moves above it). 1 when the gate is now id's; 0 when it was not
 * free or the attempt was disturbed (the caller tries again). Defined by the platform's port
 * (see above), not by wh_lock_hwsem.c. */
int wh_LockHwSem_GateTake(whHwSemGate* gate, uint32_t id);

int wh_LockHwSem_Init(void* context, const void* config);
int wh_LockHwSem_Cleanup(void* context);
int wh_LockHwSem_Acquire(void* context);
int wh_LockHwSem_Release(void* context);

#define WH_LOCK_HWSEM_CB                                                  \
    {                                                                     \
        .init = wh_LockHwSem_Init, .cleanup = wh_LockHwSem_Cleanup,       \
        .acquire = wh_LockHwSem_Acquire, .release = wh_LockHwSem_Release, \
    }

#endif /* !WOLFHSM_WH_LOCK_HWSEM_H_ */
