// Memory after 10k calls, in a fresh process per client: `node --expose-gc memory.mjs
// topgen|peer URL` makes 10,000 calls, 16 in flight, to the benchmark gateway at URL and prints
// one JSON line: resident set size and V8 heap used (after a full GC), in bytes.
import { caller, callMany } from "./calls.mjs";

const [which, url] = process.argv.slice(2);
await callMany(caller(which, url).call, 10_000);
globalThis.gc?.();
const { rss, heapUsed } = process.memoryUsage();
console.log(JSON.stringify({ rss, heapUsed }));
process.exit(0);
