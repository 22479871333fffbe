"""Pages end to end: ``taobao.trades.sold.get`` (paged in its spec, so its request class carries
``PAGING``) through ``client.pages`` / ``client.items`` and their asyncio twins against the mock,
one canned page per call (``POST /__mock/responses`` before each fetch). The iterators must stop
exactly — on ``has_next`` false, on ``total_results``, on an empty page — and ask for the page
numbers the runtime contract says."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple

import pytest

from mockgw import TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import SESSION
from taobao_top import AsyncClient, Client, TradesSoldGetRequest

API = "taobao.trades.sold.get"
BOUND = 30.0


def page(tids: List[int], **extra: Any) -> Dict[str, Any]:
    return {"trades_sold_get_response": {"trades": {"trade": [{"tid": t} for t in tids]}, **extra}}


# (name, page size, the pages the mock answers in turn, the page_no values it must receive)
SCENARIOS: List[Tuple[str, Optional[int], List[Dict[str, Any]], List[Optional[str]]]] = [
    ("has_next false", 2, [page([1, 2], has_next=True), page([3], has_next=False)], [None, "2"]),
    (
        "total_results covered",
        2,
        [page([1, 2], total_results=5), page([3, 4], total_results=5), page([5], total_results=5)],
        [None, "2", "3"],
    ),
    ("empty page", None, [page([1, 2]), page([])], [None, "2"]),
]


def request(size: Optional[int]) -> TradesSoldGetRequest:
    return TradesSoldGetRequest(fields="tid", page_size=size)


def page_nos(mock: MockGateway) -> List[Optional[str]]:
    return [r["params"].get("page_no") for r in mock.requests()]


def all_tids(answers: List[Dict[str, Any]]) -> List[int]:
    return [t["tid"] for a in answers for t in a["trades_sold_get_response"]["trades"]["trade"]]


@pytest.mark.parametrize("name,size,answers,expected", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_pages_stop_exactly(
    mock: MockGateway, name: str, size: Optional[int], answers: List[Dict[str, Any]], expected: List[Optional[str]]
) -> None:
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)
    pages = client.pages(request(size), SESSION)
    seen: List[int] = []
    for answer in answers:
        mock.respond(API, answer)
        got = next(pages)
        seen.extend(t.tid for t in got.trades or [] if t.tid is not None)
    assert next(pages, None) is None, f"{name}: asked past the last page"
    assert page_nos(mock) == expected
    assert seen == all_tids(answers)


def test_items_cross_pages_in_order(mock: MockGateway) -> None:
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)
    items = client.items(request(2), SESSION)
    mock.respond(API, page([7, 8], has_next=True))
    assert [next(items).tid, next(items).tid] == [7, 8]
    mock.respond(API, page([9], has_next=False))
    assert next(items).tid == 9
    assert next(items, None) is None
    assert page_nos(mock) == [None, "2"]


@pytest.mark.parametrize("name,size,answers,expected", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_async_pages_stop_exactly(
    mock: MockGateway, name: str, size: Optional[int], answers: List[Dict[str, Any]], expected: List[Optional[str]]
) -> None:
    async def run() -> List[int]:
        async with AsyncClient(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0) as client:
            pages = client.pages(request(size), SESSION)
            seen: List[int] = []
            for answer in answers:
                mock.respond(API, answer)
                got = await pages.__anext__()
                seen.extend(t.tid for t in got.trades or [] if t.tid is not None)
            with pytest.raises(StopAsyncIteration):
                await pages.__anext__()
            return seen

    assert asyncio.run(asyncio.wait_for(run(), BOUND)) == all_tids(answers)
    assert page_nos(mock) == expected
