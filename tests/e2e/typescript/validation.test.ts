// Scenario 7: bad inputs are refused by the client with the contract's words, and nothing reaches
// the mock(). Both gateways: TOP (multipart files) and H7B (base64 fields).

import assert from "node:assert/strict";
import { test } from "node:test";

import * as h7b from "@topgen/h7b-taobao";
import * as h7bRefuse from "@topgen/h7b-taobao/refund_refuse";
import * as top from "@topgen/taobao-top";
import * as topRefuse from "@topgen/taobao-top/refund_refuse";

import { BIG_PNG, failure, PNG, REFUND_ID, SESSION, WEBP } from "./support/fixtures.js";
import { H7B_APP, TOP_APP, useMock } from "./support/mock.js";

const mock = useMock();

const CASES = [
  { label: "a 131000-byte PNG", message: "refuse_proof: must be at most 130000 bytes, got 131000", proof: BIG_PNG, text: "这个是绝好的东西" },
  { label: "a WEBP image", message: "refuse_proof: must be a GIF, JPG or PNG image (checked by its first bytes)", proof: WEBP, text: "这个是绝好的东西" },
  { label: "a one-character refuse_message", message: "refuse_message: must be 2 to 200 characters long, got 1", proof: PNG, text: "拒" },
] as const;

const GATEWAYS = [
  {
    name: "TOP",
    call: (proof: Uint8Array, text: string) =>
      new top.TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: 5_000 }).execute(
        new topRefuse.RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: text, refuse_proof: { data: proof, filename: "proof.img" } }),
        SESSION,
      ),
    ValidationError: top.ValidationError,
  },
  {
    name: "H7B",
    call: (proof: Uint8Array, text: string) =>
      new h7b.H7bClient({ ...H7B_APP, url: mock().h7bUrl, timeoutMs: 5_000 }).execute(
        new h7bRefuse.RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: text, refuse_proof: { data: proof, filename: "proof.img" } }),
        "测试店铺",
      ),
    ValidationError: h7b.ValidationError,
  },
] as const;

for (const gateway of GATEWAYS) {
  for (const c of CASES) {
    test(`7. ${gateway.name}: ${c.label} is refused before sending`, { timeout: 10_000 }, async () => {
      const e = await failure(() => gateway.call(c.proof, c.text), gateway.name === "TOP" ? TOP_APP.secret : H7B_APP.secret);
      assert.ok(e instanceof gateway.ValidationError, String(e));
      assert.equal(e.kind, "validation");
      assert.equal(e.message, c.message);
      assert.deepEqual(await mock().requests(), [], "nothing reached the gateway");
    });
  }
}
