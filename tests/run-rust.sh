#!/usr/bin/env bash
# Everything the Rust side promises, from a clean checkout; exits non-zero on the first failure.
#   bash tests/run-rust.sh
# Steps: build topgen; regenerate generated/rust and fail if it changed (the committed crates
# must be what topgen writes); clippy, test and doc for the workspace (topgen, the generated
# crates, the build.rs demo); the curl golden under several time zones; the keyword fixture
# generated into a temp folder must pass rustfmt, clippy and rustdoc; so must the case-layout fixture
# (long lists in cases), whose conformance tests run; the build.rs demo runs and prints
# the documented signed body.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }
started=$SECONDS

step "build topgen"
cargo build --quiet

step "generated/rust is up to date"
cargo run --quiet -- generate --lang rust
if ! git diff --quiet -- generated/rust || [ -n "$(git ls-files --others --exclude-standard generated/rust)" ]; then
  git status --short generated/rust
  echo "generated/rust changed: commit the regenerated crates" >&2
  exit 1
fi

step "rustfmt (generated library code and tests, as rustfmt would write them)"
rustfmt --check --edition 2024 generated/rust/*/src/*.rs generated/rust/*/tests/*.rs

step "clippy (workspace, all targets, all features)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "clippy (generated crates without transports)"
for crate in generated/rust/*/; do
  cargo clippy --quiet -p "$(basename "$crate")" --no-default-features -- -D warnings
done

step "tests (generated crates, build.rs demo; topgen's own tests run in the generator stage)"
cargo test --workspace --exclude topgen
cargo test --quiet --test rust_curl_golden

step "curl golden under other time zones"
for zone in UTC America/New_York; do
  TZ=$zone cargo test --quiet --test rust_curl_golden
done

step "rustdoc (generated crates, warnings are errors)"
for crate in generated/rust/*/; do
  RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p "$(basename "$crate")"
done

step "keyword fixture compiles, lints clean and documents verbatim text"
fixture=$(mktemp -d)
trap 'rm -rf "$fixture"' EXIT
cargo run --quiet -- generate --lang rust --specs tests/fixtures/keywords --out "$fixture"
# The workspace's lock and target dir: the same dependency versions, already compiled.
cp Cargo.lock "$fixture/rust/kw-client/"
rustfmt --check --edition 2024 "$fixture"/rust/kw-client/src/*.rs "$fixture"/rust/kw-client/tests/*.rs
(
  cd "$fixture/rust/kw-client"
  export CARGO_TARGET_DIR="$OLDPWD/target"
  cargo clippy --quiet --all-targets --all-features -- -D warnings
  RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps
  cargo test --quiet
  grep -q 'Ends a comment \*/ and opens /\* one' src/kw_type_class.rs
)

step "case-layout fixture: long lists in cases, the generated tests as rustfmt writes them, and passing"
cargo run --quiet -- generate --lang rust --specs tests/fixtures/case-layout --out "$fixture/cl"
cp Cargo.lock "$fixture/cl/rust/cl-client/"
rustfmt --check --edition 2024 "$fixture"/cl/rust/cl-client/src/*.rs "$fixture"/cl/rust/cl-client/tests/*.rs
(
  cd "$fixture/cl/rust/cl-client"
  export CARGO_TARGET_DIR="$OLDPWD/target"
  cargo clippy --quiet --all-targets -- -D warnings
  cargo test --quiet --test conformance
)

step "scratch crates: the README's build.rs section as written; a user's serde floats beside taobao-top; each generated README's install block, Configure and first call"
bash tests/rust-scratch.sh

step "build.rs demo"
out=$(cargo run --quiet -p build-rs-demo)
echo "$out"
grep -q '^sign=26C0CB0C9BB0DC1F40A53C021AE9F584$' <<<"$out"
grep -q 'timestamp=2025-09-15+13%3A40%3A23' <<<"$out"

printf '\nrun-rust: all passed in %ss\n' "$((SECONDS - started))"
