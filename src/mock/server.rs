//! The listener: one thread accepts, one thread per connection (keep-alive honoured) reads
//! requests and answers them from the gateway checks or the control endpoints.
//!
//! Hostile clients are bounded: a request's head must arrive within the header deadline from its
//! first byte (its body within [`BODY_TIMEOUT`]), so dripping bytes holds a connection no longer
//! than that; at the connection cap the connection that has waited longest for a request head is
//! closed to make room, and only when every connection is busy answering is a new one refused
//! with a 503 that says so.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::control::{self, Fault, FileRecord, Record, RecordInput, State};
use super::failure::{Failure, code};
use super::form::{self, Params};
use super::http::{DeadlineStream, ReadError, Request, Response, read_body, read_head};
use super::routes::{CONTROL_PREFIX, Route, Routes};
use super::verify::{Context, Verdict, verify};
use super::{App, Clock, responses, sign};
use crate::model::{Api, Gateway, HexCase, Model};

/// A connection idle this long between requests is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// A request body must arrive within this long after its head.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a connection has been waiting for a request head, as milliseconds since the mock
/// started plus one; 0 while a request is being read or answered (then it is not evictable).
struct Connection {
    stream: TcpStream,
    waiting_since: Arc<AtomicU64>,
}

pub struct Shared {
    pub model: Model,
    pub routes: Routes,
    pub apps: Vec<App>,
    pub skew_seconds: i64,
    pub clock: Clock,
    pub log: bool,
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub state: Mutex<State>,
    pub stopping: AtomicBool,
    started: Instant,
    connections: Mutex<BTreeMap<u64, Connection>>,
    next_connection: AtomicU64,
}

/// The settings [`Shared`] is made from.
pub struct Settings {
    pub apps: Vec<App>,
    pub skew_seconds: i64,
    pub clock: Clock,
    pub log: bool,
    pub header_timeout: Duration,
    pub max_connections: usize,
}

impl Shared {
    pub fn new(model: Model, routes: Routes, settings: Settings, state: State) -> Self {
        Shared {
            model,
            routes,
            apps: settings.apps,
            skew_seconds: settings.skew_seconds,
            clock: settings.clock,
            log: settings.log,
            header_timeout: settings.header_timeout,
            max_connections: settings.max_connections.max(1),
            state: Mutex::new(state),
            stopping: AtomicBool::new(false),
            started: Instant::now(),
            connections: Mutex::new(BTreeMap::new()),
            next_connection: AtomicU64::new(0),
        }
    }

    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn connections(&self) -> MutexGuard<'_, BTreeMap<u64, Connection>> {
        self.connections.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The clock requests are checked against, in Unix seconds.
    pub(super) fn now(&self) -> i64 {
        match self.clock {
            Clock::System => super::time::system_now(),
            Clock::Fixed(t) => t,
        }
    }

    fn stamp(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
    }

    /// Closes every open connection so their threads end.
    pub fn close_connections(&self) {
        for connection in self.connections().values() {
            let _ = connection.stream.shutdown(Shutdown::Both);
        }
    }
}

pub fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let id = shared.next_connection.fetch_add(1, Ordering::SeqCst);
        let waiting_since = Arc::new(AtomicU64::new(shared.stamp()));
        {
            let mut connections = shared.connections();
            if connections.len() >= shared.max_connections {
                // Make room by closing the connection that has waited longest for a request head
                // (a slow or idle client); refuse only when every connection is busy answering.
                let victim = connections
                    .iter()
                    .map(|(id, c)| (c.waiting_since.load(Ordering::SeqCst), *id))
                    .filter(|(since, _)| *since != 0)
                    .min()
                    .map(|(_, id)| id);
                match victim.and_then(|v| connections.remove(&v)) {
                    Some(evicted) => {
                        let _ = evicted.stream.shutdown(Shutdown::Both);
                    }
                    None => {
                        refuse_busy(stream, connections.len());
                        continue;
                    }
                }
            }
            match stream.try_clone() {
                Ok(clone) => connections.insert(
                    id,
                    Connection {
                        stream: clone,
                        waiting_since: Arc::clone(&waiting_since),
                    },
                ),
                Err(_) => continue,
            };
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            serve_connection(&shared, stream, &waiting_since);
            shared.connections().remove(&id);
        });
    }
}

/// A 503 for a connection beyond the cap, written without waiting on a slow reader.
fn refuse_busy(mut stream: TcpStream, open: usize) {
    let text = format!(
        "topgen mock: all {open} connections are busy answering requests (the cap); retry in a moment\n"
    );
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\nServer: topgen-mock\r\n\r\n",
        text.len()
    );
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = stream.write_all(format!("{head}{text}").as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
}

fn serve_connection(shared: &Shared, stream: TcpStream, waiting_since: &AtomicU64) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(DeadlineStream::new(read_half));
    let mut writer = stream;
    while !shared.stopping.load(Ordering::SeqCst) {
        waiting_since.store(shared.stamp(), Ordering::SeqCst);
        // Idle until the first byte of the next request, then the head has its deadline.
        reader.get_mut().set_deadline(IDLE_TIMEOUT);
        match reader.fill_buf() {
            Ok([]) | Err(_) => return,
            Ok(_) => {}
        }
        reader.get_mut().set_deadline(shared.header_timeout);
        let request = read_head(&mut reader).and_then(|mut request| {
            waiting_since.store(0, Ordering::SeqCst);
            reader.get_mut().set_deadline(BODY_TIMEOUT);
            read_body(&mut reader, &mut writer, &mut request).map(|()| request)
        });
        waiting_since.store(0, Ordering::SeqCst);
        let request = match request {
            Ok(r) => r,
            Err(ReadError::Closed) => return,
            Err(ReadError::Bad(message)) => {
                let _ = Response::json(400, serde_json::json!({ "error": message }).to_string())
                    .write_to(&mut writer, false);
                return;
            }
            Err(ReadError::TooLarge) => {
                let _ = Response::json(413, r#"{"error":"request body too large"}"#)
                    .write_to(&mut writer, false);
                return;
            }
            Err(ReadError::TimedOut) => {
                let message = format!(
                    "the request did not arrive in time: its head must be complete {} ms after its first byte, its body {} s after the head",
                    shared.header_timeout.as_millis(),
                    BODY_TIMEOUT.as_secs()
                );
                let _ = Response::json(408, serde_json::json!({ "error": message }).to_string())
                    .write_to(&mut writer, false);
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
        };
        let keep_alive = request.keep_alive;
        let (response, fault) = if request.path.starts_with(CONTROL_PREFIX) {
            let routes: Vec<(String, String)> = shared
                .routes
                .list()
                .map(|(p, o)| (p.to_string(), o.to_string()))
                .collect();
            (
                control::handle(&request, &mut shared.state(), &routes),
                None,
            )
        } else if let Some(route) = shared.routes.find(&request.path) {
            match route {
                Route::Batch { gateway } => super::batch::handle(shared, &request, gateway),
                Route::Token => (super::oauth::handle(shared, &request), None),
                Route::Method { .. } | Route::Api { .. } => {
                    gateway_request(shared, &request, route)
                }
            }
        } else {
            let routes: Vec<&str> = shared.routes.list().map(|(p, _)| p).collect();
            let message = format!(
                "no gateway answers on {}; routes: {}",
                control::clip(&request.path),
                routes.join(", ")
            );
            (
                Response::json(404, serde_json::json!({ "error": message }).to_string()),
                None,
            )
        };
        let kept = match fault {
            None => response.write_to(&mut writer, keep_alive).is_ok() && keep_alive,
            Some(fault) => apply_fault(shared, &fault, &response, &mut writer, keep_alive),
        };
        if !kept {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Sends `response` as `fault` says; returns whether the connection stays open.
fn apply_fault(
    shared: &Shared,
    fault: &Fault,
    response: &Response,
    writer: &mut TcpStream,
    keep_alive: bool,
) -> bool {
    match fault {
        Fault::Sleep { ms } => {
            // Sleep in slices so stopping the mock is not held up.
            let mut left = *ms;
            while left > 0 && !shared.stopping.load(Ordering::SeqCst) {
                let slice = left.min(50);
                std::thread::sleep(Duration::from_millis(slice));
                left -= slice;
            }
            response.write_to(writer, keep_alive).is_ok() && keep_alive
        }
        Fault::Close => false,
        Fault::Html502 => {
            let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>topgen-mock</center>\r\n</body>\r\n</html>\r\n";
            let html = Response {
                status: 502,
                content_type: "text/html; charset=utf-8",
                body: page.as_bytes().to_vec(),
            };
            let _ = html.write_to(writer, false);
            false
        }
        Fault::Truncate => {
            let mut bytes = response.head(false);
            bytes.extend_from_slice(&response.body[..response.body.len() / 2]);
            let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
            false
        }
        // Answered by `gateway_request` as the gateway's own code 7; nothing to do here.
        Fault::Throttle { .. } => response.write_to(writer, keep_alive).is_ok() && keep_alive,
        Fault::Status { status } => {
            let text = format!("topgen mock: injected HTTP {status}");
            let plain = Response {
                status: *status,
                content_type: "text/plain; charset=utf-8",
                body: text.into_bytes(),
            };
            plain.write_to(writer, keep_alive).is_ok() && keep_alive
        }
    }
}

fn parse_params(request: &Request) -> Result<Params, String> {
    let mut params = Params::default();
    form::parse_urlencoded(request.query.as_bytes(), &mut params.text)
        .map_err(|e| format!("query: {e}"))?;
    let content_type = request.header("content-type").unwrap_or("");
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "multipart/form-data" => {
            let boundary = form::header_param(content_type, "boundary")
                .ok_or("multipart/form-data without a boundary")?;
            form::parse_multipart(&request.body, &boundary, &mut params)?;
        }
        "application/x-www-form-urlencoded" | "" => {
            form::parse_urlencoded(&request.body, &mut params.text)?
        }
        _ if request.body.is_empty() => {}
        other => {
            return Err(format!(
                "unsupported Content-Type {other}; send a form (urlencoded or multipart)"
            ));
        }
    }
    Ok(params)
}

fn gateway_request(shared: &Shared, request: &Request, route: Route) -> (Response, Option<Fault>) {
    let (Route::Method { gateway: g }
    | Route::Api { gateway: g, .. }
    | Route::Batch { gateway: g }) = route
    else {
        unreachable!("the token endpoint is answered by oauth")
    };
    let gateway = &shared.model.gateways[g];

    // Parsing and the checks work on this request alone: they run before the shared state is
    // locked, so a large or hostile body never holds up other clients.
    let parsed = if matches!(request.method.as_str(), "POST" | "GET") {
        parse_params(request)
            .map_err(|e| Failure::new(code::INVALID_ENCODING, "Invalid encoding").detail(e))
    } else {
        Err(Failure::new(code::INVALID_ENCODING, "Invalid encoding")
            .detail(format!("HTTP {} is not accepted; use POST", request.method)))
    };
    let ctx = Context {
        apps: &shared.apps,
        now: shared.now(),
        skew_seconds: shared.skew_seconds,
    };
    let (params, mut verdict) = match parsed {
        Ok(p) => {
            let verdict = verify(gateway, route, &p, &ctx);
            (p, verdict)
        }
        Err(f) => (
            Params::default(),
            Verdict {
                api: None,
                sign_valid: None,
                result: Err(f),
            },
        ),
    };
    let api = verdict.api.map(|a| &gateway.apis[a]);
    let files: Vec<FileRecord> = params
        .files
        .iter()
        .map(|f| FileRecord {
            name: f.name.clone(),
            filename: f.filename.clone(),
            content_type: f.content_type.clone(),
            size: f.bytes.len(),
            sha256: sign::hex_string(&Sha256::digest(&f.bytes), HexCase::Lower),
        })
        .collect();

    let mut state = shared.state();
    let injected = state.take_fault();
    if let Some(Fault::Throttle { seconds }) = injected {
        // Flow control answers before the API runs, whatever the request held.
        verdict.result = Err(Failure::throttled(seconds));
    }
    // A throttle is an answer of the gateway; the other faults act on the transport.
    let fault = injected
        .clone()
        .filter(|f| !matches!(f, Fault::Throttle { .. }));

    let (seq, body) = answer_call(
        &mut state,
        Call {
            gateway,
            request,
            params: &params.text,
            api,
            result: &verdict.result,
            sign_valid: verdict.sign_valid,
            files,
            fault: injected.clone(),
            batch_index: None,
        },
    );
    if shared.log {
        let outcome = verdict
            .result
            .as_ref()
            .err()
            .map_or_else(|| "0 ok".to_string(), |f| format!("{} {}", f.code, f.msg));
        let fault_note = injected
            .as_ref()
            .map_or(String::new(), |f| format!(" [fault: {}]", f.name()));
        eprintln!(
            "topgen mock: #{seq} {} {} {} {} -> {outcome}{fault_note}",
            control::clip(&request.method),
            control::clip(&request.path),
            gateway.name,
            api.map_or("-", |a| a.name.as_str())
        );
    }
    (Response::json(200, body), fault)
}

/// One gateway call, checked: what it is answered and recorded with.
pub struct Call<'a> {
    pub gateway: &'a Gateway,
    pub request: &'a Request,
    /// The call's text parameters (a batch call's own merged with the query's).
    pub params: &'a [(String, String)],
    /// The API the call names, when it names one the gateway serves.
    pub api: Option<&'a Api>,
    pub result: &'a Result<(), Failure>,
    pub sign_valid: Option<bool>,
    pub files: Vec<FileRecord>,
    pub fault: Option<Fault>,
    pub batch_index: Option<usize>,
}

/// Answers a checked call and records it, for single and batch calls alike: the API's success
/// body (`simplify=true` honoured) or the refusal in the gateway's envelope, with the next
/// request id. Returns the call's sequence number and the body.
pub fn answer_call(state: &mut State, call: Call<'_>) -> (u64, String) {
    let seq = state.next_seq();
    let request_id = format!("mock{seq:06}");
    let body = match (call.result, call.api) {
        (Ok(()), Some(api)) => {
            let canned = state.canned.body(call.gateway, api);
            responses::success(call.gateway, api, canned, call.params, &request_id)
        }
        (Ok(()), None) => unreachable!("a verified call names its API"),
        (Err(failure), _) => responses::error(call.gateway, failure, &request_id),
    };
    state.record(Record::new(
        seq,
        RecordInput {
            gateway: &call.gateway.name,
            api: call.api.map(|a| a.name.as_str()),
            http_method: &call.request.method,
            path: &call.request.path,
            content_type: call.request.header("content-type"),
            params: call.params,
            session_parameter: call.gateway.session.as_ref().map(|s| s.parameter.as_str()),
            files: call.files,
            sign_valid: call.sign_valid,
            failure: call.result.as_ref().err(),
            fault: call.fault,
            batch_index: call.batch_index,
        },
    ));
    (seq, body)
}
