//! Hostile spec folders: what a spec from a pull request or an import can try against the loader
//! and the checker. Each test names the attack it exists for; every one must end in a located
//! diagnostic (never a panic, a stack overflow, or a manifest with injected keys).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use topgen::{Error, Generator};

const GATEWAY: &str = "tests/fixtures/bad-specs/rename_collision/gateway.yaml";

/// A scratch specs folder with the minimal gateway and `api` as `apis/api.yaml`.
fn specs_with(name: &str, api: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("topgen-hostile-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("apis")).unwrap();
    fs::copy(GATEWAY, dir.join("gateway.yaml")).unwrap();
    fs::write(dir.join("apis/api.yaml"), api).unwrap();
    dir
}

fn diagnostics(dir: &Path) -> topgen::diag::Diagnostics {
    match Generator::new(dir).model() {
        Err(Error::Specs(d)) => d,
        Err(other) => panic!("expected spec diagnostics, got {other}"),
        Ok(_) => panic!("a hostile spec was accepted"),
    }
}

#[test]
fn validate_refuses_a_version_that_would_add_a_build_script() {
    let out = Command::new(env!("CARGO_BIN_EXE_topgen"))
        .args([
            "validate",
            "--specs",
            "tests/fixtures/bad-specs/manifest_injection",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gateway.yaml:6:12"), "{stderr}");
    assert!(stderr.contains("is not a package version"), "{stderr}");
}

#[test]
fn deep_nesting_is_a_located_error_not_a_stack_overflow() {
    // 50,000 levels of `- - - x`: the YAML parser's own loader recursed once per level.
    let deep = format!("{}x\n", "- ".repeat(50_000));
    let dir = specs_with("deep", deep.as_bytes());
    let started = Instant::now();
    let d = diagnostics(&dir);
    let took = started.elapsed();
    println!("50,000 levels: {} diagnostic(s) in {took:?}", d.len());
    let first = &d.0[0];
    assert!(
        first.message.contains("nesting deeper than 64 levels"),
        "{}",
        first.message
    );
    assert_eq!((first.line, first.column), (1, 129));
    // The shown source is a window, not the 100 KB line.
    assert!(first.source_line.as_ref().unwrap().chars().count() < 200);
    // Flow style, and depth built from indentation.
    let flow = format!("{}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let indented: String = (0..2_000)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    for (name, text) in [("flow", flow), ("indented", indented)] {
        let d = diagnostics(&specs_with(name, text.as_bytes()));
        assert!(
            d.0[0].message.contains("nesting deeper") || d.0[0].message.contains("recursion limit"),
            "{name}: {}",
            d.0[0].message
        );
        assert!(d.0[0].line > 0, "{name}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_that_is_not_utf8_names_the_first_bad_byte() {
    let mut bytes = b"topgen: 1\napi:\n  name: ta".to_vec();
    bytes.extend([0xE6, 0xB7, 0x98, b'x', 0xFF, b'\n']);
    let dir = specs_with("latin1", &bytes);
    let d = diagnostics(&dir);
    let first = &d.0[0];
    assert_eq!((first.line, first.column), (3, 13), "{first}");
    assert!(first.message.contains("0xFF"), "{}", first.message);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_direction_and_control_characters_are_refused_where_they_stand() {
    // Trojan Source: U+202E reverses how the rest of the line is shown, in a doc comment of the
    // generated code as in a review of the spec. Written raw and as a YAML escape.
    for (name, value, column) in [
        ("raw", "title: \"refund \u{202E}lanoitpo\"", 10),
        ("escaped", "title: \"refund \\u2066x\"", 10),
        ("nul", "title: \"a\\0b\"", 10),
        ("key", "\"ti\\u202Atle\": x", 3),
    ] {
        let api = format!("topgen: 1\napi:\n  {value}\n  name: taobao.a.b\n");
        let d = diagnostics(&specs_with(name, api.as_bytes()));
        let first = &d.0[0];
        assert_eq!((first.line, first.column), (3, column), "{name}: {first}");
        assert!(first.message.starts_with("U+"), "{name}: {}", first.message);
        assert!(
            !first
                .to_string()
                .contains(['\u{202E}', '\u{2066}', '\u{202A}', '\0']),
            "{name}: printed raw"
        );
    }
}

#[test]
fn oversized_files_and_folder_link_cycles_are_bounded() {
    let big = vec![b'#'; 5 * 1024 * 1024];
    let dir = specs_with("big", &big);
    let d = diagnostics(&dir);
    assert!(
        d.0[0].message.contains("larger than 4 MiB"),
        "{}",
        d.0[0].message
    );
    // A link back to the folder itself: not followed.
    #[cfg(unix)]
    {
        fs::write(dir.join("apis/api.yaml"), "topgen: 1\n").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("apis/loop")).unwrap();
        let d = diagnostics(&dir);
        assert_eq!(d.len(), 1, "{d}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_titles_stay_text_in_every_manifest() {
    // A title that would end a TOML or JSON string and add keys, if printed raw.
    let dir = std::env::temp_dir().join(format!(
        "topgen-hostile-{}-manifest-text",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("specs/apis")).unwrap();
    let title =
        "T\" \\\n[evil]\nbuild = \"x\" } , \"scripts\": {\"postinstall\": \"evil\"}\u{2028}'''";
    let gateway = fs::read_to_string(GATEWAY).unwrap().replace(
        "title: Minimal gateway",
        &format!("title: {}", serde_json::to_string(title).unwrap()),
    );
    fs::write(dir.join("specs/gateway.yaml"), gateway).unwrap();
    fs::write(
        dir.join("specs/apis/api.yaml"),
        "topgen: 1\napi:\n  name: taobao.a.b\n  gateway: mini\n  title: A\n  session: none\n  idempotent: true\n  response:\n    fields:\n      - {name: ok, type: boolean}\n",
    )
    .unwrap();
    Generator::new(dir.join("specs"))
        .generate(&dir.join("out"))
        .unwrap();

    // package.json: read back by an independent JSON parser; the title is inside the description.
    let package: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.join("out/typescript/mini-client/package.json")).unwrap(),
    )
    .unwrap();
    assert!(
        package["description"].as_str().unwrap().contains("[evil]"),
        "{package}"
    );
    assert!(
        package
            .get("scripts")
            .is_some_and(|s| s.get("postinstall").is_none()),
        "{package}"
    );

    // pyproject.toml: read back by Python's tomllib; the summary keeps the title exactly.
    let script = "import sys, tomllib, json; d = tomllib.load(open(sys.argv[1], 'rb')); print(json.dumps(d))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(dir.join("out/python/mini_client/pyproject.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pyproject: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        pyproject["project"]["description"],
        format!("{title} client (generated by topgen)")
    );
    assert!(
        pyproject.get("evil").is_none() && pyproject["project"].get("build").is_none(),
        "{pyproject}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn crate_names_that_registries_treat_as_one_are_refused() {
    // crates.io and Cargo treat `-` and `_` alike: `mini-client` and `mini_client` are one crate.
    let dir = specs_with("same-crate", b"topgen: 1\n");
    fs::remove_file(dir.join("apis/api.yaml")).unwrap();
    let other = fs::read_to_string(GATEWAY)
        .unwrap()
        .replace("name: mini", "name: other")
        .replace("rust: mini-client", "rust: mini_client")
        .replace("python: mini_client", "python: other_client")
        .replace("typescript: mini-client", "typescript: other-client");
    fs::write(dir.join("other.yaml"), other).unwrap();
    let d = diagnostics(&dir);
    assert_eq!(d.len(), 1, "{d}");
    assert!(
        d.0[0]
            .message
            .contains("already uses the rust package name `mini_client`"),
        "{}",
        d.0[0].message
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_api_named_after_a_runtime_module_is_refused_where_its_name_stands() {
    // `taobao.batch` would write src/batch.rs over the Rust runtime's batch module (and `lib`
    // over the crate root); `taobao.client` would write client.py over the Python client.
    for (api, language, own) in [
        ("taobao.batch", "Rust", "src/batch.rs"),
        ("taobao.config", "Rust", "src/config.rs"),
        ("taobao.lib", "Rust", "src/lib.rs"),
        ("taobao.oauth", "Rust", "src/oauth.rs"),
        ("taobao.client", "Python", "client.py"),
    ] {
        let spec = format!(
            "topgen: 1\napi:\n  name: {api}\n  gateway: mini\n  title: A\n  session: none\n  idempotent: true\n  response:\n    fields:\n      - {{name: ok, type: boolean}}\n"
        );
        let dir = specs_with(&api.replace('.', "-"), spec.as_bytes());
        let d = diagnostics(&dir);
        assert_eq!(d.len(), 1, "{api}: {d}");
        let problem = &d.0[0];
        assert!(
            problem
                .message
                .contains(&format!("replaces the {language} package's own `{own}`")),
            "{api}: {}",
            problem.message
        );
        assert!(
            problem.file.ends_with("apis/api.yaml"),
            "{api}: {problem:?}"
        );
        assert_eq!((problem.line, problem.column), (3, 9), "{api}");
        let help = problem.help.as_deref().unwrap_or_default();
        assert!(help.contains("batch, client, config"), "{api}: {help}");
        fs::remove_dir_all(&dir).unwrap();
    }
}

/// An API answering `fields` (block YAML, one `- name: …` per field, strings), at line 10 on.
fn response_api(fields: &[&str]) -> Vec<u8> {
    let mut spec = String::from(
        "topgen: 1\napi:\n  name: taobao.request.id\n  gateway: mini\n  title: A\n  session: none\n  idempotent: true\n  response:\n    fields:\n",
    );
    for name in fields {
        spec.push_str(&format!("      - name: {name}\n        type: string\n"));
    }
    spec.into_bytes()
}

#[test]
fn validate_checks_response_names_as_renamed_beside_the_gateways_request_id() {
    // On `envelope: top` a declared `RequestId` is `request_id_` in Rust and Python, beside the
    // gateway's `request_id`; so two such fields collide on `request_id_` (TypeScript keeps the
    // wire names), reported where the second one stands.
    let dir = specs_with(
        "request-id-twice",
        &response_api(&["RequestId", "requestID"]),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_topgen"))
        .arg("validate")
        .arg("--specs")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for language in ["Rust", "Python"] {
        assert!(
            stderr.contains(&format!(
                "error: `requestID` and `RequestId` both become `request_id_` in {language}\n  --> {}:12:15",
                dir.join("apis/api.yaml").display()
            )),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("TypeScript"), "{stderr}");
    assert!(stderr.contains("2 errors in the specs"), "{stderr}");
    fs::remove_dir_all(&dir).unwrap();

    // A declared `RequestId` beside a declared `request_id` is no collision there: the packages
    // read them as `request_id_` and `request_id`.
    let dir = specs_with(
        "request-id-beside",
        &response_api(&["request_id", "RequestId"]),
    );
    if let Err(e) = Generator::new(&dir).model() {
        panic!("`RequestId` beside `request_id` was refused: {e}");
    }
    // On `envelope: code_message_data` there is no gateway `request_id`: both are `request_id`.
    let gateway = fs::read_to_string(GATEWAY)
        .unwrap()
        .replace("envelope: top", "envelope: code_message_data");
    fs::write(dir.join("gateway.yaml"), gateway).unwrap();
    let d = diagnostics(&dir);
    assert_eq!(d.len(), 2, "{d}");
    for problem in &d.0 {
        assert!(
            problem
                .message
                .starts_with("`RequestId` and `request_id` both become `request_id` in "),
            "{}",
            problem.message
        );
        assert_eq!((problem.line, problem.column), (12, 15), "{problem:?}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// The `json_struct!` blocks of a generated Rust module: each struct's name, its catch-all field
/// (`..name` after the struct name) and its declared fields' names, read from the text.
fn json_structs(module: &str) -> Vec<(String, String, Vec<String>)> {
    let mut found = Vec::new();
    let mut lines = module.lines();
    while let Some(line) = lines.next() {
        let Some(head) = line.trim().strip_prefix("pub struct ") else {
            continue;
        };
        let Some((name, catch_all)) = head.split_once(" { ..") else {
            continue;
        };
        let fields = lines
            .by_ref()
            .map(str::trim)
            .take_while(|l| *l != "}")
            .filter(|l| !l.starts_with("///"))
            .filter_map(|l| l.split_once(':').map(|(ident, _)| ident.to_owned()))
            .collect();
        found.push((name.to_owned(), catch_all.to_owned(), fields));
    }
    found
}

#[test]
fn the_catch_all_field_never_takes_a_declared_fields_name() {
    // Rust keeps unknown members in `extra`, which gives way to a declared `extra`; a spec that
    // also declares the names it gives way to still validates, so the catch-all must be yet
    // another name, or the crate has two fields of one name and does not compile.
    let spec = "topgen: 1\napi:\n  name: taobao.extra.get\n  gateway: mini\n  title: A\n  session: none\n  idempotent: true\n  structs:\n    - name: Item\n      fields:\n        - {name: extra, type: string}\n        - {name: extra_fields, type: string}\n  response:\n    fields:\n      - {name: extra, type: string}\n      - {name: extra_fields, type: string}\n      - {name: extra_fields_2, type: int64}\n      - {name: item, type: Item}\n";
    let dir = specs_with("catch-all", spec.as_bytes());
    let generator = Generator::new(&dir);
    if let Err(e) = generator.model() {
        panic!("the spec was refused: {e}");
    }
    let out = dir.join("out");
    let files = generator.generate_rust_modules(&out).unwrap();
    let module = fs::read_to_string(&files[0]).unwrap();
    let (_, api_module) = module
        .split_once("pub mod extra_get {")
        .expect("the API's module");
    let structs = json_structs(api_module);
    let names: Vec<&str> = structs.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["Item", "ExtraGetResponse"], "{api_module}");
    for (name, catch_all, fields) in &structs {
        assert!(fields.len() >= 2, "{name}: {fields:?}");
        assert!(
            !fields.contains(catch_all),
            "{name}: the catch-all `{catch_all}` is also a declared field: {fields:?}"
        );
    }
    // The next free name of the rule in the runtime contract ("Real response shapes").
    let catch_alls: Vec<&str> = structs.iter().map(|(_, c, _)| c.as_str()).collect();
    assert_eq!(catch_alls, ["extra_fields_2", "extra_fields_3"]);
    fs::remove_dir_all(&dir).unwrap();

    // Python's catch-all is always `extra` and a declared `extra` is `extra_`: validate names
    // fields as the packages do, so `Extra` beside `extra` is reported as the `extra_` it becomes.
    let dir = specs_with("catch-all-python", &response_api(&["extra", "Extra"]));
    let d = diagnostics(&dir);
    let messages: Vec<&str> = d.0.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Extra` and `extra` both become `extra_` in Python",
            "`Extra` and `extra` both become `extra` in Rust",
        ]
    );
    assert!(d.0.iter().all(|p| (p.line, p.column) == (12, 15)), "{d}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_parameter_named_like_a_system_parameter_is_refused_where_it_stands() {
    // The client sets `timestamp`, `sign`, `method`… on every call: a business parameter of the
    // same name would put the key twice in one request, and two values under one key in what
    // is signed.
    let spec = "topgen: 1\napi:\n  name: taobao.twice.set\n  gateway: mini\n  title: A\n  session: none\n  idempotent: false\n  params:\n    - name: tid\n      type: int64\n    - name: timestamp\n      type: string\n    - name: sign\n      type: string\n  response:\n    fields: []\n";
    let dir = specs_with("system-param", spec.as_bytes());
    let d = diagnostics(&dir);
    let found: Vec<(usize, usize, &str)> =
        d.0.iter()
            .map(|p| (p.line, p.column, p.message.as_str()))
            .collect();
    assert_eq!(
        found,
        [
            (
                11,
                13,
                "`timestamp` is a system parameter of gateway `mini`: the client sets it itself"
            ),
            (
                13,
                13,
                "`sign` is a system parameter of gateway `mini`: the client sets it itself"
            ),
        ],
        "{d}"
    );
    fs::remove_dir_all(&dir).unwrap();
}
