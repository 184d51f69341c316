"""Export in CSV, JSON Lines and Parquet: one flat schema, read back with csv, json, pyarrow."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.errors import StoreError
from detente.link.api import link_store
from detente.model import Actor, Extraction, Place
from detente.store import EventFilter, Store, export_events
from detente.store.columns import COLUMN_NAMES, EXPORT_COLUMNS


@pytest.fixture
def filled(store: Store, talks_extraction: Extraction) -> Store:
    store.add_extraction(talks_extraction)
    return store


def _export(store: Store, tmp_path: Path, fmt: str, flt: EventFilter | None = None) -> Path:
    path = tmp_path / f"events.{fmt}"
    export_events(store, flt or EventFilter(), path, fmt)
    return path


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as exported:
        return list(csv.DictReader(exported))


def test_store_export_three_formats_share_one_column_list(filled: Store, tmp_path: Path) -> None:
    with _export(filled, tmp_path, "csv").open(newline="", encoding="utf-8") as exported:
        header = next(csv.reader(exported))
    jsonl = [json.loads(line) for line in _export(filled, tmp_path, "jsonl").read_text()
             .splitlines()]
    parquet = pq.read_schema(_export(filled, tmp_path, "parquet"))
    assert header == list(COLUMN_NAMES) == parquet.names
    assert all(list(record) == header for record in jsonl)
    for name in ("content", "plover_type", "story_id", "article_title", "article_date",
                 "article_source", "article_url"):
        assert name in header


def test_store_export_csv_values(filled: Store, tmp_path: Path) -> None:
    [row] = _csv_rows(_export(filled, tmp_path, "csv", EventFilter(type="AGREE")))
    assert (row["source_codes"], row["source_names"], row["target_codes"]) == (
        "UKR;RUS", "Ukraine;Russia", "")
    assert (row["persons"], row["persons_qualifier"], row["per_side"]) == (
        "200", "at least", "true")
    assert (row["location_name"], row["location_lat"]) == ("Geneva", "46.2022")
    assert (row["article_title"], row["article_date"], row["article_source"]) == (
        "Talks in Geneva", "2025-05-13", "Wire")
    assert row["article_url"] == "https://example.org/talks"
    assert (row["plover_type"], row["story_id"], row["killed"]) == ("AGREE", "", "")


def test_store_export_jsonl_values_are_native(filled: Store, tmp_path: Path) -> None:
    path = _export(filled, tmp_path, "jsonl", EventFilter(type="ASSAULT"))
    [record] = [json.loads(line) for line in path.read_text().splitlines()]
    assert record["source_codes"] == ["RUS"] and record["source_implied"] == [False]
    assert record["target_names"] == [None]
    assert (record["killed"], record["killed_qualifier"], record["per_side"]) == (3, None, False)
    assert record["location_lon"] == 36.25 and record["article_title"] == "Talks in Geneva"


def test_store_export_parquet_types_follow_the_columns(filled: Store, tmp_path: Path) -> None:
    table = pq.read_table(_export(filled, tmp_path, "parquet"))
    kinds = {column.name: column.kind for column in EXPORT_COLUMNS}
    assert table.schema.field("killed").type == pa.int64() and kinds["killed"] == "integer"
    assert table.schema.field("source_codes").type == pa.list_(pa.string())
    agree = next(r for r in table.to_pylist() if r["type"] == "AGREE")
    assert agree["source_codes"] == ["UKR", "RUS"]
    assert (agree["persons"], agree["persons_qualifier"], agree["per_side"]) == (
        200, "at least", True)
    assert agree["article_date"] == "2025-05-13"


def test_store_export_vague_amounts_are_flat(
    store: Store, make_extraction: Callable[..., Extraction], tmp_path: Path
) -> None:
    extraction = make_extraction("Rebels detained several aid workers.", type="COERCE",
                                 mode="arrest", content="aid workers")
    extraction.events[0].quantities.qualifiers["persons"] = "several"
    extraction.events[0].quantities.minimums["persons"] = 3
    store.add_extraction(extraction)
    [row] = _csv_rows(_export(store, tmp_path, "csv"))
    assert (row["persons"], row["persons_qualifier"], row["persons_minimum"]) == (
        "", "several", "3")
    assert row["content"] == "aid workers"


def test_store_export_carries_the_story_once_linked(
    store: Store, make_extraction: Callable[..., Extraction], tmp_path: Path
) -> None:
    kharkiv = Place("Kharkiv", "Kharkiv", "UA", "Kharkivska oblast", 49.98, 36.25, 706483)
    for text in ("Russian drones struck Kharkiv overnight.",
                 "Drones launched by Russia hit Kharkiv overnight."):
        store.add_extraction(make_extraction(
            text, published=date(2025, 3, 3), type="ASSAULT", mode="drone",
            source=[Actor("Russia", "Russia", "RUS", "MIL")], location=kharkiv))
    link_store(store)
    rows = _csv_rows(_export(store, tmp_path, "csv"))
    stories = {row["story_id"] for row in rows}
    assert len(rows) == 2 and len(stories) == 1 and stories != {""}
    parquet = pq.read_table(_export(store, tmp_path, "parquet")).column("story_id").to_pylist()
    assert set(parquet) == stories


def test_store_export_to_stdout(filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export_events(filled, EventFilter(type="ASSAULT"), "-", "jsonl").written == 1
    assert json.loads(capsys.readouterr().out)["type"] == "ASSAULT"
    assert export_events(filled, EventFilter(), None, "csv").written == 2
    assert capsys.readouterr().out.startswith("id,article_id,story_id,type")


def test_store_export_empty_parquet_keeps_the_schema(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert export_events(filled, EventFilter(type="RETREAT"), path, "parquet").written == 0
    assert pq.read_schema(path).names == list(COLUMN_NAMES)


def test_store_export_rejects_bad_format_and_parquet_stdout(filled: Store) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export_events(filled, EventFilter(), "-", "xml")
    with pytest.raises(StoreError, match="needs a file path"):
        export_events(filled, EventFilter(), None, "parquet")
