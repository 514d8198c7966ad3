/*
 * user_settings.h - the project's one wolfCrypt configuration, for the Linux host and the
 * Cortex-M33 firmware (both cores). Selected by compiling with -DWOLFSSL_USER_SETTINGS;
 * wolfssl/wolfcrypt/settings.h includes this file. Background: deps/wolfcrypt.md.
 *
 * Keep this file free of wolfSSL includes: it is read from inside settings.h.
 */
#ifndef USER_SETTINGS_H
#define USER_SETTINGS_H

/* ABI pin: the crypto-callback structures use anonymous inline unions/structs whatever -std
 * a translation unit is compiled with (without it, a client built -std=gnu99 and a library
 * built -std=gnu11 disagree on the layout and the callback crashes). */
#define HAVE_ANONYMOUS_INLINE_AGGREGATES 1

/* Scope: the crypto library only (no TLS), no files, no PEM/Base64 (coding.c is not built),
 * no wolfSSL test/benchmark mains, crypto callbacks on (the client offloads to the HSM
 * through them), no legacy or unused algorithms. SHA-1 is off, so ECDSA rejects digests
 * shorter than 28 bytes. */
#define WOLFCRYPT_ONLY
#define NO_FILESYSTEM
#define WOLFSSL_NO_PEM
#define NO_CODING
#define NO_WRITEV
#define NO_MAIN_DRIVER
#define WOLF_CRYPTO_CB
#define WOLF_PRIVATE_KEY_ID /* keys name HSM key ids through the crypto callback */
/* No default crypto device: wolfCrypt would otherwise route every object initialised
 * without a device id (the HSM's own hashing included) through the first registered one. */
#define WC_USE_DEVID -2 /* INVALID_DEVID */
#define NO_ASN_TIME
#define NO_SIG_WRAPPER
#define NO_PWDBASED
#define NO_DH
#define NO_DSA
#define NO_RC4
#define NO_DES3
#define NO_MD4
#define NO_MD5
#define NO_PSK
#define NO_OLD_TLS
#define NO_RSA
#define NO_SHA

/* Hashes, MAC and KDF: SHA-256 (default on), SHA-384/512, HMAC (default on), HKDF, CMAC. */
#define WOLFSSL_SHA384
#define WOLFSSL_SHA512
#define HAVE_HKDF
#define WOLFSSL_CMAC

/* AES: ECB, CBC, CTR, GCM, direct block access (needed by CMAC) and decryption. */
#define HAVE_AES_ECB
#define HAVE_AES_CBC
#define WOLFSSL_AES_COUNTER
#define WOLFSSL_AES_DIRECT
#define HAVE_AESGCM
#define WOLFSSL_AESGCM_STREAM /* GCM encryption streamed over several requests */
#define HAVE_AES_DECRYPT

/* Math: SP integer code, constant time, no heap, 256-bit operands at most. */
#define WOLFSSL_SP_MATH_ALL
#define WOLFSSL_HAVE_SP_ECC
#define WOLFSSL_SP_NO_MALLOC
#define SP_INT_BITS 256
#define TFM_TIMING_RESISTANT
#define ECC_TIMING_RESISTANT
/* The big-integer functions (mp_*) are public API: the HSM's on-curve check of P-256 points
 * from the host reads the curve's constants into mp_ints (core1_hsm/wh_server_crypto_key.c). */
#define WOLFSSL_PUBLIC_MP

/* ECC: NIST P-256 only (P-384 would add HAVE_ECC384, WOLFSSL_SP_384 and SP_INT_BITS 384).
 *
 * WOLFSSL_VALIDATE_ECC_IMPORT stays off. It runs wc_ecc_check_key on every import, and the
 * HSM imports its stored key on every request: measured with make bench-target (-icount, both
 * cores), ECDSA P-256 sign went from 1223766 to 3419066 instructions (+2198216, +180 %) and
 * verify from 2266400 to 4461683 (+97 %), for keys the HSM made or had already checked. The
 * server checks instead where key material enters the HSM (core1_hsm/wh_server_crypto_key.c):
 * keys cached by the host (coordinates < p, on the curve, not the identity; a private scalar
 * in [1, n-1] and Q = d.G), inline public keys of verify requests and peers' public keys,
 * whatever this option says. */
#define HAVE_ECC
#define ECC_USER_CURVES
#define ECC_SHAMIR
/* P-256 sign and verify also in steps (wc_ecc_set_nonblock: each call returns FP_WOULDBLOCK
 * until done), so the HSM can run them in slices between other clients' requests. A key
 * without a non-blocking context takes the usual blocking path, unchanged. The non-blocking
 * code exists only in the small C variant (sp_c32.c): the host uses it. wolfCrypt 5.7.2's
 * Cortex-M assembly (sp_cortexm.c) has no non-blocking P-256 point multiplication (it does
 * not compile with WOLFSSL_SP_NONBLOCK), and it is some 9 times faster than the C code on the
 * Cortex-M33 (README, "Slices and priority classes"): the target uses it, ECDSA in one piece,
 * unless built with WH_TARGET_SLICES (make ... TARGET_SLICES=1: the C code, in slices). */
#if !defined(__arm__) || defined(WH_TARGET_SLICES)
#define WOLFSSL_SP_NONBLOCK
#define WC_ECC_NONBLOCK
#ifndef WOLFSSL_SP_SMALL
#define WOLFSSL_SP_SMALL
#endif
#endif

/* Curve25519 (X25519) and Ed25519. An X25519 shared secret of all zeros (a peer's point of
 * small order) is an error (ECC_OUT_OF_RANGE_E): a constant-time OR of 32 bytes. Ed25519
 * public keys are checked on import without an option (wc_ed25519_check_key: y < p, a point
 * on the curve). The HSM does its own checks of both on material from the host, and more
 * (small order, canonical signatures: wh_server_crypto_key.c). */
#define HAVE_CURVE25519
#define HAVE_ED25519
#define WOLFSSL_ECDHX_SHARED_NOT_ZERO
/* Ed25519 verification in steps (init, update..., final): the HSM verifies a message in host
 * memory (a request by address) as it reads it, in private chunks, so it reads each byte
 * once whatever the message's size. It keeps a SHA-512 state in every ed25519_key. */
#define WOLFSSL_ED25519_STREAMING_VERIFY

/* LMS (RFC 8554) signature verification only, wolfCrypt's native implementation (heap-free;
 * for secure boot). It hashes with software SHA-256 (wc_InitSha256, no device id), so its
 * SHA-256 internal-state shortcut is safe; define WC_LMS_FULL_HASH if that ever changes. */
#define WOLFSSL_HAVE_LMS
#define WOLFSSL_WC_LMS
#define WOLFSSL_LMS_VERIFY_ONLY

/* RNG: SHA-256 Hash-DRBG, seeded by the platform entropy hook below. */
#define HAVE_HASHDRBG
#define CUSTOM_RAND_GENERATE_SEED wh_Entropy_GenerateSeed

#if defined(__arm__)
/* Target: bare-metal Cortex-M33 (arm-none-eabi, newlib). Single-threaded per core, no OS
 * services, no heap; small-footprint variants of the big algorithms. */
#define SINGLE_THREADED
#define NO_DEV_RANDOM
#define NO_STDIO_FILESYSTEM
#define WOLFSSL_NO_SOCK
#define WOLFSSL_GENERAL_ALIGNMENT 4
#define SIZEOF_LONG_LONG 8
#if !defined(WH_TARGET_SLICES)
#define WOLFSSL_SP_ARM_CORTEX_M_ASM /* SP code: sp_cortexm.c (sp_c32/sp_c64 compile empty) */
#endif
#define WOLFSSL_SP_SMALL
#define CURVE25519_SMALL
#define ED25519_SMALL
/* SHA-512 (Ed25519's hash) in a loop, not unrolled: 6.8 KiB less flash, Ed25519 0.02 % slower. */
#define USE_SLOW_SHA512
/* GHASH on 32-bit words, no per-key table: AES-128-GCM of 256 B + 16 B AAD in 72k
 * instructions (450k bit by bit with GCM_SMALL). A 4-bit table (35k) would grow every Aes
 * by 512 B, and clearing those makes each AES-CMAC request 30% dearer. */
#define GCM_WORD32
#define NO_ERROR_STRINGS
#define NO_WOLFSSL_MEMORY
#define WOLFSSL_NO_MALLOC
/* The Cortex-M assembly uses UMAAL, a DSP-extension instruction; a core without DSP (e.g.
 * core 0 of mps2-an521, -mcpu=cortex-m33+nodsp) faults on it. */
#if !defined(__ARM_FEATURE_DSP)
#define WOLFSSL_SP_NO_UMAAL
#endif

#else
/* Host (Linux, x86-64 or -m32): threads are available (pthreads); larger GCM tables. */
#define GCM_TABLE_4BIT
/* SP C code: with a 128-bit integer type (64-bit hosts) the 64-bit-word sp_c64.c is used;
 * without it (gcc -m32) SP_WORD_SIZE falls back to 32 and sp_c32.c is used. Both files are
 * always compiled; the one not selected compiles to nothing. */
#if defined(__SIZEOF_INT128__)
#define HAVE___UINT128_T 1
#endif
/* But the non-blocking P-256 verify of sp_c64.c does not fit its own state (wolfCrypt 5.7.2
 * checks that at compile time: its pointers are 8 bytes): the host uses 32-bit words and
 * sp_c32.c, as the target's word size. */
#define SP_WORD_SIZE 32
#endif /* __arm__ */

#ifndef __ASSEMBLER__
#ifdef __cplusplus
extern "C" {
#endif
/* Fill output[0..sz-1] with seed material for the DRBG; 0 on success, non-zero on failure.
 * Host: getrandom() (shared_mem/port/posix/posix_entropy.c). Target: the board's entropy
 * hook; QEMU emulates no TRNG, so a seed there is NOT secure. */
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);
#ifdef __cplusplus
}
#endif
#endif /* !__ASSEMBLER__ */

#endif /* USER_SETTINGS_H */
