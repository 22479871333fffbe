// The HTTP transport: global `fetch` (Node >= 20) with a total timeout via AbortSignal, and
// failures sorted into the contract's kinds (connect: nothing was sent; connection: maybe sent;
// invalid_body: the gateway answered, but its body broke off).

import { ApiError, ConnectError, ConnectionError, InvalidBodyError, OUTCOME_UNKNOWN, TimeoutError } from "./errors.js";
import type { PreparedRequest } from "./wire.js";

/** What a transport returns: the HTTP status and the body as text. */
export interface TransportResponse {
  readonly status: number;
  readonly body: string;
}

/** Limits for one attempt. */
export interface TransportOptions {
  /** Time allowed to reach the gateway (DNS, TCP, TLS). */
  readonly connectTimeoutMs: number;
  /** Time allowed for the whole exchange, body included. */
  readonly timeoutMs: number;
}

/** Sends a prepared request; throws TimeoutError, ConnectError, ConnectionError or InvalidBodyError. */
export type Transport = (request: PreparedRequest, options: TransportOptions) => Promise<TransportResponse>;

/** Error codes meaning the connection was never made, so nothing was sent. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e === "object" && "code" in e && typeof e.code === "string") return e.code;
    e = typeof e === "object" && "cause" in e ? e.cause : undefined;
  }
  return undefined;
}

class Expired {
  constructor(readonly phase: "connect" | "total", readonly ms: number) {}
}

/**
 * Reads the whole body. The gateway has answered once the status line is in, so a body that
 * breaks off (fewer bytes than its `Content-Length`, a closed connection) is an invalid body
 * carrying the status and what arrived; a timeout while reading stays a timeout.
 */
async function readBody(response: Response, signal: AbortSignal): Promise<string> {
  const chunks: Uint8Array[] = [];
  if (response.body !== null) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      const partial = new TextDecoder().decode(Buffer.concat(chunks));
      throw new InvalidBodyError(response.status, partial, `the body broke off (${causeCode(error) ?? "closed"})`, { cause: error });
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The default transport. The total limit covers connecting, sending and reading the body. Node's
 * `fetch` does not report when the connection is made, so a connect failure is recognised by its
 * error code (undici itself gives up connecting after 10 s); `connectTimeoutMs` is honoured by
 * transports that see the connect phase (pass one as the `transport` option).
 */
export const fetchTransport: Transport = async (request, options) => {
  const controller = new AbortController();
  const total = setTimeout(() => controller.abort(new Expired("total", options.timeoutMs)), options.timeoutMs);
  const unsafe = request.idempotent ? "" : `; ${OUTCOME_UNKNOWN}`;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { "content-type": request.contentType, accept: "application/json" },
      body: request.body,
      signal: controller.signal,
      redirect: "error",
    });
    return { status: response.status, body: await readBody(response, controller.signal) };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const reason: unknown = controller.signal.reason;
    if (controller.signal.aborted && reason instanceof Expired) {
      throw new TimeoutError(`${request.api}: no complete answer within ${reason.ms} ms${unsafe}`, { cause: error });
    }
    const code = causeCode(error);
    if (code !== undefined && NOT_CONNECTED.has(code)) {
      throw new ConnectError(`${request.api}: could not connect to ${new URL(request.url).host} (${code}); nothing was sent`, { cause: error });
    }
    throw new ConnectionError(`${request.api}: the connection failed (${code ?? "closed"})${unsafe}`, { cause: error });
  } finally {
    clearTimeout(total);
  }
};
