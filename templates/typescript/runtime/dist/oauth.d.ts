import { inspect } from "node:util";
import type { Client } from "./client.js";
import { type JsonValue } from "./json.js";
import { type Transport } from "./transport.js";
/** Taobao's authorization server. */
export declare const OAUTH_BASE_URL = "https://oauth.taobao.com";
/** The sandbox's authorization server. */
export declare const OAUTH_SANDBOX_BASE_URL = "https://oauth.tbsandbox.com";
/** Added to the message of a gateway error from `refresh`. */
export declare const REFRESH_REFUSED =
  "refresh is only allowed for apps sold on the Taobao service market (\u670D\u52A1\u5E02\u573A)";
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
/** The token of a decoded answer (the token endpoint's, or a decoded `token_result`). */
export declare function tokenFromJson(data: {
  readonly [key: string]: JsonValue;
}): OAuthToken;
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
/** Session keys for an app: the authorize URL, the code exchange and refreshing. */
export declare class OAuthClient {
  #private;
  readonly appKey: string;
  readonly baseUrl: string;
  constructor(options: OAuthOptions);
  /** Where to send the seller: `{base}/authorize?response_type=code&client_id=…&redirect_uri=…&state=…[&view=…]`. */
  authorizeUrl(redirectUri: string, state: string, view?: string): string;
  /** The token for the `code` the seller's browser brought back (single use; never retried). */
  exchangeCode(code: string, redirectUri: string): Promise<OAuthToken>;
  /**
   * A new token through `client` (a TOP client of the same app) with
   * `taobao.top.auth.token.refresh`; its `token_result` (a JSON string) is decoded. A gateway
   * error says that refresh is only allowed for apps sold on the service market.
   */
  refresh(refreshToken: string, client: Client<object>): Promise<OAuthToken>;
  toString(): string;
  [inspect.custom](): string;
}
