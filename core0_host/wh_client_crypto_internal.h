/*
 * wh_client_crypto_internal.h: what the client's CRYPTO group files share
 * (wh_client_crypto.c: responses and the RNG; wh_client_crypto_sym.c: digests, MACs, AES,
 * HKDF; wh_client_crypto_pk.c: key pairs, signatures, shared secrets). Not a public header.
 */
#ifndef WH_CLIENT_CRYPTO_INTERNAL_H_
#define WH_CLIENT_CRYPTO_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_crypto.h"

#define CRYPTO_KIND(action) \
    WH_MESSAGE_KIND(WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_##action)

/* A buffer argument is usable: NULL only when it is empty. */
#define BUF_OK(p, len) (((p) != NULL) || ((len) == 0))

/* Append len bytes of src at *pos in the payload (nothing for len 0). */
static inline void put(uint8_t* payload, size_t* pos, const uint8_t* src, size_t len)
{
    if (len > 0) {
        memcpy(payload + *pos, src, len);
        *pos += len;
    }
}

/* Fill a "new key" field. */
static inline int newKey(whMessageCryptoNewKey* k, uint16_t outKeyId, uint16_t outFlags,
                         const uint8_t* label, uint16_t labelLen)
{
    if ((labelLen > sizeof(k->label)) || !BUF_OK(label, labelLen)) {
        return WH_ERROR_BADARGS;
    }
    k->outKeyId = outKeyId;
    k->outFlags = outFlags;
    memset(k->label, 0, sizeof(k->label));
    if (labelLen > 0) {
        memcpy(k->label, label, labelLen);
    }
    return WH_ERROR_OK;
}

/* Receive an Out response (whMessageCryptoOutResponse + len bytes + tagLen bytes): the data
 * to out (capacity *inout_len), the tag to tag (capacity *inout_tagLen). A NULL capacity
 * pointer means no room. */
int wh_Client_CryptoRecvOut(whClientContext* c, uint8_t* out, uint16_t* inout_len, uint8_t* tag,
                            uint16_t* inout_tagLen, int32_t* out_rc);

/* Receive a Key response (whMessageCryptoKeyResponse + pubLen bytes): the id to *out_keyId,
 * the public key to pub (capacity *inout_pubLen). pub and inout_pubLen both NULL: the public
 * key, if any, is not wanted. */
int wh_Client_CryptoRecvKey(whClientContext* c, uint16_t* out_keyId, uint8_t* pub,
                            uint16_t* inout_pubLen, int32_t* out_rc);

#endif /* !WH_CLIENT_CRYPTO_INTERNAL_H_ */
