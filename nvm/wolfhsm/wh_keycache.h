/*
 * wolfhsm/wh_keycache.h
 *
 * A key cache: fixed slots holding key material with its metadata. Each server context has
 * a local one (private to it); the NVM context holds the global one (shared, guarded by the
 * NVM lock). The keystore logic lives in the server (wh_server_keystore.h).
 *
 * A slot moves through explicit states: EMPTY -> FULL (cached) -> EMPTY (evicted or erased,
 * material wiped). `committed` says the same key is stored in NVM, so the slot may be reused
 * for another key without losing anything.
 */
#ifndef WOLFHSM_WH_KEYCACHE_H_
#define WOLFHSM_WH_KEYCACHE_H_

#include <stdint.h>

#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

enum WH_KEYSLOT_STATE_ENUM {
    WH_KEYSLOT_EMPTY = 0,
    WH_KEYSLOT_FULL  = 1,
};

typedef struct whKeyCacheSlot_t {
    whNvmMetadata meta;      /* meta.id: the full key id; meta.len: bytes in buffer */
    uint32_t      lastUse;   /* cache tick of the last use: the oldest committed goes first */
    uint8_t       state;     /* WH_KEYSLOT_* */
    uint8_t       committed; /* also stored in NVM with this content */
    uint8_t       pad[2];
    uint8_t       buffer[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
} whKeyCacheSlot;

typedef struct whKeyCache_t {
    whKeyCacheSlot* slots;
    uint16_t        count;
    uint16_t        pad;
    uint32_t        tick;
} whKeyCache;

/* Use slots[0..count-1] (caller-owned storage) as an empty cache. */
void wh_KeyCache_Init(whKeyCache* cache, whKeyCacheSlot* slots, uint16_t count);
/* Wipe every slot. */
void wh_KeyCache_Cleanup(whKeyCache* cache);
/* The FULL slot holding id, or NULL. Marks it used. */
whKeyCacheSlot* wh_KeyCache_Find(whKeyCache* cache, whNvmId id);
/* A slot to (re)fill with key id: the one holding id, else an empty one, else the least
 * recently used committed one (wiped first). NULL when every slot holds an uncommitted key:
 * nothing is ever dropped to make room. The slot returned is marked used. */
whKeyCacheSlot* wh_KeyCache_Reserve(whKeyCache* cache, whNvmId id);
/* Wipe the slot's material and metadata; the slot becomes EMPTY. */
void wh_KeyCache_Evict(whKeyCacheSlot* slot);
/* Is number (1..255) used by a key of this owner/type in the cache? */
int wh_KeyCache_HasId(const whKeyCache* cache, whNvmId id);

#endif /* !WOLFHSM_WH_KEYCACHE_H_ */
