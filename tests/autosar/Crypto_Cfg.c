/*
 * Crypto_Cfg.c: the test configuration of the AUTOSAR Crypto Driver (see Crypto_Cfg.h; not
 * product).
 */
#include "Crypto_Cfg.h"

#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_nvm_types.h"

#define HSM_ID(n) ((uint16)((CRYPTO_CFG_HSM_KEY_FIRST + (n)) | WH_ID_GLOBAL))
#define SECRET(usage) ((uint16)((usage) | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)))
#define MAC_USAGE (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)
#define AES_USAGE (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT)

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
static Crypto_KeyElementStateType CryptoCfg_ElementState[7];
static uint8                      CryptoCfg_AesIv[16];
static uint8                      CryptoCfg_CopyIv[16];

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

static const Crypto_KeyConfigType CryptoCfg_Keys[CRYPTO_CFG_KEY_COUNT] = {
    {CryptoCfg_CmacElements, 1u, &CryptoCfg_KeyState[0]},
    {CryptoCfg_HmacElements, 1u, &CryptoCfg_KeyState[1]},
    {CryptoCfg_AesElements, 2u, &CryptoCfg_KeyState[2]},
    {CryptoCfg_LockedElements, 1u, &CryptoCfg_KeyState[3]},
    {CryptoCfg_CopyElements, 2u, &CryptoCfg_KeyState[4]},
};

const Crypto_ConfigType CryptoCfg_Config = {
    .objects     = CryptoCfg_Objects,
    .objectCount = CRYPTO_CFG_OBJECT_COUNT,
    .keys        = CryptoCfg_Keys,
    .keyCount    = CRYPTO_CFG_KEY_COUNT,
    .keyClient   = &CryptoCfg_KeyClient,
};
