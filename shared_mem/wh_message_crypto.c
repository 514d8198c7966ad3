/*
 * wh_message_crypto.c: byte-order translation of the CRYPTO group's messages.
 *
 * Each function copies through a local struct with memcpy, so a struct is never read
 * through a pointer into a byte buffer (no aliasing or alignment traps), and swaps the
 * fields when the peer's byte order differs (the WH_T* helpers do nothing otherwise).
 */
#include <string.h>

#include "wolfhsm/wh_message_crypto.h"

void wh_MessageCrypto_TranslateRngRequest(uint16_t magic, const whMessageCryptoRngRequest* src,
                                          whMessageCryptoRngRequest* dst)
{
    whMessageCryptoRngRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateOutResponse(uint16_t magic, const whMessageCryptoOutResponse* src,
                                           whMessageCryptoOutResponse* dst)
{
    whMessageCryptoOutResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, len);
    WH_T16(magic, t, tagLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateDigestRequest(uint16_t                            magic,
                                             const whMessageCryptoDigestRequest* src,
                                             whMessageCryptoDigestRequest*       dst)
{
    whMessageCryptoDigestRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, alg);
    WH_T16(magic, t, step);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, tagLen);
    WH_T16(magic, t, dataLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateCipherRequest(uint16_t                            magic,
                                             const whMessageCryptoCipherRequest* src,
                                             whMessageCryptoCipherRequest*       dst)
{
    whMessageCryptoCipherRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, mode);
    WH_T16(magic, t, dir);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, ivLen);
    WH_T16(magic, t, aadLen);
    WH_T16(magic, t, tagLen);
    WH_T16(magic, t, dataLen);
    WH_T16(magic, t, step);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateHkdfRequest(uint16_t magic, const whMessageCryptoHkdfRequest* src,
                                           whMessageCryptoHkdfRequest* dst)
{
    whMessageCryptoHkdfRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, hash);
    WH_T16(magic, t, ikmKeyId);
    WH_T16(magic, t, outLen);
    WH_T16(magic, t, saltLen);
    WH_T16(magic, t, infoLen);
    WH_T16(magic, t, key.outKeyId);
    WH_T16(magic, t, key.outFlags);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateKeygenRequest(uint16_t                            magic,
                                             const whMessageCryptoKeygenRequest* src,
                                             whMessageCryptoKeygenRequest*       dst)
{
    whMessageCryptoKeygenRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, type);
    WH_T16(magic, t, key.outKeyId);
    WH_T16(magic, t, key.outFlags);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateKeyResponse(uint16_t magic, const whMessageCryptoKeyResponse* src,
                                           whMessageCryptoKeyResponse* dst)
{
    whMessageCryptoKeyResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, pubLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateSignRequest(uint16_t magic, const whMessageCryptoSignRequest* src,
                                           whMessageCryptoSignRequest* dst)
{
    whMessageCryptoSignRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, alg);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, msgLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateVerifyRequest(uint16_t                            magic,
                                             const whMessageCryptoVerifyRequest* src,
                                             whMessageCryptoVerifyRequest*       dst)
{
    whMessageCryptoVerifyRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, alg);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, pubLen);
    WH_T16(magic, t, sigLen);
    WH_T16(magic, t, msgLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateSharedRequest(uint16_t                            magic,
                                             const whMessageCryptoSharedRequest* src,
                                             whMessageCryptoSharedRequest*       dst)
{
    whMessageCryptoSharedRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, pubLen);
    WH_T16(magic, t, key.outKeyId);
    WH_T16(magic, t, key.outFlags);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateMacRequest(uint16_t magic, const whMessageCryptoMacRequest* src,
                                          whMessageCryptoMacRequest* dst)
{
    whMessageCryptoMacRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, alg);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, tagBits);
    WH_T16(magic, t, msgLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateDigestDmaRequest(uint16_t                               magic,
                                                const whMessageCryptoDigestDmaRequest* src,
                                                whMessageCryptoDigestDmaRequest*       dst)
{
    whMessageCryptoDigestDmaRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T64(magic, t, addr);
    WH_T32(magic, t, len);
    WH_T16(magic, t, alg);
    WH_T16(magic, t, step);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, tagLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateGcmDmaRequest(uint16_t                            magic,
                                             const whMessageCryptoGcmDmaRequest* src,
                                             whMessageCryptoGcmDmaRequest*       dst)
{
    whMessageCryptoGcmDmaRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T64(magic, t, inAddr);
    WH_T64(magic, t, outAddr);
    WH_T64(magic, t, aadAddr);
    WH_T32(magic, t, len);
    WH_T32(magic, t, aadLen);
    WH_T16(magic, t, dir);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, ivLen);
    WH_T16(magic, t, tagLen);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageCrypto_TranslateVerifyDmaRequest(uint16_t                               magic,
                                                const whMessageCryptoVerifyDmaRequest* src,
                                                whMessageCryptoVerifyDmaRequest*       dst)
{
    whMessageCryptoVerifyDmaRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T64(magic, t, msgAddr);
    WH_T32(magic, t, msgLen);
    WH_T16(magic, t, alg);
    WH_T16(magic, t, hash);
    WH_T16(magic, t, keyId);
    WH_T16(magic, t, pubLen);
    WH_T16(magic, t, sigLen);
    memcpy(dst, &t, sizeof(t));
}
