/*
 * test_wolfcrypt.c: the wolfCrypt library built from Debian's source with the project's
 * user_settings.h links and computes known answers in this build variant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/wc_port.h>

/* FIPS 180-4 example: SHA-256("abc"). */
static void test_sha256_abc(void** state)
{
    static const uint8_t expected[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                         0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                         0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                         0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    uint8_t              digest[WC_SHA256_DIGEST_SIZE];
    wc_Sha256            sha;
    (void)state;

    assert_int_equal(wc_InitSha256(&sha), 0);
    assert_int_equal(wc_Sha256Update(&sha, (const byte*)"abc", 3), 0);
    assert_int_equal(wc_Sha256Final(&sha, digest), 0);
    wc_Sha256Free(&sha);
    assert_memory_equal(digest, expected, sizeof(expected));
}

/* The DRBG seeds through the platform hook and produces distinct blocks. */
static void test_drbg(void** state)
{
    WC_RNG  rng;
    uint8_t a[32];
    uint8_t b[32];
    (void)state;

    assert_int_equal(wc_InitRng(&rng), 0);
    assert_int_equal(wc_RNG_GenerateBlock(&rng, a, sizeof(a)), 0);
    assert_int_equal(wc_RNG_GenerateBlock(&rng, b, sizeof(b)), 0);
    assert_memory_not_equal(a, b, sizeof(a));
    assert_int_equal(wc_FreeRng(&rng), 0);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_abc),
        cmocka_unit_test(test_drbg),
    };
    int ret;

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    (void)wolfCrypt_Init();
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    (void)wolfCrypt_Cleanup();
    return ret;
}
