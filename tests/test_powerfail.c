/*
 * test_powerfail.c: power cuts at every flash program and erase of a scripted workload on
 * the flash object store, with torn programs and partial erases.
 *
 * The workload (adds, replacements, destroys, counter increments, key commits, refused
 * writes and compactions, on a flash small enough to compact many times) runs once uncut
 * to count its flash operations T. Then, for every k in 1..T and several tearing modes, it
 * runs again from a blank device with the fault injector armed at operation k. After the
 * cut the device "reboots" (the RAM flash keeps its bytes, the injector is disarmed, a new
 * store context is initialised on it) and an oracle checks:
 *   - Init succeeds: a power cut never makes the store corrupt;
 *   - the store holds exactly the state after the last call that returned OK, or the state
 *     the interrupted call would have made (each call is atomic, multi-id destroys too);
 *   - no counter went backwards;
 *   - a second cut, in the first writes after that recovery, again leaves old or new;
 *   - the store still takes writes: a new object is added and read back, a compaction is
 *     forced, and everything is checked again, then again after one more reboot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

/* Workload steps per run. The cost grows with the square (each cut point replays the steps
 * before it); under ThreadSanitizer, which has nothing to find in this single-threaded test
 * and slows byte accesses down some 25 times, fewer. */
#if defined(__SANITIZE_THREAD__)
#define STEPS 100u
#else
#define STEPS 200u
#endif
#define MAX_FLASH 4096u
#define MAX_SECTOR 512u
#define MODEL_SLOTS 64u
#define OBJECTS 4u /* client object ids in the pool */
#define COUNTERS 2u
#define MAX_KEYS 3u /* keys present at once */
#define EXTRA_ID WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 0xF, 0xF1)
#define MAX_REPORTS 5u

typedef struct {
    uint32_t unit;
    uint32_t sector;
    uint32_t size;
} geometry;

static const geometry geometries[] = {
    {8, 256, 2048},  /* four sectors per partition */
    {1, 128, 2048},  /* byte programs, eight small sectors per partition */
    {16, 512, 2048}, /* two sectors per partition, 16-byte units */
};

/* Tearing modes: how much of the cut operation still happens. */
static const struct {
    const char* name;
    uint32_t    torn; /* WH_FLASH_FAULT_TORN_*, or VARY */
} modes[] = {
    {"half", WH_FLASH_FAULT_TORN_HALF},
    {"none", 0},
    {"all", WH_FLASH_FAULT_TORN_ALL},
    {"vary", 1},
};
#define VARY 1u

/* ---- the oracle's model of the store ---- */
typedef struct {
    whNvmId  id;
    uint8_t  present;
    uint8_t  len;
    uint16_t flags;
    uint32_t seed; /* counters: the value */
} slot;

typedef struct {
    slot     s[MODEL_SLOTS];
    uint32_t used;
    uint32_t nextKey; /* number of the next key id */
} model;

static slot* modelSlot(model* m, whNvmId id)
{
    uint32_t i;
    for (i = 0; i < m->used; i++) {
        if (m->s[i].id == id) {
            return &m->s[i];
        }
    }
    assert_true(m->used < MODEL_SLOTS);
    memset(&m->s[m->used], 0, sizeof(slot));
    m->s[m->used].id = id;
    return &m->s[m->used++];
}

static const slot* modelFind(const model* m, whNvmId id)
{
    uint32_t i;
    for (i = 0; i < m->used; i++) {
        if (m->s[i].id == id) {
            return &m->s[i];
        }
    }
    return NULL;
}

static uint32_t modelCount(const model* m)
{
    uint32_t i;
    uint32_t n = 0;
    for (i = 0; i < m->used; i++) {
        n += m->s[i].present;
    }
    return n;
}

static int isCounter(whNvmId id)
{
    return WH_NVM_ID_TYPE(id) == WH_NVM_TYPE_COUNTER;
}

/* Content and metadata are functions of (id, seed, len): a replacement changes both. */
static void makeData(whNvmId id, uint32_t seed, uint32_t len, uint8_t* out)
{
    uint32_t i;
    if (isCounter(id)) {
        out[0] = (uint8_t)seed;
        out[1] = (uint8_t)(seed >> 8);
        out[2] = (uint8_t)(seed >> 16);
        out[3] = (uint8_t)(seed >> 24);
        return;
    }
    for (i = 0; i < len; i++) {
        out[i] = (uint8_t)(id + seed * 29u + i * 7u);
    }
}

static whNvmMetadata makeMeta(whNvmId id, uint32_t seed, uint16_t flags)
{
    whNvmMetadata m;
    memset(&m, 0, sizeof(m));
    m.id                          = id;
    m.access                      = (whNvmAccess)(id & 0x0F00u);
    m.flags                       = flags;
    m.label[0]                    = (uint8_t)id;
    m.label[1]                    = (uint8_t)(id >> 8);
    m.label[2]                    = (uint8_t)seed;
    m.label[3]                    = (uint8_t)(seed >> 8);
    m.label[WH_NVM_LABEL_LEN - 1] = 0x5A;
    return m;
}

/* ---- one device ---- */
typedef struct {
    geometry             g;
    whFlashRamsimContext ram;
    whFlashFaultContext  fault;
    uint8_t              scratch[MAX_SECTOR];
    whNvmFlashConfig     cfg;
    whNvmFlashContext    store;
} device;

static const whFlashCb ramsimCb = WH_FLASH_RAMSIM_CB;
static const whFlashCb faultCb  = WH_FLASH_FAULT_CB;
static const whNvmCb   storeCb  = WH_NVM_FLASH_CB;
static uint8_t         flashMem[MAX_FLASH];
static device          D;
static uint32_t        yields; /* the store's calls between objects of a compaction */

/* The store's yield hook: the cuts below land with it in place (a scheduler would serve other
 * contexts here; it changes no flash operation). */
static void countYield(void* arg)
{
    (*(uint32_t*)arg)++;
}

/* Power on: flash (erased or as it is) and injector, disarmed. */
static void powerOn(device* d, int erase)
{
    const whFlashRamsimConfig rc = {.memory      = flashMem,
                                    .size        = d->g.size,
                                    .sectorSize  = d->g.sector,
                                    .programUnit = d->g.unit,
                                    .initErased  = erase};
    const whFlashFaultConfig  fc = {.cb          = &ramsimCb,
                                    .context     = &d->ram,
                                    .scratch     = d->scratch,
                                    .scratchSize = sizeof(d->scratch)};
    assert_int_equal(ramsimCb.init(&d->ram, &rc), WH_ERROR_OK);
    assert_int_equal(faultCb.init(&d->fault, &fc), WH_ERROR_OK);
    d->cfg = (whNvmFlashConfig){.cb       = &faultCb,
                                .context  = &d->fault,
                                .yield    = countYield,
                                .yieldArg = &yields};
}

static void powerOff(device* d)
{
    (void)storeCb.cleanup(&d->store);
    assert_int_equal(faultCb.cleanup(&d->fault), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&d->ram), WH_ERROR_OK);
}

/* ---- checking the store against a model ---- */
static char why[160];

static int storeMatches(device* d, const model* m)
{
    uint8_t       want[256];
    uint8_t       got[256];
    whNvmMetadata meta;
    whNvmId       count = 0;
    whNvmId       id    = 0;
    whNvmId       start = 0;
    uint32_t      n     = modelCount(m);
    uint32_t      i;

    for (i = 0; i < m->used; i++) {
        const slot*   s = &m->s[i];
        whNvmMetadata wm;
        int           rc = storeCb.getMetadata(&d->store, s->id, &meta);
        if (!s->present) {
            if (rc != WH_ERROR_NOTFOUND) {
                snprintf(why, sizeof(why), "id %04x should be absent (rc %d)", s->id, rc);
                return 0;
            }
            continue;
        }
        wm = makeMeta(s->id, s->seed, s->flags);
        if ((rc != WH_ERROR_OK) || (meta.len != s->len) || (meta.flags != wm.flags) ||
            (meta.access != wm.access) || (memcmp(meta.label, wm.label, WH_NVM_LABEL_LEN) != 0)) {
            snprintf(why, sizeof(why), "id %04x metadata (rc %d, len %u want %u)", s->id, rc,
                     meta.len, s->len);
            return 0;
        }
        makeData(s->id, s->seed, s->len, want);
        if ((storeCb.read(&d->store, s->id, 0, s->len, got) != WH_ERROR_OK) ||
            (memcmp(got, want, s->len) != 0)) {
            snprintf(why, sizeof(why), "id %04x data differs", s->id);
            return 0;
        }
    }
    /* Nothing else is there. */
    for (i = 0; i <= n; i++) {
        if (storeCb.list(&d->store, 0, 0, start, &count, &id) != WH_ERROR_OK) {
            snprintf(why, sizeof(why), "list failed");
            return 0;
        }
        if (count != n - i) {
            snprintf(why, sizeof(why), "list counts %u objects after %04x, want %u", count, start,
                     n - i);
            return 0;
        }
        if ((i < n) && ((modelFind(m, id) == NULL) || !modelFind(m, id)->present)) {
            snprintf(why, sizeof(why), "unexpected id %04x", id);
            return 0;
        }
        start = id;
    }
    return 1;
}

/* No counter below its value in the last committed state. */
static int countersForward(device* d, const model* committed)
{
    uint32_t i;
    for (i = 0; i < committed->used; i++) {
        const slot* s = &committed->s[i];
        uint8_t     b[4];
        uint32_t    v;
        if (!isCounter(s->id) || !s->present) {
            continue;
        }
        if (storeCb.read(&d->store, s->id, 0, 4, b) != WH_ERROR_OK) {
            snprintf(why, sizeof(why), "counter %04x lost", s->id);
            return 0;
        }
        v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
            ((uint32_t)b[3] << 24);
        if (v < s->seed) {
            snprintf(why, sizeof(why), "counter %04x went back to %u from %u", s->id, v, s->seed);
            return 0;
        }
    }
    return 1;
}

/* ---- the workload ---- */
typedef struct {
    uint32_t rng;
    model    committed; /* after the last call that returned OK */
    model    pending;   /* what the call in progress would make */
    uint32_t epochs;    /* compactions seen (uncut run) */
} workload;

static uint32_t nextRand(workload* w)
{
    w->rng = w->rng * 1103515245u + 12345u;
    return (w->rng >> 16) & 0x7FFFu;
}

static int doAdd(device* d, model* pend, whNvmId id, uint32_t seed, uint32_t len, uint16_t flags)
{
    uint8_t       data[64];
    whNvmMetadata meta = makeMeta(id, seed, flags);
    slot*         s    = modelSlot(pend, id);
    s->present         = 1;
    s->len             = (uint8_t)len;
    s->flags           = flags;
    s->seed            = seed;
    makeData(id, seed, len, data);
    return storeCb.addObject(&d->store, &meta, (whNvmSize)len, data);
}

static int doDestroy(device* d, model* pend, const whNvmId* ids, whNvmId n)
{
    whNvmId i;
    for (i = 0; i < n; i++) {
        const slot* s = modelFind(pend, ids[i]);
        if (s != NULL) {
            modelSlot(pend, ids[i])->present = 0;
        }
    }
    return storeCb.destroyObjects(&d->store, n, ids);
}

/* A present key with (want) or without the protection flags; 0 if none. */
static whNvmId pickKey(const model* m, int protectedKey, uint32_t r)
{
    uint32_t i;
    uint32_t found = 0;
    whNvmId  ids[MODEL_SLOTS];
    for (i = 0; i < m->used; i++) {
        const slot* s    = &m->s[i];
        int         prot = (s->flags & WH_NVM_FLAGS_NONDESTROYABLE) != 0u;
        if (s->present && (WH_NVM_ID_TYPE(s->id) == WH_NVM_TYPE_KEY) && (prot == protectedKey)) {
            ids[found++] = s->id;
        }
    }
    return (found == 0u) ? 0u : ids[r % found];
}

static uint32_t keysPresent(const model* m)
{
    uint32_t i;
    uint32_t n = 0;
    for (i = 0; i < m->used; i++) {
        n += m->s[i].present && (WH_NVM_ID_TYPE(m->s[i].id) == WH_NVM_TYPE_KEY);
    }
    return n;
}

static int counterIncrement(device* d, workload* w, uint32_t r)
{
    whNvmId     id = WH_NVM_MAKE_ID(WH_NVM_TYPE_COUNTER, 1, 1u + r % COUNTERS);
    const slot* s  = modelFind(&w->pending, id);
    uint32_t    v  = ((s != NULL) && s->present) ? s->seed + 1u : 0u;
    return doAdd(d, &w->pending, id, v, 4, WH_NVM_FLAGS_NONE);
}

static int objectWrite(device* d, workload* w, uint32_t r)
{
    whNvmId id = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 1u + r % OBJECTS);
    return doAdd(d, &w->pending, id, nextRand(w), 1u + nextRand(w) % 32u, WH_NVM_FLAGS_NONE);
}

/* One step; *expect is the rc a call without power cut returns. */
static int step(device* d, workload* w, int* expect)
{
    uint32_t r = nextRand(w);
    whNvmId  ids[3];
    whNvmId  key;

    *expect    = WH_ERROR_OK;
    w->pending = w->committed;
    switch (r % 10u) {
        case 0:
        case 1:
            return objectWrite(d, w, r / 10u);
        case 2: /* destroy one or two objects (maybe absent) and maybe a plain key */
            ids[0] = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 1u + (r / 10u) % OBJECTS);
            ids[1] = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 1u + (r / 40u) % OBJECTS);
            key    = pickKey(&w->pending, 0, r / 160u);
            ids[2] = key;
            return doDestroy(d, &w->pending, ids, (whNvmId)((key != 0u) ? 3u : 2u));
        case 3:
        case 4:
            return counterIncrement(d, w, r / 10u);
        case 5: /* key commit, or a key destroy when enough keys are there */
            if (keysPresent(&w->pending) < MAX_KEYS) {
                uint32_t n     = w->pending.nextKey++;
                uint16_t flags = WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_USAGE_SIGN;
                if ((n % 3u) == 0u) {
                    flags |= WH_NVM_FLAGS_NONMODIFIABLE | WH_NVM_FLAGS_NONDESTROYABLE;
                }
                return doAdd(d, &w->pending,
                             WH_NVM_MAKE_ID(WH_NVM_TYPE_KEY, 1u + n % 2u, 1u + n % 250u), n,
                             ((r / 10u) % 2u) ? 32u : 16u, flags);
            }
            key = pickKey(&w->pending, 0, r / 10u);
            if (key != 0u) {
                return doDestroy(d, &w->pending, &key, 1);
            }
            return counterIncrement(d, w, r / 10u);
        case 6: /* a destroy that must be refused as a whole */
            key = pickKey(&w->pending, 1, r / 10u);
            if (key != 0u) {
                ids[0]  = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 1, 1u + (r / 10u) % OBJECTS);
                ids[1]  = key;
                *expect = WH_ERROR_ACCESS;
                return storeCb.destroyObjects(&d->store, 2, ids);
            }
            return counterIncrement(d, w, r / 10u);
        case 7: /* a replacement that must be refused */
            key = pickKey(&w->pending, 1, r / 10u);
            if (key != 0u) {
                uint8_t       data[4] = {0};
                whNvmMetadata meta    = makeMeta(key, 0, 0);
                *expect               = WH_ERROR_ACCESS;
                return storeCb.addObject(&d->store, &meta, sizeof(data), data);
            }
            return objectWrite(d, w, r / 10u);
        case 8:
            if (((r / 10u) % 2u) == 0u) { /* compactions also happen by themselves */
                return wh_NvmFlash_Compact(&d->store);
            }
            return objectWrite(d, w, r / 20u);
        default: { /* no write: read a counter */
            uint8_t     b[4];
            whNvmId     id = WH_NVM_MAKE_ID(WH_NVM_TYPE_COUNTER, 1, 1);
            const slot* s  = modelFind(&w->pending, id);
            int         rc = storeCb.read(&d->store, id, 0, 4, b);
            if ((s == NULL) || !s->present) {
                *expect = WH_ERROR_NOTFOUND;
            }
            return rc;
        }
    }
}

typedef struct {
    uint32_t ops;   /* flash operations of the uncut run */
    uint32_t epoch; /* final epoch of the uncut run */
    uint32_t failures;
    uint32_t cuts; /* runs where the power was actually cut */
} runStats;

static void report(runStats* st, const geometry* g, const char* mode, uint32_t k, const char* what)
{
    if (st->failures < MAX_REPORTS) {
        print_message("power-fail FAILURE: unit %u sector %u, %s, cut at op %u: %s: %s\n", g->unit,
                      g->sector, mode, k, what, why);
    }
    st->failures++;
}

/* Power off and on again, then Init; reports and returns 0 on failure. */
static int reboot(device* d, runStats* st, const char* mode, uint32_t k, const char* what)
{
    int rc;
    (void)wh_FlashFault_Disarm(&d->fault);
    powerOff(d);
    powerOn(d, 0);
    rc = storeCb.init(&d->store, &d->cfg);
    if (rc != WH_ERROR_OK) {
        snprintf(why, sizeof(why), "Init rc %d", rc);
        report(st, &d->g, mode, k, what);
        return 0;
    }
    return 1;
}

/* After the reboot: the store must be the committed or the pending state. Then a second
 * cut, early in the first writes after recovery (the log may be closed, a compaction
 * half done): old or new again. Then it must take writes, uncut. */
static void checkAfterCut(device* d, workload* w, runStats* st, const char* mode, uint32_t k)
{
    static model withExtra;
    static model final;
    uint8_t      data[8];
    uint8_t      got[8];
    const model* match;
    int          rc;

    rc = storeCb.init(&d->store, &d->cfg);
    if (rc != WH_ERROR_OK) {
        snprintf(why, sizeof(why), "rc %d", rc);
        report(st, &d->g, mode, k, "Init after the cut");
        return;
    }
    if (storeMatches(d, &w->committed)) {
        match = &w->committed;
    }
    else if (storeMatches(d, &w->pending)) {
        match = &w->pending;
    }
    else {
        report(st, &d->g, mode, k, "neither the old nor the new state");
        return;
    }
    if (!countersForward(d, &w->committed)) {
        report(st, &d->g, mode, k, "counter");
        return;
    }

    /* Second cut: at one of the first five operations of an add then a compaction. */
    withExtra = *match;
    assert_int_equal(wh_FlashFault_Arm(&d->fault, 1u + k % 5u, WH_FLASH_FAULT_TORN_HALF),
                     WH_ERROR_OK);
    rc = doAdd(d, &withExtra, EXTRA_ID, 7, 8, WH_NVM_FLAGS_NONE);
    if (rc == WH_ERROR_OK) {
        (void)wh_NvmFlash_Compact(&d->store);
    }
    if (!reboot(d, st, mode, k, "Init after the second cut")) {
        return;
    }
    if (storeMatches(d, &withExtra)) {
        match = &withExtra;
    }
    else if (!storeMatches(d, match)) {
        report(st, &d->g, mode, k, "second cut: neither the old nor the new state");
        return;
    }

    /* Still writable: add (or replace) the extra object, read it back, compact, reboot. */
    final = *match;
    rc    = doAdd(d, &final, EXTRA_ID, 8, 8, WH_NVM_FLAGS_NONE);
    makeData(EXTRA_ID, 8, 8, data);
    if ((rc != WH_ERROR_OK) || (storeCb.read(&d->store, EXTRA_ID, 0, 8, got) != WH_ERROR_OK) ||
        (memcmp(got, data, 8) != 0)) {
        snprintf(why, sizeof(why), "rc %d", rc);
        report(st, &d->g, mode, k, "add after recovery");
        return;
    }
    rc = wh_NvmFlash_Compact(&d->store);
    if ((rc != WH_ERROR_OK) || !storeMatches(d, &final)) {
        snprintf(why + strlen(why), sizeof(why) - strlen(why), " (compact rc %d)", rc);
        report(st, &d->g, mode, k, "compaction after recovery");
        return;
    }
    if (reboot(d, st, mode, k, "last reboot") && !storeMatches(d, &final)) {
        report(st, &d->g, mode, k, "last reboot");
    }
}

/* One run from a blank device; cutAt 0: no cut. Returns the operations counted. */
static uint32_t runOnce(const geometry* g, uint32_t cutAt, uint32_t torn, const char* mode,
                        runStats* st)
{
    device*         d = &D;
    workload*       w;
    static workload wl;
    uint32_t        i;
    uint32_t        ops = 0;
    int             rc;
    int             expect;
    int             cut = 0;

    w = &wl;
    memset(w, 0, sizeof(*w));
    w->rng = 0xC0FFEEu;
    d->g   = *g;
    powerOn(d, 1);
    assert_int_equal(wh_FlashFault_Arm(&d->fault, (cutAt != 0u) ? cutAt : 0xFFFFFFFFu, torn),
                     WH_ERROR_OK);

    /* Init formats the blank device: it may be cut too (then nothing is committed). */
    rc = storeCb.init(&d->store, &d->cfg);
    if (rc != WH_ERROR_OK) {
        cut = 1;
    }
    for (i = 0; !cut && (i < STEPS); i++) {
        rc = step(d, w, &expect);
        if (rc == expect) {
            if (rc == WH_ERROR_OK) {
                w->committed = w->pending;
            }
            continue;
        }
        if ((rc == WH_ERROR_FLASH) && (wh_FlashFault_IsPowerOff(&d->fault) == 1)) {
            cut = 1;
            break;
        }
        snprintf(why, sizeof(why), "step %u returned %d, expected %d", i, rc, expect);
        report(st, g, mode, cutAt, "workload");
        break;
    }
    assert_int_equal(wh_FlashFault_GetCount(&d->fault, &ops), WH_ERROR_OK);
    if (cutAt == 0u) {
        assert_false(cut);
        assert_int_equal(wh_NvmFlash_GetEpoch(&d->store, &st->epoch), WH_ERROR_OK);
        if (!storeMatches(d, &w->committed)) {
            report(st, g, mode, 0, "uncut run");
        }
    }
    else if (!cut) {
        snprintf(why, sizeof(why), "the run ended without reaching the cut");
        report(st, g, mode, cutAt, "workload");
    }
    else {
        st->cuts++;
    }

    /* Reboot: same bytes, power back on, a fresh store context. */
    powerOff(d);
    powerOn(d, 0);
    if (cutAt != 0u) {
        checkAfterCut(d, w, st, mode, cutAt);
    }
    powerOff(d);
    return ops;
}

static void test_powerfail_every_operation(void** state)
{
    uint32_t        total    = 0;
    uint32_t        failures = 0;
    size_t          gi;
    size_t          mi;
    struct timespec t0;
    struct timespec t1;
    (void)state;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (gi = 0; gi < sizeof(geometries) / sizeof(geometries[0]); gi++) {
        const geometry* g = &geometries[gi];
        runStats        ref;
        memset(&ref, 0, sizeof(ref));
        yields  = 0;
        ref.ops = runOnce(g, 0, WH_FLASH_FAULT_TORN_HALF, "uncut", &ref);
        /* The workload compacts several times on this flash, and formats first; the
         * compactions call the yield hook between the objects they copy. */
        assert_true(ref.epoch >= 4u);
        assert_true(yields > 0u);
        assert_int_equal(ref.failures, 0);
        for (mi = 0; mi < sizeof(modes) / sizeof(modes[0]); mi++) {
            runStats st;
            uint32_t k;
            memset(&st, 0, sizeof(st));
            for (k = 1; k <= ref.ops; k++) {
                uint32_t torn = (modes[mi].torn == VARY) ? (k * 13u) % 97u : modes[mi].torn;
                (void)runOnce(g, k, torn, modes[mi].name, &st);
            }
            assert_int_equal(st.cuts + st.failures >= ref.ops, 1);
            print_message("power-fail: unit %2u sector %3u, %-4s: %u cut points, %u compactions "
                          "uncut, %u failures\n",
                          g->unit, g->sector, modes[mi].name, ref.ops, ref.epoch - 1u, st.failures);
            total += ref.ops;
            failures += st.failures;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("power-fail: %u cut points, %u failures (%.2f s)\n", total, failures,
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    assert_true(total >= 300u);
    assert_int_equal(failures, 0);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_powerfail_every_operation),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
