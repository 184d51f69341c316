"""How alike two mentions are: hard conflicts first, then a weighted score with its reasons.

A conflict rules a pair out: they report different modalities (done, to be done, not done),
share no kind of event, lie on days too far apart (two stated days more than one apart),
name different people on both sides, happen far apart (for physical events), or give tolls
far apart (a later report may give a much higher toll: tolls rise as the dead are found).
Places nest: a province holds its towns, so "in Kharkiv Oblast" and "in Velykyi Burluk" are
compatible, though not a shared specific place. Otherwise participants, place, time,
figures, type and wording (TF-IDF cosine) each give a part in [0, 1] and the score is their
weighted sum. A pair must also share something specific (a participant, a place, a figure
or much of its wording): a common day and kind alone are not enough.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from detente.link.features import Features, shared_wording
from detente.link.mentions import Mention
from detente.types import types_where

THRESHOLD = 0.45
WINDOW_DAYS = 1  # largest gap between two mentions' possible days (off by a day at most)
WEIGHTS = {"type": 0.05, "participants": 0.3, "place": 0.1, "time": 0.15, "figures": 0.1,
           "wording": 0.3}
UNKNOWN = 0.2  # the part given when one side does not say
# Shared participants (or places) this rare in sum count fully: one rare person, or two
# fairly common ones; Russia and Ukraine together count for about a third.
ENOUGH_RARITY = 6.0
ENOUGH_WORDING = 15.0  # shared wording this weighty counts fully (three or four rare words)
KILLED_RATIO = 0.5  # tolls this far apart are different events ...
RISING_RATIO = 0.2  # ... unless the higher one comes in a later report
NESTED_PLACE = 0.35  # the place part when one names the province of the other's place
_TOLL_ROSE = re.compile(r"\b(?:(?:rose|risen|rises|climbed|increased|grew|jumped) to|"
                        r"(?:death )?toll (?:has )?(?:risen|climbed|increased))", re.IGNORECASE)
PERSONS_RATIO = 0.9  # released/exchanged counts are exact: 390 and 307 are different rounds
FAR_KM = 150.0
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
class Match:
    """A scored pair and the reasons, for the merge history. ``conflict`` names what rules
    the pair out; ``anchored`` says whether it shares something specific."""

    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    conflict: str | None = None
    anchored: bool = True

    @property
    def linkable(self) -> bool:
        return self.conflict is None and self.anchored


def compare(a: Mention, fa: Features, b: Mention, fb: Features) -> Match | None:
    """The pair's score and reasons; None when they conflict or share nothing specific."""
    match = assess(a, fa, b, fb)
    return match if match.linkable else None


def assess(a: Mention, fa: Features, b: Mention, fb: Features) -> Match:
    """Score any pair (conflicting or not), as clustering needs for whole groups."""
    why = conflict(a, fa, b, fb)
    if why:
        return Match(0.0, conflict=why, anchored=False)
    parts = {
        "type": _type(a, fa, b, fb), "participants": _participants(a, fa, b, fb),
        "place": _place(fa, a, fb, b), "time": _time(fa, fb), "figures": _figures(a, fa, b, fb),
        "wording": round(shared_wording(fa.terms, fb.terms, ENOUGH_WORDING), 3),
    }
    anchored = _anchored(a, b, parts)
    score = round(sum(WEIGHTS[name] * value for name, value in parts.items()), 3)
    return Match(score, parts, explain(a, fa, b, fb, parts, score), None, anchored)


def _anchored(a: Mention, b: Mention, parts: dict[str, float]) -> bool:
    """Whether the pair shares something specific. Two sentences of one article must share
    wording (or a figure): an article tells many events with the same actors. Two articles
    must share some wording, or a specific place or figure, beside their participants."""
    specific = parts["place"] >= 0.5 or parts["figures"] == 1.0
    if a.article_id == b.article_id:
        return parts["wording"] >= 0.3 or parts["figures"] == 1.0
    worded = parts["wording"] >= 0.15 or specific
    return worded and (parts["participants"] >= 0.5 or specific or parts["wording"] >= 0.35)


def conflict(a: Mention, fa: Features, b: Mention, fb: Features) -> str | None:
    """Why these two cannot be one event, or None."""
    if a.modality_group != b.modality_group:
        return "different modality"
    if not fa.kinds & fb.kinds:
        return "different kinds of event"
    if a.article_id == b.article_id and a.evidence_start == b.evidence_start:
        return "same sentence"
    gap = day_gap(fa, fb)
    if gap > WINDOW_DAYS:
        return "different days"
    if _after_report(a, fb) or _after_report(b, fa):
        return "reported before it happened"
    if fa.channel and fb.channel and fa.channel != fb.channel and (
            fa.kinds & types_where("link_channel")):
        return "a call and a meeting"
    if len(fa.people) > 1 and len(fb.people) > 1 and not fa.people & fb.people:
        return "different people"
    # one outlet names Kyiv as the actor, another Moscow, for the same deal
    two_sided = bool((fa.kinds | fb.kinds) & types_where("link_two_sided"))
    if not two_sided and a.codes and b.codes and not a.codes & b.codes:
        return "different actors"
    # events whose place is where they happened (not the subject of talks about it)
    scene = types_where("link_scene")
    if a.type in scene and b.type in scene and _far_apart(a, b):
        return "different places"
    strict = types_where("link_strict_mode")
    if a.type == b.type in strict and a.mode and b.mode and a.mode != b.mode:
        return "different modes"
    if _tolls_apart(a, b):
        return "tolls too far apart"
    if _apart(a.persons, b.persons, PERSONS_RATIO) or _other_headcounts(a, fa, b, fb):
        return "different numbers of people"
    return None


def _headcounts(m: Mention) -> set[int]:
    """The people or bodies a handover counts, in whichever field the mention put them
    (returned bodies read as an attack carry them as ``killed``)."""
    return {n for n in (m.persons, m.killed) if n is not None}


def _handover(fa: Features, fb: Features) -> bool:
    return bool(fa.kinds & fb.kinds & types_where("handover_kind"))


def _other_headcounts(a: Mention, fa: Features, b: Mention, fb: Features) -> bool:
    """Two handovers typed differently that count different numbers of people."""
    if a.type == b.type or not _handover(fa, fb):
        return False
    x, y = _headcounts(a), _headcounts(b)
    return bool(x and y) and not any(not _apart(i, j, PERSONS_RATIO) for i in x for j in y)


def _tolls_apart(a: Mention, b: Mention) -> bool:
    """Death tolls too far apart for one event. A toll rises as the dead are found: a later
    report, or one saying the toll rose, may give a much higher figure than the first."""
    if a.killed is None or b.killed is None or a.killed == b.killed:
        return False
    if _TOLL_ROSE.search(_higher(a, b).evidence):
        return False
    return _apart(a.killed, b.killed, RISING_RATIO if _rising(a, b) else KILLED_RATIO)


def _higher(a: Mention, b: Mention) -> Mention:
    return a if (a.killed or 0) > (b.killed or 0) else b


def _rising(a: Mention, b: Mention) -> bool:
    """The higher toll comes in a later report, or in one saying the toll rose."""
    high = _higher(a, b)
    low = b if high is a else a
    if a.killed == b.killed:
        return False
    return bool(_TOLL_ROSE.search(high.evidence)) or bool(
        high.article_date and low.article_date and high.article_date > low.article_date)


def _after_report(a: Mention, fb: Features) -> bool:
    """``a`` reports a done thing before the day ``fb`` states: not the same event."""
    return (a.modality == "asserted" and fb.exact and a.article_date is not None
            and fb.first > a.article_date.toordinal())


def day_gap(fa: Features, fb: Features) -> int:
    """Days between the two mentions' possible days (0 when they overlap)."""
    return max(0, max(fa.first, fb.first) - min(fa.last, fb.last))


def _type(a: Mention, fa: Features, b: Mention, fb: Features) -> float:
    if a.type == b.type:
        return 1.0
    return 0.6 if a.type in fb.kinds or b.type in fa.kinds else 0.3


def _participants(a: Mention, fa: Features, b: Mention, fb: Features) -> float:
    if not fa.actors or not fb.actors:
        return UNKNOWN
    return _weighted_overlap(fa.actors, fb.actors)


def _weighted_overlap(x: dict[str, float], y: dict[str, float]) -> float:
    """How much the two sides share (half of it judged against the smaller side, so an
    outlet naming fewer parties loses little), times how rare the shared keys are."""
    shared = sum(w for k, w in x.items() if k in y)
    if not shared:
        return 0.0
    smaller, both = min(sum(x.values()), sum(y.values())), sum(x.values()) + sum(y.values())
    cover = 0.5 * shared / smaller + 0.5 * shared / (both - shared)
    return round(cover * min(1.0, shared / ENOUGH_RARITY), 3)


def _place(fa: Features, a: Mention, fb: Features, b: Mention) -> float:
    holder = _holder(a, b)
    if holder is not None:  # compatible, but a province is no specific place
        return NESTED_PLACE
    km = _distance(a, b)
    if km is not None and km <= 30:
        near = {k: w for k, w in fa.places.items() if not k.startswith("country:")}
        return round(min(1.0, max(near.values(), default=0.0) / ENOUGH_RARITY * 2), 3)
    if not fa.places or not fb.places:
        return UNKNOWN
    return _weighted_overlap(fa.places, fb.places)


def _time(fa: Features, fb: Features) -> float:
    gap = day_gap(fa, fb)
    if gap == 0:
        return 1.0 if fa.exact and fb.exact and fa.first == fb.first else 0.7
    return 0.4 if gap == 1 else 0.2


def _figures(a: Mention, fa: Features, b: Mention, fb: Features) -> float:
    tolls = [(a.killed, b.killed), (a.injured, b.injured), (a.persons, b.persons)]
    if fa.figures & fb.figures or any(x is not None and x == y for x, y in tolls):
        return 1.0
    if _handover(fa, fb) and _headcounts(a) & _headcounts(b):
        return 1.0
    if a.killed is not None and b.killed is not None and _rising(a, b):
        return 1.0  # a later report's higher toll updates the first: figures that agree
    if any(x is not None and y is not None for x, y in tolls):
        return 0.7  # tolls given on both sides and close enough (far ones conflict)
    big_a = {v for v in fa.figures if v >= 1_000_000}
    big_b = {v for v in fb.figures if v >= 1_000_000}
    return 0.0 if big_a and big_b else UNKNOWN


def _holder(a: Mention, b: Mention) -> Mention | None:
    """The mention named by its province when the other names a place in that province
    ("Kharkiv Oblast" and "Velykyi Burluk"), else None. A province's coordinates are its
    capital's, so distance alone would call its far towns far apart and its capital the
    same place. Countries and broad areas (Donbas) hold nothing here: "Russia struck
    Ukraine" is not one strike on Kharkiv."""
    for outer, inner in ((a, b), (b, a)):
        if outer.place_level == "region" and inner.place_level == "place" \
                and outer.admin1 == inner.admin1:
            return outer
    return None


def _far_apart(a: Mention, b: Mention) -> bool:
    if _holder(a, b) is not None:
        return False
    km = _distance(a, b)
    if km is not None:
        return km > FAR_KM
    if a.admin1 and b.admin1:
        return a.admin1 != b.admin1
    return bool(a.country and b.country and a.country != b.country)


def _distance(a: Mention, b: Mention) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lb - la, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _apart(x: int | None, y: int | None, ratio: float) -> bool:
    if x is None or y is None or max(x, y) == 0:
        return False
    return min(x, y) / max(x, y) < ratio


def explain(a: Mention, fa: Features, b: Mention, fb: Features, parts: dict[str, float],
            score: float) -> str:
    """Why the pair was linked, in words: "same participants (Joe Biden, Vladimir Putin),
    same day, similar wording 0.83"."""
    said: list[str] = []
    people = sorted(fa.people & fb.people)
    codes = sorted(a.codes & b.codes)
    if people:
        said.append(f"{'same' if fa.people == fb.people else 'shared'} participants "
                    f"({', '.join(people)})")
    elif codes:
        said.append(f"{'same' if a.codes == b.codes else 'shared'} actors ({', '.join(codes)})")
    if a.type != b.type:
        said.append(f"{a.type} and {b.type} naming one kind of event "
                    f"({', '.join(sorted(fa.kinds & fb.kinds))})")
    if parts["place"] >= 0.5:
        said.append(f"same place ({a.place_name or a.admin1})")
    elif (holder := _holder(a, b)) is not None:
        inner = b if holder is a else a
        said.append(f"{inner.place_name} in {holder.place_name}")
    said.append({1.0: "same day", 0.7: "overlapping days", 0.4: "a day apart"}.get(
        parts["time"], "days close"))
    if parts["figures"] == 1.0 and a.killed is not None and b.killed is not None \
            and _rising(a, b):
        low, high = sorted((a.killed, b.killed))
        said.append(f"toll rising ({low:,} to {high:,})")
    elif parts["figures"] == 1.0:
        shown = sorted(fa.figures & fb.figures) or [v for v in (a.killed, a.persons) if v]
        said.append(f"same figures ({', '.join(f'{v:,}' for v in shown)})")
    said.append(f"similar wording {parts['wording']:.2f}")
    return f"{', '.join(said)}; score {score:.2f}"


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
