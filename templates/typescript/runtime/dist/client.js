// The client: settings, `prepare` (no network), `execute` (prepare + transport + parsing) and
// opt-in retries. The secret lives in a private field and prints as `***` everywhere.
import { inspect } from "node:util";
import { prepareBatch, readBatchAnswer, resolveCalls } from "./batch.js";
import { isBlank } from "./encode.js";
import {
  GatewayError,
  INVALID_SIGNATURE_CODE,
  ValidationError,
} from "./errors.js";
import { items, pages } from "./paging.js";
import { parseResponse } from "./response.js";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "./retry.js";
import { API } from "./schema.js";
import {
  createHttpTransport,
  timerMs,
  DEFAULT_MAX_RESPONSE_BYTES,
} from "./transport.js";
import { prepareRequest, signString } from "./wire.js";
/**
 * A client for one gateway; generated packages extend it with their gateway. `A` maps API names
 * to descriptors: each API module adds its own entry when imported, so a program type-checks and
 * loads only the APIs it uses.
 */
export class Client {
  #gateway;
  #apis;
  #secret;
  #settings;
  appKey;
  url;
  signMethod;
  connectTimeoutMs;
  timeoutMs;
  retries;
  maxResponseBytes;
  maxRetryDelayMs;
  #clock;
  #transport;
  constructor(gateway, apis, options) {
    this.#gateway = gateway;
    this.#apis = apis;
    this.#secret = options.secret;
    this.appKey = options.appKey;
    this.url = options.url ?? gateway.defaultUrl;
    this.signMethod = options.signMethod ?? gateway.signing.default;
    if (!gateway.signing.algorithms.includes(this.signMethod)) {
      throw new RangeError(
        `signMethod must be one of ${gateway.signing.algorithms.join(", ")}, got ${JSON.stringify(this.signMethod)}`,
      );
    }
    this.connectTimeoutMs = timerMs(
      "connectTimeoutMs",
      options.connectTimeoutMs ?? 10_000,
      1,
    );
    this.timeoutMs = timerMs("timeoutMs", options.timeoutMs ?? 30_000, 1);
    this.retries = options.retries ?? 0;
    if (!Number.isSafeInteger(this.retries) || this.retries < 0) {
      throw new RangeError(
        `retries must be a whole number of 0 or more, got ${String(this.retries)}`,
      );
    }
    this.maxResponseBytes =
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (
      !Number.isSafeInteger(this.maxResponseBytes) ||
      this.maxResponseBytes < 0
    ) {
      throw new RangeError(
        `maxResponseBytes must be a whole number of 0 or more, got ${String(this.maxResponseBytes)}`,
      );
    }
    this.maxRetryDelayMs = timerMs(
      "maxRetryDelayMs",
      options.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS,
      0,
    );
    this.#clock = options.clock ?? Date.now;
    this.#transport =
      options.transport ??
      createHttpTransport(
        options.proxy === undefined ? {} : { proxy: options.proxy },
      );
    const record = options;
    const settings = {};
    for (const s of gateway.settings) {
      const v = record[s.option];
      if (v !== undefined && v !== null && typeof v !== s.kind) {
        throw new RangeError(
          `${s.option} must be a ${s.kind}, got ${typeof v}`,
        );
      }
      settings[s.option] =
        v === undefined || v === null ? undefined : String(v);
    }
    this.#settings = settings;
  }
  prepare(target, paramsOrSession, session) {
    if (typeof target === "string") {
      const api = this.#apis.get(target);
      if (api === undefined) throw this.#unknown(target);
      return this.#prepare(api, paramsOrSession ?? {}, session);
    }
    return this.#prepare(target[API], target, paramsOrSession);
  }
  async execute(target, paramsOrSession, session) {
    if (typeof target !== "string")
      return this.#send(target[API], target, paramsOrSession);
    const api = this.#apis.get(target) ?? (await this.#apis.load(target));
    if (api === undefined) throw this.#unknown(target);
    return this.#send(api, paramsOrSession ?? {}, session);
  }
  #send(api, values, session) {
    return this.#exchange(
      () => this.#prepare(api, values, session),
      (response) =>
        parseResponse(this.#gateway, api, response.body, response.status),
    );
  }
  /**
   * Sends several calls in one HTTP request (`…/router/batch`): each item is a request or
   * `{ request, session }`. Resolves to one result per call, in order — `{ ok: true, response }`
   * or `{ ok: false, error }` with that call's own gateway error; a failure of the whole batch is
   * thrown. An empty batch sends nothing. Calls carrying files are refused.
   */
  async batch(calls) {
    if (calls.length === 0) return [];
    const resolved = resolveCalls(calls);
    const results = await this.#exchange(
      () => this.prepareBatch(calls),
      (response) =>
        readBatchAnswer(
          this.#gateway,
          resolved,
          response.status,
          response.body,
        ),
    );
    return results;
  }
  /** Validates every call and builds the batch request without sending it. */
  prepareBatch(calls) {
    return prepareBatch(
      {
        gateway: this.#gateway,
        url: this.url,
        signMethod: this.signMethod,
        prepareOne: (api, values, session) =>
          this.#prepare(api, values, session),
        sign: (text) =>
          signString(
            text,
            this.#secret,
            this.signMethod,
            this.#gateway.signing.hex,
          ),
      },
      resolveCalls(calls),
    );
  }
  /**
   * Every page of a list API from `request` on (`for await`), by the contract's "Pages" rule:
   * stops on `has_next` false, an empty page, or page × size ≥ total. `paging` overrides what the
   * API declares. An error ends the iteration by being thrown.
   */
  pages(request, session, paging) {
    return pages(
      (r) => this.execute(r, session),
      request,
      this.#paging(request, paging),
    );
  }
  /** Every item of every page, in order (`for await`); see `pages`. */
  items(request, session, paging) {
    return items(
      (r) => this.execute(r, session),
      request,
      this.#paging(request, paging),
    );
  }
  #paging(request, paging) {
    const found = paging ?? request[API].paging;
    if (found === undefined)
      throw new RangeError(
        `${request[API].name} does not page; pass a Paging to say how it does`,
      );
    return found;
  }
  /** Prepares, sends and reads, retrying as the contract says (each attempt is prepared afresh). */
  async #exchange(prepare, read) {
    const limits = {
      connectTimeoutMs: this.connectTimeoutMs,
      timeoutMs: this.timeoutMs,
      maxResponseBytes: this.maxResponseBytes,
    };
    for (let attempt = 0; ; attempt++) {
      const prepared = prepare();
      try {
        const response = await this.#transport(prepared, limits);
        return read(response);
      } catch (error) {
        if (
          error instanceof GatewayError &&
          error.code === INVALID_SIGNATURE_CODE
        ) {
          error.noteSigned({
            method: prepared.signMethod,
            stringToSign: prepared.stringToSign,
          });
        }
        const wait =
          attempt < this.retries
            ? retryDelayMs(
                error,
                prepared.idempotent,
                attempt,
                this.maxRetryDelayMs,
              )
            : undefined;
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
  #unknown(name) {
    return new RangeError(
      `unknown API ${JSON.stringify(name)}: this package has no such API, or its module is not imported yet`,
    );
  }
  /** Ends the idle pooled connections of the default transport (they never keep Node running). */
  close() {
    const transport = this.#transport;
    if (typeof transport.close === "function") transport.close();
  }
  #prepare(api, values, session) {
    const missing =
      session === undefined ||
      (this.#gateway.signing.blankValues === "omit" && isBlank(session));
    if (
      api.sessionRequired &&
      missing &&
      this.#gateway.sessionParameter !== null
    ) {
      const name = this.#gateway.sessionParameter;
      throw new ValidationError(name, `${name}: is required`);
    }
    return prepareRequest(this.#gateway, api, values, {
      url: this.url,
      appKey: this.appKey,
      secret: this.#secret,
      signMethod: this.signMethod,
      session,
      settings: this.#settings,
      nowMillis: this.#clock(),
    });
  }
  /** The settings, with the secret as `***`. */
  toJSON() {
    return {
      gateway: this.#gateway.name,
      url: this.url,
      appKey: this.appKey,
      secret: "***",
      signMethod: this.signMethod,
      connectTimeoutMs: this.connectTimeoutMs,
      timeoutMs: this.timeoutMs,
      retries: this.retries,
      maxResponseBytes: this.maxResponseBytes,
      maxRetryDelayMs: this.maxRetryDelayMs,
      ...Object.fromEntries(
        Object.entries(this.#settings).filter(([, v]) => v !== undefined),
      ),
    };
  }
  toString() {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON())}`;
  }
  [inspect.custom]() {
    return this.toString();
  }
}
