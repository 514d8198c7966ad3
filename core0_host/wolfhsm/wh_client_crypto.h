/*
 * wolfhsm/wh_client_crypto.h
 *
 * The CRYPTO group of the client API (host core): random numbers, hashes and MACs, AES,
 * HKDF, key generation, signatures and key agreement, all computed inside the HSM with keys
 * it holds. Wire format: wolfhsm/wh_message_crypto.h.
 *
 * Conventions are those of wolfhsm/wh_client.h:
 *   wh_Client_XxxRequest(...)              send the request; never blocks
 *   wh_Client_XxxResponse(..., out_rc)     poll: WH_ERROR_NOTREADY until the response is in
 *   wh_Client_Xxx(..., out_rc)             send, wait, receive
 * The return value is the transport status; *out_rc is the HSM's verdict. Out
 * parameters are written only when both are WH_ERROR_OK. Output buffers come with their
 * capacity in *inout_len, which holds the bytes written on return; when the HSM's output does
 * not fit, the Response returns WH_ERROR_BUFFER_SIZE, consumes the response and writes
 * nothing. A response whose lengths exceed what arrived returns WH_ERROR_TRUNCATED.
 * Requests whose parts cannot fit in one message (WOLFHSM_CFG_COMM_DATA_LEN payload bytes)
 * are refused locally with WH_ERROR_BADARGS and nothing is sent; the blocking wrappers
 * marked "any length" split their input over several messages themselves.
 *
 * Keys are named by client key ids (wh_message.h: number 1..255 | WH_ID_GLOBAL). Key types
 * and usage flags: wolfhsm/wh_nvm_types.h. HSM verdicts common to all calls that name a key:
 *   WH_ERROR_NOTFOUND  no such key (or not the caller's)
 *   WH_ERROR_KEYTYPE   the key is not of the type the algorithm needs
 *   WH_ERROR_USAGE     the key lacks the usage flag the operation needs
 *   WH_ERROR_BADALG    unknown algorithm, AES mode, hash or key type
 *   WH_ERROR_BADARGS   an unknown step or direction, or a length the algorithm does not
 *                      accept (IV, tag, hash size...)
 *   WH_ERROR_CRYPTO    wolfCrypt failed inside the HSM
 * WH_ERROR_BADKEY    key material the caller sent (an inline or peer public key) is no
 *                      valid key of its type (wolfhsm/wh_error.h)
 * Calls that make a key ("new key" outKeyId, outFlags, label) store it in the HSM's key
 * cache: outKeyId 0 (or WH_ID_GLOBAL alone) asks the HSM to pick a free number, and the id
 * used comes back; WH_ERROR_NOSPACE when the cache holds only uncommitted keys.
 *
 * The digest stream: a streamed digest (INIT, UPDATE..., FINAL) lives in the HSM, one per
 * client. Any INIT, ONESHOT or VERIFY digest request from the same client ends an open
 * stream (its state is wiped), so interleaving two streamed digests on one client gives
 * WH_ERROR_NOSTREAM or a wrong result. The "any length" blocking digest wrappers below use
 * the stream when their input does not fit in one message.
 *
 * Thread context: a client context is used by one thread at a time.
 */
#ifndef WOLFHSM_WH_CLIENT_CRYPTO_H_
#define WOLFHSM_WH_CLIENT_CRYPTO_H_

#include <stdint.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_message_crypto.h"

/* Largest variable parts that fit in one message. */
/* Output data + tag of one response (whMessageCryptoOutResponse). */
#define WH_CLIENT_CRYPTO_OUT_MAX \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoOutResponse)))
/* Random bytes per RNG request. */
#define WH_CLIENT_RNG_MAX_LEN WH_CLIENT_CRYPTO_OUT_MAX
/* Digest data + tag per digest request. */
#define WH_CLIENT_DIGEST_MAX_DATA \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoDigestRequest)))
/* IV + AAD + data + tag of a cipher request (the response must also hold data + tag). */
#define WH_CLIENT_CIPHER_MAX_PARTS \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoCipherRequest)))
/* Salt + info of an HKDF request. */
#define WH_CLIENT_HKDF_MAX_PARTS \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoHkdfRequest)))
/* Message of a sign request. */
#define WH_CLIENT_SIGN_MAX_MSG \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoSignRequest)))
/* Public key + signature + message of a verify request. */
#define WH_CLIENT_VERIFY_MAX_PARTS \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoVerifyRequest)))
/* Peer public key of a shared-secret request. */
#define WH_CLIENT_SHARED_MAX_PUB \
    ((uint16_t)(WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoSharedRequest)))

/* Output sizes. */
#define WH_CLIENT_SHA256_LEN 32
#define WH_CLIENT_SHA384_LEN 48
#define WH_CLIENT_SHA512_LEN 64
#define WH_CLIENT_CMAC_LEN 16
#define WH_CLIENT_AES_BLOCK 16

/* ---- RNG ---- */

/* len random bytes from the HSM's DRBG (len <= WH_CLIENT_RNG_MAX_LEN per request). The
 * Response writes them to out (capacity *inout_len). */
int wh_Client_RngGenerateRequest(whClientContext* c, uint16_t len);
int wh_Client_RngGenerateResponse(whClientContext* c, uint8_t* out, uint16_t* inout_len,
                                  int32_t* out_rc);
/* Any length: one request per WH_CLIENT_RNG_MAX_LEN bytes. out receives exactly len bytes
 * (WH_ERROR_TRUNCATED if the HSM returns fewer). If a later request fails, out may hold the
 * bytes of the earlier ones. */
int wh_Client_RngGenerate(whClientContext* c, uint8_t* out, uint32_t len, int32_t* out_rc);
/* Seed the HSM's DRBG of this client with len bytes (1 .. WH_CRYPTO_RNG_SEED_MAX per
 * request): additional input the HSM mixes in with fresh entropy of its own (a reseed: the
 * DRBG's state stays in the mix, so a seed can add unpredictability, never remove or set it).
 * wh_Client_RngSeed takes any length > 0, one request per WH_CRYPTO_RNG_SEED_MAX bytes. */
int wh_Client_RngSeedRequest(whClientContext* c, const uint8_t* seed, uint16_t len);
int wh_Client_RngSeedResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_RngSeed(whClientContext* c, const uint8_t* seed, uint32_t len, int32_t* out_rc);

/* ---- Digests: hashes and MACs ---- */

/* One digest message. alg: WH_CRYPTO_SHA256/384/512 (keyId 0), WH_CRYPTO_HMAC_SHA256/384,
 * WH_CRYPTO_CMAC_AES (keyId: a secret key; ONESHOT and INIT need its usage SIGN, VERIFY its
 * usage VERIFY). step: WH_CRYPTO_STEP_* (see the header comment on the stream). tag/tagLen:
 * only with WH_CRYPTO_STEP_VERIFY (the expected MAC, WH_CRYPTO_MAC_MIN_TAG (4) bytes up to
 * the MAC's length, compared on its first tagLen bytes; rc WH_ERROR_AUTH if it does not
 * match; WH_ERROR_BADARGS for a tagLen out of that range, WH_ERROR_MINTAG for one shorter
 * than the key's minimum tag length); else NULL, 0. Any failed digest
 * request ends the stream. dataLen + tagLen <= WH_CLIENT_DIGEST_MAX_DATA. The Response
 * writes the digest/tag (ONESHOT, FINAL: 32/48/64 bytes for SHA-256/384/512 and HMAC, 16
 * for CMAC; INIT, UPDATE, VERIFY: none) to out
 * (capacity *inout_outLen; out and inout_outLen may be NULL when nothing is expected).
 * WH_ERROR_NOSTREAM for UPDATE/FINAL without a stream or with another alg. */
int wh_Client_DigestRequest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                            const uint8_t* data, uint16_t dataLen, const uint8_t* tag,
                            uint16_t tagLen);
int wh_Client_DigestResponse(whClientContext* c, uint8_t* out, uint16_t* inout_outLen,
                             int32_t* out_rc);
int wh_Client_Digest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                     const uint8_t* data, uint16_t dataLen, const uint8_t* tag, uint16_t tagLen,
                     uint8_t* out, uint16_t* inout_outLen, int32_t* out_rc);

/* Blocking, any length: one ONESHOT message when len fits, else the client's digest stream
 * (INIT, UPDATE..., FINAL). out receives WH_CLIENT_SHA256_LEN / 384 / 512 bytes. */
int wh_Client_Sha256(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc);
int wh_Client_Sha384(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc);
int wh_Client_Sha512(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc);

/* HMAC (alg WH_CRYPTO_HMAC_SHA256 or WH_CRYPTO_HMAC_SHA384) of data with the secret key keyId
 * (usage SIGN). Blocking, any length. out: capacity *inout_len, the MAC length on return. */
int wh_Client_Hmac(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* data,
                   uint32_t len, uint8_t* out, uint16_t* inout_len, int32_t* out_rc);

/* AES-CMAC of data with the secret AES key keyId (usage SIGN). Blocking, any length. tag:
 * capacity *inout_tagLen (WH_CLIENT_CMAC_LEN needed), the tag length on return. */
int wh_Client_CmacGenerate(whClientContext* c, uint16_t keyId, const uint8_t* data, uint32_t len,
                           uint8_t* tag, uint16_t* inout_tagLen, int32_t* out_rc);
/* Check tag (tagLen WH_CRYPTO_MAC_MIN_TAG..WH_CLIENT_CMAC_LEN bytes, else WH_ERROR_BADARGS:
 * a truncated tag is compared on its first tagLen bytes) against AES-CMAC of data: rc
 * WH_ERROR_OK if it matches, WH_ERROR_AUTH if not. Blocking, any length: when data and tag
 * fit in one message the HSM compares them (VERIFY step: the key needs usage VERIFY); else
 * the tag is streamed out of the HSM (INIT, UPDATE..., FINAL: the key needs usage SIGN) and
 * compared here in constant time. */
int wh_Client_CmacVerify(whClientContext* c, uint16_t keyId, const uint8_t* data, uint32_t len,
                         const uint8_t* tag, uint16_t tagLen, int32_t* out_rc);

/* ---- The MAC fast path (SecOC) ---- */

/* One request makes (MacGenerate) or checks (MacVerify) a MAC of a short message with a key
 * cached in the HSM (wh_message_crypto.h, whMessageCryptoMacRequest): the HSM keeps the key
 * prepared, so a request costs one AES block per 16 bytes of message. alg: WH_CRYPTO_CMAC_AES
 * (else WH_ERROR_BADALG). keyId: a secret AES key (16, 24 or 32 bytes; else WH_ERROR_KEYTYPE)
 * with usage SIGN to generate, VERIFY to verify (else WH_ERROR_USAGE). tagBits: the tag's
 * length in bits, 1..128 (else WH_ERROR_BADARGS) and at least the key's minimum tag length
 * (its MAC policy: wh_Client_KeyCacheEx's macMinBits, default WH_KEY_MAC_MIN_BITS_DEFAULT =
 * 32; else WH_ERROR_MINTAG). A tag of n bits is the first n bits of the MAC, in (n + 7) / 8
 * bytes, most significant bit first. msgLen: at most WH_CRYPTO_MAC_MAX_MSG (else
 * WH_ERROR_BADARGS). These range checks are the HSM's: the client refuses locally
 * (WH_ERROR_BADARGS, nothing sent) only what it cannot send (a NULL buffer, a request larger
 * than one message).
 * MacGenerate writes (tagBits + 7) / 8 bytes to tag (capacity *inout_tagLen; the bits past
 * tagBits in the last byte are zero). MacVerify sends (tagBits + 7) / 8 bytes of tag; the
 * verdict is rc: WH_ERROR_OK when the first tagBits bits match (compared in constant time;
 * the tag's bits past tagBits are ignored), WH_ERROR_AUTH when they do not. */
int wh_Client_MacGenerateRequest(whClientContext* c, uint16_t alg, uint16_t keyId,
                                 const uint8_t* msg, uint16_t msgLen, uint16_t tagBits);
int wh_Client_MacGenerateResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                                  int32_t* out_rc);
int wh_Client_MacGenerate(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                          uint16_t msgLen, uint16_t tagBits, uint8_t* tag, uint16_t* inout_tagLen,
                          int32_t* out_rc);
int wh_Client_MacVerifyRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                               uint16_t msgLen, const uint8_t* tag, uint16_t tagBits);
int wh_Client_MacVerifyResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_MacVerify(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                        uint16_t msgLen, const uint8_t* tag, uint16_t tagBits, int32_t* out_rc);

/* ---- AES ---- */

/* One cipher message: mode WH_CRYPTO_AES_*, dir WH_CRYPTO_ENCRYPT / WH_CRYPTO_DECRYPT, with
 * the secret AES key keyId (usage ENCRYPT or DECRYPT). iv: ECB none, CBC the IV, CTR the
 * initial 16-byte counter block, GCM the nonce. aad: GCM only. tag: GCM decrypt: the tagLen
 * bytes to check (rc WH_ERROR_AUTH if they do not, and no plaintext comes back); GCM
 * encrypt: tag NULL and tagLen the tag size wanted; GCM tags are WH_CRYPTO_GCM_MIN_TAG (12)
 * to 16 bytes (else WH_ERROR_BADARGS); other modes NULL, 0. Sizes: ivLen + aadLen
 * + len (+ tagLen to decrypt) <= WH_CLIENT_CIPHER_MAX_PARTS and len + tagLen <=
 * WH_CLIENT_CRYPTO_OUT_MAX (the response). The Response writes the output data to out
 * (capacity *inout_len) and, for GCM encrypt, the tag to tag (capacity *inout_tagLen; tag
 * and inout_tagLen may be NULL for other modes). */
int wh_Client_CipherRequest(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                            const uint8_t* iv, uint16_t ivLen, const uint8_t* aad, uint16_t aadLen,
                            const uint8_t* in, uint16_t len, const uint8_t* tag, uint16_t tagLen);
int wh_Client_CipherResponse(whClientContext* c, uint8_t* out, uint16_t* inout_len, uint8_t* tag,
                             uint16_t* inout_tagLen, int32_t* out_rc);
/* A step of a streamed GCM encryption (wh_message_crypto.h: INIT with keyId, the IV, all
 * the AAD and the first data; UPDATE with data; FINAL with the last data and tagLen, the tag
 * then comes back after the data), or WH_CRYPTO_STEP_ONESHOT: wh_Client_CipherRequest.
 * Sizes as wh_Client_CipherRequest's; the Response is wh_Client_CipherResponse. */
int wh_Client_CipherStepRequest(whClientContext* c, uint16_t step, uint16_t mode, uint16_t dir,
                                uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                                const uint8_t* aad, uint16_t aadLen, const uint8_t* in,
                                uint16_t len, const uint8_t* tag, uint16_t tagLen);
int wh_Client_Cipher(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                     const uint8_t* iv, uint16_t ivLen, const uint8_t* aad, uint16_t aadLen,
                     const uint8_t* in, uint16_t len, const uint8_t* tag, uint16_t tagLen,
                     uint8_t* out, uint16_t* inout_len, uint8_t* outTag, uint16_t* inout_outTagLen,
                     int32_t* out_rc);

/* AES-ECB, -CBC or -CTR of len bytes from in to out (len bytes of room; in == out allowed).
 * Blocking, any length: split in whole blocks over several messages, chaining the IV (CBC)
 * or the counter (CTR, 128-bit big-endian increment) between them; ivLen must then be 16.
 * ECB and CBC need len to be a multiple of 16 (the HSM checks it). If a later message fails,
 * out may hold the output of the earlier ones. Other modes go out as one message. */
int wh_Client_AesCipher(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                        const uint8_t* iv, uint16_t ivLen, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc);

/* AES-GCM. Encrypt: out gets len bytes, tag gets tagLen bytes; data longer than one message
 * is streamed (INIT with the IV and all the AAD, which must fit one message, then UPDATE and
 * FINAL steps). Decrypt: one message (see wh_Client_CipherRequest for the sizes: no plaintext
 * leaves the HSM before the tag is checked); rc WH_ERROR_AUTH if tag does not verify, and out
 * is then untouched. */
int wh_Client_AesGcmEncrypt(whClientContext* c, uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                            const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                            uint8_t* out, uint8_t* tag, uint16_t tagLen, int32_t* out_rc);
int wh_Client_AesGcmDecrypt(whClientContext* c, uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                            const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                            const uint8_t* tag, uint16_t tagLen, uint8_t* out, int32_t* out_rc);

/* ---- Keys made inside the HSM ---- */

/* HKDF (RFC 5869; hash WH_CRYPTO_SHA256/384/512) from the secret key ikmKeyId (usage
 * DERIVE) into a new secret key of outLen bytes with outFlags and a label (labelLen <=
 * WH_NVM_LABEL_LEN). saltLen + infoLen <= WH_CLIENT_HKDF_MAX_PARTS. The new key inherits the
 * policy of ikmKeyId (wh_nvm_types.h, "Derived keys"): it is non-exportable (and sensitive)
 * if ikmKeyId is, whatever outFlags say, and its usage is outFlags' usage bits that ikmKeyId
 * also has. */
int wh_Client_HkdfRequest(whClientContext* c, uint16_t hash, uint16_t ikmKeyId, const uint8_t* salt,
                          uint16_t saltLen, const uint8_t* info, uint16_t infoLen, uint16_t outLen,
                          uint16_t outKeyId, uint16_t outFlags, const uint8_t* label,
                          uint16_t labelLen);
int wh_Client_HkdfResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc);
int wh_Client_Hkdf(whClientContext* c, uint16_t hash, uint16_t ikmKeyId, const uint8_t* salt,
                   uint16_t saltLen, const uint8_t* info, uint16_t infoLen, uint16_t outLen,
                   uint16_t outFlags, const uint8_t* label, uint16_t labelLen,
                   uint16_t* inout_outKeyId, int32_t* out_rc);

/* Generate a key pair (type WH_KEY_TYPE_ECC_P256 / ED25519 / X25519) in the HSM under
 * outKeyId with flags (usage, exportability; the HSM sets the key type) and a label. The
 * Response returns the id used and writes the public key (ECC: Qx || Qy, 64 bytes; 25519:
 * 32 bytes) to pub (capacity *inout_pubLen; pub and inout_pubLen may both be NULL to skip
 * it). Give WH_CRYPTO_MAX_PUBKEY bytes: on WH_ERROR_BUFFER_SIZE the key exists but its id
 * is not returned. */
int wh_Client_KeyGenerateRequest(whClientContext* c, uint16_t type, uint16_t outKeyId,
                                 uint16_t flags, const uint8_t* label, uint16_t labelLen);
int wh_Client_KeyGenerateResponse(whClientContext* c, uint16_t* out_keyId, uint8_t* pub,
                                  uint16_t* inout_pubLen, int32_t* out_rc);
int wh_Client_KeyGenerate(whClientContext* c, uint16_t type, uint16_t flags, const uint8_t* label,
                          uint16_t labelLen, uint16_t* inout_keyId, uint8_t* pub,
                          uint16_t* inout_pubLen, int32_t* out_rc);

/* Key agreement (ECDH P-256 or X25519, by the type of keyId, usage DERIVE) with the peer's
 * public key (ECC: Qx || Qy; X25519: 32 bytes, pubLen <= WH_CLIENT_SHARED_MAX_PUB). The
 * shared secret becomes a new secret key (outFlags, label) that inherits the policy of
 * keyId (wh_nvm_types.h, "Derived keys"): non-exportable (and sensitive) if keyId is,
 * whatever outFlags say, its usage outFlags' usage bits that keyId also has. The HSM checks
 * the peer's key before it uses keyId: rc WH_ERROR_BADKEY, and no key is made, for a key of
 * another size, a P-256 point off the curve (or a coordinate >= p, or the identity), an
 * X25519 value of small order or with the top bit set, or a shared secret of all zeros. */
int wh_Client_SharedSecretRequest(whClientContext* c, uint16_t keyId, const uint8_t* peerPub,
                                  uint16_t pubLen, uint16_t outKeyId, uint16_t outFlags,
                                  const uint8_t* label, uint16_t labelLen);
int wh_Client_SharedSecretResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc);
int wh_Client_SharedSecret(whClientContext* c, uint16_t keyId, const uint8_t* peerPub,
                           uint16_t pubLen, uint16_t outFlags, const uint8_t* label,
                           uint16_t labelLen, uint16_t* inout_outKeyId, int32_t* out_rc);

/* The public key of the key pair keyId (format as for KeyGenerate), exportable or not. */
int wh_Client_PublicKeyRequest(whClientContext* c, uint16_t keyId);
int wh_Client_PublicKeyResponse(whClientContext* c, uint8_t* pub, uint16_t* inout_len,
                                int32_t* out_rc);
int wh_Client_PublicKey(whClientContext* c, uint16_t keyId, uint8_t* pub, uint16_t* inout_len,
                        int32_t* out_rc);

/* ---- Signatures ---- */

/* Sign with the private key keyId (usage SIGN). alg WH_CRYPTO_ECDSA_P256: msg is a hash (28
 * to 64 bytes), the signature DER (at most 72 bytes); WH_CRYPTO_ED25519: msg is the message
 * (msgLen <= WH_CLIENT_SIGN_MAX_MSG), the signature 64 bytes. sig: capacity *inout_sigLen. */
int wh_Client_SignRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                          uint16_t msgLen);
int wh_Client_SignResponse(whClientContext* c, uint8_t* sig, uint16_t* inout_sigLen,
                           int32_t* out_rc);
int wh_Client_Sign(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                   uint16_t msgLen, uint8_t* sig, uint16_t* inout_sigLen, int32_t* out_rc);

/* Verify sig over msg (as for Sign) with the key keyId (usage VERIFY), or, keyId 0, with
 * the public key pub (pubLen bytes, formats as for KeyGenerate; LMS: RFC 8554 encoding,
 * always inline). pubLen + sigLen + msgLen <= WH_CLIENT_VERIFY_MAX_PARTS. rc WH_ERROR_OK if
 * the signature verifies, WH_ERROR_AUTH if it does not (or is malformed, or, with a
 * signature, the HSM rejects an argument; an Ed25519 signature must be 64 bytes with S < L).
 * An inline key must be a valid public key (ECC: 64 bytes, on the curve; Ed25519: 32 bytes,
 * canonical, on the curve and not of small order): else rc WH_ERROR_BADKEY. */
int wh_Client_VerifyRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                            uint16_t pubLen, const uint8_t* sig, uint16_t sigLen,
                            const uint8_t* msg, uint16_t msgLen);
int wh_Client_VerifyResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_Verify(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                     uint16_t pubLen, const uint8_t* sig, uint16_t sigLen, const uint8_t* msg,
                     uint16_t msgLen, int32_t* out_rc);

#endif /* !WOLFHSM_WH_CLIENT_CRYPTO_H_ */
