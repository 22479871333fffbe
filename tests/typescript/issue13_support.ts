// Shared by the issue-13 tests: two TOP APIs the specs do not carry (yet), described with the
// runtime's own building blocks exactly as a generated module would (`taobao.trade.fullinfo.get`
// and `taobao.time.get`, the APIs of the contract's worked batch examples; `tid` is text because
// the second example sends 9876543210987654321, beyond int64), a canned transport, and a
// `setTimeout` that records its delays instead of waiting.

import { API, type ApiDescriptor, type ApiRequest, type PreparedRequest, t, type Transport } from "@topgen/taobao-top";

export interface TradeParams {
  fields?: string;
  tid?: string;
}
export interface TradeResponse {
  request_id?: string;
  [field: string]: unknown;
}
export interface TimeResponse {
  time?: string;
  request_id?: string;
  [field: string]: unknown;
}

export const tradeFullinfoGetApi: ApiDescriptor<TradeParams, TradeResponse> = {
  name: "taobao.trade.fullinfo.get",
  path: null,
  responseKey: "trade_fullinfo_get_response",
  sessionRequired: true,
  idempotent: true,
  params: [
    { name: "fields", type: t.string, required: true },
    { name: "tid", type: t.string, required: true },
  ],
  response: [{ name: "request_id", type: t.string }],
};

export const timeGetApi: ApiDescriptor<Record<string, never>, TimeResponse> = {
  name: "taobao.time.get",
  path: null,
  responseKey: "time_get_response",
  sessionRequired: false,
  idempotent: true,
  params: [],
  response: [
    { name: "time", type: t.string },
    { name: "request_id", type: t.string },
  ],
};

export function trade(fields: string, tid: string): ApiRequest<TradeParams, TradeResponse> & TradeParams {
  return { [API]: tradeFullinfoGetApi, fields, tid };
}

export function time(): ApiRequest<Record<string, never>, TimeResponse> {
  return { [API]: timeGetApi };
}

/** A transport answering with canned bodies (status 200) and recording what it was given. */
export function canned(...bodies: string[]): Transport & { sent: PreparedRequest[] } {
  const sent: PreparedRequest[] = [];
  const transport = async (request: PreparedRequest) => {
    sent.push(request);
    const body = bodies.shift();
    if (body === undefined) throw new Error("no more canned answers");
    return { status: 200, body };
  };
  return Object.assign(transport, { sent });
}

/** Replaces `setTimeout` while `run` runs: each delay is recorded and the callback runs at once. */
export async function recordingWaits<T>(run: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; waits: number[] }> {
  const waits: number[] = [];
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    waits.push(ms ?? 0);
    queueMicrotask(callback);
    return 0;
  }) as unknown as typeof setTimeout;
  try {
    return { result: await run(), error: undefined, waits };
  } catch (error) {
    return { result: undefined, error, waits };
  } finally {
    globalThis.setTimeout = original;
  }
}
