//! The TypeScript view: one npm package per gateway under `typescript/<name without scope>/`.
//!
//! Decisions (names, types, literals, escaped docs) are made here and in the submodules; the
//! templates under `templates/typescript/` only lay them out. The runtime under
//! `templates/typescript/runtime/` is hand-written and copied as it is into `src/runtime/`.

mod api;
mod cases;
mod escape;
mod layout;
use crate::naming::typescript as names;
use crate::views::manifest::json_string;
mod readme;
mod types;

use serde::Serialize;

use crate::model::{Envelope, Gateway, Model, Routing, SettingKind};
use crate::templates::{Context, Templates};
use crate::views::{OutputFile, alongside, par_map};
use escape::{jsdoc, string_literal};

#[derive(Serialize)]
struct PackageView {
    name: String,
    /// The package folder under `generated/typescript/`.
    folder: String,
    name_json: String,
    version_json: String,
    description_json: String,
}

#[derive(Serialize)]
struct SettingView {
    option: String,
    doc: String,
    summary: String,
}

#[derive(Serialize)]
struct SettingDts {
    doc: String,
    declaration: String,
}

#[derive(Serialize)]
struct EndpointView {
    url: String,
    description: String,
}

#[derive(Serialize)]
struct GatewayView {
    doc: String,
    title_inline: String,
    /// The `TopClientOptions` setting declarations.
    settings_dts: Vec<SettingDts>,
    description: String,
    client: String,
    client_doc: String,
    config_doc: String,
    config: String,
    settings: Vec<SettingView>,
    endpoints: Vec<EndpointView>,
    default_url: String,
    default_sign: String,
    sign_methods: String,
    /// The `//` comment on the README's `session` line: what the per-call identity is.
    session_doc: String,
}

/// The context of one API's two files.
#[derive(Serialize)]
struct ApiCtx<'a> {
    api: &'a api::ApiView,
}

pub fn render(model: &Model, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for gw in &model.gateways {
        let root = format!("typescript/{}", folder(&gw.packages.typescript));
        let (package, apis) = alongside(
            || package_files(gw, templates),
            || par_map(&gw.apis, |a| api_files(a, gw.envelope, templates, &root)),
        );
        files.extend(package?);
        for api in apis {
            files.extend(api?);
        }
    }
    Ok(files)
}

/// One API's `apis/<module>.js` and `.d.ts`: its view is converted for Tera once for both and
/// freed when they are done.
fn api_files(
    a: &crate::model::Api,
    envelope: Envelope,
    templates: &Templates,
    root: &str,
) -> anyhow::Result<[OutputFile; 2]> {
    let view = api::api_view(a, envelope);
    let context = Context::new(&ApiCtx { api: &view })?;
    Ok([
        OutputFile {
            path: format!("{root}/apis/{}.js", view.module),
            contents: templates.render_context("typescript/api.js.tera", &context)?,
        },
        OutputFile {
            path: format!("{root}/apis/{}.d.ts", view.module),
            contents: templates.render_context("typescript/api.d.ts.tera", &context)?,
        },
    ])
}

/// The npm name without its scope: `@topgen/taobao-top` → `taobao-top`.
fn folder(npm_name: &str) -> &str {
    npm_name.rsplit('/').next().unwrap_or(npm_name)
}

/// Everything of a package but its API modules: runtime, metadata, index, README and tests.
fn package_files(gw: &Gateway, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let root = format!("typescript/{}", folder(&gw.packages.typescript));
    let client = format!("{}Client", names::type_name(&gw.name));
    let title_inline = escape::markdown_inline(&gw.title);
    let description_line = escape::markdown_inline(&gw.description);
    let pkg = PackageView {
        name: gw.packages.typescript.clone(),
        folder: folder(&gw.packages.typescript).to_owned(),
        name_json: json_string(&gw.packages.typescript),
        version_json: json_string(&gw.version),
        description_json: json_string(&format!("Client for {title_inline}: {description_line}")),
    };
    let default_endpoint = gw
        .endpoints
        .iter()
        .find(|e| e.default)
        .or(gw.endpoints.first());
    let gw_view = GatewayView {
        doc: jsdoc(
            &format!("{}\n\n{}", gw.title, gw.description.trim_end()),
            "",
        ),
        title_inline: title_inline.clone(),
        description: gw.description.trim_end().to_owned(),
        client_doc: jsdoc(&format!("A client for {}.", gw.title), ""),
        config_doc: jsdoc(
            &format!("The wire rules of {}, as the spec states them.", gw.title),
            "",
        ),
        client: client.clone(),
        config: gateway_config(gw),
        settings_dts: gw
            .settings
            .iter()
            .map(|s| SettingDts {
                doc: jsdoc(&setting_doc(s), "  "),
                declaration: format!(
                    "readonly {}?: {}",
                    names::setting(&s.name),
                    setting_type(s.kind)
                ),
            })
            .collect(),
        settings: gw
            .settings
            .iter()
            .map(|s| SettingView {
                option: names::setting(&s.name),
                doc: jsdoc(&setting_doc(s), "  "),
                summary: escape::line_comment(&setting_doc(s)),
            })
            .collect(),
        endpoints: gw
            .endpoints
            .iter()
            .map(|e| EndpointView {
                url: e.url.clone(),
                description: escape::markdown_inline(&e.description),
            })
            .collect(),
        default_url: string_literal(default_endpoint.map_or("", |e| e.url.as_str())),
        default_sign: string_literal(gw.signing.default.wire_name()),
        sign_methods: gw
            .signing
            .algorithms
            .iter()
            .map(|a| string_literal(a.wire_name()))
            .collect::<Vec<_>>()
            .join(", "),
        session_doc: escape::line_comment(&match &gw.session {
            Some(s) => format!("{} (sent as `{}`)", s.description.trim_end(), s.parameter),
            None => "this gateway takes no per-call session".to_owned(),
        }),
    };
    // `index.js`'s `MODULES`: each API's name and its module (as `api::api_view` names them).
    let modules: Vec<String> = gw
        .apis
        .iter()
        .map(|a| {
            format!(
                "{}: {}",
                string_literal(&a.name),
                string_literal(&names::module(&a.base_name))
            )
        })
        .collect();

    for (name, text) in templates.static_files_under("typescript/runtime/dist/") {
        let file = name.trim_start_matches("typescript/runtime/dist/");
        files.push(OutputFile {
            path: format!("{root}/runtime/{file}"),
            contents: text.to_owned(),
        });
    }
    for (name, text) in templates.static_files_under("typescript/package/") {
        let file = name.trim_start_matches("typescript/package/");
        let file = if file == "gitignore" {
            ".gitignore"
        } else {
            file
        };
        files.push(OutputFile {
            path: format!("{root}/{file}"),
            contents: text.to_owned(),
        });
    }
    let ctx = Context::new(&serde_json::json!({
        "pkg": pkg,
        "gw": gw_view,
        "modules": layout::object(0, &|_, tail| modules.iter().map(|m| format!("{m}{tail}")).collect(), ";"),
    }))?;
    files.push(OutputFile {
        path: format!("{root}/package.json"),
        contents: templates.render_context("typescript/package/package.json.tera", &ctx)?,
    });
    files.push(OutputFile {
        path: format!("{root}/index.js"),
        contents: templates.render_context("typescript/index.js.tera", &ctx)?,
    });
    files.push(OutputFile {
        path: format!("{root}/index.d.ts"),
        contents: templates.render_context("typescript/index.d.ts.tera", &ctx)?,
    });
    let readme = serde_json::json!({
        "pkg": pkg,
        "gw": gw_view,
        "readme_apis": gw.apis.iter().map(readme::api_readme).collect::<Vec<_>>(),
        // The error-handling example calls the first API with its required parameters.
        "error_api": gw.apis.first().map(readme::api_readme),
        // Batch calls and OAuth are TOP features (`method_parameter` gateways); the batch example
        // calls the first API without file parameters (files cannot be sent in a batch).
        "batch_api": if matches!(gw.routing, crate::model::Routing::MethodParameter { .. }) {
            gw.apis.iter().find(|a| !a.params.iter().any(|p| matches!(p.ty, crate::model::Type::File))).map(readme::api_readme)
        } else {
            None
        },
        // The pages example iterates the first API whose spec pages.
        "paged_api": gw.apis.iter().find(|a| a.paging.is_some()).map(readme::api_readme),
        "first_module": gw.apis.first().map_or(String::new(), |a| names::module(&a.base_name)),
        "timestamp_note": readme::timestamp_note(gw.timestamp.format),
        "gateway_error_fields": readme::gateway_error_fields(gw.envelope),
    });
    files.push(OutputFile {
        path: format!("{root}/README.md"),
        contents: templates.render("typescript/README.md.tera", &readme)?,
    });

    let request_cases: Vec<_> = gw
        .apis
        .iter()
        .flat_map(|a| a.request_cases.iter().map(move |c| (a, c)))
        .map(|(a, c)| cases::request_case(a, c, &gw.settings, &client))
        .collect();
    let response_cases: Vec<_> = gw
        .apis
        .iter()
        .flat_map(|a| a.response_cases.iter().map(move |c| (a, c)))
        .map(|(a, c)| cases::response_case(a, c))
        .collect();
    let test_ctx = serde_json::json!({
        "gw": { "client": client },
        "apis": gw.apis.iter().map(|a| {
            let descriptor = format!("{}Api", names::binding(&a.base_name));
            let imported = [descriptor.clone(), format!("{}Request", names::type_name(&a.base_name))];
            let from = escape::string_literal(&format!("../apis/{}.js", names::module(&a.base_name)));
            serde_json::json!({ "descriptor": descriptor, "import": layout::import(&imported, &from) })
        }).collect::<Vec<_>>(),
        "sign_cases": gw.sign_cases.iter().map(cases::sign_case).collect::<Vec<_>>(),
        "request_cases": request_cases,
        "response_cases": response_cases,
    });
    files.push(OutputFile {
        path: format!("{root}/test/conformance.test.js"),
        contents: templates.render("typescript/test/conformance.test.js.tera", &test_ctx)?,
    });
    Ok(files)
}

fn setting_doc(s: &crate::model::Setting) -> String {
    let mut doc = format!("{} (sent as `{}`)", s.description.trim_end(), s.parameter);
    if let Some(d) = &s.default {
        doc.push_str(&format!("; default {d:?}"));
    }
    doc
}

/// The `GATEWAY` object literal, laid out as prettier would.
fn gateway_config(gw: &Gateway) -> String {
    let routing = match &gw.routing {
        Routing::MethodParameter { parameter } => format!(
            "{{ style: \"method_parameter\", parameter: {} }}",
            string_literal(parameter)
        ),
        Routing::Path => "{ style: \"path\" }".into(),
    };
    let opt = |v: Option<&str>| v.map_or("null".into(), string_literal);
    let default_url = gw
        .endpoints
        .iter()
        .find(|e| e.default)
        .or(gw.endpoints.first())
        .map_or("", |e| e.url.as_str());
    let fixed: Vec<String> = gw
        .fixed_parameters
        .iter()
        .map(|p| {
            format!(
                "[{}, {}]",
                string_literal(&p.name),
                string_literal(&p.value)
            )
        })
        .collect();
    // Prettier breaks an array of two or more arrays, one per line.
    let fixed = if fixed.len() < 2 {
        format!("fixedParameters: [{}],", fixed.join(", "))
    } else {
        format!(
            "fixedParameters: [\n{}  ],",
            fixed
                .iter()
                .map(|f| format!("    {f},\n"))
                .collect::<String>()
        )
    };
    let setting = |i: usize, at: usize, tail: &str| {
        let s = &gw.settings[i];
        let props = [
            format!("option: {}", string_literal(&names::setting(&s.name))),
            format!("parameter: {}", string_literal(&s.parameter)),
            format!("kind: {}", string_literal(setting_type(s.kind))),
            format!("default: {}", opt(s.default.as_deref())),
        ];
        layout::object(
            at,
            &|_, t| props.iter().map(|p| format!("{p}{t}")).collect(),
            tail,
        )
    };
    let settings = layout::object_array(2, "settings: ", gw.settings.len(), &setting, ",");
    let algorithms: Vec<String> = gw
        .signing
        .algorithms
        .iter()
        .map(|a| string_literal(a.wire_name()))
        .collect();
    let algorithms = layout::array(4, "algorithms: ", &algorithms, ",");
    format!(
        "{{
  name: {name},
  defaultUrl: {url},
  routing: {routing},
  appKeyParameter: {app_key},
  sessionParameter: {session},
  timestamp: {{ parameter: {ts_param}, format: {ts_format} }},
  signing: {{
    parameter: {sign_param},
    methodParameter: {method_param},
    {algorithms}
    default: {default},
    hex: {hex},
    blankValues: {blank},
  }},
  {fixed}
  {settings}
  files: {files},
  envelope: {envelope},
}}",
        name = string_literal(&gw.name),
        url = string_literal(default_url),
        app_key = string_literal(&gw.app_key_parameter),
        session = opt(gw.session.as_ref().map(|s| s.parameter.as_str())),
        ts_param = string_literal(&gw.timestamp.parameter),
        ts_format = json(&gw.timestamp.format),
        sign_param = string_literal(&gw.signing.parameter),
        method_param = opt(gw.signing.method_parameter.as_deref()),
        default = string_literal(gw.signing.default.wire_name()),
        hex = json(&gw.signing.hex),
        blank = json(&gw.signing.blank_values),
        files = json(&gw.files),
        envelope = json(&gw.envelope),
    )
}

/// A model enum by its spec name (`datetime_gmt8`, `upper`, …), which the runtime also uses, as a
/// TypeScript string literal.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("model enums serialize")
}

/// The TypeScript type of a client setting (also the `kind` the runtime checks at run time).
fn setting_type(kind: SettingKind) -> &'static str {
    match kind {
        SettingKind::String => "string",
        SettingKind::Boolean => "boolean",
    }
}
