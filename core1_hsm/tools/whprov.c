/*
 * whprov: the factory provisioning tool (README, "Provisioning: whprov").
 *
 *   whprov build PROVFILE IMAGE    a factory NVM image from a provisioning file
 *   whprov dump IMAGE [PROVFILE]   what an image holds: metadata only, never key bytes
 *   whprov verify IMAGE PROVFILE   does the image hold exactly what the file says?
 *
 * The image is written and read by the HSM's own store (nvm/wh_nvm_flash.c) on the strict
 * RAM flash simulator, and the SHE records by the SHE group's own helper
 * (wolfhsm/wh_server_she_rec.h): the format is never written here by hand. The geometry is
 * the provisioning file's `geometry` line, by default the QEMU HSM's (64 KiB, 4 KiB sectors,
 * 8-byte program unit); dump takes it from PROVFILE when one is given.
 *
 * Exit status: 0 done (verify: the image matches), 1 the image does not match the file,
 * 2 the image is corrupt or unreadable (the store's checks failed), 3 a usage or provisioning
 * file error. Nothing is ever written to an existing image but by build, which replaces it
 * as a whole (a new file renamed over it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_server_she_rec.h"

#define EXIT_MISMATCH 1
#define EXIT_CORRUPT 2
#define EXIT_INPUT 3

#define MAX_ENTRIES WOLFHSM_CFG_NVM_OBJECT_COUNT
#define MAX_DATA 4096u /* object data a provisioning line may carry */
#define MAX_KEY WOLFHSM_CFG_KEYCACHE_BUFSIZE

/* One object the image is to hold: its metadata and data, as the store takes them. */
typedef struct provEntry_t {
    whNvmMetadata meta;
    uint16_t      len;
    int           line; /* in the provisioning file */
    uint8_t*      data;
} provEntry;

typedef struct provFile_t {
    uint32_t  size;
    uint32_t  sector;
    uint32_t  unit;
    unsigned  count;
    provEntry entries[MAX_ENTRIES];
} provFile;

/* The store over a RAM image. */
typedef struct store_t {
    uint8_t*             mem;
    whFlashRamsimContext flash;
    whNvmFlashContext    nvm;
} store;

static const whFlashCb kRamsimCb = WH_FLASH_RAMSIM_CB;

static const struct {
    const char* name;
    whNvmFlags  flag;
} kFlagNames[] = {
    {"nonexportable", WH_NVM_FLAGS_NONEXPORTABLE},
    {"nonmodifiable", WH_NVM_FLAGS_NONMODIFIABLE},
    {"nondestroyable", WH_NVM_FLAGS_NONDESTROYABLE},
    {"sensitive", WH_NVM_FLAGS_SENSITIVE},
    {"encrypt", WH_NVM_FLAGS_USAGE_ENCRYPT},
    {"decrypt", WH_NVM_FLAGS_USAGE_DECRYPT},
    {"sign", WH_NVM_FLAGS_USAGE_SIGN},
    {"verify", WH_NVM_FLAGS_USAGE_VERIFY},
    {"derive", WH_NVM_FLAGS_USAGE_DERIVE},
};
static const char* const kKeyTypes[] = {"secret", "p256", "ed25519", "x25519"};
static const char* const kSheSlots[] = {NULL,    "master_ecu_key", "boot_mac_key", "boot_mac",
                                        "key_1", "key_2",          "key_3",        "key_4",
                                        "key_5", "key_6",          "key_7",        "key_8",
                                        "key_9", "key_10"};
static const char* const kSheFlags[] = {"vo", "wc", "ku", "dp", "bp", "wp"}; /* bit 0 .. 5 */

/* ---- provisioning file ---- */

static int failAt(const char* path, int line, const char* msg, const char* what)
{
    fprintf(stderr, "whprov: %s:%d: %s%s%s\n", path, line, msg, (what != NULL) ? ": " : "",
            (what != NULL) ? what : "");
    return -1;
}

/* Next `name=value` token of *inout_p into name and value (value: up to the next blank, or
 * "..." without escapes). 1: a token; 0: end of line; -1: malformed. */
static int nextToken(char** inout_p, char** out_name, char** out_value)
{
    char* p = *inout_p;
    char* eq;

    while ((*p == ' ') || (*p == '\t')) {
        p++;
    }
    if ((*p == '\0') || (*p == '#')) {
        return 0;
    }
    *out_name = p;
    eq        = p;
    while ((*eq != '\0') && (*eq != '=') && (*eq != ' ') && (*eq != '\t')) {
        eq++;
    }
    if (*eq != '=') {
        return -1;
    }
    *eq = '\0';
    p   = eq + 1;
    if (*p == '"') {
        char* end = strchr(p + 1, '"');
        if (end == NULL) {
            return -1;
        }
        *end       = '\0';
        *out_value = p + 1;
        p          = end + 1;
    }
    else {
        *out_value = p;
        while ((*p != '\0') && (*p != ' ') && (*p != '\t')) {
            p++;
        }
        if (*p != '\0') {
            *p++ = '\0';
        }
    }
    *inout_p = p;
    return 1;
}

static int parseNum(const char* s, unsigned long max, unsigned long* out_value)
{
    char*         end;
    unsigned long v;

    if ((*s == '\0') || (*s == '-')) {
        return -1;
    }
    errno = 0;
    v     = strtoul(s, &end, 0);
    if ((errno != 0) || (*end != '\0') || (v > max)) {
        return -1;
    }
    *out_value = v;
    return 0;
}

static int hexNibble(char c)
{
    if ((c >= '0') && (c <= '9')) {
        return c - '0';
    }
    if ((c >= 'a') && (c <= 'f')) {
        return c - 'a' + 10;
    }
    if ((c >= 'A') && (c <= 'F')) {
        return c - 'A' + 10;
    }
    return -1;
}

/* Hex string (no separators) into out: its length, or -1. */
static long parseHex(const char* s, uint8_t* out, size_t max)
{
    size_t n = strlen(s);
    size_t i;

    if (((n % 2u) != 0u) || (n / 2u > max)) {
        return -1;
    }
    for (i = 0; i < n / 2u; i++) {
        int hi = hexNibble(s[2u * i]);
        int lo = hexNibble(s[2u * i + 1u]);
        if ((hi < 0) || (lo < 0)) {
            return -1;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return (long)(n / 2u);
}

/* A comma-separated list of names of table into *out_flags. */
static int parseFlags(const char* s, whNvmFlags* out_flags)
{
    char  buf[256];
    char* save = NULL;
    char* t;

    *out_flags = 0;
    if ((strcmp(s, "none") == 0) || (*s == '\0')) {
        return 0;
    }
    if (strlen(s) >= sizeof(buf)) {
        return -1;
    }
    strcpy(buf, s);
    for (t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof(kFlagNames) / sizeof(kFlagNames[0]); i++) {
            if (strcmp(t, kFlagNames[i].name) == 0) {
                *out_flags |= kFlagNames[i].flag;
                break;
            }
        }
        if (i == sizeof(kFlagNames) / sizeof(kFlagNames[0])) {
            return -1;
        }
    }
    return 0;
}

static int parseSheFlags(const char* s, uint8_t* out_flags)
{
    char  buf[64];
    char* save = NULL;
    char* t;

    *out_flags = 0;
    if ((strcmp(s, "none") == 0) || (*s == '\0')) {
        return 0;
    }
    if (strlen(s) >= sizeof(buf)) {
        return -1;
    }
    strcpy(buf, s);
    for (t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        unsigned i;
        for (i = 0; i < 6u; i++) {
            if (strcmp(t, kSheFlags[i]) == 0) {
                *out_flags |= (uint8_t)(1u << i);
                break;
            }
        }
        if (i == 6u) {
            return -1;
        }
    }
    return 0;
}

/* owner=global | client:N into *out_owner (0: global). */
static int parseOwner(const char* s, unsigned* out_owner)
{
    unsigned long n;

    if (strcmp(s, "global") == 0) {
        *out_owner = WH_NVM_OWNER_GLOBAL;
        return 0;
    }
    if ((strncmp(s, "client:", 7) != 0) || (parseNum(s + 7, WH_NVM_OWNER_MAX, &n) != 0) ||
        (n == 0u)) {
        return -1;
    }
    *out_owner = (unsigned)n;
    return 0;
}

/* The fields a line may carry, collected before the entry is made. */
typedef struct lineFields_t {
    unsigned long id;
    unsigned      owner;
    unsigned long creator;
    unsigned long access;
    unsigned long value;
    unsigned long counter;
    whNvmFlags    flags;
    uint8_t       sheFlags;
    int           keyType;
    int           resettable;
    int           hasId, hasData, hasKind, hasUid, hasSecret, hasCreator;
    const char*   label;
    long          dataLen;
    long          uidLen;
    long          secretLen;
    uint8_t       data[MAX_DATA];
    uint8_t       uid[WH_SHE_REC_UID_LEN + 1u];
    uint8_t       secret[WH_SHE_REC_KEY_LEN + 1u];
} lineFields;

static int addEntry(provFile* pf, const char* path, int line, const whNvmMetadata* meta,
                    const uint8_t* data, uint16_t len)
{
    unsigned i;

    for (i = 0; i < pf->count; i++) {
        if (pf->entries[i].meta.id == meta->id) {
            char first[32];
            snprintf(first, sizeof(first), "line %d", pf->entries[i].line);
            return failAt(path, line, "the same object again, first on", first);
        }
    }
    if (pf->count >= MAX_ENTRIES) {
        return failAt(path, line, "more objects than the store holds", NULL);
    }
    pf->entries[pf->count]          = (provEntry){.meta = *meta, .len = len, .line = line};
    pf->entries[pf->count].meta.len = len;
    pf->entries[pf->count].data     = malloc((len > 0u) ? len : 1u);
    if (pf->entries[pf->count].data == NULL) {
        return failAt(path, line, "out of memory", NULL);
    }
    memcpy(pf->entries[pf->count].data, data, len);
    pf->count++;
    return 0;
}

static void setLabel(whNvmMetadata* meta, const char* label)
{
    memset(meta->label, 0, sizeof(meta->label));
    if (label != NULL) {
        memcpy(meta->label, label, strlen(label));
    }
}

/* One entry line: kind, then its tokens. */
static int parseEntry(provFile* pf, const char* path, int line, const char* kind, char* rest)
{
    static lineFields f;
    char*             name;
    char*             value;
    int               t;
    whNvmMetadata     meta = {0};

    memset(&f, 0, sizeof(f));
    f.keyType = -1;
    while ((t = nextToken(&rest, &name, &value)) == 1) {
        int bad = 0;
        if (strcmp(name, "id") == 0 || strcmp(name, "slot") == 0) {
            unsigned long i;
            bad = 1;
            for (i = 1; i < sizeof(kSheSlots) / sizeof(kSheSlots[0]); i++) {
                if ((strcmp(kind, "she-slot") == 0) && (strcmp(value, kSheSlots[i]) == 0)) {
                    f.id = i;
                    bad  = 0;
                }
            }
            bad     = bad && (parseNum(value, 0xFF, &f.id) != 0);
            f.hasId = 1;
        }
        else if (strcmp(name, "owner") == 0) {
            bad = parseOwner(value, &f.owner);
        }
        else if (strcmp(name, "creator") == 0) {
            bad          = parseNum(value, WH_NVM_OWNER_MAX, &f.creator);
            f.hasCreator = 1;
        }
        else if ((strcmp(name, "access") == 0) && (strcmp(kind, "object") == 0)) {
            bad = parseNum(value, 0xFFFF, &f.access);
        }
        else if ((strcmp(name, "mintag") == 0) && (strcmp(kind, "key") == 0)) {
            bad = parseNum(value, WH_KEY_MAC_MAX_BITS, &f.access); /* a key's MAC policy */
        }
        else if (strcmp(name, "value") == 0) {
            bad = parseNum(value, 0xFFFFFFFFul, &f.value);
        }
        else if (strcmp(name, "counter") == 0) {
            bad = parseNum(value, 0x0FFFFFFFul, &f.counter);
        }
        else if (strcmp(name, "flags") == 0) {
            bad = (strcmp(kind, "she-slot") == 0) ? parseSheFlags(value, &f.sheFlags)
                                                  : parseFlags(value, &f.flags);
        }
        else if (strcmp(name, "type") == 0) {
            unsigned i;
            for (i = 0; i < 4u; i++) {
                if (strcmp(value, kKeyTypes[i]) == 0) {
                    f.keyType = (int)i;
                }
            }
            bad = (f.keyType < 0);
        }
        else if (strcmp(name, "kind") == 0) {
            f.resettable = (strcmp(value, "resettable") == 0);
            bad          = !f.resettable && (strcmp(value, "monotonic") != 0);
            f.hasKind    = 1;
        }
        else if (strcmp(name, "label") == 0) {
            f.label = value;
            bad     = (strlen(value) > WH_NVM_LABEL_LEN);
        }
        else if ((strcmp(name, "data") == 0) || (strcmp(name, "key") == 0)) {
            f.dataLen = parseHex(value, f.data, sizeof(f.data));
            bad       = (f.dataLen < 0);
            f.hasData = 1;
        }
        else if (strcmp(name, "text") == 0) {
            f.dataLen = (long)strlen(value);
            bad       = (f.dataLen > (long)sizeof(f.data));
            if (!bad) {
                memcpy(f.data, value, (size_t)f.dataLen);
            }
            f.hasData = 1;
        }
        else if (strcmp(name, "uid") == 0) {
            f.uidLen = parseHex(value, f.uid, sizeof(f.uid));
            bad      = (f.uidLen != (long)WH_SHE_REC_UID_LEN);
            f.hasUid = 1;
        }
        else if (strcmp(name, "secret") == 0) {
            f.secretLen = parseHex(value, f.secret, sizeof(f.secret));
            bad         = (f.secretLen != (long)WH_SHE_REC_KEY_LEN);
            f.hasSecret = 1;
        }
        else {
            return failAt(path, line, "unknown field", name);
        }
        if (bad) {
            return failAt(path, line, "bad value for", name);
        }
    }
    if (t < 0) {
        return failAt(path, line, "malformed field (name=value, \"...\" for blanks)", NULL);
    }

    if (strcmp(kind, "she-identity") == 0) {
        uint8_t rec[WH_SHE_ID_REC_LEN];
        if (!f.hasUid || !f.hasSecret) {
            return failAt(path, line, "she-identity needs uid= (15 bytes) and secret= (16)", NULL);
        }
        if (wh_SheRec_MakeIdentity(f.uid, f.secret, &meta, rec) != WH_ERROR_OK) {
            return failAt(path, line, "the UID may not be all zero", NULL);
        }
        t = addEntry(pf, path, line, &meta, rec, WH_SHE_ID_REC_LEN);
        memset(rec, 0, sizeof(rec));
        return t;
    }
    if (strcmp(kind, "she-slot") == 0) {
        uint8_t rec[WH_SHE_REC_LEN];
        if (!f.hasId || !f.hasData || (f.dataLen != (long)WH_SHE_REC_KEY_LEN)) {
            return failAt(path, line, "she-slot needs slot= (1..13 or a name) and key= (16 bytes)",
                          NULL);
        }
        if (wh_SheRec_MakeSlot((uint8_t)f.id, f.data, (uint32_t)f.counter, f.sheFlags, &meta,
                               rec) != WH_ERROR_OK) {
            return failAt(path, line, "slot must be 1 (master_ecu_key) .. 13 (key_10)", NULL);
        }
        t = addEntry(pf, path, line, &meta, rec, WH_SHE_REC_LEN);
        memset(rec, 0, sizeof(rec));
        return t;
    }
    if (!f.hasId || (f.id == 0u)) {
        return failAt(path, line, "needs id= (1..255)", NULL);
    }
    if ((f.owner != WH_NVM_OWNER_GLOBAL) && f.hasCreator && (f.creator != f.owner)) {
        return failAt(path, line, "a client's object is created by that client", "creator");
    }
    meta.owner = (whNvmOwner)((f.owner != WH_NVM_OWNER_GLOBAL) ? f.owner : f.creator);
    meta.id    = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, f.owner, f.id);
    setLabel(&meta, f.label);
    if (strcmp(kind, "counter") == 0) {
        const uint8_t v[4] = {(uint8_t)f.value, (uint8_t)(f.value >> 8), (uint8_t)(f.value >> 16),
                              (uint8_t)(f.value >> 24)};
        if (!f.hasKind || f.hasData || (f.flags != 0u)) {
            return failAt(path, line, "counter takes kind=monotonic|resettable and value=", NULL);
        }
        meta.id    = WH_NVM_MAKE_ID(WH_NVM_TYPE_COUNTER, f.owner, f.id);
        meta.flags = f.resettable ? WH_NVM_FLAGS_RESETTABLE : WH_NVM_FLAGS_NONE;
        if (f.label == NULL) {
            setLabel(&meta, "counter"); /* as the HSM labels the counters it creates */
        }
        return addEntry(pf, path, line, &meta, v, 4);
    }
    if (strcmp(kind, "key") == 0) {
        if ((f.keyType < 0) || !f.hasData || (f.dataLen == 0) || (f.dataLen > (long)MAX_KEY)) {
            return failAt(path, line, "key needs type= and key= (1..512 bytes)", NULL);
        }
        if (((f.keyType == WH_KEY_TYPE_ECC_P256) && (f.dataLen != 96) && (f.dataLen != 64)) ||
            ((f.keyType >= WH_KEY_TYPE_ED25519) && (f.dataLen != 64) && (f.dataLen != 32))) {
            return failAt(path, line, "key length does not fit its type", NULL);
        }
        meta.id     = WH_NVM_MAKE_ID(WH_NVM_TYPE_KEY, f.owner, f.id);
        meta.flags  = (whNvmFlags)(f.flags | WH_NVM_FLAGS_KEYTYPE(f.keyType));
        meta.access = (whNvmAccess)f.access;
        return addEntry(pf, path, line, &meta, f.data, (uint16_t)f.dataLen);
    }
    if (strcmp(kind, "object") == 0) {
        if (!f.hasData) {
            return failAt(path, line, "object needs data= (hex) or text=", NULL);
        }
        meta.access = (whNvmAccess)f.access;
        meta.flags  = f.flags;
        return addEntry(pf, path, line, &meta, f.data, (uint16_t)f.dataLen);
    }
    return failAt(path, line, "unknown entry", kind);
}

static int parseGeometry(provFile* pf, const char* path, int line, char* rest)
{
    char*         name;
    char*         value;
    unsigned long v;
    int           t;

    while ((t = nextToken(&rest, &name, &value)) == 1) {
        if (parseNum(value, 0x40000000ul, &v) != 0) {
            return failAt(path, line, "bad value for", name);
        }
        if (strcmp(name, "size") == 0) {
            pf->size = (uint32_t)v;
        }
        else if (strcmp(name, "sector") == 0) {
            pf->sector = (uint32_t)v;
        }
        else if (strcmp(name, "unit") == 0) {
            pf->unit = (uint32_t)v;
        }
        else {
            return failAt(path, line, "unknown field", name);
        }
    }
    return (t < 0) ? failAt(path, line, "malformed field", NULL) : 0;
}

static void provFree(provFile* pf)
{
    unsigned i;

    for (i = 0; i < pf->count; i++) {
        memset(pf->entries[i].data, 0, pf->entries[i].len);
        free(pf->entries[i].data);
    }
    pf->count = 0;
}

static int provLoad(const char* path, provFile* pf)
{
    FILE*  f    = fopen(path, "r");
    char*  buf  = NULL;
    size_t cap  = 0;
    int    line = 0;
    int    ret  = 0;

    memset(pf, 0, sizeof(*pf));
    pf->size   = 64u * 1024u; /* the QEMU HSM's flash (core1_hsm/target/core1_hsm.h) */
    pf->sector = 4096u;
    pf->unit   = 8u;
    if (f == NULL) {
        fprintf(stderr, "whprov: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((ret == 0) && (getline(&buf, &cap, f) >= 0)) {
        char* p = buf;
        char* kind;
        line++;
        buf[strcspn(buf, "\r\n")] = '\0';
        while ((*p == ' ') || (*p == '\t')) {
            p++;
        }
        if ((*p == '\0') || (*p == '#')) {
            continue;
        }
        kind = p;
        while ((*p != '\0') && (*p != ' ') && (*p != '\t')) {
            p++;
        }
        if (*p != '\0') {
            *p++ = '\0';
        }
        ret = (strcmp(kind, "geometry") == 0) ? parseGeometry(pf, path, line, p)
                                              : parseEntry(pf, path, line, kind, p);
    }
    if (buf != NULL) {
        memset(buf, 0, cap);
    }
    free(buf);
    fclose(f);
    if (ret != 0) {
        provFree(pf);
    }
    return ret;
}

/* ---- the store over a RAM image ---- */

/* Init the store over mem (size bytes, held as they are: a blank device gets formatted in
 * RAM only). Returns the store's error. */
static int storeOpen(store* s, uint8_t* mem, uint32_t size, uint32_t sector, uint32_t unit,
                     int erase)
{
    const whFlashRamsimConfig fc  = {.memory      = mem,
                                     .size        = size,
                                     .sectorSize  = sector,
                                     .programUnit = unit,
                                     .initErased  = erase};
    const whNvmFlashConfig    nc  = {.cb = &kRamsimCb, .context = &s->flash};
    int                       ret = wh_FlashRamsim_Init(&s->flash, &fc);

    s->mem = mem;
    if (ret == WH_ERROR_OK) {
        ret = wh_NvmFlash_Init(&s->nvm, &nc);
    }
    return ret;
}

static uint8_t* readImage(const char* path, uint32_t* out_size)
{
    FILE*    f = fopen(path, "rb");
    uint8_t* mem;
    long     len;

    if (f == NULL) {
        fprintf(stderr, "whprov: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    if ((fseek(f, 0, SEEK_END) != 0) || ((len = ftell(f)) <= 0) || (len > 0x40000000l) ||
        (fseek(f, 0, SEEK_SET) != 0)) {
        fprintf(stderr, "whprov: %s: empty or unreadable image\n", path);
        fclose(f);
        return NULL;
    }
    mem = malloc((size_t)len);
    if ((mem != NULL) && (fread(mem, 1, (size_t)len, f) != (size_t)len)) {
        free(mem);
        mem = NULL;
    }
    fclose(f);
    if (mem == NULL) {
        fprintf(stderr, "whprov: %s: cannot read\n", path);
        return NULL;
    }
    *out_size = (uint32_t)len;
    return mem;
}

static const char* errName(int ret)
{
    switch (ret) {
        case WH_ERROR_CORRUPT:
            return "WH_ERROR_CORRUPT: the store failed its checks";
        case WH_ERROR_BADARGS:
            return "WH_ERROR_BADARGS: not a device of this geometry";
        case WH_ERROR_NOSPACE:
            return "WH_ERROR_NOSPACE: it does not fit";
        case WH_ERROR_FLASH:
            return "WH_ERROR_FLASH";
        default:
            return "store error";
    }
}

/* Open an image file for reading: 0, or an exit status (message printed). */
static int openImage(const char* path, const provFile* geo, store* s, uint8_t** out_mem,
                     int* out_blank)
{
    uint32_t size;
    uint32_t i;
    uint8_t* mem = readImage(path, &size);
    int      ret;

    *out_mem = mem;
    if (mem == NULL) {
        return EXIT_CORRUPT;
    }
    if (size != geo->size) {
        fprintf(stderr, "whprov: %s: %u bytes, the geometry says %u: not this device's image\n",
                path, (unsigned)size, (unsigned)geo->size);
        return EXIT_CORRUPT;
    }
    *out_blank = 1;
    for (i = 0; i < size; i++) {
        if (mem[i] != 0xFFu) {
            *out_blank = 0;
            break;
        }
    }
    ret = storeOpen(s, mem, size, geo->sector, geo->unit, 0);
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "whprov: %s: NOT INTACT: the HSM refuses this image (%s, %d)\n", path,
                errName(ret), ret);
        return EXIT_CORRUPT;
    }
    return 0;
}

/* ---- commands ---- */

static int cmdBuild(const char* provPath, const char* imagePath)
{
    static provFile pf;
    store           s;
    uint8_t*        mem;
    char            tmp[4096];
    FILE*           f;
    unsigned        i;
    int             ret;

    if (provLoad(provPath, &pf) != 0) {
        return EXIT_INPUT;
    }
    mem = malloc(pf.size);
    ret = (mem == NULL) ? WH_ERROR_NOSPACE : storeOpen(&s, mem, pf.size, pf.sector, pf.unit, 1);
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "whprov: %s: geometry size=%u sector=%u unit=%u refused (%s)\n", provPath,
                (unsigned)pf.size, (unsigned)pf.sector, (unsigned)pf.unit, errName(ret));
        provFree(&pf);
        free(mem);
        return EXIT_INPUT;
    }
    for (i = 0; (i < pf.count) && (ret == WH_ERROR_OK); i++) {
        ret = wh_NvmFlash_AddObject(&s.nvm, &pf.entries[i].meta, pf.entries[i].len,
                                    pf.entries[i].data);
        if (ret != WH_ERROR_OK) {
            fprintf(stderr, "whprov: %s:%d: cannot store it (%s)\n", provPath, pf.entries[i].line,
                    errName(ret));
        }
    }
    provFree(&pf);
    if (ret == WH_ERROR_OK) {
        snprintf(tmp, sizeof(tmp), "%s.tmp", imagePath);
        f   = fopen(tmp, "wb");
        ret = ((f != NULL) && (fwrite(mem, 1, pf.size, f) == pf.size)) ? 0 : -1;
        if ((f != NULL) && (fclose(f) != 0)) {
            ret = -1;
        }
        if ((ret == 0) && (rename(tmp, imagePath) != 0)) {
            ret = -1;
        }
        if (ret != 0) {
            fprintf(stderr, "whprov: %s: cannot write: %s\n", imagePath, strerror(errno));
            (void)remove(tmp);
        }
    }
    memset(mem, 0, pf.size);
    free(mem);
    if (ret != 0) {
        return EXIT_INPUT;
    }
    printf("whprov: wrote %s (%u bytes, sector %u, unit %u)\n", imagePath, (unsigned)pf.size,
           (unsigned)pf.sector, (unsigned)pf.unit);
    return 0;
}

static void printFlags(whNvmFlags flags)
{
    const char* sep = "";
    size_t      i;

    for (i = 0; i < sizeof(kFlagNames) / sizeof(kFlagNames[0]); i++) {
        if ((flags & kFlagNames[i].flag) != 0u) {
            printf("%s%s", sep, kFlagNames[i].name);
            sep = ",";
        }
    }
    if (*sep == '\0') {
        printf("none");
    }
}

static void printOwner(whNvmId id, whNvmOwner owner)
{
    if (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) {
        printf("owner=global creator=%u", (unsigned)owner);
    }
    else {
        printf("owner=client:%u", (unsigned)WH_NVM_ID_OWNER(id));
    }
}

/* One object's metadata line: never its data, but a counter's value and a SHE slot's counter
 * and flags. */
static void dumpObject(store* s, const whNvmMetadata* m)
{
    char    label[WH_NVM_LABEL_LEN + 1] = {0};
    uint8_t buf[WH_SHE_ID_REC_LEN];
    int     type = (int)WH_NVM_ID_TYPE(m->id);

    memcpy(label, m->label, WH_NVM_LABEL_LEN);
    if ((type == WH_NVM_TYPE_SHE) && (WH_NVM_ID_NUMBER(m->id) >= 1u) &&
        (WH_NVM_ID_NUMBER(m->id) <= WH_SHE_REC_SLOT_LAST) && (m->len == WH_SHE_REC_LEN) &&
        (wh_NvmFlash_Read(&s->nvm, m->id, 0, WH_SHE_REC_LEN, buf) == WH_ERROR_OK)) {
        uint32_t counter;
        uint8_t  f;
        unsigned i;
        wh_SheRec_ParseSlot(buf, NULL, &counter, &f);
        printf("she-slot     0x%04x slot=%s counter=%u flags=", (unsigned)m->id,
               kSheSlots[WH_NVM_ID_NUMBER(m->id)], (unsigned)counter);
        for (i = 6u; i-- > 0u;) {
            if ((f & (1u << i)) != 0u) {
                printf("%s%s", kSheFlags[i], ((f & ((1u << i) - 1u)) != 0u) ? "," : "");
            }
        }
        printf("%s (key not shown)\n", (f == 0u) ? "none" : "");
    }
    else if ((type == WH_NVM_TYPE_SHE) && (WH_NVM_ID_NUMBER(m->id) == WH_NVM_SHE_IDENTITY)) {
        int ok = (m->len == WH_SHE_ID_REC_LEN) &&
                 (wh_NvmFlash_Read(&s->nvm, m->id, 0, WH_SHE_ID_REC_LEN, buf) == WH_ERROR_OK) &&
                 wh_SheRec_IdentityValid(buf);
        printf("she-identity 0x%04x present, %s (SECRET_KEY not shown)\n", (unsigned)m->id,
               ok ? "format 1, UID as GET_ID returns it" : "UNKNOWN FORMAT: the HSM refuses it");
        if (ok) {
            unsigned i;
            printf("             uid=");
            for (i = 0; i < WH_SHE_REC_UID_LEN; i++) {
                printf("%02x", buf[i]);
            }
            printf("\n");
        }
    }
    else if ((type == WH_NVM_TYPE_SHE) && (WH_NVM_ID_NUMBER(m->id) == WH_NVM_SHE_PRNG_SEED)) {
        printf("she-prng-seed 0x%04x present, len=%u (not shown)\n", (unsigned)m->id,
               (unsigned)m->len);
    }
    else if ((type == WH_NVM_TYPE_COUNTER) && (m->len == 4u) &&
             (wh_NvmFlash_Read(&s->nvm, m->id, 0, 4, buf) == WH_ERROR_OK)) {
        printf("counter      0x%04x id=%u ", (unsigned)m->id, (unsigned)WH_NVM_ID_NUMBER(m->id));
        printOwner(m->id, m->owner);
        printf(" kind=%s value=%u label=\"%s\"\n",
               ((m->flags & WH_NVM_FLAGS_RESETTABLE) != 0u) ? "resettable" : "monotonic",
               (unsigned)((uint32_t)buf[0] | ((uint32_t)buf[1] << 8) | ((uint32_t)buf[2] << 16) |
                          ((uint32_t)buf[3] << 24)),
               label);
    }
    else if (type == WH_NVM_TYPE_KEY) {
        unsigned kt = WH_NVM_FLAGS_GET_KEYTYPE(m->flags);
        printf("key          0x%04x id=%u ", (unsigned)m->id, (unsigned)WH_NVM_ID_NUMBER(m->id));
        printOwner(m->id, m->owner);
        printf(" type=%s len=%u mintag=%u flags=", (kt < 4u) ? kKeyTypes[kt] : "unknown",
               (unsigned)m->len, (unsigned)WH_KEY_MAC_MIN_BITS(m->access));
        printFlags((whNvmFlags)(m->flags & ~WH_NVM_FLAGS_KEYTYPE_MASK));
        printf(" label=\"%s\" (key not shown)\n", label);
    }
    else {
        printf("%-12s 0x%04x id=%u ", (type == WH_NVM_TYPE_OBJECT) ? "object" : "unknown",
               (unsigned)m->id, (unsigned)WH_NVM_ID_NUMBER(m->id));
        printOwner(m->id, m->owner);
        printf(" access=0x%04x len=%u flags=", (unsigned)m->access, (unsigned)m->len);
        printFlags(m->flags);
        printf(" label=\"%s\" (data not shown)\n", label);
    }
    memset(buf, 0, sizeof(buf));
}

/* Every live object's metadata in id order into out (capacity MAX_ENTRIES): the count. */
static unsigned listAll(store* s, whNvmMetadata* out)
{
    whNvmId  start = 0;
    whNvmId  count;
    whNvmId  id;
    unsigned n = 0;

    while ((n < MAX_ENTRIES) &&
           (wh_NvmFlash_List(&s->nvm, 0, 0, start, &count, &id) == WH_ERROR_OK) && (count > 0u) &&
           (wh_NvmFlash_GetMetadata(&s->nvm, id, &out[n]) == WH_ERROR_OK)) {
        n++;
        start = id;
    }
    return n;
}

static int cmdDump(const char* imagePath, const char* provPath)
{
    static provFile      pf;
    static whNvmMetadata metas[MAX_ENTRIES];
    store                s;
    uint8_t*             mem = NULL;
    uint32_t             freeSize, reclaimSize, epoch = 0;
    whNvmId              freeObjects, reclaimObjects;
    unsigned             n, i;
    int                  blank = 0;
    int                  ret;

    if (provPath != NULL) {
        if (provLoad(provPath, &pf) != 0) {
            return EXIT_INPUT;
        }
        provFree(&pf); /* its geometry only */
    }
    else {
        pf = (provFile){.size = 64u * 1024u, .sector = 4096u, .unit = 8u};
    }
    ret = openImage(imagePath, &pf, &s, &mem, &blank);
    if (ret != 0) {
        free(mem);
        return ret;
    }
    (void)wh_NvmFlash_GetEpoch(&s.nvm, &epoch);
    printf("image %s: %u bytes, sector %u, unit %u\n", imagePath, (unsigned)pf.size,
           (unsigned)pf.sector, (unsigned)pf.unit);
    printf("intact: yes (the store's checks pass: headers, commit markers, every record's CRCs)"
           "%s; epoch %u, active partition %u%s\n",
           blank ? "; BLANK, never formatted: the HSM formats it at first boot" : "",
           (unsigned)epoch, (unsigned)s.nvm.active,
           s.nvm.closed ? "; log closed by a torn write: the next write compacts" : "");
    n = listAll(&s, metas);
    printf("objects: %u\n", n);
    for (i = 0; i < n; i++) {
        printf("  ");
        dumpObject(&s, &metas[i]);
    }
    if (wh_NvmFlash_GetAvailable(&s.nvm, &freeSize, &freeObjects, &reclaimSize, &reclaimObjects) ==
        WH_ERROR_OK) {
        printf("free: %u bytes, %u objects; reclaimable: %u bytes in %u records\n",
               (unsigned)freeSize, (unsigned)freeObjects, (unsigned)reclaimSize,
               (unsigned)reclaimObjects);
    }
    (void)wh_NvmFlash_Cleanup(&s.nvm);
    memset(mem, 0, pf.size);
    free(mem);
    return 0;
}

static int cmdVerify(const char* imagePath, const char* provPath)
{
    static provFile      pf;
    static whNvmMetadata metas[MAX_ENTRIES];
    static uint8_t       buf[65535];
    store                s;
    uint8_t*             mem = NULL;
    unsigned             n, i, bad = 0;
    int                  blank = 0;
    int                  ret;

    if (provLoad(provPath, &pf) != 0) {
        return EXIT_INPUT;
    }
    ret = openImage(imagePath, &pf, &s, &mem, &blank);
    if (ret != 0) {
        provFree(&pf);
        free(mem);
        return ret;
    }
    for (i = 0; i < pf.count; i++) {
        const provEntry* e = &pf.entries[i];
        whNvmMetadata    m;
        if (wh_NvmFlash_GetMetadata(&s.nvm, e->meta.id, &m) != WH_ERROR_OK) {
            printf("MISMATCH %s:%d: object 0x%04x missing\n", provPath, e->line,
                   (unsigned)e->meta.id);
            bad++;
            continue;
        }
        if ((m.flags != e->meta.flags) || (m.access != e->meta.access) ||
            (m.owner != e->meta.owner) || (m.len != e->len) ||
            (memcmp(m.label, e->meta.label, WH_NVM_LABEL_LEN) != 0)) {
            printf("MISMATCH %s:%d: object 0x%04x: metadata differs (flags 0x%04x/0x%04x, "
                   "access 0x%04x/0x%04x, creator %u/%u, len %u/%u, or label)\n",
                   provPath, e->line, (unsigned)m.id, (unsigned)m.flags, (unsigned)e->meta.flags,
                   (unsigned)m.access, (unsigned)e->meta.access, (unsigned)m.owner,
                   (unsigned)e->meta.owner, (unsigned)m.len, (unsigned)e->len);
            bad++;
            continue;
        }
        if ((wh_NvmFlash_Read(&s.nvm, m.id, 0, m.len, buf) != WH_ERROR_OK) ||
            (memcmp(buf, e->data, e->len) != 0)) {
            printf("MISMATCH %s:%d: object 0x%04x: data differs (not shown)\n", provPath, e->line,
                   (unsigned)m.id);
            bad++;
        }
    }
    n = listAll(&s, metas);
    for (i = 0; i < n; i++) {
        unsigned j;
        for (j = 0; (j < pf.count) && (pf.entries[j].meta.id != metas[i].id); j++) {
        }
        if (j == pf.count) {
            printf("MISMATCH: the image holds object 0x%04x, which %s does not\n",
                   (unsigned)metas[i].id, provPath);
            bad++;
        }
    }
    memset(buf, 0, sizeof(buf));
    (void)wh_NvmFlash_Cleanup(&s.nvm);
    memset(mem, 0, pf.size);
    free(mem);
    provFree(&pf);
    if (bad != 0u) {
        printf("whprov: %s does NOT match %s: %u difference(s)\n", imagePath, provPath, bad);
        return EXIT_MISMATCH;
    }
    printf("whprov: %s is intact and holds exactly the %u objects of %s\n", imagePath, n, provPath);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: whprov build PROVFILE IMAGE\n"
                    "       whprov dump IMAGE [PROVFILE]   (PROVFILE: for its geometry)\n"
                    "       whprov verify IMAGE PROVFILE\n");
    return EXIT_INPUT;
}

int main(int argc, char** argv)
{
    if ((argc == 4) && (strcmp(argv[1], "build") == 0)) {
        return cmdBuild(argv[2], argv[3]);
    }
    if (((argc == 3) || (argc == 4)) && (strcmp(argv[1], "dump") == 0)) {
        return cmdDump(argv[2], (argc == 4) ? argv[3] : NULL);
    }
    if ((argc == 4) && (strcmp(argv[1], "verify") == 0)) {
        return cmdVerify(argv[2], argv[3]);
    }
    return usage();
}
