"""Pages (the runtime contract's "Pages"): iterators over the pages of a list API and over their
items, sync and async, stopping exactly where the contract says.

Page style (``page_no``/``page_size`` requests answered with ``total_results`` and/or
``has_next``): the first request is the one given (``page_no`` unset means 1); after each page
the iteration stops when ``has_next`` is present and false, or the page's item list is missing or
empty, or ``total`` is present and ``page_no * size >= total`` (``size``: the request's page size,
or when unset the number of items on the first page); otherwise it asks for ``page_no + 1`` with
every other parameter unchanged. Cursor style: the next request sends the previous page's next
cursor; it stops when that is missing or empty, or ``has_next`` is false. An error ends the
iteration by being raised. The request given is never changed: each page is asked with a copy.
"""

from __future__ import annotations

import copy
from typing import Any, AsyncIterator, Awaitable, Callable, Iterator, List, NamedTuple, Optional, TypeVar

from ._schema import table_of

Q = TypeVar("Q")
P = TypeVar("P")


class Paging(NamedTuple):
    """How an API pages, by wire names (the spec's ``paging`` block)."""

    #: The response field (a list) holding one page's items.
    items: str
    #: ``page``: page number and size parameters; ``cursor``: a cursor parameter.
    style: str = "page"
    #: Page style: the page-number parameter (1-based) and the page-size parameter.
    page: Optional[str] = None
    size: Optional[str] = None
    #: Cursor style: the parameter that takes the cursor, and the response field with the next one.
    cursor: Optional[str] = None
    next_cursor: Optional[str] = None
    #: The response field with the number of items over all pages.
    total: Optional[str] = None
    #: The response field that says whether another page follows.
    has_next: Optional[str] = None


class _Pager:
    """The state of one iteration: which request comes next, or ``None`` when it is over."""

    def __init__(self, request: Any, paging: Paging) -> None:
        self.paging = paging
        self.next: Optional[Any] = request
        self._first_count: Optional[int] = None
        if paging.style == "cursor":
            if paging.cursor is None or paging.next_cursor is None:
                raise ValueError("cursor paging needs the cursor parameter and the next-cursor field")
        elif paging.page is None:
            raise ValueError("page paging needs the page-number parameter")

    def advance(self, request: Any, page: Any) -> None:
        """Decides the request after ``page`` (the answer to ``request``)."""
        paging = self.paging
        self.next = None
        if paging.has_next is not None and _field(page, paging.has_next) is False:
            return
        if paging.style == "cursor":
            assert paging.cursor is not None and paging.next_cursor is not None
            cursor = _field(page, paging.next_cursor)
            if cursor is None or cursor == "":
                return
            self.next = _with(request, paging.cursor, cursor)
            return
        assert paging.page is not None
        found = _field(page, paging.items)
        count = len(found) if isinstance(found, list) else 0
        if count == 0:
            return
        if self._first_count is None:
            self._first_count = count
        number = _param(request, paging.page)
        page_no = number if isinstance(number, int) and not isinstance(number, bool) else 1
        total = _field(page, paging.total) if paging.total is not None else None
        if isinstance(total, int) and not isinstance(total, bool):
            size = _param(request, paging.size) if paging.size is not None else None
            per_page = size if isinstance(size, int) and not isinstance(size, bool) else self._first_count
            if page_no * per_page >= total:
                return
        self.next = _with(request, paging.page, page_no + 1)


def pages(fetch: Callable[[Q], P], request: Q, paging: Paging) -> Iterator[P]:
    """Every page, in order: ``fetch`` sends one request and returns its typed response."""
    pager = _Pager(request, paging)
    while pager.next is not None:
        current = pager.next
        page = fetch(current)
        pager.advance(current, page)
        yield page


def items(fetch: Callable[[Q], P], request: Q, paging: Paging) -> Iterator[Any]:
    """Every item of every page, in order."""
    for page in pages(fetch, request, paging):
        yield from _items(page, paging)


async def apages(fetch: Callable[[Q], Awaitable[P]], request: Q, paging: Paging) -> AsyncIterator[P]:
    """:func:`pages` for asyncio."""
    pager = _Pager(request, paging)
    while pager.next is not None:
        current = pager.next
        page = await fetch(current)
        pager.advance(current, page)
        yield page


async def aitems(fetch: Callable[[Q], Awaitable[P]], request: Q, paging: Paging) -> AsyncIterator[Any]:
    """:func:`items` for asyncio."""
    async for page in apages(fetch, request, paging):
        for item in _items(page, paging):
            yield item


def paging_of(request: object, paging: Optional[Paging]) -> Paging:
    """The paging to use: the one given, else the one the request's API declares."""
    found = paging if paging is not None else getattr(type(request), "PAGING", None)
    if not isinstance(found, Paging):
        name = getattr(getattr(request, "API", None), "name", type(request).__name__)
        raise ValueError(f"{name} does not page; pass paging=Paging(...) to say how it does")
    return found


def _items(page: object, paging: Paging) -> List[Any]:
    found = _field(page, paging.items)
    return found if isinstance(found, list) else []


def _attr(obj: object, wire: str) -> str:
    """The attribute of a generated class for a wire name (they differ for keywords)."""
    param = table_of(type(obj)).by_wire.get(wire)
    return wire if param is None else param.attr


def _field(page: object, wire: str) -> object:
    return getattr(page, _attr(page, wire), None)


def _param(request: object, wire: str) -> object:
    return getattr(request, _attr(request, wire), None)


def _with(request: Q, wire: str, value: object) -> Q:
    """A copy of ``request`` with one parameter changed."""
    changed = copy.copy(request)
    setattr(changed, _attr(request, wire), value)
    return changed
