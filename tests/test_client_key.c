/*
 * test_client_key.c: the KEY group through the client API: cache, export, evict, commit,
 * erase; id allocation, cache capacity, load-on-use, flags. Sequential (Request, serve,
 * Response in one thread); the blocking wrappers run against a server thread.
 */
#ifndef WH_TEST_TARGET
#include <pthread.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 5
#define OTHER_CLIENT_ID 6
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */
#define SLOTS WOLFHSM_CFG_SERVER_KEYCACHE_COUNT

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInitConnected(&pair, NULL, CLIENT_ID);
    *state = &pair;
    return 0;
}

static int teardown(void** state)
{
    whTest_PairCleanup(*state);
    return 0;
}

static int setupShared(void** state)
{
    static whTestShared f;
    whTest_SharedInit(&f, CLIENT_ID, OTHER_CLIENT_ID);
    *state = &f;
    return 0;
}

static int teardownShared(void** state)
{
    whTest_SharedCleanup(*state);
    return 0;
}

/* ---- sequential helpers: each asserts the transport status and returns the HSM's rc ---- */

/* Cache key under id (0: the HSM picks); *out_id (may be NULL) gets the id used. */
static int32_t keyCache(whTestPair* p, uint16_t id, uint16_t flags, const char* label, uint16_t len,
                        const uint8_t* key, uint16_t* out_id)
{
    int32_t  rc       = RC_UNSET;
    uint16_t labelLen = (label != NULL) ? (uint16_t)strlen(label) : 0u;

    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, id, flags, labelLen,
                                               (const uint8_t*)label, len, key),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, out_id, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Export into key (capacity *inout_len). flags and label (WH_NVM_LABEL_LEN) may be NULL. */
static int32_t keyExport(whTestPair* p, uint16_t id, uint16_t* flags, uint8_t* label,
                         uint16_t* inout_len, uint8_t* key)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_KeyExportRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyExportResponse(&p->client, flags,
                                                 (label != NULL) ? WH_NVM_LABEL_LEN : 0, label,
                                                 inout_len, key, &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t keyEvict(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyEvictRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyEvictResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS /* test_global_key_owner's */
/* A copy made by the HSM of key srcId (a new local key): the HSM's rc. */
static int32_t keyCopy(whTestPair* p, uint16_t srcId)
{
    int32_t  rc = RC_UNSET;
    uint16_t id = 0;

    assert_int_equal(wh_Client_KeyCopyRequest(&p->client, 0, 0, srcId), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCopyResponse(&p->client, &id, &rc), WH_ERROR_OK);
    if (rc == WH_ERROR_OK) {
        assert_int_not_equal(id, 0);
        assert_int_equal(keyEvict(p, id), WH_ERROR_OK);
    }
    return rc;
}
#endif

static int32_t keyCommit(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyCommitRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCommitResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t keyErase(whTestPair* p, uint16_t id)
{
    int32_t rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyEraseRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyEraseResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Export of id returns exactly these bytes, flags and label (NULL: all zero). */
static void expectKey(whTestPair* p, uint16_t id, const uint8_t* key, uint16_t len, uint16_t flags,
                      const char* label)
{
    static uint8_t out[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint8_t        outLabel[WH_NVM_LABEL_LEN];
    uint8_t        expLabel[WH_NVM_LABEL_LEN] = {0};
    uint16_t       outLen                     = sizeof(out);
    uint16_t       outFlags                   = (uint16_t)~flags;

    if (label != NULL) {
        memcpy(expLabel, label, strlen(label));
    }
    memset(out, 0, sizeof(out));
    memset(outLabel, 0xEE, sizeof(outLabel));
    assert_int_equal(keyExport(p, id, &outFlags, outLabel, &outLen, out), WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, key, len);
    assert_int_equal(outFlags, flags);
    assert_memory_equal(outLabel, expLabel, sizeof(expLabel));
}

static void expectNoKey(whTestPair* p, uint16_t id)
{
    uint8_t  out[8];
    uint16_t outLen = sizeof(out);

    memset(out, 0xA5, sizeof(out));
    assert_int_equal(keyExport(p, id, NULL, NULL, &outLen, out), WH_ERROR_NOTFOUND);
    assert_int_equal(outLen, sizeof(out));
    assert_int_equal(out[0], 0xA5);
}

/* ---- tests ---- */

static void test_cache_explicit_id_export(void** state)
{
    whTestPair*    p = *state;
    uint8_t        key[32];
    uint16_t       id    = 0;
    const uint16_t flags = WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY;

    whTest_Fill(key, sizeof(key), 1);
    assert_int_equal(keyCache(p, 10, flags, "ecu-sign-key", sizeof(key), key, &id), WH_ERROR_OK);
    assert_int_equal(id, 10);
    expectKey(p, 10, key, sizeof(key), flags, "ecu-sign-key");
    /* Exporting does not consume it. */
    expectKey(p, 10, key, sizeof(key), flags, "ecu-sign-key");
    /* Only that number. */
    expectNoKey(p, 11);
    expectNoKey(p, 9);

    /* A short label buffer receives only what it holds. */
    {
        uint8_t  out[64];
        uint8_t  lbl[8];
        uint16_t outLen = sizeof(out);
        int32_t  rc     = RC_UNSET;
        memset(lbl, 0xEE, sizeof(lbl));
        assert_int_equal(wh_Client_KeyExportRequest(&p->client, 10), WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_KeyExportResponse(&p->client, NULL, 3, lbl, &outLen, out, &rc),
                         WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
        assert_memory_equal(lbl, "ecu", 3);
        assert_int_equal(lbl[3], 0xEE);
    }
}

static void test_cache_allocates_ids(void** state)
{
    whTestPair* p = *state;
    uint8_t     keys[5][16];
    uint8_t     k1[16];
    uint8_t     k2[16];
    uint16_t    ids[5];
    uint16_t    id = 0;
    int         i, j;

    whTest_Fill(k1, sizeof(k1), 0xE1);
    whTest_Fill(k2, sizeof(k2), 0xE2);
    /* Number 1 is cached, number 2 only committed to NVM: neither may be handed out. */
    assert_int_equal(keyCache(p, 1, 0, NULL, sizeof(k1), k1, &id), WH_ERROR_OK);
    assert_int_equal(keyCache(p, 2, 0, NULL, sizeof(k2), k2, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(p, 2), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, 2), WH_ERROR_OK);

    for (i = 0; i < 5; i++) {
        whTest_Fill(keys[i], sizeof(keys[i]), (uint8_t)(0x50 + i));
        ids[i] = 0;
        assert_int_equal(keyCache(p, 0, 0, NULL, sizeof(keys[i]), keys[i], &ids[i]), WH_ERROR_OK);
        /* A client id: a number, no owner or type bits, not global. */
        assert_int_not_equal(ids[i], 0);
        assert_int_equal(ids[i] & ~0xFFu, 0);
        assert_int_not_equal(ids[i], 1);
        assert_int_not_equal(ids[i], 2);
        for (j = 0; j < i; j++) {
            assert_int_not_equal(ids[i], ids[j]);
        }
    }
    for (i = 0; i < 5; i++) {
        expectKey(p, ids[i], keys[i], sizeof(keys[i]), 0, NULL);
    }
    expectKey(p, 1, k1, sizeof(k1), 0, NULL);
    expectKey(p, 2, k2, sizeof(k2), 0, NULL); /* not overwritten by an allocation */
}

static void test_export_nonexportable(void** state)
{
    whTestPair*    p = *state;
    uint8_t        key[24];
    uint8_t        out[64];
    uint8_t        label[WH_NVM_LABEL_LEN];
    uint16_t       outLen = sizeof(out);
    uint16_t       flags  = 0x5555;
    uint16_t       id     = 0;
    const uint16_t id7    = 7;
    size_t         i;

    whTest_Fill(key, sizeof(key), 0x42);
    assert_int_equal(keyCache(p, id7, WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_USAGE_SIGN,
                              "secret", sizeof(key), key, &id),
                     WH_ERROR_OK);
    assert_int_equal(id, id7);
    memset(out, 0xA5, sizeof(out));
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(keyExport(p, id7, &flags, label, &outLen, out), WH_ERROR_ACCESS);
    /* Nothing leaves: no key bytes, no length, no flags, no label. */
    for (i = 0; i < sizeof(out); i++) {
        assert_int_equal(out[i], 0xA5);
    }
    assert_int_equal(outLen, sizeof(out));
    assert_int_equal(flags, 0x5555);
    assert_int_equal(label[0], 0xEE);

    /* Still refused when it comes back from NVM. */
    assert_int_equal(keyCommit(p, id7), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, id7), WH_ERROR_OK);
    assert_int_equal(keyExport(p, id7, &flags, label, &outLen, out), WH_ERROR_ACCESS);
    for (i = 0; i < sizeof(out); i++) {
        assert_int_equal(out[i], 0xA5);
    }
    /* The key is still there: erase finds it. */
    assert_int_equal(keyErase(p, id7), WH_ERROR_OK);
    expectNoKey(p, id7);
}

static void test_evict_uncommitted_is_gone(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint16_t    id = 0;

    whTest_Fill(key, sizeof(key), 3);
    assert_int_equal(keyCache(p, 12, 0, "tmp", sizeof(key), key, &id), WH_ERROR_OK);
    expectKey(p, 12, key, sizeof(key), 0, "tmp");
    assert_int_equal(keyEvict(p, 12), WH_ERROR_OK);
    expectNoKey(p, 12);
    assert_int_equal(keyEvict(p, 12), WH_ERROR_NOTFOUND);
    assert_int_equal(keyCommit(p, 12), WH_ERROR_NOTFOUND);
    assert_int_equal(keyErase(p, 12), WH_ERROR_NOTFOUND);
    /* Never cached at all. */
    assert_int_equal(keyEvict(p, 13), WH_ERROR_NOTFOUND);
    assert_int_equal(keyCommit(p, 13), WH_ERROR_NOTFOUND);
    assert_int_equal(keyErase(p, 13), WH_ERROR_NOTFOUND);
}

static void test_commit_evict_load_on_use(void** state)
{
    whTestPair*    p = *state;
    uint8_t        key[48];
    uint16_t       id    = 0;
    const uint16_t flags = WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT;

    whTest_Fill(key, sizeof(key), 4);
    assert_int_equal(keyCache(p, 20, flags, "aes-key", sizeof(key), key, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(p, 20), WH_ERROR_OK);
    assert_int_equal(keyCommit(p, 20), WH_ERROR_OK); /* committing twice is harmless */
    assert_int_equal(keyEvict(p, 20), WH_ERROR_OK);
    /* Not cached any more (evicting again finds nothing), yet export loads it from NVM. */
    assert_int_equal(keyEvict(p, 20), WH_ERROR_NOTFOUND);
    expectKey(p, 20, key, sizeof(key), flags, "aes-key");
    /* Now cached again: evict finds it, and it loads once more. */
    assert_int_equal(keyEvict(p, 20), WH_ERROR_OK);
    expectKey(p, 20, key, sizeof(key), flags, "aes-key");
}

static void test_erase(void** state)
{
    whTestShared* f = *state;
    uint8_t       k1[32];
    uint8_t       k2[32];
    uint8_t       k3[32];
    uint16_t      id = 0;

    whTest_Fill(k1, sizeof(k1), 0x11);
    whTest_Fill(k2, sizeof(k2), 0x22);
    whTest_Fill(k3, sizeof(k3), 0x33);
    /* Committed and cached: erase removes both copies. */
    assert_int_equal(keyCache(&f->a, 1, 0, "one", sizeof(k1), k1, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, 1), WH_ERROR_OK);
    assert_int_equal(keyErase(&f->a, 1), WH_ERROR_OK);
    expectNoKey(&f->a, 1);
    assert_int_equal(keyErase(&f->a, 1), WH_ERROR_NOTFOUND);
    /* Committed, not cached. */
    assert_int_equal(keyCache(&f->a, 2, 0, NULL, sizeof(k2), k2, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, 2), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->a, 2), WH_ERROR_OK);
    assert_int_equal(keyErase(&f->a, 2), WH_ERROR_OK);
    expectNoKey(&f->a, 2);
    /* Only cached. */
    assert_int_equal(keyCache(&f->a, 4, 0, NULL, sizeof(k1), k1, &id), WH_ERROR_OK);
    assert_int_equal(keyErase(&f->a, 4), WH_ERROR_OK);
    expectNoKey(&f->a, 4);
    /* Non-destroyable: refused, still there. */
    assert_int_equal(keyCache(&f->a, 5, WH_NVM_FLAGS_NONDESTROYABLE, NULL, sizeof(k3), k3, &id),
                     WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, 5), WH_ERROR_OK);
    assert_int_equal(keyErase(&f->a, 5), WH_ERROR_ACCESS);
    expectKey(&f->a, 5, k3, sizeof(k3), WH_NVM_FLAGS_NONDESTROYABLE, NULL);
    /* A committed key that is not erased: the control for the reboot below. */
    assert_int_equal(keyCache(&f->a, 3, WH_NVM_FLAGS_USAGE_DERIVE, "kept", sizeof(k3), k3, &id),
                     WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, 3), WH_ERROR_OK);

    whTest_SharedReboot(f);
    expectNoKey(&f->a, 1);
    expectNoKey(&f->a, 2);
    expectNoKey(&f->a, 4);
    expectKey(&f->a, 3, k3, sizeof(k3), WH_NVM_FLAGS_USAGE_DERIVE, "kept");
    expectKey(&f->a, 5, k3, sizeof(k3), WH_NVM_FLAGS_NONDESTROYABLE, NULL);
    assert_int_equal(keyErase(&f->a, 3), WH_ERROR_OK);
    whTest_SharedReboot(f);
    expectNoKey(&f->a, 3);
}

static void test_uncommitted_lost_on_reboot(void** state)
{
    whTestShared* f = *state;
    uint8_t       key[16];
    uint16_t      id = 0;

    whTest_Fill(key, sizeof(key), 0x99);
    assert_int_equal(keyCache(&f->a, 8, 0, NULL, sizeof(key), key, &id), WH_ERROR_OK);
    assert_int_equal(keyCache(&f->a, 9, 0, NULL, sizeof(key), key, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, 9), WH_ERROR_OK);
    whTest_SharedReboot(f);
    expectNoKey(&f->a, 8);
    expectKey(&f->a, 9, key, sizeof(key), 0, NULL);
}

static void test_cache_full_of_uncommitted(void** state)
{
    whTestPair* p = *state;
    uint8_t     keys[SLOTS + 1][16];
    uint16_t    id = 0;
    uint16_t    i;

    for (i = 0; i <= SLOTS; i++) {
        whTest_Fill(keys[i], sizeof(keys[i]), (uint8_t)i);
    }
    for (i = 0; i < SLOTS; i++) {
        assert_int_equal(keyCache(p, (uint16_t)(i + 1), 0, NULL, 16, keys[i], &id), WH_ERROR_OK);
    }
    /* No slot left and nothing that may be dropped: NOSPACE, with an id or without. */
    assert_int_equal(keyCache(p, SLOTS + 1, 0, NULL, 16, keys[SLOTS], &id), WH_ERROR_NOSPACE);
    id = 0x7777;
    assert_int_equal(keyCache(p, 0, 0, NULL, 16, keys[SLOTS], &id), WH_ERROR_NOSPACE);
    assert_int_equal(id, 0x7777); /* untouched on error */
    /* Nothing was dropped to make room. */
    for (i = 0; i < SLOTS; i++) {
        expectKey(p, (uint16_t)(i + 1), keys[i], 16, 0, NULL);
    }
    expectNoKey(p, SLOTS + 1);
    /* Replacing a cached key needs no new slot. */
    assert_int_equal(keyCache(p, 1, 0, NULL, 16, keys[SLOTS], &id), WH_ERROR_OK);
    expectKey(p, 1, keys[SLOTS], 16, 0, NULL);
    /* Evicting one makes room for one. */
    assert_int_equal(keyEvict(p, 2), WH_ERROR_OK);
    assert_int_equal(keyCache(p, SLOTS + 1, 0, NULL, 16, keys[SLOTS], &id), WH_ERROR_OK);
    expectKey(p, SLOTS + 1, keys[SLOTS], 16, 0, NULL);
    assert_int_equal(keyCache(p, SLOTS + 2, 0, NULL, 16, keys[0], &id), WH_ERROR_NOSPACE);
}

static void test_committed_evicted_for_room(void** state)
{
    whTestPair* p = *state;
    uint8_t     old[SLOTS][20];
    uint8_t     fresh[SLOTS][20];
    uint8_t     out[20];
    uint16_t    outLen = sizeof(out);
    uint16_t    id     = 0;
    uint16_t    i;

    /* Fill the cache with committed keys 1..SLOTS. */
    for (i = 0; i < SLOTS; i++) {
        whTest_Fill(old[i], sizeof(old[i]), (uint8_t)(0x10 + i));
        whTest_Fill(fresh[i], sizeof(fresh[i]), (uint8_t)(0x80 + i));
        assert_int_equal(keyCache(p, (uint16_t)(1 + i), WH_NVM_FLAGS_USAGE_SIGN, "old", 20, old[i],
                                  &id),
                         WH_ERROR_OK);
        assert_int_equal(keyCommit(p, (uint16_t)(1 + i)), WH_ERROR_OK);
    }
    /* New keys take the committed ones' slots, one by one. */
    for (i = 0; i < SLOTS; i++) {
        assert_int_equal(keyCache(p, (uint16_t)(100 + i), 0, "new", 20, fresh[i], &id),
                         WH_ERROR_OK);
    }
    /* Now every slot holds an uncommitted key. */
    assert_int_equal(keyCache(p, 200, 0, NULL, 20, fresh[0], &id), WH_ERROR_NOSPACE);
    /* A committed key needs a slot to load into: none may be freed. */
    memset(out, 0xA5, sizeof(out));
    assert_int_equal(keyExport(p, 1, NULL, NULL, &outLen, out), WH_ERROR_NOSPACE);
    assert_int_equal(out[0], 0xA5);
    /* Committing one new key makes its slot reusable: the old key loads back intact. */
    assert_int_equal(keyCommit(p, 100), WH_ERROR_OK);
    expectKey(p, 1, old[0], 20, WH_NVM_FLAGS_USAGE_SIGN, "old");
    for (i = 1; i < SLOTS; i++) {
        expectKey(p, (uint16_t)(100 + i), fresh[i], 20, 0, "new");
    }
    /* And key 100, displaced by key 1, loads back too (displacing key 1, now committed). */
    expectKey(p, 100, fresh[0], 20, 0, "new");
    for (i = 0; i < SLOTS; i++) {
        assert_int_equal(keyCommit(p, (uint16_t)(100 + i)), WH_ERROR_OK);
    }
    for (i = 0; i < SLOTS; i++) {
        expectKey(p, (uint16_t)(1 + i), old[i], 20, WH_NVM_FLAGS_USAGE_SIGN, "old");
    }
    for (i = 0; i < SLOTS; i++) {
        expectKey(p, (uint16_t)(100 + i), fresh[i], 20, 0, "new");
    }
}

static void test_replace_same_id(void** state)
{
    whTestPair* p = *state;
    uint8_t     v1[16];
    uint8_t     v2[40];
    uint8_t     v3[8];
    uint8_t     k[16];
    uint16_t    id = 0;
    uint16_t    i;

    whTest_Fill(v1, sizeof(v1), 0x01);
    whTest_Fill(v2, sizeof(v2), 0x02);
    whTest_Fill(v3, sizeof(v3), 0x03);
    whTest_Fill(k, sizeof(k), 0x04);
    assert_int_equal(keyCache(p, 5, WH_NVM_FLAGS_USAGE_SIGN, "v1", sizeof(v1), v1, &id),
                     WH_ERROR_OK);
    assert_int_equal(keyCache(p, 5, WH_NVM_FLAGS_USAGE_ENCRYPT, "v2", sizeof(v2), v2, &id),
                     WH_ERROR_OK);
    assert_int_equal(id, 5);
    expectKey(p, 5, v2, sizeof(v2), WH_NVM_FLAGS_USAGE_ENCRYPT, "v2");
    /* The replacement took no second slot: SLOTS - 1 other keys still fit. */
    for (i = 1; i < SLOTS; i++) {
        assert_int_equal(keyCache(p, (uint16_t)(50 + i), 0, NULL, sizeof(k), k, &id), WH_ERROR_OK);
    }
    assert_int_equal(keyCache(p, 60, 0, NULL, sizeof(k), k, &id), WH_ERROR_NOSPACE);
    expectKey(p, 5, v2, sizeof(v2), WH_NVM_FLAGS_USAGE_ENCRYPT, "v2");

    /* Replacing a committed key changes the cached copy only, until committed. */
    assert_int_equal(keyCommit(p, 5), WH_ERROR_OK);
    assert_int_equal(keyCache(p, 5, 0, "v3", sizeof(v3), v3, &id), WH_ERROR_OK);
    expectKey(p, 5, v3, sizeof(v3), 0, "v3");
    assert_int_equal(keyEvict(p, 5), WH_ERROR_OK);
    expectKey(p, 5, v2, sizeof(v2), WH_NVM_FLAGS_USAGE_ENCRYPT, "v2");
    assert_int_equal(keyCache(p, 5, 0, "v3", sizeof(v3), v3, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(p, 5), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, 5), WH_ERROR_OK);
    expectKey(p, 5, v3, sizeof(v3), 0, "v3");
}

static void test_nonmodifiable(void** state)
{
    whTestPair*    p = *state;
    uint8_t        orig[16];
    uint8_t        other[16];
    uint16_t       id    = 0;
    const uint16_t flags = WH_NVM_FLAGS_NONMODIFIABLE | WH_NVM_FLAGS_USAGE_VERIFY;

    whTest_Fill(orig, sizeof(orig), 0x31);
    whTest_Fill(other, sizeof(other), 0x32);
    assert_int_equal(keyCache(p, 7, flags, "root", sizeof(orig), orig, &id), WH_ERROR_OK);
    /* Cached: cannot be replaced. */
    assert_int_equal(keyCache(p, 7, 0, NULL, sizeof(other), other, &id), WH_ERROR_ACCESS);
    expectKey(p, 7, orig, sizeof(orig), flags, "root");
    /* Committed and not cached: cannot be re-cached either. */
    assert_int_equal(keyCommit(p, 7), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, 7), WH_ERROR_OK);
    assert_int_equal(keyCache(p, 7, 0, NULL, sizeof(other), other, &id), WH_ERROR_ACCESS);
    assert_int_equal(keyCache(p, 7, flags, "root", sizeof(other), other, &id), WH_ERROR_ACCESS);
    expectKey(p, 7, orig, sizeof(orig), flags, "root");
    assert_int_equal(keyEvict(p, 7), WH_ERROR_OK);
    expectKey(p, 7, orig, sizeof(orig), flags, "root");
}

static void test_key_too_large(void** state)
{
    whTestPair*              p = *state;
    static uint8_t           key[WOLFHSM_CFG_KEYCACHE_BUFSIZE + 1];
    uint16_t                 id = 0;
    int32_t                  rc = RC_UNSET;
    uint16_t                 size;
    whMessageKeyCacheRequest q = {.id = 31, .len = WOLFHSM_CFG_KEYCACHE_BUFSIZE + 1};

    whTest_Fill(key, sizeof(key), 0x77);
    /* The largest key fits and comes back whole. */
    assert_int_equal(keyCache(p, 30, 0, NULL, WOLFHSM_CFG_KEYCACHE_BUFSIZE, key, &id), WH_ERROR_OK);
    expectKey(p, 30, key, WOLFHSM_CFG_KEYCACHE_BUFSIZE, 0, NULL);
    assert_int_equal(keyCommit(p, 30), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, 30), WH_ERROR_OK);
    expectKey(p, 30, key, WOLFHSM_CFG_KEYCACHE_BUFSIZE, 0, NULL);

    /* One byte more: refused locally... */
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, 31, 0, 0, NULL,
                                               WOLFHSM_CFG_KEYCACHE_BUFSIZE + 1, key),
                     WH_ERROR_BADARGS);
    whTest_AssertNothingSent(p);
    /* ...and by the HSM when a client sends it anyway. */
    memcpy(wh_CommClient_GetData(&p->client.comm), &q, sizeof(q));
    memcpy(wh_CommClient_GetData(&p->client.comm) + sizeof(q), key, sizeof(key));
    assert_int_equal(wh_CommClient_SendRequest(&p->client.comm,
                                               WH_MESSAGE_KIND(WH_MESSAGE_GROUP_KEY,
                                                               WH_MESSAGE_KEY_ACTION_CACHE),
                                               (uint16_t)(sizeof(q) + sizeof(key))),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_CommClient_RecvResponse(&p->client.comm, &size, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);
    assert_int_equal(size, 0);
    expectNoKey(p, 31);
    expectKey(p, 30, key, WOLFHSM_CFG_KEYCACHE_BUFSIZE, 0, NULL);
}

static void test_usage_flags_stored(void** state)
{
    whTestPair*    p       = *state;
    const uint16_t flags[] = {
        WH_NVM_FLAGS_NONE,
        WH_NVM_FLAGS_USAGE_ENCRYPT,
        WH_NVM_FLAGS_USAGE_DECRYPT,
        WH_NVM_FLAGS_USAGE_SIGN,
        WH_NVM_FLAGS_USAGE_VERIFY,
        WH_NVM_FLAGS_USAGE_DERIVE,
        WH_NVM_FLAGS_USAGE_ANY,
        WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_SENSITIVE | WH_NVM_FLAGS_NONDESTROYABLE,
    };
    uint8_t  key[16];
    uint16_t id = 0;
    size_t   i;

    _Static_assert(sizeof(flags) / sizeof(flags[0]) <= SLOTS, "one slot per key");
    whTest_Fill(key, sizeof(key), 0x60);
    for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        key[0] = (uint8_t)i;
        assert_int_equal(keyCache(p, (uint16_t)(40 + i), flags[i], "usage", sizeof(key), key, &id),
                         WH_ERROR_OK);
    }
    for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        key[0] = (uint8_t)i;
        expectKey(p, (uint16_t)(40 + i), key, sizeof(key), flags[i], "usage");
        /* The same after a round trip through NVM. */
        assert_int_equal(keyCommit(p, (uint16_t)(40 + i)), WH_ERROR_OK);
        assert_int_equal(keyEvict(p, (uint16_t)(40 + i)), WH_ERROR_OK);
        expectKey(p, (uint16_t)(40 + i), key, sizeof(key), flags[i], "usage");
    }
}

static void test_commit_when_store_full(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[32];
    uint8_t     data[4] = {1, 2, 3, 4};
    uint16_t    id      = 0;
    uint16_t    n       = 0;
    int32_t     rc      = WH_ERROR_OK;

    whTest_Fill(key, sizeof(key), 0xF1);
    assert_int_equal(keyCache(p, 9, WH_NVM_FLAGS_USAGE_SIGN, "full", sizeof(key), key, &id),
                     WH_ERROR_OK);
    /* Every NVM object slot taken by client objects. */
    while (rc == WH_ERROR_OK) {
        assert_true(n < 255);
        assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, (uint16_t)(n + 1), 0, 0, 0, NULL,
                                                       sizeof(data), data),
                         WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
        n = (uint16_t)(n + (rc == WH_ERROR_OK));
    }
    assert_int_equal(rc, WH_ERROR_NOSPACE);
    assert_int_equal(n, WOLFHSM_CFG_NVM_OBJECT_COUNT);
    /* Commit cannot store it; the cached key is untouched and still uncommitted. */
    assert_int_equal(keyCommit(p, 9), WH_ERROR_NOSPACE);
    expectKey(p, 9, key, sizeof(key), WH_NVM_FLAGS_USAGE_SIGN, "full");
    /* Room made: the commit goes through, and the key comes back from NVM. */
    {
        const uint16_t one = 1;
        assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, &one), WH_ERROR_OK);
        whTest_Serve(p);
        assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(keyCommit(p, 9), WH_ERROR_OK);
    assert_int_equal(keyEvict(p, 9), WH_ERROR_OK);
    expectKey(p, 9, key, sizeof(key), WH_NVM_FLAGS_USAGE_SIGN, "full");
}

static void test_bad_ids(void** state)
{
    whTestPair*    p = *state;
    uint8_t        key[16];
    uint8_t        out[16];
    uint16_t       outLen = sizeof(out);
    uint16_t       id     = 0x7777;
    const uint16_t bad[]  = {0x0201, 0x0300, 0x8001, 0x2001, 0xFFFF, 0x0200};
    size_t         i;

    whTest_Fill(key, sizeof(key), 0x70);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(keyCache(p, bad[i], 0, NULL, sizeof(key), key, &id), WH_ERROR_BADARGS);
        assert_int_equal(id, 0x7777);
        assert_int_equal(keyExport(p, bad[i], NULL, NULL, &outLen, out), WH_ERROR_BADARGS);
        assert_int_equal(keyEvict(p, bad[i]), WH_ERROR_BADARGS);
        assert_int_equal(keyCommit(p, bad[i]), WH_ERROR_BADARGS);
        assert_int_equal(keyErase(p, bad[i]), WH_ERROR_BADARGS);
    }
    /* Number 0 names no key (only caching may ask for a fresh one). */
    assert_int_equal(keyExport(p, 0, NULL, NULL, &outLen, out), WH_ERROR_BADARGS);
    assert_int_equal(keyEvict(p, 0), WH_ERROR_BADARGS);
    assert_int_equal(keyCommit(p, 0), WH_ERROR_BADARGS);
    assert_int_equal(keyErase(p, 0), WH_ERROR_BADARGS);
    /* Stray bits did not alias number 1. */
    expectNoKey(p, 1);
}

static void test_export_small_buffer(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[32];
    uint8_t     out[32];
    uint16_t    outLen = sizeof(key) - 1;
    uint16_t    id     = 0;
    int32_t     rc     = RC_UNSET;

    whTest_Fill(key, sizeof(key), 0x12);
    assert_int_equal(keyCache(p, 3, 0, NULL, sizeof(key), key, &id), WH_ERROR_OK);
    memset(out, 0xA5, sizeof(out));
    assert_int_equal(wh_Client_KeyExportRequest(&p->client, 3), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyExportResponse(&p->client, NULL, 0, NULL, &outLen, out, &rc),
                     WH_ERROR_BUFFER_SIZE);
    assert_int_equal(outLen, sizeof(key) - 1);
    assert_int_equal(out[0], 0xA5);
    /* Consumed: the client goes on. */
    expectKey(p, 3, key, sizeof(key), 0, NULL);
}

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
static void test_global_keys(void** state)
{
    whTestShared*  f = *state;
    uint8_t        g[24];
    uint8_t        g2[24];
    uint8_t        local[24];
    uint16_t       id  = 0;
    uint16_t       id2 = 0;
    const uint16_t gid = WH_ID_GLOBAL | 3;

    whTest_Fill(g, sizeof(g), 0xD1);
    whTest_Fill(g2, sizeof(g2), 0xD2);
    whTest_Fill(local, sizeof(local), 0xD3);
    /* A caches a global key; B (another client) exports the same. */
    assert_int_equal(keyCache(&f->a, gid, WH_NVM_FLAGS_USAGE_DERIVE, "fleet", sizeof(g), g, &id),
                     WH_ERROR_OK);
    assert_int_equal(id, gid);
    expectKey(&f->b, gid, g, sizeof(g), WH_NVM_FLAGS_USAGE_DERIVE, "fleet");
    /* Global 3 and local 3 are different keys. */
    expectNoKey(&f->a, 3);
    assert_int_equal(keyCache(&f->b, 3, 0, NULL, sizeof(local), local, &id), WH_ERROR_OK);
    expectKey(&f->a, gid, g, sizeof(g), WH_NVM_FLAGS_USAGE_DERIVE, "fleet");
    expectNoKey(&f->a, 3);
    /* Allocation in the global space: a global id, not a used number. */
    assert_int_equal(keyCache(&f->b, WH_ID_GLOBAL, 0, NULL, sizeof(g2), g2, &id2), WH_ERROR_OK);
    assert_true(WH_ID_IS_GLOBAL(id2));
    assert_int_not_equal(WH_ID_NUMBER(id2), 0);
    assert_int_not_equal(id2, gid);
    assert_int_equal(id2 & ~WH_ID_VALID_BITS, 0);
    expectKey(&f->a, id2, g2, sizeof(g2), 0, NULL);
    /* Only the owner (A) changes its global key: B may neither commit, evict nor erase it. */
    assert_int_equal(keyCommit(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyCommit(&f->a, gid), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyErase(&f->b, gid), WH_ERROR_ACCESS);
    /* Evicted by A, loaded again on use by B. */
    assert_int_equal(keyEvict(&f->a, gid), WH_ERROR_OK);
    expectKey(&f->b, gid, g, sizeof(g), WH_NVM_FLAGS_USAGE_DERIVE, "fleet");
    /* B's own uncommitted global key, evicted by B: gone for A. */
    assert_int_equal(keyEvict(&f->a, id2), WH_ERROR_ACCESS);
    assert_int_equal(keyEvict(&f->b, id2), WH_ERROR_OK);
    expectNoKey(&f->a, id2);
    /* Erase by its owner: gone for both, and after a reboot. */
    assert_int_equal(keyErase(&f->a, gid), WH_ERROR_OK);
    expectNoKey(&f->b, gid);
    whTest_SharedReboot(f);
    expectNoKey(&f->a, gid);
    expectNoKey(&f->b, gid);
}

/* Only the owner of a global key replaces, commits, evicts or erases it: another client
 * swapped a victim's global key for one of its own choice (the victim's next operation used
 * it), or erased it. */
static void test_global_key_owner(void** state)
{
    whTestShared*  f = *state;
    uint8_t        victim[16];
    uint8_t        attacker[16];
    uint16_t       id  = 0;
    const uint16_t gid = WH_ID_GLOBAL | 9; /* below WH_TEST_SHARED_FIRST: the default rule */

    whTest_Fill(victim, sizeof(victim), 0x41);
    whTest_Fill(attacker, sizeof(attacker), 0x42);
    assert_int_equal(keyCache(&f->a, gid, 0, "victim", sizeof(victim), victim, &id), WH_ERROR_OK);
    /* Cached: B's replacement, commit, evict and erase are refused. */
    assert_int_equal(keyCache(&f->b, gid, 0, "attacker", sizeof(attacker), attacker, &id),
                     WH_ERROR_ACCESS);
    assert_int_equal(keyCommit(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyEvict(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyErase(&f->b, gid), WH_ERROR_ACCESS);
    expectKey(&f->a, gid, victim, sizeof(victim), 0, "victim");
    /* Committed and only in NVM: the same. */
    assert_int_equal(keyCommit(&f->a, gid), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->a, gid), WH_ERROR_OK);
    assert_int_equal(keyCache(&f->b, gid, 0, "attacker", sizeof(attacker), attacker, &id),
                     WH_ERROR_ACCESS);
    assert_int_equal(keyErase(&f->b, gid), WH_ERROR_ACCESS);
    expectKey(&f->b, gid, victim, sizeof(victim), 0, "victim"); /* B may use it */
    /* but not keep a copy that would outlive its owner's erase or replacement */
    assert_int_equal(keyCopy(&f->b, gid), WH_ERROR_ACCESS);
    assert_int_equal(keyCopy(&f->a, gid), WH_ERROR_OK);
    /* Its owner replaces it. */
    assert_int_equal(keyCache(&f->a, gid, 0, "v2", sizeof(attacker), attacker, &id), WH_ERROR_OK);
    expectKey(&f->b, gid, attacker, sizeof(attacker), 0, "v2");
    assert_int_equal(keyErase(&f->a, gid), WH_ERROR_OK);
    expectNoKey(&f->b, gid);
}

/* One client cannot fill the global key cache (a committed global key could then no longer
 * be loaded: WH_ERROR_NOSPACE): each holds at most its quota of uncommitted global keys, and
 * one slot always stays for loading committed ones. */
static void test_global_key_quota(void** state)
{
    whTestShared*  f     = *state;
    const uint16_t quota = WOLFHSM_CFG_GLOBAL_KEY_QUOTA;
    const uint16_t slots = WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT;
    const uint16_t gid   = WH_ID_GLOBAL | 1;
    uint8_t        key[16];
    uint16_t       id = 0;
    uint16_t       i;

    whTest_Fill(key, sizeof(key), 0x51);
    /* A's committed global key, in NVM only. */
    assert_int_equal(keyCache(&f->a, gid, 0, NULL, sizeof(key), key, &id), WH_ERROR_OK);
    assert_int_equal(keyCommit(&f->a, gid), WH_ERROR_OK);
    assert_int_equal(keyEvict(&f->a, gid), WH_ERROR_OK);
    /* B caches uncommitted global keys: its quota, then no more. */
    for (i = 0; i < quota; i++) {
        assert_int_equal(keyCache(&f->b, WH_ID_GLOBAL, 0, NULL, sizeof(key), key, &id),
                         WH_ERROR_OK);
    }
    assert_int_equal(keyCache(&f->b, WH_ID_GLOBAL, 0, NULL, sizeof(key), key, &id),
                     WH_ERROR_NOSPACE);
    /* A takes all the others but the last slot. */
    for (i = quota; i + 1u < slots; i++) {
        assert_int_equal(keyCache(&f->a, WH_ID_GLOBAL, 0, NULL, sizeof(key), key, &id),
                         WH_ERROR_OK);
    }
    assert_int_equal(keyCache(&f->a, WH_ID_GLOBAL, 0, NULL, sizeof(key), key, &id),
                     WH_ERROR_NOSPACE);
    /* The committed key still loads, for either client. */
    expectKey(&f->b, gid, key, sizeof(key), 0, NULL);
    expectKey(&f->a, gid, key, sizeof(key), 0, NULL);
    /* Local caches are not the global one's business. */
    assert_int_equal(keyCache(&f->b, 5, 0, NULL, sizeof(key), key, &id), WH_ERROR_OK);
}

#else
static void test_global_keys_unsupported(void** state)
{
    whTestPair*    p = *state;
    uint8_t        key[16];
    uint8_t        out[16];
    uint16_t       outLen = sizeof(out);
    uint16_t       id     = 0x7777;
    const uint16_t gid    = WH_ID_GLOBAL | 3;

    whTest_Fill(key, sizeof(key), 0xD4);
    assert_int_equal(keyCache(p, gid, 0, NULL, sizeof(key), key, &id), WH_ERROR_BADARGS);
    assert_int_equal(keyCache(p, WH_ID_GLOBAL, 0, NULL, sizeof(key), key, &id), WH_ERROR_BADARGS);
    assert_int_equal(id, 0x7777);
    assert_int_equal(keyExport(p, gid, NULL, NULL, &outLen, out), WH_ERROR_BADARGS);
    assert_int_equal(keyEvict(p, gid), WH_ERROR_BADARGS);
    assert_int_equal(keyCommit(p, gid), WH_ERROR_BADARGS);
    assert_int_equal(keyErase(p, gid), WH_ERROR_BADARGS);
    /* The local number 3 was not touched. */
    expectNoKey(p, 3);
}
#endif

#if defined(WOLFHSM_CFG_GLOBAL_KEYS) && defined(WOLFHSM_CFG_THREADSAFE) && \
    !defined(WH_TEST_TARGET) /* host threads, an NVM context of its own */
/* Two clients allocate global key ids at the same moment, each through its own server
 * thread: every allocation must get its own id (the global cache and NVM are shared). */
#define ALLOC_ROUNDS 40
#define ALLOC_PER_CLIENT \
    ((WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT - 1) / 2) /* both fit: one slot stays */

typedef struct {
    whTestPair*        pair;
    uint8_t            tag;
    uint16_t           ids[ALLOC_PER_CLIENT];
    int                failures;
    int32_t            firstBad;
    pthread_barrier_t* start;
} Allocator;

static void allocKey(uint8_t* key, uint8_t tag, int i)
{
    memset(key, tag, 16);
    key[0] = (uint8_t)i;
}

static void* allocator(void* arg)
{
    Allocator* a = arg;
    int        i;

    (void)pthread_barrier_wait(a->start);
    for (i = 0; i < ALLOC_PER_CLIENT; i++) {
        uint8_t  key[16];
        uint16_t id = WH_ID_GLOBAL;
        int32_t  rc = RC_UNSET;
        int      ret;
        allocKey(key, a->tag, i);
        ret = wh_Client_KeyCache(&a->pair->client, 0, 0, NULL, sizeof(key), key, &id, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || !WH_ID_IS_GLOBAL(id)) {
            a->failures++;
            a->firstBad = (ret != WH_ERROR_OK) ? ret : rc;
            break;
        }
        a->ids[i] = id;
    }
    return NULL;
}

static void test_global_alloc_concurrent(void** state)
{
    static whTestNvm  nvm;
    static whTestPair pairs[2];
    static Allocator  alloc[2];
    pthread_barrier_t start;
    pthread_t         threads[2];
    int32_t           rc = RC_UNSET;
    int               round, i, j, k;
    (void)state;

    whTest_NvmInit(&nvm, 1);
    for (i = 0; i < 2; i++) {
        whTest_PairInit(&pairs[i], &nvm.nvm, (uint16_t)(CLIENT_ID + i), 1, 10000);
        whTest_PairStartServer(&pairs[i]);
        assert_int_equal(wh_Client_CommConnect(&pairs[i].client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
    for (round = 0; round < ALLOC_ROUNDS; round++) {
        for (i = 0; i < 2; i++) {
            memset(&alloc[i], 0, sizeof(alloc[i]));
            alloc[i].pair  = &pairs[i];
            alloc[i].tag   = (uint8_t)(0xA0 + i);
            alloc[i].start = &start;
            assert_int_equal(pthread_create(&threads[i], NULL, allocator, &alloc[i]), 0);
        }
        for (i = 0; i < 2; i++) {
            assert_int_equal(pthread_join(threads[i], NULL), 0);
        }
        for (i = 0; i < 2; i++) {
            assert_int_equal(alloc[i].failures, 0);
            assert_int_equal(alloc[i].firstBad, 0);
        }
        /* All ids distinct, and each holds the key its allocator cached (seen by the other
         * client: shared). Then free them for the next round. */
        for (i = 0; i < 2; i++) {
            for (j = 0; j < ALLOC_PER_CLIENT; j++) {
                uint8_t  key[16];
                uint8_t  out[16];
                uint16_t outLen = sizeof(out);
                int      m, n;
                for (m = 0; m < 2; m++) {
                    for (n = 0; n < ALLOC_PER_CLIENT; n++) {
                        if ((m != i) || (n != j)) {
                            assert_int_not_equal(alloc[i].ids[j], alloc[m].ids[n]);
                        }
                    }
                }
                allocKey(key, alloc[i].tag, j);
                k = 1 - i;
                assert_int_equal(wh_Client_KeyExport(&pairs[k].client, alloc[i].ids[j], NULL, 0,
                                                     NULL, &outLen, out, &rc),
                                 WH_ERROR_OK);
                assert_int_equal(rc, WH_ERROR_OK);
                assert_int_equal(outLen, sizeof(key));
                assert_memory_equal(out, key, sizeof(key));
            }
        }
        for (i = 0; i < 2; i++) {
            for (j = 0; j < ALLOC_PER_CLIENT; j++) {
                assert_int_equal(wh_Client_KeyEvict(&pairs[i].client, alloc[i].ids[j], &rc),
                                 WH_ERROR_OK);
                assert_int_equal(rc, WH_ERROR_OK);
            }
        }
    }
    (void)pthread_barrier_destroy(&start);
    for (i = 0; i < 2; i++) {
        whTest_PairStopServer(&pairs[i]);
        whTest_PairCleanup(&pairs[i]);
    }
    whTest_NvmCleanup(&nvm);
}
#endif

static void test_blocking_calls(void** state)
{
    static whTestPair p;
    uint8_t           key[64];
    uint8_t           out[64];
    uint8_t           label[WH_NVM_LABEL_LEN];
    uint16_t          outLen   = sizeof(out);
    uint16_t          flags    = 0;
    uint16_t          id       = 0;
    uint16_t          clientId = 0;
    int32_t           rc       = RC_UNSET;
    (void)state;

    whTest_Fill(key, sizeof(key), 0xB0);
    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&p);
    assert_int_equal(wh_Client_CommConnect(&p.client, &clientId, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    /* id 0 in: the HSM picks, the id used comes back in the same variable. */
    rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyCache(&p.client, WH_NVM_FLAGS_USAGE_SIGN, 4,
                                        (const uint8_t*)"blk!", sizeof(key), key, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_not_equal(id, 0);
    assert_int_equal(id & ~0xFFu, 0);

    rc = RC_UNSET;
    memset(out, 0, sizeof(out));
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(wh_Client_KeyExport(&p.client, id, &flags, sizeof(label), label, &outLen, out,
                                         &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outLen, sizeof(key));
    assert_memory_equal(out, key, sizeof(key));
    assert_int_equal(flags, WH_NVM_FLAGS_USAGE_SIGN);
    assert_memory_equal(label, "blk!\0", 5);

    rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyCommit(&p.client, id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyEvict(&p.client, id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_KeyEvict(&p.client, id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);

    /* Loaded back from NVM. */
    outLen = sizeof(out);
    memset(out, 0, sizeof(out));
    assert_int_equal(wh_Client_KeyExport(&p.client, id, NULL, 0, NULL, &outLen, out, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(out, key, sizeof(key));

    rc = RC_UNSET;
    assert_int_equal(wh_Client_KeyErase(&p.client, id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    outLen = sizeof(out);
    assert_int_equal(wh_Client_KeyExport(&p.client, id, NULL, 0, NULL, &outLen, out, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);

    /* Explicit id in, same id out. */
    id = 77;
    assert_int_equal(wh_Client_KeyCache(&p.client, 0, 0, NULL, 8, key, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(id, 77);
    /* Refused locally. */
    assert_int_equal(wh_Client_KeyCache(&p.client, 0, 0, NULL, 8, key, NULL, &rc),
                     WH_ERROR_BADARGS);

    whTest_PairStopServer(&p);
    assert_int_equal(whTest_ServerMalformed(&p), 0);
    whTest_PairCleanup(&p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] =
    { cmocka_unit_test_setup_teardown(test_cache_explicit_id_export, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_allocates_ids, setup, teardown),
      cmocka_unit_test_setup_teardown(test_export_nonexportable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_evict_uncommitted_is_gone, setup, teardown),
      cmocka_unit_test_setup_teardown(test_commit_evict_load_on_use, setup, teardown),
      cmocka_unit_test_setup_teardown(test_erase, setupShared, teardownShared),
      cmocka_unit_test_setup_teardown(test_uncommitted_lost_on_reboot, setupShared, teardownShared),
      cmocka_unit_test_setup_teardown(test_cache_full_of_uncommitted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_committed_evicted_for_room, setup, teardown),
      cmocka_unit_test_setup_teardown(test_replace_same_id, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nonmodifiable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_key_too_large, setup, teardown),
      cmocka_unit_test_setup_teardown(test_usage_flags_stored, setup, teardown),
      cmocka_unit_test_setup_teardown(test_commit_when_store_full, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_ids, setup, teardown),
      cmocka_unit_test_setup_teardown(test_export_small_buffer, setup, teardown),
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
      cmocka_unit_test_setup_teardown(test_global_keys, setupShared, teardownShared),
      cmocka_unit_test_setup_teardown(test_global_key_owner, setupShared, teardownShared),
      cmocka_unit_test_setup_teardown(test_global_key_quota, setupShared, teardownShared),
#else
      cmocka_unit_test_setup_teardown(test_global_keys_unsupported, setup, teardown),
#endif
      cmocka_unit_test(test_blocking_calls),
#if defined(WOLFHSM_CFG_GLOBAL_KEYS) && defined(WOLFHSM_CFG_THREADSAFE) && \
    !defined(WH_TEST_TARGET) /* host threads, an NVM context of its own */
      cmocka_unit_test(test_global_alloc_concurrent),
#endif
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
