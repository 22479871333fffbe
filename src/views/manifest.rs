//! Escapers for package manifests (`Cargo.toml`, `pyproject.toml`, `package.json`): every spec
//! string that reaches a manifest is printed as a complete, quoted string by one of these, so no
//! value can end its string early and add keys (a `build = "…"` line, a `scripts` entry).

use super::quote::{Syntax, quoted};

/// TOML basic strings and JSON strings: the same short escapes, and `\uXXXX` for the rest.
const MANIFEST_STRING: Syntax = Syntax {
    quote: '"',
    short: &[
        ('"', "\\\""),
        ('\\', "\\\\"),
        ('\n', "\\n"),
        ('\t', "\\t"),
        ('\r', "\\r"),
    ],
    numeric: needs_escape,
    escape: |c| format!("\\u{:04X}", u32::from(c)),
};

/// A TOML basic string, quotes included. `"` and `\` are escaped, and so is every character TOML
/// forbids or that could hide text from a reviewer: control characters (C0, DEL, C1), line and
/// paragraph separators, and text-direction controls.
pub fn toml_string(text: &str) -> String {
    quoted(text, &MANIFEST_STRING)
}

/// A JSON string, quotes included, with the same characters escaped as [`toml_string`] (every
/// escape is valid in both).
pub fn json_string(text: &str) -> String {
    quoted(text, &MANIFEST_STRING)
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
