/*
 * wh_server_crypto_key.c: key material of the public-key algorithms: our raw formats
 * (wh_nvm_types.h) into wolfCrypt objects, and the checks of material that enters the HSM
 * from the host core, which may be hostile.
 *
 * The trust boundary: whatever the host hands the HSM is checked once, where it enters:
 * keys cached through the KEY group (wh_Server_KeyCheck), inline public keys of verify
 * requests and peers' public keys of key agreement (WH_SERVER_KEY_HOST). Keys in the key
 * store, which the HSM made or checked when they were cached, are trusted and loaded as
 * they are (WH_SERVER_KEY_STORED): the checks that cost a scalar multiplication (a private
 * key against its public half) do not run on every signature.
 *
 * The checks are the server's own, whatever wolfCrypt's build options (it would check less
 * without WOLFSSL_VALIDATE_ECC_IMPORT, and its Ed25519 decoding accepts non-canonical
 * encodings); wolfCrypt's verdicts that mean "not a valid key" become WH_ERROR_BADKEY
 * (wh_Server_CryptoFromWc). What is checked, by key type:
 *   P-256 public (Qx || Qy): 64 bytes, each coordinate in [0, p-1], not the identity (0, 0),
 *     on the curve y^2 = x^3 - 3x + b (SP 800-56A rev 3, 5.6.2.3.3; with cofactor 1 a point
 *     on the curve other than the identity has order n);
 *   P-256 private (d || Qx || Qy): the public part as above, d in [1, n-1] (a constant-time
 *     compare, SP 800-56A rev 3, 5.6.2.1.2) and Q = d.G (wc_ecc_check_key);
 *   Ed25519 public: 32 bytes, y < p (canonical), none of the encodings of the 8 points of
 *     small order (nor the "negative zero" ones of the identity and order 2), a point on
 *     the curve (wc_ed25519_check_key decompresses it);
 *   Ed25519 seed || public: the public half as above and equal to the one the seed gives;
 *   X25519 public (u, little-endian): 32 bytes, top bit clear, u < p - 1, not 0, 1 or one
 *     of the two points of order 8 (RFC 7748 section 7; u >= p - 1 is p - 1, of order 2,
 *     or a non-canonical encoding); a shared secret of all zeros is refused as well;
 *   X25519 private || public: the public half equal to the one the (clamped) private
 *     scalar gives (wc_curve25519_make_pub);
 *   secret: 1 byte or more.
 * Ed25519 signatures are canonical: 64 bytes and S < L (RFC 8032 5.1.7).
 */
#include <string.h>

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/curve25519.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>

#include "wh_server_crypto_internal.h"
#include "wolfhsm/wh_utils.h"

/* ---- Curve constants (FIPS 186-4 D.1.2.3, RFC 7748, RFC 8032) ---- */

/* P-256, big-endian: the field prime p, a = p - 3, b, the group order n. */
static const uint8_t p256P[P256_LEN] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t p256A[P256_LEN] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc,
};
static const uint8_t p256B[P256_LEN] = {
    0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7, 0xb3, 0xeb, 0xbd, 0x55, 0x76, 0x98, 0x86, 0xbc,
    0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53, 0xb0, 0xf6, 0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2, 0x60, 0x4b,
};
static const uint8_t p256N[P256_LEN] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/* Curve25519, little-endian: p - 1 = 2^255 - 20, and the u of the two points of order 8. */
static const uint8_t x25519PMinus1[X25519_LEN] = {
    0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};
static const uint8_t x25519Order8[2][X25519_LEN] = {
    {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
     0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
     0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00},
    {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1,
     0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c,
     0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57},
};

/* Edwards25519, little-endian: p = 2^255 - 19, the group order L = 2^252 +
 * 27742317777372353535851937790883648493, and the encodings of the points of small order:
 * the identity (order 1), order 2, the two of order 4, the two of order 8 with either sign
 * of x, and the "negative zero" encodings (x = 0 with the sign bit set) of the identity and
 * of order 2. */
static const uint8_t ed25519P[ED25519_LEN] = {
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};
static const uint8_t ed25519L[ED25519_LEN] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};
static const uint8_t ed25519Small[][ED25519_LEN] = {
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

/* ---- Constant-time helpers ---- */

/* Is the big-endian number x less than m (len bytes each)? 1 or 0, in constant time: the
 * borrow out of x - m. */
static int lessBe(const uint8_t* x, const uint8_t* m, size_t len)
{
    uint32_t borrow = 0;
    size_t   i      = len;

    while (i-- > 0) {
        borrow = (((uint32_t)x[i] - m[i] - borrow) >> 8) & 1u;
    }
    return (int)borrow;
}

/* The same for little-endian numbers. */
static int lessLe(const uint8_t* x, const uint8_t* m, size_t len)
{
    uint32_t borrow = 0;
    size_t   i;

    for (i = 0; i < len; i++) {
        borrow = (((uint32_t)x[i] - m[i] - borrow) >> 8) & 1u;
    }
    return (int)borrow;
}

int wh_Server_CryptoIsZero(const uint8_t* buf, size_t len)
{
    uint32_t acc = 0;
    size_t   i;

    for (i = 0; i < len; i++) {
        acc |= buf[i];
    }
    return (int)(((acc - 1u) >> 8) & 1u); /* acc is 0..255: only 0 borrows */
}

/* ---- P-256 ---- */

/* Is the point (z = 1) on P-256's curve? wolfCrypt's curve equation with our constants. */
static int p256OnCurve(ecc_point* q)
{
    mp_int a;
    mp_int b;
    mp_int prime;
    int    ret;

    ret = mp_init_multi(&a, &b, &prime, NULL, NULL, NULL);
    if (ret == MP_OKAY) {
        ret = mp_read_unsigned_bin(&a, p256A, P256_LEN);
        if (ret == MP_OKAY) {
            ret = mp_read_unsigned_bin(&b, p256B, P256_LEN);
        }
        if (ret == MP_OKAY) {
            ret = mp_read_unsigned_bin(&prime, p256P, P256_LEN);
        }
        if (ret == MP_OKAY) {
            ret = wc_ecc_is_point(q, &a, &b, &prime);
        }
        mp_clear(&a);
        mp_clear(&b);
        mp_clear(&prime);
    }
    return (ret == MP_OKAY) ? WH_ERROR_OK : wh_Server_CryptoFromWc(ret);
}

int wh_Server_CryptoLoadEcc(ecc_key* k, const uint8_t* raw, whNvmSize len, int check)
{
    const int      priv = (len == P256_PRIV_LEN);
    const uint8_t* q    = priv ? raw + P256_LEN : raw;
    uint8_t        qx[P256_LEN];
    uint8_t        qy[P256_LEN];
    int            ret;

    if (!priv && (len != P256_PUB_LEN)) {
        return check ? WH_ERROR_BADKEY : WH_ERROR_KEYTYPE;
    }
    /* Coordinates in [0, p-1] and not the identity; d in [1, n-1] (constant time). */
    if (check && (!lessBe(q, p256P, P256_LEN) || !lessBe(q + P256_LEN, p256P, P256_LEN) ||
                  wh_Server_CryptoIsZero(q, P256_PUB_LEN) ||
                  (priv && ((wh_Server_CryptoIsZero(raw, P256_LEN) |
                             (lessBe(raw, p256N, P256_LEN) ^ 1)) != 0)))) {
        return WH_ERROR_BADKEY;
    }
    if (wc_ecc_init(k) != 0) {
        return WH_ERROR_CRYPTO;
    }
    memcpy(qx, q, P256_LEN);
    memcpy(qy, q + P256_LEN, P256_LEN);
    /* wc_ecc_import_unsigned wants the private scalar as a separate buffer. */
    ret = wh_Server_CryptoFromWc(
        wc_ecc_import_unsigned(k, qx, qy, priv ? (byte*)raw : NULL, ECC_SECP256R1));
    if (ret != WH_ERROR_OK) {
        ret = check ? WH_ERROR_BADKEY : WH_ERROR_KEYTYPE;
    }
    if ((ret == WH_ERROR_OK) && check) {
        ret = p256OnCurve(&k->pubkey);
        if ((ret == WH_ERROR_OK) && priv) {
            ret = wh_Server_CryptoFromWc(
                wc_ecc_check_key(k)); /* Q = d.G: two scalar multiplications */
        }
    }
    if (ret != WH_ERROR_OK) {
        wc_ecc_free(k);
    }
    return ret;
}

/* ---- Ed25519 ---- */

/* The public key's encoding: canonical (y < p) and not of small order. */
static int ed25519CheckEncoding(const uint8_t* pub)
{
    uint8_t y[ED25519_LEN];
    size_t  i;

    memcpy(y, pub, sizeof(y));
    y[ED25519_LEN - 1] &= 0x7f; /* the sign of x */
    if (!lessLe(y, ed25519P, sizeof(y))) {
        return WH_ERROR_BADKEY;
    }
    for (i = 0; i < sizeof(ed25519Small) / sizeof(ed25519Small[0]); i++) {
        if (memcmp(pub, ed25519Small[i], ED25519_LEN) == 0) {
            return WH_ERROR_BADKEY;
        }
    }
    return WH_ERROR_OK;
}

int wh_Server_CryptoLoadEd25519(ed25519_key* k, const uint8_t* raw, whNvmSize len, int needPrivate,
                                int check)
{
    const int priv = (len == 2 * ED25519_LEN);
    int       ret;

    if (!priv && (needPrivate || (len != ED25519_LEN))) {
        return check ? WH_ERROR_BADKEY : WH_ERROR_KEYTYPE;
    }
    if (check && (ed25519CheckEncoding(raw + (len - ED25519_LEN)) != WH_ERROR_OK)) {
        return WH_ERROR_BADKEY;
    }
    if (wc_ed25519_init(k) != 0) {
        return WH_ERROR_CRYPTO;
    }
    /* Imported as trusted: wolfCrypt's own checks run below, for material from the host. */
    ret = priv ? wc_ed25519_import_private_key_ex(raw, ED25519_LEN, raw + ED25519_LEN, ED25519_LEN,
                                                  k, 1)
               : wc_ed25519_import_public_ex(raw, ED25519_LEN, k, 1);
    if (ret != 0) {
        ret = check ? WH_ERROR_BADKEY : WH_ERROR_KEYTYPE;
    }
    else if (check && priv) {
        uint8_t pub[ED25519_LEN];
        ret = wh_Server_CryptoFromWc(wc_ed25519_make_public(k, pub, sizeof(pub)));
        if ((ret == WH_ERROR_OK) &&
            (wh_Utils_ConstantCompare(pub, raw + ED25519_LEN, ED25519_LEN) != 0)) {
            ret = WH_ERROR_BADKEY; /* the public half is not the seed's */
        }
    }
    else if (check) {
        ret = (wc_ed25519_check_key(k) == 0) ? WH_ERROR_OK : WH_ERROR_BADKEY; /* on the curve */
    }
    if (ret != WH_ERROR_OK) {
        wc_ed25519_free(k);
    }
    return ret;
}

int wh_Server_CryptoEd25519SigCanonical(const uint8_t* sig, uint16_t len)
{
    return (len == ED25519_SIG_SIZE) && lessLe(sig + ED25519_LEN, ed25519L, ED25519_LEN);
}

/* ---- X25519 ---- */

int wh_Server_CryptoCheckX25519Public(const uint8_t* u)
{
    static const uint8_t one[X25519_LEN] = {1};

    if (((u[X25519_LEN - 1] & 0x80) != 0) || !lessLe(u, x25519PMinus1, X25519_LEN) ||
        wh_Server_CryptoIsZero(u, X25519_LEN) || (memcmp(u, one, X25519_LEN) == 0) ||
        (memcmp(u, x25519Order8[0], X25519_LEN) == 0) ||
        (memcmp(u, x25519Order8[1], X25519_LEN) == 0) ||
        (wc_curve25519_check_public(u, X25519_LEN, EC25519_LITTLE_ENDIAN) != 0)) {
        return WH_ERROR_BADKEY;
    }
    return WH_ERROR_OK;
}

/* private || public (little-endian): the public half is the private scalar's. */
static int x25519CheckPair(const uint8_t* raw)
{
    uint8_t k[X25519_LEN];
    uint8_t pub[X25519_LEN];
    int     ret = wh_Server_CryptoCheckX25519Public(raw + X25519_LEN);

    if (ret == WH_ERROR_OK) {
        memcpy(k, raw, sizeof(k));
        k[0] &= 248; /* clamped as X25519 uses it (RFC 7748 section 5) */
        k[X25519_LEN - 1] &= 127;
        k[X25519_LEN - 1] |= 64;
        ret = wh_Server_CryptoFromWc(wc_curve25519_make_pub(X25519_LEN, pub, X25519_LEN, k));
        if ((ret == WH_ERROR_OK) &&
            (wh_Utils_ConstantCompare(pub, raw + X25519_LEN, X25519_LEN) != 0)) {
            ret = WH_ERROR_BADKEY;
        }
        wh_Utils_ForceZero(k, sizeof(k));
    }
    return ret;
}

/* ---- Keys cached by the client ---- */

int wh_Server_KeyCheck(uint16_t type, const uint8_t* material, whNvmSize len)
{
    union {
        ecc_key     ecc;
        ed25519_key ed;
    } k;
    int ret;

    switch (type) {
        case WH_KEY_TYPE_SECRET:
            return (len > 0) ? WH_ERROR_OK : WH_ERROR_BADKEY;
        case WH_KEY_TYPE_ECC_P256:
            ret = wh_Server_CryptoLoadEcc(&k.ecc, material, len, WH_SERVER_KEY_HOST);
            if (ret == WH_ERROR_OK) {
                wc_ecc_free(&k.ecc);
            }
            break;
        case WH_KEY_TYPE_ED25519:
            ret = wh_Server_CryptoLoadEd25519(&k.ed, material, len, 0, WH_SERVER_KEY_HOST);
            if (ret == WH_ERROR_OK) {
                wc_ed25519_free(&k.ed);
            }
            break;
        case WH_KEY_TYPE_X25519:
            ret = (len == X25519_LEN)       ? wh_Server_CryptoCheckX25519Public(material)
                  : (len == 2 * X25519_LEN) ? x25519CheckPair(material)
                                            : WH_ERROR_BADKEY;
            break;
        default:
            ret = WH_ERROR_BADALG; /* no such key type */
            break;
    }
    wh_Utils_ForceZero(&k, sizeof(k));
    return ret;
}
