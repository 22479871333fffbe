"""The rules the runtime contract settled after the cross-language review, checked on the TOP
client without a network: the blank predicate, base64 input, multipart parts, the required
session, mistyped response fields, int64 text, boolean settings and the masked session.

Every expected value comes from docs/runtime-contract.md, not from the client's output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pytest

from taobao_top import (
    Client,
    FileInput,
    RefundNegotiatereturnRequest,
    RefundRefuseRequest,
    ValidationError,
)
from taobao_top._schema import INT64, Param, describe, parse_struct

NOW = 1757914823000
SESSION = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


def client(**settings: str | bool | None) -> Client:
    return Client(None, "12129701", "secret", clock=lambda: NOW, **settings)  # type: ignore[arg-type]


def negotiate(**fields: object) -> RefundNegotiatereturnRequest:
    return RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325, **fields)  # type: ignore[arg-type]


def refuse(proof: FileInput, message: str = "不同意") -> RefundRefuseRequest:
    return RefundRefuseRequest(refund_id=110056431137563058, refuse_message=message, refuse_proof=proof)


def sent(request: RefundNegotiatereturnRequest | RefundRefuseRequest) -> dict[str, str]:
    return dict(client().prepare(request, SESSION).params)


# ---------------------------------------------------------------- blank = Character.isWhitespace


@pytest.mark.parametrize("value", ["\u00a0", "\ufeff", "\u2007", "\u202f"])
def test_no_break_spaces_and_bom_are_not_blank(value: str) -> None:
    assert sent(negotiate(negotiate_text=value))["negotiate_text"] == value


@pytest.mark.parametrize("value", ["\u001c", " \t", "\u2028", "\u3000", "\u000b\u001f", ""])
def test_java_whitespace_is_blank_and_omitted(value: str) -> None:
    assert "negotiate_text" not in sent(negotiate(negotiate_text=value))


def test_required_check_uses_the_same_predicate() -> None:
    with pytest.raises(ValidationError) as caught:
        client().prepare(refuse(FileInput(PNG), "\u001c\u001c"), SESSION)
    assert str(caught.value) == "refuse_message: is required"
    assert sent(refuse(FileInput(PNG), "\u00a0\u00a0"))["refuse_message"] == "\u00a0\u00a0"


# ---------------------------------------------------------------- base64 input


@pytest.mark.parametrize("text", ["iVBORw0KGgoAAAAAAAAAAA==\n", "iVBORw0KGgo\r\nAAAAA AAAAAA==", "\tiVBORw0KGgoAAAAAAAAAAA==\f"])
def test_base64_with_ascii_whitespace_is_accepted(text: str) -> None:
    prepared = client().prepare(refuse(FileInput.from_base64(text, "proof.png")), SESSION)
    assert prepared.files[0].content == PNG


@pytest.mark.parametrize("text", ["abc", "iVBORw0KGgoAAAAAAAAAAA", "iVBORw0KGgo\u00a0AAAAAAAAAAA==", "iVBORw0K-goAAAAAAAAAAA=="])
def test_invalid_base64_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        client().prepare(refuse(FileInput.from_base64(text)), SESSION)
    assert str(caught.value) == "refuse_proof: is not valid base64"


# ---------------------------------------------------------------- multipart


def test_text_parts_carry_a_utf8_content_type() -> None:
    body = client().prepare(refuse(FileInput(PNG, "proof.png")), SESSION).body
    assert (
        b'Content-Disposition: form-data; name="refund_id"\r\n'
        b"Content-Type: text/plain; charset=UTF-8\r\n\r\n110056431137563058\r\n"
    ) in body
    assert b'name="refuse_message"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n' + "不同意".encode() in body


def test_filename_defaults_to_the_parameter_name() -> None:
    prepared = client().prepare(refuse(FileInput(PNG)), SESSION)
    assert b'name="refuse_proof"; filename="refuse_proof"\r\nContent-Type: image/png\r\n' in prepared.body


def test_only_quote_cr_lf_are_escaped_in_filename() -> None:
    prepared = client().prepare(refuse(FileInput(PNG, 'a"b\r\nc\\d%22é.png')), SESSION)
    assert 'filename="a%22b%0D%0Ac\\d%22é.png"'.encode() in prepared.body


# ---------------------------------------------------------------- session


@pytest.mark.parametrize("session", [None, "", " \t", "\u001c"])
def test_missing_or_blank_session_is_refused_before_the_parameters(session: Optional[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        client().prepare(negotiate(refund_fee="--5"), session)
    assert str(caught.value) == "session: is required"
    assert caught.value.name == "session"


def test_session_is_masked_when_printed() -> None:
    prepared = client().prepare(negotiate(), SESSION)
    assert SESSION.encode() in prepared.body
    for text in (repr(prepared), str(prepared), prepared.canonical):
        assert SESSION not in text
        assert "session***" in text or "'session', '***'" in text


# ---------------------------------------------------------------- int64 text


def test_int64_text_with_two_minus_signs_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        client().prepare(negotiate(refund_fee="--5"), SESSION)
    assert str(caught.value) == 'refund_fee: must be a 64-bit integer, got "--5"'


@dataclass
class Counted:
    count: Optional[int] = None
    extra: dict[str, object] = field(default_factory=dict)


describe(Counted, Param("count", INT64))


@pytest.mark.parametrize("raw", ["--5", "-", "5a", "٣", "9223372036854775808"])
def test_response_int64_that_does_not_fit_goes_to_extra(raw: str) -> None:
    parsed = parse_struct(Counted, {"count": raw})
    assert parsed.count is None and parsed.extra == {"count": raw}


def test_response_int64_digit_text() -> None:
    assert parse_struct(Counted, {"count": "-9223372036854775808"}).count == -(2**63)


# ---------------------------------------------------------------- responses


def test_mistyped_known_fields_go_to_extra() -> None:
    body = b'{"refund_refuse_response":{"is_success":"true","refund":{"refund_id":"1","status":3},"request_id":"r"}}'
    rsp = client().parse_response(refuse(FileInput(PNG)), body)
    assert rsp.is_success is None and rsp.extra == {"is_success": "true"}
    assert rsp.refund is not None and rsp.refund.status is None and rsp.refund.extra == {"status": 3}
    assert rsp.request_id == "r"


def test_error_response_counts_only_as_an_object() -> None:
    body = b'{"error_response":"oops","refund_refuse_response":{"request_id":"r"}}'
    assert client().parse_response(refuse(FileInput(PNG)), body).request_id == "r"


# ---------------------------------------------------------------- settings


@pytest.mark.parametrize(("value", "text"), [(True, "true"), (False, "false"), ("true", "true")])
def test_boolean_setting_becomes_true_or_false(value: bool | str, text: str) -> None:
    assert dict(client(simplify=value).prepare(negotiate(), SESSION).params)["simplify"] == text
