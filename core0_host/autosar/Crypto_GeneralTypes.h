/*
 * Crypto_GeneralTypes.h: the AUTOSAR Classic crypto stack's shared types and constants
 * (SWS CryptoDriver / CryptoInterface / CryptoServiceManager, R4.4 to R22-11 naming, the
 * values current vendor headers agree on): return codes, services, operation modes,
 * processing types, job states, verify results, algorithm families and modes, key element
 * ids, element access rights, redirection bits, the job structures, and the Crypto
 * Driver's module id, service ids (SIDs) and DET error codes.
 * Every value is asserted by tests/test_crypto_constants.c.
 */
#ifndef CRYPTO_GENERALTYPES_H
#define CRYPTO_GENERALTYPES_H

#include "Std_Types.h"

/* ---- Return codes (Std_ReturnType) beyond E_OK / E_NOT_OK ---- */
#define CRYPTO_E_BUSY ((Std_ReturnType)0x02u)
#define CRYPTO_E_SMALL_BUFFER ((Std_ReturnType)0x03u) /* also a DET code from R20-11 on */
#define CRYPTO_E_ENTROPY_EXHAUSTED ((Std_ReturnType)0x04u)
#define CRYPTO_E_QUEUE_FULL ((Std_ReturnType)0x05u) /* up to R19-11; later: CRYPTO_E_BUSY */
#define CRYPTO_E_KEY_READ_FAIL ((Std_ReturnType)0x06u)
#define CRYPTO_E_KEY_WRITE_FAIL ((Std_ReturnType)0x07u)
#define CRYPTO_E_KEY_NOT_AVAILABLE ((Std_ReturnType)0x08u)
#define CRYPTO_E_KEY_NOT_VALID ((Std_ReturnType)0x09u)
#define CRYPTO_E_KEY_SIZE_MISMATCH ((Std_ReturnType)0x0Au)
#define CRYPTO_E_JOB_CANCELED ((Std_ReturnType)0x0Cu)
#define CRYPTO_E_KEY_EMPTY ((Std_ReturnType)0x0Du)

/* ---- The Crypto Driver's DET reports: module id, service ids, error codes ---- */
#define CRYPTO_MODULE_ID ((uint16)114u)
#define CRYPTO_INSTANCE_ID ((uint8)0u)

#define CRYPTO_SID_INIT ((uint8)0x00u)
#define CRYPTO_SID_GET_VERSION_INFO ((uint8)0x01u)
#define CRYPTO_SID_PROCESS_JOB ((uint8)0x03u)
#define CRYPTO_SID_KEY_ELEMENT_SET ((uint8)0x04u)
#define CRYPTO_SID_KEY_SET_VALID ((uint8)0x05u)
#define CRYPTO_SID_KEY_ELEMENT_GET ((uint8)0x06u)
#define CRYPTO_SID_KEY_GENERATE ((uint8)0x07u)
#define CRYPTO_SID_KEY_DERIVE ((uint8)0x08u)
#define CRYPTO_SID_KEY_EXCHANGE_CALC_PUB_VAL ((uint8)0x09u)
#define CRYPTO_SID_KEY_EXCHANGE_CALC_SECRET ((uint8)0x0Au)
#define CRYPTO_SID_MAIN_FUNCTION ((uint8)0x0Cu)
#define CRYPTO_SID_RANDOM_SEED ((uint8)0x0Du)
#define CRYPTO_SID_CANCEL_JOB ((uint8)0x0Eu)
#define CRYPTO_SID_KEY_ELEMENT_COPY ((uint8)0x0Fu)
#define CRYPTO_SID_KEY_COPY ((uint8)0x10u)
#define CRYPTO_SID_KEY_ELEMENT_IDS_GET ((uint8)0x11u)
/* Vendor extensions use SIDs from 0x80 up. */
#define CRYPTO_SID_VENDOR_FIRST ((uint8)0x80u)

#define CRYPTO_E_UNINIT ((uint8)0x00u)
#define CRYPTO_E_INIT_FAILED ((uint8)0x01u)
#define CRYPTO_E_PARAM_POINTER ((uint8)0x02u)
#define CRYPTO_E_PARAM_HANDLE ((uint8)0x04u)
#define CRYPTO_E_PARAM_VALUE ((uint8)0x05u)

/* ---- Enumerations ---- */
typedef enum {
    CRYPTO_HASH                  = 0x00,
    CRYPTO_MACGENERATE           = 0x01,
    CRYPTO_MACVERIFY             = 0x02,
    CRYPTO_ENCRYPT               = 0x03,
    CRYPTO_DECRYPT               = 0x04,
    CRYPTO_AEADENCRYPT           = 0x05,
    CRYPTO_AEADDECRYPT           = 0x06,
    CRYPTO_SIGNATUREGENERATE     = 0x07,
    CRYPTO_SIGNATUREVERIFY       = 0x08,
    CRYPTO_RANDOMGENERATE        = 0x0B,
    CRYPTO_RANDOMSEED            = 0x0C,
    CRYPTO_KEYGENERATE           = 0x0D,
    CRYPTO_KEYDERIVE             = 0x0E,
    CRYPTO_KEYEXCHANGECALCPUBVAL = 0x0F,
    CRYPTO_KEYEXCHANGECALCSECRET = 0x10,
    CRYPTO_KEYSETVALID           = 0x13,
    CRYPTO_KEYSETINVALID         = 0x14,
    CUSTOM_SERVICE               = 0x15
} Crypto_ServiceInfoType;

/* A bit set: combined bits run in the order START, UPDATE, FINISH. */
typedef enum {
    CRYPTO_OPERATIONMODE_START           = 0x01,
    CRYPTO_OPERATIONMODE_UPDATE          = 0x02,
    CRYPTO_OPERATIONMODE_STREAMSTART     = 0x03,
    CRYPTO_OPERATIONMODE_FINISH          = 0x04,
    CRYPTO_OPERATIONMODE_SINGLECALL      = 0x07,
    CRYPTO_OPERATIONMODE_SAVE_CONTEXT    = 0x08,
    CRYPTO_OPERATIONMODE_RESTORE_CONTEXT = 0x10
} Crypto_OperationModeType;

typedef enum {
    CRYPTO_PROCESSING_ASYNC = 0x00,
    CRYPTO_PROCESSING_SYNC  = 0x01
} Crypto_ProcessingType;

typedef enum { CRYPTO_JOBSTATE_IDLE = 0x00, CRYPTO_JOBSTATE_ACTIVE = 0x01 } Crypto_JobStateType;

typedef enum { CRYPTO_E_VER_OK = 0x00, CRYPTO_E_VER_NOT_OK = 0x01 } Crypto_VerifyResultType;

typedef enum {
    CRYPTO_ALGOFAM_SHA2_256 = 0x03,
    CRYPTO_ALGOFAM_SHA2_384 = 0x04,
    CRYPTO_ALGOFAM_SHA2_512 = 0x05,
    CRYPTO_ALGOFAM_AES      = 0x14,
    CRYPTO_ALGOFAM_RSA      = 0x16,
    CRYPTO_ALGOFAM_ED25519  = 0x17,
    CRYPTO_ALGOFAM_ECCNIST  = 0x19,
    CRYPTO_ALGOFAM_RNG      = 0x1B,
    CRYPTO_ALGOFAM_DRBG     = 0x20,
    CRYPTO_ALGOFAM_HKDF     = 0x2B,
    CRYPTO_ALGOFAM_ECDSA    = 0x2C,
    CRYPTO_ALGOFAM_X25519   = 0x2E,
    CRYPTO_ALGOFAM_CUSTOM   = 0xFF
} Crypto_AlgorithmFamilyType;

typedef enum {
    CRYPTO_ALGOMODE_ECB     = 0x01,
    CRYPTO_ALGOMODE_CBC     = 0x02,
    CRYPTO_ALGOMODE_CFB     = 0x03,
    CRYPTO_ALGOMODE_OFB     = 0x04,
    CRYPTO_ALGOMODE_CTR     = 0x05,
    CRYPTO_ALGOMODE_GCM     = 0x06,
    CRYPTO_ALGOMODE_XTS     = 0x07,
    CRYPTO_ALGOMODE_HMAC    = 0x0F,
    CRYPTO_ALGOMODE_CMAC    = 0x10,
    CRYPTO_ALGOMODE_GMAC    = 0x11,
    CRYPTO_ALGOMODE_CTRDRBG = 0x12
} Crypto_AlgorithmModeType;

/* Key element ids (several services share an id: it names the element's role). */
#define CRYPTO_KE_MAC_KEY 1u
#define CRYPTO_KE_MAC_PROOF 2u
#define CRYPTO_KE_SIGNATURE_KEY 1u
#define CRYPTO_KE_RANDOM_SEED_STATE 3u
#define CRYPTO_KE_RANDOM_ALGORITHM 4u
#define CRYPTO_KE_CIPHER_KEY 1u
#define CRYPTO_KE_CIPHER_IV 5u
#define CRYPTO_KE_CIPHER_PROOF 6u
#define CRYPTO_KE_CIPHER_2NDKEY 7u
#define CRYPTO_KE_KEYEXCHANGE_BASE 8u
#define CRYPTO_KE_KEYEXCHANGE_PRIVKEY 9u
#define CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY 10u
#define CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE 1u
#define CRYPTO_KE_KEYEXCHANGE_ALGORITHM 12u
#define CRYPTO_KE_KEYDERIVATION_PASSWORD 1u
#define CRYPTO_KE_KEYDERIVATION_SALT 13u
#define CRYPTO_KE_KEYDERIVATION_ITERATIONS 14u
#define CRYPTO_KE_KEYDERIVATION_ALGORITHM 15u
#define CRYPTO_KE_KEYGENERATE_KEY 1u
#define CRYPTO_KE_KEYGENERATE_SEED 16u
#define CRYPTO_KE_KEYGENERATE_ALGORITHM 17u
/* Vendor-specific elements use ids from 98 up. */
#define CRYPTO_KE_VENDOR_FIRST 98u

/* Key element read and write access. */
typedef enum {
    CRYPTO_RA_DENIED        = 1,
    CRYPTO_RA_INTERNAL_COPY = 2,
    CRYPTO_RA_ALLOWED       = 3,
    CRYPTO_RA_ENCRYPTED     = 4
} Crypto_KeyElementReadAccessType;

typedef enum {
    CRYPTO_WA_DENIED        = 1,
    CRYPTO_WA_INTERNAL_COPY = 2,
    CRYPTO_WA_ALLOWED       = 3,
    CRYPTO_WA_ENCRYPTED     = 4
} Crypto_KeyElementWriteAccessType;

/* Job redirection: which inputs come from, and outputs go to, key elements. */
typedef enum {
    CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT    = 0x01,
    CRYPTO_REDIRECT_CONFIG_SECONDARY_INPUT  = 0x02,
    CRYPTO_REDIRECT_CONFIG_TERTIARY_INPUT   = 0x04,
    CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT   = 0x10,
    CRYPTO_REDIRECT_CONFIG_SECONDARY_OUTPUT = 0x20
} Crypto_InputOutputRedirectionConfigType;

/* ---- Job structures ---- */
typedef struct {
    Crypto_AlgorithmFamilyType family;
    Crypto_AlgorithmFamilyType secondaryFamily;
    uint32                     keyLength; /* bits */
    Crypto_AlgorithmModeType   mode;
    Crypto_AlgorithmModeType   secondaryMode;
} Crypto_AlgorithmInfoType;

typedef struct {
    uint32                   resultLength;
    Crypto_ServiceInfoType   service;
    Crypto_AlgorithmInfoType algorithm;
} Crypto_PrimitiveInfoType;

typedef struct {
    uint32                          callbackId;
    const Crypto_PrimitiveInfoType* primitiveInfo;
    uint32                          cryIfKeyId;
    Crypto_ProcessingType           processingType;
    boolean                         callbackUpdateNotification;
} Crypto_JobPrimitiveInfoType;

typedef struct {
    uint32 jobId;
    uint32 jobPriority; /* higher value: more urgent */
} Crypto_JobInfoType;

typedef struct {
    const uint8*             inputPtr;
    uint32                   inputLength;
    const uint8*             secondaryInputPtr;
    uint32                   secondaryInputLength; /* MACVERIFY: the MAC's length in BITS */
    const uint8*             tertiaryInputPtr;
    uint32                   tertiaryInputLength;
    uint8*                   outputPtr;
    uint32*                  outputLengthPtr; /* bytes: capacity in, written out */
    uint8*                   secondaryOutputPtr;
    uint32*                  secondaryOutputLengthPtr;
    Crypto_VerifyResultType* verifyPtr;
    Crypto_OperationModeType mode;
} Crypto_JobPrimitiveInputOutputType;

typedef struct {
    uint8  redirectionConfig; /* Crypto_InputOutputRedirectionConfigType bits */
    uint32 inputKeyId;
    uint32 inputKeyElementId;
    uint32 secondaryInputKeyId;
    uint32 secondaryInputKeyElementId;
    uint32 tertiaryInputKeyId;
    uint32 tertiaryInputKeyElementId;
    uint32 outputKeyId;
    uint32 outputKeyElementId;
    uint32 secondaryOutputKeyId;
    uint32 secondaryOutputKeyElementId;
} Crypto_JobRedirectionInfoType;

typedef struct {
    uint32                             jobId;
    Crypto_JobStateType                jobState;
    Crypto_JobPrimitiveInputOutputType jobPrimitiveInputOutput;
    const Crypto_JobPrimitiveInfoType* jobPrimitiveInfo;
    const Crypto_JobInfoType*          jobInfo;
    uint32                             cryptoKeyId;
    uint32                             targetCryptoKeyId;
    Crypto_JobRedirectionInfoType*     jobRedirectionInfoRef; /* optional: NULL */
} Crypto_JobType;

#endif /* !CRYPTO_GENERALTYPES_H */
