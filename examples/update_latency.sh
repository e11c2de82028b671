#!/usr/bin/env bash
# Issue 13: how long `serve --watch` takes to make written files
# searchable, and what memory it takes meanwhile.
#   examples/update_latency.sh BIN DATA [ROUNDS] [COUNTS]
# copies DATA (hard links: the files are only ever added or removed here),
# starts BIN over the copy with --watch (and --index-dir when INDEX_DIR=1),
# then for each round and each count N in COUNTS (default "1 100"): writes N
# new files sharing a word found nowhere else, polls
# /api/search?q=WORD every 50 ms until it reports N hits, and removes them
# again, polling until 0 hits and the first one's page and .txt answer 410.
# Prints one line per step:
#   add|remove N round ms peak_rss_mib steady_rss_mib rss_after_5s_mib
# and "restart N round ms" with RESTART=1 (index dir only): stop, write N
# files, start again, time to /healthz and N hits (SKIP_UPDATES=1: only
# that).
set -u
bin=$1 data=$2 rounds=${3:-3} counts=${4:-"1 100"} port=${PORT:-3997}
copy=$(mktemp -d) index=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$copy" "$index"' EXIT
cp -al "$data"/. "$copy"
args=(serve --data "$copy" --addr 127.0.0.1:$port --watch)
[ "${INDEX_DIR:-0}" = 1 ] && args+=(--index-dir "$index")
url=http://127.0.0.1:$port
start() {
  "$bin" "${args[@]}" >/dev/null 2>>"${ERR:-/tmp/update_latency.err}" &
  pid=$!
  until curl -sf $url/healthz >/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "server died" >&2; exit 1; }
    sleep 0.05
  done
}
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' /proc/$pid/status; }
now_ms() { date +%s%3N; }
hits() { curl -s "$url/api/search?q=$1" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2; }
# Poll until WORD has WANT hits; prints "ms peak_rss".
wait_hits() {
  local word=$1 want=$2 t0=$3 peak=0 r
  while :; do
    r=$(rss)
    ((r > peak)) && peak=$r
    [ "$(hits "$word")" = "$want" ] && break
    sleep 0.05
  done
  echo "$(($(now_ms) - t0)) $peak"
}
write_files() { # N WORD
  mkdir -p "$copy/articles/zz_live"
  for ((k = 0; k < $1; k++)); do
    printf 'Delegates debate %s at the OEWG\n\nThe Open-ended Working Group heard about %s in session %d on Monday, the chair said.\n' \
      "$2" "$2" "$k" >"$copy/articles/zz_live/$2_$k.txt"
  done
}
start
sleep 5
for ((round = 1; round <= rounds; round++)); do
  [ "${SKIP_UPDATES:-0}" = 1 ] && break
  for n in $counts; do
    word="zq$(tr -dc a-z </dev/urandom | head -c 10)"
    steady=$(rss)
    t0=$(now_ms)
    write_files "$n" "$word"
    read -r ms peak < <(wait_hits "$word" "$n" "$t0")
    sleep 5
    echo "add $n $round $ms $peak $steady $(rss)"
    steady=$(rss)
    t0=$(now_ms)
    rm -f "$copy/articles/zz_live/$word"_*.txt
    read -r ms peak < <(wait_hits "$word" 0 "$t0")
    page=$(curl -s -o /dev/null -w '%{http_code}' "$url/articles/${word}_0")
    txt=$(curl -s -o /dev/null -w '%{http_code}' "$url/articles/${word}_0.txt")
    sleep 5
    echo "remove $n $round $ms $peak $steady $(rss) page=$page txt=$txt"
  done
done
if [ "${RESTART:-0}" = 1 ] && [ "${INDEX_DIR:-0}" = 1 ]; then
  for ((round = 1; round <= rounds; round++)); do
    for n in $counts; do
      kill $pid
      wait $pid 2>/dev/null
      word="zq$(tr -dc a-z </dev/urandom | head -c 10)"
      write_files "$n" "$word"
      t0=$(now_ms)
      start
      read -r ms _ < <(wait_hits "$word" "$n" "$t0")
      echo "restart $n $round $ms"
    done
  done
fi
