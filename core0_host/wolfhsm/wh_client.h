/*
 * wolfhsm/wh_client.h
 *
 * The client API (host core). Every remote call comes in three parts:
 *   wh_Client_XxxRequest(...)              send the request; never blocks
 *   wh_Client_XxxResponse(..., out_rc)     poll: WH_ERROR_NOTREADY until the response is in
 *   wh_Client_Xxx(..., out_rc)             send, wait, receive
 * The return value is the transport status. *out_rc is the HSM's verdict on the request
 * (WH_ERROR_OK or a WH_ERROR_* code); out parameters are written only when both are OK.
 * One request is outstanding per client: a second Request returns WH_ERROR_BUSY.
 *
 * Thread context: a client context is used by one thread at a time.
 */
#ifndef WOLFHSM_WH_CLIENT_H_
#define WOLFHSM_WH_CLIENT_H_

#include <stdint.h>

#include "wolfhsm/wh_comm.h"

typedef struct whClientConfig_t {
    const whCommClientConfig* comm;
    uint32_t                  timeoutMs; /* blocking calls give up after this; 0: never */
} whClientConfig;

typedef struct whClientContext_t {
    whCommClient comm;
    uint32_t     timeoutMs;
    uint16_t     clientId; /* identity the HSM bound to our mailbox, learnt at connect */
    uint16_t     serverId;
    uint8_t      connected;
    uint8_t      pad[3];
} whClientContext;

/* What the server reports about itself. */
typedef struct whClientCommInfo_t {
    uint32_t version;         /* WH_VERSION of the server */
    uint32_t features;        /* WH_INFO_FEATURE_* */
    uint16_t protocolVersion; /* WH_COMM_VERSION */
    uint16_t maxPayload;      /* largest payload in bytes */
    uint16_t clientId;
    uint16_t serverId;
} whClientCommInfo;

int wh_Client_Init(whClientContext* c, const whClientConfig* config);
int wh_Client_Cleanup(whClientContext* c);

/* Block until the outstanding request's response is in (or the configured timeout:
 * WH_ERROR_TIMEOUT; the request stays outstanding and its Response may still be polled). */
int wh_Client_WaitResponse(whClientContext* c);

/* Connect: open the session; the HSM says which client id it bound to this mailbox. */
int wh_Client_CommConnectRequest(whClientContext* c);
int wh_Client_CommConnectResponse(whClientContext* c, uint16_t* out_clientId,
                                  uint16_t* out_serverId, int32_t* out_rc);
int wh_Client_CommConnect(whClientContext* c, uint16_t* out_clientId, uint16_t* out_serverId,
                          int32_t* out_rc);

/* Info: versions and capacities of the HSM. */
int wh_Client_CommInfoRequest(whClientContext* c);
int wh_Client_CommInfoResponse(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc);
int wh_Client_CommInfo(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc);

/* Echo: the HSM returns size bytes of data unchanged (size <= WOLFHSM_CFG_COMM_DATA_LEN).
 * Response: *inout_size is the capacity of out_data on entry and the bytes echoed on return;
 * WH_ERROR_BUFFER_SIZE (response consumed, nothing copied) if they do not fit. */
int wh_Client_EchoRequest(whClientContext* c, uint16_t size, const void* data);
int wh_Client_EchoResponse(whClientContext* c, uint16_t* inout_size, void* out_data,
                           int32_t* out_rc);
int wh_Client_Echo(whClientContext* c, uint16_t size, const void* data, uint16_t* inout_size,
                   void* out_data, int32_t* out_rc);

/* Close: end the session; requests other than COMM ones are refused until a new connect. */
int wh_Client_CommCloseRequest(whClientContext* c);
int wh_Client_CommCloseResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_CommClose(whClientContext* c, int32_t* out_rc);

#endif /* !WOLFHSM_WH_CLIENT_H_ */
