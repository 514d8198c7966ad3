/*
 * secoc_demo.c - NOT PRODUCT. The SecOC-style part of the demo that make run runs
 * (core0_host/target/core0_main.c calls core0_SecocDemo), over the AUTOSAR Crypto Driver with
 * the ECU's generated configuration (Crypto_Cfg.h, from shared_mem/port/mps2/crypto_config.json)
 * and a minimal Csm, CryIf and Det of its own (demo stand-ins, not an AUTOSAR stack).
 *
 * Two streams of secured PDUs, each with its Data ID and its freshness counter in the HSM
 * (a monotonic counter of client 1, persistent: freshness never repeats across runs):
 *   CAN     8 B:  payload 4 B || truncated freshness 8 bits  || truncated MAC 24 bits
 *   CAN FD 64 B:  payload 58 B || truncated freshness 16 bits || truncated MAC 32 bits
 * The MAC is AES-128-CMAC (driver key SecocMac, read DENIED: it never leaves the HSM) over
 * Data ID (2 B, big-endian) || payload || freshness value (4 B, big-endian), truncated to its
 * leading bits. The sender increments its stream's counter (the freshness value), builds the
 * authentic data and has the driver's object Tx generate the MAC (a single-call CMAC with a
 * 32-bit tag: the HSM's MAC fast path). The receiver rebuilds the freshness value from the
 * truncated one and the latest it accepted (as SecOC does: the same upper bits, or the next
 * ones when the lower bits did not grow) and has object Rx verify the truncated MAC, its
 * length in bits; a verified PDU moves its latest freshness on. A tampered PDU fails the
 * MAC; a replayed or a stale one (an older PDU of the stream, delivered late) is checked
 * against a freshness value newer than the one it was made with, and fails it too.
 *
 * The key is provisioned once (Crypto_KeyElementSet + Crypto_KeySetValid: committed to the
 * HSM's NVM with its state record) and found valid on later runs (Crypto_Init restores it).
 */
#include <string.h>

#include "CryIf_Cbk.h"
#include "Crypto.h"
#include "Crypto_Cfg.h"
#include "Det.h"
#include "core0_board.h"
#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_timer.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_counter.h"

const uint64_t core0_ConfigDigest = CRYPTO_CFG_DIGEST;

#define SECOC_TIMEOUT_MS 5000u
#define SECOC_PDUS 100u       /* authenticated PDUs per stream */
#define SECOC_GEN_BYTES 4u    /* the MAC generated: 32 bits, truncated further for CAN */
#define SECOC_AUTH_MAX 64u    /* Data ID || payload || freshness value */
#define SECOC_STALE_AGE 5u    /* the stale PDU: made this many PDUs before the last */
#define SECOC_COUNTER_BASE 2u /* client 1's counters 2 and 3 (1 is the demo's boot counter) */

/* The demo's SecOC key: public, a demo value, NOT a secret. */
static const uint8 secocKey[16] = {0x53, 0x65, 0x63, 0x4f, 0x43, 0x20, 0x64, 0x65,
                                   0x6d, 0x6f, 0x20, 0x6b, 0x65, 0x79, 0x21, 0x00};

/* ---- minimal CryIf and Det (NOT PRODUCT): the demo's jobs are sync, no callback comes ---- */

static uint32 cryIfCallbacks;
static uint32 detReports;

void CryIf_CallbackNotification(Crypto_JobType* job, Std_ReturnType result)
{
    (void)job;
    (void)result;
    cryIfCallbacks++;
}

Std_ReturnType Det_ReportError(uint16 moduleId, uint8 instanceId, uint8 apiId, uint8 errorId)
{
    mps2Console_Printf("core0: secoc: DET report: module %u instance %u API 0x%02x error 0x%02x\n",
                       (unsigned)moduleId, (unsigned)instanceId, (unsigned)apiId,
                       (unsigned)errorId);
    detReports++;
    return E_OK;
}

/* ---- minimal Csm (NOT PRODUCT): a MAC job on a driver object, sync, single call ---- */

typedef struct {
    Crypto_JobType              job;
    Crypto_JobInfoType          info;
    Crypto_JobPrimitiveInfoType pinfo;
    Crypto_PrimitiveInfoType    prim;
    uint32                      outLen;
    Crypto_VerifyResultType     verify;
} secocJob;

static void csmJobInit(secocJob* j, uint32 jobId, Crypto_ServiceInfoType service)
{
    memset(j, 0, sizeof(*j));
    j->prim.service                     = service;
    j->prim.algorithm.family            = CRYPTO_ALGOFAM_AES;
    j->prim.algorithm.mode              = CRYPTO_ALGOMODE_CMAC;
    j->prim.algorithm.keyLength         = 128u;
    j->pinfo.primitiveInfo              = &j->prim;
    j->pinfo.cryIfKeyId                 = CryptoConf_CryptoKey_SecocMac;
    j->pinfo.processingType             = CRYPTO_PROCESSING_SYNC;
    j->info.jobId                       = jobId;
    j->job.jobId                        = jobId;
    j->job.jobInfo                      = &j->info;
    j->job.jobPrimitiveInfo             = &j->pinfo;
    j->job.cryptoKeyId                  = CryptoConf_CryptoKey_SecocMac; /* CryIf's mapping */
    j->job.jobPrimitiveInputOutput.mode = CRYPTO_OPERATIONMODE_SINGLECALL;
}

/* Csm_MacGenerate's job on object Tx: *inout_len bytes of MAC (in: room). */
static Std_ReturnType csmMacGenerate(secocJob* j, const uint8* data, uint32 len, uint8* mac,
                                     uint32* inout_len)
{
    Crypto_JobPrimitiveInputOutputType* io = &j->job.jobPrimitiveInputOutput;
    Std_ReturnType                      ret;

    io->inputPtr        = data;
    io->inputLength     = len;
    io->outputPtr       = mac;
    j->outLen           = *inout_len;
    io->outputLengthPtr = &j->outLen;
    ret                 = Crypto_ProcessJob(CryptoConf_CryptoDriverObject_Tx, &j->job);
    *inout_len          = j->outLen;
    return ret;
}

/* Csm_MacVerify's job on object Rx: the MAC's length in bits; the verdict in *out_verify. */
static Std_ReturnType csmMacVerify(secocJob* j, const uint8* data, uint32 len, const uint8* mac,
                                   uint32 bits, Crypto_VerifyResultType* out_verify)
{
    Crypto_JobPrimitiveInputOutputType* io = &j->job.jobPrimitiveInputOutput;

    io->inputPtr             = data;
    io->inputLength          = len;
    io->secondaryInputPtr    = mac;
    io->secondaryInputLength = bits;
    io->verifyPtr            = out_verify;
    *out_verify              = CRYPTO_E_VER_NOT_OK;
    return Crypto_ProcessJob(CryptoConf_CryptoDriverObject_Rx, &j->job);
}

/* ---- the streams ---- */

typedef struct {
    const char* name;
    uint16      dataId;
    uint16      counterId; /* the stream's freshness counter (client 1's) */
    uint8       pduLen;
    uint8       payloadLen;
    uint8       fvBits;  /* truncated freshness in the PDU */
    uint8       macBits; /* truncated MAC in the PDU */
} secocStream;

static const secocStream secocStreams[] = {
    {"CAN", 0x0123u, SECOC_COUNTER_BASE, 8u, 4u, 8u, 24u},
    {"CAN FD", 0x0456u, SECOC_COUNTER_BASE + 1u, 64u, 58u, 16u, 32u},
};
#define SECOC_STREAMS (sizeof(secocStreams) / sizeof(secocStreams[0]))

typedef struct {
    const secocStream* s;
    whClientContext*   fresh;  /* the freshness counters' client */
    uint32             latest; /* the receiver's latest accepted freshness value */
    secocJob           gen;
    secocJob           ver;
    uint32             txTicks; /* time in the sender and in the receiver */
    uint32             rxTicks;
    uint32             accepted;
} secocCtx;

/* Data ID || payload || freshness value: its length. */
static uint32 authData(const secocStream* s, const uint8* payload, uint32 fv, uint8* out)
{
    out[0] = (uint8)(s->dataId >> 8);
    out[1] = (uint8)s->dataId;
    memcpy(&out[2], payload, s->payloadLen);
    out[2u + s->payloadLen]      = (uint8)(fv >> 24);
    out[2u + s->payloadLen + 1u] = (uint8)(fv >> 16);
    out[2u + s->payloadLen + 2u] = (uint8)(fv >> 8);
    out[2u + s->payloadLen + 3u] = (uint8)fv;
    return 2u + s->payloadLen + 4u;
}

/* The sender: the next freshness value from the HSM's counter, the MAC, the secured PDU.
 * WH_ERROR_OK or why not. */
static int secocSend(secocCtx* c, const uint8* payload, uint8* out_pdu)
{
    const secocStream* s = c->s;
    uint8              auth[SECOC_AUTH_MAX];
    uint8              mac[SECOC_GEN_BYTES];
    uint32             macLen = sizeof(mac);
    uint32             fv     = 0;
    int32_t            rc     = 0;
    uint32             len;
    uint32             i;
    int                ret = wh_Client_CounterIncrement(c->fresh, s->counterId, &fv, &rc);

    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return (ret != WH_ERROR_OK) ? ret : rc;
    }
    len = authData(s, payload, fv, auth);
    if ((csmMacGenerate(&c->gen, auth, len, mac, &macLen) != E_OK) || (macLen != sizeof(mac))) {
        return WH_ERROR_ABORTED;
    }
    memcpy(out_pdu, payload, s->payloadLen);
    for (i = 0; i < s->fvBits / 8u; i++) { /* the freshness value's low bits, big-endian */
        out_pdu[s->payloadLen + i] = (uint8)(fv >> (s->fvBits - 8u * (i + 1u)));
    }
    memcpy(&out_pdu[s->payloadLen + s->fvBits / 8u], mac, s->macBits / 8u);
    return WH_ERROR_OK;
}

/* The receiver: 1 if the PDU is authentic and fresh (the latest freshness moves on), 0 if
 * rejected, < 0 if the driver failed. */
static int secocReceive(secocCtx* c, const uint8* pdu)
{
    const secocStream*      s    = c->s;
    const uint32            mask = (1u << s->fvBits) - 1u;
    uint8                   auth[SECOC_AUTH_MAX];
    Crypto_VerifyResultType verdict;
    uint32                  truncated = 0;
    uint32                  fv;
    uint32                  len;
    uint32                  i;

    for (i = 0; i < s->fvBits / 8u; i++) {
        truncated = (truncated << 8) | pdu[s->payloadLen + i];
    }
    fv = (c->latest & ~mask) | truncated;
    if (fv <= c->latest) {
        fv += mask + 1u; /* the lower bits wrapped: the next upper bits */
    }
    len = authData(s, pdu, fv, auth);
    if (csmMacVerify(&c->ver, auth, len, &pdu[s->payloadLen + s->fvBits / 8u], s->macBits,
                     &verdict) != E_OK) {
        return -1;
    }
    if (verdict != CRYPTO_E_VER_OK) {
        return 0;
    }
    c->latest = fv;
    return 1;
}

static void payloadOf(const secocStream* s, uint32 n, uint8* out)
{
    uint32 i;
    for (i = 0; i < s->payloadLen; i++) {
        out[i] = (uint8)(n * 7u + i * 13u + s->dataId);
    }
}

/* The freshness counter: its value now (created at 0 if missing). */
static int counterNow(whClientContext* fresh, uint16 counterId, uint32* out_value)
{
    int32_t rc  = 0;
    int     ret = wh_Client_CounterRead(fresh, counterId, out_value, &rc);

    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_NOTFOUND)) {
        ret        = wh_Client_CounterInit(fresh, counterId, WH_COUNTER_MONOTONIC, 0, &rc);
        *out_value = 0;
    }
    return (ret != WH_ERROR_OK) ? ret : rc;
}

/* " [12.34 us, 12340 instructions per PDU]" (instructions under -icount shift=0: both cores,
 * idle time included). */
static void printCost(uint32_t ticks, uint32_t n)
{
    uint32_t ns = core0_NsPer(ticks, n);

    mps2Console_Printf(" [%u.%02u us", (unsigned)(ns / 1000u), (unsigned)((ns % 1000u) / 10u));
    if (core0_IcountMode()) {
        mps2Console_Printf(", %u instructions", (unsigned)ns);
    }
    mps2Console_Printf(" per PDU]\n");
}

static int fail(const char* what, int ret)
{
    mps2Console_Printf("core0: secoc: %s FAILED (%d)\n", what, ret);
    Crypto_DeInit();
    return MPS2_EXIT_FAIL;
}

/* One stream: SECOC_PDUS PDUs sent and received, then the attacks. */
static int secocStreamRun(secocCtx* c)
{
    static uint8       stale[SECOC_AUTH_MAX];
    const secocStream* s = c->s;
    uint8              payload[SECOC_AUTH_MAX];
    uint8              pdu[SECOC_AUTH_MAX];
    uint8              bad[SECOC_AUTH_MAX];
    uint32             start;
    uint32             first;
    uint32             n;
    uint64_t           ns;
    int                ret;

    ret = counterNow(c->fresh, s->counterId, &c->latest);
    if (ret != WH_ERROR_OK) {
        return fail("freshness counter", ret);
    }
    first = c->latest + 1u;
    for (n = 0; n < SECOC_PDUS; n++) {
        payloadOf(s, n, payload);
        start = mps2Timer_Ticks();
        ret   = secocSend(c, payload, pdu);
        c->txTicks += mps2Timer_Ticks() - start;
        if (ret != WH_ERROR_OK) {
            return fail("send", ret);
        }
        start = mps2Timer_Ticks();
        ret   = secocReceive(c, pdu);
        c->rxTicks += mps2Timer_Ticks() - start;
        if (ret != 1) {
            return fail("receive of an authentic PDU", ret);
        }
        c->accepted++;
        if (n == SECOC_PDUS - 1u - SECOC_STALE_AGE) {
            memcpy(stale, pdu, s->pduLen);
        }
    }
    ns = (uint64_t)(c->txTicks + c->rxTicks) * 50u;
    mps2Console_Printf(
        "core0: secoc: %s (%u B, Data ID 0x%04x): %u PDUs, freshness %u..%u (HSM counter %u), "
        "%u-bit freshness and %u-bit MAC in the PDU: all verified; %u PDUs per second of "
        "virtual time\n",
        s->name, (unsigned)s->pduLen, (unsigned)s->dataId, (unsigned)SECOC_PDUS, (unsigned)first,
        (unsigned)c->latest, (unsigned)s->counterId, (unsigned)s->fvBits, (unsigned)s->macBits,
        (unsigned)((uint64_t)SECOC_PDUS * 1000000000u / ns));
    mps2Console_Printf("core0: secoc: %s: sender (freshness + MAC generate)", s->name);
    printCost(c->txTicks, SECOC_PDUS);
    mps2Console_Printf("core0: secoc: %s: receiver (MAC verify)", s->name);
    printCost(c->rxTicks, SECOC_PDUS);
    mps2Console_Printf("core0: secoc: %s: per authenticated PDU, sent and verified", s->name);
    printCost(c->txTicks + c->rxTicks, SECOC_PDUS);

    /* tampered: one payload bit flipped; then the original still passes */
    payloadOf(s, SECOC_PDUS, payload);
    ret = secocSend(c, payload, pdu);
    if (ret != WH_ERROR_OK) {
        return fail("send", ret);
    }
    memcpy(bad, pdu, s->pduLen);
    bad[1] ^= 0x10u;
    if (secocReceive(c, bad) != 0) {
        return fail("tampered PDU not rejected", 0);
    }
    if (secocReceive(c, pdu) != 1) {
        return fail("the authentic PDU after a tampered copy", 0);
    }
    /* replayed: the PDU just accepted, again; stale: an older one, delivered late */
    if (secocReceive(c, pdu) != 0) {
        return fail("replayed PDU not rejected", 0);
    }
    if (secocReceive(c, stale) != 0) {
        return fail("stale PDU not rejected", 0);
    }
    mps2Console_Printf(
        "core0: secoc: %s: tampered PDU (a payload bit flipped): rejected, the authentic one "
        "then accepted; replayed PDU (the one just accepted): rejected; stale PDU (%u PDUs "
        "old): rejected\n",
        s->name, (unsigned)(SECOC_STALE_AGE + 1u));
    return MPS2_EXIT_OK;
}

int core0_SecocDemo(whClientContext* fresh)
{
    static secocCtx c[SECOC_STREAMS];
    uint8           probe[SECOC_GEN_BYTES];
    uint32          probeLen = sizeof(probe);
    secocJob        j;
    unsigned        i;
    int             ret;

    _Static_assert(CRYPTO_CFG_OBJECT_COUNT == 2u, "objects Tx and Rx");
    /* The mailboxes the configuration names, as the integration provides them. */
    ret = core0_ClientConfig(&CryptoCfg_ObjectClients[CryptoConf_CryptoDriverObject_Tx],
                             CRYPTO_CFG_MAILBOX_TX, SECOC_TIMEOUT_MS);
    if (ret == WH_ERROR_OK) {
        ret = core0_ClientConfig(&CryptoCfg_ObjectClients[CryptoConf_CryptoDriverObject_Rx],
                                 CRYPTO_CFG_MAILBOX_RX, SECOC_TIMEOUT_MS);
    }
    if (ret == WH_ERROR_OK) {
        ret = core0_ClientConfig(&CryptoCfg_KeyClient, CRYPTO_CFG_MAILBOX_KEYCLIENT,
                                 SECOC_TIMEOUT_MS);
    }
    if (ret != WH_ERROR_OK) {
        return fail("client config", ret);
    }
    Crypto_Init(&CryptoCfg_Config);
    if (detReports != 0u) {
        return fail("Crypto_Init", (int)detReports);
    }
    mps2Console_Printf(
        "core0: secoc: Crypto Driver up: objects Tx (mailbox %u) and Rx (mailbox %u), key "
        "client (mailbox %u), configuration digest %08x%08x accepted by the HSM\n",
        (unsigned)CRYPTO_CFG_MAILBOX_TX, (unsigned)CRYPTO_CFG_MAILBOX_RX,
        (unsigned)CRYPTO_CFG_MAILBOX_KEYCLIENT, (unsigned)(CRYPTO_CFG_DIGEST >> 32),
        (unsigned)(CRYPTO_CFG_DIGEST & 0xFFFFFFFFu));

    /* The key: valid from an earlier run (its state record), or provisioned now. */
    csmJobInit(&j, 1u, CRYPTO_MACGENERATE);
    {
        uint8 data[4] = {0};
        ret           = (int)csmMacGenerate(&j, data, sizeof(data), probe, &probeLen);
    }
    if (ret == (int)CRYPTO_E_KEY_NOT_VALID) {
        if ((Crypto_KeyElementSet(CryptoConf_CryptoKey_SecocMac, CRYPTO_KE_MAC_KEY, secocKey,
                                  sizeof(secocKey)) != E_OK) ||
            (Crypto_KeySetValid(CryptoConf_CryptoKey_SecocMac) != E_OK)) {
            return fail("key provisioning", 0);
        }
        mps2Console_Printf("core0: secoc: key SecocMac (AES-128, read DENIED) provisioned: set and "
                           "made valid, committed to the HSM's NVM with its state record\n");
    }
    else if (ret == (int)E_OK) {
        mps2Console_Printf("core0: secoc: key SecocMac valid from an earlier run (Crypto_Init "
                           "restored its state record from the HSM's NVM)\n");
    }
    else {
        return fail("the key's first use", ret);
    }

    for (i = 0; i < SECOC_STREAMS; i++) {
        c[i].s     = &secocStreams[i];
        c[i].fresh = fresh;
        csmJobInit(&c[i].gen, 10u + i, CRYPTO_MACGENERATE);
        csmJobInit(&c[i].ver, 20u + i, CRYPTO_MACVERIFY);
        ret = secocStreamRun(&c[i]);
        if (ret != MPS2_EXIT_OK) {
            return ret;
        }
    }
    Crypto_DeInit();
    if ((detReports != 0u) || (cryIfCallbacks != 0u)) {
        mps2Console_Printf("core0: secoc: %u DET reports, %u callbacks: FAILED\n",
                           (unsigned)detReports, (unsigned)cryIfCallbacks);
        return MPS2_EXIT_FAIL;
    }
    return MPS2_EXIT_OK;
}
