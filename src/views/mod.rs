//! Views: one module per target language turns the model into files.
//!
//! Each view makes every decision (names, types, literals, escaping) in Rust, hands Tera a
//! context of ready-to-print strings, and returns the rendered files. A new language is a new
//! module here plus a folder under `templates/`.

pub mod manifest;
pub mod python;
pub mod rust;
pub mod typescript;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Gateway, Model};
use crate::templates::Templates;

/// A rendered file, relative to the output folder, without its generated-file header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated, e.g. `rust/taobao-top/src/lib.rs`.
    pub path: String,
    pub contents: String,
}

/// A target language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Language {
    /// A crate per gateway (`generated/rust/<crate>`).
    Rust,
    /// A Python distribution per gateway (`generated/python/<package>`).
    Python,
    /// An npm package per gateway (`generated/typescript/<package>`).
    Typescript,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Rust, Language::Python, Language::Typescript];

    /// The folder under the output folder that this language owns.
    pub fn folder(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::Typescript => "typescript",
        }
    }

    /// Renders every package of this language.
    pub fn render(self, model: &Model, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
        match self {
            Language::Rust => rust::render(model, templates),
            Language::Python => python::render(model, templates),
            Language::Typescript => typescript::render(model, templates),
        }
    }
}

/// Type names (after `rename`) that more than one API of `gateway` declares.
///
/// Each API module declares its own nested types, as the official SDKs nest them in the request
/// class; a package root re-exports only the names that are unique, so two APIs' `Trade` never
/// collide there. The shared ones stay reachable through their API module.
pub fn shared_type_names(gateway: &Gateway, rename: fn(&str) -> String) -> BTreeSet<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for api in &gateway.apis {
        // The request, response and params types count too: a struct of one API may carry the
        // name of another API's request (qimen's `InventoryQueryRequest`).
        let own = ["request", "response", "params"]
            .map(|suffix| rename(&format!("{}_{suffix}", api.base_name)));
        let declared: BTreeSet<String> = api
            .structs
            .iter()
            .map(|s| rename(&s.name))
            .chain(api.enums.iter().map(|e| rename(&e.name)))
            .chain(own)
            .collect();
        for name in declared {
            *count.entry(name).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name)
        .collect()
}
