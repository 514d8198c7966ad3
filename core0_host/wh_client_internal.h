/*
 * wh_client_internal.h: helpers shared by the client's group files. Not a public header.
 */
#ifndef WH_CLIENT_INTERNAL_H_
#define WH_CLIENT_INTERNAL_H_

#include <stdint.h>

#include "wolfhsm/wh_client.h"

/* Send the size payload bytes already at wh_CommClient_GetData(&c->comm) as kind. */
int wh_Client_SendRequest(whClientContext* c, uint16_t kind, uint16_t size);

/* Poll for the response. WH_ERROR_OK: *out_rc holds the header verdict; when that is
 * WH_ERROR_OK the payload (*out_size bytes, at least minSize, else WH_ERROR_TRUNCATED) is at
 * wh_CommClient_GetData(&c->comm). out_size may be NULL. */
int wh_Client_RecvResponse(whClientContext* c, uint16_t minSize, uint16_t* out_size,
                           int32_t* out_rc);

/* The payload area of the client's private packet. */
static inline uint8_t* wh_Client_Data(whClientContext* c)
{
    return wh_CommClient_GetData(&c->comm);
}

/* Send a request that names one id (whMessageIdRequest). */
int wh_Client_SendIdRequest(whClientContext* c, uint16_t kind, uint16_t id);
/* Receive a response whose payload is empty: only the verdict, into *out_rc (may be NULL). */
int wh_Client_RecvEmptyResponse(whClientContext* c, int32_t* out_rc);

/* Store value in an optional out parameter. */
#define WH_CLIENT_SET(out, value) \
    do {                          \
        if ((out) != NULL) {      \
            *(out) = (value);     \
        }                         \
    } while (0)

/* Blocking wrapper body: send the request, then wait and poll until the response is in
 * (a transport without a doorbell returns from the wait at once: this then polls). */
#define WH_CLIENT_BLOCKING(c, request, response)         \
    do {                                                 \
        int blockingRet_ = (request);                    \
        while (blockingRet_ == WH_ERROR_OK) {            \
            blockingRet_ = wh_Client_WaitResponse(c);    \
            if (blockingRet_ == WH_ERROR_OK) {           \
                blockingRet_ = (response);               \
                if (blockingRet_ != WH_ERROR_NOTREADY) { \
                    break;                               \
                }                                        \
                blockingRet_ = WH_ERROR_OK;              \
            }                                            \
        }                                                \
        return blockingRet_;                             \
    } while (0)

#endif /* !WH_CLIENT_INTERNAL_H_ */
