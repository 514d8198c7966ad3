/*
 * wh_client_counter.c: the COUNTER group (see wolfhsm/wh_client.h).
 */
#include <stddef.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_counter.h"

#define COUNTER_KIND(action) \
    WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COUNTER, WH_MESSAGE_COUNTER_ACTION_##action)

/* Every counter response but Destroy's carries the value. */
static int recvValue(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    whMessageCounterValueResponse r;
    int32_t                       rc;
    int                           ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageCounter_TranslateValueResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c),
                                                 &r);
        WH_CLIENT_SET(out_value, r.value);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_CounterInitRequest(whClientContext* c, uint16_t counterId, uint16_t kind,
                                 uint32_t value)
{
    const whMessageCounterInitRequest q = {.id = counterId, .kind = kind, .value = value};

    if ((c == NULL) || ((kind != WH_COUNTER_MONOTONIC) && (kind != WH_COUNTER_RESETTABLE))) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCounter_TranslateInitRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, COUNTER_KIND(INIT), sizeof(q));
}

int wh_Client_CounterInitResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    return recvValue(c, out_value, out_rc);
}

int wh_Client_CounterInit(whClientContext* c, uint16_t counterId, uint16_t kind, uint32_t value,
                          int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterInitRequest(c, counterId, kind, value),
                       wh_Client_CounterInitResponse(c, NULL, out_rc));
}

int wh_Client_CounterIncrementRequest(whClientContext* c, uint16_t counterId)
{
    return wh_Client_SendIdRequest(c, COUNTER_KIND(INCREMENT), counterId);
}

int wh_Client_CounterIncrementResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    return recvValue(c, out_value, out_rc);
}

int wh_Client_CounterIncrement(whClientContext* c, uint16_t counterId, uint32_t* out_value,
                               int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterIncrementRequest(c, counterId),
                       wh_Client_CounterIncrementResponse(c, out_value, out_rc));
}

int wh_Client_CounterIncrementFromRequest(whClientContext* c, uint16_t counterId, uint32_t expect)
{
    const whMessageCounterIncrementFromRequest q = {.id = counterId, .expect = expect};

    if (c == NULL) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCounter_TranslateIncrementFromRequest(WH_COMM_MAGIC_NATIVE, &q,
                                                    (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, COUNTER_KIND(INCREMENT_FROM), sizeof(q));
}

int wh_Client_CounterIncrementFromResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    return recvValue(c, out_value, out_rc);
}

int wh_Client_CounterIncrementFrom(whClientContext* c, uint16_t counterId, uint32_t expect,
                                   uint32_t* out_value, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterIncrementFromRequest(c, counterId, expect),
                       wh_Client_CounterIncrementFromResponse(c, out_value, out_rc));
}

int wh_Client_CounterReadRequest(whClientContext* c, uint16_t counterId)
{
    return wh_Client_SendIdRequest(c, COUNTER_KIND(READ), counterId);
}

int wh_Client_CounterReadResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    return recvValue(c, out_value, out_rc);
}

int wh_Client_CounterRead(whClientContext* c, uint16_t counterId, uint32_t* out_value,
                          int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterReadRequest(c, counterId),
                       wh_Client_CounterReadResponse(c, out_value, out_rc));
}

int wh_Client_CounterResetRequest(whClientContext* c, uint16_t counterId)
{
    return wh_Client_SendIdRequest(c, COUNTER_KIND(RESET), counterId);
}

int wh_Client_CounterResetResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc)
{
    return recvValue(c, out_value, out_rc);
}

int wh_Client_CounterReset(whClientContext* c, uint16_t counterId, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterResetRequest(c, counterId),
                       wh_Client_CounterResetResponse(c, NULL, out_rc));
}

int wh_Client_CounterDestroyRequest(whClientContext* c, uint16_t counterId)
{
    return wh_Client_SendIdRequest(c, COUNTER_KIND(DESTROY), counterId);
}

int wh_Client_CounterDestroyResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_CounterDestroy(whClientContext* c, uint16_t counterId, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CounterDestroyRequest(c, counterId),
                       wh_Client_CounterDestroyResponse(c, out_rc));
}
