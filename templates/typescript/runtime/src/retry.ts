// The retry rule of the runtime contract ("Retries"): which failures are attempted again, for
// which APIs, and how long to wait first. Pure functions, so the rule is tested without a network.

import {
  ApiError,
  ConnectError,
  GatewayError,
  HttpStatusError,
} from "./errors.js";

/** Base delay for a failure before sending, or a transient failure of an idempotent API. */
export const RETRY_BASE_MS = 200;
/** Base delay after the gateway's code 7 (throttled: refused before the API ran). */
export const THROTTLE_BASE_MS = 1_000;
/** No wait between attempts is longer than this. */
export const MAX_RETRY_DELAY_MS = 10_000;

/** The gateway's code for a call refused by flow control before the API ran. */
const THROTTLED_CODE = "7";

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
 * `min(base × 2^retry, 10 s)`, or undefined when `error` must not be retried.
 */
export function retryDelayMs(
  error: unknown,
  idempotent: boolean,
  retry: number,
): number | undefined {
  const base = retryBaseMs(error, idempotent);
  return base === undefined
    ? undefined
    : Math.min(base * 2 ** retry, MAX_RETRY_DELAY_MS);
}
