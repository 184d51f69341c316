"""The one export schema: the flat columns CSV, JSON Lines and Parquet share, in order.

Each column has a kind (its type in every format) and a description; the API's typed
responses (``detente.serve.schema``) are checked against this list, so the names an analyst
sees in a file and in the API's OpenAPI schema are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["string", "integer", "number", "boolean", "strings", "booleans"]
QUANTITY_FIELDS: tuple[str, ...] = ("killed", "injured", "persons")
ACTOR_FIELDS: tuple[str, ...] = ("text", "name", "code", "sector", "implied")
ROLES: tuple[str, ...] = ("source", "target")


@dataclass(frozen=True)
class Column:
    """One export column: its name, kind and meaning."""

    name: str
    kind: Kind
    description: str
    # where the value sits in the nested event JSON (``detente extract``, /api/events):
    # ("location", "lat"); empty for columns that only the export computes
    path: tuple[str, ...] = ()


def actor_column(role: str, field: str) -> str:
    """"source_codes", "target_names", ...; "source_implied" (a list of flags)."""
    return f"{role}_implied" if field == "implied" else f"{role}_{field}s"


def _actor_columns(role: str) -> list[Column]:
    said = {"source": "who acts", "target": "who is acted on"}[role]
    return [
        Column(actor_column(role, field), "booleans" if field == "implied" else "strings",
               f"{said}: each actor's {field}" + (" (true: not named, assumed by coders)"
                                                  if field == "implied" else ""),
               (role, field))
        for field in ACTOR_FIELDS
    ]


def _quantity_columns() -> list[Column]:
    columns = []
    for field in QUANTITY_FIELDS:
        columns += [
            Column(field, "integer", f"{field} as stated (null when vague or unstated)",
                   ("quantities", field)),
            Column(f"{field}_qualifier", "string",
                   f"hedge or vague amount said for {field} ('at least', 'several')",
                   ("quantities", "qualifiers", field)),
            Column(f"{field}_minimum", "integer",
                   f"the least a vague amount of {field} allows ('several' = 3)",
                   ("quantities", "minimums", field)),
        ]
    return columns


EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "string", "event id (content hash)", ("id",)),
    Column("article_id", "string", "id of the article the event comes from", ("article_id",)),
    Column("story_id", "string", "the linked story (one real event across reports), once "
           "`detente link` has run", ("story_id",)),
    Column("type", "string", "PLOVER event type, modality kept apart", ("type",)),
    Column("plover_type", "string", "the type a PLOVER coder would give (intent folded in: "
           "a failed agreement is REJECT)", ("plover_type",)),
    Column("mode", "string", "PLOVER mode", ("mode",)),
    Column("modality", "string", "asserted, negated, hypothetical, conditional or future",
           ("modality",)),
    Column("trigger", "string", "the word that signals the event", ("trigger",)),
    *_actor_columns("source"),
    *_actor_columns("target"),
    Column("location_text", "string", "the place as written", ("location", "text")),
    Column("location_name", "string", "gazetteer name of the place", ("location", "name")),
    Column("location_country", "string", "ISO country code of the place",
           ("location", "country")),
    Column("location_admin1", "string", "first-level division (oblast, province)",
           ("location", "admin1")),
    Column("location_lat", "number", "latitude (WGS 84)", ("location", "lat")),
    Column("location_lon", "number", "longitude (WGS 84)", ("location", "lon")),
    Column("location_geonameid", "integer", "GeoNames id", ("location", "geonameid")),
    Column("date_text", "string", "the date expression as written", ("date", "text")),
    Column("date_value", "string", "ISO date the expression resolves to", ("date", "value")),
    Column("date_precision", "string", "day, week, month or year", ("date", "precision")),
    *_quantity_columns(),
    Column("per_side", "boolean", "persons counts each side of an exchange",
           ("quantities", "per_side")),
    Column("claimed_by_text", "string", "who says so, as written", ("claimed_by", "text")),
    Column("claimed_by_code", "string", "claimant's country or IGO code",
           ("claimed_by", "code")),
    Column("claimed_by_sector", "string", "claimant's sector", ("claimed_by", "sector")),
    Column("content", "string", "what was agreed, demanded, promised or refused",
           ("content",)),
    Column("evidence_text", "string", "the exact text the event comes from",
           ("evidence", "text")),
    Column("evidence_start", "integer", "character offset of the evidence in the article",
           ("evidence", "start")),
    Column("evidence_end", "integer", "character offset just past the evidence",
           ("evidence", "end")),
    Column("confidence", "number", "extractor confidence, 0 to 1", ("confidence",)),
    Column("article_title", "string", "title of the article", ("article", "title")),
    Column("article_date", "string", "publication date of the article", ("article", "date")),
    Column("article_source", "string", "the outlet", ("article", "source")),
    Column("article_url", "string", "where the article was published", ("article", "url")),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in EXPORT_COLUMNS)
