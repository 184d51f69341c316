"""Linking as library calls: link_store, get_story, split, list_commitments."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.errors import LinkError
from detente.link.commitment_api import list_commitments
from detente.link.commitments import find_commitments
from detente.link.status import evaluate
from detente.link.stories import LinkedStory, assign_ids, find_clusters, free_id, story_id_for
from detente.store import Store
from detente.store import links as sql
from detente.store.db import transaction
from detente.store.listing import display_title
from detente.store.mentions import load_mentions

HistoryRow = tuple[str, str, str | None, list[str], float | None, str | None]


__all__ = ["LinkError", "LinkReport", "StoryView", "get_story", "link_store",
           "list_commitments", "split"]


@dataclass
class LinkReport:
    """What one linking run found."""

    mentions: int = 0
    stories: int = 0
    linked_stories: int = 0  # stories with more than one mention
    pairs_compared: int = 0
    history_added: int = 0
    commitments: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    as_of: date | None = None
    seconds: float = 0.0


@dataclass
class StoryView:
    """One story: its summary row, every mention with its article and why it joined, each
    claimant's figures, and its history."""

    story: dict[str, Any]
    mentions: list[dict[str, Any]]
    history: list[dict[str, Any]]
    claims: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "mentions": self.mentions, "claims": self.claims,
                "history": self.history}


def link_store(store: Store) -> LinkReport:
    """Link every stored event into stories, then find and judge commitments."""
    return _relink(store, None, [])


def split(store: Store, story_id: str, event_id: str, reason: str | None = None) -> str:
    """Take one mention out of a story for good; returns the new story's id."""
    found = sql.story_of(store.conn, story_id)
    members = sql.mention_ids(store.conn, found) if found else []
    if not found or event_id not in members:
        raise LinkError(f"{event_id} is not a mention of story {story_id}")
    if len(members) == 1:
        raise LinkError(f"story {found} has only one mention; nothing to split")
    previous = sql.previous_assignment(store.conn)
    taken = set(previous.values())
    new_id = free_id(story_id_for(event_id), taken)
    previous[event_id] = new_id
    with transaction(store.conn):
        sql.add_splits(store.conn, event_id, [m for m in members if m != event_id])
    note: HistoryRow = ("split", found, new_id, [event_id], None, reason or "split by hand")
    _relink(store, previous, [note])
    return sql.story_of(store.conn, event_id) or new_id


def get_story(store: Store, any_id: str) -> StoryView | None:
    """A story by its id, by the id of one of its mentions, or by a story id merged into it."""
    story_id = sql.story_of(store.conn, any_id)
    record = sql.story_record(store.conn, story_id) if story_id else None
    if record is None or story_id is None:
        return None
    event_ids = sql.mention_ids(store.conn, story_id)
    joined = sql.mention_links(store.conn, story_id)
    mentions = [_mention_view(store, event_id) | {"joined": joined.get(event_id)}
                for event_id in event_ids]
    return StoryView(record, mentions, sql.history(store.conn, story_id, event_ids),
                     claims_of(mentions))


def claims_of(mentions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each claimant's figures: who says how many were killed, injured or freed, in which
    articles. A mention nobody is said to claim counts as its outlet's own report."""
    by_claimant: dict[str, dict[str, Any]] = {}
    for m in mentions:
        numbers = {k: v for k, v in (m.get("quantities") or {}).items()
                   if k in ("killed", "injured", "persons") and v is not None}
        claim = m.get("claimed_by") or {}
        article = m.get("article") or {}
        who = claim.get("text") or f"the report ({article.get('source') or article.get('id')})"
        entry = by_claimant.setdefault(who, {"claimant": who, "code": claim.get("code"),
                                             "articles": [], "figures": {}})
        if article.get("id") and article["id"] not in entry["articles"]:
            entry["articles"].append(article["id"])
        for name, value in numbers.items():
            entry["figures"].setdefault(name, [])
            if value not in entry["figures"][name]:
                entry["figures"][name].append(value)
    return [c for c in by_claimant.values() if c["figures"] or c["code"]]


def _relink(store: Store, previous: dict[str, str] | None, notes: list[HistoryRow],
            ) -> LinkReport:
    started = time.perf_counter()
    conn = store.conn
    before = sql.previous_assignment(conn)
    previous = before if previous is None else previous
    mentions = load_mentions(store)
    clusters, compared = find_clusters(mentions, sql.cannot_link(conn))
    ids = assign_ids(clusters, previous)
    stories = [LinkedStory(i, c.mentions, c.edges) for i, c in zip(ids, clusters, strict=True)]
    as_of = sql.newest_article_date(conn) or date.today()
    commitments = [evaluate(c, as_of) for c in find_commitments(stories)]
    with transaction(conn):
        sql.replace_stories(conn, stories)
        added = sql.add_history(conn, [*notes, *history_rows(stories, previous)])
        sql.replace_commitments(conn, commitments)
    return LinkReport(
        mentions=len(mentions), stories=len(stories),
        linked_stories=sum(1 for s in stories if len(s.mentions) > 1), pairs_compared=compared,
        history_added=added, commitments=len(commitments),
        statuses=dict(Counter(c.status for c in commitments)), as_of=as_of,
        seconds=round(time.perf_counter() - started, 3),
    )


def history_rows(stories: Sequence[LinkedStory], previous: dict[str, str]) -> list[HistoryRow]:
    """Merges this run made that the previous run had not, and old stories now in pieces."""
    rows: list[HistoryRow] = []
    for story in stories:
        for edge in story.edges:
            old_a, old_b = previous.get(edge.first), previous.get(edge.second)
            if old_a is None or old_a != old_b:
                other = next((o for o in (old_a, old_b) if o and o != story.id), None)
                rows.append(("merge", story.id, other, [edge.first, edge.second],
                             edge.match.score, edge.match.reason))
    return rows + _relink_splits(stories, previous)


def _relink_splits(stories: Sequence[LinkedStory], previous: dict[str, str]) -> list[HistoryRow]:
    now_in = {m.event_id: s.id for s in stories for m in s.mentions}
    pieces: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for event_id, old in previous.items():
        if event_id in now_in:
            pieces[old][now_in[event_id]].append(event_id)
    rows: list[HistoryRow] = []
    for old, parts in sorted(pieces.items()):
        for new, event_ids in sorted(parts.items()):
            if len(parts) > 1 and new != old:
                rows.append(("split", old, new, sorted(event_ids), None, "re-linking"))
    return rows


def _mention_view(store: Store, event_id: str) -> dict[str, Any]:
    event = store.get_event(event_id)
    article = store.get_article(event.article_id) if event else None
    data: dict[str, Any] = event.to_dict() if event else {"id": event_id}
    if article:
        data["article"] = {"id": article.id, "title": display_title(article.title, article.text),
                           "source": article.source, "url": article.url,
                           "date": article.date.isoformat() if article.date else None,
                           "path": article.path}
    return data

