/*
 * test_sched.c: the cooperative scheduler (wh_sched.h): passes, fairness, sleep and wake
 * with no lost wake-up, the clients' shared doorbell (a wait that ends for another client's
 * answer), and latency isolation: while one context is inside a long NVM
 * operation holding the lock (compaction on a slow flash), the other contexts keep serving
 * requests that need no shared state, and the ones that do are deferred, not failed.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_sched.h"

#define CONTEXTS 3

static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;

/* A doorbell that tells its ringers apart (whDoorbellCb take) over the POSIX one: each
 * client's ring sets its bit before it rings, as the target's MHU interrupt notes the bit
 * before it counts. The scheduler's side has no bit of its own. */
typedef struct {
    posixDoorbell*    bell;
    _Atomic uint32_t* rang;
    uint32_t          bit;
} ringer;

static void ringerRing(void* context)
{
    ringer* r = context;

    atomic_fetch_or(r->rang, r->bit);
    posixDoorbell_Ring(r->bell);
}

static uint32_t ringerSnapshot(void* context)
{
    return posixDoorbell_Snapshot(((ringer*)context)->bell);
}

static int ringerWait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    return posixDoorbell_Wait(((ringer*)context)->bell, snapshot, timeoutMs);
}

static uint32_t ringerTake(void* context)
{
    return atomic_exchange(((ringer*)context)->rang, 0u);
}

static const whDoorbellCb ringerCb = {.ring     = ringerRing,
                                      .snapshot = ringerSnapshot,
                                      .wait     = ringerWait,
                                      .take     = ringerTake};

typedef struct {
    whTestNvm        nvm;
    posixDoorbell    bell;
    posixDoorbell    hostBell;          /* shareHostBell: every answer rings it */
    ringer           ringers[CONTEXTS]; /* the clients' sides */
    ringer           hsmSide;           /* the scheduler's */
    _Atomic uint32_t rang;
    whTestPair       pairs[CONTEXTS];
    whServerContext* servers[CONTEXTS];
    whSched          sched;
    pthread_t        thread;
    atomic_int       stop;
} fixture;

static fixture f;

/* Three contexts under one scheduler; with rang, its doorbell tells the ringers apart and it
 * serves only the mailboxes that rang, each client ringing its own bit. */
static void setupContexts(int scheduledNvm, uint32_t eraseBusyUs, int rang)
{
    whSchedConfig cfg;
    int           i;

    memset(&f, 0, sizeof(f));
    if (scheduledNvm) {
        whTest_NvmInitScheduled(&f.nvm, 20, eraseBusyUs);
    }
    else {
        whTest_NvmInit(&f.nvm, 1);
    }
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairInitSched(&f.pairs[i], &f.nvm.nvm, (uint16_t)(i + 1), &f.bell, 5000);
        f.servers[i] = &f.pairs[i].server;
        if (rang) {
            whTestPair* p                 = &f.pairs[i];
            f.ringers[i]                  = (ringer){&f.bell, &f.rang, 1u << i};
            p->clientTransportConfig.peer = (whDoorbell){&ringerCb, &f.ringers[i]};
            assert_int_equal(wh_Client_Cleanup(&p->client), WH_ERROR_OK);
            assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
        }
    }
    cfg = (whSchedConfig){.servers  = f.servers,
                          .count    = CONTEXTS,
                          .coreId   = 1,
                          .doorbell = {&bellCb, &f.bell}};
    if (rang) {
        f.hsmSide    = (ringer){&f.bell, &f.rang, 0u};
        cfg.doorbell = (whDoorbell){&ringerCb, &f.hsmSide};
    }
    assert_int_equal(wh_Sched_Init(&f.sched, &cfg), WH_ERROR_OK);
}

static void teardownContexts(void)
{
    int i;
    for (i = 0; i < CONTEXTS; i++) {
        whTest_PairCleanup(&f.pairs[i]);
    }
    whTest_NvmCleanup(&f.nvm);
}

static void* schedThread(void* arg)
{
    (void)arg;
    (void)posixSched_Run(&f.sched, &f.stop);
    return NULL;
}

static void startScheduler(void)
{
    atomic_store(&f.stop, 0);
    assert_int_equal(pthread_create(&f.thread, NULL, schedThread, NULL), 0);
}

static void stopScheduler(void)
{
    atomic_store(&f.stop, 1);
    posixDoorbell_Ring(&f.bell);
    assert_int_equal(pthread_join(f.thread, NULL), 0);
}

static void connectAll(void)
{
    int32_t rc;
    int     i;
    for (i = 0; i < CONTEXTS; i++) {
        rc = -1;
        assert_int_equal(wh_Client_CommConnect(&f.pairs[i].client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
}

/* ---- passes and fairness, driven by hand ---- */

static void test_pass_serves_each_context_once(void** state)
{
    uint8_t  out[4];
    uint16_t outLen;
    int32_t  rc;
    int      round;
    int      i;
    (void)state;

    setupContexts(0, 0, 0);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 0); /* nothing to do */
    for (round = 0; round < 50; round++) {
        for (i = 0; i < CONTEXTS; i++) {
            assert_int_equal(wh_Client_EchoRequest(&f.pairs[i].client, 4, "ping"), WH_ERROR_OK);
        }
        /* One pass serves every waiting context exactly once. */
        assert_int_equal(wh_Sched_RunOnce(&f.sched), CONTEXTS);
        assert_int_equal(wh_Sched_RunOnce(&f.sched), 0);
        for (i = 0; i < CONTEXTS; i++) {
            outLen = sizeof(out);
            assert_int_equal(wh_Client_EchoResponse(&f.pairs[i].client, &outLen, out, &rc),
                             WH_ERROR_OK);
            assert_int_equal(rc, WH_ERROR_OK);
        }
    }
    /* Only one client asks: only one is served. */
    assert_int_equal(wh_Client_EchoRequest(&f.pairs[1].client, 4, "solo"), WH_ERROR_OK);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 1);
    outLen = sizeof(out);
    assert_int_equal(wh_Client_EchoResponse(&f.pairs[1].client, &outLen, out, &rc), WH_ERROR_OK);
    /* Equal service for equal demand. */
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(f.pairs[i].server.comm.stats.requests, (i == 1) ? 51u : 50u);
    }
    assert_int_equal(f.sched.stats.served, CONTEXTS * 50 + 1);
    teardownContexts();
}

static void echoAnswered(int i)
{
    uint8_t  out[4];
    uint16_t outLen = sizeof(out);
    int32_t  rc     = -1;

    assert_int_equal(wh_Client_EchoResponse(&f.pairs[i].client, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

/* Driven by hand: the test sets the bits that rang. */
static void test_pass_serves_the_mailboxes_that_rang(void** state)
{
    int i;
    (void)state;

    setupContexts(0, 0, 1);
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(wh_Client_EchoRequest(&f.pairs[i].client, 4, "ping"), WH_ERROR_OK);
    }
    /* The first pass visits every context, whatever rang before the scheduler ran. */
    assert_int_equal(wh_Sched_RunOnce(&f.sched), CONTEXTS);
    for (i = 0; i < CONTEXTS; i++) {
        echoAnswered(i);
        assert_int_equal(wh_Client_EchoRequest(&f.pairs[i].client, 4, "ping"), WH_ERROR_OK);
    }
    /* Then only the ones that rang: the others' requests wait for their ring. */
    atomic_store(&f.rang, 1u << 1);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 1);
    echoAnswered(1);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 0);
    atomic_store(&f.rang, (1u << 0) | (1u << 2));
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 2);
    echoAnswered(0);
    echoAnswered(2);
    /* A ring with nothing behind it, or for no context, serves nothing and breaks nothing. */
    atomic_store(&f.rang, 0xFFFFFFFFu);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 0);
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(f.pairs[i].server.comm.stats.requests, 2u);
        assert_int_equal(f.pairs[i].server.comm.stats.malformed, 0u);
    }
    teardownContexts();
}

#ifdef WOLFHSM_CFG_THREADSAFE
/* The lock as a nested context meets it: no waiting for it. */
static int noWait(void* arg)
{
    (void)arg;
    return WH_ERROR_NOTREADY;
}
#endif

/* With rang, a request left for later because its context could not have the NVM lock is
 * served by a later pass although its client does not ring again. */
static void test_rang_deferred_request_comes_back(void** state)
{
#ifdef WOLFHSM_CFG_THREADSAFE
    uint32_t avail;
    uint32_t unused;
    uint16_t objects;
    uint16_t unusedObjects;
    int32_t  rc = -1;
    int      i;
    (void)state;

    setupContexts(1, 0, 1);
    f.nvm.hwsemCtx.cfg.yield = noWait;
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(wh_Client_CommConnectRequest(&f.pairs[i].client), WH_ERROR_OK);
    }
    assert_int_equal(wh_Sched_RunOnce(&f.sched), CONTEXTS);
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(wh_Client_CommConnectResponse(&f.pairs[i].client, NULL, NULL, &rc),
                         WH_ERROR_OK);
    }
    /* Another core holds the NVM lock: client 2's request is deferred, not answered. */
    atomic_store(&f.nvm.gate.owner, 0xBEEFu);
    assert_int_equal(wh_Client_NvmGetAvailableRequest(&f.pairs[1].client), WH_ERROR_OK);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 1); /* still waiting: work left */
    assert_int_equal(f.sched.stats.deferred, 1u);
    assert_int_equal(wh_Client_NvmGetAvailableResponse(&f.pairs[1].client, &avail, &objects,
                                                       &unused, &unusedObjects, &rc),
                     WH_ERROR_NOTREADY);
    /* Released: the next pass serves it, with no new ring. */
    atomic_store(&f.nvm.gate.owner, 0u);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 1);
    assert_int_equal(wh_Client_NvmGetAvailableResponse(&f.pairs[1].client, &avail, &objects,
                                                       &unused, &unusedObjects, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_true(avail > 0u);
    teardownContexts();
#else
    (void)state;
    skip(); /* no NVM lock to defer on */
#endif
}

static void test_bad_arguments(void** state)
{
    whSched       s;
    whSchedConfig cfg = {0};
    (void)state;

    assert_int_equal(wh_Sched_Init(NULL, &cfg), WH_ERROR_BADARGS);
    assert_int_equal(wh_Sched_Init(&s, NULL), WH_ERROR_BADARGS);
    assert_int_equal(wh_Sched_Init(&s, &cfg), WH_ERROR_BADARGS); /* no contexts */
    {
        static whServerContext  one;
        static whServerContext* many[33];
        static ringer           side;
        unsigned                i;
        for (i = 0; i < 33u; i++) {
            many[i] = &one;
        }
        cfg = (whSchedConfig){.servers = many, .count = 33, .coreId = 1};
        assert_int_equal(wh_Sched_Init(&s, &cfg), WH_ERROR_OK);
        /* Outside any handler: core 1, no context; the owner word holds the same. */
        assert_int_equal(wh_Sched_Owner(&s), 0x01FFu);
        assert_int_equal(*wh_Sched_OwnerWord(&s), 0x01FFu);
        cfg.doorbell = (whDoorbell){&ringerCb, &side}; /* its bits name 32 contexts at most */
        assert_int_equal(wh_Sched_Init(&s, &cfg), WH_ERROR_BADARGS);
        cfg = (whSchedConfig){0};
    }
    memset(&s, 0, sizeof(s));
    assert_int_equal(wh_Sched_RunOnce(&s), WH_ERROR_NOTINIT);
    assert_int_equal(wh_Sched_RunOnce(NULL), WH_ERROR_BADARGS);
}

/* ---- sleep and wake ---- */

typedef struct {
    whTestPair* pair;
    int         rounds;
    int         failures;
} echoer;

static void* echoThread(void* arg)
{
    echoer* e = arg;
    int     i;

    for (i = 0; i < e->rounds; i++) {
        uint8_t  in[16];
        uint8_t  out[16];
        uint16_t outLen = sizeof(out);
        int32_t  rc     = -1;
        memset(in, i, sizeof(in));
        if ((wh_Client_Echo(&e->pair->client, sizeof(in), in, &outLen, out, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK) || (memcmp(in, out, sizeof(in)) != 0)) {
            e->failures++;
        }
    }
    return NULL;
}

/* state: 1 to serve only the mailboxes that rang (a doorbell with take). */
static void test_sleep_and_wake_no_lost_wakeup(void** state)
{
    echoer    e[CONTEXTS];
    pthread_t t[CONTEXTS];
    int       i;

    setupContexts(0, 0, *state != NULL);
    startScheduler();
    connectAll();
    /* Three clients at once, thousands of wake-ups: a lost one would end in a timeout. */
    for (i = 0; i < CONTEXTS; i++) {
        e[i] = (echoer){.pair = &f.pairs[i], .rounds = 3000};
        assert_int_equal(pthread_create(&t[i], NULL, echoThread, &e[i]), 0);
    }
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(e[i].failures, 0);
    }
    stopScheduler();
    /* It slept when idle instead of spinning. */
    assert_true(f.sched.stats.sleeps > 0);
    assert_int_equal(f.sched.stats.served, 3 * 3000 + CONTEXTS);
    teardownContexts();
}

/* ---- the clients' side: one doorbell for all of them ---- */

/* The clients share one doorbell, as core 0's three clients share MHU1's line to CPU0 on the
 * target: every answer rings it. Before the first pass. */
static void shareHostBell(void)
{
    int i;

    for (i = 0; i < CONTEXTS; i++) {
        whTestPair* p                 = &f.pairs[i];
        p->clientTransportConfig.self = (whDoorbell){&bellCb, &f.hostBell};
        p->serverTransportConfig.peer = (whDoorbell){&bellCb, &f.hostBell};
        assert_int_equal(wh_Client_Cleanup(&p->client), WH_ERROR_OK);
        assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
        assert_int_equal(wh_Server_Cleanup(&p->server), WH_ERROR_OK);
        assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    }
}

typedef struct {
    uint32_t  mask;   /* the mailboxes the pass finds rung */
    int       served; /* what the pass returned */
    pthread_t thread;
} laterPass;

/* The HSM core: once a client sleeps on the shared doorbell (or after 2 s: the client's
 * assertions then fail instead of the test hanging), a pass over the mailboxes in mask only. */
static void* laterPassThread(void* arg)
{
    laterPass* l     = arg;
    int        tries = 20000;

    while ((atomic_load(&f.hostBell.waiters) == 0u) && (tries-- > 0)) {
        (void)usleep(100);
    }
    atomic_store(&f.rang, l->mask);
    l->served = wh_Sched_RunOnce(&f.sched);
    return NULL;
}

static void passWhileAsleep(laterPass* l, uint32_t mask)
{
    l->mask   = mask;
    l->served = -1;
    assert_int_equal(pthread_create(&l->thread, NULL, laterPassThread, l), 0);
}

static void passDone(laterPass* l, int served)
{
    assert_int_equal(pthread_join(l->thread, NULL), 0);
    assert_int_equal(l->served, served);
}

static void echoIs(int i, const uint8_t* in, uint16_t len)
{
    uint8_t  out[16];
    uint16_t outLen = sizeof(out);
    int32_t  rc     = -1;

    assert_int_equal(wh_Client_EchoResponse(&f.pairs[i].client, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, in, len);
}

/* Three requests in flight, answered out of order (the scheduler serves what rang, from a
 * rotating start): client 1's wait ends for client 2's answer and then client 3's, and its
 * Response says NOTREADY each time, its request still outstanding. Only waiting again until
 * the Response has it (what the blocking calls do) gets client 1 its own answer. The
 * target's demo once took the first wake-up for its answer and failed with NOTREADY in
 * QEMU's multi-threaded mode. */
static void test_shared_host_doorbell_wait_ends_for_others(void** state)
{
    whClientContext* c1 = &f.pairs[0].client;
    uint8_t          in[CONTEXTS][16];
    uint8_t          out[16];
    uint16_t         outLen;
    int32_t          rc;
    laterPass        l;
    int              i;
    (void)state;

    setupContexts(0, 0, 1);
    shareHostBell();
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 0); /* the first pass, which looks at all */
    for (i = 0; i < CONTEXTS; i++) {
        whTest_Fill(in[i], sizeof(in[i]), (uint8_t)(i + 1));
        assert_int_equal(wh_Client_EchoRequest(&f.pairs[i].client, sizeof(in[i]), in[i]),
                         WH_ERROR_OK);
    }
    passWhileAsleep(&l, 1u << 1);
    assert_int_equal(wh_Client_WaitResponse(c1), WH_ERROR_OK);
    passDone(&l, 1);
    outLen = sizeof(out);
    rc     = 12345;
    assert_int_equal(wh_Client_EchoResponse(c1, &outLen, out, &rc), WH_ERROR_NOTREADY);
    assert_int_equal(rc, 12345);
    assert_int_equal(wh_Client_EchoRequest(c1, 1, "x"), WH_ERROR_BUSY); /* still in flight */
    echoIs(1, in[1], sizeof(in[1]));

    passWhileAsleep(&l, 1u << 2);
    assert_int_equal(wh_Client_WaitResponse(c1), WH_ERROR_OK);
    passDone(&l, 1);
    assert_int_equal(wh_Client_EchoResponse(c1, &outLen, out, &rc), WH_ERROR_NOTREADY);
    echoIs(2, in[2], sizeof(in[2]));

    passWhileAsleep(&l, 1u << 0);
    assert_int_equal(wh_Client_WaitResponse(c1), WH_ERROR_OK);
    passDone(&l, 1);
    echoIs(0, in[0], sizeof(in[0]));
    assert_int_equal(atomic_load(&f.hostBell.count), 3u); /* one ring per answer */
    assert_int_equal(f.sched.stats.served, 3u);
    teardownContexts();
}

/* ---- latency isolation ---- */

typedef struct {
    atomic_int inFlight; /* client 1 is inside a (long) NVM request */
    atomic_int done;
    atomic_int duringOne; /* client 2's echoes completed during client 1's current request */
    int        maxDuringOne;
    int        readFailures;
    int        reads;
    int        nvmFailures;
} isolation;

static isolation iso;

/* Client 1: replaces a large object again and again; the slow flash makes compactions
 * last tens of milliseconds, with the NVM lock held. */
static void* nvmHog(void* arg)
{
    static uint8_t data[1000];
    whTestPair*    p = arg;
    int            i;

    for (i = 0; i < 60; i++) {
        int32_t rc = -1;
        int     during;
        memset(data, i, sizeof(data));
        atomic_store(&iso.duringOne, 0);
        atomic_store(&iso.inFlight, 1);
        if ((wh_Client_NvmAddObject(&p->client, 1, 0, 0, 0, NULL, sizeof(data), data, &rc) !=
             WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            iso.nvmFailures++;
        }
        atomic_store(&iso.inFlight, 0);
        during = atomic_load(&iso.duringOne);
        if (during > iso.maxDuringOne) {
            iso.maxDuringOne = during;
        }
    }
    atomic_store(&iso.done, 1);
    return NULL;
}

/* Client 3: reads an object again and again; each read needs the lock, so it is deferred
 * while client 1 holds it, and must still come back right. */
static void* nvmReader(void* arg)
{
    whTestPair* p = arg;

    while (!atomic_load(&iso.done)) {
        uint8_t  out[8];
        uint16_t outLen = sizeof(out);
        int32_t  rc     = -1;
        if ((wh_Client_NvmRead(&p->client, WH_ID_GLOBAL | 2, 0, sizeof(out), &outLen, out, &rc) !=
             WH_ERROR_OK) ||
            (rc != WH_ERROR_OK) || (out[7] != 8)) {
            iso.readFailures++;
        }
        iso.reads++;
    }
    return NULL;
}

/* state: 1 to serve only the mailboxes that rang (a doorbell with take): deferred
 * requests must then come back without a new ring. */
static void test_long_nvm_operation_does_not_block_others(void** state)
{
    pthread_t hog;
    pthread_t reader;
    uint8_t   obj[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int32_t   rc     = -1;
    int       echoes = 0;

#ifndef WOLFHSM_CFG_THREADSAFE
    skip(); /* nested passes need the lock to keep contexts off shared state */
#endif
    memset(&iso, 0, sizeof(iso));
    setupContexts(1, 4000, *state != NULL); /* 4 ms per erase: a compaction takes > 30 ms */
    startScheduler();
    connectAll();
    assert_int_equal(wh_Client_NvmAddObject(&f.pairs[2].client, WH_ID_GLOBAL | 2, 0, 0, 0, NULL,
                                            sizeof(obj), obj, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    assert_int_equal(pthread_create(&hog, NULL, nvmHog, &f.pairs[0]), 0);
    assert_int_equal(pthread_create(&reader, NULL, nvmReader, &f.pairs[2]), 0);
    while (!atomic_load(&iso.done)) {
        uint8_t  out[8];
        uint16_t outLen = sizeof(out);
        int      during = atomic_load(&iso.inFlight);
        /* Echo needs no shared state: it must complete while client 1's request runs. */
        rc = -1;
        assert_int_equal(wh_Client_Echo(&f.pairs[1].client, 8, "isolate!", &outLen, out, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        echoes++;
        if (during && atomic_load(&iso.inFlight)) {
            atomic_fetch_add(&iso.duringOne, 1);
        }
    }
    assert_int_equal(pthread_join(hog, NULL), 0);
    assert_int_equal(pthread_join(reader, NULL), 0);
    stopScheduler();

    printf("isolation: %d echoes and %d reads beside 60 large NVM writes; at most %d echoes "
           "inside one write; %u requests deferred, %u nested passes\n",
           echoes, iso.reads, iso.maxDuringOne, f.sched.stats.deferred, f.sched.stats.nested);
    assert_int_equal(iso.nvmFailures, 0);
    assert_int_equal(iso.readFailures, 0);
    /* Without yields inside the long operation, client 2 would get at most one echo in per
     * request of client 1. */
    assert_true(iso.maxDuringOne >= 20);
    assert_true(iso.reads > 0);
    assert_true(f.sched.stats.nested > 0);
    assert_true(f.sched.stats.deferred > 0);
    teardownContexts();
}

/* ---- NVM compaction object by object ---- */

#ifdef WOLFHSM_CFG_THREADSAFE
/* RFC 4493's key, 16-byte message and the first 32 bits of its tag. */
static const uint8_t rfcKey[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                   0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t rfcMsg[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                   0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
static const uint8_t rfcTag[4]  = {0x07, 0x0a, 0x16, 0xb4};

typedef struct {
    int     calls;    /* the store's calls between objects */
    int     answered; /* the call after which client 1's MAC was answered (0: not yet) */
    uint8_t tag[16];
    int32_t rc;
} compactWatch;

/* The store's hook between two objects of a compaction, as the HSM firmware's: a nested pass.
 * At the first call client 1 (which holds no lock) sends a MAC request of its own. */
static void compactYield(void* arg)
{
    compactWatch* w = arg;
    w->calls++;
    if (w->calls == 1) {
        assert_int_equal(wh_Client_MacGenerateRequest(&f.pairs[0].client, WH_CRYPTO_CMAC_AES, 9,
                                                      rfcMsg, sizeof(rfcMsg), 32),
                         WH_ERROR_OK);
    }
    (void)wh_Sched_Yield(&f.sched);
    if (w->answered == 0) {
        uint16_t len = sizeof(w->tag);
        if (wh_Client_MacGenerateResponse(&f.pairs[0].client, w->tag, &len, &w->rc) ==
            WH_ERROR_OK) {
            w->answered = w->calls;
        }
    }
}

/* Serve passes until the response (an assignment to ret) is in. */
#define SERVE_UNTIL(resp)                                            \
    do {                                                             \
        int passes_ = 0;                                             \
        while (((resp) == WH_ERROR_NOTREADY) && (passes_++ < 100)) { \
            assert_true(wh_Sched_RunOnce(&f.sched) >= 0);            \
        }                                                            \
        assert_int_equal(ret, WH_ERROR_OK);                          \
    } while (0)
#endif

/* A compaction (client 2's write that does not fit) on a flash with no busy time calls the
 * store's yield hook after each object it copies; there the scheduler serves another client's
 * MAC request (a key of its own cache: no lock) between two objects, and the compaction's
 * result is the whole store. */
static void test_compaction_object_by_object(void** state)
{
#ifndef WOLFHSM_CFG_THREADSAFE
    (void)state;
    skip(); /* nested passes need the lock to keep contexts off shared state */
#else
    static compactWatch w;
    uint8_t             obj[200];
    uint8_t             back[200];
    uint16_t            id     = 9;
    uint16_t            len    = 0;
    uint32_t            epoch0 = 0;
    uint32_t            epoch  = 0;
    int32_t             rc     = -1;
    int                 ret;
    int                 i;
    int                 n;
    (void)state;

    memset(&w, 0, sizeof(w));
    setupContexts(1, 0, 0);
    f.nvm.flashCtx.busy     = NULL; /* instant flash: the hook is the only yield */
    f.nvm.storeCtx.yield    = compactYield;
    f.nvm.storeCtx.yieldArg = &w;
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(wh_Client_CommConnectRequest(&f.pairs[i].client), WH_ERROR_OK);
        SERVE_UNTIL(ret = wh_Client_CommConnectResponse(&f.pairs[i].client, NULL, NULL, &rc));
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(wh_Client_KeyCacheRequest(&f.pairs[0].client, 9,
                                               (uint16_t)(WH_NVM_FLAGS_USAGE_SIGN |
                                                          WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)),
                                               0, NULL, sizeof(rfcKey), rfcKey),
                     WH_ERROR_OK);
    SERVE_UNTIL(ret = wh_Client_KeyCacheResponse(&f.pairs[0].client, &id, &rc));
    assert_int_equal(rc, WH_ERROR_OK);

    /* Six objects of client 2, then object 1 rewritten until a write compacts. */
    assert_int_equal(wh_NvmFlash_GetEpoch(&f.nvm.storeCtx, &epoch0), WH_ERROR_OK);
    for (n = 0; (n < 1000) && (w.calls == 0); n++) {
        const uint16_t obj1 = (uint16_t)((n < 6) ? (n + 1) : 1);
        memset(obj, (int)(obj1 * 16u + (unsigned)(n & 15)), sizeof(obj));
        assert_int_equal(wh_Client_NvmAddObjectRequest(&f.pairs[1].client, obj1, 0, 0, 0, NULL,
                                                       sizeof(obj), obj),
                         WH_ERROR_OK);
        SERVE_UNTIL(ret = wh_Client_NvmAddObjectResponse(&f.pairs[1].client, &rc));
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(wh_NvmFlash_GetEpoch(&f.nvm.storeCtx, &epoch), WH_ERROR_OK);
    assert_int_equal(epoch, epoch0 + 1u);
    /* Five objects copied (the sixth is the write's new version), one call after each; the
     * MAC was sent at the first and answered there, in the nested pass. */
    assert_int_equal(w.calls, 5);
    assert_int_equal(w.answered, 1);
    assert_int_equal(w.rc, WH_ERROR_OK);
    assert_memory_equal(w.tag, rfcTag, sizeof(rfcTag));
    /* The store after the compaction: objects 2..6 as written, object 1 the last write. */
    for (i = 1; i <= 6; i++) {
        len = sizeof(back);
        assert_int_equal(wh_Client_NvmReadRequest(&f.pairs[1].client, (uint16_t)i, 0, sizeof(back)),
                         WH_ERROR_OK);
        SERVE_UNTIL(ret = wh_Client_NvmReadResponse(&f.pairs[1].client, &len, back, &rc));
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(len, sizeof(back));
        memset(obj, (int)((unsigned)i * 16u + (unsigned)(((i == 1) ? n - 1 : i - 1) & 15)),
               sizeof(obj));
        assert_memory_equal(back, obj, sizeof(obj));
    }
    teardownContexts();
#endif
}

/* ---- priority classes ---- */

/* Context i gets priority class prio[i] from its config (the HSM's configuration). */
static void setPriorities(const uint8_t prio[CONTEXTS])
{
    int i;
    for (i = 0; i < CONTEXTS; i++) {
        whTestPair* p            = &f.pairs[i];
        p->serverConfig.priority = prio[i];
        assert_int_equal(wh_Server_Cleanup(&p->server), WH_ERROR_OK);
        assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    }
}

static void ring(const int* rang, uint32_t bits)
{
    if ((rang != NULL) && *rang) {
        atomic_store(&f.rang, bits);
    }
}

/* A pass serves the highest class that has work; a lower class waits for a pass in which no
 * higher class has any. Within a class, a client that asks again at once (a flood) gets one
 * request per pass, as the other client of its class. */
static void test_priority_order_and_fairness(void** state)
{
    static const uint8_t prio[CONTEXTS] = {0, 0, 1}; /* two diagnostics, one SecOC */
    const int*           rang           = *state;
    int                  round;
    int                  i;

    setupContexts(0, 0, (rang != NULL) && *rang);
    setPriorities(prio);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 0); /* the first pass: nothing to do */
    for (i = 0; i < CONTEXTS; i++) {
        assert_int_equal(wh_Client_EchoRequest(&f.pairs[i].client, 4, "ping"), WH_ERROR_OK);
    }
    ring(rang, 7u);
    /* Only the high class; the pass counts the others as waiting. */
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 2);
    assert_int_equal(f.pairs[2].server.comm.stats.requests, 1u);
    assert_int_equal(f.pairs[0].server.comm.stats.requests, 0u);
    assert_int_equal(f.pairs[1].server.comm.stats.requests, 0u);
    echoAnswered(2);
    /* The high class asks again: it goes first again. */
    assert_int_equal(wh_Client_EchoRequest(&f.pairs[2].client, 4, "ping"), WH_ERROR_OK);
    ring(rang, 4u);
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 2);
    echoAnswered(2);
    assert_int_equal(f.pairs[0].server.comm.stats.requests, 0u);
    /* Then the low class, both in one pass. */
    assert_int_equal(wh_Sched_RunOnce(&f.sched), 2);
    echoAnswered(0);
    echoAnswered(1);
    /* Client 0 floods (asks again as soon as it has its answer), client 1 asks now and then:
     * each pass serves each of them at most once. */
    for (round = 0; round < 40; round++) {
        assert_int_equal(wh_Client_EchoRequest(&f.pairs[0].client, 4, "ping"), WH_ERROR_OK);
        if ((round % 4) == 0) {
            assert_int_equal(wh_Client_EchoRequest(&f.pairs[1].client, 4, "ping"), WH_ERROR_OK);
        }
        ring(rang, ((round % 4) == 0) ? 3u : 1u);
        assert_int_equal(wh_Sched_RunOnce(&f.sched), ((round % 4) == 0) ? 2 : 1);
        echoAnswered(0);
        if ((round % 4) == 0) {
            echoAnswered(1);
        }
    }
    assert_int_equal(f.pairs[0].server.comm.stats.requests, 1u + 40u);
    assert_int_equal(f.pairs[1].server.comm.stats.requests, 1u + 10u);
    teardownContexts();
}

int main(int argc, char** argv)
{
    static int              rangOn  = 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_serves_each_context_once),
        cmocka_unit_test(test_pass_serves_the_mailboxes_that_rang),
        cmocka_unit_test(test_rang_deferred_request_comes_back),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test_prestate(test_sleep_and_wake_no_lost_wakeup, NULL),
        cmocka_unit_test_prestate(test_sleep_and_wake_no_lost_wakeup, &rangOn),
        cmocka_unit_test(test_shared_host_doorbell_wait_ends_for_others),
        cmocka_unit_test_prestate(test_long_nvm_operation_does_not_block_others, NULL),
        cmocka_unit_test_prestate(test_long_nvm_operation_does_not_block_others, &rangOn),
        cmocka_unit_test(test_compaction_object_by_object),
        cmocka_unit_test_prestate(test_priority_order_and_fairness, NULL),
        cmocka_unit_test_prestate(test_priority_order_and_fairness, &rangOn),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
