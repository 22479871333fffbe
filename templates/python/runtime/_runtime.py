"""The client core shared by the sync and async clients, and the sync client.

The sync transport (``_http``) speaks HTTP/1.1 on the standard library's sockets with a
keep-alive pool; it tells a connect failure (nothing was sent, safe to retry) from a failure
after sending, and holds each attempt to one deadline.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Callable, ClassVar, Mapping, Optional, Protocol, Tuple, Type as PyType, TypeVar, Union

from ._errors import ClientError, GatewayError, HttpStatusError, TransportError
from ._http import DEFAULT_MAX_RESPONSE_BYTES, HttpTransport
from ._retry import retry_delay
from ._schema import params_of
from ._wire import ApiInfo, GatewayConfig, PreparedRequest, parse_body, prepare

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

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


class ClientCore:
    """Settings, ``prepare`` and response parsing, shared by :class:`SyncClient` and the async client."""

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
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        config = self.CONFIG
        method = sign_method or config.default_algorithm
        if method not in config.algorithms:
            raise ValueError(f"sign_method must be one of {', '.join(config.algorithms)}; got {method!r}")
        if retries < 0 or connect_timeout <= 0 or timeout <= 0 or max_response_bytes < 0:
            raise ValueError("retries and max_response_bytes must be >= 0 and timeouts > 0")
        self.url = url or config.default_url
        self.app_key = app_key
        self._secret = Secret(secret)
        self.sign_method = method
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.retries = retries
        self.max_response_bytes = max_response_bytes
        self.clock: Clock = clock or system_clock
        self.settings = dict(settings or {})

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

    def parse_response(self, request: Request[R], body: bytes, status: int = 200) -> R:
        """Parses a raw answer to ``request``: the typed response or a :class:`ClientError`."""
        if not 200 <= status < 300:
            raise HttpStatusError(status, body.decode("utf-8", errors="replace"))
        return parse_body(self.CONFIG, request._api(), request._response(), status, body)

    def _retry_delay(self, attempt: int, error: ClientError, api: ApiInfo) -> Optional[float]:
        """Seconds to wait before another attempt, or ``None`` when this error must surface
        (no retries left, or the contract's retry rule says no; see ``_retry``)."""
        if attempt >= self.retries:
            return None
        return retry_delay(error, api.idempotent, attempt)


class Transport(Protocol):
    """Sends a prepared request within one deadline and returns ``(status, body)``; fails only
    with this package's transport errors."""

    def send(
        self, prepared: PreparedRequest, connect_timeout: float, timeout: float, max_response_bytes: int
    ) -> Tuple[int, bytes]: ...


class SyncClient(ClientCore):
    """The blocking client: ``prepare`` + transport + response parsing, with opt-in retries."""

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
        transport: Optional[Transport] = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: Optional[str] = None,
    ) -> None:
        super().__init__(
            url, app_key, secret, sign_method=sign_method, connect_timeout=connect_timeout,
            timeout=timeout, retries=retries, clock=clock, settings=settings,
            max_response_bytes=max_response_bytes,
        )
        self.transport: Transport = transport or HttpTransport(proxy=proxy, user_agent=self.user_agent)

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
        attempt = 0
        while True:
            try:
                status, body = self.transport.send(
                    prepared, self.connect_timeout, self.timeout, self.max_response_bytes
                )
                return self.parse_response(request, body, status)
            except (TransportError, GatewayError) as e:
                delay = self._retry_delay(attempt, e, prepared.api)
                if delay is None:
                    raise
                time.sleep(delay)
                attempt += 1
