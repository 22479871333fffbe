//! Times the catalogue import and check against a plain JSON parse of the same files.
//!
//! `cargo bench --bench catalogue` (release build). Prints, asserts nothing. Needs the catalogue
//! at `../shared/data/top-metadata`; without it, prints a notice.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use topgen::Generator;
use topgen::import::{Import, read_catalogue};

fn peak_rss_mib() -> String {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kib| kib.parse::<f64>().ok()))
        .map_or("unknown".to_owned(), |kib| format!("{:.0} MiB", kib / 1024.0))
}

fn report(step: &str, apis: usize, took: Duration, baseline: Duration) {
    println!(
        "{step:<34} {:>8.1} ms {:>9.0} APIs/s {:>7.1}x the JSON parse   peak RSS {}",
        took.as_secs_f64() * 1000.0,
        apis as f64 / took.as_secs_f64(),
        took.as_secs_f64() / baseline.as_secs_f64(),
        peak_rss_mib()
    );
}

fn main() {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/top-metadata");
    if !from.join("json").is_dir() {
        println!("skipped: the TOP catalogue is not at {}", from.display());
        return;
    }

    // Baseline: read every file and parse it with serde_json into a generic value.
    let start = Instant::now();
    let files = read_catalogue(&from, &[]).unwrap();
    let read = start.elapsed();
    let start = Instant::now();
    let parsed = files.iter().filter(|f| serde_json::from_slice::<serde_json::Value>(&f.bytes).is_ok()).count();
    let parse = start.elapsed();
    let apis = files.len();
    println!("{apis} metadata files ({parsed} parse as JSON), {:.1} MiB", files.iter().map(|f| f.bytes.len()).sum::<usize>() as f64 / 1048576.0);
    report("read files", apis, read, parse);
    report("baseline: serde_json::Value parse", apis, parse, parse);

    let start = Instant::now();
    let import = Import::from_files(&files, "top");
    let convert = start.elapsed();
    report("parse + convert to specs", apis, convert, parse);

    let start = Instant::now();
    let plan = import.plan();
    let render = start.elapsed();
    report("render YAML", apis, render, parse);

    let dir = std::env::temp_dir().join(format!("topgen-catalogue-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("top")).unwrap();
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/top/gateway.yaml"), dir.join("top/gateway.yaml")).unwrap();
    let start = Instant::now();
    topgen::output::write(&plan, &dir.join("top/apis")).unwrap();
    report("write specs (atomic)", apis, start.elapsed(), parse);

    let start = Instant::now();
    let model = Generator::new(&dir).model();
    let check = start.elapsed();
    let checked = model.as_ref().map(|m| m.gateways[0].apis.len()).unwrap_or(0);
    report("load + check specs", checked, check, parse);
    println!("{checked} of {apis} APIs load and check cleanly");
    let _ = fs::remove_dir_all(&dir);

    // The workload the product exists for: every checked API rendered as clients in each language.
    let (Ok(model), Ok(templates)) = (model, topgen::templates::Templates::embedded()) else { return };
    for language in topgen::Language::ALL {
        let start = Instant::now();
        match language.render(&model, &templates) {
            Ok(files) => {
                report(&format!("render {language:?} clients"), checked, start.elapsed(), parse);
                let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
                println!("{:>34} {} files, {:.1} MiB", "", files.len(), bytes as f64 / 1048576.0);
            }
            Err(e) => println!("render {language:?} clients failed: {e:#}"),
        }
    }
}
