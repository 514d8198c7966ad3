#!/usr/bin/env bash
# The tree checks must catch what they are for: plant one violation of each in a scratch
# copy of the sources and expect the check to fail on it (and to pass on the copy before).
#
# Usage: scripts/test_checks.sh   (run by make test; needs nothing but the tree)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$top" && tar -cf - --exclude=build README.md .clang-format scripts shared_mem lock_hw nvm \
    core1_hsm core0_host tests) | tar -xf - -C "$scratch"

fail=0
expect() { # expect <0|1> <what> <command...>: the command's exit status must be 0 / nonzero
    local want=$1 what=$2 got=0
    shift 2
    "$@" >"$scratch/.out" 2>&1 || got=1
    if [[ $got -ne $want ]]; then
        echo "test_checks: $what: expected $([[ $want -eq 0 ]] && echo pass || echo failure)"
        head -n 20 "$scratch/.out" | sed "s/^/    /"
        fail=1
    else
        echo "test_checks: $what: $([[ $want -eq 0 ]] && echo passes || echo caught)"
    fi
}

expect 0 "layers, tree as it is" "$scratch/scripts/check_layers.sh" "$scratch"
expect 0 "names, tree as it is" "$scratch/scripts/check_names.sh" "$scratch"
formatOk=0
command -v "${CLANG_FORMAT:-clang-format}" >/dev/null 2>&1 && formatOk=1
if [[ $formatOk -eq 1 ]]; then
    expect 0 "format, tree as it is" "$scratch/scripts/check_format.sh"
fi

# shared_mem/ reaching up into nvm/.
echo '#include "wolfhsm/wh_nvm.h"' >>"$scratch/shared_mem/wh_utils.c"
expect 1 "layers, shared_mem including nvm" "$scratch/scripts/check_layers.sh" "$scratch"
cp "$top/shared_mem/wh_utils.c" "$scratch/shared_mem/wh_utils.c"
# core0_host/ reaching up into its subfolder layer core0_host/autosar/.
echo '#include "Crypto.h"' >>"$scratch/core0_host/wh_client.c"
expect 1 "layers, core0_host including core0_host/autosar" "$scratch/scripts/check_layers.sh" \
    "$scratch"
cp "$top/core0_host/wh_client.c" "$scratch/core0_host/wh_client.c"

# An old spelling in a public header, then an old port prefix.
cp "$top/core0_host/wolfhsm/wh_client.h" "$scratch/core0_host/wolfhsm/wh_client.h"
echo 'int wh_Client_Planted(whClientContext* c, uint16_t key_id);' \
    >>"$scratch/core0_host/wolfhsm/wh_client.h"
expect 1 "names, a snake_case parameter" "$scratch/scripts/check_names.sh" "$scratch"
cp "$top/core0_host/wolfhsm/wh_client.h" "$scratch/core0_host/wolfhsm/wh_client.h"
echo 'void mps2_Planted(void);' >>"$scratch/core0_host/wolfhsm/wh_client.h"
expect 1 "names, an old port prefix" "$scratch/scripts/check_names.sh" "$scratch"
cp "$top/core0_host/wolfhsm/wh_client.h" "$scratch/core0_host/wolfhsm/wh_client.h"
echo '/* added for issue 42 */' >>"$scratch/core0_host/wolfhsm/wh_client.h"
expect 1 "names, an issue number in a comment" "$scratch/scripts/check_names.sh" "$scratch"

# A line over 100 columns, and code clang-format would lay out otherwise.
if [[ $formatOk -eq 1 ]]; then
    printf '/* %0100d */\n' 0 >>"$scratch/nvm/wh_nvm.c"
    expect 1 "format, a line over 100 columns" "$scratch/scripts/check_format.sh"
    cp "$top/nvm/wh_nvm.c" "$scratch/nvm/wh_nvm.c"
    printf 'static int planted( void ) { return 0; }\n' >>"$scratch/nvm/wh_nvm.c"
    expect 1 "format, code not laid out as .clang-format says" "$scratch/scripts/check_format.sh"
else
    echo "test_checks: clang-format not installed: format check not tried (scripts/deps.sh format)"
fi

# A committed vector that is not its script's output.
if [[ $formatOk -eq 1 ]] && python3 -c 'import cryptography' 2>/dev/null; then
    expect 0 "vectors, tree as it is" "$scratch/scripts/check_vectors.sh" "$scratch"
    sed -i '0,/0x2b, 0x11/s//0x2b, 0x12/' "$scratch/tests/she_vectors.h"
    expect 1 "vectors, a byte of a vector changed" "$scratch/scripts/check_vectors.sh" "$scratch"
    cp "$top/tests/she_vectors.h" "$scratch/tests/she_vectors.h"
    sed -i 's/"queueSize": 4, "mailbox": 1/"queueSize": 5, "mailbox": 1/' \
        "$scratch/tests/autosar/crypto_config.json"
    expect 1 "vectors, a driver configuration changed, not regenerated" \
        "$scratch/scripts/check_vectors.sh" "$scratch"
else
    echo "test_checks: python3 cryptography or clang-format missing: vectors check not tried"
fi

# The Crypto Driver's configuration generator refuses configurations the two cores could not
# share: a driver client whose policy lacks a right on the driver's keys, a driver object on a
# mailbox without an HSM client.
cfg=$top/tests/autosar/crypto_config.json
gen=("$top/scripts/crypto_cfg.py" --core0 "$scratch/gen0" --core1 "$scratch/gen1")
expect 0 "crypto_cfg, the test configuration" python3 "${gen[@]}" "$cfg"
sed 's/"rights": \["use", "create", "modify", "erase"\]/"rights": ["use", "create"]/' "$cfg" \
    >"$scratch/cfg_rights.json"
expect 1 "crypto_cfg, a driver client without modify on the driver's keys" \
    python3 "${gen[@]}" "$scratch/cfg_rights.json"
sed 's/"queueSize": 1, "mailbox": 2/"queueSize": 1, "mailbox": 9/' "$cfg" >"$scratch/cfg_box.json"
expect 1 "crypto_cfg, a driver object on a mailbox without an HSM client" \
    python3 "${gen[@]}" "$scratch/cfg_box.json"

exit $fail
