/*
 * wolfhsm/wh_client_cryptocb.h
 *
 * A wolfCrypt crypto-callback device that runs ordinary wolfCrypt calls in the HSM through
 * a client context (wolfhsm/wh_client_crypto.h). The application registers a device id and
 * then uses wolfCrypt as usual with that id:
 *
 *   whClientCryptoCb bridge;                       caller-owned, lives while registered
 *   wolfCrypt_Init();                              first (else registration fails)
 *   wh_Client_CryptoCbRegister(&bridge, &client, devId);
 *   wc_InitSha256_ex(&sha, NULL, devId); ...       SHA-256 computed by the HSM
 *
 * Naming HSM keys: with WOLF_PRIVATE_KEY_ID, wolfCrypt key objects carry an id. The id of an
 * HSM key is WH_CLIENT_CRYPTOCB_ID_LEN (2) bytes: the client key id (number 1..255 |
 * WH_ID_GLOBAL, wh_message.h) big-endian; wh_Client_CryptoCbKeyId writes it.
 *   AES (ECB, CBC, CTR, GCM)  wc_AesInit_Id(&aes, id, 2, NULL, devId); no SetKey; CBC/CTR
 *                             take their IV/counter from wc_AesSetIV as usual
 *   ECDSA P-256 sign/verify   wc_ecc_init_id(&key, id, 2, NULL, devId)
 *   ECDH P-256 (private key)  wc_ecc_init_id(...); the peer key is an ordinary public key
 *   AES-CMAC                  wc_InitCmac_ex(&cmac, NULL, 0, WC_CMAC_AES, NULL, NULL, devId)
 *                             then wh_Client_CryptoCbCmacSetKeyId(&cmac, keyId); or, for
 *                             wc_AesCmacGenerate_ex / wc_AesCmacVerify_ex with key NULL,
 *                             zero the Cmac, set the key id, then call them with devId; a
 *                             Cmac with neither a key nor a key id is MISSING_KEY
 * An object with the device id but no id (a software key) is left to wolfCrypt's software
 * (the callback returns CRYPTOCB_UNAVAILABLE); an id of another length is BAD_FUNC_ARG.
 * wolfCrypt 5.7.2's wc_AesInit does not clear idLen: zero an Aes (memset) before
 * wc_AesInit(&aes, NULL, devId) when it is to hold a software key, or its idLen is whatever
 * the memory held.
 *
 * The default device. wolfCrypt 5.7.2 makes the first registered device (table index 0) the
 * default: objects made without a device id (wc_InitSha256(), wc_Sha256Hash(),
 * wc_InitSha384/512(), LMS's hashing...) run through it, and a SHA-256 object is set to it
 * after each software Final. If this bridge is that device, all of those run in the HSM
 * through this client (correct results, falling back to software when the digest stream is
 * taken) and must respect the one-thread rule below. Defining WC_USE_DEVID as INVALID_DEVID
 * (-2) in user_settings.h turns the default off; registering another device first moves it.
 *
 * What runs in the HSM:
 *   RNG, SEED          wc_RNG_GenerateBlock on an RNG made with wc_InitRng_ex(..., devId):
 *                      the bytes come from the HSM's DRBG (any length); the host DRBG's own
 *                      setup hashing also goes through the device (same results)
 *   SHA-256/384/512    wc_Sha256/384/512 objects made with the device id (any length)
 *   AES-GCM            one message: sz + AAD + IV (+ tag) must fit in
 *                      WH_CLIENT_CIPHER_MAX_PARTS, else BUFFER_E; a bad tag is
 *                      AES_GCM_AUTH_E (out untouched)
 *   AES-ECB/CBC/CTR    any length; CBC and CTR keep wolfCrypt's chaining state (aes->reg,
 *                      and for CTR the unused keystream in aes->tmp/aes->left) so calls may
 *                      be split anywhere, as in software
 *   AES-CMAC           one shot or streamed (any length); the key needs usage SIGN, also
 *                      for wc_AesCmacVerify_ex, which makes the tag in the HSM and compares
 *                      it in the host (wh_Client_CmacVerify compares inside the HSM)
 *   ECDSA sign/verify  the hash is signed (usage SIGN) or verified (usage VERIFY) with the
 *                      HSM key; a signature that does not verify is *res = 0 with return 0,
 *                      as wolfCrypt does
 *   ECDH               the HSM derives the secret into a temporary key
 *                      (WH_CLIENT_CRYPTOCB_ECDH_FLAGS), which is exported into the caller's
 *                      buffer and evicted: wc_ecc_shared_secret returns the secret, so it
 *                      passes through the host. To keep it inside the HSM, use
 *                      wh_Client_SharedSecret instead. Needs a free key-cache slot. The
 *                      secret inherits the HSM key's policy (wh_nvm_types.h): with a
 *                      non-exportable key it cannot come out (WC_HW_E). A peer point the
 *                      HSM refuses (off the curve...) is PUBLIC_KEY_E.
 *   anything else      CRYPTOCB_UNAVAILABLE: wolfCrypt's software runs it (HMAC, key
 *                      generation, SHA-512/224 and /256, Ed25519, X25519...)
 *
 * The digest stream. The HSM keeps one digest stream per client, and wolfCrypt calls the
 * callback for each Update and for Final separately, so a streamed hash or CMAC holds that
 * stream from its first Update with data to its Final: the bridge records which wolfCrypt
 * object holds it (streamOwner). While one object holds it:
 *   - a second hash object started meanwhile runs in software from its first byte on (the
 *     result is the same, only not offloaded);
 *   - a second CMAC with an HSM key cannot (the key is in the HSM): its Update/Final, or a
 *     one-shot CMAC, return BAD_STATE_E;
 *   - a copy of the holding object (wc_Sha256Copy, wc_Sha256GetHash) cannot continue the
 *     stream: its Update/Final return BAD_STATE_E;
 *   - direct digest calls on the same client (wh_Client_Digest, wh_Client_Sha256, ...) end
 *     the stream in the HSM: the holder's next call then fails (WC_HW_E).
 * An object freed before its Final keeps the stream claimed: re-initialising an object at
 * the same address takes it back, and wh_Client_CryptoCbReleaseStream drops the claim.
 * A hash of an empty message, or a one-shot CMAC that fits in one message, uses a single
 * ONESHOT message and holds nothing.
 *
 * Errors. HSM verdicts become wolfCrypt codes: WH_ERROR_NOTFOUND -> MISSING_KEY,
 * WH_ERROR_BADARGS / WH_ERROR_KEYTYPE / WH_ERROR_BADALG -> BAD_FUNC_ARG (never
 * NOT_COMPILED_IN, which wolfCrypt turns into a software fallback), WH_ERROR_BUFFER_SIZE
 * (the HSM's or the caller's buffer) -> BUFFER_E, WH_ERROR_AUTH -> AES_GCM_AUTH_E (GCM) or
 * *res = 0 (ECDSA), WH_ERROR_TIMEOUT -> WC_TIMEOUT_E; a request too large for one message
 * -> BUFFER_E; any other failure (WH_ERROR_USAGE, WH_ERROR_ACCESS, WH_ERROR_NOSPACE,
 * transport errors...) -> WC_HW_E. HSM failures never fall back to software.
 *
 * Thread context: the callback runs in the thread that calls wolfCrypt and makes blocking
 * client calls: the client context (and so the bridge) is used by one thread at a time, and
 * the HSM must be served meanwhile (another core, process or thread).
 */
#ifndef WOLFHSM_WH_CLIENT_CRYPTOCB_H_
#define WOLFHSM_WH_CLIENT_CRYPTOCB_H_

#include <stdint.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/cryptocb.h>

#include "wolfhsm/wh_client.h"

#if !defined(WOLF_CRYPTO_CB) || !defined(WOLF_PRIVATE_KEY_ID)
#error "the crypto-callback bridge needs WOLF_CRYPTO_CB and WOLF_PRIVATE_KEY_ID in user_settings.h"
#endif

/* Bytes of a wolfCrypt key id that names an HSM key. */
#define WH_CLIENT_CRYPTOCB_ID_LEN 2

/* Flags of the temporary key that carries an ECDH secret out of the HSM. */
#define WH_CLIENT_CRYPTOCB_ECDH_FLAGS WH_NVM_FLAGS_USAGE_DERIVE

/* One registered device: owned by the caller, used only by the bridge. */
typedef struct whClientCryptoCb_t {
    whClientContext* client;
    const void*      streamOwner; /* wolfCrypt object holding the client's digest stream */
    int              devId;
    int              registered;
} whClientCryptoCb;

/* Register devId with wolfCrypt (wc_CryptoCb_RegisterDevice) so that objects made with it
 * run through client c. wolfCrypt_Init() must have been called. Returns WH_ERROR_OK,
 * WH_ERROR_BADARGS (NULL, or devId INVALID_DEVID), or WH_ERROR_CRYPTO when wolfCrypt
 * refuses (not initialised, or its table of devices is full); on error bridge is zeroed.
 * Registering a devId again replaces the earlier registration. */
int wh_Client_CryptoCbRegister(whClientCryptoCb* bridge, whClientContext* c, int devId);

/* Unregister the device and zero bridge. wolfCrypt then runs objects that still carry the
 * devId in software, which cannot work for objects naming HSM keys: free those first. */
int wh_Client_CryptoCbUnregister(whClientCryptoCb* bridge);

/* Forget which object holds the digest stream (one freed before its Final). The holder,
 * if still in use, gets BAD_STATE_E on its next call. */
void wh_Client_CryptoCbReleaseStream(whClientCryptoCb* bridge);

/* Write the wolfCrypt id of HSM key keyId to id (WH_CLIENT_CRYPTOCB_ID_LEN bytes). */
void wh_Client_CryptoCbKeyId(uint16_t keyId, unsigned char* id);

/* Name the HSM key of a Cmac initialised without a key (see above). Returns 0 or
 * BAD_FUNC_ARG (NULL cmac). */
int wh_Client_CryptoCbCmacSetKeyId(Cmac* cmac, uint16_t keyId);

/* The callback itself (CryptoDevCallbackFunc); ctx is the whClientCryptoCb. */
int wh_Client_CryptoCb(int devId, wc_CryptoInfo* info, void* ctx);

#endif /* !WOLFHSM_WH_CLIENT_CRYPTOCB_H_ */
