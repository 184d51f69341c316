"""One event per real event within an article: an act told in the lead and again in the body, or
a toll updated a few paragraphs later, is one event with every span in ``mentions``.

Two events of one article are the same when they have the same type and modality, no named
party of one contradicts the other, nothing they state about place, day or means conflicts, and
something positive ties them: for acts on the ground a shared place, day or toll; for
statements the same speaker and either the same addressee or much the same words.
"""

from __future__ import annotations

import re

from detente.model import Actor, Event, Place, Quantities
from detente.types import types_where

SHARED_WORDS = 0.3  # Jaccard of content words above which two statements say the same thing
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_COUNTED = ("killed", "injured", "persons")


def merge_repeated_mentions(events: list[Event]) -> None:
    """Fold, in place, each event into an earlier one that reports the same act."""
    kept: list[Event] = []
    for event in events:
        twin = next((k for k in kept if same_event(k, event)), None)
        if twin is None:
            kept.append(event)
        else:
            _absorb(twin, event)
    events[:] = kept


def same_event(first: Event, second: Event) -> bool:
    if first.type != second.type or first.modality != second.modality:
        return False
    if first.evidence.start == second.evidence.start:  # one sentence told them apart already
        return False
    if _conflict(_named(first.source), _named(second.source)) or \
            _conflict(_named(first.target), _named(second.target)):
        return False
    if first.type in types_where("act"):
        return _same_act(first, second)
    return _same_statement(first, second)


def _named(actors: list[Actor]) -> set[str]:
    return {a.code for a in actors if a.code and not a.implied}


def _conflict(first: set[str], second: set[str]) -> bool:
    return bool(first and second and not first & second)


def _same_act(first: Event, second: Event) -> bool:
    places = _place_relation(first.location, second.location)
    days = _day_relation(first, second)
    if "conflict" in (places, days) or (first.mode and second.mode and first.mode != second.mode):
        return False
    return "same" in (places, days) or _same_toll(first.quantities, second.quantities)


def _place_relation(first: Place | None, second: Place | None) -> str:
    if first is None or second is None:
        return "unknown"
    if first.geonameid and second.geonameid:
        return "same" if first.geonameid == second.geonameid else "conflict"
    if first.country != second.country:
        return "conflict"
    if first.admin1 and second.admin1 and first.admin1 != second.admin1:
        return "conflict"
    if first.admin1 and first.admin1 == second.admin1:
        return "same"
    return "unknown"


def _day_relation(first: Event, second: Event) -> str:
    days = [e.date.value for e in (first, second)
            if e.date is not None and e.date.precision == "day" and e.date.value]
    if len(days) < 2:
        return "unknown"
    return "same" if days[0] == days[1] else "conflict"


def _same_toll(first: Quantities, second: Quantities) -> bool:
    return any(getattr(first, name) is not None and getattr(first, name) == getattr(second, name)
               for name in _COUNTED)


def _same_statement(first: Event, second: Event) -> bool:
    speakers = _named(first.source) & _named(second.source)
    if not speakers:
        return False
    addressees = _named(first.target) & _named(second.target)
    return bool(addressees) or _shared_words(first, second) >= SHARED_WORDS


def _shared_words(first: Event, second: Event) -> float:
    a, b = (set(_WORD.findall((e.content or e.evidence.text).lower())) for e in (first, second))
    return len(a & b) / len(a | b) if a and b else 0.0


def _absorb(kept: Event, repeat: Event) -> None:
    """The repeat's span joins the kept event; the fuller mention becomes the evidence and a
    toll that rose keeps its highest figure (a toll is never added twice)."""
    spans = kept.mentions or [kept.evidence]
    kept.mentions = sorted([*spans, *(repeat.mentions or [repeat.evidence])],
                           key=lambda m: m.start)
    if _richness(repeat) > _richness(kept):
        kept.evidence, kept.trigger, kept.content = repeat.evidence, repeat.trigger, repeat.content
    kept.location = kept.location or repeat.location
    kept.date = kept.date if kept.date and kept.date.value else repeat.date or kept.date
    kept.source = kept.source or repeat.source
    kept.target = kept.target or repeat.target
    kept.claimed_by = kept.claimed_by or repeat.claimed_by
    kept.quantities = _higher_toll(kept.quantities, repeat.quantities)
    kept.confidence = max(kept.confidence, repeat.confidence)


def _richness(event: Event) -> int:
    return sum((bool(_named(event.source)), bool(_named(event.target)),
                event.location is not None, event.date is not None and bool(event.date.value),
                not event.quantities.is_empty(), bool(event.content)))


def _higher_toll(first: Quantities, second: Quantities) -> Quantities:
    merged = Quantities(per_side=first.per_side or second.per_side,
                        qualifiers={**second.qualifiers, **first.qualifiers},
                        minimums={**second.minimums, **first.minimums})
    for name in _COUNTED:
        values = [v for v in (getattr(first, name), getattr(second, name)) if v is not None]
        setattr(merged, name, max(values) if values else None)
    return merged

