#!/usr/bin/env bash
# Whether two builds extract the same: `check --json` of both over the
# fixtures, the holdout, the seed data and a generated corpus, diffed.
# Prints nothing and exits 0 when every output is byte-identical; prints
# the diff and exits 1 otherwise.
#   examples/same_output.sh BIN_A BIN_B [FOLDER...]
# Extra folders are checked too. The generated corpus is
# `gen_corpus --n $N --seed 1` (N=10000 by default) in a temporary folder,
# or the folder named by CORPUS (made with the same command).
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 BIN_A BIN_B [FOLDER...]" >&2
  exit 2
fi
a=$1 b=$2
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus=${CORPUS:-}
if [ -z "$corpus" ]; then
  corpus=$tmp/corpus
  (cd "$repo" && cargo run -q --release --example gen_corpus -- \
    --n "${N:-10000}" --out "$corpus" --seed 1 >/dev/null) || exit 2
fi
status=0
n=0
for dir in "$repo/tests/fixtures/articles" "$repo/tests/holdout/articles" "$repo/data" "$corpus" "$@"; do
  n=$((n + 1))
  "$a" check --json --data "$dir" >"$tmp/a$n.json" 2>"$tmp/a$n.err" || { echo "$a failed on $dir" >&2; status=1; }
  "$b" check --json --data "$dir" >"$tmp/b$n.json" 2>"$tmp/b$n.err" || { echo "$b failed on $dir" >&2; status=1; }
  if ! cmp -s "$tmp/a$n.json" "$tmp/b$n.json"; then
    echo "== $dir differs:"
    diff "$tmp/a$n.json" "$tmp/b$n.json" | head -40
    status=1
  fi
  if [ ! -s "$tmp/a$n.json" ]; then
    echo "== $dir: no output from $a" >&2
    status=1
  fi
done
exit $status
