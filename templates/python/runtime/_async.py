"""The async client on httpx (install the ``async`` extra). httpx is imported on first use, so
the package works without it.

One deadline bounds each attempt (connect, headers and the whole body); the body is read no
further than ``max_response_bytes`` + 1 bytes after decoding; redirects are never followed.
"""

from __future__ import annotations

from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Callable,
    List,
    Optional,
    Protocol,
    Sequence,
    Tuple,
    Type as PyType,
    TypeVar,
)

from ._errors import (
    ConnectError,
    ConnectionLostError,
    GatewayError,
    InvalidBodyError,
    RequestTimeoutError,
    TransportError,
)
from ._http import DEFAULT_MAX_RESPONSE_BYTES
from ._batch import BatchItem, BatchResult, plan_batch, read_answer
from ._paging import Paging, aitems, apages, paging_of
from ._retry import Attempts
from ._runtime import ClientCore, Request
from ._wire import PreparedRequest, describe_failure

if TYPE_CHECKING:
    import httpx

R = TypeVar("R")
T = TypeVar("T")


class AsyncTransport(Protocol):
    """Sends a prepared request within one deadline and returns ``(status, body)``."""

    async def send(
        self, prepared: PreparedRequest, connect_timeout: float, timeout: float, max_response_bytes: int
    ) -> Tuple[int, bytes]: ...


class _Deadline:
    """Cancels the running task when the attempt's time is up (``asyncio.timeout`` without
    the task or the Python 3.11 requirement of ``wait_for``)."""

    __slots__ = ("_task", "_handle", "fired")

    def __init__(self, seconds: float) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self.fired = False
        self._handle = loop.call_at(loop.time() + seconds, self._fire)

    def _fire(self) -> None:
        self.fired = True
        if self._task is not None:
            self._task.cancel()

    def done(self) -> None:
        self._handle.cancel()
        if self.fired and self._task is not None and hasattr(self._task, "uncancel"):
            self._task.uncancel()


class _TooLarge(Exception):
    def __init__(self, status: int, limit: int) -> None:
        super().__init__()
        self.status = status
        self.limit = limit


class _BrokenOff(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__()
        self.status = status
        self.body = body


class HttpxTransport:
    """Sends with an ``httpx.AsyncClient`` (yours, or one it creates and keeps for its life)."""

    def __init__(self, client: Optional[httpx.AsyncClient] = None, *, user_agent: str = "topgen-python") -> None:
        self._client = client
        self._user_agent = user_agent

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise ImportError("the async client needs httpx: install the package's 'async' extra") from None
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def send(
        self,
        prepared: PreparedRequest,
        connect_timeout: float,
        timeout: float,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> Tuple[int, bytes]:
        import asyncio

        import httpx

        http = self._http()
        connect = min(connect_timeout, timeout)
        name = prepared.api.name
        deadline = _Deadline(timeout)
        try:
            return await self._exchange(http, prepared, httpx.Timeout(timeout, connect=connect), max_response_bytes)
        except asyncio.CancelledError:
            if not deadline.fired:
                raise
            failure: Exception = RequestTimeoutError(
                describe_failure(prepared, f"no complete answer within {timeout:g}s", True), sent=True
            )
        except httpx.ConnectTimeout as e:
            failure = ConnectError(f"{name}: could not connect within {connect:g}s; nothing was sent")
            failure.__cause__ = _clean(e)
        except httpx.ConnectError as e:
            failure = ConnectError(f"{name}: cannot connect: {type(e).__name__}; nothing was sent")
            failure.__cause__ = _clean(e)
        except httpx.TimeoutException as e:
            failure = RequestTimeoutError(
                describe_failure(prepared, f"no complete answer within {timeout:g}s", True), sent=True
            )
            failure.__cause__ = _clean(e)
        except httpx.TransportError as e:
            what = f"the connection failed after sending ({type(e).__name__})"
            failure = ConnectionLostError(describe_failure(prepared, what, True), sent=True)
            failure.__cause__ = _clean(e)
        except _TooLarge as e:
            failure = InvalidBodyError(e.status, "", f"the response body is larger than {e.limit} bytes")
        except _BrokenOff as e:
            failure = InvalidBodyError(
                e.status, e.body.decode("utf-8", errors="replace"), f"the body broke off after {len(e.body)} bytes"
            )
        finally:
            deadline.done()
        # Raised here, outside the handlers: the httpx error holds the request (its body carries
        # the session), so it is neither the context nor, as itself, the cause.
        raise failure

    async def _exchange(
        self, http: httpx.AsyncClient, prepared: PreparedRequest, limits: httpx.Timeout, max_bytes: int
    ) -> Tuple[int, bytes]:
        import httpx

        headers = dict(prepared.headers)
        headers["User-Agent"] = self._user_agent
        request = http.build_request("POST", prepared.url, content=prepared.body, headers=headers, timeout=limits)
        response = await http.send(request, stream=True, follow_redirects=False)
        status = response.status_code
        chunks: List[bytes] = []
        size = 0
        try:
            length = response.headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise _TooLarge(status, max_bytes)
            try:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise _TooLarge(status, max_bytes)
                    chunks.append(chunk)
            except (httpx.RemoteProtocolError, httpx.DecodingError):
                # The headers arrived, the body broke off before its Content-Length or chunked end.
                raise _BrokenOff(status, b"".join(chunks)) from None
        finally:
            await response.aclose()
        return status, b"".join(chunks)


def _clean(error: Exception) -> Exception:
    """The cause to chain: the same kind of httpx error with its message, without the request
    (whose body carries the session) or a traceback."""
    try:
        clean: Exception = type(error)(str(error))
    except Exception:
        clean = Exception(type(error).__name__)
    return clean


class AsyncClientCore(ClientCore[AsyncTransport]):
    """The async client: same settings, ``prepare`` and errors as the sync one. Its own transport
    is :class:`HttpxTransport`, whose httpx client reads the environment's proxy settings; for
    another proxy, pass ``transport=HttpxTransport(httpx.AsyncClient(proxy=...))``."""

    def _own_transport(self, proxy: Optional[str]) -> AsyncTransport:
        if proxy is not None:
            raise ValueError(
                "proxy: the async client takes its proxy from the environment or from your own "
                "transport, HttpxTransport(httpx.AsyncClient(proxy=...))"
            )
        return HttpxTransport(user_agent=self.user_agent)

    async def execute(self, request: Request[R], session: Optional[str] = None) -> R:
        """Sends ``request`` (with the seller's ``session`` when the API needs one)."""
        prepared = self.prepare(request, session)
        return await self._exchange(prepared, lambda status, body: self.parse_response(request, body, status))

    async def batch(self, calls: Sequence[BatchItem[object]]) -> List[BatchResult[object]]:
        """The sync client's ``batch`` for asyncio: one result per call, in order."""
        if not calls:
            return []
        prepared, planned = plan_batch(self, calls)
        return await self._exchange(prepared, lambda status, body: read_answer(self, planned, status, body))

    def pages(
        self, request: Request[R], session: Optional[str] = None, *, paging: Optional[Paging] = None
    ) -> AsyncIterator[R]:
        """Every page of a list API (``async for``); the sync client's ``pages`` rule."""
        return apages(lambda r: self.execute(r, session), request, paging_of(request, paging))

    def items(
        self, request: Request[Any], session: Optional[str] = None, *, paging: Optional[Paging] = None
    ) -> AsyncIterator[Any]:
        """Every item of every page, in order (``async for``)."""
        return aitems(lambda r: self.execute(r, session), request, paging_of(request, paging))

    async def _exchange(self, prepared: PreparedRequest, read: Callable[[int, bytes], T]) -> T:
        """Sends ``prepared`` and reads the answer with ``read``, retrying as the contract says."""
        import asyncio

        attempts = Attempts(prepared, self.retries, self.max_retry_delay)
        while True:
            try:
                status, body = await self.transport.send(
                    prepared, self.connect_timeout, self.timeout, self.max_response_bytes
                )
                return read(status, body)
            except (TransportError, GatewayError) as e:
                await asyncio.sleep(attempts.wait_after(e))

    async def aclose(self) -> None:
        close = getattr(self.transport, "aclose", None)
        if close is not None:
            await close()

    async def __aenter__(self) -> AsyncClientCore:
        return self

    async def __aexit__(
        self, kind: Optional[PyType[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await self.aclose()
