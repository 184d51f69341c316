"""GeoJSON, ACLED-style CSV and PLOVER JSON exports, read back as a user would."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from detente.cli import main
from detente.link.api import link_store
from detente.model import Actor, EventDate, Extraction, Place, Quantities
from detente.store import EventFilter, Store, export_events
from detente.store.acled import ACLED_COLUMNS

KHARKIV = Place("Kharkiv", "Kharkiv", "UA", "Kharkivska oblast", 49.98, 36.25, 706483)
BUILD = Callable[..., Extraction]


@pytest.fixture
def filled(store: Store, talks_extraction: Extraction, make_extraction: BUILD) -> Store:
    store.add_extraction(talks_extraction)
    store.add_extraction(make_extraction(
        "Ukraine and Russia did not agree on a ceasefire.", published=date(2025, 5, 14),
        type="AGREE", modality="negated",
        source=[Actor("Ukraine", "Ukraine", "UKR", "GOV"),
                Actor("Russia", "Russia", "RUS", "GOV")]))
    store.add_extraction(make_extraction(
        "Envoys held talks by phone on Thursday.", published=date(2025, 5, 15), type="CONSULT",
        mode="phone", source=[Actor("Envoys", None, None, "GOV")]))
    store.add_extraction(make_extraction(
        "Russian troops shelled a market in Kharkiv on Monday, killing several civilians.",
        published=date(2025, 5, 14), type="ASSAULT", mode="heavy-weapons",
        source=[Actor("Russian troops", "Russia", "RUS", "MIL")],
        target=[Actor("civilians", None, "UKR", "CVL")], location=KHARKIV,
        date=EventDate("on Monday", "2025-05-12", "day"),
        quantities=Quantities(qualifiers={"killed": "several"}, minimums={"killed": 3})))
    return store


def _export(store: Store, tmp_path: Path, fmt: str, flt: EventFilter | None = None) -> Path:
    path = tmp_path / f"events.{fmt}"
    export_events(store, flt or EventFilter(), path, fmt)
    return path


def _features(path: Path) -> list[dict[str, Any]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_store_export_geojson_points_are_lon_lat(filled: Store, tmp_path: Path) -> None:
    features = _features(_export(filled, tmp_path, "geojson"))
    assert {f["properties"]["kind"] for f in features} == {"event"}
    by_type = {(f["properties"]["type"], f["properties"]["mode"]): f for f in features}
    assert set(by_type) == {("AGREE", "exchange"), ("ASSAULT", "aerial"),
                            ("ASSAULT", "heavy-weapons")}
    geneva = by_type["AGREE", "exchange"]
    assert geneva["geometry"] == {"type": "Point", "coordinates": [6.14569, 46.2022]}
    assert geneva["properties"]["source_codes"] == ["UKR", "RUS"]
    assert geneva["properties"]["article_title"] == "Talks in Geneva"


def test_store_export_geojson_filters_and_counts_unlocated(filled: Store, tmp_path: Path) -> None:
    report = export_events(filled, EventFilter(), tmp_path / "all.geojson", "geojson")
    assert (report.written, report.skipped) == (3, 2)
    path = _export(filled, tmp_path, "geojson", EventFilter(type="ASSAULT", place="Kharkiv"))
    assert len(_features(path)) == 2


def test_store_export_geojson_adds_linked_stories(
    store: Store, make_extraction: BUILD, tmp_path: Path
) -> None:
    for text in ("Russian drones struck Kharkiv overnight, killing two.",
                 "Drones launched by Russia hit Kharkiv overnight, killing four."):
        store.add_extraction(make_extraction(
            text, published=date(2025, 3, 3), type="ASSAULT", mode="drone",
            source=[Actor("Russia", "Russia", "RUS", "MIL")], location=KHARKIV,
            quantities=Quantities(killed=2 if "two" in text else 4)))
    link_store(store)
    report = export_events(store, EventFilter(), tmp_path / "linked.geojson", "geojson")
    features = _features(tmp_path / "linked.geojson")
    [story] = [f for f in features if f["properties"]["kind"] == "story"]
    events = [f for f in features if f["properties"]["kind"] == "event"]
    assert (report.written, report.stories) == (2, 1)
    assert {e["properties"]["story_id"] for e in events} == {story["properties"]["story_id"]}
    assert story["geometry"]["coordinates"] == [36.25, 49.98]
    assert story["properties"]["mention_count"] == 2
    assert (story["properties"]["killed_low"], story["properties"]["killed_high"]) == (2, 4)
    assert story["properties"]["actor_codes"] == ["RUS"]


def test_store_export_acled_maps_types_and_conventions(filled: Store, tmp_path: Path) -> None:
    path = _export(filled, tmp_path, "acled")
    with path.open(newline="", encoding="utf-8") as exported:
        reader = csv.DictReader(exported)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    by_sub = {row["sub_event_type"]: row for row in rows}
    assert set(by_sub) == {"Agreement", "Air/drone strike", "Shelling/artillery/missile attack"}
    strike = by_sub["Air/drone strike"]
    assert (strike["event_type"], strike["disorder_type"]) == (
        "Explosions/Remote violence", "Political violence")
    assert (strike["actor1"], strike["inter1"], strike["fatalities"]) == (
        "Military Forces of Russia", "8", "3")
    assert (strike["event_date"], strike["time_precision"], strike["year"]) == (
        "2025-05-13", "2", "2025")
    assert (strike["country"], strike["iso"], strike["admin1"], strike["location"]) == (
        "Ukraine", "804", "Kharkivska oblast", "Kharkiv")
    assert (strike["latitude"], strike["longitude"], strike["geo_precision"]) == (
        "49.98", "36.25", "1")
    assert strike["notes"] == "Russian drones struck Kharkiv, killing three people"
    assert strike["source"] == "Wire" and strike["event_id_cnty"].startswith("UKR-e")
    shelling = by_sub["Shelling/artillery/missile attack"]
    assert (shelling["event_date"], shelling["time_precision"]) == ("2025-05-12", "1")
    assert (shelling["actor2"], shelling["inter2"], shelling["interaction"]) == (
        "Civilians (Ukraine)", "7", "78")
    assert shelling["fatalities"] == "3" and "fatalities several" in shelling["tags"]
    agreement = by_sub["Agreement"]
    assert (agreement["disorder_type"], agreement["actor1"], agreement["assoc_actor_1"]) == (
        "Strategic developments", "Government of Ukraine", "Russia")
    assert agreement["country"] == "Switzerland" and agreement["fatalities"] == "0"


def test_store_export_acled_leaves_out_what_acled_does_not_code(
    filled: Store, tmp_path: Path
) -> None:
    report = export_events(filled, EventFilter(), tmp_path / "a.csv", "acled")
    assert (report.written, report.skipped) == (3, 2)  # the denied truce, the phone call
    negated = export_events(filled, EventFilter(modality="negated"), tmp_path / "n.csv", "acled")
    assert (negated.written, negated.skipped) == (0, 1)


@pytest.mark.parametrize(("sector", "code", "sub_event"), [
    ("REB", None, "Non-state actor overtakes territory"),
    ("MIL", "UKR", "Government regains territory"),
    ("MIL", "RUS", "Armed clash"),
])
def test_store_export_acled_codes_a_seizure_as_territory_taken(
    make_extraction: BUILD, sector: str, code: str | None, sub_event: str
) -> None:
    """docs/exports.md: COERCE:seize is a battle over territory, named by who took it (this
    row was unreachable before the type table: COERCE's catch-all mapping came first)."""
    from detente.store.acled import acled_types

    extraction = make_extraction(
        "Forces captured the town of Kupiansk on Friday.", published=date(2025, 5, 16),
        type="COERCE", mode="seize", source=[Actor("Forces", None, code, sector)],
        location=KHARKIV)
    assert acled_types(extraction.events[0]) == ("Battles", sub_event)


def test_store_export_plover_records(filled: Store, tmp_path: Path) -> None:
    path = _export(filled, tmp_path, "plover")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_text = {record["event_text"][0]: record for record in records}
    strike = by_text["Russian drones struck Kharkiv, killing three people"]
    assert (strike["event"], strike["mode"], strike["quad_code"]) == (["ASSAULT"], ["aerial"], 4)
    assert strike["event_scale"] == -9.5 and strike["size"]["dead"] == 3
    assert strike["actor"] == [{"code": "RUS", "sector": "MIL", "entity_text": "Russian drones",
                                "identifier_text": "Russia"}]
    assert strike["event_loc"]["country_code"] == "UKR"
    assert strike["event_loc"]["province"] == "Kharkivska oblast"
    assert strike["date"] == "2025-05-13" and strike["context"] == []
    assert strike["cite_info"]["title"] == "Talks in Geneva"
    denied = by_text["Ukraine and Russia did not agree on a ceasefire."]
    assert (denied["event"], denied["detente_type"], denied["modality"]) == (
        ["REJECT"], "AGREE", "negated")
    assert denied["context"] == [] and denied["quad_code"] == 3
    call = by_text["Envoys held talks by phone on Thursday."]
    assert (call["event"], call["mode"], call["recipient"]) == (["CONSULT"], ["phone"], [])
    assert call["event_loc"] is None and call["link"] is None


@pytest.mark.parametrize("fmt", ["geojson", "acled", "plover"])
def test_store_export_cli_formats(filled: Store, tmp_path: Path, fmt: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"cli.{fmt}"
    argv = ["export", "--db", str(filled.path), "--format", fmt, "-o", str(out),
            "--since", "2025-05-13"]
    assert main(argv) == 0
    assert out.stat().st_size > 0
    assert "events -> " in capsys.readouterr().err
