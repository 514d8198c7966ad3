/*
 * core1_hsm.h - what every HSM image on mps2-an521 CPU1 does; each image's core1_Main picks
 * the flash under the NVM and the serving loop's hooks (the product firmware:
 * core1_main.c; the on-target test and benchmark firmware are under tests/).
 *
 *   core1_Boot   console on UART1, timer, the MHU0 line the clients ring (its SAU was set at
 *                reset, core1_startup.c: the shared SRAM is the only host memory it reaches)
 *   core1_Start  the cooperative scheduler (wh_Sched), the NVM (the flash object store on
 *                the image's flash, under the hardware-semaphore lock whose gate word is in
 *                the HSM's own RAM) and one server context per client mailbox,
 *                mailbox n bound to client id n + 1; then the image's factory input
 *                (core1_Provision) and SHE's secure boot of the host image, whose verdict
 *                core 0's boot stage waits for
 *   core1_Serve  the serving loop: scheduler passes (sleeping in WFI on the MHU doorbell
 *                when no mailbox has work), the watchdog, the image's hooks
 *   core1_End    after the session: the summary, the NVM closed, hsmState DONE (core 0
 *                waits for it), park
 *
 * Every client rings the same MHU doorbell (MHU0 -> CPU1), each with its own bit
 * (MPS2_MHU_BIT_CLIENT), so a pass serves the mailboxes that rang without looking into the
 * others. The NVM lock's owner is the scheduler's current context; its wait yields to the
 * other contexts. A server error or an idle hook's error ends the run with
 * MPS2_EXIT_FAULT_CORE1. The watchdog (the serving loop stuck for CORE1_WATCHDOG_MS) restarts
 * core 1 (core1_RestartCore: the image starts again, its NVM remounted, new session epochs;
 * core 0 runs on, its clients see WH_ERROR_RESTARTED and connect again), or, in an image that
 * asks for it (core1Hooks.fatalWatchdog), ends the run the same way.
 */
#ifndef CORE1_HSM_H_
#define CORE1_HSM_H_

#include <stdint.h>

#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"

#define CORE1_NCTX MPS2_CLIENT_COUNT /* server contexts, one per client mailbox */
#define CORE1_WATCHDOG_MS 5000u      /* the serving loop not come round for this long: a hang */
#define CORE1_PASS_WAIT_MS 100u      /* a step sleeps at most this long, so the loop comes round */
/* The NVM's flash, the same in every HSM image (an NVM file outlives the image). */
#define CORE1_FLASH_SIZE (64u * 1024u)
#define CORE1_FLASH_SECTOR 4096u
#define CORE1_FLASH_UNIT 8u

/* The flash under the NVM: a whFlashCb backend and its context over a CORE1_FLASH_SIZE image
 * in HSM-private RAM. Each image's main defines core1_Flash, its own. */
typedef struct core1Flash_t {
    whNvmFlashConfig store;  /* the flash object store's config: the backend, its context */
    const char*      medium; /* what it is, for the messages */
} core1Flash;
extern const core1Flash core1_Flash;

/* What each client may do (wh_server.h): core1_Policy[n] is the policy of mailbox n's client,
 * NULL for the default one. Each image's main defines it, beside its flash: the HSM's access
 * table, as the mailbox-to-client binding is its identity table. */
extern const whServerPolicy* const core1_Policy[CORE1_NCTX];

/* The digest of the ECU's crypto configuration (scripts/crypto_cfg.py) every context is
 * configured with: a client presenting another at connect is refused
 * (WH_ERROR_CONFIG_MISMATCH). 0: any client. Each image's main defines it, beside its
 * policies. */
extern const uint64_t core1_ConfigDigest;

/* The scheduler's priority class of mailbox n's context (whServerConfig.priority, 0 lowest:
 * a pass serves the highest class with work first). An image that defines no core1_Priority
 * leaves every context in class 0 (a weak default: plain round-robin). */
extern const uint8_t core1_Priority[CORE1_NCTX];

/* What the serving loop calls besides the scheduler. */
typedef struct core1Hooks_t {
    /* After a step that found no work for CORE1_PASS_WAIT_MS; idleMs: time since the last
     * request. 0: serve on; 1: the session is over (core1_Serve returns MPS2_EXIT_OK); < 0:
     * an error (core1_Serve ends the run). NULL: serve on, however long it is idle. */
    int (*idle)(uint32_t idleMs);
    /* After every step, between requests (none is half served). NULL: none. */
    void (*pass)(void);
    /* 0: the watchdog restarts core 1 (core1_RestartCore; the product); 1: it ends the
     * emulator with MPS2_EXIT_FAULT_CORE1 (a test of the hang itself). */
    int fatalWatchdog;
} core1Hooks;

void core1_Boot(void);

/* Start serving, core1_Flash initialised with flashCfg (its backend's config type).
 * MPS2_EXIT_OK, or MPS2_EXIT_FAULT_CORE1 after saying why (hsmState FAILED). */
int core1_Start(const void* flashCfg);

/* Power-cycle the HSM as a reset line would: every server context and the NVM closed, then
 * opened again over the same flash with flashCfg, mailbox n bound to client id ids[n].
 * WH_ERROR_OK or the first init error. */
int core1_Restart(const uint16_t ids[CORE1_NCTX], const void* flashCfg);

/* core1_Start, after the NVM and the server contexts are up and before secure boot of the
 * host image (SHE's SECURE_BOOT over it, the verdict to core 0's boot stage in bootVerdict,
 * mps2_board.h): the image's factory input for srv's device, if it has one (a weak default
 * does nothing; the product firmware's applies its SHE factory messages, core1_main.c). */
void core1_Provision(whServerContext* srv);

/* Server context n (0..CORE1_NCTX-1), for its statistics. */
const whServerContext* core1_Server(unsigned n);

/* Serve until hooks->idle ends the session (MPS2_EXIT_OK, watchdog disarmed); or
 * MPS2_EXIT_FAULT_CORE1 after a scheduler error or an idle hook's error (said why, hsmState
 * FAILED). */
int core1_Serve(const core1Hooks* hooks);

/* The idle hook of an image whose session ends when every client has had one: 1 once every
 * context has served requests and its client has closed; after CORE1_IDLE_TIMEOUT_MS with
 * no request, WH_ERROR_TIMEOUT (the host is gone). */
#define CORE1_IDLE_TIMEOUT_MS 10000u
int core1_SessionsOver(uint32_t idleMs);

/* Ring core 0's doorbell (MHU1 -> CPU0). */
void core1_RingHost(void);

/* The end of a session that core1_Serve returned from: print what was served, close the
 * server contexts and the NVM, say DONE in hsmState and park (core 0 ends the emulator). */
void core1_End(void) __attribute__((noreturn));

#endif /* !CORE1_HSM_H_ */
