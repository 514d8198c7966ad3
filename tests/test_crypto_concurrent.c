/*
 * test_crypto_concurrent.c: crypto from several server contexts at once, checked against a
 * software oracle, while keys churn through the caches.
 *
 * WORKERS client threads, each with its own server context on its own thread, all on one
 * NVM context (and so one global key cache). Keys:
 *   - GLOBAL_KEYS global keys (more than the WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT global slots),
 *     committed, so using them loads them back into the global cache and evicts others;
 *   - LOCAL_KEYS keys of each client (more than its WOLFHSM_CFG_SERVER_KEYCACHE_COUNT local
 *     slots), committed, likewise churning through the local cache.
 * Every key's material is a function of (owner, number) that the test knows, so each
 * CMAC / HMAC / AES-GCM / AES-CTR / MAC fast path result is compared with direct wolfCrypt on
 * the material that id must hold: if the HSM ever computed with another key's material, a stale or
 * wiped slot, or half-loaded key, the bytes differ and the test fails. A churn client
 * meanwhile evicts global keys, re-caches them (same material) and commits them again, and
 * every worker now and then evicts one of its own keys.
 *
 * Needs WOLFHSM_CFG_THREADSAFE (skips otherwise); meant to run under TSAN=1 as well.
 * Operations per worker: WH_CRYPTO_OPS in the environment (default: a short run).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_nvm_types.h"

#define WORKERS 4
#define CHURN_CLIENT_ID (WORKERS + 1)
#define LOCAL_KEYS 12
#define GLOBAL_KEYS 16
#define KEY_MAX 32
#define DATA_MAX 256
#define DEFAULT_OPS 500
#define RC_UNSET 1

_Static_assert(LOCAL_KEYS > WOLFHSM_CFG_SERVER_KEYCACHE_COUNT, "local keys must churn");
_Static_assert(GLOBAL_KEYS > WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT, "global keys must churn");
_Static_assert(GLOBAL_KEYS < 256 && LOCAL_KEYS < 256, "key numbers");

enum { OP_CMAC, OP_CMAC_VERIFY, OP_HMAC, OP_GCM, OP_CTR, OP_HMAC_STREAM, OP_MAC_FAST, OP_COUNT };
static const char* const opNames[OP_COUNT] = {"cmac",    "cmac-verify", "hmac",    "aes-gcm",
                                              "aes-ctr", "hmac-stream", "mac-fast"};

typedef struct {
    int         index;    /* 0..WORKERS-1; the churn client is WORKERS */
    uint16_t    clientId; /* the id its server context is bound to */
    int         globalOnly;
    whTestPair* pair;
    uint32_t    rng;
    int         failures;
    uint32_t    ops[OP_COUNT];
    uint32_t    globalUses;
    uint32_t    authChecks;
    uint32_t    evictions;
    uint32_t    recaches;
} threadState;

static whTestNvm         nvm;
static whTestPair        pairs[WORKERS + 1];
static threadState       states[WORKERS + 1];
static pthread_barrier_t barrier;
static atomic_int        workersDone;
static int               opsPerWorker;

#define CHECK(st, cond, ...)                                   \
    do {                                                       \
        if (!(cond)) {                                         \
            fprintf(stderr, "thread %d: ", (st)->index);       \
            fprintf(stderr, __VA_ARGS__);                      \
            fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__); \
            (st)->failures++;                                  \
        }                                                      \
    } while (0)

static uint32_t nextRand(threadState* st)
{
    uint32_t x = st->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    st->rng = x;
    return x;
}

static void randBytes(threadState* st, uint8_t* out, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        out[i] = (uint8_t)(nextRand(st) >> 11);
    }
}

/* The material of key `number` of `owner` (0: global, else the client id): 16 or 32 bytes
 * (AES-128/-256; HMAC takes them too), different for every (owner, number). */
static uint16_t keyMaterial(uint16_t owner, uint16_t number, uint8_t* k)
{
    const uint16_t len = (number % 2u) ? 32u : 16u;
    uint16_t       i;

    k[0] = (uint8_t)owner;
    k[1] = (uint8_t)number;
    for (i = 2; i < len; i++) {
        k[i] = (uint8_t)((i * 29u) ^ (owner * 71u) ^ (number * 113u) ^ 0x5Au);
    }
    return len;
}

/* Client key id and owner of key `number` (global or the caller's own). */
static uint16_t keyId(int global, uint16_t number)
{
    return (uint16_t)(global ? (WH_ID_GLOBAL | number) : number);
}

static void printHex(const char* tag, const uint8_t* b, size_t n)
{
    size_t i;
    fprintf(stderr, "    %-9s", tag);
    for (i = 0; i < n; i++) {
        fprintf(stderr, "%02x", b[i]);
    }
    fprintf(stderr, "\n");
}

/* Compare, and on mismatch say which key and operation. */
static void checkBytes(threadState* st, const char* op, uint16_t id, const uint8_t* got,
                       const uint8_t* exp, size_t n)
{
    if (memcmp(got, exp, n) != 0) {
        fprintf(stderr, "thread %d: %s with key %04x: HSM result differs from the oracle\n",
                st->index, op, id);
        printHex("got", got, n);
        printHex("expected", exp, n);
        st->failures++;
    }
}

/* Cache key id with its known material and commit it (so it can be evicted for room and
 * loaded back on use). */
static void cacheAndCommit(threadState* st, whClientContext* c, uint16_t owner, uint16_t id)
{
    uint8_t  key[KEY_MAX];
    uint16_t len = keyMaterial(owner, (uint16_t)WH_ID_NUMBER(id), key);
    uint16_t got = id;
    int32_t  rc  = RC_UNSET;

    CHECK(st,
          wh_Client_KeyCache(c, WH_NVM_FLAGS_USAGE_ANY, 4, (const uint8_t*)"conc", len, key, &got,
                             &rc) == WH_ERROR_OK,
          "cache %04x transport", id);
    CHECK(st, (rc == WH_ERROR_OK) && (got == id), "cache %04x: rc %d id %04x", id, (int)rc, got);
    rc = RC_UNSET;
    CHECK(st, wh_Client_KeyCommit(c, id, &rc) == WH_ERROR_OK, "commit %04x transport", id);
    CHECK(st, rc == WH_ERROR_OK, "commit %04x: rc %d", id, (int)rc);
}

/* Export key id and compare with the material it must hold. */
static void checkExport(threadState* st, whClientContext* c, uint16_t owner, uint16_t id)
{
    uint8_t  exp[KEY_MAX];
    uint8_t  got[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint16_t len    = keyMaterial(owner, (uint16_t)WH_ID_NUMBER(id), exp);
    uint16_t gotLen = sizeof(got);
    int32_t  rc     = RC_UNSET;

    CHECK(st, wh_Client_KeyExport(c, id, NULL, 0, NULL, &gotLen, got, &rc) == WH_ERROR_OK,
          "export %04x transport", id);
    CHECK(st, rc == WH_ERROR_OK, "export %04x: rc %d", id, (int)rc);
    if (rc == WH_ERROR_OK) {
        CHECK(st, gotLen == len, "export %04x: %u bytes, expected %u", id, gotLen, len);
        checkBytes(st, "export", id, got, exp, len);
    }
}

/* ---- one operation with a random key, checked against wolfCrypt ---- */

static void oneOp(threadState* st, whClientContext* c)
{
    static const uint16_t numbersOf[2] = {LOCAL_KEYS, GLOBAL_KEYS};
    uint8_t               key[KEY_MAX];
    uint8_t               data[2 * WH_CLIENT_DIGEST_MAX_DATA + 64];
    uint8_t               out[DATA_MAX + 16];
    uint8_t               exp[DATA_MAX + 16];
    uint8_t               tag[16];
    uint8_t               expTag[16];
    uint8_t               iv[16];
    uint8_t               aad[32];
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    const int global = st->globalOnly || (int)(nextRand(st) % 2u);
#else
    const int global = 0;
#endif
    const uint16_t number = (uint16_t)(1u + nextRand(st) % numbersOf[global]);
    const uint16_t id     = keyId(global, number);
    const uint16_t owner  = global ? 0u : st->clientId;
    const uint16_t keyLen = keyMaterial(owner, number, key);
    const int      op     = (int)(nextRand(st) % OP_COUNT);
    uint16_t       len    = (uint16_t)(nextRand(st) % (DATA_MAX + 1u));
    int32_t        rc     = RC_UNSET;
    int            ret;

    st->globalUses += (uint32_t)global;
    randBytes(st, data, len);
    switch (op) {
        case OP_CMAC:
        case OP_CMAC_VERIFY: {
            word32   expLen = sizeof(expTag);
            uint16_t tagLen = sizeof(tag);
            CHECK(st, wc_AesCmacGenerate(expTag, &expLen, data, len, key, keyLen) == 0,
                  "oracle cmac");
            if (op == OP_CMAC) {
                ret = wh_Client_CmacGenerate(c, id, data, len, tag, &tagLen, &rc);
                CHECK(st, ret == WH_ERROR_OK && rc == WH_ERROR_OK && tagLen == 16,
                      "cmac %04x: ret %d rc %d len %u", id, ret, (int)rc, tagLen);
                if (rc == WH_ERROR_OK) {
                    checkBytes(st, "cmac", id, tag, expTag, 16);
                }
            }
            else {
                const int bad = (nextRand(st) % 4u) == 0u;
                expTag[5] ^= (uint8_t)(bad ? 0x20 : 0x00);
                ret = wh_Client_CmacVerify(c, id, data, len, expTag, 16, &rc);
                CHECK(st, ret == WH_ERROR_OK && rc == (bad ? WH_ERROR_AUTH : WH_ERROR_OK),
                      "cmac verify %04x (%s tag): ret %d rc %d", id, bad ? "bad" : "good", ret,
                      (int)rc);
                st->authChecks += (uint32_t)bad;
            }
            break;
        }
        case OP_MAC_FAST: { /* the MAC fast path: a truncated tag made, then checked */
            word32         expLen = sizeof(expTag);
            const uint16_t bits   = (uint16_t)(32u + nextRand(st) % 97u);
            const uint16_t bytes  = (uint16_t)((bits + 7u) / 8u);
            const int      bad    = (nextRand(st) % 4u) == 0u;
            uint16_t       tagLen = sizeof(tag);
            CHECK(st, wc_AesCmacGenerate(expTag, &expLen, data, len, key, keyLen) == 0,
                  "oracle cmac");
            if ((bits % 8u) != 0u) {
                expTag[bytes - 1u] &= (uint8_t)(0xFF00u >> (bits % 8u));
            }
            ret = wh_Client_MacGenerate(c, WH_CRYPTO_CMAC_AES, id, data, len, bits, tag, &tagLen,
                                        &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == WH_ERROR_OK && tagLen == bytes,
                  "mac-fast %04x: ret %d rc %d len %u", id, ret, (int)rc, tagLen);
            if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
                checkBytes(st, "mac-fast", id, tag, expTag, bytes);
            }
            expTag[0] ^= (uint8_t)(bad ? 0x80 : 0x00);
            ret = wh_Client_MacVerify(c, WH_CRYPTO_CMAC_AES, id, data, len, expTag, bits, &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == (bad ? WH_ERROR_AUTH : WH_ERROR_OK),
                  "mac-fast verify %04x (%s tag): ret %d rc %d", id, bad ? "bad" : "good", ret,
                  (int)rc);
            st->authChecks += (uint32_t)bad;
            break;
        }
        case OP_HMAC:
        case OP_HMAC_STREAM: {
            const int      sha384 = (int)(nextRand(st) % 2u);
            const uint16_t macLen = sha384 ? 48u : 32u;
            uint16_t       gotLen = sizeof(out);
            Hmac           h;
            if (op == OP_HMAC_STREAM) {
                /* Longer than one message: INIT (the HSM copies the key), UPDATE, FINAL. */
                len = (uint16_t)(WH_CLIENT_DIGEST_MAX_DATA + 1u +
                                 nextRand(st) % (sizeof(data) - WH_CLIENT_DIGEST_MAX_DATA));
                randBytes(st, data, len);
            }
            CHECK(st, wc_HmacInit(&h, NULL, INVALID_DEVID) == 0, "oracle hmac init");
            CHECK(st, wc_HmacSetKey(&h, sha384 ? WC_SHA384 : WC_SHA256, key, keyLen) == 0,
                  "oracle hmac key");
            CHECK(st, wc_HmacUpdate(&h, data, len) == 0, "oracle hmac update");
            CHECK(st, wc_HmacFinal(&h, exp) == 0, "oracle hmac final");
            wc_HmacFree(&h);
            ret = wh_Client_Hmac(c, sha384 ? WH_CRYPTO_HMAC_SHA384 : WH_CRYPTO_HMAC_SHA256, id,
                                 data, len, out, &gotLen, &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == WH_ERROR_OK && gotLen == macLen,
                  "hmac %04x (%u bytes): ret %d rc %d len %u", id, len, ret, (int)rc, gotLen);
            if (rc == WH_ERROR_OK) {
                checkBytes(st, opNames[op], id, out, exp, macLen);
            }
            break;
        }
        case OP_GCM: {
            const uint16_t aadLen = (uint16_t)(nextRand(st) % (sizeof(aad) + 1u));
            const int      bad    = (nextRand(st) % 4u) == 0u;
            Aes            aes;
            randBytes(st, iv, 12);
            randBytes(st, aad, aadLen);
            CHECK(st, wc_AesInit(&aes, NULL, INVALID_DEVID) == 0, "oracle aes init");
            CHECK(st, wc_AesGcmSetKey(&aes, key, keyLen) == 0, "oracle gcm key");
            CHECK(st, wc_AesGcmEncrypt(&aes, exp, data, len, iv, 12, expTag, 16, aad, aadLen) == 0,
                  "oracle gcm");
            wc_AesFree(&aes);
            ret = wh_Client_AesGcmEncrypt(c, id, iv, 12, aad, aadLen, data, len, out, tag, 16, &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == WH_ERROR_OK, "gcm encrypt %04x: ret %d rc %d", id,
                  ret, (int)rc);
            if (rc == WH_ERROR_OK) {
                checkBytes(st, "gcm ciphertext", id, out, exp, len);
                checkBytes(st, "gcm tag", id, tag, expTag, 16);
            }
            /* Decrypt the oracle's ciphertext (a bad tag now and then). */
            expTag[0] ^= (uint8_t)(bad ? 0x01 : 0x00);
            rc  = RC_UNSET;
            ret = wh_Client_AesGcmDecrypt(c, id, iv, 12, aad, aadLen, exp, len, expTag, 16, out,
                                          &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == (bad ? WH_ERROR_AUTH : WH_ERROR_OK),
                  "gcm decrypt %04x (%s tag): ret %d rc %d", id, bad ? "bad" : "good", ret,
                  (int)rc);
            if (!bad && (rc == WH_ERROR_OK)) {
                checkBytes(st, "gcm plaintext", id, out, data, len);
            }
            st->authChecks += (uint32_t)bad;
            break;
        }
        default: { /* OP_CTR */
            Aes aes;
            randBytes(st, iv, 16);
            CHECK(st, wc_AesInit(&aes, NULL, INVALID_DEVID) == 0, "oracle aes init");
            CHECK(st, wc_AesSetKeyDirect(&aes, key, keyLen, iv, AES_ENCRYPTION) == 0,
                  "oracle ctr key");
            CHECK(st, wc_AesCtrEncrypt(&aes, exp, data, len) == 0, "oracle ctr");
            wc_AesFree(&aes);
            ret = wh_Client_AesCipher(c, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, id, iv, 16, data,
                                      len, out, &rc);
            CHECK(st, ret == WH_ERROR_OK && rc == WH_ERROR_OK, "ctr %04x: ret %d rc %d", id, ret,
                  (int)rc);
            if (rc == WH_ERROR_OK) {
                checkBytes(st, "aes-ctr", id, out, exp, len);
            }
            break;
        }
    }
    st->ops[op]++;
}

static void* workerThread(void* arg)
{
    threadState*     st = arg;
    whClientContext* c  = &st->pair->client;
    const uint16_t   me = st->clientId;
    int32_t          rc = RC_UNSET;
    uint16_t         n;
    int              i;

    CHECK(st, wh_Client_CommConnect(c, NULL, NULL, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK,
          "connect");
    for (n = 1; n <= LOCAL_KEYS; n++) {
        cacheAndCommit(st, c, me, keyId(0, n));
    }
    pthread_barrier_wait(&barrier);
    for (i = 0; i < opsPerWorker; i++) {
        oneOp(st, c);
        if ((nextRand(st) % 16u) == 0u) {
            /* Drop one of our keys from the cache: it loads back from NVM on its next use. */
            rc = RC_UNSET;
            (void)wh_Client_KeyEvict(c, keyId(0, (uint16_t)(1u + nextRand(st) % LOCAL_KEYS)), &rc);
            CHECK(st, (rc == WH_ERROR_OK) || (rc == WH_ERROR_NOTFOUND), "local evict rc %d",
                  (int)rc);
            st->evictions++;
        }
    }
    /* Every key still holds its material. */
    for (n = 1; n <= LOCAL_KEYS; n++) {
        checkExport(st, c, me, keyId(0, n));
    }
    (void)wh_Client_CommClose(c, &rc);
    atomic_fetch_add(&workersDone, 1);
    return NULL;
}

/* The churn client: while the workers run, evict global keys, re-cache them (same
 * material: the cached copy is then uncommitted until the commit that follows), export
 * and check them, and use them. */
static void* churnThread(void* arg)
{
    threadState*     st = arg;
    whClientContext* c  = &st->pair->client;
    int32_t          rc = RC_UNSET;

    pthread_barrier_wait(&barrier);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    while (atomic_load(&workersDone) < WORKERS) {
        const uint16_t id     = keyId(1, (uint16_t)(1u + nextRand(st) % GLOBAL_KEYS));
        const uint32_t action = nextRand(st) % 8u;
        if (action < 4u) {
            rc = RC_UNSET;
            CHECK(st, wh_Client_KeyEvict(c, id, &rc) == WH_ERROR_OK, "evict transport");
            CHECK(st, (rc == WH_ERROR_OK) || (rc == WH_ERROR_NOTFOUND), "evict %04x rc %d", id,
                  (int)rc);
            st->evictions++;
        }
        else if (action < 6u) {
            cacheAndCommit(st, c, 0, id);
            st->recaches++;
        }
        else if (action < 7u) {
            checkExport(st, c, 0, id);
        }
        else {
            oneOp(st, c);
        }
    }
#endif
    (void)wh_Client_CommClose(c, &rc);
    return NULL;
}

static int opsFromEnv(void)
{
    const char* s = getenv("WH_CRYPTO_OPS");
    int         n = (s != NULL) ? atoi(s) : 0;
    return (n > 0) ? n : DEFAULT_OPS;
}

static void test_crypto_concurrent(void** state)
{
    pthread_t       threads[WORKERS + 1];
    threadState*    churn            = &states[WORKERS];
    uint32_t        totals[OP_COUNT] = {0};
    uint32_t        total = 0, globalUses = 0, authChecks = 0, evictions = 0;
    struct timespec t0;
    struct timespec t1;
    int32_t         rc = RC_UNSET;
    int             i;
    int             op;
    (void)state;

#ifndef WOLFHSM_CFG_THREADSAFE
    skip(); /* concurrent server contexts on one NVM context need the lock */
#endif
    opsPerWorker = opsFromEnv();
    atomic_store(&workersDone, 0);
    whTest_NvmInit(&nvm, 1);
    assert_int_equal(pthread_barrier_init(&barrier, NULL, WORKERS + 1), 0);
    for (i = 0; i <= WORKERS; i++) {
        whTest_PairInit(&pairs[i], &nvm.nvm, (uint16_t)(i + 1), 1, 20000);
        whTest_PairStartServer(&pairs[i]);
        states[i] = (threadState){.index      = i,
                                  .clientId   = (uint16_t)(i + 1),
                                  .globalOnly = (i == WORKERS),
                                  .pair       = &pairs[i],
                                  .rng        = 0x9E3779B9u * (uint32_t)(i + 1)};
    }

    /* The global keys, from the churn client, before anyone uses them. */
    assert_int_equal(wh_Client_CommConnect(&churn->pair->client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    for (i = 1; i <= GLOBAL_KEYS; i++) {
        cacheAndCommit(churn, &churn->pair->client, 0, keyId(1, (uint16_t)i));
    }
    for (i = 1; i <= GLOBAL_KEYS; i++) {
        checkExport(churn, &churn->pair->client, 0, keyId(1, (uint16_t)i));
    }
#endif
    assert_int_equal(churn->failures, 0);

    (void)clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < WORKERS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, workerThread, &states[i]), 0);
    }
    assert_int_equal(pthread_create(&threads[WORKERS], NULL, churnThread, churn), 0);
    for (i = 0; i <= WORKERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    }
    (void)clock_gettime(CLOCK_MONOTONIC, &t1);

    /* After the churn, every global key still holds its material. */
    {
        static whTestPair checkPair;
        threadState       check = {.index = 99, .clientId = 14, .pair = &checkPair};
        whTest_PairInit(&checkPair, &nvm.nvm, check.clientId, 1, 20000);
        whTest_PairStartServer(&checkPair);
        assert_int_equal(wh_Client_CommConnect(&checkPair.client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        for (i = 1; i <= GLOBAL_KEYS; i++) {
            checkExport(&check, &checkPair.client, 0, keyId(1, (uint16_t)i));
        }
#endif
        whTest_PairStopServer(&checkPair);
        whTest_PairCleanup(&checkPair);
        assert_int_equal(check.failures, 0);
    }

    for (i = 0; i <= WORKERS; i++) {
        whTest_PairStopServer(&pairs[i]);
        assert_int_equal(pairs[i].server.comm.stats.malformed, 0);
    }
    for (i = 0; i <= WORKERS; i++) {
        for (op = 0; op < OP_COUNT; op++) {
            totals[op] += states[i].ops[op];
            total += states[i].ops[op];
        }
        globalUses += states[i].globalUses;
        authChecks += states[i].authChecks;
        evictions += states[i].evictions;
    }
    printf("crypto concurrent: %d workers x %d ops + churn client, %u operations checked "
           "against wolfCrypt in %.2f s\n",
           WORKERS, opsPerWorker, total,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    printf("  ");
    for (op = 0; op < OP_COUNT; op++) {
        printf("%s %u%s", opNames[op], totals[op], (op + 1 < OP_COUNT) ? ", " : "\n");
    }
    printf("  %u with global keys (%d keys, %d global slots), %u bad tags rejected, %u "
           "evictions, %u global re-caches\n",
           globalUses, GLOBAL_KEYS, WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT, authChecks, evictions,
           churn->recaches);
    for (i = 0; i <= WORKERS; i++) {
        assert_int_equal(states[i].failures, 0);
    }
    for (i = 0; i <= WORKERS; i++) {
        whTest_PairCleanup(&pairs[i]);
    }
    (void)pthread_barrier_destroy(&barrier);
    whTest_NvmCleanup(&nvm);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto_concurrent),
    };
    int ret;

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    (void)wolfCrypt_Init();
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    (void)wolfCrypt_Cleanup();
    return ret;
}
