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
    INVALID_SIGNATURE_CODE,
    THROTTLED_CODE,
    ClientError,
    ConnectError,
    ConnectionLostError,
    GatewayError,
    HttpStatusError,
    RateLimitError,
    RequestTimeoutError,
    Signed,
)
from ._wire import PreparedRequest

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


def note_signed(error: ClientError, prepared: PreparedRequest) -> None:
    """On an invalid signature (code 25), adds what the client signed (masked) to the error."""
    if isinstance(error, GatewayError) and error.code == INVALID_SIGNATURE_CODE:
        error._note_signed(Signed(prepared.sign_method, prepared.string_to_sign))


class Attempts:
    """The bookkeeping of one exchange's attempts, the same for the sync and the async client:
    after a failed attempt, :meth:`wait_after` says how long to sleep before the next one, or
    raises the error when it must surface."""

    __slots__ = ("_prepared", "_retries", "_max_delay", "_retried")

    def __init__(self, prepared: PreparedRequest, retries: int, max_delay: float) -> None:
        self._prepared = prepared
        self._retries = retries
        self._max_delay = max_delay
        self._retried = 0

    def wait_after(self, error: ClientError) -> float:
        """Seconds to wait before the next attempt after ``error``; raises ``error`` when no
        retries are left or the rule says it is not retried. An invalid signature (code 25)
        first gets what the client signed (masked)."""
        note_signed(error, self._prepared)
        delay = None
        if self._retried < self._retries:
            delay = retry_delay(error, self._prepared.api.idempotent, self._retried, self._max_delay)
        if delay is None:
            raise error
        self._retried += 1
        return delay
