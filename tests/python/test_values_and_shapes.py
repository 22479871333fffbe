"""Values of the wrong type (refused at prepare with the contract's words), structs given as
mappings, unknown attributes, and real response shapes: wrapped lists at any depth, request_id on
every TOP response, dates as aware datetimes at GMT+8, misfits kept in extra.

Expected texts come from docs/runtime-contract.md ("Values of the wrong type", "Real response
shapes") and from TOP's documented JSON, never from the client's own output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Optional
from urllib.parse import parse_qsl

import pytest

from taobao_top import Client, RefundNegotiatereturnRequest, RefundRefuseMessage, ValidationError, to_json
from taobao_top._schema import DATE, INT64, STRING, Param, describe, list_of, parse_struct, struct_of

NOW = 1757914823000
SESSION = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805"


def client() -> Client:
    return Client(None, "12129701", "secret", clock=lambda: NOW)


def negotiate(**fields: object) -> RefundNegotiatereturnRequest:
    req = RefundNegotiatereturnRequest(refund_id=110056431137563058, refund_version=1409231007325)
    for name, value in fields.items():
        setattr(req, name, value)
    return req


def error_of(req: RefundNegotiatereturnRequest) -> str:
    with pytest.raises(ValidationError) as caught:
        client().prepare(req, SESSION)
    return str(caught.value)


def sent(req: RefundNegotiatereturnRequest) -> dict[str, str]:
    return dict(parse_qsl(client().prepare(req, SESSION).body.decode("ascii")))


# ---------------------------------------------------------------- wrong types at prepare


@pytest.mark.parametrize("value", ["false", "true", "0", 0, 1, "x"])
def test_a_boolean_takes_only_true_or_false(value: object) -> None:
    assert error_of(negotiate(support_refuse=value)) == "support_refuse: must be true or false"


def test_booleans_are_sent_as_true_false() -> None:
    got = sent(negotiate(support_refuse=False, support_buyer_refuse=True))
    assert (got["support_refuse"], got["support_buyer_refuse"]) == ("false", "true")


@pytest.mark.parametrize(("value", "text"), [("0", "0"), (0, "0"), ("-12", "-12"), (2**63 - 1, str(2**63 - 1))])
def test_an_int64_takes_integers_and_digit_strings(value: object, text: str) -> None:
    assert sent(negotiate(refund_fee=value))["refund_fee"] == text


@pytest.mark.parametrize(("value", "shown"), [(True, "True"), (1.5, "1.5"), ("1e3", "1e3"), (2**63, str(2**63))])
def test_an_int64_refuses_the_rest(value: object, shown: str) -> None:
    assert error_of(negotiate(refund_fee=value)) == f'refund_fee: must be a 64-bit integer, got "{shown}"'


@pytest.mark.parametrize("value", [5, b"text", ["a"], Decimal("1")])
def test_a_string_takes_only_text(value: object) -> None:
    assert error_of(negotiate(negotiate_text=value)) == "negotiate_text: must be a string"


# ---------------------------------------------------------------- structs as mappings


def test_a_mapping_is_encoded_exactly_like_the_struct() -> None:
    typed = sent(negotiate(refuse_message=RefundRefuseMessage(refuse_reason_id=7, refuse_message="不同意")))
    mapped = sent(negotiate(refuse_message={"refuse_reason_id": 7, "refuse_message": "不同意"}))
    assert mapped == typed
    assert typed["refuse_message"] == '{"refuse_reason_id":7,"refuse_message":"不同意"}'


def test_a_mapping_is_validated_like_the_struct() -> None:
    assert (
        error_of(negotiate(refuse_message={"refuse_reason_id": "seven"}))
        == 'refuse_message.refuse_reason_id: must be a 64-bit integer, got "seven"'
    )


def test_an_unknown_key_is_refused() -> None:
    assert (
        error_of(negotiate(refuse_message={"refuse_reason_idd": 7}))
        == "refuse_message.refuse_reason_idd: is not a field of RefundRefuseMessage"
    )


@pytest.mark.parametrize("value", ["{}", 7, ["refuse_reason_id"]])
def test_anything_else_for_a_struct_is_refused(value: object) -> None:
    assert error_of(negotiate(refuse_message=value)) == "refuse_message: must be an object"


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    req = negotiate()
    with pytest.raises(AttributeError):
        req.refund_idd = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        RefundRefuseMessage().refuse_reasn = 1  # type: ignore[attr-defined]


# ---------------------------------------------------------------- response shapes


@dataclass
class Order:
    oid: Optional[int] = None
    title: Optional[str] = None
    created: Optional[datetime] = None
    tags: Optional[list[str]] = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Trade:
    tid: Optional[int] = None
    orders: Optional[list[Order]] = None
    ids: Optional[list[int]] = None
    modified: Optional[datetime] = None
    extra: dict[str, object] = field(default_factory=dict)


describe(
    Order, Param("oid", INT64), Param("title", STRING), Param("created", DATE), Param("tags", list_of(STRING))
)
describe(
    Trade,
    Param("tid", INT64),
    Param("orders", list_of(struct_of(Order))),
    Param("ids", list_of(INT64)),
    Param("modified", DATE),
)

GMT8 = timezone(timedelta(hours=8))


def test_wrapped_and_plain_lists_parse_alike_at_any_depth() -> None:
    wrapped = {
        "tid": 4262817001234567891,
        "orders": {"order": [{"oid": 4262817001234567892, "tags": {"string": ["a", "b"]}}]},
        "ids": {"number": [1, "2"]},
    }
    plain = {"tid": 4262817001234567891, "orders": [{"oid": 4262817001234567892, "tags": ["a", "b"]}], "ids": [1, 2]}
    for data in (wrapped, plain):
        trade = parse_struct(Trade, data)
        assert trade.orders is not None and trade.orders[0].oid == 4262817001234567892
        assert trade.orders[0].tags == ["a", "b"] and trade.ids == [1, 2] and trade.extra == {}
        assert to_json(trade) == plain  # written back, a list is a plain array


def test_an_empty_wrapper_is_an_empty_list_and_null_leaves_it_unset() -> None:
    assert parse_struct(Trade, {"orders": {}}).orders == []
    assert parse_struct(Trade, {"orders": None}).orders is None


@pytest.mark.parametrize(
    "orders", [{"order": [], "more": []}, {"order": {"oid": 1}}, "[]", 5, [{"oid": 1}, 2], {"order": [None]}]
)
def test_a_list_that_does_not_fit_stays_in_extra(orders: object) -> None:
    trade = parse_struct(Trade, {"tid": 1, "orders": orders})
    assert trade.orders is None and trade.extra == {"orders": orders} and trade.tid == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-15 13:40:23", datetime(2025, 9, 15, 13, 40, 23, tzinfo=GMT8)),
        ("2025-09-15", datetime(2025, 9, 15, 0, 0, 0, tzinfo=GMT8)),
    ],
)
def test_dates_are_aware_datetimes_at_gmt8(text: str, expected: datetime) -> None:
    trade = parse_struct(Trade, {"modified": text})
    assert trade.modified == expected and trade.modified is not None
    assert trade.modified.utcoffset() == timedelta(hours=8)
    assert trade.modified.timestamp() == expected.timestamp()
    assert to_json(trade) == {"modified": expected.strftime("%Y-%m-%d %H:%M:%S")}


@pytest.mark.parametrize("text", ["2025-09-15T13:40:23", "2025-02-30 00:00:00", "15/09/2025", "2025-09-15 13:40", 1757914823])
def test_other_dates_are_misfits(text: object) -> None:
    trade = parse_struct(Trade, {"modified": text})
    assert trade.modified is None and trade.extra == {"modified": text}


def test_every_top_response_has_request_id() -> None:
    from taobao_top import RefundRefuseRequest

    for request in (RefundNegotiatereturnRequest(), RefundRefuseRequest()):
        body = ('{"%s":{"request_id":"0ab1"}}' % request._api().response_key).encode()
        assert client().parse_response(request, body).request_id == "0ab1"  # type: ignore[attr-defined]


def test_objects_of_one_layout_are_still_checked_one_by_one() -> None:
    # The same keys with the same JSON types, value by value different: a bad date, an id
    # beyond 64 bits, then an ordinary one again.
    orders = [
        {"oid": 1, "created": "2025-09-15 13:40:23"},
        {"oid": 2, "created": "2025-13-45 99:99:99"},
        {"oid": 2**63, "created": "2025-09-15 13:40:23"},
        {"oid": 4, "created": "2025-09-15 13:40:23"},
    ]
    trade = parse_struct(Trade, {"orders": {"order": orders}})
    assert trade.orders is not None
    assert [o.oid for o in trade.orders] == [1, 2, None, 4]
    assert trade.orders[1].created is None and trade.orders[1].extra == {"created": "2025-13-45 99:99:99"}
    assert trade.orders[2].extra == {"oid": 2**63} and trade.orders[3].extra == {}


def test_an_integer_beyond_64_bits_in_a_body_is_a_misfit() -> None:
    from taobao_top import RefundRefuseRequest

    body = b'{"refund_refuse_response":{"refund":{"refund_id":99999999999999999999,"status":"X"},"request_id":"r"}}'
    rsp = client().parse_response(RefundRefuseRequest(), body)
    assert rsp.refund is not None and rsp.refund.refund_id == "99999999999999999999"  # a string field keeps digits


def test_integers_beyond_pythons_conversion_limit_keep_their_digits() -> None:
    # Python refuses int <-> str beyond 4,300 digits by default; the contract keeps integers of any
    # size exactly ("What counts as JSON"): such a body is read, not refused.
    from taobao_top import RefundRefuseRequest

    digits = "7" * 5000
    body = (
        '{"refund_refuse_response":{"refund":{"refund_id":%s,"status":"X"},"big":%s,"request_id":"r"}}'
        % (digits, digits)
    ).encode()
    rsp = client().parse_response(RefundRefuseRequest(), body)
    assert rsp.refund is not None and rsp.refund.refund_id == digits  # a string field keeps digits
    assert str(rsp.extra["big"]) == digits
    assert str(to_json(rsp)["big"]) == digits


def test_generated_classes_of_one_layout_fall_back_on_a_misfit() -> None:
    # Slotted generated classes take a compiled per-layout builder when no integer can be beyond
    # 64 bits (wide=False); a value its field refuses must still end in extra, the next object of
    # the same layout must still be typed.
    from taobao_top.trade_fullinfo_get import Trade as GenTrade

    orders = [
        {"oid": 1, "title": "a", "end_time": "2025-09-15 13:40:23"},
        {"oid": 2, "title": "b", "end_time": "2025-13-45 99:99:99"},
        {"oid": 3, "title": "c", "end_time": "2025-09-15 13:40:24"},
    ]
    trade = parse_struct(GenTrade, {"tid": 7, "orders": {"order": orders}}, wide=False)
    assert trade.tid == 7 and trade.orders is not None
    assert [(o.oid, o.title) for o in trade.orders] == [(1, "a"), (2, "b"), (3, "c")]
    gmt8 = timezone(timedelta(hours=8))
    assert trade.orders[0].end_time == datetime(2025, 9, 15, 13, 40, 23, tzinfo=gmt8)
    assert trade.orders[1].end_time is None and trade.orders[1].extra == {"end_time": "2025-13-45 99:99:99"}
    assert trade.orders[2].end_time == datetime(2025, 9, 15, 13, 40, 24, tzinfo=gmt8) and trade.orders[2].extra == {}
