#!/usr/bin/env bash
# A slice of the real TOP catalogue (refund, trade, tbitem, tblogistics: 153 APIs with dates,
# decimals, JSON, nested structs and lists of structs that the hand-written specs never use) is
# imported, generated in all three languages and put through each language's strict checker.
# Needs the Rust, Python and TypeScript tooling the other stages install.
set -euo pipefail
cd "$(dirname "$0")/.."
catalogue=../shared/data/top-metadata
if [ ! -d "$catalogue/json" ]; then
  echo "run-catalogue: skipped, the TOP catalogue is not at $catalogue"
  exit 0
fi
for need in .venv/bin/mypy tests/typescript/node_modules/.bin/tsc; do
  [ -x "$need" ] || { echo "run-catalogue: $need is missing; run the python and typescript stages first" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --locked --quiet --bin topgen
mkdir -p "$work/specs/top"
cp specs/top/gateway.yaml "$work/specs/top/"
target/debug/topgen import top-metadata --from "$catalogue" --out "$work/specs/top/apis" \
  --only refund,trade,tbitem,tblogistics | tail -n 1
target/debug/topgen generate --specs "$work/specs" --out "$work/out"

echo "== Rust: clippy -D warnings"
cp Cargo.lock "$work/out/rust/taobao-top/"
(cd "$work/out/rust/taobao-top" && CARGO_TARGET_DIR="$OLDPWD/target" cargo clippy --quiet --all-targets --all-features -- -D warnings)

echo "== Python: ruff, mypy --strict"
(cd "$work/out/python/taobao_top" && "$OLDPWD/.venv/bin/ruff" check src tests && MYPYPATH=src "$OLDPWD/.venv/bin/mypy" --strict src/taobao_top tests)

echo "== TypeScript: tsc --strict over every declaration (a program importing every API module)"
tools="$PWD/tests/typescript/node_modules"
ts="$work/ts-check"
mkdir -p "$ts/node_modules/@topgen"
ln -s "$work/out/typescript/taobao-top" "$ts/node_modules/@topgen/taobao-top"
printf '{ "name": "check", "private": true, "type": "module" }\n' >"$ts/package.json"
for m in "$work"/out/typescript/taobao-top/apis/*.js; do
  m="$(basename "$m" .js)"
  printf 'import * as api_%s from "@topgen/taobao-top/%s";\nvoid api_%s;\n' "$m" "$m" "$m"
done >"$ts/all.ts"
"$tools/.bin/tsc" --strict --noUncheckedIndexedAccess --noEmit --skipLibCheck false --module nodenext \
  --moduleResolution nodenext --target es2022 --typeRoots "$tools/@types" --types node "$ts/all.ts"
(cd "$work/out/typescript/taobao-top" && node --test test/ >/dev/null)
echo "run-catalogue: the catalogue slice passes every checker"
