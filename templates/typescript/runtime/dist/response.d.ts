import { type JsonValue } from "./json.js";
import type { ApiDescriptor, GatewayConfig } from "./schema.js";
/**
 * The fields of a typed response object (or nested struct) that the package knows but whose
 * value had another type (`"is_success": "true"`), exactly as they arrived; undefined when all fit.
 */
export declare function extraOf(
  value: object,
): Readonly<Record<string, JsonValue>> | undefined;
/** A typed response written back as JSON: wire names, exact integers, misfits merged back in. */
export declare function responseToJson(value: unknown): string;
/**
 * Parses a response body (bytes or text) into the API's typed response, or throws the
 * GatewayError, HttpStatusError or InvalidBodyError it stands for.
 */
export declare function parseResponse<P, R>(
  gateway: GatewayConfig,
  api: ApiDescriptor<P, R>,
  body: string | Uint8Array,
  status?: number,
): R;
