//! Business-parameter checks, in the API's parameter order, with the runtime contract's messages
//! (docs/runtime-contract.md, "Validation"): a client that validates correctly never sees these.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use super::failure::Failure;
use super::form::FilePart;
use super::time::parse_gmt8;
use crate::model::{Api, Constraints, Field, FilePolicy, FileType, Struct, Type};

/// Checks every parameter of `api` against what arrived. `text` holds the text parameters that
/// count as sent (blank values already dropped where the gateway omits them).
pub fn validate(
    api: &Api,
    files: FilePolicy,
    text: &BTreeMap<String, String>,
    parts: &[FilePart],
) -> Result<(), Failure> {
    for field in &api.params {
        let name = field.name.as_str();
        let value = text.get(name);
        let part = parts.iter().find(|p| p.name == name);
        if field.ty == Type::File {
            let bytes = match (files, value, part) {
                (FilePolicy::Multipart, Some(_), _) => {
                    return Err(Failure::invalid(
                        name,
                        format!("{name}: must be sent as a multipart file part, not as text"),
                    ));
                }
                (FilePolicy::Base64Field, _, Some(_)) => {
                    return Err(Failure::invalid(
                        name,
                        format!(
                            "{name}: must be sent as base64 text in a form field, not as a file part"
                        ),
                    ));
                }
                (FilePolicy::Multipart, None, Some(p)) => p.bytes.clone(),
                (FilePolicy::Base64Field, Some(v), None) if !v.is_empty() => {
                    base64::engine::general_purpose::STANDARD
                        .decode(v)
                        .map_err(|_| {
                            Failure::invalid(name, format!("{name}: is not valid base64"))
                        })?
                }
                _ if field.required => return Err(Failure::missing(name)),
                _ => continue,
            };
            check_file(name, &field.constraints, &bytes).map_err(|m| Failure::invalid(name, m))?;
            continue;
        }
        match value {
            None => {
                if field.required {
                    return Err(Failure::missing(name));
                }
            }
            // An empty value (sent and signed on gateways that include blanks) counts as unset.
            Some(v) if is_blank(v) => {
                if field.required {
                    return Err(Failure::missing(name));
                }
            }
            Some(v) => check_text(name, &field.ty, &field.constraints, v, &api.structs)?,
        }
    }
    Ok(())
}

/// One text value against its type and constraints.
fn check_text(
    name: &str,
    ty: &Type,
    c: &Constraints,
    value: &str,
    structs: &[Struct],
) -> Result<(), Failure> {
    let invalid = |m: String| Failure::invalid(name, m);
    match ty {
        Type::String => check_string(name, c, value).map_err(invalid),
        Type::Int64 => check_int(name, c, value).map_err(invalid),
        Type::Boolean if value == "true" || value == "false" => Ok(()),
        Type::Boolean => Err(invalid(format!(
            "{name}: must be true or false, got \"{value}\""
        ))),
        Type::Date if parse_gmt8(value).is_some() => Ok(()),
        Type::Date => Err(invalid(format!(
            "{name}: must be a date as yyyy-MM-dd HH:mm:ss, got \"{value}\""
        ))),
        Type::Decimal if is_decimal(value) => Ok(()),
        Type::Decimal => Err(invalid(format!(
            "{name}: must be a decimal number, got \"{value}\""
        ))),
        Type::Enum(_) => Ok(()), // open enums: unknown values pass
        Type::Json => serde_json::from_str::<Value>(value)
            .map(drop)
            .map_err(|_| invalid(format!("{name}: must be JSON text"))),
        Type::Struct(s) => {
            // `null` is how the documentation's tool and the Node SDK send an unset struct.
            match serde_json::from_str::<Value>(value) {
                Ok(Value::Null) => Ok(()),
                Ok(v @ Value::Object(_)) => check_json(name, ty, &v, structs),
                _ => Err(invalid(format!("{name}: must be a JSON object ({s})"))),
            }
        }
        Type::List(inner) => match inner.as_ref() {
            Type::Struct(_) => match serde_json::from_str::<Value>(value) {
                Ok(v @ Value::Array(_)) => {
                    check_items(name, c, v.as_array().map_or(0, Vec::len)).map_err(invalid)?;
                    check_json(name, ty, &v, structs)
                }
                _ => Err(invalid(format!("{name}: must be a JSON array"))),
            },
            inner => {
                let items: Vec<&str> = value.split(',').collect();
                check_items(name, c, items.len()).map_err(invalid)?;
                items.iter().try_for_each(|item| {
                    check_text(name, inner, &Constraints::default(), item, structs)
                })
            }
        },
        Type::File => Ok(()), // handled by the caller
    }
}

fn check_items(name: &str, c: &Constraints, n: usize) -> Result<(), String> {
    match c.max_items {
        Some(max) if n as u64 > max => {
            Err(format!("{name}: must have at most {max} items, got {n}"))
        }
        _ => Ok(()),
    }
}

/// A JSON value inside a struct parameter; fields are named `param.field`.
fn check_json(name: &str, ty: &Type, value: &Value, structs: &[Struct]) -> Result<(), Failure> {
    let invalid = |m: String| Failure::invalid(name, m);
    match (ty, value) {
        (Type::Struct(s), Value::Object(map)) => {
            let Some(decl) = structs.iter().find(|d| &d.name == s) else {
                return Ok(());
            };
            for Field {
                name: field,
                ty,
                required,
                constraints,
                ..
            } in &decl.fields
            {
                let path = format!("{name}.{field}");
                match map.get(field) {
                    None | Some(Value::Null) if *required => return Err(Failure::missing(&path)),
                    None | Some(Value::Null) => {}
                    Some(v) => {
                        if let (Type::String, Value::String(text)) = (ty, v) {
                            check_string(&path, constraints, text)
                                .map_err(|m| Failure::invalid(&path, m))?;
                        } else {
                            check_json(&path, ty, v, structs)?;
                        }
                    }
                }
            }
            Ok(())
        }
        (Type::Struct(_), _) => Err(invalid(format!("{name}: must be a JSON object"))),
        (Type::List(inner), Value::Array(items)) => items
            .iter()
            .try_for_each(|v| check_json(name, inner, v, structs)),
        (Type::List(_), _) => Err(invalid(format!("{name}: must be a JSON array"))),
        (Type::String | Type::Date | Type::Decimal | Type::Enum(_), Value::String(_)) => Ok(()),
        (Type::String | Type::Date | Type::Decimal | Type::Enum(_), _) => {
            Err(invalid(format!("{name}: must be a JSON string")))
        }
        (Type::Int64, Value::Number(n)) if n.is_i64() => Ok(()),
        (Type::Int64, Value::String(s)) => {
            check_int(name, &Constraints::default(), s).map_err(invalid)
        }
        (Type::Int64, v) => Err(invalid(format!(
            "{name}: must be a 64-bit integer, got \"{v}\""
        ))),
        (Type::Boolean, Value::Bool(_)) => Ok(()),
        (Type::Boolean, _) => Err(invalid(format!("{name}: must be a JSON boolean"))),
        (Type::Json | Type::File, _) => Ok(()),
    }
}

fn check_string(name: &str, c: &Constraints, value: &str) -> Result<(), String> {
    let n = value.chars().count() as u64;
    let too_short = c.min_length.is_some_and(|min| n < min);
    let too_long = c.max_length.is_some_and(|max| n > max);
    if too_short || too_long {
        return Err(match (c.min_length, c.max_length) {
            (Some(min), Some(max)) => {
                format!("{name}: must be {min} to {max} characters long, got {n}")
            }
            (None, Some(max)) => format!("{name}: must be at most {max} characters long, got {n}"),
            (Some(min), None) => format!("{name}: must be at least {min} characters long, got {n}"),
            (None, None) => unreachable!("a bound was broken"),
        });
    }
    if !c.allowed.is_empty() && !c.allowed.iter().any(|a| a == value) {
        return Err(format!(
            "{name}: must be one of {}; got \"{value}\"",
            c.allowed.join(", ")
        ));
    }
    Ok(())
}

fn check_int(name: &str, c: &Constraints, value: &str) -> Result<(), String> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let parsed = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse::<i64>().ok())
        .flatten();
    let Some(v) = parsed else {
        return Err(format!("{name}: must be a 64-bit integer, got \"{value}\""));
    };
    match (c.min, c.max) {
        (Some(min), _) if v < min => Err(format!("{name}: must be at least {min}, got {v}")),
        (_, Some(max)) if v > max => Err(format!("{name}: must be at most {max}, got {v}")),
        _ => Ok(()),
    }
}

fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac)
}

/// `max_bytes` first, then the type by magic bytes.
fn check_file(name: &str, c: &Constraints, bytes: &[u8]) -> Result<(), String> {
    if let Some(max) = c.max_bytes.filter(|max| bytes.len() as u64 > *max) {
        return Err(format!(
            "{name}: must be at most {max} bytes, got {}",
            bytes.len()
        ));
    }
    if c.file_types.is_empty() || detect(bytes).is_some_and(|t| c.file_types.contains(&t)) {
        return Ok(());
    }
    let labels: Vec<&str> = c.file_types.iter().map(|t| t.label()).collect();
    let list = match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => labels.join(""),
    };
    Err(format!(
        "{name}: must be a {list} image (checked by its first bytes)"
    ))
}

/// The image type by its first bytes, as the gateway checks it.
pub fn detect(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(FileType::Jpg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(FileType::Gif)
    } else {
        None
    }
}

/// Whether `value` is blank as the runtime contract defines it: empty, or only characters Java's
/// `Character.isWhitespace` accepts (what the reference SDK drops). The no-break spaces U+00A0,
/// U+2007 and U+202F are not whitespace there, and neither is U+FEFF.
pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| {
        matches!(
            c,
            '\u{9}'..='\u{D}'
                | '\u{1C}'..='\u{1F}'
                | ' '
                | '\u{1680}'
                | '\u{2000}'..='\u{2006}'
                | '\u{2008}'..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{205F}'
                | '\u{3000}'
        )
    })
}

#[cfg(test)]
mod blank_tests {
    use super::is_blank;

    #[test]
    fn blank_is_javas_whitespace() {
        for blank in ["", " ", " \t\r\n", "\u{1c}", "\u{3000}", "\u{2028}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for sent in ["\u{a0}", "\u{feff}", "\u{2007}", "\u{202f}", " x "] {
            assert!(!is_blank(sent), "{sent:?}");
        }
    }
}
