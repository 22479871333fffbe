#!/usr/bin/env bash
# Builds and tests the TypeScript packages topgen generates: regenerate (and check nothing
# changed), compile each package with `tsc --strict`, run its conformance tests, run the curl
# golden and transport fault tests (under two time zones), compile the keyword fixture, and
# install each packed package into a scratch project. Needs Node >= 20, npm and cargo.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="$repo/tests/typescript"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "npm ci (tests/typescript)"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
tsc="$tools/node_modules/.bin/tsc"
types="$tools/node_modules/@types"

step "generate"
(cd "$repo" && cargo run -q -- generate --lang typescript)

for pkg in "$repo"/generated/typescript/*/; do
  pkg="${pkg%/}"
  step "$(basename "$pkg"): tsc --strict and conformance tests"
  rm -rf "$pkg/dist" "$pkg/dist-test"
  "$tsc" -p "$pkg/tsconfig.json" --typeRoots "$types"
  "$tsc" -p "$pkg/tsconfig.test.json" --typeRoots "$types"
  (cd "$pkg" && node --test dist-test/test/conformance.test.js)
done

step "curl golden and transport faults"
mkdir -p "$tools/node_modules/@topgen"
ln -sfn "$repo/generated/typescript/taobao-top" "$tools/node_modules/@topgen/taobao-top"
rm -rf "$tools/dist"
"$tsc" -p "$tools/tsconfig.json"
for tz in UTC America/New_York Asia/Shanghai; do
  (cd "$tools" && TZ="$tz" node --test dist/curl_golden.test.js)
done
(cd "$tools" && node --test dist/transport_faults.test.js)

step "keyword fixture: generated elsewhere, tsc --strict, descriptions verbatim"
(cd "$repo" && cargo run -q -- generate --lang typescript --specs tests/fixtures/keywords --out "$scratch/kw")
kw="$scratch/kw/typescript/kw-client"
"$tsc" -p "$kw/tsconfig.test.json" --typeRoots "$types"
grep -qF 'Ends a comment *\/ and opens /* one; """triple""" and '"'''single'''"'; a back\slash \n \u{41}; ${template} and {{ tera }}' "$kw/src/apis/kw_type_class.ts"
grep -qF '中文，全角。 emoji 🎉' "$kw/src/apis/kw_type_class.ts"

step "pack, install offline into a scratch project, type-check"
for pkg in "$repo"/generated/typescript/*/; do
  pkg="${pkg%/}"
  name="$(node -p "require('$pkg/package.json').name")"
  copy="$scratch/pack/$(basename "$pkg")"
  mkdir -p "$copy" && cp -R "$pkg/." "$copy/" && rm -rf "$copy/dist" "$copy/dist-test"
  ln -s "$tools/node_modules" "$copy/node_modules"
  tarball="$(cd "$copy" && npm pack --silent --pack-destination "$scratch/pack")"
  app="$scratch/app-$(basename "$pkg")"
  mkdir -p "$app"
  printf '{ "name": "scratch", "private": true, "type": "module" }\n' >"$app/package.json"
  (cd "$app" && npm install --offline --no-audit --no-fund --loglevel=error "$scratch/pack/$tarball")
  client="$(node -e "const s=require('fs').readFileSync('$pkg/src/index.ts','utf8');console.log(/export class (\w+Client) /.exec(s)[1])")"
  cat >"$app/check.ts" <<TS
import { $client, ApiError, GATEWAY } from "$name";
const client: $client = new $client({ appKey: "k", secret: "s", clock: () => 0 });
const error: ApiError | undefined = undefined;
console.log(GATEWAY.name, String(client).includes("***"), error === undefined);
TS
  "$tsc" --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --typeRoots "$types" --types node "$app/check.ts"
  (cd "$app" && cp check.ts check.mts && "$tsc" --module nodenext --moduleResolution nodenext --target es2022 --typeRoots "$types" --types node check.mts && node check.mjs)
done

step "all TypeScript checks passed"
