//! The Rust client against the floor, in one process, interleaved (CPU time per call):
//! - `prepare` of the documentation's `taobao.refund.negotiatereturn` curl sample (fixed clock)
//!   vs a hand-written minimal build of the same bytes, for md5 and hmac-sha256;
//! - the typed parse of a 52 KB `taobao.trade.fullinfo.get` answer (18-digit ids, every list
//!   wrapped) vs `serde_json::Value`.
//!
//! `cargo bench -p topgen-e2e-rust --bench client` (release build); prints rates and ratios.
//! Targets (issue 12): both ratios ≤ 2.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit as _, Mac as _};
use md5::{Digest as _, Md5};
use sha2::Sha256;
use taobao_top::{ClientConfig, SignMethod};
use topgen_e2e_rust::catalogue::trade_fullinfo_get::TradeFullinfoGetRequest;

#[path = "../tests/common/mod.rs"]
mod common;
use common::sample_negotiate_request;
const SECRET: &str = "test-secret-0123";
const SESSION: &str = "f16605bb-1818-41b0-b421-a8559ca990c4";
const NOW: i64 = 1_757_914_823_000;

/// The floor: the same parameters as plain pairs, sorted, signed, hex-encoded and form-encoded
/// with no validation, no typed values, no generic machinery.
fn minimal(method: &str) -> (String, Vec<u8>) {
    let mut params: Vec<(&str, String)> = vec![
        ("app_key", "12129701".to_owned()),
        ("method", "taobao.refund.negotiatereturn".to_owned()),
        ("session", SESSION.to_owned()),
        ("timestamp", "2025-09-15 13:40:23".to_owned()),
        ("sign_method", method.to_owned()),
        ("format", "json".to_owned()),
        ("v", "2.0".to_owned()),
        ("partner_id", "apidoc".to_owned()),
        ("refund_id", 112233i64.to_string()),
        ("refund_version", 1409231007325i64.to_string()),
        ("refund_fee", 12i64.to_string()),
        ("address_id", 112233i64.to_string()),
        ("negotiate_type", 17i64.to_string()),
        ("refund_type", 1i64.to_string()),
        ("reason_id", 112233i64.to_string()),
        (
            "negotiate_text",
            "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。".to_owned(),
        ),
        ("support_refuse", "true".to_owned()),
        ("support_buyer_refuse", "true".to_owned()),
        ("negotiate_version", "newNegotiate".to_owned()),
    ];
    params.sort_by(|a, b| a.0.cmp(b.0));
    let mut s = String::new();
    for (k, v) in &params {
        s.push_str(k);
        s.push_str(v);
    }
    let digest: Vec<u8> = if method == "md5" {
        let mut h = Md5::new();
        h.update(SECRET);
        h.update(&s);
        h.update(SECRET);
        h.finalize().to_vec()
    } else {
        let mut mac = <Hmac<Sha256>>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(s.as_bytes());
        mac.finalize().into_bytes().to_vec()
    };
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut sign = String::with_capacity(digest.len() * 2);
    for b in digest {
        sign.push(char::from(HEX[usize::from(b >> 4)]));
        sign.push(char::from(HEX[usize::from(b & 15)]));
    }
    let system = [
        "app_key",
        "format",
        "method",
        "partner_id",
        "session",
        "sign_method",
        "timestamp",
        "v",
    ];
    let mut body = Vec::new();
    let mut pair = |k: &str, v: &str| {
        if !body.is_empty() {
            body.push(b'&');
        }
        for part in [k, "=", v] {
            if part == "=" {
                body.push(b'=');
                continue;
            }
            for &c in part.as_bytes() {
                match c {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                        body.push(c)
                    }
                    b' ' => body.push(b'+'),
                    _ => body.extend_from_slice(&[
                        b'%',
                        HEX[usize::from(c >> 4)],
                        HEX[usize::from(c & 15)],
                    ]),
                }
            }
        }
    };
    // System parameters with the sign, then business parameters, each group sorted.
    let mut sys: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| system.contains(k))
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    sys.push(("sign", &sign));
    sys.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in sys {
        pair(k, v);
    }
    for (k, v) in params.iter().filter(|(k, _)| !system.contains(k)) {
        pair(k, v);
    }
    (sign, body)
}

/// Runs `a` and `b` in alternating rounds for about `total` and returns their times per call.
fn race(total: Duration, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let (mut ta, mut tb, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    let round = 200;
    let started = Instant::now();
    while started.elapsed() < total {
        let t = Instant::now();
        for _ in 0..round {
            a();
        }
        ta += t.elapsed();
        let t = Instant::now();
        for _ in 0..round {
            b();
        }
        tb += t.elapsed();
        n += round;
    }
    (ta / n, tb / n)
}

fn report(what: &str, ours: Duration, floor: Duration, floor_name: &str) {
    let ratio = ours.as_secs_f64() / floor.as_secs_f64();
    println!(
        "{what:<34} topgen {:>8.2} µs   {floor_name} {:>8.2} µs   ratio {ratio:.2}× (target ≤ 2×)",
        ours.as_secs_f64() * 1e6,
        floor.as_secs_f64() * 1e6
    );
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    let request = sample_negotiate_request();
    for (method, name) in [
        (SignMethod::Md5, "md5"),
        (SignMethod::HmacSha256, "hmac-sha256"),
    ] {
        let config = ClientConfig::new("12129701", SECRET)
            .sign_method(method)
            .partner_id("apidoc")
            .clock(|| NOW);
        let prepared = config.prepare(&request, Some(SESSION)).unwrap();
        let (sign, body) = minimal(name);
        assert_eq!(prepared.sign, sign, "the floor signs the same parameters");
        assert_eq!(prepared.body, body, "the floor builds the same bytes");
        let (ours, floor) = race(
            budget,
            || {
                black_box(config.prepare(black_box(&request), Some(SESSION)).unwrap());
            },
            || {
                black_box(minimal(black_box(name)));
            },
        );
        report(&format!("prepare ({name})"), ours, floor, "hand-written");
    }

    let body = include_str!("../fixtures/trade_fullinfo_get.json");
    let typed = taobao_top_parse(body);
    let orders = typed
        .trade
        .as_ref()
        .and_then(|t| t.orders.as_ref())
        .map_or(0, Vec::len);
    assert_eq!(orders, 6, "the wrapped order list is read");
    let (ours, floor) = race(
        budget,
        || {
            black_box(taobao_top_parse(black_box(body)));
        },
        || {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(body)).unwrap());
        },
    );
    report(
        &format!("typed parse ({} KB fullinfo)", body.len() / 1000),
        ours,
        floor,
        "serde_json::Value",
    );
}

fn taobao_top_parse(
    body: &str,
) -> topgen_e2e_rust::catalogue::trade_fullinfo_get::TradeFullinfoGetResponse {
    topgen_e2e_rust::catalogue::parse_response::<TradeFullinfoGetRequest>(body).unwrap()
}
