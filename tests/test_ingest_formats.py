"""Each input format becomes the right Article."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

import detente.ingest
import detente.store
from detente.errors import InputError
from detente.ingest import iter_articles, reader_for
from detente.model import Article

TALKS = "Envoys met in Doha on Monday to discuss a ceasefire.\nNo agreement was reached."


def articles(*paths: str | Path, **kwargs: object) -> list[Article]:
    results = list(iter_articles([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(r, Article) for r in results), results
    return [r for r in results if isinstance(r, Article)]


def test_ingest_plain_text_is_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TALKS.replace("\n", "\r\n").encode() + b"\r\n")
    [article] = articles(path)
    assert article.text == TALKS + "\n"
    assert article.title is None
    assert article.path == str(path)
    assert article.date is None


def test_ingest_text_extension_is_plain(tmp_path: Path) -> None:
    (tmp_path / "talks.text").write_text(TALKS)
    [article] = articles(tmp_path / "talks.text")
    assert article.text == TALKS


def test_ingest_markdown_strips_markup(tmp_path: Path) -> None:
    source = (
        "# Ceasefire *talks* stall\n\n"
        "Envoys met in **Doha** on Monday, [officials](https://example.org) said.\n\n"
        "![map](map.png)\n\n"
        "## Background\n\n"
        "- Shelling continued near `Kherson`.\n"
        "> \"We are not there yet,\" one _mediator_ said.\n\n"
        "```\nraw line\n```\n"
    )
    (tmp_path / "stall.md").write_text(source)
    [article] = articles(tmp_path / "stall.md")
    assert article.title == "Ceasefire talks stall"
    assert article.text == (
        "Envoys met in Doha on Monday, officials said.\n\n"
        "Background\n\n"
        "Shelling continued near Kherson.\n"
        "\"We are not there yet,\" one mediator said.\n\n"
        "raw line"
    )


def test_ingest_markdown_front_matter_gives_fields(tmp_path: Path) -> None:
    source = "---\ntitle: Talks resume\ndate: 2025-05-16\nauthor: Desk\n---\nEnvoys met again.\n"
    (tmp_path / "resume.markdown").write_text(source)
    [article] = articles(tmp_path / "resume.markdown")
    assert (article.title, article.date, article.text) == (
        "Talks resume", date(2025, 5, 16), "Envoys met again."
    )
    assert article.metadata == {"author": "Desk"}


def test_ingest_html_strips_boilerplate(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Prisoner swap agreed</title>"
        '<meta property="article:published_time" content="2025-05-16T09:00:00Z"></head>'
        "<body><nav>Home | World | Sport | Weather</nav><article><h1>Prisoner swap agreed</h1>"
        "<p>The two governments agreed on Friday to swap 300 prisoners each, mediators said.</p>"
        "<p>The exchange is expected to take place within a week at the border.</p></article>"
        "<footer>Copyright Wire. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "swap.html").write_text(page)
    [article] = articles(tmp_path / "swap.html")
    assert article.title == "Prisoner swap agreed"
    assert article.date == date(2025, 5, 16)
    assert article.text.startswith("The two governments agreed on Friday")
    assert "Home | World" not in article.text and "Copyright" not in article.text


def test_ingest_jsonl_records_keep_unknown_fields(tmp_path: Path) -> None:
    records = [
        {"id": 17, "title": "Talks", "text": TALKS, "date": "2025-05-16", "source": "Wire",
         "url": "https://example.org/1", "lang": "en", "tags": ["talks"]},
        {"text": "Shelling resumed near the front line on Sunday."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    first, second = articles(path)
    assert (first.id, first.title, first.source, first.url) == (
        "17", "Talks", "Wire", "https://example.org/1"
    )
    assert first.date == date(2025, 5, 16)
    assert first.metadata == {"lang": "en", "tags": ["talks"]}
    assert first.path == f"{path}:1"
    assert second.path == f"{path}:2" and second.id.startswith("a")


def test_ingest_ndjson_and_json_lines_extensions(tmp_path: Path) -> None:
    for name in ("a.ndjson", "b.json-lines"):
        (tmp_path / name).write_text(json.dumps({"text": f"Talks resumed ({name})."}))
    assert len(articles(tmp_path / "a.ndjson", tmp_path / "b.json-lines")) == 2


def test_ingest_csv_rows_with_large_fields(tmp_path: Path) -> None:
    long_text = "Delegations met again. " * 10_000  # over the csv module's default field limit
    path = tmp_path / "batch.csv"
    path.write_text(
        "id,title,text,date,desk\n"
        f'x1,Long read,"{long_text}",16/05/2025,world\n'
        ',,"Two lines,\nquoted",,\n'
    )
    first, second = articles(path)
    assert (first.id, first.title, first.date) == ("x1", "Long read", date(2025, 5, 16))
    assert first.text == long_text
    assert first.metadata == {"desk": "world"}
    assert second.text == "Two lines,\nquoted" and second.title is None
    assert second.path == f"{path}:3"


def test_ingest_directory_walk_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second report.")
    (tmp_path / "a.txt").write_text("First report.")
    (tmp_path / "c.md").write_text("Third report.")
    (tmp_path / ".hidden.txt").write_text("Never read.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Never read.")
    texts = [a.text for a in articles(tmp_path)]
    assert texts == ["First report.", "Second report.", "Third report."]


def test_ingest_stdin_plain_text() -> None:
    [article] = articles("-", stdin=io.BytesIO(TALKS.encode()))
    assert (article.text, article.path) == (TALKS, "<stdin>")


def test_ingest_stdin_jsonl_from_text_stream() -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in ("Talks began.", "Talks ended."))
    results = list(iter_articles(["-"], stdin=io.StringIO("  " + lines)))
    assert [r.path for r in results if isinstance(r, Article)] == ["<stdin>:1", "<stdin>:2"]


def test_ingest_stdin_errors_are_named() -> None:
    [error] = list(iter_articles(["-"], stdin=io.BytesIO(b"  \n")))
    assert isinstance(error, InputError) and error.name == "<stdin>"


@pytest.mark.parametrize(
    ("suffix", "reader"),
    [(".txt", "read_plain"), (".TEXT", "read_plain"), (".md", "read_markdown"),
     (".markdown", "read_markdown"), (".html", "read_html"), (".htm", "read_html"),
     (".jsonl", "read_jsonl"), (".ndjson", "read_jsonl"), (".json-lines", "read_jsonl"),
     (".csv", "read_csv"), (".json", None), (".pdf", None), ("", None)],
)
def test_ingest_reader_for_each_extension(suffix: str, reader: str | None) -> None:
    found = reader_for(suffix)
    assert (found.__name__ if found else None) == reader


def test_ingest_single_path_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Talks began.")
    assert len(list(iter_articles(str(tmp_path / "one.txt")))) == 1


@pytest.mark.parametrize("package", [detente.ingest, detente.store])
def test_ingest_and_store_public_names_are_sorted_and_exist(package: ModuleType) -> None:
    assert package.__all__ == sorted(package.__all__)
    assert all(hasattr(package, name) for name in package.__all__)
