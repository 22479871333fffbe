//! Form encoding as Java's `URLEncoder`: `A-Z a-z 0-9 - _ . *` kept, space → `+`, every other
//! byte → `%XX` (upper-case hex).

/// Percent-encodes `text` for an `application/x-www-form-urlencoded` body.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

/// `k=v` pairs joined by `&`, in the given order.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let parts: Vec<String> =
        params.iter().map(|(k, v)| format!("{}={}", url_encode(k.as_ref()), url_encode(v.as_ref()))).collect();
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_java() {
        assert_eq!(url_encode("2025-09-15 13:40:23"), "2025-09-15+13%3A40%3A23");
        assert_eq!(url_encode("a*b.c-d_e~f"), "a*b.c-d_e%7Ef");
        assert_eq!(url_encode("亲"), "%E4%BA%B2");
    }
}
