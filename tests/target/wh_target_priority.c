/*
 * tests/target/wh_target_priority.c: the scheduler's priority classes and fairness on the
 * HSM core (core 0 of the on-target test image; the order itself is wh_sched.c's, checked on
 * the host by tests/test_sched.c).
 *
 * The test firmware (core1_test.c) puts mailbox 2's context in class 1 (the SecOC client)
 * and mailboxes 0 and 1 in class 0 (diagnostics). To make several requests wait for the same
 * step, core 0 asks the HSM to hold (WH_TARGET_CTRL_HOLD: it serves nothing until released),
 * sends them, and releases it; the HSM then logs which mailboxes each step served
 * (WH_TARGET_CTRL_LOG), one request or one slice per context and step at most.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core0_board.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "util/wh_test_util.h"
#include "wh_target_control.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"

#define LOW_A 0u /* diagnostics */
#define LOW_B 1u /* diagnostics */
#define HIGH 2u  /* SecOC */
#define M(n) (1u << (n))
#define WAIT_MS 20000u /* a sliced signature on the HSM takes some 15 M instructions */
#define LOG_STEPS (3u * WH_TARGET_LOG_PER_WORD)

static whClientContext clients[MPS2_CLIENT_COUNT];

/* A fresh HSM (erased NVM), client ids 1..3 on the mailboxes, each connected. */
static int setup(void** state)
{
    static const uint16_t ids[MPS2_CLIENT_COUNT] = {1, 2, 3};
    unsigned              i;

    (void)state;
    if (whTarget_HsmControl(WH_TARGET_CTRL_RESET, ids, 0, NULL) != WH_ERROR_OK) {
        return -1;
    }
    for (i = 0; i < MPS2_CLIENT_COUNT; i++) {
        int32_t rc = -1;
        memset(&clients[i], 0, sizeof(clients[i]));
        if ((core0_ClientInit(&clients[i], i, WAIT_MS) != WH_ERROR_OK) ||
            (wh_Client_CommConnect(&clients[i], NULL, NULL, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            return -1;
        }
    }
    return 0;
}

static int teardown(void** state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < MPS2_CLIENT_COUNT; i++) {
        (void)wh_Client_Cleanup(&clients[i]);
    }
    return 0;
}

/* The HSM serves nothing from now until release(). Returns what release() needs. */
static uint32_t hold(void)
{
    uint32_t out[3] = {0, 0, 0};
    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_HOLD, NULL, 0, out), WH_ERROR_OK);
    return out[0];
}

static void release(uint32_t seq)
{
    __asm volatile("dmb" ::: "memory"); /* the requests before the release */
    WH_TARGET_CTRL->release = seq;
}

/* The steps that served since the release: out_steps[k] is the mask of mailboxes served by
 * the k-th, 0 after the last. */
static void stepLog(uint8_t out_steps[LOG_STEPS])
{
    uint32_t out[3] = {0, 0, 0};
    unsigned k;

    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_LOG, NULL, 0, out), WH_ERROR_OK);
    for (k = 0; k < LOG_STEPS; k++) {
        uint32_t word = out[k / WH_TARGET_LOG_PER_WORD];
        out_steps[k]  = (uint8_t)((word >> ((k % WH_TARGET_LOG_PER_WORD) * WH_TARGET_LOG_BITS)) &
                                 ((1u << WH_TARGET_LOG_BITS) - 1u));
    }
}

/* Wait for client n's answer (the clients share core 0's doorbell). */
static void waitAnswer(unsigned n)
{
    uint32_t start = mps2Timer_Millis();

    while (!wh_CommClient_Ready(&clients[n].comm)) {
        assert_true((mps2Timer_Millis() - start) < WAIT_MS);
        (void)wh_CommClient_Wait(&clients[n].comm, 100u);
        mps2Watchdog_Kick();
    }
}

static void echoRequest(unsigned n)
{
    assert_int_equal(wh_Client_EchoRequest(&clients[n], 4, "ping"), WH_ERROR_OK);
}

/* Is client n's echo answered? Then take it (and check it). */
static int echoTake(unsigned n)
{
    uint8_t  out[4] = {0};
    uint16_t size   = sizeof(out);
    int32_t  rc     = -1;
    int      ret    = wh_Client_EchoResponse(&clients[n], &size, out, &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return 0;
    }
    assert_int_equal(ret, WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(size, 4);
    assert_memory_equal(out, "ping", 4);
    return 1;
}

static void echoAnswered(unsigned n)
{
    waitAnswer(n);
    assert_true(echoTake(n));
}

/* Two diagnostics requests wait, then a SecOC request comes behind them: the first step
 * serves the SecOC client alone, the next both diagnostics clients (round-robin, one each). */
static void test_target_priority_high_class_first(void** state)
{
    uint8_t  steps[LOG_STEPS];
    uint32_t seq;

    (void)state;
    seq = hold();
    echoRequest(LOW_A);
    echoRequest(LOW_B);
    echoRequest(HIGH);
    release(seq);
    echoAnswered(LOW_A);
    echoAnswered(LOW_B);
    echoAnswered(HIGH);
    stepLog(steps);
    assert_int_equal(steps[0], M(HIGH));
    assert_int_equal(steps[1], M(LOW_A) | M(LOW_B));
    assert_int_equal(steps[2], 0);
}

/* A diagnostics client's ECDSA P-256 signature is under way (in slices in a TARGET_SLICES
 * build, where the hold comes between two of them; in one piece otherwise, done before the
 * hold) when a SecOC request and another diagnostics request arrive: the SecOC request is
 * served at the next slice boundary, before the signature's next slice; the other
 * diagnostics client is served beside the signature's slices, not after all of them. */
static void test_target_priority_at_slice_boundary(void** state)
{
    uint8_t  hash[32];
    uint8_t  pub[64];
    uint8_t  sig[WH_CRYPTO_MAX_SIG];
    uint16_t pubLen = sizeof(pub);
    uint16_t sigLen = sizeof(sig);
    uint16_t keyId  = 41;
    int32_t  rc     = -1;
    uint8_t  steps[LOG_STEPS];
    uint32_t seq;
    unsigned k;

    (void)state;
    memset(hash, 0x5A, sizeof(hash));
    assert_int_equal(wh_Client_KeyGenerate(&clients[LOW_A], WH_KEY_TYPE_ECC_P256,
                                           WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY,
                                           NULL, 0, &keyId, pub, &pubLen, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    /* The key generation's answer comes before the end of its step: a control request
     * (carried out between steps) first, so that the hold comes after the signature's first
     * step, not before it. */
    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_STATS, NULL, LOW_A, NULL), WH_ERROR_OK);
    assert_int_equal(wh_Client_SignRequest(&clients[LOW_A], WH_CRYPTO_ECDSA_P256, keyId, hash,
                                           sizeof(hash)),
                     WH_ERROR_OK);
    seq = hold();
#ifdef WH_TARGET_SLICES
    assert_false(wh_CommClient_Ready(&clients[LOW_A].comm)); /* between two slices */
#endif
    echoRequest(HIGH);
    echoRequest(LOW_B);
    release(seq);
    echoAnswered(HIGH);
    echoAnswered(LOW_B);
    waitAnswer(LOW_A);
    assert_int_equal(wh_Client_SignResponse(&clients[LOW_A], sig, &sigLen, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    stepLog(steps);
    assert_int_equal(steps[0], M(HIGH));
#ifdef WH_TARGET_SLICES
    assert_int_equal(steps[1], M(LOW_A) | M(LOW_B));
    for (k = 2; k < LOG_STEPS; k++) {
        assert_int_equal(steps[k], M(LOW_A)); /* the signature's slices, one a step */
    }
#else
    assert_int_equal(steps[1], M(LOW_B));
    for (k = 2; k < LOG_STEPS; k++) {
        assert_int_equal(steps[k], 0);
    }
#endif
    /* The signature is right. */
    assert_int_equal(wh_Client_Verify(&clients[LOW_B], WH_CRYPTO_ECDSA_P256, 0, pub, pubLen, sig,
                                      sigLen, hash, sizeof(hash), &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
}

/* A diagnostics client floods (asks again as soon as it has its answer, 40 times) while
 * the other asks 10 times, again each time it has its answer: each step serves each of them
 * at most once, so the other's requests are answered between the flood's. */
static void test_target_priority_flood_does_not_starve_peer(void** state)
{
    uint8_t  steps[LOG_STEPS];
    unsigned flood = 0;
    unsigned peer  = 0;
    unsigned since = 0; /* flood answers since the peer's last answer */
    uint32_t start;
    uint32_t seq;

    (void)state;
    seq = hold();
    echoRequest(LOW_A);
    echoRequest(LOW_B);
    release(seq);
    start = mps2Timer_Millis();
    while ((flood < 40u) || (peer < 10u)) {
        if ((mps2Timer_Millis() - start) >= WAIT_MS) {
            fail_msg("after %u ms: %u flood answers, %u peer answers", (unsigned)WAIT_MS, flood,
                     peer);
        }
        if ((flood < 40u) && echoTake(LOW_A)) {
            flood++;
            since++;
            if (flood < 40u) {
                echoRequest(LOW_A);
            }
        }
        if ((peer < 10u) && echoTake(LOW_B)) {
            peer++;
            assert_true(since <= 2u);
            since = 0;
            if (peer < 10u) {
                echoRequest(LOW_B);
            }
        }
        else if (!wh_CommClient_Ready(&clients[LOW_A].comm)) {
            /* Sleep until an answer rings (a loop that never sleeps keeps core 1 from
             * running in QEMU's -icount round-robin). */
            (void)wh_CommClient_Wait(&clients[LOW_A].comm, 100u);
        }
        mps2Watchdog_Kick();
    }
    stepLog(steps);
    assert_int_equal(steps[0], M(LOW_A) | M(LOW_B)); /* both waiting: one step for both */
}

int whTargetSuite_priority(void);
int whTargetSuite_priority(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_priority_high_class_first),
        cmocka_unit_test(test_target_priority_at_slice_boundary),
        cmocka_unit_test(test_target_priority_flood_does_not_starve_peer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
