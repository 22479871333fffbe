//! topgen generates typed, wire-exact clients for the Taobao Open Platform (TOP) and partner
//! gateways from YAML specs, in Rust, Python and TypeScript.
//!
//! # From `build.rs`
//!
//! The library is what a `build.rs` needs: [`Generator`] (where the specs are, which languages,
//! which templates), its [`Error`] (spec problems with file, line and column) and [`Language`].
//! As a build-dependency, take it without default features, so it brings no command line, no mock
//! gateway and no crypto crates into your build:
//!
//! ```toml
//! [build-dependencies]
//! # topgen is not on crates.io: a checkout of its repository next to your crate
//! topgen = { path = "../topgen", default-features = false }
//! ```
//!
//! ```no_run
//! // build.rs: one self-contained module file per gateway, for `include!`
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! if let Err(e) = topgen::Generator::new("specs").generate_rust_modules(&out) {
//!     eprintln!("{e}"); // file:line:column diagnostics
//!     std::process::exit(1);
//! }
//! ```
//!
//! # Features
//!
//! - `cli` (default): the `topgen` binary (clap, and mimalloc as its allocator) and everything it
//!   serves; implies `mock`.
//! - `mock`: the module `mock`, the local mock gateway of `topgen serve-mock`, for a Rust test
//!   suite that wants one in-process (an HTTP/1.1 server of its own and the RustCrypto signature digests).
//!
//! # Inside
//!
//! The pipeline, one module per arrow: `load` (YAML → `spec`) → `check` (→ `model`) → `views`
//! (per language, through `templates`) → `output` (a plan written atomically, or checked against
//! disk). Those modules are internal: reachable for topgen's own binary, tests and benchmarks,
//! hidden from the documentation, and not covered by semver.
#![deny(missing_docs)]

pub(crate) mod check;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod diag;
mod generator;
#[doc(hidden)]
pub mod import;
pub(crate) mod load;
#[cfg(feature = "mock")]
pub mod mock;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod naming;
#[doc(hidden)]
pub mod output;
pub(crate) mod select;
pub(crate) mod source_map;
pub(crate) mod spec;
#[doc(hidden)]
pub mod templates;
#[doc(hidden)]
pub mod views;

pub use diag::{Diagnostic, Diagnostics};
pub use generator::{ApiSummary, Error, Generator, Override};
pub use output::{CheckReport, WriteSummary};
pub use views::Language;
