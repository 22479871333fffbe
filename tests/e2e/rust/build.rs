//! Turns the generated READMEs' Rust examples into functions the README test runs against the
//! mock (`$OUT_DIR/readme_examples.rs`, one module per crate).
//!
//! Each fenced `rust` block becomes `fn(url, appkey, secret, session_key)`: rustdoc's hidden
//! lines (`# …`) are shown, as rustdoc compiles them, and the block's own `let url = …;`,
//! `let appkey = …;`, `let secret = …;`, `let session_key = …;` lines are dropped so the
//! parameters — the mock's values — take their place. Everything else runs as written. A block
//! that does not bind each of the four exactly once fails the build: an example the test cannot
//! point at the mock would otherwise go unrun.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const CRATES: [&str; 2] = ["taobao-top", "h7b-taobao"];
const BINDINGS: [&str; 4] = ["url", "appkey", "secret", "session_key"];

struct Block {
    heading: String,
    lang: String,
    code: Vec<String>,
}

fn fenced_blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut heading = String::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_owned();
        } else if let Some(lang) = line.strip_prefix("```") {
            let code = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .map(str::to_owned)
                .collect();
            blocks.push(Block {
                heading: heading.clone(),
                lang: lang.trim().to_owned(),
                code,
            });
        }
    }
    blocks
}

/// The block as rustdoc compiles it, with the four bindings removed.
fn runnable(crate_name: &str, block: &Block) -> String {
    let mut found = [0; 4];
    let mut out = Vec::new();
    for line in &block.code {
        let shown = match line.strip_prefix("# ") {
            Some(rest) => rest,
            None if line == "#" => "",
            None => line,
        };
        let binding = BINDINGS
            .iter()
            .position(|b| shown.starts_with(&format!("let {b} = ")) && shown.ends_with(';'));
        match binding {
            Some(i) => found[i] += 1,
            None => out.push(shown.to_owned()),
        }
    }
    for (name, count) in BINDINGS.iter().zip(found) {
        assert!(
            count == 1,
            "{crate_name} README, section {:?}: the example must bind `let {name} = …;` once (found {count})",
            block.heading
        );
    }
    let last = out
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(String::as_str);
    assert!(
        last.is_some_and(|l| l.starts_with("Ok::<")),
        "{crate_name} README, section {:?}: the example must end with `# Ok::<(), Box<dyn std::error::Error>>(())`",
        block.heading
    );
    out.join("\n")
}

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../..");
    let mut generated = String::new();
    for crate_name in CRATES {
        let path = root.join(format!("generated/rust/{crate_name}/README.md"));
        println!("cargo::rerun-if-changed={}", path.display());
        let readme =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let blocks = fenced_blocks(&readme);
        let module = crate_name.replace('-', "_");
        writeln!(
            generated,
            "/// The `{crate_name}` README, runnable.\npub mod {module} {{"
        )
        .unwrap();
        let install: Vec<_> = blocks
            .iter()
            .filter(|b| b.lang == "toml")
            .map(|b| b.code.join("\n"))
            .collect();
        writeln!(generated, "    /// The README's `toml` blocks (the install instructions).\n    pub const INSTALL: &[&str] = &{install:?};").unwrap();
        let rust: Vec<_> = blocks
            .iter()
            .filter(|b| b.lang == "rust" || b.lang.starts_with("rust,"))
            .collect();
        writeln!(generated, "    /// Every Rust example, in README order, with its section heading.\n    pub const EXAMPLES: &[(&str, super::Example)] = &[").unwrap();
        for (i, block) in rust.iter().enumerate() {
            writeln!(generated, "        ({:?}, example_{i}),", block.heading).unwrap();
        }
        writeln!(generated, "    ];").unwrap();
        for (i, block) in rust.iter().enumerate() {
            writeln!(
                generated,
                "\n    /// Section {heading:?}.\n    fn example_{i}(url: &str, appkey: &str, secret: &str, session_key: &str) -> Result<(), Box<dyn std::error::Error>> {{\n{code}\n    }}",
                heading = block.heading,
                code = runnable(crate_name, block),
            )
            .unwrap();
        }
        writeln!(generated, "}}\n").unwrap();
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("readme_examples.rs");
    fs::write(out, generated).unwrap();

    // The catalogue fixture: one imported API, generated the way the README's build.rs does it.
    let specs = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("fixtures/specs");
    println!("cargo::rerun-if-changed={}", specs.display());
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("catalogue");
    fs::create_dir_all(&out).unwrap();
    if let Err(e) = topgen::Generator::new(&specs).generate_rust_modules(&out) {
        panic!("{e}");
    }
}
