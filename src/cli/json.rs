//! Pretty-printing a JSON answer without parsing its numbers: every number is copied as it
//! arrived, so 18- and 20-digit ids keep their digits (serde_json's `Value` would round what does
//! not fit 64 bits, and `arbitrary_precision` would leak into every user's build).

/// `text` indented by two spaces per level; `None` when it is not JSON.
pub fn pretty(text: &str) -> Option<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut chars = text.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    out.push(s);
                    match s {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn numbers_keep_every_digit_and_strings_are_untouched() {
        let text = r#"{"a":{"tid":12345678901234567890123,"s":"x, {y}: \"z\"","e":[],"o":{}},"n":[1.50,-2e3]}"#;
        let expected = "{\n  \"a\": {\n    \"tid\": 12345678901234567890123,\n    \"s\": \"x, {y}: \\\"z\\\"\",\n    \"e\": [],\n    \"o\": {}\n  },\n  \"n\": [\n    1.50,\n    -2e3\n  ]\n}";
        assert_eq!(pretty(text).unwrap(), expected);
        assert_eq!(pretty("<html>"), None);
    }
}
