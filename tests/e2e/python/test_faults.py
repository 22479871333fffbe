"""Transport failures injected by the mock (`POST /__mock/faults`), with the blocking client: each
becomes its own error kind in bounded time, and a refund write is never sent twice."""

from __future__ import annotations

import time

import pytest

from mockgw import TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import OUTCOME_UNKNOWN, SESSION, canned_body, negotiate_request
from taobao_top import Client, ConnectionLostError, HttpStatusError, InvalidBodyError, RequestTimeoutError

TIMEOUT = 1.0


def test_timeout_says_the_outcome_is_unknown_and_is_not_retried(mock: MockGateway) -> None:
    mock.fault({"mode": "sleep", "ms": int(TIMEOUT * 1000) + 3000, "count": 3})
    # retries=2 is allowed to retry failures before sending, never a refund write after it.
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=TIMEOUT, retries=2)

    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as caught:
        client.execute(negotiate_request(), SESSION)
    elapsed = time.monotonic() - started

    assert elapsed < TIMEOUT + 2.0
    assert caught.value.kind == "timeout"
    assert caught.value.sent is True
    assert OUTCOME_UNKNOWN in str(caught.value)
    assert TOP_SECRET not in str(caught.value) and TOP_SECRET not in repr(caught.value)
    assert len(mock.requests()) == 1, "a refund write that timed out must not be sent again"


def test_closed_connection_is_a_connection_error(mock: MockGateway) -> None:
    mock.fault({"mode": "close"})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0, retries=2)

    with pytest.raises(ConnectionLostError) as caught:
        client.execute(negotiate_request(), SESSION)

    assert caught.value.kind == "connection"
    assert OUTCOME_UNKNOWN in str(caught.value)
    assert len(mock.requests()) == 1


def test_html_502_is_an_http_status_error_with_the_page(mock: MockGateway) -> None:
    mock.fault({"mode": "html502"})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)

    with pytest.raises(HttpStatusError) as caught:
        client.execute(negotiate_request(), SESSION)

    assert caught.value.kind == "http_status"
    assert caught.value.status == 502
    assert caught.value.body.startswith("<html>")
    assert "<h1>502 Bad Gateway</h1>" in caught.value.body


def test_truncated_body_is_an_invalid_body_error(mock: MockGateway) -> None:
    mock.fault({"mode": "truncate"})
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)

    with pytest.raises(InvalidBodyError) as caught:
        client.execute(negotiate_request(), SESSION)

    assert caught.value.kind == "invalid_body"
    assert caught.value.status == 200
    whole = canned_body("top", "taobao.refund.negotiatereturn").encode("utf-8")
    assert caught.value.body == whole[: len(whole) // 2].decode("utf-8"), "the mock sends half the body"
    assert len(mock.requests()) == 1
