//! The mock gateway checks requests the way the real gateways do. Expected signatures are the
//! reference documents' vectors or come from the independent signer in `mock_support`.

mod mock_support;

use mock_support::*;
use serde_json::{Value, json};
use topgen::mock::{self, Clock, MockOptions};
use topgen::model::RequestExpect;

/// 2025-09-15 13:40:23 at GMT+8, the curl sample's timestamp.
const CURL_SAMPLE_TIME: i64 = 1_757_914_823;
/// 2021-04-19 23:42:09 at GMT+8, the H7B worked example's timestamp.
const H7B_EXAMPLE_TIME: i64 = 1_618_846_929;

/// The spec's `curl_sample` request case: the seed's curl, re-signed with `test-secret-0123`.
fn curl_sample_body() -> String {
    let model = model();
    let top = model.gateways.iter().find(|g| g.name == "top").unwrap();
    let api = top
        .apis
        .iter()
        .find(|a| a.name == "taobao.refund.negotiatereturn")
        .unwrap();
    let case = api
        .request_cases
        .iter()
        .find(|c| c.name == "curl_sample")
        .unwrap();
    match &case.expect {
        RequestExpect::Request {
            body: Some(body), ..
        } => body.clone(),
        other => panic!("curl_sample has no body: {other:?}"),
    }
}

#[test]
fn reference_vectors_are_accepted_for_all_three_top_algorithms() {
    let mock = start_with(Clock::Fixed(CURL_SAMPLE_TIME), |_| {});
    let body = curl_sample_body();
    assert!(body.contains("sign=26C0CB0C9BB0DC1F40A53C021AE9F584&sign_method=hmac&"));
    // The reference document's signatures of the same parameters (top-gateway.md).
    let variants = [
        ("hmac", "26C0CB0C9BB0DC1F40A53C021AE9F584"),
        ("md5", "EDF7F1CBAB1498AF203CB4682606ADA8"),
        (
            "hmac-sha256",
            "1A9C2122CCF851FF1DE3B6EC21B962A6EE26F2CECC39A1C37039A37DD5D7DE08",
        ),
    ];
    for (method, sign) in variants {
        let body = body.replace(
            "sign=26C0CB0C9BB0DC1F40A53C021AE9F584&sign_method=hmac&",
            &format!("sign={sign}&sign_method={method}&"),
        );
        let reply = raw(
            mock.addr(),
            "POST",
            "/router/rest",
            "application/x-www-form-urlencoded;charset=utf-8",
            body.as_bytes(),
        )
        .unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.json(),
            json!({"refund_negotiatereturn_response": {"request_id": "10ef3avfhm3xe"}}),
            "{method}"
        );
    }
    let requests = control(mock.addr(), "GET", "/__mock/requests", "");
    let record = &requests["requests"][0];
    assert_eq!(
        (record["sign_valid"].as_bool(), record["code"].as_u64()),
        (Some(true), Some(0))
    );
    assert_eq!(
        record["params"]["negotiate_text"],
        "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。"
    );
}

#[test]
fn h7b_reference_vector_is_accepted_and_answered_with_the_seed_body() {
    let mock = start_with(Clock::Fixed(H7B_EXAMPLE_TIME), |_| {});
    let params: Vec<(&str, String)> = vec![
        ("appid", "uwkahf@jfs92".into()),
        ("timestamp", "1618846929".into()),
        ("tb_seller_nick", "测试店铺".into()),
        ("refund_id", "110056431137563058".into()),
        ("refuse_message", "这个是绝好的东西，一定要尝试".into()),
        ("refund_phase", "onsale".into()),
        ("refund_version", "1618846920000".into()),
        ("sysid", "100".into()),
        ("sign", "3fb6ea555e4c7417286727e4646635c2".into()),
    ];
    let reply = post_form(mock.addr(), "/gateway/taobao/refund/refuse", &params);
    assert_eq!(
        String::from_utf8(reply.body).unwrap(),
        r#"{"code":0,"message":"ok","data":{"is_success":true,"refund":{"modified":"2021-04-19 23:42:09","refund_id":"110056431137563058","status":"SELLER_REFUSE_BUYER"},"request_id":"55o5l56d3jfp"}}"#
    );
    // The URL-encoded-values mistake signs to d0e9f7…, which the gateway refuses.
    let mut wrong = params.clone();
    wrong.last_mut().unwrap().1 = "d0e9f798dfa9b6bb6dc656c800dba722".into();
    let reply = post_form(mock.addr(), "/gateway/taobao/refund/refuse", &wrong).json();
    assert_eq!(
        (reply["code"].as_u64(), reply["message"].as_str()),
        (Some(25), Some("Invalid signature"))
    );
    assert!(reply["trace_id"].is_string());
}

#[test]
fn fresh_signatures_are_accepted_on_both_gateways() {
    let mock = start();
    for method in ["hmac-sha256", "hmac", "md5"] {
        let params = top_request(
            "taobao.refund.refuse",
            method,
            &gmt8(now()),
            &refuse_business("这个是绝好的东西"),
        );
        let reply = post_form(mock.addr(), "/router/rest", &params).json();
        assert_eq!(
            reply["refund_refuse_response"]["is_success"], true,
            "{method}: {reply}"
        );
    }
    // Empty values are sent and signed on H7B (`key + ""`).
    let mut business = refuse_business("这个是绝好的东西");
    business.push(("refuse_reason_id", String::new()));
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &business),
    )
    .json();
    assert_eq!(reply["code"], 0, "{reply}");
}

#[test]
fn java_sdk_placement_system_parameters_in_the_query_is_merged() {
    let mock = start();
    let params = top_request(
        "taobao.refund.refuse",
        "hmac",
        &gmt8(now()),
        &refuse_business("这个是绝好的东西"),
    );
    let (system, business): (Vec<_>, Vec<_>) = params
        .into_iter()
        .partition(|(k, _)| !["refund_id", "refuse_message", "refund_phase"].contains(k));
    let target = format!("/router/rest?{}", form(&system));
    let reply = raw(
        mock.addr(),
        "POST",
        &target,
        "application/x-www-form-urlencoded;charset=utf-8",
        form(&business).as_bytes(),
    )
    .unwrap();
    assert_eq!(reply.json()["refund_refuse_response"]["is_success"], true);
}

fn top_error(reply: &Reply) -> Value {
    assert_eq!(reply.status, 200, "TOP sends errors with HTTP 200");
    let body = reply.json();
    assert!(body["error_response"]["request_id"].is_string(), "{body}");
    body["error_response"].clone()
}

#[test]
fn wrong_signatures_are_refused_with_code_25() {
    let mock = start();
    let mut params = top_request(
        "taobao.refund.refuse",
        "hmac",
        &gmt8(now()),
        &refuse_business("这个是绝好的东西"),
    );
    let good = params.last().unwrap().1.clone();
    for bad in [good.to_lowercase(), "0".repeat(32), format!("{good}00")] {
        params.last_mut().unwrap().1 = bad;
        let error = top_error(&post_form(mock.addr(), "/router/rest", &params));
        assert_eq!(
            (error["code"].as_u64(), error["msg"].as_str()),
            (Some(25), Some("Invalid signature"))
        );
    }
    // A blank value is neither sent nor signed on TOP: signing `refund_fee` + "" breaks the sign.
    let mut business = refuse_business("这个是绝好的东西");
    business.push(("refund_fee", String::new()));
    let params = top_request("taobao.refund.refuse", "hmac", &gmt8(now()), &business);
    assert_eq!(
        top_error(&post_form(mock.addr(), "/router/rest", &params))["code"],
        25
    );
    let record = &control(mock.addr(), "GET", "/__mock/requests", "")["requests"][3];
    assert_eq!(record["sign_valid"], false);
}

#[test]
fn credentials_timestamps_methods_and_sessions_are_checked() {
    let mock = start_with(Clock::System, |o| {
        o.apps = vec![mock::App::new(TOP_KEY, TOP_SECRET)]
    });
    let business = refuse_business("这个是绝好的东西");
    let fresh = gmt8(now());

    let mut unknown_key = top_request("taobao.refund.refuse", "md5", &fresh, &business);
    unknown_key[0].1 = "99999999".into();
    let error = top_error(&post_form(mock.addr(), "/router/rest", &unknown_key));
    assert_eq!(
        (error["code"].as_u64(), error["msg"].as_str()),
        (Some(29), Some("Invalid app Key"))
    );

    for stale in [
        gmt8(now() - 11 * 60),
        gmt8(now() + 11 * 60),
        "2025-09-15T13:40:23".to_string(),
    ] {
        let params = top_request("taobao.refund.refuse", "md5", &stale, &business);
        let error = top_error(&post_form(mock.addr(), "/router/rest", &params));
        assert_eq!(
            (error["code"].as_u64(), error["msg"].as_str()),
            (Some(31), Some("Invalid timestamp")),
            "{stale}"
        );
    }
    // Nine minutes of skew is within the gateway's ten.
    let params = top_request(
        "taobao.refund.refuse",
        "md5",
        &gmt8(now() - 9 * 60),
        &business,
    );
    assert!(
        post_form(mock.addr(), "/router/rest", &params).json()["refund_refuse_response"]
            .is_object()
    );

    let params = top_request("taobao.refund.agree", "md5", &fresh, &business);
    assert_eq!(
        top_error(&post_form(mock.addr(), "/router/rest", &params))["code"],
        22
    );

    let mut no_session = top_request("taobao.refund.refuse", "md5", &fresh, &business);
    no_session.retain(|(k, _)| *k != "session" && *k != "sign");
    no_session.push(("sign", sign("md5", TOP_SECRET, &no_session, true)));
    let error = top_error(&post_form(mock.addr(), "/router/rest", &no_session));
    assert_eq!(
        (error["code"].as_u64(), error["msg"].as_str()),
        (Some(26), Some("Missing session"))
    );
}

#[test]
fn h7b_checks_unix_second_timestamps_and_answers_in_its_envelope() {
    let mock = start();
    let business = refuse_business("这个是绝好的东西");
    for (timestamp, code) in [(now() - 11 * 60, 31), (now() * 1000, 31)] {
        let reply = post_form(
            mock.addr(),
            "/gateway/taobao/refund/refuse",
            &h7b_request(timestamp, &business),
        )
        .json();
        assert_eq!(reply["code"], code, "{reply}");
        assert_eq!(
            reply.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["code", "message", "trace_id"]
        );
    }
    let mut unknown = h7b_request(now(), &business);
    unknown[0].1 = "someone-else".into();
    let reply = post_form(mock.addr(), "/gateway/taobao/refund/refuse", &unknown).json();
    assert_eq!(
        (reply["code"].as_u64(), reply["message"].as_str()),
        (Some(29), Some("Invalid app Key"))
    );
}

#[test]
fn missing_and_invalid_parameters_use_codes_40_and_41_with_the_contract_words() {
    let mock = start();
    let fresh = gmt8(now());
    let params = top_request(
        "taobao.refund.negotiatereturn",
        "hmac",
        &fresh,
        &[("refund_id", "112233".into())],
    );
    let error = top_error(&post_form(mock.addr(), "/router/rest", &params));
    assert_eq!(error["code"], 40);
    assert_eq!(error["sub_code"], "isv.missing-parameter:refund_version");
    assert_eq!(error["sub_msg"], "refund_version: is required");

    let params = top_request(
        "taobao.refund.refuse",
        "hmac",
        &fresh,
        &refuse_business("不"),
    );
    let error = top_error(&post_form(mock.addr(), "/router/rest", &params));
    assert_eq!(
        (error["code"].as_u64(), error["msg"].as_str()),
        (Some(41), Some("Invalid arguments:refuse_message"))
    );
    assert_eq!(error["sub_code"], "isv.invalid-parameter:refuse_message");
    assert_eq!(
        error["sub_msg"],
        "refuse_message: must be 2 to 200 characters long, got 1"
    );

    let cases = [
        (
            "refund_phase",
            "presale",
            "refund_phase: must be one of onsale, aftersale; got \"presale\"",
        ),
        (
            "refund_id",
            "1e5",
            "refund_id: must be a 64-bit integer, got \"1e5\"",
        ),
        (
            "refund_id",
            "9223372036854775808",
            "refund_id: must be a 64-bit integer, got \"9223372036854775808\"",
        ),
    ];
    for (name, value, message) in cases {
        let mut business = refuse_business("这个是绝好的东西");
        business.retain(|(k, _)| *k != name);
        business.push((name, value.into()));
        let error = top_error(&post_form(
            mock.addr(),
            "/router/rest",
            &top_request("taobao.refund.refuse", "hmac", &fresh, &business),
        ));
        assert_eq!(
            (error["code"].as_u64(), error["sub_msg"].as_str()),
            (Some(41), Some(message))
        );
    }

    // H7B: the same refusal in its envelope.
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &refuse_business("不")),
    )
    .json();
    assert_eq!(
        (reply["code"].as_u64(), reply["message"].as_str()),
        (Some(41), Some("Invalid arguments:refuse_message"))
    );
}

#[test]
fn multipart_png_proof_is_accepted_unsigned_and_webp_is_refused() {
    let mock = start();
    let params = top_request(
        "taobao.refund.refuse",
        "hmac-sha256",
        &gmt8(now()),
        &refuse_business("这个是绝好的东西"),
    );
    let png = file(PNG, 2048);
    let body = multipart(
        "topgenBoundary7",
        &params,
        &[("refuse_proof", "proof.png", "image/png", png.clone())],
    );
    let reply = raw(
        mock.addr(),
        "POST",
        "/router/rest",
        "multipart/form-data; boundary=topgenBoundary7",
        &body,
    )
    .unwrap();
    assert_eq!(
        reply.json()["refund_refuse_response"]["is_success"],
        true,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );

    let record = &control(mock.addr(), "GET", "/__mock/requests", "")["requests"][0];
    let sha = sha2::Sha256::digest(&png)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    assert_eq!(
        record["files"],
        json!([{"name": "refuse_proof", "filename": "proof.png", "content_type": "image/png", "size": 2048, "sha256": sha}])
    );

    let refused = |body: &[u8]| {
        top_error(
            &raw(
                mock.addr(),
                "POST",
                "/router/rest",
                "multipart/form-data; boundary=b",
                body,
            )
            .unwrap(),
        )
    };
    let webp = multipart(
        "b",
        &params,
        &[("refuse_proof", "proof.webp", "image/webp", file(WEBP, 1024))],
    );
    let error = refused(&webp);
    assert_eq!(
        error["sub_msg"],
        "refuse_proof: must be a GIF, JPG or PNG image (checked by its first bytes)"
    );
    let big = multipart(
        "b",
        &params,
        &[("refuse_proof", "proof.png", "image/png", file(PNG, 131_000))],
    );
    let error = refused(&big);
    assert_eq!(
        error["sub_msg"],
        "refuse_proof: must be at most 130000 bytes, got 131000"
    );
}

use sha2::Digest as _;

#[test]
fn h7b_proof_travels_as_signed_base64_text() {
    let mock = start();
    let mut business = refuse_business("这个是绝好的东西");
    business.push(("refuse_proof", "iVBORw0KGgoAAAAAAAAAAA==".into())); // PNG magic + 8 zero bytes
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &business),
    )
    .json();
    assert_eq!(reply["code"], 0, "{reply}");
    business.last_mut().unwrap().1 = "UklGRgAAAABXRUJQ".into(); // RIFF....WEBP
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &business),
    )
    .json();
    assert_eq!(
        (reply["code"].as_u64(), reply["message"].as_str()),
        (Some(41), Some("Invalid arguments:refuse_proof"))
    );
}

#[test]
fn simplify_drops_the_wrapper_and_canned_bodies_can_be_replaced() {
    let mock = start_with(Clock::System, |o| {
        o.responses = vec![(
            "top/taobao.refund.refuse".into(),
            r#"{"refund_refuse_response":{"is_success":false}}"#.into(),
        )]
    });
    let mut business = refuse_business("这个是绝好的东西");
    let reply = post_form(
        mock.addr(),
        "/router/rest",
        &top_request("taobao.refund.refuse", "md5", &gmt8(now()), &business),
    );
    assert_eq!(
        String::from_utf8(reply.body).unwrap(),
        r#"{"refund_refuse_response":{"is_success":false}}"#
    );
    business.push(("simplify", "true".into()));
    let reply = post_form(
        mock.addr(),
        "/router/rest",
        &top_request("taobao.refund.refuse", "md5", &gmt8(now()), &business),
    );
    assert_eq!(
        String::from_utf8(reply.body).unwrap(),
        r#"{"is_success":false}"#
    );
    // H7B keeps its own canned body: the override named the TOP gateway only.
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &refuse_business("这个是绝好的东西")),
    );
    assert_eq!(reply.json()["data"]["request_id"], "55o5l56d3jfp");

    let set = control(
        mock.addr(),
        "POST",
        "/__mock/responses",
        r#"{"api":"taobao.refund.refuse","body":{"code":0,"message":"ok","data":{"n":110056431137563058}}}"#,
    );
    assert_eq!(set["replaced"], 2);
    let reply = post_form(
        mock.addr(),
        "/gateway/taobao/refund/refuse",
        &h7b_request(now(), &refuse_business("这个是绝好的东西")),
    );
    assert_eq!(
        String::from_utf8(reply.body).unwrap(),
        r#"{"code":0,"data":{"n":110056431137563058},"message":"ok"}"#
    );
}

#[test]
fn start_refuses_bad_configurations_clearly() {
    let options = |addr: &str| MockOptions {
        addr: addr.parse().unwrap(),
        log: false,
        ..MockOptions::default()
    };
    let error = mock::start(model(), options("0.0.0.0:0"))
        .err()
        .expect("non-loopback is refused")
        .to_string();
    assert!(error.contains("--allow-non-loopback"), "{error}");

    let mut twice = model();
    let mut copy = twice
        .gateways
        .iter()
        .find(|g| g.name == "top")
        .unwrap()
        .clone();
    copy.name = "top2".into();
    twice.gateways.push(copy);
    let error = mock::start(twice, options("127.0.0.1:0"))
        .err()
        .expect("a collision is refused")
        .to_string();
    assert!(
        error.contains("/router/rest") && error.contains("top2"),
        "{error}"
    );

    let mut unknown = options("127.0.0.1:0");
    unknown.responses = vec![("taobao.nothing".into(), "{}".into())];
    let error = mock::start(model(), unknown)
        .err()
        .expect("an unknown API is refused")
        .to_string();
    assert!(error.contains("taobao.nothing"), "{error}");

    assert_eq!(
        format!("{:?}", mock::App::parse("k:s:with:colons").unwrap()),
        r#"App { key: "k", secret: "***" }"#
    );
}

#[test]
fn responses_file_takes_raw_strings_and_yaml_or_json_values_in_file_order() {
    let path =
        std::env::temp_dir().join(format!("topgen-mock-responses-{}.yaml", std::process::id()));
    std::fs::write(
        &path,
        "taobao.refund.refuse: '{\"code\":0,\"message\":\"ok\",\"data\":{}}'\n\
         top/taobao.refund.negotiatereturn:\n  error_response: {code: 15, msg: Remote service error, request_id: r1}\n",
    )
    .unwrap();
    let responses = mock::load_responses(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        responses,
        [
            (
                "taobao.refund.refuse".to_string(),
                r#"{"code":0,"message":"ok","data":{}}"#.to_string()
            ),
            (
                "top/taobao.refund.negotiatereturn".to_string(),
                r#"{"error_response":{"code":15,"msg":"Remote service error","request_id":"r1"}}"#
                    .to_string()
            ),
        ]
    );
    let missing = mock::load_responses(std::path::Path::new("/nonexistent/responses.yaml"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("/nonexistent/responses.yaml"), "{missing}");
}

#[test]
fn the_keyword_fixture_is_served_too() {
    // Names that are keywords everywhere, and an endpoint URL with a query string.
    let specs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/keywords");
    let model = topgen::Generator::new(specs).model().unwrap();
    let options = MockOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        log: false,
        ..MockOptions::default()
    };
    let mock = mock::start(model, options).unwrap();
    let routes = mock.routes();
    let routes: Vec<(&str, &str)> = routes
        .iter()
        .map(|(p, o)| (p.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        routes,
        [
            ("/router/batch", "batch calls of gateway kw"),
            ("/router/rest", "gateway kw"),
            ("/token", "OAuth token endpoint")
        ]
    );
    let reply = post_form(
        mock.addr(),
        "/router/rest",
        &[("method", "kw.type.class".into())],
    )
    .json();
    assert_eq!(reply["error_response"]["code"], 28, "{reply}");
}

/// A paged API without a canned answer (`taobao.trades.sold.get`, `paging:` in its spec; its
/// cases file holds shape tests, not answers) answers a listing of 5 items: 2 a page unless
/// `page_size` says otherwise, `total_results` 5, `has_next` false on the last page and an empty
/// page after it, so a client's page loop ends on its own.
#[test]
fn a_paged_schema_answer_ends_after_five_items() {
    let mock = start();
    // (page_no, page_size) → (items on the page, has_next)
    let pages: [(Option<i64>, Option<i64>, usize, bool); 7] = [
        (None, None, 2, true),
        (Some(2), None, 2, true),
        (Some(3), None, 1, false),
        (Some(4), None, 0, false),
        (Some(1), Some(4), 4, true),
        (Some(2), Some(4), 1, false),
        (Some(1), Some(40), 5, false),
    ];
    let mut seen = Vec::new();
    for (page_no, page_size, count, has_next) in pages {
        let mut business = vec![("fields", "tid".to_string())];
        business.extend(page_no.map(|n| ("page_no", n.to_string())));
        business.extend(page_size.map(|n| ("page_size", n.to_string())));
        let params = top_request("taobao.trades.sold.get", "md5", &gmt8(now()), &business);
        let body = post_form(mock.addr(), "/router/rest", &params).json();
        let shown: String = body.to_string().chars().take(300).collect();
        let at = format!("page_no {page_no:?}, page_size {page_size:?}: {shown}");
        let page = &body["trades_sold_get_response"];
        let trades = page["trades"]["trade"].as_array().expect(&at);
        assert_eq!(trades.len(), count, "{at}");
        assert_eq!(page["total_results"], json!(5), "{at}");
        assert_eq!(page["has_next"], json!(has_next), "{at}");
        if page_size.is_none() {
            seen.extend(trades.iter().map(|t| t["tid"].as_i64().expect(&at)));
        }
    }
    // The default-size pages hold five different 18-digit ids, then nothing.
    let distinct: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (5, 5), "{seen:?}");
    assert!(seen.iter().all(|id| id.to_string().len() == 18), "{seen:?}");
    // With simplify the same page is plain arrays without the wrapper.
    let params = top_request(
        "taobao.trades.sold.get",
        "md5",
        &gmt8(now()),
        &[
            ("fields", "tid".into()),
            ("page_no", "3".into()),
            ("simplify", "true".into()),
        ],
    );
    let body = post_form(mock.addr(), "/router/rest", &params).json();
    assert_eq!(body["trades"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(body["has_next"], json!(false), "{body}");
    mock.stop();
}
