"""Typed responses of ``GET /api/events``, described from the one export schema.

The API keeps the nested shape of ``detente extract`` (actors as objects, ``location`` with
its fields, ...) and adds what the exports carry: ``plover_type``, ``story_id`` and the
article's title, date, source and URL. Every field's description comes from the export
column at the same path (``detente.store.columns``), and ``tests/test_serve_schema.py``
checks that each export column has a typed field here, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from detente.store.columns import EXPORT_COLUMNS

_DESCRIPTIONS: dict[tuple[str, ...], str] = {c.path: c.description for c in EXPORT_COLUMNS}
_ACTOR_FIELD_DESCRIPTIONS = {
    field: description.split(": ", 1)[-1]
    for (role, field), description in ((c.path, c.description) for c in EXPORT_COLUMNS
                                       if len(c.path) == 2 and c.path[0] == "source")
}


def described(*path: str, default: Any = ...) -> Any:
    """A field whose description is the export column's at ``path``."""
    return Field(default, description=_DESCRIPTIONS[path])


def _actor_field(name: str, default: Any = ...) -> Any:
    return Field(default, description=_ACTOR_FIELD_DESCRIPTIONS[name])


class ActorOut(BaseModel):
    text: str = _actor_field("text")
    name: str | None = _actor_field("name")
    code: str | None = _actor_field("code")
    sector: str | None = _actor_field("sector")
    implied: bool = _actor_field("implied")


class PlaceOut(BaseModel):
    text: str = described("location", "text")
    name: str | None = described("location", "name")
    country: str | None = described("location", "country")
    admin1: str | None = described("location", "admin1")
    lat: float | None = described("location", "lat")
    lon: float | None = described("location", "lon")
    geonameid: int | None = described("location", "geonameid")


class DateOut(BaseModel):
    text: str = described("date", "text")
    value: str | None = described("date", "value")
    precision: str | None = described("date", "precision")


class QuantitiesOut(BaseModel):
    killed: int | None = described("quantities", "killed")
    injured: int | None = described("quantities", "injured")
    persons: int | None = described("quantities", "persons")
    per_side: bool = described("quantities", "per_side")
    qualifiers: dict[str, str] = Field(
        description="by field (killed, injured, persons): the hedge or vague amount said")
    minimums: dict[str, int] = Field(
        description="by field: the least a vague amount allows")


class ClaimOut(BaseModel):
    text: str = described("claimed_by", "text")
    code: str | None = described("claimed_by", "code")
    sector: str | None = described("claimed_by", "sector")


class EvidenceOut(BaseModel):
    text: str = described("evidence", "text")
    start: int = described("evidence", "start")
    end: int = described("evidence", "end")


class ArticleRefOut(BaseModel):
    id: str = Field(description="article id")
    title: str | None = described("article", "title")
    date: str | None = described("article", "date")
    source: str | None = described("article", "source")
    url: str | None = described("article", "url")


class EventOut(BaseModel):
    """One event as ``detente extract`` prints it, with its story, folded PLOVER type and
    article."""

    id: str = described("id")
    article_id: str = described("article_id")
    story_id: str | None = described("story_id")
    type: str = described("type")
    plover_type: str = described("plover_type")
    mode: str | None = described("mode")
    modality: str = described("modality")
    trigger: str = described("trigger")
    source: list[ActorOut] = Field(description="who acts")
    target: list[ActorOut] = Field(description="who is acted on")
    location: PlaceOut | None = Field(description="where, when the text says")
    date: DateOut | None = Field(description="when, when the text says")
    quantities: QuantitiesOut
    claimed_by: ClaimOut | None = Field(description="who says so")
    confidence: float = described("confidence")
    content: str | None = described("content")
    evidence: EvidenceOut
    mentions: list[EvidenceOut] = Field(
        description="every span of the article reporting this event when it is told more "
                    "than once; empty when it is mentioned once")
    background: bool = Field(
        description="dated more than a year before its article: background, hidden by default")
    article: ArticleRefOut


class EventPage(BaseModel):
    """A page of events."""

    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    count: int = Field(description="events on this page")
    next: str | None = Field(description="URL of the next page, or null on the last")
    items: list[EventOut]
