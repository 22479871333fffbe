// The retry rule of docs/runtime-contract.md ("Retries") as the runtime computes it, without a
// network: which failures are retried for which APIs, and the wait min(base × 2^k, 10 s).
// The expected numbers are the contract's table, written out here, not read from the runtime.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ConnectError,
  ConnectionError,
  GatewayError,
  HttpStatusError,
  InvalidBodyError,
  MAX_RETRY_DELAY_MS,
  RETRY_BASE_MS,
  retryBaseMs,
  retryDelayMs,
  THROTTLE_BASE_MS,
  TimeoutError,
  TopClient,
  ValidationError,
} from "@topgen/taobao-top";

import { TOP_APP } from "./support/mock.js";

const THROTTLED_TOP = new GatewayError(
  { code: "7", msg: "App Call Limited", sub_code: "accesscontrol.limited-by-api-access-count" },
  '{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-api-access-count"}}',
);
const THROTTLED_H7B = new GatewayError({ code: "7", message: "App Call Limited", trace_id: "t1" }, '{"code":7,"message":"App Call Limited","trace_id":"t1"}');
const ISP = new GatewayError({ code: "15", msg: "Remote service error", sub_code: "isp.top-remote-connection-timeout" }, "{}");

/** The waits before retries k = 0, 1, 2, … for `error`. */
function waits(error: unknown, idempotent: boolean, count: number): (number | undefined)[] {
  return Array.from({ length: count }, (_, k) => retryDelayMs(error, idempotent, k));
}

test("retry: the contract's bases and cap", () => {
  assert.equal(RETRY_BASE_MS, 200);
  assert.equal(THROTTLE_BASE_MS, 1_000);
  assert.equal(MAX_RETRY_DELAY_MS, 10_000);
});

test("retry: a connect error (nothing was sent) is retried for every API from 200 ms, doubling to 10 s", () => {
  const e = new ConnectError("taobao.refund.refuse: could not connect to 127.0.0.1:9 (ECONNREFUSED); nothing was sent");
  const expected = [200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000];
  assert.deepEqual(waits(e, false, 8), expected);
  assert.deepEqual(waits(e, true, 8), expected);
});

test("retry: gateway code 7 (throttled) is retried for every API from 1 s, doubling to 10 s, on both envelopes", () => {
  const expected = [1_000, 2_000, 4_000, 8_000, 10_000, 10_000];
  for (const e of [THROTTLED_TOP, THROTTLED_H7B]) {
    assert.deepEqual(waits(e, false, 6), expected, e.message);
    assert.deepEqual(waits(e, true, 6), expected, e.message);
  }
});

test("retry: the cap holds for any number of retries (no overflow to Infinity or NaN)", () => {
  for (const k of [10, 52, 1_023, 1_024, 5_000]) {
    assert.equal(retryDelayMs(THROTTLED_TOP, false, k), 10_000, `k = ${k}`);
    assert.equal(retryDelayMs(new TimeoutError("t"), true, k), 10_000, `k = ${k}`);
  }
});

const TRANSIENT: [string, unknown][] = [
  ["timeout", new TimeoutError("taobao.refund.refuse: no complete answer within 500 ms")],
  ["connection", new ConnectionError("taobao.refund.refuse: the connection failed (ECONNRESET)")],
  ["http_status 500", new HttpStatusError(500, "boom")],
  ["http_status 502", new HttpStatusError(502, "<html>502</html>")],
  ["http_status 503", new HttpStatusError(503, "busy")],
  ["http_status 599", new HttpStatusError(599, "")],
  ["gateway isp.*", ISP],
];

for (const [label, e] of TRANSIENT) {
  test(`retry: ${label} is retried from 200 ms for an idempotent API only`, () => {
    assert.deepEqual(waits(e, true, 8), [200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
    assert.deepEqual(waits(e, false, 3), [undefined, undefined, undefined], "the outcome of a write is unknown");
  });
}

const NEVER: [string, unknown][] = [
  ["validation", new ValidationError("refuse_message", "refuse_message: is required")],
  ["another gateway error (25 Invalid signature)", new GatewayError({ code: "25", msg: "Invalid signature" }, "{}")],
  ["a gateway error with an isv.* sub_code", new GatewayError({ code: "41", msg: "Invalid arguments:x", sub_code: "isv.invalid-parameter:x" }, "{}")],
  ["a gateway code that only starts with 7 (70)", new GatewayError({ code: "70", msg: "x" }, "{}")],
  ["a gateway sub_code mentioning isp. later", new GatewayError({ code: "15", msg: "x", sub_code: "isv.isp.x" }, "{}")],
  ["H7B's code 25", new GatewayError({ code: "25", message: "Invalid signature", trace_id: "t" }, "{}")],
  ["invalid_body", new InvalidBodyError(200, '{"refund_refuse_response":', "the body broke off (closed)")],
  ["http_status 499", new HttpStatusError(499, "")],
  ["http_status 404", new HttpStatusError(404, "not found")],
  ["http_status 429", new HttpStatusError(429, "slow down")],
  ["a plain Error (not the client's)", new Error("boom")],
  ["a TypeError", new TypeError("fetch failed")],
  ["a thrown string", "boom"],
  ["undefined", undefined],
];

for (const [label, e] of NEVER) {
  test(`retry: ${label} is never retried`, () => {
    assert.equal(retryBaseMs(e, true), undefined);
    assert.equal(retryBaseMs(e, false), undefined);
    assert.deepEqual(waits(e, true, 2), [undefined, undefined]);
  });
}

test("retry: the client takes retries as a whole number of 0 or more", () => {
  assert.equal(new TopClient({ ...TOP_APP }).retries, 0);
  assert.equal(new TopClient({ ...TOP_APP, retries: 3 }).retries, 3);
  for (const retries of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new TopClient({ ...TOP_APP, retries }), (e: unknown) => {
      assert.ok(e instanceof RangeError, String(e));
      assert.match(e.message, /^retries must be a whole number of 0 or more, got /);
      assert.ok(!e.message.includes(TOP_APP.secret));
      return true;
    });
  }
});
