"""Stories: mentions grouped into real events, their stable ids and number summaries.

Clustering is greedy single-link over the scored candidate pairs, best first, with two
guards against chaining: a merge must leave the cluster free of conflicts (one stated day,
one region, tolls close), and no pair a person split apart may end up together.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from detente.link.blocking import WINDOW_DAYS, candidate_pairs
from detente.link.mentions import Mention
from detente.link.similarity import THRESHOLD, Match, Profile, compare
from detente.model import content_id


@dataclass(frozen=True)
class Edge:
    """A merge the clustering made: two mentions and why."""

    first: str
    second: str
    match: Match


@dataclass
class Cluster:
    """Mentions of one real event (before it is given an id)."""

    mentions: list[Mention]
    edges: list[Edge] = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        return [m.event_id for m in self.mentions]

    def natural_id(self) -> str:
        """The story id derived from the earliest mention's event id."""
        return story_id_for(earliest(self.mentions).event_id)


@dataclass(frozen=True)
class Figure:
    best: int | None = None
    low: int | None = None
    high: int | None = None


def story_id_for(event_id: str) -> str:
    return "s" + event_id.removeprefix("e")


def earliest(mentions: Iterable[Mention]) -> Mention:
    return min(mentions, key=lambda m: (m.day or date.max, m.event_id))


def find_clusters(
    mentions: Sequence[Mention], cannot_link: set[frozenset[str]] | None = None,
    threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS,
) -> tuple[list[Cluster], int]:
    """Cluster all mentions; returns the clusters and how many candidate pairs were scored."""
    scored = []
    compared = 0
    for i, j in candidate_pairs(mentions, window_days):
        compared += 1
        match = compare(mentions[i], mentions[j], window_days)
        if match and match.score >= threshold:
            scored.append((i, j, match))
    scored.sort(key=lambda s: (-s[2].score, mentions[s[0]].event_id, mentions[s[1]].event_id))
    return _greedy(mentions, scored, cannot_link or set()), compared


def _greedy(mentions: Sequence[Mention], scored: list[tuple[int, int, Match]],
            cannot_link: set[frozenset[str]]) -> list[Cluster]:
    root = list(range(len(mentions)))
    members = {i: [i] for i in range(len(mentions))}
    profiles = {i: Profile.of(m) for i, m in enumerate(mentions)}
    edges: dict[int, list[Edge]] = {i: [] for i in range(len(mentions))}

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, j, match in scored:
        a, b = find(i), find(j)
        if a == b or profiles[a].conflict(profiles[b]):
            continue
        if _forbidden(mentions, members[a], members[b], cannot_link):
            continue
        root[b] = a
        members[a].extend(members.pop(b))
        profiles[a] = profiles[a].combine(profiles.pop(b))
        edges[a].extend(edges.pop(b))
        edges[a].append(Edge(mentions[i].event_id, mentions[j].event_id, match))
    return [Cluster([mentions[i] for i in sorted(group)], edges[key])
            for key, group in sorted(members.items())]


def _forbidden(mentions: Sequence[Mention], a: list[int], b: list[int],
               cannot_link: set[frozenset[str]]) -> bool:
    if not cannot_link:
        return False
    return any(frozenset((mentions[x].event_id, mentions[y].event_id)) in cannot_link
               for x in a for y in b)


def assign_ids(clusters: Sequence[Cluster], previous: dict[str, str]) -> list[str]:
    """Story ids: the id most of a cluster's mentions had before, else the natural one."""
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    order = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k].mentions),
                                                         clusters[k].natural_id()))
    for k in order:
        held = Counter(previous[e] for e in clusters[k].event_ids if e in previous)
        for old, _ in sorted(held.items(), key=lambda item: (-item[1], item[0])):
            if old not in taken:
                ids[k] = old
                taken.add(old)
                break
    result = []
    for k, assigned in enumerate(ids):
        story_id = assigned or free_id(clusters[k].natural_id(), taken)
        taken.add(story_id)
        result.append(story_id)
    return result


def free_id(natural: str, taken: set[str]) -> str:
    """``natural`` if no story has it, else a stable variant of it."""
    candidate, attempt = natural, 0
    while candidate in taken:
        attempt += 1
        candidate = "s" + content_id(natural, attempt)
    return candidate


def figure(values_by_article: dict[str, list[int]]) -> Figure:
    """UCDP-style summary over sources: one value per article (its largest), then best =
    the most-reported value if one leads, else the median; low = min, high = max."""
    values = [max(v) for v in values_by_article.values() if v]
    if not values:
        return Figure()
    counts = Counter(values).most_common()
    leads = len(counts) == 1 or counts[0][1] > counts[1][1]
    best = counts[0][0] if leads else int(round(statistics.median(values)))
    return Figure(best, min(values), max(values))


def number_figures(mentions: Sequence[Mention]) -> dict[str, Figure]:
    result = {}
    for name in ("killed", "injured", "persons"):
        by_article: dict[str, list[int]] = {}
        for m in mentions:
            value = getattr(m, name)
            if value is not None:
                by_article.setdefault(m.article_id, []).append(value)
        result[name] = figure(by_article)
    return result


@dataclass
class LinkedStory:
    """A story with its id: the mentions of one real event and what they add up to."""

    id: str
    mentions: list[Mention]
    edges: list[Edge] = field(default_factory=list)

    @cached_property
    def lead(self) -> Mention:
        return earliest(self.mentions)

    @property
    def first_day(self) -> date | None:
        return self.lead.day

    @property
    def last_day(self) -> date | None:
        days = [m.day for m in self.mentions if m.day]
        return max(days) if days else None

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset().union(*(m.codes for m in self.mentions))

    @property
    def article_ids(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    def figures(self) -> dict[str, Figure]:
        return number_figures(self.mentions)

    def most_common(self, name: str) -> str | None:
        values = Counter(getattr(m, name) for m in self.mentions if getattr(m, name))
        return min(values.items(), key=lambda item: (-item[1], item[0]))[0] if values else None
