/*
 * wh_nvm.c: the NVM context (see wolfhsm/wh_nvm.h): argument checks, the lock and the
 * global key cache around an NVM backend.
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_nvm.h"

int wh_Nvm_Init(whNvmContext* nvm, const whNvmConfig* config)
{
    int ret;

    if ((nvm == NULL) || (config == NULL) || (config->cb == NULL) || (config->cb->init == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memset(nvm, 0, sizeof(*nvm));
#ifdef WOLFHSM_CFG_THREADSAFE
    ret = wh_Lock_Init(&nvm->lock, config->lockConfig);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
#endif
    ret = config->cb->init(config->context, config->config);
    if (ret != WH_ERROR_OK) {
#ifdef WOLFHSM_CFG_THREADSAFE
        (void)wh_Lock_Cleanup(&nvm->lock);
#endif
        return ret;
    }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    wh_KeyCache_Init(&nvm->globalCache, nvm->globalSlots, WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT);
#endif
    nvm->cb          = config->cb;
    nvm->context     = config->context;
    nvm->initialized = 1;
    return WH_ERROR_OK;
}

int wh_Nvm_Cleanup(whNvmContext* nvm)
{
    int ret = WH_ERROR_OK;

    if (nvm == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!nvm->initialized) {
        return WH_ERROR_NOTINIT;
    }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    wh_KeyCache_Cleanup(&nvm->globalCache);
#endif
    if (nvm->cb->cleanup != NULL) {
        ret = nvm->cb->cleanup(nvm->context);
    }
#ifdef WOLFHSM_CFG_THREADSAFE
    (void)wh_Lock_Cleanup(&nvm->lock);
#endif
    memset(nvm, 0, sizeof(*nvm));
    return ret;
}

static int ready(const whNvmContext* nvm)
{
    if (nvm == NULL) {
        return WH_ERROR_BADARGS;
    }
    return nvm->initialized ? WH_ERROR_OK : WH_ERROR_NOTINIT;
}

int wh_Nvm_GetAvailable(whNvmContext* nvm, uint32_t* out_availSize, whNvmId* out_availObjects,
                        uint32_t* out_reclaimSize, whNvmId* out_reclaimObjects)
{
    uint32_t availSize   = 0;
    uint32_t reclaimSize = 0;
    whNvmId  availObjs   = 0;
    whNvmId  reclaimObjs = 0;
    int      ret         = ready(nvm);

    if (ret == WH_ERROR_OK) {
        ret = nvm->cb->getAvailable(nvm->context, &availSize, &availObjs, &reclaimSize,
                                    &reclaimObjs);
    }
    if (ret == WH_ERROR_OK) {
        if (out_availSize != NULL) {
            *out_availSize = availSize;
        }
        if (out_availObjects != NULL) {
            *out_availObjects = availObjs;
        }
        if (out_reclaimSize != NULL) {
            *out_reclaimSize = reclaimSize;
        }
        if (out_reclaimObjects != NULL) {
            *out_reclaimObjects = reclaimObjs;
        }
    }
    return ret;
}

int wh_Nvm_AddObject(whNvmContext* nvm, whNvmMetadata* meta, whNvmSize dataLen, const uint8_t* data)
{
    int ret = ready(nvm);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((meta == NULL) || (meta->id == WH_NVM_ID_INVALID) || ((data == NULL) && (dataLen > 0))) {
        return WH_ERROR_BADARGS;
    }
    meta->len = dataLen;
    return nvm->cb->addObject(nvm->context, meta, dataLen, data);
}

int wh_Nvm_List(whNvmContext* nvm, whNvmAccess access, whNvmFlags flags, whNvmId startId,
                whNvmId* out_count, whNvmId* out_id)
{
    int ret = ready(nvm);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((out_count == NULL) || (out_id == NULL)) {
        return WH_ERROR_BADARGS;
    }
    return nvm->cb->list(nvm->context, access, flags, startId, out_count, out_id);
}

int wh_Nvm_GetMetadata(whNvmContext* nvm, whNvmId id, whNvmMetadata* out_meta)
{
    int ret = ready(nvm);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((out_meta == NULL) || (id == WH_NVM_ID_INVALID)) {
        return WH_ERROR_BADARGS;
    }
    return nvm->cb->getMetadata(nvm->context, id, out_meta);
}

int wh_Nvm_DestroyObjects(whNvmContext* nvm, whNvmId listCount, const whNvmId* idList)
{
    int ret = ready(nvm);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((idList == NULL) && (listCount > 0)) {
        return WH_ERROR_BADARGS;
    }
    return (listCount == 0) ? WH_ERROR_OK
                            : nvm->cb->destroyObjects(nvm->context, listCount, idList);
}

int wh_Nvm_Read(whNvmContext* nvm, whNvmId id, whNvmSize offset, whNvmSize len, uint8_t* buf)
{
    int ret = ready(nvm);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((id == WH_NVM_ID_INVALID) || ((buf == NULL) && (len > 0))) {
        return WH_ERROR_BADARGS;
    }
    return nvm->cb->read(nvm->context, id, offset, len, buf);
}

#ifdef WOLFHSM_CFG_THREADSAFE
int wh_Nvm_Lock(whNvmContext* nvm)
{
    int ret = ready(nvm);
    return (ret == WH_ERROR_OK) ? wh_Lock_Acquire(&nvm->lock) : ret;
}

int wh_Nvm_Unlock(whNvmContext* nvm)
{
    int ret = ready(nvm);
    return (ret == WH_ERROR_OK) ? wh_Lock_Release(&nvm->lock) : ret;
}
#endif
