#!/usr/bin/env bash
# Cold start to the first 200 from /healthz, for two builds on the same
# machine, alternating, three rounds: prints "round binary seconds".
#   examples/coldstart.sh BIN_A DATA_A BIN_B DATA_B
# (A data folder whose gazetteer.toml an older build cannot read needs its
# own copy: `cp -al corpus corpus-old` and the old gazetteer in it.)
set -u
args=("$@")
for round in 1 2 3; do
  for ((k = 0; k < ${#args[@]}; k += 2)); do
    bin=${args[k]} data=${args[k + 1]}
    start=$(date +%s.%N)
    "$bin" serve --data "$data" --addr 127.0.0.1:3999 >/dev/null 2>/tmp/coldstart.err &
    pid=$!
    until curl -sf http://127.0.0.1:3999/healthz >/dev/null 2>&1; do
      kill -0 $pid 2>/dev/null || { echo "died: $(tail -2 /tmp/coldstart.err)"; break; }
      sleep 0.1
    done
    end=$(date +%s.%N)
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
    echo "$round $bin $(echo "$end - $start" | bc)"
  done
done
