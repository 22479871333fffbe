// Pages end to end: `taobao.trades.sold.get` (paged in its spec, so its descriptor carries
// `paging`) through `client.pages` / `client.items` against the mock, one canned page per call
// (`POST /__mock/responses` before each fetch). The async iterators must stop exactly — on
// `has_next` false, on `total_results`, on an empty page — and ask for the page numbers the
// runtime contract says.

import assert from "node:assert/strict";
import { test } from "node:test";

import { TopClient } from "@topgen/taobao-top";
import { TradesSoldGetRequest } from "@topgen/taobao-top/trades_sold_get";

import { SESSION } from "./support/fixtures.js";
import { TOP_APP, useMock } from "./support/mock.js";

const mock = useMock();
const API = "taobao.trades.sold.get";

function page(tids: number[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    trades_sold_get_response: { trades: { trade: tids.map((tid) => ({ tid })) }, ...extra },
  });
}

function request(pageSize?: bigint): TradesSoldGetRequest {
  const req = new TradesSoldGetRequest({ fields: "tid" });
  if (pageSize !== undefined) req.page_size = pageSize;
  return req;
}

async function pageNos(): Promise<(string | undefined)[]> {
  return (await mock().requests()).map((r) => r.params["page_no"]);
}

const scenarios: [string, bigint | undefined, [number[], Record<string, unknown>][], (string | undefined)[]][] = [
  ["has_next false", 2n, [[[1, 2], { has_next: true }], [[3], { has_next: false }]], [undefined, "2"]],
  [
    "total_results covered",
    2n,
    [[[1, 2], { total_results: 5 }], [[3, 4], { total_results: 5 }], [[5], { total_results: 5 }]],
    [undefined, "2", "3"],
  ],
  ["empty page", undefined, [[[1, 2], {}], [[], {}]], [undefined, "2"]],
];

for (const [name, size, answers, expected] of scenarios) {
  test(`pages stop exactly: ${name}`, { timeout: 10_000 }, async () => {
    const client = new TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: 5_000 });
    const pages = client.pages(request(size), SESSION);
    const seen: bigint[] = [];
    for (const [tids, extra] of answers) {
      await mock().respond(API, page(tids, extra));
      const next = await pages.next();
      assert.equal(next.done, false, `${name}: ended early`);
      for (const trade of next.value?.trades ?? []) if (trade.tid !== undefined) seen.push(trade.tid);
    }
    assert.equal((await pages.next()).done, true, `${name}: asked past the last page`);
    assert.deepEqual(await pageNos(), expected);
    assert.deepEqual(seen, answers.flatMap(([tids]) => tids.map(BigInt)));
  });
}

test("items cross pages in order", { timeout: 10_000 }, async () => {
  const client = new TopClient({ ...TOP_APP, url: mock().topUrl, timeoutMs: 5_000 });
  const items = client.items(request(2n), SESSION);
  await mock().respond(API, page([7, 8], { has_next: true }));
  const tid = async () => ((await items.next()).value as { tid?: bigint } | undefined)?.tid;
  assert.deepEqual([await tid(), await tid()], [7n, 8n]);
  await mock().respond(API, page([9], { has_next: false }));
  assert.equal(await tid(), 9n);
  assert.equal((await items.next()).done, true);
  assert.deepEqual(await pageNos(), [undefined, "2"]);
});
