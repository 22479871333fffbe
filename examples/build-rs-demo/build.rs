//! Generates the Rust clients of `../../specs` into OUT_DIR, one module file per gateway.

use std::path::PathBuf;

fn main() {
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    println!("cargo::rerun-if-changed={}", specs.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(error) = topgen::Generator::new(&specs).generate_rust_modules(&out) {
        // Diagnostics name the spec file, line and column.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
