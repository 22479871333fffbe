// The HTTP transport: `node:http`/`node:https` with one keep-alive pool per client, one deadline
// per attempt (connect, TLS, writing, headers and the whole body), a bounded body, no redirects,
// and failures sorted into the contract's kinds (connect: nothing was sent; connection: maybe
// sent; invalid_body: the gateway answered, but its body broke off or is too large).
import * as http from "node:http";
import * as https from "node:https";
import { urlToHttpOptions } from "node:url";
import * as zlib from "node:zlib";
import {
  ApiError,
  ConnectError,
  ConnectionError,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  TimeoutError,
} from "./errors.js";
/** The default limit on a response body: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Error codes meaning the connection was never made, so nothing was sent. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);
/** Why an attempt was cut short by the transport itself. */
class Cut extends Error {
  why;
  constructor(why) {
    super(why);
    this.why = why;
  }
}
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
/**
 * A transport with its own keep-alive connection pools (HTTP and HTTPS). Each client makes one;
 * `close()` ends its idle connections (idle connections never keep the process alive).
 */
export function createHttpTransport() {
  const agents = {
    http: new http.Agent({
      keepAlive: true,
      timeout: IDLE_MS,
      scheduling: "lifo",
    }),
    https: new https.Agent({
      keepAlive: true,
      timeout: IDLE_MS,
      scheduling: "lifo",
    }),
  };
  // A client calls one or a few URLs: each is parsed once (bounded, in case URLs vary per call).
  const targets = new Map();
  const send = (request, options) => {
    let target = targets.get(request.url);
    if (target === undefined) {
      target = targetOf(request.url);
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(request.url, target);
    }
    return attempt(request, options, agents, target);
  };
  return Object.assign(send, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}
const MAX_TARGETS = 16;
function targetOf(text) {
  const url = new URL(text);
  const { auth, ...options } = urlToHttpOptions(url);
  return {
    options,
    host: url.host,
    protocol: url.protocol,
    authorization:
      auth === undefined || auth === null
        ? undefined
        : `Basic ${Buffer.from(auth).toString("base64")}`,
  };
}
function attempt(request, options, agents, url) {
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:")
    return Promise.reject(
      new ConnectError(
        `${request.api}: unsupported URL scheme ${url.protocol}; nothing was sent`,
      ),
    );
  const unsafe = request.idempotent ? "" : `; ${OUTCOME_UNKNOWN}`;
  const limit = options.maxResponseBytes;
  return new Promise((resolve, reject) => {
    let connected = false;
    let answered;
    let settled = false;
    let connectTimer;
    const chunks = [];
    let size = 0;
    const finish = (error, response) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connectTimer);
      if (error === undefined && response !== undefined) resolve(response);
      else reject(error);
    };
    const partial = () => new TextDecoder().decode(Buffer.concat(chunks));
    const fail = (error) => {
      if (settled) return;
      if (error instanceof ApiError) return finish(error);
      const cut = error instanceof Cut ? error.why : undefined;
      if (cut === "too_large") {
        return finish(
          new InvalidBodyError(
            answered ?? 0,
            partial(),
            `the response body is larger than ${limit} bytes`,
          ),
        );
      }
      if (cut === "total") {
        return finish(
          new TimeoutError(
            `${request.api}: no complete answer within ${options.timeoutMs} ms${connected ? unsafe : "; nothing was sent"}`,
          ),
        );
      }
      if (cut === "connect") {
        return finish(
          new ConnectError(
            `${request.api}: could not connect to ${url.host} within ${options.connectTimeoutMs} ms; nothing was sent`,
          ),
        );
      }
      const code = codeOf(error) ?? "closed";
      if (answered !== undefined) {
        return finish(
          new InvalidBodyError(
            answered,
            partial(),
            `the body broke off (${code})`,
          ),
        );
      }
      if (!connected || NOT_CONNECTED.has(code)) {
        return finish(
          new ConnectError(
            `${request.api}: could not connect to ${url.host} (${code}); nothing was sent`,
          ),
        );
      }
      finish(
        new ConnectionError(
          `${request.api}: the connection failed (${code})${unsafe}`,
        ),
      );
    };
    // Headers as a flat list are written as given, without a setHeader call each; Host (and
    // Authorization for a URL with credentials) come last, as Node writes them for an object.
    const headers = [
      "content-type",
      request.contentType,
      "content-length",
      String(request.body.length),
      "accept",
      "application/json",
      "user-agent",
      "topgen",
      "Host",
      url.host,
    ];
    if (url.authorization !== undefined)
      headers.push("Authorization", url.authorization);
    const req = (secure ? https : http).request({
      ...url.options,
      method: "POST",
      agent: secure ? agents.https : agents.http,
      headers,
    });
    const cut = (why) => {
      fail(new Cut(why));
      req.destroy();
    };
    const total = setTimeout(() => cut("total"), options.timeoutMs);
    req.on("socket", (socket) => {
      // A pooled connection is already open; a new one must connect within connectTimeoutMs.
      if (!socket.connecting) {
        connected = true;
        return;
      }
      connectTimer = setTimeout(
        () => cut("connect"),
        Math.min(options.connectTimeoutMs, options.timeoutMs),
      );
      socket.once(secure ? "secureConnect" : "connect", () => {
        connected = true;
        clearTimeout(connectTimer);
      });
    });
    req.on("error", fail);
    req.on("response", (res) => {
      answered = res.statusCode ?? 0;
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limit)
        return cut("too_large");
      const encoding = (res.headers["content-encoding"] ?? "identity")
        .trim()
        .toLowerCase();
      let stream = res;
      if (
        encoding === "gzip" ||
        encoding === "x-gzip" ||
        encoding === "deflate" ||
        encoding === "br"
      ) {
        const inflate =
          encoding === "br"
            ? zlib.createBrotliDecompress()
            : encoding === "deflate"
              ? zlib.createInflate()
              : zlib.createGunzip();
        inflate.on("error", (e) => {
          res.destroy();
          fail(
            new InvalidBodyError(
              answered ?? 0,
              partial(),
              `the ${encoding} body does not decode (${codeOf(e) ?? "bad data"})`,
            ),
          );
        });
        res.pipe(inflate);
        stream = inflate;
      }
      res.on("error", fail);
      stream.on("data", (chunk) => {
        size += chunk.length;
        if (size > limit) {
          chunks.push(
            chunk.subarray(0, Math.max(0, limit - (size - chunk.length))),
          );
          if (stream !== res) stream.destroy();
          return cut("too_large");
        }
        chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream === res && !res.complete) return fail(new Error("closed"));
        finish(undefined, {
          status: answered ?? 0,
          body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        });
      });
      res.on("aborted", () =>
        fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })),
      );
      res.on("close", () => {
        if (!res.complete)
          fail(Object.assign(new Error("closed"), { code: "ECONNRESET" }));
      });
    });
    req.end(request.body);
  });
}
