//! The context of one API module (`src/apis/<base_name>.ts`).

use serde::Serialize;

use super::escape::{jsdoc, string_literal};
use crate::naming::typescript as names;
use super::types::{Side, fields_const, reachable_structs, schema_field, ts_type};
use crate::model::{Api, Field};

#[derive(Serialize)]
pub struct ApiView {
    pub module: String,
    /// How `src/index.ts` re-exports this module (see [`root_export`]).
    pub root_export: String,
    pub name_literal: String,
    pub doc: String,
    pub imports: String,
    pub descriptor: String,
    pub request_class: String,
    pub params_interface: String,
    pub response_interface: String,
    pub path_literal: String,
    pub response_key_literal: String,
    pub session_required: bool,
    pub idempotent: bool,
    pub params: Vec<FieldView>,
    pub param_schemas: Vec<String>,
    pub response: Vec<FieldView>,
    pub response_schemas: Vec<String>,
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
    pub fields_const: String,
    pub schemas: Vec<String>,
}

#[derive(Serialize)]
pub struct EnumView {
    pub name: String,
    pub doc: String,
    /// `"A" | "B" | (string & {})`.
    pub union: String,
}

fn field_view(field: &Field, side: Side, optional: bool) -> FieldView {
    let mark = if optional { "?" } else { "" };
    FieldView {
        doc: jsdoc(&field.description, "  "),
        declaration: format!("{}{mark}: {}", names::property(&field.name), ts_type(&field.ty, side)),
    }
}

pub fn api_view(api: &Api) -> ApiView {
    let base = names::type_name(&api.base_name);
    let output_structs = reachable_structs(api, &api.response);
    let structs: Vec<StructView> = api
        .structs
        .iter()
        .map(|s| {
            let open = output_structs.contains(&s.name);
            let side = if open { Side::Output } else { Side::Input };
            StructView {
                name: names::type_name(&s.name),
                doc: jsdoc(&s.description, ""),
                fields: s.fields.iter().map(|f| field_view(f, side, true)).collect(),
                open,
                fields_const: fields_const(&s.name),
                schemas: s.fields.iter().map(schema_field).collect(),
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
            let mut members: Vec<String> = e.values.iter().map(|v| string_literal(&v.value)).collect();
            members.push("(string & {})".into());
            EnumView { name: names::type_name(&e.name), doc: jsdoc(&doc, ""), union: members.join(" | ") }
        })
        .collect();
    let params: Vec<FieldView> = api.params.iter().map(|f| field_view(f, Side::Input, !f.required)).collect();
    let response: Vec<FieldView> = api.response.iter().map(|f| field_view(f, Side::Output, true)).collect();
    let mut doc = api.title.clone();
    if !api.description.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(api.description.trim_end());
    }
    doc.push_str(&format!("\n\nAPI `{}`", api.name));
    if let Some(id) = api.doc_id {
        doc.push_str(&format!(" (documentation {id})"));
    }
    doc.push_str(if api.idempotent { "; safe to repeat." } else { "; not idempotent: after a timeout the outcome is unknown." });

    let printed: Vec<&str> = params
        .iter()
        .chain(&response)
        .chain(structs.iter().flat_map(|s| &s.fields))
        .map(|f| f.declaration.as_str())
        .collect();
    // `t` builds the field tables; an API without parameters, response fields or structs has none.
    let uses_t = api
        .params
        .iter()
        .chain(&api.response)
        .map(schema_field)
        .chain(structs.iter().flat_map(|s| s.schemas.iter().cloned()))
        .any(|schema| schema.contains("t."));
    let mut imports = vec!["API", "type ApiDescriptor", "type ApiRequest"];
    if uses_t {
        imports.insert(1, "t");
    }
    if !structs.is_empty() {
        imports.push("type FieldSchema"); // only the struct field tables use it
    }
    for (token, import) in [("FileInput", "type FileInput"), ("Int64Input", "type Int64Input"), ("JsonValue", "type JsonValue")] {
        if printed.iter().any(|d| d.contains(token)) {
            imports.push(import);
        }
    }
    ApiView {
        root_export: String::new(),
        module: names::module(&api.base_name),
        name_literal: string_literal(&api.name),
        doc: jsdoc(&doc, ""),
        imports: imports.join(", "),
        descriptor: format!("{}Api", names::binding(&api.base_name)),
        request_class: format!("{base}Request"),
        params_interface: format!("{base}Params"),
        response_interface: format!("{base}Response"),
        path_literal: api.path.as_deref().map_or("null".into(), string_literal),
        response_key_literal: string_literal(&api.response_key),
        session_required: api.session_required,
        idempotent: api.idempotent,
        param_schemas: api.params.iter().map(schema_field).collect(),
        params,
        response_schemas: api.response.iter().map(schema_field).collect(),
        response,
        structs,
        enums,
    }
}

/// The `src/index.ts` lines for one API module: `export *` when every name it declares is unique
/// in the package; otherwise the module as a namespace (`tradesSoldGet.Trade`) plus its unique
/// names, so two APIs' `Trade` never collide at the root.
pub fn root_export(view: &ApiView, base_name: &str, shared: &std::collections::BTreeSet<String>) -> String {
    let from = format!("\"./apis/{}.js\"", view.module);
    let declared = view.structs.iter().map(|s| &s.name).chain(view.enums.iter().map(|e| &e.name));
    if !declared.clone().any(|n| shared.contains(n)) {
        return format!("export * from {from};");
    }
    let mut names = vec![view.request_class.clone(), view.descriptor.clone()];
    names.push(format!("type {}", view.params_interface));
    names.push(format!("type {}", view.response_interface));
    names.extend(declared.filter(|n| !shared.contains(*n)).map(|n| format!("type {n}")));
    format!("export * as {} from {from};\nexport {{ {} }} from {from};", names::binding(base_name), names.join(", "))
}
