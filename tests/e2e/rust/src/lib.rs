//! The harness of the end-to-end tests: the mock gateway as a child process with bounded start
//! and stop ([`mock`]), and test inputs — image bytes of an exact size and what the specs expect
//! ([`samples`]). Nothing here leaves 127.0.0.1.

pub mod mock;
pub mod samples;

pub use mock::{MockGateway, Record};
