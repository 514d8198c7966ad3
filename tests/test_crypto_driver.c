/*
 * test_crypto_driver.c: the AUTOSAR Crypto Driver (core0_host/autosar/) against the HSM
 * server: three driver objects and the key client, each on its own mailbox, served by one
 * cooperative scheduler thread over one NVM context (as on the HSM core), plus a probe
 * client the test uses to look at the HSM directly. Jobs go through the test stand-ins for
 * Csm and CryIf (tests/autosar/, not product), which record callbacks and DET reports.
 *
 * Results are checked against wolfCrypt's software on the same key material, and CMAC also
 * against RFC 4493's examples. Covered: every implemented service sync and async,
 * streaming, truncated MAC verification in bits, priorities, queue full, busy, cancel of
 * queued and active jobs, invalid keys, read and write access, key copies, KEYSETVALID
 * committing to the HSM's NVM, several objects in flight, a Csm that starts jobs from the
 * callback, the development errors, and the configuration's digest (the HSM contexts of the
 * driver's mailboxes are set up from the generated HSM side, Crypto_HsmCfg.h: client ids,
 * policies, digest). Needs WOLFHSM_CFG_GLOBAL_KEYS (skips otherwise).
 *
 * On the target (WH_TEST_TARGET, both QEMU modes) the same tests against core 1's HSM, with
 * two driver objects and the key client on the board's three mailboxes (see the fixture),
 * but for the HSM that stops answering (the host stops its scheduler thread) and the digest
 * (the test image's HSM has none; the product image's demo shows the refusal).
 */
#ifndef WH_TEST_TARGET
#include <pthread.h>
#include <time.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include "autosar/CsmCryIf_Test.h"
#include "ecdsa_der_vectors.h"
#include "she_vectors.h"
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#ifdef WH_TEST_TARGET
/* On the target (the board has three mailboxes): two driver objects and the key client
 * (tests/autosar/target/crypto_config.json: Obj0 with a queue of 4, Obj1 with a queue of
 * one, which also plays the host configuration's Obj2), served by core 1's test firmware;
 * the probe takes turns with the key client on its mailbox. */
#include "autosar/target/Crypto_Cfg.h"
#include "core0_board.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_rt.h"
#include "target/wh_target_control.h"
#include "target/wh_test_target.h"
#else
#include "autosar/Crypto_Cfg.h"
#include "autosar/Crypto_HsmCfg.h"
#include "port/posix/posix_doorbell.h"
#include "wolfhsm/wh_sched.h"

#define PAIRS (CRYPTO_CFG_OBJECT_COUNT + 2u) /* objects, key client, probe */
#define KEY_PAIR CRYPTO_CFG_OBJECT_COUNT
#define PROBE_PAIR (CRYPTO_CFG_OBJECT_COUNT + 1u)
#endif
#define MAX_CALLS 100000u /* Crypto_MainFunction calls a test waits at most */

#define K_CMAC CryptoConf_CryptoKey_Cmac
#define K_HMAC CryptoConf_CryptoKey_Hmac
#define K_AES CryptoConf_CryptoKey_Aes
#define K_LOCKED CryptoConf_CryptoKey_Locked
#define K_COPY CryptoConf_CryptoKey_CopyTarget
#define K_ECDSA CryptoConf_CryptoKey_Ecdsa
#define K_ED25519 CryptoConf_CryptoKey_Ed25519
#define K_ECDH CryptoConf_CryptoKey_Ecdh
#define K_X25519 CryptoConf_CryptoKey_X25519
#define K_HKDF_SRC CryptoConf_CryptoKey_HkdfSrc
#define K_ECDSA_DER CryptoConf_CryptoKey_EcdsaDer
#define K_COPY_SRC CryptoConf_CryptoKey_CopySrc
#define K_COPY_DST CryptoConf_CryptoKey_CopyDst
#define HSM_COPY_SRC ((uint16_t)(0xCFu | WH_ID_GLOBAL)) /* CopySrc's MAC_KEY */
#define HSM_COPY_DST ((uint16_t)(0xD0u | WH_ID_GLOBAL)) /* CopyDst's MAC_KEY */
#define OBJ0 CryptoConf_CryptoDriverObject_Obj0
#define OBJ1 CryptoConf_CryptoDriverObject_Obj1
#define HSM_ID(n) ((uint16_t)((CRYPTO_CFG_HSM_KEY_FIRST + (n)) | WH_ID_GLOBAL))

#ifdef WH_TEST_TARGET
#define OBJ2 CryptoConf_CryptoDriverObject_Obj1 /* the object with a queue of one */
#define OBJ_FREE OBJ0                           /* an object other than OBJ2 */
#define QUEUE_SIZE_OBJ2 CRYPTO_CFG_QUEUE_SIZE_OBJ1
#define PROBE (&probe)

static whClientContext probe; /* on the key client's mailbox, in turn with it */

static int setup(void** state)
{
    static const uint16_t ids[MPS2_CLIENT_COUNT] = {1, 2, 3};
    int32_t               rc                     = -1;

    (void)state;
    /* a fresh HSM (power-cycled, NVM erased) for every test, as on the host */
    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_RESET, ids, 0, NULL), WH_ERROR_OK);
    assert_int_equal(core0_ClientConfig(&CryptoCfg_ObjectClients[OBJ0], CRYPTO_CFG_MAILBOX_OBJ0,
                                        5000u),
                     WH_ERROR_OK);
    assert_int_equal(core0_ClientConfig(&CryptoCfg_ObjectClients[OBJ1], CRYPTO_CFG_MAILBOX_OBJ1,
                                        5000u),
                     WH_ERROR_OK);
    assert_int_equal(core0_ClientConfig(&CryptoCfg_KeyClient, CRYPTO_CFG_MAILBOX_KEYCLIENT, 5000u),
                     WH_ERROR_OK);
    CsmTest_Reset();
    Crypto_Init(&CryptoCfg_Config);
    assert_int_equal(CsmTest_DetCount, 0);
    assert_int_equal(core0_ClientInit(&probe, CRYPTO_CFG_MAILBOX_KEYCLIENT, 5000u), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnect(&probe, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    return 0;
}

static int teardown(void** state)
{
    (void)state;
    Crypto_DeInit();
    (void)wh_Client_Cleanup(&probe);
    return 0;
}
#else
#define OBJ2 CryptoConf_CryptoDriverObject_Obj2
#define OBJ_FREE OBJ1
#define QUEUE_SIZE_OBJ2 CRYPTO_CFG_QUEUE_SIZE_OBJ2
#define PROBE (&f.pairs[PROBE_PAIR].client)

static const whDoorbellCb bellCb = POSIX_DOORBELL_CB;

static struct {
    whTestNvm        nvm;
    whTestPair       pairs[PAIRS];
    whServerContext* servers[PAIRS];
    posixDoorbell    bell;
    whSched          sched;
    pthread_t        thread;
    atomic_int       stop;
} f;

static void* schedThread(void* arg)
{
    (void)arg;
    (void)posixSched_Run(&f.sched, &f.stop);
    return NULL;
}

/* The HSM side of the configuration on the test's server contexts: each mailbox of the
 * generated client table gets its client id (the test pairs bind mailbox n to client n + 1,
 * as the table does), its policy and the configuration's digest. */
static void applyHsmConfig(void)
{
    uint32_t i;

    for (i = 0; i < CRYPTO_HSMCFG_CLIENT_COUNT; i++) {
        const CryptoHsmCfg_ClientType* c = &CryptoHsmCfg_Clients[i];
        whTestPair*                    p = &f.pairs[c->mailbox];
        assert_true(c->mailbox < PROBE_PAIR);
        assert_int_equal(c->clientId, c->mailbox + 1u);
        assert_int_equal(wh_Server_Cleanup(&p->server), WH_ERROR_OK);
        p->serverConfig.policy       = c->policy;
        p->serverConfig.configDigest = CRYPTO_HSMCFG_DIGEST;
        assert_int_equal(wh_Server_Init(&p->server, &p->serverConfig), WH_ERROR_OK);
    }
}

static int setup(void** state)
{
    whSchedConfig cfg;
    uint32_t      i;
    int32_t       rc = -1;

    (void)state;
    memset(&f, 0, sizeof(f));
    whTest_NvmInit(&f.nvm, 1);
    for (i = 0; i < PAIRS; i++) {
        whTest_PairInitSched(&f.pairs[i], &f.nvm.nvm, (uint16_t)(i + 1), &f.bell, 5000);
        f.servers[i] = &f.pairs[i].server;
        if (i < CRYPTO_CFG_OBJECT_COUNT) {
            CryptoCfg_ObjectClients[i] = f.pairs[i].clientConfig;
        }
        if (i != PROBE_PAIR) { /* the driver inits its own client on this mailbox */
            assert_int_equal(wh_Client_Cleanup(&f.pairs[i].client), WH_ERROR_OK);
        }
    }
    CryptoCfg_KeyClient = f.pairs[KEY_PAIR].clientConfig;
    applyHsmConfig();
    cfg = (whSchedConfig){.servers  = f.servers,
                          .count    = PAIRS,
                          .coreId   = 1,
                          .doorbell = {&bellCb, &f.bell}};
    assert_int_equal(wh_Sched_Init(&f.sched, &cfg), WH_ERROR_OK);
    atomic_store(&f.stop, 0);
    assert_int_equal(pthread_create(&f.thread, NULL, schedThread, NULL), 0);
    assert_int_equal(wh_Client_CommConnect(&f.pairs[PROBE_PAIR].client, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    CsmTest_Reset();
    Crypto_Init(&CryptoCfg_Config);
    assert_int_equal(CsmTest_DetCount, 0);
    return 0;
}

static int teardown(void** state)
{
    uint32_t i;

    (void)state;
    Crypto_DeInit();
    atomic_store(&f.stop, 1);
    posixDoorbell_Ring(&f.bell);
    assert_int_equal(pthread_join(f.thread, NULL), 0);
    for (i = 0; i < PAIRS; i++) {
        whTest_PairCleanup(&f.pairs[i]);
    }
    whTest_NvmCleanup(&f.nvm);
    return 0;
}
#endif /* !WH_TEST_TARGET */

/* ---- keys and jobs ---- */

/* RFC 4493, section 4: the key and the examples of 16 and 40 bytes. */
static const uint8_t rfcKey[16]   = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t rfcMsg[40]   = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d,
                                     0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57,
                                     0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf,
                                     0x8e, 0x51, 0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11};
static const uint8_t rfcMac16[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                     0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
static const uint8_t rfcMac40[16] = {0xdf, 0xa6, 0x67, 0x47, 0xde, 0x9a, 0xe6, 0x30,
                                     0x30, 0xca, 0x32, 0x61, 0x14, 0x97, 0xc8, 0x27};

static uint8_t hmacKey[32];
static uint8_t aesKey[32];
static uint8_t aesIv[16];

static void setKey(uint32 keyId, uint32 elementId, const uint8_t* data, uint32 len)
{
    assert_int_equal(Crypto_KeyElementSet(keyId, elementId, data, len), E_OK);
}

/* The CMAC (RFC 4493 key), HMAC and AES keys, set and valid. */
static void setKeys(void)
{
    whTest_Fill(hmacKey, sizeof(hmacKey), 11);
    whTest_Fill(aesKey, sizeof(aesKey), 12);
    whTest_Fill(aesIv, sizeof(aesIv), 13);
    setKey(K_CMAC, CRYPTO_KE_MAC_KEY, rfcKey, sizeof(rfcKey));
    assert_int_equal(Crypto_KeySetValid(K_CMAC), E_OK);
    setKey(K_HMAC, CRYPTO_KE_MAC_KEY, hmacKey, sizeof(hmacKey));
    assert_int_equal(Crypto_KeySetValid(K_HMAC), E_OK);
    setKey(K_AES, CRYPTO_KE_CIPHER_KEY, aesKey, sizeof(aesKey));
    setKey(K_AES, CRYPTO_KE_CIPHER_IV, aesIv, sizeof(aesIv));
    assert_int_equal(Crypto_KeySetValid(K_AES), E_OK);
}

/* A job with its constant parts. */
typedef struct {
    Crypto_JobType              job;
    Crypto_JobInfoType          info;
    Crypto_JobPrimitiveInfoType pinfo;
    Crypto_PrimitiveInfoType    prim;
    uint32                      outLen;
    uint32                      out2Len;
    Crypto_VerifyResultType     verify;
} tjob;

static void jobInit(tjob* t, uint32 jobId, Crypto_ServiceInfoType service,
                    Crypto_AlgorithmFamilyType family, Crypto_AlgorithmModeType mode, uint32 keyId,
                    Crypto_ProcessingType processing, uint32 priority)
{
    memset(t, 0, sizeof(*t));
    t->prim.service                     = service;
    t->prim.algorithm.family            = family;
    t->prim.algorithm.mode              = mode;
    t->pinfo.primitiveInfo              = &t->prim;
    t->pinfo.cryIfKeyId                 = keyId;
    t->pinfo.processingType             = processing;
    t->info.jobId                       = jobId;
    t->info.jobPriority                 = priority;
    t->job.jobId                        = jobId;
    t->job.jobInfo                      = &t->info;
    t->job.jobPrimitiveInfo             = &t->pinfo;
    t->job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
    t->verify                           = (Crypto_VerifyResultType)0x55; /* neither verdict */
}

static void jobIo(tjob* t, const uint8_t* in, uint32 inLen, uint8_t* out, uint32 outLen)
{
    Crypto_JobPrimitiveInputOutputType* io = &t->job.jobPrimitiveInputOutput;
    io->inputPtr                           = in;
    io->inputLength                        = inLen;
    io->outputPtr                          = out;
    t->outLen                              = outLen;
    io->outputLengthPtr                    = &t->outLen;
    io->verifyPtr                          = &t->verify;
}

/* MAC verify: data and the MAC with its length in bits. */
static void jobVerify(tjob* t, const uint8_t* in, uint32 inLen, const uint8_t* mac, uint32 bits)
{
    jobIo(t, in, inLen, NULL, 0);
    t->job.jobPrimitiveInputOutput.outputLengthPtr      = NULL;
    t->job.jobPrimitiveInputOutput.secondaryInputPtr    = mac;
    t->job.jobPrimitiveInputOutput.secondaryInputLength = bits;
}

static Std_ReturnType run(uint32 objectId, tjob* t)
{
    return CsmTest_ProcessJob(objectId, &t->job);
}

/* Submit an async job and wait for its callback: its result. */
static Std_ReturnType runAsync(uint32 objectId, tjob* t)
{
    uint32 before = CsmTest_CallbackCount;

    t->pinfo.processingType = CRYPTO_PROCESSING_ASYNC;
    assert_int_equal(run(objectId, t), E_OK);
    assert_true(CsmTest_RunUntil(before + 1u, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, before + 1u);
    assert_ptr_equal(CsmTest_Callbacks[before].job, &t->job);
    return CsmTest_Callbacks[before].result;
}

/* ---- oracles ---- */

static void refHmac(int type, const uint8_t* data, uint32_t len, uint8_t* out)
{
    Hmac h;
    assert_int_equal(wc_HmacInit(&h, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_HmacSetKey(&h, type, hmacKey, sizeof(hmacKey)), 0);
    assert_int_equal(wc_HmacUpdate(&h, data, len), 0);
    assert_int_equal(wc_HmacFinal(&h, out), 0);
    wc_HmacFree(&h);
}

static void refCmac(const uint8_t* data, uint32_t len, uint8_t* out)
{
    word32 outLen = 16;
    assert_int_equal(wc_AesCmacGenerate(out, &outLen, data, len, rfcKey, sizeof(rfcKey)), 0);
}

static void refAes(Crypto_AlgorithmModeType mode, int enc, const uint8_t* in, uint32_t len,
                   uint8_t* out)
{
    Aes aes;
    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    if (mode == CRYPTO_ALGOMODE_CTR) {
        assert_int_equal(wc_AesSetKeyDirect(&aes, aesKey, sizeof(aesKey), aesIv, AES_ENCRYPTION),
                         0);
        assert_int_equal(wc_AesCtrEncrypt(&aes, out, in, len), 0);
    }
    else {
        assert_int_equal(wc_AesSetKey(&aes, aesKey, sizeof(aesKey),
                                      (mode == CRYPTO_ALGOMODE_CBC) ? aesIv : NULL,
                                      enc ? AES_ENCRYPTION : AES_DECRYPTION),
                         0);
        if (mode == CRYPTO_ALGOMODE_CBC) {
            assert_int_equal(enc ? wc_AesCbcEncrypt(&aes, out, in, len)
                                 : wc_AesCbcDecrypt(&aes, out, in, len),
                             0);
        }
        else {
            assert_int_equal(enc ? wc_AesEcbEncrypt(&aes, out, in, len)
                                 : wc_AesEcbDecrypt(&aes, out, in, len),
                             0);
        }
    }
    wc_AesFree(&aes);
}

/* ---- MACs ---- */

static void test_cmac_rfc4493(void** state)
{
    tjob    t;
    uint8_t mac[16];

    (void)state;
    setKeys();
    jobInit(&t, 1, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 16);
    assert_memory_equal(mac, rfcMac16, 16);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);

    jobIo(&t, rfcMsg, 40, mac, sizeof(mac));
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_memory_equal(mac, rfcMac40, 16);

    /* a shorter output buffer takes the truncated MAC */
    memset(mac, 0xEE, sizeof(mac));
    jobIo(&t, rfcMsg, 40, mac, 4);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 4);
    assert_memory_equal(mac, rfcMac40, 4);
    assert_true(whTest_AllEqual(&mac[4], 12, 0xEE));
    assert_int_equal(CsmTest_DetCount, 0);
}

/* The MAC fast path: a single-call AES-CMAC of up to WH_CRYPTO_MAC_MAX_MSG bytes with a tag of
 * 32 bits or more is one MAC_GENERATE / MAC_VERIFY request (the object's state says so while
 * it is in flight); other CMAC jobs take the general path. Both give the reference MAC. */
static void test_cmac_fast_path(void** state)
{
    static uint8_t                long1[WH_CRYPTO_MAC_MAX_MSG + 1u];
    const Crypto_ObjectStateType* ws = CryptoCfg_Config.objects[OBJ0].state;
    tjob                          t;
    tjob                          q;
    uint8_t                       mac[16];
    uint8_t                       ref[16];
    uint32                        before;

    (void)state;
    setKeys();
    whTest_Fill(long1, sizeof(long1), 21);

    /* async verify of 16 bytes with the whole tag: on the fast path */
    jobInit(&t, 30, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobVerify(&t, rfcMsg, 16, rfcMac16, 128);
    before = CsmTest_CallbackCount;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(ws->fast, 1);
    assert_true(CsmTest_RunUntil(before + 1u, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_Callbacks[before].result, E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(ws->fast, 0);

    /* a wrong bit in the 32 that count: a verdict, not an error */
    memcpy(mac, rfcMac40, sizeof(mac));
    mac[3] ^= 0x01u;
    jobVerify(&t, rfcMsg, 40, mac, 32);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    mac[3] ^= 0x01u;
    mac[4] ^= 0x01u; /* past the 32 bits: ignored */
    jobVerify(&t, rfcMsg, 40, mac, 32);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);

    /* a 24-bit tag is below the HSM's default minimum: the general path checks it */
    jobVerify(&t, rfcMsg, 40, rfcMac40, 24);
    t.pinfo.processingType = CRYPTO_PROCESSING_ASYNC;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(ws->fast, 0);
    assert_true(CsmTest_RunUntil(CsmTest_CallbackCount + 1u, MAX_CALLS) >= 0);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);

    /* sync generate, truncated to a 4-byte buffer and whole */
    jobInit(&t, 31, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    memset(mac, 0xEE, sizeof(mac));
    jobIo(&t, rfcMsg, 40, mac, 4);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.outLen, 4);
    assert_memory_equal(mac, rfcMac40, 4);
    assert_true(whTest_AllEqual(&mac[4], 12, 0xEE));
    jobIo(&t, rfcMsg, 16, mac, sizeof(mac));
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.outLen, 16);
    assert_memory_equal(mac, rfcMac16, 16);

    /* the longest message on the fast path, and one byte more on the general path */
    refCmac(long1, WH_CRYPTO_MAC_MAX_MSG, ref);
    jobIo(&t, long1, WH_CRYPTO_MAC_MAX_MSG, mac, sizeof(mac));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_memory_equal(mac, ref, 16);
    refCmac(long1, sizeof(long1), ref);
    jobIo(&t, long1, sizeof(long1), mac, sizeof(mac));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_memory_equal(mac, ref, 16);

    /* a queued job goes on the fast path when it is dequeued */
    jobInit(&t, 32, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, rfcMsg, 40, mac, sizeof(mac));
    jobInit(&q, 33, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobVerify(&q, rfcMsg, 16, rfcMac16, 64);
    before = CsmTest_CallbackCount;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(run(OBJ0, &q), E_OK);
    assert_int_equal(ws->queueCount, 1);
    assert_true(CsmTest_RunUntil(before + 2u, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_Callbacks[before].result, E_OK);
    assert_int_equal(CsmTest_Callbacks[before + 1u].result, E_OK);
    assert_memory_equal(mac, rfcMac40, 16);
    assert_int_equal(q.verify, CRYPTO_E_VER_OK);

    /* cancelled in flight: no callback, and the next fast job gets its own answer */
    jobVerify(&q, rfcMsg, 16, rfcMac16, 128);
    before = CsmTest_CallbackCount;
    assert_int_equal(run(OBJ0, &q), E_OK);
    assert_int_equal(ws->fast, 1);
    assert_int_equal(Crypto_CancelJob(OBJ0, &q.job), E_OK);
    assert_int_equal(q.job.jobState, CRYPTO_JOBSTATE_IDLE);
    memcpy(mac, rfcMac16, sizeof(mac));
    mac[0] ^= 0x80u;
    jobVerify(&q, rfcMsg, 16, mac, 128);
    q.verify               = (Crypto_VerifyResultType)0x55;
    q.pinfo.processingType = CRYPTO_PROCESSING_SYNC; /* waits for the dropped answer first */
    assert_int_equal(run(OBJ0, &q), E_OK);
    assert_int_equal(q.verify, CRYPTO_E_VER_NOT_OK);
    assert_int_equal(CsmTest_CallbackCount, before);

    /* an invalid key: the general path reports it */
    jobInit(&t, 34, CRYPTO_KEYSETINVALID, CRYPTO_ALGOFAM_CUSTOM, CRYPTO_ALGOMODE_ECB, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    assert_int_equal(run(OBJ2, &t), E_OK);
    jobVerify(&q, rfcMsg, 16, rfcMac16, 128);
    assert_int_equal(run(OBJ0, &q), CRYPTO_E_KEY_NOT_VALID);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- SHE keys as key elements ---- */

/* M1 || M2 || M3 of one of the vectors. */
static void sheM123(uint8_t* out, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3)
{
    memcpy(out, m1, 16);
    memcpy(&out[16], m2, 32);
    memcpy(&out[48], m3, 16);
}

/* The proof element of a SHE key holds M4 || M5. */
static void assertProof(uint32 keyId, uint32 elementId, const uint8_t* m4, const uint8_t* m5)
{
    uint8_t buf[64];
    uint32  len = sizeof(buf);

    assert_int_equal(Crypto_KeyElementGet(keyId, elementId, buf, &len), E_OK);
    assert_int_equal(len, 48);
    assert_memory_equal(buf, m4, 32);
    assert_memory_equal(&buf[32], m5, 16);
}

/* SHE slots as driver keys: LOAD_KEY through the proof element with the SHE specification's
 * worked example and the other vectors of tests/she_vectors.py, then MAC and cipher jobs that
 * run the SHE commands on the slot. */
static void test_she_keys(void** state)
{
    const uint32 kMaster = CryptoConf_CryptoKey_SheMaster;
    const uint32 kKey1   = CryptoConf_CryptoKey_SheKey1;
    const uint32 kKey2   = CryptoConf_CryptoKey_SheKey2;
    uint8_t      m123[64];
    uint8_t      out[48];
    uint8_t      mac[16];
    tjob         t;

    (void)state;
    /* a job before the key is loaded and made valid */
    jobInit(&t, 40, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, kKey2,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, v_msg, 40, mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);
    /* made valid with its slot still empty: the SHE says so */
    assert_int_equal(Crypto_KeySetValid(kKey2), E_OK);
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_EMPTY);

    /* MASTER_ECU_KEY into the empty slot, then KEY_1 (the worked example) and KEY_2 */
    sheM123(m123, v_master_m1, v_master_m2, v_master_m3);
    assert_int_equal(Crypto_KeyElementSet(kMaster, CRYPTO_KE_MAC_PROOF, m123, 64), E_OK);
    assertProof(kMaster, CRYPTO_KE_MAC_PROOF, v_master_m4, v_master_m5);

    sheM123(m123, v_example_m1, v_example_m2, v_example_m3);
    assert_int_equal(Crypto_KeyElementSet(kKey1, CRYPTO_KE_CIPHER_PROOF, m123, 63),
                     CRYPTO_E_KEY_SIZE_MISMATCH);
    /* M1 names KEY_1: refused on KEY_2's element, nothing sent */
    assert_int_equal(Crypto_KeyElementSet(kKey2, CRYPTO_KE_MAC_PROOF, m123, 64),
                     CRYPTO_E_KEY_WRITE_FAIL);
    assert_int_equal(Crypto_KeyElementSet(kKey1, CRYPTO_KE_CIPHER_PROOF, m123, 64), E_OK);
    assertProof(kKey1, CRYPTO_KE_CIPHER_PROOF, v_example_m4, v_example_m5);
    /* the same update again: its counter is not newer, the SHE refuses; the proof stays */
    assert_int_equal(Crypto_KeyElementSet(kKey1, CRYPTO_KE_CIPHER_PROOF, m123, 64),
                     CRYPTO_E_KEY_WRITE_FAIL);
    assertProof(kKey1, CRYPTO_KE_CIPHER_PROOF, v_example_m4, v_example_m5);
    setKey(kKey1, CRYPTO_KE_CIPHER_IV, v_iv, 16);

    sheM123(m123, v_mac_m1, v_mac_m2, v_mac_m3);
    m123[63] ^= 0x01u; /* a wrong M3 */
    assert_int_equal(Crypto_KeyElementSet(kKey2, CRYPTO_KE_MAC_PROOF, m123, 64),
                     CRYPTO_E_KEY_WRITE_FAIL);
    m123[63] ^= 0x01u;
    assert_int_equal(Crypto_KeyElementSet(kKey2, CRYPTO_KE_MAC_PROOF, m123, 64), E_OK);
    assertProof(kKey2, CRYPTO_KE_MAC_PROOF, v_mac_m4, v_mac_m5);

    /* loaded but not yet valid */
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);
    assert_int_equal(Crypto_KeySetValid(kKey1), E_OK);
    assert_int_equal(Crypto_KeySetValid(kKey2), E_OK);

    /* GENERATE_MAC over the 320 bits of the message; truncated to a 4-byte buffer */
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 16);
    assert_memory_equal(mac, v_mac_320, 16);
    memset(mac, 0xEE, sizeof(mac));
    jobIo(&t, v_msg, 40, mac, 4);
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.outLen, 4);
    assert_memory_equal(mac, v_mac_320, 4);
    assert_true(whTest_AllEqual(&mac[4], 12, 0xEE));

    /* VERIFY_MAC on the first 128, 32 and 24 bits; a wrong bit that counts */
    jobInit(&t, 41, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, kKey2,
            CRYPTO_PROCESSING_SYNC, 0);
    memcpy(mac, v_mac_320, 16);
    jobVerify(&t, v_msg, 40, mac, 128);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    mac[3] ^= 0x01u;
    jobVerify(&t, v_msg, 40, mac, 24);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    jobVerify(&t, v_msg, 40, mac, 32);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    jobVerify(&t, v_msg, 40, mac, 129);
    t.pinfo.processingType = CRYPTO_PROCESSING_SYNC;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    /* one call only: the SHE takes the whole message */
    jobVerify(&t, v_msg, 40, v_mac_320, 128);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);

    /* ENC/DEC ECB and CBC with KEY_1 (the worked example's key) */
    jobInit(&t, 42, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_ECB, kKey1,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, v_pt, 48, out, sizeof(out));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 48);
    assert_memory_equal(out, v_ecb_key1, 48);
    jobInit(&t, 43, CRYPTO_DECRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, kKey1,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, v_cbc_key1, 48, out, sizeof(out));
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    assert_int_equal(t.outLen, 48);
    assert_memory_equal(out, v_pt, 48);
    jobInit(&t, 44, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, kKey1,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, v_pt, 48, out, sizeof(out));
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_memory_equal(out, v_cbc_key1, 48);
    jobIo(&t, v_pt, 47, out, sizeof(out)); /* not whole blocks */
    assert_int_equal(run(OBJ1, &t), E_NOT_OK);
    jobIo(&t, v_pt, 48, out, 32);
    assert_int_equal(run(OBJ1, &t), CRYPTO_E_SMALL_BUFFER);
    /* CTR is not a SHE mode; KEY_1 is not a MAC key (the SHE refuses it) */
    jobInit(&t, 45, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CTR, kKey1,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, v_pt, 48, out, sizeof(out));
    assert_int_equal(run(OBJ1, &t), E_NOT_OK);
    jobInit(&t, 46, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, kKey1,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, v_msg, 40, mac, sizeof(mac));
    assert_int_equal(run(OBJ1, &t), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* MAC verify: the length is in bits; truncated MACs (24, 28, 32 bits as SecOC uses them,
 * and the full 128); a mismatch is a verdict (E_OK, CRYPTO_E_VER_NOT_OK), not an error. */
static void test_cmac_verify_bits(void** state)
{
    static const uint32 bits[] = {24, 28, 32, 64, 100, 128};
    tjob                t;
    uint8_t             mac[16];
    size_t              i;

    (void)state;
    setKeys();
    jobInit(&t, 2, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        uint32 b = bits[i];

        memcpy(mac, rfcMac40, sizeof(mac));
        jobVerify(&t, rfcMsg, 40, mac, b);
        assert_int_equal(run(OBJ0, &t), E_OK);
        assert_int_equal(t.verify, CRYPTO_E_VER_OK);

        /* the last bit that counts is wrong */
        mac[(b - 1u) / 8u] ^= (uint8_t)(0x80u >> ((b - 1u) % 8u));
        jobVerify(&t, rfcMsg, 40, mac, b);
        assert_int_equal(run(OBJ0, &t), E_OK);
        assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
        mac[(b - 1u) / 8u] ^= (uint8_t)(0x80u >> ((b - 1u) % 8u));

        if (b < 128u) { /* the bits after the MAC's length do not count */
            mac[b / 8u] ^= (uint8_t)(0x80u >> (b % 8u));
            jobVerify(&t, rfcMsg, 40, mac, b);
            assert_int_equal(run(OBJ1, &t), E_OK);
            assert_int_equal(t.verify, CRYPTO_E_VER_OK);
        }
    }
    /* the data changed: not OK */
    memcpy(mac, rfcMac40, sizeof(mac));
    jobVerify(&t, rfcMsg, 39, mac, 128);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    /* longer than the MAC: the job fails */
    jobVerify(&t, rfcMsg, 40, mac, 129);
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void test_hmac_and_hash(void** state)
{
    static uint8_t      data[5000]; /* longer than one message: the HSM's stream */
    static const uint32 lens[] = {1, 64, 3000, 5000};
    tjob                t;
    uint8_t             out[64];
    uint8_t             ref[64];
    size_t              i;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 21);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        jobInit(&t, 3, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
                CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&t, data, lens[i], out, sizeof(out));
        assert_int_equal(run(OBJ0, &t), E_OK);
        assert_int_equal(t.outLen, 32);
        refHmac(WC_SHA256, data, lens[i], ref);
        assert_memory_equal(out, ref, 32);

        t.prim.algorithm.family = CRYPTO_ALGOFAM_SHA2_384;
        jobIo(&t, data, lens[i], out, sizeof(out));
        assert_int_equal(run(OBJ1, &t), E_OK);
        assert_int_equal(t.outLen, 48);
        refHmac(WC_SHA384, data, lens[i], ref);
        assert_memory_equal(out, ref, 48);

        jobInit(&t, 4, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_SHA2_384, CRYPTO_ALGOMODE_HMAC, K_HMAC,
                CRYPTO_PROCESSING_SYNC, 0);
        jobVerify(&t, data, lens[i], ref, 384);
        assert_int_equal(run(OBJ2, &t), E_OK);
        assert_int_equal(t.verify, CRYPTO_E_VER_OK);

        jobInit(&t, 5, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_ECB, 0,
                CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&t, data, lens[i], out, sizeof(out));
        assert_int_equal(run(OBJ0, &t), E_OK);
        assert_int_equal(t.outLen, 32);
        assert_int_equal(wc_Sha256Hash(data, lens[i], ref), 0);
        assert_memory_equal(out, ref, 32);

        t.prim.algorithm.family = CRYPTO_ALGOFAM_SHA2_384;
        jobIo(&t, data, lens[i], out, sizeof(out));
        assert_int_equal(run(OBJ1, &t), E_OK);
        assert_int_equal(t.outLen, 48);
        assert_int_equal(wc_Sha384Hash(data, lens[i], ref), 0);
        assert_memory_equal(out, ref, 48);

        t.prim.algorithm.family = CRYPTO_ALGOFAM_SHA2_512;
        jobIo(&t, data, lens[i], out, sizeof(out));
        assert_int_equal(run(OBJ2, &t), E_OK);
        assert_int_equal(t.outLen, 64);
        assert_int_equal(wc_Sha512Hash(data, lens[i], ref), 0);
        assert_memory_equal(out, ref, 64);
    }
    /* an algorithm the HSM does not have: the job fails */
    jobInit(&t, 6, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_512, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, data, 10, out, sizeof(out));
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
}

/* START, UPDATE..., FINISH: the same MAC as one call; UPDATE without START fails. */
static void test_streaming(void** state)
{
    static uint8_t      data[7000];
    tjob                t;
    uint8_t             out[64];
    uint8_t             ref[64];
    static const uint32 parts[] = {1, 4000, 2999};
    uint32              off     = 0;
    size_t              i;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 31);
    jobInit(&t, 7, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    /* UPDATE of a job that never started */
    jobIo(&t, data, 10, out, sizeof(out));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);

    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_START;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_ACTIVE);
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        jobIo(&t, &data[off], parts[i], out, sizeof(out));
        t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
        assert_int_equal(run(OBJ0, &t), E_OK);
        off += parts[i];
    }
    jobIo(&t, NULL, 0, out, sizeof(out));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    refHmac(WC_SHA256, data, sizeof(data), ref);
    assert_int_equal(t.outLen, 32);
    assert_memory_equal(out, ref, 32);

    /* async: a callback after each call; START+UPDATE, then UPDATE+FINISH of a verify */
    jobInit(&t, 8, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobVerify(&t, rfcMsg, 17, rfcMac40, 28);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_ACTIVE);
    jobVerify(&t, &rfcMsg[17], 23, rfcMac40, 28);
    t.job.jobPrimitiveInputOutput.mode = (Crypto_OperationModeType)(CRYPTO_OPERATIONMODE_UPDATE |
                                                                    CRYPTO_OPERATIONMODE_FINISH);
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);

    /* a streamed hash: START again restarts it */
    jobInit(&t, 9, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_512, CRYPTO_ALGOMODE_ECB, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, data, 100, out, sizeof(out));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ2, &t), E_OK);
    jobIo(&t, &data[100], 50, out, sizeof(out));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ2, &t), E_OK);
    jobIo(&t, NULL, 0, out, sizeof(out));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(run(OBJ2, &t), E_OK);
    assert_int_equal(wc_Sha512Hash(&data[100], 50, ref), 0);
    assert_memory_equal(out, ref, 64);

    /* START then FINISH: the hash of nothing (FIPS 180-4's SHA-256 of the empty string) */
    {
        static const uint8_t empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
                                          0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
                                          0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
                                          0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
        t.prim.algorithm.family        = CRYPTO_ALGOFAM_SHA2_256;
        jobIo(&t, NULL, 0, out, sizeof(out));
        t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_START;
        assert_int_equal(run(OBJ2, &t), E_OK);
        t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
        assert_int_equal(run(OBJ2, &t), E_OK);
        assert_int_equal(t.outLen, 32);
        assert_memory_equal(out, empty, 32);
    }
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- AES ---- */

static void test_aes_modes(void** state)
{
    static uint8_t                        pt[4100];
    static uint8_t                        ct[4100];
    static uint8_t                        back[4100];
    static uint8_t                        ref[4100];
    static const Crypto_AlgorithmModeType modes[] = {CRYPTO_ALGOMODE_ECB, CRYPTO_ALGOMODE_CBC,
                                                     CRYPTO_ALGOMODE_CTR};
    static const uint32                   lens[]  = {16, 4096};
    tjob                                  t;
    size_t                                m, l;

    (void)state;
    setKeys();
    whTest_Fill(pt, sizeof(pt), 41);
    for (m = 0; m < 3; m++) {
        for (l = 0; l < 2; l++) {
            uint32 len = lens[l];
            jobInit(&t, 10, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, modes[m], K_AES,
                    CRYPTO_PROCESSING_SYNC, 0);
            jobIo(&t, pt, len, ct, sizeof(ct));
            assert_int_equal(run(OBJ0, &t), E_OK);
            assert_int_equal(t.outLen, len);
            refAes(modes[m], 1, pt, len, ref);
            assert_memory_equal(ct, ref, len);

            jobInit(&t, 11, CRYPTO_DECRYPT, CRYPTO_ALGOFAM_AES, modes[m], K_AES,
                    CRYPTO_PROCESSING_SYNC, 0);
            jobIo(&t, ct, len, back, sizeof(back));
            assert_int_equal(run(OBJ1, &t), E_OK);
            assert_int_equal(t.outLen, len);
            assert_memory_equal(back, pt, len);
        }
    }
    /* CTR: a partial last block */
    jobInit(&t, 12, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CTR, K_AES,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, pt, 4100, ct, sizeof(ct));
    assert_int_equal(run(OBJ2, &t), E_OK);
    refAes(CRYPTO_ALGOMODE_CTR, 1, pt, 4100, ref);
    assert_memory_equal(ct, ref, 4100);

    /* CBC streamed: START, two UPDATEs, FINISH give the one-call ciphertext */
    jobInit(&t, 13, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, K_AES,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, pt, 32, ct, sizeof(ct));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 32);
    jobIo(&t, &pt[32], 64, &ct[32], sizeof(ct) - 32);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 64);
    jobIo(&t, NULL, 0, &ct[96], sizeof(ct) - 96);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(run(OBJ0, &t), E_OK);
    refAes(CRYPTO_ALGOMODE_CBC, 1, pt, 96, ref);
    assert_memory_equal(ct, ref, 96);

    /* UPDATEs of any length: whole blocks come out, the rest waits for the next call (CBC
     * 5 + 20 + 39 bytes: 0, 16, 48 out; CTR 7 + 30 + 3 bytes: 0, 32, 0 out, FINISH the last 8) */
    {
        static const uint32                   cbcParts[] = {5, 20, 39, 0};
        static const uint32                   cbcOut[]   = {0, 16, 48, 0};
        static const uint32                   ctrParts[] = {7, 30, 3, 0};
        static const uint32                   ctrOut[]   = {0, 32, 0, 8};
        static const Crypto_AlgorithmModeType smodes[] = {CRYPTO_ALGOMODE_CBC, CRYPTO_ALGOMODE_CTR};
        size_t                                s2, k;

        for (s2 = 0; s2 < 2; s2++) {
            const uint32* parts = (s2 == 0) ? cbcParts : ctrParts;
            const uint32* outs  = (s2 == 0) ? cbcOut : ctrOut;
            uint32        in = 0, out = 0;
            jobInit(&t, 16, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, smodes[s2], K_AES,
                    CRYPTO_PROCESSING_SYNC, 0);
            memset(ct, 0, sizeof(ct));
            for (k = 0; k < 4; k++) {
                jobIo(&t, (parts[k] != 0u) ? &pt[in] : NULL, parts[k], &ct[out], sizeof(ct) - out);
                t.job.jobPrimitiveInputOutput.mode = (k == 0)   ? CRYPTO_OPERATIONMODE_STREAMSTART
                                                     : (k == 3) ? CRYPTO_OPERATIONMODE_FINISH
                                                                : CRYPTO_OPERATIONMODE_UPDATE;
                assert_int_equal(run(OBJ1, &t), E_OK);
                assert_int_equal(t.outLen, outs[k]);
                in += parts[k];
                out += t.outLen;
            }
            assert_int_equal(out, in);
            refAes(smodes[s2], 1, pt, in, ref);
            assert_memory_equal(ct, ref, in);
        }
        /* CBC: a FINISH with bytes held back (no padding) fails */
        jobInit(&t, 17, CRYPTO_DECRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, K_AES,
                CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&t, ct, 20, back, sizeof(back));
        t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
        assert_int_equal(run(OBJ1, &t), E_OK);
        assert_int_equal(t.outLen, 16);
        jobIo(&t, NULL, 0, back, sizeof(back));
        t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
        assert_int_equal(run(OBJ1, &t), E_NOT_OK);
        assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    }

    /* no padding: ECB and CBC take whole blocks; a small output buffer is refused */
    jobInit(&t, 14, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_ECB, K_AES,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, pt, 17, ct, sizeof(ct));
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    jobIo(&t, pt, 32, ct, 16);
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_SMALL_BUFFER);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void gcmJob(tjob* t, Crypto_ServiceInfoType s, const uint8_t* in, uint32 len,
                   const uint8_t* aad, uint32 aadLen, uint8_t* out, uint8_t* tag, uint32 tagLen)
{
    Crypto_JobPrimitiveInputOutputType* io;

    jobInit(t, 15, s, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_GCM, K_AES, CRYPTO_PROCESSING_SYNC, 0);
    jobIo(t, in, len, out, len);
    io                       = &t->job.jobPrimitiveInputOutput;
    io->secondaryInputPtr    = aad;
    io->secondaryInputLength = aadLen;
    if (s == CRYPTO_AEADENCRYPT) {
        io->secondaryOutputPtr       = tag;
        t->out2Len                   = tagLen;
        io->secondaryOutputLengthPtr = &t->out2Len;
    }
    else {
        io->tertiaryInputPtr    = tag;
        io->tertiaryInputLength = tagLen;
    }
}

/* wolfCrypt's AES-GCM with the test key and the 12-byte nonce aesIv: ciphertext, 16-byte tag. */
static void refGcm(const uint8_t* pt, uint32_t len, const uint8_t* aad, uint32_t aadLen,
                   uint8_t* out_ct, uint8_t* out_tag)
{
    Aes aes;

    assert_int_equal(wc_AesInit(&aes, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_AesGcmSetKey(&aes, aesKey, sizeof(aesKey)), 0);
    assert_int_equal(wc_AesGcmEncrypt(&aes, out_ct, pt, len, aesIv, 12, out_tag, 16, aad, aadLen),
                     0);
    wc_AesFree(&aes);
}

static void test_gcm(void** state)
{
    uint8_t pt[100], aad[20], ct[100], back[100], tag[16], refCt[100], refTag[16];
    tjob    t;

    (void)state;
    setKeys();
    whTest_Fill(pt, sizeof(pt), 51);
    whTest_Fill(aad, sizeof(aad), 52);
    /* GCM takes a 12-byte nonce from the IV element */
    setKey(K_AES, CRYPTO_KE_CIPHER_IV, aesIv, 12);
    assert_int_equal(Crypto_KeySetValid(K_AES), E_OK);

    gcmJob(&t, CRYPTO_AEADENCRYPT, pt, sizeof(pt), aad, sizeof(aad), ct, tag, 16);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, sizeof(pt));
    assert_int_equal(t.out2Len, 16);
    refGcm(pt, sizeof(pt), aad, sizeof(aad), refCt, refTag);
    assert_memory_equal(ct, refCt, sizeof(ct));
    assert_memory_equal(tag, refTag, 16);

    gcmJob(&t, CRYPTO_AEADDECRYPT, ct, sizeof(ct), aad, sizeof(aad), back, tag, 16);
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    assert_memory_equal(back, pt, sizeof(pt));

    /* a wrong tag: a verdict, and no plaintext */
    tag[0] ^= 1u;
    memset(back, 0xEE, sizeof(back));
    gcmJob(&t, CRYPTO_AEADDECRYPT, ct, sizeof(ct), aad, sizeof(aad), back, tag, 16);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    assert_true(whTest_AllEqual(back, sizeof(back), 0xEE));

    /* Encryption streamed: START; UPDATE with all the AAD and some data; UPDATE; FINISH */
    memset(ct, 0, sizeof(ct));
    gcmJob(&t, CRYPTO_AEADENCRYPT, NULL, 0, aad, sizeof(aad), ct, tag, 16);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_START;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_ACTIVE);
    jobIo(&t, pt, 37, ct, sizeof(ct));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 37);
    jobIo(&t, &pt[37], sizeof(pt) - 37, &ct[37], sizeof(ct) - 37);
    t.job.jobPrimitiveInputOutput.secondaryInputLength = 0; /* the AAD came with the first */
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, sizeof(pt) - 37);
    t.pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    t.out2Len                          = 12; /* a 96-bit tag */
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(t.out2Len, 12);
    assert_memory_equal(ct, refCt, sizeof(ct));
    assert_memory_equal(tag, refTag, 12); /* a GCM tag truncated is its prefix */

    /* AAD after the stream began is refused; the job ends, nothing half done */
    gcmJob(&t, CRYPTO_AEADENCRYPT, pt, 16, aad, sizeof(aad), ct, tag, 16);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ0, &t), E_OK);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);

    /* Decryption is one call: no plaintext leaves the HSM before its tag is checked */
    gcmJob(&t, CRYPTO_AEADDECRYPT, ct, sizeof(ct), aad, sizeof(aad), back, tag, 16);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* A single-call GCM encryption longer than one message goes through the HSM's stream; a
 * decryption that long is refused (one message: the tag is checked before any plaintext). */
static void test_gcm_long(void** state)
{
    static uint8_t pt[3 * WOLFHSM_CFG_COMM_DATA_LEN + 5];
    static uint8_t ct[sizeof(pt)];
    static uint8_t refCt[sizeof(pt)];
    uint8_t        aad[40], tag[16], refTag[16];
    tjob           t;

    (void)state;
    setKeys();
    whTest_Fill(pt, sizeof(pt), 53);
    whTest_Fill(aad, sizeof(aad), 54);
    setKey(K_AES, CRYPTO_KE_CIPHER_IV, aesIv, 12);
    assert_int_equal(Crypto_KeySetValid(K_AES), E_OK);

    gcmJob(&t, CRYPTO_AEADENCRYPT, pt, sizeof(pt), aad, sizeof(aad), ct, tag, 16);
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    assert_int_equal(t.outLen, sizeof(pt));
    assert_int_equal(t.out2Len, 16);
    refGcm(pt, sizeof(pt), aad, sizeof(aad), refCt, refTag);
    assert_memory_equal(ct, refCt, sizeof(ct));
    assert_memory_equal(tag, refTag, 16);

    gcmJob(&t, CRYPTO_AEADDECRYPT, ct, sizeof(ct), aad, sizeof(aad), pt, tag, 16);
    assert_int_equal(run(OBJ2, &t), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void test_random(void** state)
{
    uint8_t a[5000];
    uint8_t b[5000];
    tjob    t;

    (void)state;
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    jobInit(&t, 16, CRYPTO_RANDOMGENERATE, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, a, sizeof(a)); /* more than one message holds */
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, sizeof(a));
    jobIo(&t, NULL, 0, b, sizeof(b));
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.outLen, sizeof(b));
    assert_memory_not_equal(a, b, sizeof(a));
    assert_false(whTest_AllEqual(&a[sizeof(a) - 32], 32, 0));
    assert_false(whTest_AllEqual(&b[sizeof(b) - 32], 32, 0));
}

/* RANDOMSEED jobs and Crypto_RandomSeed: the seed reaches the HSM (one request per
 * WH_CRYPTO_RNG_SEED_MAX bytes, on the object's or the key client's mailbox), and the DRBGs
 * go on giving random bytes. */
static uint32_t requestsOf(uint32_t mailbox)
{
#ifdef WH_TEST_TARGET
    uint32_t out[3] = {0};
    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_STATS, NULL, mailbox, out), WH_ERROR_OK);
    return out[0];
#else
    return f.pairs[mailbox].server.comm.stats.requests;
#endif
}

static void test_random_seed(void** state)
{
    uint8_t  seed[2 * WH_CRYPTO_RNG_SEED_MAX + 44];
    uint8_t  out[32];
    uint32_t before;
    tjob     t;

    (void)state;
    whTest_Fill(seed, sizeof(seed), 5);
    jobInit(&t, 30, CRYPTO_RANDOMSEED, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, seed, sizeof(seed), NULL, 0);
    before = requestsOf(CRYPTO_CFG_MAILBOX_OBJ0);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(requestsOf(CRYPTO_CFG_MAILBOX_OBJ0) - before, 3);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);

    /* async and streamed: START, UPDATE (the seed), FINISH */
    jobInit(&t, 31, CRYPTO_RANDOMSEED, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, seed, 10, NULL, 0);
    before                             = requestsOf(CRYPTO_CFG_MAILBOX_OBJ1);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_START;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_UPDATE;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(requestsOf(CRYPTO_CFG_MAILBOX_OBJ1) - before, 1);

    jobInit(&t, 32, CRYPTO_RANDOMGENERATE, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, out, sizeof(out));
    memset(out, 0, sizeof(out));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_false(whTest_AllEqual(out, sizeof(out), 0));

    before = requestsOf(CRYPTO_CFG_MAILBOX_KEYCLIENT);
    assert_int_equal(Crypto_RandomSeed(K_CMAC, seed, WH_CRYPTO_RNG_SEED_MAX + 1), E_OK);
    assert_int_equal(requestsOf(CRYPTO_CFG_MAILBOX_KEYCLIENT) - before, 2);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* A job with a redirection of its own. */
static void redirect(tjob* t, Crypto_JobRedirectionInfoType* r, uint8 config)
{
    memset(r, 0, sizeof(*r));
    r->redirectionConfig         = config;
    t->job.jobRedirectionInfoRef = r;
}

/* Job redirection: inputs from and outputs to RAM key elements; an HSM element's bytes never
 * come to this core, so a redirection to one is refused before any request goes out. */
static void test_redirection(void** state)
{
    Crypto_JobRedirectionInfoType r;
    uint8_t                       iv[16], out[32], ref[32];
    uint32                        len;
    uint32_t                      before;
    tjob                          t;

    (void)state;
    setKeys();
    /* RANDOMGENERATE into the AES key's IV: the element is set, the key stays valid */
    jobInit(&t, 40, CRYPTO_RANDOMGENERATE, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, NULL, 0);
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT);
    r.outputKeyId        = K_AES;
    r.outputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(run(OBJ0, &t), E_OK);
    len = sizeof(iv);
    assert_int_equal(Crypto_KeyElementGet(K_AES, CRYPTO_KE_CIPHER_IV, iv, &len), E_OK);
    assert_int_equal(len, 16);
    assert_memory_not_equal(iv, aesIv, 16);
    assert_false(whTest_AllEqual(iv, 16, 0));

    /* HASH of the element (async), into the caller's buffer */
    jobInit(&t, 41, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_256, 0, 0, CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, NULL, 0, out, sizeof(out));
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT);
    r.inputKeyId        = K_AES;
    r.inputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(wc_Sha256Hash(iv, 16, ref), 0);
    assert_int_equal(t.outLen, 32);
    assert_memory_equal(out, ref, 32);

    /* MACVERIFY with the MAC in an element (its bits: 128) */
    setKey(K_COPY, CRYPTO_KE_CIPHER_IV, rfcMac16, 16);
    jobInit(&t, 42, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobVerify(&t, rfcMsg, 16, NULL, 0);
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_SECONDARY_INPUT);
    r.secondaryInputKeyId        = K_COPY;
    r.secondaryInputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    jobVerify(&t, rfcMsg, 15, NULL, 0);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);

    /* refused before anything is sent: an HSM element, as input or output; a streaming call;
     * an element never set */
    before = requestsOf(OBJ0);
    jobInit(&t, 43, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_256, 0, 0, CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, out, sizeof(out));
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT);
    r.inputKeyId        = K_CMAC;
    r.inputKeyElementId = CRYPTO_KE_MAC_KEY;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    r.inputKeyId        = K_HKDF_SRC;
    r.inputKeyElementId = CRYPTO_KE_KEYDERIVATION_SALT;
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_EMPTY);
    r.inputKeyId                       = K_AES;
    r.inputKeyElementId                = CRYPTO_KE_CIPHER_IV;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    jobInit(&t, 44, CRYPTO_RANDOMGENERATE, CRYPTO_ALGOFAM_DRBG, CRYPTO_ALGOMODE_CTRDRBG, 0,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, NULL, 0);
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT);
    r.outputKeyId        = K_CMAC;
    r.outputKeyElementId = CRYPTO_KE_MAC_KEY;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    assert_int_equal(requestsOf(OBJ0), before);

    /* a job that fails before a request goes out leaves its output element as it was; one
     * that fails after (the HSM lost the key) leaves it empty */
    setKey(K_HMAC, CRYPTO_KE_MAC_KEY, hmacKey, sizeof(hmacKey)); /* invalid until SetValid */
    jobInit(&t, 45, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, NULL, 0);
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT);
    r.outputKeyId        = K_COPY;
    r.outputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);
    len = sizeof(out);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_CIPHER_IV, out, &len), E_OK);
    assert_memory_equal(out, rfcMac16, 16);
    assert_int_equal(Crypto_KeySetValid(K_HMAC), E_OK);
    {
        int32_t rc = 0;
        assert_int_equal(wh_Client_KeyErase(PROBE, HSM_ID(1), &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_not_equal(run(OBJ0, &t), E_OK);
    jobInit(&t, 46, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_256, 0, 0, CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, NULL, 0, out, sizeof(out));
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT);
    r.inputKeyId        = K_COPY;
    r.inputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_EMPTY);

    /* an async CMAC on the MAC fast path, its tag into that element: set when it is done */
    jobInit(&t, 47, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, rfcMsg, 16, NULL, 0);
    redirect(&t, &r, CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT);
    r.outputKeyId        = K_COPY;
    r.outputKeyElementId = CRYPTO_KE_CIPHER_IV;
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    len = sizeof(out);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_CIPHER_IV, out, &len), E_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(out, rfcMac16, 16);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* Every service async gives what it gives sync. */
static void test_async_services(void** state)
{
    uint8_t data[300], out[64], ref[64], ct[300], back[300];
    tjob    t;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 61);

    jobInit(&t, 20, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, data, sizeof(data), out, sizeof(out));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    refCmac(data, sizeof(data), ref);
    assert_memory_equal(out, ref, 16);

    jobInit(&t, 21, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobVerify(&t, data, sizeof(data), ref, 32);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    ref[0] ^= 0x80u;
    jobVerify(&t, data, sizeof(data), ref, 24);
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);

    jobInit(&t, 22, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, data, sizeof(data), out, sizeof(out));
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    refHmac(WC_SHA256, data, sizeof(data), ref);
    assert_memory_equal(out, ref, 32);

    jobInit(&t, 23, CRYPTO_HASH, CRYPTO_ALGOFAM_SHA2_384, CRYPTO_ALGOMODE_ECB, 0,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, data, sizeof(data), out, sizeof(out));
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    assert_int_equal(wc_Sha384Hash(data, sizeof(data), ref), 0);
    assert_memory_equal(out, ref, 48);

    jobInit(&t, 24, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, K_AES,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, data, 288, ct, sizeof(ct));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 288);
    jobInit(&t, 25, CRYPTO_DECRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, K_AES,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t, ct, 288, back, sizeof(back));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_memory_equal(back, data, 288);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- scheduling ---- */

/* A later high-priority job overtakes queued low ones; FIFO within a priority. */
static void test_priority(void** state)
{
    uint8_t data[64];
    uint8_t out[5][16];
    tjob    jobs[5];
    /* job 0 starts at once; then 1 (prio 1), 2 (prio 1), 3 (prio 9), 4 (prio 5) queue */
    static const uint32 prio[5]  = {1, 1, 1, 9, 5};
    static const uint32 order[5] = {0, 3, 4, 1, 2};
    uint32              i;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 71);
    for (i = 0; i < 5; i++) {
        jobInit(&jobs[i], 100 + i, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC,
                K_CMAC, CRYPTO_PROCESSING_ASYNC, prio[i]);
        jobIo(&jobs[i], data, 16u + i, out[i], sizeof(out[i]));
        assert_int_equal(run(OBJ0, &jobs[i]), E_OK);
    }
    assert_int_equal(CsmTest_CallbackCount, 0); /* nothing completes outside MainFunction */
    assert_true(CsmTest_RunUntil(5, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, 5);
    for (i = 0; i < 5; i++) {
        uint8_t ref[16];
        assert_ptr_equal(CsmTest_Callbacks[i].job, &jobs[order[i]].job);
        assert_int_equal(CsmTest_Callbacks[i].result, E_OK);
        refCmac(data, 16u + i, ref);
        assert_memory_equal(out[i], ref, 16);
        assert_int_equal(jobs[i].job.jobState, CRYPTO_JOBSTATE_IDLE);
    }
}

/* Object 2's queue holds one job: the next is refused (CRYPTO_E_BUSY); a sync job on a
 * busy object is refused too, and the same job twice. */
static void test_queue_full_and_busy(void** state)
{
    uint8_t data[16] = {0};
    uint8_t out[4][16];
    tjob    jobs[4];
    uint32  i;

    (void)state;
    assert_int_equal(QUEUE_SIZE_OBJ2, 1u);
    setKeys();
    for (i = 0; i < 4; i++) {
        jobInit(&jobs[i], 200 + i, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC,
                K_CMAC, CRYPTO_PROCESSING_ASYNC, 0);
        jobIo(&jobs[i], data, sizeof(data), out[i], sizeof(out[i]));
    }
    assert_int_equal(run(OBJ2, &jobs[0]), E_OK); /* in the workspace */
    assert_int_equal(run(OBJ2, &jobs[1]), E_OK); /* queued */
    assert_int_equal(run(OBJ2, &jobs[2]), CRYPTO_E_BUSY);
    assert_int_equal(jobs[2].job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(run(OBJ2, &jobs[1]), CRYPTO_E_BUSY); /* already queued */
    jobs[3].pinfo.processingType = CRYPTO_PROCESSING_SYNC;
    assert_int_equal(run(OBJ2, &jobs[3]), CRYPTO_E_BUSY);
    /* another object is free */
    assert_int_equal(run(OBJ_FREE, &jobs[3]), E_OK);
    assert_true(CsmTest_RunUntil(2, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, 2);
    assert_memory_equal(out[0], out[3], 16);
    assert_memory_equal(out[1], out[3], 16);

    /* a streaming job between calls holds its object: a sync job of another is BUSY */
    jobs[0].pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ2, &jobs[0]), E_OK);
    assert_int_equal(run(OBJ2, &jobs[3]), CRYPTO_E_BUSY);
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(run(OBJ2, &jobs[0]), E_OK);
    assert_memory_equal(out[0], out[3], 16);
    assert_int_equal(run(OBJ2, &jobs[3]), E_OK);
}

/* Cancel: a queued job leaves the queue, an active one the workspace (its response is
 * dropped); neither calls back; the object goes on with the next job correctly. */
static void test_cancel(void** state)
{
    static uint8_t data[6000];
    uint8_t        out[3][64];
    uint8_t        ref[64];
    tjob           jobs[3];
    tjob           sync;
    uint32         i;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 81);
    for (i = 0; i < 3; i++) {
        jobInit(&jobs[i], 300 + i, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256,
                CRYPTO_ALGOMODE_HMAC, K_HMAC, CRYPTO_PROCESSING_ASYNC, 0);
        jobIo(&jobs[i], data, sizeof(data) - i, out[i], sizeof(out[i]));
        memset(out[i], 0xEE, sizeof(out[i]));
        assert_int_equal(run(OBJ0, &jobs[i]), E_OK);
    }
    assert_int_equal(Crypto_CancelJob(OBJ0, &jobs[1].job), E_OK); /* queued */
    assert_int_equal(jobs[1].job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(Crypto_CancelJob(OBJ0, &jobs[0].job), E_OK); /* active, in flight */
    assert_int_equal(jobs[0].job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(Crypto_CancelJob(OBJ0, &jobs[0].job), E_NOT_OK); /* gone */
    assert_int_equal(Crypto_CancelJob(OBJ1, &jobs[2].job), E_NOT_OK); /* not on object 1 */
    assert_true(CsmTest_RunUntil(1, MAX_CALLS) >= 0);
    (void)CsmTest_RunUntil(2, 2000); /* nothing else may come */
    assert_int_equal(CsmTest_CallbackCount, 1);
    assert_ptr_equal(CsmTest_Callbacks[0].job, &jobs[2].job);
    assert_int_equal(CsmTest_Callbacks[0].result, E_OK);
    refHmac(WC_SHA256, data, sizeof(data) - 2, ref);
    assert_memory_equal(out[2], ref, 32);
    assert_true(whTest_AllEqual(out[0], sizeof(out[0]), 0xEE));
    assert_true(whTest_AllEqual(out[1], sizeof(out[1]), 0xEE));

    /* an active async job cancelled with its request in flight, then a sync job at once */
    assert_int_equal(run(OBJ0, &jobs[0]), E_OK);
    assert_int_equal(Crypto_CancelJob(OBJ0, &jobs[0].job), E_OK);
    jobInit(&sync, 310, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&sync, data, 100, out[1], sizeof(out[1]));
    assert_int_equal(run(OBJ0, &sync), E_OK);
    refHmac(WC_SHA256, data, 100, ref);
    assert_memory_equal(out[1], ref, 32);

    /* a streaming job between calls: cancelled, its object is free */
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    jobs[0].pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    assert_int_equal(run(OBJ0, &jobs[0]), E_OK);
    assert_int_equal(run(OBJ0, &sync), CRYPTO_E_BUSY);
    assert_int_equal(Crypto_CancelJob(OBJ0, &jobs[0].job), E_OK);
    assert_int_equal(run(OBJ0, &sync), E_OK);
    assert_memory_equal(out[1], ref, 32);
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    assert_int_equal(run(OBJ0, &jobs[0]), E_NOT_OK); /* FINISH of a cancelled stream */
    assert_int_equal(CsmTest_CallbackCount, 1);
}

/* Three objects with long jobs in flight at once, each on its own mailbox. */
static void test_objects_in_parallel(void** state)
{
    static uint8_t data[20000];
    uint8_t        out[3][64];
    uint8_t        ref[64];
    tjob           jobs[3];
    uint32         i;

    (void)state;
    setKeys();
    whTest_Fill(data, sizeof(data), 91);
    for (i = 0; i < CRYPTO_CFG_OBJECT_COUNT; i++) {
        jobInit(&jobs[i], 400 + i, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256,
                CRYPTO_ALGOMODE_HMAC, K_HMAC, CRYPTO_PROCESSING_ASYNC, 0);
        jobIo(&jobs[i], &data[i], sizeof(data) - 3u, out[i], sizeof(out[i]));
        assert_int_equal(run(i, &jobs[i]), E_OK);
    }
    /* each object's first request is out: all of them are in the HSM's hands */
    assert_true(CsmTest_RunUntil(CRYPTO_CFG_OBJECT_COUNT, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, CRYPTO_CFG_OBJECT_COUNT);
    for (i = 0; i < CRYPTO_CFG_OBJECT_COUNT; i++) {
        assert_int_equal(CsmTest_Callbacks[i].result, E_OK);
        refHmac(WC_SHA256, &data[i], sizeof(data) - 3u, ref);
        assert_memory_equal(out[i], ref, 32);
    }
}

/* A Csm that starts its next job from the callback: the follow-up job (and the next call
 * of a streaming job) starts inside Crypto_MainFunction and completes correctly. */
static tjob* followUp;

static void submitFollowUp(Crypto_JobType* job, Std_ReturnType result)
{
    (void)job;
    (void)result;
    if (followUp != NULL) {
        tjob* t  = followUp;
        followUp = NULL;
        assert_int_equal(run(OBJ0, t), E_OK);
    }
}

static void test_job_from_callback(void** state)
{
    uint8_t out[2][16];
    tjob    jobs[2];

    (void)state;
    setKeys();
    jobInit(&jobs[0], 450, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&jobs[0], rfcMsg, 16, out[0], sizeof(out[0]));
    jobInit(&jobs[1], 451, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&jobs[1], rfcMsg, 40, out[1], sizeof(out[1]));
    followUp           = &jobs[1];
    CsmTest_OnCallback = submitFollowUp;
    assert_int_equal(run(OBJ0, &jobs[0]), E_OK);
    assert_true(CsmTest_RunUntil(2, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, 2);
    assert_ptr_equal(CsmTest_Callbacks[1].job, &jobs[1].job);
    assert_int_equal(CsmTest_Callbacks[0].result, E_OK);
    assert_int_equal(CsmTest_Callbacks[1].result, E_OK);
    assert_memory_equal(out[0], rfcMac16, 16);
    assert_memory_equal(out[1], rfcMac40, 16);

    /* a streaming job whose FINISH is submitted from the START's callback */
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    jobIo(&jobs[0], rfcMsg, 40, out[0], sizeof(out[0]));
    followUp = &jobs[0];
    assert_int_equal(run(OBJ0, &jobs[0]), E_OK);
    jobs[0].job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_FINISH;
    memset(out[0], 0, sizeof(out[0]));
    assert_true(CsmTest_RunUntil(4, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_CallbackCount, 4);
    assert_int_equal(CsmTest_Callbacks[3].result, E_OK);
    assert_memory_equal(out[0], rfcMac40, 16);
    assert_int_equal(jobs[0].job.jobState, CRYPTO_JOBSTATE_IDLE);
}

#ifndef WH_TEST_TARGET
/* The HSM does not answer a sync job in time: E_NOT_OK, and its late response is dropped
 * before the object's next job, which then gets its own result. */
static void stopHsm(void)
{
    atomic_store(&f.stop, 1);
    posixDoorbell_Ring(&f.bell);
    assert_int_equal(pthread_join(f.thread, NULL), 0);
}

static void startHsm(void)
{
    atomic_store(&f.stop, 0);
    assert_int_equal(pthread_create(&f.thread, NULL, schedThread, NULL), 0);
}

static void test_hsm_timeout(void** state)
{
    uint8_t out[2][16];
    tjob    t[2];

    (void)state;
    Crypto_DeInit();
    CryptoCfg_ObjectClients[OBJ0].timeoutMs = 1000; /* long enough for a loaded machine */
    Crypto_Init(&CryptoCfg_Config);
    assert_int_equal(CsmTest_DetCount, 0);
    setKeys();
    jobInit(&t[0], 460, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t[0], rfcMsg, 16, out[0], sizeof(out[0]));
    jobInit(&t[1], 461, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobIo(&t[1], rfcMsg, 40, out[1], sizeof(out[1]));

    stopHsm();
    assert_int_equal(run(OBJ0, &t[0]), E_NOT_OK);
    assert_int_equal(t[0].job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(run(OBJ0, &t[1]), E_OK); /* waits behind the late response */
    Crypto_MainFunction();
    assert_int_equal(CsmTest_CallbackCount, 0);
    startHsm();
    assert_true(CsmTest_RunUntil(1, MAX_CALLS) >= 0);
    assert_int_equal(CsmTest_Callbacks[0].result, E_OK);
    assert_memory_equal(out[1], rfcMac40, 16);

    /* once more, the next job sync */
    stopHsm();
    assert_int_equal(run(OBJ0, &t[0]), E_NOT_OK);
    startHsm();
    memset(out[0], 0, sizeof(out[0]));
    jobIo(&t[0], rfcMsg, 40, out[0], sizeof(out[0]));
    assert_int_equal(run(OBJ0, &t[0]), E_OK);
    assert_memory_equal(out[0], rfcMac40, 16);
    CryptoCfg_ObjectClients[OBJ0].timeoutMs = f.pairs[OBJ0].clientConfig.timeoutMs;
}
#endif /* !WH_TEST_TARGET */

/* ---- keys ---- */

static void test_invalid_key(void** state)
{
    uint8_t out[16];
    tjob    t;
    tjob    kv;

    (void)state;
    setKeys();
    /* setting an element invalidates the key until KeySetValid */
    setKey(K_CMAC, CRYPTO_KE_MAC_KEY, rfcKey, sizeof(rfcKey));
    jobInit(&t, 500, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, out, sizeof(out));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);
    assert_int_equal(t.job.jobState, CRYPTO_JOBSTATE_IDLE);
    assert_int_equal(runAsync(OBJ1, &t), CRYPTO_E_KEY_NOT_VALID);

    /* KEYSETVALID as a job, then the key works */
    jobInit(&kv, 501, CRYPTO_KEYSETVALID, CRYPTO_ALGOFAM_CUSTOM, CRYPTO_ALGOMODE_ECB, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    assert_int_equal(runAsync(OBJ2, &kv), E_OK);
    t.pinfo.processingType = CRYPTO_PROCESSING_SYNC;
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_memory_equal(out, rfcMac16, 16);

    /* KEYSETINVALID as a job */
    jobInit(&kv, 502, CRYPTO_KEYSETINVALID, CRYPTO_ALGOFAM_CUSTOM, CRYPTO_ALGOMODE_ECB, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    assert_int_equal(run(OBJ2, &kv), E_OK);
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);

    /* a key whose material was never set */
    assert_int_equal(Crypto_KeySetValid(K_COPY), E_OK);
    jobInit(&t, 503, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_COPY,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, out, sizeof(out));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_AVAILABLE);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void test_key_access(void** state)
{
    uint8_t  buf[64];
    uint8_t  key[64];
    uint32   len;
    uint32   ids[4];
    uint16_t exportLen = sizeof(key);
    int32_t  rc        = 0;

    (void)state;
    setKeys();
    /* read DENIED: the spec's error, no bytes, the length untouched */
    memset(buf, 0xEE, sizeof(buf));
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_CMAC, CRYPTO_KE_MAC_KEY, buf, &len),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(len, sizeof(buf));
    assert_true(whTest_AllEqual(buf, sizeof(buf), 0xEE));
    /* ... and the HSM itself will not export it to any client */
    assert_int_equal(wh_Client_KeyExport(PROBE, HSM_ID(0), NULL, 0, NULL, &exportLen, key, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);

    /* read ALLOWED: the material comes back */
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_HMAC, CRYPTO_KE_MAC_KEY, buf, &len), E_OK);
    assert_int_equal(len, sizeof(hmacKey));
    assert_memory_equal(buf, hmacKey, sizeof(hmacKey));
    len = 31;
    assert_int_equal(Crypto_KeyElementGet(K_HMAC, CRYPTO_KE_MAC_KEY, buf, &len),
                     CRYPTO_E_SMALL_BUFFER);
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_AES, CRYPTO_KE_CIPHER_IV, buf, &len), E_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(buf, aesIv, 16);
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_MAC_KEY, buf, &len),
                     CRYPTO_E_KEY_EMPTY);

    /* write DENIED; too long; both leave the key as it was */
    assert_int_equal(Crypto_KeyElementSet(K_LOCKED, CRYPTO_KE_MAC_KEY, rfcKey, 16),
                     CRYPTO_E_KEY_WRITE_FAIL);
    assert_int_equal(Crypto_KeyElementSet(K_CMAC, CRYPTO_KE_MAC_KEY, key, 17),
                     CRYPTO_E_KEY_SIZE_MISMATCH);

    /* element ids */
    len = 4;
    assert_int_equal(Crypto_KeyElementIdsGet(K_AES, ids, &len), E_OK);
    assert_int_equal(len, 2);
    assert_int_equal(ids[0], CRYPTO_KE_CIPHER_KEY);
    assert_int_equal(ids[1], CRYPTO_KE_CIPHER_IV);
    len = 1;
    assert_int_equal(Crypto_KeyElementIdsGet(K_AES, ids, &len), CRYPTO_E_SMALL_BUFFER);

    /* copies: a readable element and key copy; a read-denied one does not */
    assert_int_equal(Crypto_KeyElementCopy(K_CMAC, CRYPTO_KE_MAC_KEY, K_COPY, CRYPTO_KE_MAC_KEY),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(Crypto_KeyCopy(K_AES, K_COPY), CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(Crypto_KeyCopy(K_HMAC, K_COPY), E_OK);
    assert_int_equal(Crypto_KeyElementCopy(K_AES, CRYPTO_KE_CIPHER_IV, K_COPY, CRYPTO_KE_CIPHER_IV),
                     E_OK);
    assert_int_equal(Crypto_KeySetValid(K_COPY), E_OK);
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_MAC_KEY, buf, &len), E_OK);
    assert_int_equal(len, sizeof(hmacKey));
    assert_memory_equal(buf, hmacKey, sizeof(hmacKey));
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_CIPHER_IV, buf, &len), E_OK);
    assert_memory_equal(buf, aesIv, 16);
    {
        tjob    t;
        uint8_t a[32], b[32];
        jobInit(&t, 600, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_COPY,
                CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&t, rfcMsg, 40, a, sizeof(a));
        assert_int_equal(run(OBJ0, &t), E_OK);
        refHmac(WC_SHA256, rfcMsg, 40, b);
        assert_memory_equal(a, b, 32);
    }
    assert_int_equal(CsmTest_DetCount, 0);
}

/* KeySetValid commits: evicted from the HSM's cache, the key still works (from NVM). */
static void test_keysetvalid_commits(void** state)
{
    uint8_t out[16];
    int32_t rc = 0;
    tjob    t;

    (void)state;
    setKeys();
    assert_int_equal(wh_Client_KeyEvict(PROBE, HSM_ID(0), &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    jobInit(&t, 700, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, out, sizeof(out));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_memory_equal(out, rfcMac16, 16);

    /* an element set but never made valid is only cached: evicted, it is gone */
    setKey(K_COPY, CRYPTO_KE_MAC_KEY, rfcKey, 16);
    assert_int_equal(wh_Client_KeyEvict(PROBE, HSM_ID(4), &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(Crypto_KeySetValid(K_COPY), E_NOT_OK); /* nothing left to commit */
}

/* ---- signatures, key pairs, key exchange, key derivation ---- */

static void refHmacKey(int type, const uint8_t* key, uint32_t keyLen, const uint8_t* data,
                       uint32_t len, uint8_t* out)
{
    Hmac h;
    assert_int_equal(wc_HmacInit(&h, NULL, INVALID_DEVID), 0);
    assert_int_equal(wc_HmacSetKey(&h, type, key, keyLen), 0);
    assert_int_equal(wc_HmacUpdate(&h, data, len), 0);
    assert_int_equal(wc_HmacFinal(&h, out), 0);
    wc_HmacFree(&h);
}

/* HMAC-SHA256 of data with the key's element 1, through the driver (sync, object 0). */
static void driverHmac(uint32 keyId, const uint8_t* data, uint32 len, uint8_t* out)
{
    tjob t;
    jobInit(&t, 900, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, keyId,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, data, len, out, 32);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 32);
}

/* Does r || s verify over hash with the P-256 public key pub (Qx || Qy), by wolfCrypt? */
static int swEcdsaVerifies(const uint8_t* pub, const uint8_t* rs, const uint8_t* hash,
                           uint32_t hashLen)
{
    ecc_key k;
    uint8_t der[80];
    word32  derLen = sizeof(der);
    int     res    = 0;

    assert_int_equal(wc_ecc_init(&k), 0);
    assert_int_equal(wc_ecc_import_unsigned(&k, pub, pub + 32, NULL, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_rs_raw_to_sig(rs, 32, rs + 32, 32, der, &derLen), 0);
    assert_int_equal(wc_ecc_verify_hash(der, derLen, hash, hashLen, &res, &k), 0);
    wc_ecc_free(&k);
    return res;
}

static void test_ecdsa(void** state)
{
    static uint8_t data[5000];
    uint8_t        pub[64], sig[64], hash[64];
    uint32         len = sizeof(pub);
    tjob           t;

    (void)state;
    whTest_Fill(data, sizeof(data), 101);
    assert_int_equal(Crypto_KeyGenerate(K_ECDSA), E_OK);
    jobInit(&t, 1000, CRYPTO_SIGNATUREGENERATE, CRYPTO_ALGOFAM_ECCNIST, CRYPTO_ALGOMODE_ECB,
            K_ECDSA, CRYPTO_PROCESSING_SYNC, 0);
    t.prim.algorithm.secondaryFamily = CRYPTO_ALGOFAM_SHA2_256;
    jobIo(&t, data, 200, sig, sizeof(sig));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID); /* generated: not yet valid */
    assert_int_equal(Crypto_KeySetValid(K_ECDSA), E_OK);
    assert_int_equal(Crypto_KeyElementGet(K_ECDSA, CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, pub, &len),
                     E_OK);
    assert_int_equal(len, 64);

    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 64);
    assert_int_equal(wc_Sha256Hash(data, 200, hash), 0);
    assert_int_equal(swEcdsaVerifies(pub, sig, hash, 32), 1);

    /* the driver verifies it; a changed signature or message does not verify */
    jobInit(&t, 1001, CRYPTO_SIGNATUREVERIFY, CRYPTO_ALGOFAM_ECCNIST, CRYPTO_ALGOMODE_ECB, K_ECDSA,
            CRYPTO_PROCESSING_SYNC, 0);
    t.prim.algorithm.secondaryFamily = CRYPTO_ALGOFAM_SHA2_256;
    jobVerify(&t, data, 200, sig, 64);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    jobVerify(&t, data, 199, sig, 64);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    sig[40] ^= 0x01u;
    jobVerify(&t, data, 200, sig, 64);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    jobVerify(&t, data, 200, sig, 63); /* not r || s */
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);

    /* streamed and async, over more than one message, hashed with SHA-384 */
    jobInit(&t, 1002, CRYPTO_SIGNATUREGENERATE, CRYPTO_ALGOFAM_ECDSA, CRYPTO_ALGOMODE_ECB, K_ECDSA,
            CRYPTO_PROCESSING_ASYNC, 0);
    t.prim.algorithm.secondaryFamily = CRYPTO_ALGOFAM_SHA2_384;
    jobIo(&t, data, 4000, sig, sizeof(sig));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    jobIo(&t, &data[4000], 1000, sig, sizeof(sig));
    t.job.jobPrimitiveInputOutput.mode = (Crypto_OperationModeType)(CRYPTO_OPERATIONMODE_UPDATE |
                                                                    CRYPTO_OPERATIONMODE_FINISH);
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    assert_int_equal(t.outLen, 64);
    assert_int_equal(wc_Sha384Hash(data, sizeof(data), hash), 0);
    assert_int_equal(swEcdsaVerifies(pub, sig, hash, 48), 1);

    jobIo(&t, data, 200, sig, 63);
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
    t.pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_SMALL_BUFFER);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void test_ed25519(void** state)
{
    uint8_t     msg[300], pub[32], sig[64];
    uint32      len = sizeof(pub);
    ed25519_key k;
    int         res = 0;
    tjob        t;

    (void)state;
    whTest_Fill(msg, sizeof(msg), 111);
    assert_int_equal(Crypto_KeyGenerate(K_ED25519), E_OK);
    assert_int_equal(Crypto_KeySetValid(K_ED25519), E_OK);
    assert_int_equal(Crypto_KeyElementGet(K_ED25519, CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, pub, &len),
                     E_OK);
    assert_int_equal(len, 32);
    jobInit(&t, 1100, CRYPTO_SIGNATUREGENERATE, CRYPTO_ALGOFAM_ED25519, CRYPTO_ALGOMODE_ECB,
            K_ED25519, CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, msg, sizeof(msg), sig, sizeof(sig));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 64);
    assert_int_equal(wc_ed25519_init(&k), 0);
    assert_int_equal(wc_ed25519_import_public(pub, 32, &k), 0);
    assert_int_equal(wc_ed25519_verify_msg(sig, 64, msg, sizeof(msg), &res, &k), 0);
    assert_int_equal(res, 1);
    wc_ed25519_free(&k);

    jobInit(&t, 1101, CRYPTO_SIGNATUREVERIFY, CRYPTO_ALGOFAM_ED25519, CRYPTO_ALGOMODE_ECB,
            K_ED25519, CRYPTO_PROCESSING_SYNC, 0);
    jobVerify(&t, msg, sizeof(msg), sig, 64);
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    msg[0] ^= 1u;
    jobVerify(&t, msg, sizeof(msg), sig, 64);
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_NOT_OK);
    /* Ed25519 signs the whole message: no stream */
    t.pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_STREAMSTART;
    assert_int_equal(run(OBJ1, &t), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- ECDSA signatures in DER (a key configured with "signatureFormat": "DER") ---- */

static void sigJob(tjob* t, uint32 jobId, Crypto_ServiceInfoType service, uint32 keyId)
{
    jobInit(t, jobId, service, CRYPTO_ALGOFAM_ECCNIST, CRYPTO_ALGOMODE_ECB, keyId,
            CRYPTO_PROCESSING_SYNC, 0);
    t->prim.algorithm.secondaryFamily = CRYPTO_ALGOFAM_SHA2_256;
}

/* The driver's verdict on a signature of msg (SHA-256) with key keyId. */
static Crypto_VerifyResultType sigVerdict(uint32 keyId, const uint8_t* msg, uint32 msgLen,
                                          const uint8_t* sig, uint32 sigLen)
{
    tjob t;

    sigJob(&t, 1100, CRYPTO_SIGNATUREVERIFY, keyId);
    jobVerify(&t, msg, msgLen, sig, sigLen);
    assert_int_equal(run(OBJ0, &t), E_OK);
    return t.verify;
}

/* wolfCrypt's verdict on a DER signature of msg (SHA-256) by the vectors' key. */
static int swDerVerifies(const uint8_t* der, uint32_t derLen, const uint8_t* msg, uint32_t msgLen)
{
    ecc_key k;
    uint8_t hash[32];
    int     res = 0;

    assert_int_equal(wc_Sha256Hash(msg, msgLen, hash), 0);
    assert_int_equal(wc_ecc_init(&k), 0);
    assert_int_equal(wc_ecc_import_unsigned(&k, &derVecKey[32], &derVecKey[64], NULL,
                                            ECC_SECP256R1),
                     0);
    assert_int_equal(wc_ecc_verify_hash(der, derLen, hash, sizeof(hash), &res, &k), 0);
    wc_ecc_free(&k);
    return res;
}

/* The vectors of tests/ecdsa_der_vectors.py (Python's cryptography, RFC 6979 signatures): the
 * DER key takes and makes DER, the r || s key the same signatures as r || s; neither takes
 * the other form. */
static void test_ecdsa_der(void** state)
{
    static const struct {
        const uint8_t* msg;
        uint32         msgLen;
        const uint8_t* rs;
        const uint8_t* der;
        uint32         derLen;
    } vec[2] = {
        {derVecMsg0, sizeof(derVecMsg0), derVecRs0, derVecDer0, sizeof(derVecDer0)},
        {derVecMsg1, sizeof(derVecMsg1), derVecRs1, derVecDer1, sizeof(derVecDer1)},
    };
    uint8_t  sig[80], bad[80];
    uint32_t i;
    tjob     t;

    (void)state;
    setKey(K_ECDSA_DER, CRYPTO_KE_SIGNATURE_KEY, derVecKey, sizeof(derVecKey));
    assert_int_equal(Crypto_KeySetValid(K_ECDSA_DER), E_OK);
    setKey(K_ECDSA, CRYPTO_KE_SIGNATURE_KEY, derVecKey, sizeof(derVecKey));
    assert_int_equal(Crypto_KeySetValid(K_ECDSA), E_OK);
    assert_int_equal(sizeof(derVecDer0), CRYPTO_ECDSA_DER_MAX); /* r and s padded: the longest */
    for (i = 0; i < 2u; i++) {
        const uint8_t* m = vec[i].msg;
        uint32         n = vec[i].msgLen;
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n, vec[i].der, vec[i].derLen), CRYPTO_E_VER_OK);
        assert_int_equal(sigVerdict(K_ECDSA, m, n, vec[i].rs, 64), CRYPTO_E_VER_OK);
        /* the other form, a changed s, a cut DER, another message, a DER too long */
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n, vec[i].rs, 64), CRYPTO_E_VER_NOT_OK);
        assert_int_equal(sigVerdict(K_ECDSA, m, n, vec[i].der, vec[i].derLen), CRYPTO_E_VER_NOT_OK);
        memcpy(bad, vec[i].der, vec[i].derLen);
        bad[vec[i].derLen - 1u] ^= 0x01u;
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n, bad, vec[i].derLen), CRYPTO_E_VER_NOT_OK);
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n, vec[i].der, vec[i].derLen - 1u),
                         CRYPTO_E_VER_NOT_OK);
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n - 1u, vec[i].der, vec[i].derLen),
                         CRYPTO_E_VER_NOT_OK);
        memset(bad, 0, sizeof(bad));
        assert_int_equal(sigVerdict(K_ECDSA_DER, m, n, bad, CRYPTO_ECDSA_DER_MAX + 1u),
                         CRYPTO_E_VER_NOT_OK);
    }
    /* a good signature in a DER that is not the minimal one (a leading zero more in r): not
     * accepted, one signature has one accepted form */
    assert_true(sizeof(derVecDer1) < CRYPTO_ECDSA_DER_MAX);
    bad[0] = 0x30;
    bad[1] = (uint8_t)(derVecDer1[1] + 1u);
    bad[2] = 0x02;
    bad[3] = (uint8_t)(derVecDer1[3] + 1u);
    bad[4] = 0x00;
    memcpy(&bad[5], &derVecDer1[4], sizeof(derVecDer1) - 4u);
    assert_int_equal(sigVerdict(K_ECDSA_DER, derVecMsg1, sizeof(derVecMsg1), bad,
                                sizeof(derVecDer1) + 1u),
                     CRYPTO_E_VER_NOT_OK);

    /* made in DER: room for the longest is needed; wolfCrypt and the driver accept it */
    sigJob(&t, 1101, CRYPTO_SIGNATUREGENERATE, K_ECDSA_DER);
    jobIo(&t, derVecMsg0, sizeof(derVecMsg0), sig, CRYPTO_ECDSA_DER_MAX - 1u);
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_SMALL_BUFFER);
    jobIo(&t, derVecMsg0, sizeof(derVecMsg0), sig, sizeof(sig));
    assert_int_equal(runAsync(OBJ0, &t), E_OK);
    assert_true((t.outLen >= 8u) && (t.outLen <= CRYPTO_ECDSA_DER_MAX));
    assert_int_equal(sig[0], 0x30);
    assert_int_equal(sig[1], t.outLen - 2u);
    assert_int_equal(swDerVerifies(sig, t.outLen, derVecMsg0, sizeof(derVecMsg0)), 1);
    assert_int_equal(sigVerdict(K_ECDSA_DER, derVecMsg0, sizeof(derVecMsg0), sig, t.outLen),
                     CRYPTO_E_VER_OK);

    /* made as r || s by the other key: 64 bytes, the same verdicts */
    sigJob(&t, 1102, CRYPTO_SIGNATUREGENERATE, K_ECDSA);
    jobIo(&t, derVecMsg1, sizeof(derVecMsg1), sig, sizeof(sig));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 64);
    {
        uint8_t hash[32];
        assert_int_equal(wc_Sha256Hash(derVecMsg1, sizeof(derVecMsg1), hash), 0);
        assert_int_equal(swEcdsaVerifies(&derVecKey[32], sig, hash, 32), 1);
    }
    assert_int_equal(sigVerdict(K_ECDSA, derVecMsg1, sizeof(derVecMsg1), sig, 64), CRYPTO_E_VER_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- copies of HSM elements made inside the HSM ---- */

/* The shared memory of the driver's and the probe's mailboxes (their packets' area). */
static whMailboxData* mailboxData(uint32_t n)
{
#ifdef WH_TEST_TARGET
    return (n < MPS2_CLIENT_COUNT) ? &MPS2_SHARED->mailbox[n].data : NULL;
#else
    return (n < PAIRS) ? &f.pairs[n].clientTransportConfig.mailbox->data : NULL;
#endif
}

static void clearMailboxes(void)
{
    uint32_t n;
    for (n = 0; mailboxData(n) != NULL; n++) {
        memset(mailboxData(n)->bytes, 0, sizeof(mailboxData(n)->bytes));
    }
}

/* Does any mailbox hold these bytes? */
static int inMailboxes(const uint8_t* key, uint32_t len)
{
    uint32_t n, i;
    for (n = 0; mailboxData(n) != NULL; n++) {
        const uint8_t* b = mailboxData(n)->bytes;
        for (i = 0; i + len <= sizeof(mailboxData(n)->bytes); i++) {
            if (memcmp(&b[i], key, len) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static void test_key_copy_in_hsm(void** state)
{
    uint8_t  key[16], iv[16], ref[16], mac[16], buf[64];
    uint8_t  exported[64];
    uint16_t exportLen = sizeof(exported);
    uint16_t id        = 0;
    uint32   len;
    word32   refLen = sizeof(ref);
    int32_t  rc     = 0;
    tjob     t;

    (void)state;
    whTest_Fill(key, sizeof(key), 71);
    whTest_Fill(iv, sizeof(iv), 72);
    assert_int_equal(wc_AesCmacGenerate(ref, &refLen, rfcMsg, sizeof(rfcMsg), key, sizeof(key)), 0);
    setKey(K_COPY_SRC, CRYPTO_KE_MAC_KEY, key, sizeof(key));
    setKey(K_COPY_SRC, CRYPTO_KE_CIPHER_IV, iv, sizeof(iv));
    assert_int_equal(Crypto_KeySetValid(K_COPY_SRC), E_OK);
    /* from here on, what crosses the shared memory is the copies' traffic */
    clearMailboxes();

    /* refused, nothing changed: the copy would be readable (an HSM element with read access
     * ALLOWED, a RAM element), the target is not writable or of another key type, the
     * source is not readable */
    assert_int_equal(Crypto_KeyElementCopy(K_COPY_SRC, CRYPTO_KE_MAC_KEY, K_COPY,
                                           CRYPTO_KE_MAC_KEY),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(Crypto_KeyCopy(K_COPY_SRC, K_COPY), CRYPTO_E_KEY_READ_FAIL);
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY, CRYPTO_KE_MAC_KEY, buf, &len),
                     CRYPTO_E_KEY_EMPTY);
    assert_int_equal(Crypto_KeyElementCopy(K_COPY_SRC, CRYPTO_KE_MAC_KEY, K_COPY_DST,
                                           CRYPTO_KE_CIPHER_IV),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(Crypto_KeyElementCopy(K_COPY_SRC, CRYPTO_KE_MAC_KEY, K_LOCKED,
                                           CRYPTO_KE_MAC_KEY),
                     CRYPTO_E_KEY_WRITE_FAIL);
    assert_int_equal(Crypto_KeyElementCopy(K_COPY_SRC, CRYPTO_KE_MAC_KEY, K_ECDSA,
                                           CRYPTO_KE_SIGNATURE_KEY),
                     CRYPTO_E_KEY_WRITE_FAIL);
    assert_int_equal(Crypto_KeyElementCopy(K_CMAC, CRYPTO_KE_MAC_KEY, K_COPY_DST,
                                           CRYPTO_KE_MAC_KEY),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(Crypto_KeyElementCopy(K_COPY_DST, CRYPTO_KE_MAC_KEY, K_COPY_SRC,
                                           CRYPTO_KE_MAC_KEY),
                     CRYPTO_E_KEY_READ_FAIL); /* DENIED */

    /* the key (its HSM MAC key by the HSM, its RAM IV here) into a key that is not readable */
    assert_int_equal(Crypto_KeyCopy(K_COPY_SRC, K_COPY_DST), E_OK);
    jobInit(&t, 1200, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_COPY_DST,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, sizeof(rfcMsg), mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID); /* a copy: invalid until made valid */
    assert_int_equal(Crypto_KeySetValid(K_COPY_DST), E_OK);
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_int_equal(t.outLen, 16);
    assert_memory_equal(mac, ref, 16); /* the source's material */
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY_DST, CRYPTO_KE_CIPHER_IV, buf, &len), E_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(buf, iv, 16);

    /* the copy stays unreadable: for the driver, and for the HSM's clients */
    len = sizeof(buf);
    assert_int_equal(Crypto_KeyElementGet(K_COPY_DST, CRYPTO_KE_MAC_KEY, buf, &len),
                     CRYPTO_E_KEY_READ_FAIL);
    assert_int_equal(wh_Client_KeyExport(PROBE, HSM_COPY_DST, NULL, 0, NULL, &exportLen, exported,
                                         &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    exportLen = sizeof(exported);
    assert_int_equal(wh_Client_KeyExport(PROBE, HSM_COPY_SRC, NULL, 0, NULL, &exportLen, exported,
                                         &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    /* and its bytes never crossed the shared memory to this core */
    assert_false(inMailboxes(key, sizeof(key)));

    /* the HSM keeps the source's restriction: a copy asked for as exportable is not, and
     * one of another key type is refused */
    assert_int_equal(wh_Client_KeyCopy(PROBE,
                                       (uint16_t)(WH_NVM_FLAGS_USAGE_SIGN |
                                                  WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET)),
                                       HSM_COPY_SRC, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    exportLen = sizeof(exported);
    assert_int_equal(wh_Client_KeyExport(PROBE, id, NULL, 0, NULL, &exportLen, exported, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    /* ... with the source's material, and only the usage both allow (SIGN: MACs are made,
     * not checked) */
    {
        uint8_t  tag[4];
        uint16_t tagLen = sizeof(tag);
        assert_int_equal(wh_Client_MacGenerate(PROBE, WH_CRYPTO_CMAC_AES, id, rfcMsg,
                                               sizeof(rfcMsg), 32, tag, &tagLen, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_int_equal(tagLen, 4);
        assert_memory_equal(tag, ref, 4);
        assert_int_equal(wh_Client_MacVerify(PROBE, WH_CRYPTO_CMAC_AES, id, rfcMsg, sizeof(rfcMsg),
                                             ref, 32, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_USAGE);
    }
    id = 0;
    assert_int_equal(wh_Client_KeyCopy(PROBE, (uint16_t)WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_ECC_P256),
                                       HSM_COPY_SRC, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_KEYTYPE);
    assert_false(inMailboxes(key, sizeof(key)));
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- completion through the doorbell ---- */

/* With doorbellIndication (the target's configuration), Crypto_MainFunction does not look at
 * an object's mailbox until the HSM's doorbell interrupt called Crypto_DoorbellIndication:
 * an answered async job stays unnoticed (no callback) until then. On the host the test plays
 * the interrupt; on the target it holds the real one off in the NVIC, then lets it in. */
static void test_doorbell_indication(void** state)
{
    const Crypto_ConfigType* cfg = &CryptoCfg_Config;
    whClientContext*         client;
    uint32                   before, i, unnoticed;
    Std_ReturnType           submitted;
    int                      answered;
    tjob                     t;
#ifndef WH_TEST_TARGET
    static Crypto_ConfigType bellCfg;

    bellCfg                    = CryptoCfg_Config;
    bellCfg.doorbellIndication = TRUE;
    Crypto_DeInit();
    Crypto_Init(&bellCfg);
    cfg = &bellCfg;
#endif
    (void)state;
    assert_true(cfg->doorbellIndication != FALSE);
    setKeys();
    client = &cfg->objects[OBJ0].state->client;
    jobInit(&t, 1300, CRYPTO_MACVERIFY, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    jobVerify(&t, rfcMsg, 16, rfcMac16, 128);
    before = CsmTest_CallbackCount;
#ifdef WH_TEST_TARGET
    MPS2_REG(0xE000E180u) = 1u << MPS2_IRQ_MHU1; /* NVIC_ICER0: the doorbell interrupt held off */
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    submitted = run(OBJ0, &t);
    for (i = 0; (wh_CommClient_Ready(&client->comm) == 0) && (i < 1000000u); i++) {
#ifdef WH_TEST_TARGET
        __asm volatile("wfi" ::: "memory"); /* the HSM answers (the 1 kHz tick wakes this) */
#else
        const struct timespec pause = {0, 1000};
        (void)nanosleep(&pause, NULL);
#endif
    }
    answered = wh_CommClient_Ready(&client->comm);
    for (i = 0; i < 3u; i++) {
        Crypto_MainFunction();
    }
    unnoticed = CsmTest_CallbackCount - before;
#ifdef WH_TEST_TARGET
    mps2Rt_IrqEnable(MPS2_IRQ_MHU1); /* the pending doorbell interrupt runs */
    __asm volatile("dsb\n\tisb" ::: "memory");
#else
    Crypto_DoorbellIndication();
#endif
    assert_int_equal(submitted, E_OK);
    assert_true(answered != 0);
    assert_int_equal(unnoticed, 0); /* answered, not yet rung: not looked at */
    Crypto_MainFunction();
    assert_int_equal(CsmTest_CallbackCount, before + 1u);
    assert_ptr_equal(CsmTest_Callbacks[before].job, &t.job);
    assert_int_equal(CsmTest_Callbacks[before].result, E_OK);
    assert_int_equal(t.verify, CRYPTO_E_VER_OK);
    /* an indication with nothing in flight changes nothing */
    Crypto_DoorbellIndication();
    Crypto_MainFunction();
    assert_int_equal(CsmTest_CallbackCount, before + 1u);
    assert_int_equal(CsmTest_DetCount, 0);
}

static void test_key_exchange(void** state)
{
    uint8_t        pub[64], peerPub[64], ref[32], zero[64] = {0};
    uint8_t        macA[32], macB[32];
    uint32         len;
    word32         xLen = 32, yLen = 32, refLen = sizeof(ref);
    WC_RNG         rng;
    ecc_key        peer, mine;
    curve25519_key xPeer, xMine;

    (void)state;
    assert_int_equal(wc_InitRng(&rng), 0);

    /* ECDH P-256 */
    len = 63;
    assert_int_equal(Crypto_KeyExchangeCalcPubVal(K_ECDH, pub, &len), CRYPTO_E_SMALL_BUFFER);
    len = sizeof(pub);
    assert_int_equal(Crypto_KeyExchangeCalcPubVal(K_ECDH, pub, &len), E_OK);
    assert_int_equal(len, 64);
    assert_int_equal(wc_ecc_init(&peer), 0);
    assert_int_equal(wc_ecc_make_key_ex(&rng, 32, &peer, ECC_SECP256R1), 0);
    assert_int_equal(wc_ecc_export_public_raw(&peer, peerPub, &xLen, peerPub + 32, &yLen), 0);
    assert_int_equal(wc_ecc_init(&mine), 0);
    assert_int_equal(wc_ecc_import_unsigned(&mine, pub, pub + 32, NULL, ECC_SECP256R1), 0);
    (void)wc_ecc_set_rng(&peer, &rng);
    assert_int_equal(wc_ecc_shared_secret(&peer, &mine, ref, &refLen), 0);
    assert_int_equal(refLen, 32);
    assert_int_equal(Crypto_KeyExchangeCalcSecret(K_ECDH, zero, 64), E_NOT_OK); /* no point */
    assert_int_equal(Crypto_KeyExchangeCalcSecret(K_ECDH, peerPub, 64), E_OK);
    assert_int_equal(Crypto_KeySetValid(K_ECDH), E_OK);
    /* the shared value stays in the HSM and keys a MAC there */
    driverHmac(K_ECDH, rfcMsg, 40, macA);
    refHmacKey(WC_SHA256, ref, 32, rfcMsg, 40, macB);
    assert_memory_equal(macA, macB, 32);
    len = sizeof(pub);
    assert_int_equal(Crypto_KeyElementGet(K_ECDH, CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE, pub, &len),
                     CRYPTO_E_KEY_READ_FAIL);
    wc_ecc_free(&peer);
    wc_ecc_free(&mine);

    /* X25519 (little-endian values, RFC 7748), as jobs on a driver object */
    {
        tjob t;
        len = sizeof(pub);
        jobInit(&t, 1200, CRYPTO_KEYEXCHANGECALCPUBVAL, CRYPTO_ALGOFAM_X25519, CRYPTO_ALGOMODE_ECB,
                K_X25519, CRYPTO_PROCESSING_ASYNC, 0);
        jobIo(&t, NULL, 0, pub, sizeof(pub));
        assert_int_equal(runAsync(OBJ1, &t), E_OK);
        assert_int_equal(t.outLen, 32);
        assert_int_equal(wc_curve25519_init(&xPeer), 0);
        assert_int_equal(wc_curve25519_make_key(&rng, 32, &xPeer), 0);
        xLen = 32;
        assert_int_equal(wc_curve25519_export_public_ex(&xPeer, peerPub, &xLen,
                                                        EC25519_LITTLE_ENDIAN),
                         0);
        assert_int_equal(wc_curve25519_init(&xMine), 0);
        assert_int_equal(wc_curve25519_import_public_ex(pub, 32, &xMine, EC25519_LITTLE_ENDIAN), 0);
        refLen = sizeof(ref);
        assert_int_equal(wc_curve25519_shared_secret_ex(&xPeer, &xMine, ref, &refLen,
                                                        EC25519_LITTLE_ENDIAN),
                         0);
        jobInit(&t, 1201, CRYPTO_KEYEXCHANGECALCSECRET, CRYPTO_ALGOFAM_X25519, CRYPTO_ALGOMODE_ECB,
                K_X25519, CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&t, peerPub, 32, NULL, 0);
        assert_int_equal(run(OBJ2, &t), E_OK);
        assert_int_equal(Crypto_KeySetValid(K_X25519), E_OK);
        driverHmac(K_X25519, rfcMsg, 40, macA);
        refHmacKey(WC_SHA256, ref, 32, rfcMsg, 40, macB);
        assert_memory_equal(macA, macB, 32);
        wc_curve25519_free(&xPeer);
        wc_curve25519_free(&xMine);
    }
    wc_FreeRng(&rng);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* HKDF inside the HSM into another key, then that key used for a MAC (derive, then use). */
static void test_key_derive(void** state)
{
    uint8_t ikm[32], salt[32], info[20], okm[32], macA[32], macB[32];
    uint8_t alg = (uint8_t)CRYPTO_ALGOFAM_SHA2_384;
    tjob    t;

    (void)state;
    whTest_Fill(ikm, sizeof(ikm), 121);
    whTest_Fill(salt, sizeof(salt), 122);
    whTest_Fill(info, sizeof(info), 123);
    setKey(CryptoConf_CryptoKey_HkdfSrc, CRYPTO_KE_KEYDERIVATION_PASSWORD, ikm, sizeof(ikm));
    setKey(CryptoConf_CryptoKey_HkdfSrc, CRYPTO_KE_KEYDERIVATION_SALT, salt, sizeof(salt));
    setKey(CryptoConf_CryptoKey_HkdfSrc, CRYPTO_KE_CUSTOM_HKDF_INFO, info, sizeof(info));
    assert_int_equal(Crypto_KeyDerive(CryptoConf_CryptoKey_HkdfSrc, CryptoConf_CryptoKey_HkdfDst),
                     CRYPTO_E_KEY_NOT_VALID);
    assert_int_equal(Crypto_KeySetValid(CryptoConf_CryptoKey_HkdfSrc), E_OK);
    assert_int_equal(Crypto_KeyDerive(CryptoConf_CryptoKey_HkdfSrc, CryptoConf_CryptoKey_HkdfDst),
                     E_OK);
    assert_int_equal(Crypto_KeySetValid(CryptoConf_CryptoKey_HkdfDst), E_OK);
    assert_int_equal(wc_HKDF(WC_SHA256, ikm, sizeof(ikm), salt, sizeof(salt), info, sizeof(info),
                             okm, sizeof(okm)),
                     0);
    driverHmac(CryptoConf_CryptoKey_HkdfDst, rfcMsg, 40, macA);
    refHmacKey(WC_SHA256, okm, sizeof(okm), rfcMsg, 40, macB);
    assert_memory_equal(macA, macB, 32);

    /* as an async job, with SHA-384 named by the algorithm element */
    setKey(CryptoConf_CryptoKey_HkdfSrc, CRYPTO_KE_KEYDERIVATION_ALGORITHM, &alg, 1);
    assert_int_equal(Crypto_KeySetValid(CryptoConf_CryptoKey_HkdfSrc), E_OK);
    jobInit(&t, 1300, CRYPTO_KEYDERIVE, CRYPTO_ALGOFAM_HKDF, CRYPTO_ALGOMODE_HMAC,
            CryptoConf_CryptoKey_HkdfSrc, CRYPTO_PROCESSING_ASYNC, 0);
    t.job.targetCryptoKeyId = CryptoConf_CryptoKey_HkdfDst;
    assert_int_equal(runAsync(OBJ1, &t), E_OK);
    {
        tjob chk;
        jobInit(&chk, 1301, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC,
                CryptoConf_CryptoKey_HkdfDst, CRYPTO_PROCESSING_SYNC, 0);
        jobIo(&chk, rfcMsg, 40, macA, 32);
        assert_int_equal(run(OBJ0, &chk), CRYPTO_E_KEY_NOT_VALID); /* derived: not yet valid */
    }
    assert_int_equal(Crypto_KeySetValid(CryptoConf_CryptoKey_HkdfDst), E_OK);
    driverHmac(CryptoConf_CryptoKey_HkdfDst, rfcMsg, 40, macA);
    assert_int_equal(wc_HKDF(WC_SHA384, ikm, sizeof(ikm), salt, sizeof(salt), info, sizeof(info),
                             okm, sizeof(okm)),
                     0);
    refHmacKey(WC_SHA256, okm, sizeof(okm), rfcMsg, 40, macB);
    assert_memory_equal(macA, macB, 32);

    /* the HSM makes key pairs, not secret keys */
    assert_int_equal(Crypto_KeyGenerate(K_HMAC), E_NOT_OK);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* Restart both cores: the driver and the HSM (its servers and NVM context, on the same
 * flash), then Crypto_Init. */
static void restartBoth(void)
{
#ifdef WH_TEST_TARGET
    static const uint16_t ids[MPS2_CLIENT_COUNT] = {1, 2, 3};

    Crypto_DeInit();
    assert_int_equal(whTarget_HsmControl(WH_TARGET_CTRL_REBOOT, ids, 0, NULL), WH_ERROR_OK);
    Crypto_Init(&CryptoCfg_Config);
#else
    whSchedConfig cfg = {.servers  = f.servers,
                         .count    = PAIRS,
                         .coreId   = 1,
                         .doorbell = {&bellCb, &f.bell}};
    uint32_t      i;

    Crypto_DeInit();
    stopHsm();
    for (i = 0; i < PAIRS; i++) {
        assert_int_equal(wh_Server_Cleanup(&f.pairs[i].server), WH_ERROR_OK);
    }
    whTest_NvmCleanup(&f.nvm);
    whTest_NvmInit(&f.nvm, 0);
    for (i = 0; i < PAIRS; i++) {
        assert_int_equal(wh_Server_Init(&f.pairs[i].server, &f.pairs[i].serverConfig), WH_ERROR_OK);
    }
    assert_int_equal(wh_Sched_Init(&f.sched, &cfg), WH_ERROR_OK);
    startHsm();
    Crypto_Init(&CryptoCfg_Config);
#endif
}

/* Keys with a state record survive a restart of both cores: valid, their HSM material (it
 * was committed) and their RAM elements; a key without one comes back invalid; and
 * KEYSETINVALID is recorded too. */
static void test_restart_keeps_keys(void** state)
{
    uint8_t pt[32], ct[32], ref[32], iv[16], mac[16];
    uint32  len = sizeof(iv);
    tjob    t;

    (void)state;
    setKeys();
    restartBoth();
    assert_int_equal(CsmTest_DetCount, 0);

    jobInit(&t, 1400, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_memory_equal(mac, rfcMac16, 16);

    assert_int_equal(Crypto_KeyElementGet(K_AES, CRYPTO_KE_CIPHER_IV, iv, &len), E_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(iv, aesIv, 16);
    whTest_Fill(pt, sizeof(pt), 131);
    jobInit(&t, 1401, CRYPTO_ENCRYPT, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CBC, K_AES,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, pt, sizeof(pt), ct, sizeof(ct));
    assert_int_equal(run(OBJ1, &t), E_OK);
    refAes(CRYPTO_ALGOMODE_CBC, 1, pt, sizeof(pt), ref);
    assert_memory_equal(ct, ref, sizeof(ct));

    jobInit(&t, 1402, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_SHA2_256, CRYPTO_ALGOMODE_HMAC, K_HMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, ref, sizeof(ref));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID); /* no record: back to invalid */

    /* KEYSETINVALID (a job) is recorded: after the next restart the key is still invalid */
    jobInit(&t, 1403, CRYPTO_KEYSETINVALID, CRYPTO_ALGOFAM_CUSTOM, CRYPTO_ALGOMODE_ECB, K_CMAC,
            CRYPTO_PROCESSING_ASYNC, 0);
    assert_int_equal(runAsync(OBJ2, &t), E_OK);
    restartBoth();
    jobInit(&t, 1404, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), CRYPTO_E_KEY_NOT_VALID);
    /* ... until a KEYSETVALID job makes it valid again */
    jobInit(&t, 1405, CRYPTO_KEYSETVALID, CRYPTO_ALGOFAM_CUSTOM, CRYPTO_ALGOMODE_ECB, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    assert_int_equal(run(OBJ2, &t), E_OK);
    restartBoth();
    jobInit(&t, 1406, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 40, mac, sizeof(mac));
    assert_int_equal(run(OBJ0, &t), E_OK);
    assert_memory_equal(mac, rfcMac40, 16);
    assert_int_equal(CsmTest_DetCount, 0);
}

/* ---- development errors ---- */

static void expectDet(uint8 sid, uint8 err)
{
    assert_int_equal(CsmTest_LastDet.moduleId, 114);
    assert_int_equal(CsmTest_LastDet.instanceId, 0);
    assert_int_equal(CsmTest_LastDet.apiId, sid);
    assert_int_equal(CsmTest_LastDet.errorId, err);
}

static void test_det(void** state)
{
    uint8_t buf[16];
    uint32  len = sizeof(buf);
    uint32  n   = CsmTest_DetCount;
    tjob    t;

    (void)state;
    setKeys();
    Crypto_GetVersionInfo(NULL);
    expectDet(0x01, CRYPTO_E_PARAM_POINTER);

    jobInit(&t, 800, CRYPTO_MACGENERATE, CRYPTO_ALGOFAM_AES, CRYPTO_ALGOMODE_CMAC, K_CMAC,
            CRYPTO_PROCESSING_SYNC, 0);
    jobIo(&t, rfcMsg, 16, buf, sizeof(buf));
    assert_int_equal(Crypto_ProcessJob(CRYPTO_CFG_OBJECT_COUNT, &t.job), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_ProcessJob(OBJ0, NULL), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_POINTER);
    t.job.cryptoKeyId = CRYPTO_CFG_KEY_COUNT;
    assert_int_equal(Crypto_ProcessJob(OBJ0, &t.job), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_HANDLE);
    jobIo(&t, rfcMsg, 0, buf, sizeof(buf));
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_VALUE);
    jobIo(&t, NULL, 16, buf, sizeof(buf));
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_POINTER);
    jobIo(&t, rfcMsg, 16, NULL, sizeof(buf));
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_POINTER);
    jobIo(&t, rfcMsg, 16, buf, sizeof(buf));
    t.prim.service = CUSTOM_SERVICE; /* not supported */
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_HANDLE);
    t.prim.service                     = CRYPTO_MACVERIFY;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK); /* no MAC to compare */
    expectDet(0x03, CRYPTO_E_PARAM_POINTER);
    t.prim.service                     = CRYPTO_MACGENERATE;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SAVE_CONTEXT;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_VALUE);

    assert_int_equal(Crypto_RandomSeed(K_CMAC, NULL, 16), E_NOT_OK);
    expectDet(0x0D, CRYPTO_E_PARAM_POINTER);
    assert_int_equal(Crypto_RandomSeed(K_CMAC, rfcMsg, 0), E_NOT_OK);
    expectDet(0x0D, CRYPTO_E_PARAM_VALUE);
    assert_int_equal(Crypto_RandomSeed(CRYPTO_CFG_KEY_COUNT, rfcMsg, 16), E_NOT_OK);
    expectDet(0x0D, CRYPTO_E_PARAM_HANDLE);

    assert_int_equal(Crypto_CancelJob(7, &t.job), E_NOT_OK);
    expectDet(0x0E, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_CancelJob(OBJ0, NULL), E_NOT_OK);
    expectDet(0x0E, CRYPTO_E_PARAM_POINTER);

    assert_int_equal(Crypto_KeyElementSet(K_CMAC, CRYPTO_KE_MAC_KEY, NULL, 16), E_NOT_OK);
    expectDet(0x04, CRYPTO_E_PARAM_POINTER);
    assert_int_equal(Crypto_KeyElementSet(K_CMAC, 99, rfcKey, 16), E_NOT_OK);
    expectDet(0x04, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyElementSet(CRYPTO_CFG_KEY_COUNT, 1, rfcKey, 16), E_NOT_OK);
    expectDet(0x04, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyElementSet(K_CMAC, CRYPTO_KE_MAC_KEY, rfcKey, 0), E_NOT_OK);
    expectDet(0x04, CRYPTO_E_PARAM_VALUE);
    assert_int_equal(Crypto_KeySetValid(CRYPTO_CFG_KEY_COUNT), E_NOT_OK);
    expectDet(0x05, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyElementGet(K_HMAC, 5, buf, &len), E_NOT_OK);
    expectDet(0x06, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyElementGet(K_HMAC, 1, buf, NULL), E_NOT_OK);
    expectDet(0x06, CRYPTO_E_PARAM_POINTER);
    assert_int_equal(Crypto_KeyElementCopy(K_HMAC, 1, K_COPY, 42), E_NOT_OK);
    expectDet(0x0F, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyCopy(K_HMAC, CRYPTO_CFG_KEY_COUNT), E_NOT_OK);
    expectDet(0x10, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyElementIdsGet(K_HMAC, NULL, &len), E_NOT_OK);
    expectDet(0x11, CRYPTO_E_PARAM_POINTER);
    assert_int_equal(Crypto_KeyGenerate(CRYPTO_CFG_KEY_COUNT), E_NOT_OK);
    expectDet(0x07, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyDerive(K_HMAC, CRYPTO_CFG_KEY_COUNT), E_NOT_OK);
    expectDet(0x08, CRYPTO_E_PARAM_HANDLE);
    assert_int_equal(Crypto_KeyExchangeCalcPubVal(K_ECDH, NULL, &len), E_NOT_OK);
    expectDet(0x09, CRYPTO_E_PARAM_POINTER);
    assert_int_equal(Crypto_KeyExchangeCalcSecret(K_ECDH, buf, 0), E_NOT_OK);
    expectDet(0x0A, CRYPTO_E_PARAM_VALUE);
    t.job.targetCryptoKeyId            = CRYPTO_CFG_KEY_COUNT;
    t.prim.service                     = CRYPTO_KEYDERIVE;
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_PARAM_HANDLE);
    t.prim.service = CRYPTO_MACGENERATE;
    assert_int_equal(CsmTest_DetCount, n + 30u);

    /* the key survived the refused calls */
    jobIo(&t, rfcMsg, 16, buf, sizeof(buf));
    t.job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
    assert_int_equal(run(OBJ1, &t), E_OK);
    assert_memory_equal(buf, rfcMac16, 16);

    /* not initialised: CRYPTO_E_UNINIT */
    Crypto_DeInit();
    assert_int_equal(run(OBJ0, &t), E_NOT_OK);
    expectDet(0x03, CRYPTO_E_UNINIT);
    assert_int_equal(Crypto_KeyElementSet(K_CMAC, CRYPTO_KE_MAC_KEY, rfcKey, 16), E_NOT_OK);
    expectDet(0x04, CRYPTO_E_UNINIT);
    assert_int_equal(Crypto_CancelJob(OBJ0, &t.job), E_NOT_OK);
    expectDet(0x0E, CRYPTO_E_UNINIT);
    Crypto_MainFunction(); /* harmless */
    Crypto_Init(NULL);
    expectDet(0x00, CRYPTO_E_PARAM_POINTER);
    Crypto_Init(&CryptoCfg_Config);
}

#ifndef WH_TEST_TARGET
/* Both cores carry the configuration's digest: the HSM's contexts for the driver's mailboxes
 * refuse a client that presents another (or none) with WH_ERROR_CONFIG_MISMATCH and open no
 * session; a driver built from another configuration fails Crypto_Init. */
static void test_config_digest(void** state)
{
    Crypto_ConfigType other = CryptoCfg_Config;
    whClientConfig    cfg   = CryptoCfg_ObjectClients[OBJ0];
    whClientContext   c;
    int32_t           rc = -1;
    uint32_t          avail;
    uint32_t          i;
    uint64_t          digests[] = {CRYPTO_CFG_DIGEST ^ 1u, 0u, CRYPTO_CFG_DIGEST >> 1};
    (void)state;

    assert_true(CRYPTO_CFG_DIGEST != 0u);
    assert_true(CRYPTO_CFG_DIGEST == CRYPTO_HSMCFG_DIGEST);
    assert_true(CryptoCfg_Config.configDigest == CRYPTO_CFG_DIGEST);

    /* a driver from another configuration: refused, the driver stays uninitialised */
    Crypto_DeInit();
    other.configDigest ^= 0x8000000000000000ull;
    CsmTest_Reset();
    Crypto_Init(&other);
    assert_int_equal(CsmTest_DetCount, 1);
    expectDet(0x00, CRYPTO_E_INIT_FAILED);
    assert_int_equal(Crypto_KeySetValid(K_CMAC), E_NOT_OK);
    expectDet(0x05, CRYPTO_E_UNINIT);

    /* a plain client on object 0's mailbox: wrong or no digest refused, no session */
    for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++) {
        cfg.configDigest = digests[i];
        assert_int_equal(wh_Client_Init(&c, &cfg), WH_ERROR_OK);
        assert_int_equal(wh_Client_CommConnect(&c, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_CONFIG_MISMATCH);
        assert_int_equal(wh_Client_NvmGetAvailable(&c, &avail, NULL, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_NOTCONNECTED);
        assert_int_equal(wh_Client_Cleanup(&c), WH_ERROR_OK);
    }
    /* the configuration's digest: connected */
    cfg.configDigest = CRYPTO_CFG_DIGEST;
    assert_int_equal(wh_Client_Init(&c, &cfg), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnect(&c, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmGetAvailable(&c, &avail, NULL, NULL, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_Cleanup(&c), WH_ERROR_OK);

    /* the probe's context has no digest: the probe (none) was let in; and the driver built
     * from the HSM's configuration comes up */
    assert_true(f.pairs[PROBE_PAIR].client.connected);
    CsmTest_Reset();
    Crypto_Init(&CryptoCfg_Config);
    assert_int_equal(CsmTest_DetCount, 0);
}
#endif /* !WH_TEST_TARGET */

/* The driver's objects share keys through global ids: nothing to test without them. */
static void test_needs_global_keys(void** state)
{
    (void)state;
    skip();
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cmac_rfc4493, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmac_verify_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmac_fast_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_she_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hmac_and_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_streaming, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aes_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gcm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gcm_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redirection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_async_services, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_full_and_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_objects_in_parallel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_from_callback, setup, teardown),
#ifndef WH_TEST_TARGET /* the test stops the HSM's scheduler thread */
        cmocka_unit_test_setup_teardown(test_hsm_timeout, setup, teardown),
#endif
        cmocka_unit_test_setup_teardown(test_invalid_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_access, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keysetvalid_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_keeps_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecdsa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ed25519, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecdsa_der, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_copy_in_hsm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doorbell_indication, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_exchange, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_derive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_det, setup, teardown),
#ifndef WH_TEST_TARGET /* the test image's HSM carries no configuration digest */
        cmocka_unit_test_setup_teardown(test_config_digest, setup, teardown),
#endif
    };
    const struct CMUnitTest skipped[] = {cmocka_unit_test(test_needs_global_keys)};

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    (void)skipped;
    return cmocka_run_group_tests(tests, NULL, NULL);
#else
    (void)tests;
    return cmocka_run_group_tests(skipped, NULL, NULL);
#endif
}
