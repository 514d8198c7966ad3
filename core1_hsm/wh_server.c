/*
 * wh_server.c: server context and request dispatch.
 */
#include <stddef.h>
#include <string.h>

#include "wh_server_crypto_internal.h"
#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_server_keystore.h"

const whServerPolicy wh_Server_DefaultPolicy = {
    .groups         = WH_POLICY_GROUPS_ALL,
    .rules          = (const whServerGlobalRule[]){{.kinds  = WH_POLICY_ALL,
                                                    .first  = 1,
                                                    .last   = 0xFF,
                                                    .rights = WH_RIGHT_USE | WH_RIGHT_CREATE}},
    .ruleCount      = 1,
    .globalKeyQuota = WOLFHSM_CFG_GLOBAL_KEY_QUOTA,
};

static int policyOk(const whServerPolicy* p)
{
    return ((p->ruleCount == 0) || (p->rules != NULL)) && (p->globalKeyQuota >= 1) &&
           (p->globalKeyQuota < WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT);
}

int wh_Server_Init(whServerContext* server, const whServerConfig* config)
{
    int ret;

    if ((server == NULL) || (config == NULL) || (config->comm == NULL) || (config->nvm == NULL) ||
        (config->clientId == 0) || (config->clientId > WH_CLIENT_ID_MAX) ||
        ((config->policy != NULL) && !policyOk(config->policy)) ||
        !wh_Server_DmaWindowsOk(config->dmaWindows, config->dmaWindowCount)) {
        return WH_ERROR_BADARGS;
    }
    memset(server, 0, sizeof(*server));
    ret = wh_CommServer_Init(&server->comm, config->comm);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_CryptoInit(server);
        if (ret != WH_ERROR_OK) {
            (void)wh_CommServer_Cleanup(&server->comm);
        }
    }
    if (ret == WH_ERROR_OK) {
        wh_KeyCache_Init(&server->localCache, server->localSlots,
                         WOLFHSM_CFG_SERVER_KEYCACHE_COUNT);
        server->nvm        = config->nvm;
        server->clientId   = config->clientId;
        server->policy     = (config->policy != NULL) ? config->policy : &wh_Server_DefaultPolicy;
        server->dmaWindows = config->dmaWindows;
        server->dmaWindowCount = config->dmaWindowCount;
        server->priority       = config->priority;
        server->slices         = (uint8_t)(config->slices != 0);
        server->configDigest   = config->configDigest;
        server->initialized    = 1;
        wh_Server_SheBind(server);
    }
    return ret;
}

int wh_Server_Cleanup(whServerContext* server)
{
    if (server == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (server->initialized) {
        wh_Server_SliceAbort(server);
        wh_KeyCache_Cleanup(&server->localCache);
        wh_Server_CryptoCleanup(server);
    }
    (void)wh_CommServer_Cleanup(&server->comm);
    memset(server, 0, sizeof(*server));
    return WH_ERROR_OK;
}

int wh_Server_SessionReset(whServerContext* server)
{
    int ret = WH_SERVER_NVM_LOCK(server);

    if (ret != WH_ERROR_OK) {
        return ret; /* WH_ERROR_NOTREADY: the lock may not be waited for now */
    }
    wh_Server_KeystoreDropUncommitted(server);
    (void)WH_SERVER_NVM_UNLOCK(server);
    wh_Server_SliceAbort(server);
    wh_Server_CryptoStreamEnd(&server->crypto);
    return WH_ERROR_OK;
}

void wh_Server_Beat(whServerContext* server)
{
    if ((server != NULL) && server->initialized) {
        wh_CommServer_Beat(&server->comm);
    }
}

/* The session check before any handler (wh_server.h). */
static int sessionCheck(whServerContext* server, uint16_t kind)
{
    const whCommServer* comm = &server->comm;

    if ((comm->reqLink == comm->epoch) && (comm->reqEpoch == server->hostEpoch)) {
        return WH_ERROR_OK; /* the usual case: the session's own request */
    }
    if (!comm->sessions ||
        (kind == WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_CONNECT))) {
        return WH_ERROR_OK; /* a Connect starts a session of any epoch (wh_server_comm.c) */
    }
    if ((comm->reqLink != 0u) && (comm->reqLink != comm->epoch)) {
        return WH_ERROR_RESTARTED;
    }
    if (server->connected && (comm->reqEpoch != server->hostEpoch)) {
        int ret = wh_Server_SessionReset(server);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        server->connected = 0; /* the session ends: only the COMM group is served now */
        (void)wh_Server_DmaRegister(server, 0, 0);
    }
    return WH_ERROR_OK;
}

static whServerHandler handlerFor(uint16_t group)
{
    switch (group) {
        case WH_MESSAGE_GROUP_COMM:
            return wh_Server_HandleComm;
        case WH_MESSAGE_GROUP_NVM:
            return wh_Server_HandleNvm;
        case WH_MESSAGE_GROUP_KEY:
            return wh_Server_HandleKey;
        case WH_MESSAGE_GROUP_COUNTER:
            return wh_Server_HandleCounter;
        case WH_MESSAGE_GROUP_CRYPTO:
            return wh_Server_HandleCrypto;
        case WH_MESSAGE_GROUP_SHE:
            return wh_Server_HandleShe;
        default:
            return NULL;
    }
}

int wh_Server_HandleRequestMessage(whServerContext* server)
{
    whCommHeader    hdr;
    uint16_t        reqSize;
    uint16_t        respSize = 0;
    uint16_t        group;
    whServerHandler handler;
    int             rc;

    if (server == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!server->initialized) {
        return WH_ERROR_NOTINIT;
    }
    rc = wh_CommServer_RecvRequest(&server->comm, &hdr, &reqSize);
    if (rc != WH_ERROR_OK) {
        /* Nothing waiting, or malformed and already answered by the comm layer. */
        return ((rc == WH_ERROR_NOTREADY) || (rc == WH_ERROR_BADARGS) || (rc == WH_ERROR_NOTINIT))
                   ? rc
                   : WH_ERROR_OK;
    }

    if (((server->slice.op != NULL) || (server->slice.chunkOp != 0u)) &&
        ((hdr.kind != server->slice.kind) || (hdr.seq != server->slice.seq))) {
        wh_Server_SliceAbort(server); /* the client moved on: its operation is abandoned */
        wh_Server_ChunkAbort(server);
    }
    server->slice.kind = hdr.kind;
    server->slice.seq  = hdr.seq;
    group              = WH_MESSAGE_GROUP(hdr.kind);
    handler            = handlerFor(group);
    rc                 = sessionCheck(server, hdr.kind);
    if (rc != WH_ERROR_OK) {
        /* stale or forged: answered below, nothing done */
    }
    else if ((group != WH_MESSAGE_GROUP_COMM) && !server->connected) {
        rc = WH_ERROR_NOTCONNECTED;
    }
    else if (handler == NULL) {
        rc = WH_ERROR_BADKIND;
    }
    else if ((group != WH_MESSAGE_GROUP_COMM) &&
             ((server->policy->groups & WH_POLICY_GROUP(group)) == 0u)) {
        rc = WH_ERROR_ACCESS; /* handler != NULL: a known group, < 32 */
    }
    else {
        rc = handler(server, hdr.magic, WH_MESSAGE_ACTION(hdr.kind), reqSize,
                     wh_CommServer_GetRequestData(&server->comm), &respSize,
                     wh_CommServer_GetResponseData(&server->comm));
    }
    if (rc == WH_ERROR_NOTREADY) {
        /* The handler met the NVM lock, which it may not wait for, before changing
         * anything, or ran one slice of a long operation: the request stays in the mailbox
         * (no response), served on a later pass. */
        return WH_ERROR_BUSY;
    }
    if (rc != WH_ERROR_OK) {
        server->comm.stats.malformed += (rc == WH_ERROR_BADKIND) || (rc == WH_ERROR_TRUNCATED);
        respSize = 0;
    }
    return wh_CommServer_SendResponse(&server->comm, &hdr, rc, respSize);
}

int wh_Server_WaitRequest(whServerContext* server, uint32_t timeoutMs)
{
    int ret;

    if (server == NULL) {
        return WH_ERROR_BADARGS;
    }
    wh_Server_Beat(server);
    if ((timeoutMs == 0u) || (timeoutMs > WOLFHSM_CFG_HEARTBEAT_MS)) {
        ret = wh_CommServer_Wait(&server->comm, WOLFHSM_CFG_HEARTBEAT_MS);
        return (ret == WH_ERROR_TIMEOUT) ? WH_ERROR_OK : ret; /* early: time to beat */
    }
    return wh_CommServer_Wait(&server->comm, timeoutMs);
}

#ifdef WOLFHSM_CFG_THREADSAFE
int wh_Server_NvmLock(whServerContext* server)
{
    return (server == NULL) ? WH_ERROR_BADARGS : wh_Nvm_Lock(server->nvm);
}

int wh_Server_NvmUnlock(whServerContext* server)
{
    return (server == NULL) ? WH_ERROR_BADARGS : wh_Nvm_Unlock(server->nvm);
}
#endif
