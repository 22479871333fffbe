//! Escapers for the destinations a spec string reaches in TypeScript output.

/// A TypeScript string literal holding `text` exactly, quoted as prettier quotes it: double
/// quotes, or single quotes when the text holds more double quotes than single ones.
pub fn string_literal(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string always serializes");
    // Legal in ES2019+ strings, but some tools still treat them as line ends.
    let double = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    if text.matches('"').count() <= text.matches('\'').count() {
        return double;
    }
    // In the JSON form every `"` of the text is `\"` and no `'` is escaped.
    let inner = &double[1..double.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

/// A JSDoc block at `indent`, text verbatim: line breaks start new ` * ` lines and `*/` is written
/// `*\/` (JSDoc shows it as `*/`), so the block cannot end early. Empty text gives no block.
pub fn jsdoc(text: &str, indent: &str) -> String {
    let text = text.trim_end_matches(['\r', '\n']);
    if text.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for line in split_lines(text) {
        let line = line.replace("*/", "*\\/");
        if line.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {line}\n"));
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

/// Splits at every line terminator JavaScript knows (CR LF, CR, LF, U+2028, U+2029).
fn split_lines(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(String::new());
            }
            '\n' | '\u{2028}' | '\u{2029}' => lines.push(String::new()),
            _ => lines.last_mut().expect("never empty").push(c),
        }
    }
    lines
}

/// Text for one `//` comment line inside a code example: line breaks become spaces, the rest is
/// verbatim (a line comment ends only at a line break).
pub fn line_comment(text: &str) -> String {
    split_lines(text.trim()).join(" ")
}

/// Text for one Markdown line: line breaks become spaces so a table cell or list item holds.
pub fn markdown_inline(text: &str) -> String {
    split_lines(text.trim()).join(" ").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_docs_keep_text() {
        assert_eq!(string_literal("a\\c\r\n${x}"), "\"a\\\\c\\r\\n${x}\"");
        // Quotes as prettier writes them (its output for these texts): double unless the text
        // holds more double quotes than single ones.
        assert_eq!(string_literal("a\"b'c"), "\"a\\\"b'c\"");
        assert_eq!(string_literal("a\"b\\c\r\n${x}"), "'a\"b\\\\c\\r\\n${x}'");
        assert_eq!(
            string_literal("it's \"topgen\" \\ ${x}"),
            "'it\\'s \"topgen\" \\\\ ${x}'"
        );
        assert_eq!(
            jsdoc("ends */ here\r\nnext\rthird", ""),
            "/**\n * ends *\\/ here\n * next\n * third\n */\n"
        );
        assert_eq!(jsdoc("", "  "), "");
    }
}
