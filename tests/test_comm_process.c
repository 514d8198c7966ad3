/*
 * test_comm_process.c: an HSM process and a host process over named POSIX shared memory,
 * as the host demo runs them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_ID 4
#define ROUNDS 500

/* Child: serve until the client closes the session, exit 0 if all was well-formed. */
static void serverProcess(const char* name)
{
    static whTestPair p;
    static whTestNvm  nvm;
    posixShm          shm;
    int               wasConnected = 0;

    if (posixShm_Open(&shm, name, sizeof(posixMailboxRegion), 5000) != WH_ERROR_OK) {
        _exit(10);
    }
    whTest_NvmInit(&nvm, 1);
    whTest_PairConfigure(&p, shm.base, &nvm.nvm, CLIENT_ID, 1, 0);
    if (wh_Server_Init(&p.server, &p.serverConfig) != WH_ERROR_OK) {
        _exit(11);
    }
    while (!wasConnected || p.server.connected) {
        int ret = wh_Server_HandleRequestMessage(&p.server);
        if (ret == WH_ERROR_NOTREADY) {
            if (wh_Server_WaitRequest(&p.server, 5000) == WH_ERROR_TIMEOUT) {
                _exit(12);
            }
        }
        else if (ret != WH_ERROR_OK) {
            _exit(13);
        }
        wasConnected |= p.server.connected;
    }
    _exit((p.server.comm.stats.malformed == 0) ? 0 : 14);
}

static void test_two_processes(void** state)
{
    static whTestPair p;
    char              name[64];
    posixShm          shm;
    pid_t             pid;
    int               status   = -1;
    int32_t           rc       = -1;
    uint16_t          clientId = 0;
    unsigned          i;
    (void)state;

    (void)snprintf(name, sizeof(name), "/wh_test_%d", (int)getpid());
    assert_int_equal(posixShm_Create(&shm, name, sizeof(posixMailboxRegion)), WH_ERROR_OK);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        serverProcess(name);
    }

    whTest_PairConfigure(&p, shm.base, NULL, CLIENT_ID, 1, 5000); /* client side only */
    assert_int_equal(wh_Client_Init(&p.client, &p.clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnect(&p.client, &clientId, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(clientId, CLIENT_ID);
    for (i = 0; i < ROUNDS; i++) {
        uint8_t  in[64];
        uint8_t  out[64];
        uint16_t outSize = sizeof(out);
        memset(in, (int)i, sizeof(in));
        assert_int_equal(wh_Client_Echo(&p.client, sizeof(in), in, &outSize, out, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(in, out, sizeof(in));
    }
    assert_int_equal(wh_Client_CommClose(&p.client, &rc), WH_ERROR_OK);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    (void)wh_Client_Cleanup(&p.client);
    assert_int_equal(posixShm_Close(&shm, name), WH_ERROR_OK);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_processes),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
