"""Query parameters, validated once for the API and the dashboard alike.

A bad value (unknown type, impossible date, negative limit) fails validation here, and the
app turns that into a 400 answer that names the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from detente.model import MODALITIES, PLOVER_TYPES
from detente.store.queries import EventFilter

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000  # beyond this SQLite would overflow long before any store is that big
COMMITMENT_STATUSES: tuple[str, ...] = ("open", "partly kept", "kept", "broken", "overdue")


def optional(description: str, **constraints: Any) -> Any:
    """An optional query parameter (None when absent)."""
    return Field(default=None, description=description, **constraints)


class PageQuery(BaseModel):
    """A page of results: at most ``limit`` (up to 500) items after skipping ``offset``."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=0, le=MAX_LIMIT,
                       description="items per page (max 500)")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, description="items to skip")

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        """An empty form field means "no filter", not an invalid value."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class EventQuery(PageQuery):
    """Which events: every field is optional and the set ones must all match."""

    type: str | None = optional(description="PLOVER type, e.g. AGREE (any case)")
    mode: str | None = optional(description="PLOVER mode, e.g. release")
    modality: str | None = optional(description="asserted, negated, hypothetical, ...")
    actor: str | None = optional(description="actor code (UKR, IGO:UN) or part of a name")
    country: str | None = optional(description="country code or name (actor or location)")
    place: str | None = optional(description="part of a place name or region")
    since: date | None = optional(description="from this date, YYYY-MM-DD (inclusive)")
    until: date | None = optional(description="up to this date, YYYY-MM-DD (inclusive)")
    q: str | None = optional(max_length=500, description="words that must appear in the article")
    article: str | None = optional(description="only events of this article id")

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        return _one_of(value.strip().upper(), PLOVER_TYPES, "type") if value else None

    @field_validator("modality")
    @classmethod
    def _known_modality(cls, value: str | None) -> str | None:
        return _one_of(value.strip().lower(), MODALITIES, "modality") if value else None

    @model_validator(mode="after")
    def _ordered_dates(self) -> EventQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def to_filter(self) -> EventFilter:
        return EventFilter(
            type=self.type, mode=self.mode, modality=self.modality, actor=self.actor,
            country=self.country, place=self.place, date_from=self.since, date_to=self.until,
            article_id=self.article, text=self.q, limit=self.limit, offset=self.offset,
        )

    def filters(self) -> dict[str, str]:
        """The set filters (no paging) as query-string values, for links and forms."""
        fields = self.model_dump(exclude={"limit", "offset"}, exclude_none=True)
        return {key: str(value) for key, value in fields.items()}


class SearchQuery(PageQuery):
    """A page of a list with an optional name search."""

    q: str | None = optional(max_length=500, description="part of a name or title")


class ActorQuery(SearchQuery):
    role: Literal["source", "target"] | None = optional(description="source or target")


class CommitmentQuery(PageQuery):
    status: str | None = optional(description="open, partly kept, kept, broken or overdue")

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str | None) -> str | None:
        return _one_of(value.strip().lower(), COMMITMENT_STATUSES, "status") if value else None


class TimelineQuery(EventQuery):
    bucket: Literal["day", "week", "month", "auto"] = Field(default="auto",
                                                           description="period size")


def _one_of(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(allowed)}")
    return value
