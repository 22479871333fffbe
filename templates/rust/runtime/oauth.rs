//! OAuth: how a seller's session key is obtained and refreshed.
//!
//! [`OAuth`] builds the authorize URL the seller opens and the token request for the code the
//! seller's browser brings back; `exchange_code` on a client sends it, and `refresh_token` calls
//! `taobao.top.auth.token.refresh`. Both answer a typed [`Token`]. The secret travels only in the
//! token request's body and is never printed; neither are the tokens.

use std::fmt;

use super::config::{ApiInfo, ApiRequest};
use super::error::{Error, GatewayError};
use super::form;
use super::json::{self, Json, Map};
use super::response::{self, FromJson};
use super::validate::Checker;
use super::wire::Params;

/// The production OAuth server.
pub const OAUTH_URL: &str = "https://oauth.taobao.com";

/// The sandbox OAuth server.
pub const OAUTH_SANDBOX_URL: &str = "https://oauth.tbsandbox.com";

/// What a refused refresh adds to the gateway's message.
pub const REFRESH_REFUSED: &str =
    "refresh is only allowed for apps sold on the Taobao service market (服务市场)";

/// The OAuth server of an app: its key, its secret and the server's base URL.
#[derive(Clone)]
pub struct OAuth {
    app_key: String,
    secret: String,
    base_url: String,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("app_key", &self.app_key)
            .field("secret", &"***")
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// A token request ready for any transport: `POST` [`body`](Self::body) to [`url`](Self::url)
/// as [`CONTENT_TYPE`](Self::CONTENT_TYPE). `Debug` leaves out the body (it carries the secret).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// `{base}/token`.
    pub url: String,
    /// `grant_type=authorization_code&code=…&client_id=…&client_secret=…&redirect_uri=…`.
    pub body: Vec<u8>,
}

impl TokenRequest {
    /// The body's content type.
    pub const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded;charset=utf-8";
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl OAuth {
    /// The production server ([`OAUTH_URL`]) for this app.
    pub fn new(app_key: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            app_key: app_key.into(),
            secret: secret.into(),
            base_url: OAUTH_URL.to_owned(),
        }
    }

    /// Another server: [`OAUTH_SANDBOX_URL`], or any URL (a mock).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}/{path}", self.base_url.trim_end_matches('/'))
    }

    /// The page the seller opens to authorize the app:
    /// `{base}/authorize?response_type=code&client_id=…&redirect_uri=…&state=…[&view=…]`.
    pub fn authorize_url(&self, redirect_uri: &str, state: &str, view: Option<&str>) -> String {
        let mut query = vec![
            ("response_type", "code"),
            ("client_id", &self.app_key),
            ("redirect_uri", redirect_uri),
            ("state", state),
        ];
        query.extend(view.map(|v| ("view", v)));
        format!("{}?{}", self.endpoint("authorize"), form::encode(&query))
    }

    /// The request that exchanges the `code` the seller's browser brought back for a token.
    pub fn token_request(&self, code: &str, redirect_uri: &str) -> TokenRequest {
        let body = form::encode(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", &self.app_key),
            ("client_secret", &self.secret),
            ("redirect_uri", redirect_uri),
        ]);
        TokenRequest {
            url: self.endpoint("token"),
            body: body.into_bytes(),
        }
    }

    /// Reads the token server's answer: a token, or `{"error": …, "error_description": …}` as a
    /// gateway error (`code` = `error`, `msg` = `error_description`).
    pub fn parse_token(status: u16, body: &[u8]) -> Result<Token, Error> {
        let raw = || String::from_utf8_lossy(body).into_owned();
        let value = json::parse_bytes(body);
        if let Ok(Json::Object(object)) = &value
            && object.get("error").is_some()
        {
            let text = |key: &str| match object.get(key) {
                None | Some(Json::Null) => None,
                Some(Json::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            };
            return Err(Error::Gateway(Box::new(GatewayError {
                code: text("error"),
                msg: text("error_description"),
                body: raw(),
                ..GatewayError::default()
            })));
        }
        if !(200..300).contains(&status) {
            return Err(Error::HttpStatus {
                status,
                body: raw(),
            });
        }
        let invalid = |detail: String| Error::InvalidBody {
            status,
            body: raw(),
            detail,
            source: None,
        };
        Token::from_json(value.map_err(invalid)?)
            .map_err(|_| invalid("JSON, but not an object".to_owned()))
    }
}

/// A session key and what the OAuth server says about it. Durations are seconds. `Debug` shows
/// the tokens as `***`.
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Token {
    /// The session key: the second argument of `execute`.
    pub access_token: Option<String>,
    /// `Bearer`.
    pub token_type: Option<String>,
    /// Seconds the session key lives.
    pub expires_in: Option<i64>,
    /// Exchanged for a new session key by `refresh_token`.
    pub refresh_token: Option<String>,
    /// Seconds the refresh token lives.
    pub re_expires_in: Option<i64>,
    /// Seconds the R1 (read) permission lives.
    pub r1_expires_in: Option<i64>,
    /// Seconds the R2 permission lives.
    pub r2_expires_in: Option<i64>,
    /// Seconds the W1 (write) permission lives.
    pub w1_expires_in: Option<i64>,
    /// Seconds the W2 permission lives.
    pub w2_expires_in: Option<i64>,
    /// The seller's user id, exact digits (text even when the JSON has a number).
    pub taobao_user_id: Option<String>,
    /// The seller's nick, URL-decoded.
    pub taobao_user_nick: Option<String>,
    /// The sub-account's user id, exact digits.
    pub sub_taobao_user_id: Option<String>,
    /// The sub-account's nick, URL-decoded.
    pub sub_taobao_user_nick: Option<String>,
    /// Fields this version does not know, kept as they arrived.
    pub extra: Map,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |t: &Option<String>| t.as_ref().map(|_| "***");
        f.debug_struct("Token")
            .field("access_token", &masked(&self.access_token))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &masked(&self.refresh_token))
            .field("re_expires_in", &self.re_expires_in)
            .field("taobao_user_id", &self.taobao_user_id)
            .field("taobao_user_nick", &self.taobao_user_nick)
            .field("sub_taobao_user_id", &self.sub_taobao_user_id)
            .field("sub_taobao_user_nick", &self.sub_taobao_user_nick)
            .finish_non_exhaustive()
    }
}

impl FromJson for Token {
    fn fits(json: &Json) -> bool {
        matches!(json, Json::Object(_))
    }

    fn from_json(json: Json) -> Result<Self, Json> {
        let Json::Object(map) = json else {
            return Err(json);
        };
        let mut t = Self::default();
        for (key, value) in map.into_entries() {
            let extra = &mut t.extra;
            match key.as_str() {
                "access_token" => response::read_field(&mut t.access_token, extra, key, value),
                "token_type" => response::read_field(&mut t.token_type, extra, key, value),
                "expires_in" => response::read_field(&mut t.expires_in, extra, key, value),
                "refresh_token" => response::read_field(&mut t.refresh_token, extra, key, value),
                "re_expires_in" => response::read_field(&mut t.re_expires_in, extra, key, value),
                "r1_expires_in" => response::read_field(&mut t.r1_expires_in, extra, key, value),
                "r2_expires_in" => response::read_field(&mut t.r2_expires_in, extra, key, value),
                "w1_expires_in" => response::read_field(&mut t.w1_expires_in, extra, key, value),
                "w2_expires_in" => response::read_field(&mut t.w2_expires_in, extra, key, value),
                "taobao_user_id" => response::read_field(&mut t.taobao_user_id, extra, key, value),
                "taobao_user_nick" => {
                    response::read_field(&mut t.taobao_user_nick, extra, key, value)
                }
                "sub_taobao_user_id" => {
                    response::read_field(&mut t.sub_taobao_user_id, extra, key, value)
                }
                "sub_taobao_user_nick" => {
                    response::read_field(&mut t.sub_taobao_user_nick, extra, key, value)
                }
                _ => extra.push_new(key, value),
            }
        }
        for nick in [&mut t.taobao_user_nick, &mut t.sub_taobao_user_nick] {
            if let Some(text) = nick.as_mut() {
                *text = percent_decode(text);
            }
        }
        Ok(t)
    }
}

/// `%XX` sequences decoded as UTF-8 (`+` stays `+`); text that does not decode stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// `taobao.top.auth.token.refresh`: a new session key for a refresh token.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRefreshRequest {
    /// The refresh token of the [`Token`] to renew.
    pub refresh_token: String,
}

impl fmt::Debug for TokenRefreshRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRefreshRequest")
            .field("refresh_token", &"***")
            .finish()
    }
}

/// The answer of `taobao.top.auth.token.refresh`: the token as a JSON string.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TokenRefreshResponse {
    /// The new token as JSON text (decode it with [`TokenRefreshResponse::token`]).
    pub token_result: Option<String>,
    /// Other fields, as they arrived.
    pub extra: Map,
}

impl FromJson for TokenRefreshResponse {
    fn fits(json: &Json) -> bool {
        matches!(json, Json::Object(_))
    }

    fn from_json(json: Json) -> Result<Self, Json> {
        let Json::Object(map) = json else {
            return Err(json);
        };
        let mut answer = Self::default();
        for (key, value) in map.into_entries() {
            match key.as_str() {
                "token_result" => {
                    response::read_field(&mut answer.token_result, &mut answer.extra, key, value)
                }
                _ => answer.extra.push_new(key, value),
            }
        }
        Ok(answer)
    }
}

impl TokenRefreshResponse {
    /// `token_result` decoded (it is a JSON string holding the token's JSON).
    pub fn token(&self) -> Result<Token, Error> {
        let text = self.token_result.as_deref().unwrap_or_default();
        let invalid = |detail: &str| Error::InvalidBody {
            status: 200,
            body: text.to_owned(),
            detail: detail.to_owned(),
            source: None,
        };
        let json = Json::parse(text).map_err(|_| invalid("token_result is not JSON"))?;
        Token::from_json(json).map_err(|_| invalid("token_result is not a JSON object"))
    }
}

impl ApiRequest for TokenRefreshRequest {
    type Response = TokenRefreshResponse;
    const API: ApiInfo = ApiInfo {
        name: "taobao.top.auth.token.refresh",
        path: None,
        response_key: "top_auth_token_refresh_response",
        session_required: false,
        idempotent: false,
    };

    fn validate(&self, _: &Checker) -> Result<(), Error> {
        if super::validate::is_blank(&self.refresh_token) {
            Err(Error::validation("refresh_token", "is required"))
        } else {
            Ok(())
        }
    }

    fn write_params(&self, params: &mut Params) -> Result<(), Error> {
        params.add("refresh_token", Some(&self.refresh_token))
    }
}

#[cfg(any(feature = "async", feature = "blocking", test))]
/// The token of a refresh answer; a gateway's refusal says when refresh is allowed at all.
fn refreshed(answer: Result<TokenRefreshResponse, Error>) -> Result<Token, Error> {
    match answer {
        Ok(answer) => answer.token(),
        Err(Error::Gateway(mut e)) if !e.is_transient() => {
            e.note = Some(REFRESH_REFUSED);
            Err(Error::Gateway(e))
        }
        Err(e) => Err(e),
    }
}

#[cfg(any(feature = "async", feature = "blocking", test))]
fn refresh_request(
    gateway_routing: super::config::Routing,
    refresh_token: &str,
) -> Result<TokenRefreshRequest, Error> {
    match gateway_routing {
        super::config::Routing::MethodParameter(_) => Ok(TokenRefreshRequest {
            refresh_token: refresh_token.to_owned(),
        }),
        super::config::Routing::Path => Err(Error::validation(
            "refresh_token",
            "this gateway has no taobao.top.auth.token.refresh",
        )),
    }
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl super::transport::Client {
    /// Exchanges the `code` the seller's browser brought back for a token, at `oauth`'s server.
    pub async fn exchange_code(
        &self,
        oauth: &OAuth,
        code: &str,
        redirect_uri: &str,
    ) -> Result<Token, Error> {
        let request = oauth.token_request(code, redirect_uri);
        let (status, body) = self
            .send_raw(
                &request.url,
                TokenRequest::CONTENT_TYPE,
                &request.body,
                false,
            )
            .await?;
        OAuth::parse_token(status, &body)
    }

    /// A new token for `refresh_token`, from `taobao.top.auth.token.refresh` (its `token_result`
    /// decoded). A refusal is a gateway error whose message adds [`REFRESH_REFUSED`].
    pub async fn refresh_token(&self, refresh_token: &str) -> Result<Token, Error> {
        let request = refresh_request(self.config().gateway.routing, refresh_token)?;
        refreshed(self.execute(&request, None).await)
    }
}

#[cfg(feature = "blocking")]
impl super::transport::BlockingClient {
    /// Exchanges the `code` the seller's browser brought back for a token, at `oauth`'s server.
    pub fn exchange_code(
        &self,
        oauth: &OAuth,
        code: &str,
        redirect_uri: &str,
    ) -> Result<Token, Error> {
        self.run(|client| client.exchange_code(oauth, code, redirect_uri))
    }

    /// A new token for `refresh_token`, from `taobao.top.auth.token.refresh` (its `token_result`
    /// decoded). A refusal is a gateway error whose message adds [`REFRESH_REFUSED`].
    pub fn refresh_token(&self, refresh_token: &str) -> Result<Token, Error> {
        let request = refresh_request(self.config().gateway.routing, refresh_token)?;
        refreshed(self.execute(&request, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oauth() -> OAuth {
        OAuth::new("12129701", "test-secret-0123").base_url("http://127.0.0.1:9/")
    }

    #[test]
    fn the_authorize_url_has_its_parameters_in_order_form_encoded() {
        assert_eq!(
            OAuth::new("12129701", "s").authorize_url("https://shop.example/cb?x=1", "a b", None),
            "https://oauth.taobao.com/authorize?response_type=code&client_id=12129701\
             &redirect_uri=https%3A%2F%2Fshop.example%2Fcb%3Fx%3D1&state=a+b"
        );
        assert_eq!(
            oauth().authorize_url("urn:cb", "s1", Some("wap")),
            "http://127.0.0.1:9/authorize?response_type=code&client_id=12129701&redirect_uri=urn%3Acb&state=s1&view=wap"
        );
    }

    #[test]
    fn the_token_request_sends_the_secret_only_in_its_body() {
        let request = OAuth::new("12129701", "test-secret-0123")
            .base_url(OAUTH_SANDBOX_URL)
            .token_request("c/1", "urn:cb");
        assert_eq!(request.url, "https://oauth.tbsandbox.com/token");
        assert_eq!(
            String::from_utf8(request.body.clone()).unwrap(),
            "grant_type=authorization_code&code=c%2F1&client_id=12129701&client_secret=test-secret-0123&redirect_uri=urn%3Acb"
        );
        for printed in [format!("{request:?}"), format!("{:?}", oauth())] {
            assert!(!printed.contains("test-secret-0123"), "{printed}");
        }
    }

    #[test]
    fn a_token_keeps_exact_ids_and_decodes_nicks() {
        let body = r#"{"access_token":"6201d2770dbfa1a88af5acfd330b6a5ZZ","token_type":"Bearer","expires_in":86400,
            "refresh_token":"6200e277b","re_expires_in":"2592000","r1_expires_in":1800,"r2_expires_in":0,
            "w1_expires_in":86400,"w2_expires_in":0,"taobao_user_id":12345678901234567890123,
            "taobao_user_nick":"%E6%B5%8B%E8%AF%95%E5%BA%97+1","sub_taobao_user_id":"2200","sub_taobao_user_nick":"%ZZ",
            "other":[1]}"#;
        let token = OAuth::parse_token(200, body.as_bytes()).unwrap();
        assert_eq!(
            token.access_token.as_deref(),
            Some("6201d2770dbfa1a88af5acfd330b6a5ZZ")
        );
        assert_eq!(
            (token.expires_in, token.re_expires_in, token.r1_expires_in),
            (Some(86400), Some(2_592_000), Some(1800))
        );
        assert_eq!(
            token.taobao_user_id.as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(token.taobao_user_nick.as_deref(), Some("测试店+1"));
        assert_eq!(token.sub_taobao_user_id.as_deref(), Some("2200"));
        assert_eq!(token.sub_taobao_user_nick.as_deref(), Some("%ZZ"));
        assert_eq!(token.extra.get("other"), Some(&Json::parse("[1]").unwrap()));
        let printed = format!("{token:?}");
        assert!(
            !printed.contains("6201d277") && !printed.contains("6200e277b"),
            "{printed}"
        );
    }

    #[test]
    fn an_oauth_error_is_a_gateway_error() {
        let body =
            r#"{"error":"invalid_client","error_description":"redirect_uri does not match"}"#;
        let error = OAuth::parse_token(401, body.as_bytes()).unwrap_err();
        let gateway = error.gateway().unwrap();
        assert_eq!(
            (gateway.code.as_deref(), gateway.msg.as_deref()),
            (Some("invalid_client"), Some("redirect_uri does not match"))
        );
        assert_eq!(
            OAuth::parse_token(502, b"<html>")
                .unwrap_err()
                .kind()
                .as_str(),
            "http_status"
        );
        assert_eq!(
            OAuth::parse_token(200, b"<html>")
                .unwrap_err()
                .kind()
                .as_str(),
            "invalid_body"
        );
    }

    #[test]
    fn a_refresh_decodes_token_result_and_explains_a_refusal() {
        let answer = TokenRefreshResponse {
            token_result: Some(
                r#"{"access_token":"new","taobao_user_id":2200000000001,"w2_expires_in":0}"#
                    .to_owned(),
            ),
            ..TokenRefreshResponse::default()
        };
        let token = refreshed(Ok(answer)).unwrap();
        assert_eq!(
            (
                token.access_token.as_deref(),
                token.taobao_user_id.as_deref()
            ),
            (Some("new"), Some("2200000000001"))
        );
        assert_eq!(token.w2_expires_in, Some(0));

        let refused = Error::Gateway(Box::new(GatewayError {
            code: Some("15".to_owned()),
            msg: Some("Remote service error".to_owned()),
            sub_code: Some("isv.refresh-not-allowed".to_owned()),
            ..GatewayError::default()
        }));
        let message = refreshed(Err(refused)).unwrap_err().to_string();
        assert!(
            message.ends_with(&format!("; {REFRESH_REFUSED}")),
            "{message}"
        );
        let throttled = Error::Gateway(Box::new(GatewayError {
            code: Some("7".to_owned()),
            ..GatewayError::default()
        }));
        assert!(
            !refreshed(Err(throttled))
                .unwrap_err()
                .to_string()
                .contains(REFRESH_REFUSED)
        );
        assert_eq!(
            refresh_request(super::super::config::Routing::Path, "r")
                .unwrap_err()
                .kind()
                .as_str(),
            "validation"
        );
    }
}
