"""HTML helpers: the template environment (autoescape on) and evidence highlighting.

Article text is untrusted. Highlighting escapes every piece with ``markupsafe.escape`` and
joins them; only our own ``<mark>`` tags are added unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["number"] = number
    env.filters["query"] = query_string
    env.filters["http_url"] = http_url
    env.filters["progress"] = progress
    env.filters["deadline"] = deadline
    env.filters["marked"] = mark_words
    env.globals["sort_link"] = sort_link
    return env


def search_words(query: str | None) -> list[str]:
    """The words of a search as the full-text index reads them: runs of letters and digits."""
    return [word for word in re.findall(r"\w+", query or "") if word]


def mark_words(text: str | None, query: str | None) -> Markup:
    """The text escaped, with each whole-word match of the query's words in ``<mark>``."""
    words = search_words(query)
    if not text or not words:
        return Markup(escape(text or ""))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)",
                         re.IGNORECASE)
    return highlight(text, [(m.start(), m.end()) for m in pattern.finditer(text)])


def sort_link(params: Mapping[str, object], column: str, current: str, default: str,
              ) -> dict[str, str]:
    """For a column header: the link that sorts by it (descending first, ascending when it is
    already the descending sort) and its aria-sort state."""
    active = current or default
    if active == f"-{column}":
        return {"href": query_string(params, sort=column, offset=None), "state": "descending"}
    state = "ascending" if active == column else "none"
    return {"href": query_string(params, sort=f"-{column}", offset=None), "state": state}


def http_url(value: object) -> str:
    """The URL if it is http(s), else "" (a stored ``javascript:`` URL never becomes a link)."""
    if not isinstance(value, str):
        return ""
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else ""


DONE_COLUMNS = ("fulfilled_quantity", "fulfilled", "delivered", "progress", "done",
                "kept_quantity", "released", "completed", "quantity_done", "quantity_kept")
PAST_TENSE = {"swap": "released", "aid": "delivered", "release": "released",
              "bodies": "returned", "shipping": "shipped",
              "exchange": "exchanged", "return": "returned", "deliver": "delivered",
              "withdraw": "withdrawn", "transfer": "transferred"}


def progress(commitment: Mapping[str, Any]) -> dict[str, Any] | None:
    """How much of a counted commitment is done: {"done", "of", "label"} or None.

    The link stage owns the table, so the "done" figure is read from the first column
    present among ``DONE_COLUMNS``."""
    of = commitment.get("quantity")
    done = next((commitment[c] for c in DONE_COLUMNS if commitment.get(c) is not None), None)
    if not isinstance(of, int | float) or not isinstance(done, int | float) or of <= 0:
        return None
    kind = str(commitment.get("kind") or commitment.get("mode") or "")
    unit = f" {commitment['unit']}" if commitment.get("unit") else ""
    each = " each side" if commitment.get("per_side") else ""
    return {"done": done, "of": of, "label": f"{number(done)} of {number(of)}{unit} "
                                             f"{PAST_TENSE.get(kind, 'done')}{each}"}


def deadline(commitment: Mapping[str, Any]) -> str:
    """The deadline as text, from a JSON ``deadline`` object or flat columns."""
    value = commitment.get("deadline")
    if isinstance(value, Mapping):
        return str(value.get("end") or value.get("value") or value.get("text") or "")
    for key in ("deadline_end", "deadline_value", "deadline", "due", "deadline_start",
                "deadline_text"):
        if commitment.get(key):
            return str(commitment[key])
    return ""


def number(value: object) -> str:
    """1000 -> "1,000"; None -> "–"."""
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else str(value)


def query_string(params: Mapping[str, object], **changes: object) -> str:
    """A "?a=1&b=2" string from ``params`` with ``changes`` applied (None removes a key)."""
    merged = {**params, **changes}
    kept = {key: value for key, value in merged.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else "?"


def valid_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that fit the text, sorted, with overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]], first_id: str | None = None) -> Markup:
    """The text as HTML with each span wrapped in ``<mark>``; everything else escaped."""
    pieces: list[str] = []
    cursor = 0
    for number_, (start, end) in enumerate(valid_spans(text, spans)):
        anchor = Markup(' id="{}"').format(first_id) if first_id and number_ == 0 else ""
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup("<mark{}>{}</mark>").format(anchor, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)
