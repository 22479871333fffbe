//! The typescript view.

pub mod names;

use crate::model::Model;
use crate::templates::Templates;
use crate::views::OutputFile;

pub fn render(_model: &Model, _templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    Ok(Vec::new())
}
