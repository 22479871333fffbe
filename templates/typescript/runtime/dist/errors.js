// Errors: one base class with a `kind`, one subclass per kind of failure.
// No message, `toString` or field of these classes ever holds a secret; only the sign may appear.
/** Appended to timeout and connection errors of APIs that are not idempotent. */
export const OUTCOME_UNKNOWN =
  "the outcome is unknown: the gateway may have applied the request; check its state before repeating it";
/** The base of every error a generated client throws. */
export class ApiError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}
/** A parameter broke a rule of the spec; nothing was sent. */
export class ValidationError extends ApiError {
  kind = "validation";
  /** Wire name of the offending parameter (`param.field` inside a struct). */
  parameter;
  constructor(parameter, message) {
    super(message);
    this.parameter = parameter;
  }
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
  kind = "gateway";
  /** The error code as text, whether the JSON held a number or a string. */
  code;
  /** Every error field the envelope defines and the body held, by wire name, as text. */
  fields;
  /** The raw response body. */
  body;
  /** What the client signed, on code 25 (invalid signature); undefined otherwise. */
  signed;
  constructor(fields, body) {
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
  get gatewayMessage() {
    return this.fields["msg"] ?? this.fields["message"];
  }
  get subCode() {
    return this.fields["sub_code"];
  }
  get subMessage() {
    return this.fields["sub_msg"];
  }
  get requestId() {
    return this.fields["request_id"];
  }
  get traceId() {
    return this.fields["trace_id"];
  }
  /** Adds what the client signed (code 25) to the error and its message; the client calls it. */
  noteSigned(signed) {
    if (this.signed !== undefined) return;
    this.signed = signed;
    this.message += `; the client signed (${signed.method}): ${signed.stringToSign}`;
  }
}
const BAN = /This ban will last for ([0-9]+) more seconds/;
function banSeconds(text) {
  const found = BAN.exec(text ?? "");
  return found === null ? undefined : Number(found[1]);
}
/**
 * Code 7: the gateway throttled the call before the API ran. `retryAfter` is the ban's length in
 * whole seconds when the gateway said it (`This ban will last for N more seconds` in `sub_msg`,
 * else `msg`), else undefined.
 */
export class RateLimitError extends GatewayError {
  retryAfter;
  constructor(fields, body) {
    super(fields, body);
    this.retryAfter =
      banSeconds(fields["sub_msg"]) ?? banSeconds(fields["msg"]);
  }
}
/** The gateway error for `fields`: a RateLimitError for code 7. */
export function gatewayError(fields, body) {
  return fields["code"] === THROTTLED_CODE
    ? new RateLimitError(fields, body)
    : new GatewayError(fields, body);
}
/** The call did not finish in time. */
export class TimeoutError extends ApiError {
  kind = "timeout";
}
/** The gateway could not be reached (refused, unreachable, DNS); nothing was sent. */
export class ConnectError extends ApiError {
  kind = "connect";
}
/** The connection broke after the request may have been sent. */
export class ConnectionError extends ApiError {
  kind = "connection";
}
/** The gateway answered with a non-2xx HTTP status. */
export class HttpStatusError extends ApiError {
  kind = "http_status";
  status;
  body;
  constructor(status, body) {
    super(`HTTP status ${status}: ${preview(body)}`);
    this.status = status;
    this.body = body;
  }
}
/** The body is not the JSON the envelope promises (an HTML page, a truncated body). */
export class InvalidBodyError extends ApiError {
  kind = "invalid_body";
  status;
  body;
  constructor(status, body, reason, options) {
    super(
      `invalid response body (HTTP ${status}): ${reason}: ${preview(body)}`,
      options,
    );
    this.status = status;
    this.body = body;
  }
}
function preview(body) {
  const chars = [...body];
  return chars.length > 200 ? `${chars.slice(0, 200).join("")}…` : body;
}
