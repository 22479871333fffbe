"""The async client (httpx) against the mock: success with every sign method, the signature
error, and a bounded timeout on a refund write that is not retried."""

from __future__ import annotations

import asyncio
import time

import pytest

from mockgw import TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import OUTCOME_UNKNOWN, SESSION, SIGN_METHODS, canned_value, negotiate_request
from taobao_top import AsyncClient, GatewayError, RefundNegotiatereturnResponse, RequestTimeoutError, SignMethod
from test_faults import TIMEOUT

BOUND = 30.0  # no test may hang: every coroutine runs under this ceiling


@pytest.mark.parametrize("sign_method", SIGN_METHODS)
def test_negotiatereturn_succeeds_with_each_sign_method(mock: MockGateway, sign_method: SignMethod) -> None:
    async def run() -> RefundNegotiatereturnResponse:
        async with AsyncClient(mock.top_url, TOP_APP_KEY, TOP_SECRET, sign_method=sign_method, timeout=10.0) as client:
            return await client.execute(negotiate_request(), SESSION)

    rsp = asyncio.run(asyncio.wait_for(run(), BOUND))

    assert isinstance(rsp, RefundNegotiatereturnResponse)
    assert rsp.request_id == canned_value("top", "taobao.refund.negotiatereturn")["request_id"]
    [record] = mock.requests()
    assert record["sign_valid"] is True and record["params"]["sign_method"] == sign_method


def test_wrong_secret_is_a_typed_gateway_error_without_the_secret(mock: MockGateway) -> None:
    wrong_secret = "not-the-secret-9f8e7d"

    async def run() -> None:
        async with AsyncClient(mock.top_url, TOP_APP_KEY, wrong_secret, timeout=10.0) as client:
            assert wrong_secret not in repr(client)
            await client.execute(negotiate_request(), SESSION)

    with pytest.raises(GatewayError) as caught:
        asyncio.run(asyncio.wait_for(run(), BOUND))

    assert caught.value.code == "25"
    assert caught.value.message == "Invalid signature"
    assert '"error_response"' in caught.value.raw_body
    for text in (str(caught.value), repr(caught.value), caught.value.raw_body):
        assert wrong_secret not in text


def test_timeout_says_the_outcome_is_unknown_and_is_not_retried(mock: MockGateway) -> None:
    mock.fault({"mode": "sleep", "ms": int(TIMEOUT * 1000) + 3000, "count": 3})

    async def run() -> None:
        async with AsyncClient(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=TIMEOUT, retries=2) as client:
            await client.execute(negotiate_request(), SESSION)

    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as caught:
        asyncio.run(asyncio.wait_for(run(), BOUND))
    elapsed = time.monotonic() - started

    assert elapsed < TIMEOUT + 2.0
    assert caught.value.sent is True
    assert OUTCOME_UNKNOWN in str(caught.value)
    assert len(mock.requests()) == 1, "a refund write that timed out must not be sent again"
