//! The context of one API module: request, nested structs, open enums and response.

use serde::Serialize;

use crate::model::{Api, Field, Struct, Type};

use super::escape::{doc, string_literal};
use crate::naming::rust as names;
use super::types;

#[derive(Serialize)]
pub struct FieldCtx {
    pub ident: String,
    pub setter: String,
    pub ty: String,
    pub doc: String,
    pub setter_doc: String,
    /// The setter's parameter type and the expression stored from it.
    pub setter_ty: String,
    pub setter_value: String,
    pub serde: String,
    /// The wire name as a string literal (the key `FromJson` reads).
    pub wire: String,
}

#[derive(Serialize)]
pub struct StructCtx {
    pub name: String,
    pub doc: String,
    pub fields: Vec<FieldCtx>,
    pub extra: String,
    pub checks: Vec<String>,
    /// `check`/`name` parameters, underscored when no check uses them.
    pub check_param: String,
    pub name_param: String,
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
    pub checks: Vec<String>,
    pub check_param: String,
    pub writes: Vec<String>,
    pub params_param: String,
    pub structs: Vec<StructCtx>,
    pub enums: Vec<EnumCtx>,
    pub response: StructCtx,
}

fn field_ctx(f: &Field, indent: &str) -> FieldCtx {
    let ident = names::field(&f.name);
    let ty = types::rust_type(&f.ty);
    let mut text = f.description.clone();
    if let Some(example) = &f.example {
        text = format!("{}\n\nExample: {example}", text.trim_end());
    }
    FieldCtx {
        setter: names::setter(&f.name),
        doc: doc(&text, indent),
        setter_doc: doc(&format!("Sets `{}`.", f.name), indent),
        serde: types::serde_attr(f),
        wire: string_literal(&f.name),
        setter_ty: types::setter_type(&f.ty),
        setter_value: types::setter_value(&f.ty),
        ty,
        ident,
    }
}

fn extra_name(fields: &[Field]) -> String {
    if fields.iter().any(|f| names::field(&f.name) == "extra") { "extra_fields".to_owned() } else { "extra".to_owned() }
}

fn underscore_unless(used: bool, name: &str) -> String {
    if used { name.to_owned() } else { format!("_{name}") }
}

fn struct_ctx(s: &Struct) -> StructCtx {
    let checks: Vec<String> = s
        .fields
        .iter()
        .flat_map(|f| types::checks(f, &format!("&format!(\"{{name}}.{}\")", f.name.replace('{', "{{").replace('}', "}}").replace('"', "\\\""))))
        .collect();
    StructCtx {
        name: names::type_name(&s.name),
        doc: doc(&s.description, ""),
        fields: s.fields.iter().map(|f| field_ctx(f, "    ")).collect(),
        extra: extra_name(&s.fields),
        check_param: underscore_unless(!checks.is_empty(), "check"),
        name_param: underscore_unless(!checks.is_empty(), "name"),
        checks,
    }
}

pub fn api_ctx(api: &Api) -> ApiCtx {
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
    let checks: Vec<String> = api.params.iter().flat_map(|f| types::checks(f, &string_literal(&f.name))).collect();
    let writes: Vec<String> = api.params.iter().map(types::write_param).collect();
    let response = Struct {
        name: response_name.clone(),
        description: format!("The answer of `{}`.", api.name),
        fields: api.response.clone(),
    };
    let mut response = struct_ctx(&response);
    response.name = response_name;
    ApiCtx {
        module_doc: super::escape::inner_doc(&module_text),
        mod_doc: doc(&format!("{} — `{}`", super::escape::one_line(&api.title), api.name), ""),
        api_name: api.name.clone(),
        api_name_literal: string_literal(&api.name),
        path: api.path.as_deref().map_or_else(|| "None".to_owned(), |p| format!("Some({})", string_literal(p))),
        response_key: string_literal(&api.response_key),
        session_required: api.session_required,
        idempotent: api.idempotent,
        request_doc: doc(&format!("The parameters of `{}` ({}). Unset parameters are not sent.", api.name, super::escape::one_line(&api.title)), ""),
        request,
        fields: api.params.iter().map(|f| field_ctx(f, "    ")).collect(),
        check_param: underscore_unless(!checks.is_empty(), "check"),
        params_param: underscore_unless(!writes.is_empty(), "params"),
        checks,
        writes,
        structs: api.structs.iter().map(struct_ctx).collect(),
        enums: api
            .enums
            .iter()
            .map(|e| EnumCtx {
                name: names::type_name(&e.name),
                doc: doc(&e.description, ""),
                variants: e
                    .values
                    .iter()
                    .map(|v| VariantCtx { name: names::variant(&v.value), value: string_literal(&v.value), doc: doc(&v.description, "    ") })
                    .collect(),
            })
            .collect(),
        module,
        response,
    }
}

/// Whether any parameter of the API has this type somewhere (used by README examples).
pub fn uses_file(api: &Api) -> bool {
    api.params.iter().any(|p| p.ty == Type::File)
}
