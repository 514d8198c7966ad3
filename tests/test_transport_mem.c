/*
 * test_transport_mem.c: unit tests of the mailbox transport (wh_transport_mem.h), both
 * sides driven by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_error.h"

typedef struct {
    posixMailboxRegion    region;
    whTransportMemConfig  clientCfg;
    whTransportMemConfig  serverCfg;
    whTransportMemContext client;
    whTransportMemContext server;
} fixture;

static const whDoorbellCb doorbellCb = POSIX_DOORBELL_CB;

static int setup(void** state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    f.clientCfg = (whTransportMemConfig){&f.region.mailbox,
                                         {&doorbellCb, &f.region.toServer},
                                         {&doorbellCb, &f.region.toClient}};
    f.serverCfg = (whTransportMemConfig){&f.region.mailbox,
                                         {&doorbellCb, &f.region.toClient},
                                         {&doorbellCb, &f.region.toServer}};
    assert_int_equal(wh_TransportMem_InitClient(&f.client, &f.clientCfg), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_InitServer(&f.server, &f.serverCfg), WH_ERROR_OK);
    *state = &f;
    return 0;
}

static void test_round_trip_and_doorbells(void** state)
{
    fixture* f = *state;
    uint8_t  buf[64];
    uint16_t size = sizeof(buf);

    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_NOTREADY);
    assert_int_equal(wh_TransportMem_SendRequest(&f->client, 5, "hello"), WH_ERROR_OK);
    assert_int_equal(atomic_load(&f->region.toServer.count), 1); /* server's bell rang */
    /* The client may not send again before the answer. */
    assert_int_equal(wh_TransportMem_SendRequest(&f->client, 1, "x"), WH_ERROR_BUSY);
    assert_int_equal(wh_TransportMem_RecvResponse(&f->client, &size, buf), WH_ERROR_NOTREADY);

    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_OK);
    assert_int_equal(size, 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(wh_TransportMem_SendResponse(&f->server, 3, "abc"), WH_ERROR_OK);
    assert_int_equal(atomic_load(&f->region.toClient.count), 1);
    /* Answered: nothing more for the server, and no second answer possible. */
    size = sizeof(buf);
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_NOTREADY);
    assert_int_equal(wh_TransportMem_SendResponse(&f->server, 1, "y"), WH_ERROR_NOTREADY);

    assert_int_equal(wh_TransportMem_RecvResponse(&f->client, &size, buf), WH_ERROR_OK);
    assert_int_equal(size, 3);
    assert_memory_equal(buf, "abc", 3);
}

static void test_client_in_place(void** state)
{
    fixture* f   = *state;
    uint8_t* box = wh_TransportMem_ClientBuffer(&f->client);
    uint8_t  buf[64];
    uint16_t size = sizeof(buf);

    assert_ptr_equal(box, f->region.mailbox.data.bytes);
    assert_int_equal(wh_TransportMem_RequestReady(&f->server), 0);
    /* Built in the mailbox and sent from there; the server takes its own copy. */
    memcpy(box, "hello", 5);
    assert_int_equal(wh_TransportMem_SendRequest(&f->client, 5, box), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_RequestReady(&f->server), 1);
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_OK);
    assert_int_equal(size, 5);
    memset(box, 0, 5); /* a client scribbling now changes nothing the server holds */
    assert_memory_equal(buf, "hello", 5);
    /* The response is read where it lies: measured, not copied. */
    assert_int_equal(wh_TransportMem_ResponseReady(&f->client), 0);
    assert_int_equal(wh_TransportMem_SendResponse(&f->server, 3, "abc"), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_RequestReady(&f->server), 0); /* answered */
    assert_int_equal(wh_TransportMem_ResponseReady(&f->client), 1);
    size = sizeof(buf);
    assert_int_equal(wh_TransportMem_RecvResponse(&f->client, &size, box), WH_ERROR_OK);
    assert_int_equal(size, 3);
    assert_memory_equal(box, "abc", 3);
}

static void test_lengths_are_clamped(void** state)
{
    fixture* f = *state;
    uint8_t  buf[WH_MAILBOX_BUFFER_SIZE];
    uint16_t size = 8;

    /* A hostile client claims 65535 bytes. */
    memset(f->region.mailbox.data.bytes, 0xA5, sizeof(f->region.mailbox.data.bytes));
    atomic_store(&f->region.mailbox.req.ctrl, (1u << 16) | 0xFFFFu);
    /* Smaller destination: clamped to its capacity. */
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_TOOBIG);
    assert_int_equal(size, 8);
    /* Full destination: clamped to the mailbox buffer, never past it. */
    size = sizeof(buf);
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_TOOBIG);
    assert_int_equal(size, WH_MAILBOX_BUFFER_SIZE);
}

static void test_resume_from_own_word(void** state)
{
    fixture*              f = *state;
    whTransportMemContext again;
    uint8_t               buf[8];
    uint16_t              size = sizeof(buf);

    assert_int_equal(wh_TransportMem_SendRequest(&f->client, 1, "a"), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_SendResponse(&f->server, 1, "b"), WH_ERROR_OK);
    /* A restarted server does not serve the answered request again. */
    assert_int_equal(wh_TransportMem_InitServer(&again, &f->serverCfg), WH_ERROR_OK);
    size = sizeof(buf);
    assert_int_equal(wh_TransportMem_RecvRequest(&again, &size, buf), WH_ERROR_NOTREADY);
    /* A restarted client continues the count and gets its next request through. */
    assert_int_equal(wh_TransportMem_InitClient(&again, &f->clientCfg), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_SendRequest(&again, 1, "c"), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_RecvRequest(&f->server, &size, buf), WH_ERROR_OK);
    assert_int_equal(buf[0], 'c');
}

static void test_wait_times_out_and_wakes(void** state)
{
    fixture* f = *state;

    /* Nothing outstanding: the client's wait returns at once. */
    assert_int_equal(wh_TransportMem_WaitResponse(&f->client, 10), WH_ERROR_OK);
    /* No request: the server's wait times out. */
    assert_int_equal(wh_TransportMem_WaitRequest(&f->server, 20), WH_ERROR_TIMEOUT);
    /* A request published before the wait is seen without sleeping. */
    assert_int_equal(wh_TransportMem_SendRequest(&f->client, 1, "z"), WH_ERROR_OK);
    assert_int_equal(wh_TransportMem_WaitRequest(&f->server, 20), WH_ERROR_OK);
    /* Outstanding request: the client's wait times out until the answer. */
    assert_int_equal(wh_TransportMem_WaitResponse(&f->client, 20), WH_ERROR_TIMEOUT);
}

static void test_bad_arguments(void** state)
{
    fixture*              f = *state;
    whTransportMemContext c;
    whTransportMemConfig  none = {0};
    uint8_t               buf[4];

    assert_int_equal(wh_TransportMem_InitClient(NULL, &f->clientCfg), WH_ERROR_BADARGS);
    assert_int_equal(wh_TransportMem_InitClient(&c, NULL), WH_ERROR_BADARGS);
    assert_int_equal(wh_TransportMem_InitClient(&c, &none), WH_ERROR_BADARGS);
    assert_int_equal(wh_TransportMem_SendRequest(&f->client, WH_MAILBOX_BUFFER_SIZE + 1, buf),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_TransportMem_SendResponse(&f->server, WH_MAILBOX_BUFFER_SIZE + 1, buf),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_TransportMem_Cleanup(NULL), WH_ERROR_BADARGS);
}

static void test_layout(void** state)
{
    (void)state;
    /* Words written by different sides never share a cache line. */
    assert_int_equal(offsetof(whMailbox, req) % WOLFHSM_CFG_CACHE_LINE, 0);
    assert_int_equal(offsetof(whMailbox, resp) % WOLFHSM_CFG_CACHE_LINE, 0);
    assert_int_equal(offsetof(whMailbox, data) % WOLFHSM_CFG_CACHE_LINE, 0);
    assert_true(WH_MAILBOX_BUFFER_SIZE >= WH_COMM_MTU);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_round_trip_and_doorbells, setup),
        cmocka_unit_test_setup(test_client_in_place, setup),
        cmocka_unit_test_setup(test_lengths_are_clamped, setup),
        cmocka_unit_test_setup(test_resume_from_own_word, setup),
        cmocka_unit_test_setup(test_wait_times_out_and_wakes, setup),
        cmocka_unit_test_setup(test_bad_arguments, setup),
        cmocka_unit_test(test_layout),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
