"""H7B partner gateway (蜂巢开放平台)

蜂巢开放平台的淘宝接口网关：每个操作一个路径（/gateway/<platform>/<resource>/<action>）。
A partner gateway with one URL path per operation, signed with lower-case MD5.
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
    ENDPOINT_PRODUCTION,
    GATEWAY,
    SignMethod,
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
    "ENDPOINT_PRODUCTION",
    "FileInput",
    "GATEWAY",
    "GatewayError",
    "HttpStatusError",
    "InvalidBodyError",
    "Paging",
    "PreparedRequest",
    "RateLimitError",
    "Refund",
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
