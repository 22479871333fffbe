"""TOP end to end with the blocking client: success with every sign method, a real multipart
upload, the signature error, and validation that stops a request before anything is sent."""

from __future__ import annotations

import pytest

from mockgw import TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import SESSION, SIGN_METHODS, canned_value, expected_error, negotiate_request, png, sha256, webp
from taobao_top import (
    Client,
    FileInput,
    GatewayError,
    RefundNegotiatereturnResponse,
    RefundRefuseRequest,
    RefundRefuseResponse,
    RefundStatus,
    SignMethod,
    ValidationError,
)


def refuse_request(
    proof: bytes, filename: str = "proof.png", message: str = "这个是绝好的东西，一定要尝试"
) -> RefundRefuseRequest:
    return RefundRefuseRequest(
        refund_id=110056431137563058,
        refuse_message=message,
        refuse_proof=FileInput(proof, filename),
        refund_phase="onsale",
        refund_version=1618846920000,
    )


@pytest.mark.parametrize("sign_method", SIGN_METHODS)
def test_negotiatereturn_succeeds_with_each_sign_method(mock: MockGateway, sign_method: SignMethod) -> None:
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, sign_method=sign_method, timeout=10.0)

    rsp = client.execute(negotiate_request(), SESSION)

    assert isinstance(rsp, RefundNegotiatereturnResponse)
    assert rsp.request_id == canned_value("top", "taobao.refund.negotiatereturn")["request_id"]
    [record] = mock.requests()
    assert record["api"] == "taobao.refund.negotiatereturn"
    assert record["sign_valid"] is True and record["code"] == 0
    assert record["params"]["sign_method"] == sign_method
    # The mock masks the session in its record and keeps its SHA-256.
    assert record["params"]["session"] == "***" and record["session_sha256"] == sha256(SESSION.encode())
    assert record["params"]["refund_id"] == "112233"
    assert record["params"]["refuse_message"] == '{"refuse_reason_id":112233,"refuse_message":"拒绝留言"}'


def test_refuse_uploads_the_proof_as_a_multipart_file_part(mock: MockGateway) -> None:
    proof = png(2048)
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)

    rsp = client.execute(refuse_request(proof), SESSION)

    assert isinstance(rsp, RefundRefuseResponse)
    expected = canned_value("top", "taobao.refund.refuse")
    assert rsp.is_success is True
    assert rsp.request_id == expected["request_id"]
    assert rsp.refund is not None
    assert rsp.refund.refund_id == expected["refund"]["refund_id"] == "110056431137563058"
    assert rsp.refund.status is RefundStatus.SELLER_REFUSE_BUYER
    [record] = mock.requests()
    assert record["content_type"].startswith("multipart/form-data; boundary=")
    assert record["sign_valid"] is True and record["code"] == 0
    assert "refuse_proof" not in record["params"], "a multipart file is a file part, never a text parameter"
    assert record["files"] == [
        {
            "name": "refuse_proof",
            "filename": "proof.png",
            "content_type": "image/png",
            "size": 2048,
            "sha256": sha256(proof),
        }
    ]


def test_wrong_secret_is_a_typed_gateway_error_without_the_secret(mock: MockGateway) -> None:
    wrong_secret = "not-the-secret-9f8e7d"
    client = Client(mock.top_url, TOP_APP_KEY, wrong_secret, timeout=10.0)

    with pytest.raises(GatewayError) as caught:
        client.execute(negotiate_request(), SESSION)

    error = caught.value
    assert error.code == "25"
    assert error.message == "Invalid signature"
    assert error.request_id is not None and error.request_id.startswith("mock")
    assert '"error_response"' in error.raw_body and '"code":25' in error.raw_body
    for text in (str(error), repr(error), repr(client), error.raw_body):
        assert wrong_secret not in text
    [record] = mock.requests()
    assert record["sign_valid"] is False and record["code"] == 25


@pytest.mark.parametrize(
    ("case", "request_"),
    [
        ("proof_too_large", refuse_request(png(131000))),
        ("proof_webp_refused", refuse_request(webp(1024), "proof.webp")),
        ("message_too_short", refuse_request(png(2048), message="不")),
    ],
    ids=["png-131000-bytes", "webp", "one-character-message"],
)
def test_invalid_requests_are_refused_before_sending(
    mock: MockGateway, case: str, request_: RefundRefuseRequest
) -> None:
    client = Client(mock.top_url, TOP_APP_KEY, TOP_SECRET, timeout=10.0)

    with pytest.raises(ValidationError) as caught:
        client.execute(request_, SESSION)

    assert str(caught.value) == expected_error("top", "taobao.refund.refuse", case)
    assert mock.requests() == []
