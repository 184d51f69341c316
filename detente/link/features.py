"""What linking compares, read once per mention: the kinds of event its wording names, the
people taking part, the figures it quotes, the days it can refer to, and its wording as
TF-IDF weighted terms.

Outlets word one event differently and the extractor types one sentence differently from
another ("held a phone call" is CONSULT; "in a phone call Biden warned ..." is THREATEN), so
a mention's *kinds* are its own type plus every kind its wording names: a THREATEN whose
sentence speaks of a phone call can be the same event as a CONSULT.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import yaml

from detente.link.mentions import Mention
from detente.resolve.actors import DATA_DIR, country_names, fold
from detente.types import PLOVER_TYPES, profile, types_where

REPORT_LAG_DAYS = 2  # an undated report is about its own day or the two before
# Rarity is judged as if this many more sentences named none of the keys, so that in a
# small store the few things every mention shares still count as fairly rare.
PRIOR_SENTENCES = 200
# Words that name a kind of event in any report's sentence (the type profile's wording).
_KIND_WORDS = {kind: re.compile(pattern, re.IGNORECASE)
               for kind in PLOVER_TYPES if (pattern := profile(kind).wording)}
# A handover done, of people or bodies. Outlets type one exchange as RETREAT:release, as
# AGREE (the deal behind it) or as ASSAULT (the dead handed over), but all word it as a
# handover: such wording adds the handover kind (RETREAT, PLOVER's release).
_HANDED = (r"(?:exchanged|swapped|released|freed|handed over|returned|received|repatriated|"
           r"(?:brought|came|come) (?:home|back))")
_HANDED_WHO = (r"(?:bod(?:y|ies)|remains|prisoners?|pows?|captives|soldiers|servicem[ae]n|"
               r"defenders|civilians|children|detainees|hostages)")
_HANDED_VERB = re.compile(rf"\b{_HANDED}\b", re.IGNORECASE)  # cheap test first
_HANDOVER = re.compile(rf"\b{_HANDED}\b[^.;]{{0,60}}\b{_HANDED_WHO}\b|"
                       rf"\b{_HANDED_WHO}\b[^.;]{{0,60}}\b{_HANDED}\b", re.IGNORECASE)
_PHONE = re.compile(r"\b(?:(?:tele)?phone|call with|calls? between|video ?(?:call|link|conference)|"
                    r"teleconference|virtual)", re.IGNORECASE)
_IN_PERSON = re.compile(r"\b(?:met\b|meets?\b|visit|summit|trip\b|arrived in|hosted|travell?ed to|"
                        r"in (?:Moscow|Kyiv|Kiev|Beijing|Washington|Paris|Berlin|London|Minsk))",
                        re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_NIGHT = re.compile(r"\bnight|overnight", re.IGNORECASE)
_FIGURE = re.compile(
    r"([$£€])?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(bn\b|billion|trillion|m\b|million|"
    r"thousand)?", re.IGNORECASE)
_SCALE = {"bn": 1e9, "billion": 1e9, "trillion": 1e12, "m": 1e6, "million": 1e6,
          "thousand": 1e3}
_PLAIN_WORDS = frozenset((
    "the", "and", "that", "this", "with", "from", "have", "has", "had", "were", "was", "been",
    "will", "would", "said", "says", "say", "after", "before", "over", "into", "about",
    "their", "they", "them", "than", "then", "there", "which", "while", "when", "where",
    "also", "for", "its", "his", "her", "our", "are", "not", "but", "who", "what", "more",
    "most", "other", "such", "some", "any", "each", "both", "official", "officials",
    "could", "should", "may", "might", "can", "being", "during", "against", "between",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mr", "mrs", "ms", "president", "minister", "prime", "secretary", "head", "leader",
))


@dataclass(frozen=True)
class Features:
    """A mention's linking features. ``terms`` is a unit-length TF-IDF vector; ``actors``
    and ``places`` weigh each participant and place by how rare it is among all mentions
    (sharing Russia and Ukraine says little, sharing Kishida or Vilnius says much)."""

    kinds: frozenset[str]
    people: frozenset[str]
    figures: frozenset[int]
    first: int  # the earliest and latest day (ordinals) the mention can refer to
    last: int
    exact: bool
    terms: dict[str, float]  # term -> TF-IDF weight (not normalised)
    actors: dict[str, float]
    places: dict[str, float]
    channel: str | None  # for talks: "phone" or "in person", when the report says


def build_features(mentions: Sequence[Mention]) -> list[Features]:
    """Features of every mention; weights use document frequencies over all of them."""
    bags = [_terms(m.evidence) for m in mentions]
    people = [people_of(m) for m in mentions]
    kinds = [kinds_of(m) for m in mentions]
    actors = [_actor_keys(m, p, k) for m, p, k in zip(mentions, people, kinds, strict=True)]
    places = [_place_keys(m) for m in mentions]
    seen: set[tuple[str, int]] = set()
    frequency: Counter[str] = Counter()
    for m, bag, actor, place in zip(mentions, bags, actors, places, strict=True):
        if (m.article_id, m.evidence_start) not in seen:  # one sentence counts once
            seen.add((m.article_id, m.evidence_start))
            frequency.update(bag.keys())
            frequency.update(actor | place)
    documents = len(seen) + PRIOR_SENTENCES

    def rarity(key: str) -> float:
        return math.log(documents / (frequency[key] + 1)) + 1

    result = []
    for m, kind, bag, person, actor, place in zip(mentions, kinds, bags, people, actors, places,
                                                  strict=True):
        first, last, exact = day_range(m)
        result.append(Features(
            kinds=kind, people=person, figures=figures_in(m.evidence),
            first=first, last=last, exact=exact,
            terms={t: w * rarity(t) for t, w in bag.items()},
            actors={k: rarity(k) for k in actor}, places={k: rarity(k) for k in place},
            channel=channel_of(m),
        ))
    return result


def _actor_keys(m: Mention, people: frozenset[str], kinds: frozenset[str]) -> set[str]:
    """Who did what: each kind of event with each participant ("RETREAT RUS" is rarer
    than "ASSAULT RUS", and says more when two reports share it)."""
    who = sorted(m.codes) + sorted(people)
    return {f"{kind} {name}" for kind in kinds for name in who}


def _place_keys(m: Mention) -> set[str]:
    keys = {f"country:{m.country}"} if m.country else set()
    if m.admin1:
        keys.add(f"admin1:{m.admin1}")
    country = country_names().get(m.country or "", m.country)
    if m.place_name and m.place_name not in (m.admin1, m.country, country):
        keys.add(f"place:{m.place_name.casefold()}")  # a town, not the country again
    return keys


def kinds_of(m: Mention) -> frozenset[str]:
    """The mention's type and every kind of event its wording names."""
    named = {kind for kind, pattern in _KIND_WORDS.items() if pattern.search(m.evidence)}
    if names_handover(m.evidence):
        named |= types_where("handover_kind")
    return frozenset({m.type, *named})


def names_handover(text: str) -> bool:
    """Whether the words tell of people or bodies handed over, exchanged or freed."""
    return bool(_HANDED_VERB.search(text) and _HANDOVER.search(text))


def channel_of(m: Mention) -> str | None:
    """How talks were held: by phone or in person (from the mode, else the wording)."""
    if m.mode == "phone":
        return "phone"
    if m.mode in ("visit", "host", "multilateral"):
        return "in person"
    phone = bool(_PHONE.search(m.evidence))
    met = bool(_IN_PERSON.search(m.evidence))
    return None if phone == met else ("phone" if phone else "in person")


def people_of(m: Mention) -> frozenset[str]:
    """The named people among the mention's actors ("Vladimir Putin", not "Russia")."""
    return frozenset(name for name in m.names if name in person_names())


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((DATA_DIR / "actors.yaml").read_text(encoding="utf-8"), Loader=loader)
    return frozenset(item["name"] for item in data["entities"] if item.get("kind") == "person")


def figures_in(text: str) -> frozenset[int]:
    """Amounts and counts the wording quotes ("$61bn" and "$61 billion" agree); bare small
    numbers and years are left out."""
    found = set()
    for match in _FIGURE.finditer(text):
        currency, digits, scale = match.groups()
        value = float(digits.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)
        year_like = not currency and not scale and 1900 <= value <= 2100 and "." not in digits
        if (currency or scale or value >= 100) and not year_like:
            found.add(int(round(value)))
    return frozenset(found)


def day_range(m: Mention) -> tuple[int, int, bool]:
    """Days (as ordinals) the mention can refer to, and whether the report states the day.

    A stated day is itself, a night ("overnight") that day and the next (outlets date it
    by either); a week or month is its span (up to the article's day, for what has
    happened); anything else is the article's day or the two before it (reports follow
    events); no date at all spans everything."""
    value, precision = m.date_value, m.date_precision
    if value and precision == "day":
        if _NIGHT.search(m.date_text or ""):
            return value.toordinal(), value.toordinal() + 1, False
        return value.toordinal(), value.toordinal(), True
    if value and precision in ("week", "month"):
        end = value + timedelta(days=6 if precision == "week" else 30)
        if m.modality == "asserted" and m.article_date and m.article_date >= value:
            end = min(end, m.article_date)
        return value.toordinal(), end.toordinal(), False
    if m.article_date:
        day = m.article_date
        return (day - timedelta(days=REPORT_LAG_DAYS)).toordinal(), day.toordinal(), False
    return date.min.toordinal(), date.max.toordinal(), False


def _terms(text: str) -> Counter[str]:
    """Content-word stems; capitalised words (names, places) count double."""
    bag: Counter[str] = Counter()
    for word in _WORD.findall(fold(text)):
        low = word.lower()
        if len(low) < 3 or low in _PLAIN_WORDS:
            continue
        bag[low[:6]] += 2 if word[0].isupper() else 1
    return bag


def shared_wording(a: dict[str, float], b: dict[str, float], enough: float) -> float:
    """How much of the shorter wording the other repeats (weighted by term rarity), times
    how much the shared terms say in sum: long sentences that carry one outlet's event among
    others still match a short report of it, and a few common words match nothing."""
    if len(a) > len(b):
        a, b = b, a
    shared = sum(min(weight, b[term]) for term, weight in a.items() if term in b)
    if not shared:
        return 0.0
    cover = shared / min(sum(a.values()), sum(b.values()))
    return cover * min(1.0, shared / enough)
