/*
 * bench_sched.c: latency isolation of the cooperative scheduler (wolfhsm/wh_sched.h).
 *
 * One scheduler thread (posixSched_Run) serves two server contexts over one NVM context on
 * a slow flash (whTest_NvmInitScheduled: PROGRAM_US per program, ERASE_US per sector erase,
 * busy time spent yielding to the scheduler) behind the hardware-semaphore lock:
 *
 *   client 1 (its own thread)  AES-CMAC of 16 bytes with a key in its context's local key
 *                              cache (wh_Client_CmacGenerate): needs no shared state, so it
 *                              can be served in a nested pass while client 2's request runs
 *   client 2 (its own thread)  replaces a large NVM object again and again: every few
 *                              writes the active partition is full and the write compacts
 *                              (erases the other partition sector by sector), holding the
 *                              NVM lock for tens of milliseconds
 *
 * Client 1's request latency (send to response, wall clock) is sampled with client 2 idle
 * and with client 2 writing, in alternating blocks of the same run (a noisy moment of the
 * machine hits both), SAMPLES each; prints p50, p99 and max of both and the loaded / idle
 * ratio (target: at most 2x), plus the scheduler's statistics and the compactions done, so
 * the load is seen to be real. Figures, not pass/fail: the program exits non-zero only if an
 * operation fails or returns a wrong tag.
 *
 * Nested passes need WOLFHSM_CFG_THREADSAFE (wh_Sched_Yield runs nothing without the lock):
 * without it the program says so and measures nothing.
 */
#include <stdio.h>

#ifndef WOLFHSM_CFG_THREADSAFE

int main(void)
{
    printf("bench_sched: built without WOLFHSM_CFG_THREADSAFE: the scheduler runs no nested "
           "passes, nothing to measure (make bench runs its THREADSAFE=1 build)\n");
    return 0;
}

#else /* WOLFHSM_CFG_THREADSAFE */

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/cmac.h>

#include "../util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_sched.h"

#define SAMPLES 5000  /* per condition */
#define BLOCK 250     /* samples per block; idle and loaded blocks alternate */
#define PROGRAM_US 20 /* flash busy time per program */
#define ERASE_US 2000 /* flash busy time per sector erase */
#define HOG_LEN 1000  /* bytes of the object client 2 keeps replacing */
#define MSG_LEN 16    /* CMAC input */
#define CONTEXTS 2

_Static_assert(SAMPLES % BLOCK == 0, "whole blocks");

static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;

typedef struct {
    whTestNvm        nvm;
    posixDoorbell    bell;
    whTestPair       pairs[CONTEXTS];
    whServerContext* servers[CONTEXTS];
    whSched          sched;
    pthread_t        thread;
    atomic_int       stop;
} fixture;

static fixture f;

/* Client 2's state, shared with the measuring thread. */
static struct {
    atomic_int load;   /* 1: keep writing; 0: park */
    atomic_int parked; /* 1: not inside a request, and will not start one */
    atomic_int quit;
    atomic_int inFlight; /* inside an NVM write request */
    uint32_t   writes;   /* read after join */
    int        failures;
} hog;

static uint64_t idleLat[SAMPLES];
static uint64_t loadLat[SAMPLES];
static uint64_t lockedLat[SAMPLES]; /* loaded samples that began and ended under the lock */
static int      lockedCount;
static int      inFlightCount; /* loaded samples that began and ended inside a write */

static uint8_t  cmacKey[16];
static uint8_t  msg[MSG_LEN];
static uint8_t  expectTag[WH_CLIENT_CMAC_LEN];
static uint16_t keyId;

static void fail(const char* what, int ret, int32_t rc)
{
    fprintf(stderr, "bench_sched: %s failed (ret %d, rc %d)\n", what, ret, (int)rc);
    exit(1);
}

static uint64_t nowNs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void pause20us(void)
{
    const struct timespec t = {0, 20000L};
    (void)nanosleep(&t, NULL);
}

static int cmpU64(const void* a, const void* b)
{
    uint64_t x = *(const uint64_t*)a;
    uint64_t y = *(const uint64_t*)b;
    return (x > y) - (x < y);
}

typedef struct {
    double p50;
    double p99;
    double max;
} summary; /* microseconds */

static summary summarize(uint64_t* lat, int n)
{
    summary s = {0, 0, 0};
    if (n > 0) {
        qsort(lat, (size_t)n, sizeof(lat[0]), cmpU64);
        s.p50 = (double)lat[n / 2] / 1e3;
        s.p99 = (double)lat[(n * 99) / 100] / 1e3;
        s.max = (double)lat[n - 1] / 1e3;
    }
    return s;
}

/* ---- the scheduler ---- */

static void* schedThread(void* arg)
{
    (void)arg;
    (void)posixSched_Run(&f.sched, &f.stop);
    return NULL;
}

static void setup(void)
{
    whSchedConfig cfg;
    int           i;

    memset(&f, 0, sizeof(f));
    whTest_NvmInitScheduled(&f.nvm, PROGRAM_US, ERASE_US);
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairInitSched(&f.pairs[i], &f.nvm.nvm, (uint16_t)(i + 1), &f.bell, 5000);
        f.servers[i] = &f.pairs[i].server;
    }
    cfg = (whSchedConfig){.servers  = f.servers,
                          .count    = CONTEXTS,
                          .coreId   = 1,
                          .doorbell = {&bellCb, &f.bell}};
    if (wh_Sched_Init(&f.sched, &cfg) != WH_ERROR_OK) {
        fail("wh_Sched_Init", 0, 0);
    }
    atomic_store(&f.stop, 0);
    if (pthread_create(&f.thread, NULL, schedThread, NULL) != 0) {
        fail("scheduler thread", 0, 0);
    }
}

static void stopScheduler(void)
{
    atomic_store(&f.stop, 1);
    posixDoorbell_Ring(&f.bell);
    (void)pthread_join(f.thread, NULL);
}

static void teardown(void)
{
    int i;
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairCleanup(&f.pairs[i]);
    }
    whTest_NvmCleanup(&f.nvm);
}

/* ---- client 2: the NVM writer ---- */

static void* hogThread(void* arg)
{
    static uint8_t data[HOG_LEN];
    whTestPair*    p = arg;

    while (!atomic_load(&hog.quit)) {
        int32_t rc = -1;
        int     ret;
        if (!atomic_load(&hog.load)) {
            atomic_store(&hog.parked, 1);
            pause20us();
            continue;
        }
        atomic_store(&hog.parked, 0);
        memset(data, (int)(hog.writes & 0xFFu), sizeof(data));
        atomic_store(&hog.inFlight, 1);
        ret = wh_Client_NvmAddObject(&p->client, 1, 0, 0, 0, NULL, sizeof(data), data, &rc);
        atomic_store(&hog.inFlight, 0);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            hog.failures++;
        }
        hog.writes++;
    }
    atomic_store(&hog.parked, 1);
    return NULL;
}

/* ---- client 1: the measured CMAC requests ---- */

static uint64_t oneCmac(whTestPair* p)
{
    uint8_t  tag[WH_CLIENT_CMAC_LEN];
    uint16_t tagLen = sizeof(tag);
    int32_t  rc     = -1;
    uint64_t t      = nowNs();
    int      ret = wh_Client_CmacGenerate(&p->client, keyId, msg, sizeof(msg), tag, &tagLen, &rc);
    t            = nowNs() - t;
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("wh_Client_CmacGenerate", ret, rc);
    }
    if ((tagLen != sizeof(tag)) || (memcmp(tag, expectTag, sizeof(tag)) != 0)) {
        fail("CMAC tag check", 0, 0);
    }
    return t;
}

static void* cmacThread(void* arg)
{
    whTestPair* p     = arg;
    int         nIdle = 0;
    int         nLoad = 0;

    while (nIdle < SAMPLES) {
        int i;

        /* Idle block: client 2 parked (its last write, maybe a compaction, finished). */
        atomic_store(&hog.load, 0);
        while (!atomic_load(&hog.parked)) {
            pause20us();
        }
        for (i = 0; i < BLOCK; i++) {
            idleLat[nIdle++] = oneCmac(p);
        }

        /* Loaded block: client 2 writing. */
        atomic_store(&hog.load, 1);
        while (atomic_load(&hog.parked)) {
            pause20us();
        }
        for (i = 0; i < BLOCK; i++) {
            int      lockedBefore = (atomic_load(&f.nvm.gate.owner) != 0u);
            int      writeBefore  = atomic_load(&hog.inFlight);
            uint64_t t            = oneCmac(p);
            if (lockedBefore && (atomic_load(&f.nvm.gate.owner) != 0u)) {
                lockedLat[lockedCount++] = t;
            }
            if (writeBefore && atomic_load(&hog.inFlight)) {
                inFlightCount++;
            }
            loadLat[nLoad++] = t;
        }
    }
    atomic_store(&hog.load, 0);
    return NULL;
}

static void prepareKeyAndTag(whTestPair* p)
{
    const uint16_t flags = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET);
    word32         len   = sizeof(expectTag);
    int32_t        rc    = -1;
    size_t         i;
    int            ret;

    for (i = 0; i < sizeof(cmacKey); i++) {
        cmacKey[i] = (uint8_t)(0xA0u + i);
    }
    for (i = 0; i < sizeof(msg); i++) {
        msg[i] = (uint8_t)i;
    }
    keyId = 0; /* the HSM picks a number; no WH_ID_GLOBAL: the context's local cache */
    ret   = wh_Client_KeyCache(&p->client, flags, 10, (const uint8_t*)"bench-cmac", sizeof(cmacKey),
                               cmacKey, &keyId, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        fail("wh_Client_KeyCache", ret, rc);
    }
    /* The reference tag, computed here with wolfCrypt: every HSM tag is checked. */
    ret = wc_AesCmacGenerate(expectTag, &len, msg, sizeof(msg), cmacKey, sizeof(cmacKey));
    if ((ret != 0) || (len != sizeof(expectTag))) {
        fail("wc_AesCmacGenerate", ret, 0);
    }
}

static const char* loadAvg(void)
{
    static char buf[32];
    FILE*       fp = fopen("/proc/loadavg", "r");
    if ((fp == NULL) || (fscanf(fp, "%31s", buf) != 1)) {
        (void)snprintf(buf, sizeof(buf), "?");
    }
    if (fp != NULL) {
        (void)fclose(fp);
    }
    return buf;
}

int main(void)
{
    const uint64_t t0 = nowNs();
    pthread_t      hogTh;
    pthread_t      cmacTh;
    uint32_t       epoch = 0;
    summary        idle;
    summary        load;
    summary        locked;
    int            i;

    setup();
    for (i = 0; i < CONTEXTS; i++) {
        int32_t rc  = -1;
        int     ret = wh_Client_CommConnect(&f.pairs[i].client, NULL, NULL, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            fail("connect", ret, rc);
        }
    }
    prepareKeyAndTag(&f.pairs[0]);

    memset(&hog, 0, sizeof(hog));
    atomic_store(&hog.parked, 1);
    if ((pthread_create(&hogTh, NULL, hogThread, &f.pairs[1]) != 0) ||
        (pthread_create(&cmacTh, NULL, cmacThread, &f.pairs[0]) != 0)) {
        fail("client threads", 0, 0);
    }
    (void)pthread_join(cmacTh, NULL);
    atomic_store(&hog.quit, 1);
    (void)pthread_join(hogTh, NULL);
    stopScheduler();

    if (hog.failures != 0) {
        fail("NVM writes of client 2", hog.failures, 0);
    }
    (void)wh_NvmFlash_GetEpoch(&f.nvm.storeCtx, &epoch);

    idle   = summarize(idleLat, SAMPLES);
    load   = summarize(loadLat, SAMPLES);
    locked = summarize(lockedLat, lockedCount);

    printf("AES-CMAC %d B, key in the client's local cache, one cooperative scheduler thread "
           "serving 2 contexts\n",
           MSG_LEN);
    printf("flash busy time: %d us per program, %d us per %u-byte sector erase; client 2 "
           "replaces a %d-byte object\n",
           PROGRAM_US, ERASE_US, (unsigned)WH_TEST_FLASH_SECTOR, HOG_LEN);
    printf("%d samples per condition, in alternating blocks of %d\n\n", SAMPLES, BLOCK);
    printf("%-44s %9s %9s %9s\n", "client 1 CMAC latency (us)", "p50", "p99", "max");
    printf("%-44s %9.1f %9.1f %9.1f\n", "NVM idle", idle.p50, idle.p99, idle.max);
    printf("%-44s %9.1f %9.1f %9.1f\n", "client 2 writing / compacting", load.p50, load.p99,
           load.max);
    if (lockedCount > 0) {
        char label[64];
        (void)snprintf(label, sizeof(label), "  of which under the NVM lock (%d samples)",
                       lockedCount);
        printf("%-44s %9.1f %9.1f %9.1f\n", label, locked.p50, locked.p99, locked.max);
    }
    printf("%-44s %9.2f %9.2f %9s   (target <= 2x)\n", "ratio loaded / idle", load.p50 / idle.p50,
           load.p99 / idle.p99, "");
    printf("\nload: %u NVM writes by client 2, %u compactions (partition epoch %u), %u sector "
           "erases\n",
           hog.writes, (epoch > 0u) ? epoch - 1u : 0u, epoch, f.nvm.flashCtx.eraseCount);
    printf("      %d of %d loaded samples began and ended inside one of client 2's writes, "
           "%d with the NVM lock held\n",
           inFlightCount, SAMPLES, lockedCount);
    printf("sched: %u passes, %u nested passes, %u served, %u deferred, %u sleeps; "
           "lock waits %u\n",
           f.sched.stats.passes, f.sched.stats.nested, f.sched.stats.served, f.sched.stats.deferred,
           f.sched.stats.sleeps, (unsigned)atomic_load(&f.nvm.hwsemCtx.contended));
    printf("notes:\n"
           "  deferred counts requests that needed the NVM lock inside a nested pass; the CMAC "
           "key is in client 1's\n"
           "    local cache, so its requests never need the lock (0 expected).\n"
           "  Inside a long operation the scheduler serves the other contexts, and sleeps on "
           "its doorbell\n"
           "    (woken by the next request) when none has work.\n"
           "  machine: %ld CPUs online, load average %s; total run time %.1f s\n",
           sysconf(_SC_NPROCESSORS_ONLN), loadAvg(), (double)(nowNs() - t0) / 1e9);

    teardown();
    return 0;
}

#endif /* WOLFHSM_CFG_THREADSAFE */
