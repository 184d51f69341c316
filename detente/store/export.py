"""Streaming export of filtered events to CSV, JSON Lines (the public contract) or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from detente.errors import StoreError
from detente.model import Actor, Event
from detente.store.db import Store
from detente.store.queries import EventFilter, query_events

if TYPE_CHECKING:
    import pyarrow as pa

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
PARQUET_BATCH_ROWS = 5000
ACTOR_FIELDS: tuple[str, ...] = ("text", "name", "code", "sector")

_SCALAR_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "type", "mode", "modality", "trigger",
    "location_text", "location_name", "location_country", "location_admin1",
    "location_lat", "location_lon", "location_geonameid",
    "date_text", "date_value", "date_precision", "killed", "injured", "persons", "per_side",
    "claimed_by_text", "claimed_by_code", "claimed_by_sector",
    "evidence_text", "evidence_start", "evidence_end", "confidence",
)
CSV_COLUMNS: tuple[str, ...] = (
    *_SCALAR_COLUMNS[:6],
    *(f"{role}_{field}s" for role in ("source", "target") for field in ACTOR_FIELDS),
    *_SCALAR_COLUMNS[6:],
    "qualifiers",
    "minimums",
)


def export_events(
    store: Store, flt: EventFilter, path: str | Path | None, fmt: str
) -> int:
    """Write the events ``flt`` selects to ``path`` (None or "-": stdout); return how many."""
    events = query_events(store, flt)
    if fmt == "parquet":
        if path is None or str(path) == "-":
            raise StoreError("Parquet export needs a file path; it cannot go to stdout")
        return _write_parquet(events, Path(path))
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    with _text_output(path) as out:
        return _write_csv(events, out) if fmt == "csv" else _write_jsonl(events, out)


def flat_event(event: Event) -> dict[str, Any]:
    """One event as flat scalar columns (no actors, qualifiers or minimums)."""
    place, when, q, claim = event.location, event.date, event.quantities, event.claimed_by
    return {
        "id": event.id, "article_id": event.article_id, "type": event.type, "mode": event.mode,
        "modality": event.modality, "trigger": event.trigger,
        "location_text": place and place.text, "location_name": place and place.name,
        "location_country": place and place.country, "location_admin1": place and place.admin1,
        "location_lat": place and place.lat, "location_lon": place and place.lon,
        "location_geonameid": place and place.geonameid,
        "date_text": when and when.text, "date_value": when and when.value,
        "date_precision": when and when.precision,
        "killed": q.killed, "injured": q.injured, "persons": q.persons, "per_side": q.per_side,
        "claimed_by_text": claim and claim.text, "claimed_by_code": claim and claim.code,
        "claimed_by_sector": claim and claim.sector,
        "evidence_text": event.evidence.text, "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end, "confidence": event.confidence,
    }


def csv_row(event: Event) -> dict[str, Any]:
    row = flat_event(event) | {"qualifiers": json.dumps(event.quantities.qualifiers),
                               "minimums": json.dumps(event.quantities.minimums)}
    for role, actors in (("source", event.source), ("target", event.target)):
        for field in ACTOR_FIELDS:
            row[f"{role}_{field}s"] = ";".join(_actor_value(actor, field) for actor in actors)
    return row


@contextmanager
def _text_output(path: str | Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        yield out


def _write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    count = 0
    for event in events:
        out.write(event.to_json() + "\n")
        count += 1
    return count


def _write_csv(events: Iterable[Event], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(csv_row(event))
        count += 1
    return count


def _write_parquet(events: Iterable[Event], path: Path) -> int:
    import pyarrow as pa  # imported here: only Parquet export needs it
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _chunks((_parquet_record(event) for event in events), PARQUET_BATCH_ROWS):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_schema() -> pa.Schema:
    import pyarrow as pa

    actor = pa.struct([(field, pa.string()) for field in ACTOR_FIELDS])
    types = {
        "location_lat": pa.float64(), "location_lon": pa.float64(), "confidence": pa.float64(),
        "location_geonameid": pa.int64(), "killed": pa.int64(), "injured": pa.int64(),
        "persons": pa.int64(), "evidence_start": pa.int64(), "evidence_end": pa.int64(),
        "per_side": pa.bool_(),
    }
    scalars = [(name, types.get(name, pa.string())) for name in _SCALAR_COLUMNS]
    nested = [
        ("source", pa.list_(actor)), ("target", pa.list_(actor)),
        ("qualifiers", pa.map_(pa.string(), pa.string())),
        ("minimums", pa.map_(pa.string(), pa.int64())),
    ]
    return pa.schema([*scalars[:6], *nested[:2], *scalars[6:], *nested[2:]])


def _parquet_record(event: Event) -> dict[str, Any]:
    return flat_event(event) | {
        "source": [_actor_dict(actor) for actor in event.source],
        "target": [_actor_dict(actor) for actor in event.target],
        "qualifiers": list(event.quantities.qualifiers.items()),
        "minimums": list(event.quantities.minimums.items()),
    }


def _actor_dict(actor: Actor) -> dict[str, str | None]:
    return {field: getattr(actor, field) for field in ACTOR_FIELDS}


def _actor_value(actor: Actor, field: str) -> str:
    return getattr(actor, field) or ""


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
