#!/usr/bin/env python3
"""scripts/she_boot_provision.py: SHE secure boot for `make run` on QEMU, computed by the build
independently of the HSM's code (the crypto of tests/she_vectors.py: Python's `cryptography`).

    she_boot_provision.py provision <core0_host.elf> <she_factory.bin> <counter file> [UID]
    she_boot_provision.py tamper <core0_host.elf> <tampered.elf>

provision: the host image is [0x0001_0000, end) of the ELF's loaded bytes at their load
addresses, `end` read from the image header that follows its 64 vectors (mps2_board.h, which
the linker fills from __host_image_end); it must also be where the loaded bytes end. Its
BOOT_MAC = CMAC_{BOOT_MAC_KEY}(96 zero bits || size in bits, 32-bit big-endian || image). The
factory file, which the HSM firmware applies at boot through LOAD_KEY (core1_main.c), holds
"SHEF" and three SHE key updates (M1 || M2 || M3) for the device's UID (the development UID of
tests/she_vectors.py, or UID, 30 hex digits: the one a factory NVM image provisions, for
`make run PROVISION=file`; see the README's "Provisioning: whprov"):
  1. BOOT_MAC_KEY (slot 2) = DEV_BOOT_MAC_KEY, authorised by itself while empty, counter 1;
  2. BOOT_MAC (slot 3) = the image's BOOT_MAC, authorised by BOOT_MAC_KEY, counter N: one
     more than the last one this build wrote (the counter file), so a rebuilt image's
     reference replaces the old one and a replay of an older one is refused;
  3. KEY_10 (slot 13) = RFC 4493's key, BOOT_PROTECTION | KEY_USAGE (a MAC key usable only
     after a passing secure boot), authorised by itself while empty, counter 1: the demo's.
The keys are development keys, like the HSM's default UID and SECRET_KEY: a production ECU's
come from the OEM's key server.

tamper: a copy of the ELF with one byte of the image flipped (the first letter of the image
header's name), for `make run TAMPER=1`: BOOT_MAC no longer matches.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from she_vectors import UID, BP, KU, KMAC, boot_mac, update  # noqa: E402

DEV_BOOT_MAC_KEY = bytes.fromhex("b007b007b007b007b007b007b007b007")
EMPTY = b"\xff" * 16  # an empty slot authorising its own first update (wh_server_she.c)
CODE_BASE = 0x00010000
CODE_END = CODE_BASE + 0x1F0000
HEADER = CODE_BASE + 4 * 64
MAGIC = 0x474D4948
NAME_OFF = 8  # mps2HostImageHeader.name


def segments(elf):
    """(load address, file offset, bytes) of each PT_LOAD segment with file bytes."""
    assert elf[:4] == b"\x7fELF" and elf[4] == 1 and elf[5] == 1, "a 32-bit little-endian ELF"
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    out = []
    for i in range(phnum):
        ptype, off, _vaddr, paddr, filesz = struct.unpack_from("<IIIII", elf, phoff + i * phentsize)
        if ptype == 1 and filesz > 0:
            out.append((paddr, off, elf[off:off + filesz]))
    return out


def host_image(elf):
    segs = [s for s in segments(elf) if CODE_BASE <= s[0] < CODE_END]
    end = max(a + len(b) for a, _, b in segs)
    image = bytearray(end - CODE_BASE)
    for a, _, b in segs:
        image[a - CODE_BASE:a - CODE_BASE + len(b)] = b
    magic, hend = struct.unpack_from("<II", image, HEADER - CODE_BASE)
    if magic != MAGIC or hend != end:
        sys.exit("she_boot_provision: the image header says end 0x%08x (magic 0x%08x), the "
                 "loaded bytes end at 0x%08x" % (hend, magic, end))
    return bytes(image)


def provision(elf_path, out_path, counter_path, uid_hex=None):
    uid = UID if uid_hex is None else bytes.fromhex(uid_hex)
    if len(uid) != 15:
        sys.exit("she_boot_provision: a UID is 15 bytes (30 hex digits)")
    image = host_image(open(elf_path, "rb").read())
    try:
        counter = int(open(counter_path).read().strip()) + 1
    except (OSError, ValueError):
        counter = 1
    if counter > 0xFFFFFFF:
        sys.exit("she_boot_provision: BOOT_MAC's 28-bit counter is spent: make clean")
    mac = boot_mac(DEV_BOOT_MAC_KEY, image)
    recs = [
        update(uid, 2, 2, EMPTY, DEV_BOOT_MAC_KEY, 1, 0, real_uid=uid),
        update(uid, 3, 2, DEV_BOOT_MAC_KEY, mac, counter, 0, real_uid=uid),
        update(uid, 13, 13, EMPTY, KMAC, 1, BP | KU, real_uid=uid),
    ]
    with open(out_path, "wb") as f:
        f.write(b"SHEF" + b"".join(m1 + m2 + m3 for m1, m2, m3, _, _ in recs))
    with open(counter_path, "w") as f:
        f.write("%d\n" % counter)
    print("  SHE     BOOT_MAC of the host image (%u bytes at 0x%08x): %s, counter %u -> %s"
          % (len(image), CODE_BASE, mac.hex(), counter, os.path.basename(out_path)))


def tamper(elf_path, out_path):
    elf = bytearray(open(elf_path, "rb").read())
    host_image(bytes(elf))  # the header is there
    for a, off, b in segments(bytes(elf)):
        if a <= HEADER + NAME_OFF < a + len(b):
            pos = off + HEADER + NAME_OFF - a
            elf[pos] ^= 0x20
            print("  TAMPER  0x%08x (the image name's first letter) flipped: '%c' -> '%c' in %s"
                  % (HEADER + NAME_OFF, elf[pos] ^ 0x20, elf[pos], os.path.basename(out_path)))
            open(out_path, "wb").write(elf)
            return
    sys.exit("she_boot_provision: no loaded byte at the image header")


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "provision":
        provision(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "tamper":
        tamper(*sys.argv[2:])
    else:
        sys.exit(__doc__)
