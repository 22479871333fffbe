//! Transport failures injected by the mock (`POST /__mock/faults`): each becomes its own error
//! kind in bounded time, and a refund write is never sent twice.

mod common;

use std::time::{Duration, Instant};

use common::{negotiate_request, top_config};
use serde_json::json;
use taobao_top::{BlockingClient, Client, Error, ErrorKind};
use topgen_e2e_rust::MockGateway;
use topgen_e2e_rust::samples::{OUTCOME_UNKNOWN, SESSION, TOP_SECRET, canned_body_text};

const TIMEOUT: Duration = Duration::from_secs(1);
/// How long the mock holds each answer: well past the client's timeout.
const SLEEP_MS: u64 = 4000;

fn sleep_fault(mock: &MockGateway) {
    // Three sleeping answers: a retry, were there one, would also hang and show up in the records.
    mock.fault(json!({"mode": "sleep", "ms": SLEEP_MS, "count": 3}));
}

fn assert_timeout(error: &Error, elapsed: Duration, mock: &MockGateway) {
    assert!(
        elapsed < TIMEOUT + Duration::from_secs(2),
        "took {elapsed:?}"
    );
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert!(
        matches!(
            error,
            Error::Timeout {
                outcome_unknown: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains(OUTCOME_UNKNOWN), "{error}");
    assert!(!format!("{error} {error:?}").contains(TOP_SECRET));
    // retries(2) may repeat failures before sending, never a refund write after it.
    assert_eq!(
        mock.requests().len(),
        1,
        "a refund write that timed out must not be sent again"
    );
}

#[test]
fn timeout_says_the_outcome_is_unknown_and_is_not_retried_blocking() {
    let mock = MockGateway::start();
    sleep_fault(&mock);
    let client =
        BlockingClient::new(top_config(&mock, TOP_SECRET).timeout(TIMEOUT).retries(2)).unwrap();
    let started = Instant::now();
    let error = client
        .execute(&negotiate_request(), Some(SESSION))
        .unwrap_err();
    assert_timeout(&error, started.elapsed(), &mock);
}

#[tokio::test]
async fn timeout_says_the_outcome_is_unknown_and_is_not_retried_async() {
    let mock = MockGateway::start();
    sleep_fault(&mock);
    let client = Client::new(top_config(&mock, TOP_SECRET).timeout(TIMEOUT).retries(2)).unwrap();
    let started = Instant::now();
    let error = client
        .execute(&negotiate_request(), Some(SESSION))
        .await
        .unwrap_err();
    assert_timeout(&error, started.elapsed(), &mock);
}

#[test]
fn closed_connection_is_a_connection_error() {
    let mock = MockGateway::start();
    mock.fault(json!({"mode": "close"}));
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET).retries(2)).unwrap();
    let error = client
        .execute(&negotiate_request(), Some(SESSION))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection, "{error:?}");
    assert!(error.to_string().contains(OUTCOME_UNKNOWN), "{error}");
    assert_eq!(
        mock.requests().len(),
        1,
        "a refund write whose connection broke must not be sent again"
    );
}

#[test]
fn html_502_is_an_http_status_error_with_the_page() {
    let mock = MockGateway::start();
    mock.fault(json!({"mode": "html502"}));
    let error = BlockingClient::new(top_config(&mock, TOP_SECRET))
        .unwrap()
        .execute(&negotiate_request(), Some(SESSION))
        .unwrap_err();
    match &error {
        Error::HttpStatus { status, body } => {
            assert_eq!(*status, 502);
            assert!(
                body.starts_with("<html>") || body.starts_with("<!DOCTYPE"),
                "{body}"
            );
            assert!(body.contains("502 Bad Gateway"), "{body}");
        }
        other => panic!("expected an http_status error, got {other:?}"),
    }
    assert_eq!(error.kind().as_str(), "http_status");
}

#[test]
fn truncated_body_is_an_invalid_body_error() {
    let mock = MockGateway::start();
    mock.fault(json!({"mode": "truncate"}));
    let error = BlockingClient::new(top_config(&mock, TOP_SECRET))
        .unwrap()
        .execute(&negotiate_request(), Some(SESSION))
        .unwrap_err();
    let whole = canned_body_text("top", "taobao.refund.negotiatereturn");
    match &error {
        Error::InvalidBody { status, body, .. } => {
            assert_eq!(*status, 200);
            assert_eq!(
                body.as_str(),
                &whole[..whole.len() / 2],
                "the mock sends half the body"
            );
        }
        other => panic!("expected an invalid_body error, got {other:?}"),
    }
    assert_eq!(error.kind().as_str(), "invalid_body");
    assert_eq!(mock.requests().len(), 1);
}
