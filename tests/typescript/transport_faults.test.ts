// The fetch transport against a small node:http server on 127.0.0.1: every failure becomes the
// contract's error kind in bounded time, and no secret appears anywhere.

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { inspect } from "node:util";

import {
  ApiError,
  ConnectError,
  ConnectionError,
  HttpStatusError,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  RefundRefuseRequest,
  TimeoutError,
  TopClient,
} from "@topgen/taobao-top";

const SECRET = "s3cret-never-printed";
let server: Server;
let base = "";

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      switch (req.url) {
        case "/sleep":
          setTimeout(() => res.end("{}"), 5_000).unref();
          return;
        case "/destroy":
          req.socket.destroy();
          return;
        case "/bad-gateway":
          res.writeHead(502, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
          return;
        case "/truncated":
          res.writeHead(200, { "content-type": "application/json" }).end('{"refund_refuse_response":{"is_succ');
          return;
        default:
          res.writeHead(200, { "content-type": "application/json" }).end('{"refund_refuse_response":{"is_success":true}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

function client(path: string, url = base): TopClient {
  return new TopClient({ appKey: "12129701", secret: SECRET, url: url + path, timeoutMs: 500 });
}

const request = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: 110056431137563058n, refuse_message: "这个是绝好的东西" });

async function failure(c: TopClient): Promise<ApiError> {
  try {
    await c.execute(request(), "session-token");
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    for (const text of [e.message, String(e), inspect(e), JSON.stringify(e)]) assert.ok(!text.includes(SECRET), text);
    return e;
  }
  assert.fail("the call succeeded");
}

test("a gateway that sleeps past the timeout gives a timeout error in bounded time", { timeout: 5_000 }, async () => {
  const started = Date.now();
  const e = await failure(client("/sleep"));
  assert.ok(e instanceof TimeoutError);
  assert.equal(e.kind, "timeout");
  assert.ok(e.message.includes(OUTCOME_UNKNOWN), "not idempotent: the outcome is unknown");
  assert.ok(Date.now() - started < 2_000);
});

test("a connection destroyed by the server gives a connection error", { timeout: 5_000 }, async () => {
  const e = await failure(client("/destroy"));
  assert.ok(e instanceof ConnectionError);
  assert.ok(e.message.includes(OUTCOME_UNKNOWN));
});

test("a 502 HTML page gives http_status with the body", { timeout: 5_000 }, async () => {
  const e = await failure(client("/bad-gateway"));
  assert.ok(e instanceof HttpStatusError);
  assert.equal(e.status, 502);
  assert.ok(e.body.includes("502 Bad Gateway"));
});

test("truncated JSON gives invalid_body", { timeout: 5_000 }, async () => {
  const e = await failure(client("/truncated"));
  assert.ok(e instanceof InvalidBodyError);
  assert.equal(e.status, 200);
  assert.equal(e.body, '{"refund_refuse_response":{"is_succ');
});

test("a closed port gives a connect error saying nothing was sent", { timeout: 5_000 }, async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const e = await failure(client("", `http://127.0.0.1:${port}`));
  assert.ok(e instanceof ConnectError);
  assert.ok(e.message.includes("nothing was sent"));
});

test("a good answer is typed", { timeout: 5_000 }, async () => {
  const rsp = await client("/ok").execute(request(), "session-token");
  assert.equal(rsp.is_success, true);
});

test("the client never prints its secret", () => {
  const c = client("/ok");
  for (const text of [String(c), inspect(c), JSON.stringify(c), `${c}`]) {
    assert.ok(!text.includes(SECRET), text);
    assert.ok(text.includes("***"), text);
  }
});
