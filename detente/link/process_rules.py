"""Which stories make up the peace process between two parties, and as what.

A story is read through its mentions (every outlet's report): its type (the one most
mentions give), modality, the parties among its actors, which party most mentions name as
the source (its *side*), its place, its wording. The rules, in order:

- *talks*: an asserted CONSULT with both parties among its actors;
- *agreement*: an AGREE or CONCEDE story a commitment by either of them about the
  settlement comes from (an exchange, proposals, a ceasefire, talks), or an asserted AGREE
  with both parties (one worded as a proposal is a proposal: "sent its proposals to
  Russia"; one worded as a handover is a handover); *promise*: any other story such a
  commitment comes from ("will send its draft by the end of the month"), threats aside;
- *handover*: an asserted RETREAT releasing, exchanging or returning people or bodies
  (mode release, or worded so) between the parties (or by one, no third party named):
  how agreements are kept;
- by one side, about the other or about the war's settlement (the other party among the
  actors, or no third party and ceasefire, talks, prisoners, withdrawal ... in its
  words): *demand* (an asserted REQUEST), *rejection* (an asserted REJECT, or a negated
  AGREE), *threat* (a THREATEN, or force promised or made conditional: a future or
  conditional ASSAULT or COERCE), *proposal* (a report whose wording proposes or offers,
  of any other type but asserted force);
- *violence*: an asserted ASSAULT or COERCE giving a toll, each party among its actors or
  the country where it happened, whose wording is not a handover of bodies (returned dead
  read as an attack are a handover, not violence).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from detente.link.features import names_handover, people_of
from detente.link.mentions import Mention
from detente.link.status import TrackedCommitment
from detente.resolve.actors import country_names
from detente.types import PLOVER_TYPES, profile, types_where

ITEM_KINDS: tuple[str, ...] = ("talks", "agreement", "promise", "handover", "demand",
                               "proposal", "rejection", "threat", "violence")
WITH_COMMITMENT: frozenset[str] = frozenset({"agreement", "promise"})
_PROPOSES = re.compile(r"\b(?:propos|offer|put forward|suggest|initiative|peace plan)",
                       re.IGNORECASE)
_SETTLEMENT = re.compile(
    r"\b(?:ceasefire|cease-fire|truce|talks|negotiat|peace|settlement|prisoners?|pows?|"
    r"exchange|swap|bodies|withdraw|memorandum|terms|demand|condition|territor|annex|"
    r"occupied|neutral|sanction|security guarantee)", re.IGNORECASE)
_PROCESS_KINDS = frozenset({"swap", "bodies", "proposals", "ceasefire", "talks"})
_CONTENT_WORDS = re.compile(r"\b[a-z]{3,}\b")
SUMMARY_CHARS = 160


@dataclass
class StoryFacts:
    """What the rules read of one story between parties ``a`` and ``b``."""

    story_id: str
    main_type: str  # the story's type, as linking gave it
    mentions: list[Mention]
    a: str
    b: str

    @cached_property
    def lead(self) -> Mention:
        same = [m for m in self.mentions if m.type == self.main_type] or self.mentions
        return min(same, key=lambda m: (m.day or date.max, m.event_id))

    @property
    def modality(self) -> str:
        return self.lead.modality

    @property
    def day(self) -> date | None:
        """The earliest day the reports give (the start of a stated week, month or year:
        "talks in March 2022" are placed then), else the earliest report's date."""
        days = [day for m in self.mentions if (day := m.date_value or m.article_date)]
        return min(days) if days else None

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset().union(*(m.codes for m in self.mentions))

    @property
    def both(self) -> bool:
        return {self.a, self.b} <= self.codes

    @property
    def only_parties(self) -> bool:
        """One or both parties among the actors, and no third state or organisation."""
        return bool(self.codes & {self.a, self.b}) and self.codes <= {self.a, self.b}

    @cached_property
    def side(self) -> str | None:
        """The party most mentions name as the source; None on a tie or when neither is."""
        votes = Counter(code for m in self.mentions for code in set(m.sources)
                        if code in (self.a, self.b))
        if not votes or (len(votes) == 2 and votes[self.a] == votes[self.b]):
            return None
        return votes.most_common(1)[0][0]

    @property
    def place(self) -> str | None:
        return self.lead.place_name or self.lead.admin1

    @property
    def content(self) -> str | None:
        contents = [m.content for m in self.mentions
                    if m.content and len(_CONTENT_WORDS.findall(m.content)) >= 2]
        return max(contents, key=len) if contents else None

    @cached_property
    def people(self) -> frozenset[str]:
        return frozenset().union(*(people_of(m) for m in self.mentions))

    def worded(self, pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(f"{m.evidence} {m.content or ''}") for m in self.mentions)

    def mediators(self) -> list[str]:
        """Third parties at talks: other states or organisations among the actors, and
        the host country when the talks are held in neither party's."""
        third = set(self.codes - {self.a, self.b})
        hosts = {m.country for m in self.mentions if m.country and m.place_level == "place"}
        third |= {code for code in hosts if code not in (self.a, self.b)}
        return sorted(third)

    def summary(self, kind: str) -> str:
        """One line: talks by place and third parties, anything else in the first report's
        own words."""
        if kind == "talks":
            names = country_names()
            where = f" in {self.place}" if self.place else ""
            helped = ", ".join(names.get(c, c) for c in self.mediators())
            return f"talks{where}" + (f" (mediator or host: {helped})" if helped else "")
        said = " ".join(self.lead.evidence.split())
        return said if len(said) <= SUMMARY_CHARS else said[:SUMMARY_CHARS - 1].rstrip() + "…"


def classify(facts: StoryFacts, has_commitment: bool) -> str | None:
    """The kind of process item the story is (one of ITEM_KINDS), or None."""
    item, modality = _process(facts.main_type), facts.modality
    if item == "talks" and modality == "asserted" and facts.both:
        return "talks"
    if item != "threat" and _agreement(facts, has_commitment):
        return "agreement" if facts.main_type in types_where("promise") else "promise"
    if item == "handover" and modality == "asserted" and _handover(facts):
        return "handover"
    if item == "violence" and modality == "asserted":
        return "violence" if _violence(facts) else None
    if facts.side is None or not (facts.both or (facts.only_parties
                                                 and facts.worded(_SETTLEMENT))):
        return None
    return _by_one_side(facts)


def _agreement(facts: StoryFacts, has_commitment: bool) -> bool:
    if has_commitment:
        return True
    return (_process(facts.main_type) == "agreement" and facts.modality == "asserted"
            and facts.both
            and not facts.worded(_PROPOSES) and not _handover(facts))


def _handover(facts: StoryFacts) -> bool:
    """People or bodies handed over, by or to a party (a release, a swap, a return)."""
    return (facts.both or facts.only_parties) and (facts.lead.mode == "release" or any(
        names_handover(m.evidence) for m in facts.mentions))


def _by_one_side(facts: StoryFacts) -> str | None:
    item, modality = _process(facts.main_type), facts.modality
    if item == "demand" and modality == "asserted":
        return "demand"
    if (item == "rejection" and modality == "asserted") or (item == "agreement"
                                                            and modality == "negated"):
        return "rejection"
    if (item == "threat" and modality != "negated") or (
            item == "violence" and modality in ("future", "conditional")):
        return "threat"
    if item not in ("rejection", "demand", "threat") and facts.worded(_PROPOSES):
        return "proposal"
    return None


def _process(kind: str) -> str | None:
    """The process item the type profile gives a story's type (talks, violence, ...)."""
    return profile(kind).process if kind in PLOVER_TYPES else None


def _violence(facts: StoryFacts) -> bool:
    tolls = any(m.killed is not None or m.injured is not None for m in facts.mentions)
    places = {m.country for m in facts.mentions if m.country}
    involved = all(code in facts.codes or code in places for code in (facts.a, facts.b))
    handover = all(names_handover(m.evidence) for m in facts.mentions)
    return tolls and involved and not handover


def commitment_relevant(c: TrackedCommitment, a: str, b: str) -> bool:
    """A commitment between the parties (or by one of them, no one else named) about the
    settlement: an exchange, proposals, a ceasefire, talks (aid from third states and
    other promises are not the process)."""
    parties = set(c.parties)
    between = {a, b} <= parties or (bool(parties & {a, b}) and parties <= {a, b})
    return between and c.kind in _PROCESS_KINDS


def fulfilment_text(c: TrackedCommitment, rounds: int) -> str:
    """What has been carried out, in words: "bodies: 1,900 of 5,000 each returned,
    2 rounds"; "prisoners: 307 exchanged so far, 1 round"; "nothing reported yet"."""
    noun, verb = _what_moves(c.what, c.kind)
    done = c.fulfilled_quantity
    steps = f"{rounds} round{'s' if rounds != 1 else ''}"
    if done is None:
        return f"{noun}: {steps} reported" if rounds else f"{noun}: nothing reported yet"
    if c.quantity:
        each = " each" if c.per_side else ""
        return f"{noun}: {done:,} of {c.quantity:,}{each} {verb}, {steps}"
    return f"{noun}: {done:,} {verb} so far, {steps}"


def _what_moves(what: str, kind: str) -> tuple[str, str]:
    if re.search(r"\b(?:bod(?:y|ies)|remains|dead)\b", what, re.IGNORECASE):
        return "bodies", "returned"
    if re.search(r"\b(?:prisoners?|pows?|captives?|detainees|civilians)\b", what, re.IGNORECASE):
        return "prisoners", "exchanged"
    return kind, "carried out"
