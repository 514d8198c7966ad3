/*
 * wolfhsm/wh_message_counter.h
 *
 * COUNTER group messages: persistent monotonic 32-bit counters (ids as in wh_message.h).
 * Increment, Read, Reset and Destroy use whMessageIdRequest (wh_message.h); Destroy answers
 * with an empty payload, the others with Value.
 */
#ifndef WOLFHSM_WH_MESSAGE_COUNTER_H_
#define WOLFHSM_WH_MESSAGE_COUNTER_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"

enum WH_MESSAGE_COUNTER_ACTION_ENUM {
    WH_MESSAGE_COUNTER_ACTION_INIT      = 0x01, /* Init -> Value (creates; never rewinds) */
    WH_MESSAGE_COUNTER_ACTION_INCREMENT = 0x02, /* Id -> Value (saturates at UINT32_MAX) */
    WH_MESSAGE_COUNTER_ACTION_READ      = 0x03, /* Id -> Value */
    WH_MESSAGE_COUNTER_ACTION_RESET     = 0x04, /* Id -> Value (0; resettable counters) */
    WH_MESSAGE_COUNTER_ACTION_DESTROY   = 0x05, /* Id -> empty (resettable counters) */
    /* IncrementFrom -> Value: increment only if the counter is at `expect` (else
     * WH_ERROR_CONFLICT, nothing changed): a retry of an applied one changes nothing. */
    WH_MESSAGE_COUNTER_ACTION_INCREMENT_FROM = 0x06,
};

/* Kinds of counters, chosen when one is created and kept in its NVM flags (a resettable
 * counter has WH_NVM_FLAGS_RESETTABLE). */
#define WH_COUNTER_MONOTONIC 0u  /* only ever goes up: no Reset, no Destroy */
#define WH_COUNTER_RESETTABLE 1u /* may also be Reset to 0 and Destroyed */

typedef struct whMessageCounterInitRequest_t {
    uint16_t id;
    uint16_t kind; /* WH_COUNTER_* */
    uint32_t value;
} whMessageCounterInitRequest;
_Static_assert(sizeof(whMessageCounterInitRequest) == 8, "wire size");

typedef struct whMessageCounterIncrementFromRequest_t {
    uint16_t id;
    uint16_t pad;
    uint32_t expect; /* the value the counter must have */
} whMessageCounterIncrementFromRequest;
_Static_assert(sizeof(whMessageCounterIncrementFromRequest) == 8, "wire size");

typedef struct whMessageCounterValueResponse_t {
    uint32_t value;
} whMessageCounterValueResponse;
_Static_assert(sizeof(whMessageCounterValueResponse) == 4, "wire size");

void wh_MessageCounter_TranslateInitRequest(uint16_t magic, const whMessageCounterInitRequest* src,
                                            whMessageCounterInitRequest* dst);
void wh_MessageCounter_TranslateIncrementFromRequest(
    uint16_t magic, const whMessageCounterIncrementFromRequest* src,
    whMessageCounterIncrementFromRequest* dst);
void wh_MessageCounter_TranslateValueResponse(uint16_t                             magic,
                                              const whMessageCounterValueResponse* src,
                                              whMessageCounterValueResponse*       dst);

#endif /* !WOLFHSM_WH_MESSAGE_COUNTER_H_ */
