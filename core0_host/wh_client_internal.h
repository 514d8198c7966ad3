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
 * WH_ERROR_OK the payload (*out_size bytes, at least min_size, else WH_ERROR_TRUNCATED) is at
 * wh_CommClient_GetData(&c->comm). out_size may be NULL. */
int wh_Client_RecvResponse(whClientContext* c, uint16_t min_size, uint16_t* out_size,
                           int32_t* out_rc);

/* Blocking wrapper body: ret = request; wait; ret = response. */
#define WH_CLIENT_BLOCKING(c, request, response)           \
    do {                                                    \
        int blockingRet_ = (request);                       \
        if (blockingRet_ == WH_ERROR_OK) {                  \
            blockingRet_ = wh_Client_WaitResponse(c);       \
        }                                                   \
        if (blockingRet_ == WH_ERROR_OK) {                  \
            blockingRet_ = (response);                      \
        }                                                   \
        return blockingRet_;                                \
    } while (0)

#endif /* !WH_CLIENT_INTERNAL_H_ */
