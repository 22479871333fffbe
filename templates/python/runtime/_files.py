"""Files to upload: raw bytes or base64 text, their type by magic bytes, and their content type."""

from __future__ import annotations

import base64
import binascii
from typing import List, Optional

from ._errors import ValidationError

_MAGIC = {
    "gif": (b"GIF87a", b"GIF89a"),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
_LABELS = {"gif": "GIF", "jpg": "JPG", "png": "PNG"}
_CONTENT_TYPES = {"gif": "image/gif", "jpg": "image/jpeg", "png": "image/png"}

#: What base64 input may carry anywhere: space, tab, CR, LF, FF.
_ASCII_WHITESPACE = str.maketrans("", "", " \t\r\n\f")


class FileInput:
    """A file to upload: raw bytes and a file name, or base64 text you already have."""

    def __init__(self, content: bytes, filename: Optional[str] = None) -> None:
        self._content: Optional[bytes] = content
        self._base64: Optional[str] = None
        #: The part's file name; ``None`` sends the parameter name.
        self.filename = filename

    @classmethod
    def from_base64(cls, text: str, filename: Optional[str] = None) -> FileInput:
        """Base64 text; ASCII whitespace anywhere in it is ignored, the rest is decoded strictly
        (standard alphabet, ``=`` padding required) when the request is prepared."""
        f = cls(b"", filename)
        f._content = None
        f._base64 = text
        return f

    def content(self, name: str) -> bytes:
        """The bytes; ``name`` names the parameter in a validation error."""
        if self._content is not None:
            return self._content
        text = (self._base64 or "").translate(_ASCII_WHITESPACE)
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ValidationError(name, "is not valid base64") from None

    @classmethod
    def coerce(cls, value: object, name: str) -> FileInput:
        """``value`` as a :class:`FileInput` (raw ``bytes`` become one without a file name)."""
        if isinstance(value, FileInput):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return cls(bytes(value))
        raise ValidationError(name, "must be a FileInput or bytes")

    def base64(self, name: str) -> str:
        """The canonical base64 text of the content."""
        return base64.b64encode(self.content(name)).decode("ascii")

    def __repr__(self) -> str:
        size = len(self._content) if self._content is not None else "base64"
        return f"FileInput(filename={self.filename!r}, size={size})"


def detect_file_type(data: bytes) -> Optional[str]:
    for name, magics in _MAGIC.items():
        if any(data.startswith(m) for m in magics):
            return name
    return None


def content_type_of(data: bytes) -> str:
    found = detect_file_type(data)
    return _CONTENT_TYPES[found] if found else "application/octet-stream"


def _join_labels(labels: List[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def file_types_label(types: List[str]) -> str:
    """`GIF, JPG or PNG` for the accepted types, in the spec's order."""
    return _join_labels([_LABELS[t] for t in types])
