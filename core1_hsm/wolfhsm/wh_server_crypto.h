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
} whServerCrypto;

#endif /* !WOLFHSM_WH_SERVER_CRYPTO_H_ */
