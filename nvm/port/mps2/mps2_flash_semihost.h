/*
 * port/mps2/mps2_flash_semihost.h
 *
 * Semihosting file flash for QEMU mps2-an521, behind the whFlashCb table: the write-through
 * file flash of wolfhsm/wh_flash_file.h (the RAM simulator over the caller's image, every
 * change written through to a file) on a host file reached by semihosting
 * (port/mps2/mps2_semihost.h), so that the flash survives the emulator (a "reboot" is a new
 * QEMU run opening the same path) as a real part survives a reset: each program or erase is
 * in the file when it returns, also when core 1 faults or QEMU is killed later. Its
 * contract, error codes and statistics (ctx.ramsim) are wh_flash_file.h's; this port adds:
 *
 *   - config->path is relative to QEMU's working directory. Semihosting gives no reason
 *     for a failed open, so any file that does not open for update is taken to be missing
 *     and created (mps2Semihost_OpenUpdate).
 *   - The write-through is SYS_SEEK, then SYS_WRITE. There is no syncWrites: semihosting
 *     has no sync call, so a crash of the host machine may still lose a write the emulator
 *     made.
 *
 * Two contexts must not open the same file at once (no file locking); one run after the
 * other is the intended use. Not thread-safe: one caller at a time. Privileged code only
 * (semihosting).
 *
 *   static uint8_t                  flashImage[64 * 1024];
 *   static mps2FlashSemihostContext flashCtx;
 *   static const whFlashCb          flashCb  = MPS2_FLASH_SEMIHOST_CB;
 *   const mps2FlashSemihostConfig   flashCfg = {.path = "hsm_nvm.bin", .image = flashImage,
 *                                               .size = sizeof(flashImage),
 *                                               .sectorSize = 4096, .programUnit = 8};
 *   flashCb.init(&flashCtx, &flashCfg);
 */
#ifndef PORT_MPS2_MPS2_FLASH_SEMIHOST_H_
#define PORT_MPS2_MPS2_FLASH_SEMIHOST_H_

#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_file.h"

/* The common config (path: the host file holding the flash image) and context: this port
 * has nothing to add to either. */
typedef whFlashFileConfig  mps2FlashSemihostConfig;
typedef whFlashFileContext mps2FlashSemihostContext;

/* whFlashCb members. Init takes a mps2FlashSemihostConfig; the others are the common ones. */
int mps2FlashSemihost_Init(void* context, const void* config);
#define mps2FlashSemihost_Cleanup wh_FlashFile_Cleanup
#define mps2FlashSemihost_Info wh_FlashFile_Info
#define mps2FlashSemihost_Read wh_FlashFile_Read
#define mps2FlashSemihost_Program wh_FlashFile_Program
#define mps2FlashSemihost_Erase wh_FlashFile_Erase

#define MPS2_FLASH_SEMIHOST_CB                                                  \
    {                                                                           \
        .init = mps2FlashSemihost_Init, .cleanup = mps2FlashSemihost_Cleanup,   \
        .info = mps2FlashSemihost_Info, .read = mps2FlashSemihost_Read,         \
        .program = mps2FlashSemihost_Program, .erase = mps2FlashSemihost_Erase, \
    }

#endif /* !PORT_MPS2_MPS2_FLASH_SEMIHOST_H_ */
