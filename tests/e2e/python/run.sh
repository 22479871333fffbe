#!/usr/bin/env bash
# End-to-end tests of the generated Python clients against the mock gateway (`topgen serve-mock`,
# spawned by the tests on a free 127.0.0.1 port), plus the package READMEs' examples, installed and
# run as written. Called from the repo root by tests/run-e2e.sh after `cargo build --bin topgen`.
# Uses the .venv that tests/run-python.sh (or tests/venv.sh) installs at the repo root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
here=tests/e2e/python
venv="$root/.venv"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pytest, mypy, httpx, yaml" 2>/dev/null; then
  echo "e2e-python: $venv with pytest, mypy, ruff, httpx and PyYAML is missing;" >&2
  echo "  run 'bash tests/run-python.sh' (or 'bash tests/venv.sh') first" >&2
  exit 2
fi
if [ ! -x target/debug/topgen ]; then
  echo "e2e-python: target/debug/topgen is missing; run 'cargo build --bin topgen' first" >&2
  exit 2
fi
for pkg in taobao_top h7b_taobao; do
  if [ ! -d "generated/python/$pkg/src/$pkg" ]; then
    echo "e2e-python: generated/python/$pkg is missing; run 'target/debug/topgen generate --lang python'" >&2
    exit 2
  fi
done

paths="$here:generated/python/taobao_top/src:generated/python/h7b_taobao/src"
"$venv/bin/ruff" check "$here"
"$venv/bin/ruff" format --check "$here"
MYPYPATH="$paths" "$venv/bin/mypy" --strict --cache-dir "${TMPDIR:-/tmp}/topgen-e2e-python-mypy" "$here"
# The whole run is bounded: a hung test fails the stage instead of holding it.
PYTHONPATH="$paths" PYTHONDONTWRITEBYTECODE=1 timeout --kill-after=10 600 \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$here" "$here" "$@"
