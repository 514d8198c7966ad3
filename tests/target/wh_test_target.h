/*
 * tests/target/wh_test_target.h: the test fixture of the on-target test image (core 0 of
 * mps2-an521, built with WH_TEST_TARGET; included by util/wh_test_util.h).
 *
 * A pair is a client on one of the shared-memory mailboxes to the HSM core, and the server
 * is the HSM's test firmware on core 1 (core1_test.c). Where a host test makes a fresh NVM
 * context, the fixture power-cycles the HSM with erased NVM and binds the test's client ids
 * to the mailboxes; whTest_SharedReboot power-cycles it keeping the flash. whTest_Serve
 * waits for the HSM's answer.
 */
#ifndef WH_TEST_TARGET_H_
#define WH_TEST_TARGET_H_

#include <stdint.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_nvm.h"

typedef struct whTestPair_t {
    whClientContext client;
    unsigned        mailbox; /* 0..MPS2_CLIENT_COUNT-1 */
} whTestPair;

typedef struct whTestShared_t {
    whTestPair a; /* mailbox 0 */
    whTestPair b; /* mailbox 1 */
} whTestShared;

/* Power-cycle the HSM with erased NVM, clientId on mailbox 0, and init the client there
 * (nvm must be NULL: the HSM's NVM is the only one). doorbells is ignored: the MHU is
 * always there. timeoutMs 0: the fixture's default. */
void whTest_PairInit(whTestPair* p, whNvmContext* nvm, uint16_t clientId, int doorbells,
                     uint32_t timeoutMs);
/* The HSM core serves all the time: nothing to start or stop. */
void whTest_PairStartServer(whTestPair* p);
void whTest_PairStopServer(whTestPair* p);

#ifdef CMOCKA_H_ /* test files (cmocka.h first) */
/* The target runs every suite in one image: each test file's main is renamed
 * (-Dmain=whTargetSuite_<name>) and its cmocka_run_group_tests counts into the totals. */
int whTarget_RunGroup(const char* file, const struct CMUnitTest* tests, size_t count,
                      CMFixtureFunction setup, CMFixtureFunction teardown);
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(tests, setup, teardown) \
    whTarget_RunGroup(__FILE__, (tests), sizeof(tests) / sizeof((tests)[0]), (setup), (teardown))
#endif

/* Totals over every group run so far. */
void whTarget_Totals(unsigned* passed, unsigned* failed);

/* Ask the HSM core's test control (wh_target_control.h) to do op (WH_TARGET_CTRL_*) with
 * args; waits for it. Returns its result (WH_ERROR_*), WH_ERROR_TIMEOUT when core 1 did not
 * answer. out may be NULL. */
int whTarget_HsmControl(uint32_t op, const uint16_t ids[], uint32_t arg0, uint32_t out[3]);

/* Run the isolation probe named name (wh_target_probe.c): the run must end in the fault it
 * expects, or, for a probe the hardware answers without a fault, it returns MPS2_EXIT_OK
 * after showing the access had no effect. MPS2_EXIT_FAIL when the access went through. */
int whTarget_Probe(const char* name);

/* Print every probe's name on one line ("core0: probes: ..."). */
void whTarget_ProbeList(void);

/* The HSM core restarted at many points while three clients stream state changes with
 * retries (wh_target_restart.c): MPS2_EXIT_OK when every acknowledged change is there
 * exactly once and no client hung. */
int whTarget_RestartTest(void);

#endif /* !WH_TEST_TARGET_H_ */
