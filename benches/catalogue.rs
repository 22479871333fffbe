//! The whole TOP catalogue at work: import (when the metadata is at hand), load + check, render
//! each language, and `generate` / `check` of all 5,312 APIs in all three languages.
//!
//! `cargo bench --bench catalogue` (release build). Prints times, APIs/s, peak memory (VmHWM, reset
//! before each step where the kernel allows) and ratios; asserts nothing. The generation part
//! needs only the project (`specs/top/catalogue`); the import part needs the metadata at
//! `../shared/data/top-metadata` and is skipped without it.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use topgen::Generator;
use topgen::import::{Import, read_catalogue};

/// Peak resident memory since the last [`reset_peak`], in MiB.
fn peak_rss_mib() -> String {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or("unknown".to_owned(), |kib| {
            format!("{:.0} MiB", kib / 1024.0)
        })
}

/// Resets the peak to the current resident size (Linux: `echo 5 > /proc/self/clear_refs`).
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn report(step: &str, apis: usize, took: Duration, baseline: Duration, baseline_name: &str) {
    println!(
        "{step:<40} {:>8.1} ms {:>9.0} APIs/s {:>6.1}x {baseline_name}   peak RSS {}",
        took.as_secs_f64() * 1000.0,
        apis as f64 / took.as_secs_f64(),
        took.as_secs_f64() / baseline.as_secs_f64(),
        peak_rss_mib()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    import_part(&root.join("../shared/data/top-metadata"));

    println!("\n== generation: specs/ with every API (--apis '*'), the way `topgen generate` runs");
    let generator = Generator::new(root.join("specs")).apis(["*"]);
    reset_peak();
    let start = Instant::now();
    let model = match generator.model() {
        Ok(model) => model,
        Err(e) => return println!("load + check failed:\n{e}"),
    };
    let load = start.elapsed();
    let apis: usize = model.gateways.iter().map(|g| g.apis.len()).sum();
    report("load + check", apis, load, load, "load + check");

    let templates = topgen::templates::Templates::embedded().unwrap();
    let mut rendering = Duration::ZERO;
    for language in topgen::Language::ALL {
        reset_peak();
        let start = Instant::now();
        match language.render(&model, &templates) {
            Ok(files) => {
                let took = start.elapsed();
                rendering += took;
                report(
                    &format!("render {language:?} (alone)"),
                    apis,
                    took,
                    load,
                    "load + check",
                );
                let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
                println!(
                    "{:>40} {} files, {:.1} MiB",
                    "",
                    files.len(),
                    bytes as f64 / 1048576.0
                );
            }
            Err(e) => println!("render {language:?} failed: {e:#}"),
        }
    }
    println!(
        "{:>40} {:.1} ms load + check + the three renders one after another",
        "",
        (load + rendering).as_secs_f64() * 1000.0
    );
    drop(model);

    let out = std::env::temp_dir().join(format!("topgen-catalogue-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    reset_peak();
    let start = Instant::now();
    let plan = generator.plan().unwrap();
    let planned = start.elapsed();
    report(
        "plan: load, check, render 3 languages",
        apis,
        planned,
        load,
        "load + check",
    );
    println!(
        "{:>40} {} files, {:.1} MiB",
        "",
        plan.files.len(),
        plan.files.values().map(String::len).sum::<usize>() as f64 / 1048576.0
    );
    drop(plan);

    reset_peak();
    let start = Instant::now();
    let summary = generator.generate(&out).unwrap();
    let generate = start.elapsed();
    report(
        "generate (into an empty folder)",
        apis,
        generate,
        generate,
        "generate",
    );
    println!("{:>40} {summary}", "");

    reset_peak();
    let start = Instant::now();
    let summary = generator.generate(&out).unwrap();
    report(
        "generate again (nothing changed)",
        apis,
        start.elapsed(),
        generate,
        "generate",
    );
    println!("{:>40} {summary}", "");

    reset_peak();
    let start = Instant::now();
    let report_clean = generator.check(&out).unwrap().is_clean();
    report(
        "check (up to date)",
        apis,
        start.elapsed(),
        generate,
        "generate",
    );
    println!("{:>40} up to date: {report_clean}", "");
    let _ = fs::remove_dir_all(&out);

    let small = Generator::new(root.join("specs"));
    let start = Instant::now();
    let plan = small.plan().unwrap();
    println!(
        "\ndefault selection (specs/default-apis.txt): {} files planned in {:.1} ms",
        plan.files.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
}

/// The import from the metadata, against a plain JSON parse of the same files.
fn import_part(from: &Path) {
    if !from.join("json").is_dir() {
        println!("import: skipped, the metadata is not at {}", from.display());
        return;
    }
    println!("== import: the metadata at {}", from.display());
    let start = Instant::now();
    let files = read_catalogue(from, &[]).unwrap();
    let read = start.elapsed();
    let start = Instant::now();
    let parsed = files
        .iter()
        .filter(|f| serde_json::from_slice::<serde_json::Value>(&f.bytes).is_ok())
        .count();
    let parse = start.elapsed();
    let apis = files.len();
    println!(
        "{apis} metadata files ({parsed} parse as JSON), {:.1} MiB",
        files.iter().map(|f| f.bytes.len()).sum::<usize>() as f64 / 1048576.0
    );
    let base = "the JSON parse";
    report("read files", apis, read, parse, base);
    report(
        "baseline: serde_json::Value parse",
        apis,
        parse,
        parse,
        base,
    );
    let start = Instant::now();
    let import = Import::from_files(&files, "top");
    report(
        "parse + convert to specs",
        apis,
        start.elapsed(),
        parse,
        base,
    );
    let start = Instant::now();
    let plan = import.plan();
    report("render YAML", apis, start.elapsed(), parse, base);
    println!(
        "{:>40} {} spec files, {:.1} MiB",
        "",
        plan.files.len(),
        plan.files.values().map(String::len).sum::<usize>() as f64 / 1048576.0
    );
}
