"""The H7B rules the runtime contract settled, on the real h7b_taobao package without a network:
`blank_values: include` sends what is set (an empty session too, and U+001C), the required session
is checked first, and only the JSON integer 0 or the string "0" is success."""

from __future__ import annotations

from typing import Optional

import pytest

from h7b_taobao import Client, FileInput, GatewayError, RefundRefuseRequest, ValidationError

PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


def client() -> Client:
    return Client(None, "h7b-app", "h7b-secret", clock=lambda: 1757914823000)


def refuse(message: str = "不同意") -> RefundRefuseRequest:
    return RefundRefuseRequest(refund_id=110056431137563058, refuse_message=message, refuse_proof=FileInput(PNG))


def test_an_empty_session_is_sent_and_signed_under_include() -> None:
    prepared = client().prepare(refuse(), "")
    assert ("tb_seller_nick", "") in prepared.params
    assert b"tb_seller_nick=" in prepared.body.split(b"&")


def test_java_whitespace_is_still_sent_under_include() -> None:
    prepared = client().prepare(refuse(), "\u001c")
    assert ("tb_seller_nick", "\u001c") in prepared.params


def test_a_missing_session_is_refused_before_the_parameters() -> None:
    with pytest.raises(ValidationError) as caught:
        client().prepare(refuse(message="x"), None)  # the message alone would fail its length check
    assert str(caught.value) == "tb_seller_nick: is required"


def test_the_session_is_masked_when_printed() -> None:
    prepared = client().prepare(refuse(), "测试店铺")
    assert "测试店铺" not in repr(prepared) and "测试店铺" not in prepared.canonical
    assert "tb_seller_nick***" in prepared.canonical


@pytest.mark.parametrize("code", [b"0", b'"0"'])
def test_success_is_integer_zero_or_string_zero(code: bytes) -> None:
    body = b'{"code":' + code + b',"message":"ok","data":{"request_id":"r1"}}'
    assert client().parse_response(refuse(), body).request_id == "r1"


@pytest.mark.parametrize(
    ("code", "text"), [(b"false", "false"), (b"0.0", "0.0"), (b'"ok"', "ok"), (b"null", None), (b'"00"', "00")]
)
def test_anything_else_is_a_gateway_error(code: bytes, text: Optional[str]) -> None:
    body = b'{"code":' + code + b',"message":"m","data":{"request_id":"r1"}}'
    with pytest.raises(GatewayError) as caught:
        client().parse_response(refuse(), body)
    assert caught.value.fields.get("code") == text
    assert caught.value.message == "m"


def test_a_missing_code_is_a_gateway_error() -> None:
    with pytest.raises(GatewayError):
        client().parse_response(refuse(), b'{"data":{"request_id":"r1"}}')


@pytest.mark.parametrize(("value", "text"), [(True, "true"), (False, "false")])
def test_boolean_setting(value: bool, text: str) -> None:
    # sysid is a text setting in the spec; a bool from a caller without a type checker is still
    # sent as true/false.
    c = Client(None, "h7b-app", "h7b-secret", clock=lambda: 1757914823000, sysid=value)  # type: ignore[arg-type]
    assert ("sysid", text) in c.prepare(refuse(), "店").params
