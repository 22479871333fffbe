"""Pages (docs/runtime-contract.md, "Pages"): the page and item iterators, sync and async, stop
exactly on ``has_next`` false, on ``total_results``, on an empty page, and with ``page_size`` unset
(the first page's length is the size); cursors; errors end the iteration. Canned pages, no network,
except one test through the client's ``pages`` with a canned transport."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, List, Optional, Tuple

import pytest

from taobao_top import AsyncClient, Client, GatewayError, Paging
from taobao_top import _schema as rt
from taobao_top._paging import aitems, apages, items, pages
from taobao_top._wire import ApiInfo, PreparedRequest

PAGING = Paging(items="trades", page="page_no", size="page_size", total="total_results", has_next="has_next")
CURSOR = Paging(style="cursor", items="trades", cursor="cursor", next_cursor="next_cursor", has_next="has_next")


@dataclass(slots=True)
class TradesPage:
    trades: Optional[List[str]] = None
    total_results: Optional[int] = None
    has_next: Optional[bool] = None
    next_cursor: Optional[str] = None
    extra: dict[str, object] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class TradesGetRequest:
    status: Optional[str] = None
    page_no: Optional[int] = None
    page_size: Optional[int] = None
    cursor: Optional[str] = None

    API: ClassVar[ApiInfo] = ApiInfo("taobao.trades.sold.get", None, "trades_sold_get_response", True, True)
    PAGING: ClassVar[Paging] = PAGING

    @staticmethod
    def _api() -> ApiInfo:
        return TradesGetRequest.API

    @staticmethod
    def _response() -> type[TradesPage]:
        return TradesPage


rt.describe(
    TradesPage,
    rt.Param("trades", rt.list_of(rt.STRING)),
    rt.Param("total_results", rt.INT64),
    rt.Param("has_next", rt.BOOLEAN),
    rt.Param("next_cursor", rt.STRING),
)
rt.describe(
    TradesGetRequest,
    rt.Param("status", rt.STRING),
    rt.Param("page_no", rt.INT64),
    rt.Param("page_size", rt.INT64),
    rt.Param("cursor", rt.STRING),
)


class Server:
    """Answers page requests from a list of canned pages, recording each request."""

    def __init__(self, *answers: TradesPage) -> None:
        self.answers = list(answers)
        self.asked: List[Tuple[Optional[int], Optional[int], Optional[str], Optional[str]]] = []

    def __call__(self, request: TradesGetRequest) -> TradesPage:
        self.asked.append((request.page_no, request.page_size, request.status, request.cursor))
        return self.answers.pop(0)


def page(*trades: str, total: Optional[int] = None, has_next: Optional[bool] = None, next_cursor: Optional[str] = None) -> TradesPage:
    return TradesPage(list(trades), total, has_next, next_cursor)


def test_stops_exactly_when_has_next_is_false() -> None:
    server = Server(page("a", "b", has_next=True), page("c", "d", has_next=True), page("e", has_next=False))
    request = TradesGetRequest(status="WAIT", page_size=2)
    assert [p.trades for p in pages(server, request, PAGING)] == [["a", "b"], ["c", "d"], ["e"]]
    assert server.asked == [(None, 2, "WAIT", None), (2, 2, "WAIT", None), (3, 2, "WAIT", None)]
    assert request.page_no is None, "the caller's request is not changed"


def test_stops_exactly_on_total_results() -> None:
    server = Server(page("a", "b", total=5), page("c", "d", total=5), page("e", total=5), page("never"))
    assert list(items(server, TradesGetRequest(page_no=1, page_size=2), PAGING)) == ["a", "b", "c", "d", "e"]
    assert [a[0] for a in server.asked] == [1, 2, 3]


def test_total_reached_exactly_on_a_full_page() -> None:
    server = Server(page("a", "b", total=4), page("c", "d", total=4), page("never"))
    assert list(items(server, TradesGetRequest(page_size=2), PAGING)) == ["a", "b", "c", "d"]
    assert len(server.asked) == 2


def test_page_size_unset_uses_the_first_pages_length() -> None:
    server = Server(page("a", "b", "c", total=7), page("d", "e", "f", total=7), page("g", total=7), page("never"))
    assert list(items(server, TradesGetRequest(), PAGING)) == list("abcdefg")
    assert [a[:2] for a in server.asked] == [(None, None), (2, None), (3, None)]


def test_starts_at_the_given_page_number() -> None:
    server = Server(page("e", "f", total=6), page("never"))
    assert list(items(server, TradesGetRequest(page_no=3, page_size=2), PAGING)) == ["e", "f"]
    assert len(server.asked) == 1


@pytest.mark.parametrize("last", [page(), TradesPage(None, 10, True)], ids=["empty", "missing"])
def test_stops_on_an_empty_or_missing_item_list(last: TradesPage) -> None:
    server = Server(page("a", total=10, has_next=True), last, page("never"))
    assert [p.trades for p in pages(server, TradesGetRequest(page_size=1), PAGING)] == [["a"], last.trades]
    assert len(server.asked) == 2


def test_without_total_or_has_next_it_runs_to_the_empty_page() -> None:
    server = Server(page("a", "b"), page("c", "d"), page())
    assert list(items(server, TradesGetRequest(page_size=2), PAGING)) == ["a", "b", "c", "d"]
    assert len(server.asked) == 3


def test_cursor_paging_sends_the_next_cursor_and_stops_when_it_is_empty() -> None:
    server = Server(page("a", next_cursor="c2"), page("b", next_cursor="c3"), page("c", next_cursor=""), page("never"))
    request = TradesGetRequest(status="WAIT")
    assert list(items(server, request, CURSOR)) == ["a", "b", "c"]
    assert [a[3] for a in server.asked] == [None, "c2", "c3"]
    server = Server(page("a", next_cursor="c2", has_next=False), page("never"))
    assert list(items(server, request, CURSOR)) == ["a"]
    server = Server(page("a"), page("never"))
    assert list(items(server, request, CURSOR)) == ["a"]


def test_an_error_ends_the_iteration() -> None:
    calls: List[int] = []

    def failing(request: TradesGetRequest) -> TradesPage:
        calls.append(1)
        if len(calls) == 2:
            raise GatewayError({"code": "15", "msg": "Remote service error"}, "{}")
        return page("a", has_next=True)

    iterator = items(failing, TradesGetRequest(), PAGING)
    assert next(iterator) == "a"
    with pytest.raises(GatewayError):
        next(iterator)
    assert len(calls) == 2


def test_async_iterators_follow_the_same_rule() -> None:
    server = Server(page("a", "b", total=3), page("c", total=3), page("never"))

    async def fetch(request: TradesGetRequest) -> TradesPage:
        return server(request)

    async def collect() -> Tuple[List[Any], List[Any]]:
        got = [x async for x in aitems(fetch, TradesGetRequest(page_size=2), PAGING)]
        server.answers = [page("a", has_next=False), page("never")]
        seen = [p.trades async for p in apages(fetch, TradesGetRequest(), PAGING)]
        return got, seen

    assert asyncio.run(collect()) == (["a", "b", "c"], [["a"]])


def answer(trades: List[str], total: int) -> bytes:
    body = {"trades_sold_get_response": {"trades": {"string": trades}, "total_results": total}}
    return json.dumps(body).encode()


class Canned:
    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)
        self.sent: List[Dict[str, str]] = []

    def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:
        self.sent.append(dict(prepared.params))
        return 200, self.bodies.pop(0)


def test_the_clients_pages_send_each_page_number() -> None:
    transport = Canned(answer(["1", "2"], 3), answer(["3"], 3))
    client = Client(None, "k", "s", transport=transport)
    assert list(client.items(TradesGetRequest(page_size=2), "sess")) == ["1", "2", "3"]
    assert [(s.get("page_no"), s["page_size"], s["session"]) for s in transport.sent] == [
        (None, "2", "sess"), ("2", "2", "sess"),
    ]

    class AsyncCanned(Canned):
        async def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:  # type: ignore[override]
            return Canned.send(self, prepared)

    async_transport = AsyncCanned(answer(["1", "2"], 3), answer(["3"], 3))
    aclient = AsyncClient(None, "k", "s", transport=async_transport)

    async def collect() -> List[Any]:
        return [x async for x in aclient.items(TradesGetRequest(page_size=2), "sess")]

    assert asyncio.run(collect()) == ["1", "2", "3"]


def test_an_api_without_paging_is_refused_clearly() -> None:
    from issue13_apis import TimeGetRequest

    with pytest.raises(ValueError, match="taobao.time.get does not page"):
        Client(None, "k", "s").pages(TimeGetRequest())
