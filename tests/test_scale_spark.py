"""Spark extracts what a local ingest extracts: same store, event for event, field for field.

The corpus is a few hundred articles made by combining the project's own fixture and sample
articles (no ../shared data).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.ingest import iter_articles
from detente.model import Article, Extraction
from detente.pipeline import ingest_paths
from detente.scale.spark import event_from_record, spark_session, statistic_from_record
from detente.store.snapshot import snapshot_differences, store_snapshot

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "tests" / "fixtures", ROOT / "samples"]
ARTICLES = 240


def combined_records(count: int) -> list[dict[str, Any]]:
    """``count`` distinct articles: each fixture or sample article's paragraphs, followed by
    a few paragraphs of another, rotated so no two texts are the same."""
    texts = [item.text for item in iter_articles([str(p) for p in SOURCES])
             if isinstance(item, Article) and len(item.text.split()) > 40]
    paragraphs = [[p for p in text.split("\n") if p.strip()] for text in texts]
    records = []
    for i in range(count):
        shift = i // len(texts)  # each round pairs every article with a different other one
        own, other = paragraphs[i % len(texts)], paragraphs[(i + 1 + shift) % len(texts)]
        body = own[shift % len(own):] + own[: shift % len(own)] + other[: 1 + i % 3]
        records.append({"title": f"Combined report {i}", "text": "\n\n".join(body),
                        "date": f"2025-0{1 + i % 9}-{10 + i % 18}", "source": "fixtures",
                        "desk": ["world", "europe"][i % 2]})
    return records


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="the 'spark' extra (PySpark) is not installed")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs Java 17+)")
    with spark_session("local[2]") as session:
        yield session


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    records = combined_records(ARTICLES)
    assert len({r["text"] for r in records}) == ARTICLES
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "combined.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_scale_spark_store_is_the_local_store(spark: Any, corpus: Path, tmp_path: Path) -> None:
    from detente.scale.spark import ingest_spark

    inputs = [str(corpus / "combined.jsonl"), str(ROOT / "samples")]
    local = ingest_paths(inputs, tmp_path / "local.db")
    distributed = ingest_spark(inputs, tmp_path / "spark.db", work_dir=tmp_path / "work")

    samples = sum(1 for f in (ROOT / "samples").iterdir() if not f.name.startswith("."))
    assert local.added == ARTICLES + samples and local.events > 500
    assert (distributed.added, distributed.events, distributed.statistics) == (
        local.added, local.events, local.statistics)
    assert sorted(map(str, distributed.rejected)) == sorted(map(str, local.rejected))
    expected, got = store_snapshot(tmp_path / "local.db"), store_snapshot(tmp_path / "spark.db")
    assert snapshot_differences(expected, got) == []
    assert expected == got
    # the events Parquet holds one row per event, the fields of the JSON contract
    events = pq.read_table(tmp_path / "work" / "events")
    assert events.num_rows == local.events
    assert {"id", "type", "modality", "source", "location", "quantities", "evidence"} <= set(
        events.column_names)
    again = ingest_spark(inputs, tmp_path / "spark.db")
    assert (again.added, again.skipped) == (0, local.added)


@pytest.mark.slow
def test_scale_spark_reads_parquet_records(spark: Any, corpus: Path, tmp_path: Path) -> None:
    from detente.scale.spark import ingest_spark

    records = combined_records(40)
    parquet = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pylist(records), parquet)
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest_paths([str(jsonl)], tmp_path / "local.db")
    report = ingest_spark([str(parquet)], tmp_path / "spark.db")

    assert report.added == 40 and not report.rejected
    expected, got = store_snapshot(tmp_path / "local.db"), store_snapshot(tmp_path / "spark.db")
    for table in ("events", "event_actors", "statistics"):
        assert got[table] == expected[table]
    path = 7  # articles: seq, id, title, text, date, source, url, path, ...
    assert [row[path] for row in got["articles"]][:2] == [f"{parquet}:1", f"{parquet}:2"]
    assert [r[:path] + r[path + 1:] for r in got["articles"]] == [
        r[:path] + r[path + 1:] for r in expected["articles"]]


def test_scale_spark_records_rebuild_events(talks_extraction: Extraction) -> None:
    for event in talks_extraction.events:
        assert event_from_record(json.loads(event.to_json())) == event
    for statistic in talks_extraction.statistics:
        assert statistic_from_record(statistic.to_dict()) == statistic
