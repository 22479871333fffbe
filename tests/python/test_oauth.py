"""OAuth (docs/runtime-contract.md, "OAuth"): the authorize URL, the code exchange against a small
loopback token server (the exact form body in the contract's order, the typed token with exact
user ids and URL-decoded nicks, the error answer as a gateway error), refresh through
``taobao.top.auth.token.refresh`` with its ``token_result`` JSON string decoded, the refusal
message, and no secret or token in any repr or error."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Iterator, List, Tuple

import pytest

from taobao_top import Client, GatewayError, RateLimitError
from taobao_top._wire import PreparedRequest
from taobao_top.oauth import REFRESH_REFUSED, SANDBOX_BASE_URL, OAuthClient, Token

APP_KEY = "12129701"
SECRET = "test-secret-0123"
ACCESS = "6101e2b7d6b6cbfe0fe20d1f5ff1fb4e09ca4bbeb0d6a402206508390"
REFRESH = "6102d2b2f5c1f1a8d4c1a1be6ce6dd1c1df5b2d5bd1dd4f2206508390"


class TokenServer:
    """A one-route HTTP server on 127.0.0.1: records each POST to /token and answers canned JSON."""

    def __init__(self) -> None:
        self.requests: List[Tuple[str, str, bytes]] = []
        self.answers: List[Tuple[int, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                length = int(self.headers.get("Content-Length", "0"))
                outer.requests.append((self.path, self.headers.get("Content-Type", ""), self.rfile.read(length)))
                status, body = outer.answers.pop(0)
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[TokenServer]:
    s = TokenServer()
    yield s
    s.close()


TOKEN_BODY = (
    '{"w1_expires_in":86400,"refresh_token_valid_time":1757914823000,"taobao_user_nick":"%E5%95%86%E5%AE%B6%E6%B5%8B%E8%AF%95",'
    f'"w2_expires_in":0,"access_token":"{ACCESS}","taobao_user_id":2200123456789012345,"token_type":"Bearer",'
    f'"re_expires_in":"2592000","expires_in":86400,"refresh_token":"{REFRESH}","r1_expires_in":86400,"r2_expires_in":86400,'
    '"sub_taobao_user_id":"9007199254740993","sub_taobao_user_nick":"a%3Ab","expire_time":1758001223000}'
)


def test_authorize_url_in_the_contracts_order() -> None:
    oauth = OAuthClient(APP_KEY, SECRET)
    assert oauth.authorize_url("https://example.com/cb?x=1", "st 1") == (
        "https://oauth.taobao.com/authorize?response_type=code&client_id=12129701"
        "&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&state=st+1"
    )
    sandbox = OAuthClient(APP_KEY, SECRET, base_url=SANDBOX_BASE_URL)
    assert sandbox.authorize_url("https://e.com/", "s", view="wap") == (
        "https://oauth.tbsandbox.com/authorize?response_type=code&client_id=12129701"
        "&redirect_uri=https%3A%2F%2Fe.com%2F&state=s&view=wap"
    )


def test_exchange_code_posts_the_form_and_types_the_token(server: TokenServer) -> None:
    server.answers.append((200, TOKEN_BODY.encode()))
    token = OAuthClient(APP_KEY, SECRET, base_url=server.url + "/").exchange_code("code 1", "https://e.com/cb")
    path, content_type, body = server.requests[0]
    assert path == "/token"
    assert content_type == "application/x-www-form-urlencoded;charset=utf-8"
    assert body == (
        b"grant_type=authorization_code&code=code+1&client_id=12129701&client_secret=test-secret-0123"
        b"&redirect_uri=https%3A%2F%2Fe.com%2Fcb"
    )
    assert token.access_token == ACCESS and token.refresh_token == REFRESH and token.token_type == "Bearer"
    assert (token.expires_in, token.re_expires_in, token.r1_expires_in, token.r2_expires_in) == (
        86400,
        2592000,
        86400,
        86400,
    )
    assert (token.w1_expires_in, token.w2_expires_in) == (86400, 0)
    assert token.taobao_user_id == "2200123456789012345" and token.sub_taobao_user_id == "9007199254740993"
    assert token.taobao_user_nick == "商家测试" and token.sub_taobao_user_nick == "a:b"
    assert token.extra == {"refresh_token_valid_time": 1757914823000, "expire_time": 1758001223000}
    assert ACCESS not in repr(token) and REFRESH not in repr(token) and "***" in repr(token)


@pytest.mark.parametrize("status", [200, 400])
def test_an_error_answer_is_a_gateway_error(server: TokenServer, status: int) -> None:
    body = '{"error":"invalid_client","error_description":"redirect_uri does not match"}'
    server.answers.append((status, body.encode()))
    oauth = OAuthClient(APP_KEY, SECRET, base_url=server.url)
    with pytest.raises(GatewayError) as caught:
        oauth.exchange_code("c", "https://other.example/")
    assert (caught.value.code, caught.value.message) == ("invalid_client", "redirect_uri does not match")
    for text in (str(caught.value), repr(caught.value), repr(oauth)):
        assert SECRET not in text


def test_a_non_json_answer_does_not_leak_what_it_held(server: TokenServer) -> None:
    server.answers.append((200, f"access_token={ACCESS}".encode()))
    with pytest.raises(Exception) as caught:
        OAuthClient(APP_KEY, SECRET, base_url=server.url).exchange_code("c", "https://e.com/")
    assert caught.value.__class__.__name__ == "InvalidBodyError"
    assert ACCESS not in str(caught.value) and ACCESS not in repr(vars(caught.value))


class Canned:
    def __init__(self, body: str) -> None:
        self.body = body.encode()
        self.sent: List[PreparedRequest] = []

    def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:
        self.sent.append(prepared)
        return 200, self.body


def test_refresh_decodes_token_result() -> None:
    result = json.dumps(
        {
            "access_token": "new-access",
            "refresh_token": "new-refresh",
            "taobao_user_id": 2200123456789012345,
            "expires_in": "86400",
            "re_expires_in": 0,
        }
    )
    transport = Canned(json.dumps({"top_auth_token_refresh_response": {"token_result": result, "request_id": "r1"}}))
    client = Client(None, APP_KEY, SECRET, transport=transport)
    token = OAuthClient(APP_KEY, SECRET).refresh(REFRESH, client)
    assert isinstance(token, Token)
    assert (token.access_token, token.refresh_token, token.expires_in, token.re_expires_in) == (
        "new-access",
        "new-refresh",
        86400,
        0,
    )
    assert token.taobao_user_id == "2200123456789012345"
    params = dict(transport.sent[0].params)
    assert params["method"] == "taobao.top.auth.token.refresh" and params["refresh_token"] == REFRESH
    assert "session" not in params


def test_a_refused_refresh_says_why() -> None:
    body = '{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.refresh-not-allowed"}}'
    client = Client(None, APP_KEY, SECRET, transport=Canned(body))
    with pytest.raises(GatewayError) as caught:
        OAuthClient(APP_KEY, SECRET).refresh(REFRESH, client)
    assert str(caught.value).endswith(f"; {REFRESH_REFUSED}")
    assert REFRESH not in str(caught.value) and SECRET not in str(caught.value)
    throttled = '{"error_response":{"code":7,"msg":"App Call Limited"}}'
    with pytest.raises(RateLimitError) as limited:
        OAuthClient(APP_KEY, SECRET).refresh(REFRESH, Client(None, APP_KEY, SECRET, transport=Canned(throttled)))
    assert REFRESH_REFUSED not in str(limited.value)


class AsyncCanned:
    """An async transport answering every call with one body."""

    def __init__(self, body: str) -> None:
        self.body = body.encode()
        self.sent: List[PreparedRequest] = []

    async def send(self, prepared: PreparedRequest, *rest: object) -> Tuple[int, bytes]:
        self.sent.append(prepared)
        return 200, self.body


def test_async_refresh_and_exchange_follow_the_sync_contract(server: TokenServer) -> None:
    import asyncio

    from taobao_top import AsyncClient
    from taobao_top.oauth import AsyncOAuthClient

    result = json.dumps({"access_token": "new-access", "taobao_user_id": 2200123456789012345, "expires_in": "86400"})
    transport = AsyncCanned(json.dumps({"top_auth_token_refresh_response": {"token_result": result}}))
    refused = AsyncCanned('{"error_response":{"code":15,"msg":"Remote service error"}}')
    server.answers.append((200, TOKEN_BODY.encode()))

    async def run() -> Tuple[Token, GatewayError, Token]:
        oauth = AsyncOAuthClient(APP_KEY, SECRET, base_url=server.url)
        refreshed = await oauth.refresh(REFRESH, AsyncClient(None, APP_KEY, SECRET, transport=transport))
        with pytest.raises(GatewayError) as caught:
            await oauth.refresh(REFRESH, AsyncClient(None, APP_KEY, SECRET, transport=refused))
        exchanged = await oauth.exchange_code("code 1", "https://e.com/cb")
        await oauth.aclose()
        return refreshed, caught.value, exchanged

    refreshed, error, exchanged = asyncio.run(asyncio.wait_for(run(), 30.0))
    assert (refreshed.access_token, refreshed.taobao_user_id, refreshed.expires_in) == (
        "new-access",
        "2200123456789012345",
        86400,
    )
    assert dict(transport.sent[0].params)["refresh_token"] == REFRESH
    assert str(error).endswith(f"; {REFRESH_REFUSED}") and REFRESH not in str(error)
    # The exchange posts the same form as the sync client, in the contract's order.
    assert server.requests[0][2] == (
        b"grant_type=authorization_code&code=code+1&client_id=12129701&client_secret=test-secret-0123"
        b"&redirect_uri=https%3A%2F%2Fe.com%2Fcb"
    )
    assert exchanged.access_token == ACCESS and exchanged.taobao_user_nick == "商家测试"
