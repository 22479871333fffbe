//! Views: one module per target language turns the model into files.
//!
//! Each view makes every decision (names, types, literals, escaping) in Rust, hands Tera a
//! context of ready-to-print strings, and returns the rendered files. A new language is a new
//! module here plus a folder under `templates/`.

pub mod manifest;
pub mod python;
pub mod quote;
pub mod rust;
pub mod typescript;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{Gateway, Model};
use crate::templates::Templates;

/// A rendered file, relative to the output folder, without its generated-file header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated, e.g. `rust/taobao-top/src/lib.rs`.
    pub path: String,
    pub contents: String,
}

/// A target language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Language {
    /// A crate per gateway (`generated/rust/<crate>`).
    Rust,
    /// A Python distribution per gateway (`generated/python/<package>`).
    Python,
    /// An npm package per gateway (`generated/typescript/<package>`).
    Typescript,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Rust, Language::Python, Language::Typescript];

    /// The folder under the output folder that this language owns.
    pub fn folder(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::Typescript => "typescript",
        }
    }

    /// Renders every package of this language.
    pub fn render(self, model: &Model, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
        match self {
            Language::Rust => rust::render(model, templates),
            Language::Python => python::render(model, templates),
            Language::Typescript => typescript::render(model, templates),
        }
    }
}

/// The most threads [`par_map`] starts: each holds one item's context at a time, so memory
/// grows with this, not with the number of APIs.
const MAX_WORKERS: usize = 8;

/// `items.iter().map(f).collect()`, on every core. Workers take the next item from a shared
/// counter (a slow API does not hold up a fixed chunk) and the results come back in item order,
/// so the output does not depend on thread timing. Whatever `f` builds besides its result (an
/// API's view and template context) is freed as soon as that item is done.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_WORKERS)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every item is taken by exactly one worker"))
        .collect()
}

/// Runs `side` on a thread of its own while `main` runs on this one, and returns both results:
/// a view renders its package-level files (README, index, tests: one long task each) alongside
/// its API modules (many short ones, on every core), so neither waits for the other.
pub fn alongside<A: Send, B>(side: impl FnOnce() -> A + Send, main: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let side = scope.spawn(side);
        let main = main();
        let side = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (side, main)
    })
}

/// Type names (after `rename`) that more than one API of `gateway` declares.
///
/// Each API module declares its own nested types, as the official SDKs nest them in the request
/// class; a package root re-exports only the names that are unique, so two APIs' `Trade` never
/// collide there. The shared ones stay reachable through their API module.
pub fn shared_type_names(gateway: &Gateway, rename: fn(&str) -> String) -> BTreeSet<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for api in &gateway.apis {
        // The request, response and params types count too: a struct of one API may carry the
        // name of another API's request (qimen's `InventoryQueryRequest`).
        let own = ["request", "response", "params"]
            .map(|suffix| rename(&format!("{}_{suffix}", api.base_name)));
        let declared: BTreeSet<String> = api
            .structs
            .iter()
            .map(|s| rename(&s.name))
            .chain(api.enums.iter().map(|e| rename(&e.name)))
            .chain(own)
            .collect();
        for name in declared {
            *count.entry(name).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::par_map;

    #[test]
    fn par_map_keeps_item_order_whatever_the_timing() {
        let items: Vec<u64> = (0..500).collect();
        // Uneven work: some items take much longer, so workers finish out of order.
        let slow = |&i: &u64| {
            if i % 37 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            (i, std::thread::current().id())
        };
        let results = par_map(&items, slow);
        let order: Vec<u64> = results.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, items);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads: std::collections::HashSet<_> = results.iter().map(|(_, t)| *t).collect();
        if cores > 1 {
            assert!(
                threads.len() > 1,
                "{cores} cores but one thread did all the work"
            );
        }
    }

    #[test]
    fn alongside_returns_both_results_and_runs_them_at_once() {
        use std::sync::mpsc::channel;
        use std::time::Duration;
        // Each closure sends to the other and waits for the other's message, so only running
        // them at once passes: run one after the other, the first to run waits in vain for the
        // second, and its `recv_timeout` fails the test instead of hanging it.
        let wait = Duration::from_secs(5);
        let (to_main, from_side) = channel();
        let (to_side, from_main) = channel();
        let (side, main) = super::alongside(
            move || {
                to_main.send("from the side").unwrap();
                from_main.recv_timeout(wait).expect("main never answered");
                1
            },
            move || {
                let got = from_side.recv_timeout(wait).expect("the side never spoke");
                to_side.send(()).unwrap();
                got
            },
        );
        assert_eq!((side, main), (1, "from the side"));
    }

    #[test]
    fn par_map_of_nothing_and_of_one() {
        assert!(par_map(&[] as &[u8], |x| *x).is_empty());
        assert_eq!(par_map(&[7u8], |x| *x + 1), [8]);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_in_a_worker_reaches_the_caller() {
        par_map(&[1, 2, 3, 4], |&x| {
            assert!(x != 3, "item 3");
            x
        });
    }
}
