/*
 * wh_keycache.c: key cache slots (see wolfhsm/wh_keycache.h). No locking here: the caller
 * owns the cache (local) or holds the NVM lock (global).
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_keycache.h"
#include "wolfhsm/wh_utils.h"

void wh_KeyCache_Init(whKeyCache* cache, whKeyCacheSlot* slots, uint16_t count)
{
    cache->slots = slots;
    cache->count = count;
    cache->tick  = 0;
    memset(slots, 0, sizeof(*slots) * count);
}

void wh_KeyCache_Cleanup(whKeyCache* cache)
{
    uint16_t i;

    for (i = 0; i < cache->count; i++) {
        wh_KeyCache_Evict(&cache->slots[i]);
    }
}

static whKeyCacheSlot* touch(whKeyCache* cache, whKeyCacheSlot* slot)
{
    slot->lastUse = ++cache->tick;
    return slot;
}

whKeyCacheSlot* wh_KeyCache_Find(whKeyCache* cache, whNvmId id)
{
    uint16_t i;

    for (i = 0; i < cache->count; i++) {
        whKeyCacheSlot* s = &cache->slots[i];
        if ((s->state == WH_KEYSLOT_FULL) && (s->meta.id == id)) {
            return touch(cache, s);
        }
    }
    return NULL;
}

whKeyCacheSlot* wh_KeyCache_Reserve(whKeyCache* cache, whNvmId id)
{
    whKeyCacheSlot* empty  = NULL;
    whKeyCacheSlot* oldest = NULL;
    uint16_t        i;

    for (i = 0; i < cache->count; i++) {
        whKeyCacheSlot* s = &cache->slots[i];
        if (s->state != WH_KEYSLOT_FULL) {
            if (empty == NULL) {
                empty = s;
            }
        }
        else if (s->meta.id == id) {
            return touch(cache, s);
        }
        else if (s->committed &&
                 ((oldest == NULL) || ((int32_t)(s->lastUse - oldest->lastUse) < 0))) {
            oldest = s;
        }
    }
    if (empty == NULL) {
        empty = oldest;
        if (empty == NULL) {
            return NULL;
        }
        wh_KeyCache_Evict(empty);
    }
    return touch(cache, empty);
}

void wh_KeyCache_Evict(whKeyCacheSlot* slot)
{
    /* Only meta.len bytes were ever written to the buffer. */
    size_t used = slot->meta.len;
    wh_Utils_ForceZero(slot->buffer, (used < sizeof(slot->buffer)) ? used : sizeof(slot->buffer));
    wh_Utils_ForceZero(&slot->meta, sizeof(slot->meta));
    slot->committed = 0;
    slot->state     = WH_KEYSLOT_EMPTY;
}

int wh_KeyCache_HasId(const whKeyCache* cache, whNvmId id)
{
    uint16_t i;

    for (i = 0; i < cache->count; i++) {
        if ((cache->slots[i].state == WH_KEYSLOT_FULL) && (cache->slots[i].meta.id == id)) {
            return 1;
        }
    }
    return 0;
}
