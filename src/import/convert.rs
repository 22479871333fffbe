//! One metadata file → one spec file: types mapped, structs named and deduplicated, limits kept
//! where they fit, and everything that could not be carried over recorded as an [`Issue`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::emit::{self, Field, SpecFile, Struct};
use super::issues::{Issue, IssueKind, Severity};
use super::metadata::{ApiMetadata, ParamMetadata};
use super::text;
use crate::naming::{FieldScope, TypeNames, base_name, is_api_name, is_wire_name};

/// The result of converting one API.
#[derive(Debug, Clone)]
pub struct Conversion {
    pub api: String,
    /// The metadata file, relative to the catalogue's `json/` folder.
    pub source: String,
    pub package: String,
    /// `None` when the API could not be converted (see the `Failed` issues).
    pub spec: Option<SpecFile>,
    pub issues: Vec<Issue>,
}

impl Conversion {
    /// The spec file's text, when converted.
    pub fn yaml(&self) -> Option<String> {
        let notes: Vec<String> = self.issues.iter().map(Issue::to_string).collect();
        self.spec
            .as_ref()
            .map(|s| s.to_yaml(&format!("json/{}", self.source), &notes))
    }

    /// Where the spec goes under the output folder: `<package>/<api name>.yaml`.
    pub fn path(&self) -> String {
        format!("{}/{}.yaml", self.package, self.api)
    }
}

/// Which side a field is on: request-side structs keep `required`; response fields never claim
/// it (the metadata's flag is not a promise the gateway keeps, and extra fields are kept anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Where a field stands; decides what a byte array becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Param,
    InJson,
}

/// What a type maps to, and what the limits may apply to.
enum Shape {
    Basic(String),
    File,
    List(String),
    Struct(String),
}

struct Converter {
    types: TypeNames,
    /// (metadata type name, canonical fields) → struct name.
    by_shape: BTreeMap<(String, String), String>,
    /// Metadata type name → the first struct completed under that name.
    first_by_type: BTreeMap<String, String>,
    /// Metadata type names of the structs being converted (outermost first).
    ancestors: Vec<String>,
    structs: Vec<Struct>,
    issues: Vec<Issue>,
}

/// Converts one API's metadata; never panics on odd input.
pub fn convert(meta: &ApiMetadata, package: &str, source: &str, gateway: &str) -> Conversion {
    let mut conversion = Conversion {
        api: meta.name.clone(),
        source: source.to_owned(),
        package: package.to_owned(),
        spec: None,
        issues: Vec::new(),
    };
    if !is_api_name(&meta.name) {
        conversion.issues.push(Issue {
            severity: Severity::Failed,
            kind: IssueKind::ApiName,
            place: String::new(),
            detail: format!(
                "`{}` is not an API name the spec format can hold",
                meta.name
            ),
        });
        return conversion;
    }
    let mut c = Converter {
        types: TypeNames::new(&base_name(&meta.name)),
        by_shape: BTreeMap::new(),
        first_by_type: BTreeMap::new(),
        ancestors: Vec::new(),
        structs: Vec::new(),
        issues: Vec::new(),
    };
    let params = c.fields(
        meta.request_params.as_deref().unwrap_or_default(),
        Side::Request,
        Place::Param,
        "params",
    );
    let response = c.fields(
        meta.response_params.as_deref().unwrap_or_default(),
        Side::Response,
        Place::Param,
        "response",
    );
    let title = match meta.api_chinese_name.as_deref().map(|t| {
        text::clean(t)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }) {
        Some(t) if !t.is_empty() => t,
        _ => {
            c.note(
                Severity::Note,
                IssueKind::NoTitle,
                "",
                "no apiChineseName; the title is the API name".into(),
            );
            meta.name.clone()
        }
    };
    let failed = c.issues.iter().any(|i| i.severity == Severity::Failed);
    conversion.issues = c.issues;
    if !failed {
        conversion.spec = Some(SpecFile {
            topgen: crate::spec::FORMAT_VERSION,
            api: emit::Api {
                name: meta.name.clone(),
                gateway: gateway.to_owned(),
                title,
                description: text::clean(meta.description.as_deref().unwrap_or_default()),
                doc_id: meta.id.as_ref().and_then(as_u64),
                session: "optional",
                idempotent: false,
                paging: paging(&params, &response),
                params,
                structs: c.structs,
                response: emit::Response { fields: response },
            },
        });
    }
    conversion
}

impl Converter {
    fn note(&mut self, severity: Severity, kind: IssueKind, place: &str, detail: String) {
        self.issues.push(Issue {
            severity,
            kind,
            place: place.to_owned(),
            detail,
        });
    }

    /// A field that cannot be mapped: left out, or the API fails when it is a required parameter.
    fn drop_field(
        &mut self,
        p: &ParamMetadata,
        side: Side,
        kind: IssueKind,
        place: &str,
        why: String,
    ) {
        let fatal = side == Side::Request && p.is_required();
        let (severity, consequence) = match (fatal, side) {
            (true, _) => (
                Severity::Failed,
                "it is required, so the API cannot be called without it",
            ),
            (false, Side::Request) => (Severity::LeftOut, "left out (optional)"),
            (false, Side::Response) => (
                Severity::LeftOut,
                "left out; clients keep it in their extra fields",
            ),
        };
        self.note(severity, kind, place, format!("{why}; {consequence}"));
    }

    fn fields(
        &mut self,
        params: &[ParamMetadata],
        side: Side,
        place: Place,
        scope_path: &str,
    ) -> Vec<Field> {
        let mut scope = FieldScope::default();
        let mut out = Vec::new();
        for p in params {
            let path = format!("{scope_path}.{}", p.name);
            if !is_wire_name(&p.name) {
                let why = format!(
                    "`{}` is not a valid wire name (a letter, then letters, digits, `_`)",
                    p.name
                );
                self.drop_field(p, side, IssueKind::WireName, &path, why);
                continue;
            }
            if let Err(first) = scope.take(&p.name) {
                let why = if first == p.name {
                    format!("`{}` is listed twice", p.name)
                } else {
                    format!(
                        "`{}` and `{first}` become the same name in a generated language",
                        p.name
                    )
                };
                self.drop_field(p, side, IssueKind::NameCollision, &path, why);
                continue;
            }
            if let Some(field) = self.field(p, side, place, &path) {
                out.push(field);
            }
        }
        out
    }

    fn field(&mut self, p: &ParamMetadata, side: Side, place: Place, path: &str) -> Option<Field> {
        let shape = self.shape(p, side, place, path)?;
        let ty = match &shape {
            Shape::Basic(t) | Shape::List(t) | Shape::Struct(t) => t.clone(),
            Shape::File => "file".to_owned(),
        };
        let mut field = Field {
            name: p.name.clone(),
            ty,
            required: side == Side::Request && p.is_required(),
            description: described(p.description.as_deref(), &p.name),
            max_length: None,
            min: None,
            max: None,
            max_items: None,
            max_bytes: None,
        };
        self.limits(p, &shape, &mut field, path);
        Some(field)
    }

    /// The spec type for a field; `None` when the field was dropped.
    fn shape(&mut self, p: &ParamMetadata, side: Side, place: Place, path: &str) -> Option<Shape> {
        let raw: String =
            p.ty.as_deref()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
        let (base, depth) = split_list(&raw);
        if !p.sub_params.is_empty() {
            let name = self.struct_for(p, base, side, path)?;
            return Some(match depth {
                0 => Shape::Struct(name),
                1 => Shape::List(format!("list<{name}>")),
                _ => self.nested_list(path, &raw, "json"),
            });
        }
        // A byte array is one value: a file as a request parameter, base64 text inside JSON.
        let (element, depth) = match (base, depth) {
            ("byte", 0) => (Some("int64".to_owned()), 0),
            ("byte", d) if place == Place::Param && side == Side::Request && d == 1 => {
                return Some(Shape::File);
            }
            ("byte", _) if place == Place::Param && side == Side::Request => {
                let why =
                    format!("`{raw}` is a list of files; the format sends one file per parameter");
                self.drop_field(p, side, IssueKind::FileList, path, why);
                return None;
            }
            ("byte", d) => {
                let ty = if d == 1 { "string" } else { "list<string>" };
                self.note(
                    Severity::Note,
                    IssueKind::BytesAsText,
                    path,
                    format!("`{raw}` inside JSON is base64 text: mapped to {ty}"),
                );
                (Some("string".to_owned()), d - 1)
            }
            _ => (basic(base).map(str::to_owned), depth),
        };
        let element = match element {
            Some(t) => t,
            None => self.unknown_element(base, &raw, side, place, path),
        };
        Some(match depth {
            0 => Shape::Basic(element),
            1 => Shape::List(format!("list<{element}>")),
            _ => self.nested_list(path, &raw, "json"),
        })
    }

    fn nested_list(&mut self, path: &str, raw: &str, ty: &str) -> Shape {
        self.note(
            Severity::Note,
            IssueKind::NestedList,
            path,
            format!("`{raw}` is a list of lists; mapped to {ty}"),
        );
        Shape::Basic(ty.to_owned())
    }

    /// An untyped field: text as a request parameter (sent as written), any JSON value elsewhere.
    /// A named type without fields: another struct of that name declared in this API when there
    /// is one, else any JSON value.
    fn unknown_element(
        &mut self,
        base: &str,
        raw: &str,
        side: Side,
        place: Place,
        path: &str,
    ) -> String {
        if base.is_empty() || base == "null" {
            let ty = if place == Place::Param && side == Side::Request {
                "string"
            } else {
                "json"
            };
            let given = if raw.is_empty() {
                "no type".to_owned()
            } else {
                format!("the type `{raw}`")
            };
            self.note(
                Severity::Note,
                IssueKind::Untyped,
                path,
                format!("the metadata gives {given}; mapped to {ty}"),
            );
            return ty.to_owned();
        }
        let fallback = "json".to_owned();
        if self.ancestors.iter().any(|a| a == base) {
            self.note(
                Severity::Note,
                IssueKind::Recursive,
                path,
                format!("`{base}` contains itself here; this level is mapped to {fallback}"),
            );
            return fallback;
        }
        if let Some(name) = self.first_by_type.get(base).cloned() {
            self.note(Severity::Note, IssueKind::StructWithoutFields, path, format!("`{raw}` has no fields here; using struct `{name}` declared elsewhere in this API"));
            return name;
        }
        self.note(
            Severity::Note,
            IssueKind::StructWithoutFields,
            path,
            format!("`{raw}` has no fields in the metadata; mapped to {fallback}"),
        );
        fallback
    }

    /// The struct for a field with sub-fields: reused when the same type name had the same fields.
    fn struct_for(
        &mut self,
        p: &ParamMetadata,
        base: &str,
        side: Side,
        path: &str,
    ) -> Option<String> {
        let key = (base.to_owned(), canonical(&p.sub_params, side));
        if let Some(name) = self.by_shape.get(&key) {
            return Some(name.clone());
        }
        let (name, renamed) = self.types.fresh(base, &p.name);
        if renamed {
            let why = if self.first_by_type.contains_key(base)
                || self.ancestors.iter().any(|a| a == base)
            {
                format!(
                    "`{base}` appears with other fields elsewhere in this API; this one is named `{name}`"
                )
            } else {
                format!("type `{base}` is named `{name}`")
            };
            self.note(Severity::Note, IssueKind::StructRenamed, path, why);
        }
        self.by_shape.insert(key, name.clone());
        let index = self.structs.len();
        self.structs.push(Struct {
            name: name.clone(),
            description: described(p.description.as_deref(), &name),
            fields: Vec::new(),
        });
        self.ancestors.push(base.to_owned());
        let fields = self.fields(
            &p.sub_params,
            side,
            Place::InJson,
            &format!("structs.{name}"),
        );
        self.ancestors.pop();
        self.structs[index].fields = fields;
        self.first_by_type
            .entry(base.to_owned())
            .or_insert_with(|| name.clone());
        Some(name)
    }

    /// Keeps each limit where it fits the mapped type; notes the rest.
    fn limits(&mut self, p: &ParamMetadata, shape: &Shape, field: &mut Field, path: &str) {
        let is_int = matches!(shape, Shape::Basic(t) if t == "int64");
        if let Some(raw) = &p.max_length {
            match (shape, as_u64(raw)) {
                (Shape::Basic(t), Some(n)) if t == "string" => field.max_length = Some(n),
                (Shape::File, Some(n)) => field.max_bytes = Some(n),
                _ => self.limit_note(path, "maxLength", raw, &field.ty),
            }
        }
        if let Some(raw) = &p.max_list_size {
            match (shape, as_u64(raw)) {
                (Shape::List(_), Some(n)) => field.max_items = Some(n),
                _ => self.limit_note(path, "maxListSize", raw, &field.ty),
            }
        }
        let min = p
            .min_value
            .as_ref()
            .map(|raw| (raw, as_i64(raw).filter(|_| is_int)));
        let max = p
            .max_value
            .as_ref()
            .map(|raw| (raw, as_i64(raw).filter(|_| is_int)));
        for (key, limit) in [("minValue", &min), ("maxValue", &max)] {
            if let Some((raw, None)) = limit {
                self.limit_note(path, key, raw, &field.ty);
            }
        }
        field.min = min.and_then(|(_, v)| v);
        field.max = max.and_then(|(_, v)| v);
        if let (Some(low), Some(high)) = (field.min, field.max)
            && low > high
        {
            self.note(
                Severity::Note,
                IssueKind::Constraint,
                path,
                format!("minValue {low} is above maxValue {high}; both left out"),
            );
            field.min = None;
            field.max = None;
        }
    }

    fn limit_note(&mut self, path: &str, key: &str, raw: &Value, ty: &str) {
        self.note(
            Severity::Note,
            IssueKind::Constraint,
            path,
            format!("{key} {raw} does not apply to {ty}; left out"),
        );
    }
}

/// The cleaned description, or one made from the name when the catalogue gives none.
fn described(raw: Option<&str>, name: &str) -> String {
    let cleaned = text::clean(raw.unwrap_or_default());
    if cleaned.trim().is_empty() {
        text::fallback(name)
    } else {
        cleaned
    }
}

/// Page-numbered paging, as the catalogue's list APIs do it: `page_no` and `page_size` (int64)
/// parameters, a `total_results` (int64) and/or `has_next` (boolean) response field, and exactly
/// one list in the response, which holds the items.
fn paging(params: &[Field], response: &[Field]) -> Option<emit::Paging> {
    let has = |fields: &[Field], name: &str, ty: &str| {
        fields.iter().any(|f| f.name == name && f.ty == ty)
    };
    if !(has(params, "page_no", "int64") && has(params, "page_size", "int64")) {
        return None;
    }
    let total = has(response, "total_results", "int64").then(|| "total_results".to_owned());
    let has_next = has(response, "has_next", "boolean").then(|| "has_next".to_owned());
    let mut lists = response.iter().filter(|f| f.ty.starts_with("list<"));
    let items = lists.next()?;
    if lists.next().is_some() || (total.is_none() && has_next.is_none()) {
        return None;
    }
    Some(emit::Paging {
        style: "page",
        page: "page_no".to_owned(),
        size: "page_size".to_owned(),
        items: items.name.clone(),
        total,
        has_next,
    })
}

/// `String[]` → (`String`, 1); `byte[][]` → (`byte`, 2).
fn split_list(raw: &str) -> (&str, usize) {
    let mut base = raw;
    let mut depth = 0;
    while let Some(inner) = base.strip_suffix("[]") {
        base = inner;
        depth += 1;
    }
    (base, depth)
}

/// The documentation's basic type names.
fn basic(name: &str) -> Option<&'static str> {
    Some(match name {
        "String" => "string",
        "Number" => "int64",
        "Boolean" => "boolean",
        "Date" => "date",
        "Price" | "BigDecimal" => "decimal",
        "Json" | "Map" => "json",
        _ => return None,
    })
}

/// The sub-fields as comparable text (keys sorted); response structs ignore `required`.
fn canonical(params: &[ParamMetadata], side: Side) -> String {
    let mut value = serde_json::to_value(params).unwrap_or(Value::Null);
    if side == Side::Response {
        strip_required(&mut value);
    }
    value.to_string()
}

fn strip_required(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(strip_required),
        Value::Object(map) => {
            map.remove("required");
            map.values_mut().for_each(strip_required);
        }
        _ => {}
    }
}

/// A non-negative integer given as a JSON number or as text.
fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An integer given as a JSON number (integral) or as text.
fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
