/*
 * wh_lock.c: the lock object over a backend callback table (see wolfhsm/wh_lock.h).
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_lock.h"

int wh_Lock_Init(whLock* lock, const whLockConfig* config)
{
    int ret = WH_ERROR_OK;

    if (lock == NULL) {
        return WH_ERROR_BADARGS;
    }
    memset(lock, 0, sizeof(*lock));
    if (config != NULL) {
        const whLockCb* cb = config->cb;
        if ((cb == NULL) || (cb->init == NULL) || (cb->cleanup == NULL) || (cb->acquire == NULL) ||
            (cb->release == NULL)) {
            return WH_ERROR_BADARGS;
        }
        ret = cb->init(config->context, config->config);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        lock->cb      = cb;
        lock->context = config->context;
    }
    lock->initialized = 1;
    return WH_ERROR_OK;
}

int wh_Lock_Cleanup(whLock* lock)
{
    int ret = WH_ERROR_OK;

    if (lock == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!lock->initialized) {
        return WH_ERROR_NOTINIT;
    }
    if (lock->cb != NULL) {
        ret = lock->cb->cleanup(lock->context);
    }
    memset(lock, 0, sizeof(*lock));
    return ret;
}

int wh_Lock_Acquire(whLock* lock)
{
    if (lock == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!lock->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return (lock->cb == NULL) ? WH_ERROR_OK : lock->cb->acquire(lock->context);
}

int wh_Lock_Release(whLock* lock)
{
    if (lock == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!lock->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return (lock->cb == NULL) ? WH_ERROR_OK : lock->cb->release(lock->context);
}
