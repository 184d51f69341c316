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
from detente.types import PLOVER_TYPES, profile

AUXILIARY = {"negated": "negation", "future": "future", "hypothetical": "hypothetical",
             "conditional": "hypothetical"}


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
        "quad_code": profile(kind).quad_class if kind in PLOVER_TYPES else None,
        "event_scale": profile(kind).goldstein_of(folded_mode) if kind in PLOVER_TYPES
        else None,
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
