"""Writes the Rust catalogue-mock runner (issue 10) for a generated Rust crate: a small crate whose
`main.rs` has, per API of the crate, a function that builds the typed request with its `set_*`
setters (each value the plan's sample read by the runtime's `FromJson` as the setter's type),
calls `BlockingClient::execute` and returns the typed response written back as JSON;
support.rs (beside this file) relays, checks and prints the summary.

    python gen.py CRATE_DIR OUT_DIR

The setters and their types are read from the crate's `api_request!` blocks, so the runner follows
whatever the generator emits; the values and the expected response shapes come from the plan
(tests/python/catalogue_mock.py `plan`: the spec YAML), not from the crate."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = re.compile(
    r"api_request! \{.*?pub struct (\w+) for ApiInfo \{\s*name: \"([^\"]+)\"", re.S
)
PARAM = re.compile(
    r"^\s*((?:r#)?\w+): (.+?) = \"([^\"]+)\", (set_\w+)\((?:into|copy)\)", re.M
)


def calls(crate: Path) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    """(API name, module, request type, [(setter, Rust type, wire name)]) per API module."""
    found = []
    for path in sorted((crate / "src").glob("*.rs")):
        text = path.read_text(encoding="utf-8")
        head = HEAD.search(text)
        if head is None:
            continue
        block = text[head.end() : text.index("\n}\n", head.end())]
        params = [(m[4], m[2], m[3]) for m in PARAM.finditer(block)]
        found.append((head[2], path.stem, head[1], params))
    return found


def main_rs(crate: Path) -> str:
    out = [
        "// Written by tests/rust-catalogue-mock/gen.py; one call per API of the crate.",
        "#![allow(clippy::all, unused_imports)]",
        '#[path = "support.rs"]',
        "mod support;",
        "use support::{Call, Ctx, Params};",
        "use taobao_top::json::Json;",
        "",
    ]
    table = []
    for i, (name, module, request, params) in enumerate(calls(crate)):
        out.append(f"mod api{i} {{")
        out.append(f"    use taobao_top::{module}::*;")
        out.append("    use super::*;")
        p, mut = ("p", "mut ") if params else ("_p", "")
        out.append(
            f"    pub fn call(ctx: &Ctx, {p}: &Params<'_>, simplify: bool) -> Result<Json, String> {{"
        )
        out.append(f"        let {mut}request = {request}::new();")
        for setter, ty, wire in params:
            ty = ty.replace("super::", "taobao_top::")
            out.append(f'        request.{setter}(p.get::<{ty}>("{wire}")?);')
        out.append(
            "        let response = ctx.client(simplify).execute(&request, Some(support::SESSION))"
            ".map_err(|e| e.to_string())?;"
        )
        out.append("        Ok(support::typed(&response))")
        out.append("    }")
        out.append("}")
        table.append(f'    ("{name}", api{i}::call as Call),')
    out.append("const CALLS: &[(&str, Call)] = &[")
    out.extend(table)
    out.append("];")
    out.append("")
    out.append("fn main() -> std::process::ExitCode {")
    out.append("    let args: Vec<String> = std::env::args().collect();")
    out.append("    support::run(&args[1], &args[2], CALLS)")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> int:
    crate, dest = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    (dest / "src").mkdir(parents=True, exist_ok=True)
    (dest / "Cargo.toml").write_text(
        "[package]\n"
        'name = "rust-catalogue-mock"\n'
        'version = "0.0.0"\n'
        'edition = "2024"\n'
        "publish = false\n\n"
        "[dependencies]\n"
        # The raw body's independent reader: exact numbers, whatever their size.
        'serde_json = { version = "1", features = ["arbitrary_precision"] }\n'
        f'taobao-top = {{ path = "{crate}", default-features = false, features = ["blocking"] }}\n\n'
        "[workspace]\n",
        encoding="utf-8",
    )
    shutil.copy(HERE / "support.rs", dest / "src" / "support.rs")
    (dest / "src" / "main.rs").write_text(main_rs(crate), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
