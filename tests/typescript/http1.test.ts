// The default transport reads HTTP/1.1 itself (templates/typescript/runtime/src/transport.ts): these
// tests answer from raw TCP and TLS servers with response bytes written out here by hand from RFC
// 9112 (chunked framing with extensions and trailers, interim 1xx answers, bodies delimited by the
// close, Connection: close), fed one byte at a time as well as whole, and check what the contract
// ("Transport safety") says about malformed answers and about keep-alive reuse.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { ConnectError, ConnectionError, InvalidBodyError, TopClient } from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

const OK = '{"refund_refuse_response":{"is_success":true}}';
const SESSION = "session-token-never-printed";
const request = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: 110056431137563058n, refuse_message: "拒绝" });
const FIXTURES = new URL("../fixtures/", import.meta.url);

/** A raw server: each request (head + Content-Length body) gets `answer(n)`, n counting from 0. */
interface Raw {
  readonly url: string;
  /** Connections accepted so far. */
  connections: number;
  close(): void;
}

async function raw(answer: (n: number, socket: Socket) => void, make = createServer as (l: (s: Socket) => void) => Server): Promise<Raw> {
  let n = 0;
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server = make((socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let seen = Buffer.alloc(0);
    socket.on("data", (d: Buffer) => {
      seen = Buffer.concat([seen, d]);
      for (;;) {
        const end = seen.indexOf("\r\n\r\n");
        if (end === -1) return;
        const length = Number(/content-length: (\d+)/i.exec(seen.toString("latin1", 0, end))?.[1] ?? 0);
        if (seen.length < end + 4 + length) return;
        seen = seen.subarray(end + 4 + length);
        answer(n++, socket);
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/router/rest`,
    close(): void {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
}

/** Writes `bytes` one byte per event-loop turn. */
async function drip(socket: Socket, bytes: Buffer): Promise<void> {
  for (const b of bytes) {
    socket.write(Buffer.of(b));
    await new Promise((ok) => setImmediate(ok));
  }
}

const CHUNKED = Buffer.from(
  "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
    `1a;name=value\r\n${OK.slice(0, 26)}\r\n` +
    `${(OK.length - 26).toString(16).toUpperCase()}\r\n${OK.slice(26)}\r\n` +
    "0\r\nX-Trailer: yes\r\n\r\n",
  "latin1",
);

async function call(url: string, options: { timeoutMs?: number; maxResponseBytes?: number } = {}): Promise<unknown> {
  const client = new TopClient({ appKey: "12129701", secret: "s", url, timeoutMs: 2_000, ...options });
  try {
    return await client.execute(request(), SESSION);
  } finally {
    client.close();
  }
}

async function rejects(url: string, kind: new (...a: never[]) => Error, message: RegExp): Promise<Error> {
  let error: unknown;
  await assert.rejects(call(url), (e: unknown) => {
    error = e;
    return e instanceof kind && message.test(e.message);
  });
  return error as Error;
}

test("a chunked body with chunk extensions and trailers, whole and one byte at a time", { timeout: 10_000 }, async () => {
  for (const slow of [false, true]) {
    const server = await raw((_, s) => void (slow ? drip(s, CHUNKED) : s.write(CHUNKED)));
    try {
      assert.deepEqual(await call(server.url), { is_success: true });
    } finally {
      server.close();
    }
  }
});

test("interim 100 and 103 answers are skipped; the final answer counts", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) =>
    s.write(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`),
  );
  try {
    assert.deepEqual(await call(server.url), { is_success: true });
  } finally {
    server.close();
  }
});

test("a body without Content-Length or chunking runs until the server closes", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n${OK}`));
  try {
    assert.deepEqual(await call(server.url), { is_success: true });
  } finally {
    server.close();
  }
});

test("a gzip body sent chunked is decoded", { timeout: 5_000 }, async () => {
  const gz = gzipSync(OK);
  const server = await raw((_, s) => {
    s.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n${gz.length.toString(16)}\r\n`);
    s.write(gz);
    s.write("\r\n0\r\n\r\n");
  });
  try {
    assert.deepEqual(await call(server.url), { is_success: true });
  } finally {
    server.close();
  }
});

test("one keep-alive connection serves call after call; Connection: close and stray bytes end it", { timeout: 10_000 }, async () => {
  const answers: Record<string, string> = {
    keep: `HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`,
    close: `HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`,
    stray: `HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}HTTP/1.1 200 OK\r\n`,
    http10: `HTTP/1.0 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`,
  };
  for (const [mode, connections] of [["keep", 1], ["close", 3], ["stray", 3], ["http10", 3]] as const) {
    const server = await raw((_, s) => s.write(answers[mode]!));
    const client = new TopClient({ appKey: "12129701", secret: "s", url: server.url, timeoutMs: 2_000 });
    try {
      for (let i = 0; i < 3; i++) assert.deepEqual(await client.execute(request(), SESSION), { is_success: true }, mode);
      assert.equal(server.connections, connections, mode);
    } finally {
      client.close();
      server.close();
    }
  }
});

test("a pooled connection the server closed while idle is not used again", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`));
  const client = new TopClient({ appKey: "12129701", secret: "s", url: server.url, timeoutMs: 2_000 });
  try {
    await client.execute(request(), SESSION);
    server.close(); // destroys the open connection; the listener stays until the last one ends
    await new Promise((ok) => setTimeout(ok, 50));
    await assert.rejects(client.execute(request(), SESSION), ConnectError, "a fresh connect is refused: nothing was sent");
  } finally {
    client.close();
  }
});

test("malformed answers are typed errors: before a status connection, after it invalid_body", { timeout: 10_000 }, async () => {
  const cases: [string, new (...a: never[]) => Error, RegExp][] = [
    ["HTTP/2 200 OK\r\n\r\n", ConnectionError, /no HTTP\/1.x status line/],
    ["HTTP/1.1 200 OK\r\nbad header\r\n\r\n", ConnectionError, /not name: value/],
    ["HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", ConnectionError, /not name: value/],
    ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", ConnectionError, /not one number/],
    ["HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", ConnectionError, /not one number/],
    ["HTTP/1.1 101 Switching Protocols\r\n\r\n", ConnectionError, /101/],
    [`HTTP/1.1 200 OK\r\nX: ${"y".repeat(20_000)}\r\n\r\n`, ConnectionError, /head is too long/],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", InvalidBodyError, /not hexadecimal/],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", InvalidBodyError, /longer than its size/],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n", InvalidBodyError, /CRLF/],
  ];
  for (const [answer, kind, message] of cases) {
    const server = await raw((_, s) => s.write(answer));
    try {
      const e = await rejects(server.url, kind, message);
      if (e instanceof InvalidBodyError) assert.equal(e.status, 200);
      assert.ok(!e.message.includes(SESSION));
    } finally {
      server.close();
    }
  }
});

test("a chunked body that breaks off keeps what arrived", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":"));
  try {
    const e = (await rejects(server.url, InvalidBodyError, /broke off/)) as InvalidBodyError;
    assert.equal(e.body, '{"a":');
  } finally {
    server.close();
  }
});

// tests/typescript/fixtures/localhost-*.pem: a self-signed certificate for localhost and 127.0.0.1
// made for these tests only (openssl req -x509, P-256, 100 years); its key protects nothing.
const tlsOptions = { cert: readFileSync(new URL("localhost-cert.pem", FIXTURES)), key: readFileSync(new URL("localhost-key.pem", FIXTURES)) };
const tlsServer = (listener: (s: Socket) => void): Server => createTlsServer(tlsOptions, listener);

test("HTTPS: an untrusted certificate is a connect error, nothing sent", { timeout: 5_000 }, async () => {
  let requests = 0;
  const server = await raw(() => requests++, tlsServer);
  try {
    const e = await rejects(server.url.replace("http:", "https:"), ConnectError, /nothing was sent/);
    assert.match(e.message, /SELF_SIGNED|self.signed/i);
    assert.equal(requests, 0);
  } finally {
    server.close();
  }
});

test("HTTPS: with the certificate trusted, calls share one TLS connection and idle ones never keep Node running", { timeout: 15_000 }, async () => {
  const server = await raw((_, s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`), tlsServer);
  try {
    // NODE_EXTRA_CA_CERTS is read at start-up, so the client runs in a child process; it never
    // calls close(), and must still exit as soon as its work is done.
    const program = `
      const { TopClient } = await import("@topgen/taobao-top");
      const { RefundRefuseRequest } = await import("@topgen/taobao-top/refund_refuse");
      const client = new TopClient({ appKey: "k", secret: "s", url: ${JSON.stringify(server.url.replace("http://127.0.0.1", "https://localhost"))} });
      for (let i = 0; i < 3; i++) await client.execute(new RefundRefuseRequest({ refund_id: 1n, refuse_message: "这个是绝好的东西" }), "s");
      console.log("ok");`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", program], {
      cwd: new URL("..", import.meta.url),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: new URL("localhost-cert.pem", FIXTURES).pathname },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((ok) => child.on("exit", ok));
    assert.equal(code, 0);
    assert.equal(out.trim(), "ok");
    assert.ok(Date.now() - started < 3_000, "idle pooled connections kept the process alive");
    assert.equal(server.connections, 1);
  } finally {
    server.close();
  }
});
