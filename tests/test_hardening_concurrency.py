"""Two ``detente ingest`` processes at once into one store serialise safely, and a reader
polling meanwhile never sees an article without its events."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from test_hardening_support import DETENTE, contents, write_articles

from detente.pipeline import ingest_paths

pytestmark = pytest.mark.slow

PER_FOLDER = 60


def ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(DETENTE), "ingest", str(folder), "--db", str(db), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Reader(threading.Thread):
    """Polls the store read-only, recording each article's event count as it was seen."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.seen: dict[str, set[int]] = {}
        self.polls = 0
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.poll()
            except sqlite3.OperationalError as exc:  # the store is not created yet
                if "no such table" not in str(exc) and "unable to open" not in str(exc):
                    self.errors.append(str(exc))
            time.sleep(0.02)

    def poll(self) -> None:
        if not self.db.exists():
            return
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute(
                "SELECT a.id, (SELECT count(*) FROM events e WHERE e.article_id = a.id) "
                "FROM articles a").fetchall()
        finally:
            conn.close()
        for article, events in rows:
            self.seen.setdefault(article, set()).add(events)
        self.polls += 1


def one_line_failure(process: subprocess.Popen[str], stderr: str) -> None:
    """A process that failed did so with one clear line, not a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("detente: "), stderr
    assert "locked" in lines[0] or "busy" in lines[0], stderr


@pytest.mark.parametrize("overlap", [False, True], ids=["different-files", "same-files"])
def test_hardening_two_ingests_at_once_serialise(tmp_path: Path, overlap: bool) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_articles(first, PER_FOLDER, seed=1)
    if overlap:
        second = first
    else:
        write_articles(second, PER_FOLDER, seed=2)
        for path in second.iterdir():  # distinct names and numbers: distinct articles
            path.write_text(path.read_text("utf-8") + "Filed from the second desk.\n", "utf-8")
    db = tmp_path / "shared.db"
    reader = Reader(db)
    reader.start()
    runs = [ingest(first, db), ingest(second, db)]
    outputs = [run.communicate(timeout=300) for run in runs]
    reader.stop.set()
    reader.join(timeout=10)

    codes = [run.returncode for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        if run.returncode != 0:
            one_line_failure(run, stderr)
        else:
            assert stderr.strip() == "", stderr
    assert 0 in codes, outputs
    print(f"\nexit codes {codes}; reader polls {reader.polls}")

    # the store is whole: every article of a successful run, each once, with all its events
    final = contents(db)
    assert final.integrity == "ok"
    expected = PER_FOLDER if overlap or codes.count(0) == 1 else 2 * PER_FOLDER
    assert len(final.articles) == len(set(final.articles)) == expected
    reference = tmp_path / "reference.db"
    succeeded = [folder for folder, code in zip((first, second), codes, strict=True) if not code]
    report = ingest_paths(sorted({str(folder) for folder in succeeded}), reference)
    assert not report.rejected
    want = contents(reference)
    assert final.events == want.events

    # the reader never saw an article before all its events were there
    assert reader.errors == []
    assert reader.polls > 0 and reader.seen
    final_counts = {article: len(events) for article, events in final.events.items()}
    torn = {a: sorted(seen) for a, seen in reader.seen.items() if seen != {final_counts[a]}}
    assert torn == {}, f"articles seen without all their events: {list(torn.items())[:5]}"
