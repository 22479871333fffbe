#!/usr/bin/env bash
# The README's "Pick your APIs from the whole catalogue" section, run exactly as written, and the
# catalogue's acceptance check: in a scratch copy of the checkout with no catalogue metadata next
# to it, `generate --apis` gives three packages whose parse of a wrapped-list
# trade_fullinfo_get_response yields typed orders with the exact 18-digit oid.
#
#   bash tests/readme-pick-apis.sh [python typescript rust]   (default: all three)
#
# The first shell block runs in the copy's root, the others in the folder holding the copy (where
# `out/` is), one `bash -e` each; a code block whose first line is a comment naming a file
# (`# trade.py`, `// app-rs/src/main.rs`) is written there. Needs cargo,
# python3 (venv, pip reaching PyPI for hatchling) and node/npm.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
languages=("${@:-python typescript rust}")
read -r -a languages <<<"${languages[*]}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
checkout=$scratch/topgen
mkdir -p "$checkout"
# The checkout as a user has it (tracked and new files, no build output), nothing next to it.
git ls-files -z --cached --others --exclude-standard | (cd "$repo" && xargs -0 cp --parents -t "$checkout" 2>/dev/null || true)
[ -d "$scratch/shared" ] && { echo "readme-pick-apis: unexpected $scratch/shared" >&2; exit 2; }
export CARGO_TARGET_DIR=$repo/target # reuse compiled dependencies

# The section's blocks as "LANG<TAB>base64(text)" lines, in order.
blocks=$(python3 - "$repo/README.md" <<'PY'
import base64, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## Pick your APIs from the whole catalogue", 1)[1].split("\n## ", 1)[0]
for lang, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
    print(lang + "\t" + base64.b64encode(body.encode()).decode())
PY
)
# Which language a block belongs to: everything after a **Python** / **TypeScript** / **Rust**
# heading; blocks before the first heading (generate) always run.
section_of() {
  python3 - "$repo/README.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## Pick your APIs from the whole catalogue", 1)[1].split("\n## ", 1)[0]
current = "common"
for m in re.finditer(r"\*\*(Python|TypeScript|Rust)\*\*|```(\w+)\n.*?```", section, re.S):
    if m.group(1):
        current = m.group(1).lower()
    else:
        print(current)
PY
}
mapfile -t owners < <(section_of)
mapfile -t lines <<<"$blocks"
[ "${#owners[@]}" -eq "${#lines[@]}" ] || { echo "readme-pick-apis: could not read the README section" >&2; exit 2; }

failed=()
for i in "${!lines[@]}"; do
  owner=${owners[$i]}
  if [ "$owner" != common ] && [[ " ${languages[*]} " != *" $owner "* ]]; then continue; fi
  [[ " ${failed[*]} " == *" $owner "* ]] && continue
  lang=${lines[$i]%%$'\t'*}
  text=$(base64 -d <<<"${lines[$i]#*$'\t'}")
  case "$lang" in
    sh)
      echo "\$ $text" | sed '2,$s/^/  /'
      dir=$scratch # the language blocks run next to the checkout, where out/ is
      [ "$owner" = common ] && dir=$checkout
      if ! out=$(cd "$dir" && bash -e -c "$text" 2>&1); then
        echo "$out" | tail -n 30
        echo "readme-pick-apis: FAILED ($owner)"
        failed+=("$owner")
        [ "$owner" = common ] && exit 1
        continue
      fi
      [ -n "$out" ] && echo "$out" | sed 's/^/  | /'
      if [[ "$text" == *"python trade.py"* || "$text" == *"node trade.mjs"* || "$text" == *"cargo run --quiet"* ]]; then
        if grep -qx '204051953089156588' <<<"$out"; then
          echo "  ok: $owner parses the wrapped order list, oid 204051953089156588 exact"
        else
          echo "readme-pick-apis: FAILED ($owner): expected the line 204051953089156588"
          failed+=("$owner")
        fi
      fi
      ;;
    *)
      file=$(head -n 1 <<<"$text" | sed -E 's@^(#|//) *@@')
      mkdir -p "$(dirname "$scratch/$file")"
      printf '%s\n' "$text" >"$scratch/$file"
      echo "  (wrote $file)"
      ;;
  esac
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "readme-pick-apis: failed for: ${failed[*]}"
  exit 1
fi
echo "readme-pick-apis: the README flow works as written for: ${languages[*]}"
