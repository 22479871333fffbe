#!/usr/bin/env bash
# Issue 12 benchmark for the generated TypeScript client: installs node-taobao-topclient from its
# committed lockfile, links generated/typescript/taobao-top, and prints rates and ratios.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$here/node_modules/@topgen"
ln -sfn "$repo/generated/typescript/taobao-top" "$here/node_modules/@topgen/taobao-top"
(cd "$here" && node bench.mjs)
