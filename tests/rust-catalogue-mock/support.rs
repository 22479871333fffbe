// The fixed part of the Rust catalogue-mock runner (issue 10); gen.py writes the per-API part
// (`main.rs`: one function per API building its request with the `set_*` setters) around it.
//
// Every call goes through the generated crate's `BlockingClient::execute`. The raw body is kept
// by a recording relay on 127.0.0.1 between the client and the mock (the Python runner wraps its
// transport the same way), parsed by serde_json with exact numbers (`arbitrary_precision`: not the
// runtime's reader), and compared with the typed response written back by `ToJson`, field by
// field, by the plan's (the spec's) types.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use taobao_top::config::ClientConfig;
use taobao_top::json::Json;
use taobao_top::response::{FromJson, ToJson};
use taobao_top::sign::SignMethod;
use taobao_top::transport::BlockingClient;

pub const APP_KEY: &str = "12129701";
pub const SECRET: &str = "test-secret-0123";
pub const SESSION: &str = "test-session";
pub const SIMPLIFY_EVERY: usize = 7;
/// A PNG signature and a little padding: the mock checks files by their first bytes.
pub fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(64, 0);
    bytes
}

/// One call's sample parameters (wire name → the plan's neutral value).
pub struct Params<'a>(pub &'a Map<String, Value>);

impl Params<'_> {
    /// The plan's value for `wire` as the setter's type, read by the runtime's `FromJson`.
    pub fn get<T: FromJson>(&self, wire: &str) -> Result<T, String> {
        let value = self.0.get(wire).ok_or(format!("{wire}: not in the plan"))?;
        let value = Json::parse(&value.to_string()).map_err(|e| format!("{wire}: {e}"))?;
        T::from_json(value)
            .map_err(|v| format!("{wire}: sample {v} does not fit the setter's type"))
    }
}

pub struct Ctx {
    clients: [BlockingClient; 2],
    body: Arc<Mutex<Vec<u8>>>,
}

impl Ctx {
    pub fn new(mock_url: &str) -> Ctx {
        let body = Arc::new(Mutex::new(Vec::new()));
        let relay = relay(mock_url, body.clone());
        let client = |simplify: bool| {
            let config = ClientConfig::new(APP_KEY, SECRET)
                .url(format!("http://{relay}/router/rest"))
                .sign_method(SignMethod::Md5)
                .timeout(Duration::from_secs(30))
                .simplify(simplify);
            BlockingClient::new(config).expect("a blocking client")
        };
        Ctx {
            clients: [client(false), client(true)],
            body,
        }
    }

    pub fn client(&self, simplify: bool) -> &BlockingClient {
        &self.clients[usize::from(simplify)]
    }

    fn last_body(&self) -> Vec<u8> {
        std::mem::take(&mut *self.body.lock().unwrap())
    }
}

/// A relay on 127.0.0.1 that forwards each request to the mock (one connection per request) and
/// keeps the last response body. It lives as long as the process.
fn relay(mock_url: &str, body: Arc<Mutex<Vec<u8>>>) -> String {
    let upstream = mock_url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            if let Err(e) = forward(conn, &upstream, &body) {
                eprintln!("relay: {e}");
            }
        }
    });
    addr
}

fn forward(conn: TcpStream, upstream: &str, body: &Mutex<Vec<u8>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(()); // the client closed an idle connection
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().map_err(std::io::Error::other)?;
        }
        if lower.starts_with("transfer-encoding:") {
            return Err(std::io::Error::other("a chunked request (not relayed)"));
        }
        if !lower.starts_with("connection:") {
            head.push_str(&line);
        }
    }
    let mut request_body = vec![0; length];
    reader.read_exact(&mut request_body)?;
    let mut mock = TcpStream::connect(upstream)?;
    mock.write_all(head.as_bytes())?;
    mock.write_all(b"Connection: close\r\n\r\n")?;
    mock.write_all(&request_body)?;
    let mut answer = Vec::new();
    mock.read_to_end(&mut answer)?;
    if let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
        *body.lock().unwrap() = answer[at + 4..].to_vec();
    }
    let mut conn = conn;
    conn.write_all(&answer)?;
    Ok(())
}

/// Compares the typed response (as JSON) with the raw body, by the plan's types.
struct Checker<'a> {
    api: &'a Map<String, Value>,
    structs: &'a Map<String, Value>,
    enums: Vec<&'a str>,
    wrapped: bool,
    canned: bool,
    values: usize,
    problems: Vec<String>,
}

/// A value's JSON text, cut to 120 characters for a problem line.
fn short(j: &Value) -> String {
    let text = j.to_string();
    match text.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn text(j: Option<&Value>) -> &str {
    j.and_then(Value::as_str).unwrap_or("")
}

fn array(j: Option<&Value>) -> &[Value] {
    match j {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

impl Checker<'_> {
    fn fields(&mut self, fields: &[Value], typed: &Value, raw: &Map<String, Value>, path: &str) {
        let typed = match typed {
            Value::Object(map) => map,
            _ => {
                return self
                    .problems
                    .push(format!("{path}: not an object: {typed}"));
            }
        };
        for f in fields {
            let name = text(f.get("name"));
            let at = format!("{path}.{name}");
            match (raw.get(name), typed.get(name)) {
                (None, _) if self.canned => {}
                (None, _) => self.problems.push(format!("{at}: missing from the answer")),
                (Some(_), None) => self
                    .problems
                    .push(format!("{at}: not in the typed response")),
                (Some(r), Some(t)) => {
                    let bounded = matches!(f.get("bounded"), Some(Value::Bool(true)));
                    self.value(text(f.get("type")), bounded, t, r, &at);
                }
            }
        }
    }

    fn value(&mut self, ty: &str, bounded: bool, typed: &Value, raw: &Value, at: &str) {
        self.values += 1;
        let mut fail = |what: &str| {
            let (typed, raw) = (short(typed), short(raw));
            self.problems
                .push(format!("{at}: {what}, got {typed} for {raw}"));
        };
        if let Some(item) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            let items = match (self.wrapped, raw) {
                (false, Value::Array(items)) => items,
                (true, Value::Object(map)) if map.len() == 1 => match map.iter().next() {
                    Some((_, Value::Array(items))) => items,
                    _ => return fail("a list wrapped in a one-member object"),
                },
                _ => {
                    return fail(if self.wrapped {
                        "a list wrapped in a one-member object"
                    } else {
                        "a plain array"
                    });
                }
            };
            // The typed list is written back as a plain array; a list the client did not read
            // stays in `extra` as it arrived (then this is an object).
            match typed {
                Value::Array(typed) if typed.len() == items.len() => {
                    for (i, (t, r)) in typed.iter().zip(items).enumerate() {
                        self.value(item, false, t, r, &format!("{at}[{i}]"));
                    }
                }
                _ => fail("a typed list of the answer's items"),
            }
            return;
        }
        match ty {
            "string" | "decimal" => {
                if !matches!(typed, Value::String(_)) || text(Some(typed)) != text(Some(raw)) {
                    fail("the same text");
                }
            }
            "int64" => {
                // serde_json numbers keep their exact text (`arbitrary_precision`): an id beyond 2^53 compares digit for digit.
                let sent = match raw {
                    Value::String(s) if self.canned && s.bytes().all(|b| b.is_ascii_digit()) => {
                        s.clone()
                    }
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                match typed {
                    Value::Number(n) if n.to_string() == sent => {
                        if !(bounded || self.canned)
                            && n.to_string().trim_start_matches('-').len() != 18
                        {
                            fail("an 18-digit id");
                        }
                    }
                    _ => fail("the same exact int"),
                }
            }
            "boolean" => {
                if !matches!((typed, raw), (Value::Bool(a), Value::Bool(b)) if a == b) {
                    fail("the same bool");
                }
            }
            "date" => {
                // Typed dates are written back as `yyyy-MM-dd HH:mm:ss` at GMT+8; a canned body
                // may give a date alone (midnight).
                let r = text(Some(raw));
                let r = if self.canned && r.len() == 10 {
                    format!("{r} 00:00:00")
                } else {
                    r.to_owned()
                };
                if text(Some(typed)) != r {
                    fail("the same instant at GMT+8");
                }
            }
            "json" => {
                if typed != raw {
                    fail("the same JSON value");
                }
            }
            _ if self.enums.contains(&ty) => {
                if text(Some(typed)) != text(Some(raw)) {
                    fail("the same enum value");
                }
            }
            _ => match (self.structs.get(ty), raw) {
                (Some(Value::Array(fields)), Value::Object(map)) => {
                    if !map.is_empty() {
                        // The mock leaves a recursive or very deep struct as {}.
                        self.fields(fields, typed, map, at);
                    }
                }
                (Some(_), _) => fail("an object"),
                (None, _) => fail(&format!("a value of the unknown type {ty}")),
            },
        }
    }
}

pub type Call = fn(&Ctx, &Params<'_>, bool) -> Result<Json, String>;

/// Runs every API of the plan through its generated call and prints the summary line; the
/// process fails on any problem, naming the API and the field.
pub fn run(plan_path: &str, mock_url: &str, calls: &[(&str, Call)]) -> std::process::ExitCode {
    let started = Instant::now();
    let plan_text = std::fs::read_to_string(plan_path).expect("read the plan");
    let Ok(Value::Array(plan)) = serde_json::from_str(&plan_text) else {
        panic!("the plan is a list")
    };
    let ctx = Ctx::new(mock_url);
    let (mut requests, mut values, mut problems) = (0, 0, Vec::new());
    for (i, api) in plan.iter().enumerate() {
        let Value::Object(api) = api else { continue };
        let name = text(api.get("name"));
        let Some((_, call)) = calls.iter().find(|(n, _)| *n == name) else {
            problems.push(format!("{name}: no request type in the crate"));
            continue;
        };
        let mut params = Map::new();
        for p in array(api.get("params")) {
            let value = if text(p.get("type")) == "file" {
                Value::String(taobao_top::wire::base64_text(&png()))
            } else {
                p.get("value").cloned().unwrap_or(Value::Null)
            };
            params.insert(text(p.get("name")).to_owned(), value);
        }
        for simplify in if i % SIMPLIFY_EVERY == 0 {
            &[false, true][..]
        } else {
            &[false][..]
        } {
            requests += 1;
            let where_ = format!("{name} (simplify={simplify})");
            // The typed response as the runtime writes it, read back by serde_json.
            let typed = match call(&ctx, &Params(&params), *simplify).and_then(|t| {
                serde_json::from_str::<Value>(&t.to_string()).map_err(|e| e.to_string())
            }) {
                Ok(typed) => typed,
                Err(e) => {
                    problems.push(format!("{where_}: {e}"));
                    continue;
                }
            };
            let body = ctx.last_body();
            let raw = match serde_json::from_slice(&body) {
                Ok(Value::Object(map)) if *simplify => map,
                Ok(Value::Object(map)) if map.len() == 1 => match map.into_iter().next() {
                    Some((_, Value::Object(payload))) => payload,
                    _ => Map::new(),
                },
                _ => {
                    problems.push(format!("{where_}: no response object in the answer"));
                    continue;
                }
            };
            let mut checker = Checker {
                api,
                structs: match api.get("structs") {
                    Some(Value::Object(s)) => s,
                    _ => panic!("plan structs"),
                },
                enums: array(api.get("enums"))
                    .iter()
                    .map(|e| text(Some(e)))
                    .collect(),
                wrapped: !simplify,
                canned: matches!(api.get("canned"), Some(Value::Bool(true))),
                values: 0,
                problems: Vec::new(),
            };
            let request_id = text(typed.get("request_id"));
            if request_id.is_empty()
                || Some(request_id) != raw.get("request_id").and_then(Value::as_str)
            {
                checker.problems.push(format!(
                    "{where_}.request_id: {request_id:?}, sent {:?}",
                    raw.get("request_id")
                ));
            }
            checker.fields(array(checker.api.get("response")), &typed, &raw, &where_);
            values += checker.values;
            problems.extend(checker.problems);
        }
    }
    println!(
        "rust catalogue mock: {} APIs, {requests} requests, {values} response values checked, {} problems, {:.1} s",
        plan.len(),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    for p in problems.iter().take(20) {
        println!("  {p}");
    }
    if problems.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// The typed response as JSON (wire names; lists as plain arrays; what did not fit, as it came).
pub fn typed<T: ToJson>(response: &T) -> Json {
    response.to_json()
}
