"""Batch calls (docs/runtime-contract.md, "Batch calls"): the body and the three signatures of each
worked example of the contract (computed there with an independent implementation), the query
string, validation prefixed with the call's index, files refused, and how the answer is split.
No network: a recording transport stands in for the gateway."""

from __future__ import annotations

import asyncio
from typing import Callable, Dict, List, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

from issue13_apis import TimeGetRequest, TimeGetResponse, TradeFullinfoGetRequest, TradeFullinfoGetResponse
from taobao_top import (
    AsyncClient,
    BatchCall,
    BatchValidationError,
    Client,
    FileInput,
    GatewayError,
    InvalidBodyError,
    RefundRefuseRequest,
    ValidationError,
)
from taobao_top._batch import BatchItem
from taobao_top._wire import PreparedRequest

SECRET = "test-secret-0123"
NOW = 1757914823000  # 2025-09-15 13:40:23 GMT+8
CRLF_SEP = "\r\n-S-\r\n"

Vector = Tuple[str, Callable[[], List[BatchItem[object]]], str, Dict[str, str]]

VECTORS: List[Vector] = [
    (
        "same_method_hoisted",
        lambda: [
            BatchCall(TradeFullinfoGetRequest(fields="tid,status", tid="1234567890123456789"), "sess-a"),
            BatchCall(TradeFullinfoGetRequest(fields="tid,status", tid="9876543210987654321"), "sess-b"),
        ],
        "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\n"
        "fields=tid%2Cstatus&session=sess-a&tid=1234567890123456789\r\n-S-\r\n"
        "fields=tid%2Cstatus&session=sess-b&tid=9876543210987654321",
        {
            "hmac-sha256": "203CE03BE42E0AB3E8C1818ECEABD4AA538B6AD785E30034EDFCC78702D2E8FE",
            "md5": "F4F8BC3E5EAF005F7F1BD78CD2A8A7D9",
            "hmac": "CD9211E892096F62DB7D7CC5425B43F2",
        },
    ),
    (
        "two_methods",
        lambda: [
            BatchCall(TradeFullinfoGetRequest(fields="tid", tid="1234567890123456789"), "sess-a"),
            TimeGetRequest(),
        ],
        "fields=tid&method=taobao.trade.fullinfo.get&session=sess-a&tid=1234567890123456789\r\n-S-\r\n"
        "method=taobao.time.get",
        {
            "hmac-sha256": "95CA3C149D6CC7FE20CE4C4783C21048E6EC9597418D0ED94DCE0735570988EE",
            "md5": "248D4C53E62D00C3D04F434C3F1D51E6",
            "hmac": "8A0C11E89A26EFCAEE1A0B5C0859E068",
        },
    ),
    (
        "empty_segments",
        lambda: [TimeGetRequest(), TimeGetRequest()],
        "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN",
        {
            "hmac-sha256": "59D272BFFBFF72D4D9E595C51657357BEDF006B53A7BC67FE39E5B5A85862377",
            "md5": "5C16443644EB0BE6E26B1974A928C58F",
            "hmac": "54D5E533FD7E2F9659A38E20FB55E568",
        },
    ),
]


class Recorder:
    """A transport that records what it was asked to send and answers with canned bodies."""

    def __init__(self, *answers: Tuple[int, bytes]) -> None:
        self.answers = list(answers)
        self.sent: List[PreparedRequest] = []

    def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float, *rest: object) -> Tuple[int, bytes]:
        self.sent.append(prepared)
        return self.answers.pop(0)


def client(sign_method: str = "hmac-sha256", transport: Optional[Recorder] = None) -> Client:
    return Client(
        "https://gw.api.taobao.com/router/rest", "12129701", SECRET, sign_method=sign_method,  # type: ignore[arg-type]
        clock=lambda: NOW, transport=transport,
    )


@pytest.mark.parametrize("name,calls,body,signs", VECTORS, ids=[v[0] for v in VECTORS])
@pytest.mark.parametrize("method", ["hmac-sha256", "md5", "hmac"])
def test_worked_examples_body_and_sign(
    name: str, calls: Callable[[], List[BatchItem[object]]], body: str, signs: Dict[str, str], method: str
) -> None:
    prepared = client(method).prepare_batch(calls())
    assert prepared.body == body.encode("ascii")
    assert prepared.sign == signs[method]
    assert prepared.content_type == "text/plain;charset=UTF-8"


def test_query_string_holds_the_system_parameters_and_the_sign_only() -> None:
    prepared = client("md5").prepare_batch(VECTORS[0][1]())
    url = urlsplit(prepared.url)
    assert (url.scheme, url.netloc, url.path) == ("https", "gw.api.taobao.com", "/router/batch")
    assert parse_qsl(url.query, keep_blank_values=True) == [
        ("app_key", "12129701"),
        ("format", "json"),
        ("partner_id", "topgen"),
        ("sign", "F4F8BC3E5EAF005F7F1BD78CD2A8A7D9"),
        ("sign_method", "md5"),
        ("timestamp", "2025-09-15 13:40:23"),
        ("v", "2.0"),
    ]
    assert "timestamp=2025-09-15+13%3A40%3A23" in url.query  # encoded as a form body


def test_string_to_sign_is_the_query_plus_the_body_with_sessions_masked() -> None:
    prepared = client().prepare_batch(VECTORS[0][1]())
    assert prepared.sign_method == "hmac-sha256"
    assert prepared.string_to_sign == (
        "app_key12129701formatjsonpartner_idtopgensign_methodhmac-sha256timestamp2025-09-15 13:40:23v2.0"
        "#PUBLIC#method=taobao.trade.fullinfo.get\r\n-S-\r\nfields=tid%2Cstatus&session=***&tid=1234567890123456789"
        "\r\n-S-\r\nfields=tid%2Cstatus&session=***&tid=9876543210987654321"
    )
    assert "sess-a" not in repr(prepared) and SECRET not in repr(prepared) + prepared.string_to_sign


def test_a_single_call_is_hoisted_too_and_other_urls_end_in_batch() -> None:
    c = Client("http://127.0.0.1:8970/router/rest", "12129701", SECRET, clock=lambda: NOW)
    prepared = c.prepare_batch([TimeGetRequest()])
    assert prepared.body == b"#PUBLIC#method=taobao.time.get\r\n-S-\r\nN"
    assert prepared.url.startswith("http://127.0.0.1:8970/router/batch?app_key=12129701&")


def test_validation_failure_names_the_call() -> None:
    calls: List[BatchItem[object]] = [TimeGetRequest(), RefundRefuseRequest(refund_id=1)]
    with pytest.raises(BatchValidationError) as caught:
        client().prepare_batch(calls)
    assert str(caught.value) == "calls[1]: session: is required"
    assert isinstance(caught.value, ValidationError) and caught.value.index == 1
    calls = [TimeGetRequest(), BatchCall(RefundRefuseRequest(refund_id=1), "s")]
    with pytest.raises(ValidationError) as caught2:
        client().prepare_batch(calls)
    assert str(caught2.value) == "calls[1]: refuse_message: is required"


def test_file_carrying_calls_are_refused_before_anything_is_sent() -> None:
    transport = Recorder()
    png = b"\x89PNG\r\n\x1a\n" + bytes(8)
    refuse = RefundRefuseRequest(refund_id=1, refuse_message="no", refuse_proof=FileInput(png, "p.png"))
    with pytest.raises(ValidationError) as caught:
        client(transport=transport).batch([TimeGetRequest(), BatchCall(refuse, "s")])
    assert str(caught.value) == "calls[1]: refuse_proof: files cannot be sent in a batch call"
    assert transport.sent == []


def test_an_empty_batch_sends_nothing() -> None:
    transport = Recorder()
    assert client(transport=transport).batch([]) == []
    assert transport.sent == []


def answers(*parts: str) -> Tuple[int, bytes]:
    return 200, CRLF_SEP.join(parts).encode("utf-8")


TIME_OK = '{"time_get_response":{"time":"2025-09-15 13:40:23","request_id":"r1"}}'
TRADE_ERR = '{"error_response":{"code":27,"msg":"Invalid session","sub_code":"invalid-sessionkey","request_id":"r2"}}'


def test_results_in_order_typed_or_per_call_error() -> None:
    transport = Recorder(answers(TIME_OK, TRADE_ERR))
    results = client(transport=transport).batch(
        [TimeGetRequest(), BatchCall(TradeFullinfoGetRequest(fields="tid", tid="1"), "bad")]
    )
    assert len(transport.sent) == 1
    first, second = results
    assert first.ok and isinstance(first.response, TimeGetResponse)
    assert first.response.time == "2025-09-15 13:40:23" and first.get() is first.response
    assert not second.ok and isinstance(second.error, GatewayError)
    assert (second.error.code, second.error.message, second.error.request_id) == ("27", "Invalid session", "r2")
    with pytest.raises(GatewayError):
        second.get()


def test_one_answer_for_several_calls_is_the_batch_error() -> None:
    body = '{"error_response":{"code":25,"msg":"Invalid signature"}}'
    with pytest.raises(GatewayError) as caught:
        client(transport=Recorder((200, body.encode()))).batch([TimeGetRequest(), TimeGetRequest()])
    assert caught.value.code == "25"
    assert caught.value.signed is not None and caught.value.signed.method == "hmac-sha256"
    assert str(caught.value).endswith(
        "; the client signed (hmac-sha256): app_key12129701formatjsonpartner_idtopgensign_methodhmac-sha256"
        "timestamp2025-09-15 13:40:23v2.0#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\nN"
    )
    with pytest.raises(InvalidBodyError, match="one answer for 2 calls"):
        client(transport=Recorder(answers(TIME_OK))).batch([TimeGetRequest(), TimeGetRequest()])


@pytest.mark.parametrize("count", [2, 4])
def test_any_other_count_is_invalid_body(count: int) -> None:
    calls: Sequence[BatchItem[object]] = [TimeGetRequest()] * 3
    with pytest.raises(InvalidBodyError, match=f"{count} answers for 3 calls"):
        client(transport=Recorder(answers(*[TIME_OK] * count))).batch(calls)


def test_a_broken_segment_is_that_calls_error() -> None:
    results = client(transport=Recorder(answers(TIME_OK, "<html>"))).batch([TimeGetRequest(), TimeGetRequest()])
    assert results[0].ok and isinstance(results[1].error, InvalidBodyError)


def test_a_throttled_batch_is_retried_as_a_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: List[float] = []
    monkeypatch.setattr("taobao_top._runtime.time.sleep", waits.append)
    throttled = '{"error_response":{"code":7,"msg":"App Call Limited","sub_msg":"This ban will last for 3 more seconds"}}'
    transport = Recorder((200, throttled.encode()), answers(TIME_OK, TIME_OK))
    c = Client(None, "12129701", SECRET, clock=lambda: NOW, transport=transport, retries=1)
    results = c.batch([TimeGetRequest(), TimeGetRequest()])
    assert waits == [3.0] and len(transport.sent) == 2 and all(r.ok for r in results)


class AsyncRecorder(Recorder):
    async def send(  # type: ignore[override]
        self, prepared: PreparedRequest, connect_timeout: float, timeout: float, *rest: object
    ) -> Tuple[int, bytes]:
        return Recorder.send(self, prepared, connect_timeout, timeout)


def test_async_batch_sends_the_same_bytes() -> None:
    transport = AsyncRecorder(answers(TIME_OK, TRADE_ERR))
    c = AsyncClient(None, "12129701", SECRET, clock=lambda: NOW, transport=transport)
    results = asyncio.run(c.batch(VECTORS[1][1]()))
    assert transport.sent[0].body == VECTORS[1][2].encode("ascii")
    assert transport.sent[0].sign == VECTORS[1][3]["hmac-sha256"]
    assert isinstance(results[0].error, InvalidBodyError) or results[0].ok  # the fullinfo answer is TIME_OK's shape
    assert isinstance(results[1].error, GatewayError)
    assert isinstance(TradeFullinfoGetResponse(), TradeFullinfoGetResponse)
