//! Subcommands of the `topgen` binary that need more than the generator: `topgen call`.

pub mod call;
mod http;
mod json;
