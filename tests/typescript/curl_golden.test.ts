// The documentation's curl sample (tests/fixtures/top_curl_sample.txt, verbatim from seed 000),
// rebuilt with the generated taobao-top client: every `-d` part byte for byte in the curl's order,
// except `sign` (re-signed with a known secret) and `refuse_message=null` (unset, so not sent).
// Run under several TZ values: the timestamp must be GMT+8 whatever the host's zone.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { parseResponse, GATEWAY, TopClient, ValidationError, type SignMethod } from "@topgen/taobao-top";
import { RefundNegotiatereturnRequest } from "@topgen/taobao-top/refund_negotiatereturn";
import { RefundRefuseRequest, refundRefuseApi } from "@topgen/taobao-top/refund_refuse";

const CURL = readFileSync(new URL("../../fixtures/top_curl_sample.txt", import.meta.url), "utf8");
const PARTS = [...CURL.matchAll(/-d '([^']*)'/g)].map((m) => m[1] ?? "");
const SESSION = "f16605bb-1818-41b0-b421-a8559ca990c4";
const NOW = Date.UTC(2025, 8, 15, 5, 40, 23); // 2025-09-15 13:40:23 at GMT+8

const SIGNS: Record<SignMethod, string> = {
  md5: "EDF7F1CBAB1498AF203CB4682606ADA8",
  hmac: "26C0CB0C9BB0DC1F40A53C021AE9F584",
  "hmac-sha256": "1A9C2122CCF851FF1DE3B6EC21B962A6EE26F2CECC39A1C37039A37DD5D7DE08",
};

function client(signMethod: SignMethod): TopClient {
  return new TopClient({ appKey: "12129701", secret: "test-secret-0123", signMethod, partnerId: "apidoc", clock: () => NOW });
}

function request(): RefundNegotiatereturnRequest {
  const req = new RefundNegotiatereturnRequest();
  req.refund_id = 112233n;
  req.refund_version = 1409231007325n;
  req.refund_fee = 12n;
  req.address_id = 112233n;
  req.negotiate_type = 17n;
  req.refund_type = 1n;
  req.reason_id = 112233n;
  req.negotiate_text = "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。";
  req.support_refuse = true;
  req.support_buyer_refuse = true;
  req.negotiate_version = "newNegotiate";
  return req;
}

test("the curl sample has the parts this test relies on", () => {
  assert.equal(PARTS.length, 21);
  assert.ok(PARTS.includes("refuse_message=null"));
  assert.ok(PARTS.includes("timestamp=2025-09-15+13%3A40%3A23"));
});

for (const method of Object.keys(SIGNS) as SignMethod[]) {
  test(`curl parts byte for byte, signed with ${method} (TZ=${process.env["TZ"] ?? "unset"})`, () => {
    const prepared = client(method).prepare(request(), SESSION);
    const expected = PARTS.filter((p) => p !== "refuse_message=null").map((p) => {
      if (p.startsWith("sign=")) return `sign=${SIGNS[method]}`;
      if (p.startsWith("sign_method=")) return `sign_method=${method}`;
      return p;
    });
    assert.equal(prepared.sign, SIGNS[method]);
    assert.deepEqual(Buffer.from(prepared.body).toString("utf8").split("&"), expected);
  });
}

test("the Node SDK shape gives the same body", () => {
  const byClass = client("hmac").prepare(request(), SESSION);
  const byName = client("hmac").prepare(
    "taobao.refund.negotiatereturn",
    {
      refund_id: "112233",
      refund_version: "1409231007325",
      refund_fee: "12",
      address_id: "112233",
      negotiate_type: "17",
      refund_type: "1",
      reason_id: "112233",
      negotiate_text: "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。",
      support_refuse: true,
      support_buyer_refuse: true,
      negotiate_version: "newNegotiate",
    },
    SESSION,
  );
  assert.deepEqual(Buffer.from(byName.body), Buffer.from(byClass.body));
});

test("an 18-digit refund id round-trips exactly", () => {
  const c = client("md5");
  for (const id of [110056431137563058n, "110056431137563058"]) {
    const req = new RefundRefuseRequest({ refund_id: id, refuse_message: "这个是绝好的东西" });
    const body = Buffer.from(c.prepare(req, "s").body).toString("utf8");
    assert.ok(body.includes("&refund_id=110056431137563058&"), body);
  }
  const answer = '{"refund_refuse_response":{"is_success":true,"refund":{"refund_id":110056431137563058,"status":"CLOSED"},"tid":110056431137563058}}';
  const parsed = parseResponse(GATEWAY, refundRefuseApi, answer);
  assert.equal(parsed.refund?.refund_id, "110056431137563058");
  assert.equal(parsed["tid"], 110056431137563058n);
});

test("an unsafe number id is refused with the contract's message", () => {
  const req = new RefundRefuseRequest({ refund_id: Number("110056431137563058"), refuse_message: "这个是绝好的东西" });
  assert.throws(
    () => client("md5").prepare(req, "s"),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.message === "refund_id: must be a bigint or a string of digits, got the unsafe number 110056431137563060",
  );
});

test("a lone surrogate in a value is sent as U+FFFD (UTF-8 EF BF BD), like the rest of the text", () => {
  const req = request();
  req.negotiate_text = "a\ud800b c";
  const body = Buffer.from(client("md5").prepare(req, SESSION).body).toString("latin1");
  assert.ok(body.includes("&negotiate_text=a%EF%BF%BDb+c&"), body);
});
