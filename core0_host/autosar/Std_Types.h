/*
 * Std_Types.h: the AUTOSAR base types the Crypto Driver needs (Std_Types / Platform_Types
 * subset): fixed-width integers, boolean, Std_ReturnType with E_OK / E_NOT_OK, and
 * Std_VersionInfoType. An ECU that has its own Std_Types.h uses that one instead; the
 * names and values are the standard ones.
 */
#ifndef STD_TYPES_H
#define STD_TYPES_H

#include <stdint.h>

typedef uint8_t  uint8;
typedef uint16_t uint16;
typedef uint32_t uint32;
typedef uint8_t  boolean;

#ifndef TRUE
#define TRUE 1u
#endif
#ifndef FALSE
#define FALSE 0u
#endif

#define STD_ON 1u
#define STD_OFF 0u

typedef uint8 Std_ReturnType;

#define E_OK ((Std_ReturnType)0x00u)
#define E_NOT_OK ((Std_ReturnType)0x01u)

typedef struct {
    uint16 vendorID;
    uint16 moduleID;
    uint8  sw_major_version;
    uint8  sw_minor_version;
    uint8  sw_patch_version;
} Std_VersionInfoType;

#endif /* !STD_TYPES_H */
