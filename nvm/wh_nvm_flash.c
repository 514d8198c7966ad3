/*
 * wh_nvm_flash.c: the power-fail-safe NVM object store over a whFlashCb flash.
 *
 * The format and the recovery algorithm are specified in nvm/NVM_FORMAT.md; the comments
 * here refer to its sections. Every multi-byte field is little-endian, written and read
 * with explicit shifts (never by casting flash bytes to a struct).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"
#include "wolfhsm/wh_utils.h"

/* ---- format constants (NVM_FORMAT.md) ---- */
#define PART_BODY_SIZE 32u     /* partition header body, after its commit marker */
#define REC_BODY_SIZE 48u      /* record header body, after its commit marker */
#define PART_MAGIC 0x564E4857u /* "WHNV" */
#define FORMAT_VERSION 2u      /* 2: record bytes 14..15 hold the owner */
#define FORMAT_VERSION_1 1u    /* read, and upgraded by a compaction at Init */
#define TAG_OBJECT 0x424Fu     /* "OB" */
#define TAG_TOMBSTONE 0x4254u  /* "TB" */
#define MARKER_MAX 16u         /* largest commit marker (program unit 16) */

/* Stack buffer for building, copying and checking records: a multiple of every program
 * unit, larger than a record header. */
#define CHUNK 128u
/* Ids per tombstone record written by DestroyObjects: the record fits one CHUNK. */
#define TOMBSTONE_IDS ((CHUNK - REC_BODY_SIZE) / 2u)

static const uint8_t partPattern[4] = {'P', 'V', 'L', 'D'};
static const uint8_t recPattern[4]  = {'C', 'M', 'I', 'T'};

/* Partition states at Init (NVM_FORMAT.md, "Recovery" step 2). */
enum {
    PART_BLANK,      /* header area all 0xFF */
    PART_VALID,      /* header body good, commit marker set */
    PART_INCOMPLETE, /* header body good, commit marker not (fully) set: being built */
    PART_BAD,        /* header area neither blank nor a good body: torn program or erase */
    PART_FOREIGN,    /* good body of another geometry or version, or a marker we never
                      * write: always corrupt */
};

/* Commit marker states. */
enum {
    MARK_SET,     /* exactly the pattern */
    MARK_PARTIAL, /* between erased and the pattern (blank included): not committed */
    MARK_BAD,     /* a bit cleared that the pattern keeps set: never written by us */
};

/* What a write does besides copying the live objects (see compact()). */
typedef struct pendingOp_t {
    const whNvmMetadata* meta; /* object to add or replace, or NULL */
    const uint8_t*       data;
    whNvmSize            len;
    whNvmId              killCount; /* ids to destroy */
    const whNvmId*       kill;
} pendingOp;

/* ---- CRC-32 (IEEE 802.3 polynomial 0x04C11DB7, reflected form 0xEDB88320) ----
 * Table entry i is i shifted through eight steps of the bitwise division:
 *   c = i; 8 times: c = (c & 1) ? (c >> 1) ^ 0xEDB88320 : c >> 1.
 * tests/test_nvm_flash.c checks the table against that definition. */
static const uint32_t crcTable[256] = {
    0x00000000u, 0x77073096u, 0xEE0E612Cu, 0x990951BAu, 0x076DC419u, 0x706AF48Fu, 0xE963A535u,
    0x9E6495A3u, 0x0EDB8832u, 0x79DCB8A4u, 0xE0D5E91Eu, 0x97D2D988u, 0x09B64C2Bu, 0x7EB17CBDu,
    0xE7B82D07u, 0x90BF1D91u, 0x1DB71064u, 0x6AB020F2u, 0xF3B97148u, 0x84BE41DEu, 0x1ADAD47Du,
    0x6DDDE4EBu, 0xF4D4B551u, 0x83D385C7u, 0x136C9856u, 0x646BA8C0u, 0xFD62F97Au, 0x8A65C9ECu,
    0x14015C4Fu, 0x63066CD9u, 0xFA0F3D63u, 0x8D080DF5u, 0x3B6E20C8u, 0x4C69105Eu, 0xD56041E4u,
    0xA2677172u, 0x3C03E4D1u, 0x4B04D447u, 0xD20D85FDu, 0xA50AB56Bu, 0x35B5A8FAu, 0x42B2986Cu,
    0xDBBBC9D6u, 0xACBCF940u, 0x32D86CE3u, 0x45DF5C75u, 0xDCD60DCFu, 0xABD13D59u, 0x26D930ACu,
    0x51DE003Au, 0xC8D75180u, 0xBFD06116u, 0x21B4F4B5u, 0x56B3C423u, 0xCFBA9599u, 0xB8BDA50Fu,
    0x2802B89Eu, 0x5F058808u, 0xC60CD9B2u, 0xB10BE924u, 0x2F6F7C87u, 0x58684C11u, 0xC1611DABu,
    0xB6662D3Du, 0x76DC4190u, 0x01DB7106u, 0x98D220BCu, 0xEFD5102Au, 0x71B18589u, 0x06B6B51Fu,
    0x9FBFE4A5u, 0xE8B8D433u, 0x7807C9A2u, 0x0F00F934u, 0x9609A88Eu, 0xE10E9818u, 0x7F6A0DBBu,
    0x086D3D2Du, 0x91646C97u, 0xE6635C01u, 0x6B6B51F4u, 0x1C6C6162u, 0x856530D8u, 0xF262004Eu,
    0x6C0695EDu, 0x1B01A57Bu, 0x8208F4C1u, 0xF50FC457u, 0x65B0D9C6u, 0x12B7E950u, 0x8BBEB8EAu,
    0xFCB9887Cu, 0x62DD1DDFu, 0x15DA2D49u, 0x8CD37CF3u, 0xFBD44C65u, 0x4DB26158u, 0x3AB551CEu,
    0xA3BC0074u, 0xD4BB30E2u, 0x4ADFA541u, 0x3DD895D7u, 0xA4D1C46Du, 0xD3D6F4FBu, 0x4369E96Au,
    0x346ED9FCu, 0xAD678846u, 0xDA60B8D0u, 0x44042D73u, 0x33031DE5u, 0xAA0A4C5Fu, 0xDD0D7CC9u,
    0x5005713Cu, 0x270241AAu, 0xBE0B1010u, 0xC90C2086u, 0x5768B525u, 0x206F85B3u, 0xB966D409u,
    0xCE61E49Fu, 0x5EDEF90Eu, 0x29D9C998u, 0xB0D09822u, 0xC7D7A8B4u, 0x59B33D17u, 0x2EB40D81u,
    0xB7BD5C3Bu, 0xC0BA6CADu, 0xEDB88320u, 0x9ABFB3B6u, 0x03B6E20Cu, 0x74B1D29Au, 0xEAD54739u,
    0x9DD277AFu, 0x04DB2615u, 0x73DC1683u, 0xE3630B12u, 0x94643B84u, 0x0D6D6A3Eu, 0x7A6A5AA8u,
    0xE40ECF0Bu, 0x9309FF9Du, 0x0A00AE27u, 0x7D079EB1u, 0xF00F9344u, 0x8708A3D2u, 0x1E01F268u,
    0x6906C2FEu, 0xF762575Du, 0x806567CBu, 0x196C3671u, 0x6E6B06E7u, 0xFED41B76u, 0x89D32BE0u,
    0x10DA7A5Au, 0x67DD4ACCu, 0xF9B9DF6Fu, 0x8EBEEFF9u, 0x17B7BE43u, 0x60B08ED5u, 0xD6D6A3E8u,
    0xA1D1937Eu, 0x38D8C2C4u, 0x4FDFF252u, 0xD1BB67F1u, 0xA6BC5767u, 0x3FB506DDu, 0x48B2364Bu,
    0xD80D2BDAu, 0xAF0A1B4Cu, 0x36034AF6u, 0x41047A60u, 0xDF60EFC3u, 0xA867DF55u, 0x316E8EEFu,
    0x4669BE79u, 0xCB61B38Cu, 0xBC66831Au, 0x256FD2A0u, 0x5268E236u, 0xCC0C7795u, 0xBB0B4703u,
    0x220216B9u, 0x5505262Fu, 0xC5BA3BBEu, 0xB2BD0B28u, 0x2BB45A92u, 0x5CB36A04u, 0xC2D7FFA7u,
    0xB5D0CF31u, 0x2CD99E8Bu, 0x5BDEAE1Du, 0x9B64C2B0u, 0xEC63F226u, 0x756AA39Cu, 0x026D930Au,
    0x9C0906A9u, 0xEB0E363Fu, 0x72076785u, 0x05005713u, 0x95BF4A82u, 0xE2B87A14u, 0x7BB12BAEu,
    0x0CB61B38u, 0x92D28E9Bu, 0xE5D5BE0Du, 0x7CDCEFB7u, 0x0BDBDF21u, 0x86D3D2D4u, 0xF1D4E242u,
    0x68DDB3F8u, 0x1FDA836Eu, 0x81BE16CDu, 0xF6B9265Bu, 0x6FB077E1u, 0x18B74777u, 0x88085AE6u,
    0xFF0F6A70u, 0x66063BCAu, 0x11010B5Cu, 0x8F659EFFu, 0xF862AE69u, 0x616BFFD3u, 0x166CCF45u,
    0xA00AE278u, 0xD70DD2EEu, 0x4E048354u, 0x3903B3C2u, 0xA7672661u, 0xD06016F7u, 0x4969474Du,
    0x3E6E77DBu, 0xAED16A4Au, 0xD9D65ADCu, 0x40DF0B66u, 0x37D83BF0u, 0xA9BCAE53u, 0xDEBB9EC5u,
    0x47B2CF7Fu, 0x30B5FFE9u, 0xBDBDF21Cu, 0xCABAC28Au, 0x53B39330u, 0x24B4A3A6u, 0xBAD03605u,
    0xCDD70693u, 0x54DE5729u, 0x23D967BFu, 0xB3667A2Eu, 0xC4614AB8u, 0x5D681B02u, 0x2A6F2B94u,
    0xB40BBE37u, 0xC30C8EA1u, 0x5A05DF1Bu, 0x2D02EF8Du};

static uint32_t crcUpdate(uint32_t crc, const uint8_t* data, uint32_t len)
{
    uint32_t i;

    for (i = 0; i < len; i++) {
        crc = crcTable[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    }
    return crc;
}

uint32_t wh_NvmFlash_Crc32(const uint8_t* data, uint32_t len)
{
    if (data == NULL) {
        len = 0;
    }
    return crcUpdate(0xFFFFFFFFu, data, len) ^ 0xFFFFFFFFu;
}

/* ---- little-endian fields ---- */
static void put16(uint8_t* p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t* p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint16_t get16(const uint8_t* p)
{
    return (uint16_t)(p[0] | ((uint16_t)p[1] << 8));
}

static uint32_t get32(const uint8_t* p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* ---- geometry ---- */
static uint32_t roundUp(uint32_t v, uint32_t unit)
{
    return (v + unit - 1u) & ~(unit - 1u);
}

static uint32_t headerSize(const whNvmFlashContext* ctx)
{
    return ctx->marker + PART_BODY_SIZE;
}

static uint32_t recordSize(const whNvmFlashContext* ctx, uint32_t len)
{
    return ctx->marker + REC_BODY_SIZE + roundUp(len, ctx->unit);
}

static uint32_t partBase(const whNvmFlashContext* ctx, uint32_t part)
{
    return part * ctx->partSize;
}

static uint32_t activeEnd(const whNvmFlashContext* ctx)
{
    return partBase(ctx, ctx->active) + ctx->partSize;
}

/* Bytes a partition offers to records. */
static uint32_t capacity(const whNvmFlashContext* ctx)
{
    return ctx->partSize - headerSize(ctx);
}

/* ---- blank checks and markers ---- */
static int isBlank(const uint8_t* p, uint32_t len)
{
    uint32_t i = 0;

    for (; i + 8u <= len; i += 8u) { /* a word at a time: Init checks whole partitions */
        uint64_t w;
        memcpy(&w, p + i, sizeof(w));
        if (w != UINT64_MAX) {
            return 0;
        }
    }
    for (; i < len; i++) {
        if (p[i] != 0xFFu) {
            return 0;
        }
    }
    return 1;
}

/* *out_blank: every byte of [offset, offset + len) reads 0xFF. */
static int flashIsBlank(const whNvmFlashContext* ctx, uint32_t offset, uint32_t len, int* out_blank)
{
    uint8_t buf[CHUNK];

    *out_blank = 1;
    while (len > 0u) {
        uint32_t n   = (len < CHUNK) ? len : CHUNK;
        int      ret = ctx->cb->read(ctx->flash, offset, n, buf);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (!isBlank(buf, n)) {
            *out_blank = 0;
            return WH_ERROR_OK;
        }
        offset += n;
        len -= n;
    }
    return WH_ERROR_OK;
}

/* A marker is the 4-byte pattern followed by zero bytes up to the marker size. */
static void makeMarker(const whNvmFlashContext* ctx, uint8_t* out, const uint8_t* pattern)
{
    memset(out, 0, ctx->marker);
    memcpy(out, pattern, sizeof(recPattern));
}

static int markerState(const whNvmFlashContext* ctx, const uint8_t* m, const uint8_t* pattern)
{
    int      set = 1;
    uint32_t i;

    for (i = 0; i < ctx->marker; i++) {
        uint8_t want = (i < sizeof(recPattern)) ? pattern[i] : 0u;
        if ((m[i] & want) != want) {
            return MARK_BAD;
        }
        if (m[i] != want) {
            set = 0;
        }
    }
    return set ? MARK_SET : MARK_PARTIAL;
}

/* ---- the index ---- */

/* Position of id in the sorted index (or where it would go); 1 if it is there. */
static int indexFind(const whNvmFlashContext* ctx, whNvmId id, uint32_t* out_at)
{
    uint32_t lo = 0;
    uint32_t hi = ctx->count;

    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2u;
        if (ctx->index[mid].meta.id < id) {
            lo = mid + 1u;
        }
        else {
            hi = mid;
        }
    }
    *out_at = lo;
    return (lo < ctx->count) && (ctx->index[lo].meta.id == id);
}

static void indexInsert(whNvmFlashContext* ctx, uint32_t at, const whNvmMetadata* meta,
                        whNvmSize len, uint32_t offset)
{
    whNvmFlashEntry* e = &ctx->index[at];

    memmove(e + 1, e, (ctx->count - at) * sizeof(*e));
    e->meta     = *meta;
    e->meta.len = len;
    e->offset   = offset;
    ctx->count++;
}

static void indexRemove(whNvmFlashContext* ctx, uint32_t at)
{
    whNvmFlashEntry* e = &ctx->index[at];

    memmove(e, e + 1, (ctx->count - at - 1u) * sizeof(*e));
    ctx->count--;
}

/* The log now holds a committed object record for meta at offset: make it the live one. */
static int indexPut(whNvmFlashContext* ctx, const whNvmMetadata* meta, whNvmSize len,
                    uint32_t offset)
{
    uint32_t at;

    if (indexFind(ctx, meta->id, &at)) {
        ctx->liveBytes -= recordSize(ctx, ctx->index[at].meta.len);
        ctx->index[at].meta     = *meta;
        ctx->index[at].meta.len = len;
        ctx->index[at].offset   = offset;
    }
    else {
        if (ctx->count >= WOLFHSM_CFG_NVM_OBJECT_COUNT) {
            return WH_ERROR_NOSPACE;
        }
        indexInsert(ctx, at, meta, len, offset);
    }
    ctx->liveBytes += recordSize(ctx, len);
    return WH_ERROR_OK;
}

static void indexDrop(whNvmFlashContext* ctx, whNvmId id)
{
    uint32_t at;

    if (indexFind(ctx, id, &at)) {
        ctx->liveBytes -= recordSize(ctx, ctx->index[at].meta.len);
        indexRemove(ctx, at);
    }
}

static int opDrops(const pendingOp* op, whNvmId id)
{
    uint32_t i;

    if ((op->meta != NULL) && (op->meta->id == id)) {
        return 1;
    }
    for (i = 0; i < op->killCount; i++) {
        if (op->kill[i] == id) {
            return 1;
        }
    }
    return 0;
}

/* ---- headers (NVM_FORMAT.md, "Partition header" and "Record") ---- */
static void makePartBody(const whNvmFlashContext* ctx, uint8_t* b, uint32_t epoch)
{
    memset(b, 0, PART_BODY_SIZE);
    put32(b + 0, PART_MAGIC);
    put16(b + 4, FORMAT_VERSION);
    put16(b + 6, (uint16_t)ctx->unit);
    put32(b + 8, epoch);
    put32(b + 12, ctx->partSize);
    put32(b + 16, ctx->sectorSize);
    put32(b + 28, wh_NvmFlash_Crc32(b, 28u));
}

/* The on-flash label (bytes 16..39 of a record body, NVM_FORMAT.md) is the metadata's. */
_Static_assert(16 + WH_NVM_LABEL_LEN <= 44, "the label runs into the record body's CRC");

static void makeRecBody(uint8_t* b, uint16_t tag, const whNvmMetadata* meta, whNvmSize len,
                        uint32_t dataCrc)
{
    memset(b, 0, REC_BODY_SIZE);
    put16(b + 0, tag);
    put16(b + 2, len);
    put32(b + 4, dataCrc);
    if (meta != NULL) {
        put16(b + 8, meta->id);
        put16(b + 10, meta->access);
        put16(b + 12, meta->flags);
        put16(b + 14, meta->owner);
        memcpy(b + 16, meta->label, WH_NVM_LABEL_LEN);
    }
    put32(b + 44, wh_NvmFlash_Crc32(b, 44u));
}

/* Check a record header body read from flash: CRC first, then the fields. */
static int recBodyCrcOk(const uint8_t* b)
{
    return wh_NvmFlash_Crc32(b, 44u) == get32(b + 44);
}

static int recBodyFieldsOk(const uint8_t* b)
{
    uint16_t tag = get16(b + 0);
    uint16_t len = get16(b + 2);
    uint32_t i;

    if ((get16(b + 14) > WH_NVM_OWNER_MAX) || (get32(b + 40) != 0u)) {
        return 0;
    }
    if (tag == TAG_OBJECT) {
        return get16(b + 8) != WH_NVM_ID_INVALID;
    }
    if ((tag != TAG_TOMBSTONE) || ((len % 2u) != 0u)) {
        return 0;
    }
    for (i = 8; i < 40u; i++) { /* a tombstone carries no metadata */
        if (b[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

static void recBodyMeta(const uint8_t* b, whNvmMetadata* meta)
{
    meta->id     = get16(b + 8);
    meta->access = get16(b + 10);
    meta->flags  = get16(b + 12);
    meta->owner  = get16(b + 14);
    meta->len    = get16(b + 2);
    memcpy(meta->label, b + 16, WH_NVM_LABEL_LEN);
}

/* CRC of [offset, offset + len) of the flash. */
static int flashCrc(const whNvmFlashContext* ctx, uint32_t offset, uint32_t len, uint32_t* out_crc)
{
    uint8_t  buf[CHUNK];
    uint32_t crc = 0xFFFFFFFFu;
    int      ret = WH_ERROR_OK;

    while ((ret == WH_ERROR_OK) && (len > 0u)) {
        uint32_t n = (len < CHUNK) ? len : CHUNK;
        ret        = ctx->cb->read(ctx->flash, offset, n, buf);
        if (ret == WH_ERROR_OK) {
            crc = crcUpdate(crc, buf, n);
            offset += n;
            len -= n;
        }
    }
    wh_Utils_ForceZero(buf, sizeof(buf)); /* object data may be key material */
    *out_crc = crc ^ 0xFFFFFFFFu;
    return ret;
}

/* ---- writing ---- */

/* Append one record at pos: header body and data (one program when they fit CHUNK, the
 * data's whole units straight from the caller's buffer otherwise), then the commit marker
 * in its own program, last. */
static int writeRecord(whNvmFlashContext* ctx, uint32_t pos, uint16_t tag,
                       const whNvmMetadata* meta, whNvmSize len, const uint8_t* data)
{
    uint8_t  buf[CHUNK];
    uint32_t at    = pos + ctx->marker;
    uint32_t first = (len < CHUNK - REC_BODY_SIZE) ? len : (CHUNK - REC_BODY_SIZE);
    uint32_t rest  = len - first;
    int      ret;

    makeRecBody(buf, tag, meta, len, wh_NvmFlash_Crc32(data, len));
    if (first > 0u) {
        memcpy(buf + REC_BODY_SIZE, data, first);
    }
    if (rest == 0u) {
        uint32_t used = REC_BODY_SIZE + first;
        uint32_t size = roundUp(used, ctx->unit);
        memset(buf + used, 0, size - used);
        ret = ctx->cb->program(ctx->flash, at, size, buf);
    }
    else {
        uint32_t direct = rest - (rest % ctx->unit);
        uint32_t tail   = rest - direct;
        ret             = ctx->cb->program(ctx->flash, at, CHUNK, buf);
        at += CHUNK;
        if ((ret == WH_ERROR_OK) && (direct > 0u)) {
            ret = ctx->cb->program(ctx->flash, at, direct, data + first);
            at += direct;
        }
        if ((ret == WH_ERROR_OK) && (tail > 0u)) {
            memset(buf, 0, ctx->unit);
            memcpy(buf, data + first + direct, tail);
            ret = ctx->cb->program(ctx->flash, at, ctx->unit, buf);
        }
    }
    wh_Utils_ForceZero(buf, sizeof(buf)); /* object data may be key material */
    if (ret == WH_ERROR_OK) {
        makeMarker(ctx, buf, recPattern);
        ret = ctx->cb->program(ctx->flash, pos, ctx->marker, buf);
    }
    return ret;
}

/* Copy the live record of e to dst in the partition being built, verifying it on the way:
 * marker, header CRC, id and length as indexed, data CRC. The copy includes the record's
 * commit marker: the partition's own commit covers every record in it. */
static int copyRecord(whNvmFlashContext* ctx, const whNvmFlashEntry* e, uint32_t dst)
{
    uint8_t  buf[CHUNK];
    uint32_t src     = e->offset;
    uint32_t size    = recordSize(ctx, e->meta.len);
    uint32_t dataAt  = ctx->marker + REC_BODY_SIZE; /* data offset in the record */
    uint32_t dataEnd = dataAt + e->meta.len;
    uint32_t crc     = 0xFFFFFFFFu;
    uint32_t wantCrc = 0;
    uint32_t done    = 0;
    int      ret     = WH_ERROR_OK;

    while ((ret == WH_ERROR_OK) && (done < size)) {
        uint32_t n = size - done;
        if (n > CHUNK) {
            n = CHUNK;
        }
        ret = ctx->cb->read(ctx->flash, src + done, n, buf);
        if ((ret == WH_ERROR_OK) && (done == 0u)) {
            const uint8_t* b = buf + ctx->marker;
            if ((markerState(ctx, buf, recPattern) != MARK_SET) || !recBodyCrcOk(b) ||
                (get16(b + 0) != TAG_OBJECT) || (get16(b + 8) != e->meta.id) ||
                (get16(b + 2) != e->meta.len)) {
                ret = WH_ERROR_CORRUPT;
            }
            wantCrc = get32(b + 4);
        }
        if (ret == WH_ERROR_OK) {
            /* the part of [done, done + n) inside the data */
            uint32_t lo = (done > dataAt) ? done : dataAt;
            uint32_t hi = (done + n < dataEnd) ? (done + n) : dataEnd;
            if (lo < hi) {
                crc = crcUpdate(crc, buf + (lo - done), hi - lo);
            }
            ret = ctx->cb->program(ctx->flash, dst + done, n, buf);
        }
        done += n;
    }
    wh_Utils_ForceZero(buf, sizeof(buf)); /* object data may be key material */
    if ((ret == WH_ERROR_OK) && ((crc ^ 0xFFFFFFFFu) != wantCrc)) {
        ret = WH_ERROR_CORRUPT;
    }
    return ret;
}

/* Fill the other partition (NVM_FORMAT.md, "Compaction" steps 1-4): erase it, last sector
 * first, program its header body, copy every live object op does not drop, then op's new
 * object. Nothing is committed yet. *out_end: where its log ends. */
static int fillPartition(whNvmFlashContext* ctx, uint32_t target, uint32_t epoch,
                         const pendingOp* op, int erase, uint32_t* out_end)
{
    uint8_t  body[PART_BODY_SIZE];
    uint32_t base = partBase(ctx, target);
    uint32_t pos  = base + headerSize(ctx);
    uint32_t s    = ctx->partSize / ctx->sectorSize;
    uint32_t i;
    int      ret = WH_ERROR_OK;

    /* Last sector first: the old header in sector 0 goes last, so a cut mid-erase leaves
     * either that (older) header or a partition blank past its first sector. */
    while (erase && (ret == WH_ERROR_OK) && (s > 0u)) {
        s--;
        ret = ctx->cb->erase(ctx->flash, base + s * ctx->sectorSize, ctx->sectorSize);
    }
    if (ret == WH_ERROR_OK) {
        makePartBody(ctx, body, epoch);
        ret = ctx->cb->program(ctx->flash, base + ctx->marker, PART_BODY_SIZE, body);
    }
    for (i = 0; (ret == WH_ERROR_OK) && (i < ctx->count); i++) {
        const whNvmFlashEntry* e = &ctx->index[i];
        if (!opDrops(op, e->meta.id)) {
            ret = copyRecord(ctx, e, pos);
            pos += recordSize(ctx, e->meta.len);
            if ((ret == WH_ERROR_OK) && (ctx->yield != NULL)) {
                ctx->yield(ctx->yieldArg); /* object by object */
            }
        }
    }
    if ((ret == WH_ERROR_OK) && (op->meta != NULL)) {
        ret = writeRecord(ctx, pos, TAG_OBJECT, op->meta, op->len, op->data);
        pos += recordSize(ctx, op->len);
    }
    *out_end = pos;
    return ret;
}

/* The partition is committed: make it active and rebuild the index in the order
 * fillPartition copied the objects. */
static void switchTo(whNvmFlashContext* ctx, uint32_t target, uint32_t epoch, const pendingOp* op)
{
    uint32_t base = partBase(ctx, target);
    uint32_t pos  = base + headerSize(ctx);
    uint32_t w    = 0;
    uint32_t r;
    uint32_t at;

    for (r = 0; r < ctx->count; r++) {
        whNvmFlashEntry e = ctx->index[r];
        if (!opDrops(op, e.meta.id)) {
            e.offset = pos;
            pos += recordSize(ctx, e.meta.len);
            ctx->index[w++] = e;
        }
    }
    ctx->count = (uint16_t)w;
    if (op->meta != NULL) {
        (void)indexFind(ctx, op->meta->id, &at);
        indexInsert(ctx, at, op->meta, op->len, pos);
        pos += recordSize(ctx, op->len);
    }
    ctx->active    = target;
    ctx->epoch     = epoch;
    ctx->logEnd    = pos;
    ctx->liveBytes = pos - base - headerSize(ctx);
    ctx->records   = ctx->count;
    ctx->closed    = 0u;
}

/* Build a new active partition with epoch, doing op on the way (NVM_FORMAT.md,
 * "Compaction"). Before the commit program nothing the next Init sees has changed; if
 * that program itself fails, the store cannot tell which partition is newest: broken. */
static int buildPartition(whNvmFlashContext* ctx, uint32_t target, uint32_t epoch,
                          const pendingOp* op, int erase)
{
    uint8_t  mark[MARKER_MAX];
    uint32_t end = 0;
    int      ret = fillPartition(ctx, target, epoch, op, erase, &end);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    makeMarker(ctx, mark, partPattern);
    ret = ctx->cb->program(ctx->flash, partBase(ctx, target), ctx->marker, mark);
    if (ret != WH_ERROR_OK) {
        ctx->broken = 1u;
        return ret;
    }
    switchTo(ctx, target, epoch, op);
    return WH_ERROR_OK;
}

static int compact(whNvmFlashContext* ctx, const pendingOp* op)
{
    return buildPartition(ctx, ctx->active ^ 1u, ctx->epoch + 1u, op, 1);
}

/* ---- Init: classification and log scan (NVM_FORMAT.md, "Recovery") ---- */
static int readPartition(const whNvmFlashContext* ctx, uint32_t part, int* out_state,
                         uint32_t* out_epoch, uint16_t* out_version)
{
    uint8_t        buf[MARKER_MAX + PART_BODY_SIZE];
    const uint8_t* b   = buf + ctx->marker;
    int            ret = ctx->cb->read(ctx->flash, partBase(ctx, part), headerSize(ctx), buf);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    *out_epoch   = 0;
    *out_version = get16(b + 4);
    if (isBlank(buf, headerSize(ctx))) {
        *out_state = PART_BLANK;
    }
    else if ((get32(b + 0) != PART_MAGIC) || (wh_NvmFlash_Crc32(b, 28u) != get32(b + 28))) {
        *out_state = PART_BAD;
    }
    else if (((get16(b + 4) != FORMAT_VERSION) && (get16(b + 4) != FORMAT_VERSION_1)) ||
             (get16(b + 6) != ctx->unit) || (get32(b + 12) != ctx->partSize) ||
             (get32(b + 16) != ctx->sectorSize) || (get32(b + 20) != 0u) || (get32(b + 24) != 0u)) {
        *out_state = PART_FOREIGN;
    }
    else {
        int mark   = markerState(ctx, buf, partPattern);
        *out_epoch = get32(b + 8);
        *out_state = (mark == MARK_SET)       ? PART_VALID
                     : (mark == MARK_PARTIAL) ? PART_INCOMPLETE
                                              : PART_FOREIGN;
    }
    return WH_ERROR_OK;
}

/* Apply a committed tombstone whose data (a list of ids) starts at offset. */
static int applyTombstone(whNvmFlashContext* ctx, uint32_t offset, uint32_t len)
{
    uint8_t buf[CHUNK];

    while (len > 0u) {
        uint32_t n = (len < CHUNK) ? len : CHUNK;
        uint32_t i;
        int      ret = ctx->cb->read(ctx->flash, offset, n, buf);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        for (i = 0; i < n; i += 2u) {
            indexDrop(ctx, get16(buf + i));
        }
        offset += n;
        len -= n;
    }
    return WH_ERROR_OK;
}

/* Everything from offset to the end of the active partition must be blank. */
static int expectBlankToEnd(const whNvmFlashContext* ctx, uint32_t offset)
{
    int blank = 0;
    int ret   = flashIsBlank(ctx, offset, activeEnd(ctx) - offset, &blank);

    if ((ret == WH_ERROR_OK) && !blank) {
        ret = WH_ERROR_CORRUPT;
    }
    return ret;
}

/* Replay the active partition's log into the index (NVM_FORMAT.md, "Recovery" step 5). */
static int scanLog(whNvmFlashContext* ctx)
{
    uint8_t  buf[MARKER_MAX + REC_BODY_SIZE];
    uint32_t head = ctx->marker + REC_BODY_SIZE;
    uint32_t end  = activeEnd(ctx);
    uint32_t pos  = partBase(ctx, ctx->active) + headerSize(ctx);

    for (;;) {
        const uint8_t* b = buf + ctx->marker;
        uint32_t       size;
        uint32_t       crc;
        int            mark;
        int            ret;

        if (end - pos < head) { /* no room for another record: the rest is blank */
            ctx->logEnd = pos;
            return expectBlankToEnd(ctx, pos);
        }
        ret = ctx->cb->read(ctx->flash, pos, head, buf);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (isBlank(buf, head)) { /* end of the log */
            ctx->logEnd = pos;
            return expectBlankToEnd(ctx, pos + head);
        }
        if (!recBodyCrcOk(b)) {
            /* A torn header program: never committed, nothing written after it. */
            if (!isBlank(buf, ctx->marker)) {
                return WH_ERROR_CORRUPT;
            }
            ctx->records++;
            ctx->closed = 1u;
            ctx->logEnd = end;
            return expectBlankToEnd(ctx, pos + head);
        }
        if (!recBodyFieldsOk(b)) {
            return WH_ERROR_CORRUPT;
        }
        size = recordSize(ctx, get16(b + 2));
        if (size > end - pos) {
            return WH_ERROR_CORRUPT;
        }
        mark = markerState(ctx, buf, recPattern);
        if (mark == MARK_BAD) {
            return WH_ERROR_CORRUPT;
        }
        ctx->records++;
        if (mark == MARK_PARTIAL) {
            /* Torn (data or marker): the last thing ever written to this log. */
            ctx->closed = 1u;
            ctx->logEnd = end;
            return expectBlankToEnd(ctx, pos + size);
        }
        ret = flashCrc(ctx, pos + head, get16(b + 2), &crc);
        if ((ret == WH_ERROR_OK) && (crc != get32(b + 4))) {
            ret = WH_ERROR_CORRUPT; /* committed, yet its data fails the CRC */
        }
        if ((ret == WH_ERROR_OK) && (get16(b + 0) == TAG_OBJECT)) {
            whNvmMetadata meta;
            recBodyMeta(b, &meta);
            ret = indexPut(ctx, &meta, meta.len, pos);
        }
        else if (ret == WH_ERROR_OK) {
            ret = applyTombstone(ctx, pos + head, get16(b + 2));
        }
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        pos += size;
    }
}

/* With one valid partition, the other must be explainable (NVM_FORMAT.md, "Recovery"
 * step 3). */
static int checkOther(const whNvmFlashContext* ctx, uint32_t other, int state)
{
    int blank = 0;
    int ret;

    if ((state == PART_VALID) || (state == PART_INCOMPLETE)) {
        return WH_ERROR_OK;
    }
    if (state == PART_FOREIGN) {
        return WH_ERROR_CORRUPT;
    }
    /* BLANK or BAD header: a torn erase of its first sector (erased last) or a torn header
     * program right after the erase: everything past the first sector is blank. */
    ret = flashIsBlank(ctx, partBase(ctx, other) + ctx->sectorSize, ctx->partSize - ctx->sectorSize,
                       &blank);
    if ((ret == WH_ERROR_OK) && !blank) {
        ret = WH_ERROR_CORRUPT;
    }
    return ret;
}

/* No valid partition: format, if nothing was ever committed (NVM_FORMAT.md, "Recovery"
 * step 4). */
static int formatIfNew(whNvmFlashContext* ctx, const int* state)
{
    const pendingOp none = {0};
    int             blank[2];
    uint32_t        p;
    int             ret = WH_ERROR_OK;

    for (p = 0; p < 2u; p++) {
        int restBlank = 0;
        if (state[p] == PART_FOREIGN) {
            return WH_ERROR_CORRUPT;
        }
        ret = flashIsBlank(ctx, partBase(ctx, p) + headerSize(ctx), capacity(ctx), &restBlank);
        if (ret != WH_ERROR_OK) {
            return ret;
        }
        if (!restBlank) {
            return WH_ERROR_CORRUPT; /* records, but no valid partition holding them */
        }
        blank[p] = (state[p] == PART_BLANK);
    }
    /* Format a blank partition when there is one (no erase); else partition 0, whose only
     * content is a torn header of an earlier format. */
    p = blank[0] ? 0u : (blank[1] ? 1u : 0u);
    return buildPartition(ctx, p, 1u, &none, !blank[p]);
}

static int checkContext(const whNvmFlashContext* ctx)
{
    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    return ctx->initialized ? WH_ERROR_OK : WH_ERROR_NOTINIT;
}

static int unitIsValid(uint32_t unit)
{
    return (unit == 1u) || (unit == 2u) || (unit == 4u) || (unit == 8u) || (unit == 16u);
}

int wh_NvmFlash_Init(void* context, const void* config)
{
    whNvmFlashContext*      ctx = context;
    const whNvmFlashConfig* cfg = config;
    whFlashInfo             info;
    int                     state[2];
    uint32_t                epoch[2];
    uint16_t                version[2];
    uint32_t                p;
    int                     ret;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->cb == NULL) || (cfg->cb->info == NULL) ||
        (cfg->cb->read == NULL) || (cfg->cb->program == NULL) || (cfg->cb->erase == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->cb       = cfg->cb;
    ctx->flash    = cfg->context;
    ctx->yield    = cfg->yield;
    ctx->yieldArg = cfg->yieldArg;
    ret           = ctx->cb->info(ctx->flash, &info);
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (!unitIsValid(info.programUnit) || (info.sectorSize == 0u) ||
        ((info.sectorSize % info.programUnit) != 0u) || ((info.size % info.sectorSize) != 0u) ||
        (((info.size / info.sectorSize) % 2u) != 0u) || (info.size == 0u)) {
        return WH_ERROR_BADARGS;
    }
    ctx->partSize   = info.size / 2u;
    ctx->sectorSize = info.sectorSize;
    ctx->unit       = info.programUnit;
    ctx->marker     = (info.programUnit < 4u) ? 4u : info.programUnit;
    if (ctx->partSize < headerSize(ctx) + recordSize(ctx, 0u)) {
        return WH_ERROR_BADARGS;
    }

    for (p = 0; (ret == WH_ERROR_OK) && (p < 2u); p++) {
        ret = readPartition(ctx, p, &state[p], &epoch[p], &version[p]);
    }
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((state[0] == PART_VALID) && (state[1] == PART_VALID)) {
        if (epoch[0] == epoch[1]) {
            return WH_ERROR_CORRUPT;
        }
        /* Epochs compare as serial numbers, so wrapping past 0xFFFFFFFF is harmless. */
        ctx->active = ((int32_t)(epoch[1] - epoch[0]) > 0) ? 1u : 0u;
    }
    else if ((state[0] == PART_VALID) || (state[1] == PART_VALID)) {
        ctx->active = (state[1] == PART_VALID) ? 1u : 0u;
    }
    else {
        ret = formatIfNew(ctx, state);
        if (ret == WH_ERROR_OK) {
            ctx->initialized = 1u;
        }
        return ret;
    }
    ctx->epoch = epoch[ctx->active];
    ret        = checkOther(ctx, ctx->active ^ 1u, state[ctx->active ^ 1u]);
    if (ret == WH_ERROR_OK) {
        ret = scanLog(ctx);
    }
    if ((ret == WH_ERROR_OK) && (version[ctx->active] == FORMAT_VERSION_1)) {
        /* An image of format 1 is upgraded before anything is written to it: its objects
         * move to the other partition, under a format 2 header (power-fail safe like any
         * compaction: until that header commits, the format 1 partition is the valid one). */
        const pendingOp none = {0};
        ret                  = compact(ctx, &none);
    }
    if (ret != WH_ERROR_OK) {
        memset(ctx->index, 0, sizeof(ctx->index));
        ctx->count = 0;
        return ret;
    }
    ctx->initialized = 1u;
    return WH_ERROR_OK;
}

int wh_NvmFlash_Cleanup(void* context)
{
    whNvmFlashContext* ctx = context;
    int                ret = checkContext(ctx);

    if (ret == WH_ERROR_OK) {
        memset(ctx, 0, sizeof(*ctx));
    }
    return ret;
}

int wh_NvmFlash_GetAvailable(void* context, uint32_t* out_availSize, whNvmId* out_availObjects,
                             uint32_t* out_reclaimSize, whNvmId* out_reclaimObjects)
{
    whNvmFlashContext* ctx = context;
    int                ret = checkContext(ctx);
    uint32_t           dead;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (out_availSize != NULL) {
        *out_availSize = activeEnd(ctx) - ctx->logEnd;
    }
    if (out_availObjects != NULL) {
        *out_availObjects = (whNvmId)(WOLFHSM_CFG_NVM_OBJECT_COUNT - ctx->count);
    }
    if (out_reclaimSize != NULL) {
        *out_reclaimSize = ctx->logEnd - partBase(ctx, ctx->active) - headerSize(ctx) -
                           ctx->liveBytes;
    }
    if (out_reclaimObjects != NULL) {
        dead                = ctx->records - ctx->count;
        *out_reclaimObjects = (whNvmId)((dead > 0xFFFFu) ? 0xFFFFu : dead);
    }
    return WH_ERROR_OK;
}

int wh_NvmFlash_AddObject(void* context, const whNvmMetadata* meta, whNvmSize dataLen,
                          const uint8_t* data)
{
    whNvmFlashContext* ctx = context;
    int                ret = checkContext(ctx);
    uint32_t           at;
    uint32_t           size;
    uint32_t           oldSize = 0;
    int                found;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((meta == NULL) || (meta->id == WH_NVM_ID_INVALID) || ((data == NULL) && (dataLen > 0u)) ||
        (meta->owner > WH_NVM_OWNER_MAX)) {
        return WH_ERROR_BADARGS;
    }
    if (ctx->broken) {
        return WH_ERROR_FLASH;
    }
    found = indexFind(ctx, meta->id, &at);
    if (found) {
        if ((ctx->index[at].meta.flags & WH_NVM_FLAGS_NONMODIFIABLE) != 0u) {
            return WH_ERROR_ACCESS;
        }
        oldSize = recordSize(ctx, ctx->index[at].meta.len);
    }
    else if (ctx->count >= WOLFHSM_CFG_NVM_OBJECT_COUNT) {
        return WH_ERROR_NOSPACE;
    }
    size = recordSize(ctx, dataLen);
    if (!ctx->closed && (size <= activeEnd(ctx) - ctx->logEnd)) {
        uint32_t pos = ctx->logEnd;
        ret          = writeRecord(ctx, pos, TAG_OBJECT, meta, dataLen, data);
        ctx->records++;
        if (ret != WH_ERROR_OK) {
            /* Torn or not, the record is the last thing in the log: close it. */
            ctx->closed = 1u;
            ctx->logEnd = activeEnd(ctx);
            return ret;
        }
        ctx->logEnd += size;
        return indexPut(ctx, meta, dataLen, pos);
    }
    if ((ctx->liveBytes - oldSize + size) > capacity(ctx)) {
        return WH_ERROR_NOSPACE;
    }
    {
        const pendingOp op = {.meta = meta, .data = data, .len = dataLen};
        return compact(ctx, &op);
    }
}

int wh_NvmFlash_List(void* context, whNvmAccess access, whNvmFlags flags, whNvmId startId,
                     whNvmId* out_count, whNvmId* out_id)
{
    whNvmFlashContext* ctx   = context;
    int                ret   = checkContext(ctx);
    whNvmId            first = WH_NVM_ID_INVALID;
    whNvmId            n     = 0;
    uint32_t           i;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    (void)indexFind(ctx, startId, &i);
    for (; i < ctx->count; i++) {
        const whNvmMetadata* m = &ctx->index[i].meta;
        if ((m->id > startId) && ((m->access & access) == access) &&
            ((m->flags & flags) == flags)) {
            if (n == 0u) {
                first = m->id;
            }
            n++;
        }
    }
    if (out_count != NULL) {
        *out_count = n;
    }
    if (out_id != NULL) {
        *out_id = first;
    }
    return WH_ERROR_OK;
}

int wh_NvmFlash_GetMetadata(void* context, whNvmId id, whNvmMetadata* out_meta)
{
    whNvmFlashContext* ctx = context;
    int                ret = checkContext(ctx);
    uint32_t           at;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (out_meta == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!indexFind(ctx, id, &at)) {
        return WH_ERROR_NOTFOUND;
    }
    *out_meta = ctx->index[at].meta;
    return WH_ERROR_OK;
}

/* Append tombstones for the listed ids that exist, TOMBSTONE_IDS per record. */
static int appendTombstones(whNvmFlashContext* ctx, whNvmId listCount, const whNvmId* idList)
{
    uint8_t  ids[TOMBSTONE_IDS * 2u];
    uint32_t next = 0;

    while (next < listCount) {
        uint32_t n = 0;
        uint32_t at;
        uint32_t j;
        int      ret;
        for (; (next < listCount) && (n < TOMBSTONE_IDS); next++) {
            int dup = 0;
            for (j = 0; j < n; j++) {
                dup |= (get16(ids + 2u * j) == idList[next]);
            }
            if (!dup && indexFind(ctx, idList[next], &at)) {
                put16(ids + 2u * n, idList[next]);
                n++;
            }
        }
        if (n == 0u) {
            break;
        }
        ret = writeRecord(ctx, ctx->logEnd, TAG_TOMBSTONE, NULL, (whNvmSize)(2u * n), ids);
        ctx->records++;
        if (ret != WH_ERROR_OK) {
            ctx->closed = 1u;
            ctx->logEnd = activeEnd(ctx);
            return ret;
        }
        ctx->logEnd += recordSize(ctx, 2u * n);
        for (j = 0; j < n; j++) {
            indexDrop(ctx, get16(ids + 2u * j));
        }
    }
    return WH_ERROR_OK;
}

int wh_NvmFlash_DestroyObjects(void* context, whNvmId listCount, const whNvmId* idList)
{
    whNvmFlashContext* ctx   = context;
    int                ret   = checkContext(ctx);
    uint32_t           found = 0;
    uint32_t           need;
    uint32_t           at;
    uint32_t           i;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((idList == NULL) && (listCount > 0u)) {
        return WH_ERROR_BADARGS;
    }
    if (ctx->broken) {
        return WH_ERROR_FLASH;
    }
    /* All or nothing: check every id before writing anything. */
    for (i = 0; i < listCount; i++) {
        if (indexFind(ctx, idList[i], &at)) {
            if ((ctx->index[at].meta.flags & WH_NVM_FLAGS_NONDESTROYABLE) != 0u) {
                return WH_ERROR_ACCESS;
            }
            found++;
        }
    }
    if (found == 0u) {
        return WH_ERROR_OK;
    }
    /* Room for the tombstones (counting duplicates: an upper bound)? */
    need = (found / TOMBSTONE_IDS) * recordSize(ctx, 2u * TOMBSTONE_IDS);
    if ((found % TOMBSTONE_IDS) != 0u) {
        need += recordSize(ctx, 2u * (found % TOMBSTONE_IDS));
    }
    if (!ctx->closed && (need <= activeEnd(ctx) - ctx->logEnd)) {
        return appendTombstones(ctx, listCount, idList);
    }
    {
        const pendingOp op = {.kill = idList, .killCount = listCount};
        return compact(ctx, &op);
    }
}

int wh_NvmFlash_Read(void* context, whNvmId id, whNvmSize offset, whNvmSize dataLen, uint8_t* data)
{
    whNvmFlashContext* ctx = context;
    int                ret = checkContext(ctx);
    uint32_t           at;

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if ((data == NULL) && (dataLen > 0u)) {
        return WH_ERROR_BADARGS;
    }
    if (!indexFind(ctx, id, &at)) {
        return WH_ERROR_NOTFOUND;
    }
    if ((uint32_t)offset + dataLen > ctx->index[at].meta.len) {
        return WH_ERROR_BADARGS;
    }
    if (dataLen == 0u) {
        return WH_ERROR_OK;
    }
    return ctx->cb->read(ctx->flash, ctx->index[at].offset + ctx->marker + REC_BODY_SIZE + offset,
                         dataLen, data);
}

int wh_NvmFlash_Compact(whNvmFlashContext* context)
{
    const pendingOp none = {0};
    int             ret  = checkContext(context);

    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (context->broken) {
        return WH_ERROR_FLASH;
    }
    return compact(context, &none);
}

int wh_NvmFlash_GetEpoch(const whNvmFlashContext* context, uint32_t* out_epoch)
{
    int ret = checkContext(context);

    if ((ret == WH_ERROR_OK) && (out_epoch == NULL)) {
        ret = WH_ERROR_BADARGS;
    }
    if (ret == WH_ERROR_OK) {
        *out_epoch = context->epoch;
    }
    return ret;
}
