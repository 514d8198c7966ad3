/*
 * wolfhsm/wh_nvm.h
 *
 * The NVM context: persistent objects (client objects, committed keys, counters) behind an
 * NVM backend callback table, the lock that serialises access to them (and, with
 * WOLFHSM_CFG_GLOBAL_KEYS, the global key cache it holds) between server contexts.
 *
 * Locking: with WOLFHSM_CFG_THREADSAFE, the wh_Nvm_* object functions do not lock on their
 * own; the caller holds WH_NVM_LOCK (or WH_SERVER_NVM_LOCK) around each compound step, so a
 * check-then-modify sequence is atomic. Without it, the lock macros are WH_ERROR_OK and
 * compile to no code.
 * */
#ifndef WOLFHSM_WH_NVM_H_
#define WOLFHSM_WH_NVM_H_

#include <stdint.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_keycache.h"
#include "wolfhsm/wh_lock.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

/*
 * The backend callback table. Same contracts as the wh_Nvm_* functions below, which check
 * arguments and then call these.
 */
typedef struct whNvmCb_t {
    int (*init)(void* context, const void* config);
    int (*cleanup)(void* context);
    int (*getAvailable)(void* context, uint32_t* out_availSize, whNvmId* out_availObjects,
                        uint32_t* out_reclaimSize, whNvmId* out_reclaimObjects);
    int (*addObject)(void* context, const whNvmMetadata* meta, whNvmSize dataLen,
                     const uint8_t* data);
    int (*list)(void* context, whNvmAccess access, whNvmFlags flags, whNvmId startId,
                whNvmId* out_count, whNvmId* out_id);
    int (*getMetadata)(void* context, whNvmId id, whNvmMetadata* out_meta);
    int (*destroyObjects)(void* context, whNvmId listCount, const whNvmId* idList);
    int (*read)(void* context, whNvmId id, whNvmSize offset, whNvmSize dataLen, uint8_t* data);
} whNvmCb;

typedef struct whNvmConfig_t {
    const whNvmCb* cb;
    void*          context;
    const void*    config;
#ifdef WOLFHSM_CFG_THREADSAFE
    const whLockConfig* lockConfig; /* NULL: no-op lock */
#endif
} whNvmConfig;

typedef struct whNvmContext_t {
    const whNvmCb* cb;
    void*          context;
#ifdef WOLFHSM_CFG_THREADSAFE
    whLock lock;
#endif
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    whKeyCache     globalCache; /* keys shared by all clients; guarded by the lock */
    whKeyCacheSlot globalSlots[WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT];
#endif
    uint8_t initialized;
} whNvmContext;

/* Initialise the backend and the lock. On error nothing stays initialised. */
int wh_Nvm_Init(whNvmContext* nvm, const whNvmConfig* config);
/* Clean up the backend and the lock (wipes the global key cache). */
int wh_Nvm_Cleanup(whNvmContext* nvm);

/* Free space and object slots now, and what compaction would reclaim. Out pointers may be
 * NULL. */
int wh_Nvm_GetAvailable(whNvmContext* nvm, uint32_t* out_availSize, whNvmId* out_availObjects,
                        uint32_t* out_reclaimSize, whNvmId* out_reclaimObjects);
/* Add an object, or replace the object with the same id (refused with WH_ERROR_ACCESS if
 * that one is non-modifiable). meta->len is set to dataLen. The old version stays intact
 * until the new one is committed; compaction runs when space is short (WH_ERROR_NOSPACE if
 * even then it does not fit). */
int wh_Nvm_AddObject(whNvmContext* nvm, whNvmMetadata* meta, whNvmSize dataLen,
                     const uint8_t* data);
/* Among objects whose access and flags contain all bits of access and flags, in increasing
 * id order after startId (0: from the first): *out_id is the first and *out_count how many
 * there are. *out_count 0 and *out_id WH_NVM_ID_INVALID when none. */
int wh_Nvm_List(whNvmContext* nvm, whNvmAccess access, whNvmFlags flags, whNvmId startId,
                whNvmId* out_count, whNvmId* out_id);
/* WH_ERROR_NOTFOUND if there is no such object. */
int wh_Nvm_GetMetadata(whNvmContext* nvm, whNvmId id, whNvmMetadata* out_meta);
/* Destroy every listed object, or none: WH_ERROR_ACCESS if one is non-destroyable.
 * Ids that do not exist are skipped. */
int wh_Nvm_DestroyObjects(whNvmContext* nvm, whNvmId listCount, const whNvmId* idList);
/* Read len bytes at offset of object id. WH_ERROR_BADARGS if the range is outside it. */
int wh_Nvm_Read(whNvmContext* nvm, whNvmId id, whNvmSize offset, whNvmSize len, uint8_t* buf);

#ifdef WOLFHSM_CFG_THREADSAFE
int wh_Nvm_Lock(whNvmContext* nvm);
int wh_Nvm_Unlock(whNvmContext* nvm);
#define WH_NVM_LOCK(nvm) wh_Nvm_Lock(nvm)
#define WH_NVM_UNLOCK(nvm) wh_Nvm_Unlock(nvm)
#else
#define WH_NVM_LOCK(nvm) ((void)(nvm), WH_ERROR_OK)
#define WH_NVM_UNLOCK(nvm) ((void)(nvm), WH_ERROR_OK)
#endif

#endif /* !WOLFHSM_WH_NVM_H_ */
