//! Check: turn loaded spec files into the validated [`Model`], collecting every problem.

mod cases;
mod gateway;
mod names;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::*;
use crate::naming;
use crate::spec::{ApiSpec, CasesSpec, FORMAT_VERSION};
use types::{FieldPlace, TypeScope};

/// Checks every file and builds the model, or returns every problem found.
pub fn check(files: &[LoadedFile]) -> Result<Model, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut gateways: BTreeMap<String, (Gateway, &LoadedFile)> = BTreeMap::new();
    let mut apis: Vec<(&LoadedFile, &ApiSpec)> = Vec::new();
    let mut case_files: Vec<(&LoadedFile, &CasesSpec)> = Vec::new();

    for file in files {
        if file.spec.topgen != FORMAT_VERSION {
            problems.push(
                file.at_value(
                    "topgen",
                    format!("spec format version {} is not supported", file.spec.topgen),
                )
                .with_help(format!("this topgen reads `topgen: {FORMAT_VERSION}`")),
            );
            continue;
        }
        match (&file.spec.gateway, &file.spec.api, &file.spec.cases) {
            (Some(spec), None, None) => {
                if let Some(gateway) = gateway::check_gateway(file, spec, &mut problems) {
                    if let Some((_, first)) = gateways.get(&gateway.name) {
                        problems.push(
                            file.at_value(
                                "gateway.name",
                                format!("gateway `{}` is already defined", gateway.name),
                            )
                            .with_help(format!(
                                "it is defined in {}; give this one another name",
                                first.path.display()
                            )),
                        );
                    } else {
                        gateways.insert(gateway.name.clone(), (gateway, file));
                    }
                }
            }
            (None, Some(spec), None) => apis.push((file, spec)),
            (None, None, Some(spec)) => case_files.push((file, spec)),
            (None, None, None) => problems.push(
                file.at_value("", "the file has none of `gateway:`, `api:` and `cases:`")
                    .with_help(
                        "start the file with `topgen: 1` and a `gateway:`, `api:` or `cases:` section",
                    ),
            ),
            (_, api, _) => problems.push(
                file.at_key(
                    if api.is_some() { "api" } else { "cases" },
                    "a file holds one of `gateway:`, `api:` and `cases:`",
                )
                .with_help("move each section into a file of its own"),
            ),
        }
    }
    let mut extra_cases = cases::by_api(&case_files, &mut problems);

    let mut seen_apis: BTreeMap<(String, String), &LoadedFile> = BTreeMap::new();
    // (gateway, base name) → the API that took it, so each new API is one lookup.
    let mut base_names: HashMap<(String, String), String> = HashMap::new();
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
                file.at_value(
                    "api.name",
                    format!(
                        "API `{}` is already defined for gateway `{}`",
                        spec.name, spec.gateway
                    ),
                )
                .with_help(format!(
                    "it is defined in {}; remove one of them",
                    first.path.display()
                )),
            );
            continue;
        }
        let extra = extra_cases.remove(&key);
        seen_apis.insert(key, file);
        if let Some(api) = check_api(file, spec, extra, gateway, &mut problems) {
            // Modules and type names come from the base name: two APIs must not share one.
            let base = (gateway.name.clone(), api.base_name.clone());
            if let Some(other) = base_names.get(&base) {
                problems.push(
                    file.at_value("api.name", format!("`{}` and `{}` would both generate the module `{}`", api.name, other, api.base_name))
                        .with_help("these APIs cannot live in one gateway's packages; move one to a gateway of its own"),
                );
                continue;
            }
            base_names.insert(base, api.name.clone());
            gateway.apis.push(api);
        }
    }

    cases::report_unclaimed(extra_cases, &seen_apis, &mut problems);

    let mut model = Model {
        gateways: gateways.into_values().map(|(g, _)| g).collect(),
    };
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
    files
        .iter()
        .filter_map(|f| f.spec.gateway.as_ref().map(|g| g.name.clone()))
        .collect()
}

fn check_api(
    file: &LoadedFile,
    spec: &ApiSpec,
    extra_cases: Option<(&LoadedFile, &CasesSpec)>,
    gateway: &Gateway,
    problems: &mut Diagnostics,
) -> Option<Api> {
    let before = problems.len();
    // The name is the `method` value on the wire, spelled as the platform spells it: after the
    // lower-case platform prefix, the catalogue has parts like `getServTimes` and `2013-07-01`.
    if !naming::is_api_name(&spec.name) {
        problems.push(
            file.at_value("api.name", format!("`{}` is not a valid API name", spec.name))
                .with_help("API names are dotted words as sent in `method`, e.g. `taobao.refund.refuse`: a lower-case prefix, then parts of letters, digits, `_` and `-`"),
        );
    }
    match (&gateway.routing, &spec.path) {
        (Routing::Path, None) => problems.push(
            file.at_key(
                "api.name",
                format!(
                    "gateway `{}` routes by path, so this API needs `path:`",
                    gateway.name
                ),
            )
            .with_help("add e.g. `path: /gateway/taobao/refund/refuse`"),
        ),
        (Routing::Path, Some(p))
            if !p.starts_with('/')
                || p.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') =>
        {
            problems.push(
                file.at_value("api.path", format!("`{p}` is not a URL path"))
                    .with_help("start the path with `/` and leave out query and fragment"),
            );
        }
        (Routing::MethodParameter { .. }, Some(_)) => problems.push(
            file.at_key(
                "api.path",
                format!(
                    "gateway `{}` names APIs by parameter; `path` is not used",
                    gateway.name
                ),
            )
            .with_help("remove `path:`"),
        ),
        _ => {}
    }
    let session_required = match spec.session.as_str() {
        "required" => true,
        "optional" | "none" => false,
        other => {
            gateway::one_of::<()>(
                file,
                "api.session",
                other,
                &[("required", ()), ("optional", ()), ("none", ())],
                problems,
            );
            false
        }
    };
    if spec.session != "none" && gateway.session.is_none() {
        problems.push(
            file.at_value(
                "api.session",
                format!("gateway `{}` has no session parameter", gateway.name),
            )
            .with_help("write `session: none`, or add `credentials.session` to the gateway"),
        );
    }

    let struct_names = unique_names(
        file,
        "api.structs",
        "name",
        spec.structs.iter().map(|s| s.name.as_str()),
        problems,
    );
    let enum_names = unique_names(
        file,
        "api.enums",
        "name",
        spec.enums.iter().map(|e| e.name.as_str()),
        problems,
    );
    for clash in struct_names.intersection(&enum_names) {
        problems.push(
            file.at_key(
                "api.enums",
                format!("`{clash}` is both a struct and an enum"),
            )
            .with_help("rename one of them"),
        );
    }
    let scope = TypeScope {
        structs: &struct_names,
        enums: &enum_names,
    };

    let params = check_fields(
        file,
        "api.params",
        &spec.params,
        FieldPlace::Param,
        &scope,
        problems,
    );
    let system = gateway.system_parameters();
    for (i, p) in spec.params.iter().enumerate() {
        if system.contains(&p.name.as_str()) {
            problems.push(
                file.at_value(
                    &format!("api.params[{i}].name"),
                    format!(
                        "`{}` is a system parameter of gateway `{}`: the client sets it itself",
                        p.name, gateway.name
                    ),
                )
                .with_help("rename the parameter, or leave it out: a request cannot carry the same key twice"),
            );
        }
    }
    let mut structs = Vec::new();
    for (i, s) in spec.structs.iter().enumerate() {
        let path = format!("api.structs[{i}]");
        types::check_wire_name(file, &format!("{path}.name"), &s.name, problems);
        let fields = check_fields(
            file,
            &format!("{path}.fields"),
            &s.fields,
            FieldPlace::StructField,
            &scope,
            problems,
        );
        structs.push(Struct {
            name: s.name.clone(),
            description: s.description.clone(),
            fields,
        });
    }
    let mut enums = Vec::new();
    for (i, e) in spec.enums.iter().enumerate() {
        let path = format!("api.enums[{i}]");
        types::check_wire_name(file, &format!("{path}.name"), &e.name, problems);
        unique_names(
            file,
            &format!("{path}.values"),
            "value",
            e.values.iter().map(|v| v.value.as_str()),
            problems,
        );
        if e.values.is_empty() {
            problems.push(
                file.at_key(
                    &format!("{path}.values"),
                    "an enum needs at least one value",
                )
                .with_help("add `values:` with at least one `- value: …`, or use `string`"),
            );
        }
        enums.push(Enum {
            name: e.name.clone(),
            description: e.description.clone(),
            values: e
                .values
                .iter()
                .map(|v| EnumValue {
                    value: v.value.clone(),
                    description: v.description.clone(),
                })
                .collect(),
        });
    }
    let response = check_fields(
        file,
        "api.response.fields",
        &spec.response.fields,
        FieldPlace::ResponseField,
        &scope,
        problems,
    );
    check_struct_cycles(file, &structs, problems);
    check_unused_types(file, &params, &response, &structs, &enums, problems);

    // TOP drops only a leading `taobao.` (reference/top-gateway.md), in the response key and in
    // the official SDKs' type names: `tmall.item.quantity.update` → `tmall_item_quantity_update`.
    let unprefixed = spec.name.strip_prefix("taobao.").unwrap_or(&spec.name);
    let base_name = naming::base_name(&spec.name);
    if !base_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        problems.push(
            file.at_value("api.name", format!("`{}` gives the module and type names `{base_name}`, which do not start with a letter", spec.name))
                .with_help("module and type names come from the API name without a leading `taobao.`; its first part must start with a letter"),
        );
        return None;
    }
    if let Some((language, own)) = naming::reserved_module(&base_name) {
        problems.push(
            file.at_value("api.name", format!("`{}` would generate the module `{base_name}`, which replaces the {language} package's own `{own}`", spec.name))
                .with_help(format!("module names come from the API name without a leading `taobao.`; these belong to the packages themselves: {}", naming::reserved_modules().join(", "))),
        );
        return None;
    }
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
        paging: None,
        response,
        request_cases: Vec::new(),
        response_cases: Vec::new(),
    };
    api.paging = spec
        .paging
        .as_ref()
        .and_then(|p| check_paging(file, p, &api, problems));
    names::check_api_names(file, &api, gateway.envelope, problems);
    // The API's own cases, then those of its cases file (`specs/<gateway>/cases/<name>.yaml`).
    let mut sources = vec![cases::Source {
        file,
        key: "api",
        request: &spec.request_cases,
        response: &spec.response_cases,
    }];
    if let Some((file, extra)) = extra_cases {
        sources.push(cases::Source {
            file,
            key: "cases",
            request: &extra.request_cases,
            response: &extra.response_cases,
        });
    }
    names::check_case_names(&sources, problems);
    api.request_cases = cases::request_cases(&sources, spec, &api, gateway, problems);
    api.response_cases = cases::response_cases(&sources, problems);
    if problems.len() > before {
        None
    } else {
        Some(api)
    }
}

fn check_fields(
    file: &LoadedFile,
    path: &str,
    specs: &[crate::spec::FieldSpec],
    place: FieldPlace,
    scope: &TypeScope<'_>,
    problems: &mut Diagnostics,
) -> Vec<Field> {
    unique_names(
        file,
        path,
        "name",
        specs.iter().map(|f| f.name.as_str()),
        problems,
    );
    specs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            types::check_field(file, &format!("{path}[{i}]"), f, place, scope, problems)
        })
        .collect()
}

/// `paging:` names the API's own parameters and response fields, of the kinds paging needs.
fn check_paging(
    file: &LoadedFile,
    spec: &crate::spec::PagingSpec,
    api: &Api,
    problems: &mut Diagnostics,
) -> Option<Paging> {
    let before = problems.len();
    let mut field =
        |key: &str, name: Option<&String>, in_params: bool, kinds: &[&str]| -> Option<String> {
            let path = format!("api.paging.{key}");
            let Some(name) = name else {
                problems.push(
                    file.at_key(
                        "api.paging",
                        format!("`{}` paging needs `{key}`", spec.style),
                    )
                    .with_help("docs/spec-format.md (Paging) lists the keys of each style"),
                );
                return None;
            };
            let (fields, place) = if in_params {
                (&api.params, "parameter")
            } else {
                (&api.response, "response field")
            };
            let Some(found) = fields.iter().find(|f| &f.name == name) else {
                let hint = did_you_mean(name, fields.iter().map(|f| f.name.as_str()))
                    .map(|g| format!("did you mean `{g}`? "))
                    .unwrap_or_default();
                problems.push(
                    file.at_value(&path, format!("`{name}` is not a {place} of this API"))
                        .with_help(format!("{hint}name one of the API's {place}s")),
                );
                return None;
            };
            let kind = match &found.ty {
                Type::Int64 => "int64",
                Type::Boolean => "boolean",
                Type::String => "string",
                Type::List(_) => "list",
                _ => "other",
            };
            if !kinds.contains(&kind) {
                problems.push(
                    file.at_value(
                        &path,
                        format!(
                            "`{name}` cannot be the paging `{key}`: it is not {}",
                            kinds.join(" or ")
                        ),
                    )
                    .with_help(format!(
                        "`{key}` names a {place} of type {}",
                        kinds.join(" or ")
                    )),
                );
                return None;
            }
            Some(name.clone())
        };
    let unused = |key: &str, value: &Option<String>, problems: &mut Diagnostics| {
        if value.is_some() {
            problems.push(
                file.at_key(
                    &format!("api.paging.{key}"),
                    format!("`{key}` is not used by `{}` paging", spec.style),
                )
                .with_help("remove it"),
            );
        }
    };
    let paging = match spec.style.as_str() {
        "page" => {
            let page = field("page", spec.page.as_ref(), true, &["int64"]);
            let size = field("size", spec.size.as_ref(), true, &["int64"]);
            let items = field("items", Some(&spec.items), false, &["list"]);
            let total = spec
                .total
                .as_ref()
                .and_then(|t| field("total", Some(t), false, &["int64"]));
            let has_next = spec
                .has_next
                .as_ref()
                .and_then(|h| field("has_next", Some(h), false, &["boolean"]));
            if spec.total.is_none() && spec.has_next.is_none() {
                problems.push(
                    file.at_key("api.paging", "`page` paging needs `total` or `has_next` to know where to stop")
                        .with_help("name the response field with the total count (`total`) or the last-page flag (`has_next`)"),
                );
            }
            unused("cursor", &spec.cursor, problems);
            unused("next_cursor", &spec.next_cursor, problems);
            Paging::Page {
                page: page?,
                size: size?,
                items: items?,
                total,
                has_next,
            }
        }
        "cursor" => {
            let cursor = field("cursor", spec.cursor.as_ref(), true, &["string", "int64"]);
            let next_cursor = field(
                "next_cursor",
                spec.next_cursor.as_ref(),
                false,
                &["string", "int64"],
            );
            let items = field("items", Some(&spec.items), false, &["list"]);
            let has_next = spec
                .has_next
                .as_ref()
                .and_then(|h| field("has_next", Some(h), false, &["boolean"]));
            unused("page", &spec.page, problems);
            unused("size", &spec.size, problems);
            unused("total", &spec.total, problems);
            Paging::Cursor {
                cursor: cursor?,
                next_cursor: next_cursor?,
                items: items?,
                has_next,
            }
        }
        other => {
            gateway::one_of::<()>(
                file,
                "api.paging.style",
                other,
                &[("page", ()), ("cursor", ())],
                problems,
            );
            return None;
        }
    };
    (problems.len() == before).then_some(paging)
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
                file.at_value(
                    &format!("{path}[{i}].{key}"),
                    format!("`{name}` is listed twice"),
                )
                .with_help("each name may appear once; remove or rename the second one"),
            );
        }
    }
    seen
}

/// Every struct and enum must be reachable from a parameter or a response field: an unused one is
/// dead code in every language (and `tsc --noUnusedLocals` refuses its field table).
fn check_unused_types(
    file: &LoadedFile,
    params: &[Field],
    response: &[Field],
    structs: &[Struct],
    enums: &[Enum],
    problems: &mut Diagnostics,
) {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Struct(name) | Type::Enum(name) => Some(name),
            Type::List(inner) => named(inner),
            _ => None,
        }
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut pending: Vec<&str> = params
        .iter()
        .chain(response)
        .filter_map(|f| named(&f.ty))
        .collect();
    while let Some(name) = pending.pop() {
        if used.insert(name)
            && let Some(s) = structs.iter().find(|s| s.name == name)
        {
            pending.extend(s.fields.iter().filter_map(|f| named(&f.ty)));
        }
    }
    let declared = structs
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("api.structs[{i}].name"), "struct", &s.name));
    let declared = declared.chain(
        enums
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("api.enums[{i}].name"), "enum", &e.name)),
    );
    for (path, kind, name) in declared {
        if !used.contains(name.as_str()) {
            problems.push(
                file.at_value(
                    &path,
                    format!("{kind} `{name}` is not used by any parameter or response field"),
                )
                .with_help(format!("remove it, or give a field the type `{name}`")),
            );
        }
    }
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
                    file.at_value(
                        &format!("api.structs[{i}].name"),
                        format!("struct `{}` contains itself", start.name),
                    )
                    .with_help(
                        "recursive structs are not supported; describe the inner level as `json`",
                    ),
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
