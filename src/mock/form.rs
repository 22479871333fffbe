//! Request parameters: the query string, `application/x-www-form-urlencoded` and
//! `multipart/form-data` bodies, merged into one list of text parameters plus file parts.

/// A part of a multipart body that carried a `filename`.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub name: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Everything a request carried, in arrival order (query first, then body).
#[derive(Debug, Default)]
pub struct Params {
    pub text: Vec<(String, String)>,
    pub files: Vec<FilePart>,
}

/// Decodes `k=v&k=v` (`+` is a space, `%XX` a byte); the bytes must be UTF-8.
pub fn parse_urlencoded(input: &[u8], out: &mut Vec<(String, String)>) -> Result<(), String> {
    for pair in input.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        out.push((percent_decode(k)?, percent_decode(v)?));
    }
    Ok(())
}

fn percent_decode(input: &[u8]) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = input
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                bytes.push(byte.ok_or_else(|| format!("bad percent escape at byte {i}"))?);
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8(bytes)
        .map_err(|_| "a form value is not UTF-8 after percent-decoding".to_string())
}

/// The value of `name` in a header such as `multipart/form-data; boundary=xyz`.
pub fn header_param(header: &str, name: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Splits a `multipart/form-data` body: parts with a `filename` become file parts, the rest text.
///
/// Linear in the body's length whatever the boundary (up to the 16 KiB a header line may hold):
/// the closing delimiter is searched with one precomputed [`Finder`], never by comparing the
/// boundary at every offset.
pub fn parse_multipart(body: &[u8], boundary: &str, params: &mut Params) -> Result<(), String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = match Finder::new(&delimiter).find(body) {
        Some(i) => &body[i + delimiter.len()..],
        None => return Err("multipart body without its boundary".into()),
    };
    let mut closing = b"\r\n".to_vec();
    closing.extend_from_slice(&delimiter);
    let closing = Finder::new(&closing);
    let blank_line = Finder::new(b"\r\n\r\n");
    loop {
        if rest.starts_with(b"--") {
            return Ok(());
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("multipart boundary not followed by CRLF")?;
        let head_end = blank_line
            .find(rest)
            .ok_or("multipart part without a blank line after its headers")?;
        let head = std::str::from_utf8(&rest[..head_end])
            .map_err(|_| "multipart part headers are not UTF-8")?;
        let after_head = &rest[head_end + 4..];
        let end = closing
            .find(after_head)
            .ok_or("multipart part without a closing boundary")?;
        let content = &after_head[..end];
        rest = &after_head[end + closing.needle.len()..];

        let mut disposition = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                disposition = Some(v.trim().to_string());
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_string());
            }
        }
        let disposition = disposition.ok_or("multipart part without Content-Disposition")?;
        let name = header_param(&disposition, "name").ok_or("multipart part without a name")?;
        match header_param(&disposition, "filename") {
            Some(filename) => params.files.push(FilePart {
                name,
                filename,
                content_type,
                bytes: content.to_vec(),
            }),
            None => {
                let text = String::from_utf8(content.to_vec())
                    .map_err(|_| format!("text part {name} is not UTF-8"))?;
                params.text.push((name, text));
            }
        }
    }
}

/// Knuth–Morris–Pratt search for one needle: `O(needle)` to build, `O(haystack)` per search,
/// so a long boundary that almost matches everywhere costs no more than a short one.
struct Finder<'a> {
    needle: &'a [u8],
    /// `fallback[i]`: the length of the longest proper prefix of `needle[..=i]` that is also its suffix.
    fallback: Vec<usize>,
}

impl<'a> Finder<'a> {
    fn new(needle: &'a [u8]) -> Self {
        let mut fallback = vec![0; needle.len()];
        let mut k = 0;
        for i in 1..needle.len() {
            while k > 0 && needle[i] != needle[k] {
                k = fallback[k - 1];
            }
            if needle[i] == needle[k] {
                k += 1;
            }
            fallback[i] = k;
        }
        Finder { needle, fallback }
    }

    fn find(&self, haystack: &[u8]) -> Option<usize> {
        if self.needle.is_empty() {
            return Some(0);
        }
        let mut k = 0;
        for (i, &b) in haystack.iter().enumerate() {
            while k > 0 && b != self.needle[k] {
                k = self.fallback[k - 1];
            }
            if b == self.needle[k] {
                k += 1;
                if k == self.needle.len() {
                    return Some(i + 1 - k);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_decodes_plus_and_utf8_escapes() {
        let mut out = Vec::new();
        parse_urlencoded(
            b"timestamp=2025-09-15+13%3A40%3A23&t=%E4%BA%B2&empty=&flag",
            &mut out,
        )
        .unwrap();
        let expect = [
            ("timestamp", "2025-09-15 13:40:23"),
            ("t", "亲"),
            ("empty", ""),
            ("flag", ""),
        ];
        assert_eq!(
            out.iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            expect
        );
        assert!(parse_urlencoded(b"a=%E4%BA", &mut Vec::new()).is_err());
        assert!(parse_urlencoded(b"a=%zz", &mut Vec::new()).is_err());
    }

    #[test]
    fn multipart_separates_text_and_file_parts() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XY--\r\n";
        let mut p = Params::default();
        parse_multipart(body, "XY", &mut p).unwrap();
        assert_eq!(p.text, vec![("a".to_string(), "1".to_string())]);
        assert_eq!(
            (p.files[0].name.as_str(), p.files[0].bytes.as_slice()),
            ("f", &b"\x89PNG"[..])
        );
        assert_eq!(
            header_param("multipart/form-data; boundary=\"XY\"", "boundary").as_deref(),
            Some("XY")
        );
    }

    #[test]
    fn finder_agrees_with_a_naive_search() {
        let naive = |h: &[u8], n: &[u8]| h.windows(n.len()).position(|w| w == n);
        let cases: [(&[u8], &[u8]); 7] = [
            (b"aaaaab", b"aab"),
            (b"abababcab", b"ababc"),
            (b"xyz", b"xyzz"),
            (b"\r\n--X\r\n--XY", b"\r\n--XY"),
            (b"abc", b"c"),
            (b"aabaabaaab", b"aabaaab"),
            (b"", b"a"),
        ];
        for (haystack, needle) in cases {
            assert_eq!(
                Finder::new(needle).find(haystack),
                naive(haystack, needle),
                "{needle:?} in {haystack:?}"
            );
        }
    }
}
