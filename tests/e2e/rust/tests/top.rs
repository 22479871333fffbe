//! TOP end to end: the generated `taobao-top` client (async `Client` and `BlockingClient`) against
//! the mock — every sign method, a real multipart proof upload, and a wrong secret.

mod common;

use common::{negotiate_request, top_config, top_refuse_request};
use taobao_top::{BlockingClient, Client, Error, File, SignMethod};
use topgen_e2e_rust::samples::{SESSION, TOP_SECRET, canned_body, png, sha256};
use topgen_e2e_rust::{MockGateway, Record};

const NEGOTIATE: &str = "taobao.refund.negotiatereturn";
const SIGN_METHODS: [(SignMethod, &str); 3] = [
    (SignMethod::Md5, "md5"),
    (SignMethod::HmacMd5, "hmac"),
    (SignMethod::HmacSha256, "hmac-sha256"),
];

fn expected_request_id(api: &str, key: &str) -> String {
    canned_body("top", api)[key]["request_id"]
        .as_str()
        .expect("the canned body has a request_id")
        .to_owned()
}

/// The one request the mock saw: this API, a valid sign, answered with a success.
fn only_success(mock: &MockGateway, api: &str) -> Record {
    let records = mock.requests();
    assert_eq!(records.len(), 1, "{records:?}");
    let record = records.into_iter().next().expect("one record");
    assert_eq!(record.param("method"), Some(api));
    assert_eq!(record.sign_valid(), Some(true), "{record:?}");
    assert_eq!(record.code(), 0, "{record:?}");
    record
}

#[test]
fn negotiatereturn_succeeds_with_every_sign_method_blocking() {
    let mock = MockGateway::start();
    let expected = expected_request_id(NEGOTIATE, "refund_negotiatereturn_response");
    for (method, wire) in SIGN_METHODS {
        mock.reset();
        let client =
            BlockingClient::new(top_config(&mock, TOP_SECRET).sign_method(method)).unwrap();
        let response = client
            .execute(&negotiate_request(), Some(SESSION))
            .unwrap_or_else(|e| panic!("{wire}: {e}"));
        assert_eq!(
            response.request_id.as_deref(),
            Some(expected.as_str()),
            "{wire}"
        );
        let record = only_success(&mock, NEGOTIATE);
        assert_eq!(record.param("sign_method"), Some(wire));
        // The mock masks the session in its record and keeps its SHA-256.
        assert_eq!(record.param("session"), Some("***"));
        assert_eq!(record.0["session_sha256"], sha256(SESSION.as_bytes()));
        assert_eq!(record.param("refund_id"), Some("112233"));
        assert_eq!(
            record.param("refuse_message"),
            Some(r#"{"refuse_reason_id":112233,"refuse_message":"拒绝留言"}"#)
        );
    }
}

#[tokio::test]
async fn negotiatereturn_succeeds_with_every_sign_method_async() {
    let mock = MockGateway::start();
    let expected = expected_request_id(NEGOTIATE, "refund_negotiatereturn_response");
    for (method, wire) in SIGN_METHODS {
        mock.reset();
        let client = Client::new(top_config(&mock, TOP_SECRET).sign_method(method)).unwrap();
        let response = client
            .execute(&negotiate_request(), Some(SESSION))
            .await
            .unwrap_or_else(|e| panic!("{wire}: {e}"));
        assert_eq!(
            response.request_id.as_deref(),
            Some(expected.as_str()),
            "{wire}"
        );
        assert_eq!(
            only_success(&mock, NEGOTIATE).param("sign_method"),
            Some(wire)
        );
    }
}

#[test]
fn refuse_uploads_the_proof_as_a_multipart_file_part() {
    let mock = MockGateway::start();
    let proof = png(2048);
    let mut req = top_refuse_request();
    req.set_refuse_proof(File::from_bytes("proof.png", proof.clone()));

    let response = BlockingClient::new(top_config(&mock, TOP_SECRET))
        .unwrap()
        .execute(&req, Some(SESSION))
        .unwrap();

    let canned = &canned_body("top", "taobao.refund.refuse")["refund_refuse_response"];
    assert_eq!(response.is_success, Some(true));
    assert_eq!(
        response.request_id.as_deref(),
        canned["request_id"].as_str()
    );
    let refund = response.refund.expect("the typed refund");
    assert_eq!(
        refund.refund_id.as_deref(),
        canned["refund"]["refund_id"].as_str()
    );
    assert_eq!(
        refund.status.as_ref().map(|s| s.as_str()),
        canned["refund"]["status"].as_str()
    );

    let record = only_success(&mock, "taobao.refund.refuse");
    assert!(
        record.0["content_type"]
            .as_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary="),
        "{record:?}"
    );
    assert_eq!(
        record.param("refuse_proof"),
        None,
        "the proof is a file part, not a text parameter"
    );
    let files = record.files();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["name"], "refuse_proof");
    assert_eq!(files[0]["filename"], "proof.png");
    assert_eq!(files[0]["content_type"], "image/png");
    assert_eq!(files[0]["size"], 2048);
    assert_eq!(files[0]["sha256"], sha256(&proof).as_str());
}

/// A wrong secret: the typed gateway error, code 25, with the raw body and no secret anywhere.
fn assert_invalid_signature(error: &Error, wrong_secret: &str) {
    let gateway = error
        .gateway()
        .unwrap_or_else(|| panic!("a gateway error, got {error:?}"));
    assert_eq!(gateway.code.as_deref(), Some("25"), "{gateway:?}");
    assert_eq!(gateway.msg.as_deref(), Some("Invalid signature"));
    assert!(gateway.request_id.is_some(), "{gateway:?}");
    let raw: serde_json::Value =
        serde_json::from_str(&gateway.body).expect("the raw body is the gateway's JSON");
    assert_eq!(raw["error_response"]["code"], 25);
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(
            !text.contains(wrong_secret) && !text.contains(TOP_SECRET),
            "a secret leaked: {text}"
        );
    }
}

#[test]
fn wrong_secret_is_gateway_error_25_blocking() {
    let mock = MockGateway::start();
    let wrong = "not-the-secret-42";
    let client = BlockingClient::new(top_config(&mock, wrong)).unwrap();
    assert!(!format!("{client:?}").contains(wrong), "{client:?}");
    let error = client
        .execute(&negotiate_request(), Some(SESSION))
        .unwrap_err();
    assert_invalid_signature(&error, wrong);
    let records = mock.requests();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].sign_valid(), records[0].code()),
        (Some(false), 25)
    );
}

#[tokio::test]
async fn wrong_secret_is_gateway_error_25_async() {
    let mock = MockGateway::start();
    let wrong = "not-the-secret-42";
    let client = Client::new(top_config(&mock, wrong)).unwrap();
    let error = client
        .execute(&negotiate_request(), Some(SESSION))
        .await
        .unwrap_err();
    assert_invalid_signature(&error, wrong);
    assert_eq!(mock.requests().len(), 1);
}
