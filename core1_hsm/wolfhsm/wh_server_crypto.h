/*
 * wolfhsm/wh_server_crypto.h
 *
 * Crypto state of one server context: its DRBG (seeded through the platform seed hook,
 * wh_Entropy_GenerateSeed) and the one digest/MAC/GCM stream its client may have open. Only
 * the server context's own thread touches it: no lock.
 */
#ifndef WOLFHSM_WH_SERVER_CRYPTO_H_
#define WOLFHSM_WH_SERVER_CRYPTO_H_

#include <stdint.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include "wolfhsm/wh_settings.h"

/* An AES key prepared for CMAC (NIST SP 800-38B): its encryption round keys and the subkeys
 * K1, K2, made once from the key (wh_server_crypto_mac.c). A context keeps a few of them,
 * least recently used replaced: for the MAC fast path, keys of its own cache (owner: the
 * cache slot, which the key store drops whenever the slot is evicted, erased or refilled);
 * for SHE's MAC commands, SHE keys (owner: the SHE device, sub: the slot id, version: the
 * SHE keys' version it was made at, which any change of a SHE key moves on, and the slot's
 * flags then). Never leaves the HSM. */
typedef struct whServerMacPrepared_t {
    Aes         aes; /* round keys, encryption */
    uint8_t     k1[AES_BLOCK_SIZE];
    uint8_t     k2[AES_BLOCK_SIZE];
    const void* owner; /* NULL: free */
    uint32_t    lastUse;
    uint32_t    version;    /* SHE: the keys' version it was made at; global key: the global
                          * keys' version (wh_server_crypto_mac.c); local key: 0 */
    uint16_t    sub;        /* SHE: the slot; global key: its id */
    uint16_t    keyFlags;   /* global key: its WH_NVM_FLAGS_* (usage), as made */
    uint8_t     minTagBits; /* global key: its WH_KEY_MAC_MIN_BITS, as made */
    uint8_t     flags;      /* SHE: the slot's flags */
    uint8_t     pad[2];
} whServerMacPrepared;

/* streamAlg of a streamed AES-GCM encryption (outside the WH_CRYPTO_* digest numbers). */
#define WH_SERVER_STREAM_GCM 0x0100u

typedef struct whServerCrypto_t {
    WC_RNG   rng;
    uint16_t streamAlg; /* WH_CRYPTO_* digest of the open stream, WH_SERVER_STREAM_GCM for a
                         * streamed GCM encryption; 0: none */
    uint8_t  rngReady;
    uint8_t  pad;
    union {
        wc_Sha256 sha256;
        wc_Sha512 sha512; /* SHA-384 uses the same state */
        Hmac      hmac;
        Cmac      cmac;
        Aes       aes;
    } stream; /* holds key schedules for MACs: wiped when the stream ends */
    whServerMacPrepared macPrepared[WOLFHSM_CFG_SERVER_MAC_PREPARED];
    uint32_t            macTick; /* least recently used prepared key goes first */
} whServerCrypto;

#endif /* !WOLFHSM_WH_SERVER_CRYPTO_H_ */
