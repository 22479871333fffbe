#!/usr/bin/env bash
# The TypeScript runtime is written in TypeScript (templates/typescript/runtime/src) and shipped
# in every generated package as JavaScript with declarations (templates/typescript/runtime/dist),
# so a package installs and imports with no build step. This script makes dist from src: tsc
# --strict, then prettier. With --check it builds into a scratch folder and fails when the
# committed dist differs (tests/run-typescript.sh runs it that way). Needs `npm ci` in
# tests/typescript.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$repo/tests/typescript/node_modules"
runtime="$repo/templates/typescript/runtime"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$tools/.bin/tsc" -p "$runtime/tsconfig.json" --typeRoots "$tools/@types" --outDir "$out/dist"
"$tools/.bin/prettier" --config "$repo/tests/typescript/prettierrc.json" --log-level warn --write "$out/dist"
if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$out/dist" "$runtime/dist"; then
    echo "templates/typescript/runtime/dist is not what tsc and prettier make of src: run bash tests/typescript/build-runtime.sh" >&2
    exit 1
  fi
  echo "templates/typescript/runtime/dist matches src"
else
  rm -rf "$runtime/dist"
  cp -R "$out/dist" "$runtime/dist"
  echo "wrote templates/typescript/runtime/dist"
fi
