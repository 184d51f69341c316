"""Stories as lists show them: the deduplicated record, one row per real event.

The filters are those of the events list (``EventFilter``). The type, mode and modality
filters apply to the story itself (its type is the one most of its mentions give); every
other filter (actor, country, place, dates, words, article, background) keeps a story
when at least one of its mentions passes it. Every value reaches SQLite as a parameter;
the SQL text is built from this module's fixed fragments and the event filter's.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from detente.errors import StoreError
from detente.store import Store
from detente.store.queries import EventFilter, order_by, where_clause

# sort column -> SQL expression over the stories table (alias s)
STORY_SORTS: dict[str, str] = {
    "date": "s.first_date", "last_date": "s.last_date", "first_report": "s.first_report",
    "last_report": "s.last_report", "id": "s.id", "type": "s.type", "mode": "s.mode",
    "modality": "s.modality", "place": "s.place_name", "country": "s.country",
    "killed": "s.killed_best", "injured": "s.injured_best", "persons": "s.persons_best",
    "mentions": "s.mention_count", "articles": "s.article_count",
}
DEFAULT_STORY_SORT = "-date"
NUMBERS: tuple[str, ...] = ("killed", "injured", "persons")
STORY_EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
# the flat columns of CSV, JSON Lines and Parquet, with their Parquet kinds
STORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("type", "string"), ("mode", "string"), ("modality", "string"),
    ("first_date", "string"), ("last_date", "string"), ("first_report", "string"),
    ("last_report", "string"), ("place", "string"), ("admin1", "string"),
    ("country", "string"), ("actors", "strings"), ("names", "strings"),
    *((f"{name}_{part}", "integer") for name in NUMBERS for part in ("best", "low", "high")),
    ("per_side", "boolean"), ("mentions", "integer"), ("articles", "integer"),
    ("lead_event_id", "string"), ("evidence", "string"),
)
# the story's earliest mention of its own type (every story has one)
_LEAD = """(SELECT e.id FROM story_mentions lm JOIN events e ON e.id = lm.event_id
    JOIN articles la ON la.id = e.article_id WHERE lm.story_id = s.id AND e.type = s.type
    ORDER BY COALESCE(e.date_value, la.date), e.id LIMIT 1)"""
_SELECT = f"""
SELECT s.*, {_LEAD} AS lead_event_id,
    (SELECT json_group_array(DISTINCT ea.name) FROM story_mentions nm
     JOIN event_actors ea ON ea.event_id = nm.event_id
     WHERE nm.story_id = s.id AND ea.name IS NOT NULL) AS names
FROM stories s
"""
_MENTION_MATCH = """s.id IN (SELECT sm.story_id FROM story_mentions sm
    JOIN events e ON e.id = sm.event_id JOIN articles a ON a.id = e.article_id {where})"""


@dataclass
class StoryRow:
    """One story in a list: what happened, when, where, who, its figures (best, low,
    high), how many mentions and articles report it, and its first mention's evidence."""

    id: str
    type: str
    modality: str
    mode: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    first_report: str | None = None
    last_report: str | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    actors: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    figures: dict[str, dict[str, int | None]] = field(default_factory=dict)
    per_side: bool = False
    mentions: int = 0
    articles: int = 0
    lead_event_id: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "modality": self.modality,
            "first_date": self.first_date, "last_date": self.last_date,
            "first_report": self.first_report, "last_report": self.last_report,
            "place": self.place, "admin1": self.admin1, "country": self.country,
            "actors": self.actors, "names": self.names,
            **{name: self.figures.get(name, {}) for name in NUMBERS},
            "per_side": self.per_side, "mentions": self.mentions, "articles": self.articles,
            "lead_event_id": self.lead_event_id, "evidence": self.evidence,
        }

    def flat(self) -> dict[str, Any]:
        """The export columns: figures as killed_best, killed_low, ..., lists kept."""
        data = self.to_dict()
        for name in NUMBERS:
            figure = data.pop(name) or {}
            data.update({f"{name}_{part}": figure.get(part) for part in ("best", "low", "high")})
        return {name: data[name] for name, _ in STORY_COLUMNS}


def check_story_sort(sort: str | None) -> None:
    """Raise SortError (naming the valid columns) for an unknown story sort column."""
    order_by(sort, STORY_SORTS, DEFAULT_STORY_SORT, "s.id")


def list_stories(store: Store, flt: EventFilter) -> tuple[int, list[StoryRow]]:
    """How many stories match, and the page ``flt.limit``/``flt.offset`` selects, newest
    first unless ``flt.sort`` says otherwise."""
    where, params = story_where(flt)
    total = store.conn.execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0]
    return int(total), list(iter_stories(store, flt))


def iter_stories(store: Store, flt: EventFilter) -> Iterator[StoryRow]:
    """The matching stories in order, streamed (``flt.limit`` None: all of them)."""
    where, params = story_where(flt)
    order = order_by(flt.sort, STORY_SORTS, DEFAULT_STORY_SORT, "s.id")
    sql = f"{_SELECT} {where} {order} LIMIT ? OFFSET ?"
    limit = -1 if flt.limit is None else flt.limit
    rows = store.conn.execute(sql, (*params, limit, flt.offset))
    while chunk := rows.fetchmany(500):
        evidence = _evidence(store, [row["lead_event_id"] for row in chunk])
        for row in chunk:
            yield _story_row(row, evidence.get(row["lead_event_id"]))


def story_where(flt: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE text over ``stories s`` and its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (("s.type", flt.type.upper() if flt.type else None), ("s.mode", flt.mode),
                          ("s.modality", flt.modality.lower() if flt.modality else None)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    mentions = replace(flt, type=None, mode=None, modality=None, sort=None, limit=None,
                       offset=0)
    mention_where, mention_params = where_clause(mentions)
    if mention_where:
        clauses.append(_MENTION_MATCH.format(where=mention_where))
        params.extend(mention_params)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def linked(store: Store) -> bool:
    """Whether the store has stories (``detente link`` has run on it)."""
    return store.conn.execute("SELECT EXISTS (SELECT 1 FROM stories)").fetchone()[0] == 1


def export_stories(store: Store, flt: EventFilter, path: str | Path | None, fmt: str) -> int:
    """Write the matching stories as CSV, JSON Lines or Parquet (the columns of
    ``STORY_COLUMNS``); returns how many were written."""
    if fmt not in STORY_EXPORT_FORMATS:
        raise StoreError(f"stories export as {fmt!r} is not offered; use one of "
                         f"{', '.join(STORY_EXPORT_FORMATS)}")
    rows = (story.flat() for story in iter_stories(store, replace(flt, limit=None)))
    if fmt == "parquet":
        if path is None or str(path) == "-":
            raise StoreError("Parquet export needs a file path; it cannot go to stdout")
        return _write_parquet(rows, Path(path))
    if path is None or str(path) == "-":
        return write_flat(rows, fmt, sys.stdout)
    with open(path, "w", encoding="utf-8", newline="") as out:
        return write_flat(rows, fmt, out)


def write_flat(rows: Iterator[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Flat story rows as CSV (lists joined by ";") or JSON Lines."""
    count = 0
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in STORY_COLUMNS])
    if fmt == "csv":
        writer.writeheader()
    for row in rows:
        if fmt == "csv":
            writer.writerow({k: ";".join(v) if isinstance(v, list) else
                             ("true" if v else "false") if isinstance(v, bool) else v
                             for k, v in row.items()})
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa  # only Parquet export needs it
    import pyarrow.parquet as pq

    kinds = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
             "strings": pa.list_(pa.string())}
    schema = pa.schema([(name, kinds[kind]) for name, kind in STORY_COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(rows, 5000)):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _evidence(store: Store, event_ids: list[str]) -> dict[str, str]:
    rows = store.conn.execute("SELECT id, evidence_text FROM events WHERE id IN "
                              "(SELECT value FROM json_each(?))", (json.dumps(event_ids),))
    return {row[0]: row[1] for row in rows}


def _story_row(row: Any, evidence: str | None) -> StoryRow:
    return StoryRow(
        id=row["id"], type=row["type"], mode=row["mode"], modality=row["modality"],
        first_date=row["first_date"], last_date=row["last_date"],
        first_report=row["first_report"], last_report=row["last_report"],
        place=row["place_name"], admin1=row["admin1"], country=row["country"],
        actors=json.loads(row["actor_codes"] or "[]"),
        names=sorted(json.loads(row["names"] or "[]")),
        figures={name: {part: row[f"{name}_{part}"] for part in ("best", "low", "high")}
                 for name in NUMBERS},
        per_side=bool(row["per_side"]), mentions=row["mention_count"],
        articles=row["article_count"], lead_event_id=row["lead_event_id"], evidence=evidence,
    )
