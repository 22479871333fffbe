//! What the mock answers: canned success bodies per API, and errors in each gateway's envelope.

use std::collections::BTreeMap;

use serde_json::json;
use serde_json::value::RawValue;

use super::failure::Failure;
use crate::model::{Api, Envelope, Gateway, Model, ResponseExpect};

/// Success bodies by `(gateway name, API name)`.
#[derive(Debug, Clone, Default)]
pub struct Canned {
    bodies: BTreeMap<(String, String), String>,
}

impl Canned {
    /// The first success `response_cases` body of each API, else a minimal success.
    pub fn from_model(model: &Model) -> Self {
        let mut bodies = BTreeMap::new();
        for gateway in &model.gateways {
            for api in &gateway.apis {
                let case = api.response_cases.iter().find(|c| matches!(c.expect, ResponseExpect::Value { .. }));
                let body = case.map_or_else(|| minimal_success(gateway, api), |c| c.body.clone());
                bodies.insert((gateway.name.clone(), api.name.clone()), body);
            }
        }
        Canned { bodies }
    }

    /// Replaces the body of `key`: an API name (every gateway serving it) or `gateway/api`.
    /// Returns how many APIs it matched (0: the key names nothing the mock serves).
    pub fn set(&mut self, key: &str, body: &str) -> usize {
        let (gateway, api) = match key.split_once('/') {
            Some((g, a)) => (Some(g), a),
            None => (None, key),
        };
        let mut matched = 0;
        for ((g, a), b) in &mut self.bodies {
            if a == api && gateway.is_none_or(|want| want == g) {
                *b = body.to_string();
                matched += 1;
            }
        }
        matched
    }

    pub fn body(&self, gateway: &Gateway, api: &Api) -> &str {
        self.bodies.get(&(gateway.name.clone(), api.name.clone())).map_or("{}", String::as_str)
    }
}

fn minimal_success(gateway: &Gateway, api: &Api) -> String {
    match gateway.envelope {
        Envelope::Top => json!({ &api.response_key: { "request_id": "mock" } }).to_string(),
        Envelope::CodeMessageData => json!({ "code": 0, "message": "ok", "data": {} }).to_string(),
    }
}

/// The success body for one request. With TOP's `simplify=true`, the object under the
/// `<response_key>` wrapper is sent alone, byte for byte as canned.
pub fn success(gateway: &Gateway, api: &Api, canned: &str, simplify: bool) -> String {
    if simplify
        && gateway.envelope == Envelope::Top
        && let Ok(map) = serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(canned)
        && let Some(inner) = map.get(&api.response_key)
    {
        return inner.get().to_string();
    }
    canned.to_string()
}

/// A refusal in the gateway's envelope. `request_id` is TOP's `request_id` or H7B's `trace_id`.
pub fn error(gateway: &Gateway, failure: &Failure, request_id: &str) -> String {
    match gateway.envelope {
        Envelope::Top => {
            #[derive(serde::Serialize)]
            struct Body<'a> {
                #[serde(flatten)]
                failure: &'a Failure,
                request_id: &'a str,
            }
            #[derive(serde::Serialize)]
            struct Wrapper<'a> {
                error_response: Body<'a>,
            }
            let body = Wrapper { error_response: Body { failure, request_id } };
            serde_json::to_string(&body).expect("plain strings and numbers serialize")
        }
        Envelope::CodeMessageData => {
            json!({ "code": failure.code, "message": failure.msg, "trace_id": request_id }).to_string()
        }
    }
}
