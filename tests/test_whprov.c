/*
 * test_whprov.c: the provisioning tool (core1_hsm/tools/whprov.c) end to end. An image built
 * from tests/whprov_sample.prov mounts in the HSM on the host and serves, through the client
 * API, every key, counter and object of the file with its policy and owner, and the SHE
 * identity and slots (GET_ID, ENC_ECB, LOAD_KEY, EXPORT_RAM_KEY against the independent
 * vectors of tests/whprov_vectors.py); `dump` prints no key, secret or object bytes; a
 * corrupted image is reported by `verify` and refused, unchanged, by the HSM's store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "port/posix/posix_flash_file.h"
#include "util/wh_test_util.h"
#include "whprov_vectors.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_client_she.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_nvm_flash.h"

#ifndef WHPROV_BIN
#error "WHPROV_BIN: the whprov binary's path (the Makefile defines it)"
#endif

#define G(n) ((uint16_t)(WH_ID_GLOBAL | (n)))

static char dir[64];
static char image[128];

static int run(const char* cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int whprov(const char* args, char* out, size_t outLen)
{
    char  cmd[512];
    FILE* f;
    int   st;

    snprintf(cmd, sizeof(cmd), "%s %s 2>&1", WHPROV_BIN, args);
    f = popen(cmd, "r");
    assert_non_null(f);
    out[fread(out, 1, outLen - 1u, f)] = '\0';
    st                                 = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static uint8_t* readFile(const char* path, size_t* out_len)
{
    FILE*    f = fopen(path, "rb");
    uint8_t* b;
    long     n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    b = malloc((size_t)n);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *out_len = (size_t)n;
    return b;
}

static void writeFile(const char* path, const uint8_t* b, size_t len)
{
    FILE* f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int setup(void** state)
{
    char cmd[512];
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/whprov_test_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(image, sizeof(image), "%s/factory.bin", dir);
    snprintf(cmd, sizeof(cmd), "%s build %s %s >/dev/null", WHPROV_BIN, WHPROV_SAMPLE, image);
    assert_int_equal(run(cmd), 0);
    return 0;
}

static int teardown(void** state)
{
    char cmd[256];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return run(cmd);
}

/* The HSM's NVM on the image's bytes (a device whose flash holds the factory image). */
static whTestNvm* mountImage(void)
{
    size_t     len;
    uint8_t*   b = readFile(image, &len);
    whTestNvm* t = calloc(1, sizeof(*t));

    assert_non_null(t);
    assert_int_equal(len, sizeof(t->flash));
    memcpy(t->flash, b, len);
    free(b);
    whTest_NvmInit(t, 0);
    return t;
}

static void test_keys_counters_objects(void** state)
{
    static const uint8_t aes[16]          = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static const uint8_t calib[8]         = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0x33};
    static const uint8_t rfc4493Empty[16] = {0xbb, 0x1d, 0x69, 0x29, 0xe9, 0x59, 0x37, 0x28,
                                             0x7f, 0xa3, 0x7d, 0x12, 0x9b, 0x75, 0x67, 0x46};
    whTestNvm*           t                = mountImage();
    whTestPair           p1, p2;
    uint8_t              key[64], label[WH_NVM_LABEL_LEN], data[32];
    uint16_t             flags = 0, len, access = 0;
    uint32_t             v  = 0;
    int32_t              rc = -1;
    uint8_t              c2[32];
    (void)state;

    whTest_PairInitConnected(&p1, &t->nvm, 1);
    whTest_PairStartServer(&p1);
    /* global key 1: exportable, its bytes, flags and label */
    len = sizeof(key);
    assert_int_equal(wh_Client_KeyExport(&p1.client, G(1), &flags, sizeof(label), label, &len, key,
                                         &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(key, aes, 16);
    assert_int_equal(flags, WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT);
    assert_string_equal((char*)label, "fleet aes");
    /* global key 2: non-exportable and non-destroyable, even for its creator */
    len = sizeof(key);
    assert_int_equal(wh_Client_KeyExport(&p1.client, G(2), &flags, 0, NULL, &len, key, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    assert_int_equal(wh_Client_KeyErase(&p1.client, G(2), &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    /* ... yet usable: RFC 4493's CMAC of the empty message, and its MAC policy (mintag=64) */
    len = sizeof(key);
    assert_int_equal(wh_Client_MacGenerate(&p1.client, WH_CRYPTO_CMAC_AES, G(2), NULL, 0, 128, key,
                                           &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, 16);
    assert_memory_equal(key, rfc4493Empty, 16);
    len = sizeof(key);
    assert_int_equal(wh_Client_MacGenerate(&p1.client, WH_CRYPTO_CMAC_AES, G(2), NULL, 0, 32, key,
                                           &len, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_MINTAG);
    /* client 2's key 3 is not client 1's */
    len = sizeof(key);
    assert_int_equal(wh_Client_KeyExport(&p1.client, 3, &flags, 0, NULL, &len, key, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    /* counters: the global monotonic one from 1000, client 1's resettable one from 7 */
    assert_int_equal(wh_Client_CounterRead(&p1.client, G(1), &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(v, 1000);
    assert_int_equal(wh_Client_CounterIncrement(&p1.client, G(1), &v, &rc), WH_ERROR_OK);
    assert_int_equal(v, 1001);
    assert_int_equal(wh_Client_CounterReset(&p1.client, G(1), &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    assert_int_equal(wh_Client_CounterRead(&p1.client, 2, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(v, 7);
    assert_int_equal(wh_Client_CounterReset(&p1.client, 2, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    /* objects: the global VIN, client 1's calibration (access 5, non-modifiable) */
    assert_int_equal(wh_Client_NvmGetMetadata(&p1.client, G(1), &access, &flags, &len,
                                              sizeof(label), label, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, 17);
    assert_string_equal((char*)label, "vin");
    assert_int_equal(wh_Client_NvmRead(&p1.client, G(1), 0, 17, &len, data, &rc), WH_ERROR_OK);
    assert_memory_equal(data, "WVWZZZ1JZXW000001", 17);
    assert_int_equal(wh_Client_NvmGetMetadata(&p1.client, 2, &access, &flags, &len, sizeof(label),
                                              label, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(access, 5);
    assert_int_equal(flags, WH_NVM_FLAGS_NONMODIFIABLE);
    assert_string_equal((char*)label, "calibration");
    assert_int_equal(wh_Client_NvmRead(&p1.client, 2, 0, 8, &len, data, &rc), WH_ERROR_OK);
    assert_memory_equal(data, calib, 8);
    assert_int_equal(wh_Client_NvmAddObject(&p1.client, 2, 0, 0, 0, NULL, 1, data, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_ACCESS);
    whTest_PairStopServer(&p1);
    whTest_PairCleanup(&p1);

    /* client 2 sees its own key 3, and not client 1's counter 2 */
    whTest_PairInitConnected(&p2, &t->nvm, 2);
    whTest_PairStartServer(&p2);
    len = sizeof(key);
    assert_int_equal(wh_Client_KeyExport(&p2.client, 3, &flags, 0, NULL, &len, key, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    memset(c2, 0xc2, sizeof(c2));
    assert_int_equal(len, 32);
    assert_memory_equal(key, c2, 32);
    assert_int_equal(wh_Client_CounterRead(&p2.client, 2, &v, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_NOTFOUND);
    whTest_PairStopServer(&p2);
    whTest_PairCleanup(&p2);
    whTest_NvmCleanup(t);
    free(t);
}

static void test_she_identity_and_slots(void** state)
{
    whTestNvm*                 t = mountImage();
    whTestPair                 p;
    whMessageSheExportResponse ex;
    uint8_t                    uid[15], mac[16], out[32], m4[32], m5[16];
    uint8_t                    sreg = 0xEE;
    int32_t                    rc   = -1;
    (void)state;

    whTest_PairInitConnected(&p, &t->nvm, 1);
    whTest_PairStartServer(&p);
    /* GET_ID: the provisioned UID, MAC'd with the provisioned MASTER_ECU_KEY */
    assert_int_equal(wh_Client_SheGetId(&p.client, p_challenge, uid, &sreg, mac, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(uid, p_uid, 15);
    assert_int_equal(sreg, 0);
    assert_memory_equal(mac, p_getid_mac, 16);
    /* KEY_1 encrypts as the independent AES of its provisioned key */
    assert_int_equal(wh_Client_SheEncEcb(&p.client, WH_SHE_KEY_1, p_pt, 32, out, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(out, p_ecb_key1, 32);
    /* LOAD_KEY KEY_2 under the provisioned MASTER_ECU_KEY and UID: M4, M5 as computed */
    assert_int_equal(wh_Client_SheLoadKey(&p.client, p_load_m1, p_load_m2, p_load_m3, m4, m5, &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(m4, p_load_m4, 32);
    assert_memory_equal(m5, p_load_m5, 16);
    /* KEY_1's provisioned counter 5: an update with counter 5 is not newer */
    assert_int_equal(wh_Client_SheLoadKey(&p.client, p_replay_m1, p_replay_m2, p_replay_m3, m4, m5,
                                          &rc),
                     WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_SHE_KEY_UPDATE_ERROR);
    /* EXPORT_RAM_KEY: M1..M5 under the provisioned SECRET_KEY */
    assert_int_equal(wh_Client_SheLoadPlainKey(&p.client, p_plain, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(wh_Client_SheExportRamKey(&p.client, &ex, &rc), WH_ERROR_OK);
    assert_int_equal(rc, WH_ERROR_OK);
    assert_memory_equal(ex.m1, p_export_m1, 16);
    assert_memory_equal(ex.m2, p_export_m2, 32);
    assert_memory_equal(ex.m3, p_export_m3, 16);
    assert_memory_equal(ex.m4, p_export_m4, 32);
    assert_memory_equal(ex.m5, p_export_m5, 16);
    whTest_PairStopServer(&p);
    whTest_PairCleanup(&p);
    whTest_NvmCleanup(t);
    free(t);
}

/* Every key=, secret= and data= value and text= of the provisioning file, lower-case hex. */
static void test_dump_shows_no_secret(void** state)
{
    static char out[16384];
    char        args[256];
    char        line[1024];
    FILE*       f       = fopen(WHPROV_SAMPLE, "r");
    unsigned    checked = 0;
    (void)state;

    snprintf(args, sizeof(args), "dump %s", image);
    assert_int_equal(whprov(args, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "intact: yes"));
    assert_non_null(strstr(out, "objects: 10"));
    assert_non_null(strstr(out, "she-identity 0x4011 present"));
    assert_non_null(strstr(out, "kind=monotonic value=1000"));
    assert_non_null(strstr(out, "slot=key_1 counter=5"));
    assert_non_null(strstr(out, "len=16 mintag=64 flags=nonexportable,nondestroyable,sign,verify"));
    assert_non_null(strstr(out, "free: "));
    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL) {
        const char* names[] = {" key=", " secret=", " data=", " text=\""};
        unsigned    i;
        for (i = 0; i < 4u; i++) {
            char* v = strstr(line, names[i]);
            if ((line[0] != '#') && (v != NULL)) {
                size_t n;
                v += strlen(names[i]);
                n    = strcspn(v, " \"\n");
                v[n] = '\0';
                assert_true(n >= 8u);
                assert_null(strstr(out, v)); /* never in the dump */
                checked++;
            }
        }
    }
    fclose(f);
    assert_int_equal(checked, 8); /* 3 keys, 2 objects, the identity's secret, 2 SHE keys */
}

static void test_verify_mismatch(void** state)
{
    static char out[4096];
    char        prov[128], img[128], cmd[768], args[300];
    (void)state;

    /* the same file with one counter's start value changed */
    snprintf(prov, sizeof(prov), "%s/other.prov", dir);
    snprintf(img, sizeof(img), "%s/other.bin", dir);
    snprintf(cmd, sizeof(cmd),
             "sed 's/value=1000/value=1001/' %s > %s && %s build %s %s >/dev/null", WHPROV_SAMPLE,
             prov, WHPROV_BIN, prov, img);
    assert_int_equal(run(cmd), 0);
    snprintf(args, sizeof(args), "verify %s %s", img, WHPROV_SAMPLE);
    assert_int_equal(whprov(args, out, sizeof(out)), 1);
    assert_non_null(strstr(out, "object 0x3001: data differs"));
    snprintf(args, sizeof(args), "verify %s %s", image, WHPROV_SAMPLE);
    assert_int_equal(whprov(args, out, sizeof(out)), 0);
    /* a provisioning file error is its own status, with the line */
    snprintf(cmd, sizeof(cmd), "echo 'key id=1 owner=global type=secret key=0g' > %s", prov);
    assert_int_equal(run(cmd), 0);
    snprintf(args, sizeof(args), "build %s %s", prov, img);
    assert_int_equal(whprov(args, out, sizeof(out)), 3);
    assert_non_null(strstr(out, ":1: bad value for: key"));
}

/* One byte of the VIN object's data flipped: verify and dump report it, the HSM's store
 * refuses to mount it (WH_ERROR_CORRUPT) and leaves the file exactly as it was. */
static void test_corrupt_image_refused(void** state)
{
    static char           out[4096];
    static const uint8_t  vin[] = "WVWZZZ1JZXW000001";
    char                  bad[128], args[300];
    size_t                len, len2, i;
    uint8_t*              b = readFile(image, &len);
    uint8_t*              after;
    uint8_t               mem[64u * 1024u];
    posixFlashFileContext flash;
    posixFlashFileConfig  fc;
    whFlashCb             cb = POSIX_FLASH_FILE_CB;
    whNvmFlashContext*    nvm;
    whNvmFlashConfig      nc;
    (void)state;

    for (i = 0; i + 17u <= len; i++) {
        if (memcmp(b + i, vin, 17) == 0) {
            break;
        }
    }
    assert_true(i + 17u <= len);
    b[i + 3u] ^= 0x01u;
    snprintf(bad, sizeof(bad), "%s/corrupt.bin", dir);
    writeFile(bad, b, len);

    snprintf(args, sizeof(args), "verify %s %s", bad, WHPROV_SAMPLE);
    assert_int_equal(whprov(args, out, sizeof(out)), 2);
    assert_non_null(strstr(out, "NOT INTACT"));
    assert_non_null(strstr(out, "WH_ERROR_CORRUPT"));
    snprintf(args, sizeof(args), "dump %s", bad);
    assert_int_equal(whprov(args, out, sizeof(out)), 2);

    /* the HSM's mount: the store over the file flash, as the HSM firmware's */
    fc = (posixFlashFileConfig){
        .path = bad, .image = mem, .size = sizeof(mem), .sectorSize = 4096u, .programUnit = 8u};
    assert_int_equal(posixFlashFile_Init(&flash, &fc), WH_ERROR_OK);
    nvm = calloc(1, sizeof(*nvm));
    assert_non_null(nvm);
    nc = (whNvmFlashConfig){.cb = &cb, .context = &flash};
    assert_int_equal(wh_NvmFlash_Init(nvm, &nc), WH_ERROR_CORRUPT);
    assert_int_equal(posixFlashFile_Cleanup(&flash), WH_ERROR_OK);
    free(nvm);
    after = readFile(bad, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(after, b, len); /* nothing erased or rewritten */
    free(after);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_counters_objects), cmocka_unit_test(test_she_identity_and_slots),
        cmocka_unit_test(test_dump_shows_no_secret),  cmocka_unit_test(test_verify_mismatch),
        cmocka_unit_test(test_corrupt_image_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
