"""Writing records as a terminal table, JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Sequence
from typing import IO, Any

_EVENT_COLUMNS = (
    ("date", 10), ("type", 22), ("modality", 12), ("source", 16), ("target", 16),
    ("location", 22), ("numbers", 14), ("claimed_by", 10), ("evidence", 0),
)
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
_STAT_COLUMNS = (("kind", 8), ("value", 9), ("qualifier", 10), ("subject", 10), ("evidence", 0))


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
        return _write_csv(records, stream, EVENT_CSV_FIELDS if kind == "events" else None)
    return _write_table(records, stream, kind)


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
    columns = _EVENT_COLUMNS if kind == "events" else _STAT_COLUMNS
    width = shutil.get_terminal_size((160, 24)).columns
    fixed = sum(w + 1 for _, w in columns if w)
    widths = [w or max(20, width - fixed) for _, w in columns]
    stream.write(_row([name for name, _ in columns], widths) + "\n")
    stream.write(_row(["-" * w for w in widths], widths) + "\n")
    count = 0
    cell = _event_cells if kind == "events" else _stat_cells
    for record in records:
        stream.write(_row(cell(record), widths) + "\n")
        count += 1
    stream.write(f"({count} {kind})\n")
    return count


def _row(cells: list[str], widths: list[int]) -> str:
    parts = []
    for text, width in zip(cells, widths, strict=True):
        text = " ".join(str(text).split())
        parts.append(text[: width - 1] + "…" if len(text) > width else text.ljust(width))
    return " ".join(parts).rstrip()


def _codes(actors: list[dict[str, Any]]) -> str:
    return ",".join(a.get("code") or a.get("sector") or a.get("text", "?") for a in actors)


def _event_cells(event: dict[str, Any]) -> list[str]:
    location = event.get("location") or {}
    date = (event.get("date") or {}).get("value") or ""
    numbers = event.get("quantities") or {}
    figures = " ".join(_figure(numbers, k) for k in ("killed", "injured", "persons")
                       if _figure(numbers, k))
    if figures and numbers.get("per_side"):
        figures += "/side"
    type_mode = event["type"] + (f":{event['mode']}" if event.get("mode") else "")
    place = ", ".join(p for p in (location.get("name"), location.get("admin1"),
                                  location.get("country")) if p)
    claimed = (event.get("claimed_by") or {}).get("code") or ""
    return [date, type_mode, event.get("modality", ""), _codes(event.get("source") or []),
            _codes(event.get("target") or []), place, figures, claimed,
            (event.get("evidence") or {}).get("text", "")]


def _figure(numbers: dict[str, Any], field: str) -> str:
    """"k=3", or "k>=3" where only a vague amount's floor is known ("several killed")."""
    if numbers.get(field) is not None:
        return f"{field[0]}={numbers[field]}"
    floor = (numbers.get("minimums") or {}).get(field)
    return f"{field[0]}>={floor}" if floor is not None else ""


def _stat_cells(stat: dict[str, Any]) -> list[str]:
    return [stat.get("kind", ""), str(stat.get("value", "")), stat.get("qualifier") or "",
            stat.get("subject") or "", (stat.get("evidence") or {}).get("text", "")]
