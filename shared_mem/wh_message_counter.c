/*
 * wh_message_counter.c: byte-order translation of the COUNTER group's messages.
 *
 * Each function copies through a local struct with memcpy, so a struct is never read
 * through a pointer into a byte buffer (no aliasing or alignment traps), and swaps the
 * fields when the peer's byte order differs (the WH_T* helpers do nothing otherwise).
 */
#include <string.h>

#include "wolfhsm/wh_message_counter.h"

void wh_MessageCounter_TranslateInitRequest(uint16_t magic, const whMessageCounterInitRequest* src,
                                            whMessageCounterInitRequest* dst)
{
    whMessageCounterInitRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, kind);
    WH_T32(magic, t, value);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCounter_TranslateValueResponse(uint16_t                             magic,
                                              const whMessageCounterValueResponse* src,
                                              whMessageCounterValueResponse*       dst)
{
    whMessageCounterValueResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, value);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCounter_TranslateIncrementFromRequest(
    uint16_t magic, const whMessageCounterIncrementFromRequest* src,
    whMessageCounterIncrementFromRequest* dst)
{
    whMessageCounterIncrementFromRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, pad);
    WH_T32(magic, t, expect);
    memcpy(dst, &t, sizeof(t));
}
