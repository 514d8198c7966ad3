/*
 * test_client_crypto.c: the CRYPTO group through the client API (wh_client_crypto.h) against
 * the server: each operation checked against wolfCrypt's software on the same key material;
 * the HSM's verdicts on bad input (wrong key type, missing key, missing usage, small output
 * buffer, bad tag, unknown algorithm) with the server serving on afterwards; the client's
 * own refusals (too large for one message) and its checks of what the HSM returns.
 * Sequential (Request, serve, Response in one thread); the blocking wrappers, which split
 * long inputs over several messages, run against a server thread.
 */
#ifndef WH_TEST_TARGET
#include <pthread.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/kdf.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 3
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */

#define SECRET(usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)))
#define P256(usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256)))
#define ENC_DEC (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT)
#define SIGN_VERIFY (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)

/* What the HSM says to a global key id that names no key. */
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
#define NO_GLOBAL_KEY_RC WH_ERROR_NOTFOUND
#else
#define NO_GLOBAL_KEY_RC WH_ERROR_BADARGS /* no global keys at all: a bad id */
#endif

/* Key ids used by the tests. */
#define K_AES128 1
#define K_AES256 2
#define K_MAC 3
#define K_IKM 4
#define K_ECC 5
#define K_MISSING 200

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInitConnected(&pair, NULL, CLIENT_ID);
    *state = &pair;
    return 0;
}

/* Requests a test sent malformed on purpose; all others must be well-formed. */
static uint32_t expectedMalformed;

static int teardown(void** state)
{
    whTestPair* p = *state;
    assert_int_equal(whTest_ServerMalformed(p), expectedMalformed);
    expectedMalformed = 0;
    whTest_PairCleanup(p);
    return 0;
}

/* A pair whose server runs on its own thread, for the blocking wrappers. */
static int setupServed(void** state)
{
    static whTestPair pair;
    int32_t           rc = RC_UNSET;

    whTest_PairInit(&pair, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&pair);
    assert_int_equal(wh_Client_CommConnect(&pair.client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    *state = &pair;
    return 0;
}

static int teardownServed(void** state)
{
    whTestPair* p = *state;
    whTest_PairStopServer(p);
    assert_int_equal(whTest_ServerMalformed(p), 0);
    whTest_PairCleanup(p);
    return 0;
}

/* ---- helpers ---- */

/* Sequential round trip: the Request must be accepted and the Response return ret. */
#define ROUND_TRIP(p, request, response, ret)     \
    do {                                          \
        assert_int_equal((request), WH_ERROR_OK); \
        whTest_Serve(p);                          \
        assert_int_equal((response), (ret));      \
    } while (0)

static void cacheKey(whTestPair* p, uint16_t id, uint16_t flags, const uint8_t* key, uint16_t len)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p,
               wh_Client_KeyCacheRequest(&p->client, id, flags, 4, (const uint8_t*)"test", len,
                                         key),
               wh_Client_KeyCacheResponse(&p->client, &out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(out, id);
}

static int32_t exportKey(whTestPair* p, uint16_t id, uint16_t* flags, uint8_t* key,
                         uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_KeyExportRequest(&p->client, id),
               wh_Client_KeyExportResponse(&p->client, flags, 0, NULL, inout_len, key, &rc),
               WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* One digest message: returns the HSM's rc; *inout_len (may be NULL) in and out. */
static int32_t digest(whTestPair* p, uint16_t alg, uint16_t step, uint16_t keyId,
                      const uint8_t* data, uint16_t len, const uint8_t* tag, uint16_t tagLen,
                      uint8_t* out, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_DigestRequest(&p->client, alg, step, keyId, data, len, tag, tagLen),
               wh_Client_DigestResponse(&p->client, out, inout_len, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t cipher(whTestPair* p, uint16_t mode, uint16_t dir, uint16_t keyId, const uint8_t* iv,
                      uint16_t ivLen, const uint8_t* aad, uint16_t aadLen, const uint8_t* in,
                      uint16_t len, const uint8_t* tagIn, uint16_t tagLen, uint8_t* out,
                      uint16_t* inout_len, uint8_t* tagOut, uint16_t* inout_tagLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_CipherRequest(&p->client, mode, dir, keyId, iv, ivLen, aad, aadLen, in,
                                       len, tagIn, tagLen),
               wh_Client_CipherResponse(&p->client, out, inout_len, tagOut, inout_tagLen, &rc),
               WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t sign(whTestPair* p, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                    uint16_t msgLen, uint8_t* sig, uint16_t* inout_sigLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_SignRequest(&p->client, alg, keyId, msg, msgLen),
               wh_Client_SignResponse(&p->client, sig, inout_sigLen, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t verify(whTestPair* p, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                      uint16_t pubLen, const uint8_t* sig, uint16_t sigLen, const uint8_t* msg,
                      uint16_t msgLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_VerifyRequest(&p->client, alg, keyId, pub, pubLen, sig, sigLen, msg,
                                       msgLen),
               wh_Client_VerifyResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t keygen(whTestPair* p, uint16_t type, uint16_t id, uint16_t flags, uint16_t* out_id,
                      uint8_t* pub, uint16_t* inout_pubLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_KeyGenerateRequest(&p->client, type, id, flags, NULL, 0),
               wh_Client_KeyGenerateResponse(&p->client, out_id, pub, inout_pubLen, &rc),
               WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t hkdf(whTestPair* p, uint16_t hash, uint16_t ikm, const uint8_t* salt,
                    uint16_t saltLen, const uint8_t* info, uint16_t infoLen, uint16_t outLen,
                    uint16_t outId, uint16_t outFlags, uint16_t* out_id)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_HkdfRequest(&p->client, hash, ikm, salt, saltLen, info, infoLen, outLen,
                                     outId, outFlags, (const uint8_t*)"hkdf", 4),
               wh_Client_HkdfResponse(&p->client, out_id, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t sharedSecret(whTestPair* p, uint16_t keyId, const uint8_t* pub, uint16_t pubLen,
                            uint16_t outId, uint16_t outFlags, uint16_t* out_id)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_SharedSecretRequest(&p->client, keyId, pub, pubLen, outId, outFlags, NULL,
                                             0),
               wh_Client_SharedSecretResponse(&p->client, out_id, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t publicKey(whTestPair* p, uint16_t keyId, uint8_t* pub, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_PublicKeyRequest(&p->client, keyId),
               wh_Client_PublicKeyResponse(&p->client, pub, inout_len, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* The server still serves: a SHA-256 round trip gives the right digest. */
static void expectServing(whTestPair* p)
{
    const uint8_t msg[] = "still serving";
    uint8_t       out[WH_CLIENT_SHA256_LEN];
    uint8_t       ref[WH_CLIENT_SHA256_LEN];
    uint16_t      len = sizeof(out);

    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, msg, sizeof(msg), NULL,
                            0, out, &len),
                     WH_ERROR_OK);
    assert_int_equal(len, sizeof(out));
    assert_int_equal(wc_Sha256Hash(msg, sizeof(msg), ref), 0);
    assert_memory_equal(out, ref, sizeof(ref));
}

/* ---- software references ---- */

static void swHash(uint16_t alg, const uint8_t* data, uint32_t len, uint8_t* out)
{
    switch (alg) {
        case WH_CRYPTO_SHA256:
            assert_int_equal(wc_Sha256Hash(data, len, out), 0);
            break;
        case WH_CRYPTO_SHA384:
            assert_int_equal(wc_Sha384Hash(data, len, out), 0);
            break;
        default:
            assert_int_equal(wc_Sha512Hash(data, len, out), 0);
            break;
    }
}

static void swHmac(int type, const uint8_t* key, uint16_t keyLen, const uint8_t* data, uint32_t len,
                   uint8_t* out)
{
    Hmac h;
    assert_int_equal(wc_HmacInit(&h, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_HmacSetKey(&h, type, key, keyLen), 0);
    assert_int_equal(wc_HmacUpdate(&h, data, len), 0);
    assert_int_equal(wc_HmacFinal(&h, out), 0);
    wc_HmacFree(&h);
}

static void swCmac(const uint8_t* key, uint16_t keyLen, const uint8_t* data, uint32_t len,
                   uint8_t* out)
{
    word32 outLen = WH_CLIENT_CMAC_LEN;
    assert_int_equal(wc_AesCmacGenerate(out, &outLen, data, len, key, keyLen), 0);
    assert_int_equal(outLen, WH_CLIENT_CMAC_LEN);
}

static void swAes(uint16_t mode, uint16_t dir, const uint8_t* key, uint16_t keyLen,
                  const uint8_t* iv, const uint8_t* in, uint32_t len, uint8_t* out)
{
    Aes       aes;
    const int enc = (dir == WH_CRYPTO_ENCRYPT);

    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    switch (mode) {
        case WH_CRYPTO_AES_ECB:
            assert_int_equal(wc_AesSetKey(&aes, key, keyLen, NULL,
                                          enc ? AES_ENCRYPTION : AES_DECRYPTION),
                             0);
            assert_int_equal(enc ? wc_AesEcbEncrypt(&aes, out, in, len)
                                 : wc_AesEcbDecrypt(&aes, out, in, len),
                             0);
            break;
        case WH_CRYPTO_AES_CBC:
            assert_int_equal(wc_AesSetKey(&aes, key, keyLen, iv,
                                          enc ? AES_ENCRYPTION : AES_DECRYPTION),
                             0);
            assert_int_equal(enc ? wc_AesCbcEncrypt(&aes, out, in, len)
                                 : wc_AesCbcDecrypt(&aes, out, in, len),
                             0);
            break;
        default:
            assert_int_equal(wc_AesSetKeyDirect(&aes, key, keyLen, iv, AES_ENCRYPTION), 0);
            assert_int_equal(wc_AesCtrEncrypt(&aes, out, in, len), 0);
            break;
    }
    wc_AesFree(&aes);
}

static void swGcmEncrypt(const uint8_t* key, uint16_t keyLen, const uint8_t* iv, uint16_t ivLen,
                         const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                         uint8_t* out, uint8_t* tag, uint16_t tagLen)
{
    Aes aes;
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, key, keyLen), 0);
    assert_int_equal(wc_AesGcmEncrypt(&aes, out, in, len, iv, ivLen, tag, tagLen, aad, aadLen), 0);
    wc_AesFree(&aes);
}

/* A P-256 key pair made in software: raw d || Qx || Qy. */
static void swEccKey(WC_RNG* rng, ecc_key* key, uint8_t* raw96)
{
    word32 dLen = 32, xLen = 32, yLen = 32;
    assert_int_equal(wc_ecc_init(key), 0);
    assert_int_equal(wc_ecc_make_key_ex(rng, 32, key, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_private_raw(key, raw96 + 32, &xLen, raw96 + 64, &yLen, raw96,
                                               &dLen),
                     0);
    assert_int_equal(dLen + xLen + yLen, 96);
}

/* ---- tests: RNG ---- */

static void test_rng(void** state)
{
    whTestPair* p = *state;
    uint8_t     a[64];
    uint8_t     b[64];
    uint8_t     big[WH_CLIENT_RNG_MAX_LEN];
    uint16_t    len = sizeof(a);
    int32_t     rc  = RC_UNSET;

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, sizeof(a)),
               wh_Client_RngGenerateResponse(&p->client, a, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, sizeof(a));
    len = sizeof(b);
    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, sizeof(b)),
               wh_Client_RngGenerateResponse(&p->client, b, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_false(whTest_AllEqual(a, sizeof(a), 0));
    assert_memory_not_equal(a, b, sizeof(a));

    /* The largest request; one more byte is refused locally. */
    len = sizeof(big);
    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, WH_CLIENT_RNG_MAX_LEN),
               wh_Client_RngGenerateResponse(&p->client, big, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, WH_CLIENT_RNG_MAX_LEN);
    assert_int_equal(wh_Client_RngGenerateRequest(&p->client, WH_CLIENT_RNG_MAX_LEN + 1),
                     WH_ERROR_BADARGS);

    /* A small buffer: BUFFER_SIZE, nothing written, the response consumed. */
    memset(a, 0xA5, sizeof(a));
    len = 16;
    rc  = RC_UNSET;
    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, 32),
               wh_Client_RngGenerateResponse(&p->client, a, &len, &rc), WH_ERROR_BUFFER_SIZE);
    assert_int_equal(rc, RC_UNSET);
    assert_int_equal(len, 16);
    assert_true(whTest_AllEqual(a, sizeof(a), 0xA5));
    expectServing(p);
}

/* A seed is mixed into the client's DRBG with the HSM's own entropy: the DRBG keeps
 * working, and its output is not what a DRBG instantiated from the seed alone (all the host
 * knows) would give. */
static void test_rng_seed(void** state)
{
    whTestPair* p = *state;
    uint8_t     seed[WH_CRYPTO_RNG_SEED_MAX + 40];
    uint8_t     a[32];
    uint8_t     fromSeed[128]; /* wc_RNG_HealthTest's output size */
    uint16_t    len = sizeof(a);
    int32_t     rc  = RC_UNSET;

    memset(seed, 0x5C, sizeof(seed));
    ROUND_TRIP(p, wh_Client_RngSeedRequest(&p->client, seed, 48),
               wh_Client_RngSeedResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, sizeof(a)),
               wh_Client_RngGenerateResponse(&p->client, a, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wc_RNG_HealthTest(0, seed, 48, NULL, 0, fromSeed, sizeof(fromSeed)), 0);
    assert_memory_not_equal(a, fromSeed, sizeof(a));
    assert_false(whTest_AllEqual(a, sizeof(a), 0));

    /* Refused before anything is sent: no seed, an empty one, one too long for a request. */
    assert_int_equal(wh_Client_RngSeedRequest(&p->client, NULL, 16), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_RngSeedRequest(&p->client, seed, 0), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_RngSeedRequest(&p->client, seed, WH_CRYPTO_RNG_SEED_MAX + 1),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_RngSeed(&p->client, seed, 0, &rc), WH_ERROR_BADARGS);
    expectServing(p);
}

/* A long operation of one client beside a MAC of another on the same HSM: the MAC is
 * answered (by an HSM that runs ECDSA in slices, while the signature is still being made:
 * the TARGET_SLICES build on the target; there the other client also evicts the key in the
 * middle), and the signature comes out right. */
/* The signing key: client b's global key (b may evict it), else client a's own. */
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
#define ECC_ID (WH_ID_GLOBAL | 41u)
#define ECC_OWNER(s) (&(s)->b)
#else
#define ECC_ID 41u
#define ECC_OWNER(s) (&(s)->a)
#endif
static void test_sign_beside_mac(void** state)
{
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t msg[16] = {'s', 'e', 'c', 'o', 'c'};
    whTestShared         s;
    uint8_t              hash[32], pub[64], sig[WH_CRYPTO_MAX_SIG], tag[16];
    uint16_t             pubLen = sizeof(pub), sigLen = sizeof(sig), tagLen = sizeof(tag);
    uint16_t             eccId = 0, macId;
    int32_t              rc    = RC_UNSET;

    (void)state;
    whTest_Fill(hash, sizeof(hash), 90);
    whTest_SharedInit(&s, CLIENT_ID, CLIENT_ID + 1);
    ROUND_TRIP(ECC_OWNER(&s),
               wh_Client_KeyGenerateRequest(&ECC_OWNER(&s)->client, WH_KEY_TYPE_ECC_P256, ECC_ID,
                                            SIGN_VERIFY, NULL, 0),
               wh_Client_KeyGenerateResponse(&ECC_OWNER(&s)->client, &eccId, pub, &pubLen, &rc),
               WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    macId = 7;
    cacheKey(&s.b, macId, SECRET(SIGN_VERIFY), key, sizeof(key));
    assert_int_equal(wh_Client_SignRequest(&s.a.client, WH_CRYPTO_ECDSA_P256, eccId, hash,
                                           sizeof(hash)),
                     WH_ERROR_OK);
    assert_int_equal(wh_Client_MacGenerateRequest(&s.b.client, WH_CRYPTO_CMAC_AES, macId, msg,
                                                  sizeof(msg), 32),
                     WH_ERROR_OK);
    whTest_Serve(&s.b);
    assert_int_equal(wh_Client_MacGenerateResponse(&s.b.client, tag, &tagLen, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(tagLen, 4);
#if defined(WH_TEST_TARGET) && defined(WH_TARGET_SLICES)
    assert_false(wh_CommClient_Ready(&s.a.client.comm)); /* the signature is not made yet */
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    /* The key evicted by its owner in the middle: the operation signs with its copy. */
    ROUND_TRIP(&s.b, wh_Client_KeyEvictRequest(&s.b.client, eccId),
               wh_Client_KeyEvictResponse(&s.b.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_false(wh_CommClient_Ready(&s.a.client.comm));
#endif
#endif
    whTest_Serve(&s.a);
    assert_int_equal(wh_Client_SignResponse(&s.a.client, sig, &sigLen, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    ROUND_TRIP(&s.b,
               wh_Client_VerifyRequest(&s.b.client, WH_CRYPTO_ECDSA_P256, 0, pub, 64, sig, sigLen,
                                       hash, sizeof(hash)),
               wh_Client_VerifyResponse(&s.b.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_SharedCleanup(&s);
}

/* ---- tests: digests ---- */

static void test_hash_oneshot(void** state)
{
    whTestPair*           p       = *state;
    static const uint16_t algs[]  = {WH_CRYPTO_SHA256, WH_CRYPTO_SHA384, WH_CRYPTO_SHA512};
    static const uint16_t sizes[] = {32, 48, 64};
    uint8_t               data[1000];
    uint8_t               out[WH_CRYPTO_MAX_DIGEST];
    uint8_t               ref[WH_CRYPTO_MAX_DIGEST];
    static const uint16_t lens[] = {0, 1, 3, 55, 56, 64, 111, 128, 1000};
    size_t                a, l;

    whTest_Fill(data, sizeof(data), 1);
    for (a = 0; a < 3; a++) {
        for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
            uint16_t len = sizeof(out);
            memset(out, 0, sizeof(out));
            assert_int_equal(digest(p, algs[a], WH_CRYPTO_STEP_ONESHOT, 0,
                                    (lens[l] > 0) ? data : NULL, lens[l], NULL, 0, out, &len),
                             WH_ERROR_OK);
            assert_int_equal(len, sizes[a]);
            swHash(algs[a], data, lens[l], ref);
            assert_memory_equal(out, ref, sizes[a]);
        }
    }
    /* A buffer one byte short: BUFFER_SIZE, untouched. */
    {
        uint16_t len = 31;
        int32_t  rc  = RC_UNSET;
        memset(out, 0xA5, sizeof(out));
        ROUND_TRIP(p,
                   wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0,
                                           data, 10, NULL, 0),
                   wh_Client_DigestResponse(&p->client, out, &len, &rc), WH_ERROR_BUFFER_SIZE);
        assert_int_equal(len, 31);
        assert_true(whTest_AllEqual(out, sizeof(out), 0xA5));
        /* No buffer at all. */
        ROUND_TRIP(p,
                   wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0,
                                           data, 10, NULL, 0),
                   wh_Client_DigestResponse(&p->client, NULL, NULL, &rc), WH_ERROR_BUFFER_SIZE);
        assert_int_equal(rc, RC_UNSET);
    }
    expectServing(p);
}

static void test_hash_stream(void** state)
{
    whTestPair* p = *state;
    uint8_t     data[300];
    uint8_t     out[WH_CRYPTO_MAX_DIGEST];
    uint8_t     ref[WH_CRYPTO_MAX_DIGEST];
    uint16_t    len;

    whTest_Fill(data, sizeof(data), 2);
    /* INIT with data, UPDATE, UPDATE of nothing, FINAL with data. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_INIT, 0, data, 100, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_UPDATE, 0, data + 100, 150, NULL, 0,
                            NULL, NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_UPDATE, 0, NULL, 0, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_FINAL, 0, data + 250, 50, NULL, 0,
                            out, &len),
                     WH_ERROR_OK);
    assert_int_equal(len, 48);
    swHash(WH_CRYPTO_SHA384, data, sizeof(data), ref);
    assert_memory_equal(out, ref, 48);
    /* The stream is closed. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                            &len),
                     WH_ERROR_NOSTREAM);
    /* Never opened. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_UPDATE, 0, data, 10, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_NOSTREAM);
    /* Another algorithm than the stream's: refused, and the stream is gone. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0, data, 10, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, data, 10, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_NOSTREAM);
    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                            &len),
                     WH_ERROR_NOSTREAM);
    /* A ONESHOT ends an open stream. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0, data, 10, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    expectServing(p);
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                            &len),
                     WH_ERROR_NOSTREAM);
    /* A new INIT replaces an abandoned stream. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_INIT, 0, data, 10, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_INIT, 0, data, 20, NULL, 0, NULL,
                            NULL),
                     WH_ERROR_OK);
    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                            &len),
                     WH_ERROR_OK);
    swHash(WH_CRYPTO_SHA512, data, 20, ref);
    assert_memory_equal(out, ref, 64);
    /* An unknown step. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, 77, 0, data, 10, NULL, 0, out, &len),
                     WH_ERROR_BADARGS);
    expectServing(p);
}

static void test_hmac(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[40];
    uint8_t     data[500];
    uint8_t     out[WH_CRYPTO_MAX_DIGEST];
    uint8_t     ref[WH_CRYPTO_MAX_DIGEST];
    uint16_t    len;

    whTest_Fill(key, sizeof(key), 3);
    whTest_Fill(data, sizeof(data), 4);
    cacheKey(p, K_MAC, SECRET(WH_NVM_FLAGS_USAGE_SIGN), key, sizeof(key));

    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, K_MAC, data,
                            sizeof(data), NULL, 0, out, &len),
                     WH_ERROR_OK);
    assert_int_equal(len, 32);
    swHmac(WC_SHA256, key, sizeof(key), data, sizeof(data), ref);
    assert_memory_equal(out, ref, 32);

    /* Streamed HMAC-SHA384. */
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA384, WH_CRYPTO_STEP_INIT, K_MAC, data, 200, NULL,
                            0, NULL, NULL),
                     WH_ERROR_OK);
    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA384, WH_CRYPTO_STEP_FINAL, K_MAC, data + 200, 300,
                            NULL, 0, out, &len),
                     WH_ERROR_OK);
    assert_int_equal(len, 48);
    swHmac(WC_SHA384, key, sizeof(key), data, sizeof(data), ref);
    assert_memory_equal(out, ref, 48);

    /* VERIFY with HMAC: the key lacks usage VERIFY. */
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA384, WH_CRYPTO_STEP_VERIFY, K_MAC, data,
                            sizeof(data), ref, 48, NULL, NULL),
                     WH_ERROR_USAGE);
    expectServing(p);
}

static void test_cmac(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint8_t     data[200];
    uint8_t     tag[WH_CLIENT_CMAC_LEN];
    uint8_t     ref[WH_CLIENT_CMAC_LEN];
    uint16_t    len;

    whTest_Fill(key, sizeof(key), 5);
    whTest_Fill(data, sizeof(data), 6);
    cacheKey(p, K_MAC, SECRET(SIGN_VERIFY), key, sizeof(key));
    swCmac(key, sizeof(key), data, sizeof(data), ref);

    len = sizeof(tag);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, K_MAC, data,
                            sizeof(data), NULL, 0, tag, &len),
                     WH_ERROR_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(tag, ref, 16);

    /* Streamed, split off block boundaries. */
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_INIT, K_MAC, data, 7, NULL, 0,
                            NULL, NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_UPDATE, K_MAC, data + 7, 100,
                            NULL, 0, NULL, NULL),
                     WH_ERROR_OK);
    len = sizeof(tag);
    memset(tag, 0, sizeof(tag));
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_FINAL, K_MAC, data + 107, 93,
                            NULL, 0, tag, &len),
                     WH_ERROR_OK);
    assert_memory_equal(tag, ref, 16);

    /* VERIFY: the whole tag, a truncated tag, a wrong tag. */
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_MAC, data, sizeof(data),
                            ref, 16, NULL, NULL),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_MAC, data, sizeof(data),
                            ref, 8, NULL, NULL),
                     WH_ERROR_OK);
    ref[15] ^= 1;
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_MAC, data, sizeof(data),
                            ref, 16, NULL, NULL),
                     WH_ERROR_AUTH);
    expectServing(p);
    ref[15] ^= 1;
    /* Data changed by one bit. */
    data[0] ^= 0x80;
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_MAC, data, sizeof(data),
                            ref, 16, NULL, NULL),
                     WH_ERROR_AUTH);
    /* Too short a tag to mean anything. */
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_MAC, data, sizeof(data),
                            ref, 3, NULL, NULL),
                     WH_ERROR_BADARGS);
    /* A hash has no VERIFY. */
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_VERIFY, 0, data, sizeof(data), ref,
                            16, NULL, NULL),
                     WH_ERROR_BADARGS);
    /* CMAC with a key of no AES size. */
    cacheKey(p, K_IKM, SECRET(SIGN_VERIFY), data, 20);
    len = sizeof(tag);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, K_IKM, data, 10, NULL, 0,
                            tag, &len),
                     WH_ERROR_KEYTYPE);
    expectServing(p);
}

/* ---- tests: AES ---- */

static void test_aes_ecb_cbc_ctr(void** state)
{
    whTestPair*           p         = *state;
    static const uint16_t modes[]   = {WH_CRYPTO_AES_ECB, WH_CRYPTO_AES_CBC, WH_CRYPTO_AES_CTR};
    static const uint16_t keyLens[] = {16, 24, 32};
    uint8_t               key[32];
    uint8_t               iv[16];
    uint8_t               plain[160];
    uint8_t               out[160];
    uint8_t               ref[160];
    uint8_t               back[160];
    size_t                m, k;

    whTest_Fill(iv, sizeof(iv), 8);
    whTest_Fill(plain, sizeof(plain), 9);
    for (k = 0; k < 3; k++) {
        whTest_Fill(key, sizeof(key), (uint8_t)(10 + k));
        cacheKey(p, K_AES128, SECRET(ENC_DEC), key, keyLens[k]);
        for (m = 0; m < 3; m++) {
            /* CTR takes any length; ECB and CBC whole blocks. */
            const uint16_t len    = (modes[m] == WH_CRYPTO_AES_CTR) ? 157 : 160;
            const uint16_t ivLen  = (modes[m] == WH_CRYPTO_AES_ECB) ? 0 : 16;
            uint16_t       outLen = sizeof(out);

            memset(out, 0, sizeof(out));
            assert_int_equal(cipher(p, modes[m], WH_CRYPTO_ENCRYPT, K_AES128, iv, ivLen, NULL, 0,
                                    plain, len, NULL, 0, out, &outLen, NULL, NULL),
                             WH_ERROR_OK);
            assert_int_equal(outLen, len);
            swAes(modes[m], WH_CRYPTO_ENCRYPT, key, keyLens[k], iv, plain, len, ref);
            assert_memory_equal(out, ref, len);
            assert_memory_not_equal(out, plain, len);

            outLen = sizeof(back);
            assert_int_equal(cipher(p, modes[m], WH_CRYPTO_DECRYPT, K_AES128, iv, ivLen, NULL, 0,
                                    out, len, NULL, 0, back, &outLen, NULL, NULL),
                             WH_ERROR_OK);
            assert_int_equal(outLen, len);
            assert_memory_equal(back, plain, len);
        }
    }
    /* ECB and CBC refuse partial blocks; CBC and CTR need a 16-byte IV. */
    {
        uint16_t outLen = sizeof(out);
        assert_int_equal(cipher(p, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, K_AES128, NULL, 0, NULL, 0,
                                plain, 17, NULL, 0, out, &outLen, NULL, NULL),
                         WH_ERROR_BADARGS);
        assert_int_equal(cipher(p, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, K_AES128, iv, 12, NULL, 0,
                                plain, 16, NULL, 0, out, &outLen, NULL, NULL),
                         WH_ERROR_BADARGS);
        assert_int_equal(cipher(p, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, K_AES128, iv, 8, NULL, 0,
                                plain, 16, NULL, 0, out, &outLen, NULL, NULL),
                         WH_ERROR_BADARGS);
        /* A direction that does not exist. */
        assert_int_equal(cipher(p, WH_CRYPTO_AES_CTR, 9, K_AES128, iv, 16, NULL, 0, plain, 16, NULL,
                                0, out, &outLen, NULL, NULL),
                         WH_ERROR_BADARGS);
        /* Output buffer too small: BUFFER_SIZE, nothing written, response consumed. */
        memset(out, 0xA5, sizeof(out));
        outLen = 31;
        {
            int32_t rc = RC_UNSET;
            ROUND_TRIP(p,
                       wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT,
                                               K_AES128, NULL, 0, NULL, 0, plain, 32, NULL, 0),
                       wh_Client_CipherResponse(&p->client, out, &outLen, NULL, NULL, &rc),
                       WH_ERROR_BUFFER_SIZE);
            assert_int_equal(rc, RC_UNSET);
        }
        assert_int_equal(outLen, 31);
        assert_true(whTest_AllEqual(out, sizeof(out), 0xA5));
    }
    expectServing(p);
}

static void test_aes_gcm(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[32];
    uint8_t     iv[12];
    uint8_t     aad[20];
    uint8_t     plain[100];
    uint8_t     out[100];
    uint8_t     ref[100];
    uint8_t     back[100];
    uint8_t     tag[16];
    uint8_t     refTag[16];
    uint16_t    outLen = sizeof(out);
    uint16_t    tagLen = sizeof(tag);

    whTest_Fill(key, sizeof(key), 20);
    whTest_Fill(iv, sizeof(iv), 21);
    whTest_Fill(aad, sizeof(aad), 22);
    whTest_Fill(plain, sizeof(plain), 23);
    cacheKey(p, K_AES256, SECRET(ENC_DEC), key, sizeof(key));

    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), plain, sizeof(plain), NULL, 16, out, &outLen, tag,
                            &tagLen),
                     WH_ERROR_OK);
    assert_int_equal(outLen, sizeof(plain));
    assert_int_equal(tagLen, 16);
    swGcmEncrypt(key, sizeof(key), iv, sizeof(iv), aad, sizeof(aad), plain, sizeof(plain), ref,
                 refTag, 16);
    assert_memory_equal(out, ref, sizeof(ref));
    assert_memory_equal(tag, refTag, 16);

    outLen = sizeof(back);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), out, sizeof(out), tag, 16, back, &outLen, NULL, NULL),
                     WH_ERROR_OK);
    assert_memory_equal(back, plain, sizeof(plain));

    /* A bad tag, a changed AAD, a changed ciphertext: AUTH and no plaintext comes back. */
    tag[0] ^= 1;
    memset(back, 0xA5, sizeof(back));
    outLen = sizeof(back);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), out, sizeof(out), tag, 16, back, &outLen, NULL, NULL),
                     WH_ERROR_AUTH);
    assert_int_equal(outLen, sizeof(back));
    assert_true(whTest_AllEqual(back, sizeof(back), 0xA5));
    tag[0] ^= 1;
    aad[3] ^= 4;
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), out, sizeof(out), tag, 16, back, &outLen, NULL, NULL),
                     WH_ERROR_AUTH);
    assert_true(whTest_AllEqual(back, sizeof(back), 0xA5));
    aad[3] ^= 4;
    out[50] ^= 2;
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), out, sizeof(out), tag, 16, back, &outLen, NULL, NULL),
                     WH_ERROR_AUTH);
    assert_true(whTest_AllEqual(back, sizeof(back), 0xA5));
    out[50] ^= 2;
    expectServing(p);

    /* The blocking wrappers over the same sequence are in test_blocking_*; here: a
     * truncated tag (12 bytes) round trip, and GMAC (no data). */
    tagLen = 12;
    outLen = sizeof(out);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), plain, sizeof(plain), NULL, 12, out, &outLen, tag,
                            &tagLen),
                     WH_ERROR_OK);
    assert_int_equal(tagLen, 12);
    assert_memory_equal(tag, refTag, 12); /* GCM tags truncate */
    outLen = 0;
    tagLen = 16;
    assert_int_equal(cipher(p, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, K_AES256, iv, sizeof(iv), aad,
                            sizeof(aad), NULL, 0, NULL, 16, NULL, &outLen, tag, &tagLen),
                     WH_ERROR_OK);
    assert_int_equal(outLen, 0);
    swGcmEncrypt(key, sizeof(key), iv, sizeof(iv), aad, sizeof(aad), NULL, 0, NULL, refTag, 16);
    assert_memory_equal(tag, refTag, 16);
    /* Tag buffer too small for what was asked: BUFFER_SIZE. */
    tagLen = 8;
    outLen = sizeof(out);
    {
        int32_t rc = RC_UNSET;
        ROUND_TRIP(p,
                   wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT,
                                           K_AES256, iv, sizeof(iv), NULL, 0, plain, 16, NULL, 16),
                   wh_Client_CipherResponse(&p->client, out, &outLen, tag, &tagLen, &rc),
                   WH_ERROR_BUFFER_SIZE);
        assert_int_equal(rc, RC_UNSET);
    }
    expectServing(p);
}

/* ---- tests: keys made in the HSM ---- */

static void test_hkdf(void** state)
{
    whTestPair*    p = *state;
    uint8_t        ikm[32];
    uint8_t        salt[13];
    uint8_t        info[10];
    uint8_t        out[64];
    uint8_t        ref[64];
    uint16_t       outLen   = sizeof(out);
    uint16_t       flags    = 0;
    uint16_t       id       = 0;
    const uint16_t outFlags = SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT);

    whTest_Fill(ikm, sizeof(ikm), 30);
    whTest_Fill(salt, sizeof(salt), 31);
    whTest_Fill(info, sizeof(info), 32);
    /* The outputs inherit the usage of their input: give it what they ask for. */
    cacheKey(p, K_IKM,
             SECRET(WH_NVM_FLAGS_USAGE_DERIVE | WH_NVM_FLAGS_USAGE_ENCRYPT |
                    WH_NVM_FLAGS_USAGE_SIGN),
             ikm, sizeof(ikm));

    /* Explicit id. */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_IKM, salt, sizeof(salt), info, sizeof(info), 42,
                          50, outFlags, &id),
                     WH_ERROR_OK);
    assert_int_equal(id, 50);
    assert_int_equal(exportKey(p, 50, &flags, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 42);
    assert_int_equal(flags, outFlags);
    assert_int_equal(wc_HKDF(WC_SHA256, ikm, sizeof(ikm), salt, sizeof(salt), info, sizeof(info),
                             ref, 42),
                     0);
    assert_memory_equal(out, ref, 42);

    /* The HSM picks the id; no salt, SHA-512; the type bits of outFlags are forced. */
    id = 0;
    assert_int_equal(
        hkdf(p, WH_CRYPTO_SHA512, K_IKM, NULL, 0, info, sizeof(info), 64, 0,
             (uint16_t)(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256)), &id),
        WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    assert_int_not_equal(id, 50);
    assert_int_equal(id & ~0xFFu, 0);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, id, &flags, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 64);
    assert_int_equal(flags, SECRET(WH_NVM_FLAGS_USAGE_SIGN));
    assert_int_equal(wc_HKDF(WC_SHA512, ikm, sizeof(ikm), NULL, 0, info, sizeof(info), ref, 64), 0);
    assert_memory_equal(out, ref, 64);

    /* Bad requests. */
    assert_int_equal(hkdf(p, 99, K_IKM, NULL, 0, NULL, 0, 32, 0, 0, &id), WH_ERROR_BADALG);
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_IKM, NULL, 0, NULL, 0, 0, 0, 0, &id),
                     WH_ERROR_BADARGS);
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 50, NULL, 0, NULL, 0, 32, 0, 0, &id),
                     WH_ERROR_USAGE); /* key 50 has ENCRYPT only */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_MISSING, NULL, 0, NULL, 0, 32, 0, 0, &id),
                     WH_ERROR_NOTFOUND);
    expectServing(p);
}

static void test_ecc_keygen_sign_verify(void** state)
{
    whTestPair* p = *state;
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     pub2[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     hash[32];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint16_t    pubLen  = sizeof(pub);
    uint16_t    pub2Len = sizeof(pub2);
    uint16_t    sigLen  = sizeof(sig);
    uint16_t    id      = 0;
    ecc_key     sw;
    int         res = 0;

    whTest_Fill(hash, sizeof(hash), 40);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 0, SIGN_VERIFY | WH_NVM_FLAGS_NONEXPORTABLE,
                            &id, pub, &pubLen),
                     WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    assert_int_equal(pubLen, 64);
    assert_int_equal(publicKey(p, id, pub2, &pub2Len), WH_ERROR_OK);
    assert_int_equal(pub2Len, 64);
    assert_memory_equal(pub, pub2, 64);

    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, id, hash, sizeof(hash), sig, &sigLen),
                     WH_ERROR_OK);
    assert_true((sigLen >= 8) && (sigLen <= 72));
    /* wolfCrypt's software agrees. */
    assert_int_equal(wc_ecc_init(&sw), 0);
    assert_int_equal(wc_ecc_import_unsigned(&sw, pub, pub + 32, NULL, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &sw), 0);
    assert_int_equal(res, 1);
    wc_ecc_free(&sw);

    /* The HSM verifies with the key by id and with the public key inline. */
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, id, NULL, 0, sig, sigLen, hash, sizeof(hash)),
                     WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, pub, 64, sig, sigLen, hash, sizeof(hash)),
                     WH_ERROR_OK);
    hash[0] ^= 1;
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, id, NULL, 0, sig, sigLen, hash, sizeof(hash)),
                     WH_ERROR_AUTH);
    hash[0] ^= 1;
    sig[sigLen - 1] ^= 1;
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, pub, 64, sig, sigLen, hash, sizeof(hash)),
                     WH_ERROR_AUTH);

    /* Signature buffer too small: BUFFER_SIZE, untouched. */
    memset(sig, 0xA5, sizeof(sig));
    sigLen = 10;
    {
        int32_t rc = RC_UNSET;
        ROUND_TRIP(p, wh_Client_SignRequest(&p->client, WH_CRYPTO_ECDSA_P256, id, hash, 32),
                   wh_Client_SignResponse(&p->client, sig, &sigLen, &rc), WH_ERROR_BUFFER_SIZE);
        assert_int_equal(rc, RC_UNSET);
    }
    assert_int_equal(sigLen, 10);
    assert_true(whTest_AllEqual(sig, sizeof(sig), 0xA5));
    /* Public key buffer too small. */
    pub2Len = 10;
    {
        int32_t rc = RC_UNSET;
        ROUND_TRIP(p, wh_Client_PublicKeyRequest(&p->client, id),
                   wh_Client_PublicKeyResponse(&p->client, pub2, &pub2Len, &rc),
                   WH_ERROR_BUFFER_SIZE);
        assert_int_equal(rc, RC_UNSET);
    }
    /* A hash shorter than 28 bytes cannot be signed. */
    sigLen = sizeof(sig);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, id, hash, 20, sig, &sigLen), WH_ERROR_BADARGS);
    /* Non-exportable, yet its public key came back; the private key does not. */
    {
        uint8_t  raw[96];
        uint16_t rawLen = sizeof(raw);
        assert_int_equal(exportKey(p, id, NULL, raw, &rawLen), WH_ERROR_ACCESS);
    }
    expectServing(p);
}

/* A signature that is not even DER does not verify: AUTH, like any other bad signature
 * (wh_message_crypto.h: "rc WH_ERROR_AUTH if it does not verify"). */
static void test_verify_malformed_signature(void** state)
{
    whTestPair* p = *state;
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     hash[32];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint16_t    pubLen = sizeof(pub);
    uint16_t    id     = 0;

    whTest_Fill(hash, sizeof(hash), 42);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 0, SIGN_VERIFY, &id, pub, &pubLen),
                     WH_ERROR_OK);
    memset(sig, 0x30, sizeof(sig));
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, id, NULL, 0, sig, 20, hash, sizeof(hash)),
                     WH_ERROR_AUTH);
    expectServing(p);
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, pub, 64, sig, 1, hash, sizeof(hash)),
                     WH_ERROR_AUTH);
    expectServing(p);
}

static void test_ed25519(void** state)
{
    whTestPair* p = *state;
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     msg[300];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint16_t    pubLen = sizeof(pub);
    uint16_t    sigLen = sizeof(sig);
    uint16_t    id     = 0;
    ed25519_key sw;
    int         res = 0;

    whTest_Fill(msg, sizeof(msg), 41);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ED25519, 60, SIGN_VERIFY, &id, pub, &pubLen),
                     WH_ERROR_OK);
    assert_int_equal(id, 60);
    assert_int_equal(pubLen, 32);
    assert_int_equal(sign(p, WH_CRYPTO_ED25519, 60, msg, sizeof(msg), sig, &sigLen), WH_ERROR_OK);
    assert_int_equal(sigLen, 64);
    assert_int_equal(wc_ed25519_init(&sw), 0);
    assert_int_equal(wc_ed25519_import_public(pub, 32, &sw), 0);
    assert_int_equal(wc_ed25519_verify_msg(sig, 64, msg, sizeof(msg), &res, &sw), 0);
    assert_int_equal(res, 1);
    wc_ed25519_free(&sw);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 60, NULL, 0, sig, 64, msg, sizeof(msg)),
                     WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, pub, 32, sig, 64, msg, sizeof(msg)),
                     WH_ERROR_OK);
    msg[299] ^= 1;
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, pub, 32, sig, 64, msg, sizeof(msg)),
                     WH_ERROR_AUTH);
    /* An Ed25519 key is not an ECDSA key. */
    sigLen = sizeof(sig);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, 60, msg, 32, sig, &sigLen), WH_ERROR_KEYTYPE);
    expectServing(p);
}

static void test_shared_secret(void** state)
{
    whTestPair*    p = *state;
    uint8_t        pubA[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        pubB[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        sA[64];
    uint8_t        sB[64];
    uint8_t        raw[96];
    uint8_t        ref[32];
    uint16_t       lenA = sizeof(pubA);
    uint16_t       lenB = sizeof(pubB);
    uint16_t       idA = 0, idB = 0, secA = 0, secB = 0;
    uint16_t       n;
    const uint16_t derive = WH_NVM_FLAGS_USAGE_DERIVE;
    WC_RNG         rng;
    ecc_key        peer;
    ecc_key        mine;
    word32         refLen = sizeof(ref);

    /* X25519: both sides in the HSM agree. */
    assert_int_equal(keygen(p, WH_KEY_TYPE_X25519, 0, derive, &idA, pubA, &lenA), WH_ERROR_OK);
    assert_int_equal(keygen(p, WH_KEY_TYPE_X25519, 0, derive, &idB, pubB, &lenB), WH_ERROR_OK);
    assert_int_equal(lenA, 32);
    assert_int_equal(sharedSecret(p, idA, pubB, 32, 0, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), &secA),
                     WH_ERROR_OK);
    assert_int_equal(sharedSecret(p, idB, pubA, 32, 0, 0, &secB), WH_ERROR_OK);
    n = sizeof(sA);
    assert_int_equal(exportKey(p, secA, NULL, sA, &n), WH_ERROR_OK);
    assert_int_equal(n, 32);
    n = sizeof(sB);
    assert_int_equal(exportKey(p, secB, NULL, sB, &n), WH_ERROR_OK);
    assert_memory_equal(sA, sB, 32);
    assert_false(whTest_AllEqual(sA, 32, 0));

    /* ECDH P-256 against wolfCrypt's software on a key cached from software. */
    assert_int_equal(wc_InitRng(&rng), 0);
    swEccKey(&rng, &mine, raw);
    assert_int_equal(wc_ecc_init(&peer), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &peer, ECC_SECP256R1), 0);
    {
        uint8_t peerPub[64];
        word32  xLen = 32, yLen = 32;
        assert_int_equal(wc_ecc_export_public_raw(&peer, peerPub, &xLen, peerPub + 32, &yLen), 0);
        cacheKey(p, K_ECC, P256(derive), raw, sizeof(raw));
        assert_int_equal(sharedSecret(p, K_ECC, peerPub, 64, 70, 0, &secA), WH_ERROR_OK);
        assert_int_equal(secA, 70);
        n = sizeof(sA);
        assert_int_equal(exportKey(p, 70, NULL, sA, &n), WH_ERROR_OK);
        assert_int_equal(n, 32);
        (void)wc_ecc_set_rng(&peer, &rng);
        assert_int_equal(wc_ecc_shared_secret(&peer, &mine, ref, &refLen), 0);
        assert_int_equal(refLen, 32);
        assert_memory_equal(sA, ref, 32);

        /* An X25519 key with a P-256 peer, a key without DERIVE, a peer key of odd size. */
        assert_int_equal(sharedSecret(p, idA, peerPub, 64, 0, 0, &secA), WH_ERROR_KEYTYPE);
        cacheKey(p, 71, P256(WH_NVM_FLAGS_USAGE_SIGN), raw, sizeof(raw));
        assert_int_equal(sharedSecret(p, 71, peerPub, 64, 0, 0, &secA), WH_ERROR_USAGE);
        assert_int_equal(sharedSecret(p, K_MISSING, peerPub, 64, 0, 0, &secA), WH_ERROR_NOTFOUND);
    }
    wc_ecc_free(&peer);
    wc_ecc_free(&mine);
    wc_FreeRng(&rng);
    expectServing(p);
}

/* ---- tests: derived keys inherit the policy of their inputs (wh_nvm_types.h) ---- */

/* AES-ECB of one block with keyId: the HSM's rc. */
static int32_t ecbOne(whTestPair* p, uint16_t dir, uint16_t keyId)
{
    uint8_t  in[16] = {0};
    uint8_t  out[16];
    uint16_t len = sizeof(out);

    return cipher(p, WH_CRYPTO_AES_ECB, dir, keyId, NULL, 0, NULL, 0, in, 16, NULL, 0, out, &len,
                  NULL, NULL);
}

static int32_t eraseKey(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_KeyEraseRequest(&p->client, id),
               wh_Client_KeyEraseResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* An HKDF output was stored with the flags the client asked for, so a secret derived from a
 * non-exportable key could be exported. */
static void test_hkdf_inherits_policy(void** state)
{
    whTestPair*    p = *state;
    uint8_t        ikm[32];
    uint8_t        out[64];
    uint16_t       outLen = sizeof(out);
    uint16_t       flags  = 0;
    uint16_t       id     = 0;
    const uint16_t derive = WH_NVM_FLAGS_USAGE_DERIVE;

    whTest_Fill(ikm, sizeof(ikm), 60);
    /* A non-exportable input that may derive and encrypt. */
    cacheKey(p, 10, SECRET(derive | WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_NONEXPORTABLE), ikm,
             sizeof(ikm));
    /* The client asks for an exportable key with more usages than the input has. */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 10, NULL, 0, NULL, 0, 16, 11,
                          SECRET(derive | ENC_DEC | WH_NVM_FLAGS_USAGE_SIGN), &id),
                     WH_ERROR_OK);
    assert_int_equal(id, 11);
    assert_int_equal(exportKey(p, 11, &flags, out, &outLen), WH_ERROR_ACCESS);
    /* Usage: the requested bits the input also has (ENCRYPT, DERIVE), not the others. */
    assert_int_equal(ecbOne(p, WH_CRYPTO_ENCRYPT, 11), WH_ERROR_OK);
    assert_int_equal(ecbOne(p, WH_CRYPTO_DECRYPT, 11), WH_ERROR_USAGE);
    outLen = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, 11, ikm, 8, NULL, 0,
                            out, &outLen),
                     WH_ERROR_USAGE);
    /* Down the chain too. */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 11, NULL, 0, NULL, 0, 16, 12,
                          SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), &id),
                     WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 12, &flags, out, &outLen), WH_ERROR_ACCESS);

    /* SENSITIVE carries over; NONMODIFIABLE of the input does not; the usage is narrowed. */
    cacheKey(p, 13,
             SECRET(derive | WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_SENSITIVE |
                    WH_NVM_FLAGS_NONMODIFIABLE),
             ikm, sizeof(ikm));
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 13, NULL, 0, NULL, 0, 32, 14, SECRET(SIGN_VERIFY),
                          &id),
                     WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 14, &flags, out, &outLen), WH_ERROR_OK);
    assert_int_equal(flags, SECRET(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_SENSITIVE));
    /* The client may narrow: a non-exportable output of an exportable input. */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 13, NULL, 0, NULL, 0, 32, 15,
                          SECRET(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_NONEXPORTABLE), &id),
                     WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 15, &flags, out, &outLen), WH_ERROR_ACCESS);
    /* NONDESTROYABLE is the client's choice. */
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, 13, NULL, 0, NULL, 0, 32, 16,
                          (uint16_t)(SECRET(WH_NVM_FLAGS_USAGE_SIGN) | WH_NVM_FLAGS_NONDESTROYABLE),
                          &id),
                     WH_ERROR_OK);
    assert_int_equal(eraseKey(p, 16), WH_ERROR_ACCESS);
    assert_int_equal(eraseKey(p, 14), WH_ERROR_OK);
    expectServing(p);
}

/* An ECDH / X25519 output was stored with the flags the client asked for. */
static void test_shared_secret_inherits_policy(void** state)
{
    whTestPair*    p = *state;
    uint8_t        pubA[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        pubB[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        out[64];
    uint16_t       lenA = sizeof(pubA);
    uint16_t       lenB = sizeof(pubB);
    uint16_t       outLen;
    uint16_t       flags  = 0;
    uint16_t       id     = 0;
    const uint16_t derive = WH_NVM_FLAGS_USAGE_DERIVE;

    /* P-256: the HSM's key is non-exportable and may only derive. */
    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 20, derive | WH_NVM_FLAGS_NONEXPORTABLE, &id,
                            pubA, &lenA),
                     WH_ERROR_OK);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 21, derive, &id, pubB, &lenB), WH_ERROR_OK);
    assert_int_equal(sharedSecret(p, 20, pubB, 64, 22, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), &id),
                     WH_ERROR_OK);
    assert_int_equal(id, 22);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 22, &flags, out, &outLen), WH_ERROR_ACCESS);
    assert_int_equal(ecbOne(p, WH_CRYPTO_ENCRYPT, 22), WH_ERROR_USAGE); /* key 20: DERIVE only */
    /* From the exportable key: exportable, usage narrowed to what key 21 has (none asked). */
    assert_int_equal(sharedSecret(p, 21, pubA, 64, 23, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), &id),
                     WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 23, &flags, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 32);
    assert_int_equal(flags, SECRET(0));

    /* X25519: non-exportable and sensitive, may derive and encrypt. */
    lenA = sizeof(pubA);
    lenB = sizeof(pubB);
    assert_int_equal(keygen(p, WH_KEY_TYPE_X25519, 24,
                            derive | WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_NONEXPORTABLE |
                                WH_NVM_FLAGS_SENSITIVE,
                            &id, pubA, &lenA),
                     WH_ERROR_OK);
    assert_int_equal(keygen(p, WH_KEY_TYPE_X25519, 25, derive, &id, pubB, &lenB), WH_ERROR_OK);
    assert_int_equal(sharedSecret(p, 24, pubB, 32, 26, SECRET(ENC_DEC), &id), WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(exportKey(p, 26, &flags, out, &outLen), WH_ERROR_ACCESS);
    assert_int_equal(ecbOne(p, WH_CRYPTO_ENCRYPT, 26), WH_ERROR_OK);
    assert_int_equal(ecbOne(p, WH_CRYPTO_DECRYPT, 26), WH_ERROR_USAGE);
    expectServing(p);
}

/* ---- tests: the HSM's verdicts on bad input, and serving on ---- */

static void test_wrong_key_type(void** state)
{
    whTestPair* p = *state;
    uint8_t     raw[96];
    uint8_t     aes[16];
    uint8_t     out[64];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint16_t    len;
    uint16_t    id = 0;
    WC_RNG      rng;
    ecc_key     k;

    assert_int_equal(wc_InitRng(&rng), 0);
    swEccKey(&rng, &k, raw);
    whTest_Fill(aes, sizeof(aes), 50);
    /* An ECC key with every usage, an AES key with every usage. */
    cacheKey(p, K_ECC, P256(WH_NVM_FLAGS_USAGE_ANY), raw, sizeof(raw));
    cacheKey(p, K_AES128, SECRET(WH_NVM_FLAGS_USAGE_ANY), aes, sizeof(aes));

    len = sizeof(out);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, K_ECC, aes, 16, NULL, 0, aes,
                            16, NULL, 0, out, &len, NULL, NULL),
                     WH_ERROR_KEYTYPE);
    expectServing(p);
    len = sizeof(out);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, K_ECC, aes, 16, NULL,
                            0, out, &len),
                     WH_ERROR_KEYTYPE);
    expectServing(p);
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_ECC, NULL, 0, NULL, 0, 32, 0, 0, &id),
                     WH_ERROR_KEYTYPE);
    expectServing(p);
    len = sizeof(sig);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, K_AES128, raw, 32, sig, &len), WH_ERROR_KEYTYPE);
    expectServing(p);
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, K_AES128, NULL, 0, raw, 8, raw, 32),
                     WH_ERROR_KEYTYPE);
    expectServing(p);
    assert_int_equal(sharedSecret(p, K_AES128, raw + 32, 64, 0, 0, &id), WH_ERROR_KEYTYPE);
    expectServing(p);
    len = sizeof(out);
    assert_int_equal(publicKey(p, K_AES128, out, &len), WH_ERROR_KEYTYPE);
    expectServing(p);
    /* An AES key of no AES size. */
    cacheKey(p, K_AES256, SECRET(ENC_DEC), raw, 20);
    len = sizeof(out);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, K_AES256, NULL, 0, NULL, 0,
                            aes, 16, NULL, 0, out, &len, NULL, NULL),
                     WH_ERROR_KEYTYPE);
    /* A public-only P-256 key cannot sign. */
    cacheKey(p, 80, P256(WH_NVM_FLAGS_USAGE_SIGN), raw + 32, 64);
    len = sizeof(sig);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, 80, raw, 32, sig, &len), WH_ERROR_KEYTYPE);
    expectServing(p);
    wc_ecc_free(&k);
    wc_FreeRng(&rng);
}

static void test_missing_key(void** state)
{
    whTestPair* p = *state;
    uint8_t     buf[64];
    uint16_t    len;
    uint16_t    id = 0;

    whTest_Fill(buf, sizeof(buf), 51);
    len = sizeof(buf);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, K_MISSING, buf, 16, NULL, 0,
                            buf, 16, NULL, 0, buf, &len, NULL, NULL),
                     WH_ERROR_NOTFOUND);
    expectServing(p);
    len = sizeof(buf);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, K_MISSING, buf, 16, NULL,
                            0, buf, &len),
                     WH_ERROR_NOTFOUND);
    expectServing(p);
    len = sizeof(buf);
    assert_int_equal(sign(p, WH_CRYPTO_ED25519, K_MISSING, buf, 16, buf, &len), WH_ERROR_NOTFOUND);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, K_MISSING, NULL, 0, buf, 64, buf, 16),
                     WH_ERROR_NOTFOUND);
    len = sizeof(buf);
    assert_int_equal(publicKey(p, K_MISSING, buf, &len), WH_ERROR_NOTFOUND);
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_MISSING, NULL, 0, NULL, 0, 16, 0, 0, &id),
                     WH_ERROR_NOTFOUND);
    /* A global number that does not exist. */
    len = sizeof(buf);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, WH_ID_GLOBAL | 9, buf, 16,
                            NULL, 0, buf, 16, NULL, 0, buf, &len, NULL, NULL),
                     NO_GLOBAL_KEY_RC);
    expectServing(p);
}

static void test_missing_usage(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint8_t     buf[64];
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint16_t    len;
    uint16_t    id = 0;

    whTest_Fill(key, sizeof(key), 52);
    whTest_Fill(buf, sizeof(buf), 53);
    cacheKey(p, K_AES128, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), key, sizeof(key));
    cacheKey(p, K_AES256, SECRET(WH_NVM_FLAGS_USAGE_DECRYPT | WH_NVM_FLAGS_USAGE_VERIFY), key,
             sizeof(key));

    len = sizeof(buf);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_ECB, WH_CRYPTO_DECRYPT, K_AES128, NULL, 0, NULL, 0,
                            buf, 16, NULL, 0, buf, &len, NULL, NULL),
                     WH_ERROR_USAGE);
    expectServing(p);
    len = sizeof(buf);
    assert_int_equal(cipher(p, WH_CRYPTO_AES_ECB, WH_CRYPTO_ENCRYPT, K_AES256, NULL, 0, NULL, 0,
                            buf, 16, NULL, 0, buf, &len, NULL, NULL),
                     WH_ERROR_USAGE);
    expectServing(p);
    /* MACs: generating needs SIGN, verifying VERIFY. */
    len = sizeof(buf);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, K_AES256, buf, 16, NULL,
                            0, buf, &len),
                     WH_ERROR_USAGE);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_AES128, buf, 16, buf,
                            16, NULL, NULL),
                     WH_ERROR_USAGE);
    expectServing(p);
    assert_int_equal(hkdf(p, WH_CRYPTO_SHA256, K_AES128, NULL, 0, NULL, 0, 16, 0, 0, &id),
                     WH_ERROR_USAGE);
    /* A key pair made for signing only. */
    len = sizeof(pub);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ED25519, 90, WH_NVM_FLAGS_USAGE_SIGN, &id, pub, &len),
                     WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 90, NULL, 0, buf, 64, buf, 10), WH_ERROR_USAGE);
    len = sizeof(pub);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ED25519, 91, WH_NVM_FLAGS_USAGE_VERIFY, &id, pub, &len),
                     WH_ERROR_OK);
    len = sizeof(buf);
    assert_int_equal(sign(p, WH_CRYPTO_ED25519, 91, buf, 10, buf, &len), WH_ERROR_USAGE);
    expectServing(p);
}

static void test_unknown_algorithm(void** state)
{
    whTestPair* p = *state;
    uint8_t     buf[64];
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint16_t    len;
    uint16_t    id = 0;
    uint16_t    size;
    int32_t     rc;

    whTest_Fill(buf, sizeof(buf), 54);
    cacheKey(p, K_AES128, SECRET(WH_NVM_FLAGS_USAGE_ANY), buf, 16);
    len = sizeof(buf);
    assert_int_equal(digest(p, 0, WH_CRYPTO_STEP_ONESHOT, 0, buf, 16, NULL, 0, buf, &len),
                     WH_ERROR_BADALG);
    assert_int_equal(digest(p, 0x4242, WH_CRYPTO_STEP_INIT, 0, buf, 16, NULL, 0, buf, &len),
                     WH_ERROR_BADALG);
    expectServing(p);
    assert_int_equal(cipher(p, 0, WH_CRYPTO_ENCRYPT, K_AES128, NULL, 0, NULL, 0, buf, 16, NULL, 0,
                            buf, &len, NULL, NULL),
                     WH_ERROR_BADALG);
    assert_int_equal(cipher(p, 99, WH_CRYPTO_ENCRYPT, K_AES128, NULL, 0, NULL, 0, buf, 16, NULL, 0,
                            buf, &len, NULL, NULL),
                     WH_ERROR_BADALG);
    expectServing(p);
    assert_int_equal(hkdf(p, 7, K_AES128, NULL, 0, NULL, 0, 16, 0, 0, &id), WH_ERROR_BADALG);
    len = sizeof(pub);
    assert_int_equal(keygen(p, 9, 0, 0, &id, pub, &len), WH_ERROR_BADALG);
    assert_int_equal(keygen(p, WH_KEY_TYPE_SECRET, 0, 0, &id, pub, &len), WH_ERROR_BADALG);
    len = sizeof(buf);
    assert_int_equal(sign(p, 9, K_AES128, buf, 32, buf, &len), WH_ERROR_BADALG);
    assert_int_equal(sign(p, WH_CRYPTO_LMS, K_AES128, buf, 32, buf, &len), WH_ERROR_BADALG);
    assert_int_equal(verify(p, 9, K_AES128, NULL, 0, buf, 8, buf, 32), WH_ERROR_BADALG);
    expectServing(p);

    /* Raw requests: an unknown CRYPTO action, and digest requests shorter than they say.
     * The server answers in the header (aux) and counts them as malformed. */
    expectedMalformed = 3;
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO, 0x7E), 0),
                     WH_ERROR_OK);
    whTest_Serve(p);
    rc = RC_UNSET;
    assert_int_equal(wh_CommClient_RecvResponse(&p->client.comm, &size, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADKIND);
    memset(wh_CommClient_GetData(&p->client.comm), 0, 4);
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO,
                                                               WH_MESSAGE_CRYPTO_ACTION_DIGEST),
                                               4),
                     WH_ERROR_OK);
    whTest_Serve(p);
    rc  = RC_UNSET;
    len = sizeof(buf);
    assert_int_equal(wh_Client_DigestResponse(&p->client, buf, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_TRUNCATED);
    /* A raw digest request whose dataLen claims more than was sent. */
    {
        whMessageCryptoDigestRequest q = {.alg     = WH_CRYPTO_SHA256,
                                          .step    = WH_CRYPTO_STEP_ONESHOT,
                                          .dataLen = 100};
        memcpy(wh_CommClient_GetData(&p->client.comm), &q, sizeof(q));
        assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                                   WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO,
                                                                   WH_MESSAGE_CRYPTO_ACTION_DIGEST),
                                                   sizeof(q) + 10),
                         WH_ERROR_OK);
        whTest_Serve(p);
        rc  = RC_UNSET;
        len = sizeof(buf);
        assert_int_equal(wh_Client_DigestResponse(&p->client, buf, &len, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_TRUNCATED);
    }
    expectServing(p);
}

/* A raw cipher step (streamed GCM), sent and served; returns the HSM's rc. */
static int32_t rawCipherStep(whTestPair* p, uint16_t step, uint16_t dir, uint16_t keyId,
                             uint16_t ivLen)
{
    whMessageCryptoCipherRequest q = {.mode   = WH_CRYPTO_AES_GCM,
                                      .dir    = dir,
                                      .keyId  = keyId,
                                      .ivLen  = ivLen,
                                      .tagLen = (step == WH_CRYPTO_STEP_FINAL) ? 16u : 0u,
                                      .step   = step};
    uint8_t*                     d = wh_CommClient_GetData(&p->client.comm);
    uint8_t                      out[64];
    uint8_t                      tag[16];
    uint16_t                     outLen = sizeof(out);
    uint16_t                     tagLen = sizeof(tag);
    int32_t                      rc     = RC_UNSET;

    memcpy(d, &q, sizeof(q));
    memset(d + sizeof(q), 0x11, ivLen);
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO,
                                                               WH_MESSAGE_CRYPTO_ACTION_CIPHER),
                                               (uint16_t)(sizeof(q) + ivLen)),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CipherResponse(&p->client, out, &outLen, tag, &tagLen, &rc),
                     WH_ERROR_OK);
    return rc;
}

static void test_gcm_stream_rules(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[32];
    uint8_t     out[32];
    uint16_t    outLen = sizeof(out);

    whTest_Fill(key, sizeof(key), 90);
    cacheKey(p, K_AES256, SECRET(ENC_DEC), key, sizeof(key));
    /* No stream open: UPDATE and FINAL are refused. */
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_UPDATE, WH_CRYPTO_ENCRYPT, 0, 0),
                     WH_ERROR_NOSTREAM);
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_FINAL, WH_CRYPTO_ENCRYPT, 0, 0),
                     WH_ERROR_NOSTREAM);
    /* Decryption is never streamed: no plaintext before the tag is checked. */
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_INIT, WH_CRYPTO_DECRYPT, K_AES256, 12),
                     WH_ERROR_BADARGS);
    /* A stream opened, then replaced by a digest: it is gone. */
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_INIT, WH_CRYPTO_ENCRYPT, K_AES256, 12),
                     WH_ERROR_OK);
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_UPDATE, WH_CRYPTO_ENCRYPT, 0, 0), WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, (const uint8_t*)"abc",
                            3, NULL, 0, out, &outLen),
                     WH_ERROR_OK);
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_FINAL, WH_CRYPTO_ENCRYPT, 0, 0),
                     WH_ERROR_NOSTREAM);
    /* A fresh stream completes. */
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_INIT, WH_CRYPTO_ENCRYPT, K_AES256, 12),
                     WH_ERROR_OK);
    assert_int_equal(rawCipherStep(p, WH_CRYPTO_STEP_FINAL, WH_CRYPTO_ENCRYPT, 0, 0), WH_ERROR_OK);
    expectServing(p);
}

/* ---- tests: the client's own checks ---- */

static void test_too_large_refused_locally(void** state)
{
    whTestPair*    p = *state;
    static uint8_t big[WOLFHSM_CFG_COMM_DATA_LEN + 64];
    const uint32_t requestsBefore = whTest_ServerRequests(p);
    uint8_t        label[WH_NVM_LABEL_LEN + 1];

    memset(label, 'L', sizeof(label));
    whTest_Fill(big, sizeof(big), 55);
    assert_int_equal(wh_Client_RngGenerateRequest(&p->client, WH_CLIENT_RNG_MAX_LEN + 1),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT,
                                             0, big, WH_CLIENT_DIGEST_MAX_DATA + 1, NULL, 0),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_DigestRequest(&p->client, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY,
                                             1, big, WH_CLIENT_DIGEST_MAX_DATA - 15, big, 16),
                     WH_ERROR_BADARGS);
    /* Cipher: the request (IV + AAD + data + tag) and the response (data + tag) must fit. */
    assert_int_equal(wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, 1,
                                             big, 16, NULL, 0, big, WH_CLIENT_CIPHER_MAX_PARTS - 15,
                                             NULL, 0),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, 1,
                                             big, 12, big, 100, big,
                                             WH_CLIENT_CIPHER_MAX_PARTS - 12 - 100 - 15, big, 16),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 1,
                                             NULL, 0, NULL, 0, big, WH_CLIENT_CRYPTO_OUT_MAX - 15,
                                             NULL, 16),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_HkdfRequest(&p->client, WH_CRYPTO_SHA256, 1, big, 1000, big,
                                           WH_CLIENT_HKDF_MAX_PARTS - 999, 32, 0, 0, NULL, 0),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_HkdfRequest(&p->client, WH_CRYPTO_SHA256, 1, NULL, 0, NULL, 0, 32, 0,
                                           0, label, sizeof(label)),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_KeyGenerateRequest(&p->client, WH_KEY_TYPE_ECC_P256, 0, 0, label,
                                                  sizeof(label)),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_SignRequest(&p->client, WH_CRYPTO_ED25519, 1, big,
                                           WH_CLIENT_SIGN_MAX_MSG + 1),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_VerifyRequest(&p->client, WH_CRYPTO_ED25519, 0, big, 32, big, 64,
                                             big, WH_CLIENT_VERIFY_MAX_PARTS - 95),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_SharedSecretRequest(&p->client, 1, big, WH_CLIENT_SHARED_MAX_PUB + 1,
                                                   0, 0, NULL, 0),
                     WH_ERROR_BADARGS);
    /* NULL buffers with a length. */
    assert_int_equal(wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT,
                                             0, NULL, 1, NULL, 0),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, 1,
                                             big, 12, NULL, 0, big, 16, NULL, 16),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_DigestRequest(NULL, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0,
                                             NULL, 0, NULL, 0),
                     WH_ERROR_BADARGS);

    /* Nothing was sent: the server saw no request, and the client is not busy. */
    assert_int_equal(whTest_ServerRequests(p), requestsBefore);
    /* The largest requests that fit go through. */
    {
        uint8_t  out[WH_CRYPTO_MAX_DIGEST];
        uint16_t len = sizeof(out);
        uint8_t  ref[32];
        assert_int_equal(digest(p, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, big,
                                WH_CLIENT_DIGEST_MAX_DATA, NULL, 0, out, &len),
                         WH_ERROR_OK);
        swHash(WH_CRYPTO_SHA256, big, WH_CLIENT_DIGEST_MAX_DATA, ref);
        assert_memory_equal(out, ref, 32);
    }
    {
        static uint8_t out[WOLFHSM_CFG_COMM_DATA_LEN];
        static uint8_t ref[WOLFHSM_CFG_COMM_DATA_LEN];
        const uint16_t n      = (uint16_t)(WH_CLIENT_CIPHER_MAX_PARTS - 16);
        uint16_t       outLen = sizeof(out);
        cacheKey(p, K_AES128, SECRET(ENC_DEC), big, 16);
        assert_int_equal(cipher(p, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, K_AES128, big + 100, 16,
                                NULL, 0, big, n, NULL, 0, out, &outLen, NULL, NULL),
                         WH_ERROR_OK);
        assert_int_equal(outLen, n);
        swAes(WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, big, 16, big + 100, big, n, ref);
        assert_memory_equal(out, ref, n);
    }
    assert_int_equal(whTest_ServerMalformed(p), 0);
}

#ifndef WH_TEST_TARGET /* a fake HSM answers in the server's place */
/* The HSM (here faked) claims more output than it sent: the client says TRUNCATED. */
static void fakeResponse(whTestPair* p, const void* payload, uint16_t size)
{
    whCommHeader hdr;
    uint16_t     reqSize = 0;

    assert_int_equal(wh_CommServer_RecvRequest(&p->server.comm, &hdr, &reqSize), WH_ERROR_OK);
    memcpy(wh_CommServer_GetResponseData(&p->server.comm), payload, size);
    assert_int_equal(wh_CommServer_SendResponse(&p->server.comm, &hdr, 0, size), WH_ERROR_OK);
}

static void test_truncated_responses(void** state)
{
    whTestPair* p = *state;
    uint8_t     payload[64];
    uint8_t     out[64];
    uint16_t    len;
    uint16_t    tagLen;
    uint16_t    id;
    int32_t     rc;

    memset(payload, 0x11, sizeof(payload));
    /* Digest: 32 bytes claimed, 10 sent. */
    {
        const whMessageCryptoOutResponse r = {.len = 32};
        memcpy(payload, &r, sizeof(r));
        assert_int_equal(wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256,
                                                 WH_CRYPTO_STEP_ONESHOT, 0, NULL, 0, NULL, 0),
                         WH_ERROR_OK);
        fakeResponse(p, payload, sizeof(r) + 10);
        memset(out, 0xA5, sizeof(out));
        len = sizeof(out);
        rc  = RC_UNSET;
        assert_int_equal(wh_Client_DigestResponse(&p->client, out, &len, &rc), WH_ERROR_TRUNCATED);
        assert_int_equal(rc, RC_UNSET);
        assert_int_equal(len, sizeof(out));
        assert_true(whTest_AllEqual(out, sizeof(out), 0xA5));
    }
    /* Cipher: data fits, the tag does not. */
    {
        const whMessageCryptoOutResponse r = {.len = 16, .tagLen = 16};
        memcpy(payload, &r, sizeof(r));
        assert_int_equal(wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT,
                                                 1, out, 12, NULL, 0, out, 16, NULL, 16),
                         WH_ERROR_OK);
        fakeResponse(p, payload, sizeof(r) + 16 + 15);
        len    = sizeof(out);
        tagLen = 16;
        assert_int_equal(wh_Client_CipherResponse(&p->client, out, &len, out + 32, &tagLen, &rc),
                         WH_ERROR_TRUNCATED);
    }
    /* A message shorter than the response header. */
    assert_int_equal(wh_Client_RngGenerateRequest(&p->client, 4), WH_ERROR_OK);
    fakeResponse(p, payload, sizeof(whMessageCryptoOutResponse) - 1);
    len = sizeof(out);
    assert_int_equal(wh_Client_RngGenerateResponse(&p->client, out, &len, &rc), WH_ERROR_TRUNCATED);
    /* Key generation: a public key of 64 bytes claimed, none sent. */
    {
        const whMessageCryptoKeyResponse r = {.keyId = 5, .pubLen = 64};
        memcpy(payload, &r, sizeof(r));
        assert_int_equal(wh_Client_KeyGenerateRequest(&p->client, WH_KEY_TYPE_ECC_P256, 0, 0, NULL,
                                                      0),
                         WH_ERROR_OK);
        fakeResponse(p, payload, sizeof(r));
        id  = 0x7777;
        len = sizeof(out);
        assert_int_equal(wh_Client_KeyGenerateResponse(&p->client, &id, out, &len, &rc),
                         WH_ERROR_TRUNCATED);
        assert_int_equal(id, 0x7777);
    }
    /* The client is in step again: a real round trip works. */
    expectServing(p);
}
#endif

/* ---- tests: blocking wrappers (server thread), long inputs split over messages ---- */

/* Requests the client has sent (its sequence number; read in the client's thread). */
static uint16_t sent(const whTestPair* p)
{
    return p->client.comm.seq;
}

static void test_blocking_hashes(void** state)
{
    whTestPair*    p = *state;
    static uint8_t data[3 * WOLFHSM_CFG_COMM_DATA_LEN + 100];
    const uint32_t max    = WH_CLIENT_DIGEST_MAX_DATA;
    const uint32_t lens[] = {0, 1, max - 1, max, max + 1, 2 * max, 2 * max + 1, sizeof(data)};
    uint8_t        out[WH_CRYPTO_MAX_DIGEST];
    uint8_t        ref[WH_CRYPTO_MAX_DIGEST];
    uint16_t       before;
    int32_t        rc;
    size_t         i;

    whTest_Fill(data, sizeof(data), 60);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        rc = RC_UNSET;
        assert_int_equal(wh_Client_Sha256(&p->client, data, lens[i], out, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        swHash(WH_CRYPTO_SHA256, data, lens[i], ref);
        assert_memory_equal(out, ref, 32);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_Sha384(&p->client, data, lens[i], out, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        swHash(WH_CRYPTO_SHA384, data, lens[i], ref);
        assert_memory_equal(out, ref, 48);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_Sha512(&p->client, data, lens[i], out, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        swHash(WH_CRYPTO_SHA512, data, lens[i], ref);
        assert_memory_equal(out, ref, 64);
    }
    /* One message when it fits, one per max bytes otherwise. */
    before = sent(p);
    assert_int_equal(wh_Client_Sha256(&p->client, data, max, out, &rc), WH_ERROR_OK);
    assert_int_equal((uint16_t)(sent(p) - before), 1);
    before = sent(p);
    assert_int_equal(wh_Client_Sha256(&p->client, data, 2 * max + 1, out, &rc), WH_ERROR_OK);
    assert_int_equal((uint16_t)(sent(p) - before), 3);
    /* NULL data with a length, NULL out. */
    assert_int_equal(wh_Client_Sha256(&p->client, NULL, 5, out, &rc), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_Sha256(&p->client, data, 5, NULL, &rc), WH_ERROR_BADARGS);
}

static void test_blocking_macs(void** state)
{
    whTestPair*    p = *state;
    static uint8_t data[2 * WOLFHSM_CFG_COMM_DATA_LEN + 77];
    uint8_t        key[32];
    uint8_t        out[WH_CRYPTO_MAX_DIGEST];
    uint8_t        ref[WH_CRYPTO_MAX_DIGEST];
    uint16_t       len;
    uint16_t       id = K_MAC;
    int32_t        rc;
    const uint32_t lens[] = {0, 100, WH_CLIENT_DIGEST_MAX_DATA - 16, WH_CLIENT_DIGEST_MAX_DATA - 15,
                             sizeof(data)};
    size_t         i;

    whTest_Fill(data, sizeof(data), 61);
    whTest_Fill(key, sizeof(key), 62);
    assert_int_equal(wh_Client_KeyCache(&p->client, SECRET(SIGN_VERIFY), 0, NULL, 32, key, &id,
                                        &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        len = sizeof(out);
        assert_int_equal(wh_Client_Hmac(&p->client, WH_CRYPTO_HMAC_SHA256, K_MAC, data, lens[i],
                                        out, &len, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(len, 32);
        swHmac(WC_SHA256, key, 32, data, lens[i], ref);
        assert_memory_equal(out, ref, 32);

        len = sizeof(out);
        assert_int_equal(wh_Client_CmacGenerate(&p->client, K_MAC, data, lens[i], out, &len, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(len, 16);
        swCmac(key, 32, data, lens[i], ref);
        assert_memory_equal(out, ref, 16);

        /* Verify: in the HSM while data + tag fit one message, else here. */
        assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, lens[i], ref, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, lens[i], ref, 4, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        ref[3] ^= 1;
        assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, lens[i], ref, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_AUTH);
        assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, lens[i], ref, 4, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_AUTH);
    }
    /* HMAC-SHA384 long. */
    len = sizeof(out);
    assert_int_equal(wh_Client_Hmac(&p->client, WH_CRYPTO_HMAC_SHA384, K_MAC, data, sizeof(data),
                                    out, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, 48);
    swHmac(WC_SHA384, key, 32, data, sizeof(data), ref);
    assert_memory_equal(out, ref, 48);
    /* A buffer too small for the MAC. */
    len = 20;
    assert_int_equal(wh_Client_Hmac(&p->client, WH_CRYPTO_HMAC_SHA256, K_MAC, data, 10, out, &len,
                                    &rc),
                     WH_ERROR_BUFFER_SIZE);
    /* Tag sizes the client refuses. */
    assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, 10, ref, 3, &rc),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CmacVerify(&p->client, K_MAC, data, 10, ref, 17, &rc),
                     WH_ERROR_BADARGS);
    /* A verify-only key: verified in the HSM when it fits; a long input needs SIGN. */
    id = K_IKM;
    assert_int_equal(wh_Client_KeyCache(&p->client, SECRET(WH_NVM_FLAGS_USAGE_VERIFY), 0, NULL, 32,
                                        key, &id, &rc),
                     WH_ERROR_OK);
    swCmac(key, 32, data, 100, ref);
    assert_int_equal(wh_Client_CmacVerify(&p->client, K_IKM, data, 100, ref, 16, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    swCmac(key, 32, data, sizeof(data), ref);
    assert_int_equal(wh_Client_CmacVerify(&p->client, K_IKM, data, sizeof(data), ref, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_USAGE);
    /* A MAC with a missing key, streamed: the first message fails, nothing more is sent. */
    len = sizeof(out);
    assert_int_equal(wh_Client_CmacGenerate(&p->client, K_MISSING, data, sizeof(data), out, &len,
                                            &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
}

static void test_blocking_rng(void** state)
{
    whTestPair*    p = *state;
    static uint8_t a[3 * WOLFHSM_CFG_COMM_DATA_LEN];
    static uint8_t b[3 * WOLFHSM_CFG_COMM_DATA_LEN];
    uint32_t       before = sent(p);
    int32_t        rc     = RC_UNSET;

    assert_int_equal(wh_Client_RngGenerate(&p->client, a, sizeof(a), &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal((uint16_t)(sent(p) - before),
                     (sizeof(a) + WH_CLIENT_RNG_MAX_LEN - 1) / WH_CLIENT_RNG_MAX_LEN);
    assert_int_equal(wh_Client_RngGenerate(&p->client, b, sizeof(b), &rc), WH_ERROR_OK);
    assert_memory_not_equal(a, b, sizeof(a));
    /* Every part was written: no 1 KiB run of zeros anywhere. */
    {
        size_t  i;
        uint8_t zero[1024] = {0};
        for (i = 0; i + sizeof(zero) <= sizeof(a); i += sizeof(zero)) {
            assert_memory_not_equal(a + i, zero, sizeof(zero));
        }
    }
    rc = RC_UNSET;
    assert_int_equal(wh_Client_RngGenerate(&p->client, a, 0, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_RngGenerate(&p->client, NULL, 5, &rc), WH_ERROR_BADARGS);

    /* A seed of any length: one request per WH_CRYPTO_RNG_SEED_MAX bytes. */
    before = sent(p);
    rc     = RC_UNSET;
    assert_int_equal(wh_Client_RngSeed(&p->client, b, WH_CRYPTO_RNG_SEED_MAX + 1, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal((uint16_t)(sent(p) - before), 2);
    assert_int_equal(wh_Client_RngGenerate(&p->client, a, 64, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

static void test_blocking_aes(void** state)
{
    whTestPair*           p = *state;
    static uint8_t        plain[4 * WOLFHSM_CFG_COMM_DATA_LEN + 48];
    static uint8_t        out[sizeof(plain)];
    static uint8_t        ref[sizeof(plain)];
    static uint8_t        back[sizeof(plain)];
    static const uint16_t modes[] = {WH_CRYPTO_AES_ECB, WH_CRYPTO_AES_CBC, WH_CRYPTO_AES_CTR};
    uint8_t               key[24];
    uint8_t               iv[16];
    uint8_t               tag[16];
    uint16_t              id = K_AES256;
    int32_t               rc;
    size_t                m;

    whTest_Fill(plain, sizeof(plain), 70);
    whTest_Fill(key, sizeof(key), 71);
    memset(iv, 0xFF, sizeof(iv)); /* the counter wraps around 2^128 on the way */
    iv[0] = 0x01;
    assert_int_equal(wh_Client_KeyCache(&p->client, SECRET(ENC_DEC), 0, NULL, sizeof(key), key, &id,
                                        &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    for (m = 0; m < 3; m++) {
        const uint32_t len    = (modes[m] == WH_CRYPTO_AES_CTR) ? sizeof(plain) - 5 : sizeof(plain);
        const uint16_t ivLen  = (modes[m] == WH_CRYPTO_AES_ECB) ? 0 : 16;
        const uint32_t before = sent(p);

        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesCipher(&p->client, modes[m], WH_CRYPTO_ENCRYPT, K_AES256, iv,
                                             ivLen, plain, len, out, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_true((uint16_t)(sent(p) - before) >= 5); /* split */
        swAes(modes[m], WH_CRYPTO_ENCRYPT, key, sizeof(key), iv, plain, len, ref);
        assert_memory_equal(out, ref, len);
        /* Decrypt in place. */
        memcpy(back, out, len);
        assert_int_equal(wh_Client_AesCipher(&p->client, modes[m], WH_CRYPTO_DECRYPT, K_AES256, iv,
                                             ivLen, back, len, back, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(back, plain, len);
    }
    /* Short input: one message. */
    assert_int_equal(wh_Client_AesCipher(&p->client, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, K_AES256,
                                         iv, 16, plain, 32, out, &rc),
                     WH_ERROR_OK);
    swAes(WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, key, sizeof(key), iv, plain, 32, ref);
    assert_memory_equal(out, ref, 32);
    /* A long CBC input with a partial block: the HSM refuses the last message. */
    assert_int_equal(wh_Client_AesCipher(&p->client, WH_CRYPTO_AES_CBC, WH_CRYPTO_ENCRYPT, K_AES256,
                                         iv, 16, plain, sizeof(plain) - 1, out, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    /* Split needs a 16-byte IV. */
    assert_int_equal(wh_Client_AesCipher(&p->client, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, K_AES256,
                                         iv, 8, plain, sizeof(plain), out, &rc),
                     WH_ERROR_BADARGS);
    /* A usage failure is reported, not a partial success. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_AesCipher(&p->client, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT,
                                         K_MISSING, iv, 16, plain, sizeof(plain), out, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);

    /* GCM: one message each way; too large is refused locally. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_AesGcmEncrypt(&p->client, K_AES256, iv, 12, key, 7, plain, 500, out,
                                             tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    {
        uint8_t refTag[16];
        swGcmEncrypt(key, sizeof(key), iv, 12, key, 7, plain, 500, ref, refTag, 16);
        assert_memory_equal(out, ref, 500);
        assert_memory_equal(tag, refTag, 16);
    }
    memset(back, 0, 500);
    assert_int_equal(wh_Client_AesGcmDecrypt(&p->client, K_AES256, iv, 12, key, 7, out, 500, tag,
                                             16, back, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(back, plain, 500);
    tag[15] ^= 0x40;
    memset(back, 0xA5, 500);
    assert_int_equal(wh_Client_AesGcmDecrypt(&p->client, K_AES256, iv, 12, key, 7, out, 500, tag,
                                             16, back, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    assert_true(whTest_AllEqual(back, 500, 0xA5));
    /* Longer than one message: streamed (INIT with IV and AAD, UPDATEs, FINAL), and the
     * same ciphertext and tag as one-shot GCM in software. */
    {
        const uint16_t big = (uint16_t)(2 * WOLFHSM_CFG_COMM_DATA_LEN + 40);
        uint8_t        refTag[16];
        rc = -1;
        assert_int_equal(wh_Client_AesGcmEncrypt(&p->client, K_AES256, iv, 12, key, 7, plain, big,
                                                 out, tag, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        swGcmEncrypt(key, sizeof(key), iv, 12, key, 7, plain, big, ref, refTag, 16);
        assert_memory_equal(out, ref, big);
        assert_memory_equal(tag, refTag, 16);
        /* AAD must fit the first message. */
        assert_int_equal(wh_Client_AesGcmEncrypt(&p->client, K_AES256, iv, 12, plain,
                                                 WH_CLIENT_CIPHER_MAX_PARTS, plain, big, out, tag,
                                                 16, &rc),
                         WH_ERROR_BADARGS);
    }
    assert_int_equal(wh_Client_AesGcmDecrypt(&p->client, K_AES256, iv, 12, NULL, 0, plain,
                                             WH_CLIENT_CIPHER_MAX_PARTS - 12 - 15, tag, 16, out,
                                             &rc),
                     WH_ERROR_BADARGS);
}

static void test_blocking_keys(void** state)
{
    whTestPair* p = *state;
    uint8_t     ikm[32];
    uint8_t     pubA[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     pubB[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     sA[32];
    uint8_t     sB[32];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint8_t     hash[48];
    uint16_t    lenA = sizeof(pubA), lenB = sizeof(pubB), len;
    uint16_t    idA = 0, idB = 0, secA = 0, secB = 0, id;
    int32_t     rc = RC_UNSET;

    whTest_Fill(ikm, sizeof(ikm), 80);
    whTest_Fill(hash, sizeof(hash), 81);
    assert_int_equal(wh_Client_KeyGenerate(&p->client, WH_KEY_TYPE_ECC_P256,
                                           SIGN_VERIFY | WH_NVM_FLAGS_USAGE_DERIVE,
                                           (const uint8_t*)"a", 1, &idA, pubA, &lenA, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(lenA, 64);
    idB = 33;
    assert_int_equal(wh_Client_KeyGenerate(&p->client, WH_KEY_TYPE_ECC_P256,
                                           WH_NVM_FLAGS_USAGE_DERIVE, NULL, 0, &idB, pubB, &lenB,
                                           &rc),
                     WH_ERROR_OK);
    assert_int_equal(idB, 33);
    /* Without the public key. */
    id = 0;
    assert_int_equal(wh_Client_KeyGenerate(&p->client, WH_KEY_TYPE_X25519, 0, NULL, 0, &id, NULL,
                                           NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    assert_int_equal(wh_Client_KeyGenerate(&p->client, WH_KEY_TYPE_X25519, 0, NULL, 0, NULL, NULL,
                                           NULL, &rc),
                     WH_ERROR_BADARGS);

    len = sizeof(pub);
    assert_int_equal(wh_Client_PublicKey(&p->client, idA, pub, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(pub, pubA, 64);

    len = sizeof(sig);
    assert_int_equal(wh_Client_Sign(&p->client, WH_CRYPTO_ECDSA_P256, idA, hash, 48, sig, &len,
                                    &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_Verify(&p->client, WH_CRYPTO_ECDSA_P256, 0, pubA, 64, sig, len, hash,
                                      48, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_Verify(&p->client, WH_CRYPTO_ECDSA_P256, 0, pubB, 64, sig, len, hash,
                                      48, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);

    assert_int_equal(wh_Client_SharedSecret(&p->client, idA, pubB, 64, 0, NULL, 0, &secA, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SharedSecret(&p->client, idB, pubA, 64, 0, NULL, 0, &secB, &rc),
                     WH_ERROR_OK);
    len = sizeof(sA);
    assert_int_equal(wh_Client_KeyExport(&p->client, secA, NULL, 0, NULL, &len, sA, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    len = sizeof(sB);
    assert_int_equal(wh_Client_KeyExport(&p->client, secB, NULL, 0, NULL, &len, sB, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(sA, sB, 32);

    id = 0;
    assert_int_equal(wh_Client_KeyCache(&p->client, SECRET(WH_NVM_FLAGS_USAGE_DERIVE), 0, NULL,
                                        sizeof(ikm), ikm, &id, &rc),
                     WH_ERROR_OK);
    secA = 0;
    assert_int_equal(wh_Client_Hkdf(&p->client, WH_CRYPTO_SHA384, id, NULL, 0, NULL, 0, 32, 0, NULL,
                                    0, &secA, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    len = sizeof(sA);
    assert_int_equal(wh_Client_KeyExport(&p->client, secA, NULL, 0, NULL, &len, sA, &rc),
                     WH_ERROR_OK);
    {
        uint8_t ref[32];
        assert_int_equal(wc_HKDF(WC_SHA384, ikm, sizeof(ikm), NULL, 0, NULL, 0, ref, 32), 0);
        assert_memory_equal(sA, ref, 32);
    }
    assert_int_equal(wh_Client_Hkdf(&p->client, WH_CRYPTO_SHA384, id, NULL, 0, NULL, 0, 32, 0, NULL,
                                    0, NULL, &rc),
                     WH_ERROR_BADARGS);
}

/* ---- The MAC fast path (MAC_GENERATE, MAC_VERIFY) ---- */

#define K_FAST 20 /* fast-path keys: K_FAST.. */

static void cacheKeyMin(whTestPair* p, uint16_t id, uint16_t flags, uint16_t macMinBits,
                        const uint8_t* key, uint16_t len)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p,
               wh_Client_KeyCacheExRequest(&p->client, id, flags, macMinBits, 4,
                                           (const uint8_t*)"fast", len, key),
               wh_Client_KeyCacheResponse(&p->client, &out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(out, id);
}

/* One key request by id (evict, commit or erase): the HSM's rc. */
static int32_t keyOp(whTestPair* p, int (*request)(whClientContext*, uint16_t),
                     int (*response)(whClientContext*, int32_t*), uint16_t id)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, request(&p->client, id), response(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t macGen(whTestPair* p, uint16_t keyId, const uint8_t* msg, uint16_t len,
                      uint16_t bits, uint8_t* tag, uint16_t* inout_tagLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_MacGenerateRequest(&p->client, WH_CRYPTO_CMAC_AES, keyId, msg, len, bits),
               wh_Client_MacGenerateResponse(&p->client, tag, inout_tagLen, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t macVer(whTestPair* p, uint16_t keyId, const uint8_t* msg, uint16_t len,
                      const uint8_t* tag, uint16_t bits)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_MacVerifyRequest(&p->client, WH_CRYPTO_CMAC_AES, keyId, msg, len, tag,
                                          bits),
               wh_Client_MacVerifyResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* The full 16-byte tag the fast path makes (asserts success). */
static void macFull(whTestPair* p, uint16_t keyId, const uint8_t* msg, uint16_t len,
                    uint8_t* out_tag)
{
    uint16_t tagLen = WH_CLIENT_CMAC_LEN;

    assert_int_equal(macGen(p, keyId, msg, len, 128, out_tag, &tagLen), WH_ERROR_OK);
    assert_int_equal(tagLen, WH_CLIENT_CMAC_LEN);
}

#ifndef WH_TEST_TARGET
/* Host only (the server is in this process): how many of the context's prepared keys are in
 * use, and is every free one wiped? */
static unsigned preparedInUse(whTestPair* p)
{
    static const whServerMacPrepared zero;
    unsigned                         n = 0;
    unsigned                         i;

    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) {
        const whServerMacPrepared* m = &p->server.crypto.macPrepared[i];
        if (m->owner != NULL) {
            n++;
        }
        else {
            assert_memory_equal(m, &zero, sizeof(zero));
        }
    }
    return n;
}
#endif

/* RFC 4493 (AES-128) and SP 800-38B D.3 (AES-256): all four message lengths through the fast
 * path, generated and verified (tests/cmac_vectors.py recomputes them). */
static void test_mac_vectors(void** state)
{
    static const uint8_t  key128[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                        0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t  key256[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
                                        0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
                                        0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7,
                                        0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
    static const uint8_t  msg[64]    = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d,
                                        0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57,
                                        0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf,
                                        0x8e, 0x51, 0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11,
                                        0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef, 0xf6, 0x9f,
                                        0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17, 0xad, 0x2b, 0x41, 0x7b,
                                        0xe6, 0x6c, 0x37, 0x10};
    static const uint16_t lens[4]    = {0, 16, 40, 64};
    static const uint8_t  want[2][4][16] = {{{0xbb, 0x1d, 0x69, 0x29, 0xe9, 0x59, 0x37, 0x28, 0x7f,
                                              0xa3, 0x7d, 0x12, 0x9b, 0x75, 0x67, 0x46},
                                             {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44, 0xf7,
                                              0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c},
                                             {0xdf, 0xa6, 0x67, 0x47, 0xde, 0x9a, 0xe6, 0x30, 0x30,
                                              0xca, 0x32, 0x61, 0x14, 0x97, 0xc8, 0x27},
                                             {0x51, 0xf0, 0xbe, 0xbf, 0x7e, 0x3b, 0x9d, 0x92, 0xfc,
                                              0x49, 0x74, 0x17, 0x79, 0x36, 0x3c, 0xfe}},
                                            {{0x02, 0x89, 0x62, 0xf6, 0x1b, 0x7b, 0xf8, 0x9e, 0xfc,
                                              0x6b, 0x55, 0x1f, 0x46, 0x67, 0xd9, 0x83},
                                             {0x28, 0xa7, 0x02, 0x3f, 0x45, 0x2e, 0x8f, 0x82, 0xbd,
                                              0x4b, 0xf2, 0x8d, 0x8c, 0x37, 0xc3, 0x5c},
                                             {0xaa, 0xf3, 0xd8, 0xf1, 0xde, 0x56, 0x40, 0xc2, 0x32,
                                              0xf5, 0xb1, 0x69, 0xb9, 0xc9, 0x11, 0xe6},
                                             {0xe1, 0x99, 0x21, 0x90, 0x54, 0x9f, 0x6e, 0xd5, 0x69,
                                              0x6a, 0x2c, 0x05, 0x6c, 0x31, 0x54, 0x10}}};
    whTestPair*           p              = *state;
    uint8_t               tag[WH_CLIENT_CMAC_LEN];
    unsigned              k;
    unsigned              i;

    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, key128, sizeof(key128));
    cacheKeyMin(p, K_FAST + 1, SECRET(SIGN_VERIFY), 0, key256, sizeof(key256));
    for (k = 0; k < 2; k++) {
        for (i = 0; i < 4; i++) {
            uint16_t tagLen = sizeof(tag);
            memset(tag, 0, sizeof(tag));
            assert_int_equal(macGen(p, (uint16_t)(K_FAST + k), msg, lens[i], 128, tag, &tagLen),
                             WH_ERROR_OK);
            assert_int_equal(tagLen, 16);
            assert_memory_equal(tag, want[k][i], 16);
            assert_int_equal(macVer(p, (uint16_t)(K_FAST + k), msg, lens[i], want[k][i], 128),
                             WH_ERROR_OK);
            /* Truncated to 32 bits: the first four bytes. */
            tagLen = sizeof(tag);
            memset(tag, 0xEE, sizeof(tag));
            assert_int_equal(macGen(p, (uint16_t)(K_FAST + k), msg, lens[i], 32, tag, &tagLen),
                             WH_ERROR_OK);
            assert_int_equal(tagLen, 4);
            assert_memory_equal(tag, want[k][i], 4);
            assert_int_equal(tag[4], 0xEE); /* nothing written past the tag */
        }
    }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    /* A global key: prepared per request, the same tags. */
    cacheKeyMin(p, WH_ID_GLOBAL | K_FAST, SECRET(SIGN_VERIFY), 0, key128, sizeof(key128));
    for (i = 0; i < 4; i++) {
        macFull(p, WH_ID_GLOBAL | K_FAST, msg, lens[i], tag);
        assert_memory_equal(tag, want[0][i], 16);
        assert_int_equal(macVer(p, WH_ID_GLOBAL | K_FAST, msg, lens[i], want[0][i], 64),
                         WH_ERROR_OK);
    }
    assert_int_equal(keyOp(p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse,
                           WH_ID_GLOBAL | K_FAST),
                     WH_ERROR_OK);
#endif
}

/* Truncated tags: every length n of 1..128 bits with a key whose policy allows 1 bit. The
 * generated tag is the MAC's first n bits (the rest of its last byte zero); a tag differing
 * only in bits past n verifies, one differing in bit n-1 (its last bit) does not. */
static void test_mac_truncated(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint8_t     msg[21];
    uint8_t     ref[WH_CLIENT_CMAC_LEN];
    uint16_t    n;

    whTest_Fill(key, sizeof(key), 31);
    whTest_Fill(msg, sizeof(msg), 32);
    swCmac(key, sizeof(key), msg, sizeof(msg), ref);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 1, key, sizeof(key));
    for (n = 1; n <= 128; n++) {
        const uint16_t bytes = (uint16_t)((n + 7u) / 8u);
        const uint8_t  mask  = (uint8_t)((n % 8u) ? (0xFF00u >> (n % 8u)) : 0xFFu);
        uint8_t        tag[WH_CLIENT_CMAC_LEN];
        uint16_t       tagLen = sizeof(tag);

        memset(tag, 0xA5, sizeof(tag));
        assert_int_equal(macGen(p, K_FAST, msg, sizeof(msg), n, tag, &tagLen), WH_ERROR_OK);
        assert_int_equal(tagLen, bytes);
        assert_memory_equal(tag, ref, bytes - 1u);
        assert_int_equal(tag[bytes - 1u], ref[bytes - 1u] & mask);
        assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), tag, n), WH_ERROR_OK);
        if ((n % 8u) != 0u) { /* bits past n: ignored */
            tag[bytes - 1u] ^= (uint8_t)~mask;
            assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), tag, n), WH_ERROR_OK);
        }
        /* Bit n-1, the tag's last: refused. */
        tag[(n - 1u) / 8u] ^= (uint8_t)(0x80u >> ((n - 1u) % 8u));
        assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), tag, n), WH_ERROR_AUTH);
        if ((n % 2u) == 1u) { /* odd lengths: the first bit too */
            tag[(n - 1u) / 8u] ^= (uint8_t)(0x80u >> ((n - 1u) % 8u));
            tag[0] ^= 0x80u;
            assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), tag, n), WH_ERROR_AUTH);
        }
    }
    /* The message changed by one bit, at 32 and 64 bits. */
    msg[20] ^= 1u;
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 32), WH_ERROR_AUTH);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 64), WH_ERROR_AUTH);
    msg[20] ^= 1u;
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 32), WH_ERROR_OK);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 64), WH_ERROR_OK);
}

/* The key's minimum tag length: 32 bits by default, what KeyCacheEx set otherwise, kept in
 * NVM with a committed key, and enforced on the digest VERIFY step too. */
static void test_mac_min_tag_policy(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint8_t     msg[8];
    uint8_t     ref[WH_CLIENT_CMAC_LEN];
    uint8_t     tag[WH_CLIENT_CMAC_LEN];
    uint16_t    tagLen;
    int32_t     rc = RC_UNSET;
    uint16_t    id = K_FAST + 2;

    whTest_Fill(key, sizeof(key), 41);
    whTest_Fill(msg, sizeof(msg), 42);
    swCmac(key, sizeof(key), msg, sizeof(msg), ref);

    /* Default: 32 bits. */
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, key, sizeof(key));
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST, msg, sizeof(msg), 31, tag, &tagLen), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 31), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 1), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 32), WH_ERROR_OK);

    /* 64 bits, set at cache time; also on the digest VERIFY step (tag in bytes). */
    cacheKeyMin(p, K_FAST + 1, SECRET(SIGN_VERIFY), 64, key, sizeof(key));
    assert_int_equal(macVer(p, K_FAST + 1, msg, sizeof(msg), ref, 63), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, K_FAST + 1, msg, sizeof(msg), ref, 64), WH_ERROR_OK);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST + 1, msg, sizeof(msg), 56, tag, &tagLen), WH_ERROR_MINTAG);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_FAST + 1, msg,
                            sizeof(msg), ref, 4, NULL, NULL),
                     WH_ERROR_MINTAG);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, K_FAST + 1, msg,
                            sizeof(msg), ref, 8, NULL, NULL),
                     WH_ERROR_OK);

    /* Committed, evicted, loaded back from NVM on use: the policy came with it. */
    assert_int_equal(keyOp(p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, K_FAST + 1),
                     WH_ERROR_OK);
    assert_int_equal(keyOp(p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, K_FAST + 1),
                     WH_ERROR_OK);
    assert_int_equal(macVer(p, K_FAST + 1, msg, sizeof(msg), ref, 63), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, K_FAST + 1, msg, sizeof(msg), ref, 64), WH_ERROR_OK);
    assert_int_equal(keyOp(p, wh_Client_KeyEraseRequest, wh_Client_KeyEraseResponse, K_FAST + 1),
                     WH_ERROR_OK);

    /* A policy over 128 bits is refused, and no key is cached. */
    ROUND_TRIP(p,
               wh_Client_KeyCacheExRequest(&p->client, id, SECRET(SIGN_VERIFY), 129, 0, NULL,
                                           sizeof(key), key),
               wh_Client_KeyCacheResponse(&p->client, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(macVer(p, id, msg, sizeof(msg), ref, 128), WH_ERROR_NOTFOUND);
    /* 128 is the longest: only the whole tag then. */
    cacheKeyMin(p, id, SECRET(SIGN_VERIFY), 128, key, sizeof(key));
    assert_int_equal(macVer(p, id, msg, sizeof(msg), ref, 120), WH_ERROR_MINTAG);
    assert_int_equal(macVer(p, id, msg, sizeof(msg), ref, 128), WH_ERROR_OK);
}

/* The key checks: usage SIGN to generate, VERIFY to verify, an AES key of the secret type. */
static void test_mac_key_checks(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[20];
    uint8_t     msg[8];
    uint8_t     ref[WH_CLIENT_CMAC_LEN];
    uint8_t     tag[WH_CLIENT_CMAC_LEN];
    uint16_t    tagLen = sizeof(tag);

    whTest_Fill(key, sizeof(key), 51);
    whTest_Fill(msg, sizeof(msg), 52);
    swCmac(key, 16, msg, sizeof(msg), ref);

    cacheKeyMin(p, K_FAST, SECRET(WH_NVM_FLAGS_USAGE_SIGN), 0, key, 16);
    cacheKeyMin(p, K_FAST + 1, SECRET(WH_NVM_FLAGS_USAGE_VERIFY), 0, key, 16);
    cacheKeyMin(p, K_FAST + 2, SECRET(ENC_DEC), 0, key, 16);
    cacheKeyMin(p, K_FAST + 3, SECRET(SIGN_VERIFY), 0, key, 20); /* no AES size */

    assert_int_equal(macGen(p, K_FAST, msg, sizeof(msg), 128, tag, &tagLen), WH_ERROR_OK);
    assert_memory_equal(tag, ref, 16);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), ref, 128), WH_ERROR_USAGE);
    assert_int_equal(macVer(p, K_FAST + 1, msg, sizeof(msg), ref, 128), WH_ERROR_OK);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST + 1, msg, sizeof(msg), 128, tag, &tagLen), WH_ERROR_USAGE);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST + 2, msg, sizeof(msg), 128, tag, &tagLen), WH_ERROR_USAGE);
    assert_int_equal(macVer(p, K_FAST + 2, msg, sizeof(msg), ref, 128), WH_ERROR_USAGE);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST + 3, msg, sizeof(msg), 128, tag, &tagLen), WH_ERROR_KEYTYPE);
    assert_int_equal(macVer(p, K_MISSING, msg, sizeof(msg), ref, 128), WH_ERROR_NOTFOUND);
    assert_int_equal(macVer(p, WH_ID_GLOBAL | K_MISSING, msg, sizeof(msg), ref, 128),
                     NO_GLOBAL_KEY_RC);
    {
        uint8_t  pub[WH_CRYPTO_MAX_PUBKEY];
        uint16_t eccId  = 0;
        uint16_t pubLen = sizeof(pub);
        assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, K_ECC, P256(SIGN_VERIFY), &eccId, pub,
                                &pubLen),
                         WH_ERROR_OK);
        assert_int_equal(macVer(p, eccId, msg, sizeof(msg), ref, 128), WH_ERROR_KEYTYPE);
    }
    expectServing(p);
}

/* Bad requests: a clear error, nothing changed (the key and its prepared state still give the
 * same tag; on the host, the prepared entries are those of before). */
static void test_mac_bad_input(void** state)
{
    static uint8_t big[WH_CRYPTO_MAC_MAX_MSG + 1];
    whTestPair*    p = *state;
    uint8_t        key[16];
    uint8_t        ref[WH_CLIENT_CMAC_LEN];
    uint8_t        tag[WH_CLIENT_CMAC_LEN];
    uint16_t       tagLen;
    int32_t        rc = RC_UNSET;
#ifndef WH_TEST_TARGET
    whServerMacPrepared before[WOLFHSM_CFG_SERVER_MAC_PREPARED];
#endif

    whTest_Fill(key, sizeof(key), 61);
    whTest_Fill(big, sizeof(big), 62);
    swCmac(key, sizeof(key), big, WH_CRYPTO_MAC_MAX_MSG, ref);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, key, sizeof(key));
    macFull(p, K_FAST, big, WH_CRYPTO_MAC_MAX_MSG, tag); /* the longest message */
    assert_memory_equal(tag, ref, 16);
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 1);
    memcpy(before, p->server.crypto.macPrepared, sizeof(before));
#endif

    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST, big, 16, 0, tag, &tagLen), WH_ERROR_BADARGS);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST, big, 16, 129, tag, &tagLen), WH_ERROR_BADARGS);
    assert_int_equal(macVer(p, K_FAST, big, 16, ref, 0), WH_ERROR_BADARGS);
    assert_int_equal(macVer(p, K_FAST, big, 16, big, 129), WH_ERROR_BADARGS); /* 17 bytes */
    tagLen = sizeof(tag);
    assert_int_equal(macGen(p, K_FAST, big, sizeof(big), 128, tag, &tagLen), WH_ERROR_BADARGS);
    assert_int_equal(macVer(p, K_FAST, big, sizeof(big), ref, 128), WH_ERROR_BADARGS);
    /* Not CMAC. */
    ROUND_TRIP(p,
               wh_Client_MacVerifyRequest(&p->client, WH_CRYPTO_HMAC_SHA256, K_FAST, big, 16, ref,
                                          128),
               wh_Client_MacVerifyResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADALG);
#ifndef WH_TEST_TARGET
    assert_memory_equal(before, p->server.crypto.macPrepared, sizeof(before));
#endif
    /* A tag buffer too small for the tag: the response is consumed, nothing written. */
    tagLen = 3;
    memset(tag, 0, sizeof(tag));
    assert_int_equal(wh_Client_MacGenerateRequest(&p->client, WH_CRYPTO_CMAC_AES, K_FAST, big, 16,
                                                  32),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_MacGenerateResponse(&p->client, tag, &tagLen, &rc),
                     WH_ERROR_BUFFER_SIZE);
    /* Refused by the client, nothing sent: NULL buffers, more than one message. */
    assert_int_equal(wh_Client_MacGenerateRequest(&p->client, WH_CRYPTO_CMAC_AES, K_FAST, NULL, 16,
                                                  32),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_MacVerifyRequest(&p->client, WH_CRYPTO_CMAC_AES, K_FAST, big, 16,
                                                NULL, 32),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_MacVerifyRequest(NULL, WH_CRYPTO_CMAC_AES, K_FAST, big, 16, ref, 32),
                     WH_ERROR_BADARGS);
    macFull(p, K_FAST, big, WH_CRYPTO_MAC_MAX_MSG, tag);
    assert_memory_equal(tag, ref, 16);
    expectServing(p);
}

/* The prepared key follows its cache slot: replaced, evicted, erased, or the slot reused for
 * another key (the cache's least recently used committed key dropped for a new one), the next
 * MAC is the new key's, never the old prepared one's. More keys than prepared entries take
 * turns (least recently used replaced). */
static void test_mac_prepared_follows_key(void** state)
{
    whTestPair* p = *state;
    uint8_t     keyA[16];
    uint8_t     keyB[16];
    uint8_t     msg[16];
    uint8_t     refA[WH_CLIENT_CMAC_LEN];
    uint8_t     refB[WH_CLIENT_CMAC_LEN];
    uint8_t     tag[WH_CLIENT_CMAC_LEN];
    uint16_t    i;

    whTest_Fill(keyA, sizeof(keyA), 71);
    whTest_Fill(keyB, sizeof(keyB), 72);
    whTest_Fill(msg, sizeof(msg), 73);
    swCmac(keyA, sizeof(keyA), msg, sizeof(msg), refA);
    swCmac(keyB, sizeof(keyB), msg, sizeof(msg), refB);
    assert_memory_not_equal(refA, refB, 16);

    /* Replace. */
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, keyA, sizeof(keyA));
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refA, 16);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, keyB, sizeof(keyB));
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 0); /* wiped with the old key */
#endif
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refB, 16);
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), refA, 128), WH_ERROR_AUTH);

    /* Evict: gone; cached again (key A), A's tag. */
    assert_int_equal(keyOp(p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, K_FAST),
                     WH_ERROR_OK);
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 0);
#endif
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), refB, 128), WH_ERROR_NOTFOUND);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, keyA, sizeof(keyA));
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refA, 16);

    /* Erase (committed first): gone from the cache and NVM; B under the same id, B's tag. */
    assert_int_equal(keyOp(p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, K_FAST),
                     WH_ERROR_OK);
    assert_int_equal(keyOp(p, wh_Client_KeyEraseRequest, wh_Client_KeyEraseResponse, K_FAST),
                     WH_ERROR_OK);
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 0);
#endif
    assert_int_equal(macVer(p, K_FAST, msg, sizeof(msg), refA, 128), WH_ERROR_NOTFOUND);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, keyB, sizeof(keyB));
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refB, 16);
    assert_int_equal(keyOp(p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, K_FAST),
                     WH_ERROR_OK);

    /* The cache full of committed keys K_FAST..: key i is keyA with byte 0 = i. The first one
     * prepared, then made the least recently used: a new key takes its slot. */
    for (i = 0; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        keyA[0] = (uint8_t)i;
        cacheKeyMin(p, (uint16_t)(K_FAST + i), SECRET(SIGN_VERIFY), 0, keyA, sizeof(keyA));
        assert_int_equal(keyOp(p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse,
                               (uint16_t)(K_FAST + i)),
                         WH_ERROR_OK);
    }
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    keyA[0] = 0;
    swCmac(keyA, sizeof(keyA), msg, sizeof(msg), refA);
    assert_memory_equal(tag, refA, 16);
    for (i = 1; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) { /* a commit marks them used */
        assert_int_equal(keyOp(p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse,
                               (uint16_t)(K_FAST + i)),
                         WH_ERROR_OK);
    }
    cacheKeyMin(p, K_FAST + 50, SECRET(SIGN_VERIFY), 0, keyB, sizeof(keyB));
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 0); /* K_FAST's slot went to the new key */
#endif
    macFull(p, K_FAST + 50, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refB, 16);
    /* K_FAST comes back from NVM (into another slot), with its own tag. */
    macFull(p, K_FAST, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refA, 16);

    /* All of them in turn, twice: more keys than prepared entries. */
    for (i = 0; i < 2u * WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        const uint16_t k = (uint16_t)(i % WOLFHSM_CFG_SERVER_KEYCACHE_COUNT);
        keyA[0]          = (uint8_t)k;
        swCmac(keyA, sizeof(keyA), msg, sizeof(msg), refA);
        assert_int_equal(macVer(p, (uint16_t)(K_FAST + k), msg, sizeof(msg), refA, 64),
                         WH_ERROR_OK);
#ifndef WH_TEST_TARGET
        assert_true(preparedInUse(p) <= WOLFHSM_CFG_SERVER_MAC_PREPARED);
        assert_true(preparedInUse(p) >= 1);
#endif
    }
    for (i = 0; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        assert_int_equal(keyOp(p, wh_Client_KeyEraseRequest, wh_Client_KeyEraseResponse,
                               (uint16_t)(K_FAST + i)),
                         WH_ERROR_OK);
    }
    assert_int_equal(keyOp(p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, K_FAST + 50),
                     WH_ERROR_OK);
#ifndef WH_TEST_TARGET
    assert_int_equal(preparedInUse(p), 0);
#endif
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
/* A global key's prepared copies (one per context that used it) follow the key: another
 * client replaces, evicts or re-caches it with another policy between two MACs, and the next
 * MAC is the new key's, or refused as the new key says; a copy in use keeps the key's usage
 * and minimum tag. */
static void test_mac_global_prepared_follows_key(void** state)
{
    const uint16_t g = WH_ID_GLOBAL | K_FAST;
    whTestShared   s;
    uint8_t        keyA[16], keyB[16], msg[16], refA[16], refB[16], tag[16];
    uint16_t       tagLen;

    (void)state;
    whTest_Fill(keyA, sizeof(keyA), 81);
    whTest_Fill(keyB, sizeof(keyB), 82);
    whTest_Fill(msg, sizeof(msg), 83);
    swCmac(keyA, sizeof(keyA), msg, sizeof(msg), refA);
    swCmac(keyB, sizeof(keyB), msg, sizeof(msg), refB);
    whTest_SharedInit(&s, CLIENT_ID, CLIENT_ID + 1);

    /* Both contexts prepare it; b replaces it: a's next MAC is the new key's. */
    cacheKeyMin(&s.b, g, SECRET(SIGN_VERIFY), 0, keyA, sizeof(keyA));
    macFull(&s.a, g, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refA, 16);
    macFull(&s.b, g, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refA, 16);
    cacheKeyMin(&s.b, g, SECRET(SIGN_VERIFY), 0, keyB, sizeof(keyB));
    assert_int_equal(macVer(&s.a, g, msg, sizeof(msg), refA, 128), WH_ERROR_AUTH);
    macFull(&s.a, g, msg, sizeof(msg), tag);
    assert_memory_equal(tag, refB, 16);

    /* Evicted by b: a's prepared copy is not used. */
    assert_int_equal(keyOp(&s.b, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, g),
                     WH_ERROR_OK);
    assert_int_equal(macVer(&s.a, g, msg, sizeof(msg), refB, 128), WH_ERROR_NOTFOUND);

    /* Cached again with a 64-bit minimum tag and for verification only: a's copy, made by a
     * verification, still refuses a 32-bit tag and a generation. */
    cacheKeyMin(&s.b, g, SECRET(WH_NVM_FLAGS_USAGE_VERIFY), 64, keyA, sizeof(keyA));
    assert_int_equal(macVer(&s.a, g, msg, sizeof(msg), refA, 64), WH_ERROR_OK);
    assert_int_equal(macVer(&s.a, g, msg, sizeof(msg), refA, 32), WH_ERROR_MINTAG);
    tagLen = sizeof(tag);
    assert_int_equal(macGen(&s.a, g, msg, sizeof(msg), 128, tag, &tagLen), WH_ERROR_USAGE);
    assert_int_equal(macVer(&s.a, g, msg, sizeof(msg), refB, 64), WH_ERROR_AUTH);

    assert_int_equal(keyOp(&s.b, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, g),
                     WH_ERROR_OK);
    whTest_SharedCleanup(&s);
}
#endif

/* SHE's MAC commands share the fast path's core and its prepared keys: RAM_KEY replaced by
 * LOAD_PLAIN_KEY between two MACs gives the new key's MAC, never the old prepared one's, also
 * with fast-path keys taking turns in the context's prepared entries. */
static void test_mac_she_shares_core(void** state)
{
    static const uint8_t rfcKey[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                       0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t rfcMsg[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                       0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
    static const uint8_t rfcTag[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                       0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
    whTestPair*          p          = *state;
    uint8_t              keyB[16];
    uint8_t              refB[WH_CLIENT_CMAC_LEN];
    uint8_t              mac[16];
    uint8_t              tag[WH_CLIENT_CMAC_LEN];
    uint32_t             status = 0;
    int32_t              rc     = RC_UNSET;
    unsigned             round;

    whTest_Fill(keyB, sizeof(keyB), 81);
    swCmac(keyB, sizeof(keyB), rfcMsg, sizeof(rfcMsg), refB);
    cacheKeyMin(p, K_FAST, SECRET(SIGN_VERIFY), 0, keyB, sizeof(keyB));
    for (round = 0; round < 2; round++) {
        /* RAM_KEY = the RFC 4493 key: its tag. */
        ROUND_TRIP(p, wh_Client_SheLoadPlainKeyRequest(&p->client, rfcKey),
                   wh_Client_SheLoadPlainKeyResponse(&p->client, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        ROUND_TRIP(p, wh_Client_SheGenerateMacRequest(&p->client, WH_SHE_RAM_KEY, rfcMsg, 128),
                   wh_Client_SheGenerateMacResponse(&p->client, mac, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(mac, rfcTag, 16);
        /* A fast-path key in between (it may take the prepared entry). */
        macFull(p, K_FAST, rfcMsg, sizeof(rfcMsg), tag);
        assert_memory_equal(tag, refB, 16);
        /* RAM_KEY = key B: B's tag, and the RFC tag no longer verifies. */
        ROUND_TRIP(p, wh_Client_SheLoadPlainKeyRequest(&p->client, keyB),
                   wh_Client_SheLoadPlainKeyResponse(&p->client, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        ROUND_TRIP(p, wh_Client_SheGenerateMacRequest(&p->client, WH_SHE_RAM_KEY, rfcMsg, 128),
                   wh_Client_SheGenerateMacResponse(&p->client, mac, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(mac, refB, 16);
        ROUND_TRIP(p,
                   wh_Client_SheVerifyMacRequest(&p->client, WH_SHE_RAM_KEY, rfcMsg, 128, rfcTag,
                                                 32),
                   wh_Client_SheVerifyMacResponse(&p->client, &status, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(status, WH_SHE_VERIFY_FAILED);
        ROUND_TRIP(p,
                   wh_Client_SheVerifyMacRequest(&p->client, WH_SHE_RAM_KEY, rfcMsg, 128, refB, 32),
                   wh_Client_SheVerifyMacResponse(&p->client, &status, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(status, WH_SHE_VERIFY_OK);
    }
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rng, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rng_seed, setup, teardown),
        cmocka_unit_test(test_sign_beside_mac),
        cmocka_unit_test_setup_teardown(test_gcm_stream_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_oneshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hmac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes_ecb_cbc_ctr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes_gcm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hkdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecc_keygen_sign_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_malformed_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ed25519, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_secret, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hkdf_inherits_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_secret_inherits_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_usage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_algorithm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_large_refused_locally, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_min_tag_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_key_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_prepared_follows_key, setup, teardown),
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        cmocka_unit_test(test_mac_global_prepared_follows_key),
#endif
        cmocka_unit_test_setup_teardown(test_mac_she_shares_core, setup, teardown),
#ifndef WH_TEST_TARGET
        cmocka_unit_test_setup_teardown(test_truncated_responses, setup, teardown),
#endif
        cmocka_unit_test_setup_teardown(test_blocking_hashes, setupServed, teardownServed),
        cmocka_unit_test_setup_teardown(test_blocking_macs, setupServed, teardownServed),
        cmocka_unit_test_setup_teardown(test_blocking_rng, setupServed, teardownServed),
        cmocka_unit_test_setup_teardown(test_blocking_aes, setupServed, teardownServed),
        cmocka_unit_test_setup_teardown(test_blocking_keys, setupServed, teardownServed),
    };

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
