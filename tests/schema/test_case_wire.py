"""The signed wire of every request case in a cases file (specs/<gateway>/cases/*.yaml), recomputed
by a second, independent implementation of TOP's documented rules (reference/top-gateway.md:
sort by key, concatenate key+value, md5(secret+S+secret) / HMAC-MD5 / HMAC-SHA256, upper-case
hex; timestamp at GMT+8; form encoding with space as `+`; system parameters sorted, then business
parameters sorted). It reads only the spec files and Python's standard library, never topgen's
output, so the `sign`, `signs_with_other_methods` and `body` written in the cases files are checked
against something other than the code under test.

    python tests/schema/test_case_wire.py specs/top/cases/taobao.trade.fullinfo.get.yaml

prints what this implementation computes for each request case (to write a new case by hand).
"""

from __future__ import annotations

import hashlib
import hmac
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from test_spec_schema import ROOT, load

CASE_FILES = sorted(ROOT.joinpath("specs").glob("*/cases/*.yaml"))
GMT8 = timezone(timedelta(hours=8))


def gateway_of(cases_file: Path) -> dict[str, Any]:
    gateway: dict[str, Any] = load(cases_file.parents[1] / "gateway.yaml")["gateway"]
    return gateway


def text(value: Any) -> str:
    """A case value as sent: booleans lower case, lists of basic values comma-joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(text(v) for v in value)
    assert isinstance(value, (str, int)), f"not a basic value: {value!r}"
    return str(value)


def sign(algorithm: str, secret: str, params: dict[str, str]) -> str:
    joined = "".join(k + params[k] for k in sorted(params)).encode("utf-8")
    key = secret.encode("utf-8")
    if algorithm == "md5":
        return hashlib.md5(key + joined + key).hexdigest().upper()
    digest = {"hmac": hashlib.md5, "hmac-sha256": hashlib.sha256}[algorithm]
    return hmac.new(key, joined, digest).hexdigest().upper()


def wire(gateway: dict[str, Any], api: str, case: dict[str, Any], algorithm: str) -> tuple[str, str]:
    """(sign, urlencoded body) of one request case signed with `algorithm`."""
    signing = gateway["signing"]
    now = datetime.fromisoformat(case["now"]).astimezone(GMT8)
    system = {
        gateway["credentials"]["app_key"]: case["app_key"],
        gateway["routing"]["parameter"]: api,
        gateway["timestamp"]["parameter"]: now.strftime("%Y-%m-%d %H:%M:%S"),
        signing["method_parameter"]: algorithm,
    }
    for fixed in gateway.get("fixed_parameters", []):
        system[fixed["name"]] = fixed["value"]
    settings = case.get("settings", {})
    for setting in gateway.get("settings", []):
        value = settings.get(setting["name"], setting.get("default"))
        if value is not None:
            system[setting["parameter"]] = str(value)
    if case.get("session") is not None:
        system[gateway["credentials"]["session"]["parameter"]] = case["session"]
    business = {k: text(v) for k, v in case.get("params", {}).items()}
    # blank_values: omit — empty and whitespace-only values are neither sent nor signed.
    business = {k: v for k, v in business.items() if v.strip()}
    signature = sign(algorithm, case["secret"], {**system, **business})
    system[signing["parameter"]] = signature

    def encode(items: dict[str, str]) -> list[str]:
        return [f"{quote_plus(k)}={quote_plus(items[k])}" for k in sorted(items)]

    return signature, "&".join(encode(system) + encode(business))


def request_cases() -> list[tuple[Path, str, dict[str, Any]]]:
    found = []
    for path in CASE_FILES:
        cases = load(path)["cases"]
        for case in cases.get("request_cases", []):
            expect = case["expect"]
            if any(k in expect for k in ("sign", "body", "signs_with_other_methods")):
                found.append((path, cases["api"], case))
    return found


CASES = request_cases()


def test_the_cases_files_have_signed_request_cases() -> None:
    assert len(CASES) >= 3, [c["name"] for _, _, c in CASES]


@pytest.mark.parametrize(("path", "api", "case"), CASES, ids=lambda c: c["name"] if isinstance(c, dict) else None)
def test_expected_wire_matches_the_documented_rules(path: Path, api: str, case: dict[str, Any]) -> None:
    gateway = gateway_of(path)
    algorithm = case.get("sign_method", gateway["signing"]["default"])
    expect = case["expect"]
    signature, body = wire(gateway, api, case, algorithm)
    if "sign" in expect:
        assert expect["sign"] == signature
    if "body" in expect:
        assert expect["body"] == body
    for other, other_sign in expect.get("signs_with_other_methods", {}).items():
        assert other_sign == wire(gateway, api, case, other)[0], other


def test_the_signer_reproduces_the_documented_example() -> None:
    """Worked example 1 of the official signing documentation (reference/top-gateway.md)."""
    params = {
        "app_key": "12345678",
        "fields": "num_iid,title,nick,price,num",
        "format": "json",
        "method": "taobao.item.seller.get",
        "num_iid": "11223344",
        "session": "test",
        "sign_method": "md5",
        "timestamp": "2016-01-01 12:00:00",
        "v": "2.0",
    }
    assert sign("md5", "helloworld", params) == "66987CB115214E59E6EC978214934FB8"


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        path = Path(arg).resolve()
        cases = load(path)["cases"]
        gateway = gateway_of(path)
        for case in cases.get("request_cases", []):
            print(f"# {case['name']}")
            for algorithm in gateway["signing"]["algorithms"]:
                signature, body = wire(gateway, cases["api"], case, algorithm)
                print(f"{algorithm}: {signature}")
            print(f"body ({case.get('sign_method', gateway['signing']['default'])}): "
                  + wire(gateway, cases["api"], case, case.get("sign_method", gateway["signing"]["default"]))[1])
