//! Conformance cases: request inputs typed against the API's parameters, response expectations.
//!
//! An API's cases come from its own spec (`api.request_cases`, `api.response_cases`) and from
//! an optional cases file (`cases:`, in `specs/<gateway>/cases/<api name>.yaml`), which attaches
//! cases to an API without touching its spec (imported specs are rewritten by re-import).

use std::collections::BTreeMap;
use std::path::Path;

use yaml_serde::Value;

use crate::diag::{Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::*;
use crate::spec::{ApiSpec, CasesSpec, RequestCaseSpec, ResponseCaseSpec};

/// One file's cases for an API: under `api:` in its spec, or under `cases:` in a cases file.
pub struct Source<'a> {
    pub file: &'a LoadedFile,
    /// The section holding the lists: `api` (the API's spec) or `cases` (a cases file).
    pub key: &'static str,
    pub request: &'a [RequestCaseSpec],
    pub response: &'a [ResponseCaseSpec],
}

/// API (gateway, name) → the cases file for it.
pub type CaseFiles<'a> = BTreeMap<(String, String), (&'a LoadedFile, &'a CasesSpec)>;

/// The cases files by the API they name; a second file for the same API is an error.
pub fn by_api<'a>(
    files: &[(&'a LoadedFile, &'a CasesSpec)],
    problems: &mut Diagnostics,
) -> CaseFiles<'a> {
    let mut out = CaseFiles::new();
    for &(file, spec) in files {
        let key = (spec.gateway.clone(), spec.api.clone());
        if let Some((first, _)) = out.get(&key) {
            problems.push(
                file.at_value(
                    "cases.api",
                    format!(
                        "the cases of `{}` are already given in {}",
                        spec.api,
                        first.path.display()
                    ),
                )
                .with_help("keep one cases file per API: move these cases into the other file"),
            );
            continue;
        }
        out.insert(key, (file, spec));
    }
    out
}

/// Cases files whose API is not defined (a typo, or an API of another gateway).
pub fn report_unclaimed(
    unclaimed: CaseFiles<'_>,
    apis: &BTreeMap<(String, String), &LoadedFile>,
    problems: &mut Diagnostics,
) {
    for ((gateway, name), (file, _)) in unclaimed {
        if apis.contains_key(&(gateway.clone(), name.clone())) {
            continue; // the API is defined twice: reported there
        }
        let same_gateway = apis
            .keys()
            .filter(|(g, _)| g == &gateway)
            .map(|(_, n)| n.as_str());
        let hint = did_you_mean(&name, same_gateway)
            .map(|g| format!("did you mean `{g}`? "))
            .unwrap_or_default();
        problems.push(
            file.at_value("cases.api", format!("no API `{name}` in gateway `{gateway}` to attach these cases to"))
                .with_help(format!("{hint}name an API defined in a spec of gateway `{gateway}` (curated or imported); `topgen apis QUERY` lists API names")),
        );
    }
}

/// The cases of one list (`request_cases`, `response_cases`) over all sources, each with its file
/// and path, after checking its name: valid, and not used before in this file or the other one.
fn named<'s, 'a, C>(
    sources: &'s [Source<'a>],
    list: &str,
    cases: impl Fn(&Source<'a>) -> &'a [C],
    name: impl Fn(&'a C) -> &'a str,
    problems: &mut Diagnostics,
) -> Vec<(&'s Source<'a>, String, &'a C)> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut out = Vec::new();
    for source in sources {
        let file = source.file;
        for (i, c) in cases(source).iter().enumerate() {
            let path = format!("{}.{list}[{i}]", source.key);
            let (case, at) = (name(c), format!("{path}.name"));
            match seen.get(case) {
                None => {
                    seen.insert(case, &file.path);
                }
                Some(first) if *first == file.path => problems.push(
                    file.at_value(&at, format!("case `{case}` is listed twice"))
                        .with_help("give each case its own name"),
                ),
                Some(first) => problems.push(
                    file.at_value(
                        &at,
                        format!("case `{case}` is already defined in {}", first.display()),
                    )
                    .with_help("give each case its own name"),
                ),
            }
            super::types::check_wire_name(file, &at, case, problems);
            out.push((source, path, c));
        }
    }
    out
}

pub fn request_cases(
    sources: &[Source<'_>],
    spec: &ApiSpec,
    api: &Api,
    gateway: &Gateway,
    problems: &mut Diagnostics,
) -> Vec<RequestCase> {
    let mut cases = Vec::new();
    for (source, path, c) in named(
        sources,
        "request_cases",
        |s| s.request,
        |c| &c.name,
        problems,
    ) {
        let file = source.file;
        let before = problems.len();
        let sign_method = match &c.sign_method {
            None => Some(gateway.signing.default),
            Some(m) => algorithm(file, &format!("{path}.sign_method"), m, gateway, problems),
        };
        let now_millis = match parse_rfc3339(&c.now) {
            Some(ms) => ms,
            None => {
                problems.push(
                    file.at_value(
                        &format!("{path}.now"),
                        format!("`{}` is not a date-time with an offset", c.now),
                    )
                    .with_help("write the instant as RFC 3339, e.g. 2025-09-15T13:40:23+08:00"),
                );
                0
            }
        };
        for (key, value) in &c.settings {
            let setting = gateway.settings.iter().find(|s| &s.name == key);
            if setting.is_some_and(|s| s.kind == SettingKind::Boolean)
                && value != "true"
                && value != "false"
            {
                problems.push(
                    file.at_value(
                        &format!("{path}.settings.{key}"),
                        format!("`{value}` is not a boolean"),
                    )
                    .with_help(format!(
                        "setting `{key}` is a boolean: write \"true\" or \"false\""
                    )),
                );
            }
            if setting.is_none() {
                let known: Vec<&str> = gateway.settings.iter().map(|s| s.name.as_str()).collect();
                let hint = did_you_mean(key, known.iter().copied())
                    .map(|g| format!("did you mean `{g}`? "))
                    .unwrap_or_default();
                problems.push(
                    file.at_key(
                        &format!("{path}.settings.{key}"),
                        format!("gateway `{}` has no setting `{key}`", gateway.name),
                    )
                    .with_help(format!("{hint}settings: {}", known.join(", "))),
                );
            }
        }
        if c.session.is_some() && gateway.session.is_none() {
            problems.push(
                file.at_key(
                    &format!("{path}.session"),
                    format!("gateway `{}` has no session", gateway.name),
                )
                .with_help(
                    "remove `session:` from the case, or add `credentials.session` to the gateway",
                ),
            );
        }
        let mut params = Vec::new();
        for (key, value) in &c.params {
            let Some(key) = key.as_str() else {
                problems.push(
                    file.at_value(&format!("{path}.params"), "parameter names are strings")
                        .with_help(
                            "write each parameter as `name: value` with the parameter's wire name",
                        ),
                );
                continue;
            };
            let vpath = format!("{path}.params.{key}");
            let Some(field) = api.params.iter().find(|p| p.name == key) else {
                if spec.params.iter().any(|p| p.name == key) {
                    continue; // declared, but its declaration has a problem of its own
                }
                let hint = did_you_mean(key, api.params.iter().map(|p| p.name.as_str()))
                    .map(|g| format!("did you mean `{g}`? "))
                    .unwrap_or_default();
                problems.push(
                    file.at_key(
                        &vpath,
                        format!("`{key}` is not a parameter of `{}`", api.name),
                    )
                    .with_help(format!(
                        "{hint}declare it under `params:` or remove it from the case"
                    )),
                );
                continue;
            };
            if let Some(v) = case_value(file, &vpath, value, &field.ty, api, problems) {
                params.push((key.to_owned(), v));
            }
        }
        // Keep the API's parameter order, so emitted cases read like the spec.
        params.sort_by_key(|(name, _)| api.params.iter().position(|p| &p.name == name));
        let expect = request_expect(file, &path, c, gateway, problems);
        let (Some(expect), false) = (expect, problems.len() > before) else {
            continue;
        };
        cases.push(RequestCase {
            name: c.name.clone(),
            description: c.description.clone(),
            app_key: c.app_key.clone(),
            secret: c.secret.clone(),
            sign_method: sign_method.unwrap_or(gateway.signing.default),
            session: c.session.clone(),
            now_millis,
            settings: c
                .settings
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            params,
            expect,
        });
    }
    cases
}

fn algorithm(
    file: &LoadedFile,
    path: &str,
    name: &str,
    gateway: &Gateway,
    problems: &mut Diagnostics,
) -> Option<SignAlgorithm> {
    match SignAlgorithm::from_wire_name(name).filter(|a| gateway.signing.algorithms.contains(a)) {
        Some(a) => Some(a),
        None => {
            let known: Vec<&str> = gateway
                .signing
                .algorithms
                .iter()
                .map(|a| a.wire_name())
                .collect();
            problems.push(
                file.at_value(
                    path,
                    format!("gateway `{}` does not sign with `{name}`", gateway.name),
                )
                .with_help(format!("use one of: {}", known.join(", "))),
            );
            None
        }
    }
}

fn request_expect(
    file: &LoadedFile,
    path: &str,
    c: &crate::spec::RequestCaseSpec,
    gateway: &Gateway,
    problems: &mut Diagnostics,
) -> Option<RequestExpect> {
    let e = &c.expect;
    let epath = format!("{path}.expect");
    if let Some(message) = &e.error {
        let others = e.sign.is_some()
            || e.body.is_some()
            || !e.body_includes.is_empty()
            || !e.body_excludes.is_empty()
            || !e.multipart_files.is_empty()
            || !e.signs_with_other_methods.is_empty();
        if others {
            problems.push(
                file.at_key(
                    &format!("{epath}.error"),
                    "`error` cannot be combined with request expectations",
                )
                .with_help("a refused request sends nothing; split this into two cases"),
            );
        }
        return Some(RequestExpect::Error {
            message: message.clone(),
        });
    }
    if e.sign.is_none()
        && e.body.is_none()
        && e.body_includes.is_empty()
        && e.body_excludes.is_empty()
        && e.multipart_files.is_empty()
    {
        problems.push(file.at_key(&epath, "the case expects nothing").with_help(
            "give `sign`, `body`, `body_includes`, `body_excludes`, `multipart_files` or `error`",
        ));
    }
    if !e.multipart_files.is_empty() && gateway.files != FilePolicy::Multipart {
        problems.push(
            file.at_key(
                &format!("{epath}.multipart_files"),
                format!(
                    "gateway `{}` sends files as base64 fields, not multipart",
                    gateway.name
                ),
            )
            .with_help("remove `multipart_files`; check the file fields with `body_includes`"),
        );
    }
    if !e.multipart_files.is_empty()
        && (e.body.is_some() || !e.body_includes.is_empty() || !e.body_excludes.is_empty())
    {
        problems.push(
            file.at_key(
                &format!("{epath}.multipart_files"),
                "a multipart body has a random boundary, so it cannot be compared as text",
            )
            .with_help("check `sign` and `multipart_files` only"),
        );
    }
    let mut other_signs = Vec::new();
    for (name, sign) in &e.signs_with_other_methods {
        if let Some(a) = algorithm(
            file,
            &format!("{epath}.signs_with_other_methods.{name}"),
            name,
            gateway,
            problems,
        ) {
            other_signs.push((a, sign.clone()));
        }
    }
    Some(RequestExpect::Request {
        sign: e.sign.clone(),
        other_signs,
        body: e.body.clone(),
        body_includes: e.body_includes.clone(),
        body_excludes: e.body_excludes.clone(),
        multipart_files: e.multipart_files.clone(),
    })
}

/// A YAML value read as a value of `ty`.
fn case_value(
    file: &LoadedFile,
    path: &str,
    value: &Value,
    ty: &Type,
    api: &Api,
    problems: &mut Diagnostics,
) -> Option<CaseValue> {
    let wrong = |problems: &mut Diagnostics, what: &str| {
        problems.push(
            file.at_value(path, format!("this value is not {what}"))
                .with_help(format!("write {what} here")),
        );
        None
    };
    match ty {
        Type::String | Type::Date | Type::Decimal | Type::Json | Type::Enum(_) => match value {
            Value::String(s) => Some(CaseValue::String(s.clone())),
            Value::Number(n) => Some(CaseValue::String(n.to_string())),
            Value::Bool(b) => Some(CaseValue::String(b.to_string())),
            Value::Mapping(m) if m.get("repeat").is_some() => {
                let text = m.get("repeat").and_then(Value::as_str);
                let times = m.get("times").and_then(Value::as_u64);
                match (text, times) {
                    (Some(text), Some(times)) if m.len() == 2 && times <= 100_000 => {
                        Some(CaseValue::String(text.repeat(times as usize)))
                    }
                    _ => wrong(problems, "`{repeat: TEXT, times: N}` (N at most 100000)"),
                }
            }
            _ => wrong(problems, "text"),
        },
        Type::Int64 => {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                _ => {
                    return wrong(
                        problems,
                        "an integer (quote long ids: \"110056431137563058\")",
                    );
                }
            };
            let digits = text.strip_prefix('-').unwrap_or(&text);
            if digits.is_empty()
                || !digits.chars().all(|c| c.is_ascii_digit())
                || text.parse::<i64>().is_err()
            {
                return wrong(problems, "a 64-bit integer");
            }
            Some(CaseValue::Int64(text))
        }
        Type::Boolean => match value {
            Value::Bool(b) => Some(CaseValue::Boolean(*b)),
            Value::String(s) if s == "true" || s == "false" => {
                Some(CaseValue::Boolean(s == "true"))
            }
            _ => wrong(problems, "`true` or `false`"),
        },
        Type::File => {
            let Value::Mapping(m) = value else {
                return wrong(problems, "`{filename, head_hex, size}`");
            };
            let filename = m.get("filename").and_then(Value::as_str);
            let head = m
                .get("head_hex")
                .and_then(Value::as_str)
                .and_then(decode_hex);
            let size = m.get("size").and_then(Value::as_u64);
            match (filename, head, size) {
                (Some(filename), Some(head), Some(size))
                    if m.len() == 3 && size >= head.len() as u64 && size <= 16 << 20 =>
                {
                    Some(CaseValue::File {
                        filename: filename.to_owned(),
                        head,
                        size,
                    })
                }
                _ => wrong(
                    problems,
                    "`{filename: NAME, head_hex: HEX, size: BYTES}` with size ≥ the head and at most 16 MiB",
                ),
            }
        }
        Type::Struct(name) => {
            let Value::Mapping(m) = value else {
                return wrong(problems, &format!("a `{name}` mapping"));
            };
            let decl = api.structs.iter().find(|s| &s.name == name)?;
            let mut fields = Vec::new();
            for (key, v) in m {
                let key = key.as_str().unwrap_or_default();
                let Some(field) = decl.fields.iter().find(|f| f.name == key) else {
                    problems.push(
                        file.at_key(
                            &format!("{path}.{key}"),
                            format!("`{name}` has no field `{key}`"),
                        )
                        .with_help(format!("use the fields declared in struct `{name}`")),
                    );
                    continue;
                };
                if let Some(v) =
                    case_value(file, &format!("{path}.{key}"), v, &field.ty, api, problems)
                {
                    fields.push((key.to_owned(), v));
                }
            }
            fields.sort_by_key(|(n, _)| decl.fields.iter().position(|f| &f.name == n));
            Some(CaseValue::Struct(fields))
        }
        Type::List(inner) => {
            let Value::Sequence(items) = value else {
                return wrong(problems, "a list");
            };
            let values: Vec<_> = items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    case_value(file, &format!("{path}[{i}]"), v, inner, api, problems)
                })
                .collect();
            Some(CaseValue::List(values))
        }
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)` → Unix milliseconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let offset_minutes = match &text[19..] {
        "Z" | "z" => 0,
        rest if rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && &rest[3..4] == ":" =>
        {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (rest[1..3].parse::<i64>().ok()? * 60 + rest[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000)
}

pub fn response_cases(sources: &[Source<'_>], problems: &mut Diagnostics) -> Vec<ResponseCase> {
    let mut cases = Vec::new();
    for (source, path, c) in named(
        sources,
        "response_cases",
        |s| s.response,
        |c| &c.name,
        problems,
    ) {
        let file = source.file;
        let expect = match (&c.expect.value, &c.expect.error) {
            (Some(value), None) => match serde_json::to_string(value) {
                Ok(json) => ResponseExpect::Value { json },
                Err(e) => {
                    problems.push(file.at_value(&format!("{path}.expect.value"), format!("this value cannot be written as JSON: {e}")).with_help("write the expected value with JSON types only (strings, numbers, booleans, lists, maps with string keys)"));
                    continue;
                }
            },
            (None, Some(fields)) => ResponseExpect::Error {
                fields: fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            },
            _ => {
                problems.push(
                    file.at_key(
                        &format!("{path}.expect"),
                        "give exactly one of `value` and `error`",
                    )
                    .with_help("`value` for a parsed response, `error` for a gateway error"),
                );
                continue;
            }
        };
        cases.push(ResponseCase {
            from_cases_file: source.key == "cases",
            name: c.name.clone(),
            description: c.description.clone(),
            body: c.body.clone(),
            expect,
        });
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339;

    #[test]
    fn rfc3339_to_millis() {
        // 2025-09-15 13:40:23 at +08:00 is 05:40:23 UTC.
        assert_eq!(
            parse_rfc3339("2025-09-15T13:40:23+08:00"),
            Some(1_757_914_823_000)
        );
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2021-04-19T23:42:09+08:00"),
            Some(1_618_846_929_000)
        );
        assert_eq!(parse_rfc3339("2021-13-19T23:42:09+08:00"), None);
    }
}
