/*
 * wolfhsm/wh_server_keystore.h
 *
 * The key store of a server context: its local key cache, the global cache in the NVM
 * context (WOLFHSM_CFG_GLOBAL_KEYS), and committed keys in NVM. Keys are named by full
 * NVM ids of type WH_NVM_TYPE_KEY: owner 0 is global, otherwise the owner must be this
 * server's client (anything else is WH_ERROR_NOTFOUND: a client never reaches another
 * client's keys). A global key records its owner (the client that created it), and the
 * server's policy (wh_server.h) gives the other clients their rights on it: each function
 * below returns WH_ERROR_ACCESS, changing nothing, when the client lacks the one it needs
 * (USE to read or load, CREATE for a new id, MODIFY to replace, commit or evict, ERASE).
 *
 * Locking: with WOLFHSM_CFG_THREADSAFE the caller holds WH_SERVER_NVM_LOCK around every call
 * (the functions touch NVM and, for global ids, the shared cache). The request handlers' own
 * entry points, which take the lock themselves, are in the server's internal header.
 */
#ifndef WOLFHSM_WH_SERVER_KEYSTORE_H_
#define WOLFHSM_WH_SERVER_KEYSTORE_H_

#include <stdint.h>

#include "wolfhsm/wh_server.h"

/* Cache meta->len bytes of key material under meta->id, replacing a cached key of that id
 * (the cached copy is then uncommitted); meta->owner is set to the key's owner (kept when
 * replacing, this client when new). WH_ERROR_ACCESS if that id is non-modifiable (cached or
 * committed); WH_ERROR_NOSPACE if every slot holds an uncommitted key (nothing is dropped to
 * make room), or, in the global cache, if the client holds its policy's quota of uncommitted
 * keys or only one slot would be left for loading committed keys; WH_ERROR_BADARGS for a
 * length over WOLFHSM_CFG_KEYCACHE_BUFSIZE. */
int wh_Server_KeystoreCacheKey(whServerContext* server, whNvmMetadata* meta, const uint8_t* in);

/* *inout_id names a type and owner with number 0: set the number to one used neither in the
 * cache nor in NVM, and that this client may create. WH_ERROR_NOSPACE when there is none. */
int wh_Server_KeystoreGetUniqueId(whServerContext* server, whNvmId* inout_id);

/* The cache slot holding key id, loading the key from NVM into the cache when it is only
 * committed (load-on-use). WH_ERROR_NOTFOUND if it is in neither; WH_ERROR_NOSPACE if it
 * must be loaded and every slot holds an uncommitted key. The slot stays valid until the
 * lock is released. */
int wh_Server_KeystoreFreshenKey(whServerContext* server, whNvmId id, whKeyCacheSlot** out_slot);

/* Copy key id (load-on-use) and its metadata out. *inout_len: capacity of out on entry,
 * key length on return; WH_ERROR_BUFFER_SIZE if too small. out_meta may be NULL. */
int wh_Server_KeystoreReadKey(whServerContext* server, whNvmId id, whNvmMetadata* out_meta,
                              uint8_t* out, whNvmSize* inout_len);

/* Drop key id from the cache and wipe its material. WH_ERROR_NOTFOUND if not cached. A key
 * that was never committed is gone for good: the client asked for it. */
int wh_Server_KeystoreEvictKey(whServerContext* server, whNvmId id);
/* Evict what this client cached and did not commit: every such key of its local cache, and
 * its own global keys in the global cache (a new session of the host, wh_server.h). */
void wh_Server_KeystoreDropUncommitted(whServerContext* server);

/* Store the cached key id in NVM. WH_ERROR_NOTFOUND if not cached. */
int wh_Server_KeystoreCommitKey(whServerContext* server, whNvmId id);

/* Remove key id from the cache (wiped) and from NVM. WH_ERROR_ACCESS if non-destroyable;
 * WH_ERROR_NOTFOUND if in neither. */
int wh_Server_KeystoreEraseKey(whServerContext* server, whNvmId id);

#endif /* !WOLFHSM_WH_SERVER_KEYSTORE_H_ */
