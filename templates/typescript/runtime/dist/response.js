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
  parseLiterals,
  parseMarked,
  setOwn,
  stringifyJson,
  tokenValue,
} from "./json.js";
import { parseGmt8 } from "./time.js";
const TOP_ERROR_FIELDS = ["code", "msg", "sub_code", "sub_msg", "request_id"];
const CODE_MESSAGE_ERROR_FIELDS = ["code", "message", "trace_id"];
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Known fields whose value did not fit their type, by typed object. */
const MISFITS = new WeakMap();
/**
 * The fields of a typed response object (or nested struct) that the package knows but whose
 * value had another type (`"is_success": "true"`), exactly as they arrived; undefined when all fit.
 */
export function extraOf(value) {
  return MISFITS.get(value);
}
/** A typed response written back as JSON: wire names, exact integers, misfits merged back in. */
export function responseToJson(value) {
  return stringifyJson(value, extraOf);
}
/**
 * Parses a response body (bytes or text) into the API's typed response, or throws the
 * GatewayError, HttpStatusError or InvalidBodyError it stands for.
 */
export function parseResponse(gateway, api, body, status = 200) {
  let text;
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
  try {
    const fast = parseLiterals(json);
    if (fast !== undefined) {
      try {
        return typeResponse(
          gateway,
          api,
          fast.value,
          new Reader(false, fast.literals, fast.numbers),
          json,
          text,
          status,
        );
      } catch (e) {
        if (e !== OUT_OF_ORDER) throw e;
      }
    }
    // The marked path keeps each number's text in place, whatever order JSON.parse gives.
    const marked = parseMarked(json);
    const root = marked === undefined ? parseExact(json) : marked.value;
    return typeResponse(
      gateway,
      api,
      root,
      new Reader(marked?.marked ?? false, [], []),
      json,
      text,
      status,
    );
  } catch (e) {
    if (e instanceof GatewayError || e instanceof InvalidBodyError) throw e;
    throw new InvalidBodyError(
      status,
      text,
      e instanceof Error ? e.message : "not JSON",
    );
  }
}
/** The typed response (or the error) that a parsed body stands for; `reader` types it in place. */
function typeResponse(gateway, api, root, reader, json, text, status) {
  if (!isJsonObject(root))
    throw new InvalidBodyError(status, text, "expected a JSON object");
  let key;
  if (gateway.envelope === "top") {
    const error = root["error_response"];
    if (error !== undefined && isJsonObject(error)) {
      const fields = reader.plain(root, 1);
      reader.finish();
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
      const fields = reader.plain(root, 1);
      reader.finish();
      throw gatewayError(
        errorFields(fields, CODE_MESSAGE_ERROR_FIELDS, memberSources(json)),
        text,
      );
    }
    if (root["data"] === undefined || root["data"] === null)
      setOwn(root, "data", {});
    key = "data";
  }
  const fields = fieldIndex(api.response);
  if (key === undefined) {
    reader.object(root, fields, 1);
    reader.finish();
    return root;
  }
  // Members around the payload are only checked (depth, numbers); the payload is typed. All in
  // document order, which the literal path needs.
  let payload;
  for (const member in root) {
    reader.key(member);
    const value = root[member];
    if (member !== key) {
      setOwn(root, member, reader.plain(value, 2));
      continue;
    }
    if (!isJsonObject(value))
      throw new InvalidBodyError(
        status,
        text,
        "expected the payload to be a JSON object",
      );
    reader.object(value, fields, 2);
    payload = value;
  }
  reader.finish();
  return payload;
}
/** Each error field present, as text: strings as they are, anything else as its JSON text. */
function errorFields(error, names, sources = new Map()) {
  const out = {};
  for (const name of names) {
    const v = error[name];
    if (v === undefined || v === null) continue;
    out[name] =
      typeof v === "string" ? v : (sources.get(name) ?? stringifyJson(v));
  }
  return out;
}
const INDEXES = new WeakMap();
/** The types of `fields` by wire name, built once per field list. */
function fieldIndex(fields) {
  let index = INDEXES.get(fields);
  if (index === undefined) {
    index = new Map(fields.map((f) => [f.name, f.type]));
    INDEXES.set(fields, index);
  }
  return index;
}
/** Stands for a value that does not fit its declared type. */
const MISFIT = Symbol("misfit");
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DIGITS = /^-?\d+$/;
/** Thrown by a {@link Reader} whose literals do not match the values it meets. */
const OUT_OF_ORDER = Symbol("literals out of order");
/**
 * Types parsed values in place. `marked` says whether marker strings (numbers) may occur;
 * `literals` are those of the numbers that are not safe integers, in document order (json.ts):
 * the walk meets values in document order and takes the next literal for each such number.
 *
 * When an object repeats a key, `JSON.parse` keeps the last value at the first key's place. The
 * walk gives up (throws OUT_OF_ORDER) when a literal is left over or reads as another number; the
 * one case it cannot see is a body whose earlier duplicate holds no such number while the values
 * between hold numbers that round to the same doubles as the moved ones: their exact digits could
 * then swap places. Only a gateway writes keys (user text in values is escaped), and a gateway
 * that repeats keys is broken; a mended parse of that body is not promised by RFC 8259 either.
 */
class Reader {
  marked;
  literals;
  numbers;
  /** The index of the next literal to give out. */
  next = 0;
  constructor(
    marked,
    literals,
    /** What each literal reads as. */
    numbers,
  ) {
    this.marked = marked;
    this.literals = literals;
    this.numbers = numbers;
  }
  /** Checks a key the walk meets: an integer-like key means `JSON.parse` reordered its object. */
  key(key) {
    if (this.literals.length === 0) return;
    const c = key.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) throw OUT_OF_ORDER;
  }
  /** Ends the walk: every literal must have been given out. */
  finish() {
    if (this.next !== this.literals.length) throw OUT_OF_ORDER;
  }
  /** The literal of a number that is not a safe integer: the next one, which must read as it. */
  literal(value) {
    const at = this.next++;
    const literal = this.literals[at];
    if (literal === undefined || this.numbers[at] !== value) throw OUT_OF_ORDER;
    return literal;
  }
  /** Whether `value` is a number whose literal the walk must take (or a literal to give back). */
  exact(value) {
    return this.literals.length !== 0 && !Number.isSafeInteger(value);
  }
  /** Whether scalars need a visit: marker strings or numbers with literals may occur. */
  get scalars() {
    return this.marked || this.literals.length !== 0;
  }
  /** Converts the known fields of `object` in place; depth is that of `object`. */
  object(object, fields, depth) {
    for (const key in object) {
      this.key(key);
      const raw = object[key];
      const type = fields.get(key);
      if (type === undefined) {
        if (typeof raw === "object" || this.scalars) {
          const plain = this.plain(raw, depth + 1);
          if (plain !== raw) setOwn(object, key, plain);
        }
        continue;
      }
      if (raw === null) {
        setOwn(object, key, undefined);
        continue;
      }
      const next = this.next;
      const typed = this.typed(type, raw, depth + 1);
      if (typed === MISFIT) {
        // The raw value is walked again: its literals are given out again.
        this.next = next;
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
  token(value) {
    return this.marked ? numberToken(value) : undefined;
  }
  /** A value of a known type, or MISFIT. `depth` is the value's own depth. */
  typed(type, value, depth) {
    switch (type.kind) {
      case "string":
      case "decimal":
        if (typeof value === "string") return this.token(value) ?? value;
        if (typeof value === "number")
          return this.exact(value) ? this.literal(value) : String(value);
        return typeof value === "bigint" ? String(value) : MISFIT;
      case "enum":
      case "file":
        return typeof value === "string" && this.token(value) === undefined
          ? value
          : MISFIT;
      case "int64":
        if (typeof value === "number" && this.exact(value))
          return int64(this.literal(value));
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
  list(of, value, depth) {
    let items;
    if (Array.isArray(value)) {
      items = value;
    } else if (isPlainObject(value)) {
      let members = 0;
      let inner;
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
        this.object(item, index, depth + 1);
      }
      return items;
    }
    const out = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const typed = item === null ? MISFIT : this.typed(of, item, depth + 1);
      if (typed === MISFIT) return MISFIT;
      out[i] = typed;
    }
    return out;
  }
  /** A value as plain JSON: marker strings back to numbers, depth checked. */
  plain(value, depth) {
    if (typeof value === "number")
      return this.exact(value) ? tokenValue(this.literal(value)) : value;
    if (typeof value === "string") {
      if (!this.marked) return value;
      const token = this.token(value);
      return token === undefined ? value : tokenValue(token);
    }
    if (typeof value !== "object" || value === null) return value;
    if (depth > MAX_DEPTH)
      throw new RangeError(`nesting deeper than ${MAX_DEPTH}`);
    // Only what changes is written back: a store costs more than the walk.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === "object" || this.scalars) {
          const plain = this.plain(v, depth + 1);
          if (plain !== v) value[i] = plain;
        }
      }
      return value;
    }
    const record = value;
    for (const key in record) {
      this.key(key);
      const v = record[key];
      if (typeof v === "object" || this.scalars) {
        const plain = this.plain(v, depth + 1);
        if (plain !== v) setOwn(record, key, plain);
      }
    }
    return record;
  }
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
/** An int64 field: a JSON integer or a string of digits within 64 bits, else MISFIT. */
function int64(value) {
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
