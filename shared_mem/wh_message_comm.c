/*
 * wh_message_comm.c: byte-order translation of the COMM group's messages.
 *
 * Each function copies through a local struct with memcpy, so a struct is never read
 * through a pointer into a byte buffer (no aliasing or alignment traps), and swaps the
 * fields when the peer's byte order differs (the WH_T* helpers do nothing otherwise).
 */
#include <string.h>

#include "wolfhsm/wh_message_comm.h"

void wh_MessageComm_TranslateConnectRequest(uint16_t magic, const whMessageCommConnectRequest* src,
                                            whMessageCommConnectRequest* dst)
{
    whMessageCommConnectRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, version);
    WH_T64(magic, t, dmaBase);
    WH_T64(magic, t, dmaSize);
    WH_T64(magic, t, configDigest);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageComm_TranslateConnectResponse(uint16_t                            magic,
                                             const whMessageCommConnectResponse* src,
                                             whMessageCommConnectResponse*       dst)
{
    whMessageCommConnectResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, clientId);
    WH_T16(magic, t, serverId);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageComm_TranslateInfoResponse(uint16_t magic, const whMessageCommInfoResponse* src,
                                          whMessageCommInfoResponse* dst)
{
    whMessageCommInfoResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, version);
    WH_T32(magic, t, features);
    WH_T16(magic, t, protocolVersion);
    WH_T16(magic, t, maxPayload);
    WH_T16(magic, t, clientId);
    WH_T16(magic, t, serverId);
    memcpy(dst, &t, sizeof(t));
}
