import type { PreparedRequest } from "./wire.js";
/** What a transport returns: the HTTP status and the body (bytes, or text already decoded). */
export interface TransportResponse {
  readonly status: number;
  readonly body: Uint8Array | string;
}
/** Limits for one attempt. */
export interface TransportOptions {
  /** Time allowed to reach the gateway (DNS, TCP, TLS), within `timeoutMs`. */
  readonly connectTimeoutMs: number;
  /** Time allowed for the whole attempt, from connecting to the last byte of the body. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes after any content decoding. */
  readonly maxResponseBytes: number;
}
/** Sends a prepared request; throws TimeoutError, ConnectError, ConnectionError or InvalidBodyError. */
export type Transport = (
  request: PreparedRequest,
  options: TransportOptions,
) => Promise<TransportResponse>;
/** The default limit on a response body: 64 MiB. */
export declare const DEFAULT_MAX_RESPONSE_BYTES: number;
/** The longest delay a Node timer keeps: 2^31−1 ms (about 24.8 days); it cuts longer ones to 1 ms. */
export declare const MAX_TIMER_MS: number;
/**
 * `value` when it is a number of milliseconds from `min` to {@link MAX_TIMER_MS}; otherwise a
 * RangeError naming the option (not finite, negative or too long for a timer are refused, not
 * clamped: a timer would fire at once).
 */
export declare function timerMs(
  option: string,
  value: number,
  min: number,
): number;
/** Settings of the default transport. */
export interface HttpTransportOptions {
  /**
   * The HTTP proxy. Unset: `HTTPS_PROXY`/`HTTP_PROXY` (or lower case) from the environment, read
   * when the transport is made, skipping the hosts `NO_PROXY` names (in a CGI process, only a
   * lower-case `http_proxy`: see {@link proxySettings}); a URL
   * (`http://user:pass@host:3128`): that proxy for every request; `""`: no proxy. HTTPS goes
   * through a `CONNECT` tunnel, so the proxy never sees the request.
   */
  readonly proxy?: string;
}
/**
 * A transport with its own keep-alive connection pool. Each client makes one; `close()` ends its
 * idle connections (idle connections never keep the process alive).
 */
export declare function createHttpTransport(
  settings?: HttpTransportOptions,
): Transport & {
  close(): void;
};
