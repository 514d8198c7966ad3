/*
 * test_isolation.c: three clients (ids 1, 2, 3), each with its own server context, all over
 * ONE NVM context. A client reaches only its own objects, keys and counters, plus the global
 * ones: the same client-side number names a different thing for each client, and another
 * client's things are WH_ERROR_NOTFOUND, never readable, listable or changeable.
 * Sequential: Request, serve, Response in one thread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENTS 3
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */
#define VALUE_UNSET 0xDEADBEEFu

typedef struct {
    whTestNvm  nvm;
    whTestPair c[CLIENTS + 1]; /* c[1..3]: client ids 1..3; c[0] unused */
} Fixture;

static int setup(void** state)
{
    static Fixture f;
    uint16_t       i;

    whTest_NvmInit(&f.nvm, 1);
    for (i = 1; i <= CLIENTS; i++) {
        whTest_PairInitConnected(&f.c[i], &f.nvm.nvm, i);
        assert_int_equal(f.c[i].client.clientId, i);
    }
    *state = &f;
    return 0;
}

static int teardown(void** state)
{
    Fixture* f = *state;
    uint16_t i;

    for (i = 1; i <= CLIENTS; i++) {
        whTest_PairCleanup(&f->c[i]);
    }
    whTest_NvmCleanup(&f->nvm);
    return 0;
}

/* ---- sequential helpers: each asserts the transport status and returns the HSM's rc ---- */

static int32_t nvmAdd(whTestPair* p, uint16_t id, uint16_t flags, const char* label, uint16_t len,
                      const uint8_t* data)
{
    int32_t  rc       = RC_UNSET;
    uint16_t labelLen = (label != NULL) ? (uint16_t)strlen(label) : 0u;

    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, id, 0, flags, labelLen,
                                                   (const uint8_t*)label, len, data),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmRead(whTestPair* p, uint16_t id, uint16_t len, uint8_t* out, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmReadRequest(&p->client, id, 0, len), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmReadResponse(&p->client, inout_len, out, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmMeta(whTestPair* p, uint16_t id, uint16_t* flags, uint16_t* len, uint8_t* label)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmGetMetadataRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmGetMetadataResponse(&p->client, NULL, flags, len,
                                                      (label != NULL) ? WH_NVM_LABEL_LEN : 0, label,
                                                      &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmDestroy(whTestPair* p, uint16_t count, const uint16_t* ids)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, count, ids), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmList(whTestPair* p, uint16_t start, uint16_t* count, uint16_t* id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmListRequest(&p->client, 0, 0, start), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmListResponse(&p->client, count, id, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Every id the client lists (iterating from start), checking each count against the
 * rest. */
static uint16_t listFrom(whTestPair* p, uint16_t start, uint16_t* ids, uint16_t max)
{
    uint16_t n = 0, total = 0;

    for (;;) {
        uint16_t count = 0xFFFF, id = 0xFFFF;
        assert_int_equal(nvmList(p, start, &count, &id), WH_ERROR_OK);
        if (n == 0) {
            total = count;
        }
        assert_int_equal(count, total - n); /* how many are left, from here */
        if (count == 0) {
            assert_int_equal(id, 0);
            return n;
        }
        assert_true(n < max);
        ids[n++] = id;
        start    = id;
    }
}

static uint16_t listAll(whTestPair* p, uint16_t* ids, uint16_t max)
{
    return listFrom(p, 0, ids, max);
}

static int contains(const uint16_t* ids, uint16_t n, uint16_t id)
{
    uint16_t i;
    for (i = 0; i < n; i++) {
        if (ids[i] == id) {
            return 1;
        }
    }
    return 0;
}

static void expectObject(whTestPair* p, uint16_t id, const uint8_t* data, uint16_t len)
{
    uint8_t  out[256];
    uint16_t outLen  = sizeof(out);
    uint16_t metaLen = 0;

    assert_true(len <= sizeof(out));
    assert_int_equal(nvmMeta(p, id, NULL, &metaLen, NULL), WH_ERROR_OK);
    assert_int_equal(metaLen, len);
    memset(out, 0, sizeof(out));
    assert_int_equal(nvmRead(p, id, len, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, data, len);
}

static void expectNoObject(whTestPair* p, uint16_t id)
{
    uint8_t  out[8];
    uint8_t  label[WH_NVM_LABEL_LEN];
    uint16_t outLen = sizeof(out);
    uint16_t flags  = 0x5555;
    uint16_t len    = 0x5555;

    memset(out, 0xA5, sizeof(out));
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(nvmRead(p, id, 1, out, &outLen), WH_ERROR_NOTFOUND);
    assert_int_equal(outLen, sizeof(out));
    assert_int_equal(out[0], 0xA5);
    assert_int_equal(nvmMeta(p, id, &flags, &len, label), WH_ERROR_NOTFOUND);
    assert_int_equal(flags, 0x5555);
    assert_int_equal(len, 0x5555);
    assert_int_equal(label[0], 0xEE);
}

static int32_t keyCache(whTestPair* p, uint16_t id, uint16_t len, const uint8_t* key)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, id, 0, 4, (const uint8_t*)"key!", len,
                                               key),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, &out, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    if (rc == WH_ERROR_OK) {
        assert_int_equal(out, id);
    }
    return rc;
}

static int32_t keyExport(whTestPair* p, uint16_t id, uint8_t* out, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyExportRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyExportResponse(&p->client, NULL, 0, NULL, inout_len, out, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Evict, commit or erase: the ones that answer with a verdict only. */
typedef int (*KeyRequestFn)(whClientContext* c, uint16_t id);
typedef int (*KeyResponseFn)(whClientContext* c, int32_t* out_rc);

static int32_t keyOp(whTestPair* p, KeyRequestFn req, KeyResponseFn resp, uint16_t id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(req(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(resp(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}
#define keyEvict(p, id) keyOp((p), wh_Client_KeyEvictRequest, wh_Client_KeyEvictResponse, (id))
#define keyCommit(p, id) keyOp((p), wh_Client_KeyCommitRequest, wh_Client_KeyCommitResponse, (id))
#define keyErase(p, id) keyOp((p), wh_Client_KeyEraseRequest, wh_Client_KeyEraseResponse, (id))

static void expectKey(whTestPair* p, uint16_t id, const uint8_t* key, uint16_t len)
{
    uint8_t  out[64];
    uint16_t outLen = sizeof(out);

    memset(out, 0, sizeof(out));
    assert_int_equal(keyExport(p, id, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, key, len);
}

static void expectNoKey(whTestPair* p, uint16_t id)
{
    uint8_t  out[64];
    uint16_t outLen = sizeof(out);

    memset(out, 0xA5, sizeof(out));
    assert_int_equal(keyExport(p, id, out, &outLen), WH_ERROR_NOTFOUND);
    assert_int_equal(outLen, sizeof(out));
    assert_int_equal(out[0], 0xA5);
    /* Nor through the MAC fast path, which finds its keys by a lookup of its own. */
    {
        static const uint8_t msg[16] = {1};
        int32_t              rc      = RC_UNSET;
        outLen                       = sizeof(out);
        assert_int_equal(wh_Client_MacGenerateRequest(&p->client, WH_CRYPTO_CMAC_AES, id, msg,
                                                      sizeof(msg), 128),
                         WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_MacGenerateResponse(&p->client, out, &outLen, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_NOTFOUND);
        assert_int_equal(out[0], 0xA5);
    }
}

static int32_t ctrValue(whTestPair* p, uint16_t action, uint16_t id, uint32_t init,
                        uint32_t* out_value)
{
    int32_t rc = RC_UNSET;
    int     ret;

    switch (action) {
        case 'i':
            ret = wh_Client_CounterInitRequest(&p->client, id, WH_COUNTER_RESETTABLE, init);
            break;
        case '+':
            ret = wh_Client_CounterIncrementRequest(&p->client, id);
            break;
        case 'r':
            ret = wh_Client_CounterReadRequest(&p->client, id);
            break;
        case '0':
            ret = wh_Client_CounterResetRequest(&p->client, id);
            break;
        default:
            ret = wh_Client_CounterDestroyRequest(&p->client, id);
            break;
    }
    assert_int_equal(ret, WH_ERROR_OK);
    whTest_Serve(p);
    switch (action) {
        case 'i':
            ret = wh_Client_CounterInitResponse(&p->client, out_value, &rc);
            break;
        case '+':
            ret = wh_Client_CounterIncrementResponse(&p->client, out_value, &rc);
            break;
        case 'r':
            ret = wh_Client_CounterReadResponse(&p->client, out_value, &rc);
            break;
        case '0':
            ret = wh_Client_CounterResetResponse(&p->client, out_value, &rc);
            break;
        default:
            ret = wh_Client_CounterDestroyResponse(&p->client, &rc);
            break;
    }
    assert_int_equal(ret, WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}
#define ctrInit(p, id, v) ctrValue((p), 'i', (id), (v), NULL)
#define ctrInc(p, id, out) ctrValue((p), '+', (id), 0, (out))
#define ctrRead(p, id, out) ctrValue((p), 'r', (id), 0, (out))
#define ctrReset(p, id, out) ctrValue((p), '0', (id), 0, (out))
#define ctrDestroy(p, id) ctrValue((p), 'd', (id), 0, NULL)

static void expectCounter(whTestPair* p, uint16_t id, uint32_t expect)
{
    uint32_t v = VALUE_UNSET;
    assert_int_equal(ctrRead(p, id, &v), WH_ERROR_OK);
    assert_int_equal(v, expect);
}

/* ---- tests ---- */

static void test_nvm_objects_isolated(void** state)
{
    Fixture*       f = *state;
    uint8_t        secret[40];
    uint8_t        mine[24];
    uint8_t        other[16];
    uint8_t        label[WH_NVM_LABEL_LEN];
    uint16_t       ids[8];
    uint16_t       flags = 0;
    const uint16_t five = 5, six = 6, seven = 7;

    whTest_Fill(secret, sizeof(secret), 1);
    whTest_Fill(mine, sizeof(mine), 2);
    whTest_Fill(other, sizeof(other), 3);
    assert_int_equal(nvmAdd(&f->c[1], five, 0, "client-1-secret", sizeof(secret), secret),
                     WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[1], six, WH_NVM_FLAGS_NONMODIFIABLE, NULL, sizeof(secret),
                            secret),
                     WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[1], seven, WH_NVM_FLAGS_NONDESTROYABLE, NULL, sizeof(secret),
                            secret),
                     WH_ERROR_OK);

    /* Client 2 (and 3) can neither read, see metadata of, nor list client 1's objects. */
    expectNoObject(&f->c[2], five);
    expectNoObject(&f->c[2], six);
    expectNoObject(&f->c[3], five);
    assert_int_equal(listAll(&f->c[2], ids, 8), 0);
    assert_int_equal(listAll(&f->c[3], ids, 8), 0);

    /* Destroying "5", "6", "7" as client 2 names client 2's (missing) objects: skipped, not
     * refused (a refusal would tell client 2 that client 1 has a non-destroyable 7). */
    assert_int_equal(nvmDestroy(&f->c[2], 1, &five), WH_ERROR_OK);
    assert_int_equal(nvmDestroy(&f->c[2], 1, &seven), WH_ERROR_OK);
    ids[0] = five;
    ids[1] = six;
    ids[2] = seven;
    assert_int_equal(nvmDestroy(&f->c[3], 3, ids), WH_ERROR_OK);
    expectObject(&f->c[1], five, secret, sizeof(secret));
    expectObject(&f->c[1], six, secret, sizeof(secret));
    expectObject(&f->c[1], seven, secret, sizeof(secret));

    /* Writing "5" and "6" as client 2 creates client 2's objects (client 1's 6 being
     * non-modifiable does not matter); client 1's stay as they were. */
    assert_int_equal(nvmAdd(&f->c[2], five, 0, "client-2", sizeof(mine), mine), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[2], six, 0, NULL, sizeof(other), other), WH_ERROR_OK);
    expectObject(&f->c[2], five, mine, sizeof(mine));
    expectObject(&f->c[2], six, other, sizeof(other));
    expectObject(&f->c[1], five, secret, sizeof(secret));
    expectObject(&f->c[1], six, secret, sizeof(secret));
    memset(label, 0, sizeof(label));
    assert_int_equal(nvmMeta(&f->c[1], five, &flags, NULL, label), WH_ERROR_OK);
    assert_memory_equal(label, "client-1-secret", 16);
    assert_int_equal(nvmMeta(&f->c[1], six, &flags, NULL, NULL), WH_ERROR_OK);
    assert_int_equal(flags, WH_NVM_FLAGS_NONMODIFIABLE);
    expectNoObject(&f->c[3], five);

    /* Client 2 destroys its 5: client 1's 5 stays. Client 1 destroys its 6: client 2's
     * stays. */
    assert_int_equal(nvmDestroy(&f->c[2], 1, &five), WH_ERROR_OK);
    expectNoObject(&f->c[2], five);
    expectObject(&f->c[1], five, secret, sizeof(secret));
    assert_int_equal(nvmDestroy(&f->c[1], 1, &six), WH_ERROR_OK);
    expectNoObject(&f->c[1], six);
    expectObject(&f->c[2], six, other, sizeof(other));
}

static void test_list_never_shows_others(void** state)
{
    Fixture*       f = *state;
    uint8_t        d[8];
    uint16_t       ids[16];
    uint16_t       n;
    const uint16_t g50 = WH_ID_GLOBAL | 50;

    whTest_Fill(d, sizeof(d), 9);
    assert_int_equal(nvmAdd(&f->c[1], 1, 0, NULL, sizeof(d), d), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[1], 2, 0, NULL, sizeof(d), d), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[1], 200, 0, NULL, sizeof(d), d), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[2], 10, 0, NULL, sizeof(d), d), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->c[3], g50, 0, NULL, sizeof(d), d), WH_ERROR_OK);
    /* Keys and counters of every client, which are not objects at all. */
    assert_int_equal(keyCache(&f->c[1], 3, sizeof(d), d), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->c[1], 3), WH_ERROR_OK);
    assert_int_equal(ctrInit(&f->c[2], 4, 1), WH_ERROR_OK);
    assert_int_equal(ctrInit(&f->c[3], WH_ID_GLOBAL | 5, 1), WH_ERROR_OK);

    n = listAll(&f->c[1], ids, 16);
    assert_int_equal(n, 4);
    assert_true(contains(ids, n, 1));
    assert_true(contains(ids, n, 2));
    assert_true(contains(ids, n, 200));
    assert_true(contains(ids, n, g50));

    n = listAll(&f->c[2], ids, 16);
    assert_int_equal(n, 2);
    assert_true(contains(ids, n, 10));
    assert_true(contains(ids, n, g50));

    n = listAll(&f->c[3], ids, 16);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], g50);

    /* Continuing from a number that is another client's object does not leak it either
     * (where the global object falls in the HSM's order is not the point here). */
    n = listFrom(&f->c[3], 1, ids, 16);
    assert_true(n <= 1);
    if (n == 1) {
        assert_int_equal(ids[0], g50);
    }
    n = listFrom(&f->c[2], 2, ids, 16);
    assert_true(contains(ids, n, 10));
    assert_false(contains(ids, n, 200));
    assert_int_equal(n, 1 + contains(ids, n, g50));
}

static void test_keys_isolated(void** state)
{
    Fixture* f = *state;
    uint8_t  k1[32];
    uint8_t  k1b[32];
    uint8_t  k2[20];

    whTest_Fill(k1, sizeof(k1), 0x11);
    whTest_Fill(k1b, sizeof(k1b), 0x1B);
    whTest_Fill(k2, sizeof(k2), 0x22);
    /* Client 1: key 4 committed (and cached), key 5 only cached. */
    assert_int_equal(keyCache(&f->c[1], 4, sizeof(k1), k1), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->c[1], 4), WH_ERROR_OK);
    assert_int_equal(keyCache(&f->c[1], 5, sizeof(k1b), k1b), WH_ERROR_OK);

    /* Client 2 reaches neither, through any key operation. */
    expectNoKey(&f->c[2], 4);
    expectNoKey(&f->c[2], 5);
    assert_int_equal(keyEvict(&f->c[2], 4), WH_ERROR_NOTFOUND);
    assert_int_equal(keyEvict(&f->c[2], 5), WH_ERROR_NOTFOUND);
    assert_int_equal(keyCommit(&f->c[2], 5), WH_ERROR_NOTFOUND);
    assert_int_equal(keyCommit(&f->c[2], 4), WH_ERROR_NOTFOUND);
    assert_int_equal(keyErase(&f->c[2], 4), WH_ERROR_NOTFOUND);
    assert_int_equal(keyErase(&f->c[2], 5), WH_ERROR_NOTFOUND);
    expectNoKey(&f->c[3], 4);
    /* Nor as an NVM object. */
    expectNoObject(&f->c[2], 4);
    expectNoObject(&f->c[1], 4);
    /* Client 1's keys are untouched: the cached-only one was not committed by client 2's
     * request (evicting it loses it), the committed one not erased. */
    expectKey(&f->c[1], 5, k1b, sizeof(k1b));
    assert_int_equal(keyEvict(&f->c[1], 4), WH_ERROR_OK);
    expectKey(&f->c[1], 4, k1, sizeof(k1));

    /* Client 2's own key 4: independent of client 1's, in the cache and in NVM. */
    assert_int_equal(keyCache(&f->c[2], 4, sizeof(k2), k2), WH_ERROR_OK);
    expectKey(&f->c[2], 4, k2, sizeof(k2));
    expectKey(&f->c[1], 4, k1, sizeof(k1));
    assert_int_equal(keyCommit(&f->c[2], 4), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->c[2], 4), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->c[1], 4), WH_ERROR_OK);
    expectKey(&f->c[1], 4, k1, sizeof(k1)); /* loaded from client 1's NVM copy */
    expectKey(&f->c[2], 4, k2, sizeof(k2)); /* loaded from client 2's */
    /* Client 2 erases its 4: client 1's survives, in cache and NVM. */
    assert_int_equal(keyErase(&f->c[2], 4), WH_ERROR_OK);
    expectNoKey(&f->c[2], 4);
    assert_int_equal(keyEvict(&f->c[1], 4), WH_ERROR_OK);
    expectKey(&f->c[1], 4, k1, sizeof(k1));
    /* A non-modifiable key of client 1 does not stop client 2 from using the number. */
    {
        uint16_t id = 0;
        int32_t  rc = RC_UNSET;
        assert_int_equal(wh_Client_KeyCacheRequest(&f->c[1].client, 6, WH_NVM_FLAGS_NONMODIFIABLE,
                                                   0, NULL, sizeof(k1), k1),
                         WH_ERROR_OK);
        whTest_Serve(&f->c[1]);
        assert_int_equal(wh_Client_KeyCacheResponse(&f->c[1].client, &id, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(keyCommit(&f->c[1], 6), WH_ERROR_OK);
    assert_int_equal(keyCache(&f->c[2], 6, sizeof(k2), k2), WH_ERROR_OK);
    expectKey(&f->c[2], 6, k2, sizeof(k2));
    expectKey(&f->c[1], 6, k1, sizeof(k1));
}

static void test_counters_isolated(void** state)
{
    Fixture* f = *state;
    uint32_t v = VALUE_UNSET;

    assert_int_equal(ctrInit(&f->c[1], 1, 100), WH_ERROR_OK);
    /* Client 2 can neither read, increment, reset nor destroy it. */
    assert_int_equal(ctrRead(&f->c[2], 1, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrInc(&f->c[2], 1, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrReset(&f->c[2], 1, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrDestroy(&f->c[2], 1), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrRead(&f->c[3], 1, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(v, VALUE_UNSET);
    expectCounter(&f->c[1], 1, 100);
    /* Nor read it as an NVM object. */
    expectNoObject(&f->c[2], 1);
    expectNoObject(&f->c[1], 1);

    /* Client 2's own counter 1 is another counter. */
    assert_int_equal(ctrInit(&f->c[2], 1, 5), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->c[2], 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 6);
    expectCounter(&f->c[1], 1, 100);
    assert_int_equal(ctrInc(&f->c[1], 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 101);
    expectCounter(&f->c[2], 1, 6);
    assert_int_equal(ctrDestroy(&f->c[2], 1), WH_ERROR_OK);
    expectCounter(&f->c[1], 1, 101);
    assert_int_equal(ctrRead(&f->c[3], 1, &v), WH_ERROR_NOTFOUND);
}

static void test_globals_shared(void** state)
{
    Fixture*       f = *state;
    uint8_t        g1[30];
    uint8_t        g2[12];
    uint8_t        local[8];
    uint16_t       ids[4];
    uint32_t       v = 0;
    uint16_t       i;
    const uint16_t gobj = WH_ID_GLOBAL | 9;
    const uint16_t gctr = WH_ID_GLOBAL | (WH_TEST_SHARED_FIRST + 9); /* all may change it */

    whTest_Fill(g1, sizeof(g1), 0x61);
    whTest_Fill(g2, sizeof(g2), 0x62);
    whTest_Fill(local, sizeof(local), 0x63);
    /* A global object: all read it, only its owner (client 1) replaces or destroys it. */
    assert_int_equal(nvmAdd(&f->c[1], gobj, 0, "global", sizeof(g1), g1), WH_ERROR_OK);
    for (i = 1; i <= CLIENTS; i++) {
        expectObject(&f->c[i], gobj, g1, sizeof(g1));
        assert_int_equal(listAll(&f->c[i], ids, 4), 1);
        assert_int_equal(ids[0], gobj);
        expectNoObject(&f->c[i], 9); /* the local 9 is not the global 9 */
    }
    assert_int_equal(nvmAdd(&f->c[3], gobj, 0, NULL, sizeof(g2), g2), WH_ERROR_ACCESS);
    assert_int_equal(nvmAdd(&f->c[1], gobj, 0, NULL, sizeof(g2), g2), WH_ERROR_OK);
    expectObject(&f->c[3], gobj, g2, sizeof(g2));
    expectObject(&f->c[2], gobj, g2, sizeof(g2));
    assert_int_equal(nvmAdd(&f->c[2], 9, 0, NULL, sizeof(local), local), WH_ERROR_OK);
    assert_int_equal(nvmDestroy(&f->c[2], 1, &gobj), WH_ERROR_ACCESS);
    expectObject(&f->c[3], gobj, g2, sizeof(g2));
    assert_int_equal(nvmDestroy(&f->c[1], 1, &gobj), WH_ERROR_OK);
    for (i = 1; i <= CLIENTS; i++) {
        expectNoObject(&f->c[i], gobj);
    }
    expectObject(&f->c[2], 9, local, sizeof(local));

    /* A global counter: every client's increments land on the same value. */
    assert_int_equal(ctrInit(&f->c[2], gctr, 0), WH_ERROR_OK);
    for (i = 1; i <= CLIENTS; i++) {
        assert_int_equal(ctrInc(&f->c[i], gctr, &v), WH_ERROR_OK);
        assert_int_equal(v, i);
        assert_int_equal(ctrRead(&f->c[i], 9, &v), WH_ERROR_NOTFOUND);
    }
    for (i = 1; i <= CLIENTS; i++) {
        expectCounter(&f->c[i], gctr, CLIENTS);
    }
    assert_int_equal(ctrReset(&f->c[3], gctr, NULL), WH_ERROR_OK);
    expectCounter(&f->c[1], gctr, 0);
}

static void test_same_number_independent(void** state)
{
    Fixture*       f = *state;
    uint8_t        obj[CLIENTS + 1][16];
    uint8_t        key[CLIENTS + 1][16];
    const uint16_t n = 7;
    uint16_t       i;

    /* Number 7 for each client: an object, a committed key and a counter, all different. */
    for (i = 1; i <= CLIENTS; i++) {
        whTest_Fill(obj[i], sizeof(obj[i]), (uint8_t)(0x10 * i));
        whTest_Fill(key[i], sizeof(key[i]), (uint8_t)(0x10 * i + 1));
        assert_int_equal(nvmAdd(&f->c[i], n, 0, NULL, (uint16_t)(8 + i), obj[i]), WH_ERROR_OK);
        assert_int_equal(keyCache(&f->c[i], n, (uint16_t)(8 + i), key[i]), WH_ERROR_OK);
        assert_int_equal(keyCommit(&f->c[i], n), WH_ERROR_OK);
        assert_int_equal(ctrInit(&f->c[i], n, 1000u * i), WH_ERROR_OK);
    }
    for (i = 1; i <= CLIENTS; i++) {
        expectObject(&f->c[i], n, obj[i], (uint16_t)(8 + i));
        expectKey(&f->c[i], n, key[i], (uint16_t)(8 + i));
        expectCounter(&f->c[i], n, 1000u * i);
    }
    /* Client 2 removes all three of its own: clients 1 and 3 keep theirs. */
    assert_int_equal(nvmDestroy(&f->c[2], 1, &n), WH_ERROR_OK);
    assert_int_equal(keyErase(&f->c[2], n), WH_ERROR_OK);
    assert_int_equal(ctrDestroy(&f->c[2], n), WH_ERROR_OK);
    expectNoObject(&f->c[2], n);
    expectNoKey(&f->c[2], n);
    for (i = 1; i <= CLIENTS; i += 2) {
        expectObject(&f->c[i], n, obj[i], (uint16_t)(8 + i));
        assert_int_equal(keyEvict(&f->c[i], n), WH_ERROR_OK);
        expectKey(&f->c[i], n, key[i], (uint16_t)(8 + i)); /* from NVM */
        expectCounter(&f->c[i], n, 1000u * i);
    }
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nvm_objects_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_never_shows_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counters_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_globals_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_number_independent, setup, teardown),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
