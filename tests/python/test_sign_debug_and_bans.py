"""Sign debugging and rate-limit bans (docs/runtime-contract.md, "Sign debugging" and "Rate-limit
bans"), without a network: a canned transport answers, and sleeping is recorded instead of done.
The expected strings are written out from the signing rule by hand, not taken from the client."""

from __future__ import annotations

import asyncio
from typing import List, Tuple

import pytest

from taobao_top import (
    AsyncClient,
    Client,
    GatewayError,
    RateLimitError,
    RefundNegotiatereturnRequest,
)
from taobao_top._wire import PreparedRequest

SECRET = "test-secret-0123"
SESSION = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805"
NOW = 1757914823000  # 2025-09-15 13:40:23 GMT+8

#: ``key + value`` of every signed parameter in key order, the session as ``***``.
MASKED = (
    "app_key12129701formatjsonmethodtaobao.refund.negotiatereturnpartner_idtopgen"
    "refund_id110056431137563058refund_version1409231007325session***sign_methodhmac"
    "timestamp2025-09-15 13:40:23v2.0"
)


class Canned:
    def __init__(self, *bodies: str) -> None:
        self.bodies = [b.encode("utf-8") for b in bodies]
        self.sent: List[PreparedRequest] = []

    def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float, *rest: object) -> Tuple[int, bytes]:
        self.sent.append(prepared)
        return 200, self.bodies.pop(0)


def request() -> RefundNegotiatereturnRequest:
    return RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325)


def client(transport: Canned | None = None, **options: object) -> Client:
    return Client(None, "12129701", SECRET, sign_method="hmac", clock=lambda: NOW, transport=transport, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- sign debugging


def test_prepared_request_exposes_the_masked_string_and_the_method() -> None:
    prepared = client().prepare(request(), SESSION)
    assert prepared.string_to_sign == MASKED
    assert prepared.sign_method == "hmac"
    assert SESSION not in prepared.string_to_sign + repr(prepared)
    assert SECRET not in prepared.string_to_sign + repr(prepared)


def test_the_session_is_signed_but_shown_masked() -> None:
    a, b = client().prepare(request(), SESSION), client().prepare(request(), "another-session")
    assert a.string_to_sign == b.string_to_sign == MASKED
    assert a.sign != b.sign


INVALID_SIGNATURE = '{"error_response":{"code":25,"msg":"Invalid signature","request_id":"x1"}}'


def test_error_25_says_what_was_signed() -> None:
    with pytest.raises(GatewayError) as caught:
        client(Canned(INVALID_SIGNATURE)).execute(request(), SESSION)
    error = caught.value
    assert error.signed is not None
    assert (error.signed.method, error.signed.string_to_sign) == ("hmac", MASKED)
    assert str(error).endswith(f"; the client signed (hmac): {MASKED}")
    for text in (str(error), repr(error), repr(error.signed)):
        assert SESSION not in text and SECRET not in text


def test_error_25_in_the_async_client_too() -> None:
    class AsyncCanned(Canned):
        async def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:  # type: ignore[override]
            return Canned.send(self, prepared, 1.0, 1.0)

    c = AsyncClient(None, "12129701", SECRET, sign_method="hmac", clock=lambda: NOW, transport=AsyncCanned(INVALID_SIGNATURE))
    with pytest.raises(GatewayError) as caught:
        asyncio.run(c.execute(request(), SESSION))
    assert str(caught.value).endswith(f"; the client signed (hmac): {MASKED}")


def test_other_gateway_errors_do_not_carry_the_signed_string() -> None:
    body = '{"error_response":{"code":27,"msg":"Invalid session"}}'
    with pytest.raises(GatewayError) as caught:
        client(Canned(body)).execute(request(), SESSION)
    assert caught.value.signed is None and "signed" not in str(caught.value)


# ---------------------------------------------------------------- rate-limit bans


def throttled(sub_msg: str | None = None, msg: str = "App Call Limited") -> str:
    sub = "" if sub_msg is None else f',"sub_msg":"{sub_msg}"'
    return (
        '{"error_response":{"code":7,"msg":"' + msg + '",'
        '"sub_code":"accesscontrol.limited-by-app-api-access-count"' + sub + "}}"
    )


OK = '{"refund_negotiatereturn_response":{"request_id":"ok1"}}'


@pytest.mark.parametrize(
    "sub_msg,msg,seconds",
    [
        ("This ban will last for 4 more seconds", "App Call Limited", 4),
        ("This ban will last for 4 more seconds; This ban will last for 9 more seconds", "App Call Limited", 4),
        ("flow control", "App Call Limited, This ban will last for 12 more seconds", 12),
        (None, "This ban will last for 0 more seconds", 0),
        ("This ban will last for some more seconds", "App Call Limited", None),
        (None, "App Call Limited", None),
    ],
)
def test_code_7_is_a_rate_limit_error_with_retry_after(sub_msg: str | None, msg: str, seconds: int | None) -> None:
    with pytest.raises(RateLimitError) as caught:
        client(Canned(throttled(sub_msg, msg))).execute(request(), SESSION)
    assert isinstance(caught.value, GatewayError) and caught.value.code == "7"
    assert caught.value.retry_after == seconds


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    recorded: List[float] = []
    monkeypatch.setattr("taobao_top._runtime.time.sleep", recorded.append)
    return recorded


def test_a_known_ban_waits_exactly_its_length(waits: List[float]) -> None:
    transport = Canned(throttled("This ban will last for 7 more seconds"), throttled("This ban will last for 10 more seconds"), OK)
    rsp = client(transport, retries=2).execute(request(), SESSION)
    assert rsp.request_id == "ok1" and waits == [7.0, 10.0] and len(transport.sent) == 3


def test_a_ban_longer_than_max_retry_delay_is_returned_at_once(waits: List[float]) -> None:
    transport = Canned(throttled("This ban will last for 11 more seconds"), OK)
    with pytest.raises(RateLimitError) as caught:
        client(transport, retries=3).execute(request(), SESSION)
    assert caught.value.retry_after == 11 and waits == [] and len(transport.sent) == 1


def test_max_retry_delay_is_a_client_setting(waits: List[float]) -> None:
    transport = Canned(throttled("This ban will last for 30 more seconds"), OK)
    client(transport, retries=1, max_retry_delay=60.0).execute(request(), SESSION)
    assert waits == [30.0]
    with pytest.raises(RateLimitError):
        client(Canned(throttled("This ban will last for 3 more seconds")), retries=1, max_retry_delay=2.0).execute(
            request(), SESSION
        )


def test_without_retry_after_the_retry_table_applies(waits: List[float]) -> None:
    transport = Canned(throttled(), throttled(), OK)
    client(transport, retries=2).execute(request(), SESSION)
    assert waits == [1.0, 2.0]


def test_without_retries_a_ban_is_returned_at_once(waits: List[float]) -> None:
    with pytest.raises(RateLimitError):
        client(Canned(throttled("This ban will last for 1 more seconds"))).execute(request(), SESSION)
    assert waits == []


def test_the_async_client_waits_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    waited: List[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)

    class AsyncCanned(Canned):
        async def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:  # type: ignore[override]
            return Canned.send(self, prepared, 1.0, 1.0)

    transport = AsyncCanned(throttled("This ban will last for 5 more seconds"), OK)
    c = AsyncClient(None, "12129701", SECRET, clock=lambda: NOW, transport=transport, retries=1)
    asyncio.run(c.execute(request(), SESSION))
    assert waited == [5.0]
