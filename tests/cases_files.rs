//! Cases files (`specs/<gateway>/cases/<api name>.yaml`): conformance cases attached to an API
//! whose spec is elsewhere (an imported one), merged at load, read only when the API is selected.
//! Their errors are snapshot-tested with the other bad specs (tests/fixtures/bad-specs/cases_files).

mod mock_support;

use mock_support::{gmt8, now, post_form, refuse_business, start, top_request};
use topgen::model::{RequestExpect, ResponseExpect};
use topgen::{Error, Generator};

const BAD: &str = "tests/fixtures/bad-specs/cases_files";

#[test]
fn an_imported_api_gets_the_cases_of_its_cases_file() {
    let model = Generator::new("specs")
        .apis(["taobao.trade.fullinfo.get"])
        .model()
        .unwrap_or_else(|e| panic!("{e}"));
    let api = &model.gateways[0].apis[0];
    assert_eq!(api.name, "taobao.trade.fullinfo.get");
    let responses: Vec<&str> = api.response_cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        responses,
        [
            "orders_wrapped",
            "orders_simplified",
            "empty_and_null_lists",
            "unexpected_shapes_kept_in_extra",
            "invalid_session"
        ]
    );
    let ResponseExpect::Value { json } = &api.response_cases[0].expect else {
        panic!("orders_wrapped expects a value");
    };
    assert!(json.contains(r#""oid":312345678901234568"#), "{json}");
    let request = &api.request_cases[0];
    assert_eq!(request.name, "fields_and_18_digit_tid");
    let RequestExpect::Request { sign, .. } = &request.expect else {
        panic!("a signed request")
    };
    assert_eq!(
        sign.as_deref(),
        Some("FC7481DE7FAB0E7BBD4C9420FCE1679BE0BB4A1EA532A3E8E990E768BD80CE24")
    );
}

#[test]
fn a_cases_file_is_read_only_when_its_api_is_selected() {
    // Only taobao.refund.refuse.yaml is read: its repeated and colliding names are reported;
    // the other files (a typo, a misnamed file, broken YAML, a misspelt key) are not opened.
    let Err(Error::Specs(d)) = Generator::new(BAD).apis(["taobao.refund.refuse"]).model() else {
        panic!("expected diagnostics")
    };
    let mut files: Vec<String> = d.0.iter().map(|d| d.file.display().to_string()).collect();
    files.dedup();
    assert_eq!(
        files,
        [format!("{BAD}/mini/cases/taobao.refund.refuse.yaml")],
        "{d}"
    );
    assert_eq!(d.0.len(), 4, "{d}");
    // A selection that names only the broken file's API reads it (and finds no such API).
    let Err(Error::Specs(d)) = Generator::new(BAD).apis(["taobao.refund.*"]).model() else {
        panic!("expected diagnostics")
    };
    assert!(d.to_string().contains("YAML syntax error"), "{d}");
    assert!(d.to_string().contains("taobao.refund.refuze"), "{d}");
    assert!(!d.to_string().contains("other.name.yaml"), "{d}");
}

#[test]
fn the_mock_answers_from_the_schema_not_from_a_cases_file() {
    // A cases file holds shape tests (here: two orders, has_next true), not a sample answer: the
    // mock keeps building taobao.trades.sold.get's answer from its schema, while a curated API
    // is still answered with its spec's first success case.
    let mock = start();
    let business = [
        ("fields", "tid".to_string()),
        ("page_no", "1".to_string()),
        ("page_size", "2".to_string()),
    ];
    let request = top_request("taobao.trades.sold.get", "md5", &gmt8(now()), &business);
    let reply = post_form(mock.addr(), "/router/rest", &request);
    let answer = reply.json();
    let response = &answer["trades_sold_get_response"];
    assert!(response.is_object(), "{answer}");
    assert_ne!(response["request_id"], "3d4f5a6b7c8d", "{answer}");
    let cased = std::fs::read_to_string("specs/top/cases/taobao.trades.sold.get.yaml").unwrap();
    assert!(cased.contains("3d4f5a6b7c8d"));

    let business = refuse_business("这个是绝好的东西");
    let request = top_request("taobao.refund.refuse", "md5", &gmt8(now()), &business);
    let answer = post_form(mock.addr(), "/router/rest", &request).json();
    assert_eq!(
        answer["refund_refuse_response"]["request_id"], "55o5l56d3jfp",
        "{answer}"
    );
}
