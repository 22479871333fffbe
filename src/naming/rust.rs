//! Rust names: heck for casing, then the keyword policy (smithy-rs' frozen list).
//!
//! Keywords become raw identifiers (`r#type`); `self`, `super`, `crate`, `Self` and `_` cannot be
//! raw and get a trailing underscore instead (`self_`), as smithy-rs does.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot make usable.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated modules import or rely on; a spec type of that name is renamed.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Self", "Error", "Client", "Value", "Map",
    "ApiInfo",
];

/// A field or function name: `refund_id`, `r#type`, `self_`.
pub fn field(wire: &str) -> String {
    keyword_safe(wire.to_snake_case())
}

/// The catch-all field of a struct or response (the members the package does not know, or whose
/// value did not fit, kept as they arrived), given the Rust names of its declared fields: `extra`,
/// or where a declared field is called that, the first of `extra_fields`, `extra_fields_2`,
/// `extra_fields_3`, … that no declared field takes. Never a declared field's name, so there is
/// no collision for `validate` to report (runtime contract, "Real response shapes").
pub fn catch_all(declared: &[&str]) -> String {
    let fields = format!("{}_fields", super::CATCH_ALL);
    [super::CATCH_ALL.to_owned(), fields.clone()]
        .into_iter()
        .chain((2..).map(|n| format!("{fields}_{n}")))
        .find(|name| !declared.contains(&name.as_str()))
        .expect("finitely many declared fields leave a candidate free")
}

/// A type name: `RefundRefuseMessage`; reserved names get a `Value` suffix (`ErrorValue`).
pub fn type_name(name: &str) -> String {
    let name = name.to_upper_camel_case();
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// An enum variant for a wire value: `WAIT_SELLER_AGREE` → `WaitSellerAgree`. ASCII letters and
/// digits only; `1ST` → `V1st`; a value with neither (``, `已付款`, `*/`) → `Value`; `Unknown`
/// (the variant that keeps unlisted values) and `Self` get a `Value` suffix. Always a valid
/// identifier; [`variants`] makes the names of one enum unique.
pub fn variant(value: &str) -> String {
    let name: String = value
        .to_upper_camel_case()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if name.is_empty() {
        "Value".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Unknown" || name == "Self" {
        format!("{name}Value")
    } else {
        name
    }
}

/// The variants of one enum, in order: [`variant`] of each value, a number appended (`2`, `3`, …)
/// when an earlier value took the name (`WAIT_SELLER_AGREE`, `wait-seller-agree` →
/// `WaitSellerAgree`, `WaitSellerAgree2`).
pub fn variants<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    super::unique(values.into_iter().map(variant), "")
}

/// A request or struct setter in the spirit of the Java SDK's `setRefundId`: `set_refund_id`.
/// The prefix keeps setters clear of keywords and of the type's own methods (`new`, `default`).
pub fn setter(wire: &str) -> String {
    format!("set_{}", wire.to_snake_case())
}

/// Methods of the runtime's `ClientConfig`; a gateway setting of that name gets a `_setting` suffix.
const CONFIG_METHODS: &[&str] = &[
    "for_gateway",
    "new",
    "url",
    "sign_method",
    "connect_timeout",
    "timeout",
    "retries",
    "clock",
    "setting",
    "gateway",
    "prepare",
    "clone",
    "fmt",
];

/// The `ClientConfig` builder method of a gateway setting: `partner_id`.
pub fn setting(name: &str) -> String {
    let name = field(name);
    if CONFIG_METHODS.contains(&name.as_str()) {
        format!("{name}_setting")
    } else {
        name
    }
}

/// A constant name: `PRODUCTION_HTTP`.
pub fn constant(name: &str) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(name)
}

/// The constant of an endpoint's URL: `PRODUCTION_URL`.
pub fn endpoint(name: &str) -> String {
    format!("{}_URL", constant(name))
}

/// The crate's own modules — the runtime (`templates/rust/runtime/*.rs`), `gateway` — and the file
/// names Cargo gives a meaning of its own (`src/lib.rs`, `src/main.rs`): an API module may not
/// take one ([`super::reserved_module`]).
pub const RESERVED_MODULES: &[&str] = &[
    "batch",
    "config",
    "error",
    "form",
    "gateway",
    "http",
    "http_conn",
    "http_proxy",
    "http_target",
    "json",
    "lib",
    "main",
    "multipart",
    "oauth",
    "paging",
    "response",
    "schema",
    "sign",
    "time",
    "transport",
    "validate",
    "wire",
];

/// A module name for an API: `refund_negotiatereturn`.
pub fn module(base_name: &str) -> String {
    keyword_safe(base_name.to_snake_case())
}

/// Crate names Cargo or crates.io refuse (the standard crates and Windows device names).
const RESERVED_CRATES: &[&str] = &[
    "alloc",
    "core",
    "proc_macro",
    "proc-macro",
    "std",
    "test",
    "build",
    "deps",
    "examples",
    "incremental",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "lpt1",
];

/// Whether `name` is a crate name crates.io accepts, in the lower-case form topgen uses:
/// a letter, then letters, digits, `-` and `_`, at most 64 characters, not a reserved name.
pub fn is_crate_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !RESERVED_CRATES.contains(&name)
        && !KEYWORDS.contains(&crate_ident(name).as_str())
}

/// A crate's import name: `taobao-top` → `taobao_top`.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

fn keyword_safe(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Whether `name` (after renaming) is a usable Rust identifier.
pub fn is_valid(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("async"), "r#async");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("crate"), "crate_");
        assert_eq!(field("refundId"), "refund_id");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(type_name("refund_refuse_message"), "RefundRefuseMessage");
        assert_eq!(variant("WAIT_SELLER_AGREE"), "WaitSellerAgree");
        assert!(is_valid("r#type"));
        assert!(!is_valid("1st"));
    }

    #[test]
    fn the_catch_all_takes_the_first_name_no_declared_field_has() {
        assert_eq!(catch_all(&[]), "extra");
        assert_eq!(catch_all(&["refund_id", "extra_fields"]), "extra");
        assert_eq!(catch_all(&["extra"]), "extra_fields");
        assert_eq!(catch_all(&["extra_fields", "extra"]), "extra_fields_2");
        assert_eq!(
            catch_all(&["extra", "extra_fields_2", "extra_fields", "extra_fields_3"]),
            "extra_fields_4"
        );
        assert_eq!(catch_all(&["extra", "extra_fields_2"]), "extra_fields");
    }

    /// A spec struct named like a type the API module template imports (`ApiInfo`) would clash
    /// with the import; every capitalised name a `use` line of the template brings in is reserved.
    #[test]
    fn types_the_api_module_imports_are_reserved() {
        let template = include_str!("../../templates/rust/api.rs.tera");
        let imported: Vec<&str> = template
            .lines()
            .filter_map(|line| line.strip_prefix("use "))
            .flat_map(|path| path.split(|c: char| !(c.is_alphanumeric() || c == '_')))
            .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        assert!(imported.contains(&"ApiInfo"), "{imported:?}");
        for name in imported {
            assert_eq!(
                type_name(name),
                format!("{name}Value"),
                "{name} is imported by api.rs.tera"
            );
        }
    }
}
