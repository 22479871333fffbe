#!/usr/bin/env bash
# End-to-end tests of the generated TypeScript clients against `topgen serve-mock`, and the
# generated READMEs' examples run as written. Called from the repository root by tests/run-e2e.sh
# after `cargo build --bin topgen`; needs Node >= 20 and the tooling `tests/run-typescript.sh`
# installs (tests/typescript/node_modules, from `npm ci`). Uses loopback only.
#
# The packages are generated afresh into a scratch folder by target/debug/topgen (the tree is not
# touched); they need no build step. The tests are compiled with tsc --strict next to them.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$repo/tests/e2e/typescript"
tools="$repo/tests/typescript/node_modules"
topgen="$repo/target/debug/topgen"

fail() { printf 'tests/e2e/typescript/run.sh: %s\n' "$*" >&2; exit 1; }
step() { printf '\n== e2e typescript: %s\n' "$*"; }

command -v node >/dev/null || fail "node is not installed (Node >= 20 is needed)"
[ "$(node -p 'Number(process.versions.node.split(".")[0]) >= 20')" = true ] || fail "Node >= 20 is needed, found $(node --version)"
[ -x "$tools/.bin/tsc" ] && [ -d "$tools/@types/node" ] ||
  fail "$tools is missing: run \`(cd tests/typescript && npm ci)\` (or bash tests/run-typescript.sh) first"
[ -x "$topgen" ] || fail "$topgen is missing: run \`cargo build --bin topgen\` first"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tsc="$tools/.bin/tsc"

step "generate into a scratch folder"
(cd "$repo" && "$topgen" generate --lang typescript --out "$scratch/gen" >/dev/null)
work="$scratch/e2e"
mkdir -p "$work/node_modules/@topgen"
for pkg in "$scratch"/gen/typescript/*/; do
  pkg="${pkg%/}"
  ln -s "$pkg" "$work/node_modules/@topgen/$(basename "$pkg")"
done

step "compile the tests"
cp -R "$here/package.json" "$here/tsconfig.json" "$here/support" "$here"/*.test.ts "$work/"
ln -s "$tools/@types" "$work/node_modules/@types"
"$tsc" -p "$work/tsconfig.json"

step "run against the mock"
started=$(date +%s)
(cd "$work" && E2E_REPO="$repo" E2E_SCRATCH="$scratch" E2E_TOOLS="$tools" \
  node --test --test-timeout=120000 dist/*.test.js)
printf '\n== e2e typescript: all passed in %ss\n' "$(( $(date +%s) - started ))"
