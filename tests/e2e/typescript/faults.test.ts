// Transport failures injected by the mock (`POST /__mock/faults`), against the TOP client.
// Scenarios 5 (timeout: outcome unknown, nothing retried) and 6 (close, html502, truncate).

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";

import { ConnectionError, HttpStatusError, InvalidBodyError, OUTCOME_UNKNOWN, TimeoutError, TopClient } from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

import { failure, REFUND_ID, SESSION } from "./support/fixtures.js";
import { TOP_APP, useMock } from "./support/mock.js";

const mock = useMock();

const TIMEOUT_MS = 500;

function client(retries = 0): TopClient {
  return new TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: TIMEOUT_MS, retries });
}

const refuse = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: "这个是绝好的东西，一定要尝试" });

/** The request log once `count` requests are in it (bounded wait), then again after a settle time. */
async function settledRequests(count: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  while ((await mock().requests()).length < count && Date.now() < deadline) await sleep(50);
  await sleep(300); // a retry, had there been one, would have arrived by now
  return (await mock().requests()).length;
}

test("5. a gateway slower than the timeout gives a timeout error, outcome unknown, sent once", { timeout: 15_000 }, async () => {
  await mock().fault({ mode: "sleep", ms: 3_000, count: 5 });
  const started = Date.now();
  // Retries are on, yet a refund write must not be repeated after a timeout.
  const e = await failure(() => client(2).execute(refuse(), SESSION), TOP_APP.secret);
  const elapsed = Date.now() - started;
  assert.ok(e instanceof TimeoutError, String(e));
  assert.equal(e.kind, "timeout");
  assert.ok(elapsed < TIMEOUT_MS + 2_000, `took ${elapsed} ms`);
  assert.ok(e.message.includes(OUTCOME_UNKNOWN), e.message);
  assert.ok(e.message.includes("the outcome is unknown"), e.message);
  assert.equal(await settledRequests(1), 1, "sent exactly once: nothing was retried");
});

test("6. a connection closed without an answer gives a connection error", { timeout: 10_000 }, async () => {
  await mock().fault({ mode: "close" });
  const e = await failure(() => client().execute(refuse(), SESSION), TOP_APP.secret);
  assert.ok(e instanceof ConnectionError, String(e));
  assert.equal(e.kind, "connection");
  assert.ok(e.message.includes(OUTCOME_UNKNOWN), e.message);
  assert.equal(await settledRequests(1), 1);
});

test("6. an HTML 502 page gives http_status 502 with the page", { timeout: 10_000 }, async () => {
  await mock().fault({ mode: "html502" });
  const e = await failure(() => client().execute(refuse(), SESSION), TOP_APP.secret);
  assert.ok(e instanceof HttpStatusError, String(e));
  assert.equal(e.kind, "http_status");
  assert.equal(e.status, 502);
  assert.match(e.body, /<html[\s\S]*502[\s\S]*<\/html>/i);
});

test("6. a truncated body gives invalid_body with what arrived", { timeout: 10_000 }, async () => {
  await mock().fault({ mode: "truncate" });
  const e = await failure(() => client().execute(refuse(), SESSION), TOP_APP.secret);
  assert.ok(e instanceof InvalidBodyError, String(e));
  assert.equal(e.kind, "invalid_body");
  assert.equal(e.status, 200);
  // The first part of the canned success body (the spec's first response case of refund.refuse).
  const canned = '{"refund_refuse_response":{"is_success":true,"refund":{"refund_id":"110056431137563058","status":"SELLER_REFUSE_BUYER","modified":"2021-04-19 23:42:09"},"request_id":"55o5l56d3jfp"}}';
  assert.ok(e.body.length > 0 && e.body.length < canned.length && canned.startsWith(e.body), e.body);
});
