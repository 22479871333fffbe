//! What no TOP client had, against the mock (docs/runtime-contract.md "Rate-limit bans", "Sign
//! debugging", "Batch calls", "OAuth"): a ban of N seconds is waited exactly or returned at once,
//! an invalid signature says what the client signed, and batches and tokens travel as the
//! contract says. Every wait is bounded.

mod common;

use std::time::{Duration, Instant};

use common::{PROMPT, top_config, top_refuse_request};
use serde_json::json;
use taobao_top::{BlockingClient, Client, ErrorKind};
use topgen_e2e_rust::samples::{SESSION, TOP_SECRET};
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
    let response = client.execute(&top_refuse_request(), Some(SESSION)).unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(2), "the retry came after {elapsed:?}, before the 2 s ban ended");
    assert!(elapsed < Duration::from_secs(2) + PROMPT, "took {elapsed:?}");
    assert_eq!(response.is_success, Some(true));
    let codes: Vec<i64> = mock.requests().iter().map(Record::code).collect();
    assert_eq!(codes, [7, 0]);
}

#[tokio::test]
async fn a_ban_longer_than_the_maximum_is_returned_at_once_with_its_length() {
    let mock = MockGateway::start();
    ban_once(&mock, 30);
    let config = top_config(&mock, TOP_SECRET).retries(3).max_retry_delay(Duration::from_secs(10));
    let client = Client::new(config).unwrap();

    let started = Instant::now();
    let error = client.execute(&top_refuse_request(), Some(SESSION)).await.unwrap_err();
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    let gateway = error.gateway().expect("the gateway's error");
    assert!(gateway.rate_limited(), "{gateway:?}");
    assert_eq!(gateway.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(mock.requests().len(), 1, "a 30 s ban is not waited when at most 10 s are allowed");
}

/// `S` as the contract defines it, rebuilt from what the mock received (its record masks the
/// session as `***`): `key + value` of every parameter but `sign`, sorted by key.
fn received_string_to_sign(record: &Record) -> String {
    let params = record.0["params"].as_object().expect("params");
    let mut pairs: Vec<(&String, &str)> =
        params.iter().filter(|(k, _)| *k != "sign").map(|(k, v)| (k, v.as_str().unwrap_or_default())).collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs.into_iter().map(|(k, v)| format!("{k}{v}")).collect()
}

#[test]
fn an_invalid_signature_says_what_the_client_signed_with_the_session_masked() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, "not-the-secret")).unwrap();

    let error = client.execute(&top_refuse_request(), Some(SESSION)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Gateway);
    let gateway = error.gateway().unwrap();
    assert_eq!(gateway.code.as_deref(), Some("25"), "{gateway:?}");
    let records = mock.requests();
    let expected = received_string_to_sign(&records[0]);
    assert!(expected.contains("session***"), "{expected}");
    let signed = gateway.signed.as_ref().expect("what the client signed");
    assert_eq!(signed.string_to_sign, expected);
    let message = error.to_string();
    assert!(message.ends_with(&format!("; the client signed (hmac-sha256): {expected}")), "{message}");
    for text in [message, format!("{error:?}")] {
        assert!(!text.contains(SESSION) && !text.contains("not-the-secret"), "{text}");
    }
}
