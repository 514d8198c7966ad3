/*
 * wolfhsm/wh_flash_file.h
 *
 * File-backed flash behind the whFlashCb table: the RAM simulator (wh_flash_ramsim.h) over
 * the caller's image, with every change written through to a file so that a flash image
 * survives the program that wrote it (a "reboot" is a new process or emulator run opening
 * the same path). The strict NOR rules are the simulator's own: this backend adds only the
 * file. The file is reached through a table of file operations (whFlashFileOps), so the
 * same core serves every platform: a port's whFlashCb init is wh_FlashFile_Init with its
 * table, the other members are this file's. Ports: port/posix/posix_flash_file.h (POSIX
 * file I/O) and port/mps2/mps2_flash_semihost.h (semihosting on the QEMU target).
 *
 *   - Init opens config->path for update and keeps it open. A missing file is created fully
 *     erased (size bytes of 0xFF). An existing file must be exactly config->size bytes: any
 *     other size is refused with WH_ERROR_BADARGS and the file is left untouched (never
 *     truncated or extended). The content is loaded into the caller's RAM image, which
 *     serves every read. A geometry the simulator refuses, or a NULL ops table, config,
 *     path or image, is WH_ERROR_BADARGS before any file is opened or created.
 *   - read/program/erase are wh_FlashRamsim_Read/Program/Erase on the image, with their
 *     results (WH_ERROR_BADARGS for misaligned or out-of-range requests, WH_ERROR_FLASH for
 *     a non-erased program target; nothing changes). After a successful program or erase the
 *     changed range is written through to the file (ops->writeAt). A failed write-through is
 *     WH_ERROR_FLASH: the image then already shows the new content while the file range may
 *     be torn (as a real part is after a power cut); Cleanup and Init again to see what the
 *     file holds.
 *   - Other platform failures (open, length, read or the initial fill at Init, close at
 *     Cleanup) are WH_ERROR_ABORTED; a file created by a failed Init is removed again. On
 *     any Init error the context is left uninitialised.
 *   - NULL context: WH_ERROR_BADARGS; before Init (or after Cleanup): WH_ERROR_NOTINIT.
 *     Cleanup closes the file.
 *
 * The context embeds the simulator's context: ctx.ramsim holds the statistics (see
 * wh_flash_ramsim.h; they start at zero at Init and count the calls the simulator accepted,
 * including one whose write-through then failed) and wh_FlashRamsim_ResetCounters(&ctx.ramsim)
 * zeroes them. Do not call the other wh_FlashRamsim_* functions on it directly: a change made
 * that way never reaches the file.
 *
 * Two contexts must not open the same file at once (no file locking); one run after the
 * other is the intended use. Not thread-safe: one caller at a time.
 *
 *   static const whFlashFileOps myFileOps = {.openUpdate = myOpenUpdate, ...};
 *   int myFlash_Init(void* context, const void* config)     (the port's whFlashCb init)
 *   {
 *       return wh_FlashFile_Init(context, &myFileOps, config);
 *   }
 *   #define MY_FLASH_CB {.init = myFlash_Init, .cleanup = wh_FlashFile_Cleanup, ...}
 */
#ifndef WOLFHSM_WH_FLASH_FILE_H_
#define WOLFHSM_WH_FLASH_FILE_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

/* A platform's file I/O on a handle (>= 0) of a file open for reading and writing. Each
 * returns -1 on failure; the core turns that into the error codes above. */
typedef struct whFlashFileOps_t {
    /* Open path for update, creating it empty when it is missing: the handle, with
     * *out_created 1 for a new file and 0 for an existing one; or -1 (nothing created). */
    int32_t (*openUpdate)(const char* path, int* out_created);
    /* The open file's length in bytes, or -1. */
    int64_t (*length)(int32_t file);
    /* Transfer all size bytes at offset: 0, or -1 (part of the range may have moved). A
     * write has reached the file as far as the platform can promise when it returns. */
    int (*readAt)(int32_t file, uint32_t offset, uint8_t* buf, uint32_t size);
    int (*writeAt)(int32_t file, uint32_t offset, const uint8_t* buf, uint32_t size);
    int (*close)(int32_t file);      /* 0, or -1 */
    int (*remove)(const char* path); /* 0, or -1 */
} whFlashFileOps;

typedef struct whFlashFileConfig_t {
    const char* path;        /* file holding the flash image */
    uint8_t*    image;       /* RAM image of size bytes, owned by the caller */
    uint32_t    size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t    sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t    programUnit; /* 1, 2, 4, 8 or 16 */
} whFlashFileConfig;

typedef struct whFlashFileContext_t {
    whFlashRamsimContext  ramsim; /* the image, the rules and the statistics */
    const whFlashFileOps* ops;    /* the port's table, from Init; outlives the context */
    int32_t               file;   /* the open file's handle; -1 when not initialised */
} whFlashFileContext;

/* Init is what a port's whFlashCb init calls, with its ops table; the others are whFlashCb
 * members. Contracts at the top of this file. */
int wh_FlashFile_Init(whFlashFileContext* ctx, const whFlashFileOps* ops,
                      const whFlashFileConfig* cfg);
int wh_FlashFile_Cleanup(void* context);
int wh_FlashFile_Info(void* context, whFlashInfo* out_info);
int wh_FlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int wh_FlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int wh_FlashFile_Erase(void* context, uint32_t offset, uint32_t size);

#endif /* !WOLFHSM_WH_FLASH_FILE_H_ */
