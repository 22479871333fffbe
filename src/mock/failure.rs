//! A refusal, as the gateway words it; `responses` turns it into the gateway's error envelope.

use serde::Serialize;

/// TOP's platform error codes the mock answers with (the H7B envelope carries the same codes).
pub mod code {
    /// `App Call Limited`: flow control refused the call (the `throttle` fault).
    pub const APP_CALL_LIMITED: u32 = 7;
    /// `Missing method`.
    pub const MISSING_METHOD: u32 = 21;
    /// `Invalid method`: the mock serves no API of that name.
    pub const INVALID_METHOD: u32 = 22;
    /// `Missing signature`.
    pub const MISSING_SIGNATURE: u32 = 24;
    /// `Invalid signature`.
    pub const INVALID_SIGNATURE: u32 = 25;
    /// `Missing session`.
    pub const MISSING_SESSION: u32 = 26;
    /// `Missing app key`.
    pub const MISSING_APP_KEY: u32 = 28;
    /// `Invalid app Key`.
    pub const INVALID_APP_KEY: u32 = 29;
    /// `Missing timestamp`.
    pub const MISSING_TIMESTAMP: u32 = 30;
    /// `Invalid timestamp`: unparsable or beyond the allowed skew.
    pub const INVALID_TIMESTAMP: u32 = 31;
    /// `Missing required arguments:NAME`.
    pub const MISSING_ARGUMENTS: u32 = 40;
    /// `Invalid arguments:NAME`.
    pub const INVALID_ARGUMENTS: u32 = 41;
    /// `Invalid encoding`: the body is not a form, or not UTF-8.
    pub const INVALID_ENCODING: u32 = 47;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub code: u32,
    pub msg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_msg: Option<String>,
}

impl Failure {
    pub fn new(code: u32, msg: impl Into<String>) -> Self {
        Failure {
            code,
            msg: msg.into(),
            sub_code: None,
            sub_msg: None,
        }
    }

    pub fn detail(mut self, sub_msg: impl Into<String>) -> Self {
        self.sub_msg = Some(sub_msg.into());
        self
    }

    /// Code 7: flow control refused the call before it ran (the `throttle` fault), with the
    /// platform's words for a ban of `seconds` (shared/reference/top-platform.md).
    pub fn throttled(seconds: u64) -> Self {
        Failure {
            code: code::APP_CALL_LIMITED,
            msg: "App Call Limited".to_owned(),
            sub_code: Some("accesscontrol.limited-by-app-api-access-count".to_owned()),
            sub_msg: Some(format!("This ban will last for {seconds} more seconds")),
        }
    }

    /// Code 40 for `name`, with the runtime contract's words (`{name}: is required`).
    pub fn missing(name: &str) -> Self {
        Failure {
            code: code::MISSING_ARGUMENTS,
            msg: format!("Missing required arguments:{name}"),
            sub_code: Some(format!("isv.missing-parameter:{name}")),
            sub_msg: Some(format!("{name}: is required")),
        }
    }

    /// Code 41 for `name`; `message` is the runtime contract's validation message.
    pub fn invalid(name: &str, message: impl Into<String>) -> Self {
        Failure {
            code: code::INVALID_ARGUMENTS,
            msg: format!("Invalid arguments:{name}"),
            sub_code: Some(format!("isv.invalid-parameter:{name}")),
            sub_msg: Some(message.into()),
        }
    }
}
