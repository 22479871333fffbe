//! Response parsing: the gateway's envelope, its errors, and serde helpers for typed responses
//! (string fields accept JSON numbers, int64 fields accept digit strings, integers stay exact).

use serde::{Deserialize as _, Deserializer};
use serde_json::Value;

use super::config::{ApiInfo, Envelope, GatewayConfig};
use super::error::{Error, GatewayError};

/// Reads an HTTP answer: non-2xx → `http_status`, not JSON → `invalid_body`, else [`parse_body`].
pub fn parse_http<T: serde::de::DeserializeOwned>(gw: &GatewayConfig, api: &ApiInfo, status: u16, body: &str) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::HttpStatus { status, body: body.to_owned() });
    }
    parse_body(gw, api, status, body)
}

/// Reads a response body in the gateway's envelope into the typed response or a gateway error.
pub fn parse_body<T: serde::de::DeserializeOwned>(gw: &GatewayConfig, api: &ApiInfo, status: u16, body: &str) -> Result<T, Error> {
    let invalid = |detail: String| Error::InvalidBody { status, body: body.to_owned(), detail };
    let value: Value = serde_json::from_str(body).map_err(|e| invalid(e.to_string()))?;
    let Value::Object(object) = &value else { return Err(invalid("not a JSON object".to_owned())) };
    let text = |v: &Value, key: &str| v.get(key).and_then(as_text);
    let payload = match gw.envelope {
        Envelope::Top => {
            if let Some(e) = object.get("error_response") {
                return Err(Error::Gateway(Box::new(GatewayError {
                    code: text(e, "code"),
                    msg: text(e, "msg"),
                    sub_code: text(e, "sub_code"),
                    sub_msg: text(e, "sub_msg"),
                    request_id: text(e, "request_id"),
                    body: body.to_owned(),
                    ..GatewayError::default()
                })));
            }
            object.get(api.response_key).cloned().unwrap_or(value)
        }
        Envelope::CodeMessageData => {
            let code = text(&value, "code");
            if code.as_deref() != Some("0") {
                return Err(Error::Gateway(Box::new(GatewayError {
                    code,
                    message: text(&value, "message"),
                    trace_id: text(&value, "trace_id"),
                    body: body.to_owned(),
                    ..GatewayError::default()
                })));
            }
            object.get("data").filter(|d| !d.is_null()).cloned().unwrap_or_else(|| Value::Object(Default::default()))
        }
    };
    T::deserialize(payload).map_err(|e| invalid(format!("does not match the response type: {e}")))
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Deserializes an optional string that may arrive as a JSON number (digits kept exactly).
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(other) => Err(serde::de::Error::custom(format!("expected a string, got {other}"))),
    }
}

/// Deserializes an optional 64-bit integer from a JSON number or a string of digits.
pub fn opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| serde::de::Error::custom(format!("{n} is not a 64-bit integer"))),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| serde::de::Error::custom(format!("\"{s}\" is not a 64-bit integer"))),
        Some(other) => Err(serde::de::Error::custom(format!("expected a 64-bit integer, got {other}"))),
    }
}
