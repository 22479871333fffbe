"""What a hostile network can do to the TOP client, in the sync and the async transport
(docs/runtime-contract.md, "Transport safety" and "What counts as JSON").

A raw TCP server on 127.0.0.1 plays each attacker: it drips bytes, never ends its headers, sends
endless or compressed-bomb bodies, or redirects. Every failure must be this package's own typed
error within the configured time, and no error, its args, repr, cause or context may hold the
secret or the session."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import time
from typing import Callable, Iterator, List, Optional

import pytest

from taobao_top import (
    AsyncClient,
    Client,
    ClientError,
    HttpStatusError,
    InvalidBodyError,
    RefundNegotiatereturnRequest,
    RequestTimeoutError,
    ValidationError,
)

SECRET = "super-secret-value-42"
SESSION = "6100e2365sessionvalue7fb0b2d0c78568e55a30311"
TIMEOUT = 1.5
#: Scheduling slack on top of the total timeout.
SLACK = 1.0
OK_BODY = b'{"refund_negotiatereturn_response":{"request_id":"r1"}}'

Behaviour = Callable[[socket.socket], None]


class RawServer:
    """Accepts connections on 127.0.0.1 and runs ``behaviour`` on each (bounded in time)."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/router/rest"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(15)
            try:
                read_request(conn)
                self.behaviour(conn)
            except OSError:
                pass

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.listener.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        body += conn.recv(65536)
    return head


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: List[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        server = RawServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def request() -> RefundNegotiatereturnRequest:
    return RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325)


def sync_call(url: str, **options: int) -> ClientError:
    with Client(url, "12129701", SECRET, timeout=TIMEOUT, connect_timeout=1.0, **options) as client:  # type: ignore[arg-type]
        with pytest.raises(ClientError) as caught:
            client.execute(request(), SESSION)
    return caught.value


def async_call(url: str, **options: int) -> ClientError:
    async def run() -> ClientError:
        async with AsyncClient(url, "12129701", SECRET, timeout=TIMEOUT, connect_timeout=1.0, **options) as client:  # type: ignore[arg-type]
            try:
                await client.execute(request(), SESSION)
            except ClientError as e:
                return e
        raise AssertionError("no error")

    return asyncio.run(run())


CALLS = [pytest.param(sync_call, id="sync"), pytest.param(async_call, id="async")]


def texts_reachable(value: object, seen: Optional[set[int]] = None, depth: int = 0) -> Iterator[str]:
    """Every text an error lets a caller reach: str, repr, args, attributes, cause, context."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 6:
        return
    seen.add(id(value))
    if isinstance(value, (str, bytes, bytearray)):
        yield value.decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else value
        return
    if isinstance(value, (int, float, bool)) or value is None:
        return
    yield repr(value)
    if isinstance(value, BaseException):
        yield str(value)
        for part in (value.args, value.__cause__, value.__context__):
            yield from texts_reachable(part, seen, depth + 1)
    if isinstance(value, (list, tuple, set)):
        for item in value:
            yield from texts_reachable(item, seen, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from texts_reachable(k, seen, depth + 1)
            yield from texts_reachable(v, seen, depth + 1)
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        yield from texts_reachable(attributes, seen, depth + 1)


def no_secret(error: BaseException) -> None:
    for text in texts_reachable(error):
        assert SECRET not in text and SESSION not in text, text


# ---------------------------------------------------------------- one deadline per attempt


def drip_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(20):  # never ends its headers (bounded: 10 s)
        conn.sendall(b"X")
        time.sleep(0.5)


def drip_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(20):
        conn.sendall(b" ")
        time.sleep(0.5)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("behaviour", [drip_headers, drip_body], ids=["headers", "body"])
def test_a_dripping_server_times_out_within_the_total(
    serve: Callable[[Behaviour], RawServer], call: Callable[[str], ClientError], behaviour: Behaviour
) -> None:
    server = serve(behaviour)
    started = time.monotonic()
    error = call(server.url)
    elapsed = time.monotonic() - started
    assert isinstance(error, RequestTimeoutError) and error.kind == "timeout", repr(error)
    assert elapsed < TIMEOUT + SLACK, elapsed
    no_secret(error)


# ---------------------------------------------------------------- bounded bodies


def announced_too_large(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n")
    time.sleep(3)  # the client must not wait for a body it refuses


sent_bytes: List[int] = []


def endless_chunked(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    total = 0
    chunk = b"x" * 1024
    try:
        for _ in range(4096):  # up to 4 MiB, far past the limit
            conn.sendall(b"400\r\n" + chunk + b"\r\n")
            total += len(chunk)
    finally:
        sent_bytes.append(total)


def gzip_bomb(conn: socket.socket) -> None:
    body = gzip.compress(b"0" * (8 * 1024 * 1024))  # 8 MiB of zeros in ~8 KiB
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    )


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(
    "behaviour", [announced_too_large, endless_chunked, gzip_bomb], ids=["content-length", "endless", "gzip-bomb"]
)
def test_a_body_beyond_the_limit_is_invalid_body(
    serve: Callable[[Behaviour], RawServer], call: Callable[..., ClientError], behaviour: Behaviour
) -> None:
    server = serve(behaviour)
    started = time.monotonic()
    error = call(server.url, max_response_bytes=4096)
    assert isinstance(error, InvalidBodyError) and error.kind == "invalid_body", repr(error)
    assert "the response body is larger than 4096 bytes" in str(error)
    assert time.monotonic() - started < TIMEOUT
    no_secret(error)


@pytest.mark.parametrize(
    "answer, words",
    [
        (b"HTTP/1.1 100 Continue\r\n\r\n" * 9 + b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", "more than 8 interim"),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n"
            + (b"X-Trailer: " + b"a" * 90 + b"\r\n") * 200
            + b"\r\n",
            "trailers are longer than 16 KiB",
        ),
    ],
    ids=["interim-flood", "trailer-flood"],
)
def test_endless_interim_answers_and_trailers_are_cut_off(
    serve: Callable[[Behaviour], RawServer], answer: bytes, words: str
) -> None:
    # The sync client reads HTTP/1.1 itself (the async one is httpx's); it stops such floods at
    # once instead of at the deadline.
    def flood(conn: socket.socket) -> None:
        conn.sendall(answer)
        time.sleep(TIMEOUT + SLACK)

    server = serve(flood)
    started = time.monotonic()
    error = sync_call(server.url)
    assert time.monotonic() - started < TIMEOUT, repr(error)
    assert words in str(error), repr(error)


def test_the_default_limit_is_64_mib() -> None:
    assert Client(None, "k", SECRET).max_response_bytes == 67_108_864
    assert AsyncClient(None, "k", SECRET).max_response_bytes == 67_108_864


# ---------------------------------------------------------------- no redirects


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_http_status_and_nothing_is_resent(
    serve: Callable[[Behaviour], RawServer], call: Callable[[str], ClientError], status: int
) -> None:
    elsewhere = serve(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(OK_BODY) + OK_BODY))

    def redirect(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 5\r\n\r\nmoved" % (status, elsewhere.url.encode())
        )

    error = call(serve(redirect).url)
    assert isinstance(error, HttpStatusError) and error.status == status and error.body == "moved"
    assert elsewhere.connections == 0
    no_secret(error)


# ---------------------------------------------------------------- strict JSON


def parse(body: bytes) -> ClientError:
    with pytest.raises(ClientError) as caught:
        Client(None, "k", SECRET).parse_response(request(), body)
    return caught.value


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"a":' * 100_000,
        b"[" * 128 + b"]" * 128,
        b'{"refund_negotiatereturn_response":{"request_id":"\\ud800"}}',
        b'{"refund_negotiatereturn_response":{"request_id":"\\udc00\\ud800"}}',
        b'{"refund_negotiatereturn_response":{"x":NaN}}',
        b'{"refund_negotiatereturn_response":{"x":-Infinity}}',
        b"\xef\xbb\xbf\xef\xbb\xbf{}",
        b'{"refund_negotiatereturn_response":{"request_id":"\xff"}}',
        b'{"refund_negotiatereturn_response":{"request_id":"\xed\xa0\x80"}}',
        b'{"refund_negotiatereturn_response":{}} {}',
    ],
    ids=[
        "deep-arrays", "deep-objects", "depth-128", "lone-high", "lone-low", "nan", "infinity", "two-boms",
        "not-utf8", "utf8-surrogate", "trailing-data",
    ],
)
def test_hostile_json_is_invalid_body(body: bytes) -> None:
    started = time.monotonic()
    error = parse(body)
    assert type(error) is InvalidBodyError and error.kind == "invalid_body", repr(error)
    assert time.monotonic() - started < 1.0
    chained = [error.__cause__, error.__context__]
    assert not any(isinstance(e, (RecursionError, UnicodeError)) for e in chained), chained


def test_strict_json_still_accepts_what_it_must() -> None:
    client = Client(None, "k", SECRET)
    nested = b"[" * 125 + b"]" * 125  # 127 levels with the two objects around it
    body = b'\xef\xbb\xbf{"refund_negotiatereturn_response":{"request_id":"\\ud83d\\ude00","deep":' + nested
    body += b',"big":123456789012345678901234567890,"s":"[[[[","d":1,"d":2}}'
    response = client.parse_response(request(), body)
    assert response.request_id == "\U0001f600"
    assert response.extra["big"] == 123456789012345678901234567890
    assert response.extra["d"] == 2


def test_an_integer_of_any_length_keeps_its_digits_in_bounded_time() -> None:
    # Beyond Python's 4,300-digit int limit (CVE-2020-10735: int <-> str is quadratic) the
    # integer is read as an exact Decimal, which converts in linear time; the limit stays.
    client = Client(None, "k", SECRET)
    for length in (5_000, 1_000_000):
        digits = "9" * length
        body = b'{"refund_negotiatereturn_response":{"x":' + digits.encode() + b',"y":-1}}'
        started = time.monotonic()
        response = client.parse_response(request(), body)
        assert time.monotonic() - started < 1.0, length
        assert str(response.extra["x"]) == digits and response.extra["y"] == -1


# ---------------------------------------------------------------- request values the wire cannot carry


@pytest.mark.parametrize("where", ["value", "session"])
def test_a_lone_surrogate_in_the_request_is_a_validation_error(where: str) -> None:
    client = Client(None, "12129701", SECRET)
    req = request()
    session = SESSION
    if where == "value":
        req.negotiate_text = "bad \ud800"
    else:
        session = SESSION + "\udfff"
    with pytest.raises(ValidationError) as caught:
        client.prepare(req, session)
    name = "negotiate_text" if where == "value" else "session"
    assert str(caught.value) == f"{name}: is not valid Unicode text (it holds a lone surrogate)"
    assert caught.value.__context__ is None and caught.value.__cause__ is None
    no_secret(caught.value)


# ---------------------------------------------------------------- causes kept, without secrets


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize("call", CALLS)
def test_a_transport_error_keeps_a_cause_that_holds_no_secret(
    serve: Callable[[Behaviour], RawServer], call: Callable[[str], ClientError]
) -> None:
    refused = call(f"http://127.0.0.1:{closed_port()}/router/rest")
    assert refused.kind == "connect" and refused.__cause__ is not None
    assert "refused" in str(refused.__cause__).lower() or "connect" in type(refused.__cause__).__name__.lower()
    assert getattr(refused.__cause__, "__traceback__", None) is None
    no_secret(refused)

    def reset(conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    lost = call(serve(reset).url)
    assert lost.kind == "connection" and lost.__cause__ is not None
    no_secret(lost)

    timed_out = call(serve(drip_headers).url)
    assert timed_out.kind == "timeout"
    no_secret(timed_out)
