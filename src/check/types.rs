//! Types and fields: parse `type:` strings and check constraints against them.

use std::collections::BTreeSet;

use crate::diag::{Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::{Constraints, Field, FileType, Type};
use crate::spec::FieldSpec;

const BASIC_TYPES: &[&str] = &[
    "string", "int64", "boolean", "date", "decimal", "json", "file",
];

/// The names of the TOP documentation's types, and what to write instead.
const DOC_TYPE_NAMES: &[(&str, &str)] = &[
    ("String", "string"),
    ("Number", "int64"),
    ("Boolean", "boolean"),
    ("Date", "date"),
    ("Price", "decimal"),
    ("BigDecimal", "decimal"),
    ("Json", "json"),
    ("byte[]", "file"),
    ("String[]", "list<string>"),
    ("Number[]", "list<int64>"),
];

/// What struct and enum names a field may refer to.
pub struct TypeScope<'a> {
    pub structs: &'a BTreeSet<String>,
    pub enums: &'a BTreeSet<String>,
}

/// Where a field stands, which decides what it may be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldPlace {
    Param,
    StructField,
    ResponseField,
}

pub fn parse_type(text: &str, scope: &TypeScope<'_>) -> Result<Type, (String, String)> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        let inner = parse_type(inner, scope)?;
        if matches!(inner, Type::List(_) | Type::File) {
            return Err((
                format!("`{text}` is not supported"),
                "a list holds basic values, structs or enums, not lists or files".to_owned(),
            ));
        }
        return Ok(Type::List(Box::new(inner)));
    }
    match text {
        "string" => return Ok(Type::String),
        "int64" => return Ok(Type::Int64),
        "boolean" => return Ok(Type::Boolean),
        "date" => return Ok(Type::Date),
        "decimal" => return Ok(Type::Decimal),
        "json" => return Ok(Type::Json),
        "file" => return Ok(Type::File),
        _ => {}
    }
    if scope.structs.contains(text) {
        return Ok(Type::Struct(text.to_owned()));
    }
    if scope.enums.contains(text) {
        return Ok(Type::Enum(text.to_owned()));
    }
    if let Some((_, ours)) = DOC_TYPE_NAMES.iter().find(|(doc, _)| *doc == text) {
        return Err((
            format!("unknown type `{text}`"),
            format!("write `{ours}`: the documentation's `{text}` is called `{ours}` in specs"),
        ));
    }
    let declared: Vec<&str> = BASIC_TYPES
        .iter()
        .copied()
        .chain(scope.structs.iter().map(String::as_str))
        .chain(scope.enums.iter().map(String::as_str))
        .collect();
    let hint = match did_you_mean(text, declared.iter().copied()) {
        Some(guess) => format!("did you mean `{guess}`? "),
        None => String::new(),
    };
    Err((
        format!("unknown type `{text}`"),
        format!(
            "{hint}use one of {}, list<T>, or a struct or enum declared in this API's `structs:`/`enums:`",
            BASIC_TYPES.join(", ")
        ),
    ))
}

/// Checks one field; `path` is its YAML path (`api.params[2]`).
pub fn check_field(
    file: &LoadedFile,
    path: &str,
    spec: &FieldSpec,
    place: FieldPlace,
    scope: &TypeScope<'_>,
    problems: &mut Diagnostics,
) -> Option<Field> {
    check_wire_name(file, &format!("{path}.name"), &spec.name, problems);
    let ty = match parse_type(&spec.ty, scope) {
        Ok(ty) => ty,
        Err((message, help)) => {
            problems.push(
                file.at_value(&format!("{path}.type"), message)
                    .with_help(help),
            );
            return None;
        }
    };
    if ty == Type::File && place != FieldPlace::Param {
        problems.push(
            file.at_value(&format!("{path}.type"), "a file can only be a request parameter")
                .with_help("a struct travels as JSON and a response as JSON; neither can carry a file, so leave the field out and say so in the description"),
        );
    }
    let constraints = check_constraints(file, path, spec, &ty, problems);
    Some(Field {
        name: spec.name.clone(),
        ty,
        required: spec.required,
        description: spec.description.clone(),
        example: spec.example.clone(),
        constraints,
    })
}

/// Wire names: ASCII letters, digits and `_`, starting with a letter (every catalogue name fits).
pub fn check_wire_name(file: &LoadedFile, path: &str, name: &str, problems: &mut Diagnostics) {
    let mut chars = name.chars();
    let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        problems.push(
            file.at_value(path, format!("`{name}` is not a valid name"))
                .with_help(
                    "names start with an ASCII letter and hold only letters, digits and `_`",
                ),
        );
    }
}

fn check_constraints(
    file: &LoadedFile,
    path: &str,
    spec: &FieldSpec,
    ty: &Type,
    problems: &mut Diagnostics,
) -> Constraints {
    let mut wrong_type = |key: &str, set: bool, fits: bool, what: &str| {
        if set && !fits {
            problems.push(
                file.at_key(
                    &format!("{path}.{key}"),
                    format!("`{key}` does not apply to type `{}`", spec.ty),
                )
                .with_help(format!(
                    "`{key}` applies to {what}; remove it or change the type"
                )),
            );
        }
    };
    let is_string = matches!(ty, Type::String);
    let is_number = matches!(ty, Type::Int64);
    wrong_type(
        "min_length",
        spec.min_length.is_some(),
        is_string,
        "strings",
    );
    wrong_type(
        "max_length",
        spec.max_length.is_some(),
        is_string,
        "strings",
    );
    wrong_type("min", spec.min.is_some(), is_number, "int64 values");
    wrong_type("max", spec.max.is_some(), is_number, "int64 values");
    wrong_type(
        "max_items",
        spec.max_items.is_some(),
        matches!(ty, Type::List(_)),
        "lists",
    );
    wrong_type(
        "max_bytes",
        spec.max_bytes.is_some(),
        *ty == Type::File,
        "files",
    );
    wrong_type(
        "file_types",
        spec.file_types.is_some(),
        *ty == Type::File,
        "files",
    );
    wrong_type("allowed", spec.allowed.is_some(), is_string, "strings");

    let mut range = |low_key: &str, low: Option<i128>, high_key: &str, high: Option<i128>| {
        if let (Some(low), Some(high)) = (low, high)
            && low > high
        {
            problems.push(
                file.at_value(
                    &format!("{path}.{low_key}"),
                    format!("`{low_key}` ({low}) is greater than `{high_key}` ({high})"),
                )
                .with_help(format!(
                    "make `{low_key}` at most `{high_key}`, or swap them"
                )),
            );
        }
    };
    range(
        "min_length",
        spec.min_length.map(i128::from),
        "max_length",
        spec.max_length.map(i128::from),
    );
    range(
        "min",
        spec.min.map(i128::from),
        "max",
        spec.max.map(i128::from),
    );

    let mut file_types = Vec::new();
    for (i, name) in spec.file_types.iter().flatten().enumerate() {
        match FileType::from_name(name) {
            Some(t) if !file_types.contains(&t) => file_types.push(t),
            Some(_) => problems.push(file.at_value(
                &format!("{path}.file_types[{i}]"),
                format!("`{name}` is listed twice"),
            )),
            None => problems.push(
                file.at_value(
                    &format!("{path}.file_types[{i}]"),
                    format!("unknown file type `{name}`"),
                )
                .with_help("file types are checked by magic bytes; known: gif, jpg, png"),
            ),
        }
    }
    file_types.sort();
    let allowed = spec.allowed.clone().unwrap_or_default();
    let mut seen = BTreeSet::new();
    for (i, value) in allowed.iter().enumerate() {
        if !seen.insert(value) {
            problems.push(
                file.at_value(
                    &format!("{path}.allowed[{i}]"),
                    format!("`{value}` is listed twice"),
                )
                .with_help("remove the second one"),
            );
        }
    }
    if spec.allowed.as_ref().is_some_and(Vec::is_empty) {
        problems.push(
            file.at_key(&format!("{path}.allowed"), "`allowed` is empty")
                .with_help("list the accepted values, or remove the key"),
        );
    }
    Constraints {
        min_length: spec.min_length,
        max_length: spec.max_length,
        min: spec.min,
        max: spec.max,
        max_items: spec.max_items,
        max_bytes: spec.max_bytes,
        file_types,
        allowed,
    }
}
