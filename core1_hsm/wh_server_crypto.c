/*
 * wh_server_crypto.c: the CRYPTO group, on wolfCrypt (wire format in
 * wolfhsm/wh_message_crypto.h): each context's crypto state, the RNG, and the dispatch to
 * the symmetric (wh_server_crypto_sym.c) and public-key (wh_server_crypto_pk.c) actions.
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

#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#include "wh_server_crypto_internal.h"
#include "wolfhsm/wh_utils.h"

int wh_Server_CryptoFromWc(int wc)
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
        case ECC_OUT_OF_RANGE_E: /* a coordinate >= p; X25519: a shared secret of zeros */
        case ECC_INF_E:          /* the point at infinity */
        case ECC_PRIV_KEY_E:     /* Q is not d.G */
        case PUBLIC_KEY_E:       /* Ed25519: not a point, or not the seed's */
        case IS_POINT_E:         /* not on the curve */
            return WH_ERROR_BADKEY;
        default:
            return WH_ERROR_CRYPTO;
    }
}

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

void wh_Server_CryptoCleanup(whServerContext* server)
{
    whServerCrypto* c = &server->crypto;

    wh_Server_CryptoStreamEnd(c);
    wh_Server_MacDropAll(server);
    if (c->rngReady) {
        (void)wc_FreeRng(&c->rng);
        (void)wolfCrypt_Cleanup();
    }
    wh_Utils_ForceZero(c, sizeof(*c));
}

/* ---- RNG ---- */

static int rng(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
               uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoRngRequest q;
    int                       rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateRngRequest(magic, (const void*)req, &q);
    if (q.len > OUT_ROOM) {
        rc = WH_ERROR_BADARGS;
    }
    else {
        rc = wh_Server_CryptoFromWc(wc_RNG_GenerateBlock(&server->crypto.rng,
                                                         resp + sizeof(whMessageCryptoOutResponse),
                                                         q.len));
    }
    return sendOut(magic, rc, (uint16_t)q.len, 0, resp, out_respSize);
}

/* The client's seed after 32 bytes of the HSM's own entropy, as the input of a reseed of
 * the client's DRBG (which keeps its state in the mix). */
static int rngSeed(whServerContext* server, uint16_t magic, uint16_t reqSize, const uint8_t* req,
                   uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoRngRequest q;
    uint8_t                   in[32 + WH_CRYPTO_RNG_SEED_MAX];
    int                       rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateRngRequest(magic, (const void*)req, &q);
    if ((q.len == 0u) || (q.len > WH_CRYPTO_RNG_SEED_MAX)) {
        rc = WH_ERROR_BADARGS;
    }
    else if (reqSize - sizeof(q) < q.len) {
        return WH_ERROR_TRUNCATED;
    }
    else if (wh_Entropy_GenerateSeed(in, 32) != 0) {
        rc = WH_ERROR_CRYPTO;
    }
    else {
        memcpy(in + 32, req + sizeof(q), q.len);
        rc = wh_Server_CryptoFromWc(wc_RNG_DRBG_Reseed(&server->crypto.rng, in, 32 + q.len));
    }
    wh_Utils_ForceZero(in, sizeof(in));
    return sendOut(magic, rc, 0, 0, resp, out_respSize);
}

int wh_Server_HandleCrypto(whServerContext* server, uint16_t magic, uint16_t action,
                           uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                           uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_CRYPTO_ACTION_RNG:
            return rng(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_RNG_SEED:
            return rngSeed(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_DIGEST:
            return wh_Server_CryptoDigest(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_CIPHER:
            return wh_Server_CryptoCipher(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_HKDF:
            return wh_Server_CryptoHkdf(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_KEYGEN:
            return wh_Server_CryptoKeygen(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_SIGN:
            return wh_Server_CryptoSign(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_VERIFY:
            return wh_Server_CryptoVerify(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_SHARED:
            return wh_Server_CryptoShared(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_PUBKEY:
            return wh_Server_CryptoPublicKey(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_DIGEST_DMA:
            return wh_Server_CryptoDigestDma(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_GCM_DMA:
            return wh_Server_CryptoGcmDma(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_VERIFY_DMA:
            return wh_Server_CryptoVerifyDma(server, magic, reqSize, req, resp, out_respSize);
        case WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE:
        case WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY:
            return wh_Server_CryptoMac(server, magic, action, reqSize, req, resp, out_respSize);
        default:
            return WH_ERROR_BADKIND;
    }
}
