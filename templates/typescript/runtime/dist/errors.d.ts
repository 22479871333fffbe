/** What went wrong, the same words in every topgen client. */
export type ErrorKind =
  | "validation"
  | "gateway"
  | "timeout"
  | "connect"
  | "connection"
  | "http_status"
  | "invalid_body";
/** Appended to timeout and connection errors of APIs that are not idempotent. */
export declare const OUTCOME_UNKNOWN =
  "the outcome is unknown: the gateway may have applied the request; check its state before repeating it";
/** The base of every error a generated client throws. */
export declare abstract class ApiError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    message: string,
    options?: {
      cause?: unknown;
    },
  );
}
/** A parameter broke a rule of the spec; nothing was sent. */
export declare class ValidationError extends ApiError {
  readonly kind: "validation";
  /** Wire name of the offending parameter (`param.field` inside a struct). */
  readonly parameter: string;
  constructor(parameter: string, message: string);
}
/** What the client signed: the sign method and the string to sign, the session as `***`. */
export interface Signed {
  readonly method: string;
  readonly stringToSign: string;
}
/** The gateway's code for a call refused by flow control before the API ran. */
export declare const THROTTLED_CODE = "7";
/** The gateway's code for an invalid signature. */
export declare const INVALID_SIGNATURE_CODE = "25";
/**
 * The gateway answered with an error (TOP's `error_response`, or a non-zero `code`). On an
 * invalid signature (code 25) thrown by `execute`, `signed` holds what the client signed and the
 * message ends with it.
 */
export declare class GatewayError extends ApiError {
  readonly kind: "gateway";
  /** The error code as text, whether the JSON held a number or a string. */
  readonly code: string;
  /** Every error field the envelope defines and the body held, by wire name, as text. */
  readonly fields: Readonly<Record<string, string>>;
  /** The raw response body. */
  readonly body: string;
  /** What the client signed, on code 25 (invalid signature); undefined otherwise. */
  signed: Signed | undefined;
  constructor(fields: Readonly<Record<string, string>>, body: string);
  /** The gateway's own words (`msg` on TOP, `message` on code/message/data gateways). */
  get gatewayMessage(): string | undefined;
  get subCode(): string | undefined;
  get subMessage(): string | undefined;
  get requestId(): string | undefined;
  get traceId(): string | undefined;
  /** Adds what the client signed (code 25) to the error and its message; the client calls it. */
  noteSigned(signed: Signed): void;
}
/**
 * Code 7: the gateway throttled the call before the API ran. `retryAfter` is the ban's length in
 * whole seconds when the gateway said it (`This ban will last for N more seconds` in `sub_msg`,
 * else `msg`), else undefined.
 */
export declare class RateLimitError extends GatewayError {
  readonly retryAfter: number | undefined;
  constructor(fields: Readonly<Record<string, string>>, body: string);
}
/** The gateway error for `fields`: a RateLimitError for code 7. */
export declare function gatewayError(
  fields: Readonly<Record<string, string>>,
  body: string,
): GatewayError;
/** The call did not finish in time. */
export declare class TimeoutError extends ApiError {
  readonly kind: "timeout";
}
/** The gateway could not be reached (refused, unreachable, DNS); nothing was sent. */
export declare class ConnectError extends ApiError {
  readonly kind: "connect";
}
/** The connection broke after the request may have been sent. */
export declare class ConnectionError extends ApiError {
  readonly kind: "connection";
}
/** The gateway answered with a non-2xx HTTP status. */
export declare class HttpStatusError extends ApiError {
  readonly kind: "http_status";
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string);
}
/** The body is not the JSON the envelope promises (an HTML page, a truncated body). */
export declare class InvalidBodyError extends ApiError {
  readonly kind: "invalid_body";
  readonly status: number;
  readonly body: string;
  constructor(
    status: number,
    body: string,
    reason: string,
    options?: {
      cause?: unknown;
    },
  );
}
