/*
 * test_client_nvm.c: the NVM group through the client API. Sequential (Request, serve,
 * Response in one thread) unless a test says otherwise; the blocking wrappers run against a
 * server thread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 3
#define OTHER_CLIENT_ID 4
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */

/* One NVM context shared by two client/server pairs, for globals and persistence. */
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

static int32_t nvmAdd(whTestPair* p, uint16_t id, uint16_t access, uint16_t flags,
                      const char* label, uint16_t len, const uint8_t* data)
{
    int32_t  rc       = RC_UNSET;
    uint16_t labelLen = (label != NULL) ? (uint16_t)strlen(label) : 0u;

    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, id, access, flags, labelLen,
                                                   (const uint8_t*)label, len, data),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Read len bytes at offset into out (capacity *inout_len; bytes read on return). */
static int32_t nvmRead(whTestPair* p, uint16_t id, uint16_t offset, uint16_t len, uint8_t* out,
                       uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmReadRequest(&p->client, id, offset, len), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmReadResponse(&p->client, inout_len, out, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmMeta(whTestPair* p, uint16_t id, uint16_t* access, uint16_t* flags, uint16_t* len,
                       uint8_t* label)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmGetMetadataRequest(&p->client, id), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmGetMetadataResponse(&p->client, access, flags, len,
                                                      (label != NULL) ? WH_NVM_LABEL_LEN : 0, label,
                                                      &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmList(whTestPair* p, uint16_t access, uint16_t flags, uint16_t start,
                       uint16_t* count, uint16_t* id)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmListRequest(&p->client, access, flags, start), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmListResponse(&p->client, count, id, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmDestroy(whTestPair* p, uint16_t count, const uint16_t* ids)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, count, ids), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmDestroyObjectsResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

static int32_t nvmAvail(whTestPair* p, uint32_t* size, uint16_t* objects, uint32_t* rsize,
                        uint16_t* robjects)
{
    int32_t rc = RC_UNSET;

    assert_int_equal(wh_Client_NvmGetAvailableRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmGetAvailableResponse(&p->client, size, objects, rsize, robjects,
                                                       &rc),
                     WH_ERROR_OK);
    assert_int_not_equal(rc, RC_UNSET);
    return rc;
}

/* Object id holds exactly len bytes equal to expect. */
static void expectContent(whTestPair* p, uint16_t id, const uint8_t* expect, uint16_t len)
{
    static uint8_t out[WH_MESSAGE_NVM_MAX_READ];
    uint16_t       outLen  = sizeof(out);
    uint16_t       metaLen = 0;

    assert_int_equal(nvmMeta(p, id, NULL, NULL, &metaLen, NULL), WH_ERROR_OK);
    assert_int_equal(metaLen, len);
    memset(out, 0, sizeof(out));
    assert_int_equal(nvmRead(p, id, 0, len, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, expect, len);
}

static void expectMissing(whTestPair* p, uint16_t id)
{
    uint8_t  out[4];
    uint16_t outLen = sizeof(out);

    assert_int_equal(nvmRead(p, id, 0, 1, out, &outLen), WH_ERROR_NOTFOUND);
    assert_int_equal(nvmMeta(p, id, NULL, NULL, NULL, NULL), WH_ERROR_NOTFOUND);
}

/* ---- tests ---- */

static void test_get_available(void** state)
{
    whTestPair*    p = *state;
    uint8_t        data[100];
    uint32_t       size0 = 0, size1 = 0, size2 = 0, size3 = 0;
    uint32_t       rsize = 0;
    uint16_t       objs0 = 0, objs1 = 0, objs2 = 0, objs3 = 0;
    uint16_t       robjs = 0;
    const uint16_t one   = 1;

    whTest_Fill(data, sizeof(data), 1);
    /* A fresh store: every object slot free, nothing to reclaim. */
    assert_int_equal(nvmAvail(p, &size0, &objs0, &rsize, &robjs), WH_ERROR_OK);
    assert_int_equal(objs0, WOLFHSM_CFG_NVM_OBJECT_COUNT);
    assert_int_equal(rsize, 0);
    assert_int_equal(robjs, 0);
    assert_true(size0 > WH_MESSAGE_NVM_MAX_ADD);

    /* A new object takes one slot and at least its length in bytes. */
    assert_int_equal(nvmAdd(p, 1, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    assert_int_equal(nvmAvail(p, &size1, &objs1, &rsize, &robjs), WH_ERROR_OK);
    assert_int_equal(objs1, objs0 - 1);
    assert_true(size1 <= size0 - sizeof(data));
    assert_int_equal(rsize, 0);

    /* Replacing it keeps the slot count; the old version becomes reclaimable. */
    assert_int_equal(nvmAdd(p, 1, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    assert_int_equal(nvmAvail(p, &size2, &objs2, &rsize, &robjs), WH_ERROR_OK);
    assert_int_equal(objs2, objs1);
    assert_true(size2 <= size1 - sizeof(data));
    assert_true(rsize >= sizeof(data));
    assert_true(robjs >= 1);

    /* Destroying frees the slot; the out pointers may be NULL. */
    assert_int_equal(nvmDestroy(p, 1, &one), WH_ERROR_OK);
    assert_int_equal(nvmAvail(p, &size3, &objs3, NULL, NULL), WH_ERROR_OK);
    assert_int_equal(objs3, objs0);
    assert_true(size3 <= size2);
    assert_int_equal(nvmAvail(p, NULL, NULL, &rsize, NULL), WH_ERROR_OK);
    assert_true(rsize >= 2 * sizeof(data));
}

static void test_add_read_round_trip(void** state)
{
    whTestPair* p = *state;
    uint8_t     data[200];
    uint8_t     out[256];
    uint16_t    outLen;
    uint16_t    len = 0;

    whTest_Fill(data, sizeof(data), 7);
    assert_int_equal(nvmAdd(p, 3, 0, 0, "blob", sizeof(data), data), WH_ERROR_OK);
    expectContent(p, 3, data, sizeof(data));

    /* Partial reads at offsets. */
    memset(out, 0, sizeof(out));
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 3, 50, 20, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 20);
    assert_memory_equal(out, data + 50, 20);
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 3, 199, 1, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 1);
    assert_int_equal(out[0], data[199]);
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 3, 0, 1, out, &outLen), WH_ERROR_OK);
    assert_int_equal(out[0], data[0]);

    /* Reads past the end are refused, and nothing is written to the caller's buffer. */
    memset(out, 0xA5, sizeof(out));
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 3, 190, 11, out, &outLen), WH_ERROR_BADARGS);
    assert_int_equal(outLen, sizeof(out));
    assert_int_equal(nvmRead(p, 3, 200, 1, out, &outLen), WH_ERROR_BADARGS);
    assert_int_equal(nvmRead(p, 3, 0, 201, out, &outLen), WH_ERROR_BADARGS);
    assert_int_equal(nvmRead(p, 3, 0xFFFF, 2, out, &outLen), WH_ERROR_BADARGS);
    assert_int_equal(out[0], 0xA5);
    assert_int_equal(out[sizeof(out) - 1], 0xA5);

    /* A response larger than the caller's buffer: BUFFER_SIZE, nothing copied, and the
     * client goes on. */
    outLen = 10;
    assert_int_equal(wh_Client_NvmReadRequest(&p->client, 3, 0, 20), WH_ERROR_OK);
    whTest_Serve(p);
    {
        int32_t rc = RC_UNSET;
        assert_int_equal(wh_Client_NvmReadResponse(&p->client, &outLen, out, &rc),
                         WH_ERROR_BUFFER_SIZE);
    }
    assert_int_equal(outLen, 10);
    assert_int_equal(out[0], 0xA5);
    assert_int_equal(nvmMeta(p, 3, NULL, NULL, &len, NULL), WH_ERROR_OK);
    assert_int_equal(len, sizeof(data));

    /* An empty object is an object. */
    assert_int_equal(nvmAdd(p, 4, 0, 0, NULL, 0, NULL), WH_ERROR_OK);
    len = 99;
    assert_int_equal(nvmMeta(p, 4, NULL, NULL, &len, NULL), WH_ERROR_OK);
    assert_int_equal(len, 0);
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 4, 0, 1, out, &outLen), WH_ERROR_BADARGS);
}

static void test_replace_object(void** state)
{
    whTestPair* p = *state;
    uint8_t     v1[120];
    uint8_t     v2[30];
    uint8_t     label[WH_NVM_LABEL_LEN];
    uint8_t     out[8];
    uint16_t    outLen = sizeof(out);
    uint16_t    access = 0, flags = 0, len = 0;
    uint16_t    count = 0, id = 0;

    whTest_Fill(v1, sizeof(v1), 0x10);
    whTest_Fill(v2, sizeof(v2), 0x80);
    assert_int_equal(nvmAdd(p, 4, 1, 0, "first", sizeof(v1), v1), WH_ERROR_OK);
    expectContent(p, 4, v1, sizeof(v1));

    /* Same id: new content, new metadata, still one object. */
    assert_int_equal(nvmAdd(p, 4, 2, WH_NVM_FLAGS_SENSITIVE, "second", sizeof(v2), v2),
                     WH_ERROR_OK);
    expectContent(p, 4, v2, sizeof(v2));
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(nvmMeta(p, 4, &access, &flags, &len, label), WH_ERROR_OK);
    assert_int_equal(access, 2);
    assert_int_equal(flags, WH_NVM_FLAGS_SENSITIVE);
    assert_int_equal(len, sizeof(v2));
    assert_memory_equal(label, "second\0\0", 8);
    /* The old, longer content is gone. */
    assert_int_equal(nvmRead(p, 4, sizeof(v2), 1, out, &outLen), WH_ERROR_BADARGS);
    assert_int_equal(nvmList(p, 0, 0, 0, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(id, 4);
}

static void test_label_and_metadata(void** state)
{
    whTestPair* p = *state;
    uint8_t     data[17];
    uint8_t     label[WH_NVM_LABEL_LEN];
    uint8_t     zeros[WH_NVM_LABEL_LEN] = {0};
    uint8_t     full[WH_NVM_LABEL_LEN];
    uint8_t     longLabel[WH_NVM_LABEL_LEN + 1];
    uint16_t    access = 0, flags = 0, len = 0;
    int32_t     rc = RC_UNSET;
    size_t      i;

    for (i = 0; i < sizeof(full); i++) {
        full[i] = (uint8_t)('A' + i); /* no terminating zero */
    }
    whTest_Fill(data, sizeof(data), 3);
    assert_int_equal(nvmAdd(p, 9, 0x0005, WH_NVM_FLAGS_NONDESTROYABLE | WH_NVM_FLAGS_SENSITIVE,
                            "device-cert", sizeof(data), data),
                     WH_ERROR_OK);
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(nvmMeta(p, 9, &access, &flags, &len, label), WH_ERROR_OK);
    assert_int_equal(access, 0x0005);
    assert_int_equal(flags, WH_NVM_FLAGS_NONDESTROYABLE | WH_NVM_FLAGS_SENSITIVE);
    assert_int_equal(len, sizeof(data));
    assert_memory_equal(label, "device-cert", 11);
    assert_memory_equal(label + 11, zeros, sizeof(label) - 11); /* zero-padded */

    /* A label of the full length comes back whole. */
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 10, 0, 0, sizeof(full), full,
                                                   sizeof(data), data),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    memset(label, 0, sizeof(label));
    assert_int_equal(nvmMeta(p, 10, &access, &flags, &len, label), WH_ERROR_OK);
    assert_memory_equal(label, full, sizeof(full));
    assert_int_equal(access, 0);
    assert_int_equal(flags, 0);

    /* No label: all zero. */
    assert_int_equal(nvmAdd(p, 11, 0, 0, NULL, 1, data), WH_ERROR_OK);
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(nvmMeta(p, 11, NULL, NULL, NULL, label), WH_ERROR_OK);
    assert_memory_equal(label, zeros, sizeof(label));

    /* A short label buffer receives only what it holds. */
    memset(label, 0xEE, sizeof(label));
    assert_int_equal(wh_Client_NvmGetMetadataRequest(&p->client, 9), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_NvmGetMetadataResponse(&p->client, NULL, NULL, NULL, 6, label, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(label, "device", 6);
    assert_int_equal(label[6], 0xEE);

    /* A label longer than WH_NVM_LABEL_LEN is refused before anything is sent. */
    memset(longLabel, 'x', sizeof(longLabel));
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 12, 0, 0, sizeof(longLabel),
                                                   longLabel, sizeof(data), data),
                     WH_ERROR_BADARGS);
    whTest_AssertNothingSent(p);
    expectMissing(p, 12);
}

/* Every object the client lists, by iteration from start 0: returns how many. */
static uint16_t listAll(whTestPair* p, uint16_t access, uint16_t flags, uint16_t* ids, uint16_t max)
{
    uint16_t n     = 0;
    uint16_t start = 0;

    for (;;) {
        uint16_t count = 0xFFFF, id = 0xFFFF;
        assert_int_equal(nvmList(p, access, flags, start, &count, &id), WH_ERROR_OK);
        if (count == 0) {
            assert_int_equal(id, 0);
            return n;
        }
        assert_true(n < max);
        assert_int_not_equal(id, 0);
        ids[n++] = id;
        start    = id;
    }
}

static void test_list_filters_and_iteration(void** state)
{
    whTestPair* p = *state;
    uint8_t     data[8];
    uint16_t    ids[16];
    uint16_t    count = 0, id = 0;

    whTest_Fill(data, sizeof(data), 9);
    /* Empty store. */
    count = 0xFFFF;
    id    = 0xFFFF;
    assert_int_equal(nvmList(p, 0, 0, 0, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 0);
    assert_int_equal(id, 0);

    /* Added out of order. */
    assert_int_equal(nvmAdd(p, 9, 0x2, WH_NVM_FLAGS_SENSITIVE, NULL, 8, data), WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, 3, 0x1, 0, NULL, 8, data), WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, 20, 0x1, 0, NULL, 8, data), WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, 7, 0x3, WH_NVM_FLAGS_SENSITIVE | WH_NVM_FLAGS_NONMODIFIABLE, NULL, 8,
                            data),
                     WH_ERROR_OK);

    /* All: count and first, then continuation from each returned id, in id order. */
    assert_int_equal(nvmList(p, 0, 0, 0, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 4);
    assert_int_equal(id, 3);
    assert_int_equal(nvmList(p, 0, 0, 3, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 3);
    assert_int_equal(id, 7);
    assert_int_equal(nvmList(p, 0, 0, 7, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 2);
    assert_int_equal(id, 9);
    assert_int_equal(nvmList(p, 0, 0, 9, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(id, 20);
    assert_int_equal(nvmList(p, 0, 0, 20, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 0);
    assert_int_equal(id, 0);
    /* A start id that names no object: the ones after it. */
    assert_int_equal(nvmList(p, 0, 0, 5, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 3);
    assert_int_equal(id, 7);
    assert_int_equal(nvmList(p, 0, 0, 255, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 0);

    /* Access filter: objects whose access holds all the bits. */
    assert_int_equal(listAll(p, 0x1, 0, ids, 16), 3);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 7);
    assert_int_equal(ids[2], 20);
    assert_int_equal(listAll(p, 0x2, 0, ids, 16), 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(ids[1], 9);
    assert_int_equal(listAll(p, 0x3, 0, ids, 16), 1);
    assert_int_equal(ids[0], 7);
    assert_int_equal(listAll(p, 0x4, 0, ids, 16), 0);

    /* Flags filter, and both. */
    assert_int_equal(listAll(p, 0, WH_NVM_FLAGS_SENSITIVE, ids, 16), 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(ids[1], 9);
    assert_int_equal(listAll(p, 0, WH_NVM_FLAGS_SENSITIVE | WH_NVM_FLAGS_NONMODIFIABLE, ids, 16),
                     1);
    assert_int_equal(ids[0], 7);
    assert_int_equal(listAll(p, 0x1, WH_NVM_FLAGS_SENSITIVE, ids, 16), 1);
    assert_int_equal(ids[0], 7);
    assert_int_equal(listAll(p, 0, WH_NVM_FLAGS_NONDESTROYABLE, ids, 16), 0);
    assert_int_equal(nvmList(p, 0x1, 0, 3, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 2);
    assert_int_equal(id, 7);
}

static void test_list_shows_only_objects(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[16];
    uint8_t     data[4] = {1, 2, 3, 4};
    uint16_t    ids[8];
    uint16_t    keyId = 2;
    int32_t     rc    = RC_UNSET;

    /* A counter and a committed key live in the same store, but are not NVM objects. */
    whTest_Fill(key, sizeof(key), 0x33);
    assert_int_equal(wh_Client_CounterInitRequest(&p->client, 1, WH_COUNTER_MONOTONIC, 42),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CounterInitResponse(&p->client, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_KeyCacheRequest(&p->client, keyId, 0, 0, NULL, sizeof(key), key),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCacheResponse(&p->client, &keyId, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_KeyCommitRequest(&p->client, keyId), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_KeyCommitResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);

    assert_int_equal(listAll(p, 0, 0, ids, 8), 0);
    expectMissing(p, 1); /* the counter's number */
    expectMissing(p, 2); /* the key's number: key material never reads back as an object */
    assert_int_equal(nvmAdd(p, 5, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    assert_int_equal(listAll(p, 0, 0, ids, 8), 1);
    assert_int_equal(ids[0], 5);
}

static void test_destroy_objects(void** state)
{
    whTestPair* p = *state;
    uint8_t     data[4][40];
    uint8_t     keep[40];
    uint16_t    ids[WH_MESSAGE_NVM_MAX_DESTROY + 1];
    uint16_t    list[8];
    uint16_t    i;

    for (i = 0; i < 4; i++) {
        whTest_Fill(data[i], sizeof(data[i]), (uint8_t)(0x40 + i));
        assert_int_equal(nvmAdd(p, (uint16_t)(i + 1), 0, 0, NULL, sizeof(data[i]), data[i]),
                         WH_ERROR_OK);
    }
    /* Several ids at once. */
    ids[0] = 1;
    ids[1] = 3;
    assert_int_equal(nvmDestroy(p, 2, ids), WH_ERROR_OK);
    expectMissing(p, 1);
    expectMissing(p, 3);
    expectContent(p, 2, data[1], sizeof(data[1]));
    expectContent(p, 4, data[3], sizeof(data[3]));
    assert_int_equal(listAll(p, 0, 0, list, 8), 2);
    assert_int_equal(list[0], 2);
    assert_int_equal(list[1], 4);

    /* Missing ids are skipped; an empty list is fine. */
    ids[0] = 2;
    ids[1] = 99;
    assert_int_equal(nvmDestroy(p, 2, ids), WH_ERROR_OK);
    expectMissing(p, 2);
    assert_int_equal(nvmDestroy(p, 0, NULL), WH_ERROR_OK);
    /* The same id twice in one list. */
    assert_int_equal(nvmAdd(p, 7, 0, 0, NULL, sizeof(data[0]), data[0]), WH_ERROR_OK);
    ids[0] = 7;
    ids[1] = 7;
    assert_int_equal(nvmDestroy(p, 2, ids), WH_ERROR_OK);
    expectMissing(p, 7);
    expectContent(p, 4, data[3], sizeof(data[3]));

    /* All or nothing: one non-destroyable id refuses the whole list. */
    whTest_Fill(keep, sizeof(keep), 0x77);
    assert_int_equal(nvmAdd(p, 5, 0, WH_NVM_FLAGS_NONDESTROYABLE, "keep", sizeof(keep), keep),
                     WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, 6, 0, 0, NULL, sizeof(data[0]), data[0]), WH_ERROR_OK);
    ids[0] = 4;
    ids[1] = 5;
    ids[2] = 6;
    assert_int_equal(nvmDestroy(p, 3, ids), WH_ERROR_ACCESS);
    expectContent(p, 4, data[3], sizeof(data[3]));
    expectContent(p, 5, keep, sizeof(keep));
    expectContent(p, 6, data[0], sizeof(data[0]));
    assert_int_equal(nvmDestroy(p, 1, &ids[1]), WH_ERROR_ACCESS);
    expectContent(p, 5, keep, sizeof(keep));
    /* A bad id in the list refuses the whole list too. */
    ids[1] = 0;
    assert_int_equal(nvmDestroy(p, 3, ids), WH_ERROR_BADARGS);
    expectContent(p, 4, data[3], sizeof(data[3]));
    expectContent(p, 6, data[0], sizeof(data[0]));
    ids[1] = 6;
    assert_int_equal(nvmDestroy(p, 2, ids), WH_ERROR_OK);
    expectMissing(p, 4);
    expectMissing(p, 6);
    assert_int_equal(listAll(p, 0, 0, list, 8), 1);
    assert_int_equal(list[0], 5);

    /* The most ids one request carries, and one more refused locally. */
    for (i = 0; i < WH_MESSAGE_NVM_MAX_DESTROY + 1; i++) {
        ids[i] = (uint16_t)(100 + i);
    }
    assert_int_equal(nvmDestroy(p, WH_MESSAGE_NVM_MAX_DESTROY, ids), WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, WH_MESSAGE_NVM_MAX_DESTROY + 1,
                                                        ids),
                     WH_ERROR_BADARGS);
    whTest_AssertNothingSent(p);
}

static void test_nonmodifiable(void** state)
{
    whTestPair*    p = *state;
    uint8_t        orig[24];
    uint8_t        other[24];
    uint8_t        label[WH_NVM_LABEL_LEN];
    uint16_t       flags = 0;
    const uint16_t id    = 6;

    whTest_Fill(orig, sizeof(orig), 0x21);
    whTest_Fill(other, sizeof(other), 0x99);
    assert_int_equal(nvmAdd(p, id, 0, WH_NVM_FLAGS_NONMODIFIABLE, "fixed", sizeof(orig), orig),
                     WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, id, 0, 0, "changed", sizeof(other), other), WH_ERROR_ACCESS);
    assert_int_equal(nvmAdd(p, id, 0, WH_NVM_FLAGS_NONMODIFIABLE, "fixed", 4, other),
                     WH_ERROR_ACCESS);
    expectContent(p, id, orig, sizeof(orig));
    assert_int_equal(nvmMeta(p, id, NULL, &flags, NULL, label), WH_ERROR_OK);
    assert_int_equal(flags, WH_NVM_FLAGS_NONMODIFIABLE);
    assert_memory_equal(label, "fixed", 6);

    /* Non-modifiable is not non-destroyable: destroy, then the id is free again. */
    assert_int_equal(nvmDestroy(p, 1, &id), WH_ERROR_OK);
    expectMissing(p, id);
    assert_int_equal(nvmAdd(p, id, 0, 0, NULL, sizeof(other), other), WH_ERROR_OK);
    expectContent(p, id, other, sizeof(other));
}

static void test_bad_ids(void** state)
{
    whTestPair*    p       = *state;
    uint8_t        data[4] = {1, 2, 3, 4};
    uint8_t        out[4];
    uint16_t       outLen = sizeof(out);
    uint16_t       count = 0, id = 0;
    const uint16_t bad[] = {0, WH_ID_GLOBAL, 0x0201, 0x0301, 0x8001, 0x1005, 0xFFFF};
    size_t         i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(nvmAdd(p, bad[i], 0, 0, NULL, sizeof(data), data), WH_ERROR_BADARGS);
        assert_int_equal(nvmRead(p, bad[i], 0, 1, out, &outLen), WH_ERROR_BADARGS);
        assert_int_equal(nvmMeta(p, bad[i], NULL, NULL, NULL, NULL), WH_ERROR_BADARGS);
        assert_int_equal(nvmDestroy(p, 1, &bad[i]), WH_ERROR_BADARGS);
        if (bad[i] != 0) { /* start 0 means "from the first" */
            assert_int_equal(nvmList(p, 0, 0, bad[i], &count, &id), WH_ERROR_BADARGS);
        }
    }
    /* Nothing was created under any of them. */
    assert_int_equal(nvmList(p, 0, 0, 0, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 0);
    /* The client's number 5 is still free: stray bits did not alias it. */
    expectMissing(p, 5);
}

static void test_not_found(void** state)
{
    whTestPair* p       = *state;
    uint8_t     data[4] = {1, 2, 3, 4};

    expectMissing(p, 42);
    expectMissing(p, WH_ID_GLOBAL | 42);
    expectMissing(p, 255);
    /* Another number than the one added. */
    assert_int_equal(nvmAdd(p, 41, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    expectMissing(p, 42);
    expectMissing(p, WH_ID_GLOBAL | 41);
    expectContent(p, 41, data, sizeof(data));
}

static void test_max_payload(void** state)
{
    whTestPair*    p = *state;
    static uint8_t big[WH_MESSAGE_NVM_MAX_ADD + 1];
    static uint8_t out[WH_MESSAGE_NVM_MAX_READ + 1];
    uint16_t       outLen;

    whTest_Fill(big, sizeof(big), 0x5A);
    assert_int_equal(nvmAdd(p, 255, 0, 0, "max", WH_MESSAGE_NVM_MAX_ADD, big), WH_ERROR_OK);
    expectContent(p, 255, big, WH_MESSAGE_NVM_MAX_ADD);
    /* The tail, read at an offset. */
    outLen = sizeof(out);
    assert_int_equal(nvmRead(p, 255, WH_MESSAGE_NVM_MAX_ADD - 100, 100, out, &outLen), WH_ERROR_OK);
    assert_int_equal(outLen, 100);
    assert_memory_equal(out, big + WH_MESSAGE_NVM_MAX_ADD - 100, 100);

    /* One byte more does not fit one message: refused before anything is sent. */
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 254, 0, 0, 0, NULL,
                                                   WH_MESSAGE_NVM_MAX_ADD + 1, big),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmReadRequest(&p->client, 255, 0, WH_MESSAGE_NVM_MAX_READ + 1),
                     WH_ERROR_BADARGS);
    whTest_AssertNothingSent(p);
    expectMissing(p, 254);
}

static void test_store_full_of_objects(void** state)
{
    whTestPair*    p = *state;
    uint8_t        data[8];
    uint8_t        other[8];
    uint16_t       objs  = 0xFFFF;
    uint16_t       count = 0, id = 0;
    uint16_t       i;
    const uint16_t two = 2;

    whTest_Fill(other, sizeof(other), 0xF0);
    /* Every object slot taken. */
    for (i = 1; i <= WOLFHSM_CFG_NVM_OBJECT_COUNT; i++) {
        whTest_Fill(data, sizeof(data), (uint8_t)i);
        assert_int_equal(nvmAdd(p, i, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    }
    assert_int_equal(nvmAvail(p, NULL, &objs, NULL, NULL), WH_ERROR_OK);
    assert_int_equal(objs, 0);
    assert_int_equal(nvmAdd(p, WOLFHSM_CFG_NVM_OBJECT_COUNT + 1, 0, 0, NULL, sizeof(other), other),
                     WH_ERROR_NOSPACE);
    expectMissing(p, WOLFHSM_CFG_NVM_OBJECT_COUNT + 1);
    assert_int_equal(nvmList(p, 0, 0, 0, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, WOLFHSM_CFG_NVM_OBJECT_COUNT);
    /* Replacing needs no new slot. */
    assert_int_equal(nvmAdd(p, 1, 0, 0, NULL, sizeof(other), other), WH_ERROR_OK);
    expectContent(p, 1, other, sizeof(other));
    /* Destroying one makes room for one. */
    assert_int_equal(nvmDestroy(p, 1, &two), WH_ERROR_OK);
    assert_int_equal(nvmAdd(p, WOLFHSM_CFG_NVM_OBJECT_COUNT + 1, 0, 0, NULL, sizeof(other), other),
                     WH_ERROR_OK);
    expectContent(p, WOLFHSM_CFG_NVM_OBJECT_COUNT + 1, other, sizeof(other));
    for (i = 3; i <= WOLFHSM_CFG_NVM_OBJECT_COUNT; i++) {
        whTest_Fill(data, sizeof(data), (uint8_t)i);
        expectContent(p, i, data, sizeof(data));
    }
}

static void test_store_full_of_bytes(void** state)
{
    whTestPair*    p = *state;
    static uint8_t big[WH_MESSAGE_NVM_MAX_ADD];
    uint16_t       n = 0;
    uint16_t       i;
    int32_t        rc = WH_ERROR_OK;
    uint16_t       ids[2];

    /* Largest objects until the flash is full (long before the object slots are). */
    while (rc == WH_ERROR_OK) {
        assert_true(n < WOLFHSM_CFG_NVM_OBJECT_COUNT);
        whTest_Fill(big, sizeof(big), (uint8_t)(n + 1));
        rc = nvmAdd(p, (uint16_t)(n + 1), 0, 0, NULL, sizeof(big), big);
        if (rc == WH_ERROR_OK) {
            n++;
        }
    }
    assert_int_equal(rc, WH_ERROR_NOSPACE);
    assert_true(n >= 2);
    expectMissing(p, (uint16_t)(n + 1)); /* nothing half-written */
    for (i = 1; i <= n; i++) {
        whTest_Fill(big, sizeof(big), (uint8_t)i);
        expectContent(p, i, big, sizeof(big));
    }
    /* Destroying two makes room again (compaction reclaims their space). */
    ids[0] = 1;
    ids[1] = n;
    assert_int_equal(nvmDestroy(p, 2, ids), WH_ERROR_OK);
    whTest_Fill(big, sizeof(big), 0xEE);
    assert_int_equal(nvmAdd(p, 200, 0, 0, NULL, sizeof(big), big), WH_ERROR_OK);
    expectContent(p, 200, big, sizeof(big));
    for (i = 2; i < n; i++) {
        whTest_Fill(big, sizeof(big), (uint8_t)i);
        expectContent(p, i, big, sizeof(big));
    }
    expectMissing(p, 1);
    expectMissing(p, n);
}

static void test_request_bad_args(void** state)
{
    whTestPair* p        = *state;
    uint8_t     data[4]  = {1, 2, 3, 4};
    uint8_t     label[4] = "abc";
    int32_t     rc       = RC_UNSET;

    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 1, 0, 0, 0, NULL,
                                                   WH_MESSAGE_NVM_MAX_ADD + 1, data),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 1, 0, 0, 0, NULL, 4, NULL),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 1, 0, 0, 3, NULL, 4, data),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmAddObjectRequest(&p->client, 1, 0, 0, WH_NVM_LABEL_LEN + 1, label,
                                                   4, data),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmAddObjectRequest(NULL, 1, 0, 0, 0, NULL, 4, data),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmDestroyObjectsRequest(&p->client, 1, NULL), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmReadRequest(&p->client, 1, 0, WH_MESSAGE_NVM_MAX_READ + 1),
                     WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmListRequest(NULL, 0, 0, 0), WH_ERROR_BADARGS);
    /* Nothing was sent: the server has nothing to do, and no response is outstanding. */
    whTest_AssertNothingSent(p);
    assert_int_equal(wh_Client_NvmAddObjectResponse(&p->client, &rc), WH_ERROR_BADARGS);
    assert_int_equal(rc, RC_UNSET);
    assert_int_equal(wh_Client_NvmReadResponse(&p->client, NULL, NULL, &rc), WH_ERROR_BADARGS);
    assert_int_equal(wh_Client_NvmRead(&p->client, 1, 0, 1, NULL, data, &rc), WH_ERROR_BADARGS);
    /* The client still works. */
    assert_int_equal(nvmAdd(p, 1, 0, 0, NULL, sizeof(data), data), WH_ERROR_OK);
    expectContent(p, 1, data, sizeof(data));
}

static void test_global_objects_shared(void** state)
{
    whTestShared*  f = *state;
    uint8_t        g1[32];
    uint8_t        g2[48];
    uint8_t        local[16];
    uint8_t        label[WH_NVM_LABEL_LEN];
    uint16_t       ids[4];
    uint16_t       access = 0, flags = 0, len = 0;
    const uint16_t gid = WH_ID_GLOBAL | 5;

    whTest_Fill(g1, sizeof(g1), 0x01);
    whTest_Fill(g2, sizeof(g2), 0x02);
    whTest_Fill(local, sizeof(local), 0x03);

    /* Client A writes a global object; client B (another client id) sees it all. */
    assert_int_equal(nvmAdd(&f->a, gid, 0x7, WH_NVM_FLAGS_SENSITIVE, "shared", sizeof(g1), g1),
                     WH_ERROR_OK);
    expectContent(&f->b, gid, g1, sizeof(g1));
    assert_int_equal(nvmMeta(&f->b, gid, &access, &flags, &len, label), WH_ERROR_OK);
    assert_int_equal(access, 0x7);
    assert_int_equal(flags, WH_NVM_FLAGS_SENSITIVE);
    assert_int_equal(len, sizeof(g1));
    assert_memory_equal(label, "shared", 7);
    assert_int_equal(listAll(&f->b, 0, 0, ids, 4), 1);
    assert_int_equal(ids[0], gid);

    /* The global number 5 and each client's own number 5 are three objects. */
    expectMissing(&f->a, 5);
    assert_int_equal(nvmAdd(&f->a, 5, 0, 0, NULL, sizeof(local), local), WH_ERROR_OK);
    expectMissing(&f->b, 5);
    expectContent(&f->b, gid, g1, sizeof(g1));
    expectContent(&f->a, 5, local, sizeof(local));

    /* Only its owner (A) replaces or destroys it: B's attempts change nothing. */
    assert_int_equal(nvmAdd(&f->b, gid, 0, 0, "v2", sizeof(g2), g2), WH_ERROR_ACCESS);
    expectContent(&f->a, gid, g1, sizeof(g1));
    assert_int_equal(nvmDestroy(&f->b, 1, &gid), WH_ERROR_ACCESS);
    expectContent(&f->b, gid, g1, sizeof(g1));
    /* A replaces it: B sees the new content; A destroys it: gone for B. */
    assert_int_equal(nvmAdd(&f->a, gid, 0, 0, "v2", sizeof(g2), g2), WH_ERROR_OK);
    expectContent(&f->b, gid, g2, sizeof(g2));
    assert_int_equal(nvmDestroy(&f->a, 1, &gid), WH_ERROR_OK);
    expectMissing(&f->b, gid);
    expectContent(&f->a, 5, local, sizeof(local));
    assert_int_equal(listAll(&f->b, 0, 0, ids, 4), 0);
}

static void test_persistence(void** state)
{
    whTestShared*  f = *state;
    uint8_t        a[64];
    uint8_t        b1[40];
    uint8_t        b2[20];
    uint8_t        g[10];
    uint8_t        label[WH_NVM_LABEL_LEN];
    uint16_t       ids[8];
    uint16_t       access = 0, flags = 0, len = 0;
    const uint16_t gone = 3;

    whTest_Fill(a, sizeof(a), 0xA0);
    whTest_Fill(b1, sizeof(b1), 0xB1);
    whTest_Fill(b2, sizeof(b2), 0xB2);
    whTest_Fill(g, sizeof(g), 0x66);
    assert_int_equal(nvmAdd(&f->a, 1, 0x9, WH_NVM_FLAGS_NONMODIFIABLE, "persist", sizeof(a), a),
                     WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->a, 2, 0, 0, NULL, sizeof(b1), b1), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->a, 2, 0, 0, NULL, sizeof(b2), b2), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->a, gone, 0, 0, NULL, sizeof(b1), b1), WH_ERROR_OK);
    assert_int_equal(nvmDestroy(&f->a, 1, &gone), WH_ERROR_OK);
    assert_int_equal(nvmAdd(&f->b, WH_ID_GLOBAL | 1, 0, 0, NULL, sizeof(g), g), WH_ERROR_OK);

    /* Reboot: everything goes away but the flash content. */
    whTest_SharedReboot(f);

    expectContent(&f->a, 1, a, sizeof(a));
    assert_int_equal(nvmMeta(&f->a, 1, &access, &flags, &len, label), WH_ERROR_OK);
    assert_int_equal(access, 0x9);
    assert_int_equal(flags, WH_NVM_FLAGS_NONMODIFIABLE);
    assert_memory_equal(label, "persist", 8);
    expectContent(&f->a, 2, b2, sizeof(b2)); /* the replacement, not the first version */
    expectMissing(&f->a, gone);              /* destroyed stays destroyed */
    expectContent(&f->a, WH_ID_GLOBAL | 1, g, sizeof(g));
    expectContent(&f->b, WH_ID_GLOBAL | 1, g, sizeof(g));
    expectMissing(&f->b, 1);
    assert_int_equal(listAll(&f->a, 0, 0, ids, 8), 3);
    /* Flags still enforced after the reboot. */
    assert_int_equal(nvmAdd(&f->a, 1, 0, 0, NULL, sizeof(b1), b1), WH_ERROR_ACCESS);
    expectContent(&f->a, 1, a, sizeof(a));
}

static void test_blocking_calls(void** state)
{
    static whTestPair p;
    uint8_t           data[300];
    uint8_t           out[300];
    uint8_t           label[WH_NVM_LABEL_LEN];
    uint32_t          size0 = 0, size1 = 0;
    uint16_t          objs0 = 0, objs1 = 0;
    uint16_t          count = 0, id = 0, outLen = 0;
    uint16_t          access = 0, flags = 0, len = 0;
    uint16_t          clientId = 0;
    uint16_t          ids[2]   = {8, 9};
    int32_t           rc       = RC_UNSET;
    (void)state;

    whTest_Fill(data, sizeof(data), 0xC3);
    whTest_PairInit(&p, NULL, CLIENT_ID, 1, 5000);
    whTest_PairStartServer(&p);
    assert_int_equal(wh_Client_CommConnect(&p.client, &clientId, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(clientId, CLIENT_ID);

    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmGetAvailable(&p.client, &size0, &objs0, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmAddObject(&p.client, 8, 0x3, WH_NVM_FLAGS_SENSITIVE, 5,
                                            (const uint8_t*)"block", sizeof(data), data, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmAddObject(&p.client, 9, 0, 0, 0, NULL, 10, data, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmGetAvailable(&p.client, &size1, &objs1, NULL, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(objs1, objs0 - 2);
    assert_true(size1 <= size0 - sizeof(data) - 10);

    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmList(&p.client, 0, 0, 0, &count, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(count, 2);
    assert_int_equal(id, 8);
    assert_int_equal(wh_Client_NvmList(&p.client, 0, WH_NVM_FLAGS_SENSITIVE, 8, &count, &id, &rc),
                     WH_ERROR_OK);
    assert_int_equal(count, 0);

    rc = RC_UNSET;
    memset(label, 0, sizeof(label));
    assert_int_equal(wh_Client_NvmGetMetadata(&p.client, 8, &access, &flags, &len, sizeof(label),
                                              label, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(access, 0x3);
    assert_int_equal(flags, WH_NVM_FLAGS_SENSITIVE);
    assert_int_equal(len, sizeof(data));
    assert_memory_equal(label, "block", 6);

    rc = RC_UNSET;
    memset(out, 0, sizeof(out));
    assert_int_equal(wh_Client_NvmRead(&p.client, 8, 100, 200, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outLen, 200);
    assert_memory_equal(out, data + 100, 200);
    assert_int_equal(wh_Client_NvmRead(&p.client, 8, 100, 201, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_BADARGS);

    rc = RC_UNSET;
    assert_int_equal(wh_Client_NvmDestroyObjects(&p.client, 2, ids, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_NvmRead(&p.client, 8, 0, 1, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    assert_int_equal(wh_Client_NvmGetMetadata(&p.client, 9, NULL, NULL, NULL, 0, NULL, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);

    /* Refused locally: the blocking wrapper returns at once. */
    assert_int_equal(wh_Client_NvmAddObject(&p.client, 1, 0, 0, 0, NULL, WH_MESSAGE_NVM_MAX_ADD + 1,
                                            data, &rc),
                     WH_ERROR_BADARGS);

    whTest_PairStopServer(&p);
    assert_int_equal(whTest_ServerMalformed(&p), 0);
    whTest_PairCleanup(&p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_get_available, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_read_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_label_and_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_iteration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_shows_only_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destroy_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonmodifiable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_full_of_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_full_of_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_bad_args, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_objects_shared, setupShared, teardownShared),
        cmocka_unit_test_setup_teardown(test_persistence, setupShared, teardownShared),
        cmocka_unit_test(test_blocking_calls),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
