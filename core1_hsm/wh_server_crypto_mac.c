/*
 * wh_server_crypto_mac.c: the MAC fast path (MAC_GENERATE, MAC_VERIFY: wh_message_crypto.h)
 * and the AES-CMAC core it shares with SHE's GENERATE_MAC / VERIFY_MAC (wh_server_she.c).
 *
 * A key is prepared once (wh_Server_MacPrepare: AES round keys and the CMAC subkeys K1, K2),
 * after which a MAC is one AES block per 16 bytes of message (wh_Server_MacCmac). A context
 * keeps WOLFHSM_CFG_SERVER_MAC_PREPARED prepared keys (server->crypto), replacing the least
 * recently used: one per key slot would not fit the target's RAM (one is about 0.6 KiB there,
 * and the HSM has 24 local and 8 global key slots).
 * - Keys of the context's own cache: the key store drops (wipes) the prepared copy of a slot
 *   whenever that slot is evicted, erased or refilled (wh_Server_MacDrop), so a prepared key
 *   is always the one its slot holds.
 * - Global keys are shared by every context and may change under another context's request:
 *   a context's prepared copy of one is used only at the global keys' version it was made at
 *   (the key store moves the version on before any global slot changes, wh_Server_MacDrop),
 *   with the key's usage and minimum tag recorded beside it; otherwise it is made again under
 *   the NVM lock, with the key's checks.
 * - SHE keys (wh_Server_MacPreparedShe): a prepared copy is used only at the SHE key
 *   version it was made at (wh_server_she.c moves the version on at every change of a SHE
 *   key); otherwise the SHE group reads the slot and it is made again in place.
 */
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>

#include "wh_server_crypto_internal.h"
#include "wolfhsm/wh_utils.h"

#define BLK AES_BLOCK_SIZE

/* b = b * x in GF(2^128) (SP 800-38B, 6.1). */
static void dbl(uint8_t* b)
{
    const uint8_t carry = (uint8_t)(0x87u & (uint8_t)(0u - (uint8_t)(b[0] >> 7)));
    unsigned      i;

    for (i = 0; i < BLK - 1u; i++) {
        b[i] = (uint8_t)((b[i] << 1) | (b[i + 1] >> 7));
    }
    b[BLK - 1] = (uint8_t)((b[BLK - 1] << 1) ^ carry);
}

void wh_Server_MacWipe(whServerMacPrepared* p)
{
    wc_AesFree(&p->aes);
    wh_Utils_ForceZero(p, sizeof(*p));
}

int wh_Server_MacPrepare(whServerMacPrepared* p, const uint8_t* key, uint32_t keyLen)
{
    int ret;

    if ((keyLen != 16u) && (keyLen != 24u) && (keyLen != 32u)) {
        return WH_ERROR_KEYTYPE;
    }
    memset(p, 0, sizeof(*p));
    ret = wh_Server_CryptoFromWc(wc_AesInit(&p->aes, NULL, INVALID_DEVID));
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_CryptoFromWc(wc_AesSetKey(&p->aes, key, keyLen, NULL, AES_ENCRYPTION));
    }
    if (ret == WH_ERROR_OK) { /* L = AES(K, 0); K1 = L.x; K2 = K1.x */
        ret = wh_Server_CryptoFromWc(wc_AesEncryptDirect(&p->aes, p->k1, p->k1));
    }
    if (ret == WH_ERROR_OK) {
        dbl(p->k1);
        memcpy(p->k2, p->k1, BLK);
        dbl(p->k2);
    }
    else {
        wh_Server_MacWipe(p);
    }
    return ret;
}

int wh_Server_MacCmac(whServerMacPrepared* p, const uint8_t* msg, uint32_t bits, uint8_t* out)
{
    return wh_Server_MacCmacChained(p, NULL, msg, bits, out);
}

int wh_Server_MacCmacChained(whServerMacPrepared* p, const uint8_t* chain, const uint8_t* msg,
                             uint32_t bits, uint8_t* out)
{
    const uint32_t n    = (bits == 0u) ? 1u : (bits + 127u) / 128u; /* blocks */
    const uint32_t rest = bits - (n - 1u) * 128u; /* bits in the last block, 0..128 */
    uint8_t        x[BLK];
    uint8_t        last[BLK];
    uint32_t       i;
    unsigned       j;
    int            ret = WH_ERROR_OK;

    if (chain != NULL) {
        memcpy(x, chain, sizeof(x));
    }
    else {
        memset(x, 0, sizeof(x));
    }
    for (i = 0; (i + 1u < n) && (ret == WH_ERROR_OK); i++) {
        for (j = 0; j < BLK; j++) {
            x[j] ^= msg[i * BLK + j];
        }
        ret = wh_Server_CryptoFromWc(wc_AesEncryptDirect(&p->aes, x, x));
    }
    /* The last block: whole, with K1; else padded with 10..0, with K2. */
    memset(last, 0, sizeof(last));
    if (rest > 0u) {
        memcpy(last, msg + (n - 1u) * BLK, (rest + 7u) / 8u);
    }
    if (rest == 128u) {
        for (j = 0; j < BLK; j++) {
            x[j] ^= (uint8_t)(last[j] ^ p->k1[j]);
        }
    }
    else {
        if ((rest % 8u) != 0u) {
            last[rest / 8u] &= (uint8_t)(0xFFu << (8u - rest % 8u));
        }
        last[rest / 8u] |= (uint8_t)(0x80u >> (rest % 8u));
        for (j = 0; j < BLK; j++) {
            x[j] ^= (uint8_t)(last[j] ^ p->k2[j]);
        }
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_CryptoFromWc(wc_AesEncryptDirect(&p->aes, out, x));
    }
    wh_Utils_ForceZero(x, sizeof(x));
    wh_Utils_ForceZero(last, sizeof(last));
    return ret;
}

int wh_Server_MacTagMatch(const uint8_t* mac, const uint8_t* tag, uint32_t bits)
{
    uint8_t  diff = 0;
    unsigned i;

    for (i = 0; i < BLK; i++) {
        const uint32_t have = (bits > i * 8u) ? bits - i * 8u : 0u;
        const uint8_t  mask = (have >= 8u) ? 0xFFu : (uint8_t)(0xFF00u >> have);
        /* Bytes past the tag are not read: their mask is 0. */
        diff |= (uint8_t)((mac[i] ^ ((have > 0u) ? tag[i] : 0u)) & mask);
    }
    return diff == 0u;
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
/* The global keys' version: moves on whenever a slot of a global cache is evicted, erased or
 * refilled, before it is refilled (changed under each NVM context's own lock, and there may
 * be several: hence atomic), never back, so a prepared copy of a global key made at the
 * current version is the key its slot holds. (The key store's room-making eviction of the
 * least recently used committed key comes just before: that key is unchanged in NVM. An NVM
 * context's cleanup empties its global cache without this: its server contexts are cleaned
 * up before it, and that wipes their prepared keys.) */
static uint32_t globalVersion = 1u;
#endif

void wh_Server_MacDrop(whServerContext* server, const whKeyCacheSlot* slot)
{
    unsigned i;

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    const whKeyCache* global = &server->nvm->globalCache;
    if ((slot >= global->slots) && (slot < global->slots + global->count)) {
        (void)__atomic_fetch_add(&globalVersion, 1u, __ATOMIC_RELAXED);
    }
#endif

    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) {
        whServerMacPrepared* p = &server->crypto.macPrepared[i];
        if ((p->owner != NULL) && (p->owner == (const void*)slot)) {
            wh_Server_MacWipe(p);
        }
    }
}

void wh_Server_MacDropAll(whServerContext* server)
{
    unsigned i;

    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) {
        wh_Server_MacWipe(&server->crypto.macPrepared[i]);
    }
}

/* The context's prepared key for (owner, sub) at version: found; else, with a key, made from
 * it in the entry of (owner, sub) or the free or least recently used one (NULL without). */
static whServerMacPrepared* prepared(whServerContext* server, const void* owner, uint16_t sub,
                                     uint32_t version, const uint8_t* key, uint32_t keyLen,
                                     int* out_rc)
{
    whServerCrypto*      c      = &server->crypto;
    whServerMacPrepared* victim = NULL;
    unsigned             i;

    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) {
        whServerMacPrepared* p = &c->macPrepared[i];
        if ((p->owner == owner) && (p->sub == sub)) {
            if (p->version == version) {
                p->lastUse = ++c->macTick;
                return p;
            }
            victim = p; /* the same slot, another key now: made again here */
            break;
        }
        if ((victim == NULL) || ((victim->owner != NULL) && (p->owner == NULL)) ||
            ((victim->owner != NULL) && (p->owner != NULL) &&
             ((int32_t)(p->lastUse - victim->lastUse) < 0))) {
            victim = p;
        }
    }
    if (key == NULL) {
        return NULL;
    }
    wh_Server_MacWipe(victim);
    *out_rc = wh_Server_MacPrepare(victim, key, keyLen);
    if (*out_rc != WH_ERROR_OK) {
        return NULL;
    }
    victim->owner   = owner;
    victim->version = version;
    victim->sub     = sub;
    victim->lastUse = ++c->macTick;
    return victim;
}

whServerMacPrepared* wh_Server_MacPreparedShe(whServerContext* server, const void* device,
                                              uint8_t slotId, uint32_t version, const uint8_t* key,
                                              int* out_rc)
{
    return prepared(server, device, slotId, version, key, AES_BLOCK_SIZE, out_rc);
}

/* Does the cached key allow this MAC? Usage, type, an AES size, the key's minimum tag. */
static int macAllowed(const whNvmMetadata* meta, uint16_t usage, uint32_t tagBits)
{
    if ((meta->flags & usage) != usage) {
        return WH_ERROR_USAGE;
    }
    if ((WH_NVM_FLAGS_GET_KEYTYPE(meta->flags) != WH_KEY_TYPE_SECRET) ||
        ((meta->len != 16u) && (meta->len != 24u) && (meta->len != 32u))) {
        return WH_ERROR_KEYTYPE;
    }
    if (tagBits < WH_KEY_MAC_MIN_BITS(meta->access)) {
        return WH_ERROR_MINTAG;
    }
    return WH_ERROR_OK;
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
/* The context's prepared copy of global key id, made at the global cache's current version
 * (the key unchanged since) and allowing this MAC: found without the lock; else the key is
 * checked and prepared again under it. */
static int preparedGlobal(whServerContext* server, whNvmId id, uint16_t usage, uint32_t tagBits,
                          whServerMacPrepared** out_p)
{
    whKeyCache*          global  = &server->nvm->globalCache;
    const uint32_t       version = __atomic_load_n(&globalVersion, __ATOMIC_RELAXED);
    whServerMacPrepared* p;
    whKeyCacheSlot*      slot = NULL;
    unsigned             i;
    int                  rc;

    p = prepared(server, global, id, version, NULL, 0, &rc);
    if (p != NULL) {
        if ((p->keyFlags & usage) != usage) {
            return WH_ERROR_USAGE;
        }
        if (tagBits < p->minTagBits) {
            return WH_ERROR_MINTAG;
        }
        *out_p = p;
        return WH_ERROR_OK;
    }
    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) { /* global keys changed since */
        whServerMacPrepared* old = &server->crypto.macPrepared[i];
        if ((old->owner == (const void*)global) && (old->version != version)) {
            wh_Server_MacWipe(old);
        }
    }
    rc = WH_SERVER_NVM_LOCK(server);
    if (rc != WH_ERROR_OK) {
        return rc;
    }
    rc = wh_Server_KeystoreFreshenKey(server, id, &slot); /* the policy's USE right */
    if (rc == WH_ERROR_OK) {
        rc = macAllowed(&slot->meta, usage, tagBits);
    }
    if (rc == WH_ERROR_OK) {
        p = prepared(server, global, id, __atomic_load_n(&globalVersion, __ATOMIC_RELAXED),
                     slot->buffer, slot->meta.len, &rc);
        if (p != NULL) {
            p->keyFlags   = slot->meta.flags;
            p->minTagBits = (uint8_t)WH_KEY_MAC_MIN_BITS(slot->meta.access);
            *out_p        = p;
        }
    }
    (void)WH_SERVER_NVM_UNLOCK(server);
    return rc;
}
#endif

/* The full MAC of msg with the key id, after the key's checks. */
static int macOf(whServerContext* server, whNvmId id, uint16_t usage, uint32_t tagBits,
                 const uint8_t* msg, uint32_t len, uint8_t* out_mac)
{
    whServerMacPrepared* p = NULL;
    int                  rc;

    if (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) {
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        rc = preparedGlobal(server, id, usage, tagBits, &p);
#else
        rc = WH_ERROR_NOTFOUND;
#endif
    }
    else {
        /* The local cache is this context's alone: only a load from NVM takes the lock. */
        whKeyCacheSlot* slot = wh_KeyCache_Find(&server->localCache, id);
        rc                   = WH_ERROR_OK;
        if (slot == NULL) {
            rc = WH_SERVER_NVM_LOCK(server);
            if (rc != WH_ERROR_OK) {
                return rc;
            }
            rc = wh_Server_KeystoreFreshenKey(server, id, &slot);
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
        if (rc == WH_ERROR_OK) {
            rc = macAllowed(&slot->meta, usage, tagBits);
        }
        if (rc == WH_ERROR_OK) {
            p = prepared(server, slot, 0, 0, slot->buffer, slot->meta.len, &rc);
        }
    }
    return (rc != WH_ERROR_OK) ? rc : wh_Server_MacCmac(p, msg, len * 8u, out_mac);
}

int wh_Server_CryptoMac(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    const int                 verify = (action == WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY);
    whMessageCryptoMacRequest q;
    const uint8_t*            msg = req + sizeof(q);
    uint8_t*                  out = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                   mac[BLK];
    uint16_t                  tagBytes;
    whNvmId                   id;
    int                       rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateMacRequest(magic, (const void*)req, &q);
    tagBytes = (uint16_t)((q.tagBits + 7u) / 8u);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.msgLen + (verify ? tagBytes : 0u))) {
        return WH_ERROR_TRUNCATED;
    }
    if (q.alg != WH_CRYPTO_CMAC_AES) {
        return WH_ERROR_BADALG;
    }
    if ((q.tagBits == 0u) || (q.tagBits > WH_KEY_MAC_MAX_BITS) ||
        (q.msgLen > WH_CRYPTO_MAC_MAX_MSG)) {
        return WH_ERROR_BADARGS;
    }
    rc = wh_Server_KeyId(server, q.keyId, 0, &id);
    if (rc == WH_ERROR_OK) {
        rc = macOf(server, id, verify ? WH_NVM_FLAGS_USAGE_VERIFY : WH_NVM_FLAGS_USAGE_SIGN,
                   q.tagBits, msg, q.msgLen, mac);
    }
    if (rc == WH_ERROR_OK) {
        if (verify) {
            rc       = wh_Server_MacTagMatch(mac, msg + q.msgLen, q.tagBits) ? WH_ERROR_OK
                                                                             : WH_ERROR_AUTH;
            tagBytes = 0;
        }
        else {
            memcpy(out, mac, tagBytes);
            if ((q.tagBits % 8u) != 0u) {
                out[tagBytes - 1u] &= (uint8_t)(0xFF00u >> (q.tagBits % 8u));
            }
        }
    }
    wh_Utils_ForceZero(mac, sizeof(mac));
    return sendOut(magic, rc, tagBytes, 0, resp, out_respSize);
}
