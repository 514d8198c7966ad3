/*
 * wh_client_she.c: the SHE group (see wolfhsm/wh_client_she.h).
 */
#include <stddef.h>
#include <string.h>

#include "wh_client_internal.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_utils.h"

#define SHE_KIND(action) WH_MESSAGE_KIND(WH_MESSAGE_GROUP_SHE, WH_MESSAGE_SHE_ACTION_##action)

/* Receive a response of exactly-known size; on OK copy size bytes to out (may be NULL). */
static int recvBytes(whClientContext* c, uint16_t size, void* out, int32_t* out_rc)
{
    int32_t rc;
    int     ret = wh_Client_RecvResponse(c, size, NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((rc == WH_ERROR_OK) && (out != NULL)) {
        memcpy(out, wh_Client_Data(c), size);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_SheLoadKeyRequest(whClientContext* c, const uint8_t* m1, const uint8_t* m2,
                                const uint8_t* m3)
{
    whMessageSheLoadKeyRequest q;

    if ((c == NULL) || (m1 == NULL) || (m2 == NULL) || (m3 == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(q.m1, m1, sizeof(q.m1));
    memcpy(q.m2, m2, sizeof(q.m2));
    memcpy(q.m3, m3, sizeof(q.m3));
    memcpy(wh_Client_Data(c), &q, sizeof(q));
    return wh_Client_SendRequest(c, SHE_KIND(LOAD_KEY), sizeof(q));
}

int wh_Client_SheLoadKeyResponse(whClientContext* c, uint8_t* out_m4, uint8_t* out_m5,
                                 int32_t* out_rc)
{
    whMessageSheLoadKeyResponse r;
    int32_t                     rc  = WH_ERROR_OK;
    int                         ret = recvBytes(c, sizeof(r), &r, &rc);

    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        if (out_m4 != NULL) {
            memcpy(out_m4, r.m4, sizeof(r.m4));
        }
        if (out_m5 != NULL) {
            memcpy(out_m5, r.m5, sizeof(r.m5));
        }
    }
    if (ret == WH_ERROR_OK) {
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_SheLoadKey(whClientContext* c, const uint8_t* m1, const uint8_t* m2,
                         const uint8_t* m3, uint8_t* out_m4, uint8_t* out_m5, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheLoadKeyRequest(c, m1, m2, m3),
                       wh_Client_SheLoadKeyResponse(c, out_m4, out_m5, out_rc));
}

int wh_Client_SheLoadPlainKeyRequest(whClientContext* c, const uint8_t* key)
{
    if ((c == NULL) || (key == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(wh_Client_Data(c), key, WH_SHE_BLOCK);
    return wh_Client_SendRequest(c, SHE_KIND(LOAD_PLAIN_KEY), WH_SHE_BLOCK);
}

int wh_Client_SheLoadPlainKeyResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheLoadPlainKey(whClientContext* c, const uint8_t* key, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheLoadPlainKeyRequest(c, key),
                       wh_Client_SheLoadPlainKeyResponse(c, out_rc));
}

int wh_Client_SheExportRamKeyRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(EXPORT_RAM_KEY), 0);
}

int wh_Client_SheExportRamKeyResponse(whClientContext* c, whMessageSheExportResponse* out_m,
                                      int32_t* out_rc)
{
    return recvBytes(c, sizeof(*out_m), out_m, out_rc);
}

int wh_Client_SheExportRamKey(whClientContext* c, whMessageSheExportResponse* out_m,
                              int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheExportRamKeyRequest(c),
                       wh_Client_SheExportRamKeyResponse(c, out_m, out_rc));
}

int wh_Client_SheInitRngRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(INIT_RNG), 0);
}

int wh_Client_SheInitRngResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheInitRng(whClientContext* c, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheInitRngRequest(c), wh_Client_SheInitRngResponse(c, out_rc));
}

int wh_Client_SheRndRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(RND), 0);
}

int wh_Client_SheRndResponse(whClientContext* c, uint8_t* out_rnd, int32_t* out_rc)
{
    return recvBytes(c, WH_SHE_BLOCK, out_rnd, out_rc);
}

int wh_Client_SheRnd(whClientContext* c, uint8_t* out_rnd, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheRndRequest(c), wh_Client_SheRndResponse(c, out_rnd, out_rc));
}

int wh_Client_SheExtendSeedRequest(whClientContext* c, const uint8_t* entropy)
{
    if ((c == NULL) || (entropy == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(wh_Client_Data(c), entropy, WH_SHE_BLOCK);
    return wh_Client_SendRequest(c, SHE_KIND(EXTEND_SEED), WH_SHE_BLOCK);
}

int wh_Client_SheExtendSeedResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheExtendSeed(whClientContext* c, const uint8_t* entropy, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheExtendSeedRequest(c, entropy),
                       wh_Client_SheExtendSeedResponse(c, out_rc));
}

int wh_Client_SheGetStatusRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(GET_STATUS), 0);
}

int wh_Client_SheGetStatusResponse(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc)
{
    whMessageSheStatusResponse r;
    int32_t                    rc  = WH_ERROR_OK;
    int                        ret = recvBytes(c, sizeof(r), &r, &rc);

    if (ret == WH_ERROR_OK) {
        if (rc == WH_ERROR_OK) {
            WH_CLIENT_SET(out_sreg, r.sreg);
        }
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_SheGetStatus(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheGetStatusRequest(c),
                       wh_Client_SheGetStatusResponse(c, out_sreg, out_rc));
}

int wh_Client_SheGetIdRequest(whClientContext* c, const uint8_t* challenge)
{
    if ((c == NULL) || (challenge == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(wh_Client_Data(c), challenge, WH_SHE_BLOCK);
    return wh_Client_SendRequest(c, SHE_KIND(GET_ID), WH_SHE_BLOCK);
}

int wh_Client_SheGetIdResponse(whClientContext* c, uint8_t* out_uid, uint8_t* out_sreg,
                               uint8_t* out_mac, int32_t* out_rc)
{
    whMessageSheGetIdResponse r;
    int32_t                   rc  = WH_ERROR_OK;
    int                       ret = recvBytes(c, sizeof(r), &r, &rc);

    if (ret == WH_ERROR_OK) {
        if (rc == WH_ERROR_OK) {
            if (out_uid != NULL) {
                memcpy(out_uid, r.uid, sizeof(r.uid));
            }
            if (out_mac != NULL) {
                memcpy(out_mac, r.mac, sizeof(r.mac));
            }
            WH_CLIENT_SET(out_sreg, r.sreg);
        }
        WH_CLIENT_SET(out_rc, rc);
    }
    return ret;
}

int wh_Client_SheGetId(whClientContext* c, const uint8_t* challenge, uint8_t* out_uid,
                       uint8_t* out_sreg, uint8_t* out_mac, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheGetIdRequest(c, challenge),
                       wh_Client_SheGetIdResponse(c, out_uid, out_sreg, out_mac, out_rc));
}

int wh_Client_SheCipherRequest(whClientContext* c, uint16_t action, uint8_t keyId,
                               const uint8_t* iv, const uint8_t* in, uint32_t len)
{
    whMessageSheCipher q   = {.keyId = keyId, .len = len};
    const int          cbc = (action == WH_MESSAGE_SHE_ACTION_ENC_CBC) ||
                    (action == WH_MESSAGE_SHE_ACTION_DEC_CBC);

    if ((c == NULL) || (in == NULL) || (action < WH_MESSAGE_SHE_ACTION_ENC_ECB) ||
        (action > WH_MESSAGE_SHE_ACTION_DEC_CBC) || (cbc && (iv == NULL)) ||
        (len > WH_SHE_DATA_MAX)) {
        return WH_ERROR_BADARGS;
    }
    if (cbc) {
        memcpy(q.iv, iv, sizeof(q.iv));
    }
    wh_MessageShe_TranslateCipher(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    memcpy(wh_Client_Data(c) + sizeof(q), in, len);
    return wh_Client_SendRequest(c, WH_MESSAGE_KIND(WH_MESSAGE_GROUP_SHE, action),
                                 (uint16_t)(sizeof(q) + len));
}

int wh_Client_SheCipherResponse(whClientContext* c, uint8_t* out, uint32_t len, int32_t* out_rc)
{
    whMessageSheCipher r;
    uint16_t           size = 0;
    int32_t            rc;
    int                ret;

    if ((c == NULL) || (len > WH_SHE_DATA_MAX)) {
        return WH_ERROR_BADARGS;
    }
    ret = wh_Client_RecvResponse(c, sizeof(r), &size, &rc);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageShe_TranslateCipher(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        if ((r.len != len) || (size < sizeof(r) + len)) {
            return WH_ERROR_BADMSG;
        }
        if (out != NULL) {
            memcpy(out, wh_Client_Data(c) + sizeof(r), len);
        }
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

static int cipherBlocking(whClientContext* c, uint16_t action, uint8_t keyId, const uint8_t* iv,
                          const uint8_t* in, uint32_t len, uint8_t* out, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheCipherRequest(c, action, keyId, iv, in, len),
                       wh_Client_SheCipherResponse(c, out, len, out_rc));
}

int wh_Client_SheEncEcb(whClientContext* c, uint8_t keyId, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc)
{
    return cipherBlocking(c, WH_MESSAGE_SHE_ACTION_ENC_ECB, keyId, NULL, in, len, out, out_rc);
}

int wh_Client_SheDecEcb(whClientContext* c, uint8_t keyId, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc)
{
    return cipherBlocking(c, WH_MESSAGE_SHE_ACTION_DEC_ECB, keyId, NULL, in, len, out, out_rc);
}

int wh_Client_SheEncCbc(whClientContext* c, uint8_t keyId, const uint8_t* iv, const uint8_t* in,
                        uint32_t len, uint8_t* out, int32_t* out_rc)
{
    return cipherBlocking(c, WH_MESSAGE_SHE_ACTION_ENC_CBC, keyId, iv, in, len, out, out_rc);
}

int wh_Client_SheDecCbc(whClientContext* c, uint8_t keyId, const uint8_t* iv, const uint8_t* in,
                        uint32_t len, uint8_t* out, int32_t* out_rc)
{
    return cipherBlocking(c, WH_MESSAGE_SHE_ACTION_DEC_CBC, keyId, iv, in, len, out, out_rc);
}

static int sendMac(whClientContext* c, uint16_t action, uint8_t keyId, const uint8_t* msg,
                   uint32_t msgBits, const uint8_t* mac, uint16_t macBits)
{
    whMessageSheMacRequest q      = {.keyId = keyId, .macBits = macBits, .msgBits = msgBits};
    const uint32_t         len    = (msgBits + 7u) / 8u;
    const uint32_t         tagLen = (mac != NULL) ? WH_SHE_MAC_TAG_LEN(macBits) : 0u;
    uint8_t*               data;

    if ((c == NULL) || ((msg == NULL) && (len != 0u)) || (msgBits > WH_SHE_DATA_MAX * 8u) ||
        (macBits > 128u)) {
        return WH_ERROR_BADARGS;
    }
    data = wh_Client_Data(c);
    wh_MessageShe_TranslateMacRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)data);
    if (tagLen != 0u) { /* only the bytes compared */
        memcpy(data + sizeof(q), mac, tagLen);
    }
    if (len != 0u) {
        memcpy(data + sizeof(q) + tagLen, msg, len);
    }
    return wh_Client_SendRequest(c, WH_MESSAGE_KIND(WH_MESSAGE_GROUP_SHE, action),
                                 (uint16_t)(sizeof(q) + tagLen + len));
}

int wh_Client_SheGenerateMacRequest(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                                    uint32_t msgBits)
{
    return sendMac(c, WH_MESSAGE_SHE_ACTION_GENERATE_MAC, keyId, msg, msgBits, NULL, 0);
}

int wh_Client_SheGenerateMacResponse(whClientContext* c, uint8_t* out_mac, int32_t* out_rc)
{
    return recvBytes(c, WH_SHE_BLOCK, out_mac, out_rc);
}

int wh_Client_SheGenerateMac(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                             uint32_t msgBits, uint8_t* out_mac, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheGenerateMacRequest(c, keyId, msg, msgBits),
                       wh_Client_SheGenerateMacResponse(c, out_mac, out_rc));
}

int wh_Client_SheVerifyMacRequest(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                                  uint32_t msgBits, const uint8_t* mac, uint16_t macBits)
{
    if (mac == NULL) {
        return WH_ERROR_BADARGS;
    }
    return sendMac(c, WH_MESSAGE_SHE_ACTION_VERIFY_MAC, keyId, msg, msgBits, mac, macBits);
}

int wh_Client_SheVerifyMacResponse(whClientContext* c, uint32_t* out_status, int32_t* out_rc)
{
    whMessageSheVerifyResponse r;
    int32_t                    rc;
    int                        ret = wh_Client_RecvResponse(c, sizeof(r), NULL, &rc);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (rc == WH_ERROR_OK) {
        wh_MessageShe_TranslateVerifyResponse(WH_COMM_MAGIC_NATIVE, (void*)wh_Client_Data(c), &r);
        WH_CLIENT_SET(out_status, r.verifyStatus);
    }
    WH_CLIENT_SET(out_rc, rc);
    return WH_ERROR_OK;
}

int wh_Client_SheVerifyMac(whClientContext* c, uint8_t keyId, const uint8_t* msg, uint32_t msgBits,
                           const uint8_t* mac, uint16_t macBits, uint32_t* out_status,
                           int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheVerifyMacRequest(c, keyId, msg, msgBits, mac, macBits),
                       wh_Client_SheVerifyMacResponse(c, out_status, out_rc));
}

int wh_Client_SheSecureBootRequest(whClientContext* c, const uint8_t* image, uint32_t size)
{
    whMessageSheSecureBootRequest q = {.size = size};

    if ((c == NULL) || (image == NULL) || (size == 0u) || (size > WH_SHE_DATA_MAX)) {
        return WH_ERROR_BADARGS;
    }
    wh_MessageShe_TranslateSecureBootRequest(WH_COMM_MAGIC_NATIVE, &q, (void*)wh_Client_Data(c));
    memcpy(wh_Client_Data(c) + sizeof(q), image, size);
    return wh_Client_SendRequest(c, SHE_KIND(SECURE_BOOT), (uint16_t)(sizeof(q) + size));
}

int wh_Client_SheSecureBootResponse(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc)
{
    return wh_Client_SheGetStatusResponse(c, out_sreg, out_rc); /* the same payload */
}

int wh_Client_SheSecureBoot(whClientContext* c, const uint8_t* image, uint32_t size,
                            uint8_t* out_sreg, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheSecureBootRequest(c, image, size),
                       wh_Client_SheSecureBootResponse(c, out_sreg, out_rc));
}

int wh_Client_SheBootFailureRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(BOOT_FAILURE), 0);
}

int wh_Client_SheBootFailureResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheBootFailure(whClientContext* c, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheBootFailureRequest(c),
                       wh_Client_SheBootFailureResponse(c, out_rc));
}

int wh_Client_SheBootOkRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(BOOT_OK), 0);
}

int wh_Client_SheBootOkResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheBootOk(whClientContext* c, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheBootOkRequest(c), wh_Client_SheBootOkResponse(c, out_rc));
}

int wh_Client_SheDebugChallengeRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(DEBUG_CHALLENGE), 0);
}

int wh_Client_SheDebugChallengeResponse(whClientContext* c, uint8_t* out_challenge, int32_t* out_rc)
{
    return recvBytes(c, WH_SHE_BLOCK, out_challenge, out_rc);
}

int wh_Client_SheDebugChallenge(whClientContext* c, uint8_t* out_challenge, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheDebugChallengeRequest(c),
                       wh_Client_SheDebugChallengeResponse(c, out_challenge, out_rc));
}

int wh_Client_SheDebugAuthorizationRequest(whClientContext* c, const uint8_t* response)
{
    if ((c == NULL) || (response == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(wh_Client_Data(c), response, WH_SHE_BLOCK);
    return wh_Client_SendRequest(c, SHE_KIND(DEBUG_AUTHORIZATION), WH_SHE_BLOCK);
}

int wh_Client_SheDebugAuthorizationResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheDebugAuthorization(whClientContext* c, const uint8_t* response, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheDebugAuthorizationRequest(c, response),
                       wh_Client_SheDebugAuthorizationResponse(c, out_rc));
}

int wh_Client_SheCancelRequest(whClientContext* c)
{
    return (c == NULL) ? WH_ERROR_BADARGS : wh_Client_SendRequest(c, SHE_KIND(CANCEL), 0);
}

int wh_Client_SheCancelResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheCancel(whClientContext* c, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheCancelRequest(c), wh_Client_SheCancelResponse(c, out_rc));
}

int wh_Client_SheProvisionRequest(whClientContext* c, const uint8_t* uid, uint8_t flags,
                                  const uint8_t* secret)
{
    whMessageSheProvisionRequest q = {.flags = flags};
    int                          ret;

    if ((c == NULL) || (uid == NULL) ||
        ((secret == NULL) && ((flags & WH_SHE_PROVISION_GENERATE) == 0u))) {
        return WH_ERROR_BADARGS;
    }
    memcpy(q.uid, uid, sizeof(q.uid));
    if ((flags & WH_SHE_PROVISION_GENERATE) == 0u) {
        memcpy(q.secret, secret, sizeof(q.secret));
    }
    memcpy(wh_Client_Data(c), &q, sizeof(q));
    ret = wh_Client_SendRequest(c, SHE_KIND(PROVISION), sizeof(q));
    wh_Utils_ForceZero(&q, sizeof(q));
    return ret;
}

int wh_Client_SheProvisionResponse(whClientContext* c, int32_t* out_rc)
{
    return wh_Client_RecvEmptyResponse(c, out_rc);
}

int wh_Client_SheProvision(whClientContext* c, const uint8_t* uid, uint8_t flags,
                           const uint8_t* secret, int32_t* out_rc)
{
    WH_CLIENT_BLOCKING(c, wh_Client_SheProvisionRequest(c, uid, flags, secret),
                       wh_Client_SheProvisionResponse(c, out_rc));
}
