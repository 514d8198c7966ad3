/*
 * test_malformed.c: a hostile or broken host writes packets straight into the mailbox. Each
 * malformed packet gets an error answer (or, shorter than a header, an empty one), is
 * counted, changes nothing, and the server keeps serving.
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
#include "wolfhsm/wh_message_crypto.h"

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInit(&pair, NULL, 3, 0, 0);
    *state = &pair;
    return 0;
}

static int teardown(void** state)
{
    whTest_PairCleanup(*state);
    return 0;
}

/* Publish copy bytes of pkt with claimed length claim, as a host that ignores the rules. */
static void sendRaw(whTestPair* p, const void* pkt, uint16_t copy, uint16_t claim)
{
    whMailbox* mb      = &p->region->mailbox;
    uint32_t   counter = (atomic_load(&mb->req.ctrl) >> 16) + 1u;

    memcpy(mb->data.bytes, pkt, copy);
    atomic_store(&mb->req.ctrl, ((counter & 0xFFFFu) << 16) | claim);
}

/* Serve it and return the raw response header; *out_len is the response length. */
static whCommHeader serveRaw(whTestPair* p, uint16_t* out_len)
{
    whMailbox*   mb = &p->region->mailbox;
    whCommHeader h;

    assert_int_equal(wh_Server_HandleRequestMessage(&p->server), WH_ERROR_OK);
    /* Answered under the request's counter. */
    assert_int_equal(atomic_load(&mb->resp.ctrl) >> 16, atomic_load(&mb->req.ctrl) >> 16);
    *out_len = (uint16_t)(atomic_load(&mb->resp.ctrl) & 0xFFFFu);
    memcpy(&h, mb->data.bytes, sizeof(h));
    return h;
}

static void expectHeaderError(whTestPair* p, const whCommHeader* req, uint16_t claim,
                              int32_t expected)
{
    uint16_t     len;
    whCommHeader h;
    uint32_t     before = p->server.comm.stats.malformed;

    sendRaw(p, req, sizeof(*req), claim);
    h = serveRaw(p, &len);
    assert_int_equal(len, sizeof(whCommHeader)); /* header only: no payload */
    assert_int_equal((int16_t)h.aux, expected);
    assert_int_equal(h.seq, req->seq);
    assert_int_equal(p->server.comm.stats.malformed, before + 1);
}

/* After the abuse a well-behaved client (re-initialised, so it resumes from its mailbox
 * word) still gets served. */
static void expectStillServing(whTestPair* p)
{
    uint8_t  out[5];
    uint16_t outSize = sizeof(out);
    int32_t  rc      = -1;

    assert_int_equal(wh_Client_Cleanup(&p->client), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoRequest(&p->client, 5, "alive"), WH_ERROR_OK);
    assert_int_equal(wh_Server_HandleRequestMessage(&p->server), WH_ERROR_OK);
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(out, "alive", 5);
}

static const uint16_t ECHO = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_ECHO);

static void test_bad_magic(void** state)
{
    whCommHeader h = {.magic = 0x1234, .kind = ECHO, .seq = 11};
    expectHeaderError(*state, &h, sizeof(h), WH_ERROR_BADMAGIC);
    expectStillServing(*state);
}

static void test_wrong_version(void** state)
{
    whCommHeader h = {.magic = (WH_COMM_MAGIC_TAG << 8) | (WH_COMM_VERSION + 1),
                      .kind  = ECHO,
                      .seq   = 12};
    expectHeaderError(*state, &h, sizeof(h), WH_ERROR_VERSION);
    expectStillServing(*state);
}

static void test_length_past_buffer(void** state)
{
    whTestPair*  p = *state;
    whCommHeader h = {.magic = WH_COMM_MAGIC_NATIVE, .kind = ECHO, .seq = 13};
    expectHeaderError(p, &h, 0xFFFF, WH_ERROR_TOOBIG);
    /* Just past the buffer is caught too. */
    h.seq = 14;
    expectHeaderError(p, &h, (uint16_t)(WH_MAILBOX_BUFFER_SIZE + 1), WH_ERROR_TOOBIG);
    expectStillServing(p);
}

static void test_unknown_group_and_action(void** state)
{
    whTestPair*  p  = *state;
    whCommHeader h  = {.magic = WH_COMM_MAGIC_NATIVE, .kind = WH_MESSAGE_KIND(0x7F, 1), .seq = 15};
    int32_t      rc = -1;

    /* Connected, so that the unknown group is judged on its kind. */
    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    assert_int_equal(wh_Server_HandleRequestMessage(&p->server), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    expectHeaderError(p, &h, sizeof(h), WH_ERROR_BADKIND);
    h.kind = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM, 0xEE);
    h.seq  = 16;
    expectHeaderError(p, &h, sizeof(h), WH_ERROR_BADKIND);
    expectStillServing(p);
}

static void test_truncated_payload(void** state)
{
    whTestPair* p = *state;
    /* Connect carries a 4-byte request; send only 2 bytes of it. */
    whCommHeader h                  = {.magic = WH_COMM_MAGIC_NATIVE,
                                       .kind  = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM,
                                                                WH_MESSAGE_COMM_ACTION_CONNECT),
                                       .seq   = 17};
    uint8_t      pkt[sizeof(h) + 2] = {0};
    uint16_t     len;
    whCommHeader r;

    memcpy(pkt, &h, sizeof(h));
    sendRaw(p, pkt, sizeof(pkt), sizeof(pkt));
    r = serveRaw(p, &len);
    assert_int_equal(len, sizeof(whCommHeader));
    assert_int_equal((int16_t)r.aux, WH_ERROR_TRUNCATED);
    assert_false(p->server.connected); /* state unchanged */
    expectStillServing(p);
}

/* RNG_SEED: a seed length of 0 or past WH_CRYPTO_RNG_SEED_MAX is BADARGS, one longer than
 * the bytes sent TRUNCATED; the server goes on serving. */
static void test_rng_seed_lengths(void** state)
{
    whTestPair*           p          = *state;
    static const uint32_t claims[]   = {0, WH_CRYPTO_RNG_SEED_MAX + 1, 17};
    static const int32_t  verdicts[] = {WH_ERROR_BADARGS, WH_ERROR_BADARGS, WH_ERROR_TRUNCATED};
    whCommHeader          h          = {.magic = WH_COMM_MAGIC_NATIVE,
                                        .kind  = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO,
                                                                 WH_MESSAGE_CRYPTO_ACTION_RNG_SEED),
                                        .seq   = 5};
    uint8_t               pkt[sizeof(h) + sizeof(uint32_t) + 16] = {0};
    uint16_t              len;
    whCommHeader          r;
    size_t                i;

    int32_t rc = -1;

    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    assert_int_equal(wh_Server_HandleRequestMessage(&p->server), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    for (i = 0; i < sizeof(claims) / sizeof(claims[0]); i++) {
        memcpy(pkt, &h, sizeof(h));
        memcpy(pkt + sizeof(h), &claims[i], sizeof(claims[i]));
        sendRaw(p, pkt, sizeof(pkt), sizeof(pkt));
        r = serveRaw(p, &len);
        assert_int_equal(len, sizeof(whCommHeader));
        assert_int_equal((int16_t)r.aux, verdicts[i]);
    }
    expectStillServing(p);
}

static void test_shorter_than_header(void** state)
{
    whTestPair* p = *state;
    uint16_t    len;
    uint32_t    before = p->server.comm.stats.dropped;

    sendRaw(p, "\x01\x57\x03", 3, 3);
    (void)serveRaw(p, &len);
    assert_int_equal(len, 0); /* empty answer: nothing to echo back */
    assert_int_equal(p->server.comm.stats.dropped, before + 1);
    expectStillServing(p);
}

/* A peer of the other byte order is answered in its own order. */
static void test_other_byte_order(void** state)
{
    const uint16_t kind = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_INFO);
    whTestPair*    p    = *state;
    whCommHeader   h    = {.magic = WH_COMM_MAGIC_SWAPPED,
                           .kind  = wh_Bswap16(kind),
                           .seq   = wh_Bswap16(0x0102)};
    whCommHeader   r;
    whMessageCommInfoResponse info;
    uint16_t                  len;

    sendRaw(p, &h, sizeof(h), sizeof(h));
    r = serveRaw(p, &len);
    assert_int_equal(len, sizeof(whCommHeader) + sizeof(info));
    assert_int_equal(r.magic, WH_COMM_MAGIC_SWAPPED);
    assert_int_equal(r.seq, wh_Bswap16(0x0102));
    assert_int_equal(r.aux, 0);
    memcpy(&info, p->region->mailbox.data.bytes + sizeof(r), sizeof(info));
    assert_int_equal(info.maxPayload, wh_Bswap16(WOLFHSM_CFG_COMM_DATA_LEN));
    assert_int_equal(info.clientId, wh_Bswap16(3));
    assert_int_equal(info.version, wh_Bswap32(WH_VERSION));
    expectStillServing(p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_magic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_length_past_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_group_and_action, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rng_seed_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shorter_than_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_byte_order, setup, teardown),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
