//! The Python view: one package per gateway under `python/<dist>/` (src layout, hatchling).
//!
//! The hand-written runtime (`templates/python/runtime/*.py`) is copied as it is; the view emits
//! the gateway configuration, the clients, one module per API, the README and the conformance
//! tests, with every name from `crate::naming::python` and every spec string escaped for where it lands.

pub mod cases;
pub mod escape;
pub mod layout;
use crate::naming::python as names;
use crate::views::manifest::toml_string;
pub mod readme;
pub mod types;

use serde::Serialize;

use crate::model::{Gateway, Model, Routing, Setting, SettingKind, TimestampFormat};
use crate::templates::{Context, Templates};
use crate::views::{OutputFile, alongside, par_map};

#[derive(Serialize)]
struct EndpointView {
    constant: String,
    url: String,
    doc: Option<String>,
}

#[derive(Serialize)]
struct SettingView {
    arg: String,
    annotation: &'static str,
    default: String,
}

#[derive(Serialize)]
struct ApiExport {
    module: String,
    /// The module's name as a Python string literal.
    module_quoted: String,
    /// The names it exports, space-separated, as one Python string literal.
    names_quoted: String,
    names: Vec<NameView>,
}

#[derive(Serialize)]
struct NameView {
    name: String,
}

#[derive(Serialize)]
struct GatewayView {
    package: String,
    /// `name` in pyproject.toml, a complete TOML string.
    dist: String,
    /// A Python string literal (`__version__`).
    version: String,
    /// `version` in pyproject.toml, a complete TOML string.
    version_toml: String,
    /// `"<package>/<version>"`, the start of the User-Agent header.
    product: String,
    summary: String,
    doc: String,
    client_doc: String,
    endpoints: Vec<EndpointView>,
    sign_methods: String,
    default_sign_method: String,
    config: Vec<String>,
    settings: Vec<SettingView>,
    settings_dict: String,
    /// The names `client.py` exports, sorted.
    client_names: Vec<String>,
    /// The names `__init__.py` imports eagerly (runtime and clients), as string literals, sorted.
    eager: Vec<String>,
    apis: Vec<ApiExport>,
    all: Vec<String>,
    test_imports: Vec<String>,
}

/// Client keyword arguments a setting must not take.
fn opt(value: Option<&str>) -> String {
    value.map(escape::string).unwrap_or_else(|| "None".into())
}

fn tuple(items: Vec<String>) -> String {
    match items.len() {
        0 => "()".into(),
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

fn gateway_config(g: &Gateway) -> Vec<String> {
    let routing = match &g.routing {
        Routing::MethodParameter { parameter } => escape::string(parameter),
        Routing::Path => "None".into(),
    };
    let timestamp = match g.timestamp.format {
        TimestampFormat::DatetimeGmt8 => "datetime_gmt8",
        TimestampFormat::UnixSeconds => "unix_seconds",
    };
    let files = match g.files {
        crate::model::FilePolicy::Multipart => "multipart",
        crate::model::FilePolicy::Base64Field => "base64_field",
    };
    let envelope = match g.envelope {
        crate::model::Envelope::Top => "top",
        crate::model::Envelope::CodeMessageData => "code_message_data",
    };
    let default_url = g
        .endpoints
        .iter()
        .find(|e| e.default)
        .or(g.endpoints.first())
        .map(|e| e.url.as_str())
        .unwrap_or("");
    vec![
        format!("name={}", escape::string(&g.name)),
        format!("default_url={}", escape::string(default_url)),
        format!("routing_parameter={routing}"),
        format!("app_key_parameter={}", escape::string(&g.app_key_parameter)),
        format!(
            "session_parameter={}",
            opt(g.session.as_ref().map(|s| s.parameter.as_str()))
        ),
        format!(
            "timestamp_parameter={}",
            escape::string(&g.timestamp.parameter)
        ),
        format!("timestamp_format={}", escape::string(timestamp)),
        format!("sign_parameter={}", escape::string(&g.signing.parameter)),
        format!(
            "sign_method_parameter={}",
            opt(g.signing.method_parameter.as_deref())
        ),
        format!(
            "algorithms={}",
            tuple(
                g.signing
                    .algorithms
                    .iter()
                    .map(|a| escape::string(a.wire_name()))
                    .collect()
            )
        ),
        format!(
            "default_algorithm={}",
            escape::string(g.signing.default.wire_name())
        ),
        format!(
            "hex_upper={}",
            types::py_bool(g.signing.hex == crate::model::HexCase::Upper)
        ),
        format!(
            "omit_blank={}",
            types::py_bool(g.signing.blank_values == crate::model::BlankValues::Omit)
        ),
        format!(
            "fixed_parameters={}",
            tuple(
                g.fixed_parameters
                    .iter()
                    .map(|p| format!(
                        "({}, {})",
                        escape::string(&p.name),
                        escape::string(&p.value)
                    ))
                    .collect()
            )
        ),
        format!(
            "settings={}",
            tuple(
                g.settings
                    .iter()
                    .map(|s| {
                        format!(
                            "Setting({}, {}, {})",
                            escape::string(&s.name),
                            escape::string(&s.parameter),
                            opt(s.default.as_deref())
                        )
                    })
                    .collect()
            )
        ),
        format!("files={}", escape::string(files)),
        format!("envelope={}", escape::string(envelope)),
    ]
}

fn gateway_view(g: &Gateway) -> GatewayView {
    let endpoints: Vec<EndpointView> = g
        .endpoints
        .iter()
        .map(|e| EndpointView {
            constant: names::endpoint(&e.name),
            url: escape::string(&e.url),
            doc: (!e.description.is_empty()).then(|| escape::docstring(&e.description, "")),
        })
        .collect();
    let settings: Vec<SettingView> = g
        .settings
        .iter()
        .map(|s| SettingView {
            arg: names::setting(&s.name),
            annotation: setting_annotation(s.kind),
            default: setting_default(s),
        })
        .collect();
    let settings_dict = format!(
        "{{{}}}",
        g.settings
            .iter()
            .map(|s| format!("{}: {}", escape::string(&s.name), names::setting(&s.name)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut client_exports: Vec<String> = endpoints.iter().map(|e| e.constant.clone()).collect();
    client_exports.extend(["GATEWAY", "AsyncClient", "Client", "SignMethod"].map(String::from));
    client_exports.sort();
    let mut all: Vec<String> = client_exports.clone();
    all.extend(
        [
            "BatchCall",
            "BatchResult",
            "BatchValidationError",
            "ClientError",
            "ConnectError",
            "ConnectionLostError",
            "FileInput",
            "GatewayError",
            "HttpStatusError",
            "InvalidBodyError",
            "Paging",
            "PreparedRequest",
            "RateLimitError",
            "RequestTimeoutError",
            "Signed",
            "TransportError",
            "ValidationError",
            "to_json",
        ]
        .map(String::from),
    );
    let shared = crate::views::shared_type_names(g, names::class);
    let apis: Vec<ApiExport> = g
        .apis
        .iter()
        .map(|a| {
            // Names several APIs declare stay in their modules (`from pkg.<api> import Trade`).
            let mut names: Vec<String> = a
                .enums
                .iter()
                .map(|e| names::class(&e.name))
                .chain(a.structs.iter().map(|s| names::class(&s.name)))
                .filter(|n| !shared.contains(n))
                .collect();
            names.push(names::class(&format!("{}_request", a.base_name)));
            names.push(names::class(&format!("{}_response", a.base_name)));
            names.sort();
            names.dedup();
            all.extend(names.iter().cloned());
            let module = names::module(&a.base_name);
            ApiExport {
                module_quoted: escape::string(&module),
                module,
                names_quoted: escape::string(&names.join(" ")),
                names: names.iter().map(|n| NameView { name: n.clone() }).collect(),
            }
        })
        .collect();
    let lazy: std::collections::HashSet<&str> = apis
        .iter()
        .flat_map(|a| a.names.iter().map(|n| n.name.as_str()))
        .collect();
    let mut eager: Vec<String> = all
        .iter()
        .filter(|n| !lazy.contains(n.as_str()))
        .cloned()
        .collect();
    eager.sort();
    eager.dedup();
    all.sort();
    all.dedup();
    let summary = format!("{} client (generated by topgen)", g.title);
    let doc_text = if g.description.is_empty() {
        g.title.clone()
    } else {
        format!("{}\n\n{}", g.title, g.description)
    };
    GatewayView {
        package: g.packages.python.clone(),
        dist: toml_string(&g.packages.python),
        version: escape::string(&g.version),
        version_toml: toml_string(&g.version),
        product: escape::string(&format!("{}/{}", g.packages.python, g.version)),
        summary: toml_string(&summary),
        doc: escape::docstring(&doc_text, ""),
        client_doc: escape::docstring(
            &format!("The blocking client of the {} gateway.", g.name),
            "    ",
        ),
        endpoints,
        sign_methods: g
            .signing
            .algorithms
            .iter()
            .map(|a| escape::string(a.wire_name()))
            .collect::<Vec<_>>()
            .join(", "),
        default_sign_method: escape::string(g.signing.default.wire_name()),
        config: gateway_config(g),
        settings,
        settings_dict,
        client_names: client_exports,
        eager: eager.iter().map(|n| escape::string(n)).collect(),
        apis,
        all: all.iter().map(|n| escape::string(n)).collect(),
        test_imports: Vec::new(),
    }
}

#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    g: &'a GatewayView,
    #[serde(flatten)]
    extra: T,
}

/// The context of one API module.
#[derive(Serialize)]
struct ModuleCtx<'a> {
    m: &'a types::ApiModule,
}

pub fn render(model: &Model, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for g in &model.gateways {
        let root = format!("python/{}", g.packages.python);
        let src = format!("{root}/src/{}", g.packages.python);
        let (package, modules) = alongside(
            || package_files(g, templates, &root, &src),
            || {
                par_map(&g.apis, |api| {
                    let m = types::api_module(api, g.envelope);
                    let text = templates.render("python/api.py.tera", &ModuleCtx { m: &m })?;
                    anyhow::Ok(out(format!("{src}/{}.py", m.module), text))
                })
            },
        );
        files.extend(package?);
        for module in modules {
            files.push(module?);
        }
    }
    Ok(files)
}

/// Everything of a package but its API modules: metadata, package root, client, runtime, README
/// and the conformance tests.
fn package_files(
    g: &Gateway,
    templates: &Templates,
    root: &str,
    src: &str,
) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut view = gateway_view(g);
    let cases = cases::cases(g);
    view.test_imports = cases.package_imports();

    // The gateway view lists every API: converted for Tera once for the four files using it.
    let context = Context::new(&Ctx {
        g: &view,
        extra: serde_json::json!({}),
    })?;
    files.push(out(
        format!("{root}/pyproject.toml"),
        templates.render_context("python/pyproject.toml.tera", &context)?,
    ));
    files.push(out(
        format!("{root}/README.md"),
        readme::render(g, templates)?,
    ));
    files.push(out(
        format!("{src}/__init__.py"),
        templates.render_context("python/__init__.py.tera", &context)?,
    ));
    files.push(out(
        format!("{src}/__init__.pyi"),
        templates.render_context("python/__init__.pyi.tera", &context)?,
    ));
    files.push(out(
        format!("{src}/client.py"),
        templates.render_context("python/client.py.tera", &context)?,
    ));
    files.push(out(format!("{src}/py.typed"), String::new()));
    for (name, text) in templates.static_files_under("python/runtime/") {
        let file = name.trim_start_matches("python/runtime/");
        files.push(out(format!("{src}/{file}"), text.to_owned()));
    }
    drop(context);
    let text = templates.render(
        "python/test_conformance.py.tera",
        &Ctx {
            g: &view,
            extra: serde_json::json!({ "cases": cases, "flags": cases.flags() }),
        },
    )?;
    files.push(out(format!("{root}/tests/test_conformance.py"), text));
    Ok(files)
}

fn out(path: String, contents: String) -> OutputFile {
    OutputFile { path, contents }
}

/// The annotation of a client setting's keyword argument.
fn setting_annotation(kind: SettingKind) -> &'static str {
    match kind {
        SettingKind::String => "Optional[str]",
        SettingKind::Boolean => "Optional[bool]",
    }
}

/// The default of a client setting's keyword argument (`True`/`False` for a boolean).
fn setting_default(s: &Setting) -> String {
    match (s.kind, s.default.as_deref()) {
        (SettingKind::Boolean, Some(d)) => if d == "true" { "True" } else { "False" }.to_owned(),
        (_, d) => opt(d),
    }
}
