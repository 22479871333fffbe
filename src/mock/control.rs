//! The mock's own endpoints under `/__mock/`: fault injection, the record of received requests,
//! canned-response overrides and reset.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::{Value, json};

use super::failure::Failure;
use super::http::{Request, Response};
use super::responses::Canned;

/// How many requests `GET /__mock/requests` remembers (oldest dropped first).
pub const MAX_RECORDS: usize = 1000;
/// The most bytes of one recorded text (a parameter's name or value, a path, a message); longer
/// ones are cut at a character boundary and their full length noted in the record's `truncated`.
pub const MAX_RECORD_VALUE_BYTES: usize = 64 * 1024;
/// The most parameters recorded per request; the number left out is the record's `params_dropped`.
pub const MAX_RECORD_PARAMS: usize = 256;
/// The most bytes all records hold together (estimated from their texts); the oldest records are
/// dropped first to stay below it, whatever [`MAX_RECORDS`] allows.
pub const MAX_RECORDS_BYTES: usize = 16 * 1024 * 1024;
/// What a recorded session value is replaced with.
pub const MASK: &str = "***";
/// The longest `sleep` fault, so a forgotten fault cannot hang a test suite.
pub const MAX_SLEEP_MS: u64 = 60_000;

/// A transport fault applied to the next gateway requests instead of (or before) the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Fault {
    /// Wait `ms`, then answer normally.
    Sleep {
        /// Milliseconds, at most [`MAX_SLEEP_MS`].
        ms: u64,
    },
    /// Read the request, then close the connection without a byte of response.
    Close,
    /// Answer `502 Bad Gateway` with an HTML page, as a load balancer does.
    Html502,
    /// Send the headers and half of the body, then close.
    Truncate,
    /// Answer with this HTTP status and a short text body.
    Status {
        /// 200 to 599.
        status: u16,
    },
    /// Refuse the call unprocessed with the gateway's code 7 (`App Call Limited`), as TOP's
    /// flow control does: the request was not applied, and the ban lasts `seconds` more seconds
    /// (`sub_msg` "This ban will last for N more seconds").
    Throttle {
        /// The ban's remaining length announced, at most [`MAX_BAN_SECONDS`].
        seconds: u64,
    },
}

/// The ban a `throttle` fault announces when the request does not say.
pub const DEFAULT_BAN_SECONDS: u64 = 1;
/// The longest ban a `throttle` fault may announce (a day).
pub const MAX_BAN_SECONDS: u64 = 86_400;

impl Fault {
    fn parse(body: &Value) -> Result<(Fault, u32), String> {
        let mode = body
            .get("mode")
            .and_then(Value::as_str)
            .ok_or("a fault needs \"mode\": sleep, close, html502, truncate, status or throttle")?;
        let fault = match mode {
            "sleep" => {
                let ms = body
                    .get("ms")
                    .and_then(Value::as_u64)
                    .ok_or("sleep needs \"ms\" (milliseconds)")?;
                if ms > MAX_SLEEP_MS {
                    return Err(format!("sleep is limited to {MAX_SLEEP_MS} ms"));
                }
                Fault::Sleep { ms }
            }
            "close" => Fault::Close,
            "html502" => Fault::Html502,
            "truncate" => Fault::Truncate,
            "throttle" => match body.get("seconds") {
                None => Fault::Throttle {
                    seconds: DEFAULT_BAN_SECONDS,
                },
                Some(v) => Fault::Throttle {
                    seconds: v.as_u64().filter(|s| *s <= MAX_BAN_SECONDS).ok_or(format!(
                        "throttle \"seconds\" must be an integer from 0 to {MAX_BAN_SECONDS}"
                    ))?,
                },
            },
            "status" => {
                let status = body
                    .get("status")
                    .and_then(Value::as_u64)
                    .filter(|s| (200..=599).contains(s));
                Fault::Status {
                    status: status.ok_or("status needs \"status\" between 200 and 599")? as u16,
                }
            }
            other => {
                return Err(format!(
                    "unknown fault mode {other:?}; use sleep, close, html502, truncate, status or throttle"
                ));
            }
        };
        let count = match body.get("count") {
            None => 1,
            Some(v) => v
                .as_u64()
                .filter(|c| (1..=1_000_000).contains(c))
                .ok_or("\"count\" must be a positive integer")? as u32,
        };
        Ok((fault, count))
    }

    /// The `mode` that selects this fault.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Sleep { .. } => "sleep",
            Fault::Close => "close",
            Fault::Html502 => "html502",
            Fault::Truncate => "truncate",
            Fault::Status { .. } => "status",
            Fault::Throttle { .. } => "throttle",
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

/// One gateway request as it arrived and what the mock made of it, bounded: texts are cut at
/// [`MAX_RECORD_VALUE_BYTES`], at most [`MAX_RECORD_PARAMS`] parameters are kept, and the session
/// is masked.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub seq: u64,
    pub gateway: String,
    pub api: Option<String>,
    pub http_method: String,
    pub path: String,
    pub content_type: Option<String>,
    /// Text parameters from the query and the body, by name; the session parameter as `***`.
    pub params: BTreeMap<String, String>,
    /// SHA-256 (lower-case hex) of the session value, so a test can check which session arrived
    /// without the record holding it.
    pub session_sha256: Option<String>,
    /// Texts that were cut, by parameter name (or `path`, `content_type`, `msg`, `sub_msg`):
    /// their full length in bytes.
    pub truncated: BTreeMap<String, usize>,
    /// Parameters beyond [`MAX_RECORD_PARAMS`], not recorded.
    pub params_dropped: usize,
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
    /// The call's position in its batch (`/router/batch`), `null` for a single call.
    pub batch_index: Option<usize>,
    /// The estimated bytes this record holds, counted against [`MAX_RECORDS_BYTES`].
    #[serde(skip)]
    size: usize,
}

/// What a gateway request leaves behind, before it is bounded into a [`Record`].
pub struct RecordInput<'a> {
    pub gateway: &'a str,
    pub api: Option<&'a str>,
    pub http_method: &'a str,
    pub path: &'a str,
    pub content_type: Option<&'a str>,
    pub params: &'a [(String, String)],
    /// The gateway's session parameter, masked in the record.
    pub session_parameter: Option<&'a str>,
    pub files: Vec<FileRecord>,
    pub sign_valid: Option<bool>,
    pub failure: Option<&'a Failure>,
    pub fault: Option<Fault>,
    pub batch_index: Option<usize>,
}

/// `text` cut to at most [`MAX_RECORD_VALUE_BYTES`] at a character boundary.
pub fn clip(text: &str) -> &str {
    if text.len() <= MAX_RECORD_VALUE_BYTES {
        return text;
    }
    let mut end = MAX_RECORD_VALUE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Record {
    pub fn new(seq: u64, input: RecordInput<'_>) -> Self {
        let mut truncated = BTreeMap::new();
        let mut keep = |label: &str, text: &str| {
            let kept = clip(text);
            if kept.len() < text.len() {
                truncated.insert(clip(label).to_string(), text.len());
            }
            kept.to_string()
        };
        let mut params = BTreeMap::new();
        let mut session_sha256 = None;
        let mut params_dropped = 0;
        for (name, value) in input.params {
            if params.contains_key(clip(name)) {
                continue; // a repeated key: the first is recorded (the request was refused for it)
            }
            if params.len() == MAX_RECORD_PARAMS {
                params_dropped += 1;
                continue;
            }
            let value = if Some(name.as_str()) == input.session_parameter {
                session_sha256 = Some(super::sign::hex_string(
                    &<sha2::Sha256 as sha2::Digest>::digest(value.as_bytes()),
                    crate::model::HexCase::Lower,
                ));
                MASK.to_string()
            } else {
                keep(name, value)
            };
            params.insert(keep(name, name), value);
        }
        let path = keep("path", input.path);
        let content_type = input.content_type.map(|c| keep("content_type", c));
        let msg = input.failure.map(|f| keep("msg", &f.msg));
        let sub_msg = input
            .failure
            .and_then(|f| f.sub_msg.as_deref())
            .map(|m| keep("sub_msg", m));
        let sub_code = input
            .failure
            .and_then(|f| f.sub_code.as_deref())
            .map(|c| keep("sub_code", c));
        let files: Vec<FileRecord> = input
            .files
            .into_iter()
            .take(MAX_RECORD_PARAMS)
            .map(|f| FileRecord {
                name: clip(&f.name).to_string(),
                filename: clip(&f.filename).to_string(),
                content_type: f.content_type.as_deref().map(|c| clip(c).to_string()),
                ..f
            })
            .collect();
        let texts: usize = params
            .iter()
            .map(|(k, v)| k.len() + v.len() + 8)
            .sum::<usize>()
            + files
                .iter()
                .map(|f| f.name.len() + f.filename.len() + 128)
                .sum::<usize>()
            + truncated.keys().map(|k| k.len() + 16).sum::<usize>()
            + [&msg, &sub_msg, &sub_code, &content_type]
                .iter()
                .filter_map(|t| t.as_ref())
                .map(String::len)
                .sum::<usize>()
            + path.len();
        Record {
            seq,
            gateway: input.gateway.to_string(),
            api: input.api.map(str::to_string),
            http_method: clip(input.http_method).to_string(),
            path,
            content_type,
            params,
            session_sha256,
            truncated,
            params_dropped,
            files,
            sign_valid: input.sign_valid,
            code: input.failure.map_or(0, |f| f.code),
            msg,
            sub_code,
            sub_msg,
            fault: input.fault,
            batch_index: input.batch_index,
            size: texts + 256,
        }
    }
}

/// Everything the control endpoints change, behind one lock.
#[derive(Debug)]
pub struct State {
    pub fault: Option<(Fault, u32)>,
    pub records: VecDeque<Record>,
    /// The estimated bytes `records` hold.
    records_bytes: usize,
    /// Records dropped to stay within the limits since the start or the last reset.
    records_dropped: u64,
    pub canned: Canned,
    /// The canned bodies at start, restored by reset.
    pub initial: Canned,
    pub next_seq: u64,
    /// Digests of the OAuth codes already exchanged (codes are single use), at most [`MAX_USED_CODES`].
    used_codes: std::collections::BTreeSet<String>,
}

/// The most OAuth codes remembered as used; beyond it all are forgotten (as does reset).
pub const MAX_USED_CODES: usize = 10_000;

impl State {
    pub fn new(canned: Canned) -> Self {
        State {
            fault: None,
            records: VecDeque::new(),
            records_bytes: 0,
            records_dropped: 0,
            initial: canned.clone(),
            canned,
            next_seq: 1,
            used_codes: std::collections::BTreeSet::new(),
        }
    }

    /// The next request sequence number (`request_id` `mock` + it).
    pub fn next_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Marks an OAuth code (its digest) as used; false when it was used before.
    pub fn use_once(&mut self, code_digest: &str) -> bool {
        if self.used_codes.len() >= MAX_USED_CODES {
            self.used_codes.clear();
        }
        self.used_codes.insert(code_digest.to_string())
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
        self.records_bytes += record.size;
        self.records.push_back(record);
        while self.records.len() > MAX_RECORDS
            || (self.records_bytes > MAX_RECORDS_BYTES && self.records.len() > 1)
        {
            let Some(old) = self.records.pop_front() else {
                break;
            };
            self.records_bytes -= old.size;
            self.records_dropped += 1;
        }
    }

    fn reset(&mut self) {
        self.fault = None;
        self.records.clear();
        self.records_bytes = 0;
        self.records_dropped = 0;
        self.used_codes.clear();
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
    let body = || {
        serde_json::from_slice::<Value>(&request.body)
            .map_err(|e| format!("the body is not JSON: {e}"))
    };
    let path = request.path.trim_end_matches('/');
    match (request.method.as_str(), path) {
        ("GET", "/__mock/health") => {
            let routes: Vec<Value> = routes
                .iter()
                .map(|(p, o)| json!({ "path": p, "serves": o }))
                .collect();
            ok(json!({ "ok": true, "routes": routes }))
        }
        ("GET", "/__mock/requests") => ok(json!({
            "requests": state.records,
            "dropped": state.records_dropped,
            "bytes": state.records_bytes,
            "limits": {
                "max_records": MAX_RECORDS,
                "max_bytes": MAX_RECORDS_BYTES,
                "max_value_bytes": MAX_RECORD_VALUE_BYTES,
                "max_params": MAX_RECORD_PARAMS,
                "session": "masked as *** (session_sha256 holds its SHA-256)",
            },
        })),
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
        (
            _,
            "/__mock/health" | "/__mock/requests" | "/__mock/faults" | "/__mock/responses"
            | "/__mock/reset",
        ) => bad(405, format!("{} is not allowed on {path}", request.method)),
        _ => bad(
            404,
            format!("unknown control endpoint {path}; see docs/mock-gateway.md"),
        ),
    }
}
