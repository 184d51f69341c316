"""Killing ``detente ingest`` with SIGKILL at random points loses and duplicates nothing.

500 short articles of our own go into one store by a run that is never interrupted, and
into another by runs killed at random points (once early, during start-up or the first
batch, then at random moments after a random number of articles went in), finished by one
run to completion. Both stores must hold the same articles, events and statistics, once each.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from test_hardening_support import DETENTE, contents, write_articles

pytestmark = pytest.mark.slow

ARTICLES = 500
LATE_KILLS = 3


def ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(DETENTE), "ingest", str(folder), "--db", str(db), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored(db: Path) -> int:
    """Articles committed so far (0 while the store does not exist yet)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def kill_after(process: subprocess.Popen[str], db: Path, rng: random.Random,
               target: int | None, extra: float, limit: float = 60) -> str:
    """SIGKILL ``process`` ``extra`` seconds after the store holds ``target`` articles (or
    after ``extra`` seconds when no target); say what the kill hit."""
    deadline = time.monotonic() + limit
    while target is not None and stored(db) < target and process.poll() is None:
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    time.sleep(extra)
    if process.poll() is not None:
        process.communicate()
        return f"finished first (exit {process.returncode}, {stored(db)} stored)"
    before = stored(db)
    process.kill()  # SIGKILL: no cleanup, no rollback by the process itself
    process.communicate()
    return f"killed at {before} stored"


def test_hardening_sigkill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    write_articles(folder, ARTICLES)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)

    reference = tmp_path / "reference.db"
    done = ingest(folder, reference)
    _, errors = done.communicate(timeout=300)
    assert done.returncode == 0, errors

    crashed = tmp_path / "crashed.db"
    hits = [kill_after(ingest(folder, crashed), crashed, rng, None, rng.uniform(0.2, 1.5))]
    for _ in range(LATE_KILLS):
        # Ingest commits 50 articles at a time, a batch every third of a second here: the
        # target leaves at least two batches to go and the kill follows it closely, so a
        # fast machine still kills mid-run instead of watching the run finish.
        target = min(stored(crashed) + rng.randint(1, 60), ARTICLES - 100)
        hits.append(kill_after(ingest(folder, crashed), crashed, rng, target,
                               rng.uniform(0.0, 0.15)))
    final = ingest(folder, crashed)
    _, errors = final.communicate(timeout=300)
    report = f"seed {seed}; kills: {hits}"
    print(f"\n{report}")
    assert final.returncode == 0, f"{report}\n{errors}"
    assert sum(hit.startswith("killed") for hit in hits) >= 3, report
    assert any(0 < int(hit.split()[2]) < ARTICLES for hit in hits if hit.startswith("killed")), \
        report

    want, got = contents(reference), contents(crashed)
    assert got.integrity == "ok"
    assert len(got.articles) == len(set(got.articles)) == ARTICLES, report
    assert got.articles == want.articles, report
    assert got.events == want.events, report  # every event of every article, none twice
    assert got.statistics == want.statistics, report
    assert sum(map(len, want.events.values())) > ARTICLES  # the batch does yield events
