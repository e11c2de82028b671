#!/usr/bin/env bash
# CPU an idle `serve --watch` uses (issue 13): starts BIN over DATA, waits
# until it answers and settles, then prints the CPU seconds (user + system)
# it used over SECONDS of no requests and no file changes.
#   examples/idle_cpu.sh BIN DATA [SECONDS] [extra serve args...]
set -eu
bin=$1 data=$2 secs=${3:-60} port=${PORT:-3997}
shift 3 || shift $#
"$bin" serve --data "$data" --addr 127.0.0.1:$port ${WATCH---watch} "$@" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do sleep 0.5; done
sleep 10
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{ print ($14 + $15) / t }' /proc/$pid/stat; }
before=$(cpu)
sleep "$secs"
after=$(cpu)
echo "idle ${secs} s: $(echo "$after - $before" | bc) CPU seconds"
