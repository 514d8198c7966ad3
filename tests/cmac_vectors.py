#!/usr/bin/env python3
"""AES-CMAC vectors of RFC 4493 (AES-128) and NIST SP 800-38B appendix D (AES-256), recomputed
with Python's `cryptography`: the tags tests/test_client_crypto.c expects from the MAC fast
path (test_mac_vectors). Prints them as C arrays."""
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.cmac import CMAC

MSG = bytes.fromhex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
KEYS = {
    "128": "2b7e151628aed2a6abf7158809cf4f3c",
    "256": "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
}


def c_bytes(b):
    return "{" + ", ".join("0x%02x" % x for x in b) + "}"


for name, key in KEYS.items():
    for n in (0, 16, 40, 64):
        mac = CMAC(algorithms.AES(bytes.fromhex(key)))
        mac.update(MSG[:n])
        print("AES-%s, %2d bytes: %s" % (name, n, c_bytes(mac.finalize())))
