//! Signing: `S` is `key + value` of every signed parameter sorted by key (byte order), raw UTF-8.

use hmac::{Hmac, KeyInit as _, Mac as _};
use md5::{Digest as _, Md5};
use sha2::Sha256;

/// A signing algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignMethod {
    /// `MD5(secret + S + secret)`, wire name `md5`.
    Md5,
    /// `HMAC-MD5(key = secret, S)`, wire name `hmac`.
    HmacMd5,
    /// `HMAC-SHA256(key = secret, S)`, wire name `hmac-sha256`.
    HmacSha256,
}

impl SignMethod {
    /// The value of the gateway's sign-method parameter.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Md5 => "md5",
            Self::HmacMd5 => "hmac",
            Self::HmacSha256 => "hmac-sha256",
        }
    }
}

/// The case of the hex digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HexCase {
    /// `0-9A-F` (TOP).
    Upper,
    /// `0-9a-f`.
    Lower,
}

/// The string that is hashed: `key + value` for every parameter, sorted by key in byte order.
pub fn canonical_string<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = String::with_capacity(sorted.iter().map(|(k, v)| k.len() + v.len()).sum());
    for (k, v) in sorted {
        out.push_str(k);
        out.push_str(v);
    }
    out
}

/// [`canonical_string`] with the value of `session_parameter` replaced by `***`: what a prepared
/// request shows of what it signed.
pub fn masked_string<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    session_parameter: Option<&str>,
) -> String {
    let masked: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| {
            (
                k.as_ref(),
                if Some(k.as_ref()) == session_parameter {
                    "***"
                } else {
                    v.as_ref()
                },
            )
        })
        .collect();
    canonical_string(&masked)
}

/// Signs `params` (every text parameter that is sent, without the sign itself).
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    secret: &str,
    method: SignMethod,
    hex: HexCase,
) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sign_parts(
        sorted
            .iter()
            .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()]),
        secret,
        method,
        hex,
    )
}

/// Signs the string to sign `s` (the canonical string, plus the body for a batch call).
pub fn sign_text(s: &str, secret: &str, method: SignMethod, hex: HexCase) -> String {
    sign_parts([s.as_bytes()], secret, method, hex)
}

/// Signs the string to sign given as consecutive pieces (hashed as they come, never joined).
pub fn sign_parts<'a>(
    parts: impl IntoIterator<Item = &'a [u8]>,
    secret: &str,
    method: SignMethod,
    hex: HexCase,
) -> String {
    match method {
        SignMethod::Md5 => {
            let mut h = Md5::new();
            h.update(secret.as_bytes());
            parts.into_iter().for_each(|p| h.update(p));
            h.update(secret.as_bytes());
            hex_digest(&h.finalize(), hex)
        }
        SignMethod::HmacMd5 => {
            let mut mac = <Hmac<Md5>>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes keys of any length");
            parts.into_iter().for_each(|p| mac.update(p));
            hex_digest(&mac.finalize().into_bytes(), hex)
        }
        SignMethod::HmacSha256 => {
            let mut mac = <Hmac<Sha256>>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes keys of any length");
            parts.into_iter().for_each(|p| mac.update(p));
            hex_digest(&mac.finalize().into_bytes(), hex)
        }
    }
}

/// The digest in hex digits of the gateway's case.
fn hex_digest(digest: &[u8], hex: HexCase) -> String {
    let digits: &[u8; 16] = match hex {
        HexCase::Upper => b"0123456789ABCDEF",
        HexCase::Lower => b"0123456789abcdef",
    };
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        out.push(char::from(digits[usize::from(b >> 4)]));
        out.push(char::from(digits[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_string_hides_the_session_only() {
        let params = [
            ("session", "sess-secret"),
            ("app_key", "1"),
            ("sessionx", "v"),
        ];
        assert_eq!(
            masked_string(&params, Some("session")),
            "app_key1session***sessionxv"
        );
        assert_eq!(
            masked_string(&params, None),
            "app_key1sessionsess-secretsessionxv"
        );
    }

    #[test]
    fn canonical_string_sorts_by_bytes() {
        assert_eq!(
            canonical_string(&[("b", "2"), ("a_b", "3"), ("a", "1")]),
            "a1a_b3b2"
        );
    }
}
