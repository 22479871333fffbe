//! topgen generates typed, wire-exact clients for the Taobao Open Platform (TOP) and partner
//! gateways from YAML specs, in Rust, Python and TypeScript.
//!
//! The pipeline, one module per arrow:
//! `load` (YAML → [`spec`]) → `check` (→ [`model`]) → [`views`] (per language, through
//! [`templates`]) → [`output`] (a plan written atomically, or checked against disk).

pub mod check;
pub mod diag;
pub mod generator;
pub mod import;
pub mod load;
pub mod mock;
pub mod model;
pub mod naming;
pub mod output;
pub mod source_map;
pub mod spec;
pub mod templates;
pub mod views;

pub use generator::{Error, Generator};
pub use views::Language;
