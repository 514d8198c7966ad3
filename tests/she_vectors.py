#!/usr/bin/env python3
"""tests/she_vectors.py: the SHE test vectors of tests/test_she.c, computed independently of
the code under test (Python's `cryptography` AES; the KDF, M1..M5, CMAC over bit strings and
the PRNG chain written here from ../shared/automotive/she.md). Writes tests/she_vectors.h;
the test suite includes that committed output and never runs this script; `make checks` (so
`make test`) runs it through scripts/check_vectors.sh and fails if the committed header is not
its output. Needs Python 3's `cryptography` (scripts/deps.sh host: python3-cryptography).

    python3 tests/she_vectors.py > tests/she_vectors.h && scripts/check_format.sh --fix

(the tree's formatter then lays the arrays out; the bytes are the script's).
"""
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

UID = bytes(14) + b"\x01"  # WOLFHSM_CFG_SHE_UID (core1_hsm/wolfhsm/wh_server.h)
SECRET = bytes.fromhex("5ec7210b9a446df013882cb57e01d936")  # WOLFHSM_CFG_SHE_SECRET_KEY
ENC_C = bytes.fromhex("010153484500800000000000000000B0")
MAC_C = bytes.fromhex("010253484500800000000000000000B0")
PRNG_KEY_C = bytes.fromhex("010453484500800000000000000000B0")
PRNG_SEED_KEY_C = bytes.fromhex("010553484500800000000000000000B0")
DEBUG_KEY_C = bytes.fromhex("010353484500800000000000000000B0")
WP, BP, DP, KU, WC, VO = 0x20, 0x10, 0x08, 0x04, 0x02, 0x01


def ecb(k, x):
    e = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
    return e.update(x) + e.finalize()


def cbc(k, x, iv=bytes(16)):
    e = Cipher(algorithms.AES(k), modes.CBC(iv)).encryptor()
    return e.update(x) + e.finalize()


def xor(a, b):
    return bytes(i ^ j for i, j in zip(a, b))


def mp(x):
    out = bytes(16)
    for i in range(0, len(x), 16):
        blk = x[i:i + 16]
        out = xor(xor(ecb(out, blk), blk), out)
    return out


def kdf(k, c):
    return mp(k + c)


def dbl(b):
    v = int.from_bytes(b, "big") << 1
    if v >> 128:
        v ^= 0x87
    return (v & ((1 << 128) - 1)).to_bytes(16, "big")


def cmac_bits(k, msg, bits):
    """AES-CMAC (SP 800-38B) of the first `bits` bits of msg."""
    k1 = dbl(ecb(k, bytes(16)))
    k2 = dbl(k1)
    n = max(1, (bits + 127) // 128)
    v = int.from_bytes(msg[: (bits + 7) // 8].ljust(n * 16, b"\0"), "big") >> (n * 128 - bits)
    rest = bits - (n - 1) * 128
    if rest == 128:
        last = xor(((v & ((1 << 128) - 1)).to_bytes(16, "big")), k1)
    else:
        lv = ((v & ((1 << rest) - 1)) << 1 | 1) << (127 - rest)
        last = xor(lv.to_bytes(16, "big"), k2)
    x = bytes(16)
    full = (v >> rest).to_bytes((n - 1) * 16, "big") if n > 1 else b""
    for i in range(0, len(full), 16):
        x = ecb(k, xor(x, full[i:i + 16]))
    return ecb(k, xor(x, last))


def update(uid, tid, auth, kauth, knew, cid, fid, real_uid=UID):
    k1, k2 = kdf(kauth, ENC_C), kdf(kauth, MAC_C)
    k3, k4 = kdf(knew, ENC_C), kdf(knew, MAC_C)
    m1 = uid + bytes([(tid << 4) | auth])
    first = ((cid << 36) | (fid << 30)).to_bytes(8, "big") + bytes(8)
    m2 = cbc(k1, first + knew)
    m3 = cmac_bits(k2, m1 + m2, 48 * 8)
    m4 = real_uid + bytes([(tid << 4) | auth]) + ecb(k3, ((cid << 4) | 8).to_bytes(4, "big") + bytes(12))
    m5 = cmac_bits(k4, m4, 32 * 8)
    return m1, m2, m3, m4, m5


MASTER = bytes(range(16))
EXNEW = bytes(range(15, -1, -1))
KMAC = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")  # RFC 4493's key
KW1 = bytes.fromhex("a1" * 16)
KW2 = bytes.fromhex("b2" * 16)
KWP = bytes.fromhex("c3" * 16)
KBOOT = bytes.fromhex("d4" * 16)
KDBG = bytes.fromhex("e5" * 16)
KSAT = bytes.fromhex("f6" * 16)
KALL = bytes.fromhex("17" * 16)
KRAM = bytes.fromhex("28" * 16)
KPLAIN = bytes.fromhex("39" * 16)
EMPTY = b"\xff" * 16
UID2 = bytes.fromhex("0badcafe0123456789abcdef5a5a5a")  # a provisioned identity
SECRET2 = bytes.fromhex("71c8d2e09a3b4f5061728394a5b6c7d8")

KBOOTMAC = bytes.fromhex("4a" * 8 + "5b" * 8)  # BOOT_MAC_KEY
BOOT_IMG = bytes((7 * i + 3) & 0xFF for i in range(100))


def boot_mac(k, image, size_in_bytes=False):
    """BOOT_MAC = CMAC_k(96 zero bits || image size in bits, 32-bit big-endian || image)
    (size_in_bytes: the classic mistake, for a vector the HSM must not match)."""
    size = len(image) if size_in_bytes else len(image) * 8
    m = bytes(12) + size.to_bytes(4, "big") + image
    return cmac_bits(k, m, len(m) * 8)


MAC100 = boot_mac(KBOOTMAC, BOOT_IMG)
MAC64 = boot_mac(KBOOTMAC, BOOT_IMG[:64])
MAC100_BYTES = boot_mac(KBOOTMAC, BOOT_IMG, size_in_bytes=True)

# name, uid, target, auth, K_auth, K_new, counter, flags
UPDATES = [
    ("master", UID, 1, 1, EMPTY, MASTER, 1, 0),
    ("example", bytes(14) + b"\x01", 4, 1, MASTER, EXNEW, 1, 0),
    ("mac", UID, 5, 1, MASTER, KMAC, 5, KU),
    ("verifyOnly", UID, 6, 1, MASTER, KMAC, 2, KU | VO),
    ("wild1", UID, 7, 1, MASTER, KW1, 1, WC),
    ("wild2", bytes(15), 7, 7, KW1, KW2, 2, WC),
    ("noWild", bytes(15), 5, 1, MASTER, KW2, 6, KU),
    ("badUid", bytes(14) + b"\x02", 5, 1, MASTER, KW2, 9, KU),
    ("wp", UID, 8, 1, MASTER, KWP, 3, WP),
    ("wp2", UID, 8, 1, MASTER, KW1, 4, 0),
    ("boot", UID, 9, 1, MASTER, KBOOT, 1, BP),
    ("dbg", UID, 10, 1, MASTER, KDBG, 1, DP),
    ("sat", UID, 11, 1, MASTER, KSAT, 0xFFFFFFF, 0),
    ("sat2", UID, 11, 1, MASTER, KW1, 0xFFFFFFF, 0),
    ("allFlags", UID, 12, 1, MASTER, KALL, 7, 0x3F),
    ("ram", UID, 14, 4, EXNEW, KRAM, 0, 0),
    ("key2ByKey1", UID, 5, 4, EXNEW, KW2, 7, KU),
    ("macLower", UID, 5, 1, MASTER, KW2, 5, KU),
    ("dbgSelf", UID, 10, 10, KDBG, KW1, 2, DP),
    # Changes between two MAC commands of another client (test_mac_state_changes): KEY_2
    # replaced by a VERIFY_ONLY key, a debugger-protected MAC key in KEY_8
    ("macVo", UID, 5, 1, MASTER, KW2, 8, KU | VO),
    ("dbgMac", UID, 11, 1, MASTER, KMAC, 1, DP | KU),
]

# Secure boot's (a block of their own in the header)
BOOT_UPDATES = [
    ("bootKey", UID, 2, 1, MASTER, KBOOTMAC, 1, 0),
    ("bootMac100", UID, 3, 2, KBOOTMAC, MAC100, 1, 0),
    ("bootMac64", UID, 3, 1, MASTER, MAC64, 1, 0),
    ("bootMacBytes", UID, 3, 2, KBOOTMAC, MAC100_BYTES, 1, 0),
    ("bootMacAgain", UID, 3, 2, KBOOTMAC, MAC100, 2, 0),
    ("bootProtMac", UID, 13, 1, MASTER, KMAC, 1, BP | KU),
]


PF_UPDATES = 24


def pf_key(n):
    return bytes((0x40 + n + 3 * i) & 0xFF for i in range(16))


def carr(name, b):
    body = ", ".join("0x%02x" % x for x in b)
    return "static const uint8_t %s[%d] = {%s};" % (name, len(b), body)


def main():
    out = ["/* Generated by tests/she_vectors.py: do not edit. */",
           "#ifndef SHE_VECTORS_H_", "#define SHE_VECTORS_H_", "#include <stdint.h>", ""]
    for name, uid, tid, auth, ka, kn, c, f in UPDATES:
        ms = update(uid, tid, auth, ka, kn, c, f)
        for i, m in enumerate(ms):
            out.append(carr("v_%s_m%d" % (name, i + 1), m))
    for n, k in [("MASTER", MASTER), ("EXNEW", EXNEW), ("KMAC", KMAC), ("KDBG", KDBG),
                 ("KRAM", KRAM), ("KPLAIN", KPLAIN), ("KW2", KW2)]:
        out.append(carr("v_key_" + n, k))
    # cipher with KEY_1 (EXNEW) and KEY_7 (KDBG, debugger-protected, no debugger attached)
    pt = bytes(range(48))
    iv = bytes(range(100, 116))
    out.append(carr("v_pt", pt))
    out.append(carr("v_iv", iv))
    out.append(carr("v_ecb_key1", ecb(EXNEW, pt)))
    out.append(carr("v_cbc_key1", cbc(EXNEW, pt, iv)))
    out.append(carr("v_ecb_dbg", ecb(KDBG, pt)))
    out.append(carr("v_ecb_ram", ecb(KRAM, pt)))
    # MAC with KEY_2 (KMAC): RFC 4493 examples and bit lengths
    msg = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                        "30c81c46a35ce411")
    out.append(carr("v_msg", msg))
    for bits in (0, 128, 320, 100, 7, 257):
        out.append(carr("v_mac_%d" % bits, cmac_bits(KMAC, msg, bits)))
    out.append(carr("v_mac_kw2_128", cmac_bits(KW2, msg, 128)))
    # GET_ID: CMAC_MASTER(challenge || UID || SREG), SREG 0 and RND_INIT (0x20)
    chal = bytes(range(0xA0, 0xB0))
    out.append(carr("v_challenge", chal))
    out.append(carr("v_getid_mac_sreg0", cmac_bits(MASTER, chal + UID + b"\x00", 32 * 8)))
    out.append(carr("v_getid_mac_sreg20", cmac_bits(MASTER, chal + UID + b"\x20", 32 * 8)))
    # EXPORT_RAM_KEY of KPLAIN: M1..M5 under SECRET_KEY, RAM_KEY authorised by SECRET_KEY
    for i, m in enumerate(update(UID, 14, 0, SECRET, KPLAIN, 0, 0)):
        out.append(carr("v_export_m%d" % (i + 1), m))
    # PRNG: INIT_RNG from a zero stored seed, two RND; INIT_RNG again (the stored seed), one RND
    seed_key, prng_key = kdf(SECRET, PRNG_SEED_KEY_C), kdf(SECRET, PRNG_KEY_C)
    seed = ecb(seed_key, bytes(16))
    r1 = cbc(prng_key, seed)
    r2 = cbc(prng_key, r1)
    seed2 = ecb(seed_key, seed)
    r3 = cbc(prng_key, seed2)
    out.append(carr("v_prng_key", prng_key))
    out.append(carr("v_prng_state0", seed))
    out.append(carr("v_rnd1", r1))
    out.append(carr("v_rnd2", r2))
    out.append(carr("v_rnd3", r3))
    # EXTEND_SEED(E) after that: state and seed = AES-MP(x || E || PRNG_EXTENSION_C); one RND;
    # then INIT_RNG from the extended seed, one RND
    ext_c = bytes.fromhex("80000000000000000000000000000100")
    ent = bytes(range(0x50, 0x60))
    state = mp(r3 + ent + ext_c)
    seed3 = mp(seed2 + ent + ext_c)
    out.append(carr("v_entropy", ent))
    out.append(carr("v_rnd4", cbc(prng_key, state)))
    out.append(carr("v_rnd5", cbc(prng_key, ecb(seed_key, seed3))))
    # DEBUG_CHALLENGE after INIT_RNG from a zero seed: the PRNG chain (c1 = v_rnd1, then
    # c(n+1) = AES-CBC_{PRNG_KEY}(c(n))); DEBUG_AUTHORIZATION's answers
    # CMAC_{KDF(MASTER_ECU_KEY, DEBUG_KEY_C)}(challenge || UID)
    dbg_key = kdf(MASTER, DEBUG_KEY_C)
    c = r1
    for n in range(1, 9):
        out.append(carr("v_chal%d" % n, c))
        out.append(carr("v_dbgresp%d" % n, cmac_bits(dbg_key, c + UID, 31 * 8)))
        c = cbc(prng_key, c)
    # A provisioned identity: MASTER_ECU_KEY's first load, EXPORT_RAM_KEY of KPLAIN, the first
    # RND after INIT_RNG (zero seed) and GET_ID (SREG 0x20) under UID2 / SECRET2
    for i, m in enumerate(update(UID2, 1, 1, EMPTY, MASTER, 1, 0, real_uid=UID2)):
        out.append(carr("v_p_master_m%d" % (i + 1), m))
    for i, m in enumerate(update(UID2, 14, 0, SECRET2, KPLAIN, 0, 0, real_uid=UID2)):
        out.append(carr("v_p_export_m%d" % (i + 1), m))
    seed_key2, prng_key2 = kdf(SECRET2, PRNG_SEED_KEY_C), kdf(SECRET2, PRNG_KEY_C)
    out.append(carr("v_p_rnd1", cbc(prng_key2, ecb(seed_key2, bytes(16)))))
    out.append(carr("v_p_getid_mac", cmac_bits(MASTER, chal + UID2 + b"\x20", 32 * 8)))
    out.append(carr("v_p_uid", UID2))
    out.append(carr("v_p_secret", SECRET2))
    # Power cuts (tests/test_she_powerfail.c): KEY_1 updated by MASTER_ECU_KEY with counters
    # 1..PF_UPDATES; update n (0-based) carries counter n + 1 and key PF_KEY(n); v_pf_ct[n] is
    # AES-ECB_{PF_KEY(n)}(0^128), how the test tells which key the slot holds
    pf = [update(UID, 4, 1, MASTER, pf_key(n), n + 1, 0) for n in range(PF_UPDATES)]
    out.append("#define PF_UPDATES %d" % PF_UPDATES)
    for i, size in ((0, 16), (1, 32), (2, 16)):
        rows = ", ".join("{%s}" % ", ".join("0x%02x" % x for x in u[i]) for u in pf)
        out.append("static const uint8_t v_pf_m%d[PF_UPDATES][%d] = {%s};" % (i + 1, size, rows))
    rows = ", ".join("{%s}" % ", ".join("0x%02x" % x for x in ecb(pf_key(n), bytes(16)))
                     for n in range(PF_UPDATES))
    out.append("static const uint8_t v_pf_ct[PF_UPDATES][16] = {%s};" % rows)
    # Secure boot: the image, its BOOT_MAC over 100 and over its first 64 bytes (size in
    # bits), and the one a size in bytes would give; the slot updates that load them
    out.append("")
    for name, uid, tid, auth, ka, kn, c, f in BOOT_UPDATES:
        ms = update(uid, tid, auth, ka, kn, c, f)
        for i, m in enumerate(ms):
            out.append(carr("v_%s_m%d" % (name, i + 1), m))
    out.append(carr("v_boot_img", BOOT_IMG))
    out.append(carr("v_boot_mac100", MAC100))
    out.append(carr("v_boot_mac64", MAC64))
    out.append(carr("v_boot_mac100_bytes", MAC100_BYTES))
    out += ["", "#endif /* !SHE_VECTORS_H_ */"]
    print("\n".join(out))


# The spec's worked example, checked here too.
_m = update(bytes(14) + b"\x01", 4, 1, MASTER, EXNEW, 1, 0)
assert _m[0].hex() == "00000000000000000000000000000141"
assert _m[1].hex() == "2b111e2d93f486566bcbba1d7f7a9797c94643b050fc5d4d7de14cff682203c3"
assert _m[2].hex() == "b9d745e5ace7d41860bc63c2b9f5bb46"
assert _m[3].hex() == "00000000000000000000000000000141b472e8d8727d70d57295e74849a27917"
assert _m[4].hex() == "820d8d95dc11b4668878160cb2a4e23e"
assert cmac_bits(KMAC, bytes.fromhex("6bc1bee22e409f96e93d7e117393172a"), 128).hex() == \
    "070a16b46b4d4144f79bdd9dd04a287c"
assert cmac_bits(KMAC, b"", 0).hex() == "bb1d6929e95937287fa37d129b756746"
assert MAC100 != MAC100_BYTES

if __name__ == "__main__":
    main()
