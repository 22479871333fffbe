import { type ApiError, ValidationError } from "./errors.js";
import {
  type ApiDescriptor,
  type ApiRequest,
  type GatewayConfig,
  type SignMethod,
} from "./schema.js";
import { PreparedRequest } from "./wire.js";
/** Joins the calls of the body and the answers of the response. */
export declare const BATCH_SEPARATOR = "\r\n-S-\r\n";
/** One call of a batch with the seller's session (a bare request needs none). */
export interface BatchCall<P, R> {
  readonly request: ApiRequest<P, R>;
  readonly session?: string;
}
/** What `client.batch` takes: a request, or a request with its session. */
export type BatchItem =
  ApiRequest<unknown, unknown> | BatchCall<unknown, unknown>;
/** The outcome of one call: its typed response, or the error the gateway gave for it alone. */
export type BatchResult<R> =
  | {
      readonly ok: true;
      readonly response: R;
    }
  | {
      readonly ok: false;
      readonly error: ApiError;
    };
type ResponseOfItem<T> =
  T extends BatchCall<unknown, infer R>
    ? R
    : T extends ApiRequest<unknown, infer R>
      ? R
      : never;
/** One typed result per call, in the order of the calls. */
export type BatchResults<T extends readonly BatchItem[]> = {
  -readonly [K in keyof T]: BatchResult<ResponseOfItem<T[K]>>;
};
/** A call of a batch breaks a rule (or carries a file); nothing was sent. */
export declare class BatchValidationError extends ValidationError {
  /** The position of the failing call. */
  readonly index: number;
  constructor(index: number, cause: ValidationError);
}
/** A call resolved to its API, values and session. */
export interface ResolvedCall {
  readonly api: ApiDescriptor<unknown, unknown>;
  readonly values: object;
  readonly session: string | undefined;
}
/** Splits `client.batch`'s items into API, values and session. */
export declare function resolveCalls(
  items: readonly BatchItem[],
): ResolvedCall[];
/** The endpoint URL with its last path segment replaced by `batch` (`…/router/rest` → `…/router/batch`). */
export declare function batchUrl(url: string): string;
/** What the client hands in: it prepares single calls and signs strings; the secret stays there. */
export interface BatchContext {
  readonly gateway: GatewayConfig;
  readonly url: string;
  readonly signMethod: SignMethod;
  readonly prepareOne: (
    api: ApiDescriptor<unknown, unknown>,
    values: object,
    session: string | undefined,
  ) => PreparedRequest;
  readonly sign: (text: string) => string;
}
/** Validates every call (the first failure wins, prefixed with its index) and builds the one request that carries them all. */
export declare function prepareBatch(
  ctx: BatchContext,
  calls: readonly ResolvedCall[],
): PreparedRequest;
/** One result per call from the batch's answer; a failure of the whole batch is thrown. */
export declare function readBatchAnswer(
  gateway: GatewayConfig,
  calls: readonly ResolvedCall[],
  status: number,
  answer: Uint8Array | string,
): BatchResult<unknown>[];
export {};
