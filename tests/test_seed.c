/*
 * test_seed.c: the seed document's snippets (../shared/seed/thread-safety.md), compiled
 * unchanged against our headers and run. The names the snippets use but do not declare
 * (nvmFlashCb, id, buffer, meta, ...) are declared here, before each snippet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"
#include "wolfhsm/wh_server_keystore.h"

/* ---- Names the snippets refer to ---- */
static uint8_t              flashMemory[WH_TEST_FLASH_SIZE];
static whFlashRamsimContext ramsimContext;
static const whFlashCb      ramsimCb   = WH_FLASH_RAMSIM_CB;
static const whNvmCb        nvmFlashCb = WH_NVM_FLASH_CB;
static whNvmFlashContext    flashContext;
static whNvmFlashConfig     flashConfig = {.cb = &ramsimCb, .context = &ramsimContext};
static whNvmContext         nvmContext;

static whNvmId       id;
static whNvmSize     offset;
static whNvmSize     len;
static uint8_t       buffer[64];
static whNvmMetadata meta;
static uint8_t       keyData[32];

/* ---- Snippet: "Platform-Specific Lock Implementation" (file scope, as in the seed) ---- */
#include "port/posix/posix_lock.h"

static posixLockContext lockCtx;
static const whLockCb   lockCb = POSIX_LOCK_CB;

whLockConfig lockConfig = {
    .cb = &lockCb, .context = &lockCtx, .config = NULL, /* Use default mutex attributes */
};

/* ---- Snippet: "Using the Server Lock Macros" ---- */
int my_server_function(whServerContext* server);
int my_server_function(whServerContext* server)
{
    int ret;

    ret = WH_SERVER_NVM_LOCK(server);
    if (ret != WH_ERROR_OK) {
        return ret;
    }

    /* Access NVM or global keystore while holding lock */
    ret = wh_Nvm_Read(server->nvm, id, offset, len, buffer);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_KeystoreCacheKey(server, &meta, keyData);
    }

    (void)WH_SERVER_NVM_UNLOCK(server);
    return ret;
}

/* ---- Snippet: "Using the NVM Lock Macros Directly" ---- */
int my_nvm_function(whNvmContext* nvm);
int my_nvm_function(whNvmContext* nvm)
{
    int ret;

    ret = WH_NVM_LOCK(nvm);
    if (ret != WH_ERROR_OK) {
        return ret;
    }

    /* Access NVM while holding lock */
    ret = wh_Nvm_GetMetadata(nvm, id, &meta);
    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_Read(nvm, id, 0, meta.len, buffer);
    }

    (void)WH_NVM_UNLOCK(nvm);
    return ret;
}

/* ---- Snippet: "Lock Lifecycle", inside a function as the seed shows it ---- */
static int lock_lifecycle(void)
{
    whNvmConfig nvmConfig = {
        .cb      = &nvmFlashCb,
        .context = &flashContext,
        .config  = &flashConfig,
#ifdef WOLFHSM_CFG_THREADSAFE
        .lockConfig = &lockConfig, /* Platform-specific lock config */
#endif
    };

    return wh_Nvm_Init(&nvmContext, &nvmConfig); /* Initializes lock */
}

static int setup(void** state)
{
    const whFlashRamsimConfig ramsimConfig = {.memory      = flashMemory,
                                              .size        = sizeof(flashMemory),
                                              .sectorSize  = WH_TEST_FLASH_SECTOR,
                                              .programUnit = WH_TEST_FLASH_UNIT,
                                              .initErased  = 1};
    (void)state;
    assert_int_equal(ramsimCb.init(&ramsimContext, &ramsimConfig), WH_ERROR_OK);
    assert_int_equal(lock_lifecycle(), WH_ERROR_OK);
    return 0;
}

static int teardown(void** state)
{
    (void)state;
    assert_int_equal(wh_Nvm_Cleanup(&nvmContext), WH_ERROR_OK); /* Cleans up lock */
    (void)ramsimCb.cleanup(&ramsimContext);
    return 0;
}

static void test_lock_lifecycle(void** state)
{
    (void)state;
#ifdef WOLFHSM_CFG_THREADSAFE
    /* The lock was initialised with the NVM context and works. */
    assert_int_equal(WH_NVM_LOCK(&nvmContext), WH_ERROR_OK);
    assert_int_equal(WH_NVM_UNLOCK(&nvmContext), WH_ERROR_OK);
    assert_int_equal(lockCtx.initialized, 1);
#else
    assert_int_equal(WH_NVM_LOCK(&nvmContext), WH_ERROR_OK);
#endif
}

static void addObject(whNvmId objId, const char* text)
{
    whNvmMetadata m = {.id = objId};
    assert_int_equal(wh_Nvm_AddObject(&nvmContext, &m, (whNvmSize)strlen(text),
                                      (const uint8_t*)text),
                     WH_ERROR_OK);
}

static void test_my_nvm_function(void** state)
{
    (void)state;
    addObject(WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 5), "seed object");
    id = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 5);
    memset(buffer, 0, sizeof(buffer));
    assert_int_equal(my_nvm_function(&nvmContext), WH_ERROR_OK);
    assert_int_equal(meta.len, strlen("seed object"));
    assert_memory_equal(buffer, "seed object", meta.len);
    /* A missing object: the lock is released on the error path too. */
    id = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 6);
    assert_int_equal(my_nvm_function(&nvmContext), WH_ERROR_NOTFOUND);
    assert_int_equal(my_nvm_function(&nvmContext), WH_ERROR_NOTFOUND);
}

static void test_my_server_function(void** state)
{
    static whTestPair p;
    whNvmMetadata     got;
    uint8_t           out[sizeof(keyData)];
    whNvmSize         outLen = sizeof(out);
    (void)state;

    whTest_PairInit(&p, &nvmContext, 2, 0, 0);
    addObject(WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 2, 1), "0123456789");
    id     = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 2, 1);
    offset = 2;
    len    = 5;
    memset(buffer, 0, sizeof(buffer));
    memset(keyData, 0xA7, sizeof(keyData));
    memset(&meta, 0, sizeof(meta));
    meta.id    = WH_NVM_MAKE_ID(WH_NVM_TYPE_KEY, 2, 9);
    meta.len   = sizeof(keyData);
    meta.flags = WH_NVM_FLAGS_USAGE_SIGN;

    assert_int_equal(my_server_function(&p.server), WH_ERROR_OK);
    assert_memory_equal(buffer, "23456", 5);
    /* The key is in the server's cache. */
    assert_int_equal(WH_SERVER_NVM_LOCK(&p.server), WH_ERROR_OK);
    assert_int_equal(wh_Server_KeystoreReadKey(&p.server, meta.id, &got, out, &outLen),
                     WH_ERROR_OK);
    (void)WH_SERVER_NVM_UNLOCK(&p.server);
    assert_int_equal(outLen, sizeof(keyData));
    assert_memory_equal(out, keyData, sizeof(keyData));
    assert_int_equal(got.flags, WH_NVM_FLAGS_USAGE_SIGN);
    whTest_PairCleanup(&p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lock_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_my_nvm_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_my_server_function, setup, teardown),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
