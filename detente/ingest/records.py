"""One record (JSONL line, CSV row, front matter, HTML metadata) to one Article."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from detente.errors import InputError
from detente.ingest.dates import parse_date
from detente.ingest.decode import normalise_newlines
from detente.model import Article

RECORD_FIELDS: tuple[str, ...] = ("id", "title", "text", "date", "source", "url")


def article_from_record(
    record: Mapping[str, object], where: str, fallback_date: date | None
) -> Article | InputError:
    """Build an Article from a record; fields outside RECORD_FIELDS go to ``metadata``."""
    text = record.get("text")
    if text is None:
        return InputError(where, "missing required field 'text'")
    if not isinstance(text, str):
        return InputError(where, f"field 'text' must be a string, not {json_type(text)}")
    if not text.strip():
        return InputError(where, "empty text")
    warnings: list[str] = []
    published = _record_date(record.get("date"), fallback_date, warnings)
    return Article(
        text=normalise_newlines(text),
        id=optional_str(record.get("id")) or "",
        title=optional_str(record.get("title")),
        date=published,
        source=optional_str(record.get("source")),
        url=optional_str(record.get("url")),
        path=where,
        metadata=_metadata(record, warnings),
    )


def optional_str(value: object) -> str | None:
    """A record value as stripped text; None for missing or blank values."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def json_type(value: object) -> str:
    """The JSON name of a Python value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _record_date(value: object, fallback: date | None, warnings: list[str]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    parsed = parse_date(value)
    if parsed is None:
        warnings.append(f"invalid date {value!r} ignored; date left empty")
    return parsed


def _metadata(record: Mapping[str, object], warnings: list[str]) -> dict[str, object]:
    metadata = {key: value for key, value in record.items() if key not in RECORD_FIELDS}
    if warnings:
        earlier = metadata.get("warnings")
        if earlier is not None and not isinstance(earlier, list):
            earlier = [earlier]
        metadata["warnings"] = [*(earlier or []), *warnings]
    return metadata
