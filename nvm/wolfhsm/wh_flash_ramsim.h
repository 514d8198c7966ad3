/*
 * wolfhsm/wh_flash_ramsim.h
 *
 * A strict NOR flash simulator in caller-provided RAM, behind the whFlashCb table.
 *
 *   - erase sets whole sectors to 0xFF; offset and size must be multiples of sectorSize;
 *   - program needs offset and size multiples of programUnit, and every target byte must be
 *     erased (0xFF): otherwise WH_ERROR_FLASH and nothing at all is written (a real NOR part
 *     can only clear bits; the simulator is stricter and refuses any non-erased target, so a
 *     store that ever programs twice over the same bytes is caught at once);
 *   - read has no alignment rule;
 *   - a misaligned or out-of-range request, or a NULL buffer with a non-zero size, is
 *     WH_ERROR_BADARGS and changes nothing. A zero size is a successful no-op.
 *
 * The memory belongs to the caller and outlives the context: with initErased 0, Init keeps
 * the buffer's content, which is how a test "reboots" a device (Cleanup, then Init again on
 * the same buffer). The context counts operations and bytes for tests and benchmarks.
 *
 * Not thread-safe: one caller at a time (the NVM lock serialises the store above it).
 *
 *   static uint8_t              flashMem[16 * 1024];
 *   static whFlashRamsimContext flashCtx;
 *   static const whFlashCb      flashCb = WH_FLASH_RAMSIM_CB;
 *   const whFlashRamsimConfig   flashCfg = {.memory = flashMem, .size = sizeof(flashMem),
 *                                           .sectorSize = 4096, .programUnit = 8,
 *                                           .initErased = 1};
 *   flashCb.init(&flashCtx, &flashCfg);
 */
#ifndef WOLFHSM_WH_FLASH_RAMSIM_H_
#define WOLFHSM_WH_FLASH_RAMSIM_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"

typedef struct whFlashRamsimConfig_t {
    uint8_t* memory;      /* size bytes, owned by the caller, outlives the context */
    uint32_t size;        /* device size: a non-zero multiple of sectorSize */
    uint32_t sectorSize;  /* erase unit: a non-zero multiple of programUnit */
    uint32_t programUnit; /* 1, 2, 4, 8 or 16 */
    int      initErased;  /* non-zero: Init erases the whole device; 0: keep the content */
    /* Optional busy-time model: a program takes programBusyUs, an erase eraseBusyUs per
     * sector, spent in busy(busyArg, us) after the change (the hook may let other work run:
     * a cooperative scheduler yields there). NULL busy: instant. */
    uint32_t programBusyUs;
    uint32_t eraseBusyUs;
    void (*busy)(void* arg, uint32_t us);
    void* busyArg;
} whFlashRamsimConfig;

typedef struct whFlashRamsimContext_t {
    uint8_t* memory;
    uint32_t size;
    uint32_t sectorSize;
    uint32_t programUnit;
    uint32_t initialized;
    uint32_t programBusyUs; /* the busy-time model, from the config */
    uint32_t eraseBusyUs;
    void (*busy)(void* arg, uint32_t us);
    void* busyArg;
    /* Statistics since Init (or wh_FlashRamsim_ResetCounters): successful calls only. */
    uint32_t readCount;
    uint32_t programCount;
    uint32_t eraseCount;
    uint64_t readBytes;
    uint64_t programBytes;
    uint64_t eraseBytes;
} whFlashRamsimContext;

/* whFlashCb members. Init: WH_ERROR_BADARGS for a NULL context or config, a NULL memory, or
 * a geometry that breaks the rules above (the context is then left uninitialised). The
 * others: WH_ERROR_BADARGS for a NULL context or argument, WH_ERROR_NOTINIT before Init,
 * then as described at the top of this file. */
int wh_FlashRamsim_Init(void* context, const void* config);
int wh_FlashRamsim_Cleanup(void* context);
int wh_FlashRamsim_Info(void* context, whFlashInfo* out_info);
int wh_FlashRamsim_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int wh_FlashRamsim_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int wh_FlashRamsim_Erase(void* context, uint32_t offset, uint32_t size);

/* Zero the statistics. WH_ERROR_BADARGS for a NULL context. */
int wh_FlashRamsim_ResetCounters(whFlashRamsimContext* context);

#define WH_FLASH_RAMSIM_CB                                                \
    {                                                                     \
        .init = wh_FlashRamsim_Init, .cleanup = wh_FlashRamsim_Cleanup,   \
        .info = wh_FlashRamsim_Info, .read = wh_FlashRamsim_Read,         \
        .program = wh_FlashRamsim_Program, .erase = wh_FlashRamsim_Erase, \
    }

#endif /* !WOLFHSM_WH_FLASH_RAMSIM_H_ */
