// TOP end to end: the generated @topgen/taobao-top client against `topgen serve-mock`.
// Scenarios 1 (three sign methods), 2 (multipart upload), 4 (wrong secret) and 8 (Node SDK call
// shape with an 18-digit refund id).

import assert from "node:assert/strict";
import { test } from "node:test";

import { GatewayError, type SignMethod, TopClient } from "@topgen/taobao-top";
import { RefundNegotiatereturnRequest } from "@topgen/taobao-top/refund_negotiatereturn";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

import { failure, PNG, REFUND_ID, SESSION, sha256 } from "./support/fixtures.js";
import { TOP_APP, useMock } from "./support/mock.js";

const mock = useMock();

function client(options: { signMethod?: SignMethod; secret?: string } = {}): TopClient {
  return new TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: 5_000, ...options });
}

/** The Java SDK sample's request (seed 000), with the curl's full-width commas. */
function negotiateReturn(): RefundNegotiatereturnRequest {
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
  req.refuse_message = { refuse_reason_id: 112233n, refuse_message: "拒绝留言" };
  return req;
}

for (const signMethod of ["md5", "hmac", "hmac-sha256"] as const) {
  test(`1. negotiatereturn succeeds signed with ${signMethod}`, { timeout: 10_000 }, async () => {
    const rsp = await client({ signMethod }).execute(negotiateReturn(), SESSION);
    // The mock's canned answer is the spec's first response case.
    assert.equal(rsp.request_id, "10ef3avfhm3xe");

    const [record, ...more] = await mock().requests();
    assert.equal(more.length, 0, "exactly one request");
    assert.equal(record!.api, "taobao.refund.negotiatereturn");
    assert.equal(record!.sign_valid, true);
    assert.equal(record!.code, 0, `${record!.msg} ${record!.sub_msg}`);
    assert.equal(record!.params["sign_method"], signMethod);
    // The mock masks the session in its record and keeps its SHA-256.
    assert.equal(record!.params["session"], "***");
    assert.equal(record!.session_sha256, sha256(new TextEncoder().encode(SESSION)));
    assert.equal(record!.params["negotiate_text"], "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。");
    assert.equal(record!.params["refuse_message"], '{"refuse_reason_id":112233,"refuse_message":"拒绝留言"}');
    assert.match(record!.params["sign"]!, /^[0-9A-F]+$/, "TOP signs in upper-case hex");
  });
}

test("2. refuse uploads a PNG proof as a multipart file part", { timeout: 10_000 }, async () => {
  const req = new RefundRefuseRequest({
    refund_id: BigInt(REFUND_ID),
    refuse_message: "这个是绝好的东西，一定要尝试",
    refund_phase: "onsale",
    refund_version: 1618846920000n,
    refuse_proof: { data: PNG, filename: "proof.png" },
  });
  const rsp = await client({ signMethod: "hmac" }).execute(req, SESSION);
  assert.equal(rsp.is_success, true);
  assert.equal(rsp.refund?.refund_id, REFUND_ID);
  assert.equal(rsp.refund?.status, "SELLER_REFUSE_BUYER");

  const [record, ...more] = await mock().requests();
  assert.equal(more.length, 0);
  assert.match(record!.content_type ?? "", /^multipart\/form-data; boundary=/);
  assert.equal(record!.sign_valid, true);
  assert.equal(record!.code, 0, `${record!.msg} ${record!.sub_msg}`);
  assert.deepEqual(record!.files, [{ name: "refuse_proof", filename: "proof.png", content_type: "image/png", size: PNG.length, sha256: sha256(PNG) }]);
  assert.equal(record!.params["refuse_proof"], undefined, "the file is a part, not a (signed) text parameter");
  assert.equal(record!.params["refund_id"], REFUND_ID);
});

test("4. a wrong secret gives the gateway's code 25, the raw body, and no secret", { timeout: 10_000 }, async () => {
  const wrong = "wrong-secret-must-not-leak";
  const e = await failure(() => client({ secret: wrong }).execute(negotiateReturn(), SESSION), wrong);
  assert.ok(e instanceof GatewayError, String(e));
  assert.equal(e.kind, "gateway");
  assert.equal(e.code, "25");
  assert.equal(e.gatewayMessage, "Invalid signature");
  const body = JSON.parse(e.body) as { error_response: { code: number; msg: string } };
  assert.equal(body.error_response.code, 25);
  assert.ok(!e.body.includes(wrong) && !e.body.includes(TOP_APP.secret));

  const [record] = await mock().requests();
  assert.equal(e.requestId, `mock${String(record!.seq).padStart(6, "0")}`);
  assert.equal(record!.sign_valid, false);
  assert.equal(record!.code, 25);
});

test("8. the Node SDK call shape sends an 18-digit refund id exactly and gets it back exactly", { timeout: 10_000 }, async () => {
  // The answer carries the id as a JSON number beyond 2^53, where JSON.parse would round it.
  await mock().respond("taobao.refund.negotiatereturn", `{"refund_negotiatereturn_response":{"refund_id":${REFUND_ID},"request_id":"big1"}}`);
  const c = client({ signMethod: "md5" });
  const rsp = await c.execute("taobao.refund.negotiatereturn", {
    refund_id: REFUND_ID,
    refund_version: "1409231007325",
    refund_fee: "12",
    negotiate_text: "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。",
    support_refuse: true,
    negotiate_version: "newNegotiate",
  }, SESSION);
  assert.equal(rsp.request_id, "big1");
  assert.equal(rsp["refund_id"], BigInt(REFUND_ID), "an unknown int field keeps every digit, as a bigint");

  // Through the typed refund.refuse answer too: `refund.refund_id` is a string field.
  await mock().respond("taobao.refund.refuse", `{"refund_refuse_response":{"is_success":true,"refund":{"refund_id":${REFUND_ID},"status":"SELLER_REFUSE_BUYER"}}}`);
  const refused = await c.execute("taobao.refund.refuse", { refund_id: BigInt(REFUND_ID), refuse_message: "已发货，请查收" }, SESSION);
  assert.equal(refused.refund?.refund_id, REFUND_ID);

  const records = await mock().requests();
  assert.equal(records.length, 2);
  for (const record of records) {
    assert.equal(record.params["refund_id"], REFUND_ID, "arrived with every digit");
    assert.equal(record.sign_valid, true);
    assert.equal(record.code, 0, `${record.msg} ${record.sub_msg}`);
  }
});
