#!/usr/bin/env bash
# Scratch crates outside the repository, built as a user would:
# 1. The README's "Using topgen from build.rs" section, file by file exactly as written (each
#    fenced block follows a line naming its file in backticks), next to a `topgen` folder that is
#    this checkout. It must build without a single warning (no `unexpected cfg`), with and
#    without its transports, and its module must prepare a request.
# 2. A crate with its own `#[serde(untagged)]` and `#[serde(flatten)]` float parsing that depends
#    on the generated `taobao-top`: the dependency must not change how serde_json parses the
#    user's own types (serde_json's `arbitrary_precision` would break both).
# 3. Per generated crate (taobao-top, h7b-taobao), a new project next to the `topgen` checkout:
#    its Cargo.toml's dependencies are the package README's install block as written, its main.rs
#    the README's Configure example and its first API example (each as rustdoc compiles it, in a
#    function of its own). It must build without a warning; the Configure example runs (it sends
#    nothing; the call would reach the production gateway, so it is only compiled).
#   bash tests/rust-scratch.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TERM_COLOR=never
# The workspace's compiled dependencies and versions.
export CARGO_TARGET_DIR="$root/target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$root" "$work/topgen"

echo "== README build.rs section, as written"
app="$work/my-shop"
mkdir -p "$app"
python3 - "$root/README.md" "$app" <<'PY'
import pathlib, re, sys
readme, app = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
section = readme.split("## Using topgen from `build.rs`", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"^`([^`]+)`:\n\n```[a-z]*\n(.*?)^```", section, re.S | re.M)
names = [name for name, _ in blocks]
assert names == ["Cargo.toml", "build.rs", "src/lib.rs"], names
for name, text in blocks:
    path = app / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
PY
cp "$root/Cargo.lock" "$app/"
cat >>"$app/src/lib.rs" <<'RS'

#[cfg(test)]
mod tests {
    #[test]
    fn the_generated_module_prepares_a_signed_request() {
        use crate::top::refund_refuse::RefundRefuseRequest;
        let config = crate::top::ClientConfig::new("12345678", "secret").clock(|| 1_757_914_823_000);
        let mut request = RefundRefuseRequest::new();
        request.set_refund_id(110056431137563058).set_refuse_message("already shipped");
        let prepared = config.prepare(&request, Some("session")).unwrap();
        assert!(prepared.body_text().contains("refund_id=110056431137563058"));
        assert_eq!(prepared.param("sign_method"), Some("hmac-sha256"));
        assert_eq!(prepared.sign.len(), 64);
    }
}
RS
for features in "" "--no-default-features" "--features blocking"; do
  log=$(cd "$app" && cargo build --quiet $features 2>&1) || { echo "$log"; exit 1; }
  if grep -q 'warning' <<<"$log"; then
    echo "$log"
    echo "the README's build.rs crate builds with warnings ($features)" >&2
    exit 1
  fi
done
(cd "$app" && cargo test --quiet --no-default-features)

echo "== a user's serde floats with taobao-top in the build"
user="$work/user-serde"
mkdir -p "$user/src"
cat >"$user/Cargo.toml" <<TOML
[package]
name = "user-serde"
version = "0.1.0"
edition = "2024"

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
taobao-top = { path = "$root/generated/rust/taobao-top" }
TOML
cat >"$user/src/main.rs" <<'RS'
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Amount {
    Number(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
struct Inner {
    price: f64,
}

#[derive(Debug, Deserialize)]
struct Outer {
    name: String,
    #[serde(flatten)]
    inner: Inner,
}

fn main() {
    // taobao-top is used, so it is really in the build.
    let _ = taobao_top::ClientConfig::new("app", "secret");
    let amount: Amount = serde_json::from_str("12.5").expect("untagged float");
    assert_eq!(amount, Amount::Number(12.5));
    let outer: Outer = serde_json::from_str(r#"{"name":"a","price":1.25}"#).expect("flattened float");
    assert_eq!((outer.name.as_str(), outer.inner.price), ("a", 1.25));
    println!("untagged and flatten floats parse");
}
RS
cp "$root/Cargo.lock" "$user/"
(cd "$user" && cargo run --quiet)
echo "== each generated crate's README: install block, Configure and one call, as written"
for crate in taobao-top h7b-taobao; do
  app="$work/$crate-user"
  mkdir -p "$app/src"
  printf '[package]\nname = "%s-user"\nversion = "0.1.0"\nedition = "2024"\n\n' "$crate" >"$app/Cargo.toml"
  python3 - "$root/generated/rust/$crate/README.md" "$app" <<'PY'
import pathlib, re, sys
readme, app = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
sections = {m.group(1): m.group(2) for m in re.finditer(r"^##+ ([^\n]+)\n(.*?)(?=^##+ |\Z)", readme, re.S | re.M)}
fences = lambda text, lang: re.findall(r"^```" + lang + r"\n(.*?)^```", text, re.S | re.M)
install = fences(sections["Install"], "toml")
assert len(install) == 1, install
calls = readme.split("\n## Calling the APIs\n", 1)[1].split("\n## ", 1)[0]
configure, call = fences(sections["Configure"], "rust"), fences(calls, r"rust,no_run")
assert len(configure) == 1 and call, (configure, call)

def shown(block):
    """The block as rustdoc compiles it: its hidden lines (`# …`, `#`) shown."""
    lines = (line[2:] if line.startswith("# ") else "" if line == "#" else line for line in block.splitlines())
    return "".join(line + "\n" for line in lines)

with (app / "Cargo.toml").open("a") as f:
    f.write(install[0])
body = lambda code: "".join("    " + line if line.strip() else line for line in shown(code).splitlines(True))
(app / "src/main.rs").write_text(f"""//! The README's Configure example and its first API call, as written.

fn main() -> Result<(), Box<dyn std::error::Error>> {{
    configure()?;
    if std::env::args().any(|a| a == "--call") {{
        call()?;
    }}
    Ok(())
}}

fn configure() -> Result<(), Box<dyn std::error::Error>> {{
{body(configure[0])}}}

fn call() -> Result<(), Box<dyn std::error::Error>> {{
{body(call[0])}}}
""")
PY
  cp "$root/Cargo.lock" "$app/"
  log=$(cd "$app" && timeout 600 cargo build --quiet 2>&1) || { cat "$app/Cargo.toml"; echo "$log"; exit 1; }
  if grep -q 'warning' <<<"$log"; then
    echo "$log"
    echo "$crate: the README's install and examples build with warnings" >&2
    exit 1
  fi
  (cd "$app" && timeout 60 cargo run --quiet)
  echo "$crate: the README's install block, Configure and first call build as written"
done
echo "rust-scratch: all scratch crates pass"
