/*
 * wh_client_key.c: the KEY group (see wolfhsm/wh_client.h).
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_key.h"

#define KEY_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_##action)

int wh_Client_KeyCacheRequest(whClientContext* c, uint16_t key_id, uint16_t flags,
                              uint16_t label_len, const uint8_t* label, uint16_t key_len,
                              const uint8_t* key)
{
    whMessageKeyCacheRequest q = {.id = key_id, .flags = flags, .len = key_len};

    if ((c == NULL) || (key_len > WOLFHSM_CFG_KEYCACHE_BUFSIZE) ||
        ((key == NULL) && (key_len > 0)) || (label_len > sizeof(q.label)) ||
        ((label == NULL) && (label_len > 0))) {
        return WH_ERROR_BADARGS;
    }
    if (label_len > 0) {
        memcpy(q.label, label, label_len);
    }
    wh_MessageKey_TranslateCacheRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    if (key_len > 0) {
        memcpy(wh_Client_Data(c) + sizeof(q), key, key_len);
    }
    return wh_Client_SendRequest(c, KEY_KIND(CACHE), (uint16_t)(sizeof(q) + key_len));
}

int wh_Client_KeyCacheResponse(whClientContext* c, uint16_t* out_key_id, int32_t* out_rc)
{
    whMessageKeyCacheResponse r;
    int32_t                   rc;
    int                       ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageKey_TranslateCacheResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_key_id, r.id);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_KeyCache(whClientContext* c, uint16_t flags, uint16_t label_len,
                       const uint8_t* label, uint16_t key_len, const uint8_t* key,
                       uint16_t* inout_key_id, int32_t* out_rc)
{
    if (inout_key_id == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(
        c, wh_Client_KeyCacheRequest(c, *inout_key_id, flags, label_len, label, key_len, key),
        wh_Client_KeyCacheResponse(c, inout_key_id, out_rc));
}

int wh_Client_KeyEvictRequest(whClientContext* c, uint16_t key_id)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(EVICT), key_id);
}

int wh_Client_KeyEvictResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyEvict(whClientContext* c, uint16_t key_id, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyEvictRequest(c, key_id),
                       wh_Client_KeyEvictResponse(c, out_rc));
}

int wh_Client_KeyCommitRequest(whClientContext* c, uint16_t key_id)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(COMMIT), key_id);
}

int wh_Client_KeyCommitResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyCommit(whClientContext* c, uint16_t key_id, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyCommitRequest(c, key_id),
                       wh_Client_KeyCommitResponse(c, out_rc));
}

int wh_Client_KeyEraseRequest(whClientContext* c, uint16_t key_id)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(ERASE), key_id);
}

int wh_Client_KeyEraseResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyErase(whClientContext* c, uint16_t key_id, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyEraseRequest(c, key_id),
                       wh_Client_KeyEraseResponse(c, out_rc));
}

int wh_Client_KeyExportRequest(whClientContext* c, uint16_t key_id)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(EXPORT), key_id);
}

int wh_Client_KeyExportResponse(whClientContext* c, uint16_t* out_flags, uint16_t label_len,
                                uint8_t* label, uint16_t* inout_key_len, uint8_t* key,
                                int32_t* out_rc)
{
    whMessageKeyExportResponse r;
    uint16_t                   size;
    int32_t                    rc;
    int                        ret;

    if ((inout_key_len == NULL) || ((key == NULL) && (*inout_key_len > 0))) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageKey_TranslateExportResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c),
                                              &r);
        if ((size_t)size - sizeof(r) < r.len) {
            return WH_ERROR_TRUNCATED;
        }
        if (r.len > *inout_key_len) {
            return WH_ERROR_BUFFER_SIZE;
        }
        memcpy(key, wh_Client_Data(c) + sizeof(r), r.len);
        *inout_key_len = r.len;
        WH_CLIENT_SET(out_flags, r.flags);
        if (label != NULL) {
            memcpy(label, r.label, (label_len < sizeof(r.label)) ? label_len : sizeof(r.label));
        }
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_KeyExport(whClientContext* c, uint16_t key_id, uint16_t* out_flags,
                        uint16_t label_len, uint8_t* label, uint16_t* inout_key_len,
                        uint8_t* key, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyExportRequest(c, key_id),
                       wh_Client_KeyExportResponse(c, out_flags, label_len, label, inout_key_len,
                                                   key, out_rc));
}
