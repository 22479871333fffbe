//! The one error type of this client: every failure names its kind, and none carries a secret.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::sign::SignMethod;

/// What a caller told after a timeout or a broken connection on a call that is not idempotent.
pub const OUTCOME_UNKNOWN: &str = "the outcome is unknown: the gateway may have applied the request; check its state before repeating it";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The request was refused before anything was sent.
    Validation {
        /// The parameter's wire name (`param.field` inside a struct).
        name: String,
        /// What is wrong, e.g. `is required`.
        reason: String,
    },
    /// The gateway answered with an error (`error_response`, or a non-zero `code`).
    Gateway(Box<GatewayError>),
    /// No complete answer arrived in time.
    Timeout {
        /// Whether the request may have been applied (the API is not idempotent).
        outcome_unknown: bool,
        /// What the transport reported.
        detail: String,
        /// The transport's own error, for [`std::error::Error::source`] (it never holds the
        /// request body, so never the secret or the session).
        source: Option<Cause>,
    },
    /// The gateway could not be reached; nothing was sent.
    Connect {
        /// What the transport reported.
        detail: String,
        /// The transport's own error, for [`std::error::Error::source`] (it never holds the
        /// request body, so never the secret or the session).
        source: Option<Cause>,
    },
    /// The connection broke after the request was sent.
    Connection {
        /// Whether the request may have been applied (the API is not idempotent).
        outcome_unknown: bool,
        /// What the transport reported.
        detail: String,
        /// The transport's own error, for [`std::error::Error::source`] (it never holds the
        /// request body, so never the secret or the session).
        source: Option<Cause>,
    },
    /// The gateway answered with a non-2xx HTTP status.
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The raw response body.
        body: String,
    },
    /// The answer is not the JSON this client expects (an HTML page, a truncated body).
    InvalidBody {
        /// The HTTP status code.
        status: u16,
        /// The raw response body.
        body: String,
        /// Why it could not be read.
        detail: String,
        /// The transport's own error, for [`std::error::Error::source`] (it never holds the
        /// request body, so never the secret or the session).
        source: Option<Cause>,
    },
}

/// The kind of an [`Error`], the same words in every language of this client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `validation`
    Validation,
    /// `gateway`
    Gateway,
    /// `timeout`
    Timeout,
    /// `connect`
    Connect,
    /// `connection`
    Connection,
    /// `http_status`
    HttpStatus,
    /// `invalid_body`
    InvalidBody,
}

impl ErrorKind {
    /// The kind's name: `validation`, `gateway`, `timeout`, `connect`, `connection`,
    /// `http_status` or `invalid_body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::Gateway => "gateway",
            Self::Timeout => "timeout",
            Self::Connect => "connect",
            Self::Connection => "connection",
            Self::HttpStatus => "http_status",
            Self::InvalidBody => "invalid_body",
        }
    }
}

impl Error {
    /// A validation error for `name`.
    pub fn validation(name: &str, reason: impl Into<String>) -> Self {
        Self::Validation {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }

    /// This error's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation { .. } => ErrorKind::Validation,
            Self::Gateway(_) => ErrorKind::Gateway,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::Connect { .. } => ErrorKind::Connect,
            Self::Connection { .. } => ErrorKind::Connection,
            Self::HttpStatus { .. } => ErrorKind::HttpStatus,
            Self::InvalidBody { .. } => ErrorKind::InvalidBody,
        }
    }

    /// The gateway's error, when the gateway answered with one.
    pub fn gateway(&self) -> Option<&GatewayError> {
        match self {
            Self::Gateway(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unknown = |f: &mut fmt::Formatter<'_>, yes: bool| {
            if yes {
                write!(f, "; {OUTCOME_UNKNOWN}")
            } else {
                Ok(())
            }
        };
        match self {
            Self::Validation { name, reason } => write!(f, "{name}: {reason}"),
            Self::Gateway(e) => write!(f, "{e}"),
            Self::Timeout {
                outcome_unknown,
                detail,
                ..
            } => {
                write!(f, "the gateway did not answer in time ({detail})")?;
                unknown(f, *outcome_unknown)
            }
            Self::Connect { detail, .. } => write!(
                f,
                "could not connect to the gateway, nothing was sent ({detail})"
            ),
            Self::Connection {
                outcome_unknown,
                detail,
                ..
            } => {
                write!(f, "the connection to the gateway broke ({detail})")?;
                unknown(f, *outcome_unknown)
            }
            Self::HttpStatus { status, body } => {
                write!(f, "the gateway answered HTTP {status}: {}", snippet(body))
            }
            Self::InvalidBody {
                status,
                body,
                detail,
                ..
            } => {
                write!(
                    f,
                    "the gateway's answer (HTTP {status}) could not be read ({detail}): {}",
                    snippet(body)
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout { source, .. }
            | Self::Connect { source, .. }
            | Self::Connection { source, .. }
            | Self::InvalidBody { source, .. } => source.as_ref().map(|c| &*c.0 as _),
            _ => None,
        }
    }
}

/// The error underneath a transport failure (the operating system's, or TLS's).
#[derive(Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    /// Keeps `error` as the cause.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Arc::new(error))
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Causes are equal when they read the same.
impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Cause {}

fn snippet(body: &str) -> String {
    const MAX: usize = 200;
    match body.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &body[..end]),
        None => body.to_owned(),
    }
}

/// An error answer from the gateway. Each field is the text the gateway sent, when it sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GatewayError {
    /// The error code, as text whether the JSON held a number or a string.
    pub code: Option<String>,
    /// TOP's `msg`.
    pub msg: Option<String>,
    /// TOP's `sub_code`, e.g. `isv.invalid-parameter`.
    pub sub_code: Option<String>,
    /// TOP's `sub_msg`.
    pub sub_msg: Option<String>,
    /// TOP's `request_id`.
    pub request_id: Option<String>,
    /// The `message` of a `code`/`message`/`data` envelope.
    pub message: Option<String>,
    /// The `trace_id` of a `code`/`message`/`data` envelope.
    pub trace_id: Option<String>,
    /// The raw response body.
    pub body: String,
    /// What the client signed, for an invalid-signature answer (code 25) from `execute`.
    pub signed: Option<Signed>,
    /// What the client adds to the gateway's words (e.g. when a token refresh is allowed at all).
    pub note: Option<&'static str>,
}

/// What a request signed: the algorithm and the string to sign with the session as `***` (never
/// the secret). Compare it with what the gateway says it expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The algorithm.
    pub method: SignMethod,
    /// `key + value` of every signed parameter in key order (plus the body of a batch), masked.
    pub string_to_sign: String,
}

impl Error {
    /// This error with `string_to_sign` attached when it is an invalid-signature answer (gateway
    /// code 25); any other error unchanged.
    pub fn with_signed(self, method: SignMethod, string_to_sign: &str) -> Self {
        match self {
            Self::Gateway(mut e) if e.code.as_deref() == Some("25") => {
                e.signed = Some(Signed {
                    method,
                    string_to_sign: string_to_sign.to_owned(),
                });
                Self::Gateway(e)
            }
            other => other,
        }
    }
}

impl GatewayError {
    /// Whether this is a rate-limit ban (TOP code 7, App Call Limited): the call did not run.
    /// [`retry_after`](Self::retry_after) says how long the ban lasts, when the gateway said it.
    pub fn rate_limited(&self) -> bool {
        self.is_throttled()
    }

    /// For a rate-limit ban, the `N` of the first "This ban will last for N more seconds" in
    /// `sub_msg` (else in `msg`).
    pub fn retry_after(&self) -> Option<Duration> {
        if !self.rate_limited() {
            return None;
        }
        [&self.sub_msg, &self.msg]
            .into_iter()
            .flatten()
            .find_map(|text| ban_seconds(text))
            .map(Duration::from_secs)
    }

    /// The fields that were present, by wire name, sorted by name.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("code", &self.code),
            ("message", &self.message),
            ("msg", &self.msg),
            ("request_id", &self.request_id),
            ("sub_code", &self.sub_code),
            ("sub_msg", &self.sub_msg),
            ("trace_id", &self.trace_id),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .collect()
    }

    /// Whether the gateway throttled the call (TOP code 7, App Call Limited): back off.
    pub fn is_throttled(&self) -> bool {
        self.code.as_deref() == Some("7")
    }

    /// Whether the failure is a transient platform error (`isp.*` sub-codes, throttling).
    pub fn is_transient(&self) -> bool {
        self.is_throttled()
            || self
                .sub_code
                .as_deref()
                .is_some_and(|c| c.starts_with("isp."))
    }
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the gateway refused the call: code {}",
            self.code.as_deref().unwrap_or("?")
        )?;
        if let Some(m) = self.msg.as_deref().or(self.message.as_deref()) {
            write!(f, " {m}")?;
        }
        if let Some(c) = &self.sub_code {
            write!(f, " ({c}")?;
            if let Some(m) = &self.sub_msg {
                write!(f, ": {m}")?;
            }
            write!(f, ")")?;
        }
        if let Some(id) = self.request_id.as_deref().or(self.trace_id.as_deref()) {
            write!(f, " [{id}]")?;
        }
        if let Some(note) = self.note {
            write!(f, "; {note}")?;
        }
        if let Some(signed) = &self.signed {
            write!(
                f,
                "; the client signed ({}): {}",
                signed.method.wire_name(),
                signed.string_to_sign
            )?;
        }
        Ok(())
    }
}

/// The whole seconds `N` of the first "This ban will last for N more seconds" in `text`.
fn ban_seconds(text: &str) -> Option<u64> {
    const BEFORE: &str = "This ban will last for ";
    const AFTER: &str = " more seconds";
    text.match_indices(BEFORE).find_map(|(at, _)| {
        let rest = &text[at + BEFORE.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with(AFTER) {
            return None;
        }
        rest[..digits].parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ban(msg: Option<&str>, sub_msg: Option<&str>) -> GatewayError {
        GatewayError {
            code: Some("7".to_owned()),
            msg: msg.map(str::to_owned),
            sub_code: Some("accesscontrol.limited-by-app-api-access-count".to_owned()),
            sub_msg: sub_msg.map(str::to_owned),
            ..GatewayError::default()
        }
    }

    #[test]
    fn retry_after_reads_the_ban_from_sub_msg_then_msg() {
        let secs = |e: GatewayError| e.retry_after().map(|d| d.as_secs());
        assert_eq!(
            secs(ban(
                Some("App Call Limited"),
                Some("This ban will last for 71 more seconds")
            )),
            Some(71)
        );
        assert_eq!(
            secs(ban(Some("This ban will last for 3 more seconds"), None)),
            Some(3)
        );
        assert_eq!(
            secs(ban(
                Some("This ban will last for 3 more seconds"),
                Some("no number here")
            )),
            Some(3)
        );
        assert_eq!(
            secs(ban(
                None,
                Some(
                    "x This ban will last for  5 more seconds, This ban will last for 6 more seconds"
                )
            )),
            Some(6)
        );
        assert_eq!(
            secs(ban(None, Some("This ban will last for 5.5 more seconds"))),
            None
        );
        assert_eq!(secs(ban(Some("App Call Limited"), None)), None);
        let mut other = ban(None, Some("This ban will last for 9 more seconds"));
        other.code = Some("27".to_owned());
        assert!(!other.rate_limited());
        assert_eq!(other.retry_after(), None);
    }

    #[test]
    fn an_invalid_signature_says_what_was_signed() {
        let invalid = Error::Gateway(Box::new(GatewayError {
            code: Some("25".to_owned()),
            msg: Some("Invalid signature".to_owned()),
            ..GatewayError::default()
        }));
        let explained = invalid.with_signed(SignMethod::HmacSha256, "app_key1session***");
        assert!(
            explained
                .to_string()
                .ends_with("; the client signed (hmac-sha256): app_key1session***"),
            "{explained}"
        );
        assert_eq!(
            explained
                .gateway()
                .and_then(|e| e.signed.as_ref())
                .map(|s| s.method),
            Some(SignMethod::HmacSha256)
        );
        let other = Error::Gateway(Box::new(GatewayError {
            code: Some("27".to_owned()),
            ..GatewayError::default()
        }));
        assert_eq!(other.clone().with_signed(SignMethod::Md5, "x"), other);
    }
}
