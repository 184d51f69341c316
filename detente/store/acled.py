"""ACLED-style CSV: ACLED's column names, event types and conventions where they apply.

ACLED records events that happened, coded by type of violence, protest or strategic
development. So only asserted events with an ACLED equivalent are written (PLOVER type and
mode mapped as in ``docs/exports.md``); denied, hypothetical and future events, and the
verbal kinds ACLED does not code (talks, accusations, demands, threats, ...), are counted
as skipped. Columns with no Detente equivalent stay empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

import pycountry

from detente.model import Actor, Event
from detente.resolve.actors import country_names
from detente.store.export import ExportRecord, ExportReport
from detente.types import PLOVER_TYPES, profile

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
BATTLES, REMOTE = "Battles", "Explosions/Remote violence"
CIVILIANS, STRATEGIC = "Violence against civilians", "Strategic developments"
PROTESTS, RIOTS = "Protests", "Riots"
DISORDER = {BATTLES: "Political violence", REMOTE: "Political violence",
            CIVILIANS: "Political violence", PROTESTS: "Demonstrations",
            RIOTS: "Demonstrations", STRATEGIC: "Strategic developments"}
STATE_SECTORS = frozenset({"MIL", "COP", "SPY", "GOV", "LEG", "JUD"})
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "EDU", "MED", "HLH", "REL", "BUS", "NGO"})
STATE_NAMES = {"MIL": "Military Forces of {}", "COP": "Police Forces of {}",
               "SPY": "Intelligence Services of {}", "CVL": "Civilians ({})",
               "REF": "Civilians ({})"}
PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def write_acled(records: Iterable[ExportRecord], out: TextIO) -> ExportReport:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    report = ExportReport()
    for record in records:
        row = acled_row(record)
        if row is None:
            report.skipped += 1
            continue
        writer.writerow(row)
        report.written += 1
    return report


def acled_types(event: Event) -> tuple[str, str] | None:
    """(event_type, sub_event_type) for an event ACLED would record, else None."""
    if event.modality != "asserted":
        return None
    if event.type not in PLOVER_TYPES:
        return None
    kind = profile(event.type)
    if event.mode in kind.seize_modes:  # territory taken by force
        return (BATTLES, _territory_taken(event))
    found = kind.acled_types(event.mode)
    if found or not kind.attack:
        return found
    civilian = any(actor.sector in CIVILIAN_SECTORS for actor in event.target)
    return (CIVILIANS, "Attack") if civilian else (BATTLES, "Armed clash")


def acled_row(record: ExportRecord) -> dict[str, object] | None:
    """One ACLED-style row, or None when ACLED would not record the event or it has no date."""
    event = record.event
    types = acled_types(event)
    when = (event.date and event.date.value) or record.article.date
    if types is None or not when:
        return None
    event_type, sub_type = types
    place = event.location
    country = _alpha3(place.country if place else None) or _first_code(event.source)
    inter1 = _inter(event, "source", country)
    inter2 = _inter(event, "target", country)
    q = event.quantities
    return {
        "event_id_cnty": f"{country or 'XXX'}-{event.id}", "event_date": when[:10],
        "year": int(when[:4]), "time_precision": _time_precision(event),
        "disorder_type": _disorder(sub_type, event_type), "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": _actor_name(event, "source"), "assoc_actor_1": _assoc(event.source),
        "inter1": inter1, "actor2": _actor_name(event, "target"),
        "assoc_actor_2": _assoc(event.target), "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if event_type == CIVILIANS else "",
        "iso": _numeric(country), "region": "", "country": _country_name(country),
        "admin1": place and place.admin1, "admin2": "", "admin3": "",
        "location": place and (place.name or place.text),
        "latitude": place and place.lat, "longitude": place and place.lon,
        "geo_precision": _geo_precision(event), "source": _source(record), "source_scale": "",
        "notes": event.evidence.text, "fatalities": q.least("killed") or 0,
        "tags": _tags(record), "timestamp": _timestamp(record.article.ingested_at),
    }


def _territory_taken(event: Event) -> str:
    """ACLED's territory sub-events name who took it: a non-state group, or a government on
    its own soil; anyone else taking ground by force is coded as a clash."""
    taker = event.source[0] if event.source else None
    if taker is not None and taker.sector == "REB":
        return "Non-state actor overtakes territory"
    place_country = _alpha3(event.location.country if event.location else None)
    if taker is not None and taker.sector in STATE_SECTORS and taker.code == place_country:
        return "Government regains territory"
    return "Armed clash"


def _disorder(sub_type: str, event_type: str) -> str:
    if sub_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    return DISORDER[event_type]


def _time_precision(event: Event) -> int:
    """ACLED: 1 the day is known, 2 the week, 3 the month. An event with no date of its own
    is dated by its article, which reports it within days: 2."""
    precision = event.date.precision if event.date and event.date.value else None
    return PRECISION.get(precision or "", 2)


def _inter(event: Event, role: str, country: str | None) -> int | str:
    """ACLED's actor type code for the first actor: 1 state forces, 2 rebels, 5 rioters,
    6 protesters, 7 civilians, 8 external/other forces (a foreign state or an IGO)."""
    actors = event.source if role == "source" else event.target
    if not actors:
        return ""
    actor = actors[0]
    if event.type == "PROTEST" and role == "source":
        return 5 if event.mode == "riot" else 6
    if actor.sector == "REB":
        return 2
    if actor.sector in CIVILIAN_SECTORS:
        return 7
    if (actor.code or "").startswith("IGO:"):
        return 8
    if actor.sector in STATE_SECTORS and actor.code:
        return 1 if country in (None, actor.code) else 8
    return ""


def _interaction(inter1: int | str, inter2: int | str) -> int | str:
    """Two actor codes, lower first ("17"); one actor alone is "10"-style."""
    codes = sorted(code for code in (inter1, inter2) if isinstance(code, int))
    if not codes:
        return ""
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _actor_name(event: Event, role: str) -> str:
    """ACLED's way of naming state forces and civilians ("Military Forces of Russia"),
    else the resolved name."""
    actors = event.source if role == "source" else event.target
    if not actors:
        return ""
    actor = actors[0]
    country = country_names().get(actor.code or "")
    if event.type == "PROTEST" and role == "source":
        label = "Rioters" if event.mode == "riot" else "Protesters"
        return f"{label} ({country})" if country else label
    if country and actor.sector in STATE_NAMES:
        return STATE_NAMES[actor.sector].format(country)
    if country and actor.sector in STATE_SECTORS:
        return f"Government of {country}"
    return actor.name or actor.text


def _assoc(actors: list[Actor]) -> str:
    names = [actor.name or actor.text for actor in actors[1:]]
    return "; ".join(dict.fromkeys(name for name in names if name))


def _geo_precision(event: Event) -> int | str:
    """ACLED: 1 the town itself, 3 only the region or country is known."""
    place = event.location
    if place is None or place.lat is None:
        return ""
    broad = place.name in (None, place.admin1) or _alpha3(place.country) is not None and (
        place.name == _country_name(_alpha3(place.country)))
    return 3 if broad else 1


def _source(record: ExportRecord) -> str:
    article = record.article
    if article.source:
        return article.source
    if article.url:
        return article.url.split("//", 1)[-1].split("/", 1)[0]
    return ""


def _tags(record: ExportRecord) -> str:
    event = record.event
    tags = [f"detente_event={event.id}",
            f"plover={event.type}" + (f":{event.mode}" if event.mode else "")]
    if record.story_id:
        tags.append(f"detente_story={record.story_id}")
    if hedge := event.quantities.qualifiers.get("killed"):
        tags.append(f"fatalities {hedge}")
    return "; ".join(tags)


def _timestamp(ingested_at: str | None) -> int | str:
    if not ingested_at:
        return ""
    try:
        return int(datetime.fromisoformat(ingested_at).timestamp())
    except ValueError:
        return ""


def _first_code(actors: list[Actor]) -> str | None:
    for actor in actors:
        if actor.code and not actor.code.startswith("IGO:"):
            return actor.code
    return None


def _alpha3(code: str | None) -> str | None:
    if not code:
        return None
    if len(code) == 3 and code.isalpha():
        return code.upper()
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return found.alpha_3 if found else None


def _numeric(alpha3: str | None) -> int | str:
    found = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
    return int(found.numeric) if found else ""


def _country_name(alpha3: str | None) -> str:
    return country_names().get(alpha3 or "", "") if alpha3 else ""
