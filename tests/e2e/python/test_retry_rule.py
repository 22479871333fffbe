"""The runtime's retry rule as a pure function, against docs/runtime-contract.md ("Retries"): which
errors are retried for which APIs, the base waits, the doubling and the 10 s cap. The expected
numbers are the contract's, written out. Both packages carry the same hand-written runtime file."""

from __future__ import annotations

import inspect
from typing import Callable, Dict, List, Optional

import pytest

import h7b_taobao._retry
import taobao_top._retry
from taobao_top._retry import retry_delay
from taobao_top import (
    ClientError,
    ConnectError,
    ConnectionLostError,
    GatewayError,
    HttpStatusError,
    InvalidBodyError,
    RequestTimeoutError,
    ValidationError,
)

#: min(0.2 s * 2^k, 10 s) for k = 0..7, and min(1 s * 2^k, 10 s) for k = 0..5.
TRANSIENT_WAITS = [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0]
THROTTLED_WAITS = [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]

Make = Callable[[], ClientError]


def connect_refused() -> ClientError:
    return ConnectError("cannot connect to 127.0.0.1: Connection refused; nothing was sent")


def connect_timed_out() -> ClientError:
    # The contract: no connection within the connect timeout is a connect error (nothing was sent).
    return ConnectError("could not connect to 127.0.0.1 within 1s; nothing was sent")


def throttled() -> ClientError:
    return GatewayError(
        {"code": "7", "msg": "App Call Limited", "sub_code": "accesscontrol.limited-by-api-access-count"}, "{}"
    )


def throttled_h7b() -> ClientError:
    return GatewayError({"code": "7", "message": "App Call Limited", "trace_id": "mock000001"}, "{}")


def isp() -> ClientError:
    return GatewayError(
        {"code": "15", "msg": "Remote service error", "sub_code": "isp.top-remote-connection-timeout"}, "{}"
    )


#: Retried only for `idempotent: true` APIs.
IDEMPOTENT_ONLY: Dict[str, Make] = {
    "timeout": lambda: RequestTimeoutError("no complete answer within 1s", sent=True),
    "connection": lambda: ConnectionLostError("the connection failed after sending", sent=True),
    "http 500": lambda: HttpStatusError(500, "oops"),
    "http 503": lambda: HttpStatusError(503, "busy"),
    "http 599": lambda: HttpStatusError(599, "?"),
    "isp sub_code": isp,
}
#: Never retried.
NEVER: Dict[str, Make] = {
    "validation": lambda: ValidationError("refuse_message", "must be 2 to 200 characters long, got 1"),
    "gateway 25": lambda: GatewayError({"code": "25", "msg": "Invalid signature"}, "{}"),
    "gateway isv": lambda: GatewayError({"code": "41", "msg": "x", "sub_code": "isv.invalid-parameter:x"}, "{}"),
    "isp not a prefix": lambda: GatewayError({"code": "15", "msg": "x", "sub_code": "isv.isp.not-isp"}, "{}"),
    "gateway 70": lambda: GatewayError({"code": "70", "message": "code 70 is not 7"}, "{}"),
    "http 404": lambda: HttpStatusError(404, "not found"),
    "http 499": lambda: HttpStatusError(499, "client closed"),
    "http 302": lambda: HttpStatusError(302, "moved"),
    "invalid_body 200": lambda: InvalidBodyError(200, '{"truncated', "not JSON"),
    "invalid_body 502": lambda: InvalidBodyError(502, "<html>", "not JSON"),
}


def waits(make: Make, idempotent: bool, count: int) -> List[Optional[float]]:
    return [retry_delay(make(), idempotent, k) for k in range(count)]


@pytest.mark.parametrize("idempotent", [False, True])
@pytest.mark.parametrize("make", [connect_refused, connect_timed_out], ids=["refused", "timed out"])
def test_connect_failures_wait_200ms_doubled_up_to_10s_for_every_api(make: Make, idempotent: bool) -> None:
    assert waits(make, idempotent, len(TRANSIENT_WAITS)) == pytest.approx(TRANSIENT_WAITS)


@pytest.mark.parametrize("make", IDEMPOTENT_ONLY.values(), ids=IDEMPOTENT_ONLY.keys())
def test_transient_failures_wait_200ms_doubled_up_to_10s_for_idempotent_apis(make: Make) -> None:
    assert waits(make, True, len(TRANSIENT_WAITS)) == pytest.approx(TRANSIENT_WAITS)


@pytest.mark.parametrize("make", IDEMPOTENT_ONLY.values(), ids=IDEMPOTENT_ONLY.keys())
def test_transient_failures_are_never_repeated_for_a_non_idempotent_api(make: Make) -> None:
    assert waits(make, False, 3) == [None, None, None], "its outcome is unknown"


@pytest.mark.parametrize("idempotent", [False, True])
@pytest.mark.parametrize("make", [throttled, throttled_h7b], ids=["top", "h7b"])
def test_throttling_waits_1s_doubled_up_to_10s_for_every_api(make: Make, idempotent: bool) -> None:
    assert waits(make, idempotent, len(THROTTLED_WAITS)) == pytest.approx(THROTTLED_WAITS)


@pytest.mark.parametrize("idempotent", [False, True])
@pytest.mark.parametrize("make", NEVER.values(), ids=NEVER.keys())
def test_everything_else_surfaces(make: Make, idempotent: bool) -> None:
    assert waits(make, idempotent, 3) == [None, None, None]


def test_the_cap_holds_for_any_retry_count() -> None:
    for k in (10, 64, 1100, 10**6):
        assert retry_delay(connect_refused(), False, k) == 10.0
        assert retry_delay(throttled(), False, k) == 10.0


def test_both_packages_carry_the_same_rule() -> None:
    assert inspect.getsource(h7b_taobao._retry) == inspect.getsource(taobao_top._retry)
