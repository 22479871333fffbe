"""The sync transport as a good citizen: it keeps connections alive and reuses them (from many
threads), honours HTTP_PROXY/HTTPS_PROXY/NO_PROXY, and says who it is in a User-Agent."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List

import pytest

from taobao_top import Client, ConnectError, RefundNegotiatereturnRequest

SECRET = "super-secret-value-42"
BODY = b'{"refund_negotiatereturn_response":{"request_id":"r1"}}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.ports.add(self.client_address[1])  # type: ignore[attr-defined]
            server.lines.append(self.requestline)  # type: ignore[attr-defined]
            server.agents.append(self.headers.get("User-Agent", ""))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()  # type: ignore[attr-defined]
    httpd.ports = set()  # type: ignore[attr-defined]
    httpd.lines = []  # type: ignore[attr-defined]
    httpd.agents = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url_of(httpd: ThreadingHTTPServer, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{httpd.server_address[1]}/router/rest"


def request() -> RefundNegotiatereturnRequest:
    return RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325)


def test_calls_reuse_one_kept_alive_connection(server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    with Client(url_of(server), "12129701", SECRET) as client:
        for _ in range(5):
            assert client.execute(request(), "session").request_id == "r1"
    assert len(server.ports) == 1  # type: ignore[attr-defined]


def test_threads_share_a_bounded_pool(server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    with Client(url_of(server), "12129701", SECRET) as client:
        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(lambda _: client.execute(request(), "session").request_id, range(200)))
    assert ids == ["r1"] * 200
    assert len(server.ports) <= 8  # type: ignore[attr-defined]


def test_a_user_agent_names_the_package(server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    Client(url_of(server), "12129701", SECRET).execute(request(), "session")
    agent: str = server.agents[0]  # type: ignore[attr-defined]
    assert agent.startswith("taobao_top/0.1.0 (topgen; Python 3.")


def test_http_proxy_gets_the_absolute_url(server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The "proxy" is the same little server: it sees the absolute-form request line.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    target = "http://gw.example.invalid:8080/router/rest"
    assert Client(target, "12129701", SECRET).execute(request(), "session").request_id == "r1"
    assert server.lines == [f"POST {target} HTTP/1.1"]  # type: ignore[attr-defined]


def test_no_proxy_bypasses_the_proxy(server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert Client(url_of(server), "12129701", SECRET).execute(request(), "session").request_id == "r1"


def test_https_goes_through_a_connect_tunnel(monkeypatch: pytest.MonkeyPatch) -> None:
    lines: List[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5)

    def proxy() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            lines.append(data)
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=proxy, daemon=True)
    thread.start()
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:pw%40x@127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(ConnectError) as caught:
        Client("https://gw.example.invalid/router/rest", "12129701", SECRET).execute(request(), "session")
    thread.join(5)
    listener.close()
    assert "refused a tunnel" in str(caught.value) and "pw" not in str(caught.value)
    head = lines[0].decode()
    assert head.startswith("CONNECT gw.example.invalid:443 HTTP/1.1\r\n")
    assert "Proxy-Authorization: Basic dXNlcjpwd0B4\r\n" in head  # base64("user:pw@x")


def test_the_async_core_refuses_a_proxy_it_would_not_use() -> None:
    # The sync and async clients share one constructor (the client core); the async one's own
    # httpx transport takes its proxy from the environment, so a proxy argument is refused, not
    # silently dropped.
    from taobao_top import GATEWAY
    from taobao_top._async import AsyncClientCore, HttpxTransport

    class Core(AsyncClientCore):
        CONFIG = GATEWAY

    with pytest.raises(ValueError, match=r"^proxy: the async client takes its proxy from the environment"):
        Core(None, "12129701", SECRET, proxy="http://127.0.0.1:9")
    assert isinstance(Core(None, "12129701", SECRET).transport, HttpxTransport)
