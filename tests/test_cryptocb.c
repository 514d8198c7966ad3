/*
 * test_cryptocb.c: the wolfCrypt crypto-callback bridge (wh_client_cryptocb.h). A device id
 * is registered for a client whose HSM runs on a server thread; ordinary wolfCrypt calls
 * with that id (RNG, SHA-2, AES-GCM/CBC/ECB/CTR, CMAC, ECDSA, ECDH) must run in the HSM (the
 * client's request count moves) and give what wolfCrypt's software gives (INVALID_DEVID) on
 * the same key material. Objects without an HSM key id stay in software.
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
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_cryptocb.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 4
#define DEVID 0x4853
#define RC_UNSET 1

#define SECRET(usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)))
#define P256(usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256)))
#define ENC_DEC (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT)
#define SIGN_VERIFY (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)

#define K_AES 7
#define K_CMAC 8
#define K_ECC 9
#define K_MISSING 200

typedef struct {
    whTestPair       pair;
    whClientCryptoCb bridge;
} fixture;

/*
 * wolfCrypt 5.7.2 makes the first registered device the default one: objects made without
 * a device id (wc_InitSha256(), wc_Sha256Hash()...) and SHA-256 objects after a software
 * Final run through it. In this one-process test the HSM's wolfCrypt is the host's, so the
 * bridge as default device would also receive the HSM's own hashing, on the server thread,
 * and use the client context from there (on the target each core has its own wolfCrypt). A
 * device that runs nothing, registered first, keeps the default in software and counts what
 * reaches it; test_hsm_uses_no_device checks the HSM sends nothing there.
 */
#define SOFTWARE_DEVID 0x5357

static atomic_int softwareCalls;

static int softwareOnly(int devId, wc_CryptoInfo* info, void* ctx)
{
    (void)devId;
    (void)info;
    (void)ctx;
    atomic_fetch_add(&softwareCalls, 1);
    return CRYPTOCB_UNAVAILABLE;
}

static int groupSetup(void** state)
{
    (void)state;
    if (wolfCrypt_Init() != 0) {
        return -1;
    }
    return (wc_CryptoCb_RegisterDevice(SOFTWARE_DEVID, softwareOnly, NULL) == 0) ? 0 : -1;
}

static int groupTeardown(void** state)
{
    (void)state;
    wc_CryptoCb_UnRegisterDevice(SOFTWARE_DEVID);
    return (wolfCrypt_Cleanup() == 0) ? 0 : -1;
}

static int setup(void** state)
{
    static fixture f;
    int32_t        rc = RC_UNSET;

    whTest_PairInit(&f.pair, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&f.pair);
    assert_int_equal(wh_Client_CommConnect(&f.pair.client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_CryptoCbRegister(&f.bridge, &f.pair.client, DEVID), WH_ERROR_OK);
    *state = &f;
    return 0;
}

static int teardown(void** state)
{
    fixture* f = *state;
    assert_int_equal(wh_Client_CryptoCbUnregister(&f->bridge), WH_ERROR_OK);
    whTest_PairStopServer(&f->pair);
    assert_int_equal(f->pair.server.comm.stats.malformed, 0);
    whTest_PairCleanup(&f->pair);
    return 0;
}

/* ---- helpers ---- */

/* Requests the client has sent so far (read in the client's thread). */
static uint16_t sent(const fixture* f)
{
    return f->pair.client.comm.seq;
}

static void cacheKey(fixture* f, uint16_t id, uint16_t flags, const uint8_t* key, uint16_t len)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyCache(&f->pair.client, flags, 0, NULL, len, key, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

/* An AES object naming HSM key keyId. */
static void aesHsm(Aes* aes, uint16_t keyId)
{
    unsigned char id[WH_CLIENT_CRYPTOCB_ID_LEN];
    wh_Client_CryptoCbKeyId(keyId, id);
    assert_int_equal(wc_AesInit_Id(aes, id, sizeof(id), NULL, DEVID), 0);
}

/* A P-256 key pair made in software: raw d || Qx || Qy for the HSM. */
static void swEccKey(WC_RNG* rng, ecc_key* key, uint8_t* raw96)
{
    word32 dLen = 32, xLen = 32, yLen = 32;
    assert_int_equal(wc_ecc_init(key), 0);
    assert_int_equal(wc_ecc_make_key_ex(rng, 32, key, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_private_raw(key, raw96 + 32, &xLen, raw96 + 64, &yLen, raw96,
                                               &dLen),
                     0);
}

/* ---- tests ---- */

static void test_register(void** state)
{
    fixture*         f = *state;
    whClientCryptoCb other;

    assert_int_equal(wh_Client_CryptoCbRegister(NULL, &f->pair.client, DEVID + 1),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CryptoCbRegister(&other, NULL, DEVID + 1), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CryptoCbRegister(&other, &f->pair.client, INVALID_DEVID),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_CryptoCbRegister(&other, &f->pair.client, DEVID + 1), WH_ERROR_OK);
    assert_int_equal(wh_Client_CryptoCbUnregister(&other), WH_ERROR_OK);
    assert_null(other.client);
    /* The callback refuses a context that is not its device's. */
    {
        wc_CryptoInfo info;
        memset(&info, 0, sizeof(info));
        info.algo_type = WC_ALGO_TYPE_RNG;
        assert_int_equal(wh_Client_CryptoCb(DEVID + 5, &info, &f->bridge), BAD_FUNC_ARG);
        assert_int_equal(wh_Client_CryptoCb(DEVID, NULL, &f->bridge), BAD_FUNC_ARG);
        info.algo_type = WC_ALGO_TYPE_NONE;
        assert_int_equal(wh_Client_CryptoCb(DEVID, &info, &f->bridge), CRYPTOCB_UNAVAILABLE);
    }
    /* Key id encoding: big-endian client id. */
    {
        unsigned char id[2];
        wh_Client_CryptoCbKeyId(WH_ID_GLOBAL | 0x12, id);
        assert_int_equal(id[0], 0x01);
        assert_int_equal(id[1], 0x12);
    }
}

static void test_rng(void** state)
{
    fixture*       f = *state;
    WC_RNG         rng;
    static uint8_t a[5000];
    static uint8_t b[5000];
    uint16_t       before;

    assert_int_equal(wc_InitRng_ex(&rng, NULL, DEVID), 0);
    memset(a, 0, sizeof(a));
    before = sent(f);
    assert_int_equal(wc_RNG_GenerateBlock(&rng, a, 64), 0);
    assert_int_equal((uint16_t)(sent(f) - before), 1);
    assert_false(whTest_AllEqual(a, 64, 0));
    before = sent(f);
    assert_int_equal(wc_RNG_GenerateBlock(&rng, a, sizeof(a)), 0);
    assert_int_equal(wc_RNG_GenerateBlock(&rng, b, sizeof(b)), 0);
    /* Each block takes as many requests as it needs, no more. */
    assert_int_equal((uint16_t)(sent(f) - before),
                     2 * ((sizeof(a) + WH_CLIENT_RNG_MAX_LEN - 1) / WH_CLIENT_RNG_MAX_LEN));
    assert_memory_not_equal(a, b, sizeof(a));
    assert_false(whTest_AllEqual(a + sizeof(a) - 64, 64, 0));
    assert_int_equal(wc_FreeRng(&rng), 0);
}

/* Hash data in the given pieces with the device, compare with software. */
static void hashPieces(fixture* f, int type, const uint8_t* data, const uint32_t* pieces,
                       size_t count)
{
    uint8_t  out[WC_MAX_DIGEST_SIZE];
    uint8_t  ref[WC_MAX_DIGEST_SIZE];
    uint32_t total  = 0;
    uint16_t before = sent(f);
    size_t   i;
    int      size;
    union {
        wc_Sha256 s256;
        wc_Sha384 s384;
        wc_Sha512 s512;
    } h;

    memset(out, 0, sizeof(out));
    switch (type) {
        case WC_HASH_TYPE_SHA256:
            assert_int_equal(wc_InitSha256_ex(&h.s256, NULL, DEVID), 0);
            break;
        case WC_HASH_TYPE_SHA384:
            assert_int_equal(wc_InitSha384_ex(&h.s384, NULL, DEVID), 0);
            break;
        default:
            assert_int_equal(wc_InitSha512_ex(&h.s512, NULL, DEVID), 0);
            break;
    }
    for (i = 0; i < count; i++) {
        switch (type) {
            case WC_HASH_TYPE_SHA256:
                assert_int_equal(wc_Sha256Update(&h.s256, data + total, pieces[i]), 0);
                break;
            case WC_HASH_TYPE_SHA384:
                assert_int_equal(wc_Sha384Update(&h.s384, data + total, pieces[i]), 0);
                break;
            default:
                assert_int_equal(wc_Sha512Update(&h.s512, data + total, pieces[i]), 0);
                break;
        }
        total += pieces[i];
    }
    switch (type) {
        case WC_HASH_TYPE_SHA256:
            assert_int_equal(wc_Sha256Final(&h.s256, out), 0);
            wc_Sha256Free(&h.s256);
            assert_int_equal(wc_Sha256Hash_ex(data, total, ref, NULL, INVALID_DEVID), 0);
            size = WC_SHA256_DIGEST_SIZE;
            break;
        case WC_HASH_TYPE_SHA384:
            assert_int_equal(wc_Sha384Final(&h.s384, out), 0);
            wc_Sha384Free(&h.s384);
            assert_int_equal(wc_Sha384Hash_ex(data, total, ref, NULL, INVALID_DEVID), 0);
            size = WC_SHA384_DIGEST_SIZE;
            break;
        default:
            assert_int_equal(wc_Sha512Final(&h.s512, out), 0);
            wc_Sha512Free(&h.s512);
            assert_int_equal(wc_Sha512Hash_ex(data, total, ref, NULL, INVALID_DEVID), 0);
            size = WC_SHA512_DIGEST_SIZE;
            break;
    }
    assert_memory_equal(out, ref, size);
    assert_true(sent(f) != before);     /* the HSM computed it */
    assert_null(f->bridge.streamOwner); /* and the stream is free again */
}

static void test_sha2(void** state)
{
    fixture*       f = *state;
    static uint8_t data[3 * WOLFHSM_CFG_COMM_DATA_LEN + 333];
    const uint32_t none[]  = {0};
    const uint32_t one[]   = {3};
    const uint32_t small[] = {1, 63, 64, 65, 0, 127, 128, 129};
    const uint32_t big[]   = {10, sizeof(data) - 20, 10};
    const int      types[] = {WC_HASH_TYPE_SHA256, WC_HASH_TYPE_SHA384, WC_HASH_TYPE_SHA512};
    size_t         t;

    whTest_Fill(data, sizeof(data), 1);
    for (t = 0; t < 3; t++) {
        hashPieces(f, types[t], data, none, 0); /* the empty message */
        hashPieces(f, types[t], data, none, 1); /* an empty update */
        hashPieces(f, types[t], data, one, 1);
        hashPieces(f, types[t], data, small, sizeof(small) / sizeof(small[0]));
        hashPieces(f, types[t], data, big, 3);
    }
    /* The one-call helpers with the device. */
    {
        uint8_t out[32];
        uint8_t ref[32];
        assert_int_equal(wc_Sha256Hash_ex(data, 1000, out, NULL, DEVID), 0);
        assert_int_equal(wc_Sha256Hash_ex(data, 1000, ref, NULL, INVALID_DEVID), 0);
        assert_memory_equal(out, ref, 32);
    }
    /* An object is reusable after Final. */
    {
        wc_Sha256 s;
        uint8_t   out[32];
        uint8_t   ref[32];
        assert_int_equal(wc_InitSha256_ex(&s, NULL, DEVID), 0);
        assert_int_equal(wc_Sha256Update(&s, data, 100), 0);
        assert_int_equal(wc_Sha256Final(&s, out), 0);
        assert_int_equal(wc_Sha256Update(&s, data + 100, 50), 0);
        assert_int_equal(wc_Sha256Final(&s, out), 0);
        assert_int_equal(wc_Sha256Hash_ex(data + 100, 50, ref, NULL, INVALID_DEVID), 0);
        assert_memory_equal(out, ref, 32);
        wc_Sha256Free(&s);
    }
}

/* SHA-512/256 reaches the callback as SHA-512: it must run in software, correctly. */
static void test_sha512_256_stays_in_software(void** state)
{
    fixture*  f = *state;
    wc_Sha512 s;
    uint8_t   data[300];
    uint8_t   out[32];
    uint8_t   ref[32];
    uint16_t  before;

    whTest_Fill(data, sizeof(data), 2);
    before = sent(f);
    assert_int_equal(wc_InitSha512_256_ex(&s, NULL, DEVID), 0);
    assert_int_equal(wc_Sha512_256Update(&s, data, 100), 0);
    assert_int_equal(wc_Sha512_256Update(&s, data + 100, 200), 0);
    assert_int_equal(wc_Sha512_256Final(&s, out), 0);
    wc_Sha512_256Free(&s);
    assert_int_equal(wc_Sha512_256Hash_ex(data, sizeof(data), ref, NULL, INVALID_DEVID), 0);
    assert_memory_equal(out, ref, 32);
    /* The empty message too. */
    assert_int_equal(wc_InitSha512_256_ex(&s, NULL, DEVID), 0);
    assert_int_equal(wc_Sha512_256Final(&s, out), 0);
    wc_Sha512_256Free(&s);
    assert_int_equal(wc_Sha512_256Hash_ex(data, 0, ref, NULL, INVALID_DEVID), 0);
    assert_memory_equal(out, ref, 32);
    assert_int_equal(sent(f), before);
}

/* Two hashes at once: the HSM has one stream, so the second runs in software. */
static void test_sha_two_streams(void** state)
{
    fixture*  f = *state;
    wc_Sha256 a;
    wc_Sha256 b;
    wc_Sha256 copy;
    uint8_t   data[2000];
    uint8_t   outA[32], outB[32], refA[32], refB[32];
    uint16_t  before;

    whTest_Fill(data, sizeof(data), 3);
    assert_int_equal(wc_InitSha256_ex(&a, NULL, DEVID), 0);
    assert_int_equal(wc_InitSha256_ex(&b, NULL, DEVID), 0);
    assert_int_equal(wc_Sha256Update(&a, data, 500), 0);
    assert_ptr_equal(f->bridge.streamOwner, &a);
    before = sent(f);
    assert_int_equal(wc_Sha256Update(&b, data + 1000, 300), 0);
    assert_int_equal(sent(f), before); /* b: software */
    assert_int_equal(wc_Sha256Update(&a, data + 500, 500), 0);
    assert_int_equal(wc_Sha256Update(&b, data + 1300, 700), 0);

    /* A copy of the stream holder cannot go on: the stream is in the HSM. */
    assert_int_equal(wc_Sha256Copy(&a, &copy), 0);
    assert_int_equal(wc_Sha256Update(&copy, data, 10), BAD_STATE_E);
    assert_int_equal(wc_Sha256Final(&copy, outA), BAD_STATE_E);
    assert_int_equal(wc_Sha256GetHash(&a, outA), BAD_STATE_E);

    assert_int_equal(wc_Sha256Final(&b, outB), 0);
    assert_int_equal(wc_Sha256Final(&a, outA), 0);
    assert_int_equal(wc_Sha256Hash_ex(data, 1000, refA, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_Sha256Hash_ex(data + 1000, 1000, refB, NULL, INVALID_DEVID), 0);
    assert_memory_equal(outA, refA, 32);
    assert_memory_equal(outB, refB, 32);
    assert_null(f->bridge.streamOwner);

    /* b, initialised again, runs in the HSM now that the stream is free. (Reused as it is,
     * it would stay in software: after a software Final, wolfCrypt 5.7.2 gives a SHA-256
     * object the default device, here the software-only one.) */
    assert_int_equal(wc_InitSha256_ex(&b, NULL, DEVID), 0);
    before = sent(f);
    assert_int_equal(wc_Sha256Update(&b, data, 100), 0);
    assert_int_not_equal(sent(f), before);
    assert_int_equal(wc_Sha256Final(&b, outB), 0);
    assert_int_equal(wc_Sha256Hash_ex(data, 100, refB, NULL, INVALID_DEVID), 0);
    assert_memory_equal(outB, refB, 32);

    /* An abandoned holder (freed before Final) keeps the stream until released... */
    assert_int_equal(wc_Sha256Update(&a, data, 100), 0);
    wc_Sha256Free(&a);
    assert_int_equal(wc_InitSha256_ex(&b, NULL, DEVID), 0);
    before = sent(f);
    assert_int_equal(wc_Sha256Update(&b, data, 100), 0);
    assert_int_equal(sent(f), before); /* software */
    assert_int_equal(wc_Sha256Final(&b, outB), 0);
    assert_memory_equal(outB, refB, 32);
    /* ...or an object re-initialised at the same address takes it back. */
    assert_int_equal(wc_InitSha256_ex(&a, NULL, DEVID), 0);
    before = sent(f);
    assert_int_equal(wc_Sha256Update(&a, data, 100), 0);
    assert_int_not_equal(sent(f), before);
    assert_int_equal(wc_Sha256Final(&a, outA), 0);
    assert_memory_equal(outA, refB, 32);
    /* Release: the next object streams in the HSM. */
    assert_int_equal(wc_Sha256Update(&a, data, 100), 0);
    wc_Sha256Free(&a);
    wh_Client_CryptoCbReleaseStream(&f->bridge);
    assert_int_equal(wc_InitSha256_ex(&b, NULL, DEVID), 0);
    before = sent(f);
    assert_int_equal(wc_Sha256Update(&b, data, 100), 0);
    assert_int_not_equal(sent(f), before);
    assert_int_equal(wc_Sha256Final(&b, outB), 0);
    assert_memory_equal(outB, refB, 32);
    wc_Sha256Free(&b);
}

static void test_aes_gcm(void** state)
{
    fixture* f = *state;
    Aes      hw;
    Aes      sw;
    uint8_t  key[32];
    uint8_t  iv[13];
    uint8_t  aad[30];
    uint8_t  plain[600];
    uint8_t  out[600], ref[600], back[600];
    uint8_t  tag[16], refTag[16];
    uint16_t before;

    whTest_Fill(key, sizeof(key), 10);
    whTest_Fill(iv, sizeof(iv), 11);
    whTest_Fill(aad, sizeof(aad), 12);
    whTest_Fill(plain, sizeof(plain), 13);
    cacheKey(f, K_AES, SECRET(ENC_DEC), key, sizeof(key));
    aesHsm(&hw, K_AES);
    assert_int_equal(wc_AesInit(&sw, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&sw, key, sizeof(key)), 0);

    before = sent(f);
    assert_int_equal(wc_AesGcmEncrypt(&hw, out, plain, sizeof(plain), iv, 12, tag, 16, aad,
                                      sizeof(aad)),
                     0);
    assert_int_equal((uint16_t)(sent(f) - before), 1);
    assert_int_equal(wc_AesGcmEncrypt(&sw, ref, plain, sizeof(plain), iv, 12, refTag, 16, aad,
                                      sizeof(aad)),
                     0);
    assert_memory_equal(out, ref, sizeof(ref));
    assert_memory_equal(tag, refTag, 16);
    assert_int_equal(wc_AesGcmDecrypt(&hw, back, out, sizeof(out), iv, 12, tag, 16, aad,
                                      sizeof(aad)),
                     0);
    assert_memory_equal(back, plain, sizeof(plain));

    /* A bad tag: AES_GCM_AUTH_E, out untouched. */
    tag[5] ^= 0x10;
    memset(back, 0xA5, sizeof(back));
    assert_int_equal(wc_AesGcmDecrypt(&hw, back, out, sizeof(out), iv, 12, tag, 16, aad,
                                      sizeof(aad)),
                     AES_GCM_AUTH_E);
    assert_true(whTest_AllEqual(back, sizeof(back), 0xA5));
    tag[5] ^= 0x10;

    /* A 13-byte nonce and a 12-byte tag; in place. */
    memcpy(out, plain, sizeof(plain));
    assert_int_equal(wc_AesGcmEncrypt(&hw, out, out, 100, iv, 13, tag, 12, NULL, 0), 0);
    assert_int_equal(wc_AesGcmEncrypt(&sw, ref, plain, 100, iv, 13, refTag, 12, NULL, 0), 0);
    assert_memory_equal(out, ref, 100);
    assert_memory_equal(tag, refTag, 12);
    assert_int_equal(wc_AesGcmDecrypt(&hw, out, out, 100, iv, 13, tag, 12, NULL, 0), 0);
    assert_memory_equal(out, plain, 100);

    /* More than one message: encryption is streamed through the HSM and matches software;
     * decryption stays one message (no plaintext before the tag is checked): refused. */
    {
        static uint8_t bigIn[2 * WOLFHSM_CFG_COMM_DATA_LEN];
        static uint8_t bigOut[2 * WOLFHSM_CFG_COMM_DATA_LEN];
        static uint8_t bigRef[2 * WOLFHSM_CFG_COMM_DATA_LEN];
        whTest_Fill(bigIn, sizeof(bigIn), 77);
        assert_int_equal(wc_AesGcmEncrypt(&hw, bigOut, bigIn, sizeof(bigIn), iv, 12, tag, 16, NULL,
                                          0),
                         0);
        assert_int_equal(wc_AesGcmEncrypt(&sw, bigRef, bigIn, sizeof(bigIn), iv, 12, refTag, 16,
                                          NULL, 0),
                         0);
        assert_memory_equal(bigOut, bigRef, sizeof(bigOut));
        assert_memory_equal(tag, refTag, 16);
        assert_int_equal(wc_AesGcmDecrypt(&hw, bigIn, bigOut, sizeof(bigOut), iv, 12, tag, 16, NULL,
                                          0),
                         BUFFER_E);
    }
    /* The key is not there, or lacks the usage. */
    wc_AesFree(&hw);
    aesHsm(&hw, K_MISSING);
    assert_int_equal(wc_AesGcmEncrypt(&hw, out, plain, 16, iv, 12, tag, 16, NULL, 0), MISSING_KEY);
    wc_AesFree(&hw);
    cacheKey(f, K_AES, SECRET(WH_NVM_FLAGS_USAGE_DECRYPT), key, sizeof(key));
    aesHsm(&hw, K_AES);
    assert_int_equal(wc_AesGcmEncrypt(&hw, out, plain, 16, iv, 12, tag, 16, NULL, 0), WC_HW_E);
    wc_AesFree(&hw);
    wc_AesFree(&sw);
}

static void test_aes_cbc_ecb_ctr(void** state)
{
    fixture*       f = *state;
    Aes            hw;
    Aes            sw;
    uint8_t        key[16];
    uint8_t        iv[16];
    static uint8_t plain[3 * WOLFHSM_CFG_COMM_DATA_LEN + 64];
    static uint8_t out[sizeof(plain)];
    static uint8_t ref[sizeof(plain)];
    const uint32_t ctrPieces[] = {7, 20, 33, 16, 1, 3000, 15, 2};
    uint32_t       pos;
    size_t         i;

    whTest_Fill(key, sizeof(key), 20);
    whTest_Fill(iv, sizeof(iv), 21);
    whTest_Fill(plain, sizeof(plain), 22);
    cacheKey(f, K_AES, SECRET(ENC_DEC), key, sizeof(key));

    /* CBC in two calls (the IV chains in aes->reg), then the whole again in one call that
     * spans several messages. */
    aesHsm(&hw, K_AES);
    assert_int_equal(wc_AesInit(&sw, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesSetKey(&sw, key, 16, iv, AES_ENCRYPTION), 0);
    assert_int_equal(wc_AesSetIV(&hw, iv), 0);
    assert_int_equal(wc_AesCbcEncrypt(&hw, out, plain, 64), 0);
    assert_int_equal(wc_AesCbcEncrypt(&hw, out + 64, plain + 64, sizeof(plain) - 64), 0);
    assert_int_equal(wc_AesCbcEncrypt(&sw, ref, plain, sizeof(plain)), 0);
    assert_memory_equal(out, ref, sizeof(plain));
    assert_memory_equal(hw.reg, sw.reg, 16);
    /* Decrypt in place, split elsewhere. */
    assert_int_equal(wc_AesSetIV(&hw, iv), 0);
    assert_int_equal(wc_AesCbcDecrypt(&hw, out, out, 2000), 0);
    assert_int_equal(wc_AesCbcDecrypt(&hw, out + 2000, out + 2000, sizeof(plain) - 2000), 0);
    assert_memory_equal(out, plain, sizeof(plain));
    wc_AesFree(&sw);

    /* ECB. */
    assert_int_equal(wc_AesInit(&sw, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesSetKey(&sw, key, 16, NULL, AES_ENCRYPTION), 0);
    assert_int_equal(wc_AesEcbEncrypt(&hw, out, plain, 160), 0);
    assert_int_equal(wc_AesEcbEncrypt(&sw, ref, plain, 160), 0);
    assert_memory_equal(out, ref, 160);
    assert_int_equal(wc_AesEcbDecrypt(&hw, out, out, 160), 0);
    assert_memory_equal(out, plain, 160);
    assert_int_equal(wc_AesEcbEncrypt(&hw, out, plain, 17), BAD_LENGTH_E);
    wc_AesFree(&sw);

    /* CTR in odd pieces: the unused keystream carries over between calls. */
    assert_int_equal(wc_AesInit(&sw, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesSetKeyDirect(&sw, key, 16, iv, AES_ENCRYPTION), 0);
    assert_int_equal(wc_AesSetIV(&hw, iv), 0);
    for (i = 0, pos = 0; i < sizeof(ctrPieces) / sizeof(ctrPieces[0]); i++) {
        assert_int_equal(wc_AesCtrEncrypt(&hw, out + pos, plain + pos, ctrPieces[i]), 0);
        pos += ctrPieces[i];
    }
    assert_int_equal(wc_AesCtrEncrypt(&sw, ref, plain, pos), 0);
    assert_memory_equal(out, ref, pos);
    /* And back, in place, in other pieces. */
    assert_int_equal(wc_AesSetIV(&hw, iv), 0);
    assert_int_equal(wc_AesCtrEncrypt(&hw, out, out, 5), 0);
    assert_int_equal(wc_AesCtrEncrypt(&hw, out + 5, out + 5, pos - 5), 0);
    assert_memory_equal(out, plain, pos);
    wc_AesFree(&sw);
    wc_AesFree(&hw);
}

static void test_cmac(void** state)
{
    fixture*       f = *state;
    Cmac           cmac;
    Cmac           other;
    uint8_t        key[16];
    static uint8_t data[2 * WOLFHSM_CFG_COMM_DATA_LEN + 50];
    uint8_t        tag[16];
    uint8_t        ref[16];
    word32         tagLen;
    word32         refLen;
    const uint32_t pieces[] = {1, 15, 16, 17, 0, 2000};
    uint32_t       pos;
    uint16_t       before;
    size_t         i;

    whTest_Fill(key, sizeof(key), 30);
    whTest_Fill(data, sizeof(data), 31);
    cacheKey(f, K_CMAC, SECRET(SIGN_VERIFY), key, sizeof(key));

    /* Streamed: keyless init, the key id, updates, final. */
    assert_int_equal(wc_InitCmac_ex(&cmac, NULL, 0, WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    for (i = 0, pos = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
        assert_int_equal(wc_CmacUpdate(&cmac, data + pos, pieces[i]), 0);
        pos += pieces[i];
    }
    tagLen = sizeof(tag);
    assert_int_equal(wc_CmacFinal(&cmac, tag, &tagLen), 0);
    refLen = sizeof(ref);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, data, pos, key, sizeof(key)), 0);
    assert_memory_equal(tag, ref, 16);
    assert_null(f->bridge.streamOwner);

    /* One shot: one message when it fits. */
    memset(&cmac, 0, sizeof(cmac));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    before = sent(f);
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&cmac, tag, &tagLen, data, 100, NULL, 0, NULL, DEVID),
                     0);
    assert_int_equal((uint16_t)(sent(f) - before), 1);
    refLen = sizeof(ref);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, data, 100, key, sizeof(key)), 0);
    assert_memory_equal(tag, ref, 16);
    /* Longer than one message: streamed through the same callback. */
    memset(&cmac, 0, sizeof(cmac));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&cmac, tag, &tagLen, data, sizeof(data), NULL, 0, NULL,
                                           DEVID),
                     0);
    refLen = sizeof(ref);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, data, sizeof(data), key, sizeof(key)), 0);
    assert_memory_equal(tag, ref, 16);
    /* Verify (0: match, 1: mismatch), and a truncated tag. */
    memset(&cmac, 0, sizeof(cmac));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    assert_int_equal(wc_AesCmacVerify_ex(&cmac, ref, 16, data, sizeof(data), NULL, 0, NULL, DEVID),
                     0);
    ref[0] ^= 1;
    memset(&cmac, 0, sizeof(cmac));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    assert_int_equal(wc_AesCmacVerify_ex(&cmac, ref, 16, data, sizeof(data), NULL, 0, NULL, DEVID),
                     1);
    ref[0] ^= 1;
    assert_int_equal(wc_InitCmac_ex(&cmac, NULL, 0, WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    assert_int_equal(wc_CmacUpdate(&cmac, data, 77), 0);
    tagLen = 8;
    memset(tag, 0, sizeof(tag));
    assert_int_equal(wc_CmacFinal(&cmac, tag, &tagLen), 0);
    refLen = sizeof(ref);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, data, 77, key, sizeof(key)), 0);
    assert_memory_equal(tag, ref, 8);
    assert_true(whTest_AllEqual(tag + 8, 8, 0));

    /* While one CMAC holds the stream, another HSM-key CMAC cannot run. */
    assert_int_equal(wc_InitCmac_ex(&cmac, NULL, 0, WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_CMAC), 0);
    assert_int_equal(wc_CmacUpdate(&cmac, data, 50), 0);
    assert_int_equal(wc_InitCmac_ex(&other, NULL, 0, WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&other, K_CMAC), 0);
    assert_int_equal(wc_CmacUpdate(&other, data, 50), BAD_STATE_E);
    tagLen = sizeof(tag);
    assert_int_equal(wc_CmacFinal(&other, tag, &tagLen), BAD_STATE_E);
    memset(&other, 0, sizeof(other));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&other, K_CMAC), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&other, tag, &tagLen, data, 10, NULL, 0, NULL, DEVID),
                     BAD_STATE_E);
    /* The holder is unharmed. */
    assert_int_equal(wc_CmacUpdate(&cmac, data + 50, 50), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_CmacFinal(&cmac, tag, &tagLen), 0);
    refLen = sizeof(ref);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, data, 100, key, sizeof(key)), 0);
    assert_memory_equal(tag, ref, 16);

    /* A software key with the device id stays in software. */
    before = sent(f);
    assert_int_equal(wc_InitCmac_ex(&cmac, key, sizeof(key), WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wc_CmacUpdate(&cmac, data, 100), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_CmacFinal(&cmac, tag, &tagLen), 0);
    assert_memory_equal(tag, ref, 16);
    assert_int_equal(sent(f), before);
    /* Initialised without a key and given no key id: no key at all. */
    assert_int_equal(wc_InitCmac_ex(&cmac, NULL, 0, WC_CMAC_AES, NULL, NULL, DEVID), 0);
    assert_int_equal(wc_CmacUpdate(&cmac, data, 100), MISSING_KEY);
    tagLen = sizeof(tag);
    assert_int_equal(wc_CmacFinal(&cmac, tag, &tagLen), MISSING_KEY);
    memset(&cmac, 0, sizeof(cmac));
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&cmac, tag, &tagLen, data, 10, NULL, 0, NULL, DEVID),
                     MISSING_KEY);
    /* A software key set up before the one-shot call (its init step skipped). */
    assert_int_equal(wc_InitCmac_ex(&cmac, key, sizeof(key), WC_CMAC_AES, NULL, NULL, DEVID), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&cmac, tag, &tagLen, data, 100, NULL, 0, NULL, DEVID),
                     0);
    assert_memory_equal(tag, ref, 16);
    /* A missing key. */
    memset(&cmac, 0, sizeof(cmac));
    assert_int_equal(wh_Client_CryptoCbCmacSetKeyId(&cmac, K_MISSING), 0);
    tagLen = sizeof(tag);
    assert_int_equal(wc_AesCmacGenerate_ex(&cmac, tag, &tagLen, data, 10, NULL, 0, NULL, DEVID),
                     MISSING_KEY);
}

static void test_ecdsa(void** state)
{
    fixture*      f = *state;
    WC_RNG        rng;
    ecc_key       sw;
    ecc_key       hw;
    uint8_t       raw[96];
    uint8_t       hash[32];
    uint8_t       sig[ECC_MAX_SIG_SIZE];
    word32        sigLen = sizeof(sig);
    int           res    = -1;
    uint16_t      before;
    unsigned char id[WH_CLIENT_CRYPTOCB_ID_LEN];

    whTest_Fill(hash, sizeof(hash), 40);
    assert_int_equal(wc_InitRng(&rng), 0);
    swEccKey(&rng, &sw, raw);
    cacheKey(f, K_ECC, P256(SIGN_VERIFY), raw, sizeof(raw));
    wh_Client_CryptoCbKeyId(K_ECC, id);
    assert_int_equal(wc_ecc_init_id(&hw, id, sizeof(id), NULL, DEVID), 0);

    /* Signed in the HSM, verified in software. */
    before = sent(f);
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &hw), 0);
    assert_int_equal((uint16_t)(sent(f) - before), 1);
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &sw), 0);
    assert_int_equal(res, 1);
    /* Verified in the HSM. */
    res = -1;
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &hw), 0);
    assert_int_equal(res, 1);
    /* Signed in software, verified in the HSM. */
    sigLen = sizeof(sig);
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &sw), 0);
    res = -1;
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &hw), 0);
    assert_int_equal(res, 1);
    /* A signature that does not verify: 0 with res 0, as in software. */
    hash[7] ^= 1;
    res = -1;
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &hw), 0);
    assert_int_equal(res, 0);
    res = -1;
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &sw), 0);
    assert_int_equal(res, 0);
    hash[7] ^= 1;
    /* A 48-byte hash (SHA-384) signs too. */
    {
        uint8_t h48[48];
        whTest_Fill(h48, sizeof(h48), 41);
        sigLen = sizeof(sig);
        assert_int_equal(wc_ecc_sign_hash(h48, sizeof(h48), sig, &sigLen, &rng, &hw), 0);
        res = -1;
        assert_int_equal(wc_ecc_verify_hash(sig, sigLen, h48, sizeof(h48), &res, &sw), 0);
        assert_int_equal(res, 1);
    }
    /* The signature buffer too small. */
    sigLen = 10;
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &hw), BUFFER_E);
    wc_ecc_free(&hw);
    /* A key that is not there. */
    wh_Client_CryptoCbKeyId(K_MISSING, id);
    assert_int_equal(wc_ecc_init_id(&hw, id, sizeof(id), NULL, DEVID), 0);
    sigLen = sizeof(sig);
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &hw), MISSING_KEY);
    wc_ecc_free(&hw);
    /* An id that is not an HSM key id. */
    assert_int_equal(wc_ecc_init_id(&hw, id, 1, NULL, DEVID), 0);
    sigLen = sizeof(sig);
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &hw), BAD_FUNC_ARG);
    wc_ecc_free(&hw);
    wc_ecc_free(&sw);
    wc_FreeRng(&rng);
}

static void test_ecdh(void** state)
{
    fixture*      f = *state;
    WC_RNG        rng;
    ecc_key       mine;
    ecc_key       peer;
    ecc_key       hw;
    uint8_t       raw[96];
    uint8_t       out[32];
    uint8_t       ref[32];
    word32        outLen;
    word32        refLen = sizeof(ref);
    int           i;
    unsigned char id[WH_CLIENT_CRYPTOCB_ID_LEN];

    assert_int_equal(wc_InitRng(&rng), 0);
    swEccKey(&rng, &mine, raw);
    cacheKey(f, K_ECC, P256(WH_NVM_FLAGS_USAGE_DERIVE), raw, sizeof(raw));
    assert_int_equal(wc_ecc_init(&peer), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &peer, ECC_SECP256R1), 0);
    (void)wc_ecc_set_rng(&peer, &rng);
    assert_int_equal(wc_ecc_shared_secret(&peer, &mine, ref, &refLen), 0);

    wh_Client_CryptoCbKeyId(K_ECC, id);
    assert_int_equal(wc_ecc_init_id(&hw, id, sizeof(id), NULL, DEVID), 0);
    /* More times than the key cache has slots: the temporary keys are evicted. */
    for (i = 0; i < 2 * WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        outLen = sizeof(out);
        memset(out, 0, sizeof(out));
        assert_int_equal(wc_ecc_shared_secret(&hw, &peer, out, &outLen), 0);
        assert_int_equal(outLen, 32);
        assert_memory_equal(out, ref, 32);
    }
    /* Too small an output. */
    outLen = 16;
    assert_int_equal(wc_ecc_shared_secret(&hw, &peer, out, &outLen), BUFFER_E);
    outLen = sizeof(out);
    assert_int_equal(wc_ecc_shared_secret(&hw, &peer, out, &outLen), 0);
    /* A peer point off the curve (the HSM's WH_ERROR_BADKEY): wolfCrypt's PUBLIC_KEY_E. */
    {
        ecc_key bad;
        uint8_t qx[32];
        uint8_t qy[32];
        word32  xLen = 32, yLen = 32;
        assert_int_equal(wc_ecc_export_public_raw(&peer, qx, &xLen, qy, &yLen), 0);
        qy[31] ^= 1;
        assert_int_equal(wc_ecc_init(&bad), 0);
        assert_int_equal(wc_ecc_import_unsigned(&bad, qx, qy, NULL, ECC_SECP256R1), 0);
        outLen = sizeof(out);
        assert_int_equal(wc_ecc_shared_secret(&hw, &bad, out, &outLen), PUBLIC_KEY_E);
        wc_ecc_free(&bad);
    }
    wc_ecc_free(&hw);
    /* With a non-exportable HSM key the secret is non-exportable too (it inherits the key's
     * policy): it cannot come out, and the temporary keys still go. */
    cacheKey(f, K_ECC, P256(WH_NVM_FLAGS_USAGE_DERIVE | WH_NVM_FLAGS_NONEXPORTABLE), raw,
             sizeof(raw));
    assert_int_equal(wc_ecc_init_id(&hw, id, sizeof(id), NULL, DEVID), 0);
    for (i = 0; i < 2 * WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        outLen = sizeof(out);
        memset(out, 0, sizeof(out));
        assert_int_equal(wc_ecc_shared_secret(&hw, &peer, out, &outLen), WC_HW_E);
        assert_true(whTest_AllEqual(out, sizeof(out), 0));
    }
    wc_ecc_free(&hw);
    wc_ecc_free(&peer);
    wc_ecc_free(&mine);
    wc_FreeRng(&rng);
}

/* Objects with the device id but no HSM key id run in software and never reach the HSM. */
static void test_software_keys_stay_in_software(void** state)
{
    fixture* f = *state;
    Aes      aes;
    Aes      sw;
    WC_RNG   rng;
    ecc_key  k;
    uint8_t  key[16];
    uint8_t  iv[12];
    uint8_t  plain[64];
    uint8_t  out[64], ref[64], tag[16], refTag[16], hash[32];
    uint8_t  sig[ECC_MAX_SIG_SIZE];
    word32   sigLen = sizeof(sig);
    int      res    = -1;
    uint16_t before;

    whTest_Fill(key, sizeof(key), 50);
    whTest_Fill(iv, sizeof(iv), 51);
    whTest_Fill(plain, sizeof(plain), 52);
    whTest_Fill(hash, sizeof(hash), 53);
    assert_int_equal(wc_InitRng(&rng), 0);
    before = sent(f);

    memset(&aes, 0, sizeof(aes)); /* wc_AesInit leaves idLen as it finds it */
    assert_int_equal(wc_AesInit(&aes, NULL, DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, key, sizeof(key)), 0);
    assert_int_equal(wc_AesGcmEncrypt(&aes, out, plain, sizeof(plain), iv, 12, tag, 16, NULL, 0),
                     0);
    assert_int_equal(wc_AesInit(&sw, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&sw, key, sizeof(key)), 0);
    assert_int_equal(wc_AesGcmEncrypt(&sw, ref, plain, sizeof(plain), iv, 12, refTag, 16, NULL, 0),
                     0);
    assert_memory_equal(out, ref, sizeof(ref));
    assert_memory_equal(tag, refTag, 16);
    wc_AesFree(&aes);
    wc_AesFree(&sw);

    assert_int_equal(wc_ecc_init_ex(&k, NULL, DEVID), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &k, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_sign_hash(hash, sizeof(hash), sig, &sigLen, &rng, &k), 0);
    assert_int_equal(wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &k), 0);
    assert_int_equal(res, 1);
    wc_ecc_free(&k);
    assert_int_equal(sent(f), before);
    wc_FreeRng(&rng);
}

/* The HSM computes with its own software: none of its work goes through a crypto-callback
 * device it did not choose (here the software-only device, wolfCrypt's default). Only client
 * calls run in this thread meanwhile, so every call the device sees comes from the HSM. */
static void test_hsm_uses_no_device(void** state)
{
    fixture* f = *state;
    uint8_t  data[300];
    uint8_t  key[32];
    uint8_t  out[WH_CRYPTO_MAX_DIGEST];
    uint8_t  pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t  sig[WH_CRYPTO_MAX_SIG];
    uint16_t len;
    uint16_t id   = 0;
    uint16_t edId = 0;
    int32_t  rc;

    whTest_Fill(data, sizeof(data), 60);
    whTest_Fill(key, sizeof(key), 61);
    cacheKey(f, K_CMAC, SECRET(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_DERIVE), key,
             sizeof(key));
    atomic_store(&softwareCalls, 0);

    assert_int_equal(wh_Client_Sha256(&f->pair.client, data, sizeof(data), out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_Sha512(&f->pair.client, data, sizeof(data), out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    len = sizeof(out);
    assert_int_equal(wh_Client_Hmac(&f->pair.client, WH_CRYPTO_HMAC_SHA256, K_CMAC, data,
                                    sizeof(data), out, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_Hkdf(&f->pair.client, WH_CRYPTO_SHA256, K_CMAC, NULL, 0, data, 10,
                                    64, 0, NULL, 0, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    len = sizeof(pub);
    assert_int_equal(wh_Client_KeyGenerate(&f->pair.client, WH_KEY_TYPE_ED25519, SIGN_VERIFY, NULL,
                                           0, &edId, pub, &len, &rc),
                     WH_ERROR_OK);
    len = sizeof(sig);
    assert_int_equal(wh_Client_Sign(&f->pair.client, WH_CRYPTO_ED25519, edId, data, 100, sig, &len,
                                    &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(atomic_load(&softwareCalls), 0);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rng, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sha2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sha512_256_stays_in_software, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sha_two_streams, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes_gcm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes_cbc_ecb_ctr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecdsa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecdh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_software_keys_stay_in_software, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hsm_uses_no_device, setup, teardown),
    };

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, groupSetup, groupTeardown);
}
