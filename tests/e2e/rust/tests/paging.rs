//! Pages end to end: `taobao.trades.sold.get` (paged in its spec) through the generated
//! `PagedRequest` against the mock, one canned page per call (`POST /__mock/responses` before each
//! fetch), blocking and async. The iterators must stop exactly — on `has_next` false, on
//! `total_results`, on an empty page — and ask for the page numbers the contract says.

use serde_json::{Value, json};
use taobao_top::trades_sold_get::{TradesSoldGetRequest, TradesSoldGetResponse};
use taobao_top::{BlockingClient, Client};
use topgen_e2e_rust::MockGateway;
use topgen_e2e_rust::samples::{SESSION, TOP_SECRET};

mod common;
use common::top_config;

const API: &str = "taobao.trades.sold.get";

fn page(tids: &[i64], extra: Value) -> Value {
    let mut body = json!({ "trades": { "trade": tids.iter().map(|t| json!({"tid": t})).collect::<Vec<_>>() } });
    for (k, v) in extra.as_object().expect("an object") {
        body[k] = v.clone();
    }
    json!({ "trades_sold_get_response": body })
}

fn request(page_size: Option<i64>) -> TradesSoldGetRequest {
    let mut request = TradesSoldGetRequest::new();
    request.set_fields("tid");
    if let Some(size) = page_size {
        request.set_page_size(size);
    }
    request
}

fn tids(response: &TradesSoldGetResponse) -> Vec<i64> {
    response
        .trades
        .iter()
        .flatten()
        .filter_map(|t| t.tid)
        .collect()
}

/// The `page_no` each recorded call sent (`None`: unset, i.e. page 1).
fn page_nos(mock: &MockGateway) -> Vec<Option<String>> {
    mock.requests()
        .iter()
        .map(|r| r.param("page_no").map(str::to_owned))
        .collect()
}

/// A stop rule: its name, the page size, the pages the mock answers in turn, and the page
/// numbers it must receive.
type Scenario = (&'static str, Option<i64>, Vec<Value>, Vec<Option<String>>);

fn scenarios() -> Vec<Scenario> {
    let n = |v: &str| Some(v.to_owned());
    vec![
        (
            "has_next false",
            Some(2),
            vec![
                page(&[1, 2], json!({"has_next": true})),
                page(&[3], json!({"has_next": false})),
            ],
            vec![None, n("2")],
        ),
        (
            "total_results covered",
            Some(2),
            vec![
                page(&[1, 2], json!({"total_results": 5})),
                page(&[3, 4], json!({"total_results": 5})),
                page(&[5], json!({"total_results": 5})),
            ],
            vec![None, n("2"), n("3")],
        ),
        (
            "empty page",
            None,
            vec![page(&[1, 2], json!({})), page(&[], json!({}))],
            vec![None, n("2")],
        ),
    ]
}

#[test]
fn blocking_pages_stop_exactly() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();
    for (name, size, answers, expected) in scenarios() {
        mock.reset();
        let mut pages = client.pages(request(size), Some(SESSION));
        let mut seen = Vec::new();
        for answer in &answers {
            mock.respond(API, answer.clone());
            let got = pages
                .next()
                .unwrap_or_else(|| panic!("{name}: ended early"))
                .unwrap();
            seen.extend(tids(&got));
        }
        assert!(pages.next().is_none(), "{name}: asked past the last page");
        assert_eq!(page_nos(&mock), expected, "{name}");
        let all: Vec<i64> = answers
            .iter()
            .flat_map(|a| {
                a["trades_sold_get_response"]["trades"]["trade"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["tid"].as_i64().unwrap())
            })
            .collect();
        assert_eq!(seen, all, "{name}");
    }
}

#[test]
fn blocking_items_cross_pages_in_order() {
    let mock = MockGateway::start();
    let client = BlockingClient::new(top_config(&mock, TOP_SECRET)).unwrap();
    let mut items = client.items(request(Some(2)), Some(SESSION));
    mock.respond(API, page(&[7, 8], json!({"has_next": true})));
    assert_eq!(items.next().unwrap().unwrap().tid, Some(7));
    assert_eq!(items.next().unwrap().unwrap().tid, Some(8));
    mock.respond(API, page(&[9], json!({"has_next": false})));
    assert_eq!(items.next().unwrap().unwrap().tid, Some(9));
    assert!(items.next().is_none());
    assert_eq!(page_nos(&mock), vec![None, Some("2".to_owned())]);
}

#[tokio::test]
async fn async_pages_stop_exactly() {
    let mock = MockGateway::start();
    let client = Client::new(top_config(&mock, TOP_SECRET)).unwrap();
    for (name, size, answers, expected) in scenarios() {
        mock.reset();
        let mut pages = client.pages(request(size), Some(SESSION));
        for answer in &answers {
            mock.respond(API, answer.clone());
            pages
                .next_page()
                .await
                .unwrap_or_else(|| panic!("{name}: ended early"))
                .unwrap();
        }
        assert!(
            pages.next_page().await.is_none(),
            "{name}: asked past the last page"
        );
        assert_eq!(page_nos(&mock), expected, "{name}");
    }
}
