// H7B end to end: the generated @topgen/h7b-taobao client against `topgen serve-mock`.
// Scenarios 3 (proof image as raw bytes and as base64 text) and 4 (wrong secret).

import assert from "node:assert/strict";
import { test } from "node:test";

import { GatewayError, H7bClient } from "@topgen/h7b-taobao";
import { RefundRefuseRequest } from "@topgen/h7b-taobao/refund_refuse";

import { failure, PNG, REFUND_ID, SELLER_NICK, sha256 } from "./support/fixtures.js";
import { H7B_APP, useMock } from "./support/mock.js";

const mock = useMock();

function client(secret: string = H7B_APP.secret): H7bClient {
  return new H7bClient({ appKey: H7B_APP.appKey, secret, url: mock().h7bUrl, timeoutMs: 5_000, sysid: "100", proxy: "" });
}

const PNG_BASE64 = Buffer.from(PNG).toString("base64");

for (const [label, proof] of [
  ["raw bytes", { data: PNG, filename: "proof.png" }],
  ["base64 text", { base64: PNG_BASE64 }],
] as const) {
  test(`3. refuse with a proof image given as ${label} succeeds with the typed data`, { timeout: 10_000 }, async () => {
    const req = new RefundRefuseRequest({
      refund_id: REFUND_ID,
      refuse_message: "这个是绝好的东西，一定要尝试",
      refund_phase: "onsale",
      refund_version: "1618846920000",
      refuse_proof: proof,
    });
    const rsp = await client().execute(req, SELLER_NICK);
    // The mock's canned answer is the seed's success body (the spec's first response case).
    assert.equal(rsp.is_success, true);
    assert.equal(rsp.refund?.refund_id, REFUND_ID);
    assert.equal(rsp.refund?.status, "SELLER_REFUSE_BUYER");
    // A date arrives as a Date: 2021-04-19 23:42:09 at GMT+8 is 15:42:09 UTC.
    assert.equal(rsp.refund?.modified?.toISOString(), "2021-04-19T15:42:09.000Z");
    assert.equal(rsp.request_id, "55o5l56d3jfp");

    const [record, ...more] = await mock().requests();
    assert.equal(more.length, 0);
    assert.equal(record!.path, "/gateway/taobao/refund/refuse");
    assert.match(record!.content_type ?? "", /^application\/x-www-form-urlencoded/);
    assert.equal(record!.sign_valid, true);
    assert.equal(record!.code, 0, `${record!.msg} ${record!.sub_msg}`);
    assert.deepEqual(record!.files, [], "H7B takes files as base64 text fields");
    assert.equal(record!.params["refuse_proof"], PNG_BASE64);
    assert.equal(record!.params["tb_seller_nick"], "***"); // the session parameter, masked by the mock
    assert.equal(record!.session_sha256, sha256(new TextEncoder().encode(SELLER_NICK)));
    assert.equal(record!.params["refund_id"], REFUND_ID);
    assert.equal(record!.params["sysid"], "100");
    assert.match(record!.params["timestamp"]!, /^\d{10}$/);
    assert.match(record!.params["sign"]!, /^[0-9a-f]{32}$/, "H7B signs in lower-case hex");
  });
}

test("4. a wrong secret gives H7B's error with code 25, the raw body, and no secret", { timeout: 10_000 }, async () => {
  const wrong = "wrong-h7b-secret-must-not-leak";
  const req = new RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: "这个是绝好的东西，一定要尝试" });
  const e = await failure(() => client(wrong).execute(req, SELLER_NICK), wrong);
  assert.ok(e instanceof GatewayError, String(e));
  assert.equal(e.code, "25");
  assert.equal(e.gatewayMessage, "Invalid signature");
  const [record] = await mock().requests();
  const traceId = `mock${String(record!.seq).padStart(6, "0")}`;
  assert.equal(e.traceId, traceId);
  assert.deepEqual(JSON.parse(e.body), { code: 25, message: "Invalid signature", trace_id: traceId });
  assert.equal(record!.sign_valid, false);
  assert.equal(record!.code, 25);
});
