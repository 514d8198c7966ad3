/*
 * bench_crypto.c: crypto through the HSM against the same wolfCrypt calls made directly in
 * this process (devId INVALID_DEVID, same data, same key), in one run. Prints operations
 * per second, MB/s and the ratio HSM / direct for SHA-256, AES-128-GCM encrypt, AES-CMAC
 * generate, ECDSA P-256 sign and verify, and RNG.
 *
 * HSM path: the blocking client API (wolfhsm/wh_client_crypto.h) against a server on its
 * own thread over the in-process mailbox, keys cached in the HSM by id. Variants:
 *   futex   both ends sleep on futex doorbells (the normal configuration)
 *   poll    no doorbells: the client and the server thread both spin on the mailbox
 *           (whTest_ServeLoop returns from its wait at once without a doorbell); the
 *           polling server thread runs only while its variant is measured
 *   inline  no server thread: the server's doorbell "ring" serves the request in the
 *           client's thread (wh_Server_HandleRequestMessage). Same client wrappers, same
 *           server code, same copies, no thread hand-off: what the HSM path costs in
 *           software alone
 *
 * Method: per case, SLICES rounds; each round times every variant for SLICE_S seconds
 * (direct, futex, poll interleaved, so that a noisy moment hits all of them); the best
 * round of each variant is reported. Figures, not pass/fail: the program exits non-zero
 * only if an operation fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#include "../util/wh_test_util.h"
#include "wh_server_internal.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_types.h"

#define SLICES 6
#define SLICE_S 0.05

#define KIB 1024u
#define GCM_IV_LEN 12
#define GCM_TAG_LEN 16
/* A 1 KiB echo, to show a round trip of a mid-size message. */
#define GCM_BIG 1024u

_Static_assert(GCM_IV_LEN + GCM_BIG <= WH_CLIENT_CIPHER_MAX_PARTS, "GCM request fits");
_Static_assert(GCM_BIG + GCM_TAG_LEN <= WH_CLIENT_CRYPTO_OUT_MAX, "GCM response fits");

static void fail(const char* what, int ret, int32_t rc)
{
    fprintf(stderr, "bench_crypto: %s failed (ret %d, rc %d)\n", what, ret, (int)rc);
    exit(1);
}

static uint64_t nowNs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- shared inputs ---- */

static uint8_t  data[4 * KIB];
static uint8_t  out[4 * KIB];
static uint8_t  aesKey[16];
static uint8_t  gcmIv[GCM_IV_LEN];
static uint8_t  hash[32];   /* the "message" ECDSA signs: a SHA-256 digest */
static uint8_t  eccRaw[96]; /* d || Qx || Qy, the HSM's format */
static uint8_t  sig[WH_CRYPTO_MAX_SIG];
static uint16_t sigLen;

/* ---- direct wolfCrypt ---- */

static WC_RNG              rng;
static Aes                 gcm; /* key set once, as an application keeps it */
static uint8_t             macTag[WH_CLIENT_CMAC_LEN]; /* AES-CMAC of data[0..16) with aesKey */
static whServerMacPrepared macKey; /* aesKey prepared once, as the HSM's fast path keeps it */
static ecc_key             ecc;    /* imported once */

static void directSetup(void)
{
    uint8_t qx[32];
    uint8_t qy[32];
    word32  dLen  = 32;
    word32  qxLen = sizeof(qx);
    word32  qyLen = sizeof(qy);
    word32  len   = sizeof(sig);
    int     ret;

    if ((ret = wolfCrypt_Init()) != 0) {
        fail("wolfCrypt_Init", ret, 0);
    }
    if ((ret = wc_InitRng(&rng)) != 0) {
        fail("wc_InitRng", ret, 0);
    }
    if ((ret = wc_RNG_GenerateBlock(&rng, data, sizeof(data))) != 0 ||
        (ret = wc_RNG_GenerateBlock(&rng, aesKey, sizeof(aesKey))) != 0 ||
        (ret = wc_RNG_GenerateBlock(&rng, gcmIv, sizeof(gcmIv))) != 0 ||
        (ret = wc_RNG_GenerateBlock(&rng, hash, sizeof(hash))) != 0) {
        fail("wc_RNG_GenerateBlock", ret, 0);
    }
    if ((ret = wc_AesInit(&gcm, NULL, INVALID_DEVID)) != 0 ||
        (ret = wc_AesGcmSetKey(&gcm, aesKey, sizeof(aesKey))) != 0) {
        fail("AES-GCM key", ret, 0);
    }
    if ((ret = wh_Server_MacPrepare(&macKey, aesKey, sizeof(aesKey))) != WH_ERROR_OK ||
        (ret = wh_Server_MacCmac(&macKey, data, 16u * 8u, macTag)) != WH_ERROR_OK) {
        fail("MAC key preparation", ret, 0);
    }
    /* A P-256 key made in software; the HSM gets the same key as raw d || Qx || Qy. */
    if ((ret = wc_ecc_init(&ecc)) != 0 ||
        (ret = wc_ecc_make_key_ex(&rng, 32, &ecc, ECC_SECP256R1)) != 0 ||
        (ret = wc_ecc_export_private_raw(&ecc, qx, &qxLen, qy, &qyLen, eccRaw, &dLen)) != 0 ||
        (dLen != 32) || (qxLen != 32) || (qyLen != 32)) {
        fail("ECC key generation", ret, 0);
    }
    memcpy(eccRaw + 32, qx, 32);
    memcpy(eccRaw + 64, qy, 32);
    /* A signature for the verify cases (made here, checked by both paths). */
    if ((ret = wc_ecc_sign_hash(hash, sizeof(hash), sig, &len, &rng, &ecc)) != 0) {
        fail("wc_ecc_sign_hash", ret, 0);
    }
    sigLen = (uint16_t)len;
}

static void directCleanup(void)
{
    wc_ecc_free(&ecc);
    wc_AesFree(&gcm);
    wh_Server_MacWipe(&macKey);
    (void)wc_FreeRng(&rng);
    (void)wolfCrypt_Cleanup();
}

static void dSha(uint32_t len)
{
    wc_Sha256 sha;
    int       ret = wc_InitSha256_ex(&sha, NULL, INVALID_DEVID);

    ret = (ret == 0) ? wc_Sha256Update(&sha, data, len) : ret;
    ret = (ret == 0) ? wc_Sha256Final(&sha, out) : ret;
    wc_Sha256Free(&sha);
    if (ret != 0) {
        fail("direct SHA-256", ret, 0);
    }
}

static void dGcm(uint32_t len)
{
    uint8_t tag[GCM_TAG_LEN];
    int ret = wc_AesGcmEncrypt(&gcm, out, data, len, gcmIv, sizeof(gcmIv), tag, sizeof(tag), NULL,
                               0);
    if (ret != 0) {
        fail("direct AES-GCM", ret, 0);
    }
}

static void dCmac(uint32_t len)
{
    word32 tagLen = WH_CLIENT_CMAC_LEN;
    int    ret    = wc_AesCmacGenerate(out, &tagLen, data, len, aesKey, sizeof(aesKey));
    if (ret != 0) {
        fail("direct AES-CMAC", ret, 0);
    }
}

/* The MAC fast path's crypto alone: CMAC on the prepared key, a 32-bit tag compared. */
static void dMacVerify(uint32_t len)
{
    uint8_t mac[WH_CLIENT_CMAC_LEN];
    int     ret = wh_Server_MacCmac(&macKey, data, len * 8u, mac);
    if ((ret != WH_ERROR_OK) || !wh_Server_MacTagMatch(mac, macTag, 32u)) {
        fail("direct MAC verify", ret, 0);
    }
}

static void dSign(uint32_t len)
{
    uint8_t s[WH_CRYPTO_MAX_SIG];
    word32  sLen = sizeof(s);
    int     ret  = wc_ecc_sign_hash(hash, sizeof(hash), s, &sLen, &rng, &ecc);
    (void)len;
    if (ret != 0) {
        fail("direct ECDSA sign", ret, 0);
    }
}

static void dVerify(uint32_t len)
{
    int res = 0;
    int ret = wc_ecc_verify_hash(sig, sigLen, hash, sizeof(hash), &res, &ecc);
    (void)len;
    if ((ret != 0) || (res != 1)) {
        fail("direct ECDSA verify", ret, res);
    }
}

static void dRng(uint32_t len)
{
    int ret = wc_RNG_GenerateBlock(&rng, out, len);
    if (ret != 0) {
        fail("direct RNG", ret, 0);
    }
}

/* Reference only: what the HSM does per request on top of the computation itself. */
static void dGcmKeySetup(uint32_t len)
{
    Aes aes;
    int ret = wc_AesInit(&aes, NULL, INVALID_DEVID);

    (void)len;
    ret = (ret == 0) ? wc_AesGcmSetKey(&aes, aesKey, sizeof(aesKey)) : ret;
    wc_AesFree(&aes);
    if (ret != 0) {
        fail("AES-GCM key setup", ret, 0);
    }
}

static void dEccLoad(uint32_t len)
{
    ecc_key k;
    uint8_t d[32];
    uint8_t qx[32];
    uint8_t qy[32];
    int     ret = wc_ecc_init(&k);

    (void)len;
    memcpy(d, eccRaw, 32);
    memcpy(qx, eccRaw + 32, 32);
    memcpy(qy, eccRaw + 64, 32);
    ret = (ret == 0) ? wc_ecc_import_unsigned(&k, qx, qy, d, ECC_SECP256R1) : ret;
    wc_ecc_free(&k);
    if (ret != 0) {
        fail("ECC key load", ret, 0);
    }
}

/* ---- through the HSM ---- */

typedef enum { V_FUTEX, V_POLL, V_INLINE } hsmVariant;

typedef struct {
    whTestPair pair;
    whTestNvm  nvm;
    hsmVariant v;
    uint16_t   aesId;
    uint16_t   eccId;
} hsm;

static hsm futexHsm;
static hsm pollHsm;
static hsm inlineHsm;

static void hsmStart(hsm* h)
{
    if (h->v == V_POLL) {
        whTest_PairStartServer(&h->pair);
    }
}

static void hsmStop(hsm* h)
{
    if (h->v == V_POLL) {
        whTest_PairStopServer(&h->pair);
    }
}

/* The inline variant's server doorbell: ringing it (the client just published a request)
 * serves the request right here, so the response is ready before the client waits. */
static void inlineRing(void* context)
{
    whTestPair* p   = context;
    int         ret = wh_Server_HandleRequestMessage(&p->server);

    if (ret != WH_ERROR_OK) {
        fail("inline serve", ret, 0);
    }
}

static uint32_t inlineSnapshot(void* context)
{
    (void)context;
    return 0;
}

static int inlineWait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    (void)context;
    (void)snapshot;
    (void)timeoutMs;
    return WH_ERROR_OK;
}

static const whDoorbellCb inlineCb = {.ring     = inlineRing,
                                      .snapshot = inlineSnapshot,
                                      .wait     = inlineWait};

static void hsmSetup(hsm* h, hsmVariant v)
{
    const uint16_t aesFlags = WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_SIGN |
                              WH_NVM_FLAGS_USAGE_VERIFY | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET);
    const uint16_t eccFlags = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY |
                              WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256);
    int32_t rc = -1;
    int     ret;

    h->v = v;
    if (v == V_INLINE) {
        /* As whTest_PairInit, with the server's doorbell replaced. */
        whTest_NvmInit(&h->nvm, 1);
        whTest_PairConfigure(&h->pair, NULL, &h->nvm.nvm, 1, 0, 0);
        h->pair.clientTransportConfig.peer = (whDoorbell){&inlineCb, &h->pair};
        if ((ret = wh_Server_Init(&h->pair.server, &h->pair.serverConfig)) != WH_ERROR_OK ||
            (ret = wh_Client_Init(&h->pair.client, &h->pair.clientConfig)) != WH_ERROR_OK) {
            fail("inline pair init", ret, 0);
        }
    }
    else {
        /* futex: doorbells on both sides, 5 s timeout; poll: no doorbells (waits return at
         * once, so the blocking wrappers and whTest_ServeLoop spin). */
        whTest_PairInit(&h->pair, NULL, 1, (v == V_FUTEX) ? 1 : 0, (v == V_FUTEX) ? 5000 : 0);
        whTest_PairStartServer(&h->pair);
    }
    if ((ret = wh_Client_CommConnect(&h->pair.client, NULL, NULL, &rc)) != WH_ERROR_OK ||
        (rc != WH_ERROR_OK)) {
        fail("connect", ret, rc);
    }
    h->aesId = 0;
    if ((ret = wh_Client_KeyCache(&h->pair.client, aesFlags, 9, (const uint8_t*)"bench-aes",
                                  sizeof(aesKey), aesKey, &h->aesId, &rc)) != WH_ERROR_OK ||
        (rc != WH_ERROR_OK)) {
        fail("cache AES key", ret, rc);
    }
    h->eccId = 0;
    if ((ret = wh_Client_KeyCache(&h->pair.client, eccFlags, 9, (const uint8_t*)"bench-ecc",
                                  sizeof(eccRaw), eccRaw, &h->eccId, &rc)) != WH_ERROR_OK ||
        (rc != WH_ERROR_OK)) {
        fail("cache ECC key", ret, rc);
    }
    if (v == V_POLL) {
        whTest_PairStopServer(&h->pair); /* a spinning thread runs only while measured */
    }
}

static void hsmCleanup(hsm* h)
{
    if (h->v == V_FUTEX) {
        whTest_PairStopServer(&h->pair);
    }
    whTest_PairCleanup(&h->pair);
    if (h->v == V_INLINE) {
        whTest_NvmCleanup(&h->nvm);
    }
}

static void hSha(hsm* h, uint32_t len)
{
    int32_t rc  = -1;
    int     ret = wh_Client_Sha256(&h->pair.client, data, len, out, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM SHA-256", ret, rc);
    }
}

static void hGcm(hsm* h, uint32_t len)
{
    uint8_t tag[GCM_TAG_LEN];
    int32_t rc  = -1;
    int     ret = wh_Client_AesGcmEncrypt(&h->pair.client, h->aesId, gcmIv, sizeof(gcmIv), NULL, 0,
                                          data, (uint16_t)len, out, tag, sizeof(tag), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM AES-GCM", ret, rc);
    }
}

static void hCmac(hsm* h, uint32_t len)
{
    uint16_t tagLen = WH_CLIENT_CMAC_LEN;
    int32_t  rc     = -1;
    int      ret = wh_Client_CmacGenerate(&h->pair.client, h->aesId, data, len, out, &tagLen, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (tagLen != WH_CLIENT_CMAC_LEN)) {
        fail("HSM AES-CMAC", ret, rc);
    }
}

static void hMacVerify(hsm* h, uint32_t len)
{
    int32_t rc  = -1;
    int     ret = wh_Client_MacVerify(&h->pair.client, WH_CRYPTO_CMAC_AES, h->aesId, data,
                                      (uint16_t)len, macTag, 32, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM MAC verify (fast path)", ret, rc);
    }
}

static void hSign(hsm* h, uint32_t len)
{
    uint8_t  s[WH_CRYPTO_MAX_SIG];
    uint16_t sLen = sizeof(s);
    int32_t  rc   = -1;
    int ret = wh_Client_Sign(&h->pair.client, WH_CRYPTO_ECDSA_P256, h->eccId, hash, sizeof(hash), s,
                             &sLen, &rc);
    (void)len;
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM ECDSA sign", ret, rc);
    }
}

static void hVerify(hsm* h, uint32_t len)
{
    int32_t rc  = -1;
    int     ret = wh_Client_Verify(&h->pair.client, WH_CRYPTO_ECDSA_P256, h->eccId, NULL, 0, sig,
                                   sigLen, hash, sizeof(hash), &rc);
    (void)len;
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM ECDSA verify", ret, rc);
    }
}

static void hRng(hsm* h, uint32_t len)
{
    int32_t rc  = -1;
    int     ret = wh_Client_RngGenerate(&h->pair.client, out, len, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("HSM RNG", ret, rc);
    }
}

/* Reference only: one mailbox round trip with len bytes each way. */
static void hEcho(hsm* h, uint32_t len)
{
    uint16_t n   = (uint16_t)len;
    int32_t  rc  = -1;
    int      ret = wh_Client_Echo(&h->pair.client, (uint16_t)len, data, &n, out, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (n != len)) {
        fail("echo", ret, rc);
    }
}

/* ---- timing ---- */

typedef void (*directFn)(uint32_t len);
typedef void (*hsmFn)(hsm* h, uint32_t len);

/* Run one variant for about `seconds`; returns operations per second. The clock is read
 * once per batch; the batch doubles while it takes under 1 ms. */
static double timeSlice(directFn d, hsmFn f, hsm* h, uint32_t len, double seconds)
{
    const uint64_t start = nowNs();
    const uint64_t end   = start + (uint64_t)(seconds * 1e9);
    uint64_t       ops   = 0;
    uint64_t       t     = start;
    uint32_t       batch = 1;

    while (t < end) {
        const uint64_t b = t;
        uint32_t       i;
        for (i = 0; i < batch; i++) {
            if (d != NULL) {
                d(len);
            }
            else {
                f(h, len);
            }
        }
        ops += batch;
        t = nowNs();
        if ((t - b < 1000000u) && (batch < (1u << 20))) {
            batch *= 2;
        }
    }
    return (double)ops * 1e9 / (double)(t - start);
}

typedef struct {
    double direct;
    double futex;
    double poll;
    double inl;
} rates;

static double best(double a, double b)
{
    return (a > b) ? a : b;
}

/* Best of SLICES interleaved rounds. d or f may be NULL (variant not measured: 0). */
static rates measure(directFn d, hsmFn f, uint32_t len)
{
    rates r = {0, 0, 0, 0};
    int   s;

    for (s = 0; s < SLICES; s++) {
        if (d != NULL) {
            r.direct = best(r.direct, timeSlice(d, NULL, NULL, len, SLICE_S));
        }
        if (f != NULL) {
            r.inl   = best(r.inl, timeSlice(NULL, f, &inlineHsm, len, SLICE_S));
            r.futex = best(r.futex, timeSlice(NULL, f, &futexHsm, len, SLICE_S));
            hsmStart(&pollHsm);
            r.poll = best(r.poll, timeSlice(NULL, f, &pollHsm, len, SLICE_S));
            hsmStop(&pollHsm);
        }
    }
    return r;
}

/* The 1-minute load average, for the notes ("?" if unavailable). */
static const char* loadAvg(void)
{
    static char buf[16] = "?";
    FILE*       f       = fopen("/proc/loadavg", "r");

    if (f != NULL) {
        if (fscanf(f, "%15s", buf) != 1) {
            (void)snprintf(buf, sizeof(buf), "?");
        }
        (void)fclose(f);
    }
    return buf;
}

/* ---- cases ---- */

/* Messages one operation takes on the wire (the blocking wrappers split digests over
 * messages of WH_CLIENT_DIGEST_MAX_DATA bytes). */
static uint32_t digestMsgs(uint32_t len)
{
    return (len <= WH_CLIENT_DIGEST_MAX_DATA) ? 1u : (len - 1u) / WH_CLIENT_DIGEST_MAX_DATA + 1u;
}

/* GCM encryption longer than one message is streamed in chunks of about one response. */
static uint32_t gcmMsgs(uint32_t len)
{
    uint32_t chunk = (WH_CLIENT_CRYPTO_OUT_MAX - 16u) & ~15u;
    return (GCM_IV_LEN + len <= WH_CLIENT_CIPHER_MAX_PARTS) ? 1u : (len - 1u) / chunk + 1u;
}

typedef struct {
    const char* name;
    uint32_t    len;    /* input bytes (MB/s); 0: not a throughput case */
    uint32_t    msgs;   /* request/response round trips per operation */
    int         target; /* percent of direct wanted, 0: none */
    directFn    d;
    hsmFn       f;
} benchCase;

static void printRow(const benchCase* c, const rates* r)
{
    const double mb = (double)c->len / 1e6;
    const double us = 1e6 / r->direct;
    char         tgt[16];
    char         dmb[16];
    char         fmb[16];

    if (c->target > 0) {
        (void)snprintf(tgt, sizeof(tgt), ">=%d%% %s", c->target,
                       (r->futex / r->direct * 100.0 >= c->target) ? "met" : "MISSED");
    }
    else {
        (void)snprintf(tgt, sizeof(tgt), "-");
    }
    if (c->len > 0) {
        (void)snprintf(dmb, sizeof(dmb), "%7.1f", r->direct * mb);
        (void)snprintf(fmb, sizeof(fmb), "%7.1f", r->futex * mb);
    }
    else {
        (void)snprintf(dmb, sizeof(dmb), "%7s", "-");
        (void)snprintf(fmb, sizeof(fmb), "%7s", "-");
    }
    printf("%-22s %4u | %9.0f %s | %9.0f %s %5.1f%% %-12s| %5.1f%% %5.1f%% | %6.2f %6.2f %6.2f\n",
           c->name, c->msgs, r->direct, dmb, r->futex, fmb, r->futex / r->direct * 100.0, tgt,
           r->inl / r->direct * 100.0, r->poll / r->direct * 100.0, (1e6 / r->inl - us) / c->msgs,
           (1e6 / r->futex - us) / c->msgs, (1e6 / r->poll - us) / c->msgs);
    fflush(stdout);
}

int main(void)
{
    const benchCase cases[] = {
        {"SHA-256 64 B", 64, digestMsgs(64), 0, dSha, hSha},
        {"SHA-256 4 KiB", 4 * KIB, digestMsgs(4 * KIB), 95, dSha, hSha},
        {"AES-128-GCM enc 64 B", 64, 1, 0, dGcm, hGcm},
        {"AES-128-GCM enc 4 KiB", 4 * KIB, gcmMsgs(4 * KIB), 90, dGcm, hGcm},
        {"AES-CMAC gen 16 B", 16, digestMsgs(16), 0, dCmac, hCmac},
        {"AES-CMAC gen 4 KiB", 4 * KIB, digestMsgs(4 * KIB), 0, dCmac, hCmac},
        {"MAC verify 16 B/32 bit", 16, 1, 0, dMacVerify, hMacVerify},
        {"ECDSA P-256 sign", 0, 1, 97, dSign, hSign},
        {"ECDSA P-256 verify", 0, 1, 0, dVerify, hVerify},
        {"RNG 32 B", 32, 1, 0, dRng, hRng},
    };
    const uint64_t t0 = nowNs();
    rates          echo64;
    rates          echo1k;
    rates          gcmKey;
    rates          eccLoad;
    size_t         i;

    directSetup();
    hsmSetup(&futexHsm, V_FUTEX);
    hsmSetup(&pollHsm, V_POLL);
    hsmSetup(&inlineHsm, V_INLINE);

    printf("crypto via the HSM (client API, server thread, mailbox) vs direct wolfCrypt in "
           "this process\n");
    printf("best of %d interleaved rounds of %.2f s per variant; ops/s, MB/s = 10^6 B/s; "
           "ratio = HSM/direct\n\n",
           SLICES, SLICE_S);
    printf("%-22s %4s | %-17s | %-36s| %-13s | %s\n", "", "", "direct wolfCrypt",
           "HSM, server thread, futex doorbells", "HSM ratio", "HSM extra us per msg");
    printf("%-22s %4s | %9s %7s | %9s %7s %6s %-12s| %6s %6s | %6s %6s %6s\n", "operation", "msgs",
           "ops/s", "MB/s", "ops/s", "MB/s", "ratio", "target", "inline", "poll", "inline", "futex",
           "poll");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rates r = measure(cases[i].d, cases[i].f, cases[i].len);
        printRow(&cases[i], &r);
    }

    /* Where the HSM time goes: a round trip of the same size, and the per-request setup
     * the server does that the direct path does once. */
    echo64  = measure(NULL, hEcho, 64);
    echo1k  = measure(NULL, hEcho, GCM_BIG);
    gcmKey  = measure(dGcmKeySetup, NULL, 0);
    eccLoad = measure(dEccLoad, NULL, 0);

    printf("\nreference costs (us per operation):\n");
    printf("  echo round trip   64 B each way: inline %6.2f   futex %6.2f   poll %6.2f\n",
           1e6 / echo64.inl, 1e6 / echo64.futex, 1e6 / echo64.poll);
    printf("  echo round trip 1 KiB each way: inline %6.2f   futex %6.2f   poll %6.2f\n",
           1e6 / echo1k.inl, 1e6 / echo1k.futex, 1e6 / echo1k.poll);
    printf("  AES-GCM key setup (wc_AesInit + wc_AesGcmSetKey + wc_AesFree), done by the HSM "
           "per request: %6.2f\n",
           1e6 / gcmKey.direct);
    printf("  ECC key load (wc_ecc_init + wc_ecc_import_unsigned + wc_ecc_free), done by the "
           "HSM per request: %6.2f\n",
           1e6 / eccLoad.direct);

    printf("\nnotes:\n"
           "  msgs: request/response round trips per operation. Digests larger than one "
           "message (%u data\n"
           "    bytes) are streamed by the blocking wrappers (INIT, UPDATE..., FINAL).\n"
           "  ratio and target: the HSM as configured (server thread, futex doorbells) over "
           "direct wolfCrypt.\n"
           "  inline: the same client wrappers and server code with the request served in the "
           "client's thread\n"
           "    (no hand-off): the software cost of the HSM path (protocol, copies, key lookup "
           "and setup).\n"
           "  poll: server thread, no doorbells, both ends spin on the mailbox: the hand-off "
           "without sleeping.\n"
           "    It needs a free core per side; on a loaded 2-CPU machine the spinners fight "
           "each other and\n"
           "    the rest of the load, so its figures swing widely from run to run.\n"
           "  HSM extra us per msg: (1/HSM - 1/direct) divided by msgs. Negative or >100%% "
           "inline figures are noise.\n"
           "  AES-GCM longer than one message is streamed (INIT with IV and AAD, UPDATE, "
           "FINAL with the tag).\n"
           "  Direct keeps the AES key schedule and the ECC key loaded across operations; the "
           "HSM sets up the\n"
           "    key on every request (reference costs above). CMAC sets its key per operation "
           "on both paths.\n"
           "  MAC verify: the MAC fast path (wh_Client_MacVerify, a 32-bit tag): the HSM keeps "
           "the key prepared;\n"
           "    direct is the same prepared-key CMAC and tag check in this process.\n"
           "  The machine is noisy (shared, %ld CPUs online, load average %s): figures vary "
           "between runs;\n"
           "    the best of the interleaved rounds damps it.\n"
           "  HSM futex: each request wakes the server thread and each response wakes the "
           "client thread (two\n"
           "    futex wake-ups per round trip, see the echo round trip): that dominates small "
           "operations.\n",
           (unsigned)WH_CLIENT_DIGEST_MAX_DATA, sysconf(_SC_NPROCESSORS_ONLN), loadAvg());
    printf("  total run time %.1f s\n", (double)(nowNs() - t0) / 1e9);

    hsmCleanup(&inlineHsm);
    hsmCleanup(&pollHsm);
    hsmCleanup(&futexHsm);
    directCleanup();
    return 0;
}
