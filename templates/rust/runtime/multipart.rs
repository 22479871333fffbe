//! `multipart/form-data` bodies: text parameters as text parts in wire order, then file parts.

use md5::{Digest as _, Md5};

use super::validate::FileType;

/// A file part of a multipart request (never signed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The parameter's wire name.
    pub name: String,
    /// The file name sent with the part.
    pub filename: String,
    /// `image/gif`, `image/jpeg`, `image/png` or `application/octet-stream`, from the first bytes.
    pub content_type: &'static str,
    /// The file bytes.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file part whose content type is detected from `bytes`; an empty file name becomes the
    /// parameter name.
    pub fn new(name: String, filename: String, bytes: Vec<u8>) -> Self {
        let content_type =
            FileType::detect(&bytes).map_or("application/octet-stream", FileType::mime);
        let filename = if filename.is_empty() {
            name.clone()
        } else {
            filename
        };
        Self {
            name,
            filename,
            content_type,
            bytes,
        }
    }
}

/// The content type (with its boundary) and the body.
pub fn encode(params: &[(&str, String)], files: &[FilePart]) -> (String, Vec<u8>) {
    let boundary = boundary(params, files);
    let mut body = Vec::new();
    for (name, value) in params {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{}\"\r\n",
                quote(name)
            )
            .as_bytes(),
        );
        body.extend_from_slice(b"Content-Type: text/plain; charset=UTF-8\r\n\r\n");
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    for file in files {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n",
            quote(&file.name),
            quote(&file.filename)
        );
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(format!("Content-Type: {}\r\n\r\n", file.content_type).as_bytes());
        body.extend_from_slice(&file.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Names are quoted as browsers do: `"` → `%22`, CR → `%0D`, LF → `%0A`.
fn quote(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A boundary derived from the content (deterministic), which no part contains.
fn boundary(params: &[(&str, String)], files: &[FilePart]) -> String {
    let mut hasher = Md5::new();
    for (k, v) in params {
        hasher.update(k.as_bytes());
        hasher.update(v.as_bytes());
    }
    for f in files {
        hasher.update(&f.bytes);
    }
    let seed: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (0..64u32)
        .map(|n| format!("topgen-{seed}-{n}"))
        .find(|b| {
            !params.iter().any(|(k, v)| k.contains(b) || v.contains(b))
                && !files.iter().any(|f| contains(&f.bytes, b.as_bytes()))
        })
        .unwrap_or_else(|| format!("topgen-{seed}-final"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(params: &[(&str, String)], files: &[FilePart]) -> (String, String) {
        let (content_type, body) = encode(params, files);
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        (boundary, String::from_utf8(body).unwrap())
    }

    #[test]
    fn text_parts_carry_utf8_plain_text() {
        let (b, body) = body_text(
            &[("q", "亲".to_owned())],
            &[FilePart::new("f".into(), "a.bin".into(), vec![1])],
        );
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"q\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n亲\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{1}\r\n\
             --{b}--\r\n"
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn names_escape_only_quote_cr_lf() {
        let part = FilePart::new(
            "pic".into(),
            "a\"b\r\nc\\d%22é;.png".into(),
            vec![0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
        );
        let (_, body) = body_text(&[("k\"\n", "v".to_owned())], &[part]);
        assert!(body.contains("name=\"k%22%0A\"\r\n"), "{body}");
        assert!(
            body.contains(
                "name=\"pic\"; filename=\"a%22b%0D%0Ac\\d%22é;.png\"\r\nContent-Type: image/gif\r\n"
            ),
            "{body}"
        );
    }

    #[test]
    fn default_filename_is_the_parameter_name() {
        let part = FilePart::new("image".into(), String::new(), vec![1, 2]);
        assert_eq!(part.filename, "image");
        let (_, body) = body_text(&[], &[part]);
        assert!(
            body.contains("name=\"image\"; filename=\"image\"\r\n"),
            "{body}"
        );
    }
}
