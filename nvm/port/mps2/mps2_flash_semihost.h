/*
 * port/mps2/mps2_flash_semihost.h
 *
 * Semihosting file flash for QEMU mps2-an521, behind the whFlashCb table: the RAM simulator
 * (wolfhsm/wh_flash_ramsim.h) over the caller's image, with every change written through to
 * a host file by semihosting (port/mps2/mps2_semihost.h), so that the flash survives the
 * emulator (a "reboot" is a new QEMU run opening the same path) as a real part survives a
 * reset: each program or erase is in the file when it returns, also when core 1 faults or
 * QEMU is killed later. The strict NOR rules are the simulator's own: this backend adds only
 * the file. The same contract as the POSIX host's port/posix/posix_flash_file.h, without its
 * syncWrites (semihosting has no sync call: a crash of the host machine may still lose a
 * write the emulator made).
 *
 *   - Init opens config->path (relative to QEMU's working directory) for update and keeps it
 *     open. A missing file is created fully erased (size bytes of 0xFF). An existing file
 *     must be exactly config->size bytes: any other size is refused with WH_ERROR_BADARGS
 *     and the file is left untouched (never truncated or extended). The content is loaded
 *     into the caller's RAM image, which serves every read. A geometry the simulator
 *     refuses, or a NULL path or image, is WH_ERROR_BADARGS before any file is opened or
 *     created.
 *   - read/program/erase are wh_FlashRamsim_Read/Program/Erase on the image, with their
 *     results (WH_ERROR_BADARGS for misaligned or out-of-range requests, WH_ERROR_FLASH for
 *     a non-erased program target; nothing changes). After a successful program or erase the
 *     changed range is written through to the file (SYS_SEEK, then SYS_WRITE). A failed
 *     write-through is WH_ERROR_FLASH: the image then already shows the new content while
 *     the file range may be torn (as a real part is after a power cut); Cleanup and Init
 *     again to see what the file holds.
 *   - Other platform failures (open, length, read or the initial fill at Init, close at
 *     Cleanup) are WH_ERROR_ABORTED; a file created by a failed Init is removed again. On
 *     any Init error the context is left uninitialised.
 *   - NULL context: WH_ERROR_BADARGS; before Init (or after Cleanup): WH_ERROR_NOTINIT.
 *
 * The context embeds the simulator's context: ctx.ramsim holds the statistics (see
 * wh_flash_ramsim.h; they start at zero at Init and count the calls the simulator accepted,
 * including one whose write-through then failed) and wh_FlashRamsim_ResetCounters(&ctx.ramsim)
 * zeroes them. Do not call the other wh_FlashRamsim_* functions on it directly: a change made
 * that way never reaches the file.
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

#include <stdint.h>

#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

typedef struct mps2FlashSemihostConfig_t {
    const char* path;        /* host file holding the flash image */
    uint8_t*    image;       /* RAM image of size bytes, owned by the caller */
    uint32_t    size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t    sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t    programUnit; /* 1, 2, 4, 8 or 16 */
} mps2FlashSemihostConfig;

typedef struct mps2FlashSemihostContext_t {
    whFlashRamsimContext ramsim; /* the image, the rules and the statistics */
    int32_t              fd;     /* the open file's semihosting handle; -1 when not initialised */
} mps2FlashSemihostContext;

/* whFlashCb members; contracts at the top of this file. Cleanup closes the file. */
int mps2FlashSemihost_Init(void* context, const void* config);
int mps2FlashSemihost_Cleanup(void* context);
int mps2FlashSemihost_Info(void* context, whFlashInfo* out_info);
int mps2FlashSemihost_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int mps2FlashSemihost_Program(void* context, uint32_t offset, uint32_t size,
                              const uint8_t* data);
int mps2FlashSemihost_Erase(void* context, uint32_t offset, uint32_t size);

#define MPS2_FLASH_SEMIHOST_CB                                                             \
    {                                                                                      \
        .init = mps2FlashSemihost_Init, .cleanup = mps2FlashSemihost_Cleanup,              \
        .info = mps2FlashSemihost_Info, .read = mps2FlashSemihost_Read,                    \
        .program = mps2FlashSemihost_Program, .erase = mps2FlashSemihost_Erase,            \
    }

#endif /* !PORT_MPS2_MPS2_FLASH_SEMIHOST_H_ */
