/*
 * test_comm_seq.c: client and server in one thread: Request, then
 * wh_Server_HandleRequestMessage, then Response.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_transport_mem.h"

#define CLIENT_ID 7

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInit(&pair, NULL, CLIENT_ID, 0, 0);
    *state = &pair;
    return 0;
}

static int teardown(void** state)
{
    whTest_PairCleanup(*state);
    return 0;
}

static void handleOne(whTestPair* p)
{
    whTest_Serve(p);
}

static void connectClient(whTestPair* p)
{
    uint16_t clientId = 0;
    uint16_t serverId = 0;
    int32_t  rc       = -1;

    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, &clientId, &serverId, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(clientId, CLIENT_ID);
    assert_int_equal(serverId, WOLFHSM_CFG_SERVER_ID);
    assert_true(p->client.connected);
    assert_true(whTest_ServerConnected(p));
}

static void test_connect_info_echo_close(void** state)
{
    whTestPair*      p = *state;
    whClientCommInfo info;
    uint8_t          out[16];
    uint16_t         outSize = sizeof(out);
    int32_t          rc      = -1;

    connectClient(p);

    assert_int_equal(wh_Client_CommInfoRequest(&p->client), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_CommInfoResponse(&p->client, &info, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(info.version, WH_VERSION);
    assert_int_equal(info.protocolVersion, WH_COMM_VERSION);
    assert_int_equal(info.maxPayload, WOLFHSM_CFG_COMM_DATA_LEN);
    assert_int_equal(info.clientId, CLIENT_ID);
#ifdef WOLFHSM_CFG_THREADSAFE
    assert_true(info.features & WH_INFO_FEATURE_THREADSAFE);
#else
    assert_false(info.features & WH_INFO_FEATURE_THREADSAFE);
#endif

    assert_int_equal(wh_Client_EchoRequest(&p->client, 8, "abcdefgh"), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outSize, 8);
    assert_memory_equal(out, "abcdefgh", 8);

    assert_int_equal(wh_Client_CommCloseRequest(&p->client), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_CommCloseResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_false(p->client.connected);
    assert_false(whTest_ServerConnected(p));
}

static void test_not_ready_and_busy(void** state)
{
    whTestPair* p = *state;
    uint8_t     out[4];
    uint16_t    outSize = sizeof(out);
    int32_t     rc      = -1;

    /* Nothing sent: the server has nothing to do. */
    whTest_AssertNothingSent(p);

    assert_int_equal(wh_Client_EchoRequest(&p->client, 4, "ping"), WH_ERROR_OK);
    /* A second request must wait for the response to the first. */
    assert_int_equal(wh_Client_EchoRequest(&p->client, 4, "pong"), WH_ERROR_BUSY);
#ifndef WH_TEST_TARGET /* the HSM core may have answered already */
    /* Not handled yet: the response is not ready. */
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_NOTREADY);
#endif
    handleOne(p);
#ifndef WH_TEST_TARGET /* the BUSY request never reached the server */
    whTest_AssertNothingSent(p);
#endif
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(out, "ping", 4);
    /* Nothing outstanding any more. */
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_BADARGS);
}

static void test_echo_sizes(void** state)
{
    whTestPair*    p = *state;
    static uint8_t in[WOLFHSM_CFG_COMM_DATA_LEN + 1];
    static uint8_t out[WOLFHSM_CFG_COMM_DATA_LEN];
    /* 8: a packet of a header and 8 bytes, which the mailbox copies with a fixed size; after
     * longer ones, so that their bytes are still in the mailbox past it. */
    const uint16_t sizes[] = {0, 1, 7, 8, 9, 64, 1024, WOLFHSM_CFG_COMM_DATA_LEN, 1, 8, 0};
    size_t         i;
    int32_t        rc;

    for (i = 0; i < sizeof(in); i++) {
        in[i] = (uint8_t)(i * 31u + 5u);
    }
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint16_t outSize = sizeof(out);
        memset(out, 0, sizeof(out));
        rc = -1;
        assert_int_equal(wh_Client_EchoRequest(&p->client, sizes[i], in), WH_ERROR_OK);
        handleOne(p);
        assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(outSize, sizes[i]);
        assert_memory_equal(out, in, sizes[i]);
        if (sizes[i] < sizeof(out)) {
            assert_int_equal(out[sizes[i]], 0); /* nothing past the answer */
        }
    }
    /* One byte too many is refused before anything is sent. */
    assert_int_equal(wh_Client_EchoRequest(&p->client, WOLFHSM_CFG_COMM_DATA_LEN + 1, in),
                     WH_ERROR_BADARGS);
}

static void test_echo_small_buffer(void** state)
{
    whTestPair* p = *state;
    uint8_t     out[4];
    uint16_t    outSize = sizeof(out);
    int32_t     rc      = -1;

    assert_int_equal(wh_Client_EchoRequest(&p->client, 8, "12345678"), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_BUFFER_SIZE);
    assert_int_equal(outSize, sizeof(out)); /* untouched */
    /* The client can go on. */
    outSize = sizeof(out);
    assert_int_equal(wh_Client_EchoRequest(&p->client, 2, "ok"), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(outSize, 2);
}

static void test_other_groups_need_connect(void** state)
{
    whTestPair* p = *state;
    uint16_t    size;
    int32_t     rc = 0;

    /* A request of another group before Connect is refused with NOTCONNECTED. */
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_NVM, 1), 0),
                     WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_CommClient_RecvResponse(&p->client.comm, &size, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTCONNECTED);
    assert_int_equal(size, 0);
}

static void test_connect_wrong_major_version(void** state)
{
    whTestPair*                 p = *state;
    whMessageCommConnectRequest q = {.version = WH_VERSION + (1u << 16)};
    uint16_t                    size;
    int32_t                     rc = -1;

    memcpy(wh_CommClient_GetData(&p->client.comm), &q, sizeof(q));
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM,
                                                               WH_MESSAGE_COMM_ACTION_CONNECT),
                                               sizeof(q)),
                     WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_CommClient_RecvResponse(&p->client.comm, &size, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_VERSION);
    assert_int_equal(size, 0);
    assert_false(whTest_ServerConnected(p));
}

static int otherSend(void* context, uint16_t size, const void* data)
{
    (void)context;
    (void)size;
    (void)data;
    return WH_ERROR_OK;
}

/* A comm context takes any complete transport table, unless it is built for the mailbox
 * transport only (WOLFHSM_CFG_TRANSPORT_MEM_ONLY, as the firmware is): then another is
 * refused at Init instead of being bypassed. */
static void test_transport_binding(void** state)
{
    static whMailbox             box;
    static whTransportMemContext transport;
    static whCommClient          comm;
    const whTransportMemConfig   transportCfg = {&box, {NULL, NULL}, {NULL, NULL}};
    const whTransportCb          mem          = WH_TRANSPORT_MEM_CLIENT_CB;
    whTransportCb                other        = mem;
    whCommClientConfig           cfg          = {&mem, &transport, &transportCfg};
    (void)state;

    memset(&box, 0, sizeof(box));
    assert_int_equal(wh_CommClient_Init(&comm, &cfg), WH_ERROR_OK);
    assert_int_equal(wh_CommClient_Cleanup(&comm), WH_ERROR_OK);
    other.send      = otherSend;
    cfg.transportCb = &other;
#ifdef WOLFHSM_CFG_TRANSPORT_MEM_ONLY
    assert_int_equal(wh_CommClient_Init(&comm, &cfg), WH_ERROR_BADARGS);
#else
    assert_int_equal(wh_CommClient_Init(&comm, &cfg), WH_ERROR_OK);
    assert_int_equal(wh_CommClient_Cleanup(&comm), WH_ERROR_OK);
#endif
}

#ifndef WH_TEST_TARGET /* server init and server calls in this process */
/* The host core restarts while the HSM still holds its last request: the new client life
 * must not touch that request, and gets through once it is answered. */
static void test_client_restart_mid_request(void** state)
{
    whTestPair*     p = *state;
    whClientContext again;
    uint8_t         out[8];
    uint16_t        outSize = sizeof(out);
    int32_t         rc      = -1;
    whCommHeader    h;

    assert_int_equal(wh_Client_EchoRequest(&p->client, 4, "old!"), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&again, &p->clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoRequest(&again, 4, "new!"), WH_ERROR_BUSY);
    /* The old request is served as it was sent. */
    handleOne(p);
    memcpy(&h, p->region->mailbox.data.bytes, sizeof(h));
    assert_int_equal(h.aux, 0);
    assert_memory_equal(p->region->mailbox.data.bytes + sizeof(h), "old!", 4);
    /* Answered: the new life's request goes through (built while the buffer was not ours). */
    assert_int_equal(wh_Client_EchoRequest(&again, 4, "new!"), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_EchoResponse(&again, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outSize, 4);
    assert_memory_equal(out, "new!", 4);
    /* And the next one in place, as usual. */
    outSize = sizeof(out);
    assert_int_equal(wh_Client_EchoRequest(&again, 3, "abc"), WH_ERROR_OK);
    handleOne(p);
    assert_int_equal(wh_Client_EchoResponse(&again, &outSize, out, &rc), WH_ERROR_OK);
    assert_memory_equal(out, "abc", 3);
    assert_int_equal(whTest_ServerMalformed(p), 0);
}

static void test_bad_arguments(void** state)
{
    whTestPair*     p = *state;
    whServerContext s;
    whClientContext c;
    whServerConfig  bad = p->serverConfig;
    int32_t         rc;

    bad.clientId = 0;
    assert_int_equal(wh_Server_Init(&s, &bad), WH_ERROR_BADARGS);
    bad.clientId = WH_CLIENT_ID_MAX + 1; /* does not fit the owner field of ids */
    assert_int_equal(wh_Server_Init(&s, &bad), WH_ERROR_BADARGS);
    bad     = p->serverConfig;
    bad.nvm = NULL;
    assert_int_equal(wh_Server_Init(&s, &bad), WH_ERROR_BADARGS);
    assert_int_equal(wh_Server_Init(NULL, &p->serverConfig), WH_ERROR_BADARGS);
    assert_int_equal(wh_Server_Init(&s, NULL), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_Init(&c, NULL), WH_ERROR_BADARGS);
    assert_int_equal(wh_Server_HandleRequestMessage(NULL), WH_ERROR_BADARGS);

    /* Use after cleanup is refused, not a crash. */
    memset(&s, 0, sizeof(s));
    assert_int_equal(wh_Server_HandleRequestMessage(&s), WH_ERROR_NOTINIT);
    memset(&c, 0, sizeof(c));
    assert_int_equal(wh_Client_EchoRequest(&c, 1, "x"), WH_ERROR_NOTINIT);
    assert_int_equal(wh_Client_CommClose(&c, &rc), WH_ERROR_NOTINIT);
}
#endif

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_connect_info_echo_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_ready_and_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_echo_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_echo_small_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_groups_need_connect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connect_wrong_major_version, setup, teardown),
        cmocka_unit_test(test_transport_binding),
#ifndef WH_TEST_TARGET
        cmocka_unit_test_setup_teardown(test_client_restart_mid_request, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
#endif
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
