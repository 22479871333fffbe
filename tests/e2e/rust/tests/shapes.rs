//! Real response shapes on an imported catalogue API (`taobao.trade.fullinfo.get`, generated at
//! build time from `fixtures/specs`): TOP's wrapped lists (simplify off) are typed lists; 18-digit
//! ids stay exact; dates are typed at GMT+8; `request_id` is on the response; a misfit stays
//! readable in `extra`. (Plain arrays, simplify on, are covered by the runtime's unit tests.)

use topgen_e2e_rust::catalogue::trade_fullinfo_get::{TradeFullinfoGetRequest, TradeFullinfoGetResponse};
use topgen_e2e_rust::catalogue::{DateTime, parse_response};

const WRAPPED: &str = include_str!("../fixtures/trade_fullinfo_get.json");

fn parse(body: &str) -> TradeFullinfoGetResponse {
    parse_response::<TradeFullinfoGetRequest>(body).expect("a typed response")
}

#[test]
fn wrapped_orders_are_typed_with_exact_ids() {
    let response = parse(WRAPPED);
    let trade = response.trade.as_ref().expect("the trade");
    assert_eq!(trade.tid, Some(3388123456789012345));
    let orders = trade.orders.as_ref().expect("the wrapped order list");
    let oids: Vec<i64> = orders.iter().filter_map(|o| o.oid).collect();
    assert_eq!(oids, (3388123456789012346..=3388123456789012351).collect::<Vec<i64>>());
    assert_eq!(orders[0].oid_str.as_deref(), Some("3388123456789012346"));
    assert_eq!(trade.created, DateTime::parse("2025-09-15 13:40:10"));
    assert_eq!(trade.created.map(|t| t.unix_seconds()), Some(1_757_914_810));
    assert_eq!(response.request_id.as_deref(), Some("16k9rq2v0ltvz"));
    assert!(trade.extra.is_empty(), "nothing fell into extra: {:?}", trade.extra);
    assert!(orders.iter().all(|o| o.extra.is_empty()), "nothing fell into an order's extra");
}

#[test]
fn misfits_stay_in_extra() {
    let body = r#"{"trade_fullinfo_get_response":{"trade":{"tid":"not a number","orders":{"order":[{"oid":1}],"other":[]},"created":"2025-09-15T13:40:10"}}}"#;
    let trade = parse(body).trade.expect("the trade");
    assert_eq!((trade.tid, trade.orders.as_ref(), trade.created), (None, None, None));
    let kept: Vec<&str> = trade.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(kept, ["tid", "orders", "created"]);
    assert_eq!(trade.extra.get("created").and_then(|v| v.as_str()), Some("2025-09-15T13:40:10"));
}
