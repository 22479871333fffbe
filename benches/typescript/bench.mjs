// Issue 12, TypeScript: the generated client against node-taobao-topclient (the npm peer) and a
// hand-written node:crypto floor, in one process, interleaved rounds, CPU time per call.
// Run: bash benches/typescript/run.sh  (installs the peer from its committed lockfile).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { execFile, spawn } from "node:child_process";
import { cpuUsage } from "node:process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { GATEWAY, parseResponse, TopClient, t } from "@topgen/taobao-top";
import { RefundNegotiatereturnRequest } from "@topgen/taobao-top/refund_negotiatereturn";

import { caller, callMany, PARAMS, PeerClient, SESSION } from "./calls.mjs";

const require = createRequire(import.meta.url);
const qs = require("qs");
const run = promisify(execFile);

// ROUNDS and CALLS shrink the run for the fast sample in tests/run-typescript.sh.
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const CALLS = Number(process.env.CALLS ?? 4_000);
const NOW = Date.UTC(2025, 8, 15, 5, 40, 23);

/** CPU microseconds per call of `fn` over `n` calls. */
function measure(fn, n) {
  const start = cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const used = cpuUsage(start);
  return (used.user + used.system) / n;
}

/** Runs the named workloads in interleaved rounds; prints the best round of each. */
function race(title, n, workloads) {
  const best = Object.fromEntries(Object.keys(workloads).map((k) => [k, Infinity]));
  for (const fn of Object.values(workloads)) measure(fn, Math.ceil(n / 4)); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(workloads)) best[name] = Math.min(best[name], measure(fn, n));
  }
  console.log(`\n${title}`);
  for (const [name, us] of Object.entries(best)) console.log(`  ${name.padEnd(28)} ${us.toFixed(2).padStart(9)} µs/call  ${(1e6 / us).toFixed(0).padStart(8)} calls/s`);
  return best;
}

// 1. build + sign + encode of the seed curl request (md5, as the peer signs).
const topgen = new TopClient({ appKey: "12129701", secret: "test-secret-0123", signMethod: "md5", partnerId: "apidoc", clock: () => NOW });
const peer = new PeerClient({ appkey: "12129701", appsecret: "test-secret-0123" });
const peerBuild = () => {
  const args = { timestamp: peer.timestamp(), format: "json", app_key: "12129701", v: "2.0", sign_method: "md5", method: "taobao.refund.negotiatereturn", session: SESSION, partner_id: "apidoc" };
  for (const k in PARAMS) args[k] = typeof PARAMS[k] === "object" ? JSON.stringify(PARAMS[k]) : PARAMS[k];
  args.sign = peer.sign(args);
  return qs.stringify(args);
};
const floorBuild = () => {
  const args = [["app_key", "12129701"], ["format", "json"], ["method", "taobao.refund.negotiatereturn"], ["partner_id", "apidoc"], ["session", SESSION], ["sign_method", "md5"], ["timestamp", "2025-09-15 13:40:23"], ["v", "2.0"]];
  for (const k in PARAMS) args.push([k, String(PARAMS[k])]);
  args.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let s = "test-secret-0123";
  for (const [k, v] of args) s += k + v;
  const sign = createHash("md5").update(s + "test-secret-0123").digest("hex").toUpperCase();
  args.push(["sign", sign]);
  return Buffer.from(args.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&"));
};
const build = race("build + sign + encode (seed curl request, md5)", 20_000, {
  "topgen (typed, validated)": () => topgen.prepare(new RefundNegotiatereturnRequest(PARAMS), SESSION),
  "node-taobao-topclient": peerBuild,
  "node:crypto floor": floorBuild,
});
console.log(`  ratio topgen rate / peer rate: ${(build["node-taobao-topclient"] / build["topgen (typed, validated)"]).toFixed(2)}× (goal ≥ 1.0)`);

// 2. typed, exact-id parse of a ≈52 KB trade.fullinfo.get body with wrapped lists.
const ORDER = t.struct("Order", () => ORDER_FIELDS);
const ORDER_FIELDS = ["oid", "num_iid", "sku_id", "num"].map((name) => ({ name, type: t.int64 }))
  .concat(["title", "price", "payment", "status", "outer_iid", "pic_path", "refund_status"].map((name) => ({ name, type: t.string })),
    [{ name: "end_time", type: t.date }, { name: "is_oversold", type: t.boolean }]);
const TRADE = t.struct("Trade", () => [
  { name: "tid", type: t.int64 }, { name: "created", type: t.date }, { name: "modified", type: t.date },
  { name: "payment", type: t.decimal }, { name: "buyer_nick", type: t.string }, { name: "status", type: t.enum },
  { name: "orders", type: t.list(ORDER) }, { name: "receipt_rel_ids", type: t.list(t.string) },
]);
const API = { name: "taobao.trade.fullinfo.get", path: null, responseKey: "trade_fullinfo_get_response", sessionRequired: true, idempotent: true, params: [], response: [{ name: "trade", type: TRADE }, { name: "request_id", type: t.string }] };
const orders = [];
for (let i = 0; orders.length < 145; i++) {
  orders.push({ oid: `41749201938${String(8526789 + i).padStart(7, "0")}`, num_iid: 612345678901 + i, sku_id: 4912345678901 + i, num: 1, title: `商品标题 ${i} 春季新款`, price: "128.00", payment: "99.50", status: "WAIT_SELLER_SEND_GOODS", outer_iid: `SKU-${i}`, pic_path: `https://img.alicdn.com/bao/uploaded/i${i}/123456789/O1CN01abcdef_!!0-item_pic.jpg`, refund_status: "NO_REFUND", end_time: "2025-09-15 13:40:23", is_oversold: false });
}
const body = `{"trade_fullinfo_get_response":{"trade":{"tid":4174920193884526789,"created":"2025-09-15 13:40:23","modified":"2025-09-15 13:41:00","payment":"11940.00","buyer_nick":"t***1","status":"WAIT_SELLER_SEND_GOODS","orders":{"order":[${orders.map((o) => JSON.stringify(o).replace(/"oid":"(\d+)"/, '"oid":$1')).join(",")}]},"receipt_rel_ids":{"string":["r1","r2"]}},"request_id":"16ab7xbk2ngg0"}}`;
console.log(`\nbody: ${(body.length / 1024).toFixed(1)} KB, ${orders.length} orders with 18-digit oids in wrapped lists`);
const check = parseResponse(GATEWAY, API, body);
if (check.trade.orders[0].oid !== 417492019388526789n) throw new Error(`oid not exact: ${check.trade.orders[0].oid}`);
const parse = race("typed exact-id parse (≈52 KB trade.fullinfo.get)", 1_000, {
  "topgen parseResponse": () => parseResponse(GATEWAY, API, body),
  "JSON.parse (rounds ids)": () => JSON.parse(body),
});
console.log(`  ratio topgen / JSON.parse CPU: ${(parse["topgen parseResponse"] / parse["JSON.parse (rounds ids)"]).toFixed(2)}× (goal ≤ 2.5)`);

// 3. end to end on loopback, keep-alive, 16 in flight. The gateway (gateway.cjs) runs in its own
// process so that its work is not counted against the client, and is a raw `node:net` server
// writing one canned answer: a `node:http` server costs about as much CPU per call as the faster
// client, and on 2 shared cores it would set the pace and pull every ratio toward 1. The client
// process's CPU time per call is printed beside the wall-clock rate (steadier on a shared machine).
const gateway = spawn(process.execPath, [fileURLToPath(new URL("gateway.cjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((ok, fail) => {
  gateway.once("error", fail);
  gateway.stdout.once("data", (d) => ok(Number(String(d).trim())));
});
const url = `http://127.0.0.1:${port}/router/rest`;
const clients = { topgen: caller("topgen", url), peer: caller("peer", url) };
/** Wall-clock calls/s and client CPU µs per call for `total` calls, 16 at a time. */
async function throughput(call, total = CALLS) {
  const start = process.hrtime.bigint();
  const cpu = cpuUsage();
  await callMany(call, total);
  const used = cpuUsage(cpu);
  return { rate: total / (Number(process.hrtime.bigint() - start) / 1e9), cpu: (used.user + used.system) / total };
}
const e2e = { topgen: { rate: 0, cpu: Infinity }, peer: { rate: 0, cpu: Infinity } };
const keepBest = (best, m) => ({ rate: Math.max(best.rate, m.rate), cpu: Math.min(best.cpu, m.cpu) });
for (let r = 0; r < Math.min(ROUNDS, 5); r++) {
  for (const which of ["topgen", "peer"]) e2e[which] = keepBest(e2e[which], await throughput(clients[which].call));
}
console.log(`\nend to end, loopback, keep-alive, 16 in flight, canned raw gateway in its own process (best of ${Math.min(ROUNDS, 5)} × ${CALLS} calls)`);
console.log(`  topgen (pooled node:net)       ${e2e.topgen.rate.toFixed(0).padStart(6)} calls/s  ${e2e.topgen.cpu.toFixed(1).padStart(6)} µs client CPU/call`);
console.log(`  node-taobao-topclient          ${e2e.peer.rate.toFixed(0).padStart(6)} calls/s  ${e2e.peer.cpu.toFixed(1).padStart(6)} µs client CPU/call`);
console.log(`  ratio topgen / peer: ${(e2e.topgen.rate / e2e.peer.rate).toFixed(2)}× calls/s, ${(e2e.peer.cpu / e2e.topgen.cpu).toFixed(2)}× by client CPU (goal ≥ 2)`);
clients.topgen.close();

// 4. memory: a fresh process per client makes 10,000 calls (16 in flight) and reports its
// resident set size and V8 heap (after a full GC).
console.log("\nmemory of a fresh process after 10,000 calls (memory.mjs)");
for (const which of ["topgen", "peer"]) {
  const { stdout } = await run(process.execPath, ["--expose-gc", fileURLToPath(new URL("memory.mjs", import.meta.url)), which, url]);
  const { rss, heapUsed } = JSON.parse(stdout);
  const mb = (n) => `${(n / 1024 / 1024).toFixed(1).padStart(6)} MB`;
  console.log(`  ${(which === "topgen" ? "topgen" : "node-taobao-topclient").padEnd(28)} RSS ${mb(rss)}  heap used ${mb(heapUsed)}  (issue 12 baseline: RSS ≈ 140 MB)`);
}
gateway.stdin.end();
