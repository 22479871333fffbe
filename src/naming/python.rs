//! Python names: heck for casing, then the keyword policy.
//!
//! Keywords (hard and soft) get a trailing underscore (`from_`, PEP 8). Attribute names may equal
//! builtins (`req.type` is what the official SDK offers), since a dataclass field never shadows a
//! builtin at module level; class names may not, nor the names the generated modules import.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `keyword.kwlist` and `keyword.softkwlist` of Python 3.12.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "_", "case", "match", "type",
];

/// Builtin names a generated class must not take, and names the generated modules import.
const RESERVED_CLASSES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BlockingIOError",
    "BytesWarning",
    "ConnectionError",
    "EOFError",
    "Ellipsis",
    "Exception",
    "FileNotFoundError",
    "IOError",
    "ImportError",
    "IndexError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "NameError",
    "NotImplemented",
    "OSError",
    "OverflowError",
    "RuntimeError",
    "StopIteration",
    "SyntaxError",
    "SystemExit",
    "TimeoutError",
    "TypeError",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "Any",
    "Optional",
    "Union",
    "Literal",
    "Mapping",
    "Sequence",
    "ClassVar",
    "Decimal",
    "Enum",
    "FileInput",
    "Client",
    "AsyncClient",
    "dataclass",
    "field",
];

/// An attribute or parameter name: `refund_id`, `from_`.
pub fn field(wire: &str) -> String {
    let name = wire.to_snake_case();
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// An attribute of a generated class, and its `__init__` keyword: [`field`], with a `_` appended
/// where that is the catch-all's name ([`super::CATCH_ALL`], which the runtime's `Struct` reads
/// by that name, so a declared field gives way to it) or `self` (`__init__`'s first parameter):
/// `refund_id`, `extra_`, `self_`.
pub fn attribute(wire: &str) -> String {
    let name = field(wire);
    if name == super::CATCH_ALL || name == "self" {
        format!("{name}_")
    } else {
        name
    }
}

/// Keyword arguments of the runtime's `Client`; a gateway setting of that name gets a `_` suffix.
const CLIENT_ARGS: &[&str] = &[
    "url",
    "app_key",
    "secret",
    "sign_method",
    "connect_timeout",
    "timeout",
    "retries",
    "clock",
    "transport",
    "max_response_bytes",
    "proxy",
    "self",
];

/// The client's keyword argument for a gateway setting: `partner_id`, `secret_`.
pub fn setting(name: &str) -> String {
    let arg = field(name);
    if CLIENT_ARGS.contains(&arg.as_str()) {
        format!("{arg}_")
    } else {
        arg
    }
}

/// Standard-library modules a package must not shadow (the ones a generated package imports).
const STDLIB_MODULES: &[&str] = &[
    "abc",
    "asyncio",
    "base64",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "hashlib",
    "hmac",
    "http",
    "io",
    "json",
    "math",
    "os",
    "random",
    "re",
    "ssl",
    "string",
    "sys",
    "threading",
    "time",
    "types",
    "typing",
    "urllib",
    "uuid",
    "zlib",
];

/// Whether `name` is usable both as the PyPI distribution name (PEP 508, already in the
/// normalized PEP 503 form) and as the import package: a lower-case identifier that is not a
/// keyword nor a standard-library module the generated code imports, at most 64 characters.
pub fn is_distribution_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && is_valid(name)
        && !name.chars().any(|c| c.is_ascii_uppercase())
        && !KEYWORDS.contains(&name)
        && !STDLIB_MODULES.contains(&name)
}

/// The module constant of an endpoint: `ENDPOINT_PRODUCTION`.
pub fn endpoint(name: &str) -> String {
    format!(
        "ENDPOINT_{}",
        heck::ToShoutySnakeCase::to_shouty_snake_case(name)
    )
}

/// A class name: `RefundRefuseMessage`; builtins and imported names get a `_` suffix.
pub fn class(name: &str) -> String {
    let name = name.to_upper_camel_case();
    if RESERVED_CLASSES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A module name for an API: `refund_negotiatereturn`.
pub fn module(base_name: &str) -> String {
    field(base_name)
}

/// The package's own modules — the runtime (`templates/python/runtime/*.py`), `client` and
/// `__init__` — which an API module may not take ([`super::reserved_module`]). The runtime's
/// `_`-prefixed names cannot come from an API name (a module name starts with a letter); they are
/// listed so the list is the whole package.
pub const RESERVED_MODULES: &[&str] = &[
    "__init__", "_async", "_batch", "_errors", "_files", "_http", "_json", "_paging", "_retry",
    "_runtime", "_schema", "_wire", "client", "oauth",
];

/// An enum member for a wire value: `WAIT_SELLER_AGREE` stays as it is (already upper snake).
/// ASCII letters, digits and `_` only, never starting with `_` (Enum reserves `_sunder_` names);
/// `1ST` → `V_1ST`; a value with no letter or digit (``, `已付款`, `*/`) → `VALUE`.
pub fn enum_member(value: &str) -> String {
    use heck::ToShoutySnakeCase;
    let name: String = value
        .to_shouty_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_');
    if name.is_empty() {
        "VALUE".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{name}")
    } else {
        name.to_owned()
    }
}

/// The members of one enum, in order: [`enum_member`] of each value, `_2`, `_3`, … appended when
/// an earlier value took the name.
pub fn enum_members<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    super::unique(values.into_iter().map(enum_member), "_")
}

/// Whether `name` (after renaming) is a usable Python identifier.
pub fn is_valid(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_get_an_underscore() {
        assert_eq!(field("from"), "from_");
        assert_eq!(field("class"), "class_");
        assert_eq!(field("type"), "type_");
        assert_eq!(field("refundId"), "refund_id");
        assert_eq!(class("exception"), "Exception_");
        assert_eq!(class("refund"), "Refund");
        assert_eq!(enum_member("WAIT_SELLER_AGREE"), "WAIT_SELLER_AGREE");
    }

    #[test]
    fn attributes_give_way_to_the_catch_all_and_self() {
        for (wire, name) in [
            ("extra", "extra_"),
            ("Extra", "extra_"),
            ("self", "self_"),
            ("extra_fields", "extra_fields"),
            ("from", "from_"),
            ("refundId", "refund_id"),
        ] {
            assert_eq!(attribute(wire), name, "{wire}");
        }
    }

    /// The runtime's `Struct` keeps unknown members and misfits in the attribute the declared
    /// fields give way to, by that name.
    #[test]
    fn the_runtime_keeps_unknown_members_under_the_catch_alls_name() {
        let runtime = include_str!("../../templates/python/runtime/_schema.py");
        let catch_all = crate::naming::CATCH_ALL;
        for set in [
            format!("setattr(obj, \"{catch_all}\", extra)"),
            format!("object.__setattr__(self, \"{catch_all}\", extra)"),
        ] {
            assert!(runtime.contains(&set), "{set}");
        }
    }
}
