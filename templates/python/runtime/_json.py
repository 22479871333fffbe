"""Strict JSON for response bodies (RFC 8259 in UTF-8), with exact integers and decimals.

Everything the contract refuses becomes :class:`BodyNotJson` with a short reason: bytes that are
not UTF-8, ``NaN``/``Infinity``, an escaped lone surrogate, more than 127 nested arrays/objects,
trailing data. One leading UTF-8 BOM is skipped; duplicate keys keep the last value.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

#: The deepest nesting of arrays and objects accepted.
MAX_DEPTH = 127

_BOM = b"\xef\xbb\xbf"
#: An escape sequence's backslash and the byte after it.
_ESCAPE = re.compile(rb"\\.", re.S)
#: Every byte except brackets and quotes.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STRING = re.compile(rb'"[^"]*"')
_INNER_PAIR = re.compile(rb"\[\]|\{\}")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class BodyNotJson(ValueError):
    """The body is not the strict JSON the contract asks for; the message says why."""


def _no_constant(name: str) -> object:
    raise BodyNotJson(f"{name} is not JSON")


def _exact_int(digits: str) -> object:
    """An integer literal as ``int``, or as an exact ``Decimal`` when it is too long for ``int``."""
    try:
        return int(digits)
    except ValueError:
        return Decimal(digits)


def loads_bytes(body: bytes) -> object:
    """Parses a response body: integers exact (``int``), fractions as ``Decimal``."""
    if body.startswith(_BOM):
        body = body[3:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BodyNotJson(f"not UTF-8 (byte {e.start})") from None
    return _loads(text, body)


def loads(text: str) -> object:
    """Parses JSON text strictly (see the module's description)."""
    return _loads(text, text.encode("utf-8", "surrogatepass"))


def _loads(text: str, body: bytes) -> object:
    if _depth(body) > MAX_DEPTH:
        raise BodyNotJson(f"nested deeper than {MAX_DEPTH} levels")
    try:
        try:
            value = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
        except ValueError as e:
            if isinstance(e, json.JSONDecodeError):
                raise
            # An integer beyond Python's int/str conversion limit (4,300 digits by default): read
            # again, that one integer as an exact Decimal (the limit is the process's; it stays).
            value = json.loads(text, parse_float=Decimal, parse_int=_exact_int, parse_constant=_no_constant)
    except BodyNotJson:
        raise
    except RecursionError:
        raise BodyNotJson(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as e:
        raise BodyNotJson(e.msg) from None
    if _SURROGATE_ESCAPE.search(body) is not None and _has_lone_surrogate(value, 0):
        raise BodyNotJson("an escaped lone surrogate")
    return value


#: Digits become "0", every other byte a space.
_DIGIT_MASK = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_RUN_19 = b"0" * 19


def may_hold_wide_integers(body: bytes) -> bool:
    """Whether the body has a run of digits that could be a number beyond 64 bits (20 digits or
    more, or 19 starting with 9). Found with a byte translation and substring searches."""
    mask = body.translate(_DIGIT_MASK)
    at = mask.find(_RUN_19)
    while at >= 0:
        end = at + 19
        if end < len(mask) and mask[end] == 48:
            return True
        if body[at] == 57:
            return True
        at = mask.find(_RUN_19, end)
    return False


def _depth(body: bytes) -> int:
    """The deepest nesting of brackets outside strings (at most MAX_DEPTH + 1 is counted): escapes
    dropped, then everything but brackets and quotes (C speed), then strings, then innermost
    pairs, one level per pass."""
    if b"\\" in body:
        body = _ESCAPE.sub(b"", body)
    brackets = body.translate(None, _NOT_STRUCTURE)
    if brackets.count(b"[") + brackets.count(b"{") <= MAX_DEPTH:
        return 0  # too few to nest deeper
    # Two adjacent quotes never have a bracket between them: dropping them keeps every bracket
    # inside or outside a string as it was, and empties most strings at C speed.
    brackets = brackets.replace(b'""', b"")
    if b'"' in brackets:
        brackets = _STRING.sub(b"", brackets)
    depth = 0
    while brackets and depth <= MAX_DEPTH:
        brackets, n = _INNER_PAIR.subn(b"", brackets)
        if n == 0:
            break  # unbalanced: json.loads says where
        depth += 1
    return depth


def _has_lone_surrogate(value: object, level: int) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_SURROGATE.search(k) is not None or _has_lone_surrogate(v, level + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v, level + 1) for v in value)
    return False
