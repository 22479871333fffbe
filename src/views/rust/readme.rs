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
        (Type::String | Type::Date | Type::Decimal, None) if f.required => Some(string_literal("...")),
        (Type::File, _) => Some("File::from_path(\"proof.png\")?".to_owned()),
        _ => None,
    }
}

/// The configuration every example reads, as the official SDK sample names it (`url`, `appkey`,
/// `secret`, `sessionKey`): shown in the Configure block and as hidden lines (`# `) in the others,
/// so each example stays a self-contained doctest. The e2e test binds these four to the mock.
fn binding_lines(gw: &Gateway, crate_ident: &str, hidden: bool) -> Vec<String> {
    let prefix = if hidden { "# " } else { "" };
    let default = gw.endpoints.iter().find(|e| e.default).map(|e| format!("{}_URL", names::constant(&e.name)));
    let url = default.map_or_else(|| string_literal("https://gateway.example"), |c| format!("{crate_ident}::{c}"));
    vec![
        format!("{prefix}let url = {url};"),
        format!("{prefix}let appkey = \"your-app-key\";"),
        format!("{prefix}let secret = \"your-app-secret\";"),
        format!("{prefix}let session_key = \"the-seller-session\";"),
    ]
}

/// `Some(session_key)` when the gateway takes a session, else `None`.
fn session_arg(gw: &Gateway) -> &'static str {
    if gw.session.is_some() { "Some(session_key)" } else { "None" }
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
            let Some(def) = api.structs.iter().find(|s| &s.name == name) else { continue };
            let values: Vec<_> = def.fields.iter().filter_map(|f| example_value(f).map(|v| (f, v))).collect();
            if values.is_empty() {
                continue;
            }
            let var = names::field(&p.name);
            let ty = names::type_name(name);
            imports.push(ty.clone());
            lines.push(format!("let mut {var} = {ty}::new();"));
            lines.extend(values.iter().map(|(f, v)| format!("{var}.{}({v});", names::setter(&f.name))));
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
    let imported = if types.len() == 1 { request.clone() } else { format!("{{{}}}", types.join(", ")) };
    let mut code = binding_lines(gw, crate_ident, true);
    code.extend([
        format!("use {crate_ident}::{{BlockingClient, ClientConfig{}}};", if super::api::uses_file(api) { ", File" } else { "" }),
        format!("use {crate_ident}::{module}::{imported};"),
        String::new(),
        "let client = BlockingClient::new(ClientConfig::new(appkey, secret).url(url))?;".to_owned(),
        format!("let mut req = {request}::new();"),
    ]);
    code.extend(setters);
    code.push(format!("let rsp = client.execute(&req, {})?;", session_arg(gw)));
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
    let Some(api) = gw.apis.first() else { return String::new() };
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
        session_parameter: gw.session.as_ref().map(|s| s.parameter.clone()).unwrap_or_default(),
        session_doc: gw.session.as_ref().map(|s| markdown(&s.description)).unwrap_or_default(),
        settings: gw
            .settings
            .iter()
            .map(|s| Row { name: names::setting(&s.name), value: s.parameter.clone(), note: one_line(&s.description) })
            .collect(),
        first_setting: gw
            .settings
            .first()
            .map(|s| format!("\n    .{}({})", names::setting(&s.name), string_literal(s.default.as_deref().unwrap_or("my-app"))))
            .unwrap_or_default(),
        configure: binding_lines(gw, &crate_ident, false).join("\n"),
        examples: gw.apis.iter().map(|a| example(gw, a, &crate_ident)).collect(),
        errors_example: errors_example(gw, &crate_ident),
        has_datetime: gw.timestamp.format == crate::model::TimestampFormat::DatetimeGmt8,
        has_files: all_fields().any(|f| f.ty == Type::File),
        base64_files: gw.files == crate::model::FilePolicy::Base64Field,
    }
}
