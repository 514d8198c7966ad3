/*
 * Crypto.c: the AUTOSAR Crypto Driver of the host core (Crypto.h), a proxy that forwards
 * jobs to the HSM through one wh_Client context per driver object.
 *
 * A job's call (its mode bits START / UPDATE / FINISH) runs as a sequence of HSM requests:
 * Crypto_Send sends the next one (or finds nothing left to send), Crypto_Recv takes its
 * response. Sync calls wait for each response in Crypto_ProcessJob; async calls are sent
 * from Crypto_ProcessJob / Crypto_MainFunction and polled there without blocking.
 */
#include <string.h>

#include "CryIf_Cbk.h"
#include "Crypto.h"
#include "Det.h"
#include "wh_client_internal.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"

#define MODE_START ((uint32)CRYPTO_OPERATIONMODE_START)
#define MODE_UPDATE ((uint32)CRYPTO_OPERATIONMODE_UPDATE)
#define MODE_FINISH ((uint32)CRYPTO_OPERATIONMODE_FINISH)
#define MODE_ALL (MODE_START | MODE_UPDATE | MODE_FINISH)

#define AES_BLOCK 16u
/* Cipher bytes per message: whole blocks that fit the request (with a 16-byte IV) and the
 * response. */
#define CIPHER_CHUNK_RAW                                                                 \
    (((uint32)WH_CLIENT_CIPHER_MAX_PARTS - AES_BLOCK) < (uint32)WH_CLIENT_CRYPTO_OUT_MAX \
         ? ((uint32)WH_CLIENT_CIPHER_MAX_PARTS - AES_BLOCK)                              \
         : (uint32)WH_CLIENT_CRYPTO_OUT_MAX)
#define CIPHER_CHUNK (CIPHER_CHUNK_RAW - (CIPHER_CHUNK_RAW % AES_BLOCK))

static const Crypto_ConfigType* Crypto_ConfigPtr; /* NULL: not initialised */
/* The key management calls' workspace: its client is the key client. */
static Crypto_ObjectStateType Crypto_KeyWs;
/* Crypto_DoorbellIndication's calls (an interrupt's: read once per Crypto_MainFunction). */
static volatile uint32 Crypto_DoorbellCount;

/* ---- helpers ---- */

static Std_ReturnType Crypto_Det(uint8 sid, uint8 err)
{
    (void)Det_ReportError(CRYPTO_MODULE_ID, CRYPTO_INSTANCE_ID, sid, err);
    return E_NOT_OK;
}

static Std_ReturnType Crypto_FromHsm(int32_t rc)
{
    switch (rc) {
        case WH_ERROR_OK:
            return E_OK;
        case WH_ERROR_NOTFOUND:
            return CRYPTO_E_KEY_NOT_AVAILABLE;
        case WH_ERROR_BUFFER_SIZE:
            return CRYPTO_E_SMALL_BUFFER;
        default:
            return E_NOT_OK;
    }
}

static const Crypto_KeyElementConfigType* Crypto_Element(uint32 keyId, uint32 elementId)
{
    const Crypto_KeyConfigType* key = &Crypto_ConfigPtr->keys[keyId];
    uint32                      i;

    for (i = 0; i < key->elementCount; i++) {
        if (key->elements[i].keyElementId == elementId) {
            return &key->elements[i];
        }
    }
    return NULL;
}

/* The services this driver implements, and whether they take an input / need a key. */
static boolean Crypto_ServiceSupported(Crypto_ServiceInfoType s)
{
    switch (s) {
        case CRYPTO_HASH:
        case CRYPTO_MACGENERATE:
        case CRYPTO_MACVERIFY:
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
        case CRYPTO_AEADENCRYPT:
        case CRYPTO_AEADDECRYPT:
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_SIGNATUREVERIFY:
        case CRYPTO_RANDOMGENERATE:
        case CRYPTO_RANDOMSEED:
        case CRYPTO_KEYGENERATE:
        case CRYPTO_KEYDERIVE:
        case CRYPTO_KEYEXCHANGECALCPUBVAL:
        case CRYPTO_KEYEXCHANGECALCSECRET:
        case CRYPTO_KEYSETVALID:
        case CRYPTO_KEYSETINVALID:
            return TRUE;
        default:
            return FALSE;
    }
}

static boolean Crypto_NeedsKey(Crypto_ServiceInfoType s)
{
    return (s != CRYPTO_HASH) && (s != CRYPTO_RANDOMGENERATE) && (s != CRYPTO_RANDOMSEED);
}

static boolean Crypto_TakesInput(Crypto_ServiceInfoType s)
{
    return (s != CRYPTO_RANDOMGENERATE) && (s != CRYPTO_KEYSETVALID) &&
           (s != CRYPTO_KEYSETINVALID) && (s != CRYPTO_KEYGENERATE) && (s != CRYPTO_KEYDERIVE) &&
           (s != CRYPTO_KEYEXCHANGECALCPUBVAL);
}

/* Does the service use the key's element 1 as it is (set, and the key valid)? */
static boolean Crypto_UsesKey(Crypto_ServiceInfoType s)
{
    switch (s) {
        case CRYPTO_MACGENERATE:
        case CRYPTO_MACVERIFY:
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
        case CRYPTO_AEADENCRYPT:
        case CRYPTO_AEADDECRYPT:
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_SIGNATUREVERIFY:
        case CRYPTO_KEYDERIVE:
            return TRUE;
        default:
            return FALSE;
    }
}

static boolean Crypto_IsSignature(Crypto_ServiceInfoType s)
{
    return (s == CRYPTO_SIGNATUREGENERATE) || (s == CRYPTO_SIGNATUREVERIFY);
}

/* The HSM key type of an element (WH_KEY_TYPE_*). */
static uint16 Crypto_KeyType(const Crypto_KeyElementConfigType* e)
{
    return (uint16)((e->hsmFlags & WH_NVM_FLAGS_KEYTYPE_MASK) >> 4);
}

/* The flags an HSM element's key is made with: exportable only with CRYPTO_RA_ALLOWED. */
static uint16 Crypto_HsmFlags(const Crypto_KeyElementConfigType* e)
{
    return (e->readAccess == CRYPTO_RA_ALLOWED)
               ? e->hsmFlags
               : (uint16)(e->hsmFlags | WH_NVM_FLAGS_NONEXPORTABLE);
}

/* The element of the key if the HSM holds it (else NULL). */
static const Crypto_KeyElementConfigType* Crypto_HsmElement(uint32 keyId, uint32 elementId)
{
    const Crypto_KeyElementConfigType* e = Crypto_Element(keyId, elementId);
    return ((e != NULL) && (e->hsmKeyId != 0u)) ? e : NULL;
}

static const Crypto_PrimitiveInfoType* Crypto_Prim(const Crypto_JobType* job)
{
    return job->jobPrimitiveInfo->primitiveInfo;
}

/* The MAC's length in bytes for a digest algorithm. */
static uint16 Crypto_DigestSize(uint16 alg)
{
    switch (alg) {
        case WH_CRYPTO_SHA256:
        case WH_CRYPTO_HMAC_SHA256:
            return 32u;
        case WH_CRYPTO_SHA384:
        case WH_CRYPTO_HMAC_SHA384:
            return 48u;
        case WH_CRYPTO_SHA512:
            return 64u;
        default:
            return 16u; /* CMAC */
    }
}

/* The HSM algorithm for a job (0: not one this driver maps). */
static uint16 Crypto_HsmAlg(const Crypto_PrimitiveInfoType* p)
{
    const Crypto_AlgorithmInfoType* a = &p->algorithm;

    switch (p->service) {
        case CRYPTO_HASH:
            return (a->family == CRYPTO_ALGOFAM_SHA2_256)   ? WH_CRYPTO_SHA256
                   : (a->family == CRYPTO_ALGOFAM_SHA2_384) ? WH_CRYPTO_SHA384
                   : (a->family == CRYPTO_ALGOFAM_SHA2_512) ? WH_CRYPTO_SHA512
                                                            : 0u;
        case CRYPTO_MACGENERATE:
        case CRYPTO_MACVERIFY:
            if ((a->family == CRYPTO_ALGOFAM_AES) && (a->mode == CRYPTO_ALGOMODE_CMAC)) {
                return WH_CRYPTO_CMAC_AES;
            }
            if (a->mode == CRYPTO_ALGOMODE_HMAC) {
                return (a->family == CRYPTO_ALGOFAM_SHA2_256)   ? WH_CRYPTO_HMAC_SHA256
                       : (a->family == CRYPTO_ALGOFAM_SHA2_384) ? WH_CRYPTO_HMAC_SHA384
                                                                : 0u;
            }
            return 0u;
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
            if (a->family != CRYPTO_ALGOFAM_AES) {
                return 0u;
            }
            return (a->mode == CRYPTO_ALGOMODE_ECB)   ? WH_CRYPTO_AES_ECB
                   : (a->mode == CRYPTO_ALGOMODE_CBC) ? WH_CRYPTO_AES_CBC
                   : (a->mode == CRYPTO_ALGOMODE_CTR) ? WH_CRYPTO_AES_CTR
                                                      : 0u;
        case CRYPTO_AEADENCRYPT:
        case CRYPTO_AEADDECRYPT:
            return ((a->family == CRYPTO_ALGOFAM_AES) && (a->mode == CRYPTO_ALGOMODE_GCM))
                       ? WH_CRYPTO_AES_GCM
                       : 0u;
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_SIGNATUREVERIFY:
            /* ECDSA P-256: the HSM signs a hash, which it makes first with secondaryFamily's
             * SHA-2 (SHA-256 unless SHA2_384 / SHA2_512); Ed25519 signs the message itself */
            if ((a->family == CRYPTO_ALGOFAM_ECCNIST) || (a->family == CRYPTO_ALGOFAM_ECDSA)) {
                return (a->secondaryFamily == CRYPTO_ALGOFAM_SHA2_384)   ? WH_CRYPTO_SHA384
                       : (a->secondaryFamily == CRYPTO_ALGOFAM_SHA2_512) ? WH_CRYPTO_SHA512
                                                                         : WH_CRYPTO_SHA256;
            }
            return (a->family == CRYPTO_ALGOFAM_ED25519) ? 1u : 0u;

        default:
            return 1u; /* no HSM algorithm to choose */
    }
}

/* ---- a job's call: begin, send, receive, complete ---- */

/* The job's ECDSA signatures are DER (its key's configuration), not r || s. */
static boolean Crypto_SigDer(const Crypto_ObjectStateType* ws)
{
    return ((ws->sigAlg == WH_CRYPTO_ECDSA_P256) &&
            (Crypto_ConfigPtr->keys[ws->job->cryptoKeyId].derSignature != FALSE))
               ? TRUE
               : FALSE;
}

/* The key elements a key service needs: ws->result says whether they are there. */
static void Crypto_BeginKeyService(Crypto_ObjectStateType* ws, const Crypto_JobType* job)
{
    const Crypto_JobPrimitiveInputOutputType* io = &job->jobPrimitiveInputOutput;
    const Crypto_KeyElementConfigType*        e  = NULL;

    switch (Crypto_Prim(job)->service) {
        case CRYPTO_KEYGENERATE:
            e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYGENERATE_KEY);
            if ((e != NULL) && (Crypto_KeyType(e) == WH_KEY_TYPE_SECRET)) {
                ws->result = E_NOT_OK; /* the HSM generates key pairs only */
                return;
            }
            break;
        case CRYPTO_KEYEXCHANGECALCPUBVAL:
            e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_PRIVKEY);
            if ((e != NULL) && (*io->outputLengthPtr <
                                ((Crypto_KeyType(e) == WH_KEY_TYPE_ECC_P256) ? 64u : 32u))) {
                ws->result = CRYPTO_E_SMALL_BUFFER;
                return;
            }
            break;
        case CRYPTO_KEYEXCHANGECALCSECRET:
            e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_PRIVKEY);
            if ((e != NULL) && (e->state->isSet == FALSE)) {
                e = NULL;
            }
            if (Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE) == NULL) {
                e = NULL;
            }
            break;
        case CRYPTO_KEYDERIVE:
            e = Crypto_HsmElement(job->targetCryptoKeyId, CRYPTO_KE_KEYGENERATE_KEY);
            break;
        default:
            return;
    }
    if (e == NULL) {
        ws->result = CRYPTO_E_KEY_NOT_AVAILABLE;
    }
}

/* ---- SHE keys ---- */

/* A job on a SHE key (the key valid): one SHE command on its slot, single call. MAC: AES-CMAC
 * over the input's bits (GENERATE_MAC, VERIFY_MAC: the first secondaryInputLength bits);
 * ENCRYPT / DECRYPT: AES ECB or CBC (IV from CRYPTO_KE_CIPHER_IV) of whole blocks. At most
 * WH_SHE_DATA_MAX bytes of input. */
static void Crypto_SheBegin(Crypto_ObjectStateType* ws, const Crypto_JobType* job, uint32 mode)
{
    const Crypto_JobPrimitiveInputOutputType* io = &job->jobPrimitiveInputOutput;
    Crypto_ServiceInfoType                    s  = Crypto_Prim(job)->service;

    ws->hsmKeyId = Crypto_ConfigPtr->keys[job->cryptoKeyId].sheSlot;
    ws->she      = 1;
    if ((mode != MODE_ALL) || (io->inputLength > WH_SHE_DATA_MAX)) {
        ws->result = E_NOT_OK; /* the SHE takes the whole message in one command */
        return;
    }
    if ((s == CRYPTO_MACGENERATE) || (s == CRYPTO_MACVERIFY)) {
        if ((ws->hsmAlg != WH_CRYPTO_CMAC_AES) ||
            ((s == CRYPTO_MACVERIFY) &&
             ((io->secondaryInputLength == 0u) || (io->secondaryInputLength > 128u)))) {
            ws->result = E_NOT_OK;
        }
        return;
    }
    if (((s != CRYPTO_ENCRYPT) && (s != CRYPTO_DECRYPT)) ||
        ((ws->hsmAlg != WH_CRYPTO_AES_ECB) && (ws->hsmAlg != WH_CRYPTO_AES_CBC)) ||
        ((io->inputLength % AES_BLOCK) != 0u)) {
        ws->result = E_NOT_OK;
        return;
    }
    if (*io->outputLengthPtr < io->inputLength) {
        ws->result = CRYPTO_E_SMALL_BUFFER;
        return;
    }
    if (ws->hsmAlg == WH_CRYPTO_AES_CBC) {
        const Crypto_KeyElementConfigType* iv = Crypto_Element(job->cryptoKeyId,
                                                               CRYPTO_KE_CIPHER_IV);
        if ((iv == NULL) || (iv->hsmKeyId != 0u) || (iv->state->length != AES_BLOCK)) {
            ws->result = CRYPTO_E_KEY_NOT_AVAILABLE;
            return;
        }
        memcpy(ws->iv, iv->ramBuf, AES_BLOCK);
    }
}

/* A SHE error as a driver result. */
static Std_ReturnType Crypto_FromShe(int32_t rc)
{
    switch (rc) {
        case WH_ERROR_SHE_KEY_EMPTY:
            return CRYPTO_E_KEY_EMPTY;
        case WH_ERROR_SHE_KEY_NOT_AVAILABLE:
            return CRYPTO_E_KEY_NOT_AVAILABLE;
        default:
            return Crypto_FromHsm(rc);
    }
}

static int Crypto_SheSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io   = &ws->job->jobPrimitiveInputOutput;
    uint8                                     slot = (uint8)ws->hsmKeyId;
    int                                       ret;

    if (ws->todo == 0u) {
        return 0;
    }
    switch (Crypto_Prim(ws->job)->service) {
        case CRYPTO_MACGENERATE:
            ret = wh_Client_SheGenerateMacRequest(&ws->client, slot, io->inputPtr,
                                                  8u * io->inputLength);
            break;
        case CRYPTO_MACVERIFY:
            ret = wh_Client_SheVerifyMacRequest(&ws->client, slot, io->inputPtr,
                                                8u * io->inputLength, io->secondaryInputPtr,
                                                (uint16)io->secondaryInputLength);
            break;
        default: {
            uint16 action = (Crypto_Prim(ws->job)->service == CRYPTO_ENCRYPT)
                                ? WH_MESSAGE_SHE_ACTION_ENC_ECB
                                : WH_MESSAGE_SHE_ACTION_DEC_ECB;
            if (ws->hsmAlg == WH_CRYPTO_AES_CBC) {
                action++; /* ENC_CBC / DEC_CBC follow ENC_ECB / DEC_ECB */
            }
            ret = wh_Client_SheCipherRequest(&ws->client, action, slot,
                                             (ws->hsmAlg == WH_CRYPTO_AES_CBC) ? ws->iv : NULL,
                                             io->inputPtr, io->inputLength);
            break;
        }
    }
    if (ret != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    return 1;
}

static int Crypto_SheRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io     = &ws->job->jobPrimitiveInputOutput;
    uint32                              status = WH_SHE_VERIFY_FAILED;
    int32_t                             rc     = WH_ERROR_OK;
    int                                 ret;

    switch (Crypto_Prim(ws->job)->service) {
        case CRYPTO_MACGENERATE:
            ret = wh_Client_SheGenerateMacResponse(&ws->client, ws->digest, &rc);
            break;
        case CRYPTO_MACVERIFY:
            ret = wh_Client_SheVerifyMacResponse(&ws->client, &status, &rc);
            break;
        default:
            ret = wh_Client_SheCipherResponse(&ws->client, io->outputPtr, io->inputLength, &rc);
            break;
    }
    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    ws->todo = 0;
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        ws->result = (ret == WH_ERROR_OK) ? Crypto_FromShe(rc) : E_NOT_OK;
        return WH_ERROR_OK;
    }
    switch (Crypto_Prim(ws->job)->service) {
        case CRYPTO_MACGENERATE: { /* a shorter output buffer takes the truncated MAC */
            uint32 n = (*io->outputLengthPtr < AES_BLOCK) ? *io->outputLengthPtr : AES_BLOCK;
            memcpy(io->outputPtr, ws->digest, n);
            *io->outputLengthPtr = n;
            memset(ws->digest, 0, sizeof(ws->digest));
            break;
        }
        case CRYPTO_MACVERIFY:
            *io->verifyPtr = (status == WH_SHE_VERIFY_OK) ? CRYPTO_E_VER_OK : CRYPTO_E_VER_NOT_OK;
            break;
        default:
            ws->outOff = io->inputLength;
            break;
    }
    return WH_ERROR_OK;
}

/* Set up the workspace for the job's current call; ws->result says whether it can run. */
static void Crypto_Begin(Crypto_ObjectStateType* ws, Crypto_JobType* job, uint8 async)
{
    const Crypto_PrimitiveInfoType*           prim = Crypto_Prim(job);
    const Crypto_JobPrimitiveInputOutputType* io   = &job->jobPrimitiveInputOutput;
    uint32                                    mode = (uint32)io->mode & MODE_ALL;

    ws->job       = job;
    ws->async     = async;
    ws->waiting   = 0;
    ws->result    = E_OK;
    ws->inOff     = 0;
    ws->outOff    = 0;
    ws->verify    = 0;
    ws->fast      = 0;
    ws->she       = 0;
    ws->sent      = 0;
    ws->todo      = mode & (MODE_UPDATE | MODE_FINISH);
    ws->callMode  = (uint8)mode;
    job->jobState = CRYPTO_JOBSTATE_ACTIVE;
    if ((mode & MODE_START) != 0u) {
        ws->streamOpen = 0;
        ws->partialLen = 0;
    }
    ws->hsmAlg = Crypto_HsmAlg(prim);
    if (ws->hsmAlg == 0u) {
        ws->result = E_NOT_OK;
        return;
    }
    if ((prim->service == CRYPTO_AEADDECRYPT) && (mode != MODE_ALL)) {
        ws->result = E_NOT_OK; /* one call: no plaintext before the tag is checked */
        return;
    }
    ws->hsmKeyId = 0;
    ws->sigStep  = 0;
    ws->sigAlg   = 0;
    if (Crypto_UsesKey(prim->service)) {
        const Crypto_KeyElementConfigType* e;

        if (Crypto_ConfigPtr->keys[job->cryptoKeyId].state->valid == FALSE) {
            ws->result = CRYPTO_E_KEY_NOT_VALID;
            return;
        }
        if (Crypto_ConfigPtr->keys[job->cryptoKeyId].sheSlot != 0u) {
            Crypto_SheBegin(ws, job, mode);
            return;
        }
        e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_CIPHER_KEY); /* = MAC_KEY, ... */
        if ((e == NULL) || (e->state->isSet == FALSE)) {
            ws->result = CRYPTO_E_KEY_NOT_AVAILABLE;
            return;
        }
        ws->hsmKeyId = e->hsmKeyId;
    }
    Crypto_BeginKeyService(ws, job);
    if (ws->result != E_OK) {
        return;
    }
    if (Crypto_IsSignature(prim->service)) {
        ws->sigAlg = (prim->algorithm.family == CRYPTO_ALGOFAM_ED25519) ? WH_CRYPTO_ED25519
                                                                        : WH_CRYPTO_ECDSA_P256;
        if ((ws->sigAlg == WH_CRYPTO_ED25519) && (mode != MODE_ALL)) {
            ws->result = E_NOT_OK; /* Ed25519 signs the whole message: one call */
            return;
        }
        if ((prim->service == CRYPTO_SIGNATUREGENERATE) && ((mode & MODE_FINISH) != 0u) &&
            (*io->outputLengthPtr < ((Crypto_SigDer(ws) != FALSE) ? CRYPTO_ECDSA_DER_MAX : 64u))) {
            ws->result = CRYPTO_E_SMALL_BUFFER;
            return;
        }
    }
    if ((prim->service == CRYPTO_ENCRYPT) || (prim->service == CRYPTO_DECRYPT)) {
        uint32 len = ((ws->todo & MODE_UPDATE) != 0u) ? io->inputLength : 0u;

        if (((mode & MODE_START) != 0u) && (ws->hsmAlg != WH_CRYPTO_AES_ECB)) {
            const Crypto_KeyElementConfigType* iv = Crypto_Element(job->cryptoKeyId,
                                                                   CRYPTO_KE_CIPHER_IV);
            if ((iv == NULL) || (iv->hsmKeyId != 0u) || (iv->state->length != AES_BLOCK)) {
                ws->result = CRYPTO_E_KEY_NOT_AVAILABLE;
                return;
            }
            memcpy(ws->iv, iv->ramBuf, AES_BLOCK);
        }
        /* this call's output: the whole blocks of what is held back and the input, and at
         * FINISH the rest (CTR; ECB and CBC have no padding: the rest must be none) */
        len += ws->partialLen;
        if ((ws->todo & MODE_FINISH) == 0u) {
            len -= len % AES_BLOCK;
        }
        else if (((len % AES_BLOCK) != 0u) && (ws->hsmAlg != WH_CRYPTO_AES_CTR)) {
            ws->result = E_NOT_OK;
            return;
        }
        if ((len != 0u) && ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL))) {
            ws->result = E_NOT_OK; /* output due, but no buffer for it */
            return;
        }
        if ((len != 0u) && (*io->outputLengthPtr < len)) {
            ws->result = CRYPTO_E_SMALL_BUFFER;
            return;
        }
    }
    if ((prim->service == CRYPTO_MACVERIFY) && ((ws->todo & MODE_FINISH) != 0u)) {
        uint32 bits = io->secondaryInputLength;
        if ((bits == 0u) || (bits > 8u * Crypto_DigestSize(ws->hsmAlg))) {
            ws->result = E_NOT_OK;
            return;
        }
    }
    if (prim->service == CRYPTO_AEADENCRYPT) {
        if ((ws->streamOpen != 0u) && ((mode & MODE_UPDATE) != 0u) &&
            (io->secondaryInputLength != 0u)) {
            ws->result = E_NOT_OK; /* the AAD comes with the first UPDATE, all of it */
            return;
        }
        if ((((mode & MODE_UPDATE) != 0u) && (*io->outputLengthPtr < io->inputLength)) ||
            (((mode & MODE_FINISH) != 0u) &&
             (*io->secondaryOutputLengthPtr < WH_CRYPTO_GCM_MIN_TAG))) {
            ws->result = CRYPTO_E_SMALL_BUFFER;
            return;
        }
    }
    if ((prim->service == CRYPTO_AEADDECRYPT) && (*io->outputLengthPtr < io->inputLength)) {
        ws->result = CRYPTO_E_SMALL_BUFFER;
        return;
    }
}

/* Compare the first bits bits of a and b in constant time. */
static boolean Crypto_BitsEqual(const uint8* a, const uint8* b, uint32 bits)
{
    uint32 whole = bits / 8u;
    uint32 rest  = bits % 8u;
    uint8  diff  = 0;
    uint32 i;

    for (i = 0; i < whole; i++) {
        diff |= (uint8)(a[i] ^ b[i]);
    }
    if (rest != 0u) {
        uint8 mask = (uint8)(0xFFu << (8u - rest));
        diff |= (uint8)((a[whole] ^ b[whole]) & mask);
    }
    return (diff == 0u) ? TRUE : FALSE;
}

/* The digest of a finished hash or MAC call: to the output, or compared with the MAC. */
static void Crypto_DigestDone(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;

    if (Crypto_IsSignature(Crypto_Prim(ws->job)->service)) {
        ws->sigStep = 1; /* the hash is in: sign or verify it next */
        return;
    }
    if (Crypto_Prim(ws->job)->service == CRYPTO_MACVERIFY) {
        *io->verifyPtr = Crypto_BitsEqual(ws->digest, io->secondaryInputPtr,
                                          io->secondaryInputLength)
                             ? CRYPTO_E_VER_OK
                             : CRYPTO_E_VER_NOT_OK;
    }
    else { /* a shorter output buffer takes the truncated digest or MAC */
        uint32 n = (*io->outputLengthPtr < ws->digestLen) ? *io->outputLengthPtr : ws->digestLen;
        memcpy(io->outputPtr, ws->digest, n);
        *io->outputLengthPtr = n;
    }
    memset(ws->digest, 0, sizeof(ws->digest));
}

/* Can the HSM compare this MAC itself (VERIFY step: whole bytes, at least its minimum)? */
static boolean Crypto_HsmVerifies(uint32 bits)
{
    return ((bits % 8u) == 0u) && ((bits / 8u) >= WH_CRYPTO_MAC_MIN_TAG);
}

static int Crypto_DigestSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io     = &ws->job->jobPrimitiveInputOutput;
    const uint32                              max    = WH_CLIENT_DIGEST_MAX_DATA;
    uint32                                    remain = 0;
    uint32                                    len;
    uint16                                    step;
    const uint8*                              tag    = NULL;
    uint16                                    tagLen = 0;

    if ((ws->todo & MODE_UPDATE) != 0u) {
        remain = io->inputLength - ws->inOff;
    }
    ws->verify = 0;
    if (((ws->todo & MODE_FINISH) != 0u) && (remain <= max)) {
        len = remain;
        if (ws->streamOpen != 0u) {
            step = WH_CRYPTO_STEP_FINAL;
        }
        else if ((Crypto_Prim(ws->job)->service == CRYPTO_MACVERIFY) &&
                 Crypto_HsmVerifies(io->secondaryInputLength) &&
                 (remain + io->secondaryInputLength / 8u <= max)) {
            step       = WH_CRYPTO_STEP_VERIFY;
            tag        = io->secondaryInputPtr;
            tagLen     = (uint16)(io->secondaryInputLength / 8u);
            ws->verify = 1;
        }
        else {
            step = WH_CRYPTO_STEP_ONESHOT;
        }
    }
    else if (remain != 0u) {
        len  = (remain < max) ? remain : max;
        step = (ws->streamOpen != 0u) ? WH_CRYPTO_STEP_UPDATE : WH_CRYPTO_STEP_INIT;
    }
    else {
        return 0;
    }
    if (wh_Client_DigestRequest(&ws->client, ws->hsmAlg, step,
                                Crypto_IsSignature(Crypto_Prim(ws->job)->service) ? 0u
                                                                                  : ws->hsmKeyId,
                                (len != 0u) ? &io->inputPtr[ws->inOff] : NULL, (uint16)len, tag,
                                tagLen) != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->sendLen = len;
    ws->step    = step;
    return 1;
}

static int Crypto_DigestRecv(Crypto_ObjectStateType* ws)
{
    uint16  outLen = sizeof(ws->digest);
    int32_t rc     = WH_ERROR_OK;
    int     ret    = wh_Client_DigestResponse(&ws->client, ws->digest, &outLen, &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if (ret != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return WH_ERROR_OK;
    }
    if (ws->verify != 0u) {
        if ((rc != WH_ERROR_OK) && (rc != WH_ERROR_AUTH)) {
            ws->result = Crypto_FromHsm(rc);
        }
        else {
            *ws->job->jobPrimitiveInputOutput.verifyPtr = (rc == WH_ERROR_OK) ? CRYPTO_E_VER_OK
                                                                              : CRYPTO_E_VER_NOT_OK;
            ws->todo                                    = 0;
        }
        return WH_ERROR_OK;
    }
    if (rc != WH_ERROR_OK) {
        ws->streamOpen = 0;
        ws->result     = Crypto_FromHsm(rc);
        return WH_ERROR_OK;
    }
    ws->inOff += ws->sendLen;
    if ((ws->step == WH_CRYPTO_STEP_FINAL) || (ws->step == WH_CRYPTO_STEP_ONESHOT)) {
        ws->streamOpen = 0;
        ws->digestLen  = outLen;
        ws->todo       = 0;
        Crypto_DigestDone(ws);
    }
    else {
        ws->streamOpen = 1;
        if (ws->inOff == ws->job->jobPrimitiveInputOutput.inputLength) {
            ws->todo &= ~MODE_UPDATE;
        }
    }
    return WH_ERROR_OK;
}

/* ---- the MAC fast path ---- */

/* A single-call AES-CMAC of a message that fits one request, on a valid key that is set, with
 * a tag of at least the HSM's default minimum (the driver caches keys with it): the HSM makes
 * or checks the tag itself on its prepared key (wh_Client_MacGenerate / MacVerify). The tag's
 * length in bits: 0 if the job does not qualify (the general path runs it, and reports what is
 * wrong with it). */
static uint16 Crypto_MacFastBits(const Crypto_JobType* job)
{
    const Crypto_JobPrimitiveInputOutputType* io   = &job->jobPrimitiveInputOutput;
    const Crypto_PrimitiveInfoType*           prim = Crypto_Prim(job);
    uint32                                    bits;

    if ((((uint32)io->mode & MODE_ALL) != MODE_ALL) ||
        (prim->algorithm.mode != CRYPTO_ALGOMODE_CMAC) ||
        (prim->algorithm.family != CRYPTO_ALGOFAM_AES) ||
        (io->inputLength > WH_CRYPTO_MAC_MAX_MSG)) {
        return 0u;
    }
    if (prim->service == CRYPTO_MACVERIFY) {
        bits = io->secondaryInputLength;
    }
    else if (prim->service == CRYPTO_MACGENERATE) {
        bits = (*io->outputLengthPtr < AES_BLOCK) ? (8u * *io->outputLengthPtr) : (8u * AES_BLOCK);
    }
    else {
        return 0u;
    }
    if ((bits < WH_KEY_MAC_MIN_BITS_DEFAULT) || (bits > 8u * AES_BLOCK) ||
        (Crypto_ConfigPtr->keys[job->cryptoKeyId].state->valid == FALSE)) {
        return 0u;
    }
    return (uint16)bits;
}

/* Send the fast path's one request of the job (its tag of `bits` bits) on the object's client. */
static int Crypto_MacFastSend(Crypto_ObjectStateType* ws, const Crypto_JobType* job,
                              Crypto_ServiceInfoType service, uint16 keyId, uint16 bits)
{
    const Crypto_JobPrimitiveInputOutputType* io = &job->jobPrimitiveInputOutput;

    ws->bellSeen = Crypto_DoorbellCount; /* before the request: its answer rings after */
    if (service == CRYPTO_MACVERIFY) {
        return wh_Client_MacVerifyRequest(&ws->client, WH_CRYPTO_CMAC_AES, keyId, io->inputPtr,
                                          (uint16)io->inputLength, io->secondaryInputPtr, bits);
    }
    return wh_Client_MacGenerateRequest(&ws->client, WH_CRYPTO_CMAC_AES, keyId, io->inputPtr,
                                        (uint16)io->inputLength, bits);
}

/* The job in the object's workspace, its fast path request out: the response completes it. */
static void Crypto_MacFastActive(Crypto_ObjectStateType* ws, Crypto_JobType* job, uint8 async,
                                 uint16 bits)
{
    ws->job       = job;
    ws->async     = async;
    ws->waiting   = 0;
    ws->she       = 0;
    ws->callMode  = (uint8)MODE_ALL;
    ws->todo      = 0;
    ws->sendLen   = bits;
    ws->fast      = 1;
    ws->sent      = 1;
    ws->result    = E_OK;
    ws->pending   = 1;
    job->jobState = CRYPTO_JOBSTATE_ACTIVE;
}

/* Start the job on the fast path if it qualifies: 1 if its request went out (ws->pending
 * set); 0 if it does not qualify (nothing changed); -1 if the request could not be sent (the
 * job is in the workspace with E_NOT_OK, nothing left to send). */
static int Crypto_MacFastStart(Crypto_ObjectStateType* ws, Crypto_JobType* job, uint8 async)
{
    uint16                             bits = Crypto_MacFastBits(job);
    const Crypto_KeyElementConfigType* e;
    int                                ret;

    if (bits == 0u) {
        return 0;
    }
    e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_MAC_KEY);
    if ((e == NULL) || (e->state->isSet == FALSE)) {
        return 0;
    }
    ret = Crypto_MacFastSend(ws, job, Crypto_Prim(job)->service, e->hsmKeyId, bits);
    Crypto_MacFastActive(ws, job, async, bits);
    if (ret != WH_ERROR_OK) { /* nothing went out: the job ends with E_NOT_OK */
        ws->fast    = 0;
        ws->sent    = 0;
        ws->pending = 0;
        ws->result  = E_NOT_OK;
        return -1;
    }
    return 1;
}

/* The fast path's response: the tag to the output, or the HSM's verdict. */
static int Crypto_MacFastRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    int32_t                             rc = WH_ERROR_OK;
    int                                 ret;

    if (Crypto_Prim(ws->job)->service == CRYPTO_MACVERIFY) {
        ret = wh_Client_MacVerifyResponse(&ws->client, &rc);
        if (ret == WH_ERROR_NOTREADY) {
            return ret;
        }
        if ((ret == WH_ERROR_OK) && ((rc == WH_ERROR_OK) || (rc == WH_ERROR_AUTH))) {
            *io->verifyPtr = (rc == WH_ERROR_OK) ? CRYPTO_E_VER_OK : CRYPTO_E_VER_NOT_OK;
        }
        else {
            ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        }
    }
    else {
        uint16 tagLen = (uint16)(ws->sendLen / 8u);

        ret = wh_Client_MacGenerateResponse(&ws->client, io->outputPtr, &tagLen, &rc);
        if (ret == WH_ERROR_NOTREADY) {
            return ret;
        }
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
            *io->outputLengthPtr = tagLen;
        }
        else {
            ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        }
    }
    ws->fast = 0;
    return WH_ERROR_OK;
}

/* Add n to the 128-bit big-endian counter block. */
static void Crypto_CtrAdd(uint8* ctr, uint32 n)
{
    uint32 carry = n;
    int    i;

    for (i = (int)AES_BLOCK - 1; (i >= 0) && (carry != 0u); i--) {
        carry += ctr[i];
        ctr[i] = (uint8)carry;
        carry >>= 8;
    }
}

/* AES ECB / CBC / CTR: whole blocks go to the HSM, in messages of up to CIPHER_CHUNK bytes,
 * the CBC / CTR chaining value carried here from one message to the next; input short of a
 * block waits in ws->partial for the next call (CTR: FINISH encrypts what is left). */
static int Crypto_CipherSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    uint16       dir = (Crypto_Prim(ws->job)->service == CRYPTO_ENCRYPT) ? WH_CRYPTO_ENCRYPT
                                                                         : WH_CRYPTO_DECRYPT;
    const uint8* in  = NULL;
    uint32       len = 0;

    ws->fromPartial = 0;
    if ((ws->todo & MODE_UPDATE) != 0u) {
        uint32 remain = io->inputLength - ws->inOff;
        if ((ws->partialLen != 0u) && (remain != 0u)) { /* complete the block held back */
            uint32 take = AES_BLOCK - ws->partialLen;
            take        = (take < remain) ? take : remain;
            memcpy(&ws->partial[ws->partialLen], &io->inputPtr[ws->inOff], take);
            ws->partialLen = (uint8)(ws->partialLen + take);
            ws->inOff += take;
            remain -= take;
        }
        if (ws->partialLen == AES_BLOCK) {
            in              = ws->partial;
            len             = AES_BLOCK;
            ws->fromPartial = 1;
        }
        else if ((ws->hsmAlg == WH_CRYPTO_AES_CTR) && ((ws->todo & MODE_FINISH) != 0u) &&
                 (ws->partialLen == 0u) && (remain != 0u) && (remain <= CIPHER_CHUNK)) {
            in  = &io->inputPtr[ws->inOff]; /* the last CTR message, partial block and all */
            len = remain;
        }
        else if (remain >= AES_BLOCK) {
            in  = &io->inputPtr[ws->inOff];
            len = (remain < CIPHER_CHUNK) ? (remain - (remain % AES_BLOCK)) : CIPHER_CHUNK;
        }
        else {
            if (remain != 0u) { /* short of a block: held back */
                memcpy(ws->partial, &io->inputPtr[ws->inOff], remain);
                ws->partialLen = (uint8)remain;
                ws->inOff += remain;
            }
            ws->todo &= ~MODE_UPDATE;
        }
    }
    if ((in == NULL) && ((ws->todo & MODE_FINISH) != 0u) && (ws->partialLen != 0u)) {
        in              = ws->partial; /* CTR only: Crypto_Begin refused the others */
        len             = ws->partialLen;
        ws->fromPartial = 1;
    }
    if (in == NULL) {
        ws->todo = 0;
        return 0;
    }
    if ((ws->hsmAlg == WH_CRYPTO_AES_CBC) && (dir == WH_CRYPTO_DECRYPT)) {
        /* the next IV is this message's last ciphertext block (the output may overwrite it) */
        memcpy(ws->digest, &in[len - AES_BLOCK], AES_BLOCK);
    }
    if (wh_Client_CipherRequest(&ws->client, ws->hsmAlg, dir, ws->hsmKeyId,
                                (ws->hsmAlg == WH_CRYPTO_AES_ECB) ? NULL : ws->iv,
                                (ws->hsmAlg == WH_CRYPTO_AES_ECB) ? 0u : (uint16)AES_BLOCK, NULL, 0,
                                in, (uint16)len, NULL, 0) != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->sendLen = len;
    return 1;
}

static int Crypto_CipherRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io  = &ws->job->jobPrimitiveInputOutput;
    uint8*                              out = &io->outputPtr[ws->outOff];
    uint16                              len = (uint16)ws->sendLen;
    int32_t                             rc  = WH_ERROR_OK;
    int ret = wh_Client_CipherResponse(&ws->client, out, &len, NULL, NULL, &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (len != ws->sendLen)) {
        ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        if (ws->result == E_OK) {
            ws->result = E_NOT_OK;
        }
        return WH_ERROR_OK;
    }
    if (ws->hsmAlg == WH_CRYPTO_AES_CBC) {
        if (Crypto_Prim(ws->job)->service == CRYPTO_ENCRYPT) {
            memcpy(ws->iv, &out[len - AES_BLOCK], AES_BLOCK);
        }
        else {
            memcpy(ws->iv, ws->digest, AES_BLOCK);
        }
    }
    else if (ws->hsmAlg == WH_CRYPTO_AES_CTR) {
        Crypto_CtrAdd(ws->iv, (len + AES_BLOCK - 1u) / AES_BLOCK);
    }
    if (ws->fromPartial != 0u) {
        ws->partialLen = 0;
        memset(ws->partial, 0, sizeof(ws->partial));
    }
    else {
        ws->inOff += len;
    }
    ws->outOff += len;
    return WH_ERROR_OK;
}

/* AES-GCM: one message when the whole job fits one (a single call), and decryption always
 * (no plaintext leaves the HSM before its tag is checked). Else (encryption only) the HSM's
 * GCM stream: INIT with the IV, all the AAD (which the first UPDATE brings) and the first
 * data; UPDATEs of CIPHER_CHUNK bytes; FINAL with the last data and the tag. Each call's
 * ciphertext comes back within that call. */
static int Crypto_AeadSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    const Crypto_KeyElementConfigType*        iv;
    boolean enc = (Crypto_Prim(ws->job)->service == CRYPTO_AEADENCRYPT) ? TRUE : FALSE;
    uint32  remain;
    uint32  aadLen;
    uint32  ivLen;
    uint32  len;
    uint32  tagLen = 0;
    uint16  step;

    if (ws->todo == 0u) {
        return 0;
    }
    iv = Crypto_Element(ws->job->cryptoKeyId, CRYPTO_KE_CIPHER_IV);
    if ((iv == NULL) || (iv->hsmKeyId != 0u) || (iv->state->length == 0u)) {
        ws->result = CRYPTO_E_KEY_NOT_AVAILABLE;
        return 0;
    }
    if ((ws->todo & MODE_FINISH) != 0u) {
        tagLen = enc ? *io->secondaryOutputLengthPtr : io->tertiaryInputLength;
        tagLen = (enc && (tagLen > WH_CRYPTO_GCM_MAX_TAG)) ? WH_CRYPTO_GCM_MAX_TAG : tagLen;
    }
    remain = ((ws->todo & MODE_UPDATE) != 0u) ? (io->inputLength - ws->inOff) : 0u;
    ivLen  = (ws->streamOpen != 0u) ? 0u : iv->state->length;
    aadLen = (ws->streamOpen != 0u) ? 0u : io->secondaryInputLength;
    if ((ws->streamOpen == 0u) && (ws->callMode == MODE_ALL) &&
        (ivLen + aadLen + remain + (enc ? 0u : tagLen) <= WH_CLIENT_CIPHER_MAX_PARTS) &&
        (remain + tagLen <= WH_CLIENT_CRYPTO_OUT_MAX)) {
        step = WH_CRYPTO_STEP_ONESHOT;
        len  = remain;
    }
    else if (!enc || (ivLen + aadLen >= WH_CLIENT_CIPHER_MAX_PARTS)) {
        ws->result = E_NOT_OK; /* decryption longer than a message; IV and AAD past one */
        return 0;
    }
    else if (ws->streamOpen == 0u) {
        step   = WH_CRYPTO_STEP_INIT;
        len    = WH_CLIENT_CIPHER_MAX_PARTS - ivLen - aadLen;
        len    = (len < CIPHER_CHUNK) ? len : CIPHER_CHUNK;
        len    = (len < remain) ? len : remain;
        tagLen = 0;
    }
    else if (((ws->todo & MODE_FINISH) != 0u) && (remain <= CIPHER_CHUNK)) {
        step = WH_CRYPTO_STEP_FINAL;
        len  = remain;
    }
    else if (remain != 0u) {
        step   = WH_CRYPTO_STEP_UPDATE;
        len    = (remain < CIPHER_CHUNK) ? remain : CIPHER_CHUNK;
        tagLen = 0;
    }
    else {
        ws->todo = 0; /* this call's input is done; FINISH comes with a later call */
        return 0;
    }
    if (wh_Client_CipherStepRequest(
            &ws->client, step, WH_CRYPTO_AES_GCM, enc ? WH_CRYPTO_ENCRYPT : WH_CRYPTO_DECRYPT,
            (step <= WH_CRYPTO_STEP_INIT) ? ws->hsmKeyId : 0u, iv->ramBuf, (uint16)ivLen,
            io->secondaryInputPtr, (uint16)aadLen, &io->inputPtr[ws->inOff], (uint16)len,
            enc ? NULL : io->tertiaryInputPtr, (uint16)tagLen) != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->step      = step;
    ws->sendLen   = len;
    ws->digestLen = (uint16)tagLen;
    return 1;
}

static int Crypto_AeadRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    boolean enc    = (Crypto_Prim(ws->job)->service == CRYPTO_AEADENCRYPT) ? TRUE : FALSE;
    uint16  len    = (uint16)ws->sendLen;
    uint16  tagLen = ws->digestLen;
    int32_t rc     = WH_ERROR_OK;
    int     ret    = wh_Client_CipherResponse(&ws->client, &io->outputPtr[ws->outOff], &len,
                                       enc ? io->secondaryOutputPtr : NULL, enc ? &tagLen : NULL,
                                              &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (len != ws->sendLen) ||
        (enc && (tagLen != ws->digestLen))) {
        ws->todo       = 0;
        ws->streamOpen = 0; /* the HSM ends its stream on a failure */
        if (!enc && (ret == WH_ERROR_OK) && (rc == WH_ERROR_AUTH)) {
            *io->verifyPtr = CRYPTO_E_VER_NOT_OK;
        }
        else {
            ws->result = ((ret == WH_ERROR_OK) && (rc != WH_ERROR_OK)) ? Crypto_FromHsm(rc)
                                                                       : E_NOT_OK;
        }
        return WH_ERROR_OK;
    }
    ws->inOff += len;
    ws->outOff += len;
    ws->streamOpen = (ws->step == WH_CRYPTO_STEP_INIT) || (ws->step == WH_CRYPTO_STEP_UPDATE);
    if ((ws->step == WH_CRYPTO_STEP_FINAL) || (ws->step == WH_CRYPTO_STEP_ONESHOT)) {
        ws->todo = 0;
        if (enc) {
            *io->secondaryOutputLengthPtr = tagLen;
        }
        else {
            *io->verifyPtr = CRYPTO_E_VER_OK;
        }
    }
    return WH_ERROR_OK;
}

static int Crypto_RngSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    uint32                                    remain;
    uint32                                    len;

    if ((ws->todo & MODE_FINISH) == 0u) {
        return 0;
    }
    remain = *io->outputLengthPtr - ws->outOff;
    len    = (remain < WH_CLIENT_RNG_MAX_LEN) ? remain : WH_CLIENT_RNG_MAX_LEN;
    if (wh_Client_RngGenerateRequest(&ws->client, (uint16)len) != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->sendLen = len;
    return 1;
}

static int Crypto_RngRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io  = &ws->job->jobPrimitiveInputOutput;
    uint16                              len = (uint16)ws->sendLen;
    int32_t                             rc  = WH_ERROR_OK;
    int ret = wh_Client_RngGenerateResponse(&ws->client, &io->outputPtr[ws->outOff], &len, &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (len != ws->sendLen)) {
        ws->result = CRYPTO_E_ENTROPY_EXHAUSTED;
        return WH_ERROR_OK;
    }
    ws->outOff += len;
    if (ws->outOff == *io->outputLengthPtr) {
        ws->todo = 0;
    }
    return WH_ERROR_OK;
}

/* RANDOMSEED: the input (UPDATE), WH_CRYPTO_RNG_SEED_MAX bytes a request, into the HSM's
 * DRBG of the object's client (the one its RANDOMGENERATE and KEYGENERATE jobs use). */
static int Crypto_SeedSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    uint32                                    len;

    if ((ws->todo & MODE_UPDATE) == 0u) {
        return 0;
    }
    len = io->inputLength - ws->inOff;
    len = (len < WH_CRYPTO_RNG_SEED_MAX) ? len : WH_CRYPTO_RNG_SEED_MAX;
    if (wh_Client_RngSeedRequest(&ws->client, &io->inputPtr[ws->inOff], (uint16)len) !=
        WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->sendLen = len;
    return 1;
}

static int Crypto_SeedRecv(Crypto_ObjectStateType* ws)
{
    int32_t rc  = WH_ERROR_OK;
    int     ret = wh_Client_RngSeedResponse(&ws->client, &rc);

    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        ws->result = E_NOT_OK;
        return WH_ERROR_OK;
    }
    ws->inOff += ws->sendLen;
    if (ws->inOff == ws->job->jobPrimitiveInputOutput.inputLength) {
        ws->todo = 0;
    }
    return WH_ERROR_OK;
}

/* ---- key state records (the HSM's NVM) ---- */

/* A key's record: valid (1 byte), then per element in configuration order: set (1 byte),
 * length (2 bytes, little-endian) and, for a RAM element, its bytes. The length written, or
 * 0 if it would exceed CRYPTO_KEY_RECORD_MAX. */
static uint32 Crypto_RecordBuild(const Crypto_KeyConfigType* key, boolean valid, uint8* out)
{
    uint32 pos = 1;
    uint32 i;

    out[0] = valid;
    for (i = 0; i < key->elementCount; i++) {
        const Crypto_KeyElementConfigType* e   = &key->elements[i];
        uint32                             len = e->state->length;
        uint32                             ram = (e->hsmKeyId == 0u) ? len : 0u;
        if (pos + 3u + ram > CRYPTO_KEY_RECORD_MAX) {
            return 0;
        }
        /* an HSM element counts as set only with its material committed: after a restart
         * the HSM has nothing else */
        out[pos]      = ((e->hsmKeyId == 0u) || (e->state->committed != FALSE)) ? e->state->isSet
                                                                                : FALSE;
        out[pos + 1u] = (uint8)len;
        out[pos + 2u] = (uint8)(len >> 8);
        if (ram != 0u) {
            memcpy(&out[pos + 3u], e->ramBuf, ram);
        }
        pos += 3u + ram;
    }
    return pos;
}

/* Apply a record to the key's state: FALSE, and nothing changed, if it does not fit the
 * key's configuration. */
static boolean Crypto_RecordLoad(const Crypto_KeyConfigType* key, const uint8* rec, uint32 len)
{
    uint32 pass;

    for (pass = 0; pass < 2u; pass++) { /* check everything, then apply */
        uint32 pos = 1;
        uint32 i;
        if ((len < 1u) || (rec[0] > 1u)) {
            return FALSE;
        }
        for (i = 0; i < key->elementCount; i++) {
            const Crypto_KeyElementConfigType* e = &key->elements[i];
            uint32                             n, ram;
            if (pos + 3u > len) {
                return FALSE;
            }
            n   = (uint32)rec[pos + 1u] | ((uint32)rec[pos + 2u] << 8);
            ram = (e->hsmKeyId == 0u) ? n : 0u;
            if ((rec[pos] > 1u) || (n > e->maxSize) || (pos + 3u + ram > len)) {
                return FALSE;
            }
            if (pass == 1u) {
                e->state->isSet     = rec[pos];
                e->state->length    = n;
                e->state->committed = (e->hsmKeyId != 0u) ? rec[pos] : FALSE;
                if (ram != 0u) {
                    memcpy(e->ramBuf, &rec[pos + 3u], ram);
                }
            }
            pos += 3u + ram;
        }
        if (pos != len) {
            return FALSE;
        }
    }
    key->state->valid = rec[0];
    return TRUE;
}

/* KEYSETVALID as a job: commit the key's HSM elements one request at a time (inOff: the next
 * element), record the key's state if it has an nvmId (inOff: elementCount + 1 while that
 * request is in flight), then mark it valid. KEYSETINVALID only records and marks. */
static int Crypto_KeyJobSend(Crypto_ObjectStateType* ws)
{
    const Crypto_KeyConfigType* key   = &Crypto_ConfigPtr->keys[ws->job->cryptoKeyId];
    boolean                     valid = (Crypto_Prim(ws->job)->service == CRYPTO_KEYSETVALID);

    if ((ws->todo & MODE_FINISH) == 0u) {
        return 0;
    }
    if (!valid && (ws->inOff < key->elementCount)) {
        ws->inOff = key->elementCount; /* nothing to commit */
    }
    while (ws->inOff < key->elementCount) {
        const Crypto_KeyElementConfigType* e = &key->elements[ws->inOff];
        if ((e->hsmKeyId != 0u) && (e->state->isSet != FALSE) && (e->state->committed == FALSE)) {
            if (wh_Client_KeyCommitRequest(&ws->client, e->hsmKeyId) != WH_ERROR_OK) {
                ws->result = E_NOT_OK;
                return 0;
            }
            return 1;
        }
        ws->inOff++;
    }
    if ((ws->inOff == key->elementCount) && (key->nvmId != 0u)) {
        uint8  rec[CRYPTO_KEY_RECORD_MAX];
        uint32 len = Crypto_RecordBuild(key, valid, rec);
        if ((len == 0u) || (wh_Client_NvmAddObjectRequest(&ws->client, key->nvmId, 0, 0, 0, NULL,
                                                          (uint16)len, rec) != WH_ERROR_OK)) {
            ws->result = E_NOT_OK;
            return 0;
        }
        ws->inOff = key->elementCount + 1u;
        return 1;
    }
    key->state->valid = valid;
    ws->todo          = 0;
    return 0;
}

static int Crypto_KeyJobRecv(Crypto_ObjectStateType* ws)
{
    const Crypto_KeyConfigType* key = &Crypto_ConfigPtr->keys[ws->job->cryptoKeyId];
    int32_t                     rc  = WH_ERROR_OK;
    int                         ret;

    if (ws->inOff < key->elementCount) {
        ret = wh_Client_KeyCommitResponse(&ws->client, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
            key->elements[ws->inOff].state->committed = TRUE;
        }
        if (ret != WH_ERROR_NOTREADY) {
            ws->inOff++;
        }
    }
    else {
        ret = wh_Client_NvmAddObjectResponse(&ws->client, &rc);
    }
    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        ws->result = E_NOT_OK;
    }
    return WH_ERROR_OK;
}

/* ---- signatures: ECDSA P-256 as r || s (2 x 32 bytes), the HSM's DER converted here ---- */

/* r || s to DER (at most 72 bytes): the length written. */
static uint32 Crypto_RsToDer(const uint8* rs, uint8* der)
{
    uint32 pos = 2;
    uint32 i;

    for (i = 0; i < 2u; i++) {
        const uint8* v = &rs[32u * i];
        uint32       n = 32;
        uint32       pad;
        while ((n > 1u) && (*v == 0u)) {
            v++;
            n--;
        }
        pad        = ((*v & 0x80u) != 0u) ? 1u : 0u;
        der[pos++] = 0x02u;
        der[pos++] = (uint8)(n + pad);
        if (pad != 0u) {
            der[pos++] = 0u;
        }
        memcpy(&der[pos], v, n);
        pos += n;
    }
    der[0] = 0x30u;
    der[1] = (uint8)(pos - 2u);
    return pos;
}

/* DER (SEQUENCE of two INTEGERs) to r || s; FALSE if it is not one, a value is too long, or
 * it is not the one minimal encoding of r || s (a leading zero too many, a negative INTEGER):
 * one signature has one accepted form. */
static boolean Crypto_DerToRs(const uint8* der, uint32 len, uint8* rs)
{
    uint8  again[CRYPTO_ECDSA_DER_MAX];
    uint32 pos = 2;
    uint32 i;

    if ((len < 8u) || (der[0] != 0x30u) || (der[1] != len - 2u)) {
        return FALSE;
    }
    for (i = 0; i < 2u; i++) {
        uint32       n;
        const uint8* v;
        if ((pos + 2u > len) || (der[pos] != 0x02u)) {
            return FALSE;
        }
        n = der[pos + 1u];
        pos += 2u;
        if ((n == 0u) || (pos + n > len)) {
            return FALSE;
        }
        v = &der[pos];
        pos += n;
        while ((n > 0u) && (*v == 0u)) {
            v++;
            n--;
        }
        if (n > 32u) {
            return FALSE;
        }
        memset(&rs[32u * i], 0, 32u - n);
        memcpy(&rs[32u * i + 32u - n], v, n);
    }
    return ((pos == len) && (Crypto_RsToDer(rs, again) == len) && (memcmp(again, der, len) == 0))
               ? TRUE
               : FALSE;
}

static int Crypto_SigSend(Crypto_ObjectStateType* ws)
{
    uint8                                     rs[64];
    const Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    boolean      gen = (Crypto_Prim(ws->job)->service == CRYPTO_SIGNATUREGENERATE) ? TRUE : FALSE;
    const uint8* msg;
    uint32       msgLen;
    int          ret;

    if (ws->sigAlg == WH_CRYPTO_ED25519) {
        if (ws->todo == 0u) {
            return 0; /* signed or verified */
        }
        msg    = io->inputPtr;
        msgLen = io->inputLength;
    }
    else if (ws->sigStep == 1u) {
        msg    = ws->digest;
        msgLen = ws->digestLen;
    }
    else {
        return Crypto_DigestSend(ws); /* the hash first */
    }
    if (gen) {
        ret = wh_Client_SignRequest(&ws->client, ws->sigAlg, ws->hsmKeyId, msg, (uint16)msgLen);
    }
    else {
        const uint8* sig    = io->secondaryInputPtr;
        uint32       sigLen = io->secondaryInputLength;
        /* DER is parsed and encoded again: the HSM sees the one minimal encoding */
        boolean der = Crypto_SigDer(ws);
        if ((der == FALSE)
                ? (sigLen != 64u)
                : ((sigLen > CRYPTO_ECDSA_DER_MAX) || (Crypto_DerToRs(sig, sigLen, rs) == FALSE))) {
            /* no signature of this algorithm and form: it does not verify */
            *io->verifyPtr = CRYPTO_E_VER_NOT_OK;
            ws->todo       = 0;
            return 0;
        }
        if (ws->sigAlg == WH_CRYPTO_ECDSA_P256) {
            sigLen = Crypto_RsToDer((der != FALSE) ? rs : sig, ws->buf);
            sig    = ws->buf;
        }
        ret = wh_Client_VerifyRequest(&ws->client, ws->sigAlg, ws->hsmKeyId, NULL, 0, sig,
                                      (uint16)sigLen, msg, (uint16)msgLen);
    }
    if (ret != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    ws->sigStep = 2;
    return 1;
}

static int Crypto_SigRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobPrimitiveInputOutputType* io = &ws->job->jobPrimitiveInputOutput;
    int32_t                             rc = WH_ERROR_OK;
    int                                 ret;

    if (ws->sigStep != 2u) {
        return Crypto_DigestRecv(ws);
    }
    if (Crypto_Prim(ws->job)->service == CRYPTO_SIGNATUREGENERATE) {
        uint16 n = sizeof(ws->buf);
        ret      = wh_Client_SignResponse(&ws->client, ws->buf, &n, &rc);
        if (ret == WH_ERROR_NOTREADY) {
            return ret;
        }
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        }
        else if (ws->sigAlg == WH_CRYPTO_ECDSA_P256) {
            uint8 rs[64];
            if ((n > CRYPTO_ECDSA_DER_MAX) || (Crypto_DerToRs(ws->buf, n, rs) == FALSE)) {
                ws->result = E_NOT_OK;
            }
            else if (Crypto_SigDer(ws) != FALSE) { /* the room was checked at the start */
                *io->outputLengthPtr = Crypto_RsToDer(rs, io->outputPtr);
            }
            else {
                memcpy(io->outputPtr, rs, sizeof(rs));
                *io->outputLengthPtr = 64u;
            }
        }
        else if (n == 64u) {
            memcpy(io->outputPtr, ws->buf, 64u);
            *io->outputLengthPtr = 64u;
        }
        else {
            ws->result = E_NOT_OK;
        }
    }
    else {
        ret = wh_Client_VerifyResponse(&ws->client, &rc);
        if (ret == WH_ERROR_NOTREADY) {
            return ret;
        }
        if ((ret != WH_ERROR_OK) || ((rc != WH_ERROR_OK) && (rc != WH_ERROR_AUTH))) {
            ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        }
        else {
            *io->verifyPtr = (rc == WH_ERROR_OK) ? CRYPTO_E_VER_OK : CRYPTO_E_VER_NOT_OK;
        }
    }
    ws->sigStep = 0;
    ws->todo    = 0;
    return WH_ERROR_OK;
}

/* ---- keys made in the HSM: key pairs, shared secrets, HKDF ---- */

/* The element a key service writes. */
static const Crypto_KeyElementConfigType* Crypto_KeyServiceTarget(const Crypto_JobType* job)
{
    switch (Crypto_Prim(job)->service) {
        case CRYPTO_KEYGENERATE:
            return Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYGENERATE_KEY);
        case CRYPTO_KEYEXCHANGECALCPUBVAL:
            return Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_PRIVKEY);
        case CRYPTO_KEYEXCHANGECALCSECRET:
            return Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE);
        default: /* KEYDERIVE */
            return Crypto_HsmElement(job->targetCryptoKeyId, CRYPTO_KE_KEYGENERATE_KEY);
    }
}

/* A RAM element's content if it is set (NULL, 0 otherwise). */
static const uint8* Crypto_RamElement(uint32 keyId, uint32 elementId, uint16* out_len)
{
    const Crypto_KeyElementConfigType* e = Crypto_Element(keyId, elementId);

    if ((e == NULL) || (e->hsmKeyId != 0u) || (e->state->isSet == FALSE)) {
        *out_len = 0;
        return NULL;
    }
    *out_len = (uint16)e->state->length;
    return e->ramBuf;
}

static int Crypto_KeyMakeSend(Crypto_ObjectStateType* ws)
{
    const Crypto_JobType*              job = ws->job;
    const Crypto_KeyElementConfigType* dst = Crypto_KeyServiceTarget(job);
    int                                ret;

    if ((ws->todo & MODE_FINISH) == 0u) {
        return 0;
    }
    switch (Crypto_Prim(job)->service) {
        case CRYPTO_KEYGENERATE:
        case CRYPTO_KEYEXCHANGECALCPUBVAL:
            ret = wh_Client_KeyGenerateRequest(&ws->client, Crypto_KeyType(dst), dst->hsmKeyId,
                                               Crypto_HsmFlags(dst), NULL, 0);
            break;
        case CRYPTO_KEYEXCHANGECALCSECRET:
            ret = wh_Client_SharedSecretRequest(
                &ws->client,
                Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_KEYEXCHANGE_PRIVKEY)->hsmKeyId,
                job->jobPrimitiveInputOutput.inputPtr,
                (uint16)job->jobPrimitiveInputOutput.inputLength, dst->hsmKeyId,
                Crypto_HsmFlags(dst), NULL, 0);
            break;
        default: { /* KEYDERIVE */
            uint16       saltLen, infoLen, algLen;
            const uint8* salt = Crypto_RamElement(job->cryptoKeyId, CRYPTO_KE_KEYDERIVATION_SALT,
                                                  &saltLen);
            const uint8* info = Crypto_RamElement(job->cryptoKeyId, CRYPTO_KE_CUSTOM_HKDF_INFO,
                                                  &infoLen);
            const uint8* alg  = Crypto_RamElement(job->cryptoKeyId,
                                                  CRYPTO_KE_KEYDERIVATION_ALGORITHM, &algLen);
            uint16       hash = WH_CRYPTO_SHA256;
            if ((algLen == 1u) && (alg[0] == (uint8)CRYPTO_ALGOFAM_SHA2_384)) {
                hash = WH_CRYPTO_SHA384;
            }
            else if ((algLen == 1u) && (alg[0] == (uint8)CRYPTO_ALGOFAM_SHA2_512)) {
                hash = WH_CRYPTO_SHA512;
            }
            ret = wh_Client_HkdfRequest(&ws->client, hash, ws->hsmKeyId, salt, saltLen, info,
                                        infoLen, (uint16)dst->maxSize, dst->hsmKeyId,
                                        Crypto_HsmFlags(dst), NULL, 0);
            break;
        }
    }
    if (ret != WH_ERROR_OK) {
        ws->result = E_NOT_OK;
        return 0;
    }
    return 1;
}

static int Crypto_KeyMakeRecv(Crypto_ObjectStateType* ws)
{
    Crypto_JobType*                    job = ws->job;
    Crypto_ServiceInfoType             s   = Crypto_Prim(job)->service;
    const Crypto_KeyElementConfigType* dst = Crypto_KeyServiceTarget(job);
    uint32  dstKey = (s == CRYPTO_KEYDERIVE) ? job->targetCryptoKeyId : job->cryptoKeyId;
    uint16  id     = 0;
    uint16  pubLen = sizeof(ws->buf);
    uint32  len;
    int32_t rc = WH_ERROR_OK;
    int     ret;

    if ((s == CRYPTO_KEYGENERATE) || (s == CRYPTO_KEYEXCHANGECALCPUBVAL)) {
        ret = wh_Client_KeyGenerateResponse(&ws->client, &id, ws->buf, &pubLen, &rc);
        len = (Crypto_KeyType(dst) == WH_KEY_TYPE_ECC_P256) ? 96u : 64u; /* private || public */
    }
    else if (s == CRYPTO_KEYEXCHANGECALCSECRET) {
        ret = wh_Client_SharedSecretResponse(&ws->client, &id, &rc);
        len = 32u;
    }
    else {
        ret = wh_Client_HkdfResponse(&ws->client, &id, &rc);
        len = dst->maxSize;
    }
    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    ws->todo = 0;
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        ws->result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
        return WH_ERROR_OK;
    }
    Crypto_ConfigPtr->keys[dstKey].state->valid = FALSE;
    dst->state->length                          = len;
    dst->state->isSet                           = TRUE;
    dst->state->committed                       = FALSE;
    if ((s == CRYPTO_KEYGENERATE) || (s == CRYPTO_KEYEXCHANGECALCPUBVAL)) {
        const Crypto_KeyElementConfigType* own = Crypto_Element(job->cryptoKeyId,
                                                                CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY);
        if ((own != NULL) && (own->hsmKeyId == 0u) && (own->maxSize >= pubLen)) {
            memcpy(own->ramBuf, ws->buf, pubLen);
            own->state->length = pubLen;
            own->state->isSet  = TRUE;
        }
        if (s == CRYPTO_KEYEXCHANGECALCPUBVAL) {
            memcpy(job->jobPrimitiveInputOutput.outputPtr, ws->buf, pubLen);
            *job->jobPrimitiveInputOutput.outputLengthPtr = pubLen;
        }
    }
    return WH_ERROR_OK;
}

/* Send the call's next request: 1 if one went out; 0 if there is none (the call is done, or
 * failed: ws->result). */
static int Crypto_SendBySender(Crypto_ObjectStateType* ws)
{
    if (ws->result != E_OK) {
        return 0;
    }
    if (ws->she != 0u) {
        return Crypto_SheSend(ws);
    }
    switch (Crypto_Prim(ws->job)->service) {
        case CRYPTO_HASH:
        case CRYPTO_MACGENERATE:
        case CRYPTO_MACVERIFY:
            return Crypto_DigestSend(ws);
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
            return Crypto_CipherSend(ws);
        case CRYPTO_AEADENCRYPT:
        case CRYPTO_AEADDECRYPT:
            return Crypto_AeadSend(ws);
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_SIGNATUREVERIFY:
            return Crypto_SigSend(ws);
        case CRYPTO_RANDOMGENERATE:
            return Crypto_RngSend(ws);
        case CRYPTO_RANDOMSEED:
            return Crypto_SeedSend(ws);
        case CRYPTO_KEYSETVALID:
        case CRYPTO_KEYSETINVALID:
            return Crypto_KeyJobSend(ws);
        default:
            return Crypto_KeyMakeSend(ws);
    }
}

/* Send the current call's next request: 1 if one went out. */
static int Crypto_Send(Crypto_ObjectStateType* ws)
{
    int sent;

    ws->bellSeen = Crypto_DoorbellCount; /* before the request: its answer rings after */
    sent         = Crypto_SendBySender(ws);

    ws->sent |= (uint8)sent;
    return sent;
}

/* Take the response of the request in flight by the path that sent it. */
static int Crypto_RecvBySender(Crypto_ObjectStateType* ws)
{
    if (ws->draining != 0u) {
        int32_t rc  = WH_ERROR_OK;
        int     ret = wh_Client_RecvResponse(&ws->client, 0, NULL, &rc);
        if (ret != WH_ERROR_NOTREADY) {
            ws->draining = 0;
        }
        return ret;
    }
    if (ws->fast != 0u) {
        return Crypto_MacFastRecv(ws);
    }
    if (ws->she != 0u) {
        return Crypto_SheRecv(ws);
    }
    switch (Crypto_Prim(ws->job)->service) {
        case CRYPTO_HASH:
        case CRYPTO_MACGENERATE:
        case CRYPTO_MACVERIFY:
            return Crypto_DigestRecv(ws);
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
            return Crypto_CipherRecv(ws);
        case CRYPTO_AEADENCRYPT:
        case CRYPTO_AEADDECRYPT:
            return Crypto_AeadRecv(ws);
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_SIGNATUREVERIFY:
            return Crypto_SigRecv(ws);
        case CRYPTO_RANDOMGENERATE:
            return Crypto_RngRecv(ws);
        case CRYPTO_RANDOMSEED:
            return Crypto_SeedRecv(ws);
        case CRYPTO_KEYSETVALID:
        case CRYPTO_KEYSETINVALID:
            return Crypto_KeyJobRecv(ws);
        default:
            return Crypto_KeyMakeRecv(ws);
    }
}

/* Poll the response of the request in flight: WH_ERROR_NOTREADY, or WH_ERROR_OK (taken; an
 * error is in ws->result). A cancelled job's response is taken and dropped. */
static int Crypto_Recv(Crypto_ObjectStateType* ws)
{
    int ret = Crypto_RecvBySender(ws);

    if (ret != WH_ERROR_NOTREADY) {
        ws->pending = 0;
    }
    return ret;
}

/* Job redirection (Crypto.h): the key element of a redirection, if it may be one, or an
 * error in *out_err. */
static const Crypto_KeyElementConfigType* Crypto_RedirectElement(uint32 keyId, uint32 elementId,
                                                                 boolean output, uint8* out_err)
{
    const Crypto_KeyElementConfigType* e = NULL;

    if (keyId < Crypto_ConfigPtr->keyCount) {
        e = Crypto_Element(keyId, elementId);
    }
    if ((e == NULL) || (e->hsmKeyId != 0u)) {
        *out_err = E_NOT_OK;
    }
    else if (output) {
        *out_err = ((e->writeAccess == CRYPTO_WA_INTERNAL_COPY) ||
                    (e->writeAccess == CRYPTO_WA_ALLOWED))
                       ? E_OK
                       : CRYPTO_E_KEY_WRITE_FAIL;
    }
    else if ((e->readAccess != CRYPTO_RA_INTERNAL_COPY) && (e->readAccess != CRYPTO_RA_ALLOWED)) {
        *out_err = CRYPTO_E_KEY_READ_FAIL;
    }
    else {
        *out_err = (e->state->isSet != FALSE) ? E_OK : CRYPTO_E_KEY_EMPTY;
    }
    return (*out_err == E_OK) ? e : NULL;
}

/* An input redirected to element (keyId, elementId): *inout_ptr and *inout_len (in bits when
 * bits) its bytes. E_OK, or why not. */
static Std_ReturnType Crypto_RedirectIn(uint32 keyId, uint32 elementId, const uint8** inout_ptr,
                                        uint32* inout_len, boolean bits)
{
    uint8                              err;
    const Crypto_KeyElementConfigType* e = Crypto_RedirectElement(keyId, elementId, FALSE, &err);

    if (e != NULL) {
        *inout_ptr = e->ramBuf;
        *inout_len = bits ? (8u * e->state->length) : e->state->length;
    }
    return err;
}

/* An output redirected to element (keyId, elementId): written into it, up to its maxSize, the
 * length into its state's redirectLength. E_OK, or why not. */
static Std_ReturnType Crypto_RedirectOut(uint32 keyId, uint32 elementId, uint8** inout_ptr,
                                         uint32** inout_lenPtr)
{
    uint8                              err;
    const Crypto_KeyElementConfigType* e = Crypto_RedirectElement(keyId, elementId, TRUE, &err);

    if (e != NULL) {
        e->state->redirectLength = e->maxSize;
        *inout_ptr               = e->ramBuf;
        *inout_lenPtr            = &e->state->redirectLength;
    }
    return err;
}

/* Point the job's redirected inputs and outputs at their key elements: E_OK, or why not. */
static Std_ReturnType Crypto_Redirect(Crypto_JobType* job)
{
    const Crypto_JobRedirectionInfoType* r   = job->jobRedirectionInfoRef;
    Crypto_JobPrimitiveInputOutputType*  io  = &job->jobPrimitiveInputOutput;
    Std_ReturnType                       ret = E_OK;

    if ((r == NULL) || (r->redirectionConfig == 0u)) {
        return E_OK;
    }
    if (((uint32)io->mode & MODE_ALL) != MODE_ALL) {
        return E_NOT_OK; /* single calls only */
    }
    if ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT) != 0u) {
        ret = Crypto_RedirectIn(r->inputKeyId, r->inputKeyElementId, &io->inputPtr,
                                &io->inputLength, FALSE);
    }
    if ((ret == E_OK) && ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_SECONDARY_INPUT) != 0u)) {
        ret = Crypto_RedirectIn(r->secondaryInputKeyId, r->secondaryInputKeyElementId,
                                &io->secondaryInputPtr, &io->secondaryInputLength,
                                (Crypto_Prim(job)->service == CRYPTO_MACVERIFY) ? TRUE : FALSE);
    }
    if ((ret == E_OK) && ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_TERTIARY_INPUT) != 0u)) {
        ret = Crypto_RedirectIn(r->tertiaryInputKeyId, r->tertiaryInputKeyElementId,
                                &io->tertiaryInputPtr, &io->tertiaryInputLength, FALSE);
    }
    if ((ret == E_OK) && ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT) != 0u)) {
        ret = Crypto_RedirectOut(r->outputKeyId, r->outputKeyElementId, &io->outputPtr,
                                 &io->outputLengthPtr);
    }
    if ((ret == E_OK) && ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_SECONDARY_OUTPUT) != 0u)) {
        ret = Crypto_RedirectOut(r->secondaryOutputKeyId, r->secondaryOutputKeyElementId,
                                 &io->secondaryOutputPtr, &io->secondaryOutputLengthPtr);
    }
    return ret;
}

/* An output element of a redirected job after it: set (result E_OK), or emptied when the job
 * failed after a request went out (sent: the output may be partly written), else as it was. */
static void Crypto_RedirectOutDone(uint32 keyId, uint32 elementId, Std_ReturnType result,
                                   uint8 sent)
{
    const Crypto_KeyElementConfigType* e = Crypto_Element(keyId, elementId);

    if (result == E_OK) {
        e->state->length = e->state->redirectLength;
        e->state->isSet  = TRUE;
    }
    else if (sent != 0u) {
        memset(e->ramBuf, 0, e->maxSize);
        e->state->length = 0;
        e->state->isSet  = FALSE;
    }
}

/* After a redirected job: its output elements (Crypto_RedirectOutDone). */
static void Crypto_RedirectDone(const Crypto_JobType* job, Std_ReturnType result, uint8 sent)
{
    const Crypto_JobRedirectionInfoType* r = job->jobRedirectionInfoRef;

    if ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT) != 0u) {
        Crypto_RedirectOutDone(r->outputKeyId, r->outputKeyElementId, result, sent);
    }
    if ((r->redirectionConfig & CRYPTO_REDIRECT_CONFIG_SECONDARY_OUTPUT) != 0u) {
        Crypto_RedirectOutDone(r->secondaryOutputKeyId, r->secondaryOutputKeyElementId, result,
                               sent);
    }
}

/* The call is done (or failed): a FINISH or a failure ends the job and frees the workspace;
 * otherwise the streaming job keeps it until its next call. */
static Std_ReturnType Crypto_Complete(Crypto_ObjectStateType* ws)
{
    Crypto_JobType* job    = ws->job;
    Std_ReturnType  result = ws->result;
    uint8           async  = ws->async;

    if ((result == E_OK) && ((Crypto_Prim(job)->service == CRYPTO_ENCRYPT) ||
                             (Crypto_Prim(job)->service == CRYPTO_DECRYPT) ||
                             (Crypto_Prim(job)->service == CRYPTO_AEADENCRYPT) ||
                             (Crypto_Prim(job)->service == CRYPTO_AEADDECRYPT))) {
        if (job->jobPrimitiveInputOutput.outputLengthPtr != NULL) {
            *job->jobPrimitiveInputOutput.outputLengthPtr = ws->outOff;
        }
    }
    if (job->jobRedirectionInfoRef != NULL) {
        Crypto_RedirectDone(job, result, ws->sent);
    }
    if ((result != E_OK) || ((ws->callMode & MODE_FINISH) != 0u)) {
        job->jobState  = CRYPTO_JOBSTATE_IDLE;
        ws->job        = NULL;
        ws->waiting    = 0;
        ws->streamOpen = 0;
    }
    else {
        ws->waiting = 1;
    }
    if (async != 0u) {
        CryIf_CallbackNotification(job, result);
    }
    return result;
}

/* Wait for the response of the request in flight (sync jobs): the wait first (it returns at
 * once when the response is in), then the response. */
static void Crypto_WaitRecv(Crypto_ObjectStateType* ws)
{
    do {
        if (wh_Client_WaitResponse(&ws->client) != WH_ERROR_OK) {
            /* the HSM did not answer in time: leave the response to be drained */
            ws->draining = 1;
            ws->fast     = 0;
            ws->result   = E_NOT_OK;
            break;
        }
    } while (Crypto_Recv(ws) == WH_ERROR_NOTREADY);
}

/* Run the current call to its end, waiting for each response (sync jobs). */
static Std_ReturnType Crypto_RunSync(Crypto_ObjectStateType* ws)
{
    while (Crypto_Send(ws) != 0) {
        ws->pending = 1;
        Crypto_WaitRecv(ws);
    }
    return Crypto_Complete(ws);
}

/* Take the queue's first job into the workspace. */
static void Crypto_Dequeue(const Crypto_DriverObjectConfigType* obj)
{
    Crypto_ObjectStateType* ws  = obj->state;
    Crypto_JobType*         job = obj->queue[0];

    ws->queueCount--;
    memmove(&obj->queue[0], &obj->queue[1], ws->queueCount * sizeof(obj->queue[0]));
    if (Crypto_MacFastStart(ws, job, 1) == 0) {
        Crypto_Begin(ws, job, 1);
    }
}

/* Restore a key's state from its record in the HSM's NVM, if it has one (blocking). */
static void Crypto_RecordRestore(const Crypto_KeyConfigType* key)
{
    uint8   rec[CRYPTO_KEY_RECORD_MAX];
    uint16  len = 0;
    int32_t rc  = WH_ERROR_OK;

    if ((key->nvmId == 0u) ||
        (wh_Client_NvmGetMetadata(&Crypto_KeyWs.client, key->nvmId, NULL, NULL, &len, 0, NULL,
                                  &rc) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK) || (len > sizeof(rec)) ||
        (wh_Client_NvmRead(&Crypto_KeyWs.client, key->nvmId, 0, len, &len, rec, &rc) !=
         WH_ERROR_OK) ||
        (rc != WH_ERROR_OK)) {
        return; /* none (or unreadable): the key stays empty and invalid */
    }
    (void)Crypto_RecordLoad(key, rec, len);
}

/* ---- API ---- */

/* Connect a client of the driver, presenting the configuration's digest (an HSM built from
 * another configuration refuses it: WH_ERROR_CONFIG_MISMATCH). */
static int32_t Crypto_ConnectClient(whClientContext* client, const Crypto_ConfigType* configPtr)
{
    int32_t rc  = WH_ERROR_OK;
    int     ret = WH_ERROR_OK;

    client->configDigest = configPtr->configDigest;
    ret                  = wh_Client_CommConnect(client, NULL, NULL, &rc);
    return (ret != WH_ERROR_OK) ? ret : rc;
}

void Crypto_Init(const Crypto_ConfigType* configPtr)
{
    uint32 i;

    if (configPtr == NULL) {
        (void)Crypto_Det(CRYPTO_SID_INIT, CRYPTO_E_PARAM_POINTER);
        return;
    }
    Crypto_ConfigPtr = NULL;
    for (i = 0; i < configPtr->objectCount; i++) {
        Crypto_ObjectStateType* ws = configPtr->objects[i].state;
        memset(ws, 0, sizeof(*ws));
        if ((wh_Client_Init(&ws->client, configPtr->objects[i].clientConfig) != WH_ERROR_OK) ||
            (Crypto_ConnectClient(&ws->client, configPtr) != WH_ERROR_OK)) {
            (void)Crypto_Det(CRYPTO_SID_INIT, CRYPTO_E_INIT_FAILED);
            return;
        }
    }
    memset(&Crypto_KeyWs, 0, sizeof(Crypto_KeyWs));
    if ((wh_Client_Init(&Crypto_KeyWs.client, configPtr->keyClient) != WH_ERROR_OK) ||
        (Crypto_ConnectClient(&Crypto_KeyWs.client, configPtr) != WH_ERROR_OK)) {
        (void)Crypto_Det(CRYPTO_SID_INIT, CRYPTO_E_INIT_FAILED);
        return;
    }
    for (i = 0; i < configPtr->keyCount; i++) {
        const Crypto_KeyConfigType* key = &configPtr->keys[i];
        uint32                      j;
        key->state->valid = FALSE;
        for (j = 0; j < key->elementCount; j++) {
            key->elements[j].state->length    = 0;
            key->elements[j].state->isSet     = FALSE;
            key->elements[j].state->committed = FALSE;
        }
    }
    for (i = 0; i < configPtr->keyCount; i++) {
        Crypto_RecordRestore(&configPtr->keys[i]);
    }
    Crypto_ConfigPtr = configPtr;
}

void Crypto_DeInit(void)
{
    uint32 i;

    if (Crypto_ConfigPtr == NULL) {
        return;
    }
    for (i = 0; i < Crypto_ConfigPtr->objectCount; i++) {
        (void)wh_Client_Cleanup(&Crypto_ConfigPtr->objects[i].state->client);
    }
    (void)wh_Client_Cleanup(&Crypto_KeyWs.client);
    Crypto_ConfigPtr = NULL;
}

void Crypto_GetVersionInfo(Std_VersionInfoType* versioninfo)
{
    if (versioninfo == NULL) {
        (void)Crypto_Det(CRYPTO_SID_GET_VERSION_INFO, CRYPTO_E_PARAM_POINTER);
        return;
    }
    versioninfo->vendorID         = CRYPTO_VENDOR_ID;
    versioninfo->moduleID         = CRYPTO_MODULE_ID;
    versioninfo->sw_major_version = CRYPTO_SW_MAJOR_VERSION;
    versioninfo->sw_minor_version = CRYPTO_SW_MINOR_VERSION;
    versioninfo->sw_patch_version = CRYPTO_SW_PATCH_VERSION;
}

/* The development checks of Crypto_ProcessJob (0: none failed, else the DET code). */
static uint8 Crypto_CheckJob(const Crypto_JobType* job)
{
    const Crypto_JobPrimitiveInputOutputType* io = &job->jobPrimitiveInputOutput;
    const Crypto_PrimitiveInfoType*           prim;
    uint32                                    mode = (uint32)io->mode;
    Crypto_ServiceInfoType                    s;

    if ((job->jobPrimitiveInfo == NULL) || (job->jobPrimitiveInfo->primitiveInfo == NULL) ||
        (job->jobInfo == NULL)) {
        return CRYPTO_E_PARAM_POINTER;
    }
    prim = job->jobPrimitiveInfo->primitiveInfo;
    s    = prim->service;
    if (!Crypto_ServiceSupported(s)) {
        return CRYPTO_E_PARAM_HANDLE;
    }
    if (((mode & MODE_ALL) == 0u) || ((mode & ~MODE_ALL) != 0u)) {
        return CRYPTO_E_PARAM_VALUE;
    }
    if (Crypto_NeedsKey(s) && (job->cryptoKeyId >= Crypto_ConfigPtr->keyCount)) {
        return CRYPTO_E_PARAM_HANDLE;
    }
    if ((s == CRYPTO_KEYDERIVE) && (job->targetCryptoKeyId >= Crypto_ConfigPtr->keyCount)) {
        return CRYPTO_E_PARAM_HANDLE;
    }
    if (Crypto_TakesInput(s) && ((mode & MODE_UPDATE) != 0u)) {
        if (io->inputPtr == NULL) {
            return CRYPTO_E_PARAM_POINTER;
        }
        if (io->inputLength == 0u) {
            return CRYPTO_E_PARAM_VALUE;
        }
    }
    switch (s) {
        case CRYPTO_HASH:
        case CRYPTO_MACGENERATE:
        case CRYPTO_SIGNATUREGENERATE:
        case CRYPTO_RANDOMGENERATE:
        case CRYPTO_KEYEXCHANGECALCPUBVAL:
            if ((mode & MODE_FINISH) != 0u) {
                if ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL)) {
                    return CRYPTO_E_PARAM_POINTER;
                }
                if (*io->outputLengthPtr == 0u) {
                    return CRYPTO_E_PARAM_VALUE;
                }
            }
            break;
        case CRYPTO_MACVERIFY:
        case CRYPTO_SIGNATUREVERIFY:
            if (((mode & MODE_FINISH) != 0u) &&
                ((io->secondaryInputPtr == NULL) || (io->verifyPtr == NULL))) {
                return CRYPTO_E_PARAM_POINTER;
            }
            break;
        case CRYPTO_ENCRYPT:
        case CRYPTO_DECRYPT:
            if (((mode & MODE_UPDATE) != 0u) &&
                ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL))) {
                return CRYPTO_E_PARAM_POINTER;
            }
            break;
        case CRYPTO_AEADENCRYPT:
            if ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL) ||
                (io->secondaryOutputPtr == NULL) || (io->secondaryOutputLengthPtr == NULL) ||
                ((io->secondaryInputLength != 0u) && (io->secondaryInputPtr == NULL))) {
                return CRYPTO_E_PARAM_POINTER;
            }
            break;
        case CRYPTO_AEADDECRYPT:
            if ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL) ||
                (io->tertiaryInputPtr == NULL) || (io->verifyPtr == NULL) ||
                ((io->secondaryInputLength != 0u) && (io->secondaryInputPtr == NULL))) {
                return CRYPTO_E_PARAM_POINTER;
            }
            break;
        default:
            break;
    }
    return 0;
}

/* Is the job waiting in the object's queue? */
static boolean Crypto_Queued(const Crypto_DriverObjectConfigType* obj, const Crypto_JobType* job)
{
    uint32 i;

    for (i = 0; i < obj->state->queueCount; i++) {
        if (obj->queue[i] == job) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Wait for the response of a cancelled job, if one is still in flight. */
static void Crypto_Drain(Crypto_ObjectStateType* ws)
{
    while ((ws->draining != 0u) && (Crypto_Recv(ws) == WH_ERROR_NOTREADY)) {
        if (wh_Client_WaitResponse(&ws->client) != WH_ERROR_OK) {
            return;
        }
    }
}

/* The SecOC job, short: a single-call AES-CMAC MACVERIFY / MACGENERATE of up to
 * WH_CRYPTO_MAC_MAX_MSG bytes with a tag of 32..128 bits, without redirection, on an idle
 * object and a valid key whose MAC key the HSM holds: one MAC fast path request, waited for
 * here when the job is SYNC, left to Crypto_MainFunction when it is ASYNC (as
 * Crypto_MacFastStart leaves it). Every check of the general path holds for such a job (it
 * has every pointer it needs, in-range ids and lengths), so none can fail; anything else
 * returns FALSE untouched (also an ASYNC job whose request could not be sent) and the general
 * path (with its development error reports) takes the job. Its checks and its SYNC wait are
 * written out here rather than through Crypto_MacFastBits / Crypto_WaitRecv / Crypto_MacFastRecv
 * (which the general path's fast jobs use): those cost a SYNC job some 50 instructions more on
 * the target (+186 over the client call instead of +139, the budget being 150). */
static boolean Crypto_MacFastJob(Crypto_ObjectStateType* ws, Crypto_JobType* job,
                                 Std_ReturnType* out_result)
{
    const Crypto_JobPrimitiveInfoType*  pinfo = job->jobPrimitiveInfo;
    Crypto_JobPrimitiveInputOutputType* io    = &job->jobPrimitiveInputOutput;
    const Crypto_PrimitiveInfoType*     prim;
    const Crypto_KeyElementConfigType*  e;
    uint32                              bits;
    int                                 ret;

    if ((pinfo == NULL) || (job->jobInfo == NULL) || (job->jobRedirectionInfoRef != NULL) ||
        (io->mode != CRYPTO_OPERATIONMODE_SINGLECALL) || (io->inputPtr == NULL) ||
        (io->inputLength == 0u) || (io->inputLength > WH_CRYPTO_MAC_MAX_MSG) ||
        (job->cryptoKeyId >= Crypto_ConfigPtr->keyCount) || (ws->job != NULL) ||
        (ws->queueCount != 0u) || (ws->pending != 0u)) {
        return FALSE;
    }
    prim = pinfo->primitiveInfo;
    if ((prim == NULL) || (prim->algorithm.mode != CRYPTO_ALGOMODE_CMAC) ||
        (prim->algorithm.family != CRYPTO_ALGOFAM_AES) ||
        (Crypto_ConfigPtr->keys[job->cryptoKeyId].state->valid == FALSE)) {
        return FALSE;
    }
    if (prim->service == CRYPTO_MACVERIFY) {
        if ((io->secondaryInputPtr == NULL) || (io->verifyPtr == NULL)) {
            return FALSE;
        }
        bits = io->secondaryInputLength;
    }
    else if (prim->service == CRYPTO_MACGENERATE) {
        if ((io->outputPtr == NULL) || (io->outputLengthPtr == NULL) ||
            (*io->outputLengthPtr == 0u)) {
            return FALSE;
        }
        bits = (*io->outputLengthPtr < AES_BLOCK) ? (8u * *io->outputLengthPtr) : (8u * AES_BLOCK);
    }
    else {
        return FALSE;
    }
    if ((bits < WH_KEY_MAC_MIN_BITS_DEFAULT) || (bits > 8u * AES_BLOCK)) {
        return FALSE;
    }
    e = Crypto_HsmElement(job->cryptoKeyId, CRYPTO_KE_MAC_KEY);
    if ((e == NULL) || (e->state->isSet == FALSE)) {
        return FALSE;
    }
    ret = Crypto_MacFastSend(ws, job, prim->service, e->hsmKeyId, (uint16)bits);
    if (pinfo->processingType == CRYPTO_PROCESSING_ASYNC) {
        if (ret != WH_ERROR_OK) {
            return FALSE;
        }
        Crypto_MacFastActive(ws, job, 1, (uint16)bits);
        *out_result = E_OK; /* Crypto_MainFunction completes it */
        return TRUE;
    }
    *out_result = E_NOT_OK; /* unless answered (a failed send: nothing went out) */
    while (ret == WH_ERROR_OK) {
        int32_t rc = WH_ERROR_OK;
        if (wh_Client_WaitResponse(&ws->client) != WH_ERROR_OK) {
            /* the HSM did not answer in time: its response is drained when it comes */
            ws->pending  = 1;
            ws->draining = 1;
            break;
        }
        if (prim->service == CRYPTO_MACVERIFY) {
            ret = wh_Client_MacVerifyResponse(&ws->client, &rc);
            if ((ret == WH_ERROR_OK) && ((rc == WH_ERROR_OK) || (rc == WH_ERROR_AUTH))) {
                *io->verifyPtr = (rc == WH_ERROR_OK) ? CRYPTO_E_VER_OK : CRYPTO_E_VER_NOT_OK;
                rc             = WH_ERROR_OK; /* a verdict, not an error */
            }
        }
        else {
            uint16 tagLen = (uint16)(bits / 8u);
            ret           = wh_Client_MacGenerateResponse(&ws->client, io->outputPtr, &tagLen, &rc);
            if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
                *io->outputLengthPtr = tagLen;
            }
        }
        if (ret != WH_ERROR_NOTREADY) {
            *out_result = (ret == WH_ERROR_OK) ? Crypto_FromHsm(rc) : E_NOT_OK;
            break;
        }
        ret = WH_ERROR_OK; /* another mailbox's doorbell: wait again */
    }
    job->jobState = CRYPTO_JOBSTATE_IDLE;
    return TRUE;
}

Std_ReturnType Crypto_ProcessJob(uint32 objectId, Crypto_JobType* job)
{
    const Crypto_DriverObjectConfigType* obj;
    Crypto_ObjectStateType*              ws;
    uint8                                err;
    boolean                              own; /* the job holds the workspace between calls */
    uint32                               i;
    int                                  fast;

    if (Crypto_ConfigPtr == NULL) {
        return Crypto_Det(CRYPTO_SID_PROCESS_JOB, CRYPTO_E_UNINIT);
    }
    if (objectId >= Crypto_ConfigPtr->objectCount) {
        return Crypto_Det(CRYPTO_SID_PROCESS_JOB, CRYPTO_E_PARAM_HANDLE);
    }
    if (job == NULL) {
        return Crypto_Det(CRYPTO_SID_PROCESS_JOB, CRYPTO_E_PARAM_POINTER);
    }
    {
        Std_ReturnType r = E_OK;
        if (Crypto_MacFastJob(Crypto_ConfigPtr->objects[objectId].state, job, &r) != FALSE) {
            return r;
        }
    }
    if ((job->jobRedirectionInfoRef != NULL) && (job->jobPrimitiveInfo != NULL) &&
        (job->jobPrimitiveInfo->primitiveInfo != NULL)) {
        Std_ReturnType r = Crypto_Redirect(job);
        if (r != E_OK) {
            return r;
        }
    }
    err = Crypto_CheckJob(job);
    if (err != 0u) {
        return Crypto_Det(CRYPTO_SID_PROCESS_JOB, err);
    }
    obj = &Crypto_ConfigPtr->objects[objectId];
    ws  = obj->state;
    own = ((ws->job == job) && (ws->waiting != 0u)) ? TRUE : FALSE;
    if ((ws->job == job && !own) || Crypto_Queued(obj, job)) {
        return CRYPTO_E_BUSY; /* its previous call has not ended */
    }
    if (!own && ((job->jobPrimitiveInputOutput.mode & CRYPTO_OPERATIONMODE_START) == 0)) {
        return E_NOT_OK; /* UPDATE or FINISH without a START */
    }
    if (job->jobPrimitiveInfo->processingType == CRYPTO_PROCESSING_SYNC) {
        if (!own && ((ws->job != NULL) || (ws->queueCount != 0u))) {
            return CRYPTO_E_BUSY;
        }
        Crypto_Drain(ws);
        if (ws->pending != 0u) {
            return CRYPTO_E_BUSY;
        }
        fast = own ? 0 : Crypto_MacFastStart(ws, job, 0);
        if (fast == 0) {
            Crypto_Begin(ws, job, 0);
        }
        else if (fast > 0) {
            Crypto_WaitRecv(ws);
            if (job->jobRedirectionInfoRef == NULL) { /* one request, nothing else to do */
                ws->job       = NULL;
                job->jobState = CRYPTO_JOBSTATE_IDLE;
                return ws->result;
            }
        }
        return Crypto_RunSync(ws);
    }
    if (own || ((ws->job == NULL) && (ws->queueCount == 0u) && (ws->pending == 0u))) {
        /* at once: the first request goes out now */
        if (own || (Crypto_MacFastStart(ws, job, 1) == 0)) {
            Crypto_Begin(ws, job, 1);
            if (Crypto_Send(ws) != 0) {
                ws->pending = 1;
            }
        }
        return E_OK; /* Crypto_MainFunction completes it */
    }
    if (ws->queueCount >= obj->queueSize) {
        return CRYPTO_CFG_QUEUE_FULL_RESULT;
    }
    /* after every job of the same or a higher priority */
    i = ws->queueCount;
    while ((i > 0u) && (obj->queue[i - 1u]->jobInfo->jobPriority < job->jobInfo->jobPriority)) {
        obj->queue[i] = obj->queue[i - 1u];
        i--;
    }
    obj->queue[i] = job;
    ws->queueCount++;
    job->jobState = CRYPTO_JOBSTATE_ACTIVE;
    return E_OK;
}

Std_ReturnType Crypto_CancelJob(uint32 objectId, Crypto_JobType* job)
{
    const Crypto_DriverObjectConfigType* obj;
    Crypto_ObjectStateType*              ws;
    uint32                               i;

    if (Crypto_ConfigPtr == NULL) {
        return Crypto_Det(CRYPTO_SID_CANCEL_JOB, CRYPTO_E_UNINIT);
    }
    if (objectId >= Crypto_ConfigPtr->objectCount) {
        return Crypto_Det(CRYPTO_SID_CANCEL_JOB, CRYPTO_E_PARAM_HANDLE);
    }
    if (job == NULL) {
        return Crypto_Det(CRYPTO_SID_CANCEL_JOB, CRYPTO_E_PARAM_POINTER);
    }
    obj = &Crypto_ConfigPtr->objects[objectId];
    ws  = obj->state;
    for (i = 0; i < ws->queueCount; i++) {
        if (obj->queue[i] == job) {
            ws->queueCount--;
            memmove(&obj->queue[i], &obj->queue[i + 1u],
                    (ws->queueCount - i) * sizeof(obj->queue[0]));
            job->jobState = CRYPTO_JOBSTATE_IDLE;
            return E_OK;
        }
    }
    if (ws->job == job) {
        if (ws->pending != 0u) {
            ws->draining = 1; /* its response is dropped when it comes */
        }
        ws->job        = NULL;
        ws->waiting    = 0;
        ws->streamOpen = 0;
        ws->fast       = 0;
        memset(ws->digest, 0, sizeof(ws->digest));
        job->jobState = CRYPTO_JOBSTATE_IDLE;
        return E_OK;
    }
    return E_NOT_OK;
}

void Crypto_DoorbellIndication(void)
{
    Crypto_DoorbellCount = Crypto_DoorbellCount + 1u;
}

void Crypto_MainFunction(void)
{
    uint32 i;
    uint32 bell;

    if (Crypto_ConfigPtr == NULL) {
        return; /* not an error: the scheduler may run it before Crypto_Init */
    }
    /* Read before any mailbox: a response published after the look below rings after this
     * read, so the next call looks again. Without indications, every call looks. */
    bell = (Crypto_ConfigPtr->doorbellIndication != FALSE) ? Crypto_DoorbellCount : 0u;
    for (i = 0; i < Crypto_ConfigPtr->objectCount; i++) {
        const Crypto_DriverObjectConfigType* obj = &Crypto_ConfigPtr->objects[i];
        Crypto_ObjectStateType*              ws  = obj->state;

        if (ws->pending != 0u) {
            if (Crypto_ConfigPtr->doorbellIndication != FALSE) {
                if (ws->bellSeen == bell) {
                    continue; /* no doorbell since this object last looked: not answered */
                }
                ws->bellSeen = bell;
            }
            if (ws->fast != 0u) { /* a fast path job is one request: done when answered */
                Crypto_JobType* job = ws->job;
                if (Crypto_MacFastRecv(ws) == WH_ERROR_NOTREADY) {
                    continue;
                }
                ws->pending   = 0;
                ws->job       = NULL;
                job->jobState = CRYPTO_JOBSTATE_IDLE;
                if (job->jobRedirectionInfoRef != NULL) {
                    Crypto_RedirectDone(job, ws->result, 1u); /* its tag in an element */
                }
                CryIf_CallbackNotification(job, ws->result);
            }
            else if (Crypto_Recv(ws) == WH_ERROR_NOTREADY) {
                continue;
            }
        }
        else if ((ws->job == NULL) && (ws->queueCount == 0u)) {
            continue; /* idle */
        }
        for (;;) {
            if (ws->pending != 0u) {
                break; /* a callback started the object's next job */
            }
            if ((ws->job == NULL) && (ws->queueCount != 0u)) {
                Crypto_Dequeue(obj);
                if (ws->pending != 0u) {
                    break; /* on the fast path, its request out */
                }
            }
            if ((ws->job == NULL) || (ws->waiting != 0u)) {
                break;
            }
            if (Crypto_Send(ws) != 0) {
                ws->pending = 1;
                break;
            }
            (void)Crypto_Complete(ws); /* then the next queued job, if any */
        }
    }
}

/* ---- key management (through the key client, blocking) ---- */

static Std_ReturnType Crypto_CheckKey(uint8 sid, uint32 keyId)
{
    if (Crypto_ConfigPtr == NULL) {
        return Crypto_Det(sid, CRYPTO_E_UNINIT);
    }
    if (keyId >= Crypto_ConfigPtr->keyCount) {
        return Crypto_Det(sid, CRYPTO_E_PARAM_HANDLE);
    }
    return E_OK;
}

/* Write len bytes into element e (access already checked) and invalidate its key. */
/* M1 || M2 || M3 written to a SHE key's proof element: the SHE's LOAD_KEY (through the key
 * client), M4 || M5 kept in the element. The key becomes invalid until Crypto_KeySetValid
 * (the SHE holds the slot in its own NVM: nothing to commit). Refused (nothing changed):
 * not 64 bytes, CRYPTO_E_KEY_SIZE_MISMATCH; an M1 for another slot or a LOAD_KEY the SHE
 * rejects (M3, UID, counter, write protection, policy), CRYPTO_E_KEY_WRITE_FAIL. */
static Std_ReturnType Crypto_SheLoad(uint32 keyId, const Crypto_KeyElementConfigType* e,
                                     const uint8* data, uint32 len)
{
    uint8   m4m5[48];
    int32_t rc = WH_ERROR_OK;

    if ((len != 64u) || (e->maxSize < 64u) || (e->ramBuf == NULL)) {
        return CRYPTO_E_KEY_SIZE_MISMATCH;
    }
    if ((data[15] >> 4) != Crypto_ConfigPtr->keys[keyId].sheSlot) {
        return CRYPTO_E_KEY_WRITE_FAIL; /* M1's target slot is not this key's */
    }
    if ((wh_Client_SheLoadKey(&Crypto_KeyWs.client, data, &data[16], &data[48], m4m5, &m4m5[32],
                              &rc) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK)) {
        return CRYPTO_E_KEY_WRITE_FAIL;
    }
    Crypto_ConfigPtr->keys[keyId].state->valid = FALSE;
    memcpy(e->ramBuf, m4m5, sizeof(m4m5));
    e->state->length    = sizeof(m4m5);
    e->state->isSet     = TRUE;
    e->state->committed = FALSE;
    return E_OK;
}

static Std_ReturnType Crypto_ElementWrite(uint32 keyId, const Crypto_KeyElementConfigType* e,
                                          const uint8* data, uint32 len)
{
    if ((Crypto_ConfigPtr->keys[keyId].sheSlot != 0u) &&
        ((e->keyElementId == CRYPTO_KE_MAC_PROOF) || (e->keyElementId == CRYPTO_KE_CIPHER_PROOF))) {
        return Crypto_SheLoad(keyId, e, data, len);
    }
    if (len > e->maxSize) {
        return CRYPTO_E_KEY_SIZE_MISMATCH;
    }
    Crypto_ConfigPtr->keys[keyId].state->valid = FALSE;
    if (e->hsmKeyId != 0u) {
        uint16  flags = e->hsmFlags;
        uint16  id    = e->hsmKeyId;
        int32_t rc    = WH_ERROR_OK;
        if (e->readAccess != CRYPTO_RA_ALLOWED) {
            flags |= WH_NVM_FLAGS_NONEXPORTABLE;
        }
        if ((wh_Client_KeyCache(&Crypto_KeyWs.client, flags, 0, NULL, (uint16)len, data, &id,
                                &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            return CRYPTO_E_KEY_WRITE_FAIL;
        }
    }
    else {
        memcpy(e->ramBuf, data, len);
    }
    e->state->length    = len;
    e->state->isSet     = TRUE;
    e->state->committed = FALSE;
    return E_OK;
}

/* Read element e (set; access already checked) into out (capacity *inout_len). */
static Std_ReturnType Crypto_ElementRead(const Crypto_KeyElementConfigType* e, uint8* out,
                                         uint32* inout_len)
{
    if (*inout_len < e->state->length) {
        return CRYPTO_E_SMALL_BUFFER;
    }
    if (e->hsmKeyId != 0u) {
        uint16  len = (uint16)e->state->length;
        int32_t rc  = WH_ERROR_OK;
        if ((wh_Client_KeyExport(&Crypto_KeyWs.client, e->hsmKeyId, NULL, 0, NULL, &len, out,
                                 &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            return (rc == WH_ERROR_ACCESS) ? CRYPTO_E_KEY_READ_FAIL : E_NOT_OK;
        }
        *inout_len = len;
    }
    else {
        memcpy(out, e->ramBuf, e->state->length);
        *inout_len = e->state->length;
    }
    return E_OK;
}

Std_ReturnType Crypto_KeyElementSet(uint32 cryptoKeyId, uint32 keyElementId, const uint8* keyPtr,
                                    uint32 keyLength)
{
    const Crypto_KeyElementConfigType* e;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_ELEMENT_SET, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if (keyPtr == NULL) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_SET, CRYPTO_E_PARAM_POINTER);
    }
    if (keyLength == 0u) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_SET, CRYPTO_E_PARAM_VALUE);
    }
    e = Crypto_Element(cryptoKeyId, keyElementId);
    if (e == NULL) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_SET, CRYPTO_E_PARAM_HANDLE);
    }
    if (e->writeAccess != CRYPTO_WA_ALLOWED) {
        return CRYPTO_E_KEY_WRITE_FAIL;
    }
    return Crypto_ElementWrite(cryptoKeyId, e, keyPtr, keyLength);
}

Std_ReturnType Crypto_KeySetValid(uint32 cryptoKeyId)
{
    const Crypto_KeyConfigType* key;
    uint32                      i;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_SET_VALID, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    key = &Crypto_ConfigPtr->keys[cryptoKeyId];
    for (i = 0; i < key->elementCount; i++) {
        const Crypto_KeyElementConfigType* e  = &key->elements[i];
        int32_t                            rc = WH_ERROR_OK;
        if ((e->hsmKeyId == 0u) || (e->state->isSet == FALSE) || (e->state->committed != FALSE)) {
            continue;
        }
        if ((wh_Client_KeyCommit(&Crypto_KeyWs.client, e->hsmKeyId, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            return E_NOT_OK;
        }
        e->state->committed = TRUE;
    }
    if (key->nvmId != 0u) {
        uint8   rec[CRYPTO_KEY_RECORD_MAX];
        uint32  len = Crypto_RecordBuild(key, TRUE, rec);
        int32_t rc  = WH_ERROR_OK;
        if ((len == 0u) ||
            (wh_Client_NvmAddObject(&Crypto_KeyWs.client, key->nvmId, 0, 0, 0, NULL, (uint16)len,
                                    rec, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK)) {
            return E_NOT_OK;
        }
    }
    key->state->valid = TRUE;
    return E_OK;
}

Std_ReturnType Crypto_KeyElementGet(uint32 cryptoKeyId, uint32 keyElementId, uint8* resultPtr,
                                    uint32* resultLengthPtr)
{
    const Crypto_KeyElementConfigType* e;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_ELEMENT_GET, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if ((resultPtr == NULL) || (resultLengthPtr == NULL)) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_GET, CRYPTO_E_PARAM_POINTER);
    }
    if (*resultLengthPtr == 0u) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_GET, CRYPTO_E_PARAM_VALUE);
    }
    e = Crypto_Element(cryptoKeyId, keyElementId);
    if (e == NULL) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_GET, CRYPTO_E_PARAM_HANDLE);
    }
    if (e->readAccess != CRYPTO_RA_ALLOWED) {
        return CRYPTO_E_KEY_READ_FAIL;
    }
    if (e->state->isSet == FALSE) {
        return CRYPTO_E_KEY_EMPTY;
    }
    return Crypto_ElementRead(e, resultPtr, resultLengthPtr);
}

/* Copy one HSM element into another inside the HSM (wh_Client_KeyCopy): the bytes never come
 * to this core. The copy is non-exportable unless both elements' read access is
 * CRYPTO_RA_ALLOWED (the HSM keeps the source's restriction). */
static Std_ReturnType Crypto_HsmCopy(const Crypto_KeyElementConfigType* src, uint32 targetKeyId,
                                     const Crypto_KeyElementConfigType* dst)
{
    uint16  id = dst->hsmKeyId;
    int32_t rc = WH_ERROR_OK;

    if (Crypto_KeyType(src) != Crypto_KeyType(dst)) {
        return CRYPTO_E_KEY_WRITE_FAIL; /* another kind of key */
    }
    Crypto_ConfigPtr->keys[targetKeyId].state->valid = FALSE;
    if ((wh_Client_KeyCopy(&Crypto_KeyWs.client, Crypto_HsmFlags(dst), src->hsmKeyId, &id, &rc) !=
         WH_ERROR_OK) ||
        (rc != WH_ERROR_OK)) {
        return (rc == WH_ERROR_NOTFOUND) ? CRYPTO_E_KEY_EMPTY : CRYPTO_E_KEY_WRITE_FAIL;
    }
    dst->state->length    = src->state->length;
    dst->state->isSet     = TRUE;
    dst->state->committed = FALSE;
    return E_OK;
}

/* Copy one element to another (checks done but the access rights). A source readable only
 * for copies (CRYPTO_RA_INTERNAL_COPY) in the HSM goes only to another HSM element that is
 * not readable either (CRYPTO_RA_DENIED or _INTERNAL_COPY), copied there by the HSM; else
 * CRYPTO_E_KEY_READ_FAIL. HSM to HSM copies are always made by the HSM; the others come
 * through this core (readable sources only). */
static Std_ReturnType Crypto_ElementCopy(const Crypto_KeyElementConfigType* src, uint32 targetKeyId,
                                         const Crypto_KeyElementConfigType* dst)
{
    uint8          buf[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint32         len = sizeof(buf);
    Std_ReturnType ret;

    if ((src->readAccess != CRYPTO_RA_ALLOWED) &&
        ((src->readAccess != CRYPTO_RA_INTERNAL_COPY) ||
         ((src->hsmKeyId != 0u) &&
          ((dst->hsmKeyId == 0u) || ((dst->readAccess != CRYPTO_RA_DENIED) &&
                                     (dst->readAccess != CRYPTO_RA_INTERNAL_COPY)))))) {
        return CRYPTO_E_KEY_READ_FAIL;
    }
    if ((dst->writeAccess != CRYPTO_WA_ALLOWED) && (dst->writeAccess != CRYPTO_WA_INTERNAL_COPY)) {
        return CRYPTO_E_KEY_WRITE_FAIL;
    }
    if (src->state->isSet == FALSE) {
        return CRYPTO_E_KEY_EMPTY;
    }
    if (src->state->length > dst->maxSize) {
        return CRYPTO_E_KEY_SIZE_MISMATCH;
    }
    if ((src->hsmKeyId != 0u) && (dst->hsmKeyId != 0u)) {
        return Crypto_HsmCopy(src, targetKeyId, dst);
    }
    ret = Crypto_ElementRead(src, buf, &len);
    if (ret == E_OK) {
        ret = Crypto_ElementWrite(targetKeyId, dst, buf, len);
    }
    memset(buf, 0, sizeof(buf));
    return ret;
}

Std_ReturnType Crypto_KeyElementCopy(uint32 cryptoKeyId, uint32 keyElementId,
                                     uint32 targetCryptoKeyId, uint32 targetKeyElementId)
{
    const Crypto_KeyElementConfigType* src;
    const Crypto_KeyElementConfigType* dst;

    if ((Crypto_CheckKey(CRYPTO_SID_KEY_ELEMENT_COPY, cryptoKeyId) != E_OK) ||
        (Crypto_CheckKey(CRYPTO_SID_KEY_ELEMENT_COPY, targetCryptoKeyId) != E_OK)) {
        return E_NOT_OK;
    }
    src = Crypto_Element(cryptoKeyId, keyElementId);
    dst = Crypto_Element(targetCryptoKeyId, targetKeyElementId);
    if ((src == NULL) || (dst == NULL)) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_COPY, CRYPTO_E_PARAM_HANDLE);
    }
    return Crypto_ElementCopy(src, targetCryptoKeyId, dst);
}

Std_ReturnType Crypto_KeyCopy(uint32 cryptoKeyId, uint32 targetCryptoKeyId)
{
    const Crypto_KeyConfigType* key;
    uint32                      i;

    if ((Crypto_CheckKey(CRYPTO_SID_KEY_COPY, cryptoKeyId) != E_OK) ||
        (Crypto_CheckKey(CRYPTO_SID_KEY_COPY, targetCryptoKeyId) != E_OK)) {
        return E_NOT_OK;
    }
    key = &Crypto_ConfigPtr->keys[cryptoKeyId];
    /* every set element of the source that the target has */
    for (i = 0; i < key->elementCount; i++) {
        const Crypto_KeyElementConfigType* src = &key->elements[i];
        const Crypto_KeyElementConfigType* dst = Crypto_Element(targetCryptoKeyId,
                                                                src->keyElementId);
        Std_ReturnType                     ret;
        if ((dst == NULL) || (src->state->isSet == FALSE)) {
            continue;
        }
        ret = Crypto_ElementCopy(src, targetCryptoKeyId, dst);
        if (ret != E_OK) {
            return ret;
        }
    }
    return E_OK;
}

Std_ReturnType Crypto_KeyElementIdsGet(uint32 cryptoKeyId, uint32* keyElementIdsPtr,
                                       uint32* keyElementIdsLengthPtr)
{
    const Crypto_KeyConfigType* key;
    uint32                      i;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_ELEMENT_IDS_GET, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if ((keyElementIdsPtr == NULL) || (keyElementIdsLengthPtr == NULL)) {
        return Crypto_Det(CRYPTO_SID_KEY_ELEMENT_IDS_GET, CRYPTO_E_PARAM_POINTER);
    }
    key = &Crypto_ConfigPtr->keys[cryptoKeyId];
    if (*keyElementIdsLengthPtr < key->elementCount) {
        return CRYPTO_E_SMALL_BUFFER;
    }
    for (i = 0; i < key->elementCount; i++) {
        keyElementIdsPtr[i] = key->elements[i].keyElementId;
    }
    *keyElementIdsLengthPtr = key->elementCount;
    return E_OK;
}

/* Run a key service on the key client, as a job of its own. */
static Std_ReturnType Crypto_RunKeyService(Crypto_ServiceInfoType service, uint32 keyId,
                                           uint32 targetKeyId, const uint8* in, uint32 inLen,
                                           uint8* out, uint32* inout_outLen)
{
    Crypto_PrimitiveInfoType    prim  = {0};
    Crypto_JobPrimitiveInfoType pinfo = {0};
    Crypto_JobInfoType          info  = {0};
    Crypto_JobType              job   = {0};

    prim.service                                = service;
    pinfo.primitiveInfo                         = &prim;
    pinfo.processingType                        = CRYPTO_PROCESSING_SYNC;
    job.jobPrimitiveInfo                        = &pinfo;
    job.jobInfo                                 = &info;
    job.cryptoKeyId                             = keyId;
    job.targetCryptoKeyId                       = targetKeyId;
    job.jobPrimitiveInputOutput.inputPtr        = in;
    job.jobPrimitiveInputOutput.inputLength     = inLen;
    job.jobPrimitiveInputOutput.outputPtr       = out;
    job.jobPrimitiveInputOutput.outputLengthPtr = inout_outLen;
    job.jobPrimitiveInputOutput.mode            = CRYPTO_OPERATIONMODE_SINGLECALL;
    Crypto_Drain(&Crypto_KeyWs);
    if (Crypto_KeyWs.pending != 0u) {
        return CRYPTO_E_BUSY;
    }
    Crypto_Begin(&Crypto_KeyWs, &job, 0);
    return Crypto_RunSync(&Crypto_KeyWs);
}

Std_ReturnType Crypto_KeyGenerate(uint32 cryptoKeyId)
{
    uint32 none = 0;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_GENERATE, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    return Crypto_RunKeyService(CRYPTO_KEYGENERATE, cryptoKeyId, 0, NULL, 0, NULL, &none);
}

/* The seed goes into the HSM's DRBG of the key management client, the one Crypto_KeyGenerate
 * and the other key services use (a RANDOMSEED job seeds its own object's). */
Std_ReturnType Crypto_RandomSeed(uint32 cryptoKeyId, const uint8* seedPtr, uint32 seedLength)
{
    uint32 none = 0;

    if (Crypto_CheckKey(CRYPTO_SID_RANDOM_SEED, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if (seedPtr == NULL) {
        return Crypto_Det(CRYPTO_SID_RANDOM_SEED, CRYPTO_E_PARAM_POINTER);
    }
    if (seedLength == 0u) {
        return Crypto_Det(CRYPTO_SID_RANDOM_SEED, CRYPTO_E_PARAM_VALUE);
    }
    return Crypto_RunKeyService(CRYPTO_RANDOMSEED, cryptoKeyId, 0, seedPtr, seedLength, NULL,
                                &none);
}

Std_ReturnType Crypto_KeyDerive(uint32 cryptoKeyId, uint32 targetCryptoKeyId)
{
    uint32 none = 0;

    if ((Crypto_CheckKey(CRYPTO_SID_KEY_DERIVE, cryptoKeyId) != E_OK) ||
        (Crypto_CheckKey(CRYPTO_SID_KEY_DERIVE, targetCryptoKeyId) != E_OK)) {
        return E_NOT_OK;
    }
    return Crypto_RunKeyService(CRYPTO_KEYDERIVE, cryptoKeyId, targetCryptoKeyId, NULL, 0, NULL,
                                &none);
}

Std_ReturnType Crypto_KeyExchangeCalcPubVal(uint32 cryptoKeyId, uint8* publicValuePtr,
                                            uint32* publicValueLengthPtr)
{
    if (Crypto_CheckKey(CRYPTO_SID_KEY_EXCHANGE_CALC_PUB_VAL, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if ((publicValuePtr == NULL) || (publicValueLengthPtr == NULL)) {
        return Crypto_Det(CRYPTO_SID_KEY_EXCHANGE_CALC_PUB_VAL, CRYPTO_E_PARAM_POINTER);
    }
    if (*publicValueLengthPtr == 0u) {
        return Crypto_Det(CRYPTO_SID_KEY_EXCHANGE_CALC_PUB_VAL, CRYPTO_E_PARAM_VALUE);
    }
    return Crypto_RunKeyService(CRYPTO_KEYEXCHANGECALCPUBVAL, cryptoKeyId, 0, NULL, 0,
                                publicValuePtr, publicValueLengthPtr);
}

Std_ReturnType Crypto_KeyExchangeCalcSecret(uint32 cryptoKeyId, const uint8* partnerPublicValuePtr,
                                            uint32 partnerPublicValueLength)
{
    uint32 none = 0;

    if (Crypto_CheckKey(CRYPTO_SID_KEY_EXCHANGE_CALC_SECRET, cryptoKeyId) != E_OK) {
        return E_NOT_OK;
    }
    if (partnerPublicValuePtr == NULL) {
        return Crypto_Det(CRYPTO_SID_KEY_EXCHANGE_CALC_SECRET, CRYPTO_E_PARAM_POINTER);
    }
    if (partnerPublicValueLength == 0u) {
        return Crypto_Det(CRYPTO_SID_KEY_EXCHANGE_CALC_SECRET, CRYPTO_E_PARAM_VALUE);
    }
    return Crypto_RunKeyService(CRYPTO_KEYEXCHANGECALCSECRET, cryptoKeyId, 0, partnerPublicValuePtr,
                                partnerPublicValueLength, NULL, &none);
}
