// Inputs shared by the end-to-end tests, and one helper to catch the error a call throws.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { inspect } from "node:util";

/** A real 1×1 PNG (67 bytes). */
export const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);

/** PNG magic bytes followed by zeros: 131000 bytes, 1000 over the 130000-byte limit. */
export const BIG_PNG = (() => {
  const bytes = new Uint8Array(131_000);
  bytes.set(PNG.subarray(0, 8));
  return bytes;
})();

/** The start of a WEBP file (`RIFF....WEBPVP8 `): an image format the gateways refuse. */
export const WEBP = Uint8Array.from(Buffer.from("52494646240000005745425056503820180000003001009d012a0100010002003425a400037000fefb940000", "hex"));

/** The 18-digit refund id of the H7B sample, beyond 2^53. */
export const REFUND_ID = "110056431137563058";

export const SESSION = "f16605bb-1818-41b0-b421-a8559ca990c4";
export const SELLER_NICK = "测试店铺";

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Runs `call`, which must throw; returns the error after checking `secret` shows nowhere in it. */
export async function failure(call: () => Promise<unknown>, secret: string): Promise<Error> {
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an error, got ${inspect(caught)}`);
  for (const text of [caught.message, String(caught), inspect(caught, { depth: 5 }), JSON.stringify(caught), caught.stack ?? ""]) {
    assert.ok(!text.includes(secret), `the secret leaked: ${text}`);
  }
  return caught;
}
