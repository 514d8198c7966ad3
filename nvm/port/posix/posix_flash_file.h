/*
 * port/posix/posix_flash_file.h
 *
 * File-backed flash for the POSIX host, behind the whFlashCb table: the RAM simulator
 * (wolfhsm/wh_flash_ramsim.h) over the caller's image, with every change written through to
 * a file so that a flash image survives the process (a "reboot" is a new process opening the
 * same path). The strict NOR rules are the simulator's own: this backend adds only the file.
 *
 *   - Init opens config->path. A missing file is created fully erased (size bytes of 0xFF).
 *     An existing file must be exactly config->size bytes: any other size is refused with
 *     WH_ERROR_BADARGS and the file is left untouched (never truncated or extended). The
 *     content is loaded into the caller's RAM image, which serves every read. A geometry
 *     the simulator refuses, or a NULL path or image, is WH_ERROR_BADARGS before any file
 *     is opened or created.
 *   - read/program/erase are wh_FlashRamsim_Read/Program/Erase on the image, with their
 *     results (WH_ERROR_BADARGS for misaligned or out-of-range requests, WH_ERROR_FLASH for
 *     a non-erased program target; nothing changes). After a successful program or erase the
 *     changed range is written through to the file with pwrite (and fsync when
 *     config->syncWrites). A failed pwrite/fsync is WH_ERROR_FLASH: the image then already
 *     shows the new content while the file range may be torn (as a real part is after a
 *     power cut); Cleanup and Init again to see what the file holds.
 *   - Other platform failures (open, fstat, read or the initial fill at Init, close at
 *     Cleanup) are WH_ERROR_ABORTED. On any Init error the context is left uninitialised.
 *   - NULL context: WH_ERROR_BADARGS; before Init (or after Cleanup): WH_ERROR_NOTINIT.
 *
 * The context embeds the simulator's context: ctx.ramsim holds the statistics (see
 * wh_flash_ramsim.h; they start at zero at Init and count the calls the simulator accepted,
 * including one whose write-through then failed) and wh_FlashRamsim_ResetCounters(&ctx.ramsim)
 * zeroes them. Do not call the other wh_FlashRamsim_* functions on it directly: a change made
 * that way never reaches the file.
 *
 * Two contexts must not open the same file at once (no file locking); one process after
 * the other is the intended use. Not thread-safe: one caller at a time.
 *
 *   static uint8_t               flashImage[16 * 1024];
 *   static posixFlashFileContext flashCtx;
 *   static const whFlashCb       flashCb  = POSIX_FLASH_FILE_CB;
 *   const posixFlashFileConfig   flashCfg = {.path = "hsm_flash.bin", .image = flashImage,
 *                                            .size = sizeof(flashImage), .sectorSize = 4096,
 *                                            .programUnit = 8, .syncWrites = 1};
 *   flashCb.init(&flashCtx, &flashCfg);
 */
#ifndef PORT_POSIX_POSIX_FLASH_FILE_H_
#define PORT_POSIX_POSIX_FLASH_FILE_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

typedef struct posixFlashFileConfig_t {
    const char* path;        /* file holding the flash image */
    uint8_t*    image;       /* RAM image of size bytes, owned by the caller */
    uint32_t    size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t    sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t    programUnit; /* 1, 2, 4, 8 or 16 */
    int         syncWrites;  /* non-zero: fsync after every program and erase */
} posixFlashFileConfig;

typedef struct posixFlashFileContext_t {
    whFlashRamsimContext ramsim;     /* the image, the rules and the statistics */
    int                  fd;         /* the open file; -1 when not initialised */
    int                  syncWrites; /* non-zero: fsync after each write-through */
} posixFlashFileContext;

/* whFlashCb members; contracts at the top of this file. Cleanup closes the file. */
int posixFlashFile_Init(void* context, const void* config);
int posixFlashFile_Cleanup(void* context);
int posixFlashFile_Info(void* context, whFlashInfo* out_info);
int posixFlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int posixFlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int posixFlashFile_Erase(void* context, uint32_t offset, uint32_t size);

#define POSIX_FLASH_FILE_CB                                                                \
    {                                                                                      \
        .init = posixFlashFile_Init, .cleanup = posixFlashFile_Cleanup,                    \
        .info = posixFlashFile_Info, .read = posixFlashFile_Read,                          \
        .program = posixFlashFile_Program, .erase = posixFlashFile_Erase,                  \
    }

#endif /* !PORT_POSIX_POSIX_FLASH_FILE_H_ */
