"""Stored events read in one pass as the light records linking works on (``Mention``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date

from detente.link.mentions import Mention
from detente.store.db import Store

_MENTION_SQL = """
SELECT e.id, e.article_id, a.date AS article_date, a.source AS outlet, e.type, e.mode,
    e.modality, e.trigger, e.location_name, e.location_admin1, e.location_country,
    e.date_text, e.date_value, e.date_precision, e.killed, e.injured, e.persons, e.per_side,
    e.claimed_by_text, e.claimed_by_code, e.claimed_by_sector, e.evidence_text,
    e.evidence_start, e.content, e.location_lat, e.location_lon, e.location_geonameid,
    (SELECT json_group_array(json_array(ea.role, ea.code, ea.name)) FROM event_actors ea
     WHERE ea.event_id = e.id AND (ea.code IS NOT NULL OR ea.name IS NOT NULL)) AS codes
FROM events e JOIN articles a ON a.id = e.article_id
"""



def load_mentions(store: Store) -> list[Mention]:
    """Every stored event as a Mention, ordered by event id."""
    return list(iter_mentions(store, "ORDER BY e.id", ()))


def load_mentions_by_id(store: Store, event_ids: list[str]) -> list[Mention]:
    where = "WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id"
    return list(iter_mentions(store, where, (json.dumps(event_ids),)))


def iter_mentions(store: Store, tail: str, params: tuple[object, ...]) -> Iterator[Mention]:
    """Mentions from the fixed SELECT plus a fixed ``tail`` (WHERE/ORDER) and its parameters."""
    for row in store.conn.execute(_MENTION_SQL + tail, params):
        yield _mention(row)


def _mention(row: sqlite3.Row) -> Mention:
    get = row.__getitem__
    sources, targets, names = _codes(get("codes"))
    return Mention(
        event_id=get("id"), article_id=get("article_id"),
        article_date=_date(get("article_date")), type=get("type"), mode=get("mode"),
        modality=get("modality"), trigger=get("trigger") or "", outlet=get("outlet"),
        sources=sources, targets=targets, names=names, place_name=get("location_name"),
        admin1=get("location_admin1"), country=get("location_country"),
        date_text=get("date_text"), date_value=_date(get("date_value")),
        date_precision=get("date_precision"), killed=get("killed"), injured=get("injured"),
        persons=get("persons"), per_side=bool(get("per_side")),
        claimed_by=get("claimed_by_text"), claimed_code=get("claimed_by_code"),
        evidence=get("evidence_text"), evidence_start=get("evidence_start"),
        content=get("content"), lat=get("location_lat"), lon=get("location_lon"),
        geonameid=get("location_geonameid"), claimed_sector=get("claimed_by_sector"),
    )


def _codes(packed: str | None,
           ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    by_role: dict[str, list[str]] = {"source": [], "target": []}
    names: list[str] = []
    for role, code, name in json.loads(packed or "[]"):
        if code and code not in by_role[role]:
            by_role[role].append(code)
        if name and name not in names:
            names.append(name)
    return tuple(by_role["source"]), tuple(by_role["target"]), tuple(names)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
