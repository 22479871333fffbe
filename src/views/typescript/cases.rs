//! The conformance test context: each spec case as ready-to-print TypeScript.

use heck::ToLowerCamelCase;
use serde::Serialize;

use super::escape::string_literal;
use crate::naming::typescript as names;
use crate::model::{Api, CaseValue, RequestCase, RequestExpect, ResponseCase, ResponseExpect, Setting, SettingKind, SignCase};

#[derive(Serialize)]
pub struct SignCaseView {
    name: String,
    params: String,
    secret: String,
    algorithm: String,
    sign: String,
}

#[derive(Serialize)]
pub struct RequestCaseView {
    name: String,
    request_class: String,
    options: String,
    params: String,
    session: String,
    error: Option<String>,
    checks: Vec<String>,
}

#[derive(Serialize)]
pub struct ResponseCaseView {
    name: String,
    api: String,
    body: String,
    json: Option<String>,
    error: Option<String>,
}

pub fn sign_case(case: &SignCase) -> SignCaseView {
    let pairs: Vec<String> = case.params.iter().map(|(k, v)| format!("[{}, {}]", string_literal(k), string_literal(v))).collect();
    SignCaseView {
        name: string_literal(&case.name),
        params: format!("[{}]", pairs.join(", ")),
        secret: string_literal(&case.secret),
        algorithm: string_literal(case.algorithm.wire_name()),
        sign: string_literal(&case.sign),
    }
}

fn value(v: &CaseValue) -> String {
    match v {
        CaseValue::String(s) => string_literal(s),
        CaseValue::Int64(digits) => format!("{digits}n"),
        CaseValue::Boolean(b) => b.to_string(),
        CaseValue::Struct(fields) => object(fields),
        CaseValue::List(items) => format!("[{}]", items.iter().map(value).collect::<Vec<_>>().join(", ")),
        CaseValue::File { filename, head, size } => {
            let hex: String = head.iter().map(|b| format!("{b:02X}")).collect();
            format!("file({}, {}, {size})", string_literal(filename), string_literal(&hex))
        }
    }
}

fn object(fields: &[(String, CaseValue)]) -> String {
    if fields.is_empty() {
        return "{}".into();
    }
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{}: {}", names::property(k), value(v))).collect();
    format!("{{ {} }}", parts.join(", "))
}

fn options(case: &RequestCase, settings: &[Setting], sign_method: &str) -> String {
    let mut parts = vec![
        format!("appKey: {}", string_literal(&case.app_key)),
        format!("secret: {}", string_literal(&case.secret)),
        format!("signMethod: {}", string_literal(sign_method)),
        format!("clock: () => {}", case.now_millis),
    ];
    parts.extend(case.settings.iter().map(|(k, v)| {
        // check has made sure a boolean setting's value is `true` or `false`.
        let boolean = settings.iter().any(|s| &s.name == k && s.kind == SettingKind::Boolean);
        format!("{}: {}", names::property(&k.to_lower_camel_case()), if boolean { v.clone() } else { string_literal(v) })
    }));
    format!("{{ {} }}", parts.join(", "))
}

pub fn request_case(api: &Api, case: &RequestCase, settings: &[Setting], client: &str) -> RequestCaseView {
    let request_class = format!("{}Request", names::type_name(&api.base_name));
    let params = object(&case.params);
    let session = case.session.as_deref().map_or("undefined".into(), string_literal);
    let mut checks = Vec::new();
    let mut error = None;
    match &case.expect {
        RequestExpect::Error { message } => error = Some(string_literal(message)),
        RequestExpect::Request { sign, other_signs, body, body_includes, body_excludes, multipart_files } => {
            if let Some(sign) = sign {
                checks.push(format!("assert.equal(prepared.sign, {});", string_literal(sign)));
            }
            if let Some(body) = body {
                checks.push(format!("assert.equal(body, {});", string_literal(body)));
            }
            for s in body_includes {
                checks.push(format!("assert.ok(body.includes({0}), `body lacks ${{{0}}}: ${{body}}`);", string_literal(s)));
            }
            for s in body_excludes {
                checks.push(format!("assert.ok(!body.includes({0}), `body holds ${{{0}}}: ${{body}}`);", string_literal(s)));
            }
            if !multipart_files.is_empty() {
                let names: Vec<String> = multipart_files.iter().map(|n| string_literal(n)).collect();
                checks.push("assert.match(prepared.contentType, /^multipart\\/form-data; boundary=/);".into());
                checks.push(format!("assert.deepEqual(prepared.files.map((f) => f.name), [{}]);", names.join(", ")));
                checks.push(format!(
                    "for (const name of [{}]) assert.ok(!prepared.params.some(([k]) => k === name), `${{name}} must not be a text parameter`);",
                    names.join(", ")
                ));
            }
            for (algorithm, sign) in other_signs {
                checks.push(format!(
                    "assert.equal(new {client}({}).prepare(request, {session}).sign, {});",
                    options(case, settings, algorithm.wire_name()),
                    string_literal(sign)
                ));
            }
        }
    }
    RequestCaseView {
        name: string_literal(&case.name),
        request_class,
        options: options(case, settings, case.sign_method.wire_name()),
        params,
        session,
        error,
        checks,
    }
}

pub fn response_case(api: &Api, case: &ResponseCase) -> ResponseCaseView {
    let (json, error) = match &case.expect {
        ResponseExpect::Value { json } => (Some(string_literal(json)), None),
        ResponseExpect::Error { fields } => {
            let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{}: {}", names::property(k), string_literal(v))).collect();
            (None, Some(format!("{{ {} }}", parts.join(", "))))
        }
    };
    ResponseCaseView { name: string_literal(&case.name), api: string_literal(&api.name), body: string_literal(&case.body), json, error }
}
