"""The contract's retry rule end to end, against the mock: a throttled call (gateway code 7, refused
before the API ran) is repeated after 1 s even for a refund write, `retries=0` surfaces it, and a
refused connection is retried with 200 ms, 400 ms waits. Every wait is bounded."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any, Dict, List, Tuple

import pytest

import h7b_taobao
from mockgw import H7B_APP_KEY, H7B_SECRET, TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import SESSION, canned_value, png
from taobao_top import AsyncClient, Client, ConnectError, GatewayError, PreparedRequest, RefundRefuseResponse
from taobao_top._http import HttpTransport
from test_top import refuse_request

THROTTLED_SUB_CODE = "accesscontrol.limited-by-app-api-access-count"
#: The contract's first wait after a throttled call, and after a connect failure.
THROTTLED_WAIT = 1.0
CONNECT_WAITS = (0.2, 0.4)
#: Slack for the mock's own work on top of the contract's waits; every test ends well within it.
SLACK = 3.0
BOUND = 30.0  # the async test runs under this ceiling


def assert_throttled_then_served(records: List[Dict[str, Any]], api: str) -> None:
    first, second = records
    assert first["api"] == second["api"] == api
    assert first["code"] == 7 and first["msg"] == "App Call Limited"
    assert first["fault"] == {"mode": "throttle", "seconds": 1}  # the default ban of 1 s
    assert second["code"] == 0 and second["fault"] is None
    assert second["sign_valid"] is True
    assert first["params"] == second["params"], "a retry sends the very same signed request"


def test_a_throttled_refund_write_is_retried_after_1s(mock: MockGateway) -> None:
    mock.fault({"mode": "throttle", "count": 1})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0, retries=1)

    started = time.monotonic()
    rsp = client.execute(refuse_request(png(1024)), SESSION)
    elapsed = time.monotonic() - started

    assert isinstance(rsp, RefundRefuseResponse)
    assert rsp.is_success is True
    assert rsp.request_id == canned_value("top", "taobao.refund.refuse")["request_id"]
    assert THROTTLED_WAIT <= elapsed < THROTTLED_WAIT + SLACK
    assert_throttled_then_served(mock.requests(), "taobao.refund.refuse")


def test_without_retries_the_throttle_is_a_typed_gateway_error(mock: MockGateway) -> None:
    mock.fault({"mode": "throttle", "count": 1})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0, retries=0)

    started = time.monotonic()
    with pytest.raises(GatewayError) as caught:
        client.execute(refuse_request(png(1024)), SESSION)
    elapsed = time.monotonic() - started

    assert caught.value.kind == "gateway"
    assert caught.value.code == "7"
    assert caught.value.sub_code == THROTTLED_SUB_CODE
    assert elapsed < SLACK, "nothing to wait for without retries"
    [record] = mock.requests()
    assert record["code"] == 7


def test_retries_are_at_most_n_then_the_throttle_surfaces(mock: MockGateway) -> None:
    mock.fault({"mode": "throttle", "count": 2})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0, retries=1)

    started = time.monotonic()
    with pytest.raises(GatewayError) as caught:
        client.execute(refuse_request(png(1024)), SESSION)
    elapsed = time.monotonic() - started

    assert caught.value.code == "7" and caught.value.sub_code == THROTTLED_SUB_CODE
    assert THROTTLED_WAIT <= elapsed < THROTTLED_WAIT + SLACK
    assert [r["code"] for r in mock.requests()] == [7, 7]


class CountingTransport(HttpTransport):
    """The real transport, counting attempts and when each one started."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: List[float] = []

    def send(
        self, prepared: PreparedRequest, connect_timeout: float, timeout: float, max_response_bytes: int = 1 << 26
    ) -> Tuple[int, bytes]:
        self.starts.append(time.monotonic())
        return super().send(prepared, connect_timeout, timeout, max_response_bytes)


def closed_port() -> int:
    """A loopback port nobody listens on: bound by the system, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_a_refused_connection_is_retried_with_200_then_400ms_waits() -> None:
    transport = CountingTransport()
    url = f"http://127.0.0.1:{closed_port()}/router/rest"
    client = Client(url, TOP_APP_KEY, TOP_SECRET, connect_timeout=2.0, timeout=2.0, retries=2, transport=transport)

    started = time.monotonic()
    with pytest.raises(ConnectError) as caught:
        client.execute(refuse_request(png(1024)), SESSION)
    elapsed = time.monotonic() - started

    assert caught.value.kind == "connect" and caught.value.sent is False
    assert "nothing was sent" in str(caught.value)
    assert TOP_SECRET not in str(caught.value)
    assert len(transport.starts) == 3, "the first attempt and 2 retries, even for a refund write"
    gaps = [later - earlier for earlier, later in zip(transport.starts, transport.starts[1:])]
    assert all(gap >= wait for gap, wait in zip(gaps, CONNECT_WAITS)), gaps
    assert sum(CONNECT_WAITS) <= elapsed < 5.0


def test_a_throttled_h7b_call_is_retried_after_1s(mock: MockGateway) -> None:
    mock.fault({"mode": "throttle", "count": 1})
    client = h7b_taobao.Client(mock.h7b_url, H7B_APP_KEY, H7B_SECRET, timeout=10.0, retries=1)
    request = h7b_taobao.RefundRefuseRequest(
        refund_id=110056431137563058,
        refuse_message="这个是绝好的东西，一定要尝试",
        refuse_proof=h7b_taobao.FileInput(png(1024), "proof.png"),
        refund_phase="onsale",
        refund_version="1618846920000",
    )

    started = time.monotonic()
    rsp = client.execute(request, "测试店铺")
    elapsed = time.monotonic() - started

    assert isinstance(rsp, h7b_taobao.RefundRefuseResponse)
    assert rsp.is_success is True
    assert rsp.request_id == canned_value("h7b", "taobao.refund.refuse")["request_id"]
    assert THROTTLED_WAIT <= elapsed < THROTTLED_WAIT + SLACK
    assert_throttled_then_served(mock.requests(), "taobao.refund.refuse")


def test_the_async_client_follows_the_same_rule(mock: MockGateway) -> None:
    mock.fault({"mode": "throttle", "count": 1})

    async def run() -> RefundRefuseResponse:
        async with AsyncClient(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0, retries=1) as client:
            return await client.execute(refuse_request(png(1024)), SESSION)

    started = time.monotonic()
    rsp = asyncio.run(asyncio.wait_for(run(), BOUND))
    elapsed = time.monotonic() - started

    assert rsp.is_success is True
    assert THROTTLED_WAIT <= elapsed < THROTTLED_WAIT + SLACK
    assert_throttled_then_served(mock.requests(), "taobao.refund.refuse")
