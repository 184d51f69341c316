"""Reading the store: filtered event streams, statistics and a summary.

Every filter value reaches SQLite as a parameter; the SQL text is built only from the
fixed fragments in this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pycountry

from detente.model import Event, Statistic
from detente.store.db import Store
from detente.store.rows import EVENT_SELECT, event_from_row, statistic_from_row

Clause = tuple[str, tuple[object, ...]]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_EVENT_DATE = "substr(COALESCE(e.date_value, a.date), 1, 10)"
_ACTOR_MATCH = """EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND (
    ea.code = ? OR ea.code LIKE ? ESCAPE '\\'
    OR instr(casefold(ea.name), ?) > 0 OR instr(casefold(ea.text), ?) > 0))"""
_COUNTRY_MATCH = """(e.location_country IN (SELECT value FROM json_each(?))
    OR EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id
               AND ea.code IN (SELECT value FROM json_each(?))))"""
_PLACE_MATCH = """(instr(casefold(e.location_name), ?) > 0
    OR instr(casefold(e.location_admin1), ?) > 0 OR instr(casefold(e.location_text), ?) > 0)"""
_TEXT_MATCH = """e.article_id IN (SELECT fa.id FROM articles_fts
    JOIN articles fa ON fa.seq = articles_fts.rowid WHERE articles_fts MATCH ?)"""


@dataclass
class EventFilter:
    """Which events to read. Unset (None) fields do not filter."""

    type: str | None = None  # PLOVER type, e.g. "AGREE"
    mode: str | None = None
    modality: str | None = None
    actor: str | None = None  # actor code or code prefix ("UKR"), or part of a name
    country: str | None = None  # country code or name: an actor's code or the event's country
    place: str | None = None  # part of the place name, admin1 or mention
    date_from: date | None = None  # on the event date, else the article date; inclusive
    date_to: date | None = None
    article_id: str | None = None
    text: str | None = None  # words that must all appear in the article (full-text search)
    limit: int | None = None
    offset: int = 0


def query_events(store: Store, flt: EventFilter) -> Iterator[Event]:
    """Stream the matching events ordered by date (undated last), then id."""
    where, params = where_clause(flt)
    sql = (
        f"{EVENT_SELECT} {where} ORDER BY {_EVENT_DATE} IS NULL, {_EVENT_DATE}, e.id "
        "LIMIT ? OFFSET ?"
    )
    limit = -1 if flt.limit is None else flt.limit
    for row in store.conn.execute(sql, (*params, limit, flt.offset)):
        yield event_from_row(row)


def query_statistics(store: Store, article_id: str | None = None) -> Iterator[Statistic]:
    """Stream stored statistics, for one article or all, in article and text order."""
    where, params = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
    sql = f"SELECT * FROM statistics {where} ORDER BY article_id, evidence_start, id"
    for row in store.conn.execute(sql, params):
        yield statistic_from_row(row)


def summary(store: Store) -> dict[str, Any]:
    """Counts of articles, events and statistics, and events by type and by modality."""
    return {
        "articles": store.count("articles"),
        "events": store.count("events"),
        "statistics": store.count("statistics"),
        "events_by_type": _group_count(store, "SELECT type, count(*) FROM events GROUP BY type"),
        "events_by_modality": _group_count(
            store, "SELECT modality, count(*) FROM events GROUP BY modality"
        ),
    }


def where_clause(flt: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE text (fixed fragments joined by AND) and its parameters."""
    clauses = [
        clause
        for clause in (
            _equals("e.type", flt.type.upper() if flt.type else None),
            _equals("e.mode", flt.mode),
            _equals("e.modality", flt.modality.lower() if flt.modality else None),
            _equals("e.article_id", flt.article_id),
            _actor(flt.actor),
            _country(flt.country),
            _place(flt.place),
            _date_bound(">=", flt.date_from),
            _date_bound("<=", flt.date_to),
            _text(flt.text),
        )
        if clause is not None
    ]
    if not clauses:
        return "", ()
    sql = "WHERE " + " AND ".join(fragment for fragment, _ in clauses)
    return sql, tuple(param for _, params in clauses for param in params)


def fts_query(text: str) -> str:
    """Plain words as an FTS5 query: each word quoted, so operators and quotes are just text.
    Control characters separate words: FTS5 reads a NUL as the end of the query."""
    words = _CONTROL.sub(" ", text).split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def country_codes(value: str) -> list[str]:
    """The codes a country may be stored under: as given, plus ISO alpha-2 and alpha-3."""
    codes = {value.strip().upper()}
    try:
        country = pycountry.countries.lookup(value.strip())
    except LookupError:
        return sorted(codes)
    return sorted(codes | {country.alpha_2, country.alpha_3})


def _equals(column: str, value: str | None) -> Clause | None:
    return None if value is None else (f"{column} = ?", (value,))


def _actor(value: str | None) -> Clause | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    folded = value.casefold()
    return _ACTOR_MATCH, (value, _like_escape(value) + "%", folded, folded)


def _country(value: str | None) -> Clause | None:
    if not value or not value.strip():
        return None
    codes = json.dumps(country_codes(value))
    return _COUNTRY_MATCH, (codes, codes)


def _place(value: str | None) -> Clause | None:
    if not value or not value.strip():
        return None
    folded = value.strip().casefold()
    return _PLACE_MATCH, (folded, folded, folded)


def _date_bound(operator: str, value: date | None) -> Clause | None:
    return None if value is None else (f"{_EVENT_DATE} {operator} ?", (value.isoformat(),))


def _text(value: str | None) -> Clause | None:
    query = fts_query(value or "")
    return (_TEXT_MATCH, (query,)) if query else None


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _group_count(store: Store, sql: str) -> dict[str, int]:
    return {key: count for key, count in store.conn.execute(sql)}
