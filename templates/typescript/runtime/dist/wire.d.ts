import { inspect } from "node:util";
import type { ApiDescriptor, GatewayConfig, SignMethod } from "./schema.js";
/** A file part of a multipart request. */
export interface FilePart {
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}
/**
 * The exact request `execute` would send; building it needs no network. The session is a secret:
 * `toJSON`, `toString` and `util.inspect` print it as `***` and leave the body out.
 */
export declare class PreparedRequest {
  #private;
  readonly api: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Every text parameter in wire order: system parameters (with the sign) then business ones. */
  readonly params: readonly (readonly [name: string, value: string])[];
  readonly files: readonly FilePart[];
  readonly sign: string;
  readonly idempotent: boolean;
  /** The parameter printed as `***`. */
  readonly sessionParameter: string | null;
  /** The algorithm of `sign`. */
  readonly signMethod: SignMethod;
  constructor(
    api: string,
    url: string,
    contentType: string,
    body: Uint8Array,
    /** Every text parameter in wire order: system parameters (with the sign) then business ones. */
    params: readonly (readonly [name: string, value: string])[],
    files: readonly FilePart[],
    sign: string,
    idempotent: boolean,
    /** The parameter printed as `***`. */
    sessionParameter: string | null,
    /** The algorithm of `sign`. */
    signMethod: SignMethod,
    /** The signed parameters sorted by key, and what was signed after them (a batch's body, masked). */
    signed: readonly (readonly [string, string])[],
    signedSuffix?: string,
  );
  /**
   * What was signed (`key + value` of every signed parameter in key order, plus the body of a
   * batch), with the session as `***` and never the secret: compare it with the gateway's complaint.
   */
  get stringToSign(): string;
  /** Always POST. */
  get method(): "POST";
  /** The request as printed: the session as `***`, files by size, no body. */
  toJSON(): Record<string, unknown>;
  toString(): string;
  [inspect.custom](): string;
}
/** What a client contributes to a request besides the API's parameters. */
export interface PrepareContext {
  readonly url: string;
  readonly appKey: string;
  readonly secret: string;
  readonly signMethod: SignMethod;
  readonly session: string | undefined;
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly nowMillis: number;
}
/**
 * The signature of `params` (every text parameter sent, without the sign itself): sorted by key
 * in byte order, `key + value` concatenated raw, hashed, hex in the gateway's case.
 */
export declare function signParameters(
  params: Iterable<readonly [string, string]>,
  secret: string,
  method: SignMethod,
  hex?: "upper" | "lower",
  sorted?: boolean,
): string;
/** `key + value` of `params` sorted by key in byte order: the string a sign is computed over. */
export declare function stringToSign(
  params: Iterable<readonly [string, string]>,
  sorted?: boolean,
): string;
/** The sign of an already built string to sign (a batch signs its body too). */
export declare function signString(
  text: string,
  secret: string,
  method: SignMethod,
  hex?: "upper" | "lower",
): string;
/** Percent-encoding as Java's URLEncoder: `A-Z a-z 0-9 - _ . *` kept, space as `+`, UTF-8. */
export declare function formEncode(text: string): string;
/** Validates the parameters and builds the exact request. Throws ValidationError first. */
export declare function prepareRequest<P, R>(
  gateway: GatewayConfig,
  api: ApiDescriptor<P, R>,
  values: object,
  ctx: PrepareContext,
): PreparedRequest;
export declare function formBody(
  params: readonly (readonly [string, string])[],
): {
  contentType: string;
  bytes: Uint8Array;
};
