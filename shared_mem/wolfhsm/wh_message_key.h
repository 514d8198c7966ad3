/*
 * wolfhsm/wh_message_key.h
 *
 * KEY group messages: the key store (ids as in wh_message.h). Evict, Commit, Export and Erase
 * name their key with whMessageIdRequest (wh_message.h); Evict, Commit and Erase answer with
 * an empty payload.
 */
#ifndef WOLFHSM_WH_MESSAGE_KEY_H_
#define WOLFHSM_WH_MESSAGE_KEY_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"

enum WH_MESSAGE_KEY_ACTION_ENUM {
    WH_MESSAGE_KEY_ACTION_CACHE  = 0x01, /* Cache + key -> Cache */
    WH_MESSAGE_KEY_ACTION_EVICT  = 0x02, /* Id -> empty */
    WH_MESSAGE_KEY_ACTION_COMMIT = 0x03, /* Id -> empty */
    WH_MESSAGE_KEY_ACTION_EXPORT = 0x04, /* Id -> Export + key */
    WH_MESSAGE_KEY_ACTION_ERASE  = 0x05, /* Id -> empty */
    WH_MESSAGE_KEY_ACTION_COPY   = 0x06, /* Copy -> Cache */
};

/* Followed by len bytes of key material. id 0 (or WH_ID_GLOBAL alone): the HSM picks.
 * macMinBits: the key's MAC policy (wh_nvm_types.h), the shortest MAC tag in bits the HSM
 * makes or checks with it: 0 (the default, WH_KEY_MAC_MIN_BITS_DEFAULT) or 1..128 (else
 * WH_ERROR_BADARGS). */
typedef struct whMessageKeyCacheRequest_t {
    uint16_t id;
    uint16_t flags; /* WH_NVM_FLAGS_*: exportability, usage */
    uint16_t len;
    uint16_t macMinBits;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageKeyCacheRequest;
_Static_assert(sizeof(whMessageKeyCacheRequest) == 32, "wire size");

typedef struct whMessageKeyCacheResponse_t {
    uint16_t id; /* the id the key is cached under */
    uint16_t pad;
} whMessageKeyCacheResponse;
_Static_assert(sizeof(whMessageKeyCacheResponse) == 4, "wire size");

/* Followed by len bytes of key material. */
typedef struct whMessageKeyExportResponse_t {
    uint16_t flags;
    uint16_t len;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageKeyExportResponse;
_Static_assert(sizeof(whMessageKeyExportResponse) == 28, "wire size");

/* A new key (id, as Cache's) holding a copy of the cached key srcId's material, made inside
 * the HSM: the bytes never leave it. flags as Cache's, but the copy's usage is the requested
 * usage the source also has, and NONEXPORTABLE / SENSITIVE are inherited from the source
 * (wh_Server_KeyDerivedFlags); the key type must be the source's (WH_ERROR_KEYTYPE). The
 * copy keeps the source's MAC policy. Needs the USE and MODIFY rights on the source (a copy
 * outlives the source's erase: a client that may only use a key may not keep it; its own keys
 * it may) and what Cache needs on id (WH_ERROR_ACCESS). Answered with
 * whMessageKeyCacheResponse. */
typedef struct whMessageKeyCopyRequest_t {
    uint16_t id;
    uint16_t flags;
    uint16_t srcId;
    uint16_t pad;
} whMessageKeyCopyRequest;
_Static_assert(sizeof(whMessageKeyCopyRequest) == 8, "wire size");

void wh_MessageKey_TranslateCopyRequest(uint16_t magic, const whMessageKeyCopyRequest* src,
                                        whMessageKeyCopyRequest* dst);
void wh_MessageKey_TranslateCacheRequest(uint16_t magic, const whMessageKeyCacheRequest* src,
                                         whMessageKeyCacheRequest* dst);
void wh_MessageKey_TranslateCacheResponse(uint16_t magic, const whMessageKeyCacheResponse* src,
                                          whMessageKeyCacheResponse* dst);
void wh_MessageKey_TranslateExportResponse(uint16_t magic, const whMessageKeyExportResponse* src,
                                           whMessageKeyExportResponse* dst);

#endif /* !WOLFHSM_WH_MESSAGE_KEY_H_ */
