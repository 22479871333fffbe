import type { Paging } from "./paging.js";
/** A signing algorithm, by the name the `sign_method` parameter carries. */
export type SignMethod = "md5" | "hmac" | "hmac-sha256";
/** A file format recognised by its first bytes. */
export type FileType = "gif" | "jpg" | "png";
/** The wire rules of one gateway, emitted from its spec. */
export interface GatewayConfig {
  readonly name: string;
  readonly defaultUrl: string;
  /** `method`: one URL, the API named by this parameter; `path`: one URL path per API. */
  readonly routing:
    | {
        readonly style: "method_parameter";
        readonly parameter: string;
      }
    | {
        readonly style: "path";
      };
  readonly appKeyParameter: string;
  readonly sessionParameter: string | null;
  readonly timestamp: {
    readonly parameter: string;
    readonly format: "datetime_gmt8" | "unix_seconds";
  };
  readonly signing: {
    readonly parameter: string;
    readonly methodParameter: string | null;
    readonly algorithms: readonly SignMethod[];
    readonly default: SignMethod;
    readonly hex: "upper" | "lower";
    readonly blankValues: "omit" | "include";
  };
  readonly fixedParameters: readonly (readonly [name: string, value: string])[];
  /** Client options that become parameters: option name (camelCase), wire name, type, default. */
  readonly settings: readonly {
    readonly option: string;
    readonly parameter: string;
    /** A boolean setting is sent as `true` or `false`. */
    readonly kind: "string" | "boolean";
    readonly default: string | null;
  }[];
  readonly files: "multipart" | "base64_field";
  readonly envelope: "top" | "code_message_data";
}
/** The type of a parameter or field. */
export type TypeSchema =
  | {
      readonly kind:
        | "string"
        | "int64"
        | "boolean"
        | "date"
        | "decimal"
        | "json"
        | "file"
        | "enum";
    }
  | {
      readonly kind: "struct";
      readonly name: string;
      readonly fields: () => readonly FieldSchema[];
    }
  | {
      readonly kind: "list";
      readonly of: TypeSchema;
    };
/** A parameter, struct field or response field, by wire name, with the spec's constraints. */
export interface FieldSchema {
  readonly name: string;
  readonly type: TypeSchema;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: bigint;
  readonly max?: bigint;
  readonly maxItems?: number;
  readonly maxBytes?: number;
  readonly fileTypes?: readonly FileType[];
  readonly allowed?: readonly string[];
}
/** Shorthands the generated modules use to write schemas. */
export declare const t: {
  readonly string: {
    readonly kind: "string";
  };
  readonly int64: {
    readonly kind: "int64";
  };
  readonly boolean: {
    readonly kind: "boolean";
  };
  readonly date: {
    readonly kind: "date";
  };
  readonly decimal: {
    readonly kind: "decimal";
  };
  readonly json: {
    readonly kind: "json";
  };
  readonly file: {
    readonly kind: "file";
  };
  readonly enum: {
    readonly kind: "enum";
  };
  readonly struct: (
    name: string,
    fields: () => readonly FieldSchema[],
  ) => TypeSchema;
  readonly list: (of: TypeSchema) => TypeSchema;
};
/**
 * One API. `P` (the parameters) and `R` (the typed response) only exist for the compiler: they
 * let `client.execute("taobao.refund.refuse", …)` check its parameters and type its result.
 */
export interface ApiDescriptor<P, R> {
  readonly name: string;
  /** Appended to the endpoint URL on `path`-routed gateways. */
  readonly path: string | null;
  /** Key of the success wrapper in a TOP envelope (`refund_refuse_response`). */
  readonly responseKey: string;
  readonly sessionRequired: boolean;
  /** Whether repeating the call after an unknown outcome is safe; retries only then. */
  readonly idempotent: boolean;
  readonly params: readonly FieldSchema[];
  readonly response: readonly FieldSchema[];
  /** How the API pages, when it is a list API (`client.pages`, `client.items`). */
  readonly paging?: Paging;
  /** Never set; carries the parameter and response types. */
  readonly types?: {
    readonly params: P;
    readonly response: R;
  };
}
/** The key under which a request object names its API. */
export declare const API: unique symbol;
/** A request object (`new RefundRefuseRequest()`): wire-named fields plus its API. */
export interface ApiRequest<P, R> {
  readonly [API]: ApiDescriptor<P, R>;
}
/** A 64-bit integer input: a `bigint`, a string of digits, or a `number` within ±(2^53−1). */
export type Int64Input = bigint | string | number;
/** A file input: bytes (with a file name), or base64 text for callers who already have it. */
export type FileInput =
  | Uint8Array
  | {
      readonly data: Uint8Array;
      readonly filename?: string;
    }
  | {
      readonly base64: string;
      readonly filename?: string;
    };
