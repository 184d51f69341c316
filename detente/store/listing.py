"""Events as lists show them: each with its article's title, date, outlet and URL and its
background flag; facet counts; display titles; the span of the articles' dates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.model import Event
from detente.store.db import Store
from detente.store.queries import (
    BACKGROUND,
    DEFAULT_EVENT_SORT,
    EVENT_SORTS,
    EventFilter,
    order_by,
    where_clause,
)
from detente.store.rows import event_from_row

TITLE_CHARS = 120
FACETS: tuple[str, ...] = ("type", "modality", "actor", "place")
_HEAD = "CASE WHEN COALESCE(trim(a.title), '') = '' THEN substr(a.text, 1, 400) END"
LISTED_SELECT = f"""
SELECT e.*, a.date AS article_date, a.title AS article_title, a.source AS article_source,
    a.url AS article_url, {_HEAD} AS article_head, {BACKGROUND} AS background,
    (SELECT sm.story_id FROM story_mentions sm WHERE sm.event_id = e.id) AS story_id,
    (SELECT json_group_array(json_array(ea.role, ea.position, ea.text, ea.name, ea.code, ea.sector,
                                     ea.implied))
     FROM event_actors ea WHERE ea.event_id = e.id) AS actors
FROM events e JOIN articles a ON a.id = e.article_id
"""
_FACET_SQL = {
    "type": "SELECT e.type AS value, count(*) AS n {from_} {where} GROUP BY value",
    "modality": "SELECT e.modality AS value, count(*) AS n {from_} {where} GROUP BY value",
    "place": ("SELECT e.location_name AS value, count(*) AS n {from_} {where} "
              "AND e.location_name IS NOT NULL GROUP BY value"),
    "actor": ("SELECT COALESCE(ea.code, ea.name, ea.text) AS value, "
              "count(DISTINCT e.id) AS n {from_} JOIN event_actors ea ON ea.event_id = e.id "
              "{where} GROUP BY value"),
}


@dataclass
class ArticleRef:
    """What a list shows of an event's article: never its file path."""

    id: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source,
                "url": self.url}


@dataclass
class ListedEvent:
    """One event of a list, with its article and whether it is background."""

    event: Event
    article: ArticleRef
    background: bool
    story_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.event.to_dict(), "background": self.background,
                "story_id": self.story_id, "article": self.article.to_dict()}


def display_title(title: str | None, text: str | None) -> str:
    """The article's title; without one, the first line of its text (cut at a word)."""
    if title and title.strip():
        return " ".join(title.split())
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= TITLE_CHARS:
        return first or "Untitled article"
    cut = first.rfind(" ", 0, TITLE_CHARS)
    return first[: cut if cut > TITLE_CHARS // 2 else TITLE_CHARS].rstrip(",;:- ") + "…"


def listed_events(store: Store, flt: EventFilter) -> Iterator[ListedEvent]:
    """The matching events in ``flt.sort`` order (newest first by default), one pass."""
    where, params = where_clause(flt)
    order = order_by(flt.sort, EVENT_SORTS, DEFAULT_EVENT_SORT, "e.id")
    limit = -1 if flt.limit is None else flt.limit
    sql = f"{LISTED_SELECT} {where} {order} LIMIT ? OFFSET ?"
    for row in store.conn.execute(sql, (*params, limit, flt.offset)):
        article = ArticleRef(row["article_id"], display_title(row["article_title"],
                                                              row["article_head"]),
                             row["article_date"], row["article_source"], row["article_url"])
        yield ListedEvent(event_from_row(row), article, bool(row["background"]),
                          row["story_id"])


def count_events(store: Store, flt: EventFilter) -> int:
    where, params = where_clause(flt)
    sql = f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id {where}"
    return int(store.conn.execute(sql, params).fetchone()[0])


def facets(store: Store, flt: EventFilter, size: int = 10) -> dict[str, list[dict[str, Any]]]:
    """For each facet (type, modality, actor, place), the most frequent values among the
    matching events with their counts: {"type": [{"value": "AGREE", "count": 12}, ...]}."""
    where, params = where_clause(flt)
    found: dict[str, list[dict[str, Any]]] = {}
    for name in FACETS:
        sql = _FACET_SQL[name].format(
            from_="FROM events e JOIN articles a ON a.id = e.article_id",
            where=where or "WHERE 1")
        rows = store.conn.execute(f"{sql} ORDER BY n DESC, value LIMIT ?", (*params, size))
        found[name] = [{"value": value, "count": int(n)} for value, n in rows if value]
    return found


def article_span(store: Store) -> tuple[str, str] | None:
    """The first and last publication dates of the stored articles."""
    first, last = store.conn.execute(
        "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM articles "
        "WHERE date IS NOT NULL").fetchone()
    return (first, last) if first and last else None


def background_count(store: Store, flt: EventFilter) -> int:
    """How many events the filter would match among the background ones it hides."""
    shown = EventFilter(**{**vars(flt), "hide_background": False, "limit": None, "offset": 0})
    where, params = where_clause(shown)
    condition = f"{where} AND {BACKGROUND}" if where else f"WHERE {BACKGROUND}"
    sql = f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id {condition}"
    return int(store.conn.execute(sql, params).fetchone()[0])


def is_background(store: Store, event_id: str) -> bool:
    """Whether one stored event is background (see ``queries.BACKGROUND``)."""
    row = store.conn.execute(
        f"SELECT {BACKGROUND} FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE e.id = ?", (event_id,)).fetchone()
    return bool(row and row[0])
