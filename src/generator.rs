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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::Model;
use crate::output::{self, CheckReport, Plan, WriteSummary};
use crate::select::{self, BadPattern, Selection};
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

/// Settings for one generation: where the specs are, which APIs, which languages, which templates.
#[derive(Debug, Clone)]
pub struct Generator {
    specs: PathBuf,
    languages: Vec<Language>,
    templates: Option<PathBuf>,
    /// `None`: the specs folder's default selection (`default-apis.txt`), or everything.
    apis: Option<Result<Selection, BadPattern>>,
}

/// A curated spec that replaces an imported (catalogue) spec of the same API and gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The gateway both specs belong to (`top`).
    pub gateway: String,
    /// The API name (`taobao.refund.refuse`).
    pub api: String,
    /// The curated spec that is used.
    pub curated: PathBuf,
    /// The imported spec that is not read.
    pub imported: PathBuf,
}

/// One API found by [`Generator::find_apis`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSummary {
    /// The API name (`taobao.trade.fullinfo.get`).
    pub name: String,
    /// The gateway it belongs to (`top`).
    pub gateway: String,
    /// The catalogue package (`tbtrade`) of an imported spec; `None` for a curated one.
    pub package: Option<String>,
    /// The catalogue package of the imported spec a curated one overrides.
    pub overrides: Option<String>,
    /// The API's title (the documentation's Chinese name for imported APIs).
    pub title: String,
    /// The spec file.
    pub path: PathBuf,
}

/// The spec files a run reads, after selection and overrides.
struct Inputs {
    files: Vec<LoadedFile>,
    problems: Diagnostics,
    overrides: Vec<Override>,
    /// Whether only some APIs were taken (then gateways left without APIs are not generated).
    selective: bool,
}

impl Generator {
    /// Generates every language from the specs below `specs`.
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Self {
            specs: specs.into(),
            languages: Language::ALL.to_vec(),
            templates: None,
            apis: None,
        }
    }

    /// Only these languages.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.languages = languages.into_iter().collect();
        self.languages.sort();
        self.languages.dedup();
        self
    }

    /// Only these APIs: names or globs (`*` any run of characters, `?` one), each item may be
    /// comma-separated (`"taobao.trade.fullinfo.get,taobao.refund.*"`); `"*"` takes every API,
    /// the whole catalogue included. A pattern that matches no API is an error when the run
    /// starts. Without this, the specs folder's `default-apis.txt` decides, or, when there is
    /// none, every spec is taken.
    pub fn apis<S: AsRef<str>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.apis = Some(Selection::from_list(patterns));
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
        self.model_and_overrides().map(|(model, _)| model)
    }

    /// Loads and checks the specs; also says which curated specs replaced imported ones.
    pub fn model_and_overrides(&self) -> Result<(Model, Vec<Override>), Error> {
        let Inputs {
            files,
            mut problems,
            overrides,
            selective,
        } = self.inputs()?;
        match check::check(&files) {
            Ok(mut model) if problems.is_empty() => {
                if selective {
                    model.gateways.retain(|g| !g.apis.is_empty());
                }
                Ok((model, overrides))
            }
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

    /// The selection in force: the one given, the default file's, or `None` (everything).
    fn selection(&self) -> Result<Option<(Selection, Option<PathBuf>)>, Error> {
        match &self.apis {
            Some(Ok(selection)) => Ok(Some((selection.clone(), None))),
            Some(Err(bad)) => Err(Error::Other(anyhow::anyhow!("--apis: {bad}"))),
            None => {
                let path = self.specs.join(select::DEFAULT_FILE);
                let Ok(text) = std::fs::read_to_string(&path) else {
                    return Ok(None);
                };
                match Selection::from_file_text(&text) {
                    Ok(selection) => Ok(Some((selection, Some(path)))),
                    Err(bad) => Err(Error::Specs(Diagnostics(vec![
                        Diagnostic::new(&path, bad.line, 1, bad.to_string()).with_source(&text).with_help(
                            "list one API name or glob a line (`taobao.trade.fullinfo.get`, `taobao.refund.*`); `#` starts a comment",
                        ),
                    ]))),
                }
            }
        }
    }

    fn inputs(&self) -> Result<Inputs, Error> {
        let paths = load::find_spec_files(&self.specs).map_err(Error::Specs)?;
        let selection = self.selection()?;
        let (case_paths, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| is_cases_file(&self.specs, p));
        let (imported, curated): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| catalogue_package(&self.specs, p).is_some());
        let (mut files, mut problems) = load::load_files(&curated);

        // Every pattern must name something, so a typo is not a silently smaller package.
        if let Some((selection, file)) = &selection {
            let curated_names: Vec<&str> = files
                .iter()
                .filter_map(|f| f.spec.api.as_ref().map(|a| a.name.as_str()))
                .collect();
            let imported_names: Vec<&str> = imported
                .iter()
                .filter_map(|p| select::api_name_of_file(p))
                .collect();
            let all = || curated_names.iter().chain(&imported_names).copied();
            let mut unmatched = Vec::new();
            for pattern in &selection.patterns {
                if !all().any(|name| pattern.matches(name)) {
                    let hint = if pattern.is_glob() {
                        None
                    } else {
                        did_you_mean(&pattern.text, all())
                    };
                    let hint = hint
                        .map(|h| format!("did you mean `{h}`? "))
                        .unwrap_or_default();
                    let message = format!("no API matches `{}`", pattern.text);
                    let help = format!(
                        "{hint}`topgen apis QUERY` lists API names; globs take `*` and `?`"
                    );
                    unmatched.push(match file {
                        Some(path) => {
                            Diagnostic::new(path, pattern.line, 1, message).with_help(help)
                        }
                        None => Diagnostic::new(Path::new("--apis"), 0, 0, message).with_help(help),
                    });
                }
            }
            if !unmatched.is_empty() {
                return Err(Error::Specs(Diagnostics(unmatched)));
            }
            files.retain(|f| {
                f.spec
                    .api
                    .as_ref()
                    .is_none_or(|a| selection.matches(&a.name))
            });
        }

        // Imported specs and cases files are chosen by file name before any is parsed.
        let chosen = |paths: Vec<PathBuf>| -> Vec<PathBuf> {
            match &selection {
                Some((selection, _)) => paths
                    .into_iter()
                    .filter(|p| select::api_name_of_file(p).is_some_and(|n| selection.matches(n)))
                    .collect(),
                None => paths,
            }
        };
        let (imported_files, more) = load::load_files(&chosen(imported));
        problems.extend(more);
        let (case_files, more) = load::load_files(&chosen(case_paths));
        problems.extend(more);
        let curated_apis: BTreeMap<(&str, &str), &Path> = files
            .iter()
            .filter_map(|f| {
                f.spec
                    .api
                    .as_ref()
                    .map(|a| ((a.gateway.as_str(), a.name.as_str()), f.path.as_path()))
            })
            .collect();
        let mut overrides = Vec::new();
        let mut kept = Vec::new();
        for file in imported_files {
            let Some(api) = &file.spec.api else {
                problems.push(
                    file.at_value("", "a catalogue folder holds API specs only")
                        .with_help("move gateway specs out of `catalogue/`"),
                );
                continue;
            };
            if select::api_name_of_file(&file.path) != Some(api.name.as_str()) {
                problems.push(
                    file.at_value("api.name", format!("an imported spec's file is named after its API: `{}.yaml`", api.name))
                        .with_help("rename the file (APIs in `catalogue/` are selected by file name before they are read)"),
                );
                continue;
            }
            match curated_apis.get(&(api.gateway.as_str(), api.name.as_str())) {
                Some(curated) => overrides.push(Override {
                    gateway: api.gateway.clone(),
                    api: api.name.clone(),
                    curated: curated.to_path_buf(),
                    imported: file.path.clone(),
                }),
                None => kept.push(file),
            }
        }
        for file in case_files {
            match &file.spec.cases {
                Some(cases) => match cases_folder_gateway(&self.specs, &file.path) {
                    None => problems.push(
                        file.at_value("", "a cases file sits directly in `<gateway>/cases/`")
                            .with_help(format!(
                                "move it to `{}`",
                                self.specs.join(&cases.gateway).join("cases").join(format!("{}.yaml", cases.api)).display()
                            )),
                    ),
                    Some(folder) if folder != cases.gateway => problems.push(
                        file.at_value(
                            "cases.gateway",
                            format!("a cases file in `{folder}/cases/` names gateway `{}`", cases.gateway),
                        )
                        .with_help(format!(
                            "move it to `{}`, or name gateway `{folder}`",
                            self.specs.join(&cases.gateway).join("cases").display()
                        )),
                    ),
                    Some(_) if select::api_name_of_file(&file.path) == Some(cases.api.as_str()) => {
                        kept.push(file)
                    }
                    Some(_) => problems.push(
                        file.at_value("cases.api", format!("a cases file is named after its API: `{}.yaml`", cases.api))
                            .with_help("rename the file (cases files are selected by file name before they are read)"),
                    ),
                },
                None => problems.push(
                    file.at_value("", "a `cases/` folder holds cases files only (`cases:`)")
                        .with_help("move API and gateway specs out of `cases/`"),
                ),
            }
        }
        files.extend(kept);
        Ok(Inputs {
            files,
            problems,
            overrides,
            selective: selection.is_some(),
        })
    }

    /// APIs whose name contains `query` (case-insensitive), or matches it when it is a glob, from
    /// the curated specs and the catalogue, sorted by name. Only the matching files are read.
    pub fn find_apis(&self, query: &str) -> Result<Vec<ApiSummary>, Error> {
        let paths = load::find_spec_files(&self.specs).map_err(Error::Specs)?;
        let glob = Selection::from_list([query])
            .ok()
            .filter(|s| s.patterns.iter().any(|p| p.is_glob()));
        let wanted = |name: &str| match &glob {
            Some(selection) => selection.matches(name),
            None => name.to_lowercase().contains(&query.to_lowercase()),
        };
        let mut imported_packages: BTreeMap<String, String> = BTreeMap::new();
        let mut found = Vec::new();
        let mut candidates = Vec::new();
        for path in paths {
            if is_cases_file(&self.specs, &path) {
                continue;
            }
            match catalogue_package(&self.specs, &path) {
                Some(package) => {
                    if let Some(name) = select::api_name_of_file(&path) {
                        // Convention: `specs/<gateway>/catalogue/`, so the folder names the gateway.
                        let gateway = catalogue_gateway(&self.specs, &path).unwrap_or_default();
                        imported_packages.insert(format!("{gateway}\n{name}"), package.clone());
                        if wanted(name) {
                            candidates.push((path.clone(), Some(package)));
                        }
                    }
                }
                None => candidates.push((path, None)),
            }
        }
        let mut curated = std::collections::BTreeSet::new();
        for (path, package) in candidates {
            let Ok(file) = load::load_file(&path) else {
                continue;
            };
            let Some(api) = file.spec.api else { continue };
            if !wanted(&api.name) {
                continue;
            }
            if package.is_none() {
                curated.insert((api.gateway.clone(), api.name.clone()));
            }
            found.push(ApiSummary {
                overrides: package
                    .is_none()
                    .then(|| {
                        imported_packages
                            .get(&format!("{}\n{}", api.gateway, api.name))
                            .cloned()
                    })
                    .flatten(),
                name: api.name,
                gateway: api.gateway,
                package,
                title: api.title,
                path,
            });
        }
        // An imported spec that a curated one replaces is not listed on its own.
        found.retain(|a| {
            a.package.is_none() || !curated.contains(&(a.gateway.clone(), a.name.clone()))
        });
        found.sort_by(|a, b| (&a.name, &a.gateway).cmp(&(&b.name, &b.gateway)));
        Ok(found)
    }

    /// Renders everything in memory (for topgen's own commands; the plan is internal).
    #[doc(hidden)]
    pub fn plan(&self) -> Result<Plan, Error> {
        let model = self.model()?;
        let templates = self.templates()?;
        // One language after another: each view's contexts are freed before the next starts.
        // Rendering them on threads at once was no faster on 2 busy cores and held every view's
        // contexts together (the whole catalogue peaked near 900 MiB instead of under 500).
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

/// The catalogue package of an imported spec: specs below a folder named `catalogue` are imported
/// (`specs/top/catalogue/<package>/<api name>.yaml`); the folder after it is the package.
fn catalogue_package(specs: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(specs).unwrap_or(path);
    let mut parts = relative
        .parent()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    parts.find(|p| p == "catalogue")?;
    Some(parts.next().map_or_else(String::new, |p| p.into_owned()))
}

/// Whether a file is read as a cases file: any file below a folder named `cases`, so a misplaced
/// one is refused with a located error rather than read as an API spec. Only
/// `<gateway>/cases/<api name>.yaml` is accepted (see [`cases_folder_gateway`]).
fn is_cases_file(specs: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(specs).unwrap_or(path);
    relative
        .parent()
        .is_some_and(|p| p.components().any(|c| c.as_os_str() == "cases"))
}

/// The gateway folder of a cases file at its one accepted place, `<gateway>/cases/<file>.yaml`
/// directly in the spec folder; `None` anywhere else.
fn cases_folder_gateway(specs: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(specs).ok()?;
    let parts: Vec<&std::ffi::OsStr> = relative.components().map(|c| c.as_os_str()).collect();
    match parts.as_slice() {
        [gateway, cases, _file] if *cases == "cases" => {
            Some(gateway.to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// The folder holding `catalogue/` (by convention the gateway's name), for listings.
fn catalogue_gateway(specs: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(specs).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let at = parts.iter().position(|p| p == "catalogue")?;
    at.checked_sub(1).map(|i| parts[i].clone())
}
