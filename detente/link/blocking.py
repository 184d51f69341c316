"""Blocking: which pairs of mentions are worth comparing at all.

Each mention falls into buckets keyed by one kind of event it names (its type, or a kind
its wording speaks of: a phone call inside a THREATEN sentence is also CONSULT) and its
modality, plus one of: an actor code, a named person, its region (else its country), its
article, or "no actor and no place". Inside a bucket mentions are sorted by their latest
possible day and each is compared with at most ``max_neighbors`` followers within
``window_days`` (the sorted-neighbourhood method). The number of pairs is therefore at
most mentions x keys per mention x ``max_neighbors``: linear in the number of mentions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from detente.link.features import REPORT_LAG_DAYS, Features
from detente.link.mentions import Mention
from detente.link.similarity import WINDOW_DAYS

BLOCK_DAYS = WINDOW_DAYS + REPORT_LAG_DAYS
MAX_NEIGHBORS = 12

BlockKey = tuple[str, ...]


def block_keys(mention: Mention, features: Features) -> list[BlockKey]:
    """The buckets one mention falls into."""
    anchors: list[tuple[str, ...]] = [("article", mention.article_id)]
    anchors.extend(("actor", code) for code in sorted(mention.codes))
    anchors.extend(("person", name) for name in sorted(features.people))
    place = mention.admin1 or mention.country
    if place:
        anchors.append(("place", place))
    if not mention.codes and not place:
        anchors.append(("bare",))
    return [(kind, mention.modality_group, *anchor)
            for kind in sorted(features.kinds) for anchor in anchors]


def candidate_pairs(
    mentions: Sequence[Mention], features: Sequence[Features], window_days: int = BLOCK_DAYS,
    max_neighbors: int = MAX_NEIGHBORS,
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of mentions that share a bucket and lie close in time; each once."""
    seen: set[tuple[int, int]] = set()
    for members in _buckets(mentions, features).values():
        for pair in _window_pairs(features, members, window_days, max_neighbors):
            if pair not in seen:
                seen.add(pair)
                yield pair


def _buckets(mentions: Sequence[Mention], features: Sequence[Features],
             ) -> dict[BlockKey, list[int]]:
    buckets: dict[BlockKey, list[int]] = defaultdict(list)
    for index, (mention, feature) in enumerate(zip(mentions, features, strict=True)):
        for key in block_keys(mention, feature):
            buckets[key].append(index)
    return buckets


def _window_pairs(
    features: Sequence[Features], members: list[int], window_days: int, max_neighbors: int,
) -> Iterator[tuple[int, int]]:
    members = sorted(members, key=lambda i: (features[i].last, i))
    for position, first in enumerate(members):
        for second in members[position + 1 : position + 1 + max_neighbors]:
            if features[second].last - features[first].last > window_days:
                break
            yield (first, second) if first < second else (second, first)
