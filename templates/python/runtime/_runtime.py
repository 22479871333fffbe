"""The client core shared by the sync and async clients, and the sync client.

The sync transport (``_http``) speaks HTTP/1.1 on the standard library's sockets with a
keep-alive pool; it tells a connect failure (nothing was sent, safe to retry) from a failure
after sending, and holds each attempt to one deadline.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import (
    Any,
    Callable,
    ClassVar,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Protocol,
    Sequence,
    Tuple,
    Type as PyType,
    TypeVar,
    Union,
)

from ._batch import BatchItem, BatchResult, plan_batch, read_answer
from ._errors import GatewayError, HttpStatusError, TransportError
from ._paging import Paging, items, pages, paging_of
from ._http import DEFAULT_MAX_RESPONSE_BYTES, HttpTransport
from ._retry import MAX_DELAY, Attempts
from ._schema import params_of
from ._wire import ApiInfo, GatewayConfig, PreparedRequest, parse_body, prepare

R = TypeVar("R")
T = TypeVar("T")
R_co = TypeVar("R_co", covariant=True)
#: The transport a client sends with (sync or async).
TransportT = TypeVar("TransportT")

#: A function returning the current time in Unix milliseconds (tests fix it).
Clock = Callable[[], int]


class Request(Protocol[R_co]):
    """What every generated request class provides."""

    @staticmethod
    def _api() -> ApiInfo: ...

    @staticmethod
    def _response() -> PyType[R_co]: ...


class Secret:
    """Holds the app secret; prints as ``***`` everywhere."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__


def system_clock() -> int:
    return time.time_ns() // 1_000_000


class ClientCore(Generic[TransportT]):
    """Settings, ``prepare``, response parsing and the transport, shared by :class:`SyncClient`
    and the async client; each says which transport it makes for itself when none is given."""

    CONFIG: ClassVar[GatewayConfig]
    #: ``<package>/<version>``, sent as the start of the User-Agent header.
    PRODUCT: ClassVar[str] = "topgen"

    def __init__(
        self,
        url: Optional[str],
        app_key: str,
        secret: str,
        *,
        sign_method: Optional[str] = None,
        connect_timeout: float = 10.0,
        timeout: float = 30.0,
        retries: int = 0,
        clock: Optional[Clock] = None,
        settings: Optional[Mapping[str, Union[str, bool, None]]] = None,
        transport: Optional[TransportT] = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: Optional[str] = None,
        max_retry_delay: float = MAX_DELAY,
    ) -> None:
        config = self.CONFIG
        method = sign_method or config.default_algorithm
        if method not in config.algorithms:
            raise ValueError(f"sign_method must be one of {', '.join(config.algorithms)}; got {method!r}")
        if retries < 0 or connect_timeout <= 0 or timeout <= 0 or max_response_bytes < 0 or max_retry_delay < 0:
            raise ValueError("retries, max_response_bytes and max_retry_delay must be >= 0 and timeouts > 0")
        self.url = url or config.default_url
        self.app_key = app_key
        self._secret = Secret(secret)
        self.sign_method = method
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.retries = retries
        self.max_response_bytes = max_response_bytes
        #: The longest wait between attempts, in seconds; a longer rate-limit ban is returned at once.
        self.max_retry_delay = max_retry_delay
        self.clock: Clock = clock or system_clock
        self.settings = dict(settings or {})
        self.transport: TransportT = transport if transport is not None else self._own_transport(proxy)

    def _own_transport(self, proxy: Optional[str]) -> TransportT:
        """The transport the client makes when none is given (``proxy`` as the client got it)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(url={self.url!r}, app_key={self.app_key!r}, secret=***, "
            f"sign_method={self.sign_method!r}, settings={self.settings!r})"
        )

    def prepare(self, request: Request[R], session: Optional[str] = None) -> PreparedRequest:
        """Validates and builds the exact request without sending it."""
        return prepare(
            self.CONFIG,
            url=self.url,
            app_key=self.app_key,
            secret=self._secret.reveal(),
            algorithm=self.sign_method,
            settings=self.settings,
            now_millis=self.clock(),
            api=request._api(),
            params=params_of(type(request)),
            request=request,
            session=session,
        )

    @property
    def user_agent(self) -> str:
        """The User-Agent header: ``<package>/<version> (topgen; Python 3.x)``."""
        product = "".join(c for c in self.PRODUCT if " " < c < "\x7f")
        return f"{product} (topgen; Python {sys.version_info[0]}.{sys.version_info[1]})"

    def prepare_batch(self, calls: Sequence[BatchItem[object]]) -> PreparedRequest:
        """Validates every call and builds the batch request (``…/router/batch``) without sending
        it; ``string_to_sign`` shows the query's ``key + value`` string plus the body."""
        return plan_batch(self, calls)[0]

    def parse_response(self, request: Request[R], body: bytes, status: int = 200) -> R:
        """Parses a raw answer to ``request``: the typed response or a :class:`ClientError`."""
        if not 200 <= status < 300:
            raise HttpStatusError(status, body.decode("utf-8", errors="replace"))
        return parse_body(self.CONFIG, request._api(), request._response(), status, body)


class Transport(Protocol):
    """Sends a prepared request within one deadline and returns ``(status, body)``; fails only
    with this package's transport errors."""

    def send(
        self, prepared: PreparedRequest, connect_timeout: float, timeout: float, max_response_bytes: int
    ) -> Tuple[int, bytes]: ...


class SyncClient(ClientCore[Transport]):
    """The blocking client: ``prepare`` + transport + response parsing, with opt-in retries.
    ``proxy`` (when no ``transport`` is given): ``None`` reads the environment's proxy settings,
    a URL uses that proxy, ``""`` connects directly."""

    def _own_transport(self, proxy: Optional[str]) -> Transport:
        return HttpTransport(proxy=proxy, user_agent=self.user_agent)

    def close(self) -> None:
        """Closes the kept-alive connections (the client stays usable)."""
        close = getattr(self.transport, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(
        self, kind: Optional[PyType[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def execute(self, request: Request[R], session: Optional[str] = None) -> R:
        """Sends ``request`` (with the seller's ``session`` when the API needs one)."""
        prepared = self.prepare(request, session)
        return self._exchange(prepared, lambda status, body: self.parse_response(request, body, status))

    def batch(self, calls: Sequence[BatchItem[object]]) -> List[BatchResult[object]]:
        """Sends several calls in one HTTP request (``…/router/batch``): each item is a request
        or a :class:`BatchCall` (request + session). Returns one :class:`BatchResult` per call,
        in order (its typed response or its own gateway error); a failure of the whole batch is
        raised. An empty batch sends nothing. Calls carrying files are refused."""
        if not calls:
            return []
        prepared, planned = plan_batch(self, calls)
        return self._exchange(prepared, lambda status, body: read_answer(self, planned, status, body))

    def pages(
        self, request: Request[R], session: Optional[str] = None, *, paging: Optional[Paging] = None
    ) -> Iterator[R]:
        """Every page of a list API, from ``request`` on (the runtime contract's "Pages" rule:
        stops on ``has_next`` false, an empty page, or ``page_no * size >= total``); ``paging``
        overrides what the API declares. An error ends the iteration by being raised."""
        return pages(lambda r: self.execute(r, session), request, paging_of(request, paging))

    def items(
        self, request: Request[Any], session: Optional[str] = None, *, paging: Optional[Paging] = None
    ) -> Iterator[Any]:
        """Every item of every page, in order (see :meth:`pages`)."""
        return items(lambda r: self.execute(r, session), request, paging_of(request, paging))

    def _exchange(self, prepared: PreparedRequest, read: Callable[[int, bytes], T]) -> T:
        """Sends ``prepared`` and reads the answer with ``read``, retrying as the contract says."""
        attempts = Attempts(prepared, self.retries, self.max_retry_delay)
        while True:
            try:
                status, body = self.transport.send(
                    prepared, self.connect_timeout, self.timeout, self.max_response_bytes
                )
                return read(status, body)
            except (TransportError, GatewayError) as e:
                time.sleep(attempts.wait_after(e))
