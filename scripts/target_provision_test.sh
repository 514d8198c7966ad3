#!/usr/bin/env bash
# The HSM firmware on a factory NVM image (make test-target, after the secure boot runs;
# README, "Provisioning: whprov"): the product images in a directory of their own
# (build/target/test/provision/: its own NVM file, factory file and BOOT_MAC counter), run
#   1. provisioned: the HSM's flash is whprov's image of tests/whprov_sample.prov and the
#      secure boot factory updates are made for its UID (as make run PROVISION= does): the HSM
#      mounts it, applies the 3 updates (their M1..M3 name the provisioned UID: the HSM read
#      the identity), secure boot PASSES, ALL OK; afterwards `whprov dump` finds the image
#      intact and every provisioned object there, next to what the run added;
#   2. corrupt: the same image with one byte of an object's data flipped: the HSM refuses it
#      (NVM init: WH_ERROR_CORRUPT, -2043; QEMU exits 4, MPS2_EXIT_FAULT_CORE1) and the
#      flash file is byte for byte what it was.
# Usage: scripts/target_provision_test.sh <core0_boot.elf> <core0_host.elf> <core1_hsm.elf> <whprov>
set -uo pipefail

if [[ $# -ne 4 ]]; then
    echo "usage: ${0##*/} <core0_boot.elf> <core0_host.elf> <core1_hsm.elf> <whprov>" >&2
    exit 2
fi
here=$(dirname "$0")
boot=$1 core0=$2 whprov=$4
prov=$(realpath "$here/../tests/whprov_sample.prov")
uid=$(sed -n 's/^she-identity.*uid=\([0-9a-f]*\).*/\1/p' "$prov")
dir=$(dirname "$(realpath "$3")")/test/provision
failures=()
rm -rf "$dir" && mkdir -p "$dir" || exit 1
cp "$3" "$dir/core1_hsm.elf"
python3 "$here/she_boot_provision.py" provision "$core0" "$dir/she_factory.bin" "$dir/counter" \
    "$uid" >/dev/null && "$whprov" build "$prov" "$dir/factory.bin" >/dev/null || exit 1

# run <name> <exit code expected> <expected text>...
run() {
    local name=$1 want=$2 log=$dir/$1.log rc t
    shift 2
    echo "== on-target provisioning: $name"
    NVM_FRESH=0 QEMU_EXTRA="-icount shift=0" "$here/qemu_run.sh" "$boot" "$core0" \
        "$dir/core1_hsm.elf" 60 >"$log" 2>&1
    rc=$?
    [[ $rc -eq $want ]] || failures+=("$name: exit $rc, expected $want (see $log)")
    for t in "$@"; do
        grep -qF -- "$t" "$log" || failures+=("$name: the console never said '$t'")
    done
    grep -E "core1: factory: [0-9]|core0: boot: secure boot|core1: NVM" "$log" | cut -c1-160 |
        sed 's/^/   /'
}

cp "$dir/factory.bin" "$dir/hsm_nvm.bin"
run provisioned 0 "core1: factory: 3 of 3 SHE key updates applied" \
    "PASSED, SREG 0x12; boot-protected keys usable" "core0: ALL OK"
"$whprov" dump "$dir/hsm_nvm.bin" >"$dir/dump.txt" 2>&1 ||
    failures+=("provisioned: whprov dump of the HSM's NVM after the run failed")
for t in "intact: yes" "uid=$uid" "kind=monotonic value=1000" "label=\"fleet cmac\"" \
         "owner=client:2 type=secret len=32" "label=\"calibration\"" "slot=master_ecu_key counter=1" \
         "slot=key_1 counter=5" "slot=boot_mac_key counter=1"; do
    grep -qF -- "$t" "$dir/dump.txt" || failures+=("provisioned: the dump after the run lacks '$t'")
done

# one byte of the VIN object's data flipped
cp "$dir/factory.bin" "$dir/corrupt.bin"
off=$(grep -obUaF "WVWZZZ1JZXW000001" "$dir/corrupt.bin" | head -n 1 | cut -d: -f1)
printf 'X' | dd of="$dir/corrupt.bin" bs=1 seek=$((off + 3)) conv=notrunc status=none
cp "$dir/corrupt.bin" "$dir/hsm_nvm.bin"
run corrupt 4 "core1: NVM or server init" "error -2043"
cmp -s "$dir/corrupt.bin" "$dir/hsm_nvm.bin" ||
    failures+=("corrupt: the HSM changed the flash file of a corrupt image")

if [[ ${#failures[@]} -ne 0 ]]; then
    printf '   FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "   the HSM mounted the factory image and refused the corrupt one, unchanged" \
     "(logs in ${dir#"$PWD"/})"
