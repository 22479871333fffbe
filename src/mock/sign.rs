//! The gateway side of signing: the canonical string and the three digests.

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::model::{HexCase, SignAlgorithm};

/// `key + value` of every pair, sorted by key in byte order, no separators.
pub fn canonical(params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<_> = params.to_vec();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sorted.iter().map(|(k, v)| format!("{k}{v}")).collect()
}

/// The signature of the canonical string `s` in the gateway's hex case.
pub fn sign(algorithm: SignAlgorithm, secret: &str, s: &str, hex: HexCase) -> String {
    let digest: Vec<u8> = match algorithm {
        SignAlgorithm::Md5 => {
            let mut h = Md5::new();
            h.update(secret.as_bytes());
            h.update(s.as_bytes());
            h.update(secret.as_bytes());
            h.finalize().to_vec()
        }
        SignAlgorithm::HmacMd5 => {
            let mut mac = Hmac::<Md5>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes keys of any length");
            mac.update(s.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        SignAlgorithm::HmacSha256 => {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes keys of any length");
            mac.update(s.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
    };
    hex_string(&digest, hex)
}

pub fn hex_string(bytes: &[u8], case: HexCase) -> String {
    let digits: &[u8; 16] = match case {
        HexCase::Upper => b"0123456789ABCDEF",
        HexCase::Lower => b"0123456789abcdef",
    };
    bytes
        .iter()
        .flat_map(|b| {
            [
                digits[usize::from(b >> 4)] as char,
                digits[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

/// Compares two signatures without an early exit on the first differing byte.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_md5_example() {
        let params = [
            ("app_key", "test"),
            ("fields", "nick"),
            ("format", "xml"),
            ("method", "taobao.user.seller.get"),
            ("session", "test"),
            ("sign_method", "md5"),
            ("timestamp", "2013-05-06 13:52:03"),
            ("v", "2.0"),
        ];
        let s = canonical(&params);
        assert_eq!(
            sign(SignAlgorithm::Md5, "test", &s, HexCase::Upper),
            "72CB4D809B375A54502C09360D879C64"
        );
    }
}
