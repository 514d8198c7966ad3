/*
 * test_crypto_kat.c: published known-answer vectors for every algorithm of the CRYPTO group,
 * computed THROUGH THE HSM (client API against a server thread) and each result also
 * compared with direct wolfCrypt on the same inputs. A vector passes only when the HSM, the
 * published value and direct wolfCrypt all agree; a wrong transcription therefore shows up
 * as a disagreement with wolfCrypt, not as a silent pass.
 *
 * Sources (each test names its own):
 *   SHA-2     FIPS 180-4 examples ("abc", two-block messages), FIPS 180-2 App. B.3/C.3/D.3
 *             (1,000,000 x 'a', streamed through the HSM), NIST empty-message digests
 *   HMAC      RFC 4231 test cases 1-7 (5: truncated tag, checked with the VERIFY step)
 *   HKDF      RFC 5869 A.1-A.3 (SHA-256): OKM derived into a new key, exported
 *   AES       FIPS 197 App. C.1-C.3; SP 800-38A F.1.1/F.1.2/F.1.5/F.1.6 (ECB), F.2.1/F.2.2/
 *             F.2.5/F.2.6 (CBC), F.5.1/F.5.2/F.5.5/F.5.6 (CTR)
 *   AES-GCM   McGrew-Viega GCM spec. test cases 1-4 (AES-128) and 13-16 (AES-256)
 *   AES-CMAC  RFC 4493 section 4, examples 1-4
 *   Ed25519   RFC 8032 section 7.1, TEST 1, 2, 3 and TEST SHA(abc)
 *   X25519    RFC 7748 section 6.1 (Alice and Bob)
 *   ECDSA     RFC 6979 A.2.5 (P-256; SHA-256 "sample" and "test", SHA-384/512 "sample")
 *   ECDH      NIST CAVS 14.1 KAS ECC CDH primitive, P-256 COUNT = 0
 *   LMS       RFC 8554 Appendix F Test Case 1 (HSS L=2, H5/W8); wolfSSL 5.7.2
 *             wolfcrypt/test/test.c lms_L1H10W8 (HSS L=1, LMS_SHA256_M32_H10,
 *             LMOTS_SHA256_N32_W8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/lms.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>
#include <wolfssl/wolfcrypt/wc_lms.h>

#include "kat_rfc8554.h"
#include <wolfssl/wolfcrypt/wc_port.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 4
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */
#define MAX_TRACKED 64

#define USAGE_SV (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)
#define USAGE_ED (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT)

/* One client, its own server thread and NVM, shared by every test of the group. */
static whTestPair g_pair;
#define HSM (&g_pair.client)

static WC_RNG g_rng; /* software side: ECC key generation and signing */

/* Keys the current test put in the HSM's cache: evicted by the per-test teardown, so a test
 * that fails half-way does not leave the next one without cache slots. */
static uint16_t g_keys[MAX_TRACKED];
static size_t   g_keyCount;

/* ---- helpers ---- */

/* Hex (spaces allowed) into out; returns the byte count. */
static size_t unhex(const char* s, uint8_t* out, size_t cap)
{
    size_t n  = 0;
    int    hi = -1;

    for (; *s != '\0'; s++) {
        int v;
        if (*s == ' ') {
            continue;
        }
        if ((*s >= '0') && (*s <= '9')) {
            v = *s - '0';
        }
        else if ((*s >= 'a') && (*s <= 'f')) {
            v = *s - 'a' + 10;
        }
        else if ((*s >= 'A') && (*s <= 'F')) {
            v = *s - 'A' + 10;
        }
        else {
            fail_msg("bad hex digit '%c'", *s);
            return 0;
        }
        if (hi < 0) {
            hi = v;
        }
        else {
            assert_true(n < cap);
            out[n++] = (uint8_t)((hi << 4) | v);
            hi       = -1;
        }
    }
    assert_int_equal(hi, -1); /* an odd number of digits is a transcription error */
    return n;
}
#define UNHEX(buf, s) unhex((s), (buf), sizeof(buf))

static void printHex(const char* tag, const uint8_t* b, size_t n)
{
    size_t i;
    fprintf(stderr, "  %-9s", tag);
    for (i = 0; i < n; i++) {
        fprintf(stderr, "%02x", b[i]);
    }
    fprintf(stderr, "\n");
}

/* got == expected, or print both and fail. */
static void expectBytes(const char* what, const uint8_t* got, const uint8_t* exp, size_t n)
{
    if (memcmp(got, exp, n) != 0) {
        fprintf(stderr, "MISMATCH: %s\n", what);
        printHex("got", got, n);
        printHex("expected", exp, n);
        fail_msg("%s: bytes differ", what);
    }
}

static void expectRc(const char* what, int32_t got, int32_t exp)
{
    if (got != exp) {
        fail_msg("%s: rc %d, expected %d", what, (int)got, (int)exp);
    }
}

static void track(uint16_t id)
{
    assert_true(g_keyCount < MAX_TRACKED);
    g_keys[g_keyCount++] = id;
}

/* Cache key material of a type with usage flags; the HSM picks the id. */
static uint16_t cacheKey(uint16_t type, uint16_t usage, const uint8_t* key, uint16_t len)
{
    uint16_t id = 0;
    int32_t  rc = RC_UNSET;

    assert_int_equal(wh_Client_KeyCache(HSM, (uint16_t)(usage | WH_NVM_FLAGS_KEYTYPE(type)), 3,
                                        (const uint8_t*)"kat", len, key, &id, &rc),
                     WH_ERROR_OK);
    expectRc("key cache", rc, WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    track(id);
    return id;
}

/* Export key id; returns its length, *out_flags its flags. */
static uint16_t exportKey(uint16_t id, uint8_t* out, uint16_t cap, uint16_t* out_flags)
{
    uint16_t len = cap;
    int32_t  rc  = RC_UNSET;

    assert_int_equal(wh_Client_KeyExport(HSM, id, out_flags, 0, NULL, &len, out, &rc), WH_ERROR_OK);
    expectRc("key export", rc, WH_ERROR_OK);
    return len;
}

/* ---- software (direct wolfCrypt) oracles ---- */

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

static uint16_t hashLen(uint16_t alg)
{
    return (alg == WH_CRYPTO_SHA256)   ? WH_CLIENT_SHA256_LEN
           : (alg == WH_CRYPTO_SHA384) ? WH_CLIENT_SHA384_LEN
                                       : WH_CLIENT_SHA512_LEN;
}

static void swHmac(int type, const uint8_t* key, uint32_t keyLen, const uint8_t* data, uint32_t len,
                   uint8_t* out)
{
    Hmac h;
    assert_int_equal(wc_HmacInit(&h, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_HmacSetKey(&h, type, key, keyLen), 0);
    assert_int_equal(wc_HmacUpdate(&h, data, len), 0);
    assert_int_equal(wc_HmacFinal(&h, out), 0);
    wc_HmacFree(&h);
}

static void swCmac(const uint8_t* key, uint32_t keyLen, const uint8_t* data, uint32_t len,
                   uint8_t* out)
{
    word32 outLen = WC_CMAC_TAG_MAX_SZ;
    assert_int_equal(wc_AesCmacGenerate(out, &outLen, data, len, key, keyLen), 0);
    assert_int_equal(outLen, WC_CMAC_TAG_MAX_SZ);
}

static void swAes(uint16_t mode, uint16_t dir, const uint8_t* key, uint32_t keyLen,
                  const uint8_t* iv, const uint8_t* in, uint32_t len, uint8_t* out)
{
    Aes aes;
    int enc = (dir == WH_CRYPTO_ENCRYPT);

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
        default: /* CTR: the same both ways */
            assert_int_equal(wc_AesSetKeyDirect(&aes, key, keyLen, iv, AES_ENCRYPTION), 0);
            assert_int_equal(wc_AesCtrEncrypt(&aes, out, in, len), 0);
            break;
    }
    wc_AesFree(&aes);
}

/* ---- HSM calls: transport asserted OK, the HSM's rc returned ---- */

static int32_t hsmHash(uint16_t alg, const uint8_t* data, uint32_t len, uint8_t* out)
{
    int32_t rc = RC_UNSET;
    int     ret;

    switch (alg) {
        case WH_CRYPTO_SHA256:
            ret = wh_Client_Sha256(HSM, data, len, out, &rc);
            break;
        case WH_CRYPTO_SHA384:
            ret = wh_Client_Sha384(HSM, data, len, out, &rc);
            break;
        default:
            ret = wh_Client_Sha512(HSM, data, len, out, &rc);
            break;
    }
    assert_int_equal(ret, WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* One digest message (step API). out may be NULL when nothing comes back. */
static int32_t hsmDigestStep(uint16_t alg, uint16_t step, uint16_t keyId, const uint8_t* data,
                             uint16_t len, const uint8_t* tag, uint16_t tagLen, uint8_t* out,
                             uint16_t* inout_outLen)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_Digest(HSM, alg, step, keyId, data, len, tag, tagLen, out,
                                      inout_outLen, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t hsmAes(uint16_t mode, uint16_t dir, uint16_t id, const uint8_t* iv, uint16_t ivLen,
                      const uint8_t* in, uint32_t len, uint8_t* out)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_AesCipher(HSM, mode, dir, id, iv, ivLen, in, len, out, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t hsmVerify(uint16_t alg, uint16_t keyId, const uint8_t* pub, uint16_t pubLen,
                         const uint8_t* sig, uint16_t sigLen, const uint8_t* msg, uint16_t msgLen)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_Verify(HSM, alg, keyId, pub, pubLen, sig, sigLen, msg, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* ---- fixture ---- */

static int groupSetup(void** state)
{
    int32_t rc = RC_UNSET;
    (void)state;

    if (wc_InitRng(&g_rng) != 0) {
        return -1;
    }
    whTest_PairInit(&g_pair, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&g_pair);
    if ((wh_Client_CommConnect(HSM, NULL, NULL, &rc) != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return -1;
    }
    return 0;
}

static int groupTeardown(void** state)
{
    int32_t  rc        = RC_UNSET;
    uint32_t malformed = 0;
    (void)state;

    (void)wh_Client_CommClose(HSM, &rc);
    whTest_PairStopServer(&g_pair);
    malformed = g_pair.server.comm.stats.malformed;
    whTest_PairCleanup(&g_pair);
    (void)wc_FreeRng(&g_rng);
    if (malformed != 0) {
        fprintf(stderr, "server counted %u malformed requests\n", (unsigned)malformed);
        return -1;
    }
    return 0;
}

static int evictTracked(void** state)
{
    size_t i;
    (void)state;

    for (i = 0; i < g_keyCount; i++) {
        int32_t rc = RC_UNSET;
        (void)wh_Client_KeyEvict(HSM, g_keys[i], &rc);
    }
    g_keyCount = 0;
    return 0;
}

/* ---- SHA-2 ---- */

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                             "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

typedef struct {
    uint16_t    alg;
    const char* msg;
    const char* digest;
    const char* source;
} shaVector;

static const shaVector shaVectors[] = {
    {WH_CRYPTO_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "FIPS 180-4 SHA-256 one block"},
    {WH_CRYPTO_SHA256, msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
     "FIPS 180-4 SHA-256 two blocks (448 bits)"},
    {WH_CRYPTO_SHA256, msg896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
     "NIST SHA-256 896-bit message"},
    {WH_CRYPTO_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "SHA-256 empty"},
    {WH_CRYPTO_SHA384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
     "8086072ba1e7cc2358baeca134c825a7",
     "FIPS 180-4 SHA-384 one block"},
    {WH_CRYPTO_SHA384, msg896,
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
     "fcc7c71a557e2db966c3e9fa91746039",
     "FIPS 180-4 SHA-384 two blocks (896 bits)"},
    {WH_CRYPTO_SHA384, msg448,
     "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
     "b0455a8520bc4e6f5fe95b1fe3c8452b",
     "NIST SHA-384 448-bit message"},
    {WH_CRYPTO_SHA384, "",
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
     "274edebfe76f65fbd51ad2f14898b95b",
     "SHA-384 empty"},
    {WH_CRYPTO_SHA512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "FIPS 180-4 SHA-512 one block"},
    {WH_CRYPTO_SHA512, msg896,
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
     "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
     "FIPS 180-4 SHA-512 two blocks (896 bits)"},
    {WH_CRYPTO_SHA512, msg448,
     "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
     "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
     "NIST SHA-512 448-bit message"},
    {WH_CRYPTO_SHA512, "",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
     "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
     "SHA-512 empty"},
};

static void test_sha2_fips180(void** state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(shaVectors) / sizeof(shaVectors[0]); i++) {
        const shaVector* v = &shaVectors[i];
        uint8_t          exp[WH_CRYPTO_MAX_DIGEST];
        uint8_t          hsm[WH_CRYPTO_MAX_DIGEST];
        uint8_t          sw[WH_CRYPTO_MAX_DIGEST];
        const uint16_t   n   = hashLen(v->alg);
        const uint32_t   len = (uint32_t)strlen(v->msg);

        assert_int_equal(UNHEX(exp, v->digest), n);
        memset(hsm, 0xA5, sizeof(hsm));
        expectRc(v->source, hsmHash(v->alg, (const uint8_t*)v->msg, len, hsm), WH_ERROR_OK);
        swHash(v->alg, (const uint8_t*)v->msg, len, sw);
        expectBytes(v->source, sw, exp, n);  /* the transcription, against wolfCrypt */
        expectBytes(v->source, hsm, exp, n); /* the HSM */
    }
}

/* FIPS 180-2 B.3 / C.3 / D.3: one million 'a', streamed through the HSM (INIT, ~790
 * UPDATEs, FINAL) by the "any length" wrappers. */
static void test_sha2_million_a(void** state)
{
    static const struct {
        uint16_t    alg;
        const char* digest;
    } v[] = {
        {WH_CRYPTO_SHA256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
        {WH_CRYPTO_SHA384, "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
                           "07b8b3dc38ecc4ebae97ddd87f3d8985"},
        {WH_CRYPTO_SHA512, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                           "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
    };
    static uint8_t million[1000000];
    size_t         i;
    (void)state;

    memset(million, 'a', sizeof(million));
    assert_true(sizeof(million) > 8u * WH_CLIENT_DIGEST_MAX_DATA); /* many messages */
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint8_t        exp[WH_CRYPTO_MAX_DIGEST];
        uint8_t        hsm[WH_CRYPTO_MAX_DIGEST];
        uint8_t        sw[WH_CRYPTO_MAX_DIGEST];
        const uint16_t n = hashLen(v[i].alg);

        assert_int_equal(UNHEX(exp, v[i].digest), n);
        memset(hsm, 0xA5, sizeof(hsm));
        expectRc("million a", hsmHash(v[i].alg, million, sizeof(million), hsm), WH_ERROR_OK);
        swHash(v[i].alg, million, sizeof(million), sw);
        expectBytes("million a (wolfCrypt)", sw, exp, n);
        expectBytes("million a (HSM)", hsm, exp, n);
    }
}

/* The step API by hand: uneven pieces, empty updates, data on INIT and FINAL; the
 * boundaries where the wrappers switch from one message to a stream; stream errors. */
static void test_sha2_stream_steps(void** state)
{
    static uint8_t big[3 * WH_CLIENT_DIGEST_MAX_DATA + 7];
    const uint32_t max    = WH_CLIENT_DIGEST_MAX_DATA;
    const uint32_t lens[] = {0, 1, max - 1, max, max + 1, 2 * max, 2 * max + 1, sizeof(big)};
    const uint8_t* m      = (const uint8_t*)msg896;
    uint8_t        exp[WH_CRYPTO_MAX_DIGEST];
    uint8_t        out[WH_CRYPTO_MAX_DIGEST];
    uint8_t        sw[WH_CRYPTO_MAX_DIGEST];
    uint16_t       outLen;
    size_t         i;
    uint16_t       alg;
    (void)state;

    /* SHA-512 of the 896-bit message in pieces 3 + 0 + 50 + 0 + rest (on FINAL). */
    assert_int_equal(UNHEX(exp, shaVectors[9].digest), 64);
    expectRc("init",
             hsmDigestStep(WH_CRYPTO_SHA512, WH_CRYPTO_STEP_INIT, 0, m, 3, NULL, 0, NULL, NULL),
             WH_ERROR_OK);
    expectRc("update 0",
             hsmDigestStep(WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, NULL, 0, NULL, 0, NULL,
                           NULL),
             WH_ERROR_OK);
    expectRc("update",
             hsmDigestStep(WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, m + 3, 50, NULL, 0, NULL,
                           NULL),
             WH_ERROR_OK);
    expectRc("update 0",
             hsmDigestStep(WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, m, 0, NULL, 0, NULL, NULL),
             WH_ERROR_OK);
    outLen = sizeof(out);
    expectRc("final",
             hsmDigestStep(WH_CRYPTO_SHA512, WH_CRYPTO_STEP_FINAL, 0, m + 53,
                           (uint16_t)(strlen(msg896) - 53), NULL, 0, out, &outLen),
             WH_ERROR_OK);
    assert_int_equal(outLen, 64);
    expectBytes("SHA-512 in steps", out, exp, 64);

    /* SHA-256 of the 448-bit message: INIT empty, UPDATE all, FINAL empty. */
    assert_int_equal(UNHEX(exp, shaVectors[1].digest), 32);
    expectRc("init",
             hsmDigestStep(WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0, NULL, 0, NULL, 0, NULL, NULL),
             WH_ERROR_OK);
    expectRc("update",
             hsmDigestStep(WH_CRYPTO_SHA256, WH_CRYPTO_STEP_UPDATE, 0, (const uint8_t*)msg448,
                           (uint16_t)strlen(msg448), NULL, 0, NULL, NULL),
             WH_ERROR_OK);
    outLen = sizeof(out);
    expectRc("final",
             hsmDigestStep(WH_CRYPTO_SHA256, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                           &outLen),
             WH_ERROR_OK);
    assert_int_equal(outLen, 32);
    expectBytes("SHA-256 in steps", out, exp, 32);

    /* The stream is closed after FINAL; another algorithm cannot continue a stream. */
    expectRc("final without stream",
             hsmDigestStep(WH_CRYPTO_SHA256, WH_CRYPTO_STEP_FINAL, 0, NULL, 0, NULL, 0, out,
                           &outLen),
             WH_ERROR_NOSTREAM);
    expectRc("init",
             hsmDigestStep(WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0, m, 10, NULL, 0, NULL, NULL),
             WH_ERROR_OK);
    expectRc("update of another alg",
             hsmDigestStep(WH_CRYPTO_SHA384, WH_CRYPTO_STEP_UPDATE, 0, m, 10, NULL, 0, NULL, NULL),
             WH_ERROR_NOSTREAM);

    /* Lengths around the one-message limit, all three hashes, against wolfCrypt. */
    for (i = 0; i < sizeof(big); i++) {
        big[i] = (uint8_t)(i * 7u + (i >> 8) + 3u);
    }
    for (alg = WH_CRYPTO_SHA256; alg <= WH_CRYPTO_SHA512; alg++) {
        for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
            char what[64];
            (void)snprintf(what, sizeof(what), "hash alg %u, %u bytes", alg, (unsigned)lens[i]);
            memset(out, 0xA5, sizeof(out));
            expectRc(what, hsmHash(alg, big, lens[i], out), WH_ERROR_OK);
            swHash(alg, big, lens[i], sw);
            expectBytes(what, out, sw, hashLen(alg));
        }
    }
}

/* ---- HMAC: RFC 4231 ---- */

/* HMAC-SHA-256 and -384 of data with key, through the HSM and in software, against the
 * published values (exp*Len bytes of them: test case 5 publishes a truncated tag); then
 * the HSM's VERIFY step with the published tag, and with one bit of it flipped. */
static void checkHmac(const char* name, const uint8_t* key, uint16_t keyLen, const uint8_t* data,
                      uint16_t dataLen, const char* exp256, const char* exp384)
{
    const struct {
        uint16_t    alg;
        int         type;
        uint16_t    len;
        const char* exp;
    } a[2]            = {{WH_CRYPTO_HMAC_SHA256, WC_SHA256, 32, exp256},
                         {WH_CRYPTO_HMAC_SHA384, WC_SHA384, 48, exp384}};
    const uint16_t id = cacheKey(WH_KEY_TYPE_SECRET, USAGE_SV, key, keyLen);
    size_t         i;

    for (i = 0; i < 2; i++) {
        uint8_t  exp[WH_CRYPTO_MAX_DIGEST];
        uint8_t  hsm[WH_CRYPTO_MAX_DIGEST];
        uint8_t  sw[WH_CRYPTO_MAX_DIGEST];
        uint16_t hsmLen = sizeof(hsm);
        int32_t  rc     = RC_UNSET;
        size_t   expLen = UNHEX(exp, a[i].exp);
        char     what[96];

        (void)snprintf(what, sizeof(what), "%s HMAC-SHA-%s", name, (i == 0) ? "256" : "384");
        assert_true((expLen >= 16) && (expLen <= a[i].len));
        memset(hsm, 0xA5, sizeof(hsm));
        assert_int_equal(wh_Client_Hmac(HSM, a[i].alg, id, data, dataLen, hsm, &hsmLen, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        assert_int_equal(hsmLen, a[i].len);
        swHmac(a[i].type, key, keyLen, data, dataLen, sw);
        expectBytes(what, sw, exp, expLen);
        expectBytes(what, hsm, exp, expLen);
        expectBytes(what, hsm, sw, a[i].len);

        /* The HSM compares a (possibly truncated) tag itself. */
        expectRc(what,
                 hsmDigestStep(a[i].alg, WH_CRYPTO_STEP_VERIFY, id, data, dataLen, exp,
                               (uint16_t)expLen, NULL, NULL),
                 WH_ERROR_OK);
        exp[expLen - 1] ^= 0x01;
        expectRc(what,
                 hsmDigestStep(a[i].alg, WH_CRYPTO_STEP_VERIFY, id, data, dataLen, exp,
                               (uint16_t)expLen, NULL, NULL),
                 WH_ERROR_AUTH);
    }
}

static void test_hmac_rfc4231(void** state)
{
    uint8_t key[131];
    uint8_t data[160];
    size_t  i;
    (void)state;

    /* Test case 1 */
    memset(key, 0x0b, 20);
    checkHmac("RFC 4231 TC1", key, 20, (const uint8_t*)"Hi There", 8,
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
              "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
              "faea9ea9076ede7f4af152e8b2fa9cb6");
    /* Test case 2: a key shorter than the output */
    checkHmac("RFC 4231 TC2", (const uint8_t*)"Jefe", 4,
              (const uint8_t*)"what do ya want for nothing?", 28,
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
              "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
              "8e2240ca5e69e2c78b3239ecfab21649");
    /* Test case 3 */
    memset(key, 0xaa, 20);
    memset(data, 0xdd, 50);
    checkHmac("RFC 4231 TC3", key, 20, data, 50,
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
              "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
              "2a5ab39dc13814b94e3ab6e101a34f27");
    /* Test case 4 */
    for (i = 0; i < 25; i++) {
        key[i] = (uint8_t)(i + 1);
    }
    memset(data, 0xcd, 50);
    checkHmac("RFC 4231 TC4", key, 25, data, 50,
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
              "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
              "6801dd23c4a7d679ccf8a386c674cffb");
    /* Test case 5: the published tag is truncated to 128 bits */
    memset(key, 0x0c, 20);
    checkHmac("RFC 4231 TC5", key, 20, (const uint8_t*)"Test With Truncation", 20,
              "a3b6167473100ee06e0c796c2955552b", "3abf34c3503b2a23a46efc619baef897");
    /* Test case 6: a key larger than the block, hashed first */
    memset(key, 0xaa, 131);
    checkHmac("RFC 4231 TC6", key, 131,
              (const uint8_t*)"Test Using Larger Than Block-Size Key - Hash Key First", 54,
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
              "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
              "0c2ef6ab4030fe8296248df163f44952");
    /* Test case 7: key and data larger than the block */
    {
        static const char t7[] =
            "This is a test using a larger than block-size key and a larger than block-size "
            "data. The key needs to be hashed before being used by the HMAC algorithm.";
        checkHmac("RFC 4231 TC7", key, 131, (const uint8_t*)t7, (uint16_t)strlen(t7),
                  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                  "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
                  "a678cc31e799176d3860e6110c46523e");
    }
}

/* HMAC over the stream (data longer than one message), against wolfCrypt. */
static void test_hmac_streamed(void** state)
{
    static uint8_t data[2 * WH_CLIENT_DIGEST_MAX_DATA + 99];
    uint8_t        key[40];
    uint8_t        hsm[WH_CRYPTO_MAX_DIGEST];
    uint8_t        sw[WH_CRYPTO_MAX_DIGEST];
    uint16_t       hsmLen;
    uint16_t       id;
    int32_t        rc;
    size_t         i;
    (void)state;

    for (i = 0; i < sizeof(key); i++) {
        key[i] = (uint8_t)(0x30 + i);
    }
    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i ^ (i >> 7));
    }
    id = cacheKey(WH_KEY_TYPE_SECRET, USAGE_SV, key, sizeof(key));

    hsmLen = sizeof(hsm);
    rc     = RC_UNSET;
    assert_int_equal(wh_Client_Hmac(HSM, WH_CRYPTO_HMAC_SHA256, id, data, sizeof(data), hsm,
                                    &hsmLen, &rc),
                     WH_ERROR_OK);
    expectRc("streamed HMAC-SHA-256", rc, WH_ERROR_OK);
    assert_int_equal(hsmLen, 32);
    swHmac(WC_SHA256, key, sizeof(key), data, sizeof(data), sw);
    expectBytes("streamed HMAC-SHA-256", hsm, sw, 32);

    hsmLen = sizeof(hsm);
    rc     = RC_UNSET;
    assert_int_equal(wh_Client_Hmac(HSM, WH_CRYPTO_HMAC_SHA384, id, data, sizeof(data), hsm,
                                    &hsmLen, &rc),
                     WH_ERROR_OK);
    expectRc("streamed HMAC-SHA-384", rc, WH_ERROR_OK);
    assert_int_equal(hsmLen, 48);
    swHmac(WC_SHA384, key, sizeof(key), data, sizeof(data), sw);
    expectBytes("streamed HMAC-SHA-384", hsm, sw, 48);
}

/* ---- HKDF: RFC 5869 ---- */

static void checkHkdf(const char* name, const uint8_t* ikm, uint16_t ikmLen, const uint8_t* salt,
                      uint16_t saltLen, const uint8_t* info, uint16_t infoLen, const char* okmHex)
{
    const uint16_t outFlags = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY;
    uint8_t        exp[128];
    uint8_t        sw[128];
    uint8_t        got[128];
    const uint16_t okmLen = (uint16_t)UNHEX(exp, okmHex);
    /* The output inherits the input's usage (wh_nvm_types.h): the IKM carries the OKM's. */
    uint16_t ikmId = cacheKey(WH_KEY_TYPE_SECRET, WH_NVM_FLAGS_USAGE_DERIVE | outFlags, ikm,
                              ikmLen);
    uint16_t outId = 0;
    uint16_t flags = 0;
    int32_t  rc    = RC_UNSET;

    assert_int_equal(wc_HKDF(WC_SHA256, ikm, ikmLen, (saltLen > 0) ? salt : NULL, saltLen, info,
                             infoLen, sw, okmLen),
                     0);
    expectBytes(name, sw, exp, okmLen);

    assert_int_equal(wh_Client_Hkdf(HSM, WH_CRYPTO_SHA256, ikmId, salt, saltLen, info, infoLen,
                                    okmLen, outFlags, (const uint8_t*)"okm", 3, &outId, &rc),
                     WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_OK);
    assert_int_not_equal(outId, 0);
    track(outId);
    memset(got, 0, sizeof(got));
    assert_int_equal(exportKey(outId, got, sizeof(got), &flags), okmLen);
    expectBytes(name, got, exp, okmLen);
    assert_int_equal(flags, outFlags | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET));
}

static void test_hkdf_rfc5869(void** state)
{
    uint8_t ikm[80];
    uint8_t salt[80];
    uint8_t info[80];
    size_t  i;
    (void)state;

    /* A.1 Test Case 1 */
    memset(ikm, 0x0b, 22);
    for (i = 0; i < 13; i++) {
        salt[i] = (uint8_t)i;
    }
    for (i = 0; i < 10; i++) {
        info[i] = (uint8_t)(0xf0 + i);
    }
    checkHkdf("RFC 5869 A.1", ikm, 22, salt, 13, info, 10,
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
              "34007208d5b887185865");
    /* A.2 Test Case 2: longer inputs and outputs */
    for (i = 0; i < 80; i++) {
        ikm[i]  = (uint8_t)i;
        salt[i] = (uint8_t)(0x60 + i);
        info[i] = (uint8_t)(0xb0 + i);
    }
    checkHkdf("RFC 5869 A.2", ikm, 80, salt, 80, info, 80,
              "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    /* A.3 Test Case 3: no salt, no info */
    memset(ikm, 0x0b, 22);
    checkHkdf("RFC 5869 A.3", ikm, 22, NULL, 0, NULL, 0,
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
              "9d201395faa4b61a96c8");
}

/* ---- AES: FIPS 197, SP 800-38A ---- */

static const char sp38aPlain[]  = "6bc1bee22e409f96e93d7e117393172a"
                                  "ae2d8a571e03ac9c9eb76fac45af8e51"
                                  "30c81c46a35ce411e5fbc1191a0a52ef"
                                  "f69f2445df4f9b17ad2b417be66c3710";
static const char sp38aKey128[] = "2b7e151628aed2a6abf7158809cf4f3c";
static const char sp38aKey256[] =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";

/* Encrypt pt and decrypt ct through the HSM and in software; all must match the vector. */
static void checkAes(const char* name, uint16_t mode, const char* keyHex, const char* ivHex,
                     const char* ptHex, const char* ctHex)
{
    uint8_t        key[32];
    uint8_t        iv[16];
    uint8_t        pt[64];
    uint8_t        ct[64];
    uint8_t        hsm[64];
    uint8_t        sw[64];
    const uint16_t keyLen = (uint16_t)UNHEX(key, keyHex);
    const uint16_t ivLen  = (ivHex != NULL) ? (uint16_t)UNHEX(iv, ivHex) : 0u;
    const uint32_t len    = (uint32_t)UNHEX(pt, ptHex);
    const uint16_t id     = cacheKey(WH_KEY_TYPE_SECRET, USAGE_ED, key, keyLen);
    char           what[96];

    assert_int_equal(UNHEX(ct, ctHex), len);

    (void)snprintf(what, sizeof(what), "%s encrypt", name);
    swAes(mode, WH_CRYPTO_ENCRYPT, key, keyLen, iv, pt, len, sw);
    expectBytes(what, sw, ct, len);
    memset(hsm, 0xA5, sizeof(hsm));
    expectRc(what,
             hsmAes(mode, WH_CRYPTO_ENCRYPT, id, (ivLen > 0) ? iv : NULL, ivLen, pt, len, hsm),
             WH_ERROR_OK);
    expectBytes(what, hsm, ct, len);

    (void)snprintf(what, sizeof(what), "%s decrypt", name);
    swAes(mode, WH_CRYPTO_DECRYPT, key, keyLen, iv, ct, len, sw);
    expectBytes(what, sw, pt, len);
    memset(hsm, 0xA5, sizeof(hsm));
    expectRc(what,
             hsmAes(mode, WH_CRYPTO_DECRYPT, id, (ivLen > 0) ? iv : NULL, ivLen, ct, len, hsm),
             WH_ERROR_OK);
    expectBytes(what, hsm, pt, len);
}

static void test_aes_fips197(void** state)
{
    (void)state;
    checkAes("FIPS 197 C.1 AES-128", WH_CRYPTO_AES_ECB, "000102030405060708090a0b0c0d0e0f", NULL,
             "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a");
    checkAes("FIPS 197 C.2 AES-192", WH_CRYPTO_AES_ECB,
             "000102030405060708090a0b0c0d0e0f1011121314151617", NULL,
             "00112233445566778899aabbccddeeff", "dda97ca4864cdfe06eaf70a0ec0d7191");
    checkAes("FIPS 197 C.3 AES-256", WH_CRYPTO_AES_ECB,
             "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL,
             "00112233445566778899aabbccddeeff", "8ea2b7ca516745bfeafc49904b496089");
}

static void test_aes_sp800_38a(void** state)
{
    static const char iv[]  = "000102030405060708090a0b0c0d0e0f";
    static const char ctr[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    (void)state;

    checkAes("SP 800-38A F.1.1/F.1.2 ECB-AES128", WH_CRYPTO_AES_ECB, sp38aKey128, NULL, sp38aPlain,
             "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
             "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
    checkAes("SP 800-38A F.1.5/F.1.6 ECB-AES256", WH_CRYPTO_AES_ECB, sp38aKey256, NULL, sp38aPlain,
             "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
             "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7");
    checkAes("SP 800-38A F.2.1/F.2.2 CBC-AES128", WH_CRYPTO_AES_CBC, sp38aKey128, iv, sp38aPlain,
             "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
             "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
    checkAes("SP 800-38A F.2.5/F.2.6 CBC-AES256", WH_CRYPTO_AES_CBC, sp38aKey256, iv, sp38aPlain,
             "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
             "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
    checkAes("SP 800-38A F.5.1/F.5.2 CTR-AES128", WH_CRYPTO_AES_CTR, sp38aKey128, ctr, sp38aPlain,
             "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
             "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
    checkAes("SP 800-38A F.5.5/F.5.6 CTR-AES256", WH_CRYPTO_AES_CTR, sp38aKey256, ctr, sp38aPlain,
             "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
             "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
}

/* Data longer than one message: the client splits it and chains the IV (CBC) or the
 * counter (CTR, including a carry through 15 bytes across a message boundary); the result
 * must equal wolfCrypt's single pass. In place (in == out) too. */
static void test_aes_chained(void** state)
{
    static uint8_t pt[3 * 1248 + 5 * 16];
    static uint8_t hsm[sizeof(pt)];
    static uint8_t sw[sizeof(pt)];
    static const struct {
        uint16_t    mode;
        const char* iv;
    } modes[] = {
        {WH_CRYPTO_AES_ECB, NULL},
        {WH_CRYPTO_AES_CBC, "000102030405060708090a0b0c0d0e0f"},
        {WH_CRYPTO_AES_CTR, "00ffffffffffffffffffffffffffffd8"},
        {WH_CRYPTO_AES_CTR, "ffffffffffffffffffffffffffffffd8"}, /* wraps around 2^128 */
    };
    uint8_t  key[32];
    uint8_t  iv[16];
    uint16_t id;
    size_t   i;
    size_t   m;
    (void)state;

    assert_int_equal(UNHEX(key, sp38aKey256), 32);
    for (i = 0; i < sizeof(pt); i++) {
        pt[i] = (uint8_t)(i * 13u + (i >> 9));
    }
    id = cacheKey(WH_KEY_TYPE_SECRET, USAGE_ED, key, sizeof(key));
    for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        const uint16_t ivLen = (modes[m].iv != NULL) ? (uint16_t)UNHEX(iv, modes[m].iv) : 0u;
        char           what[64];

        (void)snprintf(what, sizeof(what), "chained mode %u #%u", modes[m].mode, (unsigned)m);
        swAes(modes[m].mode, WH_CRYPTO_ENCRYPT, key, sizeof(key), iv, pt, sizeof(pt), sw);
        memset(hsm, 0xA5, sizeof(hsm));
        expectRc(what,
                 hsmAes(modes[m].mode, WH_CRYPTO_ENCRYPT, id, (ivLen > 0) ? iv : NULL, ivLen, pt,
                        sizeof(pt), hsm),
                 WH_ERROR_OK);
        expectBytes(what, hsm, sw, sizeof(pt));
        /* Decrypt in place. */
        expectRc(what,
                 hsmAes(modes[m].mode, WH_CRYPTO_DECRYPT, id, (ivLen > 0) ? iv : NULL, ivLen, hsm,
                        sizeof(pt), hsm),
                 WH_ERROR_OK);
        expectBytes(what, hsm, pt, sizeof(pt));
    }
}

/* ---- AES-GCM: McGrew-Viega test cases ---- */

static const char gcmKey[] = "feffe9928665731c6d6a8f9467308308";
static const char gcmIv[]  = "cafebabefacedbaddecaf888";
static const char gcmP64[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                             "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char gcmP60[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                             "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
static const char gcmAad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

static void checkGcm(const char* name, const char* keyHex, const char* ivHex, const char* ptHex,
                     const char* aadHex, const char* ctHex, const char* tagHex)
{
    uint8_t        key[32];
    uint8_t        iv[64];
    uint8_t        pt[64];
    uint8_t        aad[64];
    uint8_t        ct[64];
    uint8_t        tag[16];
    uint8_t        hsm[64];
    uint8_t        hsmTag[16];
    uint8_t        sw[64];
    uint8_t        swTag[16];
    const uint16_t keyLen = (uint16_t)UNHEX(key, keyHex);
    const uint16_t ivLen  = (uint16_t)UNHEX(iv, ivHex);
    const uint16_t len    = (uint16_t)UNHEX(pt, ptHex);
    const uint16_t aadLen = (uint16_t)UNHEX(aad, aadHex);
    const uint16_t id     = cacheKey(WH_KEY_TYPE_SECRET, USAGE_ED, key, keyLen);
    int32_t        rc;
    Aes            aes;

    assert_int_equal(UNHEX(ct, ctHex), len);
    assert_int_equal(UNHEX(tag, tagHex), 16);

    /* wolfCrypt: the transcription. */
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, key, keyLen), 0);
    assert_int_equal(wc_AesGcmEncrypt(&aes, sw, pt, len, iv, ivLen, swTag, sizeof(swTag),
                                      (aadLen > 0) ? aad : NULL, aadLen),
                     0);
    wc_AesFree(&aes);
    expectBytes(name, sw, ct, len);
    expectBytes(name, swTag, tag, 16);

    /* Encrypt. */
    memset(hsm, 0xA5, sizeof(hsm));
    memset(hsmTag, 0xA5, sizeof(hsmTag));
    rc = RC_UNSET;
    assert_int_equal(wh_Client_AesGcmEncrypt(HSM, id, iv, ivLen, (aadLen > 0) ? aad : NULL, aadLen,
                                             (len > 0) ? pt : NULL, len, (len > 0) ? hsm : NULL,
                                             hsmTag, 16, &rc),
                     WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_OK);
    expectBytes(name, hsm, ct, len);
    expectBytes(name, hsmTag, tag, 16);

    /* Decrypt. */
    memset(hsm, 0xA5, sizeof(hsm));
    rc = RC_UNSET;
    assert_int_equal(wh_Client_AesGcmDecrypt(HSM, id, iv, ivLen, (aadLen > 0) ? aad : NULL, aadLen,
                                             (len > 0) ? ct : NULL, len, tag, 16,
                                             (len > 0) ? hsm : NULL, &rc),
                     WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_OK);
    expectBytes(name, hsm, pt, len);

    /* A modified tag: WH_ERROR_AUTH and no plaintext. */
    tag[15] ^= 0x80;
    memset(hsm, 0xA5, sizeof(hsm));
    rc = RC_UNSET;
    assert_int_equal(wh_Client_AesGcmDecrypt(HSM, id, iv, ivLen, (aadLen > 0) ? aad : NULL, aadLen,
                                             (len > 0) ? ct : NULL, len, tag, 16,
                                             (len > 0) ? hsm : NULL, &rc),
                     WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_AUTH);
    memset(sw, 0xA5, sizeof(sw));
    expectBytes("no plaintext after a bad tag", hsm, sw, sizeof(hsm));
    tag[15] ^= 0x80;

    /* Modified ciphertext or AAD: WH_ERROR_AUTH too. */
    if (len > 0) {
        ct[0] ^= 0x01;
        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesGcmDecrypt(HSM, id, iv, ivLen, (aadLen > 0) ? aad : NULL,
                                                 aadLen, ct, len, tag, 16, hsm, &rc),
                         WH_ERROR_OK);
        expectRc(name, rc, WH_ERROR_AUTH);
        ct[0] ^= 0x01;
    }
    if (aadLen > 0) {
        aad[aadLen - 1] ^= 0x01;
        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesGcmDecrypt(HSM, id, iv, ivLen, aad, aadLen,
                                                 (len > 0) ? ct : NULL, len, tag, 16,
                                                 (len > 0) ? hsm : NULL, &rc),
                         WH_ERROR_OK);
        expectRc(name, rc, WH_ERROR_AUTH);
    }
}

static void test_gcm_spec(void** state)
{
    static const char zero128[] = "00000000000000000000000000000000";
    static const char zero256[] =
        "0000000000000000000000000000000000000000000000000000000000000000";
    static const char zeroIv[] = "000000000000000000000000";
    static const char key256[] = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    (void)state;

    checkGcm("GCM TC1", zero128, zeroIv, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");
    checkGcm("GCM TC2", zero128, zeroIv, zero128, "", "0388dace60b6a392f328c2b971b2fe78",
             "ab6e47d42cec13bdf53a67b21257bddf");
    checkGcm("GCM TC3", gcmKey, gcmIv, gcmP64, "",
             "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
             "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
             "4d5c2af327cd64a62cf35abd2ba6fab4");
    checkGcm("GCM TC4", gcmKey, gcmIv, gcmP60, gcmAad,
             "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
             "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
             "5bc94fbc3221a5db94fae95ae7121a47");
    checkGcm("GCM TC13", zero256, zeroIv, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
    checkGcm("GCM TC14", zero256, zeroIv, zero128, "", "cea7403d4d606b6e074ec5d3baf39d18",
             "d0d1c8a799996bf0265b98b5d48ab919");
    checkGcm("GCM TC15", key256, gcmIv, gcmP64, "",
             "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
             "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
             "b094dac5d93471bdec1a502270e3cc6c");
    checkGcm("GCM TC16", key256, gcmIv, gcmP60, gcmAad,
             "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
             "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
             "76fc6ece0f4e1768cddf8853bb2d551b");
}

/* ---- AES-CMAC: RFC 4493 ---- */

static void test_cmac_rfc4493(void** state)
{
    static const struct {
        uint16_t    len;
        const char* tag;
    } ex[] = {
        {0, "bb1d6929e95937287fa37d129b756746"},
        {16, "070a16b46b4d4144f79bdd9dd04a287c"},
        {40, "dfa66747de9ae63030ca32611497c827"},
        {64, "51f0bebf7e3b9d92fc49741779363cfe"},
    };
    uint8_t  key[16];
    uint8_t  msg[64];
    uint16_t id;
    size_t   i;
    (void)state;

    assert_int_equal(UNHEX(key, sp38aKey128), 16);
    assert_int_equal(UNHEX(msg, sp38aPlain), 64);
    id = cacheKey(WH_KEY_TYPE_SECRET, USAGE_SV, key, sizeof(key));
    for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
        uint8_t  exp[16];
        uint8_t  hsm[16];
        uint8_t  sw[16];
        uint16_t hsmLen = sizeof(hsm);
        int32_t  rc     = RC_UNSET;
        char     what[48];

        (void)snprintf(what, sizeof(what), "RFC 4493 example %u (%u bytes)", (unsigned)i + 1,
                       ex[i].len);
        assert_int_equal(UNHEX(exp, ex[i].tag), 16);
        swCmac(key, sizeof(key), msg, ex[i].len, sw);
        expectBytes(what, sw, exp, 16);
        memset(hsm, 0xA5, sizeof(hsm));
        assert_int_equal(wh_Client_CmacGenerate(HSM, id, (ex[i].len > 0) ? msg : NULL, ex[i].len,
                                                hsm, &hsmLen, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        assert_int_equal(hsmLen, 16);
        expectBytes(what, hsm, exp, 16);

        /* Verify: the whole tag, a truncated tag (64 bits), a wrong tag. */
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, (ex[i].len > 0) ? msg : NULL, ex[i].len, exp,
                                              16, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, (ex[i].len > 0) ? msg : NULL, ex[i].len, exp,
                                              8, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        exp[3] ^= 0x10;
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, (ex[i].len > 0) ? msg : NULL, ex[i].len, exp,
                                              16, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_AUTH);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, (ex[i].len > 0) ? msg : NULL, ex[i].len, exp,
                                              8, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_AUTH);
    }
}

/* CMAC of data longer than one message (streamed), generate and verify (the client then
 * compares), against wolfCrypt; AES-256 key. */
static void test_cmac_streamed(void** state)
{
    static uint8_t data[2 * WH_CLIENT_DIGEST_MAX_DATA + 5];
    const uint32_t lens[] = {WH_CLIENT_DIGEST_MAX_DATA - 16, WH_CLIENT_DIGEST_MAX_DATA - 15,
                             WH_CLIENT_DIGEST_MAX_DATA + 1, sizeof(data)};
    uint8_t        key[32];
    uint16_t       id;
    size_t         i;
    (void)state;

    assert_int_equal(UNHEX(key, sp38aKey256), 32);
    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 3u + 1u);
    }
    id = cacheKey(WH_KEY_TYPE_SECRET, USAGE_SV, key, sizeof(key));
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        uint8_t  hsm[16];
        uint8_t  sw[16];
        uint16_t hsmLen = sizeof(hsm);
        int32_t  rc     = RC_UNSET;
        char     what[48];

        (void)snprintf(what, sizeof(what), "CMAC-AES256 of %u bytes", (unsigned)lens[i]);
        swCmac(key, sizeof(key), data, lens[i], sw);
        assert_int_equal(wh_Client_CmacGenerate(HSM, id, data, lens[i], hsm, &hsmLen, &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        expectBytes(what, hsm, sw, 16);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, data, lens[i], sw, 16, &rc), WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        sw[15] ^= 1;
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerify(HSM, id, data, lens[i], sw, 16, &rc), WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_AUTH);
    }
}

/* ---- Ed25519: RFC 8032 section 7.1 ---- */

static void checkEd25519(const char* name, const char* seedHex, const char* pubHex,
                         const char* msgHex, const char* sigHex)
{
    uint8_t        both[64];
    uint8_t        pub[32];
    uint8_t        msg[128];
    uint8_t        exp[64];
    uint8_t        sig[WH_CRYPTO_MAX_SIG];
    uint8_t        sw[64];
    uint8_t        derived[32];
    uint8_t        out[WH_CRYPTO_MAX_PUBKEY];
    uint16_t       sigLen = sizeof(sig);
    uint16_t       outLen = sizeof(out);
    word32         swLen  = sizeof(sw);
    const uint16_t msgLen = (uint16_t)UNHEX(msg, msgHex);
    int            res    = 0;
    int32_t        rc     = RC_UNSET;
    uint16_t       id;
    uint16_t       pubId;
    ed25519_key    k;

    assert_int_equal(UNHEX(both, seedHex), 32);
    assert_int_equal(UNHEX(pub, pubHex), 32);
    memcpy(both + 32, pub, 32);
    assert_int_equal(UNHEX(exp, sigHex), 64);

    /* wolfCrypt: the public key follows from the seed, the signature is the published one. */
    assert_int_equal(wc_ed25519_init(&k), 0);
    assert_int_equal(wc_ed25519_import_private_only(both, 32, &k), 0);
    assert_int_equal(wc_ed25519_make_public(&k, derived, sizeof(derived)), 0);
    wc_ed25519_free(&k);
    expectBytes(name, derived, pub, 32);
    assert_int_equal(wc_ed25519_init(&k), 0);
    assert_int_equal(wc_ed25519_import_private_key(both, 32, pub, 32, &k), 0);
    assert_int_equal(wc_ed25519_sign_msg(msg, msgLen, sw, &swLen, &k), 0);
    assert_int_equal(swLen, 64);
    expectBytes(name, sw, exp, 64);
    assert_int_equal(wc_ed25519_verify_msg(exp, 64, msg, msgLen, &res, &k), 0);
    assert_int_equal(res, 1);
    wc_ed25519_free(&k);

    /* The HSM: sign with the imported seed || public key. */
    id = cacheKey(WH_KEY_TYPE_ED25519, USAGE_SV, both, sizeof(both));
    memset(sig, 0xA5, sizeof(sig));
    assert_int_equal(wh_Client_Sign(HSM, WH_CRYPTO_ED25519, id, (msgLen > 0) ? msg : NULL, msgLen,
                                    sig, &sigLen, &rc),
                     WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_OK);
    assert_int_equal(sigLen, 64);
    expectBytes(name, sig, exp, 64);
    /* Its public key. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_PublicKey(HSM, id, out, &outLen, &rc), WH_ERROR_OK);
    expectRc(name, rc, WH_ERROR_OK);
    assert_int_equal(outLen, 32);
    expectBytes(name, out, pub, 32);

    /* Verify: by id (key pair, and a public-only key) and inline. */
    pubId = cacheKey(WH_KEY_TYPE_ED25519, WH_NVM_FLAGS_USAGE_VERIFY, pub, sizeof(pub));
    expectRc(name, hsmVerify(WH_CRYPTO_ED25519, id, NULL, 0, exp, 64, msg, msgLen), WH_ERROR_OK);
    expectRc(name, hsmVerify(WH_CRYPTO_ED25519, pubId, NULL, 0, exp, 64, msg, msgLen), WH_ERROR_OK);
    expectRc(name, hsmVerify(WH_CRYPTO_ED25519, 0, pub, 32, exp, 64, msg, msgLen), WH_ERROR_OK);

    /* A modified message (one more byte; a flipped bit) and a modified signature. */
    msg[msgLen] = 0x00;
    expectRc(name,
             hsmVerify(WH_CRYPTO_ED25519, pubId, NULL, 0, exp, 64, msg, (uint16_t)(msgLen + 1)),
             WH_ERROR_AUTH);
    if (msgLen > 0) {
        msg[0] ^= 0x01;
        expectRc(name, hsmVerify(WH_CRYPTO_ED25519, 0, pub, 32, exp, 64, msg, msgLen),
                 WH_ERROR_AUTH);
        msg[0] ^= 0x01;
    }
    exp[10] ^= 0x04;
    expectRc(name, hsmVerify(WH_CRYPTO_ED25519, 0, pub, 32, exp, 64, msg, msgLen), WH_ERROR_AUTH);

    /* A public-only key cannot sign. */
    sigLen = sizeof(sig);
    rc     = RC_UNSET;
    assert_int_equal(wh_Client_Sign(HSM, WH_CRYPTO_ED25519, pubId, msg, msgLen, sig, &sigLen, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, WH_ERROR_OK);
}

static void test_ed25519_rfc8032(void** state)
{
    (void)state;
    checkEd25519("RFC 8032 TEST 1",
                 "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                 "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                 "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    checkEd25519("RFC 8032 TEST 2",
                 "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                 "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                 "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                 "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    checkEd25519("RFC 8032 TEST 3",
                 "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                 "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                 "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                 "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
    checkEd25519("RFC 8032 TEST SHA(abc)",
                 "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                 "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                 "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                 "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                 "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704");
}

/* ---- X25519: RFC 7748 section 6.1 ---- */

static void test_x25519_rfc7748(void** state)
{
    static const char aPriv[]  = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    static const char aPub[]   = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    static const char bPriv[]  = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    static const char bPub[]   = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    static const char kHex[]   = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    const char*       privs[2] = {aPriv, bPriv};
    const char*       pubs[2]  = {aPub, bPub};
    uint8_t           k[32];
    int               side;
    (void)state;

    assert_int_equal(UNHEX(k, kHex), 32);
    for (side = 0; side < 2; side++) {
        const char*    name = (side == 0) ? "RFC 7748 6.1 Alice" : "RFC 7748 6.1 Bob";
        uint8_t        both[64];
        uint8_t        peer[32];
        uint8_t        clamped[32];
        uint8_t        derived[32];
        uint8_t        sw[32];
        uint8_t        got[64];
        uint8_t        pubOut[WH_CRYPTO_MAX_PUBKEY];
        uint16_t       pubOutLen = sizeof(pubOut);
        word32         swLen     = sizeof(sw);
        uint16_t       outId     = 0;
        uint16_t       flags     = 0;
        int32_t        rc        = RC_UNSET;
        const uint16_t outFlags  = WH_NVM_FLAGS_USAGE_DERIVE;
        uint16_t       id;
        curve25519_key own;
        curve25519_key other;

        assert_int_equal(UNHEX(both, privs[side]), 32);
        assert_int_equal(unhex(pubs[side], both + 32, 32), 32);
        assert_int_equal(UNHEX(peer, pubs[1 - side]), 32);

        /* wolfCrypt: the public key follows from the (clamped) private key; K. */
        memcpy(clamped, both, 32);
        clamped[0] &= 248;
        clamped[31] &= 127;
        clamped[31] |= 64;
        assert_int_equal(wc_curve25519_make_pub(32, derived, 32, clamped), 0);
        expectBytes(name, derived, both + 32, 32);
        assert_int_equal(wc_curve25519_init(&own), 0);
        assert_int_equal(wc_curve25519_init(&other), 0);
        assert_int_equal(wc_curve25519_import_private_raw_ex(both, 32, both + 32, 32, &own,
                                                             EC25519_LITTLE_ENDIAN),
                         0);
        assert_int_equal(wc_curve25519_import_public_ex(peer, 32, &other, EC25519_LITTLE_ENDIAN),
                         0);
        assert_int_equal(wc_curve25519_shared_secret_ex(&own, &other, sw, &swLen,
                                                        EC25519_LITTLE_ENDIAN),
                         0);
        wc_curve25519_free(&own);
        wc_curve25519_free(&other);
        assert_int_equal(swLen, 32);
        expectBytes(name, sw, k, 32);

        /* The HSM: private || public imported, K made into a new (exportable) key. */
        id = cacheKey(WH_KEY_TYPE_X25519, WH_NVM_FLAGS_USAGE_DERIVE, both, sizeof(both));
        assert_int_equal(wh_Client_PublicKey(HSM, id, pubOut, &pubOutLen, &rc), WH_ERROR_OK);
        expectRc(name, rc, WH_ERROR_OK);
        assert_int_equal(pubOutLen, 32);
        expectBytes(name, pubOut, both + 32, 32);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_SharedSecret(HSM, id, peer, sizeof(peer), outFlags,
                                                (const uint8_t*)"K", 1, &outId, &rc),
                         WH_ERROR_OK);
        expectRc(name, rc, WH_ERROR_OK);
        assert_int_not_equal(outId, 0);
        track(outId);
        memset(got, 0, sizeof(got));
        assert_int_equal(exportKey(outId, got, sizeof(got), &flags), 32);
        expectBytes(name, got, k, 32);
        assert_int_equal(flags, outFlags | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET));
    }
}

/* ---- ECDSA P-256: RFC 6979 A.2.5 ---- */

static const char p256D[]  = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
static const char p256Ux[] = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
static const char p256Uy[] = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

/* DER SEQUENCE { INTEGER r, INTEGER s } from 32-byte big-endian r and s, by hand. */
static uint16_t derFromRs(const uint8_t* r, const uint8_t* s, uint8_t* out)
{
    const uint8_t* parts[2] = {r, s};
    uint8_t        body[2 * 35];
    size_t         n = 0;
    int            i;

    for (i = 0; i < 2; i++) {
        const uint8_t* p   = parts[i];
        size_t         len = 32;
        while ((len > 1) && (p[0] == 0) && ((p[1] & 0x80) == 0)) {
            p++;
            len--;
        }
        body[n++] = 0x02;
        body[n++] = (uint8_t)(len + ((p[0] & 0x80) ? 1u : 0u));
        if (p[0] & 0x80) {
            body[n++] = 0x00;
        }
        memcpy(body + n, p, len);
        n += len;
    }
    out[0] = 0x30;
    out[1] = (uint8_t)n;
    memcpy(out + 2, body, n);
    return (uint16_t)(n + 2);
}

static void swEccImport(ecc_key* k, const uint8_t* pub64, const uint8_t* d)
{
    uint8_t qx[32];
    uint8_t qy[32];
    memcpy(qx, pub64, 32);
    memcpy(qy, pub64 + 32, 32);
    assert_int_equal(wc_ecc_init(k), 0);
    assert_int_equal(wc_ecc_import_unsigned(k, qx, qy, (byte*)(uintptr_t)d, ECC_SECP256R1), 0);
}

/* Software verification of a DER signature over hash with a raw public key. */
static int swEcdsaVerify(const uint8_t* pub64, const uint8_t* sig, uint16_t sigLen,
                         const uint8_t* hash, uint16_t hashLen_)
{
    ecc_key k;
    int     res = 0;
    swEccImport(&k, pub64, NULL);
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, hashLen_, &res, &k), 0);
    wc_ecc_free(&k);
    return res;
}

static void test_ecdsa_rfc6979(void** state)
{
    static const struct {
        uint16_t    hash;
        const char* msg;
        const char* r;
        const char* s;
    } v[] = {
        {WH_CRYPTO_SHA256, "sample",
         "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
         "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
        {WH_CRYPTO_SHA256, "test",
         "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
         "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
        {WH_CRYPTO_SHA384, "sample",
         "0eafea039b20e9b42309fb1d89e213057cbf973dc0cfc8f129edddc800ef7719",
         "4861f0491e6998b9455193e34e7b0d284ddd7149a74b95b9261f13abde940954"},
        {WH_CRYPTO_SHA512, "sample",
         "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f00",
         "2362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe"},
    };
    uint8_t  priv[96];
    uint8_t  pub[64];
    uint8_t  out[WH_CRYPTO_MAX_PUBKEY];
    uint16_t outLen = sizeof(out);
    uint16_t privId;
    uint16_t pubId;
    int32_t  rc = RC_UNSET;
    size_t   i;
    (void)state;

    assert_int_equal(UNHEX(pub, p256Ux), 32);
    assert_int_equal(unhex(p256Uy, pub + 32, 32), 32);
    assert_int_equal(UNHEX(priv, p256D), 32);
    memcpy(priv + 32, pub, 64);
    privId = cacheKey(WH_KEY_TYPE_ECC_P256, USAGE_SV, priv, sizeof(priv));
    pubId  = cacheKey(WH_KEY_TYPE_ECC_P256, WH_NVM_FLAGS_USAGE_VERIFY, pub, sizeof(pub));
    assert_int_equal(wh_Client_PublicKey(HSM, privId, out, &outLen, &rc), WH_ERROR_OK);
    expectRc("P-256 public key", rc, WH_ERROR_OK);
    assert_int_equal(outLen, 64);
    expectBytes("P-256 public key", out, pub, 64);

    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint8_t        hash[WH_CRYPTO_MAX_DIGEST];
        uint8_t        sw[WH_CRYPTO_MAX_DIGEST];
        uint8_t        r[32];
        uint8_t        s[32];
        uint8_t        der[WH_CRYPTO_MAX_SIG];
        uint8_t        wcDer[WH_CRYPTO_MAX_SIG];
        uint8_t        sig[WH_CRYPTO_MAX_SIG];
        word32         wcDerLen = sizeof(wcDer);
        uint16_t       sigLen   = sizeof(sig);
        const uint16_t hLen     = hashLen(v[i].hash);
        uint16_t       derLen;
        char           what[64];

        (void)snprintf(what, sizeof(what), "RFC 6979 A.2.5 hash %u \"%s\"", v[i].hash, v[i].msg);
        /* The hash, through the HSM and in software. */
        expectRc(what,
                 hsmHash(v[i].hash, (const uint8_t*)v[i].msg, (uint32_t)strlen(v[i].msg), hash),
                 WH_ERROR_OK);
        swHash(v[i].hash, (const uint8_t*)v[i].msg, (uint32_t)strlen(v[i].msg), sw);
        expectBytes(what, hash, sw, hLen);
        if (i == 0) {
            uint8_t exp[32];
            assert_int_equal(
                UNHEX(exp, "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf"), 32);
            expectBytes("SHA-256(\"sample\")", hash, exp, 32);
        }
        /* (r, s) to DER by hand, and by wolfCrypt. */
        assert_int_equal(UNHEX(r, v[i].r), 32);
        assert_int_equal(UNHEX(s, v[i].s), 32);
        derLen = derFromRs(r, s, der);
        assert_int_equal(wc_ecc_rs_raw_to_sig(r, 32, s, 32, wcDer, &wcDerLen), 0);
        assert_int_equal(wcDerLen, derLen);
        expectBytes(what, der, wcDer, derLen);
        /* The published signature verifies in software... */
        assert_int_equal(swEcdsaVerify(pub, der, derLen, hash, hLen), 1);
        /* ...and in the HSM, by id (public-only and key pair) and inline. */
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, pubId, NULL, 0, der, derLen, hash, hLen),
                 WH_ERROR_OK);
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, privId, NULL, 0, der, derLen, hash, hLen),
                 WH_ERROR_OK);
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, 0, pub, 64, der, derLen, hash, hLen),
                 WH_ERROR_OK);
        /* A modified hash (its first byte: ECDSA P-256 uses only the leftmost 256 bits of a
         * longer hash), a modified signature. */
        hash[0] ^= 0x01;
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, pubId, NULL, 0, der, derLen, hash, hLen),
                 WH_ERROR_AUTH);
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, 0, pub, 64, der, derLen, hash, hLen),
                 WH_ERROR_AUTH);
        hash[0] ^= 0x01;
        der[derLen - 1] ^= 0x01;
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, 0, pub, 64, der, derLen, hash, hLen),
                 WH_ERROR_AUTH);

        /* Sign in the HSM with the imported private key; verify in software and in the HSM. */
        memset(sig, 0, sizeof(sig));
        rc = RC_UNSET;
        assert_int_equal(wh_Client_Sign(HSM, WH_CRYPTO_ECDSA_P256, privId, hash, hLen, sig, &sigLen,
                                        &rc),
                         WH_ERROR_OK);
        expectRc(what, rc, WH_ERROR_OK);
        assert_true((sigLen >= 8) && (sigLen <= 72));
        assert_int_equal(swEcdsaVerify(pub, sig, sigLen, hash, hLen), 1);
        expectRc(what, hsmVerify(WH_CRYPTO_ECDSA_P256, pubId, NULL, 0, sig, sigLen, hash, hLen),
                 WH_ERROR_OK);
    }
}

/* Key generation in the HSM; sign in the HSM, verify in software with the public key it
 * returned; sign in software with the exported private key, verify in the HSM. */
static void test_ecdsa_keygen(void** state)
{
    uint8_t  pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t  pub2[WH_CRYPTO_MAX_PUBKEY];
    uint8_t  raw[128];
    uint8_t  hash[32];
    uint8_t  sig[WH_CRYPTO_MAX_SIG];
    uint16_t pubLen  = sizeof(pub);
    uint16_t pub2Len = sizeof(pub2);
    uint16_t sigLen  = sizeof(sig);
    uint16_t id      = 0;
    uint16_t flags   = 0;
    word32   swLen   = sizeof(sig);
    int32_t  rc      = RC_UNSET;
    ecc_key  k;
    int      round;
    (void)state;

    assert_int_equal(wh_Client_KeyGenerate(HSM, WH_KEY_TYPE_ECC_P256, USAGE_SV,
                                           (const uint8_t*)"gen", 3, &id, pub, &pubLen, &rc),
                     WH_ERROR_OK);
    expectRc("keygen", rc, WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    track(id);
    assert_int_equal(pubLen, 64);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_PublicKey(HSM, id, pub2, &pub2Len, &rc), WH_ERROR_OK);
    expectRc("public key", rc, WH_ERROR_OK);
    assert_int_equal(pub2Len, 64);
    expectBytes("public key of the generated key", pub2, pub, 64);
    /* Exported: d || Qx || Qy, of type ECC P-256, and d and Q belong together. */
    assert_int_equal(exportKey(id, raw, sizeof(raw), &flags), 96);
    assert_int_equal(flags, USAGE_SV | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256));
    expectBytes("exported public part", raw + 32, pub, 64);
    swEccImport(&k, pub, raw);
    assert_int_equal(wc_ecc_check_key(&k), 0);

    for (round = 0; round < 4; round++) {
        assert_int_equal(wc_RNG_GenerateBlock(&g_rng, hash, sizeof(hash)), 0);
        sigLen = sizeof(sig);
        rc     = RC_UNSET;
        assert_int_equal(wh_Client_Sign(HSM, WH_CRYPTO_ECDSA_P256, id, hash, sizeof(hash), sig,
                                        &sigLen, &rc),
                         WH_ERROR_OK);
        expectRc("sign", rc, WH_ERROR_OK);
        assert_int_equal(swEcdsaVerify(pub, sig, sigLen, hash, sizeof(hash)), 1);
        hash[0] ^= 1;
        assert_int_equal(swEcdsaVerify(pub, sig, sigLen, hash, sizeof(hash)), 0);

        swLen = sizeof(sig);
        assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &swLen, &g_rng, &k), 0);
        expectRc("verify a software signature",
                 hsmVerify(WH_CRYPTO_ECDSA_P256, id, NULL, 0, sig, (uint16_t)swLen, hash,
                           sizeof(hash)),
                 WH_ERROR_OK);
    }
    wc_ecc_free(&k);
}

/* ---- ECDH P-256 ---- */

static void test_ecdh_p256(void** state)
{
    static const char qcavsX[] = "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287";
    static const char qcavsY[] = "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
    static const char dIut[]   = "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";
    static const char qiutX[]  = "ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230";
    static const char qiutY[]  = "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141";
    static const char zIut[]   = "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b";
    uint8_t           priv[96];
    uint8_t           peer[64];
    uint8_t           z[32];
    uint8_t           sw[32];
    uint8_t           got[64];
    uint8_t           hsmPub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t           swPub[64];
    uint16_t          hsmPubLen = sizeof(hsmPub);
    word32            swLen     = sizeof(sw);
    word32            xLen      = 32;
    word32            yLen      = 32;
    uint16_t          id;
    uint16_t          genId = 0;
    uint16_t          outId = 0;
    uint16_t          flags = 0;
    int32_t           rc    = RC_UNSET;
    ecc_key           own;
    ecc_key           other;
    (void)state;

    assert_int_equal(UNHEX(priv, dIut), 32);
    assert_int_equal(unhex(qiutX, priv + 32, 32), 32);
    assert_int_equal(unhex(qiutY, priv + 64, 32), 32);
    assert_int_equal(UNHEX(peer, qcavsX), 32);
    assert_int_equal(unhex(qcavsY, peer + 32, 32), 32);
    assert_int_equal(UNHEX(z, zIut), 32);

    /* wolfCrypt: Z of the CAVS vector. */
    swEccImport(&own, priv + 32, priv);
    swEccImport(&other, peer, NULL);
    assert_int_equal(wc_ecc_set_rng(&own, &g_rng), 0);
    assert_int_equal(wc_ecc_shared_secret(&own, &other, sw, &swLen), 0);
    assert_int_equal(swLen, 32);
    expectBytes("CAVS ECDH P-256 COUNT 0 (wolfCrypt)", sw, z, 32);
    wc_ecc_free(&own);
    wc_ecc_free(&other);

    /* The HSM: the same Z into a new exportable key. */
    id = cacheKey(WH_KEY_TYPE_ECC_P256, WH_NVM_FLAGS_USAGE_DERIVE, priv, sizeof(priv));
    assert_int_equal(wh_Client_SharedSecret(HSM, id, peer, sizeof(peer), 0, NULL, 0, &outId, &rc),
                     WH_ERROR_OK);
    expectRc("ECDH", rc, WH_ERROR_OK);
    track(outId);
    assert_int_equal(exportKey(outId, got, sizeof(got), &flags), 32);
    expectBytes("CAVS ECDH P-256 COUNT 0 (HSM)", got, z, 32);
    assert_int_equal(flags, WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET));

    /* A key generated in the HSM and one in software: both sides agree. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyGenerate(HSM, WH_KEY_TYPE_ECC_P256, WH_NVM_FLAGS_USAGE_DERIVE,
                                           NULL, 0, &genId, hsmPub, &hsmPubLen, &rc),
                     WH_ERROR_OK);
    expectRc("keygen", rc, WH_ERROR_OK);
    track(genId);
    assert_int_equal(hsmPubLen, 64);
    assert_int_equal(wc_ecc_init(&own), 0);
    assert_int_equal(wc_ecc_make_key_ex(&g_rng, 32, &own, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_public_raw(&own, swPub, &xLen, swPub + 32, &yLen), 0);
    swEccImport(&other, hsmPub, NULL);
    assert_int_equal(wc_ecc_set_rng(&own, &g_rng), 0);
    swLen = sizeof(sw);
    assert_int_equal(wc_ecc_shared_secret(&own, &other, sw, &swLen), 0);
    wc_ecc_free(&own);
    wc_ecc_free(&other);
    outId = 0;
    rc    = RC_UNSET;
    assert_int_equal(wh_Client_SharedSecret(HSM, genId, swPub, sizeof(swPub), 0, NULL, 0, &outId,
                                            &rc),
                     WH_ERROR_OK);
    expectRc("ECDH with a generated key", rc, WH_ERROR_OK);
    track(outId);
    assert_int_equal(exportKey(outId, got, sizeof(got), &flags), 32);
    expectBytes("ECDH HSM vs wolfCrypt", got, sw, 32);
}

/* ---- LMS ---- */

/* Vectors: RFC 8554 Appendix F Test Case 1 (HSS L=2, H5/W8 on both levels; tests/
 * kat_rfc8554.h), and wolfSSL's published verify-only vector lms_L1H10W8 (wolfSSL 5.7.2
 * wolfcrypt/test/test.c; HSS L=1, LMS_SHA256_M32_H10, LMOTS_SHA256_N32_W8), copied byte for
 * byte. RFC 8554 Test Case 2 mixes parameter sets across its levels, which wolfCrypt 5.7.2
 * (one parameter set per tree) cannot verify. */
/* clang-format off */
static const char lmsMsg[] = "wolfSSL LMS example message!";
static const char lmsPubHex[] =
    "000000010000000600000004a12676f8bb0bc08221710b2e8ca6ef12ed410e8c"
    "af1193347b4979b7de631cfe1fd11749cd5cd426a053261ac5b48f23";
static const char lmsSigHex[] =
    "0000000000000001000000041870092e21c96ac95cb6b0aac3ed6e662fcc4581"
    "bcba44961cbf4efb7a46fbbe9a0ce45090c792ac53ae537629a665f109ed1a8e"
    "032e5a0651e31ee6f6fe3a6ed192311da16a5c303ac7fd5bfe712c5c2f5b5bcf"
    "bc7fbf6caf448aae1460ab88ed0e4ff8c71b742872b396a6e6462282cf1f4da6"
    "ea22060752f526160b90e3ff64a9e4611e9c129cf6d46329ea02f71852796c43"
    "dccf4323b9cc4a259d10afa3e6475a1cfe6889af1b2d883ecadc70eaac11008a"
    "6ee0c7d0d21a361897b35f0e754828f8a8f590d1a184fba4ad50bee9398cc5a1"
    "6751a18cd66b971f4799eee07001c70750f35e3fe706d68d26d65a5918726b12"
    "d2af9bb42bd0b2f2962f40eabee6ac1fb833c276dc8cacc1465e04841bc8b965"
    "8dad96b5b1f6174a1987e7bf29c79bb9d6112c922fb724d5011d803754ed3332"
    "ab7a12d4021d275289db32bf61d4bbb446781b6417844b8abac6c1cfc75d8f93"
    "c59a2790ac1798ffc822595590b22939a0be0023556bda83d85b577c671bc36b"
    "6dc79b2b9eb795b3f01b895ad74b67afdc9ecf7e1aba1bb93b7add3f0dee4c0b"
    "d14f34f293f721642c0700154fe36a9f0852c265471f34646607bceaaf9baa39"
    "158b088c24419b461b5b9111c4fda988350e7daffdb7907ed729020adcc83fc0"
    "fd97af5049a65e12c1cdec52c551f2801761c77ebed11b65a4ab928d89b2c58f"
    "ffa56ffa6275e4a1d422a89e4004271fcc81ba2867a01c80ebcab061a548d08a"
    "25eb9e678c8e9bd1adbbc3ead3d4c5127bdd00577ff6f7f63c05cffc12e19305"
    "e59b798769d882d9d71d4173e4521d3ee58c8d34e175a9f19d09a25befda966e"
    "763dea50d9cf4facad1d35721b888bcd8c8a8ae09604d8bb28431677609863f9"
    "b97146b7e1a7a984c36582e11b67042d556bf9c0790909e7fd064d099b1ace35"
    "fa276f2f01650da0975911f048d2e746beb40aa3e2750e0994d96928d4da64ba"
    "fea4b9f0baebbaaca8f9d3824c3680fae5f676c380fa9029f485a4c62522797e"
    "391e30b86572cfe199f075e809b492961b685088f12c97e32d268fc530cf24cb"
    "b26077dc02720dd92ef252ea00f63265a5c643292969ab270c39df763e9395b1"
    "2ca20d18cea097103c90c0ef0e04a6c8a0213c0b22777a66a59025a4093ed527"
    "1f6c99855ca2997a25ee8d323dd3dcf5005a3461b6cd4ebc2636fb449735bd06"
    "7d2e4aa2dc24fe700af957e3eeabd117f37cd63726fa839fddb2e1d7f9c70e15"
    "01a65832980432d4deb9ef09fae45ad7dd091cc9acb86af5005d6b95128c2fcc"
    "d8b9503aeb7486d23fa1058f6eeff5a4d66e53fa9efacedb9946e7c5da92514f"
    "2207f3a53826d3ecd601dd313a4893f6694fd8f6c291a57cdf5164f13b79bc0a"
    "2cdc335a29f6b20966ca249f1a18f3764c5e0b817f2984d87aa8d611acecd907"
    "91ecb66decdbbe6f9fc5195e5687208075d564e980bf2dd5949f8ca45441abb1"
    "8ead51e43c24f71dfe02487c6dedf1acd97942e53acf6a4c6de213d22b9dab1f"
    "70d3c06f81e99a86333960e76a001f97ebe51d0d6615c9a2b1c0f02ef407a22e"
    "49929513a3184625b93ca14b00000006abaaf93f7e21f40ecefde044acc71a30"
    "229d0ad7962d8f9a991f40757f62f9c1817b4a1bfad687b9ef5848e45c79e5b1"
    "2c59a442dba65370806117d4d377bd53267c0e0eff304bd086fc022024465bf5"
    "e39973856000364717ee0cd28071460e2bb0ef7ffe3be5e187c2af1a6f63f45a"
    "c416f7ad077071857d3d6708b8d8e2f0a1acd2947d9303dd54f96419b3ed2422"
    "01d7125ec12b391013e2561ceef42a497bfb368df8af60df10f072a2edb65388"
    "a90ced9c18337d659bb29c3ee91e43517ebe0195f66065bed1f4e2836bca7a70"
    "418372c0235113112df9c00d7d7376a53083681035a218224e2193276a192883"
    "7fddddffc38a64005f1c0df8bbd715b9efe00762059ecffc08521e6541566aeb"
    "8153307bf2fd65ffa214f5621e244847a54180b4c5dcb2b42d17e7be49537a25"
    "c50d1959f48859ed9213ee7a4f12984c";
/* clang-format on */

/* One vector: verified by direct wolfCrypt and through the HSM (public key inline); a
 * flipped message bit and a flipped signature bit must fail both ways. */
static void lmsCheck(const char* what, int levels, int height, int w, const uint8_t* pub,
                     uint8_t* sig, uint32_t sigLen, uint8_t* msg, uint32_t msgLen)
{
    int32_t rc;
    LmsKey  k;

    assert_int_equal(wc_LmsKey_Init(&k, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_LmsKey_SetParameters(&k, levels, height, w), 0);
    assert_int_equal(wc_LmsKey_ImportPubRaw(&k, pub, HSS_PUBLIC_KEY_LEN), 0);
    assert_int_equal(wc_LmsKey_Verify(&k, sig, sigLen, msg, msgLen), 0);
    msg[msgLen / 2] ^= 0x01;
    assert_int_not_equal(wc_LmsKey_Verify(&k, sig, sigLen, msg, msgLen), 0);
    msg[msgLen / 2] ^= 0x01;
    wc_LmsKey_Free(&k);

    rc = RC_UNSET;
    expectRc(what,
             wh_Client_Verify(HSM, WH_CRYPTO_LMS, 0, pub, HSS_PUBLIC_KEY_LEN, sig, (uint16_t)sigLen,
                              msg, (uint16_t)msgLen, &rc),
             WH_ERROR_OK);
    expectRc(what, rc, WH_ERROR_OK);
    msg[msgLen / 2] ^= 0x01;
    expectRc("LMS verify, flipped message bit",
             hsmVerify(WH_CRYPTO_LMS, 0, pub, HSS_PUBLIC_KEY_LEN, sig, (uint16_t)sigLen, msg,
                       (uint16_t)msgLen),
             WH_ERROR_AUTH);
    msg[msgLen / 2] ^= 0x01;
    sig[sigLen / 3] ^= 0x01;
    expectRc("LMS verify, flipped signature bit",
             hsmVerify(WH_CRYPTO_LMS, 0, pub, HSS_PUBLIC_KEY_LEN, sig, (uint16_t)sigLen, msg,
                       (uint16_t)msgLen),
             WH_ERROR_AUTH);
    sig[sigLen / 3] ^= 0x01;
}

static void test_lms_rfc8554_tc1(void** state)
{
    static uint8_t sig[sizeof(rfc8554Tc1Sig)];
    static uint8_t msg[sizeof(rfc8554Tc1Msg)];
    uint8_t        pub[sizeof(rfc8554Tc1Pub)];
    (void)state;

    memcpy(pub, rfc8554Tc1Pub, sizeof(pub));
    memcpy(sig, rfc8554Tc1Sig, sizeof(sig));
    memcpy(msg, rfc8554Tc1Msg, sizeof(msg));
    lmsCheck("LMS RFC 8554 test case 1 through the HSM", 2, 5, 8, pub, sig, sizeof(sig), msg,
             sizeof(msg));
}

static void test_lms_wolfssl_l1h10w8(void** state)
{
    static uint8_t sig[1456];
    uint8_t        pub[HSS_PUBLIC_KEY_LEN];
    uint8_t        msg[sizeof(lmsMsg) - 1];
    (void)state;

    assert_int_equal(UNHEX(pub, lmsPubHex), HSS_PUBLIC_KEY_LEN);
    assert_int_equal(UNHEX(sig, lmsSigHex), sizeof(sig));
    memcpy(msg, lmsMsg, sizeof(msg));
    lmsCheck("LMS wolfSSL L1H10W8 through the HSM", 1, 10, 8, pub, sig, sizeof(sig), msg,
             sizeof(msg));
}

int main(int argc, char** argv)
{
#define T(f) cmocka_unit_test_teardown(f, evictTracked)
    const struct CMUnitTest tests[] = {
        T(test_sha2_fips180),        T(test_sha2_million_a),
        T(test_sha2_stream_steps),   T(test_hmac_rfc4231),
        T(test_hmac_streamed),       T(test_hkdf_rfc5869),
        T(test_aes_fips197),         T(test_aes_sp800_38a),
        T(test_aes_chained),         T(test_gcm_spec),
        T(test_cmac_rfc4493),        T(test_cmac_streamed),
        T(test_ed25519_rfc8032),     T(test_x25519_rfc7748),
        T(test_ecdsa_rfc6979),       T(test_ecdsa_keygen),
        T(test_ecdh_p256),           T(test_lms_rfc8554_tc1),
        T(test_lms_wolfssl_l1h10w8),
    };
#undef T
    int ret;

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    (void)wolfCrypt_Init();
    ret = cmocka_run_group_tests(tests, groupSetup, groupTeardown);
    (void)wolfCrypt_Cleanup();
    return ret;
}
