//! The conformance cases of the specs as Python test functions (`tests/test_conformance.py`).

use serde::Serialize;

use super::escape;
use super::layout::Expr;
use crate::model::{Api, CaseValue, Gateway, RequestExpect, ResponseExpect, Type};
use crate::naming::python as names;

#[derive(Serialize)]
pub struct SignCaseView {
    pub func: String,
    pub doc: String,
    pub algorithm: String,
    pub secret: String,
    /// `("name", "value")` tuple literals, one per signed parameter.
    pub params: Vec<String>,
    pub sign: String,
}

#[derive(Serialize)]
pub struct RequestCaseView {
    pub func: String,
    pub doc: String,
    /// The arguments of the `Client(...)` call (the template lays them out).
    pub client: Vec<String>,
    pub request_class: String,
    /// The keyword arguments of the request class, each laid out for its line (indented twice)
    /// with its trailing comma.
    pub request: Vec<String>,
    pub session: String,
    pub error: Option<String>,
    /// Whether a check reads the urlencoded body.
    pub needs_body: bool,
    pub sign: Option<String>,
    pub body: Option<String>,
    pub includes: Vec<String>,
    pub excludes: Vec<String>,
    /// String literals of the file parameters, when the request is multipart.
    pub multipart_files: Vec<String>,
    pub other_signs: Vec<OtherSign>,
}

/// The same request signed with another algorithm.
#[derive(Serialize)]
pub struct OtherSign {
    pub client: Vec<String>,
    pub sign: String,
}

#[derive(Serialize)]
pub struct ResponseCaseView {
    pub func: String,
    pub doc: String,
    pub request: String,
    pub body: String,
    pub value: Option<String>,
    /// `"key": "value"` entries of the expected error fields, when the case expects an error.
    pub error_fields: Option<Vec<String>>,
}

#[derive(Serialize, Default)]
pub struct Cases {
    pub sign: Vec<SignCaseView>,
    pub request: Vec<RequestCaseView>,
    pub response: Vec<ResponseCaseView>,
    pub request_classes: Vec<String>,
    /// Names the request cases use besides the request classes (`FileInput`, structs).
    pub used_names: std::collections::BTreeSet<String>,
    /// Whether a request case has a date (written as a `datetime`, imported from the stdlib).
    pub dates: bool,
}

fn pairs(items: &[(String, String)]) -> Vec<String> {
    items
        .iter()
        .map(|(k, v)| format!("({}, {})", escape::string(k), escape::string(v)))
        .collect()
}

pub fn cases(g: &Gateway) -> Cases {
    let mut out = Cases::default();
    for c in &g.sign_cases {
        out.sign.push(SignCaseView {
            func: format!("test_sign_{}", names::field(&c.name)),
            doc: case_doc(&c.description),
            algorithm: escape::string(c.algorithm.wire_name()),
            secret: escape::string(&c.secret),
            params: pairs(&c.params),
            sign: escape::string(&c.sign),
        });
    }
    for api in &g.apis {
        let module = names::module(&api.base_name);
        let request_class = names::class(&format!("{}_request", api.base_name));
        out.request_classes.push(request_class.clone());
        for c in &api.request_cases {
            let mut settings: Vec<String> = c
                .settings
                .iter()
                .map(|(k, v)| format!("{}={}", names::setting(k), setting_literal(g, k, v)))
                .collect();
            settings.insert(0, format!("clock=lambda: {}", c.now_millis));
            let client = |alg: &str| {
                let mut args = vec![
                    "None".to_owned(),
                    escape::string(&c.app_key),
                    escape::string(&c.secret),
                    format!("sign_method={}", escape::string(alg)),
                ];
                args.extend(settings.iter().cloned());
                args
            };
            let args: Vec<String> = c
                .params
                .iter()
                .map(|(name, value)| {
                    let ty = api
                        .params
                        .iter()
                        .find(|p| &p.name == name)
                        .map(|p| p.ty.clone())
                        .unwrap_or(Type::String);
                    let value = value_expr(value, &ty, api, &mut out.used_names, &mut out.dates);
                    Expr::Prefixed(format!("{}=", names::attribute(name)), Box::new(value))
                        .render(8, ",")
                })
                .collect();
            let mut view = RequestCaseView {
                func: format!("test_request_{module}_{}", names::field(&c.name)),
                doc: case_doc(&c.description),
                client: client(c.sign_method.wire_name()),
                request_class: request_class.clone(),
                request: args,
                session: c
                    .session
                    .as_deref()
                    .map(escape::string)
                    .unwrap_or_else(|| "None".into()),
                error: None,
                needs_body: false,
                sign: None,
                body: None,
                includes: vec![],
                excludes: vec![],
                multipart_files: vec![],
                other_signs: vec![],
            };
            match &c.expect {
                RequestExpect::Error { message } => {
                    view.error = Some(assigned("expected", escape::string(message)))
                }
                RequestExpect::Request {
                    sign,
                    other_signs,
                    body,
                    body_includes,
                    body_excludes,
                    multipart_files,
                } => {
                    view.needs_body =
                        body.is_some() || !body_includes.is_empty() || !body_excludes.is_empty();
                    view.sign = sign.as_deref().map(escape::string);
                    view.body = body
                        .as_deref()
                        .map(|b| assigned("expected", escape::string(b)));
                    view.includes = body_includes.iter().map(|s| escape::string(s)).collect();
                    view.excludes = body_excludes.iter().map(|s| escape::string(s)).collect();
                    if !multipart_files.is_empty() {
                        view.multipart_files =
                            multipart_files.iter().map(|s| escape::string(s)).collect();
                    }
                    view.other_signs = other_signs
                        .iter()
                        .map(|(alg, s)| OtherSign {
                            client: client(alg.wire_name()),
                            sign: escape::string(s),
                        })
                        .collect();
                }
            }
            out.request.push(view);
        }
        for c in &api.response_cases {
            let (value, error_fields) = match &c.expect {
                ResponseExpect::Value { json } => {
                    (Some(assigned("expected", escape::string(json))), None)
                }
                ResponseExpect::Error { fields } => {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("{}: {}", escape::string(k), escape::string(v)))
                        .collect();
                    (None, Some(parts))
                }
            };
            out.response.push(ResponseCaseView {
                func: format!("test_response_{module}_{}", names::field(&c.name)),
                doc: case_doc(&c.description),
                request: request_class.clone(),
                body: assigned("text", escape::string(&c.body)),
                value,
                error_fields,
            });
        }
    }
    out.request_classes.retain(|name| {
        out.request.iter().any(|c| &c.request_class == name)
            || out.response.iter().any(|c| &c.request == name)
    });
    out.request_classes.sort();
    out.request_classes.dedup();
    out
}

/// A test's docstring, or nothing for a case without a description (not an empty `""""""`).
fn case_doc(description: &str) -> String {
    if description.is_empty() {
        String::new()
    } else {
        escape::docstring(description, "    ")
    }
}

/// A string literal assigned to `name` in a test body (indent 4): in parentheses on a line of its
/// own when only that makes it fit, as `ruff format` writes it.
fn assigned(name: &str, literal: String) -> String {
    Expr::Atom(literal).assigned(4, name)
}

/// `yyyy-MM-dd HH:mm:ss`, digits where digits belong.
fn is_date_time(text: &str) -> bool {
    text.len() == 19
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b' ',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        })
}

/// A case value as a Python expression of the parameter's type (laid out by `layout`).
fn value_expr(
    value: &CaseValue,
    ty: &Type,
    api: &Api,
    used: &mut std::collections::BTreeSet<String>,
    dates: &mut bool,
) -> Expr {
    match value {
        // A date parameter takes a `datetime`; the spec's `yyyy-MM-dd HH:mm:ss` is GMT+8.
        CaseValue::String(s) if *ty == Type::Date && is_date_time(s) => {
            *dates = true;
            let iso = format!("{}T{}+08:00", &s[..10], &s[11..]);
            Expr::Call(
                "datetime.fromisoformat".into(),
                vec![Expr::Atom(escape::string(&iso))],
            )
        }
        CaseValue::String(s) => Expr::Atom(escape::string(s)),
        CaseValue::Int64(digits) => {
            let bare = digits.trim_start_matches('-');
            if bare.len() > 1 && bare.starts_with('0') {
                Expr::Call("int".into(), vec![Expr::Atom(escape::string(digits))])
            } else {
                Expr::Atom(digits.clone())
            }
        }
        CaseValue::Boolean(b) => Expr::Atom(super::types::py_bool(*b).into()),
        CaseValue::List(items) => {
            let item_ty = if let Type::List(t) = ty {
                (**t).clone()
            } else {
                ty.clone()
            };
            Expr::List(
                items
                    .iter()
                    .map(|v| value_expr(v, &item_ty, api, used, dates))
                    .collect(),
            )
        }
        CaseValue::Struct(fields) => {
            let name = if let Type::Struct(n) = ty {
                n.clone()
            } else {
                String::new()
            };
            let def = api.structs.iter().find(|s| s.name == name);
            let args: Vec<Expr> = fields
                .iter()
                .map(|(f, v)| {
                    let fty = def
                        .and_then(|d| d.fields.iter().find(|x| &x.name == f))
                        .map(|x| x.ty.clone())
                        .unwrap_or(Type::String);
                    let value = value_expr(v, &fty, api, used, dates);
                    Expr::Prefixed(format!("{}=", names::attribute(f)), Box::new(value))
                })
                .collect();
            used.insert(names::class(&name));
            Expr::Call(names::class(&name), args)
        }
        CaseValue::File {
            filename,
            head,
            size,
        } => {
            used.insert("FileInput".into());
            let hex: String = head.iter().map(|b| format!("{b:02x}")).collect();
            let pad = size.saturating_sub(head.len() as u64);
            let bytes = format!("bytes.fromhex(\"{hex}\") + bytes({pad})");
            Expr::Call(
                "FileInput".into(),
                vec![Expr::Atom(bytes), Expr::Atom(escape::string(filename))],
            )
        }
    }
}

impl Cases {
    fn has_request_error(&self) -> bool {
        self.request.iter().any(|c| c.error.is_some())
    }

    fn has_response_error(&self) -> bool {
        self.response.iter().any(|c| c.error_fields.is_some())
    }

    /// What the test module imports from the package (sorted), so nothing is unused.
    pub fn package_imports(&self) -> Vec<String> {
        let mut names: Vec<String> = self.request_classes.clone();
        names.extend(self.used_names.iter().cloned());
        let mut add = |cond: bool, name: &str| {
            if cond {
                names.push(name.to_owned());
            }
        };
        add(
            !self.request.is_empty() || !self.response.is_empty(),
            "Client",
        );
        add(!self.sign.is_empty(), "GATEWAY");
        add(self.has_request_error(), "ValidationError");
        add(self.has_response_error(), "GatewayError");
        add(self.response.iter().any(|c| c.value.is_some()), "to_json");
        names.sort();
        names.dedup();
        names
    }
}

/// Flags the test template uses to import only what it needs.
#[derive(Serialize)]
pub struct TestFlags {
    pub pytest: bool,
    pub loads: bool,
    pub compute_sign: bool,
    pub datetime: bool,
}

impl Cases {
    pub fn flags(&self) -> TestFlags {
        TestFlags {
            pytest: self.has_request_error() || self.has_response_error(),
            loads: self.response.iter().any(|c| c.value.is_some()),
            compute_sign: !self.sign.is_empty(),
            datetime: self.dates,
        }
    }
}

/// A case's setting value as Python: `True`/`False` for a boolean setting, else a string.
fn setting_literal(g: &Gateway, name: &str, value: &str) -> String {
    let boolean = g
        .settings
        .iter()
        .any(|s| s.name == name && s.kind == crate::model::SettingKind::Boolean);
    if boolean {
        if value == "true" { "True" } else { "False" }.to_owned()
    } else {
        escape::string(value)
    }
}
