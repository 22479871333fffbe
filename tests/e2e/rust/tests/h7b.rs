//! H7B end to end: the generated `h7b-taobao` client against the mock — the proof travels as
//! base64 text in a signed form field, given as raw bytes or as base64 — and a wrong secret.

mod common;

use base64::Engine as _;
use common::{h7b_config, h7b_refuse_request};
use h7b_taobao::{BlockingClient, Client, Error, File};
use topgen_e2e_rust::MockGateway;
use topgen_e2e_rust::samples::{H7B_SECRET, SELLER_NICK, canned_body, png, sha256};

const API: &str = "taobao.refund.refuse";

/// The typed `data` equals the mock's canned answer, and the mock got the proof as base64 text.
fn assert_refused(
    response: &h7b_taobao::refund_refuse::RefundRefuseResponse,
    mock: &MockGateway,
    proof: &[u8],
) {
    let data = &canned_body("h7b", API)["data"];
    assert_eq!(response.is_success, data["is_success"].as_bool());
    assert_eq!(response.request_id.as_deref(), data["request_id"].as_str());
    let refund = response.refund.as_ref().expect("the typed refund");
    assert_eq!(
        refund.refund_id.as_deref(),
        data["refund"]["refund_id"].as_str()
    );
    assert_eq!(
        refund.modified.map(|t| t.to_string()).as_deref(),
        data["refund"]["modified"].as_str()
    );
    assert_eq!(
        refund.status.as_ref().map(|s| s.as_str()),
        data["refund"]["status"].as_str()
    );

    let records = mock.requests();
    assert_eq!(records.len(), 1, "{records:?}");
    let record = &records[0];
    assert_eq!(
        (record.sign_valid(), record.code()),
        (Some(true), 0),
        "{record:?}"
    );
    assert_eq!(record.0["path"], "/gateway/taobao/refund/refuse");
    assert!(
        record.files().is_empty(),
        "H7B takes the proof as a form field"
    );
    let sent = record
        .param("refuse_proof")
        .expect("the proof as a text parameter");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(sent)
            .unwrap(),
        proof
    );
    assert_eq!(record.param("tb_seller_nick"), Some("***")); // the session parameter, masked by the mock
    assert_eq!(record.0["session_sha256"], sha256(SELLER_NICK.as_bytes()));
}

#[test]
fn refuse_with_proof_bytes_and_with_proof_base64() {
    let mock = MockGateway::start();
    let proof = png(4096);
    let client = BlockingClient::new(h7b_config(&mock, H7B_SECRET)).unwrap();
    let given = [
        ("raw bytes", File::from_bytes("proof.png", proof.clone())),
        (
            "base64 text",
            File::from_base64(
                "proof.png",
                base64::engine::general_purpose::STANDARD.encode(&proof),
            ),
        ),
    ];
    for (how, file) in given {
        mock.reset();
        let mut req = h7b_refuse_request();
        req.set_refuse_proof(file);
        let response = client
            .execute(&req, Some(SELLER_NICK))
            .unwrap_or_else(|e| panic!("{how}: {e}"));
        assert_refused(&response, &mock, &proof);
    }
}

#[tokio::test]
async fn refuse_with_proof_async() {
    let mock = MockGateway::start();
    let proof = png(1024);
    let mut req = h7b_refuse_request();
    req.set_refuse_proof(File::from_bytes("proof.png", proof.clone()));
    let response = Client::new(h7b_config(&mock, H7B_SECRET))
        .unwrap()
        .execute(&req, Some(SELLER_NICK))
        .await
        .unwrap();
    assert_refused(&response, &mock, &proof);
}

fn assert_h7b_invalid_signature(error: &Error, wrong: &str) {
    let gateway = error
        .gateway()
        .unwrap_or_else(|| panic!("a gateway error, got {error:?}"));
    assert_eq!(gateway.code.as_deref(), Some("25"), "{gateway:?}");
    assert_eq!(gateway.message.as_deref(), Some("Invalid signature"));
    assert!(gateway.trace_id.is_some(), "{gateway:?}");
    let raw: serde_json::Value =
        serde_json::from_str(&gateway.body).expect("the raw body is the gateway's JSON");
    assert_eq!(raw["code"], 25);
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(
            !text.contains(wrong) && !text.contains(H7B_SECRET),
            "a secret leaked: {text}"
        );
    }
}

#[test]
fn wrong_secret_is_the_h7b_error_25_blocking() {
    let mock = MockGateway::start();
    let wrong = "not-the-secret-42";
    let client = BlockingClient::new(h7b_config(&mock, wrong)).unwrap();
    assert!(!format!("{client:?}").contains(wrong));
    let error = client
        .execute(&h7b_refuse_request(), Some(SELLER_NICK))
        .unwrap_err();
    assert_h7b_invalid_signature(&error, wrong);
    let records = mock.requests();
    assert_eq!((records.len(), records[0].sign_valid()), (1, Some(false)));
}

#[tokio::test]
async fn wrong_secret_is_the_h7b_error_25_async() {
    let mock = MockGateway::start();
    let wrong = "not-the-secret-42";
    let error = Client::new(h7b_config(&mock, wrong))
        .unwrap()
        .execute(&h7b_refuse_request(), Some(SELLER_NICK))
        .await
        .unwrap_err();
    assert_h7b_invalid_signature(&error, wrong);
    assert_eq!(mock.requests().len(), 1);
}
