//! The conformance test context: each spec case as TypeScript statements, already laid out as
//! prettier lays them out (see `layout`), so the generated tests pass the formatter check too.

use heck::ToLowerCamelCase;
use serde::Serialize;

use super::escape::string_literal as quoted;
use super::layout;
use crate::model::{
    Api, CaseValue, RequestCase, RequestExpect, ResponseCase, ResponseExpect, Setting, SettingKind,
    SignCase,
};
use crate::naming::typescript as names;

/// Statements of a test body sit at this indent.
const BODY: usize = 2;

#[derive(Serialize)]
pub struct SignCaseView {
    name: String,
    params: String,
    sign: String,
    check: String,
}

#[derive(Serialize)]
pub struct RequestCaseView {
    name: String,
    client: String,
    request: String,
    refused: Option<String>,
    prepared: String,
    checks: Vec<String>,
}

#[derive(Serialize)]
pub struct ResponseCaseView {
    name: String,
    api: String,
    body: String,
    value: Option<String>,
    expected: Option<String>,
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

/// `const name = "…";` at the body indent.
fn constant(name: &str, text: &str) -> String {
    layout::assign(
        BODY,
        &format!("const {name}"),
        " =",
        &|_| quoted(text),
        true,
        ";",
    )
}

/// A statement `head(args);` of string arguments and expressions at the body indent.
fn statement(head: &str, args: &[String]) -> String {
    layout::call(BODY, head, &|_| args.to_vec(), ";")
}

pub fn sign_case(case: &SignCase) -> SignCaseView {
    let pairs: Vec<String> = case
        .params
        .iter()
        .map(|(k, v)| layout::array(BODY + 2, "", &[quoted(k), quoted(v)], ""))
        .collect();
    // prettier breaks an array of two or more arrays of two or more items, one per line.
    let params = if pairs.len() > 1 {
        let items: String = pairs
            .iter()
            .map(|p| format!("{}{p},\n", pad(BODY + 2)))
            .collect();
        format!("const params = [\n{items}{}];", pad(BODY))
    } else {
        layout::array(BODY, "const params = ", &pairs, ";")
    };
    let args = [
        "params".to_owned(),
        quoted(&case.secret),
        quoted(case.algorithm.wire_name()),
        "GATEWAY.signing.hex".to_owned(),
    ];
    SignCaseView {
        name: quoted(&case.name),
        params,
        sign: statement("const sign = signParameters", &args),
        check: statement("assert.equal", &["sign".to_owned(), quoted(&case.sign)]),
    }
}

/// A value written for a line at `indent`.
fn value(v: &CaseValue, indent: usize) -> String {
    match v {
        CaseValue::String(s) => quoted(s),
        CaseValue::Int64(digits) => bigint(digits),
        CaseValue::Boolean(b) => b.to_string(),
        CaseValue::Struct(fields) => object(fields, indent),
        CaseValue::List(items) => list(items, indent, "", ""),
        CaseValue::File { .. } => file(v, indent, "file", ""),
    }
}

/// `head[items]tail` for a line at `indent`: on one line when that whole line fits, else one
/// item per line (each item laid out for its own line, followed by its comma).
fn list(items: &[CaseValue], indent: usize, head: &str, tail: &str) -> String {
    let flat: Vec<String> = items.iter().map(|i| value(i, indent + 2)).collect();
    if !flat.iter().any(|i| i.contains('\n')) {
        return layout::array(indent, head, &flat, tail);
    }
    let items: String = flat
        .iter()
        .map(|i| format!("{}{i},\n", pad(indent + 2)))
        .collect();
    format!("{head}[\n{items}{}]{tail}", pad(indent))
}

/// `head(filename, headHex, size)tail` for a file value.
fn file(v: &CaseValue, indent: usize, head: &str, tail: &str) -> String {
    let CaseValue::File {
        filename,
        head: bytes,
        size,
    } = v
    else {
        unreachable!("a file value")
    };
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    layout::call(
        indent,
        head,
        &|_| vec![quoted(filename), quoted(&hex), size.to_string()],
        tail,
    )
}

/// A property `key: value` followed by `tail`, for a line at `indent`.
fn property(key: &str, v: &CaseValue, indent: usize, tail: &str) -> String {
    let key = names::property(key);
    match v {
        CaseValue::File { .. } => file(v, indent, &format!("{key}: file"), tail),
        // prettier keeps `key: [` on the property's line and measures the line with its tail.
        CaseValue::List(items) => list(items, indent, &format!("{key}: "), tail),
        _ => keyed(
            indent,
            &key,
            &|at| value(v, at),
            matches!(v, CaseValue::String(_)),
            tail,
        ),
    }
}

/// `key: value` followed by `tail`: a string value that does not fit goes to the next line,
/// unless the key is short (narrower than prettier's tab width plus three), where prettier keeps
/// it after the colon whatever its length.
fn keyed(
    indent: usize,
    key: &str,
    value: &dyn Fn(usize) -> String,
    string: bool,
    tail: &str,
) -> String {
    let short_key = layout::width(key) < 2 + 3;
    layout::assign(indent, key, ":", value, string && !short_key, tail)
}

/// An integer as a BigInt literal: a literal has no leading zeros (`007` is refused by JS).
fn bigint(digits: &str) -> String {
    let (sign, bare) = match digits.strip_prefix('-') {
        Some(bare) => ("-", bare),
        None => ("", digits),
    };
    let bare = bare.trim_start_matches('0');
    format!("{sign}{}n", if bare.is_empty() { "0" } else { bare })
}

/// An object literal written one property per line (prettier keeps such an object expanded).
fn expanded(props: &[String], indent: usize) -> String {
    if props.is_empty() {
        return "{}".into();
    }
    let lines: String = props
        .iter()
        .map(|p| format!("{}{p}\n", pad(indent + 2)))
        .collect();
    format!("{{\n{lines}{}}}", pad(indent))
}

fn object(fields: &[(String, CaseValue)], indent: usize) -> String {
    let props: Vec<String> = fields
        .iter()
        .map(|(k, v)| property(k, v, indent + 2, ","))
        .collect();
    expanded(&props, indent)
}

fn options(case: &RequestCase, settings: &[Setting], sign_method: &str, indent: usize) -> String {
    let text = |key: &str, v: &str| keyed(indent + 2, key, &|_| quoted(v), true, ",");
    let mut props = vec![
        text("appKey", &case.app_key),
        text("secret", &case.secret),
        text("signMethod", sign_method),
        format!("clock: () => {},", case.now_millis),
    ];
    props.extend(case.settings.iter().map(|(k, v)| {
        // The client option the settings view names (`secret` → `secretSetting`).
        let key = names::setting(k);
        // check has made sure a boolean setting's value is `true` or `false`.
        if settings
            .iter()
            .any(|s| &s.name == k && s.kind == SettingKind::Boolean)
        {
            format!("{key}: {v},")
        } else {
            text(&key, v)
        }
    }));
    expanded(&props, indent)
}

pub fn request_case(
    api: &Api,
    case: &RequestCase,
    settings: &[Setting],
    client: &str,
) -> RequestCaseView {
    let request_class = format!("{}Request", names::type_name(&api.base_name));
    let session = case.session.as_deref().map_or("undefined".into(), quoted);
    let mut checks = Vec::new();
    let mut refused = None;
    match &case.expect {
        RequestExpect::Error { message } => {
            refused = Some(statement(
                "assertRefused",
                &[
                    "client".into(),
                    "request".into(),
                    session.clone(),
                    quoted(message),
                ],
            ));
        }
        RequestExpect::Request {
            sign,
            other_signs,
            body,
            body_includes,
            body_excludes,
            multipart_files,
        } => {
            if let Some(sign) = sign {
                checks.push(statement(
                    "assert.equal",
                    &["prepared.sign".into(), quoted(sign)],
                ));
            }
            if let Some(body) = body {
                checks.push(statement("assert.equal", &["body".into(), quoted(body)]));
            }
            for s in body_includes {
                checks.push(statement("assertIncludes", &["body".into(), quoted(s)]));
            }
            for s in body_excludes {
                checks.push(statement("assertExcludes", &["body".into(), quoted(s)]));
            }
            if !multipart_files.is_empty() {
                let files: Vec<String> = multipart_files.iter().map(|n| quoted(n)).collect();
                checks.push(layout::call(
                    BODY,
                    "assertFiles",
                    &|at| vec!["prepared".into(), layout::array(at, "", &files, "")],
                    ";",
                ));
            }
            for (algorithm, sign) in other_signs {
                let other = algorithm.wire_name().to_lower_camel_case();
                let options = options(case, settings, algorithm.wire_name(), BODY);
                checks.push(format!("const {other}Client = new {client}({options});"));
                checks.push(statement(
                    &format!("const {other}Prepared = {other}Client.prepare"),
                    &["request".into(), session.clone()],
                ));
                checks.push(statement(
                    "assert.equal",
                    &[format!("{other}Prepared.sign"), quoted(sign)],
                ));
            }
        }
    }
    RequestCaseView {
        name: quoted(&case.name),
        client: format!(
            "const client = new {client}({});",
            options(case, settings, case.sign_method.wire_name(), BODY)
        ),
        request: format!(
            "const request = new {request_class}({});",
            object(&case.params, BODY)
        ),
        refused,
        prepared: statement(
            "const prepared = client.prepare",
            &["request".into(), session],
        ),
        checks,
    }
}

pub fn response_case(api: &Api, case: &ResponseCase) -> ResponseCaseView {
    let (value, expected) = match &case.expect {
        ResponseExpect::Value { json } => (
            Some(statement(
                "assertSameJson",
                &["parseResponse(GATEWAY, api, body)".into(), quoted(json)],
            )),
            None,
        ),
        ResponseExpect::Error { fields } => {
            let props: Vec<String> = fields
                .iter()
                .map(|(k, v)| keyed(BODY + 2, &names::property(k), &|_| quoted(v), true, ","))
                .collect();
            (
                None,
                Some(format!("const expected = {};", expanded(&props, BODY))),
            )
        }
    };
    ResponseCaseView {
        name: quoted(&case.name),
        api: quoted(&api.name),
        body: constant("body", &case.body),
        value,
        expected,
    }
}
