//! The whole TOP catalogue at work: import (when the metadata is at hand), load + check, render
//! each language, and `generate` / `check` of all 5,312 APIs in all three languages.
//!
//! `cargo bench --bench catalogue` (release build). Prints, for each step, the wall time, the CPU
//! time of the whole process (user + system, every thread; `/proc/self/stat`), APIs/s, peak memory
//! (VmHWM, reset before each step where the kernel allows) and the load average when the step
//! started; asserts nothing. On a shared machine the CPU time is the figure to compare; the wall
//! time is the best of `RUNS` runs. The generation part needs only the project
//! (`specs/top/catalogue`); the import part needs the metadata at `../shared/data/top-metadata`
//! and is skipped without it.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use topgen::Generator;

// The allocator of the `topgen` binary (src/main.rs), so the bench times what the command does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
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

/// How often the generation steps run; the best wall time is printed.
const RUNS: usize = 3;

/// CPU time of the process so far (user + system, all threads, ended ones included), from
/// `/proc/self/stat` (in clock ticks of 1/100 s, Linux's `USER_HZ`).
fn cpu_time() -> Duration {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces) start at the state, field 3.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split_whitespace()
        .skip(11) // state … cmajflt: utime is field 14
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    Duration::from_millis(fields.iter().sum::<u64>() * 10)
}

/// The 1-minute load average, as the kernel reports it.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// Wall and CPU time of one run of a step.
#[derive(Clone, Copy)]
struct Took {
    wall: Duration,
    cpu: Duration,
}

/// Runs `f` once, timing it.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Took) {
    let (start, cpu) = (Instant::now(), cpu_time());
    let value = f();
    let took = Took {
        wall: start.elapsed(),
        cpu: cpu_time().saturating_sub(cpu),
    };
    (value, took)
}

/// Runs `f` `RUNS` times (peak memory reset before each) and keeps the fastest run by wall time.
fn best_of<T>(mut f: impl FnMut() -> T) -> (T, Took) {
    let mut best: Option<(T, Took)> = None;
    for _ in 0..RUNS {
        reset_peak();
        let (value, took) = timed(&mut f);
        if best.as_ref().is_none_or(|(_, b)| took.wall < b.wall) {
            best = Some((value, took));
        }
    }
    best.expect("RUNS > 0")
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

/// One generation step: wall, CPU, APIs/s, peak memory, load average.
fn report_step(step: &str, apis: usize, took: Took, load: &str) {
    println!(
        "{step:<40} {:>7.0} ms wall {:>7.0} ms CPU {:>6.0} APIs/s   peak RSS {:>8}   load {load}",
        took.wall.as_secs_f64() * 1000.0,
        took.cpu.as_secs_f64() * 1000.0,
        apis as f64 / took.wall.as_secs_f64(),
        peak_rss_mib()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!(
        "\n== generation: specs/ with every API (--apis '*'), the way `topgen generate` runs; best of {RUNS}"
    );
    let generator = Generator::new(root.join("specs")).apis(["*"]);
    // First, in a process that has done nothing yet: its peak memory is what `topgen check` or
    // `generate` needs (later steps start from memory the allocator keeps for reuse).
    let first_load = load_average();
    reset_peak();
    let (first_plan, first) = timed(|| generator.plan().map(|plan| plan.files.len()));
    let first_peak = peak_rss_mib();
    let load = load_average();
    let (model, took) = best_of(|| generator.model());
    let model = match model {
        Ok(model) => model,
        Err(e) => return println!("load + check failed:\n{e}"),
    };
    let apis: usize = model.gateways.iter().map(|g| g.apis.len()).sum();
    println!(
        "{:<40} {:>7.0} ms wall {:>7.0} ms CPU {:>6.0} APIs/s   peak RSS {first_peak:>8}   load {first_load}",
        "plan, first in a fresh process",
        first.wall.as_secs_f64() * 1000.0,
        first.cpu.as_secs_f64() * 1000.0,
        apis as f64 / first.wall.as_secs_f64(),
    );
    if let Err(e) = first_plan {
        println!("plan failed: {e}");
    }
    report_step("load + check", apis, took, &load);

    let templates = topgen::templates::Templates::embedded().unwrap();
    for language in topgen::Language::ALL {
        let load = load_average();
        let (files, took) = best_of(|| language.render(&model, &templates));
        match files {
            Ok(files) => {
                report_step(&format!("render {language:?} (alone)"), apis, took, &load);
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
    drop(model);

    let load = load_average();
    let (plan, took) = best_of(|| generator.plan().unwrap());
    report_step("plan: load, check, render 3 languages", apis, took, &load);
    println!(
        "{:>40} {} files, {:.1} MiB",
        "",
        plan.files.len(),
        plan.files.values().map(String::len).sum::<usize>() as f64 / 1048576.0
    );
    drop(plan);

    let out = std::env::temp_dir().join(format!("topgen-catalogue-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let load = load_average();
    reset_peak();
    let (summary, took) = timed(|| generator.generate(&out).unwrap());
    report_step("generate (into an empty folder, once)", apis, took, &load);
    println!("{:>40} {summary}", "");

    let load = load_average();
    let (summary, generate) = best_of(|| generator.generate(&out).unwrap());
    report_step("generate again (nothing changed)", apis, generate, &load);
    println!("{:>40} {summary}", "");

    let load = load_average();
    let (clean, check) = best_of(|| generator.check(&out).unwrap().is_clean());
    report_step("check (up to date)", apis, check, &load);
    println!(
        "{:>40} up to date: {clean}; check / generate again: {:.2}x wall, {:.2}x CPU",
        "",
        check.wall.as_secs_f64() / generate.wall.as_secs_f64(),
        check.cpu.as_secs_f64() / generate.cpu.as_secs_f64().max(1e-9)
    );
    let _ = fs::remove_dir_all(&out);

    let small = Generator::new(root.join("specs"));
    let (plan, took) = timed(|| small.plan().unwrap());
    println!(
        "\ndefault selection (specs/default-apis.txt): {} files planned in {:.1} ms wall, {:.0} ms CPU",
        plan.files.len(),
        took.wall.as_secs_f64() * 1000.0,
        took.cpu.as_secs_f64() * 1000.0
    );
    println!();
    import_part(&root.join("../shared/data/top-metadata"));
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
