#!/usr/bin/env bash
# Issue 13 §5: how cold start, restart, memory and search latency grow
# with the archive. For each corpus folder given:
#   examples/growth.sh BIN CORPUS...
# prints one line per corpus:
#   corpus docs index_s index_rss_mib restart_s serve_rss_mib req_s p99_ms
#     serve_peak_mib serve_anon_mib serve_file_mib
# index: `BIN index` into a fresh --index-dir (a cold build, every file
# extracted); restart: `BIN serve --read-only` on it until /healthz
# answers; serve_rss: its resident memory after the search mix ran, and
# serve_peak its peak since it started (VmHWM), serve_anon and serve_file
# the part of serve_rss that is its own memory and the part that is
# mapped index files (page cache the kernel can take back);
# req_s, p99: `examples/http_load` (built beside BIN's target, or HTTP_LOAD)
# on the /search mix at 8 connections, median of 3 rounds of 2 s.
set -eu
bin=$1
shift
load=${HTTP_LOAD:-$(dirname "$0")/../target/release/examples/http_load}
port=${PORT:-3996}
for corpus in "$@"; do
  idx=$(mktemp -d)
  docs=$(find "$corpus" -type f ! -name gazetteer.toml | wc -l)
  /usr/bin/time -f "%e %M" -o "$idx.time" "$bin" index --data "$corpus" --index-dir "$idx" \
    >/dev/null 2>"$idx.err" || { echo "index failed: $(tail -2 "$idx.err")" >&2; exit 1; }
  read -r index_s index_kb <"$idx.time"
  start=$(date +%s.%N)
  "$bin" serve --read-only --index-dir "$idx" --data "$corpus" --addr 127.0.0.1:$port \
    >/dev/null 2>"$idx.serve.err" &
  pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "server died: $(tail -2 "$idx.serve.err")" >&2; exit 1; }
    sleep 0.05
  done
  restart_s=$(echo "$(date +%s.%N) - $start" | bc)
  speaker=$(curl -s "http://127.0.0.1:$port/api/search?q=cyber" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
  line=$("$load" --addr 127.0.0.1:$port --speaker "$speaker" --conns 8 --rounds 3 --seconds 2 2>&1 | grep median)
  mib() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' /proc/$pid/status; }
  rss=$(mib VmRSS) peak=$(mib VmHWM) anon=$(mib RssAnon) file=$(mib RssFile)
  kill $pid; wait $pid 2>/dev/null || true
  req_s=$(echo "$line" | sed -E 's/.*median ([0-9]+) req\/s.*/\1/')
  p99=$(echo "$line" | sed -E 's/.*p99 ([0-9.]+) ms.*/\1/')
  echo "$(basename "$corpus") $docs $index_s $((index_kb / 1024)) $restart_s $rss $req_s $p99 $peak $anon $file"
  rm -rf "$idx" "$idx".*
done
