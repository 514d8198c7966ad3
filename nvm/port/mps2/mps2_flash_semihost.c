/*
 * port/mps2/mps2_flash_semihost.c: the write-through file flash (wh_flash_file.c) on a host
 * file by semihosting (see mps2_flash_semihost.h). This file adds only the I/O, which is
 * port/mps2/mps2_semihost.h's as it is.
 */
#include <stddef.h>
#include <stdint.h>

#include "port/mps2/mps2_flash_semihost.h"
#include "port/mps2/mps2_semihost.h"
#include "wolfhsm/wh_flash_file.h"

/* The one call whose result type differs from the table's. */
static int64_t semihostLength(int32_t fd)
{
    return mps2Semihost_Length(fd);
}

static const whFlashFileOps semihostOps = {
    .openUpdate = mps2Semihost_OpenUpdate,
    .length     = semihostLength,
    .readAt     = mps2Semihost_ReadAt,
    .writeAt    = mps2Semihost_WriteAt,
    .close      = mps2Semihost_Close,
    .remove     = mps2Semihost_Remove,
};

int mps2FlashSemihost_Init(void* context, const void* config)
{
    return wh_FlashFile_Init(context, &semihostOps, config);
}
