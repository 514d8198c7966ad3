/*
 * test_stress.c: the seed's multi-threaded stress test. WH_STRESS_CLIENTS server contexts,
 * each on its own thread, serve WH_STRESS_CLIENTS client threads; all share one NVM context
 * (and its global key cache). Then again with SCHED_THREADS cooperative schedulers of
 * SCHED_CONTEXTS contexts each, over the hardware-semaphore lock and a flash whose busy
 * time yields to the scheduler. Barrier-aligned phases make the clients contend on the key
 * store, NVM and counters at the same moment. Oracles check results, not only return codes:
 *   - counter totals are exact;
 *   - ids the HSM allocates are never handed out twice;
 *   - every read returns a value that was written for that id;
 *   - the key a client exports is the key it cached;
 *   - SHE: every client updates its own slot (KEY_1 + client) with LOAD_KEY once a round,
 *     counter = round + 1, alternately a cipher and a MAC key, and gets the M4/M5 this file
 *     computes itself (wolfCrypt's AES and CMAC, the KDF written here); ENC_ECB / DEC_ECB or
 *     GENERATE_MAC / VERIFY_MAC with it agree with wolfCrypt under that key; the RND outputs of
 *     all clients together are exactly the first outputs of the PRNG chain (none lost, none
 *     twice); at the end each slot holds its last key and refuses its last counter again.
 *
 * Needs WOLFHSM_CFG_THREADSAFE (without the lock, concurrent server contexts sharing NVM is
 * a race by design); run it under TSAN=1 to check for data races. Rounds: WH_STRESS_ROUNDS
 * in the environment (default: a short run for `make test`; `make stress` runs a long one).
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "she_vectors.h"
#pragma GCC diagnostic pop
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfssl/wolfcrypt/aes.h"
#include "wolfssl/wolfcrypt/cmac.h"

#define WH_STRESS_CLIENTS 4 /* one server thread each */
#define SCHED_THREADS 2     /* ... or cooperative schedulers, */
#define SCHED_CONTEXTS 4    /* each serving this many contexts */
#define MAX_CLIENTS (SCHED_THREADS * SCHED_CONTEXTS)
#define LOCAL_OBJECTS 6  /* per client */
#define GLOBAL_OBJECTS 4 /* shared, written by everyone */
#define OBJECT_LEN 96
#define KEYS_PER_ROUND 4 /* per client, per kind (local, global) */
#define KEY_LEN 32
#define COUNTER_STEPS 25
#define SHE_RND_PER_ROUND 2
#define SHE_MSG_LEN 40

typedef struct {
    int                index;
    whTestPair*        pair;
    pthread_barrier_t* barrier;
    int                rounds;
    int                failures;
    uint32_t           seq;
    uint16_t           globalKeys[512]; /* global key ids this client was given, all rounds */
    int                globalKeyCount;
    int                round;
    uint8_t*           rnd; /* SHE RND outputs, SHE_RND_PER_ROUND * 16 bytes per round */
} clientState;

static whTestNvm         nvm;
static whTestPair        pairs[MAX_CLIENTS];
static clientState       clients[MAX_CLIENTS];
static pthread_barrier_t barrier;

/* The scheduled variant: SCHED_THREADS schedulers of SCHED_CONTEXTS contexts each. */
typedef struct {
    whSched          sched;
    posixDoorbell    bell;
    whServerContext* servers[SCHED_CONTEXTS];
    pthread_t        thread;
} schedThread;
static schedThread scheds[SCHED_THREADS];
static atomic_int  schedStop;

#define CHECK(st, cond, ...)                                   \
    do {                                                       \
        if (!(cond)) {                                         \
            fprintf(stderr, "client %d: ", (st)->index + 1);   \
            fprintf(stderr, __VA_ARGS__);                      \
            fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__); \
            (st)->failures++;                                  \
        }                                                      \
    } while (0)

/* A value for object id written by client w with sequence s: a header, then bytes derived
 * from all three, so a reader can tell whether what it got was ever written for that id. */
static void makeValue(uint8_t* v, uint16_t id, uint8_t writer, uint32_t seq)
{
    size_t i;
    v[0] = (uint8_t)id;
    v[1] = (uint8_t)(id >> 8);
    v[2] = writer;
    memcpy(&v[4], &seq, sizeof(seq));
    for (i = 8; i < OBJECT_LEN; i++) {
        v[i] = (uint8_t)((i * 131u) ^ (seq * 7u) ^ (uint32_t)(writer * 29u) ^ id);
    }
    v[3] = 0;
}

static int valueWasWritten(const uint8_t* v, uint16_t id)
{
    uint8_t  expect[OBJECT_LEN];
    uint32_t seq;
    memcpy(&seq, &v[4], sizeof(seq));
    makeValue(expect, id, v[2], seq);
    return memcmp(expect, v, OBJECT_LEN) == 0;
}

static void makeKey(uint8_t* k, int client, uint32_t seq, int n)
{
    int i;
    for (i = 0; i < KEY_LEN; i++) {
        k[i] = (uint8_t)(client * 67 + (int)seq * 13 + n * 5 + i * 3 + 1);
    }
}

/* Phase 1: counters. A global counter everyone increments, and one local counter each. */
static void phaseCounters(clientState* st, whClientContext* c)
{
    const uint16_t global = WH_ID_GLOBAL | WH_TEST_SHARED_FIRST; /* all may increment it */
    const uint16_t local  = 1u;
    int32_t        rc     = -1;
    uint32_t       value  = 0;
    int            i;

    /* Every round counts its own from 0: created resettable in the first, reset after. */
    CHECK(st,
          wh_Client_CounterInit(c, local, WH_COUNTER_RESETTABLE, 0, &rc) == WH_ERROR_OK &&
              ((rc == WH_ERROR_OK) ||
               ((rc == WH_ERROR_EXISTS) && (wh_Client_CounterReset(c, local, &rc) == WH_ERROR_OK) &&
                (rc == WH_ERROR_OK))),
          "counter init or reset rc %d", (int)rc);
    pthread_barrier_wait(st->barrier);
    for (i = 0; i < COUNTER_STEPS; i++) {
        uint32_t before = value;
        CHECK(st,
              wh_Client_CounterIncrement(c, global, &value, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK,
              "global increment rc %d", (int)rc);
        CHECK(st, (i == 0) || (value > before), "global counter went backwards");
        CHECK(st,
              wh_Client_CounterIncrement(c, local, &value, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK && value == (uint32_t)i + 1u,
              "local counter %u after %d increments", (unsigned)value, i + 1);
    }
    pthread_barrier_wait(st->barrier);
}

/* Phase 2: keys. Ids picked by the HSM (local and global) under contention, commits,
 * exports that must return exactly what this client cached, evictions, erases. */
static void phaseKeys(clientState* st, whClientContext* c)
{
    uint16_t ids[2][KEYS_PER_ROUND];
    uint8_t  key[KEY_LEN];
    uint8_t  out[KEY_LEN];
    int32_t  rc;
    int      kind;
    int      n;

    pthread_barrier_wait(st->barrier);
    for (kind = 0; kind < 2; kind++) {
#ifndef WOLFHSM_CFG_GLOBAL_KEYS
        if (kind == 1) {
            break;
        }
#endif
        for (n = 0; n < KEYS_PER_ROUND; n++) {
            int tries = 0;
            makeKey(key, st->index + kind * 16, st->seq, n);
            /* The global cache keeps one slot for loading committed keys: with every client
             * holding an uncommitted global key at once, one is told NOSPACE until another
             * commits. It tries again, as a real client would. */
            do {
                ids[kind][n] = (kind == 1) ? WH_ID_GLOBAL : 0u; /* let the HSM pick */
                rc           = -1;
                CHECK(st,
                      wh_Client_KeyCache(c, WH_NVM_FLAGS_USAGE_ANY, 0, NULL, KEY_LEN, key,
                                         &ids[kind][n], &rc) == WH_ERROR_OK,
                      "cache transport");
            } while ((kind == 1) && (rc == WH_ERROR_NOSPACE) && (++tries < 1000) &&
                     (sched_yield() == 0));
            CHECK(st, rc == WH_ERROR_OK, "cache rc %d", (int)rc);
            CHECK(st, WH_ID_NUMBER(ids[kind][n]) != 0, "no id allocated");
            /* Commit at once so the shared cache can make room by evicting it. */
            CHECK(st, wh_Client_KeyCommit(c, ids[kind][n], &rc) == WH_ERROR_OK && rc == WH_ERROR_OK,
                  "commit rc %d", (int)rc);
            if ((kind == 1) && (st->globalKeyCount < (int)(sizeof(st->globalKeys) / 2))) {
                st->globalKeys[st->globalKeyCount++] = ids[kind][n];
            }
        }
        for (n = 0; n < KEYS_PER_ROUND; n++) {
            int m;
            for (m = 0; m < n; m++) {
                CHECK(st, ids[kind][m] != ids[kind][n], "id %04x handed out twice", ids[kind][n]);
            }
        }
        for (n = 0; n < KEYS_PER_ROUND; n++) {
            uint16_t outLen = sizeof(out);
            makeKey(key, st->index + kind * 16, st->seq, n);
            rc = -1;
            CHECK(st,
                  wh_Client_KeyExport(c, ids[kind][n], NULL, 0, NULL, &outLen, out, &rc) ==
                      WH_ERROR_OK,
                  "export transport");
            CHECK(st, rc == WH_ERROR_OK && outLen == KEY_LEN && memcmp(out, key, KEY_LEN) == 0,
                  "key %04x is not the key this client cached (rc %d)", ids[kind][n], (int)rc);
        }
    }
    pthread_barrier_wait(st->barrier);
    for (kind = 0; kind < 2; kind++) {
#ifndef WOLFHSM_CFG_GLOBAL_KEYS
        if (kind == 1) {
            break;
        }
#endif
        for (n = 0; n < KEYS_PER_ROUND; n++) {
            uint16_t outLen = sizeof(out);
            if (n % 2 == 0) {
                /* Evict: the committed copy loads back on use. */
                (void)wh_Client_KeyEvict(c, ids[kind][n], &rc);
                CHECK(st,
                      wh_Client_KeyExport(c, ids[kind][n], NULL, 0, NULL, &outLen, out, &rc) ==
                              WH_ERROR_OK &&
                          rc == WH_ERROR_OK,
                      "load-on-use rc %d", (int)rc);
            }
            CHECK(st, wh_Client_KeyErase(c, ids[kind][n], &rc) == WH_ERROR_OK && rc == WH_ERROR_OK,
                  "erase rc %d", (int)rc);
            outLen = sizeof(out);
            CHECK(st,
                  wh_Client_KeyExport(c, ids[kind][n], NULL, 0, NULL, &outLen, out, &rc) ==
                          WH_ERROR_OK &&
                      rc == WH_ERROR_NOTFOUND,
                  "erased key still there (rc %d)", (int)rc);
        }
    }
    pthread_barrier_wait(st->barrier);
}

/* Phase 3: NVM objects. Own objects (one writer: reads return the last write), global
 * objects replaced by everyone at once (reads return some value written for that id),
 * lists, destroys; enough replacements to force compactions. */
static void phaseNvm(clientState* st, whClientContext* c)
{
    uint8_t  v[OBJECT_LEN];
    uint8_t  got[OBJECT_LEN];
    uint16_t count = 0;
    uint16_t first = 0;
    uint16_t gotLen;
    int32_t  rc;
    int      i;

    pthread_barrier_wait(st->barrier);
    for (i = 0; i < LOCAL_OBJECTS + GLOBAL_OBJECTS; i++) {
        int      global = (i >= LOCAL_OBJECTS);
        uint16_t id = global ? (uint16_t)(WH_ID_GLOBAL | (WH_TEST_SHARED_FIRST + i - LOCAL_OBJECTS))
                             : (uint16_t)(i + 1); /* global: every client may replace it */
        st->seq++;
        makeValue(v, id, (uint8_t)st->index, st->seq);
        rc = -1;
        CHECK(st,
              wh_Client_NvmAddObject(c, id, 0, 0, 0, NULL, OBJECT_LEN, v, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK,
              "add %04x rc %d", id, (int)rc);
        rc = -1;
        CHECK(st,
              wh_Client_NvmRead(c, id, 0, OBJECT_LEN, &gotLen, got, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK && gotLen == OBJECT_LEN,
              "read %04x rc %d", id, (int)rc);
        if (global) {
            CHECK(st, valueWasWritten(got, id), "global %04x holds a value never written", id);
        }
        else {
            CHECK(st, memcmp(got, v, OBJECT_LEN) == 0, "own object %04x lost its last write", id);
        }
    }
    /* Everyone sees its own objects plus the global ones, nobody else's. */
    CHECK(st,
          wh_Client_NvmList(c, 0, 0, 0, &count, &first, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK &&
              count == LOCAL_OBJECTS + GLOBAL_OBJECTS,
          "list count %u", count);
    pthread_barrier_wait(st->barrier);
    /* Destroy half of the own objects, check they are gone, the rest intact. */
    {
        uint16_t doomed[LOCAL_OBJECTS / 2];
        for (i = 0; i < LOCAL_OBJECTS / 2; i++) {
            doomed[i] = (uint16_t)(2 * i + 1);
        }
        CHECK(st,
              wh_Client_NvmDestroyObjects(c, LOCAL_OBJECTS / 2, doomed, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK,
              "destroy rc %d", (int)rc);
        for (i = 0; i < LOCAL_OBJECTS; i++) {
            uint16_t id = (uint16_t)(i + 1);
            rc          = -1;
            (void)wh_Client_NvmRead(c, id, 0, OBJECT_LEN, &gotLen, got, &rc);
            CHECK(st, (i % 2 == 0) ? (rc == WH_ERROR_NOTFOUND) : (rc == WH_ERROR_OK),
                  "object %u after destroy: rc %d", id, (int)rc);
        }
    }
    pthread_barrier_wait(st->barrier);
}

/* ---- SHE: M1..M5 computed here, independently of the HSM (she.md) ---- */

static void aesEcb(const uint8_t* key, const uint8_t* in, uint8_t* out)
{
    Aes aes;
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesSetKey(&aes, key, 16, NULL, AES_ENCRYPTION), 0);
    assert_int_equal(wc_AesEncryptDirect(&aes, out, in), 0);
    wc_AesFree(&aes);
}

static void cmac(const uint8_t* key, const uint8_t* msg, uint32_t len, uint8_t* out)
{
    word32 outLen = 16;
    assert_int_equal(wc_AesCmacGenerate(out, &outLen, msg, len, key, 16), 0);
}

/* KDF(K, C) = AES-MP(K || C): two Miyaguchi-Preneel blocks from 0. */
static void sheKdf(const uint8_t* k, int mac, uint8_t* out)
{
    uint8_t c[16] = {
        0x01, mac ? 0x02 : 0x01, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0xB0};
    uint8_t  h[16] = {0};
    uint8_t  t[16];
    unsigned b;
    unsigned i;
    for (b = 0; b < 2; b++) {
        const uint8_t* x = (b == 0) ? k : c;
        aesEcb(h, x, t);
        for (i = 0; i < 16; i++) {
            h[i] ^= (uint8_t)(t[i] ^ x[i]);
        }
    }
    memcpy(out, h, 16);
}

/* M1..M3 for slot id authorised by MASTER_ECU_KEY; M4/M5 expected back. */
static void sheMessages(uint8_t id, const uint8_t* newKey, uint32_t counter, uint8_t flags,
                        uint8_t* m1, uint8_t* m2, uint8_t* m3, uint8_t* m4, uint8_t* m5)
{
    uint8_t k[16];
    uint8_t p[32] = {0};
    uint8_t m1m2[48];
    uint8_t b[16] = {0};
    Aes     aes;

    memcpy(m1, v_master_m1, 15); /* the UID */
    m1[15] = (uint8_t)((id << 4) | 1u);
    p[0]   = (uint8_t)(counter >> 20);
    p[1]   = (uint8_t)(counter >> 12);
    p[2]   = (uint8_t)(counter >> 4);
    p[3]   = (uint8_t)((counter << 4) | (flags >> 2));
    p[4]   = (uint8_t)(flags << 6);
    memcpy(p + 16, newKey, 16);
    sheKdf(v_key_MASTER, 0, k);
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesSetKey(&aes, k, 16, b, AES_ENCRYPTION), 0); /* IV 0 */
    assert_int_equal(wc_AesCbcEncrypt(&aes, m2, p, 32), 0);
    wc_AesFree(&aes);
    sheKdf(v_key_MASTER, 1, k);
    memcpy(m1m2, m1, 16);
    memcpy(m1m2 + 16, m2, 32);
    cmac(k, m1m2, 48, m3);
    memcpy(m4, m1, 16);
    b[0] = (uint8_t)(counter >> 20);
    b[1] = (uint8_t)(counter >> 12);
    b[2] = (uint8_t)(counter >> 4);
    b[3] = (uint8_t)((counter << 4) | 0x08u);
    sheKdf(newKey, 0, k);
    aesEcb(k, b, m4 + 16);
    sheKdf(newKey, 1, k);
    cmac(k, m4, 32, m5);
}

static uint8_t sheSlot(int client)
{
    return (uint8_t)(WH_SHE_KEY_1 + client);
}

static void sheKey(uint8_t* k, int client, int round)
{
    int i;
    for (i = 0; i < 16; i++) {
        k[i] = (uint8_t)(client * 41 + round * 7 + i * 11 + 5);
    }
}

/* Phase 4: SHE. Own slot updated, used for a cipher or a MAC; RND from the shared PRNG. */
static void phaseShe(clientState* st, whClientContext* c)
{
    const uint8_t  id      = sheSlot(st->index);
    const uint32_t counter = (uint32_t)st->round + 1u;
    const uint8_t  flags   = (st->round % 2) ? WH_SHE_FLAG_KEY_USAGE : 0u;
    uint8_t        key[16];
    uint8_t        m1[16], m2[32], m3[16], m4[32], m5[16], got4[32], got5[16];
    uint8_t        msg[SHE_MSG_LEN];
    uint8_t        out[SHE_MSG_LEN];
    uint8_t        want[SHE_MSG_LEN];
    uint32_t       status = 9;
    int32_t        rc     = -1;
    int            i;

    sheKey(key, st->index, st->round);
    sheMessages(id, key, counter, flags, m1, m2, m3, m4, m5);
    for (i = 0; i < SHE_MSG_LEN; i++) {
        msg[i] = (uint8_t)(st->index + st->round + i * 3);
    }
    pthread_barrier_wait(st->barrier);
    CHECK(st,
          wh_Client_SheLoadKey(c, m1, m2, m3, got4, got5, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK,
          "SHE LOAD_KEY slot %u counter %u rc %d", id, (unsigned)counter, (int)rc);
    CHECK(st, (rc != WH_ERROR_OK) || ((memcmp(got4, m4, 32) == 0) && (memcmp(got5, m5, 16) == 0)),
          "SHE LOAD_KEY slot %u: M4/M5 not the expected ones", id);
    if (flags == 0u) {
        aesEcb(key, msg, want);
        aesEcb(key, msg + 16, want + 16);
        CHECK(st,
              wh_Client_SheEncEcb(c, id, msg, 32, out, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK &&
                  memcmp(out, want, 32) == 0,
              "SHE ENC_ECB slot %u rc %d: not this client's key", id, (int)rc);
        CHECK(st,
              wh_Client_SheDecEcb(c, id, want, 32, out, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK &&
                  memcmp(out, msg, 32) == 0,
              "SHE DEC_ECB slot %u rc %d", id, (int)rc);
    }
    else {
        cmac(key, msg, SHE_MSG_LEN, want);
        CHECK(st,
              wh_Client_SheGenerateMac(c, id, msg, SHE_MSG_LEN * 8u, out, &rc) == WH_ERROR_OK &&
                  rc == WH_ERROR_OK && memcmp(out, want, 16) == 0,
              "SHE GENERATE_MAC slot %u rc %d: not this client's key", id, (int)rc);
        CHECK(st,
              wh_Client_SheVerifyMac(c, id, msg, SHE_MSG_LEN * 8u, want, 0, &status, &rc) ==
                      WH_ERROR_OK &&
                  rc == WH_ERROR_OK && status == WH_SHE_VERIFY_OK,
              "SHE VERIFY_MAC slot %u rc %d status %u", id, (int)rc, (unsigned)status);
    }
    for (i = 0; i < SHE_RND_PER_ROUND; i++) {
        uint8_t* r = st->rnd + ((size_t)st->round * SHE_RND_PER_ROUND + (size_t)i) * 16u;
        CHECK(st, wh_Client_SheRnd(c, r, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK, "SHE RND rc %d",
              (int)rc);
    }
    pthread_barrier_wait(st->barrier);
}

static void* clientThread(void* arg)
{
    clientState*     st = arg;
    whClientContext* c  = &st->pair->client;
    int32_t          rc = -1;
    int              r;

    CHECK(st, wh_Client_CommConnect(c, NULL, NULL, &rc) == WH_ERROR_OK && rc == WH_ERROR_OK,
          "connect");
    for (r = 0; r < st->rounds; r++) {
        st->seq++;
        phaseCounters(st, c);
        phaseKeys(st, c);
        phaseNvm(st, c);
        st->round = r;
        phaseShe(st, c);
    }
    (void)wh_Client_CommClose(c, &rc);
    return NULL;
}

static int roundsFromEnv(void)
{
    const char* s = getenv("WH_STRESS_ROUNDS");
    int         n = (s != NULL) ? atoi(s) : 0;
    return (n > 0) ? n : 20;
}

static void* runSched(void* arg)
{
    schedThread* t = arg;
    (void)posixSched_Run(&t->sched, &schedStop);
    return NULL;
}

/* Start the servers: one thread per context, or SCHED_THREADS cooperative schedulers over
 * the hardware-semaphore lock. */
static int startServers(int scheduled)
{
    static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;
    int                       n      = scheduled ? MAX_CLIENTS : WH_STRESS_CLIENTS;
    int                       i;

    if (scheduled) {
        whTest_NvmInitScheduled(&nvm, 5, 200); /* compactions yield to the scheduler */
    }
    else {
        whTest_NvmInit(&nvm, 1);
    }
    atomic_store(&schedStop, 0);
    for (i = 0; i < n; i++) {
        if (scheduled) {
            schedThread* t = &scheds[i / SCHED_CONTEXTS];
            whTest_PairInitSched(&pairs[i], &nvm.nvm, (uint16_t)(i + 1), &t->bell, 10000);
            t->servers[i % SCHED_CONTEXTS] = &pairs[i].server;
        }
        else {
            whTest_PairInit(&pairs[i], &nvm.nvm, (uint16_t)(i + 1), 1, 10000);
            whTest_PairStartServer(&pairs[i]);
        }
    }
    for (i = 0; scheduled && (i < SCHED_THREADS); i++) {
        whSchedConfig cfg = {.servers  = scheds[i].servers,
                             .count    = SCHED_CONTEXTS,
                             .coreId   = (uint8_t)i,
                             .doorbell = {&bellCb, &scheds[i].bell}};
        assert_int_equal(wh_Sched_Init(&scheds[i].sched, &cfg), WH_ERROR_OK);
        assert_int_equal(pthread_create(&scheds[i].thread, NULL, runSched, &scheds[i]), 0);
    }
    return n;
}

static void stopServers(int scheduled, int n)
{
    int i;

    if (scheduled) {
        atomic_store(&schedStop, 1);
        for (i = 0; i < SCHED_THREADS; i++) {
            posixDoorbell_Ring(&scheds[i].bell);
            assert_int_equal(pthread_join(scheds[i].thread, NULL), 0);
        }
    }
    for (i = 0; !scheduled && (i < n); i++) {
        whTest_PairStopServer(&pairs[i]);
    }
}

/* A client of its own on the NVM context, served in this thread. */
static uint32_t readGlobalCounter(uint16_t id)
{
    static whTestPair p;
    uint32_t          value = 0;
    int32_t           rc    = -1;

    whTest_PairInitConnected(&p, &nvm.nvm, 15);
    assert_int_equal(wh_Client_CounterReadRequest(&p.client, id), WH_ERROR_OK);
    whTest_Serve(&p);
    assert_int_equal(wh_Client_CounterReadResponse(&p.client, &value, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_PairCleanup(&p);
    return value;
}

static void initGlobalCounter(uint16_t id)
{
    static whTestPair p;
    int32_t           rc = -1;

    whTest_PairInitConnected(&p, &nvm.nvm, 15);
    assert_int_equal(wh_Client_CounterInitRequest(&p.client, id, WH_COUNTER_MONOTONIC, 0),
                     WH_ERROR_OK);
    whTest_Serve(&p);
    assert_int_equal(wh_Client_CounterInitResponse(&p.client, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_PairCleanup(&p);
}

/* Before the clients start: MASTER_ECU_KEY and INIT_RNG (from the erased seed), through a
 * client of its own served in this thread. */
static whTestPair shePair;

static void sheSetup(void)
{
    whTestPair* p = &shePair;
    uint8_t     m4[32];
    uint8_t     m5[16];
    uint8_t     m1[16], m2[32], m3[16];
    int32_t     rc = -1;

    /* This file's M1..M5 are the spec's on the worked example. */
    sheMessages(WH_SHE_KEY_1, v_key_EXNEW, 1, 0, m1, m2, m3, m4, m5);
    assert_memory_equal(m1, v_example_m1, 16);
    assert_memory_equal(m2, v_example_m2, 32);
    assert_memory_equal(m3, v_example_m3, 16);
    assert_memory_equal(m4, v_example_m4, 32);
    assert_memory_equal(m5, v_example_m5, 16);
    whTest_PairInitConnected(p, &nvm.nvm, 15);
    assert_int_equal(wh_Client_SheLoadKeyRequest(&p->client, v_master_m1, v_master_m2, v_master_m3),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadKeyResponse(&p->client, m4, m5, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheInitRngRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheInitRngResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_PairCleanup(p); /* the SHE's RAM state (the PRNG) stays: only a server Init resets it */
}

static int cmpBlock(const void* a, const void* b)
{
    return memcmp(a, b, 16);
}

/* After the clients: the RND outputs are the PRNG chain's first ones, each once; every slot
 * holds its last key and counter. */
static void sheCheck(int n, int rounds)
{
    static whTestPair p;
    const size_t      total = (size_t)n * (size_t)rounds * SHE_RND_PER_ROUND;
    uint8_t*          all   = malloc(total * 16u);
    uint8_t*          chain = malloc(total * 16u);
    uint8_t           state[16];
    size_t            i;
    int               c;

    assert_non_null(all);
    assert_non_null(chain);
    memcpy(state, v_prng_state0, 16);
    for (i = 0; i < total; i++) {
        aesEcb(v_prng_key, state, state); /* AES-CBC of one block, IV 0 */
        memcpy(chain + i * 16u, state, 16);
    }
    assert_memory_equal(chain, v_rnd1, 16);
    for (c = 0; c < n; c++) {
        memcpy(all + (size_t)c * (size_t)rounds * SHE_RND_PER_ROUND * 16u, clients[c].rnd,
               (size_t)rounds * SHE_RND_PER_ROUND * 16u);
    }
    qsort(all, total, 16, cmpBlock);
    qsort(chain, total, 16, cmpBlock);
    assert_memory_equal(all, chain, total * 16u);
    free(all);
    free(chain);

    whTest_PairInitConnected(&p, &nvm.nvm, 15);
    for (c = 0; c < n; c++) {
        uint8_t key[16];
        uint8_t m1[16], m2[32], m3[16], m4[32], m5[16];
        uint8_t zero[16] = {0};
        uint8_t out[16];
        uint8_t want[16];
        int32_t rc = -1;
        sheKey(key, c, rounds - 1);
        sheMessages(sheSlot(c), key, (uint32_t)rounds, 0, m1, m2, m3, m4, m5);
        assert_int_equal(wh_Client_SheLoadKeyRequest(&p.client, m1, m2, m3), WH_ERROR_OK);
        whTest_Serve(&p);
        assert_int_equal(wh_Client_SheLoadKeyResponse(&p.client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_SHE_KEY_UPDATE_ERROR); /* the counter is the last one */
        if (((rounds - 1) % 2) == 0) {
            aesEcb(key, zero, want);
            assert_int_equal(wh_Client_SheCipherRequest(&p.client, WH_MESSAGE_SHE_ACTION_ENC_ECB,
                                                        sheSlot(c), NULL, zero, 16),
                             WH_ERROR_OK);
            whTest_Serve(&p);
            assert_int_equal(wh_Client_SheCipherResponse(&p.client, out, 16, &rc), WH_ERROR_OK);
        }
        else {
            cmac(key, zero, 16, want);
            assert_int_equal(wh_Client_SheGenerateMacRequest(&p.client, sheSlot(c), zero, 128),
                             WH_ERROR_OK);
            whTest_Serve(&p);
            assert_int_equal(wh_Client_SheGenerateMacResponse(&p.client, out, &rc), WH_ERROR_OK);
        }
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(out, want, 16);
    }
    whTest_PairCleanup(&p);
}

static void runStress(int scheduled)
{
    const uint16_t  globalCounter = WH_ID_GLOBAL | WH_TEST_SHARED_FIRST;
    pthread_t       threads[MAX_CLIENTS];
    int             rounds   = roundsFromEnv();
    uint32_t        requests = 0;
    struct timespec t0;
    struct timespec t1;
    int             n;
    int             i;
    int             j;

#ifndef WOLFHSM_CFG_THREADSAFE
    skip(); /* concurrent server contexts on one NVM context need the lock */
#endif
    n = startServers(scheduled);
    initGlobalCounter(globalCounter);
    sheSetup();
    assert_int_equal(pthread_barrier_init(&barrier, NULL, (unsigned)n), 0);
    for (i = 0; i < n; i++) {
        clients[i] =
            (clientState){.index = i, .pair = &pairs[i], .barrier = &barrier, .rounds = rounds};
        clients[i].rnd = malloc((size_t)rounds * SHE_RND_PER_ROUND * 16u);
        assert_non_null(clients[i].rnd);
    }

    (void)clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, clientThread, &clients[i]), 0);
    }
    for (i = 0; i < n; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    }
    (void)clock_gettime(CLOCK_MONOTONIC, &t1);
    stopServers(scheduled, n);
    for (i = 0; i < n; i++) {
        /* Deferred requests are received again on a later pass: count answers, not
         * receptions. */
        requests += scheduled ? 0u : pairs[i].server.comm.stats.requests;
        assert_int_equal(pairs[i].server.comm.stats.malformed, 0);
        assert_int_equal(clients[i].failures, 0);
    }
    for (i = 0; scheduled && (i < SCHED_THREADS); i++) {
        requests += scheds[i].sched.stats.served;
    }

    sheCheck(n, rounds);
    for (i = 0; i < n; i++) {
        free(clients[i].rnd);
        clients[i].rnd = NULL;
    }
    /* Exact total: no increment lost or doubled. */
    assert_int_equal(readGlobalCounter(globalCounter), (uint32_t)(n * COUNTER_STEPS * rounds));
    /* No global key id was handed to two clients in the same round. Ids are reused after
     * erase, so compare within each round's allocation window. */
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            int a;
            int b;
            for (a = 0; a < clients[i].globalKeyCount; a++) {
                for (b = 0; b < clients[j].globalKeyCount; b++) {
                    if (a / KEYS_PER_ROUND == b / KEYS_PER_ROUND) {
                        assert_int_not_equal(clients[i].globalKeys[a], clients[j].globalKeys[b]);
                    }
                }
            }
        }
    }

    printf("stress (%s): %d clients x %d rounds, %u requests served in %.2f s\n",
           scheduled ? "2 cooperative schedulers x 4 contexts, hardware-semaphore lock"
                     : "one server thread per context, POSIX mutex",
           n, rounds, requests,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    for (i = 0; i < n; i++) {
        whTest_PairCleanup(&pairs[i]);
    }
    (void)pthread_barrier_destroy(&barrier);
    whTest_NvmCleanup(&nvm);
}

static void test_stress(void** state)
{
    (void)state;
    runStress(0);
}

static void test_stress_scheduled(void** state)
{
    (void)state;
    runStress(1);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stress),
        cmocka_unit_test(test_stress_scheduled),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
