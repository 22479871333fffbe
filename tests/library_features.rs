//! topgen as a build-dependency (issue 11): without default features the library pulls no command
//! line, no mock gateway (an HTTP server of its own) and no crypto crates into a user's build.
//! Checked over `cargo tree`, the resolver's own answer, not over our Cargo.toml's text.

use std::collections::BTreeSet;
use std::process::Command;

/// The crates a normal (non-dev, non-build) build of topgen compiles with these cargo flags.
fn normal_dependencies(flags: &[&str]) -> BTreeSet<String> {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--manifest-path",
            manifest,
            "-p",
            "topgen",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .args(flags)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

const CLI_AND_MOCK_ONLY: [&str; 6] = ["clap", "mimalloc", "md-5", "hmac", "sha2", "base64"];

#[test]
fn without_default_features_the_library_pulls_no_cli_mock_or_crypto() {
    let lean = normal_dependencies(&["--no-default-features"]);
    let leaked: Vec<&str> = CLI_AND_MOCK_ONLY
        .into_iter()
        .filter(|c| lean.contains(*c))
        .collect();
    assert!(
        leaked.is_empty(),
        "a build.rs user would compile {leaked:?}; all: {lean:?}"
    );
    assert!(
        lean.contains("tera") && lean.contains("yaml_serde"),
        "the generator itself is there: {lean:?}"
    );
}

#[test]
fn the_default_features_keep_the_command_line_and_the_mock() {
    let full = normal_dependencies(&[]);
    let missing: Vec<&str> = CLI_AND_MOCK_ONLY
        .into_iter()
        .filter(|c| !full.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "`cargo run -- serve-mock` needs {missing:?}"
    );
    let mock_only = normal_dependencies(&["--no-default-features", "--features", "mock"]);
    assert!(
        !mock_only.contains("clap") && mock_only.contains("hmac"),
        "{mock_only:?}"
    );
}
