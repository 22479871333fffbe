//! What an import could not carry over exactly, per API, and the grouped report.

use std::collections::BTreeMap;
use std::fmt;

/// How much an issue costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Converted, but with a judgement call a person should review (e.g. an untyped field → json).
    Note,
    /// A field was left out of the spec; the API is still converted (response fields left out are
    /// still kept by the clients in their `extra` map).
    LeftOut,
    /// The API was not converted.
    Failed,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::LeftOut => "left out",
            Severity::Failed => "failed",
        })
    }
}

/// Why; each kind is one group in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IssueKind {
    /// The API name is the `method` value on the wire, so it cannot be renamed to fit the format.
    ApiName,
    /// A wire name that is not an identifier (`_t`, `dimission.employee`).
    WireName,
    /// Two wire names in one scope that are equal, or equal after renaming in some language.
    NameCollision,
    /// A list of files as a request parameter: the format sends files one per parameter.
    FileList,
    /// The metadata gives no type (or `null`).
    Untyped,
    /// A named type with no fields in the metadata.
    StructWithoutFields,
    /// A struct that contains itself.
    Recursive,
    /// A list of lists.
    NestedList,
    /// A byte array inside JSON (a struct or a response), carried as base64 text.
    BytesAsText,
    /// A struct named like a basic type, or named again with other fields.
    StructRenamed,
    /// A limit that does not fit the mapped type, or is not a usable number.
    Constraint,
    /// No Chinese name: the title falls back to the API name.
    NoTitle,
    /// The metadata file itself is not readable JSON of the expected shape.
    Unreadable,
}

impl IssueKind {
    /// The group heading in reports.
    pub fn label(self) -> &'static str {
        match self {
            IssueKind::ApiName => {
                "API name does not fit the format (it is the wire `method`, so it cannot be renamed)"
            }
            IssueKind::WireName => "wire name is not an identifier",
            IssueKind::NameCollision => {
                "name collides with another in the same scope (as written or after renaming)"
            }
            IssueKind::FileList => "list of files as a request parameter",
            IssueKind::Untyped => "no type in the metadata",
            IssueKind::StructWithoutFields => "named type without fields in the metadata",
            IssueKind::Recursive => "struct contains itself",
            IssueKind::NestedList => "list of lists",
            IssueKind::BytesAsText => "byte array inside JSON, carried as base64 text",
            IssueKind::StructRenamed => {
                "struct renamed (basic type's name, or same name with other fields)"
            }
            IssueKind::Constraint => "limit does not fit the type or is not a number",
            IssueKind::NoTitle => "no Chinese name; the title is the API name",
            IssueKind::Unreadable => "metadata file is not readable",
        }
    }
}

/// One issue: where in the API (`params.refuse_message`, `structs.Refund.status`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    pub kind: IssueKind,
    pub place: String,
    pub detail: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.severity, self.detail)
        } else {
            write!(f, "{}: {}: {}", self.severity, self.place, self.detail)
        }
    }
}

/// Counts per (severity, kind) with a few examples each, for printing.
#[derive(Debug, Default)]
pub struct Grouped {
    pub groups: BTreeMap<(Severity, IssueKind), (usize, Vec<String>)>,
}

impl Grouped {
    pub const EXAMPLES: usize = 3;

    pub fn add(&mut self, api: &str, issue: &Issue) {
        let (count, examples) = self.groups.entry((issue.severity, issue.kind)).or_default();
        *count += 1;
        if examples.len() < Self::EXAMPLES {
            examples.push(format!("{api}: {}", issue.detail));
        }
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for ((severity, kind), (count, examples)) in self.groups.iter().rev() {
            writeln!(f, "  {severity:>8} {count:>5}  {}", kind.label())?;
            for e in examples {
                writeln!(f, "                  e.g. {e}")?;
            }
        }
        Ok(())
    }
}
