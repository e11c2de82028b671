#!/usr/bin/env bash
# Resident memory of `serve --watch` while files change, no load (issue 14):
# copies DATA, starts BIN over the copy, appends a line to one file every
# 5 s, ROUNDS times, and prints "edit RSS_MiB" after each.
#   examples/watch_memory.sh BIN DATA [ROUNDS]   (env vars such as
#   MALLOC_ARENA_MAX pass through to the server)
set -eu
bin=$1 data=$2 rounds=${3:-40} port=${PORT:-3998}
copy=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$copy"' EXIT
cp -r "$data"/. "$copy"
"$bin" serve --data "$copy" --addr 127.0.0.1:$port --watch >/dev/null 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do sleep 0.5; done
sleep 2
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' /proc/$pid/status; }
echo "start $(rss)"
mapfile -t files < <(find "$copy" -name '*.txt' | sort)
for ((i = 0; i < rounds; i++)); do
  echo "Edited paragraph number $i about the OEWG." >>"${files[i % ${#files[@]}]}"
  sleep 5
  echo "$i $(rss)"
done
