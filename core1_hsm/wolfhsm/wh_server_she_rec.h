/*
 * wolfhsm/wh_server_she_rec.h
 *
 * The SHE group's NVM records (nvm/NVM_FORMAT.md, "SHE records"), built and read in one
 * place: the HSM's SHE group (wh_server_she.c) and the factory provisioning tool (whprov)
 * both use these, so a factory image holds exactly what LOAD_KEY and PROVISION write.
 *
 * - A slot record (id WH_NVM_MAKE_ID(WH_NVM_TYPE_SHE, 0, slot), slot 1..0xD): 24 bytes, the
 *   key (16), the counter (4, big-endian, 28 bits), F_ID (1, WRITE_PROTECTION 0x20 ..
 *   VERIFY_ONLY 0x01), 3 zero bytes; flags NONEXPORTABLE, label "she".
 * - The identity record (WH_NVM_SHE_IDENTITY): 32 bytes, the UID (15), the format byte
 *   WH_SHE_ID_FORMAT, SECRET_KEY (16); flags NONEXPORTABLE | NONMODIFIABLE | NONDESTROYABLE,
 *   label "she".
 */
#ifndef WOLFHSM_WH_SERVER_SHE_REC_H_
#define WOLFHSM_WH_SERVER_SHE_REC_H_

#include <stdint.h>

#include "wolfhsm/wh_nvm_types.h"

#define WH_SHE_REC_KEY_LEN 16u
#define WH_SHE_REC_UID_LEN 15u
#define WH_SHE_REC_LEN 24u        /* a slot record */
#define WH_SHE_ID_REC_LEN 32u     /* the identity record */
#define WH_SHE_ID_FORMAT 1u       /* the identity record's format byte (at WH_SHE_REC_UID_LEN) */
#define WH_SHE_REC_SLOT_LAST 0xDu /* KEY_10: slots 1 (MASTER_ECU_KEY) .. 0xD are in NVM */
#define WH_SHE_REC_FID_MASK 0x3Fu /* the six F_ID flags */

/* The NVM id of SHE record number (a slot id, WH_NVM_SHE_PRNG_SEED or WH_NVM_SHE_IDENTITY). */
whNvmId wh_SheRec_Id(uint8_t number);

/* Slot record of slot (1..WH_SHE_REC_SLOT_LAST): *out_meta (id, flags, label; len 24) and
 * out_rec (WH_SHE_REC_LEN bytes). WH_ERROR_BADARGS for another slot, a counter over 28
 * bits or flags outside WH_SHE_REC_FID_MASK. */
int wh_SheRec_MakeSlot(uint8_t slot, const uint8_t* key, uint32_t counter, uint8_t flags,
                       whNvmMetadata* out_meta, uint8_t* out_rec);

/* Read a slot record's fields (out_key may be NULL: then only counter and flags). */
void wh_SheRec_ParseSlot(const uint8_t* rec, uint8_t* out_key, uint32_t* out_counter,
                         uint8_t* out_flags);

/* The identity record: *out_meta and out_rec (WH_SHE_ID_REC_LEN bytes). WH_ERROR_BADARGS
 * for an all-zero UID (never a device's). */
int wh_SheRec_MakeIdentity(const uint8_t* uid, const uint8_t* secret, whNvmMetadata* out_meta,
                           uint8_t* out_rec);

/* Is rec (WH_SHE_ID_REC_LEN bytes) an identity record of the format this code reads? */
int wh_SheRec_IdentityValid(const uint8_t* rec);

#endif /* !WOLFHSM_WH_SERVER_SHE_REC_H_ */
