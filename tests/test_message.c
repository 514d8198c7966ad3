/*
 * test_message.c: header magic checks and byte-order translation of the wire format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_nvm.h"

static void test_magic(void** state)
{
    (void)state;
    assert_int_equal(wh_Message_CheckMagic(WH_COMM_MAGIC_NATIVE), WH_ERROR_OK);
    assert_int_equal(wh_Message_CheckMagic(WH_COMM_MAGIC_SWAPPED), WH_ERROR_OK);
    assert_int_equal(wh_Message_CheckMagic(wh_Bswap16(WH_COMM_MAGIC_NATIVE)), WH_ERROR_OK);
    assert_int_equal(wh_Message_CheckMagic((WH_COMM_MAGIC_TAG << 8) | 9), WH_ERROR_VERSION);
    assert_int_equal(wh_Message_CheckMagic((9 << 8) | WH_COMM_MAGIC_TAG), WH_ERROR_VERSION);
    /* Version 1 carried the verdict in each payload too: a peer still speaking it is told. */
    assert_int_equal(WH_COMM_VERSION, 2);
    assert_int_equal(wh_Message_CheckMagic((WH_COMM_MAGIC_TAG << 8) | 1), WH_ERROR_VERSION);
    assert_int_equal(wh_Message_CheckMagic(0), WH_ERROR_BADMAGIC);
    assert_int_equal(wh_Message_CheckMagic(0xFFFF), WH_ERROR_BADMAGIC);
}

static void test_kind(void** state)
{
    uint16_t k = WH_MESSAGE_KIND(WH_MESSAGE_GROUP_COUNTER, 0x42);
    (void)state;
    assert_int_equal(k, 0x0542);
    assert_int_equal(WH_MESSAGE_GROUP(k), WH_MESSAGE_GROUP_COUNTER);
    assert_int_equal(WH_MESSAGE_ACTION(k), 0x42);
}

static void test_translate_info(void** state)
{
    const whMessageCommInfoResponse in = {.version         = 0x01020304,
                                          .features        = 0xA0B0C0D0,
                                          .protocolVersion = 0x0102,
                                          .maxPayload      = 0x0304,
                                          .clientId        = 0x0506,
                                          .serverId        = 0x0708};
    whMessageCommInfoResponse       out;
    whMessageCommInfoResponse       back;
    (void)state;

    /* Native: unchanged. */
    wh_MessageComm_TranslateInfoResponse(WH_COMM_MAGIC_NATIVE, &in, &out);
    assert_memory_equal(&in, &out, sizeof(in));
    /* Other order: every field swapped, and swapping again restores it. */
    wh_MessageComm_TranslateInfoResponse(WH_COMM_MAGIC_SWAPPED, &in, &out);
    assert_int_equal(out.version, 0x04030201);
    assert_int_equal(out.features, 0xD0C0B0A0);
    assert_int_equal(out.protocolVersion, 0x0201);
    assert_int_equal(out.maxPayload, 0x0403);
    assert_int_equal(out.clientId, 0x0605);
    assert_int_equal(out.serverId, 0x0807);
    wh_MessageComm_TranslateInfoResponse(WH_COMM_MAGIC_SWAPPED, &out, &back);
    assert_memory_equal(&in, &back, sizeof(in));
    /* In place works too. */
    back = in;
    wh_MessageComm_TranslateInfoResponse(WH_COMM_MAGIC_SWAPPED, &back, &back);
    assert_memory_equal(&out, &back, sizeof(out));
}

static void test_translate_connect(void** state)
{
    whMessageCommConnectRequest  q = {.version      = 0x00010203,
                                      .dmaBase      = 0x0102030405060708ull,
                                      .dmaSize      = 0x1112131415161718ull,
                                      .configDigest = 0x2122232425262728ull};
    whMessageCommConnectResponse r = {.clientId = 0x0102, .serverId = 0x0304};
    (void)state;

    wh_MessageComm_TranslateConnectRequest(WH_COMM_MAGIC_SWAPPED, &q, &q);
    assert_int_equal(q.version, 0x03020100);
    assert_true(q.dmaBase == 0x0807060504030201ull); /* 64-bit fields swap whole */
    assert_true(q.dmaSize == 0x1817161514131211ull);
    assert_true(q.configDigest == 0x2827262524232221ull);
    wh_MessageComm_TranslateConnectResponse(WH_COMM_MAGIC_SWAPPED, &r, &r);
    assert_int_equal(r.clientId, 0x0201);
    assert_int_equal(r.serverId, 0x0403);
}

/* The by-address requests: 64-bit addresses swap as one, their lengths as 32-bit fields. */
static void test_translate_dma(void** state)
{
    whMessageCryptoDigestDmaRequest d = {.addr = 0x0102030405060708ull, .len = 0x0A0B0C0D};
    whMessageCryptoGcmDmaRequest    g = {.inAddr  = 1,
                                         .outAddr = 0xFF00000000000000ull,
                                         .aadAddr = 0x0000000100000000ull,
                                         .len     = 0x01020304,
                                         .aadLen  = 5,
                                         .dir     = 0x0102};
    whMessageNvmReadDmaRequest      n = {.addr = 0x00000000FFFFFFF0ull, .id = 0x0102};
    whMessageNvmAddObjectDmaRequest a = {.addr = 0x1122334455667788ull, .len = 0x0100};
    whMessageCryptoVerifyDmaRequest v = {.msgAddr = 2, .msgLen = 0x01000000, .hash = 0x0001};
    (void)state;

    wh_MessageCrypto_TranslateDigestDmaRequest(WH_COMM_MAGIC_SWAPPED, &d, &d);
    assert_true(d.addr == 0x0807060504030201ull);
    assert_int_equal(d.len, 0x0D0C0B0A);
    wh_MessageCrypto_TranslateGcmDmaRequest(WH_COMM_MAGIC_SWAPPED, &g, &g);
    assert_true(g.inAddr == 0x0100000000000000ull);
    assert_true(g.outAddr == 0xFFull);
    assert_true(g.aadAddr == 0x0000000001000000ull);
    assert_int_equal(g.len, 0x04030201);
    assert_int_equal(g.aadLen, 0x05000000);
    assert_int_equal(g.dir, 0x0201);
    wh_MessageNvm_TranslateReadDmaRequest(WH_COMM_MAGIC_SWAPPED, &n, &n);
    assert_true(n.addr == 0xF0FFFFFF00000000ull);
    assert_int_equal(n.id, 0x0201);
    wh_MessageNvm_TranslateAddObjectDmaRequest(WH_COMM_MAGIC_SWAPPED, &a, &a);
    assert_true(a.addr == 0x8877665544332211ull);
    assert_int_equal(a.len, 0x0001);
    wh_MessageCrypto_TranslateVerifyDmaRequest(WH_COMM_MAGIC_SWAPPED, &v, &v);
    assert_true(v.msgAddr == 0x0200000000000000ull);
    assert_int_equal(v.msgLen, 0x00000001);
    assert_int_equal(v.hash, 0x0100);
    /* Native: unchanged. */
    wh_MessageCrypto_TranslateVerifyDmaRequest(WH_COMM_MAGIC_NATIVE, &v, &v);
    assert_true(v.msgAddr == 0x0200000000000000ull);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magic),          cmocka_unit_test(test_kind),
        cmocka_unit_test(test_translate_info), cmocka_unit_test(test_translate_connect),
        cmocka_unit_test(test_translate_dma),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
