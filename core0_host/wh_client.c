/*
 * wh_client.c: client context and the request/response plumbing shared by all groups.
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_settings.h"

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
    uint32_t beat  = 0;
    uint32_t slice = WOLFHSM_CFG_HEARTBEAT_MS;
    int      ret;

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!c->comm.sessions) {
        return wh_CommClient_Wait(&c->comm, c->timeoutMs); /* no heartbeat to watch */
    }
    if ((c->timeoutMs != 0u) && (c->timeoutMs - c->waitedMs < slice)) {
        slice = c->timeoutMs - c->waitedMs;
    }
    ret = wh_CommClient_Wait(&c->comm, slice);
    if (ret != WH_ERROR_TIMEOUT) {
        return ret; /* the usual case: answered while the transport polled */
    }
    (void)wh_CommClient_PeerState(&c->comm, NULL, &beat);
    if (c->waitedMs == 0u) {
        c->waitBeat = beat; /* the first slice of this request: where the beat stood */
        c->beatSeen = 0;
        c->quietMs  = 0;
    }
    else if (beat != c->waitBeat) {
        c->waitBeat = beat;
        c->beatSeen = 1;
        c->quietMs  = 0;
    }
    else {
        c->quietMs += slice;
    }
    c->waitedMs += slice;
    if ((c->timeoutMs != 0u) && (c->waitedMs >= c->timeoutMs)) {
        return c->beatSeen ? WH_ERROR_TIMEOUT : WH_ERROR_NORESPONSE;
    }
    if (c->quietMs >= WOLFHSM_CFG_HSM_DEAD_MS) {
        return WH_ERROR_NORESPONSE;
    }
    return WH_ERROR_OK; /* a slice: the caller looks, and waits again */
}

int wh_Client_HsmAlive(whClientContext* c)
{
    uint32_t epoch;
    uint32_t beat;

    if ((c == NULL) || (wh_CommClient_PeerState(&c->comm, &epoch, &beat) != WH_ERROR_OK)) {
        return WH_ERROR_BADARGS;
    }
    if (c->comm.hsmEpoch == 0u) {
        return WH_ERROR_NOTCONNECTED;
    }
    if (epoch != c->comm.hsmEpoch) {
        c->connected = 0;
        return WH_ERROR_RESTARTED;
    }
    if (beat == c->aliveBeat) {
        return WH_ERROR_NOTREADY;
    }
    c->aliveBeat = beat;
    return WH_ERROR_OK;
}

int wh_Client_SendRequest(whClientContext* c, uint16_t kind, uint16_t size)
{
    int ret;

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_CommClient_SendRequest(&c->comm, kind, size);
    if (ret == WH_ERROR_OK) {
        c->waitedMs = 0; /* a new request: WaitResponse starts its count */
    }
    return ret;
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
    if (rc == WH_ERROR_RESTARTED) {
        c->connected = 0; /* the HSM's new life knows no session of ours: Connect again */
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
