"""Publication dates and stable ids."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from detente.ingest import date_from_filename, iter_articles, parse_date
from detente.model import Article


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-16", date(2025, 5, 16)),
        ("2025-05-16T10:00:00Z", date(2025, 5, 16)),
        ("16/05/2025", date(2025, 5, 16)),
        ("05/06/2025", date(2025, 6, 5)),
        ("20220125", date(2022, 1, 25)),
        (20220125, date(2022, 1, 25)),
        ("16 May 2025", date(2025, 5, 16)),
        ("Fri, 16 May 2025 10:00:00 GMT", date(2025, 5, 16)),
        (datetime(2025, 5, 16, 23, 59), date(2025, 5, 16)),
        ("31/02/2025", None),
        ("soon", None),
        (True, None),
        ("", None),
    ],
)
def test_ingest_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025-05-16_talks.txt", date(2025, 5, 16)),
        ("20220125T090000Z_GB_en_x.txt", date(2022, 1, 25)),
        ("20221325_bad.txt", None),
        ("talks-2025-05-16.txt", None),
        ("202205161.txt", None),
    ],
)
def test_ingest_date_from_filename(name: str, expected: date | None) -> None:
    assert date_from_filename(name) == expected


def read_one(path: Path, default_date: date | None = None) -> Article:
    [article] = list(iter_articles([str(path)], default_date=default_date))
    assert isinstance(article, Article)
    return article


def test_ingest_date_precedence_record_then_filename_then_default(tmp_path: Path) -> None:
    dated = tmp_path / "2025-05-16_talks.jsonl"
    dated.write_text(json.dumps({"text": "Talks.", "date": "2025-05-10"}) + "\n"
                     + json.dumps({"text": "More talks."}))
    [from_record, from_name] = list(iter_articles([str(dated)], default_date=date(2020, 1, 1)))
    assert isinstance(from_record, Article) and isinstance(from_name, Article)
    assert (from_record.date, from_name.date) == (date(2025, 5, 10), date(2025, 5, 16))
    plain = tmp_path / "talks.txt"
    plain.write_text("Talks.")
    assert read_one(plain, default_date=date(2020, 1, 1)).date == date(2020, 1, 1)
    assert read_one(plain).date is None


def test_ingest_ids_are_stable_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "talks.md"
    path.write_text("# Talks\n\nEnvoys met in Cairo.")
    first, second = read_one(path), read_one(path)
    assert first.id == second.id == Article(text="Envoys met in Cairo.", title="Talks").id
    copy = tmp_path / "copy.md"
    copy.write_text(path.read_text())
    assert read_one(copy).id == first.id


def test_ingest_record_id_wins_over_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "wire-42", "text": "Talks."}))
    assert read_one(path).id == "wire-42"
