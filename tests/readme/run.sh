#!/usr/bin/env bash
# The `readme` stage: every block of the project README.md runs as written (tests/readme/check.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked --quiet --bin topgen
python3 tests/readme/check.py
