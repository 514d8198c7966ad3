#!/usr/bin/env bash
# Unpack Debian trixie's wolfssl source package (upstream 5.7.2, Debian patches applied) into
# <cache-dir>/wolfssl-5.7.2/ (see deps/wolfcrypt.md). No-op once <cache-dir>/wolfssl-5.7.2/.unpacked
# exists.
# Usage: scripts/wolfssl.sh <cache-dir>
set -euo pipefail
(( $# == 1 )) || { echo "usage: ${0##*/} <cache-dir>" >&2; exit 2; }
exec "$(dirname "$0")/debsrc.sh" "$1" trixie wolfssl 5.7.2
