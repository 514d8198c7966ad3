/*
 * wh_client_comm.c: the COMM group (connect, info, echo, close).
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_comm.h"

#define COMM_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_##action)

int wh_Client_CommConnectRequest(whClientContext* c)
{
    whMessageCommConnectRequest q = {.version = WH_VERSION};

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    q.dmaBase      = (uint64_t)(uintptr_t)c->dmaRegion;
    q.dmaSize      = (uint64_t)c->dmaRegionSize;
    q.configDigest = c->configDigest;
    wh_MessageComm_TranslateConnectRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, COMM_KIND(CONNECT), sizeof(q));
}

int wh_Client_CommConnectResponse(whClientContext* c, uint16_t* out_clientId,
                                  uint16_t* out_serverId, int32_t* out_rc)
{
    whMessageCommConnectResponse r;
    int32_t                      rc;
    int                          ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageComm_TranslateConnectResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        c->clientId  = r.clientId;
        c->serverId  = r.serverId;
        c->connected = 1;
        /* The server epoch of this session, carried by every request from now on. */
        (void)wh_CommClient_Bind(&c->comm);
        (void)wh_CommClient_PeerState(&c->comm, NULL, &c->aliveBeat);
        if (out_clientId != NULL) {
            *out_clientId = r.clientId;
        }
        if (out_serverId != NULL) {
            *out_serverId = r.serverId;
        }
    }
    if (out_rc != NULL) {
        *out_rc = rc;
    }
    return WH_ERROR_OK;
}

int wh_Client_CommConnect(whClientContext* c, uint16_t* out_clientId, uint16_t* out_serverId,
                          int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CommConnectRequest(c),
                       wh_Client_CommConnectResponse(c, out_clientId, out_serverId, out_rc));
}

int wh_Client_CommInfoRequest(whClientContext* c)
{
    return wh_Client_SendRequest(c, COMM_KIND(INFO), 0);
}

int wh_Client_CommInfoResponse(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc)
{
    whMessageCommInfoResponse r;
    int32_t                   rc;
    int                       ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageComm_TranslateInfoResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
    }
    if ((rc == WH_ERROR_OK) && (out_info != NULL)) {
        out_info->version         = r.version;
        out_info->features        = r.features;
        out_info->protocolVersion = r.protocolVersion;
        out_info->maxPayload      = r.maxPayload;
        out_info->clientId        = r.clientId;
        out_info->serverId        = r.serverId;
    }
    if (out_rc != NULL) {
        *out_rc = rc;
    }
    return WH_ERROR_OK;
}

int wh_Client_CommInfo(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CommInfoRequest(c),
                       wh_Client_CommInfoResponse(c, out_info, out_rc));
}

int wh_Client_EchoRequest(whClientContext* c, uint16_t size, const void* dataIn)
{
    if ((c == NULL) || ((dataIn == NULL) && (size != 0)) || (size > WOLFHSM_CFG_COMM_DATA_LEN)) {
        return WH_ERROR_BADARGS;
    }
    if (size != 0) {
        memcpy((void*)wh_Client_Data(c), dataIn, size);
    }
    return wh_Client_SendRequest(c, COMM_KIND(ECHO), size);
}

int wh_Client_EchoResponse(whClientContext* c, uint16_t* inout_size, void* out_data,
                           int32_t* out_rc)
{
    uint16_t size;
    int32_t  rc;
    int      ret;

    if ((inout_size == NULL) || ((out_data == NULL) && (*inout_size != 0))) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, 0, &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        if (size > *inout_size) {
            return WH_ERROR_BUFFER_SIZE;
        }
        if (size != 0) {
            memcpy(out_data, (void*)wh_Client_Data(c), size);
        }
        *inout_size = size;
    }
    if (out_rc != NULL) {
        *out_rc = rc;
    }
    return WH_ERROR_OK;
}

int wh_Client_Echo(whClientContext* c, uint16_t size, const void* dataIn, uint16_t* inout_size,
                   void* out_data, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_EchoRequest(c, size, dataIn),
                       wh_Client_EchoResponse(c, inout_size, out_data, out_rc));
}

int wh_Client_CommCloseRequest(whClientContext* c)
{
    return wh_Client_SendRequest(c, COMM_KIND(CLOSE), 0);
}

int wh_Client_CommCloseResponse(whClientContext* c, int32_t* out_rc)
{
    int32_t rc;
    int     ret = wh_Client_RecvResponse(c, 0, NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        c->connected = 0;
    }
    if (out_rc != NULL) {
        *out_rc = rc;
    }
    return WH_ERROR_OK;
}

int wh_Client_CommClose(whClientContext* c, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CommCloseRequest(c), wh_Client_CommCloseResponse(c, out_rc));
}
