/*
 * Crypto.h: the AUTOSAR Classic Crypto Driver of the host core, a proxy to the HSM.
 *
 * Each driver object owns one HSM client context (its own mailbox, so one workspace on the
 * HSM's scheduler): objects run jobs in parallel, one job per object at a time.
 *   - A SYNC job runs to completion inside Crypto_ProcessJob when the object is idle; when
 *     it is busy (a job in its workspace, a streaming job between calls, or queued jobs):
 *     CRYPTO_E_BUSY.
 *   - An ASYNC job is queued by jobInfo->jobPriority (higher first, FIFO within one
 *     priority) and Crypto_ProcessJob returns E_OK; a full queue rejects it with
 *     CRYPTO_CFG_QUEUE_FULL_RESULT (CRYPTO_E_BUSY, as from R20-11). Crypto_MainFunction sends
 *     requests and takes responses without blocking, and calls CryIf_CallbackNotification
 *     (CryIf_Cbk.h) from its context when a job (or one call of a streaming job) is done. With
 *     the configuration's doorbellIndication it looks for a response only after the HSM's
 *     doorbell interrupt called Crypto_DoorbellIndication; else it reads each busy object's
 *     response word on every call.
 *   - START/UPDATE/FINISH: a streaming job owns its object's workspace from START to FINISH
 *     (or Crypto_CancelJob); hashes and MACs use the HSM's digest stream, AES ECB/CBC/CTR
 *     chain blocks across messages on this side.
 * Keys live in the HSM: a key element with an hsmKeyId is an HSM key (cached by
 * Crypto_KeyElementSet, committed to the HSM's NVM by Crypto_KeySetValid, exportable only
 * when the element's read access is CRYPTO_RA_ALLOWED). Elements without one (IVs, salts,
 * algorithm ids) are kept in this driver's RAM; a key with an nvmId has its state (valid, the
 * elements set, the RAM elements) recorded in the HSM's NVM by KEYSETVALID / KEYSETINVALID and
 * restored by Crypto_Init, so it survives a restart of either core. Key management calls use
 * a client context of their own (Crypto_ConfigType.keyClient), so they never wait for a job.
 *
 * Task context: the driver takes no lock. Call its API and Crypto_MainFunction from one task,
 * or serialise them (an exclusive area); CryIf_CallbackNotification may call
 * Crypto_ProcessJob again (the object's next job, or the next call of a streaming job).
 * A KEYSETVALID job commits through the object's client: the HSM's policy must let every
 * driver object's client modify the driver's global keys.
 *
 * Configuration: a Crypto_ConfigType (normally generated, see tests/autosar/ for the test
 * configuration), passed to Crypto_Init. HSM key ids must be global (WH_ID_GLOBAL) so every
 * driver object's client reaches them.
 */
#ifndef CRYPTO_H
#define CRYPTO_H

#include "Crypto_GeneralTypes.h"
#include "wolfhsm/wh_client.h"

#define CRYPTO_VENDOR_ID ((uint16)0xFFFFu) /* no registered vendor id */
#define CRYPTO_SW_MAJOR_VERSION 1u
#define CRYPTO_SW_MINOR_VERSION 0u
#define CRYPTO_SW_PATCH_VERSION 0u
#define CRYPTO_AR_RELEASE_MAJOR_VERSION 4u
#define CRYPTO_AR_RELEASE_MINOR_VERSION 6u
#define CRYPTO_AR_RELEASE_REVISION_VERSION 0u

/* What a full queue returns: CRYPTO_E_BUSY (R20-11 on); an R19-11 integration may define
 * it as CRYPTO_E_QUEUE_FULL. */
#ifndef CRYPTO_CFG_QUEUE_FULL_RESULT
#define CRYPTO_CFG_QUEUE_FULL_RESULT CRYPTO_E_BUSY
#endif

/* A vendor key element (ids from 98 up): the info input of HKDF (KEYDERIVE). */
#define CRYPTO_KE_CUSTOM_HKDF_INFO 98u

/* ---- Configuration ---- */

/* Run-time state of a key element (RAM the configuration provides). */
typedef struct {
    uint32  length; /* bytes set; 0: empty */
    boolean isSet;
    boolean committed;      /* an HSM element's material is in the HSM's NVM as it is now */
    uint32  redirectLength; /* a job's output redirected here: capacity in, written out */
} Crypto_KeyElementStateType;

typedef struct {
    uint32                           keyElementId;
    uint32                           maxSize; /* bytes */
    Crypto_KeyElementReadAccessType  readAccess;
    Crypto_KeyElementWriteAccessType writeAccess;
    /* 0: kept in ramBuf (maxSize bytes). Else the HSM key (a global wire id: number |
     * WH_ID_GLOBAL) holding the element, with hsmFlags (WH_NVM_FLAGS_* usage and key type;
     * the driver adds WH_NVM_FLAGS_NONEXPORTABLE unless readAccess is CRYPTO_RA_ALLOWED). */
    uint16                      hsmKeyId;
    uint16                      hsmFlags;
    uint8*                      ramBuf;
    Crypto_KeyElementStateType* state;
} Crypto_KeyElementConfigType;

typedef struct {
    boolean valid;
} Crypto_KeyStateType;

typedef struct {
    const Crypto_KeyElementConfigType* elements;
    uint32                             elementCount;
    Crypto_KeyStateType*               state;
    /* 0: the key's state lives in RAM only (invalid after Crypto_Init). Else the HSM NVM
     * object (a global wire id) where KEYSETVALID / KEYSETINVALID record it: valid or not,
     * which elements are set, and the RAM elements' bytes; Crypto_Init restores it. */
    uint16 nvmId;
    /* 0: not a SHE key. Else the SHE slot (WH_SHE_MASTER_ECU_KEY .. WH_SHE_KEY_10) the key
     * is: its proof element (CRYPTO_KE_MAC_PROOF for a MAC key, CRYPTO_KE_CIPHER_PROOF for a
     * cipher key; a RAM element of 64 bytes or more) takes M1 || M2 || M3 (64 bytes) and
     * performs the SHE's LOAD_KEY, then holds its M4 || M5 (48 bytes) to read back; MAC and
     * cipher jobs on the key run the SHE commands on the slot (README, "SHE keys"). */
    uint8 sheSlot;
    /* ECDSA signatures of this key (SIGNATUREGENERATE's output, SIGNATUREVERIFY's secondary
     * input): FALSE, the fixed-size r || s (64 bytes for P-256); TRUE, DER (a SEQUENCE of two
     * INTEGERs, at most CRYPTO_ECDSA_DER_MAX bytes). Ed25519 signatures are always 64 bytes. */
    boolean derSignature;
} Crypto_KeyConfigType;

/* The longest DER ECDSA P-256 signature: SEQUENCE header (2) and two INTEGERs of up to 33
 * bytes with their headers (2 + 33 each). */
#define CRYPTO_ECDSA_DER_MAX 72u

/* The largest record of a key's state (1 + 3 per element + its RAM elements' bytes). */
#define CRYPTO_KEY_RECORD_MAX 256u

/* A driver object's workspace (RAM the configuration provides; the driver's own). */
typedef struct {
    whClientContext client;
    Crypto_JobType* job;        /* the job in the workspace (NULL: idle) */
    uint32          queueCount; /* jobs waiting in the configuration's queue array */
    uint32          inOff;      /* input bytes consumed by the current call */
    uint32          outOff;     /* output bytes written by the current call */
    uint32          sendLen;    /* input bytes of the request in flight */
    uint32          step;       /* the digest step in flight (WH_CRYPTO_STEP_*) */
    uint32          todo;       /* mode bits of the current call still to do */
    uint16          hsmKeyId;
    uint16          hsmAlg;
    Std_ReturnType  result;
    uint8           pending;     /* a request is in flight */
    uint8           draining;    /* ... for a cancelled job: discard its response */
    uint8           streamOpen;  /* the HSM's digest stream holds this job's state */
    uint8           waiting;     /* a streaming job between calls */
    uint8           partialLen;  /* cipher input bytes held back in partial (< 16) */
    uint8           fromPartial; /* the request in flight encrypts partial */
    uint8           async;       /* the current call reports through the callback */
    uint8           verify;      /* the request in flight is an HSM-side VERIFY */
    uint8           iv[16];      /* CBC / CTR chaining value */
    uint8           partial[16]; /* cipher input short of a whole block, for the next call */
    uint8           digest[64];  /* a digest or tag from the HSM */
    uint8           buf[96];     /* a DER signature or a public key */
    uint16          digestLen;
    uint16          sigAlg;   /* signatures: WH_CRYPTO_ECDSA_P256 / WH_CRYPTO_ED25519 */
    uint8           sigStep;  /* 1: the sign/verify request is next; 2: it is in flight */
    uint8           callMode; /* the mode bits of the current call */
    uint8           fast;     /* the request in flight is a MAC fast path one */
    uint8           she;      /* the call runs a SHE command on the key's slot */
    uint8           sent;     /* a request of the current call went out */
    uint32          bellSeen; /* Crypto_DoorbellIndication's count when the request went
                               * out or the response was last looked for */
} Crypto_ObjectStateType;

typedef struct {
    const whClientConfig*   clientConfig; /* the object's mailbox to the HSM */
    uint32                  queueSize;    /* async jobs that may wait (0: none) */
    Crypto_JobType**        queue;        /* queueSize entries */
    Crypto_ObjectStateType* state;
} Crypto_DriverObjectConfigType;

typedef struct {
    const Crypto_DriverObjectConfigType* objects;
    uint32                               objectCount;
    const Crypto_KeyConfigType*          keys;
    uint32                               keyCount;
    const whClientConfig*                keyClient; /* the key management calls' mailbox */
    /* The configuration's digest (scripts/crypto_cfg.py): every client of the driver
     * presents it at connect, and an HSM built from another configuration refuses it
     * (Crypto_Init fails: CRYPTO_E_INIT_FAILED). 0: none. */
    uint64_t configDigest;
    /* TRUE: the ECU calls Crypto_DoorbellIndication from the HSM's response doorbell
     * interrupt, and Crypto_MainFunction looks at an object's mailbox only after an
     * indication came since it last looked. FALSE: it reads the response word of every
     * object with a request in flight on every call. */
    boolean doorbellIndication;
} Crypto_ConfigType;

/* ---- API (development errors: Det_ReportError, module CRYPTO_MODULE_ID, and E_NOT_OK) ---- */

/* Connect every driver object's client and the key client to the HSM (blocking, each up to
 * its client config's timeout). On failure the driver stays uninitialised
 * (CRYPTO_E_INIT_FAILED reported). */
void Crypto_Init(const Crypto_ConfigType* configPtr);
void Crypto_GetVersionInfo(Std_VersionInfoType* versioninfo);
/* Vendor extension (no SID of its own: it reports nothing): close every client, so that
 * Crypto_Init may run again (tests, a restart of the HSM). */
void Crypto_DeInit(void);

Std_ReturnType Crypto_ProcessJob(uint32 objectId, Crypto_JobType* job);
/* A queued job leaves the queue; an active one leaves the workspace (a response in flight is
 * discarded when it comes). E_OK, and no callback comes for it; E_NOT_OK if the job is
 * neither queued nor active on objectId. */
Std_ReturnType Crypto_CancelJob(uint32 objectId, Crypto_JobType* job);
/* Call cyclically (every 1 to 5 ms typical, or from the task the doorbell's interrupt
 * activates): advances every object's async job by at most one response and one request. */
void Crypto_MainFunction(void);
/* Vendor extension: the HSM rang core 0's response doorbell (it answered a request on some
 * mailbox). Call it from that interrupt's handler (on mps2-an521 MHU1's, core0_MhuIrq) when
 * the configuration's doorbellIndication is TRUE; callable from any context, before
 * Crypto_Init too (it only counts). */
void Crypto_DoorbellIndication(void);

Std_ReturnType Crypto_KeyElementSet(uint32 cryptoKeyId, uint32 keyElementId, const uint8* keyPtr,
                                    uint32 keyLength);
Std_ReturnType Crypto_KeySetValid(uint32 cryptoKeyId);
Std_ReturnType Crypto_KeyElementGet(uint32 cryptoKeyId, uint32 keyElementId, uint8* resultPtr,
                                    uint32* resultLengthPtr);
/* Copies (Crypto_KeyCopy: every set element of the source that the target has): the source
 * readable (CRYPTO_RA_ALLOWED, or CRYPTO_RA_INTERNAL_COPY), the target writable
 * (CRYPTO_WA_ALLOWED or _INTERNAL_COPY), else CRYPTO_E_KEY_READ_FAIL / _WRITE_FAIL. An HSM
 * element is copied into another HSM element by the HSM itself (its bytes never come to this
 * core; the copy is non-exportable unless both are CRYPTO_RA_ALLOWED; both must be of one key
 * type, else CRYPTO_E_KEY_WRITE_FAIL). An HSM element whose read access is
 * CRYPTO_RA_INTERNAL_COPY can only be copied that way, and only into an element that is not
 * readable either (CRYPTO_RA_DENIED or _INTERNAL_COPY): else CRYPTO_E_KEY_READ_FAIL. The
 * target key becomes invalid until Crypto_KeySetValid. */
Std_ReturnType Crypto_KeyElementCopy(uint32 cryptoKeyId, uint32 keyElementId,
                                     uint32 targetCryptoKeyId, uint32 targetKeyElementId);
Std_ReturnType Crypto_KeyCopy(uint32 cryptoKeyId, uint32 targetCryptoKeyId);
Std_ReturnType Crypto_KeyElementIdsGet(uint32 cryptoKeyId, uint32* keyElementIdsPtr,
                                       uint32* keyElementIdsLengthPtr);

/* Key pairs and derived keys are made inside the HSM (through the key client, blocking); the
 * key is invalid afterwards until Crypto_KeySetValid.
 *   Crypto_KeyGenerate: a key pair in element CRYPTO_KE_KEYGENERATE_KEY (its hsmFlags' key
 *     type: P-256, Ed25519 or X25519); its public key also goes to the RAM element
 *     CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY when the key has one.
 *   Crypto_KeyDerive: HKDF from element CRYPTO_KE_KEYDERIVATION_PASSWORD (an HSM key with
 *     usage DERIVE) with the salt of CRYPTO_KE_KEYDERIVATION_SALT and the info of
 *     CRYPTO_KE_CUSTOM_HKDF_INFO (RAM elements, optional), SHA-256 unless the one-byte
 *     element CRYPTO_KE_KEYDERIVATION_ALGORITHM names CRYPTO_ALGOFAM_SHA2_384 / _512, into the
 *     target key's element 1 (as many bytes as its maxSize).
 *   Crypto_KeyExchangeCalcPubVal: a new key pair in CRYPTO_KE_KEYEXCHANGE_PRIVKEY (P-256 or
 *     X25519); its public value (Qx || Qy, or 32 bytes little-endian) to the caller (and to
 *     CRYPTO_KE_KEYEXCHANGE_OWNPUBKEY if present).
 *   Crypto_KeyExchangeCalcSecret: ECDH / X25519 with the partner's public value into
 *     CRYPTO_KE_KEYEXCHANGE_SHAREDVALUE, an HSM key that inherits the private key's policy
 *     (usable for MACs or KEYDERIVE without leaving the HSM). */
/* Job redirection (jobRedirectionInfoRef, single calls only): an input redirected to a key
 * element reads the element as it is (its read access CRYPTO_RA_INTERNAL_COPY or
 * CRYPTO_RA_ALLOWED, else CRYPTO_E_KEY_READ_FAIL; set, else CRYPTO_E_KEY_EMPTY; a MACVERIFY's
 * secondary input counts its bits); an output redirected to one is written into it (its write
 * access CRYPTO_WA_INTERNAL_COPY or CRYPTO_WA_ALLOWED, else CRYPTO_E_KEY_WRITE_FAIL; up to its
 * maxSize) and the element is set when the job succeeds, empty when it fails after a request
 * went out (it may hold part of an output), unchanged when it fails before. The key's
 * validity does not change. Only RAM elements (no hsmKeyId) can be redirected: an HSM
 * element's bytes never come to this core, so a job that would read or write one is refused
 * (E_NOT_OK); KEYDERIVE, KEYGENERATE and KEYEXCHANGECALCSECRET write HSM elements inside the
 * HSM. The driver points the redirected fields of the job's jobPrimitiveInputOutput at the
 * elements. A redirected element must not change while its job is queued or running. */
Std_ReturnType Crypto_KeyGenerate(uint32 cryptoKeyId);
/* Seeds go into the HSM's DRBGs as additional input, mixed with the HSM's own fresh entropy
 * (a reseed that keeps the DRBG's state: a seed adds unpredictability, it cannot set the
 * output). The HSM keeps one DRBG per client: Crypto_RandomSeed (cryptoKeyId: any configured
 * key; the DRBG state is the HSM's, no element holds it) seeds the key client's, which the
 * key services above use; a RANDOMSEED job (its input, START/UPDATE/FINISH allowed) seeds
 * its driver object's, which that object's RANDOMGENERATE jobs use. */
Std_ReturnType Crypto_RandomSeed(uint32 cryptoKeyId, const uint8* seedPtr, uint32 seedLength);
Std_ReturnType Crypto_KeyDerive(uint32 cryptoKeyId, uint32 targetCryptoKeyId);
Std_ReturnType Crypto_KeyExchangeCalcPubVal(uint32 cryptoKeyId, uint8* publicValuePtr,
                                            uint32* publicValueLengthPtr);
Std_ReturnType Crypto_KeyExchangeCalcSecret(uint32 cryptoKeyId, const uint8* partnerPublicValuePtr,
                                            uint32 partnerPublicValueLength);

#endif /* !CRYPTO_H */
