/*
 * wolfhsm/wh_message_crypto.h
 *
 * CRYPTO group messages. Keys are named by the client's key ids (wh_message.h) and used
 * inside the HSM; only public keys and outputs come back. Each request is a fixed struct
 * followed by its variable parts in the order the struct lists their lengths; each response
 * is a fixed struct followed by its output. All algorithm numbers are the project's own wire
 * constants (never wolfCrypt enums, whose values depend on the build).
 */
#ifndef WOLFHSM_WH_MESSAGE_CRYPTO_H_
#define WOLFHSM_WH_MESSAGE_CRYPTO_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_nvm.h" /* whMessageIdRequest (PUBKEY) */

enum WH_MESSAGE_CRYPTO_ACTION_ENUM {
    WH_MESSAGE_CRYPTO_ACTION_RNG    = 0x01, /* Rng -> Out + random bytes */
    WH_MESSAGE_CRYPTO_ACTION_DIGEST = 0x02, /* Digest + data [+ tag] -> Out + digest/tag */
    WH_MESSAGE_CRYPTO_ACTION_CIPHER = 0x03, /* Cipher + iv + aad + data [+ tag] -> Out + data
                                             * [+ tag] */
    WH_MESSAGE_CRYPTO_ACTION_HKDF   = 0x04, /* Hkdf + salt + info -> Key */
    WH_MESSAGE_CRYPTO_ACTION_KEYGEN = 0x05, /* Keygen -> Key + public key */
    WH_MESSAGE_CRYPTO_ACTION_SIGN   = 0x06, /* Sign + message/hash -> Out + signature */
    WH_MESSAGE_CRYPTO_ACTION_VERIFY = 0x07, /* Verify + public key + signature + message ->
                                             * Out (rc WH_ERROR_AUTH if it does not verify) */
    WH_MESSAGE_CRYPTO_ACTION_SHARED = 0x08, /* Shared + peer public key -> Key */
    WH_MESSAGE_CRYPTO_ACTION_PUBKEY = 0x09, /* Id -> Out + public key */
    /* Requests by address (wh_message.h): the large part is in host memory. */
    WH_MESSAGE_CRYPTO_ACTION_DIGEST_DMA = 0x0A, /* DigestDma [+ tag] -> Out + digest/tag */
    WH_MESSAGE_CRYPTO_ACTION_GCM_DMA    = 0x0B, /* GcmDma + iv [+ tag] -> Out + tag (data to
                                                 * the output address) */
    WH_MESSAGE_CRYPTO_ACTION_VERIFY_DMA = 0x0C, /* VerifyDma + public key + signature -> Out */
    /* The MAC fast path (whMessageCryptoMacRequest). */
    WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE = 0x0D, /* Mac + message -> Out + tag */
    WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY   = 0x0E, /* Mac + message + tag -> Out (rc
                                                   * WH_ERROR_AUTH if it does not verify) */
    WH_MESSAGE_CRYPTO_ACTION_RNG_SEED     = 0x0F, /* Rng + seed -> Out (empty) */
};

/* Digest algorithms: hashes need no key; MACs name a key. */
enum WH_CRYPTO_DIGEST_ENUM {
    WH_CRYPTO_SHA256      = 1,
    WH_CRYPTO_SHA384      = 2,
    WH_CRYPTO_SHA512      = 3,
    WH_CRYPTO_HMAC_SHA256 = 4,
    WH_CRYPTO_HMAC_SHA384 = 5,
    WH_CRYPTO_CMAC_AES    = 6,
};

/* MAC tags a VERIFY step compares: WH_CRYPTO_MAC_MIN_TAG bytes up to the MAC's length,
 * compared on their first tagLen bytes (truncated MACs, as AUTOSAR SecOC uses them); a
 * shorter or longer tagLen is WH_ERROR_BADARGS, and one shorter than the key's minimum tag
 * length (its MAC policy, wh_nvm_types.h) WH_ERROR_MINTAG. */
#define WH_CRYPTO_MAC_MIN_TAG 4

/* The MAC fast path: one request makes or checks a MAC of a short message (SecOC PDUs) with a
 * key cached in the HSM. Lengths of tags are in bits: a tag of n bits is the first n bits of
 * the MAC (NIST SP 800-38B, 5.5), sent in (n + 7) / 8 bytes, most significant bit first.
 * WH_CRYPTO_MAC_MAX_MSG: the longest message (a longer one is WH_ERROR_BADARGS). */
#define WH_CRYPTO_MAC_MAX_MSG 1024u

/* Digest steps. A stream (Init, Update..., Final) lives in the server context: one per
 * client; a new Init or OneShot replaces an abandoned one (wiped). */
enum WH_CRYPTO_STEP_ENUM {
    WH_CRYPTO_STEP_ONESHOT = 1, /* init + update + final */
    WH_CRYPTO_STEP_INIT    = 2, /* with data: init + update */
    WH_CRYPTO_STEP_UPDATE  = 3,
    WH_CRYPTO_STEP_FINAL   = 4, /* with data: update + final */
    WH_CRYPTO_STEP_VERIFY  = 5, /* MACs: one shot, compare with the tag sent after the data */
};

/* AES modes and directions. */
enum WH_CRYPTO_CIPHER_ENUM {
    WH_CRYPTO_AES_ECB = 1,
    WH_CRYPTO_AES_CBC = 2,
    WH_CRYPTO_AES_CTR = 3,
    WH_CRYPTO_AES_GCM = 4,
};
#define WH_CRYPTO_ENCRYPT 1
#define WH_CRYPTO_DECRYPT 2
/* GCM tags the HSM makes and checks: WH_CRYPTO_GCM_MIN_TAG to 16 bytes (NIST SP 800-38D,
 * 5.2.1.2: 12 to 16 for general use; the 4- and 8-byte tags of its appendix C are not
 * taken). A shorter or longer tagLen is WH_ERROR_BADARGS. */
#define WH_CRYPTO_GCM_MIN_TAG 12
#define WH_CRYPTO_GCM_MAX_TAG 16

/* Signature algorithms (also the key type they need). */
enum WH_CRYPTO_SIG_ENUM {
    WH_CRYPTO_ECDSA_P256 = 1, /* message: a hash (>= 28 bytes); signature: DER */
    WH_CRYPTO_ED25519    = 2, /* message: the message; signature: 64 bytes */
    WH_CRYPTO_LMS        = 3, /* verify only; public key inline (RFC 8554 encoding) */
};

/* Largest sizes. */
#define WH_CRYPTO_MAX_DIGEST 64 /* SHA-512 */
#define WH_CRYPTO_MAX_PUBKEY 96 /* ECC P-256 raw public, with room to spare */
#define WH_CRYPTO_MAX_SIG 80    /* ECDSA P-256 DER is at most 72 */

/* RNG: the number of random bytes wanted. RNG_SEED: the number of seed bytes that follow
 * (1 .. WH_CRYPTO_RNG_SEED_MAX), additional input the HSM mixes into this client's DRBG
 * together with fresh entropy of its own (a reseed: the DRBG's state stays in the mix, so a
 * seed adds to its unpredictability and cannot set it). */
typedef struct whMessageCryptoRngRequest_t {
    uint32_t len;
} whMessageCryptoRngRequest;
#define WH_CRYPTO_RNG_SEED_MAX 128
_Static_assert(sizeof(whMessageCryptoRngRequest) == 4, "wire size");

/* Generic output header: followed by len bytes (and, for ciphers, tagLen more). */
typedef struct whMessageCryptoOutResponse_t {
    uint16_t len;
    uint16_t tagLen;
} whMessageCryptoOutResponse;
_Static_assert(sizeof(whMessageCryptoOutResponse) == 4, "wire size");

/* Followed by dataLen bytes, then tagLen bytes of expected tag (VERIFY only). */
typedef struct whMessageCryptoDigestRequest_t {
    uint16_t alg;    /* WH_CRYPTO_* digest */
    uint16_t step;   /* WH_CRYPTO_STEP_* */
    uint16_t keyId;  /* MACs: the key (client id); hashes: 0 */
    uint16_t tagLen; /* VERIFY: bytes of tag after the data */
    uint16_t dataLen;
    uint16_t pad;
} whMessageCryptoDigestRequest;
_Static_assert(sizeof(whMessageCryptoDigestRequest) == 12, "wire size");

/* Followed by ivLen bytes of IV/nonce, aadLen of AAD (GCM), dataLen of data, tagLen of tag
 * (GCM decrypt). GCM encrypt returns tagLen bytes of tag after the data.
 * step: WH_CRYPTO_STEP_ONESHOT (or 0) for one message. GCM encryption may also be streamed
 * over messages: INIT (key, IV, all the AAD, first data), UPDATE (data), FINAL (data, tagLen:
 * returns the tag); the stream is the context's one stream (see the digest steps). GCM
 * decryption is never streamed: no plaintext leaves the HSM before the tag is checked. */
typedef struct whMessageCryptoCipherRequest_t {
    uint16_t mode; /* WH_CRYPTO_AES_* */
    uint16_t dir;  /* WH_CRYPTO_ENCRYPT / WH_CRYPTO_DECRYPT */
    uint16_t keyId;
    uint16_t ivLen;
    uint16_t aadLen;
    uint16_t tagLen;
    uint16_t dataLen;
    uint16_t step; /* WH_CRYPTO_STEP_* */
} whMessageCryptoCipherRequest;
_Static_assert(sizeof(whMessageCryptoCipherRequest) == 16, "wire size");

/* A key made inside the HSM goes into the key store under outKeyId (0: the HSM picks) with
 * outFlags (usage, exportability) and label. */
typedef struct whMessageCryptoNewKey_t {
    uint16_t outKeyId;
    uint16_t outFlags;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageCryptoNewKey;
_Static_assert(sizeof(whMessageCryptoNewKey) == 28, "wire size");

/* HKDF (RFC 5869) from the secret key ikmKeyId. Followed by saltLen + infoLen bytes. */
typedef struct whMessageCryptoHkdfRequest_t {
    uint16_t              hash; /* WH_CRYPTO_SHA256 / SHA384 / SHA512 */
    uint16_t              ikmKeyId;
    uint16_t              outLen;
    uint16_t              saltLen;
    uint16_t              infoLen;
    uint16_t              pad;
    whMessageCryptoNewKey key;
} whMessageCryptoHkdfRequest;
_Static_assert(sizeof(whMessageCryptoHkdfRequest) == 40, "wire size");

typedef struct whMessageCryptoKeygenRequest_t {
    uint16_t              type; /* WH_KEY_TYPE_ECC_P256 / ED25519 / X25519 */
    uint16_t              pad;
    whMessageCryptoNewKey key;
} whMessageCryptoKeygenRequest;
_Static_assert(sizeof(whMessageCryptoKeygenRequest) == 32, "wire size");

/* The key a request made; followed by pubLen bytes of its public key (keygen). */
typedef struct whMessageCryptoKeyResponse_t {
    uint16_t keyId;
    uint16_t pubLen;
} whMessageCryptoKeyResponse;
_Static_assert(sizeof(whMessageCryptoKeyResponse) == 4, "wire size");

/* Followed by msgLen bytes. */
typedef struct whMessageCryptoSignRequest_t {
    uint16_t alg; /* WH_CRYPTO_ECDSA_P256 / ED25519 */
    uint16_t keyId;
    uint16_t msgLen;
    uint16_t pad;
} whMessageCryptoSignRequest;
_Static_assert(sizeof(whMessageCryptoSignRequest) == 8, "wire size");

/* Key by id (keyId != 0) or inline (pubLen bytes). Followed by the public key, sigLen
 * bytes of signature, msgLen bytes of message (or hash). */
typedef struct whMessageCryptoVerifyRequest_t {
    uint16_t alg;
    uint16_t keyId;
    uint16_t pubLen;
    uint16_t sigLen;
    uint16_t msgLen;
    uint16_t pad;
} whMessageCryptoVerifyRequest;
_Static_assert(sizeof(whMessageCryptoVerifyRequest) == 12, "wire size");

/* ECDH / X25519 with the private key keyId and pubLen bytes of peer public key after the
 * struct; the shared secret becomes a new secret key. */
typedef struct whMessageCryptoSharedRequest_t {
    uint16_t              keyId;
    uint16_t              pubLen;
    whMessageCryptoNewKey key;
} whMessageCryptoSharedRequest;
_Static_assert(sizeof(whMessageCryptoSharedRequest) == 32, "wire size");

/* MAC fast path (MAC_GENERATE, MAC_VERIFY). alg: WH_CRYPTO_CMAC_AES (else WH_ERROR_BADALG).
 * keyId: a secret AES key (16, 24 or 32 bytes) with usage SIGN (generate) or VERIFY
 * (verify). tagBits: 1..128 (else WH_ERROR_BADARGS), and at least the key's minimum tag length
 * (its MAC policy, wh_nvm_types.h; else WH_ERROR_MINTAG). Followed by msgLen bytes of message
 * (at most WH_CRYPTO_MAC_MAX_MSG, else WH_ERROR_BADARGS), then, to verify, (tagBits + 7) / 8
 * bytes of tag. GENERATE answers Out + (tagBits + 7) / 8 bytes of tag (the bits past tagBits
 * in its last byte are zero); VERIFY answers Out (empty) with rc WH_ERROR_OK when the first
 * tagBits bits match, in constant time (the bits past tagBits in the tag's last byte are
 * ignored), WH_ERROR_AUTH when they do not. */
typedef struct whMessageCryptoMacRequest_t {
    uint16_t alg;
    uint16_t keyId;
    uint16_t tagBits;
    uint16_t msgLen;
} whMessageCryptoMacRequest;
_Static_assert(sizeof(whMessageCryptoMacRequest) == 8, "wire size");

/* ---- Requests by address (wh_message.h) ---- */

/* A hash or MAC in one request, ONESHOT or VERIFY step (as DIGEST: alg, keyId, usage, tags),
 * over len bytes at host address addr, which the HSM reads once, in chunks, as it computes.
 * VERIFY: tagLen bytes of expected tag follow the struct. The response is DIGEST's (Out +
 * digest; VERIFY: Out, verdict WH_ERROR_AUTH on a mismatch). Ends the context's open digest
 * stream, as a mailbox ONESHOT does. */
typedef struct whMessageCryptoDigestDmaRequest_t {
    uint64_t addr;
    uint32_t len;
    uint16_t alg;    /* WH_CRYPTO_* digest */
    uint16_t step;   /* WH_CRYPTO_STEP_ONESHOT or WH_CRYPTO_STEP_VERIFY */
    uint16_t keyId;  /* MACs: the key (client id); hashes: 0 */
    uint16_t tagLen; /* VERIFY: bytes of tag after the struct */
    uint32_t pad;
} whMessageCryptoDigestDmaRequest;
_Static_assert(sizeof(whMessageCryptoDigestDmaRequest) == 24, "wire size");

/* AES-GCM (one message, tag sizes as CIPHER's) of len bytes at host address inAddr into len
 * bytes at outAddr (the same address is allowed), authenticating aadLen bytes at aadAddr,
 * with the secret AES key keyId (usage ENCRYPT or DECRYPT). Followed by ivLen bytes of IV,
 * then (decrypt) tagLen bytes of tag. The HSM copies the input into private memory (len at
 * most WOLFHSM_CFG_SERVER_DMA_MAX, else WH_ERROR_BADARGS), streams the AAD through in chunks
 * (any length), and writes the output to outAddr only after the operation succeeded (for a
 * decryption: after the tag verified). Response: Out with len 0 and, encrypting, tagLen bytes
 * of tag after it. */
typedef struct whMessageCryptoGcmDmaRequest_t {
    uint64_t inAddr;
    uint64_t outAddr;
    uint64_t aadAddr;
    uint32_t len;
    uint32_t aadLen;
    uint16_t dir; /* WH_CRYPTO_ENCRYPT / WH_CRYPTO_DECRYPT */
    uint16_t keyId;
    uint16_t ivLen;
    uint16_t tagLen;
} whMessageCryptoGcmDmaRequest;
_Static_assert(sizeof(whMessageCryptoGcmDmaRequest) == 40, "wire size");

/* Verify a signature over msgLen bytes of message at host address msgAddr, which the HSM reads
 * once, in chunks: WH_CRYPTO_ED25519 over the message itself; WH_CRYPTO_ECDSA_P256 over its
 * hash, which the HSM computes with `hash` (WH_CRYPTO_SHA256 / 384 / 512). Key by id or inline
 * (as VERIFY). Followed by pubLen bytes of public key and sigLen bytes of signature. Response:
 * Out (empty); verdict WH_ERROR_AUTH if the signature does not verify. */
typedef struct whMessageCryptoVerifyDmaRequest_t {
    uint64_t msgAddr;
    uint32_t msgLen;
    uint16_t alg;
    uint16_t hash; /* ECDSA: the hash over the message; Ed25519: 0 */
    uint16_t keyId;
    uint16_t pubLen;
    uint16_t sigLen;
    uint16_t pad;
} whMessageCryptoVerifyDmaRequest;
_Static_assert(sizeof(whMessageCryptoVerifyDmaRequest) == 24, "wire size");

void wh_MessageCrypto_TranslateRngRequest(uint16_t magic, const whMessageCryptoRngRequest* src,
                                          whMessageCryptoRngRequest* dst);
void wh_MessageCrypto_TranslateOutResponse(uint16_t magic, const whMessageCryptoOutResponse* src,
                                           whMessageCryptoOutResponse* dst);
void wh_MessageCrypto_TranslateDigestRequest(uint16_t                            magic,
                                             const whMessageCryptoDigestRequest* src,
                                             whMessageCryptoDigestRequest*       dst);
void wh_MessageCrypto_TranslateCipherRequest(uint16_t                            magic,
                                             const whMessageCryptoCipherRequest* src,
                                             whMessageCryptoCipherRequest*       dst);
void wh_MessageCrypto_TranslateHkdfRequest(uint16_t magic, const whMessageCryptoHkdfRequest* src,
                                           whMessageCryptoHkdfRequest* dst);
void wh_MessageCrypto_TranslateKeygenRequest(uint16_t                            magic,
                                             const whMessageCryptoKeygenRequest* src,
                                             whMessageCryptoKeygenRequest*       dst);
void wh_MessageCrypto_TranslateKeyResponse(uint16_t magic, const whMessageCryptoKeyResponse* src,
                                           whMessageCryptoKeyResponse* dst);
void wh_MessageCrypto_TranslateSignRequest(uint16_t magic, const whMessageCryptoSignRequest* src,
                                           whMessageCryptoSignRequest* dst);
void wh_MessageCrypto_TranslateVerifyRequest(uint16_t                            magic,
                                             const whMessageCryptoVerifyRequest* src,
                                             whMessageCryptoVerifyRequest*       dst);
void wh_MessageCrypto_TranslateSharedRequest(uint16_t                            magic,
                                             const whMessageCryptoSharedRequest* src,
                                             whMessageCryptoSharedRequest*       dst);
void wh_MessageCrypto_TranslateMacRequest(uint16_t magic, const whMessageCryptoMacRequest* src,
                                          whMessageCryptoMacRequest* dst);
void wh_MessageCrypto_TranslateDigestDmaRequest(uint16_t                               magic,
                                                const whMessageCryptoDigestDmaRequest* src,
                                                whMessageCryptoDigestDmaRequest*       dst);
void wh_MessageCrypto_TranslateGcmDmaRequest(uint16_t                            magic,
                                             const whMessageCryptoGcmDmaRequest* src,
                                             whMessageCryptoGcmDmaRequest*       dst);
void wh_MessageCrypto_TranslateVerifyDmaRequest(uint16_t                               magic,
                                                const whMessageCryptoVerifyDmaRequest* src,
                                                whMessageCryptoVerifyDmaRequest*       dst);

#endif /* !WOLFHSM_WH_MESSAGE_CRYPTO_H_ */
