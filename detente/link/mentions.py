"""Mentions: the stored events as the light records linking works on (read from the store by
``detente.store.mentions``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_COUNTRY_CODE = re.compile(r"^(?:[A-Z]{3}|IGO:[A-Z]+)$")
# Claimants who speak for an institution: a state body, its forces, courts, an IGO ...
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "IGO", "SPY", "HLH"})
# ... or, when the claimant was not resolved, words that name one.
_OFFICIAL_WORDS = re.compile(
    r"\b(?:minist|governor|mayor|administration|authorit|officials?\b|spokes|police|"
    r"prosecutor|emergency|rescuers?\b|service\b|military|army|general staff|command|"
    r"kremlin|president|government|council|presidency|headquarters|ombuds)", re.IGNORECASE)

@dataclass(frozen=True)
class Mention:
    """One extracted event as linking sees it: who, what, where, when, how many, and the text."""

    event_id: str
    article_id: str
    article_date: date | None
    type: str
    modality: str
    evidence: str
    evidence_start: int = 0
    mode: str | None = None
    trigger: str = ""
    outlet: str | None = None
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # the actors' resolved names ("Vladimir Putin", "NATO")
    place_name: str | None = None
    admin1: str | None = None
    country: str | None = None
    date_text: str | None = None
    date_value: date | None = None
    date_precision: str | None = None
    killed: int | None = None
    injured: int | None = None
    persons: int | None = None
    per_side: bool = False
    claimed_by: str | None = None
    claimed_code: str | None = None
    content: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    claimed_sector: str | None = None

    @property
    def day(self) -> date | None:
        """The event's day when the report gives one, else the article's date."""
        if self.date_value and self.date_precision == "day":
            return self.date_value
        return self.article_date

    @property
    def exact_day(self) -> date | None:
        """The event's day only when the report states it to the day."""
        return self.date_value if self.date_precision == "day" else None

    @property
    def codes(self) -> frozenset[str]:
        """Country and organisation codes of all actors (sectors such as CVL left out)."""
        return frozenset(c for c in (*self.sources, *self.targets) if _COUNTRY_CODE.match(c))

    @property
    def official(self) -> bool:
        """Whether the report attributes the event to an official source (a ministry, a
        governor, an army, the UN), not to witnesses, media or the outlet alone."""
        if self.claimed_sector in OFFICIAL_SECTORS:
            return True
        return bool(self.claimed_by and _OFFICIAL_WORDS.search(self.claimed_by))

    @property
    def place_level(self) -> str | None:
        """"place" (a town, village or site), "region" (a province itself) or "area" (a
        country or broad area such as Donbas); None without a place. As the map reads them:
        a region is a place named as its own province with no gazetteer id."""
        if not self.place_name and not self.admin1 and not self.country:
            return None
        if self.geonameid is not None or (self.admin1 and self.place_name
                                          and self.place_name != self.admin1):
            return "place"
        return "region" if self.admin1 else "area"

    @property
    def modality_group(self) -> str:
        """Reports that something happened, will happen, or did not happen never merge."""
        if self.modality == "asserted":
            return "asserted"
        return "negated" if self.modality == "negated" else "irrealis"
