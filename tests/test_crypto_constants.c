/*
 * test_crypto_constants.c: every numeric constant of the AUTOSAR crypto stack's facts
 * (../shared/automotive/autosar-crypto.md) against the driver's headers. The expected values
 * are literal numbers typed from the facts, not taken from the headers: a header that
 * drifts from the standard fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "Crypto.h"
#include "util/wh_test_util.h" /* on the target: the suite counted in the totals */

static void test_return_codes(void** state)
{
    (void)state;
    assert_int_equal(sizeof(Std_ReturnType), 1);
    assert_int_equal(E_OK, 0x00);
    assert_int_equal(E_NOT_OK, 0x01);
    assert_int_equal(CRYPTO_E_BUSY, 0x02);
    assert_int_equal(CRYPTO_E_SMALL_BUFFER, 0x03);
    assert_int_equal(CRYPTO_E_ENTROPY_EXHAUSTED, 0x04);
    assert_int_equal(CRYPTO_E_QUEUE_FULL, 0x05);
    assert_int_equal(CRYPTO_E_KEY_READ_FAIL, 0x06);
    assert_int_equal(CRYPTO_E_KEY_WRITE_FAIL, 0x07);
    assert_int_equal(CRYPTO_E_KEY_NOT_AVAILABLE, 0x08);
    assert_int_equal(CRYPTO_E_KEY_NOT_VALID, 0x09);
    assert_int_equal(CRYPTO_E_KEY_SIZE_MISMATCH, 0x0A);
    assert_int_equal(CRYPTO_E_JOB_CANCELED, 0x0C);
    assert_int_equal(CRYPTO_E_KEY_EMPTY, 0x0D);
    assert_int_equal(CRYPTO_E_VER_OK, 0x00);
    assert_int_equal(CRYPTO_E_VER_NOT_OK, 0x01);
    /* a full queue: CRYPTO_E_BUSY by default (R20-11 on) */
    assert_int_equal(CRYPTO_CFG_QUEUE_FULL_RESULT, 0x02);
}

static void test_det_ids(void** state)
{
    (void)state;
    assert_int_equal(CRYPTO_MODULE_ID, 114);
    assert_int_equal(CRYPTO_SID_INIT, 0x00);
    assert_int_equal(CRYPTO_SID_GET_VERSION_INFO, 0x01);
    assert_int_equal(CRYPTO_SID_PROCESS_JOB, 0x03);
    assert_int_equal(CRYPTO_SID_KEY_ELEMENT_SET, 0x04);
    assert_int_equal(CRYPTO_SID_KEY_SET_VALID, 0x05);
    assert_int_equal(CRYPTO_SID_KEY_ELEMENT_GET, 0x06);
    assert_int_equal(CRYPTO_SID_KEY_GENERATE, 0x07);
    assert_int_equal(CRYPTO_SID_KEY_DERIVE, 0x08);
    assert_int_equal(CRYPTO_SID_KEY_EXCHANGE_CALC_PUB_VAL, 0x09);
    assert_int_equal(CRYPTO_SID_KEY_EXCHANGE_CALC_SECRET, 0x0A);
    assert_int_equal(CRYPTO_SID_MAIN_FUNCTION, 0x0C);
    assert_int_equal(CRYPTO_SID_RANDOM_SEED, 0x0D);
    assert_int_equal(CRYPTO_SID_CANCEL_JOB, 0x0E);
    assert_int_equal(CRYPTO_SID_KEY_ELEMENT_COPY, 0x0F);
    assert_int_equal(CRYPTO_SID_KEY_COPY, 0x10);
    assert_int_equal(CRYPTO_SID_KEY_ELEMENT_IDS_GET, 0x11);
    assert_int_equal(CRYPTO_SID_VENDOR_FIRST, 0x80);
    assert_int_equal(CRYPTO_E_UNINIT, 0x00);
    assert_int_equal(CRYPTO_E_INIT_FAILED, 0x01);
    assert_int_equal(CRYPTO_E_PARAM_POINTER, 0x02);
    assert_int_equal(CRYPTO_E_PARAM_HANDLE, 0x04);
    assert_int_equal(CRYPTO_E_PARAM_VALUE, 0x05);
}

static void test_services(void** state)
{
    (void)state;
    assert_int_equal(CRYPTO_HASH, 0x00);
    assert_int_equal(CRYPTO_MACGENERATE, 0x01);
    assert_int_equal(CRYPTO_MACVERIFY, 0x02);
    assert_int_equal(CRYPTO_ENCRYPT, 0x03);
    assert_int_equal(CRYPTO_DECRYPT, 0x04);
    assert_int_equal(CRYPTO_AEADENCRYPT, 0x05);
    assert_int_equal(CRYPTO_AEADDECRYPT, 0x06);
    assert_int_equal(CRYPTO_SIGNATUREGENERATE, 0x07);
    assert_int_equal(CRYPTO_SIGNATUREVERIFY, 0x08);
    assert_int_equal(CRYPTO_RANDOMGENERATE, 0x0B);
    assert_int_equal(CRYPTO_RANDOMSEED, 0x0C);
    assert_int_equal(CRYPTO_KEYGENERATE, 0x0D);
    assert_int_equal(CRYPTO_KEYDERIVE, 0x0E);
    assert_int_equal(CRYPTO_KEYEXCHANGECALCPUBVAL, 0x0F);
    assert_int_equal(CRYPTO_KEYEXCHANGECALCSECRET, 0x10);
    assert_int_equal(CRYPTO_KEYSETVALID, 0x13);
    assert_int_equal(CRYPTO_KEYSETINVALID, 0x14);
    assert_int_equal(CUSTOM_SERVICE, 0x15);
}

static void test_modes_states(void** state)
{
    (void)state;
    assert_int_equal(CRYPTO_OPERATIONMODE_START, 0x01);
    assert_int_equal(CRYPTO_OPERATIONMODE_UPDATE, 0x02);
    assert_int_equal(CRYPTO_OPERATIONMODE_STREAMSTART, 0x03);
    assert_int_equal(CRYPTO_OPERATIONMODE_FINISH, 0x04);
    assert_int_equal(CRYPTO_OPERATIONMODE_SINGLECALL, 0x07);
    assert_int_equal(CRYPTO_OPERATIONMODE_SAVE_CONTEXT, 0x08);
    assert_int_equal(CRYPTO_OPERATIONMODE_RESTORE_CONTEXT, 0x10);
    assert_int_equal(CRYPTO_PROCESSING_ASYNC, 0x00);
    assert_int_equal(CRYPTO_PROCESSING_SYNC, 0x01);
    assert_int_equal(CRYPTO_JOBSTATE_IDLE, 0x00);
    assert_int_equal(CRYPTO_JOBSTATE_ACTIVE, 0x01);
}

static void test_algorithms(void** state)
{
    (void)state;
    assert_int_equal(CRYPTO_ALGOFAM_SHA2_256, 0x03);
    assert_int_equal(CRYPTO_ALGOFAM_SHA2_384, 0x04);
    assert_int_equal(CRYPTO_ALGOFAM_SHA2_512, 0x05);
    assert_int_equal(CRYPTO_ALGOFAM_AES, 0x14);
    assert_int_equal(CRYPTO_ALGOFAM_RSA, 0x16);
    assert_int_equal(CRYPTO_ALGOFAM_ED25519, 0x17);
    assert_int_equal(CRYPTO_ALGOFAM_ECCNIST, 0x19);
    assert_int_equal(CRYPTO_ALGOFAM_RNG, 0x1B);
    assert_int_equal(CRYPTO_ALGOFAM_DRBG, 0x20);
    assert_int_equal(CRYPTO_ALGOFAM_HKDF, 0x2B);
    assert_int_equal(CRYPTO_ALGOFAM_ECDSA, 0x2C);
    assert_int_equal(CRYPTO_ALGOFAM_X25519, 0x2E);
    assert_int_equal(CRYPTO_ALGOFAM_CUSTOM, 0xFF);
    assert_int_equal(CRYPTO_ALGOMODE_ECB, 0x01);
    assert_int_equal(CRYPTO_ALGOMODE_CBC, 0x02);
    assert_int_equal(CRYPTO_ALGOMODE_CFB, 0x03);
    assert_int_equal(CRYPTO_ALGOMODE_OFB, 0x04);
    assert_int_equal(CRYPTO_ALGOMODE_CTR, 0x05);
    assert_int_equal(CRYPTO_ALGOMODE_GCM, 0x06);
    assert_int_equal(CRYPTO_ALGOMODE_XTS, 0x07);
    assert_int_equal(CRYPTO_ALGOMODE_HMAC, 0x0F);
    assert_int_equal(CRYPTO_ALGOMODE_CMAC, 0x10);
    assert_int_equal(CRYPTO_ALGOMODE_GMAC, 0x11);
    assert_int_equal(CRYPTO_ALGOMODE_CTRDRBG, 0x12);
}

static void test_key_elements_access(void** state)
{
    (void)state;
    assert_int_equal(CRYPTO_KE_MAC_KEY, 1);
    assert_int_equal(CRYPTO_KE_MAC_PROOF, 2);
    assert_int_equal(CRYPTO_KE_SIGNATURE_KEY, 1);
    assert_int_equal(CRYPTO_KE_RANDOM_SEED_STATE, 3);
    assert_int_equal(CRYPTO_KE_RANDOM_ALGORITHM, 4);
    assert_int_equal(CRYPTO_KE_CIPHER_KEY, 1);
    assert_int_equal(CRYPTO_KE_CIPHER_IV, 5);
    assert_int_equal(CRYPTO_KE_CIPHER_PROOF, 6);
    assert_int_equal(CRYPTO_KE_CIPHER_2NDKEY, 7);
    assert_int_equal(CRYPTO_KE_KEYEXCHANGE_BASE, 8);
    assert_int_equal(CRYPTO_KE_KEYEXCHANGE_PRIVKEY, 9);
    assert_int_equal(CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY, 10);
    assert_int_equal(CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE, 1);
    assert_int_equal(CRYPTO_KE_KEYEXCHANGE_ALGORITHM, 12);
    assert_int_equal(CRYPTO_KE_KEYDERIVATION_PASSWORD, 1);
    assert_int_equal(CRYPTO_KE_KEYDERIVATION_SALT, 13);
    assert_int_equal(CRYPTO_KE_KEYDERIVATION_ITERATIONS, 14);
    assert_int_equal(CRYPTO_KE_KEYDERIVATION_ALGORITHM, 15);
    assert_int_equal(CRYPTO_KE_KEYGENERATE_KEY, 1);
    assert_int_equal(CRYPTO_KE_KEYGENERATE_SEED, 16);
    assert_int_equal(CRYPTO_KE_KEYGENERATE_ALGORITHM, 17);
    assert_int_equal(CRYPTO_KE_VENDOR_FIRST, 98);
    assert_int_equal(CRYPTO_RA_DENIED, 1);
    assert_int_equal(CRYPTO_RA_INTERNAL_COPY, 2);
    assert_int_equal(CRYPTO_RA_ALLOWED, 3);
    assert_int_equal(CRYPTO_RA_ENCRYPTED, 4);
    assert_int_equal(CRYPTO_WA_DENIED, 1);
    assert_int_equal(CRYPTO_WA_INTERNAL_COPY, 2);
    assert_int_equal(CRYPTO_WA_ALLOWED, 3);
    assert_int_equal(CRYPTO_WA_ENCRYPTED, 4);
    assert_int_equal(CRYPTO_REDIRECT_CONFIG_PRIMARY_INPUT, 0x01);
    assert_int_equal(CRYPTO_REDIRECT_CONFIG_SECONDARY_INPUT, 0x02);
    assert_int_equal(CRYPTO_REDIRECT_CONFIG_TERTIARY_INPUT, 0x04);
    assert_int_equal(CRYPTO_REDIRECT_CONFIG_PRIMARY_OUTPUT, 0x10);
    assert_int_equal(CRYPTO_REDIRECT_CONFIG_SECONDARY_OUTPUT, 0x20);
}

/* The base types' sizes, and the job structures' field names (compiling is the check). */
static void test_types(void** state)
{
    Crypto_JobType              job   = {0};
    Crypto_JobInfoType          info  = {.jobId = 7, .jobPriority = 3};
    Crypto_PrimitiveInfoType    prim  = {.resultLength = 16,
                                         .service      = CRYPTO_MACGENERATE,
                                         .algorithm    = {.family          = CRYPTO_ALGOFAM_AES,
                                                          .secondaryFamily = CRYPTO_ALGOFAM_AES,
                                                          .keyLength       = 128,
                                                          .mode            = CRYPTO_ALGOMODE_CMAC,
                                                          .secondaryMode   = CRYPTO_ALGOMODE_CMAC}};
    Crypto_JobPrimitiveInfoType pinfo = {.callbackId                 = 1,
                                         .primitiveInfo              = &prim,
                                         .cryIfKeyId                 = 2,
                                         .processingType             = CRYPTO_PROCESSING_SYNC,
                                         .callbackUpdateNotification = FALSE};
    Std_VersionInfoType         v;

    (void)state;
    assert_int_equal(sizeof(uint8), 1);
    assert_int_equal(sizeof(uint16), 2);
    assert_int_equal(sizeof(uint32), 4);
    job.jobInfo                                          = &info;
    job.jobPrimitiveInfo                                 = &pinfo;
    job.jobPrimitiveInputOutput.secondaryInputLength     = 24; /* bits */
    job.jobPrimitiveInputOutput.tertiaryInputLength      = 0;
    job.jobPrimitiveInputOutput.secondaryOutputLengthPtr = NULL;
    job.jobRedirectionInfoRef                            = NULL;
    job.targetCryptoKeyId                                = 0;
    assert_int_equal(job.jobInfo->jobPriority, 3);
    assert_int_equal(job.jobPrimitiveInfo->primitiveInfo->algorithm.keyLength, 128);

    Crypto_GetVersionInfo(&v);
    assert_int_equal(v.moduleID, 114);
    assert_int_equal(v.vendorID, CRYPTO_VENDOR_ID);
    assert_int_equal(v.sw_major_version, CRYPTO_SW_MAJOR_VERSION);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_return_codes), cmocka_unit_test(test_det_ids),
        cmocka_unit_test(test_services),     cmocka_unit_test(test_modes_states),
        cmocka_unit_test(test_algorithms),   cmocka_unit_test(test_key_elements_access),
        cmocka_unit_test(test_types),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
