/*
 * test_nvm_flash.c: the power-fail-safe flash object store, through its whNvmCb table and
 * through the wh_Nvm_* context, on several flash geometries (program units 1, 2, 4, 8, 16;
 * sectors of 128 to 1024 bytes). Power cuts at every step are in test_powerfail.c; here a
 * few cuts check how the store behaves right after one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

/* A flash whose partitions hold WOLFHSM_CFG_NVM_OBJECT_COUNT records of 64 bytes. */
#define OBJECTS_FLASH (2u * ((WOLFHSM_CFG_NVM_OBJECT_COUNT * 64u + 2048u + 1023u) / 1024u * 1024u))
#define MAX_FLASH ((OBJECTS_FLASH > 16384u) ? OBJECTS_FLASH : 16384u)

typedef struct {
    uint32_t unit;
    uint32_t sector;
    uint32_t size;
} geometry;

static const geometry geometries[] = {
    {1, 256, 2048},  /* 4 sectors per partition */
    {2, 128, 1024},  /* 4 small sectors */
    {4, 256, 2048},  /* 4 sectors, the smallest unit a 4-byte marker fills */
    {8, 1024, 4096}, /* 2 sectors per partition */
    {16, 512, 4096}, /* 4 sectors, 16-byte markers */
};
#define GEOMETRIES (sizeof(geometries) / sizeof(geometries[0]))

static const whFlashCb ramsimCb = WH_FLASH_RAMSIM_CB;
static const whFlashCb faultCb  = WH_FLASH_FAULT_CB;
static const whNvmCb   storeCb  = WH_NVM_FLASH_CB;

/* A store on a RAM flash, optionally behind the fault injector. */
typedef struct {
    geometry             g;
    whFlashRamsimContext flash;
    whFlashFaultContext  fault;
    whNvmFlashConfig     cfg;
    whNvmFlashContext    store;
    uint8_t              scratch[1024];
} rig;

static uint8_t flashMem[MAX_FLASH];
static uint8_t snapshot[MAX_FLASH];
static rig     R; /* the contexts are large: keep them off the stack */

static uint32_t marker(const geometry* g)
{
    return (g->unit < 4u) ? 4u : g->unit;
}

/* The format's sizes (NVM_FORMAT.md). */
static uint32_t hdrSize(const geometry* g)
{
    return marker(g) + 32u;
}

static uint32_t recSize(const geometry* g, uint32_t len)
{
    return marker(g) + 48u + ((len + g->unit - 1u) / g->unit) * g->unit;
}

static void flashUp(rig* r, int erase)
{
    const whFlashRamsimConfig fc = {.memory      = flashMem,
                                    .size        = r->g.size,
                                    .sectorSize  = r->g.sector,
                                    .programUnit = r->g.unit,
                                    .initErased  = erase};
    assert_int_equal(ramsimCb.init(&r->flash, &fc), WH_ERROR_OK);
}

/* Bring the flash up (erased or as it is) and init the store on it; returns Init's rc. */
static int rigInit(rig* r, const geometry* g, int erase)
{
    r->g = *g;
    flashUp(r, erase);
    r->cfg = (whNvmFlashConfig){.cb = &ramsimCb, .context = &r->flash};
    return storeCb.init(&r->store, &r->cfg);
}

/* The same through the fault injector (disarmed). */
static int rigInitFault(rig* r, const geometry* g, int erase)
{
    const whFlashFaultConfig fc = {.cb          = &ramsimCb,
                                   .context     = &r->flash,
                                   .scratch     = r->scratch,
                                   .scratchSize = sizeof(r->scratch)};
    r->g                        = *g;
    flashUp(r, erase);
    assert_int_equal(faultCb.init(&r->fault, &fc), WH_ERROR_OK);
    r->cfg = (whNvmFlashConfig){.cb = &faultCb, .context = &r->fault};
    return storeCb.init(&r->store, &r->cfg);
}

static void rigDown(rig* r)
{
    (void)storeCb.cleanup(&r->store);
    if (r->cfg.cb == &faultCb) {
        assert_int_equal(faultCb.cleanup(&r->fault), WH_ERROR_OK);
    }
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
}

/* Power off and on: everything comes back from the flash alone. */
static int rigReboot(rig* r)
{
    int fault = (r->cfg.cb == &faultCb);
    rigDown(r);
    return fault ? rigInitFault(r, &r->g, 0) : rigInit(r, &r->g, 0);
}

static whNvmMetadata makeMeta(whNvmId id, whNvmAccess access, whNvmFlags flags, const char* label)
{
    whNvmMetadata m;
    memset(&m, 0, sizeof(m));
    m.id     = id;
    m.access = access;
    m.flags  = flags;
    if (label != NULL) {
        memcpy(m.label, label, strnlen(label, WH_NVM_LABEL_LEN));
    }
    return m;
}

static void fillPattern(uint8_t* p, uint32_t n, uint32_t seed)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)((seed * 131u) + i * 7u + (i >> 3));
    }
}

static int add(rig* r, whNvmId id, whNvmFlags flags, uint32_t len, uint32_t seed)
{
    uint8_t       data[1024];
    whNvmMetadata m = makeMeta(id, 0x0001, flags, "obj");
    fillPattern(data, len, seed);
    return storeCb.addObject(&r->store, &m, (whNvmSize)len, data);
}

/* The object holds exactly the pattern of (len, seed). */
static void expectObject(rig* r, whNvmId id, uint32_t len, uint32_t seed)
{
    uint8_t       want[1024];
    uint8_t       got[1024];
    whNvmMetadata m;

    assert_int_equal(storeCb.getMetadata(&r->store, id, &m), WH_ERROR_OK);
    assert_int_equal(m.id, id);
    assert_int_equal(m.len, len);
    fillPattern(want, len, seed);
    memset(got, 0, sizeof(got));
    assert_int_equal(storeCb.read(&r->store, id, 0, (whNvmSize)len, got), WH_ERROR_OK);
    assert_memory_equal(got, want, len);
}

static void expectAbsent(rig* r, whNvmId id)
{
    whNvmMetadata m;
    uint8_t       b;
    assert_int_equal(storeCb.getMetadata(&r->store, id, &m), WH_ERROR_NOTFOUND);
    assert_int_equal(storeCb.read(&r->store, id, 0, 1, &b), WH_ERROR_NOTFOUND);
}

static uint32_t epochOf(const rig* r)
{
    uint32_t e = 0;
    assert_int_equal(wh_NvmFlash_GetEpoch(&r->store, &e), WH_ERROR_OK);
    return e;
}

typedef struct {
    uint32_t availSize;
    uint32_t reclaimSize;
    whNvmId  availObjects;
    whNvmId  reclaimObjects;
} avail;

static avail available(rig* r)
{
    avail a;
    memset(&a, 0xEE, sizeof(a));
    assert_int_equal(storeCb.getAvailable(&r->store, &a.availSize, &a.availObjects, &a.reclaimSize,
                                          &a.reclaimObjects),
                     WH_ERROR_OK);
    return a;
}

/* Bitwise CRC-32 straight from its definition, to check the store's table. */
static uint32_t crcReference(const uint8_t* p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    uint32_t i;
    int      k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++) {
            c = (c & 1u) ? ((c >> 1) ^ 0xEDB88320u) : (c >> 1);
        }
    }
    return c ^ 0xFFFFFFFFu;
}

static void test_crc32(void** state)
{
    uint8_t  buf[300];
    uint32_t i;
    (void)state;

    assert_int_equal(wh_NvmFlash_Crc32((const uint8_t*)"123456789", 9), 0xCBF43926u);
    assert_int_equal(wh_NvmFlash_Crc32(NULL, 0), 0u);
    for (i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 37u + 11u); /* every byte value appears */
    }
    for (i = 0; i <= sizeof(buf); i += 13u) {
        assert_int_equal(wh_NvmFlash_Crc32(buf, i), crcReference(buf, i));
    }
    /* One byte b looks up table entry ~b: every entry once. */
    for (i = 0; i < 256u; i++) {
        uint8_t b = (uint8_t)i;
        assert_int_equal(wh_NvmFlash_Crc32(&b, 1), crcReference(&b, 1));
    }
}

static void test_add_read_replace(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*          r  = &R;
        whNvmId       id = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 5);
        whNvmMetadata m  = makeMeta(id, 0x0003, WH_NVM_FLAGS_SENSITIVE, "alpha label");
        whNvmMetadata got;
        uint8_t       data[300];
        uint8_t       out[300];

        assert_int_equal(rigInit(r, &geometries[gi], 1), WH_ERROR_OK);
        assert_int_equal(epochOf(r), 1);
        fillPattern(data, sizeof(data), 1);
        m.len = 999; /* ignored: the length is dataLen */
        assert_int_equal(storeCb.addObject(&r->store, &m, 10, data), WH_ERROR_OK);
        assert_int_equal(storeCb.getMetadata(&r->store, id, &got), WH_ERROR_OK);
        assert_int_equal(got.id, id);
        assert_int_equal(got.access, 0x0003);
        assert_int_equal(got.flags, WH_NVM_FLAGS_SENSITIVE);
        assert_int_equal(got.len, 10);
        assert_memory_equal(got.label, m.label, WH_NVM_LABEL_LEN);

        assert_int_equal(storeCb.read(&r->store, id, 0, 10, out), WH_ERROR_OK);
        assert_memory_equal(out, data, 10);
        assert_int_equal(storeCb.read(&r->store, id, 3, 4, out), WH_ERROR_OK);
        assert_memory_equal(out, data + 3, 4);
        assert_int_equal(storeCb.read(&r->store, id, 10, 0, out), WH_ERROR_OK);
        assert_int_equal(storeCb.read(&r->store, id, 8, 3, out), WH_ERROR_BADARGS);
        assert_int_equal(storeCb.read(&r->store, id, 11, 0, out), WH_ERROR_BADARGS);
        assert_int_equal(storeCb.read(&r->store, id, 0xFFFF, 0xFFFF, out), WH_ERROR_BADARGS);
        assert_int_equal(storeCb.read(&r->store, id, 0, 4, NULL), WH_ERROR_BADARGS);
        expectAbsent(r, (whNvmId)(id + 1u));

        /* Replace: longer than one write chunk, length not a multiple of the unit. */
        fillPattern(data, sizeof(data), 2);
        m = makeMeta(id, 0x0004, WH_NVM_FLAGS_NONE, "beta");
        assert_int_equal(storeCb.addObject(&r->store, &m, 251, data), WH_ERROR_OK);
        assert_int_equal(storeCb.getMetadata(&r->store, id, &got), WH_ERROR_OK);
        assert_int_equal(got.len, 251);
        assert_int_equal(got.access, 0x0004);
        assert_memory_equal(got.label, m.label, WH_NVM_LABEL_LEN);
        expectObject(r, id, 251, 2);
        assert_int_equal(storeCb.read(&r->store, id, 250, 1, out), WH_ERROR_OK);
        assert_int_equal(out[0], data[250]);

        /* Empty object. */
        assert_int_equal(storeCb.addObject(&r->store, &m, 0, NULL), WH_ERROR_OK);
        assert_int_equal(storeCb.getMetadata(&r->store, id, &got), WH_ERROR_OK);
        assert_int_equal(got.len, 0);
        assert_int_equal(storeCb.read(&r->store, id, 0, 1, out), WH_ERROR_BADARGS);

        /* Sizes around the chunk boundary (80 data bytes share the header's program). */
        assert_int_equal(add(r, 0x1001, 0, 79, 3), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1002, 0, 80, 4), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1003, 0, 81, 5), WH_ERROR_OK);
        expectObject(r, 0x1001, 79, 3);
        expectObject(r, 0x1002, 80, 4);
        expectObject(r, 0x1003, 81, 5);

        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        assert_int_equal(storeCb.getMetadata(&r->store, id, &got), WH_ERROR_OK);
        assert_int_equal(got.len, 0);
        assert_memory_equal(got.label, m.label, WH_NVM_LABEL_LEN);
        expectObject(r, 0x1001, 79, 3);
        expectObject(r, 0x1002, 80, 4);
        expectObject(r, 0x1003, 81, 5);
        rigDown(r);
    }
}

static void listAll(rig* r, whNvmAccess access, whNvmFlags flags, const whNvmId* want, whNvmId n)
{
    whNvmId  start = 0;
    whNvmId  count = 0xEEEE;
    whNvmId  id    = 0xEEEE;
    uint32_t i;

    for (i = 0; i < n; i++) {
        assert_int_equal(storeCb.list(&r->store, access, flags, start, &count, &id), WH_ERROR_OK);
        assert_int_equal(count, n - i);
        assert_int_equal(id, want[i]);
        start = id;
    }
    assert_int_equal(storeCb.list(&r->store, access, flags, start, &count, &id), WH_ERROR_OK);
    assert_int_equal(count, 0);
    assert_int_equal(id, WH_NVM_ID_INVALID);
}

static void test_list_filters(void** state)
{
    static const struct {
        whNvmId     id;
        whNvmAccess access;
        whNvmFlags  flags;
    } objs[] = {
        {0x3001, 0x0001, WH_NVM_FLAGS_NONE},
        {0x1105, 0x0003, WH_NVM_FLAGS_USAGE_SIGN},
        {0x2103, 0x0002, WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY},
        {0x1101, 0x0007, WH_NVM_FLAGS_NONEXPORTABLE},
        {0x1203, 0x0002, WH_NVM_FLAGS_USAGE_VERIFY},
    };
    static const whNvmId all[]     = {0x1101, 0x1105, 0x1203, 0x2103, 0x3001};
    static const whNvmId access2[] = {0x1101, 0x1105, 0x1203, 0x2103};
    static const whNvmId access3[] = {0x1101, 0x1105};
    static const whNvmId sign[]    = {0x1105, 0x2103};
    static const whNvmId both[]    = {0x2103};
    static const whNvmId verify2[] = {0x1203, 0x2103};
    size_t               gi;
    size_t               i;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*    r = &R;
        whNvmId count;
        whNvmId id;
        assert_int_equal(rigInit(r, &geometries[gi], 1), WH_ERROR_OK);
        listAll(r, 0, 0, all, 0);
        for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
            whNvmMetadata m = makeMeta(objs[i].id, objs[i].access, objs[i].flags, NULL);
            uint8_t       b = (uint8_t)i;
            assert_int_equal(storeCb.addObject(&r->store, &m, 1, &b), WH_ERROR_OK);
        }
        listAll(r, 0, 0, all, 5);
        listAll(r, 0x0002, 0, access2, 4);
        listAll(r, 0x0003, 0, access3, 2);
        listAll(r, 0, WH_NVM_FLAGS_USAGE_SIGN, sign, 2);
        listAll(r, 0, WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY, both, 1);
        listAll(r, 0x0002, WH_NVM_FLAGS_USAGE_VERIFY, verify2, 2);
        listAll(r, 0x0008, 0, all, 0);

        /* startId need not be an existing id; ids after it only. */
        assert_int_equal(storeCb.list(&r->store, 0, 0, 0x1200, &count, &id), WH_ERROR_OK);
        assert_int_equal(count, 3);
        assert_int_equal(id, 0x1203);
        assert_int_equal(storeCb.list(&r->store, 0, 0, 0xFFFF, &count, &id), WH_ERROR_OK);
        assert_int_equal(count, 0);
        assert_int_equal(id, WH_NVM_ID_INVALID);

        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        listAll(r, 0, 0, all, 5);
        listAll(r, 0, WH_NVM_FLAGS_USAGE_SIGN, sign, 2);
        rigDown(r);
    }
}

static void test_destroy(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*          r      = &R;
        const whNvmId ids1[] = {0x1001, 0x1777, 0x1003, 0x1001};
        const whNvmId ids2[] = {0x1002, 0x1004};
        const whNvmId rest[] = {0x1002, 0x1004};
        uint32_t      before;

        assert_int_equal(rigInit(r, &geometries[gi], 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1001, 0, 8, 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1002, 0, 8, 2), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1003, 0, 8, 3), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1004, WH_NVM_FLAGS_NONDESTROYABLE, 8, 4), WH_ERROR_OK);

        /* Missing ids are skipped, duplicates are harmless. */
        assert_int_equal(storeCb.destroyObjects(&r->store, 4, ids1), WH_ERROR_OK);
        expectAbsent(r, 0x1001);
        expectAbsent(r, 0x1003);
        expectObject(r, 0x1002, 8, 2);

        /* All or nothing: 0x1004 is non-destroyable, so 0x1002 stays, nothing is written. */
        before = r->flash.programCount;
        assert_int_equal(storeCb.destroyObjects(&r->store, 2, ids2), WH_ERROR_ACCESS);
        assert_int_equal(r->flash.programCount, before);
        listAll(r, 0, 0, rest, 2);

        /* Nothing to destroy: no write. */
        assert_int_equal(storeCb.destroyObjects(&r->store, 0, NULL), WH_ERROR_OK);
        assert_int_equal(storeCb.destroyObjects(&r->store, 1, ids1 + 1), WH_ERROR_OK);
        assert_int_equal(r->flash.programCount, before);
        assert_int_equal(storeCb.destroyObjects(&r->store, 1, NULL), WH_ERROR_BADARGS);

        /* A destroyed id can come back. */
        assert_int_equal(add(r, 0x1003, 0, 5, 9), WH_ERROR_OK);
        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        expectAbsent(r, 0x1001);
        expectObject(r, 0x1002, 8, 2);
        expectObject(r, 0x1003, 5, 9);
        expectObject(r, 0x1004, 8, 4);
        rigDown(r);
    }
}

static void test_destroy_many(void** state)
{
    static const geometry big = {8, 1024, 16384};
    rig*                  r   = &R;
    whNvmId               ids[60];
    whNvmId               count;
    whNvmId               first;
    uint32_t              i;
    const uint32_t n = (WOLFHSM_CFG_NVM_OBJECT_COUNT < 60u) ? WOLFHSM_CFG_NVM_OBJECT_COUNT : 60u;
    (void)state;

    assert_int_equal(rigInit(r, &big, 1), WH_ERROR_OK);
    for (i = 0; i < n; i++) {
        ids[i] = (whNvmId)(0x1000u + i);
        assert_int_equal(add(r, ids[i], 0, 4, i), WH_ERROR_OK);
    }
    /* All but the first in one call: more than one tombstone record (40 ids each). */
    assert_int_equal(storeCb.destroyObjects(&r->store, (whNvmId)(n - 1u), ids + 1), WH_ERROR_OK);
    assert_int_equal(storeCb.list(&r->store, 0, 0, 0, &count, &first), WH_ERROR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(first, ids[0]);
    assert_int_equal(available(r).availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
    assert_int_equal(rigReboot(r), WH_ERROR_OK);
    assert_int_equal(storeCb.list(&r->store, 0, 0, 0, &count, &first), WH_ERROR_OK);
    assert_int_equal(count, 1);
    expectObject(r, ids[0], 4, 0);
    assert_int_equal(available(r).availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
    rigDown(r);
}

static void test_access_flags(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*          r = &R;
        const whNvmId a = 0x2001;
        const whNvmId b = 0x2002;
        uint32_t      before;
        avail         av;

        assert_int_equal(rigInit(r, &geometries[gi], 1), WH_ERROR_OK);
        assert_int_equal(add(r, a, WH_NVM_FLAGS_NONMODIFIABLE, 16, 1), WH_ERROR_OK);
        assert_int_equal(add(r, b, WH_NVM_FLAGS_NONDESTROYABLE, 16, 2), WH_ERROR_OK);

        before = r->flash.programCount;
        av     = available(r);
        assert_int_equal(add(r, a, 0, 16, 3), WH_ERROR_ACCESS);
        assert_int_equal(add(r, a, WH_NVM_FLAGS_NONMODIFIABLE, 4, 3), WH_ERROR_ACCESS);
        assert_int_equal(storeCb.destroyObjects(&r->store, 1, &b), WH_ERROR_ACCESS);
        assert_int_equal(r->flash.programCount, before); /* refused: nothing written */
        assert_int_equal(available(r).availSize, av.availSize);
        expectObject(r, a, 16, 1);
        expectObject(r, b, 16, 2);

        /* Non-destroyable can be modified; non-modifiable can be destroyed. */
        assert_int_equal(add(r, b, WH_NVM_FLAGS_NONDESTROYABLE, 8, 4), WH_ERROR_OK);
        assert_int_equal(storeCb.destroyObjects(&r->store, 1, &a), WH_ERROR_OK);
        expectAbsent(r, a);
        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        expectAbsent(r, a);
        expectObject(r, b, 8, 4);
        assert_int_equal(storeCb.destroyObjects(&r->store, 1, &b), WH_ERROR_ACCESS);
        rigDown(r);
    }
}

static void test_available(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*            r    = &R;
        const geometry* g    = &geometries[gi];
        const uint32_t  part = g->size / 2u;
        const whNvmId   id   = 0x1010;
        avail           a;
        uint32_t        epoch;

        assert_int_equal(rigInit(r, g, 1), WH_ERROR_OK);
        a = available(r);
        assert_int_equal(a.availSize, part - hdrSize(g));
        assert_int_equal(a.availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT);
        assert_int_equal(a.reclaimSize, 0);
        assert_int_equal(a.reclaimObjects, 0);

        assert_int_equal(add(r, id, 0, 10, 1), WH_ERROR_OK);
        a = available(r);
        assert_int_equal(a.availSize, part - hdrSize(g) - recSize(g, 10));
        assert_int_equal(a.availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
        assert_int_equal(a.reclaimSize, 0);

        assert_int_equal(add(r, id, 0, 20, 2), WH_ERROR_OK);
        a = available(r);
        assert_int_equal(a.availSize, part - hdrSize(g) - recSize(g, 10) - recSize(g, 20));
        assert_int_equal(a.availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
        assert_int_equal(a.reclaimSize, recSize(g, 10));
        assert_int_equal(a.reclaimObjects, 1);

        assert_int_equal(storeCb.destroyObjects(&r->store, 1, &id), WH_ERROR_OK);
        a = available(r);
        assert_int_equal(a.availSize,
                         part - hdrSize(g) - recSize(g, 10) - recSize(g, 20) - recSize(g, 2));
        assert_int_equal(a.availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT);
        assert_int_equal(a.reclaimSize, recSize(g, 10) + recSize(g, 20) + recSize(g, 2));
        assert_int_equal(a.reclaimObjects, 3);

        /* The figures are rebuilt identically from the flash. */
        assert_int_equal(add(r, 0x1011, 0, 7, 3), WH_ERROR_OK);
        a = available(r);
        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        {
            avail b = available(r);
            assert_int_equal(b.availSize, a.availSize);
            assert_int_equal(b.availObjects, a.availObjects);
            assert_int_equal(b.reclaimSize, a.reclaimSize);
            assert_int_equal(b.reclaimObjects, a.reclaimObjects);
        }

        epoch = epochOf(r);
        assert_int_equal(wh_NvmFlash_Compact(&r->store), WH_ERROR_OK);
        assert_int_equal(epochOf(r), epoch + 1u);
        a = available(r);
        assert_int_equal(a.availSize, part - hdrSize(g) - recSize(g, 7));
        assert_int_equal(a.reclaimSize, 0);
        assert_int_equal(a.reclaimObjects, 0);
        expectObject(r, 0x1011, 7, 3);
        assert_int_equal(storeCb.getAvailable(&r->store, NULL, NULL, NULL, NULL), WH_ERROR_OK);
        rigDown(r);
    }
}

static void test_compaction_automatic(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*            r        = &R;
        const geometry* g        = &geometries[gi];
        uint32_t        seeds[3] = {0, 0, 0};
        uint32_t        written  = 0;
        uint32_t        i;
        uint32_t        epoch;

        assert_int_equal(rigInit(r, g, 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x3001, WH_NVM_FLAGS_NONMODIFIABLE, 12, 77), WH_ERROR_OK);
        /* Replace three objects until about six partitions' worth has been written. */
        for (i = 0; written < 3u * g->size; i++) {
            uint32_t k   = i % 3u;
            uint32_t len = 20u + 13u * k;
            assert_int_equal(add(r, (whNvmId)(0x1001u + k), 0, len, i + 1u), WH_ERROR_OK);
            seeds[k] = i + 1u;
            written += recSize(g, len);
            if ((i % 7u) == 0u) {
                expectObject(r, 0x1001, 20, seeds[0]);
            }
        }
        epoch = epochOf(r);
        assert_true(epoch >= 4u); /* compacted at least three times, by itself */
        assert_true(r->flash.eraseCount >= 3u);
        expectObject(r, 0x1001, 20, seeds[0]);
        expectObject(r, 0x1002, 33, seeds[1]);
        expectObject(r, 0x1003, 46, seeds[2]);
        expectObject(r, 0x3001, 12, 77);

        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        assert_int_equal(epochOf(r), epoch);
        expectObject(r, 0x1001, 20, seeds[0]);
        expectObject(r, 0x1002, 33, seeds[1]);
        expectObject(r, 0x1003, 46, seeds[2]);
        expectObject(r, 0x3001, 12, 77);
        rigDown(r);
    }
}

static void test_bad_args(void** state)
{
    static const geometry big = {8, 1024, 16384};
    rig*                  r   = &R;
    whNvmFlashContext     idle;
    whNvmMetadata         m       = makeMeta(0x1001, 0, 0, NULL);
    uint8_t               data[4] = {0};
    whNvmId               count;
    whNvmId               id;
    whFlashCb             partial = ramsimCb;
    uint32_t              i;
    (void)state;

    /* NULL context, and a context never initialised. */
    memset(&idle, 0, sizeof(idle));
    assert_int_equal(storeCb.init(NULL, &r->cfg), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.cleanup(NULL), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.getAvailable(NULL, NULL, NULL, NULL, NULL), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.addObject(NULL, &m, 4, data), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.list(NULL, 0, 0, 0, &count, &id), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.getMetadata(NULL, 1, &m), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.destroyObjects(NULL, 1, &m.id), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.read(NULL, 1, 0, 1, data), WH_ERROR_BADARGS);
    assert_int_equal(wh_NvmFlash_Compact(NULL), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.cleanup(&idle), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.getAvailable(&idle, NULL, NULL, NULL, NULL), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.addObject(&idle, &m, 4, data), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.list(&idle, 0, 0, 0, &count, &id), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.getMetadata(&idle, 1, &m), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.destroyObjects(&idle, 1, &m.id), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.read(&idle, 1, 0, 1, data), WH_ERROR_NOTINIT);
    assert_int_equal(wh_NvmFlash_Compact(&idle), WH_ERROR_NOTINIT);

    /* Bad configs and geometries. */
    r->g = big;
    flashUp(r, 1);
    assert_int_equal(storeCb.init(&r->store, NULL), WH_ERROR_BADARGS);
    r->cfg = (whNvmFlashConfig){.cb = NULL, .context = &r->flash};
    assert_int_equal(storeCb.init(&r->store, &r->cfg), WH_ERROR_BADARGS);
    partial.program = NULL;
    r->cfg          = (whNvmFlashConfig){.cb = &partial, .context = &r->flash};
    assert_int_equal(storeCb.init(&r->store, &r->cfg), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    {
        static const geometry odd   = {8, 1024, 3072}; /* 3 sectors: no equal halves */
        static const geometry small = {16, 32, 64};    /* a 32-byte partition */
        assert_int_equal(rigInit(r, &odd, 1), WH_ERROR_BADARGS);
        assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
        assert_int_equal(rigInit(r, &small, 1), WH_ERROR_BADARGS);
        assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    }

    assert_int_equal(rigInit(r, &big, 1), WH_ERROR_OK);
    assert_int_equal(storeCb.addObject(&r->store, NULL, 4, data), WH_ERROR_BADARGS);
    m.id = WH_NVM_ID_INVALID;
    assert_int_equal(storeCb.addObject(&r->store, &m, 4, data), WH_ERROR_BADARGS);
    m.id = 0x1001;
    assert_int_equal(storeCb.addObject(&r->store, &m, 4, NULL), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.getMetadata(&r->store, 0x1001, NULL), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.list(&r->store, 0, 0, 0, NULL, NULL), WH_ERROR_OK);

    /* Larger than a partition: refused, nothing written. */
    i = r->flash.programCount;
    assert_int_equal(add(r, 0x1001, 0, 0, 0), WH_ERROR_OK);
    {
        static uint8_t huge[16384u / 2u]; /* a whole partition */
        whNvmMetadata  hm = makeMeta(0x1002, 0, 0, NULL);
        assert_int_equal(storeCb.addObject(&r->store, &hm, (whNvmSize)sizeof(huge), huge),
                         WH_ERROR_NOSPACE);
        assert_int_equal(r->flash.programCount, i + 2u); /* only the first add's */
        /* Fits a partition alone, but not with what is live: refused without a write. */
        assert_int_equal(add(r, 0x1003, 0, 1000, 1), WH_ERROR_OK);
        i = r->flash.programCount;
        assert_int_equal(storeCb.addObject(&r->store, &hm, (whNvmSize)(sizeof(huge) - 1000u), huge),
                         WH_ERROR_NOSPACE);
        assert_int_equal(r->flash.programCount, i);
        expectObject(r, 0x1003, 1000, 1);
    }

    rigDown(r);
}

static void test_too_many_objects(void** state)
{
    static const geometry g = {8, 1024, OBJECTS_FLASH};
    rig*                  r = &R;
    uint32_t              i;
    (void)state;

    assert_int_equal(rigInit(r, &g, 1), WH_ERROR_OK);
    for (i = 0; i < WOLFHSM_CFG_NVM_OBJECT_COUNT; i++) {
        assert_int_equal(add(r, (whNvmId)(0x2000u + i), 0, 2, i), WH_ERROR_OK);
    }
    assert_int_equal(available(r).availObjects, 0);
    assert_int_equal(add(r, 0x1005, 0, 2, 0), WH_ERROR_NOSPACE);
    assert_int_equal(add(r, 0x2000, 0, 3, 9), WH_ERROR_OK); /* replacing still works */
    expectObject(r, 0x2000, 3, 9);
    assert_int_equal(rigReboot(r), WH_ERROR_OK);
    assert_int_equal(available(r).availObjects, 0);
    expectAbsent(r, 0x1005);
    expectObject(r, 0x2000, 3, 9);
    expectObject(r, (whNvmId)(0x2000u + WOLFHSM_CFG_NVM_OBJECT_COUNT - 1u), 2,
                 WOLFHSM_CFG_NVM_OBJECT_COUNT - 1u);
    /* A destroy frees a slot at once. */
    assert_int_equal(storeCb.destroyObjects(&r->store, 1, &(whNvmId){0x2001}), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1005, 0, 2, 0), WH_ERROR_OK);
    rigDown(r);
}

/* Init of a corrupt store: WH_ERROR_CORRUPT, the flash byte for byte unchanged, and the
 * store still unusable. */
static void expectCorrupt(rig* r)
{
    const uint32_t before = r->flash.programCount + r->flash.eraseCount;
    memcpy(snapshot, flashMem, r->g.size);
    assert_int_equal(storeCb.init(&r->store, &r->cfg), WH_ERROR_CORRUPT);
    assert_memory_equal(flashMem, snapshot, r->g.size);
    assert_int_equal(r->flash.programCount + r->flash.eraseCount, before);
    assert_int_equal(storeCb.getAvailable(&r->store, NULL, NULL, NULL, NULL), WH_ERROR_NOTINIT);
    assert_int_equal(storeCb.init(&r->store, &r->cfg), WH_ERROR_CORRUPT);
    assert_memory_equal(flashMem, snapshot, r->g.size);
}

static uint32_t recordOffset(rig* r, whNvmId id)
{
    uint32_t i;
    for (i = 0; i < r->store.count; i++) {
        if (r->store.index[i].meta.id == id) {
            return r->store.index[i].offset;
        }
    }
    fail_msg("id %04x not indexed", id);
    return 0;
}

static void test_corrupt_store(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*            r = &R;
        const geometry* g = &geometries[gi];
        static uint8_t  good[MAX_FLASH];
        uint32_t        a0;
        uint32_t        b;
        uint32_t        i;

        assert_int_equal(rigInit(r, g, 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1001, 0, 20, 1), WH_ERROR_OK);
        a0 = recordOffset(r, 0x1001);
        assert_int_equal(add(r, 0x1002, 0, 20, 2), WH_ERROR_OK);
        b = recordOffset(r, 0x1002);
        assert_int_equal(add(r, 0x1001, 0, 20, 3), WH_ERROR_OK);
        (void)storeCb.cleanup(&r->store);
        memcpy(good, flashMem, g->size);

        /* A bit flipped in a committed record's data. */
        flashMem[b + marker(g) + 48u + 5u] ^= 0x10u;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* ... in a committed record's header. */
        flashMem[b + marker(g) + 20u] ^= 0x01u;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* A record in the middle of the log without its commit marker: only the last record
         * may be torn. */
        memset(flashMem + a0, 0xFF, marker(g));
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* A commit marker with a bit cleared that the pattern never clears. */
        flashMem[b] = 0x00;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* Garbage after the end of the log. */
        flashMem[g->size / 2u - 3u] = 0x00;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* The active partition's header damaged: no valid partition, yet records. */
        flashMem[marker(g) + 9u] ^= 0x04u;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* The other partition non-blank past its first sector. */
        flashMem[g->size / 2u + g->sector + 1u] = 0x12;
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* Random bytes over the whole device. */
        for (i = 0; i < g->size; i++) {
            flashMem[i] = (uint8_t)((i * 2654435761u) >> 13);
        }
        expectCorrupt(r);
        memcpy(flashMem, good, g->size);

        /* Nothing was erased: the good image still opens, with its objects. */
        assert_int_equal(storeCb.init(&r->store, &r->cfg), WH_ERROR_OK);
        expectObject(r, 0x1001, 20, 3);
        expectObject(r, 0x1002, 20, 2);
        rigDown(r);
    }
}

static void test_foreign_geometry(void** state)
{
    static const geometry g8  = {8, 512, 4096};
    static const geometry g16 = {16, 512, 4096};
    static const geometry s1k = {8, 1024, 4096};
    rig*                  r   = &R;
    (void)state;

    assert_int_equal(rigInit(r, &g8, 1), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1001, 0, 20, 1), WH_ERROR_OK);
    rigDown(r);
    /* The same bytes seen with another program unit or sector size: not ours to touch. */
    r->g = g16;
    flashUp(r, 0);
    r->cfg = (whNvmFlashConfig){.cb = &ramsimCb, .context = &r->flash};
    expectCorrupt(r);
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    r->g = s1k;
    flashUp(r, 0);
    expectCorrupt(r);
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    assert_int_equal(rigInit(r, &g8, 0), WH_ERROR_OK);
    expectObject(r, 0x1001, 20, 1);
    rigDown(r);
}

/* Rewrite the version in the partition header of partition part (little-endian, at header
 * body offset 4) and its CRC, as another format's writer would have. */
static void setPartVersion(const geometry* g, uint32_t part, uint16_t version)
{
    uint8_t* body = flashMem + part * (g->size / 2u) + marker(g);
    uint32_t crc;

    body[4]  = (uint8_t)version;
    body[5]  = (uint8_t)(version >> 8);
    crc      = wh_NvmFlash_Crc32(body, 28u);
    body[28] = (uint8_t)crc;
    body[29] = (uint8_t)(crc >> 8);
    body[30] = (uint8_t)(crc >> 16);
    body[31] = (uint8_t)(crc >> 24);
}

static uint16_t partVersion(const geometry* g, uint32_t part)
{
    const uint8_t* body = flashMem + part * (g->size / 2u) + marker(g);
    return (uint16_t)(body[4] | (body[5] << 8));
}

/* A store of format 1 (no owners: record bytes 14..15 are 0) is read, and upgraded to
 * format 2 by one compaction at Init before anything is written; a format newer than ours
 * is another format: refused, untouched. */
static void test_format_versions(void** state)
{
    static const geometry g = {8, 1024, 4096};
    rig*                  r = &R;
    whNvmMetadata         m;
    uint32_t              epoch;
    (void)state;

    assert_int_equal(rigInit(r, &g, 1), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1001, 0, 20, 1), WH_ERROR_OK); /* owner 0, as format 1 wrote */
    assert_int_equal(add(r, 0x1002, 0, 30, 2), WH_ERROR_OK);
    epoch = epochOf(r);
    rigDown(r);
    assert_int_equal(partVersion(&g, 0), 2);
    setPartVersion(&g, 0, 1);
    assert_int_equal(rigInit(r, &g, 0), WH_ERROR_OK);
    assert_int_equal(epochOf(r), epoch + 1u); /* compacted into partition 1 */
    assert_int_equal(partVersion(&g, 1), 2);
    expectObject(r, 0x1001, 20, 1);
    expectObject(r, 0x1002, 30, 2);
    assert_int_equal(storeCb.getMetadata(&r->store, 0x1001, &m), WH_ERROR_OK);
    assert_int_equal(m.owner, WH_NVM_OWNER_NONE);
    rigDown(r);
    /* Once upgraded, it stays: the next Init writes nothing. */
    memcpy(snapshot, flashMem, g.size);
    assert_int_equal(rigInit(r, &g, 0), WH_ERROR_OK);
    assert_int_equal(epochOf(r), epoch + 1u);
    rigDown(r);
    assert_memory_equal(snapshot, flashMem, g.size);
    /* A version we do not know: corrupt, and nothing written. */
    setPartVersion(&g, 1, 3);
    memcpy(snapshot, flashMem, g.size);
    r->g = g;
    flashUp(r, 0);
    r->cfg = (whNvmFlashConfig){.cb = &ramsimCb, .context = &r->flash};
    expectCorrupt(r);
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    assert_memory_equal(snapshot, flashMem, g.size);
}

/* The owner is stored with the object and comes back after a reboot; an owner over 15 is not
 * one the store writes. */
static void test_owner_stored(void** state)
{
    static const geometry g = {8, 1024, 4096};
    rig*                  r = &R;
    whNvmMetadata         m = makeMeta(0x1003, 0, 0, "owned");
    whNvmMetadata         got;
    uint8_t               data[4] = {1, 2, 3, 4};
    (void)state;

    assert_int_equal(rigInit(r, &g, 1), WH_ERROR_OK);
    m.owner = 7;
    assert_int_equal(storeCb.addObject(&r->store, &m, sizeof(data), data), WH_ERROR_OK);
    assert_int_equal(rigReboot(r), WH_ERROR_OK);
    assert_int_equal(storeCb.getMetadata(&r->store, 0x1003, &got), WH_ERROR_OK);
    assert_int_equal(got.owner, 7);
    m.owner = WH_NVM_OWNER_MAX + 1u;
    assert_int_equal(storeCb.addObject(&r->store, &m, sizeof(data), data), WH_ERROR_BADARGS);
    assert_int_equal(storeCb.getMetadata(&r->store, 0x1003, &got), WH_ERROR_OK);
    assert_int_equal(got.owner, 7);
    rigDown(r);
}

/* The number of flash operations f takes, measured through the injector. */
static uint32_t opsOf(rig* r, void (*f)(rig*))
{
    uint32_t n = 0;
    assert_int_equal(wh_FlashFault_Arm(&r->fault, 0xFFFFFFFFu, 0), WH_ERROR_OK);
    f(r);
    assert_int_equal(wh_FlashFault_GetCount(&r->fault, &n), WH_ERROR_OK);
    assert_int_equal(wh_FlashFault_Disarm(&r->fault), WH_ERROR_OK);
    return n;
}

static void addNewVersion(rig* r)
{
    assert_int_equal(add(r, 0x1001, 0, 40, 2), WH_ERROR_OK);
}

static void test_torn_record_closes_log(void** state)
{
    size_t gi;
    (void)state;

    for (gi = 0; gi < GEOMETRIES; gi++) {
        rig*            r = &R;
        const geometry* g = &geometries[gi];
        uint32_t        ops;
        uint32_t        epoch;
        avail           a;

        assert_int_equal(rigInitFault(r, g, 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1001, 0, 30, 1), WH_ERROR_OK);
        ops = opsOf(r, addNewVersion);
        assert_int_equal(ops, 2); /* header and data, then the commit marker */
        rigDown(r);

        /* Same state again, and the power fails in the commit marker's program. */
        assert_int_equal(rigInitFault(r, g, 1), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1001, 0, 30, 1), WH_ERROR_OK);
        epoch = epochOf(r);
        assert_int_equal(wh_FlashFault_Arm(&r->fault, 2, 0), WH_ERROR_OK);
        assert_int_equal(add(r, 0x1001, 0, 40, 2), WH_ERROR_FLASH);
        assert_int_equal(available(r).availSize, 0); /* the log is closed */
        {
            whNvmMetadata m;
            uint8_t       b;
            assert_int_equal(storeCb.getMetadata(&r->store, 0x1001, &m), WH_ERROR_OK);
            assert_int_equal(m.len, 30); /* the index kept the old version */
            /* the power is off: the flash answers nothing */
            assert_int_equal(storeCb.read(&r->store, 0x1001, 0, 1, &b), WH_ERROR_FLASH);
        }

        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        expectObject(r, 0x1001, 30, 1);
        a = available(r);
        assert_int_equal(a.availSize, 0);
        assert_int_equal(a.reclaimObjects, 1);
        assert_int_equal(a.reclaimSize, g->size / 2u - hdrSize(g) - recSize(g, 30));
        /* The next write compacts, by itself. */
        assert_int_equal(add(r, 0x1002, 0, 3, 5), WH_ERROR_OK);
        assert_int_equal(epochOf(r), epoch + 1u);
        expectObject(r, 0x1001, 30, 1);
        expectObject(r, 0x1002, 3, 5);
        assert_int_equal(rigReboot(r), WH_ERROR_OK);
        expectObject(r, 0x1002, 3, 5);
        assert_true(available(r).availSize > 0u);
        rigDown(r);
    }
}

static void compactNow(rig* r)
{
    assert_int_equal(wh_NvmFlash_Compact(&r->store), WH_ERROR_OK);
}

static void test_commit_failure_refuses_writes(void** state)
{
    static const geometry g = {8, 512, 4096};
    rig*                  r = &R;
    uint32_t              ops;
    uint32_t              epoch;
    (void)state;

    assert_int_equal(rigInitFault(r, &g, 1), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1001, 0, 30, 1), WH_ERROR_OK);
    ops = opsOf(r, compactNow);
    rigDown(r);

    /* The commit program (the last operation) completes, yet reports a failure: the store
     * cannot know which partition is newest, so it takes no more writes. */
    assert_int_equal(rigInitFault(r, &g, 1), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1001, 0, 30, 1), WH_ERROR_OK);
    epoch = epochOf(r);
    assert_int_equal(wh_FlashFault_Arm(&r->fault, ops, WH_FLASH_FAULT_TORN_ALL), WH_ERROR_OK);
    assert_int_equal(wh_NvmFlash_Compact(&r->store), WH_ERROR_FLASH);
    assert_int_equal(wh_FlashFault_Disarm(&r->fault), WH_ERROR_OK);
    assert_int_equal(add(r, 0x1002, 0, 4, 2), WH_ERROR_FLASH);
    assert_int_equal(storeCb.destroyObjects(&r->store, 1, &(whNvmId){0x1001}), WH_ERROR_FLASH);
    assert_int_equal(wh_NvmFlash_Compact(&r->store), WH_ERROR_FLASH);
    expectObject(r, 0x1001, 30, 1); /* reads still work */

    assert_int_equal(rigReboot(r), WH_ERROR_OK);
    assert_int_equal(epochOf(r), epoch + 1u);
    expectObject(r, 0x1001, 30, 1);
    assert_int_equal(add(r, 0x1002, 0, 4, 2), WH_ERROR_OK);
    rigDown(r);
}

/* Through the NVM context (nvm/wh_nvm.c), as the server uses the store. */
static void test_nvm_context(void** state)
{
    static const geometry g = {8, 1024, 8192};
    static whNvmContext   nvm;
    rig*                  r = &R;
    whNvmConfig           cfg;
    whNvmMetadata         m = makeMeta(0x1201, 0x0002, WH_NVM_FLAGS_USAGE_SIGN, "ctx");
    whNvmMetadata         got;
    const uint8_t         data[] = "through wh_Nvm";
    uint8_t               out[sizeof(data)];
    uint32_t              availSize;
    whNvmId               availObjects;
    whNvmId               count;
    whNvmId               id;
    (void)state;

    r->g = g;
    flashUp(r, 1);
    r->cfg = (whNvmFlashConfig){.cb = &ramsimCb, .context = &r->flash};
    memset(&cfg, 0, sizeof(cfg));
    cfg.cb      = &storeCb;
    cfg.context = &r->store;
    cfg.config  = &r->cfg;
    assert_int_equal(wh_Nvm_Init(&nvm, &cfg), WH_ERROR_OK);

    m.len = 0;
    assert_int_equal(wh_Nvm_AddObject(&nvm, &m, sizeof(data), data), WH_ERROR_OK);
    assert_int_equal(m.len, sizeof(data));
    assert_int_equal(wh_Nvm_GetMetadata(&nvm, 0x1201, &got), WH_ERROR_OK);
    assert_int_equal(got.len, sizeof(data));
    assert_int_equal(got.flags, WH_NVM_FLAGS_USAGE_SIGN);
    assert_int_equal(wh_Nvm_Read(&nvm, 0x1201, 0, sizeof(data), out), WH_ERROR_OK);
    assert_memory_equal(out, data, sizeof(data));
    assert_int_equal(wh_Nvm_Read(&nvm, 0x1201, 1, sizeof(data), out), WH_ERROR_BADARGS);
    assert_int_equal(wh_Nvm_List(&nvm, 0x0002, WH_NVM_FLAGS_USAGE_SIGN, 0, &count, &id),
                     WH_ERROR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(id, 0x1201);
    assert_int_equal(wh_Nvm_GetAvailable(&nvm, &availSize, &availObjects, NULL, NULL), WH_ERROR_OK);
    assert_int_equal(availSize, g.size / 2u - hdrSize(&g) - recSize(&g, sizeof(data)));
    assert_int_equal(availObjects, WOLFHSM_CFG_NVM_OBJECT_COUNT - 1);
    m.flags = WH_NVM_FLAGS_NONDESTROYABLE;
    assert_int_equal(wh_Nvm_AddObject(&nvm, &m, 2, data), WH_ERROR_OK);
    assert_int_equal(wh_Nvm_DestroyObjects(&nvm, 1, &m.id), WH_ERROR_ACCESS);
    assert_int_equal(wh_Nvm_Cleanup(&nvm), WH_ERROR_OK);

    /* Reboot through the context; then a corrupt image fails wh_Nvm_Init as it is. */
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
    flashUp(r, 0);
    assert_int_equal(wh_Nvm_Init(&nvm, &cfg), WH_ERROR_OK);
    assert_int_equal(wh_Nvm_Read(&nvm, 0x1201, 0, 2, out), WH_ERROR_OK);
    assert_memory_equal(out, data, 2);
    assert_int_equal(wh_Nvm_GetMetadata(&nvm, 0x1201, &got), WH_ERROR_OK);
    assert_int_equal(got.flags, WH_NVM_FLAGS_NONDESTROYABLE);
    assert_int_equal(wh_Nvm_Cleanup(&nvm), WH_ERROR_OK);

    flashMem[g.size / 2u - 1u] = 0x00; /* garbage past the end of the log */
    memcpy(snapshot, flashMem, g.size);
    assert_int_equal(wh_Nvm_Init(&nvm, &cfg), WH_ERROR_CORRUPT);
    assert_memory_equal(flashMem, snapshot, g.size);
    assert_int_equal(ramsimCb.cleanup(&r->flash), WH_ERROR_OK);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_add_read_replace),
        cmocka_unit_test(test_list_filters),
        cmocka_unit_test(test_destroy),
        cmocka_unit_test(test_destroy_many),
        cmocka_unit_test(test_access_flags),
        cmocka_unit_test(test_available),
        cmocka_unit_test(test_compaction_automatic),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_too_many_objects),
        cmocka_unit_test(test_corrupt_store),
        cmocka_unit_test(test_foreign_geometry),
        cmocka_unit_test(test_format_versions),
        cmocka_unit_test(test_owner_stored),
        cmocka_unit_test(test_torn_record_closes_log),
        cmocka_unit_test(test_commit_failure_refuses_writes),
        cmocka_unit_test(test_nvm_context),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
