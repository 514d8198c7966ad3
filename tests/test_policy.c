/*
 * test_policy.c: the HSM's per-client policy (wh_server.h, whServerPolicy) and the owners of
 * global keys, objects and counters. Host only: each client's server context gets a policy of
 * the test's choosing, which the on-target HSM image fixes at build time. Sequential:
 * Request, serve, Response in one thread.
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
#include "wolfhsm/wh_message_counter.h"

#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */
#define OWNER 1    /* the client that creates the global items */
#define OTHER 2    /* the client whose policy the test sets */

typedef struct {
    whTestNvm  nvm;
    whTestPair owner; /* default policy */
    whTestPair other; /* the test's policy */
} Fixture;

static Fixture f;

/* A connected pair for clientId over f.nvm with policy (NULL: the default). */
static void pairInit(whTestPair* p, uint16_t clientId, const whServerPolicy* policy)
{
    int32_t rc = RC_UNSET;

    whTest_PairConfigure(p, NULL, &f.nvm.nvm, clientId, 0, 0);
    p->serverConfig.policy = policy;
    assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

static void start(const whServerPolicy* otherPolicy, int erase)
{
    whTest_NvmInit(&f.nvm, erase);
    pairInit(&f.owner, OWNER, NULL);
    pairInit(&f.other, OTHER, otherPolicy);
}

static void stop(void)
{
    whTest_PairCleanup(&f.owner);
    whTest_PairCleanup(&f.other);
    whTest_NvmCleanup(&f.nvm);
}

static int teardown(void** state)
{
    (void)state;
    stop();
    return 0;
}

/* ---- sequential helpers: each asserts the transport status and returns the HSM's rc ---- */

static int32_t nvmAdd(whTestPair* p, uint16_t id, uint8_t fill)
{
    uint8_t data[8];
    int32_t rc = RC_UNSET;

    memset(data, fill, sizeof(data));
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, id, 0, 0, 0, NULL, sizeof(data),
                                                   data),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* Read object id's first byte into *out_fill. */
static int32_t nvmRead(whTestPair* p, uint16_t id, uint8_t* out_fill)
{
    uint16_t len = 1;
    int32_t  rc  = RC_UNSET;

    assert_int_equal(wh_Client_NvmReadRequest(&p->client, id, 0, 1), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmReadResponse(&p->client, &len, out_fill, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t nvmDestroy(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, &id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* How many objects the client may list. */
static uint16_t nvmCount(whTestPair* p)
{
    uint16_t count = 0;
    int32_t  rc    = RC_UNSET;

    assert_int_equal(wh_Client_NvmListRequest(&p->client, 0, 0, 0), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmListResponse(&p->client, &count, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    return count;
}

static int32_t keyCache(whTestPair* p, uint16_t id, uint16_t* out_id)
{
    uint8_t key[16];
    int32_t rc = RC_UNSET;

    memset(key, 0x5A, sizeof(key));
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, id, 0, 0, NULL, sizeof(key), key),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, out_id, &rc), WH_ERROR_OK);
    return rc;
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
static int32_t keyCommit(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_KeyCommitRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCommitResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t keyErase(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_KeyEraseRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyEraseResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}
#endif

static int32_t ctrInit(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_CounterInitRequest(&p->client, id, WH_COUNTER_RESETTABLE, 7),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterInitResponse(&p->client, NULL, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t ctrInc(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_CounterIncrementRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterIncrementResponse(&p->client, NULL, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t ctrDestroy(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_CounterDestroyRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterDestroyResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* ---- tests ---- */

/* A client calls only the groups its policy names; COMM always. Refused requests are
 * answered WH_ERROR_ACCESS, not counted as malformed, and change nothing. */
static void test_groups(void** state)
{
    static const whServerPolicy p = {
        .groups         = WH_POLICY_GROUP(WH_MESSAGE_GROUP_NVM),
        .globalKeyQuota = 1,
    };
    uint8_t  buf[4] = {1, 2, 3, 4};
    uint16_t len    = sizeof(buf);
    uint16_t id     = 0;
    int32_t  rc     = RC_UNSET;
    (void)state;

    start(&p, 1);
    assert_int_equal(keyCache(&f.other, 1, &id), WH_ERROR_ACCESS);
    assert_int_equal(wh_Client_RngGenerateRequest(&f.other.client, sizeof(buf)), WH_ERROR_OK);
    whTest_Serve(&f.other);
    assert_int_equal(wh_Client_RngGenerateResponse(&f.other.client, buf, &len, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    assert_int_equal(ctrInit(&f.other, 1), WH_ERROR_ACCESS);
    /* What it may call works; so does COMM. */
    assert_int_equal(nvmAdd(&f.other, 1, 0x11), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoRequest(&f.other.client, sizeof(buf), buf), WH_ERROR_OK);
    whTest_Serve(&f.other);
    len = sizeof(buf);
    assert_int_equal(wh_Client_EchoResponse(&f.other.client, &len, buf, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(whTest_ServerMalformed(&f.other), 0);
    /* Nothing of the refused requests exists, for a client with every group. */
    assert_int_equal(ctrInc(&f.owner, 1), WH_ERROR_NOTFOUND);
}

/* The rules of a policy say which global numbers a client may use, create, change or erase,
 * for each kind; its own (local) items are always its own. */
static void test_rules(void** state)
{
    static const whServerGlobalRule rules[] = {
        {.kinds = WH_POLICY_ALL, .first = 1, .last = 0x0F, .rights = WH_RIGHT_USE},
        {.kinds = WH_POLICY_OBJECTS, .first = 0x10, .last = 0x1F, .rights = WH_RIGHT_ALL},
    };
    static const whServerPolicy p      = {.groups         = WH_POLICY_GROUPS_ALL,
                                          .rules          = rules,
                                          .ruleCount      = 2,
                                          .globalKeyQuota = 1};
    const uint16_t              usable = WH_ID_GLOBAL | 5;
    const uint16_t              hidden = WH_ID_GLOBAL | 0x30;
    const uint16_t              shared = WH_ID_GLOBAL | 0x14;
    uint8_t                     fill   = 0;
    uint16_t                    id     = 0;
    (void)state;

    start(&p, 1);
    assert_int_equal(nvmAdd(&f.owner, usable, 0x21), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f.owner, hidden, 0x22), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f.owner, shared, 0x23), WH_ERROR_OK);
    /* USE: read, not replace or destroy. */
    assert_int_equal(nvmRead(&f.other, usable, &fill), WH_ERROR_OK);
    assert_int_equal(fill, 0x21);
    assert_int_equal(nvmAdd(&f.other, usable, 0x31), WH_ERROR_ACCESS);
    assert_int_equal(nvmDestroy(&f.other, usable), WH_ERROR_ACCESS);
    /* No right: not readable, not listed. */
    fill = 0;
    assert_int_equal(nvmRead(&f.other, hidden, &fill), WH_ERROR_ACCESS);
    assert_int_equal(fill, 0);
    assert_int_equal(nvmCount(&f.other), 2);
    assert_int_equal(nvmCount(&f.owner), 3);
    /* ALL on 0x10..0x1F objects: another client's object there is its to change. */
    assert_int_equal(nvmAdd(&f.other, shared, 0x33), WH_ERROR_OK);
    assert_int_equal(nvmRead(&f.owner, shared, &fill), WH_ERROR_OK);
    assert_int_equal(fill, 0x33);
    assert_int_equal(nvmAdd(&f.other, WH_ID_GLOBAL | 0x15, 0x34), WH_ERROR_OK);
    assert_int_equal(nvmDestroy(&f.other, shared), WH_ERROR_OK);
    /* No CREATE: not a new global object of number 6, nor a key or counter anywhere. */
    assert_int_equal(nvmAdd(&f.other, WH_ID_GLOBAL | 6, 0x35), WH_ERROR_ACCESS);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL | 0x12, &id), WH_ERROR_ACCESS);
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL, &id), WH_ERROR_NOSPACE); /* none to pick */
#endif
    assert_int_equal(ctrInit(&f.other, WH_ID_GLOBAL | 0x12), WH_ERROR_ACCESS);
    /* Its own items are its own. */
    assert_int_equal(nvmAdd(&f.other, 6, 0x36), WH_ERROR_OK);
    assert_int_equal(keyCache(&f.other, 6, &id), WH_ERROR_OK);
    assert_int_equal(ctrInit(&f.other, 6), WH_ERROR_OK);
    /* The owner's rights do not depend on the other's policy. */
    assert_int_equal(nvmDestroy(&f.owner, hidden), WH_ERROR_OK);
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
/* The global key quota of a policy: uncommitted global keys a client may hold. */
static void test_key_quota(void** state)
{
    static const whServerGlobalRule rules[] = {
        {.kinds = WH_POLICY_KEYS, .first = 1, .last = 0xFF, .rights = WH_RIGHT_ALL},
    };
    static const whServerPolicy p  = {.groups         = WH_POLICY_GROUPS_ALL,
                                      .rules          = rules,
                                      .ruleCount      = 1,
                                      .globalKeyQuota = 1};
    uint16_t                    id = 0;
    (void)state;

    start(&p, 1);
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL | 1, &id), WH_ERROR_OK);
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL | 2, &id), WH_ERROR_NOSPACE);
    /* Replacing the one it holds takes no new slot; committing frees its quota. */
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL | 1, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f.other, WH_ID_GLOBAL | 1), WH_ERROR_OK);
    assert_int_equal(keyCache(&f.other, WH_ID_GLOBAL | 2, &id), WH_ERROR_OK);
    /* The default quota of the owner is its own. */
    assert_int_equal(keyCache(&f.owner, WH_ID_GLOBAL | 3, &id), WH_ERROR_OK);
}
#endif

/* A policy that cannot work is refused at Init. */
static void test_bad_policy(void** state)
{
    const whServerPolicy  noQuota  = {.groups = WH_POLICY_GROUPS_ALL, .globalKeyQuota = 0};
    const whServerPolicy  allSlots = {.groups         = WH_POLICY_GROUPS_ALL,
                                      .globalKeyQuota = WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT};
    const whServerPolicy  noRules  = {.groups         = WH_POLICY_GROUPS_ALL,
                                      .rules          = NULL,
                                      .ruleCount      = 1,
                                      .globalKeyQuota = 1};
    const whServerPolicy* bad[]    = {&noQuota, &allSlots, &noRules};
    whTestPair            p;
    size_t                i;
    (void)state;

    whTest_NvmInit(&f.nvm, 1);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        whTest_PairConfigure(&p, NULL, &f.nvm.nvm, OTHER, 0, 0);
        p.serverConfig.policy = bad[i];
        assert_int_equal(wh_Server_Init(&p.server, &p.serverConfig), WH_ERROR_BADARGS);
    }
    whTest_NvmCleanup(&f.nvm);
    start(NULL, 1); /* for the teardown */
}

/* Owners are recorded in NVM: after a reboot, only the creator still changes its global
 * object, key and counter. */
static void test_owners_survive_reboot(void** state)
{
    const uint16_t gid = WH_ID_GLOBAL | 0x42;
    uint16_t       id  = 0;
    (void)state;

    start(NULL, 1);
    assert_int_equal(nvmAdd(&f.owner, gid, 0x41), WH_ERROR_OK);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    assert_int_equal(keyCache(&f.owner, gid, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f.owner, gid), WH_ERROR_OK);
#endif
    assert_int_equal(ctrInit(&f.owner, gid), WH_ERROR_OK);
    stop();
    start(NULL, 0);
    assert_int_equal(nvmDestroy(&f.other, gid), WH_ERROR_ACCESS);
    assert_int_equal(ctrInc(&f.other, gid), WH_ERROR_ACCESS);
    assert_int_equal(ctrDestroy(&f.other, gid), WH_ERROR_ACCESS);
    assert_int_equal(nvmDestroy(&f.owner, gid), WH_ERROR_OK);
    assert_int_equal(ctrDestroy(&f.owner, gid), WH_ERROR_OK);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    assert_int_equal(keyErase(&f.other, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyErase(&f.owner, gid), WH_ERROR_OK);
#endif
    (void)id;
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_groups, teardown),
        cmocka_unit_test_teardown(test_rules, teardown),
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        cmocka_unit_test_teardown(test_key_quota, teardown),
#endif
        cmocka_unit_test_teardown(test_bad_policy, teardown),
        cmocka_unit_test_teardown(test_owners_survive_reboot, teardown),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
