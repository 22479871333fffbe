//! Batch calls: several calls in one HTTP request to `…/router/batch`, as the official Java
//! `BatchTaobaoClient` sends them (gateways that name the API in a `method` parameter).
//!
//! Add calls to a [`Batch`]; each [`add`](Batch::add) returns a [`Slot`] that later reads that
//! call's own typed response (or its own gateway error) from the [`BatchAnswers`], in order.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use super::config::{ApiInfo, ApiRequest, BlankValues, ClientConfig, GatewayConfig, Routing};
use super::error::Error;
use super::json::Json;
use super::sign::{self, SignMethod};
use super::wire::{Params, WireValue};
use super::{form, response, validate};

/// What separates the calls in a batch body, and the answers in its response.
pub const SEPARATOR: &str = "\r\n-S-\r\n";

/// The `Content-Type` of a batch body.
pub const CONTENT_TYPE: &str = "text/plain;charset=UTF-8";

/// One call of a batch, whatever its request type.
trait Call {
    fn api(&self) -> ApiInfo;
    fn prepare(&self, config: &ClientConfig, session: Option<&str>) -> Result<(), Error>;
    fn write_params(&self, params: &mut Params) -> Result<(), Error>;
}

impl<R: ApiRequest> Call for R {
    fn api(&self) -> ApiInfo {
        R::API
    }

    fn prepare(&self, config: &ClientConfig, session: Option<&str>) -> Result<(), Error> {
        config.prepare(self, session).map(drop)
    }

    fn write_params(&self, params: &mut Params) -> Result<(), Error> {
        ApiRequest::write_params(self, params)
    }
}

/// Calls to send together, each with its own session (or none). The sessions are never printed.
pub struct Batch<'r> {
    /// Which batch this is in the process, so that its answers refuse another batch's slots.
    id: u64,
    calls: Vec<(&'r dyn Call, Option<String>)>,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Self {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            calls: Vec::new(),
        }
    }
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let calls: Vec<(&str, Option<&str>)> = self
            .calls
            .iter()
            .map(|(call, session)| (call.api().name, session.as_ref().map(|_| "***")))
            .collect();
        f.debug_struct("Batch").field("calls", &calls).finish()
    }
}

/// Where one call's answer is in the [`BatchAnswers`] of its batch; it knows the response type
/// and its batch (the answers of another batch refuse it).
pub struct Slot<R> {
    batch: u64,
    index: usize,
    request: PhantomData<fn() -> R>,
}

impl<R> Slot<R> {
    /// The call's position in its batch, from 0.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<R> Clone for Slot<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Slot<R> {}

impl<R> fmt::Debug for Slot<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slot").field("index", &self.index).finish()
    }
}

impl<'r> Batch<'r> {
    /// An empty batch (sending it sends nothing and answers nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a call; `session` is the seller's authorization for this call alone.
    pub fn add<R: ApiRequest>(&mut self, request: &'r R, session: Option<&str>) -> Slot<R> {
        self.calls.push((request, session.map(str::to_owned)));
        Slot {
            batch: self.id,
            index: self.calls.len() - 1,
            request: PhantomData,
        }
    }

    /// The number of calls.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether the batch has no call.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// A batch ready for any transport: `POST` [`body`](Self::body) to [`url`](Self::url) (the system
/// parameters and the sign are in its query string) with `Content-Type:`
/// [`CONTENT_TYPE`]. `Debug` leaves out the body, which carries the sessions.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedBatch {
    /// `…/batch?<system parameters and sign>`.
    pub url: String,
    /// The query's parameters in wire order (sorted by key, `sign` included).
    pub query: Vec<(&'static str, String)>,
    /// The calls' segments joined by [`SEPARATOR`].
    pub body: Vec<u8>,
    /// The signature over the query's parameters plus the body.
    pub sign: String,
    /// The algorithm that made [`sign`](Self::sign).
    pub sign_method: SignMethod,
    string_to_sign: String,
    gateway: &'static GatewayConfig,
    batch: u64,
    apis: Vec<ApiInfo>,
}

impl fmt::Debug for PreparedBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let apis: Vec<&str> = self.apis.iter().map(|a| a.name).collect();
        f.debug_struct("PreparedBatch")
            .field("url", &self.url)
            .field("calls", &apis)
            .field("sign", &self.sign)
            .field("sign_method", &self.sign_method)
            .field("string_to_sign", &self.string_to_sign)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// Builds the exact batch request: each call validated as a single call (the first failure
    /// wins, prefixed `calls[{i}]: `), file parameters refused, the segments with `method` hoisted
    /// into `#PUBLIC#` when every call has the same one, and the sign over the system parameters
    /// plus the body.
    pub fn prepare_batch(&self, batch: &Batch<'_>) -> Result<PreparedBatch, Error> {
        let gw = self.gateway;
        let Routing::MethodParameter(method_parameter) = gw.routing else {
            return Err(Error::validation(
                "calls",
                "this gateway does not take batch calls",
            ));
        };
        let apis: Vec<ApiInfo> = batch.calls.iter().map(|(call, _)| call.api()).collect();
        let hoisted = apis
            .first()
            .map(|a| a.name)
            .filter(|first| apis.iter().all(|a| a.name == *first));
        let mut segments = Vec::with_capacity(batch.calls.len() + 1);
        let mut masked = Vec::with_capacity(batch.calls.len() + 1);
        if let Some(method) = hoisted {
            let public = format!("#PUBLIC#{}", form::encode(&[(method_parameter, method)]));
            segments.push(public.clone());
            masked.push(public);
        }
        for (i, (call, session)) in batch.calls.iter().enumerate() {
            let (segment, masked_segment) = self
                .batch_segment(
                    *call,
                    session.as_deref(),
                    hoisted.is_none().then_some(method_parameter),
                )
                .map_err(|e| match e {
                    Error::Validation { name, reason } => {
                        Error::validation(&format!("calls[{i}]"), format!("{name}: {reason}"))
                    }
                    other => other,
                })?;
            segments.push(segment);
            masked.push(masked_segment);
        }
        let body = segments.join(SEPARATOR);
        let mut query = self.system_params(None, None);
        let canonical = sign::canonical_string(&query);
        let sign = self.sign_text(&format!("{canonical}{body}"));
        let string_to_sign = format!("{canonical}{}", masked.join(SEPARATOR));
        query.push((gw.sign_parameter, sign.clone()));
        query.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let url = format!("{}?{}", batch_url(&self.url), form::encode(&query));
        Ok(PreparedBatch {
            url,
            query,
            body: body.into_bytes(),
            sign,
            sign_method: self.sign_method,
            string_to_sign,
            gateway: gw,
            batch: batch.id,
            apis,
        })
    }

    /// One call's segment (and the same with its session as `***`): `method` (unless hoisted),
    /// its session and its business parameters, sorted by key and form-encoded; `N` when empty.
    fn batch_segment(
        &self,
        call: &dyn Call,
        session: Option<&str>,
        method: Option<&str>,
    ) -> Result<(String, String), Error> {
        call.prepare(self, session)?;
        let mut params = Params::default();
        call.write_params(&mut params)?;
        let mut texts = Vec::new();
        for (name, value) in params.into_values() {
            match value {
                WireValue::Text(text) => texts.push((name, text)),
                WireValue::File(_) => {
                    return Err(Error::validation(
                        name,
                        "files cannot be sent in a batch call",
                    ));
                }
            }
        }
        let mut masked = texts.clone();
        if let (Some(method_parameter), Routing::MethodParameter(name)) =
            (method, self.gateway.routing)
        {
            debug_assert_eq!(method_parameter, name);
            texts.push((name, call.api().name.to_owned()));
            masked.push((name, call.api().name.to_owned()));
        }
        if let (Some(name), Some(session)) = (self.gateway.session_parameter, session) {
            texts.push((name, session.to_owned()));
            masked.push((
                name,
                if validate::is_blank(session) {
                    session.to_owned()
                } else {
                    "***".to_owned()
                },
            ));
        }
        let encode = |mut params: Vec<(&str, String)>| {
            if self.gateway.blank_values == BlankValues::Omit {
                params.retain(|(_, v)| !validate::is_blank(v));
            }
            params.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            if params.is_empty() {
                "N".to_owned()
            } else {
                form::encode(&params)
            }
        };
        Ok((encode(texts), encode(masked)))
    }
}

/// The endpoint URL with its last path segment replaced by `batch` (`…/router/rest` →
/// `…/router/batch`); any query string of the endpoint is dropped.
pub fn batch_url(endpoint: &str) -> String {
    let endpoint = endpoint.split(['?', '#']).next().unwrap_or_default();
    let path_start = endpoint.find("://").map_or(0, |i| i + 3);
    match endpoint[path_start..].find('/') {
        None => format!("{endpoint}/batch"),
        Some(slash) => {
            let last = endpoint.rfind('/').unwrap_or(path_start + slash);
            format!("{}/batch", &endpoint[..last])
        }
    }
}

impl PreparedBatch {
    /// The string that was signed (the query's `key + value` in key order, then the body) with
    /// every session as `***` and never the secret.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The number of calls.
    pub fn len(&self) -> usize {
        self.apis.len()
    }

    /// Whether there is no call (then nothing is sent).
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }

    /// Reads the HTTP answer: one segment per call gives per-call answers; a single segment for
    /// several calls is the batch's own failure (its `error_response` as a gateway error, else
    /// `invalid_body`); any other count is `invalid_body`. An empty batch has no answers (and was
    /// not sent).
    pub fn parse(&self, status: u16, body: &[u8]) -> Result<BatchAnswers, Error> {
        if self.apis.is_empty() {
            return Ok(BatchAnswers {
                gateway: self.gateway,
                batch: self.batch,
                status,
                answers: Vec::new(),
                sign_method: self.sign_method,
                string_to_sign: String::new(),
            });
        }
        let lossy = || String::from_utf8_lossy(body).into_owned();
        if !(200..300).contains(&status) {
            return Err(Error::HttpStatus {
                status,
                body: lossy(),
            });
        }
        let Ok(body) = std::str::from_utf8(body) else {
            return Err(Error::InvalidBody {
                status,
                body: lossy(),
                detail: "not UTF-8".to_owned(),
                source: None,
            });
        };
        let segments: Vec<&str> = body.split(SEPARATOR).collect();
        if segments.len() == self.apis.len() {
            return Ok(BatchAnswers {
                gateway: self.gateway,
                batch: self.batch,
                status,
                answers: segments.into_iter().map(str::to_owned).collect(),
                sign_method: self.sign_method,
                string_to_sign: self.string_to_sign.clone(),
            });
        }
        let invalid = |detail: String| Error::InvalidBody {
            status,
            body: body.to_owned(),
            detail,
            source: None,
        };
        if let (1, Some(api)) = (segments.len(), self.apis.first()) {
            response::parse_body::<Json>(self.gateway, api, status, body)
                .map_err(|e| e.with_signed(self.sign_method, &self.string_to_sign))?;
        }
        Err(invalid(format!(
            "{} answers for {} calls",
            segments.len(),
            self.apis.len()
        )))
    }
}

/// The answers of a batch, one per call in order; read each with its call's [`Slot`].
#[derive(Clone)]
pub struct BatchAnswers {
    gateway: &'static GatewayConfig,
    batch: u64,
    status: u16,
    answers: Vec<String>,
    sign_method: SignMethod,
    string_to_sign: String,
}

impl fmt::Debug for BatchAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchAnswers")
            .field("status", &self.status)
            .field("answers", &self.answers)
            .finish_non_exhaustive()
    }
}

impl BatchAnswers {
    /// The answer of `slot`'s call: its typed response, or its own error (a gateway error, or
    /// `invalid_body` when its segment is not JSON). A slot of another batch is a `validation`
    /// error (`slot: call 2 (taobao.time.get) belongs to another batch`).
    pub fn get<R: ApiRequest>(&self, slot: Slot<R>) -> Result<R::Response, Error> {
        let answer = self
            .answers
            .get(slot.index)
            .filter(|_| slot.batch == self.batch);
        let Some(answer) = answer else {
            return Err(Error::validation(
                "slot",
                format!(
                    "call {} ({}) belongs to another batch",
                    slot.index + 1,
                    R::API.name
                ),
            ));
        };
        response::parse_body(self.gateway, &R::API, self.status, answer)
            .map_err(|e| e.with_signed(self.sign_method, &self.string_to_sign))
    }

    /// The raw answer of each call, in order.
    pub fn raw(&self) -> &[String] {
        &self.answers
    }

    /// The number of answers (one per call).
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there is no answer (the batch was empty).
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl super::transport::Client {
    /// Sends the calls of `batch` in one HTTP request; the answers come back in order. The batch
    /// as a whole follows the retry rule of a call that is not idempotent. An empty batch sends
    /// nothing.
    pub async fn execute_batch(&self, batch: &Batch<'_>) -> Result<BatchAnswers, Error> {
        let config = self.config();
        let mut retry = 0;
        loop {
            let prepared = config.prepare_batch(batch)?;
            if prepared.is_empty() {
                return prepared.parse(200, b"");
            }
            let result = self
                .send_raw(&prepared.url, CONTENT_TYPE, &prepared.body, false)
                .await
                .and_then(|(status, body)| prepared.parse(status, &body));
            let wait = result.as_ref().err().and_then(|e| {
                super::transport::retry_wait(e, false, retry, config.max_retry_delay)
            });
            match wait {
                Some(delay) if retry < config.retries => {
                    retry += 1;
                    tokio::time::sleep(delay).await;
                }
                _ => return result,
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl super::transport::BlockingClient {
    /// Sends the calls of `batch` in one HTTP request; the answers come back in order. The batch
    /// as a whole follows the retry rule of a call that is not idempotent. An empty batch sends
    /// nothing.
    pub fn execute_batch(&self, batch: &Batch<'_>) -> Result<BatchAnswers, Error> {
        self.run(|client| client.execute_batch(batch))
    }
}

/// For the runtime's own tests: `impl ApiRequest` for a request type with nothing to check or
/// write, answered with `$response` (the invoking module imports `ApiRequest`, `ApiInfo`,
/// `Checker`, `Params` and `Error`).
#[cfg(test)]
macro_rules! test_request {
    ($request:ty => $response:ty, $name:literal, $key:literal) => {
        impl ApiRequest for $request {
            type Response = $response;
            const API: ApiInfo = ApiInfo {
                name: $name,
                path: None,
                response_key: $key,
                session_required: false,
                idempotent: true,
            };
            fn validate(&self, _: &Checker) -> Result<(), Error> {
                Ok(())
            }
            fn write_params(&self, _: &mut Params) -> Result<(), Error> {
                Ok(())
            }
        }
    };
}
#[cfg(test)]
pub(crate) use test_request;

#[cfg(test)]
mod tests {
    use super::super::config::{Endpoint, Envelope, FilePolicy, SettingSpec, TimestampFormat};
    use super::super::sign::HexCase;
    use super::super::validate::Checker;
    use super::super::wire::File;
    use super::*;

    /// TOP as the contract's worked examples use it.
    const TOP: GatewayConfig = GatewayConfig {
        name: "top",
        endpoints: &[Endpoint {
            name: "production",
            url: "https://gw.api.taobao.com/router/rest",
        }],
        routing: Routing::MethodParameter("method"),
        app_key_parameter: "app_key",
        session_parameter: Some("session"),
        timestamp_parameter: "timestamp",
        timestamp_format: TimestampFormat::DatetimeGmt8,
        sign_parameter: "sign",
        sign_method_parameter: Some("sign_method"),
        sign_methods: &[SignMethod::HmacSha256, SignMethod::HmacMd5, SignMethod::Md5],
        hex: HexCase::Upper,
        blank_values: BlankValues::Omit,
        fixed_parameters: &[("format", "json"), ("v", "2.0")],
        settings: &[SettingSpec {
            name: "partner_id",
            parameter: "partner_id",
            default: Some("topgen"),
        }],
        files: FilePolicy::Multipart,
        envelope: Envelope::Top,
    };

    #[derive(Default)]
    struct TradeGet {
        fields: Option<String>,
        tid: Option<String>,
        image: Option<File>,
    }

    impl ApiRequest for TradeGet {
        type Response = Json;
        const API: ApiInfo = ApiInfo {
            name: "taobao.trade.fullinfo.get",
            path: None,
            response_key: "trade_fullinfo_get_response",
            session_required: true,
            idempotent: true,
        };
        fn validate(&self, check: &Checker) -> Result<(), Error> {
            let _ = check;
            if self.fields.is_none() {
                Err(Error::validation("fields", "is required"))
            } else {
                Ok(())
            }
        }
        fn write_params(&self, params: &mut Params) -> Result<(), Error> {
            params.add("fields", self.fields.as_ref())?;
            params.add("image", self.image.as_ref())?;
            params.add("tid", self.tid.as_ref())
        }
    }

    struct TimeGet;

    test_request!(TimeGet => Json, "taobao.time.get", "time_get_response");

    fn config(method: SignMethod) -> ClientConfig {
        ClientConfig::for_gateway(&TOP, "12129701", "test-secret-0123")
            .url("http://127.0.0.1:9/router/rest")
            .sign_method(method)
            .clock(|| 1_757_914_823_000)
    }

    #[test]
    fn a_prepared_requests_string_to_sign_is_what_its_sign_hashed() {
        // `string_to_sign()` is rebuilt from the parameters when asked; the sign was hashed
        // piece by piece when prepared. They must agree (the session shown as `***`).
        let request = TradeGet {
            fields: Some("tid,orders".to_owned()),
            tid: Some("2231958349".to_owned()),
            image: None,
        };
        for method in [SignMethod::HmacSha256, SignMethod::HmacMd5, SignMethod::Md5] {
            let prepared = config(method).prepare(&request, Some("sess-1")).unwrap();
            let shown = prepared.string_to_sign();
            assert!(shown.contains("session***"), "{shown}");
            assert!(!shown.contains("sess-1"), "{shown}");
            let signed = shown.replace("session***", "sessionsess-1");
            assert_eq!(
                sign::sign_text(&signed, "test-secret-0123", method, HexCase::Upper),
                prepared.sign,
                "{method:?}"
            );
        }
    }

    fn trade(fields: &str, tid: &str) -> TradeGet {
        TradeGet {
            fields: Some(fields.to_owned()),
            tid: Some(tid.to_owned()),
            image: None,
        }
    }

    /// A worked example of the contract: `batch`'s body, and its sign with hmac-sha256, md5 and
    /// hmac-md5.
    fn assert_vector(batch: &Batch<'_>, body: &str, signs: [&str; 3]) {
        let prepared = config(SignMethod::HmacSha256).prepare_batch(batch).unwrap();
        assert_eq!(prepared.body_text(), body);
        let made = [SignMethod::HmacSha256, SignMethod::Md5, SignMethod::HmacMd5]
            .map(|m| config(m).prepare_batch(batch).unwrap().sign);
        assert_eq!(made, signs);
    }

    #[test]
    fn vector_1_same_method_is_hoisted_sessions_stay_per_call() {
        let (a, b) = (
            trade("tid,status", "1234567890123456789"),
            trade("tid,status", "9876543210987654321"),
        );
        let mut batch = Batch::new();
        batch.add(&a, Some("sess-a"));
        batch.add(&b, Some("sess-b"));
        assert_vector(
            &batch,
            "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\nfields=tid%2Cstatus&session=sess-a&tid=1234567890123456789\r\n-S-\r\nfields=tid%2Cstatus&session=sess-b&tid=9876543210987654321",
            [
                "203CE03BE42E0AB3E8C1818ECEABD4AA538B6AD785E30034EDFCC78702D2E8FE",
                "F4F8BC3E5EAF005F7F1BD78CD2A8A7D9",
                "CD9211E892096F62DB7D7CC5425B43F2",
            ],
        );
    }

    #[test]
    fn vector_2_different_methods_are_not_hoisted() {
        let a = trade("tid", "1234567890123456789");
        let mut batch = Batch::new();
        batch.add(&a, Some("sess-a"));
        batch.add(&TimeGet, None);
        assert_vector(
            &batch,
            "fields=tid&method=taobao.trade.fullinfo.get&session=sess-a&tid=1234567890123456789\r\n-S-\r\nmethod=taobao.time.get",
            [
                "95CA3C149D6CC7FE20CE4C4783C21048E6EC9597418D0ED94DCE0735570988EE",
                "248D4C53E62D00C3D04F434C3F1D51E6",
                "8A0C11E89A26EFCAEE1A0B5C0859E068",
            ],
        );
    }

    #[test]
    fn vector_3_empty_calls_are_sent_as_n() {
        let mut batch = Batch::new();
        batch.add(&TimeGet, None);
        batch.add(&TimeGet, None);
        assert_vector(
            &batch,
            "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN",
            [
                "59D272BFFBFF72D4D9E595C51657357BEDF006B53A7BC67FE39E5B5A85862377",
                "5C16443644EB0BE6E26B1974A928C58F",
                "54D5E533FD7E2F9659A38E20FB55E568",
            ],
        );
    }

    #[test]
    fn the_query_carries_the_system_parameters_and_the_sign() {
        let mut batch = Batch::new();
        batch.add(&TimeGet, None);
        batch.add(&TimeGet, None);
        let prepared = config(SignMethod::HmacSha256)
            .prepare_batch(&batch)
            .unwrap();
        assert_eq!(
            prepared.url,
            "http://127.0.0.1:9/router/batch?app_key=12129701&format=json&partner_id=topgen\
             &sign=59D272BFFBFF72D4D9E595C51657357BEDF006B53A7BC67FE39E5B5A85862377\
             &sign_method=hmac-sha256&timestamp=2025-09-15+13%3A40%3A23&v=2.0"
        );
        assert_eq!(
            prepared.string_to_sign(),
            "app_key12129701formatjsonpartner_idtopgensign_methodhmac-sha256timestamp2025-09-15 13:40:23v2.0\
             #PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN"
        );
    }

    #[test]
    fn sessions_are_masked_wherever_a_batch_is_printed() {
        let a = trade("tid", "1");
        let mut batch = Batch::new();
        batch.add(&a, Some("sess-secret-a"));
        batch.add(&TimeGet, Some("sess-secret-b"));
        let prepared = config(SignMethod::Md5).prepare_batch(&batch).unwrap();
        assert!(prepared.body_text().contains("session=sess-secret-a"));
        assert!(
            prepared.string_to_sign().contains("session=***&tid=1"),
            "{}",
            prepared.string_to_sign()
        );
        for text in [
            prepared.string_to_sign().to_owned(),
            format!("{prepared:?}"),
            format!("{batch:?}"),
        ] {
            assert!(
                !text.contains("sess-secret") && !text.contains("test-secret-0123"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_single_call_shows_what_it_signed_with_the_session_masked() {
        let prepared = config(SignMethod::HmacMd5)
            .prepare(&trade("tid", "7"), Some("sess-secret"))
            .unwrap();
        assert_eq!(prepared.sign_method, SignMethod::HmacMd5);
        assert_eq!(
            prepared.string_to_sign(),
            "app_key12129701fieldstidformatjsonmethodtaobao.trade.fullinfo.getpartner_idtopgen\
             session***sign_methodhmactid7timestamp2025-09-15 13:40:23v2.0"
        );
        let again = sign::sign_text(
            &prepared
                .string_to_sign()
                .replace("session***", "sessionsess-secret"),
            "test-secret-0123",
            SignMethod::HmacMd5,
            HexCase::Upper,
        );
        assert_eq!(again, prepared.sign);
    }

    #[test]
    fn each_call_is_validated_and_files_are_refused() {
        let good = trade("tid", "1");
        let no_fields = TradeGet {
            tid: Some("2".to_owned()),
            ..TradeGet::default()
        };
        let mut batch = Batch::new();
        batch.add(&good, Some("s"));
        batch.add(&no_fields, Some("s"));
        assert_eq!(
            config(SignMethod::Md5)
                .prepare_batch(&batch)
                .unwrap_err()
                .to_string(),
            "calls[1]: fields: is required"
        );

        let mut batch = Batch::new();
        batch.add(&good, None);
        assert_eq!(
            config(SignMethod::Md5)
                .prepare_batch(&batch)
                .unwrap_err()
                .to_string(),
            "calls[0]: session: is required"
        );

        let with_file = TradeGet {
            image: Some(File::from_bytes("a.png", b"\x89PNG".to_vec())),
            ..trade("tid", "3")
        };
        let mut batch = Batch::new();
        batch.add(&TimeGet, None);
        batch.add(&with_file, Some("s"));
        assert_eq!(
            config(SignMethod::Md5)
                .prepare_batch(&batch)
                .unwrap_err()
                .to_string(),
            "calls[1]: image: files cannot be sent in a batch call"
        );
    }

    #[test]
    fn answers_are_read_per_call_in_order() {
        let a = trade("tid", "1");
        let mut batch = Batch::new();
        let first = batch.add(&a, Some("s"));
        let second = batch.add(&TimeGet, None);
        let prepared = config(SignMethod::Md5).prepare_batch(&batch).unwrap();
        let body = format!(
            "{}{SEPARATOR}{}",
            r#"{"error_response":{"code":27,"msg":"Invalid session","request_id":"r1"}}"#,
            r#"{"time_get_response":{"time":"2025-09-15 13:40:23","request_id":"r2"}}"#
        );
        let answers = prepared.parse(200, body.as_bytes()).unwrap();
        assert_eq!(answers.len(), 2);
        let err = answers.get(first).unwrap_err();
        assert_eq!(err.gateway().and_then(|g| g.code.as_deref()), Some("27"));
        assert_eq!(
            answers.get(second).unwrap(),
            Json::parse(r#"{"time":"2025-09-15 13:40:23","request_id":"r2"}"#).unwrap()
        );
    }

    #[test]
    fn a_slot_of_another_batch_is_refused_not_read() {
        let a = trade("tid", "1");
        let mut mine = Batch::new();
        mine.add(&TimeGet, None);
        let mut other = Batch::new();
        let same_place = other.add(&TimeGet, None);
        other.add(&a, Some("s"));
        let past_the_end = other.add(&TimeGet, None);
        let elsewhere = other.add(&a, Some("s"));
        let prepared = config(SignMethod::Md5).prepare_batch(&mine).unwrap();
        let body = r#"{"time_get_response":{"time":"2025-09-15 13:40:23","request_id":"r1"}}"#;
        let answers = prepared.parse(200, body.as_bytes()).unwrap();
        // The same position and type in another batch, a position past this batch's end and one
        // of another type: each a typed error, never this batch's answer and never a panic.
        for err in [
            answers.get(same_place).unwrap_err(),
            answers.get(past_the_end).unwrap_err(),
        ] {
            assert_eq!(err.kind().as_str(), "validation");
            assert!(err.to_string().starts_with("slot: "), "{err}");
        }
        let err = answers.get(elsewhere).unwrap_err();
        assert_eq!(
            err.to_string(),
            "slot: call 4 (taobao.trade.fullinfo.get) belongs to another batch"
        );
        // A batch prepared again (as a retry does) still reads its own slots.
        let slot = Slot::<TimeGet> {
            batch: mine.id,
            index: 0,
            request: PhantomData,
        };
        let again = config(SignMethod::Md5).prepare_batch(&mine).unwrap();
        let answers = again.parse(200, body.as_bytes()).unwrap();
        assert!(answers.get(slot).is_ok());
    }

    #[test]
    fn a_count_mismatch_fails_the_batch() {
        let mut batch = Batch::new();
        batch.add(&TimeGet, None);
        batch.add(&TimeGet, None);
        batch.add(&TimeGet, None);
        let prepared = config(SignMethod::Md5).prepare_batch(&batch).unwrap();
        let refused = r#"{"error_response":{"code":25,"msg":"Invalid signature"}}"#;
        let err = prepared.parse(200, refused.as_bytes()).unwrap_err();
        assert_eq!(err.gateway().and_then(|g| g.code.as_deref()), Some("25"));
        assert!(
            err.to_string().ends_with(&format!(
                "; the client signed (md5): {}",
                prepared.string_to_sign()
            )),
            "{err}"
        );
        let err = prepared.parse(200, b"{}").unwrap_err();
        assert_eq!(err.kind().as_str(), "invalid_body");
        let err = prepared
            .parse(200, ["{}", "{}"].join(SEPARATOR).as_bytes())
            .unwrap_err();
        assert!(err.to_string().contains("2 answers for 3 calls"), "{err}");
        assert_eq!(
            prepared
                .parse(502, b"bad gateway")
                .unwrap_err()
                .kind()
                .as_str(),
            "http_status"
        );
    }

    #[test]
    fn an_empty_batch_has_no_calls() {
        let prepared = config(SignMethod::Md5)
            .prepare_batch(&Batch::new())
            .unwrap();
        assert!(prepared.is_empty());
        assert!(prepared.parse(200, b"").unwrap().is_empty());
    }

    #[test]
    fn the_batch_url_replaces_the_last_path_segment() {
        assert_eq!(
            batch_url("https://eco.taobao.com/router/rest"),
            "https://eco.taobao.com/router/batch"
        );
        assert_eq!(
            batch_url("http://127.0.0.1:8080/router/rest?x=1"),
            "http://127.0.0.1:8080/router/batch"
        );
        assert_eq!(
            batch_url("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/batch"
        );
        assert_eq!(
            batch_url("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/batch"
        );
    }
}
