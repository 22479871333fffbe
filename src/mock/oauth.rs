//! `/token`: the OAuth token endpoint of `oauth.taobao.com`, for clients' session-key helpers
//! (docs/runtime-contract.md, "OAuth"; shared/reference/top-platform.md). `grant_type`
//! `authorization_code` turns a single-use `code` into a token; `refresh_token` turns a refresh
//! token the mock issued into a new token. Credentials are the mock's apps (`client_id` = app
//! key, `client_secret` = its secret). Errors are RFC 6749's `{"error", "error_description"}`
//! with HTTP 400 (401 for `invalid_client`); no answer or record holds the secret, the code or a
//! token sent in.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::control::{self, MASK, Record, RecordInput};
use super::failure::Failure;
use super::form;
use super::http::{Request, Response};
use super::server::Shared;
use super::sign;
use crate::model::HexCase;

/// How long an access token lives, in seconds (a day, as for test-phase session keys).
pub const EXPIRES_IN: u64 = 86_400;
/// How long the refresh token lives (30 days).
pub const RE_EXPIRES_IN: u64 = 2_592_000;
/// The user the mock's tokens are for: an id beyond 2^53 (JSON number) and a URL-encoded nick.
pub const USER_ID: u64 = 22_066_556_789_012_345;
/// `tb测试店铺`, URL-encoded as the platform sends nicks.
pub const USER_NICK: &str = "tb%E6%B5%8B%E8%AF%95%E5%BA%97%E9%93%BA";
/// Parameters never recorded in clear.
const SECRET_PARAMETERS: [&str; 3] = ["client_secret", "code", "refresh_token"];

struct OAuthError {
    status: u16,
    error: &'static str,
    description: String,
}

fn refused(error: &'static str, description: impl Into<String>) -> OAuthError {
    let status = if error == "invalid_client" { 401 } else { 400 };
    OAuthError {
        status,
        error,
        description: description.into(),
    }
}

fn digest(text: &str) -> String {
    sign::hex_string(&Sha256::digest(text.as_bytes()), HexCase::Lower)
}

/// A token for the grant `seed` (the code or the refresh token): deterministic, so a test can
/// predict it from what it sent.
pub fn token(seed: &str) -> Value {
    let hash = digest(seed);
    json!({
        "access_token": format!("6100{}", &hash[..36]),
        "token_type": "Bearer",
        "expires_in": EXPIRES_IN,
        "refresh_token": format!("6101{}", &hash[28..64]),
        "re_expires_in": RE_EXPIRES_IN,
        "r1_expires_in": EXPIRES_IN,
        "r2_expires_in": EXPIRES_IN,
        "w1_expires_in": EXPIRES_IN,
        "w2_expires_in": 1800,
        "taobao_user_id": USER_ID,
        "taobao_user_nick": USER_NICK,
    })
}

pub fn handle(shared: &Shared, request: &Request) -> Response {
    let mut params = Vec::new();
    let parsed = form::parse_urlencoded(request.query.as_bytes(), &mut params)
        .and_then(|()| form::parse_urlencoded(&request.body, &mut params));
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let mut state = shared.state();
    let answer = (|| {
        if request.method != "POST" {
            return Err(refused(
                "invalid_request",
                format!("HTTP {} is not accepted; use POST", request.method),
            ));
        }
        parsed.clone().map_err(|e| refused("invalid_request", e))?;
        let required = |name: &'static str| {
            get(name).ok_or_else(|| refused("invalid_request", format!("{name} is required")))
        };
        let grant = required("grant_type")?;
        let client_id = required("client_id")?;
        let client_secret = required("client_secret")?;
        let known = shared
            .apps
            .iter()
            .any(|a| a.key == client_id && sign::same(a.secret(), client_secret));
        if !known {
            return Err(refused(
                "invalid_client",
                "unknown client_id, or client_secret does not match it",
            ));
        }
        match grant {
            "authorization_code" => {
                let code = required("code")?;
                required("redirect_uri")?;
                if !state.use_once(&digest(code)) {
                    return Err(refused(
                        "invalid_grant",
                        "the code has been used; authorization codes are single use",
                    ));
                }
                Ok(token(code))
            }
            "refresh_token" => {
                let refresh = required("refresh_token")?;
                if !refresh.starts_with("6101") {
                    return Err(refused(
                        "invalid_grant",
                        "refresh_token was not issued by this mock",
                    ));
                }
                Ok(token(refresh))
            }
            other => Err(refused(
                "unsupported_grant_type",
                format!(
                    "grant_type {:?}: use authorization_code or refresh_token",
                    control::clip(other)
                ),
            )),
        }
    })();
    let failure = answer
        .as_ref()
        .err()
        .map(|e| Failure::new(u32::from(e.status), e.error).detail(e.description.clone()));
    let recorded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if SECRET_PARAMETERS.contains(&k.as_str()) {
                    MASK.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    let seq = state.next_seq();
    state.record(Record::new(
        seq,
        RecordInput {
            gateway: "oauth",
            api: Some("token"),
            http_method: &request.method,
            path: &request.path,
            content_type: request.header("content-type"),
            params: &recorded,
            session_parameter: None,
            files: Vec::new(),
            sign_valid: None,
            failure: failure.as_ref(),
            fault: None,
            batch_index: None,
        },
    ));
    drop(state);
    if shared.log {
        let outcome = failure
            .as_ref()
            .map_or("token issued".to_string(), |f| f.msg.clone());
        eprintln!("topgen mock: #{seq} {} /token -> {outcome}", request.method);
    }
    match answer {
        Ok(token) => Response::json(200, token.to_string()),
        Err(e) => Response::json(
            e.status,
            json!({ "error": e.error, "error_description": e.description }).to_string(),
        ),
    }
}
