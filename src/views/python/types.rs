//! Python types for model types: the annotation a class attribute carries and the runtime
//! descriptor (`_rt.INT64`, `_rt.Type.struct_of(lambda: Refund)`) the runtime encodes it with.

use std::collections::BTreeSet;

use serde::Serialize;

use super::escape;
use crate::model::{Api, Envelope, Field, Paging, Type};
use crate::naming::{self, python as names};

/// Which side of the wire a type is used on: requests accept a little more than responses give.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The `typing` names a module uses, so it imports exactly those (ruff refuses unused imports).
#[derive(Default)]
pub struct Imports {
    pub typing: BTreeSet<&'static str>,
    /// `_b.` when a field name shadows a builtin the annotations use (`str`, `int`, ...), else ``.
    pub b: &'static str,
}

/// Builtins the generated annotations name; a field called like one of them would shadow it
/// inside the class body, so such modules spell them `_b.str` (`import builtins as _b`).
const SHADOWABLE: &[&str] = &[
    "str", "int", "bool", "object", "bytes", "list", "dict", "tuple", "type",
];

/// The Python annotation of a field's value (without `Optional`).
pub fn annotation(ty: &Type, side: Side, imports: &mut Imports) -> String {
    match ty {
        Type::String | Type::Decimal => format!("{b}str", b = imports.b),
        Type::Int64 => format!("{b}int", b = imports.b),
        Type::Boolean => format!("{b}bool", b = imports.b),
        Type::Date => "_dt.datetime".into(),
        Type::Json => format!("{b}object", b = imports.b),
        Type::File if side == Side::Request => {
            imports.typing.insert("Union");
            format!("Union[_rt.FileInput, {b}bytes]", b = imports.b)
        }
        Type::File => format!("{b}str", b = imports.b),
        Type::Struct(name) if side == Side::Request => {
            // A struct may be given as a mapping with wire names (checked like the class).
            format!("_rt.Input[{}]", names::class(name))
        }
        Type::Struct(name) => names::class(name),
        Type::Enum(name) => {
            imports.typing.insert("Union");
            format!("Union[{}, {b}str]", names::class(name), b = imports.b)
        }
        Type::List(item) => format!(
            "{b}list[{}]",
            annotation(item, side, imports),
            b = imports.b
        ),
    }
}

/// The runtime descriptor of a type.
pub fn descriptor(ty: &Type) -> String {
    match ty {
        Type::String => "_rt.STRING".into(),
        Type::Int64 => "_rt.INT64".into(),
        Type::Boolean => "_rt.BOOLEAN".into(),
        Type::Date => "_rt.DATE".into(),
        Type::Decimal => "_rt.DECIMAL".into(),
        Type::Json => "_rt.JSON".into(),
        Type::File => "_rt.FILE".into(),
        Type::Struct(name) => format!("_rt.struct_of({})", names::class(name)),
        Type::Enum(name) => format!("_rt.enum_of({})", names::class(name)),
        Type::List(item) => format!("_rt.list_of({})", descriptor(item)),
    }
}

fn uses_date(ty: &Type) -> bool {
    match ty {
        Type::Date => true,
        Type::List(item) => uses_date(item),
        _ => false,
    }
}

/// A class attribute (and `__init__` parameter), ready to print.
#[derive(Serialize)]
pub struct FieldView {
    pub attr: String,
    pub annotation: String,
    pub doc: Option<String>,
    /// `_rt.Param(...)` describing it.
    /// The arguments of its `_rt.Param(...)` in the class's table.
    pub args: Vec<String>,
    /// Whether that call is too long for one line (one argument per line then, as `ruff format`).
    pub explode: bool,
}

/// The line length of the generated packages (`[tool.ruff] line-length` in their pyproject.toml).
pub const LINE_LENGTH: usize = 120;

/// A Python tuple display: `("a",)` for one item, `("a", "b")` for more.
fn tuple(items: &[String]) -> String {
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    }
}

pub fn field_view(f: &Field, side: Side, imports: &mut Imports, uses_dt: &mut bool) -> FieldView {
    field_view_as(f, &names::attribute(&f.name), side, imports, uses_dt)
}

/// [`field_view`] with the attribute name given.
fn field_view_as(
    f: &Field,
    attr: &str,
    side: Side,
    imports: &mut Imports,
    uses_dt: &mut bool,
) -> FieldView {
    *uses_dt |= uses_date(&f.ty);
    let attr = attr.to_owned();
    let c = &f.constraints;
    let mut args = vec![escape::string(&f.name), descriptor(&f.ty)];
    if attr != f.name {
        args.push(format!("attr={}", escape::string(&attr)));
    }
    if f.required {
        args.push("required=True".into());
    }
    let numbers = [
        ("min_length", c.min_length.map(|v| v.to_string())),
        ("max_length", c.max_length.map(|v| v.to_string())),
        ("min", c.min.map(|v| v.to_string())),
        ("max", c.max.map(|v| v.to_string())),
        ("max_items", c.max_items.map(|v| v.to_string())),
        ("max_bytes", c.max_bytes.map(|v| v.to_string())),
    ];
    for (name, value) in numbers {
        if let Some(v) = value {
            args.push(format!("{name}={v}"));
        }
    }
    if !c.file_types.is_empty() {
        let types: Vec<String> = c
            .file_types
            .iter()
            .map(|t| escape::string(&t.label().to_ascii_lowercase()))
            .collect();
        args.push(format!("file_types={}", tuple(&types)));
    }
    if !c.allowed.is_empty() {
        let values: Vec<String> = c.allowed.iter().map(|v| escape::string(v)).collect();
        args.push(format!("allowed={}", tuple(&values)));
    }
    FieldView {
        annotation: annotation(&f.ty, side, imports),
        doc: (!f.description.is_empty()).then(|| escape::docstring(&f.description, "    ")),
        explode: escape::width(&format!("    _rt.Param({}),", args.join(", "))) > LINE_LENGTH,
        args,
        attr,
    }
}

#[derive(Serialize)]
pub struct ClassView {
    pub name: String,
    /// The request class (it carries the API's description and its response type).
    pub request: bool,
    pub doc: Option<String>,
    pub fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub struct EnumMemberView {
    pub name: String,
    pub value: String,
    pub doc: Option<String>,
}

#[derive(Serialize)]
pub struct EnumView {
    pub name: String,
    pub doc: Option<String>,
    pub members: Vec<EnumMemberView>,
}

/// Everything one API module prints.
#[derive(Serialize)]
pub struct ApiModule {
    pub module: String,
    pub doc: String,
    pub typing_imports: String,
    /// Prefix of builtin names in annotations: `_b.` when a field shadows one, else empty.
    pub b: String,
    pub uses_datetime: bool,
    pub uses_enum: bool,
    pub enums: Vec<EnumView>,
    /// The response class's name (what the request's `_response()` returns).
    pub response_name: String,
    /// Every class in the order it is printed: structs, the response, the request.
    pub classes: Vec<ClassView>,
    /// The keyword arguments of the request's `_ApiInfo(...)`.
    pub api_info: Vec<String>,
    /// The keyword arguments of the request's `_Paging(...)` (wire names), empty when it does not page.
    pub paging: Vec<String>,
}

/// `Paging(...)`'s keyword arguments for the spec's `paging` block.
fn paging_args(paging: &Paging) -> Vec<String> {
    let mut args = vec![format!("style={}", escape::string(paging.style()))];
    args.extend(
        paging
            .keys()
            .into_iter()
            .map(|(key, wire)| format!("{key}={}", escape::string(wire))),
    );
    args
}

fn doc(text: &str, indent: &str) -> Option<String> {
    (!text.is_empty()).then(|| escape::docstring(text, indent))
}

pub fn api_module(api: &Api, envelope: Envelope) -> ApiModule {
    let mut imports = Imports::default();
    imports.typing.insert("ClassVar");
    let all_fields = api
        .params
        .iter()
        .chain(&api.response)
        .chain(api.structs.iter().flat_map(|s| &s.fields));
    let shadowed = all_fields
        .map(|f| names::attribute(&f.name))
        .any(|a| SHADOWABLE.contains(&a.as_str()));
    imports.b = if shadowed { "_b." } else { "" };
    let mut dt = false;
    let structs: Vec<ClassView> = api
        .structs
        .iter()
        .map(|s| ClassView {
            name: names::class(&s.name),
            request: false,
            doc: doc(&s.description, "    "),
            fields: s
                .fields
                .iter()
                .map(|f| field_view(f, Side::Response, &mut imports, &mut dt))
                .collect(),
        })
        .collect();
    let enums: Vec<EnumView> = api.enums.iter().map(enum_view).collect();
    let response = ClassView {
        name: names::class(&format!("{}_response", api.base_name)),
        request: false,
        doc: doc(
            &format!("The answer of {} ({}).", api.name, api.title),
            "    ",
        ),
        fields: api
            .response_fields(envelope, "请求 id (the gateway's id of this call)")
            .iter()
            .map(|f| {
                let Some(name) = naming::beside_request_id(names::attribute, &f.name, envelope)
                else {
                    return field_view(f, Side::Response, &mut imports, &mut dt);
                };
                // Named like the gateway's `request_id` without being it: gives way, beside it.
                let note = naming::beside_request_id_note(&name);
                let f = Field {
                    description: format!("{}\n\n{note}", f.description.trim_end()),
                    ..f.clone()
                };
                field_view_as(&f, &name, Side::Response, &mut imports, &mut dt)
            })
            .collect(),
    };
    let request_doc = if api.description.is_empty() {
        format!("{} — {}", api.name, api.title)
    } else {
        format!("{} — {}\n\n{}", api.name, api.title, api.description)
    };
    let request = ClassView {
        name: names::class(&format!("{}_request", api.base_name)),
        request: true,
        doc: doc(&request_doc, "    "),
        fields: api
            .params
            .iter()
            .map(|f| field_view(f, Side::Request, &mut imports, &mut dt))
            .collect(),
    };
    let api_info = vec![
        format!("name={}", escape::string(&api.name)),
        format!(
            "path={}",
            api.path
                .as_deref()
                .map(escape::string)
                .unwrap_or_else(|| "None".into())
        ),
        format!("response_key={}", escape::string(&api.response_key)),
        format!("idempotent={}", py_bool(api.idempotent)),
        format!("session_required={}", py_bool(api.session_required)),
    ];
    imports.typing.insert("Optional");
    let response_name = response.name.clone();
    let mut classes = structs;
    classes.push(response);
    classes.push(request);
    ApiModule {
        module: names::module(&api.base_name),
        classes,
        doc: escape::docstring(&format!("{} — {}", api.name, api.title), ""),
        typing_imports: imports
            .typing
            .iter()
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
        uses_datetime: dt,
        b: imports.b.to_owned(),
        uses_enum: !enums.is_empty(),
        enums,
        response_name,
        api_info,
        paging: api.paging.as_ref().map(paging_args).unwrap_or_default(),
    }
}

pub fn py_bool(v: bool) -> &'static str {
    if v { "True" } else { "False" }
}

fn enum_view(e: &crate::model::Enum) -> EnumView {
    let members = e
        .values
        .iter()
        .zip(names::enum_members(
            e.values.iter().map(|v| v.value.as_str()),
        ))
        .map(|(v, name)| EnumMemberView {
            name,
            value: escape::string(&v.value),
            doc: doc(&v.description, "    "),
        })
        .collect();
    EnumView {
        name: names::class(&e.name),
        doc: doc(&e.description, "    "),
        members,
    }
}
