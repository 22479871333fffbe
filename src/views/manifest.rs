//! Escapers for package manifests (`Cargo.toml`, `pyproject.toml`, `package.json`): every spec
//! string that reaches a manifest is printed as a complete, quoted string by one of these, so no
//! value can end its string early and add keys (a `build = "…"` line, a `scripts` entry).

/// A TOML basic string, quotes included. `"` and `\` are escaped, and so is every character TOML
/// forbids or that could hide text from a reviewer: control characters (C0, DEL, C1), line and
/// paragraph separators, and text-direction controls.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON string, quotes included, with the same characters escaped as [`toml_string`].
pub fn json_string(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string always serializes");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_cannot_leave_its_string() {
        let evil = "0.1.0\"\nbuild = \"../evil/build.rs";
        assert_eq!(
            toml_string(evil),
            r#""0.1.0\"\nbuild = \"../evil/build.rs""#
        );
        assert_eq!(
            toml_string("a\u{0}b\u{7f}\u{202E}\\"),
            r#""a\u0000b\u007F\u202E\\""#
        );
        assert_eq!(json_string("x\u{202E}\"\u{7f}"), r#""x\u202E\"\u007F""#);
        assert_eq!(toml_string("淘宝 🙂"), "\"淘宝 🙂\"");
    }
}
