//! `topgen serve-mock`: a local mock of every gateway in the specs, for clients' end-to-end tests.
//!
//! It loads the same model as the generator and answers like the real gateways: TOP-style
//! gateways on their endpoint's path with the API named by the `method` parameter, path-routed
//! gateways (H7B) on each API's path; signatures, app keys, timestamps, sessions and parameters
//! checked with the gateway's own settings; canned success bodies; errors in the gateway's
//! envelope; fault injection and a record of received requests under `/__mock/`.
//! docs/mock-gateway.md is the user's guide.

mod batch;
mod control;
mod failure;
pub(crate) mod form;
mod http;
mod oauth;
pub(crate) mod params;
mod responses;
mod routes;
mod server;
pub(crate) mod sign;
pub(crate) mod time;
mod verify;

use std::fmt;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::model::Model;

pub use control::{DEFAULT_BAN_SECONDS, Fault, MAX_BAN_SECONDS, MAX_RECORDS, MAX_SLEEP_MS};
pub use failure::code;

/// The success body the mock answers for `api` when no canned body is set: built from the
/// response schema (every field, TOP's wrapped lists unless `simplify`, 18-digit ids; a paged
/// API's first page), with `request_id` `mock`.
pub fn answer_from_schema(
    gateway: &crate::model::Gateway,
    api: &crate::model::Api,
    simplify: bool,
) -> String {
    responses::from_schema(gateway, api, simplify, &[], "mock")
}

/// The address `serve-mock` listens on by default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8970";
/// How long a request's head may take to arrive after its first byte.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 128;
/// The gateways' documented tolerance for clock skew.
pub const DEFAULT_SKEW_SECONDS: i64 = 600;
/// The credentials accepted when none are given: the reference documents' test values
/// (`shared/reference/top-gateway.md`, `h7b-gateway.md`), public on purpose.
pub const DEV_APPS: [(&str, &str); 2] = [
    ("12129701", "test-secret-0123"),
    ("uwkahf@jfs92", "demoSecret123"),
];

/// An application key and its secret. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct App {
    /// The application key, as sent in the gateway's app key parameter.
    pub key: String,
    secret: String,
}

impl App {
    /// A key and its secret.
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        App {
            key: key.into(),
            secret: secret.into(),
        }
    }

    /// `KEY:SECRET`, split at the first `:` (a secret may contain `:`). The error never
    /// repeats the text, which may hold a secret.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once(':') {
            Some((key, secret)) if !key.is_empty() && !secret.is_empty() => Ok(App::new(key, secret)),
            _ => Err("expected KEY:SECRET, both non-empty (the value given is not shown: it may hold a secret)"
                .to_string()),
        }
    }

    /// The secret, for signing; never print it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Whether this is one of the public [`DEV_APPS`] pairs.
    pub fn is_dev(&self) -> bool {
        DEV_APPS
            .iter()
            .any(|(k, s)| *k == self.key && *s == self.secret)
    }
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("key", &self.key)
            .field("secret", &"***")
            .finish()
    }
}

/// The clock timestamps are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// Fixed Unix seconds, for replaying recorded requests and reference vectors.
    Fixed(i64),
}

/// How [`start`] serves: where, for whom, with which clock and limits.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Port 0 picks a free port; [`MockHandle::addr`] tells which.
    pub addr: SocketAddr,
    /// Accepted credentials (every gateway); empty means [`DEV_APPS`].
    pub apps: Vec<App>,
    /// Canned-body overrides: `(API name or gateway/API name, raw body)`.
    pub responses: Vec<(String, String)>,
    /// How far a request's timestamp may be from the clock.
    pub skew_seconds: i64,
    /// The clock timestamps are checked against.
    pub clock: Clock,
    /// Allow an address other than loopback (the mock accepts public test credentials).
    pub allow_non_loopback: bool,
    /// One line per request on stderr.
    pub log: bool,
    /// A request's head must be complete this long after its first byte (else 408 and close).
    pub header_timeout: Duration,
    /// Connections served at once. At the cap, the connection waiting longest for a request head
    /// is closed to make room; when all are busy answering, a new one gets a 503.
    pub max_connections: usize,
}

impl MockOptions {
    /// `apps`, or the [`DEV_APPS`] when none are given.
    pub fn effective_apps(&self) -> Vec<App> {
        if self.apps.is_empty() {
            DEV_APPS.iter().map(|(k, s)| App::new(*k, *s)).collect()
        } else {
            self.apps.clone()
        }
    }
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            addr: DEFAULT_ADDR.parse().expect("a valid address"),
            apps: Vec::new(),
            responses: Vec::new(),
            skew_seconds: DEFAULT_SKEW_SECONDS,
            clock: Clock::System,
            allow_non_loopback: false,
            log: true,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Why the mock did not start.
#[derive(Debug)]
pub enum MockError {
    /// The address is not loopback and `allow_non_loopback` is off.
    NonLoopback(SocketAddr),
    /// The address could not be bound.
    Bind(SocketAddr, std::io::Error),
    /// Two gateways answer on one path, or a gateway claims `/__mock/`.
    Routes(String),
    /// The responses file is unreadable or names an API the mock does not serve.
    Responses(String),
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MockError::NonLoopback(addr) => write!(
                f,
                "refusing to listen on {addr}: it is not a loopback address, and the mock accepts the public test credentials; pass --allow-non-loopback if you mean it"
            ),
            MockError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            MockError::Routes(m) => write!(f, "cannot serve these gateways together: {m}"),
            MockError::Responses(m) => write!(f, "responses: {m}"),
        }
    }
}

impl std::error::Error for MockError {}

/// Reads `--responses FILE`: a YAML or JSON mapping from an API name (or `gateway/API name`) to
/// the raw body, given as a string or as a JSON/YAML value (written out as compact JSON).
pub fn load_responses(path: &Path) -> Result<Vec<(String, String)>, MockError> {
    let fail = |m: String| MockError::Responses(format!("{}: {m}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let map: yaml_serde::Mapping =
        yaml_serde::from_str(&text).map_err(|e| fail(format!("not a YAML/JSON mapping: {e}")))?;
    map.into_iter()
        .map(|(k, v)| {
            let key = k
                .as_str()
                .ok_or_else(|| fail("every key must be an API name".into()))?
                .to_string();
            let body = match v {
                yaml_serde::Value::String(s) => s,
                other => serde_json::to_string(&other).map_err(|e| fail(format!("{key}: {e}")))?,
            };
            Ok((key, body))
        })
        .collect()
}

/// A running mock. Dropping it stops it.
pub struct MockHandle {
    addr: SocketAddr,
    shared: Arc<server::Shared>,
    thread: Option<JoinHandle<()>>,
}

impl MockHandle {
    /// The bound address (the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL to point clients at.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `(path, what answers there)`, sorted by path.
    pub fn routes(&self) -> Vec<(String, String)> {
        self.shared
            .routes
            .list()
            .map(|(p, o)| (p.to_string(), o.to_string()))
            .collect()
    }

    /// Stops accepting, closes open connections and waits for the listener thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept() with a connection of our own.
        let wake = if self.addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], self.addr.port()))
        } else {
            self.addr
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        let _ = thread.join();
        self.shared.close_connections();
    }
}

impl Drop for MockHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds and serves every gateway of `model` on one port, in background threads.
pub fn start(model: Model, options: MockOptions) -> Result<MockHandle, MockError> {
    if !options.addr.ip().is_loopback() && !options.allow_non_loopback {
        return Err(MockError::NonLoopback(options.addr));
    }
    let routes = routes::Routes::new(&model).map_err(MockError::Routes)?;
    let mut canned = responses::Canned::from_model(&model);
    for (key, body) in &options.responses {
        if canned.set(key, body) == 0 {
            return Err(MockError::Responses(format!(
                "{key:?} names no API this mock serves"
            )));
        }
    }
    let apps = options.effective_apps();
    let listener = TcpListener::bind(options.addr).map_err(|e| MockError::Bind(options.addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| MockError::Bind(options.addr, e))?;
    let state = control::State::new(canned);
    let settings = server::Settings {
        apps,
        skew_seconds: options.skew_seconds,
        clock: options.clock,
        log: options.log,
        header_timeout: options.header_timeout,
        max_connections: options.max_connections,
    };
    let shared = Arc::new(server::Shared::new(model, routes, settings, state));
    let accept_shared = Arc::clone(&shared);
    let thread = std::thread::Builder::new()
        .name("topgen-mock-accept".into())
        .spawn(move || server::accept_loop(listener, accept_shared))
        .map_err(|e| MockError::Bind(addr, e))?;
    Ok(MockHandle {
        addr,
        shared,
        thread: Some(thread),
    })
}

/// The accepted credentials as they may be shown: keys, plus the secret of public dev pairs.
pub fn describe_apps(options: &MockOptions) -> Vec<String> {
    let show = |a: &App| {
        if a.is_dev() {
            format!("{} (public dev pair, secret {})", a.key, a.secret)
        } else {
            format!("{} (secret ***)", a.key)
        }
    };
    options.effective_apps().iter().map(show).collect()
}
