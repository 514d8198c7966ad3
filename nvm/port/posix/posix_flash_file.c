/*
 * port/posix/posix_flash_file.c: the RAM simulator with write-through to a file (see
 * posix_flash_file.h). The NOR rules live in wh_flash_ramsim.c only; this file adds the I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "port/posix/posix_flash_file.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

/* Write all of buf at offset, retrying short writes and interrupted calls. */
static int writeAll(int fd, uint32_t offset, const uint8_t* buf, uint32_t size)
{
    while (size > 0u) {
        ssize_t n = pwrite(fd, buf, size, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            return -1;
        }
        buf += n;
        offset += (uint32_t)n;
        size -= (uint32_t)n;
    }
    return 0;
}

static int readAll(int fd, uint8_t* buf, uint32_t size)
{
    uint32_t offset = 0;

    while (offset < size) {
        ssize_t n = pread(fd, buf + offset, size - offset, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            return -1;
        }
        offset += (uint32_t)n;
    }
    return 0;
}

/* Copy image[offset..offset+size) to the file, then fsync if asked. WH_ERROR_OK or
 * WH_ERROR_FLASH. */
static int writeThrough(const posixFlashFileContext* ctx, uint32_t offset, uint32_t size)
{
    if (size == 0u) {
        return WH_ERROR_OK;
    }
    if ((writeAll(ctx->fd, offset, ctx->ramsim.memory + offset, size) != 0) ||
        (ctx->syncWrites && (fsync(ctx->fd) != 0))) {
        return WH_ERROR_FLASH;
    }
    return WH_ERROR_OK;
}

/* Load an open file of the device's size into the image. On success ctx owns fd; on error
 * fd is closed (WH_ERROR_BADARGS for a wrong size, the file untouched; else ABORTED). */
static int loadFile(posixFlashFileContext* ctx, int fd)
{
    struct stat st;
    int         ret = WH_ERROR_OK;

    if (fstat(fd, &st) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    else if ((uint64_t)st.st_size != (uint64_t)ctx->ramsim.size) {
        ret = WH_ERROR_BADARGS; /* wrong device: never truncate or extend it */
    }
    else if (readAll(fd, ctx->ramsim.memory, ctx->ramsim.size) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    if (ret != WH_ERROR_OK) {
        (void)close(fd);
        return ret;
    }
    ctx->fd = fd;
    return WH_ERROR_OK;
}

/* Create path, erase the whole device and write it through. WH_ERROR_OK, or
 * WH_ERROR_ABORTED (the file is then removed). */
static int createErased(posixFlashFileContext* ctx, const char* path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);

    if (fd < 0) {
        return WH_ERROR_ABORTED;
    }
    ctx->fd = fd;
    if ((wh_FlashRamsim_Erase(&ctx->ramsim, 0u, ctx->ramsim.size) != WH_ERROR_OK) ||
        (writeThrough(ctx, 0u, ctx->ramsim.size) != WH_ERROR_OK)) {
        (void)close(fd);
        (void)unlink(path);
        ctx->fd = -1;
        return WH_ERROR_ABORTED;
    }
    return WH_ERROR_OK;
}

int posixFlashFile_Init(void* context, const void* config)
{
    posixFlashFileContext*      ctx = context;
    const posixFlashFileConfig* cfg = config;
    whFlashRamsimConfig         ramCfg;
    int                         fd;
    int                         ret;

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
    ctx->fd         = -1;
    ctx->syncWrites = (cfg->syncWrites != 0) ? 1 : 0;

    fd = open(cfg->path, O_RDWR);
    if (fd >= 0) {
        ret = loadFile(ctx, fd);
    }
    else if (errno == ENOENT) {
        ret = createErased(ctx, cfg->path);
    }
    else {
        ret = WH_ERROR_ABORTED;
    }
    if (ret != WH_ERROR_OK) {
        (void)wh_FlashRamsim_Cleanup(&ctx->ramsim);
        return ret;
    }
    /* Statistics count the caller's operations, not the erase of a new file. */
    return wh_FlashRamsim_ResetCounters(&ctx->ramsim);
}

int posixFlashFile_Cleanup(void* context)
{
    posixFlashFileContext* ctx = context;
    int                    ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Cleanup(&ctx->ramsim);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (close(ctx->fd) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    ctx->fd         = -1;
    ctx->syncWrites = 0;
    return ret;
}

int posixFlashFile_Info(void* context, whFlashInfo* out_info)
{
    posixFlashFileContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS : wh_FlashRamsim_Info(&ctx->ramsim, out_info);
}

int posixFlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    posixFlashFileContext* ctx = context;

    return (ctx == NULL) ? WH_ERROR_BADARGS
                         : wh_FlashRamsim_Read(&ctx->ramsim, offset, size, data);
}

int posixFlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    posixFlashFileContext* ctx = context;
    int                    ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Program(&ctx->ramsim, offset, size, data);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}

int posixFlashFile_Erase(void* context, uint32_t offset, uint32_t size)
{
    posixFlashFileContext* ctx = context;
    int                    ret;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_FlashRamsim_Erase(&ctx->ramsim, offset, size);
    return (ret == WH_ERROR_OK) ? writeThrough(ctx, offset, size) : ret;
}
