// JSON that keeps every number exact, and is strict about what counts as JSON (RFC 8259).
//
// `JSON.parse` rounds integers beyond 2^53 (110056431137563058 becomes 110056431137563060) and
// Node 20 offers no source text in revivers. So a body is read in one of three ways:
// - the literal path (responses, {@link parseLiterals}): one regular-expression pass collects the
//   literals of the numbers that `JSON.parse` reads as other than a safe integer (16 or more
//   digits, a fraction or an exponent), where a value starts (after `:`, `,` or `[`), in
//   document order; `JSON.parse` reads the untouched text; the typing walk (response.ts) gives
//   each such number it meets the next literal, and checks that the literal reads as that number
//   and that it used them all. The walk meets values in document order unless an object has
//   integer-like keys (`JSON.parse` puts them first: the walk then gives up) or a key twice (the
//   last value, at the first key's place: the walk gives up when that makes a literal unused or
//   read as another number; see response.ts for the one case left). A literal found inside a
//   string is one too many: the walk gives up, and the marked path (or the exact parser) reads it.
// - the marked path: the same numbers wrapped in a string that starts with NUL, then
//   `JSON.parse`: for texts with a fraction or exponent literal of integer value (`1.0`, whose
//   source a walk cannot tell from `1`), for bodies the walk gave up on, and for {@link parseJson}.
//   A number that sat inside a string becomes a syntax error (the inserted quote closes the
//   string and a backslash follows), never a different value; the exact parser then decides.
// - the exact parser below, for every text the fast paths cannot take: escaped NULs (which could
//   be mistaken for the marker) or surrogates (which must pair), and syntax errors (for the offset).
import { formatGmt8 } from "./time.js";
/** Thrown by {@link parseJson} with the offset of the first bad character. */
export class JsonSyntaxError extends Error {
  offset;
  constructor(message, offset) {
    super(`${message} at offset ${offset}`);
    this.offset = offset;
    this.name = "JsonSyntaxError";
  }
}
/** Arrays and objects nest at most this deep; deeper is not accepted as JSON. */
export const MAX_DEPTH = 127;
/** The first character (NUL) of a string that stands for a number token (the token follows). */
const MARK_CODE = 0;
// The lookahead after the separator fails fast where most separators are followed: a string.
const BIG_OR_INEXACT =
  /([:,[](?=[\s\d-])\s*)(-?(?:[1-9]\d{15,}|(?:0|[1-9]\d*)(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)))(?=\s*[,}\]])/g;
// The same numbers as whole matches, separator and space included (`match` is the fastest scan).
const BIG_OR_INEXACT_VALUE =
  /[:,[](?=[\s\d-])\s*-?(?:[1-9]\d{15,}|(?:0|[1-9]\d*)(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+))(?=\s*[,}\]])/g;
const DIGITS = /^-?\d+$/;
const UNSAFE_ESCAPE = /\\u(?:0000|[dD][89abcdefABCDEF])/;
/**
 * Parses `text` with `JSON.parse` and returns, in document order, the literal of each number in
 * it that is not a safe integer (see the top of this file); undefined when the literal path
 * cannot take the text (then {@link parseMarked}, or the exact parser).
 */
export function parseLiterals(text) {
  if (text.includes("\\u") && UNSAFE_ESCAPE.test(text)) return undefined;
  const found = text.match(BIG_OR_INEXACT_VALUE);
  const literals = [];
  const numbers = [];
  if (found !== null) {
    for (const match of found) {
      let start = 1;
      while (match.charCodeAt(start) <= 0x20) start++;
      const literal = match.slice(start);
      const number = Number(literal);
      if (!Number.isSafeInteger(number)) {
        literals.push(literal);
        numbers.push(number);
      } else if (!DIGITS.test(literal)) return undefined;
    }
  }
  try {
    return { value: JSON.parse(text), literals, numbers };
  } catch {
    return undefined;
  }
}
/**
 * Parses `text` with `JSON.parse`, numbers that `JSON.parse` would change wrapped as marker
 * strings (see {@link numberToken}); undefined when the fast path cannot take the text.
 */
export function parseMarked(text) {
  if (text.includes("\\u") && UNSAFE_ESCAPE.test(text)) return undefined;
  // One scan: a replacement always makes the text longer.
  const replaced = text.replace(BIG_OR_INEXACT, '$1"\\u0000$2"');
  const marked = replaced.length !== text.length;
  try {
    return { value: JSON.parse(replaced), marked };
  } catch {
    return undefined;
  }
}
/** The number token a marker string stands for, or undefined when `value` is not a marker. */
export function numberToken(value) {
  return value.charCodeAt(0) === MARK_CODE ? value.slice(1) : undefined;
}
/** A number token as a JSON value: integers beyond the safe range as `bigint`. */
export function tokenValue(token) {
  const n = Number(token);
  if (Number.isSafeInteger(n) || !DIGITS.test(token)) return n;
  return BigInt(token);
}
/**
 * Parses JSON text; integers outside ±(2^53−1) come back as `bigint`. Throws JsonSyntaxError for
 * anything that is not strict JSON: bad tokens (`NaN`), escaped lone surrogates, nesting deeper
 * than {@link MAX_DEPTH}, trailing text. Duplicate keys: the last one wins.
 */
export function parseJson(text) {
  const fast = parseMarked(text);
  if (fast !== undefined) return unmark(fast.value, 0);
  return parseExact(text);
}
/** Marker strings back to numbers, checking the depth on the way. */
function unmark(value, depth) {
  if (typeof value === "string") {
    const token =
      value.charCodeAt(0) === MARK_CODE ? value.slice(1) : undefined;
    return token === undefined ? value : tokenValue(token);
  }
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH)
    throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH}`, 0);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      value[i] = unmark(value[i], depth + 1);
    return value;
  }
  const record = value;
  for (const key in record) {
    const v = record[key];
    if (
      typeof v === "object" ||
      (typeof v === "string" && v.charCodeAt(0) === MARK_CODE)
    ) {
      setOwn(record, key, unmark(v, depth + 1));
    }
  }
  return record;
}
/** Sets an own data property, also for the key `__proto__` (which assignment would not). */
export function setOwn(object, key, value) {
  if (key === "__proto__")
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else object[key] = value;
}
/** The exact parser: the same results as the fast path, and the offset of the first error. */
export function parseExact(text) {
  const parser = new Parser(text);
  parser.space();
  const value = parser.value(0);
  parser.space();
  if (parser.pos !== text.length)
    throw new JsonSyntaxError("unexpected text after the value", parser.pos);
  return value;
}
/**
 * The source text of each member value of a top-level JSON object (`{"code":0.0}` → `code` →
 * `0.0`), for rules that depend on how a value was written. Empty when `text` is not an object.
 */
export function memberSources(text) {
  const out = new Map();
  const parser = new Parser(text);
  parser.space();
  if (text[parser.pos] !== "{") return out;
  parser.pos++;
  parser.space();
  if (text[parser.pos] === "}") return out;
  for (;;) {
    parser.space();
    const key = parser.string();
    parser.space();
    if (text[parser.pos] !== ":") return out;
    parser.pos++;
    parser.space();
    const start = parser.pos;
    parser.value(0);
    out.set(key, text.slice(start, parser.pos));
    parser.space();
    if (text[parser.pos] !== ",") return out;
    parser.pos++;
  }
}
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
class Parser {
  text;
  pos = 0;
  constructor(text) {
    this.text = text;
  }
  space() {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }
  value(depth) {
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      case undefined:
        throw new JsonSyntaxError("unexpected end of JSON", this.pos);
      default:
        return this.number();
    }
  }
  literal(word, value) {
    if (!this.text.startsWith(word, this.pos))
      throw new JsonSyntaxError("unexpected character", this.pos);
    this.pos += word.length;
    return value;
  }
  number() {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) throw new JsonSyntaxError("unexpected character", this.pos);
    this.pos += m[0].length;
    return tokenValue(m[0]);
  }
  hex(at) {
    const digits = this.text.slice(at, at + 4);
    return HEX4.test(digits) ? parseInt(digits, 16) : undefined;
  }
  string() {
    const start = ++this.pos;
    let out = "";
    let chunk = start;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c))
        throw new JsonSyntaxError("unterminated string", start - 1);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos++);
        return out;
      }
      if (c < 0x20)
        throw new JsonSyntaxError("control character in string", this.pos);
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(chunk, this.pos);
      const e = this.text[this.pos + 1];
      const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (e === "u") {
        const unit = this.hex(this.pos + 2);
        if (unit === undefined)
          throw new JsonSyntaxError("bad escape", this.pos);
        if (unit >= 0xdc00 && unit <= 0xdfff)
          throw new JsonSyntaxError("lone surrogate", this.pos);
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = this.text.startsWith("\\u", this.pos + 6)
            ? this.hex(this.pos + 8)
            : undefined;
          if (low === undefined || low < 0xdc00 || low > 0xdfff)
            throw new JsonSyntaxError("lone surrogate", this.pos);
          out += String.fromCharCode(unit, low);
          this.pos += 12;
        } else {
          out += String.fromCharCode(unit);
          this.pos += 6;
        }
      } else {
        throw new JsonSyntaxError("bad escape", this.pos);
      }
      chunk = this.pos;
    }
  }
  array(depth) {
    if (depth >= MAX_DEPTH)
      throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH}`, this.pos);
    this.pos++;
    const out = [];
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") throw new JsonSyntaxError("expected , or ]", this.pos - 1);
    }
  }
  object(depth) {
    if (depth >= MAX_DEPTH)
      throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH}`, this.pos);
    this.pos++;
    const out = {};
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"')
        throw new JsonSyntaxError("expected a key", this.pos);
      const key = this.string();
      this.space();
      if (this.text[this.pos++] !== ":")
        throw new JsonSyntaxError("expected :", this.pos - 1);
      this.space();
      setOwn(out, key, this.value(depth + 1));
      this.space();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") throw new JsonSyntaxError("expected , or }", this.pos - 1);
    }
  }
}
/**
 * Compact JSON text (no spaces); `bigint` is written as its exact digits and a `Date` as
 * `yyyy-MM-dd HH:mm:ss` at GMT+8. Values JSON cannot hold (`undefined`, functions, symbols) are
 * left out of objects and become `null` in arrays, as with `JSON.stringify`; other objects with a
 * `toJSON` method are written through it. `extra(object)` members are merged in (see response.ts).
 */
export function stringifyJson(value, extra) {
  return write(value, 0, extra) ?? "null";
}
function write(value, depth, extra) {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return "null";
  if (depth > MAX_DEPTH)
    throw new TypeError(
      `value nests deeper than ${MAX_DEPTH} to write as JSON`,
    );
  if (value instanceof Date)
    return JSON.stringify(
      Number.isNaN(value.getTime()) ? null : formatGmt8(value.getTime()),
    );
  const withJson = value;
  if (typeof withJson.toJSON === "function")
    return write(withJson.toJSON(), depth + 1, extra);
  if (Array.isArray(value))
    return `[${value.map((v) => write(v, depth + 1, extra) ?? "null").join(",")}]`;
  const parts = [];
  const members = { ...value, ...extra?.(value) };
  for (const key of Object.keys(members)) {
    const text = write(members[key], depth + 1, extra);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}
/** Whether `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
