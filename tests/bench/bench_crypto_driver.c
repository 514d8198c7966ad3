/*
 * bench_crypto_driver.c: what the AUTOSAR Crypto Driver costs core 0 per job, against the
 * same request through the client API: a 16-byte AES-CMAC verify with a 128-bit tag (the MAC
 * fast path: wh_Client_MacVerify), counted by callgrind (scripts/callgrind_per_op.sh) in the
 * host model.
 * Only core 0's side is measured: the HSM's handling runs between the measured calls.
 *   driver: bench_drv_submit (Crypto_ProcessJob, async: checks, workspace, request sent)
 *         + bench_drv_main (Crypto_MainFunction: response polled, verdict, callback)
 *   direct: bench_direct_request (wh_Client_MacVerifyRequest) + bench_direct_response
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../autosar/Crypto_Cfg.h"
#include "../autosar/CsmCryIf_Test.h"
#include "../util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"

#define ROUNDS 1000
#define PAIRS (CRYPTO_CFG_OBJECT_COUNT + 1u)

static whTestNvm  nvm;
static whTestPair pairs[PAIRS];
static whTestPair direct;

static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t msg[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
static const uint8_t mac[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};

static Crypto_PrimitiveInfoType    prim;
static Crypto_JobPrimitiveInfoType pinfo;
static Crypto_JobInfoType          info;
static Crypto_JobType              job;
static Crypto_VerifyResultType     verdict;

static void check(int ok, const char* what)
{
    if (!ok) {
        fprintf(stderr, "bench_crypto_driver: %s failed\n", what);
        exit(1);
    }
}

__attribute__((noinline)) void bench_drv_submit(void);
__attribute__((noinline)) void bench_drv_submit(void)
{
    check(Crypto_ProcessJob(CryptoConf_CryptoDriverObject_Obj0, &job) == E_OK, "submit");
}

__attribute__((noinline)) void bench_drv_main(void);
__attribute__((noinline)) void bench_drv_main(void)
{
    Crypto_MainFunction();
}

__attribute__((noinline)) void bench_direct_request(void);
__attribute__((noinline)) void bench_direct_request(void)
{
    check(wh_Client_MacVerifyRequest(&direct.client, WH_CRYPTO_CMAC_AES,
                                     CRYPTO_CFG_HSM_KEY_FIRST | WH_ID_GLOBAL, msg, sizeof(msg), mac,
                                     128) == WH_ERROR_OK,
          "request");
}

__attribute__((noinline)) int32_t bench_direct_response(void);
__attribute__((noinline)) int32_t bench_direct_response(void)
{
    int32_t rc = -1;
    check(wh_Client_MacVerifyResponse(&direct.client, &rc) == WH_ERROR_OK, "response");
    return rc;
}

int main(void)
{
    uint32_t i;
    int32_t  rc = -1;

    whTest_NvmInit(&nvm, 1);
    for (i = 0; i < PAIRS; i++) { /* served on threads while the driver connects */
        whTest_PairConfigure(&pairs[i], NULL, &nvm.nvm, (uint16_t)(i + 1), 1, 0);
        check(wh_Server_Init(&pairs[i].server, &pairs[i].serverConfig) == WH_ERROR_OK, "server");
        whTest_PairStartServer(&pairs[i]);
        if (i < CRYPTO_CFG_OBJECT_COUNT) {
            CryptoCfg_ObjectClients[i] = pairs[i].clientConfig;
        }
    }
    CryptoCfg_KeyClient = pairs[CRYPTO_CFG_OBJECT_COUNT].clientConfig;
    CsmTest_Reset();
    Crypto_Init(&CryptoCfg_Config);
    check(CsmTest_DetCount == 0, "init");
    check(Crypto_KeyElementSet(CryptoConf_CryptoKey_Cmac, CRYPTO_KE_MAC_KEY, key, 16) == E_OK,
          "key");
    check(Crypto_KeySetValid(CryptoConf_CryptoKey_Cmac) == E_OK, "valid");
    for (i = 0; i < PAIRS; i++) {
        whTest_PairStopServer(&pairs[i]);
    }
    whTest_PairInit(&direct, &nvm.nvm, 9, 1, 0);
    check(wh_Client_CommConnectRequest(&direct.client) == WH_ERROR_OK, "connect");
    whTest_Serve(&direct);
    check((wh_Client_CommConnectResponse(&direct.client, NULL, NULL, &rc) == WH_ERROR_OK) &&
              (rc == WH_ERROR_OK),
          "connect");

    prim.service                                     = CRYPTO_MACVERIFY;
    prim.algorithm.family                            = CRYPTO_ALGOFAM_AES;
    prim.algorithm.mode                              = CRYPTO_ALGOMODE_CMAC;
    pinfo.primitiveInfo                              = &prim;
    pinfo.processingType                             = CRYPTO_PROCESSING_ASYNC;
    job.jobInfo                                      = &info;
    job.jobPrimitiveInfo                             = &pinfo;
    job.cryptoKeyId                                  = CryptoConf_CryptoKey_Cmac;
    job.jobPrimitiveInputOutput.inputPtr             = msg;
    job.jobPrimitiveInputOutput.inputLength          = sizeof(msg);
    job.jobPrimitiveInputOutput.secondaryInputPtr    = mac;
    job.jobPrimitiveInputOutput.secondaryInputLength = 128; /* bits */
    job.jobPrimitiveInputOutput.verifyPtr            = &verdict;
    job.jobPrimitiveInputOutput.mode                 = CRYPTO_OPERATIONMODE_SINGLECALL;

    for (i = 0; i < ROUNDS; i++) {
        verdict = CRYPTO_E_VER_NOT_OK;
        bench_drv_submit();
        check(wh_Server_HandleRequestMessage(&pairs[0].server) == WH_ERROR_OK, "serve");
        bench_drv_main();
        check((CsmTest_CallbackCount == i + 1u) && (verdict == CRYPTO_E_VER_OK), "driver job");

        bench_direct_request();
        check(wh_Server_HandleRequestMessage(&direct.server) == WH_ERROR_OK, "serve");
        check(bench_direct_response() == WH_ERROR_OK, "direct verify");
    }
    Crypto_DeInit();
    whTest_PairCleanup(&direct);
    for (i = 0; i < PAIRS; i++) {
        whTest_PairCleanup(&pairs[i]);
    }
    whTest_NvmCleanup(&nvm);
    printf("ops bench_drv_submit %d\n", ROUNDS);
    printf("ops bench_drv_main %d\n", ROUNDS);
    printf("ops bench_direct_request %d\n", ROUNDS);
    printf("ops bench_direct_response %d\n", ROUNDS);
    return 0;
}
