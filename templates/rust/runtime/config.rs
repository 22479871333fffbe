//! The gateway configuration (emitted from the specs), the client settings, and `prepare`: the
//! exact request, transport-independent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::Error;
use super::multipart::{self, FilePart};
use super::sign::{self, HexCase, SignMethod};
use super::validate::{self, Checker};
use super::wire::{self, Params, WireValue};
use super::{form, time};

/// How a request names its API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// One URL; the API's name travels in this parameter (TOP's `method`).
    MethodParameter(&'static str),
    /// One URL path per API, appended to the endpoint URL.
    Path,
}

/// How the timestamp parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `yyyy-MM-dd HH:mm:ss` at UTC+08:00.
    DatetimeGmt8,
    /// Unix time in whole seconds.
    UnixSeconds,
}

/// What happens to a parameter whose value is empty or only whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankValues {
    /// Neither sent nor signed.
    Omit,
    /// Sent and signed as `key + ""`.
    Include,
}

/// How file parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePolicy {
    /// A `multipart/form-data` file part, not signed.
    Multipart,
    /// Standard base64 text in an ordinary, signed form field.
    Base64Field,
}

/// The shape of response bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"<name>_response": {...}}` (or the bare object), errors in `error_response`.
    Top,
    /// `{"code": 0, "message": "ok", "data": {...}}`.
    CodeMessageData,
}

/// A gateway endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Short name, e.g. `production`.
    pub name: &'static str,
    /// The URL.
    pub url: &'static str,
}

/// An optional client setting that becomes a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    /// The setting's name.
    pub name: &'static str,
    /// The parameter it sets.
    pub parameter: &'static str,
    /// Sent when the caller does not set it.
    pub default: Option<&'static str>,
}

/// Everything the runtime needs to know about a gateway; emitted from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayConfig {
    /// Short identifier, e.g. `top`.
    pub name: &'static str,
    /// Known endpoints, the default first.
    pub endpoints: &'static [Endpoint],
    /// How requests name their API.
    pub routing: Routing,
    /// Wire name of the application-key parameter.
    pub app_key_parameter: &'static str,
    /// Wire name of the per-call identity passed to `execute(request, session)`.
    pub session_parameter: Option<&'static str>,
    /// Wire name of the timestamp parameter.
    pub timestamp_parameter: &'static str,
    /// How the timestamp is written.
    pub timestamp_format: TimestampFormat,
    /// Wire name of the signature parameter.
    pub sign_parameter: &'static str,
    /// Wire name of the parameter naming the algorithm, when the gateway has one.
    pub sign_method_parameter: Option<&'static str>,
    /// Supported algorithms, the default first.
    pub sign_methods: &'static [SignMethod],
    /// The case of the hex digest.
    pub hex: HexCase,
    /// The blank-value policy.
    pub blank_values: BlankValues,
    /// Parameters sent with a constant value.
    pub fixed_parameters: &'static [(&'static str, &'static str)],
    /// Optional settings that become parameters.
    pub settings: &'static [SettingSpec],
    /// How files travel.
    pub files: FilePolicy,
    /// The shape of response bodies.
    pub envelope: Envelope,
}

/// What the runtime needs to know about one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiInfo {
    /// The dotted API name, e.g. `taobao.refund.refuse`.
    pub name: &'static str,
    /// Path appended to the endpoint URL (path-routed gateways).
    pub path: Option<&'static str>,
    /// Key of the success wrapper in the TOP envelope.
    pub response_key: &'static str,
    /// Whether a session is required.
    pub session_required: bool,
    /// Whether repeating the call after an unknown outcome is safe.
    pub idempotent: bool,
}

/// A request of one API; implemented by every generated request type.
pub trait ApiRequest {
    /// The typed response.
    type Response: super::response::FromJson;
    /// The API this request calls.
    const API: ApiInfo;
    /// Checks the parameters in the API's order; the first failure wins.
    fn validate(&self, check: &Checker) -> Result<(), Error>;
    /// Writes every set parameter.
    fn write_params(&self, params: &mut Params) -> Result<(), Error>;
}

/// The default of [`ClientConfig::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Client settings: endpoint, credentials, algorithm, timeouts, retries, gateway settings, clock.
/// The secret is never printed (`Debug` shows `***`).
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) gateway: &'static GatewayConfig,
    pub(crate) url: String,
    pub(crate) app_key: String,
    secret: String,
    pub(crate) sign_method: SignMethod,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retries: u32,
    pub(crate) max_retry_delay: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) proxy: Option<String>,
    pub(crate) extra_root_certificates: Option<Arc<[u8]>>,
    settings: Vec<(&'static str, String)>,
    clock: Clock,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("gateway", &self.gateway.name)
            .field("url", &self.url)
            .field("app_key", &self.app_key)
            .field("secret", &"***")
            .field("sign_method", &self.sign_method)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("proxy", &self.proxy.as_deref().map(without_credentials))
            .field(
                "extra_root_certificates",
                &self.extra_root_certificates.as_ref().map(|pem| pem.len()),
            )
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// A proxy URL as it may be printed: its credentials as `***`.
fn without_credentials(url: &str) -> String {
    match url.rsplit_once('@') {
        Some((before, host)) => {
            let scheme = before.split_once("://").map_or("", |(scheme, _)| scheme);
            let scheme = if scheme.is_empty() {
                String::new()
            } else {
                format!("{scheme}://")
            };
            format!("{scheme}***@{host}")
        }
        None => url.to_owned(),
    }
}

impl ClientConfig {
    /// Settings for `gateway` with its default endpoint and algorithm, 10 s connect timeout,
    /// 30 s total timeout, no retries and the system clock.
    pub fn for_gateway(
        gateway: &'static GatewayConfig,
        app_key: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        Self {
            gateway,
            url: gateway
                .endpoints
                .first()
                .map_or_else(String::new, |e| e.url.to_owned()),
            app_key: app_key.into(),
            secret: secret.into(),
            sign_method: gateway
                .sign_methods
                .first()
                .copied()
                .unwrap_or(SignMethod::Md5),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retries: 0,
            max_retry_delay: Duration::from_secs(10),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            proxy: None,
            extra_root_certificates: None,
            settings: Vec::new(),
            clock: Arc::new(time::now_millis),
        }
    }

    /// The endpoint URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = url.into();
        self
    }

    /// The signing algorithm (one of the gateway's `sign_methods`).
    pub fn sign_method(mut self, method: SignMethod) -> Self {
        self.sign_method = method;
        self
    }

    /// How long to wait for the connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted (default 64 MiB): a larger one is `invalid_body`,
    /// read no further than this limit.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The HTTP proxy for every request: `http://[user:password@]host[:port]` (HTTPS goes
    /// through a `CONNECT` tunnel, so the proxy never sees the request), or `""` for none.
    /// Unset, the environment decides when the client is made: `HTTPS_PROXY` / `HTTP_PROXY`
    /// (lower case first), skipping the hosts `NO_PROXY` names (`*`, a host, a parent domain as
    /// `.example.com` or `example.com`, or `host:port`). In a CGI process (`REQUEST_METHOD` set)
    /// only a lower-case `http_proxy` counts: the web server sets `HTTP_PROXY` from the request's
    /// `Proxy` header ("httpoxy"). `ALL_PROXY`, `https://` and socks proxies, and address
    /// ranges in `NO_PROXY` are not supported; a `proxy` setting that is not usable fails
    /// `Client::new`, a variable that is not usable fails the calls it would carry.
    pub fn proxy(mut self, proxy: impl Into<String>) -> Self {
        self.proxy = Some(proxy.into());
        self
    }

    /// Certificates (PEM text) trusted beside the platform's roots: for a gateway whose
    /// certificate a private authority signed, or a TLS-inspecting proxy on the `CONNECT` path.
    /// Text that holds no certificate, or one that does not parse, fails `Client::new`.
    pub fn extra_root_certificates(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_root_certificates = Some(pem.into().into());
        self
    }

    /// Extra attempts after a failure, at most `retries` (default 0), with a doubling wait capped
    /// at 10 s: for every API when nothing was sent or the gateway throttled the call (code 7);
    /// for idempotent APIs also after a timeout, a broken connection, HTTP 5xx or an `isp.*`
    /// gateway error. See [`retry_delay`](super::transport::retry_delay).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The longest wait between two attempts (default 10 s): the cap of the doubling back-off,
    /// and the longest rate-limit ban (code 7, "This ban will last for N more seconds") a retry
    /// waits out — such a ban of `N` seconds is waited exactly when `N` is at most this, and
    /// returned at once when it is longer. See [`retry_wait`](super::transport::retry_wait).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// A clock returning Unix milliseconds (tests fix it).
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sets a gateway setting by name (the typed setters call this); unknown names are ignored.
    pub fn setting(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if self.gateway.settings.iter().any(|s| s.name == name) {
            self.settings.retain(|(n, _)| *n != name);
            self.settings.push((name, value.into()));
        }
        self
    }

    /// The gateway this configuration is for.
    pub fn gateway(&self) -> &'static GatewayConfig {
        self.gateway
    }

    /// The system parameters of a call (app key, `method` when given, the session when given,
    /// timestamp, sign method, fixed parameters, settings), blank ones dropped under
    /// `blank_values: omit`; unsorted, without the sign.
    pub(crate) fn system_params(
        &self,
        method: Option<&str>,
        session: Option<&str>,
    ) -> Vec<(&'static str, String)> {
        let gw = self.gateway;
        let mut system = Vec::with_capacity(8 + gw.fixed_parameters.len() + gw.settings.len());
        system.push((gw.app_key_parameter, self.app_key.clone()));
        if let (Routing::MethodParameter(name), Some(method)) = (gw.routing, method) {
            system.push((name, method.to_owned()));
        }
        if let (Some(name), Some(session)) = (gw.session_parameter, session) {
            system.push((name, session.to_owned()));
        }
        let now = (self.clock)();
        let timestamp = match gw.timestamp_format {
            TimestampFormat::DatetimeGmt8 => time::format_gmt8(now),
            TimestampFormat::UnixSeconds => time::unix_seconds(now),
        };
        system.push((gw.timestamp_parameter, timestamp));
        if let Some(name) = gw.sign_method_parameter {
            system.push((name, self.sign_method.wire_name().to_owned()));
        }
        system.extend(
            gw.fixed_parameters
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned())),
        );
        for spec in gw.settings {
            let set = self
                .settings
                .iter()
                .find(|(n, _)| *n == spec.name)
                .map(|(_, v)| v.clone());
            if let Some(value) = set.or_else(|| spec.default.map(str::to_owned)) {
                system.push((spec.parameter, value));
            }
        }
        if gw.blank_values == BlankValues::Omit {
            system.retain(|(_, v)| !validate::is_blank(v));
        }
        system
    }

    /// The sign of the string to sign `s`, with this client's secret, algorithm and hex case.
    pub(crate) fn sign_text(&self, s: &str) -> String {
        sign::sign_text(s, &self.secret, self.sign_method, self.gateway.hex)
    }

    /// Builds the exact request: validation, encoding, signing, wire order, body and URL.
    pub fn prepare<R: ApiRequest>(
        &self,
        request: &R,
        session: Option<&str>,
    ) -> Result<PreparedRequest, Error> {
        let gw = self.gateway;
        let check = Checker::new(gw.blank_values);
        if let (true, Some(name)) = (R::API.session_required, gw.session_parameter) {
            check.required_text(validate::Name::Param(name), session)?;
        }
        request.validate(&check)?;
        let mut params = Params::default();
        request.write_params(&mut params)?;
        let mut business = Vec::new();
        let mut files = Vec::new();
        for (name, value) in params.into_values() {
            match (value, gw.files) {
                (WireValue::Text(text), _) => business.push((name, text)),
                (WireValue::File(f), FilePolicy::Multipart) => {
                    files.push(FilePart::new(name.to_owned(), f.filename, f.bytes))
                }
                (WireValue::File(f), FilePolicy::Base64Field) => {
                    business.push((name, wire::base64_text(&f.bytes)))
                }
            }
        }
        let method = match gw.routing {
            Routing::MethodParameter(_) => Some(R::API.name),
            Routing::Path => None,
        };
        let mut system = self.system_params(method, session);
        if gw.blank_values == BlankValues::Omit {
            business.retain(|(_, v)| !validate::is_blank(v));
        }
        // Signed: every text parameter but the sign, sorted by key, hashed piece by piece.
        let mut signed: Vec<(&str, &str)> = system
            .iter()
            .chain(&business)
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let sign = sign::sign_parts(
            signed
                .iter()
                .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()]),
            &self.secret,
            self.sign_method,
            gw.hex,
        );
        system.push((gw.sign_parameter, sign.clone()));
        system.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        business.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let system_len = system.len();
        system.extend(business);
        let (content_type, body) = if files.is_empty() {
            (
                "application/x-www-form-urlencoded;charset=utf-8".to_owned(),
                form::encode_bytes(&system),
            )
        } else {
            multipart::encode(&system, &files)
        };
        let url = match gw.routing {
            Routing::MethodParameter(_) => self.url.clone(),
            Routing::Path => format!(
                "{}{}",
                self.url.trim_end_matches('/'),
                R::API.path.unwrap_or_default()
            ),
        };
        Ok(PreparedRequest {
            url,
            content_type,
            body,
            params: system,
            files,
            sign,
            sign_method: self.sign_method,
            sign_parameter: gw.sign_parameter,
            system_len,
            session_parameter: gw.session_parameter,
        })
    }
}

/// An exact request, ready for any transport.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// Where to POST it.
    pub url: String,
    /// `application/x-www-form-urlencoded;charset=utf-8` or `multipart/form-data; boundary=…`.
    pub content_type: String,
    /// The body bytes.
    pub body: Vec<u8>,
    /// The text parameters in wire order (system parameters with `sign`, then business ones).
    pub params: Vec<(&'static str, String)>,
    /// The file parts (multipart requests only).
    pub files: Vec<FilePart>,
    /// The signature.
    pub sign: String,
    /// The algorithm that made [`sign`](Self::sign).
    pub sign_method: SignMethod,
    /// The name of the sign among the system parameters, which are `params[..system_len]`.
    sign_parameter: &'static str,
    system_len: usize,
    session_parameter: Option<&'static str>,
}

impl PreparedRequest {
    /// The body as text (form bodies are ASCII).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The string that was signed (`key + value` of every signed parameter in key order), with
    /// the session's value as `***` and never the secret: compare it with what the gateway says
    /// it expected when it answers "Invalid signature" (code 25).
    ///
    /// Built when asked from [`params`](Self::params) as they are then (a call does not need it:
    /// the sign is hashed piece by piece), so it shows what was signed only while `params` are
    /// left as `prepare` made them.
    pub fn string_to_sign(&self) -> String {
        let signed: Vec<(&str, &str)> = self
            .params
            .iter()
            .enumerate()
            .filter(|(i, (k, _))| *i >= self.system_len || *k != self.sign_parameter)
            .map(|(_, (k, v))| (*k, v.as_str()))
            .collect();
        sign::masked_string(&signed, self.session_parameter)
    }

    /// `error` with what this request signed attached when it is an invalid-signature answer
    /// (gateway code 25); any other error unchanged.
    pub fn explain(&self, error: Error) -> Error {
        match &error {
            Error::Gateway(_) => error.with_signed(self.sign_method, &self.string_to_sign()),
            _ => error,
        }
    }

    /// The value of a text parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    if Some(*k) == self.session_parameter {
                        "***"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("PreparedRequest")
            .field("url", &self.url)
            .field("content_type", &self.content_type)
            .field("params", &params)
            .field("files", &self.files)
            .field("sign", &self.sign)
            .field("sign_method", &self.sign_method)
            .field("string_to_sign", &self.string_to_sign())
            .finish_non_exhaustive()
    }
}
