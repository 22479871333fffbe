//! Response parsing: the gateway's envelope, its errors, and the lenient reading of typed
//! responses (string fields accept JSON numbers with their exact digits, int64 fields accept digit
//! strings, lists may come wrapped as `{"item": [...]}`, a known field whose value does not fit
//! its type stays in `extra` as it arrived).

use super::config::{ApiInfo, Envelope, GatewayConfig};
use super::error::{Error, GatewayError};
use super::json::{self, Json, Map};

/// Reads an HTTP answer: non-2xx → `http_status`, not JSON → `invalid_body`, else [`parse_body`].
pub fn parse_http<T: FromJson>(
    gw: &GatewayConfig,
    api: &ApiInfo,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::HttpStatus {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
        });
    }
    parse_bytes(gw, api, status, body)
}

/// Reads a response body in the gateway's envelope into the typed response or a gateway error.
pub fn parse_body<T: FromJson>(
    gw: &GatewayConfig,
    api: &ApiInfo,
    status: u16,
    body: &str,
) -> Result<T, Error> {
    parse_bytes(gw, api, status, body.as_bytes())
}

fn parse_bytes<T: FromJson>(
    gw: &GatewayConfig,
    api: &ApiInfo,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let invalid = |detail: String| Error::InvalidBody {
        status,
        body: String::from_utf8_lossy(body).into_owned(),
        detail,
        source: None,
    };
    let Json::Object(mut object) = json::parse_bytes(body).map_err(invalid)? else {
        return Err(invalid("JSON, but not an object".to_owned()));
    };
    let raw = || String::from_utf8_lossy(body).into_owned();
    let text = |map: &Map, key: &str| map.get(key).and_then(as_text);
    let payload = match gw.envelope {
        Envelope::Top => {
            if let Some(Json::Object(e)) = object.get("error_response") {
                return Err(Error::Gateway(Box::new(GatewayError {
                    code: text(e, "code"),
                    msg: text(e, "msg"),
                    sub_code: text(e, "sub_code"),
                    sub_msg: text(e, "sub_msg"),
                    request_id: text(e, "request_id"),
                    body: raw(),
                    ..GatewayError::default()
                })));
            }
            match object.remove(api.response_key) {
                Some(payload) => payload,
                None => Json::Object(object),
            }
        }
        Envelope::CodeMessageData => {
            if !is_success_code(object.get("code")) {
                return Err(Error::Gateway(Box::new(GatewayError {
                    code: text(&object, "code"),
                    message: text(&object, "message"),
                    trace_id: text(&object, "trace_id"),
                    body: raw(),
                    ..GatewayError::default()
                })));
            }
            match object.remove("data") {
                None | Some(Json::Null) => Json::Object(Map::new()),
                Some(data) => data,
            }
        }
    };
    T::from_json(payload).map_err(|_| invalid("JSON, but the payload is not an object".to_owned()))
}

/// `code` is exactly the JSON integer 0 or the string `"0"`.
fn is_success_code(code: Option<&Json>) -> bool {
    match code {
        Some(Json::Number(n)) => &**n == "0" || &**n == "-0",
        Some(Json::String(s)) => s == "0",
        _ => false,
    }
}

/// A JSON value as text: strings unquoted, anything else as its JSON text, `null` as absent.
fn as_text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A value read leniently from JSON.
pub trait FromJson: Sized {
    /// Whether `json` fits this type (then [`FromJson::from_json`] succeeds).
    fn fits(json: &Json) -> bool;
    /// This value from `json`, or `json` back unchanged when it does not fit.
    fn from_json(json: Json) -> Result<Self, Json>;
}

/// A value written back as JSON (wire names, only the fields that are set, extras merged in).
pub trait ToJson {
    /// This value as JSON.
    fn to_json(&self) -> Json;
}

/// Text: a JSON string, or a JSON number kept as its exact digits.
impl FromJson for String {
    fn fits(json: &Json) -> bool {
        matches!(json, Json::String(_) | Json::Number(_))
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        match json {
            Json::String(s) => Ok(s),
            Json::Number(n) => Ok(n.into()),
            other => Err(other),
        }
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

fn int64(json: &Json) -> Option<i64> {
    match json {
        Json::Number(n) => n.parse().ok(),
        Json::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A 64-bit integer: a JSON integer, or a string of digits (optionally signed), exactly.
impl FromJson for i64 {
    fn fits(json: &Json) -> bool {
        int64(json).is_some()
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        int64(&json).ok_or(json)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Json {
        Json::from(*self)
    }
}

/// A JSON boolean only.
impl FromJson for bool {
    fn fits(json: &Json) -> bool {
        matches!(json, Json::Bool(_))
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        match json {
            Json::Bool(b) => Ok(b),
            other => Err(other),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

/// Any JSON.
impl FromJson for Json {
    fn fits(_: &Json) -> bool {
        true
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        Ok(json)
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

/// The items of a list as TOP sends it: a JSON array, an object with one member holding the
/// array (`{"order": [...]}`, simplify off), or an empty object (an empty list).
fn list_items(json: &Json) -> Option<&[Json]> {
    match json {
        Json::Array(items) => Some(items),
        Json::Object(map) if map.is_empty() => Some(&[]),
        Json::Object(map) if map.len() == 1 => match map.iter().next() {
            Some((_, Json::Array(items))) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

/// A list in any of TOP's shapes whose every item fits.
impl<T: FromJson> FromJson for Vec<T> {
    fn fits(json: &Json) -> bool {
        list_items(json).is_some_and(|items| items.iter().all(T::fits))
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        if !Self::fits(&json) {
            return Err(json);
        }
        let items = match json {
            Json::Array(items) => items,
            Json::Object(map) => match map.into_entries().pop() {
                Some((_, Json::Array(items))) => items,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        Ok(items
            .into_iter()
            .filter_map(|item| T::from_json(item).ok())
            .collect())
    }
}

/// Written back as a plain array.
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// Reads member `key` into `slot`: `null` leaves it unset, a value that does not fit stays in
/// `extra` as it arrived.
#[doc(hidden)]
pub fn read_field<T: FromJson>(slot: &mut Option<T>, extra: &mut Map, key: String, value: Json) {
    *slot = None;
    if value == Json::Null {
        return;
    }
    match T::from_json(value) {
        Ok(v) => *slot = Some(v),
        Err(raw) => extra.push_new(key, raw),
    }
}

/// Writes `value` under `key` when it is set.
#[doc(hidden)]
pub fn write_field<T: ToJson>(map: &mut Map, key: &str, value: &Option<T>) {
    if let Some(v) = value {
        map.push_new(key.to_owned(), v.to_json());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        Json::parse(text).unwrap()
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
    fn lists_come_plain_wrapped_or_empty() {
        for text in [r#"["1",2]"#, r#"{"string":["1",2]}"#] {
            assert_eq!(
                Vec::<String>::from_json(json(text)),
                Ok(vec!["1".to_owned(), "2".to_owned()]),
                "{text}"
            );
        }
        assert_eq!(Vec::<i64>::from_json(json("{}")), Ok(vec![]));
        for misfit in [r#"{"a":[1],"b":[2]}"#, r#"{"a":1}"#, r#"[true]"#, "7"] {
            assert_eq!(
                Vec::<i64>::from_json(json(misfit)),
                Err(json(misfit)),
                "{misfit}"
            );
        }
        assert_eq!(
            Vec::<Vec<i64>>::from_json(json(r#"{"x":[{"y":[1]},[2]]}"#)),
            Ok(vec![vec![1], vec![2]])
        );
    }

    #[test]
    fn numbers_beyond_64_bits() {
        assert_eq!(
            String::from_json(json("123456789012345678901234567890")).unwrap(),
            "123456789012345678901234567890"
        );
        assert!(i64::from_json(json("9223372036854775808")).is_err());
        assert!(i64::from_json(json("1.5")).is_err());
        assert_eq!(i64::from_json(json("\"-42\"")), Ok(-42));
    }
}
