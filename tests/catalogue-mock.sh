#!/usr/bin/env bash
# The mock serves the catalogue, through the generated Rust, Python and TypeScript clients
# (issue 10). One `topgen serve-mock --apis SELECTION` answers every API from its response schema;
# tests/python/catalogue_mock.py writes the plan (types and sample values from the spec YAML) and
# runs it through the Python package, tests/typescript/catalogue_mock.mjs runs the same plan
# through the TypeScript package, and tests/rust-catalogue-mock/gen.py writes a Rust program that
# runs it through the Rust crate's `BlockingClient` (built into target/). Each prints APIs,
# requests, values checked, problems and time, and fails naming the API and field.
#
#   bash tests/catalogue-mock.sh                    # CI sample: refund, trade, tbtrade, tbitem, tblogistics, aliyun
#   bash tests/catalogue-mock.sh --all              # the whole catalogue (generates it: release build);
#                                                   # Python and TypeScript only (one Rust crate of the
#                                                   # whole catalogue is too large to build here)
#   bash tests/catalogue-mock.sh --out DIR          # the sample, with packages already generated in DIR
#                                                   # (tests/run-catalogue.sh)
#
# Needs .venv (PyYAML; tests/venv.sh) and node >= 20.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
mode=sample out=
while [ $# -gt 0 ]; do
  case "$1" in
    --all) mode=all ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--all] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
[ -x .venv/bin/python ] || { echo "catalogue-mock: .venv is missing; run bash tests/venv.sh" >&2; exit 2; }
work=$(mktemp -d)
mock_pid=
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$mode" = all ]; then
  selection='*'
  cargo build --locked --quiet --release --bin topgen
  topgen=$repo/target/release/topgen
else
  # The packages tests/run-catalogue.sh samples (file names are API names).
  selection=$(for f in specs/top/catalogue/{refund,trade,tbtrade,tbitem,tblogistics,aliyun}/*.yaml; do basename "$f" .yaml; done | paste -sd,)
  cargo build --locked --quiet --bin topgen
  topgen=$repo/target/debug/topgen
fi
start=$SECONDS
langs=python,typescript
[ "$mode" = all ] || langs=rust,$langs
if [ -z "$out" ]; then
  out=$work/out
  "$topgen" generate --apis "$selection" --lang "$langs" --out "$out" >/dev/null
  echo "   generated ${langs//,/, } in $((SECONDS - start)) s"
fi
rust_runner=
if [ "$mode" != all ]; then
  # The Rust runner: a small crate over the generated one, built into the repository's target/
  # (the generated crate's dependencies are already built there by the other stages).
  rust_start=$SECONDS
  .venv/bin/python tests/rust-catalogue-mock/gen.py "$out/rust/taobao-top" "$work/rust-runner"
  cp Cargo.lock "$work/rust-runner/"
  (cd "$work/rust-runner" && CARGO_TARGET_DIR="$repo/target" nice cargo build --quiet --jobs "${JOBS:-2}")
  rust_runner=$repo/target/debug/rust-catalogue-mock
  echo "   built the Rust runner in $((SECONDS - rust_start)) s"
fi

.venv/bin/python tests/python/catalogue_mock.py plan --specs specs --apis "$selection" --out "$work/plan.json"

# The mock stops when its stdin (a pipe this script holds open) closes.
mkfifo "$work/stdin"
"$topgen" serve-mock --apis "$selection" --addr 127.0.0.1:0 --stop-on-stdin-eof --quiet \
  <"$work/stdin" >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
exec {mock_stdin}>"$work/stdin"
banner=
for _ in $(seq 1200); do # at most 2 minutes (the whole catalogue loads in a few seconds)
  banner=$(head -n 1 "$work/mock.out")
  [ -n "$banner" ] || ! kill -0 "$mock_pid" 2>/dev/null && break
  sleep 0.1
done
case "$banner" in
  "topgen mock listening on "*) url="${banner#topgen mock listening on }/router/rest" ;;
  *) echo "catalogue-mock: the mock did not start: $banner $(cat "$work/mock.err")" >&2; exit 1 ;;
esac

status=0
if [ -n "$rust_runner" ]; then
  "$rust_runner" "$work/plan.json" "$url" || status=1
fi
.venv/bin/python tests/python/catalogue_mock.py run --plan "$work/plan.json" --package "$out/python/taobao_top/src" --url "$url" || status=1
node tests/typescript/catalogue_mock.mjs "$work/plan.json" "$out/typescript/taobao-top" "$url" || status=1
exec {mock_stdin}>&-
wait "$mock_pid" || true
mock_pid=
echo "   catalogue mock, ${langs//,/, }: $((SECONDS - start)) s"
exit $status
