// Building the exact request: system parameters, signature, wire order, form or multipart body.
import * as crypto from "node:crypto";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { encodeParams, isBlank } from "./encode.js";
import { formatGmt8, unixSeconds } from "./time.js";
/**
 * The exact request `execute` would send; building it needs no network. The session is a secret:
 * `toJSON`, `toString` and `util.inspect` print it as `***` and leave the body out.
 */
export class PreparedRequest {
  api;
  url;
  contentType;
  body;
  params;
  files;
  sign;
  idempotent;
  sessionParameter;
  signMethod;
  constructor(
    api,
    url,
    contentType,
    body,
    /** Every text parameter in wire order: system parameters (with the sign) then business ones. */
    params,
    files,
    sign,
    idempotent,
    /** The parameter printed as `***`. */
    sessionParameter,
    /** The algorithm of `sign`. */
    signMethod,
    /** The signed parameters sorted by key, and what was signed after them (a batch's body, masked). */
    signed,
    signedSuffix = "",
  ) {
    this.api = api;
    this.url = url;
    this.contentType = contentType;
    this.body = body;
    this.params = params;
    this.files = files;
    this.sign = sign;
    this.idempotent = idempotent;
    this.sessionParameter = sessionParameter;
    this.signMethod = signMethod;
    this.#signed = signed;
    this.#signedSuffix = signedSuffix;
  }
  #signed;
  #signedSuffix;
  /**
   * What was signed (`key + value` of every signed parameter in key order, plus the body of a
   * batch), with the session as `***` and never the secret: compare it with the gateway's complaint.
   */
  get stringToSign() {
    let text = "";
    for (const [k, v] of this.#signed)
      text += k + (k === this.sessionParameter ? "***" : v);
    return text + this.#signedSuffix;
  }
  /** Always POST. */
  get method() {
    return "POST";
  }
  /** The request as printed: the session as `***`, files by size, no body. */
  toJSON() {
    return {
      api: this.api,
      method: this.method,
      url: this.url,
      contentType: this.contentType,
      params: this.params.map(([k, v]) => [
        k,
        k === this.sessionParameter ? "***" : v,
      ]),
      files: this.files.map((f) => ({
        name: f.name,
        filename: f.filename,
        contentType: f.contentType,
        size: f.data.length,
      })),
      sign: this.sign,
      signMethod: this.signMethod,
      stringToSign: this.stringToSign,
      idempotent: this.idempotent,
    };
  }
  toString() {
    return `PreparedRequest ${JSON.stringify(this.toJSON())}`;
  }
  [inspect.custom]() {
    return this.toString();
  }
}
/**
 * Byte order of UTF-8 keys. Below U+D800 a UTF-16 code unit is the character, and UTF-8 keeps
 * the order of characters, so the first differing code unit decides; only where it is a
 * surrogate (a character beyond U+FFFF) or U+E000–U+FFFF are the keys compared as bytes.
 */
function byteOrder(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  }
  return a.length - b.length;
}
function byKey(a, b) {
  return byteOrder(a[0], b[0]);
}
/**
 * The signature of `params` (every text parameter sent, without the sign itself): sorted by key
 * in byte order, `key + value` concatenated raw, hashed, hex in the gateway's case.
 */
export function signParameters(
  params,
  secret,
  method,
  hex = "upper",
  sorted = false,
) {
  return signString(stringToSign(params, sorted), secret, method, hex);
}
/** `key + value` of `params` sorted by key in byte order: the string a sign is computed over. */
export function stringToSign(params, sorted = false) {
  const pairs = sorted ? params : Array.from(params).sort(byKey);
  let text = "";
  for (const [k, v] of pairs) text += k + v;
  return text;
}
/** The sign of an already built string to sign (a batch signs its body too). */
export function signString(text, secret, method, hex = "upper") {
  let digest;
  switch (method) {
    case "md5":
      digest =
        oneShotHash === undefined
          ? createHash("md5")
              .update(secret + text + secret, "utf8")
              .digest("hex")
          : oneShotHash("md5", secret + text + secret, "hex");
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
/** `crypto.hash` (Node 20.12 and later): one call, no Hash object; else createHash. */
const oneShotHash = crypto.hash;
const FORM_SAFE = /^[A-Za-z0-9\-_.*]*$/;
const FORM_FIXUP = /[!'()~]|%20/g;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const FORM_FIXES = {
  "!": "%21",
  "'": "%27",
  "(": "%28",
  ")": "%29",
  "~": "%7E",
  "%20": "+",
};
/** Percent-encoding as Java's URLEncoder: `A-Z a-z 0-9 - _ . *` kept, space as `+`, UTF-8. */
export function formEncode(text) {
  if (FORM_SAFE.test(text)) return text;
  // encodeURIComponent keeps `!'()~` too and writes a space as %20; it refuses a lone surrogate,
  // which is sent as U+FFFD, as Buffer.from(text, "utf8") would.
  let encoded;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    encoded = encodeURIComponent(text.replace(LONE_SURROGATE, "\ufffd"));
  }
  return encoded.replace(FORM_FIXUP, (c) => FORM_FIXES[c] ?? c);
}
/** Parameter names come from a small fixed set: each is encoded once. */
const ENCODED_NAMES = new Map();
const MAX_ENCODED_NAMES = 4096;
function formEncodeName(name) {
  let encoded = ENCODED_NAMES.get(name);
  if (encoded === undefined) {
    encoded = formEncode(name);
    if (ENCODED_NAMES.size >= MAX_ENCODED_NAMES) ENCODED_NAMES.clear();
    ENCODED_NAMES.set(name, encoded);
  }
  return encoded;
}
/** Validates the parameters and builds the exact request. Throws ValidationError first. */
export function prepareRequest(gateway, api, values, ctx) {
  const signing = gateway.signing;
  const omitBlank = signing.blankValues === "omit";
  const business = encodeParams(api, values, {
    blankValues: signing.blankValues,
    files: gateway.files,
    sessionParameter: gateway.sessionParameter,
  });
  const system = [];
  const put = (name, value) => {
    if (value === undefined || (omitBlank && isBlank(value))) return;
    system.push([name, value]);
  };
  put(gateway.appKeyParameter, ctx.appKey);
  if (gateway.routing.style === "method_parameter")
    put(gateway.routing.parameter, api.name);
  if (gateway.sessionParameter !== null)
    put(gateway.sessionParameter, ctx.session);
  const ts = gateway.timestamp;
  put(
    ts.parameter,
    ts.format === "datetime_gmt8"
      ? formatGmt8(ctx.nowMillis)
      : unixSeconds(ctx.nowMillis),
  );
  if (signing.methodParameter !== null)
    put(signing.methodParameter, ctx.signMethod);
  for (const [name, value] of gateway.fixedParameters) put(name, value);
  for (const s of gateway.settings)
    put(s.parameter, ctx.settings[s.option] ?? s.default ?? undefined);
  const businessPairs = [];
  const files = [];
  for (const e of business) {
    if (e.kind === "text") businessPairs.push([e.name, e.value]);
    else
      files.push({
        name: e.name,
        filename: e.filename,
        contentType: e.contentType,
        data: e.data,
      });
  }
  businessPairs.sort(byKey);
  system.sort(byKey);
  const signed = mergeSorted(system, businessPairs);
  const sign = signParameters(
    signed,
    ctx.secret,
    ctx.signMethod,
    signing.hex,
    true,
  );
  system.push([signing.parameter, sign]);
  system.sort(byKey);
  const params = system.concat(businessPairs);
  const url =
    gateway.routing.style === "path"
      ? ctx.url.replace(/\/+$/, "") + (api.path ?? "")
      : ctx.url;
  const body =
    files.length === 0 ? formBody(params) : multipartBody(params, files);
  return new PreparedRequest(
    api.name,
    url,
    body.contentType,
    body.bytes,
    params,
    files,
    sign,
    api.idempotent,
    gateway.sessionParameter,
    ctx.signMethod,
    signed,
  );
}
/** Two lists sorted by key, merged into one sorted list. */
function mergeSorted(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(byKey(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
export function formBody(params) {
  let text = "";
  for (const [k, v] of params)
    text += `${text === "" ? "" : "&"}${formEncodeName(k)}=${formEncode(v)}`;
  return {
    contentType: "application/x-www-form-urlencoded;charset=utf-8",
    bytes: Buffer.from(text, "utf8"),
  };
}
/** A `name` or `filename` in a part header: `"` → %22, CR → %0D, LF → %0A, nothing else. */
function quoteHeader(text) {
  return text.replace(/["\r\n]/g, (c) =>
    c === '"' ? "%22" : c === "\r" ? "%0D" : "%0A",
  );
}
function multipartBody(params, files) {
  const boundary = `----topgen${randomBytes(12).toString("hex")}`;
  const chunks = [];
  const text = (s) => {
    chunks.push(Buffer.from(s, "utf8"));
  };
  for (const [name, value] of params) {
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoteHeader(name)}"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${value}\r\n`,
    );
  }
  for (const f of files) {
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoteHeader(f.name)}"; filename="${quoteHeader(f.filename)}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
    );
    chunks.push(f.data);
    text("\r\n");
  }
  text(`--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: Buffer.concat(chunks),
  };
}
