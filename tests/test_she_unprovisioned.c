/*
 * test_she_unprovisioned.c: the SHE of a product build (no WOLFHSM_CFG_SHE_DEV_IDENTITY)
 * before and after PROVISION. This program compiles core1_hsm/wh_server_she.c itself with
 * the development identity left out (the Makefile links it without the library's copy).
 *
 * Without an identity every SHE command but GET_STATUS, CANCEL and PROVISION is refused with
 * ERC_KEY_EMPTY (SECRET_KEY's slot is empty) and changes nothing; after PROVISION the device
 * works under the provisioned UID and SECRET_KEY (vectors from tests/she_vectors.py).
 */
#undef WOLFHSM_CFG_SHE_DEV_IDENTITY
#include "../core1_hsm/wh_server_she.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "she_vectors.h"
#pragma GCC diagnostic pop
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_she.h"

#define CLIENT_ID 4

static void test_unprovisioned(void** state)
{
    whTestPair                 p;
    whMessageSheExportResponse e;
    uint8_t                    m4[32];
    uint8_t                    m5[16];
    uint8_t                    b[48];
    uint8_t                    uid[15];
    uint8_t                    sreg = 0xEE;
    uint32_t                   st;
    int32_t                    rc = 1;

    (void)state;
    whTest_PairInitConnected(&p, NULL, CLIENT_ID);
    whTest_PairStartServer(&p);
    /* What still answers. */
    assert_int_equal(wh_Client_SheGetStatus(&p.client, &sreg, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(sreg, 0u);
    assert_int_equal(wh_Client_SheCancel(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    /* Everything else: ERC_KEY_EMPTY. */
    assert_int_equal(wh_Client_SheLoadKey(&p.client, v_p_master_m1, v_p_master_m2, v_p_master_m3,
                                          m4, m5, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheLoadPlainKey(&p.client, v_key_KPLAIN, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheExportRamKey(&p.client, &e, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheInitRng(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheRnd(&p.client, b, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheExtendSeed(&p.client, v_entropy, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheGetId(&p.client, v_challenge, uid, &sreg, b, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheEncEcb(&p.client, WH_SHE_RAM_KEY, v_pt, 16, b, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheGenerateMac(&p.client, WH_SHE_KEY_1, v_msg, 128, b, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheVerifyMac(&p.client, WH_SHE_KEY_1, v_msg, 128, v_mac_128, 0, &st,
                                            &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheDebugChallenge(&p.client, b, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(wh_Client_SheDebugAuthorization(&p.client, v_dbgresp1, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_EMPTY);
    /* Provisioned: the identity everywhere. */
    assert_int_equal(wh_Client_SheProvision(&p.client, v_p_uid, 0, v_p_secret, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheLoadKey(&p.client, v_p_master_m1, v_p_master_m2, v_p_master_m3,
                                          m4, m5, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(m4, v_p_master_m4, 32);
    assert_memory_equal(m5, v_p_master_m5, 16);
    assert_int_equal(wh_Client_SheInitRng(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheRnd(&p.client, b, &rc), WH_ERROR_OK);
    assert_memory_equal(b, v_p_rnd1, 16);
    assert_int_equal(wh_Client_SheGetId(&p.client, v_challenge, uid, &sreg, b, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(uid, v_p_uid, 15);
    assert_memory_equal(b, v_p_getid_mac, 16);
    assert_int_equal(wh_Client_SheProvision(&p.client, v_p_uid, 0, v_p_secret, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    whTest_PairStopServer(&p);
    whTest_PairCleanup(&p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unprovisioned),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
