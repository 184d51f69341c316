"""Linking cost as the store grows: 1x, 2x, 4x the corpus; and a sample of merges to check.

    python bench/link_scaling.py [CORPUS_DIR] [--db PATH] [--sizes 1,2,4] [--sample 20]

Reads ../shared/corpus/articles (skips cleanly when it is absent). The first run ingests
the corpus into --db with the real pipeline; later runs reuse it. Each size k is a copy
of that store plus k-1 synthetic copies of every article and event, re-identified and
shifted 1,000 days per copy, so the copies are new events rather than duplicates. Prints
mentions -> stories, candidate pairs and seconds per size, then --sample random merges
(both evidence texts) from the 1x store for checking by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
DEFAULT_DB = Path(tempfile.gettempdir()) / "detente-link-bench.db"
SHIFT_DAYS = 1000

_COPY_ARTICLES = """
INSERT INTO articles (id, title, text, date, source, url, path, metadata, extraction_error,
                      ingested_at)
SELECT id || ?, title, text, date(date, ?), source, url, path, metadata, extraction_error,
       ingested_at
FROM articles WHERE id NOT LIKE '%\\_c%' ESCAPE '\\'
"""
_COPY_ACTORS = """
INSERT INTO event_actors (event_id, role, position, text, name, code, sector)
SELECT event_id || ?, role, position, text, name, code, sector FROM event_actors
WHERE event_id NOT LIKE '%\\_c%' ESCAPE '\\'
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--db", default=str(DEFAULT_DB), help="the 1x store (made if missing)")
    parser.add_argument("--sizes", default="1,2,4", help="corpus multiples to time")
    parser.add_argument("--sample", type=int, default=20, help="random merges to print")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skip: corpus not found at {corpus}")
        return 0
    base = Path(args.db)
    if not base.exists():
        _ingest(corpus, base)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            _time_size(base, Path(work) / f"x{size}.db", size)
    _print_sample(base, args.sample, args.seed)
    return 0


def _ingest(corpus: Path, db: Path) -> None:
    from detente.pipeline import ingest_paths

    started = time.perf_counter()
    report = ingest_paths([str(corpus)], db)
    print(f"ingested {report.added} articles, {report.events} events into {db} "
          f"in {time.perf_counter() - started:.1f}s")


def _time_size(base: Path, path: Path, size: int) -> None:
    from detente.link import link_store
    from detente.store import Store

    shutil.copyfile(base, path)
    with Store.open(path) as store:
        _clear_links(store.conn)
        for copy in range(1, size):
            _add_copy(store.conn, copy)
        report = link_store(store)
    per_k = report.seconds / max(report.mentions, 1) * 1000
    print(f"{size}x: {report.mentions} mentions -> {report.stories} stories "
          f"({report.linked_stories} linked), {report.pairs_compared} pairs, "
          f"{report.commitments} commitments; {report.seconds:.2f}s "
          f"({per_k:.3f}s per 1,000 mentions)")


def _clear_links(conn: sqlite3.Connection) -> None:
    from detente.store.db import quote_identifier

    for table in ("commitment_evidence", "commitments", "story_mentions", "stories",
                  "link_history", "link_splits"):
        conn.execute(f"DELETE FROM {quote_identifier(table)}")


def _add_copy(conn: sqlite3.Connection, copy: int) -> None:
    suffix, shift = f"_c{copy}", f"+{copy * SHIFT_DAYS} days"
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(_COPY_ARTICLES, (suffix, shift))
    conn.execute(_copy_events_sql(conn), (suffix, suffix, shift))
    conn.execute(_COPY_ACTORS, (suffix,))
    conn.execute("COMMIT")


def _copy_events_sql(conn: sqlite3.Connection) -> str:
    """Copy every event column (whatever migrations added), re-identified and shifted."""
    changed = {"id": "id || ?", "article_id": "article_id || ?",
               "date_value": "CASE WHEN date_value IS NULL THEN NULL ELSE date(date_value, ?) END"}
    columns = [row[1] for row in conn.execute("PRAGMA table_info(events)")]
    values = ", ".join(changed.get(c, c) for c in columns)
    return (f"INSERT INTO events ({', '.join(columns)}) SELECT {values} FROM events "
            "WHERE id NOT LIKE '%\\_c%' ESCAPE '\\'")


def _print_sample(db: Path, count: int, seed: int) -> None:
    from detente.link import link_store
    from detente.store import Store

    with Store.open(db) as store:
        link_store(store)
        rows = store.conn.execute(
            "SELECT story_id, event_ids, score, reason FROM link_history WHERE action = 'merge' "
            "ORDER BY seq").fetchall()
        picked = random.Random(seed).sample(rows, min(count, len(rows)))
        print(f"\n{len(rows)} merges in the 1x store; {len(picked)} at random:")
        for number, row in enumerate(picked, 1):
            print(f"\n#{number} story {row['story_id']} score {row['score']}: {row['reason']}")
            for event_id in json.loads(row["event_ids"]):
                _print_event(store.conn, event_id)


def _print_event(conn: sqlite3.Connection, event_id: str) -> None:
    row = conn.execute(
        "SELECT e.id, e.type, e.mode, e.date_value, a.date, a.path, e.killed, e.persons, "
        "e.location_name, e.evidence_text FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        return
    name = Path(row["path"] or "").name
    print(f"  {row['id']} {row['type']}:{row['mode'] or ''} day={row['date_value']} "
          f"article={row['date']} {name} killed={row['killed']} persons={row['persons']} "
          f"place={row['location_name']}\n    {' '.join(row['evidence_text'].split())[:300]}")


if __name__ == "__main__":
    sys.exit(main())
