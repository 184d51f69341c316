"""GeoJSON export: located events, then their linked stories, as Point features.

Opens in QGIS, Leaflet or geopandas. Every event feature carries the flat export columns as
properties (``kind`` = "event"); a story feature (``kind`` = "story") carries the story's
summary and sits where most of its located mentions are. The collection is streamed, so an
export of any size needs memory for the story ids only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TextIO

from detente.store.db import Store
from detente.store.export import ExportRecord, ExportReport, flat_row

_STORY_CHUNK = 500
_STORY_FIELDS: tuple[str, ...] = (
    "type", "mode", "modality", "first_date", "last_date", "place_name", "admin1", "country",
    "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high",
    "persons_best", "persons_low", "persons_high", "mention_count", "article_count",
)
_STORY_ROWS = """
SELECT s.*, (
    SELECT json_array(e.location_lon, e.location_lat) FROM story_mentions m
    JOIN events e ON e.id = m.event_id
    WHERE m.story_id = s.id AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL
    GROUP BY e.location_lat, e.location_lon ORDER BY count(*) DESC, min(e.id) LIMIT 1
) AS point
FROM stories s WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.first_date, s.id
"""


def write_geojson(store: Store, records: Iterable[ExportRecord], out: TextIO) -> ExportReport:
    """Write one FeatureCollection: the located events, then the stories they belong to."""
    report = ExportReport()
    stories: set[str] = set()
    out.write('{"type": "FeatureCollection", "features": [\n')
    first = True
    for record in records:
        if record.story_id:
            stories.add(record.story_id)
        feature = event_feature(record)
        if feature is None:
            report.skipped += 1
            continue
        out.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
        first = False
        report.written += 1
    for feature in story_features(store, sorted(stories)):
        out.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
        first = False
        report.stories += 1
    out.write("\n]}\n")
    return report


def event_feature(record: ExportRecord) -> dict[str, Any] | None:
    """A Point feature for a located event; None when the event has no coordinates."""
    place = record.event.location
    if place is None or place.lat is None or place.lon is None:
        return None
    return _point(place.lon, place.lat, {"kind": "event", **flat_row(record)})


def story_features(store: Store, story_ids: list[str]) -> Iterator[dict[str, Any]]:
    """A Point feature per story that has a located mention, read a chunk at a time."""
    ids = iter(story_ids)
    while chunk := list(islice(ids, _STORY_CHUNK)):
        for row in store.conn.execute(_STORY_ROWS, (json.dumps(chunk),)):
            if row["point"] is None:
                continue
            lon, lat = json.loads(row["point"])
            properties: dict[str, Any] = {"kind": "story", "story_id": row["id"]}
            properties |= {name: row[name] for name in _STORY_FIELDS}
            properties["actor_codes"] = json.loads(row["actor_codes"])
            properties["per_side"] = bool(row["per_side"])
            yield _point(lon, lat, properties)


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}
