#!/usr/bin/env bash
# Check, and install when missing, the Debian packages a build profile needs.
#
# Usage: scripts/deps.sh [host|m32|target|dist|fuzz|all]...   (default: host)
#   host    gcc, make, CMocka, valgrind, dpkg-source (to unpack wolfSSL's source package),
#           clang-format (make test checks the layout), Python 3 with `cryptography` (the
#           test vector scripts, tests/*_vectors.py; make test checks the committed headers
#           are their output)
#   m32     gcc-multilib: 32-bit host builds (gcc -m32)
#   target  ARM GNU toolchain, newlib, QEMU for the Cortex-M33 firmware, Python's cryptography
#           (the build computes the host image's BOOT_MAC, scripts/she_boot_provision.py)
#   dist    the target's packages and CMake (make dist, make test-dist: the example consumers
#           under tests/dist/, one of them a CMake project)
#   fuzz    clang with its libFuzzer and sanitizer runtimes (make fuzz), llvm-symbolizer for
#           readable crash reports
#   all     all of the above
#
# Prints nothing and exits 0 when everything is present. As root it installs the missing
# packages with apt-get; otherwise it exits 1 naming the packages and the command to run.
# It never changes the system's apt configuration.
set -euo pipefail

prog=${0##*/}

usage() {
    echo "usage: $prog [host|m32|target|dist|fuzz|all]..." >&2
    exit 2
}

missing=()   # packages to install, in order, without duplicates

need() {     # need <package>: queue a package unless already queued
    local p
    for p in "${missing[@]}"; do [[ $p == "$1" ]] && return 0; done
    missing+=("$1")
}

have_cmd() { command -v "$1" >/dev/null 2>&1; }

# gcc -m32 must compile *and link* (the libc6-dev-i386 part of gcc-multilib).
m32_links() {
    have_cmd gcc || return 1
    local out rc
    out=$(mktemp)
    echo 'int main(void) { return 0; }' | gcc -m32 -x c - -o "$out" >/dev/null 2>&1 && rc=0 || rc=1
    rm -f "$out"
    return $rc
}

# clang -fsanitize=fuzzer,address,undefined must compile *and link* (the runtimes are in
# libclang-rt-<version>-dev, only recommended by clang: --no-install-recommends leaves it out).
fuzzer_links() {
    have_cmd clang || return 1
    local out rc
    out=$(mktemp)
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) { (void)d; (void)n; return 0; }' |
        clang -fsanitize=fuzzer,address,undefined -x c - -o "$out" >/dev/null 2>&1 && rc=0 || rc=1
    rm -f "$out"
    return $rc
}

check_host() {
    have_cmd gcc                 || need gcc
    have_cmd make                || need make
    [[ -f /usr/include/cmocka.h ]] || need libcmocka-dev
    have_cmd valgrind            || need valgrind
    have_cmd dpkg-source         || need dpkg-dev
    have_cmd clang-format        || need clang-format
    have_cmd python3             || need python3
    python3 -c 'import cryptography' >/dev/null 2>&1 || need python3-cryptography
}

check_m32() {
    m32_links || need gcc-multilib
}

check_target() {
    have_cmd arm-none-eabi-gcc   || need gcc-arm-none-eabi
    [[ -f /usr/lib/arm-none-eabi/newlib/libc.a ]] || need libnewlib-arm-none-eabi
    have_cmd qemu-system-arm     || need qemu-system-arm
    python3 -c 'import cryptography' >/dev/null 2>&1 || need python3-cryptography
}

check_dist() {
    check_target
    have_cmd cmake               || need cmake
}

check_fuzz() {
    local v=14   # bookworm's clang; the runtime package follows the installed clang's version
    have_cmd clang && v=$(clang -dumpversion | cut -d. -f1)
    have_cmd clang           || need clang
    fuzzer_links             || need "libclang-rt-$v-dev"
    have_cmd llvm-symbolizer || need llvm
}

check() {    # check <profile>...: fill $missing
    local p
    for p in "$@"; do
        case $p in
            host)   check_host ;;
            m32)    check_m32 ;;
            target) check_target ;;
            dist)   check_dist ;;
            fuzz)   check_fuzz ;;
            all)    check_host; check_m32; check_dist; check_fuzz ;;
            *)      usage ;;
        esac
    done
}

# apt-get install; if it failed for lack of (or stale) package lists, update once and retry.
install() {
    local log rc=0 stale=0
    log=$(mktemp)
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "$@" 2>&1 | tee "$log" || rc=$?
    grep -qE 'Unable to locate package|has no installation candidate|Failed to fetch' "$log" &&
        stale=1
    rm -f "$log"
    (( rc == 0 )) && return 0
    (( stale )) || return $rc
    echo "$prog: package lists missing or stale; running apt-get update and retrying" >&2
    apt-get update || return
    apt-get install -y --no-install-recommends "$@"
}

(( $# > 0 )) || set -- host
check "$@"
(( ${#missing[@]} == 0 )) && exit 0

if (( EUID != 0 )); then
    echo "$prog: missing packages: ${missing[*]}; install them with:" \
         "sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "$prog: installing ${missing[*]}" >&2
install "${missing[@]}" || { echo "$prog: apt-get install failed" >&2; exit 1; }

# Re-check: an install that "succeeded" must really have provided the tools.
missing=()
check "$@"
if (( ${#missing[@]} != 0 )); then
    echo "$prog: still missing after install: ${missing[*]}" >&2
    exit 1
fi
