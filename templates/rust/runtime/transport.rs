//! Transports: the async `Client` (feature `async`) and the `BlockingClient` (feature
//! `blocking`), both on reqwest with connect and total timeouts. Retries are opt-in and follow
//! one rule ([`retry_delay`]): a call that was not sent, or was throttled before the API ran, is
//! repeated for every API; other transient failures only for idempotent APIs.

use std::time::Duration;

#[cfg(any(feature = "async", feature = "blocking"))]
use super::config::{ApiRequest, ClientConfig};
use super::error::Error;

/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

/// How long to wait before retry number `retry + 1` (`retry` is 0 before the first retry), or
/// `None` when `error` must not be retried: `min(base × 2^retry, 10 s)` with the base of
/// [`retry_base`].
pub fn retry_delay(error: &Error, idempotent: bool, retry: u32) -> Option<Duration> {
    retry_base(error, idempotent).map(|base| backoff(base, retry))
}

/// The base delay for retrying `error`, or `None` when it must not be retried:
/// - `connect` (nothing was sent): 200 ms, every API;
/// - gateway code 7 (throttled before the API ran): 1 s, every API;
/// - `timeout`, `connection`, HTTP status ≥ 500, gateway `sub_code` `isp.*`: 200 ms, only for
///   idempotent APIs (after sending a write its outcome is unknown).
///
/// Nothing else is retried.
pub fn retry_base(error: &Error, idempotent: bool) -> Option<Duration> {
    const SHORT: Duration = Duration::from_millis(200);
    match error {
        Error::Connect { .. } => Some(SHORT),
        Error::Gateway(e) if e.is_throttled() => Some(Duration::from_secs(1)),
        _ if !idempotent => None,
        Error::Timeout { .. } | Error::Connection { .. } => Some(SHORT),
        Error::HttpStatus { status, .. } if *status >= 500 => Some(SHORT),
        Error::Gateway(e) if e.sub_code.as_deref().is_some_and(|c| c.starts_with("isp.")) => Some(SHORT),
        _ => None,
    }
}

/// `min(base × 2^retry, 10 s)`, without overflow for any `retry`.
pub fn backoff(base: Duration, retry: u32) -> Duration {
    2u32.checked_pow(retry).and_then(|factor| base.checked_mul(factor)).map_or(MAX_RETRY_DELAY, |d| d.min(MAX_RETRY_DELAY))
}

#[cfg(any(feature = "async", feature = "blocking"))]
fn transport_error(error: &reqwest::Error, idempotent: bool) -> Error {
    let detail = error.chain_text();
    if error.is_connect() {
        Error::Connect { detail }
    } else if error.is_timeout() {
        Error::Timeout { outcome_unknown: !idempotent, detail }
    } else {
        Error::Connection { outcome_unknown: !idempotent, detail }
    }
}

/// A body cut short after the status arrived (the connection closed before `Content-Length`
/// bytes): an `invalid_body` error carrying what did arrive. Running out of time stays a timeout.
#[cfg(any(feature = "async", feature = "blocking"))]
fn body_error(status: u16, partial: &[u8], error: &reqwest::Error, idempotent: bool) -> Error {
    if error.is_timeout() {
        return transport_error(error, idempotent);
    }
    Error::InvalidBody { status, body: String::from_utf8_lossy(partial).into_owned(), detail: error.chain_text() }
}

#[cfg(any(feature = "async", feature = "blocking"))]
trait ChainText {
    fn chain_text(&self) -> String;
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl ChainText for reqwest::Error {
    fn chain_text(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }
}

/// The async client (feature `async`).
#[cfg(feature = "async")]
#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
}

#[cfg(feature = "async")]
impl Client {
    /// A client with these settings.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Connect { detail: e.chain_text() })?;
        Ok(Self { config, http })
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Validates, signs, sends and parses one call; `session` is the seller's authorization.
    pub async fn execute<R: ApiRequest>(&self, request: &R, session: Option<&str>) -> Result<R::Response, Error> {
        let mut retry = 0;
        loop {
            let prepared = self.config.prepare(request, session)?;
            let result = self.send::<R>(&prepared).await;
            match result.as_ref().err().and_then(|e| retry_delay(e, R::API.idempotent, retry)) {
                Some(delay) if retry < self.config.retries => {
                    retry += 1;
                    sleep(delay).await;
                }
                _ => return result,
            }
        }
    }

    async fn send<R: ApiRequest>(&self, prepared: &super::config::PreparedRequest) -> Result<R::Response, Error> {
        let idempotent = R::API.idempotent;
        let mut response = self
            .http
            .post(&prepared.url)
            .header("Content-Type", &prepared.content_type)
            .body(prepared.body.clone())
            .send()
            .await
            .map_err(|e| transport_error(&e, idempotent))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| body_error(status, &body, &e, idempotent))? {
            body.extend_from_slice(&chunk);
        }
        let body = String::from_utf8_lossy(&body);
        super::response::parse_http(self.config.gateway, &R::API, status, &body)
    }
}

/// Sleeps without tying the client to one async runtime (a timer thread wakes the task).
#[cfg(feature = "async")]
async fn sleep(duration: Duration) {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};

    struct Delay {
        state: Arc<Mutex<(bool, Option<Waker>)>>,
    }
    impl Future for Delay {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.0 {
                Poll::Ready(())
            } else {
                state.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
    let state = Arc::new(Mutex::new((false, None::<Waker>)));
    let timer = Arc::clone(&state);
    std::thread::spawn(move || {
        std::thread::sleep(duration);
        let mut state = timer.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = true;
        if let Some(waker) = state.1.take() {
            waker.wake();
        }
    });
    Delay { state }.await;
}

/// The blocking client (feature `blocking`). Do not use it inside an async runtime.
#[cfg(feature = "blocking")]
#[derive(Debug, Clone)]
pub struct BlockingClient {
    config: ClientConfig,
    http: reqwest::blocking::Client,
}

#[cfg(feature = "blocking")]
impl BlockingClient {
    /// A client with these settings.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::blocking::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Connect { detail: e.chain_text() })?;
        Ok(Self { config, http })
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Validates, signs, sends and parses one call; `session` is the seller's authorization.
    pub fn execute<R: ApiRequest>(&self, request: &R, session: Option<&str>) -> Result<R::Response, Error> {
        let mut retry = 0;
        loop {
            let prepared = self.config.prepare(request, session)?;
            let result = self.send::<R>(&prepared);
            match result.as_ref().err().and_then(|e| retry_delay(e, R::API.idempotent, retry)) {
                Some(delay) if retry < self.config.retries => {
                    retry += 1;
                    std::thread::sleep(delay);
                }
                _ => return result,
            }
        }
    }

    fn send<R: ApiRequest>(&self, prepared: &super::config::PreparedRequest) -> Result<R::Response, Error> {
        let idempotent = R::API.idempotent;
        let mut response = self
            .http
            .post(&prepared.url)
            .header("Content-Type", &prepared.content_type)
            .body(prepared.body.clone())
            .send()
            .map_err(|e| transport_error(&e, idempotent))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut response, &mut body) {
            // reqwest wraps its own error (a timeout, a body cut short) in the io::Error.
            return Err(match e.get_ref().and_then(|inner| inner.downcast_ref::<reqwest::Error>()) {
                Some(inner) => body_error(status, &body, inner, idempotent),
                None if e.kind() == std::io::ErrorKind::TimedOut => {
                    Error::Timeout { outcome_unknown: !idempotent, detail: e.to_string() }
                }
                None => Error::InvalidBody { status, body: String::from_utf8_lossy(&body).into_owned(), detail: e.to_string() },
            });
        }
        let body = String::from_utf8_lossy(&body);
        super::response::parse_http(self.config.gateway, &R::API, status, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::GatewayError;
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn gateway(code: &str, sub_code: Option<&str>) -> Error {
        Error::Gateway(Box::new(GatewayError {
            code: Some(code.to_owned()),
            sub_code: sub_code.map(str::to_owned),
            ..GatewayError::default()
        }))
    }

    fn timeout() -> Error {
        Error::Timeout { outcome_unknown: false, detail: String::new() }
    }

    fn connection() -> Error {
        Error::Connection { outcome_unknown: false, detail: String::new() }
    }

    fn status(status: u16) -> Error {
        Error::HttpStatus { status, body: String::new() }
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_ten_seconds() {
        let short: Vec<_> = (0..8).map(|k| backoff(ms(200), k)).collect();
        assert_eq!(short, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000].map(ms));
        let throttled: Vec<_> = (0..6).map(|k| backoff(Duration::from_secs(1), k)).collect();
        assert_eq!(throttled, [1000, 2000, 4000, 8000, 10_000, 10_000].map(ms));
    }

    #[test]
    fn backoff_never_overflows() {
        for k in [31, 32, 33, 64, u32::MAX] {
            assert_eq!(backoff(ms(200), k), MAX_RETRY_DELAY, "retry {k}");
        }
        assert_eq!(backoff(Duration::from_nanos(1), 31), Duration::from_nanos(1 << 31));
    }

    #[test]
    fn nothing_sent_and_throttled_are_retried_for_every_api() {
        let throttled_top = gateway("7", Some("accesscontrol.limited-by-api-access-count"));
        let throttled_h7b = gateway("7", None);
        let throttled_isp = gateway("7", Some("isp.call-limited"));
        for idempotent in [false, true] {
            let connect = Error::Connect { detail: String::new() };
            assert_eq!(retry_base(&connect, idempotent), Some(ms(200)));
            assert_eq!(retry_base(&throttled_top, idempotent), Some(ms(1000)));
            assert_eq!(retry_base(&throttled_h7b, idempotent), Some(ms(1000)));
            assert_eq!(retry_base(&throttled_isp, idempotent), Some(ms(1000)));
        }
    }

    #[test]
    fn failures_after_sending_are_retried_only_for_idempotent_apis() {
        let isp = gateway("15", Some("isp.top-remote-connection-timeout"));
        for error in [timeout(), connection(), status(500), status(503), status(599), isp] {
            assert_eq!(retry_base(&error, true), Some(ms(200)), "{error:?}");
            assert_eq!(retry_base(&error, false), None, "{error:?}");
        }
    }

    #[test]
    fn nothing_else_is_retried() {
        let others = [
            Error::validation("refund_id", "is required"),
            gateway("41", Some("isv.invalid-parameter:refuse_message")),
            gateway("15", Some("isv.isp-like")),
            gateway("27", None),
            status(404),
            status(499),
            Error::InvalidBody { status: 200, body: "{\"a".to_owned(), detail: String::new() },
        ];
        for error in others {
            for idempotent in [false, true] {
                assert_eq!(retry_delay(&error, idempotent, 0), None, "{error:?} idempotent={idempotent}");
            }
        }
    }

    #[test]
    fn the_delay_is_the_base_doubled_per_retry() {
        let throttled = gateway("7", None);
        assert_eq!(retry_delay(&throttled, false, 0), Some(ms(1000)));
        assert_eq!(retry_delay(&throttled, false, 2), Some(ms(4000)));
        assert_eq!(retry_delay(&throttled, false, 9), Some(MAX_RETRY_DELAY));
        assert_eq!(retry_delay(&Error::Connect { detail: String::new() }, false, 1), Some(ms(400)));
        assert_eq!(retry_delay(&status(502), true, 3), Some(ms(1600)));
    }
}
