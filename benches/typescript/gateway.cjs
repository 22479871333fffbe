// The benchmark's gateway: a raw `node:net` server that reads each keep-alive HTTP/1.1 request
// (head, then a Content-Length body) and writes one canned answer. It does as little as a server
// can, so that on a small shared machine the clients, not the server, set the pace; both clients
// talk to it alike. Prints its port; exits when stdin closes.
"use strict";
const OK = '{"refund_negotiatereturn_response":{"is_success":true,"request_id":"r"}}';
const ANSWER = Buffer.from(
  "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=UTF-8\r\n" +
    `content-length: ${Buffer.byteLength(OK)}\r\nconnection: keep-alive\r\n\r\n${OK}`,
);
const server = require("node:net").createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("error", () => {});
  let pending = Buffer.alloc(0);
  let body = -1; // body bytes still to read, or -1 while reading a head
  socket.on("data", (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let answers = 0;
    for (;;) {
      if (body < 0) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) break;
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(pending.toString("latin1", 0, end));
        body = length === null ? 0 : Number(length[1]);
        pending = pending.subarray(end + 4);
      }
      if (pending.length < body) break;
      pending = pending.subarray(body);
      body = -1;
      answers++;
    }
    if (answers > 0) socket.write(answers === 1 ? ANSWER : Buffer.concat(Array(answers).fill(ANSWER)));
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0)).resume();
