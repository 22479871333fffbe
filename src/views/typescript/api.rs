//! The context of one API module: `apis/<base_name>.js` (the descriptor and the request class)
//! and `apis/<base_name>.d.ts` (its types). Each is a subpath of the package
//! (`@topgen/taobao-top/refund_refuse`), so a program loads and type-checks only what it imports.

use serde::Serialize;

use super::escape::{jsdoc, string_literal};
use super::layout;
use super::types::{Side, fields_const, reachable_structs, schema_entry, ts_type};
use crate::model::{Api, Envelope, Field, Paging};
use crate::naming::typescript as names;

#[derive(Serialize)]
pub struct ApiView {
    pub module: String,
    pub name_literal: String,
    pub doc: String,
    /// The `import { … } from "../runtime/index.js";` line(s) of the `.js` and `.d.ts` files.
    pub js_import: String,
    pub dts_import: String,
    pub descriptor: String,
    pub request_class: String,
    pub params_interface: String,
    pub response_interface: String,
    /// `export type RefundRefuseApi = ApiDescriptor<…>;`, laid out.
    pub api_type: String,
    pub api_type_name: String,
    /// The request class's constructor declaration, laid out.
    pub constructor: String,
    pub path_literal: String,
    pub response_key_literal: String,
    pub session_required: bool,
    pub idempotent: bool,
    pub params: Vec<FieldView>,
    /// `params: [...]` and `response: [...]` of the descriptor, laid out.
    pub param_table: String,
    pub response_table: String,
    /// The descriptor's `paging: { … },` (wire names), laid out; empty when the API does not page.
    pub paging: String,
    pub response: Vec<FieldView>,
    pub structs: Vec<StructView>,
    pub enums: Vec<EnumView>,
}

#[derive(Serialize)]
pub struct FieldView {
    pub doc: String,
    /// `refund_id?: Int64Input`, ready to print before `;`.
    pub declaration: String,
}

#[derive(Serialize)]
pub struct StructView {
    pub name: String,
    pub doc: String,
    pub fields: Vec<FieldView>,
    /// Response structs keep unknown fields.
    pub open: bool,
    /// `const REFUND = t.struct("Refund", () => [...]);`, laid out.
    pub table: String,
}

#[derive(Serialize)]
pub struct EnumView {
    pub doc: String,
    /// `export type RefundStatus = "A" | "B" | (string & {});`, laid out.
    pub declaration: String,
}

fn field_view(field: &Field, side: Side, optional: bool) -> FieldView {
    let mark = if optional { "?" } else { "" };
    FieldView {
        doc: jsdoc(&field.description, "  "),
        declaration: format!(
            "{}{mark}: {}",
            names::property(&field.name),
            ts_type(&field.ty, side)
        ),
    }
}

/// The descriptor table of `fields` at `indent`: `head[...]tail`.
fn table(indent: usize, head: &str, fields: &[Field], tail: &str) -> String {
    layout::object_array(
        indent,
        head,
        fields.len(),
        &|i, at, t| schema_entry(&fields[i], at, t),
        tail,
    )
}

pub fn api_view(api: &Api, envelope: Envelope) -> ApiView {
    let base = names::type_name(&api.base_name);
    // Properties keep wire names: no declared field gives way to the gateway's `request_id`.
    let response_fields = api.response_fields(
        envelope,
        "The gateway's id of this call (TOP puts it in every answer).",
    );
    let output_structs = reachable_structs(api, &response_fields);
    let structs: Vec<StructView> = api
        .structs
        .iter()
        .map(|s| {
            let open = output_structs.contains(&s.name);
            let side = if open { Side::Output } else { Side::Input };
            let items = |at: usize| {
                s.fields
                    .iter()
                    .map(|f| schema_entry(f, at, ","))
                    .collect::<Vec<_>>()
            };
            StructView {
                name: names::type_name(&s.name),
                doc: jsdoc(&s.description, ""),
                fields: s.fields.iter().map(|f| field_view(f, side, true)).collect(),
                open,
                table: layout::struct_table(
                    &fields_const(&s.name),
                    &string_literal(&names::type_name(&s.name)),
                    &items,
                ),
            }
        })
        .collect();
    let enums = api
        .enums
        .iter()
        .map(|e| {
            let mut doc = e.description.trim_end().to_owned();
            for v in &e.values {
                doc.push_str(&format!("\n- `{}`: {}", v.value, v.description));
            }
            let mut members: Vec<String> =
                e.values.iter().map(|v| string_literal(&v.value)).collect();
            members.push("(string & {})".into());
            EnumView {
                doc: jsdoc(&doc, ""),
                declaration: layout::union_alias(
                    &format!("export type {}", names::type_name(&e.name)),
                    &members,
                ),
            }
        })
        .collect();
    let params: Vec<FieldView> = api
        .params
        .iter()
        .map(|f| field_view(f, Side::Input, !f.required))
        .collect();
    let response: Vec<FieldView> = response_fields
        .iter()
        .map(|f| field_view(f, Side::Output, true))
        .collect();
    let mut doc = api.title.clone();
    if !api.description.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(api.description.trim_end());
    }
    doc.push_str(&format!("\n\nAPI `{}`", api.name));
    if let Some(id) = api.doc_id {
        doc.push_str(&format!(" (documentation {id})"));
    }
    doc.push_str(if api.idempotent {
        "; safe to repeat."
    } else {
        "; not idempotent: after a timeout the outcome is unknown."
    });

    let printed: Vec<&str> = params
        .iter()
        .chain(&response)
        .chain(structs.iter().flat_map(|s| &s.fields))
        .map(|f| f.declaration.as_str())
        .collect();
    let mut dts_names = vec!["API".to_owned(), "type ApiDescriptor".to_owned()];
    for token in ["FileInput", "Int64Input", "JsonValue"] {
        // A whole word of a declaration's type: a field may be named `FileInput`.
        let in_type = |d: &&str| {
            let ty = d.split_once(": ").map_or("", |(_, ty)| ty);
            ty.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word == token)
        };
        if printed.iter().any(in_type) {
            dts_names.push(format!("type {token}"));
        }
    }
    let mut js_names = vec!["API".to_owned(), "registerApi".to_owned()];
    let schemas_use_t = api
        .params
        .iter()
        .chain(&response_fields)
        .chain(api.structs.iter().flat_map(|s| &s.fields))
        .any(|f| {
            let schema = super::types::schema_type(&f.ty);
            schema.starts_with("t.")
        });
    if schemas_use_t || !api.structs.is_empty() {
        js_names.push("t".to_owned());
    }
    let from = "\"../runtime/index.js\"";
    let api_type_name = format!("{base}Api");
    ApiView {
        module: names::module(&api.base_name),
        name_literal: string_literal(&api.name),
        doc: jsdoc(&doc, ""),
        js_import: layout::import(&js_names, from),
        dts_import: layout::import(&dts_names, from),
        descriptor: format!("{}Api", names::binding(&api.base_name)),
        request_class: format!("{base}Request"),
        params_interface: format!("{base}Params"),
        response_interface: format!("{base}Response"),
        api_type: layout::type_args(
            0,
            &format!("export type {api_type_name} = ApiDescriptor"),
            &[format!("{base}Params"), format!("{base}Response")],
            ";",
        ),
        constructor: layout::signature(
            2,
            "constructor",
            &format!("params?: Partial<{base}Params>"),
        ),
        api_type_name,
        path_literal: api.path.as_deref().map_or("null".into(), string_literal),
        response_key_literal: string_literal(&api.response_key),
        session_required: api.session_required,
        idempotent: api.idempotent,
        param_table: table(2, "params: ", &api.params, ","),
        paging: api.paging.as_ref().map(paging_entry).unwrap_or_default(),
        response_table: table(2, "response: ", &response_fields, ","),
        params,
        response,
        structs,
        enums,
    }
}

/// The descriptor's `paging` entry (runtime `Paging`), one key a line.
fn paging_entry(paging: &Paging) -> String {
    let mut lines = format!("    style: {},\n", string_literal(paging.style()));
    for (key, wire) in paging.keys() {
        lines.push_str(&format!(
            "    {}: {},\n",
            names::binding(key),
            string_literal(wire)
        ));
    }
    format!("paging: {{\n{lines}  }},")
}
