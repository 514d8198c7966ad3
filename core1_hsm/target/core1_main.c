/*
 * core1_hsm/target/core1_main.c - the HSM firmware on mps2-an521 CPU1 (issue 6).
 *
 * Three server contexts, one per host client mailbox in the shared region, served by the
 * cooperative scheduler (wh_Sched): every client rings the same MHU doorbell (MHU0 -> CPU1),
 * which is the scheduler's doorbell, each with its own bit (MPS2_MHU_BIT_CLIENT), so a pass
 * serves the mailboxes that rang without looking into the others; the scheduler sleeps in
 * its WFI wait. Built with WOLFHSM_CFG_THREADSAFE: the NVM context (object store and global
 * keys) is guarded by the hardware-semaphore lock (wh_lock_hwsem: an LDREX/STREX gate word in
 * the shared SRAM, core1_shared.h) whose owner is the scheduler's current context and whose
 * wait yields to the others.
 *
 * NVM: the flash object store on a RAM-simulated NOR flash in this core's private RAM whose
 * every program and erase is written through to the host file NVM_FILE by semihosting
 * (nvm/port/mps2/mps2_flash_semihost.h: loaded at boot, created erased when missing), so what
 * a request committed survives a fault of this core or the emulator being killed, as on a
 * real flash. The session ends when every client has connected once and closed again; then
 * core 1 tells core 0 through hsmState and parks; core 0 ends the emulator. A server error,
 * an idle timeout or the watchdog (the serving loop stuck) ends it with
 * MPS2_EXIT_FAULT_CORE1.
 *
 * Test build (-DCORE1_TEST_CONTROL, the on-target test images only): between passes the loop
 * also carries out the test harness's requests in MPS2_SHARED->test (mps2_board.h): a
 * power-cycle with erased or kept NVM and new client ids, a server's statistics, a fault, a
 * hang. Its NVM is a plain RAM flash with no file (the tests erase it or keep it as they go),
 * and the session never ends by itself (core 0 ends the emulator).
 */
#include <stdint.h>

#include "core1_shared.h"
#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_doorbell.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_lock_hwsem.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_sched.h"
#include "wolfhsm/wh_server.h"
#ifndef CORE1_TEST_CONTROL
#include "port/mps2/mps2_flash_semihost.h"
#endif

#ifndef WOLFHSM_CFG_THREADSAFE
#error "core1_hsm serves several contexts: build it with WOLFHSM_CFG_THREADSAFE"
#endif

#define IDLE_TIMEOUT_MS 10000u /* no request for this long: the host is gone */
#define PASS_WAIT_MS    100u   /* a step sleeps at most this long, so the loop comes round */
#define WATCHDOG_MS     5000u  /* the loop not come round for this long: core 1 hangs */
#define FLASH_SIZE      (64u * 1024u)
#define FLASH_SECTOR    4096u
#define FLASH_UNIT      8u
#define CORE_ID         1u            /* this scheduler's id in NVM lock owner ids */
#define NCTX            MPS2_CLIENT_COUNT

static mps2Doorbell selfDoorbell = {
    .statReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_STAT, .clrReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_CLR};
static mps2Doorbell peerDoorbell = {.setReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_SET, .bits = 1u};

/* The one scheduler: the NVM lock's owner and yield hooks reach it through this pointer. */
static whSched  schedObj;
static whSched* sched = &schedObj;

static uint8_t        flashMem[FLASH_SIZE] __attribute__((aligned(8)));
static whHwSemContext lockCtx; /* the NVM lock's backend state */

/* The flash under the NVM, over flashMem. The product's writes every program and erase
 * through to NVM_FILE in QEMU's working directory, which scripts/qemu_run.sh makes the
 * image's own: NVM_DIR, as the messages name it. The test build's is RAM only. */
#ifdef CORE1_TEST_CONTROL
static whFlashRamsimContext     flashCtx;
static const whFlashCb          flashCb = WH_FLASH_RAMSIM_CB;
#define NVM_MEDIUM "a flash in HSM-private RAM, no file"
#else
#define NVM_FILE "hsm_nvm.bin"
#ifdef CORE1_BENCH
#define NVM_DIR "build/target/bench/"
#else
#define NVM_DIR "build/target/"
#endif
static mps2FlashSemihostContext flashCtx;
static const whFlashCb          flashCb = MPS2_FLASH_SEMIHOST_CB;
#define NVM_MEDIUM                                                                         \
    "a flash in HSM-private RAM, written through to " NVM_DIR NVM_FILE " on every program " \
    "and erase"
#endif

static const whDoorbellCb doorbellCb = MPS2_DOORBELL_CB;
static const whDoorbellCb rangCb     = MPS2_DOORBELL_RANG_CB; /* selfDoorbell's (IsrRang) */
static whNvmContext       nvm;
static whServerContext    server[NCTX];

void core1_MhuIrq(void)
{
    mps2Doorbell_IsrRang(&selfDoorbell);
}

static uint32_t lockOwner(void* arg)
{
    (void)arg;
    return wh_Sched_Owner(sched);
}

static int lockYield(void* arg)
{
    int ret = wh_Sched_Yield(sched);

    (void)arg;
    return (ret >= 0) ? WH_ERROR_OK : ret;
}

/* The HSM's NVM: the flash object store on flashCb over flashMem, initialised with
 * flashCfg (flashCb's config type), under the hardware-semaphore lock. */
static int nvmInit(const void* flashCfg)
{
    static whNvmFlashContext     storeCtx;
    static const whNvmCb         storeCb = WH_NVM_FLASH_CB;
    static const whLockCb        lockCb  = WH_LOCK_HWSEM_CB;
    static const whNvmFlashConfig storeCfg = {.cb = &flashCb, .context = &flashCtx};
    static whHwSemConfig         lockCfg;
    static whLockConfig          lockConfig;
    static whNvmConfig           nvmCfg;
    int ret;

    lockCfg    = (whHwSemConfig){.gate     = &CORE1_SHARED->nvmGate,
                                 .owner    = lockOwner,
                                 .yield    = lockYield,
                                 .arg      = NULL,
                                 .maxWaits = 100000u};
    lockConfig = (whLockConfig){.cb = &lockCb, .context = &lockCtx, .config = &lockCfg};
    nvmCfg     = (whNvmConfig){
            .cb = &storeCb, .context = &storeCtx, .config = &storeCfg, .lockConfig = &lockConfig};
    ret = flashCb.init(&flashCtx, flashCfg);
    return (ret == WH_ERROR_OK) ? wh_Nvm_Init(&nvm, &nvmCfg) : ret;
}

static int fatal(const char* what, int ret)
{
    mps2Console_Printf("core1: %s: error %d\n", what, ret);
    MPS2_SHARED->hsmState = MPS2_HSM_FAILED;
    return MPS2_EXIT_FAULT_CORE1;
}

/* Init the NVM (see nvmInit) and a server context per mailbox; ids[n] is the client id
 * bound to mailbox n. */
static int hsmInit(const uint16_t ids[NCTX], const void* flashCfg)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_SERVER_CB;
    static whTransportMemContext transport[NCTX];
    static whTransportMemConfig  transportConfig[NCTX];
    static whCommServerConfig    commConfig[NCTX];
    static whServerConfig        config[NCTX];
    int                          ret = nvmInit(flashCfg);
    unsigned                     i;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    for (i = 0; (i < NCTX) && (ret == WH_ERROR_OK); i++) {
        transportConfig[i] = (whTransportMemConfig){&MPS2_SHARED->mailbox[i],
                                                    {&doorbellCb, &peerDoorbell},
                                                    {&rangCb, &selfDoorbell}};
        commConfig[i] = (whCommServerConfig){&transportCb, &transport[i], &transportConfig[i]};
        config[i]     = (whServerConfig){.comm = &commConfig[i], .nvm = &nvm, .clientId = ids[i]};
        ret           = wh_Server_Init(&server[i], &config[i]);
    }
    return ret;
}

static void hsmCleanup(void)
{
    unsigned i;

    for (i = 0; i < NCTX; i++) {
        (void)wh_Server_Cleanup(&server[i]);
    }
    (void)wh_Nvm_Cleanup(&nvm);
    (void)flashCb.cleanup(&flashCtx); /* the store leaves its flash to its owner */
}

#ifndef CORE1_TEST_CONTROL
/* Has every client had a session (its context served requests) and closed it? */
static int sessionsOver(void)
{
    unsigned i;

    for (i = 0; i < NCTX; i++) {
        if ((server[i].comm.stats.requests == 0u) || server[i].connected) {
            return 0;
        }
    }
    return 1;
}
#else
/* The test build's flash config: flashMem erased at Init, or kept as it is (a reboot). */
static whFlashRamsimConfig ramFlashConfig(int erase)
{
    return (whFlashRamsimConfig){.memory      = flashMem,
                                 .size        = FLASH_SIZE,
                                 .sectorSize  = FLASH_SECTOR,
                                 .programUnit = FLASH_UNIT,
                                 .initErased  = erase};
}

/* Carry out the test harness's request, if there is a new one (see mps2_board.h). Runs
 * between scheduler passes: no request is half served. */
static int testControl(void)
{
    static uint32_t     lastSeq;
    mps2TestControl*    t   = &MPS2_SHARED->test;
    uint32_t            req = t->request;
    uint32_t            seq = req >> 8;
    int32_t             result = WH_ERROR_OK;

    if (seq == lastSeq) {
        return WH_ERROR_OK;
    }
    lastSeq = seq;
    __asm volatile("dmb" ::: "memory"); /* arg[] was written before request */
    switch (req & 0xFFu) {
    case MPS2_TEST_RESET:
    case MPS2_TEST_REBOOT: {
        uint16_t            ids[NCTX];
        whFlashRamsimConfig flashCfg = ramFlashConfig((req & 0xFFu) == MPS2_TEST_RESET);
        unsigned            i;
        for (i = 0; i < NCTX; i++) {
            ids[i] = (uint16_t)t->arg[i];
        }
        hsmCleanup();
        result = hsmInit(ids, &flashCfg);
        break;
    }
    case MPS2_TEST_STATS:
        if (t->arg[0] < NCTX) {
            t->out[0] = server[t->arg[0]].comm.stats.requests;
            t->out[1] = server[t->arg[0]].comm.stats.malformed;
            t->out[2] = server[t->arg[0]].connected;
        }
        else {
            result = WH_ERROR_BADARGS;
        }
        break;
    case MPS2_TEST_FAULT:
        mps2Console_Printf("core1: test: reading 0x%08x, where nothing is mapped\n", 0xF0000000u);
        (void)MPS2_REG(0xF0000000u);
        break;
    case MPS2_TEST_HANG:
        mps2Console_Printf("core1: test: serving loop stopped\n");
        for (;;) {
        }
    default:
        result = WH_ERROR_BADARGS;
        break;
    }
    t->result = result;
    __asm volatile("dmb" ::: "memory");
    t->done = seq;
    mps2Doorbell_Ring(&peerDoorbell);
    if (result != WH_ERROR_OK) {
        mps2Console_Printf("core1: test request 0x%08x: error %d\n", (unsigned)req, (int)result);
    }
    return WH_ERROR_OK;
}
#endif

int core1_Main(void)
{
    static whServerContext* servers[NCTX];
    static const uint16_t   ids[NCTX] = {1, 2, 3};
    whSchedConfig           schedConfig;
    uint32_t                idleMs             = 0;
    int                     ret;
    unsigned                i;
#ifdef CORE1_TEST_CONTROL
    /* The tests start from erased NVM, and reset it as they go. */
    const whFlashRamsimConfig flashCfg = ramFlashConfig(1);
#else
    const mps2FlashSemihostConfig flashCfg = {.path        = NVM_FILE,
                                              .image       = flashMem,
                                              .size        = FLASH_SIZE,
                                              .sectorSize  = FLASH_SECTOR,
                                              .programUnit = FLASH_UNIT};
#endif

    mps2Console_Init(MPS2_UART1_BASE, "core1");
    mps2Timer_Init();
    mps2Console_Printf("core1: boot CPU_IDENTITY=%u VTOR=0x%08x\n", (unsigned)MPS2_CPU_IDENTITY,
                       (unsigned)MPS2_SCB_VTOR);
    mps2Rt_IrqEnable(MPS2_IRQ_MHU0);

    for (i = 0; i < NCTX; i++) {
        servers[i] = &server[i];
    }
    /* The scheduler first: the lock's owner hook may run during NVM init. */
    schedConfig = (whSchedConfig){.servers  = servers,
                                  .count    = NCTX,
                                  .coreId   = CORE_ID,
                                  .doorbell = {&rangCb, &selfDoorbell}};
    if ((ret = wh_Sched_Init(sched, &schedConfig)) != WH_ERROR_OK) {
        return fatal("scheduler init", ret);
    }
    ret = hsmInit(ids, &flashCfg);
    if (ret != WH_ERROR_OK) {
        return fatal("NVM or server init (corrupt image, or one of another size? "
                     "make target-run NVM_FRESH=1)", ret);
    }
    mps2Console_Printf("core1: serving %u clients (ids 1..%u) with the cooperative scheduler; NVM "
                       "%u KiB under the LDREX/STREX gate at 0x%08x: " NVM_MEDIUM "\n",
                       (unsigned)NCTX, (unsigned)NCTX, FLASH_SIZE / 1024u,
                       (unsigned)(uintptr_t)&CORE1_SHARED->nvmGate);

#ifdef CORE1_BENCH
    core1_BenchDirect(); /* core 0 waits for its first answer meanwhile */
#endif
    mps2Watchdog_Start(WATCHDOG_MS, "core1 serving loop", MPS2_EXIT_FAULT_CORE1);
    /* Serve until every client has had its session and closed it: checked when idle, so
     * a request costs nothing for it. */
    for (;;) {
        int work = wh_Sched_Step(sched, NULL, PASS_WAIT_MS);

        mps2Watchdog_Kick();
        if (work == WH_ERROR_TIMEOUT) {
            idleMs += PASS_WAIT_MS;
#ifndef CORE1_TEST_CONTROL /* the test harness ends the run; it may sit idle for long */
            if (sessionsOver()) {
                break;
            }
            if (idleMs >= IDLE_TIMEOUT_MS) {
                mps2Console_Printf("core1: no request for %u ms: giving up\n", (unsigned)idleMs);
                return fatal("idle timeout", work);
            }
#endif
        }
        else if (work < 0) {
            return fatal("scheduler pass", work);
        }
        else {
            idleMs = 0;
        }
#ifdef CORE1_TEST_CONTROL
        (void)testControl();
#endif
    }

    for (i = 0; i < NCTX; i++) {
        mps2Console_Printf("core1: context %u (client id %u): %u requests served, %u malformed, "
                           "%u dropped\n",
                           i, i + 1u, (unsigned)server[i].comm.stats.requests,
                           (unsigned)server[i].comm.stats.malformed,
                           (unsigned)server[i].comm.stats.dropped);
    }
    mps2Console_Printf("core1: scheduler: %u passes, %u nested, %u served, %u deferred, %u sleeps; "
                       "%u doorbell interrupts\n",
                       (unsigned)sched->stats.passes, (unsigned)sched->stats.nested,
                       (unsigned)sched->stats.served, (unsigned)sched->stats.deferred,
                       (unsigned)sched->stats.sleeps, (unsigned)selfDoorbell.events);
    mps2Console_Printf("core1: NVM lock (LDREX/STREX gate): %u contended acquires, gate 0x%08x "
                       "(0: free)\n",
                       (unsigned)atomic_load(&lockCtx.contended),
                       (unsigned)atomic_load(&CORE1_SHARED->nvmGate.owner));
    mps2Watchdog_Start(0u, NULL, 0);
    hsmCleanup();
    mps2Console_Printf(
        "core1: all clients closed; NVM closed, nothing left to write back (" NVM_MEDIUM ")\n");
    __asm volatile("dsb" ::: "memory");
    MPS2_SHARED->hsmState = MPS2_HSM_DONE;
    __asm volatile("dsb" ::: "memory");
    for (;;) { /* core 0 ends the emulator */
        __asm volatile("wfi");
    }
}
