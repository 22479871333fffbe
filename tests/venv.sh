#!/usr/bin/env bash
# Creates .venv (once) and installs the pinned Python test tools into it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
reqs=(-r tests/schema/requirements.txt)
[ -f tests/python/requirements.txt ] && reqs+=(-r tests/python/requirements.txt)
.venv/bin/python -m pip install --quiet --disable-pip-version-check "${reqs[@]}"
