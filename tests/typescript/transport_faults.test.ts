// The default transport against a small node:http server on 127.0.0.1: every failure becomes the
// contract's error kind in bounded time, and no secret or session appears anywhere
// (docs/runtime-contract.md, "Transport safety").

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";

import {
  ApiError,
  ConnectError,
  ConnectionError,
  HttpStatusError,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  TimeoutError,
  TopClient,
  type TopClientOptions,
} from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

const SECRET = "s3cret-never-printed";
const SESSION = "session-token-never-printed";
const OK = '{"refund_refuse_response":{"is_success":true}}';
/** Paths of redirects the server answered, and every request that followed one. */
const followed: string[] = [];
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
        case "/drip": {
          // Headers at once, then one byte every half second, never finishing in time.
          res.writeHead(200, { "content-type": "application/json" });
          const timer = setInterval(() => res.write(" "), 500);
          res.on("close", () => clearInterval(timer));
          return;
        }
        case "/no-headers": {
          // Half a status line, then a byte every half second; the headers never end.
          req.socket.write("HTTP/1.1 200 OK\r\n");
          const timer = setInterval(() => req.socket.write("X: y\r\n"), 500);
          req.socket.on("close", () => clearInterval(timer));
          return;
        }
        case "/big":
          res.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) });
          res.write(" ".repeat(1024));
          return;
        case "/big-chunked": {
          res.writeHead(200, { "content-type": "application/json" });
          let sent = 0;
          const more = (): void => {
            while (sent < 4 * 1024 * 1024 && res.write(" ".repeat(64 * 1024))) sent += 64 * 1024;
            if (sent < 4 * 1024 * 1024) res.once("drain", more);
            else res.end(OK);
          };
          more();
          return;
        }
        case "/gzip-bomb":
          res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
          res.end(BOMB);
          return;
        case "/gzip-ok":
          res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
          res.end(gzipSync(OK));
          return;
        case "/redirect":
          followed.push("/redirect");
          res.writeHead(302, { location: "/landing" }).end("moved");
          return;
        case "/landing":
          followed.push("/landing");
          res.writeHead(200).end(OK);
          return;
        case "/truncated":
          res.writeHead(200, { "content-type": "application/json" }).end('{"refund_refuse_response":{"is_succ');
          return;
        default:
          res.writeHead(200, { "content-type": "application/json" }).end(BODIES[req.url ?? ""] ?? OK);
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

/** 64 MiB of spaces, gzipped to about 64 KiB. */
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024, " "));

/** Bodies that are not strict JSON (docs/runtime-contract.md, "What counts as JSON"). */
const BODIES: Record<string, string | Buffer> = {
  "/nan": '{"refund_refuse_response":{"is_success":NaN}}',
  "/lone-surrogate": '{"refund_refuse_response":{"x":"\\ud800"}}',
  "/deep": `{"refund_refuse_response":{"x":${"[".repeat(200)}${"]".repeat(200)}}}`,
  "/very-deep": `{"refund_refuse_response":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
  "/trailing": `${OK} {}`,
  "/not-utf8": Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
  "/bom": `\ufeff${OK}`,
  "/huge-int": '{"refund_refuse_response":{"is_success":true,"x":123456789012345678901234567890}}',
};

function client(path: string, url = base, options: Partial<TopClientOptions> = {}): TopClient {
  return new TopClient({ appKey: "12129701", secret: SECRET, url: url + path, timeoutMs: 500, proxy: "", ...options });
}

const request = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: 110056431137563058n, refuse_message: "这个是绝好的东西" });

async function failure(c: TopClient): Promise<ApiError> {
  try {
    await c.execute(request(), SESSION);
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    const cause = (e as { cause?: unknown }).cause;
    for (const text of [e.message, String(e), inspect(e, { depth: 10 }), JSON.stringify(e), String(cause), inspect(cause)]) {
      assert.ok(!text.includes(SECRET), text);
      assert.ok(!text.includes(SESSION), text);
    }
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
  const rsp = await client("/ok").execute(request(), SESSION);
  assert.equal(rsp.is_success, true);
});

test("the client never prints its secret", () => {
  const c = client("/ok");
  for (const text of [String(c), inspect(c), JSON.stringify(c), `${c}`]) {
    assert.ok(!text.includes(SECRET), text);
    assert.ok(text.includes("***"), text);
  }
});

test("a server dripping a byte every half second gives a timeout within the total", { timeout: 5_000 }, async () => {
  const started = Date.now();
  const e = await failure(client("/drip", base, { timeoutMs: 1_200 }));
  assert.ok(e instanceof TimeoutError, String(e));
  const took = Date.now() - started;
  assert.ok(took >= 1_100 && took < 2_000, `took ${took} ms`);
});

test("a server that never finishes its headers gives a timeout within the total", { timeout: 5_000 }, async () => {
  const started = Date.now();
  const e = await failure(client("/no-headers", base, { timeoutMs: 1_200 }));
  assert.ok(e instanceof TimeoutError, String(e));
  assert.ok(Date.now() - started < 2_000);
});

test("a Content-Length above the limit fails before reading the body", { timeout: 5_000 }, async () => {
  const e = await failure(client("/big", base, { maxResponseBytes: 1024 * 1024 }));
  assert.ok(e instanceof InvalidBodyError, String(e));
  assert.match(e.message, /the response body is larger than 1048576 bytes/);
  assert.equal(e.body, "");
});

test("a chunked body beyond the limit is read no further than the limit", { timeout: 10_000 }, async () => {
  const e = await failure(client("/big-chunked", base, { maxResponseBytes: 100_000, timeoutMs: 5_000 }));
  assert.ok(e instanceof InvalidBodyError, String(e));
  assert.match(e.message, /larger than 100000 bytes/);
  assert.ok(e.body.length <= 100_000, `kept ${e.body.length} bytes`);
});

test("a gzip bomb is limited after decompression", { timeout: 10_000 }, async () => {
  const before = process.memoryUsage().rss;
  const e = await failure(client("/gzip-bomb", base, { maxResponseBytes: 1024 * 1024, timeoutMs: 5_000 }));
  assert.ok(e instanceof InvalidBodyError, String(e));
  assert.match(e.message, /larger than 1048576 bytes/);
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
});

test("a gzip body within the limit is decoded", { timeout: 5_000 }, async () => {
  const rsp = await client("/gzip-ok").execute(request(), SESSION);
  assert.equal(rsp.is_success, true);
});

test("a redirect is http_status and nothing is re-sent", { timeout: 5_000 }, async () => {
  followed.length = 0;
  const e = await failure(client("/redirect"));
  assert.ok(e instanceof HttpStatusError, String(e));
  assert.equal(e.status, 302);
  assert.deepEqual(followed, ["/redirect"]);
});

for (const path of ["/nan", "/lone-surrogate", "/deep", "/very-deep", "/trailing", "/not-utf8"]) {
  test(`a body that is not strict JSON (${path.slice(1)}) is invalid_body`, { timeout: 5_000 }, async () => {
    const e = await failure(client(path));
    assert.ok(e instanceof InvalidBodyError, String(e));
    assert.equal(e.status, 200);
  });
}

test("one leading BOM is skipped; huge integers keep their digits", { timeout: 5_000 }, async () => {
  assert.equal((await client("/bom").execute(request(), SESSION)).is_success, true);
  const rsp = await client("/huge-int").execute(request(), SESSION);
  assert.equal(rsp["x"], 123456789012345678901234567890n);
});

test("nesting of exactly 127 levels is accepted", { timeout: 5_000 }, async () => {
  const { parseJson } = await import("@topgen/taobao-top");
  assert.doesNotThrow(() => parseJson(`${"[".repeat(127)}${"]".repeat(127)}`));
  assert.throws(() => parseJson(`${"[".repeat(128)}${"]".repeat(128)}`));
});

// The request head as it goes on the wire (HTTP/1.1, RFC 9112): the header lines and their order
// are written out here by hand; URL credentials become Basic authorization (RFC 7617).
test("the request head is exactly the documented header lines, in order", async () => {
  const { createServer: createTcpServer } = await import("node:net");
  const heads: string[] = [];
  const raw = createTcpServer((socket) => {
    let seen = "";
    socket.on("data", (d: Buffer) => {
      seen += d.toString("latin1");
      const end = seen.indexOf("\r\n\r\n");
      if (end === -1) return;
      heads.push(seen.slice(0, end + 4));
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${OK.length}\r\nconnection: close\r\n\r\n${OK}`);
    });
  });
  await new Promise<void>((ok) => raw.listen(0, "127.0.0.1", ok));
  const port = (raw.address() as AddressInfo).port;
  try {
    for (const url of [`http://127.0.0.1:${port}/router/rest?x=1`, `http://us%20er:p%40ss@127.0.0.1:${port}/router/rest`]) {
      const client = new TopClient({ appKey: "12129701", secret: SECRET, url, clock: () => 0, proxy: "" });
      await client.execute(request(), SESSION);
      client.close();
    }
  } finally {
    raw.close();
  }
  const body = (h: string): number => Number(/content-length: (\d+)/.exec(h)?.[1]);
  assert.equal(heads.length, 2);
  assert.equal(
    heads[0],
    `POST /router/rest?x=1 HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded;charset=utf-8\r\ncontent-length: ${body(heads[0]!)}\r\naccept: application/json\r\nuser-agent: topgen\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`,
  );
  assert.equal(
    heads[1],
    `POST /router/rest HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded;charset=utf-8\r\ncontent-length: ${body(heads[1]!)}\r\naccept: application/json\r\nuser-agent: topgen\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Basic ${Buffer.from("us er:p@ss").toString("base64")}\r\nConnection: keep-alive\r\n\r\n`,
  );
});
