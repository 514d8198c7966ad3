#!/usr/bin/env bash
# What settings cost on a Cortex-M: for each row below, the Cortex-M33 libraries of make dist
# rebuilt with that change (in a scratch dist/ and build folder) and both images of the
# example ECU (tests/dist/ecu) linked on them; prints their text, data and bss next to the
# default configuration's. Figures for PORTING.md ("What the settings cost"); not part of
# make test (some 10 s a row on two cores, after make dist).
#
# Usage: scripts/dist_cost.sh [CPU]     (default cortex-m33: its wolfCrypt is the target's)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cpu=${1:-cortex-m33}
tmp=$(mktemp -d /tmp/whcost.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -r "$top/tests/dist/ecu" "$tmp/"

# name | flags dropped | flags added (both cores; wire settings must agree)
rows=(
    "default (make dist)||"
    "THREADSAFE off (HSM)|-DWOLFHSM_CFG_THREADSAFE|"
    "GLOBAL_KEYS off|-DWOLFHSM_CFG_GLOBAL_KEYS|"
    "SERVER_MAC_PREPARED=4|-DWOLFHSM_CFG_SERVER_MAC_PREPARED=1|-DWOLFHSM_CFG_SERVER_MAC_PREPARED=4"
    "SERVER_KEYCACHE_COUNT=16||-DWOLFHSM_CFG_SERVER_KEYCACHE_COUNT=16"
    "GLOBAL_KEYCACHE_COUNT=16||-DWOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT=16"
    "KEYCACHE_BUFSIZE=256||-DWOLFHSM_CFG_KEYCACHE_BUFSIZE=256"
    "NVM_OBJECT_COUNT=32||-DWOLFHSM_CFG_NVM_OBJECT_COUNT=32"
    "COMM_DATA_LEN=1024||-DWOLFHSM_CFG_COMM_DATA_LEN=1024"
    "TRANSPORT_MEM_ONLY, DOORBELL_HOOKS off|-DWOLFHSM_CFG_TRANSPORT_MEM_ONLY -DWOLFHSM_CFG_DOORBELL_HOOKS|"
)

printf '%-40s %-13s %8s %6s %7s\n' setting image text data bss
for row in "${rows[@]}"; do
    IFS='|' read -r name drop add <<<"$row"
    rm -rf "$tmp/dist" "$tmp/build" "$tmp/ecu/out"
    make -s -C "$top" --no-print-directory -j2 "dist-$cpu" DIST="$tmp/dist" \
        DIST_BUILD="$tmp/build" DIST_CFG_DROP="$drop" DIST_CFG_ADD="$add" >/dev/null
    make -s -C "$tmp/ecu" --no-print-directory DIST="$tmp/dist" CPU="$cpu" OUT="$tmp/ecu/out" \
        >/dev/null
    for img in ecu_host ecu_hsm; do
        read -r text data bss _ < <(arm-none-eabi-size "$tmp/ecu/out/$img.elf" | tail -n 1)
        printf '%-40s %-13s %8s %6s %7s\n' "$name" "$img" "$text" "$data" "$bss"
    done
done
