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

__version__: str

__all__ = [
    "AsyncClient",
    "BatchCall",
    "BatchResult",
    "BatchValidationError",
    "Client",
    "ClientError",
    "ConnectError",
    "ConnectionLostError",
    "ENDPOINT_OVERSEAS",
    "ENDPOINT_PRODUCTION",
    "ENDPOINT_PRODUCTION_HTTP",
    "ENDPOINT_SANDBOX",
    "FileInput",
    "GATEWAY",
    "GatewayError",
    "HttpStatusError",
    "InvalidBodyError",
    "Paging",
    "PreparedRequest",
    "RateLimitError",
    "Refund",
    "RefundNegotiatereturnRequest",
    "RefundNegotiatereturnResponse",
    "RefundRefuseMessage",
    "RefundRefuseRequest",
    "RefundRefuseResponse",
    "RefundStatus",
    "RequestTimeoutError",
    "SignMethod",
    "Signed",
    "TransportError",
    "ValidationError",
    "to_json",
]
