"""Query parameters, validated once for the API and the dashboard alike.

A bad value (unknown type, impossible date, negative limit) fails validation here, and the
app turns that into a 400 answer that names the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from detente.link.process_rules import ITEM_KINDS
from detente.link.promises import KIND_NAMES
from detente.link.status import STATUSES
from detente.model import MODALITIES
from detente.store.queries import EVENT_SORTS, EventFilter, is_code
from detente.store.stories import DEFAULT_STORY_SORT, STORY_SORTS
from detente.types import PLOVER_TYPES
from detente.vocabulary import check_actor_code

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000  # beyond this SQLite would overflow long before any store is that big


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


class SortedQuery(PageQuery):
    """A page of a list in the order ``sort`` names: a column, or -column for descending."""

    SORTS: ClassVar[tuple[str, ...]] = ()
    DEFAULT_SORT: ClassVar[str] = ""
    sort: str | None = optional(description="column to sort by, -column for descending")

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str | None) -> str | None:
        if not value:
            return None
        name = value.strip().lstrip("-").lower()
        if name not in cls.SORTS:
            raise ValueError(f"unknown sort column {name!r}; expected one of "
                             f"{', '.join(cls.SORTS)} (prefix - for descending)")
        return ("-" if value.strip().startswith("-") else "") + name

    def order(self) -> str:
        return self.sort or self.DEFAULT_SORT


class EventQuery(SortedQuery):
    """Which events: every field is optional and the set ones must all match."""

    SORTS: ClassVar[tuple[str, ...]] = tuple(EVENT_SORTS)
    DEFAULT_SORT: ClassVar[str] = "-date"
    type: str | None = optional(description="PLOVER type, e.g. AGREE (any case)")
    mode: str | None = optional(description="PLOVER mode, e.g. release")
    modality: str | None = optional(description="asserted, negated, hypothetical, ...")
    actor: str | None = optional(description="a code (RUS, IGO:UN; IGO or NGO for all of a "
                                             "kind): every actor resolved to it, leaders "
                                             "included; anything else: part of an actor's "
                                             "name (a person's events only)")
    country: str | None = optional(description="country code or name (actor or location)")
    place: str | None = optional(description="part of a place name or region")
    since: date | None = optional(description="from this date, YYYY-MM-DD (inclusive)")
    until: date | None = optional(description="up to this date, YYYY-MM-DD (inclusive)")
    q: str | None = optional(max_length=500, description="words that must all appear (search)")
    scope: Literal["events", "article"] = Field(
        default="events", description="q searches the events' evidence and content, or their "
                                      "whole articles")
    background: bool = Field(default=False, description="also list events dated more than a "
                                                        "year before their article")
    article: str | None = optional(description="only events of this article id")

    @field_validator("actor")
    @classmethod
    def _known_code(cls, value: str | None) -> str | None:
        if value and is_code(value):
            check_actor_code(value.strip())
        return value.strip() if value else None

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
            article_id=self.article, text=self.q, scope=self.scope,
            hide_background=not self.background, sort=self.order(), limit=self.limit,
            offset=self.offset,
        )

    def filters(self) -> dict[str, str]:
        """The set filters (no paging, no defaults) as query-string values, for links."""
        fields = self.model_dump(exclude={"limit", "offset"}, exclude_none=True,
                                 exclude_defaults=True)
        return {key: "1" if value is True else str(value) for key, value in fields.items()}


class StoryQuery(EventQuery):
    """Which stories: type, mode and modality are the story's own; the other filters keep
    a story when one of its mentions passes them. Newest first by default."""

    SORTS: ClassVar[tuple[str, ...]] = tuple(STORY_SORTS)
    DEFAULT_SORT: ClassVar[str] = DEFAULT_STORY_SORT


class ProcessQuery(BaseModel):
    """The peace process between two parties (codes), optionally between two dates."""

    a: str = Field(default="RUS", description="one party's code (default RUS)")
    b: str = Field(default="UKR", description="the other party's code (default UKR)")
    since: date | None = optional(description="from this date, YYYY-MM-DD (inclusive)")
    until: date | None = optional(description="up to this date, YYYY-MM-DD (inclusive)")
    as_of: date | None = optional(description="judge commitments as of this date")
    kind: list[str] | None = optional(description="only these kinds of item (repeatable): "
                                                  + ", ".join(ITEM_KINDS))

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("a", "b")
    @classmethod
    def _known_party(cls, value: str) -> str:
        code = value.strip().upper()
        check_actor_code(code)
        return code

    @field_validator("kind")
    @classmethod
    def _known_kinds(cls, value: list[str] | None) -> list[str] | None:
        return [_one_of(k.strip().lower(), ITEM_KINDS, "kind") for k in value] if value else None

    @model_validator(mode="after")
    def _two_parties(self) -> ProcessQuery:
        if self.a == self.b:
            raise ValueError(f"the two parties must differ (both {self.a})")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def kinds(self) -> tuple[str, ...]:
        return tuple(self.kind or ITEM_KINDS)

    def filters(self) -> dict[str, str]:
        fields = self.model_dump(exclude={"kind"}, exclude_none=True)
        return {key: str(value) for key, value in fields.items()}


class PlaceQuery(EventQuery):
    """Which events' places, sorted as places are (newest events first by default)."""

    SORTS: ClassVar[tuple[str, ...]] = ("last", "first", "events", "name", "country", "admin1")
    DEFAULT_SORT: ClassVar[str] = "-last"

    def to_filter(self) -> EventFilter:
        return EventFilter(**{**vars(super().to_filter()), "sort": None})


class TollsQuery(EventQuery):
    """Which events' tolls, and the order of the cumulative figures listed beside them."""

    SORTS: ClassVar[tuple[str, ...]] = ("date", "kind", "value", "subject", "claimed_by")
    DEFAULT_SORT: ClassVar[str] = "-date"

    def to_filter(self) -> EventFilter:
        return EventFilter(**{**vars(super().to_filter()), "sort": None})


class SearchQuery(SortedQuery):
    """A page of a list with an optional name search."""

    q: str | None = optional(max_length=500, description="part of a name or title")


class ArticleQuery(SearchQuery):
    SORTS: ClassVar[tuple[str, ...]] = ("date", "title", "source", "events", "id")
    DEFAULT_SORT: ClassVar[str] = "-date"


class StatisticQuery(SearchQuery):
    SORTS: ClassVar[tuple[str, ...]] = ("date", "kind", "value", "subject", "claimed_by")
    DEFAULT_SORT: ClassVar[str] = "-date"


class ActorQuery(SearchQuery):
    SORTS: ClassVar[tuple[str, ...]] = ("last", "first", "events", "name", "code", "sector",
                                        "as_source", "as_target")
    DEFAULT_SORT: ClassVar[str] = "-last"
    role: Literal["source", "target"] | None = optional(description="source or target")


class AsOfQuery(BaseModel):
    """The day commitments are judged on (default: the newest article's date), and which
    commitments to show: of a kind, binding a party, or whose promise has some words."""

    as_of: date | None = optional(description="judge statuses as of this day (YYYY-MM-DD; "
                                              "default: the newest article's date)")
    kind: str | None = optional(description="bodies, swap, shipping, proposals, aid, talks, "
                                            "ceasefire or other")
    party: str | None = optional(description="a party's code, e.g. RUS or IGO:UN")
    q: str | None = optional(description="words that the promise (its what) contains")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        return _one_of(value.strip().lower(), KIND_NAMES, "kind") if value else None

    @field_validator("party")
    @classmethod
    def _party_code(cls, value: str | None) -> str | None:
        return value.strip().upper() if value else None

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class CommitmentQuery(SortedQuery, AsOfQuery):
    SORTS: ClassVar[tuple[str, ...]] = ("made_on", "status", "deadline", "quantity", "what",
                                        "fulfilled")
    DEFAULT_SORT: ClassVar[str] = "-made_on"
    status: str | None = optional(description="open, partly kept, kept, broken or overdue")

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str | None) -> str | None:
        return _one_of(value.strip().lower(), STATUSES, "status") if value else None


class TimelineQuery(EventQuery):
    bucket: Literal["day", "week", "month", "auto"] = Field(default="auto",
                                                           description="period size")


def _one_of(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(allowed)}")
    return value
