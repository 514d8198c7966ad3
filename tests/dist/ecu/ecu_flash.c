/*
 * ecu_flash.c - the HSM's flash driver of the example ECU board (ecu_flash.h).
 */
#include <string.h>

#include "ecu_flash.h"
#include "wolfhsm/wh_error.h"

/* The HSM's flash, with the rules of wh_flash.h: erase sets a sector to 0xFF, program writes
 * only erased bytes in whole program units. */
static uint8_t flashMem[ECU_FLASH_SIZE] __attribute__((aligned(8)));

int ecuFlash_Init(void* context, const void* config)
{
    (void)context;
    (void)config;
    return WH_ERROR_OK;
}

int ecuFlash_Cleanup(void* context)
{
    (void)context;
    return WH_ERROR_OK;
}

int ecuFlash_Info(void* context, whFlashInfo* out_info)
{
    (void)context;
    if (out_info == NULL) {
        return WH_ERROR_BADARGS;
    }
    *out_info = (whFlashInfo){ECU_FLASH_SIZE, ECU_FLASH_SECTOR, ECU_FLASH_UNIT};
    return WH_ERROR_OK;
}

static int inRange(uint32_t offset, uint32_t size, uint32_t unit)
{
    return (offset <= ECU_FLASH_SIZE) && (size <= ECU_FLASH_SIZE - offset) &&
           ((offset % unit) == 0u) && ((size % unit) == 0u);
}

int ecuFlash_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data)
{
    (void)context;
    if (((data == NULL) && (size != 0u)) || !inRange(offset, size, 1u)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(data, &flashMem[offset], size);
    return WH_ERROR_OK;
}

int ecuFlash_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data)
{
    uint32_t i;

    (void)context;
    if (((data == NULL) && (size != 0u)) || !inRange(offset, size, ECU_FLASH_UNIT)) {
        return WH_ERROR_BADARGS;
    }
    for (i = 0; i < size; i++) {
        if (flashMem[offset + i] != 0xFFu) {
            return WH_ERROR_FLASH;
        }
    }
    memcpy(&flashMem[offset], data, size);
    return WH_ERROR_OK;
}

int ecuFlash_Erase(void* context, uint32_t offset, uint32_t size)
{
    (void)context;
    if (!inRange(offset, size, ECU_FLASH_SECTOR)) {
        return WH_ERROR_BADARGS;
    }
    memset(&flashMem[offset], 0xFF, size);
    return WH_ERROR_OK;
}
