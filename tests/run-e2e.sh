#!/usr/bin/env bash
# End-to-end: every generated client talks HTTP to the mock gateway (`topgen serve-mock`) on
# loopback. Each language's suite (tests/e2e/<lang>/run.sh) starts and stops its own mock.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet --bin topgen
status=0
for lang in rust python typescript; do
  script="tests/e2e/$lang/run.sh"
  if [ ! -f "$script" ]; then
    echo "run-e2e: $script is missing" >&2
    status=1
    continue
  fi
  echo "== e2e: $lang"
  bash "$script" || status=1
done
exit "$status"
