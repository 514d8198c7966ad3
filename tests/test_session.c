/*
 * test_session.c: sessions with an epoch, liveness, and exactly-once state changes while
 * either side restarts (README "Sessions and restarts"; steps 6 and 7 of
 * wolfhsm/wh_transport_mem.h).
 *
 * - an HSM restart answers the request in flight with WH_ERROR_RESTARTED, nothing done; the
 *   client reconnects explicitly; a forged or stale epoch from the host changes nothing;
 * - a host restart (a client reconnecting with a new epoch) drops that client's open stream
 *   and uncommitted keys, keeps its committed ones, and leaves the other clients alone;
 * - the heartbeat: wh_Client_HsmAlive, and a timeout that tells busy from dead;
 * - exactly-once: the flash fault injector cuts the power at every program and erase of a
 *   retried counter increment, NVM add and destroy, key commit and erase; the HSM dies
 *   before its answer reaches the host, the client reconnects and retries: the change is
 *   there exactly once;
 * - an HSM process killed (SIGKILL, at any instruction) and started again many times while
 *   several clients stream counter increments, NVM writes and destroys and key commits with
 *   retries: every acknowledged change is there exactly once, each counter equals its
 *   acknowledged increments, and no client hung.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "she_vectors.h"
#pragma GCC diagnostic pop
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_nvm_flash.h"

#define CLIENT_ID 5
#define COUNTER 1

static const uint16_t keyFlags = WH_NVM_FLAGS_USAGE_ANY;

/* ---- helpers for a pair served in this thread ---- */

static void hsmRestart(whTestPair* p)
{
    assert_int_equal(wh_Server_Cleanup(&p->server), WH_ERROR_OK);
    assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
}

static int32_t connectSeq(whTestPair* p)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t counterInitSeq(whTestPair* p, uint16_t id, uint32_t value)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_CounterInitRequest(&p->client, id, WH_COUNTER_MONOTONIC, value),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterInitResponse(&p->client, NULL, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t counterReadSeq(whTestPair* p, uint16_t id, uint32_t* out_value)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_CounterReadRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterReadResponse(&p->client, out_value, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t counterIncFromSeq(whTestPair* p, uint16_t id, uint32_t expect, uint32_t* out_value)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_CounterIncrementFromRequest(&p->client, id, expect), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterIncrementFromResponse(&p->client, out_value, &rc),
                     WH_ERROR_OK);
    return rc;
}

static int32_t keyCacheSeq(whTestPair* p, uint16_t id, const uint8_t* key, uint16_t len)
{
    int32_t  rc  = 1;
    uint16_t got = 0;

    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, id, keyFlags, 0, NULL, len, key),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, &got, &rc), WH_ERROR_OK);
    if (rc == WH_ERROR_OK) {
        assert_int_equal(got, id);
    }
    return rc;
}

static int32_t keyOpSeq(whTestPair* p, int (*request)(whClientContext*, uint16_t),
                        int (*response)(whClientContext*, int32_t*), uint16_t id)
{
    int32_t rc = 1;

    assert_int_equal(request(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(response(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* Export key id: rc; its material into out (16 bytes) when WH_ERROR_OK. */
static int32_t keyExportSeq(whTestPair* p, uint16_t id, uint8_t* out)
{
    int32_t  rc  = 1;
    uint16_t len = 16;

    assert_int_equal(wh_Client_KeyExportRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyExportResponse(&p->client, NULL, 0, NULL, &len, out, &rc),
                     WH_ERROR_OK);
    if (rc == WH_ERROR_OK) {
        assert_int_equal(len, 16);
    }
    return rc;
}

static int32_t nvmAddSeq(whTestPair* p, uint16_t id, const uint8_t* data, uint16_t len)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, id, 0, 0, 0, NULL, len, data),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t nvmDestroySeq(whTestPair* p, uint16_t id)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, &id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* Read *inout_len bytes of object id (at most 64): rc; the bytes into out, their count in
 * *inout_len. */
static int32_t nvmReadSeq(whTestPair* p, uint16_t id, uint8_t* out, uint16_t* inout_len)
{
    int32_t  rc  = 1;
    uint16_t len = *inout_len;

    assert_int_equal(wh_Client_NvmReadRequest(&p->client, id, 0, len), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmReadResponse(&p->client, &len, out, &rc), WH_ERROR_OK);
    *inout_len = len;
    return rc;
}

static int32_t digestSeq(whTestPair* p, uint16_t step, const uint8_t* data, uint16_t len,
                         uint8_t* out)
{
    int32_t  rc     = 1;
    uint16_t outLen = 32;

    assert_int_equal(wh_Client_DigestRequest(&p->client, WH_CRYPTO_SHA256, step, 0, data, len, NULL,
                                             0),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_DigestResponse(&p->client, out, (out != NULL) ? &outLen : NULL, &rc),
                     WH_ERROR_OK);
    return rc;
}

static uint32_t ctrlWord(_Atomic uint32_t* w)
{
    return atomic_load(w);
}

/* ---- sessions ---- */

static void test_hsm_restart_answers_request_in_flight(void** state)
{
    static whTestNvm  nvm;
    static whTestPair p;
    whMailbox*        mb = NULL;
    uint32_t          e1;
    uint32_t          e2;
    uint32_t          value = 99;
    (void)state;

    whTest_NvmInit(&nvm, 1);
    whTest_PairInitConnected(&p, &nvm.nvm, CLIENT_ID);
    mb = &p.region->mailbox;
    e1 = ctrlWord(&mb->resp.epoch);
    assert_int_not_equal(e1, 0);
    assert_int_equal(ctrlWord(&mb->req.link), e1); /* the client's requests are bound to it */
    assert_int_not_equal(ctrlWord(&mb->req.epoch), 0);
    assert_int_equal(counterInitSeq(&p, COUNTER, 0), WH_ERROR_OK);
    assert_int_equal(wh_Client_HsmAlive(&p.client), WH_ERROR_NOTREADY); /* no beat yet */

    /* An increment in flight when the HSM restarts: the new HSM answers it, and does not do it. */
    assert_int_equal(wh_Client_CounterIncrementRequest(&p.client, COUNTER), WH_ERROR_OK);
    hsmRestart(&p);
    e2 = ctrlWord(&mb->resp.epoch);
    assert_int_not_equal(e2, 0);
    assert_int_not_equal(e2, e1);
    whTest_Serve(&p);
    {
        int32_t rc = 1;
        assert_int_equal(wh_Client_CounterIncrementResponse(&p.client, &value, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_RESTARTED);
    }
    assert_int_equal(p.client.connected, 0);
    assert_int_equal(wh_Client_HsmAlive(&p.client), WH_ERROR_RESTARTED);

    /* Until the client connects again, every request is refused the same way, nothing done. */
    assert_int_equal(counterIncFromSeq(&p, COUNTER, 0, &value), WH_ERROR_RESTARTED);
    assert_int_equal(counterReadSeq(&p, COUNTER, &value), WH_ERROR_RESTARTED);
    assert_int_equal(connectSeq(&p), WH_ERROR_OK);
    assert_int_equal(ctrlWord(&mb->req.link), e2);
    value = 99;
    assert_int_equal(counterReadSeq(&p, COUNTER, &value), WH_ERROR_OK);
    assert_int_equal(value, 0); /* committed state kept, the stale increment not applied */
    assert_int_equal(counterIncFromSeq(&p, COUNTER, 0, &value), WH_ERROR_OK);
    assert_int_equal(value, 1);
    assert_int_equal(whTest_ServerMalformed(&p), 0);

    /* Every restart of either side publishes an epoch its previous life did not have. */
    for (int i = 0; i < 200; i++) {
        uint32_t before = ctrlWord(&mb->resp.epoch);
        uint32_t host   = ctrlWord(&mb->req.epoch);
        hsmRestart(&p);
        assert_int_not_equal(ctrlWord(&mb->resp.epoch), before);
        assert_int_not_equal(ctrlWord(&mb->resp.epoch), 0);
        assert_int_equal(wh_Client_Cleanup(&p.client), WH_ERROR_OK);
        assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
        assert_int_not_equal(ctrlWord(&mb->req.epoch), host);
        assert_int_not_equal(ctrlWord(&mb->req.epoch), 0);
        assert_int_equal(ctrlWord(&mb->req.link), 0); /* a new life: bound to nothing yet */
    }
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(&nvm);
}

static void test_forged_epochs_change_nothing(void** state)
{
    static whTestNvm  nvm;
    static whTestPair p;
    const uint8_t     key[16] = "session key 0001";
    const uint8_t     obj[4]  = {1, 2, 3, 4};
    uint8_t           out[64];
    uint16_t          len;
    uint32_t          value = 0;
    whMailbox*        mb;
    uint32_t          link;
    uint32_t          host;
    uint32_t          requests;
    (void)state;

    whTest_NvmInit(&nvm, 1);
    whTest_PairInitConnected(&p, &nvm.nvm, CLIENT_ID);
    mb   = &p.region->mailbox;
    link = ctrlWord(&mb->req.link);
    host = ctrlWord(&mb->req.epoch);
    assert_int_equal(counterInitSeq(&p, COUNTER, 7), WH_ERROR_OK);
    assert_int_equal(keyCacheSeq(&p, 3, key, sizeof(key)), WH_ERROR_OK); /* not committed */

    /* A request bound to an epoch this HSM never had (stale or forged): refused, nothing done,
     * the server keeps serving. */
    const uint32_t forged[] = {link ^ 0x5A5A5A5Au, link + 1u, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        atomic_store(&mb->req.link, forged[i]);
        requests = whTest_ServerRequests(&p);
        assert_int_equal(counterIncFromSeq(&p, COUNTER, 7, &value), WH_ERROR_RESTARTED);
        assert_int_equal(keyOpSeq(&p, wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, 3),
                         WH_ERROR_RESTARTED);
        assert_int_equal(nvmAddSeq(&p, 9, obj, sizeof(obj)), WH_ERROR_RESTARTED);
        assert_int_equal(whTest_ServerRequests(&p), requests + 3);
        assert_int_equal(wh_Client_Cleanup(&p.client), WH_ERROR_OK); /* a fresh client life */
        assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
        atomic_store(&mb->req.epoch, host); /* ... that keeps the session's host epoch */
        atomic_store(&mb->req.link, link);
        p.client.comm.hsmEpoch = link;
        p.client.connected     = 1;
    }
    assert_int_equal(counterReadSeq(&p, COUNTER, &value), WH_ERROR_OK);
    assert_int_equal(value, 7);
    assert_int_equal(keyExportSeq(&p, 3, out), WH_ERROR_OK);
    assert_memory_equal(out, key, sizeof(key));
    len = sizeof(obj);
    assert_int_equal(nvmReadSeq(&p, 9, out, &len), WH_ERROR_NOTFOUND);

    /* Another host epoch on a connected session: the host restarted without connecting. Its
     * transient state goes (the uncached key), the session ends; committed state stays. */
    atomic_store(&mb->req.epoch, host + 1u);
    assert_int_equal(counterIncFromSeq(&p, COUNTER, 7, &value), WH_ERROR_NOTCONNECTED);
    assert_int_equal(whTest_ServerConnected(&p), 0);
    atomic_store(&mb->req.epoch, host);
    assert_int_equal(counterReadSeq(&p, COUNTER, &value), WH_ERROR_NOTCONNECTED);
    {
        uint8_t  echo[4] = {0};
        uint16_t n       = sizeof(echo);
        int32_t  rc      = 1;
        assert_int_equal(wh_Client_EchoRequest(&p.client, 4, "ping"), WH_ERROR_OK);
        whTest_Serve(&p);
        assert_int_equal(wh_Client_EchoResponse(&p.client, &n, echo, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK); /* still serving */
    }
    assert_int_equal(connectSeq(&p), WH_ERROR_OK);
    assert_int_equal(counterReadSeq(&p, COUNTER, &value), WH_ERROR_OK);
    assert_int_equal(value, 7);
    assert_int_equal(keyExportSeq(&p, 3, out), WH_ERROR_NOTFOUND);
    assert_int_equal(whTest_ServerMalformed(&p), 0);
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(&nvm);
}

static void test_host_restart_frees_only_its_state(void** state)
{
    static whTestShared f;
    const uint8_t       keyA[16]  = "client a volatil";
    const uint8_t       keyA2[16] = "client a commits";
    const uint8_t       keyB[16]  = "client b volatil";
    const uint8_t       data[40]  = "a message hashed in two steps, by stream";
    uint8_t             out[32];
    uint8_t             want[32];
    (void)state;

    whTest_SharedInit(&f, 1, 2);
    /* Both clients have a stream open and an uncommitted key; a has a committed one. */
    assert_int_equal(keyCacheSeq(&f.a, 3, keyA, 16), WH_ERROR_OK);
    assert_int_equal(keyCacheSeq(&f.a, 4, keyA2, 16), WH_ERROR_OK);
    assert_int_equal(keyOpSeq(&f.a, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, 4),
                     WH_ERROR_OK);
    assert_int_equal(keyCacheSeq(&f.b, 3, keyB, 16), WH_ERROR_OK);
    assert_int_equal(digestSeq(&f.a, WH_CRYPTO_STEP_INIT, data, 20, NULL), WH_ERROR_OK);
    assert_int_equal(digestSeq(&f.b, WH_CRYPTO_STEP_INIT, data, 20, NULL), WH_ERROR_OK);

    /* Host a restarts in the middle of its stream: a new client life, a new epoch, Connect. */
    assert_int_equal(wh_Client_Cleanup(&f.a.client), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&f.a.client, &f.a.clientConfig), WH_ERROR_OK);
    assert_int_equal(connectSeq(&f.a), WH_ERROR_OK);
    assert_int_equal(digestSeq(&f.a, WH_CRYPTO_STEP_UPDATE, data + 20, 20, NULL),
                     WH_ERROR_NOSTREAM);
    assert_int_equal(keyExportSeq(&f.a, 3, out), WH_ERROR_NOTFOUND);
    assert_int_equal(keyExportSeq(&f.a, 4, out), WH_ERROR_OK); /* committed: kept */
    assert_memory_equal(out, keyA2, 16);

    /* b is untouched: its stream goes on, its uncommitted key is there. */
    assert_int_equal(digestSeq(&f.b, WH_CRYPTO_STEP_FINAL, data + 20, 20, out), WH_ERROR_OK);
    assert_int_equal(digestSeq(&f.a, WH_CRYPTO_STEP_ONESHOT, data, 40, want), WH_ERROR_OK);
    assert_memory_equal(out, want, 32);
    assert_int_equal(keyExportSeq(&f.b, 3, out), WH_ERROR_OK);
    assert_memory_equal(out, keyB, 16);

    /* A Connect again without a restart (same epoch) keeps the state, as before. */
    assert_int_equal(keyCacheSeq(&f.b, 5, keyB, 16), WH_ERROR_OK);
    assert_int_equal(connectSeq(&f.b), WH_ERROR_OK);
    assert_int_equal(keyExportSeq(&f.b, 5, out), WH_ERROR_OK);
    whTest_SharedCleanup(&f);
}

/* ---- liveness ---- */

typedef struct {
    whServerContext* server;
    atomic_int       stop;
} beater;

static void* beatThread(void* arg)
{
    beater* b = arg;
    while (!atomic_load(&b->stop)) {
        wh_Server_Beat(b->server);
        usleep(2000);
    }
    return NULL;
}

static void sleepMs(uint32_t ms)
{
    usleep(ms * 1000u);
}

static void test_liveness(void** state)
{
    static whTestPair p;
    static beater     b;
    pthread_t         t;
    int32_t           rc    = 1;
    uint16_t          n     = 0;
    int               alive = 0;
    (void)state;

    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 0);
    assert_int_equal(wh_Client_HsmAlive(&p.client), WH_ERROR_NOTCONNECTED);
    whTest_PairStartServer(&p);
    assert_int_equal(wh_Client_CommConnect(&p.client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    /* A serving loop that idles beats every WOLFHSM_CFG_HEARTBEAT_MS. */
    for (int i = 0; (i < 100) && !alive; i++) {
        sleepMs(WOLFHSM_CFG_HEARTBEAT_MS);
        alive = (wh_Client_HsmAlive(&p.client) == WH_ERROR_OK);
    }
    assert_true(alive);
    whTest_PairStopServer(&p);
    sleepMs(3 * WOLFHSM_CFG_HEARTBEAT_MS);
    (void)wh_Client_HsmAlive(&p.client); /* the last beat before it stopped */
    sleepMs(3 * WOLFHSM_CFG_HEARTBEAT_MS);
    assert_int_equal(wh_Client_HsmAlive(&p.client), WH_ERROR_NOTREADY);

    /* No answer and no heartbeat within the timeout: dead, not busy. */
    p.client.timeoutMs = 5 * WOLFHSM_CFG_HEARTBEAT_MS;
    assert_int_equal(wh_Client_Echo(&p.client, 0, NULL, &n, NULL, &rc), WH_ERROR_NORESPONSE);
    assert_int_equal(wh_Server_HandleRequestMessage(&p.server), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoResponse(&p.client, &n, NULL, &rc), WH_ERROR_OK);

    /* No answer, but the heartbeat moves: busy, alive. */
    b.server = &p.server;
    atomic_store(&b.stop, 0);
    assert_int_equal(pthread_create(&t, NULL, beatThread, &b), 0);
    assert_int_equal(wh_Client_Echo(&p.client, 0, NULL, &n, NULL, &rc), WH_ERROR_TIMEOUT);
    atomic_store(&b.stop, 1);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(wh_Server_HandleRequestMessage(&p.server), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoResponse(&p.client, &n, NULL, &rc), WH_ERROR_OK);

    /* Without a timeout a dead HSM still ends the wait, after WOLFHSM_CFG_HSM_DEAD_MS. */
    p.client.timeoutMs = 0;
    assert_int_equal(wh_Client_Echo(&p.client, 0, NULL, &n, NULL, &rc), WH_ERROR_NORESPONSE);
    /* The HSM restarts: the request in flight is answered RESTARTED, the session is gone. */
    hsmRestart(&p);
    assert_int_equal(wh_Client_HsmAlive(&p.client), WH_ERROR_RESTARTED);
    assert_int_equal(wh_Server_HandleRequestMessage(&p.server), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoResponse(&p.client, &n, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_RESTARTED);
    whTest_PairCleanup(&p);
}

/* ---- exactly-once under power cuts at every flash operation ---- */

#define FLASH_SIZE (32u * 1024u)
#define FLASH_SECTOR 4096u

typedef struct {
    whFlashRamsimContext ram;
    whFlashFaultContext  fault;
    uint8_t              scratch[FLASH_SECTOR];
    whNvmFlashConfig     storeCfg;
    whNvmFlashContext    store;
    whNvmConfig          nvmCfg;
    whNvmContext         nvm;
} device;

static const whFlashCb ramsimCb = WH_FLASH_RAMSIM_CB;
static const whFlashCb faultCb  = WH_FLASH_FAULT_CB;
static const whNvmCb   storeCb  = WH_NVM_FLASH_CB;
static uint8_t         flashMem[FLASH_SIZE];
static device          D;

static void deviceOn(int erase)
{
    const whFlashRamsimConfig rc = {.memory      = flashMem,
                                    .size        = sizeof(flashMem),
                                    .sectorSize  = FLASH_SECTOR,
                                    .programUnit = 8,
                                    .initErased  = erase};
    const whFlashFaultConfig  fc = {.cb          = &ramsimCb,
                                    .context     = &D.ram,
                                    .scratch     = D.scratch,
                                    .scratchSize = sizeof(D.scratch)};
    assert_int_equal(ramsimCb.init(&D.ram, &rc), WH_ERROR_OK);
    assert_int_equal(faultCb.init(&D.fault, &fc), WH_ERROR_OK);
    D.storeCfg = (whNvmFlashConfig){.cb = &faultCb, .context = &D.fault};
    D.nvmCfg   = (whNvmConfig){.cb = &storeCb, .context = &D.store, .config = &D.storeCfg};
    assert_int_equal(wh_Nvm_Init(&D.nvm, &D.nvmCfg), WH_ERROR_OK);
}

static void deviceOff(void)
{
    (void)wh_Nvm_Cleanup(&D.nvm);
    assert_int_equal(faultCb.cleanup(&D.fault), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&D.ram), WH_ERROR_OK);
}

enum { OP_INCREMENT, OP_NVM_ADD, OP_NVM_DESTROY, OP_KEY_COMMIT, OP_KEY_ERASE, OP_COUNT };
static const char* const opName[OP_COUNT] = {"increment", "nvm add", "nvm destroy", "key commit",
                                             "key erase"};

static const uint8_t objOld[8]  = "old obj";
static const uint8_t objNew[12] = "new content";
static const uint8_t keyNew[16] = "committed key 09";
static const uint8_t keyOld[16] = "erased key no 10";
#define START 3u /* the counter's value before the operation */
#define FILL_MAX 160u
static uint32_t appliedBefore; /* CONFLICT on a retried increment: the cut one was applied */

/* One attempt of op: 0 when it is settled (the answer says so), 1 when it must be retried
 * (the answer says the HSM restarted). The retry rules of README "Sessions and restarts". */
static int attempt(whTestPair* p, int op)
{
    uint32_t value = 0;
    int32_t  rc;

    switch (op) {
        case OP_INCREMENT:
            rc = counterIncFromSeq(p, COUNTER, START, &value);
            if (rc == WH_ERROR_CONFLICT) {
                /* Not at START any more: the only incrementer's earlier attempt was applied. */
                assert_int_equal(counterReadSeq(p, COUNTER, &value), WH_ERROR_OK);
                assert_int_equal(value, START + 1u);
                appliedBefore++;
                return 0;
            }
            if (rc == WH_ERROR_OK) {
                assert_int_equal(value, START + 1u);
            }
            break;
        case OP_NVM_ADD:
            rc = nvmAddSeq(p, 20, objNew, sizeof(objNew)); /* the same id and content again */
            break;
        case OP_NVM_DESTROY:
            rc = nvmDestroySeq(p, 21); /* a missing id is skipped: done */
            break;
        case OP_KEY_COMMIT:
            /* The cache is RAM: after a restart the key is cached again, then committed. */
            rc = keyCacheSeq(p, 9, keyNew, sizeof(keyNew));
            if (rc == WH_ERROR_OK) {
                rc = keyOpSeq(p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, 9);
            }
            break;
        default: /* OP_KEY_ERASE */
            rc = keyOpSeq(p, wh_Client_KeyEraseRequest, wh_Client_KeyEraseResponse, 10);
            if (rc == WH_ERROR_NOTFOUND) {
                rc = WH_ERROR_OK; /* erased by the earlier attempt */
            }
            break;
    }
    if (rc == WH_ERROR_RESTARTED) {
        return 1;
    }
    assert_int_equal(rc, WH_ERROR_OK);
    return 0;
}

/* The state after op, exactly once. */
static void checkApplied(whTestPair* p, int op)
{
    uint8_t  out[64];
    uint16_t len   = sizeof(objNew);
    uint32_t value = 0;

    assert_int_equal(counterReadSeq(p, COUNTER, &value), WH_ERROR_OK);
    assert_int_equal(value, START + ((op == OP_INCREMENT) ? 1u : 0u));
    assert_int_equal(nvmReadSeq(p, 20, out, &len),
                     (op == OP_NVM_ADD) ? WH_ERROR_OK : WH_ERROR_NOTFOUND);
    if (op == OP_NVM_ADD) {
        assert_int_equal(len, sizeof(objNew));
        assert_memory_equal(out, objNew, sizeof(objNew));
    }
    len = sizeof(objOld);
    assert_int_equal(nvmReadSeq(p, 21, out, &len),
                     (op == OP_NVM_DESTROY) ? WH_ERROR_NOTFOUND : WH_ERROR_OK);
    assert_int_equal(keyExportSeq(p, 9, out),
                     (op == OP_KEY_COMMIT) ? WH_ERROR_OK : WH_ERROR_NOTFOUND);
    if (op == OP_KEY_COMMIT) {
        assert_memory_equal(out, keyNew, sizeof(keyNew));
    }
    assert_int_equal(keyExportSeq(p, 10, out),
                     (op == OP_KEY_ERASE) ? WH_ERROR_NOTFOUND : WH_ERROR_OK);
}

/* The first attempt's request of op (for a key commit, after caching the key). */
static void sendFirst(whTestPair* p, int op)
{
    const uint16_t id = 21;

    switch (op) {
        case OP_INCREMENT:
            assert_int_equal(wh_Client_CounterIncrementFromRequest(&p->client, COUNTER, START),
                             WH_ERROR_OK);
            break;
        case OP_NVM_ADD:
            assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 20, 0, 0, 0, NULL,
                                                           sizeof(objNew), objNew),
                             WH_ERROR_OK);
            break;
        case OP_NVM_DESTROY:
            assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, &id), WH_ERROR_OK);
            break;
        case OP_KEY_COMMIT:
            assert_int_equal(keyCacheSeq(p, 9, keyNew, sizeof(keyNew)), WH_ERROR_OK);
            assert_int_equal(wh_Client_KeyCommitRequest(&p->client, 9), WH_ERROR_OK);
            break;
        default:
            assert_int_equal(wh_Client_KeyEraseRequest(&p->client, 10), WH_ERROR_OK);
            break;
    }
}

/* Its answer's verdict. */
static int32_t recvFirst(whTestPair* p, int op)
{
    int32_t  rc    = 1;
    uint32_t value = 0;

    switch (op) {
        case OP_INCREMENT:
            assert_int_equal(wh_Client_CounterIncrementFromResponse(&p->client, &value, &rc),
                             WH_ERROR_OK);
            if (rc == WH_ERROR_OK) {
                assert_int_equal(value, START + 1u);
            }
            break;
        case OP_NVM_ADD:
            assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
            break;
        case OP_NVM_DESTROY:
            assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
            break;
        case OP_KEY_COMMIT:
            assert_int_equal(wh_Client_KeyCommitResponse(&p->client, &rc), WH_ERROR_OK);
            break;
        default:
            assert_int_equal(wh_Client_KeyEraseResponse(&p->client, &rc), WH_ERROR_OK);
            break;
    }
    return rc;
}

/* Run op with a power cut at flash operation cutAt (0: none). Returns 1 if the power was
 * cut (the operation reached that flash operation); *out_ops: the flash operations counted
 * since arming. */
static int runCut(int op, uint32_t fill, uint32_t cutAt, uint32_t torn, uint32_t* out_ops)
{
    static whTestPair p;
    whMailbox*        mb;
    uint32_t          respBefore;
    int               cut = 0;

    memset(flashMem, 0xFF, sizeof(flashMem));
    deviceOn(1);
    whTest_PairInitConnected(&p, &D.nvm, CLIENT_ID);
    mb = &p.region->mailbox;
    /* The state before: counter at START, object 21, committed key 10. */
    assert_int_equal(counterInitSeq(&p, COUNTER, START), WH_ERROR_OK);
    assert_int_equal(nvmAddSeq(&p, 21, objOld, sizeof(objOld)), WH_ERROR_OK);
    assert_int_equal(keyCacheSeq(&p, 10, keyOld, sizeof(keyOld)), WH_ERROR_OK);
    assert_int_equal(keyOpSeq(&p, wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, 10),
                     WH_ERROR_OK);
    /* fill versions of another object: the operation may then have to compact the store */
    for (uint32_t i = 0; i < fill; i++) {
        uint8_t filler[200];
        memset(filler, (int)i, sizeof(filler));
        assert_int_equal(nvmAddSeq(&p, 30, filler, sizeof(filler)), WH_ERROR_OK);
    }

    sendFirst(&p, op);
    respBefore = ctrlWord(&mb->resp.ctrl);
    assert_int_equal(wh_FlashFault_Arm(&D.fault, (cutAt != 0u) ? cutAt : 0xFFFFFFFFu, torn),
                     WH_ERROR_OK);
    whTest_Serve(&p);
    *out_ops = D.fault.count;
    if (D.fault.powerOff) {
        int retries = 0;
        cut         = 1;
        /* The HSM died in it: its answer never left it. Power on again on the same flash: the
         * store recovers, the HSM starts a new life and answers the request in flight. */
        atomic_store(&mb->resp.ctrl, respBefore);
        assert_int_equal(wh_Server_Cleanup(&p.server), WH_ERROR_OK);
        deviceOff();
        deviceOn(0);
        assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_OK);
        whTest_Serve(&p);
        assert_int_equal(recvFirst(&p, op), WH_ERROR_RESTARTED);
        /* The client connects again and retries, by the rules, until it is settled. */
        do {
            assert_true(retries++ < 3);
            assert_int_equal(connectSeq(&p), WH_ERROR_OK);
        } while (attempt(&p, op));
    }
    else {
        assert_int_equal(recvFirst(&p, op), WH_ERROR_OK);
    }
    checkApplied(&p, op);
    whTest_PairCleanup(&p);
    deviceOff();
    return cut;
}

static void test_power_cut_at_every_flash_operation_of_a_retry(void** state)
{
    static const uint32_t tornModes[] = {WH_FLASH_FAULT_TORN_HALF, 0, WH_FLASH_FAULT_TORN_ALL};
    (void)state;

    for (int op = 0; op < OP_COUNT; op++) {
        uint32_t most = 0;
        uint32_t cuts = 0;
        uint32_t runs = 0;
        /* From an empty store, and from stores so full that the operation compacts first. */
        for (uint32_t fill = 0; fill < FILL_MAX; fill++) {
            uint32_t ops = 0;
            assert_int_equal(runCut(op, fill, 0, 0, &ops), 0);
            assert_true(ops > 0);
            most = (ops > most) ? ops : most;
            if ((fill != 0) && (ops <= 2u)) {
                continue; /* no compaction in it: the same as the empty store's */
            }
            for (size_t m = 0; m < sizeof(tornModes) / sizeof(tornModes[0]); m++) {
                for (uint32_t k = 1; k <= ops; k++) {
                    uint32_t dummy;
                    cuts += (uint32_t)runCut(op, fill, k, tornModes[m], &dummy);
                    runs++;
                }
            }
        }
        print_message("%s: up to %u flash operations, %u power cuts in %u runs, each retried: "
                      "applied once\n",
                      opName[op], most, cuts, runs);
        assert_int_equal(cuts, runs);
        assert_true(most > 2u); /* a compaction was cut too */
    }
    print_message("increments applied before the cut, found by the retry: %u\n", appliedBefore);
    assert_true(appliedBefore > 0u);
}

/* ---- SHE LOAD_KEY retried after a lost answer ---- */

static int32_t sheLoadSeq(whTestPair* p, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3,
                          uint8_t* out_m4, uint8_t* out_m5)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_SheLoadKeyRequest(&p->client, m1, m2, m3), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadKeyResponse(&p->client, out_m4, out_m5, &rc), WH_ERROR_OK);
    return rc;
}

/* The first attempt of an update whose answer is lost: applied (served, then the HSM dies
 * before its answer leaves it) or not (the HSM restarts before it serves it). Either way the
 * new HSM answers the request in flight WH_ERROR_RESTARTED and the client connects again. */
static void sheLoadLost(whTestPair* p, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3,
                        int applied)
{
    whMailbox* mb         = &p->region->mailbox;
    uint32_t   respBefore = ctrlWord(&mb->resp.ctrl);
    int32_t    rc         = 1;

    assert_int_equal(wh_Client_SheLoadKeyRequest(&p->client, m1, m2, m3), WH_ERROR_OK);
    if (applied) {
        whTest_Serve(p);
        atomic_store(&mb->resp.ctrl, respBefore); /* the answer never left the HSM */
    }
    hsmRestart(p);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadKeyResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_RESTARTED);
    assert_int_equal(connectSeq(p), WH_ERROR_OK);
}

/* What the slot holds, by a use of it the key's flags allow: ECB of v_pt (KEY_1) or a CMAC of
 * v_msg (KEY_2, a MAC key), compared by the caller with its own computation under K_NEW. */
static void sheEcb(whTestPair* p, uint8_t keyId, uint8_t* out)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_SheCipherRequest(&p->client, WH_MESSAGE_SHE_ACTION_ENC_ECB, keyId,
                                                NULL, v_pt, 48),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheCipherResponse(&p->client, out, 48, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

static void sheMac(whTestPair* p, uint8_t keyId, uint8_t* out)
{
    int32_t rc = 1;

    assert_int_equal(wh_Client_SheGenerateMacRequest(&p->client, keyId, v_msg, 128), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGenerateMacResponse(&p->client, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

#define SHE_KEY_2 5u /* the slot after KEY_1 */

static void test_she_load_key_retried_after_lost_answer(void** state)
{
    static whTestNvm  nvm;
    static whTestPair p;
    uint8_t           m4[32];
    uint8_t           m5[16];
    uint8_t           out[48];
    (void)state;

    whTest_NvmInit(&nvm, 1);
    whTest_PairInitConnected(&p, &nvm.nvm, CLIENT_ID);
    assert_int_equal(sheLoadSeq(&p, v_master_m1, v_master_m2, v_master_m3, NULL, NULL),
                     WH_ERROR_OK);

    /* Not applied (the HSM restarted with it in flight): the retry applies it, with the M4
     * and M5 of the first attempt's update. */
    sheLoadLost(&p, v_example_m1, v_example_m2, v_example_m3, 0);
    assert_int_equal(sheLoadSeq(&p, v_example_m1, v_example_m2, v_example_m3, m4, m5), WH_ERROR_OK);
    assert_memory_equal(m4, v_example_m4, sizeof(m4));
    assert_memory_equal(m5, v_example_m5, sizeof(m5));
    sheEcb(&p, WH_SHE_KEY_1, out);
    assert_memory_equal(out, v_ecb_key1, 48);

    /* Applied, its answer lost: the retry (the same M1..M3) is refused by the counter rule,
     * nothing changed; the slot holds K_NEW, which the client tells by a MAC under it. */
    sheLoadLost(&p, v_mac_m1, v_mac_m2, v_mac_m3, 1);
    assert_int_equal(sheLoadSeq(&p, v_mac_m1, v_mac_m2, v_mac_m3, m4, m5),
                     WH_ERROR_SHE_KEY_UPDATE_ERROR);
    sheMac(&p, SHE_KEY_2, out);
    assert_memory_equal(out, v_mac_128, 16);
    /* The same refusal for an update that was never applied (another of the same counter,
     * another key): the MAC tells the two apart, so a refused retry is never taken for an
     * applied update that was not. */
    assert_int_equal(sheLoadSeq(&p, v_macLower_m1, v_macLower_m2, v_macLower_m3, m4, m5),
                     WH_ERROR_SHE_KEY_UPDATE_ERROR);
    sheMac(&p, SHE_KEY_2, out);
    assert_memory_equal(out, v_mac_128, 16);
    assert_memory_not_equal(out, v_mac_kw2_128, 16);

    /* The acknowledged updates outlive further restarts; a retry of each is refused again. */
    hsmRestart(&p);
    assert_int_equal(connectSeq(&p), WH_ERROR_OK);
    sheEcb(&p, WH_SHE_KEY_1, out);
    assert_memory_equal(out, v_ecb_key1, 48);
    sheMac(&p, SHE_KEY_2, out);
    assert_memory_equal(out, v_mac_128, 16);
    assert_int_equal(sheLoadSeq(&p, v_example_m1, v_example_m2, v_example_m3, m4, m5),
                     WH_ERROR_SHE_KEY_UPDATE_ERROR);
    assert_int_equal(sheLoadSeq(&p, v_mac_m1, v_mac_m2, v_mac_m3, m4, m5),
                     WH_ERROR_SHE_KEY_UPDATE_ERROR);
    assert_int_equal(whTest_ServerMalformed(&p), 0);
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(&nvm);
}

/* ---- an HSM process killed and started again while clients stream ---- */

#define CLIENTS 3
#define OPS_PER_CLIENT 150
#define OBJ_IDS 12
#define KEY_IDS 8
#define KILLS 40

typedef struct {
    posixMailboxRegion regions[CLIENTS];
    whTestNvm          nvm;
    atomic_int         booted; /* lives of the HSM that reached their serving loop */
} sharedArea;

static sharedArea* SH;
static atomic_int  killerDone; /* the parent killed the HSM KILLS times */

/* Child: one HSM life on the shared flash, serving every mailbox until killed. */
static void hsmProcess(int erase)
{
    static whTestPair hsm[CLIENTS];

    (void)prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a failed test */
    whTest_NvmInit(&SH->nvm, erase);
    for (int i = 0; i < CLIENTS; i++) {
        whTest_PairConfigure(&hsm[i], &SH->regions[i], &SH->nvm.nvm, (uint16_t)(i + 1), 1, 0);
        if (wh_Server_Init(&hsm[i].server, &hsm[i].serverConfig) != WH_ERROR_OK) {
            _exit(20);
        }
    }
    atomic_fetch_add(&SH->booted, 1);
    for (;;) {
        int work = 0;
        for (int i = 0; i < CLIENTS; i++) {
            int ret = wh_Server_HandleRequestMessage(&hsm[i].server);
            work += (ret == WH_ERROR_OK) || (ret == WH_ERROR_BUSY);
            wh_Server_Beat(&hsm[i].server);
        }
        if (work == 0) {
            usleep(100);
        }
    }
}

static pid_t startHsm(int erase)
{
    int   booted = atomic_load(&SH->booted);
    pid_t pid    = fork();

    if (pid == 0) {
        hsmProcess(erase);
        _exit(0);
    }
    assert_true(pid > 0);
    while (atomic_load(&SH->booted) == booted) {
        usleep(100);
    }
    return pid;
}

typedef struct {
    whTestPair pair;
    int        index;
    uint32_t   acked; /* acknowledged increments */
    uint32_t   value; /* the counter's value as this, its only incrementer, knows it */
    int        objState[OBJ_IDS + 1]; /* -1 absent, else the n of its acknowledged content */
    int        keyState[KEY_IDS + 1]; /* -1 none, else the n of its committed content */
    uint32_t   retries;
    uint32_t   reconnects;
    uint32_t   conflicts; /* retried increments found applied (CONFLICT at value + 1) */
    int        failed;
    char       why[128];
} client;

static client C[CLIENTS];

#define WCHECK(w, cond)                                                           \
    do {                                                                          \
        if (!(cond)) {                                                            \
            snprintf((w)->why, sizeof((w)->why), "line %d: %s", __LINE__, #cond); \
            (w)->failed = 1;                                                      \
            return;                                                               \
        }                                                                         \
    } while (0)

static void content(const client* w, int n, uint8_t* out, uint16_t len)
{
    for (uint16_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(w->index * 31 + n * 7 + i);
    }
}

/* Connect again, as a new client life when the last request is still the HSM's. */
static void reconnect(client* w)
{
    whClientContext* c = &w->pair.client;
    w->reconnects++;
    for (int tries = 0;; tries++) {
        int32_t rc  = 1;
        int     ret = wh_Client_CommConnect(c, NULL, NULL, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
            return;
        }
        if (ret != WH_ERROR_OK) {
            /* no answer (NORESPONSE), or the old request still out (BUSY): a new life */
            (void)wh_Client_Cleanup(c);
            (void)wh_Client_Init(c, &w->pair.clientConfig);
        }
        usleep(500);
        if (tries > 20000) {
            snprintf(w->why, sizeof(w->why), "could not reconnect");
            w->failed = 1;
            return;
        }
    }
}

/* A blocking call's result that must be retried after reconnecting. */
static int mustRetry(int ret, int32_t rc)
{
    return (ret != WH_ERROR_OK) || (rc == WH_ERROR_RESTARTED) || (rc == WH_ERROR_NOTCONNECTED);
}

static void clientIncrement(client* w)
{
    whClientContext* c = &w->pair.client;
    for (;;) {
        uint32_t value = 0;
        int32_t  rc    = 1;
        int      ret   = wh_Client_CounterIncrementFrom(c, COUNTER, w->value, &value, &rc);
        if (!mustRetry(ret, rc)) {
            if (rc == WH_ERROR_CONFLICT) {
                do {
                    ret = wh_Client_CounterRead(c, COUNTER, &value, &rc);
                    if (mustRetry(ret, rc)) {
                        reconnect(w);
                        if (w->failed) {
                            return;
                        }
                        continue;
                    }
                } while (mustRetry(ret, rc));
                WCHECK(w, rc == WH_ERROR_OK);
                WCHECK(w, value == w->value + 1u); /* our earlier attempt: applied once */
                w->conflicts++;
            }
            else {
                WCHECK(w, rc == WH_ERROR_OK);
                WCHECK(w, value == w->value + 1u);
            }
            w->value++;
            w->acked++;
            return;
        }
        w->retries++;
        reconnect(w);
        if (w->failed) {
            return;
        }
    }
}

static void clientNvmAdd(client* w, int id, int n)
{
    uint8_t data[24];
    content(w, n, data, sizeof(data));
    for (;;) {
        int32_t rc = 1;
        int ret = wh_Client_NvmAddObject(&w->pair.client, (uint16_t)id, 0, 0, 0, NULL, sizeof(data),
                                         data, &rc);
        if (!mustRetry(ret, rc)) {
            WCHECK(w, rc == WH_ERROR_OK);
            w->objState[id] = n;
            return;
        }
        w->retries++;
        reconnect(w);
        if (w->failed) {
            return;
        }
    }
}

static void clientNvmDestroy(client* w, int id)
{
    const uint16_t ids[1] = {(uint16_t)id};
    for (;;) {
        int32_t rc  = 1;
        int     ret = wh_Client_NvmDestroyObjects(&w->pair.client, 1, ids, &rc);
        if (!mustRetry(ret, rc)) {
            WCHECK(w, rc == WH_ERROR_OK);
            w->objState[id] = -1;
            return;
        }
        w->retries++;
        reconnect(w);
        if (w->failed) {
            return;
        }
    }
}

static void clientKeyCommit(client* w, int id, int n)
{
    uint8_t key[16];
    content(w, n, key, sizeof(key));
    for (;;) {
        int32_t  rc    = 1;
        uint16_t keyId = (uint16_t)id;
        int ret = wh_Client_KeyCache(&w->pair.client, keyFlags, 0, NULL, sizeof(key), key, &keyId,
                                     &rc);
        if (!mustRetry(ret, rc)) {
            WCHECK(w, rc == WH_ERROR_OK);
            ret = wh_Client_KeyCommit(&w->pair.client, keyId, &rc);
            if (!mustRetry(ret, rc)) {
                WCHECK(w, rc == WH_ERROR_OK);
                w->keyState[id] = n;
                return;
            }
        }
        w->retries++;
        reconnect(w);
        if (w->failed) {
            return;
        }
    }
}

static void* clientThread(void* arg)
{
    client* w = arg;

    reconnect(w);
    w->reconnects = 0;
    for (int n = 0; ((n < OPS_PER_CLIENT) || !atomic_load(&killerDone)) && !w->failed; n++) {
        switch (n % 4) {
            case 0:
            case 2:
                clientIncrement(w);
                break;
            case 1:
                if ((n / 4) % 3 == 2) {
                    clientNvmDestroy(w, 1 + (n / 4) % OBJ_IDS);
                }
                else {
                    clientNvmAdd(w, 1 + (n / 4) % OBJ_IDS, n);
                }
                break;
            default:
                clientKeyCommit(w, 1 + (n / 4) % KEY_IDS, n);
                break;
        }
    }
    return NULL;
}

/* After the run: the HSM holds exactly what was acknowledged. */
static void verify(client* w)
{
    whClientContext* c = &w->pair.client;
    uint32_t         value;
    int32_t          rc = 1;

    reconnect(w);
    assert_int_equal(wh_Client_CounterRead(c, COUNTER, &value, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(value, w->acked);
    for (int id = 1; id <= OBJ_IDS; id++) {
        uint8_t  got[24];
        uint8_t  want[24];
        uint16_t len = 0;
        assert_int_equal(wh_Client_NvmRead(c, (uint16_t)id, 0, sizeof(got), &len, got, &rc),
                         WH_ERROR_OK);
        if (w->objState[id] < 0) {
            assert_int_equal(rc, WH_ERROR_NOTFOUND);
        }
        else {
            assert_int_equal(rc, WH_ERROR_OK);
            content(w, w->objState[id], want, sizeof(want));
            assert_int_equal(len, sizeof(want));
            assert_memory_equal(got, want, sizeof(want));
        }
    }
    for (int id = 1; id <= KEY_IDS; id++) {
        uint8_t  got[16];
        uint8_t  want[16];
        uint16_t len = sizeof(got);
        if (w->keyState[id] < 0) {
            continue;
        }
        assert_int_equal(wh_Client_KeyExport(c, (uint16_t)id, NULL, 0, NULL, &len, got, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        content(w, w->keyState[id], want, sizeof(want));
        assert_memory_equal(got, want, sizeof(want));
    }
}

static void test_hsm_process_killed_while_clients_stream(void** state)
{
    pthread_t threads[CLIENTS];
    pid_t     pid;
    int       status;
    unsigned  seed  = (unsigned)time(NULL);
    int       kills = 0;
    (void)state;

    SH = mmap(NULL, sizeof(*SH), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(SH != MAP_FAILED);
    memset(SH, 0, sizeof(*SH));
    pid = startHsm(1);
    for (int i = 0; i < CLIENTS; i++) {
        client* w = &C[i];
        memset(w, 0, sizeof(*w));
        w->index = i;
        for (int id = 0; id <= OBJ_IDS; id++) {
            w->objState[id] = -1;
        }
        for (int id = 0; id <= KEY_IDS; id++) {
            w->keyState[id] = -1;
        }
        whTest_PairConfigure(&w->pair, &SH->regions[i], NULL, (uint16_t)(i + 1), 1, 0);
        assert_int_equal(wh_Client_Init(&w->pair.client, &w->pair.clientConfig), WH_ERROR_OK);
        reconnect(w);
        {
            int32_t rc = 1;
            assert_int_equal(wh_Client_CounterInit(&w->pair.client, COUNTER, WH_COUNTER_MONOTONIC,
                                                   0, &rc),
                             WH_ERROR_OK);
            assert_int_equal(rc, WH_ERROR_OK);
        }
    }
    for (int i = 0; i < CLIENTS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, clientThread, &C[i]), 0);
    }
    /* Kill the HSM at random moments (SIGKILL: any instruction, a flash write half done
     * included) and start it again on the same flash and mailboxes. */
    atomic_store(&killerDone, 0);
    for (; kills < KILLS; kills++) {
        int running = 0;
        usleep(1000u + (rand_r(&seed) % 15000u));
        for (int i = 0; i < CLIENTS; i++) {
            running += (C[i].failed == 0);
        }
        if (running < CLIENTS) {
            break;
        }
        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        pid = startHsm(0);
    }
    atomic_store(&killerDone, 1);
    for (int i = 0; i < CLIENTS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    }
    for (int i = 0; i < CLIENTS; i++) {
        if (C[i].failed) {
            print_message("client %d: %s\n", i, C[i].why);
        }
        assert_false(C[i].failed);
    }
    /* One more life, then check what it holds. */
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    pid = startHsm(0);
    for (int i = 0; i < CLIENTS; i++) {
        verify(&C[i]);
        print_message("client %d: %u increments acknowledged (%u of them found applied by their "
                      "retry), %u retries, %u reconnects\n",
                      i, C[i].acked, C[i].conflicts, C[i].retries, C[i].reconnects);
    }
    print_message("HSM killed %d times\n", kills);
    assert_int_equal(kills, KILLS);
    for (int i = 0; i < CLIENTS; i++) {
        (void)wh_Client_Cleanup(&C[i].pair.client);
    }
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    (void)munmap(SH, sizeof(*SH));
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hsm_restart_answers_request_in_flight),
        cmocka_unit_test(test_forged_epochs_change_nothing),
        cmocka_unit_test(test_host_restart_frees_only_its_state),
        cmocka_unit_test(test_liveness),
        cmocka_unit_test(test_power_cut_at_every_flash_operation_of_a_retry),
        cmocka_unit_test(test_she_load_key_retried_after_lost_answer),
        cmocka_unit_test(test_hsm_process_killed_while_clients_stream),
    };
    (void)argc;
    (void)argv;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
