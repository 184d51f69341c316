"""Each bad input gives one InputError naming it, and the rest still goes in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest import iter_articles
from detente.model import Article


def only_error(path: Path, **kwargs: object) -> InputError:
    [result] = list(iter_articles([str(path)], **kwargs))  # type: ignore[arg-type]
    assert isinstance(result, InputError), result
    assert result.name == str(path)
    assert "\n" not in str(result)
    return result


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n", "empty file"),
        ("nul.txt", b"Talks\x00\x01\x02", "binary file"),
        ("controls.txt", bytes(range(1, 9)) * 20, "binary data"),
        ("latin1.txt", "Talks in Zürich".encode("latin-1"), "not UTF-8"),
        ("utf16.txt", "Talks".encode("utf-16"), "UTF-16"),
        ("report.pdf", b"%PDF-1.4", "unsupported format '.pdf'"),
        ("README", b"Talks", "unsupported format (no file extension)"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("nothing.md", b"# Only a title\n", "no text left"),
        ("menu.html", b"<html><body></body></html>", "no article text"),
        ("notext.csv", b"id,title\n1,Talks\n", "no 'text' column"),
    ],
)
def test_ingest_bad_file_gives_one_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in only_error(path).reason


def test_ingest_missing_file_is_an_error(tmp_path: Path) -> None:
    assert only_error(tmp_path / "gone.txt").reason == "no such file"


def test_ingest_file_over_the_size_limit_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Talks resumed. " * 100)
    assert "file too large" in only_error(path, max_bytes=1000).reason


def test_ingest_bad_records_name_the_line_and_the_rest_goes_in(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Talks began in Riyadh."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No body"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Talks ended without a deal."}),
    ]))
    results = list(iter_articles([str(path)]))
    errors = {r.name: r.reason for r in results if isinstance(r, InputError)}
    assert errors == {
        f"{path}:2": "bad JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3": "record is a JSON array, not an object",
        f"{path}:4": "missing required field 'text'",
        f"{path}:5": "field 'text' must be a string, not number",
        f"{path}:6": "empty text",
    }
    assert [r.text for r in results if isinstance(r, Article)] == [
        "Talks began in Riyadh.", "Talks ended without a deal."
    ]


def test_ingest_bad_csv_row_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("text,date\nTalks began.,2025-05-16\nextra,field,here\nTalks ended.,\n")
    results = list(iter_articles([str(path)]))
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert isinstance(results[1], InputError) and results[1].name == f"{path}:3"


def test_ingest_batch_continues_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("Talks began in Istanbul.")
    (tmp_path / "2.txt").write_bytes(b"\xff\xfe\x00\x00")
    (tmp_path / "3.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "4.txt").write_text("")
    (tmp_path / "5.md").write_text("Talks *ended* in Istanbul.")
    results = list(iter_articles([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert [r.text for r in results if isinstance(r, Article)] == [
        "Talks began in Istanbul.", "Talks ended in Istanbul."
    ]
    assert [Path(r.name).name for r in results if isinstance(r, InputError)] == [
        "2.txt", "3.docx", "4.txt", "missing.txt"
    ]


def test_ingest_invalid_date_keeps_the_article_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "2025-05-16_dated.jsonl"
    path.write_text(json.dumps({"text": "Talks resumed.", "date": "next spring"}))
    [article] = list(iter_articles([str(path)]))
    assert isinstance(article, Article)
    assert article.date is None
    assert article.metadata["warnings"] == ["invalid date 'next spring' ignored; date left empty"]
