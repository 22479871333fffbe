// The default transport reads HTTP/1.1 itself (templates/typescript/runtime/src/transport.ts): these
// tests answer from raw TCP and TLS servers with response bytes written out here by hand from RFC
// 9112 (chunked framing with extensions and trailers, interim 1xx answers, bodies delimited by the
// close, Connection: close), fed one byte at a time as well as whole, and check what the contract
// ("Transport safety") says about malformed answers and about keep-alive reuse.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect as connectTcp, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { ConnectError, ConnectionError, InvalidBodyError, TopClient } from "@topgen/taobao-top";
import { RefundRefuseRequest } from "@topgen/taobao-top/refund_refuse";

const OK = '{"refund_refuse_response":{"is_success":true}}';
const SESSION = "session-token-never-printed";
const request = (): RefundRefuseRequest => new RefundRefuseRequest({ refund_id: 110056431137563058n, refuse_message: "拒绝" });
const FIXTURES = new URL("../fixtures/", import.meta.url);

const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];

/** `env` without the proxy variables, for a child process. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PROXY_VARIABLES.includes(name)));
}

/** Runs `body` with the proxy variables of the environment set to `env` (the rest unset). */
function withProxyEnv<T>(env: Record<string, string>, body: () => T): T {
  const saved = PROXY_VARIABLES.map((n) => [n, process.env[n]] as const);
  for (const n of PROXY_VARIABLES) delete process.env[n];
  Object.assign(process.env, env);
  try {
    return body();
  } finally {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}

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
  const client = new TopClient({ appKey: "12129701", secret: "s", url, timeoutMs: 2_000, proxy: "", ...options });
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
    const client = new TopClient({ appKey: "12129701", secret: "s", url: server.url, timeoutMs: 2_000, proxy: "" });
    try {
      for (let i = 0; i < 3; i++) assert.deepEqual(await client.execute(request(), SESSION), { is_success: true }, mode);
      assert.equal(server.connections, connections, mode);
    } finally {
      client.close();
      server.close();
    }
  }
});

// Review finding: an answer with no body (204, 304, Content-Length: 0) must still retire its
// connection when more bytes follow it, as a Content-Length body does above.
test("bytes after an empty body end the connection: 204, 304 and Content-Length: 0", { timeout: 10_000 }, async () => {
  const stray = "HTTP/1.1 200 OK\r\n";
  for (const head of ["HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 304 Not Modified\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"]) {
    for (const [extra, connections] of [["", 1], [stray, 2]] as const) {
      const server = await raw((_, s) => s.write(head + extra));
      const client = new TopClient({ appKey: "12129701", secret: "s", url: server.url, timeoutMs: 2_000, proxy: "" });
      const outcome = (): Promise<string> =>
        client.execute(request(), SESSION).then(
          (v) => `resolved ${JSON.stringify(v)}`,
          (e: Error) => e.constructor.name,
        );
      try {
        const first = await outcome();
        // The stray bytes are not a second answer: the next call gets the same outcome, on a new
        // connection.
        assert.equal(await outcome(), first, head);
        assert.equal(server.connections, connections, JSON.stringify(head + extra));
      } finally {
        client.close();
        server.close();
      }
    }
  }
});

test("a pooled connection the server closed while idle is not used again", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`));
  const client = new TopClient({ appKey: "12129701", secret: "s", url: server.url, timeoutMs: 2_000, proxy: "" });
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
    [`${"HTTP/1.1 100 Continue\r\n\r\n".repeat(9)}HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}`, ConnectionError, /more than 8 interim answers/],
    [`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n${`X-Trailer: ${"a".repeat(90)}\r\n`.repeat(200)}\r\n`, InvalidBodyError, /trailers are longer than 16 KiB/],
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
      env: { ...withoutProxies(process.env), NODE_EXTRA_CA_CERTS: new URL("localhost-cert.pem", FIXTURES).pathname },
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

// Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl and Python read them, or the `proxy` option.

const okAnswer = `HTTP/1.1 200 OK\r\nContent-Length: ${OK.length}\r\n\r\n${OK}`;

test("plain HTTP through a proxy: the whole URL in the request line, the proxy's credentials, one connection", { timeout: 5_000 }, async () => {
  const heads: string[] = [];
  let connections = 0;
  const proxy = createServer((socket) => {
    connections++;
    socket.on("data", (d: Buffer) => {
      heads.push(d.toString("latin1").split("\r\n\r\n")[0]!);
      socket.write(okAnswer);
    });
  });
  await new Promise<void>((ok) => proxy.listen(0, "127.0.0.1", ok));
  const proxyPort = (proxy.address() as AddressInfo).port;
  // The gateway's host is never resolved: only the proxy is connected to.
  const client = new TopClient({ appKey: "12129701", secret: "s", url: "http://gw.example.invalid:8080/router/rest", proxy: `http://u%20s:p%40ss@127.0.0.1:${proxyPort}`, timeoutMs: 2_000, clock: () => 0 });
  try {
    for (let i = 0; i < 2; i++) assert.deepEqual(await client.execute(request(), SESSION), { is_success: true });
  } finally {
    client.close();
    proxy.close();
  }
  assert.equal(heads.length, 2);
  assert.equal(connections, 1);
  const length = /content-length: (\d+)/.exec(heads[0]!)?.[1];
  assert.equal(
    heads[0],
    `POST http://gw.example.invalid:8080/router/rest HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded;charset=utf-8\r\ncontent-length: ${length}\r\naccept: application/json\r\nuser-agent: topgen\r\nHost: gw.example.invalid:8080\r\nProxy-Authorization: Basic ${Buffer.from("u s:p@ss").toString("base64")}\r\nConnection: keep-alive`,
  );
});

test("HTTP_PROXY from the environment is used; NO_PROXY and proxy: \"\" go direct", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.write(okAnswer));
  const closed = `http://127.0.0.1:${new URL(server.url).port}`;
  try {
    // The proxy is the server itself: a request through it names the whole URL, which it answers.
    const via = withProxyEnv({ HTTP_PROXY: closed }, () => new TopClient({ appKey: "k", secret: "s", url: "http://gw.example.invalid/router/rest" }));
    assert.deepEqual(await via.execute(request(), SESSION), { is_success: true });
    via.close();
    // A proxy nobody listens on, bypassed by NO_PROXY (a parent domain, then the address) or by proxy: "".
    for (const [env, proxy] of [
      [{ http_proxy: "http://127.0.0.1:1", no_proxy: "example.org, 127.0.0.1" }, undefined],
      [{ HTTP_PROXY: "http://127.0.0.1:1", NO_PROXY: "*" }, undefined],
      [{ HTTP_PROXY: "http://127.0.0.1:1" }, ""],
    ] as const) {
      const direct = withProxyEnv(env, () => new TopClient({ appKey: "k", secret: "s", url: server.url, ...(proxy === undefined ? {} : { proxy }) }));
      assert.deepEqual(await direct.execute(request(), SESSION), { is_success: true }, JSON.stringify(env));
      direct.close();
    }
    // Without the bypass the dead proxy is tried: a connect error naming it, nothing sent.
    const dead = withProxyEnv({ HTTP_PROXY: "http://127.0.0.1:1" }, () => new TopClient({ appKey: "k", secret: "s", url: server.url }));
    await assert.rejects(dead.execute(request(), SESSION), (e: unknown) => e instanceof ConnectError && /127\.0\.0\.1:1 \(proxy\).*nothing was sent/.test(e.message));
  } finally {
    server.close();
  }
});

// httpoxy (CVE-2016-1000110): under CGI the web server puts a request's `Proxy` header in
// HTTP_PROXY, so a CGI process ignores it, as Python's urllib does; lower-case http_proxy counts.
test("a CGI process (REQUEST_METHOD set) ignores HTTP_PROXY but not http_proxy", { timeout: 5_000 }, async () => {
  const server = await raw((_, s) => s.write(okAnswer));
  const saved = process.env["REQUEST_METHOD"];
  process.env["REQUEST_METHOD"] = "POST";
  try {
    const cgi = withProxyEnv({ HTTP_PROXY: "http://127.0.0.1:1" }, () => new TopClient({ appKey: "k", secret: "s", url: server.url }));
    assert.deepEqual(await cgi.execute(request(), SESSION), { is_success: true });
    cgi.close();
    const lower = withProxyEnv({ http_proxy: "http://127.0.0.1:1" }, () => new TopClient({ appKey: "k", secret: "s", url: server.url }));
    await assert.rejects(lower.execute(request(), SESSION), (e: unknown) => e instanceof ConnectError && /127\.0\.0\.1:1 \(proxy\)/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env["REQUEST_METHOD"];
    else process.env["REQUEST_METHOD"] = saved;
    server.close();
  }
});

test("a proxy that refuses the tunnel, or is not an http:// URL, is a connect error", { timeout: 5_000 }, async () => {
  const refusing = createServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")));
  await new Promise<void>((ok) => refusing.listen(0, "127.0.0.1", ok));
  const port = (refusing.address() as AddressInfo).port;
  try {
    const client = new TopClient({ appKey: "k", secret: "s", url: "https://gw.example.invalid/router/rest", proxy: `http://127.0.0.1:${port}` });
    await assert.rejects(client.execute(request(), SESSION), (e: unknown) => e instanceof ConnectError && /refused a tunnel to gw\.example\.invalid:443 \(HTTP 407\); nothing was sent/.test(e.message));
    const socks = new TopClient({ appKey: "k", secret: "s", url: "https://gw.example.invalid/router/rest", proxy: "socks5://127.0.0.1:1080" });
    await assert.rejects(socks.execute(request(), SESSION), (e: unknown) => e instanceof ConnectError && /http:\/\/ URL/.test(e.message));
  } finally {
    refusing.close();
  }
});

/** Runs the ES module `program` in a child Node that trusts the fixture certificate (read only at
 * start-up), with no proxy variables but `proxies`; asserts it exits 0 and returns its output. */
async function trustingChild(program: string, proxies: Record<string, string>): Promise<string> {
  const env = { ...withoutProxies(process.env), NODE_EXTRA_CA_CERTS: new URL("localhost-cert.pem", FIXTURES).pathname, ...proxies };
  const child = spawn(process.execPath, ["--input-type=module", "-e", program], { cwd: new URL("..", import.meta.url), env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  assert.equal(await new Promise<number | null>((ok) => child.on("exit", ok)), 0);
  return out.trim();
}

/** A CONNECT proxy listening on `host`: whatever address a tunnel asks for, it leads to the
 * gateway on 127.0.0.1:`gatewayPort`. `connects` keeps each CONNECT request it read. */
async function tunnelProxy(gatewayPort: number, host: string): Promise<{ server: Server; port: number; connects: string[] }> {
  const connects: string[] = [];
  const server = createServer((client) => {
    client.once("data", (d: Buffer) => {
      connects.push(d.toString("latin1"));
      const upstream = connectTcp(gatewayPort, "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  return { server, port: (server.address() as AddressInfo).port, connects };
}

test("HTTPS through a CONNECT proxy from HTTPS_PROXY: one tunnel, TLS inside it, the proxy's credentials", { timeout: 15_000 }, async () => {
  const gateway = await raw((_, s) => s.write(okAnswer), tlsServer);
  const gatewayPort = Number(new URL(gateway.url).port);
  const { server: proxy, port: proxyPort, connects } = await tunnelProxy(gatewayPort, "127.0.0.1");
  try {
    const program = `
      const { TopClient } = await import("@topgen/taobao-top");
      const { RefundRefuseRequest } = await import("@topgen/taobao-top/refund_refuse");
      const client = new TopClient({ appKey: "k", secret: "s", url: "https://localhost:${gatewayPort}/router/rest" });
      for (let i = 0; i < 3; i++) await client.execute(new RefundRefuseRequest({ refund_id: 1n, refuse_message: "这个是绝好的东西" }), "s");
      console.log("ok");`;
    assert.equal(await trustingChild(program, { HTTPS_PROXY: `http://user:pw@127.0.0.1:${proxyPort}` }), "ok");
    assert.deepEqual(connects, [
      `CONNECT localhost:${gatewayPort} HTTP/1.1\r\nHost: localhost:${gatewayPort}\r\nProxy-Authorization: Basic ${Buffer.from("user:pw").toString("base64")}\r\n\r\n`,
    ]);
    assert.equal(gateway.connections, 1);
  } finally {
    proxy.close();
    gateway.close();
  }
});

// Review finding: over a tunnel, TLS to an IP address sends no SNI, and Node then checked the
// certificate against the tunnel socket's host — the proxy's name — unless `host` named the target.
test("HTTPS through a proxy reached by name to an IP address: the certificate must name the address", { timeout: 15_000 }, async () => {
  let requests = 0;
  const gateway = await raw((_, s) => {
    requests++;
    s.write(okAnswer);
  }, tlsServer);
  const gatewayPort = Number(new URL(gateway.url).port);
  // The gateway's certificate names localhost and 127.0.0.1 only; the proxy is reached by name.
  const { server: proxy, port: proxyPort, connects } = await tunnelProxy(gatewayPort, "localhost");
  try {
    const program = `
      const { TopClient } = await import("@topgen/taobao-top");
      const { RefundRefuseRequest } = await import("@topgen/taobao-top/refund_refuse");
      for (const host of ["127.0.0.1", "127.0.0.2"]) {
        const client = new TopClient({ appKey: "k", secret: "s", url: "https://" + host + ":${gatewayPort}/router/rest", proxy: "http://localhost:${proxyPort}", timeoutMs: 3000 });
        try {
          await client.execute(new RefundRefuseRequest({ refund_id: 1n, refuse_message: "拒绝" }), "s");
          console.log(host, "ok");
        } catch (e) {
          console.log(host, e.constructor.name, e.message);
        } finally {
          client.close();
        }
      }`;
    const [named, unnamed, ...rest] = (await trustingChild(program, {})).split("\n");
    // The address the certificate names works through the same proxy: the setup is sound.
    assert.equal(named, "127.0.0.1 ok");
    assert.match(unnamed ?? "", /^127\.0\.0\.2 ConnectError .*\(ERR_TLS_CERT_ALTNAME_INVALID\); nothing was sent$/);
    assert.deepEqual(rest, []);
    assert.deepEqual(
      connects,
      ["127.0.0.1", "127.0.0.2"].map((ip) => `CONNECT ${ip}:${gatewayPort} HTTP/1.1\r\nHost: ${ip}:${gatewayPort}\r\n\r\n`),
    );
    assert.equal(requests, 1);
  } finally {
    proxy.close();
    gateway.close();
  }
});
