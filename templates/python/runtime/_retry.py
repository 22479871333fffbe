"""The retry rule of the runtime contract ("Retries"): which failures are attempted again and how
long to wait first. Pure functions of the error, so the rule is tested without a network or clock.

| error                                                             | base  | APIs             |
|-------------------------------------------------------------------|-------|------------------|
| ``connect`` (nothing was sent)                                    | 0.2 s | every API        |
| gateway code 7 (throttled: refused before the API ran)            | 1 s   | every API        |
| ``timeout``, ``connection``, ``http_status`` >= 500, ``isp.*``    | 0.2 s | idempotent only  |

Retry ``k`` (0 for the first) waits ``min(base * 2**k, max_delay)`` (``max_delay`` is the client's
``max_retry_delay``, 10 s unless set). Nothing else is retried. A rate-limit ban (code 7) that
says its length ``N`` waits exactly ``N`` s instead, when ``N <= max_delay``; a longer ban is
returned at once (a sooner retry is certain to fail, a longer sleep was not allowed).
"""

from __future__ import annotations

from typing import Optional

from ._errors import (
    THROTTLED_CODE,
    ClientError,
    ConnectError,
    ConnectionLostError,
    GatewayError,
    HttpStatusError,
    RateLimitError,
    RequestTimeoutError,
)

#: The longest wait between two attempts, in seconds.
MAX_DELAY = 10.0
#: The base wait after the gateway throttled the call (code 7), in seconds.
THROTTLED_BASE = 1.0
#: The base wait after every other retryable failure, in seconds.
TRANSIENT_BASE = 0.2
#: Doubling stops mattering long before this: ``0.2 * 2**6`` is already past the cap.
_MAX_DOUBLINGS = 16


def retry_base(error: ClientError, idempotent: bool) -> Optional[float]:
    """The base wait for ``error``, or ``None`` when the rule says it must surface."""
    if isinstance(error, ConnectError):
        return TRANSIENT_BASE
    if isinstance(error, GatewayError):
        if error.code == THROTTLED_CODE:
            return THROTTLED_BASE
        if idempotent and (error.sub_code or "").startswith("isp."):
            return TRANSIENT_BASE
        return None
    if not idempotent:
        return None
    if isinstance(error, (RequestTimeoutError, ConnectionLostError)):
        return TRANSIENT_BASE
    if isinstance(error, HttpStatusError) and error.status >= 500:
        return TRANSIENT_BASE
    return None


def retry_delay(error: ClientError, idempotent: bool, retry: int, max_delay: float = MAX_DELAY) -> Optional[float]:
    """Seconds to wait before retry number ``retry`` (0 for the first), or ``None`` when
    ``error`` is not retried. The caller decides whether any retries are left."""
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        return float(error.retry_after) if error.retry_after <= max_delay else None
    base = retry_base(error, idempotent)
    if base is None:
        return None
    return min(base * 2.0 ** min(retry, _MAX_DOUBLINGS), max_delay)
