/*
 * ecu_flash.h - the HSM core's flash driver of the example ECU board (ecu_flash.c), a whFlashCb
 * (wolfhsm/wh_flash.h) for the NVM store.
 */
#ifndef ECU_FLASH_H_
#define ECU_FLASH_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"

/* The HSM's data flash (NOR rules of wh_flash.h): 64 KiB, 4 KiB sectors, 8-byte program
 * unit. This board keeps it in RAM; a real one drives its flash controller here. */
#define ECU_FLASH_SIZE (64u * 1024u)
#define ECU_FLASH_SECTOR 4096u
#define ECU_FLASH_UNIT 8u
int ecuFlash_Init(void* context, const void* config);
int ecuFlash_Cleanup(void* context);
int ecuFlash_Info(void* context, whFlashInfo* out_info);
int ecuFlash_Read(void* context, uint32_t offset, uint32_t size, uint8_t* data);
int ecuFlash_Program(void* context, uint32_t offset, uint32_t size, const uint8_t* data);
int ecuFlash_Erase(void* context, uint32_t offset, uint32_t size);
#define ECU_FLASH_CB                                                                 \
    {                                                                                \
        .init = ecuFlash_Init, .cleanup = ecuFlash_Cleanup, .info = ecuFlash_Info,   \
        .read = ecuFlash_Read, .program = ecuFlash_Program, .erase = ecuFlash_Erase, \
    }

#endif /* !ECU_FLASH_H_ */
