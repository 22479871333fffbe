//! The README's per-API section: examples in the shape of the official SDK samples.

use serde::Serialize;

use super::escape::{markdown_inline, string_literal};
use super::types::{Side, ts_type};
use crate::model::{Api, Envelope, Field, TimestampFormat, Type};
use crate::naming::typescript as names;

/// The README's pitfall line on the timestamp the client sends, by the gateway's format.
pub fn timestamp_note(format: TimestampFormat) -> &'static str {
    match format {
        TimestampFormat::DatetimeGmt8 => {
            "Timestamps are sent at GMT+8 (`yyyy-MM-dd HH:mm:ss`) whatever the host's time zone."
        }
        TimestampFormat::UnixSeconds => {
            "Timestamps are sent as Unix seconds, taken from the client's `clock`."
        }
    }
}

/// The `GatewayError` getters the README's error example prints: the envelope's own fields.
pub fn gateway_error_fields(envelope: Envelope) -> &'static str {
    match envelope {
        Envelope::Top => "e.code, e.gatewayMessage, e.subCode, e.subMessage",
        Envelope::CodeMessageData => "e.code, e.gatewayMessage, e.traceId",
    }
}

#[derive(Serialize)]
pub struct ApiReadme {
    name: String,
    name_literal: String,
    title: String,
    summary: String,
    request_class: String,
    /// The API's subpath module (`refund_refuse` in `@topgen/taobao-top/refund_refuse`).
    module: String,
    class_lines: Vec<String>,
    node_lines: Vec<String>,
    /// The Node-style lines of the required parameters only (the error-handling example).
    required_node_lines: Vec<String>,
    params: Vec<ParamRow>,
}

#[derive(Serialize)]
struct ParamRow {
    name: String,
    ty: String,
    required: &'static str,
    description: String,
}

/// The example of a parameter as a TypeScript expression: (class style, Node style); a
/// placeholder for a required parameter the spec gives no example for (as the Rust README does),
/// so the example type-checks.
fn example(field: &Field) -> Option<(String, String)> {
    let ex = match (field.example.as_deref(), &field.ty) {
        (Some(ex), _) => ex,
        (None, Type::Int64) if field.required => "1",
        (None, Type::String | Type::Date | Type::Decimal) if field.required => "...",
        (None, _) => return None,
    };
    Some(match &field.ty {
        Type::Int64 if ex.bytes().all(|b| b.is_ascii_digit()) => {
            (format!("{ex}n"), string_literal(ex))
        }
        Type::Boolean if ex == "true" || ex == "false" => (ex.to_owned(), ex.to_owned()),
        Type::String | Type::Enum(_) | Type::Decimal | Type::Date => {
            (string_literal(ex), string_literal(ex))
        }
        _ => return None,
    })
}

pub fn api_readme(api: &Api) -> ApiReadme {
    let mut class_lines = Vec::new();
    let mut node_lines = Vec::new();
    let mut required_node_lines = Vec::new();
    for field in &api.params {
        if let Some((class_value, node_value)) = example(field) {
            let access = if names::is_identifier(&field.name) {
                format!(".{}", field.name)
            } else {
                format!("[{}]", string_literal(&field.name))
            };
            class_lines.push(format!("req{access} = {class_value};"));
            let node_line = format!("{}: {node_value},", names::property(&field.name));
            if field.required {
                required_node_lines.push(node_line.clone());
            }
            node_lines.push(node_line);
        }
    }
    ApiReadme {
        name: api.name.clone(),
        name_literal: string_literal(&api.name),
        title: markdown_inline(&api.title),
        summary: api.description.trim_end().to_owned(),
        request_class: format!("{}Request", names::type_name(&api.base_name)),
        module: names::module(&api.base_name),
        class_lines,
        node_lines,
        required_node_lines,
        params: api
            .params
            .iter()
            .map(|f| ParamRow {
                name: f.name.clone(),
                ty: ts_type(&f.ty, Side::Input).replace('|', "\\|"),
                required: if f.required { "yes" } else { "no" },
                description: markdown_inline(&f.description),
            })
            .collect(),
    }
}
