"""Issue 12, Python: the generated client against the PyPI SDKs it replaces (py-taobao-open,
taobao-sdk-python3) and a hand-written stdlib floor, in one process, interleaved rounds, CPU time
per call. Run: bash benches/python/run.sh (ROUNDS=3 for a quick run)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Callable, Dict, Optional

import taobao_open.api.base as peer_base  # py-taobao-open
import top.api.base as sdk_base  # taobao-sdk-python3

import taobao_top
from taobao_top import Client, RefundNegotiatereturnRequest
from taobao_top import _schema as rt
from taobao_top._wire import ApiInfo

ROUNDS = int(os.environ.get("ROUNDS", "7"))
NOW = 1757914823000  # 2025-09-15 13:40:23 GMT+8
APP_KEY, SECRET = "12129701", "test-secret-0123"
SESSION = "f16605bb-1818-41b0-b421-a8559ca990c4"
TEXT = "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。"
PARAMS: Dict[str, object] = {
    "refund_id": 112233, "refund_version": 1409231007325, "refund_fee": 12, "address_id": 112233,
    "negotiate_type": 17, "refund_type": 1, "reason_id": 112233, "negotiate_text": TEXT,
    "support_refuse": True, "support_buyer_refuse": True, "negotiate_version": "newNegotiate",
}


def measure(fn: Callable[[], object], n: int) -> float:
    """CPU microseconds per call of ``fn`` over ``n`` calls."""
    start = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - start) * 1e6 / n


def race(title: str, n: int, workloads: Dict[str, Callable[[], object]]) -> Dict[str, float]:
    """Runs the workloads in interleaved rounds; prints and returns the best round of each."""
    best = {name: float("inf") for name in workloads}
    for fn in workloads.values():
        measure(fn, max(1, n // 4))  # warm up
    for _ in range(ROUNDS):
        for name, fn in workloads.items():
            best[name] = min(best[name], measure(fn, n))
    print(f"\n{title}")
    for name, us in best.items():
        print(f"  {name:<30} {us:9.2f} µs/call {1e6 / us:9.0f} calls/s")
    return best


# ---------------------------------------------------------------- 1. build + sign + encode

topgen = Client(None, APP_KEY, SECRET, sign_method="md5", partner_id="apidoc", clock=lambda: NOW)


def topgen_build() -> bytes:
    req = RefundNegotiatereturnRequest()
    req.refund_id = 112233
    req.refund_version = 1409231007325
    req.refund_fee = 12
    req.address_id = 112233
    req.negotiate_type = 17
    req.refund_type = 1
    req.reason_id = 112233
    req.negotiate_text = TEXT
    req.support_refuse = True
    req.support_buyer_refuse = True
    req.negotiate_version = "newNegotiate"
    return topgen.prepare(req, SESSION).body


def peer_build(base: object, cls: type) -> Callable[[], bytes]:
    """What the peer's ``getResponse`` does before it sends: its own code, minus the socket."""

    def build() -> bytes:
        req = cls("127.0.0.1", 80)
        req._RestApi__app_key = APP_KEY  # type: ignore[attr-defined]
        req._RestApi__secret = SECRET  # type: ignore[attr-defined]
        for k, v in PARAMS.items():
            setattr(req, k, "true" if v is True else v)
        sys_parameters = {
            "format": "json", "app_key": APP_KEY, "sign_method": "md5", "v": "2.0",
            "timestamp": str(NOW), "partner_id": "apidoc", "method": req.getapiname(), "session": SESSION,
        }
        application = req.getApplicationParameters()
        signed = sys_parameters.copy()
        signed.update(application)
        sys_parameters["sign"] = base.sign(SECRET, signed)  # type: ignore[attr-defined]
        body = urllib.parse.urlencode(application)
        url = "/router/rest?" + urllib.parse.urlencode(sys_parameters)
        return (url + body).encode()

    return build


def rest_api_class(base: object) -> type:
    class NegotiateReturn(base.RestApi):  # type: ignore[name-defined,misc]
        def getapiname(self) -> str:
            return "taobao.refund.negotiatereturn"

    return NegotiateReturn


def floor_build() -> bytes:
    """The least a correct client must do: sort, md5, form-encode (stdlib only, no checks)."""
    args = [
        ("app_key", APP_KEY), ("format", "json"), ("method", "taobao.refund.negotiatereturn"),
        ("partner_id", "apidoc"), ("session", SESSION), ("sign_method", "md5"),
        ("timestamp", "2025-09-15 13:40:23"), ("v", "2.0"),
    ]
    args += [(k, "true" if v is True else str(v)) for k, v in PARAMS.items()]
    args.sort()
    text = SECRET + "".join(k + v for k, v in args) + SECRET
    args.append(("sign", hashlib.md5(text.encode()).hexdigest().upper()))
    return urllib.parse.urlencode(args).encode()


PEER_OPEN = rest_api_class(peer_base)
PEER_SDK = rest_api_class(sdk_base)
build = race(
    "build + sign + encode (seed curl request, md5)",
    5000,
    {
        "topgen (typed, validated)": topgen_build,
        "py-taobao-open 1.0.3": peer_build(peer_base, PEER_OPEN),
        "taobao-sdk-python3 1.0.9": peer_build(sdk_base, PEER_SDK),
        "stdlib floor": floor_build,
    },
)
print(f"  ratio topgen rate / py-taobao-open rate: {build['py-taobao-open 1.0.3'] / build['topgen (typed, validated)']:.2f}x (goal >= 1.0)")
print(f"  ratio topgen rate / floor rate:          {build['stdlib floor'] / build['topgen (typed, validated)']:.2f}x")


# ---------------------------------------------------------------- 2. typed parse of ≈52 KB


def generated_init(cls: type) -> type:
    """Gives a hand-declared class the explicit keyword ``__init__`` topgen generates."""
    names = [n for n in cls.__slots__ if n != "extra"]
    source = (
        "def __init__(self, *, " + "".join(f"{n}=None, " for n in names) + "extra=None):\n"
        + "".join(f"    self.{n} = {n}\n" for n in names)
        + "    self.extra = {} if extra is None else extra\n"
    )
    scope: Dict[str, object] = {}
    exec(source, scope)
    cls.__init__ = scope["__init__"]  # type: ignore[misc]
    return cls


@generated_init
class Order(rt.Struct):
    __slots__ = (
        "oid", "num_iid", "sku_id", "num", "title", "price", "payment", "status", "outer_iid", "pic_path",
        "refund_status", "end_time", "is_oversold", "extra",
    )



@generated_init
class Trade(rt.Struct):
    __slots__ = ("tid", "created", "modified", "payment", "buyer_nick", "status", "orders", "receipt_rel_ids", "extra")



@generated_init
class TradeFullinfoGetResponse(rt.Struct):
    __slots__ = ("trade", "request_id", "extra")



class TradeFullinfoGetRequest(rt.Struct):
    __slots__ = ()
    API = ApiInfo("taobao.trade.fullinfo.get", None, "trade_fullinfo_get_response", True, True)

    @staticmethod
    def _api() -> ApiInfo:
        return TradeFullinfoGetRequest.API

    @staticmethod
    def _response() -> type:
        return TradeFullinfoGetResponse


P = rt.Param
rt.describe(
    Order,
    *(P(n, rt.INT64) for n in ("oid", "num_iid", "sku_id", "num")),
    *(P(n, rt.STRING) for n in ("title", "price", "payment", "status", "outer_iid", "pic_path", "refund_status")),
    P("end_time", rt.DATE),
    P("is_oversold", rt.BOOLEAN),
)
rt.describe(
    Trade,
    P("tid", rt.INT64), P("created", rt.DATE), P("modified", rt.DATE), P("payment", rt.DECIMAL),
    P("buyer_nick", rt.STRING), P("status", rt.STRING), P("orders", rt.list_of(rt.struct_of(Order))),
    P("receipt_rel_ids", rt.list_of(rt.STRING)),
)
rt.describe(TradeFullinfoGetResponse, P("trade", rt.struct_of(Trade)), P("request_id", rt.STRING))
rt.describe(TradeFullinfoGetRequest)

orders = [
    {
        "oid": int(f"41749201938{8526789 + i:07d}"), "num_iid": 612345678901 + i, "sku_id": 4912345678901 + i,
        "num": 1, "title": f"商品标题 {i} 春季新款", "price": "128.00", "payment": "99.50",
        "status": "WAIT_SELLER_SEND_GOODS", "outer_iid": f"SKU-{i}",
        "pic_path": f"https://img.alicdn.com/bao/uploaded/i{i}/123456789/O1CN01abcdef_!!0-item_pic.jpg",
        "refund_status": "NO_REFUND", "end_time": "2025-09-15 13:40:23", "is_oversold": False,
    }
    for i in range(145)
]
trade = {
    "tid": 4174920193884526789, "created": "2025-09-15 13:40:23", "modified": "2025-09-15 13:41:00",
    "payment": "11940.00", "buyer_nick": "t***1", "status": "WAIT_SELLER_SEND_GOODS",
    "orders": {"order": orders}, "receipt_rel_ids": {"string": ["r1", "r2"]},
}
body = json.dumps(
    {"trade_fullinfo_get_response": {"trade": trade, "request_id": "16ab7xbk2ngg0"}},
    ensure_ascii=False,
    separators=(",", ":"),
).encode()
print(f"\nbody: {len(body) / 1024:.1f} KB, {len(orders)} orders with 18-digit oids in wrapped lists")
parse_client = Client(None, APP_KEY, SECRET)
parse_request = TradeFullinfoGetRequest()
check = parse_client.parse_response(parse_request, body)  # type: ignore[arg-type]
assert check.trade.orders[0].oid == 417492019388526789, check.trade.orders[0].oid  # type: ignore[attr-defined]
parse = race(
    "typed exact-id parse (≈52 KB trade.fullinfo.get)",
    300,
    {
        "topgen parse_response": lambda: parse_client.parse_response(parse_request, body),  # type: ignore[arg-type]
        "json.loads (untyped)": lambda: json.loads(body),
    },
)
print(f"  ratio topgen / json.loads CPU: {parse['topgen parse_response'] / parse['json.loads (untyped)']:.2f}x (goal <= 2.5)")


# ---------------------------------------------------------------- 3. end to end


def throughput(call: Callable[[], object], total: int = 3000, in_flight: int = 16) -> float:
    """Calls per second with ``in_flight`` threads sharing ``total`` calls."""
    lock = threading.Lock()
    left = [total]
    failures: list[BaseException] = []

    def worker() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            try:
                call()
            except BaseException as e:  # noqa: BLE001 - reported below
                failures.append(e)
                return

    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return total / (time.perf_counter() - start)


server = subprocess.Popen(
    [sys.executable, str(Path(__file__).with_name("server.py"))], stdout=subprocess.PIPE, text=True
)
try:
    assert server.stdout is not None
    port = int(server.stdout.readline())
    url = f"http://127.0.0.1:{port}/router/rest"
    client = Client(url, APP_KEY, SECRET, sign_method="md5", proxy="")

    def topgen_call() -> Optional[str]:
        return client.execute(RefundNegotiatereturnRequest(**PARAMS), SESSION).request_id  # type: ignore[arg-type]

    def peer_call(cls: type) -> Callable[[], object]:
        def call() -> object:
            req = cls("127.0.0.1", port)
            req._RestApi__app_key = APP_KEY
            req._RestApi__secret = SECRET
            for k, v in PARAMS.items():
                setattr(req, k, "true" if v is True else v)
            return req.getResponse(SESSION)

        return call

    assert topgen_call() == "16ab7xbk2ngg0"
    rates = {"topgen (keep-alive pool)": 0.0, "py-taobao-open 1.0.3": 0.0, "taobao-sdk-python3 1.0.9": 0.0}
    calls = {
        "topgen (keep-alive pool)": topgen_call,
        "py-taobao-open 1.0.3": peer_call(PEER_OPEN),
        "taobao-sdk-python3 1.0.9": peer_call(PEER_SDK),
    }
    for _ in range(3):
        for name, call in calls.items():
            rates[name] = max(rates[name], throughput(call))
    print("\nend to end, loopback, 16 in flight (threads; best of 3 x 3000 calls; server in its own process)")
    for name, rate in rates.items():
        print(f"  {name:<30} {rate:9.0f} calls/s")
    ratio = rates["topgen (keep-alive pool)"] / rates["py-taobao-open 1.0.3"]
    print(f"  ratio topgen / py-taobao-open: {ratio:.2f}x (goal >= 2)")
    client.close()
    rss = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("rss.py")), url],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    print(f"\nmemory: a fresh process with taobao_top after 10k calls: RSS {rss[0]} MB (peak {rss[1]} MB; issue 12 baseline 26 MB)")
finally:
    server.kill()
    server.wait(5)
print(f"\n(taobao_top {taobao_top.__version__}, Python {sys.version.split()[0]}, {ROUNDS} rounds)")
