/*
 * bench_slices.c: long operations in slices (whServerConfig.slices) and priority classes
 * under the cooperative scheduler, on the host (wall clock; noisy, figures not pass/fail).
 *
 * One scheduler thread serves two contexts: client 1 (priority class 1, its own thread
 * here: the main one) sends 8-byte echoes; client 2 (class 0, its own thread) runs ECDSA
 * P-256 sign then verify with a cached key, back to back. Run twice: contexts configured
 * without slices (each ECDSA operation in one go) and with them. Prints ECDSA sign+verify
 * throughput alone (sliced / unsliced) and the echo's round-trip latency (p50, p99, max)
 * alone and while client 2 signs and verifies. Exits non-zero only if an operation fails.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include "../util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_sched.h"

#define SAMPLES 2000 /* echoes per condition */
#define ECDSA_S 1.0  /* seconds of ECDSA throughput per variant */
#define CONTEXTS 2

static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;

static struct {
    whTestNvm        nvm;
    posixDoorbell    bell;
    whTestPair       pairs[CONTEXTS];
    whServerContext* servers[CONTEXTS];
    whSched          sched;
    pthread_t        thread;
    atomic_int       stop;
    atomic_int       hogStop;
    atomic_uint      hogOps;
} f;

static uint8_t  eccRaw[96];
static uint8_t  hash[32];
static uint64_t lat[SAMPLES];

static void fail(const char* what, int ret, int32_t rc)
{
    fprintf(stderr, "bench_slices: %s failed (ret %d, rc %d)\n", what, ret, (int)rc);
    exit(1);
}

static uint64_t nowNs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmpU64(const void* a, const void* b)
{
    uint64_t x = *(const uint64_t*)a;
    uint64_t y = *(const uint64_t*)b;
    return (x > y) - (x < y);
}

static void* schedThread(void* arg)
{
    (void)arg;
    (void)posixSched_Run(&f.sched, &f.stop);
    return NULL;
}

static void setup(int slices)
{
    const uint16_t eccFlags = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY |
                              WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256);
    whSchedConfig cfg;
    uint16_t      id = 5;
    int32_t       rc = -1;
    int           i;
    int           ret;

    memset(&f, 0, sizeof(f));
    whTest_NvmInit(&f.nvm, 1);
    for (i = 0; i < CONTEXTS; i++) {
        whTestPair* p = &f.pairs[i];
        whTest_PairInitSched(p, &f.nvm.nvm, (uint16_t)(i + 1), &f.bell, 5000);
        p->serverConfig.slices   = (uint8_t)slices;
        p->serverConfig.priority = (uint8_t)((i == 0) ? 1 : 0);
        if ((wh_Server_Cleanup(&p->server) != WH_ERROR_OK) ||
            (wh_Server_Init(&p->server, &p->serverConfig) != WH_ERROR_OK)) {
            fail("server init", 0, 0);
        }
        f.servers[i] = &p->server;
    }
    cfg = (whSchedConfig){.servers  = f.servers,
                          .count    = CONTEXTS,
                          .coreId   = 1,
                          .doorbell = {&bellCb, &f.bell}};
    if (wh_Sched_Init(&f.sched, &cfg) != WH_ERROR_OK) {
        fail("wh_Sched_Init", 0, 0);
    }
    if (pthread_create(&f.thread, NULL, schedThread, NULL) != 0) {
        fail("scheduler thread", 0, 0);
    }
    for (i = 0; i < CONTEXTS; i++) {
        if (((ret = wh_Client_CommConnect(&f.pairs[i].client, NULL, NULL, &rc)) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            fail("connect", ret, rc);
        }
    }
    if (((ret = wh_Client_KeyCache(&f.pairs[1].client, eccFlags, 0, NULL, sizeof(eccRaw), eccRaw,
                                   &id, &rc)) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK)) {
        fail("cache ECC key", ret, rc);
    }
}

static void teardown(void)
{
    int i;
    atomic_store(&f.stop, 1);
    posixDoorbell_Ring(&f.bell);
    (void)pthread_join(f.thread, NULL);
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairCleanup(&f.pairs[i]);
    }
    whTest_NvmCleanup(&f.nvm);
}

static void signVerify(void)
{
    uint8_t  sig[WH_CRYPTO_MAX_SIG];
    uint16_t sigLen = sizeof(sig);
    int32_t  rc     = -1;
    int ret = wh_Client_Sign(&f.pairs[1].client, WH_CRYPTO_ECDSA_P256, 5, hash, sizeof(hash), sig,
                             &sigLen, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("ECDSA sign", ret, rc);
    }
    ret = wh_Client_Verify(&f.pairs[1].client, WH_CRYPTO_ECDSA_P256, 5, NULL, 0, sig, sigLen, hash,
                           sizeof(hash), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("ECDSA verify", ret, rc);
    }
}

static void* hogThread(void* arg)
{
    (void)arg;
    while (!atomic_load(&f.hogStop)) {
        signVerify();
        atomic_fetch_add(&f.hogOps, 1u);
    }
    return NULL;
}

/* Sign+verify pairs per second, client 2 alone. */
static double ecdsaRate(void)
{
    uint64_t start = nowNs();
    uint64_t t     = start;
    unsigned n     = 0;
    while (t - start < (uint64_t)(ECDSA_S * 1e9)) {
        signVerify();
        n++;
        t = nowNs();
    }
    return (double)n * 1e9 / (double)(t - start);
}

/* Echo latency of client 1 (us): p50, p99, max into out[3]. */
static void echoLatency(double out[3])
{
    uint8_t in[8] = "8 bytes";
    uint8_t back[8];
    int     i;
    for (i = 0; i < SAMPLES; i++) {
        uint16_t n   = sizeof(back);
        int32_t  rc  = -1;
        uint64_t t0  = nowNs();
        int      ret = wh_Client_Echo(&f.pairs[0].client, sizeof(in), in, &n, back, &rc);
        lat[i]       = nowNs() - t0;
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            fail("echo", ret, rc);
        }
    }
    qsort(lat, SAMPLES, sizeof(lat[0]), cmpU64);
    out[0] = (double)lat[SAMPLES / 2] / 1e3;
    out[1] = (double)lat[(SAMPLES * 99) / 100] / 1e3;
    out[2] = (double)lat[SAMPLES - 1] / 1e3;
}

int main(void)
{
    static const char* names[2] = {"unsliced", "sliced"};
    double             rate[2];
    double             alone[2][3];
    double             loaded[2][3];
    unsigned           pairs[2];
    uint32_t           slices[2];
    WC_RNG             rng;
    ecc_key            key;
    word32             dLen = 32, xLen = 32, yLen = 32;
    int                v;

    if ((wc_InitRng(&rng) != 0) || (wc_ecc_init(&key) != 0) ||
        (wc_ecc_make_key_ex(&rng, 32, &key, ECC_SECP256R1) != 0) ||
        (wc_ecc_export_private_raw(&key, eccRaw + 32, &xLen, eccRaw + 64, &yLen, eccRaw, &dLen) !=
         0)) {
        fail("wolfCrypt key", 0, 0);
    }
    memset(hash, 0x42, sizeof(hash));
    for (v = 0; v < 2; v++) {
        pthread_t hog;
        setup(v);
        rate[v] = ecdsaRate();
        echoLatency(alone[v]);
        atomic_store(&f.hogStop, 0);
        if (pthread_create(&hog, NULL, hogThread, NULL) != 0) {
            fail("ECDSA thread", 0, 0);
        }
        echoLatency(loaded[v]);
        atomic_store(&f.hogStop, 1);
        (void)pthread_join(hog, NULL);
        pairs[v]  = atomic_load(&f.hogOps);
        slices[v] = f.pairs[1].server.slice.slices;
        teardown();
    }
    printf("ECDSA P-256 sign+verify, one scheduler, client 2 alone (pairs/s):\n");
    printf("  unsliced %.0f, sliced %.0f: sliced / unsliced %.3f (target >= 0.95)\n", rate[0],
           rate[1], rate[1] / rate[0]);
    printf("Echo 8 B round trip of client 1 (class 1), us, %d samples:\n", SAMPLES);
    printf("  %-9s %-30s %8s %8s %8s\n", "contexts", "condition", "p50", "p99", "max");
    for (v = 0; v < 2; v++) {
        printf("  %-9s %-30s %8.1f %8.1f %8.1f\n", names[v], "alone", alone[v][0], alone[v][1],
               alone[v][2]);
        printf("  %-9s %-30s %8.1f %8.1f %8.1f\n", names[v], "client 2 ECDSA sign+verify",
               loaded[v][0], loaded[v][1], loaded[v][2]);
    }
    printf("  (client 2 completed %u / %u sign+verify pairs meanwhile; %u slices in the "
           "sliced run)\n",
           pairs[0], pairs[1], (unsigned)slices[1]);
    wc_ecc_free(&key);
    wc_FreeRng(&rng);
    return 0;
}
