//! Check: turn loaded spec files into the validated [`Model`], collecting every problem.

mod cases;
mod names;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::diag::{Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::*;
use crate::spec::{ApiSpec, FORMAT_VERSION, GatewaySpec};
use types::{FieldPlace, TypeScope};

/// Checks every file and builds the model, or returns every problem found.
pub fn check(files: &[LoadedFile]) -> Result<Model, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut gateways: BTreeMap<String, (Gateway, &LoadedFile)> = BTreeMap::new();
    let mut apis: Vec<(&LoadedFile, &ApiSpec)> = Vec::new();

    for file in files {
        if file.spec.topgen != FORMAT_VERSION {
            problems.push(
                file.at_value("topgen", format!("spec format version {} is not supported", file.spec.topgen))
                    .with_help(format!("this topgen reads `topgen: {FORMAT_VERSION}`")),
            );
            continue;
        }
        match (&file.spec.gateway, &file.spec.api) {
            (Some(spec), None) => {
                if let Some(gateway) = check_gateway(file, spec, &mut problems) {
                    if let Some((_, first)) = gateways.get(&gateway.name) {
                        problems.push(
                            file.at_value("gateway.name", format!("gateway `{}` is already defined", gateway.name))
                                .with_help(format!("it is defined in {}; give this one another name", first.path.display())),
                        );
                    } else {
                        gateways.insert(gateway.name.clone(), (gateway, file));
                    }
                }
            }
            (None, Some(spec)) => apis.push((file, spec)),
            (Some(_), Some(_)) => problems.push(
                file.at_key("api", "a file holds either `gateway:` or `api:`, not both")
                    .with_help("move the API into a file of its own"),
            ),
            (None, None) => problems.push(
                file.at_value("", "the file has neither `gateway:` nor `api:`")
                    .with_help("start the file with `topgen: 1` and a `gateway:` or `api:` section"),
            ),
        }
    }

    let mut seen_apis: BTreeMap<(String, String), &LoadedFile> = BTreeMap::new();
    for (file, spec) in apis {
        let Some((gateway, _)) = gateways.get_mut(&spec.gateway) else {
            let known: Vec<String> = gateways_names(files);
            let hint = did_you_mean(&spec.gateway, known.iter().map(String::as_str))
                .map(|g| format!("did you mean `{g}`? "))
                .unwrap_or_default();
            problems.push(
                file.at_value("api.gateway", format!("unknown gateway `{}`", spec.gateway))
                    .with_help(format!("{hint}known gateways: {}", known.join(", "))),
            );
            continue;
        };
        let key = (spec.gateway.clone(), spec.name.clone());
        if let Some(first) = seen_apis.get(&key) {
            problems.push(
                file.at_value("api.name", format!("API `{}` is already defined for gateway `{}`", spec.name, spec.gateway))
                    .with_help(format!("it is defined in {}; remove one of them", first.path.display())),
            );
            continue;
        }
        seen_apis.insert(key, file);
        if let Some(api) = check_api(file, spec, gateway, &mut problems) {
            // Modules and type names come from the base name: two APIs must not share one.
            if let Some(other) = gateway.apis.iter().find(|a| a.base_name == api.base_name) {
                problems.push(
                    file.at_value("api.name", format!("`{}` and `{}` would both generate the module `{}`", api.name, other.name, api.base_name))
                        .with_help("these APIs cannot live in one gateway's packages; move one to a gateway of its own"),
                );
                continue;
            }
            gateway.apis.push(api);
        }
    }

    let mut model = Model { gateways: gateways.into_values().map(|(g, _)| g).collect() };
    for gateway in &mut model.gateways {
        gateway.apis.sort_by(|a, b| a.name.cmp(&b.name));
    }
    names::check_packages(&model, files, &mut problems);
    if problems.is_empty() {
        Ok(model)
    } else {
        problems.sort();
        Err(problems)
    }
}

fn gateways_names(files: &[LoadedFile]) -> Vec<String> {
    files.iter().filter_map(|f| f.spec.gateway.as_ref().map(|g| g.name.clone())).collect()
}

fn one_of<T: Copy>(
    file: &LoadedFile,
    path: &str,
    value: &str,
    options: &[(&str, T)],
    problems: &mut Diagnostics,
) -> Option<T> {
    if let Some((_, v)) = options.iter().find(|(name, _)| *name == value) {
        return Some(*v);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let hint = did_you_mean(value, names.iter().copied()).map(|g| format!("did you mean `{g}`? ")).unwrap_or_default();
    problems.push(
        file.at_value(path, format!("`{}` cannot be `{value}`", path.rsplit('.').next().unwrap_or(path)))
            .with_help(format!("{hint}use one of: {}", names.join(", "))),
    );
    None
}

fn check_gateway(file: &LoadedFile, spec: &GatewaySpec, problems: &mut Diagnostics) -> Option<Gateway> {
    let name_ok = spec.name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && spec.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !name_ok {
        problems.push(
            file.at_value("gateway.name", format!("`{}` is not a valid gateway name", spec.name))
                .with_help("use lower-case letters, digits and `_`, starting with a letter (e.g. `top`)"),
        );
    }
    if spec.endpoints.is_empty() {
        problems.push(file.at_key("gateway.endpoints", "a gateway needs at least one endpoint"));
    }
    let defaults = spec.endpoints.iter().filter(|e| e.default).count();
    if !spec.endpoints.is_empty() && defaults != 1 {
        problems.push(
            file.at_key("gateway.endpoints", format!("{defaults} endpoints are marked `default: true`"))
                .with_help("mark exactly one endpoint `default: true`"),
        );
    }
    let mut endpoint_names = BTreeSet::new();
    for (i, e) in spec.endpoints.iter().enumerate() {
        if !endpoint_names.insert(e.name.as_str()) {
            problems.push(file.at_value(&format!("gateway.endpoints[{i}].name"), format!("endpoint `{}` is listed twice", e.name)));
        }
        if !(e.url.starts_with("https://") || e.url.starts_with("http://")) || e.url.contains(char::is_whitespace) {
            problems.push(
                file.at_value(&format!("gateway.endpoints[{i}].url"), format!("`{}` is not an http(s) URL", e.url))
                    .with_help("write the full URL, e.g. https://gw.api.taobao.com/router/rest"),
            );
        }
    }
    let routing = match spec.routing.style.as_str() {
        "method_parameter" => match &spec.routing.parameter {
            Some(p) => Some(Routing::MethodParameter { parameter: p.clone() }),
            None => {
                problems.push(
                    file.at_key("gateway.routing", "`method_parameter` routing needs `parameter`")
                        .with_help("name the parameter that carries the API name, e.g. `parameter: method`"),
                );
                None
            }
        },
        "path" => Some(Routing::Path),
        other => {
            one_of::<()>(file, "gateway.routing.style", other, &[("method_parameter", ()), ("path", ())], problems);
            None
        }
    };
    let timestamp_format = one_of(
        file,
        "gateway.timestamp.format",
        &spec.timestamp.format,
        &[("datetime_gmt8", TimestampFormat::DatetimeGmt8), ("unix_seconds", TimestampFormat::UnixSeconds)],
        problems,
    );
    let algorithm_names: Vec<(&str, SignAlgorithm)> = SignAlgorithm::ALL.iter().map(|a| (a.wire_name(), *a)).collect();
    let mut algorithms = Vec::new();
    for (i, a) in spec.signing.algorithms.iter().enumerate() {
        if let Some(a) = one_of(file, &format!("gateway.signing.algorithms[{i}]"), a, &algorithm_names, problems) {
            algorithms.push(a);
        }
    }
    let default = one_of(file, "gateway.signing.default", &spec.signing.default, &algorithm_names, problems);
    if let Some(d) = default {
        if !algorithms.contains(&d) {
            problems.push(
                file.at_value("gateway.signing.default", format!("the default `{}` is not among `algorithms`", d.wire_name()))
                    .with_help("add it to `algorithms` or pick one of them"),
            );
        }
        algorithms.retain(|a| *a != d);
        algorithms.insert(0, d);
    }
    if algorithms.len() > 1 && spec.signing.method_parameter.is_none() {
        problems.push(
            file.at_key("gateway.signing", "several algorithms but no `method_parameter` to tell the gateway which one is used")
                .with_help("add `method_parameter: sign_method`, or keep one algorithm"),
        );
    }
    let hex = one_of(file, "gateway.signing.hex", &spec.signing.hex, &[("upper", HexCase::Upper), ("lower", HexCase::Lower)], problems);
    let blank_values = one_of(
        file,
        "gateway.signing.blank_values",
        &spec.signing.blank_values,
        &[("omit", BlankValues::Omit), ("include", BlankValues::Include)],
        problems,
    );
    let files_policy = one_of(
        file,
        "gateway.files",
        &spec.files,
        &[("multipart", FilePolicy::Multipart), ("base64_field", FilePolicy::Base64Field)],
        problems,
    );
    let envelope = one_of(
        file,
        "gateway.envelope",
        &spec.envelope,
        &[("top", Envelope::Top), ("code_message_data", Envelope::CodeMessageData)],
        problems,
    );

    // System parameter names must be distinct: they share the request with business parameters.
    let mut system: Vec<(String, String)> = vec![
        ("gateway.credentials.app_key".into(), spec.credentials.app_key.clone()),
        ("gateway.timestamp.parameter".into(), spec.timestamp.parameter.clone()),
        ("gateway.signing.parameter".into(), spec.signing.parameter.clone()),
    ];
    if let Some(s) = &spec.credentials.session {
        system.push(("gateway.credentials.session.parameter".into(), s.parameter.clone()));
    }
    if let Some(m) = &spec.signing.method_parameter {
        system.push(("gateway.signing.method_parameter".into(), m.clone()));
    }
    if let Some(Routing::MethodParameter { parameter }) = &routing {
        system.push(("gateway.routing.parameter".into(), parameter.clone()));
    }
    for (i, p) in spec.fixed_parameters.iter().enumerate() {
        system.push((format!("gateway.fixed_parameters[{i}].name"), p.name.clone()));
    }
    for (i, s) in spec.settings.iter().enumerate() {
        system.push((format!("gateway.settings[{i}].parameter"), s.parameter.clone()));
        types::check_wire_name(file, &format!("gateway.settings[{i}].name"), &s.name, problems);
    }
    let mut seen = BTreeSet::new();
    for (path, name) in &system {
        types::check_wire_name(file, path, name, problems);
        if !seen.insert(name.as_str()) {
            problems.push(
                file.at_value(path, format!("system parameter `{name}` is named twice"))
                    .with_help("every system parameter needs a wire name of its own"),
            );
        }
    }

    let mut sign_cases = Vec::new();
    let mut case_names = BTreeSet::new();
    for (i, c) in spec.sign_cases.iter().enumerate() {
        let path = format!("gateway.sign_cases[{i}]");
        if !case_names.insert(c.name.as_str()) {
            problems.push(file.at_value(&format!("{path}.name"), format!("case `{}` is listed twice", c.name)));
        }
        types::check_wire_name(file, &format!("{path}.name"), &c.name, problems);
        let Some(algorithm) = one_of(file, &format!("{path}.algorithm"), &c.algorithm, &algorithm_names, problems) else {
            continue;
        };
        sign_cases.push(SignCase {
            name: c.name.clone(),
            description: c.description.clone(),
            algorithm,
            secret: c.secret.clone(),
            params: c.params.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            sign: c.sign.clone(),
        });
    }

    // A gateway with problems still yields a model (with fallbacks where a value was unusable) so
    // that its APIs are checked too; the problems already recorded fail the run.
    Some(Gateway {
        name: spec.name.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        version: spec.version.clone(),
        packages: Packages {
            rust: spec.packages.rust.clone(),
            python: spec.packages.python.clone(),
            typescript: spec.packages.typescript.clone(),
        },
        endpoints: spec
            .endpoints
            .iter()
            .map(|e| Endpoint { name: e.name.clone(), url: e.url.clone(), description: e.description.clone(), default: e.default })
            .collect(),
        routing: routing.unwrap_or(Routing::Path),
        app_key_parameter: spec.credentials.app_key.clone(),
        session: spec.credentials.session.as_ref().map(|s| SessionParameter {
            parameter: s.parameter.clone(),
            description: s.description.clone(),
        }),
        timestamp: Timestamp { parameter: spec.timestamp.parameter.clone(), format: timestamp_format.unwrap_or(TimestampFormat::DatetimeGmt8) },
        signing: Signing {
            parameter: spec.signing.parameter.clone(),
            method_parameter: spec.signing.method_parameter.clone(),
            algorithms,
            default: default.unwrap_or(SignAlgorithm::Md5),
            hex: hex.unwrap_or(HexCase::Upper),
            blank_values: blank_values.unwrap_or(BlankValues::Omit),
        },
        fixed_parameters: spec.fixed_parameters.iter().map(|p| FixedParameter { name: p.name.clone(), value: p.value.clone() }).collect(),
        settings: spec
            .settings
            .iter()
            .map(|s| Setting {
                name: s.name.clone(),
                parameter: s.parameter.clone(),
                default: s.default.clone(),
                description: s.description.clone(),
            })
            .collect(),
        files: files_policy.unwrap_or(FilePolicy::Multipart),
        envelope: envelope.unwrap_or(Envelope::Top),
        sign_cases,
        apis: Vec::new(),
    })
}

fn check_api(file: &LoadedFile, spec: &ApiSpec, gateway: &Gateway, problems: &mut Diagnostics) -> Option<Api> {
    let before = problems.len();
    // The name is the `method` value on the wire, spelled as the platform spells it: after the
    // lower-case platform prefix, the catalogue has parts like `getServTimes` and `2013-07-01`.
    let mut parts = spec.name.split('.');
    let prefix_ok = parts.next().is_some_and(|p| {
        p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    });
    let name_ok = prefix_ok
        && spec.name.contains('.')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    if !name_ok {
        problems.push(
            file.at_value("api.name", format!("`{}` is not a valid API name", spec.name))
                .with_help("API names are dotted words as sent in `method`, e.g. `taobao.refund.refuse`: a lower-case prefix, then parts of letters, digits, `_` and `-`"),
        );
    }
    match (&gateway.routing, &spec.path) {
        (Routing::Path, None) => problems.push(
            file.at_key("api.name", format!("gateway `{}` routes by path, so this API needs `path:`", gateway.name))
                .with_help("add e.g. `path: /gateway/taobao/refund/refuse`"),
        ),
        (Routing::Path, Some(p)) if !p.starts_with('/') || p.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') => {
            problems.push(
                file.at_value("api.path", format!("`{p}` is not a URL path"))
                    .with_help("start the path with `/` and leave out query and fragment"),
            );
        }
        (Routing::MethodParameter { .. }, Some(_)) => problems.push(
            file.at_key("api.path", format!("gateway `{}` names APIs by parameter; `path` is not used", gateway.name))
                .with_help("remove `path:`"),
        ),
        _ => {}
    }
    let session_required = match spec.session.as_str() {
        "required" => true,
        "optional" | "none" => false,
        other => {
            one_of::<()>(file, "api.session", other, &[("required", ()), ("optional", ()), ("none", ())], problems);
            false
        }
    };
    if spec.session != "none" && gateway.session.is_none() {
        problems.push(
            file.at_value("api.session", format!("gateway `{}` has no session parameter", gateway.name))
                .with_help("write `session: none`, or add `credentials.session` to the gateway"),
        );
    }

    let struct_names = unique_names(file, "api.structs", "name", spec.structs.iter().map(|s| s.name.as_str()), problems);
    let enum_names = unique_names(file, "api.enums", "name", spec.enums.iter().map(|e| e.name.as_str()), problems);
    for clash in struct_names.intersection(&enum_names) {
        problems.push(file.at_key("api.enums", format!("`{clash}` is both a struct and an enum")).with_help("rename one of them"));
    }
    let scope = TypeScope { structs: &struct_names, enums: &enum_names };

    let params = check_fields(file, "api.params", &spec.params, FieldPlace::Param, &scope, problems);
    let mut structs = Vec::new();
    for (i, s) in spec.structs.iter().enumerate() {
        let path = format!("api.structs[{i}]");
        types::check_wire_name(file, &format!("{path}.name"), &s.name, problems);
        let fields = check_fields(file, &format!("{path}.fields"), &s.fields, FieldPlace::StructField, &scope, problems);
        structs.push(Struct { name: s.name.clone(), description: s.description.clone(), fields });
    }
    let mut enums = Vec::new();
    for (i, e) in spec.enums.iter().enumerate() {
        let path = format!("api.enums[{i}]");
        types::check_wire_name(file, &format!("{path}.name"), &e.name, problems);
        unique_names(file, &format!("{path}.values"), "value", e.values.iter().map(|v| v.value.as_str()), problems);
        if e.values.is_empty() {
            problems.push(file.at_key(&format!("{path}.values"), "an enum needs at least one value"));
        }
        enums.push(Enum {
            name: e.name.clone(),
            description: e.description.clone(),
            values: e.values.iter().map(|v| EnumValue { value: v.value.clone(), description: v.description.clone() }).collect(),
        });
    }
    let response = check_fields(file, "api.response.fields", &spec.response.fields, FieldPlace::ResponseField, &scope, problems);
    check_struct_cycles(file, &structs, problems);

    // TOP drops only a leading `taobao.` (reference/top-gateway.md), in the response key and in
    // the official SDKs' type names: `tmall.item.quantity.update` → `tmall_item_quantity_update`.
    let unprefixed = spec.name.strip_prefix("taobao.").unwrap_or(&spec.name);
    let base_name = unprefixed.replace(['.', '-'], "_").to_snake_case();
    let mut api = Api {
        name: spec.name.clone(),
        response_key: format!("{}_response", unprefixed.replace('.', "_")),
        base_name,
        path: spec.path.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        doc_id: spec.doc_id,
        session_required,
        idempotent: spec.idempotent,
        params,
        structs,
        enums,
        response,
        request_cases: Vec::new(),
        response_cases: Vec::new(),
    };
    names::check_api_names(file, &api, problems);
    api.request_cases = cases::request_cases(file, spec, &api, gateway, problems);
    api.response_cases = cases::response_cases(file, spec, problems);
    if problems.len() > before { None } else { Some(api) }
}

fn check_fields(
    file: &LoadedFile,
    path: &str,
    specs: &[crate::spec::FieldSpec],
    place: FieldPlace,
    scope: &TypeScope<'_>,
    problems: &mut Diagnostics,
) -> Vec<Field> {
    unique_names(file, path, "name", specs.iter().map(|f| f.name.as_str()), problems);
    specs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| types::check_field(file, &format!("{path}[{i}]"), f, place, scope, problems))
        .collect()
}

/// Reports names listed twice under `path` (a YAML list of items with `name`/`value`).
fn unique_names<'a>(
    file: &LoadedFile,
    path: &str,
    key: &str,
    names: impl Iterator<Item = &'a str>,
    problems: &mut Diagnostics,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (i, name) in names.enumerate() {
        if !seen.insert(name.to_owned()) {
            problems.push(
                file.at_value(&format!("{path}[{i}].{key}"), format!("`{name}` is listed twice"))
                    .with_help("each name may appear once; remove or rename the second one"),
            );
        }
    }
    seen
}

/// A struct that contains itself (directly or through others) cannot be generated yet.
fn check_struct_cycles(file: &LoadedFile, structs: &[Struct], problems: &mut Diagnostics) {
    fn refs(ty: &Type) -> Option<&str> {
        match ty {
            Type::Struct(name) => Some(name),
            Type::List(inner) => refs(inner),
            _ => None,
        }
    }
    for (i, start) in structs.iter().enumerate() {
        let mut stack: Vec<&str> = start.fields.iter().filter_map(|f| refs(&f.ty)).collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == start.name {
                problems.push(
                    file.at_value(&format!("api.structs[{i}].name"), format!("struct `{}` contains itself", start.name))
                        .with_help("recursive structs are not supported; describe the inner level as `json`"),
                );
                break;
            }
            if seen.insert(name)
                && let Some(s) = structs.iter().find(|s| s.name == name)
            {
                stack.extend(s.fields.iter().filter_map(|f| refs(&f.ty)));
            }
        }
    }
}
