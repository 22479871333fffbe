//! `generated/` is exactly what the specs and templates generate, and generation is a pure
//! function of its inputs.

use std::path::Path;

use topgen::{Generator, Language};

#[test]
fn generated_folder_equals_a_fresh_generation_byte_for_byte() {
    let report = Generator::new("specs")
        .check(Path::new("generated"))
        .expect("specs are valid");
    assert!(
        report.is_clean(),
        "generated/ is stale; run `cargo run -- generate`:\n{report}"
    );
}

#[test]
fn generation_is_deterministic() {
    let first = Generator::new("specs").plan().expect("plan");
    for _ in 0..3 {
        assert_eq!(Generator::new("specs").plan().expect("plan"), first);
    }
    // The same specs reached through another path give the same bytes (no absolute paths leak).
    let absolute = std::fs::canonicalize("specs").unwrap();
    assert_eq!(
        Generator::new(absolute).plan().expect("plan").files,
        first.files
    );
}

#[test]
fn every_language_gets_files_for_every_gateway() {
    let plan = Generator::new("specs").plan().expect("plan");
    for language in Language::ALL {
        let prefix = format!("{}/", language.folder());
        let count = plan.files.keys().filter(|p| p.starts_with(&prefix)).count();
        assert!(count > 0, "no {language:?} files generated");
    }
    for file in plan.files.values() {
        assert!(
            !file.contains("/work/") && !file.contains("/home/"),
            "an absolute path leaked into the output"
        );
    }
}

#[test]
fn the_keyword_fixture_generates_in_every_language() {
    let plan = Generator::new("tests/fixtures/keywords")
        .plan()
        .expect("the keyword fixture is a valid spec");
    assert!(plan.files.keys().any(|p| p.starts_with("rust/")));
    assert!(plan.files.keys().any(|p| p.starts_with("python/")));
    assert!(plan.files.keys().any(|p| p.starts_with("typescript/")));
}
