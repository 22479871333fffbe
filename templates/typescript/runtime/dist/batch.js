// Batch calls (the runtime contract's "Batch calls"): several calls in one HTTP request to
// `…/router/batch`, as the official Java `BatchTaobaoClient` sends them. Each call is prepared and
// validated as a single call; its segment of the body is its own form encoding of `method`, its
// session and its business parameters. The system parameters go in the query string, signed over
// their `key + value` string plus the whole body. The answer holds one JSON document per call,
// joined by the same separator. Nothing here does I/O, and the secret never reaches this module:
// the client hands in a function that signs a string.
import {
  GatewayError,
  HttpStatusError,
  InvalidBodyError,
  ValidationError,
} from "./errors.js";
import { parseResponse } from "./response.js";
import { API } from "./schema.js";
import { formEncode, PreparedRequest, stringToSign } from "./wire.js";
/** Joins the calls of the body and the answers of the response. */
export const BATCH_SEPARATOR = "\r\n-S-\r\n";
/** Starts the segment of parameters every call shares (only a common `method` is hoisted). */
const PUBLIC = "#PUBLIC#";
/** A call segment with no parameters at all. */
const EMPTY_SEGMENT = "N";
/** A call of a batch breaks a rule (or carries a file); nothing was sent. */
export class BatchValidationError extends ValidationError {
  /** The position of the failing call. */
  index;
  constructor(index, cause) {
    super(cause.parameter, `calls[${index}]: ${cause.message}`);
    this.index = index;
  }
}
/** Splits `client.batch`'s items into API, values and session. */
export function resolveCalls(items) {
  return items.map((item) =>
    API in item
      ? { api: item[API], values: item, session: undefined }
      : { api: item.request[API], values: item.request, session: item.session },
  );
}
/** The endpoint URL with its last path segment replaced by `batch` (`…/router/rest` → `…/router/batch`). */
export function batchUrl(url) {
  const u = new URL(url);
  const cut = u.pathname.lastIndexOf("/");
  return `${u.origin}${u.pathname.slice(0, Math.max(cut, 0))}/batch`;
}
/** Validates every call (the first failure wins, prefixed with its index) and builds the one request that carries them all. */
export function prepareBatch(ctx, calls) {
  const gateway = ctx.gateway;
  if (gateway.routing.style !== "method_parameter") {
    throw new RangeError(
      `batch calls need a gateway that names the API in a parameter; ${gateway.name} routes by path`,
    );
  }
  if (calls.length === 0)
    throw new RangeError("an empty batch has nothing to send");
  const method = gateway.routing.parameter;
  // What a single call sends that goes to the batch's query string instead of its segment.
  const queryOnly = new Set([
    gateway.appKeyParameter,
    gateway.timestamp.parameter,
    gateway.signing.parameter,
  ]);
  for (const [name] of gateway.fixedParameters) queryOnly.add(name);
  for (const s of gateway.settings) queryOnly.add(s.parameter);
  if (gateway.signing.methodParameter !== null)
    queryOnly.add(gateway.signing.methodParameter);
  let query = [];
  const segments = [];
  calls.forEach((call, index) => {
    const record = call.values;
    for (const field of call.api.params) {
      if (
        field.type.kind === "file" &&
        record[field.name] !== undefined &&
        record[field.name] !== null
      ) {
        throw new BatchValidationError(
          index,
          new ValidationError(
            field.name,
            `${field.name}: files cannot be sent in a batch call`,
          ),
        );
      }
    }
    let single;
    try {
      single = ctx.prepareOne(call.api, call.values, call.session);
    } catch (error) {
      throw error instanceof ValidationError
        ? new BatchValidationError(index, error)
        : error;
    }
    if (index === 0)
      query = single.params.filter(
        ([k]) => queryOnly.has(k) && k !== gateway.signing.parameter,
      );
    segments.push(single.params.filter(([k]) => !queryOnly.has(k)));
  });
  const names = new Set(calls.map((c) => c.api.name));
  const hoisted = names.size === 1;
  const kept = hoisted
    ? segments.map((segment) => segment.filter(([k]) => k !== method))
    : segments;
  const render = (mask) => {
    const texts = hoisted
      ? [
          `${PUBLIC}${formEncode(method)}=${formEncode(calls[0]?.api.name ?? "")}`,
        ]
      : [];
    for (const segment of kept) {
      const pairs = [...segment]
        .sort(byKey)
        .map(([k, v]) => [
          k,
          mask && k === gateway.sessionParameter ? "***" : v,
        ]);
      texts.push(
        pairs.length === 0
          ? EMPTY_SEGMENT
          : pairs
              .map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`)
              .join("&"),
      );
    }
    return texts.join(BATCH_SEPARATOR);
  };
  const body = render(false);
  const sorted = [...query].sort(byKey);
  const sign = ctx.sign(stringToSign(sorted, true) + body);
  const params = [...sorted, [gateway.signing.parameter, sign]].sort(byKey);
  const queryText = params
    .map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`)
    .join("&");
  return new PreparedRequest(
    "batch",
    `${batchUrl(ctx.url)}?${queryText}`,
    "text/plain;charset=UTF-8",
    Buffer.from(body, "utf8"),
    params,
    [],
    sign,
    false,
    gateway.sessionParameter,
    ctx.signMethod,
    sorted,
    render(true),
  );
}
function byKey(a, b) {
  return Buffer.compare(Buffer.from(a[0], "utf8"), Buffer.from(b[0], "utf8"));
}
/** One result per call from the batch's answer; a failure of the whole batch is thrown. */
export function readBatchAnswer(gateway, calls, status, answer) {
  const bytes =
    typeof answer === "string"
      ? Buffer.from(answer, "utf8")
      : Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength);
  const text = () => bytes.toString("utf8");
  if (status < 200 || status > 299) throw new HttpStatusError(status, text());
  const parts = splitBytes(bytes, SEPARATOR_BYTES);
  if (parts.length === calls.length) {
    return parts.map((part, i) => {
      try {
        return {
          ok: true,
          response: parseResponse(gateway, calls[i].api, part, status),
        };
      } catch (error) {
        if (error instanceof GatewayError || error instanceof InvalidBodyError)
          return { ok: false, error };
        throw error;
      }
    });
  }
  if (parts.length === 1 && calls[0] !== undefined) {
    // The gateway refused the batch as a whole: its error_response is the batch's error.
    parseResponse(gateway, calls[0].api, bytes, status);
    throw new InvalidBodyError(
      status,
      text(),
      `one answer for ${calls.length} calls`,
    );
  }
  throw new InvalidBodyError(
    status,
    text(),
    `${parts.length} answers for ${calls.length} calls`,
  );
}
const SEPARATOR_BYTES = Buffer.from(BATCH_SEPARATOR, "ascii");
/** `bytes` split on every occurrence of `separator` (answers are split before they are decoded). */
function splitBytes(bytes, separator) {
  const parts = [];
  let start = 0;
  for (
    let at = bytes.indexOf(separator, start);
    at !== -1;
    at = bytes.indexOf(separator, start)
  ) {
    parts.push(bytes.subarray(start, at));
    start = at + separator.length;
  }
  parts.push(bytes.subarray(start));
  return parts;
}
