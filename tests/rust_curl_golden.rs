//! The documentation's curl sample, byte for byte, from the generated Rust client.
//!
//! The fixture `tests/fixtures/top_curl_sample.txt` is the seed's curl, verbatim. Every `-d 'k=v'`
//! part is read at test time; the generated `taobao-top` client builds the same request (same
//! app key, session, partner id, business values, fixed clock 2025-09-15 13:40:23 GMT+8) and must
//! produce every part in the curl's order, except:
//! - `sign`: the sample was signed with an unpublished secret; with `test-secret-0123` the
//!   reference signs are checked instead (shared/reference/top-gateway.md);
//! - `refuse_message=null`: the doc tool's rendering of an unset struct, which a client omits;
//! - `sign_method`, which names the algorithm of each run.
//!
//! Run it under several `TZ` values (tests/run-rust.sh does): the timestamp must stay GMT+8.

use taobao_top::refund_negotiatereturn::RefundNegotiatereturnRequest;
use taobao_top::{ClientConfig, SignMethod};

const SECRET: &str = "test-secret-0123";
/// 2025-09-15 13:40:23 at GMT+8 (05:40:23 UTC), in Unix milliseconds.
const CURL_TIME_MILLIS: i64 = 1_757_914_823_000;

const SIGNS: [(SignMethod, &str, &str); 3] = [
    (SignMethod::Md5, "md5", "EDF7F1CBAB1498AF203CB4682606ADA8"),
    (
        SignMethod::HmacMd5,
        "hmac",
        "26C0CB0C9BB0DC1F40A53C021AE9F584",
    ),
    (
        SignMethod::HmacSha256,
        "hmac-sha256",
        "1A9C2122CCF851FF1DE3B6EC21B962A6EE26F2CECC39A1C37039A37DD5D7DE08",
    ),
];

struct Curl {
    url: String,
    /// Every `-d` part, in order, as written (URL-encoded).
    parts: Vec<String>,
}

fn read_curl() -> Curl {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/top_curl_sample.txt"
    );
    let text = std::fs::read_to_string(path).expect("the curl fixture");
    let quoted = |from: usize| -> (String, usize) {
        let start = text[from..]
            .find('\'')
            .map(|i| from + i + 1)
            .expect("an opening quote");
        let end = text[start..]
            .find('\'')
            .map(|i| start + i)
            .expect("a closing quote");
        (text[start..end].to_owned(), end + 1)
    };
    let (url, _) = quoted(text.find("curl").expect("a curl command"));
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("-d '") {
        let (part, next) = quoted(at + i);
        parts.push(part);
        at = next;
    }
    Curl { url, parts }
}

/// Decodes form encoding (`+` is a space, `%XX` a byte).
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("a %XX escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8")
}

impl Curl {
    fn value(&self, key: &str) -> String {
        let prefix = format!("{key}=");
        let part = self
            .parts
            .iter()
            .find(|p| p.starts_with(&prefix))
            .unwrap_or_else(|| panic!("the curl sends {key}"));
        form_decode(&part[prefix.len()..])
    }

    fn int(&self, key: &str) -> i64 {
        self.value(key)
            .parse()
            .unwrap_or_else(|_| panic!("{key} is a number"))
    }

    fn boolean(&self, key: &str) -> bool {
        match self.value(key).as_str() {
            "true" => true,
            "false" => false,
            other => panic!("{key}={other} is not a boolean"),
        }
    }
}

#[test]
fn the_curl_sample_is_reproduced_byte_for_byte() {
    let curl = read_curl();
    assert_eq!(
        curl.parts.len(),
        21,
        "the fixture's -d parts: {:?}",
        curl.parts
    );
    assert!(curl.parts.iter().any(|p| p == "refuse_message=null"));

    let mut request = RefundNegotiatereturnRequest::new();
    request
        .set_refund_id(curl.int("refund_id"))
        .set_refund_version(curl.int("refund_version"))
        .set_refund_fee(curl.int("refund_fee"))
        .set_address_id(curl.int("address_id"))
        .set_negotiate_type(curl.int("negotiate_type"))
        .set_refund_type(curl.int("refund_type"))
        .set_reason_id(curl.int("reason_id"))
        .set_negotiate_text(curl.value("negotiate_text"))
        .set_support_refuse(curl.boolean("support_refuse"))
        .set_support_buyer_refuse(curl.boolean("support_buyer_refuse"))
        .set_negotiate_version(curl.value("negotiate_version"));
    // refuse_message stays unset.

    for (method, wire_name, expected_sign) in SIGNS {
        let config = ClientConfig::new(curl.value("app_key"), SECRET)
            .url(&curl.url)
            .partner_id(curl.value("partner_id"))
            .sign_method(method)
            .clock(|| CURL_TIME_MILLIS);
        let prepared = config
            .prepare(&request, Some(&curl.value("session")))
            .expect("the curl's request is valid");

        assert_eq!(prepared.url, curl.url);
        assert_eq!(
            prepared.content_type,
            "application/x-www-form-urlencoded;charset=utf-8"
        );
        assert_eq!(prepared.sign, expected_sign, "{wire_name} sign");
        let expected: Vec<String> = curl
            .parts
            .iter()
            .filter(|p| p.as_str() != "refuse_message=null")
            .map(|p| match p.split_once('=') {
                Some(("sign", _)) => format!("sign={expected_sign}"),
                Some(("sign_method", _)) => format!("sign_method={wire_name}"),
                _ => p.clone(),
            })
            .collect();
        let body = prepared.body_text();
        let actual: Vec<&str> = body.split('&').collect();
        assert_eq!(
            actual, expected,
            "{wire_name}: every -d part in the curl's order"
        );
        assert!(
            !body.contains("refuse_message"),
            "an unset struct is not sent"
        );
    }
}

#[test]
fn the_timestamp_is_gmt8_whatever_the_host_zone() {
    let zone = std::env::var("TZ").unwrap_or_else(|_| "(unset)".to_owned());
    let config = ClientConfig::new("12129701", SECRET).clock(|| CURL_TIME_MILLIS);
    let mut request = RefundNegotiatereturnRequest::new();
    request
        .set_refund_id(112233)
        .set_refund_version(1409231007325);
    let prepared = config.prepare(&request, Some("s")).expect("valid");
    assert_eq!(
        prepared.param("timestamp"),
        Some("2025-09-15 13:40:23"),
        "TZ={zone}"
    );
}
