//! The documentation's own curl request (`fixtures/top_curl_sample.txt`), re-signed with a known
//! secret and a fresh timestamp, sent by the real `curl` binary to the mock, is accepted; once
//! in-process and once through the `topgen serve-mock` command.

mod mock_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mock_support::*;

fn curl_available() -> bool {
    let found = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!(
            "SKIPPED: the curl binary is not on PATH; install curl to run the curl conformance test"
        );
    }
    found
}

/// The `-d` parts of the fixture, as written (keys and still-encoded values), in order.
fn curl_parts() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/top_curl_sample.txt"
    ))
    .unwrap();
    let parts: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("-d '"))
        .map(|rest| {
            let part = rest.trim_end_matches(['\\', ' ']).trim_end_matches('\'');
            let (k, v) = part.split_once('=').expect("k=v");
            (k.to_string(), v.to_string())
        })
        .collect();
    assert_eq!(parts.len(), 21, "the fixture's -d parts");
    parts
}

fn decode(encoded: &str) -> String {
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The sample's parts with a fresh timestamp and the sign recomputed with `test-secret-0123`
/// (sign_method stays the sample's `hmac`); `refuse_message=null` is kept as the doc tool sends it.
fn resigned_parts() -> Vec<(String, String)> {
    let mut parts = curl_parts();
    for (k, v) in &mut parts {
        if k == "timestamp" {
            *v = encode(&gmt8(now()));
        }
    }
    let signed: Vec<(&str, String)> = parts
        .iter()
        .filter(|(k, _)| k != "sign")
        .map(|(k, v)| (k.as_str(), decode(v)))
        .collect();
    assert!(
        signed
            .iter()
            .any(|(k, v)| *k == "sign_method" && v == "hmac")
    );
    let sign = sign("hmac", TOP_SECRET, &signed, true);
    for (k, v) in &mut parts {
        if k == "sign" {
            *v = sign.clone();
        }
    }
    parts
}

fn run_curl(url: &str, parts: &[(String, String)]) -> serde_json::Value {
    let mut command = Command::new("curl");
    command.args([
        "-sS",
        "--max-time",
        "10",
        "-X",
        "POST",
        url,
        "-H",
        "Content-Type:application/x-www-form-urlencoded;charset=utf-8",
    ]);
    for (k, v) in parts {
        command.arg("-d").arg(format!("{k}={v}"));
    }
    let output = command.output().expect("curl runs");
    assert!(
        output.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn curl_sample_resigned_is_accepted() {
    if !curl_available() {
        return;
    }
    let mock = start();
    let url = format!("{}/router/rest", mock.url());
    let reply = run_curl(&url, &resigned_parts());
    assert_eq!(
        reply,
        serde_json::json!({"refund_negotiatereturn_response": {"request_id": "10ef3avfhm3xe"}})
    );
    let record = &control(mock.addr(), "GET", "/__mock/requests", "")["requests"][0];
    assert_eq!(record["params"]["refuse_message"], "null");
    assert_eq!(
        record["params"]["timestamp"].as_str().map(str::len),
        Some(19)
    );

    // The sample's own sign was made with an unpublished secret: refused.
    let mut original = resigned_parts();
    original.iter_mut().find(|(k, _)| k == "sign").unwrap().1 =
        "FF5C0B07EB421500CC4BF0CEFBC57E2F".into();
    assert_eq!(run_curl(&url, &original)["error_response"]["code"], 25);
}

#[test]
fn serve_mock_command_prints_its_address_first_and_stops_when_stdin_closes() {
    if !curl_available() {
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_topgen"))
        .args([
            "serve-mock",
            "--addr",
            "127.0.0.1:0",
            "--stop-on-stdin-eof",
            "--specs",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/specs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("topgen starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("topgen mock listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_string();
    let addr: SocketAddr = url.strip_prefix("http://").unwrap().parse().unwrap();
    assert_ne!(addr.port(), 0);
    let banner: String = stdout
        .lines()
        .take(5)
        .map(Result::unwrap)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        banner.contains("/router/rest") && banner.contains("/gateway/taobao/refund/refuse"),
        "{banner}"
    );

    let reply = run_curl(&format!("{url}/router/rest"), &resigned_parts());
    assert!(
        reply["refund_negotiatereturn_response"].is_object(),
        "{reply}"
    );

    drop(child.stdin.take()); // closing stdin stops the mock
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("serve-mock did not stop within 5 s of stdin closing");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    assert!(
        log.contains("taobao.refund.negotiatereturn -> 0 ok"),
        "{log}"
    );
    assert!(!log.contains(TOP_SECRET), "the log never shows a secret");
}
