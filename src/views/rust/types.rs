//! Rust types, serde attributes, validation statements and parameter writes for model fields.
//! Every decision about a type is made here so the templates only lay out the strings.

use crate::model::{Constraints, Field, FileType, Type};

use super::escape::string_literal;
use crate::naming::rust as names;

/// The Rust type of a value (without the `Option` every field wraps it in).
pub fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String | Type::Date | Type::Decimal => "String".to_owned(),
        Type::Int64 => "i64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "serde_json::Value".to_owned(),
        Type::File => "super::wire::File".to_owned(),
        Type::Struct(name) | Type::Enum(name) => names::type_name(name),
        Type::List(inner) => format!("Vec<{}>", rust_type(inner)),
    }
}

fn is_text(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Date | Type::Decimal)
}

/// The `#[serde(...)]` attribute of a struct or response field (serialization only: reading is
/// the lenient `FromJson` of the runtime, keyed by the wire name).
pub fn serde_attr(field: &Field) -> String {
    let mut parts = Vec::new();
    let ident = names::field(&field.name);
    if ident.trim_start_matches("r#") != field.name {
        parts.push(format!("rename = {}", string_literal(&field.name)));
    }
    parts.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    format!("#[serde({})]", parts.join(", "))
}

fn opt_u64(v: Option<u64>) -> String {
    v.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

fn opt_i64(v: Option<i64>) -> String {
    v.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

fn file_type(t: FileType) -> &'static str {
    match t {
        FileType::Gif => "super::validate::FileType::Gif",
        FileType::Jpg => "super::validate::FileType::Jpg",
        FileType::Png => "super::validate::FileType::Png",
    }
}

/// The validation statements of one field, in the contract's order. `name` is a Rust
/// expression of type `&str` naming the field in messages.
pub fn checks(field: &Field, name: &str) -> Vec<String> {
    let value = format!("self.{}", names::field(&field.name));
    let c: &Constraints = &field.constraints;
    let mut out = Vec::new();
    if field.required {
        out.push(format!("check.required({name}, {value}.as_ref())?;"));
    }
    if is_text(&field.ty) {
        if c.min_length.is_some() || c.max_length.is_some() {
            out.push(format!("check.length({name}, {value}.as_deref(), {}, {})?;", opt_u64(c.min_length), opt_u64(c.max_length)));
        }
        if !c.allowed.is_empty() {
            let list: Vec<String> = c.allowed.iter().map(|a| string_literal(a)).collect();
            out.push(format!("check.allowed({name}, {value}.as_deref(), &[{}])?;", list.join(", ")));
        }
    }
    if field.ty == Type::Int64 && (c.min.is_some() || c.max.is_some()) {
        out.push(format!("check.range({name}, {value}, {}, {})?;", opt_i64(c.min), opt_i64(c.max)));
    }
    if let (Type::List(_), Some(max)) = (&field.ty, c.max_items) {
        out.push(format!("check.max_items({name}, {value}.as_ref(), {max})?;"));
    }
    match &field.ty {
        Type::File => {
            let types: Vec<&str> = c.file_types.iter().map(|t| file_type(*t)).collect();
            out.push(format!("check.file({name}, {value}.as_ref(), {}, &[{}])?;", opt_u64(c.max_bytes), types.join(", ")));
        }
        Type::Struct(_) => out.push(format!("check.nested({name}, {value}.as_ref())?;")),
        Type::List(inner) if matches!(**inner, Type::Struct(_)) => {
            out.push(format!("check.nested_list({name}, {value}.as_ref())?;"))
        }
        _ => {}
    }
    out
}

/// The statement writing one request parameter.
pub fn write_param(field: &Field) -> String {
    format!("params.add({}, self.{}.as_ref())?;", string_literal(&field.name), names::field(&field.name))
}

/// The parameter type of a setter: text takes anything that becomes a `String`, lists take an
/// array or a `Vec`, numbers and booleans are taken as they are (so literals infer as `i64`).
pub fn setter_type(ty: &Type) -> String {
    match ty {
        t if is_text(t) => "impl Into<String>".to_owned(),
        Type::Int64 | Type::Boolean => rust_type(ty),
        _ => format!("impl Into<{}>", rust_type(ty)),
    }
}

/// The expression a setter stores from its `value` parameter.
pub fn setter_value(ty: &Type) -> String {
    match ty {
        Type::Int64 | Type::Boolean => "value".to_owned(),
        _ => "value.into()".to_owned(),
    }
}
