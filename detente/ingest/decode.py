"""Bytes to article text: reject binary and non-UTF-8 input, normalise BOM and line endings."""

from __future__ import annotations

from detente.errors import InputError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.05  # above this share of control characters the input is not prose


def to_text(name: str, raw: bytes | str) -> str:
    """Decode ``raw`` as UTF-8 (a BOM is allowed) with LF line endings, or raise InputError."""
    text = raw if isinstance(raw, str) else _decode_utf8(name, raw)
    if not text.replace("\ufeff", "").strip():  # any Unicode space counts as blank
        raise InputError(name, "empty file")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(name, "binary data (control characters), not text")
    return normalise_newlines(text.removeprefix("\ufeff"))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_utf8(name: str, raw: bytes) -> str:
    if raw.startswith(_UTF16_BOMS):
        raise InputError(name, "UTF-16 text, not UTF-8; convert the file to UTF-8")
    if b"\x00" in raw:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        raise InputError(
            name, f"not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); convert it to UTF-8"
        ) from None


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return controls / len(sample)
