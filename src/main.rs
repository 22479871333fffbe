//! The `topgen` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use topgen::{Error, Generator, Language};

// Rendering the whole catalogue makes and frees millions of small strings and template values;
// mimalloc does that with about 25 % less CPU than the system allocator (docs/catalogue.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate typed, wire-exact TOP and H7B gateway clients from YAML specs.
///
/// Specs live in `specs/<gateway>/gateway.yaml` and `specs/<gateway>/apis/*.yaml`
/// (format: docs/spec-format.md). Each gateway becomes one package per language under
/// `generated/<language>/`.
#[derive(Parser)]
#[command(
    name = "topgen",
    version,
    after_help = "Examples:\n  topgen generate                     # specs/ → generated/, all languages\n  topgen generate --lang rust,python  # only these languages\n  topgen check                        # exit 1 with a diff when generated/ is stale\n  topgen validate --specs my-specs    # check specs only, write nothing\n  topgen apis trade.fullinfo          # find an API: name, catalogue package, title\n  topgen generate --apis 'taobao.trade.fullinfo.get,taobao.refund.*' --out out\n  topgen serve-mock --addr 127.0.0.1:0  # a local TOP/H7B gateway for end-to-end tests\n  topgen import top-metadata --from ../shared/data/top-metadata --out imported --only refund"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Common {
    /// Folder holding the spec files.
    #[arg(long, default_value = "specs", value_name = "DIR")]
    specs: PathBuf,
    /// Languages to generate, comma-separated.
    #[arg(long, value_delimiter = ',', default_values = ["rust", "python", "typescript"], value_name = "LANGS")]
    lang: Vec<Language>,
    /// Read templates from this folder instead of the ones built into topgen.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[command(flatten)]
    apis: Apis,
}

#[derive(clap::Args)]
struct Apis {
    /// Only these APIs: comma-separated names or globs (`taobao.trade.fullinfo.get,taobao.refund.*`,
    /// `*` for the whole catalogue). Default: the list in SPECS/default-apis.txt, else every spec.
    #[arg(long, value_name = "NAMES")]
    apis: Option<String>,
}

impl Apis {
    fn apply(&self, g: Generator) -> Generator {
        match &self.apis {
            Some(list) => g.apis([list]),
            None => g,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Render every package in memory, then write it into the output folder.
    ///
    /// Nothing is written when a spec has an error. Files topgen wrote earlier and no
    /// longer generates are removed; files it never wrote are left alone.
    Generate {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "generated", value_name = "DIR")]
        out: PathBuf,
    },
    /// Regenerate in memory and compare with the output folder; exit 1 with a diff if stale.
    Check {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "generated", value_name = "DIR")]
        out: PathBuf,
    },
    /// Check the specs only; write nothing.
    Validate {
        /// Folder holding the spec files.
        #[arg(long, default_value = "specs", value_name = "DIR")]
        specs: PathBuf,
        #[command(flatten)]
        apis: Apis,
    },
    /// List the APIs whose name contains QUERY (or matches it, with `*`/`?`), with their
    /// catalogue package and title, e.g. `topgen apis trade.fullinfo`.
    Apis {
        /// Part of an API name, or a glob.
        query: String,
        /// Folder holding the spec files.
        #[arg(long, default_value = "specs", value_name = "DIR")]
        specs: PathBuf,
    },
    /// Serve a local mock of every gateway in the specs (guide: docs/mock-gateway.md).
    ///
    /// TOP-style gateways answer on their endpoint's path (`/router/rest`), batch calls on
    /// `/router/batch` and OAuth on `/token`; path-routed ones (H7B) on each API's path. Requests
    /// are checked like the real gateways check them and answered with the specs' first success
    /// response case, or a body built from the response schema. Control endpoints under
    /// `/__mock/` inject faults and list the requests received. The first line on stdout is
    /// `topgen mock listening on http://ADDR`. Stops on Ctrl-C, or when stdin closes with
    /// --stop-on-stdin-eof.
    ServeMock(ServeMockArgs),
    /// Call one API of the specs and print the answer as JSON (exact digits).
    ///
    /// Values are checked against the spec before anything is sent. The app key and secret come
    /// from TOP_APP_KEY and TOP_APP_SECRET (no flag: it would land in shell history); the session
    /// from --session or TOP_SESSION. --dry-run prints the request as a curl command, session
    /// masked. Exit 0 for a success answer, 1 for a gateway error, 2 for bad usage or values.
    Call(topgen::cli::call::CallArgs),
    /// Convert API descriptions from another source into spec files.
    #[command(subcommand)]
    Import(ImportSource),
}

#[derive(clap::Args)]
struct ServeMockArgs {
    /// Folder holding the spec files.
    #[arg(long, default_value = "specs", value_name = "DIR")]
    specs: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = topgen::mock::DEFAULT_ADDR, value_name = "IP:PORT")]
    addr: std::net::SocketAddr,
    /// Canned success bodies: a YAML or JSON map from API name (or gateway/API name) to body.
    #[arg(long, value_name = "FILE")]
    responses: Option<PathBuf>,
    /// Accepted credentials, repeatable; without it, the public dev pairs are accepted.
    // Checked after parsing: clap's own error would echo the value, secret included.
    #[arg(long = "app", value_name = "KEY:SECRET")]
    apps: Vec<String>,
    /// Allowed distance between a request's timestamp and the clock.
    #[arg(long, default_value_t = topgen::mock::DEFAULT_SKEW_SECONDS, value_name = "N")]
    skew_seconds: i64,
    /// Allow listening on an address other than loopback.
    #[arg(long)]
    allow_non_loopback: bool,
    /// Stop when standard input reaches end of file (for harnesses that spawn the mock).
    #[arg(long)]
    stop_on_stdin_eof: bool,
    /// Do not log one line per request on stderr.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    apis: Apis,
}

fn serve_mock(args: ServeMockArgs) -> ExitCode {
    use topgen::mock::{self, MockOptions};
    let model = match args.apis.apply(Generator::new(&args.specs)).model() {
        Ok(model) => model,
        Err(e) => return fail(e),
    };
    let responses = match args
        .responses
        .as_deref()
        .map(mock::load_responses)
        .transpose()
    {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => {
            eprintln!("topgen: {e}");
            return ExitCode::from(1);
        }
    };
    let apps = match args
        .apps
        .iter()
        .map(|a| mock::App::parse(a))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(apps) => apps,
        Err(e) => {
            eprintln!("topgen: --app: {e}");
            return ExitCode::from(2);
        }
    };
    let options = MockOptions {
        addr: args.addr,
        apps,
        responses,
        skew_seconds: args.skew_seconds,
        allow_non_loopback: args.allow_non_loopback,
        log: !args.quiet,
        ..MockOptions::default()
    };
    let apps = mock::describe_apps(&options);
    let handle = match mock::start(model, options) {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("topgen: {e}");
            return ExitCode::from(1);
        }
    };
    // The banner is written once, whole; a harness that stops reading (or closes the pipe) after
    // the first line must not take the mock down with a broken pipe.
    let mut banner = format!("topgen mock listening on {}\n", handle.url());
    for (path, serves) in handle.routes() {
        banner.push_str(&format!("  {path}  {serves}\n"));
    }
    banner.push_str(
        "  /__mock/  control: faults, requests, responses, reset (docs/mock-gateway.md)\n",
    );
    for app in apps {
        banner.push_str(&format!("  app key {app}\n"));
    }
    let mut stdout = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut stdout, banner.as_bytes())
        .and_then(|()| std::io::Write::flush(&mut stdout));
    drop(stdout);
    if args.stop_on_stdin_eof {
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        handle.stop();
        if !args.quiet {
            eprintln!("topgen mock: stdin closed, stopped");
        }
    } else {
        // Ctrl-C ends the process; the OS closes the socket.
        loop {
            std::thread::park();
        }
    }
    ExitCode::SUCCESS
}

#[derive(Subcommand)]
enum ImportSource {
    /// The TOP catalogue metadata (`<DIR>/json/<package>/<api>.json`), one spec per API.
    ///
    /// Specs are written as `<OUT>/<package>/<api name>.yaml`, all or nothing. What could not be
    /// carried over exactly is printed and written as comments at the top of each spec.
    /// Exits 1 when an API could not be converted. See docs/catalogue.md.
    #[command(name = "top-metadata")]
    TopMetadata {
        /// The catalogue folder (the one holding `json/`).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Output folder, e.g. a folder next to `specs/top/gateway.yaml`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only these packages (folder names under `json/`), comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "PACKAGES")]
        only: Vec<String>,
        /// The gateway the specs belong to.
        #[arg(long, default_value = topgen::import::DEFAULT_GATEWAY, value_name = "NAME")]
        gateway: String,
    },
}

fn generator(common: &Common) -> Generator {
    let mut g = common
        .apis
        .apply(Generator::new(&common.specs).languages(common.lang.iter().copied()));
    if let Some(dir) = &common.templates {
        g = g.templates_dir(dir);
    }
    g
}

/// Refuses to generate or check with templates older than the checkout's: when topgen runs in
/// its own checkout (a `templates/` tree in the working folder) without `--templates`, the
/// templates built into this binary must be the ones on disk. A binary built before the last
/// template change would otherwise write old files back, or report a diff that is not there.
fn built_from_other_templates(common: &Common) -> Option<ExitCode> {
    if common.templates.is_some() {
        return None;
    }
    match topgen::templates::embedded_differs_from(Path::new("templates")) {
        Ok(Some(differ)) if !differ.is_empty() => {
            let shown: Vec<&str> = differ.iter().take(3).map(String::as_str).collect();
            let more = differ.len().saturating_sub(shown.len());
            eprintln!(
                "topgen: this binary was built from other templates than ./templates ({}{}): \
                 rebuild it (`cargo build --release --bin topgen`, or `cargo build --bin topgen`), \
                 or pass `--templates templates` to read them from disk",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
            Some(ExitCode::from(2))
        }
        _ => None,
    }
}

fn fail(error: Error) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { common, .. } | Command::Check { common, .. }
            if let Some(code) = built_from_other_templates(&common) =>
        {
            code
        }
        Command::Generate { common, out } => match generator(&common).generate(&out) {
            Ok(summary) => {
                println!("topgen: {summary} in {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Check { common, out } => match generator(&common).check(&out) {
            Ok(report) if report.is_clean() => {
                println!("topgen: {} is up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok(report) => {
                println!("{report}");
                ExitCode::from(1)
            }
            Err(e) => fail(e),
        },
        Command::ServeMock(args) => serve_mock(args),
        Command::Call(args) => topgen::cli::call::run(args),
        Command::Validate { specs, apis } => {
            match apis.apply(Generator::new(&specs)).model_and_overrides() {
                Ok((model, overrides)) => {
                    for o in &overrides {
                        println!(
                            "topgen: {} ({}) from {} overrides the imported {}",
                            o.api,
                            o.gateway,
                            o.curated.display(),
                            o.imported.display()
                        );
                    }
                    let apis: usize = model.gateways.iter().map(|g| g.apis.len()).sum();
                    println!(
                        "topgen: {} gateways, {apis} APIs: no problems",
                        model.gateways.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Apis { query, specs } => match Generator::new(&specs).find_apis(&query) {
            Ok(found) if found.is_empty() => {
                eprintln!("topgen: no API name contains `{query}`");
                ExitCode::from(1)
            }
            Ok(found) => {
                let width = found.iter().map(|a| a.name.len()).max().unwrap_or(0);
                for a in &found {
                    let from = match (&a.package, &a.overrides) {
                        (Some(package), _) => format!("{}/{package}", a.gateway),
                        (None, Some(package)) => format!("{}/{package}, curated", a.gateway),
                        (None, None) => format!("{}, curated", a.gateway),
                    };
                    println!(
                        "{:<width$}  {from:<24}  {}",
                        a.name,
                        a.title.lines().next().unwrap_or("").trim()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Import(ImportSource::TopMetadata {
            from,
            out,
            only,
            gateway,
        }) => {
            let result = topgen::import::Import::run(&from, &only, &gateway)
                .and_then(|import| import.write(&out).map(|summary| (import, summary)));
            match result {
                Ok((import, summary)) => {
                    print!("{import}");
                    println!("topgen: {summary} in {}", out.display());
                    if import.converted() == import.conversions.len() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => fail(Error::Other(e)),
            }
        }
    }
}
