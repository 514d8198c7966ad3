/*
 * tests/target/wh_test_target.c: the on-target test fixture (see wh_test_target.h) and the
 * few newlib system calls CMocka needs on bare metal (console output, a heap, exit).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core0_board.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "util/wh_test_util.h"
#include "wh_target_control.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_TIMEOUT_MS 5000u /* a blocking call that waits longer fails the test */
#define CONTROL_TIMEOUT_MS 5000u
/* Client ids of the mailboxes a test does not use: ids the suites do not use (1..15). */
#define SPARE_ID(n) ((uint16_t)(13u + (n)))

/* Fail the test (CMocka's assertion context) or, outside a test, end the run. */
static void require(int ok, const char* what)
{
    if (!ok) {
        fail_msg("test setup failed: %s", what);
    }
}

/* ---- the HSM's test control ---- */

int whTarget_HsmControl(uint32_t op, const uint16_t ids[], uint32_t arg0, uint32_t out[3])
{
    /* The HSM's doorbell (MHU0 -> CPU1) rung with the control block's own bit. */
    static mps2Doorbell hsmDoorbell = {.setReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET,
                                       .bits   = WH_TARGET_CTRL_MHU_BIT};
    static uint32_t     seq;
    whTargetControl*    t     = WH_TARGET_CTRL;
    uint32_t            start = mps2Timer_Millis();
    unsigned            i;

    for (i = 0; i < MPS2_CLIENT_COUNT; i++) {
        t->arg[i] = (ids != NULL) ? ids[i] : 0u;
    }
    if (ids == NULL) {
        t->arg[0] = arg0;
    }
    seq++;
    __asm volatile("dmb" ::: "memory"); /* arg[] before request */
    t->request = (seq << 8) | op;
    mps2Doorbell_Ring(&hsmDoorbell);
    for (;;) {
        uint32_t snap = mps2Doorbell_Snapshot(&core0_SelfDoorbell);
        if (t->done == seq) {
            break;
        }
        if ((mps2Timer_Millis() - start) >= CONTROL_TIMEOUT_MS) {
            return WH_ERROR_TIMEOUT;
        }
        (void)mps2Doorbell_Wait(&core0_SelfDoorbell, snap, 100u);
    }
    __asm volatile("dmb" ::: "memory"); /* done before result and out[] */
    if (out != NULL) {
        out[0] = t->out[0];
        out[1] = t->out[1];
        out[2] = t->out[2];
    }
    mps2Watchdog_Kick();
    return t->result;
}

/* ---- the fixture ---- */

static void clientInit(whTestPair* p, unsigned mailbox, uint32_t timeoutMs)
{
    memset(p, 0, sizeof(*p));
    p->mailbox = mailbox;
    require(core0_ClientInit(&p->client, mailbox,
                             (timeoutMs != 0u) ? timeoutMs : CLIENT_TIMEOUT_MS) == WH_ERROR_OK,
            "client init");
}

static void connect(whTestPair* p)
{
    int32_t rc = -1;

    require(wh_Client_CommConnect(&p->client, NULL, NULL, &rc) == WH_ERROR_OK, "connect");
    require(rc == WH_ERROR_OK, "connect rc");
}

static void hsmPowerCycle(uint32_t op, uint16_t idA, uint16_t idB)
{
    const uint16_t ids[MPS2_CLIENT_COUNT] = {idA, idB, SPARE_ID(2)};
    require(whTarget_HsmControl(op, ids, 0, NULL) == WH_ERROR_OK, "HSM power-cycle");
}

void whTest_SheSetDebugger(uint8_t sregBits)
{
    require(whTarget_HsmControl(WH_TARGET_CTRL_DEBUGGER, NULL, sregBits, NULL) == WH_ERROR_OK,
            "HSM debugger input");
}

void whTest_PairInit(whTestPair* p, whNvmContext* nvm, uint16_t clientId, int doorbells,
                     uint32_t timeoutMs)
{
    (void)doorbells;
    require(nvm == NULL, "the target has only the HSM's NVM");
    hsmPowerCycle(WH_TARGET_CTRL_RESET, clientId, SPARE_ID(1));
    clientInit(p, 0, timeoutMs);
}

void whTest_PairInitConnected(whTestPair* p, whNvmContext* nvm, uint16_t clientId)
{
    whTest_PairInit(p, nvm, clientId, 1, 0);
    connect(p);
}

void whTest_PairCleanup(whTestPair* p)
{
    (void)wh_Client_Cleanup(&p->client);
}

void whTest_PairStartServer(whTestPair* p)
{
    (void)p;
}

void whTest_PairStopServer(whTestPair* p)
{
    (void)p;
}

void whTest_Serve(whTestPair* p)
{
    require(p->client.comm.pending, "serve: no request was sent");
    /* The clients share core 0's doorbell: a wait may end for another mailbox's answer. */
    while (!wh_CommClient_Ready(&p->client.comm)) {
        require(wh_CommClient_Wait(&p->client.comm, CLIENT_TIMEOUT_MS) == WH_ERROR_OK,
                "serve: the HSM did not answer");
    }
    mps2Watchdog_Kick();
}

void whTest_SharedInit(whTestShared* f, uint16_t idA, uint16_t idB)
{
    hsmPowerCycle(WH_TARGET_CTRL_RESET, idA, idB);
    clientInit(&f->a, 0, 0);
    clientInit(&f->b, 1, 0);
    connect(&f->a);
    connect(&f->b);
}

void whTest_SharedCleanup(whTestShared* f)
{
    whTest_PairCleanup(&f->a);
    whTest_PairCleanup(&f->b);
}

void whTest_SharedReboot(whTestShared* f)
{
    uint16_t idA = f->a.client.clientId;
    uint16_t idB = f->b.client.clientId;

    whTest_SharedCleanup(f);
    hsmPowerCycle(WH_TARGET_CTRL_REBOOT, idA, idB);
    clientInit(&f->a, 0, 0);
    clientInit(&f->b, 1, 0);
    connect(&f->a);
    connect(&f->b);
}

static uint32_t serverStat(whTestPair* p, unsigned which)
{
    uint32_t out[3] = {0, 0, 0};
    require(whTarget_HsmControl(WH_TARGET_CTRL_STATS, NULL, p->mailbox, out) == WH_ERROR_OK,
            "HSM statistics");
    return out[which];
}

uint32_t whTest_ServerRequests(whTestPair* p)
{
    return serverStat(p, 0);
}

uint32_t whTest_ServerMalformed(whTestPair* p)
{
    return serverStat(p, 1);
}

int whTest_ServerConnected(whTestPair* p)
{
    return (int)serverStat(p, 2);
}

void whTest_AssertNothingSent(whTestPair* p)
{
    /* Every send goes through the comm layer, which marks the request pending. */
    require(!p->client.comm.pending, "the client sent a request where none was to be sent");
}

/* ---- running the suites ---- */

static unsigned totalPassed;
static unsigned totalFailed;

int whTarget_RunGroup(const char* file, const struct CMUnitTest* tests, size_t count,
                      CMFixtureFunction setup, CMFixtureFunction teardown)
{
    const char* name = strrchr(file, '/');
    int         failed;

    name   = (name != NULL) ? name + 1 : file;
    failed = _cmocka_run_group_tests(name, tests, count, setup, teardown);
    totalFailed += (unsigned)failed;
    totalPassed += (unsigned)count - (unsigned)failed;
    return failed;
}

void whTarget_Totals(unsigned* passed, unsigned* failed)
{
    *passed = totalPassed;
    *failed = totalFailed;
}

/* ---- newlib system calls: CMocka prints with printf and allocates its test states ---- */

int   _write(int fd, const char* buf, int len);
int   _read(int fd, char* buf, int len);
int   _close(int fd);
int   _open(const char* path, int flags, int mode);
int   _lseek(int fd, int off, int whence);
int   _fstat(int fd, struct stat* st);
int   _isatty(int fd);
void* _sbrk(ptrdiff_t incr);
void  _exit(int code);
int   _kill(int pid, int sig);
int   _getpid(void);

int _write(int fd, const char* buf, int len)
{
    (void)fd; /* stdout and stderr: the console */
    mps2Console_Write(buf, (uint32_t)len);
    return len;
}

int _read(int fd, char* buf, int len)
{
    (void)fd;
    (void)buf;
    (void)len;
    return 0;
}

int _close(int fd)
{
    (void)fd;
    return -1;
}

int _open(const char* path, int flags, int mode)
{
    (void)path;
    (void)flags;
    (void)mode;
    errno = ENOSYS;
    return -1;
}

int _lseek(int fd, int off, int whence)
{
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}

int _fstat(int fd, struct stat* st)
{
    (void)fd;
    memset(st, 0, sizeof(*st));
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    (void)fd;
    return 1;
}

/* CMocka's heap: test state lists and messages, freed after each group. */
void* _sbrk(ptrdiff_t incr)
{
    static uint8_t heap[48u * 1024u] __attribute__((aligned(8)));
    static size_t  used;
    void*          p;

    if ((incr < 0) || ((size_t)incr > sizeof(heap) - used)) {
        errno = ENOMEM;
        return (void*)-1;
    }
    p = &heap[used];
    used += (size_t)incr;
    return p;
}

void _exit(int code)
{
    mps2Semihost_Exit(code);
}

int _kill(int pid, int sig)
{
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void)
{
    return 1;
}
