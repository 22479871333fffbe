#!/usr/bin/env bash
# Issue 12 benchmark for the generated Python client: installs the PyPI peers (py-taobao-open,
# taobao-sdk-python3) into benches/python/.venv, then runs topgen's generated taobao_top (from
# generated/python), the peers and a hand-written stdlib floor in one process, interleaved, and
# prints rates and ratios. ROUNDS=3 for a quick run. Takes about a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
PYTHONPATH="$repo/generated/python/taobao_top/src" "$venv/bin/python" "$here/bench.py"
