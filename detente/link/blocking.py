"""Blocking: which pairs of mentions are worth comparing at all.

Mentions are put into buckets by (type, modality) plus one of: an actor code, the place
(admin1, else country), the article, or "no actor and no place". Inside a bucket they are
sorted by day and each is compared with at most ``max_neighbors`` followers that lie within
``window_days`` (the sorted-neighbourhood method). The number of pairs is therefore at most
mentions x keys per mention x ``max_neighbors``: linear in the number of mentions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from detente.link.mentions import Mention

WINDOW_DAYS = 3
MAX_NEIGHBORS = 25

BlockKey = tuple[str, ...]


def block_keys(mention: Mention) -> list[BlockKey]:
    """The buckets one mention falls into."""
    group = (mention.type, mention.modality_group)
    keys: list[BlockKey] = [(*group, "article", mention.article_id)]
    keys.extend((*group, "actor", code) for code in sorted(mention.codes))
    place = mention.admin1 or mention.country
    if place:
        keys.append((*group, "place", place))
    if not mention.codes and not place:
        keys.append((*group, "bare"))
    return keys


def candidate_pairs(
    mentions: Sequence[Mention], window_days: int = WINDOW_DAYS,
    max_neighbors: int = MAX_NEIGHBORS,
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of mentions that share a bucket and lie close in time; each once."""
    seen: set[tuple[int, int]] = set()
    for members in _buckets(mentions).values():
        for pair in _window_pairs(mentions, members, window_days, max_neighbors):
            if pair not in seen:
                seen.add(pair)
                yield pair


def _buckets(mentions: Sequence[Mention]) -> dict[BlockKey, list[int]]:
    buckets: dict[BlockKey, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        for key in block_keys(mention):
            buckets[key].append(index)
    return buckets


def _window_pairs(
    mentions: Sequence[Mention], members: list[int], window_days: int, max_neighbors: int,
) -> Iterator[tuple[int, int]]:
    ordinals = {i: _ordinal(mentions[i]) for i in members}
    members = sorted(members, key=lambda i: (ordinals[i], mentions[i].event_id))
    for position, first in enumerate(members):
        for second in members[position + 1 : position + 1 + max_neighbors]:
            if ordinals[second] - ordinals[first] > window_days:
                break
            yield (first, second) if first < second else (second, first)


def _ordinal(mention: Mention) -> int:
    day = mention.day
    return day.toordinal() if day else 0
