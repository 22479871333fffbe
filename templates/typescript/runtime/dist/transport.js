// The HTTP transport: HTTP/1.1 over `node:net`/`node:tls` sockets kept alive in one pool per
// client. A request is one write (a head prebuilt per endpoint, then the body); the answer is read
// by a small, strict HTTP/1.1 response reader (RFC 9112: Content-Length, chunked, or until close).
// One deadline per attempt (connect, TLS, writing, headers and the whole body), a bounded body
// (counted after gzip/deflate/br decoding), no redirects (a 3xx is returned as it is), and
// failures sorted into the contract's kinds (connect: nothing was sent; connection: maybe sent;
// invalid_body: the gateway answered, but its body broke off or is too large).
import * as net from "node:net";
import * as tls from "node:tls";
import { urlToHttpOptions } from "node:url";
import * as zlib from "node:zlib";
import {
  ConnectError,
  ConnectionError,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  TimeoutError,
} from "./errors.js";
/** The default limit on a response body: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** The longest delay a Node timer keeps: 2^31−1 ms (about 24.8 days); it cuts longer ones to 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * `value` when it is a number of milliseconds from `min` to {@link MAX_TIMER_MS}; otherwise a
 * RangeError naming the option (not finite, negative or too long for a timer are refused, not
 * clamped: a timer would fire at once).
 */
export function timerMs(option, value, min) {
  if (typeof value === "number" && value >= min && value <= MAX_TIMER_MS)
    return value;
  throw new RangeError(
    `${option} must be a number of milliseconds from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`,
  );
}
/** Error codes meaning the connection was never made, so nothing was sent. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);
function codeOf(error) {
  return typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string"
    ? error.code
    : undefined;
}
/** Idle pooled connections are closed after this long (below the usual 5 s server keep-alive). */
const IDLE_MS = 4_000;
/** Endpoints remembered per client (each is parsed once; bounded in case URLs vary per call). */
const MAX_TARGETS = 16;
/** The longest response head (status line and headers) read, as Node's own HTTP parser allows. */
const MAX_HEAD_BYTES = 16 * 1024;
/** The longest chunk-size or trailer line read. */
const MAX_LINE_BYTES = 4 * 1024;
/** Interim (1xx) answers read before the final one, at most. */
const MAX_INTERIM = 8;
/** Trailer bytes read after a chunked body, at most. */
const MAX_TRAILER_BYTES = 16 * 1024;
/** Bodies up to this size are copied behind the head and written at once; larger ones follow it. */
const COPY_BODY_BYTES = 64 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([0-9]{3})(?: [^\r\n]*)?$/;
/**
 * A transport with its own keep-alive connection pool. Each client makes one; `close()` ends its
 * idle connections (idle connections never keep the process alive).
 */
export function createHttpTransport(settings = {}) {
  const proxies = proxySettings(settings.proxy);
  const targets = new Map();
  const pools = new Map();
  let sweeper;
  const sweep = () => {
    const now = Date.now();
    for (const pool of pools.values()) {
      const keep = [];
      for (const c of pool.idle) {
        if (!c.dead && now - c.idleSince < IDLE_MS) keep.push(c);
        else c.kill();
      }
      pool.idle = keep;
    }
  };
  const release = (pool, connection) => {
    connection.idleSince = Date.now();
    connection.socket.unref();
    pool.idle.push(connection);
    if (sweeper === undefined) {
      sweeper = setInterval(sweep, IDLE_MS);
      sweeper.unref();
    }
  };
  const send = (request, options) => {
    let target = targets.get(request.url);
    if (target === undefined) {
      try {
        target = targetOf(request.url, request.api, pools, proxies);
      } catch (error) {
        return Promise.reject(error);
      }
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(request.url, target);
    }
    return new Promise((resolve, reject) => {
      new Exchange(request, options, target, release, resolve, reject).start();
    });
  };
  return Object.assign(send, {
    close() {
      clearInterval(sweeper);
      sweeper = undefined;
      for (const pool of pools.values()) {
        for (const c of pool.idle) c.socket.destroy();
        pool.idle = [];
      }
    },
  });
}
function targetOf(text, api, pools, proxies) {
  const url = new URL(text);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConnectError(
      `${api}: unsupported URL scheme ${url.protocol}; nothing was sent`,
    );
  const secure = url.protocol === "https:";
  const options = urlToHttpOptions(url);
  const hostname = options.hostname ?? "";
  const port = Number(options.port ?? (secure ? 443 : 80));
  const proxy = proxyFor(proxies, url, hostname, port, api);
  const auth = options.auth;
  const origin = `${url.protocol}//${url.host}`;
  let pool = pools.get(origin);
  if (pool === undefined) {
    pool = { idle: [], session: undefined };
    pools.set(origin, pool);
  }
  // A plain-HTTP request through a proxy names the whole URL and carries the proxy's credentials.
  const viaProxy = proxy !== undefined && !secure;
  const path = options.path ?? "/";
  // The header lines and their order are fixed (tests/typescript/transport_faults.test.ts).
  return {
    secure,
    hostname,
    port,
    host: url.host,
    proxy,
    where: proxy === undefined ? url.host : `${proxy.authority} (proxy)`,
    headStart: `POST ${viaProxy ? `http://${url.host}${path}` : path} HTTP/1.1\r\ncontent-type: `,
    headEnd:
      `\r\naccept: application/json\r\nuser-agent: topgen\r\nHost: ${url.host}\r\n` +
      (auth === undefined || auth === null
        ? ""
        : `Authorization: Basic ${Buffer.from(auth).toString("base64")}\r\n`) +
      (viaProxy && proxy.authorization !== undefined
        ? `Proxy-Authorization: ${proxy.authorization}\r\n`
        : "") +
      "Connection: keep-alive\r\n\r\n",
    pool,
  };
}
/**
 * The `proxy` option, else the environment. A CGI process (`REQUEST_METHOD` set) ignores
 * `HTTP_PROXY`, as Python's urllib does ("httpoxy", CVE-2016-1000110): the web server sets it
 * from the request's `Proxy` header. Only a lower-case `http_proxy` counts there (and none on
 * Windows, whose environment names ignore case).
 */
function proxySettings(proxy) {
  if (proxy !== undefined)
    return { http: proxy || undefined, https: proxy || undefined, bypass: [] };
  const env = (name) =>
    process.env[name.toLowerCase()] || process.env[name] || undefined;
  const cgi = process.env["REQUEST_METHOD"] !== undefined;
  return {
    http: !cgi
      ? env("HTTP_PROXY")
      : process.platform === "win32"
        ? undefined
        : process.env["http_proxy"] || undefined,
    https: env("HTTPS_PROXY"),
    bypass: (env("NO_PROXY") ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ""),
  };
}
/** The proxy for `url`, or undefined to connect directly. */
function proxyFor(settings, url, hostname, port, api) {
  const text = url.protocol === "https:" ? settings.https : settings.http;
  if (text === undefined || bypassed(settings.bypass, hostname, port))
    return undefined;
  let proxy;
  try {
    proxy = new URL(text.includes("://") ? text : `http://${text}`);
  } catch {
    proxy = new URL("invalid:");
  }
  if (proxy.protocol !== "http:" || proxy.hostname === "")
    throw new ConnectError(
      `${api}: the proxy must be an http:// URL with a host; nothing was sent`,
    );
  const options = urlToHttpOptions(proxy);
  const auth = options.auth;
  return {
    hostname: options.hostname ?? "",
    port: Number(options.port ?? 80),
    authority: proxy.host,
    authorization:
      auth === undefined || auth === null
        ? undefined
        : `Basic ${Buffer.from(auth).toString("base64")}`,
  };
}
/** Whether NO_PROXY names the host: `*`, the host itself, a parent domain, or `host:port`. */
function bypassed(entries, hostname, port) {
  const host = hostname.toLowerCase();
  for (const entry of entries) {
    if (entry === "*" || entry === `${host}:${port}`) return true;
    const domain = entry.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}
/** One socket and the exchange it is serving, if any. */
class Connection {
  socket;
  exchange;
  idleSince = 0;
  /** Closed, closing or broken: never reused. */
  dead = false;
  constructor(socket) {
    this.socket = socket;
    socket.on("data", (chunk) => {
      if (this.exchange !== undefined) this.exchange.onData(chunk);
      else this.kill(); // bytes nobody asked for: the connection is out of step
    });
    socket.on("end", () => {
      this.dead = true;
      this.exchange?.onEnd();
    });
    socket.on("error", (error) => {
      this.dead = true;
      this.exchange?.onBroken(codeOf(error) ?? "closed");
    });
    socket.on("close", () => {
      this.dead = true;
      this.exchange?.onBroken("closed");
    });
  }
  kill() {
    this.dead = true;
    this.socket.destroy();
  }
}
/** One attempt: takes or opens a connection, writes the request, reads the answer. */
class Exchange {
  request;
  options;
  target;
  release;
  resolve;
  reject;
  #connection;
  /** The socket to a proxy while its tunnel is being opened. */
  #opening;
  #connected = false;
  #settled = false;
  #total;
  #connectTimer;
  #state = 0; /* State.Head */
  /** The status of the final answer once its head is read. */
  #status = -1;
  /** Bytes of a head or line not yet complete. */
  #pending;
  #line = "";
  /** Interim answers read so far, and trailer bytes. */
  #interim = 0;
  #trailers = 0;
  /** Body bytes still expected (Content-Length or the current chunk). */
  #remaining = 0;
  #reusable = true;
  #chunks = [];
  #size = 0;
  #inflate;
  /** Whether any encoded body bytes went into #inflate. */
  #inflating = false;
  constructor(request, options, target, release, resolve, reject) {
    this.request = request;
    this.options = options;
    this.target = target;
    this.release = release;
    this.resolve = resolve;
    this.reject = reject;
  }
  start() {
    const { target, options } = this;
    this.#total = setTimeout(() => this.#timedOut(), options.timeoutMs);
    const idle = this.#takeIdle();
    if (idle !== undefined) {
      this.#connected = true;
      idle.socket.ref();
      return this.#send(idle);
    }
    this.#connectTimer = setTimeout(
      () => this.#fail(this.#connectTimeout()),
      Math.min(options.connectTimeoutMs, options.timeoutMs),
    );
    if (target.secure && target.proxy !== undefined)
      return this.#tunnel(target.proxy);
    const socket = target.secure
      ? this.#tls(undefined)
      : net.connect({
          host: target.proxy?.hostname ?? target.hostname,
          port: target.proxy?.port ?? target.port,
          noDelay: true,
        });
    this.#send(this.#opened(socket));
  }
  /** Writes the request on `connection`, which this exchange now owns. */
  #send(connection) {
    this.#connection = connection;
    connection.exchange = this;
    const { request, target } = this;
    const body = request.body;
    const head =
      target.headStart +
      request.contentType +
      "\r\ncontent-length: " +
      body.length +
      target.headEnd;
    if (body.length > COPY_BODY_BYTES) {
      connection.socket.cork();
      connection.socket.write(head, "latin1");
      connection.socket.write(body);
      connection.socket.uncork();
    } else {
      const size = Buffer.byteLength(head, "latin1");
      const bytes = Buffer.allocUnsafe(size + body.length);
      bytes.write(head, 0, "latin1");
      bytes.set(body, size);
      connection.socket.write(bytes);
    }
  }
  #takeIdle() {
    const idle = this.target.pool.idle;
    const now = Date.now();
    for (;;) {
      const c = idle.pop();
      if (c === undefined) return undefined;
      if (!c.dead && now - c.idleSince < IDLE_MS) return c;
      c.kill();
    }
  }
  /** A TLS connection to the target, directly or over a tunnel `socket`. */
  #tls(socket) {
    const { target } = this;
    const pool = target.pool;
    // `host` is also the name the certificate must match, so it is set over a tunnel too: with
    // no SNI (an IP address) Node would otherwise check the certificate against the proxy's name.
    const tlsSocket = tls.connect({
      host: target.hostname,
      ...(socket === undefined ? { port: target.port } : { socket }),
      servername: net.isIP(target.hostname) === 0 ? target.hostname : "",
      ALPNProtocols: ["http/1.1"],
      session: pool.session,
    });
    tlsSocket.setNoDelay(true);
    tlsSocket.on("session", (session) => {
      pool.session = session;
    });
    return tlsSocket;
  }
  /** A new connection, counted as made once TCP (and TLS) are up. */
  #opened(socket) {
    socket.once(this.target.secure ? "secureConnect" : "connect", () => {
      clearTimeout(this.#connectTimer);
      // Reached only while this exchange still owns the socket (a cut destroys it).
      this.#connected = true;
    });
    return new Connection(socket);
  }
  /** Opens a `CONNECT` tunnel through `proxy`, then TLS inside it, then sends. */
  #tunnel(proxy) {
    const { target, request } = this;
    const raw = net.connect({
      host: proxy.hostname,
      port: proxy.port,
      noDelay: true,
    });
    this.#opening = raw;
    const authority = `${net.isIPv6(target.hostname) ? `[${target.hostname}]` : target.hostname}:${target.port}`;
    const refused = (why) =>
      this.#fail(
        new ConnectError(
          `${request.api}: the proxy ${proxy.authority} ${why}; nothing was sent`,
        ),
      );
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end === -1) {
        if (head.length > MAX_HEAD_BYTES)
          refused(`did not open a tunnel to ${authority}`);
        return;
      }
      const status = STATUS_LINE.exec(
        head.toString("latin1", 0, end).split("\r\n")[0] ?? "",
      );
      if (status === null || end + 4 !== head.length)
        return refused(`did not open a tunnel to ${authority}`);
      if (!status[2].startsWith("2"))
        return refused(`refused a tunnel to ${authority} (HTTP ${status[2]})`);
      raw.off("data", onData);
      raw.off("error", onError);
      raw.off("close", onClose);
      this.#opening = undefined;
      this.#send(this.#opened(this.#tls(raw)));
    };
    const onError = (error) =>
      refused(`could not be reached (${codeOf(error) ?? "closed"})`);
    const onClose = () =>
      refused(`closed the connection before opening a tunnel to ${authority}`);
    raw.on("data", onData);
    raw.on("error", onError);
    raw.on("close", onClose);
    raw.once("connect", () => {
      raw.write(
        `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
          (proxy.authorization === undefined
            ? ""
            : `Proxy-Authorization: ${proxy.authorization}\r\n`) +
          "\r\n",
        "latin1",
      );
    });
  }
  onData(chunk) {
    let at = 0;
    while (!this.#settled) {
      switch (this.#state) {
        case 0 /* State.Head */: {
          let bytes = chunk.subarray(at);
          let from = 0;
          if (this.#pending !== undefined) {
            from = Math.max(0, this.#pending.length - 3);
            bytes = Buffer.concat([this.#pending, bytes]);
          }
          const end = bytes.indexOf(HEAD_END, from);
          if (end === -1 || end > MAX_HEAD_BYTES) {
            if (bytes.length > MAX_HEAD_BYTES)
              return this.#malformed("the response head is too long");
            this.#pending = bytes;
            return;
          }
          this.#pending = undefined;
          chunk = bytes;
          at = end + 4;
          this.#readHead(bytes.toString("latin1", 0, end), at < chunk.length);
          break;
        }
        case 1 /* State.Length */:
        case 3 /* State.ChunkData */: {
          const take = Math.min(this.#remaining, chunk.length - at);
          this.#body(chunk.subarray(at, at + take));
          at += take;
          this.#remaining -= take;
          if (this.#remaining > 0) break;
          if (this.#state === 1 /* State.Length */)
            this.#complete(at < chunk.length);
          else this.#state = 4; /* State.ChunkEnd */
          break;
        }
        case 2 /* State.ChunkSize */:
        case 4 /* State.ChunkEnd */:
        case 5 /* State.Trailers */: {
          const newline = chunk.indexOf(10, at);
          const piece = chunk.toString(
            "latin1",
            at,
            newline === -1 ? chunk.length : newline,
          );
          if (this.#line.length + piece.length > MAX_LINE_BYTES)
            return this.#badBody("a chunk-size or trailer line is too long");
          if (newline === -1) {
            this.#line += piece;
            return;
          }
          at = newline + 1;
          const line = this.#line + piece;
          this.#line = "";
          if (!line.endsWith("\r"))
            return this.#badBody("a chunked line does not end in CRLF");
          this.#chunkLine(line.slice(0, -1), at < chunk.length);
          break;
        }
        case 6 /* State.UntilClose */:
          this.#body(chunk.subarray(at));
          return;
        case 7 /* State.Done */:
          return;
      }
      if (at >= chunk.length) return;
    }
  }
  /** Reads a status line and headers; decides how the body is delimited. `more`: bytes follow
   * the head on the wire (after an answer without a body they retire the connection). */
  #readHead(text, more) {
    const lines = text.split("\r\n");
    const status = STATUS_LINE.exec(lines[0] ?? "");
    if (status === null) return this.#malformed("no HTTP/1.x status line");
    const code = Number(status[2]);
    let length;
    let transfer;
    let connection = "";
    let encoding = "";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(":");
      if (colon <= 0 || !TOKEN.test(line.slice(0, colon)))
        return this.#malformed("a header line is not name: value");
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (
          !/^[0-9]{1,15}$/.test(value) ||
          (length !== undefined && length !== value)
        )
          return this.#malformed("the Content-Length is not one number");
        length = value;
      } else if (name === "transfer-encoding") {
        transfer = transfer === undefined ? value : `${transfer}, ${value}`;
      } else if (name === "connection") {
        connection += `,${value.toLowerCase()}`;
      } else if (name === "content-encoding") {
        encoding = value.toLowerCase();
      }
    }
    if (code >= 100 && code < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the final one follows. Nothing here
      // asks to switch protocols, so 101 is out of step.
      if (code === 101) return this.#malformed("an unasked-for 101");
      if (++this.#interim > MAX_INTERIM)
        return this.#malformed(`more than ${MAX_INTERIM} interim answers`);
      return;
    }
    this.#status = code;
    if (status[1] === "0" || /(^|,)\s*close\s*(,|$)/.test(connection))
      this.#reusable = false;
    const limit = this.options.maxResponseBytes;
    if (
      encoding === "gzip" ||
      encoding === "x-gzip" ||
      encoding === "deflate" ||
      encoding === "br"
    ) {
      this.#decode(encoding);
    }
    if (code === 204 || code === 304) return this.#complete(more);
    if (transfer !== undefined) {
      // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); a coding other than a final
      // chunked runs until the server closes.
      this.#reusable = this.#reusable && length === undefined;
      const codings = transfer.toLowerCase().split(",");
      if (codings[codings.length - 1].trim() === "chunked")
        this.#state = 2; /* State.ChunkSize */
      else {
        this.#reusable = false;
        this.#state = 6; /* State.UntilClose */
      }
      return;
    }
    if (length !== undefined) {
      const declared = Number(length);
      if (declared > limit) return this.#tooLarge();
      if (declared === 0) return this.#complete(more);
      this.#remaining = declared;
      this.#state = 1; /* State.Length */
      return;
    }
    this.#reusable = false;
    this.#state = 6; /* State.UntilClose */
  }
  /** A chunk-size line, the CRLF after a chunk's data, or a trailer line. */
  #chunkLine(line, more) {
    if (this.#state === 4 /* State.ChunkEnd */) {
      if (line !== "") return this.#badBody("a chunk is longer than its size");
      this.#state = 2; /* State.ChunkSize */
    } else if (this.#state === 5 /* State.Trailers */) {
      if (line === "") return this.#complete(more);
      this.#trailers += line.length + 2;
      if (this.#trailers > MAX_TRAILER_BYTES)
        return this.#badBody("the trailers are longer than 16 KiB");
    } else {
      const semicolon = line.indexOf(";");
      const hex = (semicolon === -1 ? line : line.slice(0, semicolon)).trim();
      if (!/^[0-9a-fA-F]{1,12}$/.test(hex))
        return this.#badBody("a chunk size is not hexadecimal");
      this.#remaining = parseInt(hex, 16);
      this.#state =
        this.#remaining === 0
          ? 5 /* State.Trailers */
          : 3; /* State.ChunkData */
    }
  }
  #decode(encoding) {
    const inflate =
      encoding === "br"
        ? zlib.createBrotliDecompress()
        : encoding === "deflate"
          ? zlib.createInflate()
          : zlib.createGunzip();
    this.#inflate = inflate;
    inflate.on("data", (chunk) => this.#add(chunk));
    inflate.on("error", (e) =>
      this.#fail(
        new InvalidBodyError(
          this.#status,
          this.#partial(),
          `the ${encoding} body does not decode (${codeOf(e) ?? "bad data"})`,
        ),
      ),
    );
    inflate.on("end", () => this.#finish());
  }
  /** Body bytes as they arrive on the wire. */
  #body(bytes) {
    if (bytes.length === 0) return;
    if (this.#inflate !== undefined) {
      this.#inflating = true;
      this.#inflate.write(bytes);
    } else this.#add(bytes);
  }
  /** Body bytes after any decoding, within the limit. */
  #add(bytes) {
    if (this.#settled) return;
    const limit = this.options.maxResponseBytes;
    this.#size += bytes.length;
    if (this.#size > limit) {
      this.#chunks.push(
        bytes.subarray(0, Math.max(0, limit - (this.#size - bytes.length))),
      );
      return this.#tooLarge();
    }
    this.#chunks.push(bytes);
  }
  /** The message ended where its framing says; `extra` bytes followed it on the wire. */
  #complete(extra) {
    this.#state = 7; /* State.Done */
    const connection = this.#connection;
    connection.exchange = undefined;
    if (this.#reusable && !extra && !connection.dead)
      this.release(this.target.pool, connection);
    else connection.kill();
    this.#endBody();
  }
  /** Waits for the decoder to flush, if there is anything to decode. */
  #endBody() {
    if (this.#inflating) this.#inflate.end();
    else this.#finish();
  }
  #finish() {
    if (this.#settled) return;
    this.#settle();
    const chunks = this.#chunks;
    this.resolve({
      status: this.#status,
      body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
    });
  }
  onEnd() {
    if (this.#state === 6 /* State.UntilClose */) {
      this.#state = 7; /* State.Done */
      this.#connection.exchange = undefined;
      this.#endBody();
      return;
    }
    this.onBroken("closed");
  }
  /** The connection ended, broke or failed before the answer was complete. */
  onBroken(code) {
    if (this.#settled || this.#state === 7 /* State.Done */) return;
    const { request, target } = this;
    if (this.#status !== -1)
      return this.#fail(
        new InvalidBodyError(
          this.#status,
          this.#partial(),
          `the body broke off (${code})`,
        ),
      );
    if (!this.#connected || NOT_CONNECTED.has(code))
      return this.#fail(
        new ConnectError(
          `${request.api}: could not connect to ${target.where} (${code}); nothing was sent`,
        ),
      );
    this.#fail(
      new ConnectionError(
        `${request.api}: the connection failed (${code})${this.#unsafe()}`,
      ),
    );
  }
  #unsafe() {
    return this.request.idempotent ? "" : `; ${OUTCOME_UNKNOWN}`;
  }
  #timedOut() {
    const { request, options } = this;
    this.#fail(
      new TimeoutError(
        `${request.api}: no complete answer within ${options.timeoutMs} ms${this.#connected ? this.#unsafe() : "; nothing was sent"}`,
      ),
    );
  }
  #connectTimeout() {
    const { request, options, target } = this;
    return new ConnectError(
      `${request.api}: could not connect to ${target.where} within ${options.connectTimeoutMs} ms; nothing was sent`,
    );
  }
  /** The answer is not HTTP/1.1 as RFC 9112 writes it. */
  #malformed(why) {
    this.#fail(
      new ConnectionError(
        `${this.request.api}: the connection failed (malformed response: ${why})${this.#unsafe()}`,
      ),
    );
  }
  /** The body's framing is broken after the status arrived. */
  #badBody(why) {
    this.#fail(new InvalidBodyError(this.#status, this.#partial(), why));
  }
  #tooLarge() {
    this.#fail(
      new InvalidBodyError(
        this.#status,
        this.#partial(),
        `the response body is larger than ${this.options.maxResponseBytes} bytes`,
      ),
    );
  }
  #partial() {
    return new TextDecoder().decode(Buffer.concat(this.#chunks));
  }
  /** Ends the attempt with `error`; the connection is closed, never reused. */
  #fail(error) {
    if (this.#settled) return;
    this.#settle();
    this.#state = 7; /* State.Done */
    const connection = this.#connection;
    if (connection !== undefined && connection.exchange === this) {
      connection.exchange = undefined;
      connection.kill();
    }
    this.#opening?.destroy();
    this.#inflate?.destroy();
    this.reject(error);
  }
  #settle() {
    this.#settled = true;
    clearTimeout(this.#total);
    clearTimeout(this.#connectTimer);
  }
}
