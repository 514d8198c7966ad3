/*
 * test_key_validation.c: keys stay protected against a hostile host core. The
 * HSM checks every key the host hands it where it enters (KEY group cache, inline public
 * keys of verify requests, peers' public keys of key agreement) and refuses what is no valid
 * key of its type with WH_ERROR_BADKEY, changing nothing and serving on. Client API only:
 * the same file runs on the target (WH_TEST_TARGET).
 *
 * The vectors are computed independently of the code under test, from the curve equations
 * and published parameters, by tests/key_validation_vectors.py (which checks each one: on or
 * off the curve, its order, what X25519 gives); the known-answer vectors are the RFCs' and
 * NIST's, cited where used. Each test says which are invalid and why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/wh_test_util.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_crypto.h"
#include "wolfhsm/wh_nvm_types.h"

#define CLIENT_ID 7
#define RC_UNSET 1 /* no WH_ERROR_* is positive: an rc left at this was never written */

#define TYPED(type, usage) ((uint16_t)((usage) | WH_NVM_FLAGS_KEYTYPE(type)))
#define SECRET(usage) TYPED(WH_KEY_TYPE_SECRET, usage)
#define P256(usage) TYPED(WH_KEY_TYPE_ECC_P256, usage)
#define ED25519(usage) TYPED(WH_KEY_TYPE_ED25519, usage)
#define X25519(usage) TYPED(WH_KEY_TYPE_X25519, usage)
#define DERIVE WH_NVM_FLAGS_USAGE_DERIVE
#define SIGN_VERIFY (WH_NVM_FLAGS_USAGE_SIGN | WH_NVM_FLAGS_USAGE_VERIFY)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vectors: python3 tests/key_validation_vectors.py ---- */

/* P-256 base point G (valid) */
static const uint8_t kP256G[64] = {
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};
/* 2G (valid) */
static const uint8_t kP256TwoG[64] = {
    0x7c, 0xf2, 0x7b, 0x18, 0x8d, 0x03, 0x4f, 0x7e, 0x8a, 0x52, 0x38, 0x03, 0x04, 0xb5, 0x1a, 0xc3,
    0xc0, 0x89, 0x69, 0xe2, 0x77, 0xf2, 0x1b, 0x35, 0xa6, 0x0b, 0x48, 0xfc, 0x47, 0x66, 0x99, 0x78,
    0x07, 0x77, 0x55, 0x10, 0xdb, 0x8e, 0xd0, 0x40, 0x29, 0x3d, 0x9a, 0xc6, 0x9f, 0x74, 0x30, 0xdb,
    0xba, 0x7d, 0xad, 0xe6, 0x3c, 0xe9, 0x82, 0x29, 0x9e, 0x04, 0xb7, 0x9d, 0x22, 0x78, 0x73, 0xd1,
};
/* (n-1)G = -G (valid) */
static const uint8_t kP256NegG[64] = {
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0xb0, 0x1c, 0xbd, 0x1c, 0x01, 0xe5, 0x80, 0x65, 0x71, 0x18, 0x14, 0xb5, 0x83, 0xf0, 0x61, 0xe9,
    0xd4, 0x31, 0xcc, 0xa9, 0x94, 0xce, 0xa1, 0x31, 0x34, 0x49, 0xbf, 0x97, 0xc8, 0x40, 0xae, 0x0a,
};
/* (Gx, Gy + 1): not on the curve */
static const uint8_t kP256OffCurve[64] = {
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf6,
};
/* (0, sqrt(b)): valid, x = 0 (not the identity) */
static const uint8_t kP256XZero[64] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x66, 0x48, 0x5c, 0x78, 0x0e, 0x2f, 0x83, 0xd7, 0x24, 0x33, 0xbd, 0x5d, 0x84, 0xa0, 0x6b, 0xb6,
    0x54, 0x1c, 0x2a, 0xf3, 0x1d, 0xae, 0x87, 0x17, 0x28, 0xbf, 0x85, 0x6a, 0x17, 0x4f, 0x93, 0xf4,
};
/* (x + p, y) of the valid point with x = 0: x >= p */
static const uint8_t kP256XNonCanon[64] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x66, 0x48, 0x5c, 0x78, 0x0e, 0x2f, 0x83, 0xd7, 0x24, 0x33, 0xbd, 0x5d, 0x84, 0xa0, 0x6b, 0xb6,
    0x54, 0x1c, 0x2a, 0xf3, 0x1d, 0xae, 0x87, 0x17, 0x28, 0xbf, 0x85, 0x6a, 0x17, 0x4f, 0x93, 0xf4,
};
/* (Gx, p): y >= p */
static const uint8_t kP256YIsP[64] = {
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
/* (1, 0): order 2 on y^2 = x^3 - 3x + 2, not on P-256 */
static const uint8_t kP256Order2[64] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* order 3 on y^2 = x^3 - 3x + b' (an inflection point), not on P-256 */
static const uint8_t kP256Order3[64] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
};
/* the order n */
static const uint8_t kP256Order[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};
/* n + 1: (n + 1)G = G, so Q = G 'matches' */
static const uint8_t kP256OrderPlus1[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x52,
};
/* n - 1 (valid, with Q = -G) */
static const uint8_t kP256NMinus1[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x50,
};
/* RFC 7748 6.1 Alice's private key */
static const uint8_t kX25519AlicePriv[32] = {
    0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45,
    0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a,
};
/* RFC 7748 6.1 Alice's public key */
static const uint8_t kX25519AlicePub[32] = {
    0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a,
    0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
};
/* RFC 7748 6.1 Bob's public key */
static const uint8_t kX25519BobPub[32] = {
    0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61, 0xc2, 0xec, 0xe4, 0x35, 0x37,
    0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78, 0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f,
};
/* RFC 7748 6.1 K */
static const uint8_t kX25519Shared[32] = {
    0x4a, 0x5d, 0x9d, 0x5b, 0xa4, 0xce, 0x2d, 0xe1, 0x72, 0x8e, 0x3b, 0xf4, 0x80, 0x35, 0x0f, 0x25,
    0xe0, 0x7e, 0x21, 0xc9, 0x47, 0xd1, 0x9e, 0x33, 0x76, 0xf0, 0x9b, 0x3c, 0x1e, 0x16, 0x17, 0x42,
};
/* Bob's public key with the top bit set (X25519 masks it) */
static const uint8_t kX25519BobPubHigh[32] = {
    0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61, 0xc2, 0xec, 0xe4, 0x35, 0x37,
    0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78, 0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0xcf,
};
/* X25519 u values of order 1, 2, 4, 8 (0, 1, the two of order 8, p - 1) and the
 * non-canonical p, p + 1, then the same with the top bit set, which X25519 masks: with
 * any private key X25519 gives all zeros */
static const uint8_t kX25519Low[14][32] = {
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
     0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
     0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00},
    {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1,
     0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c,
     0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
     0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
     0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x80},
    {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1,
     0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c,
     0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0xd7},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};
/* RFC 8032 7.1 test 1 secret key */
static const uint8_t kEdSeed[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};
/* RFC 8032 7.1 test 1 public key */
static const uint8_t kEdPub[32] = {
    0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
    0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
};
/* RFC 8032 7.1 test 1 signature (empty message) */
static const uint8_t kEdSig[64] = {
    0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
    0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
    0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
    0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b,
};
/* RFC 8032 7.1 test 2 public key */
static const uint8_t kEdPub2[32] = {
    0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a, 0xa7, 0x4d, 0x1b, 0x7e, 0xbc,
    0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4, 0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c,
};
/* test 1 signature with S + L: S >= L */
static const uint8_t kEdSigSPlusL[64] = {
    0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
    0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
    0x4c, 0x8c, 0x78, 0x72, 0xaa, 0x06, 0x4e, 0x04, 0x9d, 0xbb, 0x30, 0x13, 0xfb, 0xf2, 0x93, 0x80,
    0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x1b,
};
/* test 1 signature with S = L */
static const uint8_t kEdSigSIsL[64] = {
    0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
    0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};
/* y = 3 + p: y >= p (reduced, a point of large order) */
static const uint8_t kEdNonCanon[32] = {
    0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};
/* y = 2: no x satisfies the curve equation */
static const uint8_t kEdOffCurve[32] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* The Ed25519 encodings of small order */
static const uint8_t kEdSmall[10][32] = {
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
     0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
     0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
    {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
     0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
     0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x85},
    {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
     0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
     0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
    {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
     0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
     0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0xfa},
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};

/* P-256 private keys (d || Qx || Qy) whose scalar is out of [1, n-1] or does not give Q. */
static void p256Priv(uint8_t out[96], const uint8_t* d, uint8_t dSmall, const uint8_t* q)
{
    memset(out, 0, 32);
    if (d != NULL) {
        memcpy(out, d, 32);
    }
    else {
        out[31] = dSmall; /* a small scalar, big-endian */
    }
    memcpy(out + 32, q, 64);
}

static int setup(void** state)
{
    static whTestPair pair;
    whTest_PairInitConnected(&pair, NULL, CLIENT_ID);
    *state = &pair;
    return 0;
}

static int teardown(void** state)
{
    whTestPair* p = *state;
    assert_int_equal(whTest_ServerMalformed(p), 0);
    whTest_PairCleanup(p);
    return 0;
}

/* ---- helpers: each returns the HSM's rc of one sequential round trip ---- */

#define ROUND_TRIP(p, request, response)           \
    do {                                           \
        assert_int_equal((request), WH_ERROR_OK);  \
        whTest_Serve(p);                           \
        assert_int_equal((response), WH_ERROR_OK); \
        assert_int_not_equal(rc, RC_UNSET);        \
    } while (0)

static int32_t cache(whTestPair* p, uint16_t id, uint16_t flags, const uint8_t* key, uint16_t len)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p, wh_Client_KeyCacheRequest(&p->client, id, flags, 0, NULL, len, key),
               wh_Client_KeyCacheResponse(&p->client, &out, &rc));
    if (rc == WH_ERROR_OK) {
        assert_int_equal(out, id);
    }
    return rc;
}

static int32_t exportKey(whTestPair* p, uint16_t id, uint8_t* key, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_KeyExportRequest(&p->client, id),
               wh_Client_KeyExportResponse(&p->client, NULL, 0, NULL, inout_len, key, &rc));
    return rc;
}

/* No key under id: a refused request cached nothing. */
static void expectNoKey(whTestPair* p, uint16_t id)
{
    uint8_t  buf[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint16_t len = sizeof(buf);

    assert_int_equal(exportKey(p, id, buf, &len), WH_ERROR_NOTFOUND);
}

/* Key id holds exactly these bytes. */
static void expectKey(whTestPair* p, uint16_t id, const uint8_t* key, uint16_t len)
{
    uint8_t  buf[WOLFHSM_CFG_KEYCACHE_BUFSIZE];
    uint16_t got = sizeof(buf);

    assert_int_equal(exportKey(p, id, buf, &got), WH_ERROR_OK);
    assert_int_equal(got, len);
    assert_memory_equal(buf, key, len);
}

static int32_t keygen(whTestPair* p, uint16_t type, uint16_t id, uint16_t flags, uint8_t* pub,
                      uint16_t* inout_pubLen)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p, wh_Client_KeyGenerateRequest(&p->client, type, id, flags, NULL, 0),
               wh_Client_KeyGenerateResponse(&p->client, &out, pub, inout_pubLen, &rc));
    return rc;
}

static int32_t shared(whTestPair* p, uint16_t keyId, const uint8_t* pub, uint16_t pubLen,
                      uint16_t outId, uint16_t outFlags)
{
    int32_t  rc  = RC_UNSET;
    uint16_t out = 0;

    ROUND_TRIP(p,
               wh_Client_SharedSecretRequest(&p->client, keyId, pub, pubLen, outId, outFlags, NULL,
                                             0),
               wh_Client_SharedSecretResponse(&p->client, &out, &rc));
    return rc;
}

static int32_t sign(whTestPair* p, uint16_t alg, uint16_t keyId, const uint8_t* msg,
                    uint16_t msgLen, uint8_t* sig, uint16_t* inout_sigLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_SignRequest(&p->client, alg, keyId, msg, msgLen),
               wh_Client_SignResponse(&p->client, sig, inout_sigLen, &rc));
    return rc;
}

static int32_t verify(whTestPair* p, uint16_t alg, uint16_t keyId, const uint8_t* pub,
                      uint16_t pubLen, const uint8_t* sig, uint16_t sigLen, const uint8_t* msg,
                      uint16_t msgLen)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p,
               wh_Client_VerifyRequest(&p->client, alg, keyId, pub, pubLen, sig, sigLen, msg,
                                       msgLen),
               wh_Client_VerifyResponse(&p->client, &rc));
    return rc;
}

static int32_t publicKey(whTestPair* p, uint16_t keyId, uint8_t* pub, uint16_t* inout_len)
{
    int32_t rc = RC_UNSET;

    ROUND_TRIP(p, wh_Client_PublicKeyRequest(&p->client, keyId),
               wh_Client_PublicKeyResponse(&p->client, pub, inout_len, &rc));
    return rc;
}

static int32_t digest(whTestPair* p, uint16_t alg, uint16_t step, uint16_t keyId,
                      const uint8_t* data, uint16_t len, const uint8_t* tag, uint16_t tagLen)
{
    int32_t  rc = RC_UNSET;
    uint8_t  out[WH_CRYPTO_MAX_DIGEST];
    uint16_t outLen = sizeof(out);

    ROUND_TRIP(p, wh_Client_DigestRequest(&p->client, alg, step, keyId, data, len, tag, tagLen),
               wh_Client_DigestResponse(&p->client, out, &outLen, &rc));
    return rc;
}

static int32_t gcm(whTestPair* p, uint16_t dir, uint16_t keyId, const uint8_t* iv,
                   const uint8_t* in, uint16_t len, const uint8_t* tagIn, uint16_t tagLen,
                   uint8_t* out, uint8_t* tagOut)
{
    int32_t  rc     = RC_UNSET;
    uint16_t outLen = 64;
    uint16_t tOut   = 16;

    ROUND_TRIP(p,
               wh_Client_CipherRequest(&p->client, WH_CRYPTO_AES_GCM, dir, keyId, iv, 12, NULL, 0,
                                       in, len, tagIn, tagLen),
               wh_Client_CipherResponse(&p->client, out, &outLen, tagOut,
                                        (tagOut != NULL) ? &tOut : NULL, &rc));
    return rc;
}

/* The server still serves: an RNG round trip. */
static void expectServing(whTestPair* p)
{
    uint8_t  buf[16];
    uint16_t len = sizeof(buf);
    int32_t  rc  = RC_UNSET;

    ROUND_TRIP(p, wh_Client_RngGenerateRequest(&p->client, sizeof(buf)),
               wh_Client_RngGenerateResponse(&p->client, buf, &len, &rc));
    assert_int_equal(rc, WH_ERROR_OK);
    assert_int_equal(len, sizeof(buf));
}

/* ---- defect 1: ECDH with a peer point off the curve ---- */

/* The HSM used the peer's point without checking it lies on P-256. On a weak curve (same a,
 * another b) x(d.P) reveals d modulo the point's small order, and the result was stored as a
 * key the client could export. Now every such request is refused before the private key is
 * used: the same verdict for all, no key stored. */
static void test_ecdh_peer_off_curve_refused(void** state)
{
    whTestPair*    p = *state;
    uint8_t        pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        pubAfter[WH_CRYPTO_MAX_PUBKEY];
    uint8_t        wide[65];
    uint16_t       pubLen   = sizeof(pub);
    uint16_t       afterLen = sizeof(pubAfter);
    const uint16_t asked    = SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT); /* exportable */
    const uint8_t* bad[]    = {kP256Order2, kP256Order3, kP256OffCurve, kP256XNonCanon, kP256YIsP};
    static const uint8_t identity[64] = {0};
    size_t               i;

    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 10, DERIVE | WH_NVM_FLAGS_NONEXPORTABLE, pub,
                            &pubLen),
                     WH_ERROR_OK);
    for (i = 0; i < COUNT(bad); i++) {
        assert_int_equal(shared(p, 10, bad[i], 64, 30, asked), WH_ERROR_BADKEY);
        expectNoKey(p, 30);
    }
    assert_int_equal(shared(p, 10, identity, 64, 30, asked), WH_ERROR_BADKEY);
    expectNoKey(p, 30);
    /* Sizes no peer key has: one byte short, SEC1's 0x04 prefix, none. */
    wide[0] = 0x04;
    memcpy(wide + 1, kP256G, 64);
    assert_int_equal(shared(p, 10, kP256G, 63, 30, asked), WH_ERROR_BADKEY);
    assert_int_equal(shared(p, 10, wide, 65, 30, asked), WH_ERROR_BADKEY);
    assert_int_equal(shared(p, 10, NULL, 0, 30, asked), WH_ERROR_BADKEY);
    expectNoKey(p, 30);
    /* The HSM's key is as it was, and valid peers still work. */
    assert_int_equal(publicKey(p, 10, pubAfter, &afterLen), WH_ERROR_OK);
    assert_memory_equal(pub, pubAfter, 64);
    assert_int_equal(shared(p, 10, kP256G, 64, 30, asked), WH_ERROR_OK);
    assert_int_equal(shared(p, 10, kP256XZero, 64, 31, asked), WH_ERROR_OK);
    expectServing(p);
}

/* ---- P-256 public and private keys ---- */

static void test_p256_public_keys(void** state)
{
    whTestPair*          p = *state;
    uint8_t              pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t              sig[WH_CRYPTO_MAX_SIG];
    uint8_t              hash[32];
    uint8_t              big[97];
    uint16_t             pubLen       = sizeof(pub);
    uint16_t             sigLen       = sizeof(sig);
    static const uint8_t identity[64] = {0};
    const uint8_t*       bad[]        = {kP256OffCurve, kP256XNonCanon, kP256YIsP,
                                         kP256Order2,   kP256Order3,    identity};
    const uint8_t*       good[]       = {kP256G, kP256TwoG, kP256NegG, kP256XZero};
    size_t               i;

    whTest_Fill(hash, sizeof(hash), 1);
    assert_int_equal(keygen(p, WH_KEY_TYPE_ECC_P256, 10, SIGN_VERIFY, pub, &pubLen), WH_ERROR_OK);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, 10, hash, 32, sig, &sigLen), WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, pub, 64, sig, sigLen, hash, 32),
                     WH_ERROR_OK);
    for (i = 0; i < COUNT(bad); i++) {
        /* Inline in a verify request, and cached. */
        assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, bad[i], 64, sig, sigLen, hash, 32),
                         WH_ERROR_BADKEY);
        assert_int_equal(cache(p, 20, P256(WH_NVM_FLAGS_USAGE_VERIFY), bad[i], 64),
                         WH_ERROR_BADKEY);
        expectNoKey(p, 20);
    }
    /* Sizes: inline keys are public keys (64 bytes); cached ones 64 or 96. */
    memset(big, 0, sizeof(big));
    memcpy(big, pub, 64);
    {
        const uint16_t inlineBad[] = {0, 32, 63, 65, 96};
        const uint16_t cacheBad[]  = {0, 32, 63, 65, 95, 97};
        for (i = 0; i < COUNT(inlineBad); i++) {
            assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, big, inlineBad[i], sig, sigLen,
                                    hash, 32),
                             WH_ERROR_BADKEY);
        }
        for (i = 0; i < COUNT(cacheBad); i++) {
            assert_int_equal(cache(p, 20, P256(WH_NVM_FLAGS_USAGE_VERIFY), big, cacheBad[i]),
                             WH_ERROR_BADKEY);
            expectNoKey(p, 20);
        }
    }
    /* Valid points, among them x = 0 (not the identity), are taken. */
    for (i = 0; i < COUNT(good); i++) {
        assert_int_equal(cache(p, (uint16_t)(21 + i), P256(WH_NVM_FLAGS_USAGE_VERIFY), good[i], 64),
                         WH_ERROR_OK);
        assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, good[i], 64, sig, sigLen, hash, 32),
                         WH_ERROR_AUTH); /* a valid key, not the signer's */
    }
    expectServing(p);
}

static void test_p256_private_keys(void** state)
{
    whTestPair* p = *state;
    uint8_t     key[96];
    uint8_t     orig[96];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint8_t     hash[32];
    uint16_t    sigLen = sizeof(sig);
    size_t      i;
    struct {
        const uint8_t* d;      /* NULL: the small scalar dSmall */
        uint8_t        dSmall; /* big-endian 0..255 */
        const uint8_t* q;
    } bad[] = {
        {NULL, 0, kP256G},            /* d = 0 */
        {kP256Order, 0, kP256G},      /* d = n */
        {kP256OrderPlus1, 0, kP256G}, /* d = n + 1: (n + 1)G = G, yet out of range */
        {NULL, 2, kP256G},            /* d = 2, Q = G: halves that do not match */
        {NULL, 1, kP256TwoG},         /* d = 1, Q = 2G */
        {NULL, 1, kP256OffCurve},     /* Q off the curve */
        {NULL, 1, kP256XNonCanon},    /* Qx >= p */
    };

    whTest_Fill(hash, sizeof(hash), 2);
    /* A key cached at 40 stays what it is through every refusal below. */
    p256Priv(orig, NULL, 2, kP256TwoG);
    assert_int_equal(cache(p, 40, P256(SIGN_VERIFY), orig, 96), WH_ERROR_OK);
    for (i = 0; i < COUNT(bad); i++) {
        p256Priv(key, bad[i].d, bad[i].dSmall, bad[i].q);
        assert_int_equal(cache(p, 41, P256(SIGN_VERIFY), key, 96), WH_ERROR_BADKEY);
        expectNoKey(p, 41);
        assert_int_equal(cache(p, 40, P256(SIGN_VERIFY), key, 96), WH_ERROR_BADKEY);
        expectKey(p, 40, orig, 96);
    }
    /* Valid: d = 1 (Q = G), d = n - 1 (Q = -G); the checked key signs and verifies. */
    p256Priv(key, NULL, 1, kP256G);
    assert_int_equal(cache(p, 42, P256(SIGN_VERIFY), key, 96), WH_ERROR_OK);
    p256Priv(key, kP256NMinus1, 0, kP256NegG);
    assert_int_equal(cache(p, 43, P256(SIGN_VERIFY), key, 96), WH_ERROR_OK);
    assert_int_equal(sign(p, WH_CRYPTO_ECDSA_P256, 40, hash, 32, sig, &sigLen), WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ECDSA_P256, 0, kP256TwoG, 64, sig, sigLen, hash, 32),
                     WH_ERROR_OK);
    expectServing(p);
}

/* ---- X25519 ---- */

static void test_x25519_low_order_refused(void** state)
{
    whTestPair* p = *state;
    uint8_t     pub[WH_CRYPTO_MAX_PUBKEY];
    uint8_t     both[64];
    uint8_t     k[32];
    uint16_t    pubLen = sizeof(pub);
    uint16_t    len;
    size_t      i;

    assert_int_equal(keygen(p, WH_KEY_TYPE_X25519, 50, DERIVE, pub, &pubLen), WH_ERROR_OK);
    for (i = 0; i < COUNT(kX25519Low); i++) {
        /* As a peer: X25519 would give all zeros (RFC 7748 section 6.1). */
        assert_int_equal(shared(p, 50, kX25519Low[i], 32, 51, SECRET(0)), WH_ERROR_BADKEY);
        expectNoKey(p, 51);
        /* Cached as a public key. */
        assert_int_equal(cache(p, 52, X25519(DERIVE), kX25519Low[i], 32), WH_ERROR_BADKEY);
        expectNoKey(p, 52);
    }
    /* A valid point with the top bit set: X25519 would mask it; the HSM refuses it. */
    assert_int_equal(shared(p, 50, kX25519BobPubHigh, 32, 51, SECRET(0)), WH_ERROR_BADKEY);
    expectNoKey(p, 51);
    /* Sizes. */
    memcpy(both, kX25519AlicePriv, 32);
    memcpy(both + 32, kX25519AlicePub, 32);
    assert_int_equal(shared(p, 50, kX25519BobPub, 31, 51, SECRET(0)), WH_ERROR_BADKEY);
    assert_int_equal(cache(p, 52, X25519(DERIVE), kX25519BobPub, 31), WH_ERROR_BADKEY);
    assert_int_equal(cache(p, 52, X25519(DERIVE), kX25519BobPub, 0), WH_ERROR_BADKEY);
    assert_int_equal(cache(p, 52, X25519(DERIVE), both, 63), WH_ERROR_BADKEY);
    expectNoKey(p, 52);

    /* RFC 7748 6.1: Alice's key pair; with Bob's public key as its public half it is
     * refused. */
    memcpy(both, kX25519AlicePriv, 32);
    memcpy(both + 32, kX25519BobPub, 32);
    assert_int_equal(cache(p, 53, X25519(DERIVE), both, 64), WH_ERROR_BADKEY);
    expectNoKey(p, 53);
    memcpy(both + 32, kX25519AlicePub, 32);
    assert_int_equal(cache(p, 53, X25519(DERIVE), both, 64), WH_ERROR_OK);
    assert_int_equal(cache(p, 54, X25519(DERIVE), kX25519BobPub, 32), WH_ERROR_OK);
    assert_int_equal(shared(p, 53, kX25519BobPub, 32, 55, SECRET(0)), WH_ERROR_OK);
    len = sizeof(k);
    assert_int_equal(exportKey(p, 55, k, &len), WH_ERROR_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(k, kX25519Shared, 32);
    expectServing(p);
}

/* ---- Ed25519 ---- */

static void test_ed25519_keys(void** state)
{
    whTestPair* p = *state;
    uint8_t     both[64];
    uint8_t     sig[WH_CRYPTO_MAX_SIG];
    uint8_t     forged[64];
    uint16_t    sigLen = sizeof(sig);
    size_t      i;

    /* Small order: an identity public key with the signature (R = identity, S = 0) would
     * verify for any message (R = S.B - h.A). */
    memcpy(forged, kEdSmall[0], 32);
    memset(forged + 32, 0, 32);
    for (i = 0; i < COUNT(kEdSmall); i++) {
        assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdSmall[i], 32, forged, 64,
                                (const uint8_t*)"any message", 11),
                         WH_ERROR_BADKEY);
        assert_int_equal(cache(p, 60, ED25519(WH_NVM_FLAGS_USAGE_VERIFY), kEdSmall[i], 32),
                         WH_ERROR_BADKEY);
        expectNoKey(p, 60);
    }
    /* Not canonical (y >= p), not on the curve, sizes. */
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdNonCanon, 32, kEdSig, 64, NULL, 0),
                     WH_ERROR_BADKEY);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdOffCurve, 32, kEdSig, 64, NULL, 0),
                     WH_ERROR_BADKEY);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdPub, 31, kEdSig, 64, NULL, 0),
                     WH_ERROR_BADKEY);
    memcpy(both, kEdSeed, 32);
    memcpy(both + 32, kEdPub, 32);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, both, 64, kEdSig, 64, NULL, 0),
                     WH_ERROR_BADKEY); /* inline keys are public keys */
    assert_int_equal(cache(p, 60, ED25519(WH_NVM_FLAGS_USAGE_VERIFY), kEdNonCanon, 32),
                     WH_ERROR_BADKEY);
    assert_int_equal(cache(p, 60, ED25519(WH_NVM_FLAGS_USAGE_VERIFY), kEdOffCurve, 32),
                     WH_ERROR_BADKEY);
    memcpy(sig, kEdPub, 32);
    sig[32] = 0;
    assert_int_equal(cache(p, 60, ED25519(WH_NVM_FLAGS_USAGE_VERIFY), sig, 33), WH_ERROR_BADKEY);
    expectNoKey(p, 60);

    /* RFC 8032 7.1 test 1: the seed with test 2's public key is refused, with its own taken;
     * it signs the empty message as the RFC says. */
    memcpy(both + 32, kEdPub2, 32);
    assert_int_equal(cache(p, 61, ED25519(SIGN_VERIFY), both, 64), WH_ERROR_BADKEY);
    expectNoKey(p, 61);
    memcpy(both + 32, kEdPub, 32);
    assert_int_equal(cache(p, 61, ED25519(SIGN_VERIFY), both, 64), WH_ERROR_OK);
    assert_int_equal(cache(p, 62, ED25519(WH_NVM_FLAGS_USAGE_VERIFY), kEdPub, 32), WH_ERROR_OK);
    assert_int_equal(sign(p, WH_CRYPTO_ED25519, 61, NULL, 0, sig, &sigLen), WH_ERROR_OK);
    assert_int_equal(sigLen, 64);
    assert_memory_equal(sig, kEdSig, 64);

    /* Signatures: canonical ones only (64 bytes, S < L), by id and inline. */
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 62, NULL, 0, kEdSig, 64, NULL, 0), WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdPub, 32, kEdSig, 64, NULL, 0), WH_ERROR_OK);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 62, NULL, 0, kEdSigSPlusL, 64, NULL, 0),
                     WH_ERROR_AUTH);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 0, kEdPub, 32, kEdSigSIsL, 64, NULL, 0),
                     WH_ERROR_AUTH);
    memcpy(sig, kEdSig, 64);
    sig[64] = 0;
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 62, NULL, 0, sig, 63, NULL, 0), WH_ERROR_AUTH);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 62, NULL, 0, sig, 65, NULL, 0), WH_ERROR_AUTH);
    assert_int_equal(verify(p, WH_CRYPTO_ED25519, 62, NULL, 0, NULL, 0, NULL, 0), WH_ERROR_AUTH);
    expectServing(p);
}

/* ---- keys of no size their type takes, MAC and GCM tags ---- */

static void test_key_sizes_and_types(void** state)
{
    whTestPair*   p      = *state;
    const uint8_t key[4] = {1, 2, 3, 4};

    /* A secret of no bytes, an unknown key type. */
    assert_int_equal(cache(p, 70, SECRET(WH_NVM_FLAGS_USAGE_ANY), key, 0), WH_ERROR_BADKEY);
    expectNoKey(p, 70);
    assert_int_equal(cache(p, 70, TYPED(9, WH_NVM_FLAGS_USAGE_ANY), key, sizeof(key)),
                     WH_ERROR_BADALG);
    expectNoKey(p, 70);
    assert_int_equal(cache(p, 70, SECRET(WH_NVM_FLAGS_USAGE_ANY), key, 1), WH_ERROR_OK);
    expectServing(p);
}

/* MAC tags: WH_CRYPTO_MAC_MIN_TAG (4) bytes up to the MAC's length (wh_message_crypto.h). */
static void test_mac_tag_lengths(void** state)
{
    whTestPair* p = *state;
    /* RFC 4231 test case 2: HMAC-SHA-256, key "Jefe". */
    static const uint8_t hmacMsg[]   = "what do ya want for nothing?";
    static const uint8_t hmacTag[32] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
                                        0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
                                        0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
                                        0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    /* RFC 4493 example 1: AES-CMAC of the empty message. */
    static const uint8_t cmacKey[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                        0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t cmacTag[17] = {0xbb, 0x1d, 0x69, 0x29, 0xe9, 0x59, 0x37, 0x28,
                                        0x7f, 0xa3, 0x7d, 0x12, 0x9b, 0x75, 0x67, 0x46};
    uint8_t              tag[33];

    assert_int_equal(WH_CRYPTO_MAC_MIN_TAG, 4);
    assert_int_equal(cache(p, 80, SECRET(WH_NVM_FLAGS_USAGE_VERIFY), (const uint8_t*)"Jefe", 4),
                     WH_ERROR_OK);
    assert_int_equal(cache(p, 81, SECRET(WH_NVM_FLAGS_USAGE_VERIFY), cmacKey, 16), WH_ERROR_OK);
    memcpy(tag, hmacTag, 32);
    tag[32] = 0;
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 28, tag,
                            32),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 28, tag,
                            4),
                     WH_ERROR_OK); /* truncated to the shortest allowed */
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 28, tag,
                            3),
                     WH_ERROR_BADARGS);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 28, tag,
                            33),
                     WH_ERROR_BADARGS);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 28, NULL,
                            0),
                     WH_ERROR_BADARGS);
    assert_int_equal(digest(p, WH_CRYPTO_HMAC_SHA256, WH_CRYPTO_STEP_VERIFY, 80, hmacMsg, 27, tag,
                            32),
                     WH_ERROR_AUTH); /* a truncated message */
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, 81, NULL, 0, cmacTag, 16),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, 81, NULL, 0, cmacTag, 4),
                     WH_ERROR_OK);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, 81, NULL, 0, cmacTag, 3),
                     WH_ERROR_BADARGS);
    assert_int_equal(digest(p, WH_CRYPTO_CMAC_AES, WH_CRYPTO_STEP_VERIFY, 81, NULL, 0, cmacTag, 17),
                     WH_ERROR_BADARGS);
    expectServing(p);
}

/* GCM tags: WH_CRYPTO_GCM_MIN_TAG (12) to 16 bytes (wh_message_crypto.h). */
static void test_gcm_tag_lengths(void** state)
{
    whTestPair* p = *state;
    /* The GCM specification's test cases 1 and 2 (McGrew, Viega; NIST's GCM validation
     * vectors): key and IV all zero, plaintext empty / 16 zero bytes. */
    static const uint8_t zeros[16] = {0};
    static const uint8_t tag1[16]  = {0x58, 0xe2, 0xfc, 0xce, 0xfa, 0x7e, 0x30, 0x61,
                                      0x36, 0x7f, 0x1d, 0x57, 0xa4, 0xe7, 0x45, 0x5a};
    static const uint8_t ct2[16]   = {0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
                                      0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78};
    static const uint8_t tag2[17]  = {0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
                                      0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf};
    uint8_t              out[64];
    uint8_t              tag[16];
    uint8_t              bad[16];

    assert_int_equal(WH_CRYPTO_GCM_MIN_TAG, 12);
    assert_int_equal(cache(p, 90, SECRET(WH_NVM_FLAGS_USAGE_ENCRYPT | WH_NVM_FLAGS_USAGE_DECRYPT),
                           zeros, 16),
                     WH_ERROR_OK);
    /* Zero-length plaintext. */
    assert_int_equal(gcm(p, WH_CRYPTO_ENCRYPT, 90, zeros, NULL, 0, NULL, 16, out, tag),
                     WH_ERROR_OK);
    assert_memory_equal(tag, tag1, 16);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, NULL, 0, tag1, 16, out, NULL),
                     WH_ERROR_OK);
    /* Full and shortest tags verify; shorter, longer, none and a wrong one do not. */
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, tag2, 16, out, NULL),
                     WH_ERROR_OK);
    assert_memory_equal(out, zeros, 16);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, tag2, 12, out, NULL),
                     WH_ERROR_OK);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, tag2, 11, out, NULL),
                     WH_ERROR_BADARGS);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, tag2, 17, out, NULL),
                     WH_ERROR_BADARGS);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, NULL, 0, out, NULL),
                     WH_ERROR_BADARGS);
    memcpy(bad, tag2, 16);
    bad[15] ^= 1;
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 16, bad, 16, out, NULL),
                     WH_ERROR_AUTH);
    assert_int_equal(gcm(p, WH_CRYPTO_DECRYPT, 90, zeros, ct2, 15, tag2, 16, out, NULL),
                     WH_ERROR_AUTH); /* a truncated ciphertext */
    /* Encryption makes tags of the same sizes only. */
    assert_int_equal(gcm(p, WH_CRYPTO_ENCRYPT, 90, zeros, zeros, 16, NULL, 12, out, tag),
                     WH_ERROR_OK);
    assert_memory_equal(out, ct2, 16);
    assert_memory_equal(tag, tag2, 12);
    assert_int_equal(gcm(p, WH_CRYPTO_ENCRYPT, 90, zeros, zeros, 16, NULL, 11, out, tag),
                     WH_ERROR_BADARGS);
    assert_int_equal(gcm(p, WH_CRYPTO_ENCRYPT, 90, zeros, zeros, 16, NULL, 0, out, tag),
                     WH_ERROR_BADARGS);
    expectServing(p);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ecdh_peer_off_curve_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_p256_public_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_p256_private_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_x25519_low_order_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ed25519_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_sizes_and_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mac_tag_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gcm_tag_lengths, setup, teardown),
    };

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
