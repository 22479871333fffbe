// The hand-written runtime every generated package shares; the generated modules import it here.
export { BATCH_SEPARATOR, batchUrl, BatchValidationError } from "./batch.js";
export { Client } from "./client.js";
export { detectFileType, toInt64 } from "./encode.js";
export {
  ApiError,
  ConnectError,
  ConnectionError,
  GatewayError,
  HttpStatusError,
  gatewayError,
  INVALID_SIGNATURE_CODE,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  RateLimitError,
  THROTTLED_CODE,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export {
  isJsonObject,
  JsonSyntaxError,
  MAX_DEPTH,
  parseJson,
  stringifyJson,
} from "./json.js";
export {
  OAUTH_BASE_URL,
  OAUTH_SANDBOX_BASE_URL,
  OAuthClient,
  REFRESH_REFUSED,
  tokenFromJson,
} from "./oauth.js";
export { apiRegistry, registerApi } from "./registry.js";
export { extraOf, parseResponse, responseToJson } from "./response.js";
export {
  MAX_RETRY_DELAY_MS,
  RETRY_BASE_MS,
  retryBaseMs,
  retryDelayMs,
  THROTTLE_BASE_MS,
} from "./retry.js";
export { API, t } from "./schema.js";
export { formatGmt8, parseGmt8, unixSeconds } from "./time.js";
export {
  createHttpTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
} from "./transport.js";
export {
  formEncode,
  PreparedRequest,
  prepareRequest,
  signParameters,
  signString,
  stringToSign,
} from "./wire.js";
