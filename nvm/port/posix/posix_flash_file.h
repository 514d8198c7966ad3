/*
 * port/posix/posix_flash_file.h
 *
 * File-backed flash for the POSIX host, behind the whFlashCb table: the write-through file
 * flash of wolfhsm/wh_flash_file.h (the RAM simulator over the caller's image, every change
 * written through to a file, so that a flash image survives the process: a "reboot" is a
 * new process opening the same path) on POSIX file I/O. Its contract, error codes and
 * statistics (ctx.ramsim) are wh_flash_file.h's; this port adds:
 *
 *   - Init opens config->path with open(O_RDWR). Only a missing file (ENOENT) is created
 *     (O_CREAT | O_EXCL, mode 0600) and filled erased; any other open failure is
 *     WH_ERROR_ABORTED and creates nothing.
 *   - The write-through is pwrite, then fsync when config->syncWrites (the initial fill of
 *     a new file too). A failed pwrite or fsync is WH_ERROR_FLASH (at Init: ABORTED).
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
#include "wolfhsm/wh_flash_file.h"

typedef struct posixFlashFileConfig_t {
    const char* path;        /* file holding the flash image */
    uint8_t*    image;       /* RAM image of size bytes, owned by the caller */
    uint32_t    size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t    sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t    programUnit; /* 1, 2, 4, 8 or 16 */
    int         syncWrites;  /* non-zero: fsync after every program and erase */
} posixFlashFileConfig;

/* The common context: the image, the rules, the statistics and the open file; whether
 * writes are synced is in the ops table it holds. */
typedef whFlashFileContext posixFlashFileContext;

/* whFlashCb members. Init takes a posixFlashFileConfig; the others are the common ones. */
int posixFlashFile_Init(void* context, const void* config);
#define posixFlashFile_Cleanup wh_FlashFile_Cleanup
#define posixFlashFile_Info wh_FlashFile_Info
#define posixFlashFile_Read wh_FlashFile_Read
#define posixFlashFile_Program wh_FlashFile_Program
#define posixFlashFile_Erase wh_FlashFile_Erase

#define POSIX_FLASH_FILE_CB                                               \
    {                                                                     \
        .init = posixFlashFile_Init, .cleanup = posixFlashFile_Cleanup,   \
        .info = posixFlashFile_Info, .read = posixFlashFile_Read,         \
        .program = posixFlashFile_Program, .erase = posixFlashFile_Erase, \
    }

#endif /* !PORT_POSIX_POSIX_FLASH_FILE_H_ */
