//! The README (also the crate docs, so its examples are doctests): one example per API in the
//! shape of the official SDK sample — build the request, `client.execute(&req, session)`.

use serde::Serialize;

use crate::model::{Api, Field, Gateway, Type};

use super::escape::{markdown, one_line, string_literal};
use crate::naming::rust as names;

#[derive(Serialize)]
pub struct ExampleCtx {
    pub heading: String,
    pub description: String,
    pub code: String,
}

/// A row of a README table or list.
#[derive(Serialize)]
pub struct Row {
    pub name: String,
    pub value: String,
    pub note: String,
}

#[derive(Serialize)]
pub struct ReadmeCtx {
    pub title: String,
    pub description: String,
    pub endpoints: Vec<Row>,
    pub default_endpoint: String,
    pub session_parameter: String,
    pub session_doc: String,
    pub settings: Vec<Row>,
    pub first_setting: String,
    pub configure: String,
    pub examples: Vec<ExampleCtx>,
    pub errors_example: String,
    /// Rate-limit bans, sign debugging, batch calls and OAuth (the last two on `method`-routed
    /// gateways), each runnable against the mock.
    pub features: Vec<ExampleCtx>,
    pub has_datetime: bool,
    pub has_files: bool,
    pub base64_files: bool,
}

/// A Rust expression for a parameter in a README example, when the spec gives one (or the
/// parameter is required and a placeholder is needed).
fn example_value(f: &Field) -> Option<String> {
    let example = f.example.as_deref();
    match (&f.ty, example) {
        (Type::Int64, Some(e)) if e.parse::<i64>().is_ok() => Some(e.to_owned()),
        (Type::Int64, _) if f.required => Some("1".to_owned()),
        (Type::Boolean, Some(e)) if e == "true" || e == "false" => Some(e.to_owned()),
        (Type::String | Type::Date | Type::Decimal, Some(e)) => Some(string_literal(e)),
        (Type::String | Type::Date | Type::Decimal, None) if f.required => {
            Some(string_literal("..."))
        }
        (Type::File, _) => Some("File::from_path(\"proof.png\")?".to_owned()),
        _ => None,
    }
}

/// The configuration every example reads, as the official SDK sample names it (`url`, `appkey`,
/// `secret`, `sessionKey`): shown in the Configure block and as hidden lines (`# `) in the others,
/// so each example stays a self-contained doctest. The e2e test binds these four to the mock.
fn binding_lines(gw: &Gateway, crate_ident: &str, hidden: bool) -> Vec<String> {
    let prefix = if hidden { "# " } else { "" };
    let default = gw
        .endpoints
        .iter()
        .find(|e| e.default)
        .map(|e| format!("{}_URL", names::constant(&e.name)));
    let url = default.map_or_else(
        || string_literal("https://gateway.example"),
        |c| format!("{crate_ident}::{c}"),
    );
    vec![
        format!("{prefix}let url = {url};"),
        format!("{prefix}let appkey = \"your-app-key\";"),
        format!("{prefix}let secret = \"your-app-secret\";"),
        format!("{prefix}let session_key = \"the-seller-session\";"),
    ]
}

/// `Some(session_key)` when the gateway takes a session, else `None`.
fn session_arg(gw: &Gateway) -> &'static str {
    if gw.session.is_some() {
        "Some(session_key)"
    } else {
        "None"
    }
}

/// Setter calls for the parameters that have a value, in spec order; a struct with example field
/// values is built first as its own variable, as the official sample builds `obj1`.
fn setter_lines(api: &Api, target: &str) -> (Vec<String>, Vec<String>) {
    let mut lines = Vec::new();
    let mut imports = Vec::new();
    for p in &api.params {
        if let Some(v) = example_value(p) {
            lines.push(format!("{target}.{}({v});", names::setter(&p.name)));
        } else if let Type::Struct(name) = &p.ty {
            let Some(def) = api.structs.iter().find(|s| &s.name == name) else {
                continue;
            };
            let values: Vec<_> = def
                .fields
                .iter()
                .filter_map(|f| example_value(f).map(|v| (f, v)))
                .collect();
            if values.is_empty() {
                continue;
            }
            let var = names::field(&p.name);
            let ty = names::type_name(name);
            imports.push(ty.clone());
            lines.push(format!("let mut {var} = {ty}::new();"));
            lines.extend(
                values
                    .iter()
                    .map(|(f, v)| format!("{var}.{}({v});", names::setter(&f.name))),
            );
            lines.push(format!("{target}.{}({var});", names::setter(&p.name)));
        }
    }
    (lines, imports)
}

fn example(gw: &Gateway, api: &Api, crate_ident: &str) -> ExampleCtx {
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let (setters, mut types) = setter_lines(api, "req");
    types.insert(0, request.clone());
    let imported = if types.len() == 1 {
        request.clone()
    } else {
        format!("{{{}}}", types.join(", "))
    };
    let mut code = binding_lines(gw, crate_ident, true);
    code.extend([
        format!(
            "use {crate_ident}::{{BlockingClient, ClientConfig{}}};",
            if super::api::uses_file(api) {
                ", File"
            } else {
                ""
            }
        ),
        format!("use {crate_ident}::{module}::{imported};"),
        String::new(),
        "let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;".to_owned(),
        format!("let mut req = {request}::new();"),
    ]);
    code.extend(setters);
    code.push(format!(
        "let rsp = client.execute(&req, {})?;",
        session_arg(gw)
    ));
    code.push("println!(\"{rsp:?}\");".to_owned());
    code.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());
    ExampleCtx {
        heading: format!("`{}` — {}", api.name, one_line(&api.title)),
        description: markdown(&api.description),
        code: code.join("\n"),
    }
}

/// The error-handling example: the first API called with nothing set, so the client refuses it
/// before sending, and a `match` over the kinds a caller handles.
fn errors_example(gw: &Gateway, crate_ident: &str) -> String {
    let Some(api) = gw.apis.first() else {
        return String::new();
    };
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let mut code = binding_lines(gw, crate_ident, true);
    code.extend([
        format!("use {crate_ident}::{{BlockingClient, ClientConfig, Error, ErrorKind}};"),
        format!("use {crate_ident}::{module}::{request};"),
        String::new(),
        "let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;".to_owned(),
        format!("let req = {request}::new(); // nothing set: refused before anything is sent"),
        format!("match client.execute(&req, {}) {{", session_arg(gw)),
        "    Ok(rsp) => println!(\"{rsp:?}\"),".to_owned(),
        "    Err(Error::Validation { name, reason }) => eprintln!(\"fix parameter {name}: {reason}\"),".to_owned(),
        "    Err(Error::Gateway(e)) if e.is_throttled() => eprintln!(\"throttled: back off before calling again\"),".to_owned(),
        "    Err(Error::Gateway(e)) => eprintln!(\"refused: {:?} (raw body: {})\", e.fields(), e.body),".to_owned(),
        "    Err(e) if e.kind() == ErrorKind::Timeout => eprintln!(\"{e}\"),".to_owned(),
        "    Err(e) => eprintln!(\"{} failed: {e}\", e.kind().as_str()),".to_owned(),
        "}".to_owned(),
        "# Ok::<(), Box<dyn std::error::Error>>(())".to_owned(),
    ]);
    code.join("\n")
}

/// The first API's request built as its example builds it, without file parameters (a batch
/// refuses them): the hidden `use` line, and the lines that make `req` (the setters hidden).
fn first_request(gw: &Gateway, crate_ident: &str) -> Option<(String, Vec<String>)> {
    let api = gw.apis.first()?;
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let mut without_files = api.clone();
    without_files.params.retain(|p| p.ty != Type::File);
    let (setters, mut types) = setter_lines(&without_files, "req");
    types.insert(0, request.clone());
    let imported = if types.len() == 1 {
        request.clone()
    } else {
        format!("{{{}}}", types.join(", "))
    };
    // The request is the one of its own example above: built in hidden lines (run, not shown).
    let mut lines = vec![format!(
        "let mut req = {request}::new(); // as in the `{}` example",
        api.name
    )];
    lines.extend(setters.iter().map(|l| format!("# {l}")));
    Some((format!("# use {crate_ident}::{module}::{imported};"), lines))
}

/// One example per capability beyond a single call.
fn features(gw: &Gateway, crate_ident: &str) -> Vec<ExampleCtx> {
    let Some((use_request, build)) = first_request(gw, crate_ident) else {
        return Vec::new();
    };
    let session = session_arg(gw);
    let example = |heading: &str, description: &str, uses: &str, body: Vec<String>| {
        let with_request = body.iter().any(|l| l.contains("&req"));
        let mut code = binding_lines(gw, crate_ident, true);
        code.push(format!("use {crate_ident}::{uses};"));
        if with_request {
            code.push(use_request.clone());
        }
        code.push(String::new());
        if with_request {
            code.extend(build.iter().cloned());
        }
        code.extend(body);
        code.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());
        ExampleCtx {
            heading: heading.to_owned(),
            description: description.to_owned(),
            code: code.join("\n"),
        }
    };
    let lines = |text: &str| {
        text.lines()
            .map(|l| l.replace("SESSION", session))
            .collect::<Vec<_>>()
    };
    let mut out = vec![
        example(
            "Rate-limit bans",
            "A call refused with code 7 (\"This ban will last for N more seconds\") is a gateway error whose \
             `rate_limited()` is true and whose `retry_after()` is `N`. With retries on, the client waits \
             exactly `N` seconds when `N` is at most `max_retry_delay` (default 10 s), and returns the \
             error at once when the ban is longer.",
            "{BlockingClient, ClientConfig}",
            lines(
                "let config = ClientConfig::new(appkey, secret)
    .url(url)
    .retries(2)
    .max_retry_delay(std::time::Duration::from_secs(20));
let client = BlockingClient::new(config)?;
match client.execute(&req, SESSION) {
    Ok(rsp) => println!(\"{rsp:?}\"),
    Err(e) => match e.gateway().filter(|g| g.rate_limited()) {
        Some(ban) => eprintln!(\"banned; try again in {:?}\", ban.retry_after()),
        None => return Err(e.into()),
    },
}",
            ),
        ),
        example(
            "Sign debugging",
            "Every prepared request shows the string it signed, with the session as `***` and never the \
             secret. When the gateway answers code 25 (invalid signature), the error carries the same \
             string and its message ends with `; the client signed ({method}): {string}`.",
            "{BlockingClient, ClientConfig, Error}",
            lines(
                "let config = ClientConfig::new(appkey, secret).url(url);
let prepared = config.prepare(&req, SESSION)?;
println!(\"{} signed {}\", prepared.sign_method.wire_name(), prepared.string_to_sign());
let client = BlockingClient::new(config)?;
match client.execute(&req, SESSION) {
    Ok(rsp) => println!(\"{rsp:?}\"),
    Err(Error::Gateway(e)) if e.signed.is_some() => eprintln!(\"compare with the gateway: {e}\"),
    Err(e) => return Err(e.into()),
}",
            ),
        ),
    ];
    if matches!(gw.routing, crate::model::Routing::MethodParameter { .. }) {
        out.push(example(
            "Batch calls",
            "Several calls in one HTTP request to `…/router/batch`, each with its own \
             session; the answers come back in order, each the call's typed response or its own error. \
             Calls with files are refused before anything is sent.",
            "{Batch, BlockingClient, ClientConfig}",
            lines(
                "let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;
let mut batch = Batch::new();
let first = batch.add(&req, SESSION);
let second = batch.add(&req, SESSION);
let answers = client.execute_batch(&batch)?;
for slot in [first, second] {
    match answers.get(slot) {
        Ok(rsp) => println!(\"call {}: {rsp:?}\", slot.index()),
        Err(e) => return Err(e.into()),
    }
}",
            ),
        ));
        out.push(example(
            "OAuth",
            "The seller opens the authorize URL; the code their browser brings back to your `redirect_uri` \
             becomes a token whose `access_token` is the session key. `refresh_token` renews it where the \
             platform allows it (apps sold on the service market).",
            "{BlockingClient, ClientConfig, oauth::OAuth}",
            lines(
                "# let oauth_url = url.rsplit_once(\"/router/\").map_or(url, |(base, _)| base);
// `oauth_url`: `oauth::OAUTH_URL` in production, `oauth::OAUTH_SANDBOX_URL` in the sandbox.
let oauth = OAuth::new(appkey, secret).base_url(oauth_url);
println!(\"send the seller to {}\", oauth.authorize_url(\"https://example.com/callback\", \"state-1\", None));
let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;
let token = client.exchange_code(&oauth, \"the-code\", \"https://example.com/callback\")?;
println!(\"user {:?} ({:?}), expires in {:?} s\", token.taobao_user_id, token.taobao_user_nick, token.expires_in);
// `token.access_token` is the session key the other examples pass as `session_key`.
# let _ = session_key;",
            ),
        ));
    }
    out.extend(pages_example(gw, crate_ident));
    out
}

/// The page and item iterators, on the first API whose spec pages.
fn pages_example(gw: &Gateway, crate_ident: &str) -> Option<ExampleCtx> {
    let api = gw.apis.iter().find(|a| a.paging.is_some())?;
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let (setters, mut types) = setter_lines(api, "req");
    types.insert(0, request.clone());
    let imported = if types.len() == 1 {
        request.clone()
    } else {
        format!("{{{}}}", types.join(", "))
    };
    let session = session_arg(gw);
    let mut code = binding_lines(gw, crate_ident, true);
    code.extend([
        format!("use {crate_ident}::{{BlockingClient, ClientConfig}};"),
        format!("use {crate_ident}::{module}::{imported};"),
        String::new(),
        "let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;".to_owned(),
        format!("let mut req = {request}::new();"),
    ]);
    code.extend(setters);
    code.extend(
        format!(
            "// Page after page, until the last one.
for page in client.pages(req.clone(), {session}) {{
    println!(\"{{:?}}\", page?);
}}
// The same, item by item.
for item in client.items(req, {session}) {{
    println!(\"{{:?}}\", item?);
}}
# Ok::<(), Box<dyn std::error::Error>>(())"
        )
        .lines()
        .map(str::to_owned),
    );
    Some(ExampleCtx {
        heading: "Pages".to_owned(),
        description: format!(
            "APIs that answer page by page (`{}` here) give iterators over the pages and over their items: \
             page numbers from 1, stopping when `has_next` is false, when the pages seen cover \
             `total_results`, or at an empty page. `Client::pages` is the async form \
             (`while let Some(page) = pages.next_page().await`, or `next_item`). Each page is one \
             call: over a large shop's history that is many calls against your quota, so stop \
             (`break`) once you have what you need.",
            api.name
        ),
        code: code.join("\n"),
    })
}

pub fn readme_ctx(gw: &Gateway) -> ReadmeCtx {
    let crate_ident = names::crate_ident(&gw.packages.rust);
    let all_fields = || gw.apis.iter().flat_map(|a| a.params.iter());
    ReadmeCtx {
        title: markdown(&gw.title),
        description: markdown(&gw.description),
        endpoints: gw
            .endpoints
            .iter()
            .map(|e| Row {
                name: format!("{}_URL", names::constant(&e.name)),
                value: format!("`{}`", e.url.replace('`', "")),
                note: one_line(&e.description),
            })
            .collect(),
        default_endpoint: gw
            .endpoints
            .iter()
            .find(|e| e.default)
            .map(|e| format!("{}_URL", names::constant(&e.name)))
            .unwrap_or_default(),
        session_parameter: gw
            .session
            .as_ref()
            .map(|s| s.parameter.clone())
            .unwrap_or_default(),
        session_doc: gw
            .session
            .as_ref()
            .map(|s| markdown(&s.description))
            .unwrap_or_default(),
        settings: gw
            .settings
            .iter()
            .map(|s| Row {
                name: names::setting(&s.name),
                value: s.parameter.clone(),
                note: one_line(&s.description),
            })
            .collect(),
        first_setting: gw
            .settings
            .first()
            .map(|s| {
                format!(
                    "\n    .{}({})",
                    names::setting(&s.name),
                    string_literal(s.default.as_deref().unwrap_or("my-app"))
                )
            })
            .unwrap_or_default(),
        configure: binding_lines(gw, &crate_ident, false).join("\n"),
        examples: gw
            .apis
            .iter()
            .map(|a| example(gw, a, &crate_ident))
            .collect(),
        errors_example: errors_example(gw, &crate_ident),
        features: features(gw, &crate_ident),
        has_datetime: gw.timestamp.format == crate::model::TimestampFormat::DatetimeGmt8,
        has_files: all_fields().any(|f| f.ty == Type::File),
        base64_files: gw.files == crate::model::FilePolicy::Base64Field,
    }
}
