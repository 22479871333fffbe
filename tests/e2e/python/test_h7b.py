"""H7B end to end with the blocking client: the proof image travels as signed base64 text (given
as raw bytes or as base64 already), the typed `data` comes back, and the signature error is the
H7B envelope's error."""

from __future__ import annotations

import base64

import pytest

from mockgw import H7B_APP_KEY, H7B_SECRET, MockGateway
from samples import canned_value, expected_error, png, sha256, webp
from h7b_taobao import (
    Client,
    FileInput,
    GatewayError,
    RefundRefuseRequest,
    RefundRefuseResponse,
    RefundStatus,
    ValidationError,
)

SELLER = "测试店铺"


def refuse_request(proof: FileInput, message: str = "这个是绝好的东西，一定要尝试") -> RefundRefuseRequest:
    return RefundRefuseRequest(
        refund_id=110056431137563058,
        refuse_message=message,
        refuse_proof=proof,
        refund_phase="onsale",
        refund_version="1618846920000",
    )


def assert_refused(rsp: RefundRefuseResponse) -> None:
    expected = canned_value("h7b", "taobao.refund.refuse")
    assert isinstance(rsp, RefundRefuseResponse)
    assert rsp.is_success is True
    assert rsp.request_id == expected["request_id"]
    assert rsp.refund is not None
    assert rsp.refund.refund_id == "110056431137563058"
    assert rsp.refund.status is RefundStatus.SELLER_REFUSE_BUYER
    assert rsp.refund.modified is not None
    assert rsp.refund.modified.strftime("%Y-%m-%d %H:%M:%S") == expected["refund"]["modified"]


@pytest.mark.parametrize("given_as", ["raw bytes", "base64 text"])
def test_refuse_with_a_proof_image_succeeds(mock: MockGateway, given_as: str) -> None:
    proof = png(4096)
    text = base64.b64encode(proof).decode("ascii")
    file = FileInput(proof, "proof.png") if given_as == "raw bytes" else FileInput.from_base64(text, "proof.png")
    client = Client(mock.h7b_url, H7B_APP_KEY, H7B_SECRET, timeout=10.0, sysid="100")

    assert_refused(client.execute(refuse_request(file), SELLER))

    [record] = mock.requests()
    assert record["path"] == "/gateway/taobao/refund/refuse"
    assert record["content_type"].startswith("application/x-www-form-urlencoded")
    assert record["sign_valid"] is True and record["code"] == 0
    assert record["files"] == [], "H7B takes files as base64 text fields, not file parts"
    assert record["params"]["refuse_proof"] == text
    assert record["params"]["tb_seller_nick"] == "***"  # the session parameter, masked by the mock
    assert record["session_sha256"] == sha256(SELLER.encode())
    assert record["params"]["sysid"] == "100"


def test_wrong_secret_is_the_h7b_error_without_the_secret(mock: MockGateway) -> None:
    wrong_secret = "not-the-secret-9f8e7d"
    client = Client(mock.h7b_url, H7B_APP_KEY, wrong_secret, timeout=10.0)

    with pytest.raises(GatewayError) as caught:
        client.execute(refuse_request(FileInput(png(256), "proof.png")), SELLER)

    error = caught.value
    assert error.code == "25"
    assert error.message == "Invalid signature"
    assert error.trace_id is not None and error.trace_id.startswith("mock")
    assert '"code":25' in error.raw_body
    for text in (str(error), repr(error), repr(client), error.raw_body):
        assert wrong_secret not in text
    [record] = mock.requests()
    assert record["sign_valid"] is False and record["code"] == 25


@pytest.mark.parametrize(
    ("case", "request_"),
    [
        ("proof_too_large", refuse_request(FileInput(png(131000), "proof.png"))),
        ("proof_webp_refused", refuse_request(FileInput(webp(1024), "proof.webp"))),
        ("one_character_message", refuse_request(FileInput(png(256), "proof.png"), message="不")),
    ],
    ids=["png-131000-bytes", "webp", "one-character-message"],
)
def test_invalid_requests_are_refused_before_sending(
    mock: MockGateway, case: str, request_: RefundRefuseRequest
) -> None:
    client = Client(mock.h7b_url, H7B_APP_KEY, H7B_SECRET, timeout=10.0)

    with pytest.raises(ValidationError) as caught:
        client.execute(request_, SELLER)

    assert str(caught.value) == expected_error("h7b", "taobao.refund.refuse", case)
    assert mock.requests() == []
