#!/usr/bin/env bash
# Random specs, compiled: validate ⇒ generate ⇒ compiles, in all three languages.
#   bash tests/run-random-specs.sh                      (CI sample: 300 specs validated, 2 compiled)
#   TOPGEN_RANDOM_SEED=7 TOPGEN_RANDOM_CASES=5000 TOPGEN_RANDOM_SAMPLE=20 bash tests/run-random-specs.sh
#                                                       (a long run; any seed, any counts)
# tests/random_specs.rs builds the random spec folders (hostile names, enum values, descriptions,
# nesting), asserts that topgen accepts and generates each one or refuses it with located
# diagnostics, and writes the first TOPGEN_RANDOM_SAMPLE accepted ones (plus the kept seeds in
# tests/fixtures/random-specs/) into a scratch folder. This script then runs, on every package:
# Rust `cargo clippy --all-targets -- -D warnings` (the workspace's Cargo.lock and target dir),
# Python `mypy --strict` (.venv from tests/venv.sh), TypeScript `tsc --strict` with the package's
# own tsconfig (noUnusedLocals on; tests/typescript/node_modules). It prints the cases, the
# failures and the time, and keeps the scratch folder of a failed run.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export CARGO_TERM_COLOR=never
started=$SECONDS
out="$(mktemp -d "${TMPDIR:-/tmp}/topgen-random-specs.XXXXXX")"
failures=()

echo "== random specs: validate and generate (seed ${TOPGEN_RANDOM_SEED:-1}, ${TOPGEN_RANDOM_CASES:-300} cases)"
if ! TOPGEN_RANDOM_OUT="$out" TOPGEN_RANDOM_SAMPLE="${TOPGEN_RANDOM_SAMPLE:-2}" \
  cargo test --locked --quiet --test random_specs -- --nocapture --test-threads 1 2>&1 | grep -v '^$'; then
  echo "random specs: validation failed (see above)" >&2
  exit 1
fi

bash tests/venv.sh >/dev/null || { echo "random specs: tests/venv.sh failed" >&2; exit 1; }
(cd tests/typescript && [ -x node_modules/.bin/tsc ] || npm ci --no-audit --no-fund --loglevel=error) ||
  { echo "random specs: npm ci failed" >&2; exit 1; }
tsc="$repo/tests/typescript/node_modules/.bin/tsc"
types="$repo/tests/typescript/node_modules/@types"

check() { # name, command...
  local name="$1"; shift
  if ! "$@" >"$out/last.log" 2>&1; then
    failures+=("$name")
    echo "FAILED: $name"
    head -60 "$out/last.log"
  fi
}

cases=0
for case in "$out"/*/; do
  case="${case%/}"
  [ -d "$case/rust" ] || continue
  cases=$((cases + 1))
  label="$(basename "$case")"
  echo "== $label"
  for crate in "$case"/rust/*/; do
    cp Cargo.lock "$crate"
    check "$label rust clippy" env CARGO_TARGET_DIR="$repo/target" \
      cargo clippy --quiet --manifest-path "$crate/Cargo.toml" --all-targets --all-features -- -D warnings
  done
  for pkg in "$case"/python/*/; do
    name="$(basename "$pkg")"
    check "$label python mypy --strict" env MYPYPATH="$pkg/src" "$repo/.venv/bin/mypy" --strict --no-incremental "$pkg/src/$name"
  done
  for pkg in "$case"/typescript/*/; do
    check "$label typescript tsc --strict" "$tsc" -p "$pkg/tsconfig.json" --typeRoots "$types" --outDir "$out/tsc-out"
  done
done

echo "random specs: $cases generated cases compiled in 3 languages, ${#failures[@]} failure(s), $((SECONDS - started)) s"
if [ "${#failures[@]}" -gt 0 ]; then
  printf '  failed: %s\n' "${failures[@]}"
  echo "  the spec folders are kept in $out (each case's specs/ holds its YAML)"
  exit 1
fi
rm -rf "$out"
