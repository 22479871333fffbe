//! Names after renaming: every generated identifier must be valid and unique in each language.

use std::collections::BTreeMap;

use super::cases::Source;
use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::model::{Api, Envelope, Model};
use crate::naming::{self, POLICIES, python};
use crate::spec::GatewaySpec;

/// Field names per scope and type names per API, after each language's renaming (as the views
/// name declared fields: Python's give way to the catch-all `extra`, response fields to the
/// gateway's `request_id` on `envelope`). Rust's catch-all never takes a declared field's name
/// ([`naming::rust::catch_all`]), so it needs no check here.
pub fn check_api_names(
    file: &LoadedFile,
    api: &Api,
    envelope: Envelope,
    problems: &mut Diagnostics,
) {
    // (path, wire names, whether they are the response's own fields)
    let mut scopes: Vec<(String, Vec<&str>, bool)> = vec![
        (
            "api.params".into(),
            api.params.iter().map(|f| f.name.as_str()).collect(),
            false,
        ),
        (
            "api.response.fields".into(),
            api.response.iter().map(|f| f.name.as_str()).collect(),
            true,
        ),
    ];
    for (i, s) in api.structs.iter().enumerate() {
        scopes.push((
            format!("api.structs[{i}].fields"),
            s.fields.iter().map(|f| f.name.as_str()).collect(),
            false,
        ));
    }
    let mut type_names: Vec<(String, String)> = vec![
        ("api.name".into(), format!("{}_request", api.base_name)),
        ("api.name".into(), format!("{}_response", api.base_name)),
    ];
    for (i, s) in api.structs.iter().enumerate() {
        type_names.push((format!("api.structs[{i}].name"), s.name.clone()));
    }
    for (i, e) in api.enums.iter().enumerate() {
        type_names.push((format!("api.enums[{i}].name"), e.name.clone()));
    }

    for lang in &POLICIES {
        for (path, names, response) in &scopes {
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            for (i, wire) in names.iter().enumerate() {
                let renamed = if *response {
                    naming::response_field(lang.declared_field, wire, envelope)
                } else {
                    (lang.declared_field)(wire)
                };
                // Exact duplicates are reported once, by the duplicate-name check.
                if let Some(first) = seen.insert(renamed.clone(), wire)
                    && first != *wire
                {
                    problems.push(
                        file.at_value(
                            &format!("{path}[{i}].name"),
                            format!(
                                "`{wire}` and `{first}` both become `{renamed}` in {}",
                                lang.language
                            ),
                        )
                        .with_help("rename one of them so the generated names differ"),
                    );
                }
            }
        }
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (path, name) in &type_names {
            let renamed = (lang.type_name)(name);
            if !(lang.valid)(&renamed) {
                problems.push(
                    file.at_value(
                        path,
                        format!(
                            "`{name}` becomes `{renamed}` in {}, which is not a valid name there",
                            lang.language
                        ),
                    )
                    .with_help("rename it to a name made of letters and digits"),
                );
            }
            if let Some(first) = seen.insert(renamed.clone(), name) {
                problems.push(
                    file.at_value(path, format!("`{name}` and `{first}` both become the type `{renamed}` in {}", lang.language))
                        .with_help("rename the struct or enum; the request and response types take `<Api>Request` and `<Api>Response`"),
                );
            }
        }
    }
}

/// Endpoint and setting names after each language's renaming: valid and distinct.
pub fn check_gateway_names(file: &LoadedFile, spec: &GatewaySpec, problems: &mut Diagnostics) {
    for (i, e) in spec.endpoints.iter().enumerate() {
        let path = format!("gateway.endpoints[{i}].name");
        if !naming::is_wire_name(&e.name) {
            problems.push(
                file.at_value(&path, format!("`{}` is not a valid endpoint name", e.name.escape_debug()))
                    .with_help("start with an ASCII letter, then letters, digits and `_` (e.g. `production`); it names a constant in the packages"),
            );
        }
    }
    for lang in &POLICIES {
        if let Some(endpoint) = lang.endpoint {
            let names = spec.endpoints.iter().map(|e| e.name.as_str());
            report_collisions(
                listed(file, "gateway.endpoints", names),
                endpoint,
                lang.language,
                problems,
            );
        }
        let names = spec.settings.iter().map(|s| s.name.as_str());
        report_collisions(
            listed(file, "gateway.settings", names),
            lang.setting,
            lang.language,
            problems,
        );
        let names = spec.sign_cases.iter().map(|c| c.name.as_str());
        report_collisions(
            listed(file, "gateway.sign_cases", names),
            lang.field,
            lang.language,
            problems,
        );
    }
}

/// Case names become test function names: distinct after each language's renaming, across the
/// API's spec and its cases file.
pub fn check_case_names(sources: &[Source<'_>], problems: &mut Diagnostics) {
    let paths: Vec<(String, String)> = sources
        .iter()
        .map(|s| {
            (
                format!("{}.request_cases", s.key),
                format!("{}.response_cases", s.key),
            )
        })
        .collect();
    for lang in &POLICIES {
        let request = sources.iter().zip(&paths).flat_map(|(s, (path, _))| {
            listed(s.file, path, s.request.iter().map(|c| c.name.as_str()))
        });
        report_collisions(request, lang.field, lang.language, problems);
        let response = sources.iter().zip(&paths).flat_map(|(s, (_, path))| {
            listed(s.file, path, s.response.iter().map(|c| c.name.as_str()))
        });
        report_collisions(response, lang.field, lang.language, problems);
    }
}

/// `(file, "{path}[i].name", name)` for each name of a list under `path`.
fn listed<'a>(
    file: &'a LoadedFile,
    path: &'a str,
    names: impl Iterator<Item = &'a str> + 'a,
) -> impl Iterator<Item = (&'a LoadedFile, String, &'a str)> + 'a {
    names
        .enumerate()
        .map(move |(i, name)| (file, format!("{path}[{i}].name"), name))
}

/// Reports names (each with its file and the path of its `name`) that become the same after
/// `rename`.
fn report_collisions<'a>(
    names: impl Iterator<Item = (&'a LoadedFile, String, &'a str)>,
    rename: fn(&str) -> String,
    language: &str,
    problems: &mut Diagnostics,
) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (file, path, name) in names {
        let renamed = rename(name);
        if let Some(first) = seen.insert(renamed.clone(), name)
            && first != name
        {
            problems.push(
                file.at_value(
                    &path,
                    format!("`{name}` and `{first}` both become `{renamed}` in {language}"),
                )
                .with_help("rename one of them so the generated names differ"),
            );
        }
    }
}

/// Package names must be valid for their registries and distinct across gateways.
pub fn check_packages(model: &Model, files: &[LoadedFile], problems: &mut Diagnostics) {
    let mut seen: BTreeMap<(&str, String), &str> = BTreeMap::new();
    for gateway in &model.gateways {
        let Some(file) = files.iter().find(|f| {
            f.spec
                .gateway
                .as_ref()
                .is_some_and(|g| g.name == gateway.name)
        }) else {
            continue;
        };
        let p = &gateway.packages;
        let checks: [(&str, &str, bool, &str); 3] = [
            (
                "rust",
                &p.rust,
                naming::rust::is_crate_name(&p.rust),
                "a crates.io name: a lower-case letter, then lower-case letters, digits, `-` and `_` (at most 64), e.g. `taobao-top`",
            ),
            (
                "python",
                &p.python,
                python::is_distribution_name(&p.python),
                "a lower-case Python identifier (it is both the PyPI name and the import name) that is not a keyword or a standard module, e.g. `taobao_top`",
            ),
            (
                "typescript",
                &p.typescript,
                naming::is_npm_name(&p.typescript),
                "an npm name (lower-case, optionally scoped), e.g. `@topgen/taobao-top`",
            ),
        ];
        for (lang, name, ok, what) in checks {
            let path = format!("gateway.packages.{lang}");
            if !ok {
                problems.push(
                    file.at_value(
                        &path,
                        format!(
                            "`{}` is not a valid {lang} package name",
                            name.escape_debug()
                        ),
                    )
                    .with_help(format!("use {what}")),
                );
            }
            // Registries compare normalized names: crates.io and PyPI treat `-` and `_` alike.
            let key = if lang == "typescript" {
                name.to_owned()
            } else {
                name.replace('-', "_")
            };
            if let Some(other) = seen.insert((lang, key), &gateway.name) {
                problems.push(
                    file.at_value(&path, format!("gateway `{other}` already uses the {lang} package name `{name}` (or one that registries treat as the same)"))
                        .with_help("each gateway is generated as packages of its own; pick another name"),
                );
            }
        }
    }
}
