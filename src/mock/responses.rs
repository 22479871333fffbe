//! What the mock answers: canned success bodies per API, and errors in each gateway's envelope.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::failure::Failure;
use crate::model::{
    Api, Constraints, Envelope, Field, Gateway, Model, Paging, ResponseExpect, Type,
};

/// Success bodies by `(gateway name, API name)`: the specs' first success case or a body set at
/// start or run time; `None` where the API has neither, and the answer is built from its schema.
#[derive(Debug, Clone, Default)]
pub struct Canned {
    bodies: BTreeMap<(String, String), Option<String>>,
}

impl Canned {
    /// The first success `response_cases` body of each API from its own spec (cases files hold
    /// shape tests, not sample answers).
    pub fn from_model(model: &Model) -> Self {
        let mut bodies = BTreeMap::new();
        for gateway in &model.gateways {
            for api in &gateway.apis {
                let case = api.response_cases.iter().find(|c| {
                    !c.from_cases_file && matches!(c.expect, ResponseExpect::Value { .. })
                });
                bodies.insert(
                    (gateway.name.clone(), api.name.clone()),
                    case.map(|c| c.body.clone()),
                );
            }
        }
        Canned { bodies }
    }

    /// Replaces the body of `key`: an API name (every gateway serving it) or `gateway/api`.
    /// Returns how many APIs it matched (0: the key names nothing the mock serves).
    pub fn set(&mut self, key: &str, body: &str) -> usize {
        let (gateway, api) = match key.split_once('/') {
            Some((g, a)) => (Some(g), a),
            None => (None, key),
        };
        let mut matched = 0;
        for ((g, a), b) in &mut self.bodies {
            if a == api && gateway.is_none_or(|want| want == g) {
                *b = Some(body.to_string());
                matched += 1;
            }
        }
        matched
    }

    /// The canned body, if the API has one.
    pub fn body(&self, gateway: &Gateway, api: &Api) -> Option<&str> {
        self.bodies
            .get(&(gateway.name.clone(), api.name.clone()))
            .and_then(|b| b.as_deref())
    }
}

/// The success body for one request (`params`: its text parameters). With TOP's
/// `simplify=true`, the object under the `<response_key>` wrapper is sent alone, byte for byte as
/// canned; without a canned body the answer is built from the response schema ([`from_schema`]),
/// one page of a [`Listing`] for a paged API.
pub fn success(
    gateway: &Gateway,
    api: &Api,
    canned: Option<&str>,
    params: &[(String, String)],
    request_id: &str,
) -> String {
    let simplify = params.iter().any(|(k, v)| k == "simplify" && v == "true");
    let Some(canned) = canned else {
        return from_schema(gateway, api, simplify, params, request_id);
    };
    if simplify
        && gateway.envelope == Envelope::Top
        && let Ok(map) = serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(canned)
        && let Some(inner) = map.get(&api.response_key)
    {
        return inner.get().to_string();
    }
    canned.to_string()
}

/// The listing a paged API (spec `paging:`, page style) answers from its schema: [`Listing::ITEMS`]
/// items in all, served [`Listing::DEFAULT_PAGE_SIZE`] a page unless the request's page size says
/// otherwise (1 to [`Listing::MAX_PAGE_SIZE`]). Each page holds its share of the items (ids differ
/// item by item), `total` says [`Listing::ITEMS`], `has_next` is false on the last page, and a page
/// past the end is empty — so a client iterating pages stops on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listing {
    /// The wire name of the list response field.
    items: String,
    total: Option<String>,
    has_next_field: Option<String>,
    /// The index of the page's first item among all items.
    first: i64,
    /// Items on this page.
    count: i64,
}

impl Listing {
    /// Items in a listing.
    const ITEMS: i64 = 5;
    /// The page size when the request sends none (or one out of range).
    const DEFAULT_PAGE_SIZE: i64 = 2;
    /// The largest page size honoured.
    const MAX_PAGE_SIZE: i64 = 100;

    /// The page a request asks for: `page_no` from 1 (unset or not a number: 1).
    fn page(api: &Api, params: &[(String, String)]) -> Option<Listing> {
        let Some(Paging::Page {
            page,
            size,
            items,
            total,
            has_next,
        }) = &api.paging
        else {
            return None;
        };
        let number = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.trim().parse::<i64>().ok())
        };
        let page_no = number(page).filter(|n| *n >= 1).unwrap_or(1);
        let size = number(size)
            .filter(|n| (1..=Self::MAX_PAGE_SIZE).contains(n))
            .unwrap_or(Self::DEFAULT_PAGE_SIZE);
        let first = (page_no - 1).saturating_mul(size);
        Some(Listing {
            items: items.clone(),
            total: total.clone(),
            has_next_field: has_next.clone(),
            first,
            count: (Self::ITEMS.saturating_sub(first)).clamp(0, size),
        })
    }

    fn has_next(&self) -> bool {
        self.first + self.count < Self::ITEMS
    }
}

/// How deep structs nest in a built answer; deeper (and recursive) structs are `{}`.
const MAX_DEPTH: usize = 6;
/// The most struct objects one built answer holds; beyond it structs are `{}`, so a schema whose
/// structs fan out at every level cannot make an answer (and the mock's memory) explode.
const MAX_OBJECTS: usize = 2_000;

/// A success body built from the API's response schema, as TOP writes one: every field present;
/// lists wrapped in an object named after the item type (`"orders":{"order":[…]}`, basic items
/// `string`/`number`/`boolean`) unless `simplify`, which also drops the `<response_key>` wrapper;
/// int64 values of 18 digits (beyond 2^53), dates `yyyy-MM-dd HH:mm:ss`, and `request_id`.
/// Bounded: structs nest at most [`MAX_DEPTH`] deep and [`MAX_OBJECTS`] in all (then `{}`).
/// Deterministic: the same API and page give the same body apart from `request_id`. A paged API
/// answers the page of its [`Listing`] that `params` (the request's text parameters) ask for.
pub fn from_schema(
    gateway: &Gateway,
    api: &Api,
    simplify: bool,
    params: &[(String, String)],
    request_id: &str,
) -> String {
    let wrapped = gateway.envelope == Envelope::Top && !simplify;
    let builder = Builder {
        api,
        wrapped,
        objects: std::cell::Cell::new(0),
    };
    let mut payload = builder.object(&api.response, &api.name, 0, &mut Vec::new());
    if let Some(page) = Listing::page(api, params) {
        builder.page(&mut payload, &page);
    }
    match gateway.envelope {
        Envelope::Top => {
            payload.insert("request_id".into(), Value::String(request_id.into()));
            if simplify {
                Value::Object(payload).to_string()
            } else {
                json!({ &api.response_key: payload }).to_string()
            }
        }
        Envelope::CodeMessageData => {
            json!({ "code": 0, "message": "ok", "data": payload }).to_string()
        }
    }
}

struct Builder<'a> {
    api: &'a Api,
    /// Lists as TOP's wrapped form (`{"order": […]}`) rather than plain arrays.
    wrapped: bool,
    /// Struct objects built so far, at most [`MAX_OBJECTS`].
    objects: std::cell::Cell<usize>,
}

impl Builder<'_> {
    fn object(
        &self,
        fields: &[Field],
        path: &str,
        depth: usize,
        open: &mut Vec<String>,
    ) -> Map<String, Value> {
        fields
            .iter()
            .map(|f| {
                let at = format!("{path}.{}", f.name);
                (
                    f.name.clone(),
                    self.value(&f.ty, &f.constraints, &at, depth, open),
                )
            })
            .collect()
    }

    /// Puts the page's items, the listing's total and whether a page follows into `payload`.
    fn page(&self, payload: &mut Map<String, Value>, page: &Listing) {
        let item = self.api.response.iter().find_map(|f| match &f.ty {
            Type::List(inner) if f.name == page.items => Some(inner.as_ref()),
            _ => None,
        });
        if let Some(item) = item {
            let items: Vec<Value> = (page.first..page.first + page.count)
                .map(|i| {
                    let at = format!("{}.{}[{i}]", self.api.name, page.items);
                    self.value(item, &Constraints::default(), &at, 0, &mut Vec::new())
                })
                .collect();
            let list = if self.wrapped {
                json!({ item_name(item): items })
            } else {
                Value::Array(items)
            };
            payload.insert(page.items.clone(), list);
        }
        if let Some(total) = &page.total {
            payload.insert(total.clone(), json!(Listing::ITEMS));
        }
        if let Some(has_next) = &page.has_next_field {
            payload.insert(has_next.clone(), Value::Bool(page.has_next()));
        }
    }

    fn value(
        &self,
        ty: &Type,
        c: &Constraints,
        path: &str,
        depth: usize,
        open: &mut Vec<String>,
    ) -> Value {
        match ty {
            Type::String => match c.allowed.first() {
                Some(first) => Value::String(first.clone()),
                None => Value::String(sample_text(path, c)),
            },
            Type::Int64 => Value::Number(sample_id(path, c).into()),
            Type::Boolean => Value::Bool(true),
            Type::Date => Value::String(SAMPLE_DATE.into()),
            Type::Decimal => Value::String("12.50".into()),
            Type::Json => json!({}),
            Type::File => Value::String(String::new()),
            Type::Enum(name) => {
                let decl = self.api.enums.iter().find(|e| &e.name == name);
                Value::String(
                    decl.and_then(|e| e.values.first())
                        .map_or_else(|| name.clone(), |v| v.value.clone()),
                )
            }
            Type::Struct(name) => {
                let decl = self.api.structs.iter().find(|s| &s.name == name);
                match decl {
                    Some(decl)
                        if depth < MAX_DEPTH
                            && !open.contains(name)
                            && self.objects.get() < MAX_OBJECTS =>
                    {
                        self.objects.set(self.objects.get() + 1);
                        open.push(name.clone());
                        let object = self.object(&decl.fields, path, depth + 1, open);
                        open.pop();
                        Value::Object(object)
                    }
                    _ => json!({}),
                }
            }
            Type::List(inner) => {
                let item = self.value(
                    inner,
                    &Constraints::default(),
                    &format!("{path}[0]"),
                    depth,
                    open,
                );
                if self.wrapped {
                    json!({ item_name(inner): [item] })
                } else {
                    json!([item])
                }
            }
        }
    }
}

/// A date every parser accepts: `yyyy-MM-dd HH:mm:ss` at GMT+8.
pub const SAMPLE_DATE: &str = "2025-09-15 13:40:23";

/// The member name TOP wraps a list's items in: the element type's name in snake_case, or the
/// basic type's (`string`, `number`, `boolean`).
pub fn item_name(item: &Type) -> String {
    match item {
        Type::Struct(name) => heck::ToSnakeCase::to_snake_case(name.as_str()),
        Type::Int64 | Type::Decimal => "number".into(),
        Type::Boolean => "boolean".into(),
        _ => "string".into(),
    }
}

/// FNV-1a, for deterministic sample values.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An 18-digit id (beyond 2^53, so a client that parses through doubles loses digits), unless
/// the field's bounds say otherwise.
fn sample_id(path: &str, c: &Constraints) -> i64 {
    let id = 100_000_000_000_000_000 + (fnv(path) % 800_000_000_000_000_000) as i64;
    match (c.min, c.max) {
        (_, Some(max)) if id > max => max,
        (Some(min), _) if id < min => min,
        _ => id,
    }
}

/// Text that fits the field's length bounds.
fn sample_text(path: &str, c: &Constraints) -> String {
    let name = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_end_matches("[0]");
    let mut text = format!("mock {name}");
    let (min, max) = (
        c.min_length.unwrap_or(0) as usize,
        c.max_length.map(|m| m as usize),
    );
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    text
}

/// A refusal in the gateway's envelope. `request_id` is TOP's `request_id` or H7B's `trace_id`.
pub fn error(gateway: &Gateway, failure: &Failure, request_id: &str) -> String {
    match gateway.envelope {
        Envelope::Top => {
            #[derive(serde::Serialize)]
            struct Body<'a> {
                #[serde(flatten)]
                failure: &'a Failure,
                request_id: &'a str,
            }
            #[derive(serde::Serialize)]
            struct Wrapper<'a> {
                error_response: Body<'a>,
            }
            let body = Wrapper {
                error_response: Body {
                    failure,
                    request_id,
                },
            };
            serde_json::to_string(&body).expect("plain strings and numbers serialize")
        }
        Envelope::CodeMessageData => {
            json!({ "code": failure.code, "message": failure.msg, "trace_id": request_id })
                .to_string()
        }
    }
}
