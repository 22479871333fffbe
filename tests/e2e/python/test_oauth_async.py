"""The async OAuth client against the mock's token endpoint (`/token`, as oauth.taobao.com): the
code exchange gives the typed token the sync client gives (exact user id beyond 2^53, URL-decoded
nick), a reused code is the gateway error the contract names, and no secret, code or token leaks
into a repr, an error or the mock's record."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any, Dict

import pytest

from mockgw import TOP_APP_KEY, TOP_SECRET, MockGateway
from taobao_top import GatewayError
from taobao_top.oauth import AsyncOAuthClient, OAuthClient, Token

BOUND = 30.0  # every coroutine runs under this ceiling
CODE = "code-from-the-callback-7f3a"
REDIRECT = "https://example.com/callback"


def expected_access_token(code: str) -> str:
    """The mock's token for a code: `6100` + the first 36 hex digits of SHA-256(code)."""
    return "6100" + hashlib.sha256(code.encode()).hexdigest()[:36]


def fields(token: Token) -> Dict[str, Any]:
    return {name: getattr(token, name) for name in Token.__slots__}


def test_async_exchange_gives_the_typed_token_of_the_sync_client(mock: MockGateway) -> None:
    async def run() -> Token:
        oauth = AsyncOAuthClient(TOP_APP_KEY, TOP_SECRET, base_url=mock.url, timeout=10.0)
        try:
            assert TOP_SECRET not in repr(oauth)
            return await oauth.exchange_code(CODE, REDIRECT)
        finally:
            await oauth.aclose()

    token = asyncio.run(asyncio.wait_for(run(), BOUND))

    assert token.access_token == expected_access_token(CODE)
    assert token.token_type == "Bearer" and (token.expires_in, token.re_expires_in) == (86400, 2592000)
    assert token.taobao_user_id == "22066556789012345"  # a JSON number beyond 2^53, every digit
    assert token.taobao_user_nick == "tb测试店铺"
    assert token.access_token not in repr(token)
    [record] = mock.requests()
    assert record["gateway"] == "oauth" and record["path"] == "/token", record
    assert record["params"]["grant_type"] == "authorization_code" and record["params"]["redirect_uri"] == REDIRECT
    assert TOP_SECRET not in repr(record) and CODE not in repr(record)

    # The sync client, same contract: a fresh code gives a token of the same shape.
    other = "another-code-1c2d"
    sync_token = OAuthClient(TOP_APP_KEY, TOP_SECRET, base_url=mock.url, timeout=10.0).exchange_code(other, REDIRECT)
    assert sync_token.access_token == expected_access_token(other)
    same = {k: v for k, v in fields(token).items() if k not in ("access_token", "refresh_token")}
    assert same == {k: v for k, v in fields(sync_token).items() if k not in ("access_token", "refresh_token")}


def test_a_reused_code_is_a_gateway_error_without_secrets(mock: MockGateway) -> None:
    async def exchange_twice() -> GatewayError:
        oauth = AsyncOAuthClient(TOP_APP_KEY, TOP_SECRET, base_url=mock.url, timeout=10.0)
        try:
            await oauth.exchange_code(CODE, REDIRECT)
            with pytest.raises(GatewayError) as caught:
                await oauth.exchange_code(CODE, REDIRECT)
            return caught.value
        finally:
            await oauth.aclose()

    error = asyncio.run(asyncio.wait_for(exchange_twice(), BOUND))
    assert error.code == "invalid_grant"
    assert error.message == "the code has been used; authorization codes are single use"
    for text in (str(error), repr(error)):
        assert TOP_SECRET not in text and CODE not in text
