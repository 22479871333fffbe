//! Test inputs: real PNG bytes of an exact size, the mock's public dev credentials, and what the
//! specs expect (validation messages and canned answers are read from `specs/`, never from the
//! client under test).

use std::fs;

use sha2::{Digest as _, Sha256};

use crate::mock::repo_root;

/// The public dev pairs the mock accepts by default (docs/mock-gateway.md, "Credentials").
pub const TOP_APP_KEY: &str = "12129701";
/// The secret of [`TOP_APP_KEY`].
pub const TOP_SECRET: &str = "test-secret-0123";
/// The H7B worked example's app key.
pub const H7B_APP_KEY: &str = "uwkahf@jfs92";
/// The secret of [`H7B_APP_KEY`].
pub const H7B_SECRET: &str = "demoSecret123";
/// The curl sample's session.
pub const SESSION: &str = "f16605bb-1818-41b0-b421-a8559ca990c4";
/// An H7B seller nick (`tb_seller_nick`).
pub const SELLER_NICK: &str = "测试店铺";

/// The contract's words for a non-idempotent call whose fate is unknown
/// (docs/runtime-contract.md, "Errors").
pub const OUTCOME_UNKNOWN: &str = "the outcome is unknown: the gateway may have applied the request; check its state before repeating it";

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len())
        .expect("a small chunk")
        .to_be_bytes()
        .to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut covered = kind.to_vec();
    covered.extend_from_slice(data);
    out.extend_from_slice(&crc32(&covered).to_be_bytes());
    out
}

/// A valid 1x1 grey PNG padded with a `tEXt` comment to exactly `size` bytes.
pub fn png(size: usize) -> Vec<u8> {
    let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // One scanline (filter 0, one grey byte) in a stored deflate block; adler32 of [0, 0x80].
    let idat = chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81,
        ],
    );
    let iend = chunk(b"IEND", &[]);
    let keyword = b"Comment\0";
    let bare = PNG_SIGNATURE.len() + ihdr.len() + idat.len() + iend.len() + 12 + keyword.len();
    assert!(size >= bare, "a PNG needs at least {bare} bytes");
    let mut text = keyword.to_vec();
    text.resize(keyword.len() + size - bare, b'x');
    let data = [PNG_SIGNATURE, &ihdr, &chunk(b"tEXt", &text), &idat, &iend].concat();
    assert_eq!(data.len(), size);
    data
}

/// A WEBP header (RIFF….WEBP) padded to `size` bytes.
pub fn webp(size: usize) -> Vec<u8> {
    let mut data = b"RIFF\0\0\0\0WEBPVP8 ".to_vec();
    data.resize(size, 0);
    data
}

/// Lower-case hex SHA-256, as the mock reports file parts.
pub fn sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn api_spec(gateway: &str, api: &str) -> String {
    let path = repo_root().join(format!("specs/{gateway}/apis/{api}.yaml"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `expect.error` message of a spec's request case named `case`.
pub fn case_error(gateway: &str, api: &str, case: &str) -> String {
    let spec = api_spec(gateway, api);
    let start = spec
        .find(&format!("- name: {case}\n"))
        .unwrap_or_else(|| panic!("{gateway}/{api}: no case {case}"));
    let line = spec[start..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: \""))
        .unwrap_or_else(|| panic!("{gateway}/{api}/{case}: no error message"));
    line.strip_suffix('"')
        .expect("a one-line quoted message")
        .replace("\\\"", "\"")
}

/// The body the mock answers a success with, byte for byte: the API's first response case
/// (docs/mock-gateway.md, "Answers").
pub fn canned_body_text(gateway: &str, api: &str) -> String {
    let spec = api_spec(gateway, api);
    let cases = &spec[spec.find("response_cases:").expect("response cases")..];
    let body = cases
        .lines()
        .find_map(|l| l.trim().strip_prefix("body: '"))
        .and_then(|l| l.strip_suffix('\''))
        .expect("a single-quoted body");
    body.replace("''", "'")
}

/// [`canned_body_text`] as JSON.
pub fn canned_body(gateway: &str, api: &str) -> serde_json::Value {
    serde_json::from_str(&canned_body_text(gateway, api)).expect("the canned body is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_the_exact_size_and_a_valid_crc() {
        let data = png(2048);
        assert_eq!(data.len(), 2048);
        assert!(data.starts_with(PNG_SIGNATURE));
        // The reference value of CRC-32 over the IEND tag.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn specs_give_the_messages() {
        assert_eq!(
            case_error("top", "taobao.refund.refuse", "proof_too_large"),
            "refuse_proof: must be at most 130000 bytes, got 131000"
        );
        assert_eq!(
            canned_body("h7b", "taobao.refund.refuse")["data"]["request_id"],
            "55o5l56d3jfp"
        );
    }
}
