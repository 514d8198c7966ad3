/*
 * wh_server_comm.c: the COMM group (connect, info, echo, close).
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_settings.h"

static uint32_t features(void)
{
    uint32_t f = 0;
#ifdef WOLFHSM_CFG_THREADSAFE
    f |= WH_INFO_FEATURE_THREADSAFE;
#endif
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    f |= WH_INFO_FEATURE_GLOBAL_KEYS;
#endif
    return f;
}

int wh_Server_HandleComm(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                         const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_COMM_ACTION_ECHO:
            memcpy(resp, req, reqSize);
            *out_respSize = reqSize;
            return WH_ERROR_OK;

        case WH_MESSAGE_COMM_ACTION_CONNECT: {
            int                          ret;
            whMessageCommConnectRequest  q;
            whMessageCommConnectResponse r = {.clientId = server->clientId,
                                              .serverId = WOLFHSM_CFG_SERVER_ID};
            if (reqSize < sizeof(q)) {
                return WH_ERROR_TRUNCATED;
            }
            wh_MessageComm_TranslateConnectRequest(magic, (const void*)req, &q);
            if (server->comm.reqEpoch != server->hostEpoch) {
                /* A new life of the host (wh_server.h): its transient state goes first. */
                ret = wh_Server_SessionReset(server);
                if (ret != WH_ERROR_OK) {
                    return ret;
                }
                server->hostEpoch = server->comm.reqEpoch;
            }
            server->connected = 0;
            if (WH_VERSION_MAJOR(q.version) != WH_VERSION_MAJOR(WH_VERSION)) {
                (void)wh_Server_DmaRegister(server, 0, 0);
                return WH_ERROR_VERSION;
            }
            if ((server->configDigest != 0u) && (q.configDigest != server->configDigest)) {
                (void)wh_Server_DmaRegister(server, 0, 0);
                return WH_ERROR_CONFIG_MISMATCH;
            }
            /* The shared buffer region for requests by address (wh_server.h). */
            ret = wh_Server_DmaRegister(server, q.dmaBase, q.dmaSize);
            if (ret != WH_ERROR_OK) {
                return ret;
            }
            server->connected = 1;
            wh_MessageComm_TranslateConnectResponse(magic, &r, (void*)resp);
            *out_respSize = sizeof(r);
            return WH_ERROR_OK;
        }

        case WH_MESSAGE_COMM_ACTION_INFO: {
            whMessageCommInfoResponse r = {.version         = WH_VERSION,
                                           .features        = features(),
                                           .protocolVersion = WH_COMM_VERSION,
                                           .maxPayload      = WOLFHSM_CFG_COMM_DATA_LEN,
                                           .clientId        = server->clientId,
                                           .serverId        = WOLFHSM_CFG_SERVER_ID};
            wh_MessageComm_TranslateInfoResponse(magic, &r, (void*)resp);
            *out_respSize = sizeof(r);
            return WH_ERROR_OK;
        }

        case WH_MESSAGE_COMM_ACTION_CLOSE:
            server->connected = 0;
            (void)wh_Server_DmaRegister(server, 0, 0);
            return WH_ERROR_OK;

        default:
            return WH_ERROR_BADKIND;
    }
}
