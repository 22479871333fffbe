#!/usr/bin/env bash
# Checks the generated Python packages: regenerate, then ruff check + ruff format --check (the
# whole generated package, tests included) + mypy --strict + pytest on every
# package, the curl golden and transport-fault tests, a clean `pip install` in a fresh venv, and
# the keyword fixture (generated into a temp folder: mypy --strict, import, verbatim docstrings),
# and the case-layout fixture (long lists in cases: ruff format --check, mypy --strict, pytest).
# Creates .venv at the repo root when missing. Exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/python/requirements.txt

cargo run -q -- generate --lang python
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for pkg_dir in generated/python/*/; do
  pkg="$(basename "$pkg_dir")"
  echo "== $pkg"
  (cd "$pkg_dir" && "$venv/bin/ruff" check src tests && "$venv/bin/ruff" format --check .)
  (cd "$pkg_dir" && MYPYPATH=src "$venv/bin/mypy" --strict "src/$pkg" tests)
  (cd "$pkg_dir" && PYTHONPATH=src "$venv/bin/python" -m pytest -q tests)
  # A fresh venv with nothing but the package: it must install and import without extras.
  python3 -m venv "$tmp/venv-$pkg"
  "$tmp/venv-$pkg/bin/python" -m pip install -q --disable-pip-version-check "./$pkg_dir"
  "$tmp/venv-$pkg/bin/python" -c "import $pkg; print('$pkg', $pkg.__version__, 'installed and imported')"
done

echo "== curl golden and transport faults"
"$venv/bin/ruff" check tests/python benches/python
MYPYPATH=generated/python/taobao_top/src "$venv/bin/mypy" --strict tests/python
PYTHONPATH=generated/python/taobao_top/src "$venv/bin/python" -m pytest -q tests/python

echo "== keyword fixture"
cargo run -q -- generate --lang python --specs tests/fixtures/keywords --out "$tmp/kw"
kw="$tmp/kw/python/kw_client"
(cd "$kw" && "$venv/bin/ruff" check src && "$venv/bin/ruff" format --check .)
(cd "$kw" && MYPYPATH=src "$venv/bin/mypy" --strict src/kw_client)
"$venv/bin/python" tests/python/check_keywords.py "$kw/src" tests/fixtures/keywords

echo "== case-layout fixture (long lists in cases: the generated tests as ruff format writes them, and passing)"
cargo run -q -- generate --lang python --specs tests/fixtures/case-layout --out "$tmp/cl"
cl="$tmp/cl/python/cl_client"
(cd "$cl" && "$venv/bin/ruff" check src tests && "$venv/bin/ruff" format --check .)
(cd "$cl" && MYPYPATH=src "$venv/bin/mypy" --strict src/cl_client tests)
(cd "$cl" && PYTHONPATH=src "$venv/bin/python" -m pytest -q tests)
echo "all Python checks passed"
