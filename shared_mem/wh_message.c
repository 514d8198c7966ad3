/*
 * wh_message.c: header checks and the COMM group's byte-order translation.
 *
 * Translate functions copy through a local struct with memcpy so that a struct is never
 * read through a pointer into a byte buffer (no aliasing or alignment traps), then swap the
 * fields when the peer's byte order differs.
 */
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"

int wh_Message_CheckMagicSlow(uint16_t magic)
{
    if ((magic == WH_COMM_MAGIC_NATIVE) || (magic == WH_COMM_MAGIC_SWAPPED)) {
        return WH_ERROR_OK;
    }
    if (((magic >> 8) == WH_COMM_MAGIC_TAG) || ((magic & 0xFFu) == WH_COMM_MAGIC_TAG)) {
        return WH_ERROR_VERSION;
    }
    return WH_ERROR_BADMAGIC;
}

void wh_MessageComm_TranslateConnectRequest(uint16_t magic,
                                            const whMessageCommConnectRequest* src,
                                            whMessageCommConnectRequest* dst)
{
    whMessageCommConnectRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, version);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageComm_TranslateConnectResponse(uint16_t magic,
                                             const whMessageCommConnectResponse* src,
                                             whMessageCommConnectResponse* dst)
{
    whMessageCommConnectResponse t;
    memcpy(&t, src, sizeof(t));
    WH_TS32(magic, t, rc);
    WH_T16(magic, t, clientId);
    WH_T16(magic, t, serverId);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageComm_TranslateInfoResponse(uint16_t magic, const whMessageCommInfoResponse* src,
                                          whMessageCommInfoResponse* dst)
{
    whMessageCommInfoResponse t;
    memcpy(&t, src, sizeof(t));
    WH_TS32(magic, t, rc);
    WH_T32(magic, t, version);
    WH_T32(magic, t, features);
    WH_T16(magic, t, protocolVersion);
    WH_T16(magic, t, maxPayload);
    WH_T16(magic, t, clientId);
    WH_T16(magic, t, serverId);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageComm_TranslateCloseResponse(uint16_t magic, const whMessageCommCloseResponse* src,
                                           whMessageCommCloseResponse* dst)
{
    whMessageCommCloseResponse t;
    memcpy(&t, src, sizeof(t));
    WH_TS32(magic, t, rc);
    memcpy(dst, &t, sizeof(t));
}
