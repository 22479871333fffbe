// The call both clients make end to end: the seed curl request of taobao.refund.negotiatereturn
// (the documentation's sample), sent by topgen's client or by node-taobao-topclient.
import { createRequire } from "node:module";

import { TopClient } from "@topgen/taobao-top";
import "@topgen/taobao-top/refund_negotiatereturn";

export const SESSION = "f16605bb-1818-41b0-b421-a8559ca990c4";
export const PARAMS = {
  refund_id: "112233", refund_version: "1409231007325", refund_fee: "12", address_id: "112233",
  negotiate_type: "17", refund_type: "1", reason_id: "112233",
  negotiate_text: "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。",
  support_refuse: true, support_buyer_refuse: true, negotiate_version: "newNegotiate",
};
export const PeerClient = createRequire(import.meta.url)("node-taobao-topclient").default;

/** A function making one call to `url` with `which` client ("topgen" or "peer"), and a closer. */
export function caller(which, url) {
  if (which === "topgen") {
    const client = new TopClient({ appKey: "12129701", secret: "test-secret-0123", signMethod: "md5", url });
    return { call: () => client.execute("taobao.refund.negotiatereturn", PARAMS, SESSION), close: () => client.close() };
  }
  const peer = new PeerClient({ appkey: "12129701", appsecret: "test-secret-0123", REST_URL: url });
  return { call: () => peer.execute("taobao.refund.negotiatereturn", { ...PARAMS, session: SESSION }), close: () => {} };
}

/** Makes `total` calls, `inFlight` at a time. */
export async function callMany(call, total, inFlight = 16) {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next++ < total) await call();
  }));
}
