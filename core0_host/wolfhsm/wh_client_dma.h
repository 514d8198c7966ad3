/*
 * wolfhsm/wh_client_dma.h
 *
 * Requests by address (the seed's DMA mode): large inputs and outputs stay in host memory and
 * the HSM reads and writes them there; the mailbox carries only their addresses and lengths
 * (wire format: the *_DMA actions of wolfhsm/wh_message_nvm.h and wh_message_crypto.h).
 *
 * Where buffers may be. The HSM accepts a buffer only if it lies wholly inside one host
 * memory window that its own configuration gives this client (core1_hsm/wolfhsm/wh_server.h):
 * on the target the host's RAM; on POSIX the shared buffer region this client registered at
 * connect (whClientConfig.dmaRegion). Anything else (HSM memory, a mailbox, a buffer that
 * wraps the address space or runs past a window's end) is refused with the verdict
 * WH_ERROR_BADADDR before the HSM touches a byte of it, and a client whose context has no
 * window gets WH_ERROR_BADADDR for every request here. A length of 0 names no memory (the
 * pointer may then be NULL). Buffers are named by the client's own pointers.
 *
 * What the HSM promises. It reads each input byte once (hashes, MACs, signature checks and
 * GCM's AAD stream through its private memory in chunks and may be of any length; NVM object
 * data and GCM data are copied into its private memory whole, at most
 * WOLFHSM_CFG_SERVER_DMA_MAX bytes, else WH_ERROR_BADARGS), so what it computes is over one
 * snapshot of the input, whatever the host writes meanwhile. It writes an output buffer only
 * after the operation succeeded: on any other verdict, an output buffer is untouched.
 *
 * What the caller promises. From a Request until its Response has returned WH_ERROR_OK
 * (with any verdict), the buffers belong to the HSM: the caller does not free or reuse them,
 * and does not read an output buffer. A request given up on (WH_ERROR_TIMEOUT) keeps them
 * until its response is polled.
 *
 * Conventions are those of wolfhsm/wh_client.h and wh_client_crypto.h (Request, Response,
 * blocking call; the return value is the transport status, *out_rc the HSM's verdict, which
 * includes the key and algorithm verdicts listed in wh_client_crypto.h).
 *
 * Thread context: a client context is used by one thread at a time.
 */
#ifndef WOLFHSM_WH_CLIENT_DMA_H_
#define WOLFHSM_WH_CLIENT_DMA_H_

#include <stdint.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_message_crypto.h"

/* ---- Digests and MACs over a buffer in host memory ---- */

/* A digest or MAC (alg, keyId and usage as wh_Client_DigestRequest) of len bytes at data, in
 * one request of any length. step: WH_CRYPTO_STEP_ONESHOT (tag NULL, tagLen 0), or
 * WH_CRYPTO_STEP_VERIFY for MACs (tag: tagLen bytes of expected MAC, WH_CRYPTO_MAC_MIN_TAG up
 * to the MAC's length, inline; rc WH_ERROR_AUTH if it does not match). Ends the client's open
 * digest stream, if any. The Response writes the digest (ONESHOT) to out (capacity
 * *inout_outLen; both may be NULL for VERIFY). */
int wh_Client_DigestDmaRequest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                               const void* data, uint32_t len, const uint8_t* tag, uint16_t tagLen);
int wh_Client_DigestDmaResponse(whClientContext* c, uint8_t* out, uint16_t* inout_outLen,
                                int32_t* out_rc);
int wh_Client_DigestDma(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                        const void* data, uint32_t len, const uint8_t* tag, uint16_t tagLen,
                        uint8_t* out, uint16_t* inout_outLen, int32_t* out_rc);

/* SHA-256 of len bytes at data; out receives WH_CLIENT_SHA256_LEN bytes. */
int wh_Client_Sha256DmaRequest(whClientContext* c, const void* data, uint32_t len);
int wh_Client_Sha256DmaResponse(whClientContext* c, uint8_t* out, int32_t* out_rc);
int wh_Client_Sha256Dma(whClientContext* c, const void* data, uint32_t len, uint8_t* out,
                        int32_t* out_rc);

/* AES-CMAC of len bytes at data with the secret AES key keyId (usage SIGN). tag: capacity
 * *inout_tagLen (WH_CLIENT_CMAC_LEN needed), the tag length on return. */
int wh_Client_CmacDmaRequest(whClientContext* c, uint16_t keyId, const void* data, uint32_t len);
int wh_Client_CmacDmaResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                              int32_t* out_rc);
int wh_Client_CmacDma(whClientContext* c, uint16_t keyId, const void* data, uint32_t len,
                      uint8_t* tag, uint16_t* inout_tagLen, int32_t* out_rc);

/* Check tagLen bytes of tag (inline, WH_CRYPTO_MAC_MIN_TAG..WH_CLIENT_CMAC_LEN) against
 * AES-CMAC of len bytes at data with keyId (usage VERIFY), inside the HSM: rc WH_ERROR_OK
 * if it matches, WH_ERROR_AUTH if not. */
int wh_Client_CmacVerifyDmaRequest(whClientContext* c, uint16_t keyId, const void* data,
                                   uint32_t len, const uint8_t* tag, uint16_t tagLen);
int wh_Client_CmacVerifyDmaResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_CmacVerifyDma(whClientContext* c, uint16_t keyId, const void* data, uint32_t len,
                            const uint8_t* tag, uint16_t tagLen, int32_t* out_rc);

/* ---- AES-GCM with data in host memory ---- */

/* Encrypt len bytes at in to len bytes at out (in == out allowed; len at most
 * WOLFHSM_CFG_SERVER_DMA_MAX), authenticating aadLen bytes at aad (any length), with the
 * secret AES key keyId (usage ENCRYPT) and the ivLen-byte IV (inline). The tag, tagLen bytes
 * (WH_CRYPTO_GCM_MIN_TAG to WH_CRYPTO_GCM_MAX_TAG), comes back in the response: the Response
 * writes it to tag (capacity *inout_tagLen). out is written only when the verdict is OK. */
int wh_Client_AesGcmEncryptDmaRequest(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                                      uint16_t ivLen, const void* aad, uint32_t aadLen,
                                      const void* in, uint32_t len, void* out, uint16_t tagLen);
int wh_Client_AesGcmEncryptDmaResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                                       int32_t* out_rc);
int wh_Client_AesGcmEncryptDma(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                               uint16_t ivLen, const void* aad, uint32_t aadLen, const void* in,
                               uint32_t len, void* out, uint8_t* tag, uint16_t tagLen,
                               int32_t* out_rc);

/* Decrypt len bytes at in to len bytes at out (as for encryption) with keyId (usage
 * DECRYPT), checking tagLen bytes of tag (inline): rc WH_ERROR_AUTH if it does not verify,
 * and then out is untouched; no plaintext leaves the HSM before the tag is checked. */
int wh_Client_AesGcmDecryptDmaRequest(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                                      uint16_t ivLen, const void* aad, uint32_t aadLen,
                                      const void* in, uint32_t len, void* out, const uint8_t* tag,
                                      uint16_t tagLen);
int wh_Client_AesGcmDecryptDmaResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_AesGcmDecryptDma(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                               uint16_t ivLen, const void* aad, uint32_t aadLen, const void* in,
                               uint32_t len, void* out, const uint8_t* tag, uint16_t tagLen,
                               int32_t* out_rc);

/* ---- Signature verification of a message in host memory ---- */

/* Verify sig (sigLen bytes, inline) over msgLen bytes at msg (any length: a firmware image)
 * with the key keyId (usage VERIFY) or, keyId 0, the inline public key pub (formats and
 * checks as wh_Client_VerifyRequest). alg WH_CRYPTO_ED25519: over the message itself, hash 0.
 * alg WH_CRYPTO_ECDSA_P256: over the message's hash, which the HSM computes with hash
 * (WH_CRYPTO_SHA256, SHA384 or SHA512; else WH_ERROR_BADALG). rc WH_ERROR_OK if the signature
 * verifies, WH_ERROR_AUTH if it does not. LMS: by mailbox only (WH_ERROR_BADALG here). */
int wh_Client_VerifyDmaRequest(whClientContext* c, uint16_t alg, uint16_t hash, uint16_t keyId,
                               const uint8_t* pub, uint16_t pubLen, const uint8_t* sig,
                               uint16_t sigLen, const void* msg, uint32_t msgLen);
int wh_Client_VerifyDmaResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_VerifyDma(whClientContext* c, uint16_t alg, uint16_t hash, uint16_t keyId,
                        const uint8_t* pub, uint16_t pubLen, const uint8_t* sig, uint16_t sigLen,
                        const void* msg, uint32_t msgLen, int32_t* out_rc);

/* ---- NVM object data in host memory ---- */

/* Add or replace object id (as wh_Client_NvmAddObject) with len bytes at data (len at most
 * WOLFHSM_CFG_SERVER_DMA_MAX, else WH_ERROR_BADARGS). */
int wh_Client_NvmAddObjectDmaRequest(whClientContext* c, uint16_t id, uint16_t access,
                                     uint16_t flags, uint16_t labelLen, const uint8_t* label,
                                     const void* data, uint16_t len);
int wh_Client_NvmAddObjectDmaResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_NvmAddObjectDma(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                              uint16_t labelLen, const uint8_t* label, const void* data,
                              uint16_t len, int32_t* out_rc);

/* Read len bytes (at most WOLFHSM_CFG_SERVER_DMA_MAX) at offset of object id into data, which
 * the HSM writes only when the read succeeded (rc WH_ERROR_BADARGS for a range outside the
 * object). The Response returns the bytes read in *out_len (may be NULL). */
int wh_Client_NvmReadDmaRequest(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len,
                                void* data);
int wh_Client_NvmReadDmaResponse(whClientContext* c, uint16_t* out_len, int32_t* out_rc);
int wh_Client_NvmReadDma(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len, void* data,
                         uint16_t* out_len, int32_t* out_rc);

#endif /* !WOLFHSM_WH_CLIENT_DMA_H_ */
