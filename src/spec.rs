//! The spec files as written: serde types that mirror the YAML one to one.
//!
//! Nothing here is checked beyond what serde itself refuses (unknown keys, wrong shapes); the
//! `check` module turns these into the validated [`crate::model`].

use std::collections::BTreeMap;

use serde::Deserialize;

/// The spec-format version this generator reads (`topgen: 1` at the top of every file).
pub const FORMAT_VERSION: u32 = 1;

/// One YAML file: a gateway, an API, or conformance cases for an API defined elsewhere.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    pub topgen: u32,
    pub gateway: Option<GatewaySpec>,
    pub api: Option<ApiSpec>,
    pub cases: Option<CasesSpec>,
}

/// `cases:`: request and response cases for an API whose spec is in another file (an imported
/// one, which re-import rewrites byte for byte). Merged into that API at load; the file lives in
/// a `cases/` folder and is named `<api name>.yaml`, so it is read only when its API is selected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesSpec {
    /// The API the cases belong to (`taobao.trade.fullinfo.get`).
    pub api: String,
    /// Its gateway (`top`).
    pub gateway: String,
    #[serde(default)]
    pub request_cases: Vec<RequestCaseSpec>,
    #[serde(default)]
    pub response_cases: Vec<ResponseCaseSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewaySpec {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub version: String,
    pub packages: PackagesSpec,
    pub endpoints: Vec<EndpointSpec>,
    pub routing: RoutingSpec,
    pub credentials: CredentialsSpec,
    pub timestamp: TimestampSpec,
    pub signing: SigningSpec,
    #[serde(default)]
    pub fixed_parameters: Vec<FixedParameterSpec>,
    #[serde(default)]
    pub settings: Vec<SettingSpec>,
    pub files: String,
    pub envelope: String,
    #[serde(default)]
    pub sign_cases: Vec<SignCaseSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesSpec {
    pub rust: String,
    pub python: String,
    pub typescript: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingSpec {
    pub style: String,
    pub parameter: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialsSpec {
    pub app_key: String,
    pub session: Option<SessionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSpec {
    pub parameter: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimestampSpec {
    pub parameter: String,
    pub format: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningSpec {
    pub parameter: String,
    pub method_parameter: Option<String>,
    pub algorithms: Vec<String>,
    pub default: String,
    pub hex: String,
    pub blank_values: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedParameterSpec {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingSpec {
    pub name: String,
    pub parameter: String,
    /// `string` (the default) or `boolean` (sent as `true`/`false`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub default: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignCaseSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub algorithm: String,
    pub secret: String,
    pub params: BTreeMap<String, String>,
    pub sign: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    pub name: String,
    pub gateway: String,
    pub path: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub doc_id: Option<u64>,
    pub session: String,
    pub idempotent: bool,
    #[serde(default)]
    pub params: Vec<FieldSpec>,
    #[serde(default)]
    pub structs: Vec<StructSpec>,
    #[serde(default)]
    pub enums: Vec<EnumSpec>,
    pub response: ResponseSpec,
    pub paging: Option<PagingSpec>,
    #[serde(default)]
    pub request_cases: Vec<RequestCaseSpec>,
    #[serde(default)]
    pub response_cases: Vec<ResponseCaseSpec>,
}

/// A parameter, a struct field or a response field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: String,
    pub example: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub max_items: Option<u64>,
    pub max_bytes: Option<u64>,
    pub file_types: Option<Vec<String>>,
    pub allowed: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub values: Vec<EnumValueSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub value: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    pub fields: Vec<FieldSpec>,
}

/// `paging:`: `style: page` (page number and size parameters) or `style: cursor`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingSpec {
    pub style: String,
    /// `page` style: the page-number parameter (1-based), e.g. `page_no`.
    pub page: Option<String>,
    /// `page` style: the page-size parameter, e.g. `page_size`.
    pub size: Option<String>,
    /// `cursor` style: the parameter that takes the cursor.
    pub cursor: Option<String>,
    /// `cursor` style: the response field that holds the next cursor.
    pub next_cursor: Option<String>,
    /// The response field (a list) holding one page's items.
    pub items: String,
    /// The response field (int64) with the number of items over all pages.
    pub total: Option<String>,
    /// The response field (boolean) that says whether another page follows.
    pub has_next: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestCaseSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub app_key: String,
    pub secret: String,
    pub sign_method: Option<String>,
    pub session: Option<String>,
    pub now: String,
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    #[serde(default)]
    pub params: yaml_serde::Mapping,
    pub expect: RequestExpectSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestExpectSpec {
    pub sign: Option<String>,
    #[serde(default)]
    pub signs_with_other_methods: BTreeMap<String, String>,
    pub body: Option<String>,
    #[serde(default)]
    pub body_includes: Vec<String>,
    #[serde(default)]
    pub body_excludes: Vec<String>,
    #[serde(default)]
    pub multipart_files: Vec<String>,
    pub error: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseCaseSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub body: String,
    pub expect: ResponseExpectSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseExpectSpec {
    pub value: Option<yaml_serde::Value>,
    pub error: Option<BTreeMap<String, String>>,
}
