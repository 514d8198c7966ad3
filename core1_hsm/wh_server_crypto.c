/*
 * wh_server_crypto.c: the CRYPTO group, on wolfCrypt (wire format in
 * wolfhsm/wh_message_crypto.h).
 *
 * Keys are named by id. The NVM lock is held only while a private copy of the key is taken
 * (usage and type checked, loaded from NVM if needed: wh_Server_KeystoreGetForUse); the
 * computation runs on that copy outside the lock, and every exit path wipes the copy and
 * any wolfCrypt object that held key material. Keys made here (key generation, HKDF,
 * shared secrets) go straight into the key store.
 *
 * Every length the client wrote is checked against the request size before use; an output
 * that does not fit one response is refused with WH_ERROR_BADARGS, never truncated.
 */
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/kdf.h>
#include <wolfssl/wolfcrypt/lms.h>
#include <wolfssl/wolfcrypt/wc_lms.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_server_keystore.h"
#include "wolfhsm/wh_utils.h"

/* Payload room after a response header. */
#define OUT_ROOM (WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoOutResponse))

/* Key material sizes (wh_nvm_types.h). */
#define P256_LEN 32
#define P256_PRIV_LEN (3 * P256_LEN)
#define P256_PUB_LEN (2 * P256_LEN)
#define X25519_LEN 32
#define ED25519_LEN 32

int wh_Server_CryptoInit(whServerContext* server)
{
    whServerCrypto* c = &server->crypto;

    memset(c, 0, sizeof(*c));
    if (wolfCrypt_Init() != 0) {
        return WH_ERROR_CRYPTO;
    }
    if (wc_InitRng(&c->rng) != 0) {
        (void)wolfCrypt_Cleanup();
        return WH_ERROR_CRYPTO;
    }
    c->rngReady = 1;
    return WH_ERROR_OK;
}

static void streamEnd(whServerCrypto* c)
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

void wh_Server_CryptoCleanup(whServerContext* server)
{
    whServerCrypto* c = &server->crypto;

    streamEnd(c);
    if (c->rngReady) {
        (void)wc_FreeRng(&c->rng);
        (void)wolfCrypt_Cleanup();
    }
    wh_Utils_ForceZero(c, sizeof(*c));
}

/* wolfCrypt's verdicts in our terms. */
static int fromWc(int wc)
{
    switch (wc) {
        case 0:
            return WH_ERROR_OK;
        case AES_GCM_AUTH_E:
        case SIG_VERIFY_E:
        case MAC_CMP_FAILED_E:
            return WH_ERROR_AUTH;
        case BAD_FUNC_ARG:
        case BUFFER_E:
        case ECC_BAD_ARG_E:
            return WH_ERROR_BADARGS;
        default:
            return WH_ERROR_CRYPTO;
    }
}

/* The verdict rc; when it is WH_ERROR_OK, the generic output header before the len
 * (+ tagLen) bytes the caller put after it. */
static int sendOut(uint16_t magic, int rc, uint16_t len, uint16_t tagLen, uint8_t* resp,
                   uint16_t* out_resp_size)
{
    const whMessageCryptoOutResponse r = {.len = len, .tagLen = tagLen};

    if (rc == WH_ERROR_OK) {
        wh_MessageCrypto_TranslateOutResponse(magic, &r, (void*)resp);
        *out_resp_size = (uint16_t)(sizeof(r) + len + tagLen);
    }
    return rc;
}

/* The verdict rc; when it is WH_ERROR_OK, the id of the key made (pubLen bytes of its
 * public key after the header). */
static int sendKey(uint16_t magic, int rc, const whNvmMetadata* meta, uint16_t pubLen,
                   uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoKeyResponse r = {.pubLen = pubLen};

    if (rc == WH_ERROR_OK) {
        r.keyId = wh_Server_ClientId(meta->id);
        wh_MessageCrypto_TranslateKeyResponse(magic, &r, (void*)resp);
        *out_resp_size = (uint16_t)(sizeof(r) + pubLen);
    }
    return rc;
}

/* Is a request of req_size bytes long enough for its struct and `parts` more bytes? */
static int fits(uint16_t req_size, size_t head, uint32_t parts)
{
    return ((size_t)req_size >= head) && (((size_t)req_size - head) >= parts);
}

/* Store a key made in the HSM under the requested id, flags (type forced) and label. */
static int storeNewKey(whServerContext* server, const whMessageCryptoNewKey* k, uint16_t type,
                       const uint8_t* material, whNvmSize len, whNvmMetadata* out_meta)
{
    memset(out_meta, 0, sizeof(*out_meta));
    out_meta->flags = (uint16_t)((k->outFlags & (uint16_t)~WH_NVM_FLAGS_KEYTYPE_MASK) |
                                 WH_NVM_FLAGS_KEYTYPE(type));
    out_meta->len   = len;
    memcpy(out_meta->label, k->label, sizeof(out_meta->label));
    return wh_Server_KeystoreCacheNew(server, k->outKeyId, out_meta, material);
}

/* ---- RNG ---- */

static int rng(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
               uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoRngRequest q;
    int                       rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateRngRequest(magic, (const void*)req, &q);
    if (q.len > OUT_ROOM) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        rc = fromWc(wc_RNG_GenerateBlock(&server->crypto.rng,
                                         resp + sizeof(whMessageCryptoOutResponse), q.len));
    }
    return sendOut(magic, rc, (uint16_t)q.len, 0, resp, out_resp_size);
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

/* Open the context's stream for alg; MACs take a copy of their key (usage checked). */
static int streamInit(whServerContext* server, uint16_t alg, uint16_t keyId, uint16_t usage)
{
    whServerCrypto* c = &server->crypto;
    uint8_t         key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize       keyLen = sizeof(key);
    int             ret    = WH_ERROR_OK;

    streamEnd(c); /* an abandoned stream is wiped here */
    if (isMac(alg)) {
        ret = wh_Server_KeystoreGetForUse(server, keyId, usage, WH_KEY_TYPE_SECRET, key,
                                          &keyLen);
    }
    if (ret == WH_ERROR_OK) {
        switch (alg) {
            case WH_CRYPTO_SHA256:
                ret = fromWc(wc_InitSha256(&c->stream.sha256));
                break;
            case WH_CRYPTO_SHA384:
                ret = fromWc(wc_InitSha384(&c->stream.sha512));
                break;
            case WH_CRYPTO_SHA512:
                ret = fromWc(wc_InitSha512(&c->stream.sha512));
                break;
            case WH_CRYPTO_HMAC_SHA256:
            case WH_CRYPTO_HMAC_SHA384:
                ret = fromWc(wc_HmacInit(&c->stream.hmac, NULL, INVALID_DEVID));
                if (ret == WH_ERROR_OK) {
                    ret = fromWc(wc_HmacSetKey(&c->stream.hmac,
                                               (alg == WH_CRYPTO_HMAC_SHA256) ? WC_SHA256
                                                                              : WC_SHA384,
                                               key, keyLen));
                    if (ret != WH_ERROR_OK) {
                        wc_HmacFree(&c->stream.hmac);
                    }
                }
                break;
            default: /* WH_CRYPTO_CMAC_AES */
                ret = fromWc(
                    wc_InitCmac(&c->stream.cmac, key, keyLen, WC_CMAC_AES, NULL));
                if ((keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
                    ret = WH_ERROR_KEYTYPE;
                }
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

static int streamUpdate(whServerCrypto* c, const uint8_t* data, uint16_t len)
{
    if (len == 0) {
        return WH_ERROR_OK;
    }
    switch (c->streamAlg) {
        case WH_CRYPTO_SHA256:
            return fromWc(wc_Sha256Update(&c->stream.sha256, data, len));
        case WH_CRYPTO_SHA384:
            return fromWc(wc_Sha384Update(&c->stream.sha512, data, len));
        case WH_CRYPTO_SHA512:
            return fromWc(wc_Sha512Update(&c->stream.sha512, data, len));
        case WH_CRYPTO_HMAC_SHA256:
        case WH_CRYPTO_HMAC_SHA384:
            return fromWc(wc_HmacUpdate(&c->stream.hmac, data, len));
        case WH_CRYPTO_CMAC_AES:
            return fromWc(wc_CmacUpdate(&c->stream.cmac, data, len));
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
            ret = fromWc(wc_Sha256Final(&c->stream.sha256, out));
            break;
        case WH_CRYPTO_SHA384:
            ret = fromWc(wc_Sha384Final(&c->stream.sha512, out));
            break;
        case WH_CRYPTO_SHA512:
            ret = fromWc(wc_Sha512Final(&c->stream.sha512, out));
            break;
        case WH_CRYPTO_HMAC_SHA256:
        case WH_CRYPTO_HMAC_SHA384:
            ret = fromWc(wc_HmacFinal(&c->stream.hmac, out));
            break;
        case WH_CRYPTO_CMAC_AES:
            ret = fromWc(wc_CmacFinal(&c->stream.cmac, out, &tagLen));
            break;
        default:
            return WH_ERROR_NOSTREAM;
    }
    streamEnd(c);
    return ret;
}

/* Constant-time comparison of the first len bytes. */
static int sameBytes(const uint8_t* a, const uint8_t* b, size_t len)
{
    uint8_t diff = 0;
    size_t  i;

    for (i = 0; i < len; i++) {
        diff |= (uint8_t)(a[i] ^ b[i]);
    }
    return diff == 0;
}

static int digest(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
{
    whServerCrypto*              c = &server->crypto;
    whMessageCryptoDigestRequest q;
    const uint8_t*               data = req + sizeof(q);
    uint8_t*                     out  = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                      mac[WH_CRYPTO_MAX_DIGEST];
    uint16_t                     len = 0;
    int                          rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateDigestRequest(magic, (const void*)req, &q);
    if (!fits(req_size, sizeof(q), (uint32_t)q.dataLen + q.tagLen)) {
        return WH_ERROR_TRUNCATED;
    }
    if (digestLen(q.alg) == 0) {
        return sendOut(magic, WH_ERROR_BADALG, 0, 0, resp, out_resp_size);
    }
    switch (q.step) {
        case WH_CRYPTO_STEP_ONESHOT:
        case WH_CRYPTO_STEP_VERIFY:
        case WH_CRYPTO_STEP_INIT: {
            int verify = (q.step == WH_CRYPTO_STEP_VERIFY);
            if (verify && (!isMac(q.alg) || (q.tagLen < 4) || (q.tagLen > digestLen(q.alg)))) {
                rc = WH_ERROR_BADARGS;
                break;
            }
            rc = streamInit(server, q.alg, q.keyId,
                            verify ? WH_NVM_FLAGS_USAGE_VERIFY : WH_NVM_FLAGS_USAGE_SIGN);
            if (rc == WH_ERROR_OK) {
                rc = streamUpdate(c, data, q.dataLen);
            }
            if ((rc == WH_ERROR_OK) && (q.step != WH_CRYPTO_STEP_INIT)) {
                rc = streamFinal(c, verify ? mac : out);
                len = verify ? 0 : digestLen(q.alg);
                if ((rc == WH_ERROR_OK) && verify && !sameBytes(mac, data + q.dataLen, q.tagLen)) {
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
        streamEnd(c); /* a failed step ends the stream: nothing half-done lingers */
    }
    wh_Utils_ForceZero(mac, sizeof(mac));
    return sendOut(magic, rc, len, 0, resp, out_resp_size);
}

/* ---- AES ---- */

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
            ret = fromWc(wc_AesSetKey(&aes, key, keyLen,
                                      (q->mode == WH_CRYPTO_AES_CBC) ? iv : NULL,
                                      enc ? AES_ENCRYPTION : AES_DECRYPTION));
            if (ret != WH_ERROR_OK) {
                break;
            }
            if (q->mode == WH_CRYPTO_AES_ECB) {
                ret = fromWc(enc ? wc_AesEcbEncrypt(&aes, out, in, q->dataLen)
                                 : wc_AesEcbDecrypt(&aes, out, in, q->dataLen));
            }
            else {
                ret = fromWc(enc ? wc_AesCbcEncrypt(&aes, out, in, q->dataLen)
                                 : wc_AesCbcDecrypt(&aes, out, in, q->dataLen));
            }
            break;
        case WH_CRYPTO_AES_CTR:
            if (q->ivLen != AES_BLOCK_SIZE) {
                ret = WH_ERROR_BADARGS;
                break;
            }
            ret = fromWc(wc_AesSetKeyDirect(&aes, key, keyLen, iv, AES_ENCRYPTION));
            if (ret == WH_ERROR_OK) {
                ret = fromWc(wc_AesCtrEncrypt(&aes, out, in, q->dataLen));
            }
            break;
        default: /* WH_CRYPTO_AES_GCM */
            if ((q->ivLen == 0) || (q->tagLen < WOLFSSL_MIN_AUTH_TAG_SZ) ||
                (q->tagLen > AES_BLOCK_SIZE)) {
                ret = WH_ERROR_BADARGS;
                break;
            }
            ret = fromWc(wc_AesGcmSetKey(&aes, key, keyLen));
            if (ret != WH_ERROR_OK) {
                break;
            }
            if (enc) {
                ret = fromWc(wc_AesGcmEncrypt(&aes, out, in, q->dataLen, iv, q->ivLen, tag,
                                              q->tagLen, aad, q->aadLen));
            }
            else {
                ret = fromWc(wc_AesGcmDecrypt(&aes, out, in, q->dataLen, iv, q->ivLen, tag,
                                              q->tagLen, aad, q->aadLen));
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
    whServerCrypto* c = &server->crypto;
    int             ret = WH_ERROR_OK;

    if ((q->mode != WH_CRYPTO_AES_GCM) || (q->dir != WH_CRYPTO_ENCRYPT) ||
        ((q->step != WH_CRYPTO_STEP_INIT) && ((q->ivLen != 0) || (q->aadLen != 0))) ||
        ((q->step == WH_CRYPTO_STEP_FINAL) &&
         ((q->tagLen < WOLFSSL_MIN_AUTH_TAG_SZ) || (q->tagLen > AES_BLOCK_SIZE)))) {
        return WH_ERROR_BADARGS;
    }
    if (q->step == WH_CRYPTO_STEP_INIT) {
        uint8_t   key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
        whNvmSize keyLen = sizeof(key);

        streamEnd(c);
        ret = wh_Server_KeystoreGetForUse(server, q->keyId, WH_NVM_FLAGS_USAGE_ENCRYPT,
                                          WH_KEY_TYPE_SECRET, key, &keyLen);
        if ((ret == WH_ERROR_OK) && (keyLen != 16) && (keyLen != 24) && (keyLen != 32)) {
            ret = WH_ERROR_KEYTYPE;
        }
        if ((ret == WH_ERROR_OK) && (q->ivLen == 0)) {
            ret = WH_ERROR_BADARGS;
        }
        if (ret == WH_ERROR_OK) {
            ret = fromWc(wc_AesInit(&c->stream.aes, NULL, INVALID_DEVID));
        }
        if (ret == WH_ERROR_OK) {
            c->streamAlg = WH_SERVER_STREAM_GCM;
            ret = fromWc(wc_AesGcmInit(&c->stream.aes, key, keyLen, iv, q->ivLen));
            if ((ret == WH_ERROR_OK) && (q->aadLen > 0)) {
                ret = fromWc(wc_AesGcmEncryptUpdate(&c->stream.aes, NULL, NULL, 0, aad,
                                                    q->aadLen));
            }
        }
        wh_Utils_ForceZero(key, sizeof(key));
    }
    else if (c->streamAlg != WH_SERVER_STREAM_GCM) {
        ret = WH_ERROR_NOSTREAM;
    }
    if ((ret == WH_ERROR_OK) && (q->dataLen > 0)) {
        ret = fromWc(wc_AesGcmEncryptUpdate(&c->stream.aes, out, in, q->dataLen, NULL, 0));
    }
    if ((ret == WH_ERROR_OK) && (q->step == WH_CRYPTO_STEP_FINAL)) {
        ret = fromWc(wc_AesGcmEncryptFinal(&c->stream.aes, out + q->dataLen, q->tagLen));
        streamEnd(c);
    }
    if ((ret != WH_ERROR_OK) && (ret != WH_ERROR_NOSTREAM)) {
        streamEnd(c);
    }
    return ret;
}

static int cipher(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
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

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateCipherRequest(magic, (const void*)req, &q);
    gcm = (q.mode == WH_CRYPTO_AES_GCM);
    if (!fits(req_size, sizeof(q),
              (uint32_t)q.ivLen + q.aadLen + q.dataLen +
                  ((gcm && (q.dir == WH_CRYPTO_DECRYPT)) ? q.tagLen : 0u))) {
        return WH_ERROR_TRUNCATED;
    }
    iv    = req + sizeof(q);
    aad   = iv + q.ivLen;
    in    = aad + q.aadLen;
    tagIn = in + q.dataLen;
    if ((q.step != 0) && (q.step != WH_CRYPTO_STEP_ONESHOT)) {
        rc = ((size_t)q.dataLen + q.tagLen > OUT_ROOM)
                 ? WH_ERROR_BADARGS
                 : gcmStream(server, &q, iv, aad, in, out);
        tagOut = (q.step == WH_CRYPTO_STEP_FINAL) ? q.tagLen : 0u;
        if (rc != WH_ERROR_OK) {
            wh_Utils_ForceZero(out, OUT_ROOM);
        }
        return sendOut(magic, rc, q.dataLen, tagOut, resp, out_resp_size);
    }
    if ((q.mode < WH_CRYPTO_AES_ECB) || (q.mode > WH_CRYPTO_AES_GCM)) {
        rc = WH_ERROR_BADALG;
    }
    else if (((q.dir != WH_CRYPTO_ENCRYPT) && (q.dir != WH_CRYPTO_DECRYPT)) ||
             ((size_t)q.dataLen + (gcm ? q.tagLen : 0u) > OUT_ROOM) ||
             (!gcm && (q.aadLen != 0))) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId,
                                         (q.dir == WH_CRYPTO_ENCRYPT)
                                             ? WH_NVM_FLAGS_USAGE_ENCRYPT
                                             : WH_NVM_FLAGS_USAGE_DECRYPT,
                                         WH_KEY_TYPE_SECRET, key, &keyLen);
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
    return sendOut(magic, rc, q.dataLen, tagOut, resp, out_resp_size);
}

/* ---- HKDF ---- */

static int hkdf(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoHkdfRequest q;
    uint8_t                    ikm[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint8_t                    okm[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    whNvmSize                  ikmLen = sizeof(ikm);
    whNvmMetadata              meta   = {0};
    int                        hash;
    int                        rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateHkdfRequest(magic, (const void*)req, &q);
    if (!fits(req_size, sizeof(q), (uint32_t)q.saltLen + q.infoLen)) {
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
        rc = wh_Server_KeystoreGetForUse(server, q.ikmKeyId, WH_NVM_FLAGS_USAGE_DERIVE,
                                         WH_KEY_TYPE_SECRET, ikm, &ikmLen);
    }
    if (rc == WH_ERROR_OK) {
        const uint8_t* salt = req + sizeof(q);
        rc = fromWc(wc_HKDF(hash, ikm, ikmLen, (q.saltLen > 0) ? salt : NULL, q.saltLen,
                            salt + q.saltLen, q.infoLen, okm, q.outLen));
    }
    wh_Utils_ForceZero(ikm, sizeof(ikm));
    if (rc == WH_ERROR_OK) {
        rc = storeNewKey(server, &q.key, WH_KEY_TYPE_SECRET, okm, q.outLen, &meta);
    }
    wh_Utils_ForceZero(okm, sizeof(okm));
    return sendKey(magic, rc, &meta, 0, resp, out_resp_size);
}

/* ---- Public-key: wolfCrypt objects from our raw key formats ---- */

typedef union {
    ecc_key        ecc;
    ed25519_key    ed;
    curve25519_key x;
} pkKey;

/* Load an ECC P-256 key: d || Qx || Qy (private) or Qx || Qy (public). */
static int loadEcc(ecc_key* k, const uint8_t* raw, word32 len)
{
    const uint8_t* q = (len == P256_PRIV_LEN) ? raw + P256_LEN : raw;
    uint8_t        qx[P256_LEN];
    uint8_t        qy[P256_LEN];
    int            ret;

    if ((len != P256_PRIV_LEN) && (len != P256_PUB_LEN)) {
        return WH_ERROR_KEYTYPE;
    }
    if (wc_ecc_init(k) != 0) {
        return WH_ERROR_CRYPTO;
    }
    memcpy(qx, q, P256_LEN);
    memcpy(qy, q + P256_LEN, P256_LEN);
    /* wc_ecc_import_unsigned wants the private scalar as a separate buffer. */
    ret = fromWc(wc_ecc_import_unsigned(k, qx, qy, (len == P256_PRIV_LEN) ? (byte*)raw : NULL,
                                        ECC_SECP256R1));
    if (ret != WH_ERROR_OK) {
        wc_ecc_free(k);
        return WH_ERROR_KEYTYPE;
    }
    return WH_ERROR_OK;
}

static int loadEd25519(ed25519_key* k, const uint8_t* raw, word32 len, int needPrivate)
{
    int ret;

    if ((len != 2 * ED25519_LEN) && (needPrivate || (len != ED25519_LEN))) {
        return WH_ERROR_KEYTYPE;
    }
    if (wc_ed25519_init(k) != 0) {
        return WH_ERROR_CRYPTO;
    }
    ret = (len == 2 * ED25519_LEN)
              ? wc_ed25519_import_private_key(raw, ED25519_LEN, raw + ED25519_LEN, ED25519_LEN, k)
              : wc_ed25519_import_public(raw, ED25519_LEN, k);
    if (ret != 0) {
        wc_ed25519_free(k);
        return WH_ERROR_KEYTYPE;
    }
    return WH_ERROR_OK;
}

static int keygen(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoKeygenRequest q;
    uint8_t*                     pub = resp + sizeof(whMessageCryptoKeyResponse);
    uint8_t                      raw[P256_PRIV_LEN];
    whNvmSize                    rawLen = 0;
    uint16_t                     pubLen = 0;
    whNvmMetadata                meta   = {0};
    WC_RNG*                      r      = &server->crypto.rng;
    pkKey                        k;
    int                          rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateKeygenRequest(magic, (const void*)req, &q);
    switch (q.type) {
        case WH_KEY_TYPE_ECC_P256: {
            word32 dLen = P256_LEN, xLen = P256_LEN, yLen = P256_LEN;
            rc          = fromWc(wc_ecc_init(&k.ecc));
            if (rc == WH_ERROR_OK) {
                rc = fromWc(wc_ecc_make_key_ex(r, P256_LEN, &k.ecc, ECC_SECP256R1));
                if (rc == WH_ERROR_OK) {
                    rc = fromWc(wc_ecc_export_private_raw(&k.ecc, raw + P256_LEN, &xLen,
                                                          raw + 2 * P256_LEN, &yLen, raw,
                                                          &dLen));
                }
                wc_ecc_free(&k.ecc);
            }
            rawLen = P256_PRIV_LEN;
            pubLen = P256_PUB_LEN;
            break;
        }
        case WH_KEY_TYPE_ED25519: {
            word32 privLen = 2 * ED25519_LEN, pLen = ED25519_LEN;
            uint8_t both[2 * ED25519_LEN];
            rc = fromWc(wc_ed25519_init(&k.ed));
            if (rc == WH_ERROR_OK) {
                rc = fromWc(wc_ed25519_make_key(r, ED25519_LEN, &k.ed));
                if (rc == WH_ERROR_OK) {
                    rc = fromWc(wc_ed25519_export_key(&k.ed, both, &privLen, raw + ED25519_LEN,
                                                      &pLen));
                    memcpy(raw, both, ED25519_LEN); /* the seed */
                }
                wh_Utils_ForceZero(both, sizeof(both));
                wc_ed25519_free(&k.ed);
            }
            rawLen = 2 * ED25519_LEN;
            pubLen = ED25519_LEN;
            break;
        }
        case WH_KEY_TYPE_X25519: {
            word32 privLen = X25519_LEN, pLen = X25519_LEN;
            rc             = fromWc(wc_curve25519_init(&k.x));
            if (rc == WH_ERROR_OK) {
                rc = fromWc(wc_curve25519_make_key(r, X25519_LEN, &k.x));
                if (rc == WH_ERROR_OK) {
                    rc = fromWc(wc_curve25519_export_private_raw_ex(&k.x, raw, &privLen,
                                                                    EC25519_LITTLE_ENDIAN));
                }
                if (rc == WH_ERROR_OK) {
                    rc = fromWc(wc_curve25519_export_public_ex(&k.x, raw + X25519_LEN, &pLen,
                                                               EC25519_LITTLE_ENDIAN));
                }
                wc_curve25519_free(&k.x);
            }
            rawLen = 2 * X25519_LEN;
            pubLen = X25519_LEN;
            break;
        }
        default:
            rc = WH_ERROR_BADALG;
            break;
    }
    wh_Utils_ForceZero(&k, sizeof(k));
    if (rc == WH_ERROR_OK) {
        rc = storeNewKey(server, &q.key, q.type, raw, rawLen, &meta);
    }
    if (rc == WH_ERROR_OK) {
        memcpy(pub, raw + (rawLen - pubLen), pubLen); /* the public part is last */
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    return sendKey(magic, rc, &meta, (rc == WH_ERROR_OK) ? pubLen : 0u, resp, out_resp_size);
}

static int sign(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoSignRequest q;
    const uint8_t*             msg = req + sizeof(q);
    uint8_t*                   sig = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                    raw[P256_PRIV_LEN];
    whNvmSize                  rawLen = sizeof(raw);
    word32                     sigLen = WH_CRYPTO_MAX_SIG;
    pkKey                      k;
    int                        rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateSignRequest(magic, (const void*)req, &q);
    if (!fits(req_size, sizeof(q), q.msgLen)) {
        return WH_ERROR_TRUNCATED;
    }
    if (q.alg == WH_CRYPTO_ECDSA_P256) {
        rc = ((q.msgLen < 28) || (q.msgLen > WH_CRYPTO_MAX_DIGEST))
                 ? WH_ERROR_BADARGS
                 : wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_SIGN,
                                               WH_KEY_TYPE_ECC_P256, raw, &rawLen);
        if ((rc == WH_ERROR_OK) && (rawLen != P256_PRIV_LEN)) {
            rc = WH_ERROR_KEYTYPE; /* public key only */
        }
        if ((rc == WH_ERROR_OK) && ((rc = loadEcc(&k.ecc, raw, rawLen)) == WH_ERROR_OK)) {
            rc = fromWc(wc_ecc_sign_hash(msg, q.msgLen, sig, &sigLen, &server->crypto.rng,
                                         &k.ecc));
            wc_ecc_free(&k.ecc);
        }
    }
    else if (q.alg == WH_CRYPTO_ED25519) {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_SIGN,
                                         WH_KEY_TYPE_ED25519, raw, &rawLen);
        if ((rc == WH_ERROR_OK) && ((rc = loadEd25519(&k.ed, raw, rawLen, 1)) == WH_ERROR_OK)) {
            rc = fromWc(wc_ed25519_sign_msg(msg, q.msgLen, sig, &sigLen, &k.ed));
            wc_ed25519_free(&k.ed);
        }
    }
    else {
        rc = WH_ERROR_BADALG;
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    return sendOut(magic, rc, (uint16_t)sigLen, 0, resp, out_resp_size);
}

/* LMS/HSS (RFC 8554) verification with an inline public key: its first 12 bytes name the
 * levels, the LMS type (tree height) and the LM-OTS type (Winternitz width). */
static uint32_t be32(const uint8_t* p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int verifyLms(const uint8_t* pub, uint16_t pubLen, const uint8_t* sig, uint16_t sigLen,
                     const uint8_t* msg, uint16_t msgLen)
{
    static const int heights[] = {5, 10, 15, 20, 25};   /* LMS_SHA256_M32_H5 = 5 ... */
    static const int widths[]  = {1, 2, 4, 8};          /* LMOTS_SHA256_N32_W1 = 1 ... */
    LmsKey           key;
    uint32_t         levels, lmsType, otsType;
    int              ret;

    if (pubLen != HSS_PUBLIC_KEY_LEN) {
        return WH_ERROR_BADARGS;
    }
    levels  = be32(pub);
    lmsType = be32(pub + 4);
    otsType = be32(pub + 8);
    if ((levels < 1) || (levels > 8) || (lmsType < 5) || (lmsType > 9) || (otsType < 1) ||
        (otsType > 4)) {
        return WH_ERROR_BADALG;
    }
    if (wc_LmsKey_Init(&key, NULL, INVALID_DEVID) != 0) {
        return WH_ERROR_CRYPTO;
    }
    ret = wc_LmsKey_SetParameters(&key, (int)levels, heights[lmsType - 5], widths[otsType - 1]);
    ret = (ret == 0) ? fromWc(wc_LmsKey_ImportPubRaw(&key, pub, pubLen)) : WH_ERROR_BADALG;
    if (ret == WH_ERROR_OK) {
        ret = wc_LmsKey_Verify(&key, sig, sigLen, msg, msgLen);
        ret = (ret == 0) ? WH_ERROR_OK : (ret == BUFFER_E) ? WH_ERROR_BADARGS : WH_ERROR_AUTH;
    }
    wc_LmsKey_Free(&key);
    return ret;
}

static int verify(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoVerifyRequest q;
    const uint8_t*               pub;
    const uint8_t*               sig;
    const uint8_t*               msg;
    uint8_t                      raw[P256_PRIV_LEN];
    whNvmSize                    rawLen = sizeof(raw);
    int                          res    = 0;
    pkKey                        k;
    int                          rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateVerifyRequest(magic, (const void*)req, &q);
    if (!fits(req_size, sizeof(q), (uint32_t)q.pubLen + q.sigLen + q.msgLen)) {
        return WH_ERROR_TRUNCATED;
    }
    pub = req + sizeof(q);
    sig = pub + q.pubLen;
    msg = sig + q.sigLen;

    if (q.alg == WH_CRYPTO_LMS) {
        rc = (q.keyId != 0) ? WH_ERROR_BADARGS
                            : verifyLms(pub, q.pubLen, sig, q.sigLen, msg, q.msgLen);
        return sendOut(magic, rc, 0, 0, resp, out_resp_size);
    }
    if ((q.alg != WH_CRYPTO_ECDSA_P256) && (q.alg != WH_CRYPTO_ED25519)) {
        return sendOut(magic, WH_ERROR_BADALG, 0, 0, resp, out_resp_size);
    }
    /* The key: by id (verify usage) or inline public key. */
    if (q.keyId != 0) {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_VERIFY,
                                         (q.alg == WH_CRYPTO_ECDSA_P256) ? WH_KEY_TYPE_ECC_P256
                                                                         : WH_KEY_TYPE_ED25519,
                                         raw, &rawLen);
    }
    else if (q.pubLen <= sizeof(raw)) {
        memcpy(raw, pub, q.pubLen);
        rawLen = q.pubLen;
        rc     = WH_ERROR_OK;
    }
    else {
        rc = WH_ERROR_BADARGS;
    }
    if ((rc == WH_ERROR_OK) && (q.alg == WH_CRYPTO_ECDSA_P256)) {
        rc = ((q.msgLen < 28) || (q.msgLen > WH_CRYPTO_MAX_DIGEST)) ? WH_ERROR_BADARGS
                                                                    : loadEcc(&k.ecc, raw, rawLen);
        if (rc == WH_ERROR_OK) {
            /* With the key and hash accepted, any failure is the signature's: malformed DER
             * is a signature that does not verify. */
            rc = ((wc_ecc_verify_hash(sig, q.sigLen, msg, q.msgLen, &res, &k.ecc) == 0) &&
                  (res == 1))
                     ? WH_ERROR_OK
                     : WH_ERROR_AUTH;
            wc_ecc_free(&k.ecc);
        }
    }
    else if (rc == WH_ERROR_OK) {
        rc = loadEd25519(&k.ed, raw, rawLen, 0);
        if (rc == WH_ERROR_OK) {
            rc = ((q.sigLen == ED25519_SIG_SIZE) &&
                  (wc_ed25519_verify_msg(sig, q.sigLen, msg, q.msgLen, &res, &k.ed) == 0) &&
                  (res == 1))
                     ? WH_ERROR_OK
                     : WH_ERROR_AUTH;
            wc_ed25519_free(&k.ed);
        }
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    return sendOut(magic, rc, 0, 0, resp, out_resp_size);
}

static int shared(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageCryptoSharedRequest q;
    const uint8_t*               peer = req + sizeof(q);
    uint8_t                      raw[P256_PRIV_LEN];
    uint8_t                      secret[P256_LEN];
    whNvmSize                    rawLen    = sizeof(raw);
    word32                       secretLen = sizeof(secret);
    whNvmMetadata                meta      = {0};
    whNvmMetadata                own;
    pkKey                        k;
    pkKey                        p;
    int                          rc;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateSharedRequest(magic, (const void*)req, &q);
    if (!fits(req_size, sizeof(q), q.pubLen)) {
        return WH_ERROR_TRUNCATED;
    }
    /* The private key's type says which exchange this is. */
    rc = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_DERIVE,
                                     (q.pubLen == P256_PUB_LEN) ? WH_KEY_TYPE_ECC_P256
                                                                : WH_KEY_TYPE_X25519,
                                     raw, &rawLen);
    memset(&own, 0, sizeof(own));
    if ((rc == WH_ERROR_OK) && (q.pubLen == P256_PUB_LEN)) {
        rc = (rawLen == P256_PRIV_LEN) ? loadEcc(&k.ecc, raw, rawLen) : WH_ERROR_KEYTYPE;
        if (rc == WH_ERROR_OK) {
            rc = loadEcc(&p.ecc, peer, P256_PUB_LEN);
            if (rc == WH_ERROR_OK) {
                (void)wc_ecc_set_rng(&k.ecc, &server->crypto.rng);
                rc = fromWc(wc_ecc_shared_secret(&k.ecc, &p.ecc, secret, &secretLen));
                wc_ecc_free(&p.ecc);
            }
            wc_ecc_free(&k.ecc);
        }
    }
    else if ((rc == WH_ERROR_OK) && (q.pubLen == X25519_LEN)) {
        rc = (rawLen == 2 * X25519_LEN) ? WH_ERROR_OK : WH_ERROR_KEYTYPE;
        if ((rc == WH_ERROR_OK) && (wc_curve25519_init(&k.x) == 0)) {
            rc = fromWc(wc_curve25519_import_private_raw_ex(raw, X25519_LEN, raw + X25519_LEN,
                                                            X25519_LEN, &k.x,
                                                            EC25519_LITTLE_ENDIAN));
            if ((rc == WH_ERROR_OK) && (wc_curve25519_init(&p.x) == 0)) {
                rc = fromWc(wc_curve25519_import_public_ex(peer, X25519_LEN, &p.x,
                                                           EC25519_LITTLE_ENDIAN));
                if (rc == WH_ERROR_OK) {
                    rc = fromWc(wc_curve25519_shared_secret_ex(&k.x, &p.x, secret, &secretLen,
                                                               EC25519_LITTLE_ENDIAN));
                }
                wc_curve25519_free(&p.x);
            }
            wc_curve25519_free(&k.x);
        }
    }
    else if (rc == WH_ERROR_OK) {
        rc = WH_ERROR_BADARGS; /* peer key of no supported size */
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    if (rc == WH_ERROR_OK) {
        rc = storeNewKey(server, &q.key, WH_KEY_TYPE_SECRET, secret, (whNvmSize)secretLen, &meta);
    }
    wh_Utils_ForceZero(secret, sizeof(secret));
    return sendKey(magic, rc, &meta, 0, resp, out_resp_size);
}

/* Public key of a key pair: the public part is the tail of our raw formats. */
static int pubkey(whServerContext* server, uint16_t magic, uint16_t req_size, const uint8_t* req,
                  uint8_t* resp, uint16_t* out_resp_size)
{
    whMessageIdRequest q;
    uint8_t*           out = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t            raw[P256_PRIV_LEN];
    whNvmSize          rawLen = sizeof(raw);
    uint16_t           len    = 0;
    int                rc     = WH_ERROR_KEYTYPE;
    uint16_t           type;

    if (req_size < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_Message_TranslateIdRequest(magic, (const void*)req, &q);
    for (type = WH_KEY_TYPE_ECC_P256; (rc == WH_ERROR_KEYTYPE) && (type <= WH_KEY_TYPE_X25519);
         type++) {
        rawLen = sizeof(raw);
        rc     = wh_Server_KeystoreGetForUse(server, q.id, 0, type, raw, &rawLen);
        if (rc == WH_ERROR_OK) {
            len = (type == WH_KEY_TYPE_ECC_P256) ? P256_PUB_LEN : ED25519_LEN;
            if (rawLen < len) {
                rc = WH_ERROR_KEYTYPE;
                break;
            }
            memcpy(out, raw + (rawLen - len), len);
        }
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    return sendOut(magic, rc, len, 0, resp, out_resp_size);
}

int wh_Server_HandleCrypto(whServerContext* server, uint16_t magic, uint16_t action,
                           uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                           uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_CRYPTO_ACTION_RNG:
            return rng(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_DIGEST:
            return digest(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_CIPHER:
            return cipher(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_HKDF:
            return hkdf(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_KEYGEN:
            return keygen(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_SIGN:
            return sign(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_VERIFY:
            return verify(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_SHARED:
            return shared(server, magic, req_size, req, resp, out_resp_size);
        case WH_MESSAGE_CRYPTO_ACTION_PUBKEY:
            return pubkey(server, magic, req_size, req, resp, out_resp_size);
        default:
            return WH_ERROR_BADKIND;
    }
}
