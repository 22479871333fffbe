//! `topgen call` (issue 13) against the mock, with its published test credentials: values checked
//! by the spec before sending, credentials from the environment only, `--dry-run` as an exact
//! curl command with the session masked, and the answer printed with exact ids.

mod mock_support;

use std::process::{Command, Output};

use mock_support::*;
use serde_json::Value;

const SESSION: &str = "6102a1b5e0c8ZZsession-secretZZ2201";

fn call(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_topgen"));
    command
        .arg("call")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
        .env_remove("TOP_APP_KEY")
        .env_remove("TOP_APP_SECRET")
        .env_remove("TOP_SESSION");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("topgen runs")
}

const CREDENTIALS: [(&str, &str); 2] = [("TOP_APP_KEY", TOP_KEY), ("TOP_APP_SECRET", TOP_SECRET)];

fn refuse_args(url: &str) -> Vec<String> {
    [
        "taobao.refund.refuse",
        "refund_id=110056431137563058",
        "refuse_message=这个是绝好的东西",
        "refund_phase=onsale",
        "--session",
        SESSION,
        "--url",
        url,
    ]
    .map(str::to_string)
    .to_vec()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn records(mock: &topgen::mock::MockHandle) -> Vec<Value> {
    control(mock.addr(), "GET", "/__mock/requests", "")["requests"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_call_is_signed_sent_and_printed_with_exact_ids() {
    let mock = start();
    // A canned answer with ids beyond 2^53 and beyond 64 bits.
    let body = r#"{"refund_refuse_response":{"is_success":true,"refund":{"refund_id":110056431137563058,"oid":123456789012345678901234},"request_id":"r1"}}"#;
    let set = serde_json::json!({"api": "top/taobao.refund.refuse", "body": body}).to_string();
    assert_eq!(
        control(mock.addr(), "POST", "/__mock/responses", &set)["replaced"],
        1
    );
    let url = format!("{}/router/rest", mock.url());
    let args = refuse_args(&url);
    let output = call(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &CREDENTIALS,
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains("\"refund_id\": 110056431137563058,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"oid\": 123456789012345678901234"),
        "{stdout}"
    );
    let record = &records(&mock)[0];
    assert_eq!(
        (record["sign_valid"].as_bool(), record["code"].as_u64()),
        (Some(true), Some(0)),
        "{record}"
    );
    assert_eq!(record["params"]["refuse_message"], "这个是绝好的东西");
    let digest: String = {
        use sha2::Digest;
        sha2::Sha256::digest(SESSION.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(record["session_sha256"], digest);
}

#[test]
fn dry_run_prints_the_exact_request_with_the_session_masked_and_sends_nothing() {
    let mock = start();
    let url = format!("{}/router/rest", mock.url());
    let mut args = refuse_args(&url);
    args.push("--dry-run".into());
    let output = call(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &CREDENTIALS,
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(stdout.starts_with(&format!("curl -X POST '{url}' -H 'Content-Type: application/x-www-form-urlencoded;charset=utf-8' --data-raw '")), "{stdout}");
    assert!(
        !stdout.contains(SESSION) && !stdout.contains(TOP_SECRET),
        "{stdout}"
    );
    assert!(records(&mock).is_empty(), "a dry run sends nothing");

    // The printed body, with the session put back, is signed as the documented rule says.
    let body = stdout
        .trim_end()
        .split("--data-raw '")
        .nth(1)
        .unwrap()
        .trim_end_matches('\'');
    let mut pairs: Vec<(String, String)> = body
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            let decoded = |s: &str| {
                let mut out = Vec::new();
                let b = s.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    match b[i] {
                        b'+' => out.push(b' '),
                        b'%' => {
                            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                            i += 2;
                        }
                        c => out.push(c),
                    }
                    i += 1;
                }
                String::from_utf8(out).unwrap()
            };
            (decoded(k), decoded(v))
        })
        .collect();
    assert!(pairs.iter().any(|(k, v)| k == "session" && v == "***"));
    for (k, v) in &mut pairs {
        if k == "session" {
            *v = SESSION.to_string();
        }
    }
    let sign = pairs.iter().find(|(k, _)| k == "sign").unwrap().1.clone();
    let method = pairs
        .iter()
        .find(|(k, _)| k == "sign_method")
        .unwrap()
        .1
        .clone();
    let signed: Vec<(&str, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "sign")
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    assert_eq!(mock_support::sign(&method, TOP_SECRET, &signed, true), sign);
    // The wire order: system parameters sorted by key, then business parameters sorted by key.
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "app_key",
            "format",
            "method",
            "partner_id",
            "session",
            "sign",
            "sign_method",
            "timestamp",
            "v",
            "refund_id",
            "refund_phase",
            "refuse_message"
        ]
    );
}

#[test]
fn values_the_spec_refuses_are_not_sent() {
    let mock = start();
    let url = format!("{}/router/rest", mock.url());
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "refund_id=110056431137563058",
                "refuse_message=x",
                "refund_phase=onsale",
            ],
            "refuse_message: must be 2 to 200 characters long, got 1",
        ),
        (
            &[
                "refund_id=12x",
                "refuse_message=好的好的",
                "refund_phase=onsale",
            ],
            "refund_id: must be a 64-bit integer, got \"12x\"",
        ),
        (
            &["refund_idd=1"],
            "has no parameter \"refund_idd\"; did you mean refund_id?",
        ),
        (
            &["refuse_proof=proof.png"],
            "refuse_proof: a file parameter takes @PATH",
        ),
    ];
    for (values, message) in cases {
        let mut args = vec!["taobao.refund.refuse", "--session", "s", "--url", &url];
        args.extend_from_slice(values);
        let output = call(&args, &CREDENTIALS);
        assert_eq!(output.status.code(), Some(2), "{values:?}");
        assert!(
            text(&output.stderr).contains(message),
            "{values:?}: {}",
            text(&output.stderr)
        );
    }
    let output = call(
        &["taobao.refund.refuse", "refund_id=1", "--url", &url],
        &CREDENTIALS,
    );
    assert!(
        text(&output.stderr).contains("session: is required"),
        "{}",
        text(&output.stderr)
    );
    assert!(records(&mock).is_empty(), "nothing was sent");
}

#[test]
fn credentials_come_from_the_environment_only() {
    let output = call(
        &["taobao.refund.refuse", "refund_id=1", "--session", "s"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("TOP_APP_KEY and TOP_APP_SECRET"),
        "{}",
        text(&output.stderr)
    );
    let output = call(&["taobao.refund.refuse", "--secret", "x"], &CREDENTIALS);
    assert_eq!(output.status.code(), Some(2), "there is no --secret flag");
}

#[test]
fn a_gateway_error_is_printed_and_exits_1() {
    let mock = start();
    let url = format!("{}/router/rest", mock.url());
    let args = refuse_args(&url);
    let output = call(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &[("TOP_APP_KEY", TOP_KEY), ("TOP_APP_SECRET", "wrong")],
    );
    assert_eq!(output.status.code(), Some(1));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["error_response"]["code"], 25);
}

#[test]
fn the_readme_call_examples_run_against_the_mock() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let lines: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("export TOP_APP_KEY") || l.starts_with("topgen call taobao."))
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "the README's Commands section shows the export line and two calls"
    );
    let mock = start();
    let script = lines
        .join("\n")
        .replace("http://127.0.0.1:8970", &mock.url());
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_topgen"))
        .parent()
        .unwrap()
        .to_path_buf();
    let scratch = std::env::temp_dir().join(format!("topgen-readme-call-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    // From a scratch folder outside the repo: the specs are the project's.
    let script = script.replace(
        "topgen call ",
        &format!("topgen call --specs {}/specs ", env!("CARGO_MANIFEST_DIR")),
    );
    let output = Command::new("sh")
        .arg("-ec")
        .arg(&script)
        .current_dir(&scratch)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env_remove("TOP_APP_KEY")
        .env_remove("TOP_APP_SECRET")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains("\"is_success\": true") && stdout.contains("curl -X POST"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("test-session") && stdout.contains("session=***"),
        "{stdout}"
    );
    assert_eq!(records(&mock).len(), 1, "the dry run sent nothing");
}

/// Over https, `topgen call` hands the signed body (which holds the session) to curl through a
/// file. A stand-in `curl` on PATH looks at that file while the call is in flight: it must sit in
/// a folder only this user can enter, be readable by this user only, and be gone afterwards.
#[cfg(unix)]
#[test]
fn over_https_the_signed_body_is_private_and_removed() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = std::env::temp_dir().join(format!("topgen-https-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let (bin, tmp) = (scratch.join("bin"), scratch.join("tmp"));
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let fake_curl = bin.join("curl");
    // Reads the options from stdin (`-K -`), finds `data-binary = "@PATH"` and answers with the
    // modes of the file and its folder, and whether the session is in the file, as JSON.
    std::fs::write(
        &fake_curl,
        r#"#!/bin/sh
path=$(sed -n 's/^data-binary = "@\(.*\)"$/\1/p')
file_mode=$(stat -c %a "$path")
dir_mode=$(stat -c %a "$(dirname "$path")")
printf '{"dir":"%s","file":"%s","mode_file":"%s","mode_dir":"%s","has_session":%s}\n200' \
  "$(dirname "$path")" "$path" "$file_mode" "$dir_mode" \
  "$(grep -q 6102a1b5e0c8ZZsession "$path" && echo true || echo false)"
"#,
    )
    .unwrap();
    std::fs::set_permissions(&fake_curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let args = refuse_args("https://gw.example.invalid/router/rest");
    let tmp_text = tmp.display().to_string();
    let env = [
        CREDENTIALS[0],
        CREDENTIALS[1],
        ("PATH", path.as_str()),
        ("TMPDIR", tmp_text.as_str()),
    ];
    let output = call(&args.iter().map(String::as_str).collect::<Vec<_>>(), &env);
    let stdout = text(&output.stdout);
    let seen: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", text(&output.stderr)));
    assert_eq!(
        seen["has_session"], true,
        "the stand-in read the real body: {seen}"
    );
    assert_eq!(
        (seen["mode_dir"].as_str(), seen["mode_file"].as_str()),
        (Some("700"), Some("600")),
        "{seen}"
    );
    let dir = seen["dir"].as_str().unwrap();
    assert!(dir.starts_with(&tmp_text), "{seen}");
    assert!(
        !std::path::Path::new(dir).exists(),
        "the private folder is removed after the call: {seen}"
    );
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "nothing is left in TMPDIR"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
