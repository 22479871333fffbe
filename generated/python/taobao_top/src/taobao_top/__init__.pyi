"""Taobao Open Platform (TOP)

淘宝开放平台 REST 网关。所有 API 都以 POST 发往同一个地址，用 `method` 参数区分。
Every API is a POST to one URL and is named by the `method` parameter.
"""

# What type checkers see: every name of the package. At run time `__init__.py` imports the API
# modules only when one of their names is first used.
from ._batch import BatchCall, BatchResult, BatchValidationError
from ._errors import (
    ClientError,
    ConnectError,
    ConnectionLostError,
    GatewayError,
    HttpStatusError,
    InvalidBodyError,
    RateLimitError,
    RequestTimeoutError,
    Signed,
    TransportError,
    ValidationError,
)
from ._files import FileInput
from ._paging import Paging
from ._schema import to_json
from ._wire import PreparedRequest
from .client import (
    AsyncClient,
    Client,
    ENDPOINT_OVERSEAS,
    ENDPOINT_PRODUCTION,
    ENDPOINT_PRODUCTION_HTTP,
    ENDPOINT_SANDBOX,
    GATEWAY,
    SignMethod,
)
from .logistics_offline_send import (
    LogisticsOfflineSendRequest,
    LogisticsOfflineSendResponse,
    Shipping,
)
from .refund_negotiatereturn import (
    RefundNegotiatereturnRequest,
    RefundNegotiatereturnResponse,
    RefundRefuseMessage,
)
from .refund_refuse import (
    Refund,
    RefundRefuseRequest,
    RefundRefuseResponse,
    RefundStatus,
)
from .trade_fullinfo_get import (
    AddressDetail,
    AgreeRefundCheck,
    CombineConsignInfo,
    CombineLogisticsDetail,
    CombineSubItemDo,
    DeliveryPlan,
    ExpandCardInfo,
    IdentifyInfo,
    IdentifyLogisticsInfo,
    IdentifyServiceInfo,
    LogisticServiceTag,
    LogisticsConsignInfo,
    LogisticsModifyInfo,
    LogisticsTag,
    PackageGoodsDetail,
    PromotionDetail,
    SendGoodsDetail,
    SortInfo,
    StepPayDetail,
    TradeExt,
    TradeFullinfoGetRequest,
    TradeFullinfoGetResponse,
)
from .trades_sold_get import (
    TradesSoldGetRequest,
    TradesSoldGetResponse,
)

__version__: str

__all__ = [
    "AddressDetail",
    "AgreeRefundCheck",
    "AsyncClient",
    "BatchCall",
    "BatchResult",
    "BatchValidationError",
    "Client",
    "ClientError",
    "CombineConsignInfo",
    "CombineLogisticsDetail",
    "CombineSubItemDo",
    "ConnectError",
    "ConnectionLostError",
    "DeliveryPlan",
    "ENDPOINT_OVERSEAS",
    "ENDPOINT_PRODUCTION",
    "ENDPOINT_PRODUCTION_HTTP",
    "ENDPOINT_SANDBOX",
    "ExpandCardInfo",
    "FileInput",
    "GATEWAY",
    "GatewayError",
    "HttpStatusError",
    "IdentifyInfo",
    "IdentifyLogisticsInfo",
    "IdentifyServiceInfo",
    "InvalidBodyError",
    "LogisticServiceTag",
    "LogisticsConsignInfo",
    "LogisticsModifyInfo",
    "LogisticsOfflineSendRequest",
    "LogisticsOfflineSendResponse",
    "LogisticsTag",
    "PackageGoodsDetail",
    "Paging",
    "PreparedRequest",
    "PromotionDetail",
    "RateLimitError",
    "Refund",
    "RefundNegotiatereturnRequest",
    "RefundNegotiatereturnResponse",
    "RefundRefuseMessage",
    "RefundRefuseRequest",
    "RefundRefuseResponse",
    "RefundStatus",
    "RequestTimeoutError",
    "SendGoodsDetail",
    "Shipping",
    "SignMethod",
    "Signed",
    "SortInfo",
    "StepPayDetail",
    "TradeExt",
    "TradeFullinfoGetRequest",
    "TradeFullinfoGetResponse",
    "TradesSoldGetRequest",
    "TradesSoldGetResponse",
    "TransportError",
    "ValidationError",
    "to_json",
]
