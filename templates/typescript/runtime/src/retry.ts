// The retry rule of the runtime contract ("Retries"): which failures are attempted again, for
// which APIs, and how long to wait first. Pure functions, so the rule is tested without a network.

import {
  ApiError,
  ConnectError,
  GatewayError,
  HttpStatusError,
  RateLimitError,
  THROTTLED_CODE,
} from "./errors.js";

/** Base delay for a failure before sending, or a transient failure of an idempotent API. */
export const RETRY_BASE_MS = 200;
/** Base delay after the gateway's code 7 (throttled: refused before the API ran). */
export const THROTTLE_BASE_MS = 1_000;
/** No wait between attempts is longer than this. */
export const MAX_RETRY_DELAY_MS = 10_000;

/**
 * The base delay in milliseconds for retrying after `error`, or undefined when it must not be
 * retried: validation errors, other gateway errors, invalid bodies, and every failure after
 * sending to an API that is not idempotent (its outcome is unknown).
 */
export function retryBaseMs(
  error: unknown,
  idempotent: boolean,
): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error instanceof ConnectError) return RETRY_BASE_MS;
  if (error instanceof GatewayError && error.code === THROTTLED_CODE)
    return THROTTLE_BASE_MS;
  if (!idempotent) return undefined;
  const transient =
    error.kind === "timeout" ||
    error.kind === "connection" ||
    (error instanceof HttpStatusError && error.status >= 500) ||
    (error instanceof GatewayError && (error.subCode ?? "").startsWith("isp."));
  return transient ? RETRY_BASE_MS : undefined;
}

/**
 * Milliseconds to wait before retry `retry` (0 for the first retry) after `error`:
 * `min(base × 2^retry, maxDelayMs)`, or undefined when `error` must not be retried. A rate-limit
 * ban that says its length N waits exactly N s instead when N s ≤ `maxDelayMs`; a longer ban is
 * not retried (a sooner retry is certain to fail, a longer sleep was not allowed).
 */
export function retryDelayMs(
  error: unknown,
  idempotent: boolean,
  retry: number,
  maxDelayMs = MAX_RETRY_DELAY_MS,
): number | undefined {
  if (error instanceof RateLimitError && error.retryAfter !== undefined) {
    const ms = error.retryAfter * 1_000;
    return ms <= maxDelayMs ? ms : undefined;
  }
  const base = retryBaseMs(error, idempotent);
  return base === undefined
    ? undefined
    : Math.min(base * 2 ** retry, maxDelayMs);
}
