/*
 * test_padding.c: one of every wire struct, compiled with -Wpadded -Werror (see the
 * Makefile): a struct that crosses the core boundary with hidden padding fails the build.
 * At run time, each size is checked against the documented wire size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_transport_mem.h"

static whCommHeader header;
static whCommPacket packet;
static whMailbox    mailbox;
/* Every message struct of every group. */
static whMessageCommConnectRequest     mCommConnectRequest;
static whMessageCommConnectResponse    mCommConnectResponse;
static whMessageCommInfoResponse       mCommInfoResponse;
static whMessageCounterInitRequest     mCounterInitRequest;
static whMessageCounterValueResponse   mCounterValueResponse;
static whMessageCryptoRngRequest       mCryptoRngRequest;
static whMessageCryptoOutResponse      mCryptoOutResponse;
static whMessageCryptoDigestRequest    mCryptoDigestRequest;
static whMessageCryptoCipherRequest    mCryptoCipherRequest;
static whMessageCryptoNewKey           mCryptoNewKey;
static whMessageCryptoHkdfRequest      mCryptoHkdfRequest;
static whMessageCryptoKeygenRequest    mCryptoKeygenRequest;
static whMessageCryptoKeyResponse      mCryptoKeyResponse;
static whMessageCryptoSignRequest      mCryptoSignRequest;
static whMessageCryptoVerifyRequest    mCryptoVerifyRequest;
static whMessageCryptoSharedRequest    mCryptoSharedRequest;
static whMessageCryptoMacRequest       mCryptoMacRequest;
static whMessageCryptoDigestDmaRequest mCryptoDigestDmaRequest;
static whMessageCryptoGcmDmaRequest    mCryptoGcmDmaRequest;
static whMessageCryptoVerifyDmaRequest mCryptoVerifyDmaRequest;
static whMessageKeyCacheRequest        mKeyCacheRequest;
static whMessageKeyCacheResponse       mKeyCacheResponse;
static whMessageKeyExportResponse      mKeyExportResponse;
static whMessageIdRequest              mIdRequest;
static whMessageNvmAvailableResponse   mNvmAvailableResponse;
static whMessageNvmAddObjectRequest    mNvmAddObjectRequest;
static whMessageNvmListRequest         mNvmListRequest;
static whMessageNvmListResponse        mNvmListResponse;
static whMessageNvmMetadataResponse    mNvmMetadataResponse;
static whMessageNvmDestroyRequest      mNvmDestroyRequest;
static whMessageNvmReadRequest         mNvmReadRequest;
static whMessageNvmReadResponse        mNvmReadResponse;
static whMessageNvmAddObjectDmaRequest mNvmAddObjectDmaRequest;
static whMessageNvmReadDmaRequest      mNvmReadDmaRequest;
static whMessageSheLoadKeyRequest      mSheLoadKeyRequest;
static whMessageSheLoadKeyResponse     mSheLoadKeyResponse;
static whMessageSheExportResponse      mSheExportResponse;
static whMessageSheBlock               mSheBlock;
static whMessageSheStatusResponse      mSheStatusResponse;
static whMessageSheGetIdResponse       mSheGetIdResponse;
static whMessageSheCipher              mSheCipher;
static whMessageSheMacRequest          mSheMacRequest;
static whMessageSheVerifyResponse      mSheVerifyResponse;

static void test_wire_sizes(void** state)
{
    (void)state;
    assert_int_equal(sizeof(header), 8);
    assert_int_equal(sizeof(packet), 8 + WOLFHSM_CFG_COMM_DATA_LEN);
    assert_int_equal(sizeof(mCommConnectRequest), 32);
    assert_int_equal(sizeof(mCommConnectResponse), 4);
    assert_int_equal(sizeof(mCommInfoResponse), 16);
    assert_int_equal(sizeof(mCounterInitRequest), 8);
    assert_int_equal(sizeof(mCounterValueResponse), 4);
    assert_int_equal(sizeof(mSheLoadKeyRequest), 64);
    assert_int_equal(sizeof(mSheLoadKeyResponse), 48);
    assert_int_equal(sizeof(mSheExportResponse), 112);
    assert_int_equal(sizeof(mSheBlock), 16);
    assert_int_equal(sizeof(mSheStatusResponse), 4);
    assert_int_equal(sizeof(mSheGetIdResponse), 32);
    assert_int_equal(sizeof(mSheCipher), 24);
    assert_int_equal(sizeof(mSheMacRequest), 8);
    assert_int_equal(sizeof(mSheVerifyResponse), 4);
    assert_int_equal(sizeof(mCryptoRngRequest), 4);
    assert_int_equal(sizeof(mCryptoOutResponse), 4);
    assert_int_equal(sizeof(mCryptoDigestRequest), 12);
    assert_int_equal(sizeof(mCryptoCipherRequest), 16);
    assert_int_equal(sizeof(mCryptoNewKey), 28);
    assert_int_equal(sizeof(mCryptoHkdfRequest), 40);
    assert_int_equal(sizeof(mCryptoKeygenRequest), 32);
    assert_int_equal(sizeof(mCryptoKeyResponse), 4);
    assert_int_equal(sizeof(mCryptoSignRequest), 8);
    assert_int_equal(sizeof(mCryptoVerifyRequest), 12);
    assert_int_equal(sizeof(mCryptoSharedRequest), 32);
    assert_int_equal(sizeof(mCryptoMacRequest), 8);
    assert_int_equal(sizeof(mCryptoDigestDmaRequest), 24);
    assert_int_equal(sizeof(mCryptoGcmDmaRequest), 40);
    assert_int_equal(sizeof(mCryptoVerifyDmaRequest), 24);
    assert_int_equal(sizeof(mKeyCacheRequest), 32);
    assert_int_equal(sizeof(mKeyCacheResponse), 4);
    assert_int_equal(sizeof(mKeyExportResponse), 28);
    assert_int_equal(sizeof(mIdRequest), 4);
    assert_int_equal(sizeof(mNvmAvailableResponse), 12);
    assert_int_equal(sizeof(mNvmAddObjectRequest), 32);
    assert_int_equal(sizeof(mNvmListRequest), 8);
    assert_int_equal(sizeof(mNvmListResponse), 4);
    assert_int_equal(sizeof(mNvmMetadataResponse), 32);
    assert_int_equal(sizeof(mNvmDestroyRequest), 4 + 2 * WH_MESSAGE_NVM_MAX_DESTROY);
    assert_int_equal(sizeof(mNvmReadRequest), 8);
    assert_int_equal(sizeof(mNvmReadResponse), 4);
    assert_int_equal(sizeof(mNvmAddObjectDmaRequest), 40);
    assert_int_equal(sizeof(mNvmReadDmaRequest), 16);
    assert_int_equal(sizeof(mailbox), 2 * WOLFHSM_CFG_CACHE_LINE + WH_MAILBOX_BUFFER_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
