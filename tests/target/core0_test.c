/*
 * tests/target/core0_test.c: core0_Main of the on-target test image (core 0 of mps2-an521,
 * with core0_board.c; the HSM core runs the test firmware, core1_test.c).
 *
 * Runs the client-side test suites (the same test files as on Linux, built with
 * WH_TEST_TARGET: tests that need the host's threads or reach into the server's memory are
 * left out there) against the HSM core over the shared-memory mailboxes. CMocka prints one
 * TAP line per test ("ok 3 - test_name"); the run ends with "N passed, N failed" and the
 * semihosting exit code 0 when nothing failed.
 *
 * The semihosting command line (-semihosting-config ...,arg=<program>,arg=<mode>) picks what
 * to run:
 *   (none)       the suites
 *   suite NAME   one of them (comm_seq, ..., priority)
 *   fault-core1  the HSM core faults: the run must end with MPS2_EXIT_FAULT_CORE1
 *   hang-core1   the HSM's serving loop stops: its watchdog must end the run the same way
 *                (the test firmware keeps the watchdog fatal; the product's restarts core 1)
 *   restart-core1  core 1 restarted at many points while clients stream state changes
 *                with retries (wh_target_restart.c): each acknowledged change there once
 *   fault-core0  this core faults (an undefined instruction in the Non-secure host): the boot
 *                stage must report it and end the run with MPS2_EXIT_FAULT_CORE0
 *   probe NAME   one isolation probe (wh_target_probe.c): an access to the HSM's memory or
 *                peripherals or to the partition, which must fault or have no effect
 *   probes       list the probes' names
 * Each of these prints what it expects; reaching the end of one that must fault fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core0_board.h"
#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "util/wh_test_util.h"
#include "wh_target_control.h"
#include "wh_test_target.h"
#include "wolfhsm/wh_error.h"

#define WATCHDOG_MS 30000u /* no test step for this long: core 0 hangs */
#define EXPECT_MS 15000u   /* a fault or watchdog of core 1 must end the run by then */

/* The test image's clients present no configuration digest (core 1's test image has none). */
const uint64_t core0_ConfigDigest = 0;

/* Each test file's main, renamed (target_test.mk); argc 1: no test filter. */
int whTargetSuite_test_comm_seq(int argc, char** argv);
int whTargetSuite_test_client_nvm(int argc, char** argv);
int whTargetSuite_test_client_key(int argc, char** argv);
int whTargetSuite_test_client_counter(int argc, char** argv);
int whTargetSuite_test_client_crypto(int argc, char** argv);
int whTargetSuite_test_key_validation(int argc, char** argv);
int whTargetSuite_test_dma(int argc, char** argv);
int whTargetSuite_test_she(int argc, char** argv);
int whTargetSuite_test_crypto_constants(int argc, char** argv);
int whTargetSuite_test_crypto_driver(int argc, char** argv);
int whTargetSuite_priority(void); /* wh_target_priority.c: the scheduler's classes */

static const struct {
    const char* name;
    int (*run)(int argc, char** argv);
} suites[] = {
    {"comm_seq", whTargetSuite_test_comm_seq},
    {"client_nvm", whTargetSuite_test_client_nvm},
    {"client_key", whTargetSuite_test_client_key},
    {"client_counter", whTargetSuite_test_client_counter},
    {"client_crypto", whTargetSuite_test_client_crypto},
    {"key_validation", whTargetSuite_test_key_validation},
    {"dma", whTargetSuite_test_dma},
    {"she", whTargetSuite_test_she},
    {"crypto_constants", whTargetSuite_test_crypto_constants},
    {"crypto_driver", whTargetSuite_test_crypto_driver},
};

/* Every suite, or the one named only (NULL: every one). */
static int runSuites(const char* only)
{
    unsigned passed;
    unsigned failed;
    unsigned i;

    cmocka_set_message_output(CM_OUTPUT_TAP);
    for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if ((only != NULL) && (strcmp(only, suites[i].name) != 0)) {
            continue;
        }
        mps2Console_Printf("core0: suite %s (tests/test_%s.c) against the HSM core\n",
                           suites[i].name, suites[i].name);
        char* argv[] = {(char*)(uintptr_t)suites[i].name, NULL};
        (void)suites[i].run(1, argv);
    }
    if ((only == NULL) || (strcmp(only, "priority") == 0)) {
        mps2Console_Printf("core0: suite priority (tests/target/wh_target_priority.c): the HSM "
                           "scheduler's classes\n");
        (void)whTargetSuite_priority();
    }
    whTarget_Totals(&passed, &failed);
    mps2Console_Printf("core0: on-target tests (%s): %u passed, %u failed\n",
                       core0_IcountMode() ? "-icount shift=0" : "multi-threaded TCG", passed,
                       failed);
    return (failed == 0u) ? MPS2_EXIT_OK : MPS2_EXIT_FAIL;
}

/* Ask core 1 to fail in one way; it must end the emulator with its own code. */
static int expectCore1Ends(uint32_t op, const char* what)
{
    uint32_t start = mps2Timer_Millis();

    mps2Console_Printf("core0: test: %s: expecting core 1 to end the run with exit code %d\n", what,
                       MPS2_EXIT_FAULT_CORE1);
    (void)whTarget_HsmControl(op, NULL, 0, NULL);
    while ((mps2Timer_Millis() - start) < EXPECT_MS) {
        mps2Watchdog_Kick();
        __asm volatile("wfi");
    }
    mps2Console_Printf("core0: test: %s: core 1 is still running after %u ms: FAILED\n", what,
                       (unsigned)EXPECT_MS);
    return MPS2_EXIT_FAIL;
}

int core0_Main(void)
{
    char        cmdline[160];
    const char* mode = "";

    core0_Boot();
    mps2Watchdog_Start(WATCHDOG_MS, "core0 test runner", MPS2_EXIT_FAULT_CORE0);
    /* "<program> [mode]": without semihosting args QEMU gives the image's path alone. */
    if (mps2Semihost_Cmdline(cmdline, sizeof(cmdline)) == 0) {
        const char* space = strchr(cmdline, ' ');
        mode              = (space != NULL) ? space + 1 : "";
    }
    if (strcmp(mode, "fault-core1") == 0) {
        return expectCore1Ends(WH_TARGET_CTRL_FAULT, "fault on the HSM core");
    }
    if (strcmp(mode, "hang-core1") == 0) {
        return expectCore1Ends(WH_TARGET_CTRL_HANG, "HSM serving loop hangs");
    }
    if (strcmp(mode, "restart-core1") == 0) {
        return whTarget_RestartTest();
    }
    if (strcmp(mode, "fault-core0") == 0) {
        mps2Console_Printf("core0: test: an undefined instruction in the Non-secure host: "
                           "expecting the boot stage to report it, exit code %d\n",
                           MPS2_EXIT_FAULT_CORE0);
        __asm volatile("udf #0" ::: "memory");
        mps2Console_Printf("core0: test: no fault: FAILED\n");
        return MPS2_EXIT_FAIL;
    }
    if (strncmp(mode, "probe ", 6) == 0) {
        return whTarget_Probe(mode + 6);
    }
    if (strcmp(mode, "probes") == 0) {
        whTarget_ProbeList();
        return MPS2_EXIT_OK;
    }
    if (strncmp(mode, "suite ", 6) == 0) {
        return runSuites(mode + 6);
    }
    if (mode[0] != '\0') {
        mps2Console_Printf(
            "core0: unknown mode '%s' (none, suite NAME, fault-core1, hang-core1, restart-core1, "
            "fault-core0, "
            "probe NAME, probes)\n",
            mode);
        return MPS2_EXIT_FAIL;
    }
    return runSuites(NULL);
}
