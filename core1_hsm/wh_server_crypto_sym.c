/*
 * wh_server_crypto_sym.c: the CRYPTO group's symmetric actions: digests (SHA-2), MACs (HMAC,
 * CMAC) one shot or streamed, AES (ECB, CBC, CTR, GCM; GCM encryption also streamed) and
 * HKDF. A context has at most one open stream (whServerCrypto); its key schedule is wiped
 * when it ends.
 */
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/kdf.h>

#include "wh_server_crypto_internal.h"
#include "wolfhsm/wh_utils.h"

void wh_Server_CryptoStreamEnd(whServerCrypto* c)
{
    if (c->streamAlg == WH_CRYPTO_HMAC_SHA256 || c->streamAlg == WH_CRYPTO_HMAC_SHA384) {
        wc_HmacFree(&c->stream.hmac);
    }
    if (c->streamAlg == WH_SERVER_STREAM_GCM) {
        wc_AesFree(&c->stream.aes);
    }
    wh_Utils_ForceZero(&c->stream, sizeof(c->stream));
    c->streamAlg = 0;
}

/* ---- Digests: hashes, HMAC, CMAC; one shot or streamed ---- */

static uint16_t digestLen(uint16_t alg)
{
    switch (alg) {
        case WH_CRYPTO_SHA256:
        case WH_CRYPTO_HMAC_SHA256:
            return WC_SHA256_DIGEST_SIZE;
        case WH_CRYPTO_SHA384:
        case WH_CRYPTO_HMAC_SHA384:
            return WC_SHA384_DIGEST_SIZE;
        case WH_CRYPTO_SHA512:
            return WC_SHA512_DIGEST_SIZE;
        case WH_CRYPTO_CMAC_AES:
            return WC_CMAC_TAG_MAX_SZ;
        default:
            return 0;
    }
}

static int isMac(uint16_t alg)
{
    return (alg == WH_CRYPTO_HMAC_SHA256) || (alg == WH_CRYPTO_HMAC_SHA384) ||
           (alg == WH_CRYPTO_CMAC_AES);
}

/* Open the context's stream for alg; MACs take a copy of their key (usage checked). A MAC
 * VERIFY (tagLen bytes, else 0) is checked against the key's MAC policy as it was read with
 * the material: a tag shorter than its minimum is WH_ERROR_MINTAG. */
static int streamInit(whServerContext* server, uint16_t alg, uint16_t keyId, uint16_t usage,
                      uint16_t tagLen)
{
    whServerCrypto* c = &server->crypto;
    uint8_t         key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize       keyLen = sizeof(key);
    whNvmMetadata   meta   = {0};
    int             ret    = WH_ERROR_OK;

    wh_Server_CryptoStreamEnd(c); /* an abandoned stream is wiped here */
    if (isMac(alg)) {
        ret = wh_Server_KeystoreGetForUse(server, keyId, usage, WH_KEY_TYPE_SECRET, key, &keyLen,
                                          &meta);
        if ((ret == WH_ERROR_OK) && (tagLen != 0u) &&
            ((uint32_t)tagLen * 8u < WH_KEY_MAC_MIN_BITS(meta.access))) {
            ret = WH_ERROR_MINTAG;
        }
    }
    if (ret == WH_ERROR_OK) {
        switch (alg) {
            case WH_CRYPTO_SHA256:
                ret = wh_Server_CryptoFromWc(wc_InitSha256(&c->stream.sha256));
                break;
            case WH_CRYPTO_SHA384:
                ret = wh_Server_CryptoFromWc(wc_InitSha384(&c->stream.sha512));
                break;
            case WH_CRYPTO_SHA512:
                ret = wh_Server_CryptoFromWc(wc_InitSha512(&c->stream.sha512));
                break;
            case WH_CRYPTO_HMAC_SHA256:
            case WH_CRYPTO_HMAC_SHA384:
                ret = wh_Server_CryptoFromWc(wc_HmacInit(&c->stream.hmac, NULL, INVALID_DEVID));
                if (ret == WH_ERROR_OK) {
                    ret = wh_Server_CryptoFromWc(
                        wc_HmacSetKey(&c->stream.hmac,
                                      (alg == WH_CRYPTO_HMAC_SHA256) ? WC_SHA256 : WC_SHA384, key,
                                      keyLen));
                    if (ret != WH_ERROR_OK) {
                        wc_HmacFree(&c->stream.hmac);
                    }
                }
                break;
            default: /* WH_CRYPTO_CMAC_AES: an AES key, checked before wolfCrypt sees it */
                if ((keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
                    ret = WH_ERROR_KEYTYPE;
                    break;
                }
                ret = wh_Server_CryptoFromWc(
                    wc_InitCmac(&c->stream.cmac, key, keyLen, WC_CMAC_AES, NULL));
                break;
        }
    }
    wh_Utils_ForceZero(key, sizeof(key));
    if (ret == WH_ERROR_OK) {
        c->streamAlg = alg;
    }
    else {
        wh_Utils_ForceZero(&c->stream, sizeof(c->stream));
    }
    return ret;
}

static int streamUpdate(whServerCrypto* c, const uint8_t* data, uint32_t len)
{
    if (len == 0) {
        return WH_ERROR_OK;
    }
    switch (c->streamAlg) {
        case WH_CRYPTO_SHA256:
            return wh_Server_CryptoFromWc(wc_Sha256Update(&c->stream.sha256, data, len));
        case WH_CRYPTO_SHA384:
            return wh_Server_CryptoFromWc(wc_Sha384Update(&c->stream.sha512, data, len));
        case WH_CRYPTO_SHA512:
            return wh_Server_CryptoFromWc(wc_Sha512Update(&c->stream.sha512, data, len));
        case WH_CRYPTO_HMAC_SHA256:
        case WH_CRYPTO_HMAC_SHA384:
            return wh_Server_CryptoFromWc(wc_HmacUpdate(&c->stream.hmac, data, len));
        case WH_CRYPTO_CMAC_AES:
            return wh_Server_CryptoFromWc(wc_CmacUpdate(&c->stream.cmac, data, len));
        default:
            return WH_ERROR_NOSTREAM;
    }
}

/* Finish the stream into out (digestLen(alg) bytes) and close it. */
static int streamFinal(whServerCrypto* c, uint8_t* out)
{
    word32 tagLen = WC_CMAC_TAG_MAX_SZ;
    int    ret;

    switch (c->streamAlg) {
        case WH_CRYPTO_SHA256:
            ret = wh_Server_CryptoFromWc(wc_Sha256Final(&c->stream.sha256, out));
            break;
        case WH_CRYPTO_SHA384:
            ret = wh_Server_CryptoFromWc(wc_Sha384Final(&c->stream.sha512, out));
            break;
        case WH_CRYPTO_SHA512:
            ret = wh_Server_CryptoFromWc(wc_Sha512Final(&c->stream.sha512, out));
            break;
        case WH_CRYPTO_HMAC_SHA256:
        case WH_CRYPTO_HMAC_SHA384:
            ret = wh_Server_CryptoFromWc(wc_HmacFinal(&c->stream.hmac, out));
            break;
        case WH_CRYPTO_CMAC_AES:
            ret = wh_Server_CryptoFromWc(wc_CmacFinal(&c->stream.cmac, out, &tagLen));
            break;
        default:
            return WH_ERROR_NOSTREAM;
    }
    wh_Server_CryptoStreamEnd(c);
    return ret;
}

int wh_Server_CryptoDigest(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whServerCrypto*              c = &server->crypto;
    whMessageCryptoDigestRequest q;
    const uint8_t*               data = req + sizeof(q);
    uint8_t*                     out  = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                      mac[WH_CRYPTO_MAX_DIGEST];
    uint16_t                     len = 0;
    int                          rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateDigestRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.dataLen + q.tagLen)) {
        return WH_ERROR_TRUNCATED;
    }
    if (digestLen(q.alg) == 0) {
        return sendOut(magic, WH_ERROR_BADALG, 0, 0, resp, out_respSize);
    }
    switch (q.step) {
        case WH_CRYPTO_STEP_ONESHOT:
        case WH_CRYPTO_STEP_VERIFY:
        case WH_CRYPTO_STEP_INIT: {
            int verify = (q.step == WH_CRYPTO_STEP_VERIFY);
            if (verify && (!isMac(q.alg) || (q.tagLen < WH_CRYPTO_MAC_MIN_TAG) ||
                           (q.tagLen > digestLen(q.alg)))) {
                rc = WH_ERROR_BADARGS;
                break;
            }
            rc = streamInit(server, q.alg, q.keyId,
                            verify ? WH_NVM_FLAGS_USAGE_VERIFY : WH_NVM_FLAGS_USAGE_SIGN,
                            verify ? q.tagLen : 0u);
            if (rc == WH_ERROR_OK) {
                rc = streamUpdate(c, data, q.dataLen);
            }
            if ((rc == WH_ERROR_OK) && (q.step != WH_CRYPTO_STEP_INIT)) {
                rc  = streamFinal(c, verify ? mac : out);
                len = verify ? 0 : digestLen(q.alg);
                if ((rc == WH_ERROR_OK) && verify &&
                    (wh_Utils_ConstantCompare(mac, data + q.dataLen, q.tagLen) != 0)) {
                    rc = WH_ERROR_AUTH;
                }
            }
            break;
        }
        case WH_CRYPTO_STEP_UPDATE:
        case WH_CRYPTO_STEP_FINAL:
            if (c->streamAlg != q.alg) {
                rc = WH_ERROR_NOSTREAM; /* no stream, or one of another algorithm */
                break;
            }
            rc = streamUpdate(c, data, q.dataLen);
            if ((rc == WH_ERROR_OK) && (q.step == WH_CRYPTO_STEP_FINAL)) {
                rc  = streamFinal(c, out);
                len = digestLen(q.alg);
            }
            break;
        default:
            rc = WH_ERROR_BADARGS;
            break;
    }
    if (rc != WH_ERROR_OK) {
        wh_Server_CryptoStreamEnd(c); /* a failed step ends the stream: nothing half-done lingers */
    }
    wh_Utils_ForceZero(mac, sizeof(mac));
    return sendOut(magic, rc, len, 0, resp, out_respSize);
}

/* A digest or MAC over a host buffer, one shot or VERIFY: the buffer resolved before the key
 * is touched, then streamed through the context's stream in private chunks (each byte read
 * once). */
static int streamSink(void* arg, const uint8_t* chunk, uint32_t len)
{
    return streamUpdate((whServerCrypto*)arg, chunk, len);
}

void wh_Server_ChunkAbort(whServerContext* server)
{
    if (server->slice.chunkOp != 0u) {
        wh_Server_CryptoStreamEnd(&server->crypto);
    }
    server->slice.chunkOp   = 0;
    server->slice.chunkSrc  = NULL;
    server->slice.chunkLen  = 0;
    server->slice.chunkDone = 0;
    server->slice.chunkTag  = 0;
}

/* The checks of a digest by address and its stream started (the first chunk): the input
 * resolved, the key's usage and tag policy checked. */
static int digestDmaStart(whServerContext* server, const whMessageCryptoDigestDmaRequest* q,
                          int verify, uint8_t** out_src)
{
    int rc;

    if (((q->step != WH_CRYPTO_STEP_ONESHOT) && !verify) || (!verify && (q->tagLen != 0)) ||
        (verify && (!isMac(q->alg) || (q->tagLen < WH_CRYPTO_MAC_MIN_TAG) ||
                    (q->tagLen > digestLen(q->alg))))) {
        return WH_ERROR_BADARGS;
    }
    rc = wh_Server_DmaResolve(server, q->addr, q->len, WH_DMA_READ, out_src);
    if (rc == WH_ERROR_OK) {
        rc = streamInit(server, q->alg, q->keyId,
                        verify ? WH_NVM_FLAGS_USAGE_VERIFY : WH_NVM_FLAGS_USAGE_SIGN,
                        verify ? q->tagLen : 0u);
    }
    return rc;
}

/* In a context with slices, the input goes through WOLFHSM_CFG_SLICE_BYTES per call: between
 * chunks the handler says WH_ERROR_NOTREADY (the request stays in the mailbox, other contexts
 * are served) and the next call of the same request goes on from where it stopped, with what
 * the first chunk checked (input, length, algorithm, key, tag length), whatever the mailbox
 * says now; only the final chunk reads the tag (VERIFY) from it. */
int wh_Server_CryptoDigestDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whServerCrypto*                 c  = &server->crypto;
    whServerSlice*                  sl = &server->slice;
    whMessageCryptoDigestDmaRequest q;
    const uint8_t*                  tag = req + sizeof(q);
    uint8_t*                        out = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t*                        src = NULL;
    uint8_t                         mac[WH_CRYPTO_MAX_DIGEST];
    uint16_t                        len = 0;
    uint32_t                        n;
    int                             rc = WH_ERROR_OK;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateDigestDmaRequest(magic, (const void*)req, &q);
    if (sl->chunkOp != WH_SERVER_CHUNK_DIGEST) { /* the first chunk */
        const int verify = (q.step == WH_CRYPTO_STEP_VERIFY);
        if (!fits(reqSize, sizeof(q), q.tagLen)) {
            return WH_ERROR_TRUNCATED;
        }
        if (digestLen(q.alg) == 0) {
            return WH_ERROR_BADALG;
        }
        rc = digestDmaStart(server, &q, verify, &src);
        if (rc == WH_ERROR_OK) {
            sl->chunkSrc  = src;
            sl->chunkLen  = q.len;
            sl->chunkDone = 0;
            sl->chunkTag  = verify ? (uint8_t)q.tagLen : 0u;
            sl->chunkOp   = WH_SERVER_CHUNK_DIGEST;
        }
    }
    else if (!fits(reqSize, sizeof(q), sl->chunkTag)) {
        rc = WH_ERROR_TRUNCATED; /* the request was cut down since the first chunk */
    }
    if (rc == WH_ERROR_OK) {
        n = sl->chunkLen - sl->chunkDone;
        if (server->slices && (n > WOLFHSM_CFG_SLICE_BYTES)) {
            n = WOLFHSM_CFG_SLICE_BYTES;
        }
        rc = wh_Server_DmaStream(sl->chunkSrc + sl->chunkDone, n, streamSink, c);
        sl->chunkDone += n;
        if ((rc == WH_ERROR_OK) && (sl->chunkDone < sl->chunkLen)) {
            server->slice.slices++;
            return WH_ERROR_NOTREADY; /* the next chunk on a later pass */
        }
    }
    if (rc == WH_ERROR_OK) {
        const uint8_t  tagLen = sl->chunkTag;
        const uint16_t dLen   = digestLen(c->streamAlg);
        rc                    = streamFinal(c, (tagLen != 0u) ? mac : out);
        len                   = (tagLen != 0u) ? 0 : dLen;
        if ((rc == WH_ERROR_OK) && (tagLen != 0u) &&
            (wh_Utils_ConstantCompare(mac, tag, tagLen) != 0)) {
            rc = WH_ERROR_AUTH;
        }
    }
    if (rc != WH_ERROR_OK) {
        wh_Server_CryptoStreamEnd(c); /* as any failed digest step: the stream is gone */
    }
    sl->chunkOp = 0; /* the stream ended above or in streamFinal */
    wh_Server_ChunkAbort(server);
    wh_Utils_ForceZero(mac, sizeof(mac));
    return sendOut(magic, rc, len, 0, resp, out_respSize);
}

/* ---- AES ---- */

/* The documented GCM tag sizes (wh_message_crypto.h) are ones wolfCrypt takes. */
_Static_assert((WOLFSSL_MIN_AUTH_TAG_SZ <= WH_CRYPTO_GCM_MIN_TAG) &&
                   (WH_CRYPTO_GCM_MAX_TAG == AES_BLOCK_SIZE),
               "GCM tag sizes");

static int aesCrypt(const whMessageCryptoCipherRequest* q, const uint8_t* key, word32 keyLen,
                    const uint8_t* iv, const uint8_t* aad, const uint8_t* in, uint8_t* out,
                    uint8_t* tag)
{
    Aes aes;
    int enc = (q->dir == WH_CRYPTO_ENCRYPT);
    int ret;

    if (wc_AesInit(&aes, NULL, INVALID_DEVID) != 0) {
        return WH_ERROR_CRYPTO;
    }
    switch (q->mode) {
        case WH_CRYPTO_AES_ECB:
        case WH_CRYPTO_AES_CBC:
            if ((q->dataLen % AES_BLOCK_SIZE) != 0 ||
                ((q->mode == WH_CRYPTO_AES_CBC) && (q->ivLen != AES_BLOCK_SIZE))) {
                ret = WH_ERROR_BADARGS;
                break;
            }
            ret = wh_Server_CryptoFromWc(wc_AesSetKey(&aes, key, keyLen,
                                                      (q->mode == WH_CRYPTO_AES_CBC) ? iv : NULL,
                                                      enc ? AES_ENCRYPTION : AES_DECRYPTION));
            if (ret != WH_ERROR_OK) {
                break;
            }
            if (q->mode == WH_CRYPTO_AES_ECB) {
                ret = wh_Server_CryptoFromWc(enc ? wc_AesEcbEncrypt(&aes, out, in, q->dataLen)
                                                 : wc_AesEcbDecrypt(&aes, out, in, q->dataLen));
            }
            else {
                ret = wh_Server_CryptoFromWc(enc ? wc_AesCbcEncrypt(&aes, out, in, q->dataLen)
                                                 : wc_AesCbcDecrypt(&aes, out, in, q->dataLen));
            }
            break;
        case WH_CRYPTO_AES_CTR:
            if (q->ivLen != AES_BLOCK_SIZE) {
                ret = WH_ERROR_BADARGS;
                break;
            }
            ret = wh_Server_CryptoFromWc(wc_AesSetKeyDirect(&aes, key, keyLen, iv, AES_ENCRYPTION));
            if (ret == WH_ERROR_OK) {
                ret = wh_Server_CryptoFromWc(wc_AesCtrEncrypt(&aes, out, in, q->dataLen));
            }
            break;
        default: /* WH_CRYPTO_AES_GCM */
            if ((q->ivLen == 0) || (q->tagLen < WH_CRYPTO_GCM_MIN_TAG) ||
                (q->tagLen > WH_CRYPTO_GCM_MAX_TAG)) {
                ret = WH_ERROR_BADARGS;
                break;
            }
            ret = wh_Server_CryptoFromWc(wc_AesGcmSetKey(&aes, key, keyLen));
            if (ret != WH_ERROR_OK) {
                break;
            }
            if (enc) {
                ret = wh_Server_CryptoFromWc(wc_AesGcmEncrypt(&aes, out, in, q->dataLen, iv,
                                                              q->ivLen, tag, q->tagLen, aad,
                                                              q->aadLen));
            }
            else {
                ret = wh_Server_CryptoFromWc(wc_AesGcmDecrypt(&aes, out, in, q->dataLen, iv,
                                                              q->ivLen, tag, q->tagLen, aad,
                                                              q->aadLen));
            }
            break;
    }
    wc_AesFree(&aes);
    wh_Utils_ForceZero(&aes, sizeof(aes));
    return ret;
}

/* A streamed GCM encryption: INIT takes the key, IV and AAD; each step encrypts its data;
 * FINAL also writes the tag after the data. Any failure ends the stream. */
static int gcmStream(whServerContext* server, const whMessageCryptoCipherRequest* q,
                     const uint8_t* iv, const uint8_t* aad, const uint8_t* in, uint8_t* out)
{
    whServerCrypto* c   = &server->crypto;
    int             ret = WH_ERROR_OK;

    if ((q->mode != WH_CRYPTO_AES_GCM) || (q->dir != WH_CRYPTO_ENCRYPT) ||
        ((q->step != WH_CRYPTO_STEP_INIT) && ((q->ivLen != 0) || (q->aadLen != 0))) ||
        ((q->step == WH_CRYPTO_STEP_FINAL) &&
         ((q->tagLen < WH_CRYPTO_GCM_MIN_TAG) || (q->tagLen > WH_CRYPTO_GCM_MAX_TAG)))) {
        return WH_ERROR_BADARGS;
    }
    if (q->step == WH_CRYPTO_STEP_INIT) {
        uint8_t   key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
        whNvmSize keyLen = sizeof(key);

        wh_Server_CryptoStreamEnd(c);
        ret = wh_Server_KeystoreGetForUse(server, q->keyId, WH_NVM_FLAGS_USAGE_ENCRYPT,
                                          WH_KEY_TYPE_SECRET, key, &keyLen, NULL);
        if ((ret == WH_ERROR_OK) && (keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
            ret = WH_ERROR_KEYTYPE;
        }
        if ((ret == WH_ERROR_OK) && (q->ivLen == 0)) {
            ret = WH_ERROR_BADARGS;
        }
        if (ret == WH_ERROR_OK) {
            ret = wh_Server_CryptoFromWc(wc_AesInit(&c->stream.aes, NULL, INVALID_DEVID));
        }
        if (ret == WH_ERROR_OK) {
            c->streamAlg = WH_SERVER_STREAM_GCM;
            ret = wh_Server_CryptoFromWc(wc_AesGcmInit(&c->stream.aes, key, keyLen, iv, q->ivLen));
            if ((ret == WH_ERROR_OK) && (q->aadLen > 0)) {
                ret = wh_Server_CryptoFromWc(
                    wc_AesGcmEncryptUpdate(&c->stream.aes, NULL, NULL, 0, aad, q->aadLen));
            }
        }
        wh_Utils_ForceZero(key, sizeof(key));
    }
    else if (c->streamAlg != WH_SERVER_STREAM_GCM) {
        ret = WH_ERROR_NOSTREAM;
    }
    if ((ret == WH_ERROR_OK) && (q->dataLen > 0)) {
        ret = wh_Server_CryptoFromWc(
            wc_AesGcmEncryptUpdate(&c->stream.aes, out, in, q->dataLen, NULL, 0));
    }
    if ((ret == WH_ERROR_OK) && (q->step == WH_CRYPTO_STEP_FINAL)) {
        ret = wh_Server_CryptoFromWc(
            wc_AesGcmEncryptFinal(&c->stream.aes, out + q->dataLen, q->tagLen));
        wh_Server_CryptoStreamEnd(c);
    }
    if ((ret != WH_ERROR_OK) && (ret != WH_ERROR_NOSTREAM)) {
        wh_Server_CryptoStreamEnd(c);
    }
    return ret;
}

int wh_Server_CryptoCipher(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoCipherRequest q;
    const uint8_t*               iv;
    const uint8_t*               aad;
    const uint8_t*               in;
    const uint8_t*               tagIn;
    uint8_t*                     out = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                      key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize                    keyLen = sizeof(key);
    uint16_t                     tagOut = 0;
    int                          gcm;
    int                          rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateCipherRequest(magic, (const void*)req, &q);
    gcm = (q.mode == WH_CRYPTO_AES_GCM);
    if (!fits(reqSize, sizeof(q),
              (uint32_t)q.ivLen + q.aadLen + q.dataLen +
                  ((gcm && (q.dir == WH_CRYPTO_DECRYPT)) ? q.tagLen : 0u))) {
        return WH_ERROR_TRUNCATED;
    }
    iv    = req + sizeof(q);
    aad   = iv + q.ivLen;
    in    = aad + q.aadLen;
    tagIn = in + q.dataLen;
    if ((q.step != 0) && (q.step != WH_CRYPTO_STEP_ONESHOT)) {
        const int room = ((size_t)q.dataLen + q.tagLen <= OUT_ROOM);

        rc     = room ? gcmStream(server, &q, iv, aad, in, out) : WH_ERROR_BADARGS;
        tagOut = (q.step == WH_CRYPTO_STEP_FINAL) ? q.tagLen : 0u;
        if (rc != WH_ERROR_OK) {
            wh_Utils_ForceZero(out, OUT_ROOM);
        }
        return sendOut(magic, rc, q.dataLen, tagOut, resp, out_respSize);
    }
    if ((q.mode < WH_CRYPTO_AES_ECB) || (q.mode > WH_CRYPTO_AES_GCM)) {
        rc = WH_ERROR_BADALG;
    }
    else if (((q.dir != WH_CRYPTO_ENCRYPT) && (q.dir != WH_CRYPTO_DECRYPT)) ||
             ((size_t)q.dataLen + (gcm ? q.tagLen : 0u) > OUT_ROOM) || (!gcm && (q.aadLen != 0))) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId,
                                         (q.dir == WH_CRYPTO_ENCRYPT) ? WH_NVM_FLAGS_USAGE_ENCRYPT
                                                                      : WH_NVM_FLAGS_USAGE_DECRYPT,
                                         WH_KEY_TYPE_SECRET, key, &keyLen, NULL);
    }
    if ((rc == WH_ERROR_OK) && (keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
        rc = WH_ERROR_KEYTYPE;
    }
    if (rc == WH_ERROR_OK) {
        uint8_t* tag = (uint8_t*)(gcm && (q.dir == WH_CRYPTO_ENCRYPT) ? out + q.dataLen
                                                                      : (uint8_t*)tagIn);
        rc           = aesCrypt(&q, key, keyLen, iv, aad, in, out, tag);
        tagOut       = (gcm && (q.dir == WH_CRYPTO_ENCRYPT)) ? q.tagLen : 0u;
    }
    wh_Utils_ForceZero(key, sizeof(key));
    if (rc != WH_ERROR_OK) {
        wh_Utils_ForceZero(out, OUT_ROOM); /* no partial plaintext on a bad tag */
    }
    return sendOut(magic, rc, q.dataLen, tagOut, resp, out_respSize);
}

/* AES-GCM over host buffers: the data read once into private memory, the AAD streamed
 * through in private chunks, the output computed in private memory and copied to the host
 * only when the operation succeeded (a decryption: once the tag verified). */
typedef struct {
    Aes* aes;
    int  enc;
} gcmAad;

static int gcmAadSink(void* arg, const uint8_t* chunk, uint32_t len)
{
    const gcmAad* g = (const gcmAad*)arg;
    return wh_Server_CryptoFromWc(g->enc
                                      ? wc_AesGcmEncryptUpdate(g->aes, NULL, NULL, 0, chunk, len)
                                      : wc_AesGcmDecryptUpdate(g->aes, NULL, NULL, 0, chunk, len));
}

/* The GCM of a request by address on aes, with its data in buf (private). In one go, aes is
 * the caller's (on its stack). In a context with slices, aes is the context's stream (a GCM
 * state begun with the key and IV at the first slice; an open stream of the client ends) and
 * the AAD goes through WOLFHSM_CFG_SLICE_BYTES per slice (WH_ERROR_NOTREADY between them),
 * then the data and the tag in a slice of their own. Later slices keep what the first checked
 * (key, direction, tag length, AAD) and refuse a request that says otherwise; the data's
 * addresses are those of the last slice's request (checked like the first's), the tag to
 * check read from it. The output is written only when the operation succeeded. */
static int gcmDmaRun(whServerContext* server, const whMessageCryptoGcmDmaRequest* q, Aes* aes,
                     const uint8_t* key, whNvmSize keyLen, const uint8_t* iv, const uint8_t* in,
                     uint8_t* out, const uint8_t* aad, uint8_t* buf, uint8_t* tagOut)
{
    whServerCrypto* c      = &server->crypto;
    whServerSlice*  sl     = &server->slice;
    const int       sliced = server->slices;
    const int       enc    = (q->dir == WH_CRYPTO_ENCRYPT);
    gcmAad          g      = {.aes = aes, .enc = enc};
    int             rc     = WH_ERROR_OK;

    if (sl->chunkOp != WH_SERVER_CHUNK_GCM) { /* the first slice, or in one go */
        if (sliced) {
            wh_Server_CryptoStreamEnd(c);
        }
        rc = wh_Server_CryptoFromWc(wc_AesInit(aes, NULL, INVALID_DEVID));
        if (rc == WH_ERROR_OK) {
            c->streamAlg = sliced ? WH_SERVER_STREAM_GCM : c->streamAlg;
            rc           = wh_Server_CryptoFromWc(wc_AesGcmInit(aes, key, keyLen, iv, q->ivLen));
        }
        sl->chunkSrc  = aad;
        sl->chunkLen  = q->aadLen;
        sl->chunkDone = 0;
        sl->chunkTag  = (uint8_t)q->tagLen;
        sl->chunkDir  = (uint8_t)q->dir;
        sl->chunkOp   = (sliced && (rc == WH_ERROR_OK)) ? WH_SERVER_CHUNK_GCM : 0u;
    }
    else if ((q->dir != sl->chunkDir) || (q->tagLen != sl->chunkTag) ||
             (q->aadLen != sl->chunkLen)) {
        rc = WH_ERROR_BADARGS; /* not the request the first slice checked */
    }
    while ((rc == WH_ERROR_OK) && (sl->chunkDone < sl->chunkLen)) {
        uint32_t n = sl->chunkLen - sl->chunkDone;
        n          = (sliced && (n > WOLFHSM_CFG_SLICE_BYTES)) ? WOLFHSM_CFG_SLICE_BYTES : n;
        rc         = wh_Server_DmaStream(sl->chunkSrc + sl->chunkDone, n, gcmAadSink, &g);
        sl->chunkDone += n;
        if ((rc == WH_ERROR_OK) && sliced) {
            sl->slices++;
            return WH_ERROR_NOTREADY; /* more AAD, or the data, on a later pass */
        }
    }
    if (rc == WH_ERROR_OK) { /* the data and the tag */
        if (q->len > 0) {
            memcpy(buf, in, q->len); /* the one read of the data */
            rc = wh_Server_CryptoFromWc(
                enc ? wc_AesGcmEncryptUpdate(aes, buf, buf, q->len, NULL, 0)
                    : wc_AesGcmDecryptUpdate(aes, buf, buf, q->len, NULL, 0));
        }
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_CryptoFromWc(enc ? wc_AesGcmEncryptFinal(aes, tagOut, q->tagLen)
                                            : wc_AesGcmDecryptFinal(aes, iv + q->ivLen, q->tagLen));
        }
        if ((rc == WH_ERROR_OK) && (q->len > 0)) {
            memcpy(out, buf, q->len); /* the output, only now */
        }
        wh_Utils_ForceZero(buf, q->len);
    }
    if (sliced) {
        wh_Server_CryptoStreamEnd(c); /* done or failed: the GCM state goes */
    }
    else {
        wc_AesFree(aes);
        wh_Utils_ForceZero(aes, sizeof(*aes));
    }
    sl->chunkOp = 0;
    wh_Server_ChunkAbort(server);
    return rc;
}

int wh_Server_CryptoGcmDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoGcmDmaRequest q;
    const uint8_t*               iv     = req + sizeof(q);
    uint8_t*                     tagOut = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t*                     in     = NULL;
    uint8_t*                     out    = NULL;
    uint8_t*                     aad    = NULL;
    uint8_t                      buf[WOLFHSM_CFG_SERVER_DMA_MAX];
    uint8_t                      key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize                    keyLen = sizeof(key);
    Aes                          local;
    int                          enc;
    int                          rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateGcmDmaRequest(magic, (const void*)req, &q);
    enc = (q.dir == WH_CRYPTO_ENCRYPT);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.ivLen + (enc ? 0u : q.tagLen))) {
        return WH_ERROR_TRUNCATED;
    }
    if ((!enc && (q.dir != WH_CRYPTO_DECRYPT)) || (q.ivLen == 0) ||
        (q.tagLen < WH_CRYPTO_GCM_MIN_TAG) || (q.tagLen > WH_CRYPTO_GCM_MAX_TAG) ||
        (q.len > sizeof(buf))) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        /* Every buffer resolved before the key or any host byte is touched. */
        rc = wh_Server_DmaResolve(server, q.inAddr, q.len, WH_DMA_READ, &in);
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_DmaResolve(server, q.outAddr, q.len, WH_DMA_WRITE, &out);
        }
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_DmaResolve(server, q.aadAddr, q.aadLen, WH_DMA_READ, &aad);
        }
    }
    /* The key at the first slice (or in one go); a later slice has its GCM state. */
    if ((rc == WH_ERROR_OK) && (server->slice.chunkOp != WH_SERVER_CHUNK_GCM)) {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId,
                                         enc ? WH_NVM_FLAGS_USAGE_ENCRYPT
                                             : WH_NVM_FLAGS_USAGE_DECRYPT,
                                         WH_KEY_TYPE_SECRET, key, &keyLen, NULL);
        if ((rc == WH_ERROR_OK) && (keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
            rc = WH_ERROR_KEYTYPE;
        }
    }
    if (rc == WH_ERROR_OK) {
        rc = gcmDmaRun(server, &q, server->slices ? &server->crypto.stream.aes : &local, key,
                       keyLen, iv, in, out, aad, buf, tagOut);
    }
    else {
        wh_Server_ChunkAbort(server);
    }
    wh_Utils_ForceZero(key, sizeof(key));
    return (rc == WH_ERROR_NOTREADY)
               ? rc
               : sendOut(magic, rc, 0, enc ? q.tagLen : 0u, resp, out_respSize);
}

/* ---- HKDF ---- */

int wh_Server_CryptoHkdf(whServerContext* server, uint16_t magic, uint16_t reqSize,
                         const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoHkdfRequest q;
    uint8_t                    ikm[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint8_t                    okm[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize                  ikmLen   = sizeof(ikm);
    whNvmMetadata              meta     = {0};
    whNvmFlags                 ikmFlags = 0;
    whNvmMetadata              ikmMeta  = {0};
    int                        hash;
    int                        rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateHkdfRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.saltLen + q.infoLen)) {
        return WH_ERROR_TRUNCATED;
    }
    hash = (q.hash == WH_CRYPTO_SHA256)   ? WC_SHA256
           : (q.hash == WH_CRYPTO_SHA384) ? WC_SHA384
           : (q.hash == WH_CRYPTO_SHA512) ? WC_SHA512
                                          : -1;
    if (hash < 0) {
        rc = WH_ERROR_BADALG;
    }
    else if ((q.outLen == 0) || (q.outLen > sizeof(okm))) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        rc       = wh_Server_KeystoreGetForUse(server, q.ikmKeyId, WH_NVM_FLAGS_USAGE_DERIVE,
                                               WH_KEY_TYPE_SECRET, ikm, &ikmLen, &ikmMeta);
        ikmFlags = ikmMeta.flags;
    }
    if (rc == WH_ERROR_OK) {
        const uint8_t* salt = req + sizeof(q);
        rc = wh_Server_CryptoFromWc(wc_HKDF(hash, ikm, ikmLen, (q.saltLen > 0) ? salt : NULL,
                                            q.saltLen, salt + q.saltLen, q.infoLen, okm, q.outLen));
    }
    wh_Utils_ForceZero(ikm, sizeof(ikm));
    if (rc == WH_ERROR_OK) {
        /* The output key inherits the input key's policy. */
        rc = storeNewKey(server, &q.key, &ikmFlags, WH_KEY_TYPE_SECRET, okm, q.outLen, &meta);
    }
    wh_Utils_ForceZero(okm, sizeof(okm));
    return sendKey(magic, rc, &meta, 0, resp, out_respSize);
}
