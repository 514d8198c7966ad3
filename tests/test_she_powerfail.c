/*
 * test_she_powerfail.c: power cuts at every flash program and erase of SHE LOAD_KEY.
 *
 * The HSM serves the SHE group from the flash object store on a small RAM flash behind the
 * fault injector (wolfhsm/wh_flash_fault.h). The workload: MASTER_ECU_KEY is loaded, then
 * KEY_1 is updated PF_UPDATES times by MASTER_ECU_KEY, update n carrying counter n + 1 and a
 * key of its own (tests/she_vectors.py: v_pf_*). The flash is small enough that the updates
 * fill a partition: some of them compact the store. Run once uncut, the workload counts its
 * flash operations T (and checks that at least one compaction's erase is among them); then,
 * for every k in 1..T and every tearing mode, it runs again on a blank device with the power
 * cut at operation k. The update that was cut (the first that did not answer ERC_NO_ERROR)
 * is n; after a reboot on the same flash (a new NVM and server context: the SHE's RAM state
 * starts over) the oracle checks:
 *   - the store mounts;
 *   - KEY_1 holds update n - 1's key (the old state; empty for n = 0) or update n's key (the
 *     new one), told apart by an encryption with KEY_1 against the script's ciphertexts;
 *   - the counter is that state's: every update up to and including that state's is refused
 *     as a replay (ERC_KEY_UPDATE_ERROR), so an old M1..M3 is never accepted after the new
 *     update took effect, and the next one is taken (it would be refused if the counter were
 *     newer than the key) and gives that key;
 *   - after that, the remaining updates all go through: the device is not stuck.
 *
 * The same for PROVISION (the identity record, written once), after 0 .. PF_UPDATES - 1
 * updates so that some of those writes compact the store: after a cut the device has the
 * development identity and takes PROVISION again, or has the whole new identity (GET_ID shows
 * the UID; EXPORT_RAM_KEY gives the script's M2/M3 under the new SECRET_KEY) and refuses a
 * second one; never a torn identity.
 *
 * And DEBUG_AUTHORIZATION's erase, after 1 .. PF_UPDATES updates: after a cut both
 * MASTER_ECU_KEY and KEY_1 are there (KEY_1 with its last key and counter) or both are gone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "she_vectors.h"
#pragma GCC diagnostic pop
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm_flash.h"

#define CLIENT_ID 3
#define FLASH_SIZE 2048u /* two partitions of 1 KiB: the updates compact the store */
#define FLASH_SECTOR 256u
#define FLASH_UNIT 8u

/* ---- the device: RAM flash, an erase counter, the fault injector, the store ---- */

typedef struct {
    whFlashRamsimContext ram;
    uint32_t             erases; /* erases that reached the RAM flash */
} countedFlash;

static int countedInit(void* c, const void* cfg)
{
    return wh_FlashRamsim_Init(&((countedFlash*)c)->ram, cfg);
}
static int countedCleanup(void* c)
{
    return wh_FlashRamsim_Cleanup(&((countedFlash*)c)->ram);
}
static int countedInfo(void* c, whFlashInfo* out_info)
{
    return wh_FlashRamsim_Info(&((countedFlash*)c)->ram, out_info);
}
static int countedRead(void* c, uint32_t off, uint32_t size, uint8_t* data)
{
    return wh_FlashRamsim_Read(&((countedFlash*)c)->ram, off, size, data);
}
static int countedProgram(void* c, uint32_t off, uint32_t size, const uint8_t* data)
{
    return wh_FlashRamsim_Program(&((countedFlash*)c)->ram, off, size, data);
}
static int countedErase(void* c, uint32_t off, uint32_t size)
{
    ((countedFlash*)c)->erases++;
    return wh_FlashRamsim_Erase(&((countedFlash*)c)->ram, off, size);
}

static const whFlashCb countedCb = {.init    = countedInit,
                                    .cleanup = countedCleanup,
                                    .info    = countedInfo,
                                    .read    = countedRead,
                                    .program = countedProgram,
                                    .erase   = countedErase};
static const whFlashCb faultCb   = WH_FLASH_FAULT_CB;
static const whNvmCb   storeCb   = WH_NVM_FLASH_CB;

typedef struct {
    uint8_t             flash[FLASH_SIZE];
    uint8_t             scratch[FLASH_SECTOR];
    countedFlash        counted;
    whFlashFaultContext fault;
    whNvmFlashConfig    storeCfg;
    whNvmFlashContext   store;
    whNvmConfig         nvmCfg;
    whNvmContext        nvm;
    whTestPair          pair;
} device;

static device D;

/* Power on: the flash (erased, or as the last run left it), the injector disarmed, the store
 * mounted, a server context and its client connected. */
static void powerOn(device* d, int erase)
{
    const whFlashRamsimConfig rc = {.memory      = d->flash,
                                    .size        = FLASH_SIZE,
                                    .sectorSize  = FLASH_SECTOR,
                                    .programUnit = FLASH_UNIT,
                                    .initErased  = erase};
    const whFlashFaultConfig  fc = {.cb          = &countedCb,
                                    .context     = &d->counted,
                                    .scratch     = d->scratch,
                                    .scratchSize = sizeof(d->scratch)};

    assert_int_equal(countedCb.init(&d->counted, &rc), WH_ERROR_OK);
    assert_int_equal(faultCb.init(&d->fault, &fc), WH_ERROR_OK);
    d->storeCfg = (whNvmFlashConfig){.cb = &faultCb, .context = &d->fault};
    d->nvmCfg   = (whNvmConfig){.cb = &storeCb, .context = &d->store, .config = &d->storeCfg};
    assert_int_equal(wh_Nvm_Init(&d->nvm, &d->nvmCfg), WH_ERROR_OK); /* never corrupt */
    whTest_PairInitConnected(&d->pair, &d->nvm, CLIENT_ID);
}

static void powerOff(device* d)
{
    whTest_PairCleanup(&d->pair);
    (void)wh_Nvm_Cleanup(&d->nvm);
    (void)faultCb.cleanup(&d->fault);
    (void)countedCb.cleanup(&d->counted);
}

/* ---- SHE requests ---- */

static int32_t loadKey(whTestPair* p, const uint8_t* m1, const uint8_t* m2, const uint8_t* m3)
{
    int32_t rc = 1;
    assert_int_equal(wh_Client_SheLoadKeyRequest(&p->client, m1, m2, m3), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadKeyResponse(&p->client, NULL, NULL, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t update(whTestPair* p, unsigned n)
{
    return loadKey(p, v_pf_m1[n], v_pf_m2[n], v_pf_m3[n]);
}

/* Which update's key KEY_1 holds: its index, -1 when empty, -2 for none of them. */
static int keyState(whTestPair* p)
{
    static const uint8_t zero[16] = {0};
    uint8_t              ct[16];
    int32_t              rc = 1;
    unsigned             n;

    assert_int_equal(wh_Client_SheCipherRequest(&p->client, WH_MESSAGE_SHE_ACTION_ENC_ECB,
                                                WH_SHE_KEY_1, NULL, zero, sizeof(zero)),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheCipherResponse(&p->client, ct, sizeof(ct), &rc), WH_ERROR_OK);
    if (rc == WH_ERROR_SHE_KEY_EMPTY) {
        return -1;
    }
    assert_int_equal(rc, WH_ERROR_OK);
    for (n = 0; n < PF_UPDATES; n++) {
        if (memcmp(ct, v_pf_ct[n], sizeof(ct)) == 0) {
            return (int)n;
        }
    }
    return -2;
}

/* ---- the workload and the oracle ---- */

/* A blank device with MASTER_ECU_KEY; the injector then armed at cutAt (0: not armed). */
static void prepare(device* d, uint32_t cutAt, uint32_t torn)
{
    powerOn(d, 1);
    assert_int_equal(loadKey(&d->pair, v_master_m1, v_master_m2, v_master_m3), WH_ERROR_OK);
    d->counted.erases = 0;
    if (cutAt != 0u) {
        assert_int_equal(wh_FlashFault_Arm(&d->fault, cutAt, torn), WH_ERROR_OK);
    }
    else {
        assert_int_equal(wh_FlashFault_Arm(&d->fault, 0xFFFFFFFFu, 0), WH_ERROR_OK);
    }
}

/* Run the updates until one fails; returns its index (PF_UPDATES: none failed). */
static unsigned runUpdates(device* d)
{
    unsigned n;
    for (n = 0; n < PF_UPDATES; n++) {
        int32_t rc = update(&d->pair, n);
        if (rc != WH_ERROR_OK) {
            assert_int_equal(rc, WH_ERROR_SHE_MEMORY_FAILURE);
            break;
        }
    }
    return n;
}

static void checkAfterCut(device* d, unsigned cut, uint32_t k, const char* mode)
{
    int      s;
    unsigned n;

    (void)wh_FlashFault_Disarm(&d->fault);
    powerOff(d);
    powerOn(d, 0);
    s = keyState(&d->pair);
    if ((s != (int)cut - 1) && (s != (int)cut)) {
        fail_msg("cut at %u (%s) in update %u: KEY_1 holds state %d", k, mode, cut, s);
    }
    for (n = 0; (int)n <= s; n++) {
        if (update(&d->pair, n) != WH_ERROR_SHE_KEY_UPDATE_ERROR) {
            fail_msg("cut at %u (%s) in update %u: state %d takes a replay of update %u", k, mode,
                     cut, s, n);
        }
    }
    for (n = (unsigned)(s + 1); n < PF_UPDATES; n++) {
        if (update(&d->pair, n) != WH_ERROR_OK) {
            fail_msg("cut at %u (%s) in update %u: state %d refuses update %u", k, mode, cut, s, n);
        }
        assert_int_equal(keyState(&d->pair), (int)n);
    }
    powerOff(d);
}

static void test_load_key_every_cut(void** state)
{
    static const struct {
        const char* name;
        uint32_t    torn;
    } modes[] = {
        {"half", WH_FLASH_FAULT_TORN_HALF},
        {"none", 0},
        {"all", WH_FLASH_FAULT_TORN_ALL},
    };
    device*  d = &D;
    uint32_t total;
    uint32_t erases;
    uint32_t k;
    unsigned m;
    unsigned cuts[PF_UPDATES + 1] = {0};

    (void)state;
    /* Uncut: every update goes through, at least one compacts the store. */
    prepare(d, 0, 0);
    assert_int_equal(runUpdates(d), PF_UPDATES);
    assert_int_equal(keyState(&d->pair), PF_UPDATES - 1);
    assert_int_equal(wh_FlashFault_GetCount(&d->fault, &total), WH_ERROR_OK);
    erases = d->counted.erases;
    assert_true(erases > 0u);
    powerOff(d);

    for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        for (k = 1; k <= total; k++) {
            unsigned cut;
            prepare(d, k, modes[m].torn);
            cut = runUpdates(d);
            /* The cut fell inside the workload (after the last update's last operation, when
             * that one completes: then every update answered). */
            assert_true((cut < PF_UPDATES) || (k == total));
            assert_int_equal(wh_FlashFault_IsPowerOff(&d->fault), 1);
            cuts[cut]++;
            checkAfterCut(d, cut, k, modes[m].name);
        }
    }
    printf("    %u flash operations (%u erases) uncut; cut at each in 3 modes\n", (unsigned)total,
           (unsigned)erases);
    for (m = 0; m < PF_UPDATES; m++) {
        assert_true(cuts[m] > 0u); /* every update was cut somewhere */
    }
}

static int32_t provision(whTestPair* p)
{
    int32_t rc = 1;
    assert_int_equal(wh_Client_SheProvisionRequest(&p->client, v_p_uid, 0, v_p_secret),
                     WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheProvisionResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

/* 1: the provisioned identity, whole; 0: the development one (none provisioned). */
static int identityState(whTestPair* p)
{
    whMessageSheExportResponse e;
    uint8_t                    uid[15];
    uint8_t                    mac[16];
    uint8_t                    sreg;
    int32_t                    rc = 1;

    assert_int_equal(wh_Client_SheGetIdRequest(&p->client, v_challenge), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGetIdResponse(&p->client, uid, &sreg, mac, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheLoadPlainKeyRequest(&p->client, v_key_KPLAIN), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheLoadPlainKeyResponse(&p->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheExportRamKeyRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheExportRamKeyResponse(&p->client, &e, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    if (memcmp(uid, v_p_uid, 15) == 0) {
        /* The new SECRET_KEY, whole: M2 and M3 are under it. */
        assert_memory_equal(e.m2, v_p_export_m2, 32);
        assert_memory_equal(e.m3, v_p_export_m3, 16);
        return 1;
    }
    assert_memory_equal(e.m3, v_export_m3, 16); /* the development SECRET_KEY */
    assert_memory_equal(uid, v_master_m1, 15);  /* the development UID */
    return 0;
}

static void test_provision_every_cut(void** state)
{
    static const uint32_t torn[]     = {WH_FLASH_FAULT_TORN_HALF, 0, WH_FLASH_FAULT_TORN_ALL};
    device*               d          = &D;
    uint32_t              compacting = 0;
    uint32_t              cuts       = 0;
    unsigned              pre;
    unsigned              n;
    unsigned              m;
    uint32_t              k;

    (void)state;
    for (pre = 0; pre < PF_UPDATES; pre++) {
        uint32_t total;
        /* Uncut: how many operations PROVISION takes after pre updates. */
        prepare(d, 0, 0);
        for (n = 0; n < pre; n++) {
            assert_int_equal(update(&d->pair, n), WH_ERROR_OK);
        }
        assert_int_equal(wh_FlashFault_Arm(&d->fault, 0xFFFFFFFFu, 0), WH_ERROR_OK);
        d->counted.erases = 0;
        assert_int_equal(provision(&d->pair), WH_ERROR_OK);
        assert_int_equal(wh_FlashFault_GetCount(&d->fault, &total), WH_ERROR_OK);
        compacting += (d->counted.erases > 0u);
        cuts += total * (uint32_t)(sizeof(torn) / sizeof(torn[0]));
        powerOff(d);
        for (m = 0; m < sizeof(torn) / sizeof(torn[0]); m++) {
            for (k = 1; k <= total; k++) {
                int32_t rc;
                int     id;
                prepare(d, 0, 0);
                for (n = 0; n < pre; n++) {
                    assert_int_equal(update(&d->pair, n), WH_ERROR_OK);
                }
                assert_int_equal(wh_FlashFault_Arm(&d->fault, k, torn[m]), WH_ERROR_OK);
                rc = provision(&d->pair);
                assert_true((rc == WH_ERROR_SHE_MEMORY_FAILURE) ||
                            ((rc == WH_ERROR_OK) && (k == total)));
                (void)wh_FlashFault_Disarm(&d->fault);
                powerOff(d);
                powerOn(d, 0);
                id = identityState(&d->pair);
                if ((rc == WH_ERROR_OK) && (id != 1)) {
                    fail_msg("after %u updates, cut %u: PROVISION answered OK, identity lost", pre,
                             k);
                }
                assert_int_equal(provision(&d->pair),
                                 id ? WH_ERROR_SHE_KEY_WRITE_PROTECTED : WH_ERROR_OK);
                assert_int_equal(identityState(&d->pair), 1);
                /* The slots are untouched: the last update's key, its counter. */
                assert_int_equal(keyState(&d->pair), (int)pre - 1);
                powerOff(d);
            }
        }
    }
    printf("    PROVISION after 0..%u updates: %u cuts; %u of those PROVISIONs compact\n",
           PF_UPDATES - 1u, (unsigned)cuts, (unsigned)compacting);
    assert_true(compacting > 0u); /* some PROVISION compacted the store */
}

/* Is MASTER_ECU_KEY present? GET_ID's MAC is zero without it. */
static int masterPresent(whTestPair* p)
{
    static const uint8_t zero[16] = {0};
    uint8_t              uid[15];
    uint8_t              mac[16];
    uint8_t              sreg;
    int32_t              rc = 1;

    assert_int_equal(wh_Client_SheGetIdRequest(&p->client, v_challenge), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheGetIdResponse(&p->client, uid, &sreg, mac, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    return memcmp(mac, zero, sizeof(mac)) != 0;
}

/* Updates 0..pre-1, INIT_RNG, DEBUG_CHALLENGE (the chain's first: v_chal1); then armed. */
static void prepareDebug(device* d, unsigned pre, uint32_t cutAt, uint32_t torn)
{
    uint8_t  c[16];
    int32_t  rc = 1;
    unsigned n;

    prepare(d, 0, 0);
    for (n = 0; n < pre; n++) {
        assert_int_equal(update(&d->pair, n), WH_ERROR_OK);
    }
    assert_int_equal(wh_Client_SheInitRngRequest(&d->pair.client), WH_ERROR_OK);
    whTest_Serve(&d->pair);
    assert_int_equal(wh_Client_SheInitRngResponse(&d->pair.client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheDebugChallengeRequest(&d->pair.client), WH_ERROR_OK);
    whTest_Serve(&d->pair);
    assert_int_equal(wh_Client_SheDebugChallengeResponse(&d->pair.client, c, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(c, v_chal1, 16);
    d->counted.erases = 0;
    assert_int_equal(wh_FlashFault_Arm(&d->fault, (cutAt != 0u) ? cutAt : 0xFFFFFFFFu, torn),
                     WH_ERROR_OK);
}

static int32_t debugAuth(whTestPair* p)
{
    int32_t rc = 1;
    assert_int_equal(wh_Client_SheDebugAuthorizationRequest(&p->client, v_dbgresp1), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_SheDebugAuthorizationResponse(&p->client, &rc), WH_ERROR_OK);
    return rc;
}

static void test_debug_erase_every_cut(void** state)
{
    static const uint32_t torn[]     = {WH_FLASH_FAULT_TORN_HALF, 0, WH_FLASH_FAULT_TORN_ALL};
    device*               d          = &D;
    uint32_t              compacting = 0;
    uint32_t              cuts       = 0;
    unsigned              pre;
    unsigned              m;
    uint32_t              k;

    (void)state;
    for (pre = 1; pre <= PF_UPDATES; pre++) {
        uint32_t total;
        prepareDebug(d, pre, 0, 0);
        assert_int_equal(debugAuth(&d->pair), WH_ERROR_OK);
        assert_int_equal(wh_FlashFault_GetCount(&d->fault, &total), WH_ERROR_OK);
        compacting += (d->counted.erases > 0u);
        assert_int_equal(keyState(&d->pair), -1);
        assert_false(masterPresent(&d->pair));
        powerOff(d);
        for (m = 0; m < sizeof(torn) / sizeof(torn[0]); m++) {
            for (k = 1; k <= total; k++) {
                int32_t rc;
                int     master;
                int     key;
                prepareDebug(d, pre, k, torn[m]);
                rc = debugAuth(&d->pair);
                assert_true((rc == WH_ERROR_SHE_MEMORY_FAILURE) ||
                            ((rc == WH_ERROR_OK) && (k == total)));
                (void)wh_FlashFault_Disarm(&d->fault);
                powerOff(d);
                powerOn(d, 0);
                master = masterPresent(&d->pair);
                key    = keyState(&d->pair);
                if (!((master && (key == (int)pre - 1)) || (!master && (key == -1))) ||
                    ((rc == WH_ERROR_OK) && master)) {
                    fail_msg("after %u updates, cut %u: MASTER_ECU_KEY %s, KEY_1 state %d", pre, k,
                             master ? "present" : "gone", key);
                }
                powerOff(d);
                cuts++;
            }
        }
    }
    printf("    DEBUG_AUTHORIZATION after 1..%u updates: %u cuts; it compacts after %u of them\n",
           PF_UPDATES, (unsigned)cuts, (unsigned)compacting);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_key_every_cut),
        cmocka_unit_test(test_provision_every_cut),
        cmocka_unit_test(test_debug_erase_every_cut),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
