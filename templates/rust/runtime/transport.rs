//! Transports: the async `Client` (feature `async`) and the `BlockingClient` (feature
//! `blocking`), both on reqwest with connect and total timeouts. Retries are opt-in and only
//! happen when nothing was sent, or when the API is idempotent.

use std::time::Duration;

#[cfg(any(feature = "async", feature = "blocking"))]
use super::config::{ApiRequest, ClientConfig};
use super::error::Error;

/// How long to wait before attempt `attempt + 1`, or `None` when `error` must not be retried.
pub fn retry_delay(error: &Error, idempotent: bool, attempt: u32) -> Option<Duration> {
    let base = match error {
        Error::Connect { .. } => Duration::from_millis(200),
        Error::Timeout { .. } | Error::Connection { .. } if idempotent => Duration::from_millis(200),
        Error::HttpStatus { status, .. } if idempotent && *status >= 500 => Duration::from_millis(200),
        Error::Gateway(e) if idempotent && e.is_throttled() => Duration::from_secs(1),
        Error::Gateway(e) if idempotent && e.is_transient() => Duration::from_millis(200),
        _ => return None,
    };
    Some(base.saturating_mul(1 << attempt.min(5)).min(Duration::from_secs(10)))
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
        let mut attempt = 0;
        loop {
            let prepared = self.config.prepare(request, session)?;
            let result = self.send::<R>(&prepared).await;
            match result.as_ref().err().and_then(|e| retry_delay(e, R::API.idempotent, attempt)) {
                Some(delay) if attempt < self.config.retries => {
                    attempt += 1;
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
        let mut attempt = 0;
        loop {
            let prepared = self.config.prepare(request, session)?;
            let result = self.send::<R>(&prepared);
            match result.as_ref().err().and_then(|e| retry_delay(e, R::API.idempotent, attempt)) {
                Some(delay) if attempt < self.config.retries => {
                    attempt += 1;
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
