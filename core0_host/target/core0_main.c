/*
 * core0_main.c - the host firmware on mps2-an521 CPU0: the demo that make run runs.
 *
 * Boots, zeroes the shared region (protocol step 0), points CPU1 at the HSM image's vector
 * table and releases it, then runs three clients, one per mailbox, over MHU doorbells (all
 * three ring the HSM scheduler's one doorbell; the HSM rings ours back):
 *   all three connect (the HSM serves three contexts at once);
 *   client 1: info, echoes, SHA-256 and RNG in the HSM, the persistent NVM counter, a local
 *             AES key's life (cache, CMAC, GCM, commit, evict, reload from NVM, erase) and a
 *             key committed once (id 0x042) and used as is on later runs;
 *   client 2: echoes, SHE secure boot's outcome (SREG, the boot-protected KEY_10 used or
 *             refused, BOOT_OK), an NVM object (add, read back, list), a global key;
 *   client 3: echoes, the global key, ECDSA P-256 (key generated in the HSM, sign, verify);
 * each line with its cost per request (virtual us; instructions under -icount shift=0);
 *   SecOC over the AUTOSAR Crypto Driver (core0_SecocDemo, core0_host/autosar/secoc/): CAN
 *   and CAN FD PDUs authenticated and verified, attacks rejected, PDUs per second.
 * Every client presents the ECU crypto configuration's digest at connect (one refused
 * connect first shows the HSM checks it).
 *   all three close.
 * Then waits for the HSM to print its summary and close its NVM file (written through on
 * every program and erase) and ends QEMU with a semihosting exit code: 0 when every check
 * passed. Prints a per-client report on UART0.
 */
#include <string.h>

#include "core0_board.h"
#include "core0_kat.h"
#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_demo.h"
#include "port/mps2/mps2_timer.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_TIMEOUT_MS 5000u
#define ECHO_ROUNDS 100
#define NCLIENTS MPS2_CLIENT_COUNT
#define COUNTER_ID 1u          /* client 1's boot counter in the HSM's NVM */
#define HSM_DONE_MS 5000u      /* wait for the HSM's end of session */
#define RECONNECT_MS 15000u    /* the HSM back after a restart (its watchdog: 5 s) */
#define CORE0_SHE_BOOT_KEY 13u /* KEY_10: the factory's boot-protected MAC key */

static int failed(const char* what, int ret, int32_t rc)
{
    mps2Console_Printf("core0: %s FAILED: transport %d, hsm %d\n", what, ret, (int)rc);
    return MPS2_EXIT_FAIL;
}

static void hex(const uint8_t* p, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        mps2Console_Printf("%02x", p[i]);
    }
}

#define CHECK(what, ret, rc)                                   \
    do {                                                       \
        if (((ret) != WH_ERROR_OK) || ((rc) != WH_ERROR_OK)) { \
            return failed(what, ret, rc);                      \
        }                                                      \
    } while (0)

#define KEY_FLAGS_AES                                                                    \
    (WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT | WH_NVM_FLAGS_USAGE_SIGN | \
     WH_NVM_FLAGS_USAGE_VERIFY | WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET))
#define PERSIST_KEY_ID 0x42u /* client 1's committed CMAC key, kept across runs */
#define GLOBAL_KEY_ID (WH_ID_GLOBAL | 0x07u)
#define NVM_OBJ_ID 0x05u
#define REPS 10u
#define ECC_REPS 3u

/* CMAC of the RFC 4493 message with keyId, n times; must equal the RFC tag. */
static int cmacCheck(whClientContext* client, uint16_t keyId, unsigned n, uint32_t* ticks,
                     int32_t* out_rc)
{
    uint8_t  tag[WH_CLIENT_CMAC_LEN];
    uint32_t start = mps2Timer_Ticks();
    unsigned i;
    for (i = 0; i < n; i++) {
        uint16_t len = sizeof(tag);
        int ret = wh_Client_CmacGenerate(client, keyId, katCmacMsg, sizeof(katCmacMsg), tag, &len,
                                         out_rc);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (*out_rc != WH_ERROR_OK) {
            return WH_ERROR_OK;
        }
        if ((len != sizeof(katCmacTag)) || (memcmp(tag, katCmacTag, sizeof(tag)) != 0)) {
            *out_rc = WH_ERROR_AUTH;
            return WH_ERROR_OK;
        }
    }
    if (ticks != NULL) {
        *ticks = mps2Timer_Ticks() - start;
    }
    return WH_ERROR_OK;
}

static uint32_t counterValue;
static int      persistCreated;

/* Client 1: a local key's life: cache, use (CMAC generate/verify, AES-GCM), commit, evict,
 * use again (loaded from NVM), erase. Then the persistent key PERSIST_KEY_ID. */
static int localKeys(whClientContext* client)
{
    static const uint8_t iv[12]  = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t aad[16] = "header: ECU 0x7E";
    static uint8_t       plain[256];
    static uint8_t       enc[256];
    static uint8_t       dec[256];
    uint8_t              tag[16];
    uint16_t             keyId = 0;
    int32_t              rc    = 0;
    int                  ret;
    uint32_t             start;
    uint32_t             ticks;
    unsigned             i;

    start = mps2Timer_Ticks();
    ret   = wh_Client_KeyCache(client, KEY_FLAGS_AES, 8, (const uint8_t*)"demo-aes",
                               sizeof(katCmacKey), katCmacKey, &keyId, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("key cache", ret, rc);
    mps2Console_Printf("core0: client 1: key cache: AES-128 local key, HSM chose id 0x%03x", keyId);
    core0_PrintCost(ticks, 1);

    ret = cmacCheck(client, keyId, REPS, &ticks, &rc);
    CHECK("cmac generate (cached key)", ret, rc);
    mps2Console_Printf("core0: client 1: AES-CMAC generate, 16 B, cached key: RFC 4493 tag ");
    hex(katCmacTag, 4);
    mps2Console_Printf("...: ok");
    core0_PrintCost(ticks, REPS);

    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_CmacVerify(client, keyId, katCmacMsg, sizeof(katCmacMsg), katCmacTag,
                                   sizeof(katCmacTag), &rc);
        CHECK("cmac verify", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    {
        uint8_t bad[16];
        memcpy(bad, katCmacTag, sizeof(bad));
        bad[0] ^= 1u;
        ret = wh_Client_CmacVerify(client, keyId, katCmacMsg, sizeof(katCmacMsg), bad, sizeof(bad),
                                   &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_AUTH)) {
            return failed("cmac verify of a wrong tag (expected AUTH)", ret, rc);
        }
    }
    mps2Console_Printf(
        "core0: client 1: AES-CMAC verify in the HSM: right tag ok, flipped bit rejected");
    core0_PrintCost(ticks, REPS);

    for (i = 0; i < sizeof(plain); i++) {
        plain[i] = (uint8_t)i;
    }
    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_AesGcmEncrypt(client, keyId, iv, sizeof(iv), aad, sizeof(aad), plain,
                                      sizeof(plain), enc, tag, sizeof(tag), &rc);
        CHECK("aes-gcm encrypt", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    mps2Console_Printf("core0: client 1: AES-128-GCM encrypt 256 B + 16 B AAD: tag ");
    hex(tag, 8);
    mps2Console_Printf("...");
    core0_PrintCost(ticks, REPS);
    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        memset(dec, 0, sizeof(dec));
        ret = wh_Client_AesGcmDecrypt(client, keyId, iv, sizeof(iv), aad, sizeof(aad), enc,
                                      sizeof(enc), tag, sizeof(tag), dec, &rc);
        CHECK("aes-gcm decrypt", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    if ((memcmp(dec, plain, sizeof(plain)) != 0) || (memcmp(enc, plain, sizeof(plain)) == 0)) {
        mps2Console_Printf("core0: client 1: AES-GCM round trip WRONG\n");
        return MPS2_EXIT_FAIL;
    }
    tag[3] ^= 0x80u;
    ret = wh_Client_AesGcmDecrypt(client, keyId, iv, sizeof(iv), aad, sizeof(aad), enc, sizeof(enc),
                                  tag, sizeof(tag), dec, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_AUTH)) {
        return failed("aes-gcm decrypt with a wrong tag (expected AUTH)", ret, rc);
    }
    mps2Console_Printf(
        "core0: client 1: AES-128-GCM decrypt: round trip intact, forged tag rejected");
    core0_PrintCost(ticks, REPS);

    start = mps2Timer_Ticks();
    ret   = wh_Client_KeyCommit(client, keyId, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("key commit", ret, rc);
    mps2Console_Printf("core0: client 1: key commit 0x%03x to the HSM's NVM: ok", keyId);
    core0_PrintCost(ticks, 1);
    start = mps2Timer_Ticks();
    ret   = wh_Client_KeyEvict(client, keyId, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("key evict", ret, rc);
    mps2Console_Printf("core0: client 1: key evict 0x%03x from the cache: ok", keyId);
    core0_PrintCost(ticks, 1);
    ret = cmacCheck(client, keyId, 1, &ticks, &rc);
    CHECK("cmac after evict (load from NVM)", ret, rc);
    mps2Console_Printf(
        "core0: client 1: AES-CMAC with the evicted key (loaded back from NVM): same tag");
    core0_PrintCost(ticks, 1);
    ret = wh_Client_KeyErase(client, keyId, &rc);
    CHECK("key erase", ret, rc);
    ret = cmacCheck(client, keyId, 1, NULL, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_NOTFOUND)) {
        return failed("cmac after erase (expected NOTFOUND)", ret, rc);
    }
    mps2Console_Printf(
        "core0: client 1: key erase 0x%03x (cache and NVM): ok, a later use is NOTFOUND\n", keyId);

    /* The persistent key: committed on the first run, used as is on later ones. */
    ret = cmacCheck(client, PERSIST_KEY_ID, REPS, &ticks, &rc);
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        mps2Console_Printf(
            "core0: client 1: committed key 0x%03x from an earlier run: works (AES-CMAC "
            "= RFC 4493 tag, key not cached again)",
            PERSIST_KEY_ID);
        core0_PrintCost(ticks, REPS);
        return MPS2_EXIT_OK;
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_NOTFOUND)) {
        return failed("cmac with the persistent key", ret, rc);
    }
    keyId = PERSIST_KEY_ID;

    ret = wh_Client_KeyCache(client, KEY_FLAGS_AES | WH_NVM_FLAGS_NONEXPORTABLE, 11,
                             (const uint8_t*)"persist-mac", sizeof(katCmacKey), katCmacKey, &keyId,
                             &rc);
    CHECK("persistent key cache", ret, rc);
    ret = wh_Client_KeyCommit(client, keyId, &rc);
    CHECK("persistent key commit", ret, rc);
    ret = cmacCheck(client, keyId, 1, NULL, &rc);
    CHECK("persistent key cmac", ret, rc);
    persistCreated = 1;
    mps2Console_Printf(
        "core0: client 1: key 0x%03x not in NVM (first run): cached and committed; the "
        "next run uses it without caching it\n",
        keyId);
    return MPS2_EXIT_OK;
}

/* Client 2 caches a global key; client 3 uses it; client 1's local key stays client 1's. */
static int globalKeys(whClientContext* client)
{
    uint16_t keyId = GLOBAL_KEY_ID;
    int32_t  rc    = 0;
    int      ret;
    uint32_t ticks;

    ret = wh_Client_KeyCache(&client[1], KEY_FLAGS_AES, 10, (const uint8_t*)"global-mac",
                             sizeof(katCmacKey), katCmacKey, &keyId, &rc);
    CHECK("global key cache", ret, rc);
    ret = cmacCheck(&client[2], GLOBAL_KEY_ID, REPS, &ticks, &rc);
    CHECK("cmac with the global key from client 3", ret, rc);
    mps2Console_Printf("core0: clients 2+3: global key 0x%03x cached by client 2, used by client 3 "
                       "(AES-CMAC = RFC tag)",
                       keyId);
    core0_PrintCost(ticks, REPS);
    ret = cmacCheck(&client[2], PERSIST_KEY_ID, 1, NULL, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_NOTFOUND)) {
        return failed("client 3 using client 1's local key (expected NOTFOUND)", ret, rc);
    }
    ret = wh_Client_KeyEvict(&client[1], GLOBAL_KEY_ID, &rc);
    CHECK("global key evict", ret, rc);
    mps2Console_Printf("core0: clients 2+3: client 1's local key 0x%03x is NOTFOUND for client 3; "
                       "global key evicted by client 2\n",
                       PERSIST_KEY_ID);
    return MPS2_EXIT_OK;
}

/* Client 2: an NVM object: add (or replace), read back, list. */
static int nvmObjects(whClientContext* client)
{
    static const char data[] = "VIN=WDB1234567890 calib=v7";
    uint8_t           back[64];
    uint8_t           label[WH_NVM_LABEL_LEN];
    uint16_t          len     = 0;
    uint16_t          count   = 0;
    uint16_t          id      = 0;
    uint16_t          olen    = 0;
    uint32_t          avail   = 0;
    uint32_t          reclaim = 0;
    int32_t           rc      = 0;
    int               ret;
    int               existed;
    uint32_t          start;
    uint32_t          ticks;

    ret     = wh_Client_NvmGetMetadata(client, NVM_OBJ_ID, NULL, NULL, &olen, 0, NULL, &rc);
    existed = (ret == WH_ERROR_OK) && (rc == WH_ERROR_OK);
    start   = mps2Timer_Ticks();

    ret   = wh_Client_NvmAddObject(client, NVM_OBJ_ID, 0, WH_NVM_FLAGS_NONE, 9,
                                   (const uint8_t*)"ecu-ident", sizeof(data), (const uint8_t*)data,
                                   &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("nvm add object", ret, rc);
    mps2Console_Printf("core0: client 2: NVM object %u \"ecu-ident\" %s (%u B)", NVM_OBJ_ID,
                       existed ? "replaced (it was there from an earlier run)" : "added",
                       (unsigned)sizeof(data));
    core0_PrintCost(ticks, 1);
    start = mps2Timer_Ticks();
    ret   = wh_Client_NvmRead(client, NVM_OBJ_ID, 0, sizeof(data), &len, back, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("nvm read", ret, rc);
    if ((len != sizeof(data)) || (memcmp(back, data, sizeof(data)) != 0)) {
        mps2Console_Printf("core0: client 2: NVM read back WRONG\n");
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf("core0: client 2: NVM read back: \"%s\"", (const char*)back);
    core0_PrintCost(ticks, 1);
    memset(label, 0, sizeof(label));
    ret = wh_Client_NvmGetMetadata(client, NVM_OBJ_ID, NULL, NULL, &olen, sizeof(label) - 1u, label,
                                   &rc);
    CHECK("nvm metadata", ret, rc);
    start = mps2Timer_Ticks();
    ret   = wh_Client_NvmList(client, 0, 0, 0, &count, &id, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("nvm list", ret, rc);
    (void)wh_Client_NvmGetAvailable(client, &avail, NULL, &reclaim, NULL, &rc);
    mps2Console_Printf("core0: client 2: NVM list: %u object(s) visible to client 2, first id %u; "
                       "metadata of %u: label \"%s\", %u B; NVM %u B free, %u B reclaimable",
                       (unsigned)count, (unsigned)id, NVM_OBJ_ID, (const char*)label,
                       (unsigned)olen, (unsigned)avail, (unsigned)reclaim);
    core0_PrintCost(ticks, 1);
    if (count == 0u) {
        return MPS2_EXIT_FAIL;
    }
    return MPS2_EXIT_OK;
}

/* Client 3: ECDSA P-256: key pair generated in the HSM, sign a SHA-256 digest, verify. */
static int ecdsa(whClientContext* client)
{
    static const char msg[] = "firmware image v1.2.3 for ECU 0x7E0";
    uint8_t           digest[32];
    uint8_t           pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t           sig[WH_CRYPTO_MAX_SIG];
    uint16_t          pubLen = sizeof(pub);
    uint16_t          sigLen = 0;
    uint16_t          keyId  = 0;
    int32_t           rc     = 0;
    int               ret;
    uint32_t          start;
    uint32_t          ticks;
    unsigned          i;

    start = mps2Timer_Ticks();
    ret   = wh_Client_KeyGenerate(client, WH_KEY_TYPE_ECC_P256,
                                  WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY,
                                  (const uint8_t*)"ecu-sign", 8, &keyId, pub, &pubLen, &rc);
    ticks = mps2Timer_Ticks() - start;
    CHECK("ecc p-256 key generate", ret, rc);
    mps2Console_Printf(
        "core0: client 3: ECDSA P-256 key pair generated in the HSM, id 0x%03x, public "
        "key %u B: ",
        keyId, (unsigned)pubLen);
    hex(pub, 8);
    mps2Console_Printf("...");
    core0_PrintCost(ticks, 1);

    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_Sha256(client, (const uint8_t*)msg, sizeof(msg) - 1u, digest, &rc);
        CHECK("sha256", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    mps2Console_Printf("core0: client 3: SHA-256 of the message (35 B) in the HSM: ");
    hex(digest, 8);
    mps2Console_Printf("...");
    core0_PrintCost(ticks, REPS);

    start = mps2Timer_Ticks();
    for (i = 0; i < ECC_REPS; i++) {
        sigLen = sizeof(sig);
        ret    = wh_Client_Sign(client, WH_CRYPTO_ECDSA_P256, keyId, digest, sizeof(digest), sig,
                                &sigLen, &rc);
        CHECK("ecdsa sign", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    mps2Console_Printf("core0: client 3: ECDSA P-256 sign of the digest: %u B DER signature",
                       (unsigned)sigLen);
    core0_PrintCost(ticks, ECC_REPS);

    start = mps2Timer_Ticks();
    for (i = 0; i < ECC_REPS; i++) {
        ret = wh_Client_Verify(client, WH_CRYPTO_ECDSA_P256, keyId, NULL, 0, sig, sigLen, digest,
                               sizeof(digest), &rc);
        CHECK("ecdsa verify (key id)", ret, rc);
    }
    ticks = mps2Timer_Ticks() - start;
    ret   = wh_Client_Verify(client, WH_CRYPTO_ECDSA_P256, 0, pub, pubLen, sig, sigLen, digest,
                             sizeof(digest), &rc);
    CHECK("ecdsa verify (public key inline)", ret, rc);
    digest[0] ^= 1u;
    ret = wh_Client_Verify(client, WH_CRYPTO_ECDSA_P256, keyId, NULL, 0, sig, sigLen, digest,
                           sizeof(digest), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_AUTH)) {
        return failed("ecdsa verify of a changed digest (expected AUTH)", ret, rc);
    }
    mps2Console_Printf(
        "core0: client 3: ECDSA P-256 verify: ok by key id and by public key; changed "
        "digest rejected");
    core0_PrintCost(ticks, ECC_REPS);
    ret = wh_Client_KeyEvict(client, keyId, &rc);
    CHECK("ecc key evict", ret, rc);
    return MPS2_EXIT_OK;
}

/* SHE secure boot, as the HSM judged this image before it started (core1_hsm.c; the boot
 * stage passed the verdict as CORE0_BOOT_SECURE_BOOT_OK): SREG, then KEY_10, the factory's
 * boot-protected MAC key (RFC 4493's key, scripts/she_boot_provision.py). Passed: KEY_10 gives
 * RFC 4493's tag, and BOOT_OK closes the boot phase. Failed (make run TAMPER=1): the sanction,
 * KEY_10 refused with ERC_KEY_NOT_AVAILABLE, and BOOT_OK a sequence error (the phase is over). */
static int sheBoot(whClientContext* client)
{
    static const uint8_t msg[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                    0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
    static const uint8_t tag[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                    0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
    const int            passed  = (core0_BootFlags() & CORE0_BOOT_SECURE_BOOT_OK) != 0u;
    uint8_t              sreg    = 0;
    uint8_t              after   = 0;
    uint8_t              mac[16] = {0};
    int32_t              rc      = 0;
    int32_t              macRc   = 0;
    int                  ret     = wh_Client_SheGetStatus(client, &sreg, &rc);

    CHECK("SHE GET_STATUS", ret, rc);
    if (passed != ((sreg & WH_SHE_SREG_BOOT_OK) != 0u)) {
        mps2Console_Printf("core0: client 2: the boot stage's verdict and SREG 0x%02x disagree\n",
                           (unsigned)sreg);
        return MPS2_EXIT_FAIL;
    }
    ret = wh_Client_SheGenerateMac(client, CORE0_SHE_BOOT_KEY, msg, 128, mac, &macRc);
    CHECK("SHE GENERATE_MAC (transport)", ret, 0);
    if (passed) {
        CHECK("SHE GENERATE_MAC with the boot-protected KEY_10", ret, macRc);
        if (memcmp(mac, tag, sizeof(tag)) != 0) {
            return failed("SHE GENERATE_MAC: not RFC 4493's tag", ret, macRc);
        }
        ret = wh_Client_SheBootOk(client, &rc);
        CHECK("SHE BOOT_OK", ret, rc);
        ret = wh_Client_SheGetStatus(client, &after, &rc);
        CHECK("SHE GET_STATUS", ret, rc);
        mps2Console_Printf("core0: client 2: SHE secure boot PASSED (SREG 0x%02x): boot-protected "
                           "KEY_10 works, CMAC tag ",
                           (unsigned)sreg);
        hex(mac, 8);
        mps2Console_Printf("... = RFC 4493's; BOOT_OK ends the boot phase: SREG 0x%02x\n",
                           (unsigned)after);
        return MPS2_EXIT_OK;
    }
    if ((macRc != WH_ERROR_SHE_KEY_NOT_AVAILABLE) && (macRc != WH_ERROR_SHE_KEY_EMPTY)) {
        return failed("SHE GENERATE_MAC with KEY_10 after a failed secure boot (expected "
                      "ERC_KEY_NOT_AVAILABLE)",
                      ret, macRc);
    }
    ret = wh_Client_SheBootOk(client, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_SHE_SEQUENCE_ERROR)) {
        return failed("SHE BOOT_OK after a failed secure boot (expected ERC_SEQUENCE_ERROR)", ret,
                      rc);
    }
    mps2Console_Printf("core0: client 2: SHE secure boot %s (SREG 0x%02x): SANCTION: the "
                       "boot-protected KEY_10 is refused (%s); BOOT_OK is refused too "
                       "(ERC_SEQUENCE_ERROR: no open boot phase); other keys still work\n",
                       ((sreg & WH_SHE_SREG_SECURE_BOOT) != 0u) ? "FAILED"
                                                                : "NOT DONE (no BOOT_MAC_KEY)",
                       (unsigned)sreg,
                       (macRc == WH_ERROR_SHE_KEY_NOT_AVAILABLE)
                           ? "ERC_KEY_NOT_AVAILABLE"
                           : "ERC_KEY_EMPTY: not provisioned");
    return MPS2_EXIT_OK;
}

static int echoes(whClientContext* client, unsigned n)
{
    static const uint16_t sizes[] = {8, 64, 1024, WOLFHSM_CFG_COMM_DATA_LEN};
    static uint8_t        in[WOLFHSM_CFG_COMM_DATA_LEN];
    static uint8_t        out[WOLFHSM_CFG_COMM_DATA_LEN];
    unsigned              s;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint32_t start = mps2Timer_Ticks();
        uint32_t perTrip;
        int      i;
        for (i = 0; i < ECHO_ROUNDS; i++) {
            uint16_t outSize = sizeof(out);
            int32_t  rc      = 0;
            int      ret;
            memset(in, (i + (int)s) & 0xFF, sizes[s]);
            ret = wh_Client_Echo(client, sizes[s], in, &outSize, out, &rc);
            if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (outSize != sizes[s]) ||
                (memcmp(in, out, sizes[s]) != 0)) {
                return failed("echo", ret, rc);
            }
        }
        perTrip = mps2Timer_Ticks() - start;
        mps2Console_Printf("core0: client %u: echo %4u B x %d across the cores: all intact", n,
                           (unsigned)sizes[s], ECHO_ROUNDS);
        core0_PrintCost(perTrip, ECHO_ROUNDS);
    }
    return MPS2_EXIT_OK;
}

static int crypto(whClientContext* client)
{
    static const uint8_t expect[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                       0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                       0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                       0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    uint8_t              digest[32];
    uint8_t              rnd1[16];
    uint8_t              rnd2[16];
    int32_t              rc = 0;
    int                  ret;
    unsigned             i;

    uint32_t       start = mps2Timer_Ticks();
    uint32_t       ticks;
    static uint8_t kib[1024];
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_Sha256(client, (const uint8_t*)"abc", 3, digest, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("sha256", ret, rc);
        }
    }
    ticks = mps2Timer_Ticks() - start;
    mps2Console_Printf("core0: client 1: SHA-256(\"abc\") in the HSM = ");
    for (i = 0; i < sizeof(digest); i++) {
        mps2Console_Printf("%02x", digest[i]);
    }
    if (memcmp(digest, expect, sizeof(expect)) != 0) {
        mps2Console_Printf(" WRONG\n");
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf(" (FIPS 180-2 vector: ok)");
    core0_PrintCost(ticks, REPS);
    memset(kib, KAT_SHA_1K_FILL, sizeof(kib));
    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_Sha256(client, kib, sizeof(kib), digest, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("sha256 1 KiB", ret, rc);
        }
    }
    ticks = mps2Timer_Ticks() - start;
    mps2Console_Printf("core0: client 1: SHA-256 of 1 KiB in the HSM: ");
    hex(digest, 8);
    if (memcmp(digest, katSha256Of1K, sizeof(katSha256Of1K)) != 0) {
        mps2Console_Printf("... WRONG\n");
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf("... (known answer: ok)");
    core0_PrintCost(ticks, REPS);

    start = mps2Timer_Ticks();
    for (i = 0; i < REPS; i++) {
        ret = wh_Client_RngGenerate(client, rnd1, sizeof(rnd1), &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("rng", ret, rc);
        }
    }
    ticks = mps2Timer_Ticks() - start;
    ret   = wh_Client_RngGenerate(client, rnd2, sizeof(rnd2), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("rng", ret, rc);
    }
    mps2Console_Printf("core0: client 1: RNG from the HSM's DRBG (emulator seed, NOT secure) = ");
    for (i = 0; i < sizeof(rnd1); i++) {
        mps2Console_Printf("%02x", rnd1[i]);
    }
    if (memcmp(rnd1, rnd2, sizeof(rnd1)) == 0) {
        mps2Console_Printf(" REPEATED\n");
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf(" (two draws differ; 16 B per request)");
    core0_PrintCost(ticks, REPS);
    return MPS2_EXIT_OK;
}

/* Wait for client's echo answer. The three clients share core 0's doorbell (MHU1 line 0)
 * and the HSM's scheduler serves its mailboxes round-robin from a rotating start, so a wait
 * may end for another client's answer (or for the late interrupt of an earlier one): the
 * Response then says WH_ERROR_NOTREADY and we wait again, as wh_Client_WaitResponse's
 * contract says (counted in *inout_early). */
static int echoAnswer(whClientContext* client, uint16_t* inout_size, uint8_t* out_data,
                      int32_t* out_rc, unsigned* inout_early)
{
    for (;;) {
        int ret = wh_Client_WaitResponse(client);
        if (ret == WH_ERROR_OK) {
            ret = wh_Client_EchoResponse(client, inout_size, out_data, out_rc);
        }
        if (ret != WH_ERROR_NOTREADY) {
            return ret;
        }
        *inout_early = *inout_early + 1u;
    }
}

/* All three clients with a request in flight at once, `rounds` times: the HSM's scheduler
 * finds work in several mailboxes per pass and may answer them in any order. Each client's
 * echo must come back to it. */
static int interleaved(whClientContext* client, unsigned rounds)
{
    static uint8_t in[NCLIENTS][64];
    static uint8_t out[64];
    unsigned       early = 0;
    unsigned       r;
    unsigned       i;

    for (r = 0; r < rounds; r++) {
        for (i = 0; i < NCLIENTS; i++) {
            int ret;
            memset(in[i], (int)((i << 6) + r) & 0xFF, sizeof(in[i]));
            ret = wh_Client_EchoRequest(&client[i], sizeof(in[i]), in[i]);
            if (ret != WH_ERROR_OK) {
                return failed("interleaved echo request", ret, 0);
            }
        }
        for (i = 0; i < NCLIENTS; i++) {
            uint16_t outSize = sizeof(out);
            int32_t  rc      = 0;
            int      ret     = echoAnswer(&client[i], &outSize, out, &rc, &early);
            if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (outSize != sizeof(out)) ||
                (memcmp(in[i], out, sizeof(out)) != 0)) {
                mps2Console_Printf("core0: client %u: interleaved echo, round %u:\n", i + 1u, r);
                return failed("interleaved echo", ret, rc);
            }
        }
    }
    mps2Console_Printf(
        "core0: clients 1-3: %u rounds of 3 echoes in flight at once (64 B each): all "
        "intact, each to its own client (%u waits ended early by the shared doorbell)\n",
        rounds, early);
    return MPS2_EXIT_OK;
}

/* Client 1's persistent counter: increment (create it at 0 first if it does not exist). */

static int counter(whClientContext* client)
{
    uint32_t value   = 0;
    int32_t  rc      = 0;
    uint32_t start   = mps2Timer_Ticks();
    int      ret     = wh_Client_CounterIncrement(client, COUNTER_ID, &value, &rc);
    uint32_t ticks   = mps2Timer_Ticks() - start;
    int      created = 0;

    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_NOTFOUND)) {
        ret = wh_Client_CounterInit(client, COUNTER_ID, WH_COUNTER_MONOTONIC, 0, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("counter init", ret, rc);
        }
        created = 1;
        ret     = wh_Client_CounterIncrement(client, COUNTER_ID, &value, &rc);
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("counter increment", ret, rc);
    }
    counterValue = value;
    mps2Console_Printf(
        "core0: client 1: NVM counter %u incremented%s: value now %u (kept in the HSM's "
        "NVM across runs)",
        (unsigned)COUNTER_ID, created ? " (not found: created at 0)" : "", (unsigned)value);
    core0_PrintCost(ticks, 1);
    return MPS2_EXIT_OK;
}

/* Connect client n again after the HSM restarted. A client whose last request is still out
 * (WH_ERROR_NORESPONSE: no answer, no heartbeat) starts a new life first; its connect is then
 * WH_ERROR_BUSY until the HSM is back and has answered the old request. */
static int reconnect(whClientContext* client, unsigned n)
{
    uint32_t start = mps2Timer_Millis();

    for (;;) {
        int32_t rc  = 0;
        int     ret = wh_Client_CommConnect(client, NULL, NULL, &rc);
        if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
            return MPS2_EXIT_OK;
        }
        if ((mps2Timer_Millis() - start) >= RECONNECT_MS) {
            mps2Console_Printf("core0: client %u: no session with the HSM after %u ms:\n", n + 1u,
                               (unsigned)RECONNECT_MS);
            return failed("reconnect", ret, rc);
        }
        if (ret != WH_ERROR_OK) {
            (void)wh_Client_Cleanup(client);
            (void)core0_ClientInit(client, n, CLIENT_TIMEOUT_MS);
        }
        __asm volatile("wfi"); /* a millisecond tick at most */
    }
}

static uint32_t restartAtMs; /* when the clients saw the HSM's new epoch */
static int32_t  restartSeen; /* what client 1's request in flight got */

/* One HSM restart in the middle of the demo: the HSM's serving loop stalls on the demo's
 * request (port/mps2/mps2_demo.h), its watchdog restarts core 1, core 0 carries on. Client 1
 * has a counter increment in flight meanwhile and retries it after reconnecting
 * (IncrementFrom: applied once whatever happened to the first attempt); clients 2 and 3 see
 * the new epoch without sending anything and reconnect; client 1's committed key works
 * after the restart. */
static int hsmRestart(whClientContext* client)
{
    uint32_t start = mps2Timer_Millis();
    uint32_t value = 0;
    int32_t  rc    = 0;
    int      ret;
    unsigned i;

    MPS2_DEMO_WORD = MPS2_DEMO_STALL;
    while (MPS2_DEMO_WORD == MPS2_DEMO_STALL) { /* the HSM takes it between two passes */
        if ((mps2Timer_Millis() - start) >= HSM_DONE_MS) {
            mps2Console_Printf("core0: the HSM did not take the demo's stall request\n");
            return MPS2_EXIT_FAIL;
        }
        __asm volatile("wfi");
    }
    mps2Console_Printf("core0: demo: the HSM's serving loop stalls at %u ms (on the demo's "
                       "request); client 1 sends a counter increment from %u meanwhile\n",
                       (unsigned)mps2Timer_Millis(), (unsigned)counterValue);
    ret         = wh_Client_CounterIncrementFrom(&client[0], COUNTER_ID, counterValue, &value, &rc);
    restartSeen = (ret != WH_ERROR_OK) ? ret : rc;
    if ((restartSeen != WH_ERROR_NORESPONSE) && (restartSeen != WH_ERROR_RESTARTED)) {
        return failed("counter increment while the HSM stalls (expected NORESPONSE or RESTARTED)",
                      ret, rc);
    }
    while ((ret = wh_Client_HsmAlive(&client[1])) != WH_ERROR_RESTARTED) {
        if ((mps2Timer_Millis() - start) >= RECONNECT_MS) {
            return failed("client 2 waiting for the HSM's new epoch", ret, 0);
        }
        __asm volatile("wfi");
    }
    restartAtMs = mps2Timer_Millis();
    for (i = 0; i < NCLIENTS; i++) {
        if ((i > 0u) && (wh_Client_HsmAlive(&client[i]) != WH_ERROR_RESTARTED)) {
            return failed("the HSM's new epoch (expected RESTARTED)", WH_ERROR_ABORTED, 0);
        }
        if ((ret = reconnect(&client[i], i)) != MPS2_EXIT_OK) {
            return ret;
        }
    }
    ret = wh_Client_CounterIncrementFrom(&client[0], COUNTER_ID, counterValue, &value, &rc);
    CHECK("counter increment retried after the restart", ret, rc);
    if (value != counterValue + 1u) {
        mps2Console_Printf("core0: client 1: counter %u after the retry, expected %u\n",
                           (unsigned)value, (unsigned)(counterValue + 1u));
        return MPS2_EXIT_FAIL;
    }
    counterValue = value;
    ret          = cmacCheck(&client[0], PERSIST_KEY_ID, 1, NULL, &rc);
    CHECK("committed key after the HSM restart", ret, rc);
    mps2Console_Printf("core0: demo: core1 restarted by its watchdog; new HSM epoch seen at %u ms; "
                       "client 1's increment in flight got %s, clients 1-3 reconnected; the "
                       "retried increment applied once (counter %u), committed key 0x%03x "
                       "intact\n",
                       (unsigned)restartAtMs,
                       (restartSeen == WH_ERROR_RESTARTED) ? "WH_ERROR_RESTARTED"
                                                           : "WH_ERROR_NORESPONSE",
                       (unsigned)counterValue, PERSIST_KEY_ID);
    return MPS2_EXIT_OK;
}

static int info(whClientContext* client)
{
    whClientCommInfo info;
    int32_t          rc  = 0;
    int              ret = wh_Client_CommInfo(client, &info, &rc);

    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("info", ret, rc);
    }
    mps2Console_Printf(
        "core0: client 1: HSM version %u.%u.%u, protocol %u, max payload %u B, features "
        "0x%08x, server id %u\n",
        (unsigned)(info.version >> 16), (unsigned)((info.version >> 8) & 0xFFu),
        (unsigned)(info.version & 0xFFu), (unsigned)info.protocolVersion, (unsigned)info.maxPayload,
        (unsigned)info.features, (unsigned)info.serverId);
    return MPS2_EXIT_OK;
}

int core0_Main(void)
{
    static whClientContext client[NCLIENTS];
    uint16_t               clientId = 0;
    int32_t                rc       = 0;
    int                    ret;
    uint32_t               start;
    unsigned               i;

    core0_Boot();
    for (i = 0; i < NCLIENTS; i++) {
        if ((ret = core0_ClientInit(&client[i], i, CLIENT_TIMEOUT_MS)) != WH_ERROR_OK) {
            return failed("client init", ret, 0);
        }
    }

    /* A client built from another crypto configuration: its digest is not the HSM's, the
     * connect is refused and opens no session. Then the image's own digest. */
    client[0].configDigest = core0_ConfigDigest ^ 0x1u;
    ret                    = wh_Client_CommConnect(&client[0], NULL, NULL, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_CONFIG_MISMATCH)) {
        return failed("connect with another configuration's digest (expected CONFIG_MISMATCH)", ret,
                      rc);
    }
    client[0].configDigest = core0_ConfigDigest;
    mps2Console_Printf("core0: client 1: connect presenting another configuration's digest: "
                       "refused (WH_ERROR_CONFIG_MISMATCH), as it should be; every client "
                       "presents this image's: %08x%08x\n",
                       (unsigned)(core0_ConfigDigest >> 32),
                       (unsigned)(core0_ConfigDigest & 0xFFFFFFFFu));

    /* All three connect: the HSM now serves three open sessions. */
    for (i = 0; i < NCLIENTS; i++) {
        start = mps2Timer_Millis();
        ret   = wh_Client_CommConnect(&client[i], &clientId, NULL, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("connect (is the HSM core up?)", ret, rc);
        }
        mps2Console_Printf(
            "core0: client %u: connected on mailbox %u after %u ms; HSM client id %u\n", i + 1u, i,
            (unsigned)(mps2Timer_Millis() - start), (unsigned)clientId);
        if (clientId != i + 1u) {
            mps2Console_Printf("core0: client %u: WRONG client id\n", i + 1u);
            return MPS2_EXIT_FAIL;
        }
    }

    if (((ret = info(&client[0])) != MPS2_EXIT_OK) ||
        ((ret = echoes(&client[0], 1)) != MPS2_EXIT_OK) ||
        ((ret = crypto(&client[0])) != MPS2_EXIT_OK) ||
        ((ret = counter(&client[0])) != MPS2_EXIT_OK)) {
        return ret;
    }
    if ((ret = localKeys(&client[0])) != MPS2_EXIT_OK) {
        return ret;
    }
    for (i = 1; i < NCLIENTS; i++) {
        if ((ret = echoes(&client[i], i + 1u)) != MPS2_EXIT_OK) {
            return ret;
        }
    }
    if (((ret = sheBoot(&client[1])) != MPS2_EXIT_OK) ||
        ((ret = nvmObjects(&client[1])) != MPS2_EXIT_OK) ||
        ((ret = globalKeys(client)) != MPS2_EXIT_OK) ||
        ((ret = ecdsa(&client[2])) != MPS2_EXIT_OK)) {
        return ret;
    }
    if ((ret = hsmRestart(client)) != MPS2_EXIT_OK) {
        return ret;
    }
    if ((ret = interleaved(client, 50)) != MPS2_EXIT_OK) {
        return ret;
    }
    /* SecOC over the Crypto Driver, whose clients take over mailboxes 0..2 in turn with the
     * demo's (the sessions stay open: the demo's clients close them below). */
    if ((ret = core0_SecocDemo(&client[0])) != MPS2_EXIT_OK) {
        return ret;
    }
    /* Crypto_DeInit released the transports the driver's clients shared with the demo's: the
     * demo's clients take their mailboxes back (each resumes from its mailbox's words). */
    for (i = 0; i < NCLIENTS; i++) {
        if ((ret = core0_ClientInit(&client[i], i, CLIENT_TIMEOUT_MS)) != WH_ERROR_OK) {
            return failed("client init after the Crypto Driver", ret, 0);
        }
    }

    for (i = 0; i < NCLIENTS; i++) {
        ret = wh_Client_CommClose(&client[i], &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            mps2Console_Printf("core0: client %u:\n", i + 1u);
            return failed("close", ret, rc);
        }
        (void)wh_Client_Cleanup(&client[i]);
    }

    /* The HSM notices the end of the session when idle, prints its summary and closes its
     * NVM file, then says DONE; our report follows, so the two do not interleave. */
    start = mps2Timer_Millis();
    while (MPS2_SHARED->hsmState == MPS2_HSM_RUNNING) {
        if ((mps2Timer_Millis() - start) >= HSM_DONE_MS) {
            mps2Console_Printf("core0: all sessions closed, but the HSM did not end its session in "
                               "%u ms\n",
                               (unsigned)HSM_DONE_MS);
            return MPS2_EXIT_FAIL;
        }
        __asm volatile("wfi");
    }
    if (MPS2_SHARED->hsmState != MPS2_HSM_DONE) {
        mps2Console_Printf("core0: the HSM reported a failure\n");
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf(
        "core0: ---- report: 3 clients, one HSM core (cooperative scheduler, 3 server "
        "contexts) ----\n");
    mps2Console_Printf(
        "core0:   client 1 (mailbox 0): connect, info, echo 4x%d, SHA-256 (abc, 1 KiB), "
        "RNG, NVM counter -> %u, local key cache/CMAC/GCM/commit/evict/reload/erase, "
        "%s, close: ok\n",
        ECHO_ROUNDS, (unsigned)counterValue,
        persistCreated ? "key 0x042 committed for the next run"
                       : "committed key from an earlier run: works");
    mps2Console_Printf(
        "core0:   client 2 (mailbox 1): connect, echo 4x%d, SHE secure boot %s, NVM object "
        "add/read/list, global key cache/evict, close: ok\n",
        ECHO_ROUNDS,
        ((core0_BootFlags() & CORE0_BOOT_SECURE_BOOT_OK) != 0u)
            ? "passed (boot-protected key used, BOOT_OK)"
            : "FAILED (its sanction: the boot-protected key refused)");
    mps2Console_Printf(
        "core0:   client 3 (mailbox 2): connect, echo 4x%d, global key use, isolation "
        "check, ECDSA P-256 keygen/SHA-256/sign/verify, close: ok\n",
        ECHO_ROUNDS);
    mps2Console_Printf("core0:   core1 restarted by its watchdog at %u ms (its serving loop "
                       "stalled on the demo's request): client 1's request in flight got %s, "
                       "clients 1-3 reconnected, the retried counter increment applied once: "
                       "ok\n",
                       (unsigned)restartAtMs,
                       (restartSeen == WH_ERROR_RESTARTED) ? "RESTARTED" : "NORESPONSE");
    mps2Console_Printf("core0:   clients 1-3: 50 rounds of interleaved echoes: ok\n");
    mps2Console_Printf("core0:   SecOC over the AUTOSAR Crypto Driver (objects Tx, Rx; freshness "
                       "from HSM counters): CAN and CAN FD streams authenticated and verified, "
                       "tampered, replayed and stale PDUs rejected: ok\n");
    mps2Console_Printf("core0:   doorbell interrupts taken on core 0: %u; NVM persisted by the HSM "
                       "(run again: the counter continues; NVM_FRESH=1: starts at 1)\n",
                       (unsigned)core0_SelfDoorbell.events);
    mps2Console_Printf("core0: ALL OK\n");
    return MPS2_EXIT_OK;
}
