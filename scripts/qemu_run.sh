#!/usr/bin/env bash
# Boot both cores of QEMU's mps2-an521: core 0's Secure boot stage on CPU0 (-kernel, at the
# reset vector 0x1000_0000), the Non-secure host application it enters (-device loader, at
# its Non-secure addresses; no cpu-num: the boot stage starts it), core1_hsm loaded for CPU1
# (-device loader; CPU1 stays held until the boot stage releases it). No QEMU option opens
# anything: the MHUs stay Secure (the host rings through the boot stage). UART0 (core 0),
# UART1 (core 1) and semihosting output share one console on stdout. Exit status: the
# firmware's semihosting exit code; 124 if the run hit the timeout (a hung guest never
# exits). Command lines verified in ../shared/targets/mps2-an521.md and trustzone-an521.md.
#
# QEMU runs in the directory of core1.elf (build/target/): the HSM's semihosting file I/O
# loads its NVM image there and writes every change through (hsm_nvm.bin). NVM_FRESH=1 deletes that file
# first, so the HSM starts from an empty (erased) NVM.
#
# Usage: scripts/qemu_run.sh <boot.elf> <core0.elf> <core1.elf> [timeout-seconds] (default 30)
#        QEMU_EXTRA="-icount shift=0" scripts/qemu_run.sh ...           (extra QEMU options)
#        NVM_FRESH=1 scripts/qemu_run.sh ...                             (empty NVM)
#        QEMU_SEMIHOST_ARGS="prog mode" scripts/qemu_run.sh ...         (the firmware's
#                                             semihosting command line, SYS_GET_CMDLINE)
set -uo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: ${0##*/} <boot.elf> <core0.elf> <core1.elf> [timeout-seconds]" >&2
    exit 2
fi
boot=$(realpath "$1")
core0=$(realpath "$2")
core1=$(realpath "$3")
limit=${4:-30}
rundir=$(dirname "$core1")
nvm_file=$rundir/hsm_nvm.bin

if [[ ${NVM_FRESH:-0} == 1 ]]; then
    rm -f "$nvm_file"
    echo "qemu_run: NVM_FRESH=1: removed ${nvm_file}; the HSM starts from empty NVM"
fi

semihost_args=
for a in ${QEMU_SEMIHOST_ARGS:-}; do
    semihost_args+=",arg=$a"
done

command -v qemu-system-arm >/dev/null 2>&1 || "$(dirname "$0")/deps.sh" target || exit 1

# shellcheck disable=SC2086  # QEMU_EXTRA is a list of options
(cd "$rundir" && exec timeout -k 5 "$limit" qemu-system-arm -machine mps2-an521 -display none -monitor none \
    -kernel "$boot" \
    -device loader,file="$core0" \
    -device loader,file="$core1",cpu-num=1 \
    -chardev stdio,id=con,mux=on -serial chardev:con -serial chardev:con \
    -semihosting-config "enable=on,target=native,chardev=con$semihost_args" \
    ${QEMU_EXTRA:-} </dev/null)
rc=$?
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    echo "qemu_run: TIMEOUT after ${limit}s (a core hung; exit $rc)" >&2
else
    echo "qemu_run: exit code $rc"
fi
exit $rc
