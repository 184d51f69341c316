"""Dataclasses to table rows and back. Column order here matches the INSERT statements."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from detente.model import (
    Actor,
    Article,
    Claim,
    Event,
    EventDate,
    Evidence,
    Place,
    Quantities,
    Statistic,
)

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "title", "text", "date", "source", "url", "path", "metadata", "extraction_error",
    "ingested_at",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "type", "mode", "modality", "trigger",
    "location_text", "location_name", "location_country", "location_admin1",
    "location_lat", "location_lon", "location_geonameid",
    "date_text", "date_value", "date_precision",
    "killed", "injured", "persons", "per_side", "qualifiers", "minimums",
    "claimed_by_text", "claimed_by_code", "claimed_by_sector",
    "evidence_text", "evidence_start", "evidence_end", "confidence", "content", "mentions",
)
ACTOR_COLUMNS: tuple[str, ...] = (
    "event_id", "role", "position", "text", "name", "code", "sector", "implied")
STATISTIC_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "kind", "value", "qualifier", "subject",
    "evidence_text", "evidence_start", "evidence_end",
    "claimed_by_text", "claimed_by_code", "claimed_by_sector",
)

# Events with their actors packed as one JSON array per row, so a query streams in one pass.
EVENT_SELECT = """
SELECT e.*, a.date AS article_date,
    (SELECT json_group_array(json_array(ea.role, ea.position, ea.text, ea.name, ea.code, ea.sector,
                                     ea.implied))
     FROM event_actors ea WHERE ea.event_id = e.id) AS actors
FROM events e JOIN articles a ON a.id = e.article_id
"""

Row = tuple[Any, ...]
_NO_PLACE: Row = (None,) * 7
_NO_DATE: Row = (None,) * 3
_NO_CLAIM: Row = (None,) * 3


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """An INSERT with one parameter per column; table and columns are this module's constants."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


IN_LIST_CHUNK = 500  # parameters per statement, well under SQLite's limit


def select_in(conn: sqlite3.Connection, query: str, values: Iterable[str],
              ) -> Iterator[sqlite3.Row]:
    """The rows of ``query``, whose ``{}`` is an IN list, for all of ``values``, a chunk of
    parameters at a time. Article ids and feed keys come from users and may hold a NUL,
    which SQLite's json_each cuts off, so they are never passed as JSON."""
    iterator = iter(values)
    while chunk := list(islice(iterator, IN_LIST_CHUNK)):
        yield from conn.execute(query.format(", ".join("?" * len(chunk))), chunk)


def article_row(article: Article, error: str | None, ingested_at: str) -> Row:
    metadata = strict_json(article.metadata)
    published = article.date.isoformat() if article.date else None
    return (
        article.id, article.title, article.text, published, article.source, article.url,
        article.path, metadata, error, ingested_at,
    )


def strict_json(value: Any) -> str:
    """JSON that SQLite's json_valid() accepts: NaN and infinities become strings."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, default=str, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        text=row["text"], id=row["id"], title=row["title"],
        date=date.fromisoformat(row["date"]) if row["date"] else None,
        source=row["source"], url=row["url"], path=row["path"],
        metadata=json.loads(row["metadata"]),
    )


def event_row(event: Event) -> Row:
    place, when, q = event.location, event.date, event.quantities
    location = (
        (place.text, place.name, place.country, place.admin1, place.lat, place.lon,
         place.geonameid) if place else _NO_PLACE
    )
    dated = (when.text, when.value, when.precision) if when else _NO_DATE
    quantities = (q.killed, q.injured, q.persons, int(q.per_side), json.dumps(q.qualifiers),
                  json.dumps(q.minimums))
    return (
        event.id, event.article_id, event.type, event.mode, event.modality, event.trigger,
        *location, *dated, *quantities, *_claim_row(event.claimed_by),
        event.evidence.text, event.evidence.start, event.evidence.end, event.confidence,
        event.content, json.dumps([[m.text, m.start, m.end] for m in event.mentions]),
    )


def actor_rows(event: Event) -> list[Row]:
    return [
        (event.id, role, position, actor.text, actor.name, actor.code, actor.sector,
         int(actor.implied))
        for role, actors in (("source", event.source), ("target", event.target))
        for position, actor in enumerate(actors)
    ]


def event_from_row(row: sqlite3.Row) -> Event:
    """Rebuild an Event from an EVENT_SELECT row."""
    source, target = _actors_from_json(row["actors"])
    return Event(
        id=row["id"], article_id=row["article_id"], type=row["type"], mode=row["mode"],
        modality=row["modality"], trigger=row["trigger"], source=source, target=target,
        location=_place_from_row(row), date=_date_from_row(row),
        quantities=_quantities_from_row(row),
        claimed_by=_claim_from_row(row),
        evidence=Evidence(row["evidence_text"], row["evidence_start"], row["evidence_end"]),
        confidence=row["confidence"], content=row["content"],
        mentions=[Evidence(text, start, end) for text, start, end in json.loads(row["mentions"])],
    )


def statistic_row(statistic: Statistic) -> Row:
    evidence = statistic.evidence
    return (
        statistic.id, statistic.article_id, statistic.kind, statistic.value,
        statistic.qualifier, statistic.subject, evidence.text, evidence.start, evidence.end,
        *_claim_row(statistic.claimed_by),
    )


def statistic_from_row(row: sqlite3.Row) -> Statistic:
    return Statistic(
        id=row["id"], article_id=row["article_id"], kind=row["kind"], value=row["value"],
        qualifier=row["qualifier"], subject=row["subject"],
        evidence=Evidence(row["evidence_text"], row["evidence_start"], row["evidence_end"]),
        claimed_by=_claim_from_row(row),
    )


def _claim_row(claim: Claim | None) -> Row:
    return (claim.text, claim.code, claim.sector) if claim else _NO_CLAIM


def _actors_from_json(packed: str | None) -> tuple[list[Actor], list[Actor]]:
    by_role: dict[str, list[Actor]] = {"source": [], "target": []}
    for role, _, text, name, code, sector, implied in sorted(json.loads(packed or "[]"),
                                                            key=_position):
        by_role[role].append(Actor(text=text, name=name, code=code, sector=sector,
                                   implied=bool(implied)))
    return by_role["source"], by_role["target"]


def _position(packed_actor: list[Any]) -> tuple[str, int]:
    return packed_actor[0], packed_actor[1]


def _place_from_row(row: sqlite3.Row) -> Place | None:
    if row["location_text"] is None:
        return None
    return Place(
        text=row["location_text"], name=row["location_name"], country=row["location_country"],
        admin1=row["location_admin1"], lat=row["location_lat"], lon=row["location_lon"],
        geonameid=row["location_geonameid"],
    )


def _date_from_row(row: sqlite3.Row) -> EventDate | None:
    if row["date_text"] is None:
        return None
    return EventDate(row["date_text"], row["date_value"], row["date_precision"])


def _quantities_from_row(row: sqlite3.Row) -> Quantities:
    return Quantities(
        killed=row["killed"], injured=row["injured"], persons=row["persons"],
        per_side=bool(row["per_side"]), qualifiers=json.loads(row["qualifiers"]),
        minimums=json.loads(row["minimums"]),
    )


def _claim_from_row(row: sqlite3.Row) -> Claim | None:
    if row["claimed_by_text"] is None:
        return None
    return Claim(row["claimed_by_text"], row["claimed_by_code"], row["claimed_by_sector"])
