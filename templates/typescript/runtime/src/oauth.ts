// OAuth session keys (the runtime contract's "OAuth"): the authorize URL a seller opens, the code
// → token exchange at `{base}/token`, and refreshing a token with the TOP API
// `taobao.top.auth.token.refresh`. The secret is sent only in the token request's body; it appears
// in no error, log or `toString`. Tokens print `access_token` and `refresh_token` as `***`.

import { inspect } from "node:util";

import type { Client } from "./client.js";
import {
  GatewayError,
  HttpStatusError,
  InvalidBodyError,
  RateLimitError,
} from "./errors.js";
import { isJsonObject, type JsonValue, parseJson } from "./json.js";
import { API, type ApiDescriptor, type ApiRequest, t } from "./schema.js";
import {
  createHttpTransport,
  timerMs,
  DEFAULT_MAX_RESPONSE_BYTES,
  type Transport,
} from "./transport.js";
import { formEncode, PreparedRequest } from "./wire.js";

/** Taobao's authorization server. */
export const OAUTH_BASE_URL = "https://oauth.taobao.com";
/** The sandbox's authorization server. */
export const OAUTH_SANDBOX_BASE_URL = "https://oauth.tbsandbox.com";
/** Added to the message of a gateway error from `refresh`. */
export const REFRESH_REFUSED =
  "refresh is only allowed for apps sold on the Taobao service market (服务市场)";

/**
 * A seller's authorization: `access_token` is the session key `execute` takes. Durations are
 * whole seconds; user ids are text with their exact digits; nicks are URL-decoded; fields this
 * version does not know (or whose type does not fit) are kept in `extra`.
 */
export interface OAuthToken {
  readonly access_token?: string;
  readonly token_type?: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly re_expires_in?: number;
  readonly r1_expires_in?: number;
  readonly r2_expires_in?: number;
  readonly w1_expires_in?: number;
  readonly w2_expires_in?: number;
  readonly taobao_user_id?: string;
  readonly taobao_user_nick?: string;
  readonly sub_taobao_user_id?: string;
  readonly sub_taobao_user_nick?: string;
  readonly extra: Readonly<Record<string, JsonValue>>;
}

const SECONDS = new Set([
  "expires_in",
  "re_expires_in",
  "r1_expires_in",
  "r2_expires_in",
  "w1_expires_in",
  "w2_expires_in",
]);
const TEXTS = new Set(["access_token", "token_type", "refresh_token"]);
const USER_IDS = new Set(["taobao_user_id", "sub_taobao_user_id"]);
const NICKS = new Set(["taobao_user_nick", "sub_taobao_user_nick"]);
const SECRET_FIELDS = new Set(["access_token", "refresh_token"]);

/** The token of a decoded answer (the token endpoint's, or a decoded `token_result`). */
export function tokenFromJson(data: {
  readonly [key: string]: JsonValue;
}): OAuthToken {
  const token: Record<string, unknown> = {};
  const extra: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(data)) {
    const digits = typeof value === "string" && /^[0-9]+$/.test(value);
    if (
      SECONDS.has(key) &&
      typeof value === "number" &&
      Number.isSafeInteger(value)
    )
      token[key] = value;
    else if (SECONDS.has(key) && digits && Number.isSafeInteger(Number(value)))
      token[key] = Number(value);
    else if (TEXTS.has(key) && typeof value === "string") token[key] = value;
    else if (
      USER_IDS.has(key) &&
      ((typeof value === "number" && Number.isSafeInteger(value)) ||
        typeof value === "bigint" ||
        digits)
    )
      token[key] = String(value);
    else if (NICKS.has(key) && typeof value === "string")
      token[key] = decodeNick(value);
    else extra[key] = value;
  }
  const printable = (): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(token).map(([k, v]) => [
        k,
        SECRET_FIELDS.has(k) ? "***" : v,
      ]),
    );
  const toString = (): string => `OAuthToken ${JSON.stringify(printable())}`;
  return Object.defineProperties(
    { ...token, extra },
    {
      toJSON: { value: printable },
      toString: { value: toString },
      [inspect.custom]: { value: toString },
    },
  ) as OAuthToken;
}

function decodeNick(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Settings of {@link OAuthClient}. */
export interface OAuthOptions {
  readonly appKey: string;
  /** The app secret: sent only in the token request's body. */
  readonly secret: string;
  /** `https://oauth.taobao.com` unless set (sandbox: {@link OAUTH_SANDBOX_BASE_URL}; any URL for the mock). */
  readonly baseUrl?: string;
  /** Milliseconds, as for the API client (default 10 000; 1 to 2^31−1). */
  readonly connectTimeoutMs?: number;
  /** Milliseconds, as for the API client (default 30 000; 1 to 2^31−1). */
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly transport?: Transport;
  /**
   * The default transport's HTTP proxy, as for the API client. Unset: `HTTPS_PROXY`/`HTTP_PROXY`
   * from the environment (hosts in `NO_PROXY` go direct); a URL such as
   * `http://user:pass@host:3128`: that proxy; `""`: none. Never printed (it may hold credentials).
   */
  readonly proxy?: string;
}

interface RefreshParams {
  refresh_token?: string;
}
interface RefreshResponse {
  token_result?: string;
  request_id?: string;
  [field: string]: unknown;
}

/** `taobao.top.auth.token.refresh`, described as a generated module would. */
const refreshApi: ApiDescriptor<RefreshParams, RefreshResponse> = {
  name: "taobao.top.auth.token.refresh",
  path: null,
  responseKey: "top_auth_token_refresh_response",
  sessionRequired: false,
  idempotent: false,
  params: [{ name: "refresh_token", type: t.string, required: true }],
  response: [
    { name: "token_result", type: t.string },
    { name: "request_id", type: t.string },
  ],
};

/** Session keys for an app: the authorize URL, the code exchange and refreshing. */
export class OAuthClient {
  readonly appKey: string;
  readonly baseUrl: string;
  readonly #secret: string;
  readonly #transport: Transport;
  readonly #limits: {
    connectTimeoutMs: number;
    timeoutMs: number;
    maxResponseBytes: number;
  };

  constructor(options: OAuthOptions) {
    this.appKey = options.appKey;
    this.#secret = options.secret;
    this.baseUrl = (options.baseUrl ?? OAUTH_BASE_URL).replace(/\/+$/, "");
    this.#transport =
      options.transport ??
      createHttpTransport(
        options.proxy === undefined ? {} : { proxy: options.proxy },
      );
    this.#limits = {
      connectTimeoutMs: timerMs(
        "connectTimeoutMs",
        options.connectTimeoutMs ?? 10_000,
        1,
      ),
      timeoutMs: timerMs("timeoutMs", options.timeoutMs ?? 30_000, 1),
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    };
  }

  /** Where to send the seller: `{base}/authorize?response_type=code&client_id=…&redirect_uri=…&state=…[&view=…]`. */
  authorizeUrl(redirectUri: string, state: string, view?: string): string {
    const params: [string, string][] = [
      ["response_type", "code"],
      ["client_id", this.appKey],
      ["redirect_uri", redirectUri],
      ["state", state],
    ];
    if (view !== undefined) params.push(["view", view]);
    return `${this.baseUrl}/authorize?${form(params)}`;
  }

  /** The token for the `code` the seller's browser brought back (single use; never retried). */
  async exchangeCode(code: string, redirectUri: string): Promise<OAuthToken> {
    const body = form([
      ["grant_type", "authorization_code"],
      ["code", code],
      ["client_id", this.appKey],
      ["client_secret", this.#secret],
      ["redirect_uri", redirectUri],
    ]);
    // Not a signed gateway call: no parameters are listed (the body holds the secret), no sign.
    const request = new PreparedRequest(
      "oauth.token",
      `${this.baseUrl}/token`,
      "application/x-www-form-urlencoded;charset=utf-8",
      Buffer.from(body, "utf8"),
      [],
      [],
      "",
      false,
      null,
      "hmac-sha256",
      [],
    );
    const response = await this.#transport(request, this.#limits);
    return readToken(
      response.status,
      response.body,
      "the token endpoint's answer",
    );
  }

  /**
   * A new token through `client` (a TOP client of the same app) with
   * `taobao.top.auth.token.refresh`; its `token_result` (a JSON string) is decoded. A gateway
   * error says that refresh is only allowed for apps sold on the service market.
   */
  async refresh(
    refreshToken: string,
    client: Client<object>,
  ): Promise<OAuthToken> {
    const request: ApiRequest<RefreshParams, RefreshResponse> & RefreshParams =
      {
        [API]: refreshApi,
        refresh_token: refreshToken,
      };
    let response: RefreshResponse;
    try {
      response = await client.execute(request);
    } catch (error) {
      if (error instanceof GatewayError && !(error instanceof RateLimitError))
        error.message += `; ${REFRESH_REFUSED}`;
      throw error;
    }
    if (typeof response.token_result !== "string")
      throw new InvalidBodyError(200, "", "the answer has no token_result");
    return readToken(200, response.token_result, "token_result");
  }

  toString(): string {
    return `OAuthClient ${JSON.stringify({ appKey: this.appKey, secret: "***", baseUrl: this.baseUrl })}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function form(params: readonly (readonly [string, string])[]): string {
  return params.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&");
}

/** A token from a JSON answer; `{"error": …, "error_description": …}` is a gateway error. */
function readToken(
  status: number,
  answer: Uint8Array | string,
  what: string,
): OAuthToken {
  const text =
    typeof answer === "string" ? answer : Buffer.from(answer).toString("utf8");
  let data: JsonValue;
  try {
    data = parseJson(text);
  } catch (e) {
    if (status < 200 || status > 299) throw new HttpStatusError(status, text);
    // The text is not kept: it may hold a token.
    throw new InvalidBodyError(
      status,
      `<${text.length} characters>`,
      `${what} is not JSON: ${e instanceof Error ? e.message : "?"}`,
    );
  }
  if (isJsonObject(data) && data["error"] !== undefined) {
    const fields: Record<string, string> = { code: jsonText(data["error"]) };
    const description = data["error_description"];
    if (description !== undefined && description !== null)
      fields["msg"] = jsonText(description);
    throw new GatewayError(fields, text);
  }
  if (status < 200 || status > 299) throw new HttpStatusError(status, text);
  if (!isJsonObject(data))
    throw new InvalidBodyError(
      status,
      `<${text.length} characters>`,
      `${what} is not a JSON object`,
    );
  return tokenFromJson(data);
}

function jsonText(value: JsonValue): string {
  return typeof value === "string"
    ? value
    : JSON.stringify(value, (_k, v: unknown) =>
        typeof v === "bigint" ? v.toString() : v,
      );
}
