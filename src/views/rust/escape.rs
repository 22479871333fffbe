//! Escapers for every place a spec string lands in Rust output: string literals, rustdoc
//! (`///` lines or `#[doc = "…"]`), and Markdown (the README, which is also the crate's docs).
//!
//! Text is never stripped. Plain prose stays readable `///` lines; text that rustdoc would
//! reinterpret (bare CR, indented or fenced blocks that would become doctests, link brackets,
//! HTML, backslashes, bare URLs) goes verbatim into a `text` code fence, whose fence is longer
//! than any backtick run inside it.

use crate::views::quote::{Syntax, quoted};

/// Rust string literals: short escapes, `\u{…}` for other control characters.
const STRING_LITERAL: Syntax = Syntax {
    quote: '"',
    short: &[
        ('"', "\\\""),
        ('\\', "\\\\"),
        ('\n', "\\n"),
        ('\r', "\\r"),
        ('\t', "\\t"),
    ],
    numeric: char::is_control,
    escape: |c| format!("\\u{{{:x}}}", u32::from(c)),
};

/// A Rust string literal with the quotes: `"a\"b"`.
pub fn string_literal(text: &str) -> String {
    quoted(text, &STRING_LITERAL)
}

/// Whether rustdoc would show `text` as written when it is used as Markdown.
fn is_plain(text: &str) -> bool {
    const SPECIAL: &[char] = &['\r', '[', ']', '<', '>', '\\', '\t', '|', '#'];
    !text.contains(SPECIAL)
        && !text.contains("://")
        && text.lines().all(|line| {
            let trimmed = line.trim_start();
            !line.starts_with("    ") && !trimmed.starts_with("```") && !trimmed.starts_with("~~~")
        })
        && !has_lazy_continuation(text)
}

/// Whether a list item is followed by a line that Markdown would fold into it (clippy's
/// `doc_lazy_continuation`): a non-blank line that is not a list item itself, e.g. `* a` then
/// `*b` (no space, so not an item).
fn has_lazy_continuation(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .any(|pair| is_list_item(pair[0]) && !pair[1].trim().is_empty() && !is_list_item(pair[1]))
}

/// A Markdown list item: `*`, `-` or `+`, or up to nine digits and `.` or `)`, then a space or
/// the end of the line.
fn is_list_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    let rest = match trimmed.strip_prefix(['*', '-', '+']) {
        Some(rest) => rest,
        None => {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            if digits == 0 || digits > 9 {
                return false;
            }
            match trimmed[digits..].strip_prefix(['.', ')']) {
                Some(rest) => rest,
                None => return false,
            }
        }
    };
    rest.is_empty() || rest.starts_with(' ')
}

/// `text` as Markdown that renders verbatim: itself when plain, else a `text` fence.
pub fn markdown(text: &str) -> String {
    let text = text.trim_end_matches(['\n', ' ']);
    if is_plain(text) {
        return text.to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

/// Whether `body` holds characters a `///` comment cannot carry as they are: a bare CR (a
/// compile error), a tab (clippy's `tabs_in_doc_comments`) or another control character.
fn needs_attribute(body: &str) -> bool {
    body.chars().any(|c| c.is_control() && c != '\n')
}

/// Rustdoc for an item, indented by `indent`: `///` lines, or one `#[doc = "…"]` attribute when
/// the text holds characters a `///` comment cannot carry: a bare CR, a tab or another
/// control character.
pub fn doc(text: &str, indent: &str) -> String {
    let body = markdown(text);
    if needs_attribute(&body) {
        return format!("{indent}#[doc = {}]", string_literal(&body));
    }
    body.lines()
        .map(|line| {
            if line.is_empty() {
                format!("{indent}///")
            } else {
                format!("{indent}/// {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rustdoc for the enclosing module (`//!` lines or `#![doc = "…"]`).
pub fn inner_doc(text: &str) -> String {
    let body = markdown(text);
    if needs_attribute(&body) {
        return format!("#![doc = {}]", string_literal(&body));
    }
    body.lines()
        .map(|line| {
            if line.is_empty() {
                "//!".to_owned()
            } else {
                format!("//! {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A one-line summary for tables and headings: whitespace runs (CR, LF) become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            string_literal("a\"b\\c\r\n${x} {{y}}"),
            r#""a\"b\\c\r\n${x} {{y}}""#
        );
        assert_eq!(string_literal("中文\u{7}"), "\"中文\\u{7}\"");
    }

    #[test]
    fn a_line_markdown_would_fold_into_a_list_item_is_fenced() {
        // From tmall.channel.products.get: `*入参…` has no space, so it is not an item of its own.
        let text = "查询\n\n* 入参传入pids将优先查询\n*入参传入sku_number将优先查询\n* 入参fields";
        assert!(markdown(text).starts_with("```text\n"));
        assert_eq!(markdown("* a\n* b\n\nafter"), "* a\n* b\n\nafter");
        assert_eq!(markdown("1. a\n2) b"), "1. a\n2) b");
        assert!(markdown("1. a\nb").starts_with("```text\n"));
    }

    #[test]
    fn plain_docs_are_lines_and_others_are_fenced() {
        assert_eq!(
            doc("退款编号\nsecond", "    "),
            "    /// 退款编号\n    /// second"
        );
        assert_eq!(
            doc("a\n    indented", ""),
            "/// ```text\n/// a\n///     indented\n/// ```"
        );
        assert_eq!(
            doc("```` four\nx", ""),
            "/// `````text\n/// ```` four\n/// x\n/// `````"
        );
        assert_eq!(
            doc("CR\rhere", ""),
            "#[doc = \"```text\\nCR\\rhere\\n```\"]"
        );
        assert_eq!(
            doc("tab\there", ""),
            "#[doc = \"```text\\ntab\\there\\n```\"]"
        );
    }
}
