// Errors: one base class with a `kind`, one subclass per kind of failure.
// No message, `toString` or field of these classes ever holds a secret; only the sign may appear.

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
export const OUTCOME_UNKNOWN =
  "the outcome is unknown: the gateway may have applied the request; check its state before repeating it";

/** The base of every error a generated client throws. */
export abstract class ApiError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A parameter broke a rule of the spec; nothing was sent. */
export class ValidationError extends ApiError {
  readonly kind = "validation" as const;

  /** Wire name of the offending parameter (`param.field` inside a struct). */
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(message);
    this.parameter = parameter;
  }
}

/** What the client signed: the sign method and the string to sign, the session as `***`. */
export interface Signed {
  readonly method: string;
  readonly stringToSign: string;
}

/** The gateway's code for a call refused by flow control before the API ran. */
export const THROTTLED_CODE = "7";
/** The gateway's code for an invalid signature. */
export const INVALID_SIGNATURE_CODE = "25";

/**
 * The gateway answered with an error (TOP's `error_response`, or a non-zero `code`). On an
 * invalid signature (code 25) thrown by `execute`, `signed` holds what the client signed and the
 * message ends with it.
 */
export class GatewayError extends ApiError {
  readonly kind = "gateway" as const;

  /** The error code as text, whether the JSON held a number or a string. */
  readonly code: string;
  /** Every error field the envelope defines and the body held, by wire name, as text. */
  readonly fields: Readonly<Record<string, string>>;
  /** The raw response body. */
  readonly body: string;
  /** What the client signed, on code 25 (invalid signature); undefined otherwise. */
  signed: Signed | undefined;

  constructor(fields: Readonly<Record<string, string>>, body: string) {
    const code = fields["code"] ?? "";
    const text = fields["msg"] ?? fields["message"] ?? "";
    const sub =
      fields["sub_code"] === undefined
        ? ""
        : ` (${fields["sub_code"]}${fields["sub_msg"] === undefined ? "" : `: ${fields["sub_msg"]}`})`;
    super(`gateway error ${code}: ${text}${sub}`);
    this.code = code;
    this.fields = fields;
    this.body = body;
  }

  /** The gateway's own words (`msg` on TOP, `message` on code/message/data gateways). */
  get gatewayMessage(): string | undefined {
    return this.fields["msg"] ?? this.fields["message"];
  }

  get subCode(): string | undefined {
    return this.fields["sub_code"];
  }

  get subMessage(): string | undefined {
    return this.fields["sub_msg"];
  }

  get requestId(): string | undefined {
    return this.fields["request_id"];
  }

  get traceId(): string | undefined {
    return this.fields["trace_id"];
  }

  /** Adds what the client signed (code 25) to the error and its message; the client calls it. */
  noteSigned(signed: Signed): void {
    if (this.signed !== undefined) return;
    this.signed = signed;
    this.message += `; the client signed (${signed.method}): ${signed.stringToSign}`;
  }
}

const BAN = /This ban will last for ([0-9]+) more seconds/;

function banSeconds(text: string | undefined): number | undefined {
  const found = BAN.exec(text ?? "");
  return found === null ? undefined : Number(found[1]);
}

/**
 * Code 7: the gateway throttled the call before the API ran. `retryAfter` is the ban's length in
 * whole seconds when the gateway said it (`This ban will last for N more seconds` in `sub_msg`,
 * else `msg`), else undefined.
 */
export class RateLimitError extends GatewayError {
  readonly retryAfter: number | undefined;

  constructor(fields: Readonly<Record<string, string>>, body: string) {
    super(fields, body);
    this.retryAfter =
      banSeconds(fields["sub_msg"]) ?? banSeconds(fields["msg"]);
  }
}

/** The gateway error for `fields`: a RateLimitError for code 7. */
export function gatewayError(
  fields: Readonly<Record<string, string>>,
  body: string,
): GatewayError {
  return fields["code"] === THROTTLED_CODE
    ? new RateLimitError(fields, body)
    : new GatewayError(fields, body);
}

/** The call did not finish in time. */
export class TimeoutError extends ApiError {
  readonly kind = "timeout" as const;
}

/** The gateway could not be reached (refused, unreachable, DNS); nothing was sent. */
export class ConnectError extends ApiError {
  readonly kind = "connect" as const;
}

/** The connection broke after the request may have been sent. */
export class ConnectionError extends ApiError {
  readonly kind = "connection" as const;
}

/** The gateway answered with a non-2xx HTTP status. */
export class HttpStatusError extends ApiError {
  readonly kind = "http_status" as const;
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`HTTP status ${status}: ${preview(body)}`);
    this.status = status;
    this.body = body;
  }
}

/** The body is not the JSON the envelope promises (an HTML page, a truncated body). */
export class InvalidBodyError extends ApiError {
  readonly kind = "invalid_body" as const;
  readonly status: number;
  readonly body: string;

  constructor(
    status: number,
    body: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `invalid response body (HTTP ${status}): ${reason}: ${preview(body)}`,
      options,
    );
    this.status = status;
    this.body = body;
  }
}

function preview(body: string): string {
  const chars = [...body];
  return chars.length > 200 ? `${chars.slice(0, 200).join("")}…` : body;
}
