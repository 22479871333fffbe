"""The error hierarchy: one base class, one subclass per kind of failure.

Every message is written for the caller and never holds the secret.
"""

from __future__ import annotations

import re
from typing import Mapping, NamedTuple, Optional

OUTCOME_UNKNOWN = (
    "the outcome is unknown: the gateway may have applied the request; check its state before repeating it"
)


class ClientError(Exception):
    """Base class of every error this package raises."""

    kind: str = "client"


class ValidationError(ClientError):
    """The request breaks a documented rule; nothing was sent."""

    kind = "validation"

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class Signed(NamedTuple):
    """What the client signed: the sign method and the string to sign, with the session as
    ``***`` (the secret is never part of it)."""

    method: str
    string_to_sign: str


class GatewayError(ClientError):
    """The gateway answered with an error.

    ``fields`` holds the error's fields by wire name, all as text (``code``, ``msg``,
    ``sub_code``, ``sub_msg``, ``request_id`` on TOP; ``code``, ``message``, ``trace_id`` on
    ``code/message/data`` gateways). On an invalid signature (code 25) raised by ``execute``,
    ``signed`` holds what the client signed, and the message ends with it.
    """

    kind = "gateway"
    #: What the client signed, set on code 25 (invalid signature); ``None`` otherwise.
    signed: Optional[Signed] = None

    def __init__(self, fields: Mapping[str, str], raw_body: str) -> None:
        self.fields = dict(fields)
        self.raw_body = raw_body
        parts = [f"{k}={v}" for k, v in self.fields.items()]
        super().__init__("gateway error: " + ", ".join(parts))

    @property
    def code(self) -> str:
        return self.fields.get("code", "")

    @property
    def message(self) -> str:
        """The human-readable reason (``msg`` on TOP, ``message`` elsewhere)."""
        return self.fields.get("msg", self.fields.get("message", ""))

    @property
    def sub_code(self) -> Optional[str]:
        return self.fields.get("sub_code")

    @property
    def sub_msg(self) -> Optional[str]:
        return self.fields.get("sub_msg")

    @property
    def request_id(self) -> Optional[str]:
        return self.fields.get("request_id")

    @property
    def trace_id(self) -> Optional[str]:
        return self.fields.get("trace_id")

    def _note_signed(self, signed: Signed) -> None:
        """Adds what the client signed (for code 25) to the error and its message."""
        if self.signed is None:
            self.signed = signed
            self._append_note(f"the client signed ({signed.method}): {signed.string_to_sign}")

    def _append_note(self, note: str) -> None:
        """Ends the message with ``; {note}`` (the runtime adds what helps the caller)."""
        self.args = (f"{self.args[0]}; {note}",)


#: The gateway's code for a call refused by flow control before the API ran.
THROTTLED_CODE = "7"
#: The gateway's code for an invalid signature.
INVALID_SIGNATURE_CODE = "25"
_BAN = re.compile(r"This ban will last for ([0-9]+) more seconds")


class RateLimitError(GatewayError):
    """Code 7: the gateway throttled the call before the API ran. ``retry_after`` is the ban's
    length in whole seconds when the gateway said it (``This ban will last for N more
    seconds`` in ``sub_msg``, else ``msg``), else ``None``."""

    def __init__(self, fields: Mapping[str, str], raw_body: str) -> None:
        super().__init__(fields, raw_body)
        self.retry_after: Optional[int] = _ban_seconds(self.fields.get("sub_msg"))
        if self.retry_after is None:
            self.retry_after = _ban_seconds(self.fields.get("msg"))


def _ban_seconds(text: Optional[str]) -> Optional[int]:
    found = _BAN.search(text or "")
    return None if found is None else int(found.group(1))


def gateway_error(fields: Mapping[str, str], raw_body: str) -> GatewayError:
    """The gateway error for ``fields``: a :class:`RateLimitError` for code 7."""
    if fields.get("code") == THROTTLED_CODE:
        return RateLimitError(fields, raw_body)
    return GatewayError(fields, raw_body)


class TransportError(ClientError):
    """The exchange with the gateway failed before a usable answer arrived."""

    kind = "transport"

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        #: Whether any byte of the request may have reached the gateway.
        self.sent = sent


class RequestTimeoutError(TransportError):
    """No complete answer within the total timeout (a connect timeout is a :class:`ConnectError`)."""

    kind = "timeout"


class ConnectError(TransportError):
    """The gateway could not be reached (refused, unreachable, DNS, or no connection within the
    connect timeout); nothing was sent."""

    kind = "connect"

    def __init__(self, message: str) -> None:
        super().__init__(message, sent=False)


class ConnectionLostError(TransportError):
    """The connection was reset or closed after the request was sent."""

    kind = "connection"


class HttpStatusError(TransportError):
    """The gateway answered with a non-2xx HTTP status."""

    kind = "http_status"

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP status {status}: {_excerpt(body)}", sent=True)
        self.status = status
        self.body = body


class InvalidBodyError(TransportError):
    """The answer is not the JSON the gateway promises (an HTML page), or its body broke off before
    its ``Content-Length`` or chunked end; ``body`` holds what arrived."""

    kind = "invalid_body"

    def __init__(self, status: int, body: str, reason: str) -> None:
        super().__init__(f"invalid response body (HTTP {status}, {reason}): {_excerpt(body)}", sent=True)
        self.status = status
        self.body = body


def _excerpt(body: str, limit: int = 200) -> str:
    return body if len(body) <= limit else body[:limit] + "..."
