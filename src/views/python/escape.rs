//! Escapers for the places spec text lands in Python source: string literals and docstrings.
//! Text is never stripped: what a reader gets from `__doc__` or the literal is the spec's text.

/// A double-quoted Python string literal holding `text` exactly.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A complete docstring literal (`"""…"""`) whose value, once the `indent` that follows each
/// newline is removed (what `inspect.cleandoc` does), is `text` exactly. Backslashes, CR and other
/// control characters are escaped; quotes only where they could end the literal.
pub fn docstring(text: &str, indent: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut body = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => body.push_str("\\\\"),
            '\r' => body.push_str("\\r"),
            '\t' => body.push_str("\\t"),
            '\n' => {
                body.push('\n');
                if chars.get(i + 1).is_some_and(|&n| n != '\n') {
                    body.push_str(indent);
                }
            }
            '"' if quote_needs_escape(&chars, i) => body.push_str("\\\""),
            c if (c as u32) < 0x20 || c == '\u{7f}' => body.push_str(&format!("\\x{:02x}", c as u32)),
            c => body.push(c),
        }
    }
    if text.contains('\n') {
        if !text.ends_with('\n') {
            body.push('\n');
        }
        body.push_str(indent);
    }
    format!("\"\"\"{body}\"\"\"")
}

/// A quote must be escaped when it belongs to a run of two or more (a run of three would close
/// the literal; two next to the closing quotes would too) or ends the text.
fn quote_needs_escape(chars: &[char], i: usize) -> bool {
    let prev = i > 0 && chars[i - 1] == '"';
    let next = chars.get(i + 1) == Some(&'"');
    prev || next || i + 1 == chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_what_python_would_read_differently() {
        assert_eq!(string("a\"b\\c\r\n\u{1}中"), "\"a\\\"b\\\\c\\r\\n\\x01中\"");
    }

    #[test]
    fn docstrings_keep_text_and_cannot_be_closed_early() {
        assert_eq!(docstring("退款编号", "    "), "\"\"\"退款编号\"\"\"");
        assert_eq!(docstring("say \"hi\"", "    "), "\"\"\"say \"hi\\\"\"\"\"");
        assert_eq!(docstring("a \"\"\"b\"\"\" c", ""), "\"\"\"a \\\"\\\"\\\"b\\\"\\\"\\\" c\"\"\"");
        assert_eq!(docstring("one\ntwo\n", "    "), "\"\"\"one\n    two\n    \"\"\"");
        assert_eq!(docstring("x\\n\r", "  "), "\"\"\"x\\\\n\\r\"\"\"");
    }
}
