/*
 * wh_server_internal.h: the contract between the dispatcher and the group handlers.
 * Not a public header.
 *
 * A handler gets one well-formed request of its group: the action, the payload (reqSize
 * bytes at req, private memory, in the peer's byte order given by magic). It returns the
 * HSM's verdict, which the dispatcher sends in the response header:
 *   WH_ERROR_OK         the response payload is at resp (WOLFHSM_CFG_COMM_DATA_LEN bytes),
 *                       *out_respSize bytes (0 when the action answers with none);
 *   WH_ERROR_NOTREADY   the NVM lock may not be waited for (a nested scheduler context) and
 *                       nothing was changed: no response, the request stays in the mailbox
 *                       and is served again later (WH_SERVER_NVM_LOCK returns this; pass it
 *                       on before changing any state);
 *   any other error     sent with an empty payload (WH_ERROR_BADKIND for an unknown action
 *                       and WH_ERROR_TRUNCATED for a short payload are counted as
 *                       malformed).
 */
#ifndef WH_SERVER_INTERNAL_H_
#define WH_SERVER_INTERNAL_H_

#include <stdint.h>

#include "wolfhsm/wh_server.h"
#include "wolfhsm/wh_server_keystore.h"

typedef int (*whServerHandler)(whServerContext* server, uint16_t magic, uint16_t action,
                               uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                               uint8_t* resp);

int wh_Server_HandleComm(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                         const uint8_t* req, uint16_t* out_respSize, uint8_t* resp);
int wh_Server_HandleNvm(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp);
int wh_Server_HandleKey(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp);
int wh_Server_HandleCrypto(whServerContext* server, uint16_t magic, uint16_t action,
                           uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                           uint8_t* resp);
int wh_Server_HandleCounter(whServerContext* server, uint16_t magic, uint16_t action,
                            uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                            uint8_t* resp);
int wh_Server_HandleShe(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp);

/* A server context is bound to its device's NVM context (wh_Server_Init): the SHE's volatile
 * state of that device (RAM_KEY, PRNG, SREG) starts over, as at a reset (wh_server_she.c). */
void wh_Server_SheBind(const whServerContext* server);

/* The full key id of a client key id; when allocating, number 0 is allowed (the full id
 * then has number 0: pick one with wh_Server_KeystoreGetUniqueId). Global ids need
 * WOLFHSM_CFG_GLOBAL_KEYS (else WH_ERROR_BADARGS). */
int wh_Server_KeyId(const whServerContext* server, uint16_t wireId, int allocating,
                    whNvmId* out_id);

/* Check key material a client caches (the KEY group) before it enters the key store: type
 * is the key type of its flags (WH_KEY_TYPE_*), len its size. WH_ERROR_OK, WH_ERROR_BADKEY
 * when it is no valid key of that type (a size the type does not take, length zero, a point
 * off the curve or of small order, a private scalar out of range, halves that do not
 * match), WH_ERROR_BADALG for an unknown type (wh_server_crypto_key.c). */
int wh_Server_KeyCheck(uint16_t type, const uint8_t* material, whNvmSize len);

/*
 * AES-CMAC on prepared keys (wh_server_crypto_mac.c): the MAC fast path's core, which SHE's
 * MAC commands share.
 */

/* Prepare an AES key (16, 24 or 32 bytes, else WH_ERROR_KEYTYPE) for CMAC: round keys and
 * subkeys into *p (wiped on failure). The caller wipes it (wh_Server_MacWipe) after use. */
int wh_Server_MacPrepare(whServerMacPrepared* p, const uint8_t* key, uint32_t keyLen);
/* The AES-CMAC (16 bytes) of a message of `bits` bits (a bit string: the bits past it in its
 * last byte are ignored) with a prepared key: one AES block per 16 bytes, nothing else. */
int wh_Server_MacCmac(whServerMacPrepared* p, const uint8_t* msg, uint32_t bits, uint8_t* out);
/* The same, continuing a chain: with chain = the AES of the whole blocks before msg (CBC-MAC,
 * chained), this is the CMAC of those blocks || msg (msg not empty). */
int wh_Server_MacCmacChained(whServerMacPrepared* p, const uint8_t* chain, const uint8_t* msg,
                             uint32_t bits, uint8_t* out);
/* Do the first `bits` (1..128) bits of mac and tag match? 1 or 0, in constant time; the
 * tag's bits past `bits` are not looked at, its bytes past (bits + 7) / 8 not read. */
int  wh_Server_MacTagMatch(const uint8_t* mac, const uint8_t* tag, uint32_t bits);
void wh_Server_MacWipe(whServerMacPrepared* p);
/* SHE's MAC commands: the context's prepared copy of the key of SHE slot slotId of device
 * made at SHE key version `version`: found (key NULL; NULL if there is none), or made from
 * the 16-byte key (NULL with *out_rc when preparing failed). Valid until the context's next
 * MAC request. */
whServerMacPrepared* wh_Server_MacPreparedShe(whServerContext* server, const void* device,
                                              uint8_t slotId, uint32_t version, const uint8_t* key,
                                              int* out_rc);
/* The key store calls this (holding the NVM lock) before a slot's key changes: evicted,
 * erased or (re)filled. This context's prepared copy of a slot of its own cache is wiped; for
 * a slot of the global cache, the global keys' version moves on, so no context uses its
 * prepared copies of global keys again (each wipes them at its next MAC with a global key
 * whose copy is not current, or when cleaned up). MacDropAll wipes all of the context's. */
void wh_Server_MacDrop(whServerContext* server, const whKeyCacheSlot* slot);
void wh_Server_MacDropAll(whServerContext* server);

/* Seed the context's DRBG / wipe its crypto state (wh_server_crypto.c). */
int  wh_Server_CryptoInit(whServerContext* server);
void wh_Server_CryptoCleanup(whServerContext* server);
/* Abandon the context's sliced operation, if any: its key copy and state are wiped and its
 * slot freed (wh_server_crypto_pk.c). */
void wh_Server_SliceAbort(whServerContext* server);
/* Abandon the context's digest by address in chunks, if any: its stream is ended
 * (wh_server_crypto_sym.c). */
void wh_Server_ChunkAbort(whServerContext* server);

/* A new session of the host (wh_server.h): end the context's open stream and long operation,
 * drop its keys that are not committed. Takes the NVM lock: WH_ERROR_NOTREADY (nothing
 * done) when it may not be waited for now. */
int wh_Server_SessionReset(whServerContext* server);

/*
 * Ids (wh_server_id.c). A client names its keys, objects and counters by a wire id
 * (wh_message.h: a number 1..255, plus WH_ID_GLOBAL); the HSM turns it into a full NVM id
 * whose owner is the clientId bound to the server context, never anything the host wrote.
 */

/* The full NVM id of wireId for an object of type, owned by this server's client or global.
 * WH_ERROR_BADARGS for number 0 or stray bits. */
int wh_Server_MakeId(const whServerContext* server, uint16_t type, uint16_t wireId,
                     whNvmId* out_id);
/* The full key id of wireId; when allocating, number 0 is allowed (the full id then has
 * number 0: pick one with wh_Server_KeystoreGetUniqueId). Global ids need
 * WOLFHSM_CFG_GLOBAL_KEYS (else WH_ERROR_BADARGS). */
int wh_Server_KeyId(const whServerContext* server, uint16_t wireId, int allocating,
                    whNvmId* out_id);
/* The wire id of a full NVM id this client may see. */
uint16_t wh_Server_WireId(whNvmId id);
/* May this server's client reach the object with this full id (its own or global)? */
int wh_Server_Reaches(const whServerContext* server, whNvmId id);

/* The WH_RIGHT_* bits of this server's client on the item with full id, whose owner (from
 * its metadata; WH_NVM_OWNER_NONE for an id that is free) is `owner`: all of them on its own
 * items and on the global ones it owns, none on another client's, and on other global items
 * those of its policy's rules (wh_server.h). */
uint8_t wh_Server_Rights(const whServerContext* server, whNvmId id, whNvmOwner owner);
/* WH_ERROR_OK when those rights include every bit of `right`, else WH_ERROR_ACCESS. */
int wh_Server_Allowed(const whServerContext* server, whNvmId id, whNvmOwner owner, uint8_t right);
/* Before writing the NVM item id (the caller holds the NVM lock): WH_RIGHT_CREATE when it is
 * not in NVM, else WH_RIGHT_MODIFY on it. *out_owner: the owner the written item records,
 * its creator's. */
int wh_Server_MayWrite(const whServerContext* server, whNvmId id, whNvmOwner* out_owner);
/* The metadata of NVM item id when this client has `right` on it (the caller holds the NVM
 * lock): WH_ERROR_NOTFOUND, WH_ERROR_ACCESS, or WH_ERROR_OK with *out_meta. */
int wh_Server_GetAllowed(const whServerContext* server, whNvmId id, uint8_t right,
                         whNvmMetadata* out_meta);

/* Key store entry points of the request handlers (wh_server_keystore.c). Unlike the
 * functions of wh_server_keystore.h, these take the NVM lock themselves, only where they
 * need it. */

/* Cache a new key for this server's client, as the KEY group and key-making crypto
 * operations do: wireId (number 0: the HSM picks a free one) names it, meta gives flags,
 * label and len. Takes the NVM lock itself (id choice and caching under one hold, so an id
 * is never handed out twice). On success meta->id is the full id used. */
int wh_Server_KeystoreCacheNew(whServerContext* server, uint16_t wireId, whNvmMetadata* meta,
                               const uint8_t* in);

/* Copy the key wireId names out for use inside the HSM: it must carry every usage bit in
 * `usage` (WH_ERROR_USAGE) and be of key type `type` (WH_ERROR_KEYTYPE). A hit in the local cache
 * takes no lock; global keys and loads from NVM take the NVM lock for the copy only. The
 * caller wipes out (wh_Utils_ForceZero) when done. *inout_len: capacity, then length.
 * out_meta (may be NULL) receives the key's metadata, read with the material under the same
 * lock: its flags (what a key derived from it inherits, wh_Server_KeyDerivedFlags), its MAC
 * policy (access) and its owner. */
int wh_Server_KeystoreGetForUse(whServerContext* server, uint16_t wireId, uint16_t usage,
                                uint16_t type, uint8_t* out, whNvmSize* inout_len,
                                whNvmMetadata* out_meta);

/* The flags of a key derived from an input key whose flags are `input` (HKDF from its input
 * key material, ECDH from the HSM's private key; the peer's public key carries no policy),
 * when the client asked for `requested` (wh_nvm_types.h, "Derived keys"): NONEXPORTABLE and
 * SENSITIVE of the input carry over, the usage bits are the requested ones the input also
 * has, the other bits (NONMODIFIABLE, NONDESTROYABLE) are the client's. A client can narrow
 * the policy, never widen it. With several inputs, apply it once per input. */
whNvmFlags wh_Server_KeyDerivedFlags(whNvmFlags requested, whNvmFlags input);

/*
 * Requests by address (wh_server_dma.c; the rules are in wh_server.h, "host memory
 * windows"). Handlers resolve every buffer a request names before they touch any, read
 * inputs once (through a private copy, never twice from host memory) and write outputs
 * only once the operation has succeeded.
 */

/* Are these windows a valid config (wh_Server_Init's checks)? 1 or 0. */
int wh_Server_DmaWindowsOk(const whServerDmaWindow* windows, uint16_t count);

/* Where the HSM reaches the host buffer (addr, len) for `access` (WH_DMA_READ or
 * WH_DMA_WRITE): WH_ERROR_OK with *out_hsm (NULL for len 0), or WH_ERROR_BADADDR. */
int wh_Server_DmaResolve(const whServerContext* server, uint64_t addr, uint64_t len,
                         uint32_t access, uint8_t** out_hsm);

/* Record the region the client registered at connect (size 0: none). WH_ERROR_BADADDR when
 * it wraps or no WH_DMA_REGISTERED window is large enough for it (then none is recorded). */
int wh_Server_DmaRegister(whServerContext* server, uint64_t base, uint64_t size);

/* Feed len bytes of host memory at src (a resolved buffer) to sink, one private chunk at a
 * time: each byte is read once, and sink only ever sees the private copy. Stops at the first
 * error sink returns. The chunk is wiped before returning. */
typedef int (*whServerDmaSink)(void* arg, const uint8_t* chunk, uint32_t len);
int wh_Server_DmaStream(const uint8_t* src, uint32_t len, whServerDmaSink sink, void* arg);

#endif /* !WH_SERVER_INTERNAL_H_ */
