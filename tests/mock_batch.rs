//! `/router/batch` and `/token` (issue 13): the mock serves batch calls exactly as
//! docs/runtime-contract.md ("Batch calls") describes them, checked against the contract's worked
//! vectors (computed with Python's hashlib/hmac, not by the mock), and the OAuth token endpoint.

mod mock_support;

use mock_support::*;
use serde_json::Value;
use topgen::mock::Clock;

const SEPARATOR: &str = "\r\n-S-\r\n";
/// 2025-09-15 13:40:23 at GMT+8, the contract vectors' timestamp.
const VECTOR_TIME: i64 = 1_757_914_823;

fn post_batch(mock: &topgen::mock::MockHandle, query: &[(&str, String)], body: &str) -> Reply {
    let target = format!("/router/batch?{}", form(query));
    raw(
        mock.addr(),
        "POST",
        &target,
        "text/plain;charset=UTF-8",
        body.as_bytes(),
    )
    .expect("a reply")
}

fn segments(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200);
    let text = String::from_utf8(reply.body.clone()).unwrap();
    text.split(SEPARATOR)
        .map(|s| serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}")))
        .collect()
}

fn records(mock: &topgen::mock::MockHandle) -> Vec<Value> {
    control(mock.addr(), "GET", "/__mock/requests", "")["requests"]
        .as_array()
        .unwrap()
        .clone()
}

/// The contract's system parameters, with `sign_method` and `sign`.
fn vector_query(method: &str, sign: &str) -> Vec<(&'static str, String)> {
    vec![
        ("app_key", TOP_KEY.into()),
        ("format", "json".into()),
        ("partner_id", "topgen".into()),
        ("sign_method", method.into()),
        ("timestamp", "2025-09-15 13:40:23".into()),
        ("v", "2.0".into()),
        ("sign", sign.into()),
    ]
}

#[test]
fn the_contracts_worked_vectors_are_accepted_as_signed() {
    let mock = start_with(Clock::Fixed(VECTOR_TIME), |_| {});
    let vectors = [
        (
            "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\nfields=tid%2Cstatus&session=sess-a&tid=1234567890123456789\r\n-S-\r\nfields=tid%2Cstatus&session=sess-b&tid=9876543210987654321",
            [
                (
                    "hmac-sha256",
                    "203CE03BE42E0AB3E8C1818ECEABD4AA538B6AD785E30034EDFCC78702D2E8FE",
                ),
                ("md5", "F4F8BC3E5EAF005F7F1BD78CD2A8A7D9"),
                ("hmac", "CD9211E892096F62DB7D7CC5425B43F2"),
            ],
            2,
        ),
        (
            "fields=tid&method=taobao.trade.fullinfo.get&session=sess-a&tid=1234567890123456789\r\n-S-\r\nmethod=taobao.time.get",
            [
                (
                    "hmac-sha256",
                    "95CA3C149D6CC7FE20CE4C4783C21048E6EC9597418D0ED94DCE0735570988EE",
                ),
                ("md5", "248D4C53E62D00C3D04F434C3F1D51E6"),
                ("hmac", "8A0C11E89A26EFCAEE1A0B5C0859E068"),
            ],
            2,
        ),
        (
            "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN",
            [
                (
                    "hmac-sha256",
                    "59D272BFFBFF72D4D9E595C51657357BEDF006B53A7BC67FE39E5B5A85862377",
                ),
                ("md5", "5C16443644EB0BE6E26B1974A928C58F"),
                ("hmac", "54D5E533FD7E2F9659A38E20FB55E568"),
            ],
            2,
        ),
    ];
    for (body, signs, calls) in vectors {
        for (method, sign) in signs {
            control(mock.addr(), "POST", "/__mock/reset", "");
            let answers = segments(&post_batch(&mock, &vector_query(method, sign), body));
            // The batch is accepted as signed, and each call gets its own answer, in order:
            // taobao.trade.fullinfo.get is in the specs the mock serves (specs/default-apis.txt),
            // so it is answered or its parameters refused (a tid beyond 64 bits: code 41);
            // taobao.time.get is not, so `Invalid method` (code 22).
            assert_eq!(answers.len(), calls, "{method}: {answers:?}");
            let calls_in_body = body
                .split("\r\n-S-\r\n")
                .skip(usize::from(body.starts_with("#PUBLIC#")));
            for (answer, call) in answers.iter().zip(calls_in_body) {
                let time_get = call.contains("taobao.time.get")
                    || (call == "N" && body.starts_with("#PUBLIC#method=taobao.time.get"));
                if time_get {
                    assert_eq!(answer["error_response"]["code"], 22, "{method}: {answer}");
                } else {
                    let answered = answer.get("trade_fullinfo_get_response").is_some();
                    assert!(
                        answered || answer["error_response"]["code"] == 41,
                        "{method}: {answer}"
                    );
                }
            }
            let records = records(&mock);
            assert!(
                records.iter().all(|r| r["sign_valid"] == true),
                "{method}: {records:?}"
            );
            assert_eq!(records[1]["batch_index"], 1);
        }
    }
}

/// The contract's rule, written here independently: query signed with the body appended.
fn signed_query(body: &str, timestamp: &str) -> Vec<(&'static str, String)> {
    let mut query: Vec<(&'static str, String)> = vec![
        ("app_key", TOP_KEY.into()),
        ("format", "json".into()),
        ("sign_method", "hmac-sha256".into()),
        ("timestamp", timestamp.into()),
        ("v", "2.0".into()),
    ];
    let mut sorted = query.clone();
    sorted.sort();
    let canonical: String = sorted
        .iter()
        .map(|(k, v)| format!("{k}{v}"))
        .collect::<String>()
        + body;
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(TOP_SECRET.as_bytes()).unwrap();
    mac.update(canonical.as_bytes());
    let sign: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    query.push(("sign", sign));
    query
}

fn refuse_call(session: &str, message: &str) -> String {
    let mut params = vec![("session", session.to_string())];
    params.extend(refuse_business(message));
    params.sort();
    form(&params)
}

#[test]
fn each_call_gets_its_own_answer_in_order_with_its_own_session() {
    let mock = start();
    let body = [
        "#PUBLIC#method=taobao.refund.refuse".to_string(),
        refuse_call("session-one", "这个是绝好的东西"),
        refuse_call("session-two", "x"), // too short: refused alone
        refuse_call("session-three", "第三个很好的留言"),
    ]
    .join(SEPARATOR);
    let answers = segments(&post_batch(
        &mock,
        &signed_query(&body, &gmt8(now())),
        &body,
    ));
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0]["refund_refuse_response"]["is_success"], true);
    assert_eq!(answers[1]["error_response"]["code"], 41);
    assert_eq!(
        answers[1]["error_response"]["sub_msg"],
        "refuse_message: must be 2 to 200 characters long, got 1"
    );
    assert_eq!(answers[2]["refund_refuse_response"]["is_success"], true);
    let records = records(&mock);
    let seen: Vec<(u64, u64, &str)> = records
        .iter()
        .map(|r| {
            (
                r["batch_index"].as_u64().unwrap(),
                r["code"].as_u64().unwrap(),
                r["session_sha256"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
        [(0, 0), (1, 41), (2, 0)]
    );
    assert!(
        records
            .iter()
            .all(|r| r["params"]["session"] == "***" && r["path"] == "/router/batch")
    );
    assert_ne!(seen[0].2, seen[2].2, "each call carries its own session");
}

#[test]
fn a_file_parameter_in_a_call_is_refused() {
    let mock = start();
    let mut params = vec![
        ("method", "taobao.refund.refuse".to_string()),
        ("refuse_proof", "iVBORw0KGgo=".to_string()),
    ];
    params.extend(refuse_business("这个是绝好的东西"));
    params.push(("session", "s".into()));
    params.sort();
    let body = form(&params);
    let answers = segments(&post_batch(
        &mock,
        &signed_query(&body, &gmt8(now())),
        &body,
    ));
    assert_eq!(answers[0]["error_response"]["code"], 41);
    assert_eq!(
        answers[0]["error_response"]["sub_msg"],
        "refuse_proof: files cannot be sent in a batch call"
    );
}

#[test]
fn a_bad_signature_or_a_throttle_is_one_batch_level_error() {
    let mock = start();
    let body = [
        "#PUBLIC#method=taobao.refund.refuse".to_string(),
        refuse_call("s", "这个是绝好的东西"),
    ]
    .join(SEPARATOR);
    let mut query = signed_query(&body, &gmt8(now()));
    let tampered = format!("{body}{SEPARATOR}{}", refuse_call("s2", "这个是绝好的东西"));
    let answers = segments(&post_batch(&mock, &query, &tampered)); // the body is signed: a new call breaks it
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["error_response"]["code"], 25);

    let reply = raw(
        mock.addr(),
        "POST",
        "/__mock/faults",
        "application/json",
        br#"{"mode":"throttle","seconds":12}"#,
    );
    assert_eq!(reply.unwrap().status, 200);
    let answers = segments(&post_batch(&mock, &query, &body));
    assert_eq!(answers.len(), 1);
    let error = &answers[0]["error_response"];
    assert_eq!(
        (error["code"].as_u64(), error["sub_msg"].as_str()),
        (Some(7), Some("This ban will last for 12 more seconds"))
    );
    query.retain(|(k, _)| *k != "sign");
    assert_eq!(
        segments(&post_batch(&mock, &query, &body))[0]["error_response"]["code"],
        24
    );
}

fn token_request(mock: &topgen::mock::MockHandle, params: &[(&str, String)]) -> Reply {
    raw(
        mock.addr(),
        "POST",
        "/token",
        "application/x-www-form-urlencoded;charset=utf-8",
        form(params).as_bytes(),
    )
    .expect("a reply")
}

#[test]
fn the_token_endpoint_exchanges_a_code_once_and_refreshes() {
    let mock = start();
    let exchange = |code: &str, secret: &str| {
        token_request(
            &mock,
            &[
                ("grant_type", "authorization_code".into()),
                ("code", code.into()),
                ("client_id", TOP_KEY.into()),
                ("client_secret", secret.into()),
                ("redirect_uri", "https://example.com/callback".into()),
            ],
        )
    };
    let reply = exchange("OxlukWofLrB1Db1M6aJGF8x2332458", TOP_SECRET);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let token = reply.json();
    for field in [
        "expires_in",
        "re_expires_in",
        "r1_expires_in",
        "r2_expires_in",
        "w1_expires_in",
        "w2_expires_in",
    ] {
        assert!(token[field].is_u64(), "{field}: {token}");
    }
    assert_eq!(token["token_type"], "Bearer");
    assert!(String::from_utf8_lossy(&reply.body).contains("\"taobao_user_id\":22066556789012345"));
    assert_eq!(
        token["taobao_user_nick"],
        "tb%E6%B5%8B%E8%AF%95%E5%BA%97%E9%93%BA"
    );
    let session = token["access_token"].as_str().unwrap().to_string();

    let again = exchange("OxlukWofLrB1Db1M6aJGF8x2332458", TOP_SECRET);
    assert_eq!(
        (again.status, again.json()["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let wrong = exchange("another-code", "not-the-secret-hunter2");
    assert_eq!(
        (wrong.status, wrong.json()["error"].as_str()),
        (401, Some("invalid_client"))
    );
    assert!(!String::from_utf8_lossy(&wrong.body).contains("hunter2"));

    let refreshed = token_request(
        &mock,
        &[
            ("grant_type", "refresh_token".into()),
            (
                "refresh_token",
                token["refresh_token"].as_str().unwrap().into(),
            ),
            ("client_id", TOP_KEY.into()),
            ("client_secret", TOP_SECRET.into()),
        ],
    );
    assert_eq!(refreshed.status, 200);
    assert_ne!(refreshed.json()["access_token"].as_str().unwrap(), session);

    // The code, the secret and the refresh token are never recorded in clear.
    let listing = String::from_utf8(
        raw(
            mock.addr(),
            "GET",
            "/__mock/requests",
            "application/json",
            b"",
        )
        .unwrap()
        .body,
    )
    .unwrap();
    for secret in [
        TOP_SECRET,
        "OxlukWofLrB1Db1M6aJGF8x2332458",
        "hunter2",
        token["refresh_token"].as_str().unwrap(),
    ] {
        assert!(!listing.contains(secret), "{secret} in {listing}");
    }
}
