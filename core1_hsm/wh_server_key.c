/*
 * wh_server_key.c: the KEY group. Client key ids become full ids of type WH_NVM_TYPE_KEY
 * owned by this server's client (or global, with WOLFHSM_CFG_GLOBAL_KEYS). The lock is held
 * only around the key store step; id allocation and caching happen under one hold, so an
 * allocated id is unique even when several contexts allocate at once.
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_server_keystore.h"
#include "wolfhsm/wh_utils.h"

/* Cache the key meta describes from `in` under wireId (wh_Server_KeystoreCacheNew) and
 * answer with the id it got: the end of Cache and Copy. */
static int cacheNew(whServerContext* server, uint16_t magic, uint16_t wireId, whNvmMetadata* meta,
                    const uint8_t* in, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageKeyCacheResponse r   = {0};
    int                       ret = wh_Server_KeystoreCacheNew(server, wireId, meta, in);

    if (ret == WH_ERROR_OK) {
        r.id = wh_Server_WireId(meta->id);
        wh_MessageKey_TranslateCacheResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    return ret;
}

static int cache(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
                 uint8_t* resp, uint16_t* out_respSize)
{
    whMessageKeyCacheRequest q;
    whNvmMetadata            meta;
    int                      ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageKey_TranslateCacheRequest(magic, (const void*)req, &q);
    if ((size_t)reqSize - sizeof(q) < q.len) {
        return WH_ERROR_TRUNCATED;
    }
    if (q.macMinBits > WH_KEY_MAC_MAX_BITS) {
        return WH_ERROR_BADARGS;
    }
    meta.access = q.macMinBits; /* a key's MAC policy (wh_nvm_types.h) */
    meta.flags  = q.flags;
    meta.len    = q.len;
    memcpy(meta.label, q.label, sizeof(meta.label));
    /* The host's key material is checked where it enters the HSM (the cost of that is paid
     * once here, not on every use); the key store trusts what it holds. */
    ret = wh_Server_KeyCheck((uint16_t)WH_NVM_FLAGS_GET_KEYTYPE(q.flags), req + sizeof(q), q.len);
    if (ret == WH_ERROR_OK) {
        ret = cacheNew(server, magic, q.id, &meta, req + sizeof(q), resp, out_respSize);
    }
    return ret;
}

/* Copy: a new key from a cached one's material, inside the HSM (wh_message_key.h). The
 * material goes through the private response buffer, past the response's id, and is wiped
 * there before the response leaves. The source's material, flags, MAC policy and owner are
 * read together (one hold of the NVM lock for a global key): a key replaced meanwhile gives
 * either its old or its new self, never a mix. */
static int copy(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
                uint8_t* resp, uint16_t* out_respSize)
{
    whMessageKeyCopyRequest q;
    whNvmMetadata           src = {0};
    whNvmMetadata           meta;
    uint8_t*                key = resp + sizeof(whMessageKeyCacheResponse);
    whNvmSize               len = WOLFHSM_CFG_KEYCACHE_BUFSIZE;
    uint16_t                type;
    int                     ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageKey_TranslateCopyRequest(magic, (const void*)req, &q);
    type = (uint16_t)WH_NVM_FLAGS_GET_KEYTYPE(q.flags); /* the source's must be the same */
    ret  = wh_Server_KeystoreGetForUse(server, q.srcId, 0, type, key, &len, &src);
    if (ret == WH_ERROR_OK) {
        /* A copy outlives its source's erase or replacement: only who may change the source
         * may copy it, not a client that may merely use it. */
        ret = wh_Server_Allowed(server, src.id, src.owner, WH_RIGHT_MODIFY);
    }
    if (ret == WH_ERROR_OK) {
        memset(&meta, 0, sizeof(meta));
        meta.len    = len;
        meta.access = src.access; /* the source's MAC policy */
        meta.flags  = wh_Server_KeyDerivedFlags(q.flags, src.flags);
        ret         = cacheNew(server, magic, q.id, &meta, key, resp, out_respSize);
    }
    wh_Utils_ForceZero(key, WOLFHSM_CFG_KEYCACHE_BUFSIZE);
    return ret;
}

/* Export: the key and its metadata, unless it is non-exportable. The copy goes straight
 * into the private response buffer. */
static int exportKey(whServerContext* server, whNvmId id, whMessageKeyExportResponse* r,
                     uint8_t* out)
{
    whKeyCacheSlot* slot;
    int             ret = WH_SERVER_NVM_LOCK(server);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    ret = wh_Server_KeystoreFreshenKey(server, id, &slot);
    if ((ret == WH_ERROR_OK) && (slot->meta.flags & WH_NVM_FLAGS_NONEXPORTABLE)) {
        ret = WH_ERROR_ACCESS;
    }
    if (ret == WH_ERROR_OK) {
        memcpy(out, slot->buffer, slot->meta.len);
        r->flags = slot->meta.flags;
        r->len   = slot->meta.len;
        memcpy(r->label, slot->meta.label, sizeof(r->label));
    }
    (void)WH_SERVER_NVM_UNLOCK(server);
    return ret;
}

/* Evict, commit, erase and export: requests that name one key. */
static int byId(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageIdRequest q;
    whNvmId            id;
    int                ret;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_Message_TranslateIdRequest(magic, (const void*)req, &q);
    ret = wh_Server_KeyId(server, q.id, 0, &id);

    if (action == WH_MESSAGE_KEY_ACTION_EXPORT) {
        whMessageKeyExportResponse r = {0};
        if (ret == WH_ERROR_OK) {
            ret = exportKey(server, id, &r, resp + sizeof(r));
        }
        if (ret == WH_ERROR_OK) {
            *out_respSize = (uint16_t)(sizeof(r) + r.len);
            wh_MessageKey_TranslateExportResponse(magic, &r, (void*)resp);
        }
        return ret;
    }

    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            switch (action) {
                case WH_MESSAGE_KEY_ACTION_EVICT:
                    ret = wh_Server_KeystoreEvictKey(server, id);
                    break;
                case WH_MESSAGE_KEY_ACTION_COMMIT:
                    ret = wh_Server_KeystoreCommitKey(server, id);
                    break;
                default: /* WH_MESSAGE_KEY_ACTION_ERASE */
                    ret = wh_Server_KeystoreEraseKey(server, id);
                    break;
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }
    return ret;
}

int wh_Server_HandleKey(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_KEY_ACTION_CACHE:
            return cache(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_KEY_ACTION_COPY:
            return copy(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_KEY_ACTION_EVICT:
        case WH_MESSAGE_KEY_ACTION_COMMIT:
        case WH_MESSAGE_KEY_ACTION_EXPORT:
        case WH_MESSAGE_KEY_ACTION_ERASE:
            return byId(server, magic, action, reqSize, req, resp, out_respSize);
        default:
            return WH_ERROR_BADKIND;
    }
}
