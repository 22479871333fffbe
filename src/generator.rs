//! The library entry point: a small [`Generator`] for the CLI and for `build.rs` scripts.
//!
//! ```no_run
//! // build.rs
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! topgen::Generator::new("specs")
//!     .languages([topgen::Language::Rust])
//!     .generate(&out)
//!     .expect("topgen");
//! ```

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::model::Model;
use crate::output::{self, CheckReport, Plan, WriteSummary};
use crate::templates::Templates;
use crate::views::Language;
use crate::{check, load};

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// The specs have problems; each diagnostic names its file, line and column.
    Specs(Diagnostics),
    /// A template failed to render or the output could not be written.
    Other(anyhow::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Specs(d) => write!(f, "{d}"),
            Error::Other(e) => write!(f, "error: {e:#}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Other(e)
    }
}

/// Settings for one generation: where the specs are, which languages, which templates.
#[derive(Debug, Clone)]
pub struct Generator {
    specs: PathBuf,
    languages: Vec<Language>,
    templates: Option<PathBuf>,
}

impl Generator {
    /// Generates every language from the specs below `specs`.
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Self { specs: specs.into(), languages: Language::ALL.to_vec(), templates: None }
    }

    /// Only these languages.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.languages = languages.into_iter().collect();
        self.languages.sort();
        self.languages.dedup();
        self
    }

    /// Reads templates from `dir` instead of the ones built into topgen.
    pub fn templates_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.templates = Some(dir.into());
        self
    }

    /// Loads and checks the specs.
    pub fn model(&self) -> Result<Model, Error> {
        let paths = load::find_spec_files(&self.specs).map_err(Error::Specs)?;
        let (files, mut problems) = load::load_files(&paths);
        match check::check(&files) {
            Ok(model) if problems.is_empty() => Ok(model),
            Ok(_) => {
                problems.sort();
                Err(Error::Specs(problems))
            }
            Err(more) => {
                problems.extend(more);
                problems.sort();
                Err(Error::Specs(problems))
            }
        }
    }

    /// Renders everything in memory.
    pub fn plan(&self) -> Result<Plan, Error> {
        let model = self.model()?;
        let templates = match &self.templates {
            Some(dir) => Templates::from_dir(dir)?,
            None => Templates::embedded()?,
        };
        let mut plan = Plan::default();
        for language in &self.languages {
            plan.add(*language, language.render(&model, &templates)?);
        }
        Ok(plan)
    }

    /// Renders everything, then writes it into `out`; on any error nothing in `out` changes.
    pub fn generate(&self, out: &Path) -> Result<WriteSummary, Error> {
        let plan = self.plan()?;
        Ok(output::write(&plan, out)?)
    }

    /// Renders everything and compares it with `out` without writing.
    pub fn check(&self, out: &Path) -> Result<CheckReport, Error> {
        let plan = self.plan()?;
        Ok(output::check(&plan, out))
    }
}
