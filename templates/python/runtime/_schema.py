"""Describing request and response types, and turning values into wire text and back.

Each generated class is described once, after the classes of its module, by
``describe(cls, Param(...), ...)`` (wire name, :class:`Type`, constraints); everything here works
from those tables, so the generated layer holds no logic of its own. The tables that the hot
paths need (wire name → decoder, the enum values) are built once per class, on first use.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from itertools import repeat
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Type as PyType, TypeVar, Union

from ._errors import ValidationError
from ._files import FileInput, content_type_of, detect_file_type, file_types_label

S = TypeVar("S")
#: A struct parameter's value: the generated class, or a mapping with its wire names.
Input = Union[S, Mapping[str, object]]

#: China Standard Time: a fixed +08:00 offset (no daylight saving time).
GMT8 = timezone(timedelta(hours=8), "GMT+8")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class Type:
    """A wire type: ``kind`` is one of string, int64, boolean, date, decimal, json, file,
    struct, enum, list."""

    __slots__ = ("kind", "item", "struct", "enum")

    def __init__(
        self,
        kind: str,
        item: Optional[Type] = None,
        struct: Optional[PyType[Any]] = None,
        enum: Optional[PyType[Enum]] = None,
    ) -> None:
        self.kind = kind
        self.item = item
        self.struct = struct
        self.enum = enum

    def __repr__(self) -> str:
        inner = self.item or self.struct or self.enum
        return f"Type({self.kind!r})" if inner is None else f"Type({self.kind!r}, {inner!r})"


def list_of(item: Type) -> Type:
    return Type("list", item=item)


def struct_of(cls: PyType[Any]) -> Type:
    return Type("struct", struct=cls)


def enum_of(cls: PyType[Enum]) -> Type:
    return Type("enum", enum=cls)


STRING = Type("string")
INT64 = Type("int64")
BOOLEAN = Type("boolean")
DATE = Type("date")
DECIMAL = Type("decimal")
JSON = Type("json")
FILE = Type("file")


class Param:
    """One parameter or struct field: wire name, type, attribute name (the wire name unless
    given) and constraints."""

    __slots__ = (
        "wire",
        "attr",
        "type",
        "required",
        "min_length",
        "max_length",
        "min",
        "max",
        "max_items",
        "max_bytes",
        "file_types",
        "allowed",
    )

    def __init__(
        self,
        wire: str,
        type: Type,
        *,
        attr: Optional[str] = None,
        required: bool = False,
        min_length: Optional[int] = None,
        max_length: Optional[int] = None,
        min: Optional[int] = None,
        max: Optional[int] = None,
        max_items: Optional[int] = None,
        max_bytes: Optional[int] = None,
        file_types: Tuple[str, ...] = (),
        allowed: Tuple[str, ...] = (),
    ) -> None:
        self.wire = wire
        self.attr = wire if attr is None else attr
        self.type = type
        self.required = required
        self.min_length = min_length
        self.max_length = max_length
        self.min = min
        self.max = max
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.file_types = file_types
        self.allowed = allowed

    def __repr__(self) -> str:
        return f"Param({self.wire!r}, {self.type!r})"


class Struct:
    """Base of every generated class: equality and a repr over its slots (unset fields and
    ``extra`` left out of the repr). Attributes a class does not declare are refused
    (``AttributeError``), since every class has ``__slots__``."""

    __slots__ = ()

    def _slot_names(self) -> Tuple[str, ...]:
        names: Tuple[str, ...] = getattr(type(self), "__slots__", ())
        return names

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{n}={getattr(self, n)!r}" for n in self._slot_names() if n != "extra" and getattr(self, n) is not None
        )
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._slot_names())

    __hash__ = None  # type: ignore[assignment]

    if not TYPE_CHECKING:  # type checkers keep flagging misspelt names

        def __getattr__(self, name: str) -> object:
            # Reached only when a slot was never set (parsed objects set just what arrived).
            if name == "extra":
                extra: Dict[str, object] = {}
                object.__setattr__(self, "extra", extra)
                return extra
            if name in getattr(type(self), "__slots__", ()):
                return None
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class Table:
    """What the runtime knows about one generated class, built once."""

    __slots__ = ("cls", "params", "decoders", "by_wire", "expect", "int64", "renamed", "slotted", "layout", "builder")

    def __init__(self, cls: PyType[Any], params: Tuple[Param, ...]) -> None:
        self.cls = cls
        self.params = params
        self.by_wire = {p.wire: p for p in params}
        #: wire name → (attribute, decoder) of every field.
        self.decoders: Dict[str, Tuple[str, Callable[[object, bool], object]]] = {
            p.wire: (p.attr, _decoder(p.type)) for p in params
        }
        #: wire name → the JSON value's type that is taken as it is (str, int, bool).
        self.expect: Dict[str, type] = {p.wire: _AS_IS[p.type.kind] for p in params if p.type.kind in _AS_IS}
        #: The wire names of int64 fields (an int taken as it is must still fit 64 bits).
        self.int64 = frozenset(p.wire for p in params if p.type.kind == "int64")
        #: Generated classes (``Struct``): attributes may be set one by one on a bare object.
        self.slotted = issubclass(cls, Struct)
        #: The last layout parsed: its keys, their JSON types, and the keys needing a look.
        self.layout: Optional[Tuple[Tuple[str, ...], Tuple[type, ...], Tuple[str, ...]]] = None
        #: wire name → attribute, where they differ (``from`` → ``from_``).
        self.renamed = {p.wire: p.attr for p in params if p.attr != p.wire}
        #: The builder of the last layout (see :func:`_builder`), or None when it has none.
        self.builder: Optional[Callable[..., Any]] = None


#: Kinds whose JSON value is the field's value when its type is exactly this.
_AS_IS: Dict[str, type] = {"string": str, "int64": int, "boolean": bool}

_TABLE = "_topgen_table"


def describe(cls: PyType[Any], *params: Param) -> None:
    """Attaches the wire description of ``cls`` (generated modules call this once per class)."""
    setattr(cls, _TABLE, params)


def table_of(cls: PyType[Any]) -> Table:
    """The class's table (built on first use)."""
    found = cls.__dict__.get("_topgen_built")
    if found is None:
        found = Table(cls, getattr(cls, _TABLE))
        setattr(cls, "_topgen_built", found)
    return found


def params_of(cls: PyType[Any]) -> Tuple[Param, ...]:
    return table_of(cls).params


#: Space separators that Java's ``Character.isWhitespace`` does not count: the no-break spaces.
_NO_BREAK = frozenset("\u00a0\u2007\u202f")
_INT64_TEXT = re.compile(r"-?[0-9]+")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_whitespace(char: str) -> bool:
    """Java's ``Character.isWhitespace``: U+0009-U+000D, U+001C-U+001F, the space separators
    (Zs) except the no-break spaces, and the line and paragraph separators."""
    code = ord(char)
    if 0x09 <= code <= 0x0D or 0x1C <= code <= 0x1F or code in (0x2028, 0x2029):
        return True
    return unicodedata.category(char) == "Zs" and char not in _NO_BREAK


def is_blank(text: str) -> bool:
    """Empty or only whitespace (:func:`is_whitespace`): the one blank-ness test of the runtime.
    (Java's whitespace is a part of ``str.isspace``, which rules out most text at C speed.)"""
    return not text or (text.isspace() and all(is_whitespace(c) for c in text))


def is_int64_text(text: str) -> bool:
    """An optional ``-`` and ASCII digits, nothing else."""
    return _INT64_TEXT.fullmatch(text) is not None


# ---------------------------------------------------------------- requests: check and encode


def format_date(value: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` at GMT+8; a naive datetime is taken as GMT+8 already."""
    if value.tzinfo is not None:
        value = value.astimezone(GMT8)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def _unset(value: object, omit_blank: bool) -> bool:
    return value is None or (omit_blank and type(value) is str and is_blank(value))


def encode_param(p: Param, value: object, omit_blank: bool) -> str:
    """Checks a set (non-file) parameter against its declared type and constraints and returns
    the text it travels as; raises :class:`ValidationError` with the contract's words."""
    ty = p.type
    kind = ty.kind
    name = p.wire
    if kind == "string":
        return _string(p, value, name)
    if kind == "int64":
        return str(_int64(p, value, name))
    if kind == "boolean":
        return _boolean(value, name)
    if kind == "list":
        items = _items(p, value, name)
        item = ty.item
        assert item is not None
        if item.kind == "struct":
            return _compact([_json_value(p, item, v, name, omit_blank) for v in items])
        return ",".join(_scalar(p, item, v, name, omit_blank) for v in items)
    if kind in ("struct", "json"):
        return _compact(_json_value(p, ty, value, name, omit_blank), name)
    return _scalar(p, ty, value, name, omit_blank)


def _scalar(p: Param, ty: Type, value: object, name: str, omit_blank: bool) -> str:
    kind = ty.kind
    if kind == "string":
        return _string(p, value, name)
    if kind == "int64":
        return str(_int64(p, value, name))
    if kind == "boolean":
        return _boolean(value, name)
    if kind == "decimal":
        return _decimal(value, name)
    if kind == "date":
        return _date(value, name)
    if kind == "enum":
        return _enum(p, ty, value, name)
    if kind in ("struct", "json"):
        return _compact(_json_value(p, ty, value, name, omit_blank), name)
    raise ValidationError(name, f"cannot be sent as text ({kind})")


def _string(p: Param, value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(name, "must be a string")
    if p.min_length is not None or p.max_length is not None:
        _check_length(p, value, name)
    if p.allowed and value not in p.allowed:
        raise ValidationError(name, f'must be one of {", ".join(p.allowed)}; got "{value}"')
    return value


def _check_length(p: Param, text: str, name: str) -> None:
    n = len(text)
    lo, hi = p.min_length, p.max_length
    if lo is not None and hi is not None and not lo <= n <= hi:
        raise ValidationError(name, f"must be {lo} to {hi} characters long, got {n}")
    if lo is None and hi is not None and n > hi:
        raise ValidationError(name, f"must be at most {hi} characters long, got {n}")
    if hi is None and lo is not None and n < lo:
        raise ValidationError(name, f"must be at least {lo} characters long, got {n}")


def _int64(p: Param, value: object, name: str) -> int:
    if type(value) is int:
        number = value
    elif isinstance(value, str) and _INT64_TEXT.fullmatch(value) is not None:
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = int(value)
    else:
        raise ValidationError(name, f'must be a 64-bit integer, got "{value}"')
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValidationError(name, f'must be a 64-bit integer, got "{value}"')
    if p.min is not None and number < p.min:
        raise ValidationError(name, f"must be at least {p.min}, got {number}")
    if p.max is not None and number > p.max:
        raise ValidationError(name, f"must be at most {p.max}, got {number}")
    return number


def _boolean(value: object, name: str) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise ValidationError(name, "must be true or false")


def _decimal(value: object, name: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    raise ValidationError(name, f'must be a decimal number, got "{value}"')


def _date(value: object, name: str) -> str:
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value) is not None:
        return value
    raise ValidationError(name, 'must be a date-time or a "yyyy-MM-dd HH:mm:ss" string (GMT+8)')


def _enum(p: Param, ty: Type, value: object, name: str) -> str:
    cls = ty.enum
    if cls is not None and isinstance(value, cls):
        return str(value.value)
    allowed = p.allowed or (tuple(str(m.value) for m in cls) if cls is not None else ())
    if isinstance(value, str) and (not allowed or value in allowed):
        return value
    shown = value.value if isinstance(value, Enum) else value
    raise ValidationError(name, f'must be one of {", ".join(allowed)}; got "{shown}"')


def _items(p: Param, value: object, name: str) -> List[object]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError(name, "must be an array")
    if p.max_items is not None and len(value) > p.max_items:
        raise ValidationError(name, f"must have at most {p.max_items} items, got {len(value)}")
    return list(value)


def _json_value(p: Param, ty: Type, value: object, name: str, omit_blank: bool) -> object:
    """A checked request value as a JSON value (struct fields by wire name, unset ones left out)."""
    kind = ty.kind
    if kind == "struct":
        assert ty.struct is not None
        return _struct_json(ty.struct, value, name, omit_blank)
    if kind == "list":
        assert ty.item is not None
        item = ty.item
        return [_json_value(p, item, v, name, omit_blank) for v in _items(p, value, name)]
    if kind == "int64":
        return _int64(p, value, name)
    if kind == "boolean":
        _boolean(value, name)
        return value
    if kind == "json":
        return value
    if kind == "file":
        return FileInput.coerce(value, name).base64(name)
    return _scalar(p, ty, value, name, omit_blank)


def _struct_json(cls: PyType[Any], value: object, name: str, omit_blank: bool) -> Dict[str, object]:
    """A struct given as the generated class or as a mapping with wire names, checked field by
    field (``name.field``) and written as a JSON object."""
    table = table_of(cls)
    if isinstance(value, cls):
        get: Callable[[Param], object] = lambda f: getattr(value, f.attr, None)  # noqa: E731
    elif isinstance(value, Mapping):
        for key in value:
            if key not in table.by_wire:
                raise ValidationError(f"{name}.{key}", f"is not a field of {cls.__name__}")
        get = lambda f: value.get(f.wire)  # noqa: E731
    else:
        raise ValidationError(name, "must be an object")
    out: Dict[str, object] = {}
    for f in table.params:
        v = get(f)
        field_name = f"{name}.{f.wire}"
        if _unset(v, omit_blank):
            if f.required:
                raise ValidationError(field_name, "is required")
            continue
        if f.type.kind == "file":
            check_file(f, v, field_name)
        out[f.wire] = _json_value(f, f.type, v, field_name, omit_blank)
    return out


def check_file(p: Param, value: object, name: str) -> bytes:
    """The file's bytes, checked against ``max_bytes`` and ``file_types``."""
    data = FileInput.coerce(value, name).content(name)
    if p.max_bytes is not None and len(data) > p.max_bytes:
        raise ValidationError(name, f"must be at most {p.max_bytes} bytes, got {len(data)}")
    if p.file_types and detect_file_type(data) not in p.file_types:
        labels = file_types_label(list(p.file_types))
        raise ValidationError(name, f"must be a {labels} image (checked by its first bytes)")
    return data


def _compact(value: object, name: str = "value") -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    except (TypeError, ValueError, RecursionError):
        pass
    # Raised outside the handler: the value's own error is no context of ours.
    raise ValidationError(name, "must be a JSON value (dict, list, str, int, Decimal, bool or None)")


def _json_default(value: object) -> object:
    if isinstance(value, Decimal) and value.is_finite():
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(type(value).__name__)


# ---------------------------------------------------------------- responses

T = TypeVar("T")
_MISSING: Any = object()


def parse_struct(cls: PyType[T], data: Dict[str, object], wide: bool = True) -> T:
    """Builds ``cls`` from a JSON object: known fields typed, the rest (and misfits) kept in
    ``extra`` as they arrived. ``wide=False`` promises that no integer in ``data`` is beyond 64
    bits (``parse_body`` knows it from the body's digits), which spares the range checks."""
    table = table_of(cls)
    # Objects of one class mostly arrive with the same keys holding the same JSON types (every
    # order of a trade): the keys that need more than taking the value as it is are worked out
    # once per layout. Text in string fields, ints in int64 fields and booleans in boolean ones
    # are taken as they are; everything else is looked at one by one.
    keys = tuple(data)
    types = tuple(map(type, data.values()))
    layout = table.layout
    if layout is not None and layout[0] == keys and layout[1] == types:
        odd = layout[2]
    else:
        expect = table.expect
        odd = tuple(k for k, t in zip(keys, types) if expect.get(k) is not t)
        table.layout = (keys, types, odd)
        table.builder = _builder(table, keys, types, odd)
    builder = table.builder
    if builder is not None and not (wide and table.int64):
        try:
            return builder(_new(cls), wide, *data.values())  # type: ignore[no-any-return]
        except _Misfit:
            pass  # a value of this object does not fit its field: looked at one by one below
    extra: Optional[Dict[str, object]] = None
    values = data
    if odd or (wide and table.int64):
        values = dict(data)
    if wide and table.int64:
        for key in table.int64.intersection(values):
            value = values[key]
            if type(value) is int and not _fits(value):
                extra = extra or {}
                extra[key] = values.pop(key)
    if odd:
        decoders = table.decoders
        for key in odd:
            raw = values.pop(key)
            entry = decoders.get(key)
            if entry is not None and raw is None:
                continue  # null leaves a declared field unset, as in Rust and TypeScript
            if entry is not None:
                converted = entry[1](raw, wide)
                if converted is not _MISSING:
                    values[key] = converted
                    continue
            if extra is None:
                extra = {}
            extra[key] = raw
    if extra is not None and len(extra) > 1:
        extra = {k: data[k] for k in data if k in extra}  # in the order they arrived
    if table.renamed:
        values = {table.renamed.get(k, k): v for k, v in values.items()}
    if table.slotted:
        obj = _new(cls)
        any(map(setattr, repeat(obj), values.keys(), values.values()))
        if extra is not None:  # else made on first use (Struct.__getattr__)
            setattr(obj, "extra", extra)
        return obj
    obj = cls(**values)
    if extra is not None:
        setattr(obj, "extra", extra)
    return obj


_new = object.__new__


class _Misfit(Exception):
    """A layout builder met a value its converter refuses."""


def _misfit() -> None:
    raise _Misfit


def _builder(
    table: Table, keys: Tuple[str, ...], types: Tuple[type, ...], odd: Tuple[str, ...]
) -> Optional[Callable[..., Any]]:
    """A function setting the fields of a bare object from the values of one layout, in order:
    taken as they are, or through the field's converter (a misfit raises ``_Misfit``). Like the
    builders of ``dataclasses`` it is compiled once, from the class's own attribute names (never
    from the body's keys). None when the layout has unknown keys or nulls (kept in ``extra``), or
    the class is not slotted."""
    if not table.slotted or len(keys) > 200:
        return None
    decoders = table.decoders
    scope: Dict[str, object] = {"_MISSING": _MISSING, "_misfit": _misfit}
    lines = []
    for i, (key, ty) in enumerate(zip(keys, types)):
        entry = decoders.get(key)
        if entry is None or ty is type(None):
            return None
        attr = entry[0]
        if not attr.isidentifier() or attr.startswith("__"):
            return None
        if key in odd:
            scope[f"c{i}"] = entry[1]
            lines.append(f"    v = c{i}(a{i}, wide)\n    if v is _MISSING:\n        _misfit()\n    o.{attr} = v\n")
        else:
            lines.append(f"    o.{attr} = a{i}\n")
    params = "".join(f", a{i}" for i in range(len(keys)))
    exec(f"def build(o, wide{params}):\n" + "".join(lines) + "    return o\n", scope)
    return scope["build"]  # type: ignore[return-value]


def _fits(number: Any) -> bool:
    return INT64_MIN <= number <= INT64_MAX  # type: ignore[no-any-return]


def _from_string(raw: object, wide: bool = True) -> object:
    if isinstance(raw, (str, int, Decimal)) and not isinstance(raw, bool):
        return str(raw)
    return _MISSING


def _from_int64(raw: object, wide: bool = True) -> object:
    if type(raw) is int:
        return raw if INT64_MIN <= raw <= INT64_MAX else _MISSING
    if isinstance(raw, str) and _INT64_TEXT.fullmatch(raw) is not None:
        number = int(raw)
        return number if INT64_MIN <= number <= INT64_MAX else _MISSING
    return _MISSING


def _from_boolean(raw: object, wide: bool = True) -> object:
    return raw if raw is True or raw is False else _MISSING


#: Recently parsed date texts (datetimes are immutable; a response repeats its timestamps).
_DATES: Dict[str, datetime] = {}


def parse_date(raw: object, wide: bool = True) -> object:
    """``yyyy-MM-dd HH:mm:ss`` or ``yyyy-MM-dd`` read as GMT+8 → an aware datetime, else
    ``_MISSING``."""
    if type(raw) is not str:
        return _MISSING
    found = _DATES.get(raw)
    if found is not None:
        return found
    parsed = _parse_date(raw)
    if isinstance(parsed, datetime):
        if len(_DATES) >= 4096:
            _DATES.clear()
        _DATES[raw] = parsed
    return parsed


def _parse_date(raw: str) -> object:
    try:
        if len(raw) == 19 and _DATE_TEXT.fullmatch(raw) is not None:
            return datetime(
                int(raw[0:4]),
                int(raw[5:7]),
                int(raw[8:10]),
                int(raw[11:13]),
                int(raw[14:16]),
                int(raw[17:19]),
                tzinfo=GMT8,
            )
        if len(raw) == 10 and _DAY_TEXT.fullmatch(raw) is not None:
            return datetime(int(raw[0:4]), int(raw[5:7]), int(raw[8:10]), tzinfo=GMT8)
    except ValueError:  # 2024-02-30, 25:00:00
        pass
    return _MISSING


def _identity(raw: object, wide: bool = True) -> object:
    return raw


def _decoder(ty: Type) -> Callable[[object, bool], object]:
    """The function turning a JSON value into the field's value (``_MISSING`` for a misfit)."""
    kind = ty.kind
    if kind in ("string", "decimal", "file"):
        return _from_string
    if kind == "int64":
        return _from_int64
    if kind == "boolean":
        return _from_boolean
    if kind == "date":
        return parse_date
    if kind == "enum":
        assert ty.enum is not None
        members: Dict[object, object] = {m.value: m for m in ty.enum}

        def enum(raw: object, wide: bool = True) -> object:
            if type(raw) is not str:
                return _MISSING
            return members.get(raw, raw)

        return enum
    if kind == "struct":
        cls = ty.struct

        def struct(raw: object, wide: bool = True) -> object:
            return parse_struct(cls, raw, wide) if type(raw) is dict else _MISSING  # type: ignore[arg-type]

        return struct
    if kind == "list":
        assert ty.item is not None
        item = _decoder(ty.item)
        plain = ty.item.kind == "string"

        def items(raw: object, wide: bool = True) -> object:
            if type(raw) is dict:
                # TOP's wrapped list: {"order": [...]}; {} is an empty list.
                if not raw:
                    return []
                if len(raw) != 1:
                    return _MISSING
                raw = next(iter(raw.values()))
            if type(raw) is not list:
                return _MISSING
            if plain and all(type(v) is str for v in raw):
                return list(raw)
            out = [item(v, wide) if v is not None else _MISSING for v in raw]
            return _MISSING if any(v is _MISSING for v in out) else out

        return items
    return _identity


def to_json(obj: object) -> Dict[str, object]:
    """A parsed response written back as JSON: wire names, present fields only, extras merged;
    lists as plain arrays, dates as ``yyyy-MM-dd HH:mm:ss`` at GMT+8."""
    out: Dict[str, object] = {}
    for p in params_of(type(obj)):
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
    if ty.kind == "enum" and isinstance(value, Enum):
        return value.value
    return value


__all__ = [
    "BOOLEAN",
    "DATE",
    "DECIMAL",
    "FILE",
    "GMT8",
    "INT64",
    "JSON",
    "STRING",
    "FileInput",
    "Param",
    "Struct",
    "Type",
    "content_type_of",
    "describe",
    "encode_param",
    "enum_of",
    "list_of",
    "parse_struct",
    "struct_of",
    "to_json",
]
