//! Templates: the `templates/` tree, embedded in the binary (or read from a folder given at run
//! time), with a strict Tera environment: autoescaping off (views escape for each destination).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow};
use include_dir::{Dir, include_dir};
use serde::Serialize;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Files ending in `.tera` are templates; every other file is copied as it is (runtime code).
pub struct Templates {
    tera: tera::Tera,
    statics: BTreeMap<String, String>,
}

impl Templates {
    /// The templates built into this topgen.
    pub fn embedded() -> Result<Self> {
        let mut files = BTreeMap::new();
        collect_embedded(&EMBEDDED, &mut files)?;
        Self::from_files(files)
    }

    /// Templates read from `dir` (same layout as `templates/`), for trying template changes
    /// without rebuilding topgen.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let mut files = BTreeMap::new();
        collect_dir(dir, dir, &mut files)?;
        Self::from_files(files)
    }

    fn from_files(files: BTreeMap<String, String>) -> Result<Self> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        let mut statics = BTreeMap::new();
        for (name, text) in files {
            if name.ends_with(".tera") {
                tera.add_raw_template(&name, &text)
                    .map_err(|e| anyhow!("template {name}: {}", error_chain(&e)))?;
            } else {
                statics.insert(name, text);
            }
        }
        Ok(Self { tera, statics })
    }

    /// Renders `name` (e.g. `rust/lib.rs.tera`) with a serializable context.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("context for {name}: {}", error_chain(&e)))?;
        self.tera
            .render(name, &context)
            .map_err(|e| anyhow!("rendering {name}: {}", error_chain(&e)))
    }

    /// Renders `name` with a context converted once by [`Context::new`]: a view that renders
    /// several templates from one large context (a gateway with every API) converts it once.
    pub fn render_context(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, &context.0)
            .map_err(|e| anyhow!("rendering {name}: {}", error_chain(&e)))
    }

    /// A file copied as it is (e.g. `python/_runtime.py`).
    pub fn static_file(&self, name: &str) -> Result<&str> {
        self.statics
            .get(name)
            .map(String::as_str)
            .with_context(|| format!("no static template file {name}"))
    }

    /// Names of the static files under `prefix` (e.g. `typescript/runtime/`), sorted.
    pub fn static_files_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.statics
            .iter()
            .filter(move |(name, _)| name.starts_with(prefix))
            .map(|(name, text)| (name.as_str(), text.as_str()))
    }
}

/// A template context converted to Tera's values once. Cloning it, or taking [`Context::items`],
/// shares the converted values instead of converting them again.
#[derive(Debug, Clone)]
pub struct Context(tera::Context);

impl Context {
    /// Converts a serializable struct or map.
    pub fn new(value: &impl Serialize) -> Result<Self> {
        tera::Context::from_serialize(value)
            .map(Self)
            .map_err(|e| anyhow!("template context: {}", error_chain(&e)))
    }

    /// The elements of the list at `key`, each a context of its own (e.g. one per API, from a
    /// gateway context that lists them), without converting them again.
    pub fn items(&self, key: &str) -> Result<Vec<Context>> {
        let list = self
            .0
            .get(key)
            .and_then(tera::Value::as_array)
            .with_context(|| format!("template context has no list `{key}`"))?;
        list.iter()
            .map(|item| {
                let map = item
                    .as_map()
                    .with_context(|| format!("an item of `{key}` is not a map"))?;
                let mut context = tera::Context::new();
                for (k, v) in map {
                    context.insert_value(k.to_string(), v.clone());
                }
                Ok(Context(context))
            })
            .collect()
    }
}

/// The files in which `dir` differs from the templates built into this topgen (present on one
/// side only, or with other bytes), sorted; `None` when `dir` is not a topgen `templates/` tree
/// (it has no `rust/lib.rs.tera`). A binary whose list is not empty was built before the last
/// template change: what it generates or checks is not what `dir` says.
pub fn embedded_differs_from(dir: &Path) -> Result<Option<Vec<String>>> {
    if !dir.join("rust/lib.rs.tera").is_file() {
        return Ok(None);
    }
    let mut embedded = BTreeMap::new();
    collect_embedded(&EMBEDDED, &mut embedded)?;
    let mut on_disk = BTreeMap::new();
    collect_dir(dir, dir, &mut on_disk)?;
    let mut differ: Vec<String> = embedded
        .iter()
        .filter(|(name, text)| on_disk.get(*name) != Some(*text))
        .map(|(name, _)| name.clone())
        .collect();
    differ.extend(
        on_disk
            .keys()
            .filter(|name| !embedded.contains_key(*name))
            .cloned(),
    );
    differ.sort();
    Ok(Some(differ))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn collect_embedded(dir: &Dir<'static>, files: &mut BTreeMap<String, String>) -> Result<()> {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        let text = file
            .contents_utf8()
            .with_context(|| format!("template {name} is not UTF-8"))?;
        files.insert(name, text.to_owned());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files)?;
    }
    Ok(())
}

fn collect_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<()> {
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("reading templates in {}", dir.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            collect_dir(root, &path, files)?;
        } else {
            let name = path
                .strip_prefix(root)?
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            files.insert(name, text);
        }
    }
    Ok(())
}
