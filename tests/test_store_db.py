"""The SQLite store: migrations, idempotent adds, round trips, read-only and WAL readers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.model import Actor, Article, Event, Evidence, Extraction, Quantities
from detente.store import Store
from detente.store.db import migrations


def test_store_open_creates_schema_with_wal_and_foreign_keys(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    for table in ("articles", "events", "event_actors", "statistics"):
        assert store.count(table) == 0


def test_store_migrations_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    for _ in range(3):
        with Store.open(path) as store:
            versions = store.conn.execute("SELECT version FROM schema_migrations").fetchall()
            assert [v for (v,) in versions] == [n for n, _, _ in migrations()]
    assert migrations()[0][:2] == (1, "001_initial.sql")


def test_store_add_extraction_is_idempotent(store: Store, talks_extraction: Extraction) -> None:
    assert store.add_extraction(talks_extraction) is True
    counts = {t: store.count(t) for t in ("articles", "events", "event_actors", "statistics")}
    assert counts == {"articles": 1, "events": 2, "event_actors": 4, "statistics": 1}
    changed = replace(talks_extraction, events=talks_extraction.events[:1])
    assert store.add_extraction(changed) is False
    assert {t: store.count(t) for t in counts} == counts


def test_store_add_extractions_counts_added_and_skipped(
    store: Store, make_extraction: Callable[..., Extraction]
) -> None:
    batch = [make_extraction(f"Envoys met for round {n} of talks.") for n in range(7)]
    assert store.add_extractions(batch[:3], batch_size=2) == (3, 0)
    assert store.add_extractions([*batch, batch[5]], batch_size=2) == (4, 4)
    assert store.count("articles") == 7 and store.count("events") == 7


def test_store_article_id_with_nul_is_found_and_skipped_again(store: Store) -> None:
    # SQLite's json_each cuts text at a NUL: the stored-ids check once missed such an id and
    # the second add failed on the primary key (found by the fuzz test)
    article = Article(text="Russian forces struck Kharkiv.", id="report\x00one")
    assert store.add_extractions([Extraction(article)]) == (1, 0)
    assert store.article_ids(["report\x00one", "report"]) == {"report\x00one"}
    assert store.add_extractions([Extraction(article)]) == (0, 1)
    assert store.count("articles") == 1


def test_store_duplicate_event_ids_keep_the_first(
    store: Store, make_extraction: Callable[..., Extraction]
) -> None:
    extraction = make_extraction("Talks began in Minsk.")
    extraction.events.append(extraction.events[0])
    store.add_extraction(extraction)
    assert store.count("events") == 1


def test_store_event_round_trip_is_equal(store: Store, talks_extraction: Extraction) -> None:
    store.add_extraction(talks_extraction)
    for event in talks_extraction.events:
        assert store.get_event(event.id) == event
    assert store.get_event("e-missing") is None


def test_store_minimal_event_round_trip(store: Store) -> None:
    article = Article(text="Shelling resumed.")
    event = Event(article_id=article.id, type="ASSAULT", evidence=Evidence("", 0, 0))
    store.add_extraction(Extraction(article, [event]))
    assert store.get_event(event.id) == event


def test_store_vague_amount_keeps_its_floor(store: Store) -> None:
    article = Article(text="Police held a courier and several drivers.")
    held = Quantities(qualifiers={"persons": "several"}, minimums={"persons": 4})
    event = Event(article_id=article.id, type="COERCE", mode="arrest",
                  evidence=Evidence("", 0, 0), quantities=held)
    store.add_extraction(Extraction(article, [event]))
    stored = store.get_event(event.id)
    assert stored is not None and stored.quantities.minimums == {"persons": 4}
    assert stored.quantities.persons is None and stored.quantities.least("persons") == 4


def test_store_implied_actor_keeps_its_mark(store: Store) -> None:
    article = Article(text="Teachers rallied in Nairobi.")
    event = Event(article_id=article.id, type="PROTEST", evidence=Evidence("", 0, 0),
                  source=[Actor("Teachers", sector="EDU")],
                  target=[Actor("Kenya", "Kenya", "KEN", implied=True)])
    store.add_extraction(Extraction(article, [event]))
    stored = store.get_event(event.id)
    assert stored is not None and stored.target[0].implied and not stored.source[0].implied
    flags = store.conn.execute("SELECT role, implied FROM event_actors ORDER BY role").fetchall()
    assert [tuple(row) for row in flags] == [("source", 0), ("target", 1)]


def test_store_article_round_trip(store: Store, talks_extraction: Extraction) -> None:
    store.add_extraction(talks_extraction)
    assert store.get_article(talks_extraction.article.id) == talks_extraction.article
    assert store.has_article(talks_extraction.article.id)
    assert not store.has_article("nope")
    assert store.get_article("nope") is None


def test_store_article_ids_reports_stored_ones(
    store: Store, make_extraction: Callable[..., Extraction]
) -> None:
    batch = [make_extraction(f"Talks, day {n}.") for n in range(3)]
    store.add_extractions(batch)
    wanted = [x.article.id for x in batch] + ["unknown", "x' OR 1=1 --"]
    assert store.article_ids(wanted) == {x.article.id for x in batch}
    assert store.article_ids([]) == set()


def test_store_rejects_event_of_another_article(
    store: Store, make_extraction: Callable[..., Extraction]
) -> None:
    first, second = make_extraction("Talks began."), make_extraction("Talks ended.")
    with pytest.raises(StoreError, match="belongs to article"):
        store.add_extraction(Extraction(first.article, second.events))
    assert store.count("articles") == 0


def test_store_failed_batch_rolls_back(
    store: Store, make_extraction: Callable[..., Extraction]
) -> None:
    good, clash = make_extraction("Talks began."), make_extraction("Talks ended.")
    store.add_extraction(good)
    clash.events[0].id = good.events[0].id  # same event id under another article
    with pytest.raises(StoreError, match="write failed"):
        store.add_extractions([make_extraction("Talks paused."), clash])
    assert store.count("articles") == 1


def test_store_count_rejects_unknown_tables(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown table"):
        store.count("articles; DROP TABLE events")


def test_store_readonly_reads_but_never_writes(
    tmp_path: Path, talks_extraction: Extraction
) -> None:
    path = tmp_path / "d.db"
    with Store.open(path) as writer:
        writer.add_extraction(talks_extraction)
    with Store.open(path, readonly=True) as reader:
        assert reader.count("events") == 2
        with pytest.raises(StoreError, match="read-only"):
            reader.add_extraction(talks_extraction)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.conn.execute("DELETE FROM articles")


def test_store_readonly_refuses_missing_or_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.db", readonly=True)
    sqlite3.connect(tmp_path / "empty.db").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a Detente store"):
        Store.open(tmp_path / "empty.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(tmp_path / "junk.db")


READER_SCRIPT = """
import sys
from detente.store import Store
with Store.open(sys.argv[1], readonly=True, busy_timeout_ms=100) as store:
    print(store.count("articles"), store.count("events"))
"""


def test_store_reader_process_reads_during_a_write_transaction(
    store: Store, talks_extraction: Extraction, make_extraction: Callable[..., Extraction]
) -> None:
    store.add_extraction(make_extraction("Talks began in Ankara."))
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        store.conn.execute(
            "INSERT INTO articles (id, text, ingested_at) VALUES ('pending', 'x', 'now')"
        )
        seen = subprocess.run(
            [sys.executable, "-c", READER_SCRIPT, str(store.path)],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout.split()
        assert seen == ["1", "1"]  # the last committed state, without waiting for the writer
        with (
            Store.open(store.path, busy_timeout_ms=50) as second_writer,
            pytest.raises(StoreError, match="write failed.*locked"),
        ):
            second_writer.add_extraction(talks_extraction)
    finally:
        store.conn.execute("ROLLBACK")
    assert store.count("articles") == 1


def test_store_full_text_index_follows_deletes(store: Store, talks_extraction: Extraction) -> None:
    store.add_extraction(talks_extraction)
    match = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert store.conn.execute(match, ("geneva",)).fetchone()[0] == 1
    store.conn.execute("DELETE FROM articles")
    assert store.conn.execute(match, ("geneva",)).fetchone()[0] == 0
    assert store.count("events") == store.count("event_actors") == store.count("statistics") == 0
    store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
