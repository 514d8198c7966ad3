#!/usr/bin/env bash
# Host demo: start the HSM process, run the host process against it over POSIX shared
# memory, and exit non-zero if either side failed. Everything runs under a timeout.
# The programs are built from core1_hsm/demo/hsm_demo.c and core0_host/demo/host_demo.c.
#   scripts/run_host_demo.sh <hsm_demo> <host_demo>
set -u
hsm=$1
host=$2
name="/wh_demo_$$"

timeout 60 "$hsm" "$name" 1 &
hsm_pid=$!
timeout 60 "$host" "$name"
host_rc=$?
wait "$hsm_pid"
hsm_rc=$?

if [ "$host_rc" -ne 0 ] || [ "$hsm_rc" -ne 0 ]; then
    echo "demo FAILED (host exit $host_rc, hsm exit $hsm_rc)" >&2
    exit 1
fi
echo "demo OK"
