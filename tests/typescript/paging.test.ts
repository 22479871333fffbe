// Pages (docs/runtime-contract.md, "Pages"): `client.pages` and `client.items` stop exactly on
// `has_next` false, on `total_results`, on an empty page, and with `page_size` unset (the first
// page's length is the size); cursors; an error ends the iteration. A canned transport answers;
// what each request sent is read back from its parameters.

import assert from "node:assert/strict";
import { test } from "node:test";

import { API, type ApiDescriptor, type ApiRequest, GatewayError, type Paging, t, TopClient } from "@topgen/taobao-top";

import { canned, time } from "./issue13_support.js";

interface TradesParams {
  status?: string;
  page_no?: bigint | number;
  page_size?: bigint | number;
  cursor?: string;
}
interface TradesPage {
  trades?: string[];
  total_results?: bigint;
  has_next?: boolean;
  next_cursor?: string;
  [field: string]: unknown;
}

const PAGING: Paging = { style: "page", items: "trades", page: "page_no", size: "page_size", total: "total_results", hasNext: "has_next" };
const CURSOR: Paging = { style: "cursor", items: "trades", cursor: "cursor", nextCursor: "next_cursor", hasNext: "has_next" };

const tradesApi: ApiDescriptor<TradesParams, TradesPage> = {
  name: "taobao.trades.sold.get",
  path: null,
  responseKey: "trades_sold_get_response",
  sessionRequired: true,
  idempotent: true,
  params: [
    { name: "status", type: t.string },
    { name: "page_no", type: t.int64 },
    { name: "page_size", type: t.int64 },
    { name: "cursor", type: t.string },
  ],
  response: [
    { name: "trades", type: t.list(t.string) },
    { name: "total_results", type: t.int64 },
    { name: "has_next", type: t.boolean },
    { name: "next_cursor", type: t.string },
  ],
  paging: PAGING,
};

function trades(params: TradesParams): ApiRequest<TradesParams, TradesPage> & TradesParams {
  return { [API]: tradesApi, ...params };
}

function page(list: string[] | undefined, extra: { total?: number; hasNext?: boolean; next?: string } = {}): string {
  const body: Record<string, unknown> = {};
  if (list !== undefined) body["trades"] = list;
  if (extra.total !== undefined) body["total_results"] = extra.total;
  if (extra.hasNext !== undefined) body["has_next"] = extra.hasNext;
  if (extra.next !== undefined) body["next_cursor"] = extra.next;
  return JSON.stringify({ trades_sold_get_response: body });
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterator) out.push(x);
  return out;
}

function client(transport: ReturnType<typeof canned>): TopClient {
  return new TopClient({ appKey: "12129701", secret: "s", transport, clock: () => 0 });
}

function sent(transport: ReturnType<typeof canned>, name: string): (string | undefined)[] {
  return transport.sent.map((p) => p.params.find(([k]) => k === name)?.[1]);
}

test("stops exactly when has_next is false; the given request is not changed", async () => {
  const transport = canned(page(["a", "b"], { hasNext: true }), page(["c", "d"], { hasNext: true }), page(["e"], { hasNext: false }));
  const request = trades({ status: "WAIT", page_size: 2 });
  const pages = await collect(client(transport).pages(request, "sess"));
  assert.deepEqual(pages.map((p) => p.trades), [["a", "b"], ["c", "d"], ["e"]]);
  assert.deepEqual(sent(transport, "page_no"), [undefined, "2", "3"]);
  assert.deepEqual(sent(transport, "status"), ["WAIT", "WAIT", "WAIT"]);
  assert.equal(request.page_no, undefined);
});

test("stops exactly on total_results", async () => {
  const transport = canned(page(["a", "b"], { total: 5 }), page(["c", "d"], { total: 5 }), page(["e"], { total: 5 }), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({ page_no: 1, page_size: 2 }), "s")), ["a", "b", "c", "d", "e"]);
  assert.deepEqual(sent(transport, "page_no"), ["1", "2", "3"]);
});

test("a total reached on a full page asks no further", async () => {
  const transport = canned(page(["a", "b"], { total: 4 }), page(["c", "d"], { total: 4 }), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({ page_size: 2n }), "s")), ["a", "b", "c", "d"]);
  assert.equal(transport.sent.length, 2);
});

test("page_size unset: the first page's length is the size", async () => {
  const transport = canned(page(["a", "b", "c"], { total: 7 }), page(["d", "e", "f"], { total: 7 }), page(["g"], { total: 7 }), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({}), "s")), [..."abcdefg"]);
  assert.deepEqual(sent(transport, "page_no"), [undefined, "2", "3"]);
  assert.deepEqual(sent(transport, "page_size"), [undefined, undefined, undefined]);
});

for (const [name, last] of [["empty", page([], { total: 10, hasNext: true })], ["missing", page(undefined, { total: 10, hasNext: true })]] as const) {
  test(`stops on an ${name} item list`, async () => {
    const transport = canned(page(["a"], { total: 10, hasNext: true }), last, page(["never"]));
    const pages = await collect(client(transport).pages(trades({ page_size: 1 }), "s"));
    assert.equal(pages.length, 2);
    assert.equal(transport.sent.length, 2);
  });
}

test("without total or has_next it runs to the empty page", async () => {
  const transport = canned(page(["a", "b"]), page(["c", "d"]), page([]));
  assert.deepEqual(await collect(client(transport).items(trades({ page_size: 2 }), "s")), ["a", "b", "c", "d"]);
  assert.equal(transport.sent.length, 3);
});

test("cursor paging sends the next cursor and stops when it is empty or has_next is false", async () => {
  let transport = canned(page(["a"], { next: "c2" }), page(["b"], { next: "c3" }), page(["c"], { next: "" }), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({ status: "WAIT" }), "s", CURSOR)), ["a", "b", "c"]);
  assert.deepEqual(sent(transport, "cursor"), [undefined, "c2", "c3"]);
  transport = canned(page(["a"], { next: "c2", hasNext: false }), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({}), "s", CURSOR)), ["a"]);
  transport = canned(page(["a"]), page(["never"]));
  assert.deepEqual(await collect(client(transport).items(trades({}), "s", CURSOR)), ["a"]);
});

test("an error ends the iteration", async () => {
  const transport = canned(page(["a"], { hasNext: true }), '{"error_response":{"code":15,"msg":"Remote service error"}}');
  const iterator = client(transport).items(trades({}), "s");
  assert.deepEqual(await iterator.next(), { value: "a", done: false });
  await assert.rejects(iterator.next(), (e: unknown) => e instanceof GatewayError && e.code === "15");
  assert.deepEqual(await iterator.next(), { value: undefined, done: true });
});

test("an API without paging is refused clearly", () => {
  assert.throws(() => client(canned()).pages(time()), { message: "taobao.time.get does not page; pass a Paging to say how it does" });
});
