/*
 * wolfhsm/wh_message_comm.h
 *
 * COMM group messages: connect, info, echo, close. Fixed layouts; all fields in the
 * sender's byte order (see wh_message.h). Echo carries raw bytes both ways, no struct.
 *
 * Translate functions convert between the peer's byte order (given by its magic) and ours.
 * src and dst may be the same or point into packet buffers; they need 4-byte alignment.
 */
#ifndef WOLFHSM_WH_MESSAGE_COMM_H_
#define WOLFHSM_WH_MESSAGE_COMM_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"

enum WH_MESSAGE_COMM_ACTION_ENUM {
    WH_MESSAGE_COMM_ACTION_CONNECT = 0x01, /* request and response: Connect */
    WH_MESSAGE_COMM_ACTION_INFO    = 0x02, /* request: empty; response: Info */
    WH_MESSAGE_COMM_ACTION_ECHO    = 0x03, /* request and response: raw bytes */
    WH_MESSAGE_COMM_ACTION_CLOSE   = 0x04, /* request and response: empty */
};

/* Library version reported by Info: major << 16 | minor << 8 | patch. */
#define WH_VERSION ((0u << 16) | (1u << 8) | 0u)
#define WH_VERSION_MAJOR(v) ((v) >> 16)

/* Info feature bits. */
#define WH_INFO_FEATURE_THREADSAFE 0x00000001u
#define WH_INFO_FEATURE_GLOBAL_KEYS 0x00000002u

/* The client's library version (the server refuses another major version) and the shared
 * buffer region it registers for requests by address: dmaBase is the client's own address of
 * the region's first byte, dmaSize its bytes (0: none). The HSM uses them only for the host
 * windows its configuration marks WH_DMA_REGISTERED (wh_server.h), whose HSM-side address it
 * knows itself, so a client with its own mapping of the region (another process) names its
 * buffers by its own pointers. A region larger than those windows, or one that wraps, is
 * refused (WH_ERROR_BADADDR, no session). configDigest: the digest of the configuration the
 * client was built with (0: none); a server context configured with a digest refuses any
 * other (WH_ERROR_CONFIG_MISMATCH, no session; wh_server.h). */
typedef struct whMessageCommConnectRequest_t {
    uint32_t version; /* WH_VERSION of the client */
    uint32_t pad;
    uint64_t dmaBase;
    uint64_t dmaSize;
    uint64_t configDigest;
} whMessageCommConnectRequest;
_Static_assert(sizeof(whMessageCommConnectRequest) == 32, "wire size");

typedef struct whMessageCommConnectResponse_t {
    uint16_t clientId; /* the identity the HSM bound to this mailbox */
    uint16_t serverId;
} whMessageCommConnectResponse;
_Static_assert(sizeof(whMessageCommConnectResponse) == 4, "wire size");

typedef struct whMessageCommInfoResponse_t {
    uint32_t version;         /* WH_VERSION of the server */
    uint32_t features;        /* WH_INFO_FEATURE_* */
    uint16_t protocolVersion; /* WH_COMM_VERSION */
    uint16_t maxPayload;      /* WOLFHSM_CFG_COMM_DATA_LEN of the server */
    uint16_t clientId;
    uint16_t serverId;
} whMessageCommInfoResponse;
_Static_assert(sizeof(whMessageCommInfoResponse) == 16, "wire size");

void wh_MessageComm_TranslateConnectRequest(uint16_t magic, const whMessageCommConnectRequest* src,
                                            whMessageCommConnectRequest* dst);
void wh_MessageComm_TranslateConnectResponse(uint16_t                            magic,
                                             const whMessageCommConnectResponse* src,
                                             whMessageCommConnectResponse*       dst);
void wh_MessageComm_TranslateInfoResponse(uint16_t magic, const whMessageCommInfoResponse* src,
                                          whMessageCommInfoResponse* dst);

#endif /* !WOLFHSM_WH_MESSAGE_COMM_H_ */
