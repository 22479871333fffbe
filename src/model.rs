//! The language-neutral model: what the specs mean once checked.
//!
//! Everything here is resolved and ordered (gateways and APIs by name, fields in spec order), so
//! every view renders the same bytes from the same specs. Views read the model and never the YAML.

use serde::Serialize;

use crate::naming::GATEWAY_REQUEST_ID;

/// Every gateway the specs describe, ordered by name.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub gateways: Vec<Gateway>,
}

/// A gateway and its APIs. Each gateway becomes one package per language.
#[derive(Debug, Clone, Serialize)]
pub struct Gateway {
    /// Short identifier, e.g. `top`, `h7b`.
    pub name: String,
    pub title: String,
    pub description: String,
    /// Version of the generated packages.
    pub version: String,
    pub packages: Packages,
    /// At least one; exactly one has `default: true`.
    pub endpoints: Vec<Endpoint>,
    pub routing: Routing,
    /// Wire name of the application-key parameter (`app_key` on TOP, `appid` on H7B).
    pub app_key_parameter: String,
    /// The per-call identity passed to `execute(request, session)`, when the gateway has one.
    pub session: Option<SessionParameter>,
    pub timestamp: Timestamp,
    pub signing: Signing,
    /// Parameters sent with a constant value on every call (`format=json`, `v=2.0`).
    pub fixed_parameters: Vec<FixedParameter>,
    /// Optional client settings that become parameters when set (`partner_id`, `sysid`).
    pub settings: Vec<Setting>,
    pub files: FilePolicy,
    pub envelope: Envelope,
    pub sign_cases: Vec<SignCase>,
    /// Ordered by API name.
    pub apis: Vec<Api>,
}

impl Gateway {
    /// The wire names of every parameter the client sets itself (app key, `method`, session,
    /// timestamp, sign method, sign, fixed parameters, settings): an API cannot declare one.
    pub fn system_parameters(&self) -> Vec<&str> {
        let mut names = vec![
            self.app_key_parameter.as_str(),
            self.timestamp.parameter.as_str(),
            self.signing.parameter.as_str(),
        ];
        names.extend(self.session.as_ref().map(|s| s.parameter.as_str()));
        names.extend(self.signing.method_parameter.as_deref());
        if let Routing::MethodParameter { parameter } = &self.routing {
            names.push(parameter);
        }
        names.extend(self.fixed_parameters.iter().map(|p| p.name.as_str()));
        names.extend(self.settings.iter().map(|s| s.parameter.as_str()));
        names
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Packages {
    /// Cargo package name, e.g. `taobao-top`.
    pub rust: String,
    /// Python distribution and import name, e.g. `taobao_top`.
    pub python: String,
    /// npm package name, e.g. `@topgen/taobao-top`.
    pub typescript: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub name: String,
    pub url: String,
    pub description: String,
    pub default: bool,
}

/// How a request names its API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum Routing {
    /// One URL for every API; the API's name travels in this parameter (TOP's `method`).
    MethodParameter { parameter: String },
    /// One URL path per API (`Api::path`), appended to the endpoint URL (H7B).
    Path,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionParameter {
    pub parameter: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timestamp {
    pub parameter: String,
    pub format: TimestampFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampFormat {
    /// `yyyy-MM-dd HH:mm:ss` at UTC+08:00 whatever the host's zone.
    DatetimeGmt8,
    /// Unix time in whole seconds (10 digits).
    UnixSeconds,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signing {
    /// Wire name of the signature parameter (`sign`).
    pub parameter: String,
    /// Wire name of the parameter that names the algorithm (`sign_method`), when the gateway has one.
    pub method_parameter: Option<String>,
    /// Supported algorithms, the default first.
    pub algorithms: Vec<SignAlgorithm>,
    pub default: SignAlgorithm,
    pub hex: HexCase,
    pub blank_values: BlankValues,
}

/// A signing algorithm. `S` is `key + value` of every signed parameter sorted by key (byte order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SignAlgorithm {
    /// `MD5(secret + S + secret)`; wire name `md5`.
    #[serde(rename = "md5")]
    Md5,
    /// `HMAC-MD5(key = secret, S)`; wire name `hmac`.
    #[serde(rename = "hmac")]
    HmacMd5,
    /// `HMAC-SHA256(key = secret, S)`; wire name `hmac-sha256`.
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
}

impl SignAlgorithm {
    pub const ALL: [SignAlgorithm; 3] = [Self::HmacSha256, Self::HmacMd5, Self::Md5];

    /// The value sent in the gateway's `sign_method` parameter and written in specs.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Md5 => "md5",
            Self::HmacMd5 => "hmac",
            Self::HmacSha256 => "hmac-sha256",
        }
    }

    pub fn from_wire_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.wire_name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HexCase {
    Upper,
    Lower,
}

/// What happens to a parameter whose value is empty or only whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlankValues {
    /// Neither sent nor signed (TOP, following the official Java SDK).
    Omit,
    /// Sent and signed as `key + ""` (H7B).
    Include,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixedParameter {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Setting {
    /// Name of the client option (snake_case; each view renames it).
    pub name: String,
    /// Wire name of the parameter it sets.
    pub parameter: String,
    /// The type of the client option; on the wire every setting is text.
    pub kind: SettingKind,
    /// Sent when the caller does not set it; `None` means not sent unless set.
    pub default: Option<String>,
    pub description: String,
}

/// The type of a client setting: any text, or a boolean sent as `true`/`false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKind {
    String,
    Boolean,
}

/// How file parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilePolicy {
    /// A `multipart/form-data` file part, not signed (TOP).
    Multipart,
    /// Base64 text in an ordinary form field, signed like any value (H7B).
    Base64Field,
}

/// The shape of every response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// `{"<name>_response": {...}}` or, with `simplify=true`, the bare object; errors as
    /// `{"error_response": {code, msg, sub_code, sub_msg, request_id}}`.
    Top,
    /// `{"code": 0, "message": "ok", "data": {...}}`; any other code is an error carrying
    /// `code`, `message` and, where present, `trace_id`.
    CodeMessageData,
}

/// A signing vector: the exact parameters and the expected signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignCase {
    pub name: String,
    pub description: String,
    pub algorithm: SignAlgorithm,
    pub secret: String,
    /// Sorted by key.
    pub params: Vec<(String, String)>,
    pub sign: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Dotted API name, e.g. `taobao.refund.negotiatereturn`.
    pub name: String,
    /// The name without a leading `taobao.`, in snake case: `refund_negotiatereturn`,
    /// `tmall_item_quantity_update`. Views build type and module names from it
    /// (`RefundNegotiatereturnRequest`, `TmallItemQuantityUpdateRequest`), as the official SDKs do.
    pub base_name: String,
    /// Path appended to the endpoint URL (`Routing::Path` gateways only).
    pub path: Option<String>,
    /// Key of the success wrapper in the TOP envelope: the name without a leading `taobao.`, `.`
    /// as `_`, spelling kept: `refund_negotiatereturn_response`, `vas_service_getServTimes_response`.
    pub response_key: String,
    pub title: String,
    pub description: String,
    pub doc_id: Option<u64>,
    pub session_required: bool,
    /// Whether repeating the call after an unknown outcome is safe (retries only then).
    pub idempotent: bool,
    pub params: Vec<Field>,
    /// Structs used by this API's params and response, in spec order.
    pub structs: Vec<Struct>,
    pub enums: Vec<Enum>,
    pub response: Vec<Field>,
    /// How the API pages through a long result, when it does.
    pub paging: Option<Paging>,
    pub request_cases: Vec<RequestCase>,
    pub response_cases: Vec<ResponseCase>,
}

impl Api {
    /// The response's fields as the packages read them: the declared ones, then on
    /// `envelope: top` the gateway's `request_id` ([`GATEWAY_REQUEST_ID`]) when the spec does not
    /// declare it, described as `request_id_doc` (each language words it its own way).
    pub fn response_fields(&self, envelope: Envelope, request_id_doc: &str) -> Vec<Field> {
        let mut fields = self.response.clone();
        if envelope == Envelope::Top && !fields.iter().any(|f| f.name == GATEWAY_REQUEST_ID) {
            fields.push(Field {
                name: GATEWAY_REQUEST_ID.to_owned(),
                ty: Type::String,
                required: false,
                description: request_id_doc.to_owned(),
                example: None,
                constraints: Constraints::default(),
            });
        }
        fields
    }
}

/// How an API pages. Names are wire names of the API's own parameters and response fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum Paging {
    /// Page numbers from 1: ask for page `page` of `size` items until a page says it is the last
    /// (`has_next` false), the pages seen cover `total`, or a page comes back with fewer items.
    Page {
        /// An int64 parameter.
        page: String,
        /// An int64 parameter.
        size: String,
        /// A list response field.
        items: String,
        /// An int64 response field.
        total: Option<String>,
        /// A boolean response field.
        has_next: Option<String>,
    },
    /// Send the `next_cursor` of the previous page as `cursor` until it is empty or `has_next` is false.
    Cursor {
        /// A string or int64 parameter.
        cursor: String,
        /// A response field of the same kind.
        next_cursor: String,
        /// A list response field.
        items: String,
        /// A boolean response field.
        has_next: Option<String>,
    },
}

impl Paging {
    /// `page` or `cursor`, as the runtimes name the style.
    pub fn style(&self) -> &'static str {
        match self {
            Paging::Page { .. } => "page",
            Paging::Cursor { .. } => "cursor",
        }
    }

    /// The block's keys (snake case, in the order the runtimes list them) with the wire names they
    /// point at; an optional key the spec leaves out is not listed.
    pub fn keys(&self) -> Vec<(&'static str, &str)> {
        let keys = match self {
            Paging::Page {
                page,
                size,
                items,
                total,
                has_next,
            } => vec![
                ("items", Some(items)),
                ("page", Some(page)),
                ("size", Some(size)),
                ("total", total.as_ref()),
                ("has_next", has_next.as_ref()),
            ],
            Paging::Cursor {
                cursor,
                next_cursor,
                items,
                has_next,
            } => vec![
                ("items", Some(items)),
                ("cursor", Some(cursor)),
                ("next_cursor", Some(next_cursor)),
                ("has_next", has_next.as_ref()),
            ],
        };
        keys.into_iter()
            .filter_map(|(key, wire)| wire.map(|w| (key, w.as_str())))
            .collect()
    }
}

/// A request parameter, struct field or response field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire name, as sent and as found in JSON.
    pub name: String,
    pub ty: Type,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Type {
    String,
    /// A 64-bit integer (`Number` in the docs): ids reach 18–19 digits, beyond 2^53.
    Int64,
    Boolean,
    /// `yyyy-MM-dd HH:mm:ss` at GMT+8 on the wire.
    Date,
    /// A decimal kept exact as text (`Price`, `BigDecimal`).
    Decimal,
    /// Free-form JSON (`Json` in the docs), sent as compact JSON text.
    Json,
    /// Raw bytes (`byte[]`); travels as the gateway's `FilePolicy` says.
    File,
    /// A struct declared in the same API, by name.
    Struct(String),
    /// An open enum declared in the same API, by name: unknown values are kept.
    Enum(String),
    /// A list: basic values are comma-joined on the wire, structs sent as a JSON array.
    List(Box<Type>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Constraints {
    /// Length in characters (Unicode scalar values), inclusive.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Numeric bounds, inclusive.
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub max_items: Option<u64>,
    /// File size in bytes (decoded bytes for base64 input).
    pub max_bytes: Option<u64>,
    /// Accepted file formats, checked by magic bytes.
    pub file_types: Vec<FileType>,
    /// Accepted string values.
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Gif,
    Jpg,
    Png,
}

impl FileType {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "gif" => Some(Self::Gif),
            "jpg" | "jpeg" => Some(Self::Jpg),
            "png" => Some(Self::Png),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Gif => "GIF",
            Self::Jpg => "JPG",
            Self::Png => "PNG",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Struct {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Enum {
    pub name: String,
    pub description: String,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumValue {
    pub value: String,
    pub description: String,
}

/// Inputs and the exact request expected from them.
#[derive(Debug, Clone, Serialize)]
pub struct RequestCase {
    pub name: String,
    pub description: String,
    pub app_key: String,
    pub secret: String,
    pub sign_method: SignAlgorithm,
    pub session: Option<String>,
    /// The injected clock, in Unix milliseconds.
    pub now_millis: i64,
    /// Client settings by setting name, sorted.
    pub settings: Vec<(String, String)>,
    /// Parameter values in the API's parameter order.
    pub params: Vec<(String, CaseValue)>,
    pub expect: RequestExpect,
}

/// A parameter value in a case, already checked against the parameter's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CaseValue {
    String(String),
    /// Decimal digits (with an optional leading `-`), kept as text so no language loses a digit.
    Int64(String),
    Boolean(bool),
    /// Fields in the struct's declaration order.
    Struct(Vec<(String, CaseValue)>),
    List(Vec<CaseValue>),
    /// File bytes: `head` followed by zero bytes up to `size`.
    File {
        filename: String,
        head: Vec<u8>,
        size: u64,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestExpect {
    /// The request is built and must match every check given.
    Request {
        sign: Option<String>,
        /// The same request signed with other algorithms gives these signatures.
        other_signs: Vec<(SignAlgorithm, String)>,
        /// The whole form body, byte for byte (urlencoded requests).
        body: Option<String>,
        body_includes: Vec<String>,
        body_excludes: Vec<String>,
        /// When non-empty, the request is multipart and these parameters are its file parts.
        multipart_files: Vec<String>,
    },
    /// Validation refuses the request with exactly this message, and nothing is sent.
    Error { message: String },
}

/// A raw response body and what parsing it must give.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseCase {
    pub name: String,
    pub description: String,
    pub body: String,
    pub expect: ResponseExpect,
    /// From a cases file (`specs/<gateway>/cases/`): a shape test, not a sample answer, so the
    /// mock does not answer with it (an imported API's answer is built from its schema).
    pub from_cases_file: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseExpect {
    /// The typed response, written back as JSON with wire names (unknown fields included), equals
    /// this compact JSON text.
    Value { json: String },
    /// A gateway error whose fields (by wire name, all as text) equal these, sorted by name.
    Error { fields: Vec<(String, String)> },
}
