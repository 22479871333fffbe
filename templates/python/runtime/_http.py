"""The sync transport: HTTP/1.1 on the standard library's sockets, with a keep-alive pool.

One deadline bounds each attempt from the start of connecting to the last byte of the body: every
socket operation waits at most for what is left of it, so a server that drips one byte at a time
or never ends its headers gets a timeout, not a hang. The body is read no further than
``max_response_bytes`` + 1 bytes (counted after gzip/deflate decoding). Redirects are never
followed. Connections are kept alive and reused (thread-safe), one TLS context serves every
connection of the transport, and ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` are honoured
(HTTPS through a ``CONNECT`` tunnel).
"""

from __future__ import annotations

import base64
import socket
import threading
import time
import zlib
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

from ._errors import (
    ConnectError,
    ConnectionLostError,
    InvalidBodyError,
    RequestTimeoutError,
)
from ._wire import PreparedRequest, describe_failure

if TYPE_CHECKING:
    import ssl

#: The default bound of a response body: 64 MiB.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: The longest status line plus headers accepted.
MAX_HEADER_BYTES = 64 * 1024
#: Idle connections kept per host.
MAX_IDLE = 32
#: Interim (1xx) answers read before the final one, at most.
MAX_INTERIM = 8
#: Trailer bytes read after a chunked body, at most.
MAX_TRAILER_BYTES = 16 * 1024
_READ = 65536


class _Timeout(Exception):
    """The attempt's deadline passed (turned into :class:`RequestTimeoutError` by the caller)."""


class _Closed(Exception):
    """The peer closed or reset the connection; ``got_bytes`` says whether any answer arrived."""

    def __init__(self, got_bytes: bool, cause: Optional[OSError] = None) -> None:
        super().__init__()
        self.got_bytes = got_bytes
        #: The socket's own error (number and text only), chained as the cause.
        self.cause = cause


class _BodyError(Exception):
    """The answer's body is unusable: ``status`` and the bytes that arrived, and why."""

    def __init__(self, status: int, body: bytes, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.body = body
        self.reason = reason


class _Conn:
    """One open connection and the bytes read from it but not used yet."""

    __slots__ = ("sock", "buf", "tls", "used")

    def __init__(self, sock: socket.socket, tls: bool) -> None:
        self.sock = sock
        self.buf = b""
        self.tls = tls
        self.used = False

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def idle_alive(self) -> bool:
        """Whether an idle connection can take another request: not closed by the server and
        holding no unexpected bytes."""
        if self.buf:
            return False
        sock = self.sock
        try:
            sock.setblocking(False)
            if self.tls:
                sock.recv(1)
            else:
                sock.recv(1, socket.MSG_PEEK)
            return False  # EOF, or bytes nobody asked for
        except BlockingIOError:
            return True
        except OSError as e:
            # A TLS socket with nothing to read says "want read".
            return type(e).__name__ == "SSLWantReadError"


class _Reader:
    """Reads an answer from a connection, never waiting past ``deadline``."""

    __slots__ = ("conn", "deadline", "got")

    def __init__(self, conn: _Conn, deadline: float) -> None:
        self.conn = conn
        self.deadline = deadline
        self.got = False

    def more(self) -> bytes:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Timeout()
        sock = self.conn.sock
        try:
            sock.settimeout(left)
            data = sock.recv(_READ)
        except (socket.timeout, TimeoutError):
            raise _Timeout() from None
        except OSError as e:
            raise _Closed(self.got, _clean(e)) from None
        if data:
            self.got = True
        return data

    def head(self) -> Tuple[int, Dict[str, str]]:
        """The status and headers of the next final (non-1xx) answer."""
        interim = 0
        while True:
            conn = self.conn
            buf = conn.buf
            start = 0
            while True:
                end = buf.find(b"\r\n\r\n", start)
                if end >= 0:
                    break
                if len(buf) > MAX_HEADER_BYTES:
                    raise _BodyError(0, b"", f"the response headers are larger than {MAX_HEADER_BYTES} bytes")
                start = max(0, len(buf) - 3)
                data = self.more()
                if not data:
                    raise _Closed(self.got)
                buf += data
            conn.buf = buf[end + 4 :]
            lines = buf[:end].decode("latin-1").split("\r\n")
            parts = lines[0].split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
                raise _Closed(True)
            status = int(parts[1])
            headers: Dict[str, str] = {}
            for line in lines[1:]:
                name, sep, value = line.partition(":")
                if sep:
                    headers[name.strip().lower()] = value.strip()
            if parts[0] == "HTTP/1.0" and headers.get("connection", "").lower() != "keep-alive":
                headers["connection"] = "close"
            if 100 <= status < 200 and status != 101:
                interim += 1
                if interim > MAX_INTERIM:
                    raise _BodyError(0, b"", f"more than {MAX_INTERIM} interim answers")
                continue
            return status, headers

    def exactly(self, n: int) -> bytes:
        """``n`` bytes; fewer only when the connection ends first."""
        conn = self.conn
        parts = [conn.buf[:n]]
        have = len(parts[0])
        conn.buf = conn.buf[n:]
        while have < n:
            data = self.more()
            if not data:
                break
            if have + len(data) > n:
                conn.buf = data[n - have :]
                data = data[: n - have]
            parts.append(data)
            have += len(data)
        return b"".join(parts)

    def line(self) -> Optional[bytes]:
        """One CRLF-terminated line (without it), or ``None`` when the connection ends first."""
        conn = self.conn
        while True:
            end = conn.buf.find(b"\r\n")
            if end >= 0:
                line = conn.buf[:end]
                conn.buf = conn.buf[end + 2 :]
                return line
            if len(conn.buf) > MAX_HEADER_BYTES:
                return None
            data = self.more()
            if not data:
                return None
            conn.buf += data


class _Sink:
    """Collects the body, decoding gzip/deflate as it arrives, and refuses more than ``limit``
    bytes (after decoding)."""

    __slots__ = ("status", "limit", "parts", "size", "decoder")

    def __init__(self, status: int, limit: int, encoding: str) -> None:
        self.status = status
        self.limit = limit
        self.parts: List[bytes] = []
        self.size = 0
        self.decoder: Optional["zlib._Decompress"] = None
        if encoding in ("gzip", "x-gzip"):
            self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.decoder = zlib.decompressobj(32 + zlib.MAX_WBITS)
        elif encoding not in ("", "identity"):
            raise _BodyError(status, b"", f"unsupported Content-Encoding {encoding!r}")

    def add(self, data: bytes) -> None:
        decoder = self.decoder
        if decoder is None:
            self._keep(data)
            return
        try:
            out = decoder.decompress(data, self.limit + 1 - self.size)
            self._keep(out)
            while decoder.unconsumed_tail:
                out = decoder.decompress(decoder.unconsumed_tail, self.limit + 1 - self.size)
                self._keep(out)
        except zlib.error:
            raise _BodyError(self.status, self.body(), "the compressed body does not decode") from None

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _BodyError(self.status, b"", f"the response body is larger than {self.limit} bytes")
        if data:
            self.parts.append(data)

    def finish(self) -> bytes:
        if self.decoder is not None:
            try:
                self._keep(self.decoder.flush())
            except zlib.error:
                raise _BodyError(self.status, self.body(), "the compressed body does not decode") from None
        return self.body()

    def body(self) -> bytes:
        return b"".join(self.parts)


def _read_body(reader: _Reader, status: int, headers: Dict[str, str], limit: int) -> Tuple[bytes, bool]:
    """The decoded body, and whether the connection can be reused."""
    sink = _Sink(status, limit, headers.get("content-encoding", "").lower())
    reusable = headers.get("connection", "").lower() != "close"
    if status in (204, 304):
        return b"", reusable
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = reader.line()
            if line is None:
                raise _BodyError(status, sink.body(), f"the body broke off after {sink.size} bytes")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _BodyError(status, sink.body(), "the chunked body is malformed") from None
            if size == 0:
                trailers = 0
                while True:  # trailers, up to the empty line
                    trailer = reader.line()
                    if trailer is None:
                        raise _BodyError(status, sink.body(), f"the body broke off after {sink.size} bytes")
                    if not trailer:
                        return sink.finish(), reusable
                    trailers += len(trailer) + 2
                    if trailers > MAX_TRAILER_BYTES:
                        raise _BodyError(status, sink.body(), "the trailers are longer than 16 KiB")
            if size > limit - sink.size and sink.decoder is None:
                raise _BodyError(status, b"", f"the response body is larger than {limit} bytes")
            data = reader.exactly(size)
            sink.add(data)
            if len(data) < size or reader.line() != b"":
                raise _BodyError(status, sink.body(), f"the body broke off after {sink.size} bytes")
    length_text = headers.get("content-length")
    if length_text is not None:
        if not length_text.isdigit():
            raise _BodyError(status, b"", f"the Content-Length {length_text!r} is not a number")
        length = int(length_text)
        if length > limit:
            raise _BodyError(status, b"", f"the response body is larger than {limit} bytes")
        data = reader.exactly(length)
        sink.add(data)
        if len(data) < length:
            raise _BodyError(status, sink.body(), f"the body broke off after {len(data)} bytes")
        return sink.finish(), reusable
    # No length: the body ends when the connection does.
    conn = reader.conn
    if conn.buf:
        sink.add(conn.buf)
        conn.buf = b""
    while True:
        data = reader.more()
        if not data:
            return sink.finish(), False
        sink.add(data)


class _Route:
    """Where to connect for one origin, and what the request line names."""

    __slots__ = ("key", "scheme", "host", "port", "host_header", "authority", "proxy", "proxy_auth")

    def __init__(self, scheme: str, host: str, port: int, proxy: Optional[Tuple[str, int, Optional[str]]]) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port
        default = 443 if scheme == "https" else 80
        name = f"[{host}]" if ":" in host else host
        self.host_header = name if port == default else f"{name}:{port}"
        self.authority = f"{name}:{port}"
        self.proxy = None if proxy is None else (proxy[0], proxy[1])
        self.proxy_auth = None if proxy is None else proxy[2]
        self.key = (scheme, host, port, self.proxy)


class HttpTransport:
    """Sends prepared requests over HTTP/1.1 with a pool of keep-alive connections.

    ``proxy``: ``None`` reads ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` from the environment
    (once, when the transport is made); a URL (``http://user:pass@host:3128``) uses that proxy
    for every request; ``""`` connects directly. ``ssl_context``: the TLS settings (default: the
    system's trust store, made once per transport). Safe to share between threads.
    """

    def __init__(
        self,
        *,
        proxy: Optional[str] = None,
        ssl_context: Optional[ssl.SSLContext] = None,
        user_agent: str = "topgen-python",
    ) -> None:
        if proxy is None:
            from urllib.request import getproxies

            found = getproxies()
            self._proxies = {k: v for k, v in found.items() if k in ("http", "https")}
            self._use_bypass = True
        else:
            self._proxies = {"http": proxy, "https": proxy} if proxy else {}
            self._use_bypass = False
        self._ssl_context = ssl_context
        self._user_agent = user_agent
        self._lock = threading.Lock()
        self._idle: Dict[object, List[_Conn]] = {}
        self._routes: Dict[Tuple[str, str, int], _Route] = {}

    def close(self) -> None:
        """Closes every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()

    def __repr__(self) -> str:
        return f"HttpTransport(proxies={sorted(self._proxies)!r})"

    # ------------------------------------------------------------ routing

    def _route(self, prepared: PreparedRequest) -> Tuple[_Route, str]:
        parts = urlsplit(prepared.url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ConnectError(
                f"{prepared.api.name}: the URL must be http:// or https:// with a host; nothing was sent"
            )
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise ConnectError(f"{prepared.api.name}: the URL's port is not a number; nothing was sent") from None
        host = parts.hostname
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        key = (scheme, host, port)
        route = self._routes.get(key)
        if route is None:
            route = _Route(scheme, host, port, self._proxy_for(scheme, host))
            self._routes[key] = route
        if route.proxy is not None and scheme == "http":
            target = f"http://{route.host_header}{target}"
        return route, target

    def _proxy_for(self, scheme: str, host: str) -> Optional[Tuple[str, int, Optional[str]]]:
        url = self._proxies.get(scheme)
        if not url:
            return None
        if self._use_bypass:
            from urllib.request import proxy_bypass

            if proxy_bypass(host):
                return None
        if "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ConnectError(f"the {scheme} proxy must be an http:// URL with a host; nothing was sent")
        auth = None
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            auth = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        return parts.hostname, parts.port or 80, auth

    # ------------------------------------------------------------ connections

    def _take(self, route: _Route) -> Optional[_Conn]:
        with self._lock:
            conns = self._idle.get(route.key)
            while conns:
                conn = conns.pop()
                if conn.idle_alive():
                    return conn
                conn.close()
        return None

    def _give_back(self, route: _Route, conn: _Conn) -> None:
        with self._lock:
            conns = self._idle.setdefault(route.key, [])
            if len(conns) < MAX_IDLE:
                conn.used = True
                conns.append(conn)
                return
        conn.close()

    def _tls(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            import ssl

            self._ssl_context = ssl.create_default_context()
        return self._ssl_context

    def _connect(self, route: _Route, name: str, connect_timeout: float, deadline: float) -> _Conn:
        limit = min(time.monotonic() + connect_timeout, deadline)
        where = f"{route.proxy[0]}:{route.proxy[1]} (proxy)" if route.proxy else route.host
        address = route.proxy or (route.host, route.port)
        left = limit - time.monotonic()
        if left <= 0:
            raise ConnectError(f"{name}: could not connect to {where} in time; nothing was sent")
        try:
            sock = socket.create_connection(address, timeout=left)
        except (socket.timeout, TimeoutError):
            raise ConnectError(
                f"{name}: could not connect to {where} within {connect_timeout:g}s; nothing was sent"
            ) from None
        except OSError as e:
            reason = e.strerror or type(e).__name__
            raise ConnectError(f"{name}: cannot connect to {where}: {reason}; nothing was sent") from _clean(e)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = _Conn(sock, False)
            if route.proxy is not None and route.scheme == "https":
                self._tunnel(conn, route, name, limit)
            if route.scheme == "https":
                sock.settimeout(max(limit - time.monotonic(), 0.001))
                conn = _Conn(self._tls().wrap_socket(sock, server_hostname=route.host), True)
            return conn
        except ConnectError:
            sock.close()
            raise
        except (socket.timeout, TimeoutError):
            sock.close()
            raise ConnectError(
                f"{name}: no TLS connection to {route.host} within {connect_timeout:g}s; nothing was sent"
            ) from None
        except OSError as e:
            sock.close()
            reason = getattr(e, "reason", None) or e.strerror or type(e).__name__
            raise ConnectError(f"{name}: cannot connect to {route.host}: {reason}; nothing was sent") from _clean(e)

    def _tunnel(self, conn: _Conn, route: _Route, name: str, limit: float) -> None:
        head = f"CONNECT {route.authority} HTTP/1.1\r\nHost: {route.authority}\r\n"
        if route.proxy_auth:
            head += f"Proxy-Authorization: {route.proxy_auth}\r\n"
        conn.sock.settimeout(max(limit - time.monotonic(), 0.001))
        conn.sock.sendall((head + "\r\n").encode("latin-1"))
        reader = _Reader(conn, limit)
        try:
            status, headers = reader.head()
            if 200 <= status < 300:
                return
        except (_Timeout, _Closed, _BodyError):
            raise ConnectError(f"{name}: the proxy did not open a tunnel to {route.host}; nothing was sent") from None
        raise ConnectError(f"{name}: the proxy refused a tunnel to {route.host} (HTTP {status}); nothing was sent")

    # ------------------------------------------------------------ the exchange

    def send(
        self,
        prepared: PreparedRequest,
        connect_timeout: float,
        timeout: float,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> Tuple[int, bytes]:
        """Sends ``prepared`` and returns ``(status, body)``; every failure is a typed error."""
        deadline = time.monotonic() + timeout
        route, target = self._route(prepared)
        name = prepared.api.name
        head = (
            f"POST {target} HTTP/1.1\r\nHost: {route.host_header}\r\nUser-Agent: {self._user_agent}\r\n"
            f"Accept: application/json\r\nAccept-Encoding: gzip\r\n"
            f"Content-Type: {prepared.content_type}\r\nContent-Length: {len(prepared.body)}\r\n"
        )
        if route.proxy_auth and route.scheme == "http":
            head += f"Proxy-Authorization: {route.proxy_auth}\r\n"
        message = (head + "\r\n").encode("utf-8") + prepared.body
        for fresh_try in (False, True):
            conn = None if fresh_try else self._take(route)
            if conn is None:
                conn = self._connect(route, name, connect_timeout, deadline)
            reused = conn.used
            try:
                status, body, reusable = self._exchange(conn, message, deadline, max_response_bytes)
            except _Closed as e:
                conn.close()
                # An idle connection the server closed just before we used it: nothing was
                # processed, so an idempotent call goes once more on a new connection.
                if reused and not e.got_bytes and prepared.api.idempotent and not fresh_try:
                    continue
                raise ConnectionLostError(_failure(prepared, "the connection failed after sending"), sent=True) from (
                    e.cause or ConnectionResetError("the connection closed")
                )
            except _Timeout:
                conn.close()
                raise RequestTimeoutError(
                    _failure(prepared, f"no complete answer within {timeout:g}s"), sent=True
                ) from TimeoutError("timed out")
            except _BodyError as e:
                conn.close()
                raise InvalidBodyError(e.status, e.body.decode("utf-8", errors="replace"), e.reason) from None
            except BaseException:
                conn.close()
                raise
            if reusable:
                self._give_back(route, conn)
            else:
                conn.close()
            return status, body
        raise AssertionError("unreachable")

    @staticmethod
    def _exchange(conn: _Conn, message: bytes, deadline: float, limit: int) -> Tuple[int, bytes, bool]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Timeout()
        try:
            conn.sock.settimeout(left)
            conn.sock.sendall(message)
        except (socket.timeout, TimeoutError):
            raise _Timeout() from None
        except OSError as e:
            raise _Closed(False, _clean(e)) from None
        reader = _Reader(conn, deadline)
        status, headers = reader.head()
        body, reusable = _read_body(reader, status, headers, limit)
        return status, body, reusable


def _failure(prepared: PreparedRequest, what: str) -> str:
    return describe_failure(prepared, what, True)


def _clean(error: OSError) -> OSError:
    """The cause to chain: the same kind of error with its number and text, and nothing else
    (no traceback, no context)."""
    if error.errno is not None:
        return type(error)(error.errno, error.strerror or "")
    return OSError(str(error))
