/*
 * wh_server_she_rec.c: the SHE group's NVM records (see wolfhsm/wh_server_she_rec.h).
 */
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_server_she_rec.h"

static const uint8_t kRecLabel[WH_NVM_LABEL_LEN] = "she";

whNvmId wh_SheRec_Id(uint8_t number)
{
    return WH_NVM_MAKE_ID(WH_NVM_TYPE_SHE, WH_NVM_OWNER_GLOBAL, number);
}

int wh_SheRec_MakeSlot(uint8_t slot, const uint8_t* key, uint32_t counter, uint8_t flags,
                       whNvmMetadata* out_meta, uint8_t* out_rec)
{
    if ((slot == 0u) || (slot > WH_SHE_REC_SLOT_LAST) || (key == NULL) || (out_meta == NULL) ||
        (out_rec == NULL) || (counter > 0x0FFFFFFFu) || ((flags & ~WH_SHE_REC_FID_MASK) != 0u)) {
        return WH_ERROR_BADARGS;
    }
    *out_meta = (whNvmMetadata){.id    = wh_SheRec_Id(slot),
                                .flags = WH_NVM_FLAGS_NONEXPORTABLE,
                                .len   = WH_SHE_REC_LEN};
    memcpy(out_meta->label, kRecLabel, sizeof(out_meta->label));
    memset(out_rec, 0, WH_SHE_REC_LEN);
    memcpy(out_rec, key, WH_SHE_REC_KEY_LEN);
    out_rec[16] = (uint8_t)(counter >> 24);
    out_rec[17] = (uint8_t)(counter >> 16);
    out_rec[18] = (uint8_t)(counter >> 8);
    out_rec[19] = (uint8_t)counter;
    out_rec[20] = flags;
    return WH_ERROR_OK;
}

void wh_SheRec_ParseSlot(const uint8_t* rec, uint8_t* out_key, uint32_t* out_counter,
                         uint8_t* out_flags)
{
    if (out_key != NULL) {
        memcpy(out_key, rec, WH_SHE_REC_KEY_LEN);
    }
    *out_counter = ((uint32_t)rec[16] << 24) | ((uint32_t)rec[17] << 16) |
                   ((uint32_t)rec[18] << 8) | (uint32_t)rec[19];
    *out_flags = rec[20];
}

int wh_SheRec_MakeIdentity(const uint8_t* uid, const uint8_t* secret, whNvmMetadata* out_meta,
                           uint8_t* out_rec)
{
    static const uint8_t zeroUid[WH_SHE_REC_UID_LEN] = {0};

    if ((uid == NULL) || (secret == NULL) || (out_meta == NULL) || (out_rec == NULL) ||
        (memcmp(uid, zeroUid, sizeof(zeroUid)) == 0)) {
        return WH_ERROR_BADARGS;
    }
    *out_meta = (whNvmMetadata){.id    = wh_SheRec_Id(WH_NVM_SHE_IDENTITY),
                                .flags = WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_NONMODIFIABLE |
                                         WH_NVM_FLAGS_NONDESTROYABLE,
                                .len = WH_SHE_ID_REC_LEN};
    memcpy(out_meta->label, kRecLabel, sizeof(out_meta->label));
    memcpy(out_rec, uid, WH_SHE_REC_UID_LEN);
    out_rec[WH_SHE_REC_UID_LEN] = WH_SHE_ID_FORMAT;
    memcpy(out_rec + WH_SHE_REC_KEY_LEN, secret, WH_SHE_REC_KEY_LEN);
    return WH_ERROR_OK;
}

int wh_SheRec_IdentityValid(const uint8_t* rec)
{
    return rec[WH_SHE_REC_UID_LEN] == WH_SHE_ID_FORMAT;
}
