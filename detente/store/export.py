"""Streaming export of filtered events.

CSV, JSON Lines and Parquet carry the same flat columns (``detente.store.columns``): the
event, its article's title, date, source and URL, and its story once linked. GeoJSON, an
ACLED-style CSV and PLOVER JSON records are written by their own modules from the same
records.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from detente.errors import StoreError
from detente.model import Actor, Event
from detente.store.columns import (
    ACTOR_FIELDS,
    COLUMN_NAMES,
    EXPORT_COLUMNS,
    QUANTITY_FIELDS,
    actor_column,
)
from detente.store.db import Store
from detente.store.queries import EventFilter, query_events
from detente.store.rows import select_in

if TYPE_CHECKING:
    import pyarrow as pa

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet", "geojson", "acled", "plover")
PARQUET_BATCH_ROWS = 5000
_LOOKUP_CHUNK = 500
CSV_LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class ArticleInfo:
    """What an export says about the article an event comes from."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    ingested_at: str | None = None


@dataclass(frozen=True)
class ExportRecord:
    """One event with its article and, once linked, its story."""

    event: Event
    article: ArticleInfo
    story_id: str | None = None


@dataclass
class ExportReport:
    """What an export wrote: rows (or features, or records), and events left out because
    the format has no place for them (unlocated events in GeoJSON, say)."""

    written: int = 0
    skipped: int = 0
    stories: int = 0  # GeoJSON: story features written after the events


def export_events(store: Store, flt: EventFilter, path: str | Path | None, fmt: str,
                  ) -> ExportReport:
    """Write the events ``flt`` selects to ``path`` (None or "-": stdout) as ``fmt``."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    records = export_records(store, flt)
    if fmt == "parquet":
        if path is None or str(path) == "-":
            raise StoreError("Parquet export needs a file path; it cannot go to stdout")
        return ExportReport(written=write_parquet(records, Path(path)))
    with _text_output(path) as out:
        return _text_writer(fmt)(store, records, out)


def export_records(store: Store, flt: EventFilter) -> Iterator[ExportRecord]:
    """The events ``flt`` selects, in ``query_events`` order, with their article and story
    (looked up a chunk of events at a time, never per event)."""
    events = query_events(store, flt)
    while chunk := list(islice(events, _LOOKUP_CHUNK)):
        articles = _article_infos(store, {event.article_id for event in chunk})
        stories = _story_ids(store, [event.id for event in chunk])
        for event in chunk:
            yield ExportRecord(event, articles.get(event.article_id, ArticleInfo()),
                               stories.get(event.id))


def flat_row(record: ExportRecord) -> dict[str, Any]:
    """One record as the export columns, with native values (lists stay lists)."""
    event, article = record.event, record.article
    place, when, q, claim = event.location, event.date, event.quantities, event.claimed_by
    row: dict[str, Any] = {
        "id": event.id, "article_id": event.article_id, "story_id": record.story_id,
        "type": event.type, "plover_type": event.plover_type, "mode": event.mode,
        "modality": event.modality, "trigger": event.trigger,
        "location_text": place and place.text, "location_name": place and place.name,
        "location_country": place and place.country, "location_admin1": place and place.admin1,
        "location_lat": place and place.lat, "location_lon": place and place.lon,
        "location_geonameid": place and place.geonameid,
        "date_text": when and when.text, "date_value": when and when.value,
        "date_precision": when and when.precision, "per_side": q.per_side,
        "claimed_by_text": claim and claim.text, "claimed_by_code": claim and claim.code,
        "claimed_by_sector": claim and claim.sector, "content": event.content,
        "evidence_text": event.evidence.text, "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end, "confidence": event.confidence,
        "article_title": article.title, "article_date": article.date,
        "article_source": article.source, "article_url": article.url,
    }
    for field in QUANTITY_FIELDS:
        row[field] = getattr(q, field)
        row[f"{field}_qualifier"] = q.qualifiers.get(field)
        row[f"{field}_minimum"] = q.minimums.get(field)
    for role, actors in (("source", event.source), ("target", event.target)):
        for field in ACTOR_FIELDS:
            row[actor_column(role, field)] = [_actor_value(actor, field) for actor in actors]
    return {name: row[name] for name in COLUMN_NAMES}


def csv_row(record: ExportRecord) -> dict[str, Any]:
    """The flat row with lists joined by ";" and booleans as true/false, for CSV."""
    return {name: _csv_value(value) for name, value in flat_row(record).items()}


def write_csv(records: Iterable[ExportRecord], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count


def write_jsonl(records: Iterable[ExportRecord], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(flat_row(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(records: Iterable[ExportRecord], path: Path) -> int:
    import pyarrow as pa  # imported here: only Parquet export needs it
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows = (flat_row(record) for record in records)
        while batch := list(islice(rows, PARQUET_BATCH_ROWS)):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_schema() -> pa.Schema:
    import pyarrow as pa

    types = {
        "string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
        "boolean": pa.bool_(), "strings": pa.list_(pa.string()), "booleans": pa.list_(pa.bool_()),
    }
    return pa.schema([(column.name, types[column.kind]) for column in EXPORT_COLUMNS])


TextWriter = Callable[[Store, Iterator[ExportRecord], TextIO], ExportReport]


def _text_writer(fmt: str) -> TextWriter:
    """The writer for a text format; the other formats' modules load only when asked for."""
    if fmt == "csv":
        return lambda _store, records, out: ExportReport(written=write_csv(records, out))
    if fmt == "jsonl":
        return lambda _store, records, out: ExportReport(written=write_jsonl(records, out))
    if fmt == "geojson":
        from detente.store.geojson import write_geojson

        return write_geojson
    if fmt == "acled":
        from detente.store.acled import write_acled

        return lambda _store, records, out: write_acled(records, out)
    from detente.store.plover import write_plover

    return lambda _store, records, out: write_plover(records, out)


@contextmanager
def _text_output(path: str | Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        yield out


def _article_infos(store: Store, ids: set[str]) -> dict[str, ArticleInfo]:
    rows = select_in(store.conn, "SELECT id, title, date, source, url, ingested_at "
                     "FROM articles WHERE id IN ({})", sorted(ids))
    return {row["id"]: ArticleInfo(row["title"], row["date"], row["source"], row["url"],
                                   row["ingested_at"]) for row in rows}


def _story_ids(store: Store, event_ids: list[str]) -> dict[str, str]:
    rows = store.conn.execute(
        "SELECT event_id, story_id FROM story_mentions "
        "WHERE event_id IN (SELECT value FROM json_each(?))", (json.dumps(event_ids),))
    return {row[0]: row[1] for row in rows}


def _actor_value(actor: Actor, field: str) -> Any:
    value = getattr(actor, field)
    return bool(value) if field == "implied" else value


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join("" if item is None else str(_csv_value(item))
                                       for item in value)
    return value
