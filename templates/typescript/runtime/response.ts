// Reading responses: the envelope, gateway errors, and typed values that keep unknown fields.

import { GatewayError, HttpStatusError, InvalidBodyError } from "./errors.js";
import { isJsonObject, memberSources, parseJson, stringifyJson, type JsonValue } from "./json.js";
import type { ApiDescriptor, FieldSchema, GatewayConfig, TypeSchema } from "./schema.js";

const TOP_ERROR_FIELDS = ["code", "msg", "sub_code", "sub_msg", "request_id"] as const;
const CODE_MESSAGE_ERROR_FIELDS = ["code", "message", "trace_id"] as const;

/**
 * Parses a response body into the API's typed response, or throws the GatewayError,
 * HttpStatusError or InvalidBodyError it stands for.
 */
export function parseResponse<P, R>(gateway: GatewayConfig, api: ApiDescriptor<P, R>, body: string, status = 200): R {
  if (status < 200 || status > 299) throw new HttpStatusError(status, body);
  let json: JsonValue;
  try {
    json = parseJson(body);
  } catch (e) {
    throw new InvalidBodyError(status, body, e instanceof Error ? e.message : "not JSON");
  }
  if (!isJsonObject(json)) throw new InvalidBodyError(status, body, "expected a JSON object");
  let payload: JsonValue | undefined;
  if (gateway.envelope === "top") {
    const error = json["error_response"];
    if (error !== undefined && isJsonObject(error)) throw new GatewayError(errorFields(error, TOP_ERROR_FIELDS), body);
    payload = json[api.responseKey] ?? json;
  } else {
    // Success is exactly the JSON integer 0 or the string "0" (not 0.0, -0, false).
    const sources = memberSources(body);
    const code = json["code"];
    if (code !== "0" && !(code === 0 && sources.get("code") === "0")) {
      throw new GatewayError(errorFields(json, CODE_MESSAGE_ERROR_FIELDS, sources), body);
    }
    payload = json["data"] ?? {};
  }
  if (!isJsonObject(payload)) throw new InvalidBodyError(status, body, "expected the payload to be a JSON object");
  return readFields(api.response, payload) as R;
}

/** Each error field present, as text: strings as they are, anything else as its JSON text. */
function errorFields(
  error: { [key: string]: JsonValue },
  names: readonly string[],
  sources: ReadonlyMap<string, string> = new Map(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = error[name];
    if (v === undefined || v === null) continue;
    out[name] = typeof v === "string" ? v : (sources.get(name) ?? stringifyJson(v));
  }
  return out;
}

/** Known fields converted to their types; unknown fields kept as they came. */
function readFields(fields: readonly FieldSchema[], object: { [key: string]: JsonValue }): Record<string, unknown> {
  const byName = new Map(fields.map((f) => [f.name, f] as const));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = byName.get(key);
    const typed = field === undefined ? value : readValue(field.type, value);
    Object.defineProperty(out, key, { value: typed, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A value of a known type. A value whose JSON type does not fit (`"is_success": "true"`,
 * `"status": 3`) is not converted: it stays under its key exactly as it arrived, like an unknown
 * field, and never fails the response.
 */
function readValue(type: TypeSchema, value: JsonValue): unknown {
  switch (type.kind) {
    case "string":
    case "decimal":
      return typeof value === "number" || typeof value === "bigint" ? String(value) : value;
    case "enum":
    case "date":
      return value;
    case "int64":
      if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
      if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
      return value;
    case "boolean":
      return value;
    case "struct":
      return isJsonObject(value) ? readFields(type.fields(), value) : value;
    case "list":
      return Array.isArray(value) ? value.map((v) => readValue(type.of, v)) : value;
    default:
      return value;
  }
}
