/*
 * wh_flash_file.c: file-backed strict NOR flash for the POSIX host (see
 * wolfhsm/wh_flash_file.h). The only flash backend with POSIX includes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_file.h"

/* Erases are written to the file through a stack buffer of this many 0xFF bytes. */
#define ERASE_CHUNK 256u

static int unitIsValid(uint32_t unit)
{
    return (unit == 1u) || (unit == 2u) || (unit == 4u) || (unit == 8u) || (unit == 16u);
}

static int rangeIsValid(const whFlashFileContext* ctx, uint32_t offset, uint32_t size)
{
    return (offset <= ctx->size) && (size <= ctx->size - offset);
}

static int isErased(const uint8_t* mem, uint32_t size)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        if (mem[i] != 0xFFu) {
            return 0;
        }
    }
    return 1;
}

static int checkContext(const whFlashFileContext* ctx)
{
    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    return ctx->initialized ? WH_ERROR_OK : WH_ERROR_NOTINIT;
}

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

static int syncIfAsked(const whFlashFileContext* ctx)
{
    if (ctx->syncWrites && (fsync(ctx->fd) != 0)) {
        return -1;
    }
    return 0;
}

/* Create path fully erased. WH_ERROR_OK, or WH_ERROR_ABORTED (the file is then removed). */
static int createErased(const char* path, uint32_t size, int* out_fd)
{
    uint8_t  ones[ERASE_CHUNK];
    uint32_t done = 0;
    int      fd   = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);

    if (fd < 0) {
        return WH_ERROR_ABORTED;
    }
    memset(ones, 0xFF, sizeof(ones));
    while (done < size) {
        uint32_t n = size - done;
        if (n > ERASE_CHUNK) {
            n = ERASE_CHUNK;
        }
        if (writeAll(fd, done, ones, n) != 0) {
            (void)close(fd);
            (void)unlink(path);
            return WH_ERROR_ABORTED;
        }
        done += n;
    }
    *out_fd = fd;
    return WH_ERROR_OK;
}

int wh_FlashFile_Init(void* context, const void* config)
{
    whFlashFileContext*      ctx = context;
    const whFlashFileConfig* cfg = config;
    struct stat              st;
    int                      fd  = -1;
    int                      ret = WH_ERROR_OK;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->path == NULL) || (cfg->image == NULL) ||
        !unitIsValid(cfg->programUnit) || (cfg->sectorSize == 0u) ||
        ((cfg->sectorSize % cfg->programUnit) != 0u) || (cfg->size == 0u) ||
        ((cfg->size % cfg->sectorSize) != 0u)) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->fd = -1;

    fd = open(cfg->path, O_RDWR);
    if ((fd < 0) && (errno == ENOENT)) {
        ret = createErased(cfg->path, cfg->size, &fd);
    }
    else if (fd < 0) {
        ret = WH_ERROR_ABORTED;
    }
    if (ret == WH_ERROR_OK) {
        if (fstat(fd, &st) != 0) {
            ret = WH_ERROR_ABORTED;
        }
        else if ((uint64_t)st.st_size != (uint64_t)cfg->size) {
            ret = WH_ERROR_BADARGS; /* wrong device: never truncate or extend it */
        }
        else if (readAll(fd, cfg->image, cfg->size) != 0) {
            ret = WH_ERROR_ABORTED;
        }
    }
    if (ret != WH_ERROR_OK) {
        if (fd >= 0) {
            (void)close(fd);
        }
        return ret;
    }
    ctx->image       = cfg->image;
    ctx->fd          = fd;
    ctx->size        = cfg->size;
    ctx->sectorSize  = cfg->sectorSize;
    ctx->programUnit = cfg->programUnit;
    ctx->syncWrites  = (cfg->syncWrites != 0) ? 1u : 0u;
    ctx->initialized = 1u;
    return WH_ERROR_OK;
}

int wh_FlashFile_Cleanup(void* context)
{
    whFlashFileContext* ctx = context;
    int                 ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (close(ctx->fd) != 0) {
        ret = WH_ERROR_ABORTED;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->fd = -1;
    return ret;
}

int wh_FlashFile_Info(void* context, whFlashInfo* out_info)
{
    whFlashFileContext* ctx = context;
    int                 ret = checkContext(ctx);

    if ((ret == WH_ERROR_OK) && (out_info == NULL)) {
        ret = WH_ERROR_BADARGS;
    }
    if (ret == WH_ERROR_OK) {
        out_info->size        = ctx->size;
        out_info->sectorSize  = ctx->sectorSize;
        out_info->programUnit = ctx->programUnit;
    }
    return ret;
}

int wh_FlashFile_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    whFlashFileContext* ctx = context;
    int                 ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((data == NULL) && (size != 0u))) {
        return WH_ERROR_BADARGS;
    }
    if (size != 0u) {
        memcpy(data, ctx->image + offset, size);
    }
    return WH_ERROR_OK;
}

int wh_FlashFile_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    whFlashFileContext* ctx = context;
    int                 ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((offset % ctx->programUnit) != 0u) ||
        ((size % ctx->programUnit) != 0u) || ((data == NULL) && (size != 0u))) {
        return WH_ERROR_BADARGS;
    }
    if (!isErased(ctx->image + offset, size)) {
        return WH_ERROR_FLASH;
    }
    if (size == 0u) {
        return WH_ERROR_OK;
    }
    if ((writeAll(ctx->fd, offset, data, size) != 0) || (syncIfAsked(ctx) != 0)) {
        return WH_ERROR_FLASH;
    }
    memcpy(ctx->image + offset, data, size);
    ctx->programCount++;
    return WH_ERROR_OK;
}

int wh_FlashFile_Erase(void* context, uint32_t offset, uint32_t size)
{
    whFlashFileContext* ctx = context;
    uint8_t             ones[ERASE_CHUNK];
    uint32_t            done = 0;
    int                 ret  = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((offset % ctx->sectorSize) != 0u) ||
        ((size % ctx->sectorSize) != 0u)) {
        return WH_ERROR_BADARGS;
    }
    memset(ones, 0xFF, sizeof(ones));
    while (done < size) {
        uint32_t n = size - done;
        if (n > ERASE_CHUNK) {
            n = ERASE_CHUNK;
        }
        if (writeAll(ctx->fd, offset + done, ones, n) != 0) {
            return WH_ERROR_FLASH;
        }
        done += n;
    }
    if (syncIfAsked(ctx) != 0) {
        return WH_ERROR_FLASH;
    }
    memset(ctx->image + offset, 0xFF, size);
    ctx->eraseCount++;
    return WH_ERROR_OK;
}
