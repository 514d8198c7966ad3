/*
 * port/posix/posix_flash_file.c: the write-through file flash (wh_flash_file.c) on POSIX
 * file I/O (see posix_flash_file.h). This file adds only the I/O.
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
#include "wolfhsm/wh_flash_file.h"

/* Only ENOENT means the device is missing: any other failure (permissions, a directory
 * that does not exist) must not create a fresh, erased device in its place. */
static int32_t posixOpenUpdate(const char* path, int* out_created)
{
    int fd = open(path, O_RDWR);

    *out_created = 0;
    if ((fd < 0) && (errno == ENOENT)) {
        fd           = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
        *out_created = (fd >= 0) ? 1 : 0;
    }
    return (fd >= 0) ? fd : -1;
}

static int64_t posixLength(int32_t fd)
{
    struct stat st;

    return (fstat(fd, &st) == 0) ? (int64_t)st.st_size : -1;
}

/* Read all of buf at offset, retrying short reads and interrupted calls. */
static int posixReadAt(int32_t fd, uint32_t offset, uint8_t* buf, uint32_t size)
{
    while (size > 0u) {
        ssize_t n = pread(fd, buf, size, (off_t)offset);
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

/* Write all of buf at offset, retrying short writes and interrupted calls. */
static int posixWriteAt(int32_t fd, uint32_t offset, const uint8_t* buf, uint32_t size)
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

static int posixWriteAtSync(int32_t fd, uint32_t offset, const uint8_t* buf, uint32_t size)
{
    return ((posixWriteAt(fd, offset, buf, size) == 0) && (fsync(fd) == 0)) ? 0 : -1;
}

static int posixClose(int32_t fd)
{
    return (close(fd) == 0) ? 0 : -1;
}

static int posixRemove(const char* path)
{
    return (unlink(path) == 0) ? 0 : -1;
}

/* syncWrites picks the table, so the common context needs no platform option of its own. */
static const whFlashFileOps posixOps = {
    .openUpdate = posixOpenUpdate,
    .length     = posixLength,
    .readAt     = posixReadAt,
    .writeAt    = posixWriteAt,
    .close      = posixClose,
    .remove     = posixRemove,
};
static const whFlashFileOps posixOpsSync = {
    .openUpdate = posixOpenUpdate,
    .length     = posixLength,
    .readAt     = posixReadAt,
    .writeAt    = posixWriteAtSync,
    .close      = posixClose,
    .remove     = posixRemove,
};

int posixFlashFile_Init(void* context, const void* config)
{
    const posixFlashFileConfig* cfg = config;
    whFlashFileConfig           fileCfg;

    if (cfg == NULL) {
        return WH_ERROR_BADARGS;
    }
    fileCfg = (whFlashFileConfig){.path        = cfg->path,
                                  .image       = cfg->image,
                                  .size        = cfg->size,
                                  .sectorSize  = cfg->sectorSize,
                                  .programUnit = cfg->programUnit};
    return wh_FlashFile_Init(context, cfg->syncWrites ? &posixOpsSync : &posixOps, &fileCfg);
}
