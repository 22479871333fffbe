//! TypeScript names: heck for casing, then the reserved-word policy.
//!
//! Properties keep their wire names (`refund_id`), as the official Node SDK and the JSON do;
//! a property name is always legal in TypeScript, quoted when it is not an identifier. Type
//! names and local bindings avoid reserved words and the globals the generated code uses.

use heck::{ToLowerCamelCase, ToUpperCamelCase};

/// Reserved words of ECMAScript and TypeScript (strict mode), and type-position keywords.
const RESERVED: &[&str] = &[
    "any",
    "arguments",
    "as",
    "async",
    "await",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "constructor",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "if",
    "implements",
    "import",
    "in",
    "infer",
    "instanceof",
    "interface",
    "is",
    "keyof",
    "let",
    "module",
    "namespace",
    "never",
    "new",
    "null",
    "number",
    "object",
    "of",
    "package",
    "private",
    "protected",
    "public",
    "readonly",
    "require",
    "return",
    "set",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "unique",
    "unknown",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Globals and runtime names the generated modules use; a spec type of that name is renamed.
const RESERVED_TYPES: &[&str] = &[
    "ApiMap",
    "Array",
    "BigInt",
    "Boolean",
    "Date",
    "Error",
    "Function",
    "JSON",
    "Map",
    "Number",
    "Object",
    "Promise",
    "Record",
    "Set",
    "String",
    "Symbol",
    "Uint8Array",
    "Client",
    "FileInput",
    "Partial",
    "Readonly",
    "Required",
    "ReadonlyArray",
    "JsonValue",
    "Int64Input",
    "ApiDescriptor",
    "ApiRequest",
    "FieldSchema",
    "API",
];

/// A property name as written in a type or object literal: the wire name, quoted if needed.
/// A declared `extra` is a property like any other: TypeScript has no catch-all property (members
/// the package does not know stay on the object under their wire names; misfits are in the
/// runtime's `extraOf(object)`).
pub fn property(wire: &str) -> String {
    if is_identifier(wire) {
        wire.to_owned()
    } else {
        format!("{wire:?}")
    }
}

/// A type or class name: `RefundRefuseMessage`; globals get a `Type` suffix (`DateType`).
pub fn type_name(name: &str) -> String {
    let name = name.to_upper_camel_case();
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// A local binding or function name: `refundNegotiatereturn`; reserved words get a `_` suffix.
pub fn binding(name: &str) -> String {
    let name = name.to_lower_camel_case();
    if RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Options of the runtime's `ClientOptions`; a gateway setting of that name gets a `Setting` suffix.
const CLIENT_OPTIONS: &[&str] = &[
    "appKey",
    "secret",
    "url",
    "signMethod",
    "connectTimeoutMs",
    "timeoutMs",
    "retries",
    "clock",
    "transport",
];

/// The client option of a gateway setting: `partnerId`; `secret` → `secretSetting`.
pub fn setting(name: &str) -> String {
    let option = binding(name);
    if CLIENT_OPTIONS.contains(&option.as_str()) {
        format!("{option}Setting")
    } else {
        option
    }
}

/// Module names an API may not take: none. API modules have a folder of their own (`apis/`, the
/// package's `./*` export), apart from `index` and the runtime (`runtime/`).
pub const RESERVED_MODULES: &[&str] = &[];

/// A module (file) name for an API: `refund_negotiatereturn`.
pub fn module(base_name: &str) -> String {
    base_name.to_owned()
}

/// Whether `name` can be written bare (not quoted) as an identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Whether `name` (after renaming) is usable as a type or binding name.
pub fn is_valid(name: &str) -> bool {
    is_identifier(name) && !RESERVED.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_avoid_reserved_words() {
        assert_eq!(property("refund_id"), "refund_id");
        assert_eq!(property("class"), "class");
        assert_eq!(property("x-y"), "\"x-y\"");
        assert_eq!(type_name("date"), "DateType");
        assert_eq!(binding("delete"), "delete_");
        assert_eq!(binding("refund_negotiatereturn"), "refundNegotiatereturn");
    }
}
