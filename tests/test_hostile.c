/*
 * test_hostile.c: a compromised host core against the HSM. The host owns the
 * request half of its mailbox and may write anything there at any time, also while the
 * server is reading it: a double-fetch / TOCTOU attacker. The server must copy a request
 * out before it looks at it (wh_transport_mem.h, step 2), so what the attacker writes after
 * the copy changes nothing, and what it writes before (or during) the copy is just another
 * request, which the server must check like any other.
 *
 * Each round takes one well-formed request of one group and action (COMM, NVM, KEY,
 * COUNTER, CRYPTO: RNG, digests and MACs one shot and streamed, AES one shot and streamed
 * GCM, HKDF, key generation, sign, verify incl. LMS, shared secrets, public keys), publishes
 * it in client 1's mailbox and hands it to an attacker thread, which rewrites it: header
 * fields (magic, kind, seq, aux), the lengths and ids of the payload at their offsets,
 * random bytes, bit flips, runs, the claimed length in the control word, and republishing
 * under a new counter. A few rewrites happen before the server looks (seeded: the same
 * seed gives the same request); in most rounds the attacker then keeps rewriting (flipping
 * a field between its valid and an evil value, scribbling, churning the claimed length)
 * while the server copies and handles it. Every request the server answers is checked:
 *   - a response is well formed: the verdict in the header, in the requester's byte order,
 *     echoing its kind and seq; an error has an empty payload; OK has the payload size its
 *     action defines, and the sizes in it agree with the server's private copy of the
 *     request (a value fetched twice from the mailbox would show up here);
 *   - the server's counters (requests, malformed, dropped) move exactly as the verdicts
 *     say;
 *   - no response carries a byte sequence of a protected secret (client 2's keys and
 *     object, the global non-exportable key, client 1's own non-exportable keys).
 * After the rounds of each group: client 2's non-exportable keys still work and are still
 * refused to an export, its objects and counter keep their values, and client 1 still gets
 * an echo through the client API.
 *
 * Besides the seeded rounds: test_requests_valid shows every request left alone is
 * accepted (the attacks start from the deep path); test_sweep sets every aimed field of every
 * action to each boundary value, reads every payload as every other kind, and claims every
 * boundary length, ordered and deterministic; test_deferred_rewritten (THREADSAFE) has the
 * NVM lock held by another owner, so that requests needing it are left in the mailbox (the
 * scheduler's deferral, a second fetch by design), checks the first attempt changed nothing,
 * rewrites the waiting request and checks what is served from the new copy; test_flood
 * serves client 1 from its own thread while the attacker publishes rewritten requests back
 * to back (client 2 working at the same time in THREADSAFE builds).
 *
 * The program runs under ASAN=1 too: an out-of-bounds read or write anywhere on these paths
 * stops it. Not under TSAN: the attacker's writes racing the server's copy are the point of
 * the test, and a data race by design is what ThreadSanitizer reports, so a TSAN build keeps
 * only the rewrites made before the server looks (ordered by the handshake) and skips the
 * flood.
 *
 * Reproduce: the seed and the round of a failure are printed; WH_HOSTILE_SEED=n and
 * WH_HOSTILE_ROUNDS=n (rounds per action, default 32) in the environment set them.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "kat_rfc8554.h"
#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_message_counter.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_message_key.h"
#include "wolfhsm/wh_message_nvm.h"
#include "wolfhsm/wh_message_she.h"
#include "wolfhsm/wh_nvm_types.h"

/* ThreadSanitizer reports the attacker's writes racing the server's copy of the request:
 * they are the attack, not a bug. Under TSAN only the ordered part runs. */
#if defined(__SANITIZE_THREAD__)
#define HOSTILE_RACING 0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOSTILE_RACING 0
#endif
#endif
#ifndef HOSTILE_RACING
#define HOSTILE_RACING 1
#endif

#define ID_A 1 /* the compromised host's client */
#define ID_B 2 /* a well-behaved client on the same NVM */
#define DEFAULT_ROUNDS 32
#define DEFAULT_SEED 0x1205EEDu
#define FLOOD_PACKETS 1500
#define HDR ((uint16_t)sizeof(whCommHeader))
#define DATA_LEN WOLFHSM_CFG_COMM_DATA_LEN
#define KIND WH_MESSAGE_KIND

/* Client 2's things (the same numbers name client 1's own, different, things). */
#define B_KEY 0x42u
#define B_OBJ 0x43u
#define B_COUNTER 0x44u
#define G_KEY (WH_ID_GLOBAL | 0x42u)
#define G_OBJ (WH_ID_GLOBAL | 0x43u)

#ifdef WOLFHSM_CFG_GLOBAL_KEYS
#define HAVE_GLOBAL_KEYS 1
#else
#define HAVE_GLOBAL_KEYS 0 /* global ids are refused (WH_ERROR_BADARGS) */
#endif

#define USAGE WH_NVM_FLAGS_USAGE_ANY
#define KEYTYPE WH_NVM_FLAGS_KEYTYPE

/* ---- a seeded PRNG (splitmix64): the same seed, the same request and rewrites ---- */

typedef struct {
    uint64_t s;
} Rng;

static uint64_t rngNext(Rng* r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z          = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z          = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t rngBelow(Rng* r, uint32_t n)
{
    return (uint32_t)(rngNext(r) % n);
}

static void rngFill(Rng* r, uint8_t* buf, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)rngNext(r);
    }
}

/* ---- a request as the host builds it, with the offsets worth aiming at ---- */

#define MAX_FIELDS 16

typedef struct {
    uint16_t kind;
    uint16_t len; /* payload bytes */
    uint8_t  nFields;
    uint8_t  pad[3];
    uint16_t fields[MAX_FIELDS]; /* payload offsets of 16-bit fields: lengths, ids, modes */
    uint8_t  payload[DATA_LEN];
} Req;

static void reqInit(Req* r, uint16_t group, uint16_t action)
{
    memset(r, 0, sizeof(*r));
    r->kind = KIND(group, action);
}

static void reqPut(Req* r, const void* data, size_t n)
{
    assert_true(r->len + n <= sizeof(r->payload));
    if (n > 0) {
        memcpy(r->payload + r->len, data, n);
    }
    r->len = (uint16_t)(r->len + n);
}

/* Fields at these payload offsets (a list ended by 0xFFFF; offset 0 is a field too). */
static void reqFields(Req* r, const uint16_t* offs)
{
    for (; (*offs != 0xFFFFu) && (r->nFields < MAX_FIELDS); offs++) {
        r->fields[r->nFields++] = *offs;
    }
}
#define FIELDS(r, ...)                                       \
    do {                                                     \
        static const uint16_t o_[] = {__VA_ARGS__, 0xFFFFu}; \
        reqFields((r), o_);                                  \
    } while (0)
#define OFF(type, field) ((uint16_t)offsetof(type, field))

/* ---- the attacker: rewrites the mailbox on its own thread ---- */

enum { PAT_SCRIBBLE, PAT_FLIPFLOP, PAT_CLAIM, PAT_REPUBLISH, PAT_COUNT };

typedef struct {
    int      pre;     /* rewrites before the server looks */
    int      racing;  /* keep rewriting while it handles the request */
    int      pattern; /* PAT_*: what the racing rewrites do */
    uint16_t pktLen;  /* header + payload as published */
    uint16_t target;  /* PAT_FLIPFLOP: mailbox offset of the field ... */
    uint16_t orig;    /* ... its valid value ... */
    uint16_t evil;    /* ... and the other one */
    uint16_t claim;   /* PAT_CLAIM: the other claimed length */
    uint8_t  nFields;
    uint8_t  pad;
    uint16_t fields[MAX_FIELDS + 4]; /* mailbox offsets: header fields, then the payload's */
    uint32_t republished;            /* at most MAX_REPUBLISH a round: the 16-bit counter
                                      * must not wrap around to the server's own */
    uint16_t snapLen;                /* the request as the server would find it at AT_READY */
    uint8_t  snap[HDR + DATA_LEN];
    Rng      rng;
} Plan;
#define MAX_REPUBLISH 256u

enum { AT_IDLE, AT_GO, AT_READY, AT_DONE, AT_QUIT };

typedef struct {
    pthread_t       thread;
    pthread_mutex_t mutex;
    pthread_cond_t  cond;
    int             state; /* AT_*, under mutex */
    atomic_int      ready; /* the first rewrites are done: serve now (spun on, not slept on:
                            * the server must run while the attacker does, on another core) */
    atomic_int      stop;  /* ends the racing rewrites */
    whMailbox*      mb;
    Plan            plan;   /* set by the main thread before AT_GO */
    uint64_t        writes; /* rewrites done, all rounds */
} Attacker;

/* The attacker's stores: plain bytes, as another core would write them. */
static void poke8(whMailbox* mb, size_t off, uint8_t v)
{
    if (off < sizeof(mb->data.bytes)) {
        ((volatile uint8_t*)mb->data.bytes)[off] = v;
    }
}

static void poke16(whMailbox* mb, size_t off, uint16_t v)
{
    poke8(mb, off, (uint8_t)v);
    poke8(mb, off + 1u, (uint8_t)(v >> 8));
}

static uint16_t peek16(const whMailbox* mb, size_t off)
{
    uint16_t v;
    memcpy(&v, mb->data.bytes + off, sizeof(v));
    return v;
}

static void setClaim(whMailbox* mb, uint16_t claim)
{
    uint32_t c = atomic_load_explicit(&mb->req.ctrl, memory_order_relaxed);
    atomic_store_explicit(&mb->req.ctrl, (c & 0xFFFF0000u) | claim, memory_order_release);
}

/* Publish what the mailbox holds again, as a new request (a new counter). */
static void republish(whMailbox* mb, uint16_t claim)
{
    uint32_t c = atomic_load_explicit(&mb->req.ctrl, memory_order_relaxed);
    atomic_store_explicit(&mb->req.ctrl, (((c >> 16) + 1u) << 16) | claim, memory_order_release);
}

static uint16_t interestingValue(Rng* r, uint16_t orig, uint16_t pktLen)
{
    static const uint16_t fixed[] = {0,     1,    2,    3,    4,      7,      8,      12,    15,
                                     16,    17,   28,   31,   32,     33,     48,     63,    64,
                                     65,    96,   97,   255,  256,    257,    0x1FF,  0x200, 0x201,
                                     0x2FF, 511,  513,  1024, 2048,   3040,   3064,   3068,  3071,
                                     3072,  3073, 3080, 3136, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF};

    switch (rngBelow(r, 10)) {
        case 0:
            return (uint16_t)(orig + 1u);
        case 1:
            return (uint16_t)(orig - 1u);
        case 2:
            return wh_Bswap16(orig);
        case 3:
            return (uint16_t)(orig | WH_ID_GLOBAL);
        case 4: /* another owner or type in the id bits */
            return (uint16_t)((orig & 0xFFu) | (rngBelow(r, 256) << 8));
        case 5:
            return (uint16_t)rngNext(r);
        case 6: /* about what is left of the packet */
            return (uint16_t)(pktLen - rngBelow(r, 24));
        default:
            return fixed[rngBelow(r, sizeof(fixed) / sizeof(fixed[0]))];
    }
}

static uint16_t headerValue(Rng* r, uint16_t field, uint16_t orig)
{
    static const uint16_t magics[] = {WH_COMM_MAGIC_NATIVE,
                                      WH_COMM_MAGIC_SWAPPED,
                                      (WH_COMM_MAGIC_TAG << 8) | (WH_COMM_VERSION - 1),
                                      (WH_COMM_MAGIC_TAG << 8) | (WH_COMM_VERSION + 1),
                                      ((WH_COMM_VERSION + 1) << 8) | WH_COMM_MAGIC_TAG,
                                      0x0000,
                                      0xFFFF};

    switch (field) {
        case 0:
            return (rngBelow(r, 8) == 0) ? (uint16_t)rngNext(r)
                                         : magics[rngBelow(r, sizeof(magics) / sizeof(magics[0]))];
        case 2:
            switch (rngBelow(r, 4)) {
                case 0:
                    return (uint16_t)rngNext(r);
                case 1:
                    return wh_Bswap16(orig);
                default: /* a real group (and some next to them) with a nearby action */
                    return KIND(rngBelow(r, 7), rngBelow(r, 12));
            }
        default:
            return (uint16_t)rngNext(r);
    }
}

/* One rewrite of the request in the mailbox. */
static void mutate(whMailbox* mb, Plan* pl, int racing)
{
    Rng*     r    = &pl->rng;
    uint32_t what = rngBelow(r, racing ? 20 : 18);
    uint16_t len  = pl->pktLen;

    if (what < 6) { /* an aimed field of the payload */
        if (pl->nFields > 4) {
            uint16_t off = pl->fields[4 + rngBelow(r, pl->nFields - 4u)];
            poke16(mb, off, interestingValue(r, peek16(mb, off), len));
            return;
        }
        what = 6;
    }
    if (what < 9) { /* a header field */
        uint16_t field = (uint16_t)(2u * rngBelow(r, 4));
        poke16(mb, field, headerValue(r, field, peek16(mb, field)));
    }
    else if (what < 12) { /* a random byte, mostly within the packet */
        poke8(mb, rngBelow(r, len + 16u), (uint8_t)rngNext(r));
    }
    else if (what < 14) { /* a bit flip */
        size_t off = rngBelow(r, len);
        poke8(mb, off, (uint8_t)(mb->data.bytes[off] ^ (1u << rngBelow(r, 8))));
    }
    else if (what < 15) { /* a run of one value */
        size_t  off = rngBelow(r, len + 8u);
        size_t  n   = 1u + rngBelow(r, 64);
        uint8_t v   = (uint8_t)((rngBelow(r, 3) == 0) ? 0 : (rngBelow(r, 2) ? 0xFF : rngNext(r)));
        size_t  i;
        for (i = 0; i < n; i++) {
            poke8(mb, off + i, v);
        }
    }
    else if (what < 18) { /* the claimed length */
        static const uint16_t claims[] = {0,    1,    4,    7,    8,    9,      HDR + 4,
                                          3080, 3081, 3135, 3136, 3137, 0x8000, 0xFFFF};
        uint16_t              c;
        switch (rngBelow(r, 4)) {
            case 0:
                c = claims[rngBelow(r, sizeof(claims) / sizeof(claims[0]))];
                break;
            case 1:
                c = (uint16_t)(len + 1u + rngBelow(r, 64));
                break;
            case 2:
                c = (uint16_t)(len - 1u - rngBelow(r, (len < 16u) ? len : 16u));
                break;
            default:
                c = (uint16_t)rngBelow(r, WH_MAILBOX_BUFFER_SIZE + 64u);
                break;
        }
        setClaim(mb, c);
    }
    else if (pl->republished < MAX_REPUBLISH) { /* racing only: publish again, as new */
        pl->republished++;
        republish(mb, len);
    }
}

/* One racing rewrite, following the round's pattern. */
static void raceStep(whMailbox* mb, Plan* pl, uint64_t i)
{
    switch (pl->pattern) {
        case PAT_FLIPFLOP:
            poke16(mb, pl->target, (i & 1u) ? pl->orig : pl->evil);
            break;
        case PAT_CLAIM:
            setClaim(mb, (i & 1u) ? pl->pktLen : pl->claim);
            break;
        case PAT_REPUBLISH:
            if (((i % 64u) == 0) && (pl->republished < MAX_REPUBLISH)) {
                pl->republished++;
                republish(mb, pl->pktLen);
            }
            else {
                poke16(mb, pl->target, (i & 1u) ? pl->orig : pl->evil);
            }
            break;
        default:
            mutate(mb, pl, 1);
            break;
    }
}

static void attackerSet(Attacker* at, int state)
{
    pthread_mutex_lock(&at->mutex);
    if (at->state != AT_QUIT) { /* quitting wins (a failed test's teardown) */
        at->state = state;
    }
    pthread_cond_broadcast(&at->cond);
    pthread_mutex_unlock(&at->mutex);
}

static void attackerAwait(Attacker* at, int state)
{
    pthread_mutex_lock(&at->mutex);
    while (at->state != state) {
        pthread_cond_wait(&at->cond, &at->mutex);
    }
    pthread_mutex_unlock(&at->mutex);
}

static void* attackerMain(void* arg)
{
    Attacker* at = arg;

    for (;;) {
        Plan*    pl;
        uint64_t i;
        int      n;

        pthread_mutex_lock(&at->mutex);
        while ((at->state != AT_GO) && (at->state != AT_QUIT)) {
            pthread_cond_wait(&at->cond, &at->mutex);
        }
        if (at->state == AT_QUIT) {
            pthread_mutex_unlock(&at->mutex);
            return NULL;
        }
        pthread_mutex_unlock(&at->mutex);

        pl = &at->plan;
        for (n = 0; n < pl->pre; n++) {
            mutate(at->mb, pl, 0);
        }
        at->writes += (uint64_t)pl->pre;
        pl->snapLen = (uint16_t)(atomic_load(&at->mb->req.ctrl) & 0xFFFFu);
        if (pl->snapLen > sizeof(pl->snap)) {
            pl->snapLen = sizeof(pl->snap);
        }
        memcpy(pl->snap, at->mb->data.bytes, pl->snapLen);
        atomic_store_explicit(&at->ready, 1, memory_order_release);
        attackerSet(at, AT_READY);
        for (i = 0; pl->racing && !atomic_load_explicit(&at->stop, memory_order_relaxed); i++) {
            raceStep(at->mb, pl, i);
            at->writes++;
        }
        attackerSet(at, AT_DONE);
    }
}

/* ---- the fixture: client 1 (hostile) and client 2 over one NVM ---- */

#define MAX_SECRETS 8
#define MAX_UNDO 64

typedef struct {
    uint16_t kind; /* what to send to clean up after a request that succeeded */
    uint16_t id;
} Undo;

typedef struct {
    whTestNvm  nvm;
    whTestPair a;
    whTestPair b;
    Attacker   at;
    uint32_t   seed;
    uint32_t   rounds;
    char       where[160]; /* what is running, for failure messages */

    /* Client 1's key material and the ids it is cached under this round. */
    uint8_t  aes[32];    /* non-exportable: a secret */
    uint8_t  aesExp[16]; /* exportable */
    uint8_t  ecc[96];    /* d || Qx || Qy, non-exportable: d is a secret */
    uint8_t  eccPeer[64];
    uint8_t  ed[64]; /* seed || public */
    uint8_t  x[64];  /* private || public */
    uint8_t  xPeer[32];
    uint8_t  hash[32];
    uint8_t  ecdsaSig[WH_CRYPTO_MAX_SIG];
    uint16_t ecdsaSigLen;
    uint8_t  edMsg[48];
    uint8_t  edSig[64];
    uint16_t kAes, kAesExp, kEcc, kEd, kX;
    uint16_t seq;

    /* Client 2's things and what they must keep saying. */
    uint8_t  bKey[32];
    uint8_t  gKey[32];
    uint8_t  bObj[64];
    uint8_t  gObj[64];
    uint8_t  bKeyMac[16];
    uint8_t  gKeyMac[16];
    uint32_t bCounter;

    /* Secrets no response may carry. */
    const uint8_t* secret[MAX_SECRETS];
    size_t         secretLen[MAX_SECRETS];
    int            nSecrets;
    uint8_t        prefix[65536 / 8]; /* first two bytes of each 16-byte window of a secret */

    Undo undo[MAX_UNDO];
    int  nUndo;
    int  aThread; /* a server thread serves client 1 (the flood) */
    int  bThread; /* ... and client 2 */

    /* Figures, of the requests served while the attacker was at work. */
    uint32_t inAttack;     /* 1 while it is */
    uint32_t attacked;     /* rounds */
    uint32_t served;       /* requests answered */
    uint32_t ok;           /* ... with WH_ERROR_OK */
    uint32_t malformed;    /* ... counted as malformed */
    uint32_t dropped;      /* ... shorter than a header */
    uint32_t preMisses;    /* preparations that found the store in a state the attacker left */
    uint32_t racedCopies;  /* rounds whose request a racing rewrite changed in the copy */
    uint32_t verdicts[80]; /* by -(verdict + 2000) */
} Fixture;

static Fixture fx;

static void fixtureFail(Fixture* f, const char* what, int line)
{
    const whCommPacket* rq = &f->a.server.comm.request;
    size_t              i;

    fprintf(stderr, "hostile: check failed: %s (test_hostile.c:%d)\n  in %s\n", what, line,
            f->where);
    fprintf(stderr, "  server's copy of the request: magic %04x kind %04x seq %04x, payload:",
            rq->hdr.magic, rq->hdr.kind, rq->hdr.seq);
    for (i = 0; i < 48; i++) {
        fprintf(stderr, "%s%02x", (i % 16) ? "" : "\n   ", rq->data.bytes[i]);
    }
    fprintf(stderr, "\n");
    fail();
}
#define CHECK(f, cond)                         \
    do {                                       \
        if (!(cond)) {                         \
            fixtureFail((f), #cond, __LINE__); \
        }                                      \
    } while (0)

static void addSecret(Fixture* f, const uint8_t* s, size_t len)
{
    size_t i;

    assert_true((f->nSecrets < MAX_SECRETS) && (len >= 16));
    f->secret[f->nSecrets]    = s;
    f->secretLen[f->nSecrets] = len;
    f->nSecrets++;
    for (i = 0; i + 16 <= len; i++) {
        unsigned p = ((unsigned)s[i] << 8) | s[i + 1];
        f->prefix[p / 8] |= (uint8_t)(1u << (p % 8));
    }
}

/* Does buf hold 16 consecutive bytes of a secret? */
static int leaks(const Fixture* f, const uint8_t* buf, size_t len)
{
    size_t i;
    int    s;

    for (i = 0; i + 16 <= len; i++) {
        unsigned p = ((unsigned)buf[i] << 8) | buf[i + 1];
        if ((f->prefix[p / 8] & (1u << (p % 8))) == 0) {
            continue;
        }
        for (s = 0; s < f->nSecrets; s++) {
            size_t j;
            for (j = 0; j + 16 <= f->secretLen[s]; j++) {
                if (memcmp(buf + i, f->secret[s] + j, 16) == 0) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* ---- reading the wire in a given byte order ---- */

static uint16_t rd16(const uint8_t* p, size_t off, uint16_t magic)
{
    uint16_t v;
    memcpy(&v, p + off, sizeof(v));
    return wh_Translate16(magic, v);
}

static uint32_t rd32(const uint8_t* p, size_t off, uint16_t magic)
{
    uint32_t v;
    memcpy(&v, p + off, sizeof(v));
    return wh_Translate32(magic, v);
}

static int validWireId(uint16_t id)
{
    return ((id & ~WH_ID_VALID_BITS) == 0u) && (WH_ID_NUMBER(id) != 0u);
}

static uint16_t digestLen(uint16_t alg)
{
    switch (alg) {
        case WH_CRYPTO_SHA256:
        case WH_CRYPTO_HMAC_SHA256:
            return 32;
        case WH_CRYPTO_SHA384:
        case WH_CRYPTO_HMAC_SHA384:
            return 48;
        case WH_CRYPTO_SHA512:
            return 64;
        case WH_CRYPTO_CMAC_AES:
            return 16;
        default:
            return 0;
    }
}

static void noteUndo(Fixture* f, uint16_t kind, uint16_t id)
{
    if (f->nUndo < MAX_UNDO) {
        f->undo[f->nUndo++] = (Undo){kind, id};
    }
}

/* An OK response of the action kind: the payload size the action defines, its sizes agreeing
 * with the server's private copy of the request q. Notes what to undo. */
static void checkOk(Fixture* f, uint16_t kind, uint16_t magic, const uint8_t* q, const uint8_t* r,
                    uint16_t n)
{
    const uint16_t group  = WH_MESSAGE_GROUP(kind);
    const uint16_t action = WH_MESSAGE_ACTION(kind);
    const size_t   out    = sizeof(whMessageCryptoOutResponse);

    switch (group) {
        case WH_MESSAGE_GROUP_COMM:
            switch (action) {
                case WH_MESSAGE_COMM_ACTION_CONNECT:
                    CHECK(f, n == sizeof(whMessageCommConnectResponse));
                    CHECK(f, rd16(r, 0, magic) == ID_A);
                    return;
                case WH_MESSAGE_COMM_ACTION_INFO:
                    CHECK(f, n == sizeof(whMessageCommInfoResponse));
                    CHECK(f, rd16(r, OFF(whMessageCommInfoResponse, clientId), magic) == ID_A);
                    return;
                case WH_MESSAGE_COMM_ACTION_ECHO: /* exactly what the server copied */
                    CHECK(f, n <= DATA_LEN);
                    CHECK(f, memcmp(r, q, n) == 0);
                    return;
                default:
                    CHECK(f, (action == WH_MESSAGE_COMM_ACTION_CLOSE) && (n == 0));
                    return;
            }
        case WH_MESSAGE_GROUP_NVM:
            switch (action) {
                case WH_MESSAGE_NVM_ACTION_GETAVAILABLE:
                    CHECK(f, n == sizeof(whMessageNvmAvailableResponse));
                    return;
                case WH_MESSAGE_NVM_ACTION_ADDOBJECT:
                    CHECK(f, n == 0);
                    noteUndo(f, kind, rd16(q, 0, magic));
                    return;
                case WH_MESSAGE_NVM_ACTION_LIST: {
                    uint16_t id = rd16(r, OFF(whMessageNvmListResponse, id), magic);
                    CHECK(f, n == sizeof(whMessageNvmListResponse));
                    CHECK(f, (id == 0) || validWireId(id));
                    return;
                }
                case WH_MESSAGE_NVM_ACTION_GETMETADATA:
                    CHECK(f, n == sizeof(whMessageNvmMetadataResponse));
                    CHECK(f, rd16(r, 0, magic) == rd16(q, 0, magic));
                    return;
                case WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS:
                    CHECK(f, n == 0);
                    return;
                default: { /* READ: the length asked for */
                    uint16_t len = rd16(q, OFF(whMessageNvmReadRequest, len), magic);
                    CHECK(f, action == WH_MESSAGE_NVM_ACTION_READ);
                    CHECK(f, rd16(r, 0, magic) == len);
                    CHECK(f, n == sizeof(whMessageNvmReadResponse) + len);
                    return;
                }
            }
        case WH_MESSAGE_GROUP_KEY:
            switch (action) {
                case WH_MESSAGE_KEY_ACTION_CACHE:
                case WH_MESSAGE_KEY_ACTION_COPY: { /* both name the new key first */
                    uint16_t id  = rd16(r, 0, magic);
                    uint16_t req = rd16(q, 0, magic);
                    CHECK(f, n == sizeof(whMessageKeyCacheResponse));
                    CHECK(f, validWireId(id));
                    CHECK(f, (WH_ID_NUMBER(req) == 0) || (id == req));
                    noteUndo(f, KIND(WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT), id);
                    return;
                }
                case WH_MESSAGE_KEY_ACTION_EXPORT: {
                    uint16_t flags = rd16(r, OFF(whMessageKeyExportResponse, flags), magic);
                    uint16_t len   = rd16(r, OFF(whMessageKeyExportResponse, len), magic);
                    CHECK(f, (flags & WH_NVM_FLAGS_NONEXPORTABLE) == 0);
                    CHECK(f, len <= WOLFHSM_CFG_KEYCACHE_BUFSIZE);
                    CHECK(f, n == sizeof(whMessageKeyExportResponse) + len);
                    return;
                }
                case WH_MESSAGE_KEY_ACTION_COMMIT:
                    CHECK(f, n == 0);
                    noteUndo(f, KIND(WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_ERASE),
                             rd16(q, 0, magic));
                    return;
                default:
                    CHECK(f, n == 0);
                    return;
            }
        case WH_MESSAGE_GROUP_COUNTER:
            if (action == WH_MESSAGE_COUNTER_ACTION_DESTROY) {
                CHECK(f, n == 0);
                return;
            }
            CHECK(f, n == sizeof(whMessageCounterValueResponse));
            if (action == WH_MESSAGE_COUNTER_ACTION_INIT) {
                CHECK(f,
                      rd32(r, 0, magic) == rd32(q, OFF(whMessageCounterInitRequest, value), magic));
                noteUndo(f, KIND(WH_MESSAGE_GROUP_COUNTER, WH_MESSAGE_COUNTER_ACTION_DESTROY),
                         rd16(q, 0, magic));
            }
            if (action == WH_MESSAGE_COUNTER_ACTION_RESET) {
                CHECK(f, rd32(r, 0, magic) == 0);
            }
            return;
        case WH_MESSAGE_GROUP_SHE:
            switch (action) {
                case WH_MESSAGE_SHE_ACTION_LOAD_KEY:
                    CHECK(f, n == sizeof(whMessageSheLoadKeyResponse));
                    return;
                case WH_MESSAGE_SHE_ACTION_LOAD_PLAIN_KEY:
                case WH_MESSAGE_SHE_ACTION_INIT_RNG:
                case WH_MESSAGE_SHE_ACTION_EXTEND_SEED:
                case WH_MESSAGE_SHE_ACTION_BOOT_FAILURE:
                case WH_MESSAGE_SHE_ACTION_BOOT_OK:
                case WH_MESSAGE_SHE_ACTION_DEBUG_AUTHORIZATION:
                case WH_MESSAGE_SHE_ACTION_CANCEL:
                case WH_MESSAGE_SHE_ACTION_PROVISION: /* the fixture's policy may provision */
                    CHECK(f, n == 0);
                    return;
                case WH_MESSAGE_SHE_ACTION_EXPORT_RAM_KEY:
                    CHECK(f, n == sizeof(whMessageSheExportResponse));
                    return;
                case WH_MESSAGE_SHE_ACTION_RND:
                case WH_MESSAGE_SHE_ACTION_DEBUG_CHALLENGE:
                case WH_MESSAGE_SHE_ACTION_GENERATE_MAC:
                    CHECK(f, n == WH_SHE_BLOCK);
                    return;
                case WH_MESSAGE_SHE_ACTION_GET_STATUS:
                case WH_MESSAGE_SHE_ACTION_SECURE_BOOT:
                    CHECK(f, n == sizeof(whMessageSheStatusResponse));
                    return;
                case WH_MESSAGE_SHE_ACTION_GET_ID:
                    CHECK(f, n == sizeof(whMessageSheGetIdResponse));
                    return;
                case WH_MESSAGE_SHE_ACTION_VERIFY_MAC:
                    CHECK(f, n == sizeof(whMessageSheVerifyResponse));
                    CHECK(f, rd32(r, 0, magic) <= WH_SHE_VERIFY_FAILED);
                    return;
                default: /* ENC/DEC ECB/CBC: the header, then len bytes */
                    CHECK(f, (action >= WH_MESSAGE_SHE_ACTION_ENC_ECB) &&
                                 (action <= WH_MESSAGE_SHE_ACTION_DEC_CBC));
                    CHECK(f, rd32(r, OFF(whMessageSheCipher, len), magic) ==
                                 rd32(q, OFF(whMessageSheCipher, len), magic));
                    CHECK(f, n == sizeof(whMessageSheCipher) +
                                      rd32(q, OFF(whMessageSheCipher, len), magic));
                    return;
            }
        default:
            break;
    }

    CHECK(f, group == WH_MESSAGE_GROUP_CRYPTO);
    switch (action) {
        case WH_MESSAGE_CRYPTO_ACTION_RNG: {
            uint16_t len = rd16(r, 0, magic);
            CHECK(f, rd32(q, 0, magic) == len);
            CHECK(f, rd16(r, 2, magic) == 0);
            CHECK(f, n == out + len);
            return;
        }
        case WH_MESSAGE_CRYPTO_ACTION_RNG_SEED: /* nothing comes back */
            CHECK(f, (rd16(r, 0, magic) == 0) && (rd16(r, 2, magic) == 0));
            CHECK(f, n == out);
            return;
        case WH_MESSAGE_CRYPTO_ACTION_DIGEST: {
            uint16_t alg  = rd16(q, OFF(whMessageCryptoDigestRequest, alg), magic);
            uint16_t step = rd16(q, OFF(whMessageCryptoDigestRequest, step), magic);
            uint16_t len  = ((step == WH_CRYPTO_STEP_ONESHOT) || (step == WH_CRYPTO_STEP_FINAL))
                                ? digestLen(alg)
                                : 0u;
            CHECK(f, digestLen(alg) != 0);
            CHECK(f, rd16(r, 0, magic) == len);
            CHECK(f, rd16(r, 2, magic) == 0);
            CHECK(f, n == out + len);
            return;
        }
        case WH_MESSAGE_CRYPTO_ACTION_CIPHER: {
            uint16_t mode    = rd16(q, OFF(whMessageCryptoCipherRequest, mode), magic);
            uint16_t dir     = rd16(q, OFF(whMessageCryptoCipherRequest, dir), magic);
            uint16_t tagLen  = rd16(q, OFF(whMessageCryptoCipherRequest, tagLen), magic);
            uint16_t dataLen = rd16(q, OFF(whMessageCryptoCipherRequest, dataLen), magic);
            uint16_t step    = rd16(q, OFF(whMessageCryptoCipherRequest, step), magic);
            int      stream  = (step != 0) && (step != WH_CRYPTO_STEP_ONESHOT);
            int      gcmEnc  = (mode == WH_CRYPTO_AES_GCM) && (dir == WH_CRYPTO_ENCRYPT);
            uint16_t tagOut  = 0;
            if (stream ? (step == WH_CRYPTO_STEP_FINAL) : gcmEnc) {
                tagOut = tagLen; /* a tag follows the data */
            }
            CHECK(f, rd16(r, 0, magic) == dataLen);
            CHECK(f, rd16(r, 2, magic) == tagOut);
            CHECK(f, n == out + dataLen + tagOut);
            return;
        }
        case WH_MESSAGE_CRYPTO_ACTION_HKDF:
        case WH_MESSAGE_CRYPTO_ACTION_SHARED:
        case WH_MESSAGE_CRYPTO_ACTION_KEYGEN: {
            uint16_t id     = rd16(r, OFF(whMessageCryptoKeyResponse, keyId), magic);
            uint16_t pubLen = rd16(r, OFF(whMessageCryptoKeyResponse, pubLen), magic);
            uint16_t want   = 0;
            if (action == WH_MESSAGE_CRYPTO_ACTION_KEYGEN) {
                want = (rd16(q, 0, magic) == WH_KEY_TYPE_ECC_P256) ? 64u : 32u;
            }
            CHECK(f, validWireId(id));
            CHECK(f, pubLen == want);
            CHECK(f, n == sizeof(whMessageCryptoKeyResponse) + pubLen);
            noteUndo(f, KIND(WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT), id);
            return;
        }
        case WH_MESSAGE_CRYPTO_ACTION_SIGN: {
            uint16_t alg = rd16(q, 0, magic);
            uint16_t len = rd16(r, 0, magic);
            CHECK(f, (alg == WH_CRYPTO_ED25519) ? (len == 64) : ((len >= 8) && (len <= 72)));
            CHECK(f, n == out + len);
            return;
        }
        case WH_MESSAGE_CRYPTO_ACTION_VERIFY:
        case WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY:
            CHECK(f, (n == out) && (rd16(r, 0, magic) == 0) && (rd16(r, 2, magic) == 0));
            return;
        case WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE: {
            uint16_t bits = rd16(q, OFF(whMessageCryptoMacRequest, tagBits), magic);
            uint16_t len  = (uint16_t)((bits + 7u) / 8u);
            CHECK(f, (bits >= 1u) && (bits <= 128u));
            CHECK(f, rd16(r, 0, magic) == len);
            CHECK(f, rd16(r, 2, magic) == 0);
            CHECK(f, n == out + len);
            return;
        }
        default: { /* PUBKEY */
            uint16_t len = rd16(r, 0, magic);
            CHECK(f, action == WH_MESSAGE_CRYPTO_ACTION_PUBKEY);
            CHECK(f, (len == 64) || (len == 32));
            CHECK(f, n == out + len);
            return;
        }
    }
}

/* Does the server count this answer as malformed? Every header error (a magic not ours or
 * of another version, a length past the buffer), and an unknown kind or short payload; not
 * a handler's verdict such as Connect's WH_ERROR_VERSION for another major version. */
static int isMalformed(int magicOk, int32_t v)
{
    return !magicOk || (v == WH_ERROR_TOOBIG) || (v == WH_ERROR_BADKIND) ||
           (v == WH_ERROR_TRUNCATED);
}

/* Verdicts a server may send (never NOTREADY, BUSY or a local failure). */
static int isKnownVerdict(int32_t v)
{
    static const int32_t known[] = {
        WH_ERROR_OK, WH_ERROR_BADARGS, WH_ERROR_BUFFER_SIZE, WH_ERROR_BADMAGIC, WH_ERROR_VERSION,
        WH_ERROR_TOOBIG, WH_ERROR_BADKIND, WH_ERROR_TRUNCATED, WH_ERROR_NOTCONNECTED,
        WH_ERROR_NOTFOUND, WH_ERROR_NOSPACE, WH_ERROR_ACCESS, WH_ERROR_USAGE, WH_ERROR_KEYTYPE,
        WH_ERROR_BADALG, WH_ERROR_AUTH, WH_ERROR_CRYPTO, WH_ERROR_NOSTREAM, WH_ERROR_EXISTS,
        WH_ERROR_BADKEY, WH_ERROR_BADADDR, WH_ERROR_MINTAG, WH_ERROR_CONFLICT, WH_ERROR_RESTARTED,
        /* the SHE group's ERC_* codes it can meet */
        WH_ERROR_SHE_SEQUENCE_ERROR, WH_ERROR_SHE_NO_SECURE_BOOT, WH_ERROR_SHE_NO_DEBUGGING,
        WH_ERROR_SHE_KEY_NOT_AVAILABLE, WH_ERROR_SHE_KEY_INVALID, WH_ERROR_SHE_KEY_EMPTY,
        WH_ERROR_SHE_KEY_WRITE_PROTECTED, WH_ERROR_SHE_KEY_UPDATE_ERROR, WH_ERROR_SHE_RNG_SEED,
        WH_ERROR_SHE_MEMORY_FAILURE, WH_ERROR_SHE_GENERAL_ERROR};
    size_t i;
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (v == known[i]) {
            return 1;
        }
    }
    return 0;
}

/* After wh_Server_HandleRequestMessage answered one request of client 1 (before: the
 * server's counters before it): check what it sent. Returns the verdict. */
static int32_t checkServed(Fixture* f, const whCommServerStats* before)
{
    const whCommServer* comm = &f->a.server.comm;
    const whCommPacket* rq   = &comm->request;
    const whCommPacket* rs   = &comm->response;
    uint32_t            ctrl = atomic_load(&f->a.region->mailbox.resp.ctrl);
    uint16_t            len  = (uint16_t)(ctrl & 0xFFFFu);
    uint16_t            magic;
    int32_t             verdict;
    int                 magicOk = (wh_Message_CheckMagic(rq->hdr.magic) == WH_ERROR_OK);

    f->served += f->inAttack;
    CHECK(f, (uint16_t)(ctrl >> 16) == f->a.serverTransport.counter);
    CHECK(f, comm->stats.requests == before->requests + 1u);
    if (len == 0) { /* shorter than a header: an empty answer */
        CHECK(f, comm->stats.dropped == before->dropped + 1u);
        CHECK(f, comm->stats.malformed == before->malformed);
        f->dropped += f->inAttack;
        return WH_ERROR_BADMSG;
    }
    CHECK(f, comm->stats.dropped == before->dropped);
    CHECK(f, (len >= HDR) && (len <= HDR + DATA_LEN));
    magic = rs->hdr.magic;
    CHECK(f, (magic == WH_COMM_MAGIC_NATIVE) || (magic == WH_COMM_MAGIC_SWAPPED));
    verdict = (int16_t)wh_Translate16(magic, rs->hdr.aux);
    if (!isKnownVerdict(verdict)) {
        fprintf(stderr, "hostile: unlisted verdict %d\n", (int)verdict);
        CHECK(f, isKnownVerdict(verdict));
    }
    if (magicOk) { /* answered in the requester's order, echoing kind and seq */
        CHECK(f, magic == rq->hdr.magic);
        CHECK(f, rs->hdr.kind == rq->hdr.kind);
        CHECK(f, rs->hdr.seq == rq->hdr.seq);
    }
    else {
        CHECK(f, (verdict == WH_ERROR_BADMAGIC) || (verdict == WH_ERROR_VERSION) ||
                     (verdict == WH_ERROR_TOOBIG));
    }
    CHECK(f, comm->stats.malformed == before->malformed + (uint32_t)isMalformed(magicOk, verdict));
    f->malformed += f->inAttack & (uint32_t)isMalformed(magicOk, verdict);
    if ((verdict <= -2000) && (verdict > -2080)) {
        f->verdicts[-(verdict + 2000)] += f->inAttack;
    }
    if (verdict != WH_ERROR_OK) {
        CHECK(f, len == HDR); /* an error carries no payload */
        return verdict;
    }
    f->ok += f->inAttack;
    checkOk(f, wh_Translate16(magic, rq->hdr.kind), magic, rq->data.bytes, rs->data.bytes,
            (uint16_t)(len - HDR));
    CHECK(f, !leaks(f, rs->data.bytes, (size_t)(len - HDR)));
    return verdict;
}

/* Serve one request if there is one: 1 when one was answered (and checked). */
static int serveOne(Fixture* f)
{
    whCommServerStats before = f->a.server.comm.stats;
    int               rc     = wh_Server_HandleRequestMessage(&f->a.server);

    if (rc == WH_ERROR_NOTREADY) {
        return 0;
    }
    CHECK(f, rc == WH_ERROR_OK);
    (void)checkServed(f, &before);
    return 1;
}

/* Write a request into client 1's mailbox and publish it (step 1 of the protocol, with no
 * doorbell: the test serves in this thread). The rest of the buffer is zeroed first: no
 * stale bytes of an earlier request stay behind. */
static void publish(Fixture* f, const Req* r)
{
    whMailbox*   mb = &f->a.region->mailbox;
    whCommHeader h  = {.magic = WH_COMM_MAGIC_NATIVE, .kind = r->kind, .seq = ++f->seq};

    memset(mb->data.bytes, 0, sizeof(mb->data.bytes));
    memcpy(mb->data.bytes, &h, sizeof(h));
    memcpy(mb->data.bytes + HDR, r->payload, r->len);
    republish(mb, (uint16_t)(HDR + r->len));
}

/* A request sent and served with no attacker: returns the verdict; the response payload is
 * in the server's response packet. */
static int32_t clean(Fixture* f, const Req* r)
{
    whCommServerStats before = f->a.server.comm.stats;
    int32_t           verdict;

    publish(f, r);
    CHECK(f, wh_Server_HandleRequestMessage(&f->a.server) == WH_ERROR_OK);
    verdict = checkServed(f, &before);
    CHECK(f, (rd16((const uint8_t*)&f->a.server.comm.response.hdr, 2, WH_COMM_MAGIC_NATIVE) ==
              r->kind));
    return verdict;
}

static const uint8_t* respData(Fixture* f)
{
    return f->a.server.comm.response.data.bytes;
}

/* ---- client 1's clean requests (preparations and clean-up) ---- */

static int32_t cleanId(Fixture* f, uint16_t group, uint16_t action, uint16_t id)
{
    Req                r;
    whMessageIdRequest q = {.id = id};
    reqInit(&r, group, action);
    reqPut(&r, &q, sizeof(q));
    return clean(f, &r);
}

static uint16_t cacheKey(Fixture* f, uint16_t id, uint16_t flags, const uint8_t* key, uint16_t len)
{
    Req                      r;
    whMessageKeyCacheRequest q = {.id = id, .flags = flags, .len = len, .label = "hostile"};
    int32_t                  rc;

    reqInit(&r, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_CACHE);
    reqPut(&r, &q, sizeof(q));
    reqPut(&r, key, len);
    rc = clean(f, &r);
    CHECK(f, rc == WH_ERROR_OK);
    return rd16(respData(f), 0, WH_COMM_MAGIC_NATIVE);
}

static void connectA(Fixture* f)
{
    Req                         r;
    whMessageCommConnectRequest q = {.version = WH_VERSION};
    reqInit(&r, WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_CONNECT);
    reqPut(&r, &q, sizeof(q));
    CHECK(f, clean(f, &r) == WH_ERROR_OK);
}

/* Undo what the round's requests made (keys cached or committed, objects, counters). */
static void runUndo(Fixture* f)
{
    while (f->nUndo > 0) {
        Undo u = f->undo[--f->nUndo];
        if (u.kind == KIND(WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_ADDOBJECT)) {
            Req                        r;
            whMessageNvmDestroyRequest q = {.count = 1, .ids = {u.id}};
            reqInit(&r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS);
            reqPut(&r, &q, sizeof(q));
            (void)clean(f, &r);
        }
        else {
            (void)cleanId(f, WH_MESSAGE_GROUP(u.kind), WH_MESSAGE_ACTION(u.kind), u.id);
        }
    }
}

/* Client 1's keys for this round: its local cache emptied, then its keys cached afresh
 * under ids the HSM picks (whatever the attacker did to earlier ones). */
static void ensureKeys(Fixture* f)
{
    int i;

    for (i = 0; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        const whKeyCacheSlot* s = &f->a.server.localSlots[i];
        if (s->state == WH_KEYSLOT_FULL) {
            (void)cleanId(f, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT,
                          (uint16_t)WH_NVM_ID_NUMBER(s->meta.id));
        }
    }
    f->nUndo   = 0;
    f->kAes    = cacheKey(f, 0, USAGE | WH_NVM_FLAGS_NONEXPORTABLE, f->aes, sizeof(f->aes));
    f->kAesExp = cacheKey(f, 0, USAGE, f->aesExp, sizeof(f->aesExp));
    f->kEcc    = cacheKey(f, 0, USAGE | WH_NVM_FLAGS_NONEXPORTABLE | KEYTYPE(WH_KEY_TYPE_ECC_P256),
                          f->ecc, sizeof(f->ecc));
    f->kEd     = cacheKey(f, 0, USAGE | WH_NVM_FLAGS_NONEXPORTABLE | KEYTYPE(WH_KEY_TYPE_ED25519),
                          f->ed, sizeof(f->ed));
    f->kX = cacheKey(f, 0, USAGE | WH_NVM_FLAGS_NONEXPORTABLE | KEYTYPE(WH_KEY_TYPE_X25519), f->x,
                     sizeof(f->x));
    f->nUndo = 0; /* these stay for the round; the next round's eviction removes them */
}

/* An object of client 1 to read, list or destroy: the first of a few ids that takes it (an
 * earlier round may have left one non-modifiable). Undone after the round. */
static uint16_t prepareObject(Fixture* f, Rng* rng, uint16_t len)
{
    static const uint16_t ids[] = {0x21, 0x51, 0x61, 0x71, WH_ID_GLOBAL | 0x21};
    uint8_t               data[WH_MESSAGE_NVM_MAX_ADD];
    size_t                i;

    rngFill(rng, data, len);
    for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        Req                          r;
        whMessageNvmAddObjectRequest q = {.id = ids[i], .len = len, .label = "hostile"};
        reqInit(&r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_ADDOBJECT);
        reqPut(&r, &q, sizeof(q));
        reqPut(&r, data, len);
        if (clean(f, &r) == WH_ERROR_OK) {
            return ids[i];
        }
    }
    f->preMisses++;
    return ids[0];
}

static uint16_t prepareCounter(Fixture* f, uint32_t value)
{
    static const uint16_t ids[] = {0x31, 0x52, 0x62, WH_ID_GLOBAL | 0x31};
    size_t                i;

    for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        Req                         r;
        whMessageCounterInitRequest q = {.id    = ids[i],
                                         .kind  = WH_COUNTER_RESETTABLE,
                                         .value = value};
        reqInit(&r, WH_MESSAGE_GROUP_COUNTER, WH_MESSAGE_COUNTER_ACTION_INIT);
        reqPut(&r, &q, sizeof(q));
        if (clean(f, &r) == WH_ERROR_OK) {
            return ids[i];
        }
    }
    f->preMisses++;
    return ids[0];
}

/* ---- the requests under attack, one builder per group and action ---- */

typedef void (*BuildFn)(Fixture* f, Req* r, Rng* rng);
typedef struct {
    const char* name;
    BuildFn     build;
} Template;

static void bConnect(Fixture* f, Req* r, Rng* rng)
{
    whMessageCommConnectRequest q = {.version = WH_VERSION};
    (void)f;
    (void)rng;
    reqInit(r, WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_CONNECT);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

static void bInfo(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    reqInit(r, WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_INFO);
}

static void bEcho(Fixture* f, Req* r, Rng* rng)
{
    uint16_t n = (uint16_t)(rngBelow(rng, 4) ? rngBelow(rng, 256) : rngBelow(rng, DATA_LEN + 1u));
    (void)f;
    reqInit(r, WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_ECHO);
    rngFill(rng, r->payload, n);
    r->len = n;
    FIELDS(r, 0, 2, 4);
}

static void bClose(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    reqInit(r, WH_MESSAGE_GROUP_COMM, WH_MESSAGE_COMM_ACTION_CLOSE);
}

static const Template commTemplates[] = {
    {"comm connect", bConnect},
    {"comm info", bInfo},
    {"comm echo", bEcho},
    {"comm close", bClose},
};

static void bNvmAvailable(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_GETAVAILABLE);
}

static void bNvmAdd(Fixture* f, Req* r, Rng* rng)
{
    uint16_t                     len = (uint16_t)rngBelow(rng, 200);
    whMessageNvmAddObjectRequest q   = {.id    = rngBelow(rng, 2) ? 0x22 : (WH_ID_GLOBAL | 0x22),
                                        .flags = WH_NVM_FLAGS_NONE,
                                        .len   = len,
                                        .label = "added"};
    (void)f;
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_ADDOBJECT);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, len);
    r->len = (uint16_t)(r->len + len);
    FIELDS(r, OFF(whMessageNvmAddObjectRequest, id), OFF(whMessageNvmAddObjectRequest, access),
           OFF(whMessageNvmAddObjectRequest, flags), OFF(whMessageNvmAddObjectRequest, len));
}

static void bNvmList(Fixture* f, Req* r, Rng* rng)
{
    whMessageNvmListRequest q = {.startId = 0};
    if (rngBelow(rng, 2)) {
        q.startId = prepareObject(f, rng, 16);
    }
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_LIST);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, OFF(whMessageNvmListRequest, access), OFF(whMessageNvmListRequest, flags),
           OFF(whMessageNvmListRequest, startId));
}

static void bNvmMeta(Fixture* f, Req* r, Rng* rng)
{
    whMessageIdRequest q = {.id = prepareObject(f, rng, 40)};
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_GETMETADATA);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

static void bNvmDestroy(Fixture* f, Req* r, Rng* rng)
{
    whMessageNvmDestroyRequest q = {.count = 2};
    q.ids[0]                     = prepareObject(f, rng, 24);
    q.ids[1]                     = 0x23;
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, OFF(whMessageNvmDestroyRequest, count), OFF(whMessageNvmDestroyRequest, ids),
           OFF(whMessageNvmDestroyRequest, ids) + 2, OFF(whMessageNvmDestroyRequest, ids) + 62);
}

static void bNvmRead(Fixture* f, Req* r, Rng* rng)
{
    uint16_t                len = (uint16_t)(64u + rngBelow(rng, 200));
    whMessageNvmReadRequest q   = {.id = prepareObject(f, rng, len)};
    q.offset                    = (uint16_t)rngBelow(rng, 32);
    q.len                       = (uint16_t)(len - q.offset - rngBelow(rng, 16));
    reqInit(r, WH_MESSAGE_GROUP_NVM, WH_MESSAGE_NVM_ACTION_READ);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, OFF(whMessageNvmReadRequest, id), OFF(whMessageNvmReadRequest, offset),
           OFF(whMessageNvmReadRequest, len));
}

static const Template nvmTemplates[] = {
    {"nvm getavailable", bNvmAvailable},
    {"nvm addobject", bNvmAdd},
    {"nvm list", bNvmList},
    {"nvm getmetadata", bNvmMeta},
    {"nvm destroyobjects", bNvmDestroy},
    {"nvm read", bNvmRead},
};

static void bKeyCache(Fixture* f, Req* r, Rng* rng)
{
    static const uint16_t    ids[] = {0, 0x30, WH_ID_GLOBAL | 0x30, WH_ID_GLOBAL};
    uint16_t                 len   = (uint16_t)(16u + 8u * rngBelow(rng, 3));
    whMessageKeyCacheRequest q     = {.id    = ids[rngBelow(rng, 4)],
                                      .flags = USAGE,
                                      .len   = len,
                                      .label = "cached"};
    (void)f;
    reqInit(r, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_CACHE);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, len);
    r->len = (uint16_t)(r->len + len);
    FIELDS(r, OFF(whMessageKeyCacheRequest, id), OFF(whMessageKeyCacheRequest, flags),
           OFF(whMessageKeyCacheRequest, len), OFF(whMessageKeyCacheRequest, macMinBits));
}

/* A key-id request naming one of client 1's keys, or one it must not get. */
static void keyIdReq(Fixture* f, Req* r, Rng* rng, uint16_t group, uint16_t action)
{
    const uint16_t     ids[] = {f->kAesExp, f->kAesExp, f->kAes, G_KEY, B_KEY};
    whMessageIdRequest q     = {.id = ids[rngBelow(rng, 5)]};
    reqInit(r, group, action);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

static void bKeyEvict(Fixture* f, Req* r, Rng* rng)
{
    keyIdReq(f, r, rng, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT);
}

static void bKeyCommit(Fixture* f, Req* r, Rng* rng)
{
    keyIdReq(f, r, rng, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_COMMIT);
}

static void bKeyExport(Fixture* f, Req* r, Rng* rng)
{
    keyIdReq(f, r, rng, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EXPORT);
}

static void bKeyErase(Fixture* f, Req* r, Rng* rng)
{
    keyIdReq(f, r, rng, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_ERASE);
}

static const Template keyTemplates[] = {
    {"key cache", bKeyCache},   {"key evict", bKeyEvict}, {"key commit", bKeyCommit},
    {"key export", bKeyExport}, {"key erase", bKeyErase},
};

static void bCounterInit(Fixture* f, Req* r, Rng* rng)
{
    whMessageCounterInitRequest q = {.id    = 0x32,
                                     .kind  = WH_COUNTER_RESETTABLE,
                                     .value = (uint32_t)rngNext(rng)};
    (void)f;
    reqInit(r, WH_MESSAGE_GROUP_COUNTER, WH_MESSAGE_COUNTER_ACTION_INIT);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, OFF(whMessageCounterInitRequest, id), OFF(whMessageCounterInitRequest, kind),
           OFF(whMessageCounterInitRequest, value), OFF(whMessageCounterInitRequest, value) + 2);
}

static void counterIdReq(Fixture* f, Req* r, Rng* rng, uint16_t action)
{
    whMessageIdRequest q = {.id = prepareCounter(f, (uint32_t)rngNext(rng) | 1u)};
    reqInit(r, WH_MESSAGE_GROUP_COUNTER, action);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

static void bCounterIncrement(Fixture* f, Req* r, Rng* rng)
{
    counterIdReq(f, r, rng, WH_MESSAGE_COUNTER_ACTION_INCREMENT);
}

static void bCounterRead(Fixture* f, Req* r, Rng* rng)
{
    counterIdReq(f, r, rng, WH_MESSAGE_COUNTER_ACTION_READ);
}

static void bCounterReset(Fixture* f, Req* r, Rng* rng)
{
    counterIdReq(f, r, rng, WH_MESSAGE_COUNTER_ACTION_RESET);
}

static void bCounterDestroy(Fixture* f, Req* r, Rng* rng)
{
    counterIdReq(f, r, rng, WH_MESSAGE_COUNTER_ACTION_DESTROY);
}

static const Template counterTemplates[] = {
    {"counter init", bCounterInit},       {"counter increment", bCounterIncrement},
    {"counter read", bCounterRead},       {"counter reset", bCounterReset},
    {"counter destroy", bCounterDestroy},
};

static void bRng(Fixture* f, Req* r, Rng* rng)
{
    whMessageCryptoRngRequest q = {.len = rngBelow(rng, 4) ? rngBelow(rng, 128)
                                                           : WH_CLIENT_CRYPTO_OUT_MAX};
    (void)f;
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_RNG);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

#define DIGEST_FIELDS                                                                        \
    OFF(whMessageCryptoDigestRequest, alg), OFF(whMessageCryptoDigestRequest, step),         \
        OFF(whMessageCryptoDigestRequest, keyId), OFF(whMessageCryptoDigestRequest, tagLen), \
        OFF(whMessageCryptoDigestRequest, dataLen), OFF(whMessageCryptoDigestRequest, pad)

static void digestReq(Req* r, Rng* rng, uint16_t alg, uint16_t step, uint16_t keyId,
                      uint16_t dataLen, const uint8_t* tag, uint16_t tagLen)
{
    whMessageCryptoDigestRequest q = {
        .alg = alg, .step = step, .keyId = keyId, .tagLen = tagLen, .dataLen = dataLen};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_DIGEST);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, dataLen);
    r->len = (uint16_t)(r->len + dataLen);
    if (tagLen > 0) {
        reqPut(r, tag, tagLen);
    }
    FIELDS(r, DIGEST_FIELDS);
}

static uint16_t smallLen(Rng* rng)
{
    return (uint16_t)(rngBelow(rng, 8) ? rngBelow(rng, 300) : rngBelow(rng, 3000));
}

static void bSha256(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    digestReq(r, rng, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_ONESHOT, 0, smallLen(rng), NULL, 0);
}

static void bSha384(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    digestReq(r, rng, WH_CRYPTO_SHA384, WH_CRYPTO_STEP_ONESHOT, 0, smallLen(rng), NULL, 0);
}

static void bSha512(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    digestReq(r, rng, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_ONESHOT, 0, smallLen(rng), NULL, 0);
}

static void bHmac256(Fixture* f, Req* r, Rng* rng)
{
    digestReq(r, rng, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_ONESHOT, f->kAes, smallLen(rng), NULL,
              0);
}

static void bHmac384(Fixture* f, Req* r, Rng* rng)
{
    digestReq(r, rng, WH_CRYPTO_HMAC_SHA384, WH_CRYPTO_STEP_ONESHOT, f->kAes, smallLen(rng), NULL,
              0);
}

static void bCmac(Fixture* f, Req* r, Rng* rng)
{
    digestReq(r, rng, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, f->kAes, smallLen(rng), NULL, 0);
}

/* CMAC verify with the right tag: computed first by a clean one-shot over the same data. */
static void bCmacVerify(Fixture* f, Req* r, Rng* rng)
{
    Rng      copy = *rng;
    uint16_t len  = smallLen(rng);
    uint8_t  tag[16];

    digestReq(r, rng, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, f->kAes, len, NULL, 0);
    CHECK(f, clean(f, r) == WH_ERROR_OK);
    memcpy(tag, respData(f) + sizeof(whMessageCryptoOutResponse), sizeof(tag));
    *rng = copy; /* the same data again, now with its tag */
    len  = smallLen(rng);
    digestReq(r, rng, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, f->kAes, len, tag,
              (uint16_t)(4u + len % 13u));
}

/* The MAC fast path: a tag of tagBits bits of msgLen random bytes, or (tag given) its check. */
static void macReq(Req* r, Rng* rng, uint16_t keyId, uint16_t tagBits, uint16_t msgLen,
                   const uint8_t* tag)
{
    whMessageCryptoMacRequest q = {.alg     = WH_CRYPTO_CMAC_AES,
                                   .keyId   = keyId,
                                   .tagBits = tagBits,
                                   .msgLen  = msgLen};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO,
            (tag != NULL) ? WH_MESSAGE_CRYPTO_ACTION_MAC_VERIFY
                          : WH_MESSAGE_CRYPTO_ACTION_MAC_GENERATE);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, msgLen);
    r->len = (uint16_t)(r->len + msgLen);
    if (tag != NULL) {
        reqPut(r, tag, (uint16_t)((tagBits + 7u) / 8u));
    }
    FIELDS(r, OFF(whMessageCryptoMacRequest, alg), OFF(whMessageCryptoMacRequest, keyId),
           OFF(whMessageCryptoMacRequest, tagBits), OFF(whMessageCryptoMacRequest, msgLen));
}

static void bMacGenerate(Fixture* f, Req* r, Rng* rng)
{
    uint16_t bits = (uint16_t)(32u + rngBelow(rng, 97));
    macReq(r, rng, f->kAes, bits, (uint16_t)rngBelow(rng, 65), NULL);
}

/* MAC fast path verify with the right tag: made first by a clean generate of the same data. */
static void bMacVerify(Fixture* f, Req* r, Rng* rng)
{
    Rng      copy = *rng;
    uint16_t len  = (uint16_t)rngBelow(rng, 65);
    uint8_t  tag[16];

    macReq(r, rng, f->kAes, 128, len, NULL);
    CHECK(f, clean(f, r) == WH_ERROR_OK);
    memcpy(tag, respData(f) + sizeof(whMessageCryptoOutResponse), sizeof(tag));
    *rng = copy; /* the same data again, now with its tag */
    len  = (uint16_t)rngBelow(rng, 65);
    macReq(r, rng, f->kAes, (uint16_t)(32u + len % 97u), len, tag);
}

/* Streams: the steps before the one under attack are sent clean. */
static void streamTo(Fixture* f, Rng* rng, uint16_t alg, uint16_t keyId, uint16_t step)
{
    Req r;
    if (step > WH_CRYPTO_STEP_INIT) {
        digestReq(&r, rng, alg, WH_CRYPTO_STEP_INIT, keyId, smallLen(rng), NULL, 0);
        CHECK(f, clean(f, &r) == WH_ERROR_OK);
    }
    if (step > WH_CRYPTO_STEP_UPDATE) {
        digestReq(&r, rng, alg, WH_CRYPTO_STEP_UPDATE, keyId, smallLen(rng), NULL, 0);
        CHECK(f, clean(f, &r) == WH_ERROR_OK);
    }
}

static void bShaInit(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    digestReq(r, rng, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_INIT, 0, smallLen(rng), NULL, 0);
}

static void bShaUpdate(Fixture* f, Req* r, Rng* rng)
{
    streamTo(f, rng, WH_CRYPTO_SHA512, 0, WH_CRYPTO_STEP_UPDATE);
    digestReq(r, rng, WH_CRYPTO_SHA512, WH_CRYPTO_STEP_UPDATE, 0, smallLen(rng), NULL, 0);
}

static void bShaFinal(Fixture* f, Req* r, Rng* rng)
{
    streamTo(f, rng, WH_CRYPTO_SHA256, 0, WH_CRYPTO_STEP_FINAL);
    digestReq(r, rng, WH_CRYPTO_SHA256, WH_CRYPTO_STEP_FINAL, 0, smallLen(rng), NULL, 0);
}

static void bHmacUpdate(Fixture* f, Req* r, Rng* rng)
{
    streamTo(f, rng, WH_CRYPTO_HMAC_SHA256, f->kAes, WH_CRYPTO_STEP_UPDATE);
    digestReq(r, rng, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_UPDATE, f->kAes, smallLen(rng), NULL,
              0);
}

static void bCmacFinal(Fixture* f, Req* r, Rng* rng)
{
    streamTo(f, rng, WH_CRYPTO_CMAC_AES, f->kAes, WH_CRYPTO_STEP_FINAL);
    digestReq(r, rng, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_FINAL, f->kAes, smallLen(rng), NULL, 0);
}

static void cipherReq(Req* r, Rng* rng, uint16_t mode, uint16_t dir, uint16_t keyId, uint16_t ivLen,
                      uint16_t aadLen, uint16_t dataLen, uint16_t tagLen, uint16_t step,
                      const uint8_t* data, const uint8_t* tag)
{
    whMessageCryptoCipherRequest q = {.mode    = mode,
                                      .dir     = dir,
                                      .keyId   = keyId,
                                      .ivLen   = ivLen,
                                      .aadLen  = aadLen,
                                      .tagLen  = tagLen,
                                      .dataLen = dataLen,
                                      .step    = step};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_CIPHER);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, (size_t)ivLen + aadLen);
    r->len = (uint16_t)(r->len + ivLen + aadLen);
    if (data != NULL) {
        reqPut(r, data, dataLen);
    }
    else {
        rngFill(rng, r->payload + r->len, dataLen);
        r->len = (uint16_t)(r->len + dataLen);
    }
    if (tag != NULL) {
        reqPut(r, tag, tagLen);
    }
    FIELDS(r, OFF(whMessageCryptoCipherRequest, mode), OFF(whMessageCryptoCipherRequest, dir),
           OFF(whMessageCryptoCipherRequest, keyId), OFF(whMessageCryptoCipherRequest, ivLen),
           OFF(whMessageCryptoCipherRequest, aadLen), OFF(whMessageCryptoCipherRequest, tagLen),
           OFF(whMessageCryptoCipherRequest, dataLen), OFF(whMessageCryptoCipherRequest, step));
}

static uint16_t blocks(Rng* rng)
{
    return (uint16_t)(16u * (1u + rngBelow(rng, rngBelow(rng, 8) ? 8 : 180)));
}

static void bEcb(Fixture* f, Req* r, Rng* rng)
{
    uint16_t dir = (uint16_t)(1u + rngBelow(rng, 2));
    cipherReq(r, rng, WH_CRYPTO_AES_ECB, dir, f->kAes, 0, 0, blocks(rng), 0, 0, NULL, NULL);
}

static void bCbc(Fixture* f, Req* r, Rng* rng)
{
    uint16_t dir = (uint16_t)(1u + rngBelow(rng, 2));
    cipherReq(r, rng, WH_CRYPTO_AES_CBC, dir, f->kAes, 16, 0, blocks(rng), 0,
              WH_CRYPTO_STEP_ONESHOT, NULL, NULL);
}

static void bCtr(Fixture* f, Req* r, Rng* rng)
{
    cipherReq(r, rng, WH_CRYPTO_AES_CTR, WH_CRYPTO_ENCRYPT, f->kAes, 16, 0, smallLen(rng), 0, 0,
              NULL, NULL);
}

static void bGcmEncrypt(Fixture* f, Req* r, Rng* rng)
{
    uint16_t aad = (uint16_t)rngBelow(rng, 40);
    uint16_t len = smallLen(rng);
    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, f->kAes, 12, aad, len, 16, 0, NULL,
              NULL);
}

/* GCM decryption of a real ciphertext and tag (made by a clean encryption first). */
static void bGcmDecrypt(Fixture* f, Req* r, Rng* rng)
{
    static uint8_t ct[DATA_LEN];
    uint8_t        tag[16];
    Rng            copy = *rng;
    uint16_t       len  = (uint16_t)rngBelow(rng, 300);
    uint16_t       aad  = (uint16_t)rngBelow(rng, 40);

    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, f->kAes, 12, aad, len, 16, 0, NULL,
              NULL);
    CHECK(f, clean(f, r) == WH_ERROR_OK);
    memcpy(ct, respData(f) + sizeof(whMessageCryptoOutResponse), len);
    memcpy(tag, respData(f) + sizeof(whMessageCryptoOutResponse) + len, sizeof(tag));
    *rng = copy;
    (void)rngBelow(rng, 300);
    (void)rngBelow(rng, 40);
    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_DECRYPT, f->kAes, 12, aad, len, 16, 0, ct, tag);
}

static void gcmTo(Fixture* f, Rng* rng, uint16_t step)
{
    Req r;
    if (step > WH_CRYPTO_STEP_INIT) {
        cipherReq(&r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, f->kAes, 12, 20, smallLen(rng), 0,
                  WH_CRYPTO_STEP_INIT, NULL, NULL);
        CHECK(f, clean(f, &r) == WH_ERROR_OK);
    }
    if (step > WH_CRYPTO_STEP_UPDATE) {
        cipherReq(&r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 0, 0, 0, smallLen(rng), 0,
                  WH_CRYPTO_STEP_UPDATE, NULL, NULL);
        CHECK(f, clean(f, &r) == WH_ERROR_OK);
    }
}

static void bGcmInit(Fixture* f, Req* r, Rng* rng)
{
    uint16_t aad = (uint16_t)rngBelow(rng, 40);
    uint16_t len = smallLen(rng);
    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, f->kAes, 12, aad, len, 0,
              WH_CRYPTO_STEP_INIT, NULL, NULL);
}

static void bGcmUpdate(Fixture* f, Req* r, Rng* rng)
{
    gcmTo(f, rng, WH_CRYPTO_STEP_UPDATE);
    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 0, 0, 0, smallLen(rng), 0,
              WH_CRYPTO_STEP_UPDATE, NULL, NULL);
}

static void bGcmFinal(Fixture* f, Req* r, Rng* rng)
{
    gcmTo(f, rng, WH_CRYPTO_STEP_FINAL);
    cipherReq(r, rng, WH_CRYPTO_AES_GCM, WH_CRYPTO_ENCRYPT, 0, 0, 0, smallLen(rng), 16,
              WH_CRYPTO_STEP_FINAL, NULL, NULL);
}

#define NEWKEY_FIELDS(type)                                \
    OFF(type, key) + OFF(whMessageCryptoNewKey, outKeyId), \
        OFF(type, key) + OFF(whMessageCryptoNewKey, outFlags)

static void bHkdf(Fixture* f, Req* r, Rng* rng)
{
    whMessageCryptoHkdfRequest q = {.ikmKeyId = f->kAes, .key = {.outFlags = USAGE}};
    q.hash                       = (uint16_t)(1u + rngBelow(rng, 3));
    q.outLen                     = (uint16_t)(16u + rngBelow(rng, 48));
    q.saltLen                    = (uint16_t)rngBelow(rng, 64);
    q.infoLen                    = (uint16_t)rngBelow(rng, 64);
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_HKDF);
    reqPut(r, &q, sizeof(q));
    rngFill(rng, r->payload + r->len, (size_t)q.saltLen + q.infoLen);
    r->len = (uint16_t)(r->len + q.saltLen + q.infoLen);
    FIELDS(r, OFF(whMessageCryptoHkdfRequest, hash), OFF(whMessageCryptoHkdfRequest, ikmKeyId),
           OFF(whMessageCryptoHkdfRequest, outLen), OFF(whMessageCryptoHkdfRequest, saltLen),
           OFF(whMessageCryptoHkdfRequest, infoLen), NEWKEY_FIELDS(whMessageCryptoHkdfRequest));
}

static void keygenReq(Req* r, uint16_t type, uint16_t flags)
{
    whMessageCryptoKeygenRequest q = {.type = type, .key = {.outKeyId = 0, .outFlags = flags}};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_KEYGEN);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, OFF(whMessageCryptoKeygenRequest, type), OFF(whMessageCryptoKeygenRequest, pad),
           NEWKEY_FIELDS(whMessageCryptoKeygenRequest));
}

static void bKeygenEcc(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    keygenReq(r, WH_KEY_TYPE_ECC_P256, USAGE);
}

static void bKeygenEd(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    keygenReq(r, WH_KEY_TYPE_ED25519, USAGE | WH_NVM_FLAGS_NONEXPORTABLE);
}

static void bKeygenX(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    keygenReq(r, WH_KEY_TYPE_X25519, USAGE);
}

static void signReq(Req* r, uint16_t alg, uint16_t keyId, const uint8_t* msg, uint16_t msgLen)
{
    whMessageCryptoSignRequest q = {.alg = alg, .keyId = keyId, .msgLen = msgLen};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_SIGN);
    reqPut(r, &q, sizeof(q));
    reqPut(r, msg, msgLen);
    FIELDS(r, OFF(whMessageCryptoSignRequest, alg), OFF(whMessageCryptoSignRequest, keyId),
           OFF(whMessageCryptoSignRequest, msgLen), OFF(whMessageCryptoSignRequest, pad));
}

static void bSignEcdsa(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    signReq(r, WH_CRYPTO_ECDSA_P256, f->kEcc, f->hash, sizeof(f->hash));
}

static void bSignEd(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    signReq(r, WH_CRYPTO_ED25519, f->kEd, f->edMsg, sizeof(f->edMsg));
}

static void verifyReq(Req* r, uint16_t alg, uint16_t keyId, const uint8_t* pub, uint16_t pubLen,
                      const uint8_t* sig, uint16_t sigLen, const uint8_t* msg, uint16_t msgLen)
{
    whMessageCryptoVerifyRequest q = {
        .alg = alg, .keyId = keyId, .pubLen = pubLen, .sigLen = sigLen, .msgLen = msgLen};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_VERIFY);
    reqPut(r, &q, sizeof(q));
    reqPut(r, pub, pubLen);
    reqPut(r, sig, sigLen);
    reqPut(r, msg, msgLen);
    FIELDS(r, OFF(whMessageCryptoVerifyRequest, alg), OFF(whMessageCryptoVerifyRequest, keyId),
           OFF(whMessageCryptoVerifyRequest, pubLen), OFF(whMessageCryptoVerifyRequest, sigLen),
           OFF(whMessageCryptoVerifyRequest, msgLen), OFF(whMessageCryptoVerifyRequest, pad));
}

static void bVerifyEcdsaInline(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    verifyReq(r, WH_CRYPTO_ECDSA_P256, 0, f->ecc + 32, 64, f->ecdsaSig, f->ecdsaSigLen, f->hash,
              sizeof(f->hash));
}

static void bVerifyEcdsaById(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    verifyReq(r, WH_CRYPTO_ECDSA_P256, f->kEcc, NULL, 0, f->ecdsaSig, f->ecdsaSigLen, f->hash,
              sizeof(f->hash));
}

static void bVerifyEd(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    verifyReq(r, WH_CRYPTO_ED25519, 0, f->ed + 32, 32, f->edSig, sizeof(f->edSig), f->edMsg,
              sizeof(f->edMsg));
}

static void bVerifyLms(Fixture* f, Req* r, Rng* rng)
{
    (void)f;
    (void)rng;
    verifyReq(r, WH_CRYPTO_LMS, 0, rfc8554Tc1Pub, sizeof(rfc8554Tc1Pub), rfc8554Tc1Sig,
              sizeof(rfc8554Tc1Sig), rfc8554Tc1Msg, sizeof(rfc8554Tc1Msg));
    /* The levels and types of the key, then the signature's Nspk, leaf and LM-OTS type. */
    FIELDS(r, sizeof(whMessageCryptoVerifyRequest) + 2, sizeof(whMessageCryptoVerifyRequest) + 6,
           sizeof(whMessageCryptoVerifyRequest) + 10,
           sizeof(whMessageCryptoVerifyRequest) + sizeof(rfc8554Tc1Pub) + 2,
           sizeof(whMessageCryptoVerifyRequest) + sizeof(rfc8554Tc1Pub) + 6,
           sizeof(whMessageCryptoVerifyRequest) + sizeof(rfc8554Tc1Pub) + 10);
}

static void sharedReq(Req* r, uint16_t keyId, const uint8_t* pub, uint16_t pubLen)
{
    whMessageCryptoSharedRequest q = {.keyId  = keyId,
                                      .pubLen = pubLen,
                                      .key    = {.outKeyId = 0, .outFlags = USAGE}};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_SHARED);
    reqPut(r, &q, sizeof(q));
    reqPut(r, pub, pubLen);
    FIELDS(r, OFF(whMessageCryptoSharedRequest, keyId), OFF(whMessageCryptoSharedRequest, pubLen),
           NEWKEY_FIELDS(whMessageCryptoSharedRequest));
}

static void bSharedEcdh(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    sharedReq(r, f->kEcc, f->eccPeer, sizeof(f->eccPeer));
}

static void bSharedX(Fixture* f, Req* r, Rng* rng)
{
    (void)rng;
    sharedReq(r, f->kX, f->xPeer, sizeof(f->xPeer));
}

static void bPublicKey(Fixture* f, Req* r, Rng* rng)
{
    const uint16_t     ids[] = {f->kEcc, f->kEd, f->kX, f->kAes};
    whMessageIdRequest q     = {.id = ids[rngBelow(rng, 4)]};
    reqInit(r, WH_MESSAGE_GROUP_CRYPTO, WH_MESSAGE_CRYPTO_ACTION_PUBKEY);
    reqPut(r, &q, sizeof(q));
    FIELDS(r, 0, 2);
}

static const Template symTemplates[] = {
    {"crypto rng", bRng},
    {"crypto sha256", bSha256},
    {"crypto sha384", bSha384},
    {"crypto sha512", bSha512},
    {"crypto hmac-sha256", bHmac256},
    {"crypto hmac-sha384", bHmac384},
    {"crypto cmac", bCmac},
    {"crypto cmac verify", bCmacVerify},
    {"crypto mac fast generate", bMacGenerate},
    {"crypto mac fast verify", bMacVerify},
    {"crypto sha256 stream init", bShaInit},
    {"crypto sha512 stream update", bShaUpdate},
    {"crypto sha256 stream final", bShaFinal},
    {"crypto hmac stream update", bHmacUpdate},
    {"crypto cmac stream final", bCmacFinal},
    {"crypto aes-ecb", bEcb},
    {"crypto aes-cbc", bCbc},
    {"crypto aes-ctr", bCtr},
    {"crypto aes-gcm encrypt", bGcmEncrypt},
    {"crypto aes-gcm decrypt", bGcmDecrypt},
    {"crypto aes-gcm stream init", bGcmInit},
    {"crypto aes-gcm stream update", bGcmUpdate},
    {"crypto aes-gcm stream final", bGcmFinal},
    {"crypto hkdf", bHkdf},
};

static const Template pkTemplates[] = {
    {"crypto keygen p256", bKeygenEcc},
    {"crypto keygen ed25519", bKeygenEd},
    {"crypto keygen x25519", bKeygenX},
    {"crypto sign ecdsa", bSignEcdsa},
    {"crypto sign ed25519", bSignEd},
    {"crypto verify ecdsa inline key", bVerifyEcdsaInline},
    {"crypto verify ecdsa key id", bVerifyEcdsaById},
    {"crypto verify ed25519", bVerifyEd},
    {"crypto verify lms", bVerifyLms},
    {"crypto shared ecdh", bSharedEcdh},
    {"crypto shared x25519", bSharedX},
    {"crypto public key", bPublicKey},
};

/* ---- one attacked round ---- */

static void makePlan(Plan* pl, const Req* r, Rng* rng)
{
    int i;

    memset(pl, 0, sizeof(*pl));
    pl->rng.s  = rngNext(rng);
    pl->pktLen = (uint16_t)(HDR + r->len);
    pl->pre    = (int)rngBelow(rng, 4);
    pl->racing = HOSTILE_RACING && (rngBelow(rng, 4) != 0);
    if (!pl->racing && (pl->pre == 0) && rngBelow(rng, 2)) {
        pl->pre = 1; /* mostly not the clean request: that one the preparations send */
    }
    pl->pattern = (int)rngBelow(rng, PAT_COUNT);
    for (i = 0; i < 4; i++) {
        pl->fields[pl->nFields++] = (uint16_t)(2 * i);
    }
    for (i = 0; i < r->nFields; i++) {
        pl->fields[pl->nFields++] = (uint16_t)(HDR + r->fields[i]);
    }
    pl->target = pl->fields[rngBelow(rng, pl->nFields)];
    pl->claim  = interestingValue(rng, pl->pktLen, pl->pktLen);
}

static uint64_t roundSeed(uint32_t seed, unsigned test, unsigned tmpl, unsigned round)
{
    Rng r = {((uint64_t)seed << 32) ^ ((uint64_t)test << 24) ^ ((uint64_t)tmpl << 12) ^ round};
    return rngNext(&r);
}

static void attackRound(Fixture* f, const Template* t, unsigned test, unsigned tmpl, unsigned round)
{
    static Req r;
    whMailbox* mb   = &f->a.region->mailbox;
    uint64_t   seed = roundSeed(f->seed, test, tmpl, round);
    Rng        rng  = {seed};
    Plan*      pl   = &f->at.plan;
    int        serves;
    int        i;

    snprintf(f->where, sizeof(f->where), "'%s' round %u (WH_HOSTILE_SEED=%u)", t->name, round,
             (unsigned)f->seed);
    if (!f->a.server.connected) {
        connectA(f);
    }
    ensureKeys(f);
    t->build(f, &r, &rng);
    makePlan(pl, &r, &rng);
    publish(f, &r);
    pl->orig = peek16(mb, pl->target);
    pl->evil = interestingValue(&pl->rng, pl->orig, pl->pktLen);
    snprintf(f->where, sizeof(f->where),
             "'%s' round %u (WH_HOSTILE_SEED=%u): %d rewrites first, %s (pattern %d, offset "
             "%u: %04x/%04x)",
             t->name, round, (unsigned)f->seed, pl->pre, pl->racing ? "racing" : "not racing",
             pl->pattern, pl->target, pl->orig, pl->evil);

    atomic_store(&f->at.stop, 0);
    atomic_store(&f->at.ready, 0);
    f->inAttack = 1;
    attackerSet(&f->at, AT_GO);
    if (pl->racing) {
        /* Spin, so that this thread is running when the attacker starts racing, then let
         * the copy land at some point of it. */
        uint32_t          spin  = 0;
        uint32_t          delay = rngBelow(&rng, 4) ? rngBelow(&rng, 64) : rngBelow(&rng, 20000);
        volatile uint32_t sink  = 0;
        while (!atomic_load_explicit(&f->at.ready, memory_order_acquire)) {
            if (++spin > 20000u) {
                sched_yield(); /* the attacker may be waiting for this core */
            }
        }
        for (spin = 0; spin < delay; spin++) {
            sink = sink + spin;
        }
    }
    else {
        attackerAwait(&f->at, AT_DONE);
    }
    /* The server looks now; a racing attacker keeps rewriting (and may republish). */
    serves = 1 + (int)(pl->racing ? rngBelow(&rng, 3) : 0);
    CHECK(f, serveOne(f) == 1);
    if (memcmp(&f->a.server.comm.request, pl->snap, pl->snapLen) != 0) {
        f->racedCopies++; /* the server's copy holds a racing rewrite */
    }
    for (i = 1; i < serves; i++) {
        (void)serveOne(f);
    }
    atomic_store(&f->at.stop, 1);
    attackerAwait(&f->at, AT_DONE);
    attackerSet(&f->at, AT_IDLE);
    /* What the attacker republished last is served too; then nothing is left. */
    for (i = 0; (i < 4) && serveOne(f); i++) {
    }
    CHECK(f, wh_Server_HandleRequestMessage(&f->a.server) == WH_ERROR_NOTREADY);
    f->inAttack = 0;
    f->attacked++;
    snprintf(f->where, sizeof(f->where), "clean-up after '%s' round %u (WH_HOSTILE_SEED=%u)",
             t->name, round, (unsigned)f->seed);
    if (!f->a.server.connected) {
        connectA(f);
    }
    runUndo(f);
}

/* ---- client 2, well-behaved, served in this thread ---- */

static int32_t bCmacOf(whTestPair* b, uint16_t keyId, uint8_t* out)
{
    static const uint8_t data[] = "client 2's data";
    uint16_t             outLen = 16;
    int32_t              rc     = 1;

    assert_int_equal(wh_Client_DigestRequest(&b->client, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT,
                                             keyId, data, sizeof(data), NULL, 0),
                     WH_ERROR_OK);
    whTest_Serve(b);
    assert_int_equal(wh_Client_DigestResponse(&b->client, out, &outLen, &rc), WH_ERROR_OK);
    return rc;
}

static int32_t bExport(whTestPair* b, uint16_t keyId)
{
    uint8_t  key[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint16_t keyLen = sizeof(key);
    int32_t  rc     = 1;

    assert_int_equal(wh_Client_KeyExportRequest(&b->client, keyId), WH_ERROR_OK);
    whTest_Serve(b);
    assert_int_equal(wh_Client_KeyExportResponse(&b->client, NULL, 0, NULL, &keyLen, key, &rc),
                     WH_ERROR_OK);
    return rc;
}

static void bExpectObject(whTestPair* b, uint16_t id, const uint8_t* data, uint16_t len)
{
    uint8_t  out[256];
    uint16_t outLen = sizeof(out);
    int32_t  rc     = 1;

    assert_int_equal(wh_Client_NvmReadRequest(&b->client, id, 0, len), WH_ERROR_OK);
    whTest_Serve(b);
    assert_int_equal(wh_Client_NvmReadResponse(&b->client, &outLen, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outLen, len);
    assert_memory_equal(out, data, len);
}

static uint32_t bCounterValue(whTestPair* b, uint16_t id)
{
    uint32_t v  = 0;
    int32_t  rc = 1;

    assert_int_equal(wh_Client_CounterReadRequest(&b->client, id), WH_ERROR_OK);
    whTest_Serve(b);
    assert_int_equal(wh_Client_CounterReadResponse(&b->client, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    return v;
}

static void bRequestOk(whTestPair* b, int rc)
{
    assert_int_equal(rc, WH_ERROR_OK);
    whTest_Serve(b);
}

/* Client 2's keys, objects and counter, and what they say. */
static void setupClientB(Fixture* f)
{
    whTestPair*   b     = &f->b;
    const uint8_t label = 'b';
    uint16_t      id    = 0;
    uint32_t      v     = 0;
    int32_t       rc    = 1;

    bRequestOk(b, wh_Client_KeyCacheRequest(&b->client, B_KEY, WH_NVM_FLAGS_NONEXPORTABLE | USAGE,
                                            1, &label, sizeof(f->bKey), f->bKey));
    assert_int_equal(wh_Client_KeyCacheResponse(&b->client, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    bRequestOk(b, wh_Client_KeyCommitRequest(&b->client, B_KEY));
    assert_int_equal(wh_Client_KeyCommitResponse(&b->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(bCmacOf(b, B_KEY, f->bKeyMac), WH_ERROR_OK);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    bRequestOk(b,
               wh_Client_KeyCacheRequest(&b->client, G_KEY,
                                         WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_NONMODIFIABLE |
                                             WH_NVM_FLAGS_NONDESTROYABLE | USAGE,
                                         1, &label, sizeof(f->gKey), f->gKey));
    assert_int_equal(wh_Client_KeyCacheResponse(&b->client, &id, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    bRequestOk(b, wh_Client_KeyCommitRequest(&b->client, G_KEY));
    assert_int_equal(wh_Client_KeyCommitResponse(&b->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(bCmacOf(b, G_KEY, f->gKeyMac), WH_ERROR_OK);
#endif
    bRequestOk(b, wh_Client_NvmAddObjectRequest(&b->client, B_OBJ, 0, WH_NVM_FLAGS_NONE, 1, &label,
                                                sizeof(f->bObj), f->bObj));
    assert_int_equal(wh_Client_NvmAddObjectResponse(&b->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    bRequestOk(b, wh_Client_NvmAddObjectRequest(&b->client, G_OBJ, 0,
                                                WH_NVM_FLAGS_NONMODIFIABLE |
                                                    WH_NVM_FLAGS_NONDESTROYABLE,
                                                1, &label, sizeof(f->gObj), f->gObj));
    assert_int_equal(wh_Client_NvmAddObjectResponse(&b->client, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    bRequestOk(b, wh_Client_CounterInitRequest(&b->client, B_COUNTER, WH_COUNTER_RESETTABLE, 776));
    assert_int_equal(wh_Client_CounterInitResponse(&b->client, &v, &rc), WH_ERROR_OK);
    bRequestOk(b, wh_Client_CounterIncrementRequest(&b->client, B_COUNTER));
    assert_int_equal(wh_Client_CounterIncrementResponse(&b->client, &f->bCounter, &rc),
                     WH_ERROR_OK);
    assert_int_equal(f->bCounter, 777);
}

/* Client 2's things kept their values; its non-exportable keys still work and still stay in. */
static void checkClientB(Fixture* f)
{
    whTestPair* b = &f->b;
    uint8_t     mac[16];

    assert_int_equal(bCmacOf(b, B_KEY, mac), WH_ERROR_OK);
    assert_memory_equal(mac, f->bKeyMac, sizeof(mac));
    assert_int_equal(bExport(b, B_KEY), WH_ERROR_ACCESS);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    assert_int_equal(bCmacOf(b, G_KEY, mac), WH_ERROR_OK);
    assert_memory_equal(mac, f->gKeyMac, sizeof(mac));
    assert_int_equal(bExport(b, G_KEY), WH_ERROR_ACCESS);
#endif
    bExpectObject(b, B_OBJ, f->bObj, sizeof(f->bObj));
    bExpectObject(b, G_OBJ, f->gObj, sizeof(f->gObj));
    assert_int_equal(bCounterValue(b, B_COUNTER), f->bCounter);
}

/* Client 1, back to the client API, still gets answers: connect, echo, info. */
static void checkClientAServed(Fixture* f)
{
    whTestPair*      p = &f->a;
    uint8_t          out[16];
    uint16_t         outSize = sizeof(out);
    uint16_t         id      = 0;
    int32_t          rc      = 1;
    whClientCommInfo info;

    assert_int_equal(wh_Client_Cleanup(&p->client), WH_ERROR_OK);
    assert_int_equal(wh_Client_Init(&p->client, &p->clientConfig), WH_ERROR_OK);
    assert_int_equal(wh_Client_CommConnectRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CommConnectResponse(&p->client, &id, NULL, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(id, ID_A);
    assert_int_equal(wh_Client_EchoRequest(&p->client, 9, "still up"), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_EchoResponse(&p->client, &outSize, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(outSize, 9);
    assert_memory_equal(out, "still up", 9);
    assert_int_equal(wh_Client_CommInfoRequest(&p->client), WH_ERROR_OK);
    whTest_Serve(p);
    assert_int_equal(wh_Client_CommInfoResponse(&p->client, &info, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(info.clientId, ID_A);
}

/* ---- setup: both clients, client 1's keys and signatures, the attacker ---- */

static uint32_t envOr(const char* name, uint32_t dflt)
{
    const char* s = getenv(name);
    return ((s != NULL) && (*s != '\0')) ? (uint32_t)strtoul(s, NULL, 0) : dflt;
}

/* A key pair made in the HSM, exported (exportable for that) and evicted. */
static void makeKeyPair(Fixture* f, uint16_t type, uint8_t* out, uint16_t len)
{
    Req      r;
    uint16_t id;

    keygenReq(&r, type, USAGE);
    CHECK(f, clean(f, &r) == WH_ERROR_OK);
    id = rd16(respData(f), 0, WH_COMM_MAGIC_NATIVE);
    CHECK(f, cleanId(f, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EXPORT, id) == WH_ERROR_OK);
    CHECK(f, rd16(respData(f), OFF(whMessageKeyExportResponse, len), WH_COMM_MAGIC_NATIVE) == len);
    memcpy(out, respData(f) + sizeof(whMessageKeyExportResponse), len);
    (void)cleanId(f, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT, id);
}

static int setupOn(void** state, int hwsem)
{
    Fixture* f = &fx;
    Rng      rng;
    Req      r;

    memset(f, 0, sizeof(*f));
    f->seed   = envOr("WH_HOSTILE_SEED", DEFAULT_SEED);
    f->rounds = envOr("WH_HOSTILE_ROUNDS", DEFAULT_ROUNDS);
    rng.s     = f->seed;
    snprintf(f->where, sizeof(f->where), "setup");
    if (hwsem) {
        whTest_NvmInitScheduled(&f->nvm, 0, 0);
    }
    else {
        whTest_NvmInit(&f->nvm, 1);
    }
    whTest_PairInit(&f->a, &f->nvm.nvm, ID_A, 1, 5000);
    whTest_PairInit(&f->b, &f->nvm.nvm, ID_B, 1, 5000);
    assert_int_equal(wh_Client_CommConnectRequest(&f->b.client), WH_ERROR_OK);
    whTest_Serve(&f->b);
    {
        int32_t rc = 1;
        assert_int_equal(wh_Client_CommConnectResponse(&f->b.client, NULL, NULL, &rc), WH_ERROR_OK);
        assert_int_equal(rc, WH_ERROR_OK);
    }
    connectA(f);

    rngFill(&rng, f->aes, sizeof(f->aes));
    rngFill(&rng, f->aesExp, sizeof(f->aesExp));
    rngFill(&rng, f->hash, sizeof(f->hash));
    rngFill(&rng, f->edMsg, sizeof(f->edMsg));
    rngFill(&rng, f->bKey, sizeof(f->bKey));
    rngFill(&rng, f->gKey, sizeof(f->gKey));
    rngFill(&rng, f->bObj, sizeof(f->bObj));
    rngFill(&rng, f->gObj, sizeof(f->gObj));
    makeKeyPair(f, WH_KEY_TYPE_ECC_P256, f->ecc, sizeof(f->ecc));
    makeKeyPair(f, WH_KEY_TYPE_ED25519, f->ed, sizeof(f->ed));
    makeKeyPair(f, WH_KEY_TYPE_X25519, f->x, sizeof(f->x));
    {
        uint8_t peer[96];
        makeKeyPair(f, WH_KEY_TYPE_ECC_P256, peer, sizeof(peer));
        memcpy(f->eccPeer, peer + 32, sizeof(f->eccPeer));
        makeKeyPair(f, WH_KEY_TYPE_X25519, peer, 64);
        memcpy(f->xPeer, peer + 32, sizeof(f->xPeer));
    }
    ensureKeys(f);
    signReq(&r, WH_CRYPTO_ECDSA_P256, f->kEcc, f->hash, sizeof(f->hash));
    CHECK(f, clean(f, &r) == WH_ERROR_OK);
    f->ecdsaSigLen = rd16(respData(f), 0, WH_COMM_MAGIC_NATIVE);
    memcpy(f->ecdsaSig, respData(f) + sizeof(whMessageCryptoOutResponse), f->ecdsaSigLen);
    signReq(&r, WH_CRYPTO_ED25519, f->kEd, f->edMsg, sizeof(f->edMsg));
    CHECK(f, clean(f, &r) == WH_ERROR_OK);
    memcpy(f->edSig, respData(f) + sizeof(whMessageCryptoOutResponse), sizeof(f->edSig));
    verifyReq(&r, WH_CRYPTO_LMS, 0, rfc8554Tc1Pub, sizeof(rfc8554Tc1Pub), rfc8554Tc1Sig,
              sizeof(rfc8554Tc1Sig), rfc8554Tc1Msg, sizeof(rfc8554Tc1Msg));
    CHECK(f, clean(f, &r) == WH_ERROR_OK); /* the LMS template verifies when left alone */

    setupClientB(f);
    /* From here on no response may carry these. */
    addSecret(f, f->aes, sizeof(f->aes));
    addSecret(f, f->ecc, 32);
    addSecret(f, f->ed, 32);
    addSecret(f, f->x, 32);
    addSecret(f, f->bKey, sizeof(f->bKey));
    addSecret(f, f->gKey, sizeof(f->gKey));
    addSecret(f, f->bObj, sizeof(f->bObj));
    f->served = f->ok = f->malformed = f->dropped = 0;
    memset(f->verdicts, 0, sizeof(f->verdicts));

    f->at.mb    = &f->a.region->mailbox;
    f->at.state = AT_IDLE;
    atomic_store(&f->at.stop, 0);
    assert_int_equal(pthread_mutex_init(&f->at.mutex, NULL), 0);
    assert_int_equal(pthread_cond_init(&f->at.cond, NULL), 0);
    assert_int_equal(pthread_create(&f->at.thread, NULL, attackerMain, &f->at), 0);
    *state = f;
    return 0;
}

static int setup(void** state)
{
    return setupOn(state, 0);
}

/* The NVM lock is the hardware-semaphore gate, as on the target's HSM core. */
static int setupHwSem(void** state)
{
    return setupOn(state, 1);
}

static int teardown(void** state)
{
    Fixture* f = *state;

    if (f->aThread) {
        whTest_PairStopServer(&f->a);
    }
    if (f->bThread) {
        whTest_PairStopServer(&f->b);
    }
    atomic_store(&f->at.stop, 1);
    attackerSet(&f->at, AT_QUIT);
    (void)pthread_join(f->at.thread, NULL);
    (void)pthread_cond_destroy(&f->at.cond);
    (void)pthread_mutex_destroy(&f->at.mutex);
    whTest_PairCleanup(&f->a);
    whTest_PairCleanup(&f->b);
    whTest_NvmCleanup(&f->nvm);
    return 0;
}

static double nowSec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const Fixture* f, const char* group, int raced, double secs)
{
    static const int32_t shown[] = {WH_ERROR_BADARGS,  WH_ERROR_BADMAGIC, WH_ERROR_VERSION,
                                    WH_ERROR_TOOBIG,   WH_ERROR_BADKIND,  WH_ERROR_TRUNCATED,
                                    WH_ERROR_NOTFOUND, WH_ERROR_ACCESS,   WH_ERROR_KEYTYPE,
                                    WH_ERROR_BADALG,   WH_ERROR_AUTH,     WH_ERROR_NOSTREAM};
    size_t               i;

    if (raced) {
        printf("hostile %s: %u rounds (%s; %u raced into the server's copy, %llu rewrites), ",
               group, f->attacked, HOSTILE_RACING ? "racing" : "ordered only", f->racedCopies,
               (unsigned long long)f->at.writes);
    }
    else {
        printf("hostile %s: %u requests rewritten before the server looked, ", group, f->attacked);
    }
    printf("%u answers: %u OK, %u malformed, %u dropped; %u preparations missed; %.2f s\n"
           "   errors:",
           f->served, f->ok, f->malformed, f->dropped, f->preMisses, secs);
    for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
        printf(" %d:%u", (int)shown[i], f->verdicts[-(shown[i] + 2000)]);
    }
    printf("\n");
}

static void runGroup(void** state, const char* group, unsigned test, const Template* t, size_t n)
{
    Fixture*          f     = *state;
    double            start = nowSec();
    whCommServerStats s;
    unsigned          round;
    size_t            i;

    for (round = 0; round < f->rounds; round++) {
        for (i = 0; i < n; i++) {
            attackRound(f, &t[i], test, (unsigned)i, round);
        }
    }
    report(f, group, 1, nowSec() - start);
    /* The server's counters say what the checks saw. */
    s = f->a.server.comm.stats;
    assert_true(s.requests >= f->served);
    assert_true(s.malformed >= f->malformed);
    checkClientB(f);
    checkClientAServed(f);
    /* Client 1 still reaches none of client 2's keys. */
    snprintf(f->where, sizeof(f->where), "after the rounds of %s", group);
    CHECK(f, cleanId(f, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EXPORT, G_KEY) != WH_ERROR_OK);
}

/* ---- the sweep: every aimed field at every boundary, ordered (no race) ---- */

/* Client 1's keys are the ones ensureKeys cached, and nothing else is cached. */
static int keysInPlace(const Fixture* f)
{
    const uint16_t ids[] = {f->kAes, f->kAesExp, f->kEcc, f->kEd, f->kX};
    int            full  = 0;
    int            found = 0;
    int            i;
    size_t         j;

    for (i = 0; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        const whKeyCacheSlot* sl = &f->a.server.localSlots[i];
        if (sl->state != WH_KEYSLOT_FULL) {
            continue;
        }
        full++;
        for (j = 0; j < sizeof(ids) / sizeof(ids[0]); j++) {
            found += (WH_NVM_ID_NUMBER(sl->meta.id) == ids[j]);
        }
    }
    return (full == 5) && (found == 5);
}

/* One request of template t (rebuilt with the same seed), rewritten by poke before the
 * server looks. Returns the verdict of the answer. */
typedef struct {
    uint16_t off; /* mailbox offset of a 16-bit field; 0xFFFF: the claimed length */
    uint16_t value;
} Poke;

static void sweepOne(Fixture* f, const Template* t, uint64_t seed, Poke poke)
{
    static Req r;
    whMailbox* mb  = &f->a.region->mailbox;
    Rng        rng = {seed};

    if (!f->a.server.connected) {
        connectA(f);
    }
    if (!keysInPlace(f)) {
        ensureKeys(f);
    }
    t->build(f, &r, &rng);
    publish(f, &r);
    if (poke.off == 0xFFFFu) {
        setClaim(mb, poke.value);
    }
    else {
        poke16(mb, poke.off, poke.value);
    }
    f->inAttack = 1;
    CHECK(f, serveOne(f) == 1);
    CHECK(f, wh_Server_HandleRequestMessage(&f->a.server) == WH_ERROR_NOTREADY);
    f->inAttack = 0;
    f->attacked++;
    if (!f->a.server.connected) {
        connectA(f);
    }
    runUndo(f);
}

static void sweepTemplate(Fixture* f, const Template* t, unsigned index)
{
    static Req     r;
    const uint64_t seed = roundSeed(f->seed, 9, index, 0);
    Rng            rng  = {seed};
    uint16_t       len;
    uint16_t       g, a;
    int            i;
    size_t         v;

    /* The request as built, to know its fields and size. */
    if (!keysInPlace(f)) {
        ensureKeys(f);
    }
    t->build(f, &r, &rng);
    runUndo(f);
    len = (uint16_t)(HDR + r.len);

    for (i = 0; i < r.nFields; i++) {
        const uint16_t off = (uint16_t)(HDR + r.fields[i]);
        uint16_t       orig;
        memcpy(&orig, r.payload + r.fields[i], sizeof(orig));
        {
            const uint16_t values[] = {0,
                                       1,
                                       (uint16_t)(orig - 1u),
                                       (uint16_t)(orig + 1u),
                                       wh_Bswap16(orig),
                                       (uint16_t)(orig | WH_ID_GLOBAL),
                                       (uint16_t)((orig & 0xFFu) | (ID_B << 8)),
                                       (uint16_t)((orig & 0xFFu) | 0x2000u),
                                       0xFF,
                                       0x7FFF,
                                       0x8000,
                                       0xFFFF,
                                       (uint16_t)(len - HDR),
                                       (uint16_t)(len - HDR + 1u),
                                       (uint16_t)(len - HDR - r.fields[i]),
                                       DATA_LEN,
                                       DATA_LEN + 1};
            for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
                snprintf(f->where, sizeof(f->where),
                         "sweep '%s': payload offset %u = %04x (WH_HOSTILE_SEED=%u)", t->name,
                         r.fields[i], values[v], (unsigned)f->seed);
                sweepOne(f, t, seed, (Poke){off, values[v]});
            }
        }
    }
    /* The payload read as every other action's (and a few that do not exist). */
    for (g = 0; g <= 6; g++) {
        for (a = 0; a <= 10; a++) {
            snprintf(f->where, sizeof(f->where), "sweep '%s': kind %04x (WH_HOSTILE_SEED=%u)",
                     t->name, KIND(g, a), (unsigned)f->seed);
            sweepOne(f, t, seed, (Poke){2, KIND(g, a)});
        }
    }
    {
        const Poke others[] = {{0, WH_COMM_MAGIC_SWAPPED},
                               {0, (WH_COMM_MAGIC_TAG << 8) | (WH_COMM_VERSION + 1)},
                               {0xFFFF, 0},
                               {0xFFFF, HDR - 1},
                               {0xFFFF, HDR},
                               {0xFFFF, (uint16_t)(len - 1u)},
                               {0xFFFF, (uint16_t)(len + 1u)},
                               {0xFFFF, HDR + DATA_LEN},
                               {0xFFFF, HDR + DATA_LEN + 1},
                               {0xFFFF, WH_MAILBOX_BUFFER_SIZE},
                               {0xFFFF, 0xFFFF}};
        for (v = 0; v < sizeof(others) / sizeof(others[0]); v++) {
            snprintf(f->where, sizeof(f->where), "sweep '%s': %s %04x (WH_HOSTILE_SEED=%u)",
                     t->name, (others[v].off == 0xFFFFu) ? "claimed length" : "magic",
                     others[v].value, (unsigned)f->seed);
            sweepOne(f, t, seed, others[v]);
        }
    }
}

static void test_sweep(void** state)
{
    const Template* groups[] = {commTemplates,    nvmTemplates, keyTemplates,
                                counterTemplates, symTemplates, pkTemplates};
    const size_t    sizes[]  = {sizeof(commTemplates) / sizeof(commTemplates[0]),
                                sizeof(nvmTemplates) / sizeof(nvmTemplates[0]),
                                sizeof(keyTemplates) / sizeof(keyTemplates[0]),
                                sizeof(counterTemplates) / sizeof(counterTemplates[0]),
                                sizeof(symTemplates) / sizeof(symTemplates[0]),
                                sizeof(pkTemplates) / sizeof(pkTemplates[0])};
    Fixture*        f        = *state;
    double          start    = nowSec();
    size_t          g, t;

    for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        for (t = 0; t < sizes[g]; t++) {
            sweepTemplate(f, &groups[g][t], (unsigned)(g * 64 + t));
        }
    }
    report(f, "sweep", 0, nowSec() - start);
    checkClientB(f);
    checkClientAServed(f);
}

/* ---- a request left in the mailbox for later, rewritten before it is served ---- */

#ifdef WOLFHSM_CFG_THREADSAFE
/* The lock as a context nested in a scheduler's yield meets it: it may not wait. */
static int noWait(void* arg)
{
    (void)arg;
    return WH_ERROR_NOTREADY;
}

/* What a deferred request must leave as it was: the flash and both key caches (the ticks
 * of their last use aside). */
typedef struct {
    uint8_t        flash[WH_TEST_FLASH_SIZE];
    whKeyCacheSlot local[WOLFHSM_CFG_SERVER_KEYCACHE_COUNT];
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    whKeyCacheSlot global[WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT];
#endif
} Snapshot;

static void snapshotTake(const Fixture* f, Snapshot* s)
{
    size_t i;

    memcpy(s->flash, f->nvm.flash, sizeof(s->flash));
    memcpy(s->local, f->a.server.localSlots, sizeof(s->local));
    for (i = 0; i < WOLFHSM_CFG_SERVER_KEYCACHE_COUNT; i++) {
        s->local[i].lastUse = 0;
    }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    memcpy(s->global, f->nvm.nvm.globalSlots, sizeof(s->global));
    for (i = 0; i < WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT; i++) {
        s->global[i].lastUse = 0;
    }
#endif
}
#endif

/* Every request that needs the NVM lock, while another owner holds it (the target's other
 * core, or a context suspended in a yield), is left in the mailbox with no answer and
 * nothing changed; the host then rewrites it, the lock is released, and what is served is
 * the new request, checked as any other: the second copy is a request of its own. */
static void test_deferred_rewritten(void** state)
{
#ifdef WOLFHSM_CFG_THREADSAFE
    static Snapshot before;
    static Snapshot after;
    static Req      r;
    const Template* groups[] = {commTemplates,    nvmTemplates, keyTemplates,
                                counterTemplates, symTemplates, pkTemplates};
    const size_t    sizes[]  = {sizeof(commTemplates) / sizeof(commTemplates[0]),
                                sizeof(nvmTemplates) / sizeof(nvmTemplates[0]),
                                sizeof(keyTemplates) / sizeof(keyTemplates[0]),
                                sizeof(counterTemplates) / sizeof(counterTemplates[0]),
                                sizeof(symTemplates) / sizeof(symTemplates[0]),
                                sizeof(pkTemplates) / sizeof(pkTemplates[0])};
    Fixture*        f        = *state;
    whMailbox*      mb       = &f->a.region->mailbox;
    double          start    = nowSec();
    uint32_t        deferred = 0;
    unsigned        round;
    size_t          g, t;

    f->nvm.hwsemCtx.cfg.yield = noWait;
    for (round = 0; round < (f->rounds + 3u) / 4u; round++) {
        for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
            for (t = 0; t < sizes[g]; t++) {
                Rng               rng = {roundSeed(f->seed, 10, (unsigned)(g * 64 + t), round)};
                Plan*             pl  = &f->at.plan;
                whCommServerStats st;
                uint32_t          resp;
                int               rc;
                int               k;

                snprintf(f->where, sizeof(f->where), "'%s' deferred, round %u (WH_HOSTILE_SEED=%u)",
                         groups[g][t].name, round, (unsigned)f->seed);
                if (!f->a.server.connected) {
                    connectA(f);
                }
                ensureKeys(f);
                groups[g][t].build(f, &r, &rng);
                publish(f, &r);
                snapshotTake(f, &before);
                st   = f->a.server.comm.stats;
                resp = atomic_load(&mb->resp.ctrl);
                atomic_store(&f->nvm.gate.owner, 0xBEEFu); /* someone else holds the lock */
                f->inAttack = 1;
                rc          = wh_Server_HandleRequestMessage(&f->a.server);
                atomic_store(&f->nvm.gate.owner, 0u);
                if (rc == WH_ERROR_OK) { /* it needed no lock: answered */
                    (void)checkServed(f, &st);
                    CHECK(f, wh_Server_HandleRequestMessage(&f->a.server) == WH_ERROR_NOTREADY);
                    f->inAttack = 0;
                    runUndo(f);
                    continue;
                }
                CHECK(f, rc == WH_ERROR_BUSY);
                deferred++;
                CHECK(f, atomic_load(&mb->resp.ctrl) == resp); /* no answer */
                CHECK(f, f->a.server.comm.stats.requests == st.requests + 1u);
                CHECK(f, f->a.server.comm.stats.malformed == st.malformed);
                snapshotTake(f, &after);
                CHECK(f, memcmp(&before, &after, sizeof(before)) == 0); /* nothing changed */

                /* The host rewrites what waits in its mailbox (with a new counter, or not). */
                makePlan(pl, &r, &rng);
                for (k = 0; k < 1 + (int)rngBelow(&rng, 3); k++) {
                    mutate(mb, pl, 0);
                }
                if (rngBelow(&rng, 2)) {
                    republish(mb, (uint16_t)(atomic_load(&mb->req.ctrl) & 0xFFFFu));
                }
                CHECK(f, serveOne(f) == 1); /* served from a fresh copy, checked as any */
                CHECK(f, wh_Server_HandleRequestMessage(&f->a.server) == WH_ERROR_NOTREADY);
                f->inAttack = 0;
                f->attacked++;
                if (!f->a.server.connected) {
                    connectA(f);
                }
                runUndo(f);
            }
        }
    }
    {
        char group[64];
        snprintf(group, sizeof(group), "deferred (%u left for later by the lock)", deferred);
        report(f, group, 0, nowSec() - start);
    }
    assert_true(deferred > 0);
    checkClientB(f);
    checkClientAServed(f);
#else
    (void)state;
    skip(); /* without WOLFHSM_CFG_THREADSAFE there is no lock to defer on */
#endif
}

/* ---- the flood: client 1's server on its own thread, requests back to back ---- */

#if HOSTILE_RACING

/* Client 2 at work while client 1 floods (THREADSAFE builds: two server threads on one
 * NVM need the lock). Its answers must never change; a global key may be refused for room
 * (WH_ERROR_NOSPACE: client 1 can fill the shared global cache), never given wrong. */
typedef struct {
    Fixture*   f;
    pthread_t  thread;
    atomic_int stop;
    uint32_t   ops;
    uint32_t   failures;
    uint32_t   globalNoSpace;
} Worker;

#ifdef WOLFHSM_CFG_THREADSAFE
static void* workerMain(void* arg)
{
    static const uint8_t data[] = "client 2's data";
    Worker*              w      = arg;
    whClientContext*     c      = &w->f->b.client;

    while (!atomic_load(&w->stop)) {
        uint8_t  mac[16];
        uint8_t  obj[64];
        uint16_t macLen = sizeof(mac);
        uint16_t objLen = 0;
        uint32_t v      = 0;
        int32_t  rc     = 1;

        if ((wh_Client_Digest(c, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, B_KEY, data,
                              sizeof(data), NULL, 0, mac, &macLen, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK) || (memcmp(mac, w->f->bKeyMac, sizeof(mac)) != 0)) {
            w->failures++;
        }
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
        macLen = sizeof(mac);
        rc     = 1;
        if ((wh_Client_Digest(c, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_ONESHOT, G_KEY, data,
                              sizeof(data), NULL, 0, mac, &macLen, &rc) != WH_ERROR_OK) ||
            ((rc == WH_ERROR_OK) && (memcmp(mac, w->f->gKeyMac, sizeof(mac)) != 0)) ||
            ((rc != WH_ERROR_OK) && (rc != WH_ERROR_NOSPACE))) {
            w->failures++;
        }
        w->globalNoSpace += (rc == WH_ERROR_NOSPACE);
#endif
        rc = 1;
        if ((wh_Client_NvmRead(c, B_OBJ, 0, sizeof(obj), &objLen, obj, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK) || (objLen != sizeof(obj)) ||
            (memcmp(obj, w->f->bObj, sizeof(obj)) != 0)) {
            w->failures++;
        }
        rc = 1;
        if ((wh_Client_CounterRead(c, B_COUNTER, &v, &rc) != WH_ERROR_OK) || (rc != WH_ERROR_OK) ||
            (v != w->f->bCounter)) {
            w->failures++;
        }
        w->ops++;
    }
    return NULL;
}
#endif

/* Wait until client 1's server answered everything published (its counter reached the
 * request's). 0 on a timeout. */
static int awaitIdle(whMailbox* mb, double timeoutSec)
{
    double end = nowSec() + timeoutSec;

    while ((atomic_load(&mb->resp.ctrl) >> 16) != (atomic_load(&mb->req.ctrl) >> 16)) {
        if (nowSec() > end) {
            return 0;
        }
        sched_yield();
    }
    return 1;
}

/* An answer read from the mailbox after an ordered request (no rewrite raced it): q is what
 * the server copied, claim bytes of it. */
static void checkMailboxAnswer(Fixture* f, const uint8_t* q, uint16_t claim)
{
    const whMailbox* mb  = &f->a.region->mailbox;
    uint16_t         len = (uint16_t)(atomic_load(&mb->resp.ctrl) & 0xFFFFu);
    whCommHeader     qh;
    whCommHeader     h;
    int32_t          verdict;
    int              magicOk;

    memcpy(&qh, q, sizeof(qh));
    magicOk = (wh_Message_CheckMagic(qh.magic) == WH_ERROR_OK);
    if (claim < HDR) {
        CHECK(f, len == 0);
        return;
    }
    CHECK(f, (len >= HDR) && (len <= HDR + DATA_LEN));
    memcpy(&h, mb->data.bytes, sizeof(h));
    CHECK(f, (h.magic == WH_COMM_MAGIC_NATIVE) || (h.magic == WH_COMM_MAGIC_SWAPPED));
    verdict = (int16_t)wh_Translate16(h.magic, h.aux);
    CHECK(f, isKnownVerdict(verdict));
    if (claim > HDR + DATA_LEN) {
        CHECK(f, verdict == WH_ERROR_TOOBIG);
    }
    else if (!magicOk) {
        CHECK(f, (verdict == WH_ERROR_BADMAGIC) || (verdict == WH_ERROR_VERSION));
    }
    else {
        CHECK(f, (h.magic == qh.magic) && (h.kind == qh.kind) && (h.seq == qh.seq));
    }
    if (verdict != WH_ERROR_OK) {
        CHECK(f, len == HDR);
        return;
    }
    checkOk(f, wh_Translate16(h.magic, h.kind), h.magic, q + HDR, mb->data.bytes + HDR,
            (uint16_t)(len - HDR));
    CHECK(f, !leaks(f, mb->data.bytes + HDR, (size_t)(len - HDR)));
}
#endif /* HOSTILE_RACING */

static void test_flood(void** state)
{
#if !HOSTILE_RACING
    (void)state;
    skip(); /* TSAN: racing the server's copy is the test (see the top of the file) */
#else
    static Req      lib[64];
    static uint8_t  q[WH_MAILBOX_BUFFER_SIZE];
    Fixture*        f        = *state;
    whMailbox*      mb       = &f->a.region->mailbox;
    const Template* groups[] = {commTemplates,    nvmTemplates, keyTemplates,
                                counterTemplates, symTemplates, pkTemplates};
    const size_t    sizes[]  = {sizeof(commTemplates) / sizeof(commTemplates[0]),
                                sizeof(nvmTemplates) / sizeof(nvmTemplates[0]),
                                sizeof(keyTemplates) / sizeof(keyTemplates[0]),
                                sizeof(counterTemplates) / sizeof(counterTemplates[0]),
                                sizeof(symTemplates) / sizeof(symTemplates[0]),
                                sizeof(pkTemplates) / sizeof(pkTemplates[0])};
    Rng             rng      = {roundSeed(f->seed, 7, 0, 0)};
    Worker          w        = {.f = f};
    double          start    = nowSec();
    size_t          nLib     = 0;
    uint32_t        checked  = 0;
    uint32_t        i;
    size_t          g, t;
    int             k;

    /* Client 1's requests of every group and action, prepared as in the rounds. */
    snprintf(f->where, sizeof(f->where), "flood: preparing (WH_HOSTILE_SEED=%u)",
             (unsigned)f->seed);
    ensureKeys(f);
    for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        for (t = 0; t < sizes[g]; t++) {
            groups[g][t].build(f, &lib[nLib++], &rng);
        }
    }
    f->nUndo = 0;
    memset(mb->data.bytes, 0, sizeof(mb->data.bytes));

    whTest_PairStartServer(&f->a);
    f->aThread = 1;
#ifdef WOLFHSM_CFG_THREADSAFE
    whTest_PairStartServer(&f->b);
    f->bThread = 1;
    atomic_store(&w.stop, 0);
    assert_int_equal(pthread_create(&w.thread, NULL, workerMain, &w), 0);
#endif

    for (i = 0; i < FLOOD_PACKETS; i++) {
        static Req rnd;
        const Req* r;
        Plan*      pl      = &f->at.plan;
        int        ordered = (rngBelow(&rng, 3) == 0);
        uint16_t   claim;

        if (rngBelow(&rng, 5) == 0) { /* a packet of random bytes under a real kind */
            reqInit(&rnd, 1u + rngBelow(&rng, 5), 1u + rngBelow(&rng, 9));
            rnd.len = (uint16_t)rngBelow(&rng, 96);
            rngFill(&rng, rnd.payload, rnd.len);
            for (k = 0; (k < rnd.len / 2) && (k < MAX_FIELDS); k++) {
                rnd.fields[rnd.nFields++] = (uint16_t)(2 * k);
            }
            r = &rnd;
        }
        else {
            r = &lib[rngBelow(&rng, (uint32_t)nLib)];
        }
        snprintf(f->where, sizeof(f->where), "flood packet %u, kind %04x (WH_HOSTILE_SEED=%u)", i,
                 r->kind, (unsigned)f->seed);
        if (ordered) {
            CHECK(f, awaitIdle(mb, 10.0));
        }
        if (rngBelow(&rng, 50) == 0) { /* the server's own word: it never reads it back */
            uint32_t next = (atomic_load(&mb->req.ctrl) >> 16) + 1u;
            uint32_t v    = (uint32_t)rngNext(&rng);
            if (((v >> 16) & 0xFFFFu) == (next & 0xFFFFu)) {
                v ^= 0x80000000u; /* not the counter of the next request: no false answer */
            }
            atomic_store(&mb->resp.ctrl, v);
        }
        makePlan(pl, r, &rng);
        {
            whCommHeader h = {.magic = WH_COMM_MAGIC_NATIVE, .kind = r->kind, .seq = ++f->seq};
            memcpy(mb->data.bytes, &h, sizeof(h));
            memcpy(mb->data.bytes + HDR, r->payload, r->len);
        }
        setClaim(mb, pl->pktLen);
        for (k = 0; k < 1 + (int)rngBelow(&rng, 4); k++) {
            mutate(mb, pl, 0);
        }
        claim = (uint16_t)(atomic_load(&mb->req.ctrl) & 0xFFFFu);
        if (ordered) {
            memcpy(q, mb->data.bytes, sizeof(q));
        }
        republish(mb, claim);
        posixDoorbell_Ring(&f->a.region->toServer);
        if (ordered) {
            CHECK(f, awaitIdle(mb, 10.0)); /* the server must answer */
            checkMailboxAnswer(f, q, claim);
            checked++;
        }
        else { /* rewrite while it is being served, then publish the next over it */
            uint32_t n = rngBelow(&rng, 4000);
            uint32_t j;
            pl->evil = interestingValue(&pl->rng, peek16(mb, pl->target), pl->pktLen);
            pl->orig = peek16(mb, pl->target);
            for (j = 0; j < n; j++) {
                raceStep(mb, pl, j);
            }
            if (rngBelow(&rng, 4) != 0) { /* mostly ring for what was republished meanwhile */
                posixDoorbell_Ring(&f->a.region->toServer);
            }
        }
    }
    snprintf(f->where, sizeof(f->where), "flood: the end (WH_HOSTILE_SEED=%u)", (unsigned)f->seed);
    CHECK(f, awaitIdle(mb, 10.0));
#ifdef WOLFHSM_CFG_THREADSAFE
    atomic_store(&w.stop, 1);
    (void)pthread_join(w.thread, NULL);
    whTest_PairStopServer(&f->b);
    f->bThread = 0;
#endif
    whTest_PairStopServer(&f->a);
    f->aThread = 0;

    printf("hostile flood: %u packets (%u answers checked), server counted %u requests, "
           "%u malformed, %u dropped; client 2 meanwhile: %u rounds, %u failures, %u global "
           "key refusals for room; %.2f s\n",
           FLOOD_PACKETS, checked, f->a.server.comm.stats.requests,
           f->a.server.comm.stats.malformed, f->a.server.comm.stats.dropped, w.ops, w.failures,
           w.globalNoSpace, nowSec() - start);
    assert_true(f->a.server.comm.stats.requests >= checked);
    assert_true(f->a.server.comm.stats.malformed > 0);
    assert_int_equal(w.failures, 0);
#ifdef WOLFHSM_CFG_THREADSAFE
    assert_true(w.ops > 0);
#endif
    /* Client 1 empties the shared global cache of what it put there (it may), then
     * everything of client 2 must be as it was. */
    snprintf(f->where, sizeof(f->where), "after the flood (WH_HOSTILE_SEED=%u)", (unsigned)f->seed);
#ifdef WOLFHSM_CFG_GLOBAL_KEYS
    for (k = 0; k < WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT; k++) {
        const whKeyCacheSlot* sl = &f->nvm.nvm.globalSlots[k];
        if ((sl->state == WH_KEYSLOT_FULL) &&
            (sl->meta.id != WH_NVM_MAKE_ID(WH_NVM_TYPE_KEY, 0, 0x42))) {
            if (!f->a.server.connected) {
                connectA(f);
            }
            (void)cleanId(f, WH_MESSAGE_GROUP_KEY, WH_MESSAGE_KEY_ACTION_EVICT,
                          (uint16_t)(WH_ID_GLOBAL | WH_NVM_ID_NUMBER(sl->meta.id)));
        }
    }
#endif
    checkClientB(f);
    checkClientAServed(f);
#endif
}

/* Left alone, every request of the rounds is one the server accepts: the attacks start from
 * the deep path, not from an early refusal. The key requests also name keys client 1 must
 * not get (refused) and client 2's number (client 1's own, missing). */
static void test_requests_valid(void** state)
{
    const Template* groups[] = {commTemplates,    nvmTemplates, keyTemplates,
                                counterTemplates, symTemplates, pkTemplates};
    const size_t    sizes[]  = {sizeof(commTemplates) / sizeof(commTemplates[0]),
                                sizeof(nvmTemplates) / sizeof(nvmTemplates[0]),
                                sizeof(keyTemplates) / sizeof(keyTemplates[0]),
                                sizeof(counterTemplates) / sizeof(counterTemplates[0]),
                                sizeof(symTemplates) / sizeof(symTemplates[0]),
                                sizeof(pkTemplates) / sizeof(pkTemplates[0])};
    Fixture*        f        = *state;
    static Req      r;
    unsigned        round;
    size_t          g, t;

    for (round = 0; round < 4; round++) {
        for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
            for (t = 0; t < sizes[g]; t++) {
                Rng     rng = {roundSeed(f->seed, 8, (unsigned)(g * 64 + t), round)};
                int32_t rc;
                snprintf(f->where, sizeof(f->where), "'%s' left alone, round %u", groups[g][t].name,
                         round);
                if (!f->a.server.connected) {
                    connectA(f);
                }
                ensureKeys(f);
                groups[g][t].build(f, &r, &rng);
                rc = clean(f, &r);
                if (groups[g] == keyTemplates) {
                    const uint16_t id = rd16(r.payload, 0, WH_COMM_MAGIC_NATIVE);
                    CHECK(f, (rc == WH_ERROR_OK) ||
                                 ((rc == WH_ERROR_ACCESS) && (id != f->kAesExp)) ||
                                 ((rc == WH_ERROR_NOTFOUND) && (id == B_KEY)) ||
                                 ((rc == WH_ERROR_BADARGS) && WH_ID_IS_GLOBAL(id) &&
                                  !HAVE_GLOBAL_KEYS));
                }
                else if (groups[g][t].build == bPublicKey) { /* of a secret key: none */
                    const uint16_t id = rd16(r.payload, 0, WH_COMM_MAGIC_NATIVE);
                    CHECK(f, (rc == WH_ERROR_OK) || ((rc == WH_ERROR_KEYTYPE) && (id == f->kAes)));
                }
                else {
                    CHECK(f, rc == WH_ERROR_OK);
                }
                runUndo(f);
            }
        }
    }
    checkClientB(f);
}

static void test_comm(void** state)
{
    runGroup(state, "COMM", 1, commTemplates, sizeof(commTemplates) / sizeof(commTemplates[0]));
}

static void test_nvm(void** state)
{
    runGroup(state, "NVM", 2, nvmTemplates, sizeof(nvmTemplates) / sizeof(nvmTemplates[0]));
}

static void test_key(void** state)
{
    runGroup(state, "KEY", 3, keyTemplates, sizeof(keyTemplates) / sizeof(keyTemplates[0]));
}

static void test_counter(void** state)
{
    runGroup(state, "COUNTER", 4, counterTemplates,
             sizeof(counterTemplates) / sizeof(counterTemplates[0]));
}

static void test_crypto_sym(void** state)
{
    runGroup(state, "CRYPTO sym", 5, symTemplates, sizeof(symTemplates) / sizeof(symTemplates[0]));
}

static void test_crypto_pk(void** state)
{
    runGroup(state, "CRYPTO pk", 6, pkTemplates, sizeof(pkTemplates) / sizeof(pkTemplates[0]));
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_requests_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crypto_sym, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crypto_pk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deferred_rewritten, setupHwSem, teardown),
        cmocka_unit_test_setup_teardown(test_flood, setup, teardown),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
