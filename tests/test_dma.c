/*
 * test_dma.c: requests by address (wh_client_dma.h; the HSM's host windows in wh_server.h).
 *
 * Known answers: SHA-256, CMAC and AES-GCM of large buffers passed by address equal the
 * mailbox path and wolfCrypt called directly; HMAC, SHA-384/512; ECDSA and Ed25519 checks of a
 * message by address; NVM object data added and read by address.
 *
 * Confused deputy: every by-address request pointed at HSM memory (the server context with
 * its key cache, the NVM image; on the target the HSM's RAM through both aliases and its
 * code), at another client's mailbox and its own, at buffers that wrap the address space,
 * straddle the end of the host window (on the target: the end of the host's RAM, where the
 * HSM's RAM begins), start one byte before or at its end, or lie 4 GiB above it (a 32-bit
 * HSM that truncated addresses would land in the window): every one refused with
 * WH_ERROR_BADADDR, the output buffers untouched, no payload in the response, the server
 * serving on. A buffer at the very end of the window is accepted.
 *
 * Rewritten while the HSM reads it: AES-GCM decryption of a ciphertext the host flips back and
 * forth (verdict OK only with the true plaintext, else WH_ERROR_AUTH with the output
 * untouched: the HSM decrypts what it authenticated), an NVM object whose data the host
 * rewrites (the object is one consistent snapshot: its record's CRC holds, the store opens
 * again after a power cycle), and a hash of a changing buffer (no crash). On the host the
 * rewriting is a thread (not under TSAN: those races are the test); on the target core 0
 * rewrites while core 1 serves.
 *
 * Host only: the server's checks of its window config, the connect-time registration of the
 * shared region (too large, none, dropped at close), read-only windows, a window at the top
 * of the 64-bit address space, a context without windows, and an HSM process and a host
 * process that map the shared region at different addresses.
 */
#ifndef WH_TEST_TARGET
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_dma.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_nvm_types.h"
#ifdef WH_TEST_TARGET
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_timer.h"
#endif

#define ID_A 5
#define ID_B 6
#define RC_UNSET 1
#define BIG (64u * 1024u)                  /* the benchmark's size */
#define DMA_MAX WOLFHSM_CFG_SERVER_DMA_MAX /* largest GCM / NVM buffer */
#define REGION_SIZE (BIG + 4u * DMA_MAX + 4096u)
#define SENTINEL 0xA5u
/* Requests served while the host rewrites their input. */
#ifdef WH_TEST_TARGET
#define GCM_ROUNDS 40u
#else
#define GCM_ROUNDS 200u
#endif
#define NVM_ROUNDS 16u

#define SECRET(usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)))
#define K_AES 1
#define K_MAC 2
#define K_MISSING 200
#define OBJ 0x31u

/* Where the client puts what it passes by address: on the host the shared region it
 * registers at connect, on the target a buffer in core 0's RAM (the HSM's window). */
static uint8_t region[REGION_SIZE] __attribute__((aligned(64)));

/* Parts of the region the tests use. */
#define BUF_BIG (region)
#define BUF_IN (region + BIG)
#define BUF_OUT (region + BIG + DMA_MAX)
#define BUF_AAD (region + BIG + 2u * DMA_MAX)
#define BUF_END (region + REGION_SIZE) /* one past the region */

#if defined(__SANITIZE_THREAD__)
#define RACING 0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACING 0
#endif
#endif
#ifndef RACING
#define RACING 1
#endif

/* ---- fixtures: client A passes buffers by address, client B is another client ---- */

static whTestShared fix;
static int          served; /* the server runs on its own thread (host) */

#ifndef WH_TEST_TARGET
static const whServerDmaWindow regionWindow[] = {
    {.size = REGION_SIZE, .hsm = region, .flags = WH_DMA_READ | WH_DMA_WRITE | WH_DMA_REGISTERED},
};

/* Client A with the region registered (sequential, or served by a thread). */
static void pairInitDma(whTestPair* p, whNvmContext* nvm, uint16_t id, int thread)
{
    int32_t rc = RC_UNSET;

    whTest_PairConfigure(p, NULL, nvm, id, thread, thread ? 10000u : 0u);
    p->serverConfig.dmaWindows     = regionWindow;
    p->serverConfig.dmaWindowCount = 1;
    p->clientConfig.dmaRegion      = region;
    p->clientConfig.dmaRegionSize  = sizeof(region);
    assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
    if (thread) {
        whTest_PairStartServer(p);
        assert_int_equal(wh_Client_CommConnect(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    }
    else {
        assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    }
    assert_int_equal(rc, WH_ERROR_OK);
}
#endif

static int fixtureInit(int thread)
{
    served = thread;
    memset(region, 0, sizeof(region));
#ifdef WH_TEST_TARGET
    whTest_SharedInit(&fix, ID_A, ID_B);
#else
    whTest_NvmInit(&fix.nvm, 1);
    pairInitDma(&fix.a, &fix.nvm.nvm, ID_A, thread);
    whTest_PairInitConnected(&fix.b, &fix.nvm.nvm, ID_B);
#endif
    return 0;
}

static int setupServed(void** state)
{
    *state = &fix;
    return fixtureInit(1);
}

static int teardown(void** state)
{
    whTestShared* f = *state;
#ifndef WH_TEST_TARGET
    if (served) {
        whTest_PairStopServer(&f->a);
    }
#endif
    /* A refused request is a verdict, not a malformed packet. */
    assert_int_equal(whTest_ServerMalformed(&f->a), 0);
    whTest_SharedCleanup(f);
    return 0;
}

/* Wait for the answer to the request just sent: served by this thread (sequential pairs),
 * by the server's thread, or by the HSM core. */
static void awaitResponse(whTestPair* p)
{
#ifndef WH_TEST_TARGET
    if (served) {
        while (!wh_CommClient_Ready(&p->client.comm)) {
            assert_int_equal(wh_Client_WaitResponse(&p->client), WH_ERROR_OK);
        }
        return;
    }
#endif
    whTest_Serve(p);
}

/* Round trip through the Request / Response pair. */
#define ROUND_TRIP(p, request, response)           \
    do {                                           \
        assert_int_equal((request), WH_ERROR_OK);  \
        awaitResponse(p);                          \
        assert_int_equal((response), WH_ERROR_OK); \
    } while (0)

static void cacheKey(whTestPair* p, uint16_t id, uint16_t flags, const uint8_t* key, uint16_t len)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p,
               wh_Client_KeyCacheRequest(&p->client, id, flags, 4, (const uint8_t*)"dma!", len,
                                         key),
               wh_Client_KeyCacheResponse(&p->client, &out, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(out, id);
}

/* A SHA-256 request by address sent raw, naming any 64-bit address (the client API takes
 * pointers, which a 32-bit client cannot make of every address). Returns the verdict. */
static int32_t sha256Raw(whTestPair* p, uint64_t a, uint32_t len, uint8_t* out)
{
    whMessageCryptoDigestDmaRequest q  = {.addr = a,
                                          .len  = len,
                                          .alg  = WH_CRYPTO_SHA256,
                                          .step = WH_CRYPTO_STEP_ONESHOT};
    uint16_t                        n  = 32;
    int32_t                         rc = RC_UNSET;

    wh_MessageCrypto_TranslateDigestDmaRequest(WH_COMM_MAGIC_NATIVE, &q,
                                               (void*)wh_CommClient_GetData(&p->client.comm));
    ROUND_TRIP(p,
               wh_CommClient_SendRequest(&p->client.comm,
                                         WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO,
                                                         WH_MESSAGE_CRYPTO_ACTION_DIGEST_DMA),
                                         sizeof(q)),
               wh_Client_DigestDmaResponse(&p->client, out, &n, &rc));
    return rc;
}

/* The same for an NVM read by address (an output). */
static int32_t nvmReadRaw(whTestPair* p, uint64_t a, uint16_t id, uint16_t len)
{
    whMessageNvmReadDmaRequest q  = {.addr = a, .id = id, .len = len};
    int32_t                    rc = RC_UNSET;

    wh_MessageNvm_TranslateReadDmaRequest(WH_COMM_MAGIC_NATIVE, &q,
                                          (void*)wh_CommClient_GetData(&p->client.comm));
    ROUND_TRIP(p,
               wh_CommClient_SendRequest(&p->client.comm,
                                         WH_MESSAGE_KIND(WH_MESSAGE_GROUP_NVM,
                                                         WH_MESSAGE_NVM_ACTION_READ_DMA),
                                         sizeof(q)),
               wh_Client_NvmReadDmaResponse(&p->client, NULL, &rc));
    return rc;
}

/* The server still answers, and the client's session still works. */
static void expectServing(whTestPair* p)
{
    uint8_t  in[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t  out[8];
    uint16_t n  = sizeof(out);
    int32_t  rc = RC_UNSET;

    assert_int_equal(wh_Client_Echo(&p->client, sizeof(in), in, &n, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(in, out, sizeof(in));
}

static void sha256Sw(const uint8_t* data, uint32_t len, uint8_t* out)
{
    wc_Sha256 sha;
    assert_int_equal(wc_InitSha256(&sha), 0);
    assert_int_equal(wc_Sha256Update(&sha, data, len), 0);
    assert_int_equal(wc_Sha256Final(&sha, out), 0);
}

static const uint8_t aesKey[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                   0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                   0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
/* RFC 4493: key, the 64-byte message of example 4 and its tag. */
static const uint8_t cmacKey[16]   = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                      0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t cmacMsg64[64] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d,
                                      0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57,
                                      0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf,
                                      0x8e, 0x51, 0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11,
                                      0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef, 0xf6, 0x9f,
                                      0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17, 0xad, 0x2b, 0x41, 0x7b,
                                      0xe6, 0x6c, 0x37, 0x10};
static const uint8_t cmacTag64[16] = {0x51, 0xf0, 0xbe, 0xbf, 0x7e, 0x3b, 0x9d, 0x92,
                                      0xfc, 0x49, 0x74, 0x17, 0x79, 0x36, 0x3c, 0xfe};
/* SHA-256 of nothing (FIPS 180-4). */
static const uint8_t sha256Empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
                                        0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
                                        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
                                        0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};

/* ---- known answers ---- */

static void test_sha256_by_address(void** state)
{
    whTestShared*         f       = *state;
    whTestPair*           p       = &f->a;
    static const uint32_t sizes[] = {1, 55, 64, 1023, 1024, 1025, 3000, 4096, BIG};
    uint8_t               got[32];
    uint8_t               want[32];
    uint8_t               mbox[32];
    int32_t               rc = RC_UNSET;
    unsigned              i;

    whTest_Fill(BUF_BIG, BIG, 7);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        memset(got, 0, sizeof(got));
        sha256Sw(BUF_BIG, sizes[i], want);
        assert_int_equal(wh_Client_Sha256Dma(&p->client, BUF_BIG, sizes[i], got, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(got, want, 32);
        /* The mailbox path (streamed when it does not fit one message) agrees. */
        assert_int_equal(wh_Client_Sha256(&p->client, BUF_BIG, sizes[i], mbox, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(mbox, want, 32);
    }
    /* Nothing at all: no address needed. */
    assert_int_equal(wh_Client_Sha256Dma(&p->client, NULL, 0, got, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(got, sha256Empty, 32);
    /* The Request/Response pair, and a buffer at the very end of the window. */
    whTest_Fill(BUF_END - 100, 100, 9);
    sha256Sw(BUF_END - 100, 100, want);
    ROUND_TRIP(p, wh_Client_Sha256DmaRequest(&p->client, BUF_END - 100, 100),
               wh_Client_Sha256DmaResponse(&p->client, got, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(got, want, 32);
}

static void test_digests_by_address(void** state)
{
    whTestShared* f = *state;
    whTestPair*   p = &f->a;
    uint8_t       got[64];
    uint8_t       want[64];
    uint16_t      n;
    int32_t       rc = RC_UNSET;
    wc_Sha512     s512;
    wc_Sha384     s384;
    Hmac          hmac;

    whTest_Fill(BUF_BIG, 5000, 11);
    assert_int_equal(wc_InitSha384(&s384), 0);
    assert_int_equal(wc_Sha384Update(&s384, BUF_BIG, 5000), 0);
    assert_int_equal(wc_Sha384Final(&s384, want), 0);
    n = sizeof(got);
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_ONESHOT, 0,
                                         BUF_BIG, 5000, NULL, 0, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(n, 48);
    assert_memory_equal(got, want, 48);

    assert_int_equal(wc_InitSha512(&s512), 0);
    assert_int_equal(wc_Sha512Update(&s512, BUF_BIG, 5000), 0);
    assert_int_equal(wc_Sha512Final(&s512, want), 0);
    n = sizeof(got);
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_ONESHOT, 0,
                                         BUF_BIG, 5000, NULL, 0, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(n, 64);
    assert_memory_equal(got, want, 64);

    cacheKey(p, K_MAC, SECRET(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY), aesKey, 32);
    assert_int_equal(wc_HmacInit(&hmac, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_HmacSetKey(&hmac, WC_SHA256, aesKey, 32), 0);
    assert_int_equal(wc_HmacUpdate(&hmac, BUF_BIG, 5000), 0);
    assert_int_equal(wc_HmacFinal(&hmac, want), 0);
    wc_HmacFree(&hmac);
    n = sizeof(got);
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT,
                                         K_MAC, BUF_BIG, 5000, NULL, 0, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(n, 32);
    assert_memory_equal(got, want, 32);
    /* VERIFY with the HMAC, and with one bit off. */
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY,
                                         K_MAC, BUF_BIG, 5000, want, 32, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    want[31] ^= 1;
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY,
                                         K_MAC, BUF_BIG, 5000, want, 32, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);

    /* Steps other than ONESHOT and VERIFY, hashes with VERIFY, unknown algorithms. */
    n = sizeof(got);
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0,
                                         BUF_BIG, 64, NULL, 0, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_DigestDma(&p->client, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_VERIFY, 0,
                                         BUF_BIG, 64, want, 32, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    n = sizeof(got);
    assert_int_equal(wh_Client_DigestDma(&p->client, 0x77, WH_CRYPTO_STEP_ONESHOT, 0, BUF_BIG, 64,
                                         NULL, 0, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADALG);
    expectServing(p);
}

static void test_cmac_by_address(void** state)
{
    whTestShared* f = *state;
    whTestPair*   p = &f->a;
    uint8_t       got[16];
    uint8_t       want[16];
    uint8_t       mbox[16];
    uint16_t      n       = sizeof(got);
    word32        wantLen = sizeof(want);
    int32_t       rc      = RC_UNSET;

    cacheKey(p, K_MAC, SECRET(WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY), cmacKey, 16);
    /* RFC 4493 example 4. */
    memcpy(BUF_IN, cmacMsg64, sizeof(cmacMsg64));
    assert_int_equal(wh_Client_CmacDma(&p->client, K_MAC, BUF_IN, 64, got, &n, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(n, 16);
    assert_memory_equal(got, cmacTag64, 16);

    /* 64 KiB: by address = the mailbox path = wolfCrypt. */
    whTest_Fill(BUF_BIG, BIG, 13);
    assert_int_equal(wc_AesCmacGenerate(want, &wantLen, BUF_BIG, BIG, cmacKey, 16), 0);
    n = sizeof(got);
    ROUND_TRIP(p, wh_Client_CmacDmaRequest(&p->client, K_MAC, BUF_BIG, BIG),
               wh_Client_CmacDmaResponse(&p->client, got, &n, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(got, want, 16);
    n = sizeof(mbox);
    assert_int_equal(wh_Client_CmacGenerate(&p->client, K_MAC, BUF_BIG, BIG, mbox, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(mbox, want, 16);

    /* Verified inside the HSM, whole and truncated; a wrong tag. */
    assert_int_equal(wh_Client_CmacVerifyDma(&p->client, K_MAC, BUF_BIG, BIG, want, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_CmacVerifyDma(&p->client, K_MAC, BUF_BIG, BIG, want, 8, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    want[0] ^= 0x80;
    ROUND_TRIP(p, wh_Client_CmacVerifyDmaRequest(&p->client, K_MAC, BUF_BIG, BIG, want, 16),
               wh_Client_CmacVerifyDmaResponse(&p->client, &rc));
    assert_int_equal(rc, WH_ERROR_AUTH);
    /* Refused locally: a tag of no MAC size. */
    assert_int_equal(wh_Client_CmacVerifyDma(&p->client, K_MAC, BUF_BIG, 16, want, 3, &rc),
                     WH_ERROR_BADARGS);
    /* The key's usage and existence are checked as on the mailbox path. */
    n = sizeof(got);
    assert_int_equal(wh_Client_CmacDma(&p->client, K_MISSING, BUF_BIG, 16, got, &n, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    expectServing(p);
}

static void gcmSw(int enc, const uint8_t* iv, uint16_t ivLen, const uint8_t* aad, uint32_t aadLen,
                  const uint8_t* in, uint32_t len, uint8_t* out, uint8_t* tag, uint16_t tagLen)
{
    Aes aes;
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, aesKey, 32), 0);
    if (enc) {
        assert_int_equal(wc_AesGcmEncrypt(&aes, out, in, len, iv, ivLen, tag, tagLen, aad, aadLen),
                         0);
    }
    else {
        assert_int_equal(wc_AesGcmDecrypt(&aes, out, in, len, iv, ivLen, tag, tagLen, aad, aadLen),
                         0);
    }
    wc_AesFree(&aes);
}

static void test_gcm_by_address(void** state)
{
    whTestShared*  f = *state;
    whTestPair*    p = &f->a;
    static uint8_t plain[DMA_MAX];
    static uint8_t want[DMA_MAX];
    static uint8_t mbox[DMA_MAX];
    const uint8_t iv[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
    const uint32_t aadLen = 2500; /* three chunks of the HSM's stream */
    uint8_t        tag[16];
    uint8_t        wantTag[16];
    uint8_t        mboxTag[16];
    uint16_t       n  = sizeof(tag);
    int32_t        rc = RC_UNSET;

    cacheKey(p, K_AES, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT), aesKey, 32);
    whTest_Fill(plain, sizeof(plain), 17);
    whTest_Fill(BUF_AAD, aadLen, 19);
    memcpy(BUF_IN, plain, sizeof(plain));
    gcmSw(1, iv, 12, BUF_AAD, aadLen, plain, DMA_MAX, want, wantTag, 16);

    /* Encrypt DMA_MAX bytes by address = wolfCrypt = the (streamed) mailbox path. */
    memset(BUF_OUT, SENTINEL, DMA_MAX);
    ROUND_TRIP(p,
               wh_Client_AesGcmEncryptDmaRequest(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, BUF_IN,
                                                 DMA_MAX, BUF_OUT, 16),
               wh_Client_AesGcmEncryptDmaResponse(&p->client, tag, &n, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(n, 16);
    assert_memory_equal(BUF_OUT, want, DMA_MAX);
    assert_memory_equal(tag, wantTag, 16);
    assert_int_equal(wh_Client_AesGcmEncrypt(&p->client, K_AES, iv, 12, BUF_AAD, 1000, plain,
                                             DMA_MAX, mbox, mboxTag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(mbox, want, DMA_MAX); /* same key stream; the tag covers less AAD */

    /* Decrypt it back, in place. */
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, BUF_OUT,
                                                DMA_MAX, BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(BUF_OUT, plain, DMA_MAX);

    /* A wrong tag: WH_ERROR_AUTH, and the output is untouched (no unauthenticated plaintext). */
    memcpy(BUF_IN, want, DMA_MAX);
    memset(BUF_OUT, SENTINEL, DMA_MAX);
    tag[3] ^= 1;
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, BUF_IN,
                                                DMA_MAX, BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    assert_true(whTest_AllEqual(BUF_OUT, DMA_MAX, SENTINEL));
    tag[3] ^= 1;
    /* So does a ciphertext with one bit off, and AAD with one bit off. */
    BUF_IN[DMA_MAX - 1] ^= 0x40;
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, BUF_IN,
                                                DMA_MAX, BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    BUF_IN[DMA_MAX - 1] ^= 0x40;
    BUF_AAD[aadLen - 1] ^= 0x40;
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, BUF_IN,
                                                DMA_MAX, BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    assert_true(whTest_AllEqual(BUF_OUT, DMA_MAX, SENTINEL));
    BUF_AAD[aadLen - 1] ^= 0x40;

    /* GMAC: no data, only AAD; a 12-byte tag. */
    gcmSw(1, iv, 12, BUF_AAD, aadLen, NULL, 0, NULL, wantTag, 12);
    n = sizeof(tag);
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, BUF_AAD, aadLen, NULL, 0,
                                                NULL, tag, 12, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(tag, wantTag, 12);

    /* More than the HSM holds privately; tags of no GCM size; no IV. */
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, NULL, 0, BUF_BIG,
                                                DMA_MAX + 1, BUF_BIG, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, NULL, 0, BUF_IN, 16,
                                                BUF_OUT, tag, 8, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, NULL, 0, NULL, 0, BUF_IN, 16,
                                                BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    /* A key without DECRYPT usage. */
    cacheKey(p, K_MAC, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT), aesKey, 16);
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_MAC, iv, 12, NULL, 0, BUF_IN, 16,
                                                BUF_OUT, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_USAGE);
    expectServing(p);
}

static void test_verify_by_address(void** state)
{
    whTestShared*  f      = *state;
    whTestPair*    p      = &f->a;
    const uint32_t msgLen = 10000;
    uint8_t        hash[64];
    uint8_t        sig[ECC_MAX_SIG_SIZE];
    uint8_t        pub[64];
    uint8_t        edSig[64];
    uint8_t        edPub[32];
    word32         sigLen = sizeof(sig);
    word32         xLen = 32, yLen = 32, edSigLen = 64, edPubLen = 32;
    int32_t        rc = RC_UNSET;
    WC_RNG         rng;
    ecc_key        ecc;
    ed25519_key    ed;
    wc_Sha384      s384;

    whTest_Fill(BUF_BIG, msgLen, 23);
    assert_int_equal(wc_InitRng(&rng), 0);

    /* ECDSA P-256 over SHA-256 of the message, the hash computed in the HSM. */
    assert_int_equal(wc_ecc_init(&ecc), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &ecc, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_public_raw(&ecc, pub, &xLen, pub + 32, &yLen), 0);
    sha256Sw(BUF_BIG, msgLen, hash);
    assert_int_equal(wc_ecc_sign_hash(hash, 32, sig, &sigLen, &rng, &ecc), 0);
    ROUND_TRIP(p,
               wh_Client_VerifyDmaRequest(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA256, 0,
                                          pub, 64, sig, (uint16_t)sigLen, BUF_BIG, msgLen),
               wh_Client_VerifyDmaResponse(&p->client, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    BUF_BIG[msgLen / 2] ^= 1;
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA256, 0, pub,
                                         64, sig, (uint16_t)sigLen, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    BUF_BIG[msgLen / 2] ^= 1;
    /* Over SHA-384 (truncated to the curve's size by ECDSA). */
    assert_int_equal(wc_InitSha384(&s384), 0);
    assert_int_equal(wc_Sha384Update(&s384, BUF_BIG, msgLen), 0);
    assert_int_equal(wc_Sha384Final(&s384, hash), 0);
    sigLen = sizeof(sig);
    assert_int_equal(wc_ecc_sign_hash(hash, 48, sig, &sigLen, &rng, &ecc), 0);
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA384, 0, pub,
                                         64, sig, (uint16_t)sigLen, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    /* ... which does not verify as SHA-256 of the message; no hash named: refused. */
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA256, 0, pub,
                                         64, sig, (uint16_t)sigLen, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, 0, 0, pub, 64, sig,
                                         (uint16_t)sigLen, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADALG);
    /* An inline key off the curve. */
    pub[63] ^= 1;
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA384, 0, pub,
                                         64, sig, (uint16_t)sigLen, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADKEY);
    wc_ecc_free(&ecc);

    /* Ed25519 over the message itself, streamed through the HSM. */
    assert_int_equal(wc_ed25519_init(&ed), 0);
    assert_int_equal(wc_ed25519_make_key(&rng, 32, &ed), 0);
    assert_int_equal(wc_ed25519_export_public(&ed, edPub, &edPubLen), 0);
    assert_int_equal(wc_ed25519_sign_msg(BUF_BIG, msgLen, edSig, &edSigLen, &ed), 0);
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ED25519, 0, 0, edPub, 32, edSig, 64,
                                         BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    BUF_BIG[0] ^= 1;
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ED25519, 0, 0, edPub, 32, edSig, 64,
                                         BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    BUF_BIG[0] ^= 1;
    /* S >= L: not canonical, does not verify. */
    edSig[63] |= 0x10;
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ED25519, 0, 0, edPub, 32, edSig, 64,
                                         BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_AUTH);
    /* Ed25519 names no hash; LMS has no by-address form. */
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ED25519, WH_CRYPTO_SHA256, 0, edPub,
                                         32, edSig, 64, BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_LMS, 0, 0, edPub, 32, edSig, 64,
                                         BUF_BIG, msgLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADALG);
    wc_ed25519_free(&ed);
    (void)wc_FreeRng(&rng);
    expectServing(p);
}

static void test_nvm_by_address(void** state)
{
    whTestShared*  f = *state;
    whTestPair*    p = &f->a;
    static uint8_t back[DMA_MAX];
    uint16_t       len  = 0;
    uint16_t       meta = 0;
    int32_t        rc   = RC_UNSET;
    uint16_t       done;

    whTest_Fill(BUF_IN, DMA_MAX, 29);
    ROUND_TRIP(p,
               wh_Client_NvmAddObjectDmaRequest(&p->client, OBJ, 0, 0, 5, (const uint8_t*)"image",
                                                BUF_IN, DMA_MAX),
               wh_Client_NvmAddObjectDmaResponse(&p->client, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmGetMetadata(&p->client, OBJ, NULL, NULL, &meta, 0, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(meta, DMA_MAX);
    /* Read back through the mailbox, in pieces. */
    for (done = 0; done < DMA_MAX; done = (uint16_t)(done + len)) {
        uint16_t want = (uint16_t)((DMA_MAX - done > 1024) ? 1024 : DMA_MAX - done);
        assert_int_equal(wh_Client_NvmRead(&p->client, OBJ, done, want, &len, back + done, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(len, want);
    }
    assert_memory_equal(back, BUF_IN, DMA_MAX);
    /* And by address, whole and at an offset. */
    memset(BUF_OUT, SENTINEL, DMA_MAX);
    ROUND_TRIP(p, wh_Client_NvmReadDmaRequest(&p->client, OBJ, 0, DMA_MAX, BUF_OUT),
               wh_Client_NvmReadDmaResponse(&p->client, &len, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, DMA_MAX);
    assert_memory_equal(BUF_OUT, BUF_IN, DMA_MAX);
    /* Into the last bytes of the window. */
    memset(BUF_END - 64, SENTINEL, 64);
    assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 100, 64, BUF_END - 64, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(BUF_END - 64, BUF_IN + 100, 64);
#ifdef WH_TEST_TARGET
    {
        /* The last 64 bytes of host RAM (unused by this image; the HSM's RAM follows). */
        uint8_t* last = (uint8_t*)(uintptr_t)(MPS2_HOST_RAM_BASE + MPS2_HOST_RAM_SIZE - 64u);
        uint8_t  want[32];
        uint8_t  got[32];
        memset(last, SENTINEL, 64);
        assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 200, 64, last, &len, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(last, BUF_IN + 200, 64);
        sha256Sw(last, 64, want);
        assert_int_equal(wh_Client_Sha256Dma(&p->client, last, 64, got, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(got, want, 32);
    }
#endif
    /* Past the object's end: refused, and nothing written. */
    memset(BUF_OUT, SENTINEL, DMA_MAX);
    assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 1, DMA_MAX, BUF_OUT, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_true(whTest_AllEqual(BUF_OUT, DMA_MAX, SENTINEL));
    /* More than the HSM holds privately, either way. */
    assert_int_equal(wh_Client_NvmAddObjectDma(&p->client, OBJ + 1, 0, 0, 0, NULL, BUF_BIG,
                                               DMA_MAX + 1, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 0, DMA_MAX + 1, BUF_BIG, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    /* Another client's object stays out of reach. */
    assert_int_equal(wh_Client_NvmReadDma(&p->client, 0x77, 0, 16, BUF_OUT, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    /* An empty object. */
    assert_int_equal(wh_Client_NvmAddObjectDma(&p->client, OBJ + 2, 0, 0, 0, NULL, NULL, 0, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    expectServing(p);
}

/* ---- confused deputy ---- */

typedef struct {
    const char* what;
    uint64_t    addr;
    uint32_t    len;
} BadBuf;

static uint64_t addr(const void* p)
{
    return (uint64_t)(uintptr_t)p;
}

/* Buffers the HSM must refuse; each lies outside every window it gives client A. */
static unsigned badBuffers(whTestShared* f, BadBuf* out)
{
    unsigned n = 0;
#ifdef WH_TEST_TARGET
    const uint64_t ramEnd = MPS2_HOST_RAM_BASE + MPS2_HOST_RAM_SIZE; /* the HSM's RAM follows */
    out[n++]              = (BadBuf){"HSM RAM, Secure alias", MPS2_HSM_RAM_BASE, 64};
    out[n++] = (BadBuf){"HSM RAM, Non-secure alias", MPS2_NS_ALIAS(MPS2_HSM_RAM_BASE), 64};
    out[n++] = (BadBuf){"HSM RAM, its last bytes", MPS2_HSM_RAM_BASE + MPS2_HSM_RAM_SIZE - 64u, 64};
    out[n++] = (BadBuf){"HSM code", MPS2_CORE1_VTOR, 64};
    out[n++] = (BadBuf){"core 0's Secure boot stage", MPS2_BOOT_BASE, 64};
    out[n++] = (BadBuf){"host code (not a window)", MPS2_HOST_CODE_BASE, 64};
    out[n++] = (BadBuf){"another client's mailbox", addr(&MPS2_SHARED->mailbox[f->b.mailbox]), 64};
    out[n++] = (BadBuf){"its own mailbox", addr(&MPS2_SHARED->mailbox[f->a.mailbox]), 64};
    out[n++] = (BadBuf){"the shared SRAM after the mailboxes", MPS2_SHARED_FREE, 16};
    out[n++] = (BadBuf){"host RAM through its Secure alias", addr(region) + 0x10000000u, 16};
    out[n++] = (BadBuf){"straddles the end of host RAM", ramEnd - 16u, 32};
    out[n++] = (BadBuf){"starts at the end of host RAM", ramEnd, 1};
    out[n++] = (BadBuf){"starts before host RAM", MPS2_HOST_RAM_BASE - 1u, 2};
#else
    out[n++] = (BadBuf){"HSM memory: the server context", addr(&f->a.server), 64};
    out[n++] = (BadBuf){"HSM memory: the key cache", addr(f->a.server.localSlots), 64};
    out[n++] = (BadBuf){"HSM memory: the NVM image", addr(f->nvm.flash), 64};
    out[n++] = (BadBuf){"another client's mailbox", addr(&f->b.region->mailbox), 64};
    out[n++] = (BadBuf){"its own mailbox", addr(&f->a.region->mailbox), 64};
    out[n++] = (BadBuf){"straddles the region's end", addr(BUF_END) - 16u, 32};
    out[n++] = (BadBuf){"starts at the region's end", addr(BUF_END), 1};
    out[n++] = (BadBuf){"starts before the region", addr(region) - 1u, 2};
#endif
    /* Raw 64-bit addresses: a 32-bit HSM that truncated them would land in the window. */
    out[n++] = (BadBuf){"the window + 4 GiB", addr(region) + 0x100000000ull, 16};
    out[n++] = (BadBuf){"the window with the top bit set", addr(region) | 0x8000000000000000ull,
                        16};
    out[n++] = (BadBuf){"wraps the 64-bit address space", UINT64_MAX - 15u, 32};
    out[n++] = (BadBuf){"the last byte of the address space", UINT64_MAX, 1};
    out[n++] = (BadBuf){"crosses 4 GiB (wraps 32 bits)", 0xFFFFFFF0u, 32};
    out[n++] = (BadBuf){"in the window, 4 GiB long", addr(region), UINT32_MAX};
    return n;
}

static void test_confused_deputy(void** state)
{
    whTestShared*  f = *state;
    whTestPair*    p = &f->a;
    BadBuf         bad[24];
    const unsigned nBad   = badBuffers(f, bad);
    const uint8_t  iv[12] = {1};
    uint8_t        tag[16];
    uint8_t        out[64];
    uint16_t       n;
    uint16_t       len;
    int32_t        rc;
    unsigned       i;

    cacheKey(p, K_AES, SECRET(WH_NVM_FLAGS_USAGE_ANY), aesKey, 32);
    cacheKey(p, K_MAC, SECRET(WH_NVM_FLAGS_USAGE_ANY), cmacKey, 16);
    whTest_Fill(BUF_IN, 64, 31);
    memset(tag, 0, sizeof(tag));
    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmAddObjectDma(&p->client, OBJ, 0, 0, 0, NULL, BUF_IN, 64, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    for (i = 0; i < nBad; i++) {
        const void* a     = (const void*)(uintptr_t)bad[i].addr; /* as the host names it */
        uint32_t    l     = bad[i].len;
        const int   small = (l <= 64u);

        print_message("  %s: 0x%llx + %lu\n", bad[i].what, (unsigned long long)bad[i].addr,
                      (unsigned long)l);
        /* Every address, raw, as an input and as an output. */
        memset(out, SENTINEL, sizeof(out));
        assert_int_equal(sha256Raw(p, bad[i].addr, l, out), WH_ERROR_BADADDR);
        assert_true(whTest_AllEqual(out, sizeof(out), SENTINEL)); /* nothing came back */
        if (small) {
            assert_int_equal(nvmReadRaw(p, bad[i].addr, OBJ, (uint16_t)l), WH_ERROR_BADADDR);
        }
        if (addr(a) != bad[i].addr) {
            continue; /* a pointer this client cannot make: the raw requests said it all */
        }
        /* Through every call of the API. */
        n  = sizeof(out);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacDma(&p->client, K_MAC, a, l, out, &n, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        assert_true(whTest_AllEqual(out, sizeof(out), SENTINEL));
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CmacVerifyDma(&p->client, K_MAC, a, l, tag, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ED25519, 0, 0, out, 32, out, 64,
                                             a, l, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_VerifyDma(&p->client, WH_CRYPTO_ECDSA_P256, WH_CRYPTO_SHA256, 0,
                                             out, 64, out, 64, a, l, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        /* GCM: the AAD, then the input, then the output pointed there. */
        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesGcmDecryptDma(&p->client, K_AES, iv, 12, a, l, BUF_IN, 16,
                                                    BUF_OUT, tag, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        if (!small) {
            continue; /* longer than a GCM or NVM buffer may be: BADARGS, tested elsewhere */
        }
        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, NULL, 0, a, l,
                                                    BUF_OUT, tag, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, NULL, 0, BUF_IN, l,
                                                    (void*)(uintptr_t)a, tag, 16, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        rc = RC_UNSET;
        assert_int_equal(wh_Client_NvmAddObjectDma(&p->client, OBJ + 1, 0, 0, 0, NULL, a,
                                                   (uint16_t)l, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        rc  = RC_UNSET;
        len = 0;
        assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 0, (uint16_t)l, (void*)(uintptr_t)a,
                                              &len, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_BADADDR);
        assert_int_equal(len, 0);
    }
    /* Nothing was stored under the refused add, and the session goes on. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmGetMetadata(&p->client, OBJ + 1, NULL, NULL, NULL, 0, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    expectServing(p);
}

/* ---- the host rewrites a buffer while the HSM reads it ---- */

typedef struct {
    uint8_t*       buf;
    const uint8_t* a; /* the two contents it flips between */
    const uint8_t* b;
    uint32_t       len;
#ifndef WH_TEST_TARGET
    pthread_t  thread;
    atomic_int stop;
#endif
    _Atomic uint32_t flips;
} Flipper;

/* Write one of the two contents and hold it a while: some holds are short (the HSM's read
 * sees a mix), some long enough for a whole pass over the buffer (it sees one content, and a
 * second pass, had the HSM made one, would see the other). */
static void flipOnce(Flipper* fl)
{
    const uint32_t    n    = atomic_fetch_add(&fl->flips, 1u);
    volatile uint32_t spin = ((n & 2u) != 0u) ? 0u : (((n * 2654435761u) >> 16) % 60000u);

    memcpy(fl->buf, ((n & 1u) != 0u) ? fl->a : fl->b, fl->len);
    while (spin > 0u) {
        spin--;
    }
}

#ifndef WH_TEST_TARGET
static void* flipThread(void* arg)
{
    Flipper* fl = arg;
    while (!atomic_load(&fl->stop)) {
        flipOnce(fl);
    }
    return NULL;
}
#endif

/* Send a request (request: its Request call's status) while fl flips its buffer, until the
 * answer is in; on return the buffer holds a again. */
#ifdef WH_TEST_TARGET
#define SEND_FLIPPING(p, fl, request)                     \
    do {                                                  \
        uint32_t start_ = mps2Timer_Millis();             \
        assert_int_equal((request), WH_ERROR_OK);         \
        while (!wh_CommClient_Ready(&(p)->client.comm) && \
               ((mps2Timer_Millis() - start_) < 5000u)) { \
            flipOnce(fl);                                 \
        }                                                 \
        awaitResponse(p);                                 \
        memcpy((fl)->buf, (fl)->a, (fl)->len);            \
    } while (0)
#else
#define SEND_FLIPPING(p, fl, request)                                               \
    do {                                                                            \
        atomic_store(&(fl)->stop, 0);                                               \
        atomic_store(&(fl)->flips, 0u);                                             \
        assert_int_equal(pthread_create(&(fl)->thread, NULL, flipThread, (fl)), 0); \
        while ((fl)->flips < 2u) {                                                  \
            sched_yield(); /* flipping before the request goes */                   \
        }                                                                           \
        assert_int_equal((request), WH_ERROR_OK);                                   \
        awaitResponse(p);                                                           \
        atomic_store(&(fl)->stop, 1);                                               \
        assert_int_equal(pthread_join((fl)->thread, NULL), 0);                      \
        memcpy((fl)->buf, (fl)->a, (fl)->len);                                      \
    } while (0)
#endif

static void test_rewritten_while_read(void** state)
{
    whTestShared*  f = *state;
    whTestPair*    p = &f->a;
    static uint8_t plain[DMA_MAX];
    static uint8_t cipher[DMA_MAX];
    static uint8_t evil[DMA_MAX];
    static uint8_t back[DMA_MAX];
    const uint8_t  iv[12] = {9, 8, 7};
    uint8_t        tag[16];
    uint8_t        digest[32];
    uint16_t       len;
    int32_t        rc;
    unsigned       round;
    unsigned       ok = 0, auth = 0;
    size_t         i;
    Flipper        fl;

    if (!RACING) {
        skip(); /* TSAN: the rewriting races the server's reads on purpose */
    }
    cacheKey(p, K_AES, SECRET(WH_NVM_FLAGS_USAGE_ANY), aesKey, 32);
    whTest_Fill(plain, DMA_MAX, 37);
    memcpy(BUF_IN, plain, DMA_MAX);
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p->client, K_AES, iv, 12, NULL, 0, BUF_IN, DMA_MAX,
                                                BUF_IN, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    memcpy(cipher, BUF_IN, DMA_MAX);
    for (i = 0; i < DMA_MAX; i++) {
        evil[i] = (uint8_t)(cipher[i] ^ 0x5A);
    }

    /* GCM decryption of a ciphertext flipping between the true one and another: OK only with
     * the true plaintext; a refusal leaves the output untouched. */
    fl = (Flipper){.buf = BUF_IN, .a = cipher, .b = evil, .len = DMA_MAX};
    for (round = 0; round < GCM_ROUNDS; round++) {
        memset(BUF_OUT, SENTINEL, DMA_MAX);
        rc = RC_UNSET;
        SEND_FLIPPING(p, &fl,
                      wh_Client_AesGcmDecryptDmaRequest(&p->client, K_AES, iv, 12, NULL, 0, BUF_IN,
                                                        DMA_MAX, BUF_OUT, tag, 16));
        assert_int_equal(wh_Client_AesGcmDecryptDmaResponse(&p->client, &rc), WH_ERROR_OK);
        if (rc == WH_ERROR_OK) {
            assert_memory_equal(BUF_OUT, plain, DMA_MAX);
            ok++;
        }
        else {
            assert_int_equal(rc, WH_ERROR_AUTH);
            assert_true(whTest_AllEqual(BUF_OUT, DMA_MAX, SENTINEL));
            auth++;
        }
    }
    print_message("  GCM decrypt of a flipping ciphertext: %u verified, %u refused\n", ok, auth);

    /* An NVM object whose data flips while the HSM copies it: stored as one snapshot. */
    fl = (Flipper){.buf = BUF_IN, .a = plain, .b = evil, .len = DMA_MAX};
    for (round = 0; round < NVM_ROUNDS; round++) {
        rc = RC_UNSET;
        SEND_FLIPPING(p, &fl,
                      wh_Client_NvmAddObjectDmaRequest(&p->client, OBJ, 0, 0, 0, NULL, BUF_IN,
                                                       DMA_MAX));
        assert_int_equal(wh_Client_NvmAddObjectDmaResponse(&p->client, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 0, DMA_MAX, BUF_OUT, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    memcpy(back, BUF_OUT, DMA_MAX);
    for (i = 0; i < DMA_MAX; i++) {
        assert_true((back[i] == plain[i]) || (back[i] == evil[i]));
    }
    /* The record's CRC is over the bytes stored: the store opens again after a power cycle
     * (a double fetch would have left a committed record failing its CRC: WH_ERROR_CORRUPT)
     * and has the same bytes. */
#ifdef WH_TEST_TARGET
    whTest_SharedReboot(f);
#else
    whTest_PairStopServer(&f->a);
    whTest_PairCleanup(&f->a);
    whTest_PairCleanup(&f->b);
    whTest_NvmCleanup(&f->nvm);
    whTest_NvmInit(&f->nvm, 0); /* aborts on WH_ERROR_CORRUPT */
    pairInitDma(&f->a, &f->nvm.nvm, ID_A, 1);
    whTest_PairInitConnected(&f->b, &f->nvm.nvm, ID_B);
#endif
    rc = RC_UNSET;
    memset(BUF_OUT, 0, DMA_MAX);
    assert_int_equal(wh_Client_NvmReadDma(&p->client, OBJ, 0, DMA_MAX, BUF_OUT, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(BUF_OUT, back, DMA_MAX);

    /* A hash of a changing buffer: some digest, no fault; then the steady one is right. */
    fl = (Flipper){.buf = BUF_BIG, .a = plain, .b = evil, .len = DMA_MAX};
    for (round = 0; round < 4; round++) {
        rc = RC_UNSET;
        SEND_FLIPPING(p, &fl, wh_Client_Sha256DmaRequest(&p->client, BUF_BIG, DMA_MAX));
        assert_int_equal(wh_Client_Sha256DmaResponse(&p->client, digest, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    expectServing(p);
}

#ifndef WH_TEST_TARGET
/* ---- host only: the HSM's config and the registration ---- */

static void test_window_config_checks(void** state)
{
    static whTestPair       p;
    static uint8_t          mem[64];
    static whTestNvm        nvm;
    const uint32_t          rw    = WH_DMA_READ | WH_DMA_WRITE;
    const whServerDmaWindow bad[] = {
        {.hostBase = 0x1000, .size = 0, .hsm = mem, .flags = rw},            /* empty */
        {.hostBase = 0x1000, .size = 64, .hsm = NULL, .flags = rw},          /* no HSM side */
        {.hostBase = 0x1000, .size = 64, .hsm = mem, .flags = 0},            /* no access */
        {.hostBase = 0x1000, .size = 64, .hsm = mem, .flags = rw | 0x80u},   /* unknown bit */
        {.hostBase = UINT64_MAX - 62u, .size = 64, .hsm = mem, .flags = rw}, /* host wraps */
        {.hostBase = 0x1000, .size = UINT64_MAX, .hsm = mem, .flags = rw},   /* HSM wraps */
        {.hostBase = 0x1000, .size = (uint64_t)UINTPTR_MAX, .hsm = mem, .flags = rw},
    };
    const whServerDmaWindow top = {.hostBase = UINT64_MAX - 63u,
                                   .size     = 64,
                                   .hsm      = mem,
                                   .flags    = rw}; /* ends at 2^64 */
    unsigned                i;
    (void)state;

    whTest_NvmInit(&nvm, 1);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        whTest_PairConfigure(&p, NULL, &nvm.nvm, ID_A, 0, 0);
        p.serverConfig.dmaWindows     = &bad[i];
        p.serverConfig.dmaWindowCount = 1;
        assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_BADARGS);
    }
    whTest_PairConfigure(&p, NULL, &nvm.nvm, ID_A, 0, 0);
    p.serverConfig.dmaWindows     = NULL;
    p.serverConfig.dmaWindowCount = 1;
    assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_BADARGS);
    p.serverConfig.dmaWindows = &top;
    assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_OK);
    (void)wh_Server_Cleanup(&p.server);
    whTest_NvmCleanup(&nvm);
}

/* A window at the very top of the 64-bit address space, and a read-only one beside it. */
static void test_window_edges(void** state)
{
    static whTestPair       p;
    static uint8_t          top[256];
    static uint8_t          ro[256];
    static whTestNvm        nvm;
    const whServerDmaWindow windows[] = {
        {.hostBase = UINT64_MAX - 255u, .size = 256, .hsm = top, .flags = WH_DMA_READ},
        {.hostBase = 0x10000, .size = 256, .hsm = ro, .flags = WH_DMA_READ},
        {.hostBase = 0x10100, .size = 256, .hsm = top, .flags = WH_DMA_READ | WH_DMA_WRITE},
    };
    uint8_t out[32];
    uint8_t want[32];
    int32_t rc = RC_UNSET;
    (void)state;

    served = 0;
    whTest_NvmInit(&nvm, 1);
    whTest_PairConfigure(&p, NULL, &nvm.nvm, ID_A, 0, 0);
    p.serverConfig.dmaWindows     = windows;
    p.serverConfig.dmaWindowCount = 3;
    assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnectRequest(&p.client), WH_ERROR_OK);
    whTest_Serve(&p);
    assert_int_equal(wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    whTest_Fill(top, sizeof(top), 41);
    whTest_Fill(ro, sizeof(ro), 43);
    /* The last 16 bytes of the address space: accepted, and they are the window's. */
    sha256Sw(top + 240, 16, want);
    assert_int_equal(sha256Raw(&p, UINT64_MAX - 15u, 16, out), WH_ERROR_OK);
    assert_memory_equal(out, want, 32);
    /* One more byte would wrap: refused, whatever it would alias. */
    assert_int_equal(sha256Raw(&p, UINT64_MAX - 15u, 17, out), WH_ERROR_BADADDR);
    assert_int_equal(sha256Raw(&p, UINT64_MAX, 2, out), WH_ERROR_BADADDR);
    assert_int_equal(sha256Raw(&p, UINT64_MAX - 255u, UINT32_MAX, out), WH_ERROR_BADADDR);
    /* Two adjacent windows: each is accepted, a buffer across their seam is not. */
    sha256Sw(ro + 128, 128, want);
    assert_int_equal(sha256Raw(&p, 0x10080, 128, out), WH_ERROR_OK);
    assert_memory_equal(out, want, 32);
    assert_int_equal(sha256Raw(&p, 0x10080, 129, out), WH_ERROR_BADADDR);
    assert_int_equal(sha256Raw(&p, 0xFFFF, 2, out), WH_ERROR_BADADDR);
    /* A read-only window takes no output; the writable one does. */
    ROUND_TRIP(&p,
               wh_Client_NvmAddObjectRequest(&p.client, OBJ, 0, 0, 0, NULL, 8,
                                             (const uint8_t*)"8 bytes!"),
               wh_Client_NvmAddObjectResponse(&p.client, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(nvmReadRaw(&p, 0x10000, OBJ, 8), WH_ERROR_BADADDR);
    assert_int_equal(nvmReadRaw(&p, 0x10100, OBJ, 8), WH_ERROR_OK);
    assert_memory_equal(top, "8 bytes!", 8);
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(&nvm);
}

/* The connect-time registration: refused when no window takes it, gone after Close; a
 * context without windows refuses every request by address, even an empty one. */
static void test_registration(void** state)
{
    static whTestPair p;
    static whTestNvm  nvm;
    uint8_t           out[32];
    int32_t           rc = RC_UNSET;
    (void)state;

    served = 0;
    whTest_NvmInit(&nvm, 1);
    /* No windows at all. */
    whTest_PairConfigure(&p, NULL, &nvm.nvm, ID_A, 0, 0);
    assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    ROUND_TRIP(&p, wh_Client_Sha256DmaRequest(&p.client, NULL, 0),
               wh_Client_Sha256DmaResponse(&p.client, out, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    ROUND_TRIP(&p, wh_Client_Sha256DmaRequest(&p.client, region, 16),
               wh_Client_Sha256DmaResponse(&p.client, out, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    /* A client registering a region with an HSM that has no window for it: no session. */
    p.client.dmaRegion     = region;
    p.client.dmaRegionSize = 64;
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    assert_false(whTest_ServerConnected(&p));
    whTest_PairCleanup(&p);

    /* A registered window: a region larger than it, or wrapping, is refused. */
    whTest_PairConfigure(&p, NULL, &nvm.nvm, ID_A, 0, 0);
    p.serverConfig.dmaWindows     = regionWindow;
    p.serverConfig.dmaWindowCount = 1;
    assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
    p.client.dmaRegion     = region;
    p.client.dmaRegionSize = REGION_SIZE + 1u;
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    p.client.dmaRegion     = (void*)(uintptr_t)(UINTPTR_MAX - 15u);
    p.client.dmaRegionSize = 32;
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, UINTPTR_MAX == UINT64_MAX ? WH_ERROR_BADADDR : WH_ERROR_OK);
    /* Nothing registered: the window is unusable. */
    p.client.dmaRegion     = NULL;
    p.client.dmaRegionSize = 0;
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    ROUND_TRIP(&p, wh_Client_Sha256DmaRequest(&p.client, region, 16),
               wh_Client_Sha256DmaResponse(&p.client, out, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    /* A smaller region than the window: only it is reachable. */
    p.client.dmaRegion     = region + 64;
    p.client.dmaRegionSize = 128;
    ROUND_TRIP(&p, wh_Client_CommConnectRequest(&p.client),
               wh_Client_CommConnectResponse(&p.client, NULL, NULL, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_Fill(region, 256, 47);
    {
        uint8_t want[32];
        /* The client's address region + 64 is the window's first byte: region[0] to the HSM
         * (threads share one address space, but the registration says where it starts). */
        sha256Sw(region, 128, want);
        ROUND_TRIP(&p, wh_Client_Sha256DmaRequest(&p.client, region + 64, 128),
                   wh_Client_Sha256DmaResponse(&p.client, out, &rc));
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(out, want, 32);
    }
    ROUND_TRIP(&p, wh_Client_Sha256DmaRequest(&p.client, region + 64, 129),
               wh_Client_Sha256DmaResponse(&p.client, out, &rc));
    assert_int_equal(rc, WH_ERROR_BADADDR);
    /* Close drops the registration. */
    ROUND_TRIP(&p, wh_Client_CommCloseRequest(&p.client),
               wh_Client_CommCloseResponse(&p.client, &rc));
    assert_int_equal(p.server.dmaRegSize, 0);
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(&nvm);
}

/* An HSM process and a host process; each maps the shared buffer region where it likes. */
#define PROC_REGION 8192u

static void serverProcess(const char* mboxName, const char* regionName)
{
    static whTestPair        p;
    static whTestNvm         nvm;
    static whServerDmaWindow window;
    posixShm                 mbox;
    posixShm                 reg;
    int                      wasConnected = 0;

    if ((posixShm_Open(&mbox, mboxName, sizeof(posixMailboxRegion), 5000) != WH_ERROR_OK) ||
        (posixShm_Open(&reg, regionName, PROC_REGION, 5000) != WH_ERROR_OK)) {
        _exit(10);
    }
    window = (whServerDmaWindow){.size  = PROC_REGION,
                                 .hsm   = reg.base,
                                 .flags = WH_DMA_READ | WH_DMA_WRITE | WH_DMA_REGISTERED};
    whTest_NvmInit(&nvm, 1);
    whTest_PairConfigure(&p, mbox.base, &nvm.nvm, ID_A, 1, 0);
    p.serverConfig.dmaWindows     = &window;
    p.serverConfig.dmaWindowCount = 1;
    if (wh_Server_Init(&p.server, &p.serverConfig) != WH_ERROR_OK) {
        _exit(11);
    }
    while (!wasConnected || p.server.connected) {
        int ret = wh_Server_HandleRequestMessage(&p.server);
        if (ret == WH_ERROR_NOTREADY) {
            if (wh_Server_WaitRequest(&p.server, 5000) == WH_ERROR_TIMEOUT) {
                _exit(12);
            }
        }
        else if (ret != WH_ERROR_OK) {
            _exit(13);
        }
        wasConnected |= p.server.connected;
    }
    _exit((p.server.comm.stats.malformed == 0) ? 0 : 14);
}

static void test_two_processes(void** state)
{
    static whTestPair p;
    char              mboxName[64];
    char              regionName[64];
    posixShm          mbox;
    posixShm          reg;
    posixShm          other;
    uint8_t*          buf;
    uint8_t           want[32];
    uint8_t           got[32];
    uint8_t           tag[16];
    const uint8_t     iv[12] = {5};
    uint16_t          len    = 0;
    int32_t           rc     = RC_UNSET;
    pid_t             pid;
    int               status = -1;
    (void)state;

    (void)snprintf(mboxName, sizeof(mboxName), "/wh_dma_mb_%d", (int)getpid());
    (void)snprintf(regionName, sizeof(regionName), "/wh_dma_rg_%d", (int)getpid());
    assert_int_equal(posixShm_Create(&mbox, mboxName, sizeof(posixMailboxRegion)), WH_ERROR_OK);
    assert_int_equal(posixShm_Create(&reg, regionName, PROC_REGION), WH_ERROR_OK);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        serverProcess(mboxName, regionName); /* maps the region again: another address */
    }
    /* A second mapping here too, so the client's address is surely not the server's. */
    assert_int_equal(posixShm_Open(&other, regionName, PROC_REGION, 1000), WH_ERROR_OK);
    buf = other.base;
    assert_ptr_not_equal(buf, reg.base);

    whTest_PairConfigure(&p, mbox.base, NULL, ID_A, 1, 5000); /* client side only */
    p.clientConfig.dmaRegion     = buf;
    p.clientConfig.dmaRegionSize = PROC_REGION;
    assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnect(&p.client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    whTest_Fill(buf, 4096, 53);
    sha256Sw(buf, 4096, want);
    assert_int_equal(wh_Client_Sha256Dma(&p.client, buf, 4096, got, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(got, want, 32);
    /* NVM data in and out by address, and GCM there and back. */
    assert_int_equal(wh_Client_NvmAddObjectDma(&p.client, OBJ, 0, 0, 0, NULL, buf, 1000, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmReadDma(&p.client, OBJ, 0, 1000, buf + 4096, &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, 1000);
    assert_memory_equal(buf + 4096, buf, 1000);
    assert_int_equal(wh_Client_KeyCache(&p.client, SECRET(WH_NVM_FLAGS_USAGE_ANY), 0, NULL, 32,
                                        aesKey, &(uint16_t){K_AES}, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_AesGcmEncryptDma(&p.client, K_AES, iv, 12, buf, 100, buf, 2000,
                                                buf + 4096, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_AesGcmDecryptDma(&p.client, K_AES, iv, 12, buf, 100, buf + 4096,
                                                2000, buf + 4096, tag, 16, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(buf + 4096, buf, 2000);
    /* The server's own address of the region means nothing to it from this side. */
    assert_int_equal(wh_Client_Sha256Dma(&p.client, reg.base, 16, got, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADADDR);

    assert_int_equal(wh_Client_CommClose(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    (void)wh_Client_Cleanup(&p.client);
    assert_int_equal(posixShm_Close(&other, NULL), WH_ERROR_OK);
    assert_int_equal(posixShm_Close(&reg, regionName), WH_ERROR_OK);
    assert_int_equal(posixShm_Close(&mbox, mboxName), WH_ERROR_OK);
}
#endif /* !WH_TEST_TARGET */

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sha256_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_digests_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_cmac_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_gcm_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_verify_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_nvm_by_address, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_confused_deputy, setupServed, teardown),
        cmocka_unit_test_setup_teardown(test_rewritten_while_read, setupServed, teardown),
#ifndef WH_TEST_TARGET
        cmocka_unit_test(test_window_config_checks),
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_registration),
        cmocka_unit_test(test_two_processes),
#endif
    };

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
