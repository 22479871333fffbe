//! Bad specs: each fixture under tests/fixtures/bad-specs/<case>/ must produce exactly the
//! diagnostics in its `expected.txt` (reviewed by hand), exit with code 1, and leave the output
//! folder byte-identical. `UPDATE_SNAPSHOTS=1 cargo test --test diagnostics` rewrites the
//! snapshots; review the diff before committing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use topgen::{Error, Generator};

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir("tests/fixtures/bad-specs")
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 10,
        "expected the bad-spec fixtures, found {}",
        dirs.len()
    );
    dirs
}

/// Every file below `dir` with its bytes, to prove nothing changed.
fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                pending.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_bad_spec_gives_its_located_diagnostics_and_writes_nothing() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let specs = case.join("specs");
        let specs = if specs.is_dir() { specs } else { case.clone() };
        let out = tempfile_dir(&case);
        fs::write(out.join("keep.txt"), "a file topgen did not write").unwrap();
        let before = snapshot_tree(&out);

        let message = match Generator::new(&specs).generate(&out) {
            Err(Error::Specs(d)) => d.to_string(),
            Err(other) => panic!("{}: expected spec diagnostics, got {other}", case.display()),
            Ok(_) => panic!("{}: a bad spec generated output", case.display()),
        };
        assert_eq!(
            snapshot_tree(&out),
            before,
            "{}: the output folder changed",
            case.display()
        );
        fs::remove_dir_all(&out).unwrap();

        let expected_path = case.join("expected.txt");
        if update {
            fs::write(&expected_path, format!("{message}\n")).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end() != message.trim_end() {
            failures.push(format!(
                "--- {} expected:\n{expected}\n--- got:\n{message}\n",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_diagnostic_names_file_line_and_column_and_says_what_to_do() {
    for case in cases() {
        let Err(Error::Specs(d)) = Generator::new(&case).model() else {
            panic!("{}", case.display())
        };
        for diag in &d.0 {
            assert!(
                diag.line > 0 && diag.column > 0,
                "{}: unlocated: {}",
                case.display(),
                diag.message
            );
            assert!(
                diag.help.is_some(),
                "{}: no help: {}",
                case.display(),
                diag.message
            );
            assert!(
                diag.source_line.is_some(),
                "{}: no source line: {}",
                case.display(),
                diag.message
            );
        }
    }
}

#[test]
fn cli_exits_1_for_bad_specs_and_2_for_bad_usage() {
    let bin = env!("CARGO_BIN_EXE_topgen");
    let bad = Command::new(bin)
        .args([
            "validate",
            "--specs",
            "tests/fixtures/bad-specs/unknown_type",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("apis/api.yaml:10:13"), "{stderr}");
    assert!(stderr.contains("did you mean `int64`?"), "{stderr}");

    let usage = Command::new(bin)
        .args(["generate", "--lang", "cobol"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let missing = Command::new(bin)
        .args(["validate", "--specs", "tests/fixtures/no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--specs DIR"));
}

#[test]
fn garbage_input_never_panics() {
    // Every prefix of a real spec, and a few hostile files: the generator reports, never panics.
    let real = fs::read_to_string("specs/top/apis/taobao.refund.refuse.yaml").unwrap();
    let gateway = fs::read_to_string("specs/top/gateway.yaml").unwrap();
    let root = tempfile_dir(Path::new("fuzz"));
    let mut inputs: Vec<String> = real
        .char_indices()
        .step_by(97)
        .map(|(i, _)| real[..i].to_owned())
        .collect();
    inputs.extend(
        [
            "",
            "---",
            "[]",
            "topgen: 1",
            "topgen: 1\napi: []",
            "\u{0}\u{1}",
            "a: &x [*x]",
            "topgen: 99999999999999999999",
        ]
        .map(String::from),
    );
    for (i, text) in inputs.iter().enumerate() {
        let dir = root.join(format!("case{i}"));
        fs::create_dir_all(dir.join("apis")).unwrap();
        fs::write(dir.join("gateway.yaml"), &gateway).unwrap();
        fs::write(dir.join("apis/api.yaml"), text).unwrap();
        let result = std::panic::catch_unwind(|| Generator::new(&dir).model().map(|_| ()));
        assert!(result.is_ok(), "panicked on input {i}: {text:?}");
    }
    fs::remove_dir_all(&root).unwrap();
}

fn tempfile_dir(case: &Path) -> PathBuf {
    let name = case.file_name().unwrap().to_string_lossy();
    let dir = std::env::temp_dir().join(format!("topgen-diag-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the tree at `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn a_binary_built_from_other_templates_refuses_to_generate_or_check_in_the_checkout() {
    // A topgen built before the last template change, run in the checkout, would write old
    // files back (generate) or report a diff that is not there (check). Here the checkout's
    // templates are a copy with one file changed after this binary was built.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checkout = std::env::temp_dir().join(format!("topgen-stale-{}", std::process::id()));
    let _ = fs::remove_dir_all(&checkout);
    copy_tree(&repo.join("templates"), &checkout.join("templates"));
    let run = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_topgen"))
            .current_dir(&checkout)
            .args([command, "--specs"])
            .arg(repo.join("specs"))
            .arg("--out")
            .arg(repo.join("generated"))
            .output()
            .unwrap()
    };
    // The same templates: check answers as usual.
    let same = run("check");
    assert_eq!(same.status.code(), Some(0), "{same:?}");
    let runtime = checkout.join("templates/python/runtime/_http.py");
    let mut text = fs::read_to_string(&runtime).unwrap();
    text.push_str("# changed after the build\n");
    fs::write(&runtime, text).unwrap();
    let before = snapshot_tree(&repo.join("generated"));
    for command in ["check", "generate"] {
        let out = run(command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr
                .contains("built from other templates than ./templates (python/runtime/_http.py)")
                && stderr.contains("cargo build --release --bin topgen"),
            "{command}: {stderr}"
        );
    }
    assert!(
        snapshot_tree(&repo.join("generated")) == before,
        "generate wrote"
    );
    fs::remove_dir_all(&checkout).unwrap();
}
