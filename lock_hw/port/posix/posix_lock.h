/*
 * port/posix/posix_lock.h
 *
 * The POSIX whLockCb backend: a pthread mutex. With an error-checking mutex
 * (PTHREAD_MUTEX_ERRORCHECK in the config's attributes) a double acquire returns
 * WH_ERROR_LOCKED and a release by a thread that does not hold it WH_ERROR_NOTOWNER.
 *
 *   static posixLockContext lockCtx;
 *   static const whLockCb   lockCb = POSIX_LOCK_CB;
 *   whLockConfig lockConfig = {.cb = &lockCb, .context = &lockCtx, .config = NULL};
 */
#ifndef PORT_POSIX_POSIX_LOCK_H_
#define PORT_POSIX_POSIX_LOCK_H_

#include <pthread.h>

#include "wolfhsm/wh_lock.h"

typedef struct posixLockConfig_t {
    const pthread_mutexattr_t* attr; /* NULL: default mutex attributes */
} posixLockConfig;

typedef struct posixLockContext_t {
    pthread_mutex_t mutex;
    int             initialized;
} posixLockContext;

int posixLock_Init(void* context, const void* config);
int posixLock_Cleanup(void* context);
int posixLock_Acquire(void* context);
int posixLock_Release(void* context);

#define POSIX_LOCK_CB                                                                       \
    {                                                                                       \
        .init = posixLock_Init, .cleanup = posixLock_Cleanup, .acquire = posixLock_Acquire, \
        .release = posixLock_Release,                                                       \
    }

#endif /* !PORT_POSIX_POSIX_LOCK_H_ */
