// Sign debugging and rate-limit bans (docs/runtime-contract.md, "Sign debugging" and "Rate-limit
// bans"), without a network: a canned transport answers and `setTimeout` records its delays. The
// expected string is written out from the signing rule by hand, not taken from the client.

import assert from "node:assert/strict";
import { test } from "node:test";

import { GatewayError, RateLimitError, TopClient } from "@topgen/taobao-top";
import { RefundNegotiatereturnRequest } from "@topgen/taobao-top/refund_negotiatereturn";

import { canned, recordingWaits } from "./issue13_support.js";

const SECRET = "test-secret-0123";
const SESSION = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805";
const NOW = Date.UTC(2025, 8, 15, 5, 40, 23);
const MASKED =
  "app_key12129701formatjsonmethodtaobao.refund.negotiatereturnpartner_idtopgen" +
  "refund_id110056431137563058refund_version1409231007325session***sign_methodhmac" +
  "timestamp2025-09-15 13:40:23v2.0";

function request(): RefundNegotiatereturnRequest {
  return new RefundNegotiatereturnRequest({ refund_id: 110056431137563058n, refund_version: 1409231007325n });
}

function client(options: { transport?: ReturnType<typeof canned>; retries?: number; maxRetryDelayMs?: number } = {}): TopClient {
  return new TopClient({ appKey: "12129701", secret: SECRET, signMethod: "hmac", clock: () => NOW, ...options });
}

test("the prepared request exposes the masked string to sign and the method", () => {
  const prepared = client().prepare(request(), SESSION);
  assert.equal(prepared.stringToSign, MASKED);
  assert.equal(prepared.signMethod, "hmac");
  const printed = `${String(prepared)} ${JSON.stringify(prepared)} ${prepared.stringToSign}`;
  assert.ok(!printed.includes(SESSION) && !printed.includes(SECRET));
  const other = client().prepare(request(), "another-session");
  assert.equal(other.stringToSign, MASKED);
  assert.notEqual(other.sign, prepared.sign);
});

const INVALID_SIGNATURE = '{"error_response":{"code":25,"msg":"Invalid signature","request_id":"x1"}}';

test("error 25 from execute says what was signed", async () => {
  await assert.rejects(client({ transport: canned(INVALID_SIGNATURE) }).execute(request(), SESSION), (e: unknown) => {
    assert.ok(e instanceof GatewayError);
    assert.deepEqual(e.signed, { method: "hmac", stringToSign: MASKED });
    assert.ok(e.message.endsWith(`; the client signed (hmac): ${MASKED}`));
    const printed = `${e.message} ${String(e)} ${JSON.stringify(e)}`;
    assert.ok(!printed.includes(SESSION) && !printed.includes(SECRET));
    return true;
  });
});

test("other gateway errors carry no signed string", async () => {
  const body = '{"error_response":{"code":27,"msg":"Invalid session"}}';
  await assert.rejects(client({ transport: canned(body) }).execute(request(), SESSION), (e: unknown) => {
    return e instanceof GatewayError && e.signed === undefined && !e.message.includes("signed");
  });
});

function throttled(subMsg?: string, msg = "App Call Limited"): string {
  const sub = subMsg === undefined ? "" : `,"sub_msg":"${subMsg}"`;
  return `{"error_response":{"code":7,"msg":"${msg}","sub_code":"accesscontrol.limited-by-app-api-access-count"${sub}}}`;
}
const OK = '{"refund_negotiatereturn_response":{"request_id":"ok1"}}';

const CASES: [string | undefined, string, number | undefined][] = [
  ["This ban will last for 4 more seconds", "App Call Limited", 4],
  ["This ban will last for 4 more seconds; This ban will last for 9 more seconds", "App Call Limited", 4],
  ["flow control", "App Call Limited, This ban will last for 12 more seconds", 12],
  [undefined, "This ban will last for 0 more seconds", 0],
  ["This ban will last for some more seconds", "App Call Limited", undefined],
  [undefined, "App Call Limited", undefined],
];
for (const [subMsg, msg, seconds] of CASES) {
  test(`code 7 is a RateLimitError with retryAfter ${String(seconds)} (${subMsg ?? "-"} / ${msg})`, async () => {
    await assert.rejects(client({ transport: canned(throttled(subMsg, msg)) }).execute(request(), SESSION), (e: unknown) => {
      return e instanceof RateLimitError && e instanceof GatewayError && e.code === "7" && e.retryAfter === seconds;
    });
  });
}

test("a known ban waits exactly its length", async () => {
  const transport = canned(throttled("This ban will last for 7 more seconds"), throttled("This ban will last for 10 more seconds"), OK);
  const { result, waits } = await recordingWaits(() => client({ transport, retries: 2 }).execute(request(), SESSION));
  assert.equal(result?.request_id, "ok1");
  assert.deepEqual(waits, [7000, 10000]);
  assert.equal(transport.sent.length, 3);
});

test("a ban longer than maxRetryDelayMs is thrown at once", async () => {
  const transport = canned(throttled("This ban will last for 11 more seconds"), OK);
  const { error, waits } = await recordingWaits(() => client({ transport, retries: 3 }).execute(request(), SESSION));
  assert.ok(error instanceof RateLimitError && error.retryAfter === 11);
  assert.deepEqual(waits, []);
  assert.equal(transport.sent.length, 1);
});

test("maxRetryDelayMs is a client setting", async () => {
  const transport = canned(throttled("This ban will last for 30 more seconds"), OK);
  const { waits } = await recordingWaits(() => client({ transport, retries: 1, maxRetryDelayMs: 60_000 }).execute(request(), SESSION));
  assert.deepEqual(waits, [30000]);
  const short = await recordingWaits(() =>
    client({ transport: canned(throttled("This ban will last for 3 more seconds")), retries: 1, maxRetryDelayMs: 2000 }).execute(request(), SESSION),
  );
  assert.ok(short.error instanceof RateLimitError);
  assert.deepEqual(short.waits, []);
});

test("without retryAfter the retry table applies; without retries nothing waits", async () => {
  const { waits } = await recordingWaits(() => client({ transport: canned(throttled(), throttled(), OK), retries: 2 }).execute(request(), SESSION));
  assert.deepEqual(waits, [1000, 2000]);
  const none = await recordingWaits(() => client({ transport: canned(throttled("This ban will last for 1 more seconds")) }).execute(request(), SESSION));
  assert.ok(none.error instanceof RateLimitError);
  assert.deepEqual(none.waits, []);
});
