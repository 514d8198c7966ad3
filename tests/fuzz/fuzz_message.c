/*
 * fuzz_message.c: libFuzzer target for the wire translators (shared_mem/wh_message*.c): every
 * wh_Message*_Translate* function, in both byte orders, and the header's magic check.
 *
 * Input format: byte 0 picks the translator (mod the number of them), the next bytes are the
 * message (zero-filled to its size; what is left over is ignored). The first two bytes of the
 * input are also a magic for wh_Message_CheckMagic.
 *
 * Checked for each translator T of a message of n bytes:
 *   - in our own byte order (WH_COMM_MAGIC_NATIVE) T copies the message unchanged;
 *   - in the other order (WH_COMM_MAGIC_SWAPPED) T swaps exactly the fields that this file's
 *     table lists (every 16-, 32- and 64-bit field of the struct in wh_message_*.h but padding
 *     and byte arrays) and copies every other byte;
 *   - translating twice is the identity, and in place (src == dst) gives the same as out of
 *     place;
 *   - T writes n bytes and not one more.
 * wh_Message_CheckMagic: WH_ERROR_OK for the two magics of our version, WH_ERROR_VERSION when
 * one byte is the tag, WH_ERROR_BADMAGIC otherwise.
 *
 * No state outlives an input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void fail(const char* name, const char* what)
{
    fprintf(stderr, "fuzz_message: %s: invariant broken: %s\n", name, what);
    abort();
}

/* A translated field: size 2, 4 or 8 bytes at off, count times in a row (arrays). */
typedef struct {
    uint16_t off;
    uint8_t  size;
    uint8_t  count;
} field;

#define FIELD(type, member)                                   \
    {                                                         \
        offsetof(type, member), sizeof(((type*)0)->member), 1 \
    }
#define ARRAY(type, member)                                            \
    {                                                                  \
        offsetof(type, member), sizeof(((type*)0)->member[0]),         \
            sizeof(((type*)0)->member) / sizeof(((type*)0)->member[0]) \
    }
#define MAX_FIELDS 10

typedef struct {
    const char* name;
    size_t      size;
    void (*translate)(uint16_t magic, const void* src, void* dst);
    field fields[MAX_FIELDS];
} translator;

/* Each translator behind one signature (called with properly typed, aligned buffers). */
#define WRAP(fn, type)                                             \
    static void w_##fn(uint16_t magic, const void* src, void* dst) \
    {                                                              \
        fn(magic, (const type*)src, (type*)dst);                   \
    }

WRAP(wh_Message_TranslateIdRequest, whMessageIdRequest)
WRAP(wh_MessageComm_TranslateConnectRequest, whMessageCommConnectRequest)
WRAP(wh_MessageComm_TranslateConnectResponse, whMessageCommConnectResponse)
WRAP(wh_MessageComm_TranslateInfoResponse, whMessageCommInfoResponse)
WRAP(wh_MessageCounter_TranslateInitRequest, whMessageCounterInitRequest)
WRAP(wh_MessageCounter_TranslateValueResponse, whMessageCounterValueResponse)
WRAP(wh_MessageCrypto_TranslateRngRequest, whMessageCryptoRngRequest)
WRAP(wh_MessageCrypto_TranslateOutResponse, whMessageCryptoOutResponse)
WRAP(wh_MessageCrypto_TranslateDigestRequest, whMessageCryptoDigestRequest)
WRAP(wh_MessageCrypto_TranslateCipherRequest, whMessageCryptoCipherRequest)
WRAP(wh_MessageCrypto_TranslateHkdfRequest, whMessageCryptoHkdfRequest)
WRAP(wh_MessageCrypto_TranslateKeygenRequest, whMessageCryptoKeygenRequest)
WRAP(wh_MessageCrypto_TranslateKeyResponse, whMessageCryptoKeyResponse)
WRAP(wh_MessageCrypto_TranslateSignRequest, whMessageCryptoSignRequest)
WRAP(wh_MessageCrypto_TranslateVerifyRequest, whMessageCryptoVerifyRequest)
WRAP(wh_MessageCrypto_TranslateSharedRequest, whMessageCryptoSharedRequest)
WRAP(wh_MessageKey_TranslateCacheRequest, whMessageKeyCacheRequest)
WRAP(wh_MessageKey_TranslateCopyRequest, whMessageKeyCopyRequest)
WRAP(wh_MessageKey_TranslateCacheResponse, whMessageKeyCacheResponse)
WRAP(wh_MessageKey_TranslateExportResponse, whMessageKeyExportResponse)
WRAP(wh_MessageNvm_TranslateAvailableResponse, whMessageNvmAvailableResponse)
WRAP(wh_MessageNvm_TranslateAddObjectRequest, whMessageNvmAddObjectRequest)
WRAP(wh_MessageNvm_TranslateListRequest, whMessageNvmListRequest)
WRAP(wh_MessageNvm_TranslateListResponse, whMessageNvmListResponse)
WRAP(wh_MessageNvm_TranslateMetadataResponse, whMessageNvmMetadataResponse)
WRAP(wh_MessageNvm_TranslateDestroyRequest, whMessageNvmDestroyRequest)
WRAP(wh_MessageNvm_TranslateReadRequest, whMessageNvmReadRequest)
WRAP(wh_MessageNvm_TranslateReadResponse, whMessageNvmReadResponse)
WRAP(wh_MessageCrypto_TranslateMacRequest, whMessageCryptoMacRequest)
WRAP(wh_MessageCrypto_TranslateDigestDmaRequest, whMessageCryptoDigestDmaRequest)
WRAP(wh_MessageCrypto_TranslateGcmDmaRequest, whMessageCryptoGcmDmaRequest)
WRAP(wh_MessageCrypto_TranslateVerifyDmaRequest, whMessageCryptoVerifyDmaRequest)
WRAP(wh_MessageNvm_TranslateAddObjectDmaRequest, whMessageNvmAddObjectDmaRequest)
WRAP(wh_MessageNvm_TranslateReadDmaRequest, whMessageNvmReadDmaRequest)

#define T(fn, type, ...)           \
    {                              \
#fn, sizeof(type), w_##fn, \
        {                          \
            __VA_ARGS__            \
        }                          \
    }

static const translator translators[] = {
    T(wh_Message_TranslateIdRequest, whMessageIdRequest, FIELD(whMessageIdRequest, id)),
    T(wh_MessageComm_TranslateConnectRequest, whMessageCommConnectRequest,
      FIELD(whMessageCommConnectRequest, version), FIELD(whMessageCommConnectRequest, dmaBase),
      FIELD(whMessageCommConnectRequest, dmaSize),
      FIELD(whMessageCommConnectRequest, configDigest)),
    T(wh_MessageComm_TranslateConnectResponse, whMessageCommConnectResponse,
      FIELD(whMessageCommConnectResponse, clientId), FIELD(whMessageCommConnectResponse, serverId)),
    T(wh_MessageComm_TranslateInfoResponse, whMessageCommInfoResponse,
      FIELD(whMessageCommInfoResponse, version), FIELD(whMessageCommInfoResponse, features),
      FIELD(whMessageCommInfoResponse, protocolVersion),
      FIELD(whMessageCommInfoResponse, maxPayload), FIELD(whMessageCommInfoResponse, clientId),
      FIELD(whMessageCommInfoResponse, serverId)),
    T(wh_MessageCounter_TranslateInitRequest, whMessageCounterInitRequest,
      FIELD(whMessageCounterInitRequest, id), FIELD(whMessageCounterInitRequest, kind),
      FIELD(whMessageCounterInitRequest, value)),
    T(wh_MessageCounter_TranslateValueResponse, whMessageCounterValueResponse,
      FIELD(whMessageCounterValueResponse, value)),
    T(wh_MessageCrypto_TranslateRngRequest, whMessageCryptoRngRequest,
      FIELD(whMessageCryptoRngRequest, len)),
    T(wh_MessageCrypto_TranslateOutResponse, whMessageCryptoOutResponse,
      FIELD(whMessageCryptoOutResponse, len), FIELD(whMessageCryptoOutResponse, tagLen)),
    T(wh_MessageCrypto_TranslateDigestRequest, whMessageCryptoDigestRequest,
      FIELD(whMessageCryptoDigestRequest, alg), FIELD(whMessageCryptoDigestRequest, step),
      FIELD(whMessageCryptoDigestRequest, keyId), FIELD(whMessageCryptoDigestRequest, tagLen),
      FIELD(whMessageCryptoDigestRequest, dataLen)),
    T(wh_MessageCrypto_TranslateCipherRequest, whMessageCryptoCipherRequest,
      FIELD(whMessageCryptoCipherRequest, mode), FIELD(whMessageCryptoCipherRequest, dir),
      FIELD(whMessageCryptoCipherRequest, keyId), FIELD(whMessageCryptoCipherRequest, ivLen),
      FIELD(whMessageCryptoCipherRequest, aadLen), FIELD(whMessageCryptoCipherRequest, tagLen),
      FIELD(whMessageCryptoCipherRequest, dataLen), FIELD(whMessageCryptoCipherRequest, step)),
    T(wh_MessageCrypto_TranslateHkdfRequest, whMessageCryptoHkdfRequest,
      FIELD(whMessageCryptoHkdfRequest, hash), FIELD(whMessageCryptoHkdfRequest, ikmKeyId),
      FIELD(whMessageCryptoHkdfRequest, outLen), FIELD(whMessageCryptoHkdfRequest, saltLen),
      FIELD(whMessageCryptoHkdfRequest, infoLen), FIELD(whMessageCryptoHkdfRequest, key.outKeyId),
      FIELD(whMessageCryptoHkdfRequest, key.outFlags)),
    T(wh_MessageCrypto_TranslateKeygenRequest, whMessageCryptoKeygenRequest,
      FIELD(whMessageCryptoKeygenRequest, type), FIELD(whMessageCryptoKeygenRequest, key.outKeyId),
      FIELD(whMessageCryptoKeygenRequest, key.outFlags)),
    T(wh_MessageCrypto_TranslateKeyResponse, whMessageCryptoKeyResponse,
      FIELD(whMessageCryptoKeyResponse, keyId), FIELD(whMessageCryptoKeyResponse, pubLen)),
    T(wh_MessageCrypto_TranslateSignRequest, whMessageCryptoSignRequest,
      FIELD(whMessageCryptoSignRequest, alg), FIELD(whMessageCryptoSignRequest, keyId),
      FIELD(whMessageCryptoSignRequest, msgLen)),
    T(wh_MessageCrypto_TranslateVerifyRequest, whMessageCryptoVerifyRequest,
      FIELD(whMessageCryptoVerifyRequest, alg), FIELD(whMessageCryptoVerifyRequest, keyId),
      FIELD(whMessageCryptoVerifyRequest, pubLen), FIELD(whMessageCryptoVerifyRequest, sigLen),
      FIELD(whMessageCryptoVerifyRequest, msgLen)),
    T(wh_MessageCrypto_TranslateSharedRequest, whMessageCryptoSharedRequest,
      FIELD(whMessageCryptoSharedRequest, keyId), FIELD(whMessageCryptoSharedRequest, pubLen),
      FIELD(whMessageCryptoSharedRequest, key.outKeyId),
      FIELD(whMessageCryptoSharedRequest, key.outFlags)),
    T(wh_MessageKey_TranslateCacheRequest, whMessageKeyCacheRequest,
      FIELD(whMessageKeyCacheRequest, id), FIELD(whMessageKeyCacheRequest, flags),
      FIELD(whMessageKeyCacheRequest, len), FIELD(whMessageKeyCacheRequest, macMinBits)),
    T(wh_MessageKey_TranslateCopyRequest, whMessageKeyCopyRequest,
      FIELD(whMessageKeyCopyRequest, id), FIELD(whMessageKeyCopyRequest, flags),
      FIELD(whMessageKeyCopyRequest, srcId)),
    T(wh_MessageKey_TranslateCacheResponse, whMessageKeyCacheResponse,
      FIELD(whMessageKeyCacheResponse, id)),
    T(wh_MessageKey_TranslateExportResponse, whMessageKeyExportResponse,
      FIELD(whMessageKeyExportResponse, flags), FIELD(whMessageKeyExportResponse, len)),
    T(wh_MessageNvm_TranslateAvailableResponse, whMessageNvmAvailableResponse,
      FIELD(whMessageNvmAvailableResponse, availSize),
      FIELD(whMessageNvmAvailableResponse, reclaimSize),
      FIELD(whMessageNvmAvailableResponse, availObjects),
      FIELD(whMessageNvmAvailableResponse, reclaimObjects)),
    T(wh_MessageNvm_TranslateAddObjectRequest, whMessageNvmAddObjectRequest,
      FIELD(whMessageNvmAddObjectRequest, id), FIELD(whMessageNvmAddObjectRequest, access),
      FIELD(whMessageNvmAddObjectRequest, flags), FIELD(whMessageNvmAddObjectRequest, len)),
    T(wh_MessageNvm_TranslateListRequest, whMessageNvmListRequest,
      FIELD(whMessageNvmListRequest, access), FIELD(whMessageNvmListRequest, flags),
      FIELD(whMessageNvmListRequest, startId)),
    T(wh_MessageNvm_TranslateListResponse, whMessageNvmListResponse,
      FIELD(whMessageNvmListResponse, count), FIELD(whMessageNvmListResponse, id)),
    T(wh_MessageNvm_TranslateMetadataResponse, whMessageNvmMetadataResponse,
      FIELD(whMessageNvmMetadataResponse, id), FIELD(whMessageNvmMetadataResponse, access),
      FIELD(whMessageNvmMetadataResponse, flags), FIELD(whMessageNvmMetadataResponse, len)),
    T(wh_MessageNvm_TranslateDestroyRequest, whMessageNvmDestroyRequest,
      FIELD(whMessageNvmDestroyRequest, count), ARRAY(whMessageNvmDestroyRequest, ids)),
    T(wh_MessageNvm_TranslateReadRequest, whMessageNvmReadRequest,
      FIELD(whMessageNvmReadRequest, id), FIELD(whMessageNvmReadRequest, offset),
      FIELD(whMessageNvmReadRequest, len)),
    T(wh_MessageNvm_TranslateReadResponse, whMessageNvmReadResponse,
      FIELD(whMessageNvmReadResponse, len)),
    T(wh_MessageCrypto_TranslateMacRequest, whMessageCryptoMacRequest,
      FIELD(whMessageCryptoMacRequest, alg), FIELD(whMessageCryptoMacRequest, keyId),
      FIELD(whMessageCryptoMacRequest, tagBits), FIELD(whMessageCryptoMacRequest, msgLen)),
    T(wh_MessageCrypto_TranslateDigestDmaRequest, whMessageCryptoDigestDmaRequest,
      FIELD(whMessageCryptoDigestDmaRequest, addr), FIELD(whMessageCryptoDigestDmaRequest, len),
      FIELD(whMessageCryptoDigestDmaRequest, alg), FIELD(whMessageCryptoDigestDmaRequest, step),
      FIELD(whMessageCryptoDigestDmaRequest, keyId),
      FIELD(whMessageCryptoDigestDmaRequest, tagLen)),
    T(wh_MessageCrypto_TranslateGcmDmaRequest, whMessageCryptoGcmDmaRequest,
      FIELD(whMessageCryptoGcmDmaRequest, inAddr), FIELD(whMessageCryptoGcmDmaRequest, outAddr),
      FIELD(whMessageCryptoGcmDmaRequest, aadAddr), FIELD(whMessageCryptoGcmDmaRequest, len),
      FIELD(whMessageCryptoGcmDmaRequest, aadLen), FIELD(whMessageCryptoGcmDmaRequest, dir),
      FIELD(whMessageCryptoGcmDmaRequest, keyId), FIELD(whMessageCryptoGcmDmaRequest, ivLen),
      FIELD(whMessageCryptoGcmDmaRequest, tagLen)),
    T(wh_MessageCrypto_TranslateVerifyDmaRequest, whMessageCryptoVerifyDmaRequest,
      FIELD(whMessageCryptoVerifyDmaRequest, msgAddr),
      FIELD(whMessageCryptoVerifyDmaRequest, msgLen), FIELD(whMessageCryptoVerifyDmaRequest, alg),
      FIELD(whMessageCryptoVerifyDmaRequest, hash), FIELD(whMessageCryptoVerifyDmaRequest, keyId),
      FIELD(whMessageCryptoVerifyDmaRequest, pubLen),
      FIELD(whMessageCryptoVerifyDmaRequest, sigLen)),
    T(wh_MessageNvm_TranslateAddObjectDmaRequest, whMessageNvmAddObjectDmaRequest,
      FIELD(whMessageNvmAddObjectDmaRequest, addr), FIELD(whMessageNvmAddObjectDmaRequest, id),
      FIELD(whMessageNvmAddObjectDmaRequest, access), FIELD(whMessageNvmAddObjectDmaRequest, flags),
      FIELD(whMessageNvmAddObjectDmaRequest, len)),
    T(wh_MessageNvm_TranslateReadDmaRequest, whMessageNvmReadDmaRequest,
      FIELD(whMessageNvmReadDmaRequest, addr), FIELD(whMessageNvmReadDmaRequest, id),
      FIELD(whMessageNvmReadDmaRequest, offset), FIELD(whMessageNvmReadDmaRequest, len)),
};
#define TRANSLATORS (sizeof(translators) / sizeof(translators[0]))

/* Larger than every message, with room for a guard after it; 8-byte aligned. */
#define BUF_SIZE 256
#define GUARD 0xA5u
typedef union {
    uint8_t  b[BUF_SIZE];
    uint64_t align;
} buffer;

/* The reference: the listed fields swapped, every other byte as it was. */
static void reference(const translator* t, const uint8_t* src, uint8_t* out)
{
    size_t i;
    size_t k;

    memcpy(out, src, t->size);
    for (i = 0; (i < MAX_FIELDS) && (t->fields[i].size != 0); i++) {
        for (k = 0; k < t->fields[i].count; k++) {
            const size_t at = t->fields[i].off + k * t->fields[i].size;
            size_t       j;
            if (at + t->fields[i].size > t->size) {
                fail(t->name, "field table past the message");
            }
            for (j = 0; j < t->fields[i].size; j++) {
                out[at + j] = src[at + t->fields[i].size - 1 - j];
            }
        }
    }
}

/* Fill a buffer with the guard, then run t from src into it; check the guard after it. */
static void run(const translator* t, uint16_t magic, const buffer* src, buffer* dst)
{
    memset(dst->b, GUARD, sizeof(dst->b));
    t->translate(magic, src->b, dst->b);
    {
        size_t i;
        for (i = t->size; i < sizeof(dst->b); i++) {
            if (dst->b[i] != GUARD) {
                fail(t->name, "wrote past the message");
            }
        }
    }
}

static void checkMagic(uint16_t magic)
{
    const int rc = wh_Message_CheckMagic(magic);
    int       expected;

    if ((magic == WH_COMM_MAGIC_NATIVE) || (magic == WH_COMM_MAGIC_SWAPPED)) {
        expected = WH_ERROR_OK;
    }
    else if (((magic >> 8) == WH_COMM_MAGIC_TAG) || ((magic & 0xFFu) == WH_COMM_MAGIC_TAG)) {
        expected = WH_ERROR_VERSION;
    }
    else {
        expected = WH_ERROR_BADMAGIC;
    }
    if (rc != expected) {
        fail("wh_Message_CheckMagic", "verdict");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const translator* t;
    buffer            src;
    buffer            out;
    buffer            back;
    buffer            ref;
    buffer            inPlace;

    if (size < 1) {
        return 0;
    }
    if (size >= 2) {
        checkMagic((uint16_t)(data[0] | (data[1] << 8)));
    }
    t = &translators[data[0] % TRANSLATORS];
    if (t->size > BUF_SIZE - 8) {
        fail(t->name, "message larger than the test buffer");
    }
    memset(&src, 0, sizeof(src));
    memcpy(src.b, data + 1, (size - 1 < t->size) ? size - 1 : t->size);

    /* Our order: a copy. */
    run(t, WH_COMM_MAGIC_NATIVE, &src, &out);
    if (memcmp(out.b, src.b, t->size) != 0) {
        fail(t->name, "native order changed the message");
    }
    /* The other order: the listed fields swapped, nothing else. */
    run(t, WH_COMM_MAGIC_SWAPPED, &src, &out);
    reference(t, src.b, ref.b);
    if (memcmp(out.b, ref.b, t->size) != 0) {
        fail(t->name, "swapped order differs from the field table");
    }
    /* Twice: the identity. */
    run(t, WH_COMM_MAGIC_SWAPPED, &out, &back);
    if (memcmp(back.b, src.b, t->size) != 0) {
        fail(t->name, "translating twice is not the identity");
    }
    /* In place: the same as out of place. */
    memcpy(&inPlace, &src, sizeof(src));
    t->translate(WH_COMM_MAGIC_SWAPPED, inPlace.b, inPlace.b);
    if (memcmp(inPlace.b, out.b, t->size) != 0) {
        fail(t->name, "in place differs from out of place");
    }
    return 0;
}
