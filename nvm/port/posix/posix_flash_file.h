/*
 * wolfhsm/wh_flash_file.h
 *
 * File-backed flash for the POSIX host, behind the whFlashCb table: the same strict NOR
 * semantics as the RAM simulator (wh_flash_ramsim.h), persisted in a file so that a flash
 * image survives the process (a "reboot" is a new process opening the same path).
 *
 *   - Init opens config->path. A missing file is created fully erased (size bytes of 0xFF).
 *     An existing file must be exactly config->size bytes: any other size is refused with
 *     WH_ERROR_BADARGS and the file is left untouched (never truncated or extended). The
 *     content is loaded into the caller's RAM image, which serves every read.
 *   - program/erase follow wh_flash_ramsim.h (WH_ERROR_BADARGS for misaligned or
 *     out-of-range requests, WH_ERROR_FLASH for a non-erased target; nothing changes), then
 *     write the changed range through with pwrite (and fsync when config->syncWrites). The
 *     file is written first and the RAM image only after that succeeded. A failed
 *     pwrite/fsync is WH_ERROR_FLASH: the file range may then be torn (as a real part is
 *     after a power cut) while the image still shows the old content; Cleanup and Init
 *     again to see what the file holds.
 *   - Other platform failures (open, fstat, read at Init) are WH_ERROR_ABORTED.
 *
 * Two contexts must not open the same file at once (no file locking); one process after
 * the other is the intended use. Not thread-safe: one caller at a time.
 *
 * This is a host port: it is the only flash backend that includes POSIX headers.
 */
#ifndef WOLFHSM_WH_FLASH_FILE_H_
#define WOLFHSM_WH_FLASH_FILE_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"

typedef struct whFlashFileConfig_t {
    const char* path;        /* file holding the flash image */
    uint8_t*    image;       /* RAM image of size bytes, owned by the caller */
    uint32_t    size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t    sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t    programUnit; /* 1, 2, 4, 8 or 16 */
    int         syncWrites;  /* non-zero: fsync after every program and erase */
} whFlashFileConfig;

typedef struct whFlashFileContext_t {
    uint8_t* image;
    int      fd;
    uint32_t size;
    uint32_t sectorSize;
    uint32_t programUnit;
    uint8_t  syncWrites;
    uint8_t  initialized;
    uint8_t  pad[2];
    /* Statistics since Init: successful calls only. */
    uint32_t programCount;
    uint32_t eraseCount;
} whFlashFileContext;

/* whFlashCb members; contracts at the top of this file. Cleanup closes the file. */
int wh_FlashFile_Init(void* context, const void* config);
int wh_FlashFile_Cleanup(void* context);
int wh_FlashFile_Info(void* context, whFlashInfo* out_info);
int wh_FlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int wh_FlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int wh_FlashFile_Erase(void* context, uint32_t offset, uint32_t size);

#define WH_FLASH_FILE_CB                                                                   \
    {                                                                                      \
        .init = wh_FlashFile_Init, .cleanup = wh_FlashFile_Cleanup,                        \
        .info = wh_FlashFile_Info, .read = wh_FlashFile_Read,                              \
        .program = wh_FlashFile_Program, .erase = wh_FlashFile_Erase,                      \
    }

#endif /* !WOLFHSM_WH_FLASH_FILE_H_ */
