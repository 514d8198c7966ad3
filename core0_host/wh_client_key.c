/*
 * wh_client_key.c: the KEY group (see wolfhsm/wh_client.h).
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_key.h"

#define KEY_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_##action)

int wh_Client_KeyCacheRequest(whClientContext* c, uint16_t keyId, uint16_t flags, uint16_t labelLen,
                              const uint8_t* label, uint16_t keyLen, const uint8_t* key)
{
    return wh_Client_KeyCacheExRequest(c, keyId, flags, 0, labelLen, label, keyLen, key);
}

int wh_Client_KeyCacheExRequest(whClientContext* c, uint16_t keyId, uint16_t flags,
                                uint16_t macMinBits, uint16_t labelLen, const uint8_t* label,
                                uint16_t keyLen, const uint8_t* key)
{
    whMessageKeyCacheRequest q = {.id         = keyId,
                                  .flags      = flags,
                                  .len        = keyLen,
                                  .macMinBits = macMinBits};

    if ((c == NULL) || (keyLen > WOLFHSM_CFG_KEYCACHE_BUFSIZE) || ((key == NULL) && (keyLen > 0)) ||
        (labelLen > sizeof(q.label)) || ((label == NULL) && (labelLen > 0))) {
        return WH_ERROR_BADARGS;
    }
    if (labelLen > 0) {
        memcpy(q.label, label, labelLen);
    }
    wh_MessageKey_TranslateCacheRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    if (keyLen > 0) {
        memcpy(wh_Client_Data(c) + sizeof(q), key, keyLen);
    }
    return wh_Client_SendRequest(c, KEY_KIND(CACHE), (uint16_t)(sizeof(q) + keyLen));
}

int wh_Client_KeyCacheResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc)
{
    whMessageKeyCacheResponse r;
    int32_t                   rc;
    int                       ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageKey_TranslateCacheResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_keyId, r.id);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_KeyCache(whClientContext* c, uint16_t flags, uint16_t labelLen, const uint8_t* label,
                       uint16_t keyLen, const uint8_t* key, uint16_t* inout_keyId, int32_t* out_rc)
{
    if (inout_keyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c,
                       wh_Client_KeyCacheRequest(c, *inout_keyId, flags, labelLen, label, keyLen,
                                                 key),
                       wh_Client_KeyCacheResponse(c, inout_keyId, out_rc));
}

int wh_Client_KeyCopyRequest(whClientContext* c, uint16_t keyId, uint16_t flags, uint16_t srcKeyId)
{
    whMessageKeyCopyRequest q = {.id = keyId, .flags = flags, .srcId = srcKeyId};

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageKey_TranslateCopyRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, KEY_KIND(COPY), (uint16_t)sizeof(q));
}

int wh_Client_KeyCopyResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc)
{
    return wh_Client_KeyCacheResponse(c, out_keyId, out_rc);
}

int wh_Client_KeyCopy(whClientContext* c, uint16_t flags, uint16_t srcKeyId, uint16_t* inout_keyId,
                      int32_t* out_rc)
{
    if (inout_keyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c, wh_Client_KeyCopyRequest(c, *inout_keyId, flags, srcKeyId),
                       wh_Client_KeyCopyResponse(c, inout_keyId, out_rc));
}

int wh_Client_KeyCacheEx(whClientContext* c, uint16_t flags, uint16_t macMinBits, uint16_t labelLen,
                         const uint8_t* label, uint16_t keyLen, const uint8_t* key,
                         uint16_t* inout_keyId, int32_t* out_rc)
{
    if (inout_keyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c,
                       wh_Client_KeyCacheExRequest(c, *inout_keyId, flags, macMinBits, labelLen,
                                                   label, keyLen, key),
                       wh_Client_KeyCacheResponse(c, inout_keyId, out_rc));
}

int wh_Client_KeyEvictRequest(whClientContext* c, uint16_t keyId)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(EVICT), keyId);
}

int wh_Client_KeyEvictResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyEvict(whClientContext* c, uint16_t keyId, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyEvictRequest(c, keyId),
                       wh_Client_KeyEvictResponse(c, out_rc));
}

int wh_Client_KeyCommitRequest(whClientContext* c, uint16_t keyId)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(COMMIT), keyId);
}

int wh_Client_KeyCommitResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyCommit(whClientContext* c, uint16_t keyId, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyCommitRequest(c, keyId),
                       wh_Client_KeyCommitResponse(c, out_rc));
}

int wh_Client_KeyEraseRequest(whClientContext* c, uint16_t keyId)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(ERASE), keyId);
}

int wh_Client_KeyEraseResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_KeyErase(whClientContext* c, uint16_t keyId, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyEraseRequest(c, keyId),
                       wh_Client_KeyEraseResponse(c, out_rc));
}

int wh_Client_KeyExportRequest(whClientContext* c, uint16_t keyId)
{
    return wh_Client_SendIdRequest(c, KEY_KIND(EXPORT), keyId);
}

int wh_Client_KeyExportResponse(whClientContext* c, uint16_t* out_flags, uint16_t labelLen,
                                uint8_t* label, uint16_t* inout_keyLen, uint8_t* key,
                                int32_t* out_rc)
{
    whMessageKeyExportResponse r;
    uint16_t                   size;
    int32_t                    rc;
    int                        ret;

    if ((inout_keyLen == NULL) || ((key == NULL) && (*inout_keyLen > 0))) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageKey_TranslateExportResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        if ((size_t)size - sizeof(r) < r.len) {
            return WH_ERROR_TRUNCATED;
        }
        if (r.len > *inout_keyLen) {
            return WH_ERROR_BUFFER_SIZE;
        }
        memcpy(key, wh_Client_Data(c) + sizeof(r), r.len);
        *inout_keyLen = r.len;
        WH_CLIENT_SET(out_flags, r.flags);
        if (label != NULL) {
            memcpy(label, r.label, (labelLen < sizeof(r.label)) ? labelLen : sizeof(r.label));
        }
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_KeyExport(whClientContext* c, uint16_t keyId, uint16_t* out_flags, uint16_t labelLen,
                        uint8_t* label, uint16_t* inout_keyLen, uint8_t* key, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_KeyExportRequest(c, keyId),
                       wh_Client_KeyExportResponse(c, out_flags, labelLen, label, inout_keyLen, key,
                                                   out_rc));
}
