"""Compare two stores' ingested content: what "the same results" means for scaled runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from detente.store import Store
from detente.store.db import quote_identifier

# Tables an ingest writes, each with the columns that order its rows.
INGESTED: dict[str, str] = {
    "articles": "seq",
    "events": "id",
    "event_actors": "event_id, role, position",
    "statistics": "id",
}
_VOLATILE = frozenset({"ingested_at"})  # when a row was written, not what it says


def store_snapshot(db: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every ingested row of every ingest table (without write times), in a fixed order;
    two stores with equal snapshots hold the same articles, in the same order, with the
    same events, actors and statistics."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    with Store.open(db, readonly=True) as store:
        for table, order in INGESTED.items():
            cursor = store.conn.execute(f"SELECT * FROM {quote_identifier(table)} ORDER BY {order}")
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in _VOLATILE]
            snapshot[table] = [tuple(row[i] for i in keep) for row in cursor]
    return snapshot


def snapshot_differences(left: dict[str, list[tuple[Any, ...]]],
                         right: dict[str, list[tuple[Any, ...]]], limit: int = 5) -> list[str]:
    """Human-readable differences between two snapshots (empty when they are equal)."""
    found: list[str] = []
    for table in INGESTED:
        a, b = left.get(table, []), right.get(table, [])
        if len(a) != len(b):
            found.append(f"{table}: {len(a)} rows vs {len(b)}")
        found += [f"{table}: {x!r} != {y!r}" for x, y in zip(a, b, strict=False) if x != y][:limit]
    return found
