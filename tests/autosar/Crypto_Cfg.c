/*
 * Crypto_Cfg.c: the test configuration of the AUTOSAR Crypto Driver (see Crypto_Cfg.h; not
 * product).
 */
#include "Crypto_Cfg.h"

#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_nvm_types.h"

#define HSM_ID(n) ((uint16)((CRYPTO_CFG_HSM_KEY_FIRST + (n)) | WH_ID_GLOBAL))
/* The NVM objects recording the state of the keys that persist (CMAC and AES). */
#define NVM_ID(n) ((uint16)((CRYPTO_CFG_NVM_KEY_FIRST + (n)) | WH_ID_GLOBAL))
#define SECRET(usage) ((uint16)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)))
#define MAC_USAGE (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)
#define AES_USAGE (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT)
#define DERIVE_MAC_USAGE (WH_NVM_FLAGS_USAGE_DERIVE | MAC_USAGE)
#define TYPED(type, usage) ((uint16)((usage) | WH_NVM_FLAGS_KEYTYPE(type)))
#define RAM(id, size, buf, st)                                                  \
    {                                                                           \
        (id), (size), CRYPTO_RA_ALLOWED, CRYPTO_WA_ALLOWED, 0u, 0u, (buf), (st) \
    }

whClientConfig CryptoCfg_ObjectClients[CRYPTO_CFG_OBJECT_COUNT];
whClientConfig CryptoCfg_KeyClient;

/* ---- driver objects ---- */
static Crypto_JobType*        CryptoCfg_Queue0[CRYPTO_CFG_QUEUE_SIZE_OBJ0];
static Crypto_JobType*        CryptoCfg_Queue1[CRYPTO_CFG_QUEUE_SIZE_OBJ1];
static Crypto_JobType*        CryptoCfg_Queue2[CRYPTO_CFG_QUEUE_SIZE_OBJ2];
static Crypto_ObjectStateType CryptoCfg_ObjectState[CRYPTO_CFG_OBJECT_COUNT];

static const Crypto_DriverObjectConfigType CryptoCfg_Objects[CRYPTO_CFG_OBJECT_COUNT] = {
    {&CryptoCfg_ObjectClients[0], CRYPTO_CFG_QUEUE_SIZE_OBJ0, CryptoCfg_Queue0,
     &CryptoCfg_ObjectState[0]},
    {&CryptoCfg_ObjectClients[1], CRYPTO_CFG_QUEUE_SIZE_OBJ1, CryptoCfg_Queue1,
     &CryptoCfg_ObjectState[1]},
    {&CryptoCfg_ObjectClients[2], CRYPTO_CFG_QUEUE_SIZE_OBJ2, CryptoCfg_Queue2,
     &CryptoCfg_ObjectState[2]},
};

/* ---- keys ---- */
static Crypto_KeyStateType        CryptoCfg_KeyState[CRYPTO_CFG_KEY_COUNT];
static Crypto_KeyElementStateType CryptoCfg_ElementState[27];
static uint8                      CryptoCfg_AesIv[16];
static uint8                      CryptoCfg_CopyIv[16];
static uint8                      CryptoCfg_EcdsaPub[64];
static uint8                      CryptoCfg_Ed25519Pub[32];
static uint8                      CryptoCfg_EcdhPub[64];
static uint8                      CryptoCfg_X25519Pub[32];
static uint8                      CryptoCfg_HkdfSalt[32];
static uint8                      CryptoCfg_HkdfAlg[1];
static uint8                      CryptoCfg_HkdfInfo[32];
static uint8                      CryptoCfg_SheProof[3][64];
static uint8                      CryptoCfg_SheIv[16];

static const Crypto_KeyElementConfigType CryptoCfg_CmacElements[] = {
    {CRYPTO_KE_MAC_KEY, 16u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(0), SECRET(MAC_USAGE),
     NULL, &CryptoCfg_ElementState[0]},
};
static const Crypto_KeyElementConfigType CryptoCfg_HmacElements[] = {
    {CRYPTO_KE_MAC_KEY, 64u, CRYPTO_RA_ALLOWED, CRYPTO_WA_ALLOWED, HSM_ID(1), SECRET(MAC_USAGE),
     NULL, &CryptoCfg_ElementState[1]},
};
static const Crypto_KeyElementConfigType CryptoCfg_AesElements[] = {
    {CRYPTO_KE_CIPHER_KEY, 32u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(2), SECRET(AES_USAGE),
     NULL, &CryptoCfg_ElementState[2]},
    {CRYPTO_KE_CIPHER_IV, 16u, CRYPTO_RA_ALLOWED, CRYPTO_WA_ALLOWED, 0u, 0u, CryptoCfg_AesIv,
     &CryptoCfg_ElementState[3]},
};
static const Crypto_KeyElementConfigType CryptoCfg_LockedElements[] = {
    {CRYPTO_KE_MAC_KEY, 16u, CRYPTO_RA_DENIED, CRYPTO_WA_DENIED, HSM_ID(3), SECRET(MAC_USAGE), NULL,
     &CryptoCfg_ElementState[4]},
};
static const Crypto_KeyElementConfigType CryptoCfg_CopyElements[] = {
    {CRYPTO_KE_MAC_KEY, 64u, CRYPTO_RA_ALLOWED, CRYPTO_WA_ALLOWED, HSM_ID(4), SECRET(MAC_USAGE),
     NULL, &CryptoCfg_ElementState[5]},
    {CRYPTO_KE_CIPHER_IV, 16u, CRYPTO_RA_ALLOWED, CRYPTO_WA_ALLOWED, 0u, 0u, CryptoCfg_CopyIv,
     &CryptoCfg_ElementState[6]},
};

static const Crypto_KeyElementConfigType CryptoCfg_EcdsaElements[] = {
    {CRYPTO_KE_SIGNATURE_KEY, 96u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(5),
     TYPED(WH_KEY_TYPE_ECC_P256, MAC_USAGE), NULL, &CryptoCfg_ElementState[7]},
    RAM(CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, 64u, CryptoCfg_EcdsaPub, &CryptoCfg_ElementState[8]),
};
static const Crypto_KeyElementConfigType CryptoCfg_Ed25519Elements[] = {
    {CRYPTO_KE_SIGNATURE_KEY, 64u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(6),
     TYPED(WH_KEY_TYPE_ED25519, MAC_USAGE), NULL, &CryptoCfg_ElementState[9]},
    RAM(CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, 32u, CryptoCfg_Ed25519Pub, &CryptoCfg_ElementState[10]),
};
static const Crypto_KeyElementConfigType CryptoCfg_EcdhElements[] = {
    {CRYPTO_KE_KEYEXCHANGE_PRIVKEY, 96u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(7),
     TYPED(WH_KEY_TYPE_ECC_P256, DERIVE_MAC_USAGE), NULL, &CryptoCfg_ElementState[11]},
    RAM(CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, 64u, CryptoCfg_EcdhPub, &CryptoCfg_ElementState[12]),
    {CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE, 32u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(8),
     SECRET(DERIVE_MAC_USAGE), NULL, &CryptoCfg_ElementState[13]},
};
static const Crypto_KeyElementConfigType CryptoCfg_X25519Elements[] = {
    {CRYPTO_KE_KEYEXCHANGE_PRIVKEY, 64u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(9),
     TYPED(WH_KEY_TYPE_X25519, DERIVE_MAC_USAGE), NULL, &CryptoCfg_ElementState[14]},
    RAM(CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, 32u, CryptoCfg_X25519Pub, &CryptoCfg_ElementState[15]),
    {CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE, 32u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(10),
     SECRET(DERIVE_MAC_USAGE), NULL, &CryptoCfg_ElementState[16]},
};
static const Crypto_KeyElementConfigType CryptoCfg_HkdfSrcElements[] = {
    {CRYPTO_KE_KEYDERIVATION_PASSWORD, 64u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(11),
     SECRET(DERIVE_MAC_USAGE), NULL, &CryptoCfg_ElementState[17]},
    RAM(CRYPTO_KE_KEYDERIVATION_SALT, 32u, CryptoCfg_HkdfSalt, &CryptoCfg_ElementState[18]),
    RAM(CRYPTO_KE_KEYDERIVATION_ALGORITHM, 1u, CryptoCfg_HkdfAlg, &CryptoCfg_ElementState[19]),
    RAM(CRYPTO_KE_CUSTOM_HKDF_INFO, 32u, CryptoCfg_HkdfInfo, &CryptoCfg_ElementState[20]),
};
static const Crypto_KeyElementConfigType CryptoCfg_HkdfDstElements[] = {
    {CRYPTO_KE_KEYGENERATE_KEY, 32u, CRYPTO_RA_DENIED, CRYPTO_WA_ALLOWED, HSM_ID(12),
     SECRET(MAC_USAGE), NULL, &CryptoCfg_ElementState[21]},
};

/* SHE keys: the proof element takes M1 || M2 || M3 and gives back M4 || M5. */
static const Crypto_KeyElementConfigType CryptoCfg_SheMasterElements[] = {
    RAM(CRYPTO_KE_MAC_PROOF, 64u, CryptoCfg_SheProof[0], &CryptoCfg_ElementState[23]),
};
static const Crypto_KeyElementConfigType CryptoCfg_SheKey1Elements[] = {
    RAM(CRYPTO_KE_CIPHER_PROOF, 64u, CryptoCfg_SheProof[1], &CryptoCfg_ElementState[24]),
    RAM(CRYPTO_KE_CIPHER_IV, 16u, CryptoCfg_SheIv, &CryptoCfg_ElementState[25]),
};
static const Crypto_KeyElementConfigType CryptoCfg_SheKey2Elements[] = {
    RAM(CRYPTO_KE_MAC_PROOF, 64u, CryptoCfg_SheProof[2], &CryptoCfg_ElementState[26]),
};

static const Crypto_KeyConfigType CryptoCfg_Keys[CRYPTO_CFG_KEY_COUNT] = {
    {CryptoCfg_CmacElements, 1u, &CryptoCfg_KeyState[0], NVM_ID(0), 0u},
    {CryptoCfg_HmacElements, 1u, &CryptoCfg_KeyState[1], 0u, 0u},
    {CryptoCfg_AesElements, 2u, &CryptoCfg_KeyState[2], NVM_ID(2), 0u},
    {CryptoCfg_LockedElements, 1u, &CryptoCfg_KeyState[3], 0u, 0u},
    {CryptoCfg_CopyElements, 2u, &CryptoCfg_KeyState[4], 0u, 0u},
    {CryptoCfg_EcdsaElements, 2u, &CryptoCfg_KeyState[5], 0u, 0u},
    {CryptoCfg_Ed25519Elements, 2u, &CryptoCfg_KeyState[6], 0u, 0u},
    {CryptoCfg_EcdhElements, 3u, &CryptoCfg_KeyState[7], 0u, 0u},
    {CryptoCfg_X25519Elements, 3u, &CryptoCfg_KeyState[8], 0u, 0u},
    {CryptoCfg_HkdfSrcElements, 4u, &CryptoCfg_KeyState[9], 0u, 0u},
    {CryptoCfg_HkdfDstElements, 1u, &CryptoCfg_KeyState[10], 0u, 0u},
    {CryptoCfg_SheMasterElements, 1u, &CryptoCfg_KeyState[11], 0u, WH_SHE_MASTER_ECU_KEY},
    {CryptoCfg_SheKey1Elements, 2u, &CryptoCfg_KeyState[12], 0u, WH_SHE_KEY_1},
    {CryptoCfg_SheKey2Elements, 1u, &CryptoCfg_KeyState[13], 0u, WH_SHE_KEY_1 + 1u},
};

const Crypto_ConfigType CryptoCfg_Config = {
    .objects     = CryptoCfg_Objects,
    .objectCount = CRYPTO_CFG_OBJECT_COUNT,
    .keys        = CryptoCfg_Keys,
    .keyCount    = CRYPTO_CFG_KEY_COUNT,
    .keyClient   = &CryptoCfg_KeyClient,
};
