//! The context of one API module: request, nested structs, open enums and response.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::{Api, Envelope, Field, Paging, Struct, Type};

use super::escape::{doc, string_literal};
use super::types;
use crate::naming::{self, rust as names};

/// One field of a request, struct or response: a line of the declaration macro.
#[derive(Serialize)]
pub struct FieldCtx {
    pub ident: String,
    pub ty: String,
    pub doc: String,
    /// The wire name as a string literal (the member `FromJson` reads and the parameter sent).
    pub wire: String,
    /// `set_x(into)` / `set_x(copy)`, or empty (what only answers hold has no setter).
    pub setter: String,
    /// The checks, as `Checker` method calls without name and value (`length(Some(2), None)`).
    pub checks: Vec<String>,
}

#[derive(Serialize)]
pub struct StructCtx {
    pub name: String,
    pub doc: String,
    pub fields: Vec<FieldCtx>,
    pub extra: String,
}

#[derive(Serialize)]
pub struct VariantCtx {
    pub name: String,
    pub value: String,
    pub doc: String,
}

#[derive(Serialize)]
pub struct EnumCtx {
    pub name: String,
    pub doc: String,
    pub variants: Vec<VariantCtx>,
}

#[derive(Serialize)]
pub struct ApiCtx {
    pub module: String,
    pub module_doc: String,
    /// One-line summary for the crate root's `pub mod` line.
    pub mod_doc: String,
    pub api_name: String,
    pub api_name_literal: String,
    pub path: String,
    pub response_key: String,
    pub session_required: bool,
    pub idempotent: bool,
    pub request: String,
    pub request_doc: String,
    pub fields: Vec<FieldCtx>,
    pub structs: Vec<StructCtx>,
    pub enums: Vec<EnumCtx>,
    pub response: StructCtx,
    /// The declaration macros the module uses.
    pub imports: Vec<&'static str>,
    /// The `paged_request!` line's values, when the API pages.
    pub paging: Option<PagingCtx>,
}

/// The values of an API's `paged_request!` line (schema.rs): Rust names of its paging fields.
#[derive(Serialize)]
pub struct PagingCtx {
    /// `page` or `cursor`.
    pub style: &'static str,
    /// The type of one item of the page's list.
    pub item: String,
    /// `page_no / page_size`, or `cursor(text | int) / next_cursor`.
    pub address: String,
    pub items: String,
    /// The total and has-next fields, or empty.
    pub total: String,
    pub has_next: String,
}

fn paging_ctx(api: &Api, paging: &Paging) -> Option<PagingCtx> {
    let ident = |wire: &Option<String>| wire.as_deref().map(names::field).unwrap_or_default();
    let (style, address, items, total, has_next) = match paging {
        Paging::Page {
            page,
            size,
            items,
            total,
            has_next,
        } => (
            "page",
            format!("{} / {}", names::field(page), names::field(size)),
            items,
            ident(total),
            has_next,
        ),
        Paging::Cursor {
            cursor,
            next_cursor,
            items,
            has_next,
        } => {
            let param = api.params.iter().find(|f| &f.name == cursor)?;
            let kind = if param.ty == Type::Int64 {
                "int"
            } else {
                "text"
            };
            (
                "cursor",
                format!(
                    "{}({kind}) / {}",
                    names::field(cursor),
                    names::field(next_cursor)
                ),
                items,
                String::new(),
                has_next,
            )
        }
    };
    let Type::List(item) = &api.response.iter().find(|f| &f.name == items)?.ty else {
        return None;
    };
    Some(PagingCtx {
        style,
        item: types::rust_type(item),
        address,
        items: names::field(items),
        total,
        has_next: ident(has_next),
    })
}

/// Where a field is declared: a request parameter (dates stay text, as sent), a member of a
/// struct a request can carry, or a member of a struct only read from answers (dates are the
/// runtime's `DateTime`; only what a request carries has setters).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Param,
    Member,
    Response,
}

/// The structs a request can carry: those its parameters name, and theirs, at any depth.
fn request_structs(api: &Api) -> HashSet<&str> {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Struct(name) => Some(name),
            Type::List(item) => named(item),
            _ => None,
        }
    }
    let mut found = HashSet::new();
    let mut todo: Vec<&str> = api.params.iter().filter_map(|f| named(&f.ty)).collect();
    while let Some(name) = todo.pop() {
        if found.insert(name)
            && let Some(s) = api.structs.iter().find(|s| s.name == name)
        {
            todo.extend(s.fields.iter().filter_map(|f| named(&f.ty)));
        }
    }
    found
}

fn field_ctx(f: &Field, place: Place) -> FieldCtx {
    let ty = if place == Place::Param {
        types::param_type(&f.ty)
    } else {
        types::rust_type(&f.ty)
    };
    let mut text = described(&f.description, &format!("`{}`", f.name));
    if let Some(example) = &f.example {
        text = format!("{}\n\nExample: {example}", text.trim_end());
    }
    let setter = match place {
        Place::Response => String::new(),
        _ => format!("{}({})", names::setter(&f.name), types::setter_kind(&f.ty)),
    };
    FieldCtx {
        ident: names::field(&f.name),
        doc: doc(&text, "        "),
        wire: string_literal(&f.name),
        checks: if place == Place::Response {
            Vec::new()
        } else {
            types::checks(f, place == Place::Param)
        },
        setter,
        ty,
    }
}

/// `description`, or a placeholder naming the item when the spec gives none: the crates deny
/// `missing_docs`, and an empty doc would fail to compile.
pub(super) fn described(description: &str, item: &str) -> String {
    if description.trim().is_empty() {
        format!("{item} (no description in the spec).")
    } else {
        description.to_owned()
    }
}

/// The catch-all field of a struct whose fields are `fields` (naming decides).
fn catch_all(fields: &[FieldCtx]) -> String {
    let idents: Vec<&str> = fields.iter().map(|f| f.ident.as_str()).collect();
    names::catch_all(&idents)
}

fn struct_ctx(s: &Struct, place: Place) -> StructCtx {
    let fields: Vec<FieldCtx> = s.fields.iter().map(|f| field_ctx(f, place)).collect();
    StructCtx {
        name: names::type_name(&s.name),
        doc: doc(&described(&s.description, &format!("`{}`", s.name)), "    "),
        extra: catch_all(&fields),
        fields,
    }
}

pub fn api_ctx(api: &Api, envelope: Envelope) -> ApiCtx {
    let module = names::module(&api.base_name);
    let request = names::type_name(&format!("{}_request", api.base_name));
    let response_name = names::type_name(&format!("{}_response", api.base_name));
    let mut module_text = format!("{} — `{}`", api.title, api.name);
    if let Some(id) = api.doc_id {
        module_text.push_str(&format!(" (documentation id {id})"));
    }
    module_text.push_str("\n\n");
    module_text.push_str(&api.description);
    if !api.idempotent {
        module_text.push_str("\n\nNot idempotent: after a timeout the outcome is unknown, so this client never retries it blindly.");
    }
    // A declared field whose Rust name is the gateway's `request_id` without being it gives way.
    let renamed: Vec<Option<String>> = api
        .response
        .iter()
        .map(|f| naming::beside_request_id(names::field, &f.name, envelope))
        .collect();
    let mut response_fields = api.response_fields(
        envelope,
        "The id the gateway gave this call (quote it when asking TOP about the call).",
    );
    for (field, name) in response_fields.iter_mut().zip(&renamed) {
        if let Some(name) = name {
            field.description = format!(
                "{}\n\n{}",
                described(&field.description, &format!("`{}`", field.name)).trim_end(),
                naming::beside_request_id_note(name)
            );
        }
    }
    let mut response = StructCtx {
        name: response_name,
        doc: String::new(),
        fields: response_fields
            .iter()
            .map(|f| field_ctx(f, Place::Response))
            .collect(),
        extra: String::new(),
    };
    for (field, name) in response.fields.iter_mut().zip(renamed) {
        if let Some(name) = name {
            field.ident = name;
        }
    }
    response.extra = catch_all(&response.fields);
    response.doc = doc(
        &format!(
            "The answer of `{}`.\n\nRead leniently: a known field whose value does not fit its type is left unset and kept in `{}` as it arrived.",
            api.name, response.extra
        ),
        "    ",
    );
    let fields: Vec<FieldCtx> = api
        .params
        .iter()
        .map(|f| field_ctx(f, Place::Param))
        .collect();
    let sent = request_structs(api);
    let structs: Vec<StructCtx> = api
        .structs
        .iter()
        .map(|s| {
            let place = if sent.contains(s.name.as_str()) {
                Place::Member
            } else {
                Place::Response
            };
            struct_ctx(s, place)
        })
        .collect();
    let mut imports = vec!["api_request", "json_struct"];
    if !api.enums.is_empty() {
        imports.push("open_enum");
    }
    if fields
        .iter()
        .chain(structs.iter().flat_map(|s| &s.fields))
        .any(|f| !f.setter.is_empty())
    {
        imports.push("setter");
    }
    let paging = api.paging.as_ref().and_then(|p| paging_ctx(api, p));
    if paging.is_some() {
        imports.push("paged_request");
    }
    imports.sort_unstable(); // as rustfmt orders a `use` list
    ApiCtx {
        module_doc: super::escape::inner_doc(&module_text),
        mod_doc: doc(
            &format!("{} — `{}`", super::escape::one_line(&api.title), api.name),
            "",
        ),
        api_name: api.name.clone(),
        api_name_literal: string_literal(&api.name),
        path: api.path.as_deref().map_or_else(
            || "None".to_owned(),
            |p| format!("Some({})", string_literal(p)),
        ),
        response_key: string_literal(&api.response_key),
        session_required: api.session_required,
        idempotent: api.idempotent,
        request_doc: doc(
            &format!(
                "The parameters of `{}` ({}). Unset parameters are not sent.",
                api.name,
                super::escape::one_line(&api.title)
            ),
            "    ",
        ),
        request,
        fields,
        structs,
        enums: api
            .enums
            .iter()
            .map(|e| EnumCtx {
                name: names::type_name(&e.name),
                doc: doc(&described(&e.description, &format!("`{}`", e.name)), "    "),
                variants: e
                    .values
                    .iter()
                    .zip(names::variants(e.values.iter().map(|v| v.value.as_str())))
                    .map(|(v, name)| VariantCtx {
                        doc: doc(&described(&v.description, &format!("`{name}`")), "        "),
                        name,
                        value: string_literal(&v.value),
                    })
                    .collect(),
            })
            .collect(),
        module,
        response,
        imports,
        paging,
    }
}

/// Whether any parameter of the API has this type somewhere (used by README examples).
pub fn uses_file(api: &Api) -> bool {
    api.params.iter().any(|p| p.ty == Type::File)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_of(name: &str) -> (Api, Envelope) {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let model = crate::Generator::new(specs)
            .model()
            .expect("the project's specs");
        model
            .gateways
            .iter()
            .find_map(|gw| {
                let api = gw.apis.iter().find(|a| a.name == name)?;
                Some((api.clone(), gw.envelope))
            })
            .expect("the API is in the default selection")
    }

    fn setters(ctx: &ApiCtx, name: &str) -> Vec<String> {
        let s = ctx.structs.iter().find(|s| s.name == name).expect(name);
        s.fields.iter().map(|f| f.setter.clone()).collect()
    }

    /// A struct a request carries has setters (and its checks); one only read from answers has
    /// neither: their bodies are most of what a catalogue crate costs to compile.
    #[test]
    fn only_structs_a_request_carries_have_setters() {
        let (api, envelope) = api_of("taobao.refund.negotiatereturn");
        let ctx = api_ctx(&api, envelope);
        let sent = setters(&ctx, "RefundRefuseMessage");
        assert!(
            !sent.is_empty() && sent.iter().all(|s| s.starts_with("set_")),
            "{sent:?}"
        );
        assert!(ctx.imports.contains(&"setter"), "{:?}", ctx.imports);

        let (api, envelope) = api_of("taobao.trade.fullinfo.get");
        let ctx = api_ctx(&api, envelope);
        assert!(!ctx.structs.is_empty());
        for s in &ctx.structs {
            for f in &s.fields {
                assert_eq!(
                    (f.setter.as_str(), f.checks.len()),
                    ("", 0),
                    "{}.{}",
                    s.name,
                    f.ident
                );
            }
        }
    }
}
