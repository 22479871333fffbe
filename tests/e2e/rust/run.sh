#!/usr/bin/env bash
# End-to-end tests of the generated Rust clients (async `Client` and `BlockingClient`) against the
# mock gateway (`topgen serve-mock`, spawned by the tests on a free 127.0.0.1 port), plus the
# crate READMEs' examples run against it. Called from the repo root by tests/run-e2e.sh after
# `cargo build --bin topgen`. Uses the tooling tests/run-rust.sh uses: cargo and the workspace
# (this crate is the member `tests/e2e/rust`).
#   bash tests/e2e/rust/run.sh [extra cargo test args]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never

if ! command -v cargo >/dev/null 2>&1; then
  echo "e2e-rust: cargo is missing; install the Rust toolchain (rustup) that tests/run-rust.sh uses" >&2
  exit 2
fi
if [ ! -x target/debug/topgen ]; then
  echo "e2e-rust: target/debug/topgen is missing; run 'cargo build --bin topgen' first" >&2
  exit 2
fi
for crate in taobao-top h7b-taobao; do
  if [ ! -f "generated/rust/$crate/Cargo.toml" ]; then
    echo "e2e-rust: generated/rust/$crate is missing; run 'target/debug/topgen generate --lang rust'" >&2
    exit 2
  fi
done

started=$SECONDS
cargo clippy --quiet --locked -p topgen-e2e-rust --all-targets -- -D warnings
# Build first (unbounded: a cold build compiles tokio and rustls), then run under a bound so a
# hung test fails the stage instead of holding it.
cargo test --quiet --locked -p topgen-e2e-rust --no-run
timeout --kill-after=10 300 cargo test --quiet --locked -p topgen-e2e-rust "$@"
# The client benchmark's sample (debug build, a few milliseconds per pair): it checks that the
# hand-written floor builds the same bytes as `prepare` and that the fixture parses; the figures
# come from `cargo bench -p topgen-e2e-rust --bench client` (README, Benchmarks).
BENCH_MS=20 timeout --kill-after=10 120 cargo test --quiet --locked -p topgen-e2e-rust --bench client
# The end-to-end benchmark's sample (debug build, one short round): the loopback gateway, the
# generated async client and raw hyper all answer, and the memory runs (10,000 calls each) finish;
# the figures come from `cargo bench -p topgen-e2e-rust --bench e2e`.
BENCH_ROUNDS=1 BENCH_CALLS=5 timeout --kill-after=10 180 cargo test --quiet --locked -p topgen-e2e-rust --bench e2e
printf 'e2e-rust: all passed in %ss\n' "$((SECONDS - started))"
