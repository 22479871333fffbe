// Building the exact request: system parameters, signature, wire order, form or multipart body.

import { createHash, createHmac, randomBytes } from "node:crypto";
import { inspect } from "node:util";

import { encodeParams, isBlank, type Encoded } from "./encode.js";
import type { ApiDescriptor, GatewayConfig, SignMethod } from "./schema.js";
import { formatGmt8, unixSeconds } from "./time.js";

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
export interface PreparedRequest {
  readonly api: string;
  readonly method: "POST";
  readonly url: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Every text parameter in wire order: system parameters (with the sign) then business ones. */
  readonly params: readonly (readonly [name: string, value: string])[];
  readonly files: readonly FilePart[];
  readonly sign: string;
  readonly idempotent: boolean;
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

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * The signature of `params` (every text parameter sent, without the sign itself): sorted by key
 * in byte order, `key + value` concatenated raw, hashed, hex in the gateway's case.
 */
export function signParameters(
  params: Iterable<readonly [string, string]>,
  secret: string,
  method: SignMethod,
  hex: "upper" | "lower" = "upper",
): string {
  const sorted = [...params].sort(([a], [b]) => byteOrder(a, b));
  const text = sorted.map(([k, v]) => k + v).join("");
  let digest: string;
  switch (method) {
    case "md5":
      digest = createHash("md5").update(secret + text + secret, "utf8").digest("hex");
      break;
    case "hmac":
      digest = createHmac("md5", secret).update(text, "utf8").digest("hex");
      break;
    case "hmac-sha256":
      digest = createHmac("sha256", secret).update(text, "utf8").digest("hex");
      break;
  }
  return hex === "upper" ? digest.toUpperCase() : digest;
}

/** Percent-encoding as Java's URLEncoder: `A-Z a-z 0-9 - _ . *` kept, space as `+`, UTF-8. */
export function formEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.*]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Validates the parameters and builds the exact request. Throws ValidationError first. */
export function prepareRequest<P, R>(gateway: GatewayConfig, api: ApiDescriptor<P, R>, values: object, ctx: PrepareContext): PreparedRequest {
  const omitBlank = gateway.signing.blankValues === "omit";
  const business = encodeParams(api.params, values, { blankValues: gateway.signing.blankValues, files: gateway.files });
  const system = new Map<string, string>();
  const put = (name: string, value: string | undefined): void => {
    if (value === undefined || (omitBlank && isBlank(value))) return;
    system.set(name, value);
  };
  put(gateway.appKeyParameter, ctx.appKey);
  if (gateway.routing.style === "method_parameter") put(gateway.routing.parameter, api.name);
  if (gateway.sessionParameter !== null) put(gateway.sessionParameter, ctx.session);
  const ts = gateway.timestamp;
  put(ts.parameter, ts.format === "datetime_gmt8" ? formatGmt8(ctx.nowMillis) : unixSeconds(ctx.nowMillis));
  if (gateway.signing.methodParameter !== null) put(gateway.signing.methodParameter, ctx.signMethod);
  for (const [name, value] of gateway.fixedParameters) put(name, value);
  for (const s of gateway.settings) put(s.parameter, ctx.settings[s.option] ?? s.default ?? undefined);

  const texts = business.filter((e): e is Extract<Encoded, { kind: "text" }> => e.kind === "text");
  const files: FilePart[] = business
    .filter((e): e is Extract<Encoded, { kind: "file" }> => e.kind === "file")
    .map(({ name, filename, contentType, data }) => ({ name, filename, contentType, data }));
  const businessPairs = texts.map((e) => [e.name, e.value] as const);
  const sign = signParameters([...system, ...businessPairs], ctx.secret, ctx.signMethod, gateway.signing.hex);
  system.set(gateway.signing.parameter, sign);

  const params = [
    ...[...system].sort(([a], [b]) => byteOrder(a, b)),
    ...businessPairs.sort(([a], [b]) => byteOrder(a, b)),
  ] as const;
  const url = gateway.routing.style === "path" ? ctx.url.replace(/\/+$/, "") + (api.path ?? "") : ctx.url;
  const body = files.length === 0 ? formBody(params) : multipartBody(params, files);
  const prepared = { api: api.name, method: "POST", url, contentType: body.contentType, body: body.bytes, params, files, sign, idempotent: api.idempotent } as const;
  return withSecretsHidden(prepared, gateway.sessionParameter);
}

/** Adds printing methods (not enumerable) that show the session as `***` and leave the body out. */
function withSecretsHidden(prepared: PreparedRequest, sessionParameter: string | null): PreparedRequest {
  const printable = (): Record<string, unknown> => ({
    api: prepared.api,
    method: prepared.method,
    url: prepared.url,
    contentType: prepared.contentType,
    params: prepared.params.map(([k, v]) => [k, k === sessionParameter ? "***" : v]),
    files: prepared.files.map((f) => ({ name: f.name, filename: f.filename, contentType: f.contentType, size: f.data.length })),
    sign: prepared.sign,
    idempotent: prepared.idempotent,
  });
  const toString = (): string => `PreparedRequest ${JSON.stringify(printable())}`;
  return Object.defineProperties(prepared, {
    toJSON: { value: printable },
    toString: { value: toString },
    [inspect.custom]: { value: toString },
  });
}

function formBody(params: readonly (readonly [string, string])[]): { contentType: string; bytes: Uint8Array } {
  const text = params.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&");
  return { contentType: "application/x-www-form-urlencoded;charset=utf-8", bytes: Buffer.from(text, "utf8") };
}

/** A `name` or `filename` in a part header: `"` → %22, CR → %0D, LF → %0A, nothing else. */
function quoteHeader(text: string): string {
  return text.replace(/["\r\n]/g, (c) => (c === '"' ? "%22" : c === "\r" ? "%0D" : "%0A"));
}

function multipartBody(params: readonly (readonly [string, string])[], files: readonly FilePart[]): { contentType: string; bytes: Uint8Array } {
  const boundary = `----topgen${randomBytes(12).toString("hex")}`;
  const chunks: Uint8Array[] = [];
  const text = (s: string): void => {
    chunks.push(Buffer.from(s, "utf8"));
  };
  for (const [name, value] of params) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${quoteHeader(name)}"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${value}\r\n`);
  }
  for (const f of files) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${quoteHeader(f.name)}"; filename="${quoteHeader(f.filename)}"\r\nContent-Type: ${f.contentType}\r\n\r\n`);
    chunks.push(f.data);
    text("\r\n");
  }
  text(`--${boundary}--\r\n`);
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes: Buffer.concat(chunks) };
}
