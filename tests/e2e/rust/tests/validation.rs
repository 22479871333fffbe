//! Validation before sending: an oversized PNG, a WEBP and a one-character message are refused
//! with the contract's words (read from the specs' cases) and nothing reaches the mock.

mod common;

use common::{h7b_config, h7b_refuse_request, top_config, top_refuse_request};
use topgen_e2e_rust::MockGateway;
use topgen_e2e_rust::samples::{
    H7B_SECRET, SELLER_NICK, SESSION, TOP_SECRET, case_error, png, webp,
};

const API: &str = "taobao.refund.refuse";

fn assert_refused_before_sending(
    error: &impl std::fmt::Display,
    kind: &str,
    expected: &str,
    mock: &MockGateway,
) {
    assert_eq!(kind, "validation", "{error}");
    assert_eq!(error.to_string(), expected);
    assert!(
        mock.requests().is_empty(),
        "nothing may reach the gateway: {:?}",
        mock.requests()
    );
}

#[test]
fn top_refuses_bad_proofs_and_messages_before_sending() {
    use taobao_top::{BlockingClient, File};
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();
    let cases = [
        (
            "proof_too_large",
            Some(File::from_bytes("proof.png", png(131_000))),
            None,
        ),
        (
            "proof_webp_refused",
            Some(File::from_bytes("proof.webp", webp(1024))),
            None,
        ),
        ("message_too_short", None, Some("不")),
    ];
    for (case, proof, message) in cases {
        let mut req = top_refuse_request();
        if let Some(proof) = proof {
            req.set_refuse_proof(proof);
        }
        if let Some(message) = message {
            req.set_refuse_message(message);
        }
        let error = client.execute(&req, Some(SESSION)).unwrap_err();
        assert_refused_before_sending(
            &error,
            error.kind().as_str(),
            &case_error("top", API, case),
            &mock,
        );
    }
}

#[tokio::test]
async fn h7b_refuses_bad_proofs_and_messages_before_sending() {
    use h7b_taobao::{Client, File};
    let mock = MockGateway::start();
    let client = Client::new(h7b_config(&mock, H7B_SECRET)).unwrap();
    let cases = [
        (
            "proof_too_large",
            Some(File::from_bytes("proof.png", png(131_000))),
            None,
        ),
        (
            "proof_webp_refused",
            Some(File::from_bytes("proof.webp", webp(1024))),
            None,
        ),
        ("one_character_message", None, Some("不")),
    ];
    for (case, proof, message) in cases {
        let mut req = h7b_refuse_request();
        if let Some(proof) = proof {
            req.set_refuse_proof(proof);
        }
        if let Some(message) = message {
            req.set_refuse_message(message);
        }
        let error = client.execute(&req, Some(SELLER_NICK)).await.unwrap_err();
        assert_refused_before_sending(
            &error,
            error.kind().as_str(),
            &case_error("h7b", API, case),
            &mock,
        );
    }
}
