/*
 * wh_client_nvm.c: the NVM group (see wolfhsm/wh_client.h).
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_nvm.h"

#define NVM_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_##action)

int wh_Client_NvmGetAvailableRequest(whClientContext* c)
{
    return wh_Client_SendRequest(c, NVM_KIND(GETAVAILABLE), 0);
}

int wh_Client_NvmGetAvailableResponse(whClientContext* c, uint32_t* out_availSize,
                                      uint16_t* out_availObjects, uint32_t* out_reclaimSize,
                                      uint16_t* out_reclaimObjects, int32_t* out_rc)
{
    whMessageNvmAvailableResponse r;
    int32_t                       rc;
    int                           ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageNvm_TranslateAvailableResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c),
                                                 &r);
        WH_CLIENT_SET(out_availSize, r.availSize);
        WH_CLIENT_SET(out_availObjects, r.availObjects);
        WH_CLIENT_SET(out_reclaimSize, r.reclaimSize);
        WH_CLIENT_SET(out_reclaimObjects, r.reclaimObjects);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_NvmGetAvailable(whClientContext* c, uint32_t* out_availSize,
                              uint16_t* out_availObjects, uint32_t* out_reclaimSize,
                              uint16_t* out_reclaimObjects, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_NvmGetAvailableRequest(c),
                       wh_Client_NvmGetAvailableResponse(c, out_availSize, out_availObjects,
                                                         out_reclaimSize, out_reclaimObjects,
                                                         out_rc));
}

int wh_Client_NvmAddObjectRequest(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                                  uint16_t labelLen, const uint8_t* label, uint16_t len,
                                  const uint8_t* data)
{
    whMessageNvmAddObjectRequest q = {.id = id, .access = access, .flags = flags, .len = len};

    if ((c == NULL) || (len > WH_MESSAGE_NVM_MAX_ADD) || ((data == NULL) && (len > 0)) ||
        (labelLen > sizeof(q.label)) || ((label == NULL) && (labelLen > 0))) {
        return WH_ERROR_BADARGS;
    }
    if (labelLen > 0) {
        memcpy(q.label, label, labelLen);
    }
    wh_MessageNvm_TranslateAddObjectRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    if (len > 0) {
        memcpy(wh_Client_Data(c) + sizeof(q), data, len);
    }
    return wh_Client_SendRequest(c, NVM_KIND(ADDOBJECT), (uint16_t)(sizeof(q) + len));
}

int wh_Client_NvmAddObjectResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_NvmAddObject(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                           uint16_t labelLen, const uint8_t* label, uint16_t len,
                           const uint8_t* data, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_NvmAddObjectRequest(c, id, access, flags, labelLen, label, len,
                                                     data),
                       wh_Client_NvmAddObjectResponse(c, out_rc));
}

int wh_Client_NvmListRequest(whClientContext* c, uint16_t access, uint16_t flags, uint16_t startId)
{
    whMessageNvmListRequest q = {.access = access, .flags = flags, .startId = startId};

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageNvm_TranslateListRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, NVM_KIND(LIST), sizeof(q));
}

int wh_Client_NvmListResponse(whClientContext* c, uint16_t* out_count, uint16_t* out_id,
                              int32_t* out_rc)
{
    whMessageNvmListResponse r;
    int32_t                  rc;
    int                      ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageNvm_TranslateListResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_count, r.count);
        WH_CLIENT_SET(out_id, r.id);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_NvmList(whClientContext* c, uint16_t access, uint16_t flags, uint16_t startId,
                      uint16_t* out_count, uint16_t* out_id, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_NvmListRequest(c, access, flags, startId),
                       wh_Client_NvmListResponse(c, out_count, out_id, out_rc));
}

int wh_Client_NvmGetMetadataRequest(whClientContext* c, uint16_t id)
{
    return wh_Client_SendIdRequest(c, NVM_KIND(GETMETADATA), id);
}

int wh_Client_NvmGetMetadataResponse(whClientContext* c, uint16_t* out_access, uint16_t* out_flags,
                                     uint16_t* out_len, uint16_t labelLen, uint8_t* label,
                                     int32_t* out_rc)
{
    whMessageNvmMetadataResponse r;
    int32_t                      rc;
    int                          ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageNvm_TranslateMetadataResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_access, r.access);
        WH_CLIENT_SET(out_flags, r.flags);
        WH_CLIENT_SET(out_len, r.len);
        if (label != NULL) {
            memcpy(label, r.label, (labelLen < sizeof(r.label)) ? labelLen : sizeof(r.label));
        }
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_NvmGetMetadata(whClientContext* c, uint16_t id, uint16_t* out_access,
                             uint16_t* out_flags, uint16_t* out_len, uint16_t labelLen,
                             uint8_t* label, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_NvmGetMetadataRequest(c, id),
                       wh_Client_NvmGetMetadataResponse(c, out_access, out_flags, out_len, labelLen,
                                                        label, out_rc));
}

int wh_Client_NvmDestroyObjectsRequest(whClientContext* c, uint16_t count, const uint16_t* ids)
{
    whMessageNvmDestroyRequest q = {.count = count};

    if ((c == NULL) || (count > WH_MESSAGE_NVM_MAX_DESTROY) || ((ids == NULL) && (count > 0))) {
        return WH_ERROR_BADARGS;
    }
    if (count > 0) {
        memcpy(q.ids, ids, count * sizeof(ids[0]));
    }
    wh_MessageNvm_TranslateDestroyRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, NVM_KIND(DESTROYOBJECTS), sizeof(q));
}

int wh_Client_NvmDestroyObjectsResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_NvmDestroyObjects(whClientContext* c, uint16_t count, const uint16_t* ids,
                                int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_NvmDestroyObjectsRequest(c, count, ids),
                       wh_Client_NvmDestroyObjectsResponse(c, out_rc));
}

int wh_Client_NvmReadRequest(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len)
{
    whMessageNvmReadRequest q = {.id = id, .offset = offset, .len = len};

    if ((c == NULL) || (len > WH_MESSAGE_NVM_MAX_READ)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageNvm_TranslateReadRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, NVM_KIND(READ), sizeof(q));
}

int wh_Client_NvmReadResponse(whClientContext* c, uint16_t* inout_len, uint8_t* data,
                              int32_t* out_rc)
{
    whMessageNvmReadResponse r;
    uint16_t                 size;
    int32_t                  rc;
    int                      ret;

    if ((inout_len == NULL) || ((data == NULL) && (*inout_len > 0))) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageNvm_TranslateReadResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        if ((size_t)size - sizeof(r) < r.len) {
            return WH_ERROR_TRUNCATED;
        }
        if (r.len > *inout_len) {
            return WH_ERROR_BUFFER_SIZE;
        }
        memcpy(data, wh_Client_Data(c) + sizeof(r), r.len);
        *inout_len = r.len;
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_NvmRead(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len,
                      uint16_t* out_len, uint8_t* data, int32_t* out_rc)
{
    if (out_len == NULL) {
        return WH_ERROR_BADARGS;
    }
    *out_len = len; /* data holds len bytes */
    WH_CLIENT_BLOCKING(c, wh_Client_NvmReadRequest(c, id, offset, len),
                       wh_Client_NvmReadResponse(c, out_len, data, out_rc));
}
