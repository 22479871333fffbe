// The catalogue against the mock, in TypeScript (issue 10): every API of the plan that
// tests/python/catalogue_mock.py wrote from the spec YAML (types and sample values, never read from
// the client) is called through the generated package's `client.execute(name, params, session)`
// against `topgen serve-mock`. The typed answer must hold every declared response field with its
// type: int64 as exact bigints (compared with the raw body read by this file's own exact JSON
// reader), wrapped lists as arrays, dates as `Date`s of the same GMT+8 instant, `request_id`.
// Every 7th API is asked again with `simplify: true` (plain arrays, no wrapper).
//
//   node tests/typescript/catalogue_mock.mjs PLAN.json OUT/typescript/taobao-top URL
//
// Prints APIs, requests, values checked, problems and time; exits 1 on any problem, naming the
// API and the field.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [planFile, packageDir, url] = process.argv.slice(2);
if (!planFile || !packageDir || !url) {
  console.error("usage: node catalogue_mock.mjs PLAN.json PACKAGE_DIR URL");
  process.exit(2);
}
const TOP_APP_KEY = "12129701";
const TOP_SECRET = "test-secret-0123";
const SESSION = "test-session";
const PNG = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...new Array(56).fill(0),
]);
const SIMPLIFY_EVERY = 7;
const BASIC = new Set([
  "string",
  "int64",
  "boolean",
  "date",
  "decimal",
  "json",
  "file",
]);

/** The item type of `list<T>`, or undefined. */
function itemType(type) {
  return type.startsWith("list<") && type.endsWith(">")
    ? type.slice(5, -1)
    : undefined;
}

/**
 * JSON text to values, integers as bigints (exact), other numbers as numbers: an independent
 * reader, so the client's own exact parse is compared with something it did not produce.
 */
function exactJson(text) {
  let i = 0;
  const fail = () => {
    throw new SyntaxError(`bad JSON at ${i}`);
  };
  const space = () => {
    while (" \t\r\n".includes(text[i] ?? "x")) i++;
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      space();
      if (text[i] === "}") return (i++, out);
      for (;;) {
        space();
        const key = value();
        space();
        if (text[i++] !== ":") fail();
        out[key] = value();
        space();
        const next = text[i++];
        if (next === "}") return out;
        if (next !== ",") fail();
      }
    }
    if (c === "[") {
      i++;
      const out = [];
      space();
      if (text[i] === "]") return (i++, out);
      for (;;) {
        out.push(value());
        space();
        const next = text[i++];
        if (next === "]") return out;
        if (next !== ",") fail();
      }
    }
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === "\\") i++;
      i++;
      return JSON.parse(text.slice(start, i));
    }
    const literal =
      /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(
        text.slice(i, i + 40),
      );
    if (!literal) fail();
    i += literal[0].length;
    if (/^-?\d+$/.test(literal[0])) return BigInt(literal[0]);
    return JSON.parse(literal[0]);
  };
  const out = value();
  space();
  if (i !== text.length) fail();
  return out;
}

/** The plan's neutral value as the client takes it (bigint, Date, bytes, objects by wire name). */
function native(type, value, api) {
  const item = itemType(type);
  if (item !== undefined) return value.map((v) => native(item, v, api));
  switch (type) {
    case "int64":
      return BigInt(value);
    case "date":
      return new Date(`${value.replace(" ", "T")}+08:00`);
    case "file":
      return { data: PNG, filename: "sample.png" };
  }
  if (BASIC.has(type) || typeof value !== "object" || value === null)
    return value;
  const fields = api.structs[type] ?? [];
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      native(fields.find((f) => f.name === k)?.type ?? "json", v, api),
    ]),
  );
}

/** `yyyy-MM-dd HH:mm:ss` of a Date at GMT+8. */
function gmt8(date) {
  const d = new Date(date.getTime() + 8 * 3600_000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function show(value) {
  return JSON.stringify(value, (_, v) =>
    typeof v === "bigint" ? `${v}n` : v,
  )?.slice(0, 300);
}

/** Compares the typed answer with the raw body by the spec's types. */
class Checker {
  constructor(api, wrapped, problems) {
    this.api = api;
    this.enums = new Set(api.enums);
    this.wrapped = wrapped;
    this.problems = problems;
    this.values = 0;
  }

  fields(fields, typed, raw, path) {
    for (const f of fields) {
      const at = `${path}.${f.name}`;
      if (f.name in raw)
        this.value(f.type, f, typed?.[f.name], raw[f.name], at);
      // A canned body (a conformance case) may leave fields out; a built one holds them all.
      else if (!this.api.canned)
        this.problems.push(`${at}: missing from the answer`);
    }
  }

  value(type, field, typed, raw, at) {
    this.values++;
    const fail = (what) =>
      this.problems.push(`${at}: ${what}, got ${show(typed)} for ${show(raw)}`);
    const item = itemType(type);
    if (item !== undefined) {
      let items = raw;
      if (this.wrapped) {
        const keys =
          raw !== null && typeof raw === "object" && !Array.isArray(raw)
            ? Object.keys(raw)
            : [];
        if (keys.length !== 1)
          return fail("a list wrapped in a one-member object");
        items = raw[keys[0]];
      }
      if (
        !Array.isArray(items) ||
        !Array.isArray(typed) ||
        typed.length !== items.length
      )
        return fail("a typed array of the answer's items");
      typed.forEach((t, i) =>
        this.value(item, { bounded: false }, t, items[i], `${at}[${i}]`),
      );
    } else if (
      type === "string" ||
      type === "decimal" ||
      this.enums.has(type)
    ) {
      if (typeof typed !== "string" || typed !== raw) fail("the same text");
    } else if (type === "int64") {
      // A canned body may write an id as digit text, or a small number.
      const sent =
        this.api.canned && typeof raw === "string" && /^\d+$/.test(raw)
          ? BigInt(raw)
          : raw;
      if (typeof typed !== "bigint" || typed !== sent)
        fail("the same exact bigint");
      else if (
        !field.bounded &&
        !this.api.canned &&
        String(typed < 0n ? -typed : typed).length !== 18
      )
        fail("an 18-digit id");
    } else if (type === "boolean") {
      if (typed !== raw || typeof typed !== "boolean") fail("the same boolean");
    } else if (type === "date") {
      // A canned body may give a date alone: midnight at GMT+8, as the contract says.
      const sent =
        this.api.canned && typeof raw === "string" && raw.length === 10
          ? `${raw} 00:00:00`
          : raw;
      if (!(typed instanceof Date) || gmt8(typed) !== sent)
        fail("a Date of the same GMT+8 instant");
    } else if (type === "json") {
      if (show(typed) !== show(raw)) fail("the same JSON value");
    } else if (type in this.api.structs) {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw))
        fail("an object");
      else if (Object.keys(raw).length > 0) {
        // The mock leaves a recursive or very deep struct as {}.
        if (typed === null || typeof typed !== "object")
          return fail(`a ${type}`);
        this.fields(this.api.structs[type], typed, raw, at);
      }
    } else fail(`a value of the unknown type ${type}`);
  }
}

const started = performance.now();
const plan = JSON.parse(readFileSync(planFile, "utf8"));
const pkg = await import(
  pathToFileURL(join(resolve(packageDir), "index.js")).href
);
const clients = [false, true].map((simplify) => {
  const inner = pkg.createHttpTransport();
  const recording = { body: "", close: () => inner.close() };
  const transport = async (request, options) => {
    const response = await inner(request, options);
    recording.body =
      typeof response.body === "string"
        ? response.body
        : Buffer.from(response.body).toString("utf8");
    return response;
  };
  const client = new pkg.TopClient({
    appKey: TOP_APP_KEY,
    secret: TOP_SECRET,
    url,
    signMethod: "md5",
    simplify,
    transport,
  });
  return { client, recording, simplify };
});

const problems = [];
let requests = 0;
let values = 0;
for (const [index, api] of plan.entries()) {
  for (const { client, recording, simplify } of index % SIMPLIFY_EVERY === 0
    ? clients
    : clients.slice(0, 1)) {
    requests++;
    const where = `${api.name} (simplify=${simplify})`;
    const params = Object.fromEntries(
      api.params.map((p) => [p.name, native(p.type, p.value, api)]),
    );
    let response;
    try {
      response = await client.execute(api.name, params, SESSION);
    } catch (error) {
      problems.push(`${where}: ${error?.name}: ${error?.message}`);
      continue;
    }
    const raw = exactJson(recording.body);
    const keys = Object.keys(raw);
    const payload = simplify
      ? raw
      : keys.length === 1
        ? raw[keys[0]]
        : undefined;
    if (payload === null || typeof payload !== "object") {
      problems.push(`${where}: no response object in the answer`);
      continue;
    }
    if (
      typeof response.request_id !== "string" ||
      response.request_id !== payload.request_id
    )
      problems.push(
        `${where}.request_id: ${show(response.request_id)}, sent ${show(payload.request_id)}`,
      );
    const checker = new Checker(api, !simplify, problems);
    checker.fields(api.response, response, payload, where);
    values += checker.values;
  }
}
for (const { recording } of clients) recording.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `typescript catalogue mock: ${plan.length} APIs, ${requests} requests, ${values} response values checked, ${problems.length} problems, ${seconds} s`,
);
for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
