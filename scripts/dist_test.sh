#!/usr/bin/env bash
# make test-dist: the example consumers of tests/dist/ built against dist/ only (after make
# dist), in a scratch copy outside the tree:
#   - tests/dist/ecu (Makefile): both images of the example ECU for Cortex-M4F, Cortex-M7 and
#     Cortex-M33 link (they are not run), with the board's port functions of board_port.c;
#   - tests/dist/cmake (CMake): the host consumer builds and runs (client and server in one
#     process: connect, echo, key cache, AES-CMAC against RFC 4493);
#   - no compile or link command names a path of the source tree other than dist/ (as
#     install_test.sh checks pkg-config's flags);
#   - a consumer compiling for another float ABI than its libraries' is stopped by
#     wh_build_config.h.
# Prints the linked images' sizes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dist=$top/dist
tmp=$(mktemp -d /tmp/whdist.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cp -r "$top/tests/dist/ecu" "$top/tests/dist/cmake" "$tmp/"

# Every path into the tree in a build log must be under dist/.
only_dist() {   # only_dist LOG WHAT
    local bad
    bad=$(grep -o "$top[^ ]*" "$1" | grep -v "^$dist/" || true)
    if [[ -n $bad ]]; then
        echo "dist_test: $2 uses the source tree, not dist/ only:" >&2
        echo "$bad" | sort -u | head >&2
        exit 1
    fi
}

for cpu in cortex-m4f cortex-m7 cortex-m33; do
    make -C "$tmp/ecu" --no-print-directory DIST="$dist" CPU="$cpu" OUT="$tmp/ecu/out/$cpu" \
        >"$tmp/ecu-$cpu.log" 2>&1 || { cat "$tmp/ecu-$cpu.log" >&2; exit 1; }
    only_dist "$tmp/ecu-$cpu.log" "the ECU project ($cpu)"
done

cmake -S "$tmp/cmake" -B "$tmp/cmake/build" -DWOLFHSM_DIST="$dist" \
    -DCMAKE_VERBOSE_MAKEFILE=ON >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$tmp/cmake/build" >>"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; exit 1; }
only_dist "$tmp/cmake.log" "the CMake project"
grep -q -- "-include $dist/host/core1/include/wh_build_config.h" "$tmp/cmake.log" || {
    echo "dist_test: the CMake project did not compile with dist's configuration header" >&2
    exit 1
}
"$tmp/cmake/build/consumer"

# The configuration header refuses a consumer built for another ABI (soft float against the
# Cortex-M4F's hard-float libraries).
echo '#include "wolfhsm/wh_client.h"' >"$tmp/abi.c"
if arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -include wh_build_config.h \
    -I"$dist/cortex-m4f/core0/include" -I"$dist/cortex-m4f/include" -c "$tmp/abi.c" \
    -o "$tmp/abi.o" 2>"$tmp/abi.log"; then
    echo "dist_test: a soft-float build against the Cortex-M4F libraries was not refused" >&2
    exit 1
fi
grep -q "built for cortex-m4f" "$tmp/abi.log" || { cat "$tmp/abi.log" >&2; exit 1; }

echo "dist_test: linked images of the example ECU (tests/dist/ecu; bss holds the HSM's 64 KiB" \
     "flash stand-in and the mailbox):"
printf '  %-12s %-14s %8s %6s %7s\n' cpu image text data bss
for cpu in cortex-m4f cortex-m7 cortex-m33; do
    for img in ecu_host ecu_hsm; do
        read -r text data bss _ < <(arm-none-eabi-size "$tmp/ecu/out/$cpu/$img.elf" | tail -n 1)
        printf '  %-12s %-14s %8s %6s %7s\n' "$cpu" "$img.elf" "$text" "$data" "$bss"
    done
done
echo "dist_test: the example consumers build against dist/ only: the ECU images link for" \
     "Cortex-M4F, Cortex-M7 and Cortex-M33, the CMake host consumer runs"
