"""The wire: gateway configuration, signing, form and multipart bodies, response envelopes.

Nothing here does I/O. ``prepare`` turns a request object into the exact bytes to send;
``parse_body`` turns the bytes that came back into a typed response or a :class:`GatewayError`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Tuple, Type as PyType, TypeVar, Union
from urllib.parse import quote_plus

from ._errors import OUTCOME_UNKNOWN, InvalidBodyError, ValidationError, gateway_error
from ._files import FileInput, content_type_of
from ._json import BodyNotJson, loads_bytes, may_hold_wide_integers
from ._schema import GMT8, Param, check_file, encode_param, format_date, is_blank, parse_struct

R = TypeVar("R")


class Setting(NamedTuple):
    """A client option that becomes a parameter when set (``partner_id``, ``sysid``)."""

    name: str
    parameter: str
    default: Optional[str] = None


class GatewayConfig(NamedTuple):
    """Everything that distinguishes one gateway of the family from another."""

    name: str
    default_url: str
    #: ``method_parameter`` routing names the API in this parameter; ``None`` means path routing.
    routing_parameter: Optional[str]
    app_key_parameter: str
    session_parameter: Optional[str]
    timestamp_parameter: str
    #: ``datetime_gmt8`` or ``unix_seconds``.
    timestamp_format: str
    sign_parameter: str
    sign_method_parameter: Optional[str]
    #: Supported algorithms (``md5``, ``hmac``, ``hmac-sha256``), the default first.
    algorithms: Tuple[str, ...]
    default_algorithm: str
    hex_upper: bool
    #: ``True``: blank text values are neither sent nor signed; ``False``: sent as ``key=``.
    omit_blank: bool
    fixed_parameters: Tuple[Tuple[str, str], ...]
    settings: Tuple[Setting, ...]
    #: ``multipart`` or ``base64_field``.
    files: str
    #: ``top`` or ``code_message_data``.
    envelope: str


class ApiInfo(NamedTuple):
    """What the runtime needs to know about one API."""

    name: str
    path: Optional[str]
    response_key: str
    idempotent: bool
    session_required: bool


class FilePart(NamedTuple):
    name: str
    filename: str
    content_type: str
    content: bytes

    def __repr__(self) -> str:
        return f"FilePart(name={self.name!r}, filename={self.filename!r}, size={len(self.content)})"


class PreparedRequest:
    """The exact request: transport-independent. The body carries the session (it must); when
    printed, the session shows as ``***`` and the body is left out."""

    __slots__ = (
        "url",
        "content_type",
        "body",
        "params",
        "files",
        "sign",
        "api",
        "session_parameter",
        "_signed",
        "sign_method",
        "_signed_suffix",
    )

    def __init__(
        self,
        url: str,
        content_type: str,
        body: bytes,
        params: Tuple[Tuple[str, str], ...],
        files: Tuple[FilePart, ...],
        sign: str,
        api: ApiInfo,
        session_parameter: Optional[str],
        signed: List[Tuple[str, str]],
        sign_method: str = "",
        signed_suffix: str = "",
    ) -> None:
        self.url = url
        self.content_type = content_type
        self.body = body
        #: Text parameters in wire order (system ones sorted, then business ones sorted), ``sign`` included.
        self.params = params
        self.files = files
        self.sign = sign
        self.api = api
        #: The wire name of the session parameter, masked when printed.
        self.session_parameter = session_parameter
        self._signed = signed
        #: The algorithm of ``sign`` (``md5``, ``hmac``, ``hmac-sha256``).
        self.sign_method = sign_method
        #: Signed after the parameters, already masked (a batch's body).
        self._signed_suffix = signed_suffix

    @property
    def canonical(self) -> str:
        """The string that was signed (``key + value`` sorted), for debugging signature errors;
        the session in it shows as ``***``."""
        masked = [(k, MASK if k == self.session_parameter else v) for k, v in self._signed]
        return canonical_string(masked) + self._signed_suffix

    @property
    def string_to_sign(self) -> str:
        """What was signed (``key + value`` in key order, plus the body of a batch), with the
        session as ``***`` and never the secret: compare it with the gateway's complaint."""
        return self.canonical

    def __repr__(self) -> str:
        params = tuple((k, MASK if k == self.session_parameter else v) for k, v in self.params)
        return (
            f"PreparedRequest(url={self.url!r}, content_type={self.content_type!r}, "
            f"body=<{len(self.body)} bytes>, params={params!r}, files={self.files!r}, sign={self.sign!r}, "
            f"canonical={self.canonical!r}, api={self.api.name!r})"
        )

    __str__ = __repr__

    @property
    def headers(self) -> Dict[str, str]:
        return {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}


#: How a secret (the app secret, a session) is printed.
MASK = "***"


def canonical_string(params: List[Tuple[str, str]]) -> str:
    """``key + value`` for every parameter sorted by key (code point order is UTF-8 byte order)."""
    return "".join([k + v for k, v in sorted(params)])


def compute_sign(algorithm: str, secret: str, params: List[Tuple[str, str]], upper: bool) -> str:
    """The signature of ``params`` with ``algorithm`` (``md5``, ``hmac``, ``hmac-sha256``)."""
    return sign_string(algorithm, secret, canonical_string(params), upper)


def sign_string(algorithm: str, secret: str, string_to_sign: str, upper: bool) -> str:
    """The signature of an already built string to sign (a batch signs its body too)."""
    text = string_to_sign.encode("utf-8")
    key = secret.encode("utf-8")
    if algorithm == "hmac-sha256":
        digest = hmac.new(key, text, hashlib.sha256).hexdigest()
    elif algorithm == "md5":
        digest = hashlib.md5(key + text + key).hexdigest()
    elif algorithm == "hmac":
        digest = hmac.new(key, text, hashlib.md5).hexdigest()
    else:
        raise ValueError(f"unknown sign method {algorithm!r}")
    return digest.upper() if upper else digest


#: Java's URLEncoder keeps these; everything else is percent-encoded (space as ``+``).
_KEPT = re.compile(r"[A-Za-z0-9_.*\-]*")
_ASCII_ESCAPES = {
    c: ("+" if c == 32 else f"%{c:02X}") for c in range(128) if not (chr(c).isalnum() or chr(c) in "-_.*")
}


def form_encode(params: Tuple[Tuple[str, str], ...]) -> bytes:
    """``k=v&...`` as Java's URLEncoder: ``A-Z a-z 0-9 - _ . *`` kept, space as ``+``."""
    return "&".join([_enc(k) + "=" + _enc(v) for k, v in params]).encode("ascii")


def _enc(text: str) -> str:
    if _KEPT.fullmatch(text) is not None:
        return text
    if text.isascii():
        return text.translate(_ASCII_ESCAPES)
    return quote_plus(text, safe="*", encoding="utf-8").replace("~", "%7E")


def multipart_encode(params: Tuple[Tuple[str, str], ...], files: Tuple[FilePart, ...]) -> Tuple[str, bytes]:
    """A ``multipart/form-data`` body; the boundary is derived from the content (deterministic)."""
    digest = hashlib.sha256()
    for k, v in params:
        digest.update(f"{k}={v}\n".encode("utf-8"))
    for f in files:
        digest.update(f.name.encode("utf-8") + f.content)
    boundary = "topgen" + digest.hexdigest()[:32]
    out: List[bytes] = []
    for k, v in params:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_q(k)}"\r\n'
            "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
        )
        out.append(head.encode("utf-8"))
        out.append(v.encode("utf-8") + b"\r\n")
    for f in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_q(f.name)}"; '
            f'filename="{_q(f.filename)}"\r\nContent-Type: {f.content_type}\r\n\r\n'
        )
        out.append(head.encode("utf-8") + f.content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return f"multipart/form-data; boundary={boundary}", b"".join(out)


def _q(text: str) -> str:
    """A ``name``/``filename`` value: ``"``, CR and LF percent-encoded (the HTML standard's rule)."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


#: The last GMT+8 timestamp text made, by its Unix second (most calls fall in the same second).
_last_timestamp: Tuple[int, str] = (-1, "")


def timestamp_text(config: GatewayConfig, now_millis: int) -> str:
    global _last_timestamp
    seconds = now_millis // 1000
    if config.timestamp_format == "unix_seconds":
        return str(seconds)
    cached = _last_timestamp
    if cached[0] == seconds:
        return cached[1]
    text = format_date(datetime.fromtimestamp(seconds, GMT8))
    _last_timestamp = (seconds, text)
    return text


def prepare(
    config: GatewayConfig,
    *,
    url: str,
    app_key: str,
    secret: str,
    algorithm: str,
    settings: Mapping[str, Union[str, bool, None]],
    now_millis: int,
    api: ApiInfo,
    params: Tuple[Param, ...],
    request: object,
    session: Optional[str],
) -> PreparedRequest:
    """Checks ``request`` and builds the exact request the contract describes."""
    omit_blank = config.omit_blank
    if api.session_required and config.session_parameter is not None:
        if session is None or (omit_blank and is_blank(session)):
            raise ValidationError(config.session_parameter, "is required")

    business: List[Tuple[str, str]] = []
    files: List[FilePart] = []
    for p in params:
        value = getattr(request, p.attr, None)
        if value is None or (omit_blank and isinstance(value, str) and is_blank(value)):
            if p.required:
                raise ValidationError(p.wire, "is required")
            continue
        if p.type.kind == "file":
            data = check_file(p, value, p.wire)
            if config.files == "multipart":
                filename = FileInput.coerce(value, p.wire).filename
                filename = p.wire if filename is None else filename
                if not _encodable(filename):
                    raise ValidationError(p.wire, NOT_UNICODE)
                files.append(FilePart(p.wire, filename, content_type_of(data), data))
            else:
                business.append((p.wire, base64.b64encode(data).decode("ascii")))
            continue
        business.append((p.wire, encode_param(p, value, omit_blank)))

    system = system_parameters(
        config,
        app_key=app_key,
        algorithm=algorithm,
        settings=settings,
        now_millis=now_millis,
        method=api.name,
        session=session,
    )
    if omit_blank:
        business = [(k, v) for k, v in business if not is_blank(v)]
    signed = system + business
    try:
        sign = compute_sign(algorithm, secret, signed, config.hex_upper)
        unencodable = False
    except UnicodeEncodeError:
        # Raised outside this block: the encoder's error holds the whole signed text (session
        # included) and must not become the validation error's context.
        unencodable = True
    if unencodable:
        raise ValidationError(_unencodable(signed), NOT_UNICODE)
    system.append((config.sign_parameter, sign))
    system.sort()
    business.sort()
    wire = tuple(system + business)

    if files:
        content_type, body = multipart_encode(wire, tuple(files))
    else:
        content_type, body = "application/x-www-form-urlencoded;charset=utf-8", form_encode(wire)
    target = url if api.path is None else url.rstrip("/") + api.path
    return PreparedRequest(
        target, content_type, body, wire, tuple(files), sign, api, config.session_parameter, signed, algorithm
    )


def system_parameters(
    config: GatewayConfig,
    *,
    app_key: str,
    algorithm: str,
    settings: Mapping[str, Union[str, bool, None]],
    now_millis: int,
    method: Optional[str],
    session: Optional[str],
) -> List[Tuple[str, str]]:
    """The system parameters without ``sign`` (blank ones dropped under ``omit``); ``method``
    and ``session`` are left out when ``None`` (a batch's query string has neither)."""
    system: List[Tuple[str, str]] = [(config.app_key_parameter, app_key)]
    if config.routing_parameter is not None and method is not None:
        system.append((config.routing_parameter, method))
    if session is not None and config.session_parameter is not None:
        system.append((config.session_parameter, session))
    system.append((config.timestamp_parameter, timestamp_text(config, now_millis)))
    if config.sign_method_parameter is not None:
        system.append((config.sign_method_parameter, algorithm))
    system.extend(config.fixed_parameters)
    for s in config.settings:
        value = settings.get(s.name, s.default)
        if isinstance(value, bool):
            system.append((s.parameter, "true" if value else "false"))
        elif value is not None:
            system.append((s.parameter, value))
    if config.omit_blank:
        system = [(k, v) for k, v in system if not is_blank(v)]
    return system


#: The validation message of text that UTF-8 cannot carry (a lone surrogate such as ``"\\ud800"``).
NOT_UNICODE = "is not valid Unicode text (it holds a lone surrogate)"


def _unencodable(params: List[Tuple[str, str]]) -> str:
    """The name of the first parameter whose name or value is not valid Unicode."""
    for k, v in params:
        if not (_encodable(k) and _encodable(v)):
            return k if _encodable(k) else "a parameter name"
    return "a parameter"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


_ERROR_FIELDS = {
    "top": ("code", "msg", "sub_code", "sub_msg", "request_id"),
    "code_message_data": ("code", "message", "trace_id"),
}


def describe_failure(prepared: PreparedRequest, what: str, sent: bool) -> str:
    """The message of a transport failure; after sending a non-idempotent call it says the
    outcome is unknown."""
    text = f"{prepared.api.name}: {what}"
    if sent and not prepared.api.idempotent:
        text += f"; {OUTCOME_UNKNOWN}"
    return text


def parse_body(config: GatewayConfig, api: ApiInfo, response: PyType[R], status: int, body: bytes) -> R:
    """The typed response, or :class:`GatewayError` when the envelope says the call failed."""
    try:
        data = loads_bytes(body)
    except BodyNotJson as e:
        raise InvalidBodyError(status, body.decode("utf-8", errors="replace"), f"not JSON: {e}") from e
    if type(data) is not dict:
        raise InvalidBodyError(status, body.decode("utf-8", errors="replace"), "not a JSON object")
    fields = _ERROR_FIELDS[config.envelope]
    payload: object
    if config.envelope == "top":
        error = data.get("error_response")
        if type(error) is dict:
            raise gateway_error(_text_fields(error, fields), body.decode("utf-8", errors="replace"))
        payload = data.get(api.response_key, data)
    else:
        code = data.get("code")
        # Exactly the JSON integer 0 or the string "0": not false, not 0.0.
        if not ((type(code) is int and code == 0) or code == "0"):
            raise gateway_error(_text_fields(data, fields), body.decode("utf-8", errors="replace"))
        payload = data.get("data")
        if payload is None:
            payload = {}
    if type(payload) is not dict:
        raise InvalidBodyError(status, body.decode("utf-8", errors="replace"), "the payload is not a JSON object")
    return parse_struct(response, payload, may_hold_wide_integers(body))


def _text_fields(data: Dict[str, object], names: Tuple[str, ...]) -> Dict[str, str]:
    return {n: _text(data[n]) for n in names if n in data and data[n] is not None}


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


Clock = Callable[[], int]
