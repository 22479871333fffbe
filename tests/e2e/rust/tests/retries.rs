//! The retry rule of docs/runtime-contract.md ("Retries") against the mock: the gateway's code 7
//! (throttled before the API ran) and a refused connection (nothing sent) are retried even for a
//! refund write, after waiting `base × 2^k` (1 s for code 7, 200 ms for `connect`). Every wait is
//! bounded.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{PROMPT, h7b_config, h7b_refuse_request, top_config, top_refuse_request};
use serde_json::json;
use taobao_top::{BlockingClient, Error, ErrorKind};
use topgen_e2e_rust::samples::{
    H7B_SECRET, SELLER_NICK, SESSION, TOP_APP_KEY, TOP_SECRET, canned_body,
};
use topgen_e2e_rust::{MockGateway, Record};

/// The gateway's code for a throttled call, and TOP's sub-code for it.
const THROTTLED: i64 = 7;
const THROTTLED_SUB_CODE: &str = "accesscontrol.limited-by-app-api-access-count";
/// The contract's base delay before retrying a throttled call.
const THROTTLE_BASE: Duration = Duration::from_secs(1);

/// The next gateway request gets code 7 without running the API.
fn throttle_once(mock: &MockGateway) {
    mock.fault(json!({"mode": "throttle", "count": 1}));
}

/// The mock saw a throttled attempt, then one that ran; both correctly signed.
fn assert_throttled_then_served(records: &[Record]) {
    assert_eq!(
        records.len(),
        2,
        "one throttled attempt and one retry: {records:?}"
    );
    assert_eq!(
        (records[0].sign_valid(), records[0].code()),
        (Some(true), THROTTLED),
        "{:?}",
        records[0]
    );
    assert_eq!(
        (records[1].sign_valid(), records[1].code()),
        (Some(true), 0),
        "{:?}",
        records[1]
    );
}

fn assert_waited_for_the_throttle(elapsed: Duration) {
    assert!(
        elapsed >= THROTTLE_BASE,
        "the retry came after {elapsed:?}, before the 1 s back-off"
    );
    assert!(elapsed < THROTTLE_BASE + PROMPT, "took {elapsed:?}");
}

#[test]
fn a_throttled_refund_write_is_retried_after_one_second() {
    let mock = MockGateway::start();
    throttle_once(&mock);
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET).retries(1)).unwrap();

    let started = Instant::now();
    let response = client
        .execute(&top_refuse_request(), Some(SESSION))
        .unwrap();
    assert_waited_for_the_throttle(started.elapsed());

    let canned = &canned_body("top", "taobao.refund.refuse")["refund_refuse_response"];
    assert_eq!(response.is_success, Some(true));
    assert_eq!(
        response.request_id.as_deref(),
        canned["request_id"].as_str()
    );
    assert_throttled_then_served(&mock.requests());
}

#[test]
fn without_retries_the_throttle_is_a_gateway_error() {
    let mock = MockGateway::start();
    throttle_once(&mock);
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();

    let started = Instant::now();
    let error = client
        .execute(&top_refuse_request(), Some(SESSION))
        .unwrap_err();
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());

    assert_eq!(error.kind(), ErrorKind::Gateway, "{error:?}");
    let gateway = error.gateway().expect("the gateway's error");
    assert_eq!(gateway.code.as_deref(), Some("7"), "{gateway:?}");
    assert_eq!(
        gateway.msg.as_deref(),
        Some("App Call Limited"),
        "{gateway:?}"
    );
    assert_eq!(
        gateway.sub_code.as_deref(),
        Some(THROTTLED_SUB_CODE),
        "{gateway:?}"
    );
    assert!(gateway.is_throttled());
    let records = mock.requests();
    assert_eq!(records.len(), 1, "retries = 0 sends once: {records:?}");
    assert_eq!(records[0].code(), THROTTLED);
}

#[test]
fn a_refused_connection_is_retried_with_doubling_waits() {
    // A port nobody listens on: bound by the system, noted, closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = taobao_top::ClientConfig::new(TOP_APP_KEY, TOP_SECRET)
        .url(format!("http://127.0.0.1:{port}/router/rest"))
        .connect_timeout(PROMPT)
        .timeout(PROMPT)
        .retries(2);
    let client = BlockingClient::new(config).unwrap();

    let started = Instant::now();
    let error = client
        .execute(&top_refuse_request(), Some(SESSION))
        .unwrap_err();
    let elapsed = started.elapsed();

    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    // Two retries: 200 ms before the first, 400 ms before the second.
    assert!(
        elapsed >= Duration::from_millis(600),
        "gave up after {elapsed:?}, before two retries"
    );
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(!format!("{error} {error:?}").contains(TOP_SECRET));
}

#[tokio::test]
async fn a_throttled_h7b_refusal_is_retried_after_one_second() {
    let mock = MockGateway::start();
    throttle_once(&mock);
    let client = h7b_taobao::Client::new(h7b_config(&mock, H7B_SECRET).retries(1)).unwrap();

    let started = Instant::now();
    let response = client
        .execute(&h7b_refuse_request(), Some(SELLER_NICK))
        .await
        .unwrap();
    assert_waited_for_the_throttle(started.elapsed());

    let data = &canned_body("h7b", "taobao.refund.refuse")["data"];
    assert_eq!(response.is_success, data["is_success"].as_bool());
    assert_eq!(response.request_id.as_deref(), data["request_id"].as_str());
    let records = mock.requests();
    assert_throttled_then_served(&records);
    assert!(
        records
            .iter()
            .all(|r| r.0["path"] == "/gateway/taobao/refund/refuse"),
        "{records:?}"
    );
}
