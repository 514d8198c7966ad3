/*
 * wh_client_crypto_sym.c: the CRYPTO group's symmetric calls (see wolfhsm/wh_client_crypto.h):
 * digests and MACs one shot or streamed, AES, and HKDF into a key the HSM keeps.
 */
#include "wh_client_crypto_internal.h"
#include "wolfhsm/wh_utils.h"

/* ---- Digests ---- */

int wh_Client_DigestRequest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                            const uint8_t* data, uint16_t dataLen, const uint8_t* tag,
                            uint16_t tagLen)
{
    const whMessageCryptoDigestRequest q = {
        .alg = alg, .step = step, .keyId = keyId, .tagLen = tagLen, .dataLen = dataLen};
    size_t pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(data, dataLen) || !BUF_OK(tag, tagLen) ||
        ((uint32_t)dataLen + tagLen > WH_CLIENT_DIGEST_MAX_DATA)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateDigestRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, data, dataLen);
    put(wh_Client_Data(c), &pos, tag, tagLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(DIGEST), (uint16_t)pos);
}

int wh_Client_DigestResponse(whClientContext* c, uint8_t* out, uint16_t* inout_outLen,
                             int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, out, inout_outLen, NULL, NULL, out_rc);
}

int wh_Client_Digest(whClientContext* c, uint16_t alg, uint16_t step, uint16_t keyId,
                     const uint8_t* data, uint16_t dataLen, const uint8_t* tag, uint16_t tagLen,
                     uint8_t* out, uint16_t* inout_outLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_DigestRequest(c, alg, step, keyId, data, dataLen, tag, tagLen),
                       wh_Client_DigestResponse(c, out, inout_outLen, out_rc));
}

/* Digest of any length: ONESHOT when it fits, else INIT with the first message's worth,
 * UPDATE, and FINAL with the rest (1..WH_CLIENT_DIGEST_MAX_DATA bytes). */
static int digestAny(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* data,
                     uint32_t len, uint8_t* out, uint16_t* inout_outLen, int32_t* out_rc)
{
    const uint16_t max  = WH_CLIENT_DIGEST_MAX_DATA;
    uint16_t       step = WH_CRYPTO_STEP_INIT;

    if ((c == NULL) || !BUF_OK(data, len)) {
        return WH_ERROR_BADARGS;
    }
    if (len <= max) {
        return wh_Client_Digest(c, alg, WH_CRYPTO_STEP_ONESHOT, keyId, data, (uint16_t)len, NULL, 0,
                                out, inout_outLen, out_rc);
    }
    while (len > max) {
        uint16_t none = 0;
        int32_t  rc   = WH_ERROR_OK;
        int      ret  = wh_Client_Digest(c, alg, step, keyId, data, max, NULL, 0, NULL, &none, &rc);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (rc != WH_ERROR_OK) {
            WH_CLIENT_SET(out_rc, rc);
            return WH_ERROR_OK;
        }
        data += max;
        len -= max;
        step = WH_CRYPTO_STEP_UPDATE;
    }
    return wh_Client_Digest(c, alg, WH_CRYPTO_STEP_FINAL, keyId, data, (uint16_t)len, NULL, 0, out,
                            inout_outLen, out_rc);
}

/* A digest of known size: out receives exactly size bytes, or nothing. */
static int digestFixed(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* data,
                       uint32_t len, uint8_t* out, uint16_t size, int32_t* out_rc)
{
    uint8_t  buf[WH_CRYPTO_MAX_DIGEST];
    uint16_t got = sizeof(buf);
    int32_t  rc  = WH_ERROR_OK;
    int      ret;

    if (out == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = digestAny(c, alg, keyId, data, len, buf, &got, &rc);
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
    wh_Utils_ForceZero(buf, sizeof(buf));
    return ret;
}

int wh_Client_Sha256(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc)
{
    return digestFixed(c, WH_CRYPTO_SHA256, 0, data, len, out, WH_CLIENT_SHA256_LEN, out_rc);
}

int wh_Client_Sha384(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc)
{
    return digestFixed(c, WH_CRYPTO_SHA384, 0, data, len, out, WH_CLIENT_SHA384_LEN, out_rc);
}

int wh_Client_Sha512(whClientContext* c, const uint8_t* data, uint32_t len, uint8_t* out,
                     int32_t* out_rc)
{
    return digestFixed(c, WH_CRYPTO_SHA512, 0, data, len, out, WH_CLIENT_SHA512_LEN, out_rc);
}

int wh_Client_Hmac(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* data,
                   uint32_t len, uint8_t* out, uint16_t* inout_len, int32_t* out_rc)
{
    if (inout_len == NULL) {
        return WH_ERROR_BADARGS;
    }
    return digestAny(c, alg, keyId, data, len, out, inout_len, out_rc);
}

int wh_Client_CmacGenerate(whClientContext* c, uint16_t keyId, const uint8_t* data, uint32_t len,
                           uint8_t* tag, uint16_t* inout_tagLen, int32_t* out_rc)
{
    if (inout_tagLen == NULL) {
        return WH_ERROR_BADARGS;
    }
    return digestAny(c, WH_CRYPTO_CMAC_AES, keyId, data, len, tag, inout_tagLen, out_rc);
}

int wh_Client_CmacVerify(whClientContext* c, uint16_t keyId, const uint8_t* data, uint32_t len,
                         const uint8_t* tag, uint16_t tagLen, int32_t* out_rc)
{
    uint8_t  mac[WH_CLIENT_CMAC_LEN];
    uint16_t macLen = sizeof(mac);
    int32_t  rc     = WH_ERROR_OK;
    int      ret;

    if ((c == NULL) || (tag == NULL) || (tagLen < WH_CRYPTO_MAC_MIN_TAG) ||
        (tagLen > WH_CLIENT_CMAC_LEN) || !BUF_OK(data, len)) {
        return WH_ERROR_BADARGS;
    }
    if (len + tagLen <= WH_CLIENT_DIGEST_MAX_DATA) {
        return wh_Client_Digest(c, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, keyId, data,
                                (uint16_t)len, tag, tagLen, NULL, NULL, out_rc);
    }
    ret = digestAny(c, WH_CRYPTO_CMAC_AES, keyId, data, len, mac, &macLen, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        if (macLen != WH_CLIENT_CMAC_LEN) {
            ret = WH_ERROR_TRUNCATED;
        }
        else if (wh_Utils_ConstantCompare(mac, tag, tagLen) != 0) {
            rc = WH_ERROR_AUTH;
        }
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    wh_Utils_ForceZero(mac, sizeof(mac));
    return ret;
}

/* ---- The MAC fast path ---- */

static int macRequest(whClientContext* c, uint16_t action, uint16_t alg, uint16_t keyId,
                      const uint8_t* msg, uint16_t msgLen, const uint8_t* tag, uint16_t tagBits)
{
    const whMessageCryptoMacRequest q        = {.alg     = alg,
                                                .keyId   = keyId,
                                                .tagBits = tagBits,
                                                .msgLen  = msgLen};
    const uint16_t                  tagBytes = (tag != NULL) ? (uint16_t)((tagBits + 7u) / 8u) : 0u;
    size_t                          pos      = sizeof(q);

    if ((c == NULL) || !BUF_OK(msg, msgLen) ||
        ((action == WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY) && (tag == NULL) && (tagBits > 0u)) ||
        (sizeof(q) + (uint32_t)msgLen + tagBytes > WOLFHSM_CFG_COMM_DATA_LEN)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateMacRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, msg, msgLen);
    put(wh_Client_Data(c), &pos, tag, tagBytes);
    return wh_Client_SendRequest(c, WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO, action),
                                 (uint16_t)pos);
}

int wh_Client_MacGenerateRequest(whClientContext* c, uint16_t alg, uint16_t keyId,
                                 const uint8_t* msg, uint16_t msgLen, uint16_t tagBits)
{
    return macRequest(c, WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE, alg, keyId, msg, msgLen, NULL,
                      tagBits);
}

int wh_Client_MacGenerateResponse(whClientContext* c, uint8_t* tag, uint16_t* inout_tagLen,
                                  int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, tag, inout_tagLen, NULL, NULL, out_rc);
}

int wh_Client_MacGenerate(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                          uint16_t msgLen, uint16_t tagBits, uint8_t* tag, uint16_t* inout_tagLen,
                          int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_MacGenerateRequest(c, alg, keyId, msg, msgLen, tagBits),
                       wh_Client_MacGenerateResponse(c, tag, inout_tagLen, out_rc));
}

int wh_Client_MacVerifyRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                               uint16_t msgLen, const uint8_t* tag, uint16_t tagBits)
{
    return macRequest(c, WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY, alg, keyId, msg, msgLen, tag,
                      tagBits);
}

int wh_Client_MacVerifyResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, NULL, NULL, NULL, NULL, out_rc);
}

int wh_Client_MacVerify(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                        uint16_t msgLen, const uint8_t* tag, uint16_t tagBits, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_MacVerifyRequest(c, alg, keyId, msg, msgLen, tag, tagBits),
                       wh_Client_MacVerifyResponse(c, out_rc));
}

/* ---- AES ---- */

int wh_Client_CipherStepRequest(whClientContext* c, uint16_t step, uint16_t mode, uint16_t dir,
                                uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                                const uint8_t* aad, uint16_t aadLen, const uint8_t* in,
                                uint16_t len, const uint8_t* tag, uint16_t tagLen)
{
    const whMessageCryptoCipherRequest q = {.mode    = mode,
                                            .dir     = dir,
                                            .keyId   = keyId,
                                            .ivLen   = ivLen,
                                            .aadLen  = aadLen,
                                            .tagLen  = tagLen,
                                            .dataLen = len,
                                            .step    = step};
    /* The tag travels with a decrypt request and comes back from an encrypt one. */
    const uint16_t tagIn  = (dir == WH_CRYPTO_DECRYPT) ? tagLen : 0u;
    const uint16_t tagOut = (dir == WH_CRYPTO_DECRYPT) ? 0u : tagLen;
    size_t         pos    = sizeof(q);

    if ((c == NULL) || !BUF_OK(iv, ivLen) || !BUF_OK(aad, aadLen) || !BUF_OK(in, len) ||
        !BUF_OK(tag, tagIn) ||
        ((uint32_t)ivLen + aadLen + len + tagIn > WH_CLIENT_CIPHER_MAX_PARTS) ||
        ((uint32_t)len + tagOut > WH_CLIENT_CRYPTO_OUT_MAX)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateCipherRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, iv, ivLen);
    put(wh_Client_Data(c), &pos, aad, aadLen);
    put(wh_Client_Data(c), &pos, in, len);
    put(wh_Client_Data(c), &pos, tag, tagIn);
    return wh_Client_SendRequest(c, CRYPTO_KIND(CIPHER), (uint16_t)pos);
}

int wh_Client_CipherRequest(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                            const uint8_t* iv, uint16_t ivLen, const uint8_t* aad, uint16_t aadLen,
                            const uint8_t* in, uint16_t len, const uint8_t* tag, uint16_t tagLen)
{
    return wh_Client_CipherStepRequest(c, WH_CRYPTO_STEP_ONESHOT, mode, dir, keyId, iv, ivLen, aad,
                                       aadLen, in, len, tag, tagLen);
}

int wh_Client_CipherResponse(whClientContext* c, uint8_t* out, uint16_t* inout_len, uint8_t* tag,
                             uint16_t* inout_tagLen, int32_t* out_rc)
{
    if (inout_len == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, out, inout_len, tag, inout_tagLen, out_rc);
}

int wh_Client_Cipher(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                     const uint8_t* iv, uint16_t ivLen, const uint8_t* aad, uint16_t aadLen,
                     const uint8_t* in, uint16_t len, const uint8_t* tag, uint16_t tagLen,
                     uint8_t* out, uint16_t* inout_len, uint8_t* outTag, uint16_t* inout_outTagLen,
                     int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_CipherRequest(c, mode, dir, keyId, iv, ivLen, aad, aadLen, in, len,
                                               tag, tagLen),
                       wh_Client_CipherResponse(c, out, inout_len, outTag, inout_outTagLen,
                                                out_rc));
}

/* Add blocks to a 128-bit big-endian counter block. */
static void ctrAdd(uint8_t* ctr, uint32_t blocks)
{
    uint32_t carry = blocks;
    int      i;

    for (i = WH_CLIENT_AES_BLOCK - 1; (i >= 0) && (carry != 0); i--) {
        carry += ctr[i];
        ctr[i] = (uint8_t)carry;
        carry >>= 8;
    }
}

/* One cipher message whose output must be exactly len bytes. */
static int cipherExact(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                       const uint8_t* iv, uint16_t ivLen, const uint8_t* in, uint16_t len,
                       uint8_t* out, int32_t* rc)
{
    uint16_t got = len;
    int ret = wh_Client_Cipher(c, mode, dir, keyId, iv, ivLen, NULL, 0, in, len, NULL, 0, out, &got,
                               NULL, NULL, rc);

    if ((ret == WH_ERROR_OK) && (*rc == WH_ERROR_OK) && (got != len)) {
        ret = WH_ERROR_TRUNCATED;
    }
    return ret;
}

int wh_Client_AesCipher(whClientContext* c, uint16_t mode, uint16_t dir, uint16_t keyId,
                        const uint8_t* iv, uint16_t ivLen, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc)
{
    uint8_t   chain[WH_CLIENT_AES_BLOCK];
    uint8_t   next[WH_CLIENT_AES_BLOCK] = {0};
    uint32_t  room;
    int32_t   rc      = WH_ERROR_OK;
    int       ret     = WH_ERROR_OK;
    const int chained = (mode == WH_CRYPTO_AES_ECB) || (mode == WH_CRYPTO_AES_CBC) ||
                        (mode == WH_CRYPTO_AES_CTR);

    if ((c == NULL) || !BUF_OK(iv, ivLen) || !BUF_OK(in, len) || !BUF_OK(out, len) ||
        (ivLen > WH_CLIENT_CIPHER_MAX_PARTS)) {
        return WH_ERROR_BADARGS;
    }
    /* Whole blocks per message: room for the IV in the request, the data in both. */
    room = (uint32_t)WH_CLIENT_CIPHER_MAX_PARTS - ivLen;
    if (room > WH_CLIENT_CRYPTO_OUT_MAX) {
        room = WH_CLIENT_CRYPTO_OUT_MAX;
    }
    room -= room % WH_CLIENT_AES_BLOCK;

    if (!chained || (len <= room)) {
        if (len > 0xFFFFu) {
            return WH_ERROR_BADARGS;
        }
        ret = cipherExact(c, mode, dir, keyId, iv, ivLen, in, (uint16_t)len, out, &rc);
        if (ret == WH_ERROR_OK) {
            WH_CLIENT_SET(out_rc, rc);
        }
        return ret;
    }
    if ((room == 0) || ((mode != WH_CRYPTO_AES_ECB) && (ivLen != WH_CLIENT_AES_BLOCK))) {
        return WH_ERROR_BADARGS;
    }
    if (ivLen > 0) {
        memcpy(chain, iv, WH_CLIENT_AES_BLOCK);
    }
    while (len > 0) {
        const uint16_t n = (len > room) ? (uint16_t)room : (uint16_t)len;

        /* CBC decrypt chains on the last ciphertext block: keep it before out (which may
         * be in) is overwritten. */
        if ((mode == WH_CRYPTO_AES_CBC) && (dir == WH_CRYPTO_DECRYPT) &&
            (n >= WH_CLIENT_AES_BLOCK)) {
            memcpy(next, in + n - WH_CLIENT_AES_BLOCK, WH_CLIENT_AES_BLOCK);
        }
        ret = cipherExact(c, mode, dir, keyId, (ivLen > 0) ? chain : NULL, ivLen, in, n, out, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            break;
        }
        if ((mode == WH_CRYPTO_AES_CBC) && (dir != WH_CRYPTO_DECRYPT) &&
            (n >= WH_CLIENT_AES_BLOCK)) {
            memcpy(next, out + n - WH_CLIENT_AES_BLOCK, WH_CLIENT_AES_BLOCK);
        }
        if (mode == WH_CRYPTO_AES_CBC) {
            memcpy(chain, next, WH_CLIENT_AES_BLOCK);
        }
        else if (mode == WH_CRYPTO_AES_CTR) {
            ctrAdd(chain, n / WH_CLIENT_AES_BLOCK);
        }
        in += n;
        out += n;
        len -= n;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

/* One blocking step of a streamed GCM encryption: len bytes of out, and the tag at FINAL. */
static int gcmStep(whClientContext* c, uint16_t step, uint16_t keyId, const uint8_t* iv,
                   uint16_t ivLen, const uint8_t* aad, uint16_t aadLen, const uint8_t* in,
                   uint16_t len, uint8_t* out, uint8_t* tag, uint16_t tagLen, int32_t* out_rc)
{
    uint16_t outLen    = len;
    uint16_t outTagLen = (step == WH_CRYPTO_STEP_FINAL) ? tagLen : 0u;
    uint16_t wireTag   = (step == WH_CRYPTO_STEP_FINAL) ? tagLen : 0u;
    int      ret;

    WH_CLIENT_SET(out_rc, WH_ERROR_OK);
    ret = wh_Client_CipherStepRequest(c, step, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, keyId, iv,
                                      ivLen, aad, aadLen, in, len, NULL, wireTag);
    while (ret == WH_ERROR_OK) {
        ret = wh_Client_WaitResponse(c);
        if (ret == WH_ERROR_OK) {
            ret = wh_Client_CipherResponse(c, out, &outLen, tag, &outTagLen, out_rc);
            if (ret != WH_ERROR_NOTREADY) {
                break;
            }
            ret = WH_ERROR_OK;
        }
    }
    if ((ret == WH_ERROR_OK) && (*out_rc == WH_ERROR_OK) &&
        ((outLen != len) || (outTagLen != wireTag))) {
        ret = WH_ERROR_TRUNCATED;
    }
    return ret;
}

/* GCM encryption longer than one message: INIT with the IV and all the AAD, UPDATEs, FINAL
 * with the tag. */
static int gcmEncryptStreamed(whClientContext* c, uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                              const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                              uint8_t* out, uint8_t* tag, uint16_t tagLen, int32_t* out_rc)
{
    const uint16_t chunk = (uint16_t)(WH_CLIENT_CRYPTO_OUT_MAX - 16u) & (uint16_t)~15u;
    uint16_t       first;
    uint16_t       done;
    int32_t        rc = WH_ERROR_OK;
    int            ret;

    if ((uint32_t)ivLen + aadLen >= WH_CLIENT_CIPHER_MAX_PARTS) {
        return WH_ERROR_BADARGS;
    }
    first = (uint16_t)(WH_CLIENT_CIPHER_MAX_PARTS - ivLen - aadLen);
    first = (first < chunk) ? first : chunk;
    first = (first < len) ? first : len;
    ret   = gcmStep(c, WH_CRYPTO_STEP_INIT, keyId, iv, ivLen, aad, aadLen, in, first, out, NULL, 0,
                    &rc);
    for (done = first; (ret == WH_ERROR_OK) && (rc == WH_ERROR_OK); done += first) {
        uint16_t left = (uint16_t)(len - done);
        uint16_t step = (left <= chunk) ? WH_CRYPTO_STEP_FINAL : WH_CRYPTO_STEP_UPDATE;
        first         = (left <= chunk) ? left : chunk;
        ret = gcmStep(c, step, 0, NULL, 0, NULL, 0, in + done, first, out + done, tag, tagLen, &rc);
        if (step == WH_CRYPTO_STEP_FINAL) {
            break;
        }
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_AesGcmEncrypt(whClientContext* c, uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                            const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                            uint8_t* out, uint8_t* tag, uint16_t tagLen, int32_t* out_rc)
{
    uint16_t outLen    = len;
    uint16_t outTagLen = tagLen;
    int32_t  rc        = WH_ERROR_OK;
    int      ret;

    if ((c == NULL) || (tag == NULL) || ((in == NULL) && (len > 0)) ||
        ((out == NULL) && (len > 0))) {
        return WH_ERROR_BADARGS;
    }
    if (((uint32_t)ivLen + aadLen + len > WH_CLIENT_CIPHER_MAX_PARTS) ||
        ((uint32_t)len + tagLen > WH_CLIENT_CRYPTO_OUT_MAX)) {
        return gcmEncryptStreamed(c, keyId, iv, ivLen, aad, aadLen, in, len, out, tag, tagLen,
                                  out_rc);
    }
    ret = wh_Client_Cipher(c, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, keyId, iv, ivLen, aad, aadLen,
                           in, len, NULL, tagLen, out, &outLen, tag, &outTagLen, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && ((outLen != len) || (outTagLen != tagLen))) {
        ret = WH_ERROR_TRUNCATED;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_AesGcmDecrypt(whClientContext* c, uint16_t keyId, const uint8_t* iv, uint16_t ivLen,
                            const uint8_t* aad, uint16_t aadLen, const uint8_t* in, uint16_t len,
                            const uint8_t* tag, uint16_t tagLen, uint8_t* out, int32_t* out_rc)
{
    uint16_t outLen = len;
    int32_t  rc     = WH_ERROR_OK;
    int      ret;

    ret = wh_Client_Cipher(c, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, keyId, iv, ivLen, aad, aadLen,
                           in, len, tag, tagLen, out, &outLen, NULL, NULL, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (outLen != len)) {
        ret = WH_ERROR_TRUNCATED;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

/* ---- Keys made inside the HSM ---- */

int wh_Client_HkdfRequest(whClientContext* c, uint16_t hash, uint16_t ikmKeyId, const uint8_t* salt,
                          uint16_t saltLen, const uint8_t* info, uint16_t infoLen, uint16_t outLen,
                          uint16_t outKeyId, uint16_t outFlags, const uint8_t* label,
                          uint16_t labelLen)
{
    whMessageCryptoHkdfRequest q   = {.hash     = hash,
                                      .ikmKeyId = ikmKeyId,
                                      .outLen   = outLen,
                                      .saltLen  = saltLen,
                                      .infoLen  = infoLen};
    size_t                     pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(salt, saltLen) || !BUF_OK(info, infoLen) ||
        ((uint32_t)saltLen + infoLen > WH_CLIENT_HKDF_MAX_PARTS) ||
        (newKey(&q.key, outKeyId, outFlags, label, labelLen) != WH_ERROR_OK)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateHkdfRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, salt, saltLen);
    put(wh_Client_Data(c), &pos, info, infoLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(HKDF), (uint16_t)pos);
}

int wh_Client_HkdfResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc)
{
    return wh_Client_CryptoRecvKey(c, out_keyId, NULL, NULL, out_rc);
}

int wh_Client_Hkdf(whClientContext* c, uint16_t hash, uint16_t ikmKeyId, const uint8_t* salt,
                   uint16_t saltLen, const uint8_t* info, uint16_t infoLen, uint16_t outLen,
                   uint16_t outFlags, const uint8_t* label, uint16_t labelLen,
                   uint16_t* inout_outKeyId, int32_t* out_rc)
{
    if (inout_outKeyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c,
                       wh_Client_HkdfRequest(c, hash, ikmKeyId, salt, saltLen, info, infoLen,
                                             outLen, *inout_outKeyId, outFlags, label, labelLen),
                       wh_Client_HkdfResponse(c, inout_outKeyId, out_rc));
}
