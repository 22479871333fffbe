// The client: settings, `prepare` (no network), `execute` (prepare + transport + parsing) and
// opt-in retries. The secret lives in a private field and prints as `***` everywhere.

import { inspect } from "node:util";

import {
  type BatchItem,
  type BatchResults,
  prepareBatch,
  readBatchAnswer,
  resolveCalls,
} from "./batch.js";
import { isBlank } from "./encode.js";
import {
  GatewayError,
  INVALID_SIGNATURE_CODE,
  ValidationError,
} from "./errors.js";
import { items, pages, type Paging } from "./paging.js";
import { parseResponse } from "./response.js";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "./retry.js";
import {
  API,
  type ApiDescriptor,
  type ApiRequest,
  type GatewayConfig,
  type SignMethod,
} from "./schema.js";
import {
  createHttpTransport,
  timerMs,
  DEFAULT_MAX_RESPONSE_BYTES,
  type Transport,
  type TransportResponse,
} from "./transport.js";
import { prepareRequest, type PreparedRequest, signString } from "./wire.js";

/** Settings every client takes; each generated client adds its gateway's own settings. */
export interface ClientOptions {
  /** The application key. */
  readonly appKey: string;
  /** The application secret; never printed, logged or put in an error. */
  readonly secret: string;
  /** Endpoint URL; the gateway's default endpoint when unset. */
  readonly url?: string;
  /** Signing algorithm; the gateway's default when unset. */
  readonly signMethod?: SignMethod;
  /** Time allowed to connect (DNS, TCP, TLS), in milliseconds (default 10 000), within `timeoutMs`. */
  readonly connectTimeoutMs?: number;
  /**
   * Time allowed for each attempt, in milliseconds (default 30 000): from connecting to the last
   * byte of the body. A gateway that answers too slowly gives a `timeout` error.
   */
  readonly timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes after any content decoding (default 64 MiB); a
   * larger one is an `invalid_body` error and is read no further.
   */
  readonly maxResponseBytes?: number;
  /**
   * Extra attempts after a failure (default 0), a whole number. Retried for every API: a failure
   * to connect (nothing was sent; waits 200 ms first) and the gateway's code 7 (throttled before
   * the API ran; waits 1 s). Retried for idempotent APIs only: a timeout, a broken connection,
   * HTTP status 500 or above, and gateway sub-codes `isp.*` (wait 200 ms). Each further retry
   * waits twice as long, at most 10 s. Nothing else is retried.
   */
  readonly retries?: number;
  /**
   * The longest wait between two attempts, in milliseconds (default 10 000): the cap of the
   * back-off, and the longest rate-limit ban (code 7, "This ban will last for N more seconds")
   * that is waited out; a longer ban is thrown at once.
   */
  readonly maxRetryDelayMs?: number;
  /** Returns the current Unix time in milliseconds; tests fix it. */
  readonly clock?: () => number;
  /** Sends prepared requests; by default HTTP/1.1 over `node:net`/`node:tls` with a keep-alive pool per client. */
  readonly transport?: Transport;
  /**
   * The default transport's HTTP proxy. Unset: `HTTPS_PROXY`/`HTTP_PROXY` from the environment
   * (hosts in `NO_PROXY` go direct); a URL such as `http://user:pass@host:3128`: that proxy; `""`:
   * none. HTTPS goes through a `CONNECT` tunnel. Never printed (it may hold credentials).
   */
  readonly proxy?: string;
}

/** Finds an API's descriptor by name: a registered one at once, else by loading its module. */
export interface ApiRegistry {
  /** The descriptor of an imported API module, if any. */
  get(name: string): ApiDescriptor<unknown, unknown> | undefined;
  /** Imports the module of `name`; undefined when the package has no such API. */
  load(name: string): Promise<ApiDescriptor<unknown, unknown>> | undefined;
}

/** The parameter type of an API descriptor. */
export type ParamsOf<D> = D extends ApiDescriptor<infer P, unknown> ? P : never;
/** The response type of an API descriptor. */
export type ResponseOf<D> =
  D extends ApiDescriptor<unknown, infer R> ? R : never;

/**
 * A client for one gateway; generated packages extend it with their gateway. `A` maps API names
 * to descriptors: each API module adds its own entry when imported, so a program type-checks and
 * loads only the APIs it uses.
 */
export class Client<A extends object> {
  readonly #gateway: GatewayConfig;
  readonly #apis: ApiRegistry;
  readonly #secret: string;
  readonly #settings: Readonly<Record<string, string | undefined>>;
  readonly appKey: string;
  readonly url: string;
  readonly signMethod: SignMethod;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxResponseBytes: number;
  readonly maxRetryDelayMs: number;
  readonly #clock: () => number;
  readonly #transport: Transport;

  protected constructor(
    gateway: GatewayConfig,
    apis: ApiRegistry,
    options: ClientOptions,
  ) {
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
    const record = options as unknown as Record<string, unknown>;
    const settings: Record<string, string | undefined> = {};
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

  /** Builds the exact request (URL, body, sign) without sending it. */
  prepare<P, R>(request: ApiRequest<P, R>, session?: string): PreparedRequest;
  prepare<M extends keyof A & string>(
    method: M,
    params: ParamsOf<A[M]>,
    session?: string,
  ): PreparedRequest;
  prepare(
    target: string | ApiRequest<unknown, unknown>,
    paramsOrSession?: unknown,
    session?: string,
  ): PreparedRequest {
    if (typeof target === "string") {
      const api = this.#apis.get(target);
      if (api === undefined) throw this.#unknown(target);
      return this.#prepare(api, (paramsOrSession ?? {}) as object, session);
    }
    return this.#prepare(
      target[API],
      target,
      paramsOrSession as string | undefined,
    );
  }

  /** Sends a request and returns the typed response; throws an ApiError subclass on failure. */
  execute<P, R>(request: ApiRequest<P, R>, session?: string): Promise<R>;
  execute<M extends keyof A & string>(
    method: M,
    params: ParamsOf<A[M]>,
    session?: string,
  ): Promise<ResponseOf<A[M]>>;
  async execute(
    target: string | ApiRequest<unknown, unknown>,
    paramsOrSession?: unknown,
    session?: string,
  ): Promise<unknown> {
    if (typeof target !== "string")
      return this.#send(
        target[API],
        target,
        paramsOrSession as string | undefined,
      );
    const api = this.#apis.get(target) ?? (await this.#apis.load(target));
    if (api === undefined) throw this.#unknown(target);
    return this.#send(api, (paramsOrSession ?? {}) as object, session);
  }

  #send(
    api: ApiDescriptor<unknown, unknown>,
    values: object,
    session: string | undefined,
  ): Promise<unknown> {
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
  async batch<const T extends readonly BatchItem[]>(
    calls: T,
  ): Promise<BatchResults<T>> {
    if (calls.length === 0) return [] as unknown as BatchResults<T>;
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
    return results as BatchResults<T>;
  }

  /** Validates every call and builds the batch request without sending it. */
  prepareBatch(calls: readonly BatchItem[]): PreparedRequest {
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
  pages<P, R>(
    request: ApiRequest<P, R>,
    session?: string,
    paging?: Paging,
  ): AsyncGenerator<R, void, undefined> {
    return pages(
      (r: ApiRequest<P, R>) => this.execute(r, session),
      request,
      this.#paging(request, paging),
    );
  }

  /** Every item of every page, in order (`for await`); see `pages`. */
  items<P, R>(
    request: ApiRequest<P, R>,
    session?: string,
    paging?: Paging,
  ): AsyncGenerator<unknown, void, undefined> {
    return items(
      (r: ApiRequest<P, R>) => this.execute(r, session),
      request,
      this.#paging(request, paging),
    );
  }

  #paging(
    request: ApiRequest<unknown, unknown>,
    paging: Paging | undefined,
  ): Paging {
    const found = paging ?? request[API].paging;
    if (found === undefined)
      throw new RangeError(
        `${request[API].name} does not page; pass a Paging to say how it does`,
      );
    return found;
  }

  /** Prepares, sends and reads, retrying as the contract says (each attempt is prepared afresh). */
  async #exchange<T>(
    prepare: () => PreparedRequest,
    read: (response: TransportResponse) => T,
  ): Promise<T> {
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

  #unknown(name: string): RangeError {
    return new RangeError(
      `unknown API ${JSON.stringify(name)}: this package has no such API, or its module is not imported yet`,
    );
  }

  /** Ends the idle pooled connections of the default transport (they never keep Node running). */
  close(): void {
    const transport = this.#transport as Partial<{ close(): void }>;
    if (typeof transport.close === "function") transport.close();
  }

  #prepare(
    api: ApiDescriptor<unknown, unknown>,
    values: object,
    session: string | undefined,
  ): PreparedRequest {
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
  toJSON(): Record<string, unknown> {
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

  toString(): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON())}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
