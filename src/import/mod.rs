//! Import: turn the TOP catalogue metadata (`top-metadata/json/<package>/<api>.json`) into spec
//! files of the format in docs/spec-format.md, for gateway `top`.
//!
//! ```text
//! metadata JSON ──metadata──▶ ApiMetadata ──convert (naming)──▶ emit::SpecFile ──▶ YAML text
//! ```
//!
//! The import never guesses silently: whatever it cannot carry over exactly is an [`Issue`] on
//! its API (a note, a field left out, or the whole API failed), printed in the report and written
//! as comments at the top of the spec. See docs/catalogue.md.

mod convert;
pub mod emit;
mod issues;
pub mod metadata;
mod text;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use anyhow::Result;

pub use convert::Conversion;
pub use issues::{Grouped, Issue, IssueKind, Severity};
pub use metadata::{ApiMetadata, CatalogueFile, read_catalogue};

use crate::output::{self, Plan, WriteSummary};

/// The gateway the imported specs belong to unless told otherwise.
pub const DEFAULT_GATEWAY: &str = "top";

/// Converts one metadata file (its bytes as read) into a spec for `gateway`.
pub fn convert_file(file: &CatalogueFile, gateway: &str) -> Conversion {
    match serde_json::from_slice::<ApiMetadata>(&file.bytes) {
        Ok(meta) => convert::convert(&meta, &file.package, &file.relative, gateway),
        Err(e) => Conversion {
            api: file.relative.clone(),
            source: file.relative.clone(),
            package: file.package.clone(),
            spec: None,
            issues: vec![Issue {
                severity: Severity::Failed,
                kind: IssueKind::Unreadable,
                place: String::new(),
                detail: format!("not an API metadata file: {e}"),
            }],
        },
    }
}

/// Converts one API's metadata into a spec for `gateway`; `source` names the file in reports.
pub fn convert_api(meta: &ApiMetadata, package: &str, source: &str, gateway: &str) -> Conversion {
    convert::convert(meta, package, source, gateway)
}

/// A whole import: every API read, in catalogue order (package, then file name).
#[derive(Debug, Default)]
pub struct Import {
    pub conversions: Vec<Conversion>,
    /// The packages this import covers; files written earlier under other packages are kept.
    pub packages: BTreeSet<String>,
}

impl Import {
    /// Reads and converts the catalogue at `from` (the folder holding `json/`).
    pub fn run(from: &Path, only: &[String], gateway: &str) -> Result<Self> {
        let files = read_catalogue(from, only)?;
        Ok(Self::from_files(&files, gateway))
    }

    pub fn from_files(files: &[CatalogueFile], gateway: &str) -> Self {
        Self {
            conversions: files.iter().map(|f| convert_file(f, gateway)).collect(),
            packages: files.iter().map(|f| f.package.clone()).collect(),
        }
    }

    /// Every converted spec as `<package>/<api name>.yaml` → text.
    pub fn plan(&self) -> Plan {
        let mut plan = Plan::default();
        for package in &self.packages {
            plan.roots.insert(format!("{package}/"));
        }
        for c in &self.conversions {
            if let Some(text) = c.yaml() {
                plan.files.insert(c.path(), text);
            }
        }
        plan
    }

    /// Writes the specs into `out` atomically (see [`output::write`]): all or nothing, unchanged
    /// files untouched, files an earlier import wrote for these packages and this one did not are
    /// removed.
    pub fn write(&self, out: &Path) -> Result<WriteSummary> {
        output::write(&self.plan(), out)
    }

    pub fn converted(&self) -> usize {
        self.conversions.iter().filter(|c| c.spec.is_some()).count()
    }

    /// Issues grouped by severity and kind, with examples.
    pub fn grouped(&self) -> Grouped {
        let mut grouped = Grouped::default();
        for c in &self.conversions {
            for issue in &c.issues {
                grouped.add(&c.api, issue);
            }
        }
        grouped
    }
}

/// The report: counts, every failed API with its reasons, and the issues grouped.
impl fmt::Display for Import {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.conversions.len();
        let converted = self.converted();
        let exact = self
            .conversions
            .iter()
            .filter(|c| c.spec.is_some() && c.issues.is_empty())
            .count();
        writeln!(
            f,
            "{total} APIs read, {converted} converted ({exact} without any note), {} failed",
            total - converted
        )?;
        for c in self.conversions.iter().filter(|c| c.spec.is_none()) {
            for issue in c.issues.iter().filter(|i| i.severity == Severity::Failed) {
                let place = if issue.place.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", issue.place)
                };
                writeln!(
                    f,
                    "  failed {} (json/{}): {place}{}",
                    c.api, c.source, issue.detail
                )?;
            }
        }
        writeln!(f, "issues by kind:")?;
        write!(f, "{}", self.grouped())
    }
}
