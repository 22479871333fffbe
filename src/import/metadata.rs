//! The TOP catalogue metadata as published (`json/<package>/<api>.json`), read leniently.
//!
//! Every field is optional and constraint values are kept as raw JSON: the catalogue was collected
//! from the documentation site and is not uniform (a type can be missing, a limit can be text).
//! Each package folder also holds a `catelog.json` describing the package, which is not an API.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;
use serde_json::Value;

/// One API's metadata file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMetadata {
    pub name: String,
    #[serde(default)]
    pub api_chinese_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub id: Option<Value>,
    #[serde(default)]
    pub request_params: Option<Vec<ParamMetadata>>,
    #[serde(default)]
    pub response_params: Option<Vec<ParamMetadata>>,
}

/// A request parameter, response field or struct field.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParamMetadata {
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_list_size: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_params: Vec<ParamMetadata>,
}

impl ParamMetadata {
    /// `required: true` (or the text `"true"`); anything else is optional.
    pub fn is_required(&self) -> bool {
        match &self.required {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

/// One API file found in the catalogue.
#[derive(Debug, Clone)]
pub struct CatalogueFile {
    /// The package folder (`refund`).
    pub package: String,
    /// Path relative to the catalogue's `json/` folder (`refund/taobao_refund_refuse.json`).
    pub relative: String,
    pub bytes: Vec<u8>,
}

/// The API files under `<from>/json/`, sorted by package and file name; `only` limits the packages.
/// Package descriptions (`catelog.json`) are skipped.
pub fn read_catalogue(from: &Path, only: &[String]) -> Result<Vec<CatalogueFile>> {
    let json = from.join("json");
    let root = if json.is_dir() {
        json
    } else {
        from.to_path_buf()
    };
    let mut packages: Vec<PathBuf> = fs::read_dir(&root)
        .with_context(|| format!("reading the catalogue folder {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    packages.sort();
    for wanted in only {
        if !packages
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == wanted.as_str()))
        {
            bail!("package `{wanted}` is not in {}", root.display());
        }
    }
    let mut files = Vec::new();
    for dir in packages {
        let package = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !only.is_empty() && !only.contains(&package) {
            continue;
        }
        let mut names: Vec<PathBuf> = fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            // Named by suffix, not extension: a file called `.json` is still read (and reported).
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".json") && n != "catelog.json")
            })
            .collect();
        names.sort();
        for path in names {
            let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let file_name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push(CatalogueFile {
                relative: format!("{package}/{file_name}"),
                package: package.clone(),
                bytes,
            });
        }
    }
    Ok(files)
}
