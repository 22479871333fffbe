"""Transport faults against a tiny HTTP server on 127.0.0.1: each failure becomes the right error
kind, in bounded time, and no message or repr ever shows the secret."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator

import httpx
import pytest

from taobao_top import (
    AsyncClient,
    Client,
    ClientError,
    ConnectError,
    ConnectionLostError,
    HttpStatusError,
    InvalidBodyError,
    RefundNegotiatereturnRequest,
    RequestTimeoutError,
)
from taobao_top._async import HttpxTransport

SECRET = "super-secret-value-42"
PARTIAL = b'{"refund_negotiatereturn_response":{"request_id":"r1"}}'  # complete JSON, short of its length
OUTCOME = "the outcome is unknown"


class Handler(BaseHTTPRequestHandler):
    mode = "ok"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "sleep":
            time.sleep(3)
        if mode == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode in ("short", "short_chunked"):
            # The headers promise more than arrives, then the connection closes.
            self.close_connection = True
            self.send_response(200)
            if mode == "short":
                self.send_header("Content-Length", "100")
                self.end_headers()
                self.wfile.write(PARTIAL)
            else:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(PARTIAL), PARTIAL))
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, body = {
            "ok": (200, b'{"refund_negotiatereturn_response":{"request_id":"r1"}}'),
            "sleep": (200, b"{}"),
            "bad_gateway": (502, b"<html><body>502 Bad Gateway</body></html>"),
            "truncated": (200, b'{"refund_negotiatereturn_response":{"request_id":"r'),
        }[mode]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Callable[[str], str]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def url(mode: str) -> str:
        httpd.mode = mode  # type: ignore[attr-defined]
        return f"http://127.0.0.1:{httpd.server_address[1]}/router/rest"

    yield url
    httpd.shutdown()
    httpd.server_close()


def request() -> RefundNegotiatereturnRequest:
    return RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325)


def sync_call(url: str) -> ClientError:
    client = Client(url, "12129701", SECRET, connect_timeout=1.0, timeout=1.0)
    with pytest.raises(ClientError) as caught:
        client.execute(request(), "session")
    return caught.value


def async_call(url: str) -> ClientError:
    async def run() -> ClientError:
        async with AsyncClient(url, "12129701", SECRET, connect_timeout=1.0, timeout=1.0) as client:
            try:
                await client.execute(request(), "session")
            except ClientError as e:
                return e
        raise AssertionError("no error")

    return asyncio.run(run())


CALLS = [pytest.param(sync_call, id="sync"), pytest.param(async_call, id="async")]


def no_secret(error: ClientError) -> None:
    assert SECRET not in str(error) and SECRET not in repr(error)


def test_success(server: Callable[[str], str]) -> None:
    client = Client(server("ok"), "12129701", SECRET)
    assert client.execute(request(), "session").request_id == "r1"


@pytest.mark.parametrize("call", CALLS)
def test_sleep_past_timeout(server: Callable[[str], str], call: Callable[[str], ClientError]) -> None:
    start = time.monotonic()
    error = call(server("sleep"))
    assert time.monotonic() - start < 2.5
    assert isinstance(error, RequestTimeoutError) and error.kind == "timeout"
    assert OUTCOME in str(error)  # negotiatereturn is not idempotent
    no_secret(error)


@pytest.mark.parametrize("call", CALLS)
def test_connection_closed(server: Callable[[str], str], call: Callable[[str], ClientError]) -> None:
    error = call(server("close"))
    assert isinstance(error, ConnectionLostError) and error.kind == "connection"
    assert OUTCOME in str(error)
    no_secret(error)


@pytest.mark.parametrize("call", CALLS)
def test_502_html(server: Callable[[str], str], call: Callable[[str], ClientError]) -> None:
    error = call(server("bad_gateway"))
    assert isinstance(error, HttpStatusError) and error.status == 502
    assert "502 Bad Gateway" in error.body
    no_secret(error)


@pytest.mark.parametrize("call", CALLS)
def test_truncated_json(server: Callable[[str], str], call: Callable[[str], ClientError]) -> None:
    error = call(server("truncated"))
    assert isinstance(error, InvalidBodyError) and error.status == 200
    assert error.body.endswith('"request_id":"r')
    no_secret(error)


@pytest.mark.parametrize("call", CALLS)
def test_refused_connection_is_connect_error(call: Callable[[str], ClientError]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    error = call(f"http://127.0.0.1:{port}/router/rest")
    assert isinstance(error, ConnectError) and not error.sent
    assert OUTCOME not in str(error)
    no_secret(error)


def test_reprs_hide_the_secret() -> None:
    client = Client(None, "12129701", SECRET)
    assert SECRET not in repr(client) and "***" in repr(client)
    prepared = client.prepare(request(), "session")
    assert SECRET not in repr(prepared)
    assert SECRET not in repr(AsyncClient(None, "12129701", SECRET))


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("mode", ["short", "short_chunked"])
def test_body_breaking_off_is_invalid_body(
    server: Callable[[str], str], call: Callable[[str], ClientError], mode: str
) -> None:
    error = call(server(mode))
    assert isinstance(error, InvalidBodyError) and error.kind == "invalid_body"
    assert error.status == 200 and error.body == PARTIAL.decode()
    no_secret(error)


def test_sync_connect_timeout_is_connect_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_answer(*args: object, **kwargs: object) -> socket.socket:
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", no_answer)
    error = sync_call("http://127.0.0.1:9/router/rest")
    assert isinstance(error, ConnectError) and error.kind == "connect" and not error.sent
    assert OUTCOME not in str(error)


def test_async_connect_timeout_is_connect_error() -> None:
    def no_answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    async def run() -> ClientError:
        transport = HttpxTransport(httpx.AsyncClient(transport=httpx.MockTransport(no_answer)))
        async with AsyncClient(None, "12129701", SECRET, transport=transport) as client:
            try:
                await client.execute(request(), "session")
            except ClientError as e:
                return e
        raise AssertionError("no error")

    error = asyncio.run(run())
    assert isinstance(error, ConnectError) and error.kind == "connect" and not error.sent
    assert OUTCOME not in str(error)
