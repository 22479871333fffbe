//! Requests and clients shared by the scenarios (each test binary uses what it needs).
#![allow(dead_code)]

use std::time::Duration;

use topgen_e2e_rust::MockGateway;
use topgen_e2e_rust::samples::{H7B_APP_KEY, TOP_APP_KEY};

use h7b_taobao::refund_refuse::RefundRefuseRequest as H7bRefuseRequest;
use taobao_top::refund_negotiatereturn::{RefundNegotiatereturnRequest, RefundRefuseMessage};
use taobao_top::refund_refuse::RefundRefuseRequest as TopRefuseRequest;

/// A bound for calls that should answer at once.
pub const PROMPT: Duration = Duration::from_secs(10);

/// The official SDK sample's request (seed 000, the curl's full-width commas) without its refuse
/// message: what the benchmarks send and sign.
pub fn sample_negotiate_request() -> RefundNegotiatereturnRequest {
    let mut request = RefundNegotiatereturnRequest::new();
    request
        .set_refund_id(112233)
        .set_refund_version(1409231007325)
        .set_refund_fee(12)
        .set_address_id(112233)
        .set_negotiate_type(17)
        .set_refund_type(1)
        .set_reason_id(112233)
        .set_negotiate_text(
            "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。",
        )
        .set_support_refuse(true)
        .set_support_buyer_refuse(true)
        .set_negotiate_version("newNegotiate");
    request
}

/// The official SDK sample's request (seed 000), with the curl's full-width commas.
pub fn negotiate_request() -> RefundNegotiatereturnRequest {
    let mut message = RefundRefuseMessage::new();
    message
        .set_refuse_reason_id(112233)
        .set_refuse_message("拒绝留言");
    let mut req = sample_negotiate_request();
    req.set_refuse_message(message);
    req
}

/// The curl sample's refuse request, without a proof.
pub fn top_refuse_request() -> TopRefuseRequest {
    let mut req = TopRefuseRequest::new();
    req.set_refund_id(110056431137563058)
        .set_refuse_message("这个是绝好的东西，一定要尝试")
        .set_refund_phase("onsale")
        .set_refund_version(1618846920000);
    req
}

/// The H7B worked example's refuse request, without a proof.
pub fn h7b_refuse_request() -> H7bRefuseRequest {
    let mut req = H7bRefuseRequest::new();
    req.set_refund_id(110056431137563058)
        .set_refuse_message("这个是绝好的东西，一定要尝试")
        .set_refund_phase("onsale")
        .set_refund_version("1618846920000");
    req
}

/// TOP settings pointing at the mock with the dev pair (`secret` to try a wrong one).
pub fn top_config(mock: &MockGateway, secret: &str) -> taobao_top::ClientConfig {
    taobao_top::ClientConfig::new(TOP_APP_KEY, secret)
        .url(mock.top_url())
        .connect_timeout(PROMPT)
        .timeout(PROMPT)
}

/// H7B settings pointing at the mock with the dev pair (`secret` to try a wrong one).
pub fn h7b_config(mock: &MockGateway, secret: &str) -> h7b_taobao::ClientConfig {
    h7b_taobao::ClientConfig::new(H7B_APP_KEY, secret)
        .url(mock.h7b_url())
        .connect_timeout(PROMPT)
        .timeout(PROMPT)
}
