"""OAuth session keys (the runtime contract's "OAuth"): the authorize URL a seller opens, the code
→ token exchange at ``{base}/token``, and refreshing a token with the TOP API
``taobao.top.auth.token.refresh``. :class:`OAuthClient` blocks; :class:`AsyncOAuthClient` is the
same for asyncio (on httpx, the ``async`` extra).

The secret is sent only in the token request's body; it appears in no error, log or repr. Tokens
print their ``access_token`` (the session key) and ``refresh_token`` as ``***``.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import ClassVar, Dict, Generic, Iterator, Mapping, Optional, Tuple, TypeVar
from urllib.parse import unquote

from ._async import AsyncClientCore, AsyncTransport, HttpxTransport
from ._errors import GatewayError, HttpStatusError, InvalidBodyError, RateLimitError
from ._http import DEFAULT_MAX_RESPONSE_BYTES, HttpTransport
from ._json import BodyNotJson, loads_bytes
from ._runtime import Secret, SyncClient, Transport
from ._schema import STRING, Param, Struct, describe
from ._wire import MASK, ApiInfo, PreparedRequest, form_encode

#: Taobao's authorization server.
DEFAULT_BASE_URL = "https://oauth.taobao.com"
#: The sandbox's authorization server.
SANDBOX_BASE_URL = "https://oauth.tbsandbox.com"
#: Added to the message of a gateway error from ``refresh``.
REFRESH_REFUSED = "refresh is only allowed for apps sold on the Taobao service market (服务市场)"

_TOKEN_API = ApiInfo("oauth.token", None, "", idempotent=False, session_required=False)
_FORM = "application/x-www-form-urlencoded;charset=utf-8"
_SECONDS = ("expires_in", "re_expires_in", "r1_expires_in", "r2_expires_in", "w1_expires_in", "w2_expires_in")
_TEXTS = ("access_token", "token_type", "refresh_token")
_USER_IDS = ("taobao_user_id", "sub_taobao_user_id")
_NICKS = ("taobao_user_nick", "sub_taobao_user_nick")
#: The transport of an OAuth client (sync or async).
TransportT = TypeVar("TransportT")


_TOKEN_FIELDS = (
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "re_expires_in",
    "r1_expires_in",
    "r2_expires_in",
    "w1_expires_in",
    "w2_expires_in",
    "taobao_user_id",
    "taobao_user_nick",
    "sub_taobao_user_id",
    "sub_taobao_user_nick",
)


class Token:
    """A seller's authorization: ``access_token`` is the session key ``execute`` takes. Durations
    are whole seconds; user ids are text with their exact digits; nicks are URL-decoded; fields
    this version does not know (or whose type does not fit) are kept in ``extra``."""

    __slots__ = _TOKEN_FIELDS + ("extra",)

    access_token: Optional[str]
    token_type: Optional[str]
    expires_in: Optional[int]
    refresh_token: Optional[str]
    re_expires_in: Optional[int]
    r1_expires_in: Optional[int]
    r2_expires_in: Optional[int]
    w1_expires_in: Optional[int]
    w2_expires_in: Optional[int]
    taobao_user_id: Optional[str]
    taobao_user_nick: Optional[str]
    sub_taobao_user_id: Optional[str]
    sub_taobao_user_nick: Optional[str]
    extra: Dict[str, object]

    def __init__(self) -> None:
        for name in _TOKEN_FIELDS:
            setattr(self, name, None)
        self.extra = {}

    def __repr__(self) -> str:
        shown = [
            f"{n}={MASK if n in ('access_token', 'refresh_token') else repr(getattr(self, n))}"
            for n in _TOKEN_FIELDS
            if getattr(self, n) is not None
        ]
        return f"Token({', '.join(shown)})"

    __str__ = __repr__

    @staticmethod
    def from_json(data: Mapping[str, object]) -> Token:
        """The token of a decoded answer (the token endpoint's, or a decoded ``token_result``)."""
        token = Token()
        for key, value in data.items():
            whole = _whole(value)
            if key in _SECONDS and whole is not None:
                setattr(token, key, whole)
            elif key in _TEXTS and isinstance(value, str):
                setattr(token, key, value)
            elif key in _USER_IDS and whole is not None:
                setattr(token, key, str(whole) if type(value) is int else value)
            elif key in _NICKS and isinstance(value, str):
                setattr(token, key, unquote(value))
            else:
                token.extra[key] = value
        return token


class TokenRefreshResponse(Struct):
    """The answer of ``taobao.top.auth.token.refresh``: the new token as a JSON string."""

    __slots__ = ("token_result", "request_id", "extra")

    token_result: Optional[str]
    request_id: Optional[str]
    extra: Dict[str, object]

    def __init__(
        self,
        *,
        token_result: Optional[str] = None,
        request_id: Optional[str] = None,
        extra: Optional[Dict[str, object]] = None,
    ) -> None:
        self.token_result = token_result
        self.request_id = request_id
        self.extra = {} if extra is None else extra

    def __repr__(self) -> str:
        return f"TokenRefreshResponse(token_result=***, request_id={self.request_id!r})"


class TokenRefreshRequest(Struct):
    """``taobao.top.auth.token.refresh``: a new token for a refresh token."""

    __slots__ = ("refresh_token", "extra")

    refresh_token: Optional[str]
    extra: Dict[str, object]

    API: ClassVar[ApiInfo] = ApiInfo(
        "taobao.top.auth.token.refresh",
        None,
        "top_auth_token_refresh_response",
        idempotent=False,
        session_required=False,
    )

    def __init__(self, *, refresh_token: Optional[str] = None, extra: Optional[Dict[str, object]] = None) -> None:
        self.refresh_token = refresh_token
        self.extra = {} if extra is None else extra

    def __repr__(self) -> str:
        return "TokenRefreshRequest(refresh_token=***)"

    @staticmethod
    def _api() -> ApiInfo:
        return TokenRefreshRequest.API

    @staticmethod
    def _response() -> type[TokenRefreshResponse]:
        return TokenRefreshResponse


describe(TokenRefreshRequest, Param("refresh_token", STRING, required=True))
describe(TokenRefreshResponse, Param("token_result", STRING), Param("request_id", STRING))


class _OAuthCore(Generic[TransportT]):
    """The settings, the authorize URL and the token request, shared by the sync and async
    clients; each says which transport it makes for itself when none is given."""

    def __init__(
        self,
        app_key: str,
        secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        connect_timeout: float = 10.0,
        timeout: float = 30.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: Optional[TransportT] = None,
    ) -> None:
        self.app_key = app_key
        self._secret = Secret(secret)
        self.base_url = base_url.rstrip("/")
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.transport: TransportT = transport if transport is not None else self._own_transport()

    def _own_transport(self) -> TransportT:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(app_key={self.app_key!r}, secret=***, base_url={self.base_url!r})"

    def authorize_url(self, redirect_uri: str, state: str, view: Optional[str] = None) -> str:
        """Where to send the seller: ``{base}/authorize?response_type=code&client_id=…&redirect_uri=…&state=…[&view=…]``."""
        params: Tuple[Tuple[str, str], ...] = (
            ("response_type", "code"),
            ("client_id", self.app_key),
            ("redirect_uri", redirect_uri),
            ("state", state),
        )
        if view is not None:
            params += (("view", view),)
        return f"{self.base_url}/authorize?{form_encode(params).decode('ascii')}"

    def _token_request(self, code: str, redirect_uri: str) -> PreparedRequest:
        """``POST {base}/token`` with the form of the contract, in its order."""
        body = form_encode(
            (
                ("grant_type", "authorization_code"),
                ("code", code),
                ("client_id", self.app_key),
                ("client_secret", self._secret.reveal()),
                ("redirect_uri", redirect_uri),
            )
        )
        return PreparedRequest(f"{self.base_url}/token", _FORM, body, (), (), "", _TOKEN_API, None, [])


class OAuthClient(_OAuthCore[Transport]):
    """Session keys for an app: the authorize URL, the code exchange and refreshing."""

    def _own_transport(self) -> Transport:
        return HttpTransport()

    def exchange_code(self, code: str, redirect_uri: str) -> Token:
        """The token for the ``code`` the seller's browser brought back (single use; never retried)."""
        prepared = self._token_request(code, redirect_uri)
        status, answer = self.transport.send(prepared, self.connect_timeout, self.timeout, self.max_response_bytes)
        return read_token(status, answer)

    def refresh(self, refresh_token: str, client: SyncClient) -> Token:
        """A new token through ``client`` (a TOP client of the same app) with
        ``taobao.top.auth.token.refresh``; its ``token_result`` (a JSON string) is decoded. A
        gateway error says that refresh is only allowed for apps sold on the service market."""
        with _refresh_refused():
            rsp = client.execute(TokenRefreshRequest(refresh_token=refresh_token))
        return _refreshed(rsp)


class AsyncOAuthClient(_OAuthCore[AsyncTransport]):
    """:class:`OAuthClient` for asyncio: the same URL, requests, token and errors; its own
    transport is :class:`HttpxTransport`."""

    def _own_transport(self) -> AsyncTransport:
        return HttpxTransport()

    async def exchange_code(self, code: str, redirect_uri: str) -> Token:
        """The token for the ``code`` the seller's browser brought back (single use; never retried)."""
        prepared = self._token_request(code, redirect_uri)
        status, answer = await self.transport.send(
            prepared, self.connect_timeout, self.timeout, self.max_response_bytes
        )
        return read_token(status, answer)

    async def refresh(self, refresh_token: str, client: AsyncClientCore) -> Token:
        """:meth:`OAuthClient.refresh` through an async TOP client of the same app."""
        with _refresh_refused():
            rsp = await client.execute(TokenRefreshRequest(refresh_token=refresh_token))
        return _refreshed(rsp)

    async def aclose(self) -> None:
        """Closes the transport's connections."""
        close = getattr(self.transport, "aclose", None)
        if close is not None:
            await close()


@contextmanager
def _refresh_refused() -> Iterator[None]:
    """Adds to a refresh's gateway error (other than a rate limit) why refresh may be refused."""
    try:
        yield
    except GatewayError as e:
        if not isinstance(e, RateLimitError):
            e._append_note(REFRESH_REFUSED)
        raise


def _refreshed(rsp: TokenRefreshResponse) -> Token:
    """The token in a refresh answer's ``token_result`` (a JSON string)."""
    if rsp.token_result is None:
        raise InvalidBodyError(200, "", "the answer has no token_result")
    return read_token(200, rsp.token_result.encode("utf-8"), decoded="token_result")


def read_token(status: int, answer: bytes, decoded: str = "the token endpoint's answer") -> Token:
    """A token from a JSON answer; ``{"error": …, "error_description": …}`` is a gateway error."""
    text = answer.decode("utf-8", errors="replace")
    try:
        data = loads_bytes(answer)
    except BodyNotJson as e:
        if not 200 <= status < 300:
            raise HttpStatusError(status, text) from None
        raise InvalidBodyError(status, _without_tokens(text), f"{decoded} is not JSON: {e}") from None
    if isinstance(data, dict) and "error" in data:
        fields = {"code": _text(data["error"])}
        if data.get("error_description") is not None:
            fields["msg"] = _text(data["error_description"])
        raise GatewayError(fields, text)
    if not 200 <= status < 300:
        raise HttpStatusError(status, text)
    if not isinstance(data, dict):
        raise InvalidBodyError(status, _without_tokens(text), f"{decoded} is not a JSON object")
    return Token.from_json(data)


def _whole(value: object) -> Optional[int]:
    """A JSON integer, or text of ASCII digits, as an int; ``None`` for anything else."""
    if type(value) is int:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _without_tokens(text: str) -> str:
    """An answer that did not parse is not kept: it may hold a token."""
    return f"<{len(text)} characters>"
