//! Client-side checks, in the API's order, with the contract's exact wording. The first failure wins.

use super::config::BlankValues;
use super::error::Error;
use super::wire::{File, ToWire};

/// A file format recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    /// `GIF87a` / `GIF89a`.
    Gif,
    /// `FF D8 FF`.
    Jpg,
    /// `89 50 4E 47 0D 0A 1A 0A`.
    Png,
}

impl FileType {
    /// The format of `bytes`, by magic bytes.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else {
            None
        }
    }

    /// `GIF`, `JPG` or `PNG`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gif => "GIF",
            Self::Jpg => "JPG",
            Self::Png => "PNG",
        }
    }

    /// The MIME type of a multipart file part.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Gif => "image/gif",
            Self::Jpg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

/// Whether `c` is whitespace as Java's `Character.isWhitespace` (what the reference SDK uses):
/// U+0009–U+000D, U+001C–U+001F, the space separators (Zs) except the no-break spaces U+00A0,
/// U+2007 and U+202F, and the line and paragraph separators U+2028 and U+2029.
pub fn is_java_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{001C}'..='\u{001F}'
            | ' '
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Whether `text` is empty or only whitespace ([`is_java_whitespace`]): the one test of
/// blank-ness, used by the `blank_values: omit` policy and by required checks.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_java_whitespace)
}

/// How a checked value is named in messages: a parameter, or `{param}.{field}` inside a struct
/// (formatted only when a check fails).
#[derive(Debug, Clone, Copy)]
pub enum Name<'a> {
    /// A request parameter.
    Param(&'a str),
    /// A field of a struct passed as parameter (or nested in one).
    Field(&'a str, &'a str),
}

impl Name<'_> {
    fn error(self, reason: impl Into<String>) -> Error {
        match self {
            Self::Param(name) => Error::validation(name, reason),
            Self::Field(outer, field) => Error::validation(&format!("{outer}.{field}"), reason),
        }
    }

    fn text(self) -> String {
        match self {
            Self::Param(name) => name.to_owned(),
            Self::Field(outer, field) => format!("{outer}.{field}"),
        }
    }
}

/// Runs the checks under the gateway's blank-value policy.
#[derive(Debug, Clone, Copy)]
pub struct Checker {
    blank: BlankValues,
}

/// A struct whose fields are checked as `param.field`.
pub trait Validate {
    /// Checks every field, naming each `{name}.{field}`.
    fn validate(&self, check: &Checker, name: &str) -> Result<(), Error>;
}

impl Checker {
    /// A checker for a gateway with this blank-value policy.
    pub fn new(blank: BlankValues) -> Self {
        Self { blank }
    }

    fn is_blank(&self, text: &str) -> bool {
        self.blank == BlankValues::Omit && is_blank(text)
    }

    fn text<'v, T: AsRef<str>>(&self, value: &'v Option<T>) -> Option<&'v str> {
        value
            .as_ref()
            .map(AsRef::as_ref)
            .filter(|t| !self.is_blank(t))
    }

    /// `{name}: is required` when unset (or blank under `blank_values: omit`).
    pub fn required<T: ToWire>(&self, name: Name<'_>, value: &Option<T>) -> Result<(), Error> {
        let missing = value
            .as_ref()
            .is_none_or(|v| v.is_blank_with(&|text| self.is_blank(text)));
        if missing {
            Err(name.error("is required"))
        } else {
            Ok(())
        }
    }

    /// [`required`](Self::required) for text that is borrowed (the session).
    pub fn required_text(&self, name: Name<'_>, value: Option<&str>) -> Result<(), Error> {
        if value.is_none_or(|text| self.is_blank(text)) {
            Err(name.error("is required"))
        } else {
            Ok(())
        }
    }

    /// Length in characters (Unicode code points), inclusive bounds.
    pub fn length<T: AsRef<str>>(
        &self,
        name: Name<'_>,
        value: &Option<T>,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Result<(), Error> {
        let Some(text) = self.text(value) else {
            return Ok(());
        };
        let n = text.chars().count() as u64;
        let reason = match (min, max) {
            (Some(lo), Some(hi)) if n < lo || n > hi => {
                format!("must be {lo} to {hi} characters long, got {n}")
            }
            (None, Some(hi)) if n > hi => format!("must be at most {hi} characters long, got {n}"),
            (Some(lo), None) if n < lo => format!("must be at least {lo} characters long, got {n}"),
            _ => return Ok(()),
        };
        Err(name.error(reason))
    }

    /// One of the listed values.
    pub fn allowed<T: AsRef<str>>(
        &self,
        name: Name<'_>,
        value: &Option<T>,
        allowed: &[&str],
    ) -> Result<(), Error> {
        match self.text(value) {
            Some(text) if !allowed.contains(&text) => Err(name.error(format!(
                "must be one of {}; got \"{text}\"",
                allowed.join(", ")
            ))),
            _ => Ok(()),
        }
    }

    /// Inclusive numeric bounds.
    pub fn range(
        &self,
        name: Name<'_>,
        value: &Option<i64>,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Result<(), Error> {
        match *value {
            Some(v) if min.is_some_and(|lo| v < lo) => Err(name.error(format!(
                "must be at least {}, got {v}",
                min.unwrap_or_default()
            ))),
            Some(v) if max.is_some_and(|hi| v > hi) => Err(name.error(format!(
                "must be at most {}, got {v}",
                max.unwrap_or_default()
            ))),
            _ => Ok(()),
        }
    }

    /// At most `max` list items.
    pub fn max_items<T>(
        &self,
        name: Name<'_>,
        value: &Option<Vec<T>>,
        max: u64,
    ) -> Result<(), Error> {
        match value.as_ref().map(|v| v.len() as u64) {
            Some(n) if n > max => {
                Err(name.error(format!("must have at most {max} items, got {n}")))
            }
            _ => Ok(()),
        }
    }

    /// Decodes the file, then checks its size (`max_bytes`) and then its type (magic bytes).
    pub fn file(
        &self,
        name: Name<'_>,
        value: &Option<File>,
        max_bytes: Option<u64>,
        types: &[FileType],
    ) -> Result<(), Error> {
        let Some(file) = value else { return Ok(()) };
        let bytes = file.bytes().map_err(|reason| name.error(reason))?;
        let n = bytes.len() as u64;
        if let Some(max) = max_bytes.filter(|max| n > *max) {
            return Err(name.error(format!("must be at most {max} bytes, got {n}")));
        }
        if !types.is_empty() && !FileType::detect(&bytes).is_some_and(|t| types.contains(&t)) {
            let labels: Vec<&str> = types.iter().map(|t| t.label()).collect();
            let list = match labels.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => labels.concat(),
            };
            let article = if list.starts_with(['A', 'E', 'I', 'O', 'U']) {
                "an"
            } else {
                "a"
            };
            return Err(name.error(format!(
                "must be {article} {list} image (checked by its first bytes)"
            )));
        }
        Ok(())
    }

    /// Checks a struct's fields as `{name}.{field}`.
    pub fn nested<T: Validate>(&self, name: Name<'_>, value: &Option<T>) -> Result<(), Error> {
        value
            .as_ref()
            .map_or(Ok(()), |v| v.validate(self, &name.text()))
    }

    /// Checks each struct of a list as `{name}.{field}`.
    pub fn nested_list<T: Validate>(
        &self,
        name: Name<'_>,
        value: &Option<Vec<T>>,
    ) -> Result<(), Error> {
        value
            .iter()
            .flatten()
            .try_for_each(|v| v.validate(self, &name.text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_java_whitespace() {
        assert!(is_blank(""));
        assert!(is_blank(" \t"));
        assert!(is_blank("\u{001c}"));
        assert!(is_blank("\r\n\u{000b}\u{000c}\u{2028}\u{3000}"));
        assert!(!is_blank("\u{00a0}"));
        assert!(!is_blank("\u{feff}"));
        assert!(!is_blank("\u{2007}"));
        assert!(!is_blank("\u{202f}"));
        assert!(!is_blank("\u{0085}"));
        assert!(!is_blank(" a "));
    }

    #[test]
    fn required_uses_the_blank_predicate_under_omit_only() {
        let omit = Checker::new(BlankValues::Omit);
        let q = Name::Param("q");
        assert!(omit.required(q, &Some("\u{00a0}".to_owned())).is_ok());
        assert!(omit.required(q, &Some("\u{feff}".to_owned())).is_ok());
        let err = omit.required(q, &Some("\u{001c}".to_owned())).unwrap_err();
        assert_eq!(
            err.to_string(),
            Error::validation("q", "is required").to_string()
        );
        assert!(omit.required(q, &Some(" \t".to_owned())).is_err());
        assert!(
            Checker::new(BlankValues::Include)
                .required(q, &Some(" \t".to_owned()))
                .is_ok()
        );
    }

    #[test]
    fn required_reads_every_kind_of_value_and_the_session() {
        let omit = Checker::new(BlankValues::Omit);
        let q = Name::Param("q");
        assert!(omit.required(q, &Some(0_i64)).is_ok());
        assert!(omit.required(q, &Some(false)).is_ok());
        assert!(omit.required::<i64>(q, &None).is_err());
        // An empty list is sent as empty text: blank.
        assert!(omit.required(q, &Some(Vec::<i64>::new())).is_err());
        assert!(omit.required(q, &Some(vec![String::new()])).is_err());
        assert!(omit.required(q, &Some(vec![1_i64])).is_ok());
        assert!(
            omit.required(q, &Some(File::from_bytes("a.png", Vec::new())))
                .is_ok()
        );
        assert!(omit.required_text(q, None).is_err());
        assert!(omit.required_text(q, Some(" ")).is_err());
        assert!(omit.required_text(q, Some("s")).is_ok());
        let include = Checker::new(BlankValues::Include);
        assert!(include.required_text(q, Some(" ")).is_ok());
        assert!(include.required_text(q, None).is_err());
    }
}
