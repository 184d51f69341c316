"""Read-only SQL the dashboard and API need beyond ``detente.store.queries``.

Values always reach SQLite as parameters; SQL text is built only from this module's fixed
fragments and the WHERE clause of ``detente.store.queries.where_clause``. Every list is paged
in SQL, so no call reads more than one page of rows into memory.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from detente.model import Article, Event
from detente.store import Store, query_events, summary
from detente.store.cache import cached
from detente.store.listing import (
    article_span,
    count_events,
    display_title,
    is_background,
    listed_events,
)
from detente.store.queries import EVENT_DATE, EventFilter, fts_query, order_by, where_clause
from detente.store.rows import statistic_from_row
from detente.vocabulary import person_names

if TYPE_CHECKING:  # the API's query models; the store needs only their fields
    from detente.serve.params import ActorQuery, ArticleQuery, SearchQuery

FROM_EVENTS = "FROM events e JOIN articles a ON a.id = e.article_id"
PERIODS = {
    "day": EVENT_DATE,
    "week": f"date({EVENT_DATE}, 'weekday 0', '-6 days')",
    "month": f"substr({EVENT_DATE}, 1, 7) || '-01'",
}
MAX_PERIODS = 1000
SPAN_MARGIN_DAYS = 31
ARTICLE_EVENTS_CAP = 1000
Params = tuple[object, ...]


def has_table(store: Store, name: str) -> bool:
    """Whether the store has this table (tables other stages add through migrations)."""
    found = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
    )
    return found.fetchone() is not None


def event_where(flt: EventFilter, *extra: str) -> tuple[str, Params]:
    """The filter's WHERE clause with fixed extra conditions ANDed on."""
    where, params = where_clause(flt)
    conditions = [where.removeprefix("WHERE ")] if where else []
    conditions.extend(extra)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


@cached
def list_events(store: Store, flt: EventFilter) -> tuple[int, list[dict[str, Any]]]:
    """(matching total, one page of events as dicts with their article's title, date,
    outlet and URL and their background flag), newest first unless ``flt.sort`` says."""
    items = [listed.to_dict() for listed in listed_events(store, flt)]
    return count_events(store, flt), items


def event_dict(event: Event, article: dict[str, Any] | None = None) -> dict[str, Any]:
    data = event.to_dict()
    data["article"] = article or {"id": event.article_id}
    return data


def event_detail(store: Store, event_id: str) -> tuple[Event, Article] | None:
    event = store.get_event(event_id)
    article = store.get_article(event.article_id) if event else None
    return (event, article) if event and article else None


def event_background(store: Store, event_id: str) -> bool:
    return is_background(store, event_id)


def article_dict(article: Article, text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id, "title": display_title(article.title, article.text),
        "source": article.source, "url": article.url,
        "date": article.date.isoformat() if article.date else None,
    }
    if text:
        data["text"] = article.text
    return data


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text, its events (capped) and its cumulative statistics."""
    article = store.get_article(article_id)
    if article is None:
        return None
    flt = EventFilter(article_id=article_id, limit=ARTICLE_EVENTS_CAP, sort="evidence_start")
    return {
        "article": article,
        "events": list(query_events(store, flt)),
        "statistics": [s.to_dict() for s in _article_statistics(store, article_id)],
    }


def _article_statistics(store: Store, article_id: str) -> list[Any]:
    rows = store.conn.execute(
        "SELECT * FROM statistics WHERE article_id = ? ORDER BY evidence_start LIMIT ?",
        (article_id, ARTICLE_EVENTS_CAP),
    )
    return [statistic_from_row(row) for row in rows]


ARTICLE_SORTS = {"date": "a.date", "title": "COALESCE(a.title, a.text)", "source": "a.source",
                 "events": "events", "id": "a.id"}


@cached
def list_articles(store: Store, query: ArticleQuery) -> tuple[int, list[dict[str, Any]]]:
    """Articles newest first (undated last) or in ``sort`` order, with their event counts and
    display titles (never a file path); ``q`` is full-text."""
    words = fts_query(query.q or "")
    search = "WHERE a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
    where = search if words else ""
    params: Params = (words,) if words else ()
    total = store.conn.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0]
    order = order_by(query.order(), ARTICLE_SORTS, "-date", "a.seq")
    rows = store.conn.execute(
        "SELECT a.id, a.title, a.date, a.source, a.url, a.extraction_error, "
        "substr(a.text, 1, 400) AS head, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events "
        f"FROM articles a {where} {order} LIMIT ? OFFSET ?",
        (*params, query.limit, query.offset),
    )
    return int(total), [_article_row(row) for row in rows]


def _article_row(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    data["title"] = display_title(data["title"], data.pop("head"))
    return data


_ACTOR_GROUPS = """
SELECT ea.code AS code, COALESCE(ea.name, ea.text) AS name, max(ea.sector) AS sector,
    count(DISTINCT ea.event_id) AS events,
    sum(ea.role = 'source') AS as_source, sum(ea.role = 'target') AS as_target,
    min({date}) AS first, max({date}) AS last
FROM event_actors ea JOIN events e ON e.id = ea.event_id JOIN articles a ON a.id = e.article_id
{where} GROUP BY ea.code, COALESCE(ea.name, ea.text)
"""
ACTOR_SORTS = {"last": "last", "first": "first", "events": "events", "name": "name",
               "code": "code", "sector": "sector", "as_source": "as_source",
               "as_target": "as_target"}
PLACE_SORTS = {"last": "last", "first": "first", "events": "events", "name": "name",
               "country": "country", "admin1": "admin1"}


@cached
def list_actors(store: Store, query: ActorQuery) -> tuple[int, list[dict[str, Any]]]:
    """Distinct actors (code and name) with how many events they appear in, most first."""
    conditions, params = [], []
    if query.q and query.q.strip():
        folded = query.q.strip().casefold()
        conditions.append("(instr(casefold(ea.code), ?) > 0 OR instr(casefold(ea.name), ?) > 0 "
                          "OR instr(casefold(ea.text), ?) > 0)")
        params.extend([folded] * 3)
    if query.role:
        conditions.append("ea.role = ?")
        params.append(query.role)
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    groups = _ACTOR_GROUPS.format(where=where, date=EVENT_DATE)
    total = store.conn.execute(f"SELECT count(*) FROM ({groups})", params).fetchone()[0]
    order = order_by(query.order(), ACTOR_SORTS, "-last", "name")
    rows = store.conn.execute(
        f"SELECT * FROM ({groups}) {order} LIMIT ? OFFSET ?",
        (*params, query.limit, query.offset),
    )
    people = person_names()
    return int(total), [dict(row) | {"person": row["name"] in people} for row in rows]


_PLACE_GROUPS = """
SELECT e.location_name AS name, e.location_country AS country, e.location_admin1 AS admin1,
    e.location_lat AS lat, e.location_lon AS lon, e.location_geonameid AS geonameid,
    count(*) AS events, min({date}) AS first, max({date}) AS last
{from_} {where}
GROUP BY e.location_name, e.location_country, e.location_admin1, e.location_lat, e.location_lon,
    e.location_geonameid
"""


@cached
def list_places(store: Store, flt: EventFilter, sort: str = "-last",
                ) -> tuple[int, list[dict[str, Any]]]:
    """Distinct resolved locations of the matching events, with counts, the places with the
    newest events first (or in ``sort`` order)."""
    where, params = event_where(flt, "e.location_name IS NOT NULL")
    groups = _PLACE_GROUPS.format(date=EVENT_DATE, from_=FROM_EVENTS, where=where)
    total = store.conn.execute(f"SELECT count(*) FROM ({groups})", params).fetchone()[0]
    limit = -1 if flt.limit is None else flt.limit
    order = order_by(sort, PLACE_SORTS, "-last", "name")
    rows = store.conn.execute(
        f"SELECT * FROM ({groups}) {order} LIMIT ? OFFSET ?", (*params, limit, flt.offset)
    )
    return int(total), [dict(row) for row in rows]


@cached
def timeline(store: Store, flt: EventFilter, bucket: str = "auto") -> dict[str, Any]:
    """Counts of matching events per period, by type and by modality, periods gap-free.

    The span is the filter's dates where given, else the span of the articles' dates,
    widened by up to a month to take in nearby events (an event dated long before or after
    every report would squash the chart), or, when
    background events are asked for, the events' own span. Events outside it are counted
    in ``outside``."""
    dated, params = event_where(flt, f"{EVENT_DATE} IS NOT NULL")
    undated_where, undated_params = event_where(flt, f"{EVENT_DATE} IS NULL")
    undated = store.conn.execute(
        f"SELECT count(*) {FROM_EVENTS} {undated_where}", undated_params
    ).fetchone()[0]
    result: dict[str, Any] = {"bucket": bucket, "periods": [], "by_type": {}, "by_modality": {},
                              "undated": int(undated), "outside": 0, "span": None,
                              "span_of": "articles"}
    span = _timeline_span(store, flt, dated, params, result)
    if span is None:
        return result
    within = f"{dated} AND {EVENT_DATE} BETWEEN ? AND ?"
    in_span = (*params, span[0].isoformat(), span[1].isoformat())
    bucket = _choose_bucket(bucket, span)
    periods = _periods(span[0], span[1], bucket)
    index = {period: i for i, period in enumerate(periods)}
    rows = store.conn.execute(
        f"SELECT {PERIODS[bucket]} AS period, e.type, e.modality, count(*) {FROM_EVENTS} "
        f"{within} GROUP BY period, e.type, e.modality", in_span,
    )
    shown = 0
    for period, kind, modality, count in rows:
        shown += count
        for key, series in ((kind, result["by_type"]), (modality, result["by_modality"])):
            series.setdefault(key, [0] * len(periods))[index[period]] += count
    total = store.conn.execute(f"SELECT count(*) {FROM_EVENTS} {dated}", params).fetchone()[0]
    result.update(bucket=bucket, periods=periods, outside=int(total) - shown,
                  span=[span[0].isoformat(), span[1].isoformat()])
    return result


def _timeline_span(store: Store, flt: EventFilter, dated: str, params: Params,
                   result: dict[str, Any]) -> tuple[date, date] | None:
    first, last = store.conn.execute(
        f"SELECT min({EVENT_DATE}), max({EVENT_DATE}) {FROM_EVENTS} {dated}", params
    ).fetchone()
    articles = article_span(store)
    if not flt.hide_background or articles is None or not first or not last:
        result["span_of"] = "events"
    else:
        first, last = _around(articles, first, last)
    if flt.date_from or flt.date_to:
        result["span_of"] = "filter"
    start = flt.date_from.isoformat() if flt.date_from else first
    end = flt.date_to.isoformat() if flt.date_to else last
    return _date_span(start, end)


def _around(articles: tuple[str, str], first: str, last: str) -> tuple[str, str]:
    """The articles' span, widened to take in events up to SPAN_MARGIN_DAYS beyond it (the
    day before the first report, talks due next week) but no further."""
    try:
        start, end = date.fromisoformat(articles[0]), date.fromisoformat(articles[1])
        earliest, latest = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return articles
    margin = timedelta(days=SPAN_MARGIN_DAYS)
    low = min(start, max(earliest, start - margin))
    high = max(end, min(latest, end + margin))
    return low.isoformat(), high.isoformat()


def _date_span(first: str | None, last: str | None) -> tuple[date, date] | None:
    try:
        span = (date.fromisoformat(first), date.fromisoformat(last)) if first and last else None
    except ValueError:
        return None
    return span if span and span[0] <= span[1] else None


def _choose_bucket(bucket: str, span: tuple[date, date]) -> str:
    days = (span[1] - span[0]).days
    if bucket == "auto":
        bucket = "day" if days <= 45 else "week" if days <= 366 else "month"
    if bucket == "day" and days > MAX_PERIODS:
        bucket = "week"
    if bucket == "week" and days > MAX_PERIODS * 7:
        bucket = "month"
    return bucket


def _periods(first: date, last: date, bucket: str) -> list[str]:
    if bucket == "month":
        months = (last.year - first.year) * 12 + last.month - first.month
        return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1,
                     1).isoformat() for i in range(months + 1)]
    step = 7 if bucket == "week" else 1
    start = first - timedelta(days=first.weekday()) if bucket == "week" else first
    return [(start + timedelta(days=d)).isoformat() for d in range(0, (last - start).days + 1,
                                                                   step)]


STATISTIC_SORTS = {"date": "a.date", "kind": "s.kind", "value": "s.value",
                   "subject": "s.subject",
                   "claimed_by": "COALESCE(s.claimed_by_code, s.claimed_by_text)"}


@cached
def list_statistics(store: Store, page: SearchQuery) -> tuple[int, list[dict[str, Any]]]:
    """Cumulative figures, newest article first (or in ``sort`` order); ``q`` matches the
    kind or subject."""
    where: str = ""
    params: Params = ()
    if page.q and page.q.strip():
        folded = page.q.strip().casefold()
        where = "WHERE instr(casefold(s.kind), ?) > 0 OR instr(casefold(s.subject), ?) > 0"
        params = (folded, folded)
    base = f"FROM statistics s JOIN articles a ON a.id = s.article_id {where}"
    total = store.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT s.*, a.title AS article_title, a.date AS article_date, "
        f"substr(a.text, 1, 400) AS article_head {base} "
        f"{order_by(page.order(), STATISTIC_SORTS, '-date', 's.id')} LIMIT ? OFFSET ?",
        (*params, page.limit, page.offset),
    )
    return int(total), [_statistic_dict(row) for row in rows]


def _statistic_dict(row: sqlite3.Row) -> dict[str, Any]:
    data = statistic_from_row(row).to_dict()
    title = display_title(row["article_title"], row["article_head"])
    data["article"] = {"id": row["article_id"], "title": title, "date": row["article_date"]}
    return data


_LATEST_FIGURES = """
SELECT * FROM (
    SELECT s.*, a.date AS article_date, a.title AS article_title,
        substr(a.text, 1, 400) AS article_head,
        COALESCE(s.claimed_by_code, casefold(s.claimed_by_text), 'unattributed') AS claimant,
        row_number() OVER (
            PARTITION BY COALESCE(s.claimed_by_code, casefold(s.claimed_by_text), ''), s.kind,
                COALESCE(s.subject, '')
            ORDER BY a.date IS NULL, a.date DESC, s.value DESC) AS newest
    FROM statistics s JOIN articles a ON a.id = s.article_id)
WHERE newest = 1 ORDER BY claimant, kind, subject LIMIT ?
"""


@cached
def latest_figures(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Each claimant's newest cumulative figure per kind and subject (never added up)."""
    return [
        _statistic_dict(row) | {"claimant": row["claimant"]}
        for row in store.conn.execute(_LATEST_FIGURES, (limit,))
    ]


@cached
def overview(store: Store) -> dict[str, Any]:
    """The store's counts, plus how many commitments there are if that table exists."""
    data = summary(store)
    data["commitments"] = (
        int(store.conn.execute("SELECT count(*) FROM commitments").fetchone()[0])
        if has_table(store, "commitments") else None
    )
    return data
