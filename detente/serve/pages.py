"""What each dashboard page shows: one function per view, each returning the template context.

Views stay thin: parse parameters, call one of these inside a read-only session, render.
"""

from __future__ import annotations

import json
from typing import Any

from detente.link import get_story
from detente.link.process import peace_process
from detente.model import MODALITIES
from detente.serve import commitments as commitment_views
from detente.serve.params import (
    DEFAULT_LIMIT,
    ActorQuery,
    ArticleQuery,
    AsOfQuery,
    EventQuery,
    PlaceQuery,
    ProcessQuery,
    StatisticQuery,
    StoryQuery,
    TollsQuery,
)
from detente.serve.render import highlight, query_string
from detente.store import Store
from detente.store import board as queries
from detente.store.listing import article_span, background_count, display_title, facets
from detente.store.map_points import map_points
from detente.store.queries import BACKGROUND_DAYS, EventFilter
from detente.store.stories import linked, list_stories
from detente.store.tolls import tolls as incident_tolls
from detente.types import PLOVER_TYPES

RECENT_EVENTS = 15
HOME_INCIDENTS = 5


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
    _, actors = queries.list_actors(store, ActorQuery(limit=100, sort="-events"))
    return {"types": PLOVER_TYPES, "modalities": MODALITIES, "actors": actors}


def background_note(store: Store, query: EventQuery) -> dict[str, Any]:
    """How many background events the view hides, and the links that show or hide them."""
    flt = query.to_filter()
    filters = query.filters()
    return {"hidden": 0 if query.background else background_count(store, flt),
            "shown": query.background, "days": BACKGROUND_DAYS,
            "show": query_string(filters, background="1", offset=None),
            "hide": query_string(filters, background=None, offset=None)}


def home(store: Store, query: EventQuery) -> dict[str, Any]:
    """The dashboard: counts, timeline, map, tolls, and the newest stories once linked
    (else the newest events)."""
    flt = query.to_filter()
    recent = EventFilter(**{**vars(flt), "limit": RECENT_EVENTS, "offset": 0})
    total, events = queries.list_events(store, recent)
    has_stories = linked(store)
    story_total, stories_ = (list_stories(store, EventFilter(**{**vars(recent), "sort": None}))
                             if has_stories else (0, []))
    return {
        "linked": has_stories, "stories": stories_, "story_total": story_total,
        "overview": queries.overview(store), "filters": query.filters(), "total": total,
        "events": events, "timeline": queries.timeline(store, flt),
        "map": map_points(store, flt), "tolls": incident_tolls(store, flt, HOME_INCIDENTS),
        "commitments": commitment_views.home_counts(store), "sort": query.order(),
        "articles_span": article_span(store), "background": background_note(store, query),
        **form_choices(store),
    }


def events(store: Store, query: EventQuery) -> dict[str, Any]:
    flt = query.to_filter()
    total, items = queries.list_events(store, flt)
    filters = query.filters()
    return {"events": items, "filters": filters, **form_choices(store),
            "facets": facets(store, flt), "sort": query.order(),
            "background": background_note(store, query),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def _paged(filters: dict[str, str], query: Any) -> dict[str, str]:
    """Filters plus a non-default limit, for page links."""
    return filters | ({"limit": str(query.limit)} if query.limit != DEFAULT_LIMIT else {})


def stories(store: Store, query: StoryQuery) -> dict[str, Any]:
    """The stories list: one row per real event, filtered as events are."""
    total, items = list_stories(store, query.to_filter())
    filters = query.filters()
    return {"stories": items, "filters": filters, **form_choices(store),
            "sort": query.order(), "linked": linked(store),
            "background": background_note(store, query),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story: its summary, each claimant's figures, every mention with its article,
    evidence and the reason it joined, and the merge history."""
    view = get_story(store, story_id)
    if view is None:
        return None
    return {**view.to_dict(), "actors": json.loads(view.story.get("actor_codes") or "[]")}


def process(store: Store, query: ProcessQuery) -> dict[str, Any]:
    """The peace-process page: one timeline between two parties."""
    found = peace_process(store, query.a, query.b, query.since, query.until, query.as_of,
                          query.kinds())
    return {"process": found, "filters": query.filters(), "kinds": query.kinds(),
            "linked": linked(store)}


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    found = queries.event_detail(store, event_id)
    if found is None:
        return None
    item, article = found
    span = (item.evidence.start, item.evidence.end)
    others = queries.list_events(store, EventFilter(article_id=article.id, limit=200,
                                                    sort="evidence_start"))[1]
    return {
        "event": item, "article": article, "text": highlight(article.text, [span], "evidence"),
        "title": display_title(article.title, article.text),
        "offsets_ok": offsets_fit(article.text, span), "others": others,
    }


def offsets_fit(text: str, span: tuple[int, int]) -> bool:
    return 0 <= span[0] < span[1] <= len(text)


def articles(store: Store, query: ArticleQuery) -> dict[str, Any]:
    total, items = queries.list_articles(store, query)
    filters = {k: v for k, v in (("q", query.q), ("sort", query.sort)) if v}
    return {"articles": items, "q": query.q or "", "filters": filters, "sort": query.order(),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    found = queries.article_detail(store, article_id)
    if found is None:
        return None
    spans = [(e.evidence.start, e.evidence.end) for e in found["events"]]
    article = found["article"]
    return {**found, "text": highlight(article.text, spans),
            "title": display_title(article.title, article.text)}


def actors(store: Store, query: ActorQuery) -> dict[str, Any]:
    total, items = queries.list_actors(store, query)
    filters = {k: v for k, v in (("q", query.q), ("role", query.role), ("sort", query.sort))
               if v}
    return {"actors": items, "filters": filters, "sort": query.order(),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query))}


def places(store: Store, query: PlaceQuery) -> dict[str, Any]:
    flt = query.to_filter()
    total, items = queries.list_places(store, flt, query.order())
    filters = query.filters()
    return {"places": items, "filters": filters, "map": map_points(store, flt),
            "sort": query.order(), "background": background_note(store, query),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query)),
            **form_choices(store)}


def commitments(store: Store, query: AsOfQuery) -> dict[str, Any]:
    return commitment_views.board(store, query)


def commitment(store: Store, commitment_id: str, query: AsOfQuery) -> dict[str, Any] | None:
    return commitment_views.page(store, commitment_id, query.as_of)


def statistics(store: Store, query: TollsQuery) -> dict[str, Any]:
    flt = query.to_filter()
    page = StatisticQuery(limit=query.limit, offset=query.offset, sort=query.sort)
    total, figures = queries.list_statistics(store, page)
    filters = query.filters()
    return {"tolls": incident_tolls(store, flt), "figures": figures, "filters": filters,
            "sort": query.order(), "background": background_note(store, query),
            "pager": pager(total, query.limit, query.offset, _paged(filters, query)),
            **form_choices(store)}

