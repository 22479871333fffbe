// Retries end to end (docs/runtime-contract.md, "Retries"): the mock's `throttle` fault answers
// the gateway's code 7 before the API runs, which every API retries after 1 s, doubling; a closed
// loopback port gives connect errors, which every API retries after 200 ms, doubling.
// taobao.refund.refuse is `idempotent: false` on both gateways.

import assert from "node:assert/strict";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";

import { H7bClient } from "@topgen/h7b-taobao";
import { RefundRefuseRequest as H7bRefuseRequest } from "@topgen/h7b-taobao/refund_refuse";
import { ConnectError, createHttpTransport, GatewayError, OUTCOME_UNKNOWN, TopClient, type Transport } from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

import { failure, REFUND_ID, SELLER_NICK, SESSION, sha256 } from "./support/fixtures.js";
import { H7B_APP, type MockRecord, TOP_APP, useMock } from "./support/mock.js";

const mock = useMock();

const MESSAGE = "这个是绝好的东西，一定要尝试";
const THROTTLED_SUB_CODE = "accesscontrol.limited-by-app-api-access-count";

function top(retries: number): TopClient {
  return new TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: 5_000, retries });
}

const refuse = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: MESSAGE });

/** The request log once it holds `count` requests (bounded wait), and again after a settle time. */
async function settledRequests(count: number): Promise<MockRecord[]> {
  const deadline = Date.now() + 5_000;
  while ((await mock().requests()).length < count && Date.now() < deadline) await sleep(50);
  await sleep(300); // a retry, had there been one, would have arrived by now
  return mock().requests();
}

function assertThrottled(record: MockRecord | undefined): void {
  assert.ok(record !== undefined);
  assert.equal(record.code, 7, JSON.stringify(record));
  assert.equal(record.sub_code, THROTTLED_SUB_CODE);
  assert.equal(record.sign_valid, true, "the throttled request was well formed");
}

function assertServed(record: MockRecord | undefined): void {
  assert.ok(record !== undefined);
  assert.equal(record.code, 0, `${record.msg} ${record.sub_msg}`);
  assert.equal(record.sign_valid, true);
  assert.equal(record.fault, null);
  assert.equal(record.params["refund_id"], REFUND_ID);
  assert.equal(record.params["refuse_message"], MESSAGE);
}

test("retry a. TOP throttled once, retries = 1: a write is retried after 1 s and succeeds", { timeout: 15_000 }, async () => {
  await mock().fault({ mode: "throttle", count: 1 });
  const started = performance.now();
  const rsp = await top(1).execute(refuse(), SESSION);
  const elapsed = performance.now() - started;
  assert.equal(rsp.is_success, true);
  assert.equal(rsp.request_id, "55o5l56d3jfp");
  assert.ok(elapsed >= 1_000, `retried after ${elapsed} ms, before the 1 s throttle back-off`);
  assert.ok(elapsed < 5_000, `took ${elapsed} ms`);

  const records = await settledRequests(2);
  assert.equal(records.length, 2, JSON.stringify(records));
  assertThrottled(records[0]);
  assertServed(records[1]);
  assert.equal(records[1]!.api, "taobao.refund.refuse");
});

test("retry b. TOP throttled once, retries = 0: the gateway error with code 7, sent once", { timeout: 15_000 }, async () => {
  await mock().fault({ mode: "throttle", count: 1 });
  const e = await failure(() => top(0).execute(refuse(), SESSION), TOP_APP.secret);
  assert.ok(e instanceof GatewayError, String(e));
  assert.equal(e.kind, "gateway");
  assert.equal(e.code, "7");
  assert.equal(e.subCode, THROTTLED_SUB_CODE);
  assert.equal(e.gatewayMessage, "App Call Limited");
  assert.match(e.body, /"error_response"/);

  const records = await settledRequests(1);
  assert.equal(records.length, 1, "sent exactly once: nothing was retried");
  assertThrottled(records[0]);
});

test("retry: TOP throttled twice, retries = 2: each wait is the ban the gateway names (1 s), not the doubling back-off", { timeout: 15_000 }, async () => {
  // The mock's throttle says "This ban will last for 1 more seconds": the contract's rate-limit
  // rule waits exactly that before every retry (the table alone would wait 1 s + 2 s).
  await mock().fault({ mode: "throttle", count: 2 });
  const started = performance.now();
  const rsp = await top(2).execute(refuse(), SESSION);
  const elapsed = performance.now() - started;
  assert.equal(rsp.is_success, true);
  assert.ok(elapsed >= 2_000, `1 s + 1 s of bans, took ${elapsed} ms`);
  assert.ok(elapsed < 2_900, `1 s + 1 s of bans, not 1 s + 2 s of back-off; took ${elapsed} ms`);

  const records = await settledRequests(3);
  assert.equal(records.length, 3);
  assertThrottled(records[0]);
  assertThrottled(records[1]);
  assertServed(records[2]);
});

test("retry: TOP throttled more often than retries allow: code 7 after 1 + retries requests", { timeout: 15_000 }, async () => {
  await mock().fault({ mode: "throttle", count: 5 });
  const e = await failure(() => top(1).execute(refuse(), SESSION), TOP_APP.secret);
  assert.ok(e instanceof GatewayError, String(e));
  assert.equal(e.code, "7");

  const records = await settledRequests(2);
  assert.equal(records.length, 2);
  assertThrottled(records[0]);
  assertThrottled(records[1]);
});

/** A loopback port nobody listens on: bound by the system, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  await new Promise<void>((ok, fail) => server.close((e) => (e === undefined ? ok() : fail(e))));
  return address.port;
}

test("retry c. a closed port, retries = 2: a write is tried 3 times, 200 + 400 ms apart, then a connect error", { timeout: 15_000 }, async () => {
  const port = await closedPort();
  let attempts = 0;
  const http = createHttpTransport();
  const counting: Transport = (request, options) => {
    attempts++;
    return http(request, options);
  };
  const client = new TopClient({ ...TOP_APP, url: `http://127.0.0.1:${port}/router/rest`, timeoutMs: 2_000, retries: 2, transport: counting });
  const started = performance.now();
  const e = await failure(() => client.execute(refuse(), SESSION), TOP_APP.secret);
  const elapsed = performance.now() - started;
  assert.ok(e instanceof ConnectError, String(e));
  assert.equal(e.kind, "connect");
  assert.match(e.message, /ECONNREFUSED/);
  assert.ok(e.message.includes("nothing was sent"), e.message);
  assert.ok(!e.message.includes(OUTCOME_UNKNOWN), "nothing was sent, so the outcome is known");
  assert.equal(attempts, 3, "the first attempt and 2 retries");
  assert.ok(elapsed >= 600, `200 + 400 ms of back-off, took ${elapsed} ms`);
  assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
});

test("retry d. H7B throttled once, retries = 1: a write is retried after 1 s and succeeds", { timeout: 15_000 }, async () => {
  await mock().fault({ mode: "throttle", count: 1 });
  const client = new H7bClient({ ...H7B_APP, url: mock().h7bUrl, timeoutMs: 5_000, sysid: "100", retries: 1 });
  const req = new H7bRefuseRequest({ refund_id: REFUND_ID, refuse_message: MESSAGE, refund_phase: "onsale", refund_version: "1618846920000" });
  const started = performance.now();
  const rsp = await client.execute(req, SELLER_NICK);
  const elapsed = performance.now() - started;
  assert.equal(rsp.is_success, true);
  assert.equal(rsp.refund?.refund_id, REFUND_ID);
  assert.ok(elapsed >= 1_000, `retried after ${elapsed} ms, before the 1 s throttle back-off`);
  assert.ok(elapsed < 5_000, `took ${elapsed} ms`);

  const records = await settledRequests(2);
  assert.equal(records.length, 2, JSON.stringify(records));
  assert.equal(records[0]!.code, 7);
  assert.equal(records[0]!.sign_valid, true);
  assert.equal(records[0]!.path, "/gateway/taobao/refund/refuse");
  assertServed(records[1]);
  assert.equal(records[1]!.params["tb_seller_nick"], "***"); // the session parameter, masked by the mock
  assert.equal(records[1]!.session_sha256, sha256(new TextEncoder().encode(SELLER_NICK)));
});
