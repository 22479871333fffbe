//! Builds the documented `taobao.refund.negotiatereturn` request with a fixed clock and prints
//! the signed form body.

use build_rs_demo::top::refund_negotiatereturn::RefundNegotiatereturnRequest;
use build_rs_demo::top::{ClientConfig, SignMethod};

fn main() {
    // 2025-09-15 13:40:23 GMT+8, the time of the documentation's curl sample.
    let config = ClientConfig::new("12129701", "test-secret-0123")
        .sign_method(SignMethod::HmacMd5)
        .partner_id("apidoc")
        .clock(|| 1_757_914_823_000);
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
    match config.prepare(&request, Some("f16605bb-1818-41b0-b421-a8559ca990c4")) {
        Ok(prepared) => {
            println!("POST {}", prepared.url);
            println!("sign={}", prepared.sign);
            println!("{}", prepared.body_text());
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
