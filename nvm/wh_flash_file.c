/*
 * wh_flash_file.c: the RAM simulator with write-through to a file (see wh_flash_file.h).
 * The NOR rules live in wh_flash_ramsim.c only, the platform's I/O in the ports' ops
 * tables; this file ties the two together once for every port.
 */
#include <stddef.h>
#include <stdint.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_file.h"
#include "wolfhsm/wh_flash_ramsim.h"

/* Copy image[offset..offset+size) to the file. WH_ERROR_OK or WH_ERROR_FLASH. */
static int writeThrough(const whFlashFileContext* ctx, uint32_t offset, uint32_t size)
{
    if (size == 0u) {
        return WH_ERROR_OK;
    }
    if (ctx->ops->writeAt(ctx->file, offset, ctx->ramsim.memory + offset, size) != 0) {
        return WH_ERROR_FLASH;
    }
    return WH_ERROR_OK;
}

/* Load an existing open file of the device's size into the image. On success ctx owns
 * file; on error file is closed (WH_ERROR_BADARGS for a wrong size, the file untouched;
 * else ABORTED). */
static int loadFile(whFlashFileContext* ctx, int32_t file)
{
    int64_t len = ctx->ops->length(file);
    int     ret = WH_ERROR_OK;

    if (len < 0) {
        ret = WH_ERROR_ABORTED;
    }
    else if ((uint64_t)len != (uint64_t)ctx->ramsim.size) {
        ret = WH_ERROR_BADARGS; /* wrong device: never truncate or extend it */
    }
    else if (ctx->ops->readAt(file, 0u, ctx->ramsim.memory, ctx->ramsim.size) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    if (ret != WH_ERROR_OK) {
        (void)ctx->ops->close(file);
        return ret;
    }
    ctx->file = file;
    return WH_ERROR_OK;
}

/* Erase the whole device and write it through to the just-created, empty file. On success
 * ctx owns file; on error file is closed and removed (WH_ERROR_ABORTED), so that a failed
 * Init leaves no half-filled device behind for the next one to load. */
static int fillErased(whFlashFileContext* ctx, int32_t file, const char* path)
{
    ctx->file = file;
    if ((wh_FlashRamsim_Erase(&ctx->ramsim, 0u, ctx->ramsim.size) != WH_ERROR_OK) ||
        (writeThrough(ctx, 0u, ctx->ramsim.size) != WH_ERROR_OK)) {
        (void)ctx->ops->close(file);
        (void)ctx->ops->remove(path);
        ctx->file = -1;
        return WH_ERROR_ABORTED;
    }
    return WH_ERROR_OK;
}

int wh_FlashFile_Init(whFlashFileContext* ctx, const whFlashFileOps* ops,
                      const whFlashFileConfig* cfg)
{
    whFlashRamsimConfig ramCfg;
    int32_t             file;
    int                 created;
    int                 ret;

    if ((ctx == NULL) || (ops == NULL) || (cfg == NULL) || (cfg->path == NULL)) {
        return WH_ERROR_BADARGS;
    }
    /* The simulator checks the image and the geometry before any file is touched; with
     * initErased 0 it leaves the image alone until the file is loaded into it. */
    ramCfg = (whFlashRamsimConfig){.memory      = cfg->image,
                                   .size        = cfg->size,
                                   .sectorSize  = cfg->sectorSize,
                                   .programUnit = cfg->programUnit,
                                   .initErased  = 0};
    ret    = wh_FlashRamsim_Init(&ctx->ramsim, &ramCfg);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    ctx->ops  = ops;
    ctx->file = -1;

    file = ctx->ops->openUpdate(cfg->path, &created);
    if (file < 0) {
        ret = WH_ERROR_ABORTED;
    }
    else if (created) {
        ret = fillErased(ctx, file, cfg->path);
    }
    else {
        ret = loadFile(ctx, file);
    }
    if (ret != WH_ERROR_OK) {
        (void)wh_FlashRamsim_Cleanup(&ctx->ramsim);
        return ret;
    }
    /* Statistics count the caller's operations, not the erase of a new file. */
    return wh_FlashRamsim_ResetCounters(&ctx->ramsim);
}

int wh_FlashFile_Cleanup(void* context)
{
    whFlashFileContext* ctx = context;
    int                 ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    /* The simulator first: it refuses a context that is not initialised, whose file
     * handle must not be closed. */
    ret = wh_FlashRamsim_Cleanup(&ctx->ramsim);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (ctx->ops->close(ctx->file) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    ctx->file = -1;
    return ret;
}

int wh_FlashFile_Info(void* context, whFlashInfo* out_info)
{
    whFlashFileContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS : wh_FlashRamsim_Info(&ctx->ramsim, out_info);
}

int wh_FlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    whFlashFileContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS : wh_FlashRamsim_Read(&ctx->ramsim, offset, size, data);
}

int wh_FlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    whFlashFileContext* ctx = context;
    int                 ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Program(&ctx->ramsim, offset, size, data);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}

int wh_FlashFile_Erase(void* context, uint32_t offset, uint32_t size)
{
    whFlashFileContext* ctx = context;
    int                 ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Erase(&ctx->ramsim, offset, size);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}
