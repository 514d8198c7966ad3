/*
 * gen_corpus.c: writes the seed corpora of the fuzz targets (make fuzz-corpus):
 *
 *   gen_corpus <dir>    writes <dir>/fuzz_server/<name>, <dir>/fuzz_nvm/<name> and
 *                       <dir>/fuzz_message/<name>, the same bytes on every run
 *
 * Seeds are valid inputs in each target's format (see the comment at the top of each
 * fuzz_*.c): for fuzz_server, sessions of well-formed requests of every group and action
 * (with the real keys and test vectors the crypto actions need to succeed), some in the
 * other byte order (payloads translated with the project's own wh_Message*_Translate*), and
 * the malformed packets of tests/test_malformed.c; for fuzz_nvm, workloads with and without
 * power cuts and patched images; for fuzz_message, one message per translator. Files other
 * than these (crash inputs kept as regression seeds) are left alone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kat_rfc8554.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_nvm_types.h"

/* ---- an input being built ---- */

typedef struct {
    uint8_t b[16384];
    size_t  n;
} seed;

static const char* outDir;

static void put(seed* s, const void* p, size_t len)
{
    if (s->n + len > sizeof(s->b)) {
        fprintf(stderr, "gen_corpus: seed too large\n");
        exit(1);
    }
    if (len > 0) {
        memcpy(s->b + s->n, p, len);
    }
    s->n += len;
}

static void put8(seed* s, uint8_t v)
{
    put(s, &v, 1);
}

static void put16(seed* s, uint16_t v)
{
    put8(s, (uint8_t)v);
    put8(s, (uint8_t)(v >> 8));
}

static void writeSeed(const char* target, const char* name, const seed* s)
{
    char  path[1024];
    FILE* f;

    (void)snprintf(path, sizeof(path), "%s/%s/%s", outDir, target, name);
    f = fopen(path, "wb");
    if ((f == NULL) || (fwrite(s->b, 1, s->n, f) != s->n) || (fclose(f) != 0)) {
        fprintf(stderr, "gen_corpus: cannot write %s\n", path);
        exit(1);
    }
}

/* ---- fuzz_server sessions ---- */

#define SWAPPED 0x01u
#define RAW 0x02u
#define CLAIM 0x04u
#define POWERCYCLE 0x08u

/* A request of group and action with payload (len bytes, already in the order ctrl says). */
static void req(seed* s, uint8_t ctrl, uint8_t group, uint8_t action, const void* payload,
                size_t len)
{
    put8(s, ctrl);
    put8(s, group);
    put8(s, action);
    put16(s, (uint16_t)len);
    put(s, payload, len);
}

/* A request with two parts (a fixed struct and what follows it). */
static void req2(seed* s, uint8_t ctrl, uint8_t group, uint8_t action, const void* head,
                 size_t headLen, const void* tail, size_t tailLen)
{
    put8(s, ctrl);
    put8(s, group);
    put8(s, action);
    put16(s, (uint16_t)(headLen + tailLen));
    put(s, head, headLen);
    put(s, tail, tailLen);
}

/* A packet of raw header fields (stored in our order) and a claimed length. */
static void rawReq(seed* s, uint16_t magic, uint16_t kind, uint16_t seq, int claim,
                   uint16_t claimLen, const void* payload, size_t len)
{
    const whCommHeader h = {.magic = magic, .kind = kind, .seq = seq};
    put8(s, (uint8_t)(RAW | (claim ? CLAIM : 0u)));
    put(s, &h, sizeof(h));
    if (claim) {
        put16(s, claimLen);
    }
    put16(s, (uint16_t)len);
    put(s, payload, len);
}

#define COMM WH_MESSAGE_GROUP_COMM
#define NVM WH_MESSAGE_GROUP_NVM
#define KEY WH_MESSAGE_GROUP_KEY
#define CRYPTO WH_MESSAGE_GROUP_CRYPTO
#define COUNTER WH_MESSAGE_GROUP_COUNTER

static void idReq(seed* s, uint8_t ctrl, uint8_t group, uint8_t action, uint16_t id)
{
    whMessageIdRequest q = {.id = id};
    if (ctrl & SWAPPED) {
        wh_Message_TranslateIdRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req(s, ctrl, group, action, &q, sizeof(q));
}

static void label(uint8_t out[WH_NVM_LABEL_LEN], const char* text)
{
    memset(out, 0, WH_NVM_LABEL_LEN);
    memcpy(out, text, strlen(text));
}

static void fillBytes(uint8_t* p, size_t len, uint8_t seedByte)
{
    size_t i;
    for (i = 0; i < len; i++) {
        p[i] = (uint8_t)(seedByte + i * 29u);
    }
}

static void addObject(seed* s, uint8_t ctrl, uint16_t id, uint16_t flags, uint16_t len,
                      uint8_t fill)
{
    static uint8_t               data[WH_MESSAGE_NVM_MAX_ADD];
    whMessageNvmAddObjectRequest q = {.id = id, .flags = flags, .len = len};
    label(q.label, "object");
    fillBytes(data, len, fill);
    if (ctrl & SWAPPED) {
        wh_MessageNvm_TranslateAddObjectRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req2(s, ctrl, NVM, WH_MESSAGE_NVM_ACTION_ADDOBJECT, &q, sizeof(q), data, len);
}

static void readObject(seed* s, uint8_t ctrl, uint16_t id, uint16_t offset, uint16_t len)
{
    whMessageNvmReadRequest q = {.id = id, .offset = offset, .len = len};
    if (ctrl & SWAPPED) {
        wh_MessageNvm_TranslateReadRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req(s, ctrl, NVM, WH_MESSAGE_NVM_ACTION_READ, &q, sizeof(q));
}

static void destroyObjects(seed* s, uint8_t ctrl, uint16_t count, const uint16_t* ids)
{
    whMessageNvmDestroyRequest q = {.count = count};
    memcpy(q.ids, ids, count * sizeof(ids[0]));
    if (ctrl & SWAPPED) {
        wh_MessageNvm_TranslateDestroyRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req(s, ctrl, NVM, WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS, &q, sizeof(q));
}

static void listObjects(seed* s, uint16_t startId)
{
    const whMessageNvmListRequest q = {.startId = startId};
    req(s, 0, NVM, WH_MESSAGE_NVM_ACTION_LIST, &q, sizeof(q));
}

static void cacheKey(seed* s, uint8_t ctrl, uint16_t id, uint16_t flags, const void* key,
                     uint16_t len)
{
    whMessageKeyCacheRequest q = {.id = id, .flags = flags, .len = len};
    label(q.label, "key");
    if (ctrl & SWAPPED) {
        wh_MessageKey_TranslateCacheRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req2(s, ctrl, KEY, WH_MESSAGE_KEY_ACTION_CACHE, &q, sizeof(q), key, len);
}

static void digest(seed* s, uint8_t ctrl, uint16_t alg, uint16_t step, uint16_t keyId,
                   const void* data, uint16_t dataLen, uint16_t tagLen)
{
    static uint8_t               body[WOLFHSM_CFG_COMM_DATA_LEN];
    whMessageCryptoDigestRequest q = {
        .alg = alg, .step = step, .keyId = keyId, .tagLen = tagLen, .dataLen = dataLen};
    if (dataLen > 0) {
        memcpy(body, data, dataLen);
    }
    memset(body + dataLen, 0x5A, tagLen); /* a tag that does not verify */
    if (ctrl & SWAPPED) {
        wh_MessageCrypto_TranslateDigestRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req2(s, ctrl, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_DIGEST, &q, sizeof(q), body,
         (size_t)dataLen + tagLen);
}

static void cipher(seed* s, uint8_t ctrl, uint16_t mode, uint16_t dir, uint16_t keyId,
                   uint16_t ivLen, uint16_t aadLen, uint16_t dataLen, uint16_t tagLen,
                   uint16_t step)
{
    static uint8_t               body[WOLFHSM_CFG_COMM_DATA_LEN];
    whMessageCryptoCipherRequest q    = {.mode    = mode,
                                         .dir     = dir,
                                         .keyId   = keyId,
                                         .ivLen   = ivLen,
                                         .aadLen  = aadLen,
                                         .tagLen  = tagLen,
                                         .dataLen = dataLen,
                                         .step    = step};
    const size_t                 tail = (size_t)ivLen + aadLen + dataLen +
                        (((mode == WH_CRYPTO_AES_GCM) && (dir == WH_CRYPTO_DECRYPT)) ? tagLen : 0u);
    fillBytes(body, tail, 0x11);
    if (ctrl & SWAPPED) {
        wh_MessageCrypto_TranslateCipherRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    }
    req2(s, ctrl, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_CIPHER, &q, sizeof(q), body, tail);
}

static void keygen(seed* s, uint16_t type, uint16_t outKeyId, uint16_t outFlags)
{
    whMessageCryptoKeygenRequest q = {.type = type};
    q.key.outKeyId                 = outKeyId;
    q.key.outFlags                 = outFlags;
    label(q.key.label, "generated");
    req(s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_KEYGEN, &q, sizeof(q));
}

static void sign(seed* s, uint16_t alg, uint16_t keyId, const void* msg, uint16_t msgLen)
{
    const whMessageCryptoSignRequest q = {.alg = alg, .keyId = keyId, .msgLen = msgLen};
    req2(s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_SIGN, &q, sizeof(q), msg, msgLen);
}

static void verify(seed* s, uint16_t alg, uint16_t keyId, const void* pub, uint16_t pubLen,
                   const void* sig, uint16_t sigLen, const void* msg, uint16_t msgLen)
{
    static uint8_t                     body[WOLFHSM_CFG_COMM_DATA_LEN];
    const whMessageCryptoVerifyRequest q = {
        .alg = alg, .keyId = keyId, .pubLen = pubLen, .sigLen = sigLen, .msgLen = msgLen};
    if (pubLen > 0) {
        memcpy(body, pub, pubLen);
    }
    memcpy(body + pubLen, sig, sigLen);
    if (msgLen > 0) {
        memcpy(body + pubLen + sigLen, msg, msgLen);
    }
    req2(s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_VERIFY, &q, sizeof(q), body,
         (size_t)pubLen + sigLen + msgLen);
}

static void shared(seed* s, uint16_t keyId, const void* peer, uint16_t pubLen, uint16_t outKeyId,
                   uint16_t outFlags)
{
    whMessageCryptoSharedRequest q = {.keyId = keyId, .pubLen = pubLen};
    q.key.outKeyId                 = outKeyId;
    q.key.outFlags                 = outFlags;
    label(q.key.label, "shared");
    req2(s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_SHARED, &q, sizeof(q), peer, pubLen);
}

static void hexTo(uint8_t* out, const char* hex)
{
    size_t i;
    for (i = 0; hex[2 * i] != '\0'; i++) {
        unsigned v;
        (void)sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

/* A connect of our version, registering no shared region (the fuzzed server has no host
 * windows: requests by address are refused). */
static const whMessageCommConnectRequest version = {.version = WH_VERSION};

static void server(void)
{
    static const char target[] = "fuzz_server";
    const uint16_t    keyUse   = WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT;
    const uint16_t    macUse   = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY;
    uint8_t           key[32];
    seed              s;

    fillBytes(key, sizeof(key), 0x42);

    /* COMM: every action, connected. */
    s.n = 0;
    put8(&s, 0);
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_INFO, NULL, 0);
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_ECHO, "hello", 5);
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_CLOSE, NULL, 0);
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_CONNECT, &version, sizeof(version));
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_ECHO, NULL, 0);
    writeSeed(target, "comm_actions", &s);

    /* Not connected: refused, then connected by hand. Client id 3. */
    s.n = 0;
    put8(&s, 0x01u | (2u << 1));
    req(&s, 0, NVM, WH_MESSAGE_NVM_ACTION_GETAVAILABLE, NULL, 0);
    req(&s, 0, COMM, WH_MESSAGE_COMM_ACTION_CONNECT, &version, sizeof(version));
    req(&s, 0, NVM, WH_MESSAGE_NVM_ACTION_GETAVAILABLE, NULL, 0);
    writeSeed(target, "comm_unconnected", &s);

    /* The other byte order. */
    s.n = 0;
    put8(&s, 0x01u);
    {
        whMessageCommConnectRequest q = {.version = WH_VERSION};
        wh_MessageComm_TranslateConnectRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
        req(&s, SWAPPED, COMM, WH_MESSAGE_COMM_ACTION_CONNECT, &q, sizeof(q));
    }
    req(&s, SWAPPED, COMM, WH_MESSAGE_COMM_ACTION_INFO, NULL, 0);
    req(&s, SWAPPED, COMM, WH_MESSAGE_COMM_ACTION_ECHO, "swapped", 7);
    addObject(&s, SWAPPED, 9, 0, 64, 0x90);
    readObject(&s, SWAPPED, 9, 8, 32);
    {
        const uint16_t ids[1] = {9};
        destroyObjects(&s, SWAPPED, 1, ids);
    }
    idReq(&s, SWAPPED, COUNTER, WH_MESSAGE_COUNTER_ACTION_READ, 1);
    cacheKey(&s, SWAPPED, 4, keyUse, key, 16);
    cipher(&s, SWAPPED, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, 4, 16, 0, 32, 0, 0);
    digest(&s, SWAPPED, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, "abc", 3, 0);
    writeSeed(target, "swapped_order", &s);

    /* Malformed packets (tests/test_malformed.c), then a good one. */
    s.n = 0;
    put8(&s, 0);
    rawReq(&s, 0x1234, WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_ECHO), 11, 0, 0, NULL, 0);
    rawReq(&s, (WH_COMM_MAGIC_TAG << 8) | (WH_COMM_VERSION + 1),
           WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_ECHO), 12, 0, 0, NULL, 0);
    rawReq(&s, WH_COMM_MAGIC_NATIVE, WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_ECHO), 13, 1,
           0xFFFF, NULL, 0);
    rawReq(&s, WH_COMM_MAGIC_NATIVE, WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_ECHO), 14, 1, 3,
           NULL, 0);
    rawReq(&s, WH_COMM_MAGIC_NATIVE, WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_CONNECT), 15, 0,
           0, "\x00\x01", 2);
    rawReq(&s, WH_COMM_MAGIC_NATIVE, WH_MESSAGE_KIND(0x7F, 1), 16, 0, 0, NULL, 0);
    rawReq(&s, WH_COMM_MAGIC_NATIVE, WH_MESSAGE_KIND(COMM, 0xEE), 17, 0, 0, NULL, 0);
    rawReq(&s, WH_COMM_MAGIC_SWAPPED,
           wh_Bswap16(WH_MESSAGE_KIND(COMM, WH_MESSAGE_COMM_ACTION_INFO)), wh_Bswap16(18), 0, 0,
           NULL, 0);
    req(&s, 0, NVM, 0x77, NULL, 0);
    req(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, "\x01", 1);
    writeSeed(target, "malformed", &s);

    /* NVM: every action. */
    s.n = 0;
    put8(&s, 0);
    req(&s, 0, NVM, WH_MESSAGE_NVM_ACTION_GETAVAILABLE, NULL, 0);
    addObject(&s, 0, 1, 0, 40, 0x10);
    addObject(&s, 0, WH_ID_GLOBAL | 2, 0, 100, 0x20);
    listObjects(&s, 0);
    listObjects(&s, 1);
    idReq(&s, 0, NVM, WH_MESSAGE_NVM_ACTION_GETMETADATA, 1);
    readObject(&s, 0, 1, 0, 40);
    readObject(&s, 0, WH_ID_GLOBAL | 2, 10, 20);
    readObject(&s, 0, 1, 30, 20);
    {
        const uint16_t ids[2] = {1, WH_ID_GLOBAL | 2};
        destroyObjects(&s, 0, 2, ids);
    }
    listObjects(&s, 0);
    writeSeed(target, "nvm_actions", &s);

    /* NVM flags, and a power cycle. */
    s.n = 0;
    put8(&s, 0);
    addObject(&s, 0, 3, WH_NVM_FLAGS_NONMODIFIABLE | WH_NVM_FLAGS_NONDESTROYABLE, 16, 0x30);
    addObject(&s, 0, 3, 0, 16, 0x31);
    {
        const uint16_t ids[1] = {3};
        destroyObjects(&s, 0, 1, ids);
    }
    put8(&s, POWERCYCLE);
    put8(&s, NVM);
    put8(&s, WH_MESSAGE_NVM_ACTION_GETAVAILABLE);
    put16(&s, 0);
    readObject(&s, 0, 3, 0, 16);
    writeSeed(target, "nvm_flags_reboot", &s);

    /* NVM full: replacements until the store compacts, then more than fits. */
    s.n = 0;
    put8(&s, 0);
    addObject(&s, 0, 5, 0, 1500, 0x50);
    addObject(&s, 0, 5, 0, 1500, 0x51);
    addObject(&s, 0, 6, 0, 1000, 0x60);
    addObject(&s, 0, 5, 0, 1500, 0x52);
    req(&s, 0, NVM, WH_MESSAGE_NVM_ACTION_GETAVAILABLE, NULL, 0);
    addObject(&s, 0, 7, 0, 2000, 0x70);
    readObject(&s, 0, 5, 1400, 100);
    writeSeed(target, "nvm_compaction", &s);

    /* KEY: every action, a commit, a power cycle, the key back from NVM. */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, 0, keyUse, key, 16);
    cacheKey(&s, 0, 5, macUse, key, 32);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, 5);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_COMMIT, 5);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EVICT, 5);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, 5);
    put8(&s, POWERCYCLE);
    put8(&s, KEY);
    put8(&s, WH_MESSAGE_KEY_ACTION_EXPORT);
    put16(&s, sizeof(whMessageIdRequest));
    put16(&s, 5);
    put16(&s, 0);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_ERASE, 5);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, 5);
    writeSeed(target, "key_actions", &s);

    /* Global and non-exportable keys. */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, WH_ID_GLOBAL | 5, keyUse, key, 32);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, WH_ID_GLOBAL | 5);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_COMMIT, WH_ID_GLOBAL | 5);
    cacheKey(&s, 0, 6, keyUse | WH_NVM_FLAGS_NONEXPORTABLE, key, 24);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_EXPORT, 6);
    cipher(&s, 0, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, WH_ID_GLOBAL | 5, 0, 0, 16, 0, 0);
    writeSeed(target, "key_global", &s);

    /* COUNTER: every action, across a power cycle, and saturation. */
    s.n = 0;
    put8(&s, 0);
    {
        whMessageCounterInitRequest q = {.id = 1, .value = 5};
        req(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_INIT, &q, sizeof(q));
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_INCREMENT, 1);
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_READ, 1);
        put8(&s, POWERCYCLE);
        put8(&s, COUNTER);
        put8(&s, WH_MESSAGE_COUNTER_ACTION_INCREMENT);
        put16(&s, sizeof(whMessageIdRequest));
        put16(&s, 1);
        put16(&s, 0);
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_RESET, 1);
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_DESTROY, 1);
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_READ, 1);
        q = (whMessageCounterInitRequest){.id = WH_ID_GLOBAL | 2, .value = UINT32_MAX};
        req(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_INIT, &q, sizeof(q));
        idReq(&s, 0, COUNTER, WH_MESSAGE_COUNTER_ACTION_INCREMENT, WH_ID_GLOBAL | 2);
    }
    writeSeed(target, "counter_actions", &s);

    /* CRYPTO: RNG and hashes, one shot and streamed. */
    s.n = 0;
    put8(&s, 0);
    {
        const whMessageCryptoRngRequest q = {.len = 32};
        req(&s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_RNG, &q, sizeof(q));
    }
    {
        struct {
            whMessageCryptoRngRequest q;
            uint8_t                   seed[8];
        } seeded = {{.len = 8}, "seedseed"};
        req(&s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_RNG_SEED, &seeded, sizeof(seeded));
    }
    digest(&s, 0, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, "abc", 3, 0);
    digest(&s, 0, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_ONESHOT, 0, "abc", 3, 0);
    digest(&s, 0, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_INIT, 0, "a", 1, 0);
    digest(&s, 0, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, "b", 1, 0);
    digest(&s, 0, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_FINAL, 0, "c", 1, 0);
    digest(&s, 0, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_UPDATE, 0, "d", 1, 0);
    writeSeed(target, "crypto_rng_hash", &s);

    /* MACs: HMAC and CMAC, one shot, streamed and verified. */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, 7, macUse, key, 32);
    cacheKey(&s, 0, 8, macUse, key, 16);
    digest(&s, 0, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, 7, "abc", 3, 0);
    digest(&s, 0, WH_CRYPTO_HMAC_SHA384, WH_CRYPTO_STEP_VERIFY, 7, "abc", 3, 16);
    digest(&s, 0, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, 8, "abc", 3, 0);
    digest(&s, 0, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_INIT, 8, "abc", 3, 0);
    digest(&s, 0, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_UPDATE, 8, "def", 3, 0);
    digest(&s, 0, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_FINAL, 8, NULL, 0, 0);
    digest(&s, 0, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_INIT, 7, "x", 1, 0);
    digest(&s, 0, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_FINAL, 7, "y", 1, 0);
    writeSeed(target, "crypto_mac", &s);

    /* AES: every mode both ways, and a streamed GCM encryption. */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, 9, keyUse, key, 16);
    cipher(&s, 0, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, 9, 0, 0, 32, 0, 0);
    cipher(&s, 0, WH_CRYPTO_AES_ECB, WH_CRYPTO_DECRYPT, 9, 0, 0, 32, 0, 0);
    cipher(&s, 0, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, 9, 16, 0, 48, 0, 0);
    cipher(&s, 0, WH_CRYPTO_AES_CBC, WH_CRYPTO_DECRYPT, 9, 16, 0, 48, 0, 0);
    cipher(&s, 0, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, 9, 16, 0, 21, 0, 0);
    cipher(&s, 0, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 9, 12, 8, 20, 16, 0);
    cipher(&s, 0, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, 9, 12, 8, 20, 16, 0);
    cipher(&s, 0, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 9, 12, 8, 16, 0, WH_CRYPTO_STEP_INIT);
    cipher(&s, 0, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 9, 0, 0, 16, 0, WH_CRYPTO_STEP_UPDATE);
    cipher(&s, 0, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 9, 0, 0, 5, 16, WH_CRYPTO_STEP_FINAL);
    writeSeed(target, "crypto_aes", &s);

    /* HKDF into a new key, used for AES. */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, 10, WH_NVM_FLAGS_USAGE_DERIVE, key, 32);
    {
        whMessageCryptoHkdfRequest q = {
            .hash = WH_CRYPTO_SHA256, .ikmKeyId = 10, .outLen = 32, .saltLen = 4, .infoLen = 4};
        q.key.outKeyId = 11;
        q.key.outFlags = keyUse;
        label(q.key.label, "derived");
        req2(&s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_HKDF, &q, sizeof(q), "saltinfo", 8);
    }
    cipher(&s, 0, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, 11, 0, 0, 16, 0, 0);
    writeSeed(target, "crypto_hkdf", &s);

    /* ECC P-256: key generation, public key, sign, verify, ECDH with the curve's base point. */
    s.n = 0;
    put8(&s, 0);
    {
        uint8_t hash[32];
        uint8_t g[64];
        uint8_t sig[72];
        hexTo(g, "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                 "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        fillBytes(hash, sizeof(hash), 0x77);
        fillBytes(sig, sizeof(sig), 0x30);
        keygen(&s, WH_KEY_TYPE_ECC_P256, 12, macUse | WH_NVM_FLAGS_USAGE_DERIVE);
        idReq(&s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_PUBKEY, 12);
        sign(&s, WH_CRYPTO_ECDSA_P256, 12, hash, sizeof(hash));
        verify(&s, WH_CRYPTO_ECDSA_P256, 12, NULL, 0, sig, sizeof(sig), hash, sizeof(hash));
        verify(&s, WH_CRYPTO_ECDSA_P256, 0, g, sizeof(g), sig, sizeof(sig), hash, sizeof(hash));
        shared(&s, 12, g, sizeof(g), 13, keyUse);
        cipher(&s, 0, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, 13, 0, 0, 16, 0, 0);
    }
    writeSeed(target, "crypto_ecc", &s);

    /* Ed25519 (RFC 8032 test 1 verified inline) and X25519. */
    s.n = 0;
    put8(&s, 0);
    {
        uint8_t pub[32];
        uint8_t sig[64];
        uint8_t peer[32] = {9}; /* the X25519 base point */
        hexTo(pub, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        hexTo(sig, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                   "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        verify(&s, WH_CRYPTO_ED25519, 0, pub, sizeof(pub), sig, sizeof(sig), NULL, 0);
        keygen(&s, WH_KEY_TYPE_ED25519, 14, macUse);
        sign(&s, WH_CRYPTO_ED25519, 14, "abc", 3);
        idReq(&s, 0, CRYPTO, WH_MESSAGE_CRYPTO_ACTION_PUBKEY, 14);
        verify(&s, WH_CRYPTO_ED25519, 14, NULL, 0, sig, sizeof(sig), "abc", 3);
        keygen(&s, WH_KEY_TYPE_X25519, 15, WH_NVM_FLAGS_USAGE_DERIVE);
        shared(&s, 15, peer, sizeof(peer), 16, macUse);
        digest(&s, 0, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, 16, "abc", 3, 0);
    }
    writeSeed(target, "crypto_25519", &s);

    /* LMS: RFC 8554 test case 1, verified inline. */
    s.n = 0;
    put8(&s, 0);
    verify(&s, WH_CRYPTO_LMS, 0, rfc8554Tc1Pub, sizeof(rfc8554Tc1Pub), rfc8554Tc1Sig,
           sizeof(rfc8554Tc1Sig), rfc8554Tc1Msg, sizeof(rfc8554Tc1Msg));
    writeSeed(target, "crypto_lms", &s);

    /* A committed key used after a power cycle (loaded from NVM). */
    s.n = 0;
    put8(&s, 0);
    cacheKey(&s, 0, 20, keyUse, key, 32);
    idReq(&s, 0, KEY, WH_MESSAGE_KEY_ACTION_COMMIT, 20);
    put8(&s, POWERCYCLE);
    put8(&s, COMM);
    put8(&s, WH_MESSAGE_COMM_ACTION_INFO);
    put16(&s, 0);
    cipher(&s, 0, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, 20, 16, 0, 40, 0, 0);
    writeSeed(target, "key_reboot", &s);
}

/* ---- fuzz_nvm workloads ---- */

/* geometry byte: unit index | (sectors per partition - 1) << 3 | sector size index << 5 */
#define GEO(unitIdx, sectors, sizeIdx) \
    ((uint8_t)((unitIdx) | (((sectors)-1) << 3) | ((sizeIdx) << 5)))

static void nvmHeader(seed* s, uint8_t geometry, uint8_t cut, uint8_t torn, uint8_t ops)
{
    s->n = 0;
    put8(s, geometry);
    put8(s, cut);
    put8(s, torn);
    put8(s, ops);
}

static void nvmOp(seed* s, uint8_t op, uint8_t id, uint8_t len)
{
    put8(s, op);
    put8(s, id);
    put8(s, len);
}

/* A workload: adds, replacements, a destroy, a power cycle, a compaction. */
static void nvmWorkload(seed* s)
{
    nvmOp(s, 0, 0, 20);
    nvmOp(s, 0, 1, 60);
    nvmOp(s, 0, 0, 30);
    nvmOp(s, 1, 1, 0);
    nvmOp(s, 3, 0, 0);
    nvmOp(s, 0, 2, 100);
    nvmOp(s, 0 | (1u << 2), 3, 8); /* non-modifiable */
    nvmOp(s, 0, 3, 8);             /* refused */
    nvmOp(s, 2, 0, 0);
    nvmOp(s, 0, 0, 200);
    nvmOp(s, 0, 4, 250);
    nvmOp(s, 0, 5, 250);
}
#define WORKLOAD_OPS 12

static void nvm(void)
{
    static const char target[] = "fuzz_nvm";
    seed              s;
    unsigned          i;
    char              name[64];

    /* Uncut, on several geometries. */
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, WORKLOAD_OPS); /* unit 8, 2 x 256 per partition */
    nvmWorkload(&s);
    writeSeed(target, "workload_u8", &s);
    nvmHeader(&s, GEO(0, 4, 0), 0, 0, WORKLOAD_OPS); /* unit 1, 4 x 128 */
    nvmWorkload(&s);
    writeSeed(target, "workload_u1", &s);
    nvmHeader(&s, GEO(4, 1, 2), 0, 0, WORKLOAD_OPS); /* unit 16, 1 x 512 */
    nvmWorkload(&s);
    writeSeed(target, "workload_u16", &s);

    /* Cut at several points, torn in each way. */
    for (i = 0; i < 8; i++) {
        nvmHeader(&s, GEO(3, 2, 1), (uint8_t)(2 + 3 * i), (uint8_t)(i % 4), WORKLOAD_OPS);
        nvmWorkload(&s);
        (void)snprintf(name, sizeof(name), "cut_%u", 2 + 3 * i);
        writeSeed(target, name, &s);
    }
    /* The format cut. */
    nvmHeader(&s, (uint8_t)(GEO(2, 2, 0) | 0x80u), 2, 0, 2);
    nvmOp(&s, 0, 0, 10);
    nvmOp(&s, 0, 1, 10);
    writeSeed(target, "cut_format", &s);

    /* Patched images: a flipped data byte, a header byte, the second partition written. */
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 3);
    nvmOp(&s, 0, 0, 20);
    nvmOp(&s, 0, 1, 20);
    nvmOp(&s, 1, 0, 0);
    put16(&s, 8 + 32 + 8 + 48 + 4); /* the first record's data (unit 8: marker 8) */
    put8(&s, 1);
    put8(&s, 0x00);
    writeSeed(target, "patch_data", &s);
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
    nvmOp(&s, 0, 0, 20);
    put16(&s, 8 + 4); /* the partition header's version */
    put8(&s, 2);
    put8(&s, 0x02);
    put8(&s, 0x00);
    writeSeed(target, "patch_header", &s);
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
    nvmOp(&s, 0, 0, 20);
    put16(&s, 512 + 256 + 10); /* the other partition, past its first sector */
    put8(&s, 4);
    put(&s, "junk", 4);
    writeSeed(target, "patch_other", &s);

    /* Patches with the CRCs recomputed (offset bit 15), so that the fields behind them are
     * judged: unit 8 (marker 8, partition header 40 bytes), partitions of 512 bytes, the
     * first record's body at 48 (its len at 50, a reserved field at 62). */
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
    nvmOp(&s, 0, 0, 20);
    put16(&s, 0x8000u | (8 + 4)); /* the partition header's version: another format */
    put8(&s, 2);
    put8(&s, 0x02);
    put8(&s, 0x00);
    writeSeed(target, "reseal_version", &s);
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
    nvmOp(&s, 0, 0, 20);
    put16(&s, 0x8000u | 62); /* a reserved field of the record */
    put8(&s, 1);
    put8(&s, 0x01);
    writeSeed(target, "reseal_reserved", &s);
    nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
    nvmOp(&s, 0, 0, 20);
    put16(&s, 0x8000u | 50); /* the record's length: past the partition */
    put8(&s, 2);
    put8(&s, 0xFF);
    put8(&s, 0x7F);
    writeSeed(target, "reseal_length", &s);
    for (i = 1; i <= 2; i++) {
        /* A valid header in the other partition: the same epoch (corrupt), or a newer one
         * (it becomes the active partition, with an empty log). */
        static const uint8_t body[40] = {'P',  'V',  'L',  'D',  0, 0, 0, 0, 'W', 'H', 'N', 'V',
                                         1,    0,    8,    0,    0, 0, 0, 0, 0,   2,   0,   0,
                                         0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0,   0,   0,   0};
        uint8_t              hdr[40];
        memcpy(hdr, body, sizeof(hdr));
        hdr[16] = (uint8_t)i; /* the epoch */
        nvmHeader(&s, GEO(3, 2, 1), 0, 0, 1);
        nvmOp(&s, 0, 0, 20);
        put16(&s, 0x8000u | 512);
        put8(&s, sizeof(hdr));
        put(&s, hdr, sizeof(hdr));
        writeSeed(target, (i == 1) ? "reseal_same_epoch" : "reseal_newer_epoch", &s);
    }
}

/* ---- fuzz_message: one message per translator, in its table's order ---- */

#define TRANSLATOR_COUNT 27

static void message(void)
{
    seed     s;
    unsigned i;
    char     name[32];

    for (i = 0; i < TRANSLATOR_COUNT; i++) {
        unsigned j;
        s.n = 0;
        put8(&s, (uint8_t)i);
        for (j = 0; j < 80; j++) {
            put8(&s, (uint8_t)(i * 16u + j));
        }
        (void)snprintf(name, sizeof(name), "translator_%02u", i);
        writeSeed("fuzz_message", name, &s);
    }
}

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
        return 2;
    }
    outDir = argv[1];
    server();
    nvm();
    message();
    return 0;
}
