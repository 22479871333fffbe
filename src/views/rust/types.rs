//! Rust types, serde attributes, validation statements and parameter writes for model fields.
//! Every decision about a type is made here so the templates only lay out the strings.

use crate::model::{Constraints, Field, FileType, Type};

use super::escape::string_literal;
use crate::naming::rust as names;

/// The Rust type of a struct or response member (without the `Option` every field wraps it in).
pub fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String | Type::Decimal => "String".to_owned(),
        Type::Date => "super::time::DateTime".to_owned(),
        Type::Int64 => "i64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "super::json::Json".to_owned(),
        Type::File => "super::wire::File".to_owned(),
        Type::Struct(name) | Type::Enum(name) => names::type_name(name),
        Type::List(inner) => format!("Vec<{}>", rust_type(inner)),
    }
}

/// The Rust type of a request parameter: as a member, except that a date is the text sent
/// (`yyyy-MM-dd HH:mm:ss`, GMT+8).
pub fn param_type(ty: &Type) -> String {
    match ty {
        Type::Date => "String".to_owned(),
        other => rust_type(other),
    }
}

/// How a setter takes its value: numbers and booleans as they are (so literals infer as `i64`),
/// anything else as `impl Into<T>`.
pub fn setter_kind(ty: &Type) -> &'static str {
    match ty {
        Type::Int64 | Type::Boolean => "copy",
        _ => "into",
    }
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

/// The checks of one field, in the contract's order, as calls of `Checker` methods without the
/// name and value the declaration macro passes. `param`: a request parameter (its date is text).
pub fn checks(field: &Field, param: bool) -> Vec<String> {
    let c: &Constraints = &field.constraints;
    let mut out = Vec::new();
    if field.required {
        out.push("required".to_owned());
    }
    let text =
        matches!(field.ty, Type::String | Type::Decimal) || (param && field.ty == Type::Date);
    if text {
        if c.min_length.is_some() || c.max_length.is_some() {
            out.push(format!(
                "length({}, {})",
                opt_u64(c.min_length),
                opt_u64(c.max_length)
            ));
        }
        if !c.allowed.is_empty() {
            let list: Vec<String> = c.allowed.iter().map(|a| string_literal(a)).collect();
            out.push(format!("allowed(&[{}])", list.join(", ")));
        }
    }
    if field.ty == Type::Int64 && (c.min.is_some() || c.max.is_some()) {
        out.push(format!("range({}, {})", opt_i64(c.min), opt_i64(c.max)));
    }
    if let (Type::List(_), Some(max)) = (&field.ty, c.max_items) {
        out.push(format!("max_items({max})"));
    }
    match &field.ty {
        Type::File => {
            let types: Vec<&str> = c.file_types.iter().map(|t| file_type(*t)).collect();
            out.push(format!(
                "file({}, &[{}])",
                opt_u64(c.max_bytes),
                types.join(", ")
            ));
        }
        Type::Struct(_) => out.push("nested".to_owned()),
        Type::List(inner) if matches!(**inner, Type::Struct(_)) => {
            out.push("nested_list".to_owned())
        }
        _ => {}
    }
    out
}
