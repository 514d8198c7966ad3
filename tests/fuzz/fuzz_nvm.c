/*
 * fuzz_nvm.c: libFuzzer target for the NVM flash object store's mount and recovery
 * (nvm/wh_nvm_flash.c, format in nvm/NVM_FORMAT.md): a flash image made by a fuzzed workload,
 * optionally cut by a fuzzed power cut, then optionally overwritten with fuzzed bytes, is
 * mounted with wh_Nvm_Init.
 *
 * Input format:
 *
 *   geometry 1 byte  bits 2..0: program unit 1, 2, 4, 8, 16 (mod 5); bits 4..3: sectors per
 *                    partition - 1; bits 6..5: sector size 128 << n; bit 7: the power cut
 *                    counts from before the first Init (it may cut the format)
 *   cut      1 byte  0: no power cut; n: the n-th program or erase is cut (wh_flash_fault.h)
 *   torn     1 byte  how the cut operation is torn: 0 half, 1 nothing, 2 all of it, n > 2:
 *                    the first n - 3 bytes (rounded down to the unit)
 *   ops      1 byte  number of workload steps (mod 64), each 3 bytes:
 *     op     1 byte  bits 1..0: 0 add, 1 destroy, 2 compact, 3 power cycle (mount again);
 *                    bits 3..2 the flags of an add (non-modifiable, non-destroyable)
 *     id     1 byte  object id 1 + (id mod 16)
 *     len    1 byte  data length of an add (the data derives from the step number)
 *   patches  the rest, each:
 *     at     2 bytes (little-endian): bits 12..0 the offset (mod the device size); bit 15:
 *            reseal: after the write, recompute the CRCs of the structure the offset falls in
 *            (the partition header, or the record of that partition's log, with its data CRC),
 *            so that the fields behind the CRCs get checked too
 *     n      1 byte, then n bytes written over the image at the offset (cut at the device's
 *            end)
 *
 * Checked:
 *   - the workload: every step returns a verdict the store documents; a power cycle (and the
 *     mount after the workload, with no patch) finds exactly the objects the steps that
 *     returned OK made, the step cut by the power being either done or not (each is atomic);
 *   - the mount after the patches either succeeds or refuses with WH_ERROR_CORRUPT or
 *     WH_ERROR_NOSPACE, and then has not changed a byte of the image; with no patch it must
 *     succeed;
 *   - after a successful mount, listing, reading and the metadata of every object work,
 *     reads past an object's end are refused, and the store takes a write (or says
 *     WH_ERROR_NOSPACE) after which it mounts again with the same objects plus that one.
 *
 * With FUZZ_TRACE set in the environment, the verdict of the mount under test is printed.
 *
 * No state outlives an input: the flash, the contexts and the model are set up fresh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void fail(const char* what)
{
    fprintf(stderr, "fuzz_nvm: invariant broken: %s\n", what);
    abort();
}

#define CHECK(cond)      \
    do {                 \
        if (!(cond)) {   \
            fail(#cond); \
        }                \
    } while (0)

#define MAX_SECTOR 1024u
#define MAX_DEVICE (2u * 4u * MAX_SECTOR)
#define MAX_OPS 64u
#define IDS 16u
#define EXTRA_ID 0xF0F1u /* the write after a mount: no workload id */

static const whFlashCb ramsimCb = WH_FLASH_RAMSIM_CB;
static const whFlashCb faultCb  = WH_FLASH_FAULT_CB;
static const whNvmCb   storeCb  = WH_NVM_FLASH_CB;

/* ---- the device: a RAM flash, the power-cut injector over it, the store over that ---- */

typedef struct {
    uint8_t              image[MAX_DEVICE];
    uint8_t              before[MAX_DEVICE];
    uint8_t              scratch[MAX_SECTOR];
    whFlashRamsimConfig  ramsimCfg;
    whFlashRamsimContext ramsim;
    whFlashFaultConfig   faultCfg;
    whFlashFaultContext  fault;
    whNvmFlashConfig     storeCfg;
    whNvmFlashContext    store;
    whNvmConfig          nvmCfg;
    whNvmContext         nvm;
    int                  mounted;
} device;

static device dev;

/* Power on: the flash (keeping its bytes unless erase) and the injector, disarmed. */
static void powerOn(device* d, uint32_t size, uint32_t sector, uint32_t unit, int erase)
{
    d->ramsimCfg = (whFlashRamsimConfig){.memory      = d->image,
                                         .size        = size,
                                         .sectorSize  = sector,
                                         .programUnit = unit,
                                         .initErased  = erase};
    CHECK(ramsimCb.init(&d->ramsim, &d->ramsimCfg) == WH_ERROR_OK);
    d->faultCfg = (whFlashFaultConfig){.cb          = &ramsimCb,
                                       .context     = &d->ramsim,
                                       .scratch     = d->scratch,
                                       .scratchSize = sizeof(d->scratch)};
    CHECK(faultCb.init(&d->fault, &d->faultCfg) == WH_ERROR_OK);
    d->storeCfg = (whNvmFlashConfig){.cb = &faultCb, .context = &d->fault};
    d->nvmCfg   = (whNvmConfig){.cb = &storeCb, .context = &d->store, .config = &d->storeCfg};
    d->mounted  = 0;
}

static int mount(device* d)
{
    const int rc = wh_Nvm_Init(&d->nvm, &d->nvmCfg);
    d->mounted   = (rc == WH_ERROR_OK);
    return rc;
}

static void powerOff(device* d)
{
    if (d->mounted) {
        CHECK(wh_Nvm_Cleanup(&d->nvm) == WH_ERROR_OK);
        d->mounted = 0;
    }
    (void)faultCb.cleanup(&d->fault);
    (void)ramsimCb.cleanup(&d->ramsim);
}

/* ---- the model: what the store must hold ---- */

typedef struct {
    uint8_t  present;
    uint8_t  len;
    uint16_t flags;
    uint32_t seed; /* the data derives from it */
} objectModel;

typedef struct {
    objectModel obj[IDS];
    int         uncertain; /* index of the id whose step the power cut, or -1 */
    objectModel alt;       /* its other possible state */
} storeModel;

static void fill(uint8_t* buf, size_t len, uint32_t seed)
{
    size_t i;
    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed * 167u + i * 13u + 5u);
    }
}

static uint8_t buf[UINT16_MAX + 1];
static uint8_t expect[UINT16_MAX + 1];

static int sameAs(whNvmContext* nvm, whNvmId id, const objectModel* m)
{
    whNvmMetadata meta;
    int           rc = wh_Nvm_GetMetadata(nvm, id, &meta);

    if (!m->present) {
        return rc == WH_ERROR_NOTFOUND;
    }
    if ((rc != WH_ERROR_OK) || (meta.len != m->len) || (meta.flags != m->flags)) {
        return 0;
    }
    CHECK(wh_Nvm_Read(nvm, id, 0, meta.len, buf) == WH_ERROR_OK);
    fill(expect, m->len, m->seed);
    return memcmp(buf, expect, m->len) == 0;
}

/* The store holds what the model says, and no other workload object. */
static void checkModel(whNvmContext* nvm, const storeModel* m)
{
    uint32_t i;

    for (i = 0; i < IDS; i++) {
        const whNvmId id = (whNvmId)(1u + i);
        if ((int)i == m->uncertain) {
            CHECK(sameAs(nvm, id, &m->obj[i]) || sameAs(nvm, id, &m->alt));
        }
        else {
            CHECK(sameAs(nvm, id, &m->obj[i]));
        }
    }
}

/* ---- listing and reading everything ---- */

typedef struct {
    whNvmMetadata meta;
    uint32_t      crc;
} objectSummary;

typedef struct {
    uint32_t      count;
    objectSummary obj[WOLFHSM_CFG_NVM_OBJECT_COUNT];
} snapshot;

static snapshot snapA;
static snapshot snapB;

static void takeSnapshot(whNvmContext* nvm, snapshot* out)
{
    whNvmId  cur = WH_NVM_ID_INVALID;
    uint32_t availSize;
    uint32_t reclaimSize;
    whNvmId  availObjects;
    whNvmId  reclaimObjects;

    memset(out, 0, sizeof(*out));
    CHECK(wh_Nvm_GetAvailable(nvm, &availSize, &availObjects, &reclaimSize, &reclaimObjects) ==
          WH_ERROR_OK);
    for (;;) {
        whNvmId        count;
        whNvmId        id;
        objectSummary* o;

        CHECK(wh_Nvm_List(nvm, 0, 0, cur, &count, &id) == WH_ERROR_OK);
        if (count == 0) {
            break;
        }
        CHECK(out->count < WOLFHSM_CFG_NVM_OBJECT_COUNT);
        CHECK(id > cur);
        o = &out->obj[out->count++];
        CHECK(wh_Nvm_GetMetadata(nvm, id, &o->meta) == WH_ERROR_OK);
        CHECK(o->meta.id == id);
        CHECK(wh_Nvm_Read(nvm, id, 0, o->meta.len, buf) == WH_ERROR_OK);
        CHECK(wh_Nvm_Read(nvm, id, o->meta.len, 1, buf) != WH_ERROR_OK);
        o->crc = wh_NvmFlash_Crc32(buf, o->meta.len);
        cur    = id;
    }
    CHECK(WOLFHSM_CFG_NVM_OBJECT_COUNT - out->count == availObjects);
}

/* Do a and b list the same objects, but for id? */
static int sameExcept(const snapshot* a, const snapshot* b, whNvmId id)
{
    uint32_t i = 0;
    uint32_t j = 0;

    for (;;) {
        while ((i < a->count) && (a->obj[i].meta.id == id)) {
            i++;
        }
        while ((j < b->count) && (b->obj[j].meta.id == id)) {
            j++;
        }
        if ((i == a->count) || (j == b->count)) {
            return (i == a->count) && (j == b->count);
        }
        if (memcmp(&a->obj[i++], &b->obj[j++], sizeof(objectSummary)) != 0) {
            return 0;
        }
    }
}

/* ---- patches ---- */

static uint32_t get16le(const uint8_t* p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static void put32le(uint8_t* p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Recompute the CRCs of what holds offset off (NVM_FORMAT.md): a partition header body, or
 * the record of that partition's log whose bytes include off (records chained by their
 * lengths from the log's start). */
static void reseal(uint8_t* image, uint32_t devSize, uint32_t unit, uint32_t off)
{
    const uint32_t m    = (unit < 4u) ? 4u : unit; /* commit marker */
    const uint32_t h    = m + 32u;                 /* partition header */
    const uint32_t part = devSize / 2u;
    const uint32_t base = (off / part) * part;
    const uint32_t end  = base + part;
    uint32_t       pos;

    if (off - base < h) {
        uint8_t* b = image + base + m;
        put32le(b + 28, wh_NvmFlash_Crc32(b, 28u));
        return;
    }
    for (pos = base + h; pos + m + 48u <= end;) {
        uint8_t*       b    = image + pos + m;
        const uint32_t len  = get16le(b + 2);
        const uint32_t size = m + 48u + ((len + unit - 1u) & ~(unit - 1u));
        if ((off < pos + size) || (size > end - pos)) {
            if (len <= end - pos - m - 48u) {
                put32le(b + 4, wh_NvmFlash_Crc32(b + 48, len));
            }
            put32le(b + 44, wh_NvmFlash_Crc32(b, 44u));
            return;
        }
        pos += size;
    }
}

/* ---- the input ---- */

typedef struct {
    const uint8_t* p;
    size_t         n;
} cursor;

static int take(cursor* c, uint8_t* out, size_t len)
{
    if (c->n < len) {
        return 0;
    }
    memcpy(out, c->p, len);
    c->p += len;
    c->n -= len;
    return 1;
}

/* One workload step; updates the model (the step the power cut is done or not). */
static void step(device* d, storeModel* m, uint32_t n, const uint8_t op[3])
{
    const uint32_t i    = op[1] % IDS;
    const whNvmId  id   = (whNvmId)(1u + i);
    objectModel    next = m->obj[i];
    int            rc;

    switch (op[0] & 3u) {
        case 0: { /* add or replace */
            whNvmMetadata meta = {.id = id, .flags = (uint16_t)(((op[0] >> 2) & 3u) << 1)};
            next = (objectModel){.present = 1, .len = op[2], .flags = meta.flags, .seed = n};
            fill(buf, op[2], n);
            rc = wh_Nvm_AddObject(&d->nvm, &meta, op[2], buf);
            CHECK((rc == WH_ERROR_OK) || (rc == WH_ERROR_NOSPACE) || (rc == WH_ERROR_ACCESS) ||
                  (rc == WH_ERROR_FLASH));
            break;
        }
        case 1: /* destroy */
            next.present = 0;
            rc           = wh_Nvm_DestroyObjects(&d->nvm, 1, &id);
            CHECK((rc == WH_ERROR_OK) || (rc == WH_ERROR_NOSPACE) || (rc == WH_ERROR_ACCESS) ||
                  (rc == WH_ERROR_FLASH));
            break;
        case 2:
            rc = wh_NvmFlash_Compact(&d->store);
            CHECK((rc == WH_ERROR_OK) || (rc == WH_ERROR_NOSPACE) || (rc == WH_ERROR_FLASH));
            break;
        default: /* power cycle: the store must mount with what it held */
            CHECK(wh_Nvm_Cleanup(&d->nvm) == WH_ERROR_OK);
            CHECK(mount(d) == WH_ERROR_OK);
            checkModel(&d->nvm, m);
            return;
    }
    if (wh_FlashFault_IsPowerOff(&d->fault) == 1) {
        m->uncertain = (int)i;
        m->alt       = next;
        return;
    }
    if (rc == WH_ERROR_OK) {
        m->obj[i] = next;
    }
    /* A refused write changes nothing; a flash error without a cut cannot happen here. */
    CHECK(rc != WH_ERROR_FLASH);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const uint32_t units[] = {1, 2, 4, 8, 16};
    cursor                in      = {data, size};
    device*               d       = &dev;
    storeModel            model;
    uint8_t               hdr[4];
    uint32_t              unit, sector, devSize, torn, ops, n;
    int                   patched = 0;
    int                   rc;

    if (!take(&in, hdr, sizeof(hdr))) {
        return 0;
    }
    unit    = units[(hdr[0] & 7u) % 5u];
    sector  = 128u << ((hdr[0] >> 5) & 3u);
    devSize = 2u * (1u + ((hdr[0] >> 3) & 3u)) * sector;
    torn    = (hdr[2] == 0)   ? WH_FLASH_FAULT_TORN_HALF
              : (hdr[2] == 1) ? 0u
              : (hdr[2] == 2) ? WH_FLASH_FAULT_TORN_ALL
                              : (uint32_t)hdr[2] - 3u;
    ops     = hdr[3] % MAX_OPS;
    memset(&model, 0, sizeof(model));
    model.uncertain = -1;

    /* The workload on a blank device. */
    memset(d->image, 0, sizeof(d->image));
    powerOn(d, devSize, sector, unit, 1);
    if ((hdr[1] != 0) && (hdr[0] & 0x80u)) {
        CHECK(wh_FlashFault_Arm(&d->fault, hdr[1], torn) == WH_ERROR_OK);
    }
    rc = mount(d);
    if (rc == WH_ERROR_OK) {
        if ((hdr[1] != 0) && !(hdr[0] & 0x80u)) {
            CHECK(wh_FlashFault_Arm(&d->fault, hdr[1], torn) == WH_ERROR_OK);
        }
    }
    else {
        /* Only a cut format fails. */
        CHECK((rc == WH_ERROR_FLASH) && (wh_FlashFault_IsPowerOff(&d->fault) == 1));
    }
    /* Every step is read; they run until the power goes off. */
    for (n = 0; n < ops; n++) {
        uint8_t op[3];
        if (!take(&in, op, sizeof(op))) {
            break;
        }
        if (d->mounted && (wh_FlashFault_IsPowerOff(&d->fault) == 0)) {
            step(d, &model, n, op);
        }
    }
    powerOff(d);

    /* The patches. */
    while (in.n >= 3) {
        uint8_t  ph[3];
        uint32_t off;
        uint32_t len;
        (void)take(&in, ph, sizeof(ph));
        off = (uint32_t)(ph[0] | ((ph[1] & 0x1Fu) << 8)) % devSize;
        len = ph[2];
        if (len > in.n) {
            len = (uint32_t)in.n;
        }
        if (len > devSize - off) {
            len = devSize - off;
        }
        memcpy(d->image + off, in.p, len);
        in.p += len;
        in.n -= len;
        if (ph[1] & 0x80u) {
            reseal(d->image, devSize, unit, off);
        }
        patched = 1;
    }

    /* The mount under test. */
    memcpy(d->before, d->image, devSize);
    powerOn(d, devSize, sector, unit, 0);
    rc = mount(d);
    if (getenv("FUZZ_TRACE") != NULL) {
        fprintf(stderr, "%u steps%s%s: mount %d\n", ops, model.uncertain >= 0 ? ", cut" : "",
                patched ? ", patched" : "", rc);
    }
    if (rc != WH_ERROR_OK) {
        CHECK(patched);
        CHECK((rc == WH_ERROR_CORRUPT) || (rc == WH_ERROR_NOSPACE));
        CHECK(memcmp(d->before, d->image, devSize) == 0);
        powerOff(d);
        return 0;
    }
    if (!patched) {
        checkModel(&d->nvm, &model);
    }
    takeSnapshot(&d->nvm, &snapA);

    /* It takes a write, and mounts again with it. */
    {
        whNvmMetadata meta = {.id = EXTRA_ID};
        fill(buf, 40, 0xE0u);
        rc = wh_Nvm_AddObject(&d->nvm, &meta, 40, buf);
        /* ACCESS: a patch made a non-modifiable object of that id. */
        CHECK((rc == WH_ERROR_OK) || (rc == WH_ERROR_NOSPACE) || (rc == WH_ERROR_ACCESS));
    }
    powerOff(d);
    powerOn(d, devSize, sector, unit, 0);
    CHECK(mount(d) == WH_ERROR_OK);
    takeSnapshot(&d->nvm, &snapB);
    if (rc == WH_ERROR_OK) {
        whNvmMetadata meta;
        CHECK(wh_Nvm_GetMetadata(&d->nvm, EXTRA_ID, &meta) == WH_ERROR_OK);
        CHECK(meta.len == 40);
        CHECK(wh_Nvm_Read(&d->nvm, EXTRA_ID, 0, 40, buf) == WH_ERROR_OK);
        fill(expect, 40, 0xE0u);
        CHECK(memcmp(buf, expect, 40) == 0);
        CHECK(sameExcept(&snapA, &snapB, EXTRA_ID));
    }
    else {
        CHECK(memcmp(&snapA, &snapB, sizeof(snapA)) == 0);
    }
    powerOff(d);
    return 0;
}
