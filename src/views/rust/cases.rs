//! The conformance tests of a generated crate: the specs' `sign_cases`, `request_cases` and
//! `response_cases` as Rust statements (one `#[test]` per case, named after it).

use serde::Serialize;

use crate::model::{Api, CaseValue, Gateway, RequestExpect, ResponseExpect, SignAlgorithm, Type};

use super::escape::{doc, string_literal};
use crate::naming::rust as names;

#[derive(Serialize)]
pub struct TestCase {
    pub name: String,
    pub doc: String,
    /// The body of the test function, one statement per line.
    pub body: Vec<String>,
}

#[derive(Serialize)]
pub struct TestModule {
    pub module: String,
    pub cases: Vec<TestCase>,
}

pub fn sign_method(a: SignAlgorithm) -> &'static str {
    match a {
        SignAlgorithm::Md5 => "SignMethod::Md5",
        SignAlgorithm::HmacMd5 => "SignMethod::HmacMd5",
        SignAlgorithm::HmacSha256 => "SignMethod::HmacSha256",
    }
}

pub fn sign_cases(gw: &Gateway) -> Vec<TestCase> {
    gw.sign_cases
        .iter()
        .map(|c| {
            let pairs: Vec<String> =
                c.params.iter().map(|(k, v)| format!("({}, {})", string_literal(k), string_literal(v))).collect();
            TestCase {
                name: names::field(&c.name),
                doc: doc(&c.description, "    "),
                body: vec![
                    format!("let params = [{}];", pairs.join(", ")),
                    format!(
                        "let sign = sign::sign(&params, {}, {}, GATEWAY.hex);",
                        string_literal(&c.secret),
                        sign_method(c.algorithm)
                    ),
                    format!("assert_eq!(sign, {});", string_literal(&c.sign)),
                ],
            }
        })
        .collect()
}

/// A Rust expression for a case value of type `ty`, in API module `module`.
fn value_expr(api: &Api, module: &str, ty: &Type, value: &CaseValue) -> String {
    match (ty, value) {
        (Type::Int64, CaseValue::Int64(d)) => format!("{d}_i64"),
        (Type::Boolean, CaseValue::Boolean(b)) => b.to_string(),
        (Type::Enum(name), CaseValue::String(s)) => format!("{module}::{}::from({})", names::type_name(name), string_literal(s)),
        (Type::Json, CaseValue::String(s)) => format!("Json::parse({}).unwrap()", string_literal(s)),
        (Type::Date, CaseValue::String(s)) => format!("DateTime::parse({}).expect(\"a date\")", string_literal(s)),
        (_, CaseValue::String(s)) => format!("{}.to_owned()", string_literal(s)),
        (Type::List(inner), CaseValue::List(items)) => {
            let items: Vec<String> = items.iter().map(|v| value_expr(api, module, inner, v)).collect();
            format!("vec![{}]", items.join(", "))
        }
        (Type::Struct(name), CaseValue::Struct(fields)) => {
            let Some(s) = api.structs.iter().find(|s| &s.name == name) else { return "Default::default()".to_owned() };
            let mut out = format!("{{ let mut value = {module}::{}::new();", names::type_name(name));
            for (key, v) in fields {
                if let Some(f) = s.fields.iter().find(|f| &f.name == key) {
                    out.push_str(&format!(" value.{}({});", names::setter(key), value_expr(api, module, &f.ty, v)));
                }
            }
            out.push_str(" value }");
            out
        }
        (_, CaseValue::File { filename, head, size }) => {
            let head: Vec<String> = head.iter().map(|b| format!("0x{b:02X}")).collect();
            format!("file({}, &[{}], {size})", string_literal(filename), head.join(", "))
        }
        (_, CaseValue::Int64(d)) => format!("{d}_i64"),
        (_, CaseValue::Boolean(b)) => b.to_string(),
        (_, CaseValue::Struct(_) | CaseValue::List(_)) => "Default::default()".to_owned(),
    }
}

pub fn request_cases(gw: &Gateway, api: &Api) -> Vec<TestCase> {
    let module = names::module(&api.base_name);
    let request = format!("{module}::{}", names::type_name(&format!("{}_request", api.base_name)));
    let mut out = Vec::new();
    for c in &api.request_cases {
        let mut body = vec![format!(
            "let config = ClientConfig::new({}, {}).sign_method({}).clock(|| {}_i64);",
            string_literal(&c.app_key),
            string_literal(&c.secret),
            sign_method(c.sign_method),
            c.now_millis
        )];
        for (name, value) in &c.settings {
            if let Some(s) = gw.settings.iter().find(|s| &s.name == name) {
                let value = if s.kind == crate::model::SettingKind::Boolean { value.clone() } else { string_literal(value) };
                body.push(format!("let config = config.{}({value});", names::setting(&s.name)));
            }
        }
        body.push(format!("let mut request = {request}::new();"));
        for (name, value) in &c.params {
            if let Some(p) = api.params.iter().find(|p| &p.name == name) {
                // A date parameter is the text sent.
                let ty = if p.ty == Type::Date { &Type::String } else { &p.ty };
                body.push(format!("request.{}({});", names::setter(name), value_expr(api, &module, ty, value)));
            }
        }
        let session = c.session.as_deref().map_or_else(|| "None".to_owned(), |s| format!("Some({})", string_literal(s)));
        body.push(format!("let result = config.prepare(&request, {session});"));
        match &c.expect {
            RequestExpect::Error { message } => {
                body.push("let error = result.expect_err(\"validation must refuse the request\");".to_owned());
                body.push("assert_eq!(error.kind(), ErrorKind::Validation);".to_owned());
                body.push(format!("assert_eq!(error.to_string(), {});", string_literal(message)));
            }
            RequestExpect::Request { sign, other_signs, body: whole, body_includes, body_excludes, multipart_files } => {
                body.push("let prepared = result.expect(\"the request is valid\");".to_owned());
                if whole.is_some() || !body_includes.is_empty() || !body_excludes.is_empty() {
                    body.push("let text = prepared.body_text();".to_owned());
                }
                if let Some(sign) = sign {
                    body.push(format!("assert_eq!(prepared.sign, {});", string_literal(sign)));
                }
                if let Some(whole) = whole {
                    body.push(format!("assert_eq!(text, {});", string_literal(whole)));
                }
                for part in body_includes {
                    body.push(format!("assert!(text.contains({0}), \"body lacks {{}}: {{text}}\", {0});", string_literal(part)));
                }
                for part in body_excludes {
                    body.push(format!("assert!(!text.contains({0}), \"body has {{}}: {{text}}\", {0});", string_literal(part)));
                }
                if !multipart_files.is_empty() {
                    let files: Vec<String> = multipart_files.iter().map(|f| string_literal(f)).collect();
                    body.push("assert!(prepared.content_type.starts_with(\"multipart/form-data; boundary=\"));".to_owned());
                    body.push(format!(
                        "assert_eq!(prepared.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), [{}]);",
                        files.join(", ")
                    ));
                    for f in &files {
                        body.push(format!("assert!(prepared.param({f}).is_none(), \"a file part is not a signed text parameter\");"));
                    }
                }
                for (method, expected) in other_signs {
                    body.push(format!(
                        "assert_eq!(config.clone().sign_method({}).prepare(&request, {session}).expect(\"valid\").sign, {});",
                        sign_method(*method),
                        string_literal(expected)
                    ));
                }
            }
        }
        out.push(TestCase { name: names::field(&c.name), doc: doc(&c.description, "    "), body });
    }
    out
}

pub fn response_cases(api: &Api) -> Vec<TestCase> {
    let module = names::module(&api.base_name);
    let request = format!("{module}::{}", names::type_name(&format!("{}_request", api.base_name)));
    api.response_cases
        .iter()
        .map(|c| {
            let mut body = vec![format!("let result = parse_response::<{request}>({});", string_literal(&c.body))];
            match &c.expect {
                ResponseExpect::Value { json } => {
                    body.push("let response = result.expect(\"a typed response\");".to_owned());
                    body.push(format!("let expected = Json::parse({}).unwrap();", string_literal(json)));
                    body.push("assert_eq!(response.to_json(), expected);".to_owned());
                }
                ResponseExpect::Error { fields } => {
                    let pairs: Vec<String> =
                        fields.iter().map(|(k, v)| format!("({}, {})", string_literal(k), string_literal(v))).collect();
                    body.push("let error = result.expect_err(\"a gateway error\");".to_owned());
                    body.push("let gateway = error.gateway().expect(\"a gateway error\");".to_owned());
                    body.push(format!("assert_eq!(gateway.fields(), [{}]);", pairs.join(", ")));
                    body.push(format!("assert_eq!(gateway.body, {});", string_literal(&c.body)));
                }
            }
            TestCase { name: names::field(&c.name), doc: doc(&c.description, "    "), body }
        })
        .collect()
}
