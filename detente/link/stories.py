"""Stories: mentions grouped into real events, their stable ids and number summaries.

Clustering merges the scored candidate pairs best first. A merge of two groups is checked
against their members, not only the pair that proposed it, so one wrong link cannot chain
unrelated events: no member of one group may conflict with a member of the other (another
stated day, other people, a place far away, a toll far apart), the groups' mean pairwise
score must stay above ``LINK_AVERAGE``, and no pair a person split apart may end up together.
Each mention keeps the link that brought it in, with its reasons.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from detente.link.blocking import candidate_pairs
from detente.link.features import Features, build_features, kinds_of
from detente.link.mentions import Mention
from detente.link.similarity import THRESHOLD, Match, assess, compare
from detente.model import content_id


@dataclass(frozen=True)
class Edge:
    """A merge the clustering made: two mentions and why."""

    first: str
    second: str
    match: Match


LINK_AVERAGE = THRESHOLD - 0.1  # a merged group's mean pairwise score stays above this
MAX_CHECKED = 12  # members per side checked when two groups merge (keeps merging linear)


@dataclass(frozen=True)
class Joined:
    """Why one mention is in its story: the mention it was linked to, and the match."""

    via: str
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
    threshold: float = THRESHOLD,
) -> tuple[list[Cluster], int]:
    """Cluster all mentions; returns the clusters and how many candidate pairs were scored."""
    features = build_features(mentions)
    scored = []
    compared = 0
    for i, j in candidate_pairs(mentions, features):
        compared += 1
        match = compare(mentions[i], features[i], mentions[j], features[j])
        if match and match.score >= threshold:
            scored.append((i, j, match))
    scored.sort(key=lambda s: (-s[2].score, mentions[s[0]].event_id, mentions[s[1]].event_id))
    grouping = _Grouping(mentions, features, cannot_link or set())
    for i, j, match in scored:
        grouping.merge(i, j, match)
    return grouping.clusters(), compared


class _Grouping:
    """Union-find over mentions whose merges are checked group against group."""

    def __init__(self, mentions: Sequence[Mention], features: Sequence[Features],
                 cannot_link: set[frozenset[str]]) -> None:
        self.mentions, self.features, self.cannot_link = mentions, features, cannot_link
        self.root = list(range(len(mentions)))
        self.members = {i: [i] for i in range(len(mentions))}
        self.edges: dict[int, list[Edge]] = {i: [] for i in range(len(mentions))}

    def find(self, i: int) -> int:
        while self.root[i] != i:
            self.root[i] = self.root[self.root[i]]
            i = self.root[i]
        return i

    def merge(self, i: int, j: int, match: Match) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b or not self._compatible(self.members[a], self.members[b]):
            return False
        if _forbidden(self.mentions, self.members[a], self.members[b], self.cannot_link):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.root[b] = a
        self.members[a].extend(self.members.pop(b))
        self.edges[a].extend(self.edges.pop(b))
        self.edges[a].append(Edge(self.mentions[i].event_id, self.mentions[j].event_id, match))
        return True

    def _compatible(self, group_a: list[int], group_b: list[int]) -> bool:
        """No conflict between the groups' members and a high enough mean score."""
        scores = []
        for x in group_a[:MAX_CHECKED]:
            for y in group_b[:MAX_CHECKED]:
                found = assess(self.mentions[x], self.features[x],
                               self.mentions[y], self.features[y])
                if found.conflict:
                    return False
                scores.append(found.score)
        return sum(scores) / len(scores) >= LINK_AVERAGE

    def clusters(self) -> list[Cluster]:
        return [Cluster([self.mentions[i] for i in sorted(group)], self.edges[key])
                for key, group in sorted(self.members.items())]


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


@dataclass(frozen=True)
class Report:
    """One article's figure for a story: its largest value, when it was reported, and
    whether an official source gave it."""

    value: int
    reported: date | None
    official: bool


def figure(reports: Sequence[Report]) -> Figure:
    """A story's figure over its reports: low and high the smallest and largest; best the
    latest figure an official source reported (any source's latest when none is
    official), as a toll rises while the dead are found. Between several figures of that
    latest day the most-reported wins, else their median (UCDP-style)."""
    if not reports:
        return Figure()
    values = [r.value for r in reports]
    pool = [r for r in reports if r.official] or list(reports)
    newest = max((r.reported for r in pool if r.reported), default=None)
    latest = [r.value for r in pool if r.reported == newest]
    counts = Counter(latest).most_common()
    leads = len(counts) == 1 or counts[0][1] > counts[1][1]
    best = counts[0][0] if leads else int(round(statistics.median(latest)))
    return Figure(best, min(values), max(values))


def number_figures(mentions: Sequence[Mention]) -> dict[str, Figure]:
    """killed, injured and persons: one report per article (its largest figure, official
    when any mention giving that figure is)."""
    result = {}
    for name in ("killed", "injured", "persons"):
        by_article: dict[str, Report] = {}
        for m in mentions:
            value = getattr(m, name)
            if value is None:
                continue
            held = by_article.get(m.article_id)
            if held is None or value > held.value or (value == held.value and m.official):
                by_article[m.article_id] = Report(value, m.article_date, m.official)
        result[name] = figure(list(by_article.values()))
    return result


def claimant_figures(mentions: Sequence[Mention]) -> dict[str, dict[str, list[int]]]:
    """Each claimant's figures (the outlet's own when no one is said to claim them), in
    the order they were reported: who says how many were killed, injured or freed."""
    found: dict[str, dict[str, list[int]]] = {}
    for m in sorted(mentions, key=lambda m: (m.article_date or date.min, m.event_id)):
        who = m.claimed_by or f"the report ({m.outlet or m.article_id})"
        for name in ("killed", "injured", "persons"):
            value = getattr(m, name)
            if value is not None:
                said = found.setdefault(who, {}).setdefault(name, [])
                if value not in said:
                    said.append(value)
    return found


@dataclass
class LinkedStory:
    """A story with its id: the mentions of one real event and what they add up to."""

    id: str
    mentions: list[Mention]
    edges: list[Edge] = field(default_factory=list)

    @cached_property
    def lead(self) -> Mention:
        """The earliest mention of the story's type."""
        return earliest(m for m in self.mentions if m.type == self.main_type)

    @cached_property
    def main_type(self) -> str:
        """The type most mentions give. On a tie, the type more mentions' wording names (a
        handover typed RETREAT by one outlet and ASSAULT by another, both wording a
        handover, is RETREAT), then the earliest mention's."""
        counts = Counter(m.type for m in self.mentions)
        top = max(counts.values())
        tied = sorted(t for t, n in counts.items() if n == top)
        if len(tied) == 1:
            return tied[0]
        named = Counter(kind for m in self.mentions for kind in kinds_of(m) if kind in tied)
        most = max(named[t] for t in tied)
        tied = [t for t in tied if named[t] == most]
        first = earliest(self.mentions).type
        return first if first in tied else tied[0]

    @cached_property
    def joins(self) -> dict[str, Joined]:
        """Each mention but the earliest: the mention it was linked to and why, read along
        the merges outward from the earliest mention."""
        links: dict[str, list[tuple[str, Match]]] = {}
        for edge in self.edges:
            links.setdefault(edge.first, []).append((edge.second, edge.match))
            links.setdefault(edge.second, []).append((edge.first, edge.match))
        found: dict[str, Joined] = {}
        queue, seen = [self.lead.event_id], {self.lead.event_id}
        while queue:
            current = queue.pop(0)
            for other, match in links.get(current, []):
                if other not in seen:
                    seen.add(other)
                    found[other] = Joined(current, match)
                    queue.append(other)
        return found

    @property
    def first_report(self) -> date | None:
        days = [m.article_date for m in self.mentions if m.article_date]
        return min(days) if days else None

    @property
    def last_report(self) -> date | None:
        days = [m.article_date for m in self.mentions if m.article_date]
        return max(days) if days else None

    @property
    def first_day(self) -> date | None:
        days = [m.day for m in self.mentions if m.day]
        return min(days) if days else None

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
