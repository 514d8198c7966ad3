/*
 * wolfhsm/wh_nvm_types.h
 *
 * Types of NVM objects: ids, flags, metadata.
 *
 * Object ids are 16 bits: bits 15..12 the kind of object (WH_NVM_TYPE_*), 11..8 the owning
 * client (0: global), 7..0 the number. Id 0 is never a valid object.
 */
#ifndef WOLFHSM_WH_NVM_TYPES_H_
#define WOLFHSM_WH_NVM_TYPES_H_

#include <stdint.h>

typedef uint16_t whNvmId;
typedef uint16_t whNvmAccess;
typedef uint16_t whNvmFlags;
typedef uint16_t whNvmSize;

#define WH_NVM_ID_INVALID ((whNvmId)0)

/* Kinds of objects (id bits 15..12). */
#define WH_NVM_TYPE_OBJECT 0x1u  /* client NVM object */
#define WH_NVM_TYPE_KEY 0x2u     /* committed key */
#define WH_NVM_TYPE_COUNTER 0x3u /* monotonic counter */
/* SHE records (wh_server_she.c): global, number = the slot id (1..0xD), WH_NVM_SHE_PRNG_SEED
 * or WH_NVM_SHE_IDENTITY (UID and SECRET_KEY, written once by provisioning). Made only by the
 * SHE group: wh_Server_MakeId is never called with this type, and the NVM, key and counter
 * groups only reach their own types. */
#define WH_NVM_TYPE_SHE 0x4u
#define WH_NVM_SHE_PRNG_SEED 0x10u
#define WH_NVM_SHE_IDENTITY 0x11u

#define WH_NVM_MAKE_ID(type, owner, number) \
    ((whNvmId)((((type)&0xFu) << 12) | (((owner)&0xFu) << 8) | ((number)&0xFFu)))
#define WH_NVM_ID_TYPE(id) (((id) >> 12) & 0xFu)
#define WH_NVM_ID_OWNER(id) (((id) >> 8) & 0xFu)
#define WH_NVM_ID_NUMBER(id) ((id)&0xFFu)
#define WH_NVM_OWNER_GLOBAL 0u

/* Object flags. */
#define WH_NVM_FLAGS_NONE 0x0000u
#define WH_NVM_FLAGS_NONEXPORTABLE 0x0001u  /* key material never leaves the HSM */
#define WH_NVM_FLAGS_NONMODIFIABLE 0x0002u  /* cannot be replaced */
#define WH_NVM_FLAGS_NONDESTROYABLE 0x0004u /* cannot be destroyed */
#define WH_NVM_FLAGS_SENSITIVE 0x0008u      /* wiped from RAM after use */
/* Counters: may be reset and destroyed (without it a counter is monotonic). */
#define WH_NVM_FLAGS_RESETTABLE 0x2000u
/* Key usage (stored with keys). */
#define WH_NVM_FLAGS_USAGE_ENCRYPT 0x0100u
#define WH_NVM_FLAGS_USAGE_DECRYPT 0x0200u
#define WH_NVM_FLAGS_USAGE_SIGN 0x0400u
#define WH_NVM_FLAGS_USAGE_VERIFY 0x0800u
#define WH_NVM_FLAGS_USAGE_DERIVE 0x1000u
#define WH_NVM_FLAGS_USAGE_ANY 0x1F00u
/* Derived keys: a key the HSM derives from other keys (HKDF from its input key, ECDH and
 * X25519 from the HSM's private key, and any later KDF) gets the strictest policy of its
 * inputs, whatever flags the client asks for: NONEXPORTABLE and SENSITIVE of any input carry
 * over; its usage bits are the requested ones that every input also has; NONMODIFIABLE and
 * NONDESTROYABLE are the client's choice. A client can narrow the policy (ask for fewer
 * usages, add NONEXPORTABLE), never widen it. A peer's public key carries no policy. So an
 * input that is to yield an AES key needs ENCRYPT / DECRYPT besides DERIVE. */
/* Key type (bits 7..4 of a key's flags): how the HSM reads its material. */
#define WH_NVM_FLAGS_KEYTYPE_MASK 0x00F0u
#define WH_NVM_FLAGS_KEYTYPE(t) ((uint16_t)(((t)&0xFu) << 4))
#define WH_NVM_FLAGS_GET_KEYTYPE(f) (((f) >> 4) & 0xFu)
enum WH_KEY_TYPE_ENUM {
    WH_KEY_TYPE_SECRET   = 0, /* raw bytes: AES (16/24/32), HMAC, CMAC, HKDF input */
    WH_KEY_TYPE_ECC_P256 = 1, /* d || Qx || Qy (96 bytes), or Qx || Qy (64: public only) */
    WH_KEY_TYPE_ED25519  = 2, /* seed || public (64 bytes), or public (32) */
    WH_KEY_TYPE_X25519   = 3, /* private || public (64 bytes, little-endian), or public (32) */
};

/* A key's MAC policy: for objects of type WH_NVM_TYPE_KEY the metadata's `access` field is
 * the shortest MAC tag, in bits (1..128), the HSM makes or checks with that key on the MAC
 * fast path and in a MAC VERIFY (wh_message_crypto.h); 0 means the default,
 * WH_KEY_MAC_MIN_BITS_DEFAULT. Set when the key is cached (wh_message_key.h, macMinBits),
 * stored with it when it is committed. A key made inside the HSM has the default. */
#define WH_KEY_MAC_MIN_BITS_DEFAULT 32u
#define WH_KEY_MAC_MAX_BITS 128u
#define WH_KEY_MAC_MIN_BITS(access) \
    (((access) == 0u) ? WH_KEY_MAC_MIN_BITS_DEFAULT : (uint32_t)(access))

#define WH_NVM_LABEL_LEN 24

/* The client that created an object (1..15; 0: none recorded, for objects of an NVM image
 * written before owners were, or made by the HSM itself). The HSM sets it, never a client;
 * for global objects it says who may change or destroy them (wh_server.h, whServerPolicy). */
typedef uint16_t whNvmOwner;
#define WH_NVM_OWNER_NONE ((whNvmOwner)0)
#define WH_NVM_OWNER_MAX 0x0Fu /* as the owner field of an id */

typedef struct whNvmMetadata_t {
    whNvmId     id;
    whNvmAccess access;
    whNvmFlags  flags;
    whNvmSize   len;
    whNvmOwner  owner;
    uint8_t     label[WH_NVM_LABEL_LEN];
} whNvmMetadata;
_Static_assert(sizeof(whNvmMetadata) == 34, "metadata layout");

#endif /* !WOLFHSM_WH_NVM_TYPES_H_ */
