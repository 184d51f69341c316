"""The peace process between two parties: one timeline of their talks, each side's
proposals, demands, rejections and threats, their agreements with the commitments' live
status and fulfilled quantities, and the violence between them with each claimant's toll.

Everything is read from stories (``detente link``), so each item is one real event however
many outlets reported it, and carries its evidence: every mention's sentence, article and
outlet. What counts as which item (see ``process_rules``) depends only on the story's type,
modality, actors and wording, never on one extractor's habits, so any extractor's events
can be read; an item the rules cannot place is left out, not guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.errors import DetenteError
from detente.link.api import list_commitments
from detente.link.mentions import Mention
from detente.link.process_rules import (
    ITEM_KINDS,
    WITH_COMMITMENT,
    StoryFacts,
    classify,
    commitment_relevant,
    fulfilment_text,
)
from detente.link.status import TrackedCommitment
from detente.link.stories import claimant_figures, number_figures
from detente.resolve.actors import country_names
from detente.store import Store
from detente.store import links as sql
from detente.store.listing import display_title
from detente.store.mentions import load_mentions_by_id
from detente.vocabulary import check_actor_code


class ProcessError(DetenteError):
    """A peace-process request that cannot be answered (unknown party code, ...)."""


@dataclass
class Source:
    """One report of an item: the mention, its sentence, its article and outlet."""

    event_id: str
    article_id: str
    evidence: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    reported: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "article_id": self.article_id,
                "evidence": self.evidence, "title": self.title, "outlet": self.outlet,
                "url": self.url, "reported": self.reported}


@dataclass
class ProcessItem:
    """One entry of the timeline. ``kind`` is one of ITEM_KINDS; ``side`` the party it is
    by (None: both, or neither said); ``summary`` one line of what happened."""

    kind: str
    story_id: str
    date: date | None
    summary: str
    side: str | None = None
    type: str = ""
    modality: str = ""
    place: str | None = None
    content: str | None = None
    round: int | None = None  # talks: the round's number, in date order
    mediators: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    figures: dict[str, dict[str, int | None]] = field(default_factory=dict)
    claims: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    commitment: dict[str, Any] | None = None
    sources: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "story_id": self.story_id,
            "date": self.date.isoformat() if self.date else None, "summary": self.summary,
            "side": self.side, "type": self.type, "modality": self.modality,
            "place": self.place, "content": self.content, "round": self.round,
            "mediators": self.mediators, "people": self.people, "figures": self.figures,
            "claims": self.claims, "commitment": self.commitment,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass
class PeaceProcess:
    """The timeline between parties ``a`` and ``b`` (codes), oldest first."""

    a: str
    b: str
    names: dict[str, str]
    items: list[ProcessItem]
    as_of: date | None = None
    since: date | None = None
    until: date | None = None

    @property
    def counts(self) -> dict[str, int]:
        found = {kind: 0 for kind in ITEM_KINDS}
        for item in self.items:
            found[item.kind] += 1
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"parties": [self.a, self.b], "names": self.names, "counts": self.counts,
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "items": [item.to_dict() for item in self.items]}


def peace_process(store: Store, a: str, b: str, since: date | None = None,
                  until: date | None = None, as_of: date | None = None,
                  kinds: tuple[str, ...] = ITEM_KINDS) -> PeaceProcess:
    """The peace process between the parties coded ``a`` and ``b`` (RUS, UKR; IGO:UN)
    between ``since`` and ``until``; commitments are judged as of ``as_of`` (default: the
    newest article). Stories come from ``detente link``; an unlinked store gives none."""
    a, b = _party(a), _party(b)
    if a == b:
        raise ProcessError(f"the two parties must differ (both {a})")
    types, mentions = _party_mentions(store, a, b)
    commitments = {c.story_id: c for c in list_commitments(store, as_of=as_of)
                   if commitment_relevant(c, a, b)}
    items = []
    for story_id, story_mentions in sorted(mentions.items()):
        facts = StoryFacts(story_id, types[story_id], story_mentions, a, b)
        kind = classify(facts, story_id in commitments)
        if kind is None or kind not in kinds or not _within(facts.day, since, until):
            continue
        commitment = commitments.get(story_id) if kind in WITH_COMMITMENT else None
        items.append(_item(facts, kind, commitment))
    items = _one_item_per_sentence(items, mentions)
    _number_rounds(items)
    _attach_sources(store, items, mentions)
    names = country_names()
    judged = next(iter(commitments.values())).as_of if commitments else as_of
    return PeaceProcess(a, b, {a: names.get(a, a), b: names.get(b, b)}, items, judged,
                        since, until)


def _party(code: str) -> str:
    code = code.strip().upper()
    try:
        check_actor_code(code)
    except ValueError as exc:
        raise ProcessError(str(exc)) from None
    return code


def _party_mentions(store: Store, a: str, b: str,
                    ) -> tuple[dict[str, str], dict[str, list[Mention]]]:
    """The type of every story that involves either party, and its mentions."""
    types = sql.story_types_involving(store.conn, a, b)
    event_story = sql.story_of_events(store.conn, sorted(types))
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for mention in load_mentions_by_id(store, list(event_story)):
        grouped[event_story[mention.event_id]].append(mention)
    return types, grouped


def _within(day: date | None, since: date | None, until: date | None) -> bool:
    if day is None:
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


def _item(facts: StoryFacts, kind: str, commitment: TrackedCommitment | None) -> ProcessItem:
    figures = number_figures(facts.mentions)
    return ProcessItem(
        kind=kind, story_id=facts.story_id, date=facts.day, summary=facts.summary(kind),
        side=facts.side, type=facts.main_type, modality=facts.modality, place=facts.place,
        content=facts.content, mediators=facts.mediators() if kind == "talks" else [],
        people=sorted(facts.people),
        figures={name: {"best": f.best, "low": f.low, "high": f.high}
                 for name, f in figures.items() if f.best is not None},
        claims=claimant_figures(facts.mentions) if kind == "violence" else {},
        commitment=_commitment_view(commitment) if commitment else None,
    )


def _commitment_view(c: TrackedCommitment) -> dict[str, Any]:
    """The commitment's live status, as the commitments board has it, with the quantity
    carried out in words ("bodies: 1,900 of 5,000 each returned, 2 rounds")."""
    rounds = sorted({e.story_id for e in c.evidence if e.kind == "fulfil"})
    return {**c.to_dict(), "rounds": len(rounds), "round_stories": rounds,
            "fulfilment": fulfilment_text(c, len(rounds))}


def _one_item_per_sentence(items: list[ProcessItem], mentions: dict[str, list[Mention]],
                           ) -> list[ProcessItem]:
    """A sentence read as several events (talks "on Monday" and "this year"; a demand and
    the withdrawal it demands) gives one item: a story whose every sentence an item ranked
    before it holds is left out. A commitment's story ranks first, then kinds as ITEM_KINDS
    lists them, then the story with the most reports. Oldest first."""
    ranked = sorted(items, key=lambda i: (i.commitment is None, ITEM_KINDS.index(i.kind),
                                          -len(mentions[i.story_id]), i.date or date.max,
                                          i.story_id))
    seen: set[tuple[str, int]] = set()
    kept = []
    for item in ranked:
        sentences = {(m.article_id, m.evidence_start) for m in mentions[item.story_id]}
        if not sentences <= seen:
            seen |= sentences
            kept.append(item)
    return sorted(kept, key=lambda i: (i.date or date.max, ITEM_KINDS.index(i.kind),
                                       i.story_id))


def _number_rounds(items: list[ProcessItem]) -> None:
    talks = [item for item in items if item.kind == "talks"]
    for number, item in enumerate(talks, 1):
        item.round = number
        item.summary = f"Round {number}: {item.summary}"


def _attach_sources(store: Store, items: list[ProcessItem],
                    mentions: dict[str, list[Mention]]) -> None:
    article_ids = {m.article_id for item in items for m in mentions[item.story_id]}
    articles = sql.articles_by_id(store.conn, sorted(article_ids))
    for item in items:
        for m in sorted(mentions[item.story_id], key=lambda m: (m.article_date or date.min,
                                                                  m.event_id)):
            row = articles.get(m.article_id)
            item.sources.append(Source(
                m.event_id, m.article_id, m.evidence,
                display_title(row["title"], row["text"]) if row else None,
                row["source"] if row else None, row["url"] if row else None,
                (row["date"] or "")[:10] or None if row else None))
