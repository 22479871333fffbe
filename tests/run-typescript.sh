#!/usr/bin/env bash
# Builds and tests the TypeScript packages topgen generates: the committed runtime JavaScript is
# what tsc and prettier make of its TypeScript source; regenerate (and check nothing changed); the
# generated code is formatted as prettier formats it; every package type-checks under tsc --strict
# as its users see it; its conformance tests pass; the curl golden and transport fault tests pass
# (under several time zones); the keyword fixture compiles; and each package installs from a
# scratch project outside the repo in the three ways npm offers (a link, --install-links, a packed
# tarball) with no build step, then imports and type-checks; and the benchmark runs as a fast sample.
# Needs Node >= 20, npm and cargo.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="$repo/tests/typescript"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "npm ci (tests/typescript)"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
tsc="$tools/node_modules/.bin/tsc"
prettier="$tools/node_modules/.bin/prettier"
types="$tools/node_modules/@types"

step "runtime: templates/typescript/runtime/dist is tsc + prettier of src"
bash "$tools/build-runtime.sh" --check

step "generate"
(cd "$repo" && cargo run -q -- generate --lang typescript)

step "formatting: generated JavaScript, declarations and conformance tests are as prettier writes them"
# (README.md is left as written.)
prettier_check() { # folder
  find "$1" \( -name '*.js' -o -name '*.ts' \) -print0 |
    xargs -0 "$prettier" --config "$tools/prettierrc.json" --check --log-level warn
}
prettier_check "$repo/generated/typescript"

# A program that imports the root and every API module of a package, checked like a user's.
strict_check() { # package folder, name, folder for the program
  local pkg="$1" name="$2" app="$3"
  mkdir -p "$app/node_modules/$(dirname "$name")"
  ln -sfn "$pkg" "$app/node_modules/$name"
  printf '{ "name": "check", "private": true, "type": "module" }\n' >"$app/package.json"
  {
    echo "import * as root from \"$name\";"
    for m in "$pkg"/apis/*.js; do
      m="$(basename "$m" .js)"
      echo "import * as api_$m from \"$name/$m\";"
      echo "void api_$m;"
    done
    echo "void root;"
  } >"$app/all.ts"
  "$tsc" --strict --noUncheckedIndexedAccess --exactOptionalPropertyTypes --noEmit --skipLibCheck false \
    --module nodenext --moduleResolution nodenext --target es2022 --typeRoots "$types" --types node "$app/all.ts"
}

for pkg in "$repo"/generated/typescript/*/; do
  pkg="${pkg%/}"
  name="$(node -p "require('$pkg/package.json').name")"
  step "$(basename "$pkg"): tsc --strict over every declaration, conformance tests"
  strict_check "$pkg" "$name" "$scratch/strict-$(basename "$pkg")"
  (cd "$pkg" && node --test test/)
done

step "curl golden and transport faults"
mkdir -p "$tools/node_modules/@topgen"
ln -sfn "$repo/generated/typescript/taobao-top" "$tools/node_modules/@topgen/taobao-top"
rm -rf "$tools/dist"
"$tsc" -p "$tools/tsconfig.json"
for tz in UTC America/New_York Asia/Shanghai; do
  (cd "$tools" && TZ="$tz" node --test dist/curl_golden.test.js)
done
(cd "$tools" && node --test dist/transport_faults.test.js dist/http1.test.js dist/responses.test.js dist/settings.test.js)
step "batch calls, sign debugging, rate-limit bans, pages, OAuth (issue 13)"
(cd "$tools" && node --test dist/batch.test.js dist/sign_bans.test.js dist/paging.test.js dist/oauth.test.js)

step "keyword fixture: generated elsewhere, tsc --strict, descriptions verbatim"
(cd "$repo" && cargo run -q -- generate --lang typescript --specs tests/fixtures/keywords --out "$scratch/kw")
kw="$scratch/kw/typescript/kw-client"
strict_check "$kw" "$(node -p "require('$kw/package.json').name")" "$scratch/strict-kw"
prettier_check "$kw"
(cd "$kw" && node --test test/)
grep -qF 'Ends a comment *\/ and opens /* one; """triple""" and '"'''single'''"'; a back\slash \n \u{41}; ${template} and {{ tera }}' "$kw/apis/kw_type_class.d.ts"
grep -qF '中文，全角。 emoji 🎉' "$kw/apis/kw_type_class.d.ts"

step "case-layout fixture: long lists in cases, the generated tests as prettier writes them, and passing"
(cd "$repo" && cargo run -q -- generate --lang typescript --specs tests/fixtures/case-layout --out "$scratch/cl")
prettier_check "$scratch/cl/typescript/cl-client"
(cd "$scratch/cl/typescript/cl-client" && node --test test/)

step "install from a scratch project outside the repo: link, --install-links, packed tarball"
for pkg in "$repo"/generated/typescript/*/; do
  pkg="${pkg%/}"
  name="$(node -p "require('$pkg/package.json').name")"
  module="$(basename "$(ls "$pkg"/apis/*.js | head -n 1)" .js)"
  client="$(sed -n 's/^export class \([A-Za-z0-9]*Client\) .*/\1/p' "$pkg/index.js")"
  # A copy, so that npm sees the folder exactly as a user's checkout has it (no node_modules).
  copy="$scratch/checkout/$(basename "$pkg")"
  mkdir -p "$copy" && cp -R "$pkg/." "$copy/"
  for how in link install-links pack; do
    app="$scratch/app-$(basename "$pkg")-$how"
    mkdir -p "$app"
    printf '{ "name": "scratch", "private": true, "type": "module" }\n' >"$app/package.json"
    case "$how" in
      link) (cd "$app" && npm install --offline --no-audit --no-fund --loglevel=error "$copy") ;;
      install-links) (cd "$app" && npm install --offline --install-links --no-audit --no-fund --loglevel=error "$copy") ;;
      pack)
        tarball="$(cd "$copy" && npm pack --silent --pack-destination "$scratch")"
        (cd "$app" && npm install --offline --no-audit --no-fund --loglevel=error "$scratch/$tarball") ;;
    esac
    cat >"$app/check.mts" <<TS
import { $client, ApiError, GATEWAY } from "$name";
import * as api from "$name/$module";
const client: $client = new $client({ appKey: "k", secret: "s", clock: () => 0 });
const error: ApiError | undefined = undefined;
console.log(GATEWAY.name, String(client).includes("***"), error === undefined, Object.keys(api).length > 0);
TS
    "$tsc" --strict --skipLibCheck false --module nodenext --moduleResolution nodenext --target es2022 --typeRoots "$types" --types node "$app/check.mts"
    out="$(cd "$app" && node check.mjs)"
    case "$out" in *" true true true") echo "$how: $out" ;; *) echo "$how: unexpected output: $out" >&2; exit 1 ;; esac
  done
done

step "benchmark, fast sample (the figures: bash benches/typescript/run.sh)"
ROUNDS=1 CALLS=400 bash "$repo/benches/typescript/run.sh"

step "all TypeScript checks passed"
