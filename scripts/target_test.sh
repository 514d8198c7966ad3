#!/usr/bin/env bash
# The on-target tests in QEMU (make test-target): core 0's Secure boot stage with both
# images of the test build (the host test image Non-secure), run
#   1. in QEMU's default multi-threaded mode: the client suites (the cores really race),
#   2. under -icount shift=0: the same suites, deterministic,
#   3. fault-core1: the HSM core faults        -> exit 4 and "core1: FATAL" on the console,
#   4. hang-core1:  the HSM serving loop hangs -> exit 4 and "core1: watchdog",
#   5. fault-core0: the host core faults (an undefined instruction, Non-secure) -> the boot
#                   stage reports it: exit 3 and "core0: FATAL HardFault",
# A suite run passes when QEMU exits 0 and the image printed "N passed, 0 failed".
# Logs: <dir of core0.elf>/<run>.log. Exit status 0 when all five behaved.
#
# Usage: scripts/target_test.sh <core0_boot.elf> <core0_test.elf> <core1_test.elf>
#        QEMU_TIMEOUT=seconds (default 300 for a suite run)
set -uo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: ${0##*/} <core0_boot.elf> <core0_test.elf> <core1_test.elf>" >&2
    exit 2
fi
here=$(dirname "$0")
boot=$1 core0=$2 core1=$3
logdir=$(dirname "$(realpath "$core0")")
limit=${QEMU_TIMEOUT:-300}
failures=()

# run <name> <timeout> <expected exit> <expected console text> [QEMU_EXTRA] [mode]
run() {
    local name=$1 secs=$2 want_rc=$3 want_text=$4 extra=${5:-} mode=${6:-}
    local log=$logdir/$name.log rc
    echo "== on-target: $name${mode:+ ($mode)}${extra:+ [$extra]}"
    QEMU_EXTRA=$extra QEMU_SEMIHOST_ARGS=${mode:+core0_test $mode} \
        "$here/qemu_run.sh" "$boot" "$core0" "$core1" "$secs" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    if [[ $rc -ne $want_rc ]]; then
        failures+=("$name: exit $rc, expected $want_rc")
    elif ! grep -qF -- "$want_text" "$log"; then
        failures+=("$name: the console never said '$want_text'")
    fi
}

run suites-mttcg "$limit" 0 " passed, 0 failed"
run suites-icount "$limit" 0 " passed, 0 failed" "-icount shift=0"
run fault-core1 60 4 "core1: FATAL HardFault" "" fault-core1
run hang-core1 60 4 "core1: watchdog" "" hang-core1
run fault-core0 60 3 "core0: FATAL HardFault" "" fault-core0

echo "== on-target summary:"
grep -h " passed, .* failed" "$logdir"/suites-*.log | sed 's/^/   /'
if [[ ${#failures[@]} -ne 0 ]]; then
    printf '   FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "   all 5 on-target runs behaved as expected (logs in ${logdir#"$PWD"/})"
