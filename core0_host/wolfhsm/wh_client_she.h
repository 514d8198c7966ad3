/*
 * wolfhsm/wh_client_she.h
 *
 * The SHE group (wolfhsm/wh_message_she.h): one SHE per device on the HSM core. Each call
 * comes as a Request / Response pair plus a blocking wrapper, as in wh_client.h; *out_rc is
 * WH_ERROR_OK (ERC_NO_ERROR) or a WH_ERROR_SHE_* code (one per ERC_*, wh_error.h), or
 * WH_ERROR_ACCESS when the HSM's policy refuses this client the group or LOAD_KEY. Slots are
 * WH_SHE_* ids, flags WH_SHE_FLAG_*, the status register WH_SHE_SREG_*.
 */
#ifndef WOLFHSM_WH_CLIENT_SHE_H_
#define WOLFHSM_WH_CLIENT_SHE_H_

#include <stdint.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_message_she.h"

/* LOAD_KEY: M1 (16 bytes), M2 (32), M3 (16) in; M4 (32) and M5 (16) out. */
int wh_Client_SheLoadKeyRequest(whClientContext* c, const uint8_t* m1, const uint8_t* m2,
                                const uint8_t* m3);
int wh_Client_SheLoadKeyResponse(whClientContext* c, uint8_t* out_m4, uint8_t* out_m5,
                                 int32_t* out_rc);
int wh_Client_SheLoadKey(whClientContext* c, const uint8_t* m1, const uint8_t* m2,
                         const uint8_t* m3, uint8_t* out_m4, uint8_t* out_m5, int32_t* out_rc);

/* LOAD_PLAIN_KEY: key (16 bytes) into RAM_KEY. */
int wh_Client_SheLoadPlainKeyRequest(whClientContext* c, const uint8_t* key);
int wh_Client_SheLoadPlainKeyResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheLoadPlainKey(whClientContext* c, const uint8_t* key, int32_t* out_rc);

/* EXPORT_RAM_KEY: M1..M5 of a plain-loaded RAM_KEY. */
int wh_Client_SheExportRamKeyRequest(whClientContext* c);
int wh_Client_SheExportRamKeyResponse(whClientContext* c, whMessageSheExportResponse* out_m,
                                      int32_t* out_rc);
int wh_Client_SheExportRamKey(whClientContext* c, whMessageSheExportResponse* out_m,
                              int32_t* out_rc);

/* INIT_RNG, then RND (16 bytes each). */
int wh_Client_SheInitRngRequest(whClientContext* c);
int wh_Client_SheInitRngResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheInitRng(whClientContext* c, int32_t* out_rc);
int wh_Client_SheRndRequest(whClientContext* c);
int wh_Client_SheRndResponse(whClientContext* c, uint8_t* out_rnd, int32_t* out_rc);
int wh_Client_SheRnd(whClientContext* c, uint8_t* out_rnd, int32_t* out_rc);

/* EXTEND_SEED: entropy (16 bytes) into the PRNG state and the stored seed (after INIT_RNG). */
int wh_Client_SheExtendSeedRequest(whClientContext* c, const uint8_t* entropy);
int wh_Client_SheExtendSeedResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheExtendSeed(whClientContext* c, const uint8_t* entropy, int32_t* out_rc);

/* GET_STATUS: SREG. */
int wh_Client_SheGetStatusRequest(whClientContext* c);
int wh_Client_SheGetStatusResponse(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc);
int wh_Client_SheGetStatus(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc);

/* GET_ID: challenge (16 bytes) in; UID (15), SREG, CMAC (16) out. */
int wh_Client_SheGetIdRequest(whClientContext* c, const uint8_t* challenge);
int wh_Client_SheGetIdResponse(whClientContext* c, uint8_t* out_uid, uint8_t* out_sreg,
                               uint8_t* out_mac, int32_t* out_rc);
int wh_Client_SheGetId(whClientContext* c, const uint8_t* challenge, uint8_t* out_uid,
                       uint8_t* out_sreg, uint8_t* out_mac, int32_t* out_rc);

/* ENC/DEC ECB/CBC (action WH_MESSAGE_SHE_ACTION_ENC_ECB .. DEC_CBC) with slot keyId over len
 * bytes (a multiple of 16, at most WH_SHE_DATA_MAX); iv (16 bytes) for CBC, else NULL. */
int wh_Client_SheCipherRequest(whClientContext* c, uint16_t action, uint8_t keyId,
                               const uint8_t* iv, const uint8_t* in, uint32_t len);
int wh_Client_SheCipherResponse(whClientContext* c, uint8_t* out, uint32_t len, int32_t* out_rc);
int wh_Client_SheEncEcb(whClientContext* c, uint8_t keyId, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc);
int wh_Client_SheDecEcb(whClientContext* c, uint8_t keyId, const uint8_t* in, uint32_t len,
                        uint8_t* out, int32_t* out_rc);
int wh_Client_SheEncCbc(whClientContext* c, uint8_t keyId, const uint8_t* iv, const uint8_t* in,
                        uint32_t len, uint8_t* out, int32_t* out_rc);
int wh_Client_SheDecCbc(whClientContext* c, uint8_t keyId, const uint8_t* iv, const uint8_t* in,
                        uint32_t len, uint8_t* out, int32_t* out_rc);

/* GENERATE_MAC: CMAC with slot keyId over msgBits bits of msg (length in bits). */
int wh_Client_SheGenerateMacRequest(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                                    uint32_t msgBits);
int wh_Client_SheGenerateMacResponse(whClientContext* c, uint8_t* out_mac, int32_t* out_rc);
int wh_Client_SheGenerateMac(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                             uint32_t msgBits, uint8_t* out_mac, int32_t* out_rc);

/* VERIFY_MAC: compares the first macBits bits (0: all 128) of mac, of which only those bytes
 * are read and sent (WH_SHE_MAC_TAG_LEN(macBits)); *out_status is WH_SHE_VERIFY_OK or
 * WH_SHE_VERIFY_FAILED (a status, not an error). */
int wh_Client_SheVerifyMacRequest(whClientContext* c, uint8_t keyId, const uint8_t* msg,
                                  uint32_t msgBits, const uint8_t* mac, uint16_t macBits);
int wh_Client_SheVerifyMacResponse(whClientContext* c, uint32_t* out_status, int32_t* out_rc);
int wh_Client_SheVerifyMac(whClientContext* c, uint8_t keyId, const uint8_t* msg, uint32_t msgBits,
                           const uint8_t* mac, uint16_t macBits, uint32_t* out_status,
                           int32_t* out_rc);

/* SECURE_BOOT over size bytes of image (1..WH_SHE_DATA_MAX): BOOT_MAC = CMAC_{BOOT_MAC_KEY}(96
 * zero bits || size in bits, 32-bit big-endian || image) against the BOOT_MAC slot, once per
 * reset. *out_sreg: SREG after it; its BOOT_OK bit is the verdict (a status, not an error).
 * *out_rc WH_ERROR_SHE_NO_SECURE_BOOT when BOOT_MAC_KEY is empty, WH_ERROR_SHE_SEQUENCE_ERROR
 * when secure boot already ran since reset. On the target the HSM runs it at boot over the
 * host's image, so a client's is a sequence error there. */
int wh_Client_SheSecureBootRequest(whClientContext* c, const uint8_t* image, uint32_t size);
int wh_Client_SheSecureBootResponse(whClientContext* c, uint8_t* out_sreg, int32_t* out_rc);
int wh_Client_SheSecureBoot(whClientContext* c, const uint8_t* image, uint32_t size,
                            uint8_t* out_sreg, int32_t* out_rc);

/* BOOT_FAILURE: the boot phase ends failed, BOOT_OK cleared: boot-protected keys are refused
 * (WH_ERROR_SHE_KEY_NOT_AVAILABLE) until reset. BOOT_OK: the boot phase ends passed. Both
 * only in an open boot phase (secure boot ran and no verdict closed it), else
 * WH_ERROR_SHE_SEQUENCE_ERROR. */
int wh_Client_SheBootFailureRequest(whClientContext* c);
int wh_Client_SheBootFailureResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheBootFailure(whClientContext* c, int32_t* out_rc);
int wh_Client_SheBootOkRequest(whClientContext* c);
int wh_Client_SheBootOkResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheBootOk(whClientContext* c, int32_t* out_rc);

/* DEBUG_CHALLENGE: a fresh challenge (16 bytes) from the SHE PRNG (ERC_RNG_SEED before
 * INIT_RNG), held for this client until its DEBUG_AUTHORIZATION or CANCEL. */
int wh_Client_SheDebugChallengeRequest(whClientContext* c);
int wh_Client_SheDebugChallengeResponse(whClientContext* c, uint8_t* out_challenge,
                                        int32_t* out_rc);
int wh_Client_SheDebugChallenge(whClientContext* c, uint8_t* out_challenge, int32_t* out_rc);

/* DEBUG_AUTHORIZATION: response (16 bytes) = CMAC_{KDF(MASTER_ECU_KEY, DEBUG_KEY_C)}(challenge
 * || UID). OK: every NVM key and RAM_KEY erased. ERC_SEQUENCE_ERROR without a pending
 * challenge, ERC_KEY_WRITE_PROTECTED if a slot is write-protected, ERC_KEY_EMPTY without
 * MASTER_ECU_KEY, ERC_NO_DEBUGGING for a wrong response; the challenge is used up either way. */
int wh_Client_SheDebugAuthorizationRequest(whClientContext* c, const uint8_t* response);
int wh_Client_SheDebugAuthorizationResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheDebugAuthorization(whClientContext* c, const uint8_t* response, int32_t* out_rc);

/* CANCEL: drops this client's pending debug challenge; always ERC_NO_ERROR (every other
 * command has finished before its response arrives, so there is nothing else to cancel). */
int wh_Client_SheCancelRequest(whClientContext* c);
int wh_Client_SheCancelResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheCancel(whClientContext* c, int32_t* out_rc);

/* PROVISION: the device identity, once per device: uid (15 bytes, not all zeros) and secret
 * (16 bytes, SECRET_KEY; NULL with WH_SHE_PROVISION_GENERATE in flags: the HSM draws it).
 * WH_ERROR_ACCESS unless the client's policy has WH_POLICY_SHE_PROVISION;
 * ERC_KEY_WRITE_PROTECTED once the device has an identity; ERC_GENERAL_ERROR for a zero UID
 * or unknown flags. */
int wh_Client_SheProvisionRequest(whClientContext* c, const uint8_t* uid, uint8_t flags,
                                  const uint8_t* secret);
int wh_Client_SheProvisionResponse(whClientContext* c, int32_t* out_rc);
int wh_Client_SheProvision(whClientContext* c, const uint8_t* uid, uint8_t flags,
                           const uint8_t* secret, int32_t* out_rc);

#endif /* !WOLFHSM_WH_CLIENT_SHE_H_ */
