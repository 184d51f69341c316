"""Writing records as a terminal table, JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from typing import IO, Any

# (column, least width, most width); 0 = takes what is left. Evidence and the other text
# columns wrap; when the terminal is too narrow, the columns of DROP_ORDER go first.
_EVENT_COLUMNS: tuple[tuple[str, int, int], ...] = (
    ("id", 17, 17), ("date", 11, 11), ("type", 11, 14), ("modality", 12, 12),
    ("actors", 8, 22), ("place", 8, 18), ("numbers", 7, 12), ("content", 10, 28),
    ("evidence", 24, 0),
)
_DROP_ORDER = ("content", "numbers", "place", "actors", "modality")
_GROW_ORDER = ("content", "actors", "place", "type", "numbers")
ARTICLE_DATE_MARK = "*"  # the event has no date of its own: its article's date is shown
BACKGROUND_MARK = "†"  # dated long before its article
_ACTOR_FIELDS = ("code", "name", "text", "sector")
EVENT_CSV_FIELDS: tuple[str, ...] = (
    "id", "article_id", "type", "mode", "modality", "trigger",
    *(f"{role}.{f}" for role in ("source", "target") for f in _ACTOR_FIELDS),
    *(f"location.{f}" for f in ("text", "name", "country", "admin1", "lat", "lon", "geonameid")),
    "date.text", "date.value", "date.precision",
    "quantities.killed", "quantities.injured", "quantities.persons", "quantities.per_side",
    *(f"quantities.{part}.{f}" for part in ("qualifiers", "minimums")
      for f in ("killed", "injured", "persons")),
    "claimed_by.text", "claimed_by.code", "evidence.text", "evidence.start", "evidence.end",
    "confidence", "content",
)
LISTING_CSV_FIELDS: tuple[str, ...] = (
    *EVENT_CSV_FIELDS, "background", "article.date", "article.title", "article.source",
    "article.url",
)
_STAT_COLUMNS = (("kind", 8, 8), ("value", 9, 9), ("qualifier", 10, 10), ("subject", 10, 10),
                 ("evidence", 20, 0))
_STORY_COLUMNS: tuple[tuple[str, int, int], ...] = (
    ("id", 17, 17), ("dates", 10, 18), ("type", 11, 14), ("modality", 12, 12),
    ("actors", 8, 22), ("place", 8, 18), ("numbers", 12, 20), ("reports", 7, 7),
    ("evidence", 24, 0),
)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts to dotted keys; lists of actors to ';'-joined codes and names."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            for field in _ACTOR_FIELDS:
                flat[f"{name}.{field}"] = ";".join(str(v.get(field) or "") for v in value)
        else:
            flat[name] = value
    return flat


def write_records(records: Iterable[dict[str, Any]], fmt: str, stream: IO[str],
                  kind: str = "events") -> int:
    """Write records in ``fmt``; returns how many were written."""
    if fmt == "jsonl":
        return _write_jsonl(records, stream)
    if fmt == "csv":
        fields = {"events": EVENT_CSV_FIELDS, "listed": LISTING_CSV_FIELDS}.get(kind)
        return _write_csv(records, stream, fields)
    return _write_table(records, stream, kind if kind in _TABLES else "events")


def counted(count: int, plural: str) -> str:
    """A count with its noun in the right number: "1 event", "2 events", "1 story"."""
    if count != 1:
        return f"{count} {plural}"
    if plural.endswith("ies"):
        return f"1 {plural[:-3]}y"
    return f"1 {plural.removesuffix('s')}"


def _write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], stream: IO[str],
               fields: Sequence[str] | None) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for record in records:
        flat = flatten(record)
        if writer is None:
            names = list(fields or flat)
            writer = csv.DictWriter(stream, fieldnames=names, extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count


def _write_table(records: Iterable[dict[str, Any]], stream: IO[str], kind: str) -> int:
    """A table as wide as the terminal ($COLUMNS), long cells wrapped onto more lines."""
    width = shutil.get_terminal_size((160, 24)).columns
    spec, cells = _TABLES[kind]
    columns = fit_columns(spec, width)
    names = [name for name, _ in columns]
    widths = [w for _, w in columns]
    stream.write(_line(names, widths) + "\n")
    stream.write(_line(["-" * w for w in widths], widths) + "\n")
    count = marked = 0
    for record in records:
        values = cells(record)
        marked += ARTICLE_DATE_MARK in values.get("date", "")
        for line in wrapped_row([values.get(name, "") for name in names], widths):
            stream.write(line + "\n")
        count += 1
    stream.write(f"({counted(count, kind)})\n")
    if marked:
        stream.write(f"{ARTICLE_DATE_MARK} the article's date: the event states none\n")
    return count


def fit_columns(spec: Sequence[tuple[str, int, int]], width: int,
                share: float = 0.4) -> list[tuple[str, int]]:
    """Column widths that fill ``width``: each column its least; the last column (most 0)
    grows to ``share`` of the width, the others up to their most (content first), the last column
    takes the rest. Columns of _DROP_ORDER go when even the least widths do not fit."""
    kept = list(spec)
    for name in (*_DROP_ORDER, None):
        if sum(least + 1 for _, least, _ in kept) - 1 <= width or name is None:
            break
        kept = [column for column in kept if column[0] != name]
    widths = {name: least for name, least, _ in kept}
    spare = width - (sum(widths.values()) + len(kept) - 1)
    last = kept[-1][0]
    grow = max(0, min(spare, int(width * share) - widths[last]))
    widths[last] += grow
    spare -= grow
    for name, least, most in sorted(kept[:-1], key=_growth_rank):
        extra = max(0, min(spare, most - least))
        widths[name] += extra
        spare -= extra
    widths[last] += max(spare, 0)
    return list(widths.items())


def _growth_rank(column: tuple[str, int, int]) -> int:
    return _GROW_ORDER.index(column[0]) if column[0] in _GROW_ORDER else -1


def wrapped_row(cells: list[str], widths: list[int]) -> list[str]:
    """One record as one or more lines, each cell wrapped to its column."""
    wrapped = [textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True,
                             break_on_hyphens=False) or [""]
               for text, width in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped)
    return [_line([lines[i] if i < len(lines) else "" for lines in wrapped], widths)
            for i in range(height)]


def _line(cells: list[str], widths: list[int]) -> str:
    return " ".join(text.ljust(width) for text, width in zip(cells, widths, strict=True)).rstrip()


def _codes(actors: list[dict[str, Any]]) -> str:
    return ", ".join(a.get("code") or a.get("sector") or a.get("text", "?") for a in actors)


def _event_cells(event: dict[str, Any]) -> dict[str, str]:
    location = event.get("location") or {}
    numbers = event.get("quantities") or {}
    figures = " ".join(_figure(numbers, k) for k in ("killed", "injured", "persons")
                       if _figure(numbers, k))
    if figures and numbers.get("per_side"):
        figures += "/side"
    place = ", ".join(p for p in (location.get("name"), location.get("country")) if p)
    actors = _codes(event.get("source") or [])
    if event.get("target"):
        actors += " → " + _codes(event["target"])
    return {
        "id": event.get("id", ""), "date": _date_cell(event),
        "type": event["type"] + (f" {event['mode']}" if event.get("mode") else ""),
        "modality": event.get("modality", ""), "actors": actors, "place": place,
        "numbers": figures, "content": event.get("content") or "",
        "evidence": (event.get("evidence") or {}).get("text", ""),
    }


def _date_cell(event: dict[str, Any]) -> str:
    value = (event.get("date") or {}).get("value")
    mark = BACKGROUND_MARK if event.get("background") else ""
    if value:
        return str(value)[:10] + mark
    article_date = (event.get("article") or {}).get("date")
    return f"{str(article_date)[:10]}{ARTICLE_DATE_MARK}" if article_date else ""


def _figure(numbers: dict[str, Any], field: str) -> str:
    """"k=3", or "k>=3" where only a vague amount's floor is known ("several killed")."""
    if numbers.get(field) is not None:
        return f"{field[0]}={numbers[field]}"
    floor = (numbers.get("minimums") or {}).get(field)
    return f"{field[0]}>={floor}" if floor is not None else ""


def _stat_cells(stat: dict[str, Any]) -> dict[str, str]:
    return {"kind": stat.get("kind", ""), "value": str(stat.get("value", "")),
            "qualifier": stat.get("qualifier") or "", "subject": stat.get("subject") or "",
            "evidence": (stat.get("evidence") or {}).get("text", "")}


def _story_cells(story: dict[str, Any]) -> dict[str, str]:
    """A story row: "2025-09-06..09-07", "k=9 (3-9)", "3/3" mentions/articles."""
    first, last = story.get("first_date") or "", story.get("last_date") or ""
    shown_last = last[5:] if last[:4] == first[:4] else last
    dates = first if last in ("", first) else f"{first}..{shown_last}"
    numbers = []
    for name in ("killed", "injured", "persons"):
        figure = story.get(name) or {}
        if figure.get("best") is not None:
            spread = (f" ({figure['low']}-{figure['high']})"
                      if figure.get("low") != figure.get("high") else "")
            numbers.append(f"{name[0]}={figure['best']}{spread}")
    if numbers and story.get("per_side"):
        numbers[-1] += "/side"
    place = ", ".join(p for p in (story.get("place"), story.get("country")) if p)
    return {
        "id": story.get("id", ""), "dates": dates,
        "type": story["type"] + (f" {story['mode']}" if story.get("mode") else ""),
        "modality": story.get("modality", ""), "actors": ", ".join(story.get("actors") or []),
        "place": place, "numbers": " ".join(numbers),
        "reports": f"{story.get('mentions', 0)}/{story.get('articles', 0)}",
        "evidence": story.get("evidence") or "",
    }


_TABLES = {"events": (_EVENT_COLUMNS, _event_cells), "statistics": (_STAT_COLUMNS, _stat_cells),
           "stories": (_STORY_COLUMNS, _story_cells)}
