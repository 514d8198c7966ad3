/*
 * wh_server_crypto_internal.h: what the CRYPTO group's files share (wh_server_crypto.c: state,
 * RNG and dispatch; wh_server_crypto_sym.c: digests, MACs, AES, HKDF; wh_server_crypto_pk.c:
 * ECC, Ed25519, X25519, LMS; wh_server_crypto_key.c: public-key material into wolfCrypt
 * objects, and the checks of key material from the host). Not a public header.
 *
 * Every action handler follows wh_server_internal.h: it returns the verdict, and writes its
 * response (through sendOut or sendKey) only when that is WH_ERROR_OK.
 */
#ifndef WH_SERVER_CRYPTO_INTERNAL_H_
#define WH_SERVER_CRYPTO_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_server_keystore.h"

/* Key material sizes (wh_nvm_types.h). */
#define P256_LEN 32
#define P256_PRIV_LEN (3 * P256_LEN)
#define P256_PUB_LEN (2 * P256_LEN)
#define X25519_LEN 32
#define ED25519_LEN 32

/* Payload room after a response header. */
#define OUT_ROOM (WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageCryptoOutResponse))

/* wolfCrypt's verdicts in our terms (wh_server_crypto.c). */
int wh_Server_CryptoFromWc(int wc);

/* The verdict rc; when it is WH_ERROR_OK, the generic output header before the len
 * (+ tagLen) bytes the caller put after it. */
static inline int sendOut(uint16_t magic, int rc, uint16_t len, uint16_t tagLen, uint8_t* resp,
                          uint16_t* out_respSize)
{
    const whMessageCryptoOutResponse r = {.len = len, .tagLen = tagLen};

    if (rc == WH_ERROR_OK) {
        wh_MessageCrypto_TranslateOutResponse(magic, &r, (void*)resp);
        *out_respSize = (uint16_t)(sizeof(r) + len + tagLen);
    }
    return rc;
}

/* The verdict rc; when it is WH_ERROR_OK, the id of the key made (pubLen bytes of its
 * public key after the header). */
static inline int sendKey(uint16_t magic, int rc, const whNvmMetadata* meta, uint16_t pubLen,
                          uint8_t* resp, uint16_t* out_respSize)
{
    whMessageCryptoKeyResponse r = {.pubLen = pubLen};

    if (rc == WH_ERROR_OK) {
        r.keyId = wh_Server_WireId(meta->id);
        wh_MessageCrypto_TranslateKeyResponse(magic, &r, (void*)resp);
        *out_respSize = (uint16_t)(sizeof(r) + pubLen);
    }
    return rc;
}

/* Is a request of reqSize bytes long enough for its struct and `parts` more bytes? */
static inline int fits(uint16_t reqSize, size_t head, uint32_t parts)
{
    return ((size_t)reqSize >= head) && (((size_t)reqSize - head) >= parts);
}

/* Store a key made in the HSM under the requested id, flags (type forced) and label. A key
 * derived from another (HKDF, ECDH) passes that key's flags as `input`: the new key inherits
 * its policy (wh_Server_KeyDerivedFlags); a generated key passes NULL. */
static inline int storeNewKey(whServerContext* server, const whMessageCryptoNewKey* k,
                              const whNvmFlags* input, uint16_t type, const uint8_t* material,
                              whNvmSize len, whNvmMetadata* out_meta)
{
    const whNvmFlags flags = (input != NULL) ? wh_Server_KeyDerivedFlags(k->outFlags, *input)
                                             : k->outFlags;

    memset(out_meta, 0, sizeof(*out_meta));
    out_meta->flags = (uint16_t)((flags & (uint16_t)~WH_NVM_FLAGS_KEYTYPE_MASK) |
                                 WH_NVM_FLAGS_KEYTYPE(type));
    out_meta->len   = len;
    memcpy(out_meta->label, k->label, sizeof(out_meta->label));
    return wh_Server_KeystoreCacheNew(server, k->outKeyId, out_meta, material);
}

/* Key material of the public-key algorithms (wh_server_crypto_key.c, which lists the
 * checks). `check` says where it comes from: WH_SERVER_KEY_STORED, the key store (made by
 * the HSM or checked when it was cached: loaded as it is; a size the type does not take is
 * WH_ERROR_KEYTYPE), or WH_SERVER_KEY_HOST, the host core just sent it (an inline public key,
 * a peer's public key): checked, WH_ERROR_BADKEY if it is no valid key of its type. On
 * WH_ERROR_OK the caller frees the key (wc_ecc_free / wc_ed25519_free). */
#define WH_SERVER_KEY_STORED 0
#define WH_SERVER_KEY_HOST 1

/* ECC P-256: d || Qx || Qy (96 bytes) or Qx || Qy (64). */
int wh_Server_CryptoLoadEcc(ecc_key* k, const uint8_t* raw, whNvmSize len, int check);
/* Ed25519: seed || public (64 bytes) or, unless needPrivate, public (32). */
int wh_Server_CryptoLoadEd25519(ed25519_key* k, const uint8_t* raw, whNvmSize len, int needPrivate,
                                int check);
/* An X25519 public value (32 bytes, little-endian): WH_ERROR_OK or WH_ERROR_BADKEY. */
int wh_Server_CryptoCheckX25519Public(const uint8_t* u);
/* Is sig a canonical Ed25519 signature (64 bytes, S < L)? 1 or 0. */
int wh_Server_CryptoEd25519SigCanonical(const uint8_t* sig, uint16_t len);
/* Are all len bytes zero? 1 or 0, in constant time. */
int wh_Server_CryptoIsZero(const uint8_t* buf, size_t len);

/* The action handlers (the symmetric ones in wh_server_crypto_sym.c, the public-key ones in
 * wh_server_crypto_pk.c). */
int wh_Server_CryptoDigest(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoCipher(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoHkdf(whServerContext* server, uint16_t magic, uint16_t reqSize,
                         const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoKeygen(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoSign(whServerContext* server, uint16_t magic, uint16_t reqSize,
                         const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoVerify(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoShared(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoPublicKey(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
/* The MAC fast path, MAC_GENERATE and MAC_VERIFY (wh_server_crypto_mac.c). */
int wh_Server_CryptoMac(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
/* Requests by address (wh_message_crypto.h; the window rules in wh_server.h): digests and
 * MACs and GCM in wh_server_crypto_sym.c, signature checks in wh_server_crypto_pk.c. */
int wh_Server_CryptoDigestDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoGcmDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                           const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);
int wh_Server_CryptoVerifyDma(whServerContext* server, uint16_t magic, uint16_t reqSize,
                              const uint8_t* req, uint8_t* resp, uint16_t* out_respSize);

/* Close the context's open stream, if any, and wipe its state (wh_server_crypto_sym.c). */
void wh_Server_CryptoStreamEnd(whServerCrypto* c);

#endif /* !WH_SERVER_CRYPTO_INTERNAL_H_ */
