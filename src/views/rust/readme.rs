//! The README (also the crate docs, so its examples are doctests): one example per API in the
//! shape of the official SDK sample — build the request, `client.execute(&req, session)`.

use serde::Serialize;

use crate::model::{Api, Field, Gateway, Type};

use super::escape::{markdown, one_line, string_literal};
use super::names;

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
    pub examples: Vec<ExampleCtx>,
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

fn example(gw: &Gateway, api: &Api, crate_ident: &str) -> ExampleCtx {
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let mut code = vec![
        format!("use {crate_ident}::{{BlockingClient, ClientConfig{}}};", if super::api::uses_file(api) { ", File" } else { "" }),
        format!("use {crate_ident}::{module}::{request};"),
        String::new(),
        "let client = BlockingClient::new(ClientConfig::new(\"your-app-key\", \"your-app-secret\"))?;".to_owned(),
        format!("let mut req = {request}::new();"),
    ];
    for p in &api.params {
        if let Some(v) = example_value(p) {
            code.push(format!("req.{}({v});", names::setter(&p.name)));
        }
    }
    let session = if gw.session.is_some() { "Some(\"the-seller-session\")" } else { "None" };
    code.push(format!("let response = client.execute(&req, {session})?;"));
    code.push("println!(\"{response:?}\");".to_owned());
    code.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());
    ExampleCtx {
        heading: format!("`{}` — {}", api.name, one_line(&api.title)),
        description: markdown(&api.description),
        code: code.join("\n"),
    }
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
        examples: gw.apis.iter().map(|a| example(gw, a, &crate_ident)).collect(),
        has_datetime: gw.timestamp.format == crate::model::TimestampFormat::DatetimeGmt8,
        has_files: all_fields().any(|f| f.ty == Type::File),
        base64_files: gw.files == crate::model::FilePolicy::Base64Field,
    }
}
