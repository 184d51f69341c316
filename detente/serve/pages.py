"""What each dashboard page shows: one function per view, each returning the template context.

Views stay thin: parse parameters, call one of these inside a read-only session, render.
"""

from __future__ import annotations

from typing import Any

from detente.model import MODALITIES, PLOVER_TYPES
from detente.serve import queries
from detente.serve.params import DEFAULT_LIMIT, ActorQuery, EventQuery, SearchQuery
from detente.serve.render import highlight, query_string
from detente.store import Store
from detente.store.queries import EventFilter

MAP_POINTS = 500
RECENT_EVENTS = 15


def pager(total: int, limit: int, offset: int, params: dict[str, str]) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the other parameters."""
    size = limit or 1
    prev = query_string(params, offset=max(offset - size, 0) or None) if offset > 0 else None
    after = offset + limit
    return {
        "total": total, "first": offset + 1 if total and limit else 0,
        "last": min(after, total), "prev": prev,
        "next": query_string(params, offset=after) if limit and after < total else None,
    }


def form_choices(store: Store) -> dict[str, Any]:
    """Options for the filter form: types, modalities and the most frequent actors."""
    _, actors = queries.list_actors(store, ActorQuery(limit=100))
    return {"types": PLOVER_TYPES, "modalities": MODALITIES, "actors": actors}


def home(store: Store, query: EventQuery) -> dict[str, Any]:
    flt = query.to_filter()
    recent = EventFilter(**{**vars(flt), "limit": RECENT_EVENTS, "offset": 0})
    total, events = queries.list_events(store, recent)
    return {
        "overview": queries.overview(store), "filters": query.filters(), "total": total,
        "events": events, "timeline": queries.timeline(store, flt),
        "map": _map_points(store, flt), "tolls": queries.tolls(store, flt, limit=8),
        "commitments": queries.commitment_counts(store), **form_choices(store),
    }


def _map_points(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    located = EventFilter(**{**vars(flt), "limit": MAP_POINTS, "offset": 0})
    _, places = queries.list_places(store, located)
    return [p for p in places if p["lat"] is not None and p["lon"] is not None]


def events(store: Store, query: EventQuery) -> dict[str, Any]:
    total, items = queries.list_events(store, query.to_filter())
    filters = query.filters()
    return {"events": items, "filters": filters, **form_choices(store),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def _paged(filters: dict[str, str], query: Any) -> dict[str, str]:
    """Filters plus a non-default limit, for page links."""
    return filters | ({"limit": str(query.limit)} if query.limit != DEFAULT_LIMIT else {})


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    found = queries.event_detail(store, event_id)
    if found is None:
        return None
    item, article = found
    span = (item.evidence.start, item.evidence.end)
    others = queries.list_events(store, EventFilter(article_id=article.id, limit=200))[1]
    return {
        "event": item, "article": article, "text": highlight(article.text, [span], "evidence"),
        "offsets_ok": offsets_fit(article.text, span), "others": others,
    }


def offsets_fit(text: str, span: tuple[int, int]) -> bool:
    return 0 <= span[0] < span[1] <= len(text)


def articles(store: Store, query: SearchQuery) -> dict[str, Any]:
    total, items = queries.list_articles(store, query)
    filters = {"q": query.q} if query.q else {}
    return {"articles": items, "q": query.q or "",
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    found = queries.article_detail(store, article_id)
    if found is None:
        return None
    spans = [(e.evidence.start, e.evidence.end) for e in found["events"]]
    return {**found, "text": highlight(found["article"].text, spans)}


def actors(store: Store, query: ActorQuery) -> dict[str, Any]:
    total, items = queries.list_actors(store, query)
    filters = {k: v for k, v in (("q", query.q), ("role", query.role)) if v}
    return {"actors": items, "filters": filters,
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def places(store: Store, query: EventQuery) -> dict[str, Any]:
    total, items = queries.list_places(store, query.to_filter())
    filters = query.filters()
    return {"places": items, "filters": filters, "map": _map_points(store, query.to_filter()),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query)),
            **form_choices(store)}


def commitments(store: Store) -> dict[str, Any]:
    return queries.commitment_board(store)


def statistics(store: Store, query: EventQuery) -> dict[str, Any]:
    flt = query.to_filter()
    total, figures = queries.list_statistics(store, SearchQuery(limit=query.limit,
                                                                offset=query.offset))
    filters = query.filters()
    return {"tolls": queries.tolls(store, flt), "figures": figures, "filters": filters,
            "pager": pager(total, query.limit, query.offset, _paged(filters, query)),
            **form_choices(store)}

