// OAuth (docs/runtime-contract.md, "OAuth"): the authorize URL, the code exchange against a small
// loopback token server (the exact form body in the contract's order, the typed token with exact
// user ids and URL-decoded nicks, the error answer as a gateway error), refresh through
// `taobao.top.auth.token.refresh` with its `token_result` JSON string decoded, the refusal message,
// and no secret or token in any printed form or error.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";

import {
  GatewayError,
  InvalidBodyError,
  OAUTH_SANDBOX_BASE_URL,
  OAuthClient,
  RateLimitError,
  REFRESH_REFUSED,
  TopClient,
} from "@topgen/taobao-top";

import { canned } from "./issue13_support.js";

const APP_KEY = "12129701";
const SECRET = "test-secret-0123";
const ACCESS = "6101e2b7d6b6cbfe0fe20d1f5ff1fb4e09ca4bbeb0d6a402206508390";
const REFRESH = "6102d2b2f5c1f1a8d4c1a1be6ce6dd1c1df5b2d5bd1dd4f2206508390";

const TOKEN_BODY =
  '{"w1_expires_in":86400,"refresh_token_valid_time":1757914823000,"taobao_user_nick":"%E5%95%86%E5%AE%B6%E6%B5%8B%E8%AF%95",' +
  `"w2_expires_in":0,"access_token":"${ACCESS}","taobao_user_id":2200123456789012345,"token_type":"Bearer",` +
  `"re_expires_in":"2592000","expires_in":86400,"refresh_token":"${REFRESH}","r1_expires_in":86400,"r2_expires_in":86400,` +
  '"sub_taobao_user_id":"9007199254740993","sub_taobao_user_nick":"a%3Ab"}';

/** Runs `body` against a loopback server answering each POST with the next canned answer. */
async function withServer(
  answers: [number, string][],
  body: (url: string, seen: { path: string; type: string; body: string }[]) => Promise<void>,
): Promise<void> {
  const seen: { path: string; type: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ path: req.url ?? "", type: req.headers["content-type"] ?? "", body: Buffer.concat(chunks).toString() });
      const [status, text] = answers.shift() ?? [500, "{}"];
      res.writeHead(status, { "content-type": "application/json;charset=UTF-8" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test("the authorize URL in the contract's order, form-encoded", () => {
  const oauth = new OAuthClient({ appKey: APP_KEY, secret: SECRET });
  assert.equal(
    oauth.authorizeUrl("https://example.com/cb?x=1", "st 1"),
    "https://oauth.taobao.com/authorize?response_type=code&client_id=12129701&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&state=st+1",
  );
  const sandbox = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: OAUTH_SANDBOX_BASE_URL });
  assert.equal(
    sandbox.authorizeUrl("https://e.com/", "s", "wap"),
    "https://oauth.tbsandbox.com/authorize?response_type=code&client_id=12129701&redirect_uri=https%3A%2F%2Fe.com%2F&state=s&view=wap",
  );
});

test("exchangeCode posts the form and types the token", async () => {
  await withServer([[200, TOKEN_BODY]], async (url, seen) => {
    const oauth = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: `${url}/`, proxy: "" });
    const token = await oauth.exchangeCode("code 1", "https://e.com/cb");
    assert.deepEqual(seen[0], {
      path: "/token",
      type: "application/x-www-form-urlencoded;charset=utf-8",
      body: "grant_type=authorization_code&code=code+1&client_id=12129701&client_secret=test-secret-0123&redirect_uri=https%3A%2F%2Fe.com%2Fcb",
    });
    assert.equal(token.access_token, ACCESS);
    assert.equal(token.refresh_token, REFRESH);
    assert.deepEqual(
      [token.expires_in, token.re_expires_in, token.r1_expires_in, token.r2_expires_in, token.w1_expires_in, token.w2_expires_in],
      [86400, 2592000, 86400, 86400, 86400, 0],
    );
    assert.equal(token.taobao_user_id, "2200123456789012345");
    assert.equal(token.sub_taobao_user_id, "9007199254740993");
    assert.equal(token.taobao_user_nick, "商家测试");
    assert.equal(token.sub_taobao_user_nick, "a:b");
    assert.deepEqual(token.extra, { refresh_token_valid_time: 1757914823000 });
    const printed = `${String(token)} ${JSON.stringify(token)} ${String(oauth)}`;
    assert.ok(!printed.includes(ACCESS) && !printed.includes(REFRESH) && !printed.includes(SECRET));
  });
});

test("OAuthClient takes the proxy option as TopClient does: a URL, or \"\" for none", async () => {
  await withServer([[200, TOKEN_BODY], [200, TOKEN_BODY]], async (url, seen) => {
    // The loopback server as the proxy: a plain-HTTP request through it names the whole URL.
    const via = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: "http://oauth.example.invalid", proxy: url });
    assert.equal((await via.exchangeCode("c", "https://e.com/cb")).access_token, ACCESS);
    assert.equal(seen[0]?.path, "http://oauth.example.invalid/token");
    // proxy: "" goes direct although the environment names a proxy nobody listens on.
    const saved = process.env["HTTP_PROXY"];
    process.env["HTTP_PROXY"] = "http://127.0.0.1:1";
    try {
      const direct = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: url, proxy: "" });
      assert.equal((await direct.exchangeCode("c", "https://e.com/cb")).access_token, ACCESS);
      assert.equal(seen[1]?.path, "/token");
    } finally {
      if (saved === undefined) delete process.env["HTTP_PROXY"];
      else process.env["HTTP_PROXY"] = saved;
    }
  });
});

test("OAuthClient refuses timeouts a timer cannot wait", () => {
  for (const [option, value] of [["timeoutMs", 2 ** 31], ["connectTimeoutMs", Number.NaN], ["timeoutMs", 0]] as const) {
    assert.throws(() => new OAuthClient({ appKey: APP_KEY, secret: SECRET, [option]: value }), {
      name: "RangeError",
      message: `${option} must be a number of milliseconds from 1 to 2147483647, got ${String(value)}`,
    });
  }
});

for (const status of [200, 400]) {
  test(`an error answer (HTTP ${status}) is a gateway error`, async () => {
    await withServer([[status, '{"error":"invalid_client","error_description":"redirect_uri does not match"}']], async (url) => {
      const oauth = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: url, proxy: "" });
      await assert.rejects(oauth.exchangeCode("c", "https://other.example/"), (e: unknown) => {
        assert.ok(e instanceof GatewayError);
        assert.equal(e.code, "invalid_client");
        assert.equal(e.gatewayMessage, "redirect_uri does not match");
        assert.ok(!`${e.message} ${String(e)} ${JSON.stringify(e)}`.includes(SECRET));
        return true;
      });
    });
  });
}

test("a non-JSON answer does not leak what it held", async () => {
  await withServer([[200, `access_token=${ACCESS}`]], async (url) => {
    const oauth = new OAuthClient({ appKey: APP_KEY, secret: SECRET, baseUrl: url, proxy: "" });
    await assert.rejects(oauth.exchangeCode("c", "https://e.com/"), (e: unknown) => {
      return e instanceof InvalidBodyError && !e.message.includes(ACCESS) && !e.body.includes(ACCESS);
    });
  });
});

test("refresh decodes token_result", async () => {
  const result = JSON.stringify({ access_token: "new-access", refresh_token: "new-refresh", expires_in: "86400", re_expires_in: 0 }).replace(
    "}",
    ',"taobao_user_id":2200123456789012345}',
  );
  const transport = canned(JSON.stringify({ top_auth_token_refresh_response: { token_result: result, request_id: "r1" } }));
  const client = new TopClient({ appKey: APP_KEY, secret: SECRET, transport });
  const token = await new OAuthClient({ appKey: APP_KEY, secret: SECRET }).refresh(REFRESH, client);
  assert.deepEqual([token.access_token, token.refresh_token, token.expires_in, token.re_expires_in], ["new-access", "new-refresh", 86400, 0]);
  assert.equal(token.taobao_user_id, "2200123456789012345");
  const params = Object.fromEntries(transport.sent[0]!.params);
  assert.equal(params["method"], "taobao.top.auth.token.refresh");
  assert.equal(params["refresh_token"], REFRESH);
  assert.equal(params["session"], undefined);
});

test("a refused refresh says why; a throttled one does not", async () => {
  const refused = canned('{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.refresh-not-allowed"}}');
  const oauth = new OAuthClient({ appKey: APP_KEY, secret: SECRET });
  await assert.rejects(oauth.refresh(REFRESH, new TopClient({ appKey: APP_KEY, secret: SECRET, transport: refused })), (e: unknown) => {
    return e instanceof GatewayError && e.message.endsWith(`; ${REFRESH_REFUSED}`) && !e.message.includes(REFRESH);
  });
  const throttled = canned('{"error_response":{"code":7,"msg":"App Call Limited"}}');
  await assert.rejects(oauth.refresh(REFRESH, new TopClient({ appKey: APP_KEY, secret: SECRET, transport: throttled })), (e: unknown) => {
    return e instanceof RateLimitError && !e.message.includes(REFRESH_REFUSED);
  });
});
