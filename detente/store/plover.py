"""PLOVER/POLECAT-style JSON records, one per line, with the PLOVER manual's field names.

``event`` holds the folded PLOVER type (``Event.plover_type``); Detente's modality is also
given as PLOVER's auxiliary modes in ``context`` (negation, future, hypothetical), and the
story id is the ``link`` that ties reports of one real event together. Fields PLOVER does
not name (modality, Detente's own type, the content, the claimant) are added under their
Detente names, as the manual allows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

import pycountry

from detente import __version__
from detente.model import Actor, Place
from detente.store.export import ExportRecord, ExportReport

QUAD_CODES = {  # 1 verbal cooperation, 2 material cooperation, 3 verbal and 4 material conflict
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
AUXILIARY = {"negated": "negation", "future": "future", "hypothetical": "hypothetical",
             "conditional": "hypothetical"}
# The manual's conflict-cooperation scores, by category and by category: mode.
SCORES: dict[str, float] = {
    "AGREE": 2.5, "CONSULT": 2.5, "CONSULT:visit": 4, "CONSULT:third-party": 1,
    "CONSULT:multilateral": 4, "CONSULT:phone": 1.5, "SUPPORT": 5, "CONCEDE": 4.5,
    "COOPERATE": 9.5, "AID": 10, "RETREAT": 6.5, "RETREAT:withdraw": 8, "RETREAT:release": 6.5,
    "RETREAT:disarm": 10, "RETREAT:ceasefire": 7.5, "RETREAT:access": 6.5,
    "RETREAT:resign": 4.5, "REQUEST": 0, "ACCUSE": -3, "ACCUSE:disapprove": -2,
    "ACCUSE:investigate": -3.5, "ACCUSE:allege": -3.5, "REJECT": -2, "THREATEN": -3.5,
    "PROTEST": -5, "PROTEST:riot": -7, "PROTEST:hunger": -4.5, "PROTEST:boycott": -4.5,
    "PROTEST:obstruct": -4.5, "SANCTION": -6, "SANCTION:expel": -5.5, "MOBILIZE": -5.5,
    "MOBILIZE:troops": -6.5, "MOBILIZE:weapons": -6.5, "MOBILIZE:militia": -6, "COERCE": -7,
    "COERCE:censor": -6.5, "COERCE:curfew": -6.5, "COERCE:martial-law": -7.5,
    "COERCE:misinformation": -6.5, "ASSAULT": -9, "ASSAULT:abduct": -8.5, "ASSAULT:beat": -7.5,
    "ASSAULT:torture": -8.5, "ASSAULT:sexual": -8.5, "ASSAULT:targeted": -9.5,
    "ASSAULT:destroy": -8.5, "ASSAULT:primitive": -8, "ASSAULT:suicide-attack": -9.5,
    "ASSAULT:aerial": -9.5, "ASSAULT:drone": -9.5, "ASSAULT:heavy-weapons": -9.5,
    "ASSAULT:crowd-control": -7.5, "ASSAULT:unconventional": -10,
}


def write_plover(records: Iterable[ExportRecord], out: TextIO) -> ExportReport:
    report = ExportReport()
    for record in records:
        out.write(json.dumps(plover_record(record), ensure_ascii=False) + "\n")
        report.written += 1
    return report


def plover_record(record: ExportRecord) -> dict[str, Any]:
    """One event as a PLOVER JSON record."""
    event, article = record.event, record.article
    kind = event.plover_type
    folded = kind != event.type  # the fold already says it: no mode, no auxiliary context
    folded_mode = None if folded else event.mode
    when = (event.date and event.date.value) or article.date
    q = event.quantities
    return {
        "id": event.id,
        "date": when[:10] if when else None,
        "actor": [_entity(actor) for actor in event.source],
        "recipient": [_entity(actor) for actor in event.target],
        "event": [kind],
        "mode": [folded_mode] if folded_mode else [],
        "context": [] if folded or event.modality not in AUXILIARY
        else [AUXILIARY[event.modality]],
        "event_loc": _location(event.location),
        "event_text": [event.evidence.text],
        "quad_code": QUAD_CODES.get(kind),
        "event_scale": SCORES.get(f"{kind}:{folded_mode}", SCORES.get(kind)),
        "size": {"dead": q.killed, "injured": q.injured,
                 "arrested": q.persons if (event.type, event.mode) == ("COERCE", "arrest")
                 else None},
        "link": record.story_id,
        "text_info": {"start": event.evidence.start, "end": event.evidence.end},
        "cite_info": {"url": article.url, "title": article.title,
                      "publication": article.source, "language": "en",
                      "coder": f"detente {__version__}", "codebook": "plover-0.8"},
        "coder": f"detente {__version__}",
        "coded_date": article.ingested_at[:10] if article.ingested_at else None,
        "article_id": event.article_id,
        "detente_type": event.type,
        "detente_mode": event.mode,
        "modality": event.modality,
        "content": event.content,
        "claimed_by": event.claimed_by and {"text": event.claimed_by.text,
                                            "code": event.claimed_by.code,
                                            "sector": event.claimed_by.sector},
        "confidence": event.confidence,
    }


def _entity(actor: Actor) -> dict[str, Any]:
    entity: dict[str, Any] = {"code": actor.code, "sector": actor.sector,
                              "entity_text": actor.text, "identifier_text": actor.name}
    if actor.implied:
        entity["implied"] = True
    return entity


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    country = _country(place.country)
    return {
        "extracted_place": place.text, "resolved_place": place.name,
        "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon,
        "province": place.admin1, "country": country.name if country else None,
        "country_code": country.alpha_3 if country else place.country,
    }


def _country(code: str | None) -> Any:
    if not code:
        return None
    try:
        return pycountry.countries.lookup(code)
    except LookupError:
        return None
