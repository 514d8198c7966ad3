/*
 * wh_flash_ramsim.c: strict NOR flash simulator in caller RAM (see wolfhsm/wh_flash_ramsim.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_ramsim.h"

static int unitIsValid(uint32_t unit)
{
    return (unit == 1u) || (unit == 2u) || (unit == 4u) || (unit == 8u) || (unit == 16u);
}

/* offset + size within the device, without overflow. */
static int rangeIsValid(const whFlashRamsimContext* ctx, uint32_t offset, uint32_t size)
{
    return (offset <= ctx->size) && (size <= ctx->size - offset);
}

/* Every byte of mem[0..size) is 0xFF. Eight bytes at a time where possible. */
static int isErased(const uint8_t* mem, uint32_t size)
{
    uint32_t i = 0;

    for (; i + 8u <= size; i += 8u) {
        uint64_t w;
        memcpy(&w, mem + i, sizeof(w));
        if (w != UINT64_MAX) {
            return 0;
        }
    }
    for (; i < size; i++) {
        if (mem[i] != 0xFFu) {
            return 0;
        }
    }
    return 1;
}

static int checkContext(const whFlashRamsimContext* ctx)
{
    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    return ctx->initialized ? WH_ERROR_OK : WH_ERROR_NOTINIT;
}

/* The modelled busy time of an operation, spent in the configured hook. */
static void busy(const whFlashRamsimContext* ctx, uint32_t us)
{
    if ((ctx->busy != NULL) && (us != 0u)) {
        ctx->busy(ctx->busyArg, us);
    }
}

int wh_FlashRamsim_Init(void* context, const void* config)
{
    whFlashRamsimContext*      ctx = context;
    const whFlashRamsimConfig* cfg = config;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->memory == NULL) || !unitIsValid(cfg->programUnit) ||
        (cfg->sectorSize == 0u) || ((cfg->sectorSize % cfg->programUnit) != 0u) ||
        (cfg->size == 0u) || ((cfg->size % cfg->sectorSize) != 0u)) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->memory        = cfg->memory;
    ctx->size          = cfg->size;
    ctx->sectorSize    = cfg->sectorSize;
    ctx->programUnit   = cfg->programUnit;
    ctx->programBusyUs = cfg->programBusyUs;
    ctx->eraseBusyUs   = cfg->eraseBusyUs;
    ctx->busy          = cfg->busy;
    ctx->busyArg       = cfg->busyArg;
    if (cfg->initErased) {
        memset(ctx->memory, 0xFF, ctx->size);
    }
    ctx->initialized = 1u;
    return WH_ERROR_OK;
}

int wh_FlashRamsim_Cleanup(void* context)
{
    whFlashRamsimContext* ctx = context;
    int                   ret = checkContext(ctx);

    if (ret == WH_ERROR_OK) {
        memset(ctx, 0, sizeof(*ctx));
    }
    return ret;
}

int wh_FlashRamsim_Info(void* context, whFlashInfo* out_info)
{
    whFlashRamsimContext* ctx = context;
    int                   ret = checkContext(ctx);

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

int wh_FlashRamsim_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    whFlashRamsimContext* ctx = context;
    int                   ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((data == NULL) && (size != 0u))) {
        return WH_ERROR_BADARGS;
    }
    if (size != 0u) {
        memcpy(data, ctx->memory + offset, size);
    }
    ctx->readCount++;
    ctx->readBytes += size;
    return WH_ERROR_OK;
}

int wh_FlashRamsim_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    whFlashRamsimContext* ctx = context;
    int                   ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((offset % ctx->programUnit) != 0u) ||
        ((size % ctx->programUnit) != 0u) || ((data == NULL) && (size != 0u))) {
        return WH_ERROR_BADARGS;
    }
    /* Check every target byte before writing any: a refused program changes nothing. */
    if (!isErased(ctx->memory + offset, size)) {
        return WH_ERROR_FLASH;
    }
    if (size != 0u) {
        memcpy(ctx->memory + offset, data, size);
    }
    ctx->programCount++;
    ctx->programBytes += size;
    busy(ctx, ctx->programBusyUs);
    return WH_ERROR_OK;
}

int wh_FlashRamsim_Erase(void* context, uint32_t offset, uint32_t size)
{
    whFlashRamsimContext* ctx = context;
    int                   ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!rangeIsValid(ctx, offset, size) || ((offset % ctx->sectorSize) != 0u) ||
        ((size % ctx->sectorSize) != 0u)) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx->memory + offset, 0xFF, size);
    ctx->eraseCount++;
    ctx->eraseBytes += size;
    busy(ctx, ctx->eraseBusyUs * (size / ctx->sectorSize));
    return WH_ERROR_OK;
}

int wh_FlashRamsim_ResetCounters(whFlashRamsimContext* context)
{
    if (context == NULL) {
        return WH_ERROR_BADARGS;
    }
    context->readCount    = 0u;
    context->programCount = 0u;
    context->eraseCount   = 0u;
    context->readBytes    = 0u;
    context->programBytes = 0u;
    context->eraseBytes   = 0u;
    return WH_ERROR_OK;
}
