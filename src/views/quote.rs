//! One string quoter for every destination whose strings are a quote, short escapes and a numeric
//! escape for the rest (TOML, JSON, Rust): each destination is a [`Syntax`] table, and [`quoted`]
//! is the one loop over the text.

/// How a destination writes a quoted string.
pub struct Syntax {
    /// The quote that opens and closes the string.
    pub quote: char,
    /// Characters with a short escape (`\n`); the quote and the backslash must be among them.
    pub short: &'static [(char, &'static str)],
    /// Whether any other character must be written as a numeric escape.
    pub numeric: fn(char) -> bool,
    /// The numeric escape of a character (`\u007F`, `\u{7f}`).
    pub escape: fn(char) -> String,
}

/// `text` as a complete string of `syntax`, quotes included: a value can never end it early.
pub fn quoted(text: &str, syntax: &Syntax) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(syntax.quote);
    for c in text.chars() {
        if let Some((_, short)) = syntax.short.iter().find(|(s, _)| *s == c) {
            out.push_str(short);
        } else if (syntax.numeric)(c) {
            out.push_str(&(syntax.escape)(c));
        } else {
            out.push(c);
        }
    }
    out.push(syntax.quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRACKETS: Syntax = Syntax {
        quote: '|',
        short: &[('|', "\\|"), ('\\', "\\\\"), ('\n', "\\n")],
        numeric: |c| c.is_control(),
        escape: |c| format!("<{:x}>", u32::from(c)),
    };

    #[test]
    fn short_escapes_first_then_numeric_then_as_is() {
        assert_eq!(
            quoted("a|b\\c\nd\u{7}e淘", &BRACKETS),
            r"|a\|b\\c\nd<7>e淘|"
        );
        assert_eq!(quoted("", &BRACKETS), "||");
    }
}
