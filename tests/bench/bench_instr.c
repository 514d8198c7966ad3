/*
 * bench_instr.c: single-thread round trips (Request, HandleRequestMessage, Response) for
 * instruction counting under callgrind: scripts/callgrind_per_op.sh collects only inside
 * the measured functions and divides by the number of operations.
 *
 *   bench_instr            run every measured operation ROUNDS times
 */
#include <stdio.h>
#include <stdlib.h>

#include "../util/wh_test_util.h"
#include "wolfhsm/wh_error.h"

#define ROUNDS 1000

static whTestPair pair;

static void check(int ok, const char* what)
{
    if (!ok) {
        fprintf(stderr, "bench_instr: %s failed\n", what);
        exit(1);
    }
}

/* Measured: one 8-byte echo round trip per iteration, doorbells included. */
__attribute__((noinline)) void bench_echo8(int rounds);
__attribute__((noinline)) void bench_echo8(int rounds)
{
    uint8_t out[8];
    int     i;

    for (i = 0; i < rounds; i++) {
        uint16_t outSize = sizeof(out);
        int32_t  rc      = -1;
        int      ok      = (wh_Client_EchoRequest(&pair.client, 8, "12345678") == WH_ERROR_OK);
        ok = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok = ok && (wh_Client_EchoResponse(&pair.client, &outSize, out, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK) && (outSize == 8), "echo");
    }
}

int main(void)
{
    whTest_PairInit(&pair, 1, 1, 0);
    bench_echo8(ROUNDS);
    whTest_PairCleanup(&pair);
    printf("ops bench_echo8 %d\n", ROUNDS);
    return 0;
}
