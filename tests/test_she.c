/*
 * test_she.c: the SHE group through the client API (wolfhsm/wh_client_she.h), on Linux and
 * on the target. Every test starts from a fresh device (erased NVM, RAM state reset).
 *
 * The vectors are tests/she_vectors.h, computed independently by tests/she_vectors.py
 * (Python's `cryptography`): M1..M5 with flags set (every flag, the wildcard UID, a saturated
 * counter), CMAC over bit lengths, ECB/CBC, GET_ID, EXPORT_RAM_KEY and the PRNG chain. The
 * spec's worked example is also spelled out here, from she.md. The authorisation table is
 * tried for every target x every AuthID; every ERC path the HSM implements is reached.
 * Secure boot: BOOT_MAC vectors from the script (the size in bits; one made with the size in
 * bytes must not match), SREG's exact values, BOOT_PROTECTION before and after, sequence
 * errors, BOOT_FAILURE's lock until a reset (whTest_SharedReboot), personalisation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "she_vectors.h"
#include "util/wh_test_util.h"
#include "wh_client_internal.h" /* raw requests of a chosen size */
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#ifndef WH_TEST_TARGET
#include "wolfhsm/wh_server.h"
#endif

#define CLIENT_ID 11
#define RC_UNSET 1

/* The spec's worked example (she.md; spec 13.7 / TR 4.13). */
static const uint8_t exM1[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x41};
static const uint8_t exM2[32] = {0x2b, 0x11, 0x1e, 0x2d, 0x93, 0xf4, 0x86, 0x56, 0x6b, 0xcb, 0xba,
                                 0x1d, 0x7f, 0x7a, 0x97, 0x97, 0xc9, 0x46, 0x43, 0xb0, 0x50, 0xfc,
                                 0x5d, 0x4d, 0x7d, 0xe1, 0x4c, 0xff, 0x68, 0x22, 0x03, 0xc3};
static const uint8_t exM3[16] = {0xb9, 0xd7, 0x45, 0xe5, 0xac, 0xe7, 0xd4, 0x18,
                                 0x60, 0xbc, 0x63, 0xc2, 0xb9, 0xf5, 0xbb, 0x46};
static const uint8_t exM4[32] = {0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                                 0,    0,    0,    0x01, 0x41, 0xb4, 0x72, 0xe8, 0xd8, 0x72, 0x7d,
                                 0x70, 0xd5, 0x72, 0x95, 0xe7, 0x48, 0x49, 0xa2, 0x79, 0x17};
static const uint8_t exM5[16] = {0x82, 0x0d, 0x8d, 0x95, 0xdc, 0x11, 0xb4, 0x66,
                                 0x88, 0x78, 0x16, 0x0c, 0xb2, 0xa4, 0xe2, 0x3e};

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
    whTest_SheSetDebugger(0);
    return 0;
}

/* Two clients of one device (the debug challenge is the asking client's; provisioning
 * survives a power-cycle). */
static int setupShared(void** state)
{
    static whTestShared f;
    whTest_SharedInit(&f, CLIENT_ID, CLIENT_ID + 1);
    *state = &f;
    return 0;
}

static int teardownShared(void** state)
{
    whTest_SharedCleanup(*state);
    whTest_SheSetDebugger(0);
    return 0;
}

/* ---- sequential helpers: each asserts the transport status and returns the HSM's rc ---- */

static int32_t loadKey(whTestPair* p, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3,
                       uint8_t* out_m4, uint8_t* out_m5)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheLoadKeyRequest(&p->client, m1, m2, m3), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadKeyResponse(&p->client, out_m4, out_m5, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Load a vector and, on success, check M4 and M5. */
#define LOAD(p, v) loadCheck((p), v_##v##_m1, v_##v##_m2, v_##v##_m3, v_##v##_m4, v_##v##_m5)
static int32_t loadCheck(whTestPair* p, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3,
                         const uint8_t* m4, const uint8_t* m5)
{
    uint8_t out4[32] = {0};
    uint8_t out5[16] = {0};
    int32_t rc       = loadKey(p, m1, m2, m3, out4, out5);
    if (rc == WH_ERROR_OK) {
        assert_memory_equal(out4, m4, sizeof(out4));
        assert_memory_equal(out5, m5, sizeof(out5));
    }
    return rc;
}

static int32_t cipherOp(whTestPair* p, uint16_t action, uint8_t keyId, const uint8_t* iv,
                        const uint8_t* in, uint32_t len, uint8_t* out)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheCipherRequest(&p->client, action, keyId, iv, in, len),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheCipherResponse(&p->client, out, len, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t genMac(whTestPair* p, uint8_t keyId, const uint8_t* msg, uint32_t bits,
                      uint8_t* out_mac)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheGenerateMacRequest(&p->client, keyId, msg, bits), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGenerateMacResponse(&p->client, out_mac, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t verMac(whTestPair* p, uint8_t keyId, const uint8_t* msg, uint32_t bits,
                      const uint8_t* mac, uint16_t macBits, uint32_t* out_status)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheVerifyMacRequest(&p->client, keyId, msg, bits, mac, macBits),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheVerifyMacResponse(&p->client, out_status, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t simple(whTestPair* p, int (*req)(whClientContext*),
                      int (*resp)(whClientContext*, int32_t*))
{
    int32_t rc = RC_UNSET;
    assert_int_equal(req(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(resp(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t plainKey(whTestPair* p, const uint8_t* key)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheLoadPlainKeyRequest(&p->client, key), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadPlainKeyResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t exportRam(whTestPair* p, whMessageSheExportResponse* out)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheExportRamKeyRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheExportRamKeyResponse(&p->client, out, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t extendSeed(whTestPair* p, const uint8_t* entropy)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheExtendSeedRequest(&p->client, entropy), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheExtendSeedResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t getId(whTestPair* p, uint8_t* out_uid, uint8_t* out_sreg, uint8_t* out_mac)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheGetIdRequest(&p->client, v_challenge), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGetIdResponse(&p->client, out_uid, out_sreg, out_mac, &rc),
                     WH_ERROR_OK);
    return rc;
}

static int32_t rnd(whTestPair* p, uint8_t* out)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheRndRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheRndResponse(&p->client, out, &rc), WH_ERROR_OK);
    return rc;
}

static uint8_t status(whTestPair* p)
{
    int32_t rc   = RC_UNSET;
    uint8_t sreg = 0xEE;
    assert_int_equal(wh_Client_SheGetStatusRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGetStatusResponse(&p->client, &sreg, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    return sreg;
}

static int32_t debugChallenge(whTestPair* p, uint8_t* out)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheDebugChallengeRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheDebugChallengeResponse(&p->client, out, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t debugAuth(whTestPair* p, const uint8_t* response)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheDebugAuthorizationRequest(&p->client, response), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheDebugAuthorizationResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t provisionId(whTestPair* p, const uint8_t* uid, uint8_t flags, const uint8_t* secret)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheProvisionRequest(&p->client, uid, flags, secret), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheProvisionResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t secureBoot(whTestPair* p, const uint8_t* image, uint32_t size, uint8_t* out_sreg)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_SheSecureBootRequest(&p->client, image, size), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheSecureBootResponse(&p->client, out_sreg, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

#define BOOT_OK(p) simple((p), wh_Client_SheBootOkRequest, wh_Client_SheBootOkResponse)
#define BOOT_FAILURE(p) \
    simple((p), wh_Client_SheBootFailureRequest, wh_Client_SheBootFailureResponse)

/* SREG values after secure boot (bit 0 upward: BUSY, SECURE_BOOT, BOOT_INIT, BOOT_FINISHED,
 * BOOT_OK, RND_INIT, EXT_DEBUGGER, INT_DEBUGGER), spelled out as numbers. */
#define SREG_PASSED 0x12u       /* SECURE_BOOT | BOOT_OK: the boot phase open */
#define SREG_PASSED_ENDED 0x1Au /* ... | BOOT_FINISHED: BOOT_OK was sent */
#define SREG_FAILED 0x0Au       /* SECURE_BOOT | BOOT_FINISHED: mismatch or BOOT_FAILURE */
#define SREG_PERSONALISED 0x16u /* SECURE_BOOT | BOOT_INIT | BOOT_OK */

/* KEY_10 (slot 13): a boot-protected MAC key (KMAC); usable (GENERATE_MAC of 128 bits of
 * v_msg, RFC 4493's) only after a passing secure boot. */
#define BOOT_KEY 13u
static int32_t bootKeyMac(whTestPair* p)
{
    uint8_t mac[16] = {0};
    int32_t rc      = genMac(p, BOOT_KEY, v_msg, 128, mac);
    if (rc == WH_ERROR_OK) {
        assert_memory_equal(mac, v_mac_128, 16);
    }
    return rc;
}

/* MASTER_ECU_KEY, BOOT_MAC_KEY, the boot-protected KEY_10; BOOT_MAC when withMac. */
static void provisionBoot(whTestPair* p, int withMac)
{
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(LOAD(p, bootKey), WH_ERROR_OK);
    assert_int_equal(LOAD(p, bootProtMac), WH_ERROR_OK);
    if (withMac) {
        assert_int_equal(LOAD(p, bootMac100), WH_ERROR_OK); /* authorised by BOOT_MAC_KEY */
    }
}

/* MASTER_ECU_KEY (authorising its own first load) and the worked example into KEY_1. */
static void provision(whTestPair* p)
{
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(LOAD(p, example), WH_ERROR_OK);
}

/* ---- tests ---- */

static void test_worked_example(void** state)
{
    whTestPair* p       = *state;
    uint8_t     m4[32]  = {0};
    uint8_t     m5[16]  = {0};
    uint8_t     out[48] = {0};

    /* The script's example is the spec's. */
    assert_memory_equal(v_example_m1, exM1, 16);
    assert_memory_equal(v_example_m2, exM2, 32);
    assert_memory_equal(v_example_m3, exM3, 16);
    assert_memory_equal(v_example_m4, exM4, 32);
    assert_memory_equal(v_example_m5, exM5, 16);

    /* KEY_1 authorised by an empty MASTER_ECU_KEY: ERC_KEY_EMPTY. */
    assert_int_equal(loadKey(p, exM1, exM2, exM3, m4, m5), WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(loadKey(p, exM1, exM2, exM3, m4, m5), WH_ERROR_OK);
    assert_memory_equal(m4, exM4, sizeof(m4));
    assert_memory_equal(m5, exM5, sizeof(m5));
    /* The new key is K_NEW: ECB with KEY_1. */
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_key1, 48);
    /* A replay: the counter is not greater. */
    assert_int_equal(loadKey(p, exM1, exM2, exM3, m4, m5), WH_ERROR_SHE_KEY_UPDATE_ERROR);
}

static void test_flags_and_counters(void** state)
{
    whTestPair* p = *state;
    uint8_t     m3[16];
    uint8_t     out[48];

    provision(p);
    assert_int_equal(LOAD(p, mac), WH_ERROR_OK);
    assert_int_equal(LOAD(p, verifyOnly), WH_ERROR_OK);
    /* A lower or equal counter is refused, a higher one taken. */
    assert_int_equal(LOAD(p, macLower), WH_ERROR_SHE_KEY_UPDATE_ERROR);
    /* M3 wrong: one bit flipped. */
    memcpy(m3, v_mac_m3, sizeof(m3));
    m3[7] ^= 0x10u;
    assert_int_equal(loadKey(p, v_mac_m1, v_mac_m2, m3, NULL, NULL), WH_ERROR_SHE_KEY_UPDATE_ERROR);
    /* Wildcard: UID 0 only on a slot with WILDCARD; M4 then carries the real UID. */
    assert_int_equal(LOAD(p, noWild), WH_ERROR_SHE_KEY_UPDATE_ERROR);
    assert_int_equal(LOAD(p, badUid), WH_ERROR_SHE_KEY_UPDATE_ERROR);
    assert_int_equal(LOAD(p, wild1), WH_ERROR_OK);
    assert_int_equal(LOAD(p, wild2), WH_ERROR_OK);
    assert_memory_equal(v_wild2_m4, v_wild1_m4, 15); /* the real UID */
    /* WRITE_PROTECTION: irreversible. */
    assert_int_equal(LOAD(p, wp), WH_ERROR_OK);
    assert_int_equal(LOAD(p, wp2), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    /* A saturated counter (2^28 - 1) cannot be updated again. */
    assert_int_equal(LOAD(p, sat), WH_ERROR_OK);
    assert_int_equal(LOAD(p, sat2), WH_ERROR_SHE_KEY_UPDATE_ERROR);
    /* Every flag: stored, write-protected, unusable (boot protection, no secure boot). */
    assert_int_equal(LOAD(p, allFlags), WH_ERROR_OK);
    assert_int_equal(LOAD(p, allFlags), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    assert_int_equal(genMac(p, 12, v_msg, 128, out), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    /* BOOT_PROTECTION without secure boot: not available. DEBUGGER_PROTECTION, no debugger:
     * usable. */
    assert_int_equal(LOAD(p, boot), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 9, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(LOAD(p, dbg), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 10, NULL, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_dbg, 48);
    /* RAM_KEY by KEY_1 (counter and flags 0); not by MASTER_ECU_KEY. */
    assert_int_equal(LOAD(p, ram), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_RAM_KEY, NULL, v_pt, 48,
                              out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_ram, 48);
    /* KEY_2 by KEY_1: not in the table. */
    assert_int_equal(LOAD(p, key2ByKey1), WH_ERROR_SHE_KEY_INVALID);
    /* A RAM key loaded by LOAD_KEY is not exportable. */
    {
        whMessageSheExportResponse e;
        assert_int_equal(exportRam(p, &e), WH_ERROR_SHE_KEY_INVALID);
    }
}

/* Who may authorise an update of target (she.md), written here independently. */
static int allowed(unsigned target, unsigned auth)
{
    if (target == 1u) {
        return auth == 1u;
    }
    if ((target == 2u) || (target == 3u)) {
        return (auth == 1u) || (auth == 2u);
    }
    if ((target >= 4u) && (target <= 13u)) {
        return (auth == 1u) || (auth == target);
    }
    if (target == 14u) {
        return (auth == 0u) || ((auth >= 4u) && (auth <= 13u));
    }
    return 0; /* SECRET_KEY and 0xF are never targets */
}

static void test_auth_matrix(void** state)
{
    whTestPair* p = *state;
    unsigned    target;
    unsigned    auth;

    /* Only MASTER_ECU_KEY is present; M2 and M3 are garbage, so an allowed pair with a
     * present (or self-authorising) key fails on M3, one with an empty key on ERC_KEY_EMPTY. */
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    for (target = 0; target < 16u; target++) {
        for (auth = 0; auth < 16u; auth++) {
            uint8_t m1[16] = {0};
            uint8_t m2[32] = {0};
            uint8_t m3[16] = {0};
            int32_t want;
            memcpy(m1, v_master_m1, 15);
            m1[15] = (uint8_t)((target << 4) | auth);
            if (!allowed(target, auth)) {
                want = WH_ERROR_SHE_KEY_INVALID;
            }
            else if ((auth == 1u) || (auth == 0u) || (auth == target)) {
                want = WH_ERROR_SHE_KEY_UPDATE_ERROR;
            }
            else {
                want = WH_ERROR_SHE_KEY_EMPTY;
            }
            if (loadKey(p, m1, m2, m3, NULL, NULL) != want) {
                fail_msg("target %u auth %u: expected %d", target, auth, (int)want);
            }
        }
    }
}

static void test_cipher(void** state)
{
    whTestPair* p = *state;
    uint8_t     out[48];
    uint8_t     back[48];

    /* An empty slot, then a slot that may not be used for ciphers. */
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_EMPTY);
    provision(p);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_MASTER_ECU_KEY, NULL, v_pt,
                              16, out),
                     WH_ERROR_SHE_KEY_INVALID);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 15, out),
                     WH_ERROR_SHE_GENERAL_ERROR);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_CBC, WH_SHE_KEY_1, v_iv, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_cbc_key1, 48);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_DEC_CBC, WH_SHE_KEY_1, v_iv, out, 48, back),
                     WH_ERROR_OK);
    assert_memory_equal(back, v_pt, 48);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_DEC_ECB, WH_SHE_KEY_1, NULL, v_ecb_key1, 48,
                              back),
                     WH_ERROR_OK);
    assert_memory_equal(back, v_pt, 48);
    /* A MAC key (KEY_USAGE) is no cipher key. */
    assert_int_equal(LOAD(p, mac), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 5, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_INVALID);
}

static void test_mac(void** state)
{
    whTestPair* p = *state;
    static const struct {
        uint32_t       bits;
        const uint8_t* mac;
    } cases[] = {{0, v_mac_0},     {128, v_mac_128}, {320, v_mac_320},
                 {100, v_mac_100}, {7, v_mac_7},     {257, v_mac_257}};
    uint8_t  mac[16];
    uint8_t  bad[16];
    uint32_t st;
    unsigned i;

    provision(p);
    assert_int_equal(LOAD(p, mac), WH_ERROR_OK);
    assert_int_equal(LOAD(p, verifyOnly), WH_ERROR_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(genMac(p, 5, v_msg, cases[i].bits, mac), WH_ERROR_OK);
        assert_memory_equal(mac, cases[i].mac, 16);
        st = 9;
        assert_int_equal(verMac(p, 5, v_msg, cases[i].bits, cases[i].mac, 0, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_OK);
        /* VERIFY_ONLY: verifies, never generates. */
        assert_int_equal(verMac(p, 6, v_msg, cases[i].bits, cases[i].mac, 0, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_OK);
    }
    assert_int_equal(genMac(p, 6, v_msg, 128, mac), WH_ERROR_SHE_KEY_INVALID);
    /* A cipher key is no MAC key. */
    assert_int_equal(genMac(p, WH_SHE_KEY_1, v_msg, 128, mac), WH_ERROR_SHE_KEY_INVALID);
    /* The first n bits: a difference after bit 20 passes a 20-bit check, not a 21-bit one. */
    memcpy(bad, v_mac_128, 16);
    bad[2] ^= 0x04u; /* bit 21 (0-based from the top) */
    assert_int_equal(verMac(p, 5, v_msg, 128, bad, 20, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_OK);
    assert_int_equal(verMac(p, 5, v_msg, 128, bad, 22, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_FAILED);
    assert_int_equal(verMac(p, 5, v_msg, 128, bad, 0, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_FAILED);
    /* Only the tag bytes compared are read and sent: a 4-byte buffer for 32 bits, 3 for 20. */
    {
        uint8_t tag4[4];
        uint8_t tag3[3];
        memcpy(tag4, v_mac_128, sizeof(tag4));
        memcpy(tag3, bad, sizeof(tag3));
        assert_int_equal(verMac(p, 5, v_msg, 128, tag4, 32, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_OK);
        assert_int_equal(verMac(p, 5, v_msg, 128, tag3, 20, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_OK);
        tag4[3] ^= 0x01u;
        assert_int_equal(verMac(p, 5, v_msg, 128, tag4, 32, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_FAILED);
    }
    /* A request one byte short of its tag and message (the key prepared): refused. */
    {
        whMessageSheMacRequest q    = {.keyId = 5, .macBits = 32, .msgBits = 128};
        uint8_t*               data = wh_Client_Data(&p->client);
        int32_t                rc   = RC_UNSET;
        memcpy(data, &q, sizeof(q));
        memcpy(data + sizeof(q), v_mac_128, 4);
        memcpy(data + sizeof(q) + 4, v_msg, 16);
        assert_int_equal(wh_Client_SendRequest(&p->client,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_SHE,
                                                               WH_MESSAGE_SHE_ACTION_VERIFY_MAC),
                                               (uint16_t)(sizeof(q) + 4 + 15)),
                         WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_RecvEmptyResponse(&p->client, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_SHE_GENERAL_ERROR);
    }
    /* RAM_KEY serves MACs too; empty first. */
    assert_int_equal(genMac(p, WH_SHE_RAM_KEY, v_msg, 128, mac), WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(plainKey(p, v_key_KMAC), WH_ERROR_OK);
    assert_int_equal(genMac(p, WH_SHE_RAM_KEY, v_msg, 320, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_mac_320, 16);
}

static void test_rng_status_id(void** state)
{
    whTestPair* p = *state;
    uint8_t     r[16];
    uint8_t     uid[15];
    uint8_t     mac[16];
    uint8_t     sreg = 0xEE;

    assert_int_equal(rnd(p, r), WH_ERROR_SHE_RNG_SEED);
    assert_int_equal(extendSeed(p, v_entropy), WH_ERROR_SHE_RNG_SEED);
    assert_int_equal(status(p), 0u);
    /* GET_ID with an empty MASTER_ECU_KEY: a zero MAC. */
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_master_m1, 15);
    assert_true(whTest_AllEqual(mac, 16, 0));
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_int_equal(sreg, 0u);
    assert_memory_equal(mac, v_getid_mac_sreg0, 16);

    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(status(p), WH_SHE_SREG_RND_INIT);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_rnd1, 16);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_rnd2, 16);
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_rnd3, 16);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_int_equal(sreg, WH_SHE_SREG_RND_INIT);
    assert_memory_equal(mac, v_getid_mac_sreg20, 16);
    /* EXTEND_SEED: the state and the stored seed. */
    assert_int_equal(extendSeed(p, v_entropy), WH_ERROR_OK);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_rnd4, 16);
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_rnd5, 16);
}

static void test_export_ram_key(void** state)
{
    whTestPair*                p = *state;
    whMessageSheExportResponse e;
    uint8_t                    out[48];

    assert_int_equal(exportRam(p, &e), WH_ERROR_SHE_KEY_INVALID); /* empty */
    assert_int_equal(plainKey(p, v_key_KPLAIN), WH_ERROR_OK);
    assert_int_equal(exportRam(p, &e), WH_ERROR_OK);
    assert_memory_equal(e.m1, v_export_m1, 16);
    assert_memory_equal(e.m2, v_export_m2, 32);
    assert_memory_equal(e.m3, v_export_m3, 16);
    assert_memory_equal(e.m4, v_export_m4, 32);
    assert_memory_equal(e.m5, v_export_m5, 16);
    /* Re-imported under SECRET_KEY: the RAM key again, now not exportable. */
    assert_int_equal(plainKey(p, v_key_KRAM), WH_ERROR_OK);
    assert_int_equal(loadCheck(p, e.m1, e.m2, e.m3, e.m4, e.m5), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_RAM_KEY, NULL, v_pt, 16,
                              out),
                     WH_ERROR_OK);
    assert_int_equal(exportRam(p, &e), WH_ERROR_SHE_KEY_INVALID);
}

/* The blocking wrappers, against a serving thread (on the target: the HSM core). */
static void test_blocking(void** state)
{
    whTestPair*                p = *state;
    whMessageSheExportResponse e;
    uint8_t                    m4[32];
    uint8_t                    m5[16];
    uint8_t                    out[48];
    uint8_t                    uid[15];
    uint8_t                    sreg = 0xEE;
    uint32_t                   st   = 9;
    int32_t                    rc   = RC_UNSET;

    whTest_PairStartServer(p);
    assert_int_equal(wh_Client_SheLoadKey(&p->client, v_master_m1, v_master_m2, v_master_m3, m4, m5,
                                          &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(m5, v_master_m5, 16);
    assert_int_equal(wh_Client_SheLoadKey(&p->client, exM1, exM2, exM3, m4, m5, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheEncEcb(&p->client, WH_SHE_KEY_1, v_pt, 48, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_key1, 48);
    assert_int_equal(wh_Client_SheEncCbc(&p->client, WH_SHE_KEY_1, v_iv, v_pt, 48, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_cbc_key1, 48);
    assert_int_equal(wh_Client_SheDecCbc(&p->client, WH_SHE_KEY_1, v_iv, v_cbc_key1, 48, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_pt, 48);
    assert_int_equal(wh_Client_SheDecEcb(&p->client, WH_SHE_KEY_1, v_ecb_key1, 48, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_pt, 48);
    assert_int_equal(wh_Client_SheLoadPlainKey(&p->client, v_key_KMAC, &rc), WH_ERROR_OK);
    assert_int_equal(wh_Client_SheGenerateMac(&p->client, WH_SHE_RAM_KEY, v_msg, 100, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_mac_100, 16);
    assert_int_equal(wh_Client_SheVerifyMac(&p->client, WH_SHE_RAM_KEY, v_msg, 100, v_mac_100, 64,
                                            &st, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_OK);
    assert_int_equal(wh_Client_SheExportRamKey(&p->client, &e, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheInitRng(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(wh_Client_SheRnd(&p->client, out, &rc), WH_ERROR_OK);
    assert_memory_equal(out, v_rnd1, 16);
    assert_int_equal(wh_Client_SheExtendSeed(&p->client, v_entropy, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheGetStatus(&p->client, &sreg, &rc), WH_ERROR_OK);
    assert_int_equal(sreg, WH_SHE_SREG_RND_INIT);
    assert_int_equal(wh_Client_SheGetId(&p->client, v_challenge, uid, &sreg, out, &rc),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_getid_mac_sreg20, 16);
    assert_int_equal(wh_Client_SheSecureBoot(&p->client, v_boot_img, 100, &sreg, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_NO_SECURE_BOOT); /* no BOOT_MAC_KEY */
    assert_int_equal(wh_Client_SheBootOk(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(wh_Client_SheBootFailure(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(wh_Client_SheSecureBoot(&p->client, v_boot_img, 0, &sreg, &rc),
                     WH_ERROR_BADARGS);
    whTest_PairStopServer(p);
}

/* DEBUG_CHALLENGE / DEBUG_AUTHORIZATION and CANCEL: every ERC path, then the erase. */
static void test_debug(void** state)
{
    whTestPair* p = *state;
    uint8_t     c[16];
    uint8_t     wrong[16];
    uint8_t     out[48];
    uint8_t     uid[15];
    uint8_t     mac[16];
    uint8_t     sreg;

    /* The challenge comes from the PRNG: none before INIT_RNG. No challenge: sequence. */
    assert_int_equal(debugChallenge(p, c), WH_ERROR_SHE_RNG_SEED);
    assert_int_equal(debugAuth(p, v_dbgresp1), WH_ERROR_SHE_SEQUENCE_ERROR);
    /* CANCEL with nothing to cancel: no error. */
    assert_int_equal(simple(p, wh_Client_SheCancelRequest, wh_Client_SheCancelResponse),
                     WH_ERROR_OK);
    provision(p);
    assert_int_equal(LOAD(p, dbg), WH_ERROR_OK);
    assert_int_equal(plainKey(p, v_key_KRAM), WH_ERROR_OK);
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    /* The first challenge is the PRNG's next output (the script's chain). A wrong answer:
     * ERC_NO_DEBUGGING, and the challenge is used up. */
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal1, 16);
    memcpy(wrong, v_dbgresp1, 16);
    wrong[15] ^= 0x01u;
    assert_int_equal(debugAuth(p, wrong), WH_ERROR_SHE_NO_DEBUGGING);
    assert_int_equal(debugAuth(p, v_dbgresp1), WH_ERROR_SHE_SEQUENCE_ERROR);
    /* CANCEL drops a pending challenge. */
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal2, 16);
    assert_int_equal(simple(p, wh_Client_SheCancelRequest, wh_Client_SheCancelResponse),
                     WH_ERROR_OK);
    assert_int_equal(debugAuth(p, v_dbgresp2), WH_ERROR_SHE_SEQUENCE_ERROR);
    /* Nothing was erased by the refusals. */
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_key1, 48);
    /* A newer challenge replaces the older one; the right answer erases every NVM key and
     * RAM_KEY. */
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal4, 16);
    assert_int_equal(debugAuth(p, v_dbgresp3), WH_ERROR_SHE_NO_DEBUGGING);
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal5, 16);
    assert_int_equal(debugAuth(p, v_dbgresp5), WH_ERROR_OK);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 10, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_RAM_KEY, NULL, v_pt, 16,
                              out),
                     WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_true(whTest_AllEqual(mac, 16, 0));  /* MASTER_ECU_KEY is gone */
    assert_memory_equal(uid, v_master_m1, 15); /* the identity is not */
    /* The PRNG survives: the next RND continues the chain. */
    assert_int_equal(rnd(p, out), WH_ERROR_OK);
    assert_memory_equal(out, v_chal6, 16);
    assert_int_equal(status(p), WH_SHE_SREG_RND_INIT);
    /* Without MASTER_ECU_KEY: ERC_KEY_EMPTY. */
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal7, 16);
    assert_int_equal(debugAuth(p, v_dbgresp7), WH_ERROR_SHE_KEY_EMPTY);
    /* Any write-protected key refuses debugging, even with the right answer: the spec's
     * first check, before MASTER_ECU_KEY. */
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(LOAD(p, wp), WH_ERROR_OK);
    assert_int_equal(debugChallenge(p, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal8, 16);
    assert_int_equal(debugAuth(p, v_dbgresp8), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_false(whTest_AllEqual(mac, 16, 0)); /* still there */
    assert_int_equal(LOAD(p, wp2), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
}

/* The challenge belongs to the client that asked for it. */
static void test_debug_two_clients(void** state)
{
    whTestShared* f = *state;
    uint8_t       c[16];
    uint8_t       out[16];

    assert_int_equal(LOAD(&f->a, master), WH_ERROR_OK);
    assert_int_equal(LOAD(&f->a, example), WH_ERROR_OK);
    assert_int_equal(simple(&f->a, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(debugChallenge(&f->a, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal1, 16);
    /* b neither answers it nor cancels it. */
    assert_int_equal(debugAuth(&f->b, v_dbgresp1), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(simple(&f->b, wh_Client_SheCancelRequest, wh_Client_SheCancelResponse),
                     WH_ERROR_OK);
    assert_int_equal(debugAuth(&f->a, v_dbgresp1), WH_ERROR_OK);
    assert_int_equal(cipherOp(&f->b, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 16,
                              out),
                     WH_ERROR_SHE_KEY_EMPTY);
}

/* A MAC key prepared by one client's MAC commands is never used after another client changed
 * SHE keys: erased by b's DEBUG_AUTHORIZATION, a's next MAC finds the slot empty. */
static void test_mac_after_other_client_erased(void** state)
{
    whTestShared* f = *state;
    uint8_t       c[16];
    uint8_t       mac[16];
    uint32_t      st = 9;

    assert_int_equal(LOAD(&f->a, master), WH_ERROR_OK);
    assert_int_equal(LOAD(&f->a, example), WH_ERROR_OK);
    assert_int_equal(LOAD(&f->a, mac), WH_ERROR_OK);
    assert_int_equal(genMac(&f->a, 5, v_msg, 128, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_mac_128, 16);
    assert_int_equal(verMac(&f->a, 5, v_msg, 128, v_mac_128, 32, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_OK);
    assert_int_equal(simple(&f->b, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(debugChallenge(&f->b, c), WH_ERROR_OK);
    assert_memory_equal(c, v_chal1, 16);
    assert_int_equal(debugAuth(&f->b, v_dbgresp1), WH_ERROR_OK);
    assert_int_equal(genMac(&f->a, 5, v_msg, 128, mac), WH_ERROR_SHE_KEY_EMPTY);
    assert_int_equal(verMac(&f->a, 5, v_msg, 128, v_mac_128, 32, &st), WH_ERROR_SHE_KEY_EMPTY);
}

/* GENERATE_MAC / VERIFY_MAC on a key prepared by an earlier MAC (served without the NVM lock
 * while no SHE key changed) see every change another client made in between: the slot's key
 * and flags replaced, RAM_KEY replaced, a debugger attached, and each of those back. */
static void test_mac_state_changes(void** state)
{
    whTestShared* f = *state;
    uint8_t       mac[16];
    uint32_t      st;
    int           i;

    assert_int_equal(LOAD(&f->a, master), WH_ERROR_OK);
    assert_int_equal(LOAD(&f->a, mac), WH_ERROR_OK);
    assert_int_equal(LOAD(&f->a, dbgMac), WH_ERROR_OK);
    for (i = 0; i < 2; i++) { /* the second time on the prepared key */
        memset(mac, 0, sizeof(mac));
        assert_int_equal(genMac(&f->a, 5, v_msg, 128, mac), WH_ERROR_OK);
        assert_memory_equal(mac, v_mac_128, 16);
    }
    /* b replaces KEY_2 by another key, VERIFY_ONLY: a's next commands use the new one. */
    assert_int_equal(LOAD(&f->b, macVo), WH_ERROR_OK);
    assert_int_equal(genMac(&f->a, 5, v_msg, 128, mac), WH_ERROR_SHE_KEY_INVALID);
    for (i = 0; i < 2; i++) {
        st = 9;
        assert_int_equal(verMac(&f->a, 5, v_msg, 128, v_mac_kw2_128, 32, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_OK);
        assert_int_equal(verMac(&f->a, 5, v_msg, 128, v_mac_128, 32, &st), WH_ERROR_OK);
        assert_int_equal(st, WH_SHE_VERIFY_FAILED);
    }

    /* A debugger attached between two MACs of a DEBUGGER_PROTECTION key, then detached. */
    assert_int_equal(genMac(&f->a, 11, v_msg, 128, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_mac_128, 16);
    whTest_SheSetDebugger(WH_SHE_SREG_EXT_DEBUGGER);
    assert_int_equal(genMac(&f->a, 11, v_msg, 128, mac), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(verMac(&f->a, 11, v_msg, 128, v_mac_128, 32, &st),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(genMac(&f->a, 5, v_msg, 128, mac), WH_ERROR_SHE_KEY_INVALID);
    assert_int_equal(verMac(&f->a, 5, v_msg, 128, v_mac_kw2_128, 32, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_OK); /* a key without the flag is not concerned */
    whTest_SheSetDebugger(0);
    memset(mac, 0, sizeof(mac));
    assert_int_equal(genMac(&f->a, 11, v_msg, 128, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_mac_128, 16);

    /* RAM_KEY replaced by b's LOAD_PLAIN_KEY between two of a's MACs. */
    assert_int_equal(plainKey(&f->a, v_key_KMAC), WH_ERROR_OK);
    for (i = 0; i < 2; i++) {
        assert_int_equal(genMac(&f->a, WH_SHE_RAM_KEY, v_msg, 128, mac), WH_ERROR_OK);
        assert_memory_equal(mac, v_mac_128, 16);
    }
    assert_int_equal(plainKey(&f->b, v_key_KW2), WH_ERROR_OK);
    assert_int_equal(genMac(&f->a, WH_SHE_RAM_KEY, v_msg, 128, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_mac_kw2_128, 16);
}

/* A boot-protected key prepared by a's MACs after a passing secure boot: refused from the
 * moment b sends BOOT_FAILURE, on the prepared copy too. */
static void test_mac_boot_failure_between_macs(void** state)
{
    whTestShared* f    = *state;
    uint8_t       sreg = 0;
    uint32_t      st   = 9;

    provisionBoot(&f->a, 1);
    assert_int_equal(secureBoot(&f->a, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    assert_int_equal(bootKeyMac(&f->a), WH_ERROR_OK);
    assert_int_equal(bootKeyMac(&f->a), WH_ERROR_OK);
    assert_int_equal(verMac(&f->a, BOOT_KEY, v_msg, 128, v_mac_128, 32, &st), WH_ERROR_OK);
    assert_int_equal(st, WH_SHE_VERIFY_OK);
    assert_int_equal(BOOT_FAILURE(&f->b), WH_ERROR_OK);
    assert_int_equal(bootKeyMac(&f->a), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(verMac(&f->a, BOOT_KEY, v_msg, 128, v_mac_128, 32, &st),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
}

/* DEBUGGER_PROTECTION: unusable while the board reports a debugger; SREG shows it. */
static void test_debugger_protection(void** state)
{
    whTestPair* p = *state;
    uint8_t     out[48];
    uint8_t     uid[15];
    uint8_t     mac[16];
    uint8_t     sreg = 0;

    provision(p);
    assert_int_equal(LOAD(p, dbg), WH_ERROR_OK);
    whTest_SheSetDebugger(WH_SHE_SREG_EXT_DEBUGGER);
    assert_int_equal(status(p), WH_SHE_SREG_EXT_DEBUGGER);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_int_equal(sreg, WH_SHE_SREG_EXT_DEBUGGER);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 10, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_DEC_CBC, 10, v_iv, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    /* Nor may it authorise an update (its own). */
    assert_int_equal(LOAD(p, dbgSelf), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    /* A key without the flag still works. */
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, WH_SHE_KEY_1, NULL, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_key1, 48);
    whTest_SheSetDebugger(WH_SHE_SREG_INT_DEBUGGER);
    assert_int_equal(status(p), WH_SHE_SREG_INT_DEBUGGER);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 10, NULL, v_pt, 16, out),
                     WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    /* Detached: usable again, and the update goes through. */
    whTest_SheSetDebugger(0);
    assert_int_equal(status(p), 0u);
    assert_int_equal(cipherOp(p, WH_MESSAGE_SHE_ACTION_ENC_ECB, 10, NULL, v_pt, 48, out),
                     WH_ERROR_OK);
    assert_memory_equal(out, v_ecb_dbg, 48);
    assert_int_equal(LOAD(p, dbgSelf), WH_ERROR_OK);
}

/* Does any 16-byte window of buf equal the provisioned SECRET_KEY? */
static int holdsSecret(const uint8_t* buf, size_t len)
{
    size_t i;
    for (i = 0; i + 16u <= len; i++) {
        if (memcmp(buf + i, v_p_secret, 16) == 0) {
            return 1;
        }
    }
    return 0;
}

/* PROVISION: the identity, once; it survives a power-cycle and never comes out. */
static void test_provision(void** state)
{
    whTestShared*              f = *state;
    whTestPair*                p = &f->a;
    whMessageSheExportResponse e;
    uint8_t                    zero[15] = {0};
    uint8_t                    uid[15];
    uint8_t                    mac[16];
    uint8_t                    m4[32];
    uint8_t                    m5[16];
    uint8_t                    r[16];
    uint8_t                    sreg = 0xEE;

    /* Unprovisioned, this build's development identity. */
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_master_m1, 15);
    /* Bad requests change nothing. */
    assert_int_equal(provisionId(p, zero, 0, v_p_secret), WH_ERROR_SHE_GENERAL_ERROR);
    assert_int_equal(provisionId(p, v_p_uid, 0x80, v_p_secret), WH_ERROR_SHE_GENERAL_ERROR);
    assert_int_equal(wh_Client_SheProvisionRequest(&p->client, v_p_uid, 0, NULL), WH_ERROR_BADARGS);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_master_m1, 15);
    /* Provisioned: the new UID everywhere, the new SECRET_KEY in the PRNG and EXPORT_RAM_KEY. */
    assert_int_equal(provisionId(p, v_p_uid, 0, v_p_secret), WH_ERROR_OK);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_p_uid, 15);
    assert_int_equal(LOAD(p, master), WH_ERROR_SHE_KEY_UPDATE_ERROR); /* the old UID */
    assert_int_equal(loadKey(p, v_p_master_m1, v_p_master_m2, v_p_master_m3, m4, m5), WH_ERROR_OK);
    assert_memory_equal(m4, v_p_master_m4, 32);
    assert_memory_equal(m5, v_p_master_m5, 16);
    assert_false(holdsSecret(m4, sizeof(m4)) || holdsSecret(m5, sizeof(m5)));
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_memory_equal(r, v_p_rnd1, 16);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(mac, v_p_getid_mac, 16);
    assert_false(holdsSecret(uid, sizeof(uid)) || holdsSecret(mac, sizeof(mac)));
    assert_int_equal(plainKey(p, v_key_KPLAIN), WH_ERROR_OK);
    assert_int_equal(exportRam(p, &e), WH_ERROR_OK);
    assert_memory_equal(e.m1, v_p_export_m1, 16);
    assert_memory_equal(e.m2, v_p_export_m2, 32);
    assert_memory_equal(e.m3, v_p_export_m3, 16);
    assert_memory_equal(e.m4, v_p_export_m4, 32);
    assert_memory_equal(e.m5, v_p_export_m5, 16);
    assert_false(holdsSecret((const uint8_t*)&e, sizeof(e)));
    assert_int_equal(debugChallenge(p, r), WH_ERROR_OK);
    assert_false(holdsSecret(r, sizeof(r)));
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    assert_false(holdsSecret(r, sizeof(r)));
    /* Locked: a second identity is refused, also one the HSM would draw, also from the other
     * client. */
    assert_int_equal(provisionId(p, v_master_m1, 0, v_p_secret), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    assert_int_equal(provisionId(&f->b, v_master_m1, WH_SHE_PROVISION_GENERATE, NULL),
                     WH_ERROR_SHE_KEY_WRITE_PROTECTED);
    /* Nor does a debug authorisation erase it. */
    assert_int_equal(debugChallenge(p, r), WH_ERROR_OK);
    {
        uint8_t sink[16] = {0};
        assert_int_equal(debugAuth(p, sink), WH_ERROR_SHE_NO_DEBUGGING);
    }
    /* After a power-cycle: the same identity. */
    whTest_SharedReboot(f);
    assert_int_equal(getId(&f->b, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_p_uid, 15);
    assert_int_equal(sreg, 0u);
    assert_int_equal(simple(&f->b, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(provisionId(&f->b, v_master_m1, 0, v_p_secret),
                     WH_ERROR_SHE_KEY_WRITE_PROTECTED);
}

/* PROVISION with a SECRET_KEY the HSM draws itself: nobody knows it, the device still works. */
static void test_provision_generated(void** state)
{
    whTestPair* p = *state;
    uint8_t     uid[15];
    uint8_t     mac[16];
    uint8_t     r[16];
    uint8_t     sreg;

    assert_int_equal(provisionId(p, v_p_uid, WH_SHE_PROVISION_GENERATE, NULL), WH_ERROR_OK);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_p_uid, 15);
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(rnd(p, r), WH_ERROR_OK);
    /* Neither the development SECRET_KEY nor the test one. */
    assert_memory_not_equal(r, v_rnd1, 16);
    assert_memory_not_equal(r, v_p_rnd1, 16);
    assert_int_equal(provisionId(p, v_p_uid, 0, v_p_secret), WH_ERROR_SHE_KEY_WRITE_PROTECTED);
}

/* A request of the new actions shorter than its payload, or an action that does not exist:
 * refused before anything is looked at. */
static int32_t rawRequest(whTestPair* p, uint16_t action, uint16_t size)
{
    int32_t rc = RC_UNSET;
    memset(wh_Client_Data(&p->client), 0x11, size);
    assert_int_equal(wh_Client_SendRequest(&p->client,
                                           WH_MESSAGE_KIND(WH_MESSAGE_GROUP_SHE, action), size),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_RecvEmptyResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static void test_malformed_new_actions(void** state)
{
    whTestPair* p = *state;
    uint8_t     uid[15];
    uint8_t     mac[16];
    uint8_t     sreg;

    assert_int_equal(rawRequest(p, WH_MESSAGE_SHE_ACTION_DEBUG_AUTHORIZATION, 15),
                     WH_ERROR_TRUNCATED);
    assert_int_equal(rawRequest(p, WH_MESSAGE_SHE_ACTION_PROVISION, 31), WH_ERROR_TRUNCATED);
    assert_int_equal(rawRequest(p, WH_MESSAGE_SHE_ACTION_PROVISION + 1u, 32), WH_ERROR_BADKIND);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_master_m1, 15); /* not provisioned by the short request */
    /* Full size, every byte 0x11: the flags byte has an unknown bit. */
    assert_int_equal(rawRequest(p, WH_MESSAGE_SHE_ACTION_PROVISION, 32),
                     WH_ERROR_SHE_GENERAL_ERROR);
}

/* Nothing provisioned: BOOT_OK and BOOT_FAILURE before secure boot, SECURE_BOOT without
 * BOOT_MAC_KEY, twice. */
static void test_secure_boot_sequence(void** state)
{
    whTestPair* p    = *state;
    uint8_t     sreg = 0xEE;

    assert_int_equal(BOOT_OK(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_FAILURE(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(status(p), 0u);
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
    assert_int_equal(LOAD(p, bootProtMac), WH_ERROR_OK);
    assert_int_equal(bootKeyMac(p), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    /* BOOT_MAC_KEY empty: no secure boot, SREG unchanged, the key stays locked. */
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_SHE_NO_SECURE_BOOT);
    assert_int_equal(status(p), 0u);
    assert_int_equal(bootKeyMac(p), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(BOOT_OK(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_FAILURE(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    /* Once per reset, even when BOOT_MAC_KEY arrives afterwards. */
    assert_int_equal(LOAD(p, bootKey), WH_ERROR_OK);
    assert_int_equal(LOAD(p, bootMac100), WH_ERROR_OK);
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(status(p), 0u);
    assert_int_equal(bootKeyMac(p), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
}

/* A passing boot: BOOT_MAC (the script's, size in bits) matches; the key unlocks; BOOT_OK
 * closes the phase. */
static void test_secure_boot_pass(void** state)
{
    whTestPair* p    = *state;
    uint8_t     sreg = 0xEE;

    provisionBoot(p, 1);
    assert_int_equal(bootKeyMac(p), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    assert_int_equal(status(p), SREG_PASSED);
    assert_int_equal(bootKeyMac(p), WH_ERROR_OK);
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_OK(p), WH_ERROR_OK);
    assert_int_equal(status(p), SREG_PASSED_ENDED);
    /* The phase is over: neither verdict again; the key stays usable. */
    assert_int_equal(BOOT_OK(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_FAILURE(p), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(status(p), SREG_PASSED_ENDED);
    assert_int_equal(bootKeyMac(p), WH_ERROR_OK);
    /* SREG in GET_ID too, and RND_INIT beside the boot bits. */
    assert_int_equal(simple(p, wh_Client_SheInitRngRequest, wh_Client_SheInitRngResponse),
                     WH_ERROR_OK);
    assert_int_equal(status(p), SREG_PASSED_ENDED | WH_SHE_SREG_RND_INIT);
}

/* BOOT_MAC computed with the image size in bytes (a classic mistake) must not match: the
 * size goes in bits. */
static void test_secure_boot_size_in_bits(void** state)
{
    whTestPair* p    = *state;
    uint8_t     sreg = 0xEE;

    assert_memory_not_equal(v_boot_mac100, v_boot_mac100_bytes, 16);
    provisionBoot(p, 0);
    assert_int_equal(LOAD(p, bootMacBytes), WH_ERROR_OK);
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_FAILED);
    assert_int_equal(bootKeyMac(p), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
}

/* A whole number of blocks (64 bytes): the MAC's other padding path. BOOT_MAC empty first:
 * autonomous personalisation stores the MAC of the first image and trusts it; after a reset
 * the same image passes without BOOT_INIT, another fails. */
static void test_secure_boot_personalise(void** state)
{
    whTestShared f;
    uint8_t      sreg = 0xEE;
    uint8_t      other[100];

    (void)state;
    whTest_SharedInit(&f, CLIENT_ID, CLIENT_ID + 1);
    provisionBoot(&f.a, 0);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 64, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PERSONALISED);
    assert_int_equal(bootKeyMac(&f.a), WH_ERROR_OK);
    assert_int_equal(BOOT_OK(&f.a), WH_ERROR_OK);
    assert_int_equal(status(&f.a), SREG_PERSONALISED | WH_SHE_SREG_BOOT_FINISHED);

    whTest_SharedReboot(&f);
    assert_int_equal(status(&f.a), 0u);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 64, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);

    whTest_SharedReboot(&f);
    memcpy(other, v_boot_img, sizeof(other));
    other[63] ^= 0x01u;
    assert_int_equal(secureBoot(&f.a, other, 64, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_FAILED);

    /* The personalised BOOT_MAC (counter 0) is updated like any slot: the script's MAC of the
     * 64 bytes, counter 1, authorised by MASTER_ECU_KEY. */
    whTest_SharedReboot(&f);
    assert_int_equal(LOAD(&f.a, bootMac64), WH_ERROR_OK);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 64, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    whTest_SharedCleanup(&f);
}

/* A mismatch ends the phase failed; BOOT_FAILURE after a pass locks the keys for every
 * client until reset; a reset and a passing boot unlock them. */
static void test_secure_boot_failure(void** state)
{
    whTestShared f;
    uint8_t      sreg = 0xEE;
    uint8_t      tampered[100];

    (void)state;
    whTest_SharedInit(&f, CLIENT_ID, CLIENT_ID + 1);
    provisionBoot(&f.a, 1);
    memcpy(tampered, v_boot_img, sizeof(tampered));
    tampered[99] ^= 0x80u;
    assert_int_equal(secureBoot(&f.a, tampered, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_FAILED);
    assert_int_equal(bootKeyMac(&f.a), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(BOOT_OK(&f.a), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_FAILURE(&f.a), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(status(&f.a), SREG_FAILED);

    whTest_SharedReboot(&f);
    assert_int_equal(status(&f.a), 0u);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    assert_int_equal(bootKeyMac(&f.b), WH_ERROR_OK); /* one SHE per device: client b too */
    assert_int_equal(BOOT_FAILURE(&f.b), WH_ERROR_OK);
    assert_int_equal(status(&f.a), SREG_FAILED);
    assert_int_equal(bootKeyMac(&f.a), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(bootKeyMac(&f.b), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(BOOT_FAILURE(&f.a), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(BOOT_OK(&f.a), WH_ERROR_SHE_SEQUENCE_ERROR);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 100, &sreg), WH_ERROR_SHE_SEQUENCE_ERROR);
    /* Keys without BOOT_PROTECTION are not concerned. */
    assert_int_equal(LOAD(&f.a, mac), WH_ERROR_OK);
    {
        uint8_t mac[16];
        assert_int_equal(genMac(&f.a, 5, v_msg, 128, mac), WH_ERROR_OK);
    }
    /* Until reset: after it, locked until secure boot passes again. */
    whTest_SharedReboot(&f);
    assert_int_equal(bootKeyMac(&f.a), WH_ERROR_SHE_KEY_NOT_AVAILABLE);
    assert_int_equal(secureBoot(&f.a, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    assert_int_equal(bootKeyMac(&f.a), WH_ERROR_OK);
    /* A newer BOOT_MAC (counter 2, the same value) by BOOT_MAC_KEY: taken. */
    assert_int_equal(LOAD(&f.a, bootMacAgain), WH_ERROR_OK);
    whTest_SharedCleanup(&f);
}

#ifndef WH_TEST_TARGET
/* SECURE_BOOT requests the client API would not send: the size field rewritten in the
 * mailbox after the client wrote the request (0; larger than the payload; larger than
 * WH_SHE_DATA_MAX): ERC_GENERAL_ERROR, and no secure boot consumed. */
static void test_secure_boot_bad_requests(void** state)
{
    static const uint32_t sizes[] = {0u, 17u, WH_SHE_DATA_MAX + 1u};
    whTestPair*           p       = *state;
    uint8_t               sreg    = 0xEE;
    unsigned              i;

    provisionBoot(p, 1);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        int32_t rc = RC_UNSET;
        assert_int_equal(wh_Client_SheSecureBootRequest(&p->client, v_boot_img, 16), WH_ERROR_OK);
        memcpy(p->region->mailbox.data.bytes + sizeof(whCommHeader), &sizes[i], sizeof(sizes[i]));
        whTest_Serve(p);
        assert_int_equal(wh_Client_SheSecureBootResponse(&p->client, &sreg, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_SHE_GENERAL_ERROR);
        assert_int_equal(status(p), 0u);
    }
    assert_int_equal(secureBoot(p, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
}

/* The HSM's own entry points (its firmware's, at boot): LOAD_KEY with every check, then
 * SECURE_BOOT over an image it holds; a client's SECURE_BOOT afterwards is a sequence error. */
static void test_secure_boot_server_api(void** state)
{
    whTestPair* p = *state;
    uint8_t     m4[32];
    uint8_t     m5[16];
    uint8_t     sreg = 0xEE;

    assert_int_equal(wh_Server_SheSecureBoot(NULL, v_boot_img, 100, &sreg), WH_ERROR_BADARGS);
    assert_int_equal(wh_Server_SheLoadKey(&p->server, v_master_m1, NULL, v_master_m3, m4, m5),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Server_SheSecureBoot(&p->server, v_boot_img, 100, &sreg),
                     WH_ERROR_SHE_NO_SECURE_BOOT);
    assert_int_equal(sreg, 0u);
    assert_int_equal(wh_Server_SheSecureBoot(&p->server, v_boot_img, 100, &sreg),
                     WH_ERROR_SHE_SEQUENCE_ERROR);
    wh_Server_Cleanup(&p->server); /* a reset of the device's RAM state */
    assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    assert_int_equal(wh_Server_SheLoadKey(&p->server, v_master_m1, v_master_m2, v_master_m3, m4,
                                          m5),
                     WH_ERROR_OK);
    assert_memory_equal(m4, v_master_m4, 32);
    assert_memory_equal(m5, v_master_m5, 16);
    assert_int_equal(wh_Server_SheLoadKey(&p->server, v_bootKey_m1, v_bootKey_m2, v_bootKey_m3,
                                          NULL, NULL),
                     WH_ERROR_OK);
    assert_int_equal(wh_Server_SheLoadKey(&p->server, v_bootMac100_m1, v_bootMac100_m2,
                                          v_bootMac100_m3, NULL, NULL),
                     WH_ERROR_OK);
    assert_int_equal(wh_Server_SheLoadKey(&p->server, v_bootMac100_m1, v_bootMac100_m2,
                                          v_bootMac100_m3, NULL, NULL),
                     WH_ERROR_SHE_KEY_UPDATE_ERROR); /* a replay */
    assert_int_equal(wh_Server_SheSecureBoot(&p->server, v_boot_img, 100, &sreg), WH_ERROR_OK);
    assert_int_equal(sreg, SREG_PASSED);
    assert_int_equal(wh_Server_SheSecureBoot(&p->server, v_boot_img, 0, &sreg),
                     WH_ERROR_SHE_SEQUENCE_ERROR);
}

/* Provisioning needs WH_POLICY_SHE_PROVISION. */
static void test_provision_policy(void** state)
{
    whTestPair*           p      = *state;
    const whServerPolicy* was    = p->server.policy;
    whServerPolicy        noProv = *was;
    uint8_t               uid[15];
    uint8_t               mac[16];
    uint8_t               sreg;

    noProv.she       = 0;
    p->server.policy = &noProv;
    assert_int_equal(provisionId(p, v_p_uid, 0, v_p_secret), WH_ERROR_ACCESS);
    assert_int_equal(getId(p, uid, &sreg, mac), WH_ERROR_OK);
    assert_memory_equal(uid, v_master_m1, 15);
    p->server.policy = was;
    assert_int_equal(provisionId(p, v_p_uid, 0, v_p_secret), WH_ERROR_OK);
}

/* The policy: the group bit, and the LOAD_KEY bit (the target's HSM has the test policy). */
static void test_policy(void** state)
{
    whTestPair*           p      = *state;
    const whServerPolicy* was    = p->server.policy;
    whServerPolicy        noShe  = *was;
    whServerPolicy        noLoad = *was;
    uint8_t               r[16];

    noShe.groups &= ~WH_POLICY_GROUP(WH_MESSAGE_GROUP_SHE);
    noLoad.she       = WH_POLICY_SHE_NO_LOAD_KEY;
    p->server.policy = &noShe;
    assert_int_equal(rnd(p, r), WH_ERROR_ACCESS);
    p->server.policy = &noLoad;
    assert_int_equal(LOAD(p, master), WH_ERROR_ACCESS);
    assert_int_equal(rnd(p, r), WH_ERROR_SHE_RNG_SEED);
    p->server.policy = was;
    assert_int_equal(LOAD(p, master), WH_ERROR_OK);
}
#endif

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_worked_example, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_and_counters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auth_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cipher, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rng_status_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_ram_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_debug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_debug_two_clients, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_mac_after_other_client_erased, setupShared,
                                        teardownShared),
        cmocka_unit_test_setup_teardown(test_mac_state_changes, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_mac_boot_failure_between_macs, setupShared,
                                        teardownShared),
        cmocka_unit_test_setup_teardown(test_debugger_protection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_provision, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_provision_generated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_new_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_boot_sequence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_boot_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_boot_size_in_bits, setup, teardown),
        cmocka_unit_test(test_secure_boot_personalise),
        cmocka_unit_test(test_secure_boot_failure),
#ifndef WH_TEST_TARGET
        cmocka_unit_test_setup_teardown(test_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_provision_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_boot_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_boot_server_api, setup, teardown),
#endif
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
