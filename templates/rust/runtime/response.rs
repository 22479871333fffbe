//! Response parsing: the gateway's envelope, its errors, and the lenient reading of typed
//! responses (string fields accept JSON numbers with their exact digits, int64 fields accept digit
//! strings, a known field whose value does not fit its type stays in `extra` as it arrived).

use serde::Deserializer;
use serde_json::{Map, Value};

use super::config::{ApiInfo, Envelope, GatewayConfig};
use super::error::{Error, GatewayError};

/// Reads an HTTP answer: non-2xx → `http_status`, not JSON → `invalid_body`, else [`parse_body`].
pub fn parse_http<T: FromJson>(gw: &GatewayConfig, api: &ApiInfo, status: u16, body: &str) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::HttpStatus { status, body: body.to_owned() });
    }
    parse_body(gw, api, status, body)
}

/// Reads a response body in the gateway's envelope into the typed response or a gateway error.
pub fn parse_body<T: FromJson>(gw: &GatewayConfig, api: &ApiInfo, status: u16, body: &str) -> Result<T, Error> {
    let invalid = |detail: String| Error::InvalidBody { status, body: body.to_owned(), detail };
    let value: Value = serde_json::from_str(body).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let Value::Object(object) = &value else { return Err(invalid("JSON, but not an object".to_owned())) };
    let text = |v: &Value, key: &str| v.get(key).and_then(as_text);
    let payload = match gw.envelope {
        Envelope::Top => {
            if let Some(e @ Value::Object(_)) = object.get("error_response") {
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
            object.get(api.response_key).unwrap_or(&value)
        }
        Envelope::CodeMessageData => {
            if !is_success_code(object.get("code")) {
                return Err(Error::Gateway(Box::new(GatewayError {
                    code: text(&value, "code"),
                    message: text(&value, "message"),
                    trace_id: text(&value, "trace_id"),
                    body: body.to_owned(),
                    ..GatewayError::default()
                })));
            }
            match object.get("data") {
                None | Some(Value::Null) => &Value::Object(Map::new()),
                Some(data) => data,
            }
        }
    };
    T::from_json(payload).ok_or_else(|| invalid("JSON, but the payload is not an object".to_owned()))
}

/// `code` is exactly the JSON integer 0 or the string `"0"`.
fn is_success_code(code: Option<&Value>) -> bool {
    match code {
        Some(Value::Number(n)) => (n.is_u64() || n.is_i64()) && n.to_string() == "0",
        Some(Value::String(s)) => s == "0",
        _ => false,
    }
}

/// A JSON value as text: strings unquoted, anything else as its JSON text, `null` as absent.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A value read leniently from JSON: `None` when the JSON does not fit the type.
pub trait FromJson: Sized {
    /// This value from `json`, or `None` when it does not fit.
    fn from_json(json: &Value) -> Option<Self>;
}

/// Text: a JSON string, or a JSON number kept as its exact digits.
impl FromJson for String {
    fn from_json(json: &Value) -> Option<Self> {
        match json {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// A 64-bit integer: a JSON integer, or a string of digits (optionally signed), exactly.
impl FromJson for i64 {
    fn from_json(json: &Value) -> Option<Self> {
        match json {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// A JSON boolean only.
impl FromJson for bool {
    fn from_json(json: &Value) -> Option<Self> {
        json.as_bool()
    }
}

/// Any JSON.
impl FromJson for Value {
    fn from_json(json: &Value) -> Option<Self> {
        Some(json.clone())
    }
}

/// A JSON array whose every item fits.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Value) -> Option<Self> {
        json.as_array()?.iter().map(T::from_json).collect()
    }
}

/// Takes the known field `key` out of `fields` when its value fits `T`; a value that does not fit
/// stays in `fields` (the `extra` map) as it arrived; `null` counts as absent.
pub fn take<T: FromJson>(fields: &mut Map<String, Value>, key: &str) -> Option<T> {
    let value = match fields.get(key)? {
        Value::Null => None,
        v => Some(T::from_json(v)?),
    };
    fields.remove(key);
    value
}

/// `Deserialize` for a generated struct: any JSON object, read with [`FromJson`].
pub fn deserialize_object<'de, T: FromJson, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    T::from_json(&value).ok_or_else(|| serde::de::Error::custom("expected a JSON object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn success_code_is_integer_zero_or_string_zero() {
        for ok in ["0", "\"0\""] {
            assert!(is_success_code(Some(&json(ok))), "{ok}");
        }
        for not in ["false", "0.0", "\"ok\"", "null", "1", "\" 0\"", "[0]"] {
            assert!(!is_success_code(Some(&json(not))), "{not}");
        }
        assert!(!is_success_code(None));
    }

    #[test]
    fn misfits_stay_in_the_map() {
        let mut fields = json(r#"{"is_success":"true","status":3,"n":"12","s":12,"z":null}"#).as_object().unwrap().clone();
        assert_eq!(take::<bool>(&mut fields, "is_success"), None);
        assert_eq!(take::<String>(&mut fields, "status").as_deref(), Some("3"));
        assert_eq!(take::<i64>(&mut fields, "n"), Some(12));
        assert_eq!(take::<String>(&mut fields, "s").as_deref(), Some("12"));
        assert_eq!(take::<bool>(&mut fields, "z"), None);
        assert_eq!(take::<i64>(&mut fields, "missing"), None);
        assert_eq!(Value::Object(fields), json(r#"{"is_success":"true"}"#));
    }

    #[test]
    fn numbers_beyond_64_bits() {
        assert_eq!(String::from_json(&json("123456789012345678901234567890")).as_deref(), Some("123456789012345678901234567890"));
        assert_eq!(i64::from_json(&json("9223372036854775808")), None);
        assert_eq!(i64::from_json(&json("1.5")), None);
        assert_eq!(i64::from_json(&json("\"-42\"")), Some(-42));
    }
}
