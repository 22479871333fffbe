//! The generated READMEs run: every Rust example — configure, one call per API, error handling —
//! executes against the mock, as written except that its four configuration values (`url`,
//! `appkey`, `secret`, `session_key`) are the mock's (see build.rs). The install block is one
//! dependency on the crate's folder in a checkout of topgen next to the user's project; a scratch
//! project built from the block as written is in tests/rust-scratch.sh.
//!
//! After "Errors" come the capability sections (rate-limit bans, sign debugging, batch calls,
//! OAuth): each runs against the mock too, and whatever it sends must be signed right and served.
//!
//! One test runs both READMEs in turn: the examples read `proof.png` from the working directory,
//! which is per process.

use std::fs;
use std::path::PathBuf;

use topgen_e2e_rust::mock::repo_root;
use topgen_e2e_rust::samples::{
    H7B_APP_KEY, H7B_SECRET, SELLER_NICK, SESSION, TOP_APP_KEY, TOP_SECRET, png,
};
use topgen_e2e_rust::{MockGateway, Record};

type Example = fn(&str, &str, &str, &str) -> Result<(), Box<dyn std::error::Error>>;

mod readme {
    use super::Example;
    include!(concat!(env!("OUT_DIR"), "/readme_examples.rs"));
}

struct Readme {
    crate_name: &'static str,
    gateway: &'static str,
    install: &'static [&'static str],
    examples: &'static [(&'static str, Example)],
}

const READMES: [Readme; 2] = [
    Readme {
        crate_name: "taobao-top",
        gateway: "top",
        install: readme::taobao_top::INSTALL,
        examples: readme::taobao_top::EXAMPLES,
    },
    Readme {
        crate_name: "h7b-taobao",
        gateway: "h7b",
        install: readme::h7b_taobao::INSTALL,
        examples: readme::h7b_taobao::EXAMPLES,
    },
];

/// The APIs a gateway's package in generated/ holds, sorted: its curated specs
/// (`specs/<gateway>/apis/`) and the imported ones (`specs/<gateway>/catalogue/<package>/`) that
/// `specs/default-apis.txt` names.
fn api_names(gateway: &str) -> Vec<String> {
    let dir = repo_root().join(format!("specs/{gateway}/apis"));
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".yaml")
                .to_owned()
        })
        .collect();
    let default =
        fs::read_to_string(repo_root().join("specs/default-apis.txt")).unwrap_or_default();
    let catalogue = repo_root().join(format!("specs/{gateway}/catalogue"));
    for name in default
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
    {
        let imported = fs::read_dir(&catalogue)
            .into_iter()
            .flatten()
            .any(|p| p.unwrap().path().join(format!("{name}.yaml")).is_file());
        if imported && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    names
}

/// The install block is `<crate> = { path = "../topgen/generated/rust/<crate>" }`: from a project
/// next to a checkout named `topgen`, that path is the crate.
fn check_install(readme: &Readme) {
    let expected = format!(
        "[dependencies]\n{0} = {{ path = \"../topgen/generated/rust/{0}\" }}",
        readme.crate_name
    );
    assert_eq!(
        readme.install,
        [expected.as_str()],
        "{} README install block",
        readme.crate_name
    );
    let manifest = fs::read_to_string(
        repo_root().join(format!("generated/rust/{}/Cargo.toml", readme.crate_name)),
    )
    .unwrap();
    assert!(manifest.contains(&format!("\nname = \"{}\"\n", readme.crate_name)));
}

struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn every_readme_example_runs_against_the_mock() {
    let mock = MockGateway::start();
    let work = WorkDir(
        std::env::temp_dir().join(format!("topgen-e2e-rust-readme-{}", std::process::id())),
    );
    fs::create_dir_all(&work.0).unwrap();
    fs::write(work.0.join("proof.png"), png(2048)).unwrap(); // the file the examples upload
    std::env::set_current_dir(&work.0).unwrap();

    for readme in &READMES {
        check_install(readme);
        let (url, appkey, secret, session) = match readme.gateway {
            "top" => (mock.top_url(), TOP_APP_KEY, TOP_SECRET, SESSION),
            _ => (mock.h7b_url(), H7B_APP_KEY, H7B_SECRET, SELLER_NICK),
        };
        let errors = readme
            .examples
            .iter()
            .position(|(h, _)| *h == "Errors")
            .expect("an Errors section");
        let (examples, features) = readme.examples.split_at(errors + 1);
        let headings: Vec<_> = examples.iter().map(|(h, _)| *h).collect();
        let apis = api_names(readme.gateway);
        assert_eq!(headings.first(), Some(&"Configure"), "{headings:?}");
        let mut documented: Vec<_> = headings[1..headings.len() - 1]
            .iter()
            .map(|h| h.split(" — ").next().unwrap().trim_matches('`').to_owned())
            .collect();
        documented.sort();
        assert_eq!(
            documented, apis,
            "{}: one example per API of the specs",
            readme.crate_name
        );

        mock.reset();
        for (heading, example) in examples {
            example(&url, appkey, secret, session)
                .unwrap_or_else(|e| panic!("{} README, {heading}: {e}", readme.crate_name));
        }
        // Each API example reached the mock once, signed right and answered with a success; the
        // configure and error examples send nothing.
        let records = mock.requests();
        let mut called: Vec<_> = records
            .iter()
            .map(|r| r.0["api"].as_str().unwrap_or("?").to_owned())
            .collect();
        called.sort();
        assert_eq!(called, apis, "{}: {records:?}", readme.crate_name);
        assert!(
            records
                .iter()
                .all(|r: &Record| r.sign_valid() == Some(true) && r.code() == 0),
            "{records:?}"
        );

        let features: Vec<_> = features.iter().map(|(h, _)| *h).collect();
        let mut expected = vec!["Rate-limit bans", "Sign debugging"];
        if readme.gateway == "top" {
            expected.extend(["Batch calls", "OAuth", "Pages"]);
        }
        assert_eq!(
            features, expected,
            "{}: the capability sections",
            readme.crate_name
        );
        for (heading, example) in &readme.examples[errors + 1..] {
            mock.reset();
            example(&url, appkey, secret, session)
                .unwrap_or_else(|e| panic!("{} README, {heading}: {e}", readme.crate_name));
            let records = mock.requests();
            assert!(
                records
                    .iter()
                    .all(|r: &Record| r.sign_valid() != Some(false) && r.code() == 0),
                "{heading}: {records:?}"
            );
            if *heading == "Pages" {
                // To the natural end, twice (pages, then items): page 1 (no page_no), 2, … up to
                // the page the mock's answer marks as the last; the example has no cap.
                let pages: Vec<_> = records.iter().map(|r| r.param("page_no")).collect();
                let numbers: Vec<String> = (2..=pages.len() / 2).map(|n| n.to_string()).collect();
                let once: Vec<_> = std::iter::once(None)
                    .chain(numbers.iter().map(|n| Some(n.as_str())))
                    .collect();
                assert!(pages.len() >= 4, "{heading}: {records:?}");
                assert_eq!(
                    pages,
                    [once.clone(), once].concat(),
                    "{heading}: {records:?}"
                );
            }
        }
    }
}
