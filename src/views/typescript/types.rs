//! TypeScript types and runtime schemas for model types.

use std::collections::BTreeSet;

use heck::ToShoutySnakeCase;

use super::escape::string_literal;
use super::layout;
use crate::model::{Api, Field, FileType, Type};
use crate::naming::typescript as names;

/// Which side a type is written for: inputs are lenient (ids as `bigint | string | number`),
/// outputs are what the response parser produces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Input,
    Output,
}

pub fn ts_type(ty: &Type, side: Side) -> String {
    match (ty, side) {
        (Type::String | Type::Decimal, _) => "string".into(),
        (Type::Int64, Side::Input) => "Int64Input".into(),
        (Type::Int64, Side::Output) => "bigint".into(),
        (Type::Boolean, _) => "boolean".into(),
        (Type::Date, Side::Input) => "Date | string".into(),
        (Type::Date, Side::Output) => "Date".into(),
        (Type::Json, _) => "JsonValue".into(),
        (Type::File, Side::Input) => "FileInput".into(),
        (Type::File, Side::Output) => "string".into(),
        (Type::Struct(name) | Type::Enum(name), _) => names::type_name(name),
        (Type::List(of), Side::Input) => format!("ReadonlyArray<{}>", ts_type(of, side)),
        (Type::List(of), Side::Output) => format!("Array<{}>", ts_type(of, side)),
    }
}

/// The constant holding a struct's schema: `REFUND_REFUSE_MESSAGE`.
pub fn fields_const(struct_name: &str) -> String {
    names::type_name(struct_name).to_shouty_snake_case()
}

/// The runtime schema expression of a type (`t.int64`, `t.list(t.string)`, `REFUND`).
pub fn schema_type(ty: &Type) -> String {
    match ty {
        Type::String => "t.string".into(),
        Type::Int64 => "t.int64".into(),
        Type::Boolean => "t.boolean".into(),
        Type::Date => "t.date".into(),
        Type::Decimal => "t.decimal".into(),
        Type::Json => "t.json".into(),
        Type::File => "t.file".into(),
        Type::Enum(_) => "t.enum".into(),
        Type::Struct(name) => fields_const(name),
        Type::List(of) => format!("t.list({})", schema_type(of)),
    }
}

/// The runtime schema of a field, laid out at `indent` and followed by `tail`:
/// `{ name: "refund_id", type: t.int64, required: true }`.
pub fn schema_entry(field: &Field, indent: usize, tail: &str) -> String {
    let props = |at: usize, tail: &str| -> Vec<String> {
        let c = &field.constraints;
        let mut parts = vec![
            format!("name: {}", string_literal(&field.name)),
            format!("type: {}", schema_type(&field.ty)),
        ];
        if field.required {
            parts.push("required: true".into());
        }
        let numbers = [
            ("minLength", c.min_length),
            ("maxLength", c.max_length),
            ("maxItems", c.max_items),
            ("maxBytes", c.max_bytes),
        ];
        parts.extend(
            numbers
                .iter()
                .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}"))),
        );
        parts.extend(c.min.map(|v| format!("min: {v}n")));
        parts.extend(c.max.map(|v| format!("max: {v}n")));
        let mut arrays = Vec::new();
        if !c.file_types.is_empty() {
            arrays.push((
                "fileTypes: ",
                c.file_types
                    .iter()
                    .map(|t| string_literal(file_type(*t)))
                    .collect::<Vec<_>>(),
            ));
        }
        if !c.allowed.is_empty() {
            arrays.push((
                "allowed: ",
                c.allowed.iter().map(|v| string_literal(v)).collect(),
            ));
        }
        let mut out: Vec<String> = parts.into_iter().map(|p| format!("{p}{tail}")).collect();
        out.extend(
            arrays
                .into_iter()
                .map(|(head, items)| layout::array(at, head, &items, tail)),
        );
        out
    };
    layout::object(indent, &props, tail)
}

fn file_type(t: FileType) -> &'static str {
    match t {
        FileType::Gif => "gif",
        FileType::Jpg => "jpg",
        FileType::Png => "png",
    }
}

/// Names of the structs reachable from `fields` (through struct fields and lists).
pub fn reachable_structs(api: &Api, fields: &[Field]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Type> = fields.iter().map(|f| &f.ty).collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::List(of) => stack.push(of),
            Type::Struct(name) if seen.insert(name.clone()) => {
                if let Some(s) = api.structs.iter().find(|s| &s.name == name) {
                    stack.extend(s.fields.iter().map(|f| &f.ty));
                }
            }
            _ => {}
        }
    }
    seen
}
