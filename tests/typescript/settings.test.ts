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

test("a setting of the wrong type is refused by the compiler and at run time", () => {
  // @ts-expect-error simplify is a boolean, not the text "true"
  assert.throws(() => new TopClient({ ...base, simplify: "true" }), { name: "RangeError", message: "simplify must be a boolean, got string" });
  // @ts-expect-error partnerId is text
  assert.throws(() => new TopClient({ ...base, partnerId: true }), { name: "RangeError", message: "partnerId must be a string, got boolean" });
});
