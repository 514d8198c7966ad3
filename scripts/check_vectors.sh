#!/usr/bin/env bash
# The committed test vectors are their scripts' output: run each generator (Python 3 with the
# `cryptography` package, scripts/deps.sh host), lay the C out as the tree's .clang-format
# does, and compare with the committed header. The tests include the committed header and
# never run the scripts; this check keeps the two the same. The same for the committed
# configurations of the AUTOSAR Crypto Driver: each JSON configuration's generated
# Crypto_Cfg.h/.c (core 0) and Crypto_HsmCfg.h/.c (core 1), by scripts/crypto_cfg.py.
#
# Usage: scripts/check_vectors.sh [tree]   (default: this tree; run by make checks)
# Exit 1 on a difference, 2 when python3, its `cryptography` or clang-format is missing.
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"

cf=${CLANG_FORMAT:-clang-format}
command -v python3 >/dev/null 2>&1 && python3 -c 'import cryptography' 2>/dev/null || {
    echo "check_vectors: python3 with cryptography missing: scripts/deps.sh host" >&2
    exit 2
}
command -v "$cf" >/dev/null 2>&1 || {
    echo "check_vectors: $cf missing: scripts/deps.sh host" >&2
    exit 2
}

status=0
for pair in tests/she_vectors.py:tests/she_vectors.h tests/whprov_vectors.py:tests/whprov_vectors.h \
    tests/ecdsa_der_vectors.py:tests/ecdsa_der_vectors.h; do
    script=${pair%%:*}
    header=${pair#*:}
    if ! python3 "$script" | "$cf" --style=file --assume-filename="$header" | cmp -s - "$header"
    then
        echo "check_vectors: $header is not $script's output: python3 $script > $header &&" \
             "scripts/check_format.sh --fix" >&2
        status=1
    fi
done
# config.json:core 0 folder:core 1 folder (empty: the configuration's HSM side is not generated)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for triple in tests/autosar/crypto_config.json:tests/autosar:tests/autosar \
    tests/autosar/target/crypto_config.json:tests/autosar/target: \
    shared_mem/port/mps2/crypto_config.json:core0_host/autosar/secoc:core1_hsm/target; do
    IFS=: read -r config dir0 dir1 <<<"$triple"
    rm -rf "$scratch/0" "$scratch/1"
    if ! python3 scripts/crypto_cfg.py "$config" --core0 "$scratch/0" \
         ${dir1:+--core1 "$scratch/1"}; then
        status=1
        continue
    fi
    pairs=("0/Crypto_Cfg.h:$dir0" "0/Crypto_Cfg.c:$dir0")
    [[ -n $dir1 ]] && pairs+=("1/Crypto_HsmCfg.h:$dir1" "1/Crypto_HsmCfg.c:$dir1")
    for pair in "${pairs[@]}"; do
        out=${pair%%:*}
        committed=${pair#*:}/${out#*/}
        if ! "$cf" --style=file --assume-filename="$committed" <"$scratch/$out" |
             cmp -s - "$committed"; then
            echo "check_vectors: $committed is not scripts/crypto_cfg.py's output for $config:" \
                 "python3 scripts/crypto_cfg.py $config --core0 $dir0${dir1:+ --core1 $dir1} &&" \
                 "scripts/check_format.sh --fix" >&2
            status=1
        fi
    done
done
exit $status
