"""Export in CSV, JSON Lines and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from detente.errors import StoreError
from detente.model import Extraction
from detente.store import EventFilter, Store, export_events


@pytest.fixture
def filled(store: Store, talks_extraction: Extraction) -> Store:
    store.add_extraction(talks_extraction)
    return store


def test_store_export_jsonl_is_the_public_contract(
    filled: Store, talks_extraction: Extraction, tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    assert export_events(filled, EventFilter(), path, "jsonl") == 2
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    expected = sorted(talks_extraction.events, key=lambda e: (e.date is None, e.id))
    assert lines == [event.to_dict() for event in expected]


def test_store_export_csv_flattens_actors(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export_events(filled, EventFilter(type="AGREE"), path, "csv") == 1
    with path.open(newline="", encoding="utf-8") as exported:
        [row] = list(csv.DictReader(exported))
    assert row["source_codes"] == "UKR;RUS"
    assert row["source_names"] == "Ukraine;Russia"
    assert row["target_codes"] == ""
    assert (row["persons"], row["per_side"], row["location_name"]) == ("200", "True", "Geneva")
    assert json.loads(row["qualifiers"]) == {"persons": "at least"}


def test_store_export_to_stdout(filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export_events(filled, EventFilter(type="ASSAULT"), "-", "jsonl") == 1
    assert json.loads(capsys.readouterr().out)["type"] == "ASSAULT"
    assert export_events(filled, EventFilter(), None, "csv") == 2
    assert capsys.readouterr().out.startswith("id,article_id,type")


def test_store_export_parquet_reads_back(
    filled: Store, talks_extraction: Extraction, tmp_path: Path
) -> None:
    path = tmp_path / "events.parquet"
    assert export_events(filled, EventFilter(), path, "parquet") == 2
    table = pq.read_table(path)
    assert table.num_rows == 2
    agree = next(r for r in table.to_pylist() if r["type"] == "AGREE")
    assert [actor["code"] for actor in agree["source"]] == ["UKR", "RUS"]
    assert agree["qualifiers"] == [("persons", "at least")]
    assert (agree["per_side"], agree["location_lat"]) == (True, 46.2022)


def test_store_export_empty_parquet_keeps_the_schema(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert export_events(filled, EventFilter(type="RETREAT"), path, "parquet") == 0
    schema = pq.read_schema(path)
    assert schema.field("source").type.value_type.names == ["text", "name", "code", "sector"]


def test_store_export_rejects_bad_format_and_parquet_stdout(filled: Store) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export_events(filled, EventFilter(), "-", "xml")
    with pytest.raises(StoreError, match="needs a file path"):
        export_events(filled, EventFilter(), None, "parquet")
