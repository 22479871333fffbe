"""Describing request and response types, and turning values into wire text and back.

Generated modules describe each class with a tuple of :class:`Param` (wire name, attribute,
:class:`Type`, constraints); everything here works from those descriptions, so the generated
layer holds no logic of its own.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Dict, Optional, Tuple, Type as PyType, TypeVar

from ._errors import ValidationError
from ._files import FileInput, content_type_of, detect_file_type, file_types_label

#: China Standard Time: a fixed +08:00 offset (no daylight saving time).
GMT8 = timezone(timedelta(hours=8), "GMT+8")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Type:
    """A wire type: ``kind`` is one of string, int64, boolean, date, decimal, json, file,
    struct, enum, list."""

    kind: str
    item: Optional[Type] = None
    struct: Optional[Callable[[], PyType[Any]]] = None
    enum: Optional[PyType[Enum]] = None

    @staticmethod
    def list_of(item: Type) -> Type:
        return Type("list", item=item)

    @staticmethod
    def struct_of(cls: Callable[[], PyType[Any]]) -> Type:
        """``cls`` is a function returning the class, so structs may refer to later ones."""
        return Type("struct", struct=cls)

    @staticmethod
    def enum_of(cls: PyType[Enum]) -> Type:
        return Type("enum", enum=cls)


STRING = Type("string")
INT64 = Type("int64")
BOOLEAN = Type("boolean")
DATE = Type("date")
DECIMAL = Type("decimal")
JSON = Type("json")
FILE = Type("file")


@dataclass(frozen=True)
class Param:
    """One parameter or struct field: wire name, attribute name, type and constraints."""

    wire: str
    attr: str
    type: Type
    required: bool = False
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    min: Optional[int] = None
    max: Optional[int] = None
    max_items: Optional[int] = None
    max_bytes: Optional[int] = None
    file_types: Tuple[str, ...] = ()
    allowed: Tuple[str, ...] = ()


#: Space separators that Java's ``Character.isWhitespace`` does not count: the no-break spaces.
_NO_BREAK = frozenset("\u00a0\u2007\u202f")
_INT64_TEXT = re.compile(r"-?[0-9]+")


def is_whitespace(char: str) -> bool:
    """Java's ``Character.isWhitespace``: U+0009-U+000D, U+001C-U+001F, the space separators
    (Zs) except the no-break spaces, and the line and paragraph separators."""
    code = ord(char)
    if 0x09 <= code <= 0x0D or 0x1C <= code <= 0x1F or code in (0x2028, 0x2029):
        return True
    return unicodedata.category(char) == "Zs" and char not in _NO_BREAK


def is_blank(text: str) -> bool:
    """Empty or only whitespace (:func:`is_whitespace`): the one blank-ness test of the runtime."""
    return all(is_whitespace(c) for c in text)


def is_int64_text(text: str) -> bool:
    """An optional ``-`` and ASCII digits, nothing else."""
    return _INT64_TEXT.fullmatch(text) is not None


# ---------------------------------------------------------------- validation


def validate(params: Tuple[Param, ...], obj: object, omit_blank: bool, prefix: str = "") -> None:
    """Checks ``obj`` against its parameters in order; raises the first failure."""
    for p in params:
        name = prefix + p.wire
        value = getattr(obj, p.attr, None)
        if value is None or (omit_blank and isinstance(value, str) and is_blank(value)):
            if p.required:
                raise ValidationError(name, "is required")
            continue
        _check_value(p, p.type, value, name, omit_blank)


def _check_value(p: Param, ty: Type, value: object, name: str, omit_blank: bool) -> None:
    if ty.kind == "list":
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        if p.max_items is not None and len(items) > p.max_items:
            raise ValidationError(name, f"must have at most {p.max_items} items, got {len(items)}")
        assert ty.item is not None
        for item in items:
            _check_value(p, ty.item, item, name, omit_blank)
    elif ty.kind == "struct":
        validate(_schema_of(value), value, omit_blank, name + ".")
    elif ty.kind == "int64":
        number = _int64(value, name)
        if p.min is not None and number < p.min:
            raise ValidationError(name, f"must be at least {p.min}, got {number}")
        if p.max is not None and number > p.max:
            raise ValidationError(name, f"must be at most {p.max}, got {number}")
    elif ty.kind == "file":
        _check_file(p, value, name)
    elif ty.kind in ("string", "enum"):
        text = _enum_text(value) if ty.kind == "enum" else str(value)
        _check_length(p, text, name)
        if p.allowed and text not in p.allowed:
            raise ValidationError(name, f'must be one of {", ".join(p.allowed)}; got "{text}"')


def _check_length(p: Param, text: str, name: str) -> None:
    n = len(text)
    lo, hi = p.min_length, p.max_length
    if lo is not None and hi is not None and not lo <= n <= hi:
        raise ValidationError(name, f"must be {lo} to {hi} characters long, got {n}")
    if lo is None and hi is not None and n > hi:
        raise ValidationError(name, f"must be at most {hi} characters long, got {n}")
    if hi is None and lo is not None and n < lo:
        raise ValidationError(name, f"must be at least {lo} characters long, got {n}")


def _check_file(p: Param, value: object, name: str) -> None:
    data = _file(value).content(name)
    if p.max_bytes is not None and len(data) > p.max_bytes:
        raise ValidationError(name, f"must be at most {p.max_bytes} bytes, got {len(data)}")
    if p.file_types and detect_file_type(data) not in p.file_types:
        labels = file_types_label(list(p.file_types))
        raise ValidationError(name, f"must be a {labels} image (checked by its first bytes)")


def _int64(value: object, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and is_int64_text(value):
        number = int(value)
    else:
        raise ValidationError(name, f'must be a 64-bit integer, got "{value}"')
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValidationError(name, f'must be a 64-bit integer, got "{value}"')
    return number


def _file(value: object) -> FileInput:
    return value if isinstance(value, FileInput) else FileInput(bytes(value))  # type: ignore[call-overload]


def _enum_text(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _schema_of(value: object) -> Tuple[Param, ...]:
    schema: Tuple[Param, ...] = getattr(type(value), "_schema")()
    return schema


# ---------------------------------------------------------------- encoding


def format_date(value: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` at GMT+8; a naive datetime is taken as GMT+8 already."""
    if value.tzinfo is not None:
        value = value.astimezone(GMT8)
    return value.strftime(DATE_FORMAT)


def encode_text(ty: Type, value: object) -> str:
    """The text a set (non-file) parameter travels as."""
    if ty.kind == "list":
        assert ty.item is not None
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        if ty.item.kind == "struct":
            return _compact([_json_value(ty.item, v) for v in items])
        return ",".join(encode_text(ty.item, v) for v in items)
    if ty.kind in ("struct", "json"):
        return _compact(_json_value(ty, value))
    return _scalar_text(ty, value)


def _scalar_text(ty: Type, value: object) -> str:
    if ty.kind == "boolean":
        return "true" if value else "false"
    if ty.kind == "date" and isinstance(value, datetime):
        return format_date(value)
    if ty.kind == "decimal" and isinstance(value, Decimal):
        return format(value, "f")
    if ty.kind == "enum":
        return _enum_text(value)
    if ty.kind == "int64":
        return str(int(value))  # type: ignore[call-overload]
    return str(value)


def _json_value(ty: Type, value: object) -> object:
    """A request value as a JSON value (struct fields by wire name, unset ones left out)."""
    if ty.kind == "struct":
        out: Dict[str, object] = {}
        for p in _schema_of(value):
            v = getattr(value, p.attr, None)
            if v is not None:
                out[p.wire] = _json_value(p.type, v)
        return out
    if ty.kind == "list":
        assert ty.item is not None
        item = ty.item
        return [_json_value(item, v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    if ty.kind == "int64":
        return int(value)  # type: ignore[call-overload]
    if ty.kind in ("boolean", "json"):
        return value
    if ty.kind == "file":
        return base64.b64encode(_file(value).content("file")).decode("ascii")
    return _scalar_text(ty, value)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# ---------------------------------------------------------------- responses

T = TypeVar("T")


def loads(text: str) -> object:
    """JSON with exact integers (the stdlib keeps them) and exact decimals."""
    return json.loads(text, parse_float=Decimal)


def parse_struct(cls: PyType[T], data: Dict[str, object]) -> T:
    """Builds ``cls`` from a JSON object: known fields typed, the rest kept in ``extra``."""
    schema: Tuple[Param, ...] = getattr(cls, "_schema")()
    known = {p.wire: p for p in schema}
    values: Dict[str, object] = {}
    extra: Dict[str, object] = {}
    for key, raw in data.items():
        p = known.get(key)
        converted = _from_json(p.type, raw) if p is not None and raw is not None else _MISSING
        if p is None or converted is _MISSING:
            extra[key] = raw
        else:
            values[p.attr] = converted
    obj = cls(**values)
    getattr(obj, "extra").update(extra)
    return obj


_MISSING = object()


def _from_json(ty: Type, raw: object) -> object:
    kind = ty.kind
    if kind == "string" or kind == "decimal":
        return str(raw) if isinstance(raw, (str, int, Decimal)) and not isinstance(raw, bool) else _MISSING
    if kind == "int64":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and is_int64_text(raw) and INT64_MIN <= int(raw) <= INT64_MAX:
            return int(raw)
        return _MISSING
    if kind == "boolean":
        return raw if isinstance(raw, bool) else _MISSING
    if kind == "date":
        try:
            return datetime.strptime(str(raw), DATE_FORMAT).replace(tzinfo=GMT8)
        except ValueError:
            return _MISSING
    if kind == "enum" and ty.enum is not None:
        if not isinstance(raw, str):
            return _MISSING
        try:
            return ty.enum(raw)
        except ValueError:
            return raw
    if kind == "struct" and ty.struct is not None:
        return parse_struct(ty.struct(), raw) if isinstance(raw, dict) else _MISSING
    if kind == "list" and ty.item is not None:
        if not isinstance(raw, list):
            return _MISSING
        items = [_from_json(ty.item, v) for v in raw]
        return _MISSING if any(v is _MISSING for v in items) else items
    return raw


def to_json(obj: object) -> Dict[str, object]:
    """A parsed response written back as JSON: wire names, present fields only, extras merged."""
    out: Dict[str, object] = {}
    for p in _schema_of(obj):
        v = getattr(obj, p.attr, None)
        if v is not None:
            out[p.wire] = _back(p.type, v)
    out.update(getattr(obj, "extra", {}))
    return out


def _back(ty: Type, value: object) -> object:
    if ty.kind == "struct":
        return to_json(value)
    if ty.kind == "list" and ty.item is not None and isinstance(value, list):
        item = ty.item
        return [_back(item, v) for v in value]
    if ty.kind == "date" and isinstance(value, datetime):
        return format_date(value)
    if ty.kind == "enum":
        return _enum_text(value)
    return value


__all__ = [
    "BOOLEAN", "DATE", "DECIMAL", "FILE", "GMT8", "INT64", "JSON", "STRING",
    "FileInput", "Param", "Type", "content_type_of", "encode_text", "loads",
    "parse_struct", "to_json", "validate",
]
