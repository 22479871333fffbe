//! Escapers for the places spec text lands in Python source: string literals and docstrings.
//! Text is never stripped: what a reader gets from `__doc__` or the literal is the spec's text.

/// A Python string literal holding `text` exactly, quoted as `ruff format` would: double quotes,
/// unless the text holds more double quotes than single ones.
pub fn string(text: &str) -> String {
    let doubles = text.matches('"').count();
    let quote = if doubles > text.matches('\'').count() {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
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
            // A quote right before the closing ones: `\"` would make `ruff format` add a space.
            '"' if i + 1 == chars.len() && !text.contains('\n') => body.push_str("\\x22"),
            '"' if quote_needs_escape(&chars, i) => body.push_str("\\\""),
            // Spaces that open the text or end a line: `ruff format` would strip them, so they
            // are spelled out to keep the text exact.
            ' ' if i == 0 || trailing(&chars, i) => body.push_str("\\x20"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                body.push_str(&format!("\\x{:02x}", c as u32))
            }
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

/// Whether only spaces follow position `i` up to the end of its line.
fn trailing(chars: &[char], i: usize) -> bool {
    chars[i..]
        .iter()
        .take_while(|&&c| c != '\n')
        .all(|&c| c == ' ')
}

/// The width of a line as `ruff format` measures it: East Asian wide and full-width characters
/// count two columns, everything else one.
pub fn width(line: &str) -> usize {
    line.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_what_python_would_read_differently() {
        // More double quotes than single ones: single quotes, as `ruff format` writes it.
        assert_eq!(string("a\"b\\c\r\n\u{1}中"), "'a\"b\\\\c\\r\\n\\x01中'");
        assert_eq!(string("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(string("a'b"), "\"a'b\"");
    }

    #[test]
    fn docstring_spaces_ruff_would_strip_are_spelled_out() {
        assert_eq!(docstring(" a ", ""), "\"\"\"\\x20a\\x20\"\"\"");
    }

    #[test]
    fn docstrings_keep_text_and_cannot_be_closed_early() {
        assert_eq!(docstring("退款编号", "    "), "\"\"\"退款编号\"\"\"");
        // The last quote as `\x22`: ruff would put a space between `\"` and the closing quotes.
        assert_eq!(docstring("say \"hi\"", "    "), "\"\"\"say \"hi\\x22\"\"\"");
        assert_eq!(
            docstring("a \"\"\"b\"\"\" c", ""),
            "\"\"\"a \\\"\\\"\\\"b\\\"\\\"\\\" c\"\"\""
        );
        assert_eq!(
            docstring("one\ntwo\n", "    "),
            "\"\"\"one\n    two\n    \"\"\""
        );
        assert_eq!(docstring("x\\n\r", "  "), "\"\"\"x\\\\n\\r\"\"\"");
    }
}
