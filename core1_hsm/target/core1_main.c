/*
 * core1_main.c - the HSM firmware on mps2-an521 CPU1: three server contexts, one per host
 * client mailbox, served by the cooperative scheduler (core1_hsm.h).
 *
 * NVM: the flash object store on a RAM-simulated NOR flash in this core's private RAM whose
 * every program and erase is written through to the host file NVM_FILE by semihosting
 * (nvm/port/mps2/mps2_flash_semihost.h: loaded at boot, created erased when missing), so what
 * a request committed survives a fault of this core or the emulator being killed, as on a
 * real flash. The session ends when every client has connected once and closed again
 * (core1_SessionsOver); then core 1 tells core 0 through hsmState and parks; core 0 ends the
 * emulator.
 */
#include <stdint.h>
#include <string.h>

#include "Crypto_HsmCfg.h"
#include "core1_hsm.h"
#include "core1_target.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_demo.h"
#include "port/mps2/mps2_flash_semihost.h"
#include "port/mps2/mps2_semihost.h"
#include "wolfhsm/wh_error.h"

/* In QEMU's working directory, which scripts/qemu_run.sh makes the image's own: NVM_DIR, as
 * the messages name it. */
#define NVM_FILE "hsm_nvm.bin"
#define NVM_DIR "build/target/"

static uint8_t                  flashMem[CORE1_FLASH_SIZE] __attribute__((aligned(8)));
static mps2FlashSemihostContext flashCtx;
static const whFlashCb          flashCb = MPS2_FLASH_SEMIHOST_CB;

const core1Flash core1_Flash = {
    .store  = {.cb = &flashCb, .context = &flashCtx},
    .medium = "a flash in HSM-private RAM, written through to " NVM_DIR NVM_FILE
              " on every program and erase",
};

/* The HSM's access table, generated with the host's Crypto Driver configuration from the
 * ECU's one configuration (shared_mem/port/mps2/crypto_config.json, scripts/crypto_cfg.py:
 * Crypto_HsmCfg.h): clients 1..3 on mailboxes 0..2, each with its policy (there: every group,
 * use or create any global item as the default policy allows, and every right on the
 * driver's key and its record); and the configuration's digest, which every client must
 * present at connect. */
_Static_assert(CRYPTO_HSMCFG_CLIENT_COUNT == CORE1_NCTX, "a client per mailbox");
_Static_assert((CRYPTO_HSMCFG_CLIENT_ID_MAILBOX0 == 1u) &&
                   (CRYPTO_HSMCFG_CLIENT_ID_MAILBOX1 == 2u) &&
                   (CRYPTO_HSMCFG_CLIENT_ID_MAILBOX2 == 3u),
               "core1_Start binds mailbox n to client id n + 1");
const whServerPolicy* const core1_Policy[CORE1_NCTX] = {CRYPTO_HSMCFG_POLICY_MAILBOX0,
                                                        CRYPTO_HSMCFG_POLICY_MAILBOX1,
                                                        CRYPTO_HSMCFG_POLICY_MAILBOX2};
const uint64_t              core1_ConfigDigest       = CRYPTO_HSMCFG_DIGEST;

/*
 * The factory station, on QEMU: SHE_FACTORY_FILE (in QEMU's working directory, beside the NVM
 * file) holds SHE key updates, "SHEF" then M1 || M2 || M3 (64 bytes) each, which the build
 * generates (scripts/she_boot_provision.py: BOOT_MAC_KEY, BOOT_MAC over the host image, a
 * boot-protected key for the demo). Each goes through LOAD_KEY with all its checks, as a
 * factory station's or a key server's would: one already applied is refused as a replay
 * (ERC_KEY_UPDATE_ERROR, its counter is not greater) and changes nothing; a rebuilt host
 * image comes with a BOOT_MAC of a higher counter. No file: nothing to apply.
 */
#define SHE_FACTORY_FILE "she_factory.bin"
#define SHE_FACTORY_MAX 8u
#define SHE_FACTORY_REC 64u

void core1_Provision(whServerContext* srv)
{
    static uint8_t buf[4u + SHE_FACTORY_MAX * SHE_FACTORY_REC];
    int32_t        fd = mps2Semihost_OpenRead(SHE_FACTORY_FILE);
    int32_t        len;
    unsigned       i;
    unsigned       applied = 0;

    if (fd < 0) {
        mps2Console_Printf("core1: factory: no " NVM_DIR SHE_FACTORY_FILE ": no SHE key updates "
                           "to apply\n");
        return;
    }
    len = mps2Semihost_Length(fd);
    if ((len < 4) || (((uint32_t)len - 4u) % SHE_FACTORY_REC != 0u) ||
        ((uint32_t)len > sizeof(buf)) || (mps2Semihost_ReadAt(fd, 0, buf, (uint32_t)len) != 0) ||
        (memcmp(buf, "SHEF", 4) != 0)) {
        mps2Console_Printf("core1: factory: " NVM_DIR SHE_FACTORY_FILE " is not a SHE factory "
                           "file: ignored\n");
        (void)mps2Semihost_Close(fd);
        return;
    }
    (void)mps2Semihost_Close(fd);
    for (i = 0; i < ((uint32_t)len - 4u) / SHE_FACTORY_REC; i++) {
        const uint8_t* m   = buf + 4u + i * SHE_FACTORY_REC;
        int            ret = wh_Server_SheLoadKey(srv, m, m + 16, m + 48, NULL, NULL);
        mps2Console_Printf("core1: factory: LOAD_KEY slot %u by slot %u: %s\n",
                           (unsigned)(m[15] >> 4), (unsigned)(m[15] & 0x0Fu),
                           (ret == WH_ERROR_OK) ? "applied"
                           : (ret == WH_ERROR_SHE_KEY_UPDATE_ERROR)
                               ? "not applied (ERC_KEY_UPDATE_ERROR: already there, or not for "
                                 "this device)"
                               : "REFUSED");
        applied += (ret == WH_ERROR_OK) ? 1u : 0u;
    }
    mps2Console_Printf(
        "core1: factory: %u of %u SHE key updates applied from " NVM_DIR SHE_FACTORY_FILE "\n",
        applied, (unsigned)(((uint32_t)len - 4u) / SHE_FACTORY_REC));
}

/* The demo's restart (make run, port/mps2/mps2_demo.h): asked, the serving loop stops coming
 * round, sleeping with interrupts on as a handler waiting for what never comes would; the
 * watchdog restarts core 1 after CORE1_WATCHDOG_MS. */
#ifndef CORE1_DEMO_STALL
#define CORE1_DEMO_STALL 1
#endif
#if CORE1_DEMO_STALL
static void demoStall(void)
{
    if (MPS2_DEMO_WORD == MPS2_DEMO_STALL) {
        MPS2_DEMO_WORD = 0u;
        mps2Console_Printf("core1: demo: serving loop stalled\n");
        for (;;) {
            __asm volatile("wfi");
        }
    }
}
#define CORE1_PASS demoStall
#else
#define CORE1_PASS NULL
#endif

int core1_Main(void)
{
    static const core1Hooks       hooks    = {.idle = core1_SessionsOver, .pass = CORE1_PASS};
    const mps2FlashSemihostConfig flashCfg = {.path        = NVM_FILE,
                                              .image       = flashMem,
                                              .size        = sizeof(flashMem),
                                              .sectorSize  = CORE1_FLASH_SECTOR,
                                              .programUnit = CORE1_FLASH_UNIT};
    int                           ret;

    core1_Boot();
    ret = core1_Start(&flashCfg);
    if (ret == MPS2_EXIT_OK) {
        ret = core1_Serve(&hooks);
    }
    if (ret == MPS2_EXIT_OK) {
        core1_End();
    }
    return ret;
}
