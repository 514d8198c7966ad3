/*
 * Crypto_Cfg.h: the test configuration of the AUTOSAR Crypto Driver (not product). Written
 * by hand in the shape a generator will produce: driver objects with their queue sizes and
 * mailboxes, keys with their elements, access rights and HSM key ids, and the RAM they need.
 * The mailboxes (whClientConfig) are the integration's: the test fills them in before
 * Crypto_Init.
 */
#ifndef CRYPTO_CFG_H
#define CRYPTO_CFG_H

#include "Crypto.h"

/* Driver objects */
#define CryptoConf_CryptoDriverObject_Obj0 0u
#define CryptoConf_CryptoDriverObject_Obj1 1u
#define CryptoConf_CryptoDriverObject_Obj2 2u
#define CRYPTO_CFG_OBJECT_COUNT 3u
#define CRYPTO_CFG_QUEUE_SIZE_OBJ0 4u
#define CRYPTO_CFG_QUEUE_SIZE_OBJ1 4u
#define CRYPTO_CFG_QUEUE_SIZE_OBJ2 1u

/* Keys */
#define CryptoConf_CryptoKey_Cmac 0u       /* AES-128 CMAC key: read DENIED */
#define CryptoConf_CryptoKey_Hmac 1u       /* HMAC key (up to 64 bytes): read ALLOWED */
#define CryptoConf_CryptoKey_Aes 2u        /* AES key (read DENIED) + IV (RAM, read ALLOWED) */
#define CryptoConf_CryptoKey_Locked 3u     /* MAC key with write DENIED */
#define CryptoConf_CryptoKey_CopyTarget 4u /* MAC key + IV, read and write ALLOWED */
#define CryptoConf_CryptoKey_Ecdsa 5u      /* P-256 key pair (generated) + own public key */
#define CryptoConf_CryptoKey_Ed25519 6u    /* Ed25519 key pair (generated) + own public key */
#define CryptoConf_CryptoKey_Ecdh 7u       /* P-256 private key, own public key, shared value */
#define CryptoConf_CryptoKey_X25519 8u     /* X25519 private key, own public key, shared value */
#define CryptoConf_CryptoKey_HkdfSrc 9u    /* HKDF input key + salt, algorithm, info */
#define CryptoConf_CryptoKey_HkdfDst 10u   /* a derived 32-byte MAC key */
#define CryptoConf_CryptoKey_SheMaster 11u /* SHE MASTER_ECU_KEY: proof element */
#define CryptoConf_CryptoKey_SheKey1 12u   /* SHE KEY_1 (cipher): proof element + IV (RAM) */
#define CryptoConf_CryptoKey_SheKey2 13u   /* SHE KEY_2 (MAC): proof element */
#define CRYPTO_CFG_KEY_COUNT 14u

/* The HSM key numbers these keys use (global ids). */
#define CRYPTO_CFG_HSM_KEY_FIRST 0xC1u
/* The HSM NVM object numbers of the key state records (global ids). */
#define CRYPTO_CFG_NVM_KEY_FIRST 0xE0u

/* The mailboxes of the driver objects and of the key management calls. */
extern whClientConfig CryptoCfg_ObjectClients[CRYPTO_CFG_OBJECT_COUNT];
extern whClientConfig CryptoCfg_KeyClient;

extern const Crypto_ConfigType CryptoCfg_Config;

#endif /* !CRYPTO_CFG_H */
