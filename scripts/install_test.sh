#!/usr/bin/env bash
# make install, tested: install into a scratch prefix, then build tests/install/consumer.c in
# a scratch folder with only what `pkg-config --cflags --libs wolfhsm-client wolfhsm-server`
# gives (PKG_CONFIG_PATH set to the prefix), run it, and run the installed whprov.
#
# Usage: scripts/install_test.sh   (run by make test; make test-install alone)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/whinstall.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top" --no-print-directory install PREFIX="$tmp/prefix" >/dev/null
mkdir "$tmp/app"
cp "$top/tests/install/consumer.c" "$tmp/app/"
cd "$tmp/app"
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
flags=$(pkg-config --cflags --libs wolfhsm-client wolfhsm-server)
case $flags in
    *"$top"*) echo "install_test: pkg-config points into the source tree: $flags" >&2; exit 1 ;;
esac
gcc -std=gnu11 -Wall -Wextra -Werror consumer.c $flags -o consumer
./consumer
"$tmp/prefix/bin/whprov" build "$top/tests/whprov_sample.prov" image.bin >/dev/null
"$tmp/prefix/bin/whprov" verify image.bin "$top/tests/whprov_sample.prov" >/dev/null
echo "install_test: make install PREFIX=...: a program builds with pkg-config alone and runs;" \
     "the installed whprov works"
