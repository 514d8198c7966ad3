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
#include "wolfhsm/wh_client_crypto.h"
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
        ok               = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok = ok && (wh_Client_EchoResponse(&pair.client, &outSize, out, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK) && (outSize == 8), "echo");
    }
}

/* Measured: add (replace) a 16-byte NVM object, one request per iteration. Replacements
 * append records, so compactions happen along the way and are part of the average. */
__attribute__((noinline)) void bench_nvm_add(int rounds);
__attribute__((noinline)) void bench_nvm_add(int rounds)
{
    uint8_t data[16] = {0};
    int     i;

    for (i = 0; i < rounds; i++) {
        int32_t rc = -1;
        int     ok;
        data[0] = (uint8_t)i;
        ok = (wh_Client_NvmAddObjectRequest(&pair.client, 1, 0, 0, 0, NULL, sizeof(data), data) ==
              WH_ERROR_OK);
        ok = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok = ok && (wh_Client_NvmAddObjectResponse(&pair.client, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK), "nvm add");
    }
}

/* Measured: read a 16-byte NVM object. */
__attribute__((noinline)) void bench_nvm_read(int rounds);
__attribute__((noinline)) void bench_nvm_read(int rounds)
{
    uint8_t out[16];
    int     i;

    for (i = 0; i < rounds; i++) {
        uint16_t len = sizeof(out);
        int32_t  rc  = -1;
        int      ok  = (wh_Client_NvmReadRequest(&pair.client, 1, 0, sizeof(out)) == WH_ERROR_OK);
        ok           = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok = ok && (wh_Client_NvmReadResponse(&pair.client, &len, out, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK) && (len == sizeof(out)), "nvm read");
    }
}

/* Measured: cache a 32-byte key under a fixed id (replacing it each time). */
__attribute__((noinline)) void bench_key_cache(int rounds);
__attribute__((noinline)) void bench_key_cache(int rounds)
{
    uint8_t key[32] = {0};
    int     i;

    for (i = 0; i < rounds; i++) {
        uint16_t id = 7;
        int32_t  rc = -1;
        int      ok;
        key[0] = (uint8_t)i;
        ok     = (wh_Client_KeyCacheRequest(&pair.client, id, WH_NVM_FLAGS_USAGE_ANY, 0, NULL,
                                            sizeof(key), key) == WH_ERROR_OK);
        ok     = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok     = ok && (wh_Client_KeyCacheResponse(&pair.client, &id, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK) && (id == 7), "key cache");
    }
}

/* Measured: the MAC fast path, a 32-bit tag of 16 bytes verified with a cached AES key (the
 * key prepared by an earlier, unmeasured request). */
static uint16_t                macKeyId;
static uint8_t                 macTag[4];
static uint8_t                 macMsg[16] = "SecOC PDU 16 B!";
__attribute__((noinline)) void bench_mac_verify32(int rounds);
__attribute__((noinline)) void bench_mac_verify32(int rounds)
{
    int i;

    for (i = 0; i < rounds; i++) {
        int32_t rc = -1;
        int     ok = (wh_Client_MacVerifyRequest(&pair.client, WH_CRYPTO_CMAC_AES, macKeyId, macMsg,
                                                 sizeof(macMsg), macTag, 32) == WH_ERROR_OK);
        ok         = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
        ok         = ok && (wh_Client_MacVerifyResponse(&pair.client, &rc) == WH_ERROR_OK);
        check(ok && (rc == WH_ERROR_OK), "mac verify");
    }
}

static void macSetup(void)
{
    static const uint8_t key[16] = "fast path key16";
    uint16_t             len     = sizeof(macTag);
    int32_t              rc      = -1;
    int                  ok;

    ok = (wh_Client_KeyCacheRequest(&pair.client, 0,
                                    WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY, 0, NULL,
                                    sizeof(key), key) == WH_ERROR_OK);
    ok = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
    ok = ok && (wh_Client_KeyCacheResponse(&pair.client, &macKeyId, &rc) == WH_ERROR_OK);
    check(ok && (rc == WH_ERROR_OK), "mac key cache");
    ok = (wh_Client_MacGenerateRequest(&pair.client, WH_CRYPTO_CMAC_AES, macKeyId, macMsg,
                                       sizeof(macMsg), 32) == WH_ERROR_OK);
    ok = ok && (wh_Server_HandleRequestMessage(&pair.server) == WH_ERROR_OK);
    ok = ok && (wh_Client_MacGenerateResponse(&pair.client, macTag, &len, &rc) == WH_ERROR_OK);
    check(ok && (rc == WH_ERROR_OK) && (len == sizeof(macTag)), "mac generate");
}

int main(void)
{
    int32_t rc = -1;

    /* With doorbells, as deployed: the ring is part of every round trip. */
    whTest_PairInit(&pair, NULL, 1, 1, 0);
    check(wh_Client_CommConnectRequest(&pair.client) == WH_ERROR_OK, "connect");
    whTest_Serve(&pair);
    check((wh_Client_CommConnectResponse(&pair.client, NULL, NULL, &rc) == WH_ERROR_OK) &&
              (rc == WH_ERROR_OK),
          "connect");
    bench_echo8(ROUNDS);
    bench_nvm_add(ROUNDS);
    bench_nvm_read(ROUNDS);
    bench_key_cache(ROUNDS);
    macSetup();
    bench_mac_verify32(ROUNDS);
    whTest_PairCleanup(&pair);
    printf("ops bench_echo8 %d\n", ROUNDS);
    printf("ops bench_nvm_add %d\n", ROUNDS);
    printf("ops bench_nvm_read %d\n", ROUNDS);
    printf("ops bench_key_cache %d\n", ROUNDS);
    printf("ops bench_mac_verify32 %d\n", ROUNDS);
    return 0;
}
