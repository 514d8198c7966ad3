/*
 * wolfhsm/wh_flash_fault.h
 *
 * A power-cut injector: a whFlashCb backend that wraps any other whFlashCb (the "inner"
 * flash) and passes every call through, counting program and erase operations. Armed with
 * "cut power at operation N", the N-th program or erase after arming is torn and the power
 * goes off:
 *
 *   - a torn program writes only the first T bytes of its data (one inner program of T
 *     bytes; none when T is 0), then returns WH_ERROR_FLASH. T is tornBytes rounded down to
 *     the program unit and clamped to the size; WH_FLASH_FAULT_TORN_HALF means half the size
 *     rounded down to the program unit.
 *   - a torn erase erases only the first T bytes of its range, then returns WH_ERROR_FLASH:
 *     the whole sectors inside those T bytes are erased; if T ends inside a sector, that
 *     sector's first (T mod sectorSize) bytes read as erased and the rest of it keeps its
 *     content (emulated with the inner flash: read the rest into the scratch buffer, erase
 *     the sector, program the rest back); every byte past that sector is untouched. T is
 *     tornBytes rounded down to the program unit and clamped to the range size;
 *     WH_FLASH_FAULT_TORN_HALF means half a sector, so: the first half of the first sector
 *     of the range is erased and nothing else. Without a scratch buffer of at least
 *     sectorSize bytes, a partly erased sector is left unchanged instead.
 *   - WH_FLASH_FAULT_TORN_ALL lets the cut operation complete, then cuts the power.
 *   - from then on, every call but Cleanup (read and info too) fails with WH_ERROR_FLASH
 *     and reaches nothing: the power is off until wh_FlashFault_Disarm.
 *
 * Ownership: the wrapper never initialises or cleans up the inner flash. The caller inits
 * the inner flash before the first operation through the wrapper and cleans it up after
 * (so a test can "reboot": disarm, then init a new store on the same inner flash).
 *
 * Operations are counted from Init, and again from zero at each Arm: run a workload once
 * disarmed to learn how many operations it takes, then arm at each k in 1..count. Calls
 * refused because the power is off are not counted. Not thread-safe.
 */
#ifndef WOLFHSM_WH_FLASH_FAULT_H_
#define WOLFHSM_WH_FLASH_FAULT_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"

#define WH_FLASH_FAULT_TORN_HALF 0xFFFFFFFFu /* half a program / half a sector */
#define WH_FLASH_FAULT_TORN_ALL 0xFFFFFFFEu  /* the cut operation completes */

typedef struct whFlashFaultConfig_t {
    const whFlashCb* cb;          /* inner flash callbacks */
    void*            context;     /* inner flash context, initialised by the caller */
    uint8_t*         scratch;     /* NULL, or sectorSize bytes for partial erases */
    uint32_t         scratchSize; /* bytes at scratch */
} whFlashFaultConfig;

typedef struct whFlashFaultContext_t {
    const whFlashCb* cb;
    void*            inner;
    uint8_t*         scratch;
    uint32_t         scratchSize;
    uint32_t         count; /* program + erase operations since Init or Arm */
    uint32_t         cutAt; /* 0: disarmed */
    uint32_t         tornBytes;
    uint8_t          powerOff;
    uint8_t          initialized;
    uint8_t          pad[2];
} whFlashFaultContext;

/* whFlashCb members. Init: WH_ERROR_BADARGS for a NULL context or config, or an incomplete
 * inner table; starts disarmed with the count at 0. The others pass through to the inner
 * flash (same contracts) unless the power is off (WH_ERROR_FLASH) or the call is the cut. */
int wh_FlashFault_Init(void* context, const void* config);
int wh_FlashFault_Cleanup(void* context);
int wh_FlashFault_Info(void* context, whFlashInfo* out_info);
int wh_FlashFault_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int wh_FlashFault_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int wh_FlashFault_Erase(void* context, uint32_t offset, uint32_t size);

/* Cut the power at the cutAt-th program or erase from now (cutAt >= 1), tearing it as
 * tornBytes says (see above). Powers on and restarts the count at 0. WH_ERROR_BADARGS for
 * a NULL context or cutAt 0; WH_ERROR_NOTINIT before Init. */
int wh_FlashFault_Arm(whFlashFaultContext* context, uint32_t cutAt, uint32_t tornBytes);
/* Disarm and power on again; the count is kept. Same errors as Arm. */
int wh_FlashFault_Disarm(whFlashFaultContext* context);
/* *out_count: program and erase operations seen since Init or the last Arm. */
int wh_FlashFault_GetCount(const whFlashFaultContext* context, uint32_t* out_count);
/* 1 when the power is off (a cut happened and no Disarm since), 0 when on;
 * WH_ERROR_BADARGS for a NULL context. */
int wh_FlashFault_IsPowerOff(const whFlashFaultContext* context);

#define WH_FLASH_FAULT_CB                                                                         \
    {                                                                                             \
        .init = wh_FlashFault_Init, .cleanup = wh_FlashFault_Cleanup, .info = wh_FlashFault_Info, \
        .read = wh_FlashFault_Read, .program = wh_FlashFault_Program,                             \
        .erase = wh_FlashFault_Erase,                                                             \
    }

#endif /* !WOLFHSM_WH_FLASH_FAULT_H_ */
