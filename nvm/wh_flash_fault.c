/*
 * wh_flash_fault.c: power-cut injector around any whFlashCb (see wolfhsm/wh_flash_fault.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_fault.h"

static int checkContext(const whFlashFaultContext* ctx)
{
    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return ctx->powerOff ? WH_ERROR_FLASH : WH_ERROR_OK;
}

/* Count one program or erase; 1 when it is the one to tear. */
static int countIsCut(whFlashFaultContext* ctx)
{
    ctx->count++;
    return (ctx->cutAt != 0u) && (ctx->count == ctx->cutAt);
}

/* Bytes a torn operation still does: T clamped to size, rounded down to unit. */
static uint32_t tornLength(uint32_t tornBytes, uint32_t half, uint32_t size, uint32_t unit)
{
    uint32_t n = (tornBytes == WH_FLASH_FAULT_TORN_HALF) ? half : tornBytes;

    if (n > size) {
        n = size;
    }
    return n - (n % unit);
}

static void tearProgram(whFlashFaultContext* ctx, uint32_t offset, uint32_t size,
                        const uint8_t* data)
{
    whFlashInfo info;
    uint32_t    n;

    if (ctx->cb->info(ctx->inner, &info) != WH_ERROR_OK) {
        return;
    }
    n = tornLength(ctx->tornBytes, size / 2u, size, info.programUnit);
    if (n > 0u) {
        (void)ctx->cb->program(ctx->inner, offset, n, data);
    }
}

static void tearErase(whFlashFaultContext* ctx, uint32_t offset, uint32_t size)
{
    whFlashInfo info;
    uint32_t    n;
    uint32_t    whole;
    uint32_t    part;

    if ((ctx->cb->info(ctx->inner, &info) != WH_ERROR_OK) || (info.sectorSize == 0u) ||
        ((offset % info.sectorSize) != 0u) || ((size % info.sectorSize) != 0u)) {
        return; /* a request the device would refuse does nothing */
    }
    n     = tornLength(ctx->tornBytes, info.sectorSize / 2u, size, info.programUnit);
    whole = n - (n % info.sectorSize);
    part  = n % info.sectorSize;
    if (whole > 0u) {
        (void)ctx->cb->erase(ctx->inner, offset, whole);
    }
    if ((part > 0u) && (ctx->scratch != NULL) && (ctx->scratchSize >= info.sectorSize)) {
        uint32_t sector = offset + whole;
        uint32_t keep   = info.sectorSize - part;
        if (ctx->cb->read(ctx->inner, sector + part, keep, ctx->scratch) == WH_ERROR_OK) {
            (void)ctx->cb->erase(ctx->inner, sector, info.sectorSize);
            (void)ctx->cb->program(ctx->inner, sector + part, keep, ctx->scratch);
        }
    }
}

int wh_FlashFault_Init(void* context, const void* config)
{
    whFlashFaultContext*      ctx = context;
    const whFlashFaultConfig* cfg = config;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->cb == NULL) || (cfg->cb->info == NULL) ||
        (cfg->cb->read == NULL) || (cfg->cb->program == NULL) || (cfg->cb->erase == NULL)) {
        return WH_ERROR_BADARGS;
    }
    ctx->cb          = cfg->cb;
    ctx->inner       = cfg->context;
    ctx->scratch     = cfg->scratch;
    ctx->scratchSize = (cfg->scratch != NULL) ? cfg->scratchSize : 0u;
    ctx->count       = 0u;
    ctx->cutAt       = 0u;
    ctx->tornBytes   = WH_FLASH_FAULT_TORN_HALF;
    ctx->powerOff    = 0u;
    ctx->initialized = 1u;
    return WH_ERROR_OK;
}

int wh_FlashFault_Cleanup(void* context)
{
    whFlashFaultContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    ctx->initialized = 0u;
    ctx->cutAt       = 0u;
    ctx->powerOff    = 0u;
    return WH_ERROR_OK;
}

int wh_FlashFault_Info(void* context, whFlashInfo* out_info)
{
    whFlashFaultContext* ctx = context;
    int                  ret = checkContext(ctx);

    return (ret == WH_ERROR_OK) ? ctx->cb->info(ctx->inner, out_info) : ret;
}

int wh_FlashFault_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    whFlashFaultContext* ctx = context;
    int                  ret = checkContext(ctx);

    return (ret == WH_ERROR_OK) ? ctx->cb->read(ctx->inner, offset, size, data) : ret;
}

int wh_FlashFault_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    whFlashFaultContext* ctx = context;
    int                  ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!countIsCut(ctx)) {
        return ctx->cb->program(ctx->inner, offset, size, data);
    }
    tearProgram(ctx, offset, size, data);
    ctx->powerOff = 1u;
    return WH_ERROR_FLASH;
}

int wh_FlashFault_Erase(void* context, uint32_t offset, uint32_t size)
{
    whFlashFaultContext* ctx = context;
    int                  ret = checkContext(ctx);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!countIsCut(ctx)) {
        return ctx->cb->erase(ctx->inner, offset, size);
    }
    tearErase(ctx, offset, size);
    ctx->powerOff = 1u;
    return WH_ERROR_FLASH;
}

int wh_FlashFault_Arm(whFlashFaultContext* context, uint32_t cutAt, uint32_t tornBytes)
{
    if ((context == NULL) || (cutAt == 0u)) {
        return WH_ERROR_BADARGS;
    }
    if (!context->initialized) {
        return WH_ERROR_NOTINIT;
    }
    context->count     = 0u;
    context->cutAt     = cutAt;
    context->tornBytes = tornBytes;
    context->powerOff  = 0u;
    return WH_ERROR_OK;
}

int wh_FlashFault_Disarm(whFlashFaultContext* context)
{
    if (context == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!context->initialized) {
        return WH_ERROR_NOTINIT;
    }
    context->cutAt    = 0u;
    context->powerOff = 0u;
    return WH_ERROR_OK;
}

int wh_FlashFault_GetCount(const whFlashFaultContext* context, uint32_t* out_count)
{
    if ((context == NULL) || (out_count == NULL)) {
        return WH_ERROR_BADARGS;
    }
    if (!context->initialized) {
        return WH_ERROR_NOTINIT;
    }
    *out_count = context->count;
    return WH_ERROR_OK;
}

int wh_FlashFault_IsPowerOff(const whFlashFaultContext* context)
{
    if (context == NULL) {
        return WH_ERROR_BADARGS;
    }
    return context->powerOff ? 1 : 0;
}
