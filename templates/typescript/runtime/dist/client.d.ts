import { inspect } from "node:util";
import { type BatchItem, type BatchResults } from "./batch.js";
import { type Paging } from "./paging.js";
import {
  type ApiDescriptor,
  type ApiRequest,
  type GatewayConfig,
  type SignMethod,
} from "./schema.js";
import { type Transport } from "./transport.js";
import { type PreparedRequest } from "./wire.js";
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
export declare class Client<A extends object> {
  #private;
  readonly appKey: string;
  readonly url: string;
  readonly signMethod: SignMethod;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxResponseBytes: number;
  readonly maxRetryDelayMs: number;
  protected constructor(
    gateway: GatewayConfig,
    apis: ApiRegistry,
    options: ClientOptions,
  );
  /** Builds the exact request (URL, body, sign) without sending it. */
  prepare<P, R>(request: ApiRequest<P, R>, session?: string): PreparedRequest;
  prepare<M extends keyof A & string>(
    method: M,
    params: ParamsOf<A[M]>,
    session?: string,
  ): PreparedRequest;
  /** Sends a request and returns the typed response; throws an ApiError subclass on failure. */
  execute<P, R>(request: ApiRequest<P, R>, session?: string): Promise<R>;
  execute<M extends keyof A & string>(
    method: M,
    params: ParamsOf<A[M]>,
    session?: string,
  ): Promise<ResponseOf<A[M]>>;
  /**
   * Sends several calls in one HTTP request (`…/router/batch`): each item is a request or
   * `{ request, session }`. Resolves to one result per call, in order — `{ ok: true, response }`
   * or `{ ok: false, error }` with that call's own gateway error; a failure of the whole batch is
   * thrown. An empty batch sends nothing. Calls carrying files are refused.
   */
  batch<const T extends readonly BatchItem[]>(
    calls: T,
  ): Promise<BatchResults<T>>;
  /** Validates every call and builds the batch request without sending it. */
  prepareBatch(calls: readonly BatchItem[]): PreparedRequest;
  /**
   * Every page of a list API from `request` on (`for await`), by the contract's "Pages" rule:
   * stops on `has_next` false, an empty page, or page × size ≥ total. `paging` overrides what the
   * API declares. An error ends the iteration by being thrown.
   */
  pages<P, R>(
    request: ApiRequest<P, R>,
    session?: string,
    paging?: Paging,
  ): AsyncGenerator<R, void, undefined>;
  /** Every item of every page, in order (`for await`); see `pages`. */
  items<P, R>(
    request: ApiRequest<P, R>,
    session?: string,
    paging?: Paging,
  ): AsyncGenerator<unknown, void, undefined>;
  /** Ends the idle pooled connections of the default transport (they never keep Node running). */
  close(): void;
  /** The settings, with the secret as `***`. */
  toJSON(): Record<string, unknown>;
  toString(): string;
  [inspect.custom](): string;
}
