// Validation and encoding of business parameters, driven by the API's field schemas.
// The rules and messages are those of docs/runtime-contract.md, word for word.

import { ValidationError } from "./errors.js";
import { stringifyJson } from "./json.js";
import type { FieldSchema, FileType, TypeSchema } from "./schema.js";
import { formatGmt8, parseGmt8 } from "./time.js";

/** A business parameter ready for the wire. */
export type Encoded =
  | { readonly kind: "text"; readonly name: string; readonly value: string }
  | {
      readonly kind: "file";
      readonly name: string;
      readonly filename: string;
      readonly contentType: string;
      readonly data: Uint8Array;
    };

/** How a gateway treats blank values, files and the session while encoding. */
export interface EncodeRules {
  readonly blankValues: "omit" | "include";
  readonly files: "multipart" | "base64_field";
  /** The gateway's session parameter, refused inside the parameters. */
  readonly sessionParameter: string | null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT64_TEXT = /^-?\d{1,19}$/;

/** The gateway's session parameter is refused inside the parameters with this message. */
function sessionInParams(name: string): ValidationError {
  return new ValidationError(
    name,
    `${name}: pass the session to execute(), not inside the parameters`,
  );
}

const NAMES = new WeakMap<readonly FieldSchema[], ReadonlySet<string>>();

/** The wire names of `fields`, built once per field list. */
function namesOf(fields: readonly FieldSchema[]): ReadonlySet<string> {
  let names = NAMES.get(fields);
  if (names === undefined) {
    names = new Set(fields.map((f) => f.name));
    NAMES.set(fields, names);
  }
  return names;
}

/**
 * Validates and encodes every parameter in the API's order; throws the first ValidationError.
 * A key the API does not declare is refused first (`session` with a pointer to `execute`).
 */
export function encodeParams(
  api: { readonly name: string; readonly params: readonly FieldSchema[] },
  values: object,
  rules: EncodeRules,
): Encoded[] {
  const record = values as Record<string, unknown>;
  const names = namesOf(api.params);
  for (const key in record) {
    if (names.has(key) || record[key] === undefined) continue;
    if (key === rules.sessionParameter) throw sessionInParams(key);
    throw new ValidationError(key, `${key}: is not a parameter of ${api.name}`);
  }
  const out: Encoded[] = [];
  for (const field of api.params) {
    const encoded = encodeField(field, field.name, record[field.name], rules);
    if (encoded !== undefined) out.push(encoded);
  }
  return out;
}

/**
 * Whether `text` is empty or only whitespace, where whitespace is exactly Java's
 * `Character.isWhitespace` (the reference SDK's rule): U+0009–U+000D, U+001C–U+001F, the space
 * separators (Zs), U+2028 and U+2029, except the no-break spaces U+00A0, U+2007 and U+202F.
 * So "\u00a0" and "\ufeff" are not blank; "\u001c" is. Every blank-value decision uses this.
 */
export function isBlank(text: string): boolean {
  // Fast answer for the usual case: a first character that is plainly not whitespace.
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return JAVA_BLANK.test(text);
}

const JAVA_BLANK =
  /^(?:(?![\u00a0\u2007\u202f])[\t-\r\u001c-\u001f\u2028\u2029\p{Zs}])*$/u;

function encodeField(
  field: FieldSchema,
  name: string,
  value: unknown,
  rules: EncodeRules,
): Encoded | undefined {
  if (value === undefined || value === null) {
    if (field.required) throw new ValidationError(name, `${name}: is required`);
    return undefined;
  }
  if (field.type.kind === "file") {
    const file = toFile(name, value, field);
    if (rules.files === "multipart")
      return {
        kind: "file",
        name: field.name,
        filename: file.filename,
        contentType: file.contentType,
        data: file.data,
      };
    return {
      kind: "text",
      name: field.name,
      value: Buffer.from(file.data).toString("base64"),
    };
  }
  if (
    typeof value === "string" &&
    rules.blankValues === "omit" &&
    isBlank(value)
  ) {
    if (field.required) throw new ValidationError(name, `${name}: is required`);
    return undefined;
  }
  const text = encodeText(field, field.type, name, value);
  if (rules.blankValues === "omit" && isBlank(text)) {
    if (field.required) throw new ValidationError(name, `${name}: is required`);
    return undefined;
  }
  return { kind: "text", name: field.name, value: text };
}

/** The text form of a set value of `type` (any type but file), after checking its constraints. */
function encodeText(
  field: FieldSchema,
  type: TypeSchema,
  name: string,
  value: unknown,
): string {
  switch (type.kind) {
    case "string":
    case "enum": {
      const text = expectString(name, value);
      checkText(field, name, text);
      return text;
    }
    case "decimal": {
      const text = toDecimalText(name, value);
      checkText(field, name, text);
      return text;
    }
    case "int64": {
      const n = toInt64(name, value);
      checkRange(field, name, n);
      return n.toString();
    }
    case "boolean":
      return expectBoolean(name, value) ? "true" : "false";
    case "date":
      return toDateText(name, value);
    case "json":
      return stringifyJson(value);
    case "struct":
      return stringifyJson(toJsonValue(type, name, value));
    case "list": {
      const items = expectList(field, name, value);
      const of = type.of;
      if (of.kind === "struct" || of.kind === "json" || of.kind === "list") {
        return stringifyJson(
          items.map((item, i) => toJsonValue(of, `${name}[${i}]`, item)),
        );
      }
      let out = "";
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out += ",";
        const item = items[i];
        const itemName = `${name}[${i}]`;
        if (item === undefined || item === null)
          throw new ValidationError(itemName, `${itemName}: is required`);
        out += encodeText(NO_CONSTRAINTS, of, itemName, item);
      }
      return out;
    }
    case "file":
      throw new ValidationError(name, `${name}: a file cannot be sent as text`);
  }
}

const NO_CONSTRAINTS: FieldSchema = { name: "", type: { kind: "string" } };

/** A value inside a struct or a list of structs, as the JSON value it is sent as. */
function toJsonValue(type: TypeSchema, name: string, value: unknown): unknown {
  switch (type.kind) {
    case "struct": {
      if (
        typeof value !== "object" ||
        value === null ||
        Array.isArray(value) ||
        value instanceof Date
      ) {
        throw new ValidationError(name, `${name}: must be an object`);
      }
      const record = value as Record<string, unknown>;
      const fields = type.fields();
      const names = namesOf(fields);
      for (const key in record) {
        if (!names.has(key) && record[key] !== undefined) {
          throw new ValidationError(
            `${name}.${key}`,
            `${name}.${key}: is not a field of ${type.name}`,
          );
        }
      }
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        const fieldName = `${name}.${field.name}`;
        const v = record[field.name];
        if (v === undefined || v === null) {
          if (field.required)
            throw new ValidationError(fieldName, `${fieldName}: is required`);
          continue;
        }
        out[field.name] = fieldJsonValue(field, fieldName, v);
      }
      return out;
    }
    case "list":
      if (!Array.isArray(value))
        throw new ValidationError(name, `${name}: must be an array`);
      return value.map((item: unknown, i) =>
        toJsonValue(type.of, `${name}[${i}]`, item),
      );
    case "int64":
      return toInt64(name, value);
    case "boolean":
      return expectBoolean(name, value);
    case "json":
      return value;
    case "file":
      return Buffer.from(toFile(name, value, { name, type }).data).toString(
        "base64",
      );
    default:
      return encodeText(NO_CONSTRAINTS, type, name, value);
  }
}

function fieldJsonValue(
  field: FieldSchema,
  name: string,
  value: unknown,
): unknown {
  switch (field.type.kind) {
    case "string":
    case "enum":
    case "decimal":
    case "date":
      return encodeText(field, field.type, name, value);
    case "int64": {
      const n = toInt64(name, value);
      checkRange(field, name, n);
      return n;
    }
    case "list":
      expectList(field, name, value);
      return toJsonValue(field.type, name, value);
    case "file":
      return Buffer.from(toFile(name, value, field).data).toString("base64");
    default:
      return toJsonValue(field.type, name, value);
  }
}

function expectString(name: string, value: unknown): string {
  if (typeof value !== "string")
    throw new ValidationError(name, `${name}: must be a string`);
  return value;
}

function expectBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean")
    throw new ValidationError(name, `${name}: must be true or false`);
  return value;
}

function expectList(
  field: FieldSchema,
  name: string,
  value: unknown,
): readonly unknown[] {
  if (!Array.isArray(value))
    throw new ValidationError(name, `${name}: must be an array`);
  if (field.maxItems !== undefined && value.length > field.maxItems) {
    throw new ValidationError(
      name,
      `${name}: must have at most ${field.maxItems} items, got ${value.length}`,
    );
  }
  return value;
}

/** A decimal: text as given, or an integer (a bigint or a safe-integer number) as its digits. */
function toDecimalText(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (
    typeof value === "bigint" ||
    (typeof value === "number" && Number.isSafeInteger(value))
  )
    return String(value);
  throw new ValidationError(
    name,
    `${name}: must be a decimal number, got ${JSON.stringify(String(value))}`,
  );
}

/** Characters as Unicode code points (a surrogate pair counts once). */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function checkText(field: FieldSchema, name: string, text: string): void {
  const { minLength: min, maxLength: max } = field;
  if (min !== undefined || max !== undefined) {
    const n = codePoints(text);
    if (min !== undefined && max !== undefined && (n < min || n > max)) {
      throw new ValidationError(
        name,
        `${name}: must be ${min} to ${max} characters long, got ${n}`,
      );
    }
    if (min === undefined && max !== undefined && n > max) {
      throw new ValidationError(
        name,
        `${name}: must be at most ${max} characters long, got ${n}`,
      );
    }
    if (max === undefined && min !== undefined && n < min) {
      throw new ValidationError(
        name,
        `${name}: must be at least ${min} characters long, got ${n}`,
      );
    }
  }
  if (
    field.allowed !== undefined &&
    field.allowed.length > 0 &&
    !field.allowed.includes(text)
  ) {
    throw new ValidationError(
      name,
      `${name}: must be one of ${field.allowed.join(", ")}; got "${text}"`,
    );
  }
}

function checkRange(field: FieldSchema, name: string, n: bigint): void {
  if (field.min !== undefined && n < field.min)
    throw new ValidationError(
      name,
      `${name}: must be at least ${field.min}, got ${n}`,
    );
  if (field.max !== undefined && n > field.max)
    throw new ValidationError(
      name,
      `${name}: must be at most ${field.max}, got ${n}`,
    );
}

/** A 64-bit integer from a bigint, a digit string or a safe-integer number, never rounded. */
export function toInt64(name: string, value: unknown): bigint {
  let n: bigint;
  if (typeof value === "bigint") {
    n = value;
  } else if (typeof value === "string" && INT64_TEXT.test(value)) {
    n = BigInt(value);
  } else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new ValidationError(
        name,
        `${name}: must be a bigint or a string of digits, got the unsafe number ${value}`,
      );
    }
    n = BigInt(value);
  } else {
    throw new ValidationError(
      name,
      `${name}: must be a 64-bit integer, got ${JSON.stringify(String(value))}`,
    );
  }
  if (n < INT64_MIN || n > INT64_MAX) {
    throw new ValidationError(
      name,
      `${name}: must be a 64-bit integer, got ${JSON.stringify(String(value))}`,
    );
  }
  return n;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A date: a `Date` (any instant, sent at GMT+8) or `yyyy-MM-dd HH:mm:ss` text (GMT+8) as given. */
function toDateText(name: string, value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return formatGmt8(value.getTime());
  if (
    typeof value === "string" &&
    DATE_TIME.test(value) &&
    parseGmt8(value) !== undefined
  )
    return value;
  throw new ValidationError(
    name,
    `${name}: must be a date-time or a "yyyy-MM-dd HH:mm:ss" string (GMT+8)`,
  );
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const MAGIC: Record<
  FileType,
  { label: string; mime: string; heads: readonly number[][] }
> = {
  gif: {
    label: "GIF",
    mime: "image/gif",
    heads: [
      [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
      [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
    ],
  },
  jpg: { label: "JPG", mime: "image/jpeg", heads: [[0xff, 0xd8, 0xff]] },
  png: {
    label: "PNG",
    mime: "image/png",
    heads: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
};

/** The format of `data` by its first bytes, if it is one of the known image formats. */
export function detectFileType(data: Uint8Array): FileType | undefined {
  for (const [type, magic] of Object.entries(MAGIC) as [
    FileType,
    (typeof MAGIC)[FileType],
  ][]) {
    if (magic.heads.some((head) => head.every((b, i) => data[i] === b)))
      return type;
  }
  return undefined;
}

function labels(types: readonly FileType[]): string {
  const names = types.map((t) => MAGIC[t].label);
  return names.length <= 1
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Decodes and checks a file input: size first, then the format by its first bytes. */
function toFile(
  name: string,
  value: unknown,
  field: FieldSchema,
): { filename: string; contentType: string; data: Uint8Array } {
  let data: Uint8Array;
  let filename: string | undefined;
  if (value instanceof Uint8Array) {
    data = value;
  } else if (
    typeof value === "object" &&
    value !== null &&
    "data" in value &&
    value.data instanceof Uint8Array
  ) {
    data = value.data;
    filename =
      "filename" in value && typeof value.filename === "string"
        ? value.filename
        : undefined;
  } else if (
    typeof value === "object" &&
    value !== null &&
    "base64" in value &&
    typeof value.base64 === "string"
  ) {
    const text = value.base64.replace(/[ \t\r\n\f]/g, "");
    if (!BASE64.test(text))
      throw new ValidationError(name, `${name}: is not valid base64`);
    data = Buffer.from(text, "base64");
    filename =
      "filename" in value && typeof value.filename === "string"
        ? value.filename
        : undefined;
  } else {
    throw new ValidationError(
      name,
      `${name}: must be a Uint8Array, { data, filename } or { base64, filename }`,
    );
  }
  if (field.maxBytes !== undefined && data.length > field.maxBytes) {
    throw new ValidationError(
      name,
      `${name}: must be at most ${field.maxBytes} bytes, got ${data.length}`,
    );
  }
  const type = detectFileType(data);
  if (
    field.fileTypes !== undefined &&
    field.fileTypes.length > 0 &&
    (type === undefined || !field.fileTypes.includes(type))
  ) {
    throw new ValidationError(
      name,
      `${name}: must be a ${labels(field.fileTypes)} image (checked by its first bytes)`,
    );
  }
  return {
    filename: filename ?? name,
    contentType:
      type === undefined ? "application/octet-stream" : MAGIC[type].mime,
    data,
  };
}
