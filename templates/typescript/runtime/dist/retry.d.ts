/** Base delay for a failure before sending, or a transient failure of an idempotent API. */
export declare const RETRY_BASE_MS = 200;
/** Base delay after the gateway's code 7 (throttled: refused before the API ran). */
export declare const THROTTLE_BASE_MS = 1000;
/** No wait between attempts is longer than this. */
export declare const MAX_RETRY_DELAY_MS = 10000;
/**
 * The base delay in milliseconds for retrying after `error`, or undefined when it must not be
 * retried: validation errors, other gateway errors, invalid bodies, and every failure after
 * sending to an API that is not idempotent (its outcome is unknown).
 */
export declare function retryBaseMs(
  error: unknown,
  idempotent: boolean,
): number | undefined;
/**
 * Milliseconds to wait before retry `retry` (0 for the first retry) after `error`:
 * `min(base × 2^retry, maxDelayMs)`, or undefined when `error` must not be retried. A rate-limit
 * ban that says its length N waits exactly N s instead when N s ≤ `maxDelayMs`; a longer ban is
 * not retried (a sooner retry is certain to fail, a longer sleep was not allowed).
 */
export declare function retryDelayMs(
  error: unknown,
  idempotent: boolean,
  retry: number,
  maxDelayMs?: number,
): number | undefined;
