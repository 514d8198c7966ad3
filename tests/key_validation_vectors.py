#!/usr/bin/env python3
"""Key vectors of tests/test_key_validation.c (mostly invalid keys), computed from
the curve equations and the published parameters only (no wolfCrypt, no project code):

  P-256    FIPS 186-4 D.1.2.3 / SEC 2 2.4.2 (p, n, b, G); short Weierstrass, a = -3
  X25519   RFC 7748 section 5 (the ladder), 6.1 (test keys); low-order list: the u values
           of the points of order 1, 2, 4 and 8 and their non-canonical encodings
           (https://cr.yp.to/ecdh.html#validate)
  Ed25519  RFC 8032 sections 5.1 (curve, decoding 5.1.3), 7.1 (test 1 and 2 keys)

Each vector is checked here (on or off the curve, its order, what X25519 gives) before it is
printed as C. Run: python3 tests/key_validation_vectors.py
"""
import hashlib

# ---- P-256 ----
P = 2**256 - 2**224 + 2**192 + 2**96 - 1
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def ec_add(p1, p2, b=B):
    """Affine addition on y^2 = x^3 - 3x + b over GF(P); None is the identity."""
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if p1 == p2:
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return (x3, (lam * (x1 - x3) - y1) % P)


def ec_mul(k, pt, b=B):
    r = None
    while k:
        if k & 1:
            r = ec_add(r, pt, b)
        pt = ec_add(pt, pt, b)
        k >>= 1
    return r


def on_curve(pt, b=B):
    x, y = pt
    return (y * y - (x ** 3 - 3 * x + b)) % P == 0


def sqrt_p256(v):  # P = 3 mod 4
    r = pow(v, (P + 1) // 4, P)
    return r if r * r % P == v % P else None


assert on_curve(G) and ec_mul(N, G) is None
G2 = ec_mul(2, G)
NEG_G = (G[0], P - G[1])
assert ec_mul(N - 1, G) == NEG_G

# A point on P-256 with a small x: x + p still fits 32 bytes, the non-canonical encoding of
# a valid point.
x0 = 0
while sqrt_p256((x0 ** 3 - 3 * x0 + B) % P) is None:
    x0 += 1
SMALL_X = (x0, sqrt_p256((x0 ** 3 - 3 * x0 + B) % P))
assert on_curve(SMALL_X) and x0 + P < 2 ** 256 and x0 == 0

# Invalid-curve points: same a = -3, another b. (1, 0) has order 2 on b' = 2; an inflection
# point (3-division polynomial 3x^4 + 6ax^2 + 12bx - a^2 = 0) has order 3.
W2, W2_B = (1, 0), 2
assert on_curve(W2, W2_B) and not on_curve(W2) and ec_add(W2, W2, W2_B) is None
x = 2
while True:
    b3 = -(3 * x ** 4 - 18 * x * x - 9) * pow(12 * x, -1, P) % P  # a = -3
    y = sqrt_p256((x ** 3 - 3 * x + b3) % P)
    if y is not None:
        break
    x += 1
W3, W3_B = (x, y), b3
assert on_curve(W3, W3_B) and not on_curve(W3)
assert ec_mul(3, W3, W3_B) is None and ec_mul(2, W3, W3_B) is not None

OFF = (G[0], (G[1] + 1) % P)
assert not on_curve(OFF)

# ---- X25519 (RFC 7748) ----
P25 = 2 ** 255 - 19
A24 = 121665


def x25519(k, u):
    k = bytearray(k)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    k = int.from_bytes(k, "little")
    u = int.from_bytes(u, "little") & ((1 << 255) - 1)  # mask the top bit (section 5)
    x1, x2, z2, x3, z3, swap = u, 1, 0, u, 1, 0
    for t in reversed(range(255)):
        kt = (k >> t) & 1
        swap ^= kt
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = kt
        a, aa = x2 + z2, (x2 + z2) ** 2
        b_, bb = x2 - z2, (x2 - z2) ** 2
        e, c, d = aa - bb, x3 + z3, x3 - z3
        da, cb = d * a, c * b_
        x3, z3 = (da + cb) ** 2 % P25, x1 * (da - cb) ** 2 % P25
        x2, z2 = aa * bb % P25, e * (aa + A24 * e) % P25
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, P25 - 2, P25) % P25).to_bytes(32, "little")


le = lambda v: v.to_bytes(32, "little")
ALICE_PRIV = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
ALICE_PUB = bytes.fromhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
BOB_PUB = bytes.fromhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
SHARED = bytes.fromhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
assert x25519(ALICE_PRIV, (9).to_bytes(32, "little")) == ALICE_PUB
assert x25519(ALICE_PRIV, BOB_PUB) == SHARED
O8A = 325606250916557431795983626356110631294008115727848805560023387167927233504
O8B = 39382357235489614581723060781553021112529911719440698176882885853963445705823
LOW = [0, 1, O8A, O8B, P25 - 1, P25, P25 + 1]  # all < 2^255; p, p + 1: non-canonical 0, 1
X_LOW = [le(v) for v in LOW] + [le(v | (1 << 255)) for v in LOW]  # and with the top bit set
for u in X_LOW:
    assert x25519(ALICE_PRIV, u) == bytes(32), u.hex()
    assert x25519(bytes(range(32)), u) == bytes(32)
BOB_HIGH = BOB_PUB[:31] + bytes([BOB_PUB[31] | 0x80])  # the same point, top bit set
assert x25519(ALICE_PRIV, BOB_HIGH) == SHARED

# ---- Ed25519 (RFC 8032) ----
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, -1, P25) % P25
SQRTM1 = pow(2, (P25 - 1) // 4, P25)


def ed_add(p1, p2):
    (x1, y1), (x2, y2) = p1, p2
    t = D * x1 * x2 * y1 * y2
    return ((x1 * y2 + x2 * y1) * pow(1 + t, -1, P25) % P25,
            (y1 * y2 + x1 * x2) * pow(1 - t, -1, P25) % P25)


def ed_mul(k, pt):
    r = (0, 1)
    while k:
        if k & 1:
            r = ed_add(r, pt)
        pt = ed_add(pt, pt)
        k >>= 1
    return r


def ed_decode(s, strict=True):
    """RFC 8032 5.1.3; strict=False accepts y >= p and a "negative zero" x."""
    v = int.from_bytes(s, "little")
    y, sign = v & ((1 << 255) - 1), v >> 255
    if y >= P25:
        if strict:
            return None
        y %= P25
    u, w = (y * y - 1) % P25, (D * y * y + 1) % P25
    x = u * pow(w, 3, P25) * pow(u * pow(w, 7, P25), (P25 - 5) // 8, P25) % P25
    if (w * x * x - u) % P25 != 0:
        x = x * SQRTM1 % P25
        if (w * x * x - u) % P25 != 0:
            return None
    if x == 0 and sign == 1 and strict:
        return None
    if x & 1 != sign:
        x = P25 - x
    return (x % P25, y)


def ed_encode(pt):
    x, y = pt
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


BY = 4 * pow(5, -1, P25) % P25
BASE = ed_decode(BY.to_bytes(32, "little"))
assert ed_mul(L, BASE) == (0, 1)

def ed_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = bytearray(h[:32])
    a[0] &= 248
    a[31] &= 127
    a[31] |= 64
    return ed_encode(ed_mul(int.from_bytes(a, "little"), BASE))


T1_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
T1_PUB = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
T1_SIG = bytes.fromhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a3"
                       "3bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
T2_PUB = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
assert ed_pub(T1_SEED) == T1_PUB

# The small-order encodings: every point P with [8]P = identity, canonical, plus the
# "negative zero" encodings (x = 0 with the sign bit set) of the identity and order 2.
ED_SMALL = [bytes.fromhex(h) for h in (
    "0100000000000000000000000000000000000000000000000000000000000000",  # identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",  # order 4
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  # order 8
    "0100000000000000000000000000000000000000000000000000000000000080",  # -0: identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  # -0: order 2
)]
for i, s in enumerate(ED_SMALL):
    pt = ed_decode(s, strict=False)
    assert pt is not None and ed_mul(8, pt) == (0, 1), s.hex()
    assert (ed_decode(s) is None) == (i >= 8)  # the last two fail strict decoding
# Every canonical small-order point is in the list (the 8 points of the 8-torsion).
torsion = set()
for s in ED_SMALL[:8]:
    torsion.add(ed_decode(s))
assert len(torsion) == 8

# A y >= p (non-canonical) that, reduced, is a point of large order; and a y that is no
# point at all.
for y0 in range(19):
    pt = ed_decode(y0.to_bytes(32, "little"))
    if pt is not None and ed_mul(8, pt) != (0, 1):
        break
ED_NONCANON = (y0 + P25).to_bytes(32, "little")
assert ed_decode(ED_NONCANON) is None and ed_decode(ED_NONCANON, strict=False) == pt
y = 2
while ed_decode(y.to_bytes(32, "little")) is not None:
    y += 1
ED_OFF = y.to_bytes(32, "little")

S = int.from_bytes(T1_SIG[32:], "little")
assert S < L
T1_SIG_S_PLUS_L = T1_SIG[:32] + (S + L).to_bytes(32, "little")
T1_SIG_S_EQ_L = T1_SIG[:32] + L.to_bytes(32, "little")

# ---- output ----
def c(name, data, comment):
    print(f"/* {comment} */")
    print(f"static const uint8_t {name}[{len(data)}] = {{")
    for i in range(0, len(data), 16):
        print("    " + ", ".join(f"0x{b:02x}" for b in data[i:i + 16]) + ",")
    print("};")


be = lambda v: v.to_bytes(32, "big")
pt64 = lambda pt: be(pt[0]) + be(pt[1])
c("kP256G", pt64(G), "P-256 base point G (valid)")
c("kP256TwoG", pt64(G2), "2G (valid)")
c("kP256NegG", pt64(NEG_G), "(n-1)G = -G (valid)")
c("kP256OffCurve", pt64(OFF), "(Gx, Gy + 1): not on the curve")
c("kP256XZero", pt64(SMALL_X), "(0, sqrt(b)): valid, x = 0 (not the identity)")
c("kP256XNonCanon", be(SMALL_X[0] + P) + be(SMALL_X[1]),
  f"(x + p, y) of the valid point with x = {SMALL_X[0]}: x >= p")
c("kP256YIsP", be(G[0]) + be(P), "(Gx, p): y >= p")
c("kP256Order2", pt64(W2), "(1, 0): order 2 on y^2 = x^3 - 3x + 2, not on P-256")
c("kP256Order3", pt64(W3), "order 3 on y^2 = x^3 - 3x + b' (an inflection point), not on P-256")
c("kP256Order", be(N), "the order n")
c("kP256OrderPlus1", be(N + 1), "n + 1: (n + 1)G = G, so Q = G 'matches'")
c("kP256NMinus1", be(N - 1), "n - 1 (valid, with Q = -G)")
c("kX25519AlicePriv", ALICE_PRIV, "RFC 7748 6.1 Alice's private key")
c("kX25519AlicePub", ALICE_PUB, "RFC 7748 6.1 Alice's public key")
c("kX25519BobPub", BOB_PUB, "RFC 7748 6.1 Bob's public key")
c("kX25519Shared", SHARED, "RFC 7748 6.1 K")
c("kX25519BobPubHigh", BOB_HIGH, "Bob's public key with the top bit set (X25519 masks it)")
print("/* X25519 u values of order 1, 2, 4, 8 (0, 1, the two of order 8, p - 1) and the")
print(" * non-canonical p, p + 1, then the same with the top bit set, which X25519 masks: with")
print(" * any private key X25519 gives all zeros */")
print(f"static const uint8_t kX25519Low[{len(X_LOW)}][32] = {{")
for u in X_LOW:
    print("    {" + ", ".join(f"0x{b:02x}" for b in u) + "},")
print("};")
c("kEdSeed", T1_SEED, "RFC 8032 7.1 test 1 secret key")
c("kEdPub", T1_PUB, "RFC 8032 7.1 test 1 public key")
c("kEdSig", T1_SIG, "RFC 8032 7.1 test 1 signature (empty message)")
c("kEdPub2", T2_PUB, "RFC 8032 7.1 test 2 public key")
c("kEdSigSPlusL", T1_SIG_S_PLUS_L, "test 1 signature with S + L: S >= L")
c("kEdSigSIsL", T1_SIG_S_EQ_L, "test 1 signature with S = L")
c("kEdNonCanon", ED_NONCANON, f"y = {y0} + p: y >= p (reduced, a point of large order)")
c("kEdOffCurve", ED_OFF, f"y = {y}: no x satisfies the curve equation")
print("/* The Ed25519 encodings of small order */")
print(f"static const uint8_t kEdSmall[{len(ED_SMALL)}][32] = {{")
for s in ED_SMALL:
    print("    {" + ", ".join(f"0x{b:02x}" for b in s) + "},")
print("};")
