/*
 * wh_server_she.c: the SHE group (wh_message_she.h), spec-exact per
 * ../shared/automotive/she.md. One SHE per device:
 *
 * - The NVM slots MASTER_ECU_KEY .. KEY_10 (ids 1..0xD) are global NVM records of type
 *   WH_NVM_TYPE_SHE, number = the slot id, 24 bytes: key (16), counter (4, big-endian,
 *   28 bits), F_ID (1, the 6-bit field of M2), 3 zero bytes. PRNG_SEED is the record
 *   WH_NVM_SHE_PRNG_SEED (16 bytes). No NVM, key or counter request can name this type.
 *   Each update is one NVM add: the old record stays until the new one is committed.
 * - The volatile state (RAM_KEY, the PRNG state and key, SREG) is one per NVM context (the
 *   device's store), shared by all server contexts serving it, changed under the NVM lock.
 * - UID and SECRET_KEY are the record WH_NVM_SHE_IDENTITY (32 bytes: UID, a format byte 1,
 *   SECRET_KEY), written once by PROVISION (policy WH_POLICY_SHE_PROVISION) or by a factory
 *   image, non-modifiable and non-destroyable; read once per device into its RAM state. A
 *   device without it uses the development identity of wh_server.h when the build defines
 *   WOLFHSM_CFG_SHE_DEV_IDENTITY, else answers ERC_KEY_EMPTY. No command returns SECRET_KEY;
 *   GET_ID, M4 and EXPORT_RAM_KEY's M1/M4 carry the UID.
 * - DEBUG_CHALLENGE draws the challenge from the SHE PRNG (ERC_RNG_SEED before INIT_RNG); it
 *   is held for the client that asked, until its DEBUG_AUTHORIZATION (which consumes it, right
 *   or wrong), its CANCEL, a newer challenge or a reset. A right answer,
 *   CMAC_{KDF(MASTER_ECU_KEY, DEBUG_KEY_C)}(challenge || UID), erases the NVM slots
 *   MASTER_ECU_KEY .. KEY_10 in one atomic NVM destroy, and RAM_KEY (never SECRET_KEY, the
 *   identity or PRNG_SEED). Commands run to completion within their request, so CANCEL has no
 *   running command to stop: it drops the caller's pending challenge, and is ERC_NO_ERROR.
 * - DEBUGGER_PROTECTION: a key with it is unusable (ERC_KEY_NOT_AVAILABLE), for crypto and to
 *   authorise an update, while wh_Board_SheDebugger() reports a debugger; SREG shows it.
 *
 * Choices the spec leaves open: an empty slot authorising its own first update is used as the
 * all-ones key (the erased flash value); an empty target accepts any counter; RAM_KEY has
 * counter 0 and flags 0, so LOAD_KEY into it skips the counter check; only KEY_1..KEY_10 and
 * RAM_KEY serve ENC/DEC and MAC commands (ERC_KEY_INVALID for the others); a
 * BOOT_PROTECTION key is usable only while SREG's BOOT_OK is set (secure boot, below).
 *
 * Secure boot (SECURE_BOOT, BOOT_FAILURE, BOOT_OK; the device's boot phase, reset with the
 * rest of its RAM state): SECURE_BOOT runs once per reset (again: ERC_SEQUENCE_ERROR, also
 * after ERC_NO_SECURE_BOOT). BOOT_MAC_KEY empty: ERC_NO_SECURE_BOOT, SREG unchanged. BOOT_MAC
 * empty: autonomous personalisation, the image's MAC stored as BOOT_MAC (counter 0, flags 0)
 * and trusted on this first use: SECURE_BOOT | BOOT_INIT | BOOT_OK. Otherwise the MAC is
 * compared in constant time: equal, SECURE_BOOT | BOOT_OK (the boot phase stays open); not
 * equal, SECURE_BOOT | BOOT_FINISHED (the phase is over, BOOT_OK clear). BOOT_OK and
 * BOOT_FAILURE are accepted only in an open boot phase (SECURE_BOOT set, BOOT_FINISHED clear;
 * else ERC_SEQUENCE_ERROR): BOOT_OK sets BOOT_FINISHED, BOOT_FAILURE sets BOOT_FINISHED and
 * clears BOOT_OK, which locks the boot-protected keys until reset.
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_server_she_rec.h"
#include "wolfhsm/wh_utils.h"

#include "wolfssl/wolfcrypt/aes.h"

#define BLK WH_SHE_BLOCK
#define REC_LEN WH_SHE_REC_LEN
#define SHE_DEVICES 4u /* NVM contexts (devices) served by one HSM image: tests make several */

#ifdef WOLFHSM_CFG_SHE_DEV_IDENTITY
static const uint8_t kDevUid[WH_SHE_UID_LEN] = WOLFHSM_CFG_SHE_UID;
static const uint8_t kDevSecret[BLK]         = WOLFHSM_CFG_SHE_SECRET_KEY;
#endif
static const uint8_t kDebugKeyC[BLK]    = {0x01, 0x03, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00,
                                           0,    0,    0,    0,    0,    0,    0,    0xB0};
static const uint8_t kUpdateEncC[BLK]   = {0x01, 0x01, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00,
                                           0,    0,    0,    0,    0,    0,    0,    0xB0};
static const uint8_t kUpdateMacC[BLK]   = {0x01, 0x02, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00,
                                           0,    0,    0,    0,    0,    0,    0,    0xB0};
static const uint8_t kPrngKeyC[BLK]     = {0x01, 0x04, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00,
                                           0,    0,    0,    0,    0,    0,    0,    0xB0};
static const uint8_t kPrngSeedKeyC[BLK] = {0x01, 0x05, 0x53, 0x48, 0x45, 0x00, 0x80, 0x00,
                                           0,    0,    0,    0,    0,    0,    0,    0xB0};
static const uint8_t kPrngExtC[BLK]     = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00};
static const uint8_t kRecLabel[WH_NVM_LABEL_LEN] = "she";

typedef struct sheSlot_t {
    uint8_t  key[BLK];
    uint32_t counter;
    uint8_t  flags;
    uint8_t  present;
} sheSlot;

typedef struct sheDevice_t {
    const whNvmContext* nvm;
    uint8_t             ramKey[BLK];
    uint8_t             ramPresent;
    uint8_t             ramPlain; /* loaded by LOAD_PLAIN_KEY: exportable */
    uint8_t             rndInit;
    uint8_t             prngState[BLK];
    uint8_t             prngKey[BLK];
    uint8_t             uid[WH_SHE_UID_LEN]; /* the identity, valid when idState is ID_SET */
    uint8_t             secret[BLK];
    uint8_t             idState;          /* ID_UNKNOWN (not read yet), ID_SET, ID_NONE */
    uint8_t             challengePending; /* DEBUG_CHALLENGE answered, not yet used */
    uint16_t            challengeClient;  /* the client it was given to */
    uint8_t             challenge[BLK];
    uint8_t             bootRun; /* SECURE_BOOT ran since reset */
} sheDevice;

#define ID_UNKNOWN 0u
#define ID_SET 1u
#define ID_NONE 2u
#define ID_REC_LEN WH_SHE_ID_REC_LEN

static sheDevice devices[SHE_DEVICES];

/* Each device's SREG boot bits (SECURE_BOOT, BOOT_INIT, BOOT_FINISHED, BOOT_OK), apart from
 * its other state: changed under the device's NVM lock, read also without it by the MAC
 * commands (macFast), hence atomic, and never cleared by a wipe of the device's state. */
static uint8_t bootSregs[SHE_DEVICES];

static uint8_t bootSreg(const sheDevice* d)
{
    return __atomic_load_n(&bootSregs[d - devices], __ATOMIC_RELAXED);
}

static void bootSregSet(const sheDevice* d, uint8_t bits)
{
    __atomic_store_n(&bootSregs[d - devices], bits, __ATOMIC_RELAXED);
}

/* The SHE keys' version: moves on at every change of a SHE key or of a device (never back),
 * so a prepared MAC key made at the current version is the key its slot holds. One for all
 * devices (a device's RAM state may be taken over by another store), each of which changes it
 * under its own NVM lock: hence atomic; the device's lock orders its own changes. */
static uint32_t keyVersion = 1u;

static void keysChanged(void)
{
    (void)__atomic_fetch_add(&keyVersion, 1u, __ATOMIC_RELAXED);
}

static uint32_t keysVersion(void)
{
    return __atomic_load_n(&keyVersion, __ATOMIC_RELAXED);
}

/* The device of this server's NVM context (the caller holds the NVM lock). */
static sheDevice* device(const whServerContext* server)
{
    sheDevice* free = NULL;
    unsigned   i;

    for (i = 0; i < SHE_DEVICES; i++) {
        if (devices[i].nvm == server->nvm) {
            return &devices[i];
        }
        if ((free == NULL) && (devices[i].nvm == NULL)) {
            free = &devices[i];
        }
    }
    if (free == NULL) {
        free = &devices[0]; /* more stores than devices: the oldest one's RAM state goes */
    }
    memset(free, 0, sizeof(*free));
    free->nvm = server->nvm;
    bootSregSet(free, 0);
    keysChanged();
    return free;
}

void wh_Server_SheBind(const whServerContext* server)
{
    unsigned i;

    for (i = 0; i < SHE_DEVICES; i++) {
        if (devices[i].nvm == server->nvm) {
            wh_Utils_ForceZero(&devices[i], sizeof(devices[i]));
            bootSregSet(&devices[i], 0);
        }
    }
    keysChanged();
}

/* ---- AES-128 primitives ---- */

static int aesBlock(const uint8_t* key, const uint8_t* in, uint8_t* out)
{
    Aes aes;
    int ret = WH_ERROR_SHE_GENERAL_ERROR;

    if (wc_AesInit(&aes, NULL, INVALID_DEVID) == 0) {
        if ((wc_AesSetKey(&aes, key, BLK, NULL, AES_ENCRYPTION) == 0) &&
            (wc_AesEncryptDirect(&aes, out, in) == 0)) {
            ret = WH_ERROR_OK;
        }
        wc_AesFree(&aes);
    }
    wh_Utils_ForceZero(&aes, sizeof(aes));
    return ret;
}

static void xorBlock(uint8_t* d, const uint8_t* s)
{
    unsigned i;
    for (i = 0; i < BLK; i++) {
        d[i] ^= s[i];
    }
}

/* Miyaguchi-Preneel over n already padded blocks: OUT = AES_{OUT}(X) ^ X ^ OUT. out must not
 * overlap x. */
static int mp(const uint8_t* x, unsigned n, uint8_t* out)
{
    uint8_t  t[BLK];
    unsigned i;
    int      ret = WH_ERROR_OK;

    memset(out, 0, BLK);
    for (i = 0; (i < n) && (ret == WH_ERROR_OK); i++) {
        ret = aesBlock(out, x + i * BLK, t);
        xorBlock(t, x + i * BLK);
        xorBlock(out, t);
    }
    wh_Utils_ForceZero(t, sizeof(t));
    return ret;
}

/* KDF(K, C) = AES-MP(K || C): the constants carry the padding. */
static int kdf(const uint8_t* k, const uint8_t* c, uint8_t* out)
{
    uint8_t x[2 * BLK];
    int     ret;

    memcpy(x, k, BLK);
    memcpy(x + BLK, c, BLK);
    ret = mp(x, 2, out);
    wh_Utils_ForceZero(x, sizeof(x));
    return ret;
}

/* AES-CMAC (SP 800-38B) over a message of bits bits (a bit string, not only bytes): the MAC
 * fast path's core (wh_server_crypto_mac.c) on the key prepared here. */
static int cmacBits(const uint8_t* key, const uint8_t* msg, uint32_t bits, uint8_t* out)
{
    whServerMacPrepared p;
    int                 ret = wh_Server_MacPrepare(&p, key, BLK);

    if (ret == WH_ERROR_OK) {
        ret = wh_Server_MacCmac(&p, msg, bits, out);
        wh_Server_MacWipe(&p);
    }
    return (ret == WH_ERROR_OK) ? ret : WH_ERROR_SHE_GENERAL_ERROR;
}

/* AES-128 ECB/CBC over len bytes (a multiple of 16); iv NULL: ECB. */
static int cipher(const uint8_t* key, int enc, const uint8_t* iv, const uint8_t* in, uint32_t len,
                  uint8_t* out)
{
    Aes aes;
    int ret = WH_ERROR_SHE_GENERAL_ERROR;
    int r;

    if (wc_AesInit(&aes, NULL, INVALID_DEVID) != 0) {
        return ret;
    }
    if (wc_AesSetKey(&aes, key, BLK, iv, enc ? AES_ENCRYPTION : AES_DECRYPTION) == 0) {
        if (iv == NULL) {
            r = enc ? wc_AesEcbEncrypt(&aes, out, in, len) : wc_AesEcbDecrypt(&aes, out, in, len);
        }
        else {
            r = enc ? wc_AesCbcEncrypt(&aes, out, in, len) : wc_AesCbcDecrypt(&aes, out, in, len);
        }
        ret = (r == 0) ? WH_ERROR_OK : WH_ERROR_SHE_GENERAL_ERROR;
    }
    wc_AesFree(&aes);
    wh_Utils_ForceZero(&aes, sizeof(aes));
    return ret;
}

/* ---- slots ---- */

static whNvmId recId(uint8_t number)
{
    return wh_SheRec_Id(number);
}

/* Map store failures onto SHE's: a missing record is an empty slot, handled by the caller. */
static int memErr(int ret)
{
    return (ret == WH_ERROR_NOTREADY) ? ret : WH_ERROR_SHE_MEMORY_FAILURE;
}

/* Slot id (1..0xE) into *out (the caller holds the NVM lock). */
static int readSlot(whServerContext* server, sheDevice* d, uint8_t id, sheSlot* out)
{
    uint8_t r[REC_LEN];
    int     ret;

    memset(out, 0, sizeof(*out));
    if (id == WH_SHE_RAM_KEY) {
        out->present = d->ramPresent;
        memcpy(out->key, d->ramKey, BLK);
        return WH_ERROR_OK;
    }
    ret = wh_Nvm_Read(server->nvm, recId(id), 0, REC_LEN, r);
    if (ret == WH_ERROR_NOTFOUND) {
        return WH_ERROR_OK;
    }
    if (ret != WH_ERROR_OK) {
        return memErr(ret);
    }
    wh_SheRec_ParseSlot(r, out->key, &out->counter, &out->flags);
    out->present = 1;
    wh_Utils_ForceZero(r, sizeof(r));
    return WH_ERROR_OK;
}

static int writeSlot(whServerContext* server, uint8_t id, const sheSlot* s)
{
    whNvmMetadata meta;
    uint8_t       r[REC_LEN];
    int           ret = wh_SheRec_MakeSlot(id, s->key, s->counter, s->flags, &meta, r);

    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_AddObject(server->nvm, &meta, REC_LEN, r);
        keysChanged(); /* also when the add failed: the store may hold it after a cut */
    }
    wh_Utils_ForceZero(r, sizeof(r));
    return (ret == WH_ERROR_OK) ? ret : memErr(ret);
}

/* May a present key of slot id with these flags serve a crypto command now? mac selects MAC
 * (KEY_USAGE 1) or cipher use. */
static int keyUsable(const sheDevice* d, uint8_t id, uint8_t flags, int mac, int generate)
{
    if (((flags & WH_SHE_FLAG_BOOT_PROTECTION) != 0u) &&
        ((bootSreg(d) & WH_SHE_SREG_BOOT_OK) == 0u)) {
        return WH_ERROR_SHE_KEY_NOT_AVAILABLE; /* secure boot has not passed, or BOOT_FAILURE */
    }
    if (((flags & WH_SHE_FLAG_DEBUGGER_PROTECTION) != 0u) && (wh_Board_SheDebugger() != 0u)) {
        return WH_ERROR_SHE_KEY_NOT_AVAILABLE; /* a debugger is attached */
    }
    if (id != WH_SHE_RAM_KEY) {
        int isMac = (flags & WH_SHE_FLAG_KEY_USAGE) != 0u;
        if ((isMac != mac) || (mac && generate && ((flags & WH_SHE_FLAG_VERIFY_ONLY) != 0u))) {
            return WH_ERROR_SHE_KEY_INVALID;
        }
    }
    return WH_ERROR_OK;
}

/* The key (and flags) of slot id for a crypto command (keyUsable). */
static int keyForUse(whServerContext* server, sheDevice* d, uint8_t id, int mac, int generate,
                     uint8_t* out_key, uint8_t* out_flags)
{
    sheSlot s;
    int     ret;

    if (!(((id >= WH_SHE_KEY_1) && (id <= WH_SHE_KEY_10)) || (id == WH_SHE_RAM_KEY))) {
        return WH_ERROR_SHE_KEY_INVALID;
    }
    ret = readSlot(server, d, id, &s);
    if ((ret == WH_ERROR_OK) && !s.present) {
        ret = WH_ERROR_SHE_KEY_EMPTY;
    }
    if (ret == WH_ERROR_OK) {
        ret = keyUsable(d, id, s.flags, mac, generate);
    }
    if (ret == WH_ERROR_OK) {
        memcpy(out_key, s.key, BLK);
        *out_flags = s.flags;
    }
    wh_Utils_ForceZero(&s, sizeof(s));
    return ret;
}

/* ---- M1..M5 ---- */

/* M4 || M5 for target id, authorised by authId, with counter, under newKey. */
static int makeM4M5(const uint8_t* uid, uint8_t id, uint8_t authId, const uint8_t* newKey,
                    uint32_t counter, uint8_t* m4, uint8_t* m5)
{
    uint8_t k3[BLK];
    uint8_t k4[BLK];
    uint8_t b[BLK] = {0};
    int     ret    = kdf(newKey, kUpdateEncC, k3);

    if (ret == WH_ERROR_OK) {
        ret = kdf(newKey, kUpdateMacC, k4);
    }
    memcpy(m4, uid, WH_SHE_UID_LEN);
    m4[15] = (uint8_t)((id << 4) | authId);
    b[0]   = (uint8_t)(counter >> 20);
    b[1]   = (uint8_t)(counter >> 12);
    b[2]   = (uint8_t)(counter >> 4);
    b[3]   = (uint8_t)((counter << 4) | 0x08u);
    if (ret == WH_ERROR_OK) {
        ret = aesBlock(k3, b, m4 + BLK);
    }
    if (ret == WH_ERROR_OK) {
        ret = cmacBits(k4, m4, 32u * 8u, m5);
    }
    wh_Utils_ForceZero(k3, sizeof(k3));
    wh_Utils_ForceZero(k4, sizeof(k4));
    return ret;
}

/* Who may authorise an update of target (she.md). */
static int authAllowed(uint8_t target, uint8_t authId)
{
    switch (target) {
        case WH_SHE_MASTER_ECU_KEY:
            return authId == WH_SHE_MASTER_ECU_KEY;
        case WH_SHE_BOOT_MAC_KEY:
        case WH_SHE_BOOT_MAC:
            return (authId == WH_SHE_MASTER_ECU_KEY) || (authId == WH_SHE_BOOT_MAC_KEY);
        case WH_SHE_RAM_KEY:
            return ((authId >= WH_SHE_KEY_1) && (authId <= WH_SHE_KEY_10)) ||
                   (authId == WH_SHE_SECRET_KEY);
        default: /* KEY_1 .. KEY_10 */
            return (authId == WH_SHE_MASTER_ECU_KEY) || (authId == target);
    }
}

static int loadKey(whServerContext* server, sheDevice* d, const whMessageSheLoadKeyRequest* q,
                   whMessageSheLoadKeyResponse* r)
{
    static const uint8_t zeroUid[WH_SHE_UID_LEN] = {0};
    const uint8_t        id                      = (uint8_t)(q->m1[15] >> 4);
    const uint8_t        authId                  = (uint8_t)(q->m1[15] & 0x0Fu);
    sheSlot              target;
    sheSlot              auth;
    uint8_t              k[BLK];
    uint8_t              mac[BLK];
    uint8_t              m1m2[48];
    uint8_t              plain[32];
    uint32_t             counter;
    uint8_t              flags;
    int                  ret;

    if ((id == WH_SHE_SECRET_KEY) || (id > WH_SHE_RAM_KEY)) {
        return WH_ERROR_SHE_KEY_INVALID;
    }
    ret = readSlot(server, d, id, &target);
    if ((ret == WH_ERROR_OK) && ((target.flags & WH_SHE_FLAG_WRITE_PROTECTION) != 0u)) {
        ret = WH_ERROR_SHE_KEY_WRITE_PROTECTED;
    }
    if ((ret == WH_ERROR_OK) && !authAllowed(id, authId)) {
        ret = WH_ERROR_SHE_KEY_INVALID;
    }
    memset(&auth, 0, sizeof(auth));
    if (ret == WH_ERROR_OK) {
        if (authId == WH_SHE_SECRET_KEY) {
            memcpy(auth.key, d->secret, BLK);
            auth.present = 1;
        }
        else {
            ret = readSlot(server, d, authId, &auth);
        }
    }
    if ((ret == WH_ERROR_OK) && auth.present &&
        ((auth.flags & WH_SHE_FLAG_DEBUGGER_PROTECTION) != 0u) && (wh_Board_SheDebugger() != 0u)) {
        ret = WH_ERROR_SHE_KEY_NOT_AVAILABLE; /* the authorising key, a debugger attached */
    }
    if ((ret == WH_ERROR_OK) && !auth.present) {
        if (authId != id) {
            ret = WH_ERROR_SHE_KEY_EMPTY;
        }
        else {
            memset(auth.key, 0xFF, BLK); /* an empty slot authorising itself: all ones */
        }
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(auth.key, kUpdateMacC, k); /* K2 */
    }
    if (ret == WH_ERROR_OK) {
        memcpy(m1m2, q->m1, BLK);
        memcpy(m1m2 + BLK, q->m2, 32);
        ret = cmacBits(k, m1m2, 48u * 8u, mac);
    }
    if ((ret == WH_ERROR_OK) && (wh_Utils_ConstantCompare(mac, q->m3, BLK) != 0)) {
        ret = WH_ERROR_SHE_KEY_UPDATE_ERROR;
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(auth.key, kUpdateEncC, k); /* K1 */
    }
    if (ret == WH_ERROR_OK) {
        static const uint8_t iv0[BLK] = {0};
        ret                           = cipher(k, 0, iv0, q->m2, 32, plain);
    }
    if ((ret == WH_ERROR_OK) && (memcmp(q->m1, d->uid, WH_SHE_UID_LEN) != 0) &&
        !((memcmp(q->m1, zeroUid, WH_SHE_UID_LEN) == 0) &&
          ((target.flags & WH_SHE_FLAG_WILDCARD) != 0u))) {
        ret = WH_ERROR_SHE_KEY_UPDATE_ERROR;
    }
    counter = ((uint32_t)plain[0] << 20) | ((uint32_t)plain[1] << 12) | ((uint32_t)plain[2] << 4) |
              ((uint32_t)plain[3] >> 4);
    flags = (uint8_t)(((plain[3] & 0x0Fu) << 2) | (plain[4] >> 6));
    if ((ret == WH_ERROR_OK) && (id != WH_SHE_RAM_KEY) && target.present &&
        (counter <= target.counter)) {
        ret = WH_ERROR_SHE_KEY_UPDATE_ERROR;
    }
    if (ret == WH_ERROR_OK) {
        if (id == WH_SHE_RAM_KEY) {
            memcpy(d->ramKey, plain + BLK, BLK);
            d->ramPresent = 1;
            d->ramPlain   = 0;
            counter       = 0;
            keysChanged();
        }
        else {
            memcpy(target.key, plain + BLK, BLK);
            target.counter = counter;
            target.flags   = flags;
            ret            = writeSlot(server, id, &target);
        }
    }
    if (ret == WH_ERROR_OK) {
        ret = makeM4M5(d->uid, id, authId, plain + BLK, counter, r->m4, r->m5);
    }
    wh_Utils_ForceZero(&target, sizeof(target));
    wh_Utils_ForceZero(&auth, sizeof(auth));
    wh_Utils_ForceZero(k, sizeof(k));
    wh_Utils_ForceZero(plain, sizeof(plain));
    return ret;
}

/* EXPORT_RAM_KEY: the plain-loaded RAM_KEY as M1..M5 under SECRET_KEY (counter 0, flags 0). */
static int exportRamKey(sheDevice* d, whMessageSheExportResponse* r)
{
    static const uint8_t iv0[BLK] = {0};
    uint8_t              k[BLK];
    uint8_t              plain[32] = {0};
    int                  ret;

    if (!d->ramPresent || !d->ramPlain) {
        return WH_ERROR_SHE_KEY_INVALID;
    }
    memcpy(r->m1, d->uid, WH_SHE_UID_LEN);
    r->m1[15] = (uint8_t)((WH_SHE_RAM_KEY << 4) | WH_SHE_SECRET_KEY);
    memcpy(plain + BLK, d->ramKey, BLK);
    ret = kdf(d->secret, kUpdateEncC, k);
    if (ret == WH_ERROR_OK) {
        ret = cipher(k, 1, iv0, plain, 32, r->m2);
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(d->secret, kUpdateMacC, k);
    }
    if (ret == WH_ERROR_OK) {
        uint8_t m1m2[48];
        memcpy(m1m2, r->m1, BLK);
        memcpy(m1m2 + BLK, r->m2, 32);
        ret = cmacBits(k, m1m2, 48u * 8u, r->m3);
    }
    if (ret == WH_ERROR_OK) {
        ret = makeM4M5(d->uid, WH_SHE_RAM_KEY, WH_SHE_SECRET_KEY, d->ramKey, 0, r->m4, r->m5);
    }
    wh_Utils_ForceZero(k, sizeof(k));
    wh_Utils_ForceZero(plain, sizeof(plain));
    return ret;
}

static uint8_t sreg(const sheDevice* d)
{
    return (uint8_t)((d->rndInit ? WH_SHE_SREG_RND_INIT : 0u) | bootSreg(d) |
                     wh_Board_SheDebugger());
}

/* INIT_RNG: seed' = AES_{KDF(SECRET, PRNG_SEED_KEY_C)}(seed), stored; state = seed';
 * key = KDF(SECRET, PRNG_KEY_C). A device without a stored seed starts from zeros. */
static int initRng(whServerContext* server, sheDevice* d)
{
    whNvmMetadata meta = {.id = recId(WH_NVM_SHE_PRNG_SEED), .flags = WH_NVM_FLAGS_NONEXPORTABLE};
    uint8_t       seed[BLK] = {0};
    uint8_t       k[BLK];
    int           ret = wh_Nvm_Read(server->nvm, meta.id, 0, BLK, seed);

    if (ret == WH_ERROR_NOTFOUND) {
        ret = WH_ERROR_OK;
    }
    else if (ret != WH_ERROR_OK) {
        ret = memErr(ret);
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(d->secret, kPrngSeedKeyC, k);
    }
    if (ret == WH_ERROR_OK) {
        ret = aesBlock(k, seed, seed);
    }
    if (ret == WH_ERROR_OK) {
        memcpy(meta.label, kRecLabel, sizeof(meta.label));
        ret = wh_Nvm_AddObject(server->nvm, &meta, BLK, seed);
        ret = (ret == WH_ERROR_OK) ? ret : memErr(ret);
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(d->secret, kPrngKeyC, d->prngKey);
    }
    if (ret == WH_ERROR_OK) {
        memcpy(d->prngState, seed, BLK);
        d->rndInit = 1;
    }
    wh_Utils_ForceZero(seed, sizeof(seed));
    wh_Utils_ForceZero(k, sizeof(k));
    return ret;
}

/* EXTEND_SEED(E): state and stored seed each become AES-MP(x || E || PRNG_EXTENSION_C). */
static int extendSeed(whServerContext* server, sheDevice* d, const uint8_t* entropy)
{
    whNvmMetadata meta = {.id = recId(WH_NVM_SHE_PRNG_SEED), .flags = WH_NVM_FLAGS_NONEXPORTABLE};
    uint8_t       x[3 * BLK];
    uint8_t       seed[BLK];
    int           ret;

    if (!d->rndInit) {
        return WH_ERROR_SHE_RNG_SEED;
    }
    memcpy(x + BLK, entropy, BLK);
    memcpy(x + 2 * BLK, kPrngExtC, BLK);
    ret = wh_Nvm_Read(server->nvm, meta.id, 0, BLK, x);
    ret = (ret == WH_ERROR_OK) ? mp(x, 3, seed) : memErr(ret); /* INIT_RNG stored one */
    if (ret == WH_ERROR_OK) {
        memcpy(meta.label, kRecLabel, sizeof(meta.label));
        ret = wh_Nvm_AddObject(server->nvm, &meta, BLK, seed);
        ret = (ret == WH_ERROR_OK) ? ret : memErr(ret);
    }
    if (ret == WH_ERROR_OK) {
        memcpy(x, d->prngState, BLK);
        ret = mp(x, 3, d->prngState);
    }
    wh_Utils_ForceZero(x, sizeof(x));
    wh_Utils_ForceZero(seed, sizeof(seed));
    return ret;
}

/* ---- the handler ---- */

static int cipherCmd(whServerContext* server, sheDevice* d, uint16_t magic, uint16_t action,
                     uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    const int enc = (action == WH_MESSAGE_SHE_ACTION_ENC_ECB) ||
                    (action == WH_MESSAGE_SHE_ACTION_ENC_CBC);
    const int cbc = (action == WH_MESSAGE_SHE_ACTION_ENC_CBC) ||
                    (action == WH_MESSAGE_SHE_ACTION_DEC_CBC);
    whMessageSheCipher q;
    uint8_t            key[BLK];
    uint8_t            flags;
    int                ret;

    wh_MessageShe_TranslateCipher(magic, (const void*)req, &q);
    if ((q.len == 0u) || ((q.len % BLK) != 0u) || (q.len > WH_SHE_DATA_MAX) ||
        (reqSize < sizeof(q) + q.len)) {
        return WH_ERROR_SHE_GENERAL_ERROR;
    }
    ret = keyForUse(server, d, q.keyId, 0, 0, key, &flags);
    if (ret == WH_ERROR_OK) {
        ret = cipher(key, enc, cbc ? q.iv : NULL, req + sizeof(q), q.len, resp + sizeof(q));
    }
    if (ret == WH_ERROR_OK) {
        wh_MessageShe_TranslateCipher(magic, &q, (void*)resp);
        *out_respSize = (uint16_t)(sizeof(q) + q.len);
    }
    wh_Utils_ForceZero(key, sizeof(key));
    return ret;
}

/* A GENERATE_MAC / VERIFY_MAC request: its fixed part into *out_q, the compared bytes of the
 * MAC (VERIFY_MAC) at *out_tag, the message at *out_msg. */
static int macParse(uint16_t magic, uint16_t action, uint16_t reqSize, const uint8_t* req,
                    whMessageSheMacRequest* out_q, const uint8_t** out_tag, const uint8_t** out_msg)
{
    uint32_t tagLen;

    wh_MessageShe_TranslateMacRequest(magic, (const void*)req, out_q);
    tagLen = (action == WH_MESSAGE_SHE_ACTION_VERIFY_MAC) ? WH_SHE_MAC_TAG_LEN(out_q->macBits) : 0u;
    if ((out_q->msgBits > WH_SHE_DATA_MAX * 8u) || (out_q->macBits > 128u) ||
        (reqSize < sizeof(*out_q) + tagLen + (out_q->msgBits + 7u) / 8u)) {
        return WH_ERROR_SHE_GENERAL_ERROR;
    }
    *out_tag = req + sizeof(*out_q);
    *out_msg = req + sizeof(*out_q) + tagLen;
    return WH_ERROR_OK;
}

/* The MAC of a parsed request on the prepared key p of its slot, whose flags (p->flags) decide
 * with the boot and debugger state of now (keyUsable), and the response. */
static int macRun(const sheDevice* d, whServerMacPrepared* p, uint16_t magic, uint16_t action,
                  const whMessageSheMacRequest* q, const uint8_t* tag, const uint8_t* msg,
                  uint16_t* out_respSize, uint8_t* resp)
{
    const int generate = (action == WH_MESSAGE_SHE_ACTION_GENERATE_MAC);
    uint8_t   mac[BLK];
    int       ret = keyUsable(d, q->keyId, p->flags, 1, generate);

    if (ret == WH_ERROR_OK) {
        ret = (wh_Server_MacCmac(p, msg, q->msgBits, mac) == WH_ERROR_OK)
                  ? WH_ERROR_OK
                  : WH_ERROR_SHE_GENERAL_ERROR;
    }
    if ((ret == WH_ERROR_OK) && generate) {
        memcpy(resp, mac, BLK);
        *out_respSize = BLK;
    }
    else if (ret == WH_ERROR_OK) {
        /* The first macBits bits (0: all 128), in constant time. */
        whMessageSheVerifyResponse r;
        r.verifyStatus = wh_Server_MacTagMatch(mac, tag, (q->macBits == 0u) ? 128u : q->macBits)
                             ? WH_SHE_VERIFY_OK
                             : WH_SHE_VERIFY_FAILED;
        wh_MessageShe_TranslateVerifyResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    wh_Utils_ForceZero(mac, sizeof(mac));
    return ret;
}

/* GENERATE_MAC / VERIFY_MAC without the NVM lock, when this context holds a prepared copy of
 * the slot's key made at the current SHE key version: 1 when it served the request (*out_rc
 * its verdict), 0 to take the locked path. Nothing it reads needs the lock: the prepared
 * entries are the context's own; an entry current at the version was made for the device of
 * this context's NVM (taking a device over or resetting it moves the version on) from the
 * key and flags the slot still holds; identity and slot never go back to empty without a
 * change of version; the boot bits and the debugger input are atomic. A change by another
 * context that lands after the version was read is ordered after this MAC. */
static int macFast(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                   const uint8_t* req, uint16_t* out_respSize, uint8_t* resp, int* out_rc)
{
    const uintptr_t        first   = (uintptr_t)&devices[0];
    const uintptr_t        end     = (uintptr_t)&devices[SHE_DEVICES];
    const uint32_t         version = keysVersion();
    whMessageSheMacRequest q;
    const uint8_t*         tag;
    const uint8_t*         msg;
    unsigned               i;

    if (macParse(magic, action, reqSize, req, &q, &tag, &msg) != WH_ERROR_OK) {
        return 0; /* the locked path answers in its order of checks */
    }
    for (i = 0; i < WOLFHSM_CFG_SERVER_MAC_PREPARED; i++) {
        whServerMacPrepared* p = &server->crypto.macPrepared[i];
        const uintptr_t      o = (uintptr_t)p->owner;
        if ((p->sub == q.keyId) && (p->version == version) && (o >= first) && (o < end)) {
            p->lastUse = ++server->crypto.macTick;
            *out_rc    = macRun((const sheDevice*)p->owner, p, magic, action, &q, tag, msg,
                                out_respSize, resp);
            return 1;
        }
    }
    return 0;
}

/* GENERATE_MAC / VERIFY_MAC under the NVM lock: the slot read and its key prepared. */
static int macCmd(whServerContext* server, sheDevice* d, uint16_t magic, uint16_t action,
                  uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    const int              generate = (action == WH_MESSAGE_SHE_ACTION_GENERATE_MAC);
    whMessageSheMacRequest q;
    whServerMacPrepared*   p;
    const uint8_t*         tag;
    const uint8_t*         msg;
    uint8_t                key[BLK];
    uint8_t                flags = 0;
    int                    ret   = macParse(magic, action, reqSize, req, &q, &tag, &msg);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    /* The MAC fast path's core, on the key prepared once: while no SHE key changed since, its
     * slot is not read again (the flags it had then decide with the state of now). */
    p = wh_Server_MacPreparedShe(server, d, q.keyId, keysVersion(), NULL, &ret);
    if (p == NULL) {
        ret = keyForUse(server, d, q.keyId, 1, generate, key, &flags);
        if (ret == WH_ERROR_OK) {
            p = wh_Server_MacPreparedShe(server, d, q.keyId, keysVersion(), key, &ret);
        }
        if (p != NULL) {
            p->flags = flags;
        }
        wh_Utils_ForceZero(key, sizeof(key));
    }
    if (p != NULL) {
        ret = macRun(d, p, magic, action, &q, tag, msg, out_respSize, resp);
    }
    return ret;
}

/* The minimum request size of each action (index: action). */
static const uint16_t minReq[] = {
    [WH_MESSAGE_SHE_ACTION_LOAD_KEY]       = sizeof(whMessageSheLoadKeyRequest),
    [WH_MESSAGE_SHE_ACTION_LOAD_PLAIN_KEY] = sizeof(whMessageSheBlock),
    [WH_MESSAGE_SHE_ACTION_GET_ID]         = sizeof(whMessageSheBlock),
    [WH_MESSAGE_SHE_ACTION_ENC_ECB]        = sizeof(whMessageSheCipher),
    [WH_MESSAGE_SHE_ACTION_ENC_CBC]        = sizeof(whMessageSheCipher),
    [WH_MESSAGE_SHE_ACTION_DEC_ECB]        = sizeof(whMessageSheCipher),
    [WH_MESSAGE_SHE_ACTION_DEC_CBC]        = sizeof(whMessageSheCipher),
    [WH_MESSAGE_SHE_ACTION_GENERATE_MAC]   = sizeof(whMessageSheMacRequest),
    [WH_MESSAGE_SHE_ACTION_VERIFY_MAC]     = sizeof(whMessageSheMacRequest),
    [WH_MESSAGE_SHE_ACTION_EXTEND_SEED]    = sizeof(whMessageSheBlock),
};

/* The PRNG's next output (CMD_RND): PRNG_STATE = AES-CBC_{PRNG_KEY, IV=0}(PRNG_STATE). */
static int rndNext(sheDevice* d, uint8_t* out)
{
    static const uint8_t iv0[BLK] = {0};
    int                  ret;

    if (!d->rndInit) {
        return WH_ERROR_SHE_RNG_SEED;
    }
    ret = cipher(d->prngKey, 1, iv0, d->prngState, BLK, d->prngState);
    if (ret == WH_ERROR_OK) {
        memcpy(out, d->prngState, BLK);
    }
    return ret;
}

static int serve(whServerContext* server, sheDevice* d, uint16_t magic, uint16_t action,
                 uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    switch (action) {
        case WH_MESSAGE_SHE_ACTION_LOAD_KEY: {
            whMessageSheLoadKeyRequest q;
            int                        ret;
            memcpy(&q, req, sizeof(q));
            ret = loadKey(server, d, &q, (void*)resp);
            if (ret == WH_ERROR_OK) {
                *out_respSize = sizeof(whMessageSheLoadKeyResponse);
            }
            return ret;
        }
        case WH_MESSAGE_SHE_ACTION_LOAD_PLAIN_KEY:
            memcpy(d->ramKey, req, BLK);
            d->ramPresent = 1;
            d->ramPlain   = 1;
            keysChanged();
            return WH_ERROR_OK;
        case WH_MESSAGE_SHE_ACTION_EXPORT_RAM_KEY: {
            int ret = exportRamKey(d, (void*)resp);
            if (ret == WH_ERROR_OK) {
                *out_respSize = sizeof(whMessageSheExportResponse);
            }
            return ret;
        }
        case WH_MESSAGE_SHE_ACTION_INIT_RNG:
            return initRng(server, d);
        case WH_MESSAGE_SHE_ACTION_EXTEND_SEED:
            return extendSeed(server, d, req);
        case WH_MESSAGE_SHE_ACTION_RND: {
            int ret = rndNext(d, resp);
            if (ret == WH_ERROR_OK) {
                *out_respSize = BLK;
            }
            return ret;
        }
        case WH_MESSAGE_SHE_ACTION_GET_STATUS: {
            whMessageSheStatusResponse r = {.sreg = sreg(d)};
            memcpy(resp, &r, sizeof(r));
            *out_respSize = sizeof(r);
            return WH_ERROR_OK;
        }
        case WH_MESSAGE_SHE_ACTION_GET_ID: {
            whMessageSheGetIdResponse r = {.sreg = sreg(d)};
            sheSlot                   master;
            uint8_t                   m[BLK + WH_SHE_UID_LEN + 1];
            int                       ret = readSlot(server, d, WH_SHE_MASTER_ECU_KEY, &master);
            memcpy(r.uid, d->uid, WH_SHE_UID_LEN);
            memcpy(m, req, BLK);
            memcpy(m + BLK, d->uid, WH_SHE_UID_LEN);
            m[sizeof(m) - 1u] = r.sreg;
            if ((ret == WH_ERROR_OK) && master.present) {
                ret = cmacBits(master.key, m, (uint32_t)sizeof(m) * 8u, r.mac);
            }
            wh_Utils_ForceZero(&master, sizeof(master));
            if (ret == WH_ERROR_OK) {
                memcpy(resp, &r, sizeof(r));
                *out_respSize = sizeof(r);
            }
            return ret;
        }
        case WH_MESSAGE_SHE_ACTION_GENERATE_MAC:
        case WH_MESSAGE_SHE_ACTION_VERIFY_MAC:
            return macCmd(server, d, magic, action, reqSize, req, out_respSize, resp);
        default: /* ENC/DEC ECB/CBC */
            return cipherCmd(server, d, magic, action, reqSize, req, out_respSize, resp);
    }
}

/* ---- device identity, debug access, CANCEL ---- */

/* Read the identity record into d once (the caller holds the NVM lock). */
static int loadIdentity(whServerContext* server, sheDevice* d)
{
    uint8_t r[ID_REC_LEN];
    int     ret;

    if (d->idState != ID_UNKNOWN) {
        return WH_ERROR_OK;
    }
    ret = wh_Nvm_Read(server->nvm, recId(WH_NVM_SHE_IDENTITY), 0, ID_REC_LEN, r);
    if ((ret == WH_ERROR_OK) && wh_SheRec_IdentityValid(r)) {
        memcpy(d->uid, r, WH_SHE_UID_LEN);
        memcpy(d->secret, r + BLK, BLK);
        d->idState = ID_SET;
    }
    else if (ret == WH_ERROR_NOTFOUND) {
#ifdef WOLFHSM_CFG_SHE_DEV_IDENTITY
        memcpy(d->uid, kDevUid, WH_SHE_UID_LEN);
        memcpy(d->secret, kDevSecret, BLK);
        d->idState = ID_SET;
#else
        d->idState = ID_NONE;
#endif
        ret = WH_ERROR_OK;
    }
    else {
        ret = (ret == WH_ERROR_OK) ? WH_ERROR_SHE_MEMORY_FAILURE : memErr(ret); /* bad format */
    }
    wh_Utils_ForceZero(r, sizeof(r));
    return ret;
}

/* PROVISION: the identity record, once. */
static int provision(whServerContext* server, sheDevice* d, const whMessageSheProvisionRequest* q)
{
    whNvmMetadata meta;
    uint8_t       secret[BLK];
    uint8_t       r[ID_REC_LEN];
    int           ret;

    if ((server->policy->she & WH_POLICY_SHE_PROVISION) == 0u) {
        return WH_ERROR_ACCESS;
    }
    {
        whNvmMetadata have;
        ret = wh_Nvm_GetMetadata(server->nvm, recId(WH_NVM_SHE_IDENTITY), &have);
    }
    if (ret == WH_ERROR_OK) {
        return WH_ERROR_SHE_KEY_WRITE_PROTECTED; /* provisioned: locked for good */
    }
    if (ret != WH_ERROR_NOTFOUND) {
        return memErr(ret);
    }
    if ((q->flags & ~WH_SHE_PROVISION_GENERATE) != 0u) {
        return WH_ERROR_SHE_GENERAL_ERROR;
    }
    ret = WH_ERROR_OK;
    if ((q->flags & WH_SHE_PROVISION_GENERATE) != 0u) {
        ret = (server->crypto.rngReady &&
               (wc_RNG_GenerateBlock(&server->crypto.rng, secret, BLK) == 0))
                  ? WH_ERROR_OK
                  : WH_ERROR_SHE_GENERAL_ERROR;
    }
    else {
        memcpy(secret, q->secret, BLK);
    }
    if (ret == WH_ERROR_OK) { /* an all-zero UID is refused here */
        ret = (wh_SheRec_MakeIdentity(q->uid, secret, &meta, r) == WH_ERROR_OK)
                  ? WH_ERROR_OK
                  : WH_ERROR_SHE_GENERAL_ERROR;
    }
    wh_Utils_ForceZero(secret, sizeof(secret));
    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_AddObject(server->nvm, &meta, ID_REC_LEN, r);
        ret = (ret == WH_ERROR_OK) ? ret : memErr(ret);
    }
    if (ret == WH_ERROR_OK) {
        memcpy(d->uid, r, WH_SHE_UID_LEN);
        memcpy(d->secret, r + BLK, BLK);
        d->idState = ID_SET;
    }
    wh_Utils_ForceZero(r, sizeof(r));
    return ret;
}

/* DEBUG_CHALLENGE: the next PRNG output, held for this client. */
static int debugChallenge(whServerContext* server, sheDevice* d, uint8_t* out_challenge)
{
    int ret = rndNext(d, d->challenge);

    if (ret == WH_ERROR_OK) {
        memcpy(out_challenge, d->challenge, BLK);
        d->challengePending = 1;
        d->challengeClient  = server->clientId;
    }
    return ret;
}

/* DEBUG_AUTHORIZATION: check order: a pending challenge of this client (ERC_SEQUENCE_ERROR),
 * consumed here; no write-protected slot (ERC_KEY_WRITE_PROTECTED); MASTER_ECU_KEY present
 * (ERC_KEY_EMPTY); the response, in constant time (ERC_NO_DEBUGGING); then erase. */
static int debugAuthorization(whServerContext* server, sheDevice* d, const uint8_t* response)
{
    whNvmId  ids[WH_SHE_KEY_10];
    sheSlot  s;
    uint8_t  m[BLK + WH_SHE_UID_LEN];
    uint8_t  k[BLK];
    uint8_t  want[BLK];
    unsigned i;
    int      ret = WH_ERROR_OK;

    if (!d->challengePending || (d->challengeClient != server->clientId)) {
        return WH_ERROR_SHE_SEQUENCE_ERROR;
    }
    d->challengePending = 0;
    memcpy(m, d->challenge, BLK);
    memcpy(m + BLK, d->uid, WH_SHE_UID_LEN);
    wh_Utils_ForceZero(d->challenge, BLK);
    for (i = WH_SHE_MASTER_ECU_KEY; (i <= WH_SHE_KEY_10) && (ret == WH_ERROR_OK); i++) {
        ret = readSlot(server, d, (uint8_t)i, &s);
        if ((ret == WH_ERROR_OK) && ((s.flags & WH_SHE_FLAG_WRITE_PROTECTION) != 0u)) {
            ret = WH_ERROR_SHE_KEY_WRITE_PROTECTED;
        }
        ids[i - 1u] = recId((uint8_t)i);
    }
    if (ret == WH_ERROR_OK) {
        ret = readSlot(server, d, WH_SHE_MASTER_ECU_KEY, &s);
    }
    if ((ret == WH_ERROR_OK) && !s.present) {
        ret = WH_ERROR_SHE_KEY_EMPTY;
    }
    if (ret == WH_ERROR_OK) {
        ret = kdf(s.key, kDebugKeyC, k);
    }
    if (ret == WH_ERROR_OK) {
        ret = cmacBits(k, m, (uint32_t)sizeof(m) * 8u, want);
    }
    if ((ret == WH_ERROR_OK) && (wh_Utils_ConstantCompare(want, response, BLK) != 0)) {
        ret = WH_ERROR_SHE_NO_DEBUGGING;
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_DestroyObjects(server->nvm, WH_SHE_KEY_10, ids); /* atomic */
        ret = (ret == WH_ERROR_OK) ? ret : memErr(ret);
        keysChanged();
    }
    if (ret == WH_ERROR_OK) {
        wh_Utils_ForceZero(d->ramKey, BLK);
        d->ramPresent = 0;
        d->ramPlain   = 0;
    }
    wh_Utils_ForceZero(&s, sizeof(s));
    wh_Utils_ForceZero(k, sizeof(k));
    wh_Utils_ForceZero(want, sizeof(want));
    return ret;
}

/* The actions DEBUG_CHALLENGE .. PROVISION (the caller holds the NVM lock). */
static int serveMore(whServerContext* server, sheDevice* d, uint16_t action, const uint8_t* req,
                     uint16_t* out_respSize, uint8_t* resp)
{
    int ret = WH_ERROR_OK;

    switch (action) {
        case WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE:
            ret = debugChallenge(server, d, resp);
            if (ret == WH_ERROR_OK) {
                *out_respSize = BLK;
            }
            break;
        case WH_MESSAGE_SHE_ACTION_DEBUG_AUTHORIZATION:
            ret = debugAuthorization(server, d, req);
            break;
        case WH_MESSAGE_SHE_ACTION_CANCEL:
            if (d->challengePending && (d->challengeClient == server->clientId)) {
                d->challengePending = 0;
                wh_Utils_ForceZero(d->challenge, BLK);
            }
            break;
        default: { /* PROVISION */
            whMessageSheProvisionRequest q;
            memcpy(&q, req, sizeof(q));
            ret = provision(server, d, &q);
            wh_Utils_ForceZero(&q, sizeof(q));
            break;
        }
    }
    return ret;
}

/* ---- secure boot ---- */

/* CMAC_{key}(prefix || body): the 16-byte prefix is one whole block, body len bytes. */
static int cmacPrefixed(const uint8_t* key, const uint8_t* prefix, const uint8_t* body,
                        uint32_t len, uint8_t* out)
{
    whServerMacPrepared p;
    uint8_t             x[BLK];
    int                 ret = wh_Server_MacPrepare(&p, key, BLK);

    if ((ret == WH_ERROR_OK) && (len == 0u)) {
        ret = wh_Server_MacCmac(&p, prefix, 8u * BLK, out);
    }
    else if (ret == WH_ERROR_OK) {
        ret = (wc_AesEncryptDirect(&p.aes, x, prefix) == 0) ? WH_ERROR_OK
                                                            : WH_ERROR_SHE_GENERAL_ERROR;
        if (ret == WH_ERROR_OK) {
            ret = wh_Server_MacCmacChained(&p, x, body, len * 8u, out);
        }
    }
    wh_Server_MacWipe(&p);
    wh_Utils_ForceZero(x, sizeof(x));
    return (ret == WH_ERROR_OK) ? ret : WH_ERROR_SHE_GENERAL_ERROR;
}

/* SECURE_BOOT over size bytes of image (the caller holds the NVM lock): see the header. */
static int secureBoot(whServerContext* server, sheDevice* d, const uint8_t* image, uint32_t size)
{
    uint8_t prefix[BLK] = {0}; /* 96 zero bits || the size in bits, 32-bit big-endian */
    uint8_t mac[BLK];
    sheSlot s;
    int     ret;

    if (d->bootRun) {
        return WH_ERROR_SHE_SEQUENCE_ERROR;
    }
    if ((image == NULL) || (size == 0u) || (size > 0x1FFFFFFFu)) {
        return WH_ERROR_SHE_GENERAL_ERROR;
    }
    d->bootRun = 1;
    ret        = readSlot(server, d, WH_SHE_BOOT_MAC_KEY, &s);
    if ((ret == WH_ERROR_OK) && !s.present) {
        ret = WH_ERROR_SHE_NO_SECURE_BOOT;
    }
    if (ret == WH_ERROR_OK) {
        prefix[12] = (uint8_t)(size >> 21);
        prefix[13] = (uint8_t)(size >> 13);
        prefix[14] = (uint8_t)(size >> 5);
        prefix[15] = (uint8_t)(size << 3);
        ret        = cmacPrefixed(s.key, prefix, image, size, mac);
    }
    if (ret == WH_ERROR_OK) {
        ret = readSlot(server, d, WH_SHE_BOOT_MAC, &s);
    }
    if ((ret == WH_ERROR_OK) && !s.present) { /* autonomous personalisation */
        memcpy(s.key, mac, BLK);
        s.counter = 0;
        s.flags   = 0;
        ret       = writeSlot(server, WH_SHE_BOOT_MAC, &s);
        if (ret == WH_ERROR_OK) {
            bootSregSet(d, WH_SHE_SREG_SECURE_BOOT | WH_SHE_SREG_BOOT_INIT | WH_SHE_SREG_BOOT_OK);
        }
    }
    else if (ret == WH_ERROR_OK) {
        bootSregSet(d, (wh_Utils_ConstantCompare(mac, s.key, BLK) == 0)
                           ? (uint8_t)(WH_SHE_SREG_SECURE_BOOT | WH_SHE_SREG_BOOT_OK)
                           : (uint8_t)(WH_SHE_SREG_SECURE_BOOT | WH_SHE_SREG_BOOT_FINISHED));
    }
    wh_Utils_ForceZero(&s, sizeof(s));
    wh_Utils_ForceZero(mac, sizeof(mac));
    return ret;
}

/* BOOT_OK (ok) or BOOT_FAILURE, only in an open boot phase. */
static int bootEnd(sheDevice* d, int ok)
{
    uint8_t b = bootSreg(d);

    if (((b & WH_SHE_SREG_SECURE_BOOT) == 0u) || ((b & WH_SHE_SREG_BOOT_FINISHED) != 0u)) {
        return WH_ERROR_SHE_SEQUENCE_ERROR;
    }
    b |= WH_SHE_SREG_BOOT_FINISHED;
    if (!ok) {
        b &= (uint8_t)~WH_SHE_SREG_BOOT_OK;
    }
    bootSregSet(d, b);
    return WH_ERROR_OK;
}

static int handleBoot(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                      const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    whMessageSheSecureBootRequest q = {0};
    int                           ret;

    if (action == WH_MESSAGE_SHE_ACTION_SECURE_BOOT) {
        if (reqSize < sizeof(q)) {
            return WH_ERROR_TRUNCATED;
        }
        wh_MessageShe_TranslateSecureBootRequest(magic, (const void*)req, &q);
        if ((q.size > WH_SHE_DATA_MAX) || (reqSize < sizeof(q) + q.size)) {
            return WH_ERROR_SHE_GENERAL_ERROR;
        }
    }
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        sheDevice* d = device(server);
        if (action == WH_MESSAGE_SHE_ACTION_SECURE_BOOT) {
            ret = secureBoot(server, d, req + sizeof(q), q.size);
            if (ret == WH_ERROR_OK) {
                whMessageSheStatusResponse r = {.sreg = sreg(d)};
                memcpy(resp, &r, sizeof(r));
                *out_respSize = sizeof(r);
            }
        }
        else {
            ret = bootEnd(d, action == WH_MESSAGE_SHE_ACTION_BOOT_OK);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    return ret;
}

int wh_Server_SheSecureBoot(whServerContext* server, const uint8_t* image, uint32_t size,
                            uint8_t* out_sreg)
{
    int ret;

    if (server == NULL) {
        return WH_ERROR_BADARGS;
    }
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        sheDevice* d = device(server);
        ret          = secureBoot(server, d, image, size);
        if (out_sreg != NULL) {
            *out_sreg = sreg(d);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    return ret;
}

int wh_Server_SheLoadKey(whServerContext* server, const uint8_t* m1, const uint8_t* m2,
                         const uint8_t* m3, uint8_t* out_m4, uint8_t* out_m5)
{
    whMessageSheLoadKeyRequest  q;
    whMessageSheLoadKeyResponse r;
    int                         ret;

    if ((server == NULL) || (m1 == NULL) || (m2 == NULL) || (m3 == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memcpy(q.m1, m1, sizeof(q.m1));
    memcpy(q.m2, m2, sizeof(q.m2));
    memcpy(q.m3, m3, sizeof(q.m3));
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        sheDevice* d = device(server);
        ret          = loadIdentity(server, d);
        if ((ret == WH_ERROR_OK) && (d->idState != ID_SET)) {
            ret = WH_ERROR_SHE_KEY_EMPTY; /* no identity: SECRET_KEY's slot is empty */
        }
        if (ret == WH_ERROR_OK) {
            ret = loadKey(server, d, &q, &r);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    if ((ret == WH_ERROR_OK) && (out_m4 != NULL)) {
        memcpy(out_m4, r.m4, sizeof(r.m4));
    }
    if ((ret == WH_ERROR_OK) && (out_m5 != NULL)) {
        memcpy(out_m5, r.m5, sizeof(r.m5));
    }
    return ret;
}

/* Request sizes of DEBUG_CHALLENGE .. PROVISION (index: action - DEBUG_CHALLENGE). */
static const uint16_t minReqMore[] = {0, sizeof(whMessageSheBlock), 0,
                                      sizeof(whMessageSheProvisionRequest)};

int wh_Server_HandleShe(whServerContext* server, uint16_t magic, uint16_t action, uint16_t reqSize,
                        const uint8_t* req, uint16_t* out_respSize, uint8_t* resp)
{
    int ret;

    /* The MAC commands on a current prepared key first: no lock (macFast). */
    if (((action == WH_MESSAGE_SHE_ACTION_GENERATE_MAC) ||
         (action == WH_MESSAGE_SHE_ACTION_VERIFY_MAC)) &&
        (reqSize >= sizeof(whMessageSheMacRequest)) &&
        macFast(server, magic, action, reqSize, req, out_respSize, resp, &ret)) {
        return ret;
    }

    if ((action >= WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE) &&
        (action <= WH_MESSAGE_SHE_ACTION_PROVISION)) {
        if (reqSize < minReqMore[action - WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE]) {
            return WH_ERROR_TRUNCATED;
        }
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            sheDevice* d = device(server);
            ret          = loadIdentity(server, d);
            if ((ret == WH_ERROR_OK) && (d->idState != ID_SET) &&
                (action != WH_MESSAGE_SHE_ACTION_PROVISION) &&
                (action != WH_MESSAGE_SHE_ACTION_CANCEL)) {
                ret = WH_ERROR_SHE_KEY_EMPTY; /* no identity: SECRET_KEY's slot is empty */
            }
            if (ret == WH_ERROR_OK) {
                ret = serveMore(server, d, action, req, out_respSize, resp);
            }
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
        return ret;
    }

    if ((action >= WH_MESSAGE_SHE_ACTION_SECURE_BOOT) &&
        (action <= WH_MESSAGE_SHE_ACTION_BOOT_OK)) {
        return handleBoot(server, magic, action, reqSize, req, out_respSize, resp);
    }
    if ((action < WH_MESSAGE_SHE_ACTION_LOAD_KEY) || (action > WH_MESSAGE_SHE_ACTION_EXTEND_SEED)) {
        return WH_ERROR_BADKIND;
    }
    if (reqSize < minReq[action]) {
        return WH_ERROR_TRUNCATED;
    }
    if ((action == WH_MESSAGE_SHE_ACTION_LOAD_KEY) &&
        ((server->policy->she & WH_POLICY_SHE_NO_LOAD_KEY) != 0u)) {
        return WH_ERROR_ACCESS;
    }
    ret = WH_SERVER_NVM_LOCK(server);
    if (ret == WH_ERROR_OK) {
        sheDevice* d = device(server);
        ret          = loadIdentity(server, d);
        if ((ret == WH_ERROR_OK) && (d->idState != ID_SET) &&
            (action != WH_MESSAGE_SHE_ACTION_GET_STATUS)) {
            ret = WH_ERROR_SHE_KEY_EMPTY; /* no identity: SECRET_KEY's slot is empty */
        }
        if (ret == WH_ERROR_OK) {
            ret = serve(server, d, magic, action, reqSize, req, out_respSize, resp);
        }
        (void)WH_SERVER_NVM_UNLOCK(server);
    }
    return ret;
}
