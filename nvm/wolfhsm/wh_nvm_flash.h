/*
 * wolfhsm/wh_nvm_flash.h
 *
 * The power-fail-safe NVM object store: a whNvmCb backend over any whFlashCb flash. The
 * on-flash format and the recovery algorithm are specified byte by byte in
 * nvm/NVM_FORMAT.md; in short:
 *
 *   - the device is split into two partitions of equal size (each a whole number of
 *     sectors); each starts with a header carrying an epoch, the newest valid one is active;
 *   - objects are appended as records (header with metadata and CRCs, then data); a record
 *     counts only once its commit marker, programmed last in a separate operation, is set;
 *     a newer committed record of an id replaces the older one; a destroy appends a
 *     tombstone record listing ids;
 *   - when the active partition is full, the live objects are compacted into the other
 *     partition, which becomes valid with epoch + 1 when its header commit marker is
 *     programmed, last. The operation that needed the room (the new version of an object,
 *     or a destroy) is done by that same compaction, so it is atomic with it;
 *   - a power cut at any program or erase leaves every object with its old or its new
 *     value; Init recovers by itself (no reclaim call needed). Init reports a store it cannot
 *     explain (a committed record failing its CRC, an unrecognisable partition, a header of
 *     another geometry or format) as WH_ERROR_CORRUPT and writes nothing at all.
 *
 * Ownership: the caller initialises the flash (config->cb->init) before wh_NvmFlash_Init,
 * and cleans it up after wh_NvmFlash_Cleanup; the store never calls the flash's init or
 * cleanup. The context holds the whole in-RAM index (WOLFHSM_CFG_NVM_OBJECT_COUNT entries of
 * metadata and flash offset): Read and GetMetadata never scan the flash, Read is one flash
 * read. Not thread-safe: the NVM context's lock serialises callers (wh_nvm.h).
 *
 * Flash requirements (else Init returns WH_ERROR_BADARGS): an even number of sectors (two
 * or more), a program unit of 1, 2, 4, 8 or 16 bytes, and partitions large enough for their
 * header and one empty record.
 *
 *   static whFlashRamsimContext flashCtx;          (initialised by the caller)
 *   static const whFlashCb      flashCb = WH_FLASH_RAMSIM_CB;
 *   static whNvmFlashContext    nvmFlashCtx;
 *   static const whNvmCb        nvmFlashCb = WH_NVM_FLASH_CB;
 *   whNvmFlashConfig nvmFlashCfg = {.cb = &flashCb, .context = &flashCtx};
 *   whNvmConfig      nvmCfg = {.cb = &nvmFlashCb, .context = &nvmFlashCtx,
 *                              .config = &nvmFlashCfg};
 *   wh_Nvm_Init(&nvm, &nvmCfg);
 */
#ifndef WOLFHSM_WH_NVM_FLASH_H_
#define WOLFHSM_WH_NVM_FLASH_H_

#include <stdint.h>

#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_types.h"
#include "wolfhsm/wh_settings.h"

typedef struct whNvmFlashConfig_t {
    const whFlashCb* cb;      /* flash callbacks */
    void*            context; /* flash context, initialised by the caller */
    /* Optional: called by a compaction after each object it copies (and before the write's
     * own), so that the caller may let other work run between objects (a cooperative
     * scheduler's nested pass: the NVM lock is held, so nothing there writes the store).
     * NULL: none. */
    void (*yield)(void* arg);
    void* yieldArg;
} whNvmFlashConfig;

/* One live object: its metadata (meta.len is the data length) and where its record is. */
typedef struct whNvmFlashEntry_t {
    whNvmMetadata meta;
    uint32_t      offset; /* device offset of the record (its commit marker) */
} whNvmFlashEntry;

/* All the store's state, owned by the caller. Read-only to everyone but wh_NvmFlash_*. */
typedef struct whNvmFlashContext_t {
    const whFlashCb* cb;
    void*            flash;
    uint32_t         partSize; /* bytes per partition */
    uint32_t         sectorSize;
    uint32_t         unit;      /* program unit */
    uint32_t         marker;    /* commit marker size: max(4, unit) */
    uint32_t         active;    /* active partition: 0 or 1 */
    uint32_t         epoch;     /* epoch of the active partition */
    uint32_t         logEnd;    /* device offset where the next record goes */
    uint32_t         liveBytes; /* bytes of the live objects' records */
    uint32_t         records;   /* records in the active log, committed or not */
    uint16_t         count;     /* live objects in index[] */
    uint8_t          closed;    /* the active log takes no more records: writes compact */
    uint8_t          broken;    /* a compaction commit failed: writes refused until Init */
    uint8_t          initialized;
    uint8_t          pad[3];
    void (*yield)(void* arg); /* from the config */
    void*           yieldArg;
    whNvmFlashEntry index[WOLFHSM_CFG_NVM_OBJECT_COUNT]; /* sorted by id */
} whNvmFlashContext;

/*
 * The whNvmCb members. Contracts of wh_nvm.h, plus:
 *
 * Init(context, const whNvmFlashConfig*): WH_ERROR_BADARGS for NULL arguments, an
 *   incomplete flash table or an unsupported geometry; WH_ERROR_CORRUPT as described above
 *   (nothing written); WH_ERROR_NOSPACE when the store holds more objects than
 *   WOLFHSM_CFG_NVM_OBJECT_COUNT; flash errors as returned. A blank device (or one whose
 *   very first format was cut short, so no object was ever committed) is formatted; a store
 *   of format 1 is upgraded to format 2 by one compaction (NVM_FORMAT.md). On error the
 *   context stays uninitialised.
 * Every other member: WH_ERROR_BADARGS for a NULL context, WH_ERROR_NOTINIT before Init.
 * GetAvailable: *out_availSize is the free bytes at the end of the active log (an object of
 *   len bytes takes 48 + max(4, unit) + len rounded up to the program unit; 0 after a power
 *   cut left a torn record, until the next compaction); *out_availObjects the free index
 *   slots; *out_reclaimSize the bytes compaction would free (replaced, destroyed and torn
 *   records, tombstones); *out_reclaimObjects the number of such dead records (index slots
 *   are freed at once by a destroy, so this counts records, not slots).
 * AddObject: WH_ERROR_BADARGS for a NULL meta, id 0, NULL data with dataLen > 0, or an owner
 *   over WH_NVM_OWNER_MAX;
 *   WH_ERROR_ACCESS when replacing a non-modifiable object; WH_ERROR_NOSPACE when the index
 *   is full or the object does not fit even after compaction (nothing is written then).
 * DestroyObjects: WH_ERROR_BADARGS for a NULL list with listCount > 0. Up to 40 ids are
 *   destroyed by one record, atomically; a longer list is written as several records (each
 *   atomic), unless it is done by a compaction (atomic as a whole).
 * After a flash error during a write, the call returns it and the index keeps the state from
 *   before the call (the next Init may show the old or the new version of what was being
 *   written, never a mix). A failed append closes the log: the next write compacts into the
 *   other partition instead of programming after a possibly torn record. If the error hit
 *   the very program that commits a compaction, the store cannot know which partition the
 *   next Init will pick: it refuses writes with WH_ERROR_FLASH until initialised again
 *   (reads keep working).
 */
int wh_NvmFlash_Init(void* context, const void* config);
int wh_NvmFlash_Cleanup(void* context);
int wh_NvmFlash_GetAvailable(void* context, uint32_t* out_availSize, whNvmId* out_availObjects,
                             uint32_t* out_reclaimSize, whNvmId* out_reclaimObjects);
int wh_NvmFlash_AddObject(void* context, const whNvmMetadata* meta, whNvmSize dataLen,
                          const uint8_t* data);
int wh_NvmFlash_List(void* context, whNvmAccess access, whNvmFlags flags, whNvmId startId,
                     whNvmId* out_count, whNvmId* out_id);
int wh_NvmFlash_GetMetadata(void* context, whNvmId id, whNvmMetadata* out_meta);
int wh_NvmFlash_DestroyObjects(void* context, whNvmId listCount, const whNvmId* idList);
int wh_NvmFlash_Read(void* context, whNvmId id, whNvmSize offset, whNvmSize dataLen, uint8_t* data);

/* Compact now, into the other partition (epoch + 1). Never needed for correctness (writes
 * compact when they need room); for maintenance and tests. Errors as AddObject's. */
int wh_NvmFlash_Compact(whNvmFlashContext* context);
/* *out_epoch: the active partition's epoch (1 after a format, + 1 per compaction). */
int wh_NvmFlash_GetEpoch(const whNvmFlashContext* context, uint32_t* out_epoch);
/* CRC-32 of the store (IEEE 802.3 polynomial, reflected, init and final xor 0xFFFFFFFF;
 * "123456789" gives 0xCBF43926). data may be NULL when len is 0. */
uint32_t wh_NvmFlash_Crc32(const uint8_t* data, uint32_t len);

#define WH_NVM_FLASH_CB                                                               \
    {                                                                                 \
        .init = wh_NvmFlash_Init, .cleanup = wh_NvmFlash_Cleanup,                     \
        .getAvailable = wh_NvmFlash_GetAvailable, .addObject = wh_NvmFlash_AddObject, \
        .list = wh_NvmFlash_List, .getMetadata = wh_NvmFlash_GetMetadata,             \
        .destroyObjects = wh_NvmFlash_DestroyObjects, .read = wh_NvmFlash_Read,       \
    }

#endif /* !WOLFHSM_WH_NVM_FLASH_H_ */
