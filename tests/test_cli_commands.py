"""The command line as users run it: exit codes, formats, one-line errors, idempotent ingest."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from detente.cli import main

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures" / "cli"


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("detente").joinpath("schema/event.schema.json").read_text()
    return json.loads(text)


def bad_inputs(folder: Path) -> list[Path]:
    files = {
        "empty.txt": b"",
        "blob.txt": b"abc\x00\x01\x02\x03binary",
        "latin1.txt": "caf\u00e9 au lait".encode("latin-1"),
        "report.pdf": b"%PDF-1.4\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def test_cli_extract_jsonl_matches_schema(capsys: pytest.CaptureFixture[str], schema: dict) -> None:
    assert main(["extract", str(FIXTURES), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    events = [json.loads(line) for line in lines]
    assert {e["type"] for e in events} >= {"CONSULT", "AGREE", "ASSAULT", "THREATEN"}
    for event in events:
        jsonschema.validate(event, schema)
    assert {"rec-1", "rec-2"} <= {e["article_id"] for e in events}


def test_cli_extract_reads_stdin(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = "Poland expelled three Belarusian diplomats on Monday."
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["extract", "-", "--format", "jsonl"]) == 0
    [event] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert event["type"] == "SANCTION" and event["mode"] == "expel"


def test_cli_extract_vague_amounts_in_csv_and_table(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Police detained a courier and several drivers in Odesa on Monday."
    for fmt in ("csv", "table"):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert main(["extract", "-", "--format", fmt]) == 0
        out = capsys.readouterr().out
        if fmt == "csv":
            [row] = list(csv.DictReader(io.StringIO(out)))
            assert row["quantities.persons"] == ""
            assert row["quantities.qualifiers.persons"] == "several"
            assert row["quantities.minimums.persons"] == "4"
        else:
            assert "p>=4" in out


def test_cli_bad_inputs_named_one_line_each_rest_goes_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_inputs(tmp_path)
    db = tmp_path / "store.db"
    code = main(["ingest", str(FIXTURES), *map(str, bad), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    rejected = [line for line in err.splitlines() if line.startswith("detente: rejected")]
    assert len(rejected) == len(bad)
    for path in bad:
        assert sum(str(path) in line for line in rejected) == 1
    assert "Traceback" not in err
    assert main(["summary", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("3 articles")


def test_cli_ingest_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.db"
    assert main(["ingest", str(FIXTURES), "--db", str(db)]) == 0
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    first = capsys.readouterr().out
    assert main(["ingest", str(FIXTURES), "--db", str(db)]) == 0
    assert "0 articles added, 3 already stored" in capsys.readouterr().err
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == first


def test_cli_events_filters_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.db"
    main(["ingest", str(FIXTURES), "--db", str(db), "--quiet"])
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--type", "assault", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["type"] for r in rows} == {"ASSAULT"}
    assert rows[0]["quantities.killed"] == "2"
    assert rows[0]["location.admin1"] == "Kherson Oblast"


def test_cli_export_parquet(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db, out = tmp_path / "store.db", tmp_path / "events.parquet"
    main(["ingest", str(FIXTURES), "--db", str(db), "--quiet"])
    assert main(["export", "--db", str(db), "--format", "parquet", "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows > 0 and "type" in table.column_names


def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["events", "--since", "yesterday"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_cli_missing_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "none.db" in err


def test_cli_counts_say_one_article_not_one_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "2025-05-16_talks.txt"
    article.write_text("Russian and Ukrainian negotiators met in Istanbul on Friday.\n",
                       encoding="utf-8")
    db = tmp_path / "store.db"
    assert main(["ingest", str(article), "--db", str(db)]) == 0
    assert capsys.readouterr().err.startswith("1 article added, 0 already stored")
    assert main(["summary", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("1 article, ")
    assert main(["statistics", "--db", str(db), "--format", "table"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(0 statistics)")
