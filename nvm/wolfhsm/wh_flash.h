/*
 * wolfhsm/wh_flash.h
 *
 * Flash behind a callback table, a context and a config. NOR semantics: erase sets a whole
 * sector to 0xFF; program may only clear bits of erased bytes, in multiples of the program
 * unit. Backends: strict RAM simulator (wh_flash_ramsim.h), fault injector wrapping any
 * backend (wh_flash_fault.h); the simulator written through to a file (wh_flash_file.h),
 * on POSIX hosts (port/posix/posix_flash_file.h) and through semihosting on the QEMU target
 * (port/mps2/mps2_flash_semihost.h).
 *
 * All offsets and sizes are in bytes from the start of the device. Every callback returns
 * WH_ERROR_OK or a negative WH_ERROR_* code: WH_ERROR_BADARGS for a misaligned or
 * out-of-range request (nothing is changed), WH_ERROR_FLASH when the device failed.
 */
#ifndef WOLFHSM_WH_FLASH_H_
#define WOLFHSM_WH_FLASH_H_

#include <stdint.h>

typedef struct whFlashInfo_t {
    uint32_t size;        /* device size, a multiple of sectorSize */
    uint32_t sectorSize;  /* erase unit */
    uint32_t programUnit; /* program granularity: 1, 2, 4, 8 or 16 bytes */
} whFlashInfo;

typedef struct whFlashCb_t {
    int (*init)(void* context, const void* config);
    int (*cleanup)(void* context);
    int (*info)(void* context, whFlashInfo* out_info);
    int (*read)(void* context, uint32_t offset, uint32_t size, uint8_t* data);
    /* offset and size multiples of programUnit; every target byte must be erased (0xFF),
     * else WH_ERROR_FLASH and nothing is written */
    int (*program)(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
    /* offset and size multiples of sectorSize */
    int (*erase)(void* context, uint32_t offset, uint32_t size);
} whFlashCb;

#endif /* !WOLFHSM_WH_FLASH_H_ */
