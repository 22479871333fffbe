//! The generated async `Client` end to end against raw hyper, on loopback, in one process:
//! - a minimal keep-alive HTTP/1.1 gateway (hyper) on a thread and a Tokio runtime of its own,
//!   the same for both clients, answering every POST with a canned
//!   `refund_negotiatereturn_response` after reading the whole request body;
//! - the generated `Client` (`execute`: validate, sign, encode, send, read, parse) vs a raw
//!   hyper-util legacy client (keep-alive pool) posting the same prepared form bytes and reading
//!   the whole answer, each with 16 calls in flight on a current-thread runtime, in interleaved
//!   rounds; `prepare` alone shows what validating, signing and encoding cost;
//! - the resident memory (VmRSS, and its peak VmHWM) of a fresh process after 10,000 calls with
//!   the async `Client` (16 in flight) and with the `BlockingClient` (one after another); those
//!   processes are this benchmark run again as a child, calling the gateway of the parent, so
//!   neither the gateway nor the other client is counted.
//!
//! `cargo bench -p topgen-e2e-rust --bench e2e` (release build); prints calls/s, the client
//! thread's CPU per call, the ratio and the memory. `BENCH_ROUNDS` (default 6) sets the number of
//! rounds per client, `BENCH_CALLS` (default 200) the calls per task and round; `BENCH_ONLY=topgen`
//! (or `hyper`) runs one client alone, for a profiler. Target (issue 12):
//! the async client ≥ 0.8× raw hyper's calls/s.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use taobao_top::{BlockingClient, Client, ClientConfig};

#[path = "../tests/common/mod.rs"]
mod common;
use common::sample_negotiate_request;
const SECRET: &str = "test-secret-0123";
const SESSION: &str = "f16605bb-1818-41b0-b421-a8559ca990c4";
const IN_FLIGHT: usize = 16;
const RSS_CALLS: usize = 10_000;
/// The gateway's answer (the API's documented success shape, with its 18-digit id).
const ANSWER: &str = r#"{"refund_negotiatereturn_response":{"request_id":"10ef3avfhm3xe","negotiate_id":110056431137563058}}"#;

fn config(url: &str) -> ClientConfig {
    ClientConfig::new("12129701", SECRET).url(url)
}

/// Starts the gateway on 127.0.0.1 (a free port) on a thread of its own; returns its URL and
/// the path of its thread's CPU account.
fn start_gateway() -> (String, String) {
    let (sender, receiver) = std::sync::mpsc::channel::<(SocketAddr, String)>();
    std::thread::spawn(move || {
        let account = std::fs::read_link("/proc/thread-self")
            .map(|task| format!("/proc/{}/schedstat", task.display()))
            .unwrap_or_default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the gateway's runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port");
            sender
                .send((listener.local_addr().expect("the port"), account))
                .expect("the benchmark waits for the port");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                stream.set_nodelay(true).ok();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(answer);
                    hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await
                        .ok();
                });
            }
        });
    });
    let (addr, account) = receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("the gateway starts within 10 s");
    (format!("http://{addr}/router/rest"), account)
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let body = request.into_body().collect().await.map(|b| b.to_bytes());
    let status = if body.is_ok_and(|b| !b.is_empty()) {
        200
    } else {
        400
    };
    Ok(Response::builder()
        .status(status)
        .header("Content-Type", "application/json;charset=UTF-8")
        .body(Full::new(Bytes::from_static(ANSWER.as_bytes())))
        .expect("a valid answer"))
}

/// CPU time of the calling thread (the client's runtime runs on it), from the scheduler's
/// nanosecond account; `None` where the kernel does not keep it.
fn thread_cpu() -> Option<Duration> {
    cpu_of("/proc/thread-self/schedstat")
}

/// CPU time of the thread whose scheduler account is at `path`.
fn cpu_of(path: &str) -> Option<Duration> {
    let text = std::fs::read_to_string(path).ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// `IN_FLIGHT` tasks, `calls` calls each, on the current-thread runtime `block_on` drives.
async fn in_flight<F, Fut>(calls: usize, call: F)
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let local = tokio::task::LocalSet::new();
    for _ in 0..IN_FLIGHT {
        let call = call.clone();
        local.spawn_local(async move {
            for _ in 0..calls {
                call().await;
            }
        });
    }
    local.await;
}

#[derive(Default)]
struct Tally {
    calls: usize,
    wall: Duration,
    cpu: Option<Duration>,
    gateway_cpu: Option<Duration>,
}

/// `total + more` for CPU accounts, where the first round starts the sum.
fn sum(first: bool, total: Option<Duration>, more: Option<Duration>) -> Option<Duration> {
    match (first, total, more) {
        (true, _, more) => more,
        (false, Some(a), Some(b)) => Some(a + b),
        _ => None,
    }
}

impl Tally {
    fn add(
        &mut self,
        calls: usize,
        wall: Duration,
        cpu: Option<Duration>,
        gateway: Option<Duration>,
    ) {
        let first = self.calls == 0;
        self.calls += calls;
        self.wall += wall;
        self.cpu = sum(first, self.cpu, cpu);
        self.gateway_cpu = sum(first, self.gateway_cpu, gateway);
    }

    fn rate(&self) -> f64 {
        self.calls as f64 / self.wall.as_secs_f64()
    }

    fn per_call(&self, cpu: Option<Duration>) -> String {
        cpu.map_or_else(
            || "n/a".to_owned(),
            |cpu| format!("{:.1} µs", cpu.as_secs_f64() * 1e6 / self.calls as f64),
        )
    }
}

async fn timed(
    tally: &mut Tally,
    gateway: &str,
    calls: usize,
    work: impl std::future::Future<Output = ()>,
) {
    let (wall, cpu, gateway_cpu) = (Instant::now(), thread_cpu(), cpu_of(gateway));
    work.await;
    let cpu = cpu.zip(thread_cpu()).map(|(a, b)| b.saturating_sub(a));
    let gateway_cpu = gateway_cpu
        .zip(cpu_of(gateway))
        .map(|(a, b)| b.saturating_sub(a));
    tally.add(calls, wall.elapsed(), cpu, gateway_cpu);
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn throughput(url: &str, gateway: &str) {
    let rounds = env_number("BENCH_ROUNDS", 6);
    let calls = env_number("BENCH_CALLS", 200);
    let only = std::env::var("BENCH_ONLY").ok();
    let only = only.as_deref();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the clients' runtime");
    let request = Rc::new(sample_negotiate_request());
    let ours = Rc::new(Client::new(config(url)).expect("the generated client"));
    let prepared = ours
        .config()
        .prepare(&*request, Some(SESSION))
        .expect("the request prepares");
    let raw = HyperClient::builder(TokioExecutor::new()).build({
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector
    });
    let raw_request = Rc::new((
        prepared.url.parse::<hyper::Uri>().expect("the URL"),
        prepared.content_type.clone(),
        Bytes::from(prepared.body.clone()),
    ));
    let ours_call = {
        let (ours, request) = (ours.clone(), request.clone());
        move || {
            let (ours, request) = (ours.clone(), request.clone());
            async move {
                let response = ours
                    .execute(&*request, Some(SESSION))
                    .await
                    .expect("the call succeeds");
                assert_eq!(response.request_id.as_deref(), Some("10ef3avfhm3xe"));
            }
        }
    };
    let raw_call = move || {
        let (raw, raw_request) = (raw.clone(), raw_request.clone());
        async move {
            let (uri, content_type, body) = &*raw_request;
            let post = Request::post(uri.clone())
                .header("Content-Type", content_type.as_str())
                .body(Full::new(body.clone()))
                .expect("a valid request");
            let response = raw.request(post).await.expect("the call succeeds");
            assert_eq!(response.status(), 200);
            let body = response
                .into_body()
                .collect()
                .await
                .expect("the whole answer")
                .to_bytes();
            assert_eq!(body.len(), ANSWER.len());
        }
    };
    let (mut topgen, mut hyper) = (Tally::default(), Tally::default());
    runtime.block_on(async {
        // Warm-up: both pools hold their 16 connections before the first timed round.
        in_flight(10, ours_call.clone()).await;
        in_flight(10, raw_call.clone()).await;
        for _ in 0..rounds {
            if only != Some("hyper") {
                timed(
                    &mut topgen,
                    gateway,
                    IN_FLIGHT * calls,
                    in_flight(calls, ours_call.clone()),
                )
                .await;
            }
            if only != Some("topgen") {
                timed(
                    &mut hyper,
                    gateway,
                    IN_FLIGHT * calls,
                    in_flight(calls, raw_call.clone()),
                )
                .await;
            }
        }
    });
    println!(
        "end to end, loopback, keep-alive, {IN_FLIGHT} in flight, {} calls each:",
        topgen.calls
    );
    for (name, tally) in [
        ("topgen async Client", &topgen),
        ("raw hyper (same bytes)", &hyper),
    ] {
        println!(
            "  {name:<24} {:>9.0} calls/s   client CPU {:>9}/call   gateway CPU {:>9}/call",
            tally.rate(),
            tally.per_call(tally.cpu),
            tally.per_call(tally.gateway_cpu)
        );
    }
    println!(
        "  ratio {:.2}× raw hyper's calls/s (target ≥ 0.8×)",
        topgen.rate() / hyper.rate()
    );
    // What the generated client does that the raw one does not, on this thread alone.
    let (started, cpu) = (Instant::now(), thread_cpu());
    for _ in 0..IN_FLIGHT * calls {
        std::hint::black_box(
            ours.config()
                .prepare(std::hint::black_box(&*request), Some(SESSION))
                .expect("the request prepares"),
        );
    }
    let cpu = cpu.zip(thread_cpu()).map(|(a, b)| b.saturating_sub(a));
    let prepare = Tally {
        calls: IN_FLIGHT * calls,
        wall: started.elapsed(),
        cpu,
        gateway_cpu: None,
    };
    println!(
        "  of which `prepare` alone (validate, sign, encode): {}/call",
        prepare.per_call(prepare.cpu)
    );
}

/// `(VmRSS, VmHWM)` of this process, in kB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// In the child: 10,000 calls with one client, then its memory on stdout.
fn memory_child(kind: &str, url: &str) {
    let request = sample_negotiate_request();
    let before = memory().0;
    match kind {
        "async" => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the client's runtime");
            let client = Rc::new(Client::new(config(url)).expect("the generated client"));
            let request = Rc::new(request);
            runtime.block_on(in_flight(RSS_CALLS / IN_FLIGHT, move || {
                let (client, request) = (client.clone(), request.clone());
                async move {
                    client
                        .execute(&*request, Some(SESSION))
                        .await
                        .expect("the call succeeds");
                }
            }));
        }
        _ => {
            let client = BlockingClient::new(config(url)).expect("the generated client");
            for _ in 0..RSS_CALLS {
                client
                    .execute(&request, Some(SESSION))
                    .expect("the call succeeds");
            }
        }
    }
    let (rss, hwm) = memory();
    println!("{before} {rss} {hwm}");
}

fn memory_report(url: &str) {
    let exe = std::env::current_exe().expect("this benchmark's path");
    println!("memory of a fresh process after {RSS_CALLS} calls (the gateway in another process):");
    for (kind, name) in [
        ("async", "async Client, 16 in flight"),
        ("blocking", "BlockingClient, one by one"),
    ] {
        let output = std::process::Command::new(&exe)
            .env("TOPGEN_BENCH_MEMORY", kind)
            .env("TOPGEN_BENCH_URL", url)
            .output()
            .expect("the memory run starts");
        let text = String::from_utf8_lossy(&output.stdout);
        let numbers: Vec<f64> = text
            .split_whitespace()
            .filter_map(|n| n.parse::<f64>().ok())
            .collect();
        match (output.status.success(), numbers.as_slice()) {
            (true, [before, rss, hwm]) => println!(
                "  {name:<28} VmRSS {:.1} MB (before the first call {:.1} MB), peak VmHWM {:.1} MB",
                rss / 1024.0,
                before / 1024.0,
                hwm / 1024.0
            ),
            _ => panic!(
                "the memory run of the {name} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }
}

fn main() {
    if let (Ok(kind), Ok(url)) = (
        std::env::var("TOPGEN_BENCH_MEMORY"),
        std::env::var("TOPGEN_BENCH_URL"),
    ) {
        memory_child(&kind, &url);
        return;
    }
    // `cargo bench` passes `--bench`; nothing else is taken from the command line.
    let (url, gateway) = start_gateway();
    throughput(&url, &gateway);
    memory_report(&url);
}
