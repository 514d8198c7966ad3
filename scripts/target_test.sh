#!/usr/bin/env bash
# The on-target tests in QEMU (make test-target): core 0's Secure boot stage with both
# images of the test build (the host test image Non-secure), run
#   1. in QEMU's default multi-threaded mode: the client suites (the cores really race),
#   2. under -icount shift=0: the same suites, deterministic,
#   2b. restart-core1, in both modes: core 1 restarted 140 times at pseudo-random moments
#      (as its watchdog restarts it in the product firmware) while three clients stream
#      counter increments, NVM adds and destroys and key commits with retries, then SHE
#      LOAD_KEY retried around a restart (tests/target/wh_target_restart.c): exit 0 and
#      "no client hung: passed",
#   3. fault-core1: the HSM core faults        -> exit 4 and "core1: FATAL" on the console,
#   4. hang-core1:  the HSM serving loop hangs -> exit 4 and "core1: watchdog" (the test
#                   firmware keeps its watchdog fatal for this run),
#   5. fault-core0: the host core faults (an undefined instruction, Non-secure) -> the boot
#                   stage reports it: exit 3 and "core0: FATAL HardFault",
#   6. the isolation probes (tests/target/wh_target_probe.c), one QEMU run each, in both
#      modes: an access of the Non-secure host to the HSM's RAM (a key cache entry holding a
#      key, the NVM image, the stack; read and write, both aliases), its code, the boot
#      stage, an MPC, the security controller, the SAU, CPUWAIT, SWRESET, AIRCR, the HSM's
#      UART and timer, the MHU, the DMA controller. Each must end with the fault listed below
#      (exit 3, "core0: FATAL <fault>", reported by the boot stage) or, where the hardware
#      answers without one, show that it had no effect (exit 0, "no effect"); in every run the
#      system boots once (no reset) and nothing the host wrote to the HSM's UART appears.
# A suite run passes when QEMU exits 0 and the image printed "N passed, 0 failed".
# Logs: <dir of core0.elf>/<run>.log, the probes' in probes/<mode>/<probe>.log. Exit status 0
# when all behaved.
#
# SUITES_ONLY=1 runs 1., 2. and 2b. only (the TARGET_SLICES build's run in make test).
#
# Usage: scripts/target_test.sh <core0_boot.elf> <core0_test.elf> <core1_test.elf>
#        QEMU_TIMEOUT=seconds (default 600 for a suite run: the -icount run takes some 190 s
#        on an idle machine of two cores, twice that while other builds load it)
set -uo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: ${0##*/} <core0_boot.elf> <core0_test.elf> <core1_test.elf>" >&2
    exit 2
fi
here=$(dirname "$0")
boot=$1 core0=$2 core1=$3
logdir=$(dirname "$(realpath "$core0")")
limit=${QEMU_TIMEOUT:-600}
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

# The isolation probes and what each must meet: the fault the boot stage reports, or
# "no effect" where the hardware answers without a fault (QEMU's board-level PPCs read as
# zero and drop writes; the SAU and AIRCR's Secure bits are read-as-zero/write-ignored for
# Non-secure code). SecureFault: the address is a Secure alias (the IDAU); BusFault: a
# Non-secure alias the MPC or the SSE's PPC refuses, or where nothing is mapped.
probes=(
    key-read-s:SecureFault key-read-ns:BusFault key-write-s:SecureFault key-write-ns:BusFault
    nvm-read-s:SecureFault nvm-read-ns:BusFault nvm-write-s:SecureFault nvm-write-ns:BusFault
    stack-read-s:SecureFault stack-read-ns:BusFault stack-write-s:SecureFault
    stack-write-ns:BusFault code-read-s:SecureFault code-read-ns:BusFault
    code-write-ns:BusFault boot-read-s:SecureFault boot-read-ns:BusFault
    boot-call:SecureFault mpc-s:SecureFault mpc-ns:BusFault mpc-lut-s:SecureFault
    secctl-s:SecureFault secctl-timer-s:SecureFault cpuwait-s:SecureFault
    cpuwait-ns:BusFault swreset-s:SecureFault swreset-ns:BusFault uart1-s:SecureFault
    timer1-s:SecureFault timer1-ns:BusFault mhu-s:SecureFault mhu-ns:BusFault
    uart1-ns:none dma-ns:none sau:none aircr:none
)

# probe <name> <expected> <mode name> [QEMU_EXTRA]: one run; one summary line.
probe() {
    local name=$1 want=$2 mode=$3 extra=${4:-}
    local dir=$logdir/probes/$mode log rc boots what got
    mkdir -p "$dir"
    log=$dir/$name.log
    QEMU_EXTRA=$extra QEMU_SEMIHOST_ARGS="core0_test probe $name" \
        "$here/qemu_run.sh" "$boot" "$core0" "$core1" 30 >"$log" 2>&1
    rc=$?
    boots=$(grep -c "core0: boot: Secure boot stage" "$log")
    what=$(grep -o "core0: probe $name: .*: expecting" "$log" | head -1 |
           sed -e "s/^core0: probe $name: //" -e 's/: expecting$//')
    if [[ $want == none ]]; then
        got=$(grep -o "core0: probe $name: no effect" "$log" >/dev/null && echo "no effect")
        [[ $rc -eq 0 && -n $got ]] || failures+=("probe $name [$mode]: exit $rc, expected 0 and no effect")
    else
        got=$(grep -o "core0: FATAL [A-Za-z]*" "$log" | head -1 | sed 's/^core0: FATAL //')
        [[ $rc -eq 3 && $got == "$want" ]] ||
            failures+=("probe $name [$mode]: exit $rc, '${got:-no fault}', expected 3 and $want")
        got="$got ($(grep -o "SFSR\.[A-Z]*\|CFSR\.[A-Z]*\|CFSR (Non-secure)\.[A-Z]*" "$log" |
                     head -1 | sed 's/ (Non-secure)//'))"
    fi
    [[ $boots -eq 1 ]] || failures+=("probe $name [$mode]: the system booted $boots times")
    ! grep -q "UART1-WRITE-REACHED\|ISOLATION BROKEN" "$log" ||
        failures+=("probe $name [$mode]: the access went through (see ${log#"$PWD"/})")
    printf '   %-15s %-7s %-26s %s\n' "$name" "$mode" "${got:-?}" "$what"
}

run suites-mttcg "$limit" 0 " passed, 0 failed"
run suites-icount "$limit" 0 " passed, 0 failed" "-icount shift=0"
run restart-mttcg 300 0 "no client hung: passed" "" restart-core1
run restart-icount 300 0 "no client hung: passed" "-icount shift=0" restart-core1
if [[ ${SUITES_ONLY:-0} == 1 ]]; then
    echo "== on-target summary:"
    grep -h " passed, .* failed\|restart-core1: [0-9]* restarts" "$logdir"/suites-*.log \
        "$logdir"/restart-*.log | sed 's/^/   /'
    if [[ ${#failures[@]} -ne 0 ]]; then
        printf '   FAILED: %s\n' "${failures[@]}"
        exit 1
    fi
    echo "   both suite runs passed (logs in ${logdir#"$PWD"/})"
    exit 0
fi
run fault-core1 60 4 "core1: FATAL HardFault" "" fault-core1
run hang-core1 60 4 "core1: watchdog" "" hang-core1
run fault-core0 60 3 "core0: FATAL HardFault" "" fault-core0

# Every probe the image has is in the table above.
echo "== on-target: isolation probes (the host Non-secure; one QEMU run each, both modes)"
listed=$(QEMU_SEMIHOST_ARGS="core0_test probes" "$here/qemu_run.sh" "$boot" "$core0" "$core1" 30 \
         2>&1 | grep -o "core0: probes:.*" | sed 's/^core0: probes://')
for n in $listed; do
    [[ " ${probes[*]} " == *" $n:"* ]] || failures+=("probe $n: in the image, not in ${0##*/}")
done
[[ -n $listed ]] || failures+=("the test image listed no probes")
printf '   %-15s %-7s %-26s %s\n' probe mode result "what the host tried"
for mode in mttcg icount; do
    extra=$([[ $mode == icount ]] && echo "-icount shift=0")
    for p in "${probes[@]}"; do
        probe "${p%%:*}" "${p#*:}" "$mode" "$extra"
    done
done

echo "== on-target summary:"
grep -h " passed, .* failed\|restart-core1: [0-9]* restarts" "$logdir"/suites-*.log \
    "$logdir"/restart-*.log | sed 's/^/   /'
echo "   isolation: ${#probes[@]} probes in each mode (SecureFault / BusFault: the boot stage's fault report; none: no effect)"
if [[ ${#failures[@]} -ne 0 ]]; then
    printf '   FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "   all 7 on-target runs and $((2 * ${#probes[@]})) probe runs behaved as expected (logs in ${logdir#"$PWD"/})"
