//! The mock's own endpoints under `/__mock/`: fault injection, the record of received requests,
//! canned-response overrides and reset.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::{Value, json};

use super::http::{Request, Response};
use super::responses::Canned;

/// How many requests `GET /__mock/requests` remembers (oldest dropped first).
pub const MAX_RECORDS: usize = 1000;
/// The longest `sleep` fault, so a forgotten fault cannot hang a test suite.
pub const MAX_SLEEP_MS: u64 = 60_000;

/// A transport fault applied to the next gateway requests instead of (or before) the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Fault {
    /// Wait `ms`, then answer normally.
    Sleep { ms: u64 },
    /// Read the request, then close the connection without a byte of response.
    Close,
    /// Answer `502 Bad Gateway` with an HTML page, as a load balancer does.
    Html502,
    /// Send the headers and half of the body, then close.
    Truncate,
    /// Answer with this HTTP status and a short text body.
    Status { status: u16 },
    /// Refuse the call unprocessed with the gateway's code 7 (`App Call Limited`), as TOP's
    /// flow control does: the request was not applied, so a client may retry after a pause.
    Throttle,
}

impl Fault {
    fn parse(body: &Value) -> Result<(Fault, u32), String> {
        let mode = body
            .get("mode")
            .and_then(Value::as_str)
            .ok_or("a fault needs \"mode\": sleep, close, html502, truncate, status or throttle")?;
        let fault = match mode {
            "sleep" => {
                let ms = body.get("ms").and_then(Value::as_u64).ok_or("sleep needs \"ms\" (milliseconds)")?;
                if ms > MAX_SLEEP_MS {
                    return Err(format!("sleep is limited to {MAX_SLEEP_MS} ms"));
                }
                Fault::Sleep { ms }
            }
            "close" => Fault::Close,
            "html502" => Fault::Html502,
            "truncate" => Fault::Truncate,
            "throttle" => Fault::Throttle,
            "status" => {
                let status = body.get("status").and_then(Value::as_u64).filter(|s| (200..=599).contains(s));
                Fault::Status { status: status.ok_or("status needs \"status\" between 200 and 599")? as u16 }
            }
            other => {
                return Err(format!("unknown fault mode {other:?}; use sleep, close, html502, truncate, status or throttle"));
            }
        };
        let count = match body.get("count") {
            None => 1,
            Some(v) => {
                v.as_u64().filter(|c| (1..=1_000_000).contains(c)).ok_or("\"count\" must be a positive integer")? as u32
            }
        };
        Ok((fault, count))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Fault::Sleep { .. } => "sleep",
            Fault::Close => "close",
            Fault::Html502 => "html502",
            Fault::Truncate => "truncate",
            Fault::Status { .. } => "status",
            Fault::Throttle => "throttle",
        }
    }
}

/// A file part as recorded: never its bytes.
#[derive(Debug, Clone, Serialize)]
pub struct FileRecord {
    pub name: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub size: usize,
    pub sha256: String,
}

/// One gateway request as it arrived and what the mock made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub seq: u64,
    pub gateway: String,
    pub api: Option<String>,
    pub http_method: String,
    pub path: String,
    pub content_type: Option<String>,
    /// Text parameters from the query and the body, by name.
    pub params: BTreeMap<String, String>,
    pub files: Vec<FileRecord>,
    /// `null` when the checks stopped before the signature.
    pub sign_valid: Option<bool>,
    /// 0 for success, else the error code answered.
    pub code: u32,
    pub msg: Option<String>,
    pub sub_code: Option<String>,
    pub sub_msg: Option<String>,
    /// The fault applied to this request, if any.
    pub fault: Option<Fault>,
}

/// Everything the control endpoints change, behind one lock.
#[derive(Debug)]
pub struct State {
    pub fault: Option<(Fault, u32)>,
    pub records: VecDeque<Record>,
    pub canned: Canned,
    /// The canned bodies at start, restored by reset.
    pub initial: Canned,
    pub next_seq: u64,
}

impl State {
    pub fn new(canned: Canned) -> Self {
        State { fault: None, records: VecDeque::new(), initial: canned.clone(), canned, next_seq: 1 }
    }

    /// The fault for the next gateway request, counting it down.
    pub fn take_fault(&mut self) -> Option<Fault> {
        let (fault, left) = self.fault.as_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            self.fault = None;
        }
        Some(fault)
    }

    pub fn record(&mut self, record: Record) {
        if self.records.len() == MAX_RECORDS {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    fn reset(&mut self) {
        self.fault = None;
        self.records.clear();
        self.canned = self.initial.clone();
    }
}

fn ok(value: Value) -> Response {
    Response::json(200, value.to_string())
}

fn bad(status: u16, message: impl Into<String>) -> Response {
    Response::json(status, json!({ "error": message.into() }).to_string())
}

/// Answers a request under `/__mock/`. `routes` lists `(path, what answers there)`.
pub fn handle(request: &Request, state: &mut State, routes: &[(String, String)]) -> Response {
    let body = || serde_json::from_slice::<Value>(&request.body).map_err(|e| format!("the body is not JSON: {e}"));
    let path = request.path.trim_end_matches('/');
    match (request.method.as_str(), path) {
        ("GET", "/__mock/health") => {
            let routes: Vec<Value> = routes.iter().map(|(p, o)| json!({ "path": p, "serves": o })).collect();
            ok(json!({ "ok": true, "routes": routes }))
        }
        ("GET", "/__mock/requests") => ok(json!({ "requests": state.records })),
        ("GET", "/__mock/faults") => ok(match &state.fault {
            Some((fault, left)) => json!({ "fault": fault, "remaining": left }),
            None => json!({ "fault": null, "remaining": 0 }),
        }),
        ("POST", "/__mock/faults") => match body().and_then(|b| Fault::parse(&b)) {
            Ok((fault, count)) => {
                state.fault = Some((fault.clone(), count));
                ok(json!({ "fault": fault, "remaining": count }))
            }
            Err(e) => bad(400, e),
        },
        ("POST", "/__mock/responses") => {
            let parsed = body().and_then(|b| {
                let api = b
                    .get("api")
                    .and_then(Value::as_str)
                    .ok_or("a response needs \"api\" (API name or gateway/api)")?
                    .to_string();
                let text = match b.get("body") {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => return Err("a response needs \"body\" (raw text or JSON)".to_string()),
                };
                Ok((api, text))
            });
            match parsed {
                Ok((api, text)) => match state.canned.set(&api, &text) {
                    0 => bad(404, format!("no API {api:?} is served by this mock")),
                    n => ok(json!({ "api": api, "replaced": n })),
                },
                Err(e) => bad(400, e),
            }
        }
        ("POST", "/__mock/reset") => {
            state.reset();
            ok(json!({ "reset": true }))
        }
        (_, "/__mock/health" | "/__mock/requests" | "/__mock/faults" | "/__mock/responses" | "/__mock/reset") => {
            bad(405, format!("{} is not allowed on {path}", request.method))
        }
        _ => bad(404, format!("unknown control endpoint {path}; see docs/mock-gateway.md")),
    }
}
