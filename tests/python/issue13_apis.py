"""Two TOP APIs the specs do not carry (yet), described with the runtime's own building blocks
exactly as a generated module would: ``taobao.trade.fullinfo.get`` and ``taobao.time.get``, the
APIs of the runtime contract's worked batch examples. ``tid`` is text here: the contract's second
example sends ``9876543210987654321``, beyond int64, which an int64 ``tid`` would refuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Optional

from taobao_top import _schema as rt
from taobao_top._wire import ApiInfo


@dataclass(slots=True)
class TradeFullinfoGetResponse:
    request_id: Optional[str] = None
    extra: dict[str, object] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class TradeFullinfoGetRequest:
    fields: Optional[str] = None
    tid: Optional[str] = None

    API: ClassVar[ApiInfo] = ApiInfo("taobao.trade.fullinfo.get", None, "trade_fullinfo_get_response", True, True)

    @staticmethod
    def _api() -> ApiInfo:
        return TradeFullinfoGetRequest.API

    @staticmethod
    def _response() -> type[TradeFullinfoGetResponse]:
        return TradeFullinfoGetResponse


@dataclass(slots=True)
class TimeGetResponse:
    time: Optional[str] = None
    request_id: Optional[str] = None
    extra: dict[str, object] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class TimeGetRequest:
    API: ClassVar[ApiInfo] = ApiInfo("taobao.time.get", None, "time_get_response", True, False)

    @staticmethod
    def _api() -> ApiInfo:
        return TimeGetRequest.API

    @staticmethod
    def _response() -> type[TimeGetResponse]:
        return TimeGetResponse


rt.describe(TradeFullinfoGetResponse, rt.Param("request_id", rt.STRING))
rt.describe(
    TradeFullinfoGetRequest, rt.Param("fields", rt.STRING, required=True), rt.Param("tid", rt.STRING, required=True)
)
rt.describe(TimeGetResponse, rt.Param("time", rt.STRING), rt.Param("request_id", rt.STRING))
rt.describe(TimeGetRequest)
