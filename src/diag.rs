//! Diagnostics: located, actionable messages about spec files, collected and reported together.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem has no better place than the file itself.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The offending line of the file (a window of it when the line is long), shown under the
    /// location, with control and text-direction characters made visible.
    pub source_line: Option<String>,
    /// How many characters of `source_line` stand before the caret.
    pub caret: usize,
}

/// The most characters of a source line shown on either side of the caret.
const SOURCE_WINDOW: usize = 60;

impl Diagnostic {
    pub fn new(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
            caret: column.saturating_sub(1),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line == 0 {
            return self;
        }
        let Some(line) = text.lines().nth(self.line - 1) else {
            return self;
        };
        let chars: Vec<char> = line.chars().collect();
        let at = self.column.saturating_sub(1).min(chars.len());
        let start = at.saturating_sub(SOURCE_WINDOW);
        let end = (at + SOURCE_WINDOW).min(chars.len());
        let mut shown = String::new();
        if start > 0 {
            shown.push('…');
        }
        shown.extend(chars[start..end].iter().map(|&c| visible(c)));
        if end < chars.len() {
            shown.push('…');
        }
        self.caret = at - start + usize::from(start > 0);
        self.source_line = Some(shown);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if self.line == 0 {
            writeln!(f, "  --> {}", self.file.display())?;
        } else {
            writeln!(
                f,
                "  --> {}:{}:{}",
                self.file.display(),
                self.line,
                self.column
            )?;
        }
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String = source
                .chars()
                .take(self.caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {source}")?;
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// `c`, or the replacement character when printing it could move or hide text on a terminal.
fn visible(c: char) -> char {
    if c != '\t' && crate::source_map::forbidden_char(c).is_some() {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Every problem found, in file order; the error type of loading and checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorts by file, line and column so reports are stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the specs; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}
