#!/usr/bin/env bash
# Issue 13 §2: Demarche's cold start beside tantivy-cli's bare indexing of
# the same documents, alternating, in one run:
#   examples/tantivy_baseline.sh BIN DATA [ROUNDS]
# Each round times (wall seconds, max RSS MiB):
#   tantivy   `tantivy index` of DATA's files as JSON lines of title (the
#             first line) and body (the rest), en_stem text with positions,
#             on as many threads as cores;
#   serve     BIN serving DATA in RAM, from start to the first /healthz 200;
#   index     `BIN index` of DATA into a fresh --index-dir.
# tantivy-cli is not a dependency: install it with
#   cargo install tantivy-cli --root /tmp/tantivy-cli
# and put TANTIVY=/tmp/tantivy-cli/bin/tantivy (the default).
set -eu
bin=$1 data=$2 rounds=${3:-3}
tantivy=${TANTIVY:-/tmp/tantivy-cli/bin/tantivy}
port=${PORT:-3998}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(nproc)

python3 - "$data" "$work/docs.jsonl" <<'PY'
import json, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), open(sys.argv[2], "w")
for p in sorted(root.rglob("*")):
    if not p.is_file() or p.name == "gazetteer.toml":
        continue
    text = p.read_bytes().decode("utf-8", "replace").strip()
    title, _, body = text.partition("\n")
    out.write(json.dumps({"title": title, "body": body}) + "\n")
PY

schema='{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},
"segments":[],"opstamp":0,"schema":[
{"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}},
{"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":false,"fast":false}}]}'

# Prints "seconds max_rss_mib" of a command, from GNU time.
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" \
    || { echo "failed: $* ($(tail -2 "$work/err"))" >&2; exit 1; }
  awk '{ printf "%s %d\n", $1, $2 / 1024 }' "$work/time"
}

for round in $(seq "$rounds"); do
  rm -rf "$work/tantivy" && mkdir "$work/tantivy"
  echo "$schema" >"$work/tantivy/meta.json"
  echo "$round tantivy $(timed "$tantivy" index -i "$work/tantivy" -f "$work/docs.jsonl" -t "$cores")"

  start=$(date +%s.%N)
  "$bin" serve --data "$data" --addr 127.0.0.1:$port >/dev/null 2>"$work/serve.err" &
  pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "server died: $(tail -2 "$work/serve.err")" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s.%N)
  rss=$(awk '/^VmHWM/ { print int($2 / 1024) }' /proc/$pid/status)
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  echo "$round serve $(echo "$end - $start" | bc) $rss"

  rm -rf "$work/idx"
  echo "$round index $(timed "$bin" index --data "$data" --index-dir "$work/idx")"
done
