/*
 * wolfhsm/wh_client.h
 *
 * The client API (host core). Every remote call comes in three parts:
 *   wh_Client_XxxRequest(...)              send the request; never blocks
 *   wh_Client_XxxResponse(..., out_rc)     poll: WH_ERROR_NOTREADY until the response is in
 *   wh_Client_Xxx(..., out_rc)             send, wait, receive
 * The return value is the transport status. *out_rc is the HSM's verdict on the request
 * (WH_ERROR_OK or a WH_ERROR_* code); out parameters are written only when both are OK.
 * One request is outstanding per client: a second Request returns WH_ERROR_BUSY.
 *
 * Thread context: a client context is used by one thread at a time.
 */
#ifndef WOLFHSM_WH_CLIENT_H_
#define WOLFHSM_WH_CLIENT_H_

#include <stddef.h>
#include <stdint.h>

#include "wolfhsm/wh_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_nvm_types.h"

typedef struct whClientConfig_t {
    const whCommClientConfig* comm;
    uint32_t                  timeoutMs; /* blocking calls give up after this; 0: never */
    /* Requests by address (wh_client_dma.h): the shared buffer region this client registers
     * with the HSM at connect, where it puts the buffers it passes by address, when the HSM
     * learns the region's host address that way (POSIX: a region both sides map). NULL, 0:
     * none (on the target, the HSM's config knows the host's RAM itself). */
    void*  dmaRegion;
    size_t dmaRegionSize;
    /* The digest of the configuration this client was built with, presented at Connect: an
     * HSM context configured with a digest refuses another (WH_ERROR_CONFIG_MISMATCH). 0:
     * none (accepted by a context without one). The Crypto Driver sets its own
     * (Crypto_ConfigType.configDigest). */
    uint64_t configDigest;
} whClientConfig;

typedef struct whClientContext_t {
    whCommClient comm;
    void*        dmaRegion; /* registered at connect (whClientConfig) */
    size_t       dmaRegionSize;
    uint64_t     configDigest; /* presented at connect (whClientConfig) */
    uint32_t     timeoutMs;
    uint16_t     clientId; /* identity the HSM bound to our mailbox, learnt at connect */
    uint16_t     serverId;
    uint8_t      connected;
    uint8_t      beatSeen; /* the HSM's heartbeat moved while the request waited */
    uint8_t      pad[2];
    uint32_t     waitBeat;  /* heartbeat last seen by WaitResponse */
    uint32_t     waitedMs;  /* the outstanding request's time waited, in timed-out waits */
    uint32_t     quietMs;   /* of which without a heartbeat */
    uint32_t     aliveBeat; /* heartbeat last seen by wh_Client_HsmAlive (or Connect) */
} whClientContext;

/* What the server reports about itself. */
typedef struct whClientCommInfo_t {
    uint32_t version;         /* WH_VERSION of the server */
    uint32_t features;        /* WH_INFO_FEATURE_* */
    uint16_t protocolVersion; /* WH_COMM_VERSION */
    uint16_t maxPayload;      /* largest payload in bytes */
    uint16_t clientId;
    uint16_t serverId;
} whClientCommInfo;

int wh_Client_Init(whClientContext* c, const whClientConfig* config);
int wh_Client_Cleanup(whClientContext* c);

/* Block until the outstanding request's response is in (or the configured timeout:
 * WH_ERROR_TIMEOUT; the request stays outstanding and its Response may still be polled).
 * May return early, when a doorbell shared with other mailboxes rang: the Response then
 * says WH_ERROR_NOTREADY and the caller waits again, as the blocking calls do (WH_ERROR_OK
 * means "look now", not "it is in": with several clients in flight the HSM answers in any
 * order, and then it returns early routinely). Over a
 * transport without a doorbell this returns at once and blocking calls poll.
 *
 * With sessions (wh_transport_mem.h, steps 6 and 7) it sleeps at most
 * WOLFHSM_CFG_HEARTBEAT_MS at a time and watches the HSM's heartbeat meanwhile: the timeout
 * is WH_ERROR_TIMEOUT when the heartbeat moved after the first such sleep (the HSM is alive,
 * busy), WH_ERROR_NORESPONSE when it did not (down or restarting); and whatever the timeout
 * (0 included), a heartbeat that stands still for WOLFHSM_CFG_HSM_DEAD_MS ends the wait
 * with WH_ERROR_NORESPONSE, so no call hangs on a dead HSM. Give timeouts of several
 * heartbeats. An HSM that restarted answers the request in flight itself: its verdict is
 * WH_ERROR_RESTARTED, nothing of it done, and the client is no longer connected.
 *
 * Reconnecting: after WH_ERROR_RESTARTED, Connect again (wh_Client_CommConnect); after
 * WH_ERROR_NORESPONSE the request is still the HSM's: wh_Client_Cleanup, wh_Client_Init
 * and Connect (WH_ERROR_BUSY until the HSM is back and has answered the old request). Then
 * retry what was not acknowledged, as the README's "Sessions and restarts" says. */
int wh_Client_WaitResponse(whClientContext* c);

/* Is the HSM alive? A look at its heartbeat and epoch in shared memory, nothing sent:
 * WH_ERROR_OK when the heartbeat moved since the last call (or the Connect), WH_ERROR_NOTREADY
 * when it has not: ask again after WOLFHSM_CFG_HEARTBEAT_MS; one that stands still for
 * WOLFHSM_CFG_HSM_DEAD_MS means the HSM is down. WH_ERROR_RESTARTED when the HSM runs another
 * epoch than the one this client connected to (Connect again); WH_ERROR_NOTCONNECTED before
 * a Connect; WH_ERROR_BADARGS over a transport without sessions. */
int wh_Client_HsmAlive(whClientContext* c);

/* Connect: open the session; the HSM says which client id it bound to this mailbox. It also
 * registers the config's dmaRegion, if any (verdict WH_ERROR_BADADDR, and no session, when
 * the HSM has no window for a region that large). */
int wh_Client_CommConnectRequest(whClientContext* c);
int wh_Client_CommConnectResponse(whClientContext* c, uint16_t* out_clientId,
                                  uint16_t* out_serverId, int32_t* out_rc);
int wh_Client_CommConnect(whClientContext* c, uint16_t* out_clientId, uint16_t* out_serverId,
                          int32_t* out_rc);

/* Info: versions and capacities of the HSM. */
int wh_Client_CommInfoRequest(whClientContext* c);
int wh_Client_CommInfoResponse(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc);
int wh_Client_CommInfo(whClientContext* c, whClientCommInfo* out_info, int32_t* out_rc);

/* Echo: the HSM returns size bytes of data unchanged (size <= WOLFHSM_CFG_COMM_DATA_LEN).
 * Response: *inout_size is the capacity of out_data on entry and the bytes echoed on return;
 * WH_ERROR_BUFFER_SIZE (response consumed, nothing copied) if they do not fit. */
int wh_Client_EchoRequest(whClientContext* c, uint16_t size, const void* data);
int wh_Client_EchoResponse(whClientContext* c, uint16_t* inout_size, void* out_data,
                           int32_t* out_rc);
int wh_Client_Echo(whClientContext* c, uint16_t size, const void* data, uint16_t* inout_size,
                   void* out_data, int32_t* out_rc);

/* Close: end the session; requests other than COMM ones are refused until a new connect. */
int wh_Client_CommCloseRequest(whClientContext* c);
int wh_Client_CommCloseResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_CommClose(whClientContext* c, int32_t* out_rc);

/*
 * Ids of NVM objects, keys and counters are the client's (wh_message.h): number 1..255,
 * plus WH_ID_GLOBAL for the ones shared by all clients. The HSM adds the owner, so a client
 * only ever reaches its own and the global ones; another client's id is WH_ERROR_NOTFOUND.
 * Flags are WH_NVM_FLAGS_* (wh_nvm_types.h).
 */

/* NVM objects */

/* Free bytes and object slots, and what compaction would reclaim. Out pointers may be NULL. */
int wh_Client_NvmGetAvailableRequest(whClientContext* c);
int wh_Client_NvmGetAvailableResponse(whClientContext* c, uint32_t* out_availSize,
                                      uint16_t* out_availObjects, uint32_t* out_reclaimSize,
                                      uint16_t* out_reclaimObjects, int32_t* out_rc);
int wh_Client_NvmGetAvailable(whClientContext* c, uint32_t* out_availSize,
                              uint16_t* out_availObjects, uint32_t* out_reclaimSize,
                              uint16_t* out_reclaimObjects, int32_t* out_rc);

/* Add or replace object id with len bytes of data (len <= WH_MESSAGE_NVM_MAX_ADD) and a
 * label of labelLen bytes (at most WH_NVM_LABEL_LEN, zero-padded). rc WH_ERROR_ACCESS if
 * the existing object is non-modifiable, WH_ERROR_NOSPACE if the store is full. */
int wh_Client_NvmAddObjectRequest(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                                  uint16_t labelLen, const uint8_t* label, uint16_t len,
                                  const uint8_t* data);
int wh_Client_NvmAddObjectResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_NvmAddObject(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                           uint16_t labelLen, const uint8_t* label, uint16_t len,
                           const uint8_t* data, int32_t* out_rc);

/* Among this client's objects whose access and flags contain all the given bits, after
 * startId (0: from the first): how many, and the first one's id (0 if none). Iterate by
 * passing the returned id as the next startId. The order is the HSM's: global objects
 * first, then the client's own, each by number. */
int wh_Client_NvmListRequest(whClientContext* c, uint16_t access, uint16_t flags, uint16_t startId);
int wh_Client_NvmListResponse(whClientContext* c, uint16_t* out_count, uint16_t* out_id,
                              int32_t* out_rc);
int wh_Client_NvmList(whClientContext* c, uint16_t access, uint16_t flags, uint16_t startId,
                      uint16_t* out_count, uint16_t* out_id, int32_t* out_rc);

/* Metadata of object id. label receives up to labelLen bytes. Out pointers may be NULL. */
int wh_Client_NvmGetMetadataRequest(whClientContext* c, uint16_t id);
int wh_Client_NvmGetMetadataResponse(whClientContext* c, uint16_t* out_access, uint16_t* out_flags,
                                     uint16_t* out_len, uint16_t labelLen, uint8_t* label,
                                     int32_t* out_rc);
int wh_Client_NvmGetMetadata(whClientContext* c, uint16_t id, uint16_t* out_access,
                             uint16_t* out_flags, uint16_t* out_len, uint16_t labelLen,
                             uint8_t* label, int32_t* out_rc);

/* Destroy up to WH_MESSAGE_NVM_MAX_DESTROY objects: all or none (rc WH_ERROR_ACCESS if one
 * is non-destroyable). Ids that do not exist are skipped. */
int wh_Client_NvmDestroyObjectsRequest(whClientContext* c, uint16_t count, const uint16_t* ids);
int wh_Client_NvmDestroyObjectsResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_NvmDestroyObjects(whClientContext* c, uint16_t count, const uint16_t* ids,
                                int32_t* out_rc);

/* Read len bytes (<= WH_MESSAGE_NVM_MAX_READ) at offset of object id. Response: data holds
 * *inout_len bytes on entry and the bytes read on return. */
int wh_Client_NvmReadRequest(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len);
int wh_Client_NvmReadResponse(whClientContext* c, uint16_t* inout_len, uint8_t* data,
                              int32_t* out_rc);
int wh_Client_NvmRead(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len,
                      uint16_t* out_len, uint8_t* data, int32_t* out_rc);

/* Keys */

/* Cache keyLen bytes of key material (<= WOLFHSM_CFG_KEYCACHE_BUFSIZE) with flags (usage,
 * exportability, key type: wh_nvm_types.h) and a label. keyId 0 (or WH_ID_GLOBAL alone) asks
 * the HSM for a free number; the id used is returned. rc WH_ERROR_NOSPACE if the cache holds
 * only uncommitted keys, WH_ERROR_ACCESS if the id is non-modifiable. The HSM checks the
 * material against its key type first: rc WH_ERROR_BADKEY, and nothing is cached, for a size
 * the type does not take (a secret of 0 bytes), a public key that is no valid point (P-256:
 * on the curve, coordinates < p, not the identity; Ed25519: canonical, on the curve, not of
 * small order; X25519: not of small order), a P-256 private key outside [1, n-1] or halves
 * of a key pair that do not match; WH_ERROR_BADALG for an unknown key type. */
int wh_Client_KeyCacheRequest(whClientContext* c, uint16_t keyId, uint16_t flags, uint16_t labelLen,
                              const uint8_t* label, uint16_t keyLen, const uint8_t* key);
int wh_Client_KeyCacheResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc);
int wh_Client_KeyCache(whClientContext* c, uint16_t flags, uint16_t labelLen, const uint8_t* label,
                       uint16_t keyLen, const uint8_t* key, uint16_t* inout_keyId, int32_t* out_rc);
/* The same with the key's MAC policy: macMinBits, the shortest MAC tag in bits the HSM makes or
 * checks with this key (wh_Client_MacGenerate / MacVerify, and a CMAC VERIFY digest step):
 * 0 for the default (WH_KEY_MAC_MIN_BITS_DEFAULT, 32) or 1..128 (else WH_ERROR_BADARGS from
 * the HSM). Stored with the key when it is committed. wh_Client_KeyCache passes 0. */
int wh_Client_KeyCacheExRequest(whClientContext* c, uint16_t keyId, uint16_t flags,
                                uint16_t macMinBits, uint16_t labelLen, const uint8_t* label,
                                uint16_t keyLen, const uint8_t* key);
int wh_Client_KeyCacheEx(whClientContext* c, uint16_t flags, uint16_t macMinBits, uint16_t labelLen,
                         const uint8_t* label, uint16_t keyLen, const uint8_t* key,
                         uint16_t* inout_keyId, int32_t* out_rc);

/* A new cached key (keyId as KeyCache's) holding a copy of the key srcKeyId, made inside the
 * HSM: its bytes never come to this side. flags as KeyCache's, but the copy's usage is the
 * requested usage the source also has, it is non-exportable (and sensitive) when the source
 * is, and its key type must be the source's (WH_ERROR_KEYTYPE); it keeps the source's MAC
 * policy. Needs the use and modify rights on the source (its owner's, or the HSM policy's:
 * a client that may only use a key may not keep a copy of it) and KeyCache's rights on keyId
 * (else WH_ERROR_ACCESS). */
int wh_Client_KeyCopyRequest(whClientContext* c, uint16_t keyId, uint16_t flags, uint16_t srcKeyId);
int wh_Client_KeyCopyResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc);
int wh_Client_KeyCopy(whClientContext* c, uint16_t flags, uint16_t srcKeyId, uint16_t* inout_keyId,
                      int32_t* out_rc);

/* Drop a key from the cache (material wiped); a committed copy stays in NVM. */
int wh_Client_KeyEvictRequest(whClientContext* c, uint16_t keyId);
int wh_Client_KeyEvictResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_KeyEvict(whClientContext* c, uint16_t keyId, int32_t* out_rc);

/* Store a cached key in NVM; later uses load it back when it is not cached. */
int wh_Client_KeyCommitRequest(whClientContext* c, uint16_t keyId);
int wh_Client_KeyCommitResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_KeyCommit(whClientContext* c, uint16_t keyId, int32_t* out_rc);

/* Remove a key from the cache and from NVM. */
int wh_Client_KeyEraseRequest(whClientContext* c, uint16_t keyId);
int wh_Client_KeyEraseResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_KeyErase(whClientContext* c, uint16_t keyId, int32_t* out_rc);

/* Export a key's material, flags and label (rc WH_ERROR_ACCESS if non-exportable).
 * *inout_keyLen: capacity of key on entry, key length on return (WH_ERROR_BUFFER_SIZE,
 * response consumed, if too small). label receives up to labelLen bytes; out_flags, label
 * may be NULL. */
int wh_Client_KeyExportRequest(whClientContext* c, uint16_t keyId);
int wh_Client_KeyExportResponse(whClientContext* c, uint16_t* out_flags, uint16_t labelLen,
                                uint8_t* label, uint16_t* inout_keyLen, uint8_t* key,
                                int32_t* out_rc);
int wh_Client_KeyExport(whClientContext* c, uint16_t keyId, uint16_t* out_flags, uint16_t labelLen,
                        uint8_t* label, uint16_t* inout_keyLen, uint8_t* key, int32_t* out_rc);

/* Counters: persistent 32-bit values; Increment adds one and saturates at UINT32_MAX. Each
 * Response returns the counter's value after the operation (out_value may be NULL).
 *
 * Init creates counterId with value, of kind WH_COUNTER_MONOTONIC (it only ever goes up: no
 * Reset, no Destroy, power cuts included) or WH_COUNTER_RESETTABLE (wh_message_counter.h).
 * It never writes over an existing counter: rc WH_ERROR_EXISTS. Any other kind:
 * WH_ERROR_BADARGS, nothing sent. On a global counter (WH_ID_GLOBAL) the HSM's policy
 * decides who may do what; by default any client reads it and only its creator increments,
 * resets or destroys it (rc WH_ERROR_ACCESS for the others). */
int wh_Client_CounterInitRequest(whClientContext* c, uint16_t counterId, uint16_t kind,
                                 uint32_t value);
int wh_Client_CounterInitResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc);
int wh_Client_CounterInit(whClientContext* c, uint16_t counterId, uint16_t kind, uint32_t value,
                          int32_t* out_rc);

int wh_Client_CounterIncrementRequest(whClientContext* c, uint16_t counterId);
int wh_Client_CounterIncrementResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc);
int wh_Client_CounterIncrement(whClientContext* c, uint16_t counterId, uint32_t* out_value,
                               int32_t* out_rc);

/* IncrementFrom: increment only if the counter is at expect; rc WH_ERROR_CONFLICT (nothing
 * changed) if it is not. The exactly-once increment: a client that read v and lost the answer
 * (WH_ERROR_RESTARTED, WH_ERROR_TIMEOUT, WH_ERROR_NORESPONSE, a reconnect) sends the same
 * request again: the counter went up at most once, and a CONFLICT with the value now v + 1
 * tells the counter's only incrementer that its first attempt was applied (README "Sessions
 * and restarts"). */
int wh_Client_CounterIncrementFromRequest(whClientContext* c, uint16_t counterId, uint32_t expect);
int wh_Client_CounterIncrementFromResponse(whClientContext* c, uint32_t* out_value,
                                           int32_t* out_rc);
int wh_Client_CounterIncrementFrom(whClientContext* c, uint16_t counterId, uint32_t expect,
                                   uint32_t* out_value, int32_t* out_rc);

int wh_Client_CounterReadRequest(whClientContext* c, uint16_t counterId);
int wh_Client_CounterReadResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc);
int wh_Client_CounterRead(whClientContext* c, uint16_t counterId, uint32_t* out_value,
                          int32_t* out_rc);

/* Set the counter back to 0 (it must exist and be resettable: else rc WH_ERROR_ACCESS). */
int wh_Client_CounterResetRequest(whClientContext* c, uint16_t counterId);
int wh_Client_CounterResetResponse(whClientContext* c, uint32_t* out_value, int32_t* out_rc);
int wh_Client_CounterReset(whClientContext* c, uint16_t counterId, int32_t* out_rc);

/* Destroy the counter (it must be resettable: else rc WH_ERROR_ACCESS). */
int wh_Client_CounterDestroyRequest(whClientContext* c, uint16_t counterId);
int wh_Client_CounterDestroyResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_CounterDestroy(whClientContext* c, uint16_t counterId, int32_t* out_rc);

#endif /* !WOLFHSM_WH_CLIENT_H_ */
