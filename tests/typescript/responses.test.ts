// Real response shapes (docs/runtime-contract.md, "Real response shapes" and "What counts as
// JSON"), through the generated taobao-top runtime with a trade-like descriptor built here:
// wrapped lists at any depth, request_id, dates as Date, misfits kept aside, never a crash.
// Expected values are written from the contract, not from the code under test.

import assert from "node:assert/strict";
import { test } from "node:test";

import { extraOf, GATEWAY, parseGmt8, parseResponse, responseToJson, parseJson, t, type ApiDescriptor, type FieldSchema, InvalidBodyError } from "@topgen/taobao-top";
import { refundRefuseApi } from "@topgen/taobao-top/refund_refuse";

const ORDER: ReturnType<typeof t.struct> = t.struct("Order", (): readonly FieldSchema[] => [
  { name: "oid", type: t.int64 },
  { name: "title", type: t.string },
  { name: "receipt_rel_ids", type: t.list(t.string) },
  { name: "sub_orders", type: t.list(ORDER) },
]);

const TRADE = t.struct("Trade", (): readonly FieldSchema[] => [
  { name: "tid", type: t.int64 },
  { name: "created", type: t.date },
  { name: "payment", type: t.decimal },
  { name: "orders", type: t.list(ORDER) },
  { name: "tags", type: t.list(t.int64) },
]);

const API: ApiDescriptor<unknown, Record<string, unknown>> = {
  name: "taobao.trade.fullinfo.get",
  path: null,
  responseKey: "trade_fullinfo_get_response",
  sessionRequired: true,
  idempotent: true,
  params: [],
  response: [
    { name: "trade", type: TRADE },
    { name: "request_id", type: t.string },
  ],
};

interface Order {
  oid?: bigint;
  title?: string;
  receipt_rel_ids?: string[];
  sub_orders?: Order[];
}

function trade(body: string): { trade: { tid?: bigint; created?: Date; payment?: string; orders?: Order[]; tags?: bigint[] }; request_id?: string } {
  return parseResponse(GATEWAY, API, body) as never;
}

const WRAPPED =
  '{"trade_fullinfo_get_response":{"trade":{"tid":4174920193884526789,"created":"2025-09-15 13:40:23","payment":12.50,' +
  '"orders":{"order":[{"oid":4174920193885526789,"title":"a","receipt_rel_ids":{"string":["r1","r2"]},' +
  '"sub_orders":{"order":[{"oid":4174920193886526789,"receipt_rel_ids":{}}]}}]},"tags":{"number":[1,2]}},' +
  '"request_id":"16ab7x"}}';
const PLAIN =
  '{"trade":{"tid":4174920193884526789,"created":"2025-09-15 13:40:23","payment":12.50,' +
  '"orders":[{"oid":4174920193885526789,"title":"a","receipt_rel_ids":["r1","r2"],' +
  '"sub_orders":[{"oid":4174920193886526789,"receipt_rel_ids":[]}]}],"tags":[1,2]},"request_id":"16ab7x"}';

for (const [form, body] of [["wrapped (simplify off)", WRAPPED], ["plain arrays (simplify on)", PLAIN]] as const) {
  test(`lists at any depth are arrays: ${form}`, () => {
    const rsp = trade(body);
    const orders = rsp.trade.orders ?? assert.fail("orders");
    assert.ok(Array.isArray(orders));
    for (const order of orders) assert.equal(typeof order.oid, "bigint"); // iterable, typed
    assert.equal(orders[0]?.oid, 4174920193885526789n);
    assert.deepEqual(orders[0]?.receipt_rel_ids, ["r1", "r2"]);
    assert.equal(orders[0]?.sub_orders?.[0]?.oid, 4174920193886526789n);
    assert.deepEqual(orders[0]?.sub_orders?.[0]?.receipt_rel_ids, []);
    assert.deepEqual(rsp.trade.tags, [1n, 2n]);
    assert.equal(rsp.trade.tid, 4174920193884526789n);
    assert.equal(rsp.trade.payment, "12.50"); // the digits as they appear
    assert.equal(rsp.request_id, "16ab7x");
    // 2025-09-15 13:40:23 at GMT+8 is 05:40:23 UTC.
    assert.ok(rsp.trade.created instanceof Date);
    assert.equal(rsp.trade.created.toISOString(), "2025-09-15T05:40:23.000Z");
    assert.deepEqual(parseJson(responseToJson(rsp)), parseJson(PLAIN.replace("12.50", '"12.50"').replace("[1,2]", "[1,2]")));
  });
}

test("misfits are unset, kept in extraOf and written back; nothing crashes", () => {
  const rsp = trade(
    '{"trade_fullinfo_get_response":{"trade":{"tid":"x1","created":"15/09/2025","orders":{"a":[],"b":[]},' +
      '"tags":[1,"two"],"unknown":{"deep":123456789012345678901}}}}',
  );
  assert.equal(rsp.trade.tid, undefined);
  assert.equal(rsp.trade.created, undefined);
  assert.equal(rsp.trade.orders, undefined);
  assert.equal(rsp.trade.tags, undefined);
  assert.deepEqual({ ...extraOf(rsp.trade) }, { tid: "x1", created: "15/09/2025", orders: { a: [], b: [] }, tags: [1, "two"] });
  assert.deepEqual((rsp.trade as Record<string, unknown>)["unknown"], { deep: 123456789012345678901n });
  const back = parseJson(responseToJson(rsp)) as Record<string, Record<string, unknown>>;
  assert.equal(back["trade"]?.["created"], "15/09/2025");
});

test("an int64 beyond 64 bits is a misfit; null leaves a field unset", () => {
  const rsp = trade('{"trade":{"tid":99999999999999999999,"orders":null}}');
  assert.equal(rsp.trade.tid, undefined);
  assert.equal(extraOf(rsp.trade)?.["tid"], 99999999999999999999n);
  assert.equal(rsp.trade.orders, undefined);
});

test("request_id is typed on every TOP response", () => {
  const rsp = parseResponse(GATEWAY, refundRefuseApi, '{"refund_refuse_response":{"is_success":true,"request_id":"abc"}}');
  assert.equal(rsp.request_id, "abc");
});

test("escaped strings, a key named __proto__ and escaped surrogate pairs take the exact path", () => {
  const rsp = trade('{"trade":{"tid":1,"title":"\\u0000x","__proto__":{"a":1},"e":"\\ud83d\\ude00"}}');
  assert.equal(rsp.trade.tid, 1n);
  assert.equal(Object.getPrototypeOf(rsp.trade), Object.prototype);
  assert.equal((rsp.trade as Record<string, unknown>)["e"], "😀");
  assert.throws(() => trade('{"trade":{"e":"\\udc00"}}'), InvalidBodyError);
});

test("a number inside a string that looks like a big number stays text", () => {
  const rsp = trade('{"trade":{"title":"a,12345678901234567,b","tid":12345678901234567}}');
  assert.equal((rsp.trade as Record<string, unknown>)["title"], "a,12345678901234567,b");
  assert.equal(rsp.trade.tid, 12345678901234567n);
});

// Numbers JSON.parse would round are read from their literals in document order (json.ts); where
// JSON.parse does not keep document order, or a literal sits in a string, the exact parser decides.
// The expected digits are the ones in the body: the contract keeps them exact, last key wins.
test("big numbers stay exact where JSON.parse reorders keys, repeats a key or meets a literal in text", () => {
  // Integer-like keys come first out of JSON.parse; the two numbers round to the same double.
  const reordered = trade('{"trade":{"tid":4174920193884526789,"m":{"2":41749201938845267891,"1":41749201938845267892}}}');
  assert.deepEqual({ ...((reordered.trade as Record<string, unknown>)["m"] as object) }, { 1: 41749201938845267892n, 2: 41749201938845267891n });
  assert.equal(reordered.trade.tid, 4174920193884526789n);
  // Given up on, the body is still read with every number as written.
  const decimal = trade('{"trade":{"payment":12.50,"m":{"2":41749201938845267891,"1":1}}}');
  assert.equal(decimal.trade.payment, "12.50");
  // A repeated key: the last value wins, exactly.
  assert.equal(trade('{"trade":{"tid":4174920193884526789,"tid":4174920193884526790}}').trade.tid, 4174920193884526790n);
  assert.deepEqual(trade('{"trade":{"tags":[4174920193884526789],"tags":[4174920193884526790,1]}}').trade.tags, [4174920193884526790n, 1n]);
  // A literal inside a string, before the real one that rounds to the same double.
  const text = trade('{"trade":{"title":"x,4174920193884526790,","tid":4174920193884526789}}');
  assert.equal(text.trade.tid, 4174920193884526789n);
  assert.equal((text.trade as Record<string, unknown>)["title"], "x,4174920193884526790,");
});

test("a misfit list keeps its big numbers exact; string and decimal fields keep the literal", () => {
  const rsp = trade('{"trade":{"tags":[4174920193884526789,"two"],"tid":4174920193884526790,"payment":0.10,"title":41749201938845267891}}');
  assert.deepEqual(extraOf(rsp.trade)?.["tags"], [4174920193884526789n, "two"]);
  assert.equal(rsp.trade.tid, 4174920193884526790n);
  assert.equal(rsp.trade.payment, "0.10");
  assert.equal((rsp.trade as Record<string, unknown>)["title"], 41749201938845267891n); // unknown here: plain JSON
  // An integer written with a fraction is no int64; a decimal keeps it as written.
  const written = trade('{"trade":{"tid":1.0,"payment":2.0,"tags":[4174920193884526789]}}');
  assert.equal(written.trade.tid, undefined);
  assert.equal(extraOf(written.trade)?.["tid"], 1);
  assert.equal(written.trade.payment, "2.0");
  assert.deepEqual(written.trade.tags, [4174920193884526789n]);
});

// parseGmt8 reads dates by character codes; the reference here is the platform's own calendar
// (Date.UTC with setUTCFullYear for years below 100), over every month and day edge.
test("dates: every calendar edge at GMT+8 agrees with Date's proleptic Gregorian calendar", () => {
  const reference = (y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined => {
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d);
    wall.setUTCHours(h, mi, s, 0);
    return wall.getUTCDate() === d ? wall.getTime() - 8 * 3600 * 1000 : undefined;
  };
  const p2 = (n: number): string => String(n).padStart(2, "0");
  let checked = 0;
  for (const y of [0, 4, 99, 100, 1900, 1970, 2000, 2023, 2024, 2100, 9999])
    for (let mo = 0; mo <= 13; mo++)
      for (let d = 0; d <= 32; d++) {
        const [h, mi, s] = [(d * 7) % 25, (d * 13) % 61, (mo * 11) % 61];
        const day = `${String(y).padStart(4, "0")}-${p2(mo)}-${p2(d)}`;
        assert.equal(parseGmt8(day)?.getTime(), reference(y, mo, d, 0, 0, 0), day);
        const full = `${day} ${p2(h)}:${p2(mi)}:${p2(s)}`;
        assert.equal(parseGmt8(full)?.getTime(), reference(y, mo, d, h, mi, s), full);
        checked += 2;
      }
  assert.ok(checked > 10_000);
  for (const bad of ["", "2025-9-15", "２025-09-15", "2025-09-15T13:40:23", "2025-09-15 13:40:2a", "2025-09-15 13:40:23 ", "2025/01/01", "-025-01-01", "2025-01-01 1:00:00", "2025-01-01 01:00", "+2025-01-01"])
    assert.equal(parseGmt8(bad), undefined, bad);
  assert.equal(parseGmt8("2025-09-15 13:40:23")?.toISOString(), "2025-09-15T05:40:23.000Z");
});
