/*
 * host_main.c - the host core's application of the example ECU project: the HSM client on
 * the shared mailbox (connect, echo, an AES-CMAC of RFC 4493's example 2 with a cached key)
 * and the AUTOSAR Crypto Driver's main function, with the ECU's CryIf and Det callbacks.
 * Built against dist/<cpu>/core0 only.
 */
#include <string.h>

#include "CryIf_Cbk.h"
#include "Crypto.h"
#include "Det.h"
#include "ecu_board.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm_types.h"

int main(void);

/* What the run found: 1 once every step passed, a negative step number at the first failure
 * (for a debugger: the image is linked, not run, by make test-dist). */
volatile int ecu_Result;

void CryIf_CallbackNotification(Crypto_JobType* job, Std_ReturnType result)
{
    (void)job;
    (void)result;
}

Std_ReturnType Det_ReportError(uint16 moduleId, uint8 instanceId, uint8 apiId, uint8 errorId)
{
    (void)moduleId;
    (void)instanceId;
    (void)apiId;
    (void)errorId;
    return E_OK;
}

int main(void)
{
    static const uint8_t         key[16]     = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                                0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t         msg[16]     = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                                0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
    static const uint8_t         tag[16]     = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                                0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
    static const whDoorbellCb    doorbellCb  = ECU_DOORBELL_CB;
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static whTransportMemContext transportCtx;
    static whClientContext       client;
    const whTransportMemConfig   transportCfg = {.mailbox = &ecu_Shared.mailbox,
                                                 .peer    = {&doorbellCb, (void*)&ecu_Shared.toHsm},
                                                 .self = {&doorbellCb, (void*)&ecu_Shared.toHost}};
    const whCommClientConfig     commCfg      = {&transportCb, &transportCtx, &transportCfg};
    const whClientConfig         cfg          = {.comm = &commCfg, .timeoutMs = 1000u};
    Std_VersionInfoType          version;
    uint8_t                      out[16];
    uint16_t                     outLen = sizeof(out);
    uint16_t                     keyId  = 0;
    int32_t                      rc     = -1;

    Crypto_GetVersionInfo(&version);
    if ((wh_Client_Init(&client, &cfg) != WH_ERROR_OK) ||
        (wh_Client_CommConnect(&client, NULL, NULL, &rc) != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        ecu_Result = -1;
    }
    else if ((wh_Client_Echo(&client, 4, "ping", &outLen, out, &rc) != WH_ERROR_OK) ||
             (rc != WH_ERROR_OK) || (outLen != 4u) || (memcmp(out, "ping", 4) != 0)) {
        ecu_Result = -2;
    }
    else if ((wh_Client_KeyCache(&client, WH_NVM_FLAGS_USAGE_SIGN, 0, NULL, sizeof(key), key,
                                 &keyId, &rc) != WH_ERROR_OK) ||
             (rc != WH_ERROR_OK)) {
        ecu_Result = -3;
    }
    else {
        outLen     = sizeof(out);
        ecu_Result = ((wh_Client_MacGenerate(&client, WH_CRYPTO_CMAC_AES, keyId, msg, sizeof(msg),
                                             128, out, &outLen, &rc) == WH_ERROR_OK) &&
                      (rc == WH_ERROR_OK) && (memcmp(out, tag, sizeof(tag)) == 0))
                         ? 1
                         : -4;
    }
    for (;;) {
        Crypto_MainFunction();
    }
}
