/** A JSON value whose integers beyond ±(2^53−1) are `bigint`. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | {
      [key: string]: JsonValue;
    };
/** Thrown by {@link parseJson} with the offset of the first bad character. */
export declare class JsonSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number);
}
/** Arrays and objects nest at most this deep; deeper is not accepted as JSON. */
export declare const MAX_DEPTH = 127;
/**
 * Parses `text` with `JSON.parse` and returns, in document order, the literal of each number in
 * it that is not a safe integer (see the top of this file); undefined when the literal path
 * cannot take the text (then {@link parseMarked}, or the exact parser).
 */
export declare function parseLiterals(text: string):
  | {
      value: unknown;
      literals: string[];
      numbers: number[];
    }
  | undefined;
/**
 * Parses `text` with `JSON.parse`, numbers that `JSON.parse` would change wrapped as marker
 * strings (see {@link numberToken}); undefined when the fast path cannot take the text.
 */
export declare function parseMarked(text: string):
  | {
      value: unknown;
      marked: boolean;
    }
  | undefined;
/** The number token a marker string stands for, or undefined when `value` is not a marker. */
export declare function numberToken(value: string): string | undefined;
/** A number token as a JSON value: integers beyond the safe range as `bigint`. */
export declare function tokenValue(token: string): number | bigint;
/**
 * Parses JSON text; integers outside ±(2^53−1) come back as `bigint`. Throws JsonSyntaxError for
 * anything that is not strict JSON: bad tokens (`NaN`), escaped lone surrogates, nesting deeper
 * than {@link MAX_DEPTH}, trailing text. Duplicate keys: the last one wins.
 */
export declare function parseJson(text: string): JsonValue;
/** Sets an own data property, also for the key `__proto__` (which assignment would not). */
export declare function setOwn(
  object: Record<string, unknown>,
  key: string,
  value: unknown,
): void;
/** The exact parser: the same results as the fast path, and the offset of the first error. */
export declare function parseExact(text: string): JsonValue;
/**
 * The source text of each member value of a top-level JSON object (`{"code":0.0}` → `code` →
 * `0.0`), for rules that depend on how a value was written. Empty when `text` is not an object.
 */
export declare function memberSources(text: string): Map<string, string>;
/**
 * Compact JSON text (no spaces); `bigint` is written as its exact digits and a `Date` as
 * `yyyy-MM-dd HH:mm:ss` at GMT+8. Values JSON cannot hold (`undefined`, functions, symbols) are
 * left out of objects and become `null` in arrays, as with `JSON.stringify`; other objects with a
 * `toJSON` method are written through it. `extra(object)` members are merged in (see response.ts).
 */
export declare function stringifyJson(
  value: unknown,
  extra?: (object: object) => Readonly<Record<string, unknown>> | undefined,
): string;
/** Whether `value` is a plain JSON object (not an array, not null). */
export declare function isJsonObject(value: unknown): value is {
  [key: string]: JsonValue;
};
