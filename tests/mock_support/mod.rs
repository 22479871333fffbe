//! Helpers shared by the mock's integration tests: an independent signer, form encoders and a raw
//! HTTP/1.1 client over `TcpStream`, so nothing here reuses the mock's own code.
#![allow(dead_code)] // each test file uses a different subset

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;
use topgen::mock::{self, Clock, MockHandle, MockOptions};

pub const TOP_KEY: &str = "12129701";
pub const TOP_SECRET: &str = "test-secret-0123";
pub const H7B_KEY: &str = "uwkahf@jfs92";
pub const H7B_SECRET: &str = "demoSecret123";

pub fn model() -> topgen::model::Model {
    let specs = concat!(env!("CARGO_MANIFEST_DIR"), "/specs");
    topgen::Generator::new(specs)
        .model()
        .expect("the project's specs load")
}

/// A quiet mock on a free loopback port.
pub fn start_with(clock: Clock, tweak: impl FnOnce(&mut MockOptions)) -> MockHandle {
    let mut options = MockOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        clock,
        log: false,
        ..MockOptions::default()
    };
    tweak(&mut options);
    mock::start(model(), options).expect("the mock starts")
}

pub fn start() -> MockHandle {
    start_with(Clock::System, |_| {})
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `yyyy-MM-dd HH:mm:ss` at GMT+8, counted year by year (deliberately not the mock's algorithm).
pub fn gmt8(unix: i64) -> String {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let local = unix + 8 * 3600;
    let (mut days, tod) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let mut year = 1970;
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while days >= lengths[month] {
        days -= lengths[month];
        month += 1;
    }
    format!(
        "{year:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        month + 1,
        days + 1,
        tod / 3600,
        tod % 3600 / 60,
        tod % 60
    )
}

/// The documented rule: sort by key, concatenate `key + value`, digest, hex.
pub fn sign(method: &str, secret: &str, params: &[(&str, String)], upper: bool) -> String {
    let mut sorted: Vec<&(&str, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let s: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
    let bytes = match method {
        "md5" => Md5::digest(format!("{secret}{s}{secret}").as_bytes()).to_vec(),
        "hmac" => {
            let mut m = Hmac::<Md5>::new_from_slice(secret.as_bytes()).unwrap();
            m.update(s.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        "hmac-sha256" => {
            let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
            m.update(s.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        other => panic!("no algorithm {other}"),
    };
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if upper { hex.to_uppercase() } else { hex }
}

/// Java `URLEncoder` style: `A-Z a-z 0-9 - _ . *` kept, space as `+`.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn form(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Text parts, then file parts `(name, filename, content type, bytes)`.
pub fn multipart(
    boundary: &str,
    text: &[(&str, String)],
    files: &[(&str, &str, &str, Vec<u8>)],
) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in text {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{v}\r\n").bytes());
    }
    for (name, filename, content_type, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n").bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    body
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends one request with `Connection: close` and reads until the server closes (5 s at most).
/// `Err` carries what was read when the connection ended before a status line.
pub fn raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    content_type: &str,
    body: &[u8],
) -> Result<Reply, Vec<u8>> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes); // a reset counts as the end
    parse_reply(&bytes).ok_or(bytes)
}

pub fn parse_reply(bytes: &[u8]) -> Option<Reply> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    })
}

pub fn post_form(addr: SocketAddr, path: &str, params: &[(&str, String)]) -> Reply {
    raw(
        addr,
        "POST",
        path,
        "application/x-www-form-urlencoded;charset=utf-8",
        form(params).as_bytes(),
    )
    .expect("a reply")
}

pub fn control(addr: SocketAddr, method: &str, path: &str, body: &str) -> serde_json::Value {
    raw(addr, method, path, "application/json", body.as_bytes())
        .expect("a reply")
        .json()
}

/// TOP system parameters for `method`, signed with `sign_method`, plus `business`.
pub fn top_request(
    api: &str,
    sign_method: &str,
    timestamp: &str,
    business: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
    let mut params: Vec<(&'static str, String)> = vec![
        ("app_key", TOP_KEY.into()),
        ("format", "json".into()),
        ("method", api.to_string()),
        ("session", "s".into()),
        ("sign_method", sign_method.into()),
        ("timestamp", timestamp.into()),
        ("v", "2.0".into()),
    ];
    params.extend_from_slice(business);
    let sign = sign(sign_method, TOP_SECRET, &params, true);
    params.push(("sign", sign));
    params
}

/// H7B common parameters plus `business`, signed (lower-case md5).
pub fn h7b_request(
    timestamp: i64,
    business: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
    let mut params: Vec<(&'static str, String)> = vec![
        ("appid", H7B_KEY.into()),
        ("timestamp", timestamp.to_string()),
        ("tb_seller_nick", "测试店铺".into()),
    ];
    params.extend_from_slice(business);
    let sign = sign("md5", H7B_SECRET, &params, false);
    params.push(("sign", sign));
    params
}

pub fn refuse_business(message: &str) -> Vec<(&'static str, String)> {
    vec![
        ("refund_id", "110056431137563058".into()),
        ("refuse_message", message.into()),
        ("refund_phase", "onsale".into()),
    ]
}

/// `head` followed by zero bytes up to `size`, as the specs' file cases describe files.
pub fn file(head: &[u8], size: usize) -> Vec<u8> {
    let mut bytes = head.to_vec();
    bytes.resize(size, 0);
    bytes
}

pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
pub const WEBP: &[u8] = b"RIFF\0\0\0\0WEBP";
