//! `topgen serve-mock` as a child process: spawned from the repo root on a free loopback port,
//! driven through its control endpoints (`/__mock/…`), stopped by closing its stdin (it runs with
//! `--stop-on-stdin-eof`) and killed if it lingers. Every wait is bounded.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The first line the mock prints (docs/mock-gateway.md).
const BANNER: &str = "topgen mock listening on ";
const START_TIMEOUT: Duration = Duration::from_secs(30);
const CONTROL_TIMEOUT: Duration = Duration::from_secs(5);
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The repository root (this crate is `tests/e2e/rust`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .expect("the repo root exists")
}

/// A running mock; dropped, it stops.
pub struct MockGateway {
    child: Child,
    stdin: Option<ChildStdin>,
    url: String,
}

/// One gateway request as the mock recorded it (`GET /__mock/requests`).
#[derive(Debug, Clone)]
pub struct Record(pub Value);

impl Record {
    /// A text parameter as received.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.0["params"][name].as_str()
    }

    /// The file parts (`name`, `filename`, `content_type`, `size`, `sha256`).
    pub fn files(&self) -> &[Value] {
        self.0["files"].as_array().map_or(&[], Vec::as_slice)
    }

    /// Whether the signature checked out (`None` when the checks stopped before it).
    pub fn sign_valid(&self) -> Option<bool> {
        self.0["sign_valid"].as_bool()
    }

    /// The gateway code the mock answered with (0 for a success).
    pub fn code(&self) -> i64 {
        self.0["code"].as_i64().unwrap_or(-1)
    }
}

impl MockGateway {
    /// Spawns `target/debug/topgen serve-mock` with the repo's specs and reads its URL.
    pub fn start() -> Self {
        let root = repo_root();
        let topgen = root.join("target/debug/topgen");
        assert!(
            topgen.is_file(),
            "{} is missing: run `cargo build --bin topgen` first",
            topgen.display()
        );
        let mut child = Command::new(&topgen)
            .args([
                "serve-mock",
                "--addr",
                "127.0.0.1:0",
                "--stop-on-stdin-eof",
                "--quiet",
            ])
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn topgen serve-mock");
        let stdin = child.stdin.take();
        // Its stderr (a start error, the "stopped" line) is kept and shown only when it fails to start.
        let stderr = child.stderr.take().expect("piped stderr");
        let diagnostics = thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            text
        });
        let stdout = child.stdout.take().expect("piped stdout");
        // Read the banner on a thread so a silent mock cannot hang the test; the rest of stdout
        // (the route list) is drained by the same thread until the mock exits.
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = sender.send(lines.next());
            lines.for_each(drop);
        });
        let first = match receiver.recv_timeout(START_TIMEOUT) {
            Ok(Some(Ok(line))) => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                let stderr = diagnostics.join().unwrap_or_default();
                panic!(
                    "the mock did not print its URL within {START_TIMEOUT:?}: {other:?}\n{stderr}"
                );
            }
        };
        let url = first
            .strip_prefix(BANNER)
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .trim()
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "the mock must listen on loopback, got {url}"
        );
        Self { child, stdin, url }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The TOP endpoint: the path of its default URL.
    pub fn top_url(&self) -> String {
        format!("{}/router/rest", self.url)
    }

    /// The H7B base URL; the client appends each API's path.
    pub fn h7b_url(&self) -> String {
        self.url.clone()
    }

    /// Clears the fault, the records and run-time responses.
    pub fn reset(&self) {
        self.control("POST", "reset", Some("{}"));
    }

    /// Installs a fault, e.g. `{"mode":"sleep","ms":3000}`.
    pub fn fault(&self, fault: Value) {
        self.control("POST", "faults", Some(&fault.to_string()));
    }

    /// Replaces `api`'s canned success body (JSON) until the next `respond` or `reset`.
    pub fn respond(&self, api: &str, body: Value) {
        self.control(
            "POST",
            "responses",
            Some(&serde_json::json!({"api": api, "body": body}).to_string()),
        );
    }

    /// The gateway requests recorded since the start or the last reset, oldest first.
    pub fn requests(&self) -> Vec<Record> {
        let answer = self.control("GET", "requests", None);
        answer["requests"]
            .as_array()
            .expect("requests is a list")
            .iter()
            .cloned()
            .map(Record)
            .collect()
    }

    /// One control call over a fresh connection (`Connection: close`), bounded by timeouts.
    fn control(&self, method: &str, path: &str, body: Option<&str>) -> Value {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to the mock");
        stream
            .set_read_timeout(Some(CONTROL_TIMEOUT))
            .expect("read timeout");
        stream
            .set_write_timeout(Some(CONTROL_TIMEOUT))
            .expect("write timeout");
        let body = body.unwrap_or("");
        let request = format!(
            "{method} /__mock/{path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .expect("send a control request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read a control answer");
        let text = String::from_utf8(raw).expect("a UTF-8 control answer");
        let (head, payload) = text.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(
            head.starts_with("HTTP/1.1 200"),
            "{method} /__mock/{path}: {head}\n{payload}"
        );
        serde_json::from_str(payload)
            .unwrap_or_else(|e| panic!("{method} /__mock/{path}: {e}: {payload}"))
    }
}

impl Drop for MockGateway {
    /// Closes stdin so the mock stops by itself; kills it when it has not within the bound.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
