/*
 * port/posix/posix_lock.c: whLockCb over a pthread mutex (see posix_lock.h).
 */
#include <errno.h>
#include <stddef.h>

#include "port/posix/posix_lock.h"
#include "wolfhsm/wh_error.h"

static int fromErrno(int err)
{
    switch (err) {
        case 0:
            return WH_ERROR_OK;
        case EDEADLK:
            return WH_ERROR_LOCKED;
        case EPERM:
            return WH_ERROR_NOTOWNER;
        case EINVAL:
            return WH_ERROR_BADARGS;
        default:
            return WH_ERROR_ABORTED;
    }
}

int posixLock_Init(void* context, const void* config)
{
    posixLockContext*      ctx = context;
    const posixLockConfig* cfg = config;
    int                    ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret              = fromErrno(pthread_mutex_init(&ctx->mutex, (cfg != NULL) ? cfg->attr : NULL));
    ctx->initialized = (ret == WH_ERROR_OK);
    return ret;
}

int posixLock_Cleanup(void* context)
{
    posixLockContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    ctx->initialized = 0;
    return fromErrno(pthread_mutex_destroy(&ctx->mutex));
}

int posixLock_Acquire(void* context)
{
    posixLockContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return fromErrno(pthread_mutex_lock(&ctx->mutex));
}

int posixLock_Release(void* context)
{
    posixLockContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return fromErrno(pthread_mutex_unlock(&ctx->mutex));
}
