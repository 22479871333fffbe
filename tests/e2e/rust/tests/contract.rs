//! The contract's rules that need no gateway: blank values, the required session, file parts,
//! the H7B success code, `error_response`, mistyped and oversized response fields, and the
//! session kept out of printed requests. Expected values come from docs/runtime-contract.md.

mod common;

use common::{h7b_refuse_request, top_refuse_request};
use serde_json::json;

const FIXED_CLOCK: i64 = 1_757_914_823_000;

fn top() -> taobao_top::ClientConfig {
    taobao_top::ClientConfig::new("12345678", "top-secret").clock(|| FIXED_CLOCK)
}

fn h7b() -> h7b_taobao::ClientConfig {
    h7b_taobao::ClientConfig::new("h7b-app", "h7b-secret").clock(|| FIXED_CLOCK)
}

#[test]
fn blank_means_java_whitespace_for_the_session() {
    for sent in ["\u{00a0}", "\u{feff}"] {
        let prepared = top().prepare(&top_refuse_request(), Some(sent)).unwrap();
        assert_eq!(
            prepared.param("session"),
            Some(sent),
            "{sent:?} is not blank"
        );
    }
    for blank in ["\u{001c}", " \t", ""] {
        let error = top()
            .prepare(&top_refuse_request(), Some(blank))
            .unwrap_err();
        assert_eq!(error.kind().as_str(), "validation");
        assert_eq!(
            error.to_string(),
            "session: is required",
            "{blank:?} is blank"
        );
    }
}

#[test]
fn blank_business_values_are_dropped_under_omit() {
    let mut req = top_refuse_request();
    req.set_refuse_message("\u{001c}\u{3000}");
    let error = top().prepare(&req, Some("s")).unwrap_err();
    assert_eq!(error.to_string(), "refuse_message: is required");
    let mut req = top_refuse_request();
    req.set_refund_phase("\u{001c}");
    let prepared = top().prepare(&req, Some("s")).unwrap();
    assert_eq!(
        prepared.param("refund_phase"),
        None,
        "blank under omit: neither sent nor signed"
    );
    let mut req = top_refuse_request();
    req.set_refuse_message("\u{00a0}\u{feff}");
    let prepared = top().prepare(&req, Some("s")).unwrap();
    assert_eq!(
        prepared.param("refuse_message"),
        Some("\u{00a0}\u{feff}"),
        "not blank: sent"
    );
}

#[test]
fn the_session_is_checked_before_the_parameters() {
    let empty = taobao_top::refund_refuse::RefundRefuseRequest::new();
    assert_eq!(
        top().prepare(&empty, None).unwrap_err().to_string(),
        "session: is required"
    );
    let empty = h7b_taobao::refund_refuse::RefundRefuseRequest::new();
    assert_eq!(
        h7b().prepare(&empty, None).unwrap_err().to_string(),
        "tb_seller_nick: is required"
    );
}

#[test]
fn h7b_sends_an_empty_session() {
    let prepared = h7b().prepare(&h7b_refuse_request(), Some("")).unwrap();
    assert_eq!(prepared.param("tb_seller_nick"), Some(""));
    assert!(
        prepared.body_text().contains("tb_seller_nick=&")
            || prepared.body_text().ends_with("tb_seller_nick=")
    );
}

#[test]
fn printed_requests_hide_the_session() {
    let session = "6100e23657fb0b2d0c78570bd2e3c1d5";
    let prepared = top().prepare(&top_refuse_request(), Some(session)).unwrap();
    let printed = format!("{prepared:?} {prepared:#?}");
    assert!(!printed.contains(session), "{printed}");
    assert!(printed.contains("\"session\", \"***\""), "{printed}");
    let prepared = h7b()
        .prepare(&h7b_refuse_request(), Some("seller-nick-7"))
        .unwrap();
    assert!(!format!("{prepared:?}").contains("seller-nick-7"));
}

#[test]
fn a_file_without_a_name_is_named_after_its_parameter() {
    let mut req = top_refuse_request();
    req.set_refuse_proof(taobao_top::File::from_bytes("", b"GIF89a....".to_vec()));
    let prepared = top().prepare(&req, Some("s")).unwrap();
    let body = String::from_utf8_lossy(&prepared.body).into_owned();
    assert!(
        body.contains(
            "name=\"refuse_proof\"; filename=\"refuse_proof\"\r\nContent-Type: image/gif\r\n"
        ),
        "{body}"
    );
    assert!(
        body.contains("name=\"session\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\ns\r\n"),
        "{body}"
    );
}

#[test]
fn base64_proofs_ignore_whitespace_and_refuse_garbage() {
    use taobao_top::File;
    for text in ["iVBORw0KGgoAAAAAAAAAAA==\n", "iVBORw0KGgoA\nAAAAAAAAAA=="] {
        let mut req = top_refuse_request();
        req.set_refuse_proof(File::from_base64("p.png", text));
        let prepared = top().prepare(&req, Some("s")).unwrap();
        assert_eq!(
            prepared.files[0].bytes,
            [
                0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0
            ]
        );
    }
    let mut req = top_refuse_request();
    req.set_refuse_proof(File::from_base64("p.png", "abc"));
    assert_eq!(
        top().prepare(&req, Some("s")).unwrap_err().to_string(),
        "refuse_proof: is not valid base64"
    );
}

#[test]
fn h7b_success_is_only_integer_zero_or_string_zero() {
    use h7b_taobao::parse_response;
    use h7b_taobao::refund_refuse::RefundRefuseRequest as R;
    for ok in [
        r#"{"code":0,"data":{"is_success":true}}"#,
        r#"{"code":"0","data":{"is_success":true}}"#,
    ] {
        assert_eq!(
            parse_response::<R>(ok).unwrap().is_success,
            Some(true),
            "{ok}"
        );
    }
    for (body, code) in [
        (r#"{"code":false,"message":"m"}"#, "false"),
        (r#"{"code":0.0,"message":"m"}"#, "0.0"),
    ] {
        match parse_response::<R>(body).unwrap_err() {
            h7b_taobao::Error::Gateway(e) => assert_eq!(e.code.as_deref(), Some(code)),
            other => panic!("{body}: {other}"),
        }
    }
}

#[test]
fn error_response_counts_only_as_an_object() {
    use taobao_top::parse_response;
    use taobao_top::refund_refuse::RefundRefuseRequest as R;
    let ok = parse_response::<R>(
        r#"{"error_response":"busy","refund_refuse_response":{"is_success":true}}"#,
    )
    .unwrap();
    assert_eq!(ok.is_success, Some(true));
    let bare = parse_response::<R>(r#"{"error_response":null,"is_success":true}"#).unwrap();
    assert_eq!(bare.is_success, Some(true));
    assert!(parse_response::<R>(r#"{"error_response":{"code":7,"msg":"m"}}"#).is_err());
}

#[test]
fn mistyped_known_fields_stay_in_extra() {
    use taobao_top::parse_response;
    use taobao_top::refund_refuse::RefundRefuseRequest as R;
    let payload = json!({"is_success": "true", "refund": {"refund_id": "1", "status": 3}, "request_id": "r1"});
    let body = json!({"refund_refuse_response": payload}).to_string();
    let response = parse_response::<R>(&body).unwrap();
    assert_eq!(response.is_success, None);
    let text = |json: &serde_json::Value| taobao_top::Json::parse(&json.to_string()).unwrap();
    assert_eq!(
        response.extra.get("is_success"),
        Some(&text(&json!("true")))
    );
    let refund = response.refund.as_ref().unwrap();
    assert_eq!(refund.status, None);
    assert_eq!(refund.extra.get("status"), Some(&text(&json!(3))));
    assert_eq!(refund.refund_id.as_deref(), Some("1"));
    use taobao_top::ToJson as _;
    assert_eq!(
        response.to_json(),
        text(&payload),
        "written back as it arrived"
    );
}

#[test]
fn numbers_beyond_64_bits_keep_their_digits() {
    use taobao_top::parse_response;
    use taobao_top::refund_refuse::RefundRefuseRequest as R;
    let body = r#"{"refund_refuse_response":{"refund":{"refund_id":123456789012345678901234567890},"big":18446744073709551616}}"#;
    let response = parse_response::<R>(body).unwrap();
    assert_eq!(
        response.refund.unwrap().refund_id.as_deref(),
        Some("123456789012345678901234567890")
    );
    assert_eq!(
        response.extra.get("big").unwrap().to_string(),
        "18446744073709551616"
    );
}

#[test]
fn json_of_an_unexpected_shape_is_not_called_invalid_json() {
    use taobao_top::parse_response;
    use taobao_top::refund_refuse::RefundRefuseRequest as R;
    let error = parse_response::<R>("[1,2]").unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_body");
    assert!(!error.to_string().contains("not valid JSON"), "{error}");
    let error = parse_response::<R>(r#"{"refund_refuse_response":5}"#).unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_body");
    assert!(!error.to_string().contains("not valid JSON"), "{error}");
    assert!(matches!(
        parse_response::<R>("<html>").unwrap_err().kind().as_str(),
        "invalid_body"
    ));
}
