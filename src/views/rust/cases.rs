//! The conformance tests of a generated crate: the specs' `sign_cases`, `request_cases` and
//! `response_cases` as Rust statements (one `#[test]` per case, named after it).
//!
//! The view hands the template each statement as its parts (what opens it, its arguments,
//! what closes it) and decides, from rustfmt's default widths, whether it fits on one line;
//! the template lays it out as rustfmt would. Long values (string literals, arrays, struct
//! values) are bound to a `let` first, so every statement has one of three simple shapes.

use serde::Serialize;

use crate::model::{Api, CaseValue, Gateway, RequestExpect, ResponseExpect, SignAlgorithm, Type};

use super::escape::{doc, string_literal};
use crate::naming::rust as names;

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width` and `array_width` (60% of `max_width`): a longer argument list
/// goes one argument per line.
const LIST_WIDTH: usize = 60;
/// The indent of a statement in a test function inside its module.
const INDENT: usize = 8;
/// rustfmt's `short_array_element_width_threshold`: a broken list whose items are all simple
/// (literals, names) and at most this many bytes long packs several items a line.
const SHORT_ITEM: usize = 10;

/// How a statement is laid out.
#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `head` + the arguments joined by `, ` + `tail`, on one line.
    Line,
    /// `head`, then one argument per line (indented once more), then `tail`; short simple
    /// arguments come packed several a line (see `packed`).
    Vertical,
    /// `head` (a `let x =`), then its single argument and `tail` on the next line.
    Wrap,
}

/// One statement of a test body.
#[derive(Serialize)]
pub struct Statement {
    pub head: String,
    pub args: Vec<String>,
    pub tail: String,
    pub layout: Layout,
    /// Whether the last argument of a vertical list has a trailing comma (not in macros).
    pub trailing_comma: bool,
}

/// Display width as rustfmt measures it: East Asian wide characters count two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2,
            0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// Whether rustfmt counts `arg` as a short simple item: a literal or a plain name (what the
/// view puts in lists), at most `SHORT_ITEM` bytes.
fn is_short_simple(arg: &str) -> bool {
    let literal = arg.starts_with('"') || arg.starts_with("b\"");
    let plain = arg
        .trim_start_matches('-')
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    arg.len() <= SHORT_ITEM && (literal || plain)
}

/// Short simple items packed as rustfmt's "mixed" list tactic packs them: as many a row as fit
/// the line after the list's indent, each item followed by its comma, one space between.
fn packed(items: &[String]) -> Vec<String> {
    // rustfmt measures a row against the list's width less one column: a row of items and
    // commas ends at column 99 at most.
    let room = MAX_WIDTH - INDENT - 4 - 1;
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for item in items {
        // The row so far, its comma, a space, the item and its comma.
        if !row.is_empty() && width(&row) + 1 + 1 + width(item) + 1 > room {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push_str(", ");
        }
        row.push_str(item);
    }
    rows.push(row);
    rows
}

impl Statement {
    /// A statement with nothing to break: `text` on its own line.
    fn line(text: impl Into<String>) -> Self {
        Statement {
            head: text.into(),
            args: Vec::new(),
            tail: String::new(),
            layout: Layout::Line,
            trailing_comma: false,
        }
    }

    /// A call (or array) `head args tail`, `head` ending in `(` or `[`: on one line when it
    /// fits `max_width` and its arguments fit the list width, else one argument (or one row of
    /// short simple arguments) per line.
    fn list(
        head: impl Into<String>,
        args: Vec<String>,
        tail: impl Into<String>,
        trailing_comma: bool,
    ) -> Self {
        let (head, tail) = (head.into(), tail.into());
        let joined = width(&args.join(", "));
        let fits =
            INDENT + width(&head) + joined + width(&tail) <= MAX_WIDTH && joined <= LIST_WIDTH;
        // A call without arguments has nothing to break.
        let layout = if fits || args.is_empty() {
            Layout::Line
        } else {
            Layout::Vertical
        };
        // `let x = [a, b];` too long for its line: rustfmt moves the whole list to the next line
        // when it fits there on one line with its `;` (and within the list width).
        if let (Layout::Vertical, Some((lhs, open)), Some(close)) = (
            layout,
            head.strip_prefix("let ").and_then(|h| h.split_once(" = ")),
            tail.strip_suffix(';'),
        ) && joined <= LIST_WIDTH
        {
            let rhs = format!("{open}{}{close}", args.join(", "));
            if INDENT + 4 + width(&rhs) < MAX_WIDTH {
                return Statement {
                    head: format!("let {lhs} = "),
                    args: vec![rhs],
                    tail: ";".to_owned(),
                    layout: Layout::Wrap,
                    trailing_comma: false,
                };
            }
        }
        let args = if layout == Layout::Vertical && args.iter().all(|a| is_short_simple(a)) {
            packed(&args)
        } else {
            args
        };
        Statement {
            head,
            args,
            tail,
            layout,
            trailing_comma,
        }
    }

    /// A function call or array literal: vertical lists end with a comma.
    fn call(head: impl Into<String>, args: Vec<String>, tail: impl Into<String>) -> Self {
        Self::list(head, args, tail, true)
    }

    /// A macro call (`assert_eq!`): rustfmt adds no trailing comma.
    fn macro_call(head: impl Into<String>, args: Vec<String>) -> Self {
        Self::list(head, args, ");", false)
    }

    /// `let name = value;` with an unbreakable `value`: on the next line when it does not
    /// fit after `=` but fits there.
    fn bind(name: &str, value: String) -> Self {
        let head = format!("let {name} =");
        let one_line = INDENT + width(&format!("{head} {value};")) <= MAX_WIDTH;
        let next_line = INDENT + 4 + width(&format!("{value};")) <= MAX_WIDTH;
        let layout = if one_line || !next_line {
            Layout::Line
        } else {
            Layout::Wrap
        };
        Statement {
            head: format!("{head} "),
            args: vec![value],
            tail: ";".to_owned(),
            layout,
            trailing_comma: false,
        }
    }
}

#[derive(Serialize)]
pub struct TestCase {
    pub name: String,
    pub doc: String,
    /// The body of the test function, one statement after another.
    pub body: Vec<Statement>,
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

/// `let {name} = [("key", "value"), …];`: a list of tuples, each tuple in a broken list on
/// one line when it fits there and its items fit the list width, else one item a line.
fn pairs<'a>(name: &str, items: impl IntoIterator<Item = (&'a String, &'a String)>) -> Statement {
    let pairs: Vec<(String, String)> = items
        .into_iter()
        .map(|(k, v)| (string_literal(k), string_literal(v)))
        .collect();
    let flat = pairs.iter().map(|(k, v)| format!("({k}, {v})")).collect();
    let mut statement = Statement::call(format!("let {name} = ["), flat, "];");
    if statement.layout != Layout::Vertical {
        return statement;
    }
    let fits = |(k, v): &(String, String), flat: &str| {
        width(k) + 2 + width(v) <= LIST_WIDTH && INDENT + 4 + width(flat) < MAX_WIDTH
    };
    if let [(k, v)] = pairs.as_slice()
        && !fits(&pairs[0], &statement.args[0])
    {
        // A lone tuple that breaks hugs the brackets: `[(`, its items, `)]`.
        return Statement::call(
            format!("let {name} = [("),
            vec![k.clone(), v.clone()],
            ")];",
        );
    }
    let (outer, inner) = (" ".repeat(INDENT + 4), " ".repeat(INDENT + 8));
    let args = std::mem::take(&mut statement.args);
    statement.args = pairs
        .iter()
        .zip(args)
        .map(|(pair, flat)| {
            if fits(pair, &flat) {
                flat
            } else {
                format!("(\n{inner}{},\n{inner}{},\n{outer})", pair.0, pair.1)
            }
        })
        .collect();
    statement
}

pub fn sign_cases(gw: &Gateway) -> Vec<TestCase> {
    gw.sign_cases
        .iter()
        .map(|c| TestCase {
            name: names::field(&c.name),
            doc: doc(&c.description, "    "),
            body: vec![
                pairs("params", c.params.iter().map(|(k, v)| (k, v))),
                Statement::bind("secret", string_literal(&c.secret)),
                Statement::line(format!(
                    "let sign = sign::sign(&params, secret, {}, GATEWAY.hex);",
                    sign_method(c.algorithm)
                )),
                Statement::bind("expected", string_literal(&c.sign)),
                Statement::macro_call(
                    "assert_eq!(",
                    vec!["sign".to_owned(), "expected".to_owned()],
                ),
            ],
        })
        .collect()
}

/// Statements that bind `value` (a case value of type `ty`, in API module `module`) to a
/// variable named after `path` (the spec's names joined by `_`, so no fixed name of the test
/// is shadowed: it ends in `_value`); returns that variable. Parts are bound first.
fn bind_value(
    api: &Api,
    module: &str,
    ty: &Type,
    value: &CaseValue,
    path: &str,
    out: &mut Vec<Statement>,
) -> String {
    let var = names::field(&format!("{path}_value"));
    let text = names::field(&format!("{path}_text"));
    match (ty, value) {
        // Numbers and booleans are short: passed as they are.
        // Without leading zeros, which clippy refuses (`zero_prefixed_literal`).
        (_, CaseValue::Int64(d)) => {
            let (sign, bare) = d.strip_prefix('-').map_or(("", d.as_str()), |b| ("-", b));
            let bare = bare.trim_start_matches('0');
            return format!("{sign}{}_i64", if bare.is_empty() { "0" } else { bare });
        }
        (_, CaseValue::Boolean(b)) => return b.to_string(),
        (Type::Enum(enum_name), CaseValue::String(s)) => {
            out.push(Statement::bind(&text, string_literal(s)));
            let from = format!("{module}::{}::from({text})", names::type_name(enum_name));
            out.push(Statement::bind(&var, from));
        }
        (Type::Json, CaseValue::String(s)) => {
            out.push(Statement::bind(&text, string_literal(s)));
            out.push(Statement::bind(
                &var,
                format!("Json::parse({text}).unwrap()"),
            ));
        }
        (Type::Date, CaseValue::String(s)) => {
            out.push(Statement::bind(&text, string_literal(s)));
            let parse = format!("DateTime::parse({text}).expect(\"a date\")");
            out.push(Statement::bind(&var, parse));
        }
        (_, CaseValue::String(s)) => {
            let whole = format!("let {var} = {}.to_owned();", string_literal(s));
            if INDENT + width(&whole) <= MAX_WIDTH {
                out.push(Statement::line(whole));
            } else {
                out.push(Statement::bind(&text, string_literal(s)));
                out.push(Statement::bind(&var, format!("{text}.to_owned()")));
            }
        }
        (Type::List(inner), CaseValue::List(items)) => {
            let items: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, v)| bind_value(api, module, inner, v, &format!("{path}_{i}"), out))
                .collect();
            out.push(Statement::call(format!("let {var} = vec!["), items, "];"));
        }
        (Type::Struct(struct_name), CaseValue::Struct(fields)) => {
            let Some(s) = api.structs.iter().find(|s| &s.name == struct_name) else {
                out.push(Statement::line(format!("let {var} = Default::default();")));
                return var;
            };
            let mut sets = Vec::new();
            for (key, v) in fields {
                if let Some(f) = s.fields.iter().find(|f| &f.name == key) {
                    let field = bind_value(api, module, &f.ty, v, &format!("{path}_{key}"), out);
                    sets.push(Statement::call(
                        format!("{var}.{}(", names::setter(key)),
                        vec![field],
                        ");",
                    ));
                }
            }
            let new = format!("{module}::{}::new()", names::type_name(struct_name));
            let binding = if sets.is_empty() {
                var.clone()
            } else {
                format!("mut {var}")
            };
            out.push(Statement::bind(&binding, new));
            out.extend(sets);
        }
        (
            _,
            CaseValue::File {
                filename,
                head,
                size,
            },
        ) => {
            // The head as a byte string: the same bytes, and one token rustfmt leaves whole.
            let bytes: String = head.iter().map(|b| format!("\\x{b:02X}")).collect();
            let (name, head) = (
                names::field(&format!("{path}_name")),
                names::field(&format!("{path}_head")),
            );
            out.push(Statement::bind(&name, string_literal(filename)));
            out.push(Statement::bind(&head, format!("b\"{bytes}\"")));
            out.push(Statement::bind(
                &var,
                format!("file({name}, {head}, {size})"),
            ));
        }
        (_, CaseValue::Struct(_) | CaseValue::List(_)) => {
            out.push(Statement::line(format!("let {var} = Default::default();")))
        }
    }
    var
}

pub fn request_cases(gw: &Gateway, api: &Api) -> Vec<TestCase> {
    let module = names::module(&api.base_name);
    let request = format!(
        "{module}::{}",
        names::type_name(&format!("{}_request", api.base_name))
    );
    let mut out = Vec::new();
    for c in &api.request_cases {
        let mut body = vec![
            Statement::bind("app_key", string_literal(&c.app_key)),
            Statement::bind("secret", string_literal(&c.secret)),
            Statement::line("let config = ClientConfig::new(app_key, secret);"),
            Statement::line(format!(
                "let config = config.sign_method({});",
                sign_method(c.sign_method)
            )),
            Statement::line(format!(
                "let config = config.clock(|| {}_i64);",
                c.now_millis
            )),
        ];
        for (name, value) in &c.settings {
            if let Some(s) = gw.settings.iter().find(|s| &s.name == name) {
                let setting = names::setting(&s.name);
                if s.kind == crate::model::SettingKind::Boolean {
                    body.push(Statement::line(format!(
                        "let config = config.{setting}({value});"
                    )));
                } else {
                    body.push(Statement::bind("setting", string_literal(value)));
                    body.push(Statement::line(format!(
                        "let config = config.{setting}(setting);"
                    )));
                }
            }
        }
        // `mut` only when a parameter is set (an unused `mut` is a warning).
        let set = c
            .params
            .iter()
            .any(|(n, _)| api.params.iter().any(|p| &p.name == n));
        let binding = if set { "mut request" } else { "request" };
        body.push(Statement::bind(binding, format!("{request}::new()")));
        for (name, value) in &c.params {
            if let Some(p) = api.params.iter().find(|p| &p.name == name) {
                // A date parameter is the text sent.
                let ty = if p.ty == Type::Date {
                    &Type::String
                } else {
                    &p.ty
                };
                let var = bind_value(api, &module, ty, value, name, &mut body);
                body.push(Statement::call(
                    format!("request.{}(", names::setter(name)),
                    vec![var],
                    ");",
                ));
            }
        }
        match c.session.as_deref() {
            Some(s) => {
                body.push(Statement::bind("session_key", string_literal(s)));
                body.push(Statement::line("let session = Some(session_key);"));
            }
            None => body.push(Statement::line("let session = None;")),
        }
        body.push(Statement::line(
            "let result = config.prepare(&request, session);",
        ));
        match &c.expect {
            RequestExpect::Error { message } => {
                body.push(Statement::line(
                    "let error = result.expect_err(\"validation must refuse the request\");",
                ));
                body.push(Statement::line(
                    "assert_eq!(error.kind(), ErrorKind::Validation);",
                ));
                body.push(Statement::bind("expected", string_literal(message)));
                body.push(Statement::line("assert_eq!(error.to_string(), expected);"));
            }
            RequestExpect::Request {
                sign,
                other_signs,
                body: whole,
                body_includes,
                body_excludes,
                multipart_files,
            } => {
                body.push(Statement::line(
                    "let prepared = result.expect(\"the request is valid\");",
                ));
                if whole.is_some() || !body_includes.is_empty() || !body_excludes.is_empty() {
                    body.push(Statement::line("let text = prepared.body_text();"));
                }
                if let Some(sign) = sign {
                    body.push(Statement::bind("expected_sign", string_literal(sign)));
                    body.push(Statement::line("assert_eq!(prepared.sign, expected_sign);"));
                }
                if let Some(whole) = whole {
                    body.push(Statement::bind("expected_body", string_literal(whole)));
                    body.push(Statement::line("assert_eq!(text, expected_body);"));
                }
                for part in body_includes {
                    body.push(Statement::bind("part", string_literal(part)));
                    body.push(Statement::line(
                        "assert!(text.contains(part), \"body lacks {part}: {text}\");",
                    ));
                }
                for part in body_excludes {
                    body.push(Statement::bind("part", string_literal(part)));
                    body.push(Statement::line(
                        "assert!(!text.contains(part), \"body has {part}: {text}\");",
                    ));
                }
                if !multipart_files.is_empty() {
                    let files: Vec<String> =
                        multipart_files.iter().map(|f| string_literal(f)).collect();
                    body.push(Statement::line(
                        "let content_type = &prepared.content_type;",
                    ));
                    body.push(Statement::line(
                        "assert!(content_type.starts_with(\"multipart/form-data; boundary=\"));",
                    ));
                    body.push(Statement::line("let file_names: Vec<_> = prepared.files.iter().map(|f| f.name.as_str()).collect();"));
                    body.push(Statement::call(
                        "let expected_files = [",
                        files.clone(),
                        "];",
                    ));
                    body.push(Statement::line("assert_eq!(file_names, expected_files);"));
                    for f in &files {
                        body.push(Statement::bind("file_name", f.clone()));
                        body.push(Statement::line("let param = prepared.param(file_name);"));
                        body.push(Statement::macro_call(
                            "assert!(",
                            vec![
                                "param.is_none()".to_owned(),
                                "\"a file part is not a signed text parameter\"".to_owned(),
                            ],
                        ));
                    }
                }
                for (method, expected) in other_signs {
                    body.push(Statement::line(format!(
                        "let other = config.clone().sign_method({});",
                        sign_method(*method)
                    )));
                    body.push(Statement::line(
                        "let other = other.prepare(&request, session).expect(\"valid\");",
                    ));
                    body.push(Statement::bind("expected_sign", string_literal(expected)));
                    body.push(Statement::line("assert_eq!(other.sign, expected_sign);"));
                }
            }
        }
        out.push(TestCase {
            name: names::field(&c.name),
            doc: doc(&c.description, "    "),
            body,
        });
    }
    out
}

pub fn response_cases(api: &Api) -> Vec<TestCase> {
    let module = names::module(&api.base_name);
    let request = format!(
        "{module}::{}",
        names::type_name(&format!("{}_request", api.base_name))
    );
    api.response_cases
        .iter()
        .map(|c| {
            let mut body = vec![
                Statement::bind("body", string_literal(&c.body)),
                Statement::call(
                    format!("let result = parse_response::<{request}>("),
                    vec!["body".to_owned()],
                    ");",
                ),
            ];
            match &c.expect {
                ResponseExpect::Value { json } => {
                    body.push(Statement::line(
                        "let response = result.expect(\"a typed response\");",
                    ));
                    body.push(Statement::bind("expected_text", string_literal(json)));
                    body.push(Statement::line(
                        "let expected = Json::parse(expected_text).unwrap();",
                    ));
                    body.push(Statement::line("assert_eq!(response.to_json(), expected);"));
                }
                ResponseExpect::Error { fields } => {
                    body.push(Statement::line(
                        "let error = result.expect_err(\"a gateway error\");",
                    ));
                    body.push(Statement::line(
                        "let gateway = error.gateway().expect(\"a gateway error\");",
                    ));
                    body.push(pairs("expected_fields", fields.iter().map(|(k, v)| (k, v))));
                    body.push(Statement::line(
                        "assert_eq!(gateway.fields(), expected_fields);",
                    ));
                    body.push(Statement::line("assert_eq!(gateway.body, body);"));
                }
            }
            TestCase {
                name: names::field(&c.name),
                doc: doc(&c.description, "    "),
                body,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_simple_items_pack_as_rustfmt_packs_them() {
        // Rows as rustfmt 1.8 (edition 2024, defaults) writes `let v = vec![…];` in a test
        // function of a module: eight 9-byte names fill a line, the rest follow.
        let names = vec!["a_0_value".to_owned(); 11];
        let packed = Statement::call("let v = vec![", names, "];");
        assert!(packed.layout == Layout::Vertical);
        let row = ["a_0_value"; 8].join(", ");
        assert_eq!(
            packed.args,
            [row.as_str(), "a_0_value, a_0_value, a_0_value"]
        );
        // Literals of every kind and names are simple (rustfmt's rows for the same array).
        let head = ["\"a\"", "\"bb\"", "-5_i64", "true", "x"].map(String::from);
        let items = [head.to_vec(), vec!["\"abcdefgh\"".to_owned(); 20]].concat();
        let mixed = Statement::call("let x = [", items, "];");
        let words = |n: usize| vec!["\"abcdefgh\""; n].join(", ");
        let first = format!("\"a\", \"bb\", -5_i64, true, x, {}", words(5));
        assert_eq!(mixed.args, [first, words(7), words(7), words(1)]);
        let long = Statement::call("let v = [", vec!["1234567_i64".to_owned(); 11], "];");
        assert_eq!(long.args.len(), 11);
    }
}
