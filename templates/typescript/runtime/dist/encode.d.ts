import type { FieldSchema, FileType } from "./schema.js";
/** A business parameter ready for the wire. */
export type Encoded =
  | {
      readonly kind: "text";
      readonly name: string;
      readonly value: string;
    }
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
/**
 * Validates and encodes every parameter in the API's order; throws the first ValidationError.
 * A key the API does not declare is refused first (`session` with a pointer to `execute`).
 */
export declare function encodeParams(
  api: {
    readonly name: string;
    readonly params: readonly FieldSchema[];
  },
  values: object,
  rules: EncodeRules,
): Encoded[];
/**
 * Whether `text` is empty or only whitespace, where whitespace is exactly Java's
 * `Character.isWhitespace` (the reference SDK's rule): U+0009–U+000D, U+001C–U+001F, the space
 * separators (Zs), U+2028 and U+2029, except the no-break spaces U+00A0, U+2007 and U+202F.
 * So "\u00a0" and "\ufeff" are not blank; "\u001c" is. Every blank-value decision uses this.
 */
export declare function isBlank(text: string): boolean;
/** A 64-bit integer from a bigint, a digit string or a safe-integer number, never rounded. */
export declare function toInt64(name: string, value: unknown): bigint;
/** The format of `data` by its first bytes, if it is one of the known image formats. */
export declare function detectFileType(data: Uint8Array): FileType | undefined;
