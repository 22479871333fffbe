"""Batch calls (the runtime contract's "Batch calls"): several calls in one HTTP request to
``…/router/batch``, as the official Java ``BatchTaobaoClient`` sends them.

Each call is prepared and validated as a single call; its segment of the body is its own form
encoding of ``method``, its session and its business parameters. The system parameters go in the
query string, signed over their ``key + value`` string *plus the whole body*. The answer holds one
JSON document per call, joined by the same separator, each parsed as that call's own response.
Nothing here does I/O: the clients send the prepared request with their transport and retries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, List, Optional, Sequence, Tuple, TypeVar, Union
from urllib.parse import urlsplit, urlunsplit

from ._errors import ClientError, GatewayError, HttpStatusError, InvalidBodyError, ValidationError
from ._schema import params_of
from ._wire import (
    MASK,
    ApiInfo,
    PreparedRequest,
    canonical_string,
    form_encode,
    sign_string,
    system_parameters,
)

if TYPE_CHECKING:
    from ._runtime import ClientCore, Request

R = TypeVar("R")

#: Joins the calls of the body and the answers of the response.
SEPARATOR = "\r\n-S-\r\n"
#: Starts the segment of parameters shared by every call (only a common ``method`` is hoisted).
PUBLIC = "#PUBLIC#"
#: A call segment with no parameters at all.
EMPTY_SEGMENT = "N"
CONTENT_TYPE = "text/plain;charset=UTF-8"
#: What the transport and the retry rule see: a batch is retried as a non-idempotent call.
BATCH_API = ApiInfo(name="batch", path=None, response_key="", idempotent=False, session_required=False)


class BatchCall(Generic[R]):
    """One call of a batch: a request and, when its API needs one, the seller's session."""

    __slots__ = ("request", "session")

    def __init__(self, request: Request[R], session: Optional[str] = None) -> None:
        self.request = request
        self.session = session

    def __repr__(self) -> str:
        session = None if self.session is None else MASK
        return f"BatchCall(request={self.request!r}, session={session!r})"


class BatchResult(Generic[R]):
    """The outcome of one call of a batch: its typed response, or the error the gateway (or a
    broken answer) gave for that call alone."""

    __slots__ = ("response", "error")

    def __init__(self, response: Optional[R] = None, error: Optional[ClientError] = None) -> None:
        self.response = response
        self.error = error

    def __repr__(self) -> str:
        return (
            f"BatchResult(response={self.response!r})" if self.error is None else f"BatchResult(error={self.error!r})"
        )

    @property
    def ok(self) -> bool:
        return self.error is None

    def get(self) -> R:
        """The response; raises the call's error when it failed."""
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


class BatchValidationError(ValidationError):
    """A call of a batch breaks a rule (or carries a file); nothing was sent. ``index`` is the
    call's position, and the message starts with ``calls[{index}]: ``."""

    def __init__(self, index: int, cause: ValidationError) -> None:
        super().__init__(cause.name, cause.message)
        self.index = index
        self.args = (f"calls[{index}]: {cause}",)


#: What `batch` takes: a request, or a :class:`BatchCall` (request + session).
BatchItem = Union[BatchCall[R], "Request[R]"]


def batch_url(url: str) -> str:
    """The endpoint URL with its last path segment replaced by ``batch``
    (``…/router/rest`` → ``…/router/batch``)."""
    parts = urlsplit(url)
    head = parts.path.rsplit("/", 1)[0] if "/" in parts.path else ""
    return urlunsplit((parts.scheme, parts.netloc, head + "/batch", "", ""))


def plan_batch(
    core: ClientCore[Any], items: Sequence[BatchItem[object]]
) -> Tuple[PreparedRequest, List[BatchCall[object]]]:
    """Validates every call (the first failure wins, prefixed with its index) and builds the one
    request that carries them all."""
    config = core.CONFIG
    if config.routing_parameter is None:
        raise ValueError(f"batch calls need a gateway that names the API in a parameter; {config.name} routes by path")
    if not items:
        raise ValueError("an empty batch has nothing to send")
    calls: List[BatchCall[object]] = [c if isinstance(c, BatchCall) else BatchCall(c) for c in items]
    method = config.routing_parameter
    # Everything of a single call's parameters that goes to the query instead of the segment.
    query_only = {config.app_key_parameter, config.timestamp_parameter, config.sign_parameter}
    query_only.update(name for name, _ in config.fixed_parameters)
    query_only.update(s.parameter for s in config.settings)
    if config.sign_method_parameter is not None:
        query_only.add(config.sign_method_parameter)

    segments: List[List[Tuple[str, str]]] = []
    for index, call in enumerate(calls):
        for p in params_of(type(call.request)):
            if p.type.kind == "file" and getattr(call.request, p.attr, None) is not None:
                raise BatchValidationError(index, ValidationError(p.wire, "files cannot be sent in a batch call"))
        try:
            single = core.prepare(call.request, call.session)
        except ValidationError as e:
            raise BatchValidationError(index, e) from None
        segments.append([(k, v) for k, v in single.params if k not in query_only])

    names = {call.request._api().name for call in calls}
    hoisted = len(names) == 1
    if hoisted:
        segments = [[(k, v) for k, v in segment if k != method] for segment in segments]
    body = _body(segments, hoisted, method, names, config.session_parameter, masked=False)
    masked_body = _body(segments, hoisted, method, names, config.session_parameter, masked=True)

    query = system_parameters(
        config,
        app_key=core.app_key,
        algorithm=core.sign_method,
        settings=core.settings,
        now_millis=core.clock(),
        method=None,
        session=None,
    )
    sign = sign_string(core.sign_method, core._secret.reveal(), canonical_string(query) + body, config.hex_upper)
    params = tuple(sorted(query + [(config.sign_parameter, sign)], key=lambda kv: kv[0].encode("utf-8")))
    url = batch_url(core.url) + "?" + form_encode(params).decode("ascii")
    prepared = PreparedRequest(
        url,
        CONTENT_TYPE,
        body.encode("utf-8"),
        params,
        (),
        sign,
        BATCH_API,
        config.session_parameter,
        query,
        core.sign_method,
        masked_body,
    )
    return prepared, calls


def _body(
    segments: List[List[Tuple[str, str]]],
    hoisted: bool,
    method: str,
    names: set[str],
    session_parameter: Optional[str],
    *,
    masked: bool,
) -> str:
    texts: List[str] = []
    if hoisted:
        texts.append(PUBLIC + form_encode(((method, next(iter(names))),)).decode("ascii"))
    for segment in segments:
        pairs = sorted(segment, key=lambda kv: kv[0].encode("utf-8"))
        if masked:
            pairs = [(k, MASK if k == session_parameter else v) for k, v in pairs]
        texts.append(form_encode(tuple(pairs)).decode("ascii") if pairs else EMPTY_SEGMENT)
    return SEPARATOR.join(texts)


def read_answer(
    core: ClientCore[Any], calls: List[BatchCall[object]], status: int, body: bytes
) -> List[BatchResult[object]]:
    """One result per call from the batch's answer; a batch-level failure is raised."""
    text = body.decode("utf-8", errors="replace")
    if not 200 <= status < 300:
        raise HttpStatusError(status, text)
    parts = body.split(SEPARATOR.encode("ascii"))
    if len(parts) == len(calls):
        results: List[BatchResult[object]] = []
        for call, part in zip(calls, parts):
            try:
                results.append(BatchResult(response=core.parse_response(call.request, part, status)))
            except (GatewayError, InvalidBodyError) as e:
                results.append(BatchResult(error=e))
        return results
    if len(parts) == 1:
        # The gateway refused the batch as a whole: its error_response is the batch's error.
        core.parse_response(calls[0].request, body, status)
        raise InvalidBodyError(status, text, f"one answer for {len(calls)} calls")
    raise InvalidBodyError(status, text, f"{len(parts)} answers for {len(calls)} calls")
