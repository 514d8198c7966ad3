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

#include "core1_hsm.h"
#include "core1_target.h"
#include "port/mps2/mps2_flash_semihost.h"

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

/* The HSM's access table: clients 1..3 (mailboxes 0..2) with the default policy: every group,
 * use or create any global item, change or erase only the ones they created (wh_server.h).
 * An ECU narrows it here: the groups a client may call, the global numbers it may touch. */
const whServerPolicy* const core1_Policy[CORE1_NCTX] = {NULL, NULL, NULL};

int core1_Main(void)
{
    static const core1Hooks       hooks    = {.idle = core1_SessionsOver, .pass = NULL};
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
