#!/usr/bin/env bash
# Every test of topgen and of the generated clients, in Rust, Python and TypeScript.
# Works on a fresh machine: installs Python tools into .venv and npm tools with `npm ci`.
# Usage: bash tests/run-all.sh            (all stages)
#        bash tests/run-all.sh rust python (only these stages)
set -uo pipefail
cd "$(dirname "$0")/.."

all_stages=(generator readme schema random rust python typescript catalogue e2e)
stages=("${all_stages[@]}")
[ $# -gt 0 ] && stages=("$@")

for tool in cargo python3 node npm; do
  command -v "$tool" >/dev/null || { echo "run-all: '$tool' is needed and not on PATH" >&2; exit 2; }
done

stage_generator() {
  cargo fmt --check &&
    cargo build --locked --quiet --bin topgen &&
    cargo test --locked -p topgen &&
    cargo check --locked --quiet --lib --no-default-features &&
    RUSTDOCFLAGS="-D warnings" cargo doc --locked --quiet --no-deps -p topgen &&
    RUSTDOCFLAGS="-D warnings" cargo doc --locked --quiet --no-deps -p topgen --no-default-features &&
    target/debug/topgen validate &&
    target/debug/topgen check
}

stage_schema() {
  bash tests/venv.sh &&
    .venv/bin/python -m pytest -q tests/schema
}

stage_readme() { bash tests/readme/run.sh; }
stage_random() { bash tests/run-random-specs.sh; }
stage_rust() { bash tests/run-rust.sh; }
stage_python() { bash tests/run-python.sh; }
stage_typescript() { bash tests/run-typescript.sh; }
stage_catalogue() { bash tests/run-catalogue.sh; }
stage_e2e() { bash tests/run-e2e.sh; }

passed=0 failed=0 failed_names=()
for stage in "${stages[@]}"; do
  if ! declare -F "stage_$stage" >/dev/null; then
    echo "run-all: unknown stage '$stage' (stages: ${all_stages[*]})" >&2
    exit 2
  fi
  script="tests/run-$stage.sh"
  [ "$stage" = random ] && script="tests/run-random-specs.sh"
  if [[ "$stage" =~ ^(rust|python|typescript|catalogue|e2e|random)$ ]] && [ ! -f "$script" ]; then
    echo "run-all: $script is missing" >&2
    failed=$((failed + 1)); failed_names+=("$stage"); continue
  fi
  echo "=== stage: $stage"
  start=$SECONDS
  if "stage_$stage"; then
    passed=$((passed + 1))
    echo "=== stage $stage passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1)); failed_names+=("$stage")
    echo "=== stage $stage FAILED after $((SECONDS - start)) s"
  fi
done

[ "$failed" -gt 0 ] && echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
