// Reading responses: the envelope, gateway errors, and typed values that keep unknown fields.
//
// The parsed body is typed in place (no copy): known fields are converted (int64 → bigint, dates
// → Date, wrapped lists → arrays), unknown fields stay as they came, and a known field whose value
// does not fit its type is unset and kept, as it arrived, in `extraOf(object)`.

import {
  GatewayError,
  gatewayError,
  HttpStatusError,
  InvalidBodyError,
} from "./errors.js";
import {
  isJsonObject,
  MAX_DEPTH,
  memberSources,
  numberToken,
  parseExact,
  parseMarked,
  setOwn,
  stringifyJson,
  tokenValue,
  type JsonValue,
} from "./json.js";
import type {
  ApiDescriptor,
  FieldSchema,
  GatewayConfig,
  TypeSchema,
} from "./schema.js";
import { parseGmt8 } from "./time.js";

const TOP_ERROR_FIELDS = [
  "code",
  "msg",
  "sub_code",
  "sub_msg",
  "request_id",
] as const;
const CODE_MESSAGE_ERROR_FIELDS = ["code", "message", "trace_id"] as const;
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Known fields whose value did not fit their type, by typed object. */
const MISFITS = new WeakMap<object, Record<string, JsonValue>>();

/**
 * The fields of a typed response object (or nested struct) that the package knows but whose
 * value had another type (`"is_success": "true"`), exactly as they arrived; undefined when all fit.
 */
export function extraOf(
  value: object,
): Readonly<Record<string, JsonValue>> | undefined {
  return MISFITS.get(value);
}

/** A typed response written back as JSON: wire names, exact integers, misfits merged back in. */
export function responseToJson(value: unknown): string {
  return stringifyJson(value, extraOf);
}

/**
 * Parses a response body (bytes or text) into the API's typed response, or throws the
 * GatewayError, HttpStatusError or InvalidBodyError it stands for.
 */
export function parseResponse<P, R>(
  gateway: GatewayConfig,
  api: ApiDescriptor<P, R>,
  body: string | Uint8Array,
  status = 200,
): R {
  let text: string;
  if (typeof body === "string") {
    text = body;
  } else {
    try {
      text = UTF8.decode(body);
    } catch {
      throw new InvalidBodyError(
        status,
        new TextDecoder().decode(body),
        "the body is not UTF-8",
      );
    }
  }
  if (status < 200 || status > 299) throw new HttpStatusError(status, text);
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let reader: Reader;
  let root: unknown;
  try {
    const fast = parseMarked(json);
    if (fast === undefined) {
      root = parseExact(json);
      reader = new Reader(false);
    } else {
      root = fast.value;
      reader = new Reader(fast.marked);
    }
    if (!isJsonObject(root))
      throw new InvalidBodyError(status, text, "expected a JSON object");
    let key: string | undefined;
    if (gateway.envelope === "top") {
      const error = root["error_response"];
      if (error !== undefined && isJsonObject(error)) {
        const fields = reader.plain(root, 1) as Record<
          string,
          Record<string, JsonValue>
        >;
        throw gatewayError(
          errorFields(fields["error_response"] ?? {}, TOP_ERROR_FIELDS),
          text,
        );
      }
      key = root[api.responseKey] === undefined ? undefined : api.responseKey;
    } else {
      // Success is exactly the JSON integer 0 or the string "0" (not 0.0, -0, false).
      const code = root["code"];
      if (
        code !== "0" &&
        !(code === 0 && memberSources(json).get("code") === "0")
      ) {
        const fields = reader.plain(root, 1) as Record<string, JsonValue>;
        throw gatewayError(
          errorFields(fields, CODE_MESSAGE_ERROR_FIELDS, memberSources(json)),
          text,
        );
      }
      if (root["data"] === undefined || root["data"] === null)
        setOwn(root, "data", {});
      key = "data";
    }
    // Members around the payload are only checked (depth, numbers); the payload is typed.
    let payload: unknown = root;
    if (key !== undefined) {
      for (const member in root) {
        if (member === key) payload = root[member];
        else setOwn(root, member, reader.plain(root[member], 2));
      }
    }
    if (!isJsonObject(payload))
      throw new InvalidBodyError(
        status,
        text,
        "expected the payload to be a JSON object",
      );
    reader.object(payload, fieldIndex(api.response), key === undefined ? 1 : 2);
    return payload as R;
  } catch (e) {
    if (e instanceof GatewayError || e instanceof InvalidBodyError) throw e;
    throw new InvalidBodyError(
      status,
      text,
      e instanceof Error ? e.message : "not JSON",
    );
  }
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
    out[name] =
      typeof v === "string" ? v : (sources.get(name) ?? stringifyJson(v));
  }
  return out;
}

const INDEXES = new WeakMap<readonly FieldSchema[], Map<string, TypeSchema>>();

/** The types of `fields` by wire name, built once per field list. */
function fieldIndex(fields: readonly FieldSchema[]): Map<string, TypeSchema> {
  let index = INDEXES.get(fields);
  if (index === undefined) {
    index = new Map(fields.map((f) => [f.name, f.type]));
    INDEXES.set(fields, index);
  }
  return index;
}

/** Stands for a value that does not fit its declared type. */
const MISFIT: unique symbol = Symbol("misfit");
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DIGITS = /^-?\d+$/;

/** Types parsed values in place; `marked` says whether marker strings (numbers) may occur. */
class Reader {
  constructor(private readonly marked: boolean) {}

  /** Converts the known fields of `object` in place; depth is that of `object`. */
  object(
    object: Record<string, unknown>,
    fields: Map<string, TypeSchema>,
    depth: number,
  ): void {
    for (const key in object) {
      const raw = object[key];
      const type = fields.get(key);
      if (type === undefined) {
        if (typeof raw === "object" || this.marked) {
          const plain = this.plain(raw, depth + 1);
          if (plain !== raw) setOwn(object, key, plain);
        }
        continue;
      }
      if (raw === null) {
        setOwn(object, key, undefined);
        continue;
      }
      const typed = this.typed(type, raw, depth + 1);
      if (typed === MISFIT) {
        let misfits = MISFITS.get(object);
        if (misfits === undefined) MISFITS.set(object, (misfits = {}));
        setOwn(misfits, key, this.plain(raw, depth + 1));
        setOwn(object, key, undefined);
      } else if (typed !== raw) {
        setOwn(object, key, typed);
      }
    }
  }

  /** The number token a string stands for, when the fast path marked numbers. */
  private token(value: string): string | undefined {
    return this.marked ? numberToken(value) : undefined;
  }

  /** A value of a known type, or MISFIT. `depth` is the value's own depth. */
  private typed(type: TypeSchema, value: unknown, depth: number): unknown {
    switch (type.kind) {
      case "string":
      case "decimal":
        if (typeof value === "string") return this.token(value) ?? value;
        return typeof value === "number" || typeof value === "bigint"
          ? String(value)
          : MISFIT;
      case "enum":
      case "file":
        return typeof value === "string" && this.token(value) === undefined
          ? value
          : MISFIT;
      case "int64":
        return int64(
          typeof value === "string" ? (this.token(value) ?? value) : value,
        );
      case "boolean":
        return typeof value === "boolean" ? value : MISFIT;
      case "date":
        return (typeof value === "string" && parseGmt8(value)) || MISFIT;
      case "json":
        return this.plain(value, depth);
      case "struct":
        if (!isPlainObject(value)) return MISFIT;
        if (depth > MAX_DEPTH)
          throw new RangeError(`nesting deeper than ${MAX_DEPTH}`);
        this.object(value, fieldIndex(type.fields()), depth);
        return value;
      case "list":
        return this.list(type.of, value, depth);
    }
  }

  /**
   * A list: a JSON array, an object with exactly one member holding an array (TOP's wrapped
   * form, `{"order": [...]}`), or an empty object (an empty list). The items of a list that does
   * not fit are left as they came.
   */
  private list(of: TypeSchema, value: unknown, depth: number): unknown {
    let items: unknown[] | undefined;
    if (Array.isArray(value)) {
      items = value;
    } else if (isPlainObject(value)) {
      let members = 0;
      let inner: unknown;
      for (const key in value) {
        members++;
        inner = value[key];
      }
      if (members === 0) return [];
      if (members === 1 && Array.isArray(inner)) {
        items = inner;
        depth++;
      }
    }
    if (depth > MAX_DEPTH)
      throw new RangeError(`nesting deeper than ${MAX_DEPTH}`);
    if (items === undefined) return MISFIT;
    if (of.kind === "struct") {
      for (const item of items) if (!isPlainObject(item)) return MISFIT;
      const index = fieldIndex(of.fields());
      for (const item of items) {
        if (depth + 1 > MAX_DEPTH)
          throw new RangeError(`nesting deeper than ${MAX_DEPTH}`);
        this.object(item as Record<string, unknown>, index, depth + 1);
      }
      return items;
    }
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const typed = item === null ? MISFIT : this.typed(of, item, depth + 1);
      if (typed === MISFIT) return MISFIT;
      out[i] = typed;
    }
    return out;
  }

  /** A value as plain JSON: marker strings back to numbers, depth checked. */
  plain(value: unknown, depth: number): JsonValue {
    if (typeof value === "string") {
      if (!this.marked) return value;
      const token = this.token(value);
      return token === undefined ? value : tokenValue(token);
    }
    if (typeof value !== "object" || value === null) return value as JsonValue;
    if (depth > MAX_DEPTH)
      throw new RangeError(`nesting deeper than ${MAX_DEPTH}`);
    // Only what changes is written back: a store costs more than the walk.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === "object" || this.marked) {
          const plain = this.plain(v, depth + 1);
          if (plain !== v) value[i] = plain;
        }
      }
      return value as JsonValue[];
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (typeof v === "object" || this.marked) {
        const plain = this.plain(v, depth + 1);
        if (plain !== v) setOwn(record, key, plain);
      }
    }
    return record as { [key: string]: JsonValue };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An int64 field: a JSON integer or a string of digits within 64 bits, else MISFIT. */
function int64(value: unknown): bigint | typeof MISFIT {
  if (typeof value === "number")
    return Number.isInteger(value) ? BigInt(value) : MISFIT;
  if (typeof value !== "string" && typeof value !== "bigint") return MISFIT;
  if (typeof value === "string") {
    if (!DIGITS.test(value)) return MISFIT;
    // Up to 18 digits always fits in 64 bits: no comparison needed.
    if (value.length <= (value.charCodeAt(0) === 0x2d ? 19 : 18))
      return BigInt(value);
  }
  const n = BigInt(value);
  return n < INT64_MIN || n > INT64_MAX ? MISFIT : n;
}
