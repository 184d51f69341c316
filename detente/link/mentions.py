"""Mentions: the stored events, read in one pass as the light records linking works on."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from detente.store import Store

_COUNTRY_CODE = re.compile(r"^(?:[A-Z]{3}|IGO:[A-Z]+)$")
# Claimants who speak for an institution: a state body, its forces, courts, an IGO ...
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "IGO", "SPY", "HLH"})
# ... or, when the claimant was not resolved, words that name one.
_OFFICIAL_WORDS = re.compile(
    r"\b(?:minist|governor|mayor|administration|authorit|officials?\b|spokes|police|"
    r"prosecutor|emergency|rescuers?\b|service\b|military|army|general staff|command|"
    r"kremlin|president|government|council|presidency|headquarters|ombuds)", re.IGNORECASE)

_MENTION_SQL = """
SELECT e.id, e.article_id, a.date AS article_date, a.source AS outlet, e.type, e.mode,
    e.modality, e.trigger, e.location_name, e.location_admin1, e.location_country,
    e.date_text, e.date_value, e.date_precision, e.killed, e.injured, e.persons, e.per_side,
    e.claimed_by_text, e.claimed_by_code, e.claimed_by_sector, e.evidence_text,
    e.evidence_start, e.content, e.location_lat, e.location_lon, e.location_geonameid,
    (SELECT json_group_array(json_array(ea.role, ea.code, ea.name)) FROM event_actors ea
     WHERE ea.event_id = e.id AND (ea.code IS NOT NULL OR ea.name IS NOT NULL)) AS codes
FROM events e JOIN articles a ON a.id = e.article_id
"""


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


def load_mentions(store: Store) -> list[Mention]:
    """Every stored event as a Mention, ordered by event id."""
    return list(iter_mentions(store, "ORDER BY e.id", ()))


def load_mentions_by_id(store: Store, event_ids: list[str]) -> list[Mention]:
    where = "WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id"
    return list(iter_mentions(store, where, (json.dumps(event_ids),)))


def iter_mentions(store: Store, tail: str, params: tuple[object, ...]) -> Iterator[Mention]:
    """Mentions from the fixed SELECT plus a fixed ``tail`` (WHERE/ORDER) and its parameters."""
    for row in store.conn.execute(_MENTION_SQL + tail, params):
        yield _mention(row)


def _mention(row: sqlite3.Row) -> Mention:
    get = row.__getitem__
    sources, targets, names = _codes(get("codes"))
    return Mention(
        event_id=get("id"), article_id=get("article_id"),
        article_date=_date(get("article_date")), type=get("type"), mode=get("mode"),
        modality=get("modality"), trigger=get("trigger") or "", outlet=get("outlet"),
        sources=sources, targets=targets, names=names, place_name=get("location_name"),
        admin1=get("location_admin1"), country=get("location_country"),
        date_text=get("date_text"), date_value=_date(get("date_value")),
        date_precision=get("date_precision"), killed=get("killed"), injured=get("injured"),
        persons=get("persons"), per_side=bool(get("per_side")),
        claimed_by=get("claimed_by_text"), claimed_code=get("claimed_by_code"),
        evidence=get("evidence_text"), evidence_start=get("evidence_start"),
        content=get("content"), lat=get("location_lat"), lon=get("location_lon"),
        geonameid=get("location_geonameid"), claimed_sector=get("claimed_by_sector"),
    )


def _codes(packed: str | None,
           ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    by_role: dict[str, list[str]] = {"source": [], "target": []}
    names: list[str] = []
    for role, code, name in json.loads(packed or "[]"):
        if code and code not in by_role[role]:
            by_role[role].append(code)
        if name and name not in names:
            names.append(name)
    return tuple(by_role["source"]), tuple(by_role["target"]), tuple(names)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
