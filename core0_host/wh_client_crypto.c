/*
 * wh_client_crypto.c: the CRYPTO group (see wolfhsm/wh_client_crypto.h): the responses every
 * action shares, and the RNG. Digests, MACs, AES and HKDF are in wh_client_crypto_sym.c, key
 * pairs, signatures and shared secrets in wh_client_crypto_pk.c.
 */
#include "wh_client_crypto_internal.h"

int wh_Client_CryptoRecvOut(whClientContext* c, uint8_t* out, uint16_t* inout_len, uint8_t* tag,
                            uint16_t* inout_tagLen, int32_t* out_rc)
{
    whMessageCryptoOutResponse r;
    const uint16_t             cap    = (inout_len != NULL) ? *inout_len : 0u;
    const uint16_t             tagCap = (inout_tagLen != NULL) ? *inout_tagLen : 0u;
    uint16_t                   size;
    int32_t                    rc;
    int                        ret;

    if (!BUF_OK(out, cap) || !BUF_OK(tag, tagCap)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageCrypto_TranslateOutResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        if ((size_t)size - sizeof(r) < (size_t)r.len + r.tagLen) {
            return WH_ERROR_TRUNCATED;
        }
        if ((r.len > cap) || (r.tagLen > tagCap)) {
            return WH_ERROR_BUFFER_SIZE;
        }
        if (r.len > 0) {
            memcpy(out, wh_Client_Data(c) + sizeof(r), r.len);
        }
        if (r.tagLen > 0) {
            memcpy(tag, wh_Client_Data(c) + sizeof(r) + r.len, r.tagLen);
        }
        WH_CLIENT_SET(inout_len, r.len);
        WH_CLIENT_SET(inout_tagLen, r.tagLen);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_CryptoRecvKey(whClientContext* c, uint16_t* out_keyId, uint8_t* pub,
                            uint16_t* inout_pubLen, int32_t* out_rc)
{
    whMessageCryptoKeyResponse r;
    const int                  skipPub = (pub == NULL) && (inout_pubLen == NULL);
    const uint16_t             cap     = (inout_pubLen != NULL) ? *inout_pubLen : 0u;
    uint16_t                   size;
    int32_t                    rc;
    int                        ret;

    if (!BUF_OK(pub, cap)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageCrypto_TranslateKeyResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        if ((size_t)size - sizeof(r) < r.pubLen) {
            return WH_ERROR_TRUNCATED;
        }
        if (!skipPub) {
            if (r.pubLen > cap) {
                return WH_ERROR_BUFFER_SIZE;
            }
            if (r.pubLen > 0) {
                memcpy(pub, wh_Client_Data(c) + sizeof(r), r.pubLen);
            }
            WH_CLIENT_SET(inout_pubLen, r.pubLen);
        }
        WH_CLIENT_SET(out_keyId, r.keyId);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

/* ---- RNG ---- */

int wh_Client_RngGenerateRequest(whClientContext* c, uint16_t len)
{
    const whMessageCryptoRngRequest q = {.len = len};

    if ((c == NULL) || (len > WH_CLIENT_RNG_MAX_LEN)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateRngRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, CRYPTO_KIND(RNG), sizeof(q));
}

int wh_Client_RngGenerateResponse(whClientContext* c, uint8_t* out, uint16_t* inout_len,
                                  int32_t* out_rc)
{
    if (inout_len == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, out, inout_len, NULL, NULL, out_rc);
}

static int rngOnce(whClientContext* c, uint8_t* out, uint16_t* inout_len, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_RngGenerateRequest(c, *inout_len),
                       wh_Client_RngGenerateResponse(c, out, inout_len, out_rc));
}

int wh_Client_RngGenerate(whClientContext* c, uint8_t* out, uint32_t len, int32_t* out_rc)
{
    int32_t rc  = WH_ERROR_OK;
    int     ret = WH_ERROR_OK;

    if ((c == NULL) || !BUF_OK(out, len)) {
        return WH_ERROR_BADARGS;
    }
    while ((len > 0) && (ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        const uint16_t n   = (len > WH_CLIENT_RNG_MAX_LEN) ? WH_CLIENT_RNG_MAX_LEN : (uint16_t)len;
        uint16_t       got = n;

        ret = rngOnce(c, out, &got, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (got != n)) {
            ret = WH_ERROR_TRUNCATED;
        }
        out += n;
        len -= n;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_RngSeedRequest(whClientContext* c, const uint8_t* seed, uint16_t len)
{
    const whMessageCryptoRngRequest q = {.len = len};

    if ((c == NULL) || (seed == NULL) || (len == 0) || (len > WH_CRYPTO_RNG_SEED_MAX)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateRngRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    memcpy(wh_Client_Data(c) + sizeof(q), seed, len);
    return wh_Client_SendRequest(c, CRYPTO_KIND(RNG_SEED), (uint16_t)(sizeof(q) + len));
}

int wh_Client_RngSeedResponse(whClientContext* c, int32_t* out_rc)
{
    uint16_t none = 0;

    return wh_Client_CryptoRecvOut(c, NULL, &none, NULL, NULL, out_rc);
}

static int seedOnce(whClientContext* c, const uint8_t* seed, uint16_t len, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_RngSeedRequest(c, seed, len),
                       wh_Client_RngSeedResponse(c, out_rc));
}

int wh_Client_RngSeed(whClientContext* c, const uint8_t* seed, uint32_t len, int32_t* out_rc)
{
    int32_t rc  = WH_ERROR_OK;
    int     ret = WH_ERROR_OK;

    if ((c == NULL) || (seed == NULL) || (len == 0)) {
        return WH_ERROR_BADARGS;
    }
    while ((len > 0) && (ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        const uint16_t n = (len > WH_CRYPTO_RNG_SEED_MAX) ? WH_CRYPTO_RNG_SEED_MAX : (uint16_t)len;

        ret = seedOnce(c, seed, n, &rc);
        seed += n;
        len -= n;
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}
