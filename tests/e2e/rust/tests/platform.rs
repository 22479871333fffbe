//! What no TOP client had, against the mock (docs/runtime-contract.md "Rate-limit bans", "Sign
//! debugging", "Batch calls", "OAuth"): a ban of N seconds is waited exactly or returned at once,
//! an invalid signature says what the client signed, batches go to `/router/batch` and come back
//! per call, and a code becomes a typed token at `/token`. Every wait is bounded.

mod common;

use std::time::{Duration, Instant};

use common::{PROMPT, top_config, top_refuse_request};
use serde_json::json;
use taobao_top::oauth::OAuth;
use taobao_top::{Batch, BlockingClient, Client, ErrorKind};
use topgen_e2e_rust::samples::{SESSION, TOP_APP_KEY, TOP_SECRET};
use topgen_e2e_rust::{MockGateway, Record};

/// The next gateway request is banned for `seconds`.
fn ban_once(mock: &MockGateway, seconds: u64) {
    mock.fault(json!({"mode": "throttle", "count": 1, "seconds": seconds}));
}

#[test]
fn a_ban_of_two_seconds_is_waited_exactly_then_the_call_runs() {
    let mock = MockGateway::start();
    ban_once(&mock, 2);
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET).retries(1)).unwrap();

    let started = Instant::now();
    let response = client
        .execute(&top_refuse_request(), Some(SESSION))
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(2),
        "the retry came after {elapsed:?}, before the 2 s ban ended"
    );
    assert!(
        elapsed < Duration::from_secs(2) + PROMPT,
        "took {elapsed:?}"
    );
    assert_eq!(response.is_success, Some(true));
    let codes: Vec<i64> = mock.requests().iter().map(Record::code).collect();
    assert_eq!(codes, [7, 0]);
}

#[tokio::test]
async fn a_ban_longer_than_the_maximum_is_returned_at_once_with_its_length() {
    let mock = MockGateway::start();
    ban_once(&mock, 30);
    let config = top_config(&mock, TOP_SECRET)
        .retries(3)
        .max_retry_delay(Duration::from_secs(10));
    let client = Client::new(config).unwrap();

    let started = Instant::now();
    let error = client
        .execute(&top_refuse_request(), Some(SESSION))
        .await
        .unwrap_err();
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    let gateway = error.gateway().expect("the gateway's error");
    assert!(gateway.rate_limited(), "{gateway:?}");
    assert_eq!(gateway.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(
        mock.requests().len(),
        1,
        "a 30 s ban is not waited when at most 10 s are allowed"
    );
}

/// `S` as the contract defines it, rebuilt from what the mock received (its record masks the
/// session as `***`): `key + value` of every parameter but `sign`, sorted by key.
fn received_string_to_sign(record: &Record) -> String {
    let params = record.0["params"].as_object().expect("params");
    let mut pairs: Vec<(&String, &str)> = params
        .iter()
        .filter(|(k, _)| *k != "sign")
        .map(|(k, v)| (k, v.as_str().unwrap_or_default()))
        .collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs.into_iter().map(|(k, v)| format!("{k}{v}")).collect()
}

#[test]
fn an_invalid_signature_says_what_the_client_signed_with_the_session_masked() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, "not-the-secret")).unwrap();

    let error = client
        .execute(&top_refuse_request(), Some(SESSION))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Gateway);
    let gateway = error.gateway().unwrap();
    assert_eq!(gateway.code.as_deref(), Some("25"), "{gateway:?}");
    let records = mock.requests();
    let expected = received_string_to_sign(&records[0]);
    assert!(expected.contains("session***"), "{expected}");
    let signed = gateway.signed.as_ref().expect("what the client signed");
    assert_eq!(signed.string_to_sign, expected);
    let message = error.to_string();
    assert!(
        message.ends_with(&format!("; the client signed (hmac-sha256): {expected}")),
        "{message}"
    );
    for text in [message, format!("{error:?}")] {
        assert!(
            !text.contains(SESSION) && !text.contains("not-the-secret"),
            "{text}"
        );
    }
}

#[test]
fn a_batch_of_two_apis_answers_each_call_in_order() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();
    let (refuse, negotiate) = (top_refuse_request(), common::negotiate_request());
    let mut batch = Batch::new();
    let first = batch.add(&refuse, Some(SESSION));
    let second = batch.add(&negotiate, Some(SESSION));

    let answers = client.execute_batch(&batch).unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers.get(first).unwrap().is_success, Some(true));
    assert!(answers.get(second).is_ok(), "{:?}", answers.get(second));

    let records = mock.requests();
    let seen: Vec<(&str, i64, Option<bool>, i64)> = records
        .iter()
        .map(|r| {
            (
                r.0["path"].as_str().unwrap_or("?"),
                r.0["batch_index"].as_i64().unwrap_or(-1),
                r.sign_valid(),
                r.code(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("/router/batch", 0, Some(true), 0),
            ("/router/batch", 1, Some(true), 0)
        ],
        "{records:?}"
    );
    assert_eq!(records[0].0["api"], "taobao.refund.refuse");
    assert_eq!(records[1].0["api"], "taobao.refund.negotiatereturn");
}

#[tokio::test]
async fn a_batch_of_one_api_is_hoisted_and_sent_by_the_async_client() {
    let mock = MockGateway::start();
    let client = Client::new(top_config(&mock, TOP_SECRET)).unwrap();
    let refuse = top_refuse_request();
    let mut batch = Batch::new();
    let slots = [
        batch.add(&refuse, Some(SESSION)),
        batch.add(&refuse, Some(SESSION)),
        batch.add(&refuse, Some(SESSION)),
    ];
    let prepared = client.config().prepare_batch(&batch).unwrap();
    assert!(
        prepared
            .body_text()
            .starts_with("#PUBLIC#method=taobao.refund.refuse\r\n-S-\r\n"),
        "{}",
        prepared.body_text()
    );

    let answers = client.execute_batch(&batch).await.unwrap();
    for slot in slots {
        assert_eq!(answers.get(slot).unwrap().is_success, Some(true));
    }
    let records = mock.requests();
    assert_eq!(records.len(), 3);
    assert!(
        records
            .iter()
            .all(|r| r.sign_valid() == Some(true) && r.code() == 0),
        "{records:?}"
    );
}

#[test]
fn a_batch_signed_with_the_wrong_secret_fails_as_a_whole_and_says_what_was_signed() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, "not-the-secret")).unwrap();
    let refuse = top_refuse_request();
    let mut batch = Batch::new();
    batch.add(&refuse, Some(SESSION));
    batch.add(&refuse, Some(SESSION));

    let error = client.execute_batch(&batch).unwrap_err();
    let gateway = error.gateway().expect("the batch's own error");
    assert_eq!(gateway.code.as_deref(), Some("25"), "{gateway:?}");
    let message = error.to_string();
    assert!(
        message.contains("; the client signed (hmac-sha256): app_key"),
        "{message}"
    );
    assert!(message.contains("session=***"), "{message}");
    assert!(
        !message.contains(SESSION) && !message.contains("not-the-secret"),
        "{message}"
    );
}

#[test]
fn a_batch_with_a_file_is_refused_before_sending() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();
    let mut with_proof = top_refuse_request();
    with_proof.set_refuse_proof(taobao_top::File::from_bytes(
        "proof.png",
        topgen_e2e_rust::samples::png(2048),
    ));
    let plain = top_refuse_request();
    let mut batch = Batch::new();
    batch.add(&plain, Some(SESSION));
    batch.add(&with_proof, Some(SESSION));

    let error = client.execute_batch(&batch).unwrap_err();
    assert_eq!(
        error.to_string(),
        "calls[1]: refuse_proof: files cannot be sent in a batch call"
    );
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_code_becomes_a_token_with_its_user_id_exact_and_its_nick_decoded() {
    let mock = MockGateway::start();
    let oauth = OAuth::new(TOP_APP_KEY, TOP_SECRET).base_url(mock.url());
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();

    let token = client
        .exchange_code(&oauth, "code-1", "https://example.com/callback")
        .unwrap();
    assert!(
        token
            .access_token
            .as_deref()
            .is_some_and(|t| t.starts_with("6100")),
        "{token:?}"
    );
    assert!(
        token
            .refresh_token
            .as_deref()
            .is_some_and(|t| t.starts_with("6101")),
        "{token:?}"
    );
    assert_eq!(token.token_type.as_deref(), Some("Bearer"));
    assert_eq!(
        (token.expires_in, token.re_expires_in, token.w2_expires_in),
        (Some(86400), Some(2_592_000), Some(1800))
    );
    assert_eq!(token.taobao_user_id.as_deref(), Some("22066556789012345"));
    assert_eq!(token.taobao_user_nick.as_deref(), Some("tb测试店铺"));
    let printed = format!("{token:?}");
    assert!(
        !printed.contains("6100") && !printed.contains("6101"),
        "tokens are not printed: {printed}"
    );

    // A code is single use: the second exchange is the server's `invalid_grant`.
    let error = client
        .exchange_code(&oauth, "code-1", "https://example.com/callback")
        .unwrap_err();
    assert_eq!(
        error.gateway().and_then(|g| g.code.as_deref()),
        Some("invalid_grant"),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains(TOP_SECRET));
}

#[tokio::test]
async fn a_wrong_secret_is_invalid_client_and_never_repeated() {
    let mock = MockGateway::start();
    let oauth = OAuth::new(TOP_APP_KEY, "not-the-secret").base_url(mock.url());
    let client = Client::new(top_config(&mock, TOP_SECRET)).unwrap();
    let error = client
        .exchange_code(&oauth, "code-2", "https://example.com/callback")
        .await
        .unwrap_err();
    assert_eq!(
        error.gateway().and_then(|g| g.code.as_deref()),
        Some("invalid_client"),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("not-the-secret"));
    assert!(
        oauth
            .authorize_url("https://example.com/callback", "s", None)
            .starts_with(&format!(
                "{}/authorize?response_type=code&client_id={TOP_APP_KEY}&",
                mock.url()
            ))
    );
}

/// A one-request HTTP server on loopback: answers `body` (JSON, HTTP 200) to the first request
/// and hands back that request's body. Reads are bounded by a timeout.
fn serve_once(body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/router/rest", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(PROMPT)).unwrap();
        let mut received = Vec::new();
        let mut chunk = [0u8; 4096];
        let request_body = loop {
            let n = stream.read(&mut chunk).unwrap();
            assert!(n > 0, "the client closed before sending its whole request");
            received.extend_from_slice(&chunk[..n]);
            let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if received.len() >= end + 4 + length {
                break String::from_utf8_lossy(&received[end + 4..end + 4 + length]).into_owned();
            }
        };
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
        request_body
    });
    (url, handle)
}

fn config_at(url: &str) -> taobao_top::ClientConfig {
    taobao_top::ClientConfig::new(TOP_APP_KEY, TOP_SECRET)
        .url(url)
        .connect_timeout(PROMPT)
        .timeout(PROMPT)
}

#[test]
fn a_refresh_calls_the_refresh_api_and_decodes_its_token_result() {
    let (url, server) = serve_once(
        r#"{"top_auth_token_refresh_response":{"token_result":"{\"access_token\":\"6200new\",\"token_type\":\"Bearer\",\"expires_in\":86400,\"refresh_token\":\"6201new\",\"taobao_user_id\":22066556789012345,\"taobao_user_nick\":\"tb%E5%BA%97\"}","request_id":"r1"}}"#,
    );
    let client = BlockingClient::new(config_at(&url)).unwrap();
    let token = client.refresh_token("6101old").unwrap();
    assert_eq!(token.access_token.as_deref(), Some("6200new"));
    assert_eq!(token.refresh_token.as_deref(), Some("6201new"));
    assert_eq!(token.expires_in, Some(86400));
    assert_eq!(token.taobao_user_id.as_deref(), Some("22066556789012345"));
    assert_eq!(token.taobao_user_nick.as_deref(), Some("tb店"));
    let sent = server.join().unwrap();
    assert!(
        sent.contains("method=taobao.top.auth.token.refresh"),
        "{sent}"
    );
    assert!(sent.contains("refresh_token=6101old"), "{sent}");
}

#[tokio::test]
async fn a_refused_refresh_says_where_refresh_is_allowed() {
    let (url, server) = serve_once(
        r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.refresh-token-not-allowed","request_id":"r2"}}"#,
    );
    let client = Client::new(config_at(&url)).unwrap();
    let error = client.refresh_token("6101old").await.unwrap_err();
    assert_eq!(error.gateway().and_then(|g| g.code.as_deref()), Some("15"));
    assert!(
        error.to_string().ends_with(
            "; refresh is only allowed for apps sold on the Taobao service market (服务市场)"
        ),
        "{error}"
    );
    server.join().unwrap();
}
