#!/usr/bin/env bash
# Random specs, compiled: validate ⇒ generate ⇒ compiles, in all three languages.
#   bash tests/run-random-specs.sh                      (CI sample: 300 specs validated, 1 compiled, plus the kept seeds)
#   TOPGEN_RANDOM_SEED=7 TOPGEN_RANDOM_CASES=5000 TOPGEN_RANDOM_SAMPLE=20 bash tests/run-random-specs.sh
#                                                       (a long run; any seed, any counts)
# tests/random_specs.rs builds the random spec folders (hostile names, enum values, descriptions,
# nesting), asserts that topgen accepts and generates each one or refuses it with located
# diagnostics, and writes the first TOPGEN_RANDOM_SAMPLE accepted ones (plus the kept seeds in
# tests/fixtures/random-specs/) into a scratch folder. This script then runs, on every package:
# Rust `cargo clippy --all-targets -- -D warnings` (the workspace's Cargo.lock and target dir),
# Python `mypy --strict` (.venv from tests/venv.sh), TypeScript `tsc --strict` over a program that
# imports every module (tests/typescript/node_modules), and node loading each module; and rustfmt,
# ruff format and prettier --check on the generated conformance tests. It prints the cases, the
# failures and the time, and keeps the scratch folder of a failed run.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export CARGO_TERM_COLOR=never
started=$SECONDS
out="$(mktemp -d "${TMPDIR:-/tmp}/topgen-random-specs.XXXXXX")"
failures=()

# Seed 2 by default: `cargo test` alone runs seed 1, whose first valid cases are kept seeds.
export TOPGEN_RANDOM_SEED="${TOPGEN_RANDOM_SEED:-2}"
echo "== random specs: validate and generate (seed $TOPGEN_RANDOM_SEED, ${TOPGEN_RANDOM_CASES:-300} cases)"
if ! TOPGEN_RANDOM_OUT="$out" TOPGEN_RANDOM_SAMPLE="${TOPGEN_RANDOM_SAMPLE:-1}" \
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
  local t=$SECONDS
  if "$@" >"$out/last.log" 2>&1; then
    echo "   $name: ok ($((SECONDS - t)) s)"
  else
    failures+=("$name")
    echo "FAILED: $name ($((SECONDS - t)) s)"
    head -80 "$out/last.log"
  fi
}

# Every case's packages are checked together, one compiler run per language (the machine is
# shared; starting mypy and tsc once per package costs more than the checking).
cases=0
crates=() pythons=() tspkgs=()
declare -A seen=()
for case in "$out"/*/; do
  case="${case%/}"
  [ -d "$case/rust" ] || continue
  # A sample equal to a kept seed (same packages) is checked once.
  key="$(ls "$case/rust")"
  if [ -n "${seen[$key]:-}" ]; then
    echo "   $(basename "$case"): the same packages as ${seen[$key]}, checked once"
    continue
  fi
  seen[$key]="$(basename "$case")"
  cases=$((cases + 1))
  echo "   $(basename "$case"): $(ls "$case/rust" | tr '\n' ' ')"
  for crate in "$case"/rust/*/; do crates+=("\"${crate#"$out"/}\""); done
  for pkg in "$case"/python/*/; do pythons+=("$pkg/src/$(basename "$pkg")"); done
  for pkg in "$case"/typescript/*/; do tspkgs+=("${pkg%/}"); done
done

# The conformance tests (random request cases: long lists, long texts, nested structs) are laid
# out as each language's formatter writes them.
conformance_rs=() conformance_py=() conformance_js=()
for f in "$out"/*/rust/*/tests/conformance.rs; do [ -f "$f" ] && conformance_rs+=("$f"); done
for f in "$out"/*/python/*/tests/test_conformance.py; do [ -f "$f" ] && conformance_py+=("$f"); done
for f in "$out"/*/typescript/*/test/conformance.test.js; do [ -f "$f" ] && conformance_js+=("$f"); done
if [ "${#conformance_rs[@]}" -gt 0 ]; then
  check "rust: rustfmt --check (${#conformance_rs[@]} conformance tests)" rustfmt --check --edition 2024 "${conformance_rs[@]}"
  check "python: ruff format --check (${#conformance_py[@]} conformance tests)" "$repo/.venv/bin/ruff" format --check "${conformance_py[@]}"
  check "typescript: prettier --check (${#conformance_js[@]} conformance tests)" "$repo/tests/typescript/node_modules/.bin/prettier" \
    --config "$repo/tests/typescript/prettierrc.json" --check --log-level warn "${conformance_js[@]}"
fi

# Rust: one workspace of all crates, with the repository's lock and target dir.
members=$(IFS=,; echo "${crates[*]}")
printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "$members" >"$out/Cargo.toml"
cp Cargo.lock "$out/"
check "rust: cargo clippy -D warnings (${#crates[@]} crates)" env CARGO_TARGET_DIR="$repo/target" \
  cargo clippy --quiet --manifest-path "$out/Cargo.toml" --workspace --all-targets --all-features -- -D warnings

# Python: one mypy run; each package is its own top-level name.
mypypath=$(printf '%s:' "${pythons[@]%/*}")
check "python: mypy --strict (${#pythons[@]} packages)" env MYPYPATH="$mypypath" \
  "$repo/.venv/bin/mypy" --strict --cache-dir "$out/.mypy_cache" "${pythons[@]}"

# Python: import every module of every package (mypy does not run the code).
cat >"$out/import_all.py" <<'PY'
import importlib, pkgutil, sys
for path in sys.argv[1:]:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
PY
check "python: import every module (${#pythons[@]} packages)" env PYTHONPATH="$mypypath" \
  "$repo/.venv/bin/python" "$out/import_all.py" "${pythons[@]}"

# TypeScript: a program that imports every package's root and API modules, checked like a
# user's program (as tests/run-typescript.sh does), then loaded by node.
app="$out/ts-app"
mkdir -p "$app/node_modules"
printf '{ "name": "check", "private": true, "type": "module" }\n' >"$app/package.json"
: >"$app/all.ts"
: >"$app/all.mjs"
i=0
for pkg in "${tspkgs[@]}"; do
  name="$(node -p "require('$pkg/package.json').name")"
  mkdir -p "$app/node_modules/$(dirname "$name")"
  ln -sfn "$pkg" "$app/node_modules/$name"
  echo "import * as p$i from \"$name\"; void p$i;" >>"$app/all.ts"
  echo "await import(\"$name\");" >>"$app/all.mjs"
  for m in "$pkg"/apis/*.js; do
    m="$(basename "$m" .js)"
    echo "import * as p${i}_$m from \"$name/$m\"; void p${i}_$m;" >>"$app/all.ts"
    echo "await import(\"$name/$m\");" >>"$app/all.mjs"
  done
  i=$((i + 1))
done
check "typescript: tsc --strict over every declaration (${#tspkgs[@]} packages)" "$tsc" --strict --noUncheckedIndexedAccess \
  --exactOptionalPropertyTypes --noUnusedLocals --noEmit --skipLibCheck false --module nodenext --moduleResolution nodenext \
  --target es2022 --typeRoots "$types" --types node "$app/all.ts"
check "typescript: node loads every module (${#tspkgs[@]} packages)" node "$app/all.mjs"

echo "random specs: $cases generated cases compiled in 3 languages, ${#failures[@]} failure(s), $((SECONDS - started)) s"
if [ "${#failures[@]}" -gt 0 ]; then
  printf '  failed: %s\n' "${failures[@]}"
  echo "  the spec folders are kept in $out (each case's specs/ holds its YAML)"
  exit 1
fi
rm -rf "$out"
