"""Build the offline basemap: Natural Earth country outlines as one small GeoJSON file.

Run once when updating the vendored data (it is not needed at run time)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py package/ detente/serve/static/basemap/countries.geojson

Countries near the war (the ``DETAIL_BOX``) come from the 1:50m file, the rest of the world
from 1:110m; coordinates are rounded to two decimals (about a kilometre).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

DETAIL_BOX = (10.0, 40.0, 50.0, 60.0)  # west, south, east, north
DIGITS = 2
Ring = list[list[float]]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat points for every arc of a quantized, delta-encoded topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)])
        arcs.append(points)
    return arcs


def stitch(ring: list[int], arcs: list[Ring]) -> Ring:
    """One closed ring from arc indices (``~i`` means arc ``i`` reversed)."""
    points: Ring = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return _dedupe(points)


def _dedupe(points: Ring) -> Ring:
    kept = [points[0]] if points else []
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


def features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """GeoJSON features for the ``countries`` object of a world-atlas topology."""
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [[stitch(ring, arcs) for ring in polygon] for polygon in polygons]
        rings = [[r for r in polygon if len(r) >= 4] for polygon in rings]
        rings = [polygon for polygon in rings if polygon]
        if rings:
            found.append({
                "type": "Feature",
                "properties": {"name": geometry.get("properties", {}).get("name", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            })
    return found


def in_detail_box(feature: dict[str, Any]) -> bool:
    west, south, east, north = DETAIL_BOX
    points = [p for polygon in feature["geometry"]["coordinates"] for r in polygon for p in r]
    return any(west <= lon <= east and south <= lat <= north for lon, lat in points)


def build(package: Path) -> dict[str, Any]:
    coarse = features(json.loads((package / "countries-110m.json").read_text("utf-8")))
    fine = [f for f in features(json.loads((package / "countries-50m.json").read_text("utf-8")))
            if in_detail_box(f)]
    detailed = {f["properties"]["name"] for f in fine}
    kept = fine + [f for f in coarse if f["properties"]["name"] not in detailed]
    return {"type": "FeatureCollection", "features": kept}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="unpacked world-atlas npm package folder")
    parser.add_argument("output", type=Path, help="GeoJSON file to write")
    args = parser.parse_args()
    collection = build(args.package)
    args.output.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(collection['features'])} countries -> {args.output}")


if __name__ == "__main__":
    main()
