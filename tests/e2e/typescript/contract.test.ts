// The contract points a cross-language review settled (docs/runtime-contract.md), checked without
// the network: blank values, base64 input, multipart headers, the required session, H7B success
// codes, `error_response`, mistyped response fields, the session printed as ***, and the
// `allowed` message. Expected values come from the contract's text.

import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";

import * as h7b from "@topgen/h7b-taobao";
import * as h7bRefuse from "@topgen/h7b-taobao/refund_refuse";
import * as top from "@topgen/taobao-top";
import * as topRefuse from "@topgen/taobao-top/refund_refuse";

import { PNG, REFUND_ID, SESSION } from "./support/fixtures.js";
import { H7B_APP, TOP_APP } from "./support/mock.js";

const topClient = new top.TopClient({ ...TOP_APP, clock: () => 1_700_000_000_000 });
const h7bClient = new h7b.H7bClient({ ...H7B_APP, clock: () => 1_700_000_000_000 });

function topPrepare(params: Partial<topRefuse.RefundRefuseParams>, session: string | undefined = SESSION): top.PreparedRequest {
  return topClient.prepare(new topRefuse.RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: "拒绝退款", ...params }), session);
}

function h7bPrepare(params: Partial<h7bRefuse.RefundRefuseParams>, session: string | undefined = SESSION): h7b.PreparedRequest {
  return h7bClient.prepare(new h7bRefuse.RefundRefuseRequest({ refund_id: REFUND_ID, refuse_message: "拒绝退款", ...params }), session);
}

function validation(call: () => unknown, message: string): void {
  assert.throws(call, (e: unknown) => e instanceof top.ValidationError || e instanceof h7b.ValidationError ? e.message === message : false);
}

const param = (p: top.PreparedRequest | h7b.PreparedRequest, name: string) => p.params.find(([k]) => k === name)?.[1];

test("blank is Java's Character.isWhitespace: NBSP and BOM are sent, U+001C and space+tab are blank", () => {
  for (const [value, sent] of [["\u00a0", true], ["\ufeff", true], ["\u001c", false], [" \t", false]] as const) {
    assert.equal(param(topPrepare({}, value.length > 0 ? `s${value}` : SESSION), "session"), `s${value}`);
    // The session itself under omit: blank → refused before anything else; otherwise sent as is.
    if (sent) assert.equal(param(topPrepare({}, value), "session"), value, JSON.stringify(value));
    else validation(() => topPrepare({}, value), "session: is required");
    // A required business parameter under omit.
    if (sent) assert.equal(param(topPrepare({ refuse_message: `${value}${value}` }), "refuse_message"), `${value}${value}`);
    else validation(() => topPrepare({ refuse_message: value }), "refuse_message: is required");
  }
});

test("H7B includes blank values: an empty session is sent and signed", () => {
  const prepared = h7bPrepare({}, "");
  const sessionParam = h7b.GATEWAY.sessionParameter;
  assert.ok(sessionParam !== null);
  assert.equal(param(prepared, sessionParam), "");
});

test("a missing required session is refused before the parameters are checked", () => {
  validation(() => topClient.prepare(new topRefuse.RefundRefuseRequest({}), undefined), "session: is required");
  const name = h7b.GATEWAY.sessionParameter;
  validation(() => h7bClient.prepare(new h7bRefuse.RefundRefuseRequest({}), undefined), `${name}: is required`);
});

test("base64 file input: ASCII whitespace anywhere is removed, then strict decoding", () => {
  const png = "iVBORw0KGgoAAAAAAAAAAA==";
  for (const text of [`${png}\n`, `iVBORw0KGgo\r\nAAAAAAAAAAA==`, `iVBO Rw0K\tGgoA\fAAAAAAAAAA==`]) {
    const files = topPrepare({ refuse_proof: { base64: text } }).files;
    assert.deepEqual(Buffer.from(files[0]?.data ?? []).toString("base64"), png, JSON.stringify(text));
  }
  validation(() => topPrepare({ refuse_proof: { base64: "abc" } }), "refuse_proof: is not valid base64");
  validation(() => h7bPrepare({ refuse_proof: { base64: "abc" } }), "refuse_proof: is not valid base64");
});

test("multipart: text parts say charset=UTF-8; name/filename escape only \" CR LF; default filename", () => {
  const body = (p: top.PreparedRequest) => Buffer.from(p.body).toString("latin1");
  const withName = topPrepare({ refuse_proof: { data: PNG, filename: 'a"b\r\nc\\d%e.png' } });
  assert.match(body(withName), /name="refuse_message"\r\nContent-Type: text\/plain; charset=UTF-8\r\n\r\n/);
  assert.ok(body(withName).includes('name="refuse_proof"; filename="a%22b%0D%0Ac\\d%e.png"\r\nContent-Type: image/png\r\n'));
  const unnamed = topPrepare({ refuse_proof: PNG });
  assert.ok(body(unnamed).includes('name="refuse_proof"; filename="refuse_proof"\r\n'));
});

test("the allowed message prints the value raw", () => {
  validation(() => topPrepare({ refund_phase: 'on"sale' as "onsale" }), 'refund_phase: must be one of onsale, aftersale; got "on"sale"');
});

test("H7B succeeds only for the integer 0 or the string \"0\"", () => {
  const api = h7bRefuse.refundRefuseApi;
  assert.deepEqual({ ...h7b.parseResponse(h7b.GATEWAY, api, '{"code":0,"data":{"is_success":true}}') }, { is_success: true });
  assert.deepEqual({ ...h7b.parseResponse(h7b.GATEWAY, api, '{"code":"0","data":{"is_success":true}}') }, { is_success: true });
  for (const [code, text] of [["false", "false"], ["0.0", "0.0"], ['"ok"', "ok"]] as const) {
    assert.throws(
      () => h7b.parseResponse(h7b.GATEWAY, api, `{"code":${code},"message":"m","trace_id":"t1","data":{}}`),
      (e: unknown) => e instanceof h7b.GatewayError && e.code === text && e.traceId === "t1",
      code,
    );
  }
});

test("error_response counts only when it is an object", () => {
  const api = topRefuse.refundRefuseApi;
  const body = '{"refund_refuse_response":{"is_success":true,"error_response":"x"},"error_response":"not an object"}';
  assert.deepEqual({ ...top.parseResponse(top.GATEWAY, api, body) }, { is_success: true, error_response: "x" });
  assert.throws(() => top.parseResponse(top.GATEWAY, api, '{"error_response":{"code":7,"msg":"m"}}'), top.GatewayError);
});

test("a known field whose type does not fit is unset, kept in extraOf as it arrived, and never fails the response", () => {
  const api = topRefuse.refundRefuseApi;
  const body = '{"refund_refuse_response":{"is_success":"true","refund":{"refund_id":"1","status":3}}}';
  const rsp = top.parseResponse(top.GATEWAY, api, body);
  assert.equal(rsp.is_success, undefined);
  assert.deepEqual({ ...top.extraOf(rsp) }, { is_success: "true" });
  assert.equal(rsp.refund?.refund_id, "1");
  assert.equal(rsp.refund?.status, undefined);
  assert.deepEqual({ ...top.extraOf(rsp.refund ?? {}) }, { status: 3 });
  assert.deepEqual(JSON.parse(top.responseToJson(rsp)), { is_success: "true", refund: { refund_id: "1", status: 3 } });
});

test("a prepared request prints the session as ***", () => {
  for (const prepared of [topPrepare({}), h7bPrepare({})]) {
    for (const text of [String(prepared), JSON.stringify(prepared), inspect(prepared), inspect(prepared, { depth: 9 })]) {
      assert.ok(!text.includes(SESSION), text);
      assert.ok(text.includes("***"), text);
      assert.ok(text.includes(prepared.sign), text);
    }
    assert.ok(Buffer.from(prepared.body).toString("utf8").includes(SESSION), "the body still carries it");
  }
});
