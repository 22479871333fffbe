export {
  BATCH_SEPARATOR,
  type BatchCall,
  type BatchItem,
  type BatchResult,
  type BatchResults,
  batchUrl,
  BatchValidationError,
} from "./batch.js";
export {
  type ApiRegistry,
  Client,
  type ClientOptions,
  type ParamsOf,
  type ResponseOf,
} from "./client.js";
export { detectFileType, toInt64 } from "./encode.js";
export {
  ApiError,
  ConnectError,
  ConnectionError,
  type ErrorKind,
  GatewayError,
  HttpStatusError,
  gatewayError,
  INVALID_SIGNATURE_CODE,
  InvalidBodyError,
  OUTCOME_UNKNOWN,
  RateLimitError,
  type Signed,
  THROTTLED_CODE,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export {
  isJsonObject,
  JsonSyntaxError,
  type JsonValue,
  MAX_DEPTH,
  parseJson,
  stringifyJson,
} from "./json.js";
export {
  OAUTH_BASE_URL,
  OAUTH_SANDBOX_BASE_URL,
  OAuthClient,
  type OAuthOptions,
  type OAuthToken,
  REFRESH_REFUSED,
  tokenFromJson,
} from "./oauth.js";
export { type Paging } from "./paging.js";
export { apiRegistry, registerApi } from "./registry.js";
export { extraOf, parseResponse, responseToJson } from "./response.js";
export {
  MAX_RETRY_DELAY_MS,
  RETRY_BASE_MS,
  retryBaseMs,
  retryDelayMs,
  THROTTLE_BASE_MS,
} from "./retry.js";
export {
  API,
  type ApiDescriptor,
  type ApiRequest,
  type FieldSchema,
  type FileInput,
  type FileType,
  type GatewayConfig,
  type Int64Input,
  type SignMethod,
  t,
  type TypeSchema,
} from "./schema.js";
export { formatGmt8, parseGmt8, unixSeconds } from "./time.js";
export {
  createHttpTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTransportOptions,
  type Transport,
  type TransportOptions,
  type TransportResponse,
} from "./transport.js";
export {
  type FilePart,
  formEncode,
  PreparedRequest,
  type PrepareContext,
  prepareRequest,
  signParameters,
  signString,
  stringToSign,
} from "./wire.js";
