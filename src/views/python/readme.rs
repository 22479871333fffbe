//! The package README: install, configure, one example per API in the official SDK sample's
//! shape (`req = XRequest(); req.field = value; rsp = client.execute(req, session)`), errors,
//! pitfalls. Spec text goes into Markdown as it is; example values become Python literals.

use serde::Serialize;

use super::escape;
use crate::model::{Api, Field, Gateway, Type};
use crate::naming::python as names;
use crate::templates::Templates;

#[derive(Serialize)]
struct ApiExample {
    name: String,
    title: String,
    request: String,
    /// The example's import lines: standard library first, a blank line, then the package.
    import_lines: Vec<String>,
    lines: Vec<String>,
    idempotent: bool,
}

#[derive(Serialize)]
struct SettingDoc {
    arg: String,
    parameter: String,
    default: String,
    description: String,
}

/// A Python literal for a parameter in a README example: the spec's example, or a placeholder for
/// a required parameter the spec gives none for (as the Rust and TypeScript READMEs do), so the
/// example passes validation.
fn example_value(f: &Field) -> Option<String> {
    let ex = match (f.example.as_deref(), &f.ty) {
        (Some(ex), _) => ex,
        (None, Type::Int64) if f.required => "1",
        (None, Type::String | Type::Date | Type::Decimal) if f.required => "...",
        (None, _) => return None,
    };
    Some(match &f.ty {
        Type::Int64 if ex.bytes().all(|b| b.is_ascii_digit()) => ex.to_owned(),
        Type::Boolean => {
            if ex == "true" {
                "True".into()
            } else {
                "False".into()
            }
        }
        _ => escape::string(ex),
    })
}

fn struct_lines(
    api: &Api,
    var: &str,
    name: &str,
    lines: &mut Vec<String>,
    imports: &mut Vec<String>,
) -> bool {
    let Some(def) = api.structs.iter().find(|s| s.name == name) else {
        return false;
    };
    let class = names::class(name);
    imports.push(class.clone());
    lines.push(format!("{var} = {class}()"));
    for f in &def.fields {
        if let Some(v) = example_value(f) {
            lines.push(format!("{var}.{} = {v}", names::attribute(&f.name)));
        }
    }
    true
}

fn api_example(package: &str, api: &Api) -> ApiExample {
    let request = names::class(&format!("{}_request", api.base_name));
    let mut std_imports = Vec::new();
    let mut imports = vec!["Client".to_owned(), request.clone()];
    let mut lines = vec![format!("req = {request}()")];
    let mut n = 0;
    for p in &api.params {
        match &p.ty {
            Type::Struct(s) => {
                n += 1;
                let var = format!("obj{n}");
                if struct_lines(api, &var, s, &mut lines, &mut imports) {
                    lines.push(format!("req.{} = {var}", names::attribute(&p.name)));
                }
            }
            Type::File => {
                std_imports.push("from pathlib import Path".to_owned());
                imports.push("FileInput".into());
                lines.push(format!(
                    "req.{} = FileInput(Path(\"proof.png\").read_bytes(), \"proof.png\")",
                    names::attribute(&p.name)
                ));
            }
            _ => {
                if let Some(v) = example_value(p) {
                    lines.push(format!("req.{} = {v}", names::attribute(&p.name)));
                }
            }
        }
    }
    imports.sort();
    imports.dedup();
    std_imports.sort();
    std_imports.dedup();
    let mut import_lines = std_imports;
    if !import_lines.is_empty() {
        import_lines.push(String::new());
    }
    import_lines.push(format!("from {package} import {}", imports.join(", ")));
    ApiExample {
        name: api.name.clone(),
        title: api.title.clone(),
        request,
        import_lines,
        lines,
        idempotent: api.idempotent,
    }
}

fn batch_api(g: &Gateway) -> Option<ApiExample> {
    if !matches!(g.routing, crate::model::Routing::MethodParameter { .. }) {
        return None;
    }
    let api = g
        .apis
        .iter()
        .find(|a| !a.params.iter().any(|p| matches!(p.ty, Type::File)))?;
    Some(api_example(&g.packages.python, api))
}

pub fn render(g: &Gateway, templates: &Templates) -> anyhow::Result<String> {
    let settings: Vec<SettingDoc> = g
        .settings
        .iter()
        .map(|s| SettingDoc {
            arg: names::field(&s.name),
            parameter: s.parameter.clone(),
            default: s
                .default
                .as_deref()
                .map(escape::string)
                .unwrap_or_else(|| "None".into()),
            description: s.description.replace(['\r', '\n'], " "),
        })
        .collect();
    let endpoints: Vec<serde_json::Value> = g
        .endpoints
        .iter()
        .map(|e| {
            serde_json::json!({
                "constant": names::endpoint(&e.name),
                "url": e.url, "description": e.description.replace(['\r', '\n'], " "), "default": e.default,
            })
        })
        .collect();
    let ctx = serde_json::json!({
        "package": g.packages.python,
        "title": g.title.replace(['\r', '\n'], " "),
        "description": g.description,
        "endpoints": endpoints,
        "settings": settings,
        "sign_methods": g.signing.algorithms.iter().map(|a| a.wire_name()).collect::<Vec<_>>().join("`, `"),
        "default_sign_method": g.signing.default.wire_name(),
        "session": g.session.as_ref().map(|s| s.parameter.clone()),
        "session_description": g.session.as_ref().map(|s| s.description.replace(['\r', '\n'], " ")),
        "apis": g.apis.iter().map(|a| api_example(&g.packages.python, a)).collect::<Vec<_>>(),
        "gmt8": g.timestamp.format == crate::model::TimestampFormat::DatetimeGmt8,
        "multipart": g.files == crate::model::FilePolicy::Multipart,
        // Batch calls and OAuth are TOP features (`method_parameter` gateways); the batch example
        // calls the first API without file parameters (files cannot be sent in a batch).
        "batch_api": batch_api(g),
        // The pages example iterates the first API whose spec pages.
        // Its request is `listing`, so the examples after it still call `req`.
        "paged_api": g.apis.iter().find(|a| a.paging.is_some()).map(|a| {
            let mut example = api_example(&g.packages.python, a);
            for line in &mut example.lines {
                if let Some(rest) = line.strip_prefix("req") {
                    *line = format!("listing{rest}");
                }
            }
            example
        }),
    });
    templates.render("python/README.md.tera", &ctx)
}
