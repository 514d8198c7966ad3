/*
 * wh_client_cryptocb.c: the wolfCrypt crypto-callback bridge (see
 * wolfhsm/wh_client_cryptocb.h for the design and its limits).
 *
 * Per-object state of a streamed hash or CMAC lives in the object's devCtx:
 *   NULL             fresh: nothing sent to the HSM (wolfCrypt's init sets it)
 *   the bridge       its data went to the HSM stream; valid while bridge->streamOwner is
 *                    this object
 *   SOFTWARE_MARK    it runs in software until its Final (hashes only)
 *   KEYLESS_MARK     a CMAC initialised without a key: it needs an HSM key id
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/cryptocb.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_cryptocb.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_utils.h"

/* Constants whose addresses mark objects: running in software (hashes); initialised
 * without a key, waiting for wh_Client_CryptoCbCmacSetKeyId (CMAC). */
static const uint8_t softwareMark = 0;
static const uint8_t keylessMark  = 0;
#define SOFTWARE_MARK ((void*)(uintptr_t)&softwareMark)
#define KEYLESS_MARK ((void*)(uintptr_t)&keylessMark)

/* First word of SHA-512's initial state: tells a SHA-512 object from a SHA-512/224 or /256
 * one, which wolfCrypt also sends to the callback as SHA-512. */
#define SHA512_H0 W64LIT(0x6a09e667f3bcc908)

/* wolfCrypt's code for a client call's outcome (ret: transport status, rc: HSM verdict). */
static int toWolf(int ret, int32_t rc)
{
    if (ret != WH_ERROR_OK) {
        switch (ret) {
            case WH_ERROR_TIMEOUT:
                return WC_TIMEOUT_E;
            case WH_ERROR_BADARGS:     /* refused locally: too large for one message */
            case WH_ERROR_BUFFER_SIZE: /* the output did not fit the caller's buffer */
                return BUFFER_E;
            default:
                return WC_HW_E;
        }
    }
    switch (rc) {
        case WH_ERROR_OK:
            return 0;
        case WH_ERROR_NOTFOUND:
            return MISSING_KEY;
        case WH_ERROR_BADARGS:
        case WH_ERROR_KEYTYPE:
        case WH_ERROR_BADALG: /* not NOT_COMPILED_IN: wolfCrypt reads that as "unavailable" and
                           * would run the operation in software, without the key */
            return BAD_FUNC_ARG;
        case WH_ERROR_BUFFER_SIZE:
            return BUFFER_E;
        case WH_ERROR_TIMEOUT:
            return WC_TIMEOUT_E;
        case WH_ERROR_BADKEY: /* a peer's or inline public key the HSM refused */
            return PUBLIC_KEY_E;
        default:
            return WC_HW_E;
    }
}

/* The HSM key an object names: 0 and *out_keyId set, 1 if it names none (software key),
 * BAD_FUNC_ARG for an id that is not an HSM key id. */
static int keyIdOf(const unsigned char* id, int idLen, uint16_t* out_keyId)
{
    uint16_t keyId;

    if (idLen == 0) {
        return 1;
    }
    if (idLen != WH_CLIENT_CRYPTOCB_ID_LEN) {
        return BAD_FUNC_ARG;
    }
    keyId = (uint16_t)(((unsigned)id[0] << 8) | id[1]);
    if (((keyId & ~WH_ID_VALID_BITS) != 0) || (WH_ID_NUMBER(keyId) == 0)) {
        return BAD_FUNC_ARG;
    }
    *out_keyId = keyId;
    return 0;
}

/* A wolfCrypt length as a message length. */
static int fits16(word32 len)
{
    return len <= 0xFFFFu;
}

/* ---- RNG ---- */

static int cbRng(whClientCryptoCb* b, byte* out, word32 sz)
{
    int32_t rc = WH_ERROR_OK;
    int     ret;

    if ((out == NULL) && (sz > 0)) {
        return BAD_FUNC_ARG;
    }
    ret = wh_Client_RngGenerate(b->client, out, sz, &rc);
    return toWolf(ret, rc);
}

/* ---- The digest stream (hashes and CMAC) ---- */

/* Feed data to the stream held by obj, opening it (INIT) on the first data of a fresh
 * object. softOk: the object may run in software instead when the stream is taken. */
static int streamUpdate(whClientCryptoCb* b, const void* obj, void** devCtx, uint16_t alg,
                        uint16_t keyId, const byte* in, word32 inSz, int softOk)
{
    uint16_t step = WH_CRYPTO_STEP_UPDATE;

    if (*devCtx == SOFTWARE_MARK) {
        return CRYPTOCB_UNAVAILABLE;
    }
    if ((in == NULL) && (inSz > 0)) {
        return BAD_FUNC_ARG;
    }
    if (*devCtx == NULL) {
        if (inSz == 0) {
            return 0; /* still fresh */
        }
        if ((b->streamOwner != NULL) && (b->streamOwner != obj)) {
            if (softOk) {
                *devCtx = SOFTWARE_MARK;
                return CRYPTOCB_UNAVAILABLE;
            }
            return BAD_STATE_E;
        }
        /* Free, or held by an object re-initialised at this address (abandoned). */
        b->streamOwner = obj;
        *devCtx        = b;
        step           = WH_CRYPTO_STEP_INIT;
    }
    else if ((*devCtx != (void*)b) || (b->streamOwner != obj)) {
        return BAD_STATE_E; /* a copy, or the stream was released or lost */
    }

    while (inSz > 0) {
        const uint16_t n    = (inSz > WH_CLIENT_DIGEST_MAX_DATA) ? WH_CLIENT_DIGEST_MAX_DATA
                                                                 : (uint16_t)inSz;
        uint16_t       none = 0;
        int32_t        rc   = WH_ERROR_OK;
        int ret = wh_Client_Digest(b->client, alg, step, keyId, in, n, NULL, 0, NULL, &none, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            b->streamOwner = NULL; /* the stream is lost: the object stays unusable */
            return toWolf(ret, rc);
        }
        in += n;
        inSz -= n;
        step = WH_CRYPTO_STEP_UPDATE;
    }
    return 0;
}

/* Finish obj's digest into out (exactly size bytes): FINAL of its stream, or one ONESHOT
 * message of no data for a fresh object. The object is fresh again afterwards. */
static int streamFinal(whClientCryptoCb* b, const void* obj, void** devCtx, uint16_t alg,
                       uint16_t keyId, byte* out, uint16_t size, int softOk)
{
    uint8_t  buf[WH_CRYPTO_MAX_DIGEST];
    uint16_t got = sizeof(buf);
    uint16_t step;
    int32_t  rc = WH_ERROR_OK;
    int      ret;

    if (*devCtx == SOFTWARE_MARK) {
        *devCtx = NULL; /* software finishes it and re-initialises it */
        return CRYPTOCB_UNAVAILABLE;
    }
    if (*devCtx == NULL) {
        if ((b->streamOwner != NULL) && (b->streamOwner != obj)) {
            /* A ONESHOT would end the holder's stream. */
            return softOk ? CRYPTOCB_UNAVAILABLE : BAD_STATE_E;
        }
        step = WH_CRYPTO_STEP_ONESHOT;
    }
    else if ((*devCtx != (void*)b) || (b->streamOwner != obj)) {
        return BAD_STATE_E;
    }
    else {
        step = WH_CRYPTO_STEP_FINAL;
    }
    if (b->streamOwner == obj) {
        b->streamOwner = NULL;
    }
    *devCtx = NULL;

    ret = wh_Client_Digest(b->client, alg, step, keyId, NULL, 0, NULL, 0, buf, &got, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (got != size)) {
        ret = WH_ERROR_TRUNCATED;
    }
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        memcpy(out, buf, size);
    }
    wh_Utils_ForceZero(buf, sizeof(buf));
    return toWolf(ret, rc);
}

/* ---- Hashes ---- */

static int cbHash(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    const void* obj;
    void**      devCtx;
    uint16_t    alg;
    uint16_t    size;

    switch (info->hash.type) {
        case WC_HASH_TYPE_SHA256:
            obj    = info->hash.sha256;
            devCtx = (info->hash.sha256 != NULL) ? &info->hash.sha256->devCtx : NULL;
            alg    = WH_CRYPTO_SHA256;
            size   = WH_CLIENT_SHA256_LEN;
            break;
        case WC_HASH_TYPE_SHA384:
            obj    = info->hash.sha384;
            devCtx = (info->hash.sha384 != NULL) ? &info->hash.sha384->devCtx : NULL;
            alg    = WH_CRYPTO_SHA384;
            size   = WH_CLIENT_SHA384_LEN;
            break;
        case WC_HASH_TYPE_SHA512:
            obj    = info->hash.sha512;
            devCtx = (info->hash.sha512 != NULL) ? &info->hash.sha512->devCtx : NULL;
            alg    = WH_CRYPTO_SHA512;
            size   = WH_CLIENT_SHA512_LEN;
            /* SHA-512/224 and /256 arrive as SHA-512: a fresh object shows which it is by its
         * initial state; those run in software. */
            if ((devCtx != NULL) && (*devCtx == NULL) &&
                (info->hash.sha512->digest[0] != SHA512_H0)) {
                if (info->hash.digest == NULL) {
                    *devCtx = SOFTWARE_MARK;
                }
                return CRYPTOCB_UNAVAILABLE;
            }
            break;
        default:
            return CRYPTOCB_UNAVAILABLE;
    }
    if (obj == NULL) {
        return BAD_FUNC_ARG;
    }
    if (info->hash.digest == NULL) {
        return streamUpdate(b, obj, devCtx, alg, 0, info->hash.in, info->hash.inSz, 1);
    }
    return streamFinal(b, obj, devCtx, alg, 0, info->hash.digest, size, 1);
}

/* ---- CMAC ---- */

static int cbCmac(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    Cmac*     cmac   = info->cmac.cmac;
    const int hasKey = (info->cmac.key != NULL) && (info->cmac.keySz > 0);
    const int isInit = (info->cmac.type == WC_CMAC_AES) && (info->cmac.out == NULL);
    const int isOne  = (info->cmac.type == WC_CMAC_AES) && (info->cmac.out != NULL);
    const int isFin  = (info->cmac.type != WC_CMAC_AES) && (info->cmac.out != NULL);
    uint8_t   tag[WH_CLIENT_CMAC_LEN];
    uint16_t  keyId = 0;
    int       ret;

    if ((cmac == NULL) || hasKey) {
        return CRYPTOCB_UNAVAILABLE; /* a software key */
    }
    if (isInit) {
        cmac->devCtx = KEYLESS_MARK; /* the key id comes with wh_Client_CryptoCbCmacSetKeyId */
        return 0;
    }
    ret = keyIdOf(cmac->aes.id, cmac->aes.idLen, &keyId);
    if (ret > 0) {
        /* No HSM key: software, if it has a key of its own (wolfCrypt's software CMAC
         * "succeeds" with no key at all). */
        return ((cmac->devCtx == KEYLESS_MARK) || (isOne && (cmac->aes.rounds == 0)))
                   ? MISSING_KEY
                   : CRYPTOCB_UNAVAILABLE;
    }
    if (ret < 0) {
        return ret;
    }
    if (cmac->devCtx == KEYLESS_MARK) {
        cmac->devCtx = NULL; /* its key id is set: a fresh HSM CMAC */
    }
    if (isOne || isFin) {
        if ((info->cmac.outSz == NULL) || (*info->cmac.outSz < WC_CMAC_TAG_MIN_SZ) ||
            (*info->cmac.outSz > WC_CMAC_TAG_MAX_SZ)) {
            return BUFFER_E;
        }
    }
    if (isOne) {
        /* One message when it fits and ends no other object's stream; else wolfCrypt goes
         * on with Update and Final through this callback (the stream). */
        if ((info->cmac.inSz > WH_CLIENT_DIGEST_MAX_DATA) ||
            ((info->cmac.in == NULL) && (info->cmac.inSz > 0)) ||
            ((b->streamOwner != NULL) && (b->streamOwner != cmac))) {
            return CRYPTOCB_UNAVAILABLE;
        }
        {
            uint16_t got = sizeof(tag);
            int32_t  rc  = WH_ERROR_OK;

            if (b->streamOwner == cmac) {
                b->streamOwner = NULL;
            }
            cmac->devCtx = NULL;
            ret = wh_Client_Digest(b->client, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, keyId,
                                   info->cmac.in, (uint16_t)info->cmac.inSz, NULL, 0, tag, &got,
                                   &rc);
            if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (got != sizeof(tag))) {
                ret = WH_ERROR_TRUNCATED;
            }
            ret = toWolf(ret, rc);
        }
    }
    else if (isFin) {
        ret = streamFinal(b, cmac, &cmac->devCtx, WH_CRYPTO_CMAC_AES, keyId, tag, sizeof(tag), 0);
    }
    else {
        return streamUpdate(b, cmac, &cmac->devCtx, WH_CRYPTO_CMAC_AES, keyId, info->cmac.in,
                            info->cmac.inSz, 0);
    }
    if (ret == 0) {
        memcpy(info->cmac.out, tag, *info->cmac.outSz); /* truncated tags: the first bytes */
    }
    wh_Utils_ForceZero(tag, sizeof(tag));
    return ret;
}

/* ---- AES ---- */

/* Add blocks to a 128-bit big-endian counter block. */
static void ctrAdd(uint8_t* ctr, uint32_t blocks)
{
    uint32_t carry = blocks;
    int      i;

    for (i = AES_BLOCK_SIZE - 1; (i >= 0) && (carry != 0); i--) {
        carry += ctr[i];
        ctr[i] = (uint8_t)carry;
        carry >>= 8;
    }
}

/* ECB, CBC or CTR of whole blocks with the HSM key. */
static int aesBlocks(whClientCryptoCb* b, uint16_t mode, uint16_t dir, uint16_t keyId,
                     const byte* iv, const byte* in, word32 sz, byte* out)
{
    int32_t rc = WH_ERROR_OK;
    int     ret;

    ret = wh_Client_AesCipher(b->client, mode, dir, keyId, iv, (iv != NULL) ? AES_BLOCK_SIZE : 0,
                              in, sz, out, &rc);
    return toWolf(ret, rc);
}

static int aesCbc(whClientCryptoCb* b, Aes* aes, int enc, byte* out, const byte* in, word32 sz)
{
    byte*    reg = (byte*)aes->reg;
    byte     next[AES_BLOCK_SIZE];
    uint16_t keyId = 0;
    int      ret   = keyIdOf(aes->id, aes->idLen, &keyId);

    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    sz -= sz % AES_BLOCK_SIZE; /* whole blocks, as wolfCrypt's software does */
    if (sz == 0) {
        return 0;
    }
    if ((in == NULL) || (out == NULL)) {
        return BAD_FUNC_ARG;
    }
    if (!enc) {
        memcpy(next, in + sz - AES_BLOCK_SIZE, AES_BLOCK_SIZE); /* before out overwrites it */
    }
    ret = aesBlocks(b, WH_CRYPTO_AES_CBC, enc ? WH_CRYPTO_ENCRYPT : WH_CRYPTO_DECRYPT, keyId, reg,
                    in, sz, out);
    if (ret == 0) {
        memcpy(reg, enc ? (out + sz - AES_BLOCK_SIZE) : next, AES_BLOCK_SIZE);
    }
    return ret;
}

static int aesEcb(whClientCryptoCb* b, Aes* aes, int enc, byte* out, const byte* in, word32 sz)
{
    uint16_t keyId = 0;
    int      ret   = keyIdOf(aes->id, aes->idLen, &keyId);

    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    if (sz % AES_BLOCK_SIZE != 0) {
        return BAD_LENGTH_E;
    }
    if (sz == 0) {
        return 0;
    }
    if ((in == NULL) || (out == NULL)) {
        return BAD_FUNC_ARG;
    }
    return aesBlocks(b, WH_CRYPTO_AES_ECB, enc ? WH_CRYPTO_ENCRYPT : WH_CRYPTO_DECRYPT, keyId, NULL,
                     in, sz, out);
}

/* CTR with wolfCrypt's state: aes->reg the next counter block, aes->tmp the keystream block
 * whose last aes->left bytes are unused. */
static int aesCtr(whClientCryptoCb* b, Aes* aes, byte* out, const byte* in, word32 sz)
{
    byte*    reg = (byte*)aes->reg;
    byte*    ks  = (byte*)aes->tmp;
    byte     block[AES_BLOCK_SIZE];
    byte     enc[AES_BLOCK_SIZE];
    word32   full;
    word32   rest;
    word32   i;
    uint16_t keyId = 0;
    int      ret   = keyIdOf(aes->id, aes->idLen, &keyId);

    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    if (sz == 0) {
        return 0;
    }
    if ((in == NULL) || (out == NULL) || (aes->left > AES_BLOCK_SIZE)) {
        return BAD_FUNC_ARG;
    }
    /* The rest of the last keystream block first. */
    while ((aes->left > 0) && (sz > 0)) {
        *out++ = (byte)(*in++ ^ ks[AES_BLOCK_SIZE - aes->left]);
        aes->left--;
        sz--;
    }
    rest = sz % AES_BLOCK_SIZE;
    full = sz - rest;
    if (full > 0) {
        ret = aesBlocks(b, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, keyId, reg, in, full, out);
        if (ret != 0) {
            return ret;
        }
        ctrAdd(reg, full / AES_BLOCK_SIZE);
    }
    if (rest > 0) {
        /* A zero-padded block: its output is the data's and, past it, the keystream. */
        memset(block, 0, sizeof(block));
        memcpy(block, in + full, rest);
        ret = aesBlocks(b, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, keyId, reg, block, AES_BLOCK_SIZE,
                        enc);
        if (ret == 0) {
            memcpy(out + full, enc, rest);
            for (i = 0; i < AES_BLOCK_SIZE; i++) {
                ks[i] = (byte)(enc[i] ^ block[i]);
            }
            aes->left = AES_BLOCK_SIZE - rest;
            ctrAdd(reg, 1);
        }
        wh_Utils_ForceZero(block, sizeof(block));
        wh_Utils_ForceZero(enc, sizeof(enc));
    }
    return ret;
}

static int aesGcm(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    int32_t  rc    = WH_ERROR_OK;
    uint16_t keyId = 0;
    int      ret;

    if (info->cipher.enc) {
        Aes* aes = info->cipher.aesgcm_enc.aes;
        if (aes == NULL) {
            return BAD_FUNC_ARG;
        }
        ret = keyIdOf(aes->id, aes->idLen, &keyId);
        if (ret != 0) {
            return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
        }
        if (!fits16(info->cipher.aesgcm_enc.sz) || !fits16(info->cipher.aesgcm_enc.ivSz) ||
            !fits16(info->cipher.aesgcm_enc.authInSz) ||
            !fits16(info->cipher.aesgcm_enc.authTagSz)) {
            return BUFFER_E;
        }
        ret = wh_Client_AesGcmEncrypt(b->client, keyId, info->cipher.aesgcm_enc.iv,
                                      (uint16_t)info->cipher.aesgcm_enc.ivSz,
                                      info->cipher.aesgcm_enc.authIn,
                                      (uint16_t)info->cipher.aesgcm_enc.authInSz,
                                      info->cipher.aesgcm_enc.in,
                                      (uint16_t)info->cipher.aesgcm_enc.sz,
                                      info->cipher.aesgcm_enc.out, info->cipher.aesgcm_enc.authTag,
                                      (uint16_t)info->cipher.aesgcm_enc.authTagSz, &rc);
        return toWolf(ret, rc);
    }
    else {
        Aes* aes = info->cipher.aesgcm_dec.aes;
        if (aes == NULL) {
            return BAD_FUNC_ARG;
        }
        ret = keyIdOf(aes->id, aes->idLen, &keyId);
        if (ret != 0) {
            return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
        }
        if (!fits16(info->cipher.aesgcm_dec.sz) || !fits16(info->cipher.aesgcm_dec.ivSz) ||
            !fits16(info->cipher.aesgcm_dec.authInSz) ||
            !fits16(info->cipher.aesgcm_dec.authTagSz)) {
            return BUFFER_E;
        }
        ret = wh_Client_AesGcmDecrypt(
            b->client, keyId, info->cipher.aesgcm_dec.iv, (uint16_t)info->cipher.aesgcm_dec.ivSz,
            info->cipher.aesgcm_dec.authIn, (uint16_t)info->cipher.aesgcm_dec.authInSz,
            info->cipher.aesgcm_dec.in, (uint16_t)info->cipher.aesgcm_dec.sz,
            info->cipher.aesgcm_dec.authTag, (uint16_t)info->cipher.aesgcm_dec.authTagSz,
            info->cipher.aesgcm_dec.out, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_AUTH)) {
            return AES_GCM_AUTH_E;
        }
        return toWolf(ret, rc);
    }
}

static int cbCipher(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    switch (info->cipher.type) {
        case WC_CIPHER_AES_GCM:
            return aesGcm(b, info);
        case WC_CIPHER_AES_CBC:
            if (info->cipher.aescbc.aes == NULL) {
                return BAD_FUNC_ARG;
            }
            return aesCbc(b, info->cipher.aescbc.aes, info->cipher.enc, info->cipher.aescbc.out,
                          info->cipher.aescbc.in, info->cipher.aescbc.sz);
        case WC_CIPHER_AES_ECB:
            if (info->cipher.aesecb.aes == NULL) {
                return BAD_FUNC_ARG;
            }
            return aesEcb(b, info->cipher.aesecb.aes, info->cipher.enc, info->cipher.aesecb.out,
                          info->cipher.aesecb.in, info->cipher.aesecb.sz);
        case WC_CIPHER_AES_CTR:
            if (info->cipher.aesctr.aes == NULL) {
                return BAD_FUNC_ARG;
            }
            return aesCtr(b, info->cipher.aesctr.aes, info->cipher.aesctr.out,
                          info->cipher.aesctr.in, info->cipher.aesctr.sz);
        default:
            return CRYPTOCB_UNAVAILABLE;
    }
}

/* ---- ECC ---- */

static int eccSign(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    ecc_key* key   = info->pk.eccsign.key;
    uint16_t keyId = 0;
    uint16_t cap;
    int32_t  rc = WH_ERROR_OK;
    int      ret;

    if ((key == NULL) || (info->pk.eccsign.outlen == NULL)) {
        return BAD_FUNC_ARG;
    }
    ret = keyIdOf(key->id, key->idLen, &keyId);
    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    if (!fits16(info->pk.eccsign.inlen)) {
        return BAD_LENGTH_E;
    }
    cap = fits16(*info->pk.eccsign.outlen) ? (uint16_t)*info->pk.eccsign.outlen : 0xFFFFu;
    ret = wh_Client_Sign(b->client, WH_CRYPTO_ECDSA_P256, keyId, info->pk.eccsign.in,
                         (uint16_t)info->pk.eccsign.inlen, info->pk.eccsign.out, &cap, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        *info->pk.eccsign.outlen = cap;
    }
    return toWolf(ret, rc);
}

static int eccVerify(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    ecc_key* key   = info->pk.eccverify.key;
    uint16_t keyId = 0;
    int32_t  rc    = WH_ERROR_OK;
    int      ret;

    if ((key == NULL) || (info->pk.eccverify.res == NULL)) {
        return BAD_FUNC_ARG;
    }
    ret = keyIdOf(key->id, key->idLen, &keyId);
    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    *info->pk.eccverify.res = 0;
    if (!fits16(info->pk.eccverify.siglen) || !fits16(info->pk.eccverify.hashlen)) {
        return BAD_LENGTH_E;
    }
    ret = wh_Client_Verify(b->client, WH_CRYPTO_ECDSA_P256, keyId, NULL, 0, info->pk.eccverify.sig,
                           (uint16_t)info->pk.eccverify.siglen, info->pk.eccverify.hash,
                           (uint16_t)info->pk.eccverify.hashlen, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_AUTH)) {
        return 0; /* a valid call; the signature does not verify */
    }
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        *info->pk.eccverify.res = 1;
    }
    return toWolf(ret, rc);
}

static int ecdh(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    static const char label[] = "cryptocb-ecdh";
    ecc_key*          priv    = info->pk.ecdh.private_key;
    ecc_key*          peer    = info->pk.ecdh.public_key;
    byte              pub[2 * 32];
    word32            xLen     = 32;
    word32            yLen     = 32;
    uint16_t          keyId    = 0;
    uint16_t          secretId = 0;
    uint16_t          cap;
    int32_t           rc = WH_ERROR_OK;
    int32_t           evictRc;
    int               ret;

    if ((priv == NULL) || (peer == NULL) || (info->pk.ecdh.out == NULL) ||
        (info->pk.ecdh.outlen == NULL)) {
        return BAD_FUNC_ARG;
    }
    ret = keyIdOf(priv->id, priv->idLen, &keyId);
    if (ret != 0) {
        return (ret > 0) ? CRYPTOCB_UNAVAILABLE : ret;
    }
    ret = wc_ecc_export_public_raw(peer, pub, &xLen, pub + 32, &yLen);
    if (ret != 0) {
        return ret;
    }
    if ((xLen != 32) || (yLen != 32)) {
        return ECC_BAD_ARG_E;
    }
    ret = wh_Client_SharedSecret(b->client, keyId, pub, sizeof(pub), WH_CLIENT_CRYPTOCB_ECDH_FLAGS,
                                 (const uint8_t*)label, (uint16_t)(sizeof(label) - 1), &secretId,
                                 &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return toWolf(ret, rc);
    }
    cap = fits16(*info->pk.ecdh.outlen) ? (uint16_t)*info->pk.ecdh.outlen : 0xFFFFu;
    ret = wh_Client_KeyExport(b->client, secretId, NULL, 0, NULL, &cap, info->pk.ecdh.out, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        *info->pk.ecdh.outlen = cap;
    }
    /* The temporary key goes whatever happened (unless the transport is down). */
    (void)wh_Client_KeyEvict(b->client, secretId, &evictRc);
    return toWolf(ret, rc);
}

static int cbPk(whClientCryptoCb* b, wc_CryptoInfo* info)
{
    switch (info->pk.type) {
        case WC_PK_TYPE_ECDSA_SIGN:
            return eccSign(b, info);
        case WC_PK_TYPE_ECDSA_VERIFY:
            return eccVerify(b, info);
        case WC_PK_TYPE_ECDH:
            return ecdh(b, info);
        default:
            return CRYPTOCB_UNAVAILABLE;
    }
}

/* ---- Registration and dispatch ---- */

int wh_Client_CryptoCb(int devId, wc_CryptoInfo* info, void* ctx)
{
    whClientCryptoCb* b = (whClientCryptoCb*)ctx;

    if ((info == NULL) || (b == NULL) || (b->client == NULL) || (devId != b->devId)) {
        return BAD_FUNC_ARG;
    }
    switch (info->algo_type) {
        case WC_ALGO_TYPE_RNG:
            return cbRng(b, info->rng.out, info->rng.sz);
        case WC_ALGO_TYPE_SEED:
            return cbRng(b, info->seed.seed, info->seed.sz);
        case WC_ALGO_TYPE_HASH:
            return cbHash(b, info);
        case WC_ALGO_TYPE_CIPHER:
            return cbCipher(b, info);
        case WC_ALGO_TYPE_CMAC:
            return cbCmac(b, info);
        case WC_ALGO_TYPE_PK:
            return cbPk(b, info);
        default:
            return CRYPTOCB_UNAVAILABLE;
    }
}

int wh_Client_CryptoCbRegister(whClientCryptoCb* bridge, whClientContext* c, int devId)
{
    if ((bridge == NULL) || (c == NULL) || (devId == INVALID_DEVID)) {
        return WH_ERROR_BADARGS;
    }
    memset(bridge, 0, sizeof(*bridge));
    bridge->client = c;
    bridge->devId  = devId;
    if (wc_CryptoCb_RegisterDevice(devId, wh_Client_CryptoCb, bridge) != 0) {
        memset(bridge, 0, sizeof(*bridge));
        return WH_ERROR_CRYPTO;
    }
    bridge->registered = 1;
    return WH_ERROR_OK;
}

int wh_Client_CryptoCbUnregister(whClientCryptoCb* bridge)
{
    if (bridge == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (bridge->registered) {
        wc_CryptoCb_UnRegisterDevice(bridge->devId);
    }
    memset(bridge, 0, sizeof(*bridge));
    return WH_ERROR_OK;
}

void wh_Client_CryptoCbReleaseStream(whClientCryptoCb* bridge)
{
    if (bridge != NULL) {
        bridge->streamOwner = NULL;
    }
}

void wh_Client_CryptoCbKeyId(uint16_t keyId, unsigned char* id)
{
    if (id != NULL) {
        id[0] = (unsigned char)(keyId >> 8);
        id[1] = (unsigned char)keyId;
    }
}

int wh_Client_CryptoCbCmacSetKeyId(Cmac* cmac, uint16_t keyId)
{
    if (cmac == NULL) {
        return BAD_FUNC_ARG;
    }
    wh_Client_CryptoCbKeyId(keyId, cmac->aes.id);
    cmac->aes.idLen = WH_CLIENT_CRYPTOCB_ID_LEN;
    return 0;
}
