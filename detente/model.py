"""Detente's typed data model: the one vocabulary every stage speaks.

Every stage reads and returns these dataclasses; nothing passes nested dicts
between stages. ``to_dict`` gives the public JSON shape (the contract
documented in ``schema/event.schema.json``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, get_args

from detente.types import plover_fold

Modality = Literal["asserted", "negated", "hypothetical", "conditional", "future"]
MODALITIES: tuple[str, ...] = get_args(Modality)
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")


def content_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A stable id from content: the same parts always give the same id."""
    joined = "\x1f".join(str(p) for p in parts)
    digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()
    return prefix + digest[:length]


@dataclass
class Article:
    """One news report as ingested. ``text`` is the article body the offsets refer to."""

    text: str
    id: str = ""
    title: str | None = None
    date: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.title or "", self.text, prefix="a")


@dataclass
class Actor:
    """Who acts or is acted on. ``code`` is ISO 3166 alpha-3 or ``IGO:XX``; ``sector`` e.g. GOV.
    ``implied`` marks an actor the sentence does not name but event coders assume (the state
    where a rally happens is its recipient); ``text`` is then the name, not a quote."""

    text: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    implied: bool = False


@dataclass
class Place:
    """A gazetteer match for a place mention."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass
class EventDate:
    """A date expression and its resolution relative to the publication date."""

    text: str
    value: str | None = None  # ISO date of the start of the period, or None if unresolved
    precision: str | None = None  # day | week | month | year


@dataclass
class Quantities:
    """Numbers one event states. ``persons`` counts people released, exchanged,
    captured or detained; ``per_side`` says that number applies to each side."""

    killed: int | None = None
    injured: int | None = None
    persons: int | None = None
    per_side: bool = False
    # hedges by field, {"killed": "at least"}; with no number, the vague amount said:
    # {"killed": "several"} and killed None ("several killed": the number is unknown)
    qualifiers: dict[str, str] = field(default_factory=dict)
    # where a vague amount stands for the number, the least it allows by the convention in
    # ``extract/tolls.py``: "a leader and several associates" detained -> {"persons": 4}
    minimums: dict[str, int] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return self.killed is None and self.injured is None and self.persons is None

    def least(self, name: str) -> int | None:
        """The least the text allows: the stated number, raised by any vague part ("two
        insurgents and several others": 5), or the vague amount's floor ("several": 3)."""
        stated: int | None = getattr(self, name)
        floor = self.minimums.get(name)
        if stated is None or floor is None:
            return floor if stated is None else stated
        return max(stated, floor)


@dataclass
class Claim:
    """Who says the event happened ("Ukrainian officials reported ...")."""

    text: str
    code: str | None = None
    sector: str | None = None


@dataclass
class Evidence:
    """The exact text the event comes from, with character offsets into the article."""

    text: str
    start: int
    end: int


@dataclass
class Event:
    """One event clause extracted from one article."""

    article_id: str
    type: str
    evidence: Evidence
    mode: str | None = None
    modality: str = "asserted"
    trigger: str = ""
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    location: Place | None = None
    date: EventDate | None = None
    quantities: Quantities = field(default_factory=Quantities)
    claimed_by: Claim | None = None
    confidence: float = 0.5
    content: str | None = None  # what was agreed, demanded, promised or refused
    id: str = ""
    # every span of the article that reports this event, the evidence among them: an act told
    # in the lead and again in the body is one event (empty when mentioned once)
    mentions: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(
                self.article_id, self.type, self.evidence.start, self.evidence.end, self.trigger,
                prefix="e",
            )

    @property
    def plover_type(self) -> str:
        """The type a PLOVER coder would give (see ``plover_fold``)."""
        return plover_fold(self.type, self.modality)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["plover_type"] = self.plover_type
        data["quantities"] = {
            k: v for k, v in data["quantities"].items() if k in ("killed", "injured", "persons")
        } | {"per_side": self.quantities.per_side, "qualifiers": self.quantities.qualifiers,
             "minimums": self.quantities.minimums}
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass
class Statistic:
    """A cumulative figure ("over 12,000 civilian deaths since the war began"): not an event."""

    article_id: str
    kind: str  # killed | injured | displaced | persons | other
    value: int
    evidence: Evidence
    qualifier: str | None = None  # "over", "at least", "about", ...
    subject: str | None = None  # e.g. "civilian"
    claimed_by: Claim | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.article_id, self.kind, self.evidence.start, prefix="s")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Commitment:
    """A promise to be checked later (filled by the link stage)."""

    event_id: str
    parties: list[Actor]
    what: str
    quantity: int | None = None
    deadline: EventDate | None = None
    status: str = "open"  # open | partly kept | kept | broken | overdue
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.event_id, self.what, prefix="c")


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    error: str | None = None
