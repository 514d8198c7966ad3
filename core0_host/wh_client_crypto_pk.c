/*
 * wh_client_crypto_pk.c: the CRYPTO group's public-key calls (see wolfhsm/wh_client_crypto.h):
 * key pairs made in the HSM, their public keys, signatures and shared secrets.
 */
#include "wh_client_crypto_internal.h"

int wh_Client_KeyGenerateRequest(whClientContext* c, uint16_t type, uint16_t outKeyId,
                                 uint16_t flags, const uint8_t* label, uint16_t labelLen)
{
    whMessageCryptoKeygenRequest q = {.type = type};

    if ((c == NULL) || (newKey(&q.key, outKeyId, flags, label, labelLen) != WH_ERROR_OK)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateKeygenRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    return wh_Client_SendRequest(c, CRYPTO_KIND(KEYGEN), sizeof(q));
}

int wh_Client_KeyGenerateResponse(whClientContext* c, uint16_t* out_keyId, uint8_t* pub,
                                  uint16_t* inout_pubLen, int32_t* out_rc)
{
    return wh_Client_CryptoRecvKey(c, out_keyId, pub, inout_pubLen, out_rc);
}

int wh_Client_KeyGenerate(whClientContext* c, uint16_t type, uint16_t flags, const uint8_t* label,
                          uint16_t labelLen, uint16_t* inout_keyId, uint8_t* pub,
                          uint16_t* inout_pubLen, int32_t* out_rc)
{
    if (inout_keyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c,
                       wh_Client_KeyGenerateRequest(c, type, *inout_keyId, flags, label, labelLen),
                       wh_Client_KeyGenerateResponse(c, inout_keyId, pub, inout_pubLen, out_rc));
}

int wh_Client_SharedSecretRequest(whClientContext* c, uint16_t keyId, const uint8_t* peerPub,
                                  uint16_t pubLen, uint16_t outKeyId, uint16_t outFlags,
                                  const uint8_t* label, uint16_t labelLen)
{
    whMessageCryptoSharedRequest q   = {.keyId = keyId, .pubLen = pubLen};
    size_t                       pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(peerPub, pubLen) || (pubLen > WH_CLIENT_SHARED_MAX_PUB) ||
        (newKey(&q.key, outKeyId, outFlags, label, labelLen) != WH_ERROR_OK)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateSharedRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, peerPub, pubLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(SHARED), (uint16_t)pos);
}

int wh_Client_SharedSecretResponse(whClientContext* c, uint16_t* out_keyId, int32_t* out_rc)
{
    return wh_Client_CryptoRecvKey(c, out_keyId, NULL, NULL, out_rc);
}

int wh_Client_SharedSecret(whClientContext* c, uint16_t keyId, const uint8_t* peerPub,
                           uint16_t pubLen, uint16_t outFlags, const uint8_t* label,
                           uint16_t labelLen, uint16_t* inout_outKeyId, int32_t* out_rc)
{
    if (inout_outKeyId == NULL) {
        return WH_ERROR_BADARGS;
    }
    WH_CLIENT_BLOCKING(c,
                       wh_Client_SharedSecretRequest(c, keyId, peerPub, pubLen, *inout_outKeyId,
                                                     outFlags, label, labelLen),
                       wh_Client_SharedSecretResponse(c, inout_outKeyId, out_rc));
}

int wh_Client_PublicKeyRequest(whClientContext* c, uint16_t keyId)
{
    return wh_Client_SendIdRequest(c, CRYPTO_KIND(PUBKEY), keyId);
}

int wh_Client_PublicKeyResponse(whClientContext* c, uint8_t* pub, uint16_t* inout_len,
                                int32_t* out_rc)
{
    if (inout_len == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, pub, inout_len, NULL, NULL, out_rc);
}

int wh_Client_PublicKey(whClientContext* c, uint16_t keyId, uint8_t* pub, uint16_t* inout_len,
                        int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_PublicKeyRequest(c, keyId),
                       wh_Client_PublicKeyResponse(c, pub, inout_len, out_rc));
}

/* ---- Signatures ---- */

int wh_Client_SignRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                          uint16_t msgLen)
{
    const whMessageCryptoSignRequest q   = {.alg = alg, .keyId = keyId, .msgLen = msgLen};
    size_t                           pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(msg, msgLen) || (msgLen > WH_CLIENT_SIGN_MAX_MSG)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateSignRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, msg, msgLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(SIGN), (uint16_t)pos);
}

int wh_Client_SignResponse(whClientContext* c, uint8_t* sig, uint16_t* inout_sigLen,
                           int32_t* out_rc)
{
    if (inout_sigLen == NULL) {
        return WH_ERROR_BADARGS;
    }
    return wh_Client_CryptoRecvOut(c, sig, inout_sigLen, NULL, NULL, out_rc);
}

int wh_Client_Sign(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                   uint16_t msgLen, uint8_t* sig, uint16_t* inout_sigLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SignRequest(c, alg, keyId, msg, msgLen),
                       wh_Client_SignResponse(c, sig, inout_sigLen, out_rc));
}

int wh_Client_VerifyRequest(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                            uint16_t pubLen, const uint8_t* sig, uint16_t sigLen,
                            const uint8_t* msg, uint16_t msgLen)
{
    const whMessageCryptoVerifyRequest q = {
        .alg = alg, .keyId = keyId, .pubLen = pubLen, .sigLen = sigLen, .msgLen = msgLen};
    size_t pos = sizeof(q);

    if ((c == NULL) || !BUF_OK(pub, pubLen) || !BUF_OK(sig, sigLen) || !BUF_OK(msg, msgLen) ||
        ((uint32_t)pubLen + sigLen + msgLen > WH_CLIENT_VERIFY_MAX_PARTS)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageCrypto_TranslateVerifyRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    put(wh_Client_Data(c), &pos, pub, pubLen);
    put(wh_Client_Data(c), &pos, sig, sigLen);
    put(wh_Client_Data(c), &pos, msg, msgLen);
    return wh_Client_SendRequest(c, CRYPTO_KIND(VERIFY), (uint16_t)pos);
}

int wh_Client_VerifyResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_CryptoRecvOut(c, NULL, NULL, NULL, NULL, out_rc);
}

int wh_Client_Verify(whClientContext* c, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                     uint16_t pubLen, const uint8_t* sig, uint16_t sigLen, const uint8_t* msg,
                     uint16_t msgLen, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c,
                       wh_Client_VerifyRequest(c, alg, keyId, pub, pubLen, sig, sigLen, msg,
                                               msgLen),
                       wh_Client_VerifyResponse(c, out_rc));
}
