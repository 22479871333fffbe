//! Which APIs a run takes: comma-separated API names or globs (`taobao.trade.fullinfo.get`,
//! `taobao.refund.*`), from `--apis`, from [`crate::Generator::apis`], or from the specs folder's
//! default selection file ([`DEFAULT_FILE`]).
//!
//! Imported catalogue specs are chosen by file name (`<api name>.yaml`) before any is parsed, so a
//! small selection stays fast however large the catalogue is.

use std::fmt;
use std::path::Path;

/// The file in the specs folder that lists what `topgen generate` takes without `--apis`: one
/// name or glob a line, `#` starts a comment.
pub const DEFAULT_FILE: &str = "default-apis.txt";

/// One pattern: an API name, or a glob where `*` is any run of characters and `?` one character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    /// 1-based line in the default selection file, when it came from there.
    pub line: usize,
}

impl Pattern {
    pub fn matches(&self, name: &str) -> bool {
        glob(self.text.as_bytes(), name.as_bytes())
    }

    pub fn is_glob(&self) -> bool {
        self.text.contains(['*', '?'])
    }
}

/// A set of patterns; an API is selected when any pattern matches its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub patterns: Vec<Pattern>,
}

/// A pattern that is not a name or glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPattern {
    pub pattern: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for BadPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an API name or glob: {}",
            self.pattern, self.reason
        )
    }
}

impl Selection {
    /// Patterns given as a list (each may itself be comma-separated, as on the command line).
    pub fn from_list<S: AsRef<str>>(
        items: impl IntoIterator<Item = S>,
    ) -> Result<Self, BadPattern> {
        let mut patterns = Vec::new();
        for item in items {
            for part in item.as_ref().split(',') {
                patterns.push(pattern(part.trim(), 0)?);
            }
        }
        if patterns.is_empty() {
            return Err(BadPattern {
                pattern: String::new(),
                line: 0,
                reason: "no API named".into(),
            });
        }
        Ok(Self { patterns })
    }

    /// The default selection file's text: one pattern a line, blank lines and `#` comments ignored.
    pub fn from_file_text(text: &str) -> Result<Self, BadPattern> {
        let mut patterns = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_text = line.split('#').next().unwrap_or("").trim();
            if !line_text.is_empty() {
                patterns.push(pattern(line_text, i + 1)?);
            }
        }
        Ok(Self { patterns })
    }

    pub fn matches(&self, name: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(name))
    }
}

fn pattern(text: &str, line: usize) -> Result<Pattern, BadPattern> {
    let bad = |reason: &str| BadPattern {
        pattern: text.to_owned(),
        line,
        reason: reason.to_owned(),
    };
    if text.is_empty() {
        return Err(bad("empty (two commas in a row, or a trailing comma?)"));
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*' | '?')))
    {
        return Err(bad(&format!(
            "`{}` cannot be part of an API name; use letters, digits, `.`, `_`, `-` and the wildcards `*` and `?`",
            c.escape_default()
        )));
    }
    Ok(Pattern {
        text: text.to_owned(),
        line,
    })
}

/// Glob match, iterative with one backtrack point: linear in practice, no recursion.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// The API name an imported spec file stands for: its file name without `.yaml`/`.yml`.
pub fn api_name_of_file(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_names() {
        let s = Selection::from_list(["taobao.trade.fullinfo.get, taobao.refund.*"]).unwrap();
        assert!(s.matches("taobao.trade.fullinfo.get"));
        assert!(s.matches("taobao.refund.refuse"));
        assert!(s.matches("taobao.refund.message.add"));
        assert!(!s.matches("taobao.refunds.receive.get"));
        assert!(!s.matches("taobao.trade.fullinfo.get2"));
        let q = Selection::from_list(["*.trade?.sold.get"]).unwrap();
        assert!(q.matches("taobao.trades.sold.get"));
        assert!(!q.matches("taobao.trade.sold.get"));
        assert!(Selection::from_list(["*"]).unwrap().matches("x.y"));
        assert!(glob(b"a*b*c", b"axxbyyc"));
        assert!(!glob(b"a*b*c", b"axxbyy"));
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Selection::from_list(["a,,b"]).is_err());
        assert!(Selection::from_list(["taobao.trade/fullinfo"]).is_err());
        assert!(Selection::from_list(Vec::<String>::new()).is_err());
        let file =
            Selection::from_file_text("# comment\n\ntaobao.refund.refuse  # curated\nbad name\n")
                .unwrap_err();
        assert_eq!(file.line, 4);
    }
}
