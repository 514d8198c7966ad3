/*
 * wh_server_nvm.c: the NVM group. Client object ids become full ids of type
 * WH_NVM_TYPE_OBJECT owned by this server's client (or global), so a client reaches only
 * its own and the global objects; on a global object, the HSM's policy gives it rights
 * (wh_server.h: the owner, its creator, has them all; by default others may read it). Each
 * handler translates the request without the lock, holds the lock around the rights check
 * and the NVM step, and translates the response after releasing it.
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_utils.h"

static int objectId(const whServerContext* server, uint16_t wireId, whNvmId* out_id)
{
    return wh_Server_MakeId(server, WH_NVM_TYPE_OBJECT, wireId, out_id);
}

static int getAvailable(whServerContext* server, uint16_t magic, uint8_t* resp,
                        uint16_t* out_respSize)
{
    whMessageNvmAvailableResponse r = {0};
    int                           ret;

    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_GetAvailable(server->nvm, &r.availSize, &r.availObjects, &r.reclaimSize,
                                  &r.reclaimObjects);
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    if (ret == WH_ERROR_OK) {
        wh_MessageNvm_TranslateAvailableResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    return ret;
}

static int addObject(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req)
{
    whMessageNvmAddObjectRequest q;
    whNvmMetadata                meta;
    int                          ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateAddObjectRequest(magic, (const void*)req, &q);
    if ((size_t)reqSize - sizeof(q) < q.len) {
        return WH_ERROR_TRUNCATED;
    }
    ret = objectId(server, q.id, &meta.id);
    if (ret == WH_ERROR_OK) {
        meta.access = q.access;
        meta.flags  = q.flags;
        meta.len    = q.len;
        memcpy(meta.label, q.label, sizeof(meta.label));
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            ret = wh_Server_MayWrite(server, meta.id, &meta.owner);
            if (ret == WH_ERROR_OK) {
                ret = wh_Nvm_AddObject(server->nvm, &meta, q.len, req + sizeof(q));
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    return ret;
}

/* May this client see object id in a listing: its own, or a global one it may use? */
static int visible(whServerContext* server, whNvmId id)
{
    whNvmMetadata meta;

    if ((WH_NVM_ID_TYPE(id) != WH_NVM_TYPE_OBJECT) || !wh_Server_Reaches(server, id)) {
        return 0;
    }
    return (WH_NVM_ID_OWNER(id) != WH_NVM_OWNER_GLOBAL) ||
           (wh_Server_GetAllowed(server, id, WH_RIGHT_USE, &meta) == WH_ERROR_OK);
}

/* Among this client's objects (own and global) matching the filter, after start: the first
 * and how many. Walks the store's listing, skipping what the client may not see. */
static int listOwn(whServerContext* server, whNvmAccess access, whNvmFlags flags, whNvmId start,
                   whNvmId* out_count, whNvmId* out_first)
{
    whNvmId cur   = start;
    whNvmId count = 0;
    whNvmId first = WH_NVM_ID_INVALID;

    for (;;) {
        whNvmId n;
        whNvmId id;
        int     ret = wh_Nvm_List(server->nvm, access, flags, cur, &n, &id);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (n == 0) {
            break;
        }
        if (visible(server, id)) {
            if (first == WH_NVM_ID_INVALID) {
                first = id;
            }
            count++;
        }
        cur = id;
    }
    *out_count = count;
    *out_first = first;
    return WH_ERROR_OK;
}

static int list(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
                uint8_t* resp, uint16_t* out_respSize)
{
    whMessageNvmListRequest  q;
    whMessageNvmListResponse r     = {0};
    whNvmId                  start = WH_NVM_ID_INVALID;
    whNvmId                  first = WH_NVM_ID_INVALID;
    int                      ret   = WH_ERROR_OK;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateListRequest(magic, (const void*)req, &q);
    if (q.startId != 0) {
        ret = objectId(server, q.startId, &start);
    }
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            ret = listOwn(server, q.access, q.flags, start, &r.count, &first);
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    if (ret == WH_ERROR_OK) {
        r.id = (first == WH_NVM_ID_INVALID) ? 0 : wh_Server_WireId(first);
        wh_MessageNvm_TranslateListResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    return ret;
}

static int getMetadata(whServerContext* server, uint16_t magic, uint16_t reqSize,
                       const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageIdRequest           q;
    whMessageNvmMetadataResponse r = {0};
    whNvmMetadata                meta;
    whNvmId                      id;
    int                          ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_Message_TranslateIdRequest(magic, (const void*)req, &q);
    ret = objectId(server, q.id, &id);
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            ret = wh_Server_GetAllowed(server, id, WH_RIGHT_USE, &meta);
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    if (ret == WH_ERROR_OK) {
        r.id     = q.id;
        r.access = meta.access;
        r.flags  = meta.flags;
        r.len    = meta.len;
        memcpy(r.label, meta.label, sizeof(r.label));
        wh_MessageNvm_TranslateMetadataResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    return ret;
}

/* May this client destroy every one of ids that exists (caller holds the lock)? All or
 * nothing: one it may not destroy refuses the whole request. */
static int mayDestroy(whServerContext* server, uint16_t count, const whNvmId* ids)
{
    whNvmMetadata meta;
    int           ret = WH_ERROR_OK;
    uint16_t      i;

    for (i = 0; (ret == WH_ERROR_OK) && (i < count); i++) {
        ret = wh_Server_GetAllowed(server, ids[i], WH_RIGHT_ERASE, &meta);
        if (ret == WH_ERROR_NOTFOUND) {
            ret = WH_ERROR_OK; /* nothing to destroy */
        }
    }
    return ret;
}

static int destroyObjects(whServerContext* server, uint16_t magic, uint16_t reqSize,
                          const uint8_t* req)
{
    whMessageNvmDestroyRequest q;
    whNvmId                    ids[WH_MESSAGE_NVM_MAX_DESTROY];
    int                        ret = WH_ERROR_OK;
    uint16_t                   i;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateDestroyRequest(magic, (const void*)req, &q);
    if (q.count > WH_MESSAGE_NVM_MAX_DESTROY) {
        ret = WH_ERROR_BADARGS;
    }
    for (i = 0; (ret == WH_ERROR_OK) && (i < q.count); i++) {
        ret = objectId(server, q.ids[i], &ids[i]);
    }
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            ret = mayDestroy(server, q.count, ids);
            if (ret == WH_ERROR_OK) {
                ret = wh_Nvm_DestroyObjects(server->nvm, q.count, ids);
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    return ret;
}

static int readObject(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
                      uint8_t* resp, uint16_t* out_respSize)
{
    whMessageNvmReadRequest  q;
    whMessageNvmReadResponse r = {0};
    whNvmId                  id;
    int                      ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateReadRequest(magic, (const void*)req, &q);
    ret = (q.len > WH_MESSAGE_NVM_MAX_READ) ? WH_ERROR_BADARGS : objectId(server, q.id, &id);
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            whNvmMetadata meta;
            if (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) { /* its own need no look-up */
                ret = wh_Server_GetAllowed(server, id, WH_RIGHT_USE, &meta);
            }
            if (ret == WH_ERROR_OK) {
                ret = wh_Nvm_Read(server->nvm, id, q.offset, q.len, resp + sizeof(r));
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    if (ret == WH_ERROR_OK) {
        r.len = q.len;
        wh_MessageNvm_TranslateReadResponse(magic, &r, (void*)resp);
        *out_respSize = (uint16_t)(sizeof(r) + q.len);
    }
    return ret;
}

/* ---- Requests by address: object data in host memory (wh_message_nvm.h) ----
 * The data goes through private memory (WOLFHSM_CFG_SERVER_DMA_MAX bytes on the stack): an
 * add copies it in once before the lock is taken (the store reads its data twice, for the
 * CRC and to program it: never from host memory), a read copies it out after the lock is
 * released and the read succeeded. The buffer is wiped: object data may be key material. */

static int addObjectDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                        const uint8_t* req)
{
    whMessageNvmAddObjectDmaRequest q;
    whNvmMetadata                   meta;
    uint8_t                         buf[WOLFHSM_CFG_SERVER_DMA_MAX];
    uint8_t*                        src = NULL;
    int                             ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateAddObjectDmaRequest(magic, (const void*)req, &q);
    ret = (q.len > sizeof(buf)) ? WH_ERROR_BADARGS : objectId(server, q.id, &meta.id);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_DmaResolve(server, q.addr, q.len, WH_DMA_READ, &src);
    }
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (q.len > 0) {
        memcpy(buf, src, q.len); /* the one read of the data */
    }
    meta.access = q.access;
    meta.flags  = q.flags;
    meta.len    = q.len;
    memcpy(meta.label, q.label, sizeof(meta.label));
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_MayWrite(server, meta.id, &meta.owner);
        if (ret == WH_ERROR_OK) {
            ret = wh_Nvm_AddObject(server->nvm, &meta, q.len, buf);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    wh_Utils_ForceZero(buf, q.len);
    return ret;
}

static int readObjectDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                         const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageNvmReadDmaRequest q;
    whMessageNvmReadResponse   r = {0};
    uint8_t                    buf[WOLFHSM_CFG_SERVER_DMA_MAX];
    uint8_t*                   dst = NULL;
    whNvmId                    id;
    int                        ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageNvm_TranslateReadDmaRequest(magic, (const void*)req, &q);
    ret = (q.len > sizeof(buf)) ? WH_ERROR_BADARGS : objectId(server, q.id, &id);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_DmaResolve(server, q.addr, q.len, WH_DMA_WRITE, &dst);
    }
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            whNvmMetadata meta;
            if (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) { /* its own need no look-up */
                ret = wh_Server_GetAllowed(server, id, WH_RIGHT_USE, &meta);
            }
            if (ret == WH_ERROR_OK) {
                ret = wh_Nvm_Read(server->nvm, id, q.offset, q.len, buf);
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    if (ret == WH_ERROR_OK) {
        if (q.len > 0) {
            memcpy(dst, buf, q.len); /* the output, only now */
        }
        r.len = q.len;
        wh_MessageNvm_TranslateReadResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    wh_Utils_ForceZero(buf, (q.len <= sizeof(buf)) ? q.len : 0u);
    return ret;
}

int wh_Server_HandleNvm(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_NVM_ACTION_GETAVAILABLE:
            return getAvailable(server, magic, resp, out_respSize);
        case WH_MESSAGE_NVM_ACTION_ADDOBJECT:
            return addObject(server, magic, reqSize, req);
        case WH_MESSAGE_NVM_ACTION_LIST:
            return list(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_NVM_ACTION_GETMETADATA:
            return getMetadata(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS:
            return destroyObjects(server, magic, reqSize, req);
        case WH_MESSAGE_NVM_ACTION_READ:
            return readObject(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_NVM_ACTION_ADDOBJECT_DMA:
            return addObjectDma(server, magic, reqSize, req);
        case WH_MESSAGE_NVM_ACTION_READ_DMA:
            return readObjectDma(server, magic, reqSize, req, resp, out_respSize);
        default:
            return WH_ERROR_BADKIND;
    }
}
