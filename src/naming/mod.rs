//! Naming: the one place where wire names become identifiers, per language.
//!
//! `rust`, `python` and `typescript` each hold that language's policy (heck for casing, then the
//! keyword policy). The checker (`check`), the importer (`import`) and the views all call these
//! functions, so a name that would be invalid or collide after renaming is found before rendering.
//! This module also holds the rules shared by all three: what a wire name, an API name and a
//! package name may be, the name a response field takes beside the gateway's `request_id`, the
//! name of the catch-all field ([`CATCH_ALL`]; [`rust::catch_all`], [`python::attribute`]), and
//! the per-API name tables the importer uses.

pub mod python;
pub mod rust;
pub mod typescript;

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::Envelope;

/// One language's naming policy, as the checker uses it to find invalid or colliding names.
pub struct Policy {
    /// The language's name in messages.
    pub language: &'static str,
    /// A field, parameter or property name.
    pub field: fn(&str) -> String,
    /// A declared field of a request, struct or response as its generated type names it: `field`,
    /// except where that would be a name the type keeps for itself (Python's `extra` and `self`).
    pub declared_field: fn(&str) -> String,
    /// A type (struct, enum, request, response) name.
    pub type_name: fn(&str) -> String,
    /// An enum member (variant) name for a wire value; `None` where enums are unions of literals.
    pub variant: Option<fn(&str) -> String>,
    /// A gateway setting's name as users write it (builder method, keyword argument, option key).
    pub setting: fn(&str) -> String,
    /// The constant of an endpoint; `None` where endpoints have no names of their own.
    pub endpoint: Option<fn(&str) -> String>,
    /// Whether a renamed type or member name is a usable identifier.
    pub valid: fn(&str) -> bool,
}

/// The policies of every target language.
pub const POLICIES: [Policy; 3] = [
    Policy {
        language: "Rust",
        field: rust::field,
        declared_field: rust::field,
        type_name: rust::type_name,
        variant: Some(rust::variant),
        setting: rust::setting,
        endpoint: Some(rust::endpoint),
        valid: rust::is_valid,
    },
    Policy {
        language: "Python",
        field: python::field,
        declared_field: python::attribute,
        type_name: python::class,
        variant: Some(python::enum_member),
        setting: python::setting,
        endpoint: Some(python::endpoint),
        valid: python::is_valid,
    },
    Policy {
        language: "TypeScript",
        field: typescript::property,
        declared_field: typescript::property,
        type_name: typescript::type_name,
        variant: None,
        setting: typescript::setting,
        endpoint: None,
        valid: typescript::is_valid,
    },
];

/// The name of the catch-all field of every struct and response: the map of the members a
/// package does not know, or whose value did not fit, as they arrived (runtime contract, "Real
/// response shapes"). Rust gives it another name when a declared field takes it
/// ([`rust::catch_all`]); in Python the declared field gives way ([`python::attribute`]);
/// TypeScript has none (unknown members stay on the object, misfits are in `extraOf(object)`).
pub const CATCH_ALL: &str = "extra";

/// The wire name of the id the TOP gateway puts in every success payload. On `envelope: top`
/// every response type has a field of this name, declared or not (runtime contract, "Real
/// response shapes").
pub const GATEWAY_REQUEST_ID: &str = "request_id";

/// The name a declared response field takes beside the gateway's `request_id`, in a language
/// whose field names are `field`, when it must differ from its usual `field(wire)`: on
/// `envelope: top`, a field of another wire name that the language would also call `request_id`
/// (`RequestId` in Aliyun answers) is `request_id_` in Rust and Python. TypeScript properties keep
/// their wire names, so there no field ever gives way.
pub fn beside_request_id(
    field: impl Fn(&str) -> String,
    wire: &str,
    envelope: Envelope,
) -> Option<String> {
    let gateway = field(GATEWAY_REQUEST_ID);
    (envelope == Envelope::Top && wire != GATEWAY_REQUEST_ID && field(wire) == gateway)
        .then(|| format!("{gateway}_"))
}

/// A declared response field's name in a language whose field names are `field`: `field(wire)`,
/// or [`beside_request_id`]'s name where that applies.
pub fn response_field(field: impl Fn(&str) -> String, wire: &str, envelope: Envelope) -> String {
    beside_request_id(&field, wire, envelope).unwrap_or_else(|| field(wire))
}

/// The line the documentation of a field renamed by [`beside_request_id`] ends with.
pub fn beside_request_id_note(name: &str) -> String {
    format!("Read as `{name}`: `{GATEWAY_REQUEST_ID}` is the gateway's id of the call.")
}

/// The documentation's basic type names and the spec's: a struct may not take these names.
const TYPE_WORDS: &[&str] = &[
    "String",
    "Number",
    "Boolean",
    "Date",
    "Price",
    "BigDecimal",
    "Json",
    "Map",
    "Byte",
    "Null",
    "Object",
    "List",
    "string",
    "int64",
    "boolean",
    "date",
    "decimal",
    "json",
    "file",
    "list",
];

fn type_forms(name: &str) -> [String; 3] {
    POLICIES.map(|p| (p.type_name)(name))
}

fn field_forms(wire: &str) -> [String; 3] {
    POLICIES.map(|p| (p.field)(wire))
}

/// A module the package already has, that `base_name`'s API module would replace: the
/// language and the file, e.g. `("Rust", "src/batch.rs")` for an API `taobao.batch`.
pub fn reserved_module(base_name: &str) -> Option<(&'static str, String)> {
    let rust = rust::module(base_name);
    let python = python::module(base_name);
    let typescript = typescript::module(base_name);
    if rust::RESERVED_MODULES.contains(&rust.as_str()) {
        Some(("Rust", format!("src/{rust}.rs")))
    } else if python::RESERVED_MODULES.contains(&python.as_str()) {
        Some(("Python", format!("{python}.py")))
    } else if typescript::RESERVED_MODULES.contains(&typescript.as_str()) {
        Some(("TypeScript", format!("apis/{typescript}.js")))
    } else {
        None
    }
}

/// Every module name an API may not take, in the three languages, sorted (for messages).
pub fn reserved_modules() -> Vec<&'static str> {
    let mut all: Vec<&str> = [
        rust::RESERVED_MODULES,
        python::RESERVED_MODULES,
        typescript::RESERVED_MODULES,
    ]
    .concat()
    .into_iter()
    .filter(|m| m.starts_with(|c: char| c.is_ascii_alphabetic()))
    .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// `names` made unique in order: a later name already taken gets `{separator}2`, `{separator}3`, …
pub fn unique(names: impl IntoIterator<Item = String>, separator: &str) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let names: Vec<String> = names.into_iter().collect();
    // Names as given come first, so a suffixed name never takes a later value's own name.
    let own: BTreeSet<&String> = names.iter().collect();
    let mut out = Vec::with_capacity(names.len());
    for name in &names {
        let mut candidate = name.clone();
        let mut n = 2;
        while taken.contains(&candidate) || (candidate != *name && own.contains(&candidate)) {
            candidate = format!("{name}{separator}{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

/// Whether a wire name fits the spec format: an ASCII letter, then letters, digits and `_`.
pub fn is_wire_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an API name fits the spec format: a lower-case prefix, then at least one part of
/// letters, digits, `_` and `-` (the `method` value as the platform spells it).
pub fn is_api_name(name: &str) -> bool {
    let mut parts = name.split('.');
    let prefix_ok = parts.next().is_some_and(|p| {
        p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    });
    prefix_ok
        && name.contains('.')
        && parts.all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The API's base name, from which the request and response type names are made (the checker's
/// rule): without a leading `taobao.`, in snake case.
pub fn base_name(api: &str) -> String {
    api.strip_prefix("taobao.")
        .unwrap_or(api)
        .replace(['.', '-'], "_")
        .to_snake_case()
}

/// Whether `version` is a package version that means the same on crates.io, PyPI and npm: SemVer
/// 2.0 `MAJOR.MINOR.PATCH` (no leading zeros), optionally `-alpha.N`, `-beta.N` or `-rc.N` (which
/// PEP 440 reads as `aN`, `bN`, `rcN`). Build metadata (`+…`) and other pre-release forms are
/// refused: PyPI has no equivalent for them.
pub fn is_version(version: &str) -> bool {
    fn number(part: &str) -> bool {
        !part.is_empty()
            && part.len() <= 9
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    }
    let (release, pre) = match version.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (version, None),
    };
    let parts: Vec<&str> = release.split('.').collect();
    let pre_ok = match pre {
        None => true,
        Some(pre) => match pre.split_once('.') {
            Some((label, n)) => matches!(label, "alpha" | "beta" | "rc") && number(n),
            None => false,
        },
    };
    parts.len() == 3 && parts.iter().all(|p| number(p)) && pre_ok
}

/// Whether `name` is a valid npm package name, scoped (`@topgen/taobao-top`) or not.
pub fn is_npm_name(name: &str) -> bool {
    let bare = match name.strip_prefix('@') {
        Some(scoped) => match scoped.split_once('/') {
            Some((scope, rest)) if is_npm_part(scope) => rest,
            _ => return false,
        },
        None => name,
    };
    is_npm_part(bare) && name.len() <= 214 && !matches!(bare, "node_modules" | "favicon.ico")
}

fn is_npm_part(part: &str) -> bool {
    !part.is_empty()
        && !part.starts_with(['.', '_'])
        && part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
}

/// The type names of one API: the request and response types plus every struct.
#[derive(Debug)]
pub struct TypeNames {
    taken: [BTreeSet<String>; 3],
}

impl TypeNames {
    /// `base` is the API's base name (`refund_refuse`).
    pub fn new(base: &str) -> Self {
        let mut names = Self {
            taken: Default::default(),
        };
        let camel = base.to_upper_camel_case();
        names.take(&format!("{camel}Request"));
        names.take(&format!("{camel}Response"));
        names
    }

    fn is_free(&self, name: &str) -> bool {
        type_forms(name)
            .iter()
            .zip(&self.taken)
            .all(|(form, taken)| !taken.contains(form))
    }

    fn take(&mut self, name: &str) {
        for (form, taken) in type_forms(name).into_iter().zip(&mut self.taken) {
            taken.insert(form);
        }
    }

    /// A fresh struct name: the metadata's type name when it is usable, else one made from the
    /// field name; `Name2`, `Name3`, … when taken. Returns the name and whether it differs from
    /// the metadata's.
    pub fn fresh(&mut self, type_name: &str, field_name: &str) -> (String, bool) {
        let usable = |n: &str| {
            n.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && n.chars().all(|c| c.is_ascii_alphanumeric())
                && !TYPE_WORDS.contains(&n)
        };
        let base = if usable(type_name) {
            type_name.to_owned()
        } else {
            let from_field = field_name.to_upper_camel_case();
            if usable(&from_field) {
                from_field
            } else {
                "Struct".to_owned()
            }
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.is_free(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.take(&candidate);
        let renamed = candidate != type_name;
        (candidate, renamed)
    }
}

/// The field names of one scope (the parameters, the response, or one struct).
#[derive(Debug, Default)]
pub struct FieldScope {
    /// Renamed form per language → the wire name that took it.
    taken: [BTreeMap<String, String>; 3],
}

impl FieldScope {
    /// Takes `wire`, or returns the wire name it clashes with (itself when listed twice).
    pub fn take(&mut self, wire: &str) -> Result<(), String> {
        let forms = field_forms(wire);
        for (form, taken) in forms.iter().zip(&self.taken) {
            if let Some(first) = taken.get(form) {
                return Err(first.clone());
            }
        }
        for (form, taken) in forms.into_iter().zip(&mut self.taken) {
            taken.insert(form, wire.to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_names_avoid_clashes_and_type_words() {
        let mut names = TypeNames::new("refund_refuse");
        assert_eq!(
            names.fresh("Refund", "refund"),
            ("Refund".to_owned(), false)
        );
        assert_eq!(
            names.fresh("Refund", "refund"),
            ("Refund2".to_owned(), true)
        );
        assert_eq!(
            names.fresh("String", "alisp_data"),
            ("AlispData".to_owned(), true)
        );
        assert_eq!(
            names.fresh("RefundRefuseRequest", "x"),
            ("RefundRefuseRequest2".to_owned(), true)
        );
        // `Error` becomes `ErrorValue` in Rust; a later `ErrorValue` would clash there.
        assert_eq!(names.fresh("Error", "e"), ("Error".to_owned(), false));
        assert_eq!(
            names.fresh("ErrorValue", "e"),
            ("ErrorValue2".to_owned(), true)
        );
    }

    #[test]
    fn field_scopes_catch_clashes_after_renaming() {
        let mut scope = FieldScope::default();
        assert!(scope.take("user_id").is_ok());
        assert_eq!(scope.take("userId"), Err("user_id".to_owned()));
        assert_eq!(scope.take("user_id"), Err("user_id".to_owned()));
        assert!(scope.take("type").is_ok());
    }

    #[test]
    fn a_field_named_like_the_gateways_request_id_gives_way_on_top_only() {
        let top = Envelope::Top;
        for field in [rust::field, python::field] {
            for wire in ["RequestId", "requestID", "Request_Id"] {
                assert_eq!(
                    beside_request_id(field, wire, top).as_deref(),
                    Some("request_id_")
                );
                assert_eq!(response_field(field, wire, top), "request_id_");
                assert_eq!(
                    response_field(field, wire, Envelope::CodeMessageData),
                    "request_id"
                );
            }
            assert_eq!(beside_request_id(field, "request_id", top), None);
            assert_eq!(response_field(field, "request_id", top), "request_id");
            assert_eq!(response_field(field, "refundId", top), "refund_id");
        }
        // TypeScript properties keep wire names: nothing collides with the gateway's.
        assert_eq!(
            beside_request_id(typescript::property, "RequestId", top),
            None
        );
        assert_eq!(
            beside_request_id_note("request_id_"),
            "Read as `request_id_`: `request_id` is the gateway's id of the call."
        );
    }

    #[test]
    fn enum_names_are_valid_and_unique_in_every_language() {
        let values = [
            "WAIT_SELLER_AGREE",
            "wait-seller-agree",
            "Unknown",
            "UNKNOWN_VALUE",
            "1ST",
            "0",
            "",
            "已付款",
            "*/",
            "A2",
            "A",
            "a",
        ];
        assert_eq!(
            rust::variants(values),
            [
                "WaitSellerAgree",
                "WaitSellerAgree2",
                "UnknownValue",
                "UnknownValue2",
                "V1st",
                "V0",
                "Value",
                "Value2",
                "Value3",
                "A2",
                "A",
                "A3"
            ]
        );
        assert_eq!(
            python::enum_members(values),
            [
                "WAIT_SELLER_AGREE",
                "WAIT_SELLER_AGREE_2",
                "UNKNOWN",
                "UNKNOWN_VALUE",
                "V_1ST",
                "V_0",
                "VALUE",
                "VALUE_2",
                "VALUE_3",
                "A2",
                "A",
                "A_2"
            ]
        );
    }

    #[test]
    fn versions_mean_the_same_in_every_registry() {
        for ok in ["0.1.0", "1.2.3", "10.0.0-rc.1", "1.0.0-alpha.0", "0.0.0"] {
            assert!(is_version(ok), "{ok}");
        }
        for bad in [
            "0.1.0\"\nbuild = \"../evil/build.rs",
            "1.0",
            "01.0.0",
            "1.0.0+build",
            "1.0.0-pre",
            "1.0.0-rc.01",
            "v1.0.0",
            " 1.0.0",
            "",
            "1.0.0-rc.1.2",
        ] {
            assert!(!is_version(bad), "{bad:?}");
        }
    }

    #[test]
    fn package_names_per_registry() {
        assert!(is_npm_name("@topgen/taobao-top"));
        assert!(is_npm_name("taobao-top"));
        for bad in [
            "@topgen",
            "@/x",
            "Taobao",
            "x\"y",
            "node_modules",
            ".x",
            "@a/b/c",
            "a b",
            "",
        ] {
            assert!(!is_npm_name(bad), "{bad:?}");
        }
        assert!(rust::is_crate_name("taobao-top"));
        for bad in [
            "taobao top",
            "1x",
            "std",
            "core",
            "x\"",
            "a".repeat(65).as_str(),
            "Taobao",
        ] {
            assert!(!rust::is_crate_name(bad), "{bad:?}");
        }
        assert!(python::is_distribution_name("taobao_top"));
        for bad in ["taobao-top", "import", "1x", "Taobao", "x\"", "typing"] {
            assert!(!python::is_distribution_name(bad), "{bad:?}");
        }
    }

    /// The names of the files under `templates/<dir>` with `extension`, without it.
    fn template_files(dir: &str, extension: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.strip_suffix(extension).map(str::to_owned)
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_runtime_module_is_reserved() {
        for name in template_files("rust/runtime", ".rs")
            .into_iter()
            .chain(["gateway", "lib", "main"].map(str::to_owned))
        {
            assert!(
                rust::RESERVED_MODULES.contains(&name.as_str()),
                "Rust: {name}"
            );
        }
        for name in template_files("python/runtime", ".py")
            .into_iter()
            .chain(["__init__", "client"].map(str::to_owned))
        {
            assert!(
                python::RESERVED_MODULES.contains(&name.as_str()),
                "Python: {name}"
            );
        }
        assert_eq!(
            reserved_module(&base_name("taobao.batch")),
            Some(("Rust", "src/batch.rs".to_owned()))
        );
        assert_eq!(
            reserved_module(&base_name("taobao.client")),
            Some(("Python", "client.py".to_owned()))
        );
        assert_eq!(reserved_module(&base_name("taobao.batch.get")), None);
        assert_eq!(reserved_module(&base_name("taobao.index")), None);
    }

    #[test]
    fn wire_and_api_names() {
        assert!(is_wire_name("refund_id"));
        assert!(!is_wire_name("_t"));
        assert!(!is_wire_name("dimission.employee"));
        assert!(is_api_name("taobao.refund.refuse"));
        assert!(is_api_name("alibaba.aliqin.fc.iot.cardInfo"));
        assert!(is_api_name("account.aliyuncs.com.CreateApp.2013-07-01"));
        assert!(!is_api_name("Taobao.refund"));
        assert!(!is_api_name("taobao..refund"));
        assert!(!is_api_name("taobao"));
        assert_eq!(base_name("taobao.refund.refuse"), "refund_refuse");
        assert_eq!(
            base_name("tmall.item.quantity.update"),
            "tmall_item_quantity_update"
        );
    }
}
