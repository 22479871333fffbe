//! The library entry point: a small [`Generator`] for the CLI and for `build.rs` scripts.
//!
//! ```no_run
//! // build.rs: one self-contained module file per gateway, for `include!`
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! if let Err(e) = topgen::Generator::new("specs").generate_rust_modules(&out) {
//!     eprintln!("{e}"); // file:line:column diagnostics
//!     std::process::exit(1);
//! }
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

    /// Loads and checks the specs (for topgen's own commands; the model is internal).
    #[doc(hidden)]
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

    /// Renders everything in memory (for topgen's own commands; the plan is internal).
    #[doc(hidden)]
    pub fn plan(&self) -> Result<Plan, Error> {
        let model = self.model()?;
        let templates = self.templates()?;
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

    /// For `build.rs`: writes `<out>/<crate_ident>.rs` (e.g. `taobao_top.rs`) for every gateway, a
    /// self-contained Rust module (no inner attributes, no `mod x;`) to use as
    /// `mod top { include!(concat!(env!("OUT_DIR"), "/taobao_top.rs")); }`. Files are rewritten
    /// only when their bytes change, so cargo does not rebuild needlessly. Returns the paths.
    pub fn generate_rust_modules(&self, out: &Path) -> Result<Vec<PathBuf>, Error> {
        let model = self.model()?;
        let templates = self.templates()?;
        let mut written = Vec::new();
        for file in crate::views::rust::render_modules(&model, &templates)? {
            let path = out.join(&file.path);
            let contents = output::with_header(&file.path, file.contents);
            if std::fs::read(&path).ok().as_deref() != Some(contents.as_bytes()) {
                std::fs::create_dir_all(out)
                    .and_then(|()| std::fs::write(&path, contents))
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            }
            written.push(path);
        }
        Ok(written)
    }

    fn templates(&self) -> Result<Templates, Error> {
        Ok(match &self.templates {
            Some(dir) => Templates::from_dir(dir)?,
            None => Templates::embedded()?,
        })
    }

    /// Renders everything and compares it with `out` without writing.
    pub fn check(&self, out: &Path) -> Result<CheckReport, Error> {
        let plan = self.plan()?;
        Ok(output::check(&plan, out))
    }
}
