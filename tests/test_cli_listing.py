"""The listing commands as an analyst meets them: fast start, checked codes, newest first,
sortable, background hidden, search in the events' own words, tables that fit the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_listing_support import SWAP, listing_store

from detente.cli import COMMANDS, build_parser, main
from detente.model import Article
from detente.store import Store

HEAVY = ("spacy", "pandas", "pyspark", "pyarrow", "fastapi", "detente.eval.scoring",
         "detente.extract.pipeline")
PROBE = """
import contextlib, io, sys
from detente.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit_:
        code = exit_.code
print(code, ",".join(m for m in {heavy!r} if m in sys.modules))
print(err.getvalue())
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return listing_store(tmp_path / "listing.db")


def run_probe(*arguments: str, cwd: Path) -> tuple[str, str, str]:
    """Run ``detente ARGUMENTS`` in a fresh interpreter: (exit code, heavy modules, stderr)."""
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *arguments],
                          capture_output=True, text=True, check=True, cwd=cwd)
    first, _, stderr = done.stdout.partition("\n")
    code, _, modules = first.partition(" ")
    return code, modules, stderr


def listed(db: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> list[dict]:
    assert main(["events", "--db", str(db), "--format", "jsonl", *flags]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["events"], ["summary"],
                                       ["statistics"], ["events", "--text", "ceasefire"]])
def test_cli_listing_commands_import_nothing_heavy(db: Path, arguments: list[str]) -> None:
    extra = [] if arguments[0].startswith("-") else ["--db", str(db)]
    code, modules, stderr = run_probe(*arguments, *extra, cwd=db.parent)
    assert code in ("0", "None"), stderr
    assert modules == "", f"{arguments} imported {modules}"


def test_cli_ingest_of_stored_files_loads_no_model(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2025-03-14_swap.txt").write_text(SWAP, encoding="utf-8")
    from detente.ingest import iter_articles
    from detente.model import Extraction

    [article] = list(iter_articles([str(folder)]))
    assert isinstance(article, Article)
    with Store.open(tmp_path / "s.db") as store:
        store.add_extractions([Extraction(article)])
    code, modules, stderr = run_probe("ingest", str(folder), "--db", str(tmp_path / "s.db"),
                                      cwd=tmp_path)
    assert code == "0" and "0 articles added, 1 already stored" in stderr
    assert "spacy" not in modules and "detente.extract.pipeline" not in modules


def test_cli_every_command_is_listed_with_its_modules_help() -> None:
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if a.dest == "command"]
    helps = {action.dest: action.help for action in subparsers._choices_actions}
    assert helps == {name: text for name, (_, text) in COMMANDS.items()}


def test_cli_events_newest_first_and_sorted_by_any_column(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dates = [e["date"]["value"] if e["date"] else e["article"]["date"]
             for e in listed(db, capsys)]
    assert dates == sorted(dates, reverse=True)
    killed = [e["quantities"]["killed"] for e in listed(db, capsys, "--sort=-killed")]
    assert killed[:3] == [20, 15, 12] and set(killed[3:]) == {None}
    assert listed(db, capsys, "--sort", "-killed") == listed(db, capsys, "--sort=-killed")
    types = [e["type"] for e in listed(db, capsys, "--sort", "type")]
    assert types == sorted(types)


def test_cli_events_hide_background_unless_asked(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    default = listed(db, capsys)
    everything = listed(db, capsys, "--background")
    assert len(everything) == len(default) + 1
    [old] = [e for e in everything if e["background"]]
    assert old["date"]["value"] == "1932-01-01" and not any(e["background"] for e in default)


def test_cli_events_search_the_events_words_or_the_article(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = listed(db, capsys, "--text", "ceasefire")
    assert [e["type"] for e in own] == ["AGREE"]
    # the strike article mentions a ceasefire in its title only: its events match by article
    whole = listed(db, capsys, "--text", "ceasefire", "--in", "article")
    assert {e["article_id"] for e in whole} == {"a-talks", "a-strike"}


def test_cli_actor_codes_and_names_differ_as_documented(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    by_code = listed(db, capsys, "--actor", "RUS")
    by_name = listed(db, capsys, "--actor", "Russia")
    person = listed(db, capsys, "--actor", "Vladimir Putin")
    assert [e["type"] for e in person] == ["AGREE"]
    assert {e["id"] for e in person} <= {e["id"] for e in by_code}
    assert not {e["id"] for e in person} & {e["id"] for e in by_name}


@pytest.mark.parametrize("flags, names", [
    (["--type", "AGRE"], ["AGREE", "ASSAULT"]),
    (["--actor", "XYZ"], ["IGO:UN", "UKR"]),
    (["--sort=-frob"], ["date", "killed"]),
    (["--modality", "sure"], ["asserted", "negated"]),
])
def test_cli_events_unknown_values_exit_2_listing_valid_ones(
        db: Path, capsys: pytest.CaptureFixture[str], flags: list[str], names: list[str]) -> None:
    try:
        code = main(["events", "--db", str(db), *flags])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    last = capsys.readouterr().err.strip().splitlines()[-1]  # after argparse's usage, if any
    assert code == 2 and all(name in last for name in names), last


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_cli_events_table_fits_the_terminal(db: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["events", "--db", str(db), "--format", "table", "--background"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0].split()[:2] == ["id", "date"] and "evidence" in lines[0]
    if columns >= 120:
        assert lines[0].split() == ["id", "date", "type", "modality", "actors", "place",
                                    "numbers", "content", "evidence"]
    words = " ".join(out.split())
    assert "which killed millions." in words  # evidence wrapped, never cut
    assert "2025-03-14*" in out and "1932-01-01†" in out  # article date / background marked
