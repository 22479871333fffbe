//! Real response shapes on an imported catalogue API (`taobao.trade.fullinfo.get`, generated at
//! build time from `fixtures/specs`): TOP's wrapped lists (simplify off) and plain arrays
//! (simplify on) give the same typed value; 18-digit ids stay exact; dates are typed at GMT+8;
//! `request_id` is on the response; lists are written back as plain arrays; a misfit stays
//! readable in `extra`.

use topgen_e2e_rust::catalogue::trade_fullinfo_get::{
    TradeFullinfoGetRequest, TradeFullinfoGetResponse,
};
use topgen_e2e_rust::catalogue::{DateTime, ToJson as _, parse_response};

const WRAPPED: &str = include_str!("../fixtures/trade_fullinfo_get.json");

fn parse(body: &str) -> TradeFullinfoGetResponse {
    parse_response::<TradeFullinfoGetRequest>(body).expect("a typed response")
}

/// The simplify=true form of a simplify-off body: no `_response` wrapper, every list a plain
/// array (an object whose only member is an array becomes that array).
fn simplified(body: &str) -> String {
    fn unwrap(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(map)
                if map.len() == 1 && map.values().all(serde_json::Value::is_array) =>
            {
                unwrap(map.into_iter().next().map(|(_, v)| v).unwrap_or_default())
            }
            serde_json::Value::Object(map) => {
                serde_json::Value::Object(map.into_iter().map(|(k, v)| (k, unwrap(v))).collect())
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(unwrap).collect())
            }
            other => other,
        }
    }
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    unwrap(value["trade_fullinfo_get_response"].clone()).to_string()
}

#[test]
fn simplify_on_and_off_give_the_same_typed_value() {
    let plain = simplified(WRAPPED);
    assert!(
        plain.contains(r#""orders":[{"#),
        "the simplified body has plain arrays"
    );
    assert_eq!(parse(&plain), parse(WRAPPED));
}

#[test]
fn lists_are_written_back_as_plain_arrays() {
    let written = parse(WRAPPED).to_json().to_string();
    assert!(written.contains(r#""orders":[{"#));
    assert!(!written.contains(r#"{"order":["#));
    let expected = topgen_e2e_rust::catalogue::Json::parse(&simplified(WRAPPED)).unwrap();
    assert_eq!(
        parse(WRAPPED).to_json(),
        expected,
        "written back as the simplify=true body"
    );
}

#[test]
fn wrapped_orders_are_typed_with_exact_ids() {
    let response = parse(WRAPPED);
    let trade = response.trade.as_ref().expect("the trade");
    assert_eq!(trade.tid, Some(3388123456789012345));
    let orders = trade.orders.as_ref().expect("the wrapped order list");
    let oids: Vec<i64> = orders.iter().filter_map(|o| o.oid).collect();
    assert_eq!(
        oids,
        (3388123456789012346..=3388123456789012351).collect::<Vec<i64>>()
    );
    assert_eq!(orders[0].oid_str.as_deref(), Some("3388123456789012346"));
    assert_eq!(trade.created, DateTime::parse("2025-09-15 13:40:10"));
    assert_eq!(trade.created.map(|t| t.unix_seconds()), Some(1_757_914_810));
    assert_eq!(response.request_id.as_deref(), Some("16k9rq2v0ltvz"));
    assert!(
        trade.extra.is_empty(),
        "nothing fell into extra: {:?}",
        trade.extra
    );
    assert!(
        orders.iter().all(|o| o.extra.is_empty()),
        "nothing fell into an order's extra"
    );
}

#[test]
fn misfits_stay_in_extra() {
    let body = r#"{"trade_fullinfo_get_response":{"trade":{"tid":"not a number","orders":{"order":[{"oid":1}],"other":[]},"created":"2025-09-15T13:40:10"}}}"#;
    let trade = parse(body).trade.expect("the trade");
    assert_eq!(
        (trade.tid, trade.orders.as_ref(), trade.created),
        (None, None, None)
    );
    let kept: Vec<&str> = trade.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(kept, ["tid", "orders", "created"]);
    assert_eq!(
        trade.extra.get("created").and_then(|v| v.as_str()),
        Some("2025-09-15T13:40:10")
    );
}
