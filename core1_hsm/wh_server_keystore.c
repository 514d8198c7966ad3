/*
 * wh_server_keystore.c: local and global key caches over NVM (see
 * wolfhsm/wh_server_keystore.h). The caller holds the NVM lock.
 */
#include <stddef.h>
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_server_keystore.h"

/* The cache that holds key id for this server, or NULL if the server may not reach it. */
static whKeyCache* cacheFor(whServerContext* server, whNvmId id)
{
    if ((server == NULL) || (WH_NVM_ID_TYPE(id) != WH_NVM_TYPE_KEY) ||
        (WH_NVM_ID_NUMBER(id) == 0)) {
        return NULL;
    }
    if (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) {
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        return &server->nvm->globalCache;
#else
        return NULL;
#endif
    }
    return (WH_NVM_ID_OWNER(id) == server->clientId) ? &server->localCache : NULL;
}

/* Would one more uncommitted key of this client's fit the global cache? At most its policy's
 * quota, and never the last slot: that one stays for loading committed keys. */
static int globalRoom(const whServerContext* server, const whKeyCache* cache)
{
    uint16_t mine  = 0;
    uint16_t total = 0;
    uint16_t i;

    for (i = 0; i < cache->count; i++) {
        const whKeyCacheSlot* s = &cache->slots[i];
        if ((s->state == WH_KEYSLOT_FULL) && !s->committed) {
            total++;
            mine += (s->meta.owner == server->clientId);
        }
    }
    return (mine < server->policy->globalKeyQuota) && (total + 1u < cache->count);
}

int wh_Server_KeystoreCacheKey(whServerContext* server, whNvmMetadata* meta, const uint8_t* in)
{
    whKeyCache*     cache;
    whKeyCacheSlot* slot;
    whNvmMetadata   stored;
    whNvmOwner      owner = WH_NVM_OWNER_NONE;
    int             ret;

    if ((meta == NULL) || ((in == NULL) && (meta->len > 0)) ||
        (meta->len > WOLFHSM_CFG_KEYCACHE_BUFSIZE)) {
        return WH_ERROR_BADARGS;
    }
    cache = cacheFor(server, meta->id);
    if (cache == NULL) {
        return WH_ERROR_BADARGS;
    }
    /* A cached copy carries the flags of any committed one (caching over a non-modifiable
     * id is refused), so NVM is asked only when the key is not cached. */
    slot = wh_KeyCache_Find(cache, meta->id);
    if (slot != NULL) {
        stored = slot->meta;
        ret    = WH_ERROR_OK;
    }
    else {
        ret = wh_Nvm_GetMetadata(server->nvm, meta->id, &stored);
    }
    if (ret == WH_ERROR_OK) { /* replacing: the key keeps its owner */
        owner = stored.owner;
        ret   = (stored.flags & WH_NVM_FLAGS_NONMODIFIABLE)
                    ? WH_ERROR_ACCESS
                    : wh_Server_Allowed(server, meta->id, owner, WH_RIGHT_MODIFY);
    }
    else if (ret == WH_ERROR_NOTFOUND) {
        owner = server->clientId;
        ret   = wh_Server_Allowed(server, meta->id, WH_NVM_OWNER_NONE, WH_RIGHT_CREATE);
    }
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((slot == NULL) && (cache != &server->localCache) && !globalRoom(server, cache)) {
        return WH_ERROR_NOSPACE;
    }
    slot = wh_KeyCache_Reserve(cache, meta->id);
    if (slot == NULL) {
        return WH_ERROR_NOSPACE;
    }
    wh_Server_MacDrop(server, slot); /* the slot's prepared key is the old key's */
    if (slot->state == WH_KEYSLOT_FULL) {
        wh_KeyCache_Evict(slot); /* replacing: wipe the old material first */
        slot->lastUse = cache->tick;
    }
    meta->owner = owner;
    memcpy(slot->buffer, in, meta->len);
    slot->meta      = *meta;
    slot->committed = 0;
    slot->state     = WH_KEYSLOT_FULL;
    return WH_ERROR_OK;
}

int wh_Server_KeystoreGetUniqueId(whServerContext* server, whNvmId* inout_id)
{
    whKeyCache*   cache;
    whNvmMetadata stored;
    uint16_t      n;

    if ((inout_id == NULL) || (WH_NVM_ID_NUMBER(*inout_id) != 0)) {
        return WH_ERROR_BADARGS;
    }
    cache = cacheFor(server, (whNvmId)(*inout_id | 1u));
    if (cache == NULL) {
        return WH_ERROR_BADARGS;
    }
    for (n = 1; n <= 0xFFu; n++) {
        whNvmId id = (whNvmId)(*inout_id | n);
        int     ret;
        if (wh_KeyCache_HasId(cache, id) ||
            (wh_Server_Allowed(server, id, WH_NVM_OWNER_NONE, WH_RIGHT_CREATE) != WH_ERROR_OK)) {
            continue;
        }
        ret = wh_Nvm_GetMetadata(server->nvm, id, &stored);
        if (ret == WH_ERROR_NOTFOUND) {
            *inout_id = id;
            return WH_ERROR_OK;
        }
        if (ret != WH_ERROR_OK) {
            return ret;
        }
    }
    return WH_ERROR_NOSPACE;
}

int wh_Server_KeystoreFreshenKey(whServerContext* server, whNvmId id, whKeyCacheSlot** out_slot)
{
    whKeyCache*     cache = cacheFor(server, id);
    whKeyCacheSlot* slot;
    whNvmMetadata   stored;
    int             ret;

    if ((cache == NULL) || (out_slot == NULL)) {
        return (cache == NULL) ? WH_ERROR_NOTFOUND : WH_ERROR_BADARGS;
    }
    slot = wh_KeyCache_Find(cache, id);
    if (slot == NULL) {
        /* Load-on-use: a committed key not in the cache. */
        ret = wh_Nvm_GetMetadata(server->nvm, id, &stored);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (stored.len > WOLFHSM_CFG_KEYCACHE_BUFSIZE) {
            return WH_ERROR_CORRUPT;
        }
        slot = wh_KeyCache_Reserve(cache, id);
        if (slot == NULL) {
            return WH_ERROR_NOSPACE;
        }
        wh_Server_MacDrop(server, slot); /* it may have held another key */
        ret = wh_Nvm_Read(server->nvm, id, 0, stored.len, slot->buffer);
        if (ret != WH_ERROR_OK) {
            wh_KeyCache_Evict(slot);
            return ret;
        }
        slot->meta      = stored;
        slot->committed = 1;
        slot->state     = WH_KEYSLOT_FULL;
    }
    ret = wh_Server_Allowed(server, id, slot->meta.owner, WH_RIGHT_USE);
    if (ret == WH_ERROR_OK) {
        *out_slot = slot;
    }
    return ret;
}

int wh_Server_KeystoreReadKey(whServerContext* server, whNvmId id, whNvmMetadata* out_meta,
                              uint8_t* out, whNvmSize* inout_len)
{
    whKeyCacheSlot* slot;
    int             ret;

    if ((out == NULL) || (inout_len == NULL)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Server_KeystoreFreshenKey(server, id, &slot);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (slot->meta.len > *inout_len) {
        return WH_ERROR_BUFFER_SIZE;
    }
    memcpy(out, slot->buffer, slot->meta.len);
    *inout_len = slot->meta.len;
    if (out_meta != NULL) {
        *out_meta = slot->meta;
    }
    return WH_ERROR_OK;
}

int wh_Server_KeystoreEvictKey(whServerContext* server, whNvmId id)
{
    whKeyCache*     cache = cacheFor(server, id);
    whKeyCacheSlot* slot  = (cache != NULL) ? wh_KeyCache_Find(cache, id) : NULL;

    int ret;

    if (slot == NULL) {
        return WH_ERROR_NOTFOUND;
    }
    ret = wh_Server_Allowed(server, id, slot->meta.owner, WH_RIGHT_MODIFY);
    if (ret == WH_ERROR_OK) {
        wh_Server_MacDrop(server, slot);
        wh_KeyCache_Evict(slot);
    }
    return ret;
}

/* Evict the uncommitted keys of cache that this client owns (owner: the slot's owner field to
 * match; the local cache's are all its own). */
static void dropUncommitted(whServerContext* server, whKeyCache* cache, int anyOwner)
{
    uint16_t i;

    for (i = 0; i < cache->count; i++) {
        whKeyCacheSlot* slot = &cache->slots[i];
        if ((slot->state == WH_KEYSLOT_FULL) && !slot->committed &&
            (anyOwner || (slot->meta.owner == server->clientId))) {
            wh_Server_MacDrop(server, slot);
            wh_KeyCache_Evict(slot);
        }
    }
}

void wh_Server_KeystoreDropUncommitted(whServerContext* server)
{
    dropUncommitted(server, &server->localCache, 1);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    dropUncommitted(server, &server->nvm->globalCache, 0);
#endif
}

int wh_Server_KeystoreCommitKey(whServerContext* server, whNvmId id)
{
    whKeyCache*     cache = cacheFor(server, id);
    whKeyCacheSlot* slot  = (cache != NULL) ? wh_KeyCache_Find(cache, id) : NULL;
    whNvmMetadata   meta;
    int             ret;

    if (slot == NULL) {
        return WH_ERROR_NOTFOUND;
    }
    ret = wh_Server_Allowed(server, id, slot->meta.owner, WH_RIGHT_MODIFY);
    if ((ret != WH_ERROR_OK) || slot->committed) {
        return ret;
    }
    meta = slot->meta;
    ret  = wh_Nvm_AddObject(server->nvm, &meta, slot->meta.len, slot->buffer);
    if (ret == WH_ERROR_OK) {
        slot->committed = 1;
    }
    return ret;
}

int wh_Server_KeystoreEraseKey(whServerContext* server, whNvmId id)
{
    whKeyCache*     cache = cacheFor(server, id);
    whKeyCacheSlot* slot  = (cache != NULL) ? wh_KeyCache_Find(cache, id) : NULL;
    whNvmMetadata   stored;
    int             inNvm;
    int             ret;

    if (cache == NULL) {
        return WH_ERROR_NOTFOUND;
    }
    ret   = wh_Nvm_GetMetadata(server->nvm, id, &stored);
    inNvm = (ret == WH_ERROR_OK);
    if ((ret != WH_ERROR_OK) && (ret != WH_ERROR_NOTFOUND)) {
        return ret;
    }
    if ((slot == NULL) && !inNvm) {
        return WH_ERROR_NOTFOUND;
    }
    ret = wh_Server_Allowed(server, id, (slot != NULL) ? slot->meta.owner : stored.owner,
                            WH_RIGHT_ERASE);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((inNvm && (stored.flags & WH_NVM_FLAGS_NONDESTROYABLE)) ||
        ((slot != NULL) && (slot->meta.flags & WH_NVM_FLAGS_NONDESTROYABLE))) {
        return WH_ERROR_ACCESS;
    }
    if (inNvm) {
        ret = wh_Nvm_DestroyObjects(server->nvm, 1, &id);
        if (ret != WH_ERROR_OK) {
            return ret; /* nothing changed: the cached copy stays too */
        }
    }
    if (slot != NULL) {
        wh_Server_MacDrop(server, slot);
        wh_KeyCache_Evict(slot);
    }
    return WH_ERROR_OK;
}

int wh_Server_KeystoreCacheNew(whServerContext* server, uint16_t wireId, whNvmMetadata* meta,
                               const uint8_t* in)
{
    int ret;

    if ((server == NULL) || (meta == NULL) || (meta->len > WOLFHSM_CFG_KEYCACHE_BUFSIZE)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Server_KeyId(server, wireId, 1, &meta->id);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        if (WH_NVM_ID_NUMBER(meta->id) == 0u) {
            ret = wh_Server_KeystoreGetUniqueId(server, &meta->id);
        }
        if (ret == WH_ERROR_OK) {
            ret = wh_Server_KeystoreCacheKey(server, meta, in);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    return ret;
}

/* Check and copy a cached key (the caller holds what protects the slot). */
static int copyForUse(const whKeyCacheSlot* slot, uint16_t usage, uint16_t type, uint8_t* out,
                      whNvmSize* inout_len, whNvmMetadata* out_meta)
{
    if ((slot->meta.flags & usage) != usage) {
        return WH_ERROR_USAGE;
    }
    if (WH_NVM_FLAGS_GET_KEYTYPE(slot->meta.flags) != type) {
        return WH_ERROR_KEYTYPE;
    }
    if (slot->meta.len > *inout_len) {
        return WH_ERROR_BUFFER_SIZE;
    }
    memcpy(out, slot->buffer, slot->meta.len);
    *inout_len = slot->meta.len;
    if (out_meta != NULL) {
        *out_meta = slot->meta;
    }
    return WH_ERROR_OK;
}

int wh_Server_KeystoreGetForUse(whServerContext* server, uint16_t wireId, uint16_t usage,
                                uint16_t type, uint8_t* out, whNvmSize* inout_len,
                                whNvmMetadata* out_meta)
{
    whKeyCacheSlot* slot;
    whNvmId         id;
    int             ret;

    if ((server == NULL) || (out == NULL) || (inout_len == NULL)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Server_KeyId(server, wireId, 0, &id);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    /* The local cache is this context's alone: a hit needs no lock. */
    if (WH_NVM_ID_OWNER(id) != WH_NVM_OWNER_GLOBAL) {
        slot = wh_KeyCache_Find(&server->localCache, id);
        if (slot != NULL) {
            return copyForUse(slot, usage, type, out, inout_len, out_meta);
        }
    }
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_KeystoreFreshenKey(server, id, &slot);
        if (ret == WH_ERROR_OK) {
            ret = copyForUse(slot, usage, type, out, inout_len, out_meta);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    return ret;
}

whNvmFlags wh_Server_KeyDerivedFlags(whNvmFlags requested, whNvmFlags input)
{
    const whNvmFlags inherited = WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_SENSITIVE;

    return (whNvmFlags)((requested & (whNvmFlags) ~(WH_NVM_FLAGS_USAGE_ANY | inherited)) |
                        (requested & input & WH_NVM_FLAGS_USAGE_ANY) |
                        ((requested | input) & inherited));
}
