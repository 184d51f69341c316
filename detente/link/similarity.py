"""How alike two mentions are: hard conflicts first, then a weighted score with its reasons.

A conflict (two different stated days, places, actors or tolls far apart) rules a pair
out. Otherwise actors, place, date, numbers and text each give a part in [0, 1]; the
score is their weighted sum. A pair must also share something specific (an actor, a
place, a number or much of its wording): a common date and type alone are not enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from detente.link.mentions import Mention

THRESHOLD = 0.62
WEIGHTS = {"actors": 0.2, "place": 0.2, "date": 0.15, "numbers": 0.2, "text": 0.25}
UNKNOWN = 0.3  # the part given when one side does not say
KILLED_RATIO = 0.5  # tolls this far apart are different events
PERSONS_RATIO = 0.9  # released/exchanged counts are exact: 390 and 307 are different rounds
_STRICT_MODE_TYPES = frozenset({"RETREAT", "SANCTION", "AID", "PROTEST"})
# Two-sided events: one outlet names Kyiv as the actor, another Moscow, for the same deal.
_TWO_SIDED_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "CONCEDE", "RETREAT"})
_WORD = re.compile(r"[a-z][a-z0-9'-]+")
_STOPWORDS = frozenset((
    "the", "and", "that", "this", "with", "from", "have", "has", "had", "were", "was", "been",
    "will", "would", "said", "says", "say", "after", "before", "over", "into", "about",
    "their", "they", "them", "than", "then", "there", "which", "while", "when", "where",
    "also", "for", "its", "his", "her", "our", "are", "not", "but", "who", "what", "more",
    "most", "other", "such", "some", "any", "each", "both", "official", "officials", "on",
    "in", "at", "of", "to", "by", "as", "an", "a",
))


@dataclass(frozen=True)
class Profile:
    """What a mention or a whole cluster states, for conflict checks."""

    days: frozenset[date] = frozenset()
    admin1: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    killed: tuple[int, int] | None = None
    persons: tuple[int, int] | None = None
    strict_mode: bool = False
    two_sided: bool = False

    @classmethod
    def of(cls, m: Mention) -> Profile:
        return cls(
            days=_set(m.exact_day), admin1=_set(m.admin1), countries=_set(m.country),
            codes=m.codes, modes=_set(m.mode), killed=_range(m.killed),
            persons=_range(m.persons), strict_mode=m.type in _STRICT_MODE_TYPES,
            two_sided=m.type in _TWO_SIDED_TYPES,
        )

    def combine(self, other: Profile) -> Profile:
        return Profile(
            self.days | other.days, self.admin1 | other.admin1,
            self.countries | other.countries, self.codes | other.codes,
            self.modes | other.modes, _join(self.killed, other.killed),
            _join(self.persons, other.persons), self.strict_mode or other.strict_mode,
            self.two_sided or other.two_sided,
        )

    def conflict(self, other: Profile) -> str | None:
        """Why these cannot be one event, or None."""
        joined = self.combine(other)
        checks = (
            (len(joined.days) > 1, "different days"),
            (len(joined.admin1) > 1, "different regions"),
            (len(joined.countries) > 1, "different countries"),
            (not joined.two_sided and _disjoint(self.codes, other.codes), "different actors"),
            (joined.strict_mode and len(joined.modes) > 1, "different modes"),
            (_apart(joined.killed, KILLED_RATIO), "tolls too far apart"),
            (_apart(joined.persons, PERSONS_RATIO), "different numbers of people"),
        )
        return next((why for failed, why in checks if failed), None)


@dataclass(frozen=True)
class Match:
    """A scored pair and the reasons, for the merge history."""

    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reason: str = ""


def keywords(text: str | None) -> frozenset[str]:
    """Content words cut to five letters, a crude stem: "strikes" and "striking" agree."""
    words = _WORD.findall((text or "").casefold())
    return frozenset(w[:5] for w in words if len(w) > 2 and w not in _STOPWORDS)


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """rapidfuzz token-set ratio of two keyword sets, damped when they share under three."""
    shared = len(a & b)
    if not shared:
        return 0.0
    ratio = fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) / 100
    return ratio * min(1.0, shared / 3)


def compare(a: Mention, b: Mention, window_days: int = 3) -> Match | None:
    """Score two mentions of the same type; None when they conflict or share nothing specific."""
    if Profile.of(a).conflict(Profile.of(b)):
        return None
    parts = {
        "actors": _actors(a, b), "place": _place(a, b), "date": _date(a, b, window_days),
        "numbers": _numbers(a, b), "text": text_similarity(keywords(a.evidence),
                                                            keywords(b.evidence)),
    }
    anchored = parts["actors"] > UNKNOWN or parts["place"] == 1.0 or parts["numbers"] == 1.0 \
        or parts["text"] >= 0.75
    if not anchored:
        return None
    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    if a.mode and b.mode and a.mode != b.mode:
        score -= 0.1
    return Match(round(score, 3), parts, _reason(a, b, parts))


def _actors(a: Mention, b: Mention) -> float:
    if not a.codes or not b.codes:
        return UNKNOWN
    return len(a.codes & b.codes) / len(a.codes | b.codes)


def _place(a: Mention, b: Mention) -> float:
    if a.admin1 and a.admin1 == b.admin1:
        return 1.0
    if a.country and a.country == b.country:
        return 0.5
    return UNKNOWN


def _date(a: Mention, b: Mention, window_days: int) -> float:
    if a.day is None or b.day is None:
        return UNKNOWN
    gap = abs((a.day - b.day).days)
    return max(0.0, 1 - gap / (window_days + 1))


def _numbers(a: Mention, b: Mention) -> float:
    pairs = [(a.killed, b.killed), (a.injured, b.injured), (a.persons, b.persons)]
    return 1.0 if any(x is not None and y is not None for x, y in pairs) else UNKNOWN


def _reason(a: Mention, b: Mention, parts: dict[str, float]) -> str:
    shown = ", ".join(f"{name} {value:.2f}" for name, value in parts.items())
    shared = sorted(a.codes & b.codes)
    place = a.admin1 if a.admin1 == b.admin1 else None
    extra = "".join((
        f"; actors {','.join(shared)}" if shared else "",
        f"; place {place}" if place else "",
        f"; killed {a.killed}~{b.killed}" if a.killed is not None and b.killed is not None
        else "",
        f"; persons {a.persons}~{b.persons}" if a.persons is not None and b.persons is not None
        else "",
    ))
    return f"{a.type}: {shown}{extra}"


def _set(value: Any) -> frozenset[Any]:
    return frozenset() if value is None else frozenset((value,))


def _range(value: int | None) -> tuple[int, int] | None:
    return None if value is None else (value, value)


def _join(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _apart(span: tuple[int, int] | None, ratio: float) -> bool:
    if span is None or span[1] == 0:
        return False
    return span[0] / span[1] < ratio


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)
