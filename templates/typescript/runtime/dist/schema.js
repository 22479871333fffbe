// What the generated modules hand the runtime: the gateway's wire rules and each API's fields.
// The runtime is generic over these, so a new gateway of the same family needs only specs.
/** Shorthands the generated modules use to write schemas. */
export const t = {
  string: { kind: "string" },
  int64: { kind: "int64" },
  boolean: { kind: "boolean" },
  date: { kind: "date" },
  decimal: { kind: "decimal" },
  json: { kind: "json" },
  file: { kind: "file" },
  enum: { kind: "enum" },
  struct: (name, fields) => ({
    kind: "struct",
    name,
    fields,
  }),
  list: (of) => ({ kind: "list", of }),
};
/** The key under which a request object names its API. */
export const API = Symbol("topgen.api");
