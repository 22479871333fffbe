"""Test inputs: real image bytes of an exact size, and the specs' own cases (expected messages
and canned answers come from the specs, never from the client under test)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from typing import Any, Dict

import yaml

from mockgw import ROOT
from taobao_top import RefundNegotiatereturnRequest, RefundRefuseMessage, SignMethod

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SESSION = "f16605bb-1818-41b0-b421-a8559ca990c4"
SIGN_METHODS: list[SignMethod] = ["md5", "hmac", "hmac-sha256"]


def negotiate_request() -> RefundNegotiatereturnRequest:
    """The official SDK sample's request (seed 000), with the curl's full-width commas."""
    req = RefundNegotiatereturnRequest()
    req.refund_id = 112233
    req.refund_version = 1409231007325
    req.refund_fee = 12
    req.negotiate_text = "亲，很抱歉没有让您满意，我们愿意支持您的售后申请，辛苦您接受下协商方案。"
    req.support_refuse = True
    req.refuse_message = RefundRefuseMessage(refuse_reason_id=112233, refuse_message="拒绝留言")
    return req


#: The contract's words for a non-idempotent call whose fate is unknown (docs/runtime-contract.md, "Errors").
OUTCOME_UNKNOWN = (
    "the outcome is unknown: the gateway may have applied the request; check its state before repeating it"
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: int) -> bytes:
    """A valid 1x1 grey PNG padded with a `tEXt` comment to exactly `size` bytes."""
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    iend = _chunk(b"IEND", b"")
    bare = len(PNG_SIGNATURE) + len(ihdr) + len(idat) + len(iend)
    keyword = b"Comment\x00"
    pad = size - bare - 12 - len(keyword)
    if pad < 0:
        raise ValueError(f"a PNG needs at least {bare + 12 + len(keyword)} bytes")
    text = _chunk(b"tEXt", keyword + b"x" * pad)
    data = PNG_SIGNATURE + ihdr + text + idat + iend
    assert len(data) == size
    return data


def webp(size: int) -> bytes:
    """A RIFF/WEBP header (the magic bytes of the specs' `proof_webp_refused` case), zero-padded."""
    head = b"RIFF" + struct.pack("<I", size - 8) + b"WEBPVP8 "
    return head + b"\x00" * (size - len(head))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _api_spec(gateway: str, api: str) -> Dict[str, Any]:
    path = ROOT / "specs" / gateway / "apis" / f"{api}.yaml"
    spec: Dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["api"]
    return spec


def request_case(gateway: str, api: str, name: str) -> Dict[str, Any]:
    """One of the API's `request_cases`, by name."""
    for case in _api_spec(gateway, api)["request_cases"]:
        if case["name"] == name:
            found: Dict[str, Any] = case
            return found
    raise KeyError(f"specs/{gateway}/apis/{api}.yaml has no request case {name!r}")


def expected_error(gateway: str, api: str, case: str) -> str:
    """The validation message a request case expects, exactly as the spec writes it."""
    message: str = request_case(gateway, api, case)["expect"]["error"]
    return message


def _canned_case(gateway: str, api: str) -> Dict[str, Any]:
    """The API's first response case that expects a value: the body the mock answers with."""
    for case in _api_spec(gateway, api)["response_cases"]:
        if "value" in case["expect"]:
            found: Dict[str, Any] = case
            return found
    raise KeyError(f"specs/{gateway}/apis/{api}.yaml has no success response case")


def canned_value(gateway: str, api: str) -> Dict[str, Any]:
    """The typed value the mock's canned success answer stands for (the case's `expect.value`)."""
    value: Dict[str, Any] = _canned_case(gateway, api)["expect"]["value"]
    return value


def canned_body(gateway: str, api: str) -> str:
    """The mock's canned success body, as the spec's response case writes it."""
    body: str = _canned_case(gateway, api)["body"]
    return body
