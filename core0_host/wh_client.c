/*
 * wh_client.c: client context and the request/response plumbing shared by all groups.
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"

int wh_Client_Init(whClientContext* c, const whClientConfig* config)
{
    int ret;

    if ((c == NULL) || (config == NULL) || (config->comm == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memset(c, 0, sizeof(*c));
    ret = wh_CommClient_Init(&c->comm, config->comm);
    if (ret == WH_ERROR_OK) {
        c->timeoutMs     = config->timeoutMs;
        c->configDigest  = config->configDigest;
        c->dmaRegion     = config->dmaRegion;
        c->dmaRegionSize = (config->dmaRegion != NULL) ? config->dmaRegionSize : 0u;
    }
    return ret;
}

int wh_Client_Cleanup(whClientContext* c)
{
    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    (void)wh_CommClient_Cleanup(&c->comm);
    memset(c, 0, sizeof(*c));
    return WH_ERROR_OK;
}

int wh_Client_WaitResponse(whClientContext* c)
{
    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_CommClient_Wait(&c->comm, c->timeoutMs);
}

int wh_Client_SendRequest(whClientContext* c, uint16_t kind, uint16_t size)
{
    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_CommClient_SendRequest(&c->comm, kind, size);
}

int wh_Client_RecvResponse(whClientContext* c, uint16_t minSize, uint16_t* out_size,
                           int32_t* out_rc)
{
    uint16_t size;
    int32_t  rc;
    int      ret;

    if ((c == NULL) || (out_rc == NULL)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_CommClient_RecvResponse(&c->comm, &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((rc == WH_ERROR_OK) && (size < minSize)) {
        return WH_ERROR_TRUNCATED;
    }
    if (out_size != NULL) {
        *out_size = size;
    }
    *out_rc = rc;
    return WH_ERROR_OK;
}

int wh_Client_SendIdRequest(whClientContext* c, uint16_t kind, uint16_t id)
{
    const whMessageIdRequest q = {.id = id};

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    wh_Message_TranslateIdRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, kind, sizeof(q));
}

int wh_Client_RecvEmptyResponse(whClientContext* c, int32_t* out_rc)
{
    int32_t rc;
    int     ret = wh_Client_RecvResponse(c, 0, NULL, &rc);

    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}
