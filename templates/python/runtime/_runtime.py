"""The client core shared by the sync and async clients, and the sync transport.

The sync transport speaks HTTP/1.1 with the standard library's ``http.client`` (what
``urllib.request`` is built on), which lets it tell a connect failure (nothing was sent, safe to
retry) from a failure after sending, and enforce both a connect and a total timeout.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from typing import Callable, ClassVar, List, Mapping, Optional, Protocol, Tuple, Type as PyType, TypeVar, Union
from urllib.parse import urlsplit

from ._errors import (
    OUTCOME_UNKNOWN, ClientError, ConnectError, ConnectionLostError, GatewayError, HttpStatusError,
    InvalidBodyError, RequestTimeoutError, TransportError,
)
from ._retry import retry_delay
from ._schema import Param
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
    def _schema() -> Tuple[Param, ...]: ...

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
    ) -> None:
        config = self.CONFIG
        method = sign_method or config.default_algorithm
        if method not in config.algorithms:
            raise ValueError(f"sign_method must be one of {', '.join(config.algorithms)}; got {method!r}")
        if retries < 0 or connect_timeout <= 0 or timeout <= 0:
            raise ValueError("retries must be >= 0 and timeouts > 0")
        self.url = url or config.default_url
        self.app_key = app_key
        self._secret = Secret(secret)
        self.sign_method = method
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.retries = retries
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
            schema=request._schema(),
            request=request,
            session=session,
        )

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


def describe_failure(prepared: PreparedRequest, what: str, sent: bool) -> str:
    """The message of a transport failure; after sending a non-idempotent call it says the
    outcome is unknown."""
    text = f"{prepared.api.name}: {what}"
    if sent and not prepared.api.idempotent:
        text += f"; {OUTCOME_UNKNOWN}"
    return text


class HttpTransport:
    """Sends a prepared request with ``http.client`` and returns ``(status, body)``."""

    def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float) -> Tuple[int, bytes]:
        deadline = time.monotonic() + timeout
        parts = urlsplit(prepared.url)
        host = parts.hostname or ""
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn: http.client.HTTPConnection
        first = min(connect_timeout, timeout)
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                host, parts.port, timeout=first, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=first)
        try:
            try:
                conn.connect()
            except (socket.timeout, TimeoutError):
                raise ConnectError(
                    f"{prepared.api.name}: could not connect to {host} within {first:g}s; nothing was sent"
                ) from None
            except OSError as e:
                reason = e.strerror or type(e).__name__
                raise ConnectError(f"{prepared.api.name}: cannot connect to {host}: {reason}; nothing was sent") from None
            return self._exchange(conn, prepared, path, deadline, timeout)
        finally:
            conn.close()

    def _exchange(
        self, conn: http.client.HTTPConnection, prepared: PreparedRequest, path: str, deadline: float, timeout: float
    ) -> Tuple[int, bytes]:
        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout()
            return left

        try:
            assert conn.sock is not None
            conn.sock.settimeout(remaining())
            conn.request("POST", path, body=prepared.body, headers=prepared.headers)
            response = conn.getresponse()
            chunks: List[bytes] = []
            try:
                while True:
                    if conn.sock is not None:
                        conn.sock.settimeout(remaining())
                    chunk = response.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except http.client.IncompleteRead as e:
                chunks.append(e.partial)
                raise _broken_off(response.status, chunks) from None
            # ``read`` returns b"" when the peer closes early; ``length`` still counts what is missing.
            if response.length:
                raise _broken_off(response.status, chunks)
            return response.status, b"".join(chunks)
        except (socket.timeout, TimeoutError):
            raise RequestTimeoutError(
                describe_failure(prepared, f"no complete answer within {timeout:g}s", True), sent=True
            ) from None
        except (OSError, http.client.HTTPException) as e:
            raise ConnectionLostError(
                describe_failure(prepared, f"the connection failed after sending ({type(e).__name__})", True),
                sent=True,
            ) from None


def _broken_off(status: int, chunks: List[bytes]) -> InvalidBodyError:
    body = b"".join(chunks)
    return InvalidBodyError(
        status, body.decode("utf-8", errors="replace"), f"the body broke off after {len(body)} bytes"
    )


class Transport(Protocol):
    def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float) -> Tuple[int, bytes]: ...


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
    ) -> None:
        super().__init__(
            url, app_key, secret, sign_method=sign_method, connect_timeout=connect_timeout,
            timeout=timeout, retries=retries, clock=clock, settings=settings,
        )
        self.transport: Transport = transport or HttpTransport()

    def execute(self, request: Request[R], session: Optional[str] = None) -> R:
        """Sends ``request`` (with the seller's ``session`` when the API needs one)."""
        prepared = self.prepare(request, session)
        attempt = 0
        while True:
            try:
                status, body = self.transport.send(prepared, self.connect_timeout, self.timeout)
                return self.parse_response(request, body, status)
            except (TransportError, GatewayError) as e:
                delay = self._retry_delay(attempt, e, prepared.api)
                if delay is None:
                    raise
                time.sleep(delay)
                attempt += 1
