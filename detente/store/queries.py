"""Reading the store: filtered event streams, statistics and a summary.

Every filter value reaches SQLite as a parameter; the SQL text is built only from the
fixed fragments in this module (a sort column is looked up in ``EVENT_SORTS``, never pasted).

Background events. An event whose dated period ends more than ``BACKGROUND_DAYS`` before its
article's date ("the Holodomor", "in 1944", "since 2014") is history the report recalls, not
news. It is flagged when read (``BACKGROUND``), not at write time: the flag depends only on
two stored dates, so computing it in SQL keeps every existing store right without a data
migration, and a change of the threshold needs no rewrite. Lists hide such events unless
asked (``EventFilter.hide_background``); the library's default shows everything.
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

# the day an event happened, else its article's (the one SQL date expression)
EVENT_DATE = "substr(COALESCE(e.date_value, a.date), 1, 10)"
_ACTOR_CODE = """EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND (
    ea.code = ? OR ea.code LIKE ? ESCAPE '\\'))"""
_ACTOR_NAME = """EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND
    instr(casefold(COALESCE(ea.name, ea.text)), ?) > 0)"""
_COUNTRY_MATCH = """(e.location_country IN (SELECT value FROM json_each(?))
    OR EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id
               AND ea.code IN (SELECT value FROM json_each(?))))"""
_PLACE_MATCH = """(instr(casefold(e.location_name), ?) > 0
    OR instr(casefold(e.location_admin1), ?) > 0 OR instr(casefold(e.location_text), ?) > 0)"""
_TEXT_MATCH = """e.article_id IN (SELECT fa.id FROM articles_fts
    JOIN articles fa ON fa.seq = articles_fts.rowid WHERE articles_fts MATCH ?)"""
_EVENT_TEXT_MATCH = "e.id IN (SELECT event_id FROM events_fts WHERE events_fts MATCH ?)"
_CODE = re.compile(r"^[A-Z]{3}(?::[A-Z0-9]+)?$")

BACKGROUND_DAYS = 365
# the end of the event's dated period (a year, month, week or day) against the article date
BACKGROUND = f"""(e.date_value IS NOT NULL AND a.date IS NOT NULL AND date(
    substr(e.date_value, 1, 10), CASE e.date_precision WHEN 'year' THEN '+1 year'
    WHEN 'month' THEN '+1 month' WHEN 'week' THEN '+7 days' ELSE '+1 day' END)
    <= date(a.date, '-{BACKGROUND_DAYS} days'))"""
SEARCH_SCOPES: tuple[str, ...] = ("events", "article")
_FIRST_SOURCE = """(SELECT COALESCE(ea.name, ea.text) FROM event_actors ea
    WHERE ea.event_id = e.id AND ea.role = 'source' ORDER BY ea.position LIMIT 1)"""
# sort column -> SQL expression; "-column" sorts descending, NULLs last either way
EVENT_SORTS: dict[str, str] = {
    "date": EVENT_DATE, "article_date": "a.date", "id": "e.id", "type": "e.type",
    "mode": "e.mode", "modality": "e.modality", "actors": _FIRST_SOURCE,
    "place": "e.location_name", "country": "e.location_country", "killed": "e.killed",
    "injured": "e.injured", "persons": "e.persons", "content": "e.content",
    "evidence": "e.evidence_text", "confidence": "e.confidence",
    "claimed_by": "COALESCE(e.claimed_by_code, e.claimed_by_text)", "outlet": "a.source",
    "title": "a.title", "evidence_start": "e.evidence_start",
}
DEFAULT_EVENT_SORT = "-date"


@dataclass
class EventFilter:
    """Which events to read. Unset (None) fields do not filter."""

    type: str | None = None  # PLOVER type, e.g. "AGREE"
    mode: str | None = None
    modality: str | None = None
    actor: str | None = None  # a code (UKR, IGO:UN) or part of a name (see ``actor_clause``)
    country: str | None = None  # country code or name: an actor's code or the event's country
    place: str | None = None  # part of the place name, admin1 or mention
    date_from: date | None = None  # on the event date, else the article date; inclusive
    date_to: date | None = None
    article_id: str | None = None
    text: str | None = None  # words that must all appear (full-text search) ...
    scope: str = "events"  # ... in the event's evidence or content, or anywhere in its article
    hide_background: bool = False  # leave out events dated long before their article
    sort: str | None = None  # a column of EVENT_SORTS, "-column" for descending
    limit: int | None = None
    offset: int = 0


class SortError(ValueError):
    """An unknown sort column; the message lists the known ones."""


def order_by(sort: str | None, columns: dict[str, str], default: str, tiebreak: str) -> str:
    """ORDER BY text for "column" or "-column" (descending), NULLs last, then ``tiebreak``."""
    wanted = (sort or default).strip()
    descending = wanted.startswith("-")
    name = wanted.lstrip("-+ ").lower()
    if name not in columns:
        raise SortError(f"unknown sort column {name!r}; expected one of "
                        f"{', '.join(columns)} (prefix - for descending)")
    direction = "DESC" if descending else "ASC"
    expression = columns[name]
    return f"ORDER BY {expression} IS NULL, {expression} {direction}, {tiebreak} {direction}"


def query_events(store: Store, flt: EventFilter) -> Iterator[Event]:
    """Stream the matching events in ``flt.sort`` order; by default oldest first, as exports
    want them (lists, ``listing.listed_events``, show the newest first); undated last."""
    where, params = where_clause(flt)
    order = order_by(flt.sort, EVENT_SORTS, "date", "e.id")
    sql = f"{EVENT_SELECT} {where} {order} LIMIT ? OFFSET ?"
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
            actor_clause(flt.actor),
            _country(flt.country),
            _place(flt.place),
            _date_bound(">=", flt.date_from),
            _date_bound("<=", flt.date_to),
            _text(flt.text, flt.scope),
            (f"NOT {BACKGROUND}", ()) if flt.hide_background else None,
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


def is_code(value: str) -> bool:
    """Whether an --actor value is a code (RUS, IGO:UN, IGO) rather than a name."""
    return bool(_CODE.match(value.strip()))


def actor_clause(value: str | None) -> Clause | None:
    """An actor given as a code matches every actor resolved to that code: a country's
    government, forces, people and leaders (Putin is RUS); "IGO" matches every IGO:xx. Any
    other value is a name: it matches actors whose resolved name contains it, in any case
    ("Putin", "Vladimir Putin": his events only), and unresolved actors by their words."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if is_code(value):
        return _ACTOR_CODE, (value, _like_escape(value) + ":%")
    return _ACTOR_NAME, (value.casefold(),)


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
    return None if value is None else (f"{EVENT_DATE} {operator} ?", (value.isoformat(),))


def _text(value: str | None, scope: str) -> Clause | None:
    query = fts_query(value or "")
    if not query:
        return None
    return (_TEXT_MATCH if scope == "article" else _EVENT_TEXT_MATCH), (query,)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _group_count(store: Store, sql: str) -> dict[str, int]:
    return {key: count for key, count in store.conn.execute(sql)}
