/*
 * wolfhsm/wh_message.h
 *
 * The wire format shared by both cores: the packet header, message kinds and the byte-order
 * helpers used by every group's translate functions.
 *
 * A packet is a header followed by a fixed-layout payload of one group's message:
 *
 *   offset size field
 *   0      2    magic   WH_COMM_MAGIC_NATIVE as the sender stores it: high byte 'W' (0x57),
 *                       low byte the protocol version. Read swapped, it tells the receiver
 *                       the sender's byte order.
 *   2      2    kind    group << 8 | action
 *   4      2    seq     chosen by the client, echoed by the server
 *   6      2    aux     request: 0. response: the HSM's verdict, the one place it travels:
 *                       WH_ERROR_OK (0) with the group's response payload, or a negative
 *                       WH_ERROR_* (as int16) with an empty payload.
 *
 * All header and payload fields are in the sender's byte order. The server answers in the
 * byte order of the request, so a client only ever reads its own byte order. Payload sizes
 * come from the transport, not from the header.
 *
 * Requests by address (the *_DMA actions of the NVM and CRYPTO groups): a large input or
 * output is not carried in the payload but named by a 64-bit host address (the client's own
 * pointer, zero-extended) and a length. The HSM accepts it only when it lies wholly inside one
 * host memory window of its configuration (wh_server.h), reads each input byte once and
 * writes outputs only after the operation succeeded; else the verdict is WH_ERROR_BADADDR.
 * 64-bit fields sit at offsets that are multiples of 8, so no struct has hidden padding on a
 * 32-bit or a 64-bit core.
 */
#ifndef WOLFHSM_WH_MESSAGE_H_
#define WOLFHSM_WH_MESSAGE_H_

#include <stdint.h>

#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

#define WH_COMM_VERSION 2       /* 2: the verdict only in the header, no rc in payloads */
#define WH_COMM_MAGIC_TAG 0x57u /* 'W' */
#define WH_COMM_MAGIC_NATIVE ((uint16_t)((WH_COMM_MAGIC_TAG << 8) | WH_COMM_VERSION))
#define WH_COMM_MAGIC_SWAPPED ((uint16_t)((WH_COMM_VERSION << 8) | WH_COMM_MAGIC_TAG))

/* Message groups. Explicit values: they are wire constants. */
enum WH_MESSAGE_GROUP_ENUM {
    WH_MESSAGE_GROUP_COMM    = 0x01, /* connect, info, echo, close */
    WH_MESSAGE_GROUP_NVM     = 0x02,
    WH_MESSAGE_GROUP_KEY     = 0x03,
    WH_MESSAGE_GROUP_CRYPTO  = 0x04,
    WH_MESSAGE_GROUP_COUNTER = 0x05,
    WH_MESSAGE_GROUP_SHE     = 0x06, /* SHE (wh_message_she.h) */
};

/*
 * Wire ids: keys, NVM objects and counters as a client names them: the number (1..255) in
 * bits 7..0, plus WH_ID_GLOBAL for the ones shared by all clients. Other bits are 0. The
 * HSM adds the owner (the client bound to the mailbox), so a client can only name its own
 * and global ones. For key caching, number 0 asks the HSM to pick a free one.
 */
#define WH_ID_GLOBAL 0x0100u
#define WH_ID_NUMBER(id) ((uint16_t)((id)&0xFFu))
#define WH_ID_IS_GLOBAL(id) (((id)&WH_ID_GLOBAL) != 0u)
#define WH_ID_VALID_BITS (WH_ID_GLOBAL | 0xFFu)

#define WH_MESSAGE_KIND(group, action) ((uint16_t)(((group) << 8) | (action)))
#define WH_MESSAGE_GROUP(kind) ((uint16_t)((kind) >> 8))
#define WH_MESSAGE_ACTION(kind) ((uint16_t)((kind)&0xFFu))

typedef struct whCommHeader_t {
    uint16_t magic;
    uint16_t kind;
    uint16_t seq;
    uint16_t aux;
} whCommHeader;
_Static_assert(sizeof(whCommHeader) == 8, "wire: header is 8 bytes");

/* Largest packet: header + payload. */
#define WH_COMM_MTU (sizeof(whCommHeader) + WOLFHSM_CFG_COMM_DATA_LEN)

/* A packet as held in private memory. The union keeps the payload 8-byte aligned. */
typedef struct whCommPacket_t {
    whCommHeader hdr;
    union {
        uint8_t  bytes[WOLFHSM_CFG_COMM_DATA_LEN];
        uint64_t align;
    } data;
} whCommPacket;

/* Requests that name one id (NVM, key and counter groups). */
typedef struct whMessageIdRequest_t {
    uint16_t id;
    uint16_t pad;
} whMessageIdRequest;
_Static_assert(sizeof(whMessageIdRequest) == 4, "wire size");

/* Byte order. A magic is "native" when the peer shares our byte order. */
static inline uint16_t wh_Bswap16(uint16_t v)
{
    return (uint16_t)((v << 8) | (v >> 8));
}
static inline uint32_t wh_Bswap32(uint32_t v)
{
    return ((v & 0x000000FFu) << 24) | ((v & 0x0000FF00u) << 8) | ((v & 0x00FF0000u) >> 8) |
           ((v & 0xFF000000u) >> 24);
}
static inline uint64_t wh_Bswap64(uint64_t v)
{
    return ((uint64_t)wh_Bswap32((uint32_t)v) << 32) | wh_Bswap32((uint32_t)(v >> 32));
}
/* Translate a field between the peer's order (given by magic) and ours. Its own inverse. */
static inline uint16_t wh_Translate16(uint16_t magic, uint16_t v)
{
    return (magic == WH_COMM_MAGIC_NATIVE) ? v : wh_Bswap16(v);
}
static inline uint32_t wh_Translate32(uint16_t magic, uint32_t v)
{
    return (magic == WH_COMM_MAGIC_NATIVE) ? v : wh_Bswap32(v);
}

static inline uint64_t wh_Translate64(uint16_t magic, uint64_t v)
{
    return (magic == WH_COMM_MAGIC_NATIVE) ? v : wh_Bswap64(v);
}

/* Field helpers for translate functions working on a local copy t of a message. */
#define WH_T16(magic, t, f) ((t).f = wh_Translate16((magic), (t).f))
#define WH_T32(magic, t, f) ((t).f = wh_Translate32((magic), (t).f))
#define WH_T64(magic, t, f) ((t).f = wh_Translate64((magic), (t).f))
#define WH_TS32(magic, t, f) ((t).f = (int32_t)wh_Translate32((magic), (uint32_t)(t).f))

/*
 * Check a received magic. Returns WH_ERROR_OK (0) when the packet is ours (in either byte
 * order) and of our version, WH_ERROR_VERSION when it is ours but another version,
 * WH_ERROR_BADMAGIC otherwise.
 */
int               wh_Message_CheckMagicSlow(uint16_t magic);
static inline int wh_Message_CheckMagic(uint16_t magic)
{
    return (magic == WH_COMM_MAGIC_NATIVE) ? 0 : wh_Message_CheckMagicSlow(magic);
}

void wh_Message_TranslateIdRequest(uint16_t magic, const whMessageIdRequest* src,
                                   whMessageIdRequest* dst);

#endif /* !WOLFHSM_WH_MESSAGE_H_ */
