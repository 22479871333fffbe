// Client settings carry the type their gateway spec declares (docs/spec-format.md, `settings`):
// TOP's `simplify` is a boolean, sent as `true`/`false`; `partnerId` is text. A value of another
// type is refused when the client is made, by the compiler and again at run time.

import assert from "node:assert/strict";
import { test } from "node:test";

import { TopClient } from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

const base = { appKey: "12129701", secret: "test-secret-0123", clock: () => 0 } as const;
const request = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: 1n, refuse_message: "拒绝留言" });
const sent = (client: TopClient, name: string): string | undefined => client.prepare(request(), "s").params.find(([k]) => k === name)?.[1];

test("simplify is a boolean, sent as true or false, and left out when unset", () => {
  assert.equal(sent(new TopClient({ ...base, simplify: true }), "simplify"), "true");
  assert.equal(sent(new TopClient({ ...base, simplify: false }), "simplify"), "false");
  assert.equal(sent(new TopClient(base), "simplify"), undefined);
  assert.equal(sent(new TopClient({ ...base, partnerId: "erp" }), "partner_id"), "erp");
});

// Node's timers cut a delay above 2^31−1 ms (about 24.8 days) to 1 ms: such a timeout would fire
// at once, so the client refuses it (and anything not a number of milliseconds) when it is made.
test("timeouts and the retry delay must be milliseconds a timer can wait", () => {
  const refused = [
    ["timeoutMs", 2 ** 31, 1],
    ["timeoutMs", Number.POSITIVE_INFINITY, 1],
    ["timeoutMs", Number.NaN, 1],
    ["timeoutMs", 0, 1],
    ["connectTimeoutMs", -5, 1],
    ["connectTimeoutMs", 3e9, 1],
    ["maxRetryDelayMs", 2 ** 31, 0],
    ["maxRetryDelayMs", -1, 0],
  ] as const;
  for (const [option, value, min] of refused) {
    assert.throws(() => new TopClient({ ...base, [option]: value }), {
      name: "RangeError",
      message: `${option} must be a number of milliseconds from ${min} to 2147483647, got ${String(value)}`,
    });
  }
  const longest = new TopClient({ ...base, timeoutMs: 2147483647, connectTimeoutMs: 2147483647, maxRetryDelayMs: 0 });
  assert.equal(longest.timeoutMs, 2147483647);
  assert.equal(longest.maxRetryDelayMs, 0);
});

test("a setting of the wrong type is refused by the compiler and at run time", () => {
  // @ts-expect-error simplify is a boolean, not the text "true"
  assert.throws(() => new TopClient({ ...base, simplify: "true" }), { name: "RangeError", message: "simplify must be a boolean, got string" });
  // @ts-expect-error partnerId is text
  assert.throws(() => new TopClient({ ...base, partnerId: true }), { name: "RangeError", message: "partnerId must be a string, got boolean" });
});
