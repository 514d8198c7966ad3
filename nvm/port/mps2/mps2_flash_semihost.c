/*
 * port/mps2/mps2_flash_semihost.c: the RAM simulator with write-through to a host file by
 * semihosting (see mps2_flash_semihost.h). The NOR rules live in wh_flash_ramsim.c only;
 * this file adds the I/O.
 */
#include <stddef.h>
#include <stdint.h>

#include "port/mps2/mps2_flash_semihost.h"
#include "port/mps2/mps2_semihost.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

/* Copy image[offset..offset+size) to the file. WH_ERROR_OK or WH_ERROR_FLASH. */
static int writeThrough(const mps2FlashSemihostContext* ctx, uint32_t offset, uint32_t size)
{
    if (size == 0u) {
        return WH_ERROR_OK;
    }
    if (mps2_SemihostWriteAt(ctx->fd, offset, ctx->ramsim.memory + offset, size) != 0) {
        return WH_ERROR_FLASH;
    }
    return WH_ERROR_OK;
}

/* Load an existing open file of the device's size into the image. On success ctx owns fd;
 * on error fd is closed (WH_ERROR_BADARGS for a wrong size, the file untouched; else
 * ABORTED). */
static int loadFile(mps2FlashSemihostContext* ctx, int32_t fd)
{
    int32_t len = mps2_SemihostLength(fd);
    int     ret = WH_ERROR_OK;

    if (len < 0) {
        ret = WH_ERROR_ABORTED;
    }
    else if ((uint32_t)len != ctx->ramsim.size) {
        ret = WH_ERROR_BADARGS; /* wrong device: never truncate or extend it */
    }
    else if (mps2_SemihostReadAt(fd, 0u, ctx->ramsim.memory, ctx->ramsim.size) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    if (ret != WH_ERROR_OK) {
        (void)mps2_SemihostClose(fd);
        return ret;
    }
    ctx->fd = fd;
    return WH_ERROR_OK;
}

/* Erase the whole device and write it through to the just-created, empty file fd. On
 * success ctx owns fd; on error fd is closed and the file removed (WH_ERROR_ABORTED). */
static int fillErased(mps2FlashSemihostContext* ctx, int32_t fd, const char* path)
{
    ctx->fd = fd;
    if ((wh_FlashRamsim_Erase(&ctx->ramsim, 0u, ctx->ramsim.size) != WH_ERROR_OK) ||
        (writeThrough(ctx, 0u, ctx->ramsim.size) != WH_ERROR_OK)) {
        (void)mps2_SemihostClose(fd);
        (void)mps2_SemihostRemove(path);
        ctx->fd = -1;
        return WH_ERROR_ABORTED;
    }
    return WH_ERROR_OK;
}

int mps2FlashSemihost_Init(void* context, const void* config)
{
    mps2FlashSemihostContext*      ctx = context;
    const mps2FlashSemihostConfig* cfg = config;
    whFlashRamsimConfig            ramCfg;
    int32_t                        fd;
    int                            created;
    int                            ret;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->path == NULL)) {
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
    ctx->fd = -1;

    fd = mps2_SemihostOpenUpdate(cfg->path, &created);
    if (fd < 0) {
        ret = WH_ERROR_ABORTED;
    }
    else if (created) {
        ret = fillErased(ctx, fd, cfg->path);
    }
    else {
        ret = loadFile(ctx, fd);
    }
    if (ret != WH_ERROR_OK) {
        (void)wh_FlashRamsim_Cleanup(&ctx->ramsim);
        return ret;
    }
    /* Statistics count the caller's operations, not the erase of a new file. */
    return wh_FlashRamsim_ResetCounters(&ctx->ramsim);
}

int mps2FlashSemihost_Cleanup(void* context)
{
    mps2FlashSemihostContext* ctx = context;
    int                       ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Cleanup(&ctx->ramsim);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (mps2_SemihostClose(ctx->fd) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    ctx->fd = -1;
    return ret;
}

int mps2FlashSemihost_Info(void* context, whFlashInfo* out_info)
{
    mps2FlashSemihostContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS : wh_FlashRamsim_Info(&ctx->ramsim, out_info);
}

int mps2FlashSemihost_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    mps2FlashSemihostContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS
                         : wh_FlashRamsim_Read(&ctx->ramsim, offset, size, data);
}

int mps2FlashSemihost_Program(void* context, uint32_t offset, uint32_t size,
                              const uint8_t* data)
{
    mps2FlashSemihostContext* ctx = context;
    int                       ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Program(&ctx->ramsim, offset, size, data);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}

int mps2FlashSemihost_Erase(void* context, uint32_t offset, uint32_t size)
{
    mps2FlashSemihostContext* ctx = context;
    int                       ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Erase(&ctx->ramsim, offset, size);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}
