#!/usr/bin/env bash
# SHE secure boot of the host image on the target (make test-target, after target_test.sh):
# the product images (the demo on core 0, the HSM firmware on core 1) in a directory of their
# own (build/target/test/secure-boot/: its own NVM file, factory file and BOOT_MAC counter,
# so the user's make run state is left alone), run
#   1. pass-icount:     fresh NVM, the factory file applied, the image as built: the HSM's
#                       verdict PASSED (SREG 0x12), the demo's boot-protected key works and
#                       BOOT_OK ends the boot phase (SREG 0x1a), ALL OK;
#   2. tamper-icount:   the same NVM, one byte of the image flipped after its BOOT_MAC was
#                       computed (make run TAMPER=1's image): FAILED (SREG 0x0a), the sanction
#                       (the boot-protected key refused: ERC_KEY_NOT_AVAILABLE), BOOT_OK a
#                       sequence error, and the run still ends cleanly (ALL OK, exit 0);
#   3. pass-mttcg:      the image as built again, in QEMU's multi-threaded mode: passes again
#                       (the lock lasted until reset only), and the whole demo with it (ALL OK,
#                       exit 0): the one run of the demo in this mode, where the HSM answers
#                       the clients of core 0's shared doorbell in any order;
#   4. no-key-icount:   fresh NVM and no factory file: BOOT_MAC_KEY empty, ERC_NO_SECURE_BOOT
#                       ("not configured"), the run ends cleanly.
# Usage: scripts/target_secure_boot_test.sh <core0_boot.elf> <core0_host.elf> <core1_hsm.elf>
set -uo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: ${0##*/} <core0_boot.elf> <core0_host.elf> <core1_hsm.elf>" >&2
    exit 2
fi
here=$(dirname "$0")
boot=$1 core0=$2
dir=$(dirname "$(realpath "$3")")/test/secure-boot
failures=()
rm -rf "$dir" && mkdir -p "$dir" || exit 1
cp "$3" "$dir/core1_hsm.elf"
python3 "$here/she_boot_provision.py" provision "$core0" "$dir/she_factory.bin" "$dir/counter" &&
    python3 "$here/she_boot_provision.py" tamper "$core0" "$dir/core0_tampered.elf" || exit 1

# run <name> <core0 elf> <QEMU_EXTRA> <fresh NVM 0/1> <whole run 0/1> <expected text>...
# (whole run: exit 0 and ALL OK expected too)
run() {
    local name=$1 image=$2 extra=$3 fresh=$4 whole=$5 log=$dir/$1.log rc t
    shift 5
    echo "== on-target secure boot: $name"
    NVM_FRESH=$fresh QEMU_EXTRA=$extra "$here/qemu_run.sh" "$boot" "$image" "$dir/core1_hsm.elf" 60 \
        >"$log" 2>&1
    rc=$?
    if [[ $whole -eq 1 ]]; then
        [[ $rc -eq 0 ]] || failures+=("$name: exit $rc, expected 0 (see ${log#"$PWD"/})")
        set -- "$@" "core0: ALL OK"
    fi
    for t in "$@"; do
        grep -qF -- "$t" "$log" || failures+=("$name: the console never said '$t'")
    done
    grep -E "core0: boot: secure boot|core0: client 2: SHE" "$log" | cut -c1-160 | sed 's/^/   /'
}

run pass-icount "$core0" "-icount shift=0" 1 1 \
    "core1: factory: 3 of 3 SHE key updates applied" \
    "BOOT_MAC over the image; waited" "PASSED, SREG 0x12; boot-protected keys usable" \
    "boot-protected KEY_10 works, CMAC tag 070a16b46b4d4144... = RFC 4493's" \
    "BOOT_OK ends the boot phase: SREG 0x1a"
run tamper-icount "$dir/core0_tampered.elf" "-icount shift=0" 0 1 \
    "core1: factory: 0 of 3 SHE key updates applied" \
    "'Core0 host image'" "FAILED (BOOT_MAC mismatch), SREG 0x0a" \
    "SANCTION: the boot-protected KEY_10 is refused (ERC_KEY_NOT_AVAILABLE)" \
    "BOOT_OK is refused too (ERC_SEQUENCE_ERROR"
run pass-mttcg "$core0" "" 0 1 "PASSED, SREG 0x12" "BOOT_OK ends the boot phase: SREG 0x1a"
rm -f "$dir/she_factory.bin"
run no-key-icount "$core0" "-icount shift=0" 1 1 "core1: factory: no" \
    "not configured (BOOT_MAC_KEY empty: ERC_NO_SECURE_BOOT), SREG 0x00" \
    "SHE secure boot NOT DONE (no BOOT_MAC_KEY) (SREG 0x00)"

if [[ ${#failures[@]} -ne 0 ]]; then
    printf '   FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "   all 4 secure boot runs behaved as expected (logs in ${dir#"$PWD"/})"
