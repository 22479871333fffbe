"""The async client on httpx (install the ``async`` extra). httpx is imported on first use, so
the package works without it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, List, Mapping, Optional, Protocol, Tuple, TypeVar, Union

from ._errors import (
    ConnectError, ConnectionLostError, GatewayError, InvalidBodyError, RequestTimeoutError, TransportError,
)
from ._runtime import Clock, ClientCore, Request, describe_failure
from ._wire import PreparedRequest

if TYPE_CHECKING:
    import httpx

R = TypeVar("R")


class AsyncTransport(Protocol):
    async def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float) -> Tuple[int, bytes]: ...


class HttpxTransport:
    """Sends with an ``httpx.AsyncClient`` (yours, or one it creates and keeps)."""

    def __init__(self, client: Optional[httpx.AsyncClient] = None) -> None:
        self._client = client

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise ImportError("the async client needs httpx: install the package's 'async' extra") from None
            self._client = httpx.AsyncClient()
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def send(self, prepared: PreparedRequest, connect_timeout: float, timeout: float) -> Tuple[int, bytes]:
        import httpx

        http = self._http()
        limits = httpx.Timeout(timeout, connect=min(connect_timeout, timeout))
        try:
            return await asyncio.wait_for(self._exchange(http, prepared, limits), timeout)
        except httpx.ConnectTimeout:
            what = f"could not connect within {min(connect_timeout, timeout):g}s; nothing was sent"
            raise ConnectError(f"{prepared.api.name}: {what}") from None
        except httpx.ConnectError as e:
            raise ConnectError(f"{prepared.api.name}: cannot connect: {type(e).__name__}; nothing was sent") from None
        except (httpx.TimeoutException, asyncio.TimeoutError):
            what = f"no complete answer within {timeout:g}s"
            raise RequestTimeoutError(describe_failure(prepared, what, True), sent=True) from None
        except httpx.TransportError as e:
            what = f"the connection failed after sending ({type(e).__name__})"
            raise ConnectionLostError(describe_failure(prepared, what, True), sent=True) from None


    @staticmethod
    async def _exchange(http: httpx.AsyncClient, prepared: PreparedRequest, limits: httpx.Timeout) -> Tuple[int, bytes]:
        import httpx

        request = http.build_request("POST", prepared.url, content=prepared.body, headers=prepared.headers, timeout=limits)
        response = await http.send(request, stream=True)
        chunks: List[bytes] = []
        try:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
        except httpx.RemoteProtocolError:
            # The headers arrived, the body broke off before its Content-Length or chunked end.
            body = b"".join(chunks)
            raise InvalidBodyError(
                response.status_code, body.decode("utf-8", errors="replace"),
                f"the body broke off after {len(body)} bytes",
            ) from None
        finally:
            await response.aclose()
        return response.status_code, b"".join(chunks)


class AsyncClientCore(ClientCore):
    """The async client: same settings, ``prepare`` and errors as the sync one."""

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
        transport: Optional[AsyncTransport] = None,
    ) -> None:
        super().__init__(
            url, app_key, secret, sign_method=sign_method, connect_timeout=connect_timeout,
            timeout=timeout, retries=retries, clock=clock, settings=settings,
        )
        self.transport: AsyncTransport = transport or HttpxTransport()

    async def execute(self, request: Request[R], session: Optional[str] = None) -> R:
        prepared = self.prepare(request, session)
        attempt = 0
        while True:
            try:
                status, body = await self.transport.send(prepared, self.connect_timeout, self.timeout)
                return self.parse_response(request, body, status)
            except (TransportError, GatewayError) as e:
                delay = self._retry_delay(attempt, e, prepared.api)
                if delay is None:
                    raise
                await asyncio.sleep(delay)
                attempt += 1

    async def aclose(self) -> None:
        close = getattr(self.transport, "aclose", None)
        if close is not None:
            await close()

    async def __aenter__(self) -> AsyncClientCore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
