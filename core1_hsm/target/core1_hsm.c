/*
 * core1_hsm.c - boot and serving loop of every HSM image on mps2-an521 CPU1 (see core1_hsm.h).
 */
#include "core1_hsm.h"

#include <stdint.h>

#include "core1_target.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_doorbell.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_timer.h"
#include "port/mps2/mps2_watchdog.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_lock_hwsem.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_sched.h"

/* WH_BENCH_PLAIN: make bench-target's plain build (the NVM lock's cost), whose one client
 * at a time needs no lock. */
#if !defined(WOLFHSM_CFG_THREADSAFE) && !defined(WH_BENCH_PLAIN)
#error "core1_hsm serves several contexts: build it with WOLFHSM_CFG_THREADSAFE"
#endif

#define CORE_ID 1u /* this scheduler's id in NVM lock owner ids */
/* ECDSA P-256 in slices in a TARGET_SLICES build (its wolfCrypt has the non-blocking code). */
#ifdef WH_TARGET_SLICES
#define CORE1_SLICES 1u
#else
#define CORE1_SLICES 0u
#endif
#define NCTX CORE1_NCTX

static mps2Doorbell selfDoorbell = {.statReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_STAT,
                                    .clrReg  = MPS2_MHU0_BASE + MPS2_MHU_CPU1_CLR};
static mps2Doorbell peerDoorbell = {.setReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_SET, .bits = 1u};

/* The one scheduler: the NVM lock's owner and yield hooks reach it through this pointer. */
static whSched  schedObj;
static whSched* sched = &schedObj;

static whHwSemContext lockCtx; /* the NVM lock's backend state */
/* The NVM lock's LDREX/STREX gate (0: free). Only this core's contexts take it, so it lives in
 * the HSM's own Secure RAM: the host cannot reach it (it sat in the shared SRAM before the
 * TrustZone split, where a host write could have freed it under a holder). */
static whHwSemGate        nvmGate;
static const whDoorbellCb doorbellCb = MPS2_DOORBELL_CB;
static const whDoorbellCb rangCb     = MPS2_DOORBELL_RANG_CB; /* selfDoorbell's (IsrRang) */
static whNvmContext       nvm;
static whServerContext    server[NCTX];

/*
 * Requests by address (wh_server.h, host memory windows): every client may name buffers in
 * the host's RAM (Non-secure, MPS2_HOST_RAM_BASE), which the HSM reaches at the same
 * Non-secure address: its SAU marks that window Non-secure (core1_startup.c), so its accesses
 * there are Non-secure transactions, checked by the MPC as the host's are. Nothing else is a
 * window: not the shared SRAM (the mailboxes), not the HSM's RAM right after the host's
 * (0x2820_0000: a Secure MPC block, refused to a Non-secure transaction even if a window
 * covered it), not any code. The three clients share one host core and its RAM, so they
 * share the window too. hostWindowsReachable checks at start that the SAU makes every access
 * to it Non-secure: a missing SAU region is a clear message at boot, not a BusFault in the
 * middle of a request.
 */
static const whServerDmaWindow hostWindows[] = {
    {.hostBase = MPS2_HOST_RAM_BASE,
     .size     = MPS2_HOST_RAM_SIZE,
     .hsm      = (uint8_t*)MPS2_HOST_RAM_BASE,
     .flags    = WH_DMA_READ | WH_DMA_WRITE},
};
#define HOST_WINDOWS ((uint16_t)(sizeof(hostWindows) / sizeof(hostWindows[0])))

/* The Armv8-M test-target instruction (TT): the security attribution of an address. */
static uint32_t testTarget(uint32_t a)
{
    uint32_t r;
    __asm volatile("tt %0, %1" : "=r"(r) : "r"(a));
    return r;
}

/* Does every access to the windows go out as a Non-secure transaction (the SAU on, both ends
 * of each window Non-secure and in one SAU region)? */
static int hostWindowsReachable(void)
{
    const uint32_t sec = 1u << 22;                  /* TT's S: the address is Secure */
    const uint32_t sr  = (1u << 17) | (0xFFu << 8); /* TT's SRVALID and SREGION */
    unsigned       i;

    for (i = 0; i < HOST_WINDOWS; i++) {
        uint32_t lo = testTarget((uint32_t)(uintptr_t)hostWindows[i].hsm);
        uint32_t hi = testTarget((uint32_t)(uintptr_t)hostWindows[i].hsm +
                                 (uint32_t)hostWindows[i].size - 1u);
        if (((lo & sec) != 0u) || ((hi & sec) != 0u) || ((lo & sr) != (hi & sr))) {
            return 0;
        }
    }
    return 1;
}

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

/* Between two objects of a compaction: the scheduler serves the other contexts (a nested
 * pass; what needs the NVM lock waits). */
static void compactYield(void* arg)
{
    (void)arg;
    (void)wh_Sched_Yield(sched);
}

/* The HSM's NVM: the flash object store on the image's flash (core1_Flash), initialised with
 * flashCfg, under the hardware-semaphore lock, compacting object by object. */
static int nvmInit(const void* flashCfg)
{
    static whNvmFlashContext storeCtx;
    static const whNvmCb     storeCb = WH_NVM_FLASH_CB;
    static const whLockCb    lockCb  = WH_LOCK_HWSEM_CB;
    static whHwSemConfig     lockCfg;
    static whLockConfig      lockConfig;
    static whNvmConfig       nvmCfg;
    static whNvmFlashConfig  storeCfg;
    int                      ret;

    /* The owner's id read from the scheduler's word (lockOwner's value, without a call). */
    lockCfg        = (whHwSemConfig){.gate      = &nvmGate,
                                     .owner     = lockOwner,
                                     .ownerWord = wh_Sched_OwnerWord(sched),
                                     .yield     = lockYield,
                                     .arg       = NULL,
                                     .maxWaits  = 100000u};
    lockConfig     = (whLockConfig){.cb = &lockCb, .context = &lockCtx, .config = &lockCfg};
    storeCfg       = core1_Flash.store;
    storeCfg.yield = compactYield;
    nvmCfg         = (whNvmConfig){.cb = &storeCb, .context = &storeCtx, .config = &storeCfg};
#ifdef WOLFHSM_CFG_THREADSAFE
    nvmCfg.lockConfig = &lockConfig;
#else
    (void)lockConfig; /* the plain benchmark build: no lock */
#endif
    ret = core1_Flash.store.cb->init(core1_Flash.store.context, flashCfg);
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
        commConfig[i]      = (whCommServerConfig){&transportCb, &transport[i], &transportConfig[i]};
        config[i]          = (whServerConfig){.comm           = &commConfig[i],
                                              .nvm            = &nvm,
                                              .policy         = core1_Policy[i],
                                              .configDigest   = core1_ConfigDigest,
                                              .dmaWindows     = hostWindows,
                                              .dmaWindowCount = HOST_WINDOWS,
                                              .clientId       = ids[i],
                                              .priority       = core1_Priority[i],
                                              .slices         = CORE1_SLICES};
        ret                = wh_Server_Init(&server[i], &config[i]);
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
    /* The store leaves its flash to its owner. */
    (void)core1_Flash.store.cb->cleanup(core1_Flash.store.context);
}

/* Every context in class 0 unless the image gives classes of its own. */
__attribute__((weak)) const uint8_t core1_Priority[NCTX] = {0};

/* The image's factory input, before secure boot: none unless the image has one. */
__attribute__((weak)) void core1_Provision(whServerContext* srv)
{
    (void)srv;
}

/*
 * Secure boot of the host image, before core 0's boot stage enters it (it waits for
 * bootVerdict): SHE's SECURE_BOOT over [MPS2_HOST_CODE_BASE, end) with end from the image's
 * header (mps2_board.h), read through the host code's Non-secure alias (core1_startup.c's
 * SAU). Without a valid header, the command runs over the vector table and the header slot:
 * it cannot match a BOOT_MAC made over an image, so the boot fails and, as after any secure
 * boot, a client's SECURE_BOOT is a sequence error (no client can supply an image of its own).
 * Returns the verdict for bootVerdict.
 */
static uint32_t secureBootHost(void)
{
    const volatile mps2HostImageHeader* h = (const volatile mps2HostImageHeader*)(uintptr_t)
        MPS2_HOST_IMAGE_HEADER;
    const uint32_t base    = MPS2_HOST_CODE_BASE;
    const uint32_t minEnd  = MPS2_HOST_IMAGE_HEADER + (uint32_t)sizeof(mps2HostImageHeader);
    uint32_t       end     = h->end;
    uint32_t       kind    = MPS2_BOOT_VERDICT_RAN;
    uint8_t        sreg    = 0;
    uint32_t       t0      = 0;
    uint32_t       elapsed = 0;
    int            ret;

    if ((h->magic != MPS2_HOST_IMAGE_MAGIC) || (end < minEnd) ||
        (end > base + MPS2_HOST_CODE_SIZE)) {
        mps2Console_Printf("core1: secure boot: no valid image header at 0x%08x: the MAC is "
                           "taken over its first %u bytes\n",
                           (unsigned)MPS2_HOST_IMAGE_HEADER, (unsigned)(minEnd - base));
        kind = MPS2_BOOT_VERDICT_NO_IMAGE;
        end  = minEnd;
    }
    t0  = mps2Timer_Ticks();
    ret = wh_Server_SheSecureBoot(&server[0], (const uint8_t*)(uintptr_t)base, end - base, &sreg);
    elapsed = mps2Timer_Ticks() - t0;
    if (ret == WH_ERROR_SHE_NO_SECURE_BOOT) {
        kind = MPS2_BOOT_VERDICT_NO_KEY;
    }
    else if (ret != WH_ERROR_OK) {
        kind = MPS2_BOOT_VERDICT_ERROR;
    }
    mps2Console_Printf(
        "core1: secure boot: host image 0x%08x-0x%08x (%u bytes): %s, SREG 0x%02x "
        "(%u ticks of 50 ns)\n",
        (unsigned)base, (unsigned)(end - 1u), (unsigned)(end - base),
        (ret == WH_ERROR_SHE_NO_SECURE_BOOT) ? "ERC_NO_SECURE_BOOT (BOOT_MAC_KEY empty)"
        : (ret != WH_ERROR_OK)               ? "SECURE_BOOT failed"
        : ((sreg & WH_SHE_SREG_BOOT_OK) != 0u)
            ? (((sreg & WH_SHE_SREG_BOOT_INIT) != 0u) ? "BOOT_MAC personalised (was empty): BOOT_OK"
                                                      : "BOOT_MAC matches: BOOT_OK")
            : "BOOT_MAC MISMATCH: boot failed, boot-protected keys locked until reset",
        (unsigned)sreg, (unsigned)elapsed);
    return kind | sreg;
}

void core1_Boot(void)
{
    mps2Console_Init(MPS2_UART1_BASE, "core1");
    mps2Timer_Init(MPS2_TIMER1_BASE);
    mps2Console_Printf("core1: boot CPU_IDENTITY=%u VTOR=0x%08x\n", (unsigned)MPS2_CPU_IDENTITY,
                       (unsigned)MPS2_SCB_VTOR);
    if (core1_Restarts() != 0u) {
        mps2Console_Printf("core1: restart %u: RAM initialised again, NVM remounted\n",
                           (unsigned)core1_Restarts());
    }
    mps2Rt_IrqEnable(MPS2_IRQ_MHU0);
}

int core1_Start(const void* flashCfg)
{
    static whServerContext* servers[NCTX];
    static const uint16_t   ids[NCTX] = {1, 2, 3};
    whSchedConfig           schedConfig;
    uint32_t                verdict;
    int                     ret;
    unsigned                i;

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
    if (!hostWindowsReachable()) {
        return fatal("host RAM (the host window of requests by address) is not one Non-secure "
                     "region of core 1's SAU",
                     WH_ERROR_ABORTED);
    }
    ret = hsmInit(ids, flashCfg);
    if (ret != WH_ERROR_OK) {
        return fatal("NVM or server init (corrupt image, or one of another size? "
                     "make target-run NVM_FRESH=1)",
                     ret);
    }
    if (core1_Restarts() == 0u) { /* factory input at power-on, not at a restart */
        core1_Provision(&server[0]);
    }
    verdict = secureBootHost();
    mps2Console_Printf("core1: serving %u clients (ids 1..%u) with the cooperative scheduler; NVM "
                       "%u KiB under the LDREX/STREX gate at 0x%08x: %s\n",
                       (unsigned)NCTX, (unsigned)NCTX, CORE1_FLASH_SIZE / 1024u,
                       (unsigned)(uintptr_t)&nvmGate, core1_Flash.medium);
    /* The verdict last: core 0's boot stage prints once it has it, and the two cores' text
     * share one console, where in QEMU's multi-threaded mode it would mix within a line. */
    __asm volatile("dsb" ::: "memory");
    MPS2_SHARED->bootVerdict = verdict;
    __asm volatile("dsb\n\tsev" ::: "memory"); /* core 0's boot stage waits in WFE */
    return MPS2_EXIT_OK;
}

int core1_Restart(const uint16_t ids[NCTX], const void* flashCfg)
{
    hsmCleanup();
    return hsmInit(ids, flashCfg);
}

const whServerContext* core1_Server(unsigned n)
{
    return &server[n];
}

void core1_RingHost(void)
{
    mps2Doorbell_Ring(&peerDoorbell);
}

/* Has every client had a session (its context served requests) and closed it? */
int core1_SessionsOver(uint32_t idleMs)
{
    unsigned i;

    for (i = 0; i < NCTX; i++) {
        if ((server[i].comm.stats.requests == 0u) || server[i].connected) {
            if (idleMs >= CORE1_IDLE_TIMEOUT_MS) {
                mps2Console_Printf("core1: no request for %u ms: giving up\n", (unsigned)idleMs);
                return WH_ERROR_TIMEOUT;
            }
            return 0;
        }
    }
    return 1;
}

int core1_Serve(const core1Hooks* hooks)
{
    uint32_t idleMs = 0;

    mps2Watchdog_OnBite(hooks->fatalWatchdog ? NULL : core1_RestartCore);
    mps2Watchdog_Start(CORE1_WATCHDOG_MS, "core1 serving loop", MPS2_EXIT_FAULT_CORE1);
    /* The idle hook runs only when idle, so a request costs nothing for it. */
    for (;;) {
        int work = wh_Sched_Step(sched, NULL, CORE1_PASS_WAIT_MS);

        mps2Watchdog_Kick();
        if (work == WH_ERROR_TIMEOUT) {
            idleMs += CORE1_PASS_WAIT_MS;
            if (hooks->idle != NULL) {
                int over = hooks->idle(idleMs);
                if (over > 0) {
                    break;
                }
                if (over < 0) {
                    return fatal("idle hook", over);
                }
            }
        }
        else if (work < 0) {
            return fatal("scheduler pass", work);
        }
        else {
            idleMs = 0;
        }
        if (hooks->pass != NULL) {
            hooks->pass();
        }
    }
    mps2Watchdog_Start(0u, NULL, 0);
    return MPS2_EXIT_OK;
}

void core1_End(void)
{
    unsigned i;

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
                       (unsigned)atomic_load(&nvmGate.owner));
    hsmCleanup();
    mps2Console_Printf("core1: all clients closed; NVM closed, nothing left to write back (%s)\n",
                       core1_Flash.medium);
    __asm volatile("dsb" ::: "memory");
    MPS2_SHARED->hsmState = MPS2_HSM_DONE;
    __asm volatile("dsb" ::: "memory");
    for (;;) { /* core 0 ends the emulator */
        __asm volatile("wfi");
    }
}
