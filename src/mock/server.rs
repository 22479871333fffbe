//! The listener: one thread accepts, one thread per connection (keep-alive honoured) reads
//! requests and answers them from the gateway checks or the control endpoints.

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::control::{self, Fault, FileRecord, Record, State};
use super::failure::{Failure, code};
use super::form::{self, Params};
use super::http::{ReadError, Request, Response, read_request};
use super::routes::{CONTROL_PREFIX, Route, Routes};
use super::verify::{Context, Verdict, verify};
use super::{App, Clock, responses, sign};
use crate::model::{HexCase, Model};

/// A connection idle this long between requests is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 128;

pub struct Shared {
    pub model: Model,
    pub routes: Routes,
    pub apps: Vec<App>,
    pub skew_seconds: i64,
    pub clock: Clock,
    pub log: bool,
    pub state: Mutex<State>,
    pub stopping: AtomicBool,
    connections: Mutex<BTreeMap<u64, TcpStream>>,
    next_connection: AtomicU64,
}

impl Shared {
    pub fn new(
        model: Model,
        routes: Routes,
        apps: Vec<App>,
        skew_seconds: i64,
        clock: Clock,
        log: bool,
        state: State,
    ) -> Self {
        Shared {
            model,
            routes,
            apps,
            skew_seconds,
            clock,
            log,
            state: Mutex::new(state),
            stopping: AtomicBool::new(false),
            connections: Mutex::new(BTreeMap::new()),
            next_connection: AtomicU64::new(0),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Closes every open connection so their threads end.
    pub fn close_connections(&self) {
        let connections = self.connections.lock().unwrap_or_else(|p| p.into_inner());
        for stream in connections.values() {
            let _ = stream.shutdown(Shutdown::Both);
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
        {
            let mut connections = shared.connections.lock().unwrap_or_else(|p| p.into_inner());
            if connections.len() >= MAX_CONNECTIONS {
                let busy = Response {
                    status: 503,
                    content_type: "text/plain; charset=utf-8",
                    body: b"topgen mock: too many connections".to_vec(),
                };
                let mut stream = stream;
                let _ = busy.write_to(&mut stream, false);
                continue;
            }
            match stream.try_clone() {
                Ok(clone) => connections.insert(id, clone),
                Err(_) => continue,
            };
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            serve_connection(&shared, stream);
            shared.connections.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
        });
    }
}

fn serve_connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    while !shared.stopping.load(Ordering::SeqCst) {
        let request = match read_request(&mut reader, &mut writer) {
            Ok(r) => r,
            Err(ReadError::Closed) => return,
            Err(ReadError::Bad(message)) => {
                let _ = Response::json(400, serde_json::json!({ "error": message }).to_string())
                    .write_to(&mut writer, false);
                return;
            }
            Err(ReadError::TooLarge) => {
                let _ = Response::json(413, r#"{"error":"request body too large"}"#).write_to(&mut writer, false);
                return;
            }
        };
        let keep_alive = request.keep_alive;
        let (response, fault) = if request.path.starts_with(CONTROL_PREFIX) {
            let routes: Vec<(String, String)> =
                shared.routes.list().map(|(p, o)| (p.to_string(), o.to_string())).collect();
            (control::handle(&request, &mut shared.state(), &routes), None)
        } else if let Some(route) = shared.routes.find(&request.path) {
            gateway_request(shared, &request, route)
        } else {
            let routes: Vec<&str> = shared.routes.list().map(|(p, _)| p).collect();
            let message = format!("no gateway answers on {}; routes: {}", request.path, routes.join(", "));
            (Response::json(404, serde_json::json!({ "error": message }).to_string()), None)
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
fn apply_fault(shared: &Shared, fault: &Fault, response: &Response, writer: &mut TcpStream, keep_alive: bool) -> bool {
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
            let html =
                Response { status: 502, content_type: "text/html; charset=utf-8", body: page.as_bytes().to_vec() };
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
        Fault::Throttle => response.write_to(writer, keep_alive).is_ok() && keep_alive,
        Fault::Status { status } => {
            let text = format!("topgen mock: injected HTTP {status}");
            let plain =
                Response { status: *status, content_type: "text/plain; charset=utf-8", body: text.into_bytes() };
            plain.write_to(writer, keep_alive).is_ok() && keep_alive
        }
    }
}

fn parse_params(request: &Request) -> Result<Params, String> {
    let mut params = Params::default();
    form::parse_urlencoded(request.query.as_bytes(), &mut params.text).map_err(|e| format!("query: {e}"))?;
    let content_type = request.header("content-type").unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "multipart/form-data" => {
            let boundary =
                form::header_param(content_type, "boundary").ok_or("multipart/form-data without a boundary")?;
            form::parse_multipart(&request.body, &boundary, &mut params)?;
        }
        "application/x-www-form-urlencoded" | "" => form::parse_urlencoded(&request.body, &mut params.text)?,
        _ if request.body.is_empty() => {}
        other => return Err(format!("unsupported Content-Type {other}; send a form (urlencoded or multipart)")),
    }
    Ok(params)
}

fn gateway_request(shared: &Shared, request: &Request, route: Route) -> (Response, Option<Fault>) {
    let (Route::Method { gateway: g } | Route::Api { gateway: g, .. }) = route;
    let gateway = &shared.model.gateways[g];
    let mut state = shared.state();
    let seq = state.next_seq;
    state.next_seq += 1;
    let request_id = format!("mock{seq:06}");

    let parsed = if matches!(request.method.as_str(), "POST" | "GET") {
        parse_params(request).map_err(|e| Failure::new(code::INVALID_ENCODING, "Invalid encoding").detail(e))
    } else {
        Err(Failure::new(code::INVALID_ENCODING, "Invalid encoding")
            .detail(format!("HTTP {} is not accepted; use POST", request.method)))
    };
    let now = match shared.clock {
        Clock::System => super::time::system_now(),
        Clock::Fixed(t) => t,
    };
    let ctx = Context { apps: &shared.apps, now, skew_seconds: shared.skew_seconds };
    let (params, verdict) = match parsed {
        Ok(p) => {
            let verdict = verify(gateway, route, &p, &ctx);
            (p, verdict)
        }
        Err(f) => (Params::default(), Verdict { api: None, sign_valid: None, result: Err(f) }),
    };
    let api = verdict.api.map(|a| &gateway.apis[a]);
    let mut verdict = verdict;
    let injected = state.take_fault();
    if injected == Some(Fault::Throttle) {
        // Flow control answers before the API runs, whatever the request held.
        verdict.result = Err(Failure::throttled());
    }
    // A throttle is an answer of the gateway; the other faults act on the transport.
    let fault = injected.clone().filter(|f| *f != Fault::Throttle);

    let body = match (&verdict.result, api) {
        (Ok(()), Some(api)) => {
            let simplify = params.text.iter().any(|(k, v)| k == "simplify" && v == "true");
            responses::success(gateway, api, state.canned.body(gateway, api), simplify)
        }
        (Ok(()), None) => unreachable!("a verified request names its API"),
        (Err(failure), _) => responses::error(gateway, failure, &request_id),
    };
    let failure = verdict.result.as_ref().err();
    if shared.log {
        let outcome = failure.map_or_else(|| "0 ok".to_string(), |f| format!("{} {}", f.code, f.msg));
        let fault_note = injected.as_ref().map_or(String::new(), |f| format!(" [fault: {}]", f.name()));
        eprintln!(
            "topgen mock: #{seq} {} {} {} {} -> {outcome}{fault_note}",
            request.method,
            request.path,
            gateway.name,
            api.map_or("-", |a| a.name.as_str())
        );
    }
    state.record(Record {
        seq,
        gateway: gateway.name.clone(),
        api: api.map(|a| a.name.clone()),
        http_method: request.method.clone(),
        path: request.path.clone(),
        content_type: request.header("content-type").map(str::to_string),
        params: params.text.iter().cloned().collect(),
        files: params
            .files
            .iter()
            .map(|f| FileRecord {
                name: f.name.clone(),
                filename: f.filename.clone(),
                content_type: f.content_type.clone(),
                size: f.bytes.len(),
                sha256: sign::hex_string(&Sha256::digest(&f.bytes), HexCase::Lower),
            })
            .collect(),
        sign_valid: verdict.sign_valid,
        code: failure.map_or(0, |f| f.code),
        msg: failure.map(|f| f.msg.clone()),
        sub_code: failure.and_then(|f| f.sub_code.clone()),
        sub_msg: failure.and_then(|f| f.sub_msg.clone()),
        fault: injected,
    });
    (Response::json(200, body), fault)
}
