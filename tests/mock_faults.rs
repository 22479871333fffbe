//! Fault injection and the control endpoints, which clients' end-to-end tests drive.

mod mock_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use mock_support::*;

fn refuse(mock: &topgen::mock::MockHandle) -> Result<Reply, Vec<u8>> {
    let params = top_request(
        "taobao.refund.refuse",
        "hmac",
        &gmt8(now()),
        &refuse_business("这个是绝好的东西"),
    );
    raw(
        mock.addr(),
        "POST",
        "/router/rest",
        "application/x-www-form-urlencoded;charset=utf-8",
        form(&params).as_bytes(),
    )
}

fn set_fault(mock: &topgen::mock::MockHandle, fault: &str) {
    let reply = raw(
        mock.addr(),
        "POST",
        "/__mock/faults",
        "application/json",
        fault.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
}

#[test]
fn sleep_delays_the_normal_answer() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"sleep","ms":400}"#);
    let started = Instant::now();
    let reply = refuse(&mock).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(reply.json()["refund_refuse_response"]["is_success"], true);
    let started = Instant::now();
    refuse(&mock).unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "the fault applied to one request only"
    );
}

#[test]
fn close_drops_the_connection_without_a_byte() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"close"}"#);
    assert_eq!(refuse(&mock).err(), Some(Vec::new()));
    // The request still arrived and is recorded with its fault.
    let record = &control(mock.addr(), "GET", "/__mock/requests", "")["requests"][0];
    assert_eq!(
        (record["fault"]["mode"].as_str(), record["code"].as_u64()),
        (Some("close"), Some(0))
    );
}

#[test]
fn throttle_answers_code_7_for_the_next_requests_only() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"throttle","count":2,"seconds":37}"#);
    for _ in 0..2 {
        let error = refuse(&mock).unwrap().json()["error_response"].clone();
        assert_eq!(error["code"], 7, "{error}");
        assert_eq!(error["msg"], "App Call Limited");
        // The platform's words (shared/reference/top-platform.md, "Errors and rate limits").
        assert_eq!(
            error["sub_code"],
            "accesscontrol.limited-by-app-api-access-count"
        );
        assert_eq!(error["sub_msg"], "This ban will last for 37 more seconds");
    }
    assert_eq!(
        refuse(&mock).unwrap().json()["refund_refuse_response"]["is_success"],
        true
    );
    let records = control(mock.addr(), "GET", "/__mock/requests", "")["requests"].clone();
    let seen: Vec<(Option<&str>, Option<u64>)> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["fault"]["mode"].as_str(), r["code"].as_u64()))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("throttle"), Some(7)),
            (Some("throttle"), Some(7)),
            (None, Some(0))
        ]
    );
}

#[test]
fn html502_answers_a_load_balancer_page() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"html502"}"#);
    let reply = refuse(&mock).unwrap();
    assert_eq!(reply.status, 502);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        String::from_utf8(reply.body)
            .unwrap()
            .contains("<h1>502 Bad Gateway</h1>")
    );
}

#[test]
fn truncate_cuts_the_body_short_of_its_content_length() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"truncate"}"#);
    let reply = refuse(&mock).unwrap();
    assert_eq!(reply.status, 200);
    let length: usize = reply.header("content-length").unwrap().parse().unwrap();
    assert!(
        reply.body.len() < length && !reply.body.is_empty(),
        "{} of {length}",
        reply.body.len()
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
}

#[test]
fn status_applies_to_the_next_count_requests_then_stops() {
    let mock = start();
    set_fault(&mock, r#"{"mode":"status","status":503,"count":2}"#);
    assert_eq!(
        control(mock.addr(), "GET", "/__mock/faults", "")["remaining"],
        2
    );
    // Control requests do not use up a fault.
    assert_eq!(refuse(&mock).unwrap().status, 503);
    assert_eq!(refuse(&mock).unwrap().status, 503);
    assert_eq!(refuse(&mock).unwrap().status, 200);
}

#[test]
fn requests_are_recorded_and_reset_clears_everything() {
    let mock = start();
    refuse(&mock).unwrap();
    let mut params = top_request(
        "taobao.refund.refuse",
        "hmac",
        &gmt8(now()),
        &refuse_business("这个是绝好的东西"),
    );
    params.last_mut().unwrap().1 = "BAD".into();
    raw(
        mock.addr(),
        "POST",
        "/router/rest",
        "application/x-www-form-urlencoded",
        form(&params).as_bytes(),
    )
    .unwrap();
    let requests = control(mock.addr(), "GET", "/__mock/requests", "");
    let list = requests["requests"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (
            list[0]["seq"].as_u64(),
            list[0]["api"].as_str(),
            list[0]["sign_valid"].as_bool()
        ),
        (Some(1), Some("taobao.refund.refuse"), Some(true))
    );
    assert_eq!(list[0]["params"]["refund_id"], "110056431137563058");
    assert_eq!(
        (list[1]["sign_valid"].as_bool(), list[1]["code"].as_u64()),
        (Some(false), Some(25))
    );

    set_fault(&mock, r#"{"mode":"close","count":5}"#);
    assert_eq!(
        control(mock.addr(), "POST", "/__mock/reset", "")["reset"],
        true
    );
    assert_eq!(
        control(mock.addr(), "GET", "/__mock/requests", "")["requests"],
        serde_json::json!([])
    );
    assert_eq!(
        refuse(&mock).unwrap().status,
        200,
        "reset removed the fault"
    );
}

#[test]
fn bad_control_requests_say_what_is_wrong() {
    let mock = start();
    for (body, words) in [
        (r#"{"mode":"explode"}"#, "unknown fault mode"),
        (r#"{"mode":"sleep"}"#, "ms"),
        (r#"{"mode":"sleep","ms":600000}"#, "limited"),
        (r#"{"mode":"status","status":42}"#, "between 200 and 599"),
        ("not json", "not JSON"),
    ] {
        let reply = raw(
            mock.addr(),
            "POST",
            "/__mock/faults",
            "application/json",
            body.as_bytes(),
        )
        .unwrap();
        assert_eq!(reply.status, 400);
        assert!(
            reply.json()["error"].as_str().unwrap().contains(words),
            "{body}"
        );
    }
    assert_eq!(
        raw(
            mock.addr(),
            "GET",
            "/__mock/nothing",
            "application/json",
            b""
        )
        .unwrap()
        .status,
        404
    );
    assert_eq!(
        raw(mock.addr(), "GET", "/no/such/gateway", "text/plain", b"")
            .unwrap()
            .status,
        404
    );
}

#[test]
fn keep_alive_connections_serve_several_requests() {
    let mock = start();
    let mut stream = TcpStream::connect(mock.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for _ in 0..3 {
        let body = form(&top_request(
            "taobao.refund.refuse",
            "md5",
            &gmt8(now()),
            &refuse_business("这个是绝好的东西"),
        ));
        write!(stream, "POST /router/rest HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        assert!(
            String::from_utf8(body)
                .unwrap()
                .contains("refund_refuse_response")
        );
    }
}

#[test]
fn stop_closes_the_port() {
    let mock = start();
    let addr = mock.addr();
    let idle = TcpStream::connect(addr).unwrap(); // an open keep-alive connection must not hold stop up
    let started = Instant::now();
    mock.stop();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err());
    drop(idle);
}
