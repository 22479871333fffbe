// JSON that keeps every integer exact. `JSON.parse` rounds integers beyond 2^53
// (110056431137563058 becomes 110056431137563060) and Node 20 has no `context.source` in revivers,
// so responses are read with this small parser: integers beyond the safe range become `bigint`.

/** A JSON value whose big integers are `bigint`. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown by {@link parseJson} with the offset of the first bad character. */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = "JsonSyntaxError";
  }
}

/** Parses JSON text; integers outside ±(2^53−1) come back as `bigint`, everything else as usual. */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.space();
  const value = parser.value(0);
  parser.space();
  if (parser.pos !== text.length) throw new JsonSyntaxError("unexpected text after the value", parser.pos);
  return value;
}

/**
 * The source text of each member value of a top-level JSON object (`{"code":0.0}` → `code` →
 * `0.0`), for rules that depend on how a value was written. Empty when `text` is not an object.
 */
export function memberSources(text: string): Map<string, string> {
  const out = new Map<string, string>();
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

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  space(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError("nesting too deep", this.pos);
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

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw new JsonSyntaxError("unexpected character", this.pos);
    this.pos += word.length;
    return value;
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) throw new JsonSyntaxError("unexpected character", this.pos);
    this.pos += m[0].length;
    const n = Number(m[0]);
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
    return n;
  }

  string(): string {
    const start = ++this.pos;
    let out = "";
    let chunk = start;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) throw new JsonSyntaxError("unterminated string", start - 1);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos++);
        return out;
      }
      if (c < 0x20) throw new JsonSyntaxError("control character in string", this.pos);
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(chunk, this.pos);
      const e = this.text[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.pos += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else {
        throw new JsonSyntaxError("bad escape", this.pos);
      }
      chunk = this.pos;
    }
  }

  private array(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
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

  private object(depth: number): { [key: string]: JsonValue } {
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError("expected a key", this.pos);
      const key = this.string();
      this.space();
      if (this.text[this.pos++] !== ":") throw new JsonSyntaxError("expected :", this.pos - 1);
      this.space();
      const value = this.value(depth + 1);
      // Define rather than assign, so a key named "__proto__" stays an ordinary field.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.space();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") throw new JsonSyntaxError("expected , or }", this.pos - 1);
    }
  }
}

/**
 * Compact JSON text (no spaces); `bigint` is written as its exact digits. Values JSON cannot hold
 * (`undefined`, functions, symbols) are left out of objects and become `null` in arrays, as with
 * `JSON.stringify`; objects with a `toJSON` method (e.g. `Date`) are written through it.
 */
export function stringifyJson(value: unknown): string {
  return write(value, 0) ?? "null";
}

function write(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) throw new TypeError("value nests too deep to write as JSON");
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
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === "function") return write((withJson.toJSON as () => unknown)(), depth + 1);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => write(v, depth + 1) ?? "null").join(",")}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const text = write(v, depth + 1);
    if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
