/*
 * wolfhsm/wh_message_she.h
 *
 * SHE group messages (Secure Hardware Extension, HIS v1.1 / AUTOSAR TR 948): one SHE per
 * device on the HSM core; the facts are in ../shared/automotive/she.md.
 *
 * The verdict travels in the response header like every group's: WH_ERROR_OK is ERC_NO_ERROR,
 * each other ERC_* is one WH_ERROR_SHE_* code (wh_error.h); VERIFY_MAC's verdict is a status in
 * its payload (verifyStatus), not an error. Byte strings (keys, M1..M5, UID, blocks) are in
 * SHE's byte order and never swapped; only the integer fields are translated.
 *
 * Actions with no request payload: EXPORT_RAM_KEY, INIT_RNG, RND, GET_STATUS, BOOT_FAILURE,
 * BOOT_OK, DEBUG_CHALLENGE, CANCEL. Actions with no response payload: LOAD_PLAIN_KEY, INIT_RNG,
 * EXTEND_SEED, BOOT_FAILURE, BOOT_OK, DEBUG_AUTHORIZATION, CANCEL, PROVISION.
 */
#ifndef WOLFHSM_WH_MESSAGE_SHE_H_
#define WOLFHSM_WH_MESSAGE_SHE_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"

enum WH_MESSAGE_SHE_ACTION_ENUM {
    WH_MESSAGE_SHE_ACTION_LOAD_KEY       = 0x01, /* LoadKey -> LoadKey (M4, M5) */
    WH_MESSAGE_SHE_ACTION_LOAD_PLAIN_KEY = 0x02, /* PlainKey -> empty */
    WH_MESSAGE_SHE_ACTION_EXPORT_RAM_KEY = 0x03, /* empty -> Export (M1..M5) */
    WH_MESSAGE_SHE_ACTION_INIT_RNG       = 0x04, /* empty -> empty */
    WH_MESSAGE_SHE_ACTION_RND            = 0x05, /* empty -> Block */
    WH_MESSAGE_SHE_ACTION_GET_STATUS     = 0x06, /* empty -> Status */
    WH_MESSAGE_SHE_ACTION_GET_ID         = 0x07, /* Block (challenge) -> GetId */
    WH_MESSAGE_SHE_ACTION_ENC_ECB        = 0x08, /* Cipher + data -> Cipher + data */
    WH_MESSAGE_SHE_ACTION_ENC_CBC        = 0x09,
    WH_MESSAGE_SHE_ACTION_DEC_ECB        = 0x0A,
    WH_MESSAGE_SHE_ACTION_DEC_CBC        = 0x0B,
    WH_MESSAGE_SHE_ACTION_GENERATE_MAC   = 0x0C, /* Mac + message -> Block (the MAC) */
    WH_MESSAGE_SHE_ACTION_VERIFY_MAC     = 0x0D, /* Mac + message -> Verify */
    WH_MESSAGE_SHE_ACTION_EXTEND_SEED    = 0x0E, /* Block (entropy) -> empty */
    /* Secure boot (numbered apart from the others): */
    WH_MESSAGE_SHE_ACTION_SECURE_BOOT  = 0x18, /* SecureBoot + image -> Status (SREG after) */
    WH_MESSAGE_SHE_ACTION_BOOT_FAILURE = 0x19, /* empty -> empty */
    WH_MESSAGE_SHE_ACTION_BOOT_OK      = 0x1A, /* empty -> empty */
    /* Debug access, CANCEL and the device identity (wh_server_she.c, README "SHE"). */
    WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE     = 0x1C, /* empty -> Block (the challenge) */
    WH_MESSAGE_SHE_ACTION_DEBUG_AUTHORIZATION = 0x1D, /* Block (the response) -> empty */
    WH_MESSAGE_SHE_ACTION_CANCEL              = 0x1E, /* empty -> empty */
    WH_MESSAGE_SHE_ACTION_PROVISION           = 0x1F, /* Provision -> empty */
};

/* SHE key slots (she.md, "Key slots"). */
#define WH_SHE_SECRET_KEY 0x0u
#define WH_SHE_MASTER_ECU_KEY 0x1u
#define WH_SHE_BOOT_MAC_KEY 0x2u
#define WH_SHE_BOOT_MAC 0x3u
#define WH_SHE_KEY_1 0x4u
#define WH_SHE_KEY_10 0xDu
#define WH_SHE_RAM_KEY 0xEu

/* F_ID, the six flags, as the 6-bit field of M2 (WRITE_PROTECTION most significant). */
#define WH_SHE_FLAG_WRITE_PROTECTION 0x20u
#define WH_SHE_FLAG_BOOT_PROTECTION 0x10u
#define WH_SHE_FLAG_DEBUGGER_PROTECTION 0x08u
#define WH_SHE_FLAG_KEY_USAGE 0x04u /* 1: MAC key, 0: cipher key */
#define WH_SHE_FLAG_WILDCARD 0x02u
#define WH_SHE_FLAG_VERIFY_ONLY 0x01u

/* SREG, bit 0 upward. */
#define WH_SHE_SREG_BUSY 0x01u
#define WH_SHE_SREG_SECURE_BOOT 0x02u
#define WH_SHE_SREG_BOOT_INIT 0x04u
#define WH_SHE_SREG_BOOT_FINISHED 0x08u
#define WH_SHE_SREG_BOOT_OK 0x10u
#define WH_SHE_SREG_RND_INIT 0x20u
#define WH_SHE_SREG_EXT_DEBUGGER 0x40u
#define WH_SHE_SREG_INT_DEBUGGER 0x80u

#define WH_SHE_BLOCK 16u
#define WH_SHE_UID_LEN 15u

/* Cipher and MAC data follow their fixed part in the same payload, up to this many bytes. */
#define WH_SHE_DATA_MAX (WOLFHSM_CFG_COMM_DATA_LEN - 32u)

typedef struct whMessageSheLoadKeyRequest_t {
    uint8_t m1[16];
    uint8_t m2[32];
    uint8_t m3[16];
} whMessageSheLoadKeyRequest;
_Static_assert(sizeof(whMessageSheLoadKeyRequest) == 64, "wire size");

typedef struct whMessageSheLoadKeyResponse_t {
    uint8_t m4[32];
    uint8_t m5[16];
} whMessageSheLoadKeyResponse;
_Static_assert(sizeof(whMessageSheLoadKeyResponse) == 48, "wire size");

typedef struct whMessageSheExportResponse_t {
    uint8_t m1[16];
    uint8_t m2[32];
    uint8_t m3[16];
    uint8_t m4[32];
    uint8_t m5[16];
} whMessageSheExportResponse;
_Static_assert(sizeof(whMessageSheExportResponse) == 112, "wire size");

/* A 128-bit block: LOAD_PLAIN_KEY's key, GET_ID's challenge, EXTEND_SEED's entropy, RND's and
 * GENERATE_MAC's output, DEBUG_CHALLENGE's challenge, DEBUG_AUTHORIZATION's response. */
typedef struct whMessageSheBlock_t {
    uint8_t b[16];
} whMessageSheBlock;
_Static_assert(sizeof(whMessageSheBlock) == 16, "wire size");

typedef struct whMessageSheStatusResponse_t {
    uint8_t sreg;
    uint8_t pad[3];
} whMessageSheStatusResponse;
_Static_assert(sizeof(whMessageSheStatusResponse) == 4, "wire size");

typedef struct whMessageSheGetIdResponse_t {
    uint8_t uid[15];
    uint8_t sreg;
    uint8_t mac[16];
} whMessageSheGetIdResponse;
_Static_assert(sizeof(whMessageSheGetIdResponse) == 32, "wire size");

/* ENC/DEC ECB/CBC: len bytes (a multiple of 16, 16..WH_SHE_DATA_MAX) follow; the response is
 * the same header (iv unchanged) followed by len bytes of output. iv: CBC only. */
typedef struct whMessageSheCipher_t {
    uint8_t  keyId;
    uint8_t  pad[3];
    uint32_t len;
    uint8_t  iv[16];
} whMessageSheCipher;
_Static_assert(sizeof(whMessageSheCipher) == 24, "wire size");

/* GENERATE_MAC / VERIFY_MAC. VERIFY_MAC: the MAC's bytes that are compared follow,
 * WH_SHE_MAC_TAG_LEN(macBits) of them (the first macBits bits, 0: all 128; the unused low bits
 * of the last byte ignored); GENERATE_MAC: none, macBits ignored. Then msgBits bits of message
 * ((msgBits + 7) / 8 bytes, the unused low bits of the last byte ignored). */
typedef struct whMessageSheMacRequest_t {
    uint8_t  keyId;
    uint8_t  pad;
    uint16_t macBits;
    uint32_t msgBits;
} whMessageSheMacRequest;
_Static_assert(sizeof(whMessageSheMacRequest) == 8, "wire size");
#define WH_SHE_MAC_TAG_LEN(macBits) (((macBits) == 0u) ? 16u : (((uint32_t)(macBits) + 7u) / 8u))

/* PROVISION: the device identity, written once (then ERC_KEY_WRITE_PROTECTED). uid: the UID,
 * never all zeros (that is the wildcard); secret: SECRET_KEY, ignored with
 * WH_SHE_PROVISION_GENERATE (the HSM draws it from its DRBG: it then never existed outside). */
#define WH_SHE_PROVISION_GENERATE 0x01u
typedef struct whMessageSheProvisionRequest_t {
    uint8_t uid[15];
    uint8_t flags; /* WH_SHE_PROVISION_*; other bits: ERC_GENERAL_ERROR */
    uint8_t secret[16];
} whMessageSheProvisionRequest;
_Static_assert(sizeof(whMessageSheProvisionRequest) == 32, "wire size");

#define WH_SHE_VERIFY_OK 0u
#define WH_SHE_VERIFY_FAILED 1u
typedef struct whMessageSheVerifyResponse_t {
    uint32_t verifyStatus; /* WH_SHE_VERIFY_* */
} whMessageSheVerifyResponse;
_Static_assert(sizeof(whMessageSheVerifyResponse) == 4, "wire size");

/* SECURE_BOOT: the boot image, size bytes (1..WH_SHE_DATA_MAX), follows. The HSM computes
 * BOOT_MAC = CMAC_{BOOT_MAC_KEY}(96 zero bits || size * 8 as 32-bit big-endian || image) and
 * compares it with the BOOT_MAC slot; the verdict is SREG's BOOT_OK bit in the response
 * (whMessageSheStatusResponse), not an error. */
typedef struct whMessageSheSecureBootRequest_t {
    uint32_t size; /* bytes */
} whMessageSheSecureBootRequest;
_Static_assert(sizeof(whMessageSheSecureBootRequest) == 4, "wire size");

void wh_MessageShe_TranslateCipher(uint16_t magic, const whMessageSheCipher* src,
                                   whMessageSheCipher* dst);
void wh_MessageShe_TranslateMacRequest(uint16_t magic, const whMessageSheMacRequest* src,
                                       whMessageSheMacRequest* dst);
void wh_MessageShe_TranslateVerifyResponse(uint16_t magic, const whMessageSheVerifyResponse* src,
                                           whMessageSheVerifyResponse* dst);
void wh_MessageShe_TranslateSecureBootRequest(uint16_t                             magic,
                                              const whMessageSheSecureBootRequest* src,
                                              whMessageSheSecureBootRequest*       dst);

#endif /* !WOLFHSM_WH_MESSAGE_SHE_H_ */
