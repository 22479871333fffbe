//! Transports: the async `Client` (feature `async`) and the `BlockingClient` (feature
//! `blocking`), both on the crate's HTTP/1.1 transport (`http`: Tokio, rustls, a keep-alive
//! pool) with connect and total timeouts. Retries are opt-in and follow
//! one rule ([`retry_delay`]): a call that was not sent, or was throttled before the API ran, is
//! repeated for every API; other transient failures only for idempotent APIs.

#[cfg(any(feature = "async", feature = "blocking"))]
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[cfg(any(feature = "async", feature = "blocking"))]
use super::config::{ApiRequest, ClientConfig};
#[cfg(feature = "blocking")]
use super::error::Cause;
use super::error::Error;
#[cfg(any(feature = "async", feature = "blocking"))]
use super::http::Http;

/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

/// How long to wait before retry number `retry + 1`, or `None` when `error` is returned now: a
/// rate-limit ban that says its length `N` ([`GatewayError::retry_after`]) waits exactly `N` when
/// `N ≤ max_retry_delay` and is returned at once when it is longer; anything else waits
/// `min(base × 2^retry, max_retry_delay)` with the base of [`retry_base`] (the client's
/// `max_retry_delay`, default 10 s, is the cap of the back-off too).
///
/// [`GatewayError::retry_after`]: super::error::GatewayError::retry_after
pub fn retry_wait(
    error: &Error,
    idempotent: bool,
    retry: u32,
    max_retry_delay: Duration,
) -> Option<Duration> {
    match error.gateway().and_then(|e| e.retry_after()) {
        Some(ban) if ban <= max_retry_delay => Some(ban),
        Some(_) => None,
        None => {
            retry_base(error, idempotent).map(|base| backoff_within(base, retry, max_retry_delay))
        }
    }
}

/// `min(base × 2^retry, cap)`, without overflow for any `retry`.
fn backoff_within(base: Duration, retry: u32, cap: Duration) -> Duration {
    2u32.checked_pow(retry)
        .and_then(|factor| base.checked_mul(factor))
        .map_or(cap, |d| d.min(cap))
}

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
        Error::Gateway(e) if e.sub_code.as_deref().is_some_and(|c| c.starts_with("isp.")) => {
            Some(SHORT)
        }
        _ => None,
    }
}

/// `min(base × 2^retry, 10 s)`, without overflow for any `retry`.
pub fn backoff(base: Duration, retry: u32) -> Duration {
    backoff_within(base, retry, MAX_RETRY_DELAY)
}

/// The async client (feature `async`; it runs on Tokio).
#[cfg(any(feature = "async", feature = "blocking"))]
#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: Http,
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl Client {
    /// A client with these settings, with a keep-alive connection pool of its own (clones
    /// share it). The environment's proxies are read now (see [`ClientConfig::proxy`]).
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = Http::new(&config)?;
        Ok(Self { config, http })
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Validates, signs, sends and parses one call; `session` is the seller's authorization.
    pub async fn execute<R: ApiRequest>(
        &self,
        request: &R,
        session: Option<&str>,
    ) -> Result<R::Response, Error> {
        let mut retry = 0;
        loop {
            // Each attempt prepares again (a fresh timestamp).
            let prepared = self.config.prepare(request, session)?;
            let result = self
                .send::<R>(&prepared)
                .await
                .map_err(|e| prepared.explain(e));
            match result
                .as_ref()
                .err()
                .and_then(|e| retry_wait(e, R::API.idempotent, retry, self.config.max_retry_delay))
            {
                Some(delay) if retry < self.config.retries => {
                    retry += 1;
                    tokio::time::sleep(delay).await;
                }
                _ => return result,
            }
        }
    }

    /// One attempt under one deadline: connecting, sending, the headers and the whole body.
    async fn send<R: ApiRequest>(
        &self,
        prepared: &super::config::PreparedRequest,
    ) -> Result<R::Response, Error> {
        let (status, body) = self
            .send_raw(
                &prepared.url,
                &prepared.content_type,
                &prepared.body,
                R::API.idempotent,
            )
            .await?;
        super::response::parse_http(self.config.gateway, &R::API, status, &body)
    }

    /// One attempt under one deadline: POSTs `body` and reads the status and the whole answer.
    pub(crate) async fn send_raw(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
        idempotent: bool,
    ) -> Result<(u16, Vec<u8>), Error> {
        let total = self.config.timeout;
        let sent = AtomicBool::new(false);
        let deadline = tokio::time::Instant::now().checked_add(total);
        let attempt = self
            .http
            .post(url, content_type, body, idempotent, deadline, &sent);
        match tokio::time::timeout(total, attempt).await {
            Ok(result) => result,
            // Still connecting (DNS, TCP, a tunnel, TLS): nothing was sent.
            Err(_) if !sent.load(Ordering::Relaxed) => Err(Error::Connect {
                detail: format!("no connection within the total timeout of {total:?}"),
                source: None,
            }),
            Err(_) => {
                let detail = format!("no complete answer within the total timeout of {total:?}");
                Err(Error::Timeout {
                    outcome_unknown: !idempotent,
                    detail,
                    source: None,
                })
            }
        }
    }
}

/// The blocking client (feature `blocking`): the async client driven by a Tokio runtime of its
/// own, so the same single deadline bounds each attempt. Do not use it inside an async runtime.
#[cfg(feature = "blocking")]
#[derive(Debug, Clone)]
pub struct BlockingClient {
    inner: Client,
    runtime: std::sync::Arc<tokio::runtime::Runtime>,
}

#[cfg(feature = "blocking")]
impl BlockingClient {
    /// A client with these settings (see [`Client::new`]).
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Connect {
                detail: format!("could not start the I/O runtime: {e}"),
                source: Some(Cause::new(e)),
            })?;
        Ok(Self {
            inner: Client::new(config)?,
            runtime: std::sync::Arc::new(runtime),
        })
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        self.inner.config()
    }

    /// Validates, signs, sends and parses one call; `session` is the seller's authorization.
    pub fn execute<R: ApiRequest>(
        &self,
        request: &R,
        session: Option<&str>,
    ) -> Result<R::Response, Error> {
        self.runtime.block_on(self.inner.execute(request, session))
    }

    /// Runs `work` with the async client inside, to the end (batches, pages and OAuth use it).
    pub(crate) fn run<'a, F: std::future::Future>(
        &'a self,
        work: impl FnOnce(&'a Client) -> F,
    ) -> F::Output {
        self.runtime.block_on(work(&self.inner))
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
        Error::Timeout {
            outcome_unknown: false,
            detail: String::new(),
            source: None,
        }
    }

    fn connection() -> Error {
        Error::Connection {
            outcome_unknown: false,
            detail: String::new(),
            source: None,
        }
    }

    fn status(status: u16) -> Error {
        Error::HttpStatus {
            status,
            body: String::new(),
        }
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_ten_seconds() {
        let short: Vec<_> = (0..8).map(|k| backoff(ms(200), k)).collect();
        assert_eq!(
            short,
            [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000].map(ms)
        );
        let throttled: Vec<_> = (0..6).map(|k| backoff(Duration::from_secs(1), k)).collect();
        assert_eq!(throttled, [1000, 2000, 4000, 8000, 10_000, 10_000].map(ms));
    }

    #[test]
    fn backoff_never_overflows() {
        for k in [31, 32, 33, 64, u32::MAX] {
            assert_eq!(backoff(ms(200), k), MAX_RETRY_DELAY, "retry {k}");
        }
        assert_eq!(
            backoff(Duration::from_nanos(1), 31),
            Duration::from_nanos(1 << 31)
        );
    }

    #[test]
    fn nothing_sent_and_throttled_are_retried_for_every_api() {
        let throttled_top = gateway("7", Some("accesscontrol.limited-by-api-access-count"));
        let throttled_h7b = gateway("7", None);
        let throttled_isp = gateway("7", Some("isp.call-limited"));
        for idempotent in [false, true] {
            let connect = Error::Connect {
                detail: String::new(),
                source: None,
            };
            assert_eq!(retry_base(&connect, idempotent), Some(ms(200)));
            assert_eq!(retry_base(&throttled_top, idempotent), Some(ms(1000)));
            assert_eq!(retry_base(&throttled_h7b, idempotent), Some(ms(1000)));
            assert_eq!(retry_base(&throttled_isp, idempotent), Some(ms(1000)));
        }
    }

    #[test]
    fn failures_after_sending_are_retried_only_for_idempotent_apis() {
        let isp = gateway("15", Some("isp.top-remote-connection-timeout"));
        for error in [
            timeout(),
            connection(),
            status(500),
            status(503),
            status(599),
            isp,
        ] {
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
            Error::InvalidBody {
                status: 200,
                body: "{\"a".to_owned(),
                detail: String::new(),
                source: None,
            },
        ];
        for error in others {
            for idempotent in [false, true] {
                assert_eq!(
                    retry_delay(&error, idempotent, 0),
                    None,
                    "{error:?} idempotent={idempotent}"
                );
            }
        }
    }

    fn banned(sub_msg: &str) -> Error {
        Error::Gateway(Box::new(GatewayError {
            code: Some("7".to_owned()),
            msg: Some("App Call Limited".to_owned()),
            sub_code: Some("accesscontrol.limited-by-app-api-access-count".to_owned()),
            sub_msg: Some(sub_msg.to_owned()),
            ..GatewayError::default()
        }))
    }

    #[test]
    fn a_ban_is_waited_exactly_when_it_fits_the_maximum() {
        let ten = Duration::from_secs(10);
        for (retry, idempotent) in [(0, false), (3, true)] {
            assert_eq!(
                retry_wait(
                    &banned("This ban will last for 3 more seconds"),
                    idempotent,
                    retry,
                    ten
                ),
                Some(ms(3000))
            );
            assert_eq!(
                retry_wait(
                    &banned("This ban will last for 10 more seconds"),
                    idempotent,
                    retry,
                    ten
                ),
                Some(ten)
            );
            assert_eq!(
                retry_wait(
                    &banned("This ban will last for 0 more seconds"),
                    idempotent,
                    retry,
                    ten
                ),
                Some(ms(0))
            );
        }
        assert_eq!(
            retry_wait(
                &banned("This ban will last for 11 more seconds"),
                false,
                0,
                ten
            ),
            None
        );
        assert_eq!(
            retry_wait(
                &banned("This ban will last for 71 more seconds"),
                true,
                0,
                ten
            ),
            None
        );
        let minute = Duration::from_secs(60);
        assert_eq!(
            retry_wait(
                &banned("This ban will last for 59 more seconds"),
                false,
                0,
                minute
            ),
            Some(ms(59_000))
        );
    }

    #[test]
    fn a_ban_without_its_length_and_other_errors_follow_the_table() {
        let ten = Duration::from_secs(10);
        assert_eq!(
            retry_wait(&banned("try later"), false, 0, ten),
            Some(ms(1000))
        );
        assert_eq!(
            retry_wait(&banned("try later"), false, 2, ten),
            Some(ms(4000))
        );
        assert_eq!(
            retry_wait(
                &Error::Connect {
                    detail: String::new(),
                    source: None,
                },
                false,
                1,
                ten
            ),
            Some(ms(400))
        );
        assert_eq!(retry_wait(&status(502), false, 0, ten), None);
        let not_a_ban = gateway("15", Some("isv.x"));
        assert_eq!(retry_wait(&not_a_ban, true, 0, ten), None);
    }

    #[test]
    fn max_retry_delay_caps_the_back_off_too() {
        let half_minute = Duration::from_secs(30);
        assert_eq!(
            retry_wait(&banned("try later"), false, 4, half_minute),
            Some(ms(16_000))
        );
        assert_eq!(
            retry_wait(&banned("try later"), false, 9, half_minute),
            Some(half_minute)
        );
        assert_eq!(
            retry_wait(
                &Error::Connect {
                    detail: String::new(),
                    source: None,
                },
                false,
                3,
                ms(500)
            ),
            Some(ms(500))
        );
        assert_eq!(retry_wait(&timeout(), true, 0, ms(50)), Some(ms(50)));
    }

    #[test]
    fn the_delay_is_the_base_doubled_per_retry() {
        let throttled = gateway("7", None);
        assert_eq!(retry_delay(&throttled, false, 0), Some(ms(1000)));
        assert_eq!(retry_delay(&throttled, false, 2), Some(ms(4000)));
        assert_eq!(retry_delay(&throttled, false, 9), Some(MAX_RETRY_DELAY));
        assert_eq!(
            retry_delay(
                &Error::Connect {
                    detail: String::new(),
                    source: None,
                },
                false,
                1
            ),
            Some(ms(400))
        );
        assert_eq!(retry_delay(&status(502), true, 3), Some(ms(1600)));
    }
}
