/*
 * fuzz_server.c: libFuzzer target for the server's request dispatch over every group (COMM,
 * NVM, KEY, COUNTER, CRYPTO), through the real mailbox transport, with a RAM flash (8 KiB:
 * two partitions of 4 KiB, so that a few requests fill it and make it compact) and the flash
 * object store behind it. Each input is a short session of requests written straight
 * into the mailbox, as a hostile host could (tests/test_malformed.c does the same by hand).
 *
 * Input format (all fields little-endian; a field cut short by the end of the input ends the
 * session):
 *
 *   setup   1 byte   bit 0: do not connect first (the session starts unconnected)
 *                    bits 4..1: client id - 1 (mod 15): the id the HSM binds to the mailbox
 *   then up to FUZZ_MAX_REQUESTS requests, each:
 *   ctrl    1 byte   bit 0: the other byte order (header written swapped; the payload is
 *                           read in that order by the server, as sent)
 *                    bit 1: raw header: 8 header bytes follow, sent as they are (any magic,
 *                           kind, seq, aux); otherwise group and action follow and the
 *                           harness writes a well-formed header (seq = request index)
 *                    bit 2: claimed length: 2 bytes follow, the length put in the mailbox
 *                           control word instead of the packet's (shorter than a header,
 *                           cut, or past the buffer)
 *                    bit 3: power cycle first: server and NVM are cleaned up and initialised
 *                           again over the same flash (which must mount, with the same
 *                           objects), then connect again unless setup bit 0
 *                    bit 4: session words: 8 bytes follow, the server epoch and the client
 *                           epoch the host writes in its control line (wh_transport_mem.h,
 *                           step 6) before this request: stale, forged, or right
 *   epochs  8 bytes  with bit 4
 *   group   1 byte   } without bit 1
 *   action  1 byte   }
 *   header  8 bytes  with bit 1
 *   claim   2 bytes  with bit 2
 *   len     2 bytes  payload length (clamped to the rest of the input and to
 *                    WOLFHSM_CFG_COMM_DATA_LEN)
 *   payload len bytes
 *
 * Checked for each request: the server answers (wh_Server_HandleRequestMessage returns
 * WH_ERROR_OK) under the request's counter; a request shorter than a header gets an empty
 * response; otherwise the response echoes kind and seq, its verdict is WH_ERROR_OK with a
 * payload of exactly the size that group and action define (read from the response's own
 * length fields where it has them), or an error a server may send with an empty payload;
 * a non-COMM request while not connected is refused with WH_ERROR_NOTCONNECTED (or
 * WH_ERROR_RESTARTED when it carries a server epoch not the HSM's); a request refused with
 * WH_ERROR_RESTARTED changed nothing in the store; no handler
 * reads past the request (the rest of the server's request buffer is poisoned for
 * AddressSanitizer while it serves). After the session: a client echo still works, and the
 * NVM mounts again with the same objects.
 *
 * With FUZZ_TRACE set in the environment, each request and its verdict are printed (to see
 * what a seed or a crash input does: build/fuzz/bin/fuzz_server <file>).
 *
 * Global state is reset per input: every context, the mailbox and the flash are fresh, and
 * the DRBG seed is a constant (wh_Entropy_GenerateSeed below replaces the host's getrandom
 * hook in this program), so an input always runs the same way.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "../util/wh_test_util.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_nvm_flash.h"

#define FUZZ_MAX_REQUESTS 16

#define CTRL_SWAPPED 0x01u
#define CTRL_RAW 0x02u
#define CTRL_CLAIM 0x04u
#define CTRL_POWERCYCLE 0x08u
#define CTRL_EPOCHS 0x10u

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);

/* A constant DRBG seed: runs are reproducible. NOT a seed for anything but this fuzzer. */
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz)
{
    unsigned int i;
    for (i = 0; i < sz; i++) {
        output[i] = (unsigned char)(i * 151u + 7u);
    }
    return 0;
}

static void fail(const char* what)
{
    fprintf(stderr, "fuzz_server: invariant broken: %s\n", what);
    abort();
}

#define CHECK(cond)      \
    do {                 \
        if (!(cond)) {   \
            fail(#cond); \
        }                \
    } while (0)

/* The input, read front to back. */
typedef struct {
    const uint8_t* p;
    size_t         n;
} cursor;

static int take(cursor* c, void* out, size_t len)
{
    if (c->n < len) {
        return 0;
    }
    memcpy(out, c->p, len);
    c->p += len;
    c->n -= len;
    return 1;
}

static int take16(cursor* c, uint16_t* out)
{
    uint8_t b[2];
    if (!take(c, b, 2)) {
        return 0;
    }
    *out = (uint16_t)(b[0] | (b[1] << 8));
    return 1;
}

/* ---- NVM snapshots: every object's metadata and a CRC of its data ---- */

typedef struct {
    whNvmMetadata meta;
    uint32_t      crc;
} objectSummary;

typedef struct {
    uint16_t      count;
    objectSummary obj[WOLFHSM_CFG_NVM_OBJECT_COUNT];
} nvmSnapshot;

static uint8_t readBuf[UINT16_MAX + 1]; /* the largest object */

/* List and read every object; each step must work. */
static void snapshot(whNvmContext* nvm, nvmSnapshot* out)
{
    whNvmId cur = WH_NVM_ID_INVALID;

    memset(out, 0, sizeof(*out));
    for (;;) {
        whNvmId        count;
        whNvmId        id;
        objectSummary* o;

        CHECK(wh_Nvm_List(nvm, 0, 0, cur, &count, &id) == WH_ERROR_OK);
        if (count == 0) {
            break;
        }
        CHECK(out->count < WOLFHSM_CFG_NVM_OBJECT_COUNT);
        CHECK(id > cur);
        o = &out->obj[out->count++];
        CHECK(wh_Nvm_GetMetadata(nvm, id, &o->meta) == WH_ERROR_OK);
        CHECK(o->meta.id == id);
        CHECK(wh_Nvm_Read(nvm, id, 0, o->meta.len, readBuf) == WH_ERROR_OK);
        o->crc = wh_NvmFlash_Crc32(readBuf, o->meta.len);
        cur    = id;
    }
}

/* ---- the NVM: a small RAM flash, so that a few requests fill it and compact it ---- */

#define FLASH_SIZE (8u * 1024u)
#define FLASH_SECTOR 1024u
#define FLASH_UNIT 8u

static const whFlashCb flashCb = WH_FLASH_RAMSIM_CB;
static const whNvmCb   storeCb = WH_NVM_FLASH_CB;

typedef struct {
    uint8_t              flash[FLASH_SIZE];
    whFlashRamsimConfig  flashCfg;
    whFlashRamsimContext flashCtx;
    whNvmFlashConfig     storeCfg;
    whNvmFlashContext    storeCtx;
    whNvmConfig          nvmCfg;
    whNvmContext         nvm;
} fuzzNvm;

/* erase: a blank device (formatted by the mount); 0: the flash as it is, which must mount. */
static void nvmUp(fuzzNvm* n, int erase)
{
    n->flashCfg = (whFlashRamsimConfig){.memory      = n->flash,
                                        .size        = sizeof(n->flash),
                                        .sectorSize  = FLASH_SECTOR,
                                        .programUnit = FLASH_UNIT,
                                        .initErased  = erase};
    CHECK(flashCb.init(&n->flashCtx, &n->flashCfg) == WH_ERROR_OK);
    n->storeCfg = (whNvmFlashConfig){.cb = &flashCb, .context = &n->flashCtx};
    n->nvmCfg   = (whNvmConfig){.cb = &storeCb, .context = &n->storeCtx, .config = &n->storeCfg};
    CHECK(wh_Nvm_Init(&n->nvm, &n->nvmCfg) == WH_ERROR_OK);
}

static void nvmDown(fuzzNvm* n)
{
    CHECK(wh_Nvm_Cleanup(&n->nvm) == WH_ERROR_OK);
    CHECK(flashCb.cleanup(&n->flashCtx) == WH_ERROR_OK);
}

/* ---- the session ---- */

typedef struct {
    fuzzNvm     nvm;
    whTestPair  pair;
    nvmSnapshot before;
    nvmSnapshot after;
    int         connect; /* connect at the start and after each power cycle */
} fuzzState;

static fuzzState st;

static void clientRestart(whTestPair* p)
{
    /* Raw requests moved the mailbox's counters under the client: it resumes from them. */
    CHECK(wh_Client_Cleanup(&p->client) == WH_ERROR_OK);
    CHECK(wh_Client_Init(&p->client, &p->clientConfig) == WH_ERROR_OK);
}

static void connectClient(whTestPair* p)
{
    int32_t rc = -1;

    clientRestart(p);
    CHECK(wh_Client_CommConnectRequest(&p->client) == WH_ERROR_OK);
    CHECK(wh_Server_HandleRequestMessage(&p->server) == WH_ERROR_OK);
    CHECK(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc) == WH_ERROR_OK);
    CHECK(rc == WH_ERROR_OK);
}

/* Power cycle: everything but the flash and the mailbox starts again; the store must mount
 * with the objects it had. */
static void powerCycle(fuzzState* f)
{
    whTestPair* p = &f->pair;

    snapshot(&f->nvm.nvm, &f->before);
    CHECK(wh_Client_Cleanup(&p->client) == WH_ERROR_OK);
    CHECK(wh_Server_Cleanup(&p->server) == WH_ERROR_OK);
    nvmDown(&f->nvm);
    nvmUp(&f->nvm, 0);
    snapshot(&f->nvm.nvm, &f->after);
    CHECK(memcmp(&f->before, &f->after, sizeof(f->before)) == 0);
    CHECK(wh_Server_Init(&p->server, &p->serverConfig) == WH_ERROR_OK);
    CHECK(wh_Client_Init(&p->client, &p->clientConfig) == WH_ERROR_OK);
    if (f->connect) {
        connectClient(p);
    }
}

/* Verdicts a server may send: never a local or flow-control code, and never a store or
 * flash failure (the RAM flash does not fail, and the store holds only what it wrote). */
static int sendableError(int32_t e)
{
    switch (e) {
        case WH_ERROR_BADARGS:
        case WH_ERROR_BUFFER_SIZE:
        case WH_ERROR_BADMAGIC:
        case WH_ERROR_VERSION:
        case WH_ERROR_TOOBIG:
        case WH_ERROR_BADKIND:
        case WH_ERROR_TRUNCATED:
        case WH_ERROR_NOTCONNECTED:
        case WH_ERROR_NOTFOUND:
        case WH_ERROR_NOSPACE:
        case WH_ERROR_ACCESS:
        case WH_ERROR_USAGE:
        case WH_ERROR_KEYTYPE:
        case WH_ERROR_BADALG:
        case WH_ERROR_AUTH:
        case WH_ERROR_CRYPTO:
        case WH_ERROR_NOSTREAM:
        case WH_ERROR_EXISTS:
        case WH_ERROR_BADKEY:
        case WH_ERROR_MINTAG:
        case WH_ERROR_CONFLICT:  /* a counter increment from a value it is not at */
        case WH_ERROR_RESTARTED: /* a request bound to another server epoch */
        case WH_ERROR_BADADDR:   /* requests by address: this server has no host windows */
        case WH_ERROR_SHE_NO_DEBUGGING:
        case WH_ERROR_SHE_KEY_NOT_AVAILABLE:
        case WH_ERROR_SHE_KEY_INVALID:
        case WH_ERROR_SHE_KEY_EMPTY:
        case WH_ERROR_SHE_KEY_WRITE_PROTECTED:
        case WH_ERROR_SHE_KEY_UPDATE_ERROR:
        case WH_ERROR_SHE_RNG_SEED:
        case WH_ERROR_SHE_MEMORY_FAILURE:
        case WH_ERROR_SHE_GENERAL_ERROR:
        case WH_ERROR_SHE_SEQUENCE_ERROR:
        case WH_ERROR_SHE_NO_SECURE_BOOT:
            return 1;
        default:
            return 0;
    }
}

/* A 16-bit field at off of the response payload, in the response's byte order. */
static uint16_t field16(uint16_t magic, const uint8_t* payload, size_t off)
{
    uint16_t v;
    memcpy(&v, payload + off, sizeof(v));
    return wh_Translate16(magic, v);
}

/* The payload size an OK response of kind must have, given its payload (the variable parts'
 * lengths are read from it) and the request's payload; -1 for a kind no server answers OK. */
static long expectedSize(uint16_t magic, uint16_t kind, const uint8_t* resp, uint16_t respLen,
                         const uint8_t* req, uint16_t reqLen)
{
    const uint16_t action = WH_MESSAGE_ACTION(kind);

    switch (WH_MESSAGE_GROUP(kind)) {
        case WH_MESSAGE_GROUP_COMM:
            switch (action) {
                case WH_MESSAGE_COMM_ACTION_CONNECT:
                    return sizeof(whMessageCommConnectResponse);
                case WH_MESSAGE_COMM_ACTION_INFO:
                    return sizeof(whMessageCommInfoResponse);
                case WH_MESSAGE_COMM_ACTION_ECHO:
                    return reqLen;
                case WH_MESSAGE_COMM_ACTION_CLOSE:
                    return 0;
                default:
                    return -1;
            }
        case WH_MESSAGE_GROUP_NVM:
            switch (action) {
                case WH_MESSAGE_NVM_ACTION_GETAVAILABLE:
                    return sizeof(whMessageNvmAvailableResponse);
                case WH_MESSAGE_NVM_ACTION_ADDOBJECT:
                case WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS:
                    return 0;
                case WH_MESSAGE_NVM_ACTION_LIST:
                    return sizeof(whMessageNvmListResponse);
                case WH_MESSAGE_NVM_ACTION_GETMETADATA:
                    return sizeof(whMessageNvmMetadataResponse);
                case WH_MESSAGE_NVM_ACTION_READ:
                    /* As many bytes as asked for. */
                    CHECK(reqLen >= sizeof(whMessageNvmReadRequest));
                    CHECK(respLen >= sizeof(whMessageNvmReadResponse));
                    CHECK(field16(magic, resp, offsetof(whMessageNvmReadResponse, len)) ==
                          field16(magic, req, offsetof(whMessageNvmReadRequest, len)));
                    return (long)sizeof(whMessageNvmReadResponse) +
                           field16(magic, resp, offsetof(whMessageNvmReadResponse, len));
                default:
                    return -1;
            }
        case WH_MESSAGE_GROUP_KEY:
            switch (action) {
                case WH_MESSAGE_KEY_ACTION_CACHE:
                case WH_MESSAGE_KEY_ACTION_COPY:
                    return sizeof(whMessageKeyCacheResponse);
                case WH_MESSAGE_KEY_ACTION_EVICT:
                case WH_MESSAGE_KEY_ACTION_COMMIT:
                case WH_MESSAGE_KEY_ACTION_ERASE:
                    return 0;
                case WH_MESSAGE_KEY_ACTION_EXPORT:
                    CHECK(respLen >= sizeof(whMessageKeyExportResponse));
                    CHECK(field16(magic, resp, offsetof(whMessageKeyExportResponse, len)) <=
                          WOLFHSM_CFG_KEYCACHE_BUFSIZE);
                    return (long)sizeof(whMessageKeyExportResponse) +
                           field16(magic, resp, offsetof(whMessageKeyExportResponse, len));
                default:
                    return -1;
            }
        case WH_MESSAGE_GROUP_COUNTER:
            switch (action) {
                case WH_MESSAGE_COUNTER_ACTION_INIT:
                case WH_MESSAGE_COUNTER_ACTION_INCREMENT:
                case WH_MESSAGE_COUNTER_ACTION_READ:
                case WH_MESSAGE_COUNTER_ACTION_RESET:
                case WH_MESSAGE_COUNTER_ACTION_INCREMENT_FROM:
                    return sizeof(whMessageCounterValueResponse);
                case WH_MESSAGE_COUNTER_ACTION_DESTROY:
                    return 0;
                default:
                    return -1;
            }
        case WH_MESSAGE_GROUP_CRYPTO:
            switch (action) {
                case WH_MESSAGE_CRYPTO_ACTION_RNG:
                case WH_MESSAGE_CRYPTO_ACTION_RNG_SEED:
                case WH_MESSAGE_CRYPTO_ACTION_DIGEST:
                case WH_MESSAGE_CRYPTO_ACTION_CIPHER:
                case WH_MESSAGE_CRYPTO_ACTION_SIGN:
                case WH_MESSAGE_CRYPTO_ACTION_VERIFY:
                case WH_MESSAGE_CRYPTO_ACTION_PUBKEY:
                case WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE:
                case WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY:
                    CHECK(respLen >= sizeof(whMessageCryptoOutResponse));
                    return (long)sizeof(whMessageCryptoOutResponse) +
                           field16(magic, resp, offsetof(whMessageCryptoOutResponse, len)) +
                           field16(magic, resp, offsetof(whMessageCryptoOutResponse, tagLen));
                case WH_MESSAGE_CRYPTO_ACTION_HKDF:
                case WH_MESSAGE_CRYPTO_ACTION_KEYGEN:
                case WH_MESSAGE_CRYPTO_ACTION_SHARED:
                    CHECK(respLen >= sizeof(whMessageCryptoKeyResponse));
                    return (long)sizeof(whMessageCryptoKeyResponse) +
                           field16(magic, resp, offsetof(whMessageCryptoKeyResponse, pubLen));
                default:
                    return -1;
            }
        case WH_MESSAGE_GROUP_SHE:
            switch (action) {
                case WH_MESSAGE_SHE_ACTION_LOAD_KEY:
                    return sizeof(whMessageSheLoadKeyResponse);
                case WH_MESSAGE_SHE_ACTION_LOAD_PLAIN_KEY:
                case WH_MESSAGE_SHE_ACTION_INIT_RNG:
                case WH_MESSAGE_SHE_ACTION_EXTEND_SEED:
                case WH_MESSAGE_SHE_ACTION_DEBUG_AUTHORIZATION:
                case WH_MESSAGE_SHE_ACTION_CANCEL:
                case WH_MESSAGE_SHE_ACTION_PROVISION:
                case WH_MESSAGE_SHE_ACTION_BOOT_FAILURE:
                case WH_MESSAGE_SHE_ACTION_BOOT_OK:
                    return 0;
                case WH_MESSAGE_SHE_ACTION_EXPORT_RAM_KEY:
                    return sizeof(whMessageSheExportResponse);
                case WH_MESSAGE_SHE_ACTION_RND:
                case WH_MESSAGE_SHE_ACTION_GENERATE_MAC:
                case WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE:
                    return WH_SHE_BLOCK;
                case WH_MESSAGE_SHE_ACTION_GET_STATUS:
                case WH_MESSAGE_SHE_ACTION_SECURE_BOOT:
                    return sizeof(whMessageSheStatusResponse);
                case WH_MESSAGE_SHE_ACTION_GET_ID:
                    return sizeof(whMessageSheGetIdResponse);
                case WH_MESSAGE_SHE_ACTION_VERIFY_MAC:
                    return sizeof(whMessageSheVerifyResponse);
                case WH_MESSAGE_SHE_ACTION_ENC_ECB:
                case WH_MESSAGE_SHE_ACTION_ENC_CBC:
                case WH_MESSAGE_SHE_ACTION_DEC_ECB:
                case WH_MESSAGE_SHE_ACTION_DEC_CBC: {
                    uint32_t len;
                    CHECK(respLen >= sizeof(whMessageSheCipher));
                    memcpy(&len, resp + offsetof(whMessageSheCipher, len), sizeof(len));
                    return (long)sizeof(whMessageSheCipher) + (long)wh_Translate32(magic, len);
                }
                default:
                    return -1;
            }
        default:
            return -1;
    }
}

/* What the server was given: the mailbox's bytes before it answered (a claim past the
 * packet reads what an earlier response left there). */
static uint8_t sent[sizeof(whCommPacket)];

/* One request: publish pkt (pktLen bytes) under the claimed length, serve it, check the
 * response. */
static void serveOne(whTestPair* p, const uint8_t* pkt, uint16_t pktLen, uint16_t claim)
{
    whMailbox*     mb        = &p->region->mailbox;
    const uint32_t counter   = ((atomic_load(&mb->req.ctrl) >> 16) + 1u) & 0xFFFFu;
    const int      connected = p->server.connected;
    /* What the server gets: the claim, clamped to its private packet. */
    const uint16_t got = (claim < sizeof(whCommPacket)) ? claim : (uint16_t)sizeof(whCommPacket);
    whCommHeader   req;
    whCommHeader   resp;
    uint32_t       ctrl;
    uint16_t       respLen;
    uint16_t       magic;
    int16_t        verdict;
    int            rc;

    snapshot(p->server.nvm, &st.before);
    memcpy(mb->data.bytes, pkt, pktLen);
    memcpy(sent, mb->data.bytes, got);
    atomic_store(&mb->req.ctrl, (counter << 16) | claim);
    /* The server's private copy of the request is a fixed buffer: what lies past the bytes it
     * receives is poisoned, so that a handler reading past its request is caught. */
    ASAN_POISON_MEMORY_REGION((uint8_t*)&p->server.comm.request + got, sizeof(whCommPacket) - got);
    rc = wh_Server_HandleRequestMessage(&p->server);
    ASAN_UNPOISON_MEMORY_REGION(&p->server.comm.request, sizeof(whCommPacket));
    CHECK(rc == WH_ERROR_OK);

    ctrl    = atomic_load(&mb->resp.ctrl);
    respLen = (uint16_t)(ctrl & 0xFFFFu);
    CHECK((ctrl >> 16) == counter);
    CHECK(respLen <= sizeof(whCommPacket));
    if (got < sizeof(whCommHeader)) {
        CHECK(respLen == 0);
        if (getenv("FUZZ_TRACE") != NULL) {
            fprintf(stderr, "request of %u bytes: empty answer\n", got);
        }
        return;
    }
    CHECK(respLen >= sizeof(whCommHeader));
    memcpy(&req, sent, sizeof(req));
    memcpy(&resp, mb->data.bytes, sizeof(resp));
    /* Same kind and seq bytes; the magic in the order the request's magic suggests. */
    CHECK(resp.kind == req.kind);
    CHECK(resp.seq == req.seq);
    if (wh_Message_CheckMagic(req.magic) == WH_ERROR_OK) {
        CHECK(resp.magic == req.magic);
    }
    else {
        CHECK((resp.magic == WH_COMM_MAGIC_NATIVE) || (resp.magic == WH_COMM_MAGIC_SWAPPED));
    }
    magic   = resp.magic;
    verdict = (int16_t)wh_Translate16(magic, resp.aux);
    if (getenv("FUZZ_TRACE") != NULL) {
        fprintf(stderr, "request kind 0x%04x, %u bytes: verdict %d, %u bytes\n",
                wh_Translate16(magic, req.kind), got, verdict, respLen);
    }
    if ((wh_Message_CheckMagic(req.magic) == WH_ERROR_OK) && (claim <= sizeof(whCommPacket)) &&
        !connected &&
        (WH_MESSAGE_GROUP(wh_Translate16(magic, req.kind)) != WH_MESSAGE_GROUP_COMM)) {
        CHECK((verdict == WH_ERROR_NOTCONNECTED) || (verdict == WH_ERROR_RESTARTED));
    }
    if (verdict == WH_ERROR_RESTARTED) {
        /* a stale or forged epoch: refused before any handler, nothing changed */
        CHECK((p->server.comm.reqLink != 0u) && (p->server.comm.reqLink != p->server.comm.epoch));
        snapshot(p->server.nvm, &st.after);
        CHECK(memcmp(&st.before, &st.after, sizeof(st.before)) == 0);
    }
    if (verdict != WH_ERROR_OK) {
        CHECK(sendableError(verdict));
        CHECK(respLen == sizeof(whCommHeader));
        return;
    }
    /* OK: a well-formed request of a known kind, answered with its payload. */
    {
        const uint16_t kind = wh_Translate16(magic, req.kind);
        const long     exp  = expectedSize(magic, kind, mb->data.bytes + sizeof(resp),
                                           (uint16_t)(respLen - sizeof(resp)), sent + sizeof(req),
                                           (uint16_t)(got - sizeof(req)));
        CHECK(claim <= sizeof(whCommPacket));
        CHECK(wh_Message_CheckMagic(req.magic) == WH_ERROR_OK);
        CHECK(connected || (WH_MESSAGE_GROUP(kind) == WH_MESSAGE_GROUP_COMM));
        CHECK(exp >= 0);
        CHECK((long)respLen - (long)sizeof(resp) == exp);
    }
}

/* After the session: a well-behaved client still gets its echo. */
static void expectEcho(whTestPair* p)
{
    uint8_t  out[5];
    uint16_t outSize = sizeof(out);
    int32_t  rc      = -1;

    clientRestart(p);
    CHECK(wh_Client_EchoRequest(&p->client, 5, "alive") == WH_ERROR_OK);
    CHECK(wh_Server_HandleRequestMessage(&p->server) == WH_ERROR_OK);
    CHECK(wh_Client_EchoResponse(&p->client, &outSize, out, &rc) == WH_ERROR_OK);
    CHECK(rc == WH_ERROR_OK);
    CHECK((outSize == 5) && (memcmp(out, "alive", 5) == 0));
}

static uint8_t packet[sizeof(whCommPacket)];

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    cursor      in = {data, size};
    whTestPair* p  = &st.pair;
    uint8_t     setup;
    int         i;

    if (!take(&in, &setup, 1)) {
        return 0;
    }
    st.connect = !(setup & 0x01u);
    nvmUp(&st.nvm, 1);
    whTest_PairInit(p, &st.nvm.nvm, (uint16_t)(1u + ((setup >> 1) & 0x0Fu) % WH_CLIENT_ID_MAX), 0,
                    0);
    if (st.connect) {
        connectClient(p);
    }

    for (i = 0; i < FUZZ_MAX_REQUESTS; i++) {
        uint8_t      ctrl;
        whCommHeader h;
        uint16_t     claim = 0;
        uint16_t     len;
        uint8_t      epochs[8];

        if (!take(&in, &ctrl, 1)) {
            break;
        }
        if ((ctrl & CTRL_EPOCHS) && !take(&in, epochs, sizeof(epochs))) {
            break;
        }
        if (ctrl & CTRL_RAW) {
            if (!take(&in, &h, sizeof(h))) {
                break;
            }
        }
        else {
            uint8_t        ga[2];
            const uint16_t magic = (ctrl & CTRL_SWAPPED) ? WH_COMM_MAGIC_SWAPPED
                                                         : WH_COMM_MAGIC_NATIVE;
            if (!take(&in, ga, sizeof(ga))) {
                break;
            }
            h.magic = magic; /* the magic reads as itself in either order */
            h.kind  = wh_Translate16(magic, WH_MESSAGE_KIND(ga[0], ga[1]));
            h.seq   = wh_Translate16(magic, (uint16_t)i);
            h.aux   = 0;
        }
        if (((ctrl & CTRL_CLAIM) && !take16(&in, &claim)) || !take16(&in, &len)) {
            break;
        }
        if (len > in.n) {
            len = (uint16_t)in.n;
        }
        if (len > WOLFHSM_CFG_COMM_DATA_LEN) {
            len = WOLFHSM_CFG_COMM_DATA_LEN;
        }
        memcpy(packet, &h, sizeof(h));
        (void)take(&in, packet + sizeof(h), len);
        if (!(ctrl & CTRL_CLAIM)) {
            claim = (uint16_t)(sizeof(h) + len);
        }
        if (ctrl & CTRL_POWERCYCLE) {
            powerCycle(&st);
        }
        if (ctrl & CTRL_EPOCHS) {
            atomic_store(&p->region->mailbox.req.link,
                         (uint32_t)epochs[0] | ((uint32_t)epochs[1] << 8) |
                             ((uint32_t)epochs[2] << 16) | ((uint32_t)epochs[3] << 24));
            atomic_store(&p->region->mailbox.req.epoch,
                         (uint32_t)epochs[4] | ((uint32_t)epochs[5] << 8) |
                             ((uint32_t)epochs[6] << 16) | ((uint32_t)epochs[7] << 24));
        }
        /* What lies past the packet in the buffer is stale: a claim past it reads that. */
        serveOne(p, packet, (uint16_t)(sizeof(h) + len), claim);
    }

    expectEcho(p);
    powerCycle(&st);
    whTest_PairCleanup(p);
    nvmDown(&st.nvm);
    return 0;
}
