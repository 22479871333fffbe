//! The spec file an import writes: serializable mirrors of the spec format (docs/spec-format.md),
//! in the key order a person would write them, rendered to YAML text.
//!
//! The YAML itself comes from `yaml_serde`, which quotes and escapes every string as YAML needs
//! (line breaks, `#`, `:`, control characters), so descriptions stay verbatim.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SpecFile {
    pub topgen: u32,
    pub api: Api,
}

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub name: String,
    pub gateway: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<u64>,
    pub session: &'static str,
    pub idempotent: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub structs: Vec<Struct>,
    pub response: Response,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// `paging:` (docs/spec-format.md): which parameters page and which response fields tell the
/// items and the end.
#[derive(Debug, Clone, Serialize)]
pub struct Paging {
    pub style: &'static str,
    pub page: String,
    pub size: String,
    pub items: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_next: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Struct {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u64>,
}

impl SpecFile {
    /// The file's text: a comment naming the source and the notes, then the YAML.
    pub fn to_yaml(&self, source: &str, notes: &[String]) -> String {
        let mut text = format!(
            "# {} [doc {}]\n",
            self.api.name,
            self.api.doc_id.map_or("?".to_owned(), |d| d.to_string())
        );
        text.push_str(&format!(
            "# Imported by `topgen import top-metadata` from {source}.\n"
        ));
        if !notes.is_empty() {
            text.push_str("# Import notes (review these by hand):\n");
            for note in notes {
                text.push_str(&format!("# - {}\n", one_line(note)));
            }
        }
        // Serializing plain structs of strings, numbers and vectors cannot fail.
        text.push_str(&yaml_serde::to_string(self).expect("spec structs serialize to YAML"));
        text
    }
}

/// A note as one comment line: line breaks would end the comment, so they are shown escaped.
fn one_line(note: &str) -> String {
    note.replace('\r', "\\r").replace('\n', "\\n")
}
