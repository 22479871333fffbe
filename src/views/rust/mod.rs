//! The Rust view: each gateway becomes a crate `rust/<packages.rust>/` (Cargo.toml, README that is
//! also the crate docs, the hand-written runtime copied from `templates/rust/runtime/`, a gateway
//! configuration module, one module per API and conformance + transport-fault tests), or — for
//! `build.rs` use — one self-contained module file `<crate_ident>.rs` (see [`render_modules`]).

pub mod api;
pub mod cases;
pub mod escape;
use crate::naming::rust as names;
use crate::views::manifest::toml_string;
pub mod readme;
pub mod types;

use anyhow::Result;
use serde::Serialize;

use crate::model::{
    BlankValues, Envelope, FilePolicy, Gateway, HexCase, Model, Routing, SettingKind,
    TimestampFormat,
};
use crate::templates::{Context, Templates};
use crate::views::{OutputFile, alongside, par_map};

use escape::{doc, string_literal};

/// A runtime module copied verbatim.
#[derive(Serialize)]
struct RuntimeModule {
    name: String,
    text: String,
    /// Only compiled with a transport feature (`async` / `blocking`), and private.
    transport_only: bool,
}

/// Runtime modules that exist only for the transports: the crate compiles them only with
/// feature `async` or `blocking` and keeps them private.
const TRANSPORT_ONLY_MODULES: &[&str] = &["http", "http_conn", "http_proxy", "http_target"];

#[derive(Serialize)]
struct EndpointCtx {
    constant: String,
    name: String,
    url: String,
    doc: String,
}

#[derive(Serialize)]
struct SettingCtx {
    method: String,
    /// `bool` for a boolean setting, else `impl Into<String>`.
    value_type: &'static str,
    name: String,
    parameter: String,
    default: String,
    doc: String,
}

#[derive(Serialize)]
struct GatewayCtx {
    crate_name: String,
    /// `name`, `version` and `description` of Cargo.toml, each a complete TOML string.
    manifest_name: String,
    manifest_version: String,
    manifest_description: String,
    crate_ident: String,
    version: String,
    gateway_doc: String,
    name: String,
    endpoints: Vec<EndpointCtx>,
    routing: String,
    app_key_parameter: String,
    session_parameter: String,
    timestamp_parameter: String,
    timestamp_format: String,
    sign_parameter: String,
    sign_method_parameter: String,
    sign_methods: Vec<String>,
    hex: String,
    blank_values: String,
    fixed_parameters: Vec<String>,
    settings: Vec<SettingCtx>,
    files: String,
    envelope: String,
    apis: Vec<api::ApiCtx>,
    /// The endpoint constants in the order rustfmt sorts their `pub use` lines.
    sorted_endpoint_constants: Vec<String>,
    runtime: Vec<RuntimeModule>,
    /// The conformance tests: the sign cases, then each API's request and response cases.
    test_modules: Vec<cases::TestModule>,
    needs_file_helper: bool,
    /// A success body in the gateway's envelope whose payload is `{"request_id": 1}`.
    probe_ok_body: String,
    /// What comes before a payload in a success envelope (a `}` closes it).
    probe_envelope_start: String,
    readme: readme::ReadmeCtx,
}

fn opt_literal(value: Option<&str>) -> String {
    value.map_or_else(
        || "None".to_owned(),
        |v| format!("Some({})", string_literal(v)),
    )
}

fn gateway_ctx(gw: &Gateway, templates: &Templates) -> GatewayCtx {
    let runtime = templates
        .static_files_under("rust/runtime/")
        .filter_map(|(path, text)| {
            let name = path.strip_prefix("rust/runtime/")?.strip_suffix(".rs")?;
            Some(RuntimeModule {
                name: name.to_owned(),
                text: text.to_owned(),
                transport_only: TRANSPORT_ONLY_MODULES.contains(&name),
            })
        })
        .collect();
    let mut endpoints: Vec<_> = gw.endpoints.iter().collect();
    endpoints.sort_by_key(|e| !e.default);
    let apis: Vec<api::ApiCtx> = par_map(&gw.apis, |a| api::api_ctx(a, gw.envelope));
    let sign_tests = Some(cases::sign_cases(gw))
        .filter(|cases| !cases.is_empty())
        .map(|cases| cases::TestModule {
            module: "sign_cases".to_owned(),
            cases,
        });
    let request_tests = gw
        .apis
        .iter()
        .filter(|a| !a.request_cases.is_empty())
        .map(|a| cases::TestModule {
            module: format!("{}_requests", names::module(&a.base_name)),
            cases: cases::request_cases(gw, a),
        });
    let response_tests = gw
        .apis
        .iter()
        .filter(|a| !a.response_cases.is_empty())
        .map(|a| cases::TestModule {
            module: format!("{}_responses", names::module(&a.base_name)),
            cases: cases::response_cases(a),
        });
    let test_modules = sign_tests
        .into_iter()
        .chain(request_tests)
        .chain(response_tests)
        .collect();
    let needs_file_helper = gw
        .apis
        .iter()
        .flat_map(|a| &a.request_cases)
        .flat_map(|c| &c.params)
        .any(|(_, v)| {
            fn has_file(v: &crate::model::CaseValue) -> bool {
                use crate::model::CaseValue;
                match v {
                    CaseValue::File { .. } => true,
                    CaseValue::Struct(fields) => fields.iter().any(|(_, v)| has_file(v)),
                    CaseValue::List(items) => items.iter().any(has_file),
                    _ => false,
                }
            }
            has_file(v)
        });
    GatewayCtx {
        crate_name: gw.packages.rust.clone(),
        manifest_name: toml_string(&gw.packages.rust),
        manifest_version: toml_string(&gw.version),
        manifest_description: toml_string(&format!(
            "Typed, wire-exact client for the {} gateway, generated by topgen",
            gw.name
        )),
        crate_ident: names::crate_ident(&gw.packages.rust),
        version: gw.version.clone(),
        gateway_doc: escape::inner_doc(&format!("{}\n\n{}", gw.title, gw.description)),
        name: string_literal(&gw.name),
        endpoints: endpoints
            .iter()
            .map(|e| EndpointCtx {
                constant: names::endpoint(&e.name),
                name: string_literal(&e.name),
                url: string_literal(&e.url),
                doc: doc(
                    &api::described(&e.description, &format!("The `{}` endpoint", e.name)),
                    "",
                ),
            })
            .collect(),
        routing: match &gw.routing {
            Routing::MethodParameter { parameter } => {
                format!("Routing::MethodParameter({})", string_literal(parameter))
            }
            Routing::Path => "Routing::Path".to_owned(),
        },
        app_key_parameter: string_literal(&gw.app_key_parameter),
        session_parameter: opt_literal(gw.session.as_ref().map(|s| s.parameter.as_str())),
        timestamp_parameter: string_literal(&gw.timestamp.parameter),
        timestamp_format: match gw.timestamp.format {
            TimestampFormat::DatetimeGmt8 => "TimestampFormat::DatetimeGmt8",
            TimestampFormat::UnixSeconds => "TimestampFormat::UnixSeconds",
        }
        .to_owned(),
        sign_parameter: string_literal(&gw.signing.parameter),
        sign_method_parameter: opt_literal(gw.signing.method_parameter.as_deref()),
        sign_methods: {
            let mut all = vec![gw.signing.default];
            all.extend(
                gw.signing
                    .algorithms
                    .iter()
                    .copied()
                    .filter(|a| *a != gw.signing.default),
            );
            all.into_iter()
                .map(|a| cases::sign_method(a).to_owned())
                .collect()
        },
        hex: match gw.signing.hex {
            HexCase::Upper => "HexCase::Upper",
            HexCase::Lower => "HexCase::Lower",
        }
        .to_owned(),
        blank_values: match gw.signing.blank_values {
            BlankValues::Omit => "BlankValues::Omit",
            BlankValues::Include => "BlankValues::Include",
        }
        .to_owned(),
        fixed_parameters: gw
            .fixed_parameters
            .iter()
            .map(|p| {
                format!(
                    "({}, {})",
                    string_literal(&p.name),
                    string_literal(&p.value)
                )
            })
            .collect(),
        settings: gw
            .settings
            .iter()
            .map(|s| SettingCtx {
                method: names::setting(&s.name),
                value_type: match s.kind {
                    SettingKind::String => "impl Into<String>",
                    SettingKind::Boolean => "bool",
                },
                name: string_literal(&s.name),
                parameter: string_literal(&s.parameter),
                default: opt_literal(s.default.as_deref()),
                doc: doc(
                    &format!(
                        "{}\n\nSent as `{}`{}.",
                        s.description.trim_end(),
                        s.parameter,
                        s.default
                            .as_deref()
                            .map(|d| format!("; default `{d}`"))
                            .unwrap_or_default()
                    ),
                    "    ",
                ),
            })
            .collect(),
        files: match gw.files {
            FilePolicy::Multipart => "FilePolicy::Multipart",
            FilePolicy::Base64Field => "FilePolicy::Base64Field",
        }
        .to_owned(),
        envelope: match gw.envelope {
            Envelope::Top => "Envelope::Top",
            Envelope::CodeMessageData => "Envelope::CodeMessageData",
        }
        .to_owned(),
        probe_ok_body: string_literal(match gw.envelope {
            Envelope::Top => r#"{"probe_read_response":{"request_id":1}}"#,
            Envelope::CodeMessageData => r#"{"code":0,"message":"ok","data":{"request_id":1}}"#,
        }),
        probe_envelope_start: string_literal(match gw.envelope {
            Envelope::Top => r#"{"probe_read_response":"#,
            Envelope::CodeMessageData => r#"{"code":0,"message":"ok","data":"#,
        }),
        sorted_endpoint_constants: {
            let mut names: Vec<String> = gw
                .endpoints
                .iter()
                .map(|e| format!("{}_URL", names::constant(&e.name)))
                .collect();
            names.sort();
            names
        },
        readme: readme::readme_ctx(gw),
        test_modules,
        needs_file_helper,
        apis,
        runtime,
    }
}

/// Renders every gateway as a crate under `rust/<packages.rust>/`.
pub fn render(model: &Model, templates: &Templates) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for gw in &model.gateways {
        let ctx = gateway_ctx(gw, templates);
        // Converted for Tera once, shared by every gateway-level template and, per API, by api.rs.
        let context = Context::new(&ctx)?;
        let root = format!("rust/{}", gw.packages.rust);
        // The crate-level files (README, lib.rs, tests: a few long renders) on a thread of their
        // own, alongside the API modules on every core.
        let api_contexts = context.items("apis")?;
        let (crate_files, modules) = alongside(
            || crate_files(&ctx, &context, templates),
            || {
                par_map(&api_contexts, |c| {
                    templates.render_context("rust/api.rs.tera", c)
                })
            },
        );
        let mut add = |path: String, contents: String| {
            files.push(OutputFile {
                path: format!("{root}/{path}"),
                contents,
            })
        };
        for (path, contents) in crate_files? {
            add(path, contents);
        }
        for (a, text) in ctx.apis.iter().zip(modules) {
            add(
                format!("src/{}.rs", a.module.trim_start_matches("r#")),
                text?,
            );
        }
    }
    Ok(files)
}

/// A crate's files but its API modules, as (path in the crate, contents).
fn crate_files(
    ctx: &GatewayCtx,
    context: &Context,
    templates: &Templates,
) -> Result<Vec<(String, String)>> {
    let render = |template: &str| templates.render_context(template, context);
    let mut files = vec![
        ("Cargo.toml".to_owned(), render("rust/Cargo.toml.tera")?),
        ("README.md".to_owned(), render("rust/README.md.tera")?),
        ("src/lib.rs".to_owned(), render("rust/lib.rs.tera")?),
        ("src/gateway.rs".to_owned(), render("rust/gateway.rs.tera")?),
    ];
    for m in &ctx.runtime {
        files.push((format!("src/{}.rs", m.name), m.text.clone()));
    }
    if !ctx.test_modules.is_empty() {
        files.push((
            "tests/conformance.rs".to_owned(),
            render("rust/conformance.rs.tera")?,
        ));
    }
    files.push((
        "tests/transport_faults.rs".to_owned(),
        render("rust/transport_faults.rs.tera")?,
    ));
    Ok(files)
}

/// Renders every gateway as one self-contained module file `<crate_ident>.rs` (no inner
/// attributes, no `mod x;`), for `mod top { include!(concat!(env!("OUT_DIR"), "/taobao_top.rs")); }`
/// in a crate whose `build.rs` calls `Generator::generate_rust_modules`. The including crate depends
/// on md-5, hmac, sha2 and base64, and declares features `async` / `blocking` (with tokio,
/// tokio-rustls, rustls-platform-verifier and httparse) to get the transports; the README's build.rs section lists the exact lines.
pub fn render_modules(model: &Model, templates: &Templates) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for gw in &model.gateways {
        let ctx = gateway_ctx(gw, templates);
        let mut apis = Vec::new();
        for a in &ctx.apis {
            apis.push(RuntimeModule {
                name: a.module.clone(),
                text: templates.render("rust/api.rs.tera", a)?,
                transport_only: false,
            });
        }
        let gateway = templates.render("rust/gateway.rs.tera", &ctx)?;
        let contents = templates.render(
            "rust/module.rs.tera",
            &serde_json::json!({ "ctx": ctx, "apis": apis, "gateway": gateway }),
        )?;
        files.push(OutputFile {
            path: format!("{}.rs", ctx.crate_ident),
            contents,
        });
    }
    Ok(files)
}
