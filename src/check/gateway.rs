//! Gateways: routing, credentials, timestamp, signing, files and envelope, each checked against
//! the values the runtimes implement.

use std::collections::BTreeSet;

use crate::diag::{Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::*;
use crate::spec::GatewaySpec;

use super::types;

pub(super) fn one_of<T: Copy>(
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
    let hint = did_you_mean(value, names.iter().copied())
        .map(|g| format!("did you mean `{g}`? "))
        .unwrap_or_default();
    problems.push(
        file.at_value(
            path,
            format!(
                "`{}` cannot be `{value}`",
                path.rsplit('.').next().unwrap_or(path)
            ),
        )
        .with_help(format!("{hint}use one of: {}", names.join(", "))),
    );
    None
}

pub(super) fn check_gateway(
    file: &LoadedFile,
    spec: &GatewaySpec,
    problems: &mut Diagnostics,
) -> Option<Gateway> {
    let name_ok = spec
        .name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && spec
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !name_ok {
        problems.push(
            file.at_value(
                "gateway.name",
                format!("`{}` is not a valid gateway name", spec.name),
            )
            .with_help(
                "use lower-case letters, digits and `_`, starting with a letter (e.g. `top`)",
            ),
        );
    }
    if !crate::naming::is_version(&spec.version) {
        problems.push(
            file.at_value("gateway.version", format!("`{}` is not a package version", spec.version.escape_debug()))
                .with_help("write a SemVer version that crates.io, PyPI and npm read alike: `MAJOR.MINOR.PATCH`, optionally `-alpha.N`, `-beta.N` or `-rc.N` (e.g. `0.1.0`)"),
        );
    }
    super::names::check_gateway_names(file, spec, problems);
    if spec.endpoints.is_empty() {
        problems.push(
            file.at_key("gateway.endpoints", "a gateway needs at least one endpoint")
                .with_help("add an endpoint with `name`, `url` and `default: true`"),
        );
    }
    let defaults = spec.endpoints.iter().filter(|e| e.default).count();
    if !spec.endpoints.is_empty() && defaults != 1 {
        problems.push(
            file.at_key(
                "gateway.endpoints",
                format!("{defaults} endpoints are marked `default: true`"),
            )
            .with_help("mark exactly one endpoint `default: true`"),
        );
    }
    let mut endpoint_names = BTreeSet::new();
    for (i, e) in spec.endpoints.iter().enumerate() {
        if !endpoint_names.insert(e.name.as_str()) {
            problems.push(
                file.at_value(
                    &format!("gateway.endpoints[{i}].name"),
                    format!("endpoint `{}` is listed twice", e.name),
                )
                .with_help("give each endpoint its own name"),
            );
        }
        if !(e.url.starts_with("https://") || e.url.starts_with("http://"))
            || e.url.contains(char::is_whitespace)
        {
            problems.push(
                file.at_value(
                    &format!("gateway.endpoints[{i}].url"),
                    format!("`{}` is not an http(s) URL", e.url),
                )
                .with_help("write the full URL, e.g. https://gw.api.taobao.com/router/rest"),
            );
        }
    }
    let routing = match spec.routing.style.as_str() {
        "method_parameter" => {
            match &spec.routing.parameter {
                Some(p) => Some(Routing::MethodParameter {
                    parameter: p.clone(),
                }),
                None => {
                    problems.push(
                    file.at_key("gateway.routing", "`method_parameter` routing needs `parameter`")
                        .with_help("name the parameter that carries the API name, e.g. `parameter: method`"),
                );
                    None
                }
            }
        }
        "path" => Some(Routing::Path),
        other => {
            one_of::<()>(
                file,
                "gateway.routing.style",
                other,
                &[("method_parameter", ()), ("path", ())],
                problems,
            );
            None
        }
    };
    let timestamp_format = one_of(
        file,
        "gateway.timestamp.format",
        &spec.timestamp.format,
        &[
            ("datetime_gmt8", TimestampFormat::DatetimeGmt8),
            ("unix_seconds", TimestampFormat::UnixSeconds),
        ],
        problems,
    );
    let algorithm_names: Vec<(&str, SignAlgorithm)> = SignAlgorithm::ALL
        .iter()
        .map(|a| (a.wire_name(), *a))
        .collect();
    let mut algorithms = Vec::new();
    for (i, a) in spec.signing.algorithms.iter().enumerate() {
        if let Some(a) = one_of(
            file,
            &format!("gateway.signing.algorithms[{i}]"),
            a,
            &algorithm_names,
            problems,
        ) {
            algorithms.push(a);
        }
    }
    let default = one_of(
        file,
        "gateway.signing.default",
        &spec.signing.default,
        &algorithm_names,
        problems,
    );
    if let Some(d) = default {
        if !algorithms.contains(&d) {
            problems.push(
                file.at_value(
                    "gateway.signing.default",
                    format!("the default `{}` is not among `algorithms`", d.wire_name()),
                )
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
    let hex = one_of(
        file,
        "gateway.signing.hex",
        &spec.signing.hex,
        &[("upper", HexCase::Upper), ("lower", HexCase::Lower)],
        problems,
    );
    let blank_values = one_of(
        file,
        "gateway.signing.blank_values",
        &spec.signing.blank_values,
        &[
            ("omit", BlankValues::Omit),
            ("include", BlankValues::Include),
        ],
        problems,
    );
    let files_policy = one_of(
        file,
        "gateway.files",
        &spec.files,
        &[
            ("multipart", FilePolicy::Multipart),
            ("base64_field", FilePolicy::Base64Field),
        ],
        problems,
    );
    let envelope = one_of(
        file,
        "gateway.envelope",
        &spec.envelope,
        &[
            ("top", Envelope::Top),
            ("code_message_data", Envelope::CodeMessageData),
        ],
        problems,
    );

    // System parameter names must be distinct: they share the request with business parameters.
    let mut system: Vec<(String, String)> = vec![
        (
            "gateway.credentials.app_key".into(),
            spec.credentials.app_key.clone(),
        ),
        (
            "gateway.timestamp.parameter".into(),
            spec.timestamp.parameter.clone(),
        ),
        (
            "gateway.signing.parameter".into(),
            spec.signing.parameter.clone(),
        ),
    ];
    if let Some(s) = &spec.credentials.session {
        system.push((
            "gateway.credentials.session.parameter".into(),
            s.parameter.clone(),
        ));
    }
    if let Some(m) = &spec.signing.method_parameter {
        system.push(("gateway.signing.method_parameter".into(), m.clone()));
    }
    if let Some(Routing::MethodParameter { parameter }) = &routing {
        system.push(("gateway.routing.parameter".into(), parameter.clone()));
    }
    for (i, p) in spec.fixed_parameters.iter().enumerate() {
        system.push((
            format!("gateway.fixed_parameters[{i}].name"),
            p.name.clone(),
        ));
    }
    let mut setting_kinds = Vec::new();
    for (i, s) in spec.settings.iter().enumerate() {
        system.push((
            format!("gateway.settings[{i}].parameter"),
            s.parameter.clone(),
        ));
        types::check_wire_name(
            file,
            &format!("gateway.settings[{i}].name"),
            &s.name,
            problems,
        );
        let kind = match s.kind.as_deref() {
            None | Some("string") => SettingKind::String,
            Some("boolean") => SettingKind::Boolean,
            Some(other) => {
                problems.push(
                    file.at_value(
                        &format!("gateway.settings[{i}].type"),
                        format!("unknown setting type `{other}`"),
                    )
                    .with_help("a setting is `string` (the default) or `boolean`"),
                );
                SettingKind::String
            }
        };
        if let (SettingKind::Boolean, Some(d)) = (kind, &s.default)
            && d != "true"
            && d != "false"
        {
            problems.push(
                file.at_value(
                    &format!("gateway.settings[{i}].default"),
                    format!("`{d}` is not a boolean"),
                )
                .with_help("the default of a boolean setting is `\"true\"` or `\"false\"`"),
            );
        }
        setting_kinds.push(kind);
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
            problems.push(
                file.at_value(
                    &format!("{path}.name"),
                    format!("case `{}` is listed twice", c.name),
                )
                .with_help("give each case its own name"),
            );
        }
        types::check_wire_name(file, &format!("{path}.name"), &c.name, problems);
        let Some(algorithm) = one_of(
            file,
            &format!("{path}.algorithm"),
            &c.algorithm,
            &algorithm_names,
            problems,
        ) else {
            continue;
        };
        sign_cases.push(SignCase {
            name: c.name.clone(),
            description: c.description.clone(),
            algorithm,
            secret: c.secret.clone(),
            params: c
                .params
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
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
            .map(|e| Endpoint {
                name: e.name.clone(),
                url: e.url.clone(),
                description: e.description.clone(),
                default: e.default,
            })
            .collect(),
        routing: routing.unwrap_or(Routing::Path),
        app_key_parameter: spec.credentials.app_key.clone(),
        session: spec.credentials.session.as_ref().map(|s| SessionParameter {
            parameter: s.parameter.clone(),
            description: s.description.clone(),
        }),
        timestamp: Timestamp {
            parameter: spec.timestamp.parameter.clone(),
            format: timestamp_format.unwrap_or(TimestampFormat::DatetimeGmt8),
        },
        signing: Signing {
            parameter: spec.signing.parameter.clone(),
            method_parameter: spec.signing.method_parameter.clone(),
            algorithms,
            default: default.unwrap_or(SignAlgorithm::Md5),
            hex: hex.unwrap_or(HexCase::Upper),
            blank_values: blank_values.unwrap_or(BlankValues::Omit),
        },
        fixed_parameters: spec
            .fixed_parameters
            .iter()
            .map(|p| FixedParameter {
                name: p.name.clone(),
                value: p.value.clone(),
            })
            .collect(),
        settings: spec
            .settings
            .iter()
            .zip(setting_kinds)
            .map(|(s, kind)| Setting {
                name: s.name.clone(),
                parameter: s.parameter.clone(),
                kind,
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
