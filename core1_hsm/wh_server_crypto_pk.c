/*
 * wh_server_crypto_pk.c: the CRYPTO group's public-key actions: key generation (ECC P-256,
 * Ed25519, X25519), ECDSA and Ed25519 signatures, LMS verification (public key inline),
 * ECDH and X25519 shared secrets into the key store, and public keys of stored key pairs;
 * ECDSA and Ed25519 verification of a message in host memory (requests by address: ECDSA
 * over its hash, computed here; Ed25519 streamed), read once in private chunks.
 * Keys travel in our raw formats (wh_nvm_types.h) and become wolfCrypt objects only here
 * and in wh_server_crypto_key.c, which checks the keys the host sends (inline public keys,
 * peers' public keys: WH_ERROR_BADKEY when they are no valid keys) before they are used.
 */
#include <stdatomic.h>
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/lms.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>
#include <wolfssl/wolfcrypt/wc_lms.h>

#include "wh_server_crypto_internal.h"
#include "wh_server_internal.h"
#include "wolfhsm/wh_utils.h"

/* ---- Public-key: wolfCrypt objects from our raw key formats (wh_server_crypto_key.c) ---- */

typedef union {
    ecc_key        ecc;
    ed25519_key    ed;
    curve25519_key x;
} pkKey;

/* ---- ECDSA P-256 in slices (whServerConfig.slices) ----
 *
 * A slot holds everything the operation needs between slices: the key's private copy, r and
 * s, the hash and wolfCrypt's non-blocking state. Slots are shared by the contexts (they are
 * big), each owned by one context from claim to release; a context that finds none free
 * runs its operation in one go. The key in the store may be evicted or replaced meanwhile:
 * the operation uses its copy, wiped when it ends or is abandoned. */
#ifdef WC_ECC_NONBLOCK
enum { SLICE_SIGN = 1, SLICE_VERIFY, SLICE_KEYGEN, SLICE_ECDH };

typedef struct {
    ecc_nb_ctx_t nb;
    ecc_key      key;  /* the private copy (sign, ECDH), the public key (verify), the new key */
    ecc_key      peer; /* ECDH: the peer's public key */
    mp_int       r;
    mp_int       s;
    uint8_t      hash[WH_CRYPTO_MAX_DIGEST];
    uint8_t      secret[P256_LEN]; /* ECDH */
    uint16_t     hashLen;
    uint8_t      op;       /* SLICE_* */
    uint8_t      done;     /* the wolfCrypt part is over: ret holds its result */
    uint8_t      peerInit; /* peer to free */
    uint8_t      pad;
    whNvmFlags   ownFlags; /* ECDH: the flags of the HSM's key */
    int          res;      /* verify's verdict */
    int          ret;
} sliceSlot;

static sliceSlot  sliceSlots[WOLFHSM_CFG_SLICE_SLOTS];
static atomic_int sliceBusy[WOLFHSM_CFG_SLICE_SLOTS];

/* A free slot for server's operation op (its key not initialised yet), or NULL when none is
 * free or the context runs no slices (the caller then works in one go). */
static sliceSlot* sliceClaim(whServerContext* server, uint8_t op)
{
    unsigned i;
    if (!server->slices) {
        return NULL;
    }
    for (i = 0; i < WOLFHSM_CFG_SLICE_SLOTS; i++) {
        int idle = 0;
        if (atomic_compare_exchange_strong(&sliceBusy[i], &idle, 1)) {
            sliceSlot* slot = &sliceSlots[i];
            memset(slot, 0, sizeof(*slot));
            slot->op         = op;
            server->slice.op = slot;
            return slot;
        }
    }
    return NULL;
}

void wh_Server_SliceAbort(whServerContext* server)
{
    sliceSlot* slot = (sliceSlot*)server->slice.op;

    if (slot != NULL) {
        wc_ecc_free(&slot->key); /* a key never initialised is all zeros: nothing to free */
        if (slot->peerInit) {
            wc_ecc_free(&slot->peer);
        }
        mp_forcezero(&slot->r);
        mp_forcezero(&slot->s);
        wh_Utils_ForceZero(slot, sizeof(*slot));
        atomic_store(&sliceBusy[slot - sliceSlots], 0);
        server->slice.op = NULL;
    }
}

/* Sign or verify: the key (raw, checked as trust says) and hash into a slot, for a sign (r
 * and s to make) or a verify (of the DER signature sig). WH_ERROR_NOTREADY when no slot is
 * free or the context runs no slices (the caller works in one go); WH_ERROR_OK with
 * server->slice.op set; or the error of the key or signature (no slot kept). */
static int sliceStart(whServerContext* server, const uint8_t* raw, whNvmSize rawLen, int trust,
                      const uint8_t* hash, uint16_t hashLen, const uint8_t* sig, uint16_t sigLen)
{
    sliceSlot* slot = sliceClaim(server, (sig == NULL) ? SLICE_SIGN : SLICE_VERIFY);
    int        rc;

    if (slot == NULL) {
        return WH_ERROR_NOTREADY;
    }
    rc = wh_Server_CryptoLoadEcc(&slot->key, raw, rawLen, trust);
    if (rc != WH_ERROR_OK) {
        memset(&slot->key, 0, sizeof(slot->key)); /* freed by the load */
        wh_Server_SliceAbort(server);
        return rc;
    }
    memcpy(slot->hash, hash, hashLen);
    slot->hashLen = hashLen;
    rc = wh_Server_CryptoFromWc(mp_init_multi(&slot->r, &slot->s, NULL, NULL, NULL, NULL));
    if ((rc == WH_ERROR_OK) && (sig != NULL)) {
        uint8_t r[P256_LEN];
        uint8_t s[P256_LEN];
        word32  rLen = sizeof(r);
        word32  sLen = sizeof(s);
        /* Malformed DER is a signature that does not verify. */
        rc = ((wc_ecc_sig_to_rs(sig, sigLen, r, &rLen, s, &sLen) == 0) &&
              (mp_read_unsigned_bin(&slot->r, r, rLen) == MP_OKAY) &&
              (mp_read_unsigned_bin(&slot->s, s, sLen) == MP_OKAY))
                 ? WH_ERROR_OK
                 : WH_ERROR_AUTH;
    }
    if (rc == WH_ERROR_OK) {
        rc = wh_Server_CryptoFromWc(wc_ecc_set_nonblock(&slot->key, &slot->nb));
    }
    if (rc != WH_ERROR_OK) {
        wh_Server_SliceAbort(server);
    }
    return rc;
}

/* Up to WOLFHSM_CFG_SLICE_STEPS wolfCrypt steps of the slot's operation:
 * WH_ERROR_NOTREADY while there is more to do, then (slot->done) wolfCrypt's result. */
static int sliceSteps(whServerContext* server, sliceSlot* slot)
{
    unsigned steps = WOLFHSM_CFG_SLICE_STEPS;
    int      ret   = 0;

    if (slot->done) {
        return slot->ret; /* over; the key store said not now */
    }
    server->slice.slices++;
    do {
        switch (slot->op) {
            case SLICE_SIGN:
                ret = wc_ecc_sign_hash_ex(slot->hash, slot->hashLen, &server->crypto.rng,
                                          &slot->key, &slot->r, &slot->s);
                break;
            case SLICE_VERIFY:
                ret = wc_ecc_verify_hash_ex(&slot->r, &slot->s, slot->hash, slot->hashLen,
                                            &slot->res, &slot->key);
                break;
            case SLICE_KEYGEN:
                ret = wc_ecc_make_key_ex(&server->crypto.rng, P256_LEN, &slot->key, ECC_SECP256R1);
                break;
            default: { /* SLICE_ECDH */
                word32 len = sizeof(slot->secret);
                ret        = wc_ecc_shared_secret(&slot->key, &slot->peer, slot->secret, &len);
                ret        = ((ret == 0) && (len != P256_LEN)) ? BUFFER_E : ret;
                break;
            }
        }
    } while ((ret == FP_WOULDBLOCK) && (--steps > 0u));
    if (ret == FP_WOULDBLOCK) {
        return WH_ERROR_NOTREADY;
    }
    slot->done = 1;
    slot->ret  = ret;
    return ret;
}

/* One slice of a sign or verify. WH_ERROR_NOTREADY while there is more to do; at the end
 * the slot is released and the result is the operation's: for a sign, the DER signature in
 * sig (*inout_sigLen: capacity, then length); for a verify, WH_ERROR_OK or WH_ERROR_AUTH. */
static int sliceStep(whServerContext* server, uint8_t* sig, word32* inout_sigLen)
{
    sliceSlot* slot = (sliceSlot*)server->slice.op;
    int        ret  = sliceSteps(server, slot);
    int        rc;

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if (slot->op == SLICE_SIGN) {
        rc = wh_Server_CryptoFromWc(ret);
        if (rc == WH_ERROR_OK) {
            uint8_t r[P256_LEN];
            uint8_t s[P256_LEN];
            rc = ((mp_to_unsigned_bin_len(&slot->r, r, P256_LEN) == MP_OKAY) &&
                  (mp_to_unsigned_bin_len(&slot->s, s, P256_LEN) == MP_OKAY))
                     ? wh_Server_CryptoFromWc(
                           wc_ecc_rs_raw_to_sig(r, P256_LEN, s, P256_LEN, sig, inout_sigLen))
                     : WH_ERROR_CRYPTO;
            wh_Utils_ForceZero(r, sizeof(r));
            wh_Utils_ForceZero(s, sizeof(s));
        }
    }
    else {
        rc = ((ret == 0) && (slot->res == 1)) ? WH_ERROR_OK : WH_ERROR_AUTH;
    }
    wh_Server_SliceAbort(server);
    return rc;
}

/* P-256 key generation in slices: the raw key (d || x || y) into raw when done
 * (WH_ERROR_OK; the slot stays until the caller has stored the key: wh_Server_SliceAbort).
 * WH_ERROR_NOTREADY: more to do. WH_ERROR_BADALG: no slot (no slices, or none free): the
 * caller generates in one go. */
static int sliceKeygen(whServerContext* server, uint8_t* raw)
{
    sliceSlot* slot = (sliceSlot*)server->slice.op;
    word32     dLen = P256_LEN, xLen = P256_LEN, yLen = P256_LEN;
    int        rc;

    if (slot == NULL) {
        slot = sliceClaim(server, SLICE_KEYGEN);
        if (slot == NULL) {
            return WH_ERROR_BADALG;
        }
        rc = wh_Server_CryptoFromWc(wc_ecc_init(&slot->key));
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_CryptoFromWc(wc_ecc_set_nonblock(&slot->key, &slot->nb));
        }
        if (rc != WH_ERROR_OK) {
            wh_Server_SliceAbort(server);
            return rc;
        }
    }
    rc = sliceSteps(server, slot);
    if (rc == WH_ERROR_NOTREADY) {
        return rc;
    }
    rc = wh_Server_CryptoFromWc(rc);
    if (rc == WH_ERROR_OK) {
        rc = wh_Server_CryptoFromWc(wc_ecc_export_private_raw(&slot->key, raw + P256_LEN, &xLen,
                                                              raw + 2 * P256_LEN, &yLen, raw,
                                                              &dLen));
    }
    return rc;
}

/* ECDH P-256 in slices: peer (checked by the caller's load) and the HSM's key (raw, from the
 * store, its flags ownFlags) into a slot, then the shared secret into secret when done
 * (WH_ERROR_OK; the slot stays until the caller has stored it). WH_ERROR_NOTREADY: more to
 * do. WH_ERROR_BADALG: no slot: the caller works in one go. */
static int sliceEcdh(whServerContext* server, const ecc_key* peer, const uint8_t* raw,
                     whNvmSize rawLen, whNvmFlags* inout_ownFlags, uint8_t* secret)
{
    sliceSlot* slot = (sliceSlot*)server->slice.op;
    int        rc;

    if (slot == NULL) {
        if (raw == NULL) {
            return WH_ERROR_BADALG; /* the caller has not loaded the keys yet */
        }
        slot = sliceClaim(server, SLICE_ECDH);
        if (slot == NULL) {
            return WH_ERROR_BADALG;
        }
        slot->ownFlags = *inout_ownFlags;
        rc             = wh_Server_CryptoLoadEcc(&slot->key, raw, rawLen, WH_SERVER_KEY_STORED);
        if (rc != WH_ERROR_OK) {
            memset(&slot->key, 0, sizeof(slot->key));
        }
        else {
            uint8_t pub[P256_PUB_LEN];
            word32  xLen = P256_LEN, yLen = P256_LEN;
            /* The peer's key, already checked: a copy of its point. */
            rc = wh_Server_CryptoFromWc(
                wc_ecc_export_public_raw((ecc_key*)peer, pub, &xLen, pub + P256_LEN, &yLen));
            if (rc == WH_ERROR_OK) {
                rc = wh_Server_CryptoLoadEcc(&slot->peer, pub, P256_PUB_LEN, WH_SERVER_KEY_STORED);
                slot->peerInit = (uint8_t)(rc == WH_ERROR_OK);
            }
        }
        if (rc == WH_ERROR_OK) {
            (void)wc_ecc_set_rng(&slot->key, &server->crypto.rng);
            rc = wh_Server_CryptoFromWc(wc_ecc_set_nonblock(&slot->key, &slot->nb));
        }
        if (rc != WH_ERROR_OK) {
            wh_Server_SliceAbort(server);
            return rc;
        }
    }
    rc = sliceSteps(server, slot);
    if (rc == WH_ERROR_NOTREADY) {
        return rc;
    }
    rc = wh_Server_CryptoFromWc(rc);
    if (rc == WH_ERROR_OK) {
        memcpy(secret, slot->secret, P256_LEN);
        *inout_ownFlags = slot->ownFlags;
    }
    return rc;
}
#else  /* !WC_ECC_NONBLOCK: every operation in one go */
void wh_Server_SliceAbort(whServerContext* server)
{
    (void)server;
}

static int sliceStart(whServerContext* server, const uint8_t* raw, whNvmSize rawLen, int trust,
                      const uint8_t* hash, uint16_t hashLen, const uint8_t* sig, uint16_t sigLen)
{
    (void)server, (void)raw, (void)rawLen, (void)trust, (void)hash, (void)hashLen, (void)sig,
        (void)sigLen;
    return WH_ERROR_NOTREADY;
}

static int sliceStep(whServerContext* server, uint8_t* sig, word32* inout_sigLen)
{
    (void)server, (void)sig, (void)inout_sigLen;
    return WH_ERROR_CRYPTO; /* never reached: no operation is ever started */
}

static int sliceKeygen(whServerContext* server, uint8_t* raw)
{
    (void)server, (void)raw;
    return WH_ERROR_BADALG;
}

static int sliceEcdh(whServerContext* server, const ecc_key* peer, const uint8_t* raw,
                     whNvmSize rawLen, whNvmFlags* inout_ownFlags, uint8_t* secret)
{
    (void)server, (void)peer, (void)raw, (void)rawLen, (void)inout_ownFlags, (void)secret;
    return WH_ERROR_BADALG;
}
#endif /* WC_ECC_NONBLOCK */

int wh_Server_CryptoKeygen(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
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

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateKeygenRequest(magic, (const void*)req, &q);
    switch (q.type) {
        case WH_KEY_TYPE_ECC_P256: {
            word32 dLen = P256_LEN, xLen = P256_LEN, yLen = P256_LEN;
            rc = sliceKeygen(server, raw); /* in slices, or WH_ERROR_BADALG: in one go */
            if (rc == WH_ERROR_NOTREADY) {
                return rc;
            }
            if (rc == WH_ERROR_BADALG) {
                rc = wh_Server_CryptoFromWc(wc_ecc_init(&k.ecc));
            }
            else {
                dLen = 0; /* done in slices: no wolfCrypt object here */
            }
            if ((rc == WH_ERROR_OK) && (dLen != 0)) {
                rc = wh_Server_CryptoFromWc(wc_ecc_make_key_ex(r, P256_LEN, &k.ecc, ECC_SECP256R1));
                if (rc == WH_ERROR_OK) {
                    rc = wh_Server_CryptoFromWc(wc_ecc_export_private_raw(&k.ecc, raw + P256_LEN,
                                                                          &xLen, raw + 2 * P256_LEN,
                                                                          &yLen, raw, &dLen));
                }
                wc_ecc_free(&k.ecc);
            }
            rawLen = P256_PRIV_LEN;
            pubLen = P256_PUB_LEN;
            break;
        }
        case WH_KEY_TYPE_ED25519: {
            word32  privLen = 2 * ED25519_LEN, pLen = ED25519_LEN;
            uint8_t both[2 * ED25519_LEN];
            rc = wh_Server_CryptoFromWc(wc_ed25519_init(&k.ed));
            if (rc == WH_ERROR_OK) {
                rc = wh_Server_CryptoFromWc(wc_ed25519_make_key(r, ED25519_LEN, &k.ed));
                if (rc == WH_ERROR_OK) {
                    rc = wh_Server_CryptoFromWc(
                        wc_ed25519_export_key(&k.ed, both, &privLen, raw + ED25519_LEN, &pLen));
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
            rc = wh_Server_CryptoFromWc(wc_curve25519_init(&k.x));
            if (rc == WH_ERROR_OK) {
                rc = wh_Server_CryptoFromWc(wc_curve25519_make_key(r, X25519_LEN, &k.x));
                if (rc == WH_ERROR_OK) {
                    rc = wh_Server_CryptoFromWc(
                        wc_curve25519_export_private_raw_ex(&k.x, raw, &privLen,
                                                            EC25519_LITTLE_ENDIAN));
                }
                if (rc == WH_ERROR_OK) {
                    rc = wh_Server_CryptoFromWc(
                        wc_curve25519_export_public_ex(&k.x, raw + X25519_LEN, &pLen,
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
        rc = storeNewKey(server, &q.key, NULL, q.type, raw, rawLen, &meta);
    }
    if (rc == WH_ERROR_OK) {
        memcpy(pub, raw + (rawLen - pubLen), pubLen); /* the public part is last */
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    if (rc != WH_ERROR_NOTREADY) {
        wh_Server_SliceAbort(server); /* a sliced key stored (or failed): its copy wiped */
    }
    return sendKey(magic, rc, &meta, (rc == WH_ERROR_OK) ? pubLen : 0u, resp, out_respSize);
}

int wh_Server_CryptoSign(whServerContext* server, uint16_t magic, uint16_t reqSize,
                         const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoSignRequest q;
    const uint8_t*             msg = req + sizeof(q);
    uint8_t*                   sig = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t                    raw[P256_PRIV_LEN];
    whNvmSize                  rawLen = sizeof(raw);
    word32                     sigLen = WH_CRYPTO_MAX_SIG;
    pkKey                      k;
    int                        rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateSignRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), q.msgLen)) {
        return WH_ERROR_TRUNCATED;
    }
    if ((q.alg == WH_CRYPTO_ECDSA_P256) && (server->slice.op != NULL)) {
        rc = sliceStep(server, sig, &sigLen); /* the same request, served again */
        if (rc == WH_ERROR_NOTREADY) {
            return rc;
        }
    }
    else if (q.alg == WH_CRYPTO_ECDSA_P256) {
        rc = ((q.msgLen < 28) || (q.msgLen > WH_CRYPTO_MAX_DIGEST))
                 ? WH_ERROR_BADARGS
                 : wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_SIGN,
                                               WH_KEY_TYPE_ECC_P256, raw, &rawLen, NULL);
        if ((rc == WH_ERROR_OK) && (rawLen != P256_PRIV_LEN)) {
            rc = WH_ERROR_KEYTYPE; /* public key only */
        }
        if (rc == WH_ERROR_OK) {
            rc = sliceStart(server, raw, rawLen, WH_SERVER_KEY_STORED, msg, q.msgLen, NULL, 0);
            if (rc == WH_ERROR_OK) {
                wh_Utils_ForceZero(raw, sizeof(raw));
                rc = sliceStep(server, sig, &sigLen);
                if (rc == WH_ERROR_NOTREADY) {
                    return rc;
                }
            }
            else if ((rc == WH_ERROR_NOTREADY) &&
                     ((rc = wh_Server_CryptoLoadEcc(&k.ecc, raw, rawLen, WH_SERVER_KEY_STORED)) ==
                      WH_ERROR_OK)) {
                rc = wh_Server_CryptoFromWc(
                    wc_ecc_sign_hash(msg, q.msgLen, sig, &sigLen, &server->crypto.rng, &k.ecc));
                wc_ecc_free(&k.ecc);
            }
        }
    }
    else if (q.alg == WH_CRYPTO_ED25519) {
        rc = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_SIGN,
                                         WH_KEY_TYPE_ED25519, raw, &rawLen, NULL);
        if ((rc == WH_ERROR_OK) &&
            ((rc = wh_Server_CryptoLoadEd25519(&k.ed, raw, rawLen, 1, WH_SERVER_KEY_STORED)) ==
             WH_ERROR_OK)) {
            rc = wh_Server_CryptoFromWc(wc_ed25519_sign_msg(msg, q.msgLen, sig, &sigLen, &k.ed));
            wc_ed25519_free(&k.ed);
        }
    }
    else {
        rc = WH_ERROR_BADALG;
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    return sendOut(magic, rc, (uint16_t)sigLen, 0, resp, out_respSize);
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
    static const int heights[] = {5, 10, 15, 20, 25}; /* LMS_SHA256_M32_H5 = 5 ... */
    static const int widths[]  = {1, 2, 4, 8};        /* LMOTS_SHA256_N32_W1 = 1 ... */
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
    ret = (ret == 0) ? wh_Server_CryptoFromWc(wc_LmsKey_ImportPubRaw(&key, pub, pubLen))
                     : WH_ERROR_BADALG;
    if (ret == WH_ERROR_OK) {
        ret = wc_LmsKey_Verify(&key, sig, sigLen, msg, msgLen);
        ret = (ret == 0) ? WH_ERROR_OK : (ret == BUFFER_E) ? WH_ERROR_BADARGS : WH_ERROR_AUTH;
    }
    wc_LmsKey_Free(&key);
    return ret;
}

/* The raw key of a verification with alg (ECDSA P-256 or Ed25519): by id (verify usage;
 * trusted, as all keys in the store: *inout_trust stays), or an inline public key, which the
 * caller's load checks (*inout_trust WH_SERVER_KEY_HOST; WH_ERROR_BADKEY here for a key of no
 * public-key size). raw holds P256_PRIV_LEN bytes; *inout_rawLen: capacity, then length. */
static int verifyKeyRaw(whServerContext* server, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                        uint16_t pubLen, uint8_t* raw, whNvmSize* inout_rawLen, int* inout_trust)
{
    if (keyId != 0) {
        return wh_Server_KeystoreGetForUse(server, keyId, WH_NVM_FLAGS_USAGE_VERIFY,
                                           (alg == WH_CRYPTO_ECDSA_P256) ? WH_KEY_TYPE_ECC_P256
                                                                         : WH_KEY_TYPE_ED25519,
                                           raw, inout_rawLen, NULL);
    }
    if (pubLen == ((alg == WH_CRYPTO_ECDSA_P256) ? P256_PUB_LEN : ED25519_LEN)) {
        memcpy(raw, pub, pubLen);
        *inout_rawLen = pubLen;
        *inout_trust  = WH_SERVER_KEY_HOST;
        return WH_ERROR_OK;
    }
    return WH_ERROR_BADKEY; /* an inline key of no public-key size */
}

int wh_Server_CryptoVerify(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoVerifyRequest q;
    const uint8_t*               pub;
    const uint8_t*               sig;
    const uint8_t*               msg;
    uint8_t                      raw[P256_PRIV_LEN];
    whNvmSize                    rawLen = sizeof(raw);
    int                          res    = 0;
    int                          trust  = WH_SERVER_KEY_STORED;
    pkKey                        k;
    int                          rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateVerifyRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.pubLen + q.sigLen + q.msgLen)) {
        return WH_ERROR_TRUNCATED;
    }
    pub = req + sizeof(q);
    sig = pub + q.pubLen;
    msg = sig + q.sigLen;

    if (q.alg == WH_CRYPTO_LMS) {
        rc = (q.keyId != 0) ? WH_ERROR_BADARGS
                            : verifyLms(pub, q.pubLen, sig, q.sigLen, msg, q.msgLen);
        return sendOut(magic, rc, 0, 0, resp, out_respSize);
    }
    if ((q.alg != WH_CRYPTO_ECDSA_P256) && (q.alg != WH_CRYPTO_ED25519)) {
        return sendOut(magic, WH_ERROR_BADALG, 0, 0, resp, out_respSize);
    }
    if ((q.alg == WH_CRYPTO_ECDSA_P256) && (server->slice.op != NULL)) {
        rc = sliceStep(server, NULL, NULL); /* the same request, served again */
        return (rc == WH_ERROR_NOTREADY) ? rc : sendOut(magic, rc, 0, 0, resp, out_respSize);
    }
    rc = verifyKeyRaw(server, q.alg, q.keyId, pub, q.pubLen, raw, &rawLen, &trust);
    if ((rc == WH_ERROR_OK) && (q.alg == WH_CRYPTO_ECDSA_P256)) {
        rc = ((q.msgLen < 28) || (q.msgLen > WH_CRYPTO_MAX_DIGEST))
                 ? WH_ERROR_BADARGS
                 : sliceStart(server, raw, rawLen, trust, msg, q.msgLen, sig, q.sigLen);
        if (server->slice.op != NULL) {
            wh_Utils_ForceZero(raw, sizeof(raw));
            rc = sliceStep(server, NULL, NULL);
            return (rc == WH_ERROR_NOTREADY) ? rc : sendOut(magic, rc, 0, 0, resp, out_respSize);
        }
        if (rc == WH_ERROR_NOTREADY) {
            rc = wh_Server_CryptoLoadEcc(&k.ecc, raw, rawLen, trust);
        }
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
        rc = wh_Server_CryptoLoadEd25519(&k.ed, raw, rawLen, 0, trust);
        if (rc == WH_ERROR_OK) {
            /* A signature that is not canonical (64 bytes, S < L: RFC 8032 5.1.7) does not
             * verify, whatever wolfCrypt would say. */
            rc = (wh_Server_CryptoEd25519SigCanonical(sig, q.sigLen) &&
                  (wc_ed25519_verify_msg(sig, q.sigLen, msg, q.msgLen, &res, &k.ed) == 0) &&
                  (res == 1))
                     ? WH_ERROR_OK
                     : WH_ERROR_AUTH;
            wc_ed25519_free(&k.ed);
        }
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    return sendOut(magic, rc, 0, 0, resp, out_respSize);
}

/* ---- Signature checks over a message in host memory (requests by address) ---- */

/* The message's hash for ECDSA, fed in private chunks. */
typedef struct {
    uint16_t alg; /* WH_CRYPTO_SHA256 / 384 / 512 */
    union {
        wc_Sha256 sha256;
        wc_Sha512 sha512;
    } u;
} msgHash;

static int hashSink(void* arg, const uint8_t* chunk, uint32_t len)
{
    msgHash* h = (msgHash*)arg;
    return wh_Server_CryptoFromWc(
        (h->alg == WH_CRYPTO_SHA256)   ? wc_Sha256Update(&h->u.sha256, chunk, len)
        : (h->alg == WH_CRYPTO_SHA384) ? wc_Sha384Update(&h->u.sha512, chunk, len)
                                       : wc_Sha512Update(&h->u.sha512, chunk, len));
}

/* The hash of len bytes at msg (resolved) into out (*out_len bytes). */
static int hashHost(uint16_t alg, const uint8_t* msg, uint32_t len, uint8_t* out, uint16_t* out_len)
{
    msgHash h = {.alg = alg};
    int     ret;

    switch (alg) {
        case WH_CRYPTO_SHA256:
            ret      = wh_Server_CryptoFromWc(wc_InitSha256(&h.u.sha256));
            *out_len = WC_SHA256_DIGEST_SIZE;
            break;
        case WH_CRYPTO_SHA384:
            ret      = wh_Server_CryptoFromWc(wc_InitSha384(&h.u.sha512));
            *out_len = WC_SHA384_DIGEST_SIZE;
            break;
        case WH_CRYPTO_SHA512:
            ret      = wh_Server_CryptoFromWc(wc_InitSha512(&h.u.sha512));
            *out_len = WC_SHA512_DIGEST_SIZE;
            break;
        default:
            return WH_ERROR_BADALG;
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_DmaStream(msg, len, hashSink, &h);
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_CryptoFromWc((alg == WH_CRYPTO_SHA256) ? wc_Sha256Final(&h.u.sha256, out)
                                     : (alg == WH_CRYPTO_SHA384)
                                         ? wc_Sha384Final(&h.u.sha512, out)
                                         : wc_Sha512Final(&h.u.sha512, out));
    }
    if (alg == WH_CRYPTO_SHA256) {
        wc_Sha256Free(&h.u.sha256);
    }
    else {
        wc_Sha512Free(&h.u.sha512);
    }
    return ret;
}

static int edSink(void* arg, const uint8_t* chunk, uint32_t len)
{
    return (wc_ed25519_verify_msg_update(chunk, len, (ed25519_key*)arg) == 0) ? WH_ERROR_OK
                                                                              : WH_ERROR_AUTH;
}

int wh_Server_CryptoVerifyDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoVerifyDmaRequest q;
    const uint8_t*                  pub;
    const uint8_t*                  sig;
    uint8_t*                        msg = NULL;
    uint8_t                         raw[P256_PRIV_LEN];
    uint8_t                         digest[WH_CRYPTO_MAX_DIGEST];
    uint16_t                        digestLen = 0;
    whNvmSize                       rawLen    = sizeof(raw);
    int                             res       = 0;
    int                             trust     = WH_SERVER_KEY_STORED;
    pkKey                           k;
    int                             rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateVerifyDmaRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), (uint32_t)q.pubLen + q.sigLen)) {
        return WH_ERROR_TRUNCATED;
    }
    pub = req + sizeof(q);
    sig = pub + q.pubLen;

    if ((q.alg != WH_CRYPTO_ECDSA_P256) && (q.alg != WH_CRYPTO_ED25519)) {
        return WH_ERROR_BADALG; /* LMS has no streamed verification: by mailbox only */
    }
    if ((q.alg == WH_CRYPTO_ECDSA_P256) && (q.hash != WH_CRYPTO_SHA256) &&
        (q.hash != WH_CRYPTO_SHA384) && (q.hash != WH_CRYPTO_SHA512)) {
        return WH_ERROR_BADALG;
    }
    if ((q.alg == WH_CRYPTO_ED25519) && (q.hash != 0)) {
        return WH_ERROR_BADARGS; /* Ed25519 hashes the message itself */
    }
    rc = wh_Server_DmaResolve(server, q.msgAddr, q.msgLen, WH_DMA_READ, &msg);
    if (rc == WH_ERROR_OK) {
        rc = verifyKeyRaw(server, q.alg, q.keyId, pub, q.pubLen, raw, &rawLen, &trust);
    }
    if ((rc == WH_ERROR_OK) && (q.alg == WH_CRYPTO_ECDSA_P256)) {
        rc = wh_Server_CryptoLoadEcc(&k.ecc, raw, rawLen, trust);
        if (rc == WH_ERROR_OK) {
            rc = hashHost(q.hash, msg, q.msgLen, digest, &digestLen);
            /* With the key and the message's hash in hand, any failure is the signature's. */
            if (rc == WH_ERROR_OK) {
                rc = ((wc_ecc_verify_hash(sig, q.sigLen, digest, digestLen, &res, &k.ecc) == 0) &&
                      (res == 1))
                         ? WH_ERROR_OK
                         : WH_ERROR_AUTH;
            }
            wc_ecc_free(&k.ecc);
        }
    }
    else if (rc == WH_ERROR_OK) {
        rc = wh_Server_CryptoLoadEd25519(&k.ed, raw, rawLen, 0, trust);
        if (rc == WH_ERROR_OK) {
            /* Streamed: SHA-512(R || A || M) over the message's private chunks; a signature
             * that is not canonical (64 bytes, S < L) does not verify. */
            rc = (wh_Server_CryptoEd25519SigCanonical(sig, q.sigLen) &&
                  (wc_ed25519_verify_msg_init(sig, q.sigLen, &k.ed, (byte)Ed25519, NULL, 0) == 0))
                     ? WH_ERROR_OK
                     : WH_ERROR_AUTH;
            if (rc == WH_ERROR_OK) {
                rc = wh_Server_DmaStream(msg, q.msgLen, edSink, &k.ed);
            }
            if ((rc == WH_ERROR_OK) &&
                ((wc_ed25519_verify_msg_final(sig, q.sigLen, &res, &k.ed) != 0) || (res != 1))) {
                rc = WH_ERROR_AUTH;
            }
            wc_ed25519_free(&k.ed);
        }
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    return sendOut(magic, rc, 0, 0, resp, out_respSize);
}

int wh_Server_CryptoShared(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoSharedRequest q;
    const uint8_t*               peer = req + sizeof(q);
    uint8_t                      raw[P256_PRIV_LEN];
    uint8_t                      secret[P256_LEN];
    whNvmSize                    rawLen    = sizeof(raw);
    word32                       secretLen = sizeof(secret);
    whNvmMetadata                meta      = {0};
    whNvmFlags                   ownFlags  = 0;
    whNvmMetadata                ownMeta   = {0}; /* the HSM's key's, with its material */
    pkKey                        k;
    pkKey                        p;
    int                          rc;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_MessageCrypto_TranslateSharedRequest(magic, (const void*)req, &q);
    if (!fits(reqSize, sizeof(q), q.pubLen)) {
        return WH_ERROR_TRUNCATED;
    }
    /* The peer's key says which exchange this is (64 bytes: ECDH P-256, 32: X25519). It comes
     * from the host: checked before the HSM's private key is touched, so a point off the
     * curve or of small order never meets it. */
    if ((q.pubLen == P256_PUB_LEN) && (server->slice.op != NULL)) {
        rc = sliceEcdh(server, NULL, NULL, 0, &ownFlags, secret); /* served again */
        if (rc == WH_ERROR_NOTREADY) {
            return rc;
        }
    }
    else if (q.pubLen == P256_PUB_LEN) {
        rc = wh_Server_CryptoLoadEcc(&p.ecc, peer, P256_PUB_LEN, WH_SERVER_KEY_HOST);
        if (rc == WH_ERROR_OK) {
            rc       = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_DERIVE,
                                                   WH_KEY_TYPE_ECC_P256, raw, &rawLen, &ownMeta);
            ownFlags = ownMeta.flags;
            if ((rc == WH_ERROR_OK) && (rawLen != P256_PRIV_LEN)) {
                rc = WH_ERROR_KEYTYPE;
            }
            if (rc == WH_ERROR_OK) {
                rc = sliceEcdh(server, &p.ecc, raw, rawLen, &ownFlags, secret);
                if (rc == WH_ERROR_NOTREADY) {
                    wc_ecc_free(&p.ecc);
                    wh_Utils_ForceZero(raw, sizeof(raw));
                    wh_Utils_ForceZero(&p, sizeof(p));
                    return rc;
                }
                if (rc == WH_ERROR_BADALG) { /* no slot: in one go */
                    rc = wh_Server_CryptoLoadEcc(&k.ecc, raw, rawLen, WH_SERVER_KEY_STORED);
                }
                else {
                    rawLen = 0; /* done in slices */
                }
            }
            if ((rc == WH_ERROR_OK) && (rawLen != 0)) {
                (void)wc_ecc_set_rng(&k.ecc, &server->crypto.rng);
                rc = wh_Server_CryptoFromWc(
                    wc_ecc_shared_secret(&k.ecc, &p.ecc, secret, &secretLen));
                wc_ecc_free(&k.ecc);
            }
            wc_ecc_free(&p.ecc);
        }
    }
    else if (q.pubLen == X25519_LEN) {
        rc = wh_Server_CryptoCheckX25519Public(peer);
        if (rc == WH_ERROR_OK) {
            rc       = wh_Server_KeystoreGetForUse(server, q.keyId, WH_NVM_FLAGS_USAGE_DERIVE,
                                                   WH_KEY_TYPE_X25519, raw, &rawLen, &ownMeta);
            ownFlags = ownMeta.flags;
        }
        if ((rc == WH_ERROR_OK) && (rawLen != 2 * X25519_LEN)) {
            rc = WH_ERROR_KEYTYPE; /* public key only */
        }
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_CryptoFromWc(wc_curve25519_init(&k.x));
        }
        if (rc == WH_ERROR_OK) {
            rc = wh_Server_CryptoFromWc(
                wc_curve25519_import_private_raw_ex(raw, X25519_LEN, raw + X25519_LEN, X25519_LEN,
                                                    &k.x, EC25519_LITTLE_ENDIAN));
            if ((rc == WH_ERROR_OK) &&
                ((rc = wh_Server_CryptoFromWc(wc_curve25519_init(&p.x))) == WH_ERROR_OK)) {
                rc = wh_Server_CryptoFromWc(
                    wc_curve25519_import_public_ex(peer, X25519_LEN, &p.x, EC25519_LITTLE_ENDIAN));
                if (rc == WH_ERROR_OK) {
                    rc = wh_Server_CryptoFromWc(
                        wc_curve25519_shared_secret_ex(&k.x, &p.x, secret, &secretLen,
                                                       EC25519_LITTLE_ENDIAN));
                }
                wc_curve25519_free(&p.x);
            }
            wc_curve25519_free(&k.x);
        }
        /* A low-order peer gives all zeros (RFC 7748 section 6.1): refused, whatever
         * wolfCrypt's WOLFSSL_ECDHX_SHARED_NOT_ZERO says; checked in constant time. */
        if ((rc == WH_ERROR_OK) && wh_Server_CryptoIsZero(secret, secretLen)) {
            rc = WH_ERROR_BADKEY;
        }
    }
    else {
        rc = WH_ERROR_BADKEY; /* a peer key of no supported size */
    }
    wh_Utils_ForceZero(raw, sizeof(raw));
    wh_Utils_ForceZero(&k, sizeof(k));
    wh_Utils_ForceZero(&p, sizeof(p));
    if (rc == WH_ERROR_OK) {
        /* The secret inherits the policy of the HSM's private key. */
        rc = storeNewKey(server, &q.key, &ownFlags, WH_KEY_TYPE_SECRET, secret,
                         (whNvmSize)secretLen, &meta);
    }
    wh_Utils_ForceZero(secret, sizeof(secret));
    if (rc != WH_ERROR_NOTREADY) {
        wh_Server_SliceAbort(server); /* a sliced secret stored (or failed): wiped */
    }
    return sendKey(magic, rc, &meta, 0, resp, out_respSize);
}

/* Public key of a key pair: the public part is the tail of our raw formats. */
int wh_Server_CryptoPublicKey(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize)
{
    whMessageIdRequest q;
    uint8_t*           out = resp + sizeof(whMessageCryptoOutResponse);
    uint8_t            raw[P256_PRIV_LEN];
    whNvmSize          rawLen = sizeof(raw);
    uint16_t           len    = 0;
    int                rc     = WH_ERROR_KEYTYPE;
    uint16_t           type;

    if (reqSize < sizeof(q)) {
        return WH_ERROR_TRUNCATED;
    }
    wh_Message_TranslateIdRequest(magic, (const void*)req, &q);
    for (type = WH_KEY_TYPE_ECC_P256; (rc == WH_ERROR_KEYTYPE) && (type <= WH_KEY_TYPE_X25519);
         type++) {
        rawLen = sizeof(raw);
        rc     = wh_Server_KeystoreGetForUse(server, q.id, 0, type, raw, &rawLen, NULL);
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
    return sendOut(magic, rc, len, 0, resp, out_respSize);
}
