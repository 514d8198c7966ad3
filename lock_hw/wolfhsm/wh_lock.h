/*
 * wolfhsm/wh_lock.h
 *
 * The lock abstraction: a callback table, a context and a config, as in the seed. The NVM
 * context embeds one lock that serialises NVM and global key cache access between server
 * contexts (WOLFHSM_CFG_THREADSAFE).
 *
 * Backends: POSIX mutex (port/posix/posix_lock.h), hardware semaphore gate.
 */
#ifndef WOLFHSM_WH_LOCK_H_
#define WOLFHSM_WH_LOCK_H_

#include <stdint.h>

typedef int (*whLockInitCb)(void* context, const void* config);
typedef int (*whLockCleanupCb)(void* context);
typedef int (*whLockAcquireCb)(void* context);
typedef int (*whLockReleaseCb)(void* context);

typedef struct whLockCb_t {
    whLockInitCb    init;    /* Initialize lock resources */
    whLockCleanupCb cleanup; /* Free lock resources */
    whLockAcquireCb acquire; /* Acquire exclusive lock (blocking) */
    whLockReleaseCb release; /* Release exclusive lock */
} whLockCb;

typedef struct whLockConfig_t {
    const whLockCb* cb;
    void*           context; /* backend state, owned by the caller */
    const void*     config;  /* backend config; NULL: backend defaults */
} whLockConfig;

typedef struct whLock_t {
    const whLockCb* cb; /* NULL: no-op lock */
    void*           context;
    uint8_t         initialized;
    uint8_t         pad[7];
} whLock;

/* Initialise from config. A NULL config makes a no-op lock (acquire and release succeed and
 * do nothing). WH_ERROR_BADARGS for a NULL lock or a config without a complete cb table. */
int wh_Lock_Init(whLock* lock, const whLockConfig* config);
/* Release the backend's resources. The lock must not be held. */
int wh_Lock_Cleanup(whLock* lock);
/* Block until the lock is ours. WH_ERROR_NOTINIT before Init; WH_ERROR_LOCKED if the
 * caller already holds it (when the backend can tell); other backend errors as returned. */
int wh_Lock_Acquire(whLock* lock);
/* WH_ERROR_NOTOWNER if the caller does not hold it (when the backend can tell). */
int wh_Lock_Release(whLock* lock);

#endif /* !WOLFHSM_WH_LOCK_H_ */
