/*
 * bench_comm.c: echo round trips over the mailbox between two threads (client thread and
 * server thread, both polling briefly then sleeping on futex doorbells), against a raw
 * shared-memory ping-pong that waits the same way and copies the same bytes. Prints round
 * trips per second, median and p99 latency, and the ratio to the raw baseline.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/wh_test_util.h"
#include "wolfhsm/wh_error.h"

#define ROUNDS 20000

static uint64_t nowNs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmpU64(const void* a, const void* b)
{
    uint64_t x = *(const uint64_t*)a;
    uint64_t y = *(const uint64_t*)b;
    return (x > y) - (x < y);
}

typedef struct {
    double   perSec;
    uint64_t p50;
    uint64_t p99;
} result;

static result summarize(uint64_t* lat, uint64_t total)
{
    result r;
    qsort(lat, ROUNDS, sizeof(lat[0]), cmpU64);
    r.perSec = (double)ROUNDS * 1e9 / (double)total;
    r.p50    = lat[ROUNDS / 2];
    r.p99    = lat[(ROUNDS * 99) / 100];
    return r;
}

/* ---- the mailbox: wh_Client_Echo against a server thread ---- */
static result benchEcho(uint16_t size)
{
    static whTestPair p;
    static uint64_t   lat[ROUNDS];
    static uint8_t    in[1024];
    static uint8_t    out[1024];
    uint64_t          start;
    int32_t           rc;
    int               i;

    whTest_PairInit(&p, NULL, 1, 1, 5000);
    whTest_PairStartServer(&p);
    memset(in, 0x5A, sizeof(in));
    start = nowNs();
    for (i = 0; i < ROUNDS; i++) {
        uint64_t t       = nowNs();
        uint16_t outSize = sizeof(out);
        if ((wh_Client_Echo(&p.client, size, in, &outSize, out, &rc) != WH_ERROR_OK) ||
            (rc != WH_ERROR_OK) || (outSize != size)) {
            fprintf(stderr, "echo failed\n");
            exit(1);
        }
        lat[i] = nowNs() - t;
    }
    whTest_PairStopServer(&p);
    whTest_PairCleanup(&p);
    return summarize(lat, nowNs() - start);
}

/* ---- the baseline: raw ping-pong, same doorbells, same copies ---- */
typedef struct {
    posixMailboxRegion r;
    atomic_int         stop;
    uint16_t           size;
} raw;

/* The transport's own waiting scheme: poll WOLFHSM_CFG_COMM_SPIN times, then sleep. */
static void rawWait(posixDoorbell* db, _Atomic uint32_t* word, uint32_t seen)
{
    uint32_t spin = WOLFHSM_CFG_COMM_SPIN;

    while ((spin-- > 0u) && (atomic_load_explicit(word, memory_order_acquire) == seen)) {
    }
    while (atomic_load_explicit(word, memory_order_acquire) == seen) {
        uint32_t snap = posixDoorbell_Snapshot(db);
        if (atomic_load_explicit(word, memory_order_acquire) != seen) {
            break;
        }
        (void)posixDoorbell_Wait(db, snap, 100);
    }
}

static void* rawServer(void* arg)
{
    raw*     x    = arg;
    uint32_t seen = 0;
    uint8_t  buf[1024];

    while (!atomic_load(&x->stop)) {
        rawWait(&x->r.toServer, &x->r.mailbox.req.ctrl, seen);
        seen = atomic_load_explicit(&x->r.mailbox.req.ctrl, memory_order_acquire);
        memcpy(buf, x->r.mailbox.data.bytes, x->size);
        memcpy(x->r.mailbox.data.bytes, buf, x->size);
        atomic_store_explicit(&x->r.mailbox.resp.ctrl, seen, memory_order_release);
        posixDoorbell_Ring(&x->r.toClient);
    }
    return NULL;
}

static result benchRaw(uint16_t size)
{
    static raw      x;
    static uint64_t lat[ROUNDS];
    uint8_t         in[1024];
    uint8_t         out[1024];
    pthread_t       th;
    uint64_t        start;
    uint32_t        i;

    memset(&x, 0, sizeof(x));
    x.size = size;
    memset(in, 0x5A, sizeof(in));
    (void)pthread_create(&th, NULL, rawServer, &x);
    start = nowNs();
    for (i = 1; i <= ROUNDS; i++) {
        uint64_t t = nowNs();
        memcpy(x.r.mailbox.data.bytes, in, size);
        atomic_store_explicit(&x.r.mailbox.req.ctrl, i, memory_order_release);
        posixDoorbell_Ring(&x.r.toServer);
        rawWait(&x.r.toClient, &x.r.mailbox.resp.ctrl, i - 1);
        memcpy(out, x.r.mailbox.data.bytes, size);
        lat[i - 1] = nowNs() - t;
    }
    atomic_store(&x.stop, 1);
    /* One more ping so the server thread sees stop. */
    atomic_store_explicit(&x.r.mailbox.req.ctrl, ROUNDS + 1, memory_order_release);
    posixDoorbell_Ring(&x.r.toServer);
    (void)pthread_join(th, NULL);
    return summarize(lat, nowNs() - start);
}

int main(void)
{
    static const uint16_t sizes[] = {8, 64, 1024};
    size_t                s;

    printf("echo over the mailbox between two threads (%d round trips each)\n", ROUNDS);
    printf("%6s | %12s %9s %9s | %12s %9s %9s | %s\n", "bytes", "mailbox rt/s", "p50 us", "p99 us",
           "raw rt/s", "p50 us", "p99 us", "mailbox/raw");
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        result m = benchEcho(sizes[s]);
        result r = benchRaw(sizes[s]);
        printf("%6u | %12.0f %9.2f %9.2f | %12.0f %9.2f %9.2f | %.2f\n", sizes[s], m.perSec,
               (double)m.p50 / 1e3, (double)m.p99 / 1e3, r.perSec, (double)r.p50 / 1e3,
               (double)r.p99 / 1e3, m.perSec / r.perSec);
    }
    return 0;
}
