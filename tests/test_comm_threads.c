/*
 * test_comm_threads.c: client and server on two threads, sleeping on futex doorbells.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_ID 2

static void test_blocking_calls_across_threads(void** state)
{
    static whTestPair p;
    static uint8_t    in[WOLFHSM_CFG_COMM_DATA_LEN];
    static uint8_t    out[WOLFHSM_CFG_COMM_DATA_LEN];
    whClientCommInfo  info;
    uint16_t          clientId = 0;
    int32_t           rc       = -1;
    unsigned          i;
    (void)state;

    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&p);

    assert_int_equal(wh_Client_CommConnect(&p.client, &clientId, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(clientId, CLIENT_ID);
    assert_int_equal(wh_Client_CommInfo(&p.client, &info, &rc), WH_ERROR_OK);
    assert_int_equal(info.maxPayload, WOLFHSM_CFG_COMM_DATA_LEN);

    /* Many echos of varying size and content: each comes back exactly. */
    for (i = 0; i < 2000; i++) {
        uint16_t size    = (uint16_t)((i * 97u) % (WOLFHSM_CFG_COMM_DATA_LEN + 1u));
        uint16_t outSize = sizeof(out);
        memset(in, (int)(i & 0xFF), size);
        if (size > 0) {
            in[size - 1] = (uint8_t)~i;
        }
        rc = -1;
        assert_int_equal(wh_Client_Echo(&p.client, size, in, &outSize, out, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(outSize, size);
        assert_memory_equal(out, in, size);
    }

    assert_int_equal(wh_Client_CommClose(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_PairStopServer(&p);
    /* Every request was well-formed. */
    assert_int_equal(p.server.comm.stats.malformed, 0);
    assert_int_equal(p.server.comm.stats.requests, 2003);
    whTest_PairCleanup(&p);
}

static void test_timeout_without_server(void** state)
{
    static whTestPair p;
    int32_t           rc      = 0;
    uint16_t          outSize = 0;
    (void)state;

    /* Nobody serves, no heartbeat: the blocking call ends with NORESPONSE, not a hang. */
    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 50);
    assert_int_equal(wh_Client_Echo(&p.client, 0, NULL, &outSize, NULL, &rc), WH_ERROR_NORESPONSE);
    /* The request is still outstanding; once served, its response can be polled. */
    assert_int_equal(wh_Server_HandleRequestMessage(&p.server), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoResponse(&p.client, &outSize, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_PairCleanup(&p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocking_calls_across_threads),
        cmocka_unit_test(test_timeout_without_server),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
