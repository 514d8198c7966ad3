/*
 * wh_client_dma.c: requests by address (see wolfhsm/wh_client_dma.h): digests and MACs,
 * AES-GCM and signature checks over host buffers (CRYPTO group), NVM object data (NVM group).
 * Buffers travel as the client's own pointers, zero-extended to 64 bits.
 */
#include "wolfhsm/wh_client_dma.h"

#include "wh_client_crypto_internal.h"
#include "wolfhsm/wh_message_nvm.h"

#define NVM_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_##action)

static uint64_t addrOf(const void* p)
{
    return (uint64_t)(uintptr_t)p;
}

/* ---- Digests and MACs ---- */

int wh_Client_DigestDmaRequest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                               const void* data, uint32_t len, const uint8_t* tag, uint16_t tagLen)
{
    const whMessageCryptoDigestDmaRequest q   = {.addr   = addrOf(data),
                                                 .len    = len,
                                                 .alg    = alg,
                                                 .step   = step,
                                                 .keyId  = keyId,
                                                 .tagLen = tagLen};
    size_t                                pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(data, len) || !BUF_OK(tag, tagLen) ||
        (tagLen > WH_CRYPTO_MAX_DIGEST)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateDigestDmaRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, tag, tagLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(DIGEST_DMA), (uint16_t)pos);
}

int wh_Client_DigestDmaResponse(whClientContext* c, uint8_t* out, uint16_t* inout_outLen,
                                int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, out, inout_outLen, NULL, NULL, out_rc);
}

int wh_Client_DigestDma(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                        const void* data, uint32_t len, const uint8_t* tag, uint16_t tagLen,
                        uint8_t* out, uint16_t* inout_outLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_DigestDmaRequest(c, alg, step, keyId, data, len, tag, tagLen),
                       wh_Client_DigestDmaResponse(c, out, inout_outLen, out_rc));
}

int wh_Client_Sha256DmaRequest(whClientContext* c, const void* data, uint32_t len)
{
    return wh_Client_DigestDmaRequest(c, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, data, len,
                                      NULL, 0);
}

/* A response whose output must be exactly size bytes: into out, or nothing. */
static int recvExact(whClientContext* c, uint8_t* out, uint16_t size, int32_t* out_rc)
{
    uint8_t  buf[WH_CRYPTO_MAX_DIGEST];
    uint16_t got = sizeof(buf);
    int32_t  rc  = WH_ERROR_OK;
    int      ret;

    if (out == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_CryptoRecvOut(c, buf, &got, NULL, NULL, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        if (got != size) {
            ret = WH_ERROR_TRUNCATED;
        }
        else {
            memcpy(out, buf, size);
        }
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_Sha256DmaResponse(whClientContext* c, uint8_t* out, int32_t* out_rc)
{
    return recvExact(c, out, WH_CLIENT_SHA256_LEN, out_rc);
}

int wh_Client_Sha256Dma(whClientContext* c, const void* data, uint32_t len, uint8_t* out,
                        int32_t* out_rc)
{
    if (out == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c, wh_Client_Sha256DmaRequest(c, data, len),
                       wh_Client_Sha256DmaResponse(c, out, out_rc));
}

int wh_Client_CmacDmaRequest(whClientContext* c, uint16_t keyId, const void* data, uint32_t len)
{
    return wh_Client_DigestDmaRequest(c, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, keyId, data,
                                      len, NULL, 0);
}

int wh_Client_CmacDmaResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                              int32_t* out_rc)
{
    if (inout_tagLen == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, tag, inout_tagLen, NULL, NULL, out_rc);
}

int wh_Client_CmacDma(whClientContext* c, uint16_t keyId, const void* data, uint32_t len,
                      uint8_t* tag, uint16_t* inout_tagLen, int32_t* out_rc)
{
    if (inout_tagLen == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c, wh_Client_CmacDmaRequest(c, keyId, data, len),
                       wh_Client_CmacDmaResponse(c, tag, inout_tagLen, out_rc));
}

int wh_Client_CmacVerifyDmaRequest(whClientContext* c, uint16_t keyId, const void* data,
                                   uint32_t len, const uint8_t* tag, uint16_t tagLen)
{
    if ((tag == NULL) || (tagLen < WH_CRYPTO_MAC_MIN_TAG) || (tagLen > WH_CLIENT_CMAC_LEN)) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_DigestDmaRequest(c, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, keyId, data,
                                      len, tag, tagLen);
}

int wh_Client_CmacVerifyDmaResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, NULL, NULL, NULL, NULL, out_rc);
}

int wh_Client_CmacVerifyDma(whClientContext* c, uint16_t keyId, const void* data, uint32_t len,
                            const uint8_t* tag, uint16_t tagLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_CmacVerifyDmaRequest(c, keyId, data, len, tag, tagLen),
                       wh_Client_CmacVerifyDmaResponse(c, out_rc));
}

/* ---- AES-GCM ---- */

static int gcmDmaRequest(whClientContext* c, uint16_t dir, uint16_t keyId, const uint8_t* iv,
                         uint16_t ivLen, const void* aad, uint32_t aadLen, const void* in,
                         uint32_t len, void* out, const uint8_t* tag, uint16_t tagLen)
{
    const whMessageCryptoGcmDmaRequest q     = {.inAddr  = addrOf(in),
                                                .outAddr = addrOf(out),
                                                .aadAddr = addrOf(aad),
                                                .len     = len,
                                                .aadLen  = aadLen,
                                                .dir     = dir,
                                                .keyId   = keyId,
                                                .ivLen   = ivLen,
                                                .tagLen  = tagLen};
    const uint16_t                     tagIn = (dir == WH_CRYPTO_DECRYPT) ? tagLen : 0u;
    size_t                             pos   = sizeof(q);

    if ((c == NULL) || !BUF_OK(iv, ivLen) || !BUF_OK(aad, aadLen) || !BUF_OK(in, len) ||
        !BUF_OK(out, len) || !BUF_OK(tag, tagIn) ||
        ((size_t)ivLen + tagIn > WOLFHSM_CFG_COMM_DATA_LEN - sizeof(q))) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateGcmDmaRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, iv, ivLen);
    put(wh_Client_Data(c), &pos, tag, tagIn);
    return wh_Client_SendRequest(c, CRYPTO_KIND(GCM_DMA), (uint16_t)pos);
}

int wh_Client_AesGcmEncryptDmaRequest(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                                      uint16_t ivLen, const void* aad, uint32_t aadLen,
                                      const void* in, uint32_t len, void* out, uint16_t tagLen)
{
    return gcmDmaRequest(c, WH_CRYPTO_ENCRYPT, keyId, iv, ivLen, aad, aadLen, in, len, out, NULL,
                         tagLen);
}

int wh_Client_AesGcmEncryptDmaResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                                       int32_t* out_rc)
{
    uint16_t none = 0;

    if (inout_tagLen == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, NULL, &none, tag, inout_tagLen, out_rc);
}

int wh_Client_AesGcmEncryptDma(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                               uint16_t ivLen, const void* aad, uint32_t aadLen, const void* in,
                               uint32_t len, void* out, uint8_t* tag, uint16_t tagLen,
                               int32_t* out_rc)
{
    uint16_t got = tagLen;
    int32_t  rc  = WH_ERROR_OK;
    int      ret;

    if (tag == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_AesGcmEncryptDmaRequest(c, keyId, iv, ivLen, aad, aadLen, in, len, out, tagLen);
    while (ret == WH_ERROR_OK) {
        ret = wh_Client_WaitResponse(c);
        if (ret == WH_ERROR_OK) {
            ret = wh_Client_AesGcmEncryptDmaResponse(c, tag, &got, &rc);
            if (ret != WH_ERROR_NOTREADY) {
                break;
            }
            ret = WH_ERROR_OK;
        }
    }
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (got != tagLen)) {
        ret = WH_ERROR_TRUNCATED;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_AesGcmDecryptDmaRequest(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                                      uint16_t ivLen, const void* aad, uint32_t aadLen,
                                      const void* in, uint32_t len, void* out, const uint8_t* tag,
                                      uint16_t tagLen)
{
    return gcmDmaRequest(c, WH_CRYPTO_DECRYPT, keyId, iv, ivLen, aad, aadLen, in, len, out, tag,
                         tagLen);
}

int wh_Client_AesGcmDecryptDmaResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, NULL, NULL, NULL, NULL, out_rc);
}

int wh_Client_AesGcmDecryptDma(whClientContext* c, uint16_t keyId, const uint8_t* iv,
                               uint16_t ivLen, const void* aad, uint32_t aadLen, const void* in,
                               uint32_t len, void* out, const uint8_t* tag, uint16_t tagLen,
                               int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_AesGcmDecryptDmaRequest(c, keyId, iv, ivLen, aad, aadLen, in, len,
                                                         out, tag, tagLen),
                       wh_Client_AesGcmDecryptDmaResponse(c, out_rc));
}

/* ---- Signatures ---- */

int wh_Client_VerifyDmaRequest(whClientContext* c, uint16_t alg, uint16_t hash, uint16_t keyId,
                               const uint8_t* pub, uint16_t pubLen, const uint8_t* sig,
                               uint16_t sigLen, const void* msg, uint32_t msgLen)
{
    const whMessageCryptoVerifyDmaRequest q   = {.msgAddr = addrOf(msg),
                                                 .msgLen  = msgLen,
                                                 .alg     = alg,
                                                 .hash    = hash,
                                                 .keyId   = keyId,
                                                 .pubLen  = pubLen,
                                                 .sigLen  = sigLen};
    size_t                                pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(pub, pubLen) || !BUF_OK(sig, sigLen) || !BUF_OK(msg, msgLen) ||
        ((size_t)pubLen + sigLen > WOLFHSM_CFG_COMM_DATA_LEN - sizeof(q))) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateVerifyDmaRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, pub, pubLen);
    put(wh_Client_Data(c), &pos, sig, sigLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(VERIFY_DMA), (uint16_t)pos);
}

int wh_Client_VerifyDmaResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, NULL, NULL, NULL, NULL, out_rc);
}

int wh_Client_VerifyDma(whClientContext* c, uint16_t alg, uint16_t hash, uint16_t keyId,
                        const uint8_t* pub, uint16_t pubLen, const uint8_t* sig, uint16_t sigLen,
                        const void* msg, uint32_t msgLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_VerifyDmaRequest(c, alg, hash, keyId, pub, pubLen, sig, sigLen,
                                                  msg, msgLen),
                       wh_Client_VerifyDmaResponse(c, out_rc));
}

/* ---- NVM ---- */

int wh_Client_NvmAddObjectDmaRequest(whClientContext* c, uint16_t id, uint16_t access,
                                     uint16_t flags, uint16_t labelLen, const uint8_t* label,
                                     const void* data, uint16_t len)
{
    whMessageNvmAddObjectDmaRequest q = {
        .addr = addrOf(data), .id = id, .access = access, .flags = flags, .len = len};

    if ((c == NULL) || !BUF_OK(data, len) || (labelLen > sizeof(q.label)) ||
        !BUF_OK(label, labelLen)) {
        return WH_ERROR_BADARGS;
    }
    if (labelLen > 0) {
        memcpy(q.label, label, labelLen);
    }
    wh_MessageNvm_TranslateAddObjectDmaRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, NVM_KIND(ADDOBJECT_DMA), sizeof(q));
}

int wh_Client_NvmAddObjectDmaResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_NvmAddObjectDma(whClientContext* c, uint16_t id, uint16_t access, uint16_t flags,
                              uint16_t labelLen, const uint8_t* label, const void* data,
                              uint16_t len, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_NvmAddObjectDmaRequest(c, id, access, flags, labelLen, label, data,
                                                        len),
                       wh_Client_NvmAddObjectDmaResponse(c, out_rc));
}

int wh_Client_NvmReadDmaRequest(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len,
                                void* data)
{
    const whMessageNvmReadDmaRequest q = {.addr   = addrOf(data),
                                          .id     = id,
                                          .offset = offset,
                                          .len    = len};

    if ((c == NULL) || !BUF_OK(data, len)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageNvm_TranslateReadDmaRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, NVM_KIND(READ_DMA), sizeof(q));
}

int wh_Client_NvmReadDmaResponse(whClientContext* c, uint16_t* out_len, int32_t* out_rc)
{
    whMessageNvmReadResponse r;
    int32_t                  rc;
    int                      ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageNvm_TranslateReadResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_len, r.len);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_NvmReadDma(whClientContext* c, uint16_t id, uint16_t offset, uint16_t len, void* data,
                         uint16_t* out_len, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_NvmReadDmaRequest(c, id, offset, len, data),
                       wh_Client_NvmReadDmaResponse(c, out_len, out_rc));
}
