// Batch calls (docs/runtime-contract.md, "Batch calls"): the body and the three signatures of
// each worked example of the contract (computed there with an independent implementation), the
// query string, validation prefixed with the call's index, files refused, and how the answer is
// split. No network: a canned transport stands in for the gateway.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  type BatchItem,
  BatchValidationError,
  GatewayError,
  InvalidBodyError,
  RateLimitError,
  type SignMethod,
  TopClient,
  ValidationError,
} from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

import { canned, recordingWaits, time, trade } from "./issue13_support.js";

const SECRET = "test-secret-0123";
const NOW = Date.UTC(2025, 8, 15, 5, 40, 23); // 2025-09-15 13:40:23 at GMT+8
const SEP = "\r\n-S-\r\n";

const VECTORS: { name: string; calls: () => BatchItem[]; body: string; signs: Record<SignMethod, string> }[] = [
  {
    name: "same method, hoisted",
    calls: () => [
      { request: trade("tid,status", "1234567890123456789"), session: "sess-a" },
      { request: trade("tid,status", "9876543210987654321"), session: "sess-b" },
    ],
    body:
      "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\n" +
      "fields=tid%2Cstatus&session=sess-a&tid=1234567890123456789\r\n-S-\r\n" +
      "fields=tid%2Cstatus&session=sess-b&tid=9876543210987654321",
    signs: {
      "hmac-sha256": "203CE03BE42E0AB3E8C1818ECEABD4AA538B6AD785E30034EDFCC78702D2E8FE",
      md5: "F4F8BC3E5EAF005F7F1BD78CD2A8A7D9",
      hmac: "CD9211E892096F62DB7D7CC5425B43F2",
    },
  },
  {
    name: "two methods",
    calls: () => [{ request: trade("tid", "1234567890123456789"), session: "sess-a" }, time()],
    body: "fields=tid&method=taobao.trade.fullinfo.get&session=sess-a&tid=1234567890123456789\r\n-S-\r\nmethod=taobao.time.get",
    signs: {
      "hmac-sha256": "95CA3C149D6CC7FE20CE4C4783C21048E6EC9597418D0ED94DCE0735570988EE",
      md5: "248D4C53E62D00C3D04F434C3F1D51E6",
      hmac: "8A0C11E89A26EFCAEE1A0B5C0859E068",
    },
  },
  {
    name: "empty segments",
    calls: () => [time(), time()],
    body: "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN",
    signs: {
      "hmac-sha256": "59D272BFFBFF72D4D9E595C51657357BEDF006B53A7BC67FE39E5B5A85862377",
      md5: "5C16443644EB0BE6E26B1974A928C58F",
      hmac: "54D5E533FD7E2F9659A38E20FB55E568",
    },
  },
];

function client(options: { signMethod?: SignMethod; transport?: ReturnType<typeof canned>; retries?: number } = {}): TopClient {
  return new TopClient({ appKey: "12129701", secret: SECRET, clock: () => NOW, ...options });
}

for (const v of VECTORS) {
  for (const method of ["hmac-sha256", "md5", "hmac"] as const) {
    test(`worked example "${v.name}" with ${method}: body bytes and sign`, () => {
      const prepared = client({ signMethod: method }).prepareBatch(v.calls());
      assert.equal(Buffer.from(prepared.body).toString("latin1"), v.body);
      assert.equal(prepared.sign, v.signs[method]);
      assert.equal(prepared.contentType, "text/plain;charset=UTF-8");
    });
  }
}

test("the query string holds the system parameters and the sign, nothing else", () => {
  const prepared = client({ signMethod: "md5" }).prepareBatch(VECTORS[0]!.calls());
  const url = new URL(prepared.url);
  assert.equal(`${url.origin}${url.pathname}`, "https://gw.api.taobao.com/router/batch");
  assert.equal(
    url.search,
    "?app_key=12129701&format=json&partner_id=topgen&sign=F4F8BC3E5EAF005F7F1BD78CD2A8A7D9&sign_method=md5&timestamp=2025-09-15+13%3A40%3A23&v=2.0",
  );
});

test("stringToSign is the query's string plus the body, sessions masked, no secret", () => {
  const prepared = client().prepareBatch(VECTORS[0]!.calls());
  assert.equal(prepared.signMethod, "hmac-sha256");
  assert.equal(
    prepared.stringToSign,
    "app_key12129701formatjsonpartner_idtopgensign_methodhmac-sha256timestamp2025-09-15 13:40:23v2.0" +
      "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\nfields=tid%2Cstatus&session=***&tid=1234567890123456789" +
      "\r\n-S-\r\nfields=tid%2Cstatus&session=***&tid=9876543210987654321",
  );
  const printed = `${String(prepared)} ${JSON.stringify(prepared)}`;
  assert.ok(!printed.includes("sess-a") && !printed.includes(SECRET) && !prepared.stringToSign.includes(SECRET));
});

test("a single call is hoisted too; a mock URL ends in /router/batch", () => {
  const c = new TopClient({ appKey: "12129701", secret: SECRET, url: "http://127.0.0.1:8970/router/rest", clock: () => NOW });
  const prepared = c.prepareBatch([time()]);
  assert.equal(Buffer.from(prepared.body).toString(), "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN");
  assert.ok(prepared.url.startsWith("http://127.0.0.1:8970/router/batch?app_key=12129701&"));
});

test("a failing call is named by its index", () => {
  assert.throws(
    () => client().prepareBatch([time(), new RefundRefuseRequest({ refund_id: 1n })]),
    (e: unknown) => e instanceof BatchValidationError && e instanceof ValidationError && e.index === 1 && e.message === "calls[1]: session: is required",
  );
  assert.throws(
    () => client().prepareBatch([time(), { request: new RefundRefuseRequest({ refund_id: 1n }), session: "s" }]),
    { message: "calls[1]: refuse_message: is required" },
  );
});

test("file-carrying calls are refused before anything is sent", async () => {
  const transport = canned();
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const refuse = new RefundRefuseRequest({ refund_id: 1n, refuse_message: "no", refuse_proof: png });
  await assert.rejects(client({ transport }).batch([time(), { request: refuse, session: "s" }]), {
    message: "calls[1]: refuse_proof: files cannot be sent in a batch call",
  });
  assert.equal(transport.sent.length, 0);
});

test("an empty batch sends nothing", async () => {
  const transport = canned();
  assert.deepEqual(await client({ transport }).batch([]), []);
  assert.equal(transport.sent.length, 0);
});

const TIME_OK = '{"time_get_response":{"time":"2025-09-15 13:40:23","request_id":"r1"}}';
const TRADE_ERR = '{"error_response":{"code":27,"msg":"Invalid session","sub_code":"invalid-sessionkey","request_id":"r2"}}';

test("results come back in order: typed responses or each call's own error", async () => {
  const transport = canned([TIME_OK, TRADE_ERR].join(SEP));
  const [first, second] = await client({ transport }).batch([time(), { request: trade("tid", "1"), session: "bad" }] as const);
  assert.equal(transport.sent.length, 1);
  assert.ok(first.ok && first.response.time === "2025-09-15 13:40:23");
  assert.ok(!second.ok && second.error instanceof GatewayError);
  assert.equal(second.error.code, "27");
});

test("one answer for several calls is the batch's error; code 25 says what was signed", async () => {
  const body = '{"error_response":{"code":25,"msg":"Invalid signature"}}';
  await assert.rejects(client({ transport: canned(body) }).batch([time(), time()]), (e: unknown) => {
    assert.ok(e instanceof GatewayError && e.code === "25");
    assert.equal(e.signed?.method, "hmac-sha256");
    assert.ok(
      e.message.endsWith(
        "; the client signed (hmac-sha256): app_key12129701formatjsonpartner_idtopgensign_methodhmac-sha256" +
          "timestamp2025-09-15 13:40:23v2.0#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN",
      ),
    );
    return true;
  });
  await assert.rejects(client({ transport: canned(TIME_OK) }).batch([time(), time()]), (e: unknown) => {
    return e instanceof InvalidBodyError && e.message.includes("one answer for 2 calls");
  });
});

for (const count of [2, 4]) {
  test(`${count} answers for 3 calls is an invalid body`, async () => {
    const transport = canned(Array(count).fill(TIME_OK).join(SEP));
    await assert.rejects(client({ transport }).batch([time(), time(), time()]), (e: unknown) => {
      return e instanceof InvalidBodyError && e.message.includes(`${count} answers for 3 calls`);
    });
  });
}

test("a broken segment is that call's error", async () => {
  const [a, b] = await client({ transport: canned([TIME_OK, "<html>"].join(SEP)) }).batch([time(), time()] as const);
  assert.ok(a.ok && !b.ok && b.error instanceof InvalidBodyError);
});

test("a throttled batch is retried as a whole after the ban", async () => {
  const throttled = '{"error_response":{"code":7,"msg":"App Call Limited","sub_msg":"This ban will last for 3 more seconds"}}';
  const transport = canned(throttled, [TIME_OK, TIME_OK].join(SEP));
  const { result, waits } = await recordingWaits(() => client({ transport, retries: 1 }).batch([time(), time()]));
  assert.deepEqual(waits, [3000]);
  assert.equal(transport.sent.length, 2);
  assert.ok(result?.every((r) => r.ok));
  assert.ok(RateLimitError.prototype instanceof GatewayError);
});
