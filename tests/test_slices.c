/*
 * test_slices.c: ECDSA P-256 sign and verify in slices (whServerConfig.slices) under the
 * cooperative scheduler, driven by hand pass by pass: the results are wolfCrypt's (a sliced
 * signature verifies with wolfCrypt directly, a wolfCrypt signature verifies sliced, a
 * tampered one does not; a key pair generated in slices works with wolfCrypt, ECDH in slices
 * gives wolfCrypt's secret; with THREADSAFE, three schedulers sign at once over the one shared
 * slot), another context's request completes while a signature is in
 * progress, and evicting and replacing the (global) key mid-operation does not change it.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "util/wh_test_util.h"
#include "wh_server_internal.h" /* wh_Server_ChunkAbort */
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_dma.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_sched.h"

#define CONTEXTS 2
#define SIGN_VERIFY                                                   \
    ((uint16_t)(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY | \
                WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256)))

static whTestNvm          nvm;
static posixDoorbell      bell;
static whTestPair         pairs[CONTEXTS];
static whServerContext*   servers[CONTEXTS];
static whSched            sched;
static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;
/* Host memory the clients pass by address (digests in chunks): one window, at its own
 * address, for every context. */
#define BIG (64u * 1024u + 100u)
static uint8_t           big[BIG];
static whServerDmaWindow bigWindow;

/* Serve passes until the client's response is in (at most `max` passes); returns them. */
static int passesUntil(int (*ready)(void*), void* arg, int max)
{
    int n = 0;
    while (!ready(arg) && (n < max)) {
        assert_true(wh_Sched_RunOnce(&sched) >= 0);
        n++;
    }
    return n;
}

static void setup(void)
{
    whSchedConfig cfg;
    int           i;

    memset(&pairs, 0, sizeof(pairs));
    whTest_NvmInit(&nvm, 1);
    for (i = 0; i < CONTEXTS; i++) {
        whTestPair* p  = &pairs[i];
        int32_t     rc = -1;
        whTest_PairInitSched(p, &nvm.nvm, (uint16_t)(i + 1), &bell, 5000);
        bigWindow.hostBase             = (uint64_t)(uintptr_t)big;
        bigWindow.size                 = sizeof(big);
        bigWindow.hsm                  = big;
        bigWindow.flags                = WH_DMA_READ | WH_DMA_WRITE;
        p->serverConfig.slices         = 1;
        p->serverConfig.dmaWindows     = &bigWindow;
        p->serverConfig.dmaWindowCount = 1;
        assert_int_equal(wh_Server_Cleanup(&p->server), WH_ERROR_OK);
        assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
        servers[i] = &p->server;
        assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
        assert_int_equal(wh_Server_HandleRequestMessage(&p->server), WH_ERROR_OK);
        assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    cfg = (whSchedConfig){.servers  = servers,
                          .count    = CONTEXTS,
                          .coreId   = 1,
                          .doorbell = {&bellCb, &bell}};
    assert_int_equal(wh_Sched_Init(&sched, &cfg), WH_ERROR_OK);
}

static void teardown(void)
{
    int i;
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairCleanup(&pairs[i]);
    }
    whTest_NvmCleanup(&nvm);
}

/* A fresh P-256 key pair from wolfCrypt: raw d || x || y (the HSM's private format). */
static void makeKey(WC_RNG* rng, ecc_key* key, uint8_t raw[96])
{
    word32 dLen = 32, xLen = 32, yLen = 32;
    assert_int_equal(wc_ecc_init(key), 0);
    assert_int_equal(wc_ecc_make_key_ex(rng, 32, key, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_private_raw(key, raw + 32, &xLen, raw + 64, &yLen, raw, &dLen),
                     0);
}

static void cacheKey(whTestPair* p, uint16_t keyId, const uint8_t raw[96])
{
    uint16_t id = keyId;
    int32_t  rc = -1;
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, keyId, SIGN_VERIFY, 0, NULL, 96, raw),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

typedef struct {
    whTestPair* p;
    uint8_t*    sig;
    uint16_t    sigLen;
    int32_t     rc;
} pending;

static int signDone(void* arg)
{
    pending* q = arg;
    q->sigLen  = 72;
    return wh_Client_SignResponse(&q->p->client, q->sig, &q->sigLen, &q->rc) == WH_ERROR_OK;
}

static int verifyDone(void* arg)
{
    pending* q = arg;
    return wh_Client_VerifyResponse(&q->p->client, &q->rc) == WH_ERROR_OK;
}

static int echoDone(void* arg)
{
    pending* q = arg;
    uint8_t  out[8];
    uint16_t outLen = sizeof(out);
    return wh_Client_EchoResponse(&q->p->client, &outLen, out, &q->rc) == WH_ERROR_OK;
}

/* A sliced signature verifies with wolfCrypt; a wolfCrypt signature verifies sliced, a
 * tampered one does not; an echo of the other context completes in the middle. */
static void test_sign_verify_match_wolfcrypt(void** state)
{
    WC_RNG   rng;
    ecc_key  key;
    uint8_t  raw[96];
    uint8_t  hash[32];
    uint8_t  sig[72];
    uint8_t  swSig[72];
    word32   swLen = sizeof(swSig);
    int      res   = 0;
    int      n;
    pending  s = {&pairs[0], sig, 0, -1};
    pending  e = {&pairs[1], NULL, 0, -1};
    pending  v = {&pairs[0], NULL, 0, -1};
    uint32_t before;
    (void)state;

    setup();
    assert_int_equal(wc_InitRng(&rng), 0);
    makeKey(&rng, &key, raw);
    memset(hash, 0xA5, sizeof(hash));
    cacheKey(&pairs[0], 7, raw);

    before = pairs[0].server.slice.slices;
    assert_int_equal(wh_Client_SignRequest(&pairs[0].client, WH_CRYPTO_ECDSA_P256, 7, hash, 32),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(signDone, &s, 1), 1);
    assert_false(signDone(&s)); /* one slice is not the whole signature */
    /* The other context's echo is answered in the next pass, the signature still going. */
    assert_int_equal(wh_Client_EchoRequest(&pairs[1].client, 4, "ping"), WH_ERROR_OK);
    assert_int_equal(passesUntil(echoDone, &e, 10), 1);
    assert_int_equal(e.rc, WH_ERROR_OK);
    assert_false(signDone(&s));
    n = passesUntil(signDone, &s, 100000);
    assert_int_equal(s.rc, WH_ERROR_OK);
    print_message("sign: %d passes, %u slices\n", n + 2,
                  (unsigned)(pairs[0].server.slice.slices - before));
    assert_true(pairs[0].server.slice.slices - before > 2);
    assert_null(pairs[0].server.slice.op);
    assert_int_equal(wc_ecc_verify_hash(sig, s.sigLen, hash, 32, &res, &key), 0);
    assert_int_equal(res, 1);

    /* wolfCrypt's signature verifies sliced, with the key by id and inline. */
    assert_int_equal(wc_ecc_sign_hash(hash, 32, swSig, &swLen, &rng, &key), 0);
    assert_int_equal(wh_Client_VerifyRequest(&pairs[0].client, WH_CRYPTO_ECDSA_P256, 7, NULL, 0,
                                             swSig, (uint16_t)swLen, hash, 32),
                     WH_ERROR_OK);
    passesUntil(verifyDone, &v, 100000);
    assert_int_equal(v.rc, WH_ERROR_OK);
    v.rc = -1;
    assert_int_equal(wh_Client_VerifyRequest(&pairs[1].client, WH_CRYPTO_ECDSA_P256, 0, raw + 32,
                                             64, swSig, (uint16_t)swLen, hash, 32),
                     WH_ERROR_OK);
    v.p = &pairs[1];
    passesUntil(verifyDone, &v, 100000);
    assert_int_equal(v.rc, WH_ERROR_OK);
    /* Tampered hash: AUTH. */
    hash[0] ^= 1u;
    v.rc = -1;
    assert_int_equal(wh_Client_VerifyRequest(&pairs[1].client, WH_CRYPTO_ECDSA_P256, 0, raw + 32,
                                             64, swSig, (uint16_t)swLen, hash, 32),
                     WH_ERROR_OK);
    passesUntil(verifyDone, &v, 100000);
    assert_int_equal(v.rc, WH_ERROR_AUTH);
    assert_true(pairs[1].server.slice.slices > 2);

    wc_ecc_free(&key);
    wc_FreeRng(&rng);
    teardown();
}

/* Client 2 evicts the global key, then caches another at the same id, while client 1's
 * signature with it is in progress: the signature is made with the key it started with. */
static void test_evict_and_replace_key_mid_operation(void** state)
{
    WC_RNG   rng;
    ecc_key  key;
    ecc_key  other;
    uint8_t  raw[96];
    uint8_t  raw2[96];
    uint8_t  hash[32];
    uint8_t  sig[72];
    int      res = 0;
    int32_t  rc  = -1;
    pending  s   = {&pairs[0], sig, 0, -1};
    uint16_t gid = (uint16_t)(WH_ID_GLOBAL | 9u);
    (void)state;

#ifndef WOLFHSM_CFG_GLOBAL_KEYS
    skip(); /* another context's eviction needs a key both reach: a global one */
#endif
    setup();
    assert_int_equal(wc_InitRng(&rng), 0);
    makeKey(&rng, &key, raw);
    makeKey(&rng, &other, raw2);
    memset(hash, 0x3C, sizeof(hash));
    cacheKey(&pairs[1], gid, raw);

    assert_int_equal(wh_Client_SignRequest(&pairs[0].client, WH_CRYPTO_ECDSA_P256, gid, hash, 32),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_false(signDone(&s));
    assert_int_equal(wh_Client_KeyEvictRequest(&pairs[1].client, gid), WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_int_equal(wh_Client_KeyEvictResponse(&pairs[1].client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    cacheKey(&pairs[1], gid, raw2);
    passesUntil(signDone, &s, 100000);
    assert_int_equal(s.rc, WH_ERROR_OK);
    assert_int_equal(wc_ecc_verify_hash(sig, s.sigLen, hash, 32, &res, &key), 0);
    assert_int_equal(res, 1);
    res = 1;
    assert_int_equal(wc_ecc_verify_hash(sig, s.sigLen, hash, 32, &res, &other), 0);
    assert_int_equal(res, 0);
    assert_null(pairs[0].server.slice.op);

    wc_ecc_free(&key);
    wc_ecc_free(&other);
    wc_FreeRng(&rng);
    teardown();
}

/* A context cleaned up in the middle of its operation frees its slot: another context
 * then signs in slices. */
static void test_cleanup_mid_operation_frees_the_slot(void** state)
{
    WC_RNG  rng;
    ecc_key key;
    uint8_t raw[96];
    uint8_t hash[32];
    uint8_t sig[72];
    pending s = {&pairs[1], sig, 0, -1};
    (void)state;

    setup();
    assert_int_equal(wc_InitRng(&rng), 0);
    makeKey(&rng, &key, raw);
    memset(hash, 0x11, sizeof(hash));
    cacheKey(&pairs[0], 7, raw);
    cacheKey(&pairs[1], 7, raw);
    assert_int_equal(wh_Client_SignRequest(&pairs[0].client, WH_CRYPTO_ECDSA_P256, 7, hash, 32),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_non_null(pairs[0].server.slice.op);
    assert_int_equal(wh_Server_Cleanup(&pairs[0].server), WH_ERROR_OK);
    {
        whSchedConfig one = sched.cfg;
        one.servers       = &servers[1];
        one.count         = 1;
        assert_int_equal(wh_Sched_Init(&sched, &one), WH_ERROR_OK);
    }
    assert_int_equal(wh_Client_SignRequest(&pairs[1].client, WH_CRYPTO_ECDSA_P256, 7, hash, 32),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_non_null(pairs[1].server.slice.op); /* the slot was free again */
    passesUntil(signDone, &s, 100000);
    assert_int_equal(s.rc, WH_ERROR_OK);
    wc_ecc_free(&key);
    wc_FreeRng(&rng);
    teardown();
}

typedef struct {
    whTestPair* p;
    uint16_t    id;
    uint8_t*    pub;
    uint16_t    pubLen;
    int32_t     rc;
} made;

static int keygenDone(void* arg)
{
    made* m   = arg;
    m->pubLen = 64;
    return wh_Client_KeyGenerateResponse(&m->p->client, &m->id, m->pub, &m->pubLen, &m->rc) ==
           WH_ERROR_OK;
}

static int sharedDone(void* arg)
{
    made* m = arg;
    return wh_Client_SharedSecretResponse(&m->p->client, &m->id, &m->rc) == WH_ERROR_OK;
}

static int exportDone(void* arg)
{
    made* m   = arg;
    m->pubLen = 32;
    return wh_Client_KeyExportResponse(&m->p->client, NULL, 0, NULL, &m->pubLen, m->pub, &m->rc) ==
           WH_ERROR_OK;
}

/* A key pair generated in slices signs (sliced) what wolfCrypt verifies with the public key
 * returned; ECDH in slices gives wolfCrypt's shared secret. */
static void test_keygen_and_ecdh_match_wolfcrypt(void** state)
{
    WC_RNG   rng;
    ecc_key  pubKey;
    ecc_key  peer;
    uint8_t  pub[64];
    uint8_t  peerPub[64];
    uint8_t  hash[32];
    uint8_t  sig[72];
    uint8_t  secret[32];
    uint8_t  ref[32];
    word32   refLen = sizeof(ref);
    word32   xLen = 32, yLen = 32;
    int      res = 0;
    uint32_t before;
    made     g = {&pairs[0], 0, pub, 0, -1};
    made     e = {&pairs[0], 0, secret, 0, -1};
    pending  s = {&pairs[0], sig, 0, -1};
    (void)state;

    setup();
    assert_int_equal(wc_InitRng(&rng), 0);
    before = pairs[0].server.slice.slices;
    assert_int_equal(
        wh_Client_KeyGenerateRequest(&pairs[0].client, WH_KEY_TYPE_ECC_P256, 12,
                                     (uint16_t)(SIGN_VERIFY | WH_NVM_FLAGS_USAGE_DERIVE), NULL, 0),
        WH_ERROR_OK);
    passesUntil(keygenDone, &g, 100000);
    assert_int_equal(g.rc, WH_ERROR_OK);
    assert_int_equal(g.id, 12);
    assert_int_equal(g.pubLen, 64);
    assert_true(pairs[0].server.slice.slices - before > 2);
    assert_null(pairs[0].server.slice.op);

    memset(hash, 0x5A, sizeof(hash));
    assert_int_equal(wh_Client_SignRequest(&pairs[0].client, WH_CRYPTO_ECDSA_P256, 12, hash, 32),
                     WH_ERROR_OK);
    passesUntil(signDone, &s, 100000);
    assert_int_equal(s.rc, WH_ERROR_OK);
    assert_int_equal(wc_ecc_init(&pubKey), 0);
    assert_int_equal(wc_ecc_import_unsigned(&pubKey, pub, pub + 32, NULL, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_verify_hash(sig, s.sigLen, hash, 32, &res, &pubKey), 0);
    assert_int_equal(res, 1);

    /* ECDH with a wolfCrypt peer; the secret exportable to compare. */
    assert_int_equal(wc_ecc_init(&peer), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &peer, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_public_raw(&peer, peerPub, &xLen, peerPub + 32, &yLen), 0);
    before = pairs[0].server.slice.slices;
    assert_int_equal(wh_Client_SharedSecretRequest(&pairs[0].client, 12, peerPub, 64, 13, 0, NULL,
                                                   0),
                     WH_ERROR_OK);
    passesUntil(sharedDone, &e, 100000);
    assert_int_equal(e.rc, WH_ERROR_OK);
    assert_int_equal(e.id, 13);
    assert_true(pairs[0].server.slice.slices - before > 2);
    assert_null(pairs[0].server.slice.op);
    e.rc = -1;
    assert_int_equal(wh_Client_KeyExportRequest(&pairs[0].client, 13), WH_ERROR_OK);
    passesUntil(exportDone, &e, 10);
    assert_int_equal(e.rc, WH_ERROR_OK);
    assert_int_equal(e.pubLen, 32);
    (void)wc_ecc_set_rng(&peer, &rng);
    assert_int_equal(wc_ecc_shared_secret(&peer, &pubKey, ref, &refLen), 0);
    assert_int_equal(refLen, 32);
    assert_memory_equal(secret, ref, 32);

    wc_ecc_free(&peer);
    wc_ecc_free(&pubKey);
    wc_FreeRng(&rng);
    teardown();
}

/* ---- several schedulers ---- */

static int digestDone(void* arg)
{
    pending* q = arg;
    q->sigLen  = 64;
    return wh_Client_DigestDmaResponse(&q->p->client, q->sig, &q->sigLen, &q->rc) == WH_ERROR_OK;
}

static int macDone(void* arg)
{
    pending* q = arg;
    q->sigLen  = 16;
    return wh_Client_MacGenerateResponse(&q->p->client, q->sig, &q->sigLen, &q->rc) == WH_ERROR_OK;
}

static void cacheAes(whTestPair* p, uint16_t keyId, const uint8_t key[16])
{
    uint16_t id = keyId;
    int32_t  rc = -1;
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, keyId,
                                               (uint16_t)(WH_NVM_FLAGS_USAGE_SIGN |
                                                          WH_NVM_FLAGS_USAGE_VERIFY |
                                                          WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)),
                                               0, NULL, 16, key),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

/* A digest or MAC of a large input by address runs in chunks of WOLFHSM_CFG_SLICE_BYTES:
 * SHA-256 and AES-CMAC (generate, verify right and wrong) of 64 KiB + 100 bytes give
 * wolfCrypt's results, over one chunk per pass, and another client's MAC request is answered
 * between two chunks. */
static void test_digest_by_address_in_chunks(void** state)
{
    static const uint8_t aesKey[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                       0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    const unsigned       chunks = (BIG + WOLFHSM_CFG_SLICE_BYTES - 1u) / WOLFHSM_CFG_SLICE_BYTES;
    uint8_t              want[32];
    uint8_t              got[64];
    uint8_t              tag[16];
    uint8_t              swTag[16];
    word32               swTagLen = sizeof(swTag);
    wc_Sha256            sha;
    pending              d = {&pairs[0], got, 0, -1};
    pending              m = {&pairs[1], tag, 0, -1};
    uint32_t             before;
    unsigned             i;
    int                  n;
    (void)state;

    setup();
    for (i = 0; i < BIG; i++) {
        big[i] = (uint8_t)(i * 7u + (i >> 8));
    }
    assert_int_equal(wc_InitSha256(&sha), 0);
    assert_int_equal(wc_Sha256Update(&sha, big, BIG), 0);
    assert_int_equal(wc_Sha256Final(&sha, want), 0);
    cacheAes(&pairs[0], 3, aesKey);
    cacheAes(&pairs[1], 4, aesKey);

    before = pairs[0].server.slice.slices;
    assert_int_equal(wh_Client_DigestDmaRequest(&pairs[0].client, WH_CRYPTO_SHA256,
                                                WH_CRYPTO_STEP_ONESHOT, 0, big, BIG, NULL, 0),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(digestDone, &d, 1), 1);
    assert_false(digestDone(&d)); /* one chunk is not the whole input */
    assert_int_equal(pairs[0].server.slice.chunkDone, WOLFHSM_CFG_SLICE_BYTES);
    /* The other context's MAC is answered in the next pass, the digest still going. */
    assert_int_equal(wh_Client_MacGenerateRequest(&pairs[1].client, WH_CRYPTO_CMAC_AES, 4, big, 16,
                                                  32),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(macDone, &m, 10), 1);
    assert_int_equal(m.rc, WH_ERROR_OK);
    assert_int_equal(m.sigLen, 4);
    assert_false(digestDone(&d));
    assert_int_not_equal(pairs[0].server.slice.chunkDone, BIG);
    n = passesUntil(digestDone, &d, 1000);
    assert_int_equal(d.rc, WH_ERROR_OK);
    assert_int_equal(d.sigLen, 32);
    assert_memory_equal(got, want, 32);
    assert_int_equal(n + 2, (int)chunks); /* one chunk per pass: the two above and these */
    assert_int_equal(pairs[0].server.slice.slices - before, chunks - 1u);
    assert_int_equal(pairs[0].server.slice.chunkOp, 0);

    /* AES-CMAC of the same input, generated and verified in chunks. */
    assert_int_equal(wc_AesCmacGenerate(swTag, &swTagLen, big, BIG, aesKey, sizeof(aesKey)), 0);
    d.rc = -1;
    assert_int_equal(wh_Client_DigestDmaRequest(&pairs[0].client, WH_CRYPTO_CMAC_AES,
                                                WH_CRYPTO_STEP_ONESHOT, 3, big, BIG, NULL, 0),
                     WH_ERROR_OK);
    n = passesUntil(digestDone, &d, 1000);
    assert_int_equal(n, (int)chunks);
    assert_int_equal(d.rc, WH_ERROR_OK);
    assert_int_equal(d.sigLen, 16);
    assert_memory_equal(got, swTag, 16);
    d.rc = -1;
    assert_int_equal(wh_Client_DigestDmaRequest(&pairs[0].client, WH_CRYPTO_CMAC_AES,
                                                WH_CRYPTO_STEP_VERIFY, 3, big, BIG, swTag, 12),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(digestDone, &d, 1000), (int)chunks);
    assert_int_equal(d.rc, WH_ERROR_OK);
    swTag[11] ^= 1u;
    d.rc = -1;
    assert_int_equal(wh_Client_DigestDmaRequest(&pairs[0].client, WH_CRYPTO_CMAC_AES,
                                                WH_CRYPTO_STEP_VERIFY, 3, big, BIG, swTag, 12),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(digestDone, &d, 1000), (int)chunks);
    assert_int_equal(d.rc, WH_ERROR_AUTH);
    teardown();
}

/* A digest in chunks abandoned mid-input leaves no stream behind, and the next digest by
 * address starts from the beginning. */
static void test_digest_in_chunks_abandoned(void** state)
{
    uint8_t   want[32];
    uint8_t   got[64];
    wc_Sha256 sha;
    pending   d = {&pairs[0], got, 0, -1};
    (void)state;

    setup();
    memset(big, 0x5A, sizeof(big));
    assert_int_equal(wh_Client_DigestDmaRequest(&pairs[0].client, WH_CRYPTO_SHA256,
                                                WH_CRYPTO_STEP_ONESHOT, 0, big, BIG, NULL, 0),
                     WH_ERROR_OK);
    assert_true(wh_Sched_RunOnce(&sched) >= 1);
    assert_int_equal(pairs[0].server.slice.chunkOp, WH_SERVER_CHUNK_DIGEST);
    assert_int_equal(pairs[0].server.crypto.streamAlg, WH_CRYPTO_SHA256);
    /* What the dispatcher does when the client's mailbox holds a request of another kind or
     * seq: the operation is abandoned, its stream ended. */
    wh_Server_ChunkAbort(&pairs[0].server);
    assert_int_equal(pairs[0].server.crypto.streamAlg, 0);
    assert_int_equal(pairs[0].server.slice.chunkDone, 0);
    /* The same request, served again from its start: the digest of the whole input. */
    assert_int_equal(wc_InitSha256(&sha), 0);
    assert_int_equal(wc_Sha256Update(&sha, big, BIG), 0);
    assert_int_equal(wc_Sha256Final(&sha, want), 0);
    passesUntil(digestDone, &d, 1000);
    assert_int_equal(d.rc, WH_ERROR_OK);
    assert_memory_equal(got, want, 32);
    teardown();
}

static int gcmEncDone(void* arg)
{
    pending* q = arg;
    q->sigLen  = 16;
    return wh_Client_AesGcmEncryptDmaResponse(&q->p->client, q->sig, &q->sigLen, &q->rc) ==
           WH_ERROR_OK;
}

static int gcmDecDone(void* arg)
{
    pending* q = arg;
    return wh_Client_AesGcmDecryptDmaResponse(&q->p->client, &q->rc) == WH_ERROR_OK;
}

/* AES-GCM by address with a long AAD: the AAD in chunks of WOLFHSM_CFG_SLICE_BYTES, then the
 * data and the tag in a slice of their own. Encryption gives wolfCrypt's ciphertext and tag,
 * decryption the plaintext, a wrong tag WH_ERROR_AUTH with the output untouched; another
 * client's MAC is answered between two AAD chunks. */
static void test_gcm_by_address_in_chunks(void** state)
{
    static const uint8_t key[16] = {0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
                                    0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08};
    static const uint8_t iv[12]  = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce,
                                    0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
    const uint32_t       aadLen  = 3u * WOLFHSM_CFG_SLICE_BYTES + 77u; /* 4 AAD chunks */
    const uint32_t       dataLen = 1000u;
    uint8_t*             aad     = big;
    uint8_t*             pt      = big + aadLen;
    uint8_t*             ct      = pt + dataLen;
    uint8_t*             back    = ct + dataLen;
    uint8_t              swCt[1000];
    uint8_t              swTag[16];
    uint8_t              tag[16];
    uint8_t              macTag[16];
    Aes                  aes;
    pending              e = {&pairs[0], tag, 0, -1};
    pending              m = {&pairs[1], macTag, 0, -1};
    unsigned             i;
    int                  n;
    (void)state;

    setup();
    for (i = 0; i < aadLen + dataLen; i++) {
        big[i] = (uint8_t)(i * 13u + 5u);
    }
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, key, sizeof(key)), 0);
    assert_int_equal(wc_AesGcmEncrypt(&aes, swCt, pt, dataLen, iv, sizeof(iv), swTag, 16, aad,
                                      aadLen),
                     0);
    wc_AesFree(&aes);
    {
        uint16_t id = 5;
        int32_t  rc = -1;
        assert_int_equal(wh_Client_KeyCacheRequest(
                             &pairs[0].client, 5,
                             (uint16_t)(WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT |
                                        WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)),
                             0, NULL, sizeof(key), key),
                         WH_ERROR_OK);
        assert_true(wh_Sched_RunOnce(&sched) >= 1);
        assert_int_equal(wh_Client_KeyCacheResponse(&pairs[0].client, &id, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    cacheAes(&pairs[1], 4, key);

    memset(ct, 0, dataLen);
    assert_int_equal(wh_Client_AesGcmEncryptDmaRequest(&pairs[0].client, 5, iv, sizeof(iv), aad,
                                                       aadLen, pt, dataLen, ct, 16),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(gcmEncDone, &e, 1), 1);
    assert_false(gcmEncDone(&e));
    assert_int_equal(pairs[0].server.slice.chunkOp, WH_SERVER_CHUNK_GCM);
    assert_int_equal(wh_Client_MacGenerateRequest(&pairs[1].client, WH_CRYPTO_CMAC_AES, 4, big, 16,
                                                  32),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(macDone, &m, 10), 1);
    assert_int_equal(m.rc, WH_ERROR_OK);
    assert_false(gcmEncDone(&e));
    n = passesUntil(gcmEncDone, &e, 100);
    assert_int_equal(n + 2, 5); /* four AAD chunks, then the data and the tag */
    assert_int_equal(e.rc, WH_ERROR_OK);
    assert_int_equal(e.sigLen, 16);
    assert_memory_equal(tag, swTag, 16);
    assert_memory_equal(ct, swCt, dataLen);
    assert_int_equal(pairs[0].server.crypto.streamAlg, 0);

    e.rc = -1;
    memset(back, 0, dataLen);
    assert_int_equal(wh_Client_AesGcmDecryptDmaRequest(&pairs[0].client, 5, iv, sizeof(iv), aad,
                                                       aadLen, ct, dataLen, back, swTag, 16),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(gcmDecDone, &e, 100), 5);
    assert_int_equal(e.rc, WH_ERROR_OK);
    assert_memory_equal(back, pt, dataLen);
    /* A wrong tag: AUTH, the output untouched. */
    swTag[0] ^= 1u;
    e.rc = -1;
    memset(back, 0xEE, dataLen);
    assert_int_equal(wh_Client_AesGcmDecryptDmaRequest(&pairs[0].client, 5, iv, sizeof(iv), aad,
                                                       aadLen, ct, dataLen, back, swTag, 16),
                     WH_ERROR_OK);
    assert_int_equal(passesUntil(gcmDecDone, &e, 100), 5);
    assert_int_equal(e.rc, WH_ERROR_AUTH);
    for (i = 0; i < dataLen; i++) {
        assert_int_equal(back[i], 0xEE);
    }
    teardown();
}

#ifdef WOLFHSM_CFG_THREADSAFE
#define SCHEDS 3
#define MT_ROUNDS 6

typedef struct {
    posixDoorbell    bell;
    whTestPair       pair;
    whServerContext* server;
    whSched          sched;
    pthread_t        thread;
    pthread_t        client;
    ecc_key          key; /* its own copy: a wolfCrypt key is not for several threads */
    int              failures;
    int              sliced; /* signatures that ran in slices */
} mtSched;

static mtSched    mt[SCHEDS];
static atomic_int mtStop;

static void* mtSchedThread(void* arg)
{
    (void)posixSched_Run(&((mtSched*)arg)->sched, &mtStop);
    return NULL;
}

/* Sign and verify with the blocking wrappers; every signature checked with wolfCrypt. */
static void* mtClientThread(void* arg)
{
    mtSched* m = arg;
    uint8_t  hash[32];
    int      i;

    for (i = 0; i < MT_ROUNDS; i++) {
        uint8_t  sig[72];
        uint16_t sigLen = sizeof(sig);
        int32_t  rc     = -1;
        int      res    = 0;
        uint32_t before = m->server->slice.slices;
        int      ret;
        memset(hash, (int)(0x20 + i), sizeof(hash));
        ret = wh_Client_Sign(&m->pair.client, WH_CRYPTO_ECDSA_P256, 7, hash, 32, sig, &sigLen, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) ||
            (wc_ecc_verify_hash(sig, sigLen, hash, 32, &res, &m->key) != 0) || (res != 1)) {
            m->failures++;
        }
        m->sliced += (m->server->slice.slices - before) > 1u;
        rc = -1;
        if ((wh_Client_Verify(&m->pair.client, WH_CRYPTO_ECDSA_P256, 7, NULL, 0, sig, sigLen, hash,
                              32, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            m->failures++;
        }
    }
    return NULL;
}

/* Three schedulers (threads), one context each, over one NVM context, all signing and
 * verifying at once: the slot goes to one of them at a time, the others work in one go, and
 * every result is right (run under TSAN: make test T=slices TSAN=1 THREADSAFE=1). */
static void test_several_schedulers(void** state)
{
    WC_RNG  rng;
    ecc_key key;
    uint8_t raw[96];
    int     i;
    int     sliced = 0;
    (void)state;

    memset(mt, 0, sizeof(mt));
    atomic_store(&mtStop, 0);
    whTest_NvmInit(&nvm, 1);
    assert_int_equal(wc_InitRng(&rng), 0);
    makeKey(&rng, &key, raw);
    for (i = 0; i < SCHEDS; i++) {
        mtSched*      m  = &mt[i];
        int32_t       rc = -1;
        uint16_t      id = 7;
        whSchedConfig cfg;
        whTest_PairInitSched(&m->pair, &nvm.nvm, (uint16_t)(i + 1), &m->bell, 20000);
        m->pair.serverConfig.slices = 1;
        assert_int_equal(wh_Server_Cleanup(&m->pair.server), WH_ERROR_OK);
        assert_int_equal(wh_Server_Init(&m->pair.server, &m->pair.serverConfig), WH_ERROR_OK);
        m->server = &m->pair.server;
        assert_int_equal(wc_ecc_init(&m->key), 0);
        assert_int_equal(wc_ecc_import_unsigned(&m->key, raw + 32, raw + 64, raw, ECC_SECP256R1),
                         0);
        cfg = (whSchedConfig){.servers  = &m->server,
                              .count    = 1,
                              .coreId   = (uint8_t)(i + 1),
                              .doorbell = {&bellCb, &m->bell}};
        assert_int_equal(wh_Sched_Init(&m->sched, &cfg), WH_ERROR_OK);
        assert_int_equal(pthread_create(&m->thread, NULL, mtSchedThread, m), 0);
        assert_int_equal(wh_Client_CommConnect(&m->pair.client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(wh_Client_KeyCache(&m->pair.client, SIGN_VERIFY, 0, NULL, 96, raw, &id,
                                            &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    for (i = 0; i < SCHEDS; i++) {
        assert_int_equal(pthread_create(&mt[i].client, NULL, mtClientThread, &mt[i]), 0);
    }
    for (i = 0; i < SCHEDS; i++) {
        assert_int_equal(pthread_join(mt[i].client, NULL), 0);
    }
    atomic_store(&mtStop, 1);
    for (i = 0; i < SCHEDS; i++) {
        posixDoorbell_Ring(&mt[i].bell);
        assert_int_equal(pthread_join(mt[i].thread, NULL), 0);
        assert_int_equal(mt[i].failures, 0);
        assert_null(mt[i].server->slice.op);
        sliced += mt[i].sliced;
    }
    print_message("signatures in slices: %d of %d\n", sliced, SCHEDS * MT_ROUNDS);
    assert_true(sliced > 0);
    for (i = 0; i < SCHEDS; i++) {
        whTest_PairCleanup(&mt[i].pair);
        wc_ecc_free(&mt[i].key);
    }
    wc_ecc_free(&key);
    wc_FreeRng(&rng);
    whTest_NvmCleanup(&nvm);
}
#else
static void test_several_schedulers(void** state)
{
    (void)state;
    skip(); /* several schedulers share the NVM context only with its lock (THREADSAFE=1) */
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_verify_match_wolfcrypt),
        cmocka_unit_test(test_evict_and_replace_key_mid_operation),
        cmocka_unit_test(test_cleanup_mid_operation_frees_the_slot),
        cmocka_unit_test(test_keygen_and_ecdh_match_wolfcrypt),
        cmocka_unit_test(test_digest_by_address_in_chunks),
        cmocka_unit_test(test_digest_in_chunks_abandoned),
        cmocka_unit_test(test_gcm_by_address_in_chunks),
        cmocka_unit_test(test_several_schedulers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
