"""One record (JSONL line, CSV row, front matter, HTML metadata) to one Article.

Every reader ends here, so the checks every article passes live here too: text that
SQLite can store (no lone surrogates), a cap on its length (``MAX_ARTICLE_CHARS``) and the
language check (``detente.ingest.language``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date

from detente.errors import InputError
from detente.ingest.dates import parse_date
from detente.ingest.decode import normalise_newlines
from detente.ingest.language import NotEnglish, foreign_language
from detente.model import Article

RECORD_FIELDS: tuple[str, ...] = ("id", "title", "text", "date", "source", "url")
# Longer texts are cut here (at a paragraph or word break) and the cut is noted in the
# article's metadata ``warnings``: one pathological article cannot stall a batch.
MAX_ARTICLE_CHARS = 250_000  # about 40,000 words: far past any news report
MAX_NESTING = 64  # levels of arrays and objects in a record's extra fields


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
    if problem := unstorable(record):
        return InputError(where, problem)
    warnings: list[str] = []
    text = cap_text(normalise_newlines(text), warnings)
    if language := foreign_language(text):
        return NotEnglish(where, language)
    published = _record_date(record.get("date"), fallback_date, warnings)
    return Article(
        text=text,
        id=optional_str(record.get("id")) or "",
        title=optional_str(record.get("title")),
        date=published,
        source=optional_str(record.get("source")),
        url=optional_str(record.get("url")),
        path=where,
        metadata=_metadata(record, warnings),
    )


def cap_text(text: str, warnings: list[str], limit: int = MAX_ARTICLE_CHARS) -> str:
    """The text cut to at most ``limit`` characters at the last paragraph or word break."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit + 1)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit + 1)
    if cut < limit // 2:
        cut = limit
    warnings.append(f"text cut to {cut:,} of {len(text):,} characters "
                    f"(the limit is {limit:,} per article)")
    return text[:cut].rstrip()


def unstorable(record: Mapping[str, object]) -> str | None:
    """Why the record cannot be stored as it is (nested too deep, a string UTF-8 cannot
    encode), or None. Iterative, so no input can exhaust the stack here."""
    pending: list[tuple[object, int]] = [(record, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_NESTING:
            return f"record nested more than {MAX_NESTING} levels deep"
        if isinstance(value, str) and not _encodes(value):
            return "invalid Unicode (a lone surrogate such as \\ud800), not text"
        if isinstance(value, Mapping):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list | tuple):
            pending.extend((item, depth + 1) for item in value)
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
        warnings.append(f"invalid date {_shorten(repr(value))} ignored; date left empty")
    return parsed


def _metadata(record: Mapping[str, object], warnings: list[str]) -> dict[str, object]:
    metadata = {key: _finite(value) for key, value in record.items() if key not in RECORD_FIELDS}
    if warnings:
        earlier = metadata.get("warnings")
        if earlier is not None and not isinstance(earlier, list):
            earlier = [earlier]
        metadata["warnings"] = [*(earlier or []), *warnings]
    return metadata


def _finite(value: object) -> object:
    """NaN and infinities (JSON "1e309", YAML ".nan") as text: stored JSON must be strict."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
