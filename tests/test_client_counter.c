/*
 * test_client_counter.c: the COUNTER group through the client API. Sequential (Request,
 * serve, Response in one thread); the blocking wrappers against a server thread; and two
 * clients incrementing one global counter at once, each through its own server thread, over
 * one NVM context (with THREADSAFE=1 this is what the NVM lock is for).
 */
#ifndef WH_TEST_TARGET
#include <pthread.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_counter.h"

#define CLIENT_ID 9
#define OTHER_CLIENT_ID 10
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */
#define VALUE_UNSET 0xDEADBEEFu

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInitConnected(&pair, NULL, CLIENT_ID);
    *state = &pair;
    return 0;
}

static int teardown(void** state)
{
    whTest_PairCleanup(*state);
    return 0;
}

static int setupShared(void** state)
{
    static whTestShared f;
    whTest_SharedInit(&f, CLIENT_ID, OTHER_CLIENT_ID);
    *state = &f;
    return 0;
}

static int teardownShared(void** state)
{
    whTest_SharedCleanup(*state);
    return 0;
}

/* ---- sequential helpers: each asserts the transport status and returns the HSM's rc;
 * *out_value gets the value the response carries (left alone on error) ---- */

static int32_t ctrCreate(whTestPair* p, uint16_t id, uint16_t kind, uint32_t value,
                         uint32_t* out_value)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterInitRequest(&p->client, id, kind, value), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterInitResponse(&p->client, out_value, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Most tests reset and destroy their counters: they make resettable ones. */
static int32_t ctrInit(whTestPair* p, uint16_t id, uint32_t value, uint32_t* out_value)
{
    return ctrCreate(p, id, WH_COUNTER_RESETTABLE, value, out_value);
}

static int32_t ctrInc(whTestPair* p, uint16_t id, uint32_t* out_value)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterIncrementRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterIncrementResponse(&p->client, out_value, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t ctrRead(whTestPair* p, uint16_t id, uint32_t* out_value)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterReadRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterReadResponse(&p->client, out_value, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t ctrReset(whTestPair* p, uint16_t id, uint32_t* out_value)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterResetRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterResetResponse(&p->client, out_value, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t ctrDestroy(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterDestroyRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterDestroyResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static void expectValue(whTestPair* p, uint16_t id, uint32_t expect)
{
    uint32_t v = VALUE_UNSET;
    assert_int_equal(ctrRead(p, id, &v), WH_ERROR_OK);
    assert_int_equal(v, expect);
}

static void expectNoCounter(whTestPair* p, uint16_t id)
{
    uint32_t v = VALUE_UNSET;
    assert_int_equal(ctrRead(p, id, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(v, VALUE_UNSET);
}

/* ---- tests ---- */

static void test_lifecycle(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = VALUE_UNSET;

    assert_int_equal(ctrInit(p, 1, 5, &v), WH_ERROR_OK);
    assert_int_equal(v, 5);
    expectValue(p, 1, 5);
    /* Increment returns the new value. */
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 6);
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 7);
    assert_int_equal(ctrInc(p, 1, NULL), WH_ERROR_OK); /* out_value may be NULL */
    expectValue(p, 1, 8);
    /* Reset: back to 0, and counting again from there. */
    v = VALUE_UNSET;
    assert_int_equal(ctrReset(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 0);
    expectValue(p, 1, 0);
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 1);
    /* Init on an existing counter changes nothing. */
    v = VALUE_UNSET;
    assert_int_equal(ctrInit(p, 1, 1000, &v), WH_ERROR_EXISTS);
    assert_int_equal(v, VALUE_UNSET);
    expectValue(p, 1, 1);
    /* Destroy: gone. */
    assert_int_equal(ctrDestroy(p, 1), WH_ERROR_OK);
    expectNoCounter(p, 1);
    assert_int_equal(ctrDestroy(p, 1), WH_ERROR_NOTFOUND);
    /* The number can be used again, from the new init value. */
    assert_int_equal(ctrInit(p, 1, 0, &v), WH_ERROR_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 1);
}

static void test_independent_counters(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = 0;
    int         i;

    assert_int_equal(ctrInit(p, 1, 10, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInit(p, 2, 20, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInit(p, 255, 30, NULL), WH_ERROR_OK);
    for (i = 0; i < 5; i++) {
        assert_int_equal(ctrInc(p, 2, &v), WH_ERROR_OK);
    }
    assert_int_equal(v, 25);
    expectValue(p, 1, 10);
    expectValue(p, 2, 25);
    expectValue(p, 255, 30);
    assert_int_equal(ctrReset(p, 255, NULL), WH_ERROR_OK);
    assert_int_equal(ctrDestroy(p, 1), WH_ERROR_OK);
    expectNoCounter(p, 1);
    expectValue(p, 2, 25);
    expectValue(p, 255, 0);
}

static void test_not_found(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = VALUE_UNSET;

    assert_int_equal(ctrInc(p, 9, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrReset(p, 9, &v), WH_ERROR_NOTFOUND);
    assert_int_equal(ctrDestroy(p, 9), WH_ERROR_NOTFOUND);
    assert_int_equal(v, VALUE_UNSET);
    /* None of them created it. */
    expectNoCounter(p, 9);
    expectNoCounter(p, WH_ID_GLOBAL | 9);
    assert_int_equal(ctrInit(p, 8, 1, NULL), WH_ERROR_OK);
    expectNoCounter(p, 9);
    expectNoCounter(p, WH_ID_GLOBAL | 8);
}

static void test_increment_saturates(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = 0;

    assert_int_equal(ctrInit(p, 4, UINT32_MAX - 1u, &v), WH_ERROR_OK);
    assert_int_equal(v, UINT32_MAX - 1u);
    assert_int_equal(ctrInc(p, 4, &v), WH_ERROR_OK);
    assert_int_equal(v, UINT32_MAX);
    v = 0;
    assert_int_equal(ctrInc(p, 4, &v), WH_ERROR_OK);
    assert_int_equal(v, UINT32_MAX);
    assert_int_equal(ctrInc(p, 4, &v), WH_ERROR_OK);
    assert_int_equal(v, UINT32_MAX);
    expectValue(p, 4, UINT32_MAX); /* never wrapped to 0 */
    assert_int_equal(ctrReset(p, 4, &v), WH_ERROR_OK);
    assert_int_equal(v, 0);
}

/* Fill every free NVM object slot with small client objects. Returns how many. */
static uint16_t fillStore(whTestPair* p)
{
    uint8_t  data[4] = {1, 2, 3, 4};
    uint16_t n       = 0;
    int32_t  rc      = WH_ERROR_OK;

    while (rc == WH_ERROR_OK) {
        assert_true(n < 255);
        assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, (uint16_t)(n + 1), 0, 0, 0, NULL,
                                                       sizeof(data), data),
                         WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
        if (rc == WH_ERROR_OK) {
            n++;
        }
    }
    assert_int_equal(rc, WH_ERROR_NOSPACE);
    return n;
}

static void test_full_store(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = 0;
    uint16_t    n;
    int         i;
    int32_t     rc  = RC_UNSET;
    uint16_t    one = 1;

    assert_int_equal(ctrInit(p, 1, 0, NULL), WH_ERROR_OK);
    n = fillStore(p);
    assert_int_equal(n, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
    /* An existing counter keeps working: its new value replaces the old one. Enough
     * increments to need compactions of the full store too. */
    for (i = 1; i <= 600; i++) {
        assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
        assert_int_equal(v, (uint32_t)i);
    }
    assert_int_equal(ctrReset(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(ctrInit(p, 1, 77, &v), WH_ERROR_EXISTS);
    expectValue(p, 1, 0);
    /* A new counter needs a slot. */
    v = VALUE_UNSET;
    assert_int_equal(ctrInit(p, 2, 5, &v), WH_ERROR_NOSPACE);
    assert_int_equal(v, VALUE_UNSET);
    expectNoCounter(p, 2);
    /* Free one object slot: now it fits. */
    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, &one), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(ctrInit(p, 2, 5, &v), WH_ERROR_OK);
    expectValue(p, 2, 5);
    expectValue(p, 1, 0);
}

/* A monotonic counter never goes back: a second Init on it used to rewind it (1001 went back
 * to 3); Reset and Destroy (then a new Init) would too. */
static void test_monotonic_never_goes_back(void** state)
{
    whTestPair* p = *state;
    uint32_t    v = VALUE_UNSET;

    assert_int_equal(ctrCreate(p, 1, WH_COUNTER_MONOTONIC, 1000, &v), WH_ERROR_OK);
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 1001);
    v = VALUE_UNSET;
    assert_int_equal(ctrCreate(p, 1, WH_COUNTER_MONOTONIC, 3, &v), WH_ERROR_EXISTS);
    assert_int_equal(ctrCreate(p, 1, WH_COUNTER_RESETTABLE, 3, &v), WH_ERROR_EXISTS);
    assert_int_equal(ctrReset(p, 1, &v), WH_ERROR_ACCESS);
    assert_int_equal(ctrDestroy(p, 1), WH_ERROR_ACCESS);
    assert_int_equal(v, VALUE_UNSET);
    expectValue(p, 1, 1001);
    assert_int_equal(ctrInc(p, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 1002);
    /* A kind is monotonic or resettable: anything else is refused before it is sent. */
    assert_int_equal(wh_Client_CounterInitRequest(&p->client, 2, 2, 0), WH_ERROR_BADARGS);
    whTest_AssertNothingSent(p);
    expectNoCounter(p, 2);
}

/* Only the owner of a global counter changes it: any client could reset one to 0. Another
 * client reads it; its Increment, Reset, Destroy and Init change nothing. */
static void test_global_counter_owner(void** state)
{
    whTestShared*  f   = *state;
    const uint16_t gid = WH_ID_GLOBAL | 7; /* below WH_TEST_SHARED_FIRST: the default rule */
    uint32_t       v   = VALUE_UNSET;

    assert_int_equal(ctrInit(&f->a, gid, 40, NULL), WH_ERROR_OK); /* resettable */
    expectValue(&f->b, gid, 40);
    assert_int_equal(ctrReset(&f->b, gid, &v), WH_ERROR_ACCESS);
    assert_int_equal(ctrInc(&f->b, gid, &v), WH_ERROR_ACCESS);
    assert_int_equal(ctrDestroy(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(ctrInit(&f->b, gid, 0, &v), WH_ERROR_EXISTS);
    assert_int_equal(v, VALUE_UNSET);
    expectValue(&f->b, gid, 40);
    /* Its owner does all of it. */
    assert_int_equal(ctrInc(&f->a, gid, &v), WH_ERROR_OK);
    assert_int_equal(v, 41);
    assert_int_equal(ctrReset(&f->a, gid, &v), WH_ERROR_OK);
    expectValue(&f->b, gid, 0);
    assert_int_equal(ctrDestroy(&f->a, gid), WH_ERROR_OK);
    expectNoCounter(&f->b, gid);
    /* Whoever creates it next owns it. */
    assert_int_equal(ctrInit(&f->b, gid, 5, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->a, gid, &v), WH_ERROR_ACCESS);
    assert_int_equal(ctrInc(&f->b, gid, &v), WH_ERROR_OK);
    assert_int_equal(v, 6);
}

static void test_bad_ids(void** state)
{
    whTestPair*    p     = *state;
    const uint16_t bad[] = {0, WH_ID_GLOBAL, 0x0201, 0x8001, 0x3001, 0xFFFF};
    uint32_t       v     = VALUE_UNSET;
    size_t         i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(ctrInit(p, bad[i], 1, &v), WH_ERROR_BADARGS);
        assert_int_equal(ctrInc(p, bad[i], &v), WH_ERROR_BADARGS);
        assert_int_equal(ctrRead(p, bad[i], &v), WH_ERROR_BADARGS);
        assert_int_equal(ctrReset(p, bad[i], &v), WH_ERROR_BADARGS);
        assert_int_equal(ctrDestroy(p, bad[i]), WH_ERROR_BADARGS);
    }
    assert_int_equal(v, VALUE_UNSET);
    expectNoCounter(p, 1); /* stray bits did not alias number 1 */
}

static void test_persistence(void** state)
{
    whTestShared* f = *state;
    uint32_t      v = 0;

    assert_int_equal(ctrInit(&f->a, 1, 100, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->a, 1, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->a, 1, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->a, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 103);
    assert_int_equal(ctrInit(&f->a, 2, 7, NULL), WH_ERROR_OK);
    assert_int_equal(ctrDestroy(&f->a, 2), WH_ERROR_OK);
    assert_int_equal(ctrInit(&f->a, 3, 50, NULL), WH_ERROR_OK);
    assert_int_equal(ctrReset(&f->a, 3, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInit(&f->b, WH_ID_GLOBAL | 1, UINT32_MAX, NULL), WH_ERROR_OK);

    /* Reboot. */
    whTest_SharedReboot(f);

    expectValue(&f->a, 1, 103);
    expectNoCounter(&f->a, 2);
    expectValue(&f->a, 3, 0);
    expectValue(&f->a, WH_ID_GLOBAL | 1, UINT32_MAX);
    expectNoCounter(&f->b, 1);
    assert_int_equal(ctrInc(&f->a, 1, &v), WH_ERROR_OK);
    assert_int_equal(v, 104);
    assert_int_equal(ctrInc(&f->b, WH_ID_GLOBAL | 1, &v), WH_ERROR_OK);
    assert_int_equal(v, UINT32_MAX);
}

static void test_global_counters_shared(void** state)
{
    whTestShared*  f   = *state;
    const uint16_t gid = WH_ID_GLOBAL | (WH_TEST_SHARED_FIRST + 4); /* both may change it */
    uint32_t       v   = 0;

    assert_int_equal(ctrInit(&f->a, gid, 10, NULL), WH_ERROR_OK);
    assert_int_equal(ctrInc(&f->b, gid, &v), WH_ERROR_OK);
    assert_int_equal(v, 11);
    assert_int_equal(ctrInc(&f->a, gid, &v), WH_ERROR_OK);
    assert_int_equal(v, 12);
    expectValue(&f->b, gid, 12);
    /* The same local number of either client is another counter. */
    expectNoCounter(&f->a, WH_ID_NUMBER(gid));
    expectNoCounter(&f->b, WH_ID_NUMBER(gid));
    assert_int_equal(ctrInit(&f->b, WH_ID_NUMBER(gid), 500, NULL), WH_ERROR_OK);
    expectValue(&f->a, gid, 12);
    expectNoCounter(&f->a, WH_ID_NUMBER(gid));
    /* Reset and destroy by one client are seen by the other. */
    assert_int_equal(ctrReset(&f->b, gid, NULL), WH_ERROR_OK);
    expectValue(&f->a, gid, 0);
    assert_int_equal(ctrDestroy(&f->a, gid), WH_ERROR_OK);
    expectNoCounter(&f->b, gid);
    expectValue(&f->b, WH_ID_NUMBER(gid), 500);
}

/* Both clients' increments of one global counter in flight at once, round after round (on
 * the target the HSM core serves the two contexts while both requests wait): every value
 * 1..2*ROUNDS comes back exactly once, and the counter ends at 2*ROUNDS. */
static void test_global_counter_both_in_flight(void** state)
{
    enum { ROUNDS = 100 };
    whTestShared*  f   = *state;
    const uint16_t gid = WH_ID_GLOBAL | (WH_TEST_SHARED_FIRST + 6); /* both may increment */
    uint8_t        seen[2 * ROUNDS + 1];
    unsigned       r;

    memset(seen, 0, sizeof(seen));
    assert_int_equal(ctrInit(&f->a, gid, 0, NULL), WH_ERROR_OK);
    for (r = 0; r < ROUNDS; r++) {
        whTestPair* pairs[2] = {&f->a, &f->b};
        unsigned    i;
        assert_int_equal(wh_Client_CounterIncrementRequest(&f->a.client, gid), WH_ERROR_OK);
        assert_int_equal(wh_Client_CounterIncrementRequest(&f->b.client, gid), WH_ERROR_OK);
        for (i = 0; i < 2; i++) {
            uint32_t v  = VALUE_UNSET;
            int32_t  rc = RC_UNSET;
            whTest_Serve(pairs[i]);
            assert_int_equal(wh_Client_CounterIncrementResponse(&pairs[i]->client, &v, &rc),
                             WH_ERROR_OK);
            assert_int_equal(rc, WH_ERROR_OK);
            assert_in_range(v, 1, 2 * ROUNDS);
            assert_int_equal(seen[v], 0);
            seen[v] = 1;
        }
    }
    expectValue(&f->b, gid, 2 * ROUNDS);
    assert_int_equal(whTest_ServerMalformed(&f->a), 0);
    assert_int_equal(whTest_ServerMalformed(&f->b), 0);
}

static void test_blocking_calls(void** state)
{
    static whTestPair p;
    uint32_t          v        = VALUE_UNSET;
    uint16_t          clientId = 0;
    int32_t           rc       = RC_UNSET;
    (void)state;

    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&p);
    assert_int_equal(wh_Client_CommConnect(&p.client, &clientId, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterInit(&p.client, 6, WH_COUNTER_RESETTABLE, 41, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterIncrement(&p.client, 6, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(v, 42);
    v  = VALUE_UNSET;
    rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterRead(&p.client, 6, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(v, 42);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterReset(&p.client, 6, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_CounterRead(&p.client, 6, &v, &rc), WH_ERROR_OK);
    assert_int_equal(v, 0);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_CounterDestroy(&p.client, 6, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    v = VALUE_UNSET;
    assert_int_equal(wh_Client_CounterRead(&p.client, 6, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    assert_int_equal(v, VALUE_UNSET);
    assert_int_equal(wh_Client_CounterIncrement(&p.client, 6, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    assert_int_equal(wh_Client_CounterReset(&p.client, 6, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    assert_int_equal(wh_Client_CounterDestroy(&p.client, 6, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);

    whTest_PairStopServer(&p);
    assert_int_equal(whTest_ServerMalformed(&p), 0);
    whTest_PairCleanup(&p);
}

/* The blocking wrappers on a mailbox without doorbells (the pair of
 * whTest_PairInitConnected), served by a server thread: "send, wait, receive" must still
 * return the HSM's answer, polling when there is nothing to sleep on. */
static int setupServedNoDoorbells(void** state)
{
    static whTestPair pair;
    whTest_PairInitConnected(&pair, NULL, CLIENT_ID);
    whTest_PairStartServer(&pair);
    *state = &pair;
    return 0;
}

static int teardownServed(void** state)
{
    whTest_PairStopServer(*state);
    whTest_PairCleanup(*state);
    return 0;
}

static void test_blocking_without_doorbells(void** state)
{
    whTestPair* p  = *state;
    uint32_t    v  = VALUE_UNSET;
    int32_t     rc = RC_UNSET;

    assert_int_equal(wh_Client_CounterInit(&p->client, 2, WH_COUNTER_RESETTABLE, 9, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_CounterIncrement(&p->client, 2, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(v, 10);
}

/* ---- concurrent increments ---- */

#define INCREMENTS 200
#define SHARED_COUNTER (WH_ID_GLOBAL | WH_TEST_SHARED_FIRST) /* both may increment it */
#define OWN_COUNTER 1

#ifndef WH_TEST_TARGET /* host threads, NVM contexts of its own */
/* A client thread's record. CMocka asserts only in the main thread: workers record. */
typedef struct {
    whTestPair* pair;
    uint32_t    values[INCREMENTS]; /* what each increment of the shared counter returned */
    uint32_t    lastOwn;
    int         failures; /* transport or rc errors, or a non-increasing value */
    int32_t     firstBadRc;
} Worker;

/* Increment i of a worker: the shared counter, then its own. Returns 0, or 1 on failure. */
static int incrementOnce(Worker* w, uint32_t i)
{
    uint32_t v  = 0;
    int32_t  rc = RC_UNSET;
    int      ret;

    ret = wh_Client_CounterIncrement(&w->pair->client, SHARED_COUNTER, &v, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        w->failures++;
        w->firstBadRc = (ret != WH_ERROR_OK) ? ret : rc;
        return 1;
    }
    w->values[i] = v;
    /* Each client's own counter moves only by its own increments. */
    ret = wh_Client_CounterIncrement(&w->pair->client, OWN_COUNTER, &v, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (v != i + 1u)) {
        w->failures++;
        w->firstBadRc = (ret != WH_ERROR_OK) ? ret : rc;
        return 1;
    }
    w->lastOwn = v;
    return 0;
}

#ifdef WOLFHSM_CFG_THREADSAFE
static void* incrementer(void* arg)
{
    Worker*  w = arg;
    uint32_t i;

    for (i = 0; (i < INCREMENTS) && (incrementOnce(w, i) == 0); i++) {
    }
    return NULL;
}
#endif

static int cmpU32(const void* a, const void* b)
{
    uint32_t x = *(const uint32_t*)a;
    uint32_t y = *(const uint32_t*)b;
    return (x > y) - (x < y);
}

static void test_concurrent_increments(void** state)
{
    static whTestNvm  nvm;
    static whTestPair pairs[2];
    static Worker     workers[2];
    static uint32_t   all[2 * INCREMENTS];
    pthread_t         threads[2];
    uint32_t          v  = 0;
    int32_t           rc = RC_UNSET;
    int               i, j;
    (void)state;

    whTest_NvmInit(&nvm, 1);
    for (i = 0; i < 2; i++) {
        whTest_PairInit(&pairs[i], &nvm.nvm, (uint16_t)(CLIENT_ID + i), 1, 10000);
        whTest_PairStartServer(&pairs[i]);
        assert_int_equal(wh_Client_CommConnect(&pairs[i].client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(wh_Client_CounterInit(&pairs[i].client, OWN_COUNTER, WH_COUNTER_MONOTONIC,
                                               0, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(wh_Client_CounterInit(&pairs[0].client, SHARED_COUNTER, WH_COUNTER_MONOTONIC,
                                           0, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    memset(workers, 0, sizeof(workers));
    for (i = 0; i < 2; i++) {
        workers[i].pair = &pairs[i];
    }
#ifdef WOLFHSM_CFG_THREADSAFE
    /* Both clients at once: the two server threads contend for the NVM lock. */
    for (i = 0; i < 2; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, incrementer, &workers[i]), 0);
    }
    for (i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    }
#else
    /* Without WOLFHSM_CFG_THREADSAFE server contexts sharing an NVM context must not run at
     * once: one client thread alternates between the two server threads. */
    for (j = 0; j < INCREMENTS; j++) {
        if ((incrementOnce(&workers[0], (uint32_t)j) != 0) ||
            (incrementOnce(&workers[1], (uint32_t)j) != 0)) {
            break;
        }
    }
    (void)threads;
#endif
    for (i = 0; i < 2; i++) {
        assert_int_equal(workers[i].failures, 0);
        assert_int_equal(workers[i].firstBadRc, 0);
        assert_int_equal(workers[i].lastOwn, INCREMENTS);
    }

    /* No increment lost: the total is exact, and the values handed out are exactly
     * 1..2*INCREMENTS, each once; each client saw its values increase. */
    for (i = 0; i < 2; i++) {
        rc = RC_UNSET;
        assert_int_equal(wh_Client_CounterRead(&pairs[i].client, SHARED_COUNTER, &v, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(v, 2 * INCREMENTS);
        assert_int_equal(wh_Client_CounterRead(&pairs[i].client, OWN_COUNTER, &v, &rc),
                         WH_ERROR_OK);
        assert_int_equal(v, INCREMENTS);
        for (j = 1; j < INCREMENTS; j++) {
            assert_true(workers[i].values[j] > workers[i].values[j - 1]);
        }
        memcpy(&all[i * INCREMENTS], workers[i].values, sizeof(workers[i].values));
    }
    qsort(all, 2 * INCREMENTS, sizeof(all[0]), cmpU32);
    for (j = 0; j < 2 * INCREMENTS; j++) {
        assert_int_equal(all[j], (uint32_t)j + 1u);
    }

    for (i = 0; i < 2; i++) {
        whTest_PairStopServer(&pairs[i]);
        assert_int_equal(pairs[i].server.comm.stats.malformed, 0);
        whTest_PairCleanup(&pairs[i]);
    }

    /* And it all reached flash. */
    whTest_NvmCleanup(&nvm);
    whTest_NvmInit(&nvm, 0);
    whTest_PairInitConnected(&pairs[0], &nvm.nvm, CLIENT_ID + 1);
    expectValue(&pairs[0], SHARED_COUNTER, 2 * INCREMENTS);
    expectValue(&pairs[0], OWN_COUNTER, INCREMENTS);
    whTest_PairCleanup(&pairs[0]);
    whTest_NvmCleanup(&nvm);
}
#endif

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_independent_counters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_increment_saturates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monotonic_never_goes_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_counter_owner, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_persistence, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_global_counters_shared, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_global_counter_both_in_flight, setupShared,
                                        teardownShared),
        cmocka_unit_test(test_blocking_calls),
#ifndef WH_TEST_TARGET
        cmocka_unit_test(test_concurrent_increments),
#endif
        cmocka_unit_test_setup_teardown(test_blocking_without_doorbells, setupServedNoDoorbells,
                                        teardownServed),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
