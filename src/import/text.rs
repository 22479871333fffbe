//! Description text as the catalogue gives it (HTML fragments, stray control characters) made
//! plain: what every language's doc comments can carry.

/// Plain text from a catalogue description: `<br/>` (and `<p>`, `</p>`, `<li>`) become line
/// breaks, other tags are removed, the common entities are decoded, control characters (NUL,
/// `\r`, …) and text-direction overrides are removed, tabs become spaces, line ends are trimmed
/// and runs of blank lines shortened to one.
pub fn clean(raw: &str) -> String {
    let without_tags = strip_tags(raw);
    let decoded = decode_entities(&without_tags);
    let mut text = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        match c {
            '\n' => text.push('\n'),
            '\t' => text.push(' '),
            c if is_invisible(c) => {}
            c => text.push(c),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Characters that cannot be shown or that change how text around them is shown: C0/C1 controls
/// (NUL included), text-direction embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), direction marks, zero-width characters and the byte-order mark.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// `<name ...>` and `</name>` (a letter after `<` or `</`, no `<` or line break before `>`) are
/// tags; a `<` that starts no tag (`a < b`, `<=100`) is text.
fn strip_tags(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_start = after.strip_prefix('/').unwrap_or(after);
        let is_tag = name_start
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let end = after
            .find(['>', '<', '\n'])
            .filter(|&e| after.as_bytes()[e] == b'>');
        match (is_tag, end) {
            (true, Some(end)) => {
                let name: String = name_start
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if matches!(name.as_str(), "br" | "p" | "li" | "div" | "tr") {
                    out.push('\n');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// A description for a field or struct the catalogue leaves undescribed, made from its name, so
/// every generated item carries documentation (`#![deny(missing_docs)]` in Rust).
pub fn fallback(name: &str) -> String {
    format!("`{name}` (the catalogue gives no description).")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_controls_are_cleaned() {
        // Expected texts written by hand from the catalogue's own kinds of input.
        assert_eq!(
            clean("要求如下：<br/>1. 传入的refund_id<br />2. x"),
            "要求如下：\n1. 传入的refund_id\n2. x"
        );
        assert_eq!(
            clean("<a href=\"https://x\">链接</a> &lt;b&gt; &amp; &#39;q&#39; &#x4e2d;"),
            "链接 <b> & 'q' 中"
        );
        assert_eq!(clean("a\0b\u{1}c\r\nd\te"), "abc\nd e");
        assert_eq!(clean("left\u{202e}right\u{2066}x\u{feff}"), "leftrightx");
        assert_eq!(clean("x <= 100 and a<b"), "x <= 100 and a<b");
        assert_eq!(clean("  one  \n\n\n\ntwo\n"), "  one\n\ntwo");
        assert_eq!(clean("&unknown; & &"), "&unknown; & &");
        assert_eq!(clean("<p>段落</p><p>二</p>"), "段落\n\n二");
        assert_eq!(clean(" \0 "), "");
    }
}
