"""The map's points: one per located place, coloured by its most frequent event type. Each
has a ``level``: "place" (a town or site), "region" (a province's centre)
or "country" (no province either: a country's or broad area's centre, like "Ukraine" or
"Donbas"). The map draws regions and countries apart from places and fits its bounds to
the places, so a country's centre never looks like a town where something happened."""

from __future__ import annotations

from typing import Any

from detente.store import Store
from detente.store.board import FROM_EVENTS, event_where
from detente.store.queries import EVENT_DATE, EventFilter

MAX_PLACES = 2000
_BY_PLACE_AND_TYPE = """
SELECT e.location_name AS name, e.location_country AS country, e.location_admin1 AS admin1,
    e.location_lat AS lat, e.location_lon AS lon, e.location_geonameid AS geonameid,
    e.type AS type, count(*) AS events, min({date}) AS first, max({date}) AS last
{from_} {where}
GROUP BY name, country, admin1, lat, lon, geonameid, type
"""


def map_points(store: Store, flt: EventFilter, limit: int = MAX_PLACES) -> list[dict[str, Any]]:
    """Located places of the matching events (the most events first, at most ``limit``):
    name, admin1, country, lat, lon, events, first, last, types {type: count}, the main
    type, and the level (place, region or country)."""
    where, params = event_where(flt, "e.location_lat IS NOT NULL",
                                "e.location_lon IS NOT NULL")
    sql = _BY_PLACE_AND_TYPE.format(date=EVENT_DATE, from_=FROM_EVENTS, where=where)
    places: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in store.conn.execute(sql, params):
        key = (row["name"], row["country"], row["admin1"], row["lat"], row["lon"])
        place = places.setdefault(key, {
            "name": row["name"], "country": row["country"], "admin1": row["admin1"],
            "lat": row["lat"], "lon": row["lon"], "events": 0, "types": {},
            "first": row["first"], "last": row["last"],
            "level": level(row["name"], row["admin1"], row["geonameid"])})
        place["events"] += row["events"]
        place["types"][row["type"]] = row["events"]
        place["first"] = min(place["first"] or "", row["first"] or "") or None
        place["last"] = max(place["last"] or "", row["last"] or "") or None
    for place in places.values():
        place["type"] = max(sorted(place["types"]), key=place["types"].__getitem__)
    return sorted(places.values(), key=lambda p: (-p["events"], p["name"] or ""))[:limit]


def level(name: str | None, admin1: str | None, geonameid: int | None) -> str:
    """place: a gazetteer entry or a hand-added village; region: a province itself;
    country: neither (a country or a broad area such as Donbas)."""
    if geonameid is not None or (admin1 and name != admin1):
        return "place"
    return "country" if admin1 is None else "region"
